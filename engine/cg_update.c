/*
** cg_update.c: UPDATE.
**
** Two passes like DELETE (cg_delete.c): matching rowids are collected
** first, then each row is re-read, its new values computed (expressions
** see the old row through the positioned table cursor), checked and
** written by cg_complete_insertion, which also moves index entries.
**
** Invariants:
**   1. SET expressions and WHERE see the old row only.
**   2. A rowid change is checked for conflicts like an explicit INSERT
**      rowid (cg_complete_insertion with regOldRowid).
**   3. An index none of whose columns, expressions or partial-index WHERE
**      reads an assigned column keeps its entry untouched (no check, no
**      delete, no insert), unless the rowid / PRIMARY KEY changes (every
**      entry holds it) or a BEFORE trigger could change the row under us.
**   4. A BEFORE trigger may change the row being updated: afterwards the
**      columns not assigned take the row's current values and the index
**      entries removed are the current row's (as SQLite does); OLD stays
**      the row as it was before the triggers.
*/
#include "cg.h"


/* Maps SET targets to columns: aExpr[i] is column i's new value or NULL;
** *ppRowid the new rowid expression. */
int cg_update_map(Cg *pCg, Table *pTab, SetList *pSet, Expr **aExpr, Expr **ppRowid) {
  for (int k = 0; k < pSet->nSet; k++) {
    SetItem *it = &pSet->a[k];
    if (it->pCols->nId != 1) {
      cg_error(pCg, "row value assignments are not supported yet");
      return pCg->rc;
    }
    const char *zCol = it->pCols->azId[0];
    int iCol = schema_column_index(pTab, zCol);
    if (iCol < 0 && !pTab->bWithoutRowid && schema_is_rowid_name(zCol)) {
      *ppRowid = it->pExpr;
      continue;
    }
    if (iCol < 0) {
      cg_error(pCg, "no such column: %s", zCol);
      return pCg->rc;
    }
    if (iCol == pTab->iPKey) *ppRowid = it->pExpr;
    aExpr[iCol] = it->pExpr;
  }
  return SQLITE_OK;
}

/* Does p (an index expression or a partial index's WHERE, over pTab's
** columns) read a column the UPDATE assigns (aExpr)?  Anything it cannot
** see through (a subquery, a window, a deep tree) counts as yes. */
static int upd_expr_reads_set(Table *pTab, Expr **aExpr, const Expr *p, int nDepth) {
  if (p == NULL) return 0;
  if (nDepth > 200 || p->pSelect || p->pWin) return 1;
  if (p->op == EXPR_COLUMN) {
    int iCol = schema_column_index(pTab, p->z);
    return iCol >= 0 && aExpr[iCol] != NULL;   /* else the rowid, unchanged here */
  }
  if (upd_expr_reads_set(pTab, aExpr, p->pLeft, nDepth + 1)) return 1;
  if (upd_expr_reads_set(pTab, aExpr, p->pRight, nDepth + 1)) return 1;
  if (upd_expr_reads_set(pTab, aExpr, p->pExtra, nDepth + 1)) return 1;
  const ExprList *apList[2] = {p->pList, p->pOrderBy};
  for (int i = 0; i < 2; i++) {
    for (int j = 0; apList[i] && j < apList[i]->nExpr; j++) {
      if (upd_expr_reads_set(pTab, aExpr, apList[i]->a[j].pExpr, nDepth + 1)) return 1;
    }
  }
  return 0;
}

/* Does the UPDATE leave the row's rowid (WITHOUT ROWID: PRIMARY KEY) alone? */
static int upd_keeps_key(Table *pTab, Expr **aExpr, Expr *pRowid) {
  if (pRowid) return 0;
  for (int j = 0; pTab->pPk && j < pTab->pPk->nKeyCol; j++) {
    if (aExpr[pTab->pPk->aiColumn[j]]) return 0;
  }
  return 1;
}

