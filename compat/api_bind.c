/*
** api_bind.c: sqlite3_bind_* over the VM's binding API (engine/vdbe.h).
**
** Invariants:
**   1. Ownership: a destructor passed with text or blob runs exactly once,
**      also when the bind fails (vdbe.h: ownership passes to the call) --
**      except for a NULL statement, where SQLite also calls it.
**   2. Errors (SQLITE_RANGE, SQLITE_MISUSE for a running statement,
**      SQLITE_TOOBIG, SQLITE_NOMEM) are set on the connection and returned
**      through api_exit.
**
** References: c3ref/bind_blob.html, c3ref/bind_parameter_count.html,
** c3ref/clear_bindings.html.
*/
#include "compat/api.h"
#include "engine/vdbe.h"

/* Calls a destructor the caller handed us when we cannot pass it on. */
static int api_bind_drop(const void *z, void (*xDel)(void *), int rc) {
  if (z != NULL && xDel != NULL && xDel != SQLITE_STATIC && xDel != SQLITE_TRANSIENT) {
    xDel((void *)z);
  }
  return rc;
}

#define API_BIND_BEGIN(p) \
  if ((p) == NULL) return API_MISUSE(); \
  sqlite3 *db = vdbe_db(p); \
  api_enter(db)

int sqlite3_bind_blob64(sqlite3_stmt *p, int i, const void *z, sqlite3_uint64 n,
                        void (*xDel)(void *)) {
  if (p == NULL) return api_bind_drop(z, xDel, API_MISUSE());
  sqlite3 *db = vdbe_db(p);
  api_enter(db);
  int rc = z == NULL ? vdbe_bind_null(p, i) : vdbe_bind_blob(p, i, z, (i64)n, xDel);
  if (z == NULL) api_bind_drop(z, xDel, rc);
  return api_exit(db, rc);
}

int sqlite3_bind_blob(sqlite3_stmt *p, int i, const void *z, int n, void (*xDel)(void *)) {
  if (n < 0) return api_bind_drop(z, xDel, API_MISUSE());
  return sqlite3_bind_blob64(p, i, z, (sqlite3_uint64)n, xDel);
}

int sqlite3_bind_double(sqlite3_stmt *p, int i, double r) {
  API_BIND_BEGIN(p);
  return api_exit(db, vdbe_bind_double(p, i, r));
}

int sqlite3_bind_int64(sqlite3_stmt *p, int i, sqlite3_int64 v) {
  API_BIND_BEGIN(p);
  return api_exit(db, vdbe_bind_int64(p, i, v));
}

int sqlite3_bind_int(sqlite3_stmt *p, int i, int v) { return sqlite3_bind_int64(p, i, v); }

int sqlite3_bind_null(sqlite3_stmt *p, int i) {
  API_BIND_BEGIN(p);
  return api_exit(db, vdbe_bind_null(p, i));
}

static int api_bind_text(sqlite3_stmt *p, int i, const void *z, i64 n, void (*xDel)(void *),
                         u8 enc) {
  if (p == NULL) return api_bind_drop(z, xDel, API_MISUSE());
  sqlite3 *db = vdbe_db(p);
  api_enter(db);
  int rc;
  if (z == NULL) {
    rc = vdbe_bind_null(p, i);
    api_bind_drop(z, xDel, rc);
  } else {
    rc = vdbe_bind_text(p, i, z, n, xDel, enc);
  }
  return api_exit(db, rc);
}

int sqlite3_bind_text(sqlite3_stmt *p, int i, const char *z, int n, void (*xDel)(void *)) {
  return api_bind_text(p, i, z, n, xDel, SQLITE_UTF8);
}

