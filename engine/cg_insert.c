/*
** cg_insert.c: INSERT, and the row-writing machinery shared with UPDATE and
** DELETE: index keys, constraint checks (NOT NULL, CHECK, rowid and UNIQUE
** conflicts with ABORT/FAIL/ROLLBACK/IGNORE/REPLACE), index maintenance.
**
** Invariants:
**   1. Constraint checks run in SQLite's order (NOT NULL by column, CHECK,
**      rowid, then UNIQUE indexes in creation order) and all of them run
**      before the first write of the row, so IGNORE can skip the row and
**      FAIL leaves no half-written row behind.
**   2. Index cursors of a table are its table cursor + 1 + k, k being the
**      index's position in Table.pIndex (cg_open_table_indexes).
**   3. Column values reach the record with the table's affinity applied
**      (OP_Affinity), so index keys and records agree.
**   4. The rowid-alias column is stored as NULL in the record (schema.h
**      invariant 4); its value lives in the rowid register.
**   5. For a WITHOUT ROWID table the "rowid" register holds the record of
**      the row's PRIMARY KEY values (cg_pk_record), built right after the
**      NOT NULL checks; the row is written with OP_IdxInsert in storage
**      order (schema.h invariant 5).
**   6. A row is written in three phases: checks (invariant 1), then every
**      record it needs (index expressions, partial-index conditions and
**      record sizes can fail only here), then the writes, which cannot
**      fail but for I/O, memory or corruption (errors that end the whole
**      transaction).  So a single-row INSERT with no REPLACE, upsert
**      update, trigger or foreign key has nothing to undo when it fails,
**      and needs no statement journal (Cg.bNoStmtJournal).
*/
#include "cg.h"

int cg_conflict_action(int eConflict, int eDefault) {
  switch (eConflict) {
    case CONFLICT_ROLLBACK: return OE_Rollback;
    case CONFLICT_ABORT: return OE_Abort;
    case CONFLICT_FAIL: return OE_Fail;
    case CONFLICT_IGNORE: return OE_Ignore;
    case CONFLICT_REPLACE: return OE_Replace;
    default: return eDefault;
  }
}

int cg_index_nfield(const Index *pIdx) {
  return pIdx->pTable->bWithoutRowid ? pIdx->nColumn : pIdx->nKeyCol + 1;
}

/* Bit k of an UPDATE's "unchanged" mask: index k (pIndex order) keeps its
** entry.  Indexes past the mask's width are always rewritten. */
static int ins_idx_same(u64 mSame, int k) {
  return k < 64 && (mSame >> k) & 1;
}

/* The PRIMARY KEY of a WITHOUT ROWID table orders its rows by the key
** columns alone, so that an equal key finds (and IdxInsert replaces) the
** row; a secondary index of such a table orders by all its fields (the PK
** suffix makes entries unique), with the PK's collations and orders. */
KeyInfo *cg_index_keyinfo(Cg *pCg, Index *pIdx) {
  Table *pTab = pIdx->pTable;
  int nExtra = pTab->bWithoutRowid ? pIdx->nColumn - pIdx->nKeyCol : 1;
  if (pIdx == pTab->pPk) nExtra = 0;
  ASSERT(nExtra >= 0 && pIdx->nColumn >= pIdx->nKeyCol);
  KeyInfo *pKey = cg_keyinfo(pCg, pIdx->nKeyCol, nExtra);
  if (pKey == NULL) return NULL;
  int n = pTab->bWithoutRowid ? pIdx->nKeyCol + nExtra : pIdx->nKeyCol;
  for (int j = 0; j < n; j++) {
    pKey->aColl[j] = cg_coll(pCg, pIdx->azColl[j]);
    pKey->aSortFlags[j] = pIdx->aDesc[j] ? KEYINFO_ORDER_DESC : 0;
  }
  return pKey;
}

void cg_open_table(Cg *pCg, Table *pTab, int iDb, int opcode, int iCur) {
  if (pTab->pPk) {
    vdbe_add_op4(pCg->v, opcode, iCur, (int)pTab->tnum, iDb, cg_index_keyinfo(pCg, pTab->pPk),
                 P4_KEYINFO);
  } else {
    vdbe_add_op4_int(pCg->v, opcode, iCur, (int)pTab->tnum, iDb, pTab->nCol);
  }
}

void cg_seek_row(Cg *pCg, Table *pTab, int iCur, int lblMissing, int regKey) {
  if (pTab->pPk) vdbe_add_op3(pCg->v, OP_NotFound, iCur, lblMissing, regKey);
  else vdbe_add_op3(pCg->v, OP_NotExists, iCur, lblMissing, regKey);
}

int cg_pk_record(Cg *pCg, Table *pTab, int regCols, int target) {
  Index *pPk = pTab->pPk;
  ASSERT(pPk != NULL && pPk->nKeyCol > 0);
  int r = cg_reg(pCg, pPk->nKeyCol);
  for (int j = 0; j < pPk->nKeyCol; j++) {
    vdbe_add_op2(pCg->v, OP_Copy, regCols + pPk->aiColumn[j], r + j);
  }
  vdbe_add_op3(pCg->v, OP_MakeRecord, r, pPk->nKeyCol, target);
  return r;
}

/* WITHOUT ROWID: the PRIMARY KEY record of the row an entry of index x
** (cursor iIdxCur) points at, into target (the rowid of a rowid table). */
static void ins_index_row_key(Cg *pCg, Index *x, int iIdxCur, int target) {
  Table *pTab = x->pTable;
  if (!pTab->bWithoutRowid) {
    vdbe_add_op2(pCg->v, OP_IdxRowid, iIdxCur, target);
    return;
  }
  Index *pPk = pTab->pPk;
  int r = cg_reg(pCg, pPk->nKeyCol);
  for (int j = 0; j < pPk->nKeyCol; j++) {
    int p = 0;
    while (p < x->nColumn && x->aiColumn[p] != pPk->aiColumn[j]) p++;
    ASSERT(p < x->nColumn);   /* schema.h invariant 5 */
    vdbe_add_op3(pCg->v, OP_Column, iIdxCur, p, r + j);
  }
  vdbe_add_op3(pCg->v, OP_MakeRecord, r, pPk->nKeyCol, target);
}

int cg_open_table_indexes(Cg *pCg, Table *pTab, int iDb, int opcode, int iCur) {
  Vdbe *v = pCg->v;
  cg_open_table(pCg, pTab, iDb, opcode, iCur);
  int k = 0;
  for (Index *x = pTab->pIndex; x; x = x->pNext, k++) {
    vdbe_add_op4(v, opcode, iCur + 1 + k, (int)x->tnum, iDb, cg_index_keyinfo(pCg, x),
                 P4_KEYINFO);
  }
  return k;
}

/* A scope where pTab's columns are the registers regCols.. (rowid regRowid):
** index expressions and partial-index conditions are evaluated in it. */
static void ins_row_scope(Table *pTab, int regCols, int regRowid, SrcTerm *pSrc, NameCtx *pNc) {
  memset(pSrc, 0, sizeof(*pSrc));
  pSrc->pTab = pTab;
  pSrc->zAlias = pTab->zName;
  pSrc->iCursor = -1;
  pSrc->iIdxCur = -1;
  pSrc->regCols = regCols;
  pSrc->regRowid = regRowid;
  memset(pNc, 0, sizeof(*pNc));
  pNc->aSrc = pSrc;
  pNc->nSrc = 1;
  pNc->flags = NC_IS_CHECK;
}

