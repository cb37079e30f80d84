/*
** printf.c: the string accumulator and SQLite's printf conversions.
**
** Output must equal SQLite 3.40's byte for byte, including its floating
** point rendering: digits come from an 80-bit long double that is scaled
** into [1,10) and peeled one digit at a time, with at most 16 significant
** digits (26 with the '!' flag) and zeros after that.  The C library's
** printf rounds differently (exactly), so it is not used for doubles.
**
** Invariants (see also printf.h):
**   1. Every conversion consumes its arguments in order from one PfArgs
**      source; a Value source past its end yields NULL (0, 0.0, "").
**   2. An unknown conversion character ends formatting: nothing after it
**      is output (SQLite's behaviour, e.g. for %h).
**   3. Temporary buffers for one conversion are bounded by the precision
**      and width (checked against mxAlloc before allocating).
*/
#include <math.h>
#include <stdio.h>
#include "conn.h"
#include "printf.h"

#define PF_MAX_LENGTH 1000000000
#define PF_BUF 120

/* ---- the accumulator ---------------------------------------------------- */

void str_init(StrAccum *p, struct sqlite3 *db, char *zBase, int nBase, int mx) {
  ASSERT(nBase >= 0 && mx >= 0);
  memset(p, 0, sizeof(*p));
  p->db = db;
  p->zText = zBase;
  p->nAlloc = zBase ? (u32)nBase : 0;
  p->mxAlloc = (u32)mx;
  if (zBase && nBase > 0) zBase[0] = 0;
}

static int str_limit(struct sqlite3 *db) {
  return db ? db->aLimit[SQLITE_LIMIT_LENGTH] : PF_MAX_LENGTH;
}

static StrAccum str_oom_object = {NULL, NULL, 0, 0, 0, SQLITE_NOMEM, 0, 0};

StrAccum *str_new(struct sqlite3 *db) {
  StrAccum *p = mem_malloc(sizeof(StrAccum));
  if (p == NULL) return &str_oom_object;
  str_init(p, db, NULL, 0, str_limit(db));
  p->bHeap = 1;
  return p;
}

/* Sets the sticky error (invariant 2) and drops the text. */
static void str_set_error(StrAccum *p, int rc) {
  p->accError = (u8)rc;
  if (p->mxAlloc) str_reset(p);
  else if (p->nAlloc) p->zText[p->nChar] = 0;
}

/* Makes room for n more bytes plus a NUL; returns the bytes available
** (less than n only for a fixed buffer, which then truncates). */
static u32 str_room(StrAccum *p, u32 n) {
  if (p->accError) return 0;
  u64 need = (u64)p->nChar + n + 1;
  if (p->mxAlloc && need - 1 > p->mxAlloc) {   /* invariant 3, even in the base buffer */
    str_set_error(p, SQLITE_TOOBIG);
    return 0;
  }
  if (need <= p->nAlloc) return n;
  if (p->mxAlloc == 0) {  /* fixed caller buffer: truncate (invariant 3) */
    str_set_error(p, SQLITE_TOOBIG);
    return p->nAlloc > p->nChar + 1 ? p->nAlloc - p->nChar - 1 : 0;
  }
  if (need - 1 > p->mxAlloc) {
    str_set_error(p, SQLITE_TOOBIG);
    return 0;
  }
  u64 nNew = need + (p->nChar < 1000000 ? p->nChar : need / 4);
  if (nNew < 64) nNew = 64;
  if (nNew > (u64)p->mxAlloc + 1) nNew = (u64)p->mxAlloc + 1;
  char *zNew;
  if (p->bMalloced) {
    zNew = mem_realloc(p->zText, nNew);
  } else {
    zNew = mem_malloc(nNew);
    if (zNew && p->nChar) memcpy(zNew, p->zText, p->nChar);
  }
  if (zNew == NULL) {
    str_set_error(p, SQLITE_NOMEM);
    return 0;
  }
  p->zText = zNew;
  p->nAlloc = (u32)nNew;
  p->bMalloced = 1;
  return n;
}

