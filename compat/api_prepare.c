/*
** api_prepare.c: sqlite3_prepare* (UTF-8 and UTF-16) over the compiler's
** single entry point sql_prepare (engine/prepare.h).
**
** Invariants:
**   1. *ppStmt is NULL on entry to the engine and set only on success; a
**      statement-less input (whitespace, comments) succeeds with NULL.
**   2. *pzTail always points into the caller's buffer (for the UTF-16
**      variants the UTF-8 tail offset is mapped back to UTF-16 units).
**   3. On success the connection's error state is cleared (SQLITE_OK,
**      "not an error"), as after any successful SQLite call.
**
** References: c3ref/prepare.html.
*/
#include "compat/api.h"
#include "engine/prepare.h"

static int api_prepare(sqlite3 *db, const char *zSql, int nBytes, u32 prepFlags,
                       sqlite3_stmt **ppStmt, const char **pzTail) {
  if (ppStmt == NULL) return API_MISUSE();
  *ppStmt = NULL;  /* invariant 1 */
  if (pzTail != NULL) *pzTail = zSql;
  if (!api_db_ok(db) || zSql == NULL) return API_MISUSE();
  api_enter(db);
  int rc;
  if (nBytes > db->aLimit[SQLITE_LIMIT_SQL_LENGTH]) {
    rc = conn_error(db, SQLITE_TOOBIG, "statement too long");
    return api_exit(db, rc);
  }
  conn_error_clear(db);
  Vdbe *v = NULL;
  const char *zTail = zSql;
  rc = sql_prepare(db, zSql, nBytes, prepFlags, &v, &zTail);
  if (rc == SQLITE_OK) {
    conn_error_clear(db);  /* invariant 3 */
    *ppStmt = v;
  } else if (db->errCode != rc && !db->mallocFailed) {
    /* The compiler returned a code without recording it. */
    conn_error(db, rc, NULL);
  }
  ASSERT(rc == SQLITE_OK || v == NULL);  /* invariant 1 */
  ASSERT(zTail >= zSql);                   /* invariant 2 */
  if (pzTail != NULL) *pzTail = zTail;
  return api_exit(db, rc);
}

int sqlite3_prepare(sqlite3 *db, const char *zSql, int nBytes, sqlite3_stmt **ppStmt,
                    const char **pzTail) {
  return api_prepare(db, zSql, nBytes, 0, ppStmt, pzTail);
}

int sqlite3_prepare_v2(sqlite3 *db, const char *zSql, int nBytes, sqlite3_stmt **ppStmt,
                       const char **pzTail) {
  return api_prepare(db, zSql, nBytes, VDBE_PREP_V2, ppStmt, pzTail);
}

int sqlite3_prepare_v3(sqlite3 *db, const char *zSql, int nBytes, unsigned int prepFlags,
                       sqlite3_stmt **ppStmt, const char **pzTail) {
  /* Only the documented SQLITE_PREPARE_* bits pass through. */
  u32 f = (prepFlags & (SQLITE_PREPARE_PERSISTENT | SQLITE_PREPARE_NORMALIZE |
                        SQLITE_PREPARE_NO_VTAB)) | VDBE_PREP_V2;
  return api_prepare(db, zSql, nBytes, f, ppStmt, pzTail);
}

/* UTF-16: compile a UTF-8 copy, then map the tail (invariant 2) by counting
** the UTF-16 units that encode the consumed UTF-8 prefix. */
static int api_prepare16(sqlite3 *db, const void *zSql, int nBytes, u32 prepFlags,
                         sqlite3_stmt **ppStmt, const void **pzTail) {
  if (ppStmt == NULL) return API_MISUSE();
  *ppStmt = NULL;
  if (pzTail != NULL) *pzTail = zSql;
  if (!api_db_ok(db) || zSql == NULL) return API_MISUSE();
  int n16 = 0;
  const u16 *a = zSql;
  if (nBytes < 0) {
    while (a[n16] != 0) n16++;
  } else {
    while (n16 < nBytes / 2 && a[n16] != 0) n16++;
  }
  char *z8 = api_utf16_to_utf8(zSql, n16 * 2);
  if (z8 == NULL) {
    api_enter(db);
    return api_exit(db, SQLITE_NOMEM);
  }
  const char *zTail8 = z8;
  int rc = api_prepare(db, z8, -1, prepFlags, ppStmt, &zTail8);
  if (pzTail != NULL) {
    const unsigned char *p = (const unsigned char *)z8, *pEnd = (const unsigned char *)zTail8;
    int nUnit = 0;
    while (p < pEnd) nUnit += utf8_decode(&p, pEnd) >= 0x10000 ? 2 : 1;
    *pzTail = a + nUnit;
  }
  mem_free(z8);
  return rc;
}

int sqlite3_prepare16(sqlite3 *db, const void *zSql, int nBytes, sqlite3_stmt **ppStmt,
                      const void **pzTail) {
  return api_prepare16(db, zSql, nBytes, 0, ppStmt, pzTail);
}

int sqlite3_prepare16_v2(sqlite3 *db, const void *zSql, int nBytes, sqlite3_stmt **ppStmt,
                         const void **pzTail) {
  return api_prepare16(db, zSql, nBytes, VDBE_PREP_V2, ppStmt, pzTail);
}

int sqlite3_prepare16_v3(sqlite3 *db, const void *zSql, int nBytes, unsigned int prepFlags,
                         sqlite3_stmt **ppStmt, const void **pzTail) {
  u32 f = (prepFlags & (SQLITE_PREPARE_PERSISTENT | SQLITE_PREPARE_NORMALIZE |
                        SQLITE_PREPARE_NO_VTAB)) | VDBE_PREP_V2;
  return api_prepare16(db, zSql, nBytes, f, ppStmt, pzTail);
}
