/*
** cg_fkey.c: FOREIGN KEY enforcement (PRAGMA foreign_keys=ON).
**
** Child side: after a row is written to a table with FOREIGN KEYs, each
** key whose columns are all non-NULL must exist in the parent (rowid or
** unique index lookup).  Parent side: before a parent row is deleted, or
** after its key is updated, the referencing child rows get the constraint's
** action: NO ACTION/RESTRICT fail the statement, CASCADE deletes/updates
** them, SET NULL/SET DEFAULT update them.  Actions are compiled inline from
** small DELETE/UPDATE/SELECT trees that read "old"/"new" like triggers.
**
** Invariants:
**   1. Nothing is generated unless CONN_FLAG_FKEY is set when the statement
**      is prepared (SQLite's rule: the pragma is read at prepare time).
**   2. DEFERRABLE INITIALLY DEFERRED constraints are not checked yet (they
**      need commit-time counters); immediate ones are checked per row.
**   3. Cascades nest at most ARRAY_SIZE(Cg.apTrigActive) deep (shared
**      with triggers), so compilation always terminates.
*/
#include "cg.h"

/* The parent side of fk: parent table, and the rowid (*pbRowid) or the
** unique index *ppIdx; aiParent[i] is the parent column of child column i
** (-1: rowid).  Returns 0 after a "foreign key mismatch" error. */
static int fk_parent(Cg *pCg, Table *pChild, FKey *fk, Table **ppParent, Index **ppIdx,
                     int *pbRowid, int *aiParent) {
  Table *pP = schema_find_table(pCg->db, pCg->db->aDb[pChild->iDb].zDbSName, fk->zParent);
  *ppParent = pP;
  *ppIdx = NULL;
  *pbRowid = 0;
  if (pP == NULL) return 1;   /* no parent table: every non-NULL key fails */
  for (int i = 0; i < fk->nCol; i++) {
    if (fk->azParent == NULL) aiParent[i] = -2;
    else aiParent[i] = schema_column_index(pP, fk->azParent[i]);
    if (aiParent[i] == -1 && (pP->bWithoutRowid || !schema_is_rowid_name(fk->azParent[i]))) {
      aiParent[i] = -3;
    }
  }
  if (fk->azParent == NULL && fk->nCol == 1 && pP->iPKey >= 0) aiParent[0] = pP->iPKey;
  if (fk->nCol == 1 && (aiParent[0] == -1 || (aiParent[0] >= 0 && aiParent[0] == pP->iPKey))) {
    *pbRowid = 1;
    aiParent[0] = -1;
    return 1;
  }
  /* a WITHOUT ROWID PRIMARY KEY (the table's own b-tree) first */
  for (Index *x = pP->pPk ? pP->pPk : pP->pIndex; x;
       x = x == pP->pPk ? pP->pIndex : x->pNext) {
    if (!x->onError || x->pPartial || x->nKeyCol != fk->nCol) continue;
    if (fk->azParent == NULL && x->idxType != IDX_PRIMKEY) continue;
    int nMatch = 0;
    for (int i = 0; i < fk->nCol; i++) {
      if (fk->azParent == NULL) aiParent[i] = x->aiColumn[i];
      for (int j = 0; j < x->nKeyCol; j++) nMatch += x->aiColumn[j] == aiParent[i];
    }
    if (nMatch == fk->nCol) {
      *ppIdx = x;
      return 1;
    }
  }
  cg_error(pCg, "foreign key mismatch - \"%s\" referencing \"%s\"", pChild->zName, pP->zName);
  return 0;
}

static void fk_fail(Cg *pCg) {
  vdbe_add_op4(pCg->v, OP_Halt, SQLITE_CONSTRAINT_FOREIGNKEY, OE_Abort, 0, NULL, P4_NOTUSED);
  vdbe_change_p5(pCg->v, P5_ConstraintFK);
}

