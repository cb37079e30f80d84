/*
** plan.c: WHERE analysis and the nested-loop code of a FROM clause.
**
** For each FROM item, left to right (no reordering yet), the planner picks
** the cheapest access path from a small cost model: rowid equality, a
** unique index fully matched by equalities, an index with an equality
** prefix and/or a range on the next column, a rowid range with constant
** bounds, an index scan that yields the ORDER BY order, or a full scan
** (of a covering index when one is narrower than the table).  See plan.h
** for the invariants (filters re-applied unless the seek enforces them
** exactly; affinity/collation match; loop invariants hoisted).
*/
#include "plan.h"
#include <stdio.h>

#define PLAN_MAX_TERMS 64    /* AND terms analysed; the rest are filters only */

typedef struct PlanTerms {
  int n;
  Expr *a[PLAN_MAX_TERMS];
  u64 aMask[PLAN_MAX_TERMS];   /* FROM items referenced (bit 63: unknown/all) */
  u8 aDone[PLAN_MAX_TERMS];    /* already emitted as a filter */
  i8 aLeft[PLAN_MAX_TERMS];    /* LEFT JOIN item whose ON clause holds it, -1 WHERE */
  u8 aVirtual[PLAN_MAX_TERMS]; /* derived term: drives an index, never a filter */
  u64 mAvail;                  /* FROM items already visited by outer levels */
} PlanTerms;

/* ---- term analysis ---------------------------------------------------------------- */

static void plan_split(Expr *p, Expr **aOut, int *pn, int nMax, Expr **ppRest) {
  if (p == NULL) return;
  if (p->op == EXPR_AND) {
    plan_split(p->pLeft, aOut, pn, nMax, ppRest);
    plan_split(p->pRight, aOut, pn, nMax, ppRest);
    return;
  }
  if (*pn < nMax) aOut[(*pn)++] = p;
  else if (*ppRest == NULL) *ppRest = p;
}

/* "x BETWEEN lo AND hi" adds the derived terms "x >= lo" and "x <= hi", so
** that a range on x can drive an index or rowid search exactly as the two
** comparisons would (SQLite defines BETWEEN as that pair).  The derived
** terms share the BETWEEN's operands and are never emitted as filters: the
** BETWEEN term itself stays and is still tested, so results do not depend on
** whether a derived term was used. */
static void plan_add_between_terms(Cg *pCg, PlanTerms *pT) {
  int n0 = pT->n;
  for (int t = 0; t < n0 && pT->n + 2 <= PLAN_MAX_TERMS; t++) {
    Expr *p = pT->a[t];
    if (p->op != EXPR_BETWEEN || p->bNot) continue;
    Expr *aNew = ast_arena_alloc(pCg->pArena, 2 * sizeof(Expr));
    if (aNew == NULL) return;   /* only a lost optimisation */
    for (int k = 0; k < 2; k++) {
      Expr *q = &aNew[k];
      memset(q, 0, sizeof(*q));
      q->op = k == 0 ? EXPR_GE : EXPR_LE;
      q->span = p->span;
      q->pLeft = p->pLeft;
      q->pRight = k == 0 ? p->pRight : p->pExtra;
      q->nHeight = p->nHeight;
      pT->aLeft[pT->n] = pT->aLeft[t];
      pT->aVirtual[pT->n] = 1;
      pT->a[pT->n++] = q;
    }
  }
}

/* Bitmask of the FROM items of pNc that p references. */
static u64 plan_mask(Cg *pCg, NameCtx *pNc, const Expr *p) {
  if (p == NULL) return 0;
  if (p->op == EXPR_SUBQUERY || p->op == EXPR_EXISTS || (p->op == EXPR_IN && p->pSelect)) {
    return ~(u64)0;     /* correlation unknown: treat as referencing everything */
  }
  u64 m = 0;
  if (p->op == EXPR_COLUMN) {
    NameCtx *pF;
    int iSrc, iCol;
    if (resolve_in_scope(pCg, pNc, p, &pF, &iSrc, &iCol) && pF == pNc) {
      m |= (u64)1 << (iSrc < 63 ? iSrc : 63);
    }
  }
  m |= plan_mask(pCg, pNc, p->pLeft) | plan_mask(pCg, pNc, p->pRight);
  m |= plan_mask(pCg, pNc, p->pExtra);
  for (int i = 0; p->pList && i < p->pList->nExpr; i++) {
    m |= plan_mask(pCg, pNc, p->pList->a[i].pExpr);
  }
  return m;
}

/* If p is a column of FROM item iSrc, its column (-1 rowid); else -2. */
static int plan_term_col(Cg *pCg, NameCtx *pNc, const Expr *p, int iSrc) {
  while (p && p->op == EXPR_POS) p = NULL;   /* +x disables index use */
  if (p == NULL || p->op != EXPR_COLUMN) return -2;
  NameCtx *pF;
  int i, iCol;
  if (!resolve_in_scope(pCg, pNc, p, &pF, &i, &iCol) || pF != pNc || i != iSrc) return -2;
  Table *pTab = pNc->aSrc[iSrc].pTab;
  return (iCol == pTab->iPKey) ? -1 : iCol;
}

/* One usable constraint "column op value". */
typedef struct PlanCons {
  int iCol;       /* -1 rowid */
  int op;         /* EXPR_EQ, EXPR_LT... as seen from the column side */
  Expr *pVal;     /* the other side */
  Expr *pColExpr; /* the column side */
} PlanCons;

static int plan_flip(int op) {
  switch (op) {
    case EXPR_LT: return EXPR_GT;
    case EXPR_LE: return EXPR_GE;
    case EXPR_GT: return EXPR_LT;
    case EXPR_GE: return EXPR_LE;
    default: return op;
  }
}

/* Does term t constrain FROM item iSrc with a value available before it? */
static int plan_constraint(Cg *pCg, NameCtx *pNc, PlanTerms *pT, int t, int iSrc, PlanCons *c) {
  Expr *p = pT->a[t];
  int bLeftLevel = (pNc->aSrc[iSrc].jointype & JT_LEFT) != 0;
  if (bLeftLevel ? pT->aLeft[t] != iSrc : pT->aLeft[t] != -1) return 0;
  u64 mAvail = pT->mAvail;
  if (p->op == EXPR_IN && !p->bNot && p->pList && p->pList->nExpr > 0 && p->pSelect == NULL) {
    int iCol = plan_term_col(pCg, pNc, p->pLeft, iSrc);
    if (iCol == -2 || (plan_mask(pCg, pNc, p) & ~(mAvail | ((u64)1 << iSrc))) != 0) return 0;
    for (int i = 0; i < p->pList->nExpr; i++) {
      if (plan_mask(pCg, pNc, p->pList->a[i].pExpr) & ~mAvail) return 0;
    }
    c->iCol = iCol;
    c->op = EXPR_IN;
    c->pVal = p;
    c->pColExpr = p->pLeft;
    return 1;
  }
  if (p->op != EXPR_EQ && p->op != EXPR_LT && p->op != EXPR_LE && p->op != EXPR_GT &&
      p->op != EXPR_GE && p->op != EXPR_IS) {
    return 0;
  }
  for (int side = 0; side < 2; side++) {
    Expr *pCol = side ? p->pRight : p->pLeft;
    Expr *pVal = side ? p->pLeft : p->pRight;
    int iCol = plan_term_col(pCg, pNc, pCol, iSrc);
    if (iCol == -2) continue;
    if ((plan_mask(pCg, pNc, pVal) & ~mAvail) != 0) continue;
    if (pVal->op == EXPR_VECTOR) continue;
    c->iCol = iCol;
    c->op = side ? plan_flip(p->op) : p->op;
    if (c->op == EXPR_IS) {
      /* only "x IS <non-NULL literal>" is an equality: the key code treats a
      ** NULL key as "no row matches", which would lose the rows "x IS NULL"
      ** must find (they are filtered by a scan instead) */
      int bLit = pVal->op == EXPR_INTEGER || pVal->op == EXPR_FLOAT ||
                 pVal->op == EXPR_STRING || pVal->op == EXPR_BLOB;
      if (!bLit) continue;
      c->op = EXPR_EQ;
    }
    c->pVal = pVal;
    c->pColExpr = pCol;
    return 1;
  }
  return 0;
}

