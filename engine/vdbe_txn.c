/*
** vdbe_txn.c: transactions as the VM drives them -- OP_Transaction,
** OP_AutoCommit (BEGIN/COMMIT/ROLLBACK), OP_Savepoint, statement
** savepoints, the end of a statement (halt: commit or roll back), and the
** opcodes that touch the schema or whole b-trees (cookies, create, drop,
** clear, integrity check, page counts).
**
** Invariants:
**   1. In autocommit mode a transaction ends when the last active
**      statement of the connection halts or is reset: it commits, or
**      rolls back when that statement failed with an error that undoes
**      the statement (OE_Abort/OE_Rollback).
**   2. A write statement inside an explicit transaction (or running while
**      other statements are active) opens a statement savepoint at index
**      db->nSavepoint + (open statement savepoints), so a failing
**      statement undoes only its own changes (vdbe_int.h invariant 5).
**   3. Named savepoints occupy btree savepoint indexes 0..nSavepoint-1;
**      the stack db->pSavepoint holds their names, innermost first.
**   4. Every cursor of the halting statement is closed before a commit or
**      rollback (btree.h invariant 4).
**   5. db->bSchemaChanged is set by every op that changes a schema (cookie,
**      create/destroy/clear a tree, parse/drop schema objects) and cleared
**      when the transaction ends.  ROLLBACK without it keeps pending read
**      statements running (as SQLite 3.40 does) and aborts only writers.
*/
#include "vdbe_int.h"

/* Commits every open transaction of db.  Statements other than pSelf that
** are still running keep reading: their databases get a new read
** transaction right after the commit (their cursors were parked by the
** btree and re-seek on next use), so COMMIT runs at once even with
** pending SELECTs, as in SQLite. */
int vdbe_commit_all(sqlite3 *db, Vdbe *pSelf) {
  int rc = SQLITE_OK;
  db->nVdbeCacheGen++; /* pages go away: no row cache survives */
  if (db->xCommitHook) {
    int bWrite = 0;
    for (int i = 0; i < db->nDb; i++) {
      if (db->aDb[i].pBt && btree_txn_state(db->aDb[i].pBt) == SQLITE_TXN_WRITE) bWrite = 1;
    }
    if (bWrite && db->xCommitHook(db->pCommitArg)) {
      vdbe_rollback_all(db, SQLITE_OK);
      return SQLITE_CONSTRAINT_COMMITHOOK;
    }
  }
  /* write transactions first (a BUSY leaves them intact for a retry) */
  for (int i = 0; i < db->nDb && rc == SQLITE_OK; i++) {
    Btree *pBt = db->aDb[i].pBt;
    if (pBt && btree_txn_state(pBt) == SQLITE_TXN_WRITE) rc = btree_commit(pBt);
  }
  u32 mReaders = 0;
  for (Vdbe *p = db->pVdbe; p; p = p->pNext) {
    if (p != pSelf && p->bActive) mReaders |= p->dbMask;
  }
  for (int i = 0; i < db->nDb && rc == SQLITE_OK; i++) {
    Btree *pBt = db->aDb[i].pBt;
    if (pBt == NULL) continue;
    if (btree_txn_state(pBt) != SQLITE_TXN_NONE && !(mReaders & (1u << i))) {
      rc = btree_commit(pBt);
    } else if (btree_txn_state(pBt) == SQLITE_TXN_NONE && (mReaders & (1u << i))) {
      rc = btree_begin(pBt, BTREE_TXN_READ);
    }
  }
  if (rc == SQLITE_OK) {
    savepoints_free(db);
    db->bSchemaChanged = 0;
  }
  return rc;
}

/* Frees the named-savepoint stack (invariant 3). */
void savepoints_free(sqlite3 *db) {
  VdbeSavepoint *p = db->pSavepoint;
  int n = 0;
  while (p && n++ < 1000000) {
    VdbeSavepoint *pNext = p->pNext;
    mem_free(p->zName);
    mem_free(p);
    p = pNext;
  }
  db->pSavepoint = NULL;
  db->nSavepoint = 0;
  db->nStatement = 0;
}

