/*
** cg_select.c: SELECT code generation: FROM items (tables, views and
** subqueries materialized into ephemeral tables), result lists, WHERE
** loops (plan.c), DISTINCT, ORDER BY (sorter), LIMIT/OFFSET, aggregates
** with and without GROUP BY, HAVING, and the row destinations (SRT_*).
**
** Invariants:
**   1. The ORDER BY sorter record is [keys..., sequence, results...]; the
**      sequence number keeps equal keys in production order (stable sort).
**   2. A GROUP BY sorter record is [group keys..., sequence, captured
**      columns...]; the aggregate pass reads only from the pseudo-cursor.
**   3. Bare columns of an aggregate query take their value from the row of
**      the only min()/max() aggregate when there is exactly one, otherwise
**      from the first row of the group (what SQLite 3.40 produces).
**   4. Recursion through subqueries is bounded by Cg.nestDepth.
*/
#include "cg.h"
#include "plan.h"
#include <stdio.h>

#define AGG_MODE_LOOP 0      /* evaluating against the table cursors */
#define AGG_MODE_SORTER 1    /* evaluating against the GROUP BY pseudo-cursor */
#define AGG_MODE_OUTPUT 2    /* evaluating results of a finished group */
#define SEL_MAX_NEST 60      /* nested subqueries */

typedef struct AggFunc {
  Window *pWin;              /* window calls: the effective window */
  Expr *pExpr;               /* the call */
  FuncDef *pDef;             /* the function */
  int regAcc;                /* accumulator */
  int iDistinct;             /* ephemeral index for f(DISTINCT x), -1 */
} AggFunc;

typedef struct AggCol {
  int iSrc, iCol;            /* FROM item and column (-1 rowid) */
  int regCopy;               /* the captured value (output phase) */
} AggCol;

struct AggInfo {
  NameCtx *pNc;              /* the query's scope */
  int eMode;                 /* AGG_MODE_* */
  int nFunc, nFuncAlloc;
  AggFunc *aFunc;
  int nCol, nColAlloc;
  AggCol *aCol;
  int nGroupBy;              /* GROUP BY terms */
  int iPseudo;               /* pseudo-cursor over sorter records */
  int regRow;                /* > 0: the record's fields are in registers instead */
  int iMinMax;               /* index of the only min/max aggregate, -1 */
  int regBest;               /* its running best value */
};

/* Per-SELECT state. */
typedef struct SelInfo {
  Select *p;
  SelectDest *pDest;
  NameCtx nc;
  ExprList *pEList;          /* result list after * expansion */
  int regLimit, regOffset;   /* 0 when absent */
  int regKeep;               /* limit + offset for the ORDER BY sorter (-1: all); 0: no LIMIT */
  int iDistinct;             /* ephemeral index for DISTINCT, -1 */
  int addrDistinct;          /* its OpenEphemeral (dropped for ordered DISTINCT) */
  int regDistPrev;           /* ordered DISTINCT: previous row (n registers), 0 if unused */
  int regDistHave;           /* ordered DISTINCT: 1 once a row was output */
  KeyInfo *pDistKey;         /* ordered DISTINCT: collations for the comparison */
  int iSorter;               /* ORDER BY sorter cursor, -1 */
  int nOrderBy;              /* ORDER BY terms when sorting */
  int *aiOrderRes;           /* ORDER BY term -> result index, -1 = expression */
  int lblEnd;                /* end of the SELECT */
} SelInfo;

/* ---- aggregate bookkeeping ---------------------------------------------------- */

static int agg_grow(Cg *pCg, void **pa, int *pnAlloc, int n, size_t sz) {
  if (n < *pnAlloc) return 1;
  int nNew = *pnAlloc ? *pnAlloc * 2 : 8;
  void *aNew = ast_arena_alloc(pCg->pArena, sz * (u64)nNew);
  if (aNew == NULL) return 0;
  if (*pa) memcpy(aNew, *pa, sz * (size_t)n);
  *pa = aNew;
  *pnAlloc = nNew;
  return 1;
}

static int agg_find_col(AggInfo *pAgg, int iSrc, int iCol) {
  for (int k = 0; k < pAgg->nCol; k++) {
    if (pAgg->aCol[k].iSrc == iSrc && pAgg->aCol[k].iCol == iCol) return k;
  }
  return -1;
}

static void agg_collect_in(Cg *pCg, AggInfo *pAgg, Expr *p, Select *pSub);

/* Does every column that aggregate argument p reads belong to this query
** (pAgg's FROM items) rather than to subquery pSub? Then SQLite computes
** the aggregate in this query: (SELECT count(t1.x)) over t1 counts t1's
** rows. Names are judged by their table qualifier, or by pSub having no
** FROM clause; anything else stays with the subquery. nCol counts them. */
static int agg_args_outer(Cg *pCg, AggInfo *pAgg, Expr *p, Select *pSub, int *pnCol) {
  if (p == NULL) return 1;
  if (p->pSelect) return 0;
  if (p->op == EXPR_COLUMN) {
    int bFrom = pSub->pSrc && pSub->pSrc->nSrc > 0;
    for (int i = 0; bFrom && p->zTab && i < pSub->pSrc->nSrc; i++) {
      const SrcItem *it = &pSub->pSrc->a[i];
      const char *zName = it->zAlias ? it->zAlias : it->zName;
      if (zName && str_icmp(zName, p->zTab) == 0) return 0;
    }
    if (bFrom && p->zTab == NULL) return 0;
    NameCtx *pF;
    int iSrc, iCol;
    if (!resolve_in_scope(pCg, pAgg->pNc, p, &pF, &iSrc, &iCol) || pF != pAgg->pNc) return 0;
    ++*pnCol;
    return 1;
  }
  if (!agg_args_outer(pCg, pAgg, p->pLeft, pSub, pnCol)) return 0;
  if (!agg_args_outer(pCg, pAgg, p->pRight, pSub, pnCol)) return 0;
  if (!agg_args_outer(pCg, pAgg, p->pExtra, pSub, pnCol)) return 0;
  for (int i = 0; p->pList && i < p->pList->nExpr; i++) {
    if (!agg_args_outer(pCg, pAgg, p->pList->a[i].pExpr, pSub, pnCol)) return 0;
  }
  return 1;
}

static void agg_collect_list_in(Cg *pCg, AggInfo *pAgg, ExprList *pL, Select *pSub) {
  for (int i = 0; pL && i < pL->nExpr; i++) agg_collect_in(pCg, pAgg, pL->a[i].pExpr, pSub);
}

static void agg_collect(Cg *pCg, AggInfo *pAgg, Expr *p) {
  agg_collect_in(pCg, pAgg, p, NULL);
}

static void agg_collect_list(Cg *pCg, AggInfo *pAgg, ExprList *pL) {
  agg_collect_list_in(pCg, pAgg, pL, NULL);
}

static void agg_add_func(Cg *pCg, AggInfo *pAgg, Expr *p) {
  for (int k = 0; k < pAgg->nFunc; k++) {
    if (pAgg->aFunc[k].pExpr == p) return;
  }
  if (!agg_grow(pCg, (void **)&pAgg->aFunc, &pAgg->nFuncAlloc, pAgg->nFunc, sizeof(AggFunc))) {
    return;
  }
  AggFunc *f = &pAgg->aFunc[pAgg->nFunc++];
  f->pExpr = p;
  f->pDef = cg_find_func(pCg->db, p->z, p->pList ? p->pList->nExpr : 0, SQLITE_UTF8, 0);
  f->regAcc = cg_reg(pCg, 1);
  f->iDistinct = -1;
}

/* Records every column of the query's own FROM items and every aggregate.
** pSub: inside that subquery, whose aggregates are its own (min(t.x) in
** "(SELECT min(t.x) FROM t)" is computed by the subquery) unless they read
** only this query's columns (agg_args_outer). */
static void agg_collect_in(Cg *pCg, AggInfo *pAgg, Expr *p, Select *pSub) {
  if (p == NULL) return;
  if (p->op == EXPR_COLUMN) {
    NameCtx *pF;
    int iSrc, iCol;
    if (resolve_in_scope(pCg, pAgg->pNc, p, &pF, &iSrc, &iCol) && pF == pAgg->pNc &&
        agg_find_col(pAgg, iSrc, iCol) < 0 &&
        agg_grow(pCg, (void **)&pAgg->aCol, &pAgg->nColAlloc, pAgg->nCol, sizeof(AggCol))) {
      AggCol *c = &pAgg->aCol[pAgg->nCol++];
      c->iSrc = iSrc;
      c->iCol = iCol;
      c->regCopy = cg_reg(pCg, 1);
    }
    return;
  }
  if (p->op == EXPR_FUNCTION && resolve_is_agg_call(pCg->db, p)) {
    int nCol = 0;
    if (pSub == NULL || (agg_args_outer(pCg, pAgg, p, pSub, &nCol) && nCol > 0)) {
      agg_add_func(pCg, pAgg, p);
    }
  }
  if (p->pSelect) {
    /* correlated references from a subquery: collect its outer columns */
    Select *s = p->pSelect;
    agg_collect_list_in(pCg, pAgg, s->pEList, s);
    agg_collect_in(pCg, pAgg, s->pWhere, s);
  }
  agg_collect_in(pCg, pAgg, p->pLeft, pSub);
  agg_collect_in(pCg, pAgg, p->pRight, pSub);
  agg_collect_in(pCg, pAgg, p->pExtra, pSub);
  agg_collect_list_in(pCg, pAgg, p->pList, pSub);
}

/* Field i of the current GROUP BY / window record. */
static void agg_field(Cg *pCg, AggInfo *pAgg, int i, int target) {
  if (pAgg->regRow > 0) vdbe_add_op2(pCg->v, OP_Copy, pAgg->regRow + i, target);
  else vdbe_add_op3(pCg->v, OP_Column, pAgg->iPseudo, i, target);
}

int agg_column(Cg *pCg, AggInfo *pAgg, int iSrc, int iCol, int target) {
  int k = agg_find_col(pAgg, iSrc, iCol);
  if (k < 0 || pAgg->eMode == AGG_MODE_LOOP) return 0;
  if (pAgg->eMode == AGG_MODE_OUTPUT) {
    vdbe_add_op2(pCg->v, OP_Copy, pAgg->aCol[k].regCopy, target);
  } else {
    agg_field(pCg, pAgg, pAgg->nGroupBy + 1 + k, target);
  }
  return 1;
}

int agg_func_value(Cg *pCg, AggInfo *pAgg, const Expr *p, int target) {
  if (pAgg->eMode != AGG_MODE_OUTPUT && p->pWin == NULL) return 0;
  for (int k = 0; k < pAgg->nFunc; k++) {
    if (pAgg->aFunc[k].pExpr == p) {
      vdbe_add_op2(pCg->v, OP_Copy, pAgg->aFunc[k].regAcc, target);
      return 1;
    }
  }
  return 0;
}

/* The only min()/max() aggregate with one argument, or -1. */
static int agg_find_minmax(AggInfo *pAgg) {
  int iFound = -1;
  for (int k = 0; k < pAgg->nFunc; k++) {
    Expr *p = pAgg->aFunc[k].pExpr;
    if (p->pList && p->pList->nExpr == 1 &&
        (str_icmp(p->z, "min") == 0 || str_icmp(p->z, "max") == 0)) {
      if (iFound >= 0) return -1;
      iFound = k;
    }
  }
  return iFound;
}

/* Copies every captured column into its register (current mode). */
static void agg_capture(Cg *pCg, AggInfo *pAgg) {
  for (int k = 0; k < pAgg->nCol; k++) {
    AggCol *c = &pAgg->aCol[k];
    if (pAgg->eMode == AGG_MODE_SORTER) {
      agg_field(pCg, pAgg, pAgg->nGroupBy + 1 + k, c->regCopy);
    } else {
      cg_column(pCg, &pAgg->pNc->aSrc[c->iSrc], c->iCol, c->regCopy);
    }
  }
}

/* One AggStep per aggregate (args evaluated in the current mode). */
static void agg_step_all(Cg *pCg, AggInfo *pAgg) {
  Vdbe *v = pCg->v;
  NameCtx *pNc = pAgg->pNc;
  for (int k = 0; k < pAgg->nFunc; k++) {
    AggFunc *f = &pAgg->aFunc[k];
    int nArg = f->pExpr->pList ? f->pExpr->pList->nExpr : 0;
    int rArgs = cg_reg(pCg, nArg > 0 ? nArg : 1);
    const char *zColl = NULL;
    for (int i = 0; i < nArg; i++) {
      Expr *e = f->pExpr->pList->a[i].pExpr;
      cg_expr(pCg, pNc, e, rArgs + i);
      if (zColl == NULL) zColl = cg_expr_collname(pCg, pNc, e);
    }
    int lblSkip = vdbe_make_label(v);
    if (f->pExpr->pExtra) cg_if_false(pCg, pNc, f->pExpr->pExtra, lblSkip, 1);   /* FILTER */
    if (f->iDistinct >= 0) {
      int rRec = cg_reg(pCg, 1);
      vdbe_add_op4_int(v, OP_Found, f->iDistinct, lblSkip, rArgs, nArg);
      vdbe_add_op3(v, OP_MakeRecord, rArgs, nArg, rRec);
      vdbe_add_op2(v, OP_IdxInsert, f->iDistinct, rRec);
    }
    if (f->pDef && cg_func_needs_coll(f->pDef)) {
      Coll *pColl = cg_coll(pCg, zColl);
      vdbe_add_op4(v, OP_CollSeq, 0, 0, 0, pColl ? pColl : &value_coll_binary, P4_COLLSEQ);
    }
    vdbe_add_op4(v, OP_AggStep, 0, rArgs, f->regAcc, f->pDef, P4_FUNCDEF);
    vdbe_change_p5(v, nArg);
    vdbe_resolve_label(v, lblSkip);
  }
}

/* min/max bare-column tracking (invariant 3). */
static void agg_track_minmax(Cg *pCg, AggInfo *pAgg) {
  Vdbe *v = pCg->v;
  AggFunc *f = &pAgg->aFunc[pAgg->iMinMax];
  Expr *pArg = f->pExpr->pList->a[0].pExpr;
  int r = cg_expr_new(pCg, pAgg->pNc, pArg);
  int lblSkip = vdbe_make_label(v), lblUpd = vdbe_make_label(v);
  vdbe_add_op2(v, OP_IsNull, r, lblSkip);
  vdbe_add_op2(v, OP_IsNull, pAgg->regBest, lblUpd);
  Coll *pColl = cg_coll(pCg, cg_expr_collname(pCg, pAgg->pNc, pArg));
  int bMax = str_icmp(f->pExpr->z, "max") == 0;
  vdbe_add_op4(v, bMax ? OP_Le : OP_Ge, pAgg->regBest, lblSkip, r, pColl,
               pColl ? P4_COLLSEQ : P4_NOTUSED);
  vdbe_change_p5(v, AFF_BLOB);
  vdbe_resolve_label(v, lblUpd);
  vdbe_add_op2(v, OP_Copy, r, pAgg->regBest);
  agg_capture(pCg, pAgg);
  vdbe_resolve_label(v, lblSkip);
}

static void agg_reset(Cg *pCg, AggInfo *pAgg) {
  for (int k = 0; k < pAgg->nFunc; k++) {
    vdbe_add_op2(pCg->v, OP_Null, 0, pAgg->aFunc[k].regAcc);
    if (pAgg->aFunc[k].iDistinct >= 0) {
      vdbe_add_op1(pCg->v, OP_ResetSorter, pAgg->aFunc[k].iDistinct);
    }
  }
  if (pAgg->iMinMax >= 0) vdbe_add_op2(pCg->v, OP_Null, 0, pAgg->regBest);
}

static void agg_final_all(Cg *pCg, AggInfo *pAgg) {
  for (int k = 0; k < pAgg->nFunc; k++) {
    AggFunc *f = &pAgg->aFunc[k];
    int nArg = f->pExpr->pList ? f->pExpr->pList->nExpr : 0;
    vdbe_add_op4(pCg->v, OP_AggFinal, f->regAcc, nArg, 0, f->pDef, P4_FUNCDEF);
  }
}

/* ---- row output ------------------------------------------------------------------ */

