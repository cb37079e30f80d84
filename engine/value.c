/*
** value.c: the Value cell -- lifecycle, setters, getters with SQLite's
** conversion rules, affinity, CAST, comparison and the built-in
** collations (datatype3.html).
**
** Invariants (besides those of value.h):
**   1. Every setter first releases the previous content (value_clear),
**      keeping zMalloc for reuse; value_release also frees zMalloc.
**   2. Text produced here is always terminated with two NUL bytes, so it is
**      terminated for UTF-8 and UTF-16 alike (value.h invariant 2).
**   3. A numeric value rendered as text keeps its numeric flag (the text is
**      a cache); anything that changes the number drops the text.
**   4. Lengths never exceed the connection's SQLITE_LIMIT_LENGTH (or
**      SQLite's compiled maximum without a connection): SQLITE_TOOBIG.
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "conn.h"
#include "printf.h"

#define VALUE_MAX_LENGTH 1000000000

/* ---- lifecycle ------------------------------------------------------ */

/* Debug checker of value.h invariants 1-4, used in ASSERTs at the ends of
** setters and the starts of getters. */
int value_is_valid(const Value *p) {
  u16 f = p->flags;
  u16 cls = f & VAL_TYPEMASK;
  if (cls == 0) return 0;
  if ((f & VAL_NULL) && cls != VAL_NULL) return 0;                 /* invariant 1 */
  if ((f & VAL_BLOB) && (f & (VAL_INT | VAL_REAL))) return 0;
  if ((f & VAL_INT) && (f & VAL_REAL)) return 0;
  if ((f & (VAL_STR | VAL_BLOB | VAL_PTR | VAL_AGG)) == 0 && p->z != NULL) return 0;  /* 2 */
  if ((f & (VAL_STR | VAL_BLOB)) && p->n > 0 && p->z == NULL) return 0;
  if (p->n < 0) return 0;
  if ((f & VAL_STR) && (f & VAL_TERM) && p->enc == SQLITE_UTF8 && p->z && p->z[p->n] != 0) {
    return 0;
  }
  if ((f & VAL_DYN) && (f & (VAL_STATIC | VAL_EPHEM))) return 0;   /* invariant 3 */
  if (p->zMalloc && p->szMalloc <= 0) return 0;
  return 1;
}

void value_init(Value *p, struct sqlite3 *db) {
  memset(p, 0, sizeof(*p));
  p->flags = VAL_NULL;
  p->enc = SQLITE_UTF8;
  p->db = db;
}

Value *value_new(struct sqlite3 *db) {
  Value *p = mem_malloc(sizeof(Value));
  if (p) value_init(p, db);
  return p;
}

/* Drops the content but keeps zMalloc for reuse (invariant 1). */
static void value_clear(Value *p) {
  if ((p->flags & VAL_AGG) && p->xDel) {   /* an aggregate's cleanup (func.h) */
    void (*xClean)(void *) = p->xDel;
    p->xDel = NULL;
    xClean(p->z);
  }
  if ((p->flags & VAL_DYN) && p->xDel) {
    void (*xDel)(void *) = p->xDel;
    void *z = p->z;
    p->xDel = NULL;
    p->flags &= ~VAL_DYN;
    xDel(z);
  }
  p->z = NULL;
  p->n = 0;
  p->xDel = NULL;
  p->zPType = NULL;
  p->eSubtype = 0;
  p->flags = VAL_NULL;
}

void value_release(Value *p) {
  if (p == NULL) return;
  value_clear(p);
  mem_free(p->zMalloc);
  p->zMalloc = NULL;
  p->szMalloc = 0;
}

void value_free(Value *p) {
  if (p == NULL) return;
  value_release(p);
  mem_free(p);
}

static int value_max_len(const Value *p) {
  if (p->db) return p->db->aLimit[SQLITE_LIMIT_LENGTH];
  return VALUE_MAX_LENGTH;
}

/* Makes zMalloc at least n bytes and points z at it; bPreserve keeps the
** first p->n bytes of the current z.  SQLITE_NOMEM leaves p NULL. */
int value_grow(Value *p, int n, int bPreserve) {
  ASSERT(n >= 0);
  if (n < 32) n = 32;
  if (p->szMalloc < n) {
    char *zNew;
    if (bPreserve && p->z == p->zMalloc && p->zMalloc) {
      zNew = mem_realloc(p->zMalloc, (u64)n);
      if (zNew == NULL) goto nomem;
    } else {
      zNew = mem_malloc((u64)n);
      if (zNew == NULL) goto nomem;
      if (bPreserve && p->z && p->n > 0) memcpy(zNew, p->z, (size_t)p->n);
      mem_free(p->zMalloc);
    }
    p->zMalloc = zNew;
    p->szMalloc = (int)mem_size(zNew);
  } else if (bPreserve && p->z && p->z != p->zMalloc && p->n > 0) {
    memmove(p->zMalloc, p->z, (size_t)p->n);
  }
  if ((p->flags & VAL_DYN) && p->xDel && p->z != p->zMalloc) {
    p->xDel(p->z);
  }
  p->z = p->zMalloc;
  p->xDel = NULL;
  p->flags &= ~(VAL_DYN | VAL_STATIC | VAL_EPHEM);
  return SQLITE_OK;
nomem:
  value_release(p);
  return SQLITE_NOMEM;
}

