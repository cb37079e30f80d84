/*
** parse_expr.c: expressions, function calls, OVER clauses and type names.
**
** Precedence climbing over the levels of lang_expr.html (PREC_* in
** parse_int.h).  Binary operators are left-associative; NOT is a prefix
** operator binding looser than comparisons ("NOT a = b" is NOT (a = b));
** unary - + ~ bind tighter than every binary operator and than COLLATE.
**
** Invariants:
**   1. Every recursive path passes through parse_enter() (parse.h
**      invariant 1), with weights chosen so that the nesting SQLite's
**      100-slot parser stack accepts is accepted here too.
**   2. Every Expr returned has its span and nHeight set.
*/
#include "parse_int.h"

#include <locale.h>
#include <pthread.h>
#include <stdlib.h>

/* Stack weights (emulating LALR stack slots per construct). */
#define W_PAREN 1
#define W_UNARY 1
#define W_BINARY 2
#define W_FUNC 3
#define W_CASE 5
#define W_SUBQUERY 0  /* the nested SELECT core carries the weight */
#define W_EXISTS 1
#define W_CAST 2
#define W_VECTOR 2   /* extra for a row value's second and later terms */
#define W_ARGS 2     /* extra for a function's second and later arguments */
#define W_WINDOW 8   /* OVER ( ... ) / WINDOW w AS ( ... ) body */

/* ------------------------------------------------------------------------
** Literals
** ----------------------------------------------------------------------*/

static locale_t g_cLocale;
static pthread_once_t g_cLocaleOnce = PTHREAD_ONCE_INIT;

static void c_locale_init(void) {
  g_cLocale = newlocale(LC_ALL_MASK, "C", (locale_t)0);
}

/* Text to double independent of the host's LC_NUMERIC. */
static double parse_atof(const char *z) {
  pthread_once(&g_cLocaleOnce, c_locale_init);
  if (g_cLocale != (locale_t)0) return strtod_l(z, NULL, g_cLocale);
  return strtod(z, NULL);
}

/* Decimal integer literal: EXPR_INTEGER if it fits in i64, else FLOAT. */
static void literal_decimal(Parse *p, Expr *e, const char *z, int n) {
  u64 v = 0;
  int bBig = 0;
  for (int i = 0; i < n; i++) {
    u64 d = (u64)(z[i] - '0');
    if (v > (UINT64_MAX - d) / 10) { bBig = 1; break; }
    v = v * 10 + d;
  }
  if (!bBig && v <= (u64)INT64_MAX) {
    e->op = EXPR_INTEGER;
    e->iValue = (i64)v;
  } else {
    e->op = EXPR_FLOAT;
    e->rValue = parse_atof(e->z);
  }
  UNUSED(p);
}

/* Hex literal: two's complement up to 64 bits, else EXPR_F_TOOBIG. */
static void literal_hex(Expr *e, const char *z, int n) {
  u64 v = 0;
  int i = 2;
  while (i < n && z[i] == '0') i++;
  e->op = EXPR_INTEGER;
  e->flags |= EXPR_F_HEX;
  if (n - i > 16) {
    e->flags |= EXPR_F_TOOBIG;
    return;
  }
  for (; i < n; i++) {
    int c = (unsigned char)z[i];
    int d = c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
    v = (v << 4) | (u64)d;
  }
  e->iValue = (i64)v;
}

static Expr *literal_number(Parse *p) {
  Token t = p->tk;
  Expr *e = parse_expr_new(p, EXPR_INTEGER, t.iOff);
  const char *z = p->zSql + t.iOff;
  if (e == NULL) return NULL;
  e->z = parse_token_text(p, &t);
  e->n = t.n;
  if (e->z == NULL) return NULL;
  if (t.type == TK_FLOAT) {
    e->op = EXPR_FLOAT;
    e->rValue = parse_atof(e->z);
  } else if (t.n > 2 && z[0] == '0' && (z[1] == 'x' || z[1] == 'X')) {
    literal_hex(e, z, t.n);
  } else {
    literal_decimal(p, e, z, t.n);
  }
  parse_advance(p);
  parse_expr_finish(p, e, t.iOff);
  return e;
}

static int hex_val(char c) {
  return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}

static Expr *literal_blob(Parse *p) {
  Token t = p->tk;
  Expr *e = parse_expr_new(p, EXPR_BLOB, t.iOff);
  const char *z = p->zSql + t.iOff + 2;
  int nHex = t.n - 3;
  char *zOut;
  if (e == NULL) return NULL;
  zOut = parse_alloc(p, (u64)nHex / 2 + 1);
  if (zOut == NULL) return NULL;
  for (int i = 0; i + 1 < nHex; i += 2) {
    zOut[i / 2] = (char)((hex_val(z[i]) << 4) | hex_val(z[i + 1]));
  }
  e->z = zOut;
  e->n = nHex / 2;
  parse_advance(p);
  parse_expr_finish(p, e, t.iOff);
  return e;
}