/* Invariant 3: bit k set when index k (pIndex order) keeps its entry. */
static u64 upd_unchanged_indexes(Cg *pCg, Table *pTab, Expr **aExpr, Expr *pRowid) {
  /* a new rowid (or PK) is part of every entry; a BEFORE trigger may
  ** rewrite the row under us, so its old values are not to be trusted */
  if (!upd_keeps_key(pTab, aExpr, pRowid)) return 0;
  if (cg_has_triggers(pCg, pTab, TRIGGER_UPDATE, TRIGGER_BEFORE)) return 0;
  u64 mSame = 0;
  int k = 0;
  for (Index *x = pTab->pIndex; x && k < 64; x = x->pNext, k++) {
    int bSet = upd_expr_reads_set(pTab, aExpr, x->pPartial, 0);
    for (int j = 0; j < x->nColumn && !bSet; j++) {
      int iCol = x->aiColumn[j];
      if (iCol == -2) bSet = upd_expr_reads_set(pTab, aExpr, x->apExpr[j], 0);
      else if (iCol >= 0) bSet = aExpr[iCol] != NULL;
    }
    if (!bSet) mSame |= (u64)1 << k;
  }
  ASSERT(k <= 64);
  return mSame;
}

/* OP_Affinity with pTab's column affinities on regCols.. */
static void upd_affinity(Cg *pCg, Table *pTab, int regCols) {
  char *zAff = cg_check_alloc(pCg, mem_malloc((u64)pTab->nCol + 1));
  if (zAff) {
    for (int i = 0; i < pTab->nCol; i++) zAff[i] = pTab->aCol[i].affinity;
    zAff[pTab->nCol] = 0;
  }
  vdbe_add_op4(pCg->v, OP_Affinity, regCols, pTab->nCol, 0, zAff, P4_DYNAMIC);
}

/* After BEFORE triggers, which may have changed the row (invariant 4):
** reloads it from iCur, gives the columns the UPDATE does not assign their
** current values, and returns the registers of the current row. */
static int upd_reload_row(Cg *pCg, Table *pTab, int iCur, Expr **aExpr, int regOldRowid,
                          int regCols) {
  int regCur = cg_load_row(pCg, pTab, iCur, regOldRowid);
  for (int i = 0; i < pTab->nCol; i++) {
    if (aExpr[i] || i == pTab->iPKey) continue;
    vdbe_add_op2(pCg->v, OP_Copy, regCur + i, regCols + i);
  }
  upd_affinity(pCg, pTab, regCols);
  return regCur;
}

void cg_update_row(Cg *pCg, NameCtx *pNc, Table *pTab, int iCur, Expr **aExpr, Expr *pRowid,
                    int regOldRowid, int onError) {
  Vdbe *v = pCg->v;
  SrcTerm *pSrc = &pNc->aSrc[0];
  pSrc->iCursor = iCur;
  int lblSkip = vdbe_make_label(v);
  int regOld = cg_load_row(pCg, pTab, iCur, regOldRowid);
  int regRowid = cg_reg(pCg, 1);
  int regCols = cg_reg(pCg, pTab->nCol);
  /* SET expressions read the old row from the registers just loaded */
  SrcTerm saved = *pSrc;
  pSrc->regCols = regOld;
  pSrc->regRowid = regOldRowid;
  for (int i = 0; i < pTab->nCol; i++) {
    if (aExpr[i] && i != pTab->iPKey) cg_expr(pCg, pNc, aExpr[i], regCols + i);
    else vdbe_add_op2(v, OP_Copy, regOld + i, regCols + i);
  }
  if (pRowid) {
    cg_expr(pCg, pNc, pRowid, regRowid);
    vdbe_add_op1(v, OP_MustBeInt, regRowid);
  } else {
    vdbe_add_op2(v, OP_Copy, regOldRowid, regRowid);
  }
  pSrc->regCols = saved.regCols;
  pSrc->regRowid = saved.regRowid;
  if (pTab->iPKey >= 0) vdbe_add_op2(v, OP_Copy, regRowid, regCols + pTab->iPKey);
  upd_affinity(pCg, pTab, regCols);
  int regCur = regOld;   /* the row as it is now (its index entries go) */
  if (cg_has_triggers(pCg, pTab, TRIGGER_UPDATE, TRIGGER_BEFORE)) {
    cg_fire_triggers(pCg, pTab, TRIGGER_UPDATE, TRIGGER_BEFORE, aExpr, regOld, regOldRowid,
                     regCols, regRowid, lblSkip);
    cg_seek_row(pCg, pTab, iCur, lblSkip, regOldRowid);   /* re-position */
    regCur = upd_reload_row(pCg, pTab, iCur, aExpr, regOldRowid, regCols);
  }
  u64 mSame = upd_unchanged_indexes(pCg, pTab, aExpr, pRowid);
  pCg->bUpdKeepsRow = (u8)(upd_keeps_key(pTab, aExpr, pRowid) && !cg_may_replace(pTab, onError));
  cg_complete_insertion(pCg, pTab, pTab->iDb, iCur, regRowid, regCols, onError, regOldRowid,
                        regCur, lblSkip, mSame);
  pCg->bUpdKeepsRow = 0;
  cg_fkey_parent(pCg, pTab, regOld, regOldRowid, regCols, regRowid);
  cg_fire_triggers(pCg, pTab, TRIGGER_UPDATE, TRIGGER_AFTER, aExpr, regOld, regOldRowid,
                   regCols, regRowid, lblSkip);
  if (pCg->iReturning >= 0) {
    SrcTerm src = *pSrc;
    src.regCols = regCols;
    src.regRowid = regRowid;
    NameCtx nc = *pNc;
    nc.aSrc = &src;
    nc.nSrc = 1;
    cg_returning_row(pCg, &nc);
  }
  vdbe_resolve_label(v, lblSkip);
}