/* ---- setters -------------------------------------------------------- */

/* The out-of-line half of the inline setters in value.h: runs the
** destructors of a VAL_DYN or VAL_AGG value. */
void value_clear_owned(Value *p) { value_clear(p); }

static u8 value_native16(void) {
  const u16 one = 1;
  return *(const u8 *)&one ? SQLITE_UTF16LE : SQLITE_UTF16BE;
}

/* Length in bytes of NUL-terminated text in enc. */
static i64 value_strlen(const char *z, u8 enc) {
  if (enc == SQLITE_UTF8) return (i64)strlen(z);
  i64 i = 0;
  while (z[i] || z[i + 1]) i += 2;
  return i;
}

/* Common body of value_set_text/value_set_blob.  Takes ownership of z per
** xDel on every path. */
static int value_set_bytes(Value *p, const char *z, i64 n, u8 enc, u16 type,
                           void (*xDel)(void *)) {
  int bTerm = 0;
  value_clear(p);
  if (z == NULL) return SQLITE_OK;
  if (n < 0) {
    n = value_strlen(z, enc);
    bTerm = 1;
  }
  if (n > value_max_len(p)) {
    if (xDel != SQLITE_STATIC && xDel != SQLITE_TRANSIENT) xDel((void *)z);
    return SQLITE_TOOBIG;
  }
  if (xDel == SQLITE_TRANSIENT) {
    if (value_grow(p, (int)n + 2, 0)) return SQLITE_NOMEM;
    memcpy(p->z, z, (size_t)n);
    p->z[n] = 0;
    p->z[n + 1] = 0;
    bTerm = 1;
  } else if (xDel == SQLITE_STATIC) {
    p->z = (char *)z;
    p->flags = VAL_STATIC;
  } else if (xDel == mem_free) {
    mem_free(p->zMalloc);
    p->zMalloc = p->z = (char *)z;
    p->szMalloc = (int)mem_size(p->zMalloc);
  } else {
    p->z = (char *)z;
    p->xDel = xDel;
    p->flags = VAL_DYN;
  }
  p->n = (int)n;
  p->enc = enc;
  p->flags = (u16)((p->flags & (VAL_STATIC | VAL_DYN)) | type | (bTerm ? VAL_TERM : 0));
  ASSERT(value_is_valid(p));
  return SQLITE_OK;
}

int value_set_text(Value *p, const char *z, int n, u8 enc, void (*xDel)(void *)) {
  if (enc == SQLITE_UTF16) enc = value_native16();
  ASSERT(enc >= SQLITE_UTF8 && enc <= SQLITE_UTF16BE);
  if (n >= 0 && enc != SQLITE_UTF8) n &= ~1;
  return value_set_bytes(p, z, n, enc, VAL_STR, xDel);
}

int value_set_blob(Value *p, const void *z, int n, void (*xDel)(void *)) {
  ASSERT(n >= 0 || z == NULL);
  if (z == NULL) {   /* engine callers use NULL for an empty blob (value.h) */
    value_clear(p);
    p->flags = VAL_BLOB;
    return SQLITE_OK;
  }
  return value_set_bytes(p, z, n, SQLITE_UTF8, VAL_BLOB, xDel);
}

void value_set_zeroblob(Value *p, int n) {
  value_clear(p);
  p->flags = VAL_BLOB | VAL_ZERO;
  p->u.nZero = n < 0 ? 0 : n;
}

void value_set_pointer(Value *p, void *ptr, const char *zPType, void (*xDel)(void *)) {
  value_clear(p);
  p->flags = VAL_NULL | VAL_PTR | (xDel ? VAL_DYN : 0);
  p->z = ptr;
  p->zPType = zPType ? zPType : "";
  p->xDel = xDel;
}

void *value_pointer(const Value *p, const char *zPType) {
  if ((p->flags & VAL_PTR) == 0 || zPType == NULL) return NULL;
  return strcmp(p->zPType, zPType) == 0 ? p->z : NULL;
}

/* Copies p's bytes into its own buffer (EPHEM/STATIC/DYN -> zMalloc). */
int value_make_writable(Value *p) {
  if ((p->flags & (VAL_STR | VAL_BLOB)) == 0 || p->z == NULL) return SQLITE_OK;
  if (p->z == p->zMalloc && (p->flags & VAL_DYN) == 0) {
    if (p->szMalloc >= p->n + 2) {
      p->z[p->n] = 0;
      p->z[p->n + 1] = 0;
      p->flags |= VAL_TERM;
      return SQLITE_OK;
    }
  }
  u16 keep = p->flags & ~(VAL_DYN | VAL_STATIC | VAL_EPHEM);
  if (value_grow(p, p->n + 2, 1)) return SQLITE_NOMEM;
  p->z[p->n] = 0;
  p->z[p->n + 1] = 0;
  p->flags = keep | VAL_TERM;
  return SQLITE_OK;
}

