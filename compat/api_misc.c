/*
** api_misc.c: connection armor shared by every compat/ file, and the small
** exported functions that read or set connection state: error codes and
** messages, change counters, version information, string helpers,
** keywords, sqlite3_complete.
**
** Invariants:
**   1. A function handed a NULL or closed connection never dereferences
**      more than its magic number; it returns SQLITE_MISUSE (or the value
**      SQLite documents for that case).
**   2. api_exit() is the only place that turns OOM into SQLITE_NOMEM and
**      applies errMask (api.h invariant 3).
**
** References: c3ref/errcode.html, c3ref/changes.html, c3ref/libversion.html,
** c3ref/stricmp.html, c3ref/strglob.html, c3ref/strlike.html,
** c3ref/keyword_check.html, c3ref/complete.html.
*/
#include "compat/api.h"
#include "engine/tokenize.h"
#include "engine/parse.h"
#include "engine/func.h"
#include <stdio.h>

/* ---- armor --------------------------------------------------------- */

int api_db_ok(sqlite3 *db) {
  return db != NULL && db->magic == CONN_MAGIC_OPEN;
}

int api_db_sick_ok(sqlite3 *db) {
  return db != NULL && (db->magic == CONN_MAGIC_OPEN || db->magic == CONN_MAGIC_ZOMBIE ||
                        db->magic == CONN_MAGIC_BUSY);
}

void api_enter(sqlite3 *db) {
  ASSERT(db != NULL);
  ASSERT(api_db_sick_ok(db));  /* callers armor first (invariant 1) */
  pthread_mutex_lock(&db->mutex);
}

void api_leave(sqlite3 *db) {
  ASSERT(db != NULL);
  pthread_mutex_unlock(&db->mutex);
}

int api_exit(sqlite3 *db, int rc) {
  ASSERT(db != NULL);
  if (db->mallocFailed || rc == SQLITE_NOMEM) {
    /* An OOM anywhere in the call wins over whatever happened after it;
    ** the flag is per call (conn_error_take raises it again for NOMEM). */
    conn_error(db, SQLITE_NOMEM, NULL);
    db->mallocFailed = 0;
    rc = SQLITE_NOMEM;
  }
  ASSERT(db->mallocFailed == 0);
  ASSERT(db->errMask == 0xff || db->errMask == -1);
  rc &= db->errMask;
  api_leave(db);
  return rc;
}

int api_misuse(int iLine) {
  if (core_log_enabled()) {
    char z[64];
    snprintf(z, sizeof(z), "misuse at line %d of [sqlite-ng]", iLine);
    core_log(SQLITE_MISUSE, z);
  }
  return SQLITE_MISUSE;
}

int api_unsupported(sqlite3 *db, int rc, const char *zApi) {
  if (api_db_ok(db)) {
    api_enter(db);
    conn_error(db, rc, "%s is not supported yet", zApi);
    api_leave(db);
  }
  return rc;
}

/* ---- UTF-16 (native order) <-> UTF-8 ------------------------------- */

char *api_utf16_to_utf8(const void *z, int nByte) {
  if (z == NULL) return NULL;
  const u16 *a = z;
  int n = 0;
  if (nByte < 0) {
    while (a[n] != 0) n++;
  } else {
    n = nByte / 2;
  }
  char *zOut = mem_malloc((u64)n * 3 + 1);
  if (zOut == NULL) return NULL;
  int j = 0;
  for (int i = 0; i < n; i++) {
    u32 c = a[i];
    if (c >= 0xd800 && c < 0xdc00 && i + 1 < n && a[i + 1] >= 0xdc00 && a[i + 1] < 0xe000) {
      c = 0x10000 + ((c - 0xd800) << 10) + (a[i + 1] - 0xdc00);
      i++;
    }
    j += utf8_encode((unsigned char *)zOut + j, c);
  }
  zOut[j] = 0;
  return zOut;
}

void *api_utf8_to_utf16(const char *z, int nByte, int *pnOut) {
  if (z == NULL) return NULL;
  if (nByte < 0) nByte = (int)strlen(z);
  u16 *aOut = mem_malloc((u64)nByte * 2 + 2);
  if (aOut == NULL) return NULL;
  const unsigned char *p = (const unsigned char *)z, *pEnd = p + nByte;
  int j = 0;
  while (p < pEnd) {
    u32 c = (u32)utf8_decode(&p, pEnd);
    if (c >= 0x10000) {
      aOut[j++] = (u16)(0xd800 + ((c - 0x10000) >> 10));
      aOut[j++] = (u16)(0xdc00 + ((c - 0x10000) & 0x3ff));
    } else {
      aOut[j++] = (u16)c;
    }
  }
  aOut[j] = 0;
  if (pnOut != NULL) *pnOut = j * 2;
  return aOut;
}

/* ---- errors --------------------------------------------------------- */

