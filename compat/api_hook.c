/*
** api_hook.c: callbacks an application hangs on a connection -- commit,
** rollback, update, WAL, progress, trace, profile, authorizer -- and the
** time/randomness helpers sqlite3_sleep and sqlite3_randomness.
**
** Invariants:
**   1. Each setter stores the callback and its argument in the connection
**      (conn.h) under the mutex and returns the previous argument where
**      SQLite does; the VM invokes them.
**   2. Time and randomness come from the connection-independent default
**      I/O backend (STYLE: only io/ talks to the OS).
**
** References: c3ref/commit_hook.html, c3ref/update_hook.html,
** c3ref/progress_handler.html, c3ref/trace_v2.html, c3ref/profile.html,
** c3ref/set_authorizer.html, c3ref/wal_hook.html, c3ref/sleep.html,
** c3ref/randomness.html.
*/
#include "compat/api.h"

void *sqlite3_commit_hook(sqlite3 *db, int (*xCallback)(void *), void *pArg) {
  if (!api_db_ok(db)) return NULL;
  api_enter(db);
  void *pOld = db->pCommitArg;
  db->xCommitHook = xCallback;
  db->pCommitArg = pArg;
  api_leave(db);
  return pOld;
}

void *sqlite3_rollback_hook(sqlite3 *db, void (*xCallback)(void *), void *pArg) {
  if (!api_db_ok(db)) return NULL;
  api_enter(db);
  void *pOld = db->pRollbackArg;
  db->xRollbackHook = xCallback;
  db->pRollbackArg = pArg;
  api_leave(db);
  return pOld;
}

void *sqlite3_update_hook(sqlite3 *db,
                          void (*xCallback)(void *, int, char const *, char const *,
                                            sqlite3_int64),
                          void *pArg) {
  if (!api_db_ok(db)) return NULL;
  api_enter(db);
  void *pOld = db->pUpdateArg;
  db->xUpdateHook = xCallback;
  db->pUpdateArg = pArg;
  api_leave(db);
  return pOld;
}

void *sqlite3_wal_hook(sqlite3 *db, int (*xCallback)(void *, sqlite3 *, const char *, int),
                       void *pArg) {
  if (!api_db_ok(db)) return NULL;
  api_enter(db);
  void *pOld = db->pWalArg;
  db->xWalHook = xCallback;
  db->pWalArg = pArg;
  api_leave(db);
  return pOld;
}

/* Through PRAGMA wal_autocheckpoint, which reaches every attached pager. */
int sqlite3_wal_autocheckpoint(sqlite3 *db, int N) {
  if (!api_db_ok(db)) return API_MISUSE();
  char *zSql = sqlite3_mprintf("PRAGMA wal_autocheckpoint=%d", N > 0 ? N : 0);
  if (zSql == NULL) return SQLITE_NOMEM;
  int rc = sqlite3_exec(db, zSql, NULL, NULL, NULL);
  sqlite3_free(zSql);
  return rc;
}

void sqlite3_progress_handler(sqlite3 *db, int nOps, int (*xProgress)(void *), void *pArg) {
  if (!api_db_ok(db)) return;
  api_enter(db);
  if (nOps > 0 && xProgress != NULL) {
    db->xProgress = xProgress;
    db->pProgressArg = pArg;
    db->nProgressOps = nOps;
  } else {
    db->xProgress = NULL;
    db->pProgressArg = NULL;
    db->nProgressOps = 0;
  }
  api_leave(db);
}

int sqlite3_trace_v2(sqlite3 *db, unsigned uMask,
                     int (*xCallback)(unsigned, void *, void *, void *), void *pCtx) {
  if (!api_db_ok(db)) return API_MISUSE();
  api_enter(db);
  if (xCallback == NULL) uMask = 0;
  db->traceMask = uMask;
  db->xTrace = uMask ? xCallback : NULL;
  db->pTraceArg = pCtx;
  api_leave(db);
  return SQLITE_OK;
}

void *sqlite3_trace(sqlite3 *db, void (*xTrace)(void *, const char *), void *pArg) {
  if (!api_db_ok(db)) return NULL;
  api_enter(db);
  void *pOld = db->pLegacyTraceArg;
  db->xLegacyTrace = xTrace;
  db->pLegacyTraceArg = pArg;
  api_leave(db);
  return pOld;
}

void *sqlite3_profile(sqlite3 *db, void (*xProfile)(void *, const char *, sqlite3_uint64),
                      void *pArg) {
  if (!api_db_ok(db)) return NULL;
  api_enter(db);
  void *pOld = db->pProfileArg;
  db->xProfile = xProfile;
  db->pProfileArg = pArg;
  api_leave(db);
  return pOld;
}

int sqlite3_set_authorizer(sqlite3 *db,
                           int (*xAuth)(void *, int, const char *, const char *, const char *,
                                        const char *),
                           void *pArg) {
  if (!api_db_ok(db)) return API_MISUSE();
  api_enter(db);
  db->xAuth = xAuth;
  db->pAuthArg = pArg;
  api_leave(db);
  return SQLITE_OK;
}

/* ---- time and randomness (invariant 2) ---- */

int sqlite3_sleep(int ms) {
  if (ms < 0) ms = 0;
  int us = io_sleep_us(io_default(), ms * 1000);
  return us / 1000;
}

void sqlite3_randomness(int N, void *P) {
  if (N <= 0 || P == NULL) return;
  io_randomness(io_default(), N, P);
}