int value_copy(Value *pTo, const Value *pFrom) {
  ASSERT(pTo != pFrom);
  value_clear(pTo);
  value_shallow_copy(pTo, pFrom);
  if (pTo->flags & VAL_PTR) {   /* pointers are never owned twice */
    pTo->flags &= ~VAL_DYN;
    pTo->xDel = NULL;
    return SQLITE_OK;
  }
  return value_make_writable(pTo);
}

void value_shallow_copy(Value *pTo, const Value *pFrom) {
  ASSERT(pTo != pFrom);
  value_clear(pTo);
  pTo->u = pFrom->u;
  pTo->z = pFrom->z;
  pTo->n = pFrom->n;
  pTo->enc = pFrom->enc;
  pTo->eSubtype = pFrom->eSubtype;
  pTo->zPType = pFrom->zPType;
  pTo->flags = pFrom->flags & ~(VAL_DYN | VAL_STATIC | VAL_AGG);
  if (pFrom->flags & VAL_PTR) {
    pTo->flags &= ~VAL_EPHEM;
    return;
  }
  if (pTo->flags & (VAL_STR | VAL_BLOB)) {
    pTo->flags |= (pFrom->flags & VAL_STATIC) ? VAL_STATIC : VAL_EPHEM;
  }
}

void value_move(Value *pTo, Value *pFrom) {
  ASSERT(pTo != pFrom);
  value_release(pTo);
  struct sqlite3 *db = pTo->db;
  *pTo = *pFrom;
  pTo->db = db ? db : pFrom->db;
  pFrom->zMalloc = NULL;
  pFrom->szMalloc = 0;
  pFrom->z = NULL;
  pFrom->xDel = NULL;
  pFrom->flags = VAL_NULL;
  pFrom->n = 0;
}

Value *value_dup(const Value *pFrom) {
  Value *p = value_new(pFrom->db);
  if (p == NULL) return NULL;
  if (value_copy(p, pFrom)) {
    value_free(p);
    return NULL;
  }
  p->flags &= ~VAL_FROMBIND;
  return p;
}

/* ---- getters -------------------------------------------------------- */

int value_type(const Value *p) {
  u16 f = p->flags;
  if (f & VAL_NULL) return SQLITE_NULL;
  if (f & VAL_INT) return SQLITE_INTEGER;
  if (f & VAL_REAL) return SQLITE_FLOAT;
  if (f & VAL_BLOB) return SQLITE_BLOB;
  if (f & VAL_STR) return SQLITE_TEXT;
  return SQLITE_NULL;
}

/* Runs fn over the value's text as UTF-8 (translating UTF-16 and
** zero-extending zeroblobs into a temporary). */
static const char *value_utf8_view(const Value *p, int *pn, char **pzFree) {
  *pzFree = NULL;
  *pn = p->n;
  if ((p->flags & VAL_STR) && p->enc != SQLITE_UTF8) {
    char *z = utf_translate(p->z, p->n, p->enc, SQLITE_UTF8, pn);
    *pzFree = z;
    return z ? z : "";
  }
  return p->z ? p->z : "";
}

i64 value_int64(Value *p) {
  ASSERT(value_is_valid(p));
  u16 f = p->flags;
  if (f & VAL_INT) return p->u.i;
  if (f & VAL_REAL) {
    double r = p->u.r;
    if (r <= -9223372036854775808.0) return INT64_MIN;
    if (r >= 9223372036854775808.0) return INT64_MAX;
    return (i64)r;
  }
  if (f & (VAL_STR | VAL_BLOB)) {
    char *zFree;
    int n;
    const char *z = value_utf8_view(p, &n, &zFree);
    i64 v = util_prefix_int(z, n);
    mem_free(zFree);
    return v;
  }
  return 0;
}

double value_real(Value *p) {
  ASSERT(value_is_valid(p));
  u16 f = p->flags;
  if (f & VAL_REAL) return p->u.r;
  if (f & VAL_INT) return (double)p->u.i;
  if (f & (VAL_STR | VAL_BLOB)) {
    char *zFree;
    int n, bInt;
    i64 iv;
    const char *z = value_utf8_view(p, &n, &zFree);
    double r = util_prefix_real(z, n, &bInt, &iv);
    mem_free(zFree);
    return r;
  }
  return 0.0;
}

int value_is_true(Value *p) {
  if (p->flags & VAL_NULL) return 0;
  if (p->flags & VAL_INT) return p->u.i != 0;
  return value_real(p) != 0.0;
}