/* Partial index: jumps to lblSkip when the row is not covered by pIdx. */
void cg_index_partial_skip(Cg *pCg, Index *pIdx, int regCols, int regRowid, int lblSkip) {
  if (pIdx->pPartial == NULL) return;
  SrcTerm src;
  NameCtx nc;
  ins_row_scope(pIdx->pTable, regCols, regRowid, &src, &nc);
  Expr *p = ast_dup_expr(pCg->pArena, pIdx->pPartial);
  cg_if_false(pCg, &nc, p, lblSkip, 1);
}

int cg_index_key(Cg *pCg, Index *pIdx, int regCols, int regRowid) {
  int r = cg_reg(pCg, cg_index_nfield(pIdx));
  Table *pTab = pIdx->pTable;
  for (int j = 0; j < pIdx->nColumn; j++) {
    int iCol = pIdx->aiColumn[j];
    if (iCol == -2 && pIdx->apExpr[j]) {   /* expression index */
      SrcTerm src;
      NameCtx nc;
      ins_row_scope(pTab, regCols, regRowid, &src, &nc);
      cg_expr(pCg, &nc, ast_dup_expr(pCg->pArena, pIdx->apExpr[j]), r + j);
    } else if (iCol < 0 || iCol == pTab->iPKey) {
      vdbe_add_op2(pCg->v, OP_Copy, regRowid, r + j);
    } else {
      vdbe_add_op2(pCg->v, OP_Copy, regCols + iCol, r + j);
    }
  }
  if (!pTab->bWithoutRowid) vdbe_add_op2(pCg->v, OP_Copy, regRowid, r + pIdx->nKeyCol);
  return r;
}

/* "t.a, t.b" for the UNIQUE message of pIdx (mem_malloc'd). */
char *cg_index_cols_msg(Index *pIdx) {
  Table *pTab = pIdx->pTable;
  for (int j = 0; j < pIdx->nKeyCol; j++) {
    if (pIdx->aiColumn[j] == -2) return cg_mprintf("index '%s'", pIdx->zName);
  }
  char *z = cg_mprintf("%s", "");
  for (int j = 0; z && j < pIdx->nKeyCol; j++) {
    int iCol = pIdx->aiColumn[j];
    const char *zCol = iCol < 0 ? "rowid" : pTab->aCol[iCol].zName;
    char *zNew = cg_mprintf("%s%s%s.%s", z, j ? ", " : "", pTab->zName, zCol);
    mem_free(z);
    z = zNew;
  }
  return z;
}

static void ins_halt(Cg *pCg, int rc, int oe, char *zMsg, int p5) {
  vdbe_add_op4(pCg->v, OP_Halt, rc, oe, 0, zMsg, P4_DYNAMIC);
  vdbe_change_p5(pCg->v, p5);
}

/* Loads the columns of the row under iCur into fresh registers. */
int cg_load_row(Cg *pCg, Table *pTab, int iCur, int regRowid) {
  int r = cg_reg(pCg, pTab->nCol);
  SrcTerm src;
  memset(&src, 0, sizeof(src));
  src.pTab = pTab;
  src.iCursor = iCur;
  src.iIdxCur = -1;
  for (int i = 0; i < pTab->nCol; i++) {
    if (i == pTab->iPKey) vdbe_add_op2(pCg->v, OP_Copy, regRowid, r + i);
    else cg_column(pCg, &src, i, r + i);
  }
  return r;
}

void cg_delete_row(Cg *pCg, Table *pTab, int iCur, int regRowid, int bCount) {
  Vdbe *v = pCg->v;
  if (pTab->pIndex) {
    int regCols = cg_load_row(pCg, pTab, iCur, regRowid);
    int k = 0;
    for (Index *x = pTab->pIndex; x; x = x->pNext, k++) {
      int lblNoEntry = vdbe_make_label(v);
      cg_index_partial_skip(pCg, x, regCols, regRowid, lblNoEntry);
      int regKey = cg_index_key(pCg, x, regCols, regRowid);
      vdbe_add_op3(v, OP_IdxDelete, iCur + 1 + k, regKey, cg_index_nfield(x));
      vdbe_resolve_label(v, lblNoEntry);
    }
  }
  /* OP_Delete takes OPFLAG_NCHANGE in P2 and the table name (update
  ** hook) in P4, as opcode.html specifies */
  if (bCount) vdbe_add_op4(v, OP_Delete, iCur, OPFLAG_NCHANGE, 0, pTab->zName, P4_TRANSIENT);
  else vdbe_add_op1(v, OP_Delete, iCur);
}

/* Does the statement's ON CONFLICT clause govern this constraint (pIdx, or
** the rowid when pIdx is NULL)? */
static int ins_upsert_applies(Cg *pCg, Index *pIdx) {
  CgUpsert *u = pCg->pUpsert;
  if (u == NULL) return 0;
  if (u->bAny) return 1;
  return pIdx ? u->pIdx == pIdx : u->bRowid;
}

/* The ON CONFLICT action for a conflict with row rDup: DO NOTHING skips
** the row; DO UPDATE updates rDup (unless its WHERE is false), then skips. */
static void ins_upsert_action(Cg *pCg, int rDup, int lblSkip) {
  Vdbe *v = pCg->v;
  CgUpsert *u = pCg->pUpsert;
  if (u->p->bDoNothing) {
    vdbe_add_op2(v, OP_Goto, 0, lblSkip);
    return;
  }
  Table *pTab = u->pTab;
  SrcTerm aSrc[2];
  memset(aSrc, 0, sizeof(aSrc));
  aSrc[0].pTab = aSrc[1].pTab = pTab;
  aSrc[0].zAlias = pTab->zName;
  aSrc[0].iCursor = u->iCur;
  aSrc[0].iIdxCur = aSrc[1].iIdxCur = -1;
  aSrc[1].zAlias = "excluded";
  aSrc[1].iCursor = -1;
  aSrc[1].regCols = u->regCols;
  aSrc[1].regRowid = u->regRowid;
  aSrc[1].bQualOnly = 1;
  NameCtx nc;
  memset(&nc, 0, sizeof(nc));
  nc.aSrc = aSrc;
  nc.nSrc = 2;
  Expr **aExpr = ast_arena_alloc(pCg->pArena, sizeof(Expr *) * (u64)(pTab->nCol + 1));
  Expr *pRowid = NULL;
  if (aExpr == NULL || cg_update_map(pCg, pTab, u->p->pSet, aExpr, &pRowid)) return;
  for (int k = 0; k < u->p->pSet->nSet; k++) resolve_expr(pCg, &nc, u->p->pSet->a[k].pExpr);
  resolve_expr(pCg, &nc, u->p->pWhere);
  int rOld = cg_reg(pCg, 1);
  vdbe_add_op2(v, OP_Copy, rDup, rOld);
  cg_seek_row(pCg, pTab, u->iCur, lblSkip, rOld);
  if (u->p->pWhere) cg_if_false(pCg, &nc, u->p->pWhere, lblSkip, 1);
  pCg->pUpsert = NULL;   /* the update's own conflicts take the normal path */
  cg_update_row(pCg, &nc, pTab, u->iCur, aExpr, pRowid, rOld, OE_Default);
  pCg->pUpsert = u;
  vdbe_add_op2(v, OP_Goto, 0, lblSkip);
}

