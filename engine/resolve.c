/*
** resolve.c: name resolution.  Column references against the FROM items of
** a NameCtx chain, result-set aliases, "*" expansion, ORDER BY / GROUP BY
** terms, function existence and arity, and aggregate placement rules, with
** SQLite's error messages.
**
** Invariants:
**   1. Resolution does not rewrite the AST: it validates, and codegen asks
**      resolve_column again when it emits the reference (both give the
**      same answer because the NameCtx does not change in between).
**   2. Walks are bounded by the parser's expression depth limit
**      (ast.h invariant 3); subqueries are resolved when they are compiled.
*/
#include "cg.h"
#include "func.h"

FuncDef *cg_find_func(sqlite3 *db, const char *zName, int nArg, u8 enc, int bCreate) {
  return func_find(db, zName, nArg, enc, bCreate);
}

int cg_func_is_agg(const FuncDef *p) {
  return func_is_aggregate(p);
}

int cg_func_needs_coll(const FuncDef *p) {
  return func_needs_collation(p);
}

/* Does FROM item pSrc match qualifier zTab (and zDb)? */
static int resolve_src_matches(Cg *pCg, const SrcTerm *pSrc, const char *zDb, const char *zTab) {
  if (zTab == NULL) return 1;
  if (pSrc->zAlias == NULL || str_icmp(pSrc->zAlias, zTab) != 0) return 0;
  if (zDb && pSrc->pTab) {
    const char *zName = pCg->db->aDb[pSrc->pTab->iDb].zDbSName;
    if (zName == NULL || str_icmp(zName, zDb) != 0) return 0;
  }
  return 1;
}

/* Column of pSrc named z: index, -1 rowid, -2 none. */
static int resolve_src_column(const SrcTerm *pSrc, const char *z) {
  const Table *pTab = pSrc->pTab;
  if (pTab == NULL) return -2;
  int i = schema_column_index(pTab, z);
  if (i >= 0) return i;
  if (pTab->eType == TAB_NORMAL && !pSrc->bEphem && !pTab->bWithoutRowid &&
      schema_is_rowid_name(z)) {
    return -1;
  }
  return -2;
}

static void resolve_no_column(Cg *pCg, const Expr *p) {
  if (p->zDb) cg_error_at(pCg, p, -1, "no such column: %s.%s.%s", p->zDb, p->zTab, p->z);
  else if (p->zTab) cg_error_at(pCg, p, -1, "no such column: %s.%s", p->zTab, p->z);
  else cg_error_at(pCg, p, -1, "no such column: %s", p->z);
}

/* Is column zCol of FROM item i merged into an earlier item by USING or
** NATURAL (so an unqualified reference means the left one)? */
static int resolve_is_join_col(NameCtx *pNc, int i, const char *zCol) {
  SrcItem *pItem = pNc->aSrc[i].pItem;
  if (i == 0 || pItem == NULL) return 0;
  for (int k = 0; pItem->pUsing && k < pItem->pUsing->nId; k++) {
    if (str_icmp(pItem->pUsing->azId[k], zCol) == 0) return 1;
  }
  if (pItem->jointype & JT_NATURAL) {
    for (int k = 0; k < i; k++) {
      if (pNc->aSrc[k].pTab && schema_column_index(pNc->aSrc[k].pTab, zCol) >= 0) return 1;
    }
  }
  return 0;
}

/* Searches one context; returns the number of matches (the first is
** kept).  Real columns win over the rowid; a rowid matching in several
** tables matches nothing (SQLite: "no such column: rowid"). */
static int resolve_in_ctx(Cg *pCg, NameCtx *pNc, const Expr *p, int *piSrc, int *piCol) {
  int nMatch = 0, nRowid = 0, iRowidSrc = -1;
  for (int i = 0; i < pNc->nSrc; i++) {
    SrcTerm *pSrc = &pNc->aSrc[i];
    if (!resolve_src_matches(pCg, pSrc, p->zDb, p->zTab)) continue;
    if (pSrc->bQualOnly && p->zTab == NULL) continue;
    if ((p->flags & EXPR_F_SRCPIN) && i != p->iValue) continue;   /* a join term's operand */
    int iCol = resolve_src_column(pSrc, p->z);
    if (iCol == -2) continue;
    if (iCol == -1) {
      if (nRowid++ == 0) iRowidSrc = i;
      continue;
    }
    if (nMatch > 0 && !(p->flags & EXPR_F_SRCPIN) && resolve_is_join_col(pNc, i, p->z)) {
      continue;   /* USING/NATURAL */
    }
    if (nMatch++ == 0) {
      *piSrc = i;
      *piCol = iCol;
    }
  }
  if (nMatch == 0 && nRowid == 1) {
    *piSrc = iRowidSrc;
    *piCol = -1;
    return 1;
  }
  return nMatch;
}