int value_arith(Value *p, i64 *piOut, double *prOut) {
  u16 f = p->flags;
  if (f & VAL_INT) {
    *piOut = p->u.i;
    return SQLITE_INTEGER;
  }
  if (f & VAL_REAL) {
    *prOut = p->u.r;
    return SQLITE_FLOAT;
  }
  if ((f & (VAL_STR | VAL_BLOB)) == 0) return SQLITE_NULL;
  char *zFree;
  int n, bInt;
  const char *z = value_utf8_view(p, &n, &zFree);
  *prOut = util_prefix_real(z, n, &bInt, piOut);
  mem_free(zFree);
  return bInt ? SQLITE_INTEGER : SQLITE_FLOAT;
}

/* Decimal text of v into zBuf (at least 21 bytes); returns the length.
** Replaces snprintf("%lld") on the hot path of integer-to-text. */
static int value_i64_to_text(i64 v, char *zBuf) {
  char aTmp[24];
  int i = (int)sizeof(aTmp), n = 0;
  u64 u = v < 0 ? (u64)0 - (u64)v : (u64)v; /* exact for INT64_MIN too */
  do {
    aTmp[--i] = (char)('0' + u % 10);
    u /= 10;
  } while (u);
  if (v < 0) aTmp[--i] = '-';
  n = (int)sizeof(aTmp) - i;
  memcpy(zBuf, aTmp + i, (size_t)n);
  zBuf[n] = 0;
  return n;
}

/* Renders an INT or REAL as UTF-8 text cached in the value (invariant 3). */
static int value_render_number(Value *p) {
  char zBuf[VALUE_REAL_BUF];
  int n;
  ASSERT(p->flags & (VAL_INT | VAL_REAL));
  if (p->flags & VAL_INT) {
    n = value_i64_to_text(p->u.i, zBuf);
  } else {
    n = util_real_to_text(p->u.r, zBuf);
  }
  u16 num = p->flags & (VAL_INT | VAL_REAL);
  union { double r; i64 i; } u;
  memcpy(&u, &p->u, sizeof(u));
  if (value_grow(p, n + 2, 0)) return SQLITE_NOMEM;
  memcpy(p->z, zBuf, (size_t)n + 1);
  p->z[n + 1] = 0;
  p->n = n;
  p->enc = SQLITE_UTF8;
  memcpy(&p->u, &u, sizeof(u));
  p->flags = (u16)(num | VAL_STR | VAL_TERM | (p->flags & VAL_SUBTYPE));
  ASSERT(value_is_valid(p));
  return SQLITE_OK;
}

int value_change_encoding(Value *p, u8 enc) {
  if (enc == SQLITE_UTF16) enc = value_native16();
  if ((p->flags & VAL_STR) == 0 || p->enc == enc) {
    if (p->flags & VAL_STR) p->enc = enc;
    return SQLITE_OK;
  }
  int n;
  char *z = utf_translate(p->z, p->n, p->enc, enc, &n);
  if (z == NULL) return SQLITE_NOMEM;
  u16 keep = p->flags & (VAL_INT | VAL_REAL | VAL_STR | VAL_SUBTYPE | VAL_FROMBIND);
  union { double r; i64 i; } u;
  memcpy(&u, &p->u, sizeof(u));
  u8 sub = p->eSubtype;
  value_clear(p);
  mem_free(p->zMalloc);
  p->zMalloc = p->z = z;
  p->szMalloc = (int)mem_size(z);
  p->n = n;
  p->enc = enc;
  memcpy(&p->u, &u, sizeof(u));
  p->eSubtype = sub;
  p->flags = keep | VAL_TERM;
  return SQLITE_OK;
}

const unsigned char *value_text(Value *p, u8 enc) {
  ASSERT(value_is_valid(p));
  if (enc == SQLITE_UTF16) enc = value_native16();
  u16 f = p->flags;
  if (f & VAL_NULL) return NULL;
  if ((f & VAL_BLOB) && (f & VAL_ZERO)) {
    if (value_expand_zeroblob(p)) return NULL;
  }
  if ((f & (VAL_STR | VAL_BLOB)) == 0) {
    if (value_render_number(p)) return NULL;
  } else if (f & VAL_BLOB) {
    p->enc = enc;     /* blob bytes are read as text of the wanted encoding */
  }
  if ((p->flags & VAL_STR) && p->enc != enc) {
    if (value_change_encoding(p, enc)) return NULL;
  }
  if ((p->flags & VAL_TERM) == 0 || p->z == NULL) {
    if (value_make_writable(p)) return NULL;
  }
  return (const unsigned char *)p->z;
}

int value_bytes(Value *p, u8 enc) {
  ASSERT(value_is_valid(p));
  u16 f = p->flags;
  if (f & VAL_NULL) return 0;
  if (f & VAL_BLOB) return p->n + ((f & VAL_ZERO) ? p->u.nZero : 0);
  if (enc == SQLITE_UTF16) enc = value_native16();
  if ((f & VAL_STR) && p->enc == enc) return p->n;
  if (value_text(p, enc) == NULL) return 0;
  return p->n;
}

const void *value_blob(Value *p) {
  u16 f = p->flags;
  if (f & (VAL_BLOB | VAL_STR)) {
    if (f & VAL_ZERO) {
      if (value_expand_zeroblob(p)) return NULL;
    }
    return p->n ? p->z : NULL;
  }
  return value_text(p, SQLITE_UTF8);
}