/* Would the index column's affinity and collation honour this term? */
static int plan_index_compatible(Cg *pCg, NameCtx *pNc, Index *pIdx, int j, PlanCons *c) {
  Table *pTab = pIdx->pTable;
  int iCol = pIdx->aiColumn[j];
  if (iCol < 0) return 0;
  char colAff = pTab->aCol[iCol].affinity;
  char valAff = cg_expr_affinity(pCg, pNc, c->pVal);
  if (colAff == AFF_TEXT || colAff == AFF_BLOB) {
    if (valAff >= AFF_NUMERIC) return 0;   /* comparison would be numeric */
  }
  const char *zColl = NULL;
  const Expr *e = c->pColExpr;
  if (e->op == EXPR_COLLATE) zColl = e->z;
  if (zColl == NULL && c->pVal->op == EXPR_COLLATE) zColl = c->pVal->z;
  if (zColl == NULL) zColl = pTab->aCol[iCol].zColl;
  if (zColl == NULL) zColl = "BINARY";
  return str_icmp(zColl, pIdx->azColl[j]) == 0;
}

/* ---- choosing a path ------------------------------------------------------------ */

static int plan_index_covers(Index *pIdx, u64 colUsed) {
  for (int i = 0; i < 64 && i < pIdx->pTable->nCol; i++) {
    if ((colUsed & ((u64)1 << i)) == 0 || i == pIdx->pTable->iPKey) continue;
    int bIn = 0;
    for (int j = 0; j < pIdx->nColumn; j++) bIn |= pIdx->aiColumn[j] == i;
    if (!bIn) return 0;
  }
  return pIdx->pTable->nCol < 64 || (colUsed >> 63) == 0;
}

/* Fills an index level: equality prefix then one range.  Returns a score. */
static int plan_try_index(Cg *pCg, NameCtx *pNc, PlanTerms *pT, int iSrc, Index *pIdx,
                          PlanLevel *L) {
  memset(L, 0, sizeof(*L));
  L->eType = PLAN_INDEX;
  L->pIdx = pIdx;
  if (pIdx->pPartial) return -1;
  for (int j = 0; j < pIdx->nKeyCol && j < PLAN_MAX_EQ; j++) {
    int bEq = 0;
    for (int t = 0; t < pT->n && !bEq; t++) {
      PlanCons c;
      if (!plan_constraint(pCg, pNc, pT, t, iSrc, &c) || c.iCol != pIdx->aiColumn[j]) continue;
      if (!plan_index_compatible(pCg, pNc, pIdx, j, &c)) continue;
      if (c.op == EXPR_EQ) {
        L->apEq[L->nEq++] = c.pVal;
        bEq = 1;
      } else if (c.op == EXPR_GT || c.op == EXPR_GE) {
        if (L->pLo == NULL) { L->pLo = c.pVal; L->bLoIncl = c.op == EXPR_GE; }
      } else if (L->pHi == NULL) {
        L->pHi = c.pVal;
        L->bHiIncl = c.op == EXPR_LE;
      }
    }
    if (!bEq && j == 0) {
      for (int t = 0; t < pT->n && L->pIn == NULL; t++) {
        PlanCons c;
        if (!plan_constraint(pCg, pNc, pT, t, iSrc, &c) || c.op != EXPR_IN) continue;
        if (c.iCol != pIdx->aiColumn[0]) continue;
        PlanCons c2 = c;
        c2.pVal = c.pVal->pList->a[0].pExpr;
        if (!plan_index_compatible(pCg, pNc, pIdx, 0, &c2)) continue;
        L->pIn = c.pVal;
        L->nEq = 1;
        L->pLo = L->pHi = NULL;
        return 90;   /* one seek per value, no further columns */
      }
    }
    if (!bEq) break;
    L->pLo = L->pHi = NULL;   /* a range only counts on the column after the prefix */
  }
  if (L->nEq < pIdx->nKeyCol && L->pLo == NULL && L->pHi == NULL) {
    /* recompute the range on column nEq (the loop reset it) */
    for (int t = 0; t < pT->n; t++) {
      PlanCons c;
      if (!plan_constraint(pCg, pNc, pT, t, iSrc, &c) || c.iCol != pIdx->aiColumn[L->nEq]) continue;
      if (!plan_index_compatible(pCg, pNc, pIdx, L->nEq, &c)) continue;
      if ((c.op == EXPR_GT || c.op == EXPR_GE) && L->pLo == NULL) {
        L->pLo = c.pVal;
        L->bLoIncl = c.op == EXPR_GE;
      } else if ((c.op == EXPR_LT || c.op == EXPR_LE) && L->pHi == NULL) {
        L->pHi = c.pVal;
        L->bHiIncl = c.op == EXPR_LE;
      }
    }
  }
  if ((L->pLo || L->pHi) && L->nEq < pIdx->nKeyCol && pIdx->aDesc[L->nEq]) {
    /* a DESC column stores larger values first: the value bounds swap ends */
    Expr *pTmp = L->pLo;
    L->pLo = L->pHi;
    L->pHi = pTmp;
    int bTmp = L->bLoIncl;
    L->bLoIncl = L->bHiIncl;
    L->bHiIncl = bTmp;
  }
  if (L->nEq == pIdx->nKeyCol && pIdx->onError) return 900;
  int score = L->nEq * 100;
  if (L->pLo || L->pHi) score += L->pLo && L->pHi ? 60 : 40;
  return score;
}

