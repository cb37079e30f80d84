/*
** func_agg.c: the built-in aggregate functions (lang_aggfunc.html): avg,
** count, count(*), group_concat, max, min, sum, total -- each also usable
** as a window function (xValue; xInverse where SQLite has one).
**
** Invariants:
**   1. State lives in the aggregate context (func_aggregate_context), so it
**      starts zeroed; a context never allocated means "no rows".
**   2. State that owns memory (min/max's Value, group_concat's text) is
**      released by xFinal, which the VM calls exactly once per context.
**   3. sum() accumulates exactly in i64 until a non-integer arrives
**      (approx) and reports "integer overflow" if exact integers overflow;
**      a double running sum is kept alongside for avg/total and approx.
*/
#include "conn.h"
#include "func.h"
#include "printf.h"

/* ---- sum / total / avg (invariant 3) -------------------------------------- */

typedef struct SumCtx {
  double rSum;      /* floating sum of every value */
  i64 iSum;         /* exact integer sum while !approx */
  i64 cnt;          /* non-NULL values seen */
  u8 overflow;      /* iSum overflowed */
  u8 approx;        /* a non-integer was added */
} SumCtx;

/* Text that looks like an integer counts as one ('42' keeps sum() exact),
** as SQLite classifies with sqlite3_value_numeric_type. */
static void agg_sum_step(sqlite3_context *ctx, int argc, Value **argv) {
  UNUSED(argc);
  /* a plain integer or real (the usual column value) needs no classifying */
  u16 f = argv[0]->flags & VAL_TYPEMASK;
  int t = f == VAL_INT ? SQLITE_INTEGER : (f == VAL_REAL ? SQLITE_FLOAT
                                                           : value_numeric_type(argv[0]));
  SumCtx *p = func_aggregate_context(ctx, sizeof(*p));
  if (p == NULL || t == SQLITE_NULL) return;
  p->cnt++;
  if (t == SQLITE_INTEGER) {
    i64 v = f == VAL_INT ? argv[0]->u.i : value_int64(argv[0]);
    p->rSum += (double)v;
    if (!p->approx && !p->overflow && __builtin_add_overflow(p->iSum, v, &p->iSum)) {
      p->overflow = 1;
    }
  } else {
    p->rSum += value_real(argv[0]);
    p->approx = 1;
  }
}

static void agg_sum_inverse(sqlite3_context *ctx, int argc, Value **argv) {
  UNUSED(argc);
  int t = value_numeric_type(argv[0]);
  SumCtx *p = func_aggregate_context(ctx, sizeof(*p));
  if (p == NULL || t == SQLITE_NULL) return;
  p->cnt--;
  if (t == SQLITE_INTEGER && !p->approx) {
    i64 v = value_int64(argv[0]);
    p->rSum -= (double)v;
    p->iSum = (i64)((u64)p->iSum - (u64)v);
  } else {
    p->rSum -= value_real(argv[0]);
  }
}

static void agg_sum_final(sqlite3_context *ctx) {
  SumCtx *p = func_aggregate_context(ctx, 0);
  if (p == NULL || p->cnt <= 0) return;
  if (p->overflow) func_result_error(ctx, "integer overflow", -1);
  else if (p->approx) func_result_double(ctx, p->rSum);
  else func_result_int(ctx, p->iSum);
}

static void agg_total_final(sqlite3_context *ctx) {
  SumCtx *p = func_aggregate_context(ctx, 0);
  func_result_double(ctx, p ? p->rSum : 0.0);
}

static void agg_avg_final(sqlite3_context *ctx) {
  SumCtx *p = func_aggregate_context(ctx, 0);
  if (p && p->cnt > 0) func_result_double(ctx, p->rSum / (double)p->cnt);
}

/* ---- count ------------------------------------------------------------------ */

static void agg_count_step(sqlite3_context *ctx, int argc, Value **argv) {
  i64 *p = func_aggregate_context(ctx, sizeof(*p));
  if (p && (argc == 0 || value_type(argv[0]) != SQLITE_NULL)) (*p)++;
}

static void agg_count_inverse(sqlite3_context *ctx, int argc, Value **argv) {
  i64 *p = func_aggregate_context(ctx, sizeof(*p));
  if (p && (argc == 0 || value_type(argv[0]) != SQLITE_NULL)) (*p)--;
}

static void agg_count_final(sqlite3_context *ctx) {
  i64 *p = func_aggregate_context(ctx, 0);
  func_result_int(ctx, p ? *p : 0);
}

