/*
** cg_trigger.c: CREATE TRIGGER / DROP TRIGGER, and firing triggers.
**
** Triggers are expanded inline into the program of the statement that
** fires them (no sub-programs): for each row, the WHEN condition and the
** body statements are compiled right where the row is inserted, updated or
** deleted, with OLD and NEW visible as register-backed tables.
**
** Invariants:
**   1. Trigger bodies live in the schema arena; they are copied into the
**      statement arena (ast_dup_stmt) before compiling, because compiling
**      rewrites parts of the tree ("*" expansion).
**   2. A trigger being expanded does not fire itself again (SQLite's
**      default recursive_triggers=OFF), and nesting is bounded by
**      ARRAY_SIZE(Cg.apTrigActive), so expansion always terminates.
**   3. Changes made by trigger bodies do not count in sqlite3_changes()
**      and do not set last_insert_rowid (Cg.nTrigDepth > 0).
*/
#include "cg.h"

void cg_create_trigger(Cg *pCg, Stmt *pStmt) {
  CreateTriggerStmt *ct = &pStmt->u.createTrigger;
  int iDb = ct->bTemp ? 1 : cg_db_index(pCg, ct->zDb);
  if (iDb < 0) return;
  if (schema_find_trigger(pCg->db, pCg->db->aDb[iDb].zDbSName, ct->zName)) {
    if (!ct->bIfNotExists) cg_error(pCg, "trigger %s already exists", ct->zName);
    return;
  }
  Table *pTab = schema_find_table(pCg->db, ct->bTemp ? NULL : ct->zDb, ct->zTable);
  if (pTab == NULL) {
    cg_error(pCg, "no such table: %s.%s", pCg->db->aDb[iDb].zDbSName, ct->zTable);
    return;
  }
  if (pTab->bSchemaTab || str_nicmp(pTab->zName, "sqlite_", 7) == 0) {
    cg_error(pCg, "cannot create trigger on system table");
    return;
  }
  int eTime = ct->eTime == TRIGGER_TIME_DEFAULT ? TRIGGER_BEFORE : ct->eTime;
  if (pTab->eType == TAB_VIEW && eTime != TRIGGER_INSTEAD_OF) {
    cg_error(pCg, "cannot create %s trigger on view: %s",
             eTime == TRIGGER_BEFORE ? "BEFORE" : "AFTER", pTab->zName);
    return;
  }
  if (pTab->eType != TAB_VIEW && eTime == TRIGGER_INSTEAD_OF) {
    cg_error(pCg, "cannot create INSTEAD OF trigger on table: %s", pTab->zName);
    return;
  }
  const Stmt *s = pCg->pStmt;
  int n = s->nSql - ct->iNameOff;
  while (n > 0 && (s->zSql[ct->iNameOff + n - 1] == ' ' || s->zSql[ct->iNameOff + n - 1] == '\n')) {
    n--;
  }
  char *zSql = cg_mprintf("CREATE TRIGGER %.*s", n, s->zSql + ct->iNameOff);
  Vdbe *v = pCg->v;
  cg_use_db(pCg, iDb, 1);
  int iCur = cg_cursor(pCg);
  vdbe_add_op4_int(v, OP_OpenWrite, iCur, 1, iDb, 5);
  int r = cg_reg(pCg, 7);
  vdbe_add_op4(v, OP_String8, 0, r, 0, "trigger", P4_STATIC);
  vdbe_add_op4(v, OP_String8, 0, r + 1, 0, ct->zName, P4_TRANSIENT);
  vdbe_add_op4(v, OP_String8, 0, r + 2, 0, pTab->zName, P4_TRANSIENT);
  vdbe_add_op2(v, OP_Integer, 0, r + 3);
  vdbe_add_op4(v, OP_String8, 0, r + 4, 0, zSql, P4_DYNAMIC);
  vdbe_add_op4(v, OP_MakeRecord, r, 5, r + 5, "BBBDB", P4_STATIC);
  vdbe_add_op2(v, OP_NewRowid, iCur, r + 6);
  vdbe_add_op3(v, OP_Insert, iCur, r + 5, r + 6);
  Schema *pSchema = schema_get(pCg->db, iDb);
  u32 cookie = pSchema ? pSchema->iCookie + 1 : 1;
  vdbe_add_op3(v, OP_SetCookie, iDb, BTREE_SCHEMA_VERSION, (int)cookie);
  vdbe_add_op4(v, OP_ParseSchema, iDb, 0, 0, "type='trigger'", P4_STATIC);
}

