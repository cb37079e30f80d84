/*
** api_stub.c: exported functions whose feature the engine does not have
** yet.  Each returns the error SQLite documents for a failure of that call
** (SQLITE_ERROR unless stated) and, where a connection is at hand, sets a
** message naming the function ("sqlite3_blob_open is not supported yet"),
** so a program fails cleanly instead of crashing.  docs/COMPAT.md lists
** the status of every symbol.
**
** Invariants:
**   1. No stub creates an object; every out-pointer is set to NULL, so a
**      caller's cleanup of it is a no-op.
**   2. Stubs never touch a connection they have not validated.
**
** Parameters are unused by design here; the pragma keeps -Wextra quiet for
** this file only instead of a line of UNUSED() per parameter.
*/
#include "compat/api.h"

#pragma GCC diagnostic ignored "-Wunused-parameter"

/* ---- extensions ---- */

int sqlite3_auto_extension(void (*xEntryPoint)(void)) { return SQLITE_OK; }
int sqlite3_cancel_auto_extension(void (*xEntryPoint)(void)) { return 0; }
void sqlite3_reset_auto_extension(void) {}

int sqlite3_enable_load_extension(sqlite3 *db, int onoff) {
  if (!api_db_ok(db)) return API_MISUSE();
  api_enter(db);
  /* Both the C entry point and the SQL function load_extension(). */
  if (onoff) db->flags |= CONN_FLAG_LOAD_EXT | CONN_FLAG_LOAD_EXT_FUNC;
  else db->flags &= ~(CONN_FLAG_LOAD_EXT | CONN_FLAG_LOAD_EXT_FUNC);
  api_leave(db);
  return SQLITE_OK;
}

/* Loading needs the sqlite3_api_routines table extensions call through,
** which we do not provide yet.  The file is still looked up the way SQLite
** does (as given, then with ".so"), so a missing file reports the dynamic
** linker's message exactly as SQLite would; a found one is released again
** and reported as unsupported.  Like SQLite, the connection's error state
** is left at SQLITE_OK: the message goes only to *pzErrMsg. */
int sqlite3_load_extension(sqlite3 *db, const char *zFile, const char *zProc, char **pzErrMsg) {
  if (pzErrMsg != NULL) *pzErrMsg = NULL;
  if (!api_db_ok(db) || zFile == NULL) return API_MISUSE();
  const char *zMsg = "not authorized";
  char zErr[512];
  if (db->flags & CONN_FLAG_LOAD_EXT) {
    sqlite3_vfs *pVfs = db->pVfs;
    void *h = pVfs->xDlOpen(pVfs, zFile);
    if (h == NULL) {
      char *zSo = sqlite3_mprintf("%s.so", zFile);
      if (zSo != NULL) h = pVfs->xDlOpen(pVfs, zSo);
      sqlite3_free(zSo);
    }
    if (h == NULL) {
      pVfs->xDlError(pVfs, (int)sizeof(zErr), zErr);
      zMsg = zErr;
    } else {
      pVfs->xDlClose(pVfs, h);
      zMsg = "sqlite3_load_extension is not supported yet";
    }
  }
  if (pzErrMsg != NULL) *pzErrMsg = mem_strdup(zMsg);
  api_enter(db);
  conn_error_clear(db);  /* SQLite leaves "not an error" behind here */
  api_leave(db);
  return SQLITE_ERROR;
}

int sqlite3_autovacuum_pages(sqlite3 *db,
                             unsigned int (*xCb)(void *, const char *, unsigned int, unsigned int,
                                                 unsigned int),
                             void *pArg, void (*xDestructor)(void *)) {
  /* No autovacuum: the callback would never run; it is released at once. */
  if (!api_db_ok(db)) return API_MISUSE();
  if (xDestructor != NULL) xDestructor(pArg);
  return SQLITE_OK;
}

int sqlite3_db_cacheflush(sqlite3 *db) {
  if (!api_db_ok(db)) return API_MISUSE();
  return SQLITE_OK;  /* dirty pages only exist inside a write transaction */
}

/* ---- pre-update hook (only meaningful inside a callback never made) ---- */

void *sqlite3_preupdate_hook(sqlite3 *db,
                             void (*xPreUpdate)(void *, sqlite3 *, int, char const *,
                                                char const *, sqlite3_int64, sqlite3_int64),
                             void *pArg) {
  return NULL;
}
int sqlite3_preupdate_blobwrite(sqlite3 *db) { return -1; }
int sqlite3_preupdate_count(sqlite3 *db) { return 0; }
int sqlite3_preupdate_depth(sqlite3 *db) { return 0; }
int sqlite3_preupdate_new(sqlite3 *db, int i, sqlite3_value **pp) {
  if (pp != NULL) *pp = NULL;
  return API_MISUSE();
}
int sqlite3_preupdate_old(sqlite3 *db, int i, sqlite3_value **pp) {
  if (pp != NULL) *pp = NULL;
  return API_MISUSE();
}