static void sel_dest_row(Cg *pCg, SelInfo *pS, int reg, int n) {
  Vdbe *v = pCg->v;
  SelectDest *d = pS->pDest;
  switch (d->eDest) {
    case SRT_OUTPUT: vdbe_add_op2(v, OP_ResultRow, reg, n); break;
    case SRT_MEM:
      vdbe_add_op2(v, OP_Copy, reg, d->regResult);
      vdbe_add_op2(v, OP_Goto, 0, pS->lblEnd);
      break;
    case SRT_EXISTS:
      vdbe_add_op2(v, OP_Integer, 1, d->regResult);
      vdbe_add_op2(v, OP_Goto, 0, pS->lblEnd);
      break;
    case SRT_SET: {
      int r = cg_reg(pCg, 1);
      /* an equal key replaces the one stored (the b-tree keeps a set), so a
      ** UNION keeps the last of equal rows (3 UNION 3.0 is 3.0), as SQLite */
      if (d->zAffSdst) vdbe_add_op4(v, OP_MakeRecord, reg, n, r, d->zAffSdst, P4_TRANSIENT);
      else vdbe_add_op3(v, OP_MakeRecord, reg, n, r);
      vdbe_add_op2(v, OP_IdxInsert, d->iSDParm, r);
      break;
    }
    case SRT_TABLE: {
      int r = cg_reg(pCg, 2);
      vdbe_add_op3(v, OP_MakeRecord, reg, n, r);
      vdbe_add_op2(v, OP_NewRowid, d->iSDParm, r + 1);
      vdbe_add_op3(v, OP_Insert, d->iSDParm, r, r + 1);
      break;
    }
    case SRT_QUEUE: {
      int r = cg_reg(pCg, 2);
      int lblSkip = vdbe_make_label(v);
      if (d->iDist >= 0) {
        vdbe_add_op4_int(v, OP_Found, d->iDist, lblSkip, reg, n);
        vdbe_add_op3(v, OP_MakeRecord, reg, n, r);
        vdbe_add_op2(v, OP_IdxInsert, d->iDist, r);
      }
      vdbe_add_op3(v, OP_MakeRecord, reg, n, r);
      vdbe_add_op2(v, OP_NewRowid, d->iSDParm, r + 1);
      vdbe_add_op3(v, OP_Insert, d->iSDParm, r, r + 1);
      if (d->regYield) vdbe_add_op1(v, OP_ResetSorter, d->iSDParm2);   /* one row at a time */
      vdbe_add_op2(v, OP_NewRowid, d->iSDParm2, r + 1);
      vdbe_add_op3(v, OP_Insert, d->iSDParm2, r, r + 1);
      if (d->regYield) {   /* position the reader's cursor on the row, then hand it over */
        vdbe_add_op2(v, OP_Rewind, d->iSDParm2, lblSkip);
        vdbe_add_op1(v, OP_Yield, d->regYield);
      }
      if (d->regLimit) vdbe_add_op2(v, OP_DecrJumpZero, d->regLimit, d->lblDone);
      vdbe_resolve_label(v, lblSkip);
      break;
    }
    case SRT_COROUTINE:
      if (d->regResult != reg) vdbe_add_op3(v, OP_Copy, reg, d->regResult, n - 1);
      vdbe_add_op1(v, OP_Yield, d->iSDParm);
      break;
    default: break;
  }
}

/* OFFSET / LIMIT around one output row; lblSkip continues the loop. */
static void sel_limit_row(Cg *pCg, SelInfo *pS, int reg, int n, int lblSkip) {
  Vdbe *v = pCg->v;
  if (pS->regOffset) vdbe_add_op3(v, OP_IfPos, pS->regOffset, lblSkip, 1);
  sel_dest_row(pCg, pS, reg, n);
  if (pS->regLimit) vdbe_add_op2(v, OP_DecrJumpZero, pS->regLimit, pS->lblEnd);
}

/* A finished result row in reg..reg+n-1: DISTINCT, then sorter or output. */
static void sel_output_row(Cg *pCg, SelInfo *pS, int reg, int n, int lblSkip) {
  Vdbe *v = pCg->v;
  if (pS->regDistPrev > 0) {   /* rows arrive sorted: skip repeats of the previous row */
    int addrFirst = vdbe_add_op1(v, OP_IfNot, pS->regDistHave);
    vdbe_add_op4(v, OP_Compare, pS->regDistPrev, reg, n, keyinfo_ref(pS->pDistKey), P4_KEYINFO);
    int lblNew = vdbe_make_label(v);
    vdbe_add_op3(v, OP_Jump, lblNew, lblSkip, lblNew);
    vdbe_resolve_label(v, lblNew);
    vdbe_jump_here(v, addrFirst);
    vdbe_add_op2(v, OP_Integer, 1, pS->regDistHave);
    vdbe_add_op3(v, OP_Copy, reg, pS->regDistPrev, n - 1);
  } else if (pS->iDistinct >= 0) {
    int r = cg_reg(pCg, 1);
    vdbe_add_op4_int(v, OP_Found, pS->iDistinct, lblSkip, reg, n);
    vdbe_add_op3(v, OP_MakeRecord, reg, n, r);
    vdbe_add_op2(v, OP_IdxInsert, pS->iDistinct, r);
  }
  if (pS->iSorter < 0) {
    sel_limit_row(pCg, pS, reg, n, lblSkip);
    return;
  }
  int nKey = pS->nOrderBy;
  int rRec = cg_reg(pCg, nKey + 1 + n);
  for (int k = 0; k < nKey; k++) {
    int iRes = pS->aiOrderRes[k];
    if (iRes >= 0) vdbe_add_op2(v, OP_Copy, reg + iRes, rRec + k);
    else cg_expr(pCg, &pS->nc, pS->p->pOrderBy->a[k].pExpr, rRec + k);
  }
  vdbe_add_op2(v, OP_Sequence, pS->iSorter, rRec + nKey);
  vdbe_add_op3(v, OP_Copy, reg, rRec + nKey + 1, n - 1);
  int r = cg_reg(pCg, 1);
  vdbe_add_op3(v, OP_MakeRecord, rRec, nKey + 1 + n, r);
  vdbe_add_op2(v, OP_SorterInsert, pS->iSorter, r);
}

/* Evaluates the result list and outputs it. */
static void sel_result_row(Cg *pCg, SelInfo *pS, int lblSkip) {
  int n = pS->pEList->nExpr;
  int reg = cg_reg(pCg, n);
  for (int i = 0; i < n; i++) cg_expr(pCg, &pS->nc, pS->pEList->a[i].pExpr, reg + i);
  sel_output_row(pCg, pS, reg, n, lblSkip);
}

/* The ORDER BY sorter's output loop. */
static void sel_sorter_output(Cg *pCg, SelInfo *pS) {
  Vdbe *v = pCg->v;
  int n = pS->pEList->nExpr;
  int nKey = pS->nOrderBy;
  int iPseudo = cg_cursor(pCg);
  int rRec = cg_reg(pCg, 1);
  int reg = cg_reg(pCg, n);
  int lblDone = vdbe_make_label(v);
  vdbe_add_op3(v, OP_OpenPseudo, iPseudo, rRec, nKey + 1 + n);
  vdbe_add_op2(v, OP_SorterSort, pS->iSorter, lblDone);
  int addrTop = vdbe_current_addr(v);
  int lblNext = vdbe_make_label(v);
  vdbe_add_op3(v, OP_SorterData, pS->iSorter, rRec, iPseudo);
  for (int i = 0; i < n; i++) vdbe_add_op3(v, OP_Column, iPseudo, nKey + 1 + i, reg + i);
  sel_limit_row(pCg, pS, reg, n, lblNext);
  vdbe_resolve_label(v, lblNext);
  vdbe_add_op2(v, OP_SorterNext, pS->iSorter, addrTop);
  vdbe_resolve_label(v, lblDone);
}

/* ---- FROM clause ---------------------------------------------------------------- */

static const char *sel_member_name(Cg *pCg, Select *pFirst, int i);

/* A Table shaped like the result of the subquery whose leftmost member is
** pFirst (already compiled, so its "*" is expanded): n columns. */
static Table *sel_subquery_table(Cg *pCg, Select *pFirst, int n, const char *zName) {
  Table *pTab = ast_arena_alloc(pCg->pArena, sizeof(Table));
  if (pTab == NULL) return NULL;
  pTab->zName = zName ? zName : "";
  pTab->iPKey = -1;
  pTab->nCol = n;
  pTab->aCol = ast_arena_alloc(pCg->pArena, sizeof(Column) * (u64)(n + 1));
  if (pTab->aCol == NULL) return NULL;
  for (int i = 0; i < n; i++) {
    pTab->aCol[i].zName = sel_member_name(pCg, pFirst, i);
    if (pFirst->pEList && i < pFirst->pEList->nExpr) {
      pTab->aCol[i].affinity = cg_expr_affinity(pCg, NULL, pFirst->pEList->a[i].pExpr);
    }
  }
  return pTab;
}

/* Materializes a subquery (or view body) into an ephemeral table. */
static int sel_from_subquery(Cg *pCg, SrcTerm *pSrc, Select *pSub, const char *zName,
                             NameCtx *pOuter) {
  pSrc->iCursor = cg_cursor(pCg);
  pSrc->bEphem = 1;
  int n = cg_select_ncol(pCg, pSub, pOuter);
  if (n <= 0) return pCg->rc ? pCg->rc : SQLITE_ERROR;
  vdbe_add_op2(pCg->v, OP_OpenEphemeral, pSrc->iCursor, n);
  SelectDest dest = {.eDest = SRT_TABLE, .iSDParm = pSrc->iCursor, .nResult = n};
  int iParent = pCg->iSelectId;
  if (pCg->bExplainQp && zName) {   /* SQLite runs such a subquery as a co-routine */
    char *z = cg_mprintf("CO-ROUTINE %s", zName);
    pCg->iSelectId = vdbe_add_explain(pCg->v, iParent, z ? z : "CO-ROUTINE");
    mem_free(z);
  }
  cg_select(pCg, pSub, &dest, pOuter);
  pCg->iSelectId = iParent;
  if (pCg->rc) return pCg->rc;
  Select *pFirst = pSub;
  while (pFirst->pPrior) pFirst = pFirst->pPrior;
  pSrc->pTab = sel_subquery_table(pCg, pFirst, n, zName);
  pSrc->pSubCols = pFirst->pEList;
  return pSrc->pTab ? SQLITE_OK : SQLITE_NOMEM;
}

/* ---- common table expressions -------------------------------------------- */

/* Does member p read the CTE zName directly in its FROM clause? */
static int sel_refers_to(Select *p, const char *zName) {
  for (int i = 0; p->pSrc && i < p->pSrc->nSrc; i++) {
    SrcItem *it = &p->pSrc->a[i];
    if (it->zDb == NULL && it->zName && str_icmp(it->zName, zName) == 0) return 1;
  }
  return 0;
}

/* Renames the shape's columns after the CTE's column list. */
static int sel_cte_rename(Cg *pCg, Table *pTab, Cte *pCte) {
  if (pCte->pCols == NULL) return SQLITE_OK;
  if (pCte->pCols->nId != pTab->nCol) {
    cg_error(pCg, "table %s has %d values for %d columns", pCte->zName, pTab->nCol,
             pCte->pCols->nId);
    return pCg->rc;
  }
  for (int i = 0; i < pTab->nCol; i++) pTab->aCol[i].zName = pCte->pCols->azId[i];
  return SQLITE_OK;
}

static int sel_open_eph(Cg *pCg, int n, int bIndex);

/* The column counts of a recursive CTE, checked before any code runs (a
** recursion whose rows have the wrong width would never be caught later):
** the CTE's column list first, then each member against the first. */
static int sel_recursive_shape_check(Cg *pCg, Cte *pCte, Select **apM, int nM, int n) {
  if (pCte->pCols && pCte->pCols->nId != n) {
    cg_error(pCg, "table %s has %d values for %d columns", pCte->zName, n, pCte->pCols->nId);
    return pCg->rc;
  }
  for (int k = nM - 2; k >= 0; k--) {
    ExprList *pL = apM[k]->pEList;
    int bStar = 0;
    for (int i = 0; pL && i < pL->nExpr; i++) bStar |= pL->a[i].pExpr->op == EXPR_STAR;
    if (pL == NULL || bStar || pL->nExpr == n) continue;   /* "*" is checked when compiled */
    static const char *azOp[] = {"", "UNION", "UNION ALL", "INTERSECT", "EXCEPT"};
    int op = apM[k]->op;
    cg_error(pCg, "SELECTs to the left and right of %s do not have the same number of "
             "result columns", (op >= 0 && op <= 4) ? azOp[op] : "UNION");
    return pCg->rc;
  }
  return SQLITE_OK;
}

/* WITH RECURSIVE: anchors fill a queue; each queued row becomes the CTE's
** single current row for one run of the recursive members. With bStream
** the whole recursion is a co-routine that yields each row as it is made
** (the reader's LIMIT can then stop an unbounded recursion, as in SQLite);
** otherwise the rows are materialized into the result table. */
static void sel_recursive_cte(Cg *pCg, SrcTerm *pSrc, Cte *pCte, Select *pBody, CgWith *w,
                              int iCte, int bStream) {
  Vdbe *v = pCg->v;
  Select *apM[256];
  int nM = 0;
  for (Select *q = pBody; q && nM < 256; q = q->pPrior) apM[nM++] = q;
  /* The recursive steps are the rightmost members that read the CTE, joined
  ** by the rightmost's UNION [ALL]; the anchors to their left must not read
  ** it (else, as in SQLite, a circular reference: an anchor run inside the
  ** loop would refill the queue forever). */
  int op0 = apM[0]->op, kAnchor = 0;
  if (op0 == SELECT_UNION || op0 == SELECT_UNION_ALL) {
    while (kAnchor < nM - 1 && apM[kAnchor]->op == op0 && sel_refers_to(apM[kAnchor], pCte->zName)) {
      kAnchor++;
    }
  }
  for (int k = kAnchor; k < nM; k++) {
    if (sel_refers_to(apM[k], pCte->zName)) {
      cg_error(pCg, "circular reference: %s", pCte->zName);
      return;
    }
  }
  int n = cg_select_ncol(pCg, apM[nM - 1], NULL);
  if (n <= 0 || sel_recursive_shape_check(pCg, pCte, apM, nM, n)) return;
  int iResult = sel_open_eph(pCg, n, 0), iQueue = sel_open_eph(pCg, n, 0);
  int iCurrent = sel_open_eph(pCg, n, 0);
  int bDistinct = 0;
  for (int k = 0; k < nM - 1; k++) bDistinct |= apM[k]->op == SELECT_UNION;
  SelectDest d = {.eDest = SRT_QUEUE, .iSDParm = iQueue, .nResult = n, .iSDParm2 = iResult,
                  .iDist = -1, .lblDone = vdbe_make_label(v)};
  if (bDistinct) d.iDist = sel_open_eph(pCg, n, 1);
  int addrInit = -1;
  if (bStream) {
    d.regYield = cg_reg(pCg, 1);
    addrInit = vdbe_current_addr(v);
    vdbe_add_op3(v, OP_InitCoroutine, d.regYield, 0, addrInit + 1);
  }
  if (pBody->pLimit) {
    d.regLimit = cg_expr_new(pCg, NULL, pBody->pLimit);
    vdbe_add_op1(v, OP_MustBeInt, d.regLimit);
    vdbe_add_op2(v, OP_IfNot, d.regLimit, d.lblDone);
  }
  Table *pShape = NULL;
  int addrTop = -1;
  int iParent = pCg->iSelectId, iNode = iParent;
  if (pCg->bExplainQp) {   /* SQLite's EXPLAIN QUERY PLAN tree for a recursive CTE */
    char *z = cg_mprintf("%s %s", bStream ? "CO-ROUTINE" : "MATERIALIZE", pCte->zName);
    iNode = vdbe_add_explain(v, iParent, z ? z : "MATERIALIZE");
    mem_free(z);
    pCg->iSelectId = vdbe_add_explain(v, iNode, "SETUP");
  }
  for (int k = nM - 1; k >= 0 && pCg->rc == SQLITE_OK; k--) {
    Select *pM = apM[k];
    int bRec = sel_refers_to(pM, pCte->zName);
    if (bRec && pShape == NULL && pCg->bExplainQp) {
      pCg->iSelectId = vdbe_add_explain(v, iNode, "RECURSIVE STEP");
    }
    if (bRec && pShape == NULL) {
      pShape = sel_subquery_table(pCg, apM[nM - 1], n, pCte->zName);
      if (pShape == NULL || sel_cte_rename(pCg, pShape, pCte)) return;
      w->mRecur |= (u64)1 << iCte;
      w->aRecurCur[iCte] = iCurrent;
      w->apRecurTab[iCte] = pShape;
      addrTop = vdbe_add_op2(v, OP_Rewind, iQueue, d.lblDone);
      vdbe_add_op1(v, OP_ResetSorter, iCurrent);
      int r = cg_reg(pCg, n + 2);
      for (int i = 0; i < n; i++) vdbe_add_op3(v, OP_Column, iQueue, i, r + i);
      vdbe_add_op3(v, OP_MakeRecord, r, n, r + n);
      vdbe_add_op2(v, OP_NewRowid, iCurrent, r + n + 1);
      vdbe_add_op3(v, OP_Insert, iCurrent, r + n, r + n + 1);
      vdbe_add_op1(v, OP_Delete, iQueue);
    }
    Select *pPrior = pM->pPrior;
    Expr *pLim = pM->pLimit, *pOff = pM->pOffset;
    ExprList *pOB = pM->pOrderBy;
    pM->pPrior = NULL;
    pM->pLimit = pM->pOffset = NULL;
    pM->pOrderBy = NULL;
    cg_select(pCg, pM, &d, NULL);
    pM->pPrior = pPrior;
    pM->pLimit = pLim;
    pM->pOffset = pOff;
    pM->pOrderBy = pOB;
  }
  pCg->iSelectId = iParent;
  if (addrTop >= 0) vdbe_add_op2(v, OP_Goto, 0, addrTop);
  vdbe_resolve_label(v, d.lblDone);
  if (bStream) {
    vdbe_add_op1(v, OP_EndCoroutine, d.regYield);
    vdbe_change_p2(v, addrInit, vdbe_current_addr(v));
    pSrc->regCoroutine = d.regYield;
  }
  w->mRecur &= ~((u64)1 << iCte);
  if (pShape == NULL) {
    pShape = sel_subquery_table(pCg, apM[nM - 1], n, pCte->zName);
    if (pShape == NULL || sel_cte_rename(pCg, pShape, pCte)) return;
  }
  pSrc->iCursor = iResult;
  pSrc->bEphem = 1;
  pSrc->pTab = pShape;
}