static void ins_check_notnull(Cg *pCg, Table *pTab, int regCols, int onError, int lblSkip) {
  Vdbe *v = pCg->v;
  for (int i = 0; i < pTab->nCol; i++) {
    Column *c = &pTab->aCol[i];
    if (!c->notNull || i == pTab->iPKey) continue;
    int oe = onError != OE_Default ? onError : cg_conflict_action(c->notNull, OE_Abort);
    if (oe == OE_Replace && c->pDflt == NULL) oe = OE_Abort;
    if (oe == OE_Ignore) {
      vdbe_add_op2(v, OP_IsNull, regCols + i, lblSkip);
    } else if (oe == OE_Replace) {
      int addr = vdbe_add_op1(v, OP_NotNull, regCols + i);
      cg_expr(pCg, NULL, c->pDflt, regCols + i);
      vdbe_jump_here(v, addr);
    } else {
      char *zMsg = cg_mprintf("%s.%s", pTab->zName, c->zName);
      vdbe_add_op4(v, OP_HaltIfNull, SQLITE_CONSTRAINT_NOTNULL, oe, regCols + i, zMsg,
                   P4_DYNAMIC);
      vdbe_change_p5(v, P5_ConstraintNotNull);
    }
  }
}

static void ins_check_checks(Cg *pCg, Table *pTab, int regCols, int regRowid, int onError,
                             int lblSkip) {
  if (pTab->pCheck == NULL) return;
  Vdbe *v = pCg->v;
  SrcTerm src;
  memset(&src, 0, sizeof(src));
  src.pTab = pTab;
  src.zAlias = pTab->zName;
  src.iCursor = -1;
  src.iIdxCur = -1;
  src.regCols = regCols;
  src.regRowid = regRowid;
  NameCtx nc;
  memset(&nc, 0, sizeof(nc));
  nc.aSrc = &src;
  nc.nSrc = 1;
  nc.flags = NC_IS_CHECK;
  int oe = onError != OE_Default ? onError : OE_Abort;
  for (CheckCons *c = pTab->pCheck; c; c = c->pNext) {
    int lblOk = vdbe_make_label(v);
    cg_if_true(pCg, &nc, c->pExpr, lblOk, 1);
    if (oe == OE_Ignore) {
      vdbe_add_op2(v, OP_Goto, 0, lblSkip);
    } else {
      ins_halt(pCg, SQLITE_CONSTRAINT_CHECK, oe == OE_Replace ? OE_Abort : oe,
               cg_mprintf("%s", c->zName), P5_ConstraintCheck);
    }
    vdbe_resolve_label(v, lblOk);
  }
}

/* The rowid (WITHOUT ROWID: PRIMARY KEY) conflict check.  regPkVals: the
** PK values in registers (WITHOUT ROWID), sought directly rather than
** through the record in regRowid, which the VM would have to unpack. */
static void ins_check_rowid(Cg *pCg, Table *pTab, int iCur, int regRowid, int regPkVals,
                            int onError, int regOldRowid, int lblSkip) {
  Vdbe *v = pCg->v;
  int lblOk = vdbe_make_label(v);
  ASSERT((regPkVals > 0) == (pTab->pPk != NULL));
  if (regOldRowid > 0) vdbe_add_op3(v, OP_Eq, regRowid, lblOk, regOldRowid);
  if (regPkVals) vdbe_add_op4_int(v, OP_NotFound, iCur, lblOk, regPkVals, pTab->pPk->nKeyCol);
  else cg_seek_row(pCg, pTab, iCur, lblOk, regRowid);
  u8 eTabConflict = pTab->pPk ? pTab->pPk->onError : pTab->pkOnError;
  int oe = onError != OE_Default ? onError : cg_conflict_action(eTabConflict, OE_Abort);
  if (ins_upsert_applies(pCg, NULL)) {
    ins_upsert_action(pCg, regRowid, lblSkip);
  } else if (oe == OE_Ignore) {
    vdbe_add_op2(v, OP_Goto, 0, lblSkip);
  } else if (oe == OE_Replace) {
    cg_delete_row(pCg, pTab, iCur, regRowid, 0);
  } else if (pTab->pPk) {
    ins_halt(pCg, SQLITE_CONSTRAINT_PRIMARYKEY, oe, cg_index_cols_msg(pTab->pPk),
             P5_ConstraintUnique);
  } else {
    const char *zCol = pTab->iPKey >= 0 ? pTab->aCol[pTab->iPKey].zName : "rowid";
    ins_halt(pCg, SQLITE_CONSTRAINT_PRIMARYKEY, oe, cg_mprintf("%s.%s", pTab->zName, zCol),
             P5_ConstraintUnique);
  }
  vdbe_resolve_label(v, lblOk);
}

/* One UNIQUE check: a conflict in index x (cursor iCur+1+k) with another row. */
static void ins_check_one_unique(Cg *pCg, Table *pTab, Index *x, int k, int iCur,
                                 int regRowid, int regCols, int onError, int regOldRowid,
                                 int lblSkip) {
  Vdbe *v = pCg->v;
  int lblOk = vdbe_make_label(v);
  cg_index_partial_skip(pCg, x, regCols, regRowid, lblOk);
  int regKey = cg_index_key(pCg, x, regCols, regRowid);
  vdbe_add_op4_int(v, OP_NoConflict, iCur + 1 + k, lblOk, regKey, x->nKeyCol);
  int rDup = cg_reg(pCg, 1);
  ins_index_row_key(pCg, x, iCur + 1 + k, rDup);
  if (regOldRowid > 0) vdbe_add_op3(v, OP_Eq, rDup, lblOk, regOldRowid);
  int oe = onError != OE_Default ? onError : cg_conflict_action(x->onError, OE_Abort);
  if (ins_upsert_applies(pCg, x)) {
    ins_upsert_action(pCg, rDup, lblSkip);
  } else if (oe == OE_Ignore) {
    vdbe_add_op2(v, OP_Goto, 0, lblSkip);
  } else if (oe == OE_Replace) {
    cg_seek_row(pCg, pTab, iCur, lblOk, rDup);
    cg_delete_row(pCg, pTab, iCur, rDup, 0);
  } else {
    int rc = x->idxType == IDX_PRIMKEY ? SQLITE_CONSTRAINT_PRIMARYKEY : SQLITE_CONSTRAINT_UNIQUE;
    ins_halt(pCg, rc, oe, cg_index_cols_msg(x), P5_ConstraintUnique);
  }
  vdbe_resolve_label(v, lblOk);
}

/* The order SQLite checks UNIQUE indexes in (it decides which constraint
** a row violating several reports): the upsert's target first, then the
** others newest first (SQLite keeps its index list newest first), with
** REPLACE indexes last so no row is deleted before a later check fails. */
static int ins_unique_rank(Cg *pCg, Index *x, int onError) {
  if (ins_upsert_applies(pCg, x)) return 0;
  int oe = onError != OE_Default ? onError : cg_conflict_action(x->onError, OE_Abort);
  return oe == OE_Replace ? 2 : 1;
}