int sqlite3_errcode(sqlite3 *db) {
  if (db != NULL && !api_db_sick_ok(db)) return API_MISUSE();
  if (db == NULL || db->mallocFailed) return SQLITE_NOMEM;
  return db->errCode & db->errMask;
}

int sqlite3_extended_errcode(sqlite3 *db) {
  if (db != NULL && !api_db_sick_ok(db)) return API_MISUSE();
  if (db == NULL || db->mallocFailed) return SQLITE_NOMEM;
  return db->errCode;
}

const char *sqlite3_errmsg(sqlite3 *db) {
  if (db == NULL) return conn_errstr(SQLITE_NOMEM);
  if (!api_db_sick_ok(db)) return conn_errstr(API_MISUSE());
  api_enter(db);
  const char *z = conn_errmsg(db);
  api_leave(db);
  return z;
}

/* The UTF-16 message is cached in a buffer hung off the connection's error
** text: we keep it in a small static per-thread slot, as the documented
** lifetime ends at the next API call on the connection anyway. */
const void *sqlite3_errmsg16(sqlite3 *db) {
  static _Thread_local void *pCache = NULL;
  mem_free(pCache);
  pCache = api_utf8_to_utf16(sqlite3_errmsg(db), -1, NULL);
  return pCache;
}

const char *sqlite3_errstr(int rc) { return conn_errstr(rc); }

int sqlite3_error_offset(sqlite3 *db) {
  if (!api_db_ok(db)) return -1;
  api_enter(db);
  int iOff = db->errCode != SQLITE_OK ? db->errOffset : -1;
  api_leave(db);
  return iOff;
}

int sqlite3_extended_result_codes(sqlite3 *db, int onoff) {
  if (!api_db_ok(db)) return API_MISUSE();
  api_enter(db);
  db->errMask = onoff ? -1 : 0xff;
  api_leave(db);
  return SQLITE_OK;
}

int sqlite3_system_errno(sqlite3 *db) {
  UNUSED(db);
  return 0;
}

/* ---- counters ------------------------------------------------------- */

sqlite3_int64 sqlite3_changes64(sqlite3 *db) {
  if (!api_db_ok(db)) return 0;
  return db->nChange;
}

int sqlite3_changes(sqlite3 *db) { return (int)sqlite3_changes64(db); }

sqlite3_int64 sqlite3_total_changes64(sqlite3 *db) {
  if (!api_db_ok(db)) return 0;
  return db->nTotalChange;
}

int sqlite3_total_changes(sqlite3 *db) { return (int)sqlite3_total_changes64(db); }

sqlite3_int64 sqlite3_last_insert_rowid(sqlite3 *db) {
  if (!api_db_ok(db)) return 0;
  return db->lastRowid;
}

void sqlite3_set_last_insert_rowid(sqlite3 *db, sqlite3_int64 iRowid) {
  if (!api_db_ok(db)) return;
  api_enter(db);
  db->lastRowid = iRowid;
  api_leave(db);
}

int sqlite3_get_autocommit(sqlite3 *db) {
  if (!api_db_ok(db)) return 0;
  return db->autoCommit;
}

void sqlite3_interrupt(sqlite3 *db) {
  /* No mutex: interrupt is meant to be called from another thread while
  ** the connection is busy. */
  if (db == NULL || (db->magic != CONN_MAGIC_OPEN && db->magic != CONN_MAGIC_ZOMBIE)) return;
  db->isInterrupted = 1;
}

/* ---- version --------------------------------------------------------- */

SQLITE_API const char sqlite3_version[] = "3.40.1";
SQLITE_API char *sqlite3_temp_directory = NULL;
SQLITE_API char *sqlite3_data_directory = NULL;

const char *sqlite3_libversion(void) { return sqlite3_version; }
int sqlite3_libversion_number(void) { return 3040001; }

/* SQLite's 60-character id plus our mark (see conn_source_id). */
const char *sqlite3_sourceid(void) { return conn_source_id(); }

int sqlite3_threadsafe(void) { return 1; }

/* One list for the C API and PRAGMA compile_options: the registry's. */
const char *sqlite3_compileoption_get(int N) { return func_compileoption_get(N); }

int sqlite3_compileoption_used(const char *zOpt) {
  if (zOpt == NULL) return 0;
  if (str_nicmp(zOpt, "SQLITE_", 7) == 0) zOpt += 7;
  return func_compileoption_used(zOpt);
}

/* ---- string helpers -------------------------------------------------- */

int sqlite3_stricmp(const char *a, const char *b) {
  if (a == NULL) return b == NULL ? 0 : -1;
  if (b == NULL) return 1;
  return str_icmp(a, b);
}

int sqlite3_strnicmp(const char *a, const char *b, int n) {
  if (a == NULL) return b == NULL ? 0 : -1;
  if (b == NULL) return 1;
  return str_nicmp(a, b, n);
}