void str_append(StrAccum *p, const char *z, int n) {
  ASSERT(z != NULL || n == 0);
  if (n <= 0 || p->accError) return;
  u32 nOk = str_room(p, (u32)n);
  if (nOk == 0) return;
  memcpy(p->zText + p->nChar, z, nOk);
  p->nChar += nOk;
  p->zText[p->nChar] = 0;
}

void str_appendall(StrAccum *p, const char *z) {
  if (z) str_append(p, z, (int)strlen(z));
}

void str_appendchar(StrAccum *p, int n, char c) {
  if (n <= 0 || p->accError) return;
  u32 nOk = str_room(p, (u32)n);
  if (nOk == 0) return;
  memset(p->zText + p->nChar, c, nOk);
  p->nChar += nOk;
  p->zText[p->nChar] = 0;
}

void str_reset(StrAccum *p) {
  if (p->bMalloced) mem_free(p->zText);
  p->zText = NULL;
  p->nAlloc = 0;
  p->nChar = 0;
  p->bMalloced = 0;
}

int str_errcode(StrAccum *p) { return p ? p->accError : SQLITE_NOMEM; }
int str_length(StrAccum *p) { return p ? (int)p->nChar : 0; }

char *str_value(StrAccum *p) {
  if (p == NULL || p->accError || p->nChar == 0) return NULL;
  p->zText[p->nChar] = 0;
  return p->zText;
}

char *str_text_finish(StrAccum *p) {
  char *z = NULL;
  if (p->accError == 0 && p->zText) {
    if (p->bMalloced) {
      z = p->zText;
      p->zText = NULL;
      p->bMalloced = 0;
    } else {
      z = mem_strndup(p->zText, (int)p->nChar);
      if (z == NULL) p->accError = SQLITE_NOMEM;
    }
  }
  str_reset(p);
  return z;
}

char *str_finish(StrAccum *p) {
  if (p == NULL || p == &str_oom_object) return NULL;
  char *z = str_text_finish(p);
  if (p->bHeap) mem_free(p);
  return z;
}

/* ---- argument sources (invariant 1) -------------------------------------- */

typedef struct PfArgs {
  va_list ap;       /* C arguments when apArg == NULL */
  Value **apArg;    /* SQL values, or NULL */
  int nArg;         /* entries in apArg */
  int iArg;         /* next one to use */
} PfArgs;

static Value *pf_next_value(PfArgs *a) {
  return a->iArg < a->nArg ? a->apArg[a->iArg++] : NULL;
}

/* A signed integer of the given C length (0 int, 1 long, 2 long long). */
static i64 pf_arg_int(PfArgs *a, int nLong) {
  if (a->apArg) {
    Value *v = pf_next_value(a);
    return v ? value_int64(v) : 0;
  }
  if (nLong == 2) return va_arg(a->ap, long long);
  if (nLong == 1) return va_arg(a->ap, long);
  return va_arg(a->ap, int);
}

static u64 pf_arg_uint(PfArgs *a, int nLong) {
  if (a->apArg) {
    Value *v = pf_next_value(a);
    return v ? (u64)value_int64(v) : 0;
  }
  if (nLong == 2) return va_arg(a->ap, unsigned long long);
  if (nLong == 1) return va_arg(a->ap, unsigned long);
  return va_arg(a->ap, unsigned int);
}

static double pf_arg_double(PfArgs *a) {
  if (a->apArg) {
    Value *v = pf_next_value(a);
    return v ? value_real(v) : 0.0;
  }
  return va_arg(a->ap, double);
}

/* Text argument; NULL for a NULL pointer or SQL NULL. */
static const char *pf_arg_text(PfArgs *a) {
  if (a->apArg) {
    Value *v = pf_next_value(a);
    return v ? (const char *)value_text(v, SQLITE_UTF8) : NULL;
  }
  return va_arg(a->ap, const char *);
}

/* ---- one conversion ------------------------------------------------------ */