static Expr *literal_simple(Parse *p, int op) {
  Token t = p->tk;
  Expr *e = parse_expr_new(p, op, t.iOff);
  if (e == NULL) return NULL;
  if (op == EXPR_STRING) {
    e->z = parse_dequote(p, &t);
    if (e->z) e->n = (int)strlen(e->z);
  } else if (op == EXPR_VARIABLE) {
    parse_variable(p, e, &t);
  }
  parse_advance(p);
  parse_expr_finish(p, e, t.iOff);
  return e;
}

/* ------------------------------------------------------------------------
** Type names: CAST(x AS type) and column definitions
** ----------------------------------------------------------------------*/

/* [+|-]number inside a type's parentheses. */
static void parse_signed(Parse *p) {
  if (p->tk.type == TK_PLUS || p->tk.type == TK_MINUS) parse_advance(p);
  if (p->tk.type != TK_INTEGER && p->tk.type != TK_FLOAT) {
    parse_syntax_error(p);
    return;
  }
  parse_advance(p);
}

/* typetoken: ids+ [ ( signed [, signed] ) ].  Returns an arena copy of
** the text exactly as written (first to last token), or NULL when no type
** was written (a syntax error too when bRequired). */
char *parse_typename(Parse *p, int bRequired) {
  int iStart = p->tk.iOff;
  int nWord = 0;
  while (p->rc == SQLITE_OK && parse_is_ids(p->tk.type)) {
    parse_advance(p);
    nWord++;
  }
  if (nWord == 0) {
    if (bRequired) parse_syntax_error(p);
    return NULL;
  }
  if (p->tk.type == TK_LP) {
    parse_advance(p);
    parse_signed(p);
    if (parse_accept(p, TK_COMMA)) parse_signed(p);
    parse_expect(p, TK_RP);
  }
  if (p->rc != SQLITE_OK) return NULL;
  Token span = {TK_ID, iStart, p->tkPrev.iOff + p->tkPrev.n - iStart};
  return parse_token_text(p, &span);
}

/* ------------------------------------------------------------------------
** Windows
** ----------------------------------------------------------------------*/

/* One frame bound.  bStart: start bound (UNBOUNDED PRECEDING allowed). */
static int parse_frame_bound(Parse *p, int bStart, Expr **ppExpr) {
  *ppExpr = NULL;
  if (p->tk.type == TK_UNBOUNDED) {
    parse_advance(p);
    if (parse_expect(p, bStart ? TK_PRECEDING : TK_FOLLOWING)) {
      return bStart ? BOUND_UNBOUNDED_PRECEDING : BOUND_UNBOUNDED_FOLLOWING;
    }
    return BOUND_NONE;
  }
  if (p->tk.type == TK_CURRENT) {
    parse_advance(p);
    return parse_expect(p, TK_ROW) ? BOUND_CURRENT_ROW : BOUND_NONE;
  }
  *ppExpr = parse_expr(p);
  if (p->rc != SQLITE_OK) return BOUND_NONE;
  if (parse_accept(p, TK_PRECEDING)) return BOUND_PRECEDING;
  if (parse_accept(p, TK_FOLLOWING)) return BOUND_FOLLOWING;
  parse_syntax_error(p);
  return BOUND_NONE;
}

static void parse_frame_exclude(Parse *p, Window *w) {
  if (!parse_accept(p, TK_EXCLUDE)) return;
  if (parse_accept(p, TK_NO)) {
    if (parse_expect(p, TK_OTHERS)) w->eExclude = EXCLUDE_NO_OTHERS;
  } else if (parse_accept(p, TK_CURRENT)) {
    if (parse_expect(p, TK_ROW)) w->eExclude = EXCLUDE_CURRENT_ROW;
  } else if (parse_accept(p, TK_GROUP)) {
    w->eExclude = EXCLUDE_GROUP;
  } else if (parse_accept(p, TK_TIES)) {
    w->eExclude = EXCLUDE_TIES;
  } else {
    parse_syntax_error(p);
  }
}

static void parse_frame(Parse *p, Window *w) {
  int t = p->tk.type;
  w->eFrame = t == TK_ROWS ? FRAME_ROWS : t == TK_RANGE ? FRAME_RANGE : FRAME_GROUPS;
  parse_advance(p);
  if (parse_accept(p, TK_BETWEEN)) {
    w->eStart = (u8)parse_frame_bound(p, 1, &w->pStart);
    if (!parse_expect(p, TK_AND)) return;
    w->eEnd = (u8)parse_frame_bound(p, 0, &w->pEnd);
  } else {
    w->eStart = (u8)parse_frame_bound(p, 1, &w->pStart);
    w->eEnd = BOUND_CURRENT_ROW;
  }
  if (p->rc != SQLITE_OK) return;
  parse_frame_exclude(p, w);
  /* Judged when the frame is reduced, i.e. at the closing ')'. */
  if (p->rc != SQLITE_OK) return;
  if (p->tk.type != TK_RP) {
    parse_syntax_error(p);
  } else if ((w->eStart == BOUND_CURRENT_ROW && w->eEnd == BOUND_PRECEDING) ||
             (w->eStart == BOUND_FOLLOWING &&
              (w->eEnd == BOUND_PRECEDING || w->eEnd == BOUND_CURRENT_ROW))) {
    parse_error(p, "unsupported frame specification");
  }
}