/* mSame: UPDATE's unchanged indexes (ins_idx_same): their key is the old
** row's, which conflicts with no other row. */
static void ins_check_unique(Cg *pCg, Table *pTab, int iCur, int regRowid, int regCols,
                             int onError, int regOldRowid, u64 mSame, int lblSkip) {
  int nIdx = 0;
  for (Index *x = pTab->pIndex; x; x = x->pNext) nIdx++;
  if (nIdx == 0) return;
  Index **ap = mem_malloc(sizeof(Index *) * (u64)nIdx);
  if (ap == NULL) {
    cg_error_rc(pCg, SQLITE_NOMEM, NULL);
    return;
  }
  int k = 0;
  for (Index *x = pTab->pIndex; x; x = x->pNext) ap[k++] = x;
  for (int rank = 0; rank < 3; rank++) {
    for (k = nIdx - 1; k >= 0; k--) {
      if (!ap[k]->onError || ins_unique_rank(pCg, ap[k], onError) != rank) continue;
      if (ins_idx_same(mSame, k)) continue;
      ins_check_one_unique(pCg, pTab, ap[k], k, iCur, regRowid, regCols, onError, regOldRowid,
                           lblSkip);
    }
  }
  mem_free(ap);
}

/* Phase 2 of a row write (invariant 6): the record of every index entry
** the row needs, into regRec+k, NULL where a partial index has no entry.
** Expression and partial-index errors, and SQLITE_TOOBIG, happen here,
** before anything is written. */
static void ins_build_index_records(Cg *pCg, Table *pTab, int regRowid, int regCols,
                                    u64 mSame, int regRec) {
  Vdbe *v = pCg->v;
  int k = 0;
  for (Index *x = pTab->pIndex; x; x = x->pNext, k++) {
    if (ins_idx_same(mSame, k)) continue;
    int lblNoEntry = vdbe_make_label(v);
    if (x->pPartial) vdbe_add_op2(v, OP_Null, 0, regRec + k);
    cg_index_partial_skip(pCg, x, regCols, regRowid, lblNoEntry);
    int regKey = cg_index_key(pCg, x, regCols, regRowid);
    vdbe_add_op3(v, OP_MakeRecord, regKey, cg_index_nfield(x), regRec + k);
    vdbe_resolve_label(v, lblNoEntry);
  }
}

/* The table record of the row into regTabRec (phase 2).  WITHOUT ROWID:
** every column in storage order (schema.h invariant 5); rowid table: the
** rowid alias stored as NULL (invariant 4). */
static int ins_build_table_record(Cg *pCg, Table *pTab, int regCols, int regTabRec) {
  Vdbe *v = pCg->v;
  Index *pPk = pTab->pPk;
  if (pPk) {
    ASSERT(pPk->nColumn >= pTab->nCol);   /* a column may repeat in the PK */
    int r = cg_reg(pCg, pPk->nColumn);
    for (int j = 0; j < pPk->nColumn; j++) {
      vdbe_add_op2(v, OP_Copy, regCols + pPk->aiColumn[j], r + j);
    }
    vdbe_add_op3(v, OP_MakeRecord, r, pPk->nColumn, regTabRec);
    return r;   /* its first nKeyCol registers are the PK values */
  }
  if (pTab->iPKey < 0) {
    vdbe_add_op3(v, OP_MakeRecord, regCols, pTab->nCol, regTabRec);
    return 0;
  }
  int r = cg_reg(pCg, 1);   /* the alias's value, restored for triggers and RETURNING */
  vdbe_add_op2(v, OP_Copy, regCols + pTab->iPKey, r);
  vdbe_add_op2(v, OP_Null, 0, regCols + pTab->iPKey);
  vdbe_add_op3(v, OP_MakeRecord, regCols, pTab->nCol, regTabRec);
  vdbe_add_op2(v, OP_Copy, r, regCols + pTab->iPKey);
  return 0;
}

/* Inserts the index records ins_build_index_records made (phase 3). */
static void ins_write_index_records(Cg *pCg, Table *pTab, int iCur, u64 mSame, int regRec) {
  Vdbe *v = pCg->v;
  int k = 0;
  for (Index *x = pTab->pIndex; x; x = x->pNext, k++) {
    if (ins_idx_same(mSame, k)) continue;
    int addr = x->pPartial ? vdbe_add_op1(v, OP_IsNull, regRec + k) : -1;
    vdbe_add_op2(v, OP_IdxInsert, iCur + 1 + k, regRec + k);
    if (addr >= 0) vdbe_jump_here(v, addr);
  }
}

/* UPDATE: removes the old row's entries from the indexes being rewritten
** and the old row itself when its rowid changes (phase 3).  If the old row
** is gone (deleted on the way, e.g. by a trigger), the indexes the UPDATE
** leaves alone get the new row's entries too, so that every index still
** covers the table. */
static void ins_remove_old_row(Cg *pCg, Table *pTab, int iCur, int regRowid, int regCols,
                               int regOldRowid, int regOldCols, u64 mSame) {
  Vdbe *v = pCg->v;
  int lblGone = vdbe_make_label(v);
  /* Cg.bUpdKeepsRow: the cursor is still on the row, whose key stays */
  if (!pCg->bUpdKeepsRow) cg_seek_row(pCg, pTab, iCur, lblGone, regOldRowid);
  int k = 0;
  for (Index *x = pTab->pIndex; x; x = x->pNext, k++) {
    if (ins_idx_same(mSame, k)) continue;
    int lblNoEntry = vdbe_make_label(v);
    cg_index_partial_skip(pCg, x, regOldCols, regOldRowid, lblNoEntry);
    int regKey = cg_index_key(pCg, x, regOldCols, regOldRowid);
    vdbe_add_op3(v, OP_IdxDelete, iCur + 1 + k, regKey, cg_index_nfield(x));
    vdbe_resolve_label(v, lblNoEntry);
  }
  if (pCg->bUpdKeepsRow) {
    vdbe_resolve_label(v, lblGone);   /* never jumped to */
    return;
  }
  int addrSame = vdbe_add_op3(v, OP_Eq, regRowid, 0, regOldRowid);
  vdbe_add_op1(v, OP_Delete, iCur);
  vdbe_jump_here(v, addrSame);
  if (mSame == 0) {
    vdbe_resolve_label(v, lblGone);
    return;
  }
  int addrDone = vdbe_add_op0(v, OP_Goto);
  vdbe_resolve_label(v, lblGone);
  int regRec = cg_reg(pCg, 1);
  k = 0;
  for (Index *x = pTab->pIndex; x; x = x->pNext, k++) {
    if (!ins_idx_same(mSame, k)) continue;
    int lblNoEntry = vdbe_make_label(v);
    cg_index_partial_skip(pCg, x, regCols, regRowid, lblNoEntry);
    int regKey = cg_index_key(pCg, x, regCols, regRowid);
    vdbe_add_op3(v, OP_MakeRecord, regKey, cg_index_nfield(x), regRec);
    vdbe_add_op2(v, OP_IdxInsert, iCur + 1 + k, regRec);
    vdbe_resolve_label(v, lblNoEntry);
  }
  vdbe_jump_here(v, addrDone);
}