/* Does scanning pIdx (or the table when pIdx NULL) deliver pOrderBy? */
static int plan_orderby_match(Cg *pCg, NameCtx *pNc, int iSrc, Index *pIdx, int nEq,
                              ExprList *pOrderBy, int *pbDesc) {
  if (pOrderBy == NULL || pNc->nSrc != 1) return 0;
  int bDesc = -1;
  for (int k = 0; k < pOrderBy->nExpr; k++) {
    ExprListItem *it = &pOrderBy->a[k];
    int iCol = plan_term_col(pCg, pNc, it->pExpr, iSrc);
    if (iCol == -2 || it->pExpr->op == EXPR_COLLATE) return 0;
    int d = it->eSortOrder == SORT_DESC;
    if (it->eNulls != NULLS_DEFAULT && (it->eNulls == NULLS_LAST) != d) return 0;
    int j = nEq + k;
    /* the walk direction this term asks for: a DESC index column reverses it */
    int dWalk = (pIdx && j < pIdx->nKeyCol && pIdx->aDesc[j]) ? !d : d;
    if (bDesc >= 0 && dWalk != bDesc) return 0;
    if (pIdx == NULL) {
      if (iCol != -1 || k != 0) return 0;
      bDesc = d;
      break;   /* rowids are unique: later terms cannot change the order */
    }
    if (j >= pIdx->nKeyCol && pIdx == pIdx->pTable->pPk) break;   /* a unique, NOT NULL key */
    bDesc = dWalk;
    if (j > pIdx->nKeyCol) return 0;
    if (j == pIdx->nKeyCol) {
      if (iCol != -1) return 0;
      continue;
    }
    if (pIdx->aiColumn[j] != iCol) return 0;
    const char *zColl = pNc->aSrc[iSrc].pTab->aCol[iCol < 0 ? 0 : iCol].zColl;
    if (iCol >= 0 && str_icmp(zColl ? zColl : "BINARY", pIdx->azColl[j]) != 0) return 0;
  }
  *pbDesc = bDesc > 0;
  return 1;
}

/* Rowid constraints of FROM item iSrc: equality (score 1000), IN (900),
** a range (50); 0 if none.  Any bound expression works: the table seek
** applies numeric affinity and handles REAL, text and NULL keys, and the
** range terms stay as filters, so a bound that cannot stop the scan early
** (text, NULL) only costs time. */
static int plan_rowid_cons(Cg *pCg, NameCtx *pNc, PlanTerms *pT, int iSrc, PlanLevel *L) {
  int best = 0;
  for (int t = 0; t < pT->n; t++) {
    PlanCons c;
    if (!plan_constraint(pCg, pNc, pT, t, iSrc, &c) || c.iCol != -1) continue;
    if (c.op == EXPR_IN && best < 900) {
      L->eType = PLAN_ROWID_EQ;
      L->pIn = c.pVal;
      best = 900;
    } else if (c.op == EXPR_EQ && best < 1000) {
      L->pIn = NULL;
      L->eType = PLAN_ROWID_EQ;
      L->apEq[0] = c.pVal;
      best = 1000;
    } else if (best < 900 && c.op != EXPR_EQ) {
      L->eType = PLAN_ROWID_RANGE;
      if ((c.op == EXPR_GT || c.op == EXPR_GE) && !L->pLo) {
        L->pLo = c.pVal;
        L->bLoIncl = c.op == EXPR_GE;
      }
      if ((c.op == EXPR_LT || c.op == EXPR_LE) && !L->pHi) {
        L->pHi = c.pVal;
        L->bHiIncl = c.op == EXPR_LE;
      }
      best = 50;
    }
  }
  return best;
}

static int plan_choose(Cg *pCg, WhereInfo *pW, PlanTerms *pT, int iSrc, PlanLevel *L,
                       ExprList *pOrderBy, int flags) {
  NameCtx *pNc = pW->pNc;
  SrcTerm *pSrc = &pNc->aSrc[iSrc];
  memset(L, 0, sizeof(*L));
  if (pSrc->regCoroutine) return 0;   /* a streamed CTE: read in order, once */
  int best = plan_rowid_cons(pCg, pNc, pT, iSrc, L);
  if (pSrc->pTab->tnum == 0) return best;   /* ephemeral: scan only */
  int bestOrder = 0;
  /* a WITHOUT ROWID table's PRIMARY KEY first: secondary indexes win ties */
  Index *pFirst = pSrc->pTab->pPk ? pSrc->pTab->pPk : pSrc->pTab->pIndex;
  for (Index *pIdx = pFirst; pIdx && best < 1000;
       pIdx = pIdx == pSrc->pTab->pPk ? pSrc->pTab->pIndex : pIdx->pNext) {
    PlanLevel cand;
    int score = plan_try_index(pCg, pNc, pT, iSrc, pIdx, &cand);
    int bDesc = 0, candOrder = 0;
    if (score >= 0 && cand.pIn == NULL &&
        plan_orderby_match(pCg, pNc, iSrc, pIdx, cand.nEq, pOrderBy, &bDesc)) {
      score += 30;
      cand.bDesc = bDesc;
      candOrder = 1;
    } else if (score <= 0) {
      continue;
    }
    if (score >= best) {   /* ties go to the later index, as SQLite's planner picks */
      *L = cand;
      best = score;
      bestOrder = candOrder;
    }
  }
  L->bOrder = bestOrder;
  if ((best == 0 || L->eType == PLAN_ROWID_RANGE) && pOrderBy) {
    int bDesc = 0;   /* a rowid range walks either way (plan_code_rowid_range) */
    if (plan_orderby_match(pCg, pNc, iSrc, NULL, 0, pOrderBy, &bDesc)) {
      L->bDesc = bDesc;
      L->bOrder = 1;
    }
  }
  if (L->eType == PLAN_INDEX) {
    L->bCovering = pSrc->regCols == 0 && plan_index_covers(L->pIdx, pSrc->colUsed);
  } else if (L->eType == PLAN_SCAN && !L->bOrder && pSrc->regCols == 0) {
    Index *pBest = NULL;   /* a covering index is a narrower full scan */
    for (Index *pIdx = pSrc->pTab->pIndex; pIdx; pIdx = pIdx->pNext) {
      if (pIdx->pPartial || !plan_index_covers(pIdx, pSrc->colUsed)) continue;
      /* a WITHOUT ROWID table's rows are no narrower than an index holding
      ** every column: SQLite scans such an index too (the later one on ties) */
      int bWr = pSrc->pTab->bWithoutRowid;
      if (!bWr && pIdx->nColumn >= pSrc->pTab->nCol) continue;
      if (pBest == NULL || pIdx->nColumn < pBest->nColumn ||
          (bWr && pIdx->nColumn == pBest->nColumn)) {
        pBest = pIdx;
      }
    }
    if (pBest && !(flags & WHERE_ONEPASS)) {
      L->eType = PLAN_INDEX;
      L->pIdx = pBest;
      L->bCovering = 1;
    }
  }
  (void)pW;
  return best;
}

/* Join order: at each depth, the FROM item with the best access path given
** the items already placed; ties go to the item that gains least from
** waiting (its best path with everything else available), then to FROM
** order.  Outer joins and CROSS JOIN keep the written order. */
static int plan_pick(Cg *pCg, WhereInfo *pW, PlanTerms *pT, u64 mPlaced, ExprList *pOrderBy,
                     int flags, PlanLevel *pOut) {
  NameCtx *pNc = pW->pNc;
  int n = pNc->nSrc, bFixed = 0;
  for (int i = 0; i < n; i++) {
    bFixed |= (pNc->aSrc[i].jointype & (JT_LEFT | JT_RIGHT | JT_CROSS)) != 0;
  }
  int iBest = -1, scoreBest = -1, potBest = 0;
  for (int s = 0; s < n; s++) {
    if (mPlaced & ((u64)1 << s)) continue;
    PlanLevel cand;
    pT->mAvail = mPlaced;
    int score = plan_choose(pCg, pW, pT, s, &cand, pOrderBy, flags);
    if (bFixed || n == 1) {
      *pOut = cand;
      pOut->iSrc = s;
      return s;
    }
    PlanLevel later;
    pT->mAvail = ~((u64)1 << s);
    int pot = plan_choose(pCg, pW, pT, s, &later, NULL, flags);
    if (score > scoreBest || (score == scoreBest && pot < potBest)) {
      iBest = s;
      scoreBest = score;
      potBest = pot;
      *pOut = cand;
    }
  }
  pT->mAvail = mPlaced;
  pOut->iSrc = iBest;
  return iBest;
}

