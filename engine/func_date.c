/*
** func_date.c: date and time functions (lang_datefunc.html, SQLite 3.40):
** date, time, datetime, julianday, unixepoch, strftime, current_date,
** current_time, current_timestamp.
**
** A moment is held as iJD, milliseconds since the Julian epoch (noon,
** November 24, 4714 BC, proleptic Gregorian), converted to and from
** year/month/day and hour/minute/second with the Meeus formulas.
**
** Invariants:
**   1. Any parse failure, invalid modifier or a result outside years
**      0000..9999 yields SQL NULL, never an error.
**   2. "now" comes from the I/O backend (io_now_ms), so the simulator makes
**      it deterministic; without a backend "now" is NULL.
**   3. A fields group (YMD, HMS) that was parsed is printed as parsed (so
**      '2020-02-30' stays as written) until a modifier changes the moment.
*/
#include <math.h>
#include <stdio.h>
#include <time.h>
#include "conn.h"
#include "func.h"
#include "printf.h"

#define DATE_MS_PER_DAY 86400000LL
#define DATE_UNIX_EPOCH_MS 210866760000000LL   /* 1970-01-01 as iJD */
#define DATE_MAX_JD 464269060799999LL          /* 9999-12-31 23:59:59.999 */

typedef struct DateTime {
  i64 iJD;        /* the moment, when validJD */
  int Y, M, D;    /* date fields, when validYMD */
  int h, m;       /* time fields, when validHMS */
  double s;
  int tz;         /* timezone offset in minutes of a parsed suffix */
  double rRaw;    /* the numeric input, for 'unixepoch'/'julianday'/'auto' */
  u8 validJD, validYMD, validHMS, validTZ;
  u8 rawS;        /* input was a plain number and no modifier used it yet */
  u8 isError;
} DateTime;

/* ---- conversions ----------------------------------------------------------- */

static int date_valid_jd(i64 iJD) { return iJD >= 0 && iJD <= DATE_MAX_JD; }

static void date_compute_jd(DateTime *p) {
  if (p->validJD) return;
  if (p->rawS) {               /* a number that is no Julian day, not converted */
    p->isError = 1;
    return;
  }
  int Y = p->validYMD ? p->Y : 2000, M = p->validYMD ? p->M : 1, D = p->validYMD ? p->D : 1;
  if (Y < -4713 || Y > 9999 || p->isError) {
    p->isError = 1;
    return;
  }
  if (M <= 2) Y--, M += 12;
  int A = Y / 100, B = 2 - A + A / 4;
  int X1 = 36525 * (Y + 4716) / 100, X2 = 306001 * (M + 1) / 10000;
  p->iJD = (i64)((X1 + X2 + D + B - 1524.5) * DATE_MS_PER_DAY);
  p->validJD = 1;
  if (p->validHMS) {
    p->iJD += p->h * 3600000LL + p->m * 60000LL + (i64)(p->s * 1000.0 + 0.5);
    if (p->validTZ) {
      p->iJD -= p->tz * 60000LL;
      p->validYMD = p->validHMS = p->validTZ = 0;
    }
  }
}

static void date_compute_ymd(DateTime *p) {
  if (p->validYMD) return;
  if (!p->validJD) {
    p->Y = 2000, p->M = 1, p->D = 1;
  } else if (!date_valid_jd(p->iJD)) {
    p->isError = 1;
    return;
  } else {
    int Z = (int)((p->iJD + 43200000) / DATE_MS_PER_DAY);
    int A = (int)((Z - 1867216.25) / 36524.25);
    A = Z + 1 + A - (A / 4);
    int B = A + 1524;
    int C = (int)((B - 122.1) / 365.25);
    int D = (36525 * (C & 32767)) / 100;
    int E = (int)((B - D) / 30.6001);
    int X1 = (int)(30.6001 * E);
    p->D = B - D - X1;
    p->M = E < 14 ? E - 1 : E - 13;
    p->Y = p->M > 2 ? C - 4716 : C - 4715;
  }
  p->validYMD = 1;
}