typedef struct PfSpec {
  int width;       /* minimum width (0 none) */
  int precision;   /* -1 when absent */
  u8 bLeft;        /* '-' */
  char cPlus;      /* '+' or ' ' (the last of the two flags wins), or 0 */
  u8 bAlt;         /* '#' */
  u8 bAlt2;        /* '!' */
  u8 bZero;        /* '0' */
  u8 bComma;       /* ',' */
  int nLong;       /* 0, 1 (l), 2 (ll) */
  char cType;      /* the conversion character */
} PfSpec;

/* Appends z (n bytes, nChar display units) padded to the spec's width. */
static void pf_emit_padded(StrAccum *acc, const PfSpec *s, const char *z, int n, int nChar) {
  int nPad = s->width > nChar ? s->width - nChar : 0;
  if (!s->bLeft) str_appendchar(acc, nPad, ' ');
  str_append(acc, z, n);
  if (s->bLeft) str_appendchar(acc, nPad, ' ');
}

/* Allocates a scratch buffer of n bytes (or uses aStack), failing the
** accumulator with TOOBIG/NOMEM (invariant 3). */
static char *pf_scratch(StrAccum *acc, char *aStack, u64 n) {
  if (n <= PF_BUF) return aStack;
  u64 mx = acc->mxAlloc ? acc->mxAlloc : PF_MAX_LENGTH;
  if (n > mx + 400) {
    str_set_error(acc, SQLITE_TOOBIG);
    return NULL;
  }
  char *z = mem_malloc(n);
  if (z == NULL) str_set_error(acc, SQLITE_NOMEM);
  return z;
}

/* Integer conversions: d i u x X o p. */
static void pf_integer(StrAccum *acc, PfSpec *s, PfArgs *a) {
  char aStack[PF_BUF];
  char cSign = 0;
  u64 u;
  int bSigned = (s->cType == 'd' || s->cType == 'i');
  if (s->cType == 'p') {
    u = a->apArg ? (u64)pf_arg_int(a, 2) : (u64)(uintptr_t)va_arg(a->ap, void *);
  } else if (bSigned) {
    i64 v = pf_arg_int(a, s->nLong);
    if (v < 0) {
      u = (u64)0 - (u64)v;
      cSign = '-';
    } else {
      u = (u64)v;
      cSign = s->cPlus;
    }
  } else {
    u = pf_arg_uint(a, s->nLong);
  }
  int bHex = (s->cType == 'x' || s->cType == 'X' || s->cType == 'p');
  int base = (s->cType == 'o') ? 8 : bHex ? 16 : 10;
  const char *zDigits = (s->cType == 'x') ? "0123456789abcdef" : "0123456789ABCDEF";
  int precision = s->precision < 0 ? 1 : s->precision;
  if (s->bZero && s->width - (cSign != 0) > precision) precision = s->width - (cSign != 0);
  u64 n = (u64)precision + 100 + (u64)precision / 3;
  char *zBuf = pf_scratch(acc, aStack, n);
  if (zBuf == NULL) return;
  /* Digits are built backwards from the end of the buffer. */
  char *zEnd = zBuf + n, *p = zEnd;
  int nDigit = 0;
  u64 u0 = u;
  do {
    *--p = zDigits[u % (u64)base];
    u /= (u64)base;
    nDigit++;
  } while (u);
  while (nDigit < precision) *--p = '0', nDigit++;
  if (s->bComma && base == 10) {
    int nAdd = (nDigit - 1) / 3;
    char *q = p - nAdd;
    for (int i = 0; i < nDigit; i++) {
      *q++ = p[i];
      if ((nDigit - 1 - i) % 3 == 0 && i < nDigit - 1) *q++ = ',';
    }
    p -= nAdd;
  }
  if (s->bAlt && u0 != 0) {   /* '#': 0, 0x or 0X prefix (%p: "0x", digits upper) */
    if (base == 8) *--p = '0';
    if (base == 16) *--p = (s->cType == 'X') ? 'X' : 'x', *--p = '0';
  }
  if (cSign) *--p = cSign;
  pf_emit_padded(acc, s, p, (int)(zEnd - p), (int)(zEnd - p));
  if (zBuf != aStack) mem_free(zBuf);
}