int resolve_column(Cg *pCg, NameCtx *pNc, const Expr *p, NameCtx **ppNc, int *piSrc,
                   int *piCol) {
  ASSERT(p->op == EXPR_COLUMN);
  for (NameCtx *pCtx = pNc; pCtx; pCtx = pCtx->pOuter) {
    int n = resolve_in_ctx(pCg, pCtx, p, piSrc, piCol);
    if (n > 1) {
      if (p->zTab) cg_error_at(pCg, p, -1, "ambiguous column name: %s.%s", p->zTab, p->z);
      else cg_error_at(pCg, p, -1, "ambiguous column name: %s", p->z);
      return -1;
    }
    if (n == 1) {
      *ppNc = pCtx;
      pCtx->nRef++;
      return 0;
    }
    if (p->zTab == NULL && pCtx->pEList && (pCtx->flags & NC_NO_ALIAS) == 0) {
      for (int j = 0; j < pCtx->pEList->nExpr; j++) {
        const char *zName = pCtx->pEList->a[j].zName;
        if (zName && str_icmp(zName, p->z) == 0) {
          *ppNc = pCtx;
          *piCol = j;
          return 1;
        }
      }
    }
  }
  if (p->zTab == NULL && (p->flags & EXPR_F_DQUOTED)) return 2;   /* DQS: a string */
  resolve_no_column(pCg, p);
  return -1;
}

int resolve_in_scope(Cg *pCg, NameCtx *pNc, const Expr *p, NameCtx **ppNc, int *piSrc,
                     int *piCol) {
  (void)pCg;
  for (NameCtx *pCtx = pNc; pCtx; pCtx = pCtx->pOuter) {
    if (resolve_in_ctx(pCg, pCtx, p, piSrc, piCol) == 1) {
      *ppNc = pCtx;
      return 1;
    }
  }
  return 0;
}

/* ---- functions ----------------------------------------------------------- */

static int resolve_nargs(const Expr *p) {
  return p->pList ? p->pList->nExpr : 0;
}

int resolve_is_agg_call(sqlite3 *db, const Expr *p) {
  if (p->op != EXPR_FUNCTION || p->pWin) return 0;
  FuncDef *pDef = cg_find_func(db, p->z, resolve_nargs(p), SQLITE_UTF8, 0);
  return pDef != NULL && cg_func_is_agg(pDef);
}

int resolve_has_agg(sqlite3 *db, const Expr *p) {
  if (p == NULL) return 0;
  if (resolve_is_agg_call(db, p)) return 1;
  if (resolve_has_agg(db, p->pLeft) || resolve_has_agg(db, p->pRight) ||
      resolve_has_agg(db, p->pExtra)) {
    return 1;
  }
  if (p->pList) {
    for (int i = 0; i < p->pList->nExpr; i++) {
      if (resolve_has_agg(db, p->pList->a[i].pExpr)) return 1;
    }
  }
  return 0;
}

int resolve_is_window_builtin(const char *zName) {
  static const char *az[] = {"row_number", "rank", "dense_rank", "percent_rank", "cume_dist",
                             "lag", "lead", "first_value", "last_value", "nth_value", "ntile"};
  for (int i = 0; i < ARRAY_SIZE(az); i++) {
    if (str_icmp(zName, az[i]) == 0) return 1;
  }
  return 0;
}

/* f(...) OVER (...): where it may appear and what f may be. */
static int resolve_window_call(Cg *pCg, NameCtx *pNc, Expr *p, FuncDef *pDef) {
  if (!resolve_is_window_builtin(p->z) && pDef && !cg_func_is_agg(pDef)) {
    cg_error_at(pCg, p, -1, "%s() may not be used as a window function", p->z);
    return pCg->rc;
  }
  if (pNc == NULL || (pNc->flags & NC_ALLOW_WIN) == 0 || p->pWin == NULL) {
    cg_error_at(pCg, p, -1, "misuse of window function %s()", p->z);
    return pCg->rc;
  }
  int saved = pNc->flags;
  pNc->flags &= ~(NC_ALLOW_WIN | NC_ALLOW_AGG);
  if (p->pList) resolve_exprlist(pCg, pNc, p->pList);
  resolve_exprlist(pCg, pNc, p->pWin->pPartition);
  resolve_exprlist(pCg, pNc, p->pWin->pOrderBy);
  pNc->flags = saved;
  return pCg->rc;
}