/* Writes the table entry made by ins_build_table_record (phase 3);
** regPkVals: WITHOUT ROWID, the PK values (the unpacked key). */
static void ins_write_table_record(Cg *pCg, Table *pTab, int iCur, int regRowid,
                                   int regTabRec, int regPkVals, int bUpdate) {
  Vdbe *v = pCg->v;
  int p5;
  if (pTab->pPk) {
    /* replaces any entry with the same PRIMARY KEY (schema.h invariant 5) */
    ASSERT(regPkVals > 0);
    vdbe_add_op4_int(v, OP_IdxInsert, iCur, regTabRec, regPkVals, pTab->pPk->nKeyCol);
    p5 = pCg->nTrigDepth > 0 ? 0 : OPFLAG_NCHANGE;   /* cg_trigger.c invariant 3 */
  } else {
    vdbe_add_op4(v, OP_Insert, iCur, regTabRec, regRowid, pTab->zName, P4_TRANSIENT);
    p5 = bUpdate ? (OPFLAG_NCHANGE | OPFLAG_ISUPDATE) : (OPFLAG_NCHANGE | OPFLAG_LASTROWID);
    if (pCg->nTrigDepth > 0) p5 &= OPFLAG_ISUPDATE;   /* cg_trigger.c invariant 3 */
  }
  vdbe_change_p5(v, p5);
}

void cg_complete_insertion(Cg *pCg, Table *pTab, int iDb, int iCur, int regRowid, int regCols,
                           int onError, int regOldRowid, int regOldCols, int lblSkip,
                           u64 mSame) {
  (void)iDb;
  ASSERT(regOldRowid > 0 || mSame == 0);   /* only an UPDATE leaves entries alone */
  /* phase 1: every check (invariant 1) */
  ins_check_notnull(pCg, pTab, regCols, onError, lblSkip);
  int regPkVals = pTab->pPk ? cg_pk_record(pCg, pTab, regCols, regRowid) : 0;   /* invariant 5 */
  ins_check_checks(pCg, pTab, regCols, regRowid, onError, lblSkip);
  /* an UPDATE that keeps the key cannot conflict on it (Cg.bUpdKeepsRow) */
  if ((regOldRowid > 0 || pCg->bExplicitRowid || pTab->pPk) && !pCg->bUpdKeepsRow) {
    ins_check_rowid(pCg, pTab, iCur, regRowid, regPkVals, onError, regOldRowid, lblSkip);
  }
  ins_check_unique(pCg, pTab, iCur, regRowid, regCols, onError, regOldRowid, mSame, lblSkip);
  /* phase 2: every record (invariant 6) */
  int nIdx = 0;
  for (Index *x = pTab->pIndex; x; x = x->pNext) nIdx++;
  int regRec = cg_reg(pCg, nIdx + 1);
  ins_build_index_records(pCg, pTab, regRowid, regCols, mSame, regRec);
  int regPkCopy = ins_build_table_record(pCg, pTab, regCols, regRec + nIdx);
  /* phase 3: the writes */
  if (regOldRowid > 0) {
    ins_remove_old_row(pCg, pTab, iCur, regRowid, regCols, regOldRowid, regOldCols, mSame);
  }
  ins_write_index_records(pCg, pTab, iCur, mSame, regRec);
  ins_write_table_record(pCg, pTab, iCur, regRowid, regRec + nIdx, regPkCopy, regOldRowid > 0);
  cg_fkey_check_child(pCg, pTab, regCols, regRowid);   /* after: a row may reference itself */
}

/* ---- INSERT ------------------------------------------------------------------------ */

/* Where each table column's value comes from. */
typedef struct InsMap {
  int *aiSrc;           /* [nCol]: index into the source row, -1 default */
  int iRowidSrc;        /* source index of an explicit rowid, -1 */
  int nSrc;             /* values per source row */
  int regSeq;           /* AUTOINCREMENT: largest rowid so far (0: not autoinc) */
  int *aSrcReg;         /* single-row VALUES: register of source value j (values are
                        ** computed in place), else NULL: regSrc + j */
  int regColsPre;       /* with aSrcReg: the row's column registers */
} InsMap;

static int ins_build_map(Cg *pCg, Table *pTab, IdList *pCols, InsMap *m) {
  m->aiSrc = ast_arena_alloc(pCg->pArena, sizeof(int) * (u64)(pTab->nCol + 1));
  if (m->aiSrc == NULL) return SQLITE_NOMEM;
  m->iRowidSrc = -1;
  m->aSrcReg = NULL;
  m->regColsPre = 0;
  if (pCols == NULL) {
    for (int i = 0; i < pTab->nCol; i++) m->aiSrc[i] = i;
    m->nSrc = pTab->nCol;
    if (pTab->iPKey >= 0) m->iRowidSrc = pTab->iPKey;
    return SQLITE_OK;
  }
  for (int i = 0; i < pTab->nCol; i++) m->aiSrc[i] = -1;
  for (int j = 0; j < pCols->nId; j++) {
    int iCol = schema_column_index(pTab, pCols->azId[j]);
    if (iCol < 0 && !pTab->bWithoutRowid && schema_is_rowid_name(pCols->azId[j])) {
      m->iRowidSrc = j;
      continue;
    }
    if (iCol < 0) {
      cg_error(pCg, "table %s has no column named %s", pTab->zName, pCols->azId[j]);
      return pCg->rc;
    }
    if (m->aiSrc[iCol] >= 0) continue;   /* a repeated column: the first one counts */
    m->aiSrc[iCol] = j;
    if (iCol == pTab->iPKey) m->iRowidSrc = j;
  }
  m->nSrc = pCols->nId;
  return SQLITE_OK;
}

/* The rowid alias column takes the rowid, then every column its affinity:
** what both the BEFORE triggers and the stored record see. */
static void ins_row_affinity(Cg *pCg, Table *pTab, int regRowid, int regCols) {
  Vdbe *v = pCg->v;
  if (pTab->iPKey >= 0) vdbe_add_op2(v, OP_Copy, regRowid, regCols + pTab->iPKey);
  char *zAff = cg_check_alloc(pCg, mem_malloc((u64)pTab->nCol + 1));
  if (zAff) {
    for (int i = 0; i < pTab->nCol; i++) zAff[i] = pTab->aCol[i].affinity;
    zAff[pTab->nCol] = 0;
  }
  vdbe_add_op4(v, OP_Affinity, regCols, pTab->nCol, 0, zAff, P4_DYNAMIC);
}

/* BEFORE INSERT triggers run before the rowid is chosen, so that a row
** they insert into the same table is not overwritten by this one
** (sqllimits1.test); as in SQLite they see NEW.rowid, and the INTEGER
** PRIMARY KEY, as -1 unless the statement supplies it. */
static void ins_before_triggers(Cg *pCg, Table *pTab, InsMap *m, int regSrc, int regRowid,
                                int regCols, int lblSkip) {
  if (!cg_has_triggers(pCg, pTab, TRIGGER_INSERT, TRIGGER_BEFORE)) return;
  Vdbe *v = pCg->v;
  vdbe_add_op2(v, OP_Integer, -1, regRowid);
  if (m->iRowidSrc >= 0) {
    int regFrom = m->aSrcReg ? m->aSrcReg[m->iRowidSrc] : regSrc + m->iRowidSrc;
    int addr = vdbe_add_op1(v, OP_IsNull, regFrom);
    vdbe_add_op2(v, OP_Copy, regFrom, regRowid);
    vdbe_add_op1(v, OP_MustBeInt, regRowid);
    vdbe_jump_here(v, addr);
  }
  ins_row_affinity(pCg, pTab, regRowid, regCols);
  int bRowid = pCg->bExplicitRowid;
  pCg->bExplicitRowid = m->iRowidSrc >= 0;
  cg_fire_triggers(pCg, pTab, TRIGGER_INSERT, TRIGGER_BEFORE, NULL, 0, 0, regCols, regRowid,
                   lblSkip);
  pCg->bExplicitRowid = (u8)bRowid;
}