/* ---- EXPLAIN QUERY PLAN text ----------------------------------------------------- */

static void plan_append(char *z, int n, const char *zAdd) {
  size_t len = strlen(z);
  if (len + strlen(zAdd) + 1 < (size_t)n) memcpy(z + len, zAdd, strlen(zAdd) + 1);
}

static void plan_constraint_text(PlanLevel *L, Table *pTab, char *z, int n) {
  int bAny = 0;
  for (int j = 0; j < L->nEq; j++) {
    int iCol = L->pIdx->aiColumn[j];
    plan_append(z, n, j ? " AND " : " (");
    plan_append(z, n, iCol < 0 ? "rowid" : pTab->aCol[iCol].zName);
    plan_append(z, n, "=?");
    bAny = 1;
  }
  const char *zRange = NULL;
  Expr *pLo = L->pLo, *pHi = L->pHi;
  if (pLo || pHi) {
    int iCol = L->pIdx ? L->pIdx->aiColumn[L->nEq] : -1;
    zRange = iCol < 0 ? "rowid" : pTab->aCol[iCol].zName;
    if (L->pIdx && L->pIdx->aDesc[L->nEq]) {   /* plan_try_index swapped the ends */
      pLo = L->pHi;
      pHi = L->pLo;
    }
  }
  if (pLo) {
    plan_append(z, n, bAny ? " AND " : " (");
    plan_append(z, n, zRange);
    plan_append(z, n, ">?");
    bAny = 1;
  }
  if (pHi) {
    plan_append(z, n, bAny ? " AND " : " (");
    plan_append(z, n, zRange);
    plan_append(z, n, "<?");
    bAny = 1;
  }
  if (bAny) plan_append(z, n, ")");
}

char *plan_describe(Cg *pCg, WhereInfo *pW, int iLevel) {
  (void)pCg;
  PlanLevel *L = &pW->a[iLevel];
  SrcTerm *pSrc = &pW->pNc->aSrc[L->iSrc];
  char z[600];
  const char *zName = pSrc->zAlias ? pSrc->zAlias : pSrc->pTab->zName;
  int bSearch = L->eType == PLAN_ROWID_EQ || L->eType == PLAN_ROWID_RANGE ||
                (L->eType == PLAN_INDEX && (L->nEq || L->pLo || L->pHi));
  snprintf(z, sizeof(z), "%s %s", bSearch ? "SEARCH" : "SCAN", zName);
  if (L->eType == PLAN_ROWID_EQ) {
    plan_append(z, sizeof(z), " USING INTEGER PRIMARY KEY (rowid=?)");
  } else if (L->eType == PLAN_ROWID_RANGE) {
    plan_append(z, sizeof(z), " USING INTEGER PRIMARY KEY");
    plan_constraint_text(L, pSrc->pTab, z, sizeof(z));
  } else if (L->eType == PLAN_INDEX && L->pIdx == pSrc->pTab->pPk) {
    if (bSearch) {
      plan_append(z, sizeof(z), " USING PRIMARY KEY");
      plan_constraint_text(L, pSrc->pTab, z, sizeof(z));
    }
  } else if (L->eType == PLAN_INDEX) {
    plan_append(z, sizeof(z), L->bCovering ? " USING COVERING INDEX " : " USING INDEX ");
    plan_append(z, sizeof(z), L->pIdx->zName);
    plan_constraint_text(L, pSrc->pTab, z, sizeof(z));
  }
  if (pSrc->jointype & JT_LEFT) plan_append(z, sizeof(z), " LEFT-JOIN");
  return mem_strdup(z);
}

/* ---- loop invariants (plan.h invariant 3) ------------------------------------------ */

/* Can p be computed once before the loop?  Only operators over literals
** and parameters: they read no row and raise no error, so evaluating them
** early (even for a loop that visits no row, or for a term an earlier AND
** term would have skipped) cannot change what the statement does.
** Functions stay in the loop: even deterministic ones may fail (abs() of
** the smallest integer), and SQLite evaluates those lazily. */
static int plan_invariant(const Expr *p) {
  if (p == NULL) return 1;
  switch (p->op) {
    case EXPR_NULL: case EXPR_INTEGER: case EXPR_FLOAT: case EXPR_STRING: case EXPR_BLOB:
    case EXPR_VARIABLE:
      return 1;
    case EXPR_NEG: case EXPR_POS: case EXPR_BITNOT: case EXPR_NOT: case EXPR_ISNULL:
    case EXPR_NOTNULL: case EXPR_CONCAT: case EXPR_MUL: case EXPR_DIV: case EXPR_REM:
    case EXPR_ADD: case EXPR_SUB: case EXPR_BITAND: case EXPR_BITOR: case EXPR_LSHIFT:
    case EXPR_RSHIFT: case EXPR_COLLATE: case EXPR_CAST:
      return plan_invariant(p->pLeft) && plan_invariant(p->pRight);
    default:
      return 0;   /* columns, TRUE/FALSE (may name a column), subqueries, calls... */
  }
}

/* A leaf costs one op wherever it is compiled; hoisting it pays only
** where the loop reads its register in place (comparison operands). */
static int plan_is_leaf(const Expr *p) {
  return p->pLeft == NULL && p->pRight == NULL;
}

static int plan_is_compare(int op) {
  return op == EXPR_LT || op == EXPR_LE || op == EXPR_GT || op == EXPR_GE || op == EXPR_EQ ||
         op == EXPR_NE || op == EXPR_IS || op == EXPR_ISNOT || op == EXPR_BETWEEN;
}

static Expr *plan_hoist(Cg *pCg, WhereInfo *pW, Expr *p, int bOperand, int nDepth);

/* Copy of list pL with its items hoisted (pL itself when nothing is). */
static ExprList *plan_hoist_list(Cg *pCg, WhereInfo *pW, ExprList *pL, int bOp, int nDepth) {
  ExprList *pNew = NULL;
  for (int i = 0; pL && i < pL->nExpr; i++) {
    Expr *e = plan_hoist(pCg, pW, pL->a[i].pExpr, bOp, nDepth + 1);
    if (e == pL->a[i].pExpr) continue;
    if (pNew == NULL) {
      pNew = ast_arena_alloc(pCg->pArena, sizeof(ExprList));
      ExprListItem *a = ast_arena_alloc(pCg->pArena, sizeof(ExprListItem) * (u64)pL->nExpr);
      if (pNew == NULL || a == NULL) return pL;   /* arena OOM is reported by cg_expr */
      memcpy(a, pL->a, sizeof(ExprListItem) * (u64)pL->nExpr);
      *pNew = *pL;
      pNew->a = a;
      pNew->nAlloc = pL->nExpr;
    }
    pNew->a[i].pExpr = e;
  }
  return pNew ? pNew : pL;
}

