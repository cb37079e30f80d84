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

void cg_update_row(Cg *pCg, NameCtx *pNc, Table *pTab, int iCur, Expr **aExpr, Expr *pRowid,
                    int regOldRowid, int onError) {
  Vdbe *v = pCg->v;
  SrcTerm *pSrc = &pNc->aSrc[0];
  pSrc->iCursor = iCur;
  int lblSkip = vdbe_make_label(v);
  int regOld = cg_load_row(pCg, pTab, iCur, regOldRowid);
  int regRowid = cg_reg(pCg, 1);
  int regCols = cg_reg(pCg, pTab->nCol);
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
  if (pTab->iPKey >= 0) vdbe_add_op2(v, OP_Copy, regRowid, regCols + pTab->iPKey);
  char *zAff = cg_check_alloc(pCg, mem_malloc((u64)pTab->nCol + 1));
  if (zAff) {
    for (int i = 0; i < pTab->nCol; i++) zAff[i] = pTab->aCol[i].affinity;
    zAff[pTab->nCol] = 0;
  }
  vdbe_add_op4(v, OP_Affinity, regCols, pTab->nCol, 0, zAff, P4_DYNAMIC);
  if (cg_has_triggers(pCg, pTab, TRIGGER_UPDATE, TRIGGER_BEFORE)) {
    cg_fire_triggers(pCg, pTab, TRIGGER_UPDATE, TRIGGER_BEFORE, aExpr, regOld, regOldRowid,
                     regCols, regRowid, lblSkip);
    cg_seek_row(pCg, pTab, iCur, lblSkip, regOldRowid);   /* re-position */
  }
  cg_complete_insertion(pCg, pTab, pTab->iDb, iCur, regRowid, regCols, onError, regOldRowid,
                        regOld, lblSkip, 0);
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
  int iEph = cg_collect_rowids(pCg, &nc, upd->pWhere);
  cg_returning_begin(pCg, &nc, upd->pReturning);
  int nIdx = 0;
  for (Index *x = pTab->pIndex; x; x = x->pNext) nIdx++;
  int iCur = pCg->nTab;
  pCg->nTab += nIdx + 1;
  cg_open_table_indexes(pCg, pTab, pTab->iDb, OP_OpenWrite, iCur);
  int addrEmpty = vdbe_add_op1(v, OP_Rewind, iEph);
  int addrTop = vdbe_current_addr(v);
  int lblNext = vdbe_make_label(v);
  int regOldRowid = cg_reg(pCg, 1);
  cg_collected_key(pCg, pTab, iEph, regOldRowid);
  cg_seek_row(pCg, pTab, iCur, lblNext, regOldRowid);
  cg_update_row(pCg, &nc, pTab, iCur, aExpr, pRowid, regOldRowid,
          cg_conflict_action(upd->eConflict, OE_Default));
  vdbe_resolve_label(v, lblNext);
  vdbe_add_op2(v, OP_Next, iEph, addrTop);
  vdbe_jump_here(v, addrEmpty);
  cg_returning_end(pCg);
}
