/*
** func_math.c: the math functions of SQLITE_ENABLE_MATH_FUNCTIONS
** (lang_mathfunc.html).
**
** Invariants:
**   1. An argument that is not numeric after numeric affinity (NULL, text
**      that is not a number, a blob) gives NULL, as SQLite's math functions
**      do; the argument Value itself is not modified (a copy is tested).
**   2. A NaN result is NULL (func_result_double), so domain errors such as
**      sqrt(-1) or acos(2) read as NULL; infinities are returned as such.
*/
#include <math.h>
#include "func.h"

#ifndef M_LN10
#define M_LN10 2.30258509299404568402
#define M_LN2 0.69314718055994530942
#endif
#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

/* Numeric value of argument p: SQLITE_INTEGER or SQLITE_FLOAT with *pr
** (and *pi) set, or 0 when not numeric (invariant 1). */
static int math_arg(Value *p, double *pr, i64 *pi) {
  Value tmp;
  value_init(&tmp, p->db);
  value_shallow_copy(&tmp, p);
  int t = value_numeric_type(&tmp);
  if (t == SQLITE_INTEGER) {
    *pi = tmp.u.i;
    *pr = (double)tmp.u.i;
  } else if (t == SQLITE_FLOAT) {
    *pr = tmp.u.r;
  } else {
    t = 0;
  }
  value_release(&tmp);
  return t;
}

/* One-argument double -> double functions; the C function is the user data. */
static void math_unary(sqlite3_context *ctx, int argc, Value **argv) {
  double (*xMath)(double) = (double (*)(double))func_user_data(ctx);
  double r;
  i64 i;
  UNUSED(argc);
  if (!math_arg(argv[0], &r, &i)) return;
  func_result_double(ctx, xMath(r));
}

static void math_binary(sqlite3_context *ctx, int argc, Value **argv) {
  double (*xMath)(double, double) = (double (*)(double, double))func_user_data(ctx);
  double a, b;
  i64 i;
  UNUSED(argc);
  if (!math_arg(argv[0], &a, &i) || !math_arg(argv[1], &b, &i)) return;
  func_result_double(ctx, xMath(a, b));
}

/* ceil, floor, trunc: integers pass through unchanged. */
static void math_rounding(sqlite3_context *ctx, int argc, Value **argv) {
  double (*xMath)(double) = (double (*)(double))func_user_data(ctx);
  double r;
  i64 i;
  UNUSED(argc);
  int t = math_arg(argv[0], &r, &i);
  if (t == SQLITE_INTEGER) func_result_int(ctx, i);
  else if (t == SQLITE_FLOAT) func_result_double(ctx, xMath(r));
}

/* ln, log10, log2 and log(B,X): NULL for a non-positive argument. */
static void math_log(sqlite3_context *ctx, int argc, Value **argv) {
  double x, b = 0;
  i64 i;
  if (!math_arg(argv[argc - 1], &x, &i)) return;
  if (x <= 0.0) return;
  if (argc == 2) {
    if (!math_arg(argv[0], &b, &i) || b <= 0.0 || b == 1.0) return;
    func_result_double(ctx, log(x) / log(b));
    return;
  }
  int iBase = (int)(intptr_t)func_user_data(ctx);
  /* SQLite divides the natural logarithm (log10(2) differs in the last
  ** bit from the C library's log10). */
  double r = iBase == 10 ? log(x) / M_LN10 : iBase == 2 ? log(x) / M_LN2 : log(x);
  func_result_double(ctx, r);
}

static void math_pi(sqlite3_context *ctx, int argc, Value **argv) {
  UNUSED(argc), UNUSED(argv);
  func_result_double(ctx, M_PI);
}

static double math_degrees(double r) { return r * (180.0 / M_PI); }
static double math_radians(double r) { return r * (M_PI / 180.0); }

#define MATH_FL (SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS)
#define M(zName, nArg, pUser, x) \
  {zName, nArg, MATH_FL, FUNC_BUILTIN, (void *)(pUser), x, NULL, NULL, NULL, NULL, NULL, NULL}

const FuncDef func_math_builtins[] = {
    M("acos", 1, acos, math_unary),
    M("acosh", 1, acosh, math_unary),
    M("asin", 1, asin, math_unary),
    M("asinh", 1, asinh, math_unary),
    M("atan", 1, atan, math_unary),
    M("atan2", 2, atan2, math_binary),
    M("atanh", 1, atanh, math_unary),
    M("ceil", 1, ceil, math_rounding),
    M("ceiling", 1, ceil, math_rounding),
    M("cos", 1, cos, math_unary),
    M("cosh", 1, cosh, math_unary),
    M("degrees", 1, math_degrees, math_unary),
    M("exp", 1, exp, math_unary),
    M("floor", 1, floor, math_rounding),
    M("ln", 1, 0, math_log),
    M("log", 1, 10, math_log),
    M("log", 2, 0, math_log),
    M("log10", 1, 10, math_log),
    M("log2", 1, 2, math_log),
    M("mod", 2, fmod, math_binary),
    M("pi", 0, 0, math_pi),
    M("pow", 2, pow, math_binary),
    M("power", 2, pow, math_binary),
    M("radians", 1, math_radians, math_unary),
    M("sin", 1, sin, math_unary),
    M("sinh", 1, sinh, math_unary),
    M("sqrt", 1, sqrt, math_unary),
    M("tan", 1, tan, math_unary),
    M("tanh", 1, tanh, math_unary),
    M("trunc", 1, trunc, math_rounding),
};
const int func_math_nbuiltin = ARRAY_SIZE(func_math_builtins);