/* Pattern matcher shared by strglob and strlike.  bGlob: '*', '?', '[...]'
** case-sensitive; else '%', '_', ASCII case-insensitive, with cEsc.
** Returns 0 on a match, 1 otherwise.  Depth-bounded by the pattern. */
static int api_match(const unsigned char *zP, const unsigned char *zS, int bGlob,
                     u32 cEsc, int nDepth) {
  const unsigned char *pE = zP + strlen((const char *)zP);
  const unsigned char *sE = zS + strlen((const char *)zS);
  u32 cAll = bGlob ? '*' : '%', cOne = bGlob ? '?' : '_';
  if (nDepth > 1000) return 1;
  while (zP < pE) {
    u32 c = (u32)utf8_decode(&zP, pE);
    if (c == cAll) {
      while (zP < pE && (*zP == cAll || *zP == cOne)) {
        if (*zP++ == cOne) {
          if (zS >= sE) return 1;
          utf8_decode(&zS, sE);
        }
      }
      if (zP >= pE) return 0;
      for (;;) {
        if (api_match(zP, zS, bGlob, cEsc, nDepth + 1) == 0) return 0;
        if (zS >= sE) return 1;
        utf8_decode(&zS, sE);
      }
    }
    if (zS >= sE) return 1;
    u32 s = (u32)utf8_decode(&zS, sE);
    if (c == cOne) continue;
    if (bGlob && c == '[') {
      int bNeg = 0, bOk = 0;
      if (zP < pE && *zP == '^') { bNeg = 1; zP++; }
      u32 prev = 0;
      int bFirst = 1;
      while (zP < pE && (*zP != ']' || bFirst)) {
        u32 d = (u32)utf8_decode(&zP, pE);
        if (d == '-' && !bFirst && zP < pE && *zP != ']' && prev) {
          u32 hi = (u32)utf8_decode(&zP, pE);
          if (s >= prev && s <= hi) bOk = 1;
          prev = 0;
        } else {
          if (d == s) bOk = 1;
          prev = d;
        }
        bFirst = 0;
      }
      if (zP >= pE) return 1;
      zP++;
      if (bOk == bNeg) return 1;
      continue;
    }
    if (!bGlob && c == cEsc && cEsc != 0) {
      if (zP >= pE) return 1;
      c = (u32)utf8_decode(&zP, pE);
    }
    if (!bGlob && c < 0x80 && s < 0x80) {
      c = core_upper_to_lower[c];
      s = core_upper_to_lower[s];
    }
    if (c != s) return 1;
  }
  return zS < sE ? 1 : 0;
}

int sqlite3_strglob(const char *zGlob, const char *zStr) {
  if (zGlob == NULL) return zStr == NULL ? 0 : -1;
  if (zStr == NULL) return 1;
  return api_match((const unsigned char *)zGlob, (const unsigned char *)zStr, 1, 0, 0);
}

int sqlite3_strlike(const char *zPattern, const char *zStr, unsigned int cEsc) {
  if (zPattern == NULL) return zStr == NULL ? 0 : -1;
  if (zStr == NULL) return 1;
  return api_match((const unsigned char *)zPattern, (const unsigned char *)zStr, 0, cEsc, 0);
}

/* ---- keywords --------------------------------------------------------- */

#define API_X_KWNAME(name, cls) #name,
static const char *const api_azKeyword[] = {TOKENIZE_KEYWORDS(API_X_KWNAME)};
#undef API_X_KWNAME

int sqlite3_keyword_count(void) { return ARRAY_SIZE(api_azKeyword); }

int sqlite3_keyword_name(int i, const char **pzName, int *pnName) {
  if (i < 0 || i >= ARRAY_SIZE(api_azKeyword)) return SQLITE_ERROR;
  if (pzName != NULL) *pzName = api_azKeyword[i];
  if (pnName != NULL) *pnName = (int)strlen(api_azKeyword[i]);
  return SQLITE_OK;
}

int sqlite3_keyword_check(const char *zName, int nName) {
  if (zName == NULL || nName <= 0) return 0;
  for (int i = 0; i < ARRAY_SIZE(api_azKeyword); i++) {
    const char *z = api_azKeyword[i];
    if ((int)strlen(z) == nName && str_nicmp(z, zName, nName) == 0) return 1;
  }
  return 0;
}

/* ---- complete ----------------------------------------------------------- */

int sqlite3_complete(const char *zSql) {
  if (zSql == NULL) {
    API_MISUSE();
    return 0;  /* "not complete": a MISUSE code would read as true */
  }
  return parse_complete(zSql);
}

int sqlite3_complete16(const void *zSql) {
  if (api_auto_init() != SQLITE_OK) return SQLITE_NOMEM;
  if (zSql == NULL) return sqlite3_complete(NULL);
  char *z = api_utf16_to_utf8(zSql, -1);
  if (z == NULL) return SQLITE_NOMEM;
  int rc = parse_complete(z);
  mem_free(z);
  return rc;
}
