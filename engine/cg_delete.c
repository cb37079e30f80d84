/*
** cg_delete.c: DELETE.
**
** Without WHERE the table and its indexes are cleared with OP_Clear (the
** row count goes to sqlite3_changes).  With WHERE the rowids of matching
** rows are first collected into an ephemeral table (pass 1, read cursors),
** then each row is deleted with its index entries (pass 2, write cursors).
**
** Invariants:
**   1. No row is deleted while the WHERE loop that found it is still
**      running, so cursor movement never depends on deletions.
**   2. Index cursors follow cg_insert.c invariant 2 (table cursor + 1 + k).
*/
#include "cg.h"

/* Pass 1 of DELETE/UPDATE: rowids matching pWhere into a new ephemeral
** table; returns its cursor. */
int cg_collect_rowids(Cg *pCg, NameCtx *pNc, Expr *pWhere) {
  Vdbe *v = pCg->v;
  int iEph = cg_cursor(pCg);
  vdbe_add_op2(v, OP_OpenEphemeral, iEph, 1);
  WhereInfo *pW = plan_begin(pCg, pNc, pWhere, NULL, 0);
  if (pW == NULL) return iEph;
  int r = cg_reg(pCg, 2);
  int rRec = cg_reg(pCg, 1);
  if (pNc->aSrc[0].pTab->pPk) {   /* the PK record is the row's only column */
    cg_row_key(pCg, &pNc->aSrc[0], r + 1);
    vdbe_add_op2(v, OP_NewRowid, iEph, r);
  } else {
    cg_column(pCg, &pNc->aSrc[0], -1, r);
    vdbe_add_op2(v, OP_Null, 0, r + 1);
  }
  vdbe_add_op3(v, OP_MakeRecord, r + 1, 1, rRec);
  vdbe_add_op3(v, OP_Insert, iEph, rRec, r);
  plan_end(pCg, pW);
  plan_close(pCg, pW);
  plan_free(pW);
  return iEph;
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

/* Pass 2: the key pass 1 stored for the current row of iEph (see
** cg_collect_rowids). */
void cg_collected_key(Cg *pCg, Table *pTab, int iEph, int target) {
  if (pTab->pPk) vdbe_add_op3(pCg->v, OP_Column, iEph, 0, target);
  else vdbe_add_op2(pCg->v, OP_Rowid, iEph, target);
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
  int iEph = cg_collect_rowids(pCg, &nc, del->pWhere);
  cg_returning_begin(pCg, &nc, del->pReturning);
  int nIdx = 0;
  for (Index *x = pTab->pIndex; x; x = x->pNext) nIdx++;
  int iCur = pCg->nTab;
  pCg->nTab += nIdx + 1;
  cg_open_table_indexes(pCg, pTab, iDb, OP_OpenWrite, iCur);
  int addrEmpty = vdbe_add_op1(v, OP_Rewind, iEph);
  int addrTop = vdbe_current_addr(v);
  int lblNext = vdbe_make_label(v);
  int r = cg_reg(pCg, 1);
  cg_collected_key(pCg, pTab, iEph, r);
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
  vdbe_add_op2(v, OP_Next, iEph, addrTop);
  vdbe_jump_here(v, addrEmpty);
  cg_returning_end(pCg);
}