/* ---- R*Tree ---- */

int sqlite3_rtree_geometry_callback(sqlite3 *db, const char *zGeom,
                                    int (*xGeom)(sqlite3_rtree_geometry *, int,
                                                 sqlite3_rtree_dbl *, int *),
                                    void *pContext) {
  return api_unsupported(db, SQLITE_ERROR, "sqlite3_rtree_geometry_callback");
}

int sqlite3_rtree_query_callback(sqlite3 *db, const char *zQueryFunc,
                                 int (*xQueryFunc)(sqlite3_rtree_query_info *), void *pContext,
                                 void (*xDestructor)(void *)) {
  if (xDestructor != NULL) xDestructor(pContext);
  return api_unsupported(db, SQLITE_ERROR, "sqlite3_rtree_query_callback");
}

/* ---- shared-cache unlock notification ---- */

int sqlite3_unlock_notify(sqlite3 *pBlocked, void (*xNotify)(void **apArg, int nArg),
                          void *pNotifyArg) {
  /* No shared cache, so nothing ever blocks this connection: as documented
  ** for that case, the callback runs at once. */
  if (!api_db_ok(pBlocked)) return API_MISUSE();
  if (xNotify != NULL) xNotify(&pNotifyArg, 1);
  return SQLITE_OK;
}

/* ---- virtual tables (modules register; using one is not supported) ---- */

int sqlite3_declare_vtab(sqlite3 *db, const char *zSQL) {
  if (!api_db_ok(db) || zSQL == NULL) return API_MISUSE();
  return api_unsupported(db, SQLITE_MISUSE, "sqlite3_declare_vtab");
}
int sqlite3_vtab_config(sqlite3 *db, int op, ...) {
  if (!api_db_ok(db)) return API_MISUSE();
  return API_MISUSE();  /* only legal inside xCreate/xConnect, never called */
}
const char *sqlite3_vtab_collation(sqlite3_index_info *p, int i) { return NULL; }
int sqlite3_vtab_distinct(sqlite3_index_info *p) { return 0; }
int sqlite3_vtab_in(sqlite3_index_info *p, int iCons, int bHandle) { return 0; }
int sqlite3_vtab_in_first(sqlite3_value *pVal, sqlite3_value **ppOut) {
  if (ppOut != NULL) *ppOut = NULL;
  return SQLITE_ERROR;
}
int sqlite3_vtab_in_next(sqlite3_value *pVal, sqlite3_value **ppOut) {
  if (ppOut != NULL) *ppOut = NULL;
  return SQLITE_ERROR;
}
int sqlite3_vtab_nochange(sqlite3_context *p) { return 0; }
int sqlite3_vtab_on_conflict(sqlite3 *db) { return SQLITE_ABORT; }
int sqlite3_vtab_rhs_value(sqlite3_index_info *p, int i, sqlite3_value **ppVal) {
  if (ppVal != NULL) *ppVal = NULL;
  return SQLITE_NOTFOUND;
}

/* ---- WAL checkpoints ----
** Through PRAGMA "db".wal_checkpoint(MODE) (compat does not reach the
** pager): its row is busy, log, checkpointed. */

static int api_ckpt_row(sqlite3 *db, const char *zSql, int *pnLog, int *pnCkpt) {
  sqlite3_stmt *pStmt = NULL;
  int rc = sqlite3_prepare_v2(db, zSql, -1, &pStmt, NULL);
  if (rc != SQLITE_OK) return rc;
  rc = sqlite3_step(pStmt);
  if (rc == SQLITE_ROW) {
    int bBusy = sqlite3_column_int(pStmt, 0);
    if (pnLog != NULL) *pnLog = sqlite3_column_int(pStmt, 1);
    if (pnCkpt != NULL) *pnCkpt = sqlite3_column_int(pStmt, 2);
    rc = bBusy ? SQLITE_BUSY : SQLITE_OK;
  }
  int rc2 = sqlite3_finalize(pStmt);
  return rc == SQLITE_DONE ? rc2 : rc;
}

