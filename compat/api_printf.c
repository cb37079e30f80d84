/*
** api_printf.c: sqlite3_mprintf & co. and the sqlite3_str object, thin
** wrappers over the engine's formatter (engine/printf.h).
**
** Invariants:
**   1. Strings returned by sqlite3_mprintf/vmprintf/str_finish come from
**      mem_malloc, so sqlite3_free releases them (api_mem.c invariant 1).
**   2. sqlite3_snprintf with n <= 0 writes nothing and returns zBuf.
**
** References: printf.html, c3ref/mprintf.html, c3ref/str_append.html,
** c3ref/str_new.html.
*/
#include "compat/api.h"
#include "engine/printf.h"

char *sqlite3_vmprintf(const char *zFmt, va_list ap) {
  if (zFmt == NULL || api_auto_init() != SQLITE_OK) return NULL;
  return str_vmprintf(zFmt, ap);
}

char *sqlite3_mprintf(const char *zFmt, ...) {
  va_list ap;
  va_start(ap, zFmt);
  char *z = sqlite3_vmprintf(zFmt, ap);
  va_end(ap);
  return z;
}

char *sqlite3_vsnprintf(int n, char *zBuf, const char *zFmt, va_list ap) {
  if (n <= 0 || zBuf == NULL || zFmt == NULL) return zBuf;  /* invariant 2 */
  return str_vsnprintf(n, zBuf, zFmt, ap);
}

char *sqlite3_snprintf(int n, char *zBuf, const char *zFmt, ...) {
  va_list ap;
  va_start(ap, zFmt);
  char *z = sqlite3_vsnprintf(n, zBuf, zFmt, ap);
  va_end(ap);
  return z;
}

sqlite3_str *sqlite3_str_new(sqlite3 *db) { return str_new(api_db_ok(db) ? db : NULL); }
char *sqlite3_str_finish(sqlite3_str *p) { return p == NULL ? NULL : str_finish(p); }

void sqlite3_str_appendf(sqlite3_str *p, const char *zFmt, ...) {
  if (p == NULL || zFmt == NULL) return;
  va_list ap;
  va_start(ap, zFmt);
  str_vappendf(p, zFmt, ap);
  va_end(ap);
}

void sqlite3_str_vappendf(sqlite3_str *p, const char *zFmt, va_list ap) {
  if (p != NULL && zFmt != NULL) str_vappendf(p, zFmt, ap);
}

void sqlite3_str_append(sqlite3_str *p, const char *z, int n) {
  if (p != NULL && z != NULL && n > 0) str_append(p, z, n);
}

void sqlite3_str_appendall(sqlite3_str *p, const char *z) {
  if (p != NULL && z != NULL) str_appendall(p, z);
}

void sqlite3_str_appendchar(sqlite3_str *p, int n, char c) {
  if (p != NULL && n > 0) str_appendchar(p, n, c);
}

void sqlite3_str_reset(sqlite3_str *p) {
  if (p != NULL) str_reset(p);
}

int sqlite3_str_errcode(sqlite3_str *p) { return p == NULL ? SQLITE_NOMEM : str_errcode(p); }
int sqlite3_str_length(sqlite3_str *p) { return p == NULL ? 0 : str_length(p); }
char *sqlite3_str_value(sqlite3_str *p) { return p == NULL ? NULL : str_value(p); }
