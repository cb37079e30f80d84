/*
** buggy_shim.c: a stand-in "library under test" with a deliberately
** planted bug, to prove that diffrun finds wrong answers from random seeds.
** There is no SQLite source to plant a bug in (clean room), so the shim
** wraps the real library: it dlopens the system libsqlite3.so.0 and exports
** the sqlite3_* entry points diffrun calls, forwarding each one, with one
** behaviour changed according to BUGGY_SHIM_MODE:
**   1 (default)  sqlite3_column_int64 returns -v for a negative v (an
**                inverted sign test: the classic "one comparison inverted")
**   2            sqlite3_changes() reports one row too many when it is 3
**   3            sqlite3_step skips every row whose first column is the
**                integer 7 (a WHERE clause that drops rows)
**   4            sqlite3_column_int64 returns 255 for 256 (an off-by-one at a
**                serial-type boundary: a rarer bug than the others)
**   5            in statements whose text contains "NOT (", rows whose first
**                column is an integer 0 vanish (a wrong NOT: consistent
**                within each query, so only --tlp can see it without oracle)
**   0            no bug (a pure pass-through, for checking the shim itself)
**
** Invariants:
**   1. Every exported function forwards to the real library's function of
**      the same name; only the one selected by the mode alters a result.
**   2. The real library is resolved through its own dlopen handle, never by
**      name lookup in the global scope, so the shim cannot call itself.
** Build: gcc -shared -fPIC -o buggy_shim.so buggy_shim.c -ldl
*/
#include <dlfcn.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sqlite3.h"

#define SHIM_EXPORT __attribute__((visibility("default")))
#define SHIM_REAL "/lib/x86_64-linux-gnu/libsqlite3.so.0"

static void *g_pReal;   /* handle of the wrapped library */
static int g_mode = -1; /* BUGGY_SHIM_MODE, read once */

static void *real(const char *zSym) {
  if (g_pReal == NULL) {
    const char *z = getenv("BUGGY_SHIM_REAL");
    g_pReal = dlopen(z ? z : SHIM_REAL, RTLD_NOW | RTLD_LOCAL);
    if (g_pReal == NULL) { fprintf(stderr, "buggy_shim: %s\n", dlerror()); abort(); }
    const char *zMode = getenv("BUGGY_SHIM_MODE");
    g_mode = zMode ? atoi(zMode) : 1;
  }
  void *p = dlsym(g_pReal, zSym);
  if (p == NULL) { fprintf(stderr, "buggy_shim: no %s\n", zSym); abort(); }
  return p;
}

/* FWD(ret, name, params, args): a forwarding definition of sqlite3_<name>. */
#define FWD(ret, name, params, args)                          \
  SHIM_EXPORT ret sqlite3_##name params {                     \
    static ret(*x) params;                                    \
    if (x == NULL) *(void **)(&x) = real("sqlite3_" #name);   \
    return x args;                                            \
  }

FWD(int, open_v2, (const char *z, sqlite3 **pp, int f, const char *v), (z, pp, f, v))
FWD(int, close_v2, (sqlite3 *db), (db))
FWD(int, prepare_v2, (sqlite3 *db, const char *z, int n, sqlite3_stmt **pp, const char **pz),
    (db, z, n, pp, pz))
FWD(int, finalize, (sqlite3_stmt *p), (p))
FWD(int, column_count, (sqlite3_stmt *p), (p))
FWD(const char *, column_name, (sqlite3_stmt *p, int i), (p, i))
FWD(int, column_type, (sqlite3_stmt *p, int i), (p, i))
FWD(double, column_double, (sqlite3_stmt *p, int i), (p, i))
FWD(const unsigned char *, column_text, (sqlite3_stmt *p, int i), (p, i))
FWD(const void *, column_blob, (sqlite3_stmt *p, int i), (p, i))
FWD(int, column_bytes, (sqlite3_stmt *p, int i), (p, i))
FWD(int, extended_errcode, (sqlite3 *db), (db))
FWD(const char *, errmsg, (sqlite3 *db), (db))
FWD(const char *, errstr, (int rc), (rc))
FWD(sqlite3_int64, last_insert_rowid, (sqlite3 *db), (db))
FWD(int, get_autocommit, (sqlite3 *db), (db))
FWD(int, extended_result_codes, (sqlite3 *db, int on), (db, on))
FWD(char *, vmprintf, (const char *z, va_list ap), (z, ap))
FWD(void, free, (void *p), (p))
FWD(int, complete, (const char *z), (z))

SHIM_EXPORT char *sqlite3_mprintf(const char *zFmt, ...) {
  va_list ap;
  va_start(ap, zFmt);
  char *z = sqlite3_vmprintf(zFmt, ap);
  va_end(ap);
  return z;
}

/* Mode 1: the planted inverted sign test; mode 4: 256 reads as 255. */
SHIM_EXPORT sqlite3_int64 sqlite3_column_int64(sqlite3_stmt *p, int i) {
  static sqlite3_int64 (*x)(sqlite3_stmt *, int);
  if (x == NULL) *(void **)(&x) = real("sqlite3_column_int64");
  sqlite3_int64 v = x(p, i);
  if (g_mode == 4 && v == 256) return 255;
  return (g_mode == 1 && v < 0 && v != INT64_MIN) ? -v : v;
}

/* Mode 2: changes() off by one at exactly 3. */
SHIM_EXPORT int sqlite3_changes(sqlite3 *db) {
  static int (*x)(sqlite3 *);
  if (x == NULL) *(void **)(&x) = real("sqlite3_changes");
  int n = x(db);
  return (g_mode == 2 && n == 3) ? 4 : n;
}

/* Mode 3: rows whose first column is the integer 7 vanish; mode 5: rows
** whose first column is 0 vanish from statements containing "NOT (". */
SHIM_EXPORT int sqlite3_step(sqlite3_stmt *p) {
  static int (*x)(sqlite3_stmt *);
  static int (*xType)(sqlite3_stmt *, int);
  static sqlite3_int64 (*xInt)(sqlite3_stmt *, int);
  static const char *(*xSql)(sqlite3_stmt *);
  if (x == NULL) {
    *(void **)(&x) = real("sqlite3_step");
    *(void **)(&xType) = real("sqlite3_column_type");
    *(void **)(&xInt) = real("sqlite3_column_int64");
    *(void **)(&xSql) = real("sqlite3_sql");
  }
  int rc = x(p);
  sqlite3_int64 iDrop = (g_mode == 3) ? 7 : 0;
  int bDrop = g_mode == 3 || (g_mode == 5 && xSql(p) && strstr(xSql(p), "NOT (") != NULL);
  while (bDrop && rc == SQLITE_ROW && xType(p, 0) == SQLITE_INTEGER && xInt(p, 0) == iDrop) {
    rc = x(p);
  }
  return rc;
}