int sqlite3_wal_checkpoint_v2(sqlite3 *db, const char *zDb, int eMode, int *pnLog,
                              int *pnCkpt) {
  static const char *azMode[] = {"PASSIVE", "FULL", "RESTART", "TRUNCATE"};
  if (pnLog != NULL) *pnLog = -1;
  if (pnCkpt != NULL) *pnCkpt = -1;
  if (!api_db_ok(db)) return API_MISUSE();
  if (eMode < SQLITE_CHECKPOINT_PASSIVE || eMode > SQLITE_CHECKPOINT_TRUNCATE) {
    return API_MISUSE();
  }
  if (zDb != NULL && zDb[0] != 0 && conn_find_db(db, zDb) < 0) {
    api_enter(db);
    int rc = conn_error(db, SQLITE_ERROR, "unknown database: %s", zDb);
    return api_exit(db, rc);
  }
  char *zSql = sqlite3_mprintf("PRAGMA \"%w\".wal_checkpoint(%s)",
                               zDb && zDb[0] ? zDb : "main", azMode[eMode]);
  if (zSql == NULL) return SQLITE_NOMEM;
  int rc = api_ckpt_row(db, zSql, pnLog, pnCkpt);
  sqlite3_free(zSql);
  return rc;
}

int sqlite3_wal_checkpoint(sqlite3 *db, const char *zDb) {
  return sqlite3_wal_checkpoint_v2(db, zDb, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
}

/* ---- session extension ---- */
int sqlite3session_attach(sqlite3_session *pSession, const char *zTab) {
  return SQLITE_ERROR;
}

int sqlite3session_changeset( sqlite3_session *pSession, int *pnChangeset, void **ppChangeset) {
  return SQLITE_ERROR;
}

sqlite3_int64 sqlite3session_changeset_size(sqlite3_session *pSession) {
  return 0;
}

int sqlite3session_changeset_strm(sqlite3_session *pSession,
    int (*xOutput)(void *pOut, const void *pData, int nData), void *pOut) {
  return SQLITE_ERROR;
}

int sqlite3session_config(int op, void *pArg) {
  return SQLITE_ERROR;
}

int sqlite3session_create(sqlite3 *db, const char *zDb, sqlite3_session **ppSession) {
  *ppSession = NULL;
  return api_unsupported(db, SQLITE_ERROR, "sqlite3session_create");
}

void sqlite3session_delete(sqlite3_session *pSession) {
  /* nothing to release: no object is ever created */
}

int sqlite3session_diff(sqlite3_session *pSession, const char *zFromDb, const char *zTbl,
    char **pzErrMsg) {
  return SQLITE_ERROR;
}

int sqlite3session_enable(sqlite3_session *pSession, int bEnable) {
  return 0;
}

int sqlite3session_indirect(sqlite3_session *pSession, int bIndirect) {
  return 0;
}

int sqlite3session_isempty(sqlite3_session *pSession) {
  return 1;
}

sqlite3_int64 sqlite3session_memory_used(sqlite3_session *pSession) {
  return 0;
}

int sqlite3session_object_config(sqlite3_session *pObj, int op, void *pArg) {
  return SQLITE_ERROR;
}

int sqlite3session_patchset( sqlite3_session *pSession, int *pnPatchset, void **ppPatchset) {
  return SQLITE_ERROR;
}

int sqlite3session_patchset_strm(sqlite3_session *pSession,
    int (*xOutput)(void *pOut, const void *pData, int nData), void *pOut) {
  return SQLITE_ERROR;
}

void sqlite3session_table_filter(sqlite3_session *pSession,
    int (*xFilter)(void *pCtx, const char *zTab), void *pCtx) {
  /* nothing to release: no object is ever created */
}

int sqlite3changeset_apply(sqlite3 *db, int nChangeset, void *pChangeset,
    int (*xFilter)(void *pCtx, const char *zTab),
    int (*xConflict)(void *pCtx, int eConflict, sqlite3_changeset_iter *p), void *pCtx) {
  return SQLITE_ERROR;
}

int sqlite3changeset_apply_strm(sqlite3 *db, int (*xInput)(void *pIn, void *pData, int *pnData),
    void *pIn, int (*xFilter)(void *pCtx, const char *zTab),
    int (*xConflict)(void *pCtx, int eConflict, sqlite3_changeset_iter *p), void *pCtx) {
  return SQLITE_ERROR;
}

int sqlite3changeset_apply_v2(sqlite3 *db, int nChangeset, void *pChangeset,
    int (*xFilter)(void *pCtx, const char *zTab),
    int (*xConflict)(void *pCtx, int eConflict, sqlite3_changeset_iter *p), void *pCtx,
    void **ppRebase, int *pnRebase, int flags) {
  return SQLITE_ERROR;
}

int sqlite3changeset_apply_v2_strm(sqlite3 *db, int (*xInput)(void *pIn, void *pData, int *pnData),
    void *pIn, int (*xFilter)(void *pCtx, const char *zTab),
    int (*xConflict)(void *pCtx, int eConflict, sqlite3_changeset_iter *p), void *pCtx,
    void **ppRebase, int *pnRebase, int flags) {
  return SQLITE_ERROR;
}

int sqlite3changeset_concat( int nA, void *pA, int nB, void *pB, int *pnOut, void **ppOut) {
  return SQLITE_ERROR;
}

int sqlite3changeset_concat_strm(int (*xInputA)(void *pIn, void *pData, int *pnData), void *pInA,
    int (*xInputB)(void *pIn, void *pData, int *pnData), void *pInB,
    int (*xOutput)(void *pOut, const void *pData, int nData), void *pOut) {
  return SQLITE_ERROR;
}

int sqlite3changeset_conflict( sqlite3_changeset_iter *pIter, int iVal, sqlite3_value **ppValue) {
  return SQLITE_ERROR;
}

int sqlite3changeset_finalize(sqlite3_changeset_iter *pIter) {
  return SQLITE_OK;
}

int sqlite3changeset_fk_conflicts(sqlite3_changeset_iter *pIter, int *pnOut) {
  return SQLITE_ERROR;
}

int sqlite3changeset_invert(int nIn, const void *pIn, int *pnOut, void **ppOut) {
  return SQLITE_ERROR;
}

int sqlite3changeset_invert_strm(int (*xInput)(void *pIn, void *pData, int *pnData), void *pIn,
    int (*xOutput)(void *pOut, const void *pData, int nData), void *pOut) {
  return SQLITE_ERROR;
}

int sqlite3changeset_new( sqlite3_changeset_iter *pIter, int iVal, sqlite3_value **ppValue) {
  return SQLITE_ERROR;
}

int sqlite3changeset_next(sqlite3_changeset_iter *pIter) {
  return SQLITE_ERROR;
}

int sqlite3changeset_old( sqlite3_changeset_iter *pIter, int iVal, sqlite3_value **ppValue) {
  return SQLITE_ERROR;
}

int sqlite3changeset_op(sqlite3_changeset_iter *pIter, const char **pzTab, int *pnCol, int *pOp,
    int *pbIndirect) {
  return SQLITE_ERROR;
}

int sqlite3changeset_pk( sqlite3_changeset_iter *pIter, unsigned char **pabPK, int *pnCol) {
  return SQLITE_ERROR;
}

int sqlite3changeset_start( sqlite3_changeset_iter **pp, int nChangeset, void *pChangeset) {
  *pp = NULL;
  return SQLITE_ERROR;
}

int sqlite3changeset_start_strm(sqlite3_changeset_iter **pp,
    int (*xInput)(void *pIn, void *pData, int *pnData), void *pIn) {
  *pp = NULL;
  return SQLITE_ERROR;
}

int sqlite3changeset_start_v2(sqlite3_changeset_iter **pp, int nChangeset, void *pChangeset,
    int flags) {
  *pp = NULL;
  return SQLITE_ERROR;
}

int sqlite3changeset_start_v2_strm(sqlite3_changeset_iter **pp,
    int (*xInput)(void *pIn, void *pData, int *pnData), void *pIn, int flags) {
  *pp = NULL;
  return SQLITE_ERROR;
}

int sqlite3changegroup_add(sqlite3_changegroup *pObj, int nData, void *pData) {
  return SQLITE_ERROR;
}

int sqlite3changegroup_add_strm(sqlite3_changegroup *,
    int (*xInput)(void *pIn, void *pData, int *pnData), void *pIn) {
  return SQLITE_ERROR;
}

void sqlite3changegroup_delete(sqlite3_changegroup *pObj) {
  /* nothing to release: no object is ever created */
}

int sqlite3changegroup_new(sqlite3_changegroup **pp) {
  *pp = NULL;
  return SQLITE_ERROR;
}

int sqlite3changegroup_output(sqlite3_changegroup *pObj, int *pnData, void **ppData) {
  return SQLITE_ERROR;
}

int sqlite3changegroup_output_strm(sqlite3_changegroup *,
    int (*xOutput)(void *pOut, const void *pData, int nData), void *pOut) {
  return SQLITE_ERROR;
}

int sqlite3rebaser_configure(sqlite3_rebaser *pObj, int nRebase, const void *pRebase) {
  return SQLITE_ERROR;
}

int sqlite3rebaser_create(sqlite3_rebaser **ppNew) {
  *ppNew = NULL;
  return SQLITE_ERROR;
}

void sqlite3rebaser_delete(sqlite3_rebaser *p) {
  /* nothing to release: no object is ever created */
}

int sqlite3rebaser_rebase( sqlite3_rebaser *, int nIn, const void *pIn, int *pnOut, void **ppOut) {
  return SQLITE_ERROR;
}

int sqlite3rebaser_rebase_strm(sqlite3_rebaser *pRebaser,
    int (*xInput)(void *pIn, void *pData, int *pnData), void *pIn,
    int (*xOutput)(void *pOut, const void *pData, int nData), void *pOut) {
  return SQLITE_ERROR;
}
