/*
** sqlgen.c: a seeded, grammar-driven random SQL generator for differential
** testing (diffrun.c) and for ternary logic partitioning (TLP) checks.
**
** A script is: CREATE TABLE statements for 1..3 tables (declared types
** chosen to exercise every affinity rule), INSERTs of values of every
** storage class, then a mix of queries, DML and DDL drawn from the enabled
** features (sqlgen.h lists them).  Each grammar rule is one gen_* function;
** a feature bit switches the rules that use it on or off.
**
** Invariants:
**   1. Determinism (sqlgen.h invariant 1): the only source of choice is
**      rnd(), a splitmix64 stream seeded from SqlgenOpts.seed; the output
**      never depends on pointers, time, locale or libc's rand().
**   2. Determinism across engines (sqlgen.h invariant 2): no random(),
**      randomblob(), 'now', sqlite_source_id(), group_concat() (its order
**      is unspecified), no bare columns in aggregate queries, and LIMIT /
**      OFFSET only after an ORDER BY made total by trailing "k COLLATE
**      BINARY" terms for every result column k, DISTINCT ordered only by
**      result columns, no INTEGER PRIMARY KEY value near 2^63 (SQLite
**      then picks new rowids at random).
**   3. Bounded work: expression depth <= GEN_MAX_DEPTH, at most
**      GEN_MAX_TABLES tables of GEN_MAX_COLS columns, small arguments to
**      zeroblob, INSERT ... SELECT copies at most 4 rows, triggers only
**      from a table to a later one (no recursion), so no script runs long.
**   4. REAL literals come from a fixed table of short decimal literals
**      that are mostly dyadic (exact in binary), so sums over them do not
**      depend on the order in which an engine visits rows.
*/
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sqlgen.h"

#define GEN_MAX_TABLES 3
#define GEN_MAX_COLS 5
#define GEN_MAX_DEPTH 3

typedef struct GenCol {
  char zName[16];           /* "c0".."c4" */
  const char *zType;        /* declared type as written ("" for none) */
  const char *zColl;        /* declared collation or NULL */
  int bIpk;                 /* INTEGER PRIMARY KEY (rowid alias) */
} GenCol;

typedef struct GenTab {
  char zName[16];           /* "t0".."t2" */
  int nCol;                 /* 1..GEN_MAX_COLS */
  GenCol aCol[GEN_MAX_COLS];
} GenTab;

typedef struct Gen {
  uint64_t s;               /* PRNG state (invariant 1) */
  unsigned feat;            /* SQLGEN_F_* */
  char *z;                  /* output buffer (malloc'd) */
  size_t n, cap;            /* used / allocated bytes */
  int bOom;                 /* an allocation failed: result is discarded */
  GenTab aTab[GEN_MAX_TABLES];
  int nTab;
  int nIndex;               /* indexes created so far (names i0, i1, ...) */
  int nTrigger;             /* triggers created so far */
  /* Tables in scope for column references in the expression being built. */
  int aScope[GEN_MAX_TABLES];
  int nScope;
  int bQualify;             /* qualify column references (joins) */
  int bAgg;                 /* aggregate functions allowed here */
  int bNoSubq;              /* inside a subquery already: no further nesting */
} Gen;