static int is_frame_kw(int t) {
  return t == TK_ROWS || t == TK_RANGE || t == TK_GROUPS;
}

/* Body of "( ... )" of OVER or of a WINDOW definition; p->tk is '('. */
Window *parse_window_body(Parse *p, const char *zName) {
  Window *w;
  if (!parse_expect(p, TK_LP)) return NULL;
  w = parse_alloc(p, sizeof(Window));
  if (w == NULL || !parse_enter(p, W_WINDOW)) return NULL;
  w->zName = zName;
  if (parse_is_nm(p->tk.type) && p->tk.type != TK_PARTITION && !is_frame_kw(p->tk.type)) {
    w->zBase = parse_name(p, parse_is_nm);
  }
  if (parse_accept(p, TK_PARTITION)) {
    if (parse_expect(p, TK_BY)) w->pPartition = parse_exprlist(p, 0);
  }
  if (parse_accept(p, TK_ORDER)) {
    if (parse_expect(p, TK_BY)) w->pOrderBy = parse_sortlist(p, 1);
  }
  if (p->rc == SQLITE_OK && is_frame_kw(p->tk.type)) parse_frame(p, w);
  parse_leave(p, W_WINDOW);
  parse_expect(p, TK_RP);
  return p->rc == SQLITE_OK ? w : NULL;
}

static Window *parse_over(Parse *p) {
  Window *w;
  parse_advance(p);                     /* OVER */
  if (p->tk.type == TK_LP) return parse_window_body(p, NULL);
  w = parse_alloc(p, sizeof(Window));
  if (w == NULL) return NULL;
  w->zBase = parse_name(p, parse_is_nm);
  w->bRef = 1;
  return p->rc == SQLITE_OK ? w : NULL;
}

/* ------------------------------------------------------------------------
** Primary expressions
** ----------------------------------------------------------------------*/

ExprList *parse_exprlist(Parse *p, int bAllowEmpty) {
  ExprList *pList = NULL;
  if (bAllowEmpty && p->tk.type == TK_RP) {
    pList = parse_alloc(p, sizeof(ExprList));
    return pList;
  }
  do {
    Expr *e = parse_expr(p);
    if (p->rc != SQLITE_OK) return NULL;
    pList = parse_exprlist_append(p, pList, e);
  } while (p->rc == SQLITE_OK && parse_accept(p, TK_COMMA));
  return p->rc == SQLITE_OK ? pList : NULL;
}

/* name( [DISTINCT|ALL] args | * ) [FILTER (WHERE e)] [OVER ...]; p->tk is
** the name, the next token '('. */
static Expr *parse_function(Parse *p) {
  int iStart = p->tk.iOff;
  int nNameTok = p->tk.n;
  Expr *e = parse_expr_new(p, EXPR_FUNCTION, iStart);
  if (e == NULL) return NULL;
  e->z = parse_dequote(p, &p->tk);
  parse_advance(p);
  parse_advance(p);                     /* ( */
  if (!parse_enter(p, W_FUNC)) return NULL;
  if (p->tk.type == TK_STAR) {
    parse_advance(p);
    e->flags |= EXPR_F_STAR;
  } else if (p->tk.type != TK_RP) {
    if (parse_accept(p, TK_DISTINCT)) e->flags |= EXPR_F_DISTINCT;
    else parse_accept(p, TK_ALL);
    if (p->tk.type == TK_RP) goto close;   /* f(DISTINCT): empty list */
    e->pList = parse_exprlist_append(p, NULL, parse_expr(p));
    if (p->rc == SQLITE_OK && parse_accept(p, TK_COMMA) && parse_enter(p, W_ARGS)) {
      do {
        e->pList = parse_exprlist_append(p, e->pList, parse_expr(p));
      } while (p->rc == SQLITE_OK && parse_accept(p, TK_COMMA));
      parse_leave(p, W_ARGS);
    }
  }
close:
  parse_expect(p, TK_RP);
  parse_leave(p, W_FUNC);
  if (p->rc == SQLITE_OK && e->pList && p->opt.mxFunctionArg > 0 &&
      e->pList->nExpr > p->opt.mxFunctionArg) {
    parse_error(p, "too many arguments on function %.*s", nNameTok, p->zSql + iStart);
    return NULL;
  }
  if (p->rc == SQLITE_OK && parse_filter_kw(p)) {
    parse_advance(p);
    parse_advance(p);                   /* ( */
    if (parse_expect(p, TK_WHERE) && parse_enter(p, W_FUNC)) {
      e->pExtra = parse_expr(p);
      parse_leave(p, W_FUNC);
    }
    parse_expect(p, TK_RP);
  }
  if (p->rc == SQLITE_OK && parse_over_kw(p)) e->pWin = parse_over(p);
  if (p->rc != SQLITE_OK) return NULL;
  parse_expr_finish(p, e, iStart);
  parse_set_height(p, e);
  return e;
}