void cg_drop_trigger(Cg *pCg, Stmt *pStmt) {
  DropStmt *d = &pStmt->u.drop;
  Trigger *tr = schema_find_trigger(pCg->db, d->zDb, d->zName);
  if (tr == NULL) {
    if (!d->bIfExists) {
      if (d->zDb) cg_error(pCg, "no such trigger: %s.%s", d->zDb, d->zName);
      else cg_error(pCg, "no such trigger: %s", d->zName);
    }
    return;
  }
  Vdbe *v = pCg->v;
  int iDb = tr->iDb;
  cg_use_db(pCg, iDb, 1);
  int iCur = cg_cursor(pCg);
  int r = cg_reg(pCg, 3);
  vdbe_add_op4_int(v, OP_OpenWrite, iCur, 1, iDb, 5);
  vdbe_add_op4(v, OP_String8, 0, r, 0, tr->zName, P4_TRANSIENT);
  vdbe_add_op4(v, OP_String8, 0, r + 2, 0, "trigger", P4_STATIC);
  int addrEmpty = vdbe_add_op1(v, OP_Rewind, iCur);
  int addrTop = vdbe_current_addr(v);
  vdbe_add_op3(v, OP_Column, iCur, 1, r + 1);
  int addrNe = vdbe_add_op3(v, OP_Ne, r, 0, r + 1);
  vdbe_add_op3(v, OP_Column, iCur, 0, r + 1);
  int addrNe2 = vdbe_add_op3(v, OP_Ne, r + 2, 0, r + 1);
  vdbe_add_op1(v, OP_Delete, iCur);
  vdbe_jump_here(v, addrNe);
  vdbe_jump_here(v, addrNe2);
  vdbe_add_op2(v, OP_Next, iCur, addrTop);
  vdbe_jump_here(v, addrEmpty);
  Schema *pSchema = schema_get(pCg->db, iDb);
  u32 cookie = pSchema ? pSchema->iCookie + 1 : 1;
  vdbe_add_op3(v, OP_SetCookie, iDb, BTREE_SCHEMA_VERSION, (int)cookie);
  vdbe_add_op4(v, OP_ParseSchema, iDb, 0, 0, "type='trigger'", P4_STATIC);
}

/* Is tr already being expanded (invariant 2)? */
static int trig_active(Cg *pCg, Trigger *tr) {
  for (int i = 0; i < pCg->nTrigDepth && i < ARRAY_SIZE(pCg->apTrigActive); i++) {
    if (pCg->apTrigActive[i] == tr) return 1;
  }
  return 0;
}

/* UPDATE OF a, b: does the UPDATE set any of them? */
static int trig_cols_match(Trigger *tr, Table *pTab, Expr **aUpd) {
  if (tr->pCols == NULL || aUpd == NULL) return 1;
  for (int k = 0; k < tr->pCols->nId; k++) {
    int iCol = schema_column_index(pTab, tr->pCols->azId[k]);
    if (iCol >= 0 && aUpd[iCol]) return 1;
  }
  return 0;
}

static int trig_fires(Cg *pCg, Trigger *tr, int eEvent, int eTime) {
  return tr->eEvent == eEvent && tr->eTime == eTime && !trig_active(pCg, tr);
}

int cg_has_triggers(Cg *pCg, Table *pTab, int eEvent, int eTime) {
  for (Trigger *tr = pTab->pTrigger; tr; tr = tr->pNext) {
    if (trig_fires(pCg, tr, eEvent, eTime)) return 1;
  }
  return 0;
}