/* Rolls every b-tree back; bKeepSchema: the transaction changed no schema,
** so the parsed schemas stay (pending readers still use them). */
static void rollback_btrees(sqlite3 *db, int bKeepSchema) {
  int bWrite = 0;
  db->nVdbeCacheGen++;
  for (int i = 0; i < db->nDb; i++) {
    Btree *pBt = db->aDb[i].pBt;
    if (pBt == NULL) continue;
    int st = btree_txn_state(pBt);
    if (st == SQLITE_TXN_WRITE) {
      bWrite = 1;
      if (!bKeepSchema) schema_reset(db, i); /* DDL may have been undone: re-read it */
    }
    if (st != SQLITE_TXN_NONE) btree_rollback(pBt);
  }
  savepoints_free(db);
  db->autoCommit = 1;
  db->nDeferredCons = 0;
  db->bSchemaChanged = 0;
  if (bWrite && db->xRollbackHook) db->xRollbackHook(db->pRollbackArg);
}

void vdbe_rollback_all(sqlite3 *db, int rcCause) {
  UNUSED(rcCause);
  rollback_btrees(db, 0);
}

/* ROLLBACK (invariant 5): SQLite 3.40 lets pending read statements go on
** when the transaction changed no schema; pending writers lose their write
** cursors (vdbe_trip_writes) but may go on reading.  The
** readers' cursors are saved by key, the b-trees rolled back, a read
** transaction begun again where they read, and the cursors re-seeked. */
static void rollback_keep_readers(sqlite3 *db, Vdbe *pSelf) {
  u32 mReaders = 0;
  int rc = SQLITE_OK;
  for (Vdbe *p = db->pVdbe; p; p = p->pNext) {
    if (p == pSelf || !p->bActive || p->bInExec || p->magic != VDBE_MAGIC_RUN) continue;
    if (vdbe_has_write_cursor(p)) vdbe_trip_writes(p);
    mReaders |= p->dbMask;
    if (rc == SQLITE_OK) rc = vdbe_cursors_save(p);
  }
  if (rc != SQLITE_OK) vdbe_abort_others(db, pSelf, SQLITE_ABORT_ROLLBACK);
  rollback_btrees(db, rc == SQLITE_OK);
  if (rc != SQLITE_OK || mReaders == 0) return;
  for (int i = 0; i < db->nDb && rc == SQLITE_OK; i++) {
    Btree *pBt = db->aDb[i].pBt;
    if (pBt && (mReaders & (1u << i)) && btree_txn_state(pBt) == SQLITE_TXN_NONE) {
      rc = btree_begin(pBt, BTREE_TXN_READ);
    }
  }
  for (Vdbe *p = db->pVdbe; p && rc == SQLITE_OK; p = p->pNext) {
    if (p != pSelf && p->bActive && p->magic == VDBE_MAGIC_RUN) rc = vdbe_cursors_restore(p);
  }
  if (rc != SQLITE_OK) vdbe_abort_others(db, pSelf, SQLITE_ABORT_ROLLBACK);
}

/* Opens this statement's savepoint on Db iDb (invariant 2). */
static int open_statement_savepoint(Vdbe *v, Btree *pBt) {
  sqlite3 *db = v->db;
  if (v->iStatement == 0) {
    db->nStatement++;
    v->iStatement = db->nSavepoint + db->nStatement;
  }
  return btree_savepoint_open(pBt, v->iStatement);
}

/* Ends this statement's savepoint: keep (bUndo 0) or undo its changes. */
static int close_statement_savepoint(Vdbe *v, int bUndo) {
  sqlite3 *db = v->db;
  int rc = SQLITE_OK;
  db->nVdbeCacheGen++;
  if (v->iStatement == 0) return SQLITE_OK;
  int idx = v->iStatement - 1;
  for (int i = 0; i < db->nDb; i++) {
    Btree *pBt = db->aDb[i].pBt;
    if (pBt == NULL || !(v->dbMask & (1u << i))) continue;
    if (btree_txn_state(pBt) != SQLITE_TXN_WRITE) continue;
    int rc2 = SQLITE_OK;
    if (bUndo) rc2 = btree_savepoint(pBt, PAGER_SAVEPOINT_ROLLBACK, idx);
    if (rc2 == SQLITE_OK) rc2 = btree_savepoint(pBt, PAGER_SAVEPOINT_RELEASE, idx);
    if (rc == SQLITE_OK) rc = rc2;
  }
  if (db->nStatement > 0) db->nStatement--;
  v->iStatement = 0;
  return rc;
}