/* Column values for one row; source value j comes from regSrc + j. */
static void ins_row(Cg *pCg, Table *pTab, int iDb, int iCur, InsMap *m, int regSrc, int onError) {
  Vdbe *v = pCg->v;
  int regRowid = cg_reg(pCg, 1);
  int regCols = m->aSrcReg ? m->regColsPre : cg_reg(pCg, pTab->nCol);
  int lblSkip = vdbe_make_label(v);
  for (int i = 0; i < pTab->nCol; i++) {
    if (m->aiSrc[i] >= 0) {
      if (!m->aSrcReg) vdbe_add_op2(v, OP_Copy, regSrc + m->aiSrc[i], regCols + i);
    } else if (pTab->aCol[i].pDflt) cg_expr(pCg, NULL, pTab->aCol[i].pDflt, regCols + i);
    else vdbe_add_op2(v, OP_Null, 0, regCols + i);
  }
  ins_before_triggers(pCg, pTab, m, regSrc, regRowid, regCols, lblSkip);
  if (pTab->pPk) {
    vdbe_add_op2(v, OP_Null, 0, regRowid);   /* cg_complete_insertion makes the key */
  } else if (m->iRowidSrc >= 0) {
    int regFrom = m->aSrcReg ? m->aSrcReg[m->iRowidSrc] : regSrc + m->iRowidSrc;
    vdbe_add_op2(v, OP_Copy, regFrom, regRowid);
    int addr = vdbe_add_op1(v, OP_NotNull, regRowid);
    vdbe_add_op3(v, OP_NewRowid, iCur, regRowid, m->regSeq);
    int addr2 = vdbe_add_op0(v, OP_Goto);
    vdbe_jump_here(v, addr);
    vdbe_add_op1(v, OP_MustBeInt, regRowid);
    if (m->regSeq) vdbe_add_op2(v, OP_MemMax, m->regSeq, regRowid);
    vdbe_jump_here(v, addr2);
  } else {
    vdbe_add_op3(v, OP_NewRowid, iCur, regRowid, m->regSeq);
  }
  ins_row_affinity(pCg, pTab, regRowid, regCols);
  pCg->bExplicitRowid = m->iRowidSrc >= 0;   /* rowid conflict check needed */
  if (pCg->pUpsert) {
    pCg->pUpsert->regCols = regCols;
    pCg->pUpsert->regRowid = regRowid;
  }
  cg_complete_insertion(pCg, pTab, iDb, iCur, regRowid, regCols, onError, 0, 0, lblSkip, 0);
  pCg->bExplicitRowid = 0;
  cg_fire_triggers(pCg, pTab, TRIGGER_INSERT, TRIGGER_AFTER, NULL, 0, 0, regCols, regRowid,
                   lblSkip);
  if (pCg->iReturning >= 0) {
    SrcTerm src;
    memset(&src, 0, sizeof(src));
    src.pTab = pTab;
    src.zAlias = pTab->zName;
    src.iCursor = -1;
    src.iIdxCur = -1;
    src.regCols = regCols;
    src.regRowid = regRowid;
    NameCtx nc;
    memset(&nc, 0, sizeof(nc));
    nc.aSrc = &src;
    nc.nSrc = 1;
    cg_returning_row(pCg, &nc);
  }
  vdbe_resolve_label(v, lblSkip);
}

static int ins_check_target(Cg *pCg, Table *pTab) {
  if (pTab->eType == TAB_VIEW) {
    cg_error(pCg, "cannot modify %s because it is a view", pTab->zName);
  } else if (pTab->bSchemaTab && !(pCg->db->flags & CONN_FLAG_WRITABLE_SCHEMA)) {
    cg_error(pCg, "table %s may not be modified", pTab->zName);
  } else if (pTab->eType == TAB_VIRTUAL) {
    cg_error(pCg, "virtual tables are not supported yet");
  }
  return pCg->rc;
}

/* A single VALUES row: each value is computed straight into its column's
** register (a value no column takes, into a register of its own), which
** saves a copy per column on the most common INSERT. */
static void ins_values_in_place(Cg *pCg, Table *pTab, int iDb, int iCur, InsMap *m,
                                ExprList *pRow, NameCtx *pNc, int onError) {
  int *aReg = ast_arena_alloc(pCg->pArena, sizeof(int) * (u64)(pRow->nExpr + 1));
  if (aReg == NULL) {
    cg_error_rc(pCg, SQLITE_NOMEM, NULL);
    return;
  }
  ASSERT(pRow->nExpr == m->nSrc);
  int regCols = cg_reg(pCg, pTab->nCol);
  for (int j = 0; j < pRow->nExpr; j++) aReg[j] = 0;
  for (int i = 0; i < pTab->nCol; i++) {
    if (m->aiSrc[i] >= 0) aReg[m->aiSrc[i]] = regCols + i;
  }
  for (int j = 0; j < pRow->nExpr; j++) {
    if (aReg[j] == 0) aReg[j] = cg_reg(pCg, 1);
    cg_expr(pCg, pNc, pRow->a[j].pExpr, aReg[j]);
  }
  m->aSrcReg = aReg;
  m->regColsPre = regCols;
  ins_row(pCg, pTab, iDb, iCur, m, 0, onError);
  m->aSrcReg = NULL;
  m->regColsPre = 0;
}

static void ins_values(Cg *pCg, InsertStmt *ins, Table *pTab, int iDb, int iCur, InsMap *m,
                       int onError) {
  ValuesList *pV = ins->pSelect->pValues;
  NameCtx nc;
  memset(&nc, 0, sizeof(nc));
  nc.pOuter = pCg->pOuterNc;
  for (int r = 0; r < pV->nRow && pCg->rc == SQLITE_OK; r++) {
    ExprList *pRow = pV->apRow[r];
    if (pRow->nExpr != m->nSrc) {
      if (ins->pCols) {
        cg_error(pCg, "%d values for %d columns", pRow->nExpr, m->nSrc);
      } else {
        cg_error(pCg, "table %s has %d columns but %d values were supplied", pTab->zName,
                 pTab->nCol, pRow->nExpr);
      }
      return;
    }
    resolve_exprlist(pCg, &nc, pRow);
    /* Not with BEFORE triggers: they see NEW.rowid as -1 in the rowid alias column's
    ** register while the supplied rowid value must still be read afterwards. */
    if (pV->nRow == 1 && !cg_has_triggers(pCg, pTab, TRIGGER_INSERT, TRIGGER_BEFORE)) {
      ins_values_in_place(pCg, pTab, iDb, iCur, m, pRow, &nc, onError);
      return;
    }
    int regSrc = cg_reg(pCg, pRow->nExpr > 0 ? pRow->nExpr : 1);
    for (int j = 0; j < pRow->nExpr; j++) cg_expr(pCg, &nc, pRow->a[j].pExpr, regSrc + j);
    ins_row(pCg, pTab, iDb, iCur, m, regSrc, onError);
  }
}

