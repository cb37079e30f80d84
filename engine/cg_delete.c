/*
** cg_delete.c: DELETE.
**
** Without WHERE the table and its indexes are cleared with OP_Clear (the
** row count goes to sqlite3_changes).  With WHERE the rowids of matching
** rows are first collected (invariant 3; pass 1, read cursors),
** then each row is deleted with its index entries (pass 2, write cursors).
**
** Invariants:
**   1. No row is deleted while the WHERE loop that found it is still
**      running, so cursor movement never depends on deletions.
**   2. Index cursors follow cg_insert.c invariant 2 (table cursor + 1 + k).
**   3. Pass 1 keeps the keys where pass 2 reads them in ascending key order
**      whatever order the WHERE loop found them in: a RowSet of rowids
**      (cheap appends, sorted once) or, for WITHOUT ROWID, an ephemeral
**      index of the PK values ordered as the PRIMARY KEY.
*/
#include "cg.h"

/* Pass 1 of DELETE/UPDATE (invariant 3). */
void cg_collect_rowids(Cg *pCg, NameCtx *pNc, Expr *pWhere, CgKeys *pKeys) {
  Vdbe *v = pCg->v;
  int bPk = pNc->aSrc[0].pTab->pPk != NULL;
  pKeys->regSet = bPk ? 0 : cg_reg(pCg, 1);
  pKeys->iEph = bPk ? cg_cursor(pCg) : -1;
  Index *pPk = pNc->aSrc[0].pTab->pPk;
  if (bPk) {
    vdbe_add_op4(v, OP_OpenEphemeral, pKeys->iEph, pPk->nKeyCol, 0, cg_index_keyinfo(pCg, pPk),
                 P4_KEYINFO);
  } else {
    vdbe_add_op2(v, OP_Null, 0, pKeys->regSet);   /* a new, empty set each run */
  }
  WhereInfo *pW = plan_begin(pCg, pNc, pWhere, NULL, 0);
  if (pW == NULL) return;
  int r = cg_reg(pCg, 2);
  if (bPk) {   /* an index of the PK values, in PK order */
    int rRec = cg_reg(pCg, 1);
    int rKey = cg_reg(pCg, pPk->nKeyCol);
    for (int j = 0; j < pPk->nKeyCol; j++) {
      cg_column(pCg, &pNc->aSrc[0], pPk->aiColumn[j], rKey + j);
    }
    vdbe_add_op3(v, OP_MakeRecord, rKey, pPk->nKeyCol, rRec);
    vdbe_add_op4_int(v, OP_IdxInsert, pKeys->iEph, rRec, rKey, pPk->nKeyCol);
  } else {
    cg_column(pCg, &pNc->aSrc[0], -1, r);
    vdbe_add_op2(v, OP_RowSetAdd, pKeys->regSet, r);
  }
  plan_end(pCg, pW);
  plan_close(pCg, pW);
  plan_free(pW);
}

void cg_keys_loop(Cg *pCg, Table *pTab, CgKeys *pKeys, int target) {
  Vdbe *v = pCg->v;
  ASSERT((pKeys->iEph >= 0) == (pTab->pPk != NULL));
  pKeys->lblDone = vdbe_make_label(v);
  if (pKeys->iEph < 0) {
    pKeys->addrTop = vdbe_add_op3(v, OP_RowSetRead, pKeys->regSet, pKeys->lblDone, target);
    return;
  }
  vdbe_add_op2(v, OP_Rewind, pKeys->iEph, pKeys->lblDone);
  pKeys->addrTop = vdbe_current_addr(v);
  int n = pTab->pPk->nKeyCol;
  int r = cg_reg(pCg, n);   /* the entry's PK values -> the row's key (cg_row_key) */
  for (int j = 0; j < n; j++) vdbe_add_op3(v, OP_Column, pKeys->iEph, j, r + j);
  vdbe_add_op3(v, OP_MakeRecord, r, n, target);
}

void cg_keys_loop_end(Cg *pCg, CgKeys *pKeys) {
  if (pKeys->iEph < 0) vdbe_add_op2(pCg->v, OP_Goto, 0, pKeys->addrTop);
  else vdbe_add_op2(pCg->v, OP_Next, pKeys->iEph, pKeys->addrTop);
  vdbe_resolve_label(pCg->v, pKeys->lblDone);
}

void cg_row_key(Cg *pCg, SrcTerm *pSrc, int target) {
  Table *pTab = pSrc->pTab;
  if (pTab->pPk == NULL) {
    cg_column(pCg, pSrc, -1, target);
    return;
  }
  int n = pTab->pPk->nKeyCol;
  int r = cg_reg(pCg, n);
  for (int j = 0; j < n; j++) cg_column(pCg, pSrc, pTab->pPk->aiColumn[j], r + j);
  vdbe_add_op3(pCg->v, OP_MakeRecord, r, n, target);
}