/* Compiles one body statement (a copy: invariant 1). */
static void trig_step(Cg *pCg, const Stmt *pStep) {
  Stmt *p = ast_dup_stmt(pCg->pArena, pStep);
  if (p == NULL || pCg->pArena->bOom) {
    cg_error_rc(pCg, SQLITE_NOMEM, NULL);
    return;
  }
  switch (p->eKind) {
    case STMT_INSERT: cg_insert(pCg, &p->u.insert); break;
    case STMT_UPDATE: cg_update(pCg, &p->u.update); break;
    case STMT_DELETE: cg_delete(pCg, &p->u.del); break;
    case STMT_SELECT: {
      SelectDest d = {.eDest = SRT_DISCARD};
      cg_select(pCg, p->u.pSelect, &d, pCg->pOuterNc);
      break;
    }
    default: cg_error(pCg, "unsupported statement in trigger"); break;
  }
}

/* The steps of tr.  The statement's RETURNING and ON CONFLICT state is
** not theirs: a step neither returns rows nor takes over (or clears) the
** upsert of the INSERT that fired it. */
static void trig_steps(Cg *pCg, Trigger *tr) {
  int iReturning = pCg->iReturning;
  ExprList *pReturning = pCg->pReturning;
  struct CgUpsert *pUpsert = pCg->pUpsert;
  pCg->iReturning = -1;
  pCg->pReturning = NULL;
  pCg->pUpsert = NULL;
  for (int k = 0; k < tr->nStep; k++) trig_step(pCg, tr->apStep[k]);
  pCg->iReturning = iReturning;
  pCg->pReturning = pReturning;
  pCg->pUpsert = pUpsert;
}

static void trig_src(SrcTerm *pSrc, Table *pTab, const char *zName, int regCols, int regRowid) {
  memset(pSrc, 0, sizeof(*pSrc));
  pSrc->pTab = pTab;
  pSrc->zAlias = zName;
  pSrc->iCursor = -1;
  pSrc->iIdxCur = -1;
  pSrc->regCols = regCols;
  pSrc->regRowid = regRowid;
  pSrc->bQualOnly = 1;
}

void cg_fire_triggers(Cg *pCg, Table *pTab, int eEvent, int eTime, Expr **aUpd, int regOld,
                      int regOldRowid, int regNew, int regNewRowid, int lblSkip) {
  if (pCg->nTrigDepth >= ARRAY_SIZE(pCg->apTrigActive)) return;   /* invariant 2 */
  SrcTerm aSrc[2];
  int nSrc = 0;
  if (regOld) trig_src(&aSrc[nSrc++], pTab, "old", regOld, regOldRowid);
  if (regNew) trig_src(&aSrc[nSrc++], pTab, "new", regNew, regNewRowid);
  NameCtx nc;
  memset(&nc, 0, sizeof(nc));
  nc.aSrc = aSrc;
  nc.nSrc = nSrc;
  for (Trigger *tr = pTab->pTrigger; tr && pCg->rc == SQLITE_OK; tr = tr->pNext) {
    if (!trig_fires(pCg, tr, eEvent, eTime) || !trig_cols_match(tr, pTab, aUpd)) continue;
    int lblEnd = vdbe_make_label(pCg->v);
    NameCtx *pSavedNc = pCg->pOuterNc;
    int lblSaved = pCg->lblRaiseIgnore;
    pCg->apTrigActive[pCg->nTrigDepth++] = tr;
    pCg->pOuterNc = &nc;
    pCg->lblRaiseIgnore = lblSkip;
    if (tr->pWhen) {
      Expr *pWhen = ast_dup_expr(pCg->pArena, tr->pWhen);
      resolve_expr(pCg, &nc, pWhen);
      cg_if_false(pCg, &nc, pWhen, lblEnd, 1);
    }
    trig_steps(pCg, tr);
    pCg->nTrigDepth--;
    pCg->pOuterNc = pSavedNc;
    pCg->lblRaiseIgnore = lblSaved;
    vdbe_resolve_label(pCg->v, lblEnd);
  }
}