/* INSERT ... SELECT: the rows are materialized first (the SELECT may read
** the table being written). */
static void ins_select(Cg *pCg, InsertStmt *ins, Table *pTab, int iDb, int iCur, InsMap *m,
                       int onError) {
  Vdbe *v = pCg->v;
  int n = cg_select_ncol(pCg, ins->pSelect, pCg->pOuterNc);
  if (n != m->nSrc) {
    if (ins->pCols) cg_error(pCg, "%d values for %d columns", n, m->nSrc);
    else {
      cg_error(pCg, "table %s has %d columns but %d values were supplied", pTab->zName,
               pTab->nCol, n);
    }
    return;
  }
  int iEph = cg_cursor(pCg);
  vdbe_add_op2(v, OP_OpenEphemeral, iEph, n);
  SelectDest dest = {.eDest = SRT_TABLE, .iSDParm = iEph, .nResult = n};
  cg_select(pCg, ins->pSelect, &dest, pCg->pOuterNc);
  int addrEmpty = vdbe_add_op1(v, OP_Rewind, iEph);
  int addrTop = vdbe_current_addr(v);
  int regSrc = cg_reg(pCg, n);
  for (int j = 0; j < n; j++) vdbe_add_op3(v, OP_Column, iEph, j, regSrc + j);
  ins_row(pCg, pTab, iDb, iCur, m, regSrc, onError);
  vdbe_add_op2(v, OP_Next, iEph, addrTop);
  vdbe_jump_here(v, addrEmpty);
}

/* ---- RETURNING ------------------------------------------------------------ */

void cg_returning_begin(Cg *pCg, NameCtx *pNc, ExprList *pList) {
  if (pList == NULL) return;
  ExprList *pL = resolve_expand_star(pCg, pNc, pList);
  if (pL == NULL) return;
  resolve_exprlist(pCg, pNc, pL);
  pCg->pReturning = pL;
  pCg->iReturning = cg_cursor(pCg);
  vdbe_add_op2(pCg->v, OP_OpenEphemeral, pCg->iReturning, pL->nExpr);
  vdbe_set_num_cols(pCg->v, pL->nExpr);
  for (int i = 0; i < pL->nExpr; i++) {
    ExprListItem *it = &pL->a[i];
    const char *z = it->zName;
    if (z == NULL && it->pExpr->op == EXPR_COLUMN) z = it->pExpr->z;
    if (z == NULL) z = it->zSpan ? it->zSpan : cg_expr_text(pCg, it->pExpr);
    vdbe_set_col_name(pCg->v, i, COLNAME_NAME, z, SQLITE_TRANSIENT);
  }
}

void cg_returning_row(Cg *pCg, NameCtx *pNc) {
  if (pCg->iReturning < 0) return;
  Vdbe *v = pCg->v;
  int n = pCg->pReturning->nExpr;
  int r = cg_reg(pCg, n + 2);
  for (int i = 0; i < n; i++) cg_expr(pCg, pNc, pCg->pReturning->a[i].pExpr, r + i);
  vdbe_add_op3(v, OP_MakeRecord, r, n, r + n);
  vdbe_add_op2(v, OP_NewRowid, pCg->iReturning, r + n + 1);
  vdbe_add_op3(v, OP_Insert, pCg->iReturning, r + n, r + n + 1);
}

/* The rows are delivered after every change is made, as SQLite does. */
void cg_returning_end(Cg *pCg) {
  if (pCg->iReturning < 0) return;
  Vdbe *v = pCg->v;
  int n = pCg->pReturning->nExpr;
  int r = cg_reg(pCg, n);
  int addrEmpty = vdbe_add_op1(v, OP_Rewind, pCg->iReturning);
  int addrTop = vdbe_current_addr(v);
  for (int i = 0; i < n; i++) vdbe_add_op3(v, OP_Column, pCg->iReturning, i, r + i);
  vdbe_add_op2(v, OP_ResultRow, r, n);
  vdbe_add_op2(v, OP_Next, pCg->iReturning, addrTop);
  vdbe_jump_here(v, addrEmpty);
  pCg->iReturning = -1;
}

/* ---- ON CONFLICT (upsert) ------------------------------------------------ */

/* Are x's key columns the n columns aiCol (in any order)? */
static int ins_upsert_same_cols(const Index *x, const int *aiCol, int n) {
  if (x->nKeyCol != n) return 0;
  int nMatch = 0;
  for (int j = 0; j < n; j++) {
    for (int k = 0; k < n; k++) nMatch += x->aiColumn[j] == aiCol[k];
  }
  return nMatch == n;
}

/* Finds the constraint an ON CONFLICT target names. */
static int ins_upsert_target(Cg *pCg, Table *pTab, CgUpsert *u) {
  ExprList *pT = u->p->pTarget;
  if (u->p->pNext) {
    cg_error(pCg, "multiple ON CONFLICT clauses are not supported yet");
    return pCg->rc;
  }
  if (pT == NULL) {   /* no target: DO NOTHING or DO UPDATE on any conflict (3.35+) */
    u->bAny = 1;
    return pCg->rc;
  }
  int aiCol[64], n = pT->nExpr;
  for (int k = 0; k < n && k < 64; k++) {
    const Expr *e = pT->a[k].pExpr;
    while (e->op == EXPR_COLLATE) e = e->pLeft;
    aiCol[k] = e->op == EXPR_COLUMN ? schema_column_index(pTab, e->z) : -2;
    if (e->op == EXPR_COLUMN && aiCol[k] < 0 && schema_is_rowid_name(e->z)) aiCol[k] = -1;
  }
  if (n == 1 && (aiCol[0] == -1 || (aiCol[0] >= 0 && aiCol[0] == pTab->iPKey))) {
    u->bRowid = 1;
    return SQLITE_OK;
  }
  if (pTab->pPk && ins_upsert_same_cols(pTab->pPk, aiCol, n)) {
    u->bRowid = 1;   /* the WITHOUT ROWID PRIMARY KEY is checked where the rowid is */
    return SQLITE_OK;
  }
  for (Index *x = pTab->pIndex; x && n <= 64; x = x->pNext) {
    if (!x->onError || x->nKeyCol != n || x->pPartial) continue;
    int nMatch = 0;
    for (int j = 0; j < n; j++) {
      for (int k = 0; k < n; k++) nMatch += x->aiColumn[j] == aiCol[k];
    }
    if (nMatch == n) {
      u->pIdx = x;
      return SQLITE_OK;
    }
  }
  cg_error(pCg, "ON CONFLICT clause does not match any PRIMARY KEY or UNIQUE constraint");
  return pCg->rc;
}