/* FROM item naming a CTE in scope: returns 1 if it did (rc in pCg). A CTE
** is recursive when a member reads it, with or without the RECURSIVE
** keyword (SQLite treats the keyword as optional). bStream: the item is
** the only one in its FROM clause, so a recursive CTE may be streamed. */
static int sel_from_cte(Cg *pCg, SrcTerm *pSrc, SrcItem *pItem, int bStream) {
  for (CgWith *w = pCg->pWith; w; w = w->pOuter) {
    for (int i = 0; i < w->pWith->nCte && i < 64; i++) {
      Cte *pCte = &w->pWith->a[i];
      if (str_icmp(pCte->zName, pItem->zName) != 0) continue;
      pSrc->zAlias = pItem->zAlias ? pItem->zAlias : pCte->zName;
      if (w->mRecur & ((u64)1 << i)) {   /* inside its own recursive step */
        pSrc->iCursor = w->aRecurCur[i];
        pSrc->bEphem = 1;
        pSrc->pTab = w->apRecurTab[i];
        return 1;
      }
      if (w->mBusy & ((u64)1 << i)) continue;
      Select *pBody = ast_dup_select(pCg->pArena, pCte->pSelect);
      if (pBody == NULL || pCg->pArena->bOom) {
        cg_error_rc(pCg, SQLITE_NOMEM, NULL);
        return 1;
      }
      w->mBusy |= (u64)1 << i;
      int bRec = 0;
      for (Select *q = pBody; q; q = q->pPrior) {
        bRec |= sel_refers_to(q, pCte->zName);
      }
      if (bRec) {
        sel_recursive_cte(pCg, pSrc, pCte, pBody, w, i, bStream);
      } else if (sel_from_subquery(pCg, pSrc, pBody, pSrc->zAlias, NULL) == SQLITE_OK) {
        sel_cte_rename(pCg, pSrc->pTab, pCte);
      }
      w->mBusy &= ~((u64)1 << i);
      return 1;
    }
  }
  return 0;
}

/* FROM pragma_xxx(args): the pragma's rows, materialized. */
static int sel_from_pragma(Cg *pCg, SrcTerm *pSrc, SrcItem *pItem) {
  int iCur = cg_cursor(pCg);
  int addr = vdbe_add_op2(pCg->v, OP_OpenEphemeral, iCur, 8);
  const char *const *azCol = NULL;
  int nCol = 0;
  if (!cg_pragma_table(pCg, pItem->zName + 7, pItem->pFuncArgs, iCur, &azCol, &nCol)) {
    vdbe_change_to_noop(pCg->v, addr);
    return 0;
  }
  if (pCg->rc) return 1;
  vdbe_change_p2(pCg->v, addr, nCol);
  Table *pTab = ast_arena_alloc(pCg->pArena, sizeof(Table));
  if (pTab) pTab->aCol = ast_arena_alloc(pCg->pArena, sizeof(Column) * (u64)(nCol + 1));
  if (pTab == NULL || pTab->aCol == NULL) {
    cg_error_rc(pCg, SQLITE_NOMEM, NULL);
    return 1;
  }
  pTab->zName = pItem->zName;
  pTab->nCol = nCol;
  pTab->iPKey = -1;
  for (int i = 0; i < nCol; i++) pTab->aCol[i].zName = azCol[i];
  pSrc->pTab = pTab;
  pSrc->iCursor = iCur;
  pSrc->bEphem = 1;
  pSrc->zAlias = pItem->zAlias ? pItem->zAlias : pItem->zName;
  return 1;
}

/* Expansions of one view in the statement being compiled. */
struct CgViewRef {
  Table *pTab;
  u32 n;
  struct CgViewRef *pNext;
};

/* Counts one more expansion of view pTab.  Views nesting views twice each
** grow exponentially; like SQLite, a view expanded 65535 times in one
** statement is an error (this also bounds the compile's time and memory). */
static int sel_view_ref(Cg *pCg, Table *pTab) {
  struct CgViewRef *p = pCg->pViewRefs;
  while (p && p->pTab != pTab) p = p->pNext;
  if (p == NULL) {
    p = ast_arena_alloc(pCg->pArena, sizeof(*p));
    if (p == NULL) {
      cg_error_rc(pCg, SQLITE_NOMEM, NULL);
      return SQLITE_NOMEM;
    }
    p->pTab = pTab;
    p->pNext = pCg->pViewRefs;
    pCg->pViewRefs = p;
  }
  if (p->n >= 0xffff) {
    cg_error(pCg, "too many references to \"%s\": max 65535", pTab->zName);
    return pCg->rc;
  }
  p->n++;
  return SQLITE_OK;
}

static int sel_from_item(Cg *pCg, SrcTerm *pSrc, SrcItem *pItem, NameCtx *pOuter,
                         int bOnly) {
  pSrc->pItem = pItem;
  pSrc->jointype = pItem->jointype;
  pSrc->iIdxCur = -1;
  if (pItem->pNested) {
    cg_error(pCg, "parenthesized joins are not supported yet");
    return pCg->rc;
  }
  if (pItem->pSelect) {
    pSrc->zAlias = pItem->zAlias;
    return sel_from_subquery(pCg, pSrc, pItem->pSelect, pItem->zAlias, pOuter);
  }
  if (pItem->zDb == NULL && pItem->zName && sel_from_cte(pCg, pSrc, pItem, bOnly)) return pCg->rc;
  if (str_nicmp(pItem->zName, "pragma_", 7) == 0 &&
      !schema_find_table(pCg->db, pItem->zDb, pItem->zName) && sel_from_pragma(pCg, pSrc, pItem)) {
    return pCg->rc;
  }
  Table *pTab = cg_locate_table(pCg, pItem->zDb, pItem->zName);
  if (pTab == NULL) return pCg->rc;
  pSrc->zAlias = pItem->zAlias ? pItem->zAlias : pTab->zName;
  if (pTab->eType == TAB_VIEW) {
    if (sel_view_ref(pCg, pTab)) return pCg->rc;
    if (pCg->nestDepth++ > SEL_MAX_NEST) {
      cg_error(pCg, "view %s is circularly defined", pTab->zName);
      return pCg->rc;
    }
    Select *pCopy = ast_dup_select(pCg->pArena, pTab->pSelect);
    if (pCopy == NULL || pCg->pArena->bOom) {   /* a partial copy is unusable */
      pCg->nestDepth--;
      cg_error_rc(pCg, SQLITE_NOMEM, NULL);
      return SQLITE_NOMEM;
    }
    int rc = sel_from_subquery(pCg, pSrc, pCopy, pSrc->zAlias, NULL);
    pCg->nestDepth--;
    return rc;
  }
  pSrc->pTab = pTab;
  pSrc->iCursor = cg_cursor(pCg);
  if (pItem->zIndexedBy && schema_find_index(pCg->db, pItem->zDb, pItem->zIndexedBy) == NULL) {
    cg_error(pCg, "no such index: %s", pItem->zIndexedBy);
  }
  return pCg->rc;
}

/* Adds ON / USING / NATURAL conditions of inner joins to *ppWhere. */
static Expr *sel_and(Cg *pCg, Expr *a, Expr *b) {
  if (a == NULL) return b;
  if (b == NULL) return a;
  Expr *p = ast_arena_alloc(pCg->pArena, sizeof(Expr));
  if (p == NULL) return a;
  p->op = EXPR_AND;
  p->pLeft = a;
  p->pRight = b;
  return p;
}

/* Column zCol of FROM item iSrc, pinned to that item: an unaliased
** subquery has no name to qualify it with. */
static Expr *sel_col_ref(Cg *pCg, int iSrc, const char *zCol) {
  Expr *p = ast_arena_alloc(pCg->pArena, sizeof(Expr));
  if (p) {
    p->op = EXPR_COLUMN;
    p->flags = EXPR_F_SRCPIN;
    p->iValue = iSrc;
    p->z = zCol;
  }
  return p;
}

static Expr *sel_using_eq(Cg *pCg, NameCtx *pNc, int j, const char *zCol) {
  int iLeft = -1;
  for (int k = 0; k < j && iLeft < 0; k++) {
    if (schema_column_index(pNc->aSrc[k].pTab, zCol) >= 0) iLeft = k;
  }
  if (iLeft < 0 || schema_column_index(pNc->aSrc[j].pTab, zCol) < 0) {
    cg_error(pCg, "cannot join using column %s - column not present in both tables", zCol);
    return NULL;
  }
  Expr *p = ast_arena_alloc(pCg->pArena, sizeof(Expr));
  if (p == NULL) return NULL;
  p->op = EXPR_EQ;
  p->pLeft = sel_col_ref(pCg, iLeft, zCol);
  p->pRight = sel_col_ref(pCg, j, zCol);
  return p;
}

static Expr *sel_join_terms(Cg *pCg, NameCtx *pNc, Expr *pWhere) {
  for (int j = 1; j < pNc->nSrc; j++) {
    SrcItem *it = pNc->aSrc[j].pItem;
    if (it == NULL) continue;
    if (it->jointype & JT_RIGHT) {
      cg_error(pCg, "RIGHT and FULL OUTER JOINs are not supported yet");
      return pWhere;
    }
    Expr *pOn = it->pOn;
    if (it->pUsing) {
      for (int k = 0; k < it->pUsing->nId; k++) {
        pOn = sel_and(pCg, pOn, sel_using_eq(pCg, pNc, j, it->pUsing->azId[k]));
      }
    }
    if (it->jointype & JT_NATURAL) {
      Table *pTab = pNc->aSrc[j].pTab;
      for (int c = 0; c < pTab->nCol; c++) {
        for (int k = 0; k < j; k++) {
          if (schema_column_index(pNc->aSrc[k].pTab, pTab->aCol[c].zName) >= 0) {
            pOn = sel_and(pCg, pOn, sel_using_eq(pCg, pNc, j, pTab->aCol[c].zName));
            break;
          }
        }
      }
    }
    if (it->jointype & JT_LEFT) pNc->aSrc[j].pOnLeft = pOn;   /* stays with its level */
    else pWhere = sel_and(pCg, pWhere, pOn);
  }
  return pWhere;
}

static int sel_build_from(Cg *pCg, SelInfo *pS, NameCtx *pOuter) {
  SrcList *pSrc = pS->p->pSrc;
  int n = pSrc ? pSrc->nSrc : 0;
  pS->nc.pOuter = pOuter;
  pS->nc.nSrc = n;
  if (n == 0) return SQLITE_OK;
  if (n > 64) {
    cg_error(pCg, "at most 64 tables in a join");
    return pCg->rc;
  }
  pS->nc.aSrc = ast_arena_alloc(pCg->pArena, sizeof(SrcTerm) * (u64)n);
  if (pS->nc.aSrc == NULL) return SQLITE_NOMEM;
  for (int i = 0; i < n && pCg->rc == SQLITE_OK; i++) {
    int rc = sel_from_item(pCg, &pS->nc.aSrc[i], &pSrc->a[i], pOuter, n == 1);
    if (rc != SQLITE_OK && pCg->rc == SQLITE_OK) cg_error_rc(pCg, rc, NULL);
  }
  return pCg->rc;
}

/* ---- column usage (covering indexes) ------------------------------------------- */

static void sel_mark_list(Cg *pCg, NameCtx *pNc, ExprList *pL);
static void sel_mark_used(Cg *pCg, NameCtx *pNc, Expr *p);

/* Columns a subquery may use from the outer FROM items: every name in it
** is looked up in the outer scope (a superset, so covering-index choices
** stay safe); too deep a nesting marks everything. */
static void sel_mark_select(Cg *pCg, NameCtx *pNc, Select *p, int iDepth) {
  if (iDepth > 30) {
    for (int i = 0; i < pNc->nSrc; i++) pNc->aSrc[i].colUsed = ~(u64)0;
    return;
  }
  for (; p; p = p->pPrior) {
    sel_mark_list(pCg, pNc, p->pEList);
    sel_mark_list(pCg, pNc, p->pGroupBy);
    sel_mark_list(pCg, pNc, p->pOrderBy);
    Expr *apE[] = {p->pWhere, p->pHaving, p->pLimit, p->pOffset};
    for (int k = 0; k < 4; k++) sel_mark_used(pCg, pNc, apE[k]);
    for (int k = 0; p->pValues && k < p->pValues->nRow; k++) {
      sel_mark_list(pCg, pNc, p->pValues->apRow[k]);
    }
    for (int j = 0; p->pSrc && j < p->pSrc->nSrc; j++) {
      sel_mark_used(pCg, pNc, p->pSrc->a[j].pOn);
      if (p->pSrc->a[j].pSelect) sel_mark_select(pCg, pNc, p->pSrc->a[j].pSelect, iDepth + 1);
    }
  }
}

static void sel_mark_used(Cg *pCg, NameCtx *pNc, Expr *p) {
  if (p == NULL) return;
  if (p->op == EXPR_COLUMN) {
    NameCtx *pF;
    int iSrc, iCol;
    if (resolve_in_scope(pCg, pNc, p, &pF, &iSrc, &iCol) && iCol >= 0) {
      pF->aSrc[iSrc].colUsed |= (u64)1 << (iCol < 63 ? iCol : 63);
    }
    return;
  }
  if (p->pSelect) sel_mark_select(pCg, pNc, p->pSelect, 0);
  if (p->pWin) {
    sel_mark_list(pCg, pNc, p->pWin->pPartition);
    sel_mark_list(pCg, pNc, p->pWin->pOrderBy);
  }
  sel_mark_used(pCg, pNc, p->pLeft);
  sel_mark_used(pCg, pNc, p->pRight);
  sel_mark_used(pCg, pNc, p->pExtra);
  for (int i = 0; p->pList && i < p->pList->nExpr; i++) {
    sel_mark_used(pCg, pNc, p->pList->a[i].pExpr);
  }
}

static void sel_mark_list(Cg *pCg, NameCtx *pNc, ExprList *pL) {
  for (int i = 0; pL && i < pL->nExpr; i++) sel_mark_used(pCg, pNc, pL->a[i].pExpr);
}

/* ---- result names ------------------------------------------------------------------ */

/* Names (deduplicated as "x:1") and affinities of the result columns. */
static Table *sel_shape(Cg *pCg, SelInfo *pS) {
  ExprList *pL = pS->pEList;
  Table *pTab = ast_arena_alloc(pCg->pArena, sizeof(Table));
  if (pTab == NULL) return NULL;
  pTab->aCol = ast_arena_alloc(pCg->pArena, sizeof(Column) * (u64)(pL->nExpr + 1));
  if (pTab->aCol == NULL) return NULL;
  pTab->nCol = pL->nExpr;
  pTab->iPKey = -1;
  for (int i = 0; i < pL->nExpr; i++) {
    ExprListItem *it = &pL->a[i];
    const char *z = it->zName;
    if (z == NULL && it->pExpr->op == EXPR_COLUMN) z = it->pExpr->z;
    if (z == NULL) z = it->zSpan ? it->zSpan : cg_expr_text(pCg, it->pExpr);
    for (int k = 1, j = 0; j < i && k < 10000; j++) {
      if (str_icmp(pTab->aCol[j].zName, z) != 0) continue;
      char *zNew = cg_mprintf("%s:%d", it->zName ? it->zName : z, k++);
      z = zNew ? ast_arena_strdup(pCg->pArena, zNew) : z;
      mem_free(zNew);
      j = -1;   /* rescan for the new name */
    }
    pTab->aCol[i].zName = z;
    pTab->aCol[i].affinity = cg_expr_affinity(pCg, &pS->nc, it->pExpr);
  }
  return pTab;
}