/* Errors after which SQLite rolls the whole transaction back. */
static int is_fatal_error(int rc) {
  int p = rc & 0xff;
  return p == SQLITE_NOMEM || p == SQLITE_IOERR || p == SQLITE_FULL || p == SQLITE_CORRUPT ||
         p == SQLITE_INTERRUPT;
}

/* The end of a run (invariants 1, 4).  v->rc holds the outcome. */
int vdbe_halt(Vdbe *v) {
  sqlite3 *db = v->db;
  int rc = v->rc;
  int bErr = rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW;
  vdbe_frames_unwind(v);
  vdbe_close_all_cursors(v);
  if (!bErr && v->nFkConstraint > 0) {
    /* immediate foreign-key violations fail the statement */
    rc = v->rc = SQLITE_CONSTRAINT_FOREIGNKEY;
    v->errorAction = OE_Abort;
    vdbe_set_error(v, "FOREIGN KEY constraint failed");
    bErr = 1;
  }
  v->nFkConstraint = 0;
  if (!bErr && db->autoCommit && db->nDeferredCons > 0 && v->bActive &&
      db->nVdbeWrite == (v->bWriteCounted ? 1 : 0)) {
    /* deferred violations still open when an autocommit statement ends */
    rc = v->rc = SQLITE_CONSTRAINT_FOREIGNKEY;
    v->errorAction = OE_Rollback;
    vdbe_set_error(v, "FOREIGN KEY constraint failed");
    bErr = 1;
  }
  if (bErr && v->bDidWrite) {
    if ((rc & 0xff) == SQLITE_FULL && v->iStatement && v->errorAction != OE_Rollback) {
      close_statement_savepoint(v, 1);   /* SQLite undoes only the statement when it can */
    } else if (is_fatal_error(rc) || v->errorAction == OE_Rollback) {
      close_statement_savepoint(v, 0);
      vdbe_abort_others(db, v, SQLITE_ABORT_ROLLBACK);
      vdbe_rollback_all(db, rc);
    } else if (v->errorAction == OE_Fail) {
      close_statement_savepoint(v, 0);
    } else if (v->iStatement) {
      close_statement_savepoint(v, 1);
    } else if (db->autoCommit) {
      vdbe_abort_others(db, v, SQLITE_ABORT_ROLLBACK);
      vdbe_rollback_all(db, rc);
    }
  } else {
    close_statement_savepoint(v, 0);
  }
  if (v->bCountChanges) {
    /* an undone statement reports 0 changes, as SQLite does */
    i64 n = (bErr && v->errorAction != OE_Fail) ? 0 : v->nChange;
    db->nChange = n;
    db->nTotalChange += n;
  }
  v->bChangeCntOn = 0;
  v->nChange = 0;
  if (db->autoCommit && v->bActive && db->nVdbeWrite == (v->bWriteCounted ? 1 : 0)) {
    int rc2 = vdbe_commit_all(db, v);
    if (rc2 != SQLITE_OK) {
      if (rc2 != SQLITE_BUSY || !v->readOnly) {
        vdbe_abort_others(db, v, SQLITE_ABORT_ROLLBACK);
        vdbe_rollback_all(db, rc2);
      }
      if (!bErr) {
        v->rc = rc2;
        if (rc2 == SQLITE_CONSTRAINT_COMMITHOOK) vdbe_set_error(v, "constraint failed");
      }
    }
  }
  return v->rc;
}

/* ------------------------------------------------------------ opcodes */

