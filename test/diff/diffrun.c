/*
** diffrun.c: differential test driver.  Loads two SQLite libraries side by
** side (the system's reference libsqlite3.so.0 and ours) with dlmopen into
** separate link-map namespaces, runs the same SQL script against both, one
** statement at a time, and compares everything an application can observe:
** result code (extended) and error message, the phase that failed (prepare
** or step), column names, rows (in order, or as a sorted multiset for a
** SELECT with no top-level ORDER BY), each value's storage class and exact
** value (REAL by bit pattern), changes(), last_insert_rowid() and the
** autocommit flag.  On the first difference it prints both results, then
** shrinks the script by delta debugging and prints the smallest script that
** still differs.
**
** Also: --seed S runs generated scripts (sqlgen.c) S, S+1, ...; --tlp runs
** ternary-logic-partitioning groups on one library (no oracle needed).
**
** Exit status: 0 no difference, 1 difference (or TLP violation), 2 usage or
** environment error.
**
** Invariants:
**   1. Each script runs in a forked child with an alarm, so a crash or hang
**      in the library under test is reported as a difference (with the
**      statement it happened in), never kills the driver.
**   2. The driver adds no nondeterminism: both databases are fresh
**      ":memory:" connections opened identically, statements are split by
**      the reference library's sqlite3_complete(), and values are rendered
**      with the reference library's sqlite3_mprintf on both sides.
**   3. A "difference" is decided only by comparing the rendered keys of the
**      two StmtRes records (diff_compare); reporting never influences it.
**   4. Minimization only ever keeps a candidate script that was run and
**      observed to differ, so the printed script reproduces a difference.
**
** This is a test tool: it links neither library (only libdl) and uses the C
** allocator directly; the house rule "allocate through mem_*" is for the
** library.
*/
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <assert.h>
#include <dlfcn.h>
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "sqlite3.h"
#include "sqlgen.h"

#define DIFF_REF_DEFAULT "/lib/x86_64-linux-gnu/libsqlite3.so.0"
#define DIFF_MAX_ROWS 20000      /* rows kept per statement (bounded memory) */
#define DIFF_MAX_SHOW 12         /* rows printed per side in a report */
#define DIFF_MAX_TESTS 4000      /* minimization runs per difference */

/* ---- the loaded library: the entry points the driver calls ------------- */
typedef struct Api {
  const char *zName;                                  /* "reference" or "ours" */
  const char *zPath;                                  /* file it was loaded from */
  void *pHandle;                                      /* dlmopen handle */
  int (*xOpen)(const char *, sqlite3 **, int, const char *);
  int (*xClose)(sqlite3 *);
  int (*xPrepare)(sqlite3 *, const char *, int, sqlite3_stmt **, const char **);
  int (*xStep)(sqlite3_stmt *);
  int (*xFinalize)(sqlite3_stmt *);
  int (*xColumnCount)(sqlite3_stmt *);
  const char *(*xColumnName)(sqlite3_stmt *, int);
  int (*xColumnType)(sqlite3_stmt *, int);
  sqlite3_int64 (*xColumnInt64)(sqlite3_stmt *, int);
  double (*xColumnDouble)(sqlite3_stmt *, int);
  const unsigned char *(*xColumnText)(sqlite3_stmt *, int);
  const void *(*xColumnBlob)(sqlite3_stmt *, int);
  int (*xColumnBytes)(sqlite3_stmt *, int);
  int (*xExtErrcode)(sqlite3 *);
  const char *(*xErrmsg)(sqlite3 *);
  const char *(*xErrstr)(int);
  int (*xChanges)(sqlite3 *);
  sqlite3_int64 (*xLastRowid)(sqlite3 *);
  int (*xAutocommit)(sqlite3 *);
  int (*xExtCodes)(sqlite3 *, int);
  char *(*xMprintf)(const char *, ...);
  void (*xFree)(void *);
  int (*xComplete)(const char *);
} Api;

/* ---- a growable string --------------------------------------------------- */
typedef struct Str {
  char *z;      /* NUL-terminated text, malloc'd (NULL when empty) */
  size_t n;     /* bytes used, excluding the terminator */
  size_t cap;   /* bytes allocated */
} Str;

/* ---- what one statement did on one library ------------------------------ */
typedef struct StmtRes {
  char cPhase;          /* 'P' prepare failed, 'S' step failed, 'D' done, 'E' empty */
  int rc;               /* extended result code of the failing call, or 0 */
  char *zErr;           /* errmsg() after the statement (malloc'd) */
  char *zCols;          /* column names joined by ", " (malloc'd) */
  char **azRow;         /* rendered rows (malloc'd each) */
  int nRow;             /* number of rows kept */
  int bTruncated;       /* more than DIFF_MAX_ROWS rows were produced */
  int nChange;          /* sqlite3_changes() afterwards */
  sqlite3_int64 iRowid; /* sqlite3_last_insert_rowid() afterwards */
  int bAutocommit;      /* sqlite3_get_autocommit() afterwards */
} StmtRes;

/* ---- a script split into statements ------------------------------------ */
typedef struct Script {
  char **azStmt;        /* statement texts, each ending in ';' if it had one */
  int nStmt;            /* number of statements */
} Script;

/* ---- global options ------------------------------------------------------ */
static Api g_ref, g_ours;          /* the two libraries */
static int g_timeout = 10;         /* seconds per script run (invariant 1) */
static int g_quiet = 0;            /* -q: only summary lines */
static int g_minimize = 1;         /* --no-minimize turns delta debugging off */
static volatile int *g_piShared;   /* [0]: statement the child runs; [1]: TLP groups */
static char *g_zSig;               /* shared: the child's difference signature */
#define DIFF_SHARED_SIZE 4096       /* bytes mapped at g_piShared (ints, then g_zSig) */
#define DIFF_SIG_SIZE 256
static FILE *g_fCat;               /* --categorize: one line per differing statement */
static int g_lazy = 0;             /* --lazy: bind ours lazily (a partial library loads) */
static int g_bMultiset = 0;        /* compare every result as a multiset (reducer) */
static const char *g_zArgv0 = "diffrun";  /* how we were invoked, for reproduce lines */

static void die_env(const char *zFmt, ...) {
  va_list ap;
  va_start(ap, zFmt);
  fputs("diffrun: ", stderr);
  vfprintf(stderr, zFmt, ap);
  fputc('\n', stderr);
  va_end(ap);
  exit(2);
}