static void sel_set_colnames(Cg *pCg, SelInfo *pS) {
  Vdbe *v = pCg->v;
  ExprList *pL = pS->pEList;
  vdbe_set_num_cols(v, pL->nExpr);
  for (int i = 0; i < pL->nExpr; i++) {
    ExprListItem *it = &pL->a[i];
    Expr *e = it->pExpr;
    const char *zName = it->zName;
    NameCtx *pF;
    int iSrc = 0, iCol = 0;
    int bCol = e->op == EXPR_COLUMN && resolve_in_scope(pCg, &pS->nc, e, &pF, &iSrc, &iCol);
    SrcTerm *pSrc = bCol ? &pF->aSrc[iSrc] : NULL;
    Table *pTab = pSrc ? pSrc->pTab : NULL;
    if (bCol && iCol < 0 && pTab->iPKey >= 0) iCol = pTab->iPKey;
    if (zName == NULL && bCol) {
      zName = iCol >= 0 ? pTab->aCol[iCol].zName : e->z;
      if (pS->nc.nSrc > 1 && 0) zName = e->z;
    }
    if (zName == NULL) zName = it->zSpan ? it->zSpan : cg_expr_text(pCg, e);
    vdbe_set_col_name(v, i, COLNAME_NAME, zName, SQLITE_TRANSIENT);
    if (bCol && iCol >= 0 && !pSrc->bEphem) {
      vdbe_set_col_name(v, i, COLNAME_DECLTYPE, pTab->aCol[iCol].zType, SQLITE_TRANSIENT);
      vdbe_set_col_name(v, i, COLNAME_TABLE, pTab->zName, SQLITE_TRANSIENT);
      vdbe_set_col_name(v, i, COLNAME_COLUMN, pTab->aCol[iCol].zName, SQLITE_TRANSIENT);
      vdbe_set_col_name(v, i, COLNAME_DATABASE, pCg->db->aDb[pTab->iDb].zDbSName,
                        SQLITE_TRANSIENT);
    } else if (bCol && iCol < 0 && !pSrc->bEphem) {
      vdbe_set_col_name(v, i, COLNAME_DECLTYPE, "INTEGER", SQLITE_STATIC);
    }
  }
}

/* ---- LIMIT / OFFSET ------------------------------------------------------------------ */

static void sel_limit_setup(Cg *pCg, SelInfo *pS) {
  Vdbe *v = pCg->v;
  Select *p = pS->p;
  if (p->pLimit == NULL) return;
  /* LIMIT and OFFSET run before the FROM items are open: they see only the
  ** enclosing queries (as in SQLite, "LIMIT x" is "no such column: x") */
  NameCtx nc;
  memset(&nc, 0, sizeof(nc));
  nc.pOuter = pS->nc.pOuter;
  pS->regLimit = cg_expr_new(pCg, &nc, p->pLimit);
  vdbe_add_op1(v, OP_MustBeInt, pS->regLimit);
  vdbe_add_op2(v, OP_IfNot, pS->regLimit, pS->lblEnd);
  pS->regKeep = pS->regLimit;
  if (p->pOffset) {
    pS->regOffset = cg_expr_new(pCg, &nc, p->pOffset);
    vdbe_add_op1(v, OP_MustBeInt, pS->regOffset);
    int r = cg_reg(pCg, 1);
    vdbe_add_op3(v, OP_OffsetLimit, pS->regLimit, r, pS->regOffset);
    pS->regKeep = r;
  }
}

/* ---- ORDER BY setup -------------------------------------------------------------- */

static int sel_orderby_setup(Cg *pCg, SelInfo *pS) {
  ExprList *pOB = pS->p->pOrderBy;
  if (pOB == NULL) return SQLITE_OK;
  pS->aiOrderRes = ast_arena_alloc(pCg->pArena, sizeof(int) * (u64)pOB->nExpr);
  if (pS->aiOrderRes == NULL) return SQLITE_NOMEM;
  if (resolve_orderby_prescan(pCg, pOB, "ORDER BY", pS->pEList->nExpr)) return pCg->rc;
  for (int k = 0; k < pOB->nExpr; k++) {
    int r = resolve_orderby_term(pCg, pS->pEList, pOB->a[k].pExpr, "ORDER BY");
    if (r == -3) {
      resolve_term_range_error(pCg, pOB->a[k].pExpr, k + 1, "ORDER BY", pS->pEList->nExpr);
      return pCg->rc;
    }
    pS->aiOrderRes[k] = r;
    int saved = pS->nc.flags;
    pS->nc.flags |= NC_ALLOW_WIN;
    if (r < 0) resolve_expr(pCg, &pS->nc, pOB->a[k].pExpr);
    pS->nc.flags = saved;
  }
  return pCg->rc;
}

/* EXPLAIN QUERY PLAN lines of the temporary b-trees, after the scans. */
static void sel_explain_temps(Cg *pCg, SelInfo *pS) {
  if (!pCg->bExplainQp) return;
  if (pS->iDistinct >= 0) vdbe_add_explain(pCg->v, pCg->iSelectId, "USE TEMP B-TREE FOR DISTINCT");
  if (pS->iSorter >= 0) vdbe_add_explain(pCg->v, pCg->iSelectId, "USE TEMP B-TREE FOR ORDER BY");
}

static int sel_open_sorter(Cg *pCg, SelInfo *pS) {
  ExprList *pOB = pS->p->pOrderBy;
  int nKey = pOB->nExpr;
  int n = pS->pEList->nExpr;
  KeyInfo *pKey = cg_keyinfo(pCg, nKey + 1, n);
  if (pKey) {
    for (int k = 0; k < nKey; k++) {
      Expr *e = pS->aiOrderRes[k] >= 0 ? pS->pEList->a[pS->aiOrderRes[k]].pExpr : pOB->a[k].pExpr;
      const char *zColl = cg_expr_collname(pCg, &pS->nc, pOB->a[k].pExpr);
      if (zColl == NULL) zColl = cg_expr_collname(pCg, &pS->nc, e);
      pKey->aColl[k] = cg_coll(pCg, zColl);
      int bDesc = pOB->a[k].eSortOrder == SORT_DESC;
      u8 f = bDesc ? KEYINFO_ORDER_DESC : 0;
      int eNulls = pOB->a[k].eNulls;
      if ((eNulls == NULLS_LAST && !bDesc) || (eNulls == NULLS_FIRST && bDesc)) {
        f |= KEYINFO_ORDER_BIGNULL;
      }
      pKey->aSortFlags[k] = f;
    }
  }
  pS->nOrderBy = nKey;
  pS->iSorter = cg_cursor(pCg);
  return vdbe_add_op4(pCg->v, OP_SorterOpen, pS->iSorter, nKey + 1 + n, pS->regKeep, pKey,
                      P4_KEYINFO);
}

/* ---- the plain (non-aggregate) query ------------------------------------------ */

static void sel_simple(Cg *pCg, SelInfo *pS, Expr *pWhere, int addrSorter) {
  ExprList *pOB = pS->p->pOrderBy;
  if (pS->nc.nSrc == 0 && pCg->bExplainQp) {
    vdbe_add_explain(pCg->v, pCg->iSelectId, "SCAN CONSTANT ROW");
  }
  /* DISTINCT without ORDER BY: an index delivering the result columns in
  ** order lets each row be compared with the previous one instead */
  int bDistOrder = pS->iDistinct >= 0 && pOB == NULL && pS->nc.nSrc == 1;
  ExprList *pWant = pS->iDistinct < 0 ? pOB : (bDistOrder ? pS->pEList : NULL);
  int regHave = 0;
  if (bDistOrder) {   /* initialized before the loop, used only if the plan allows */
    regHave = cg_reg(pCg, 1);
    vdbe_add_op2(pCg->v, OP_Integer, 0, regHave);
  }
  WhereInfo *pW = plan_begin(pCg, &pS->nc, pWhere, pWant, 0);
  if (pW == NULL) return;
  if (pS->iSorter >= 0 && plan_order_done(pW)) {
    vdbe_change_to_noop(pCg->v, addrSorter);   /* the loop already delivers the order */
    pS->iSorter = -1;
  }
  if (bDistOrder && plan_order_done(pW)) {
    vdbe_change_to_noop(pCg->v, pS->addrDistinct);
    pS->iDistinct = -1;
    pS->regDistPrev = cg_reg(pCg, pS->pEList->nExpr);
    pS->regDistHave = regHave;
  }
  sel_explain_temps(pCg, pS);
  sel_result_row(pCg, pS, plan_continue_label(pW));
  plan_end(pCg, pW);
  plan_free(pW);
}

/* ---- aggregate queries ------------------------------------------------------------ */

static void sel_agg_output(Cg *pCg, SelInfo *pS, AggInfo *pAgg, int lblSkip) {
  pAgg->eMode = AGG_MODE_OUTPUT;
  pS->nc.pAgg = pAgg;
  if (pS->p->pHaving) cg_if_false(pCg, &pS->nc, pS->p->pHaving, lblSkip, 1);
  sel_result_row(pCg, pS, lblSkip);
  pS->nc.pAgg = NULL;
}

static void sel_agg_simple(Cg *pCg, SelInfo *pS, AggInfo *pAgg, Expr *pWhere) {
  Vdbe *v = pCg->v;
  agg_reset(pCg, pAgg);
  int regFirst = cg_reg(pCg, 1);
  vdbe_add_op2(v, OP_Integer, 0, regFirst);
  for (int k = 0; k < pAgg->nCol; k++) vdbe_add_op2(v, OP_Null, 0, pAgg->aCol[k].regCopy);
  WhereInfo *pW = plan_begin(pCg, &pS->nc, pWhere, NULL, 0);
  if (pW == NULL) return;
  sel_explain_temps(pCg, pS);
  pAgg->eMode = AGG_MODE_LOOP;
  agg_step_all(pCg, pAgg);
  if (pAgg->iMinMax >= 0) {
    agg_track_minmax(pCg, pAgg);
  } else if (pAgg->nCol > 0) {
    int addr = vdbe_add_op1(v, OP_If, regFirst);
    agg_capture(pCg, pAgg);
    vdbe_add_op2(v, OP_Integer, 1, regFirst);
    vdbe_jump_here(v, addr);
  }
  plan_end(pCg, pW);
  plan_free(pW);
  agg_final_all(pCg, pAgg);
  int lblSkip = vdbe_make_label(v);
  sel_agg_output(pCg, pS, pAgg, lblSkip);
  vdbe_resolve_label(v, lblSkip);
}

static KeyInfo *sel_group_keyinfo(Cg *pCg, SelInfo *pS, ExprList *pGB, int nExtra) {
  KeyInfo *pKey = cg_keyinfo(pCg, pGB->nExpr, nExtra);
  for (int k = 0; pKey && k < pGB->nExpr; k++) {
    pKey->aColl[k] = cg_coll(pCg, cg_expr_collname(pCg, &pS->nc, pGB->a[k].pExpr));
  }
  return pKey;
}

/* Registers and labels of the GROUP BY pass. */
typedef struct GroupState {
  int nGB;                   /* GROUP BY terms */
  int regData;               /* record the pseudo-cursor reads */
  int regPrev, regNew;       /* previous / current group keys */
  int regHave;               /* 1 once a group has started */
  int regRet;                /* return address of the output subroutine */
  int lblOut;                /* the output subroutine */
  KeyInfo *pKey;             /* group key collations */
} GroupState;

/* One row (in regData, through the pseudo-cursor): on a new group, output
** the previous one and reset; then step the aggregates. */
static void sel_group_step(Cg *pCg, SelInfo *pS, AggInfo *pAgg, GroupState *g) {
  Vdbe *v = pCg->v;
  for (int k = 0; k < g->nGB; k++) agg_field(pCg, pAgg, k, g->regNew + k);
  int addrCmp = vdbe_add_op2(v, OP_IfNot, g->regHave, 0);
  vdbe_add_op4(v, OP_Compare, g->regPrev, g->regNew, g->nGB, keyinfo_ref(g->pKey), P4_KEYINFO);
  int lblStep = vdbe_make_label(v), lblNew = vdbe_make_label(v);
  vdbe_add_op3(v, OP_Jump, lblNew, lblStep, lblNew);
  vdbe_resolve_label(v, lblNew);
  vdbe_add_op2(v, OP_Gosub, g->regRet, g->lblOut);
  vdbe_jump_here(v, addrCmp);
  vdbe_add_op3(v, OP_Copy, g->regNew, g->regPrev, g->nGB - 1);
  agg_reset(pCg, pAgg);
  pAgg->eMode = AGG_MODE_SORTER;
  agg_capture(pCg, pAgg);
  vdbe_add_op2(v, OP_Integer, 1, g->regHave);
  vdbe_resolve_label(v, lblStep);
  pS->nc.pAgg = pAgg;
  agg_step_all(pCg, pAgg);
  if (pAgg->iMinMax >= 0) agg_track_minmax(pCg, pAgg);
  pS->nc.pAgg = NULL;
}

/* The last group, then the output subroutine itself. */
static void sel_group_finish(Cg *pCg, SelInfo *pS, AggInfo *pAgg, GroupState *g) {
  Vdbe *v = pCg->v;
  int addrNone = vdbe_add_op1(v, OP_IfNot, g->regHave);
  vdbe_add_op2(v, OP_Gosub, g->regRet, g->lblOut);
  vdbe_jump_here(v, addrNone);
  int addrPast = vdbe_add_op0(v, OP_Goto);   /* over the subroutine, to the ORDER BY pass */
  vdbe_resolve_label(v, g->lblOut);   /* subroutine: output one group */
  agg_final_all(pCg, pAgg);
  int lblSkip = vdbe_make_label(v);
  sel_agg_output(pCg, pS, pAgg, lblSkip);
  vdbe_resolve_label(v, lblSkip);
  vdbe_add_op1(v, OP_Return, g->regRet);
  vdbe_jump_here(v, addrPast);
}

/* GROUP BY (invariant 2): rows go through a sorter, unless the loop
** already delivers them in GROUP BY order (an index), in which case each
** row's record is handed to the group step directly. */
static void sel_agg_grouped(Cg *pCg, SelInfo *pS, AggInfo *pAgg, Expr *pWhere, ExprList *pGB) {
  Vdbe *v = pCg->v;
  GroupState g;
  g.nGB = pGB->nExpr;
  int nRec = g.nGB + 1 + pAgg->nCol;
  int iSort = cg_cursor(pCg);
  KeyInfo *pKey = sel_group_keyinfo(pCg, pS, pGB, 1 + pAgg->nCol);
  if (pKey) pKey->nKeyField = (u16)(g.nGB + 1);
  g.pKey = keyinfo_ref(pKey);   /* own reference: the SorterOpen may be dropped */
  int addrSorter = vdbe_add_op4(v, OP_SorterOpen, iSort, nRec, 0, pKey, P4_KEYINFO);
  pAgg->iPseudo = cg_cursor(pCg);
  pAgg->nGroupBy = g.nGB;
  g.regData = cg_reg(pCg, 1);
  g.regPrev = cg_reg(pCg, g.nGB);
  g.regNew = cg_reg(pCg, g.nGB);
  g.regHave = cg_reg(pCg, 1);
  g.regRet = cg_reg(pCg, 1);
  g.lblOut = vdbe_make_label(v);
  vdbe_add_op2(v, OP_Integer, 0, g.regHave);
  vdbe_add_op3(v, OP_OpenPseudo, pAgg->iPseudo, g.regData, nRec);
  WhereInfo *pW = plan_begin(pCg, &pS->nc, pWhere, pGB, 0);
  if (pW == NULL) {
    keyinfo_unref(g.pKey);
    return;
  }
  int bStream = plan_order_done(pW);
  if (bStream) vdbe_change_to_noop(v, addrSorter);
  if (pCg->bExplainQp && !bStream) {
    vdbe_add_explain(v, pCg->iSelectId, "USE TEMP B-TREE FOR GROUP BY");
  }
  sel_explain_temps(pCg, pS);
  int rRec = cg_reg(pCg, nRec);
  for (int k = 0; k < g.nGB; k++) cg_expr(pCg, &pS->nc, pGB->a[k].pExpr, rRec + k);
  if (bStream) vdbe_add_op2(v, OP_Integer, 0, rRec + g.nGB);
  else vdbe_add_op2(v, OP_Sequence, iSort, rRec + g.nGB);
  for (int k = 0; k < pAgg->nCol; k++) {
    cg_column(pCg, &pS->nc.aSrc[pAgg->aCol[k].iSrc], pAgg->aCol[k].iCol, rRec + g.nGB + 1 + k);
  }
  if (bStream) {
    pAgg->regRow = rRec;   /* the fields are right here: no record needed */
    sel_group_step(pCg, pS, pAgg, &g);
  } else {
    int r = cg_reg(pCg, 1);
    vdbe_add_op3(v, OP_MakeRecord, rRec, nRec, r);
    vdbe_add_op2(v, OP_SorterInsert, iSort, r);
  }
  plan_end(pCg, pW);
  plan_free(pW);
  if (!bStream) {   /* second pass over the sorted rows */
    int lblDone = vdbe_make_label(v);
    vdbe_add_op2(v, OP_SorterSort, iSort, lblDone);
    int addrTop = vdbe_current_addr(v);
    vdbe_add_op3(v, OP_SorterData, iSort, g.regData, pAgg->iPseudo);
    sel_group_step(pCg, pS, pAgg, &g);
    vdbe_add_op2(v, OP_SorterNext, iSort, addrTop);
    vdbe_resolve_label(v, lblDone);
  }
  sel_group_finish(pCg, pS, pAgg, &g);
  keyinfo_unref(g.pKey);
}