/* OP_Transaction (invariant 2): P1 db, P2 0 read / 1 write / 2 exclusive,
** P5 nonzero: verify the schema cookie P3. */
static int op_transaction(Vdbe *v, VdbeOp *pOp) {
  sqlite3 *db = v->db;
  Btree *pBt;
  int rc = vdbe_db_btree(v, pOp->p1, &pBt);
  if (rc) return rc;
  if (pOp->p2 && (db->flags & CONN_FLAG_QUERY_ONLY)) {
    vdbe_set_error(v, "attempt to write a readonly database");
    return SQLITE_READONLY;
  }
  int st = btree_txn_state(pBt);
  int want = pOp->p2 ? SQLITE_TXN_WRITE : SQLITE_TXN_READ;
  if (st < want || (pOp->p2 >= 2 && st == SQLITE_TXN_READ)) {
    rc = btree_begin(pBt, pOp->p2 >= 2 ? BTREE_TXN_EXCLUSIVE
                                       : (pOp->p2 ? BTREE_TXN_WRITE : BTREE_TXN_READ));
    if (rc == SQLITE_BUSY || (rc & 0xff) == SQLITE_BUSY) {
      v->bRetry = 1;
      return rc;
    }
    if (rc) return rc;
    if (pOp->p2 && db->nSavepoint > 0) {
      /* named savepoints taken before this file was written start here
      ** (invariant 3) */
      rc = btree_savepoint_open(pBt, db->nSavepoint);
      if (rc) return rc;
    }
  }
  v->dbMask |= 1u << pOp->p1;
  if (pOp->p2) {
    v->bDidWrite = 1;
    /* OPFLAG_NOSTMT: a failure leaves nothing to undo.  In autocommit mode
    ** (other statements active) the savepoint is still taken: without it a
    ** failed statement would roll the whole transaction back. */
    int bNoStmt = (pOp->p5 & OPFLAG_NOSTMT) && !db->autoCommit;
    if (!bNoStmt && (!db->autoCommit || db->nVdbeWrite > 1 || db->nVdbeActive > 1)) {
      rc = open_statement_savepoint(v, pBt);
      if (rc) return rc;
    }
  }
  if (pOp->p5) {
    u32 iCookie = 0;
    rc = btree_get_meta(pBt, BTREE_SCHEMA_VERSION, &iCookie);
    if (rc) return rc;
    if (iCookie != (u32)pOp->p3) {
      schema_reset(db, pOp->p1);
      vdbe_set_error(v, "database schema has changed");
      return SQLITE_SCHEMA;
    }
  }
  return SQLITE_OK;
}

/* OP_AutoCommit: BEGIN (P1 0), COMMIT (P1 1), ROLLBACK (P1 1, P2 1). */
static int op_autocommit(Vdbe *v, VdbeOp *pOp) {
  sqlite3 *db = v->db;
  int want = pOp->p1, bRollback = pOp->p2;
  if (want == db->autoCommit) {
    if (!want) {
      vdbe_set_error(v, "cannot start a transaction within a transaction");
    } else if (bRollback) {
      vdbe_set_error(v, "cannot rollback - no transaction is active");
    } else {
      vdbe_set_error(v, "cannot commit - no transaction is active");
    }
    return SQLITE_ERROR;
  }
  if (want && !bRollback && db->nVdbeWrite > (v->bWriteCounted ? 1 : 0)) {
    vdbe_set_error(v, "cannot commit transaction - SQL statements in progress");
    return SQLITE_BUSY;
  }
  if (want && !bRollback && db->nDeferredCons > 0) {
    vdbe_set_error(v, "FOREIGN KEY constraint failed");
    return SQLITE_CONSTRAINT_FOREIGNKEY; /* the transaction stays open */
  }
  if (bRollback) {
    if (db->bSchemaChanged) {
      vdbe_abort_others(db, v, SQLITE_ABORT_ROLLBACK);
      vdbe_rollback_all(db, SQLITE_OK);
    } else {
      rollback_keep_readers(db, v);
    }
    return SQLITE_DONE;
  }
  db->autoCommit = (u8)want;
  if (want) {
    int rc = vdbe_commit_all(db, v);
    if (rc == SQLITE_BUSY) {
      db->autoCommit = 0; /* COMMIT may be retried */
      v->bRetry = 1;
      return rc;
    }
    if (rc) {
      vdbe_rollback_all(db, rc);
      return rc;
    }
  }
  return SQLITE_DONE; /* this opcode halts the VM */
}

