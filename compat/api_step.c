/*
** api_step.c: running statements -- sqlite3_step, reset, finalize,
** statement introspection, and the convenience wrappers sqlite3_exec and
** sqlite3_get_table built on prepare/step.
**
** Invariants:
**   1. finalize of the last statement of a zombie connection (close_v2
**      with statements outstanding) frees the connection; nothing touches
**      db afterwards (conn_zombie_check).
**   2. sqlite3_exec finalizes every statement it prepared on every path,
**      and *pzErrMsg is NULL on success, a sqlite3_malloc'd copy of the
**      error message otherwise.
**   3. A callback returning non-zero stops sqlite3_exec with SQLITE_ABORT
**      and "query aborted".
**
** References: c3ref/step.html, c3ref/reset.html, c3ref/finalize.html,
** c3ref/exec.html, c3ref/free_table.html, c3ref/stmt_status.html.
*/
#include "compat/api.h"
#include "engine/vdbe.h"

/* Tracing happens here, around the VM, so the VM needs no knowledge of
** it: SQLITE_TRACE_STMT (and the legacy sqlite3_trace) when a statement
** starts, SQLITE_TRACE_ROW per row, SQLITE_TRACE_PROFILE (and the legacy
** sqlite3_profile) when it ends.  Time comes from the connection's I/O
** backend (STYLE: only io/ reads clocks), at its millisecond resolution. */
static void api_trace_start(sqlite3 *db, sqlite3_stmt *p) {
  if ((db->traceMask & SQLITE_TRACE_PROFILE) || db->xProfile) {
    /* A few statements run interleaved at most; the oldest slot is reused. */
    int i = 0;
    while (i < ARRAY_SIZE(db->aTraceStart) - 1 && db->aTraceStart[i].p != NULL) i++;
    db->aTraceStart[i].p = p;
    db->aTraceStart[i].iStart = io_now_ms(db->pIo);
  }
  const char *zSql = vdbe_sql(p);
  if ((db->traceMask & SQLITE_TRACE_STMT) && db->xTrace != NULL) {
    db->xTrace(SQLITE_TRACE_STMT, db->pTraceArg, p, (void *)(zSql ? zSql : ""));
  }
  if (db->xLegacyTrace != NULL) {
    char *zExp = vdbe_expanded_sql(p);
    db->xLegacyTrace(db->pLegacyTraceArg, zExp ? zExp : (zSql ? zSql : ""));
    mem_free(zExp);
  }
}

static void api_trace_step(sqlite3 *db, sqlite3_stmt *p, int rc) {
  if (rc == SQLITE_ROW) {
    if ((db->traceMask & SQLITE_TRACE_ROW) && db->xTrace != NULL) {
      db->xTrace(SQLITE_TRACE_ROW, db->pTraceArg, p, NULL);
    }
    return;
  }
  int i = 0;
  while (i < ARRAY_SIZE(db->aTraceStart) && db->aTraceStart[i].p != p) i++;
  if (i == ARRAY_SIZE(db->aTraceStart)) return;
  db->aTraceStart[i].p = NULL;
  sqlite3_int64 nNs = (io_now_ms(db->pIo) - db->aTraceStart[i].iStart) * 1000000;
  if ((db->traceMask & SQLITE_TRACE_PROFILE) && db->xTrace != NULL) {
    db->xTrace(SQLITE_TRACE_PROFILE, db->pTraceArg, p, &nNs);
  }
  if (db->xProfile != NULL) {
    const char *zSql = vdbe_sql(p);
    db->xProfile(db->pProfileArg, zSql ? zSql : "", (sqlite3_uint64)nNs);
  }
}

int sqlite3_step(sqlite3_stmt *p) {
  if (p == NULL) return API_MISUSE();
  sqlite3 *db = vdbe_db(p);
  if (db == NULL || !api_db_sick_ok(db)) return API_MISUSE();
  api_enter(db);
  int bTrace = db->traceMask != 0 || db->xLegacyTrace != NULL || db->xProfile != NULL;
  if (bTrace && !vdbe_is_busy(p)) api_trace_start(db, p);
  int rc = vdbe_step(p);
  if (bTrace) api_trace_step(db, p, rc);
  return api_exit(db, rc);
}

/* After a successful reset or finalize SQLite's connection reports "not an
** error" if the statement had run; the last step then left ROW or DONE as
** the connection's code, which is what we test (an error left by another
** statement is kept, as SQLite keeps it). */
static void api_settle_error(sqlite3 *db, int rc) {
  if (rc == SQLITE_OK && (db->errCode == SQLITE_ROW || db->errCode == SQLITE_DONE)) {
    conn_error_clear(db);
  }
}

int sqlite3_reset(sqlite3_stmt *p) {
  if (p == NULL) return SQLITE_OK;
  sqlite3 *db = vdbe_db(p);
  api_enter(db);
  int rc = vdbe_reset(p);
  api_settle_error(db, rc);
  return api_exit(db, rc);
}