/* Next decimal digit of *pv (in [0,10)), or '0' once *pnSig digits have
** been produced. */
static char pf_digit(long double *pv, int *pnSig) {
  if (*pnSig <= 0) return '0';
  (*pnSig)--;
  int d = (int)*pv;
  *pv = (*pv - d) * 10.0;
  return (char)('0' + d);
}

/* Scales v (> 0) into [1,10), returning the decimal exponent; > 350 means
** infinite. */
static int pf_normalize(long double *pv) {
  long double v = *pv, scale = 1.0;
  int exp = 0;
  while (v >= 1e100 * scale && exp <= 350) scale *= 1e100, exp += 100;
  while (v >= 1e10 * scale && exp <= 350) scale *= 1e10, exp += 10;
  while (v >= 10.0 * scale && exp <= 350) scale *= 10.0, exp++;
  v /= scale;
  while (v < 1e-8) v *= 1e8, exp -= 8;
  while (v < 1.0) v *= 10.0, exp--;
  *pv = v;
  return exp;
}

/* Writes the mantissa/fraction digits and exponent of an f/e/g conversion
** into z; returns the length.  v is >= 0, already normalized (exp). */
static int pf_float_digits(char *z, long double v, int exp, int precision, int bExpForm,
                           int bRtz, const PfSpec *s) {
  char *p = z;
  int e2 = bExpForm ? 0 : exp;
  int nSig = 16 + s->bAlt2 * 10;
  int bDp = precision > 0 || s->bAlt || s->bAlt2;
  if (e2 < 0) {
    *p++ = '0';
  } else {
    for (; e2 >= 0; e2--) *p++ = pf_digit(&v, &nSig);
  }
  if (bDp) *p++ = '.';
  for (e2++; e2 < 0 && precision > 0; precision--, e2++) *p++ = '0';
  while (precision-- > 0) *p++ = pf_digit(&v, &nSig);
  if (bRtz && bDp) {
    while (p[-1] == '0') p--;
    if (p[-1] == '.') {
      if (s->bAlt2) *p++ = '0';
      else p--;
    }
  }
  if (bExpForm) {
    *p++ = (s->cType == 'E' || s->cType == 'G') ? 'E' : 'e';
    if (exp < 0) *p++ = '-', exp = -exp;
    else *p++ = '+';
    if (exp >= 100) *p++ = (char)('0' + exp / 100), exp %= 100;
    *p++ = (char)('0' + exp / 10);
    *p++ = (char)('0' + exp % 10);
  }
  return (int)(p - z);
}

/* 0.5 * 10^-precision, built from a table of the first ten powers and
** steps of 1e-10 (the rounding constant SQLite adds before peeling). */
static double pf_rounder(int precision) {
  static const double aRound[10] = {5.0e-01, 5.0e-02, 5.0e-03, 5.0e-04, 5.0e-05,
                                    5.0e-06, 5.0e-07, 5.0e-08, 5.0e-09, 5.0e-10};
  int idx = precision & 0xfff;
  double rounder = aRound[idx % 10];
  while (idx >= 10) rounder *= 1.0e-10, idx -= 10;
  return rounder;
}

