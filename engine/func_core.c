/*
** func_core.c: the built-in scalar SQL functions (lang_corefunc.html) with
** SQLite 3.40's results, NULL rules and error messages.
**
** Invariants:
**   1. A function reads its arguments only through value_* getters and
**      sets exactly one result through func_result_* (func.h invariant 3).
**   2. Text is processed as UTF-8; character-based functions (length,
**      substr, instr, trim, unicode) count UTF-8 characters the way
**      utf8_char_count does, so malformed bytes never crash them.
**   3. Every loop runs over a bounded input (argument bytes or argc).
**   4. Results larger than SQLITE_LIMIT_LENGTH fail with "string or blob
**      too big" (SQLITE_TOOBIG), never a silent truncation.
*/
#include <math.h>
#include "conn.h"
#include "func.h"
#include "printf.h"

#define ARG_IS_NULL(i) (value_type(argv[i]) == SQLITE_NULL)

static int core_limit(sqlite3_context *ctx) {
  return ctx->db ? ctx->db->aLimit[SQLITE_LIMIT_LENGTH] : 1000000000;
}

static const char *core_text(Value *p) {
  const char *z = (const char *)value_text(p, SQLITE_UTF8);
  return z ? z : "";
}

/* Blob bytes, never NULL (an empty blob reads as ""). */
static const u8 *core_blob(Value *p) {
  const u8 *z = value_blob(p);
  return z ? z : (const u8 *)"";
}

/* Takes ownership of z (mem_malloc'd) as the text result; NULL = OOM. */
static void core_result_owned(sqlite3_context *ctx, char *z, i64 n) {
  if (z == NULL) {
    func_result_error_nomem(ctx);
    return;
  }
  if (n > core_limit(ctx)) {
    mem_free(z);
    func_result_error_toobig(ctx);
    return;
  }
  func_result_text(ctx, z, n, SQLITE_UTF8, mem_free);
}

/* ---- numbers ---------------------------------------------------------------- */

/* sign(X): -1, 0 or +1 (an integer); NULL unless X is, or is text that
** converts losslessly to, a number (a blob is never a number here). */
static void fn_sign(sqlite3_context *ctx, int argc, Value **argv) {
  UNUSED(argc);
  int t = value_numeric_type(argv[0]);
  if (t != SQLITE_INTEGER && t != SQLITE_FLOAT) {
    func_result_null(ctx);
    return;
  }
  double r = value_real(argv[0]);
  func_result_int(ctx, r < 0.0 ? -1 : r > 0.0 ? 1 : 0);
}

static void fn_abs(sqlite3_context *ctx, int argc, Value **argv) {
  UNUSED(argc);
  switch (value_type(argv[0])) {
    case SQLITE_INTEGER: {
      i64 v = value_int64(argv[0]);
      if (v == INT64_MIN) {
        func_result_error(ctx, "integer overflow", -1);
        return;
      }
      func_result_int(ctx, v < 0 ? -v : v);
      return;
    }
    case SQLITE_NULL:
      func_result_null(ctx);
      return;
    default:
      func_result_double(ctx, fabs(value_real(argv[0])));
      return;
  }
}

static void fn_round(sqlite3_context *ctx, int argc, Value **argv) {
  i64 n = 0;
  if (argc == 2) {
    if (ARG_IS_NULL(1)) return;
    n = value_int64(argv[1]);
    if (n > 30) n = 30;
    if (n < 0) n = 0;
  }
  if (ARG_IS_NULL(0)) return;
  double r = value_real(argv[0]);
  /* Beyond 2^52 every double is already an integer. */
  if (r < -4503599627370496.0 || r > 4503599627370496.0) {
    /* unchanged */
  } else if (n == 0) {
    r = (double)(i64)(r + (r < 0 ? -0.5 : 0.5));
  } else {
    char zBuf[400];
    /* the plain conversion (16 significant digits), as SQLite rounds */
    str_snprintf(sizeof(zBuf), zBuf, "%.*f", (int)n, r);
    util_atof(zBuf, (int)strlen(zBuf), &r);
  }
  func_result_double(ctx, r);
}

static void fn_random(sqlite3_context *ctx, int argc, Value **argv) {
  UNUSED(argc), UNUSED(argv);
  i64 r = 0;
  if (ctx->db && ctx->db->pIo) io_randomness(ctx->db->pIo, sizeof(r), &r);
  if (r < 0) r = -(r & INT64_MAX);   /* never INT64_MIN, whose negation overflows */
  func_result_int(ctx, r);
}

static void fn_randomblob(sqlite3_context *ctx, int argc, Value **argv) {
  UNUSED(argc);
  i64 n = value_int64(argv[0]);
  if (n < 1) n = 1;
  if (n > core_limit(ctx)) {
    func_result_error_toobig(ctx);
    return;
  }
  u8 *z = mem_malloc((u64)n);
  if (z == NULL) {
    func_result_error_nomem(ctx);
    return;
  }
  memset(z, 0, (size_t)n);
  if (ctx->db && ctx->db->pIo) io_randomness(ctx->db->pIo, (int)n, z);
  func_result_blob(ctx, z, n, mem_free);
}