/* Resolves GROUP BY terms (ordinals and aliases become result exprs). */
static ExprList *sel_groupby(Cg *pCg, SelInfo *pS) {
  ExprList *pGB = pS->p->pGroupBy;
  if (pGB == NULL) return NULL;
  ExprList *pOut = ast_dup_exprlist(pCg->pArena, pGB);
  if (pOut == NULL) return NULL;
  ExprList *pOB = pS->p->pPrior ? NULL : pS->p->pOrderBy;
  if (pOB) {   /* SQLite checks the ORDER BY ordinals completely before GROUP BY's */
    if (resolve_orderby_prescan(pCg, pOB, "ORDER BY", pS->pEList->nExpr)) return NULL;
    for (int k = 0; k < pOB->nExpr; k++) {
      if (resolve_orderby_term(pCg, pS->pEList, pOB->a[k].pExpr, "ORDER BY") == -3) {
        resolve_term_range_error(pCg, pOB->a[k].pExpr, k + 1, "ORDER BY", pS->pEList->nExpr);
        return NULL;
      }
    }
  }
  if (resolve_orderby_prescan(pCg, pGB, "GROUP BY", pS->pEList->nExpr)) return NULL;
  for (int k = 0; k < pGB->nExpr; k++) {
    int r = resolve_orderby_term(pCg, pS->pEList, pGB->a[k].pExpr, "GROUP BY");
    if (r == -3) {
      resolve_term_range_error(pCg, pGB->a[k].pExpr, k + 1, "GROUP BY", pS->pEList->nExpr);
      return NULL;
    }
    pOut->a[k].pExpr = r >= 0 ? pS->pEList->a[r].pExpr : pGB->a[k].pExpr;
    if (resolve_has_agg(pCg->db, pOut->a[k].pExpr)) {
      cg_error(pCg, "aggregate functions are not allowed in the GROUP BY clause");
      return NULL;
    }
    resolve_expr(pCg, &pS->nc, pOut->a[k].pExpr);
  }
  return pOut;
}

static void sel_aggregate(Cg *pCg, SelInfo *pS, Expr *pWhere, ExprList *pGB) {
  AggInfo *pAgg = ast_arena_alloc(pCg->pArena, sizeof(AggInfo));
  if (pAgg == NULL) return;
  pAgg->pNc = &pS->nc;
  agg_collect_list(pCg, pAgg, pS->pEList);
  agg_collect(pCg, pAgg, pS->p->pHaving);
  agg_collect_list(pCg, pAgg, pS->p->pOrderBy);
  pAgg->iMinMax = agg_find_minmax(pAgg);
  if (pAgg->iMinMax >= 0) pAgg->regBest = cg_reg(pCg, 1);
  for (int k = 0; k < pAgg->nFunc; k++) {
    AggFunc *f = &pAgg->aFunc[k];
    if (f->pDef == NULL) {
      cg_error(pCg, "no such function: %s", f->pExpr->z);
      return;
    }
    if (f->pExpr->flags & EXPR_F_DISTINCT) {
      f->iDistinct = cg_cursor(pCg);
      KeyInfo *pKey = cg_keyinfo(pCg, 1, 0);
      if (pKey && f->pExpr->pList && f->pExpr->pList->nExpr > 0) {
        pKey->aColl[0] = cg_coll(pCg, cg_expr_collname(pCg, &pS->nc, f->pExpr->pList->a[0].pExpr));
      }
      vdbe_add_op4(pCg->v, OP_OpenEphemeral, f->iDistinct, 1, 0, pKey, P4_KEYINFO);
    }
  }
  if (pGB) sel_agg_grouped(pCg, pS, pAgg, pWhere, pGB);
  else sel_agg_simple(pCg, pS, pAgg, pWhere);
}

/* ---- window functions ---------------------------------------------------------- */

/* All window calls must share one window (partition, order, frame). */
typedef struct WinInfo {
  Window *pWin;              /* the effective window of the first call */
  ExprList *pPart, *pOrder;  /* its PARTITION BY / ORDER BY (may be NULL) */
  int nP, nO;                /* their sizes */
  int iA, iB;                /* the materialized rows (A: current, B: frame scans) */
  int rRowid, rPartStart, rPartEnd, rPeerStart, rPeerEnd, rDense, rFs, rFe;
  KeyInfo *pKeyP, *pKeyO;    /* collations of the partition / order keys */
} WinInfo;

static int win_collect(Cg *pCg, AggInfo *pAgg, Expr *p) {
  if (p == NULL) return 0;
  int n = 0;
  if (p->op == EXPR_FUNCTION && p->pWin) {
    for (int k = 0; k < pAgg->nFunc; k++) n += pAgg->aFunc[k].pExpr == p;
    if (n == 0 && agg_grow(pCg, (void **)&pAgg->aFunc, &pAgg->nFuncAlloc, pAgg->nFunc,
                           sizeof(AggFunc))) {
      AggFunc *f = &pAgg->aFunc[pAgg->nFunc++];
      f->pExpr = p;
      f->pDef = cg_find_func(pCg->db, p->z, p->pList ? p->pList->nExpr : 0, SQLITE_UTF8, 0);
      f->regAcc = cg_reg(pCg, 1);
      f->iDistinct = -1;
    }
    return 1;
  }
  n += win_collect(pCg, pAgg, p->pLeft) + win_collect(pCg, pAgg, p->pRight);
  n += win_collect(pCg, pAgg, p->pExtra);
  for (int i = 0; p->pList && i < p->pList->nExpr; i++) {
    n += win_collect(pCg, pAgg, p->pList->a[i].pExpr);
  }
  return n;
}

/* The window a call uses, named windows (WINDOW w AS ...) resolved. */
static Window *win_effective(Cg *pCg, Select *p, Window *pWin) {
  if (pWin->zBase == NULL) return pWin;
  for (Window *w = p->pWinDefn; w; w = w->pNext) {
    if (w->zName && str_icmp(w->zName, pWin->zBase) == 0) {
      if (pWin->bRef) return w;
      Window *pNew = ast_arena_alloc(pCg->pArena, sizeof(Window));
      if (pNew == NULL) return pWin;
      *pNew = *pWin;
      if (pNew->pPartition == NULL) pNew->pPartition = w->pPartition;
      if (pNew->pOrderBy == NULL) pNew->pOrderBy = w->pOrderBy;
      if (pNew->eFrame == FRAME_DEFAULT) {
        pNew->eFrame = w->eFrame;
        pNew->eStart = w->eStart;
        pNew->eEnd = w->eEnd;
        pNew->pStart = w->pStart;
        pNew->pEnd = w->pEnd;
      }
      return pNew;
    }
  }
  cg_error(pCg, "no such window: %s", pWin->zBase);
  return pWin;
}

static int win_same_list(ExprList *a, ExprList *b) {
  int na = a ? a->nExpr : 0, nb = b ? b->nExpr : 0;
  if (na != nb) return 0;
  for (int i = 0; i < na; i++) {
    char *za = ast_print_expr(a->a[i].pExpr), *zb = ast_print_expr(b->a[i].pExpr);
    int bSame = za && zb && strcmp(za, zb) == 0 && a->a[i].eSortOrder == b->a[i].eSortOrder;
    mem_free(za);
    mem_free(zb);
    if (!bSame) return 0;
  }
  return 1;
}

static KeyInfo *win_keyinfo(Cg *pCg, NameCtx *pNc, ExprList *pL, int bSortFlags) {
  int n = pL ? pL->nExpr : 0;
  KeyInfo *pKey = cg_keyinfo(pCg, n, 0);
  for (int i = 0; pKey && i < n; i++) {
    pKey->aColl[i] = cg_coll(pCg, cg_expr_collname(pCg, pNc, pL->a[i].pExpr));
    if (bSortFlags && pL->a[i].eSortOrder == SORT_DESC) pKey->aSortFlags[i] = KEYINFO_ORDER_DESC;
  }
  return pKey;
}

/* Scans B forward from rFrom while its key columns [iFirst, iFirst+n) equal
** the registers rKey..; the last matching rowid goes to rLast. */
static void win_scan_equal(Cg *pCg, WinInfo *w, int rFrom, int iFirst, int n, int rKey,
                           KeyInfo *pKey, int rLast) {
  Vdbe *v = pCg->v;
  int lblOut = vdbe_make_label(v);
  vdbe_add_op2(v, OP_Copy, rFrom, rLast);
  vdbe_add_op4_int(v, OP_SeekGE, w->iB, lblOut, rFrom, 1);
  int addrTop = vdbe_current_addr(v);
  if (n > 0) {
    int r = cg_reg(pCg, n);
    for (int i = 0; i < n; i++) vdbe_add_op3(v, OP_Column, w->iB, iFirst + i, r + i);
    vdbe_add_op4(v, OP_Compare, r, rKey, n, keyinfo_ref(pKey), P4_KEYINFO);
    int lblEq = vdbe_make_label(v);
    vdbe_add_op3(v, OP_Jump, lblOut, lblEq, lblOut);
    vdbe_resolve_label(v, lblEq);
  }
  vdbe_add_op2(v, OP_Rowid, w->iB, rLast);
  vdbe_add_op2(v, OP_Next, w->iB, addrTop);
  vdbe_resolve_label(v, lblOut);
}

/* r = rBase + sign * (bound expression), clamped into [PartStart, PartEnd]. */
static void win_bound(Cg *pCg, WinInfo *w, int eBound, Expr *pN, int bStart, int r) {
  Vdbe *v = pCg->v;
  int bRange = w->pWin->eFrame == FRAME_RANGE;
  switch (eBound) {
    case BOUND_UNBOUNDED_PRECEDING: vdbe_add_op2(v, OP_Copy, w->rPartStart, r); return;
    case BOUND_UNBOUNDED_FOLLOWING: vdbe_add_op2(v, OP_Copy, w->rPartEnd, r); return;
    case BOUND_CURRENT_ROW:
      if (bRange || w->pWin->eFrame == FRAME_GROUPS) {
        vdbe_add_op2(v, OP_Copy, bStart ? w->rPeerStart : w->rPeerEnd, r);
      } else {
        vdbe_add_op2(v, OP_Copy, w->rRowid, r);
      }
      return;
    default: break;
  }
  if (bRange || w->pWin->eFrame == FRAME_GROUPS) {
    cg_error(pCg, "RANGE/GROUPS frames with offsets are not supported yet");
    return;
  }
  int rN = cg_expr_new(pCg, NULL, pN);
  vdbe_add_op1(v, OP_MustBeInt, rN);
  vdbe_add_op3(v, eBound == BOUND_PRECEDING ? OP_Subtract : OP_Add, rN, w->rRowid, r);
  int addr = vdbe_add_op3(v, OP_Ge, w->rPartStart, 0, r);   /* clamp below */
  vdbe_add_op2(v, OP_Copy, w->rPartStart, r);
  vdbe_add_op2(v, OP_AddImm, r, bStart ? 0 : -1);   /* an end before the start: empty */
  vdbe_jump_here(v, addr);
  addr = vdbe_add_op3(v, OP_Le, w->rPartEnd, 0, r);        /* clamp above */
  vdbe_add_op2(v, OP_Copy, w->rPartEnd, r);
  vdbe_add_op2(v, OP_AddImm, r, bStart ? 1 : 0);
  vdbe_jump_here(v, addr);
}

/* The frame of one call's window (same partition as w->pWin; its ORDER BY
** is w's or empty, in which case the whole partition are peers). */
static void win_frame(Cg *pCg, WinInfo *w, Window *pWin) {
  int bOrdered = pWin->pOrderBy && pWin->pOrderBy->nExpr > 0;
  Window *pSaved = w->pWin;
  int rPeerStart = w->rPeerStart, rPeerEnd = w->rPeerEnd;
  if (!bOrdered) {   /* no ORDER BY: the partition is one peer group */
    w->rPeerStart = w->rPartStart;
    w->rPeerEnd = w->rPartEnd;
  }
  if (pWin->eFrame == FRAME_DEFAULT) {
    vdbe_add_op2(pCg->v, OP_Copy, w->rPartStart, w->rFs);
    vdbe_add_op2(pCg->v, OP_Copy, w->rPeerEnd, w->rFe);
  } else {
    w->pWin = pWin;
    win_bound(pCg, w, pWin->eStart, pWin->pStart, 1, w->rFs);
    win_bound(pCg, w, pWin->eEnd, pWin->pEnd, 0, w->rFe);
  }
  w->pWin = pSaved;
  w->rPeerStart = rPeerStart;
  w->rPeerEnd = rPeerEnd;
}

/* Argument i of window call f, evaluated on the row under B. */
static void win_arg(Cg *pCg, AggInfo *pAgg, WinInfo *w, AggFunc *f, int i, int target) {
  int saved = pAgg->iPseudo;
  pAgg->iPseudo = w->iB;
  pAgg->eMode = AGG_MODE_SORTER;
  if (f->pExpr->pList && i < f->pExpr->pList->nExpr) {
    cg_expr(pCg, pAgg->pNc, f->pExpr->pList->a[i].pExpr, target);
  } else {
    vdbe_add_op2(pCg->v, OP_Null, 0, target);
  }
  pAgg->iPseudo = saved;
}

/* An aggregate over the frame [rFs, rFe]. */
static void win_aggregate(Cg *pCg, AggInfo *pAgg, WinInfo *w, AggFunc *f) {
  Vdbe *v = pCg->v;
  int nArg = f->pExpr->pList ? f->pExpr->pList->nExpr : 0;
  int rArgs = cg_reg(pCg, nArg + 1);
  int lblOut = vdbe_make_label(v);
  vdbe_add_op2(v, OP_Null, 0, f->regAcc);
  vdbe_add_op3(v, OP_Gt, w->rFe, lblOut, w->rFs);
  vdbe_add_op4_int(v, OP_SeekGE, w->iB, lblOut, w->rFs, 1);
  int addrTop = vdbe_current_addr(v);
  int r = cg_reg(pCg, 1);
  vdbe_add_op2(v, OP_Rowid, w->iB, r);
  vdbe_add_op3(v, OP_Gt, w->rFe, lblOut, r);
  for (int i = 0; i < nArg; i++) win_arg(pCg, pAgg, w, f, i, rArgs + i);
  if (cg_func_needs_coll(f->pDef)) {
    Coll *pColl = cg_coll(pCg, cg_expr_collname(pCg, pAgg->pNc, f->pExpr->pList->a[0].pExpr));
    vdbe_add_op4(v, OP_CollSeq, 0, 0, 0, pColl ? pColl : &value_coll_binary, P4_COLLSEQ);
  }
  vdbe_add_op4(v, OP_AggStep, 0, rArgs, f->regAcc, f->pDef, P4_FUNCDEF);
  vdbe_change_p5(v, nArg);
  vdbe_add_op2(v, OP_Next, w->iB, addrTop);
  vdbe_resolve_label(v, lblOut);
  vdbe_add_op4(v, OP_AggFinal, f->regAcc, nArg, 0, f->pDef, P4_FUNCDEF);
}

/* The value of argument 0 on the row with rowid in rPos (NULL if rPos is
** outside [rLo, rHi]); lag/lead use argument 2 as the default. */
static void win_value_at(Cg *pCg, AggInfo *pAgg, WinInfo *w, AggFunc *f, int rPos, int rLo,
                         int rHi, int iDefault) {
  Vdbe *v = pCg->v;
  int lblDflt = vdbe_make_label(v), lblDone = vdbe_make_label(v);
  vdbe_add_op3(v, OP_Lt, rLo, lblDflt, rPos);
  vdbe_add_op3(v, OP_Gt, rHi, lblDflt, rPos);
  vdbe_add_op3(v, OP_SeekRowid, w->iB, lblDflt, rPos);
  win_arg(pCg, pAgg, w, f, 0, f->regAcc);
  vdbe_add_op2(v, OP_Goto, 0, lblDone);
  vdbe_resolve_label(v, lblDflt);
  if (iDefault > 0) win_arg(pCg, pAgg, w, f, iDefault, f->regAcc);
  else vdbe_add_op2(v, OP_Null, 0, f->regAcc);
  vdbe_resolve_label(v, lblDone);
}

/* An integer argument (lag/lead offset, nth_value n), or dflt if absent. */
static int win_int_arg(Cg *pCg, AggInfo *pAgg, WinInfo *w, AggFunc *f, int i, int dflt) {
  int r = cg_reg(pCg, 1);
  if (f->pExpr->pList && f->pExpr->pList->nExpr > i) win_arg(pCg, pAgg, w, f, i, r);
  else vdbe_add_op2(pCg->v, OP_Integer, dflt, r);
  return r;
}

static void win_ratio(Cg *pCg, int rNum, int rDen, int target) {
  Vdbe *v = pCg->v;
  double one = 1.0;
  int r = cg_reg(pCg, 1);
  vdbe_add_op4_dup8(v, OP_Real, 0, r, 0, &one, P4_REAL);
  vdbe_add_op3(v, OP_Multiply, r, rNum, r);
  vdbe_add_op3(v, OP_Divide, rDen, r, target);
}