static void *xmalloc(size_t n) {
  void *p = malloc(n ? n : 1);
  if (p == NULL) die_env("out of memory");
  return p;
}

static char *xstrdup(const char *z) {
  size_t n = strlen(z ? z : "");
  char *p = xmalloc(n + 1);
  memcpy(p, z ? z : "", n + 1);
  return p;
}

static void str_append(Str *p, const char *z, size_t n) {
  if (p->n + n + 1 > p->cap) {
    size_t cap = (p->cap ? p->cap * 2 : 64);
    while (cap < p->n + n + 1) cap *= 2;
    p->z = realloc(p->z, cap);
    if (p->z == NULL) die_env("out of memory");
    p->cap = cap;
  }
  memcpy(p->z + p->n, z, n);
  p->n += n;
  p->z[p->n] = 0;
}

static void str_cat(Str *p, const char *z) { str_append(p, z, strlen(z)); }

static void str_printf(Str *p, const char *zFmt, ...) {
  char buf[512];
  va_list ap;
  va_start(ap, zFmt);
  int n = vsnprintf(buf, sizeof(buf), zFmt, ap);
  va_end(ap);
  if (n < 0) return;
  str_append(p, buf, (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
}

static char *str_take(Str *p) {
  char *z = p->z ? p->z : xstrdup("");
  p->z = NULL;
  p->n = p->cap = 0;
  return z;
}

/* ---- loading ------------------------------------------------------------- */
static void *api_sym(Api *pApi, const char *zSym) {
  void *p = dlsym(pApi->pHandle, zSym);
  if (p == NULL) die_env("%s: %s has no symbol %s", pApi->zName, pApi->zPath, zSym);
  return p;
}

/* Loads zPath into a new link-map namespace, so two copies of "the same"
** library (or two libraries exporting the same names) never bind to each
** other's symbols.  Exits with status 2 when that is impossible. */
static void api_load(Api *pApi, const char *zName, const char *zPath) {
  pApi->zName = zName;
  pApi->zPath = zPath;
  int mode = (g_lazy && strcmp(zName, "ours") == 0) ? RTLD_LAZY : RTLD_NOW;
  pApi->pHandle = dlmopen(LM_ID_NEWLM, zPath, mode | RTLD_LOCAL);
  if (pApi->pHandle == NULL) die_env("cannot load %s library: %s", zName, dlerror());
#define LOAD(f, s) *(void **)(&pApi->f) = api_sym(pApi, s)
  LOAD(xOpen, "sqlite3_open_v2");
  LOAD(xClose, "sqlite3_close_v2");
  LOAD(xPrepare, "sqlite3_prepare_v2");
  LOAD(xStep, "sqlite3_step");
  LOAD(xFinalize, "sqlite3_finalize");
  LOAD(xColumnCount, "sqlite3_column_count");
  LOAD(xColumnName, "sqlite3_column_name");
  LOAD(xColumnType, "sqlite3_column_type");
  LOAD(xColumnInt64, "sqlite3_column_int64");
  LOAD(xColumnDouble, "sqlite3_column_double");
  LOAD(xColumnText, "sqlite3_column_text");
  LOAD(xColumnBlob, "sqlite3_column_blob");
  LOAD(xColumnBytes, "sqlite3_column_bytes");
  LOAD(xExtErrcode, "sqlite3_extended_errcode");
  LOAD(xErrmsg, "sqlite3_errmsg");
  LOAD(xChanges, "sqlite3_changes");
  LOAD(xLastRowid, "sqlite3_last_insert_rowid");
  LOAD(xAutocommit, "sqlite3_get_autocommit");
#undef LOAD
  /* Used only from the reference library: optional in the one under test. */
  *(void **)(&pApi->xErrstr) = dlsym(pApi->pHandle, "sqlite3_errstr");
  *(void **)(&pApi->xExtCodes) = dlsym(pApi->pHandle, "sqlite3_extended_result_codes");
  *(void **)(&pApi->xMprintf) = dlsym(pApi->pHandle, "sqlite3_mprintf");
  *(void **)(&pApi->xFree) = dlsym(pApi->pHandle, "sqlite3_free");
  *(void **)(&pApi->xComplete) = dlsym(pApi->pHandle, "sqlite3_complete");
}

/* ---- splitting ----------------------------------------------------------- */
static void script_add(Script *p, const char *z, size_t n) {
  size_t i = 0;
  while (i < n && (z[i] == ' ' || z[i] == '\n' || z[i] == '\t' || z[i] == '\r')) i++;
  if (i == n) return;                       /* whitespace only: not a statement */
  p->azStmt = realloc(p->azStmt, sizeof(char *) * (size_t)(p->nStmt + 1));
  if (p->azStmt == NULL) die_env("out of memory");
  char *zS = xmalloc(n - i + 1);
  memcpy(zS, z + i, n - i);
  zS[n - i] = 0;
  p->azStmt[p->nStmt++] = zS;
}

/* Splits zSql at each ';' that ends a complete statement according to the
** reference library (so quotes, comments and CREATE TRIGGER bodies are
** handled exactly as SQLite's shell would). */
static void script_split(Script *p, const char *zSql) {
  assert(g_ref.xComplete != NULL && zSql != NULL);
  memset(p, 0, sizeof(*p));
  size_t nSql = strlen(zSql), iStart = 0;
  Str acc = {0};
  for (size_t i = 0; i < nSql; i++) {
    if (zSql[i] != ';') continue;
    acc.n = 0;
    str_append(&acc, zSql + iStart, i + 1 - iStart);
    if (!g_ref.xComplete(acc.z)) continue;
    script_add(p, zSql + iStart, i + 1 - iStart);
    iStart = i + 1;
  }
  if (iStart < nSql) script_add(p, zSql + iStart, nSql - iStart);
  free(acc.z);
}

static void script_free(Script *p) {
  for (int i = 0; i < p->nStmt; i++) free(p->azStmt[i]);
  free(p->azStmt);
  memset(p, 0, sizeof(*p));
}

/* ---- deciding whether row order is significant ------------------------- */
static int is_word(const char *z, const char *zWord) {
  size_t n = strlen(zWord);
  if (strncasecmp(z, zWord, n) != 0) return 0;
  char c = z[n];
  return !(c == '_' || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'));
}

/* Skips whitespace and comments. */
static const char *skip_space(const char *z) {
  for (;;) {
    while (*z == ' ' || *z == '\n' || *z == '\t' || *z == '\r') z++;
    if (z[0] == '-' && z[1] == '-') {
      while (*z && *z != '\n') z++;
    } else if (z[0] == '/' && z[1] == '*') {
      const char *e = strstr(z + 2, "*/");
      z = e ? e + 2 : z + strlen(z);
    } else {
      return z;
    }
  }
}

/* True when zSql is a query whose row order is unspecified: it starts with
** SELECT, VALUES or WITH and has no ORDER BY outside parentheses, quotes
** and comments.  A textual check, not a parse: calling an ordered query
** unordered only weakens its comparison (never a false alarm), and the
** generator writes ORDER BY only at the top level or inside parentheses. */
static int stmt_is_unordered(const char *zSql) {
  const char *z = skip_space(zSql);
  if (!is_word(z, "SELECT") && !is_word(z, "VALUES") && !is_word(z, "WITH")) return 0;
  int depth = 0, bPrevOrder = 0;
  while (*z) {
    char c = *z;
    if (c == '\'' || c == '"' || c == '`' || c == '[') {
      char e = (c == '[') ? ']' : c;
      z++;
      while (*z && !(*z == e && z[1] != e)) z += (*z == e) ? 2 : 1;
      if (*z) z++;
      bPrevOrder = 0;
      continue;
    }
    if ((c == '-' && z[1] == '-') || (c == '/' && z[1] == '*')) { z = skip_space(z); continue; }
    if (c == '(') depth++;
    if (c == ')') depth--;
    int bWordStart = ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') &&
                     (z == zSql || !(((z[-1] | 0x20) >= 'a' && (z[-1] | 0x20) <= 'z') ||
                                     z[-1] == '_' || (z[-1] >= '0' && z[-1] <= '9')));
    if (bWordStart && depth == 0) {
      if (bPrevOrder && is_word(z, "BY")) return 0;
      bPrevOrder = is_word(z, "ORDER");
      while (((*z | 0x20) >= 'a' && (*z | 0x20) <= 'z') || *z == '_') z++;
      continue;
    }
    if (c != ' ' && c != '\n' && c != '\t' && c != '\r') bPrevOrder = 0;
    z++;
  }
  return 1;
}

/* ---- running one statement ------------------------------------------- */
/* Renders column i of the current row as "NULL", "i:<int>",
** "r:<%!.17g>@<bits>", "t:'<text>'" or "b:x'<hex>'" (invariant 2). */
static void render_value(Api *pApi, sqlite3_stmt *pStmt, int i, Str *pOut) {
  int t = pApi->xColumnType(pStmt, i);
  if (t == SQLITE_INTEGER) {
    str_printf(pOut, "i:%" PRId64, (int64_t)pApi->xColumnInt64(pStmt, i));
  } else if (t == SQLITE_FLOAT) {
    double r = pApi->xColumnDouble(pStmt, i);
    uint64_t bits;
    memcpy(&bits, &r, 8);
    char *z = g_ref.xMprintf("%!.17g", r);
    str_printf(pOut, "r:%s@%016" PRIx64, z ? z : "?", bits);
    g_ref.xFree(z);
  } else if (t == SQLITE_TEXT) {
    const unsigned char *z = pApi->xColumnText(pStmt, i);
    int n = pApi->xColumnBytes(pStmt, i);
    str_cat(pOut, "t:'");
    for (int k = 0; z && k < n; k++) {
      if (z[k] == '\'') str_cat(pOut, "''");
      else if (z[k] < 0x20 || z[k] == 0x7f) str_printf(pOut, "\\x%02x", z[k]);
      else str_append(pOut, (const char *)&z[k], 1);
    }
    str_cat(pOut, "'");
  } else if (t == SQLITE_BLOB) {
    const unsigned char *z = pApi->xColumnBlob(pStmt, i);
    int n = pApi->xColumnBytes(pStmt, i);
    str_cat(pOut, "b:x'");
    for (int k = 0; z && k < n; k++) str_printf(pOut, "%02x", z[k]);
    str_cat(pOut, "'");
  } else if (t == SQLITE_NULL) {
    str_cat(pOut, "NULL");
  } else {
    str_printf(pOut, "?type%d", t);
  }
}

static void collect_columns(Api *pApi, sqlite3_stmt *pStmt, StmtRes *pRes) {
  Str s = {0};
  int nCol = pApi->xColumnCount(pStmt);
  for (int i = 0; i < nCol; i++) {
    const char *z = pApi->xColumnName(pStmt, i);
    if (i) str_cat(&s, ", ");
    str_cat(&s, z ? z : "<NULL>");
  }
  pRes->zCols = str_take(&s);
}

static void collect_row(Api *pApi, sqlite3_stmt *pStmt, StmtRes *pRes) {
  if (pRes->nRow >= DIFF_MAX_ROWS) { pRes->bTruncated = 1; return; }
  Str s = {0};
  int nCol = pApi->xColumnCount(pStmt);
  for (int i = 0; i < nCol; i++) {
    if (i) str_cat(&s, " | ");
    render_value(pApi, pStmt, i, &s);
  }
  pRes->azRow = realloc(pRes->azRow, sizeof(char *) * (size_t)(pRes->nRow + 1));
  if (pRes->azRow == NULL) die_env("out of memory");
  pRes->azRow[pRes->nRow++] = str_take(&s);
}

/* Prepares and steps zSql on db, filling *pRes.  Never fails: every
** outcome of the library is data to compare. */
static void run_stmt(Api *pApi, sqlite3 *db, const char *zSql, StmtRes *pRes) {
  assert(pApi->xPrepare != NULL && db != NULL && zSql != NULL);
  sqlite3_stmt *pStmt = NULL;
  memset(pRes, 0, sizeof(*pRes));
  int rc = pApi->xPrepare(db, zSql, -1, &pStmt, NULL);
  if (rc != SQLITE_OK) {
    pRes->cPhase = 'P';
    pRes->rc = pApi->xExtErrcode(db);
  } else if (pStmt == NULL) {
    pRes->cPhase = 'E';
  } else {
    collect_columns(pApi, pStmt, pRes);
    long nStep = 0;
    while ((rc = pApi->xStep(pStmt)) == SQLITE_ROW && nStep++ < 100000000L) {
      collect_row(pApi, pStmt, pRes);
    }
    pRes->cPhase = (rc == SQLITE_DONE) ? 'D' : 'S';
    pRes->rc = (rc == SQLITE_DONE) ? 0 : pApi->xExtErrcode(db);
    if (pRes->cPhase == 'S') pRes->zErr = xstrdup(pApi->xErrmsg(db));
    pApi->xFinalize(pStmt);
  }
  if (pRes->zErr == NULL) pRes->zErr = xstrdup(pRes->rc ? pApi->xErrmsg(db) : "");
  if (pRes->zCols == NULL) pRes->zCols = xstrdup("");
  pRes->nChange = pApi->xChanges(db);
  pRes->iRowid = pApi->xLastRowid(db);
  pRes->bAutocommit = pApi->xAutocommit(db);
  assert(pRes->zErr != NULL && pRes->zCols != NULL);
  assert(pRes->cPhase == 'P' || pRes->cPhase == 'S' || pRes->cPhase == 'D' || pRes->cPhase == 'E');
}

static void res_free(StmtRes *p) {
  for (int i = 0; i < p->nRow; i++) free(p->azRow[i]);
  free(p->azRow);
  free(p->zErr);
  free(p->zCols);
  memset(p, 0, sizeof(*p));
}

/* ---- comparing ----------------------------------------------------------- */
static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Returns 0 when A and B are observably the same, else writes what differs
** into zWhy (a short list of field names).  Invariant 3. */
static int diff_compare(StmtRes *pA, StmtRes *pB, int bUnordered, char *zWhy, size_t nWhy) {
  assert(pA->zErr && pB->zErr && pA->zCols && pB->zCols && nWhy > 0);
  assert(pA->nRow >= 0 && pB->nRow >= 0);
  zWhy[0] = 0;
#define WHY(s) (strncat(zWhy, s, nWhy - strlen(zWhy) - 1))
  if (pA->cPhase != pB->cPhase) WHY(" phase");
  if (pA->rc != pB->rc) WHY(" rc");
  if (strcmp(pA->zErr, pB->zErr) != 0) WHY(" errmsg");
  if (strcmp(pA->zCols, pB->zCols) != 0) WHY(" columns");
  if (pA->nChange != pB->nChange) WHY(" changes");
  if (pA->iRowid != pB->iRowid) WHY(" last_insert_rowid");
  if (pA->bAutocommit != pB->bAutocommit) WHY(" autocommit");
  /* A failed unordered query may stop after a different subset of rows. */
  int bRows = !(bUnordered && pA->cPhase == 'S' && pB->cPhase == 'S');
  if (bRows && (pA->nRow != pB->nRow || pA->bTruncated != pB->bTruncated)) {
    WHY(" rows");
  } else if (bRows && bUnordered && pA->nRow > 1) {
    qsort(pA->azRow, (size_t)pA->nRow, sizeof(char *), cmp_str);
    qsort(pB->azRow, (size_t)pB->nRow, sizeof(char *), cmp_str);
  }
  for (int i = 0; bRows && pA->nRow == pB->nRow && i < pA->nRow; i++) {
    if (strcmp(pA->azRow[i], pB->azRow[i]) != 0) { WHY(" rows"); break; }
  }
#undef WHY
  return zWhy[0] != 0;
}

static const char *phase_name(char c) {
  return c == 'P' ? "prepare failed" : c == 'S' ? "step failed" : c == 'E' ? "empty" : "done";
}

static void res_print(Api *pApi, StmtRes *p, StmtRes *pOther) {
  printf("  %s (%s):\n", pApi->zName, pApi->zPath);
  printf("    %s, rc=%d (%s)", phase_name(p->cPhase), p->rc, g_ref.xErrstr(p->rc));
  if (p->rc) printf(", errmsg \"%s\"", p->zErr);
  printf("\n    changes=%d last_insert_rowid=%lld autocommit=%d\n", p->nChange,
         (long long)p->iRowid, p->bAutocommit);
  if (p->zCols[0]) printf("    columns: %s\n", p->zCols);
  printf("    %d row%s%s\n", p->nRow, p->nRow == 1 ? "" : "s", p->bTruncated ? " (truncated)" : "");
  int iFirst = 0;       /* show rows around the first one that differs */
  while (iFirst < p->nRow && iFirst < pOther->nRow &&
         strcmp(p->azRow[iFirst], pOther->azRow[iFirst]) == 0) iFirst++;
  int iFrom = iFirst > DIFF_MAX_SHOW / 2 ? iFirst - DIFF_MAX_SHOW / 2 : 0;
  for (int i = iFrom; i < p->nRow && i < iFrom + DIFF_MAX_SHOW; i++) {
    printf("    %c[%d] %s\n", i == iFirst ? '>' : ' ', i, p->azRow[i]);
  }
  if (p->nRow > iFrom + DIFF_MAX_SHOW) {
    printf("     ... %d more\n", p->nRow - iFrom - DIFF_MAX_SHOW);
  }
}

/* ---- --categorize: counting differences by kind ------------------------- */
/* Appends "<first keyword>:<fields> | <our errmsg, digits as #>" for the
** first differing statement of a script (later ones are mostly knock-on
** effects of the first, as the two databases have diverged).  Written and
** flushed by the child (a crash is recorded by the parent instead). */
static void cat_record(const char *zSql, const char *zWhy, const char *zOurErr) {
  const char *z = skip_space(zSql);
  char zKind[24];
  int n = 0;
  while (n < 23 && ((z[n] | 0x20) >= 'a' && (z[n] | 0x20) <= 'z')) {
    zKind[n] = (char)(z[n] & ~0x20);
    n++;
  }
  zKind[n] = 0;
  char zErr[120];
  int k = 0;
  for (const char *e = zOurErr ? zOurErr : "(ours ok)"; *e && k < 119; e++) {
    zErr[k++] = (*e >= '0' && *e <= '9') ? '#' : *e;
  }
  zErr[k] = 0;
  fprintf(g_fCat, "%s:%s | %s\n", zKind, zWhy, zErr);
  fflush(g_fCat);
}

/* Prints the categories recorded in g_fCat, most frequent first. */
static void cat_summary(void) {
  char line[512];
  char **az = NULL;
  int n = 0;
  rewind(g_fCat);
  while (fgets(line, sizeof(line), g_fCat)) {
    az = realloc(az, sizeof(char *) * (size_t)(n + 1));
    if (az == NULL) die_env("out of memory");
    az[n++] = xstrdup(line);
  }
  if (n > 1) qsort(az, (size_t)n, sizeof(char *), cmp_str);
  int *aCnt = xmalloc(sizeof(int) * (size_t)(n + 1)), nU = 0;
  for (int i = 0; i < n; i++) {
    if (nU > 0 && strcmp(az[i], az[nU - 1]) == 0) { aCnt[nU - 1]++; free(az[i]); continue; }
    az[nU] = az[i];
    aCnt[nU++] = 1;
  }
  printf("diffrun: %d differing statements in %d categories "
         "(statement: fields | our error)\n", n, nU);
  for (int shown = 0; shown < 40 && shown < nU; shown++) {
    int best = 0;
    for (int i = 1; i < nU; i++) if (aCnt[i] > aCnt[best]) best = i;
    printf("%7d  %s", aCnt[best], az[best]);
    aCnt[best] = -1;
  }
  for (int i = 0; i < nU; i++) free(az[i]);
  free(az);
  free(aCnt);
}

/* ---- running a script on both libraries (inside the child) ------------ */
static sqlite3 *open_db(Api *pApi) {
  sqlite3 *db = NULL;
  int rc = pApi->xOpen(":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  if (rc != SQLITE_OK || db == NULL) {
    printf("%s: cannot open :memory: (rc=%d)\n", pApi->zName, rc);
    return NULL;
  }
  return db;
}

/* Runs the statements whose mask byte is set.  Returns the index of the
** first statement that differs, or -1.  Reports it when bReport. */
static int run_both(const Script *pS, const char *aMask, int bReport) {
  sqlite3 *dbA = open_db(&g_ref), *dbB = open_db(&g_ours);
  if (dbA == NULL || dbB == NULL) return 0;
  int iDiff = -1;
  for (int i = 0; i < pS->nStmt && iDiff < 0; i++) {
    if (aMask && !aMask[i]) continue;
    StmtRes a, b;
    char zWhy[200];
    *g_piShared = i;
    run_stmt(&g_ref, dbA, pS->azStmt[i], &a);
    run_stmt(&g_ours, dbB, pS->azStmt[i], &b);
    int bUnordered = g_bMultiset || stmt_is_unordered(pS->azStmt[i]);
    if (diff_compare(&a, &b, bUnordered, zWhy, sizeof(zWhy))) {
      if (iDiff < 0) {
        iDiff = i;
        snprintf(g_zSig, DIFF_SIG_SIZE, "%s", zWhy);
      }
      if (g_fCat && !bReport) cat_record(pS->azStmt[i], zWhy, b.rc ? b.zErr : NULL);
      if (bReport) {
        printf("DIFFERENCE at statement %d:%s\n  %s\n", i + 1, zWhy, pS->azStmt[i]);
        res_print(&g_ref, &a, &b);
        res_print(&g_ours, &b, &a);
      }
    }
    res_free(&a);
    res_free(&b);
  }
  *g_piShared = pS->nStmt;                  /* a crash from here on is in close */
  g_ours.xClose(dbB);
  g_ref.xClose(dbA);
  return iDiff;
}

/* Runs a script in a forked child (invariant 1).  Returns -1 when both
** libraries agree, else the index of the first differing statement (a
** crash, sanitizer exit or timeout in statement i counts as a difference at
** i).  The child exits 0 (same) or DIFF_EXIT_DIFFERS; any other status is
** a crash, since sanitizers exit with 1. */
#define DIFF_EXIT_DIFFERS 3
static int eval_script(const Script *pS, const char *aMask, int bReport) {
  fflush(stdout);
  *g_piShared = -1;
  g_zSig[0] = 0;
  pid_t pid = fork();
  if (pid < 0) die_env("fork: %s", strerror(errno));
  if (pid == 0) {
    alarm((unsigned)g_timeout);
    int iDiff = run_both(pS, aMask, bReport);
    fflush(stdout);
    *g_piShared = iDiff;
    _exit(iDiff < 0 ? 0 : DIFF_EXIT_DIFFERS);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return -1;
  if (WIFEXITED(status) && WEXITSTATUS(status) == DIFF_EXIT_DIFFERS) return *g_piShared;
  int i = *g_piShared < 0 ? 0 : *g_piShared;
  int sig = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
  int bClose = (i >= pS->nStmt);
  if (bClose) {                             /* in sqlite3_close: blame the last run */
    while (i > 0 && aMask && !aMask[i - 1]) i--;
    i = i > 0 ? i - 1 : 0;
    if (bReport) printf("(the crash below happened while closing the connection)\n");
  }
  snprintf(g_zSig, DIFF_SIG_SIZE, "%s", sig == SIGALRM ? " timeout" : " crash");
  if (g_fCat && !bReport) {
    char zHow[64];
    if (sig) snprintf(zHow, sizeof(zHow), "%s", strsignal(sig));
    else snprintf(zHow, sizeof(zHow), "exit: %s", WEXITSTATUS(status) == 127 ?
                  "unresolved symbol" : "non-zero status (sanitizer?)");
    cat_record(bClose ? "CLOSE" : pS->azStmt[i], sig == SIGALRM ? " timeout" : " crash", zHow);
  }
  if (bReport) {
    printf("DIFFERENCE at statement %d: %s (%s %d) while running\n  %s\n", i + 1,
           sig == SIGALRM ? "timeout" : "crash", sig ? "signal" : "exit status",
           sig ? sig : WEXITSTATUS(status), i < pS->nStmt ? pS->azStmt[i] : "?");
  }
  return i;
}

/* ---- delta debugging ------------------------------------------------------ */
/* Shrinks the set of statements [0, iLast] (mask aKeep) to a 1-minimal
** subset that still differs, by ddmin over the kept statements.  Only
** subsets observed to differ are kept (invariant 4). */
static void minimize(const Script *pS, char *aKeep, int iLast) {
  assert(iLast >= 0 && iLast < pS->nStmt);
  int nTest = 0, n = 2;
  time_t tStart = time(NULL);
  int *aIdx = xmalloc(sizeof(int) * (size_t)(iLast + 1));
  char *aTry = xmalloc((size_t)pS->nStmt);
  for (;;) {
    int nLive = 0;
    for (int i = 0; i <= iLast; i++) if (aKeep[i]) aIdx[nLive++] = i;
    if (nLive < 2 || nTest >= DIFF_MAX_TESTS || time(NULL) - tStart > 120) break;
    if (n > nLive) n = nLive;
    int bReduced = 0;
    for (int c = 0; c < n && !bReduced; c++) {
      int lo = (int)((long)nLive * c / n), hi = (int)((long)nLive * (c + 1) / n);
      memcpy(aTry, aKeep, (size_t)pS->nStmt);
      for (int k = lo; k < hi; k++) aTry[aIdx[k]] = 0;
      nTest++;
      if (eval_script(pS, aTry, 0) >= 0) {
        memcpy(aKeep, aTry, (size_t)pS->nStmt);
        bReduced = 1;
        n = n > 2 ? n - 1 : 2;
      }
    }
    if (!bReduced) {
      if (n >= nLive) break;
      n = n * 2 < nLive ? n * 2 : nLive;
    }
  }
  if (!g_quiet) printf("(minimized with %d runs)\n", nTest);
  free(aIdx);
  free(aTry);
}

/* ---- shrinking the differing statement itself ------------------------------ */
/* Returns the index just past the ')' matching the '(' at z[i], or -1.
** Quotes are skipped; the scan is bounded by the string. */
static int match_paren(const char *z, int i) {
  int depth = 0;
  for (int k = i; z[k]; k++) {
    char c = z[k];
    if (c == '\'' || c == '"') {
      k++;
      while (z[k] && z[k] != c) k++;
      if (!z[k]) return -1;
    } else if (c == '(') {
      depth++;
    } else if (c == ')' && --depth == 0) {
      return k + 1;
    }
  }
  return -1;
}

/* Candidate k for statement z, or NULL when k is past the last candidate.
** Candidates, in order: a parenthesized group (with the function name
** before it) replaced by NULL, then by 1; one ", item" of a list removed;
** a clause (WHERE/GROUP BY/HAVING/ORDER BY/LIMIT ...) cut to the end. */
static char *reduce_candidate(const char *z, int k) {
  int n = (int)strlen(z), iCand = 0;
  for (int i = (int)(skip_space(z) - z); i < n; i++) {   /* not in leading comments */
    int bOpen = (z[i] == '(');
    int bComma = (z[i] == ',');
    int bClause = (z[i] == ' ' && (is_word(z + i + 1, "WHERE") || is_word(z + i + 1, "GROUP") ||
                   is_word(z + i + 1, "HAVING") || is_word(z + i + 1, "ORDER") ||
                   is_word(z + i + 1, "LIMIT") || is_word(z + i + 1, "OFFSET")));
    if (!bOpen && !bComma && !bClause) continue;
    if (bClause && iCand++ == k) {          /* cut the clause and everything after */
      Str o = {0};
      str_append(&o, z, (size_t)i);
      str_cat(&o, z[n - 1] == ';' ? ";" : "");
      return str_take(&o);
    }
    int iEnd = bOpen ? match_paren(z, i) : -1;
    if (bComma) {                            /* ", item" up to the next , or ) at depth 0 */
      int d = 0, j = i + 1;
      for (; z[j] && !(d == 0 && (z[j] == ',' || z[j] == ')' || z[j] == ';')); j++) {
        if (z[j] == '(') d++;
        if (z[j] == ')') d--;
      }
      iEnd = j;
    }
    if (iEnd < 0) continue;
    int iFrom = i;
    while (bOpen && iFrom > 0 && (z[iFrom - 1] == '_' || ((z[iFrom - 1] | 0x20) >= 'a' &&
           (z[iFrom - 1] | 0x20) <= 'z'))) iFrom--;
    for (int v = 0; v < (bOpen ? 2 : 1); v++) {
      if (iCand++ != k) continue;
      Str o = {0};
      str_append(&o, z, (size_t)iFrom);
      if (bOpen) str_cat(&o, v == 0 ? "NULL" : "1");
      str_cat(&o, z + iEnd);
      return str_take(&o);
    }
  }
  return NULL;
}

/* Shrinks statement iLast of the kept script while the first difference
** stays at iLast with the same signature (same fields, or crash/timeout),
** so the reduction cannot drift into another bug.  Bounded by
** DIFF_MAX_TESTS runs.  Replaces pS->azStmt[iLast] (ownership stays). */
static void reduce_statement(Script *pS, const char *aKeep, int iLast) {
  char zSig[DIFF_SIG_SIZE];
  /* Candidates are judged on multisets: cutting an ORDER BY key can create
  ** ties, whose order is unspecified, so an order-only difference is not
  ** reduced at all. */
  g_bMultiset = 1;
  if (eval_script(pS, aKeep, 0) != iLast) { g_bMultiset = 0; return; }
  snprintf(zSig, sizeof(zSig), "%s", g_zSig);
  int nTest = 0, nCut = 0;
  for (int k = 0; nTest < DIFF_MAX_TESTS;) {
    char *zTry = reduce_candidate(pS->azStmt[iLast], k);
    if (zTry == NULL) break;
    char *zOld = pS->azStmt[iLast];
    pS->azStmt[iLast] = zTry;
    nTest++;
    if (eval_script(pS, aKeep, 0) == iLast && strcmp(g_zSig, zSig) == 0) {
      free(zOld);                           /* keep the smaller statement, rescan */
      nCut++;
      k = 0;
    } else {
      pS->azStmt[iLast] = zOld;
      free(zTry);
      k++;
    }
  }
  g_bMultiset = 0;
  if (!g_quiet) printf("(statement shrunk %d times in %d runs)\n", nCut, nTest);
}

/* Checks one script; on a difference reports, minimizes and reports the
** minimal script.  Returns 1 when the libraries differ, else 0. */
static int check_script(Script *pS, const char *zLabel) {
  int iDiff = eval_script(pS, NULL, 0);
  if (iDiff < 0) return 0;
  if (g_fCat) return 1;       /* --categorize: counted, not reported */
  printf("==== %s: libraries differ\n", zLabel);
  eval_script(pS, NULL, 1);
  if (!g_minimize) return 1;
  char *aKeep = xmalloc((size_t)pS->nStmt);
  for (int i = 0; i < pS->nStmt; i++) aKeep[i] = (i <= iDiff);
  minimize(pS, aKeep, iDiff);
  /* ddmin may have moved the first difference (any difference counts). */
  int iNow = eval_script(pS, aKeep, 0);
  if (iNow >= 0) {
    for (int i = iNow + 1; i < pS->nStmt; i++) aKeep[i] = 0;
    reduce_statement(pS, aKeep, iNow);
    minimize(pS, aKeep, iNow);              /* a simpler statement may need less setup */
  }
  printf("---- smallest script that still differs:\n");
  for (int i = 0; i < pS->nStmt; i++) if (aKeep[i]) printf("%s\n", pS->azStmt[i]);
  printf("---- its first difference:\n");
  eval_script(pS, aKeep, 1);
  printf("====\n");
  free(aKeep);
  return 1;
}

/* ---- TLP (one library, no oracle) --------------------------------------- */
static int tlp_is_mark(const char *z) {
  return strncmp(z, SQLGEN_TLP_MARK, strlen(SQLGEN_TLP_MARK)) == 0;
}

/* Checks one TLP group starting at statement i.  Returns 1 on violation
** (reported), 0 when it holds or a member query failed (not checkable). */
static int tlp_group(Api *pApi, sqlite3 *db, const Script *pS, int i, const char *zLabel) {
  assert(i >= 0 && i + 4 <= pS->nStmt && tlp_is_mark(pS->azStmt[i]));
  StmtRes a[4];
  int bErr = 0, bBad = 0;
  for (int k = 0; k < 4; k++) {
    run_stmt(pApi, db, pS->azStmt[i + k], &a[k]);
    if (a[k].cPhase != 'D' || a[k].bTruncated) bErr = 1;
  }
  if (!bErr) {
    StmtRes u = {0};
    u.nRow = a[1].nRow + a[2].nRow + a[3].nRow;
    u.azRow = xmalloc(sizeof(char *) * (size_t)(u.nRow + 1));
    for (int k = 1, j = 0; k < 4; k++)
      for (int r = 0; r < a[k].nRow; r++) u.azRow[j++] = a[k].azRow[r];
    if (u.nRow > 1) qsort(u.azRow, (size_t)u.nRow, sizeof(char *), cmp_str);
    if (a[0].nRow > 1) qsort(a[0].azRow, (size_t)a[0].nRow, sizeof(char *), cmp_str);
    bBad = (u.nRow != a[0].nRow);
    for (int r = 0; !bBad && r < u.nRow; r++) bBad = strcmp(u.azRow[r], a[0].azRow[r]) != 0;
    if (bBad) {
      printf("TLP VIOLATION (%s) at statements %d..%d on %s\n", zLabel, i + 1, i + 4, pApi->zPath);
      for (int k = 0; k < 4; k++) printf("  %d rows: %s\n", a[k].nRow, pS->azStmt[i + k]);
      printf("  rows(Q), sorted:\n");
      res_print(pApi, &a[0], &u);
      printf("  union of the partitions, sorted:\n");
      u.cPhase = 'D';
      u.nChange = a[0].nChange;
      u.iRowid = a[0].iRowid;
      u.bAutocommit = a[0].bAutocommit;
      u.zErr = u.zCols = (char *)"";
      res_print(pApi, &u, &a[0]);
    }
    free(u.azRow);
  }
  for (int k = 0; k < 4; k++) res_free(&a[k]);
  return bBad;
}

/* Runs a TLP script on pApi (in the child).  Returns the number of
** violations. */
static int tlp_run(Api *pApi, const Script *pS, const char *zLabel, int *pnGroups) {
  sqlite3 *db = open_db(pApi);
  if (db == NULL) return 1;
  int nBad = 0;
  for (int i = 0; i < pS->nStmt; i++) {
    g_piShared[0] = i;
    if (tlp_is_mark(pS->azStmt[i]) && i + 4 <= pS->nStmt) {
      nBad += tlp_group(pApi, db, pS, i, zLabel);
      (*pnGroups)++;
      i += 3;
    } else {
      StmtRes r;
      run_stmt(pApi, db, pS->azStmt[i], &r);
      res_free(&r);
    }
  }
  pApi->xClose(db);
  return nBad;
}

/* Runs tlp_run in a forked child with an alarm (invariant 1).  Returns 1
** when a group was violated or the library crashed or hung, else 0; adds
** the groups checked to *pnGroups. */
static int tlp_eval(Api *pApi, const Script *pS, const char *zLabel, int *pnGroups) {
  fflush(stdout);
  g_piShared[0] = -1;
  g_piShared[1] = 0;
  pid_t pid = fork();
  if (pid < 0) die_env("fork: %s", strerror(errno));
  if (pid == 0) {
    alarm((unsigned)g_timeout);
    int nGroups = 0, nBad = tlp_run(pApi, pS, zLabel, &nGroups);
    fflush(stdout);
    g_piShared[1] = nGroups;
    _exit(nBad ? DIFF_EXIT_DIFFERS : 0);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
  *pnGroups += g_piShared[1];
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return 0;
  if (WIFEXITED(status) && WEXITSTATUS(status) == DIFF_EXIT_DIFFERS) return 1;
  int i = g_piShared[0] < 0 ? 0 : g_piShared[0];
  int sig = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
  printf("TLP RUN FAILED (%s): %s (%s %d) at statement %d on %s\n  %s\n", zLabel,
         sig == SIGALRM ? "timeout" : "crash", sig ? "signal" : "exit status",
         sig ? sig : WEXITSTATUS(status), i + 1, pApi->zPath, i < pS->nStmt ? pS->azStmt[i] : "?");
  return 1;
}

/* ---- main ------------------------------------------------------------------ */
static char *read_file(const char *zPath) {
  FILE *f = strcmp(zPath, "-") == 0 ? stdin : fopen(zPath, "rb");
  if (f == NULL) die_env("cannot open %s: %s", zPath, strerror(errno));
  Str s = {0};
  char buf[8192];
  size_t n;
  while ((n = fread(buf, 1, sizeof(buf), f)) > 0) str_append(&s, buf, n);
  if (f != stdin) fclose(f);
  return str_take(&s);
}

static void usage(void) {
  fprintf(stderr,
    "usage: diffrun [options] [script.sql ...]   (- reads stdin)\n"
    "  --ref PATH        reference library (default " DIFF_REF_DEFAULT ")\n"
    "  --ours PATH       library under test (default $top_builddir/.libs/libsqlite3.so.0)\n"
    "  --seed S          run generated scripts from seed S (with --count N, default 1)\n"
    "  --count N         number of generated scripts (seeds S .. S+N-1)\n"
    "  --stmts M         statements per generated script (default 100)\n"
    "  --features LIST   generator features (see sqlgen --help)\n"
    "  --tlp             ternary logic partitioning on --ours alone (no oracle)\n"
    "  --timeout SEC     per-script limit (default 10)\n"
    "  --no-minimize     report the first difference without shrinking\n"
    "  --keep-going      with --seed: continue after a difference\n"
    "  -q                quiet: print differences and the summary only\n"
    "  --lazy            load ours with RTLD_LAZY: a library with unresolved\n"
    "                    functions loads, and calling one is reported as a crash\n"
    "  --categorize      no reports or minimizing: count each script's first\n"
    "                    difference by kind, print the counts at the end\n");
  exit(2);
}

typedef struct Opts {
  const char *zRef, *zOurs, *zFeat;
  uint64_t seed;
  long nCount;
  int nStmt, bSeed, bTlp, bKeepGoing, bCat;
} Opts;

static int parse_args(int argc, char **argv, Opts *o) {
  int i;
  for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
    const char *a = argv[i];
    int bArg = (i + 1 < argc);
#define ARG(s) (strcmp(a, s) == 0 && bArg && (i++, 1))
    if (ARG("--ref")) o->zRef = argv[i];
    else if (ARG("--ours")) o->zOurs = argv[i];
    else if (ARG("--seed")) { o->seed = strtoull(argv[i], NULL, 0); o->bSeed = 1; }
    else if (ARG("--count")) o->nCount = strtol(argv[i], NULL, 0);
    else if (ARG("--stmts")) o->nStmt = atoi(argv[i]);
    else if (ARG("--features")) o->zFeat = argv[i];
    else if (ARG("--timeout")) g_timeout = atoi(argv[i]);
    else if (strcmp(a, "--tlp") == 0) o->bTlp = 1;
    else if (strcmp(a, "--no-minimize") == 0) g_minimize = 0;
    else if (strcmp(a, "--keep-going") == 0) o->bKeepGoing = 1;
    else if (strcmp(a, "-q") == 0) g_quiet = 1;
    else if (strcmp(a, "--categorize") == 0) o->bCat = 1;
    else if (strcmp(a, "--lazy") == 0) g_lazy = 1;
    else usage();
#undef ARG
  }
  if (o->nCount < 1 || o->nStmt < 1 || g_timeout < 1) usage();
  if (!o->bSeed && i >= argc) usage();
  return i;
}

static const char *default_ours(void) {
  static char buf[4096];
  const char *zTop = getenv("top_builddir");
  snprintf(buf, sizeof(buf), "%s/.libs/libsqlite3.so.0", zTop ? zTop : ".");
  return buf;
}

/* Generated scripts: seeds S..S+N-1.  Returns the number that differed. */
static int run_seeds(const Opts *o, unsigned feat) {
  int nFail = 0, nGroups = 0;
  long nStmtRun = 0, k;
  char zFeat[400];
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  sqlgen_feature_names(feat, zFeat, sizeof(zFeat));
  time_t tLast = time(NULL);
  for (k = 0; k < o->nCount; k++) {
    if (time(NULL) - tLast >= 30) {          /* progress for long campaigns */
      tLast = time(NULL);
      printf("progress: %ld seeds, %d with differences\n", k, nFail);
    }
    SqlgenOpts g = {o->seed + (uint64_t)k, feat, o->nStmt, o->bTlp};
    char *zSql = sqlgen_script(&g);
    if (zSql == NULL) die_env("out of memory");
    Script s;
    script_split(&s, zSql);
    nStmtRun += s.nStmt;
    char zLabel[64];
    snprintf(zLabel, sizeof(zLabel), "seed %" PRIu64, g.seed);
    int bBad = o->bTlp ? tlp_eval(&g_ours, &s, zLabel, &nGroups) : check_script(&s, zLabel);
    if (bBad) nFail++;
    if (bBad && !(g_fCat && g_quiet)) {
      printf("reproduce: %s%s --ours %s --seed %" PRIu64 " --stmts %d --features %s\n",
             g_zArgv0, o->bTlp ? " --tlp" : "", g_ours.zPath, g.seed, o->nStmt, zFeat);
    }
    script_free(&s);
    free(zSql);
    if (bBad && !o->bKeepGoing) { k++; break; }
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  double sec = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
  printf("diffrun: %ld seeds (%" PRIu64 "..%" PRIu64 "), %ld statements%s, %d with differences, "
         "%.1f s, %.1f seeds/s\n", k, o->seed, o->seed + (uint64_t)(k ? k - 1 : 0), nStmtRun,
         o->bTlp ? " (TLP)" : "", nFail, sec, sec > 0 ? (double)k / sec : 0.0);
  if (o->bTlp) printf("diffrun: %d TLP groups checked\n", nGroups);
  return nFail;
}

int main(int argc, char **argv) {
  Opts o = {DIFF_REF_DEFAULT, NULL, NULL, 0, 1, 100, 0, 0, 0, 0};
  int iArg = parse_args(argc, argv, &o);
  g_zArgv0 = argv[0];
  unsigned feat = SQLGEN_F_DEFAULT;
  const char *zBad = NULL;
  if (o.zFeat && sqlgen_parse_features(o.zFeat, &feat, &zBad) != 0) {
    die_env("unknown feature '%s'", zBad ? zBad : "?");
  }
  if (o.zOurs == NULL) o.zOurs = default_ours();
  g_piShared = mmap(NULL, DIFF_SHARED_SIZE, PROT_READ | PROT_WRITE,
                    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (g_piShared == MAP_FAILED) die_env("mmap: %s", strerror(errno));
  g_zSig = (char *)g_piShared + 64;
  api_load(&g_ref, "reference", o.zRef);
  if (!g_ref.xErrstr || !g_ref.xMprintf || !g_ref.xFree || !g_ref.xComplete) {
    die_env("reference library %s lacks sqlite3_errstr/mprintf/free/complete", o.zRef);
  }
  api_load(&g_ours, "ours", o.zOurs);
  setvbuf(stdout, NULL, _IOLBF, 0);
  if (o.bCat) {
    g_fCat = tmpfile();
    if (g_fCat == NULL) die_env("tmpfile: %s", strerror(errno));
    g_minimize = 0;
    o.bKeepGoing = 1;
  }
  if (o.bSeed) {
    int nBad = run_seeds(&o, feat);
    if (g_fCat) cat_summary();
    return nBad ? 1 : 0;
  }
  int nFail = 0, nGroups = 0;
  for (int i = iArg; i < argc; i++) {
    char *zSql = read_file(argv[i]);
    Script s;
    script_split(&s, zSql);
    int bBad = o.bTlp ? tlp_eval(&g_ours, &s, argv[i], &nGroups) : check_script(&s, argv[i]);
    if (!g_quiet || bBad) {
      printf("%s: %s (%d statements)\n", argv[i], bBad ? "FAIL" : "ok", s.nStmt);
    }
    nFail += bBad;
    script_free(&s);
    free(zSql);
  }
  if (g_fCat) cat_summary();
  return nFail ? 1 : 0;
}