static void fn_zeroblob(sqlite3_context *ctx, int argc, Value **argv) {
  UNUSED(argc);
  i64 n = value_int64(argv[0]);
  func_result_zeroblob64(ctx, n < 0 ? 0 : (u64)n);
}

/* ---- connection state ------------------------------------------------------- */

static void fn_changes(sqlite3_context *ctx, int argc, Value **argv) {
  UNUSED(argc), UNUSED(argv);
  func_result_int(ctx, ctx->db ? ctx->db->nChange : 0);
}

static void fn_total_changes(sqlite3_context *ctx, int argc, Value **argv) {
  UNUSED(argc), UNUSED(argv);
  func_result_int(ctx, ctx->db ? ctx->db->nTotalChange : 0);
}

static void fn_last_insert_rowid(sqlite3_context *ctx, int argc, Value **argv) {
  UNUSED(argc), UNUSED(argv);
  func_result_int(ctx, ctx->db ? ctx->db->lastRowid : 0);
}

static void fn_sqlite_version(sqlite3_context *ctx, int argc, Value **argv) {
  UNUSED(argc), UNUSED(argv);
  func_result_text(ctx, SQLITE_VERSION, -1, SQLITE_UTF8, SQLITE_STATIC);
}

/* The same string as sqlite3_sourceid(), our mark included, so the SQL
** function and the C API can never disagree. */
static void fn_sqlite_source_id(sqlite3_context *ctx, int argc, Value **argv) {
  UNUSED(argc), UNUSED(argv);
  func_result_text(ctx, conn_source_id(), -1, SQLITE_UTF8, SQLITE_STATIC);
}

/* The reference build's options (PRAGMA compile_options), sorted. */
static const char *const core_options[] = {
    "ATOMIC_INTRINSICS=1", "COMPILER=gcc-12.2.0", "DEFAULT_AUTOVACUUM",
    "DEFAULT_CACHE_SIZE=-2000", "DEFAULT_FILE_FORMAT=4", "DEFAULT_JOURNAL_SIZE_LIMIT=-1",
    "DEFAULT_MMAP_SIZE=0", "DEFAULT_PAGE_SIZE=4096", "DEFAULT_PCACHE_INITSZ=20",
    "DEFAULT_RECURSIVE_TRIGGERS", "DEFAULT_SECTOR_SIZE=4096", "DEFAULT_SYNCHRONOUS=2",
    "DEFAULT_WAL_AUTOCHECKPOINT=1000", "DEFAULT_WAL_SYNCHRONOUS=2", "DEFAULT_WORKER_THREADS=0",
    "ENABLE_COLUMN_METADATA", "ENABLE_DBSTAT_VTAB", "ENABLE_FTS3", "ENABLE_FTS3_PARENTHESIS",
    "ENABLE_FTS3_TOKENIZER", "ENABLE_FTS4", "ENABLE_FTS5", "ENABLE_LOAD_EXTENSION",
    "ENABLE_MATH_FUNCTIONS", "ENABLE_PREUPDATE_HOOK", "ENABLE_RTREE", "ENABLE_SESSION",
    "ENABLE_STMTVTAB", "ENABLE_UNLOCK_NOTIFY", "ENABLE_UPDATE_DELETE_LIMIT", "HAVE_ISNAN",
    "LIKE_DOESNT_MATCH_BLOBS", "MALLOC_SOFT_LIMIT=1024", "MAX_ATTACHED=10", "MAX_COLUMN=2000",
    "MAX_COMPOUND_SELECT=500", "MAX_DEFAULT_PAGE_SIZE=32768", "MAX_EXPR_DEPTH=1000",
    "MAX_FUNCTION_ARG=127", "MAX_LENGTH=1000000000", "MAX_LIKE_PATTERN_LENGTH=50000",
    "MAX_MMAP_SIZE=0x7fff0000", "MAX_PAGE_COUNT=1073741823", "MAX_PAGE_SIZE=65536",
    "MAX_SCHEMA_RETRY=25", "MAX_SQL_LENGTH=1000000000", "MAX_TRIGGER_DEPTH=1000",
    "MAX_VARIABLE_NUMBER=250000", "MAX_VDBE_OP=250000000", "MAX_WORKER_THREADS=8",
    "MUTEX_PTHREADS", "OMIT_LOOKASIDE", "SECURE_DELETE", "SOUNDEX", "SYSTEM_MALLOC",
    "TEMP_STORE=1", "THREADSAFE=1", "USE_URI",
};

const char *func_compileoption_get(int i) {
  if (i < 0 || i >= ARRAY_SIZE(core_options)) return NULL;
  return core_options[i];
}

/* sqlite3_compileoption_used: an optional "SQLITE_" prefix, then a
** case-insensitive match of the whole option or of its name before '='. */
int func_compileoption_used(const char *zOpt) {
  if (zOpt == NULL) return 0;
  if (str_nicmp(zOpt, "SQLITE_", 7) == 0) zOpt += 7;
  int n = (int)strlen(zOpt);
  for (int i = 0; i < ARRAY_SIZE(core_options); i++) {
    const char *z = core_options[i];
    if (str_nicmp(z, zOpt, n) == 0 && (z[n] == 0 || z[n] == '=')) return 1;
  }
  return 0;
}