/* Floating conversions: f e E g G. */
static void pf_float(StrAccum *acc, PfSpec *s, PfArgs *a) {
  double r = pf_arg_double(a);
  char aStack[PF_BUF];
  int precision = s->precision < 0 ? 6 : s->precision;
  char cSign = r < 0 ? '-' : s->cPlus;
  int bGeneric = (s->cType == 'g' || s->cType == 'G');
  int bExpForm = (s->cType == 'e' || s->cType == 'E');
  if (isnan(r)) {
    pf_emit_padded(acc, s, "NaN", 3, 3);
    return;
  }
  long double v = r < 0 ? -(long double)r : (long double)r;
  if (bGeneric && precision > 0) precision--;
  double rounder = pf_rounder(precision);
  if (s->cType == 'f') {
    /* Nudge up by a few ulps when few digits are printed, so that values
    ** like 792.5 or 2.0005 that sit just below a tie round as written. */
    int exBin;
    frexp(r, &exBin);
    if (precision + ((exBin - 1) / 3) < 15) rounder += (double)(v * 3e-16);
    v += rounder;
  }
  int exp = 0;
  if (v > 0.0) exp = pf_normalize(&v);
  if (exp > 350) {
    char zInf[5] = {cSign, 'I', 'n', 'f', 0};
    const char *z = cSign ? zInf : zInf + 1;
    pf_emit_padded(acc, s, z, (int)strlen(z), (int)strlen(z));
    return;
  }
  if (s->cType != 'f') {
    v += rounder;
    if (v >= 10.0) v *= 0.1, exp++;
  }
  int bRtz = s->bAlt2;
  if (bGeneric) {
    bRtz = !s->bAlt;
    if (exp < -4 || exp > precision) {
      bExpForm = 1;
    } else {
      precision -= exp;
    }
  }
  u64 n = (u64)precision + (exp > 0 ? (u64)exp : 0) + 40 + (u64)s->width;
  char *zBuf = pf_scratch(acc, aStack, n);
  if (zBuf == NULL) return;
  char *p = zBuf;
  if (cSign) *p++ = cSign;
  int len = (int)(p - zBuf) + pf_float_digits(p, v, exp, precision, bExpForm, bRtz, s);
  if (s->bZero && !s->bLeft && len < s->width) {
    int nPad = s->width - len, iAt = cSign ? 1 : 0;
    memmove(zBuf + iAt + nPad, zBuf + iAt, (size_t)(len - iAt));
    memset(zBuf + iAt, '0', (size_t)nPad);
    len = s->width;
  }
  pf_emit_padded(acc, s, zBuf, len, len);
  if (zBuf != aStack) mem_free(zBuf);
}

/* Byte length of the first nChar UTF-8 characters of z[0..n). */
static int pf_utf8_prefix(const char *z, int n, int nChar) {
  const unsigned char *u = (const unsigned char *)z;
  int i = 0;
  while (i < n && nChar-- > 0) {
    if (u[i++] >= 0xC0) {
      while (i < n && (u[i] & 0xC0) == 0x80) i++;
    }
  }
  return i;
}

/* %s and %z. */
static void pf_string(StrAccum *acc, PfSpec *s, PfArgs *a) {
  const char *z = pf_arg_text(a);
  char *zFree = (s->cType == 'z' && a->apArg == NULL) ? (char *)z : NULL;
  if (z == NULL) z = "";
  int n;
  if (s->precision >= 0) {
    if (s->bAlt2) {
      n = pf_utf8_prefix(z, (int)strnlen(z, 0x7fffffff), s->precision);
    } else {
      n = (int)strnlen(z, (size_t)s->precision);
    }
  } else {
    n = (int)strlen(z);
  }
  int nChar = s->bAlt2 ? utf8_char_count((const unsigned char *)z, n) : n;
  pf_emit_padded(acc, s, z, n, nChar);
  mem_free(zFree);
}

/* %q %Q %w: quote-doubling escapes. */
static void pf_escaped(StrAccum *acc, PfSpec *s, PfArgs *a) {
  const char *z = pf_arg_text(a);
  char q = s->cType == 'w' ? '"' : '\'';
  int bQuote = s->cType == 'Q';
  if (z == NULL) {         /* the placeholder is itself cut by the precision */
    z = bQuote ? "NULL" : "(NULL)";
    bQuote = 0;
  }
  int n;
  if (s->precision < 0) n = (int)strlen(z);
  else if (s->bAlt2) n = pf_utf8_prefix(z, (int)strlen(z), s->precision);
  else n = (int)strnlen(z, (size_t)s->precision);
  int nQ = 0;
  for (int i = 0; i < n; i++) nQ += (z[i] == q);
  char aStack[PF_BUF];
  char *zBuf = pf_scratch(acc, aStack, (u64)n + nQ + 3);
  if (zBuf == NULL) return;
  char *p = zBuf;
  if (bQuote) *p++ = q;
  for (int i = 0; i < n; i++) {
    *p++ = z[i];
    if (z[i] == q) *p++ = q;
  }
  if (bQuote) *p++ = q;
  int len = (int)(p - zBuf);
  int nChar = s->bAlt2 ? utf8_char_count((const unsigned char *)zBuf, len) : len;
  pf_emit_padded(acc, s, zBuf, len, nChar);
  if (zBuf != aStack) mem_free(zBuf);
}