static int is_true_false(Parse *p, const Token *t) {
  const char *z = p->zSql + t->iOff;
  if (t->type != TK_ID) return 0;
  if (t->n == 4 && str_nicmp(z, "true", 4) == 0) return 1;
  if (t->n == 5 && str_nicmp(z, "false", 5) == 0) return 1;
  return 0;
}

/* Column reference: nm | nm.nm | nm.nm.nm, or TRUE/FALSE. */
static Expr *parse_column_ref(Parse *p) {
  int iStart = p->tk.iOff;
  const char *az[3];
  int nPart = 0;
  int bDq = p->zSql[p->tk.iOff] == '"';
  Expr *e = parse_expr_new(p, EXPR_COLUMN, iStart);
  if (e == NULL) return NULL;
  if (is_true_false(p, &p->tk) && parse_peek(p, 1).type != TK_DOT) {
    e->op = EXPR_TRUEFALSE;
    e->iValue = (p->zSql[iStart] | 0x20) == 't';
    e->z = parse_token_text(p, &p->tk);
    parse_advance(p);
    parse_expr_finish(p, e, iStart);
    return e;
  }
  az[nPart++] = parse_name(p, parse_is_nm);
  while (p->rc == SQLITE_OK && nPart < 3 && p->tk.type == TK_DOT) {
    parse_advance(p);
    bDq = p->tk.n > 0 && p->zSql[p->tk.iOff] == '"';
    az[nPart++] = parse_name(p, parse_is_nm);
  }
  if (p->rc != SQLITE_OK) return NULL;
  e->z = az[nPart - 1];
  if (nPart >= 2) e->zTab = az[nPart - 2];
  if (nPart == 3) e->zDb = az[0];
  if (bDq && nPart == 1) e->flags |= EXPR_F_DQUOTED;
  parse_expr_finish(p, e, iStart);
  return e;
}

static Expr *parse_case(Parse *p) {
  int iStart = p->tk.iOff;
  Expr *e = parse_expr_new(p, EXPR_CASE, iStart);
  if (e == NULL || !parse_enter(p, W_CASE)) return NULL;
  parse_advance(p);                     /* CASE */
  if (p->tk.type != TK_WHEN) e->pLeft = parse_expr(p);
  if (p->rc == SQLITE_OK && p->tk.type != TK_WHEN) parse_syntax_error(p);
  while (p->rc == SQLITE_OK && parse_accept(p, TK_WHEN)) {
    Expr *pWhen = parse_expr(p);
    Expr *pThen;
    if (!parse_expect(p, TK_THEN)) break;
    pThen = parse_expr(p);
    e->pList = parse_exprlist_append(p, e->pList, pWhen);
    e->pList = parse_exprlist_append(p, e->pList, pThen);
  }
  if (parse_accept(p, TK_ELSE)) e->pExtra = parse_expr(p);
  parse_expect(p, TK_END);
  parse_leave(p, W_CASE);
  if (p->rc != SQLITE_OK) return NULL;
  parse_expr_finish(p, e, iStart);
  parse_set_height(p, e);
  return e;
}

static Expr *parse_cast(Parse *p) {
  int iStart = p->tk.iOff;
  Expr *e = parse_expr_new(p, EXPR_CAST, iStart);
  if (e == NULL) return NULL;
  parse_advance(p);                     /* CAST */
  if (!parse_expect(p, TK_LP) || !parse_enter(p, W_CAST)) return NULL;
  e->pLeft = parse_expr(p);
  if (parse_expect(p, TK_AS)) {
    e->z = parse_typename(p, 0);
    if (e->z == NULL && p->rc == SQLITE_OK) e->z = "";
  }
  parse_expect(p, TK_RP);
  parse_leave(p, W_CAST);
  if (p->rc != SQLITE_OK) return NULL;
  parse_expr_finish(p, e, iStart);
  parse_set_height(p, e);
  return e;
}

static Expr *parse_raise(Parse *p) {
  int iStart = p->tk.iOff;
  Expr *e = parse_expr_new(p, EXPR_RAISE, iStart);
  if (e == NULL) return NULL;
  parse_advance(p);                     /* RAISE */
  if (!parse_expect(p, TK_LP)) return NULL;
  switch (p->tk.type) {
    case TK_IGNORE: e->op2 = RAISE_IGNORE; break;
    case TK_ROLLBACK: e->op2 = RAISE_ROLLBACK; break;
    case TK_ABORT: e->op2 = RAISE_ABORT; break;
    case TK_FAIL: e->op2 = RAISE_FAIL; break;
    default: parse_syntax_error(p); return NULL;
  }
  parse_advance(p);
  if (e->op2 != RAISE_IGNORE && parse_expect(p, TK_COMMA)) {
    e->z = parse_name(p, parse_is_nm);
  }
  parse_expect(p, TK_RP);
  if (p->rc != SQLITE_OK) return NULL;
  parse_expr_finish(p, e, iStart);
  return e;
}