static void fn_compileoption_get(sqlite3_context *ctx, int argc, Value **argv) {
  UNUSED(argc);
  const char *z = func_compileoption_get((int)value_int64(argv[0]));   /* NULL reads as 0 */
  if (z) func_result_text(ctx, z, -1, SQLITE_UTF8, SQLITE_STATIC);
}

static void fn_compileoption_used(sqlite3_context *ctx, int argc, Value **argv) {
  UNUSED(argc);
  if (ARG_IS_NULL(0)) return;
  func_result_int(ctx, func_compileoption_used(core_text(argv[0])));
}

int (*func_load_extension_hook)(struct sqlite3 *, const char *, const char *, char **);

static void fn_load_extension(sqlite3_context *ctx, int argc, Value **argv) {
  const char *zFile = (const char *)value_text(argv[0], SQLITE_UTF8);
  const char *zProc = argc == 2 ? (const char *)value_text(argv[1], SQLITE_UTF8) : NULL;
  struct sqlite3 *db = ctx->db;
  char *zErr = NULL;
  if (zFile == NULL) return;
  if (db == NULL || !(db->flags & CONN_FLAG_LOAD_EXT) || func_load_extension_hook == NULL) {
    func_result_error(ctx, "not authorized", -1);
    return;
  }
  if (func_load_extension_hook(db, zFile, zProc, &zErr) != SQLITE_OK) {
    func_result_error(ctx, zErr ? zErr : "unable to load extension", -1);
  }
  mem_free(zErr);
}

/* ---- simple value functions ------------------------------------------------- */

static void fn_typeof(sqlite3_context *ctx, int argc, Value **argv) {
  static const char *const azType[] = {"integer", "real", "text", "blob", "null"};
  UNUSED(argc);
  int t = value_type(argv[0]);
  func_result_text(ctx, azType[t - 1], -1, SQLITE_UTF8, SQLITE_STATIC);
}

static void fn_length(sqlite3_context *ctx, int argc, Value **argv) {
  UNUSED(argc);
  switch (value_type(argv[0])) {
    case SQLITE_NULL:
      return;
    case SQLITE_BLOB:
      func_result_int(ctx, value_bytes(argv[0], SQLITE_UTF8));
      return;
    default: {   /* characters before the first NUL */
      const char *z = core_text(argv[0]);
      func_result_int(ctx, utf8_char_count((const unsigned char *)z, -1));
      return;
    }
  }
}

/* coalesce and ifnull: the first non-NULL argument. */
static void fn_coalesce(sqlite3_context *ctx, int argc, Value **argv) {
  for (int i = 0; i < argc; i++) {
    if (!ARG_IS_NULL(i)) {
      func_result_value(ctx, argv[i]);
      return;
    }
  }
}

static void fn_iif(sqlite3_context *ctx, int argc, Value **argv) {
  UNUSED(argc);
  func_result_value(ctx, value_is_true(argv[0]) ? argv[1] : argv[2]);
}

static void fn_nullif(sqlite3_context *ctx, int argc, Value **argv) {
  UNUSED(argc);
  if (value_compare(argv[0], argv[1], ctx->pColl) != 0) func_result_value(ctx, argv[0]);
}

/* likely(X), unlikely(X), likelihood(X,P): X itself. */
static void fn_unlikely(sqlite3_context *ctx, int argc, Value **argv) {
  if (argc == 2) {
    double p = value_real(argv[1]);
    int t = value_type(argv[1]);
    if ((t != SQLITE_FLOAT && t != SQLITE_INTEGER) || p < 0.0 || p > 1.0) {
      func_result_error(ctx,
          "second argument to likelihood() must be a constant between 0.0 and 1.0", -1);
      return;
    }
  }
  func_result_value(ctx, argv[0]);
}

/* Scalar min()/max() over 2+ arguments: NULL if any is NULL. */
static void core_minmax(sqlite3_context *ctx, int argc, Value **argv, int bMax) {
  int iBest = 0;
  for (int i = 0; i < argc; i++) {
    if (ARG_IS_NULL(i)) return;
    int c = value_compare(argv[i], argv[iBest], ctx->pColl);
    if (bMax ? c > 0 : c < 0) iBest = i;
  }
  func_result_value(ctx, argv[iBest]);
}

static void fn_max(sqlite3_context *c, int n, Value **v) { core_minmax(c, n, v, 1); }
static void fn_min(sqlite3_context *c, int n, Value **v) { core_minmax(c, n, v, 0); }

/* ---- text ------------------------------------------------------------------- */

/* upper()/lower(): ASCII case mapping over all bytes (NULs included). */
static void core_case(sqlite3_context *ctx, Value *p, int bUpper) {
  if (value_type(p) == SQLITE_NULL) return;
  const char *z = core_text(p);
  int n = value_bytes(p, SQLITE_UTF8);
  char *zOut = mem_malloc((u64)n + 1);
  if (zOut == NULL) {
    func_result_error_nomem(ctx);
    return;
  }
  for (int i = 0; i < n; i++) {
    u8 c = (u8)z[i];
    if (bUpper) zOut[i] = (char)((c >= 'a' && c <= 'z') ? c - 32 : c);
    else zOut[i] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
  }
  zOut[n] = 0;
  core_result_owned(ctx, zOut, n);
}