/* %c: a character, repeated precision times. */
static void pf_char(StrAccum *acc, PfSpec *s, PfArgs *a) {
  unsigned char ch[8];
  int nCh;
  if (a->apArg) {
    const char *z = pf_arg_text(a);
    if (z == NULL) z = "";
    nCh = z[0] ? pf_utf8_prefix(z, (int)strlen(z), 1) : 1;   /* "" gives a NUL byte */
    memcpy(ch, z, (size_t)nCh);
  } else {
    unsigned c = (unsigned)va_arg(a->ap, int);
    nCh = (c < 0x80) ? (ch[0] = (u8)c, 1) : utf8_encode(ch, c & 0x1FFFFF);
  }
  int nRep = s->precision > 1 ? s->precision : 1;
  int nPad = s->width > nRep ? s->width - nRep : 0;
  if (!s->bLeft) str_appendchar(acc, nPad, ' ');
  for (int i = 0; i < nRep && nCh > 0 && acc->accError == 0; i++) {
    str_append(acc, (const char *)ch, nCh);
  }
  if (s->bLeft) str_appendchar(acc, nPad, ' ');
}

/* Parses flags, width, precision ('*' reads an argument; negative width
** means left-justify, negative precision its absolute value) and length
** at *pz (just after '%'); leaves *pz at the conversion character. */
static void pf_parse_spec(const char **pz, PfSpec *s, PfArgs *a) {
  const char *z = *pz;
  memset(s, 0, sizeof(*s));
  s->precision = -1;
  for (;; z++) {
    if (*z == '-') s->bLeft = 1;
    else if (*z == '+' || *z == ' ') s->cPlus = *z;
    else if (*z == '#') s->bAlt = 1;
    else if (*z == '!') s->bAlt2 = 1;
    else if (*z == '0') s->bZero = 1;
    else if (*z == ',') s->bComma = 1;
    else break;
  }
  if (*z == '*') {
    i64 w = pf_arg_int(a, 0);
    if (w < 0) s->bLeft = 1, w = w >= -0x7fffffff ? -w : 0;
    s->width = (int)(w & 0x7fffffff);
    z++;
  } else {
    u32 w = 0;
    while (*z >= '0' && *z <= '9') w = w * 10 + (u32)(*z++ - '0');
    s->width = (int)(w & 0x7fffffff);
  }
  if (*z == '.') {
    z++;
    if (*z == '*') {
      i64 p = pf_arg_int(a, 0);
      s->precision = (int)((p < 0 ? (p >= -0x7fffffff ? -p : 0) : p) & 0x7fffffff);
      z++;
    } else {
      u32 p = 0;
      while (*z >= '0' && *z <= '9') p = p * 10 + (u32)(*z++ - '0');
      s->precision = (int)(p & 0x7fffffff);
    }
  }
  if (*z == 'l') {
    s->nLong = 1;
    if (*++z == 'l') s->nLong = 2, z++;
  }
  s->cType = *z;
  *pz = z;
}

/* Runs one conversion; returns 0 when formatting must stop (invariant 2). */
static int pf_convert(StrAccum *acc, PfSpec *s, PfArgs *a) {
  switch (s->cType) {
    case 'd': case 'i': case 'u': case 'x': case 'X': case 'o': case 'p':
      pf_integer(acc, s, a);
      return 1;
    case 'f': case 'e': case 'E': case 'g': case 'G':
      pf_float(acc, s, a);
      return 1;
    case 's': case 'z':
      pf_string(acc, s, a);
      return 1;
    case 'q': case 'Q': case 'w':
      pf_escaped(acc, s, a);
      return 1;
    case 'c':
      pf_char(acc, s, a);
      return 1;
    case '%':
      pf_emit_padded(acc, s, "%", 1, 1);
      return 1;
    case 'n':
      if (a->apArg == NULL) *va_arg(a->ap, int *) = (int)acc->nChar;
      return 1;
    default:
      return 0;
  }
}