/* ---- min / max (invariant 2) ---------------------------------------------- */

typedef struct MinMaxCtx {
  Value best;       /* the current minimum or maximum; NULL before any */
  u8 bInit;         /* best holds a value */
} MinMaxCtx;

/* Release without xFinal (invariant 2). */
static void agg_minmax_clean(void *pCtx) {
  MinMaxCtx *p = pCtx;
  if (p->bInit) value_release(&p->best);
  p->bInit = 0;
}

static void agg_minmax_step(sqlite3_context *ctx, Value **argv, int bMax) {
  if (value_type(argv[0]) == SQLITE_NULL) return;
  MinMaxCtx *p = func_aggregate_context(ctx, sizeof(*p));
  if (p == NULL) return;
  if (p->bInit) {
    int c = value_compare(argv[0], &p->best, ctx->pColl);
    if (bMax ? c <= 0 : c >= 0) return;   /* ties keep the first */
  } else {
    value_init(&p->best, ctx->db);
    p->bInit = 1;
    func_aggregate_cleanup(ctx, agg_minmax_clean);
  }
  if (value_copy(&p->best, argv[0])) func_result_error_nomem(ctx);
}

static void agg_max_step(sqlite3_context *c, int n, Value **v) {
  UNUSED(n);
  agg_minmax_step(c, v, 1);
}

static void agg_min_step(sqlite3_context *c, int n, Value **v) {
  UNUSED(n);
  agg_minmax_step(c, v, 0);
}

static void agg_minmax_value(sqlite3_context *ctx) {
  MinMaxCtx *p = func_aggregate_context(ctx, 0);
  if (p && p->bInit) func_result_value(ctx, &p->best);
}

static void agg_minmax_final(sqlite3_context *ctx) {
  MinMaxCtx *p = func_aggregate_context(ctx, 0);
  if (p && p->bInit) {
    func_result_value(ctx, &p->best);
    value_release(&p->best);
    p->bInit = 0;
  }
}

/* ---- group_concat (invariant 2) ------------------------------------------- */

typedef struct ConcatCtx {
  StrAccum acc;     /* the text so far */
  int *aLen;        /* for xInverse: bytes each element (with its separator) added */
  int nLen;         /* entries used in aLen */
  int nAlloc;       /* entries allocated */
  int iFirst;       /* first live entry of aLen */
  u8 bInit;         /* acc initialised */
  u8 bAny;          /* an element has been appended */
} ConcatCtx;

static void agg_concat_remember(sqlite3_context *ctx, ConcatCtx *p, int n) {
  if (p->nLen == p->nAlloc) {
    int nNew = p->nAlloc ? p->nAlloc * 2 : 16;
    int *aNew = mem_realloc(p->aLen, sizeof(int) * (u64)nNew);
    if (aNew == NULL) {
      func_result_error_nomem(ctx);
      return;
    }
    p->aLen = aNew;
    p->nAlloc = nNew;
  }
  p->aLen[p->nLen++] = n;
}

static void agg_concat_clean(void *pCtx) {
  ConcatCtx *p = pCtx;
  if (p->bInit) {
    str_reset(&p->acc);
    mem_free(p->aLen);
  }
  p->aLen = NULL;
  p->bInit = 0;
}

static void agg_concat_step(sqlite3_context *ctx, int argc, Value **argv) {
  if (value_type(argv[0]) == SQLITE_NULL) return;
  ConcatCtx *p = func_aggregate_context(ctx, sizeof(*p));
  if (p == NULL) return;
  if (!p->bInit) {
    int mx = ctx->db ? ctx->db->aLimit[SQLITE_LIMIT_LENGTH] : 1000000000;
    str_init(&p->acc, ctx->db, NULL, 0, mx);
    p->bInit = 1;
    func_aggregate_cleanup(ctx, agg_concat_clean);
  }
  u32 nBefore = p->acc.nChar;
  if (p->bAny) {
    if (argc == 2) {
      const char *zSep = (const char *)value_text(argv[1], SQLITE_UTF8);
      if (zSep) str_append(&p->acc, zSep, value_bytes(argv[1], SQLITE_UTF8));
    } else {
      str_append(&p->acc, ",", 1);
    }
  }
  const char *z = (const char *)value_text(argv[0], SQLITE_UTF8);
  if (z) str_append(&p->acc, z, value_bytes(argv[0], SQLITE_UTF8));
  p->bAny = 1;
  agg_concat_remember(ctx, p, (int)(p->acc.nChar - nBefore));
  if (p->acc.accError == SQLITE_TOOBIG) func_result_error_toobig(ctx);
  else if (p->acc.accError) func_result_error_nomem(ctx);
}