/* Named savepoint lookup: index from the outermost (0), -1 if none. */
static int savepoint_find(sqlite3 *db, const char *zName, VdbeSavepoint **ppFound) {
  int iDepth = 0, iFound = -1;
  for (VdbeSavepoint *p = db->pSavepoint; p; p = p->pNext, iDepth++) {
    if (iFound < 0 && str_icmp(p->zName, zName) == 0) {
      iFound = iDepth;
      *ppFound = p;
    }
  }
  return iFound < 0 ? -1 : db->nSavepoint - 1 - iFound;
}

/* Applies a savepoint operation to every Db with a write transaction. */
static int savepoint_all(sqlite3 *db, int op, int idx) {
  int rc = SQLITE_OK;
  db->nVdbeCacheGen++;
  for (int i = 0; i < db->nDb && rc == SQLITE_OK; i++) {
    Btree *pBt = db->aDb[i].pBt;
    if (pBt && btree_txn_state(pBt) == SQLITE_TXN_WRITE) rc = btree_savepoint(pBt, op, idx);
  }
  return rc;
}

static int savepoint_begin(Vdbe *v, const char *zName) {
  sqlite3 *db = v->db;
  if (db->nVdbeWrite > (v->bWriteCounted ? 1 : 0)) {
    vdbe_set_error(v, "cannot open savepoint - SQL statements in progress");
    return SQLITE_BUSY;
  }
  VdbeSavepoint *p = mem_zalloc(sizeof(VdbeSavepoint));
  if (p == NULL || (p->zName = mem_strdup(zName)) == NULL) {
    mem_free(p);
    return SQLITE_NOMEM;
  }
  if (db->autoCommit) {
    /* SAVEPOINT outside BEGIN starts a transaction it ends on RELEASE */
    db->autoCommit = 0;
    p->nDeferredCons = 1; /* marks the transaction savepoint */
  }
  p->pNext = db->pSavepoint;
  db->pSavepoint = p;
  db->nSavepoint++;
  for (int i = 0; i < db->nDb; i++) {
    Btree *pBt = db->aDb[i].pBt;
    if (pBt && btree_txn_state(pBt) == SQLITE_TXN_WRITE) {
      int rc = btree_savepoint_open(pBt, db->nSavepoint);
      if (rc) return rc;
    }
  }
  return SQLITE_OK;
}

/* OP_Savepoint: P1 0 begin, 1 release, 2 rollback to; P4 the name. */
static int op_savepoint(Vdbe *v, VdbeOp *pOp) {
  sqlite3 *db = v->db;
  const char *zName = pOp->p4.z ? pOp->p4.z : "";
  if (pOp->p1 == 0) return savepoint_begin(v, zName);
  VdbeSavepoint *pFound = NULL;
  int idx = savepoint_find(db, zName, &pFound);
  if (idx < 0) {
    vdbe_set_error(v, "no such savepoint: %s", zName);
    return SQLITE_ERROR;
  }
  if (pOp->p1 == 1 && pFound->pNext == NULL && pFound->nDeferredCons) {
    /* releasing the transaction savepoint commits */
    if (db->nVdbeWrite > (v->bWriteCounted ? 1 : 0)) {
      vdbe_set_error(v, "cannot release savepoint - SQL statements in progress");
      return SQLITE_BUSY;
    }
    db->autoCommit = 1;
    int rc = vdbe_commit_all(db, v);
    if (rc == SQLITE_BUSY) {
      db->autoCommit = 0;
      v->bRetry = 1;
      return rc;
    }
    savepoints_free(db);
    return rc;
  }
  int rc = SQLITE_OK;
  if (pOp->p1 == 2) {
    rc = savepoint_all(db, PAGER_SAVEPOINT_ROLLBACK, idx);
    for (int i = 0; i < db->nDb; i++) schema_reset(db, i);
  } else {
    rc = savepoint_all(db, PAGER_SAVEPOINT_RELEASE, idx);
  }
  /* pop the savepoints inside the named one (and it too, on RELEASE) */
  while (db->pSavepoint != pFound) {
    VdbeSavepoint *p = db->pSavepoint;
    db->pSavepoint = p->pNext;
    mem_free(p->zName);
    mem_free(p);
    db->nSavepoint--;
  }
  if (pOp->p1 == 1) {
    db->pSavepoint = pFound->pNext;
    mem_free(pFound->zName);
    mem_free(pFound);
    db->nSavepoint--;
  }
  return rc;
}