static void date_compute_hms(DateTime *p) {
  if (p->validHMS) return;
  date_compute_jd(p);
  int s = (int)((p->iJD + 43200000) % DATE_MS_PER_DAY);
  p->s = s / 1000.0;
  s = (int)p->s;
  p->s -= s;
  p->h = s / 3600;
  s -= p->h * 3600;
  p->m = s / 60;
  p->s += s - p->m * 60;
  p->validHMS = 1;
}

static void date_compute_all(DateTime *p) {
  date_compute_ymd(p);
  date_compute_hms(p);
}

/* Forget the broken-down fields after the moment changed. */
static void date_clear_ymd_hms(DateTime *p) {
  p->validYMD = p->validHMS = p->validTZ = 0;
}

/* ---- parsing ------------------------------------------------------------------ */

/* Reads exactly n digits into *pv, requiring lo <= v <= hi. */
static int date_digits(const char **pz, int n, int lo, int hi, int *pv) {
  const char *z = *pz;
  int v = 0;
  for (int i = 0; i < n; i++) {
    if (z[i] < '0' || z[i] > '9') return 0;
    v = v * 10 + (z[i] - '0');
  }
  if (v < lo || v > hi) return 0;
  *pz = z + n;
  *pv = v;
  return 1;
}

static int date_isspace(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

/* Optional timezone suffix: [+-]HH:MM or Z, spaces around. */
static int date_parse_tz(const char *z, DateTime *p) {
  int h, m, sgn;
  while (date_isspace(*z)) z++;
  p->tz = 0;
  if (*z == 'Z' || *z == 'z') {
    z++;
    p->validTZ = 1;
  } else if (*z == '+' || *z == '-') {
    sgn = (*z++ == '-') ? -1 : 1;
    if (!date_digits(&z, 2, 0, 14, &h) || *z++ != ':' || !date_digits(&z, 2, 0, 59, &m)) {
      return 0;
    }
    p->tz = sgn * (h * 60 + m);
    p->validTZ = 1;
  }
  while (date_isspace(*z)) z++;
  return *z == 0;
}

/* HH:MM[:SS[.SSS]] then an optional timezone. */
static int date_parse_hms(const char *z, DateTime *p) {
  int h, m, s = 0;
  double frac = 0.0;
  if (!date_digits(&z, 2, 0, 24, &h) || *z++ != ':' || !date_digits(&z, 2, 0, 59, &m)) return 0;
  if (*z == ':') {
    z++;
    if (!date_digits(&z, 2, 0, 59, &s)) return 0;
    if (*z == '.' && z[1] >= '0' && z[1] <= '9') {
      double scale = 1.0;
      for (z++; *z >= '0' && *z <= '9'; z++) frac = frac * 10.0 + (*z - '0'), scale *= 10.0;
      frac /= scale;
    }
  }
  p->h = h, p->m = m, p->s = s + frac;
  p->validHMS = 1;
  p->validJD = 0;
  return date_parse_tz(z, p);
}

/* YYYY-MM-DD then optional [ T]HH:MM... */
static int date_parse_ymd(const char *z, DateTime *p) {
  int Y, M, D, bNeg = 0;
  if (*z == '-') bNeg = 1, z++;
  if (!date_digits(&z, 4, 0, 9999, &Y) || *z++ != '-' || !date_digits(&z, 2, 1, 12, &M) ||
      *z++ != '-' || !date_digits(&z, 2, 1, 31, &D)) {
    return 0;
  }
  while (date_isspace(*z) || *z == 'T') z++;
  p->Y = bNeg ? -Y : Y, p->M = M, p->D = D;
  p->validYMD = 1;
  p->validJD = 0;
  if (*z == 0) return 1;
  return date_parse_hms(z, p);
}

static void date_set_raw_number(DateTime *p, double r) {
  p->rRaw = r;
  p->rawS = 1;
  if (r >= 0.0 && r < 5373484.5) {
    p->iJD = (i64)(r * DATE_MS_PER_DAY + 0.5);
    p->validJD = 1;
  }
}

static int date_set_now(sqlite3_context *ctx, DateTime *p) {
  struct sqlite3 *db = func_context_db(ctx);
  if (ctx->piNow && *ctx->piNow > 0) {   /* one 'now' per statement step */
    p->iJD = *ctx->piNow;
  } else {
    if (db == NULL || db->pIo == NULL) return 0;
    p->iJD = io_now_ms(db->pIo);
    if (ctx->piNow) *ctx->piNow = p->iJD;
  }
  p->validJD = p->iJD > 0;
  return p->validJD;
}

static int date_parse(sqlite3_context *ctx, const char *z, DateTime *p) {
  if (date_parse_ymd(z, p)) return 1;
  memset(p, 0, sizeof(*p));
  if (date_parse_hms(z, p)) return 1;
  memset(p, 0, sizeof(*p));
  if (str_icmp(z, "now") == 0) return date_set_now(ctx, p);
  double r;
  if (util_atof(z, (int)strlen(z), &r)) {
    date_set_raw_number(p, r);
    return 1;
  }
  return 0;
}

/* ---- modifiers ------------------------------------------------------------- */

/* Local time offset (ms) of the UTC moment iJD, via localtime_r. */
static i64 date_local_offset(i64 iJD, int *pOk) {
  time_t t = (time_t)((iJD - DATE_UNIX_EPOCH_MS) / 1000);
  struct tm tm;
  *pOk = localtime_r(&t, &tm) != NULL;
  if (!*pOk) return 0;
  DateTime x;
  memset(&x, 0, sizeof(x));
  x.Y = tm.tm_year + 1900, x.M = tm.tm_mon + 1, x.D = tm.tm_mday;
  x.h = tm.tm_hour, x.m = tm.tm_min, x.s = tm.tm_sec;
  x.validYMD = x.validHMS = 1;
  date_compute_jd(&x);
  return x.iJD - (iJD - (iJD - DATE_UNIX_EPOCH_MS) % 1000);
}

/* "NNN unit" with the number already parsed as r; returns 0 if unknown. */
static int date_add_units(DateTime *p, double r, const char *zUnit) {
  static const struct { const char *z; int n; double ms; } aUnit[] = {
    {"second", 6, 1000.0}, {"minute", 6, 60000.0}, {"hour", 4, 3600000.0},
    {"day", 3, 86400000.0}, {"month", 5, 0}, {"year", 4, 0},
  };
  int n = (int)strlen(zUnit);
  if (n > 3 && (zUnit[n - 1] == 's' || zUnit[n - 1] == 'S')) n--;
  for (int i = 0; i < ARRAY_SIZE(aUnit); i++) {
    if (n != aUnit[i].n || str_nicmp(zUnit, aUnit[i].z, n) != 0) continue;
    if (aUnit[i].ms == 0) {                  /* months, years: calendar arithmetic */
      int x = (int)r;
      date_compute_ymd(p);
      date_compute_hms(p);
      if (i == 4) {
        p->M += x;
        int y = p->M > 0 ? (p->M - 1) / 12 : (p->M - 12) / 12;
        p->Y += y;
        p->M -= y * 12;
      } else {
        p->Y += x;
      }
      p->validJD = 0;
      date_compute_jd(p);
      r = (r - x) * (i == 4 ? 30.0 : 365.0);
      i = 3;                                 /* the fraction counts as days */
    }
    date_compute_jd(p);
    p->iJD += (i64)(r * aUnit[i].ms + (r < 0 ? -0.5 : 0.5));
    date_clear_ymd_hms(p);
    return 1;
  }
  return 0;
}

/* "+HH:MM[:SS[.SSS]]" style offsets and "NNN unit". */
static int date_modifier_number(DateTime *p, const char *z) {
  const char *zNum = z;
  int i = 0;
  while (zNum[i] && !date_isspace(zNum[i]) && zNum[i] != ':') i++;
  if (zNum[i] == ':') {          /* a time offset */
    DateTime tx;
    memset(&tx, 0, sizeof(tx));
    const char *zt = z + ((*z == '-' || *z == '+') ? 1 : 0);
    if (!date_parse_hms(zt, &tx) || tx.validTZ) return 0;
    date_compute_jd(&tx);
    /* the offset is the time of day on the default date 2000-01-01 */
    i64 off = tx.iJD - (i64)(2451544.5 * DATE_MS_PER_DAY);
    date_compute_jd(p);
    p->iJD += (*z == '-') ? -off : off;
    date_clear_ymd_hms(p);
    return 1;
  }
  double r;
  if (!util_atof(z, i, &r)) return 0;
  z += i;
  while (date_isspace(*z)) z++;
  return date_add_units(p, r, z);
}

static int date_modifier_start(DateTime *p, const char *z) {
  date_compute_ymd(p);
  p->validHMS = 1;
  p->h = p->m = 0;
  p->s = 0.0;
  p->validTZ = 0;
  p->validJD = 0;
  if (str_icmp(z, "month") == 0) {
    p->D = 1;
  } else if (str_icmp(z, "year") == 0) {
    p->M = 1;
    p->D = 1;
  } else if (str_icmp(z, "day") != 0) {
    return 0;
  }
  return 1;
}

static int date_modifier(DateTime *p, const char *z, int iMod) {
  if (str_icmp(z, "unixepoch") == 0 || str_icmp(z, "auto") == 0) {
    int bAuto = (z[0] | 0x20) == 'a';
    if (iMod != 0) return 0;              /* only as the first modifier */
    if (bAuto && (!p->rawS || p->validJD)) {   /* not a number, or a valid Julian day */
      p->rawS = 0;
      return 1;
    }
    if (!p->rawS) return 0;
    if (bAuto && !(p->rRaw >= -210866760000.0 && p->rRaw <= 253402300799.0)) return 0;
    double r = p->rRaw * 1000.0 + (double)DATE_UNIX_EPOCH_MS;
    if (r < 0.0 || r > (double)DATE_MAX_JD) return 0;
    p->iJD = (i64)(r + 0.5);
    p->validJD = 1;
    p->rawS = 0;
    date_clear_ymd_hms(p);
    return 1;
  }
  if (str_icmp(z, "julianday") == 0) {
    if (!p->rawS || iMod != 0 || !p->validJD) return 0;
    p->rawS = 0;
    return 1;
  }
  if (p->validJD) p->rawS = 0;          /* the number was a Julian day: now plain */
  if (str_icmp(z, "localtime") == 0 || str_icmp(z, "utc") == 0) {
    int ok;
    date_compute_jd(p);
    if (!p->validJD) return 0;
    i64 off = date_local_offset(p->iJD, &ok);
    if (!ok) return 0;
    if ((z[0] | 0x20) == 'u') {
      /* local -> UTC: refine a guess until its local time matches, at most
      ** four rounds (in a DST gap the last guess stands, as in SQLite) */
      i64 iGuess = p->iJD, iErr = 0;
      int nRound = 0;
      do {
        iGuess -= iErr;
        iErr = date_local_offset(iGuess, &ok);
        if (!ok) return 0;
        iErr = iGuess + iErr - p->iJD;
      } while (iErr && nRound++ < 3);
      p->iJD = iGuess;
    } else {
      p->iJD += off;
    }
    date_clear_ymd_hms(p);
    return 1;
  }
  if (str_nicmp(z, "weekday ", 8) == 0) {
    double r;
    const char *zN = z + 8;
    if (!util_atof(zN, (int)strlen(zN), &r) || r < 0 || r >= 7 || r != (int)r) return 0;
    date_compute_ymd(p);
    date_compute_hms(p);
    p->validTZ = 0;
    p->validJD = 0;
    date_compute_jd(p);
    i64 Z = ((p->iJD + 129600000) / DATE_MS_PER_DAY) % 7;
    if (Z > (i64)r) Z -= 7;
    p->iJD += ((i64)r - Z) * DATE_MS_PER_DAY;
    date_clear_ymd_hms(p);
    return 1;
  }
  if (str_nicmp(z, "start of ", 9) == 0) return date_modifier_start(p, z + 9);
  if ((*z >= '0' && *z <= '9') || *z == '+' || *z == '-' || *z == '.') {
    return date_modifier_number(p, z);
  }
  return 0;
}

/* Parses argv[0] and the modifiers; 0 means NULL result (invariant 1). */
static int date_from_args(sqlite3_context *ctx, int argc, Value **argv, DateTime *p) {
  memset(p, 0, sizeof(*p));
  if (argc == 0) return date_set_now(ctx, p);
  int t = value_type(argv[0]);
  if (t == SQLITE_FLOAT || t == SQLITE_INTEGER) {
    date_set_raw_number(p, value_real(argv[0]));
  } else {
    const char *z = (const char *)value_text(argv[0], SQLITE_UTF8);
    if (z == NULL || !date_parse(ctx, z, p)) return 0;
  }
  for (int i = 1; i < argc; i++) {
    const char *z = (const char *)value_text(argv[i], SQLITE_UTF8);
    if (z == NULL || !date_modifier(p, z, i - 1)) return 0;
  }
  date_compute_jd(p);
  if (p->isError || !p->validJD || !date_valid_jd(p->iJD)) return 0;
  return 1;
}

/* ---- the functions ------------------------------------------------------------- */

static void fn_julianday(sqlite3_context *ctx, int argc, Value **argv) {
  DateTime x;
  if (date_from_args(ctx, argc, argv, &x)) func_result_double(ctx, x.iJD / 86400000.0);
}

static void fn_unixepoch(sqlite3_context *ctx, int argc, Value **argv) {
  DateTime x;
  if (date_from_args(ctx, argc, argv, &x)) {
    func_result_int(ctx, (x.iJD - DATE_UNIX_EPOCH_MS) / 1000);
  }
}

/* Formats with our printf into a small buffer and returns it as text. */
static void date_result(sqlite3_context *ctx, DateTime *p, int bDate, int bTime) {
  char zBuf[64];
  int n = 0;
  date_compute_all(p);
  if (p->isError) return;
  if (bDate) {
    /* negative years print as a sign and four digits */
    const char *zFmt = p->Y < 0 ? "-%04d-%02d-%02d" : "%04d-%02d-%02d";
    n += (int)strlen(str_snprintf(sizeof(zBuf), zBuf, zFmt, p->Y < 0 ? -p->Y : p->Y, p->M, p->D));
  }
  if (bTime) {
    str_snprintf((int)sizeof(zBuf) - n, zBuf + n, "%s%02d:%02d:%02d", bDate ? " " : "", p->h,
                 p->m, (int)p->s);
  }
  func_result_text(ctx, zBuf, -1, SQLITE_UTF8, SQLITE_TRANSIENT);
}

static void fn_date(sqlite3_context *ctx, int argc, Value **argv) {
  DateTime x;
  if (date_from_args(ctx, argc, argv, &x)) date_result(ctx, &x, 1, 0);
}

static void fn_time(sqlite3_context *ctx, int argc, Value **argv) {
  DateTime x;
  if (date_from_args(ctx, argc, argv, &x)) date_result(ctx, &x, 0, 1);
}

static void fn_datetime(sqlite3_context *ctx, int argc, Value **argv) {
  DateTime x;
  if (date_from_args(ctx, argc, argv, &x)) date_result(ctx, &x, 1, 1);
}

/* One strftime conversion; returns 0 for an unknown one (NULL result). */
static int date_strftime_one(StrAccum *acc, char c, DateTime *x) {
  switch (c) {
    case 'd': str_appendf(acc, "%02d", x->D); return 1;
    case 'f': {
      double s = x->s;
      if (s > 59.999) s = 59.999;
      str_appendf(acc, "%06.3f", s);
      return 1;
    }
    case 'H': str_appendf(acc, "%02d", x->h); return 1;
    case 'm': str_appendf(acc, "%02d", x->M); return 1;
    case 'M': str_appendf(acc, "%02d", x->m); return 1;
    case 'S': str_appendf(acc, "%02d", (int)x->s); return 1;
    case 'Y': str_appendf(acc, "%04d", x->Y); return 1;
    case 's': str_appendf(acc, "%lld", (long long)((x->iJD - DATE_UNIX_EPOCH_MS) / 1000)); return 1;
    case 'J': str_appendf(acc, "%.16g", x->iJD / 86400000.0); return 1;
    case 'w': str_appendf(acc, "%d", (int)(((x->iJD + 129600000) / DATE_MS_PER_DAY) % 7)); return 1;
    case '%': str_append(acc, "%", 1); return 1;
    case 'j': case 'W': {
      DateTime y = *x;                       /* day of year from Jan 1 */
      y.validJD = 0;
      y.M = 1, y.D = 1;          /* same time of day, so rounding cancels out */
      date_compute_jd(&y);
      int nDay = (int)((x->iJD - y.iJD + 43200000) / DATE_MS_PER_DAY);
      if (c == 'j') {
        str_appendf(acc, "%03d", nDay + 1);
      } else {
        int wd = (int)(((x->iJD + 43200000) / DATE_MS_PER_DAY) % 7);   /* 0 = Monday */
        str_appendf(acc, "%02d", (nDay + 7 - wd) / 7);
      }
      return 1;
    }
    default: return 0;
  }
}

static void fn_strftime(sqlite3_context *ctx, int argc, Value **argv) {
  DateTime x;
  if (argc == 0) return;
  const char *zFmt = (const char *)value_text(argv[0], SQLITE_UTF8);
  if (zFmt == NULL || !date_from_args(ctx, argc - 1, argv + 1, &x)) return;
  date_compute_all(&x);
  if (x.isError) return;
  StrAccum acc;
  str_init(&acc, func_context_db(ctx), NULL, 0,
           func_context_db(ctx) ? func_context_db(ctx)->aLimit[SQLITE_LIMIT_LENGTH] : 1000000000);
  for (const char *z = zFmt; *z; z++) {
    if (*z != '%') {
      str_append(&acc, z, 1);
    } else if (!date_strftime_one(&acc, *++z, &x)) {
      str_reset(&acc);
      return;
    }
  }
  int rc = acc.accError;
  u32 n = acc.nChar;
  char *zOut = str_text_finish(&acc);
  if (rc == SQLITE_TOOBIG) func_result_error_toobig(ctx);
  else if (rc) func_result_error_nomem(ctx);
  else if (zOut == NULL) func_result_text(ctx, "", 0, SQLITE_UTF8, SQLITE_STATIC);
  else func_result_text(ctx, zOut, n, SQLITE_UTF8, mem_free);
}

static void fn_current_time(sqlite3_context *c, int n, Value **v) { fn_time(c, 0, v), UNUSED(n); }
static void fn_current_date(sqlite3_context *c, int n, Value **v) { fn_date(c, 0, v), UNUSED(n); }
static void fn_current_timestamp(sqlite3_context *c, int n, Value **v) {
  UNUSED(n);
  fn_datetime(c, 0, v);
}

#define DATE_FL (SQLITE_UTF8 | SQLITE_DETERMINISTIC)
#define DT(zName, nArg, ff, x) \
  {zName, nArg, DATE_FL, (u16)(FUNC_BUILTIN | (ff)), NULL, x, NULL, NULL, NULL, NULL, NULL, NULL}

const FuncDef func_date_builtins[] = {
    DT("julianday", -1, 0, fn_julianday),
    DT("unixepoch", -1, 0, fn_unixepoch),
    DT("date", -1, 0, fn_date),
    DT("time", -1, 0, fn_time),
    DT("datetime", -1, 0, fn_datetime),
    DT("strftime", -1, 0, fn_strftime),
    DT("current_time", 0, FUNC_SLOCHNG, fn_current_time),
    DT("current_timestamp", 0, FUNC_SLOCHNG, fn_current_timestamp),
    DT("current_date", 0, FUNC_SLOCHNG, fn_current_date),
};
const int func_date_nbuiltin = ARRAY_SIZE(func_date_builtins);