/* p with its maximal loop-invariant subtrees replaced by PlanHoisted nodes
** whose values are computed here, before the loop.  Changed nodes are
** copies; p's tree is left as it was.  Returns p when nothing changed. */
static Expr *plan_hoist(Cg *pCg, WhereInfo *pW, Expr *p, int bOperand, int nDepth) {
  if (p == NULL || pCg->rc != SQLITE_OK || nDepth > 200) return p;
  ASSERT((p->flags & EXPR_F_HOISTED) == 0);
  if (plan_invariant(p)) {
    if (!bOperand && plan_is_leaf(p)) return p;
    PlanHoisted *h = ast_arena_alloc(pCg->pArena, sizeof(PlanHoisted));
    if (h == NULL) return p;
    h->e = *p;
    h->e.flags |= EXPR_F_HOISTED;
    h->iReg = cg_reg(pCg, 1);
    cg_expr(pCg, pW->pNc, p, h->iReg);
    return &h->e;
  }
  if (p->op == EXPR_SUBQUERY || p->op == EXPR_EXISTS || p->op == EXPR_FUNCTION) return p;
  int bOp = plan_is_compare(p->op) || p->op == EXPR_IN;
  Expr *l = plan_hoist(pCg, pW, p->pLeft, bOp, nDepth + 1);
  Expr *r = plan_hoist(pCg, pW, p->pRight, bOp, nDepth + 1);
  Expr *x = plan_hoist(pCg, pW, p->pExtra, bOp, nDepth + 1);
  ExprList *pL = p->pSelect ? p->pList : plan_hoist_list(pCg, pW, p->pList, bOp, nDepth);
  if (l == p->pLeft && r == p->pRight && x == p->pExtra && pL == p->pList) return p;
  Expr *pNew = ast_arena_alloc(pCg->pArena, sizeof(Expr));
  if (pNew == NULL) return p;
  *pNew = *p;
  pNew->pLeft = l;
  pNew->pRight = r;
  pNew->pExtra = x;
  pNew->pList = pL;
  ASSERT(pNew->op == p->op);
  return pNew;
}

/* Hoists the loop invariants of every filter term (not the derived ones:
** they only build seek keys, outside the loop already). */
static void plan_hoist_terms(Cg *pCg, WhereInfo *pW, PlanTerms *pT, Expr **ppRest) {
  /* EXPLAIN QUERY PLAN never runs the loop, and its ids are op addresses:
  ** code before the loop would shift them away from SQLite's */
  if (pW->nLevel == 0 || pCg->bExplainQp) return;
  for (int t = 0; t < pT->n; t++) {
    if (!pT->aVirtual[t] && !pT->aDone[t]) pT->a[t] = plan_hoist(pCg, pW, pT->a[t], 0, 0);
  }
  *ppRest = plan_hoist(pCg, pW, *ppRest, 0, 0);
}

/* ---- loop code ------------------------------------------------------------------- */

static void plan_open(Cg *pCg, WhereInfo *pW, int i, int flags) {
  Vdbe *v = pCg->v;
  PlanLevel *L = &pW->a[i];
  SrcTerm *pSrc = &pW->pNc->aSrc[L->iSrc];
  Table *pTab = pSrc->pTab;
  int op = (flags & WHERE_ONEPASS) ? OP_OpenWrite : OP_OpenRead;
  L->iCur = pSrc->iCursor;
  L->iIdxCur = -1;
  if (pSrc->bEphem) return;
  cg_use_db(pCg, pTab->iDb, (flags & WHERE_ONEPASS) != 0);
  if (L->eType == PLAN_INDEX && L->pIdx == pTab->pPk) {
    /* a WITHOUT ROWID PRIMARY KEY is the table itself: one cursor, every column */
    cg_open_table(pCg, pTab, pTab->iDb, op, L->iCur);
    L->bCovering = 1;
    L->iIdxCur = L->iCur;
    pSrc->pIdxCover = L->pIdx;
    pSrc->iIdxCur = L->iCur;
    return;
  }
  if (!(L->eType == PLAN_INDEX && L->bCovering)) {
    cg_open_table(pCg, pTab, pTab->iDb, op, L->iCur);
  }
  if (L->eType == PLAN_INDEX) {
    L->iIdxCur = cg_cursor(pCg);
    vdbe_add_op4(v, op, L->iIdxCur, (int)L->pIdx->tnum, pTab->iDb,
                 cg_index_keyinfo(pCg, L->pIdx), P4_KEYINFO);
    if (L->bCovering || pTab->pPk == NULL) {
      /* columns the index holds are read from it (cg_column); a rowid
      ** table reaches the rest through OP_DeferredSeek */
      pSrc->pIdxCover = L->pIdx;
      pSrc->iIdxCur = L->iIdxCur;
    }
  }
}

/* Emits the filters whose FROM items are all available at level i: the
** level's own LEFT JOIN ON terms first, then (after the match flag of a
** LEFT JOIN level) the WHERE terms. */
static void plan_filters(Cg *pCg, WhereInfo *pW, PlanTerms *pT, int i, Expr *pRest) {
  u64 mAvail = 0;   /* the FROM items of this level and the outer ones */
  for (int k = 0; k <= i; k++) mAvail |= (u64)1 << pW->a[k].iSrc;
  int bLast = i == pW->nLevel - 1;
  PlanLevel *L = &pW->a[i];
  for (int t = 0; t < pT->n; t++) {
    if (pT->aDone[t] || pT->aVirtual[t] || pT->aLeft[t] != L->iSrc) continue;
    pT->aDone[t] = 1;
    cg_if_false(pCg, pW->pNc, pT->a[t], L->lblNext, 1);
  }
  if (L->regMatch) L->addrMatch = vdbe_add_op2(pCg->v, OP_Integer, 1, L->regMatch);
  for (int t = 0; t < pT->n; t++) {
    if (pT->aDone[t] || pT->aVirtual[t] || pT->aLeft[t] >= 0) continue;
    if (!bLast && (pT->aMask[t] & ~mAvail) != 0) continue;
    pT->aDone[t] = 1;
    cg_if_false(pCg, pW->pNc, pT->a[t], L->lblNext, 1);
  }
  if (bLast && pRest) cg_if_false(pCg, pW->pNc, pRest, L->lblNext, 1);
}

/* Is pVal the bound L took from a comparison "col op pVal" (either side)
** on column iCol of its index?  Value pointers are unique to their term,
** except that a BETWEEN shares them with its derived terms. */
static int plan_is_bound_of(Cg *pCg, WhereInfo *pW, PlanLevel *L, const Expr *p,
                            const Expr *pVal) {
  if (pVal == NULL || p->op < EXPR_LT || p->op > EXPR_GE) return 0;
  int iCol = L->pIdx->aiColumn[L->nEq];
  if (p->pRight == pVal) return plan_term_col(pCg, pW->pNc, p->pLeft, L->iSrc) == iCol;
  if (p->pLeft == pVal) return plan_term_col(pCg, pW->pNc, p->pRight, L->iSrc) == iCol;
  return 0;
}

/* Marks done the equality terms of L's key prefix: the seek to the prefix
** and the end key on it bound the walk to exactly the entries equal to it
** in either direction, and a NULL value ends the loop before any row. */
static void plan_omit_eq(Cg *pCg, WhereInfo *pW, PlanTerms *pT, PlanLevel *L) {
  for (int t = 0; t < pT->n; t++) {
    Expr *p = pT->a[t];
    if (pT->aDone[t] || pT->aVirtual[t] || (p->op != EXPR_EQ && p->op != EXPR_IS)) continue;
    for (int j = 0; j < L->nEq; j++) {
      int iCol = L->pIdx->aiColumn[j];
      ASSERT(L->apEq[j] != NULL);
      if (iCol < 0) continue;
      Expr *pCol = p->pRight == L->apEq[j] ? p->pLeft : p->pLeft == L->apEq[j] ? p->pRight : NULL;
      if (pCol && plan_term_col(pCg, pW->pNc, pCol, L->iSrc) == iCol) pT->aDone[t] = 1;
    }
  }
}