/* Sets up the single FROM item of an UPDATE/DELETE target. */
Table *cg_dml_target(Cg *pCg, SrcList *pList, SrcTerm *pSrc, NameCtx *pNc) {
  SrcItem *pItem = &pList->a[0];
  Table *pTab = cg_locate_table(pCg, pItem->zDb, pItem->zName);
  if (pTab == NULL) return NULL;
  if (pTab->eType == TAB_VIEW) {
    cg_error(pCg, "cannot modify %s because it is a view", pTab->zName);
    return NULL;
  }
  if (pTab->bSchemaTab && !(pCg->db->flags & CONN_FLAG_WRITABLE_SCHEMA)) {
    cg_error(pCg, "table %s may not be modified", pTab->zName);
    return NULL;
  }
  if (pTab->eType == TAB_VIRTUAL) {
    cg_error(pCg, "virtual tables are not supported yet");
    return NULL;
  }
  memset(pSrc, 0, sizeof(*pSrc));
  pSrc->pTab = pTab;
  pSrc->zAlias = pItem->zAlias ? pItem->zAlias : pTab->zName;
  pSrc->iCursor = cg_cursor(pCg);
  pSrc->iIdxCur = -1;
  pSrc->pItem = pItem;
  pSrc->colUsed = ~(u64)0;   /* rows are rewritten whole: no covering index */
  memset(pNc, 0, sizeof(*pNc));
  pNc->aSrc = pSrc;
  pNc->nSrc = 1;
  pNc->pOuter = pCg->pOuterNc;   /* a trigger body sees OLD/NEW */
  return pTab;
}

static void cg_delete_body(Cg *pCg, DeleteStmt *del);

void cg_delete(Cg *pCg, DeleteStmt *del) {
  CgWith w;
  cg_with_push(pCg, &w, del->pWith);
  With *pWith = del->pWith;
  del->pWith = NULL;
  cg_delete_body(pCg, del);
  del->pWith = pWith;
  cg_with_pop(pCg, &w);
}

static void cg_delete_body(Cg *pCg, DeleteStmt *del) {
  if (del->pOrderBy || del->pLimit) {
    cg_error(pCg, "%s is not supported yet", "DELETE ORDER BY/LIMIT");
    return;
  }
  SrcTerm src;
  NameCtx nc;
  Table *pTab = cg_dml_target(pCg, del->pTab, &src, &nc);
  if (pTab == NULL) return;
  Vdbe *v = pCg->v;
  int iDb = pTab->iDb;
  cg_use_db(pCg, iDb, 1);
  if (resolve_expr(pCg, &nc, del->pWhere)) return;
  int bTrig = cg_has_triggers(pCg, pTab, TRIGGER_DELETE, TRIGGER_BEFORE) ||
              cg_has_triggers(pCg, pTab, TRIGGER_DELETE, TRIGGER_AFTER);
  int bParent = cg_fkey_is_parent(pCg, pTab);
  if (del->pWhere == NULL && del->pReturning == NULL && !bTrig && !bParent &&
      pCg->nTrigDepth == 0) {
    vdbe_add_op3(v, OP_Clear, (int)pTab->tnum, iDb, 1);
    for (Index *x = pTab->pIndex; x; x = x->pNext) vdbe_add_op2(v, OP_Clear, (int)x->tnum, iDb);
    return;
  }
  CgKeys keys;
  cg_collect_rowids(pCg, &nc, del->pWhere, &keys);
  cg_returning_begin(pCg, &nc, del->pReturning);
  int nIdx = 0;
  for (Index *x = pTab->pIndex; x; x = x->pNext) nIdx++;
  int iCur = pCg->nTab;
  pCg->nTab += nIdx + 1;
  cg_open_table_indexes(pCg, pTab, iDb, OP_OpenWrite, iCur);
  int lblNext = vdbe_make_label(v);
  int r = cg_reg(pCg, 1);
  cg_keys_loop(pCg, pTab, &keys, r);
  cg_seek_row(pCg, pTab, iCur, lblNext, r);
  int regOld = 0;
  if (bTrig) {
    regOld = cg_load_row(pCg, pTab, iCur, r);
    cg_fire_triggers(pCg, pTab, TRIGGER_DELETE, TRIGGER_BEFORE, NULL, regOld, r, 0, 0, lblNext);
    cg_seek_row(pCg, pTab, iCur, lblNext, r);   /* the trigger may have moved it */
  }
  if (bParent) {
    if (regOld == 0) regOld = cg_load_row(pCg, pTab, iCur, r);
    cg_fkey_parent(pCg, pTab, regOld, r, 0, 0);
    cg_seek_row(pCg, pTab, iCur, lblNext, r);   /* a cascade may have moved it */
  }
  if (pCg->iReturning >= 0) {
    src.iCursor = iCur;
    cg_returning_row(pCg, &nc);
  }
  cg_delete_row(pCg, pTab, iCur, r, pCg->nTrigDepth == 0);
  if (bTrig) {
    cg_fire_triggers(pCg, pTab, TRIGGER_DELETE, TRIGGER_AFTER, NULL, regOld, r, 0, 0, lblNext);
  }
  vdbe_resolve_label(v, lblNext);
  cg_keys_loop_end(pCg, &keys);
  cg_returning_end(pCg);
}