static int resolve_function(Cg *pCg, NameCtx *pNc, Expr *p) {
  sqlite3 *db = pCg->db;
  int nArg = resolve_nargs(p);
  FuncDef *pDef = cg_find_func(db, p->z, nArg, SQLITE_UTF8, 0);
  if (p->pWin || (pDef == NULL && resolve_is_window_builtin(p->z))) {
    if (pDef == NULL && !resolve_is_window_builtin(p->z)) {
      cg_error_at(pCg, p, -1, "no such function: %s", p->z);
      return pCg->rc;
    }
    return resolve_window_call(pCg, pNc, p, pDef);
  }
  if (pDef == NULL) {
    if (cg_find_func(db, p->z, -2, SQLITE_UTF8, 0) != NULL) {
      cg_error_at(pCg, p, -1, "wrong number of arguments to function %s()", p->z);
    } else {
      cg_error_at(pCg, p, -1, "no such function: %s", p->z);
    }
    return pCg->rc;
  }
  int bAgg = cg_func_is_agg(pDef) && p->pWin == NULL;
  if (pNc == NULL) {   /* no query around it (a column DEFAULT): no aggregate exists */
    if (bAgg) cg_error(pCg, "unknown function: %s()", p->z);
    return p->pList ? resolve_exprlist(pCg, pNc, p->pList) : pCg->rc;
  }
  if (bAgg) {
    if ((pNc->flags & NC_IN_AGG) != 0) {
      cg_error_at(pCg, p, -1, "misuse of aggregate function %s()", p->z);
      return pCg->rc;
    }
    if ((pNc->flags & NC_ALLOW_AGG) == 0) {
      if (pNc->flags & NC_AGG_QUERY) cg_error_at(pCg, p, -1, "misuse of aggregate: %s()", p->z);
      else cg_error_at(pCg, p, -1, "misuse of aggregate function %s()", p->z);
      return pCg->rc;
    }
  } else if ((p->flags & EXPR_F_DISTINCT) != 0) {
    cg_error(pCg, "DISTINCT aggregates must have exactly one argument");
    return pCg->rc;
  }
  if (p->flags & EXPR_F_STAR && !(bAgg && nArg == 0)) {
    cg_error_at(pCg, p, -1, "wrong number of arguments to function %s()", p->z);
    return pCg->rc;
  }
  int saved = pNc->flags;
  if (bAgg) pNc->flags |= NC_IN_AGG;
  int rc = p->pList ? resolve_exprlist(pCg, pNc, p->pList) : SQLITE_OK;
  pNc->flags = saved;
  return rc;
}

/* ---- expression walk ------------------------------------------------------- */

int resolve_exprlist(Cg *pCg, NameCtx *pNc, ExprList *p) {
  for (int i = 0; p && i < p->nExpr && pCg->rc == SQLITE_OK; i++) {
    resolve_expr(pCg, pNc, p->a[i].pExpr);
  }
  return pCg->rc;
}

int resolve_expr(Cg *pCg, NameCtx *pNc, Expr *p) {
  if (pCg->pArena->bOom) cg_error_rc(pCg, SQLITE_NOMEM, NULL);
  if (p == NULL || pCg->rc != SQLITE_OK) return pCg->rc;
  switch (p->op) {
    case EXPR_COLUMN: {
      NameCtx *pFound;
      int iSrc, iCol;
      int r = resolve_column(pCg, pNc, p, &pFound, &iSrc, &iCol);
      if (r == 1 && (pNc->flags & NC_IN_AGG) == 0) {
        /* an alias: its expression is checked where the result list is */
      }
      return pCg->rc;
    }
    case EXPR_FUNCTION:
      return resolve_function(pCg, pNc, p);
    case EXPR_VARIABLE:
      if (pNc && (pNc->flags & NC_IS_CHECK)) cg_error(pCg, "parameters prohibited in CHECK constraints");
      return pCg->rc;
    case EXPR_SUBQUERY:
    case EXPR_EXISTS:
      break;   /* compiled (and resolved) by cg_select when emitted */
    case EXPR_STAR:
      cg_error(pCg, "near \"*\": syntax error");
      return pCg->rc;
    default:
      break;
  }
  resolve_expr(pCg, pNc, p->pLeft);
  resolve_expr(pCg, pNc, p->pRight);
  resolve_expr(pCg, pNc, p->pExtra);
  if (p->pList) resolve_exprlist(pCg, pNc, p->pList);
  return pCg->rc;
}