/* Does the parent row for one child key exist?  Jumps to lblOk if so. */
static void fk_lookup(Cg *pCg, FKey *fk, Table *pP, Index *pIdx, int bRowid, const int *aiParent,
                      int regCols, int lblOk) {
  Vdbe *v = pCg->v;
  int iCur = cg_cursor(pCg);
  int lblFail = vdbe_make_label(v);
  if (bRowid) {
    int r = cg_reg(pCg, 1);
    vdbe_add_op2(v, OP_Copy, regCols + fk->aiChild[0], r);
    vdbe_add_op2(v, OP_MustBeInt, r, lblFail);
    vdbe_add_op4_int(v, OP_OpenRead, iCur, (int)pP->tnum, pP->iDb, pP->nCol);
    vdbe_add_op3(v, OP_NotExists, iCur, lblFail, r);
    vdbe_add_op2(v, OP_Goto, 0, lblOk);
  } else {
    int r = cg_reg(pCg, fk->nCol);
    char *zAff = cg_check_alloc(pCg, mem_malloc((u64)fk->nCol + 1));
    for (int j = 0; j < pIdx->nKeyCol; j++) {   /* the key in index order */
      for (int i = 0; i < fk->nCol; i++) {
        if (aiParent[i] != pIdx->aiColumn[j]) continue;
        vdbe_add_op2(v, OP_Copy, regCols + fk->aiChild[i], r + j);
      }
      char a = pIdx->aiColumn[j] >= 0 ? pP->aCol[pIdx->aiColumn[j]].affinity : AFF_INTEGER;
      if (zAff) zAff[j] = a ? a : AFF_BLOB;
    }
    if (zAff) zAff[fk->nCol] = 0;
    vdbe_add_op4(v, OP_Affinity, r, fk->nCol, 0, zAff, P4_DYNAMIC);
    vdbe_add_op4(v, OP_OpenRead, iCur, (int)pIdx->tnum, pP->iDb, cg_index_keyinfo(pCg, pIdx),
                 P4_KEYINFO);
    vdbe_add_op4_int(v, OP_Found, iCur, lblOk, r, fk->nCol);
  }
  vdbe_resolve_label(v, lblFail);
}

void cg_fkey_check_child(Cg *pCg, Table *pTab, int regCols, int regRowid) {
  if (!(pCg->db->flags & CONN_FLAG_FKEY)) return;   /* invariant 1 */
  Vdbe *v = pCg->v;
  (void)regRowid;
  for (FKey *fk = pTab->pFKey; fk && pCg->rc == SQLITE_OK; fk = fk->pNext) {
    if (fk->bDeferred || fk->nCol > 64) continue;   /* invariant 2 */
    int aiParent[64];
    Table *pP;
    Index *pIdx;
    int bRowid;
    if (!fk_parent(pCg, pTab, fk, &pP, &pIdx, &bRowid, aiParent)) return;
    int lblOk = vdbe_make_label(v);
    for (int i = 0; i < fk->nCol; i++) vdbe_add_op2(v, OP_IsNull, regCols + fk->aiChild[i], lblOk);
    if (pP) fk_lookup(pCg, fk, pP, pIdx, bRowid, aiParent, regCols, lblOk);
    fk_fail(pCg);
    vdbe_resolve_label(v, lblOk);
  }
}

/* ---- parent side ---------------------------------------------------------------- */

static Expr *fk_col(Cg *pCg, const char *zTab, const char *zCol) {
  Expr *p = ast_arena_alloc(pCg->pArena, sizeof(Expr));
  if (p) {
    p->op = EXPR_COLUMN;
    p->zTab = zTab;
    p->z = zCol;
  }
  return p;
}

static Expr *fk_binary(Cg *pCg, int op, Expr *l, Expr *r) {
  if (l == NULL) return r;
  Expr *p = ast_arena_alloc(pCg->pArena, sizeof(Expr));
  if (p) {
    p->op = (u8)op;
    p->pLeft = l;
    p->pRight = r;
  }
  return p;
}

/* "child.c1 = old.p1 AND ..." for the rows of pChild referencing the old key. */
static Expr *fk_where(Cg *pCg, Table *pChild, Table *pP, FKey *fk, const int *aiParent) {
  Expr *pWhere = NULL;
  for (int i = 0; i < fk->nCol; i++) {
    const char *zP = aiParent[i] < 0 ? "rowid" : pP->aCol[aiParent[i]].zName;
    Expr *pC = fk_col(pCg, pChild->zName, pChild->aCol[fk->aiChild[i]].zName);
    Expr *eq = fk_binary(pCg, EXPR_EQ, pC, fk_col(pCg, "old", zP));
    pWhere = fk_binary(pCg, EXPR_AND, pWhere, eq);
  }
  return pWhere;
}