int value_expand_zeroblob(Value *p) {
  if ((p->flags & VAL_ZERO) == 0) return SQLITE_OK;
  ASSERT(p->flags & VAL_BLOB);
  i64 nTotal = (i64)p->n + p->u.nZero;
  if (nTotal > value_max_len(p)) return SQLITE_TOOBIG;
  u16 keep = p->flags & ~(VAL_ZERO | VAL_DYN | VAL_STATIC | VAL_EPHEM);
  int nZero = p->u.nZero;
  if (value_grow(p, (int)nTotal + 2, 1)) return SQLITE_NOMEM;
  memset(p->z + p->n, 0, (size_t)nZero + 2);
  p->n = (int)nTotal;
  p->u.i = 0;
  p->flags = keep | VAL_TERM;
  return SQLITE_OK;
}

/* ---- text -> number (datatype3.html) ---------------------------------- */

static int value_isspace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == '\v';
}
static int value_isdigit(char c) { return c >= '0' && c <= '9'; }

/* The shape of the longest numeric prefix of z[0..n). */
typedef struct NumScan {
  int iStart;     /* first byte of the number (after leading spaces) */
  int iEnd;       /* one past its last byte; iStart if no number */
  int bIntSyntax; /* only sign and digits */
  int bComplete;  /* nothing but spaces follows */
} NumScan;

static void value_scan_number(const char *z, int n, NumScan *pS) {
  int i = 0, nDigit = 0;
  while (i < n && value_isspace(z[i])) i++;
  pS->iStart = i;
  pS->bIntSyntax = 1;
  if (i < n && (z[i] == '-' || z[i] == '+')) i++;
  while (i < n && value_isdigit(z[i])) i++, nDigit++;
  if (i < n && z[i] == '.') {
    int j = i + 1, nFrac = 0;
    while (j < n && value_isdigit(z[j])) j++, nFrac++;
    if (nDigit + nFrac > 0) {
      i = j;
      nDigit += nFrac;
      pS->bIntSyntax = 0;
    }
  }
  if (nDigit == 0) {
    pS->iEnd = pS->iStart;
    pS->bIntSyntax = 0;
    pS->bComplete = 0;
    return;
  }
  if (i < n && (z[i] == 'e' || z[i] == 'E')) {
    int j = i + 1;
    if (j < n && (z[j] == '-' || z[j] == '+')) j++;
    if (j < n && value_isdigit(z[j])) {
      while (j < n && value_isdigit(z[j])) j++;
      i = j;
      pS->bIntSyntax = 0;
    }
  }
  pS->iEnd = i;
  while (i < n && value_isspace(z[i])) i++;
  pS->bComplete = (i == n);
}

/* Parses sign and digits at z[0..n) (after spaces); *pbOver on overflow,
** result clamped. */
static i64 value_parse_digits(const char *z, int n, int *pbOver) {
  int i = 0, bNeg = 0;
  u64 u = 0;
  *pbOver = 0;
  if (i < n && (z[i] == '-' || z[i] == '+')) bNeg = (z[i++] == '-');
  for (; i < n && value_isdigit(z[i]); i++) {
    u32 d = (u32)(z[i] - '0');
    if (u > (UINT64_MAX - d) / 10) {
      *pbOver = 1;
      u = UINT64_MAX;
    } else {
      u = u * 10 + d;
    }
  }
  if (bNeg) {
    if (u > (u64)INT64_MAX + 1) *pbOver = 1;
    return u >= (u64)INT64_MAX + 1 ? INT64_MIN : -(i64)u;
  }
  if (u > (u64)INT64_MAX) {
    *pbOver = 1;
    return INT64_MAX;
  }
  return (i64)u;
}

i64 util_prefix_int(const char *z, int n) {
  int i = 0, bOver;
  while (i < n && value_isspace(z[i])) i++;
  return value_parse_digits(z + i, n - i, &bOver);
}

int util_atoi64(const char *z, int n, i64 *pOut) {
  NumScan s;
  int bOver;
  value_scan_number(z, n, &s);
  *pOut = value_parse_digits(z + s.iStart, n - s.iStart, &bOver);
  if (!s.bIntSyntax || !s.bComplete) return 1;
  return bOver ? 2 : 0;
}

/* Decimal text -> double exactly as SQLite 3.40 computes it (not always
** correctly rounded, so strtod would differ in the last bit for long or
** extreme inputs): up to ~18 significant digits are accumulated in an
** integer, the decimal exponent is reduced where that is exact, and the
** rest is applied with 80-bit long double powers of ten (steps of 1e22,
** or 1e308 for the largest exponents).  z[0..n) is a validated numeric
** prefix: sign, digits, optional fraction, optional exponent. */
#define VALUE_SIG_LIMIT ((INT64_MAX - 9) / 10)