/* EXISTS ( select ) */
static Expr *parse_exists(Parse *p) {
  int iStart = p->tk.iOff;
  Expr *e = parse_expr_new(p, EXPR_EXISTS, iStart);
  if (e == NULL) return NULL;
  parse_advance(p);
  if (!parse_expect(p, TK_LP) || !parse_enter(p, W_EXISTS)) return NULL;
  e->pSelect = parse_subselect(p);
  parse_expect(p, TK_RP);
  parse_leave(p, W_EXISTS);
  if (p->rc != SQLITE_OK) return NULL;
  parse_expr_finish(p, e, iStart);
  parse_set_height(p, e);
  return e;
}

/* ( select ) | ( expr ) | ( expr, expr, ... ) */
static Expr *parse_paren(Parse *p) {
  int iStart = p->tk.iOff;
  Expr *e;
  parse_advance(p);                     /* ( */
  if (parse_at_select_start(p)) {
    if (!parse_enter(p, W_SUBQUERY)) return NULL;
    e = parse_expr_new(p, EXPR_SUBQUERY, iStart);
    if (e) e->pSelect = parse_subselect(p);
    parse_leave(p, W_SUBQUERY);
  } else {
    ExprList *pList;
    Expr *pFirst;
    if (!parse_enter(p, W_PAREN)) return NULL;
    pFirst = parse_expr(p);
    pList = parse_exprlist_append(p, NULL, pFirst);
    if (p->rc == SQLITE_OK && parse_accept(p, TK_COMMA) && parse_enter(p, W_VECTOR)) {
      ExprList *pRest = parse_exprlist(p, 0);
      for (int i = 0; pRest && i < pRest->nExpr; i++) {
        pList = parse_exprlist_append(p, pList, pRest->a[i].pExpr);
      }
      parse_leave(p, W_VECTOR);
    }
    parse_leave(p, W_PAREN);
    if (p->rc != SQLITE_OK) return NULL;
    if (pList->nExpr == 1) {
      e = pList->a[0].pExpr;
      e->flags |= EXPR_F_PAREN;
    } else {
      e = parse_expr_new(p, EXPR_VECTOR, iStart);
      if (e) e->pList = pList;
    }
  }
  parse_expect(p, TK_RP);
  if (p->rc != SQLITE_OK || e == NULL) return NULL;
  if (e->op == EXPR_SUBQUERY || e->op == EXPR_VECTOR) {
    parse_expr_finish(p, e, iStart);
    parse_set_height(p, e);
  }
  return e;
}

static Expr *parse_primary(Parse *p) {
  int t = p->tk.type;
  switch (t) {
    case TK_INTEGER:
    case TK_FLOAT: return literal_number(p);
    case TK_STRING:
      if (parse_peek(p, 1).type == TK_DOT) return parse_column_ref(p);
      return literal_simple(p, EXPR_STRING);
    case TK_BLOB: return literal_blob(p);
    case TK_NULL: return literal_simple(p, EXPR_NULL);
    case TK_VARIABLE: return literal_simple(p, EXPR_VARIABLE);
    case TK_CURRENT_TIME: return literal_simple(p, EXPR_CURRENT_TIME);
    case TK_CURRENT_DATE: return literal_simple(p, EXPR_CURRENT_DATE);
    case TK_CURRENT_TIMESTAMP: return literal_simple(p, EXPR_CURRENT_TIMESTAMP);
    case TK_LP: return parse_paren(p);
    case TK_CASE: return parse_case(p);
    case TK_CAST: return parse_cast(p);
    case TK_RAISE: return parse_raise(p);
    case TK_EXISTS: return parse_exists(p);
    default: break;
  }
  if (parse_is_id(t) && parse_peek(p, 1).type == TK_LP) return parse_function(p);
  if (parse_is_nm(t)) return parse_column_ref(p);
  parse_syntax_error(p);
  return NULL;
}

/* ------------------------------------------------------------------------
** Operators
** ----------------------------------------------------------------------*/

static int is_like_op(int t) {
  return t == TK_LIKE || t == TK_GLOB || t == TK_REGEXP || t == TK_MATCH;
}

/* A literal 9223372036854775808 written in decimal. */
static int is_int64_min_magnitude(const Expr *e) {
  const char *z;
  if (e->op != EXPR_FLOAT || e->z == NULL) return 0;
  z = e->z;
  while (*z == '0') z++;
  return strcmp(z, "9223372036854775808") == 0;
}