int sqlite3_finalize(sqlite3_stmt *p) {
  if (p == NULL) return SQLITE_OK;
  sqlite3 *db = vdbe_db(p);
  api_enter(db);
  for (int i = 0; i < ARRAY_SIZE(db->aTraceStart); i++) {
    if (db->aTraceStart[i].p == p) db->aTraceStart[i].p = NULL;
  }
  int rc = vdbe_finalize(p);
  if (conn_zombie_check(db)) return rc & 0xff;  /* invariant 1: db is gone */
  api_settle_error(db, rc);
  return api_exit(db, rc);
}

sqlite3 *sqlite3_db_handle(sqlite3_stmt *p) { return p == NULL ? NULL : vdbe_db(p); }

const char *sqlite3_sql(sqlite3_stmt *p) {
  if (p == NULL) return NULL;
  sqlite3 *db = vdbe_db(p);
  api_enter(db);
  const char *z = vdbe_sql(p);
  api_leave(db);
  return z;
}

char *sqlite3_expanded_sql(sqlite3_stmt *p) {
  if (p == NULL) return NULL;
  sqlite3 *db = vdbe_db(p);
  api_enter(db);
  char *z = vdbe_expanded_sql(p);
  api_leave(db);
  return z;
}

int sqlite3_stmt_readonly(sqlite3_stmt *p) {
  if (p == NULL) return 1;
  sqlite3 *db = vdbe_db(p);
  api_enter(db);
  int r = vdbe_is_readonly(p);
  api_leave(db);
  return r;
}

int sqlite3_stmt_busy(sqlite3_stmt *p) {
  if (p == NULL) return 0;
  sqlite3 *db = vdbe_db(p);
  api_enter(db);
  int r = vdbe_is_busy(p);
  api_leave(db);
  return r;
}

int sqlite3_stmt_isexplain(sqlite3_stmt *p) {
  if (p == NULL) return 0;
  sqlite3 *db = vdbe_db(p);
  api_enter(db);
  int r = vdbe_is_explain(p);
  api_leave(db);
  return r;
}

int sqlite3_stmt_status(sqlite3_stmt *p, int op, int resetFlg) {
  if (p == NULL) return 0;
  sqlite3 *db = vdbe_db(p);
  api_enter(db);
  int r = vdbe_status(p, op, resetFlg);
  api_leave(db);
  return r;
}

sqlite3_stmt *sqlite3_next_stmt(sqlite3 *db, sqlite3_stmt *pPrev) {
  if (!api_db_ok(db)) return NULL;
  api_enter(db);
  Vdbe *v = vdbe_next_stmt(db, pPrev);
  api_leave(db);
  return v;
}

int sqlite3_expired(sqlite3_stmt *p) {
  UNUSED(p);
  return 0;
}

/* ---- sqlite3_exec ---------------------------------------------------- */

/* Runs one prepared statement to completion, invoking xCb per row.
** Returns SQLITE_DONE, SQLITE_ABORT (callback said stop) or an error. */
static int api_exec_one(sqlite3_stmt *pStmt, sqlite3_callback xCb, void *pArg) {
  int nCol = sqlite3_column_count(pStmt);
  char **azCol = NULL;
  int rc;
  while ((rc = sqlite3_step(pStmt)) == SQLITE_ROW) {
    if (xCb == NULL) continue;
    if (azCol == NULL) {
      azCol = mem_zalloc(sizeof(char *) * ((u64)nCol * 2 + 1));
      if (azCol == NULL) return SQLITE_NOMEM;
      for (int i = 0; i < nCol; i++) azCol[i] = (char *)sqlite3_column_name(pStmt, i);
    }
    char **azVal = &azCol[nCol];
    for (int i = 0; i < nCol; i++) {
      azVal[i] = (char *)sqlite3_column_text(pStmt, i);
      if (azVal[i] == NULL && sqlite3_column_type(pStmt, i) != SQLITE_NULL) {
        mem_free(azCol);
        return SQLITE_NOMEM;
      }
    }
    if (xCb(pArg, nCol, azVal, azCol) != 0) {
      rc = SQLITE_ABORT;
      break;
    }
  }
  mem_free(azCol);
  return rc;
}

/* Copies db's message for the caller (invariant 2). */
static void api_exec_errmsg(sqlite3 *db, int rc, char **pzErrMsg) {
  if (pzErrMsg == NULL) return;
  *pzErrMsg = NULL;
  if (rc == SQLITE_OK) return;
  api_enter(db);
  *pzErrMsg = mem_strdup(conn_errmsg(db));
  api_leave(db);
}