static void fn_upper(sqlite3_context *ctx, int argc, Value **argv) {
  UNUSED(argc);
  core_case(ctx, argv[0], 1);
}

static void fn_lower(sqlite3_context *ctx, int argc, Value **argv) {
  UNUSED(argc);
  core_case(ctx, argv[0], 0);
}

static void fn_hex(sqlite3_context *ctx, int argc, Value **argv) {
  static const char hexdig[] = "0123456789ABCDEF";
  UNUSED(argc);
  const u8 *z = core_blob(argv[0]);
  int n = value_bytes(argv[0], SQLITE_UTF8);
  if ((i64)n * 2 > core_limit(ctx)) {
    func_result_error_toobig(ctx);
    return;
  }
  char *zOut = mem_malloc((u64)n * 2 + 1);
  if (zOut == NULL) {
    func_result_error_nomem(ctx);
    return;
  }
  for (int i = 0; i < n; i++) {
    zOut[2 * i] = hexdig[z[i] >> 4];
    zOut[2 * i + 1] = hexdig[z[i] & 15];
  }
  zOut[2 * n] = 0;
  core_result_owned(ctx, zOut, 2 * n);
}

static void fn_quote(sqlite3_context *ctx, int argc, Value **argv) {
  UNUSED(argc);
  StrAccum acc;
  str_init(&acc, ctx->db, NULL, 0, core_limit(ctx));
  Value *p = argv[0];
  switch (value_type(p)) {
    case SQLITE_NULL:
      str_append(&acc, "NULL", 4);
      break;
    case SQLITE_INTEGER:
      str_appendf(&acc, "%lld", (long long)value_int64(p));
      break;
    case SQLITE_FLOAT: {   /* 15 digits unless that fails to round-trip */
      double r1 = value_real(p), r2 = 0;
      str_appendf(&acc, "%!.15g", r1);
      if (acc.zText) util_atof(acc.zText, (int)acc.nChar, &r2);
      if (r1 != r2 && acc.accError == 0) {
        str_reset(&acc);
        str_appendf(&acc, "%!.20e", r1);
      }
      break;
    }
    case SQLITE_TEXT:
      str_appendf(&acc, "%Q", core_text(p));
      break;
    default: {
      const u8 *z = core_blob(p);
      int n = value_bytes(p, SQLITE_UTF8);
      str_append(&acc, "X'", 2);
      for (int i = 0; i < n; i++) str_appendf(&acc, "%02X", z[i]);
      str_append(&acc, "'", 1);
      break;
    }
  }
  int rc = acc.accError;
  char *z = str_text_finish(&acc);
  if (rc) func_result_error_code(ctx, rc);
  else core_result_owned(ctx, z, z ? (i64)strlen(z) : 0);
}

static void fn_printf(sqlite3_context *ctx, int argc, Value **argv) {
  if (argc < 1 || ARG_IS_NULL(0)) return;
  const char *zFmt = core_text(argv[0]);
  StrAccum acc;
  str_init(&acc, ctx->db, NULL, 0, core_limit(ctx));
  str_appendf_values(&acc, zFmt, argc - 1, argv + 1);
  int rc = acc.accError;
  u32 n = acc.nChar;
  char *z = str_text_finish(&acc);
  if (rc == SQLITE_TOOBIG) func_result_error_toobig(ctx);
  else if (rc) func_result_error_nomem(ctx);
  else if (z == NULL) func_result_text(ctx, "", 0, SQLITE_UTF8, SQLITE_STATIC);
  else core_result_owned(ctx, z, n);
}

static void fn_char(sqlite3_context *ctx, int argc, Value **argv) {
  u8 *z = mem_malloc((u64)argc * 4 + 1);
  if (z == NULL) {
    func_result_error_nomem(ctx);
    return;
  }
  int n = 0;
  for (int i = 0; i < argc; i++) {
    i64 c = value_int64(argv[i]);
    if (c < 0 || c > 0x10ffff) c = 0xfffd;
    n += utf8_encode(z + n, (u32)c);
  }
  z[n] = 0;
  core_result_owned(ctx, (char *)z, n);
}

static void fn_unicode(sqlite3_context *ctx, int argc, Value **argv) {
  UNUSED(argc);
  const u8 *z = value_text(argv[0], SQLITE_UTF8);
  if (z && z[0]) {
    const u8 *p = z;
    func_result_int(ctx, utf8_decode(&p, z + strlen((const char *)z)));
  }
}

/* Byte offset of character iChar in z[0..n). */
static int core_char_offset(const u8 *z, int n, i64 iChar) {
  int i = 0;
  while (iChar > 0 && i < n) {
    if (z[i++] >= 0xC0) {
      while (i < n && (z[i] & 0xC0) == 0x80) i++;
    }
    iChar--;
  }
  return i;
}