static double value_scale(i64 s, int e, int esign) {
  long double scale = 1.0;
  double result;
  if (e > 307) {
    if (e >= 342) return esign < 0 ? 0.0 * (double)s : 1e308 * 1e308 * (double)s;
    while (e % 308) scale *= 1.0e+1, e -= 1;
    if (esign < 0) {
      result = (double)(s / scale);
      result /= 1.0e+308;
    } else {
      result = (double)(s * scale);
      result *= 1.0e+308;
    }
    return result;
  }
  while (e % 22) scale *= 1.0e+1, e -= 1;
  while (e > 0) scale *= 1.0e+22, e -= 22;
  return esign < 0 ? (double)(s / scale) : (double)(s * scale);
}

static double value_decimal(const char *z, int n) {
  const char *zEnd = z + n;
  int sign = 1, d = 0, e = 0, esign = 1, nDigit = 0;
  i64 s = 0;
  if (z < zEnd && (*z == '-' || *z == '+')) sign = (*z++ == '-') ? -1 : 1;
  for (; z < zEnd && value_isdigit(*z); z++) {
    nDigit++;
    if (s < VALUE_SIG_LIMIT) s = s * 10 + (*z - '0');
    else d++;                       /* digits past the significand scale it */
  }
  if (z < zEnd && *z == '.') {
    for (z++; z < zEnd && value_isdigit(*z); z++) {
      if (s < VALUE_SIG_LIMIT) s = s * 10 + (*z - '0'), d--, nDigit++;
    }
  }
  if (z < zEnd && (*z == 'e' || *z == 'E')) {
    z++;
    if (z < zEnd && (*z == '-' || *z == '+')) esign = (*z++ == '-') ? -1 : 1;
    for (; z < zEnd && value_isdigit(*z); z++) e = e < 10000 ? e * 10 + (*z - '0') : 10000;
  }
  e = e * esign + d;
  esign = e < 0 ? -1 : 1;
  if (e < 0) e = -e;
  if (s == 0) return (sign < 0 && nDigit) ? -0.0 : 0.0;
  /* shrink the exponent where that is exact */
  while (e > 0) {
    if (esign > 0) {
      if (s >= INT64_MAX / 10) break;
      s *= 10;
    } else {
      if (s % 10 != 0) break;
      s /= 10;
    }
    e--;
  }
  if (sign < 0) s = -s;
  return e == 0 ? (double)s : value_scale(s, e, esign);
}

double util_prefix_real(const char *z, int n, int *pbInt, i64 *piVal) {
  NumScan s;
  value_scan_number(z, n, &s);
  *pbInt = 0;
  if (s.iEnd == s.iStart) {
    *pbInt = 1;
    *piVal = 0;
    return 0.0;
  }
  if (s.bIntSyntax) {
    int bOver;
    i64 v = value_parse_digits(z + s.iStart, s.iEnd - s.iStart, &bOver);
    if (!bOver) {
      *pbInt = 1;
      *piVal = v;
      return (double)v;
    }
  }
  return value_decimal(z + s.iStart, s.iEnd - s.iStart);
}

int util_atof(const char *z, int n, double *pOut) {
  NumScan s;
  value_scan_number(z, n, &s);
  *pOut = s.iEnd > s.iStart ? value_decimal(z + s.iStart, s.iEnd - s.iStart) : 0.0;
  return s.iEnd > s.iStart && s.bComplete;
}

/* True if r is an integer that SQLite stores as INTEGER (strictly inside
** the i64 range, as SQLite's integer affinity demands). */
static int value_real_is_int(double r, i64 *piOut) {
  if (!(r > -9223372036854775808.0 && r < 9223372036854775808.0)) return 0;
  i64 i = (i64)r;
  if ((double)i != r || i == INT64_MIN || i == INT64_MAX) return 0;
  *piOut = i;
  return 1;
}

/* ---- affinity and CAST ------------------------------------------------ */

static void value_become_int(Value *p, i64 v) {
  u16 keep = p->flags & (VAL_SUBTYPE | VAL_FROMBIND);
  value_clear(p);
  p->u.i = v;
  p->flags = VAL_INT | keep;
}

static void value_become_real(Value *p, double r) {
  u16 keep = p->flags & (VAL_SUBTYPE | VAL_FROMBIND);
  value_clear(p);
  p->u.r = r;
  p->flags = VAL_REAL | keep;
}

/* NUMERIC affinity on text: only a complete, well-formed number converts. */
static void value_numeric_affinity(Value *p, int bTryInt) {
  char *zFree;
  int n;
  NumScan s;
  if ((p->flags & (VAL_STR | VAL_INT | VAL_REAL | VAL_BLOB)) != VAL_STR) return;
  const char *z = value_utf8_view(p, &n, &zFree);
  value_scan_number(z, n, &s);
  if (s.iEnd == s.iStart || !s.bComplete) {
    mem_free(zFree);
    return;
  }
  int bInt;
  i64 iv;
  double r = util_prefix_real(z + s.iStart, s.iEnd - s.iStart, &bInt, &iv);
  mem_free(zFree);
  if (bInt) {
    value_become_int(p, iv);
  } else if (bTryInt && value_real_is_int(r, &iv)) {
    value_become_int(p, iv);
  } else {
    value_become_real(p, r);
  }
}