static int op_cookie(Vdbe *v, VdbeOp *pOp) {
  Btree *pBt;
  int rc = vdbe_db_btree(v, pOp->p1, &pBt);
  if (rc) return rc;
  if (pOp->opcode == OP_ReadCookie) {
    u32 x = 0;
    rc = btree_get_meta(pBt, pOp->p3, &x);
    if (rc == SQLITE_OK) value_set_int(&v->aMem[pOp->p2], (i64)x);
    return rc;
  }
  if (pOp->p2 == BTREE_SCHEMA_VERSION) v->db->bSchemaChanged = 1; /* invariant 5 */
  rc = btree_update_meta(pBt, pOp->p2, (u32)pOp->p3);
  if (rc == SQLITE_OK && pOp->p2 == BTREE_SCHEMA_VERSION) v->expired = 0;
  return rc;
}

static int op_btree_admin(Vdbe *v, VdbeOp *pOp) {
  Btree *pBt;
  int rc;
  switch (pOp->opcode) {
    case OP_CreateBtree: {
      v->db->bSchemaChanged = 1; /* trees come and go only with DDL (invariant 5) */
      u32 iRoot = 0;
      rc = vdbe_db_btree(v, pOp->p1, &pBt);
      if (rc == SQLITE_OK) rc = btree_create(pBt, &iRoot, pOp->p3);
      if (rc == SQLITE_OK) value_set_int(&v->aMem[pOp->p2], iRoot);
      return rc;
    }
    case OP_Destroy: {
      u32 iMoved = 0;
      v->db->bSchemaChanged = 1;
      rc = vdbe_db_btree(v, pOp->p3, &pBt);
      if (rc == SQLITE_OK) rc = btree_drop(pBt, (u32)pOp->p1, &iMoved);
      if (rc == SQLITE_OK) value_set_int(&v->aMem[pOp->p2], iMoved);
      return rc;
    }
    default: { /* OP_Clear */
      i64 nChange = 0;
      rc = vdbe_db_btree(v, pOp->p2, &pBt);
      if (rc == SQLITE_OK) rc = btree_clear(pBt, (u32)pOp->p1, pOp->p3 ? &nChange : NULL);
      if (rc == SQLITE_OK && pOp->p3) {
        v->nChange += (int)nChange;
        v->bChangeCntOn = 1;
        if (pOp->p3 > 0) {
          Value *p = &v->aMem[pOp->p3];
          value_set_int(p, value_int64(p) + nChange);
        }
      }
      return rc;
    }
  }
}

static int op_integrity(Vdbe *v, VdbeOp *pOp) {
  Btree *pBt;
  int rc = vdbe_db_btree(v, pOp->p5, &pBt);
  if (rc) return rc;
  if (pOp->p4type != P4_INTARRAY) return ERR_CORRUPT();
  int nRoot = pOp->p4.ai[0];
  u32 *aRoot = mem_malloc(sizeof(u32) * (u64)(nRoot + 1));
  if (aRoot == NULL) return SQLITE_NOMEM;
  for (int i = 0; i < nRoot; i++) aRoot[i] = (u32)pOp->p4.ai[i + 1];
  Value *pMax = &v->aMem[pOp->p3];
  int mxErr = (int)value_int64(pMax), nErr = 0;
  char *zErr = NULL;
  rc = btree_integrity_check(pBt, aRoot, nRoot, mxErr > 0 ? mxErr : 1, &nErr, &zErr);
  mem_free(aRoot);
  if (rc) {
    mem_free(zErr);
    return rc;
  }
  value_set_int(pMax, mxErr - nErr);
  if (nErr == 0 || zErr == NULL) {
    mem_free(zErr);
    value_set_null(&v->aMem[pOp->p1]);
    return SQLITE_OK;
  }
  return value_set_text(&v->aMem[pOp->p1], zErr, -1, SQLITE_UTF8, mem_free);
}