/* substr(X,Y[,Z]) in characters (bytes for a blob). */
static void fn_substr(sqlite3_context *ctx, int argc, Value **argv) {
  if (ARG_IS_NULL(1) || (argc == 3 && ARG_IS_NULL(2))) return;
  int t = value_type(argv[0]);
  if (t == SQLITE_NULL) return;
  /* SQLite reads both with sqlite3_value_int: 64-bit values wrap to 32 bits
  ** (substr(x, 4294967296) starts at 0, a huge real start at -1) */
  i64 p1 = (int)value_int64(argv[1]), p2, len;
  int negP2 = 0, nByte;
  const u8 *z;
  if (t == SQLITE_BLOB) {
    z = core_blob(argv[0]);
    len = nByte = value_bytes(argv[0], SQLITE_UTF8);
    if (nByte == 0) return;   /* SQLite sees no bytes of x'' at all: NULL */
  } else {
    z = (const u8 *)core_text(argv[0]);
    nByte = (int)strlen((const char *)z);
    len = utf8_char_count(z, nByte);
  }
  if (argc == 3) {
    p2 = (int)value_int64(argv[2]);
    if (p2 < 0) p2 = -p2, negP2 = 1;
  } else {
    p2 = core_limit(ctx);
  }
  if (p1 < 0) {
    p1 += len;
    if (p1 < 0) {
      p2 += p1;
      if (p2 < 0) p2 = 0;
      p1 = 0;
    }
  } else if (p1 > 0) {
    p1--;
  } else if (p2 > 0) {
    p2--;
  }
  if (negP2) {
    p1 -= p2;
    if (p1 < 0) p2 += p1, p1 = 0;
  }
  if (t == SQLITE_BLOB) {
    if (p1 > nByte) p1 = nByte;
    if (p2 > nByte - p1) p2 = nByte - p1;   /* no overflow: p1 <= nByte */
    func_result_blob(ctx, z ? (const char *)z + p1 : "", p2 < 0 ? 0 : p2, SQLITE_TRANSIENT);
    return;
  }
  int iStart = core_char_offset(z, nByte, p1);
  int iEnd = iStart + core_char_offset(z + iStart, nByte - iStart, p2);
  func_result_text(ctx, (const char *)z + iStart, iEnd - iStart, SQLITE_UTF8, SQLITE_TRANSIENT);
}

/* Finds needle in haystack: characters for text, bytes for two blobs. */
static void fn_instr(sqlite3_context *ctx, int argc, Value **argv) {
  UNUSED(argc);
  int t0 = value_type(argv[0]), t1 = value_type(argv[1]);
  if (t0 == SQLITE_NULL || t1 == SQLITE_NULL) return;
  const u8 *zH, *zN;
  int nH, nN, bBlob = (t0 == SQLITE_BLOB && t1 == SQLITE_BLOB);
  if (bBlob) {
    zH = core_blob(argv[0]), nH = value_bytes(argv[0], SQLITE_UTF8);
    zN = core_blob(argv[1]), nN = value_bytes(argv[1], SQLITE_UTF8);
  } else {
    zH = (const u8 *)core_text(argv[0]), nH = value_bytes(argv[0], SQLITE_UTF8);
    zN = (const u8 *)core_text(argv[1]), nN = value_bytes(argv[1], SQLITE_UTF8);
  }
  i64 iPos = 1;
  int i = 0;
  while (nN <= nH - i && memcmp(zH + i, zN, (size_t)nN) != 0) {
    if (bBlob) {
      i++;
    } else {
      if (zH[i++] >= 0xC0) {
        while (i < nH && (zH[i] & 0xC0) == 0x80) i++;
      }
    }
    iPos++;
  }
  func_result_int(ctx, nN <= nH - i ? iPos : 0);
}

static void fn_replace(sqlite3_context *ctx, int argc, Value **argv) {
  UNUSED(argc);
  /* a NULL replacement matters only once the pattern is known to be
  ** non-empty: replace(1, '', NULL) is 1, as in SQLite */
  if (ARG_IS_NULL(0) || ARG_IS_NULL(1)) return;
  const char *zStr = core_text(argv[0]);
  int nStr = value_bytes(argv[0], SQLITE_UTF8);
  const char *zPat = core_text(argv[1]);
  int nPat = value_bytes(argv[1], SQLITE_UTF8);
  if (nPat == 0) {
    func_result_value(ctx, argv[0]);
    return;
  }
  if (ARG_IS_NULL(2)) return;
  const char *zRep = core_text(argv[2]);
  int nRep = value_bytes(argv[2], SQLITE_UTF8);
  StrAccum acc;
  str_init(&acc, ctx->db, NULL, 0, core_limit(ctx));
  int i = 0;
  while (i < nStr && acc.accError == 0) {
    if (zStr[i] == zPat[0] && nStr - i >= nPat && memcmp(zStr + i, zPat, (size_t)nPat) == 0) {
      str_append(&acc, zRep, nRep);
      i += nPat;
    } else {
      str_append(&acc, zStr + i, 1);
      i++;
    }
  }
  int rc = acc.accError;
  u32 n = acc.nChar;
  char *z = str_text_finish(&acc);
  if (rc == SQLITE_TOOBIG) func_result_error_toobig(ctx);
  else if (rc) func_result_error_nomem(ctx);
  else if (z == NULL) func_result_text(ctx, "", 0, SQLITE_UTF8, SQLITE_STATIC);
  else core_result_owned(ctx, z, n);
}