/* Marks done the range terms level i's seek and end key already enforce
** (plan.h invariant 1): an ascending walk of an ascending column, whose
** start key skips the NULL entries (they sort first), so a lower bound
** alone or a lower and upper bound together are exact.  The key has the
** column's affinity and collation (invariant 2), and a NULL bound ends the
** loop before any row, as the filter would reject every row. */
/* Marks done the terms that gave a rowid range its bounds: the table seek
** (numeric affinity; NULL matches nothing; text is above every rowid; a
** fraction rounds inward) and the end test of plan_code_rowid_range are
** exact in either direction. */
static void plan_omit_rowid_range(Cg *pCg, WhereInfo *pW, PlanTerms *pT, PlanLevel *L) {
  ASSERT(L->eType == PLAN_ROWID_RANGE);
  for (int t = 0; t < pT->n; t++) {
    Expr *p = pT->a[t];
    if (pT->aDone[t] || pT->aVirtual[t]) continue;
    int bOmit = 0;
    if (p->op == EXPR_BETWEEN) {
      bOmit = !p->bNot && p->pRight == L->pLo && p->pExtra == L->pHi &&
              plan_term_col(pCg, pW->pNc, p->pLeft, L->iSrc) == -1;
    } else if (p->op >= EXPR_LT && p->op <= EXPR_GE) {
      for (int k = 0; k < 2 && !bOmit; k++) {
        Expr *pVal = k ? L->pHi : L->pLo;
        Expr *pCol = pVal == NULL ? NULL : p->pRight == pVal ? p->pLeft
                                         : p->pLeft == pVal  ? p->pRight : NULL;
        bOmit = pCol && plan_term_col(pCg, pW->pNc, pCol, L->iSrc) == -1;
      }
    }
    if (bOmit) pT->aDone[t] = 1;
  }
}

static void plan_omit_enforced(Cg *pCg, WhereInfo *pW, PlanTerms *pT, int i) {
  PlanLevel *L = &pW->a[i];
  if (L->eType == PLAN_ROWID_RANGE) plan_omit_rowid_range(pCg, pW, pT, L);
  if (L->eType != PLAN_INDEX || L->pIn) return;
  plan_omit_eq(pCg, pW, pT, L);
  if (L->bDesc || L->pLo == NULL) return;
  if (L->nEq >= L->pIdx->nKeyCol || L->pIdx->aDesc[L->nEq] || L->pIdx->aiColumn[L->nEq] < 0) {
    return;
  }
  for (int t = 0; t < pT->n; t++) {
    Expr *p = pT->a[t];
    if (pT->aDone[t] || pT->aVirtual[t]) continue;
    int bOmit;
    if (p->op == EXPR_BETWEEN) {
      bOmit = !p->bNot && p->pRight == L->pLo && p->pExtra == L->pHi && L->pHi;
    } else {
      bOmit = plan_is_bound_of(pCg, pW, L, p, L->pLo) || plan_is_bound_of(pCg, pW, L, p, L->pHi);
    }
    if (bOmit) pT->aDone[t] = 1;
  }
}

/* Evaluates n key expressions into registers with the index affinities. */
static int plan_key(Cg *pCg, WhereInfo *pW, PlanLevel *L, Expr **apVal, int n, int lblEmpty) {
  Vdbe *v = pCg->v;
  int r = cg_reg(pCg, n);
  char zAff[PLAN_MAX_EQ + 2];
  for (int j = 0; j < n; j++) {
    cg_expr(pCg, pW->pNc, apVal[j], r + j);
    vdbe_add_op2(v, OP_IsNull, r + j, lblEmpty);
    int iCol = L->pIdx->aiColumn[j];
    char a = iCol >= 0 ? L->pIdx->pTable->aCol[iCol].affinity : AFF_INTEGER;
    zAff[j] = a ? a : AFF_BLOB;
  }
  zAff[n] = 0;
  vdbe_add_op4(v, OP_Affinity, r, n, 0, zAff, P4_TRANSIENT);
  return r;
}

/* x IN (list): the values go into an ephemeral set (sorted, no
** duplicates, with the column's affinity); the level then loops over it.
** Leaves the current value in the returned register. */
static int plan_in_loop(Cg *pCg, WhereInfo *pW, PlanLevel *L, char aff, const char *zColl) {
  Vdbe *v = pCg->v;
  ExprList *pList = L->pIn->pList;
  L->iInCur = cg_cursor(pCg);
  KeyInfo *pKey = cg_keyinfo(pCg, 1, 0);
  if (pKey) pKey->aColl[0] = cg_coll(pCg, zColl);
  vdbe_add_op4(v, OP_OpenEphemeral, L->iInCur, 1, 0, pKey, P4_KEYINFO);
  int r = cg_reg(pCg, 2);
  char zAff[2] = {aff ? aff : AFF_BLOB, 0};
  for (int i = 0; i < pList->nExpr; i++) {
    cg_expr(pCg, pW->pNc, pList->a[i].pExpr, r);
    vdbe_add_op4(v, OP_MakeRecord, r, 1, r + 1, zAff, P4_TRANSIENT);
    int addr = vdbe_add_op4_int(v, OP_Found, L->iInCur, 0, r + 1, 0);
    vdbe_add_op2(v, OP_IdxInsert, L->iInCur, r + 1);
    vdbe_jump_here(v, addr);
  }
  L->lblInNext = vdbe_make_label(v);
  vdbe_add_op2(v, OP_Rewind, L->iInCur, L->lblBreak);
  L->addrInTop = vdbe_current_addr(v);
  int rKey = cg_reg(pCg, 1);
  vdbe_add_op3(v, OP_Column, L->iInCur, 0, rKey);
  return rKey;
}

/* The index level's table row: unless the index covers the query, fetch
** the row its entry points at (a missing row skips to the next entry). */
static void plan_index_fetch_row(Cg *pCg, PlanLevel *L) {
  if (L->bCovering) return;
  Index *pPk = L->pIdx->pTable->pPk;
  if (pPk) {   /* WITHOUT ROWID: the entry ends with the PK columns (schema.h invariant 5) */
    int r = cg_reg(pCg, pPk->nKeyCol);
    for (int j = 0; j < pPk->nKeyCol; j++) {
      int p = 0;
      while (p < L->pIdx->nColumn && L->pIdx->aiColumn[p] != pPk->aiColumn[j]) p++;
      ASSERT(p < L->pIdx->nColumn);
      vdbe_add_op3(pCg->v, OP_Column, L->iIdxCur, p, r + j);
    }
    vdbe_add_op4_int(pCg->v, OP_NotFound, L->iCur, L->lblNext, r, pPk->nKeyCol);
    return;
  }
  /* the table is only positioned when a column the index lacks is read;
  ** the others come from the index entry (plan_open sets pIdxCover) */
  vdbe_add_op3(pCg->v, OP_DeferredSeek, L->iIdxCur, 0, L->iCur);
}