static void win_builtin_body(Cg *pCg, AggInfo *pAgg, WinInfo *w, AggFunc *f);
static int win_int_arg(Cg *pCg, AggInfo *pAgg, WinInfo *w, AggFunc *f, int i, int dflt);

/* ntile(n): N partition rows in n buckets, the first N%n one row larger. */
static void win_ntile(Cg *pCg, AggInfo *pAgg, WinInfo *w, AggFunc *f) {
  Vdbe *v = pCg->v;
  int rN = win_int_arg(pCg, pAgg, w, f, 0, 1);
  int r = cg_reg(pCg, 6);   /* rows, size, extra, r0, big, tmp */
  int lblBig = vdbe_make_label(v), lblDone = vdbe_make_label(v);
  vdbe_add_op3(v, OP_Subtract, w->rPartStart, w->rPartEnd, r);
  vdbe_add_op2(v, OP_AddImm, r, 1);
  vdbe_add_op3(v, OP_Subtract, w->rPartStart, w->rRowid, r + 3);
  vdbe_add_op3(v, OP_Divide, rN, r, r + 1);
  vdbe_add_op3(v, OP_Remainder, rN, r, r + 2);
  int addr = vdbe_add_op1(v, OP_If, r + 1);     /* n > rows: one row per bucket */
  vdbe_add_op2(v, OP_Copy, r + 3, f->regAcc);
  vdbe_add_op2(v, OP_AddImm, f->regAcc, 1);
  vdbe_add_op2(v, OP_Goto, 0, lblDone);
  vdbe_jump_here(v, addr);
  vdbe_add_op2(v, OP_Copy, r + 1, r + 5);
  vdbe_add_op2(v, OP_AddImm, r + 5, 1);                 /* size + 1 */
  vdbe_add_op3(v, OP_Multiply, r + 5, r + 2, r + 4);    /* rows in the big buckets */
  vdbe_add_op3(v, OP_Ge, r + 4, lblBig, r + 3);
  vdbe_add_op3(v, OP_Divide, r + 5, r + 3, f->regAcc);
  vdbe_add_op2(v, OP_AddImm, f->regAcc, 1);
  vdbe_add_op2(v, OP_Goto, 0, lblDone);
  vdbe_resolve_label(v, lblBig);
  vdbe_add_op3(v, OP_Subtract, r + 4, r + 3, r + 5);
  vdbe_add_op3(v, OP_Divide, r + 1, r + 5, f->regAcc);
  vdbe_add_op3(v, OP_Add, r + 2, f->regAcc, f->regAcc);
  vdbe_add_op2(v, OP_AddImm, f->regAcc, 1);
  vdbe_resolve_label(v, lblDone);
}

static void win_builtin(Cg *pCg, AggInfo *pAgg, WinInfo *w, AggFunc *f) {
  int bOrdered = f->pWin->pOrderBy && f->pWin->pOrderBy->nExpr > 0;
  if (bOrdered) {
    win_builtin_body(pCg, pAgg, w, f);
    return;
  }
  WinInfo w2 = *w;   /* without ORDER BY every row of the partition is a peer */
  w2.rPeerStart = w->rPartStart;
  w2.rPeerEnd = w->rPartEnd;
  int rOne = cg_reg(pCg, 1);
  vdbe_add_op2(pCg->v, OP_Integer, 1, rOne);
  w2.rDense = rOne;
  win_builtin_body(pCg, pAgg, &w2, f);
}

static void win_builtin_body(Cg *pCg, AggInfo *pAgg, WinInfo *w, AggFunc *f) {
  Vdbe *v = pCg->v;
  const char *z = f->pExpr->z;
  int t = f->regAcc, r = cg_reg(pCg, 3);
  vdbe_add_op2(v, OP_Integer, 1, r + 2);
  if (str_icmp(z, "row_number") == 0 || str_icmp(z, "rank") == 0) {
    int rPos = str_icmp(z, "rank") == 0 ? w->rPeerStart : w->rRowid;
    vdbe_add_op3(v, OP_Subtract, w->rPartStart, rPos, t);
    vdbe_add_op2(v, OP_AddImm, t, 1);
  } else if (str_icmp(z, "dense_rank") == 0) {
    vdbe_add_op2(v, OP_Copy, w->rDense, t);
  } else if (str_icmp(z, "percent_rank") == 0 || str_icmp(z, "cume_dist") == 0) {
    int bCume = str_icmp(z, "cume_dist") == 0;
    vdbe_add_op3(v, OP_Subtract, w->rPartStart, bCume ? w->rPeerEnd : w->rPeerStart, r);
    vdbe_add_op3(v, OP_Subtract, w->rPartStart, w->rPartEnd, r + 1);
    if (bCume) {
      vdbe_add_op2(v, OP_AddImm, r, 1);
      vdbe_add_op2(v, OP_AddImm, r + 1, 1);
    }
    double zero = 0.0;
    vdbe_add_op4_dup8(v, OP_Real, 0, t, 0, &zero, P4_REAL);
    int addr = vdbe_add_op1(v, OP_IfNot, r + 1);
    win_ratio(pCg, r, r + 1, t);
    vdbe_jump_here(v, addr);
  } else if (str_icmp(z, "lag") == 0 || str_icmp(z, "lead") == 0) {
    int rK = win_int_arg(pCg, pAgg, w, f, 1, 1);
    vdbe_add_op3(v, str_icmp(z, "lag") == 0 ? OP_Subtract : OP_Add, rK, w->rRowid, r);
    win_value_at(pCg, pAgg, w, f, r, w->rPartStart, w->rPartEnd, 2);
  } else if (str_icmp(z, "first_value") == 0) {
    win_value_at(pCg, pAgg, w, f, w->rFs, w->rFs, w->rFe, 0);
  } else if (str_icmp(z, "last_value") == 0) {
    win_value_at(pCg, pAgg, w, f, w->rFe, w->rFs, w->rFe, 0);
  } else if (str_icmp(z, "nth_value") == 0) {
    int rN = win_int_arg(pCg, pAgg, w, f, 1, 1);
    vdbe_add_op3(v, OP_Add, rN, w->rFs, r);
    vdbe_add_op2(v, OP_AddImm, r, -1);
    win_value_at(pCg, pAgg, w, f, r, w->rFs, w->rFe, 0);
  } else if (str_icmp(z, "ntile") == 0) {
    win_ntile(pCg, pAgg, w, f);
  } else {
    cg_error(pCg, "window function %s() is not supported yet", z);
  }
}

/* Partition and peer-group boundaries of the row under A. */
static void win_boundaries(Cg *pCg, WinInfo *w, int rFirst, int rPrev, int rCur) {
  Vdbe *v = pCg->v;
  int nK = w->nP + w->nO;
  for (int i = 0; i < nK; i++) vdbe_add_op3(v, OP_Column, w->iA, i, rCur + i);
  int lblNewPart = vdbe_make_label(v), lblNewPeer = vdbe_make_label(v);
  int lblSame = vdbe_make_label(v);
  vdbe_add_op2(v, OP_IfNot, rFirst, lblNewPart);
  if (w->nP) {
    vdbe_add_op4(v, OP_Compare, rPrev, rCur, w->nP, keyinfo_ref(w->pKeyP), P4_KEYINFO);
    int lblEq = vdbe_make_label(v);
    vdbe_add_op3(v, OP_Jump, lblNewPart, lblEq, lblNewPart);
    vdbe_resolve_label(v, lblEq);
  }
  if (w->nO) {
    vdbe_add_op4(v, OP_Compare, rPrev + w->nP, rCur + w->nP, w->nO, keyinfo_ref(w->pKeyO),
                 P4_KEYINFO);
    vdbe_add_op3(v, OP_Jump, lblNewPeer, lblSame, lblNewPeer);
  } else {
    vdbe_add_op2(v, OP_Goto, 0, lblSame);
  }
  vdbe_resolve_label(v, lblNewPart);
  vdbe_add_op2(v, OP_Integer, 1, rFirst);
  vdbe_add_op2(v, OP_Copy, w->rRowid, w->rPartStart);
  win_scan_equal(pCg, w, w->rRowid, 0, w->nP, rCur, w->pKeyP, w->rPartEnd);
  vdbe_add_op2(v, OP_Integer, 0, w->rDense);
  vdbe_resolve_label(v, lblNewPeer);
  vdbe_add_op2(v, OP_Copy, w->rRowid, w->rPeerStart);
  if (w->nO) win_scan_equal(pCg, w, w->rRowid, 0, nK, rCur, w->pKeyO, w->rPeerEnd);
  else vdbe_add_op2(v, OP_Copy, w->rPartEnd, w->rPeerEnd);
  vdbe_add_op2(v, OP_AddImm, w->rDense, 1);
  vdbe_resolve_label(v, lblSame);
  vdbe_add_op3(v, OP_Copy, rCur, rPrev, nK - 1 < 0 ? 0 : nK - 1);
}

/* Sorts the rows by (partition, order), numbers them 1..N in table A. */
static void win_materialize(Cg *pCg, SelInfo *pS, AggInfo *pAgg, WinInfo *w, Expr *pWhere) {
  Vdbe *v = pCg->v;
  int nK = w->nP + w->nO, nRec = nK + 1 + pAgg->nCol;
  int iSort = cg_cursor(pCg);
  KeyInfo *pKey = cg_keyinfo(pCg, nK + 1, pAgg->nCol);
  for (int i = 0; pKey && i < nK; i++) {
    ExprListItem *it = i < w->nP ? &w->pPart->a[i] : &w->pOrder->a[i - w->nP];
    pKey->aColl[i] = cg_coll(pCg, cg_expr_collname(pCg, &pS->nc, it->pExpr));
    if (i >= w->nP && it->eSortOrder == SORT_DESC) pKey->aSortFlags[i] = KEYINFO_ORDER_DESC;
    if (i >= w->nP && it->eNulls == NULLS_LAST) pKey->aSortFlags[i] |= KEYINFO_ORDER_BIGNULL;
  }
  vdbe_add_op4(v, OP_SorterOpen, iSort, nRec, 0, pKey, P4_KEYINFO);
  WhereInfo *pW = plan_begin(pCg, &pS->nc, pWhere, NULL, 0);
  if (pW == NULL) return;
  int r = cg_reg(pCg, nRec + 1);
  for (int i = 0; i < nK; i++) {
    Expr *e = i < w->nP ? w->pPart->a[i].pExpr : w->pOrder->a[i - w->nP].pExpr;
    cg_expr(pCg, &pS->nc, e, r + i);
  }
  vdbe_add_op2(v, OP_Sequence, iSort, r + nK);
  for (int k = 0; k < pAgg->nCol; k++) {
    cg_column(pCg, &pS->nc.aSrc[pAgg->aCol[k].iSrc], pAgg->aCol[k].iCol, r + nK + 1 + k);
  }
  vdbe_add_op3(v, OP_MakeRecord, r, nRec, r + nRec);
  vdbe_add_op2(v, OP_SorterInsert, iSort, r + nRec);
  plan_end(pCg, pW);
  plan_free(pW);
  w->iA = cg_cursor(pCg);
  w->iB = cg_cursor(pCg);
  vdbe_add_op2(v, OP_OpenEphemeral, w->iA, nRec);
  vdbe_add_op2(v, OP_OpenDup, w->iB, w->iA);
  int rData = cg_reg(pCg, 2), iPseudo = cg_cursor(pCg);
  vdbe_add_op3(v, OP_OpenPseudo, iPseudo, rData, nRec);
  int addrEmpty = vdbe_add_op1(v, OP_SorterSort, iSort);
  int addrTop = vdbe_current_addr(v);
  vdbe_add_op3(v, OP_SorterData, iSort, rData, iPseudo);
  vdbe_add_op2(v, OP_NewRowid, w->iA, rData + 1);
  vdbe_add_op3(v, OP_Insert, w->iA, rData, rData + 1);
  vdbe_add_op2(v, OP_SorterNext, iSort, addrTop);
  vdbe_jump_here(v, addrEmpty);
}

static int win_setup(Cg *pCg, SelInfo *pS, AggInfo *pAgg, WinInfo *w) {
  for (int k = 0; k < pAgg->nFunc; k++) {   /* the sort order: the longest ORDER BY */
    AggFunc *f = &pAgg->aFunc[k];
    f->pWin = win_effective(pCg, pS->p, f->pExpr->pWin);
    int n = f->pWin->pOrderBy ? f->pWin->pOrderBy->nExpr : 0;
    if (w->pWin == NULL || n > (w->pWin->pOrderBy ? w->pWin->pOrderBy->nExpr : 0)) {
      w->pWin = f->pWin;
    }
  }
  for (int k = 0; k < pAgg->nFunc; k++) {
    Window *pWin = pAgg->aFunc[k].pWin;
    int bOrderOk = pWin->pOrderBy == NULL || pWin->pOrderBy->nExpr == 0 ||
                   win_same_list(pWin->pOrderBy, w->pWin->pOrderBy);
    if (!win_same_list(pWin->pPartition, w->pWin->pPartition) || !bOrderOk) {
      cg_error(pCg, "window functions over different windows are not supported yet");
    }
  }
  if (pCg->rc) return pCg->rc;
  w->pPart = w->pWin->pPartition;
  w->pOrder = w->pWin->pOrderBy;
  w->nP = w->pPart ? w->pPart->nExpr : 0;
  w->nO = w->pOrder ? w->pOrder->nExpr : 0;
  w->pKeyP = win_keyinfo(pCg, &pS->nc, w->pPart, 0);
  w->pKeyO = win_keyinfo(pCg, &pS->nc, w->pOrder, 1);
  w->rRowid = cg_reg(pCg, 8);
  w->rPartStart = w->rRowid + 1;
  w->rPartEnd = w->rRowid + 2;
  w->rPeerStart = w->rRowid + 3;
  w->rPeerEnd = w->rRowid + 4;
  w->rDense = w->rRowid + 5;
  w->rFs = w->rRowid + 6;
  w->rFe = w->rRowid + 7;
  for (int i = 0; i < w->nP; i++) agg_collect(pCg, pAgg, w->pPart->a[i].pExpr);
  for (int i = 0; i < w->nO; i++) agg_collect(pCg, pAgg, w->pOrder->a[i].pExpr);
  return SQLITE_OK;
}

static void sel_window_body(Cg *pCg, SelInfo *pS, AggInfo *pAgg, WinInfo *pW, Expr *pWhere);

static void sel_window(Cg *pCg, SelInfo *pS, Expr *pWhere) {
  AggInfo *pAgg = ast_arena_alloc(pCg->pArena, sizeof(AggInfo));
  WinInfo w;
  memset(&w, 0, sizeof(w));
  if (pAgg == NULL) return;
  pAgg->pNc = &pS->nc;
  pAgg->iMinMax = -1;
  for (int i = 0; i < pS->pEList->nExpr; i++) win_collect(pCg, pAgg, pS->pEList->a[i].pExpr);
  for (int i = 0; pS->p->pOrderBy && i < pS->p->pOrderBy->nExpr; i++) {
    win_collect(pCg, pAgg, pS->p->pOrderBy->a[i].pExpr);
  }
  agg_collect_list(pCg, pAgg, pS->pEList);
  agg_collect_list(pCg, pAgg, pS->p->pOrderBy);
  if (win_setup(pCg, pS, pAgg, &w) == SQLITE_OK) sel_window_body(pCg, pS, pAgg, &w, pWhere);
  keyinfo_unref(w.pKeyP);   /* the ops hold their own references */
  keyinfo_unref(w.pKeyO);
}

static void sel_window_body(Cg *pCg, SelInfo *pS, AggInfo *pAgg, WinInfo *pW, Expr *pWhere) {
  Vdbe *v = pCg->v;
  WinInfo w = *pW;
  win_materialize(pCg, pS, pAgg, &w, pWhere);
  sel_explain_temps(pCg, pS);
  int nK = w.nP + w.nO;
  pAgg->nGroupBy = nK;
  pAgg->iPseudo = w.iA;
  int rFirst = cg_reg(pCg, 1), rPrev = cg_reg(pCg, nK + 1), rCur = cg_reg(pCg, nK + 1);
  vdbe_add_op2(v, OP_Integer, 0, rFirst);
  int lblDone = vdbe_make_label(v);
  vdbe_add_op2(v, OP_Rewind, w.iA, lblDone);
  int addrTop = vdbe_current_addr(v);
  int lblNext = vdbe_make_label(v);
  vdbe_add_op2(v, OP_Rowid, w.iA, w.rRowid);
  win_boundaries(pCg, &w, rFirst, rPrev, rCur);
  pS->nc.pAgg = pAgg;   /* arguments read the frame rows (win_arg) */
  for (int k = 0; k < pAgg->nFunc; k++) {
    AggFunc *f = &pAgg->aFunc[k];
    win_frame(pCg, &w, f->pWin);
    if (f->pDef && cg_func_is_agg(f->pDef)) win_aggregate(pCg, pAgg, &w, f);
    else win_builtin(pCg, pAgg, &w, f);
  }
  pAgg->iPseudo = w.iA;
  pAgg->eMode = AGG_MODE_SORTER;
  pS->nc.pAgg = pAgg;
  sel_result_row(pCg, pS, lblNext);
  pS->nc.pAgg = NULL;
  vdbe_resolve_label(v, lblNext);
  vdbe_add_op2(v, OP_Next, w.iA, addrTop);
  vdbe_resolve_label(v, lblDone);
}