/* Is the character at z (nz bytes) one of the characters in zSet? */
static int core_in_set(const u8 *z, int nz, const u8 *zSet, int nSet) {
  int i = 0;
  while (i < nSet) {
    int j = i + core_char_offset(zSet + i, nSet - i, 1);
    if (j - i == nz && memcmp(zSet + i, z, (size_t)nz) == 0) return 1;
    i = j;
  }
  return 0;
}

/* trim/ltrim/rtrim; flags 1 = left, 2 = right. */
static void core_trim(sqlite3_context *ctx, int argc, Value **argv, int flags) {
  if (ARG_IS_NULL(0) || (argc == 2 && ARG_IS_NULL(1))) return;
  const u8 *z = (const u8 *)core_text(argv[0]);
  int n = value_bytes(argv[0], SQLITE_UTF8);
  const u8 *zSet = (const u8 *)" ";
  int nSet = 1;
  if (argc == 2) {
    zSet = (const u8 *)core_text(argv[1]);
    nSet = value_bytes(argv[1], SQLITE_UTF8);
  }
  if (nSet > 0 && (flags & 1)) {
    while (n > 0) {
      int k = core_char_offset(z, n, 1);
      if (!core_in_set(z, k, zSet, nSet)) break;
      z += k, n -= k;
    }
  }
  if (nSet > 0 && (flags & 2)) {
    while (n > 0) {
      int k = n - 1;        /* start of the last character */
      while (k > 0 && (z[k] & 0xC0) == 0x80) k--;
      if (!core_in_set(z + k, n - k, zSet, nSet)) break;
      n = k;
    }
  }
  func_result_text(ctx, (const char *)z, n, SQLITE_UTF8, SQLITE_TRANSIENT);
}

static void fn_trim(sqlite3_context *c, int n, Value **v) { core_trim(c, n, v, 3); }
static void fn_ltrim(sqlite3_context *c, int n, Value **v) { core_trim(c, n, v, 1); }
static void fn_rtrim(sqlite3_context *c, int n, Value **v) { core_trim(c, n, v, 2); }

static void fn_soundex(sqlite3_context *ctx, int argc, Value **argv) {
  static const char code[26] = {0, '1', '2', '3', 0, '1', '2', 0, 0, '2', '2', '4', '5',
                                '5', 0, '1', '2', '6', '2', '3', 0, '1', 0, '2', 0, '2'};
  UNUSED(argc);
  const u8 *z = (const u8 *)core_text(argv[0]);
  char zOut[5] = "?000";
  int i = 0;
  while (z[i] && !((z[i] | 0x20) >= 'a' && (z[i] | 0x20) <= 'z')) i++;
  if (z[i]) {
    u8 c = z[i] & ~0x20;
    zOut[0] = (char)c;
    char prev = code[c - 'A'];
    int j = 1;
    for (i++; z[i] && j < 4; i++) {
      u8 l = z[i] | 0x20;
      char d = (l >= 'a' && l <= 'z') ? code[l - 'a'] : 0;   /* non-letters separate */
      if (d && d != prev) zOut[j++] = d;
      prev = d;
    }
    while (j < 4) zOut[j++] = '0';
  }
  func_result_text(ctx, zOut, 4, SQLITE_UTF8, SQLITE_TRANSIENT);
}

/* ---- LIKE and GLOB ------------------------------------------------------------ */

typedef struct LikeInfo {
  const u8 *pEnd;   /* end of the pattern */
  const u8 *sEnd;   /* end of the string */
  u32 cAll;         /* '%' or '*' */
  u32 cOne;         /* '_' or '?' */
  u32 cEsc;         /* escape character, 0 for none */
  int bGlob;        /* '[...]' classes */
  int bNoCase;      /* ASCII case folding */
} LikeInfo;

static u32 like_fold(u32 c, int bNoCase) {
  return (bNoCase && c < 0x80) ? core_upper_to_lower[c] : c;
}

/* Matches the string character d against a glob class starting just
** after '['; advances *pp past the closing ']'.  Returns 1 on match, 0 on
** no match, -1 for an unterminated class (never matches). */
static int like_class(const u8 **pp, const u8 *pEnd, u32 d) {
  const u8 *p = *pp;
  int bInvert = 0, bSeen = 0;
  u32 prev = 0;
  if (p < pEnd && *p == '^') bInvert = 1, p++;
  if (p < pEnd && *p == ']') {
    bSeen = (d == ']');
    prev = ']';
    p++;
  }
  while (p < pEnd && *p != ']') {
    u32 c = (u32)utf8_decode(&p, pEnd);
    if (c == '-' && prev && p < pEnd && *p != ']') {
      u32 hi = (u32)utf8_decode(&p, pEnd);
      if (d >= prev && d <= hi) bSeen = 1;
      prev = 0;
    } else {
      if (c == d) bSeen = 1;
      prev = c;
    }
  }
  if (p >= pEnd) return -1;
  *pp = p + 1;
  return bSeen ^ bInvert;
}

/* One pattern element (not the multi-character wildcard) against string
** character d; *pp is just past the element's first character c. */
static int like_one(const LikeInfo *li, u32 c, const u8 **pp, u32 d) {
  if (c == li->cOne && !(li->cEsc && c == li->cEsc)) return 1;
  if (li->bGlob && c == '[') return like_class(pp, li->pEnd, d) == 1;
  if (li->cEsc && c == li->cEsc) {
    if (*pp >= li->pEnd) return 0;
    c = (u32)utf8_decode(pp, li->pEnd);
  }
  return like_fold(c, li->bNoCase) == like_fold(d, li->bNoCase);
}