static void cg_update_body(Cg *pCg, UpdateStmt *upd);

void cg_update(Cg *pCg, UpdateStmt *upd) {
  CgWith w;
  cg_with_push(pCg, &w, upd->pWith);
  With *pWith = upd->pWith;
  upd->pWith = NULL;
  cg_update_body(pCg, upd);
  upd->pWith = pWith;
  cg_with_pop(pCg, &w);
}

static void cg_update_body(Cg *pCg, UpdateStmt *upd) {
  if (upd->pFrom || upd->pOrderBy || upd->pLimit) {
    cg_error(pCg, "%s is not supported yet", "UPDATE FROM/LIMIT");
    return;
  }
  SrcTerm src;
  NameCtx nc;
  Table *pTab = cg_dml_target(pCg, upd->pTab, &src, &nc);
  if (pTab == NULL) return;
  Expr **aExpr = ast_arena_alloc(pCg->pArena, sizeof(Expr *) * (u64)(pTab->nCol + 1));
  Expr *pRowid = NULL;
  if (aExpr == NULL || cg_update_map(pCg, pTab, upd->pSet, aExpr, &pRowid)) return;
  for (int k = 0; k < upd->pSet->nSet; k++) resolve_expr(pCg, &nc, upd->pSet->a[k].pExpr);
  if (resolve_expr(pCg, &nc, upd->pWhere)) return;
  Vdbe *v = pCg->v;
  cg_use_db(pCg, pTab->iDb, 1);
  CgKeys keys;
  cg_collect_rowids(pCg, &nc, upd->pWhere, &keys);
  cg_returning_begin(pCg, &nc, upd->pReturning);
  int nIdx = 0;
  for (Index *x = pTab->pIndex; x; x = x->pNext) nIdx++;
  int iCur = pCg->nTab;
  pCg->nTab += nIdx + 1;
  cg_open_table_indexes(pCg, pTab, pTab->iDb, OP_OpenWrite, iCur);
  int lblNext = vdbe_make_label(v);
  int regOldRowid = cg_reg(pCg, 1);
  cg_keys_loop(pCg, pTab, &keys, regOldRowid);
  cg_seek_row(pCg, pTab, iCur, lblNext, regOldRowid);
  cg_update_row(pCg, &nc, pTab, iCur, aExpr, pRowid, regOldRowid,
          cg_conflict_action(upd->eConflict, OE_Default));
  vdbe_resolve_label(v, lblNext);
  cg_keys_loop_end(pCg, &keys);
  cg_returning_end(pCg);
}