static int op_schema(Vdbe *v, VdbeOp *pOp) {
  sqlite3 *db = v->db;
  const char *z = (pOp->p4type == P4_STATIC || pOp->p4type == P4_DYNAMIC) ? pOp->p4.z : NULL;
  db->bSchemaChanged = 1; /* invariant 5 */
  switch (pOp->opcode) {
    case OP_ParseSchema: {
      int rc = schema_reload(db, pOp->p1, z);
      if (rc && v->zErrMsg == NULL && db->zErrMsg) vdbe_set_error(v, "%s", db->zErrMsg);
      return rc;
    }
    case OP_DropTable: schema_drop_table(db, pOp->p1, z); return SQLITE_OK;
    case OP_DropIndex: schema_drop_index(db, pOp->p1, z); return SQLITE_OK;
    default: return SQLITE_OK; /* DropTrigger: no triggers yet */
  }
}

static int op_page_counts(Vdbe *v, VdbeOp *pOp) {
  Btree *pBt;
  int rc = vdbe_db_btree(v, pOp->p1, &pBt);
  if (rc) return rc;
  if (pOp->opcode == OP_Pagecount) {
    value_set_int(&v->aMem[pOp->p2], btree_page_count(pBt));
  } else {
    value_set_int(&v->aMem[pOp->p2], btree_max_page_count(pBt, (u32)pOp->p3));
  }
  return SQLITE_OK;
}

static int op_reset_sorter(Vdbe *v, VdbeOp *pOp) {
  VdbeCursor *pC = (pOp->p1 >= 0 && pOp->p1 < v->nCursor) ? v->apCsr[pOp->p1] : NULL;
  if (pC == NULL) return SQLITE_OK;
  v->db->nVdbeCacheGen++;
  pC->nullRow = 1;
  pC->isEof = 1;
  if (pC->pSorter) {
    sorter_reset(pC->pSorter);
    return SQLITE_OK;
  }
  if (pC->pEph) return btree_clear(pC->pEph->pBt, pC->pEph->iRoot, NULL);
  return SQLITE_OK;
}

int vdbe_exec_txn_op(Vdbe *v, VdbeOp *pOp, int *pPc) {
  UNUSED(pPc);
  switch (pOp->opcode) {
    case OP_Transaction: return op_transaction(v, pOp);
    case OP_AutoCommit: return op_autocommit(v, pOp);
    case OP_Savepoint: return op_savepoint(v, pOp);
    case OP_ReadCookie: case OP_SetCookie: return op_cookie(v, pOp);
    case OP_CreateBtree: case OP_Destroy: case OP_Clear: return op_btree_admin(v, pOp);
    case OP_ResetSorter: return op_reset_sorter(v, pOp);
    case OP_ParseSchema: case OP_DropTable: case OP_DropIndex: case OP_DropTrigger:
      return op_schema(v, pOp);
    case OP_IntegrityCk: return op_integrity(v, pOp);
    case OP_Pagecount: case OP_MaxPgcnt: return op_page_counts(v, pOp);
    case OP_Expire:
      for (Vdbe *p = v->db->pVdbe; p; p = p->pNext) {
        if (pOp->p1 == 0 || p == v) p->expired = 1;
      }
      return SQLITE_OK;
    case OP_ResetCount:
      v->db->nChange = v->nChange;
      v->db->nTotalChange += v->nChange;
      v->nChange = 0;
      v->bChangeCntOn = 0;
      return SQLITE_OK;
    case OP_JournalMode: {
      /* only the rollback journal exists yet: report what the pager does */
      Btree *pBt;
      int rc = vdbe_db_btree(v, pOp->p1, &pBt);
      if (rc) return rc;
      const char *z = pager_is_memory(btree_pager(pBt)) ? "memory" : "delete";
      return value_set_text(&v->aMem[pOp->p2], z, -1, SQLITE_UTF8, SQLITE_STATIC);
    }
    default: return VDBE_NOT_MINE;
  }
}