/* Wildcard matching with single-star backtracking: on a mismatch, retry
** from the most recent multi-character wildcard one string character
** further on.  Bounded by |pattern| * |string| steps. */
static int like_match(const LikeInfo *li, const u8 *p, const u8 *s) {
  const u8 *pStar = NULL, *sStar = NULL;
  for (;;) {
    if (p < li->pEnd) {
      const u8 *pSave = p;
      u32 c = (u32)utf8_decode(&p, li->pEnd);
      if (c == li->cAll && !(li->cEsc && c == li->cEsc)) {
        pStar = p;
        sStar = s;
        continue;
      }
      if (s < li->sEnd) {
        const u8 *sSave = s;
        u32 d = (u32)utf8_decode(&s, li->sEnd);
        if (like_one(li, c, &p, d)) continue;
        s = sSave;
      }
      p = pSave;
    } else if (s >= li->sEnd) {
      return 1;
    }
    if (pStar == NULL || sStar >= li->sEnd) return 0;
    utf8_decode(&sStar, li->sEnd);
    p = pStar;
    s = sStar;
  }
}

int func_like_compare(const u8 *zPattern, const u8 *zStr, int bGlob, int bNoCase, u32 cEsc) {
  LikeInfo li;
  li.pEnd = zPattern + strlen((const char *)zPattern);
  li.sEnd = zStr + strlen((const char *)zStr);
  li.cAll = bGlob ? '*' : '%';
  li.cOne = bGlob ? '?' : '_';
  li.cEsc = bGlob ? 0 : cEsc;
  li.bGlob = bGlob;
  li.bNoCase = bNoCase;
  return like_match(&li, zPattern, zStr);
}

/* Byte comparison of n bytes under LIKE's ASCII case folding. */
static int like_eq(const u8 *a, const u8 *b, size_t n, int bNoCase) {
  if (!bNoCase) return memcmp(a, b, n) == 0;
  for (size_t i = 0; i < n; i++) {
    if (core_upper_to_lower[a[i]] != core_upper_to_lower[b[i]]) return 0;
  }
  return 1;
}

/* The common LIKE patterns "lit", "lit%", "%lit" and "%lit%" where lit is
** ASCII without wildcards or the escape character: a prefix, suffix or
** substring test on bytes.  That is exact because an ASCII byte never
** occurs inside a multi-byte UTF-8 character and case folding is ASCII
** only.  Returns 1 with *pRes set, or 0 when the pattern is not of this
** form. */
static int like_fast(const u8 *zPat, size_t nPat, const u8 *zStr, size_t nStr, int bNoCase,
                     u32 cEsc, int *pRes) {
  size_t i = 0, j = nPat;
  if (cEsc == '%') return 0; /* "%%" could be an escaped '%' */
  while (i < j && zPat[i] == '%') i++;
  while (j > i && zPat[j - 1] == '%') j--;
  int bLead = i > 0, bTrail = j < nPat;
  for (size_t k = i; k < j; k++) {
    u8 c = zPat[k];
    if (c == '%' || c == '_' || c >= 0x80 || (cEsc && c == cEsc)) return 0;
  }
  const u8 *zLit = zPat + i;
  size_t nLit = j - i;
  if (!bLead && !bTrail) {
    *pRes = nStr == nLit && like_eq(zStr, zLit, nLit, bNoCase);
  } else if (!bLead) {
    *pRes = nStr >= nLit && like_eq(zStr, zLit, nLit, bNoCase);
  } else if (!bTrail) {
    *pRes = nStr >= nLit && like_eq(zStr + nStr - nLit, zLit, nLit, bNoCase);
  } else {
    *pRes = 0;
    for (size_t k = 0; !*pRes && k + nLit <= nStr; k++) {
      *pRes = like_eq(zStr + k, zLit, nLit, bNoCase);
    }
  }
  return 1;
}

/* like(P,S[,E]) and glob(P,S): the function form of S LIKE P / S GLOB P. */
static void core_like(sqlite3_context *ctx, int argc, Value **argv, int bGlob) {
  if (value_type(argv[0]) == SQLITE_BLOB || value_type(argv[1]) == SQLITE_BLOB) {
    func_result_int(ctx, 0);          /* LIKE_DOESNT_MATCH_BLOBS */
    return;
  }
  int nPat = value_bytes(argv[0], SQLITE_UTF8);
  int mx = ctx->db ? ctx->db->aLimit[SQLITE_LIMIT_LIKE_PATTERN_LENGTH] : 50000;
  if (nPat > mx) {
    func_result_error(ctx, "LIKE or GLOB pattern too complex", -1);
    return;
  }
  u32 cEsc = 0;
  if (argc == 3) {
    const u8 *zEsc = value_text(argv[2], SQLITE_UTF8);
    if (zEsc == NULL) return;
    if (utf8_char_count(zEsc, -1) != 1) {
      func_result_error(ctx, "ESCAPE expression must be a single character", -1);
      return;
    }
    cEsc = (u32)utf8_decode(&zEsc, zEsc + strlen((const char *)zEsc));
  }
  const u8 *zPat = value_text(argv[0], SQLITE_UTF8);
  const u8 *zStr = value_text(argv[1], SQLITE_UTF8);
  if (zPat == NULL || zStr == NULL) return;
  int bNoCase = !bGlob && !(ctx->db && (ctx->db->flags & CONN_FLAG_CASE_LIKE));
  int res;
  /* matching stops at a NUL, as in SQLite: hence strlen, not value_bytes */
  if (!bGlob && like_fast(zPat, strlen((const char *)zPat), zStr, strlen((const char *)zStr),
                          bNoCase, cEsc, &res)) {
    func_result_int(ctx, res);
    return;
  }
  func_result_int(ctx, func_like_compare(zPat, zStr, bGlob, bNoCase, cEsc));
}

