/*
** api_blob.c: incremental BLOB I/O (sqlite3_blob_*), built on SQL.
**
** The VM has no blob cursor yet, so a blob handle remembers (database,
** table, column, rowid) and each read or write runs a small statement:
** reads fetch the value, writes fetch it, patch the bytes and store the
** whole value back with UPDATE (the size never changes, as the API
** requires).  Checks at open follow SQLite's: the table and column exist
** ("no such table: main.t", "no such column: \"x\""), no views, the row
** exists ("no such rowid: N"), the value is TEXT or BLOB ("cannot open
** value of type integer"), and a column used by an index cannot be opened
** for writing ("cannot open indexed column for writing").
**
** Invariants:
**   1. nByte is the size of the value when the handle was (re)opened; a
**      read or write beyond it is SQLITE_ERROR and changes nothing.
**   2. A handle whose row has disappeared is expired: reads and writes
**      return SQLITE_ABORT, as SQLite's do after the row changes.
**   3. Every statement prepared here is finalized before the call returns.
**
** References: c3ref/blob_open.html, c3ref/blob_read.html,
** c3ref/blob_write.html, c3ref/blob_reopen.html.
*/
#include "compat/api.h"
#include "engine/schema.h"

struct sqlite3_blob {
  sqlite3 *db;         /* owning connection */
  char *zSelect;       /* SELECT of the value by rowid (mem_malloc'd) */
  char *zUpdate;       /* UPDATE of the value by rowid (mem_malloc'd) */
  i64 iRow;            /* current row */
  int nByte;           /* invariant 1 */
  int eType;           /* SQLITE_TEXT or SQLITE_BLOB */
  int bWrite;          /* opened for writing */
  int bExpired;        /* invariant 2 */
};

/* Runs p's SELECT for iRow; on a row, hands back type, size and (if pOut
** is not NULL) copies the whole value into a new buffer *ppOut. */
static int api_blob_fetch(sqlite3_blob *p, i64 iRow, int *peType, int *pnByte, u8 **ppOut) {
  sqlite3_stmt *pStmt = NULL;
  int rc = sqlite3_prepare_v2(p->db, p->zSelect, -1, &pStmt, NULL);
  if (rc != SQLITE_OK) return rc;
  sqlite3_bind_int64(pStmt, 1, iRow);
  rc = sqlite3_step(pStmt);
  if (rc == SQLITE_ROW) {
    *peType = sqlite3_column_type(pStmt, 0);
    *pnByte = sqlite3_column_bytes(pStmt, 0);
    if (ppOut != NULL) {
      *ppOut = mem_malloc((u64)*pnByte + 1);
      if (*ppOut == NULL) rc = SQLITE_NOMEM;
      else if (*pnByte > 0) memcpy(*ppOut, sqlite3_column_blob(pStmt, 0), (size_t)*pnByte);
    }
    if (rc == SQLITE_ROW) rc = SQLITE_OK;
  } else if (rc == SQLITE_DONE) {
    rc = SQLITE_NOTFOUND;  /* no such row */
  }
  sqlite3_finalize(pStmt);  /* invariant 3 */
  return rc;
}

/* Positions p on iRow, with SQLite's error messages for a bad row. */
static int api_blob_seek(sqlite3_blob *p, i64 iRow) {
  static const char *const azType[] = {"", "integer", "real", "text", "blob", "null"};
  int eType = SQLITE_NULL, nByte = 0;
  int rc = api_blob_fetch(p, iRow, &eType, &nByte, NULL);
  if (rc == SQLITE_NOTFOUND) {
    return conn_error(p->db, SQLITE_ERROR, "no such rowid: %lld", (long long)iRow);
  }
  if (rc != SQLITE_OK) return rc;
  if (eType != SQLITE_TEXT && eType != SQLITE_BLOB) {
    return conn_error(p->db, SQLITE_ERROR, "cannot open value of type %s", azType[eType]);
  }
  p->iRow = iRow;
  p->eType = eType;
  p->nByte = nByte;
  p->bExpired = 0;
  return SQLITE_OK;
}

/* Schema checks of blob_open; builds the statements on success. */
static int api_blob_prepare(sqlite3_blob *p, const char *zDb, const char *zTable,
                            const char *zColumn) {
  sqlite3 *db = p->db;
  char *zErr = NULL;
  int iDb = conn_find_db(db, zDb);
  int rc = iDb < 0 ? SQLITE_OK : schema_ensure(db, iDb, &zErr);
  if (rc != SQLITE_OK) return zErr ? conn_error_take(db, rc, zErr) : conn_error(db, rc, NULL);
  Table *pTab = iDb < 0 ? NULL : schema_find_table(db, zDb, zTable);
  if (pTab == NULL) return conn_error(db, SQLITE_ERROR, "no such table: %s.%s", zDb, zTable);
  if (pTab->eType == TAB_VIEW) return conn_error(db, SQLITE_ERROR, "cannot open view: %s", zTable);
  if (pTab->bWithoutRowid) {
    return conn_error(db, SQLITE_ERROR, "cannot open table without rowid: %s", zTable);
  }
  int iCol = schema_column_index(pTab, zColumn);
  if (iCol < 0) return conn_error(db, SQLITE_ERROR, "no such column: \"%s\"", zColumn);
  for (Index *pIdx = pTab->pIndex; p->bWrite && pIdx != NULL; pIdx = pIdx->pNext) {
    for (int i = 0; i < pIdx->nKeyCol; i++) {
      if (pIdx->aiColumn[i] == iCol) {
        return conn_error(db, SQLITE_ERROR, "cannot open indexed column for writing");
      }
    }
  }
  p->zSelect = sqlite3_mprintf("SELECT \"%w\" FROM \"%w\".\"%w\" WHERE rowid = ?", zColumn, zDb,
                              zTable);
  p->zUpdate = sqlite3_mprintf("UPDATE \"%w\".\"%w\" SET \"%w\" = ?1 WHERE rowid = ?2", zDb, zTable,
                              zColumn);
  if (p->zSelect == NULL || p->zUpdate == NULL) return conn_error(db, SQLITE_NOMEM, NULL);
  return SQLITE_OK;
}