static void plan_code_index_in(Cg *pCg, WhereInfo *pW, PlanLevel *L) {
  Vdbe *v = pCg->v;
  int iCol = L->pIdx->aiColumn[0];
  Table *pTab = L->pIdx->pTable;
  int rKey = plan_in_loop(pCg, pW, L, iCol >= 0 ? pTab->aCol[iCol].affinity : AFF_INTEGER,
                          L->pIdx->azColl[0]);
  vdbe_add_op4_int(v, OP_SeekGE, L->iIdxCur, L->lblInNext, rKey, 1);
  L->opNext = OP_Next;
  L->addrFirst = vdbe_current_addr(v);
  vdbe_add_op4_int(v, OP_IdxGT, L->iIdxCur, L->lblInNext, rKey, 1);
  plan_index_fetch_row(pCg, L);
}

/* Registers holding the equality prefix followed by pBound (if any);
** *pn receives the key's field count (0: no key, nothing evaluated). */
static int plan_bound_key(Cg *pCg, WhereInfo *pW, PlanLevel *L, Expr *pBound, int *pn) {
  Expr *apKey[PLAN_MAX_EQ + 1];
  int n = L->nEq;
  for (int j = 0; j < L->nEq; j++) apKey[j] = L->apEq[j];
  if (pBound) apKey[n++] = pBound;
  *pn = n;
  return n ? plan_key(pCg, pW, L, apKey, n, L->lblBreak) : 0;
}

/* Index scan over an equality prefix and/or a range.  Forward scans seek to
** the lower end and stop above the upper one; backward scans (a DESC walk)
** seek to the upper end, walk back with Prev and stop below the lower one. */
static void plan_code_index(Cg *pCg, WhereInfo *pW, PlanLevel *L) {
  Vdbe *v = pCg->v;
  if (L->pIn) {
    plan_code_index_in(pCg, pW, L);
    return;
  }
  int bBack = L->bDesc;
  Expr *pStart = bBack ? L->pHi : L->pLo, *pEnd = bBack ? L->pLo : L->pHi;
  int bStartIncl = bBack ? L->bHiIncl : L->bLoIncl, bEndIncl = bBack ? L->bLoIncl : L->bHiIncl;
  int nKey;
  int r = plan_bound_key(pCg, pW, L, pStart, &nKey);
  if (nKey == 0) {
    vdbe_add_op2(v, bBack ? OP_Last : OP_Rewind, L->iIdxCur, L->lblBreak);
  } else {
    int op = bBack ? (pStart && !bStartIncl ? OP_SeekLT : OP_SeekLE)
                   : (pStart && !bStartIncl ? OP_SeekGT : OP_SeekGE);
    vdbe_add_op4_int(v, op, L->iIdxCur, L->lblBreak, r, nKey);
  }
  if (pEnd || L->nEq > 0) {
    L->regEnd = plan_bound_key(pCg, pW, L, pEnd, &L->nEndKey);
    L->opEnd = bBack ? (pEnd && !bEndIncl ? OP_IdxLE : OP_IdxLT)
                     : (pEnd && !bEndIncl ? OP_IdxGE : OP_IdxGT);
  }
  L->opNext = bBack ? OP_Prev : OP_Next;
  L->addrFirst = vdbe_current_addr(v);
  if (L->nEndKey) vdbe_add_op4_int(v, L->opEnd, L->iIdxCur, L->lblBreak, L->regEnd, L->nEndKey);
  plan_index_fetch_row(pCg, L);
}

/* A rowid range: forward from the lower bound, or (ORDER BY rowid DESC)
** backward from the upper one; the far bound ends the walk.  A bound that
** is not a number (text, NULL) never ends it early: the range terms stay as
** filters (plan.h), so it only costs time. */
static void plan_code_rowid_range(Cg *pCg, WhereInfo *pW, PlanLevel *L) {
  Vdbe *v = pCg->v;
  int bBack = L->bDesc;
  Expr *pStart = bBack ? L->pHi : L->pLo, *pEnd = bBack ? L->pLo : L->pHi;
  int bStartIncl = bBack ? L->bHiIncl : L->bLoIncl, bEndIncl = bBack ? L->bLoIncl : L->bHiIncl;
  if (pStart) {
    int r = cg_expr_new(pCg, pW->pNc, pStart);
    int op = bBack ? (bStartIncl ? OP_SeekLE : OP_SeekLT) : (bStartIncl ? OP_SeekGE : OP_SeekGT);
    vdbe_add_op4_int(v, op, L->iCur, L->lblBreak, r, 1);
  } else {
    vdbe_add_op2(v, bBack ? OP_Last : OP_Rewind, L->iCur, L->lblBreak);
  }
  int rEnd = pEnd ? cg_expr_new(pCg, pW->pNc, pEnd) : 0;
  L->opNext = bBack ? OP_Prev : OP_Next;
  L->addrFirst = vdbe_current_addr(v);
  if (rEnd) {
    int r = cg_reg(pCg, 1);
    vdbe_add_op2(v, OP_Rowid, L->iCur, r);
    int op = bBack ? (bEndIncl ? OP_Lt : OP_Le) : (bEndIncl ? OP_Gt : OP_Ge);
    vdbe_add_op3(v, op, rEnd, L->lblBreak, r);   /* jumps when rowid r is past rEnd */
    /* the rowid term's own comparison (numeric affinity), and a NULL bound
    ** matches no row: so the end test is exact (plan_omit_rowid_range) */
    vdbe_change_p5(v, AFF_NUMERIC | SQLITE_JUMPIFNULL);
  }
}

static void plan_code_level(Cg *pCg, WhereInfo *pW, int i) {
  Vdbe *v = pCg->v;
  PlanLevel *L = &pW->a[i];
  L->lblNext = vdbe_make_label(v);
  L->lblBreak = i == 0 ? pW->lblBreak : pW->a[i - 1].lblNext;
  if (pW->pNc->aSrc[L->iSrc].jointype & JT_LEFT) {
    L->regMatch = cg_reg(pCg, 1);
    L->lblLeftDone = vdbe_make_label(v);
    vdbe_add_op2(v, OP_Integer, 0, L->regMatch);
    L->lblBreak = L->lblLeftDone;   /* every exit passes the null-row check */
  }
  SrcTerm *pSrc = &pW->pNc->aSrc[L->iSrc];
  if (pCg->bExplainQp && !(pSrc->bEphem && pSrc->pTab->zName[0] == 0)) {
    char *z = plan_describe(pCg, pW, i);
    if (z) vdbe_add_explain(v, pCg->iSelectId, z);
    mem_free(z);
  }
  switch (L->eType) {
    case PLAN_ROWID_EQ: {
      if (L->pIn) {
        int rKey = plan_in_loop(pCg, pW, L, AFF_INTEGER, NULL);
        vdbe_add_op2(v, OP_MustBeInt, rKey, L->lblInNext);
        vdbe_add_op3(v, OP_SeekRowid, L->iCur, L->lblInNext, rKey);
        L->opNext = 0;
        L->addrFirst = vdbe_current_addr(v);
        break;
      }
      int r = cg_expr_new(pCg, pW->pNc, L->apEq[0]);
      /* '2' finds rowid 2; 2.5 or 'x' find nothing (SQLite's rowid affinity) */
      vdbe_add_op2(v, OP_MustBeInt, r, L->lblBreak);
      vdbe_add_op3(v, OP_SeekRowid, L->iCur, L->lblBreak, r);
      L->opNext = 0;
      L->addrFirst = vdbe_current_addr(v);
      break;
    }
    case PLAN_ROWID_RANGE: plan_code_rowid_range(pCg, pW, L); break;
    case PLAN_INDEX: plan_code_index(pCg, pW, L); break;
    default:
      if (pSrc->regCoroutine) {   /* each Yield brings the next row; its end breaks */
        L->addrFirst = vdbe_add_op2(v, OP_Yield, pSrc->regCoroutine, L->lblBreak);
        L->opNext = OP_Goto;
        break;
      }
      vdbe_add_op2(v, L->bDesc ? OP_Last : OP_Rewind, L->iCur, L->lblBreak);
      L->opNext = L->bDesc ? OP_Prev : OP_Next;
      L->addrFirst = vdbe_current_addr(v);
      break;
  }
}