static void fn_like(sqlite3_context *c, int n, Value **v) { core_like(c, n, v, 0); }
static void fn_glob(sqlite3_context *c, int n, Value **v) { core_like(c, n, v, 1); }

/* ---- the table ---------------------------------------------------------------- */

#define DET (SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS)
#define NONDET (SQLITE_UTF8 | SQLITE_INNOCUOUS)
#define F(zName, nArg, fl, ff, x) \
  {zName, nArg, fl, (u16)(FUNC_BUILTIN | (ff)), NULL, x, NULL, NULL, NULL, NULL, NULL, NULL}

const FuncDef func_core_builtins[] = {
    F("abs", 1, DET, 0, fn_abs),
    F("sign", 1, DET, 0, fn_sign),
    F("changes", 0, NONDET, FUNC_SLOCHNG, fn_changes),
    F("char", -1, DET, 0, fn_char),
    F("coalesce", -1, DET, FUNC_COALESCE | FUNC_MIN2, fn_coalesce),
    F("format", -1, DET, 0, fn_printf),
    F("glob", 2, DET, FUNC_LIKE | FUNC_CASE, fn_glob),
    F("hex", 1, DET, 0, fn_hex),
    F("ifnull", 2, DET, FUNC_COALESCE, fn_coalesce),
    F("iif", 3, DET, 0, fn_iif),
    F("instr", 2, DET, 0, fn_instr),
    F("last_insert_rowid", 0, NONDET, 0, fn_last_insert_rowid),
    F("length", 1, DET, FUNC_TYPEOF, fn_length),
    F("like", 2, DET, FUNC_LIKE, fn_like),
    F("like", 3, DET, FUNC_LIKE, fn_like),
    F("likelihood", 2, DET, FUNC_UNLIKELY, fn_unlikely),
    F("likely", 1, DET, FUNC_UNLIKELY, fn_unlikely),
    F("load_extension", 1, SQLITE_UTF8 | SQLITE_DIRECTONLY, 0, fn_load_extension),
    F("load_extension", 2, SQLITE_UTF8 | SQLITE_DIRECTONLY, 0, fn_load_extension),
    F("lower", 1, DET, 0, fn_lower),
    F("ltrim", 1, DET, 0, fn_ltrim),
    F("ltrim", 2, DET, 0, fn_ltrim),
    F("max", -1, DET, FUNC_NEEDCOLL | FUNC_MIN2, fn_max),
    F("min", -1, DET, FUNC_NEEDCOLL | FUNC_MIN2, fn_min),
    F("nullif", 2, DET, FUNC_NEEDCOLL, fn_nullif),
    F("printf", -1, DET, 0, fn_printf),
    F("quote", 1, DET, 0, fn_quote),
    F("random", 0, NONDET, 0, fn_random),
    F("randomblob", 1, NONDET, 0, fn_randomblob),
    F("replace", 3, DET, 0, fn_replace),
    F("round", 1, DET, 0, fn_round),
    F("round", 2, DET, 0, fn_round),
    F("rtrim", 1, DET, 0, fn_rtrim),
    F("rtrim", 2, DET, 0, fn_rtrim),
    F("soundex", 1, DET, 0, fn_soundex),
    F("sqlite_compileoption_get", 1, DET, 0, fn_compileoption_get),
    F("sqlite_compileoption_used", 1, DET, 0, fn_compileoption_used),
    F("sqlite_source_id", 0, DET, FUNC_CONSTANT, fn_sqlite_source_id),
    F("sqlite_version", 0, DET, FUNC_CONSTANT, fn_sqlite_version),
    F("substr", 2, DET, 0, fn_substr),
    F("substr", 3, DET, 0, fn_substr),
    F("substring", 2, DET, 0, fn_substr),
    F("substring", 3, DET, 0, fn_substr),
    F("total_changes", 0, NONDET, FUNC_SLOCHNG, fn_total_changes),
    F("trim", 1, DET, 0, fn_trim),
    F("trim", 2, DET, 0, fn_trim),
    F("typeof", 1, DET, FUNC_TYPEOF, fn_typeof),
    F("unicode", 1, DET, 0, fn_unicode),
    F("unlikely", 1, DET, FUNC_UNLIKELY, fn_unlikely),
    F("upper", 1, DET, 0, fn_upper),
    F("zeroblob", 1, DET, 0, fn_zeroblob),
};
const int func_core_nbuiltin = ARRAY_SIZE(func_core_builtins);