/* Does the result list or ORDER BY call a window function? */
static int sel_has_window(Expr *p) {
  if (p == NULL) return 0;
  if (p->op == EXPR_FUNCTION && p->pWin) return 1;
  if (sel_has_window(p->pLeft) || sel_has_window(p->pRight) || sel_has_window(p->pExtra)) return 1;
  for (int i = 0; p->pList && i < p->pList->nExpr; i++) {
    if (sel_has_window(p->pList->a[i].pExpr)) return 1;
  }
  return 0;
}

static int sel_list_has_window(ExprList *pL) {
  for (int i = 0; pL && i < pL->nExpr; i++) {
    if (sel_has_window(pL->a[i].pExpr)) return 1;
  }
  return 0;
}

/* ---- window functions over an aggregate query ------------------------------ */

/* The aggregate query is compiled as a subquery; the window functions run
** over its rows.  aggregate calls and column references outside window
** calls become columns "_wN" of that subquery. */
typedef struct WinRw {
  Cg *pCg;
  ExprList *pInner;          /* the subquery's result list being built */
  int nAlloc;
} WinRw;

static int sel_walk_agg(sqlite3 *db, const Expr *p);

static int sel_walk_agg_list(sqlite3 *db, const ExprList *pL) {
  for (int i = 0; pL && i < pL->nExpr; i++) {
    if (sel_walk_agg(db, pL->a[i].pExpr)) return 1;
  }
  return 0;
}

/* Any aggregate call, also inside window arguments and window clauses? */
static int sel_walk_agg(sqlite3 *db, const Expr *p) {
  if (p == NULL || p->op == EXPR_SUBQUERY || p->op == EXPR_EXISTS) return 0;
  if (resolve_is_agg_call(db, p)) return 1;
  if (sel_walk_agg(db, p->pLeft) || sel_walk_agg(db, p->pRight) || sel_walk_agg(db, p->pExtra)) {
    return 1;
  }
  if (sel_walk_agg_list(db, p->pList)) return 1;
  return p->pWin && (sel_walk_agg_list(db, p->pWin->pPartition) ||
                     sel_walk_agg_list(db, p->pWin->pOrderBy));
}

/* Index of an inner column computing the same expression as p, or -1. */
static int winrw_find(WinRw *w, const Expr *p) {
  char *z = ast_print_expr(p);
  int iFound = -1;
  for (int i = 0; z && iFound < 0 && i < w->pInner->nExpr; i++) {
    char *z2 = ast_print_expr(w->pInner->a[i].pExpr);
    if (z2 && strcmp(z, z2) == 0) iFound = i;
    mem_free(z2);
  }
  mem_free(z);
  return iFound;
}

static Expr *winrw_ref(WinRw *w, Expr *p) {
  Cg *pCg = w->pCg;
  ExprList *pL = w->pInner;
  int iSame = winrw_find(w, p);   /* the same expression twice: one column */
  if (iSame >= 0) {
    Expr *pRef = ast_arena_alloc(pCg->pArena, sizeof(Expr));
    if (pRef == NULL) return p;
    pRef->op = EXPR_COLUMN;
    pRef->zTab = "_wsub";
    pRef->z = pL->a[iSame].zName;
    pRef->span = p->span;
    return pRef;
  }
  if (pL->nExpr >= w->nAlloc) {
    int nNew = w->nAlloc * 2 + 8;
    ExprListItem *a = ast_arena_alloc(pCg->pArena, sizeof(ExprListItem) * (u64)nNew);
    if (a == NULL) return p;
    if (pL->nExpr) memcpy(a, pL->a, sizeof(ExprListItem) * (size_t)pL->nExpr);
    pL->a = a;
    pL->nAlloc = w->nAlloc = nNew;
  }
  char zName[24];
  snprintf(zName, sizeof(zName), "_w%d", pL->nExpr);
  ExprListItem *it = &pL->a[pL->nExpr++];
  memset(it, 0, sizeof(*it));
  it->pExpr = p;
  it->zName = ast_arena_strdup(pCg->pArena, zName);
  Expr *pRef = ast_arena_alloc(pCg->pArena, sizeof(Expr));
  if (pRef == NULL) return p;
  pRef->op = EXPR_COLUMN;
  pRef->zTab = "_wsub";
  pRef->z = it->zName;
  pRef->span = p->span;
  return pRef;
}

static Expr *winrw_expr(WinRw *w, Expr *p);

static ExprList *winrw_list(WinRw *w, ExprList *pL) {
  if (pL == NULL) return NULL;
  ExprList *pNew = ast_dup_exprlist(w->pCg->pArena, pL);
  for (int i = 0; pNew && i < pNew->nExpr; i++) pNew->a[i].pExpr = winrw_expr(w, pL->a[i].pExpr);
  return pNew;
}

static Expr *winrw_expr(WinRw *w, Expr *p) {
  if (p == NULL) return NULL;
  if (p->op == EXPR_COLUMN || resolve_is_agg_call(w->pCg->db, p)) return winrw_ref(w, p);
  if (p->op == EXPR_SUBQUERY || p->op == EXPR_EXISTS || p->pSelect) return p;
  Expr *pNew = ast_arena_alloc(w->pCg->pArena, sizeof(Expr));
  if (pNew == NULL) return p;
  *pNew = *p;
  pNew->pLeft = winrw_expr(w, p->pLeft);
  pNew->pRight = winrw_expr(w, p->pRight);
  pNew->pExtra = winrw_expr(w, p->pExtra);
  pNew->pList = winrw_list(w, p->pList);
  if (p->pWin) {
    Window *pWin = ast_arena_alloc(w->pCg->pArena, sizeof(Window));
    if (pWin) {
      *pWin = *p->pWin;
      pWin->pPartition = winrw_list(w, p->pWin->pPartition);
      pWin->pOrderBy = winrw_list(w, p->pWin->pOrderBy);
      pNew->pWin = pWin;
    }
  }
  return pNew;
}

/* GROUP BY ordinals and aliases refer to the original result list. */
static ExprList *winrw_groupby(Cg *pCg, Select *p) {
  ExprList *pGB = ast_dup_exprlist(pCg->pArena, p->pGroupBy);
  for (int k = 0; pGB && k < pGB->nExpr; k++) {
    int r = resolve_orderby_term(pCg, p->pEList, pGB->a[k].pExpr, "GROUP BY");
    if (r >= 0 && !sel_has_window(p->pEList->a[r].pExpr)) pGB->a[k].pExpr = p->pEList->a[r].pExpr;
  }
  return pGB;
}

/* Rewrites p (window functions + aggregates) as a query over a subquery.
** Returns the outer query, or NULL when p needs no rewrite. */
static Select *sel_window_agg_rewrite(Cg *pCg, Select *p) {
  if (!sel_list_has_window(p->pEList) && !sel_list_has_window(p->pOrderBy)) return NULL;
  if (p->pGroupBy == NULL && !sel_walk_agg_list(pCg->db, p->pEList) &&
      !sel_walk_agg_list(pCg->db, p->pOrderBy)) {
    return NULL;
  }
  Arena *pA = pCg->pArena;
  WinRw w = {pCg, ast_arena_alloc(pA, sizeof(ExprList)), 0};
  Select *pInner = ast_arena_alloc(pA, sizeof(Select));
  Select *pOuter = ast_arena_alloc(pA, sizeof(Select));
  SrcList *pSrc = ast_arena_alloc(pA, sizeof(SrcList));
  if (!w.pInner || !pInner || !pOuter || !pSrc) return NULL;
  pSrc->a = ast_arena_alloc(pA, sizeof(SrcItem));
  if (pSrc->a == NULL) return NULL;
  *pOuter = *p;
  pOuter->pEList = winrw_list(&w, p->pEList);
  for (int i = 0; pOuter->pEList && i < pOuter->pEList->nExpr; i++) {
    ExprListItem *it = &pOuter->pEList->a[i];
    Expr *e = p->pEList->a[i].pExpr;
    if (it->zName == NULL && e->op == EXPR_COLUMN) it->zName = e->z;   /* keep its name */
  }
  pOuter->pOrderBy = ast_dup_exprlist(pA, p->pOrderBy);
  for (int k = 0; p->pOrderBy && pOuter->pOrderBy && k < p->pOrderBy->nExpr; k++) {
    Expr *e = p->pOrderBy->a[k].pExpr;   /* aliases and ordinals stay as they are */
    int r = resolve_orderby_term(pCg, p->pEList, e, "ORDER BY");
    pOuter->pOrderBy->a[k].pExpr = r == -1 ? winrw_expr(&w, e) : e;
  }
  pOuter->pWhere = pOuter->pHaving = NULL;
  pOuter->pGroupBy = NULL;
  for (Window **pp = &pOuter->pWinDefn; *pp; pp = &(*pp)->pNext) {
    Window *pW = ast_arena_alloc(pA, sizeof(Window));
    if (pW == NULL) return NULL;
    *pW = **pp;
    pW->pPartition = winrw_list(&w, (*pp)->pPartition);
    pW->pOrderBy = winrw_list(&w, (*pp)->pOrderBy);
    *pp = pW;
  }
  *pInner = *p;
  pInner->pEList = w.pInner;
  pInner->pGroupBy = winrw_groupby(pCg, p);
  pInner->pOrderBy = NULL;
  pInner->pLimit = pInner->pOffset = NULL;
  pInner->bDistinct = 0;
  pInner->pWinDefn = NULL;
  pInner->pWith = NULL;
  pSrc->nSrc = pSrc->nAlloc = 1;
  pSrc->a[0].pSelect = pInner;
  pSrc->a[0].zAlias = "_wsub";
  pOuter->pSrc = pSrc;
  pOuter->pWith = NULL;
  return w.pInner->nExpr > 0 ? pOuter : NULL;
}

/* ---- top level ------------------------------------------------------------------- */

static int sel_is_agg(Cg *pCg, SelInfo *pS) {
  if (pS->p->pGroupBy) return 1;
  for (int i = 0; i < pS->pEList->nExpr; i++) {
    if (resolve_has_agg(pCg->db, pS->pEList->a[i].pExpr)) return 1;
  }
  for (int i = 0; pS->p->pOrderBy && i < pS->p->pOrderBy->nExpr; i++) {
    if (resolve_has_agg(pCg->db, pS->p->pOrderBy->a[i].pExpr)) return 1;
  }
  return 0;
}

static int sel_resolve(Cg *pCg, SelInfo *pS) {
  Select *p = pS->p;
  pS->pEList = resolve_expand_star(pCg, &pS->nc, p->pEList);
  if (pS->pEList == NULL) return pCg->rc ? pCg->rc : SQLITE_NOMEM;
  p->pEList = pS->pEList;
  pS->nc.flags = NC_ALLOW_AGG | NC_NO_ALIAS | NC_ALLOW_WIN;
  resolve_exprlist(pCg, &pS->nc, pS->pEList);
  pS->nc.pEList = pS->pEList;
  pS->nc.flags = sel_is_agg(pCg, pS) ? NC_AGG_QUERY : 0;
  resolve_expr(pCg, &pS->nc, p->pWhere);
  pS->nc.flags = NC_ALLOW_AGG;
  resolve_expr(pCg, &pS->nc, p->pHaving);
  return pCg->rc;
}

static void sel_core(Cg *pCg, SelInfo *pS) {
  Vdbe *v = pCg->v;
  Select *p = pS->p;
  if (sel_resolve(pCg, pS)) return;
  Expr *pWhere = sel_join_terms(pCg, &pS->nc, p->pWhere);
  int bAgg = sel_is_agg(pCg, pS);
  if (p->pHaving && !bAgg) {
    cg_error(pCg, "HAVING clause on a non-aggregate query");
    return;
  }
  sel_mark_list(pCg, &pS->nc, pS->pEList);
  sel_mark_used(pCg, &pS->nc, pWhere);
  for (int i = 0; i < pS->nc.nSrc; i++) {
    sel_mark_used(pCg, &pS->nc, pS->nc.aSrc[i].pOnLeft);
    resolve_expr(pCg, &pS->nc, pS->nc.aSrc[i].pOnLeft);
  }
  sel_mark_used(pCg, &pS->nc, p->pHaving);
  sel_mark_list(pCg, &pS->nc, p->pOrderBy);
  sel_mark_list(pCg, &pS->nc, p->pGroupBy);
  ExprList *pGB = sel_groupby(pCg, pS);
  if (sel_orderby_setup(pCg, pS) || pCg->rc) return;
  if (pS->pDest->eDest == SRT_OUTPUT) sel_set_colnames(pCg, pS);
  if (pS->pDest->ppShape) *pS->pDest->ppShape = sel_shape(pCg, pS);
  sel_limit_setup(pCg, pS);
  if (p->bDistinct) {
    pS->iDistinct = cg_cursor(pCg);
    KeyInfo *pKey = cg_keyinfo(pCg, pS->pEList->nExpr, 0);
    for (int i = 0; pKey && i < pS->pEList->nExpr; i++) {
      pKey->aColl[i] = cg_coll(pCg, cg_expr_collname(pCg, &pS->nc, pS->pEList->a[i].pExpr));
    }
    pS->pDistKey = keyinfo_ref(pKey);
    pS->addrDistinct = vdbe_add_op4(v, OP_OpenEphemeral, pS->iDistinct, pS->pEList->nExpr, 0,
                                    pKey, P4_KEYINFO);
  }
  int addrSorter = p->pOrderBy ? sel_open_sorter(pCg, pS) : -1;
  int bWin = sel_list_has_window(pS->pEList) || sel_list_has_window(p->pOrderBy);
  if (bWin && bAgg) cg_error(pCg, "window functions in aggregate queries are not supported yet");
  else if (bWin) sel_window(pCg, pS, pWhere);
  else if (bAgg) sel_aggregate(pCg, pS, pWhere, pGB);
  else sel_simple(pCg, pS, pWhere, addrSorter);
  if (pS->iSorter >= 0) sel_sorter_output(pCg, pS);
}

/* A compound SELECT: UNION ALL streams; the others go through an index. */
static void sel_compound(Cg *pCg, Select *p, SelectDest *pDest, NameCtx *pOuter);

/* VALUES (...), (...): each row straight to the destination. */
static void sel_values(Cg *pCg, Select *p, SelectDest *pDest, NameCtx *pOuter) {
  ValuesList *pV = p->pValues;
  int n = pV->apRow[0]->nExpr;
  SelInfo s;
  memset(&s, 0, sizeof(s));
  s.p = p;
  s.pDest = pDest;
  s.iDistinct = -1;
  s.iSorter = -1;
  s.lblEnd = vdbe_make_label(pCg->v);
  s.nc.pOuter = pOuter;
  if (pDest->eDest == SRT_OUTPUT) {
    vdbe_set_num_cols(pCg->v, n);
    for (int i = 0; i < n; i++) {
      char *z = cg_mprintf("column%d", i + 1);
      vdbe_set_col_name(pCg->v, i, COLNAME_NAME, z, VDBE_DYNAMIC);
    }
  }
  int reg = cg_reg(pCg, n);
  for (int r = 0; r < pV->nRow && pCg->rc == SQLITE_OK; r++) {
    ExprList *pRow = pV->apRow[r];
    if (pRow->nExpr != n) {
      cg_error(pCg, "all VALUES must have the same number of terms");
      break;
    }
    resolve_exprlist(pCg, &s.nc, pRow);
    for (int i = 0; i < n; i++) cg_expr(pCg, &s.nc, pRow->a[i].pExpr, reg + i);
    int lblNext = vdbe_make_label(pCg->v);
    sel_dest_row(pCg, &s, reg, n);
    vdbe_resolve_label(pCg->v, lblNext);
  }
  vdbe_resolve_label(pCg->v, s.lblEnd);
}

void cg_select(Cg *pCg, Select *p, SelectDest *pDest, NameCtx *pOuter) {
  if (pCg->pArena->bOom) cg_error_rc(pCg, SQLITE_NOMEM, NULL);   /* a copy may be partial */
  if (pCg->rc != SQLITE_OK) return;
  if (pCg->nestDepth > SEL_MAX_NEST) {
    cg_error(pCg, "too many levels of nesting");
    return;
  }
  if (p->pWith) {
    CgWith w;
    memset(&w, 0, sizeof(w));
    w.pWith = p->pWith;
    w.pOuter = pCg->pWith;
    pCg->pWith = &w;
    p->pWith = NULL;
    cg_select(pCg, p, pDest, pOuter);
    p->pWith = w.pWith;
    pCg->pWith = w.pOuter;
    return;
  }
  if (p->pPrior) {
    sel_compound(pCg, p, pDest, pOuter);
    return;
  }
  if (p->pValues) {
    sel_values(pCg, p, pDest, pOuter);
    return;
  }
  Select *pRw = sel_window_agg_rewrite(pCg, p);
  if (pRw) p = pRw;   /* windows over an aggregate: query its result */
  pCg->nestDepth++;
  SelInfo s;
  memset(&s, 0, sizeof(s));
  s.p = p;
  s.pDest = pDest;
  s.iDistinct = -1;
  s.iSorter = -1;
  s.lblEnd = vdbe_make_label(pCg->v);
  if (sel_build_from(pCg, &s, pOuter) == SQLITE_OK) sel_core(pCg, &s);
  keyinfo_unref(s.pDistKey);
  vdbe_resolve_label(pCg->v, s.lblEnd);
  pCg->nestDepth--;
}