/* ---- PRNG and output ------------------------------------------------------ */
static uint64_t rnd64(Gen *g) {
  uint64_t z = (g->s += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

/* Uniform in [0, n); n > 0. */
static int rnd(Gen *g, int n) { return (int)(rnd64(g) % (uint64_t)n); }

/* True with probability pct percent. */
static int chance(Gen *g, int pct) { return rnd(g, 100) < pct; }

static int feat(Gen *g, unsigned f) { return (g->feat & f) != 0; }

static void out(Gen *g, const char *z) {
  size_t n = strlen(z);
  if (g->bOom) return;
  if (g->n + n + 1 > g->cap) {
    size_t cap = g->cap ? g->cap * 2 : 4096;
    while (cap < g->n + n + 1) cap *= 2;
    char *p = realloc(g->z, cap);
    if (p == NULL) { g->bOom = 1; return; }
    g->z = p;
    g->cap = cap;
  }
  memcpy(g->z + g->n, z, n + 1);
  g->n += n;
}

static void outf(Gen *g, const char *zFmt, ...) {
  char buf[256];
  va_list ap;
  va_start(ap, zFmt);
  int n = vsnprintf(buf, sizeof(buf), zFmt, ap);
  va_end(ap);
  if (n < 0) { g->bOom = 1; return; }
  if ((size_t)n < sizeof(buf)) { out(g, buf); return; }
  char *z = malloc((size_t)n + 1);     /* long output: format again, unclipped */
  if (z == NULL) { g->bOom = 1; return; }
  va_start(ap, zFmt);
  vsnprintf(z, (size_t)n + 1, zFmt, ap);
  va_end(ap);
  out(g, z);
  free(z);
}

#define PICK(g, arr) ((arr)[rnd((g), (int)(sizeof(arr) / sizeof((arr)[0])))])

/* ---- literals ------------------------------------------------------------- */
static const char *const azInt[] = {
  "0", "1", "-1", "2", "3", "7", "10", "-10", "100", "255", "256", "-128",
  "2147483647", "-2147483648", "4294967296", "9223372036854775807",
  "-9223372036854775808", "9223372036854775806", "1000000", "42"};
static const char *const azReal[] = {   /* invariant 4 */
  "0.0", "1.0", "-1.0", "0.5", "-0.5", "1.5", "2.25", "-3.75", "0.125", "100.0",
  "1e3", "1.0e10", "-2.5e-1", "9.5e18", "-9.5e18", "3.0", "255.5", "1e2"};
static const char *const azText[] = {
  "''", "'a'", "'A'", "'b'", "'abc'", "'ABC'", "'Abc'", "'a '", "' a'", "'abc  '",
  "'10'", "'10.0'", "' 12 '", "'1e2'", "'0x10'", "'-5'", "'3.5'", "'x''y'", "'\xc3\xbc'",
  "'\xc3\x9c'", "'abc%'", "'a_c'", "'z'", "'9223372036854775808'", "'1.0'", "'+7'",
  "'12abc'", "'NULL'", "' '", "'a\tb'"};
static const char *const azBlob[] = {
  "x''", "x'00'", "x'41'", "x'616263'", "x'ff00'", "x'0102'", "x'414243'"};

static void gen_literal(Gen *g) {
  int k = rnd(g, 100);
  if (k < 30) out(g, PICK(g, azInt));
  else if (k < 35) outf(g, "%d", rnd(g, 20) - 5);
  else if (k < 52) out(g, PICK(g, azReal));
  else if (k < 78) out(g, PICK(g, azText));
  else if (k < 88) out(g, PICK(g, azBlob));
  else out(g, "NULL");
}

/* A value for an INTEGER PRIMARY KEY: small, or NULL (a new rowid).  Never
** near the largest rowid, where SQLite picks new rowids at random
** (invariant 2). */
static void gen_rowid_value(Gen *g) {
  if (chance(g, 30)) out(g, "NULL");
  else outf(g, "%d", rnd(g, 40) - 10);
}

/* ---- schema model ---------------------------------------------------------- */
static const char *const azTypeAff[] = {
  "INTEGER", "INT", "TEXT", "REAL", "NUMERIC", "BLOB", "", "VARCHAR(10)", "DOUBLE",
  "BOOLEAN", "DATETIME", "FLOATING POINT", "CHARINT", "DECIMAL(10,2)", "CLOB", "ANY"};
static const char *const azTypeBasic[] = {"INTEGER", "TEXT", ""};
static const char *const azColl[] = {"BINARY", "NOCASE", "RTRIM"};

static GenCol *pick_col(Gen *g, int *piTab) {
  int t = g->aScope[rnd(g, g->nScope)];
  if (piTab) *piTab = t;
  return &g->aTab[t].aCol[rnd(g, g->aTab[t].nCol)];
}

static void gen_colref(Gen *g) {
  int t;
  GenCol *c = pick_col(g, &t);
  if (g->bQualify || chance(g, 10)) outf(g, "%s.", g->aTab[t].zName);
  if (chance(g, 4)) out(g, "rowid");
  else out(g, c->zName);
}

static void gen_create_table(Gen *g, int iTab) {
  GenTab *t = &g->aTab[iTab];
  snprintf(t->zName, sizeof(t->zName), "t%d", iTab);
  t->nCol = 1 + rnd(g, GEN_MAX_COLS);
  outf(g, "CREATE TABLE %s(", t->zName);
  int bIpk = chance(g, 30);
  for (int i = 0; i < t->nCol; i++) {
    GenCol *c = &t->aCol[i];
    snprintf(c->zName, sizeof(c->zName), "c%d", i);
    c->zType = feat(g, SQLGEN_F_AFFINITY) ? PICK(g, azTypeAff) : PICK(g, azTypeBasic);
    c->bIpk = (i == 0 && bIpk);
    if (c->bIpk) c->zType = "INTEGER";
    c->zColl = (feat(g, SQLGEN_F_COLLATE) && chance(g, 30)) ? PICK(g, azColl) : NULL;
    outf(g, "%s%s%s%s", i ? ", " : "", c->zName, c->zType[0] ? " " : "", c->zType);
    if (c->bIpk) out(g, " PRIMARY KEY");
    else if (chance(g, 8)) out(g, " UNIQUE");
    if (!c->bIpk && chance(g, 5)) out(g, " NOT NULL");
    if (!c->bIpk && chance(g, 10)) { out(g, " DEFAULT "); gen_literal(g); }
    if (c->zColl) outf(g, " COLLATE %s", c->zColl);
  }
  out(g, ");\n");
}

/* ---- expressions ---------------------------------------------------------- */
static void gen_expr(Gen *g, int depth);

static const char *const azBinOp[] = {
  "+", "-", "*", "/", "%", "||", "=", "==", "!=", "<>", "<", "<=", ">", ">=",
  "IS", "IS NOT", "AND", "OR", "&", "|", "<<", ">>"};
static const char *const azCmpOp[] = {"=", "!=", "<", "<=", ">", ">=", "IS", "IS NOT"};
static const char *const azLike[] = {
  "'a%'", "'%b%'", "'_'", "'A_C'", "'%'", "''", "'abc'", "'1%'", "'%c'", "'a\\%' ESCAPE '\\'",
  "'%\xc3\xbc%'", "'__'"};
static const char *const azGlob[] = {
  "'a*'", "'*[bc]*'", "'?'", "'[a-z]*'", "'[^a]*'", "'*'", "'A?C'"};
static const char *const azCastType[] = {
  "INTEGER", "TEXT", "REAL", "NUMERIC", "BLOB", "INT", "FLOAT", "VARCHAR(3)", "NONE"};

/* Scalar functions: name and arity (-1: 1..3 args). */
typedef struct GenFunc { const char *zName; int nArg; } GenFunc;
static const GenFunc aFunc[] = {
  {"abs", 1}, {"coalesce", 2}, {"coalesce", 3}, {"ifnull", 2}, {"nullif", 2}, {"length", 1},
  {"lower", 1}, {"upper", 1}, {"substr", 2}, {"substr", 3}, {"trim", 1}, {"ltrim", 1},
  {"rtrim", 2}, {"replace", 3}, {"instr", 2}, {"hex", 1}, {"quote", 1}, {"typeof", 1},
  {"round", 1}, {"round", 2}, {"min", 2}, {"max", 3}, {"iif", 3}, {"unicode", 1},
  {"likely", 1}, {"sign", 1}, {"char", 2}, {"like", 2}, {"glob", 2}, {"ceil", 1},
  {"floor", 1}, {"trunc", 1}, {"soundex", 1}, {"zeroblob", 1}};

/* date()/time()/datetime()/julianday()/strftime() of a fixed date or an
** expression, with modifiers; never 'now' or 'localtime' (invariant 2). */
static void gen_datetime(Gen *g, int depth) {
  static const char *const azFn[] = {"date", "time", "datetime", "julianday", "unixepoch"};
  static const char *const azDate[] = {
    "'2024-01-31'", "'2023-02-28 23:59:59'", "'2000-01-01T12:00:00.500'", "'1970-01-01'",
    "'2024-02-29'", "'12:30'", "2460000.5", "0", "'bad'", "'2024-13-01'", "1700000000"};
  static const char *const azMod[] = {
    "'+1 month'", "'-1 day'", "'start of month'", "'start of year'", "'+36 hours'",
    "'weekday 0'", "'unixepoch'", "'-1.5 days'", "'+90 minutes'", "'start of day'", "'utc'"};
  int bStrf = chance(g, 25);
  if (bStrf) out(g, "strftime('%Y-%m-%d %H:%M:%f %j %w', ");
  else outf(g, "%s(", PICK(g, azFn));
  if (chance(g, 70)) out(g, PICK(g, azDate)); else gen_expr(g, depth + 1);
  for (int i = 0, n = rnd(g, 3); i < n; i++) {
    out(g, ", ");
    const char *zMod = PICK(g, azMod);
    out(g, strcmp(zMod, "'utc'") == 0 ? "'+0 days'" : zMod);   /* utc depends on TZ */
  }
  out(g, ")");
}

static void gen_func(Gen *g, int depth) {
  if (feat(g, SQLGEN_F_DATETIME) && chance(g, 15)) { gen_datetime(g, depth); return; }
  int k = rnd(g, 10);
  if (k == 0) {
    static const char *const azFmt[] = {
      "'%d'", "'%s|%s'", "'%.3f'", "'%5.2e'", "'%x'", "'%q'", "'%Q'", "'%-6s|'", "'%c'",
      "'%i%%'", "'%05d'", "'%.2s'", "'%w'", "'%g'", "'%!.17g'"};
    outf(g, "printf(%s, ", PICK(g, azFmt));
    gen_expr(g, depth + 1);
    out(g, ", ");
    gen_expr(g, depth + 1);
    out(g, ")");
    return;
  }
  const GenFunc *f = &aFunc[rnd(g, (int)(sizeof(aFunc) / sizeof(aFunc[0])))];
  if (strcmp(f->zName, "zeroblob") == 0) {   /* invariant 3: small argument */
    outf(g, "zeroblob(%d)", rnd(g, 4));
    return;
  }
  outf(g, "%s(", f->zName);
  for (int i = 0; i < f->nArg; i++) {
    if (i) out(g, ", ");
    gen_expr(g, depth + 1);
  }
  out(g, ")");
}

static void gen_aggregate(Gen *g, int depth) {
  static const char *const azAgg[] = {"count", "sum", "total", "avg", "min", "max"};
  int k = rnd(g, 8);
  if (k == 0) { out(g, "count(*)"); return; }
  const char *zName = PICK(g, azAgg);
  int bDistinct = feat(g, SQLGEN_F_DISTINCT) && chance(g, 15);
  outf(g, "%s(%s", zName, bDistinct ? "DISTINCT " : "");
  int bSave = g->bAgg;
  g->bAgg = 0;                        /* no nested aggregates */
  gen_expr(g, depth + 1);
  g->bAgg = bSave;
  out(g, ")");
}

static void gen_select_body(Gen *g, int bScalar);

static void gen_subquery_expr(Gen *g, int depth) {
  Gen save = *g;   /* scope fields are restored below; output continues */
  g->bNoSubq = 1;
  int k = rnd(g, 3);
  if (k == 0) {
    out(g, "(");
    gen_select_body(g, 2);
    out(g, ")");
  } else if (k == 1) {
    out(g, chance(g, 30) ? "NOT EXISTS (" : "EXISTS (");
    gen_select_body(g, 0);
    out(g, ")");
  } else {
    int iSave = g->nScope;
    int aSave[GEN_MAX_TABLES];
    memcpy(aSave, g->aScope, sizeof(aSave));
    g->nScope = iSave;
    gen_expr(g, depth + 1);
    out(g, chance(g, 30) ? " NOT IN (" : " IN (");
    gen_select_body(g, 1);
    out(g, ")");
    memcpy(g->aScope, aSave, sizeof(aSave));
  }
  g->nScope = save.nScope;
  memcpy(g->aScope, save.aScope, sizeof(save.aScope));
  g->bQualify = save.bQualify;
  g->bAgg = save.bAgg;
  g->bNoSubq = save.bNoSubq;
}

static void gen_expr_compound(Gen *g, int depth) {
  int k = rnd(g, 16);
  switch (k) {
    case 0:   /* the space keeps "- -1" from becoming a "--" comment */
      out(g, PICK(g, ((const char *const[]){"- ", "+", "NOT ", "~"})));
      gen_expr(g, depth + 1);
      break;
    case 1: case 2: case 3: case 4:
      out(g, "("); gen_expr(g, depth + 1); outf(g, " %s ", PICK(g, azBinOp));
      gen_expr(g, depth + 1); out(g, ")"); break;
    case 5:
      gen_expr(g, depth + 1); out(g, chance(g, 25) ? " NOT BETWEEN " : " BETWEEN ");
      gen_expr(g, depth + 1); out(g, " AND "); gen_expr(g, depth + 1); break;
    case 6: {
      gen_expr(g, depth + 1); out(g, chance(g, 25) ? " NOT IN (" : " IN (");
      int n = rnd(g, 4);
      for (int i = 0; i < n; i++) { if (i) out(g, ", "); gen_expr(g, depth + 1); }
      out(g, ")"); break;
    }
    case 7: gen_expr(g, depth + 1);
      out(g, PICK(g, ((const char *const[]){" IS NULL", " IS NOT NULL", " ISNULL", " NOTNULL"})));
      break;
    case 8: gen_expr(g, depth + 1); out(g, chance(g, 20) ? " NOT LIKE " : " LIKE ");
      out(g, PICK(g, azLike)); break;
    case 9: gen_expr(g, depth + 1); out(g, " GLOB "); out(g, PICK(g, azGlob)); break;
    case 10: out(g, "CASE");
      if (chance(g, 40)) { out(g, " "); gen_expr(g, depth + 1); }
      for (int i = 0, n = 1 + rnd(g, 2); i < n; i++) {
        out(g, " WHEN "); gen_expr(g, depth + 1); out(g, " THEN "); gen_expr(g, depth + 1);
      }
      if (chance(g, 60)) { out(g, " ELSE "); gen_expr(g, depth + 1); }
      out(g, " END"); break;
    case 11: out(g, "CAST("); gen_expr(g, depth + 1);
      outf(g, " AS %s)", PICK(g, azCastType)); break;
    case 12:
      if (!feat(g, SQLGEN_F_COLLATE)) { gen_colref(g); break; }
      out(g, "("); gen_expr(g, depth + 1); outf(g, " COLLATE %s", PICK(g, azColl));
      outf(g, " %s ", PICK(g, azCmpOp)); gen_expr(g, depth + 1); out(g, ")"); break;
    default:
      if (feat(g, SQLGEN_F_FUNC)) gen_func(g, depth);
      else {
        out(g, "(");
        gen_expr(g, depth + 1);
        out(g, " = ");
        gen_expr(g, depth + 1);
        out(g, ")");
      }
      break;
  }
}

/* Any expression: columns, literals, operators, functions, and, where the
** features and context allow, aggregates and subqueries. */
static void gen_expr(Gen *g, int depth) {
  int bLeaf = depth >= GEN_MAX_DEPTH || chance(g, 35);
  if (g->bAgg && chance(g, g->bAgg == 2 ? 40 : 25)) { gen_aggregate(g, depth); return; }
  if (bLeaf || !feat(g, SQLGEN_F_EXPR)) {
    if (g->nScope > 0 && g->bAgg != 2 && chance(g, 60)) gen_colref(g);
    else gen_literal(g);
    return;
  }
  if (feat(g, SQLGEN_F_SUBQUERY) && !g->bNoSubq && chance(g, 8)) {
    gen_subquery_expr(g, depth);
    return;
  }
  gen_expr_compound(g, depth);
}

/* A predicate: usually a comparison, sometimes any expression. */
static void gen_pred(Gen *g) {
  if (chance(g, 70)) {
    gen_expr(g, 1);
    outf(g, " %s ", PICK(g, azCmpOp));
    gen_expr(g, 1);
  } else {
    gen_expr(g, 0);
  }
}

/* ---- SELECT ------------------------------------------------------------- */
/* FROM clause over one table, or a join of 2 when JOIN is on.  Sets the
** scope for column references. */
static void gen_from(Gen *g) {
  int t0 = rnd(g, g->nTab);
  g->nScope = 1;
  g->aScope[0] = t0;
  g->bQualify = 0;
  outf(g, " FROM %s", g->aTab[t0].zName);
  if (!feat(g, SQLGEN_F_JOIN) || g->nTab < 2 || !chance(g, 40)) return;
  int t1 = (t0 + 1 + rnd(g, g->nTab - 1)) % g->nTab;
  static const char *const azJoin[] = {
    ", ", " JOIN ", " LEFT JOIN ", " CROSS JOIN ", " INNER JOIN "};
  const char *zJ = PICK(g, azJoin);
  outf(g, "%s%s", zJ, g->aTab[t1].zName);
  g->aScope[g->nScope++] = t1;
  g->bQualify = 1;
  if (zJ[0] != ',' && strcmp(zJ, " CROSS JOIN ") != 0) {
    out(g, " ON ");
    gen_pred(g);
  }
}

/* Result columns; returns how many.  bGroup: only aggregates and the
** grouping keys (invariant 2: no bare columns). */
static int gen_result_cols(Gen *g, int bAgg, int nMax) {
  int n = 1 + rnd(g, nMax);
  if (!bAgg && chance(g, 10)) { out(g, "*"); return -1; }
  for (int i = 0; i < n; i++) {
    if (i) out(g, ", ");
    g->bAgg = bAgg;
    if (bAgg) gen_aggregate(g, 1);
    else gen_expr(g, 0);
    g->bAgg = 0;
    if (chance(g, 20)) outf(g, " AS r%d", i);
  }
  return n;
}

/* "ORDER BY <random terms>, 1 COLLATE BINARY, ..." (total, invariant 2);
** bColsOnly: the random terms are result column numbers only. */
static void gen_order_by(Gen *g, int nCol, int bColsOnly) {
  out(g, " ORDER BY ");
  int nKey = 1 + rnd(g, 2);
  for (int i = 0; i < nKey; i++) {
    if (i) out(g, ", ");
    if (nCol > 0 && (bColsOnly || chance(g, 40))) outf(g, "%d", 1 + rnd(g, nCol));
    else gen_expr(g, 1);
    if (feat(g, SQLGEN_F_COLLATE) && chance(g, 15)) outf(g, " COLLATE %s", PICK(g, azColl));
    if (chance(g, 40)) out(g, chance(g, 50) ? " DESC" : " ASC");
    if (chance(g, 10)) out(g, chance(g, 50) ? " NULLS FIRST" : " NULLS LAST");
  }
  for (int i = 1; i <= nCol; i++) outf(g, ", %d COLLATE BINARY", i);
}

/* A subquery: mode 0 for EXISTS (any columns), 1 for IN (one column), 2
** for a scalar subquery (one column; a non-aggregate one takes its first
** row under a total ORDER BY, invariant 2).  The outer tables stay in scope
** for a correlated WHERE. */
static void gen_select_body(Gen *g, int mode) {
  int bAgg = feat(g, SQLGEN_F_GROUPBY) && chance(g, 30);
  int aScope[GEN_MAX_TABLES], nScope = g->nScope, bQ = g->bQualify;
  memcpy(aScope, g->aScope, sizeof(aScope));
  int t = rnd(g, g->nTab);
  g->aScope[0] = t;
  g->nScope = 1;
  g->bQualify = 1;
  out(g, "SELECT ");
  g->bAgg = bAgg;
  if (bAgg) gen_aggregate(g, 1); else gen_expr(g, 1);
  g->bAgg = 0;
  if (mode == 0 && chance(g, 30)) { out(g, ", "); gen_expr(g, 1); }
  outf(g, " FROM %s", g->aTab[t].zName);
  if (chance(g, 70)) {
    out(g, " WHERE ");
    for (int i = 0; i < nScope && g->nScope < GEN_MAX_TABLES; i++)
      if (aScope[i] != t) g->aScope[g->nScope++] = aScope[i];
    gen_pred(g);
  }
  if (mode == 2 && !bAgg) out(g, " ORDER BY 1 COLLATE BINARY LIMIT 1");
  g->nScope = nScope;
  memcpy(g->aScope, aScope, sizeof(aScope));
  g->bQualify = bQ;
}

/* SELECT of constant expressions, no FROM: expression evaluation alone. */
static void gen_select_const(Gen *g) {
  g->nScope = 0;
  out(g, "SELECT ");
  int n = 1 + rnd(g, 4);
  for (int i = 0; i < n; i++) {
    if (i) out(g, ", ");
    gen_expr(g, 0);
    if (chance(g, 15)) outf(g, " AS k%d", i);
  }
  out(g, ";\n");
}

static void gen_select(Gen *g) {
  if (chance(g, 12)) { gen_select_const(g); return; }
  int bGroup = feat(g, SQLGEN_F_GROUPBY) && chance(g, 30);
  int bDistinct = !bGroup && feat(g, SQLGEN_F_DISTINCT) && chance(g, 15);
  /* Generate the FROM into a temporary generator state first, so result
  ** columns can reference its tables: emit "SELECT" after computing it. */
  Gen tmp = *g;
  tmp.z = NULL; tmp.n = tmp.cap = 0;
  gen_from(&tmp);
  char *zFrom = tmp.z;
  g->s = tmp.s;
  g->bOom |= tmp.bOom;
  memcpy(g->aScope, tmp.aScope, sizeof(g->aScope));
  g->nScope = tmp.nScope;
  g->bQualify = tmp.bQualify;
  out(g, bDistinct ? "SELECT DISTINCT " : "SELECT ");
  int nCol;
  if (bGroup) {
    int nKey = 1 + rnd(g, 2);
    char *azKey[2] = {NULL, NULL};
    for (int i = 0; i < nKey; i++) {     /* keys are also result columns */
      Gen k2 = *g; k2.z = NULL; k2.n = k2.cap = 0;
      gen_expr(&k2, 1);
      g->s = k2.s;
      azKey[i] = k2.z;
      if (azKey[i]) { out(g, azKey[i]); out(g, ", "); }
    }
    nCol = nKey + gen_result_cols(g, 1, 2);
    out(g, zFrom ? zFrom : "");
    if (feat(g, SQLGEN_F_WHERE) && chance(g, 50)) { out(g, " WHERE "); gen_pred(g); }
    out(g, " GROUP BY ");
    for (int i = 0; i < nKey; i++) {
      if (i) out(g, ", ");
      out(g, azKey[i] ? azKey[i] : "1");
      free(azKey[i]);
    }
    /* bAgg 2: columns only inside aggregates (no bare columns, invariant 2). */
    if (chance(g, 30)) { out(g, " HAVING "); g->bAgg = 2; gen_pred(g); g->bAgg = 0; }
  } else {
    nCol = gen_result_cols(g, 0, 3);
    out(g, zFrom ? zFrom : "");
    if (feat(g, SQLGEN_F_WHERE) && chance(g, 70)) { out(g, " WHERE "); gen_pred(g); }
  }
  free(zFrom);
  int bOrder = feat(g, SQLGEN_F_ORDERBY) && nCol > 0 && chance(g, 50);
  int bLimit = bOrder && feat(g, SQLGEN_F_LIMIT) && chance(g, 40);
  /* DISTINCT: order by result columns only, as other terms would pick an
  ** arbitrary row of each duplicate group (invariant 2). */
  g->bAgg = bGroup ? 2 : 0;
  if (bOrder) gen_order_by(g, nCol, bDistinct);
  g->bAgg = 0;
  if (bLimit) {
    outf(g, " LIMIT %d", rnd(g, 6) - (chance(g, 10) ? 2 : 0));
    if (chance(g, 40)) outf(g, " OFFSET %d", rnd(g, 4));
  }
  out(g, ";\n");
  g->nScope = 0;
  g->bQualify = 0;
}

/* ---- DML and DDL ----------------------------------------------------- */
/* "ORDER BY <expr>, rowid LIMIT n" on UPDATE/DELETE (SQLITE_ENABLE_UPDATE_
** DELETE_LIMIT, on in Debian's build); rowid makes the order total. */
static void gen_dml_limit(Gen *g) {
  if (!feat(g, SQLGEN_F_DMLLIMIT) || !chance(g, 30)) return;
  out(g, " ORDER BY ");
  gen_expr(g, 1);
  outf(g, "%s, rowid LIMIT %d", chance(g, 30) ? " DESC" : "", rnd(g, 4));
  if (chance(g, 30)) outf(g, " OFFSET %d", rnd(g, 3));
}

/* ALTER TABLE ADD COLUMN: the new column joins the model. */
static void gen_alter(Gen *g) {
  GenTab *pT = &g->aTab[rnd(g, g->nTab)];
  if (pT->nCol >= GEN_MAX_COLS) { outf(g, "SELECT count(*) FROM %s;\n", pT->zName); return; }
  GenCol *c = &pT->aCol[pT->nCol];
  snprintf(c->zName, sizeof(c->zName), "c%d", pT->nCol);
  c->zType = feat(g, SQLGEN_F_AFFINITY) ? PICK(g, azTypeAff) : PICK(g, azTypeBasic);
  c->bIpk = 0;
  c->zColl = (feat(g, SQLGEN_F_COLLATE) && chance(g, 30)) ? PICK(g, azColl) : NULL;
  outf(g, "ALTER TABLE %s ADD COLUMN %s%s%s", pT->zName, c->zName, c->zType[0] ? " " : "",
       c->zType);
  if (chance(g, 50)) { out(g, " DEFAULT "); gen_literal(g); }
  if (c->zColl) outf(g, " COLLATE %s", c->zColl);
  out(g, ";\n");
  pT->nCol++;
}

static void gen_pragma(Gen *g) {
  GenTab *pT = &g->aTab[rnd(g, g->nTab)];
  switch (rnd(g, 6)) {
    case 0: outf(g, "PRAGMA table_info(%s);\n", pT->zName); break;
    case 1: outf(g, "PRAGMA index_list(%s);\n", pT->zName); break;
    case 2: outf(g, "PRAGMA index_info(i%d);\n", rnd(g, g->nIndex + 1)); break;
    case 3: out(g, "PRAGMA integrity_check;\n"); break;
    case 4: outf(g, "PRAGMA case_sensitive_like = %d;\n", rnd(g, 2)); break;
    default: outf(g, "PRAGMA table_xinfo(%s);\n", pT->zName); break;
  }
}

static void gen_insert(Gen *g) {
  int t = rnd(g, g->nTab);
  GenTab *pT = &g->aTab[t];
  static const char *const azOr[] = {
    "", "", "", "OR IGNORE ", "OR REPLACE ", "OR ABORT ", "OR FAIL "};
  outf(g, "INSERT %sINTO %s", feat(g, SQLGEN_F_DML) ? PICK(g, azOr) : "", pT->zName);
  int nCol = pT->nCol, aCol[GEN_MAX_COLS];
  for (int i = 0; i < nCol; i++) aCol[i] = i;
  if (chance(g, 40)) {                  /* explicit, shuffled column list */
    for (int i = nCol - 1; i > 0; i--) {
      int j = rnd(g, i + 1), x = aCol[i];
      aCol[i] = aCol[j];
      aCol[j] = x;
    }
    nCol = 1 + rnd(g, nCol);
    out(g, "(");
    for (int i = 0; i < nCol; i++) outf(g, "%s%s", i ? ", " : "", pT->aCol[aCol[i]].zName);
    out(g, ")");
  }
  if (feat(g, SQLGEN_F_DML) && chance(g, 8)) {   /* INSERT ... SELECT */
    int u = rnd(g, g->nTab);
    out(g, " SELECT ");
    for (int i = 0; i < nCol; i++) {
      GenTab *pU = &g->aTab[u];
      const char *zSrc = pT->aCol[aCol[i]].bIpk ? "NULL" : pU->aCol[i % pU->nCol].zName;
      outf(g, "%s%s", i ? ", " : "", zSrc);
    }
    /* A bounded copy: repeated self-copies would double the table each
    ** time (invariant 3); rowid makes the chosen rows deterministic. */
    outf(g, " FROM %s ORDER BY rowid LIMIT %d", g->aTab[u].zName, 1 + rnd(g, 4));
    out(g, ";\n");
    return;
  }
  out(g, " VALUES");
  int nRow = 1 + rnd(g, 4);
  for (int r = 0; r < nRow; r++) {
    out(g, r ? ", (" : " (");
    for (int i = 0; i < nCol; i++) {
      if (i) out(g, ", ");
      if (pT->aCol[aCol[i]].bIpk) gen_rowid_value(g);
      else if (chance(g, 15) && feat(g, SQLGEN_F_EXPR)) gen_expr(g, 2);
      else gen_literal(g);
    }
    out(g, ")");
  }
  if (feat(g, SQLGEN_F_UPSERT) && chance(g, 30)) {
    int c = rnd(g, pT->nCol);
    if (chance(g, 50)) out(g, " ON CONFLICT DO NOTHING");
    else {
      outf(g, " ON CONFLICT DO UPDATE SET %s = ", pT->aCol[c].zName);
      g->aScope[0] = t; g->nScope = 1;
      if (pT->aCol[c].bIpk) gen_rowid_value(g); else gen_expr(g, 2);
      g->nScope = 0;
    }
  }
  out(g, ";\n");
}

static void gen_update(Gen *g) {
  int t = rnd(g, g->nTab);
  GenTab *pT = &g->aTab[t];
  static const char *const azOr[] = {"", "", "OR IGNORE ", "OR REPLACE "};
  outf(g, "UPDATE %s%s SET ", PICK(g, azOr), pT->zName);
  g->aScope[0] = t; g->nScope = 1; g->bQualify = 0;
  int n = 1 + rnd(g, 2);
  for (int i = 0; i < n; i++) {
    GenCol *c = &pT->aCol[rnd(g, pT->nCol)];
    outf(g, "%s%s = ", i ? ", " : "", c->zName);
    if (c->bIpk) gen_rowid_value(g); else gen_expr(g, 1);
  }
  if (chance(g, 80)) { out(g, " WHERE "); gen_pred(g); }
  gen_dml_limit(g);
  out(g, ";\n");
  g->nScope = 0;
}

static void gen_delete(Gen *g) {
  int t = rnd(g, g->nTab);
  outf(g, "DELETE FROM %s", g->aTab[t].zName);
  g->aScope[0] = t; g->nScope = 1; g->bQualify = 0;
  out(g, " WHERE ");
  gen_pred(g);
  gen_dml_limit(g);
  out(g, ";\n");
  g->nScope = 0;
}

static void gen_create_index(Gen *g) {
  int t = rnd(g, g->nTab);
  GenTab *pT = &g->aTab[t];
  outf(g, "CREATE %sINDEX i%d ON %s(", chance(g, 20) ? "UNIQUE " : "", g->nIndex++, pT->zName);
  int n = 1 + rnd(g, 2 < pT->nCol ? 2 : pT->nCol);
  for (int i = 0; i < n; i++) {
    outf(g, "%s%s", i ? ", " : "", pT->aCol[rnd(g, pT->nCol)].zName);
    if (feat(g, SQLGEN_F_COLLATE) && chance(g, 20)) outf(g, " COLLATE %s", PICK(g, azColl));
    if (chance(g, 20)) out(g, " DESC");
  }
  out(g, ")");
  if (feat(g, SQLGEN_F_WHERE) && chance(g, 10)) {
    g->aScope[0] = t; g->nScope = 1;
    out(g, " WHERE ");
    outf(g, "%s IS NOT NULL", pT->aCol[rnd(g, pT->nCol)].zName);
    g->nScope = 0;
  }
  out(g, ";\n");
}

/* A trigger on t that inserts into a later table u > t: the trigger graph
** stays acyclic, so no trigger recursion (which SQLite runs 1000 levels
** deep, exponentially with fan-out) can make a script slow (invariant 3). */
static void gen_trigger(Gen *g) {
  if (g->nTab < 2) { gen_select(g); return; }
  int t = rnd(g, g->nTab - 1), u = t + 1 + rnd(g, g->nTab - t - 1);
  static const char *const azWhen[] = {"BEFORE", "AFTER"};
  static const char *const azEv[] = {"INSERT", "UPDATE", "DELETE"};
  const char *zEv = PICK(g, azEv);
  outf(g, "CREATE TRIGGER tr%d %s %s ON %s BEGIN ", g->nTrigger++, PICK(g, azWhen), zEv,
       g->aTab[t].zName);
  GenTab *pU = &g->aTab[u];
  const char *zRef = strcmp(zEv, "DELETE") == 0 ? "old" : "new";
  int c = rnd(g, pU->nCol);
  if (pU->aCol[c].bIpk && pU->nCol > 1) c = 1 + rnd(g, pU->nCol - 1);
  outf(g, "INSERT INTO %s(%s) VALUES (", pU->zName, pU->aCol[c].zName);
  if (pU->aCol[c].bIpk) out(g, "NULL");  /* never copy a huge value into a rowid */
  else outf(g, "%s.%s", zRef, g->aTab[t].aCol[rnd(g, g->aTab[t].nCol)].zName);
  out(g, "); END;\n");
}

static void gen_window_select(Gen *g) {
  int t = rnd(g, g->nTab);
  GenTab *pT = &g->aTab[t];
  static const char *const azWin[] = {"rank()", "dense_rank()", "count(*)", "sum(%s)", "max(%s)",
                                      "min(%s)", "count(%s)", "total(%s)"};
  const char *zCol = pT->aCol[rnd(g, pT->nCol)].zName;
  char zF[64];
  snprintf(zF, sizeof(zF), PICK(g, azWin), zCol);
  /* No frame with ROWS and no row_number(): peers get equal values, so the
  ** result does not depend on how ties are ordered (invariant 2). */
  outf(g, "SELECT %s, %s OVER (", pT->aCol[0].zName, zF);
  if (chance(g, 60)) outf(g, "PARTITION BY %s ", pT->aCol[rnd(g, pT->nCol)].zName);
  if (chance(g, 60)) outf(g, "ORDER BY %s", pT->aCol[rnd(g, pT->nCol)].zName);
  outf(g, ") FROM %s;\n", pT->zName);
}

static void gen_cte_select(Gen *g) {
  if (chance(g, 40)) {
    outf(g, "WITH RECURSIVE cnt(x) AS (SELECT %d UNION ALL SELECT x + 1 FROM cnt WHERE x < %d) "
            "SELECT x, ", rnd(g, 3), 3 + rnd(g, 20));
    g->nScope = 0;
    gen_expr(g, 1);
    out(g, " FROM cnt;\n");
    return;
  }
  int t = rnd(g, g->nTab);
  GenTab *pT = &g->aTab[t];
  outf(g, "WITH w AS (SELECT * FROM %s", pT->zName);
  g->aScope[0] = t; g->nScope = 1; g->bQualify = 0;
  if (chance(g, 60)) { out(g, " WHERE "); gen_pred(g); }
  outf(g, ") SELECT count(*), %s(%s) FROM w;\n", chance(g, 50) ? "max" : "min",
       pT->aCol[rnd(g, pT->nCol)].zName);
  g->nScope = 0;
}

static void gen_compound(Gen *g) {
  static const char *const azOp[] = {"UNION", "UNION ALL", "INTERSECT", "EXCEPT"};
  int t = rnd(g, g->nTab), u = rnd(g, g->nTab);
  outf(g, "SELECT %s FROM %s", g->aTab[t].aCol[rnd(g, g->aTab[t].nCol)].zName, g->aTab[t].zName);
  outf(g, " %s ", PICK(g, azOp));
  outf(g, "SELECT %s FROM %s", g->aTab[u].aCol[rnd(g, g->aTab[u].nCol)].zName, g->aTab[u].zName);
  if (chance(g, 50)) out(g, " ORDER BY 1 COLLATE BINARY");
  out(g, ";\n");
}

static void gen_txn(Gen *g) {
  static const char *const azTxn[] = {"BEGIN;\n", "COMMIT;\n", "ROLLBACK;\n", "SAVEPOINT sp1;\n",
                                      "RELEASE sp1;\n", "ROLLBACK TO sp1;\n", "END;\n"};
  out(g, PICK(g, azTxn));
}

/* ---- TLP ------------------------------------------------------------------- */
/* Emits one TLP group (sqlgen.h invariant 3): Q and its three partitions by
** a random predicate p, combined with Q's own WHERE w when present. */
static void gen_tlp_group(Gen *g) {
  Gen tmp = *g;
  tmp.z = NULL; tmp.n = tmp.cap = 0;
  gen_from(&tmp);
  g->s = tmp.s;
  memcpy(g->aScope, tmp.aScope, sizeof(g->aScope));
  g->nScope = tmp.nScope;
  g->bQualify = tmp.bQualify;
  char *zFrom = tmp.z, *zCols, *zW = NULL, *zP;
  Gen c = *g; c.z = NULL; c.n = c.cap = 0;
  gen_result_cols(&c, 0, 3);
  g->s = c.s; zCols = c.z;
  if (chance(g, 40)) {
    Gen w = *g;
    w.z = NULL; w.n = w.cap = 0;
    gen_pred(&w);
    g->s = w.s;
    zW = w.z;
  }
  Gen p = *g; p.z = NULL; p.n = p.cap = 0;
  gen_pred(&p);
  g->s = p.s; zP = p.z;
  if (zFrom == NULL || zCols == NULL || zP == NULL) g->bOom = 1;
  if (!g->bOom) {
    static const char *const azPart[] = {"(%s)", "NOT (%s)", "(%s) IS NULL"};
    out(g, SQLGEN_TLP_MARK "\nSELECT ");
    out(g, zCols);
    out(g, zFrom);
    if (zW) { out(g, " WHERE "); out(g, zW); }
    out(g, ";\n");
    for (int i = 0; i < 3; i++) {
      out(g, "SELECT ");
      out(g, zCols);
      out(g, zFrom);
      out(g, " WHERE ");
      if (zW) { out(g, "("); out(g, zW); out(g, ") AND "); }
      const char *zPat = azPart[i];
      out(g, zPat[0] == 'N' ? "NOT (" : "(");
      out(g, zP);
      out(g, i == 2 ? ") IS NULL" : ")");
      out(g, ";\n");
    }
  }
  free(zFrom); free(zCols); free(zW); free(zP);
  g->nScope = 0;
  g->bQualify = 0;
}

/* ---- the script ------------------------------------------------------------ */
static void gen_statement(Gen *g, int bTlp) {
  int k = rnd(g, 100);
  if (bTlp && k < 50) { gen_tlp_group(g); return; }
  if (k < 45) {
    if (feat(g, SQLGEN_F_WINDOW) && chance(g, 15)) gen_window_select(g);
    else if (feat(g, SQLGEN_F_CTE) && chance(g, 15)) gen_cte_select(g);
    else if (feat(g, SQLGEN_F_COMPOUND) && chance(g, 15)) gen_compound(g);
    else gen_select(g);
  } else if (k < 68) {
    gen_insert(g);
  } else if (k < 78 && feat(g, SQLGEN_F_DML)) {
    gen_update(g);
  } else if (k < 84 && feat(g, SQLGEN_F_DML)) {
    gen_delete(g);
  } else if (k < 89 && feat(g, SQLGEN_F_INDEX)) {
    if (g->nIndex > 0 && chance(g, 15)) outf(g, "DROP INDEX IF EXISTS i%d;\n", rnd(g, g->nIndex));
    else gen_create_index(g);
  } else if (k < 92 && feat(g, SQLGEN_F_TRIGGER) && g->nTrigger < 4) {
    gen_trigger(g);
  } else if (k < 95 && feat(g, SQLGEN_F_TXN)) {
    gen_txn(g);
  } else if (k < 97 && feat(g, SQLGEN_F_ALTER)) {
    gen_alter(g);
  } else if (k < 99 && feat(g, SQLGEN_F_PRAGMA)) {
    gen_pragma(g);
  } else {
    gen_select(g);
  }
}

char *sqlgen_script(const SqlgenOpts *pOpts) {
  Gen g;
  memset(&g, 0, sizeof(g));
  g.s = pOpts->seed * 0x2545f4914f6cdd1dULL + 0x1234567;
  g.feat = pOpts->feat;
  g.nTab = 1 + rnd(&g, GEN_MAX_TABLES);
  if (!feat(&g, SQLGEN_F_JOIN) && !feat(&g, SQLGEN_F_SUBQUERY) && chance(&g, 50)) g.nTab = 1;
  outf(&g, "-- sqlgen seed %llu\n", (unsigned long long)pOpts->seed);
  for (int i = 0; i < g.nTab; i++) gen_create_table(&g, i);
  int nInit = 3 + rnd(&g, 6);
  for (int i = 0; i < nInit; i++) gen_insert(&g);
  int nStmt = pOpts->nStmt - g.nTab - nInit;
  for (int i = 0; i < nStmt && !g.bOom; i++) gen_statement(&g, pOpts->bTlp);
  if (g.bOom) { free(g.z); return NULL; }
  return g.z;
}

/* ---- feature names ------------------------------------------------------- */
static const struct { const char *zName; unsigned f; } aFeat[] = {
  {"expr", SQLGEN_F_EXPR}, {"affinity", SQLGEN_F_AFFINITY}, {"collate", SQLGEN_F_COLLATE},
  {"index", SQLGEN_F_INDEX}, {"where", SQLGEN_F_WHERE}, {"orderby", SQLGEN_F_ORDERBY},
  {"groupby", SQLGEN_F_GROUPBY}, {"limit", SQLGEN_F_LIMIT}, {"distinct", SQLGEN_F_DISTINCT},
  {"dml", SQLGEN_F_DML}, {"func", SQLGEN_F_FUNC}, {"join", SQLGEN_F_JOIN},
  {"subquery", SQLGEN_F_SUBQUERY}, {"cte", SQLGEN_F_CTE}, {"window", SQLGEN_F_WINDOW},
  {"trigger", SQLGEN_F_TRIGGER}, {"upsert", SQLGEN_F_UPSERT}, {"compound", SQLGEN_F_COMPOUND},
  {"txn", SQLGEN_F_TXN}, {"alter", SQLGEN_F_ALTER}, {"pragma", SQLGEN_F_PRAGMA},
  {"dmllimit", SQLGEN_F_DMLLIMIT}, {"datetime", SQLGEN_F_DATETIME}};

static unsigned feature_bit(const char *z, size_t n) {
  if (n == 3 && strncmp(z, "all", 3) == 0) return SQLGEN_F_ALL;
  if (n == 7 && strncmp(z, "default", 7) == 0) return SQLGEN_F_DEFAULT;
  if (n == 4 && strncmp(z, "none", 4) == 0) return 0x80000000u;
  for (size_t i = 0; i < sizeof(aFeat) / sizeof(aFeat[0]); i++) {
    if (strlen(aFeat[i].zName) == n && strncmp(aFeat[i].zName, z, n) == 0) return aFeat[i].f;
  }
  return 0;
}

int sqlgen_parse_features(const char *z, unsigned *pFeat, const char **pzBad) {
  static char zBad[64];
  unsigned f = 0;
  int bRelative = (z[0] == '+' || z[0] == '-');
  if (bRelative) f = SQLGEN_F_DEFAULT;
  while (*z) {
    char op = (*z == '+' || *z == '-') ? *z++ : '+';
    size_t n = strcspn(z, ",");
    unsigned b = feature_bit(z, n);
    if (b == 0) {
      snprintf(zBad, sizeof(zBad), "%.*s", (int)(n < 60 ? n : 60), z);
      if (pzBad) *pzBad = zBad;
      return -1;
    }
    if (b == 0x80000000u) b = 0, f = 0;
    if (op == '+') f |= b; else f &= ~b;
    z += n;
    if (*z == ',') z++;
  }
  *pFeat = f;
  return 0;
}

void sqlgen_feature_names(unsigned f, char *buf, int n) {
  int i = 0;
  buf[0] = 0;
  for (size_t k = 0; k < sizeof(aFeat) / sizeof(aFeat[0]); k++) {
    if (!(f & aFeat[k].f)) continue;
    i += snprintf(buf + i, (size_t)(n - i), "%s%s", i ? "," : "", aFeat[k].zName);
    if (i >= n) { buf[n - 1] = 0; return; }
  }
  if (i == 0) snprintf(buf, (size_t)n, "none");
}

/* ---- command line (built only for the sqlgen program) ------------------- */
#ifdef SQLGEN_MAIN
static void sqlgen_usage(void) {
  char buf[400];
  sqlgen_feature_names(SQLGEN_F_ALL, buf, sizeof(buf));
  fprintf(stderr, "usage: sqlgen [--seed S] [--stmts N] [--features LIST] [--tlp]\n"
                  "  features: %s\n  (also all, default, none, +name, -name)\n", buf);
  exit(2);
}

int main(int argc, char **argv) {
  SqlgenOpts o = {1, SQLGEN_F_DEFAULT, 100, 0};
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "--seed") == 0 && i + 1 < argc) o.seed = strtoull(argv[++i], NULL, 0);
    else if (strcmp(a, "--stmts") == 0 && i + 1 < argc) o.nStmt = atoi(argv[++i]);
    else if (strcmp(a, "--tlp") == 0) o.bTlp = 1;
    else if (strcmp(a, "--features") == 0 && i + 1 < argc) {
      const char *zBad = NULL;
      if (sqlgen_parse_features(argv[++i], &o.feat, &zBad) != 0) {
        fprintf(stderr, "sqlgen: unknown feature '%s'\n", zBad);
        sqlgen_usage();
      }
    } else {
      sqlgen_usage();
    }
  }
  char *z = sqlgen_script(&o);
  if (z == NULL) { fprintf(stderr, "sqlgen: out of memory\n"); return 2; }
  fputs(z, stdout);
  free(z);
  return 0;
}
#endif