WhereInfo *plan_begin(Cg *pCg, NameCtx *pNc, Expr *pWhere, ExprList *pOrderBy, int flags) {
  WhereInfo *pW = mem_zalloc(sizeof(WhereInfo));
  PlanTerms *pT = mem_zalloc(sizeof(PlanTerms));
  if (pW == NULL || pT == NULL || pNc->nSrc > 63) {
    mem_free(pT);
    mem_free(pW);
    cg_error_rc(pCg, pNc->nSrc > 63 ? SQLITE_ERROR : SQLITE_NOMEM,
                pNc->nSrc > 63 ? "at most 64 tables in a join" : NULL);
    return NULL;
  }
  pW->pNc = pNc;
  pW->nLevel = pNc->nSrc;
  pW->a = mem_zalloc(sizeof(PlanLevel) * (u64)(pNc->nSrc + 1));
  pW->lblBreak = vdbe_make_label(pCg->v);
  if (pW->a == NULL) {
    plan_free(pW);
    mem_free(pT);
    cg_error_rc(pCg, SQLITE_NOMEM, NULL);
    return NULL;
  }
  Expr *pRest = NULL;
  plan_split(pWhere, pT->a, &pT->n, PLAN_MAX_TERMS, &pRest);
  for (int t = 0; t < pT->n; t++) pT->aLeft[t] = -1;
  for (int i = 0; i < pNc->nSrc; i++) {
    int n0 = pT->n;
    Expr *pOnRest = NULL;
    plan_split(pNc->aSrc[i].pOnLeft, pT->a, &pT->n, PLAN_MAX_TERMS, &pOnRest);
    for (int t = n0; t < pT->n; t++) pT->aLeft[t] = (i8)i;
    if (pOnRest) cg_error(pCg, "too many terms in a LEFT JOIN ON clause");
  }
  plan_add_between_terms(pCg, pT);
  for (int t = 0; t < pT->n; t++) pT->aMask[t] = plan_mask(pCg, pNc, pT->a[t]);
  u64 mPlaced = 0;
  for (int i = 0; i < pNc->nSrc; i++) {
    int iSrc = plan_pick(pCg, pW, pT, mPlaced, pOrderBy, flags, &pW->a[i]);
    mPlaced |= (u64)1 << iSrc;
    plan_open(pCg, pW, i, flags);
  }
  pW->bOrderDone = pNc->nSrc == 1 && pW->a[0].bOrder;
  for (int i = 0; i < pNc->nSrc; i++) plan_omit_enforced(pCg, pW, pT, i);
  plan_hoist_terms(pCg, pW, pT, &pRest);   /* copies: after the pointer tests above */
  if (pNc->nSrc == 0) {
    pW->a[0].lblNext = vdbe_make_label(pCg->v);
    cg_if_false(pCg, pNc, pWhere, pW->a[0].lblNext, 1);
  }
  for (int i = 0; i < pNc->nSrc; i++) {
    plan_code_level(pCg, pW, i);
    plan_filters(pCg, pW, pT, i, pRest);
  }
  mem_free(pT);
  return pW;
}

void plan_end(Cg *pCg, WhereInfo *pW) {
  Vdbe *v = pCg->v;
  if (pW->nLevel == 0) vdbe_resolve_label(v, pW->a[0].lblNext);
  for (int i = pW->nLevel - 1; i >= 0; i--) {
    PlanLevel *L = &pW->a[i];
    vdbe_resolve_label(v, L->lblNext);
    if (L->opNext) {
      int iCur = L->eType == PLAN_INDEX ? L->iIdxCur : L->iCur;
      if (L->opNext == OP_Goto) iCur = 0;   /* a co-routine source: back to its Yield */
      vdbe_add_op2(v, L->opNext, iCur, L->addrFirst);
      /* full scans count in SQLITE_STMTSTATUS_FULLSCAN_STEP (P5 names the counter) */
      int bFull = L->eType == PLAN_SCAN ||
                  (L->eType == PLAN_INDEX && !L->nEq && !L->pLo && !L->pHi && !L->pIn);
      if (bFull) vdbe_change_p5(v, SQLITE_STMTSTATUS_FULLSCAN_STEP);
    }
    if (L->pIn) {
      vdbe_resolve_label(v, L->lblInNext);
      vdbe_add_op2(v, OP_Next, L->iInCur, L->addrInTop);
    }
    if (L->regMatch) {   /* LEFT JOIN: no match -> one row with this table all NULL */
      vdbe_resolve_label(v, L->lblLeftDone);
      int lblOut = i == 0 ? pW->lblBreak : pW->a[i - 1].lblNext;
      vdbe_add_op2(v, OP_If, L->regMatch, lblOut);
      vdbe_add_op1(v, OP_NullRow, L->iCur);
      if (L->iIdxCur >= 0 && L->iIdxCur != L->iCur) vdbe_add_op1(v, OP_NullRow, L->iIdxCur);
      vdbe_add_op2(v, OP_Goto, 0, L->addrMatch);
    }
  }
  vdbe_resolve_label(v, pW->lblBreak);
}

void plan_close(Cg *pCg, WhereInfo *pW) {
  for (int i = 0; i < pW->nLevel; i++) {
    PlanLevel *L = &pW->a[i];
    SrcTerm *pSrc = &pW->pNc->aSrc[L->iSrc];
    if (pSrc->pIdxCover && pSrc->iIdxCur == L->iIdxCur) {
      /* the covering cursor closes here: later code on this FROM item (an
      ** UPDATE's SET list after its rowid pass) must read the table */
      pSrc->pIdxCover = NULL;
      pSrc->iIdxCur = -1;
    }
    if (pSrc->bEphem) continue;
    vdbe_add_op1(pCg->v, OP_Close, L->iCur);
    if (L->iIdxCur >= 0 && L->iIdxCur != L->iCur) vdbe_add_op1(pCg->v, OP_Close, L->iIdxCur);
  }
}

int plan_continue_label(WhereInfo *pW) {
  return pW->nLevel ? pW->a[pW->nLevel - 1].lblNext : pW->a[0].lblNext;
}

int plan_break_label(WhereInfo *pW) {
  return pW->lblBreak;
}

int plan_order_done(WhereInfo *pW) {
  return pW->bOrderDone;
}

void plan_free(WhereInfo *pW) {
  if (pW == NULL) return;
  mem_free(pW->a);
  mem_free(pW);
}
