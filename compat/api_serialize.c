/*
** api_serialize.c: sqlite3_serialize and sqlite3_deserialize over
** engine/conn.c (conn_serialize, conn_deserialize).
**
** Invariants:
**   1. serialize hands out a copy (sqlite3_malloc'd); SQLITE_SERIALIZE_NOCOPY
**      asks for the database's own memory, which we never have as one
**      block, so it yields NULL (allowed by the documentation).
**   2. deserialize copies the image into a fresh in-memory database; with
**      SQLITE_DESERIALIZE_FREEONCLOSE the caller's buffer is freed at once,
**      on every path (ownership passed to the call).
**   3. deserialize refuses while a statement of the connection runs
**      (SQLITE_BUSY); an open transaction on the target is dropped with the
**      old file, as in SQLite.
**
** References: c3ref/serialize.html, c3ref/deserialize.html.
*/
#include "compat/api.h"
#include "engine/btree.h"

unsigned char *sqlite3_serialize(sqlite3 *db, const char *zSchema, sqlite3_int64 *piSize,
                                 unsigned int mFlags) {
  if (piSize != NULL) *piSize = -1;
  if (!api_db_ok(db)) {
    API_MISUSE();
    return NULL;
  }
  if (mFlags & SQLITE_SERIALIZE_NOCOPY) return NULL;  /* invariant 1 */
  api_enter(db);
  int iDb = conn_find_db(db, zSchema ? zSchema : "main");
  u8 *a = NULL;
  i64 n = 0;
  if (iDb >= 0 && db->aDb[iDb].pBt != NULL) {
    int rc = conn_serialize(db, iDb, &a, &n);
    if (rc == SQLITE_NOMEM) db->mallocFailed = 1;
    if (rc == SQLITE_OK && piSize != NULL && a != NULL) *piSize = n;
  }
  api_exit(db, SQLITE_OK);
  return a;
}

int sqlite3_deserialize(sqlite3 *db, const char *zSchema, unsigned char *pData,
                        sqlite3_int64 szDb, sqlite3_int64 szBuf, unsigned mFlags) {
  UNUSED(szBuf);  /* the copy grows as needed: the spare room is not used */
  if (!api_db_ok(db) || szDb < 0 || (pData == NULL && szDb > 0)) {
    if (mFlags & SQLITE_DESERIALIZE_FREEONCLOSE) sqlite3_free(pData);
    return API_MISUSE();
  }
  api_enter(db);
  int iDb = conn_find_db(db, zSchema ? zSchema : "main");
  int rc;
  if (iDb < 0 || db->aDb[iDb].pBt == NULL) {
    conn_error_clear(db);  /* SQLite fails here without recording an error */
    rc = SQLITE_ERROR;
  } else if (db->nVdbeActive > 0) {
    rc = conn_error(db, SQLITE_BUSY, NULL);  /* invariant 3 */
  } else {
    rc = conn_deserialize(db, iDb, pData, szDb);
    if (rc == SQLITE_OK) conn_error_clear(db);
    else conn_error(db, rc, NULL);
  }
  if (mFlags & SQLITE_DESERIALIZE_FREEONCLOSE) sqlite3_free(pData);  /* invariant 2 */
  return api_exit(db, rc);
}