static SrcList *fk_target(Cg *pCg, Table *pChild) {
  SrcList *p = ast_arena_alloc(pCg->pArena, sizeof(SrcList));
  if (p) p->a = ast_arena_alloc(pCg->pArena, sizeof(SrcItem));
  if (p == NULL || p->a == NULL) return NULL;
  p->nSrc = p->nAlloc = 1;
  p->a[0].zName = pChild->zName;
  return p;
}

/* SET c_i = new.p_i (CASCADE) or NULL / default (SET NULL, SET DEFAULT). */
static SetList *fk_set(Cg *pCg, Table *pChild, Table *pP, FKey *fk, const int *aiParent,
                       int eAct) {
  SetList *pSet = ast_arena_alloc(pCg->pArena, sizeof(SetList));
  if (pSet) pSet->a = ast_arena_alloc(pCg->pArena, sizeof(SetItem) * (u64)fk->nCol);
  if (pSet == NULL || pSet->a == NULL) return NULL;
  for (int i = 0; i < fk->nCol; i++) {
    SetItem *it = &pSet->a[pSet->nSet++];
    it->pCols = ast_arena_alloc(pCg->pArena, sizeof(IdList));
    if (it->pCols) it->pCols->azId = ast_arena_alloc(pCg->pArena, sizeof(char *));
    if (it->pCols == NULL || it->pCols->azId == NULL) return NULL;
    it->pCols->nId = 1;
    it->pCols->azId[0] = pChild->aCol[fk->aiChild[i]].zName;
    const char *zP = aiParent[i] < 0 ? "rowid" : pP->aCol[aiParent[i]].zName;
    if (eAct == FK_CASCADE) {
      it->pExpr = fk_col(pCg, "new", zP);
    } else if (eAct == FK_SET_DEFAULT && pChild->aCol[fk->aiChild[i]].pDflt) {
      it->pExpr = ast_dup_expr(pCg->pArena, pChild->aCol[fk->aiChild[i]].pDflt);
    } else {
      it->pExpr = ast_arena_alloc(pCg->pArena, sizeof(Expr));
      if (it->pExpr) it->pExpr->op = EXPR_NULL;
    }
  }
  return pSet;
}

/* One child table's reaction to the parent row change. */
static void fk_action(Cg *pCg, Table *pChild, Table *pP, FKey *fk, const int *aiParent,
                      int bUpdate) {
  int eAct = bUpdate ? fk->eOnUpdate : fk->eOnDelete;
  Expr *pWhere = fk_where(pCg, pChild, pP, fk, aiParent);
  if (eAct == FK_CASCADE && !bUpdate) {
    DeleteStmt del;
    memset(&del, 0, sizeof(del));
    del.pTab = fk_target(pCg, pChild);
    del.pWhere = pWhere;
    if (del.pTab) cg_delete(pCg, &del);
  } else if (eAct == FK_CASCADE || eAct == FK_SET_NULL || eAct == FK_SET_DEFAULT) {
    UpdateStmt upd;
    memset(&upd, 0, sizeof(upd));
    upd.pTab = fk_target(pCg, pChild);
    upd.pSet = fk_set(pCg, pChild, pP, fk, aiParent, eAct);
    upd.pWhere = pWhere;
    if (upd.pTab && upd.pSet) cg_update(pCg, &upd);
  } else {   /* NO ACTION / RESTRICT: any referencing row fails the statement */
    Select *pSel = ast_arena_alloc(pCg->pArena, sizeof(Select));
    ExprList *pL = ast_arena_alloc(pCg->pArena, sizeof(ExprList));
    if (pSel == NULL || pL == NULL) return;
    pL->a = ast_arena_alloc(pCg->pArena, sizeof(ExprListItem));
    Expr *pOne = ast_arena_alloc(pCg->pArena, sizeof(Expr));
    if (pL->a == NULL || pOne == NULL) return;
    pOne->op = EXPR_INTEGER;
    pOne->iValue = 1;
    pL->a[0].pExpr = pOne;
    pL->nExpr = pL->nAlloc = 1;
    pSel->pEList = pL;
    pSel->pSrc = fk_target(pCg, pChild);
    pSel->pWhere = pWhere;
    int r = cg_reg(pCg, 1);
    vdbe_add_op2(pCg->v, OP_Integer, 0, r);
    SelectDest d = {.eDest = SRT_EXISTS, .regResult = r};
    cg_select(pCg, pSel, &d, pCg->pOuterNc);
    int addr = vdbe_add_op1(pCg->v, OP_IfNot, r);
    fk_fail(pCg);
    vdbe_jump_here(pCg->v, addr);
  }
}