int sqlite3_bind_text64(sqlite3_stmt *p, int i, const char *z, sqlite3_uint64 n,
                        void (*xDel)(void *), unsigned char enc) {
  if (enc == SQLITE_UTF16) enc = API_UTF16NATIVE;
  if (enc != SQLITE_UTF8 && enc != SQLITE_UTF16LE && enc != SQLITE_UTF16BE) {
    return api_bind_drop(z, xDel, API_MISUSE());
  }
  /* SQLite treats a length beyond 2^31 as "too big" rather than "up to NUL". */
  i64 nn = n > 0x7fffffffULL ? 0x7fffffffLL + 1 : (i64)n;
  return api_bind_text(p, i, z, nn, xDel, enc);
}

int sqlite3_bind_text16(sqlite3_stmt *p, int i, const void *z, int n, void (*xDel)(void *)) {
  return api_bind_text(p, i, z, n, xDel, API_UTF16NATIVE);
}

int sqlite3_bind_value(sqlite3_stmt *p, int i, const sqlite3_value *v) {
  API_BIND_BEGIN(p);
  int rc = v == NULL ? vdbe_bind_null(p, i) : vdbe_bind_value(p, i, v);
  return api_exit(db, rc);
}

int sqlite3_bind_pointer(sqlite3_stmt *p, int i, void *ptr, const char *zType,
                         void (*xDel)(void *)) {
  if (p == NULL) {
    if (xDel != NULL) xDel(ptr);
    return API_MISUSE();
  }
  sqlite3 *db = vdbe_db(p);
  api_enter(db);
  return api_exit(db, vdbe_bind_pointer(p, i, ptr, zType, xDel));
}

int sqlite3_bind_zeroblob64(sqlite3_stmt *p, int i, sqlite3_uint64 n) {
  API_BIND_BEGIN(p);
  int rc;
  if (n > (u64)db->aLimit[SQLITE_LIMIT_LENGTH]) {
    rc = conn_error(db, SQLITE_TOOBIG, NULL);
  } else {
    rc = vdbe_bind_zeroblob(p, i, (i64)n);
  }
  return api_exit(db, rc);
}

int sqlite3_bind_zeroblob(sqlite3_stmt *p, int i, int n) {
  return sqlite3_bind_zeroblob64(p, i, n < 0 ? 0 : (sqlite3_uint64)n);
}

int sqlite3_bind_parameter_count(sqlite3_stmt *p) {
  if (p == NULL) return 0;
  sqlite3 *db = vdbe_db(p);
  api_enter(db);
  int n = vdbe_bind_parameter_count(p);
  api_leave(db);
  return n;
}

const char *sqlite3_bind_parameter_name(sqlite3_stmt *p, int i) {
  if (p == NULL) return NULL;
  sqlite3 *db = vdbe_db(p);
  api_enter(db);
  const char *z = vdbe_bind_parameter_name(p, i);
  api_leave(db);
  return z;
}

int sqlite3_bind_parameter_index(sqlite3_stmt *p, const char *zName) {
  if (p == NULL || zName == NULL) return 0;
  sqlite3 *db = vdbe_db(p);
  api_enter(db);
  int i = vdbe_bind_parameter_index(p, zName);
  api_leave(db);
  return i;
}

int sqlite3_clear_bindings(sqlite3_stmt *p) {
  if (p == NULL) return SQLITE_OK;
  sqlite3 *db = vdbe_db(p);
  api_enter(db);
  int rc = vdbe_clear_bindings(p);
  api_leave(db);
  return rc;
}

int sqlite3_transfer_bindings(sqlite3_stmt *pFrom, sqlite3_stmt *pTo) {
  if (pFrom == NULL || pTo == NULL) return API_MISUSE();
  sqlite3 *db = vdbe_db(pFrom);
  if (vdbe_db(pTo) != db) return SQLITE_ERROR;
  int n = vdbe_bind_parameter_count(pFrom);
  if (n != vdbe_bind_parameter_count(pTo)) return SQLITE_ERROR;
  /* The VM exposes bound values only by re-reading them; without that
  ** accessor the transfer cannot be done faithfully. */
  return api_unsupported(db, SQLITE_ERROR, "sqlite3_transfer_bindings");
}