/* Removes the oldest element and the separator that now leads. */
static void agg_concat_inverse(sqlite3_context *ctx, int argc, Value **argv) {
  UNUSED(argc);
  if (value_type(argv[0]) == SQLITE_NULL) return;
  ConcatCtx *p = func_aggregate_context(ctx, sizeof(*p));
  if (p == NULL || !p->bInit || p->iFirst >= p->nLen) return;
  int nDrop = p->aLen[p->iFirst++];
  if (p->iFirst < p->nLen) {
    /* The next element's separator must go as well: its length is the
    ** element's bytes minus its own text. */
    const char *zSep = argc == 2 ? (const char *)value_text(argv[1], SQLITE_UTF8) : ",";
    int nSep = argc == 2 ? (zSep ? value_bytes(argv[1], SQLITE_UTF8) : 0) : 1;
    nDrop += nSep;
    p->aLen[p->iFirst] -= nSep;
  }
  if ((u32)nDrop > p->acc.nChar) nDrop = (int)p->acc.nChar;
  memmove(p->acc.zText, p->acc.zText + nDrop, p->acc.nChar - (u32)nDrop);
  p->acc.nChar -= (u32)nDrop;
  if (p->acc.zText) p->acc.zText[p->acc.nChar] = 0;
  if (p->iFirst >= p->nLen) p->bAny = 0;
}

static void agg_concat_value(sqlite3_context *ctx) {
  ConcatCtx *p = func_aggregate_context(ctx, 0);
  if (p == NULL || !p->bInit || !p->bAny) return;
  if (p->acc.accError) return;
  func_result_text(ctx, p->acc.zText ? p->acc.zText : "", p->acc.nChar, SQLITE_UTF8,
                   SQLITE_TRANSIENT);
}

static void agg_concat_final(sqlite3_context *ctx) {
  ConcatCtx *p = func_aggregate_context(ctx, 0);
  if (p == NULL || !p->bInit) return;
  int rc = p->acc.accError;
  if (rc == SQLITE_TOOBIG) func_result_error_toobig(ctx);
  else if (rc) func_result_error_nomem(ctx);
  else if (p->bAny) agg_concat_value(ctx);
  agg_concat_clean(p);
}

/* ---- the table -------------------------------------------------------------- */

#define AGG_FL (SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS)
#define AGG(zName, nArg, ff, xStep, xFinal, xValue, xInverse)                          \
  {zName, nArg, AGG_FL, (u16)(FUNC_BUILTIN | FUNC_AGG | (ff)), NULL, NULL, xStep, xFinal, \
   xValue, xInverse, NULL, NULL}

const FuncDef func_agg_builtins[] = {
    AGG("avg", 1, FUNC_WINDOW, agg_sum_step, agg_avg_final, agg_avg_final, agg_sum_inverse),
    AGG("count", 0, FUNC_WINDOW | FUNC_COUNT, agg_count_step, agg_count_final,
        agg_count_final, agg_count_inverse),
    AGG("count", 1, FUNC_WINDOW, agg_count_step, agg_count_final, agg_count_final,
        agg_count_inverse),
    AGG("group_concat", 1, FUNC_WINDOW, agg_concat_step, agg_concat_final, agg_concat_value,
        agg_concat_inverse),
    AGG("group_concat", 2, FUNC_WINDOW, agg_concat_step, agg_concat_final, agg_concat_value,
        agg_concat_inverse),
    AGG("max", 1, FUNC_NEEDCOLL | FUNC_MINMAX | FUNC_WINDOW, agg_max_step, agg_minmax_final,
        agg_minmax_value, NULL),
    AGG("min", 1, FUNC_NEEDCOLL | FUNC_MINMAX | FUNC_WINDOW, agg_min_step, agg_minmax_final,
        agg_minmax_value, NULL),
    AGG("sum", 1, FUNC_WINDOW, agg_sum_step, agg_sum_final, agg_sum_final, agg_sum_inverse),
    AGG("total", 1, FUNC_WINDOW, agg_sum_step, agg_total_final, agg_total_final,
        agg_sum_inverse),
};
const int func_agg_nbuiltin = ARRAY_SIZE(func_agg_builtins);