/* - + ~ NOT prefixes, then a primary. */
static Expr *parse_unary(Parse *p) {
  int t = p->tk.type;
  int iStart = p->tk.iOff;
  int op;
  Expr *e, *pOperand;
  if (t == TK_MINUS) op = EXPR_NEG;
  else if (t == TK_PLUS) op = EXPR_POS;
  else if (t == TK_BITNOT) op = EXPR_BITNOT;
  else if (t == TK_NOT) op = EXPR_NOT;
  else return parse_primary(p);
  if (!parse_enter(p, W_UNARY)) return NULL;
  parse_advance(p);
  pOperand = op == EXPR_NOT ? parse_expr_prec(p, PREC_NOT) : parse_unary(p);
  parse_leave(p, W_UNARY);
  if (p->rc != SQLITE_OK) return NULL;
  if (op == EXPR_NEG && is_int64_min_magnitude(pOperand)) {
    pOperand->op = EXPR_INTEGER;
    pOperand->iValue = INT64_MIN;
    pOperand->z = "-9223372036854775808";
    pOperand->n = 20;
    parse_expr_finish(p, pOperand, iStart);
    return pOperand;
  }
  e = parse_expr_new(p, op, iStart);
  if (e == NULL) return NULL;
  e->pLeft = pOperand;
  parse_expr_finish(p, e, iStart);
  parse_set_height(p, e);
  return e;
}

/* Precedence of the operator at p->tk, 0 if it is not one. */
static int binary_prec(Parse *p) {
  switch (p->tk.type) {
    case TK_OR: return PREC_OR;
    case TK_AND: return PREC_AND;
    case TK_EQ: case TK_NE: case TK_IS: case TK_IN: case TK_BETWEEN:
    case TK_ISNULL: case TK_NOTNULL: case TK_NOT:
    case TK_LIKE: case TK_GLOB: case TK_REGEXP: case TK_MATCH:
      return PREC_EQ;
    case TK_LT: case TK_LE: case TK_GT: case TK_GE: return PREC_CMP;
    case TK_BITAND: case TK_BITOR: case TK_LSHIFT: case TK_RSHIFT: return PREC_BIT;
    case TK_PLUS: case TK_MINUS: return PREC_ADD;
    case TK_STAR: case TK_SLASH: case TK_REM: return PREC_MUL;
    case TK_CONCAT: case TK_PTR: return PREC_CONCAT;
    case TK_COLLATE: return PREC_COLLATE;
    default: return 0;
  }
}

static int simple_binary_op(Parse *p) {
  const char *z = p->zSql + p->tk.iOff;
  switch (p->tk.type) {
    case TK_OR: return EXPR_OR;
    case TK_AND: return EXPR_AND;
    case TK_EQ: return EXPR_EQ;
    case TK_NE: return EXPR_NE;
    case TK_LT: return EXPR_LT;
    case TK_LE: return EXPR_LE;
    case TK_GT: return EXPR_GT;
    case TK_GE: return EXPR_GE;
    case TK_BITAND: return EXPR_BITAND;
    case TK_BITOR: return EXPR_BITOR;
    case TK_LSHIFT: return EXPR_LSHIFT;
    case TK_RSHIFT: return EXPR_RSHIFT;
    case TK_PLUS: return EXPR_ADD;
    case TK_MINUS: return EXPR_SUB;
    case TK_STAR: return EXPR_MUL;
    case TK_SLASH: return EXPR_DIV;
    case TK_REM: return EXPR_REM;
    case TK_CONCAT: return EXPR_CONCAT;
    case TK_PTR: return p->tk.n == 3 && z[2] == '>' ? EXPR_PTR2 : EXPR_PTR;
    default: return 0;
  }
}

/* Postfix unary node (ISNULL, NOTNULL, COLLATE) around pLeft. */
static Expr *postfix_node(Parse *p, int op, Expr *pLeft) {
  Expr *e = parse_expr_new(p, op, pLeft->span.iOff);
  if (e == NULL) return NULL;
  e->pLeft = pLeft;
  parse_expr_finish(p, e, pLeft->span.iOff);
  parse_set_height(p, e);
  return e;
}

/* [schema.]table or [schema.]func(args) after IN: SELECT * FROM it. */
static Select *parse_in_table(Parse *p) {
  SrcList *pSrc = parse_srclist_append(p, NULL);
  Select *s = parse_alloc(p, sizeof(Select));
  Expr *pStar = parse_expr_new(p, EXPR_STAR, p->tk.iOff);
  SrcItem *pItem;
  if (s == NULL || pSrc == NULL || pStar == NULL) return NULL;
  pItem = &pSrc->a[0];
  pItem->span.iOff = p->tk.iOff;
  pItem->zName = parse_name(p, parse_is_nm);
  if (parse_accept(p, TK_DOT)) {
    pItem->zDb = pItem->zName;
    pItem->zName = parse_name(p, parse_is_nm);
  }
  if (p->rc == SQLITE_OK && p->tk.type == TK_LP) {
    parse_advance(p);
    if (!parse_enter(p, W_FUNC)) return NULL;
    pItem->bFunc = 1;
    pItem->pFuncArgs = parse_exprlist(p, 1);
    parse_leave(p, W_FUNC);
    parse_expect(p, TK_RP);
  }
  if (p->rc != SQLITE_OK) return NULL;
  pItem->span.n = p->tkPrev.iOff + p->tkPrev.n - pItem->span.iOff;
  s->pSrc = pSrc;
  s->pEList = parse_exprlist_append(p, NULL, pStar);
  s->span = pItem->span;
  return s;
}