/* AUTOINCREMENT: loads sqlite_sequence's value for pTab into m->regSeq
** (0 if none) and remembers the row in *pregSeqRowid (NULL if none). */
static int ins_autoinc_begin(Cg *pCg, Table *pTab, InsMap *m, int *pregSeqRowid) {
  Table *pSeq = schema_find_table(pCg->db, pCg->db->aDb[pTab->iDb].zDbSName, "sqlite_sequence");
  if (!pTab->bAutoinc || pSeq == NULL) return -1;
  Vdbe *v = pCg->v;
  int iSeq = cg_cursor(pCg);
  m->regSeq = cg_reg(pCg, 1);
  *pregSeqRowid = cg_reg(pCg, 1);
  int r = cg_reg(pCg, 2);
  vdbe_add_op2(v, OP_Integer, 0, m->regSeq);
  vdbe_add_op2(v, OP_Null, 0, *pregSeqRowid);
  vdbe_add_op4(v, OP_String8, 0, r, 0, pTab->zName, P4_TRANSIENT);
  vdbe_add_op4_int(v, OP_OpenWrite, iSeq, (int)pSeq->tnum, pTab->iDb, 2);
  int addrEmpty = vdbe_add_op1(v, OP_Rewind, iSeq);
  int addrTop = vdbe_current_addr(v);
  vdbe_add_op3(v, OP_Column, iSeq, 0, r + 1);
  int addrNe = vdbe_add_op3(v, OP_Ne, r, 0, r + 1);
  vdbe_add_op3(v, OP_Column, iSeq, 1, m->regSeq);
  vdbe_add_op2(v, OP_Rowid, iSeq, *pregSeqRowid);
  vdbe_jump_here(v, addrNe);
  vdbe_add_op2(v, OP_Next, iSeq, addrTop);
  vdbe_jump_here(v, addrEmpty);
  return iSeq;
}

/* Writes the new largest rowid back to sqlite_sequence. */
static void ins_autoinc_end(Cg *pCg, Table *pTab, InsMap *m, int iSeq, int regSeqRowid) {
  Vdbe *v = pCg->v;
  int r = cg_reg(pCg, 3);
  int addrNone = vdbe_add_op1(v, OP_IfNot, m->regSeq);
  vdbe_add_op4(v, OP_String8, 0, r, 0, pTab->zName, P4_TRANSIENT);
  vdbe_add_op2(v, OP_Copy, m->regSeq, r + 1);
  vdbe_add_op3(v, OP_MakeRecord, r, 2, r + 2);
  int addrHave = vdbe_add_op1(v, OP_NotNull, regSeqRowid);
  vdbe_add_op2(v, OP_NewRowid, iSeq, regSeqRowid);
  vdbe_jump_here(v, addrHave);
  vdbe_add_op3(v, OP_Insert, iSeq, r + 2, regSeqRowid);
  vdbe_jump_here(v, addrNone);
}

static void cg_insert_body(Cg *pCg, InsertStmt *ins);

/* Does conflict action eConflict of a constraint resolve to REPLACE? */
static int ins_is_replace(int onError, int eConflict) {
  return (onError != OE_Default ? onError : cg_conflict_action(eConflict, OE_Abort)) == OE_Replace;
}

int cg_may_replace(Table *pTab, int onError) {
  if (onError == OE_Replace) return 1;
  if (ins_is_replace(onError, pTab->pPk ? pTab->pPk->onError : pTab->pkOnError)) return 1;
  for (Index *x = pTab->pIndex; x; x = x->pNext) {
    if (x->onError && ins_is_replace(onError, x->onError)) return 1;
  }
  return 0;
}

/* Can this INSERT fail after its first write (invariant 6)?  Only a single
** row whose checks all precede its writes cannot: no REPLACE (it deletes
** rows before later checks), no upsert DO UPDATE, no trigger, no foreign
** key (checked after the write).  NOT NULL's REPLACE writes nothing. */
static int ins_may_fail_after_write(Cg *pCg, InsertStmt *ins, Table *pTab, int onError) {
  Select *pSel = ins->pSelect;
  int bOneRow = ins->bDefaultValues || pSel == NULL ||
                (pSel->pValues && pSel->pPrior == NULL && pSel->pValues->nRow == 1);
  if (!bOneRow || pCg->nTrigDepth > 0 || cg_may_replace(pTab, onError)) return 1;
  if (ins->pUpsert && !ins->pUpsert->bDoNothing) return 1;
  if (cg_has_triggers(pCg, pTab, TRIGGER_INSERT, TRIGGER_BEFORE) ||
      cg_has_triggers(pCg, pTab, TRIGGER_INSERT, TRIGGER_AFTER)) {
    return 1;
  }
  if ((pCg->db->flags & CONN_FLAG_FKEY) && (pTab->pFKey || cg_fkey_is_parent(pCg, pTab))) {
    return 1;
  }
  return 0;
}

void cg_insert(Cg *pCg, InsertStmt *ins) {
  CgWith w;
  cg_with_push(pCg, &w, ins->pWith);
  With *pWith = ins->pWith;
  ins->pWith = NULL;
  cg_insert_body(pCg, ins);
  ins->pWith = pWith;
  cg_with_pop(pCg, &w);
}

static void cg_insert_body(Cg *pCg, InsertStmt *ins) {
  SrcItem *pItem = &ins->pTab->a[0];
  Table *pTab = cg_locate_table(pCg, pItem->zDb, pItem->zName);
  if (pTab == NULL || ins_check_target(pCg, pTab)) return;
  InsMap m;
  if (ins_build_map(pCg, pTab, ins->pCols, &m)) return;
  int iDb = pTab->iDb;
  cg_use_db(pCg, iDb, 1);
  int onError = cg_conflict_action(ins->eConflict, OE_Default);
  if (pCg->pStmt && pCg->pStmt->eKind == STMT_INSERT && &pCg->pStmt->u.insert == ins) {
    pCg->bNoStmtJournal = !ins_may_fail_after_write(pCg, ins, pTab, onError);
  }
  int nIdx = 0;
  for (Index *x = pTab->pIndex; x; x = x->pNext) nIdx++;
  int iCur = pCg->nTab;
  pCg->nTab += nIdx + 1;   /* invariant 2 */
  cg_open_table_indexes(pCg, pTab, iDb, OP_OpenWrite, iCur);
  int regSeqRowid = 0;
  m.regSeq = 0;
  int iSeq = ins_autoinc_begin(pCg, pTab, &m, &regSeqRowid);
  CgUpsert up;
  memset(&up, 0, sizeof(up));
  if (ins->pUpsert) {
    up.p = ins->pUpsert;
    up.pTab = pTab;
    up.iCur = iCur;
    if (ins_upsert_target(pCg, pTab, &up)) return;
    pCg->pUpsert = &up;
  }
  if (ins->pReturning) {
    SrcTerm src;
    memset(&src, 0, sizeof(src));
    src.pTab = pTab;
    src.zAlias = pTab->zName;
    src.iCursor = iCur;
    src.iIdxCur = -1;
    NameCtx nc;
    memset(&nc, 0, sizeof(nc));
    nc.aSrc = &src;
    nc.nSrc = 1;
    cg_returning_begin(pCg, &nc, ins->pReturning);
  }
  if (ins->bDefaultValues || ins->pSelect == NULL) {
    InsMap mDef = m;
    mDef.iRowidSrc = -1;
    for (int i = 0; i < pTab->nCol; i++) mDef.aiSrc[i] = -1;
    ins_row(pCg, pTab, iDb, iCur, &mDef, cg_reg(pCg, 1), onError);
  } else if (ins->pSelect->pValues && ins->pSelect->pPrior == NULL) {
    ins_values(pCg, ins, pTab, iDb, iCur, &m, onError);
  } else {
    ins_select(pCg, ins, pTab, iDb, iCur, &m, onError);
  }
  if (iSeq >= 0) ins_autoinc_end(pCg, pTab, &m, iSeq, regSeqRowid);
  pCg->pUpsert = NULL;
  cg_returning_end(pCg);
}