/* Result name of column i of a compound (its leftmost member's). */
static const char *sel_member_name(Cg *pCg, Select *pFirst, int i) {
  if (pFirst->pValues) {
    char zBuf[32];
    snprintf(zBuf, sizeof(zBuf), "column%d", i + 1);
    const char *z = ast_arena_strdup(pCg->pArena, zBuf);
    return z ? z : "";
  }
  ExprListItem *it = &pFirst->pEList->a[i];
  if (it->zName) return it->zName;
  if (it->pExpr->op == EXPR_COLUMN) return it->pExpr->z;
  return it->zSpan ? it->zSpan : cg_expr_text(pCg, it->pExpr);
}

/* Copies every row of ephemeral iFrom into iTo (index or table). */
static void sel_copy_eph(Cg *pCg, int iFrom, int iTo, int n, int bToIndex) {
  Vdbe *v = pCg->v;
  int addrEmpty = vdbe_add_op1(v, OP_Rewind, iFrom);
  int addrTop = vdbe_current_addr(v);
  int r = cg_reg(pCg, n + 2);
  for (int i = 0; i < n; i++) vdbe_add_op3(v, OP_Column, iFrom, i, r + i);
  vdbe_add_op3(v, OP_MakeRecord, r, n, r + n);
  if (bToIndex) {
    int addr = vdbe_add_op4_int(v, OP_Found, iTo, 0, r, n);
    vdbe_add_op2(v, OP_IdxInsert, iTo, r + n);
    vdbe_jump_here(v, addr);
  } else {
    vdbe_add_op2(v, OP_NewRowid, iTo, r + n + 1);
    vdbe_add_op3(v, OP_Insert, iTo, r + n, r + n + 1);
  }
  vdbe_add_op2(v, OP_Next, iFrom, addrTop);
  vdbe_jump_here(v, addrEmpty);
}

static int sel_open_eph(Cg *pCg, int n, int bIndex) {
  int iCur = cg_cursor(pCg);
  KeyInfo *pKey = bIndex ? cg_keyinfo(pCg, n, 0) : NULL;
  vdbe_add_op4(pCg->v, OP_OpenEphemeral, iCur, n, 0, pKey, pKey ? P4_KEYINFO : P4_NOTUSED);
  return iCur;
}

/* One member into the accumulated result (cursor *piCur, index or table). */
static void sel_compound_member(Cg *pCg, Select *pM, int op, int n, int *piCur, int *pbIndex,
                                 NameCtx *pOuter) {
  Vdbe *v = pCg->v;
  int bWantIndex = op != SELECT_UNION_ALL;
  if (*pbIndex != bWantIndex && *piCur >= 0) {
    int iNew = sel_open_eph(pCg, n, bWantIndex);
    sel_copy_eph(pCg, *piCur, iNew, n, bWantIndex);
    *piCur = iNew;
  }
  *pbIndex = bWantIndex;
  if (op == SELECT_UNION || op == SELECT_UNION_ALL || op == SELECT_SIMPLE) {
    SelectDest d = {.eDest = bWantIndex ? SRT_SET : SRT_TABLE, .iSDParm = *piCur, .nResult = n};
    if (bWantIndex) d.eDest = SRT_SET;
    cg_select(pCg, pM, &d, pOuter);
    return;
  }
  int iTmp = sel_open_eph(pCg, n, 1);
  SelectDest d = {.eDest = SRT_SET, .iSDParm = iTmp, .nResult = n};
  cg_select(pCg, pM, &d, pOuter);
  int r = cg_reg(pCg, n + 1);
  if (op == SELECT_EXCEPT) {
    int addrEmpty = vdbe_add_op1(v, OP_Rewind, iTmp);
    int addrTop = vdbe_current_addr(v);
    for (int i = 0; i < n; i++) vdbe_add_op3(v, OP_Column, iTmp, i, r + i);
    int addr = vdbe_add_op4_int(v, OP_NotFound, *piCur, 0, r, n);
    vdbe_add_op3(v, OP_IdxDelete, *piCur, r, n);
    vdbe_jump_here(v, addr);
    vdbe_add_op2(v, OP_Next, iTmp, addrTop);
    vdbe_jump_here(v, addrEmpty);
    return;
  }
  int iOut = sel_open_eph(pCg, n, 1);   /* INTERSECT: rows of both */
  int addrEmpty = vdbe_add_op1(v, OP_Rewind, iTmp);
  int addrTop = vdbe_current_addr(v);
  for (int i = 0; i < n; i++) vdbe_add_op3(v, OP_Column, iTmp, i, r + i);
  int addr = vdbe_add_op4_int(v, OP_NotFound, *piCur, 0, r, n);
  vdbe_add_op3(v, OP_MakeRecord, r, n, r + n);
  vdbe_add_op2(v, OP_IdxInsert, iOut, r + n);
  vdbe_jump_here(v, addr);
  vdbe_add_op2(v, OP_Next, iTmp, addrTop);
  vdbe_jump_here(v, addrEmpty);
  *piCur = iOut;
}

/* The final pass over the accumulated rows: ORDER BY, LIMIT, names. */
static void sel_compound_output(Cg *pCg, Select *pHead, Select *pFirst, int iCur, int n,
                                SelectDest *pDest, NameCtx *pOuter) {
  Table *pTab = ast_arena_alloc(pCg->pArena, sizeof(Table));
  Select *pFake = ast_arena_alloc(pCg->pArena, sizeof(Select));
  ExprList *pL = ast_arena_alloc(pCg->pArena, sizeof(ExprList));
  SrcTerm *pSrc = ast_arena_alloc(pCg->pArena, sizeof(SrcTerm));
  if (!pTab || !pFake || !pL || !pSrc) return;
  pL->a = ast_arena_alloc(pCg->pArena, sizeof(ExprListItem) * (u64)n);
  pTab->aCol = ast_arena_alloc(pCg->pArena, sizeof(Column) * (u64)n);
  if (!pL->a || !pTab->aCol) return;
  pTab->nCol = n;
  pTab->iPKey = -1;
  pTab->zName = "";
  for (int i = 0; i < n; i++) {
    const char *zName = sel_member_name(pCg, pFirst, i);
    pTab->aCol[i].zName = zName;
    Expr *e = ast_arena_alloc(pCg->pArena, sizeof(Expr));
    if (e == NULL) return;
    e->op = EXPR_COLUMN;
    e->z = zName;
    pL->a[i].pExpr = e;
    pL->a[i].zName = zName;
  }
  pL->nExpr = pL->nAlloc = n;
  pFake->pEList = pL;
  pFake->pOrderBy = pHead->pOrderBy;
  pFake->pLimit = pHead->pLimit;
  pFake->pOffset = pHead->pOffset;
  pSrc->pTab = pTab;
  pSrc->iCursor = iCur;
  pSrc->iIdxCur = -1;
  pSrc->bEphem = 1;
  pSrc->pSubCols = pL;
  SelInfo s;
  memset(&s, 0, sizeof(s));
  s.p = pFake;
  s.pDest = pDest;
  s.iDistinct = -1;
  s.iSorter = -1;
  s.lblEnd = vdbe_make_label(pCg->v);
  s.nc.aSrc = pSrc;
  s.nc.nSrc = 1;
  s.nc.pOuter = pOuter;
  u8 bSaved = pCg->bCompoundOrderBy;
  pCg->bCompoundOrderBy = 1;   /* its ORDER BY errors point at the term */
  sel_core(pCg, &s);
  pCg->bCompoundOrderBy = bSaved;
  vdbe_resolve_label(pCg->v, s.lblEnd);
}

static void sel_compound(Cg *pCg, Select *p, SelectDest *pDest, NameCtx *pOuter) {
  Select *apM[512];
  int nM = 0;
  for (Select *q = p; q && nM < 512; q = q->pPrior) apM[nM++] = q;
  if (nM >= 512) {
    cg_error(pCg, "too many terms in compound SELECT");
    return;
  }
  Select *pFirst = apM[nM - 1];
  int n = cg_select_ncol(pCg, p, pOuter);
  for (int k = nM - 2; k >= 0 && pCg->rc == SQLITE_OK; k--) {
    Select *pPrior = apM[k]->pPrior;
    apM[k]->pPrior = NULL;   /* count this member alone */
    int nThis = cg_select_ncol(pCg, apM[k], pOuter);
    apM[k]->pPrior = pPrior;
    if (nThis != n) {
      static const char *azOp[] = {"", "UNION", "UNION ALL", "INTERSECT", "EXCEPT"};
      cg_error(pCg, "SELECTs to the left and right of %s do not have the same number of "
               "result columns", azOp[apM[k]->op % 5]);
      return;
    }
  }
  int iCur = -1, bIndex = 0;
  int iParent = pCg->iSelectId;
  int iCompound = pCg->bExplainQp ? vdbe_add_explain(pCg->v, iParent, "COMPOUND QUERY") : 0;
  for (int k = nM - 1; k >= 0 && pCg->rc == SQLITE_OK; k--) {
    Select *pM = apM[k];
    if (pCg->bExplainQp) {
      static const char *azOp[] = {"LEFT-MOST SUBQUERY", "UNION USING TEMP B-TREE", "UNION ALL",
                                   "INTERSECT USING TEMP B-TREE", "EXCEPT USING TEMP B-TREE"};
      pCg->iSelectId = vdbe_add_explain(pCg->v, iCompound, azOp[k == nM - 1 ? 0 : pM->op % 5]);
    }
    Select *pPrior = pM->pPrior;
    ExprList *pOB = pM->pOrderBy;
    Expr *pLim = pM->pLimit, *pOff = pM->pOffset;
    int op = k == nM - 1 ? (apM[k - 1]->op == SELECT_UNION_ALL ? SELECT_UNION_ALL : SELECT_UNION)
                         : pM->op;
    if (iCur < 0) iCur = sel_open_eph(pCg, n, op != SELECT_UNION_ALL);
    if (iCur >= 0 && k == nM - 1) bIndex = op != SELECT_UNION_ALL;
    pM->pPrior = NULL;
    pM->pOrderBy = NULL;
    pM->pLimit = pM->pOffset = NULL;
    sel_compound_member(pCg, pM, op, n, &iCur, &bIndex, pOuter);
    pM->pPrior = pPrior;
    pM->pOrderBy = pOB;
    pM->pLimit = pLim;
    pM->pOffset = pOff;
  }
  pCg->iSelectId = iParent;
  if (pCg->rc == SQLITE_OK) sel_compound_output(pCg, p, pFirst, iCur, n, pDest, pOuter);
}

/* The CTE named zName visible from a SELECT whose own WITH is pLocal. */
static Cte *sel_find_cte(Cg *pCg, With *pLocal, const char *zName) {
  for (int i = 0; pLocal && i < pLocal->nCte; i++) {
    if (str_icmp(pLocal->a[i].zName, zName) == 0) return &pLocal->a[i];
  }
  for (CgWith *w = pCg->pWith; w; w = w->pOuter) {
    for (int i = 0; i < w->pWith->nCte; i++) {
      if (str_icmp(w->pWith->a[i].zName, zName) == 0) return &w->pWith->a[i];
    }
  }
  return NULL;
}

/* Columns a "*" over FROM item it contributes. */
static int sel_item_ncol(Cg *pCg, SrcItem *it, With *pLocal, NameCtx *pOuter) {
  if (it->pSelect) return cg_select_ncol(pCg, it->pSelect, pOuter);
  if (it->zName == NULL) return 0;
  Cte *pCte = it->zDb ? NULL : sel_find_cte(pCg, pLocal, it->zName);
  if (pCte && pCg->nestDepth < SEL_MAX_NEST) {
    if (pCte->pCols) return pCte->pCols->nId;
    pCg->nestDepth++;
    int n = cg_select_ncol(pCg, pCte->pSelect, NULL);
    pCg->nestDepth--;
    return n;
  }
  Table *pTab = schema_find_table(pCg->db, it->zDb, it->zName);
  if (pTab == NULL && str_nicmp(it->zName, "pragma_", 7) == 0) return cg_pragma_ncol(it->zName + 7);
  if (pTab && pTab->eType == TAB_VIEW && pCg->nestDepth < SEL_MAX_NEST) {
    pCg->nestDepth++;
    int n = cg_select_ncol(pCg, pTab->pSelect, NULL);
    pCg->nestDepth--;
    return n;
  }
  return pTab ? pTab->nCol : 0;
}

static int sel_ncol_raw(Cg *pCg, Select *p, NameCtx *pOuter);
static int sel_ncol_compiled(Cg *pCg, Select *p, With *pLocal, NameCtx *pOuter);

int cg_select_ncol(Cg *pCg, Select *p, NameCtx *pOuter) {
  int n = sel_ncol_raw(pCg, p, pOuter);
  if (n == 0 && pCg->rc == SQLITE_OK) {
    /* "*" over something unknown: compiling it reports the real error.
    ** Only the leftmost member: a compound would ask for its width again. */
    Select *pFirst = p;
    while (pFirst->pPrior) pFirst = pFirst->pPrior;
    sel_ncol_compiled(pCg, pFirst, p->pWith, pOuter);
    if (pCg->rc == SQLITE_OK) cg_error(pCg, "no tables specified");
  }
  return n;
}

/* Does "*" in p's result list hide USING/NATURAL duplicates? */
static int sel_star_merges(Select *p) {
  int bStar = 0;
  for (int i = 0; p->pEList && i < p->pEList->nExpr; i++) {
    Expr *e = p->pEList->a[i].pExpr;
    bStar |= e && e->op == EXPR_STAR && e->zTab == NULL;
  }
  for (int j = 1; bStar && p->pSrc && j < p->pSrc->nSrc; j++) {
    if (p->pSrc->a[j].pUsing || (p->pSrc->a[j].jointype & JT_NATURAL)) return 1;
  }
  return 0;
}

/* Width of leftmost member p whose "*" merges join columns: only the real
** FROM shapes know which names repeat, so p is compiled once into
** unreachable code; that expands its "*" in place (sel_resolve). */
static int sel_ncol_compiled(Cg *pCg, Select *p, With *pLocal, NameCtx *pOuter) {
  CgWith frame;
  cg_with_push(pCg, &frame, pLocal != p->pWith ? pLocal : NULL);
  u8 bSavedQp = pCg->bExplainQp;
  pCg->bExplainQp = 0;   /* the dead copy must not show in the plan */
  int addr = vdbe_add_op2(pCg->v, OP_Goto, 0, 0);
  SelectDest d = {.eDest = SRT_DISCARD};
  cg_select(pCg, p, &d, pOuter);
  vdbe_jump_here(pCg->v, addr);
  pCg->bExplainQp = bSavedQp;
  cg_with_pop(pCg, &frame);
  if (pCg->rc || p->pEList == NULL) return 0;
  return p->pEList->nExpr;
}

static int sel_ncol_raw(Cg *pCg, Select *p, NameCtx *pOuter) {
  With *pLocal = p->pWith;
  while (p->pPrior) p = p->pPrior;
  if (p->pValues) return p->pValues->apRow[0]->nExpr;
  if (sel_star_merges(p)) return sel_ncol_compiled(pCg, p, pLocal, pOuter);
  int n = 0;
  for (int i = 0; p->pEList && i < p->pEList->nExpr; i++) {
    Expr *e = p->pEList->a[i].pExpr;
    if (e == NULL) return 0;   /* only after a failed copy (the arena reports OOM) */
    if (e->op != EXPR_STAR) {
      n++;
      continue;
    }
    for (int j = 0; p->pSrc && j < p->pSrc->nSrc; j++) {
      SrcItem *it = &p->pSrc->a[j];
      const char *zA = it->zAlias ? it->zAlias : it->zName;
      if (e->zTab && (zA == NULL || str_icmp(zA, e->zTab) != 0)) continue;
      n += sel_item_ncol(pCg, it, pLocal, pOuter);
    }
  }
  return n;
}

void cg_with_push(Cg *pCg, CgWith *pFrame, With *pWith) {
  memset(pFrame, 0, sizeof(*pFrame));
  pFrame->pWith = pWith;
  pFrame->pOuter = pCg->pWith;
  if (pWith) pCg->pWith = pFrame;
}

void cg_with_pop(Cg *pCg, CgWith *pFrame) {
  if (pFrame->pWith) pCg->pWith = pFrame->pOuter;
}

void cg_select_stmt(Cg *pCg, Select *p) {
  SelectDest dest = {.eDest = SRT_OUTPUT};
  cg_select(pCg, p, &dest, NULL);
}