/* pLeft [NOT] IN ... ; p->tk is IN. */
static Expr *parse_in(Parse *p, Expr *pLeft, int bNot) {
  Expr *e = parse_expr_new(p, EXPR_IN, pLeft->span.iOff);
  if (e == NULL) return NULL;
  e->pLeft = pLeft;
  e->bNot = (u8)bNot;
  parse_advance(p);                     /* IN */
  if (p->tk.type == TK_LP) {
    parse_advance(p);
    if (parse_at_select_start(p)) {
      if (!parse_enter(p, W_SUBQUERY)) return NULL;
      e->pSelect = parse_subselect(p);
      parse_leave(p, W_SUBQUERY);
    } else {
      if (!parse_enter(p, W_PAREN + 2)) return NULL;
      e->pList = parse_exprlist(p, 1);
      parse_leave(p, W_PAREN + 2);
    }
    parse_expect(p, TK_RP);
  } else if (parse_is_nm(p->tk.type)) {
    e->pSelect = parse_in_table(p);
    e->flags |= EXPR_F_IN_TABLE;
  } else {
    parse_syntax_error(p);
  }
  if (p->rc != SQLITE_OK) return NULL;
  parse_expr_finish(p, e, pLeft->span.iOff);
  parse_set_height(p, e);
  return e;
}

/* pLeft [NOT] BETWEEN low AND high ; p->tk is BETWEEN. */
static Expr *parse_between(Parse *p, Expr *pLeft, int bNot) {
  Expr *e = parse_expr_new(p, EXPR_BETWEEN, pLeft->span.iOff);
  if (e == NULL || !parse_enter(p, W_BINARY)) return NULL;
  e->pLeft = pLeft;
  e->bNot = (u8)bNot;
  parse_advance(p);
  e->pRight = parse_expr_prec(p, PREC_AND + 1);
  /* An OR inside the low bound swallows the following ANDs, as in SQLite's
  ** grammar; the BETWEEN then misses its AND and fails where SQLite does. */
  while (p->rc == SQLITE_OK && p->tk.type == TK_OR) {
    Expr *pRhs;
    parse_advance(p);
    pRhs = parse_expr_prec(p, PREC_AND);
    if (p->rc != SQLITE_OK) break;
    e->pRight = parse_binary(p, EXPR_OR, e->pRight, pRhs);
  }
  if (parse_expect(p, TK_AND)) e->pExtra = parse_expr_prec(p, PREC_EQ + 1);
  parse_leave(p, W_BINARY);
  if (p->rc != SQLITE_OK) return NULL;
  parse_expr_finish(p, e, pLeft->span.iOff);
  parse_set_height(p, e);
  return e;
}

/* pLeft [NOT] LIKE|GLOB|REGEXP|MATCH pattern [ESCAPE e] */
static Expr *parse_like(Parse *p, Expr *pLeft, int bNot) {
  Expr *e = parse_expr_new(p, EXPR_LIKE, pLeft->span.iOff);
  int t = p->tk.type;
  if (e == NULL || !parse_enter(p, W_BINARY)) return NULL;
  e->pLeft = pLeft;
  e->bNot = (u8)bNot;
  e->op2 = t == TK_LIKE ? LIKE_LIKE : t == TK_GLOB ? LIKE_GLOB
         : t == TK_REGEXP ? LIKE_REGEXP : LIKE_MATCH;
  parse_advance(p);
  e->pRight = parse_expr_prec(p, PREC_EQ + 1);
  /* The LIKE rule has equality precedence, so every tighter operator after
  ** the ESCAPE operand still belongs to it ("ESCAPE 'x' > 1"). */
  if (parse_accept(p, TK_ESCAPE)) e->pExtra = parse_expr_prec(p, PREC_EQ + 1);
  parse_leave(p, W_BINARY);
  if (p->rc != SQLITE_OK) return NULL;
  parse_expr_finish(p, e, pLeft->span.iOff);
  parse_set_height(p, e);
  return e;
}

/* pLeft IS [NOT] [DISTINCT FROM] rhs ; p->tk is IS. */
static Expr *parse_is(Parse *p, Expr *pLeft) {
  int op = EXPR_IS;
  u16 flags = 0;
  Expr *pRight, *e;
  parse_advance(p);
  if (parse_accept(p, TK_NOT)) op = EXPR_ISNOT;
  if (p->tk.type == TK_DISTINCT) {
    parse_advance(p);
    if (!parse_expect(p, TK_FROM)) return NULL;
    op = op == EXPR_IS ? EXPR_ISNOT : EXPR_IS;
    flags = EXPR_F_DISTINCT_FROM;
  }
  if (!parse_enter(p, W_BINARY)) return NULL;
  pRight = parse_expr_prec(p, PREC_EQ + 1);
  parse_leave(p, W_BINARY);
  if (p->rc != SQLITE_OK) return NULL;
  e = parse_binary(p, op, pLeft, pRight);
  if (e) e->flags |= flags;
  return e;
}