static void pf_format(StrAccum *acc, const char *zFmt, PfArgs *a) {
  const char *z = zFmt;
  while (*z && acc->accError == 0) {
    const char *zPct = strchr(z, '%');
    if (zPct == NULL) {
      str_appendall(acc, z);
      return;
    }
    str_append(acc, z, (int)(zPct - z));
    z = zPct + 1;
    if (*z == 0) {        /* a lone trailing '%' is printed as is */
      str_append(acc, "%", 1);
      return;
    }
    PfSpec s;
    pf_parse_spec(&z, &s, a);
    if (!pf_convert(acc, &s, a)) return;
    z++;
  }
}

void str_vappendf(StrAccum *p, const char *zFmt, va_list ap) {
  if (p == NULL || zFmt == NULL) return;
  PfArgs a;
  memset(&a, 0, sizeof(a));
  va_copy(a.ap, ap);
  pf_format(p, zFmt, &a);
  va_end(a.ap);
}

void str_appendf(StrAccum *p, const char *zFmt, ...) {
  va_list ap;
  va_start(ap, zFmt);
  str_vappendf(p, zFmt, ap);
  va_end(ap);
}

/* Formats from SQL values.  a->ap is never read (apArg != NULL), but a
** va_list has no portable "empty" value, so this variadic shim starts one
** from its own (empty) argument list. */
static void pf_values_format(StrAccum *p, const char *zFmt, PfArgs *a, ...) {
  va_start(a->ap, a);
  pf_format(p, zFmt, a);
  va_end(a->ap);
}

void str_appendf_values(StrAccum *p, const char *zFmt, int nArg, Value **apArg) {
  static Value *apNone[1];
  PfArgs a;
  memset(&a, 0, sizeof(a));
  a.apArg = apArg ? apArg : apNone;
  a.nArg = apArg ? nArg : 0;
  if (zFmt) pf_values_format(p, zFmt, &a);
}

char *str_vmprintf(const char *zFmt, va_list ap) {
  StrAccum acc;
  char aBase[PF_BUF];
  if (zFmt == NULL) return NULL;
  str_init(&acc, NULL, aBase, sizeof(aBase), PF_MAX_LENGTH);
  str_vappendf(&acc, zFmt, ap);
  return str_text_finish(&acc);
}

char *str_mprintf(const char *zFmt, ...) {
  va_list ap;
  va_start(ap, zFmt);
  char *z = str_vmprintf(zFmt, ap);
  va_end(ap);
  return z;
}

char *str_db_mprintf(struct sqlite3 *db, const char *zFmt, ...) {
  StrAccum acc;
  char aBase[PF_BUF];
  va_list ap;
  str_init(&acc, db, aBase, sizeof(aBase), str_limit(db));
  va_start(ap, zFmt);
  str_vappendf(&acc, zFmt, ap);
  va_end(ap);
  return str_text_finish(&acc);
}

char *str_vsnprintf(int n, char *zBuf, const char *zFmt, va_list ap) {
  StrAccum acc;
  if (n <= 0 || zBuf == NULL) return zBuf;
  str_init(&acc, NULL, zBuf, n, 0);
  if (zFmt) str_vappendf(&acc, zFmt, ap);
  zBuf[acc.nChar] = 0;
  return zBuf;
}

char *str_snprintf(int n, char *zBuf, const char *zFmt, ...) {
  va_list ap;
  va_start(ap, zFmt);
  str_vsnprintf(n, zBuf, zFmt, ap);
  va_end(ap);
  return zBuf;
}

/* REAL -> text as SQLite stores it ("%!.15g"). */
int util_real_to_text(double r, char *zBuf) {
  str_snprintf(VALUE_REAL_BUF, zBuf, "%!.15g", r);
  return (int)strlen(zBuf);
}