int sqlite3_exec(sqlite3 *db, const char *zSql, sqlite3_callback xCb, void *pArg,
                 char **pzErrMsg) {
  if (pzErrMsg != NULL) *pzErrMsg = NULL;
  if (!api_db_ok(db)) return API_MISUSE();
  if (zSql == NULL) zSql = "";
  int rc = SQLITE_OK;
  api_enter(db);  /* held across the loop so no other thread interleaves */
  conn_error_clear(db);
  while (rc == SQLITE_OK && zSql[0] != 0) {
    sqlite3_stmt *pStmt = NULL;
    const char *zTail = zSql;
    rc = sqlite3_prepare_v2(db, zSql, -1, &pStmt, &zTail);
    if (rc != SQLITE_OK) break;
    zSql = zTail;
    if (pStmt == NULL) continue;  /* whitespace or comment */
    int rcStep = api_exec_one(pStmt, xCb, pArg);
    if (rcStep == SQLITE_ABORT) {
      sqlite3_finalize(pStmt);
      conn_error(db, SQLITE_ABORT, NULL);
      rc = SQLITE_ABORT;
      break;
    }
    rc = sqlite3_finalize(pStmt);
    if (rcStep == SQLITE_NOMEM) rc = SQLITE_NOMEM;
    if (rc == SQLITE_OK && rcStep != SQLITE_DONE) rc = rcStep;
  }
  if (rc == SQLITE_NOMEM) db->mallocFailed = 1;
  if (rc == SQLITE_OK) conn_error_clear(db);  /* "not an error", as after SQLite's exec */
  rc = api_exit(db, rc);
  api_exec_errmsg(db, rc, pzErrMsg);
  return rc;
}

/* ---- sqlite3_get_table ---------------------------------------------- */

typedef struct ApiTable {
  char **az;       /* az[0] holds the slot count; results from az[1] */
  u32 nAlloc;      /* slots allocated */
  u32 nUsed;       /* slots used, including az[0] */
  int nCol;        /* columns of the first result set, 0 before it */
  int nRow;        /* data rows */
  int rc;          /* SQLITE_NOMEM or a shape error */
} ApiTable;

static int api_table_push(ApiTable *t, const char *z) {
  if (t->nUsed >= t->nAlloc) {
    u32 n = t->nAlloc * 2 + 16;
    char **az = mem_realloc(t->az, sizeof(char *) * (u64)n);
    if (az == NULL) return SQLITE_NOMEM;
    t->az = az;
    t->nAlloc = n;
  }
  char *zCopy = NULL;
  if (z != NULL && (zCopy = mem_strdup(z)) == NULL) return SQLITE_NOMEM;
  t->az[t->nUsed++] = zCopy;
  return SQLITE_OK;
}

static int api_table_cb(void *pArg, int nCol, char **azVal, char **azCol) {
  ApiTable *t = pArg;
  if (t->nCol == 0) {
    t->nCol = nCol;
    for (int i = 0; i < nCol; i++) {
      if ((t->rc = api_table_push(t, azCol[i])) != SQLITE_OK) return 1;
    }
  } else if (t->nCol != nCol) {
    t->rc = SQLITE_ERROR;
    return 1;
  }
  for (int i = 0; i < nCol; i++) {
    if ((t->rc = api_table_push(t, azVal[i])) != SQLITE_OK) return 1;
  }
  t->nRow++;
  return 0;
}

void sqlite3_free_table(char **azResult) {
  if (azResult == NULL) return;
  azResult--;
  intptr_t n = (intptr_t)azResult[0];
  for (intptr_t i = 1; i < n; i++) mem_free(azResult[i]);
  mem_free(azResult);
}

int sqlite3_get_table(sqlite3 *db, const char *zSql, char ***pazResult, int *pnRow,
                      int *pnColumn, char **pzErrMsg) {
  if (pazResult == NULL) return API_MISUSE();
  *pazResult = NULL;
  if (pnRow) *pnRow = 0;
  if (pnColumn) *pnColumn = 0;
  if (pzErrMsg) *pzErrMsg = NULL;
  if (!api_db_ok(db)) return API_MISUSE();
  ApiTable t = {0};
  t.rc = api_table_push(&t, NULL);
  if (t.rc != SQLITE_OK) return SQLITE_NOMEM;
  int rc = sqlite3_exec(db, zSql, api_table_cb, &t, pzErrMsg);
  t.az[0] = (char *)(intptr_t)t.nUsed;
  if (rc == SQLITE_ABORT && t.rc != SQLITE_OK) {
    if (pzErrMsg != NULL) {
      mem_free(*pzErrMsg);
      *pzErrMsg = t.rc == SQLITE_NOMEM ? NULL : mem_strdup(
          "sqlite3_get_table() called with two or more incompatible queries");
    }
    rc = t.rc;
    api_enter(db);
    conn_error(db, rc, rc == SQLITE_NOMEM ? NULL :
               "sqlite3_get_table() called with two or more incompatible queries");
    api_leave(db);
  }
  if (rc != SQLITE_OK) {
    sqlite3_free_table(&t.az[1]);
    return rc;
  }
  *pazResult = &t.az[1];
  if (pnRow) *pnRow = t.nRow;
  if (pnColumn) *pnColumn = t.nCol;
  return SQLITE_OK;
}