/* ---- "*" expansion ----------------------------------------------------------- */

static ExprList *resolve_new_list(Cg *pCg, int nAlloc) {
  ExprList *p = ast_arena_alloc(pCg->pArena, sizeof(ExprList));
  if (p == NULL) return NULL;
  p->a = ast_arena_alloc(pCg->pArena, sizeof(ExprListItem) * (u64)(nAlloc > 0 ? nAlloc : 1));
  if (p->a == NULL) return NULL;
  p->nAlloc = nAlloc;
  return p;
}

/* Appends column iCol of FROM item iSrc as a column reference; an item
** without a name (unaliased subquery) is pinned by index instead. */
static void resolve_add_star_col(Cg *pCg, ExprList *pOut, NameCtx *pNc, int iSrc, int iCol,
                                 int bQual) {
  SrcTerm *pSrc = &pNc->aSrc[iSrc];
  Expr *e = ast_arena_alloc(pCg->pArena, sizeof(Expr));
  if (e == NULL || pOut->nExpr >= pOut->nAlloc) return;
  e->op = EXPR_COLUMN;
  e->z = pSrc->pTab->aCol[iCol].zName;
  e->zTab = bQual ? pSrc->zAlias : NULL;
  if (bQual || pSrc->zAlias) e->zTab = pSrc->zAlias;
  if (e->zTab == NULL && pNc->nSrc > 1) {
    e->flags = EXPR_F_SRCPIN;
    e->iValue = iSrc;
  }
  ExprListItem *it = &pOut->a[pOut->nExpr++];
  it->pExpr = e;
  it->zSpan = pSrc->pTab->aCol[iCol].zName;
}

static int resolve_count_star(Cg *pCg, NameCtx *pNc, ExprList *pList) {
  int n = 0;
  for (int i = 0; i < pList->nExpr; i++) {
    Expr *e = pList->a[i].pExpr;
    if (e->op != EXPR_STAR) {
      n++;
      continue;
    }
    int bFound = 0;
    for (int j = 0; j < pNc->nSrc; j++) {
      if (e->zTab && !resolve_src_matches(pCg, &pNc->aSrc[j], NULL, e->zTab)) continue;
      n += pNc->aSrc[j].pTab->nCol;
      bFound = 1;
    }
    if (!bFound) {
      if (e->zTab) cg_error(pCg, "no such table: %s", e->zTab);
      else cg_error(pCg, "no tables specified");
      return -1;
    }
  }
  return n;
}

/* Is column iCol of item j a USING/NATURAL duplicate to hide in "*"? */
static int resolve_star_hidden(NameCtx *pNc, int j, int iCol) {
  SrcItem *pItem = pNc->aSrc[j].pItem;
  if (j == 0 || pItem == NULL) return 0;
  const char *zCol = pNc->aSrc[j].pTab->aCol[iCol].zName;
  if (pItem->pUsing) {
    for (int k = 0; k < pItem->pUsing->nId; k++) {
      if (str_icmp(pItem->pUsing->azId[k], zCol) == 0) return 1;
    }
  }
  if (pItem->jointype & JT_NATURAL) {
    for (int k = 0; k < j; k++) {
      if (schema_column_index(pNc->aSrc[k].pTab, zCol) >= 0) return 1;
    }
  }
  return 0;
}