/* The old parent key equals the new one (IS): no action needed. */
static void fk_key_unchanged(Cg *pCg, const int *aiParent, int n, int regOld, int regOldRowid,
                             int regNew, int regNewRowid, int lblSkip) {
  Vdbe *v = pCg->v;
  int lblChanged = vdbe_make_label(v);
  for (int i = 0; i < n; i++) {
    int rO = aiParent[i] < 0 ? regOldRowid : regOld + aiParent[i];
    int rN = aiParent[i] < 0 ? regNewRowid : regNew + aiParent[i];
    vdbe_add_op3(v, OP_Ne, rO, lblChanged, rN);
    vdbe_change_p5(v, SQLITE_NULLEQ | AFF_BLOB);
  }
  vdbe_add_op2(v, OP_Goto, 0, lblSkip);
  vdbe_resolve_label(v, lblChanged);
}

static void fk_src(SrcTerm *pSrc, Table *pTab, const char *zName, int regCols, int regRowid) {
  memset(pSrc, 0, sizeof(*pSrc));
  pSrc->pTab = pTab;
  pSrc->zAlias = zName;
  pSrc->iCursor = -1;
  pSrc->iIdxCur = -1;
  pSrc->regCols = regCols;
  pSrc->regRowid = regRowid;
  pSrc->bQualOnly = 1;
}

int cg_fkey_is_parent(Cg *pCg, Table *pTab) {
  if (!(pCg->db->flags & CONN_FLAG_FKEY)) return 0;
  Schema *pSchema = pCg->db->aDb[pTab->iDb].pSchema;
  for (Table *c = pSchema ? pSchema->pTables : NULL; c; c = c->pNext) {
    for (FKey *fk = c->pFKey; fk; fk = fk->pNext) {
      if (str_icmp(fk->zParent, pTab->zName) == 0) return 1;
    }
  }
  return 0;
}

void cg_fkey_parent(Cg *pCg, Table *pP, int regOld, int regOldRowid, int regNew,
                    int regNewRowid) {
  if (!cg_fkey_is_parent(pCg, pP)) return;
  if (pCg->nTrigDepth >= ARRAY_SIZE(pCg->apTrigActive)) return;   /* invariant 3 */
  SrcTerm aSrc[2];
  fk_src(&aSrc[0], pP, "old", regOld, regOldRowid);
  fk_src(&aSrc[1], pP, "new", regNew, regNewRowid);
  NameCtx nc;
  memset(&nc, 0, sizeof(nc));
  nc.aSrc = aSrc;
  nc.nSrc = regNew ? 2 : 1;
  Schema *pSchema = pCg->db->aDb[pP->iDb].pSchema;
  for (Table *c = pSchema->pTables; c && pCg->rc == SQLITE_OK; c = c->pNext) {
    for (FKey *fk = c->pFKey; fk && pCg->rc == SQLITE_OK; fk = fk->pNext) {
      if (str_icmp(fk->zParent, pP->zName) != 0 || fk->bDeferred || fk->nCol > 64) continue;
      int aiParent[64];
      Table *pParent;
      Index *pIdx;
      int bRowid;
      if (!fk_parent(pCg, c, fk, &pParent, &pIdx, &bRowid, aiParent)) return;
      int lblSkip = vdbe_make_label(pCg->v);
      if (regNew) {
        fk_key_unchanged(pCg, aiParent, fk->nCol, regOld, regOldRowid, regNew, regNewRowid,
                         lblSkip);
      }
      NameCtx *pSaved = pCg->pOuterNc;
      pCg->pOuterNc = &nc;
      pCg->apTrigActive[pCg->nTrigDepth++] = NULL;
      fk_action(pCg, c, pP, fk, aiParent, regNew != 0);
      pCg->nTrigDepth--;
      pCg->pOuterNc = pSaved;
      vdbe_resolve_label(pCg->v, lblSkip);
    }
  }
}
