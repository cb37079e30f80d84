/*
** api_column.c: sqlite3_column_* (result values and result metadata) over
** the VM's statement API (engine/vdbe.h).
**
** Invariants:
**   1. A column index out of range, or a call with no current row, yields
**      the NULL defaults (NULL pointer, 0, 0.0, SQLITE_NULL) and sets
**      SQLITE_RANGE on the connection, as SQLite does.
**   2. Value pointers come from vdbe_column_value and follow its lifetime
**      (valid until the next step/reset/finalize: vdbe.h invariant 3).
**   3. UTF-16 names are converted on demand into a per-thread ring of
**      buffers (the VM's name table is UTF-8 and not ours to extend).
**
** References: c3ref/column_blob.html, c3ref/column_name.html,
** c3ref/column_decltype.html, c3ref/column_database_name.html.
*/
#include "compat/api.h"
#include "engine/vdbe.h"

/* A NULL the getters return for out-of-range columns.  Per thread, since
** it is reset on each use under different connections' mutexes. */
static _Thread_local sqlite3_value api_nullValue = {.flags = VAL_NULL};

/* Enters the statement's connection and fetches column i (invariant 1).
** Returns NULL when pStmt is NULL; otherwise the caller must api_col_done. */
static Value *api_col(sqlite3_stmt *pStmt, int i) {
  if (pStmt == NULL) return NULL;
  sqlite3 *db = vdbe_db(pStmt);
  api_enter(db);
  Value *v = vdbe_column_value(pStmt, i);
  if (v == NULL) {
    conn_error(db, SQLITE_RANGE, NULL);
    /* The reset-to-zero copy keeps api_nullValue pristine even if a caller
    ** converts it. */
    api_nullValue = (sqlite3_value){.flags = VAL_NULL};
    v = &api_nullValue;
  }
  return v;
}

static void api_col_done(sqlite3_stmt *pStmt) {
  sqlite3 *db = vdbe_db(pStmt);
  if (db->mallocFailed) {
    db->mallocFailed = 0;
    conn_error(db, SQLITE_NOMEM, NULL);
  }
  api_leave(db);
}

const void *sqlite3_column_blob(sqlite3_stmt *p, int i) {
  Value *v = api_col(p, i);
  if (v == NULL) return NULL;
  const void *z = sqlite3_value_blob(v);
  api_col_done(p);
  return z;
}

int sqlite3_column_bytes(sqlite3_stmt *p, int i) {
  Value *v = api_col(p, i);
  if (v == NULL) return 0;
  int n = sqlite3_value_bytes(v);
  api_col_done(p);
  return n;
}

int sqlite3_column_bytes16(sqlite3_stmt *p, int i) {
  Value *v = api_col(p, i);
  if (v == NULL) return 0;
  int n = sqlite3_value_bytes16(v);
  api_col_done(p);
  return n;
}

double sqlite3_column_double(sqlite3_stmt *p, int i) {
  Value *v = api_col(p, i);
  if (v == NULL) return 0.0;
  double r = sqlite3_value_double(v);
  api_col_done(p);
  return r;
}

int sqlite3_column_int(sqlite3_stmt *p, int i) {
  Value *v = api_col(p, i);
  if (v == NULL) return 0;
  int r = sqlite3_value_int(v);
  api_col_done(p);
  return r;
}

sqlite3_int64 sqlite3_column_int64(sqlite3_stmt *p, int i) {
  Value *v = api_col(p, i);
  if (v == NULL) return 0;
  i64 r = sqlite3_value_int64(v);
  api_col_done(p);
  return r;
}

const unsigned char *sqlite3_column_text(sqlite3_stmt *p, int i) {
  Value *v = api_col(p, i);
  if (v == NULL) return NULL;
  const unsigned char *z = sqlite3_value_text(v);
  api_col_done(p);
  return z;
}

const void *sqlite3_column_text16(sqlite3_stmt *p, int i) {
  Value *v = api_col(p, i);
  if (v == NULL) return NULL;
  const void *z = sqlite3_value_text16(v);
  api_col_done(p);
  return z;
}

int sqlite3_column_type(sqlite3_stmt *p, int i) {
  Value *v = api_col(p, i);
  if (v == NULL) return SQLITE_NULL;
  int t = sqlite3_value_type(v);
  api_col_done(p);
  return t;
}

sqlite3_value *sqlite3_column_value(sqlite3_stmt *p, int i) {
  Value *v = api_col(p, i);
  if (v == NULL) return NULL;
  api_col_done(p);
  return v;
}

int sqlite3_column_count(sqlite3_stmt *p) {
  if (p == NULL) return 0;
  sqlite3 *db = vdbe_db(p);
  api_enter(db);
  int n = vdbe_column_count(p);
  api_leave(db);
  return n;
}

int sqlite3_data_count(sqlite3_stmt *p) {
  if (p == NULL) return 0;
  sqlite3 *db = vdbe_db(p);
  api_enter(db);
  int n = vdbe_data_count(p);
  api_leave(db);
  return n;
}

/* ---- names and metadata ---- */

static const char *api_colname(sqlite3_stmt *p, int i, int which) {
  if (p == NULL) return NULL;
  sqlite3 *db = vdbe_db(p);
  api_enter(db);
  const char *z = vdbe_column_name(p, i, which);
  api_leave(db);
  return z;
}

/* UTF-16 names: converted on demand and cached in a small per-thread ring,
** which covers the documented lifetime for the common calling patterns
** (use the name before asking for many others). */
static const void *api_colname16(sqlite3_stmt *p, int i, int which) {
  static _Thread_local void *aRing[64];
  static _Thread_local int iRing;
  const char *z = api_colname(p, i, which);
  if (z == NULL) return NULL;
  void *z16 = api_utf8_to_utf16(z, -1, NULL);
  if (z16 == NULL) return NULL;
  iRing = (iRing + 1) % ARRAY_SIZE(aRing);
  mem_free(aRing[iRing]);
  aRing[iRing] = z16;
  return z16;
}

const char *sqlite3_column_name(sqlite3_stmt *p, int i) { return api_colname(p, i, COLNAME_NAME); }
const void *sqlite3_column_name16(sqlite3_stmt *p, int i) {
  return api_colname16(p, i, COLNAME_NAME);
}
const char *sqlite3_column_decltype(sqlite3_stmt *p, int i) {
  return api_colname(p, i, COLNAME_DECLTYPE);
}
const void *sqlite3_column_decltype16(sqlite3_stmt *p, int i) {
  return api_colname16(p, i, COLNAME_DECLTYPE);
}
const char *sqlite3_column_database_name(sqlite3_stmt *p, int i) {
  return api_colname(p, i, COLNAME_DATABASE);
}
const void *sqlite3_column_database_name16(sqlite3_stmt *p, int i) {
  return api_colname16(p, i, COLNAME_DATABASE);
}
const char *sqlite3_column_table_name(sqlite3_stmt *p, int i) {
  return api_colname(p, i, COLNAME_TABLE);
}
const void *sqlite3_column_table_name16(sqlite3_stmt *p, int i) {
  return api_colname16(p, i, COLNAME_TABLE);
}
const char *sqlite3_column_origin_name(sqlite3_stmt *p, int i) {
  return api_colname(p, i, COLNAME_COLUMN);
}
const void *sqlite3_column_origin_name16(sqlite3_stmt *p, int i) {
  return api_colname16(p, i, COLNAME_COLUMN);
}