int value_numeric_type(Value *p) {
  if ((p->flags & (VAL_STR | VAL_INT | VAL_REAL | VAL_BLOB)) == VAL_STR) {
    value_numeric_affinity(p, 0);
  }
  return value_type(p);
}

void value_apply_affinity(Value *p, char aff, u8 enc) {
  u16 f = p->flags;
  if (f & (VAL_NULL | VAL_BLOB)) return;
  if (aff == AFF_TEXT) {
    if ((f & VAL_STR) == 0) value_text(p, enc);
    if (p->flags & VAL_STR) p->flags &= ~(VAL_INT | VAL_REAL);
    return;
  }
  if (aff < AFF_NUMERIC) return;         /* BLOB / NONE: untouched */
  if ((f & (VAL_INT | VAL_REAL)) == 0) value_numeric_affinity(p, aff != AFF_REAL);
  f = p->flags;
  i64 iv;
  if (aff == AFF_REAL) {
    if (f & VAL_INT) value_become_real(p, (double)p->u.i);
  } else if ((f & VAL_REAL) && value_real_is_int(p->u.r, &iv)) {
    value_become_int(p, iv);
  } else if (f & (VAL_INT | VAL_REAL)) {
    p->flags &= ~VAL_STR;                /* the number is the value now */
    p->flags &= ~VAL_TERM;
    p->n = 0;
    p->z = NULL;
  }
}

int value_to_numeric(Value *p) {
  u16 f = p->flags;
  if (f & (VAL_INT | VAL_REAL | VAL_NULL)) {
    if (f & (VAL_INT | VAL_REAL)) p->flags &= ~(VAL_STR | VAL_BLOB | VAL_TERM);
    return SQLITE_OK;
  }
  char *zFree;
  int n, bInt;
  i64 iv;
  const char *z = value_utf8_view(p, &n, &zFree);
  double r = util_prefix_real(z, n, &bInt, &iv);
  mem_free(zFree);
  /* CAST keeps a real unless it is integral and small: |i| < 2^51. */
  if (!bInt && r >= -2251799813685248.0 && r < 2251799813685248.0 && r == (double)(i64)r) {
    bInt = 1;
    iv = (i64)r;
  }
  if (bInt) value_become_int(p, iv);
  else value_become_real(p, r);
  return SQLITE_OK;
}

/* CAST(x AS BLOB/TEXT) on a value that has bytes or a number. */
static int value_cast_bytes(Value *p, char aff, u8 enc) {
  u16 f = p->flags;
  if (aff == AFF_TEXT) {
    if (f & VAL_BLOB) {
      if (value_expand_zeroblob(p)) return SQLITE_NOMEM;
      p->flags = (u16)((p->flags & ~VAL_BLOB) | VAL_STR);
      p->flags &= ~VAL_TERM;
      p->enc = enc;
    }
    if (value_text(p, enc) == NULL) return SQLITE_NOMEM;
    p->flags &= ~(VAL_INT | VAL_REAL | VAL_BLOB);
    return SQLITE_OK;
  }
  if ((f & VAL_BLOB) == 0) {
    if ((f & VAL_STR) == 0 && value_text(p, enc) == NULL) return SQLITE_NOMEM;
    p->flags = (u16)((p->flags & ~(VAL_INT | VAL_REAL | VAL_STR | VAL_TERM)) | VAL_BLOB);
  }
  return SQLITE_OK;
}

int value_cast(Value *p, char aff, u8 enc) {
  if (p->flags & VAL_NULL) return SQLITE_OK;
  switch (aff) {
    case AFF_BLOB:
    case AFF_TEXT:
      return value_cast_bytes(p, aff, enc);
    case AFF_NUMERIC:
      return value_to_numeric(p);
    case AFF_INTEGER:
      value_become_int(p, value_int64(p));
      return SQLITE_OK;
    case AFF_REAL:
      value_become_real(p, value_real(p));
      return SQLITE_OK;
    default:
      return SQLITE_OK;
  }
}

/* ---- comparison and collations ---------------------------------------- */

static int coll_binary_cmp(void *pUser, int na, const void *a, int nb, const void *b) {
  UNUSED(pUser);
  int c = memcmp(a, b, (size_t)CORE_MIN(na, nb));
  return c ? c : na - nb;
}

static int coll_nocase_cmp(void *pUser, int na, const void *a, int nb, const void *b) {
  UNUSED(pUser);
  const u8 *x = a, *y = b;
  int n = CORE_MIN(na, nb);
  for (int i = 0; i < n; i++) {
    int c = core_upper_to_lower[x[i]] - core_upper_to_lower[y[i]];
    if (c) return c;
  }
  return na - nb;
}

static int coll_rtrim_cmp(void *pUser, int na, const void *a, int nb, const void *b) {
  const char *x = a, *y = b;
  while (na > 0 && x[na - 1] == ' ') na--;
  while (nb > 0 && y[nb - 1] == ' ') nb--;
  return coll_binary_cmp(pUser, na, a, nb, b);
}