/* One operator application at equality level (p->tk has PREC_EQ). */
static Expr *parse_eq_level(Parse *p, Expr *pLeft) {
  int t = p->tk.type;
  int bNot = 0;
  Expr *e;
  if (t == TK_ISNULL || t == TK_NOTNULL) {
    parse_advance(p);
    e = postfix_node(p, t == TK_ISNULL ? EXPR_ISNULL : EXPR_NOTNULL, pLeft);
    if (e && t == TK_ISNULL) e->flags |= EXPR_F_ISNULL_KW;
    return e;
  }
  if (t == TK_IS) return parse_is(p, pLeft);
  if (t == TK_NOT) {
    parse_advance(p);
    t = p->tk.type;
    if (t == TK_NULL) {
      parse_advance(p);
      e = postfix_node(p, EXPR_NOTNULL, pLeft);
      if (e) e->flags |= EXPR_F_ISNULL_KW;
      return e;
    }
    if (t != TK_IN && t != TK_BETWEEN && !is_like_op(t)) {
      parse_syntax_error(p);
      return NULL;
    }
    bNot = 1;
  }
  if (t == TK_IN) return parse_in(p, pLeft, bNot);
  if (t == TK_BETWEEN) return parse_between(p, pLeft, bNot);
  if (is_like_op(t)) return parse_like(p, pLeft, bNot);
  /* = == != <> */
  {
    int op = t == TK_EQ ? EXPR_EQ : EXPR_NE;
    u16 flags = (t == TK_EQ ? p->tk.n == 2 : p->zSql[p->tk.iOff] == '<') ? EXPR_F_NE_LTGT : 0;
    Expr *pRight;
    parse_advance(p);
    if (!parse_enter(p, W_BINARY)) return NULL;
    pRight = parse_expr_prec(p, PREC_EQ + 1);
    parse_leave(p, W_BINARY);
    if (p->rc != SQLITE_OK) return NULL;
    e = parse_binary(p, op, pLeft, pRight);
    if (e) e->flags |= flags;
    return e;
  }
}

static Expr *parse_collate(Parse *p, Expr *pLeft) {
  Expr *e;
  const char *zColl;
  parse_advance(p);                     /* COLLATE */
  zColl = parse_name(p, parse_is_ids);
  if (p->rc != SQLITE_OK) return NULL;
  e = postfix_node(p, EXPR_COLLATE, pLeft);
  if (e) e->z = zColl;
  return e;
}

Expr *parse_expr_prec(Parse *p, int minPrec) {
  Expr *pLeft;
  if (p->rc != SQLITE_OK) return NULL;
  pLeft = parse_unary(p);
  while (p->rc == SQLITE_OK && pLeft != NULL) {
    int prec = binary_prec(p);
    if (prec == 0 || prec < minPrec) break;
    if (prec == PREC_EQ) {
      pLeft = parse_eq_level(p, pLeft);
    } else if (prec == PREC_COLLATE) {
      pLeft = parse_collate(p, pLeft);
    } else {
      int op = simple_binary_op(p);
      Expr *pRight;
      parse_advance(p);
      if (!parse_enter(p, W_BINARY)) return NULL;
      pRight = parse_expr_prec(p, prec + 1);
      parse_leave(p, W_BINARY);
      if (p->rc != SQLITE_OK) return NULL;
      pLeft = parse_binary(p, op, pLeft, pRight);
    }
  }
  return p->rc == SQLITE_OK ? pLeft : NULL;
}

Expr *parse_expr(Parse *p) {
  return parse_expr_prec(p, PREC_OR);
}

/* ORDER BY list: expr [ASC|DESC] [NULLS FIRST|LAST].  Without bNullsOk
** NULLS FIRST/LAST is "unsupported use of NULLS FIRST/LAST". */
ExprList *parse_sortlist(Parse *p, int bNullsOk) {
  ExprList *pList = NULL;
  do {
    Expr *e = parse_expr(p);
    ExprListItem *pItem;
    if (p->rc != SQLITE_OK) return NULL;
    pList = parse_exprlist_append(p, pList, e);
    if (pList == NULL) return NULL;
    pItem = &pList->a[pList->nExpr - 1];
    if (parse_accept(p, TK_ASC)) pItem->eSortOrder = SORT_ASC;
    else if (parse_accept(p, TK_DESC)) pItem->eSortOrder = SORT_DESC;
    if (parse_accept(p, TK_NULLS)) {
      if (parse_accept(p, TK_FIRST)) pItem->eNulls = NULLS_FIRST;
      else if (parse_expect(p, TK_LAST)) pItem->eNulls = NULLS_LAST;
      if (p->rc == SQLITE_OK && !bNullsOk) {
        parse_error(p, "unsupported use of NULLS %s",
                    pItem->eNulls == NULLS_FIRST ? "FIRST" : "LAST");
      }
    }
  } while (p->rc == SQLITE_OK && parse_accept(p, TK_COMMA));
  return p->rc == SQLITE_OK ? pList : NULL;
}