ExprList *resolve_expand_star(Cg *pCg, NameCtx *pNc, ExprList *pList) {
  if (pList == NULL) {   /* only a failed copy leaves a SELECT without a result list */
    cg_error_rc(pCg, SQLITE_NOMEM, NULL);
    return NULL;
  }
  int bStar = 0;
  for (int i = 0; i < pList->nExpr; i++) bStar |= pList->a[i].pExpr->op == EXPR_STAR;
  if (!bStar) return pList;
  int n = resolve_count_star(pCg, pNc, pList);
  if (n < 0) return NULL;
  ExprList *pOut = resolve_new_list(pCg, n);
  if (pOut == NULL) return NULL;
  for (int i = 0; i < pList->nExpr; i++) {
    Expr *e = pList->a[i].pExpr;
    if (e->op != EXPR_STAR) {
      if (pOut->nExpr < pOut->nAlloc) pOut->a[pOut->nExpr++] = pList->a[i];
      continue;
    }
    for (int j = 0; j < pNc->nSrc; j++) {
      SrcTerm *pSrc = &pNc->aSrc[j];
      if (e->zTab && !resolve_src_matches(pCg, pSrc, NULL, e->zTab)) continue;
      for (int k = 0; k < pSrc->pTab->nCol; k++) {
        if (e->zTab == NULL && resolve_star_hidden(pNc, j, k)) continue;
        resolve_add_star_col(pCg, pOut, pNc, j, k, pNc->nSrc > 1);
      }
    }
  }
  return pOut;
}

/* ---- ORDER BY / GROUP BY terms --------------------------------------------- */

static const char *resolve_ordinal(int i) {
  static const char *az[] = {"th", "st", "nd", "rd"};
  int m = i % 100;
  if (m >= 11 && m <= 13) return "th";
  m = i % 10;
  return m <= 3 ? az[m] : "th";
}

/* An ORDER BY / GROUP BY ordinal as SQLite recognises one: an integer
** literal that fits in 32 bits (2147483648 is an ordinary constant), under
** any number of unary + and - (parentheses leave no trace in the tree).
** *ppLit: the literal itself (errors point at it). */
static int resolve_ordinal_value(const Expr *e, i64 *pk, const Expr **ppLit) {
  int bNeg = 0;
  while (e && (e->op == EXPR_POS || e->op == EXPR_NEG)) {
    bNeg ^= e->op == EXPR_NEG;
    e = e->pLeft;
  }
  if (e == NULL || e->op != EXPR_INTEGER || e->iValue < 0 || e->iValue > 2147483647) return 0;
  *pk = bNeg ? -e->iValue : e->iValue;
  if (ppLit) *ppLit = e;
  return 1;
}

int resolve_orderby_term(Cg *pCg, ExprList *pEList, Expr *pTerm, const char *zClause) {
  i64 k;
  (void)pCg;
  Expr *e = pTerm;
  while (e->op == EXPR_COLLATE) e = e->pLeft;
  if (resolve_ordinal_value(e, &k, NULL)) {
    if (k < 1 || k > pEList->nExpr) return -3;   /* caller formats the message */
    return (int)k - 1;
  }
  if (e->op == EXPR_COLUMN && e->zTab == NULL) {
    for (int j = 0; j < pEList->nExpr; j++) {
      const char *zName = pEList->a[j].zName;
      if (zName && str_icmp(zName, e->z) == 0) return j;
    }
  }
  (void)zClause;
  return -1;
}

void resolve_term_range_error(Cg *pCg, const Expr *pTerm, int iTerm, const char *zClause,
                              int nResult) {
  i64 k = 1;
  const Expr *pLit = NULL;
  while (pTerm && pTerm->op == EXPR_COLLATE) pTerm = pTerm->pLeft;
  resolve_ordinal_value(pTerm, &k, &pLit);
  /* SQLite points at the literal only for an ordinal outside 1..65535 (the
  ** others fail a later check that has no position), except on a compound
  ** SELECT, whose ORDER BY check always points */
  int bPoint = k < 1 || k > 65535 || pCg->bCompoundOrderBy;
  cg_error_at(pCg, bPoint ? pLit : NULL, -1,
              "%d%s %s term out of range - should be between 1 and %d", iTerm,
              resolve_ordinal(iTerm), zClause, nResult);
}

int resolve_orderby_prescan(Cg *pCg, ExprList *pList, const char *zClause, int nResult) {
  for (int i = 0; pList && i < pList->nExpr && pCg->rc == SQLITE_OK; i++) {
    const Expr *e = pList->a[i].pExpr;
    while (e && e->op == EXPR_COLLATE) e = e->pLeft;
    i64 k;
    if (resolve_ordinal_value(e, &k, NULL) && (k < 1 || k > 65535)) {
      resolve_term_range_error(pCg, pList->a[i].pExpr, i + 1, zClause, nResult);
    }
  }
  return pCg->rc;
}