Coll value_coll_binary = {"BINARY", SQLITE_UTF8, NULL, coll_binary_cmp, NULL, NULL};
Coll value_coll_nocase = {"NOCASE", SQLITE_UTF8, NULL, coll_nocase_cmp, NULL, NULL};
Coll value_coll_rtrim = {"RTRIM", SQLITE_UTF8, NULL, coll_rtrim_cmp, NULL, NULL};

Coll *coll_builtin(const char *zName) {
  if (zName == NULL) return NULL;
  if (str_icmp(zName, "BINARY") == 0) return &value_coll_binary;
  if (str_icmp(zName, "NOCASE") == 0) return &value_coll_nocase;
  if (str_icmp(zName, "RTRIM") == 0) return &value_coll_rtrim;
  return NULL;
}

int coll_compare(const Coll *pColl, const char *a, int na, const char *b, int nb) {
  if (pColl == NULL || pColl->xCmp == NULL) pColl = &value_coll_binary;
  return pColl->xCmp(pColl->pUser, na, a, nb, b);
}

/* Exact comparison of an integer with a double (no rounding through
** double, so 9007199254740993 > 9007199254740992.0). */
static int value_cmp_int_real(i64 i, double r) {
  if (r < -9223372036854775808.0) return 1;
  if (r >= 9223372036854775808.0) return -1;
  i64 t = (i64)r;
  if (i < t) return -1;
  if (i > t) return 1;
  if (r > (double)t) return -1;
  if (r < (double)t) return 1;
  return 0;
}

static int value_cmp_numbers(const Value *a, const Value *b) {
  int aInt = (a->flags & VAL_INT) != 0, bInt = (b->flags & VAL_INT) != 0;
  if (aInt && bInt) return a->u.i < b->u.i ? -1 : a->u.i > b->u.i;
  if (!aInt && !bInt) return a->u.r < b->u.r ? -1 : a->u.r > b->u.r;
  if (aInt) return value_cmp_int_real(a->u.i, b->u.r);
  return -value_cmp_int_real(b->u.i, a->u.r);
}

/* Blobs compare by memcmp of contents, zeroblob tails included. */
static int value_cmp_blobs(const Value *a, const Value *b) {
  i64 na = a->n + ((a->flags & VAL_ZERO) ? a->u.nZero : 0);
  i64 nb = b->n + ((b->flags & VAL_ZERO) ? b->u.nZero : 0);
  i64 n = CORE_MIN(na, nb);
  for (i64 i = 0; i < n; i++) {
    u8 x = i < a->n ? (u8)a->z[i] : 0;
    u8 y = i < b->n ? (u8)b->z[i] : 0;
    if (x != y) return x - y;
  }
  return na < nb ? -1 : na > nb;
}

/* Text under a collation, translating encodings to the collation's. */
static int value_cmp_text(const Value *a, const Value *b, const Coll *pColl) {
  if (pColl == NULL) pColl = &value_coll_binary;
  u8 enc = pColl->enc;
  if (enc == SQLITE_UTF16 || enc == SQLITE_UTF16_ALIGNED) enc = value_native16();
  if (enc < SQLITE_UTF8 || enc > SQLITE_UTF16BE) enc = SQLITE_UTF8;
  const char *za = a->z ? a->z : "", *zb = b->z ? b->z : "";
  int na = a->n, nb = b->n;
  char *zfa = NULL, *zfb = NULL;
  if ((a->flags & VAL_STR) && a->enc != enc) {
    zfa = utf_translate(za, na, a->enc, enc, &na);
    za = zfa ? zfa : "";
  }
  if ((b->flags & VAL_STR) && b->enc != enc) {
    zfb = utf_translate(zb, nb, b->enc, enc, &nb);
    zb = zfb ? zfb : "";
  }
  int c = coll_compare(pColl, za, na, zb, nb);
  mem_free(zfa);
  mem_free(zfb);
  return c;
}

/* Storage-class rank in SQLite's sort order. */
static int value_class_rank(const Value *p) {
  u16 f = p->flags;
  if (f & VAL_NULL) return 0;
  if (f & (VAL_INT | VAL_REAL)) return 1;
  if (f & VAL_STR) return 2;
  return 3;
}

int value_compare(const Value *a, const Value *b, const Coll *pColl) {
  ASSERT(value_is_valid(a) && value_is_valid(b));
  if ((a->flags & b->flags & VAL_INT) && !((a->flags | b->flags) & VAL_NULL)) {
    return a->u.i < b->u.i ? -1 : a->u.i > b->u.i; /* the common case: two integers */
  }
  int ra = value_class_rank(a), rb = value_class_rank(b);
  if (ra != rb) return ra - rb;
  switch (ra) {
    case 0: return 0;
    case 1: return value_cmp_numbers(a, b);
    case 2: return value_cmp_text(a, b, pColl);
    default: return value_cmp_blobs(a, b);
  }
}