int sqlite3_blob_open(sqlite3 *db, const char *zDb, const char *zTable, const char *zColumn,
                      sqlite3_int64 iRow, int flags, sqlite3_blob **ppBlob) {
  if (ppBlob == NULL) return API_MISUSE();
  *ppBlob = NULL;
  if (!api_db_ok(db) || zTable == NULL || zColumn == NULL) return API_MISUSE();
  if (zDb == NULL) zDb = "main";
  api_enter(db);
  sqlite3_blob *p = mem_zalloc(sizeof(*p));
  if (p == NULL) return api_exit(db, SQLITE_NOMEM);
  p->db = db;
  p->bWrite = flags != 0;
  int rc = api_blob_prepare(p, zDb, zTable, zColumn);
  if (rc == SQLITE_OK) rc = api_blob_seek(p, iRow);
  if (rc != SQLITE_OK) {
    mem_free(p->zSelect);
    mem_free(p->zUpdate);
    mem_free(p);
    return api_exit(db, rc);
  }
  conn_error_clear(db);
  *ppBlob = p;
  return api_exit(db, SQLITE_OK);
}

int sqlite3_blob_bytes(sqlite3_blob *p) { return p == NULL || p->bExpired ? 0 : p->nByte; }

int sqlite3_blob_close(sqlite3_blob *p) {
  if (p == NULL) return SQLITE_OK;
  mem_free(p->zSelect);
  mem_free(p->zUpdate);
  mem_free(p);
  return SQLITE_OK;
}

/* Common checks of read and write (invariants 1 and 2). */
static int api_blob_check(sqlite3_blob *p, int n, int iOffset) {
  if (p->bExpired) return conn_error(p->db, SQLITE_ABORT, NULL);
  if (n < 0 || iOffset < 0 || (i64)iOffset + n > p->nByte) {
    return conn_error(p->db, SQLITE_ERROR, NULL);
  }
  return SQLITE_OK;
}

int sqlite3_blob_read(sqlite3_blob *p, void *Z, int N, int iOffset) {
  if (p == NULL || Z == NULL) return API_MISUSE();
  api_enter(p->db);
  int rc = api_blob_check(p, N, iOffset);
  u8 *a = NULL;
  int eType = 0, nByte = 0;
  if (rc == SQLITE_OK) rc = api_blob_fetch(p, p->iRow, &eType, &nByte, &a);
  if (rc == SQLITE_NOTFOUND || (rc == SQLITE_OK && nByte != p->nByte)) {
    p->bExpired = 1;  /* the row went away or changed size: invariant 2 */
    rc = conn_error(p->db, SQLITE_ABORT, NULL);
  }
  if (rc == SQLITE_OK && N > 0) memcpy(Z, a + iOffset, (size_t)N);
  mem_free(a);
  return api_exit(p->db, rc);
}

int sqlite3_blob_write(sqlite3_blob *p, const void *z, int n, int iOffset) {
  if (p == NULL || z == NULL) return API_MISUSE();
  api_enter(p->db);
  int rc = p->bWrite ? api_blob_check(p, n, iOffset) : conn_error(p->db, SQLITE_READONLY, NULL);
  u8 *a = NULL;
  int eType = 0, nByte = 0;
  if (rc == SQLITE_OK) rc = api_blob_fetch(p, p->iRow, &eType, &nByte, &a);
  if (rc == SQLITE_NOTFOUND || (rc == SQLITE_OK && nByte != p->nByte)) {
    p->bExpired = 1;
    rc = conn_error(p->db, SQLITE_ABORT, NULL);
  }
  if (rc == SQLITE_OK) {
    memcpy(a + iOffset, z, (size_t)n);
    sqlite3_stmt *pStmt = NULL;
    rc = sqlite3_prepare_v2(p->db, p->zUpdate, -1, &pStmt, NULL);
    if (rc == SQLITE_OK) {
      if (eType == SQLITE_TEXT) sqlite3_bind_text(pStmt, 1, (char *)a, nByte, SQLITE_STATIC);
      else sqlite3_bind_blob(pStmt, 1, a, nByte, SQLITE_STATIC);
      sqlite3_bind_int64(pStmt, 2, p->iRow);
      rc = sqlite3_step(pStmt);
      if (rc == SQLITE_DONE) rc = SQLITE_OK;
      int rc2 = sqlite3_finalize(pStmt);  /* invariant 3 */
      if (rc == SQLITE_OK) rc = rc2;
    }
  }
  mem_free(a);
  return api_exit(p->db, rc);
}

int sqlite3_blob_reopen(sqlite3_blob *p, sqlite3_int64 iRow) {
  if (p == NULL) return API_MISUSE();
  api_enter(p->db);
  int rc = api_blob_seek(p, iRow);
  if (rc != SQLITE_OK) p->bExpired = 1;
  return api_exit(p->db, rc);
}
