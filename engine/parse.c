/*
** parse.c: parser entry points, token stream, error reporting, parameter
** numbering and the node constructors shared by the grammar files
** (parse_expr.c, parse_select.c, parse_stmt.c).
**
** Invariants: see parse.h and parse_int.h.  In particular the first error
** sticks (p->rc), and tokens are produced only by parse_advance().
*/
#include "parse_int.h"

#include <stdarg.h>
#include <stdio.h>

/* ------------------------------------------------------------------------
** Errors
** ----------------------------------------------------------------------*/

void parse_error(Parse *p, const char *zFmt, ...) {
  va_list ap;
  char buf[256];
  int n;
  if (p->rc != SQLITE_OK) return;          /* first error wins */
  p->rc = SQLITE_ERROR;
  va_start(ap, zFmt);
  n = vsnprintf(buf, sizeof(buf), zFmt, ap);
  va_end(ap);
  if (n < 0) n = 0;
  if (n >= (int)sizeof(buf)) {
    /* Long message (a long token in it): format again at full size. */
    char *z = mem_malloc((u64)n + 1);
    if (z != NULL) {
      va_start(ap, zFmt);
      vsnprintf(z, (size_t)n + 1, zFmt, ap);
      va_end(ap);
    }
    p->zErr = z;
  } else {
    p->zErr = mem_strdup(buf);
  }
  if (p->zErr == NULL) p->rc = SQLITE_NOMEM;
}

/* An error at the current token: SQLite's three syntax-error messages. */
void parse_syntax_error(Parse *p) {
  const Token *t = &p->tk;
  if (p->rc != SQLITE_OK) return;
  if (t->type == TK_EOF) {
    parse_error(p, "incomplete input");
  } else if (t->type == TK_ILLEGAL) {
    parse_error(p, "unrecognized token: \"%.*s\"", t->n, p->zSql + t->iOff);
  } else {
    parse_error(p, "near \"%.*s\": syntax error", t->n, p->zSql + t->iOff);
  }
}

static void parse_oom(Parse *p) {
  if (p->rc == SQLITE_OK) p->rc = SQLITE_NOMEM;
}

int parse_enter(Parse *p, int nWeight) {
  p->nStack += nWeight;
  if (p->nStack > PARSE_STACK_LIMIT) {
    parse_error(p, "parser stack overflow");
    return 0;
  }
  return p->rc == SQLITE_OK;
}

void parse_leave(Parse *p, int nWeight) {
  p->nStack -= nWeight;
  ASSERT(p->nStack >= 0);
}

/* ------------------------------------------------------------------------
** Token stream
** ----------------------------------------------------------------------*/

/* Next non-space token at or after offset iOff. */
static Token scan_token(const Parse *p, int iOff) {
  Token t;
  while (iOff < p->nSql) {
    int type;
    int n = tokenize_next(p->zSql + iOff, p->nSql - iOff, &type);
    ASSERT(n > 0);
    if (type != TK_SPACE) {
      t.type = type; t.iOff = iOff; t.n = n;
      return t;
    }
    iOff += n;
  }
  t.type = TK_EOF; t.iOff = p->nSql; t.n = 0;
  return t;
}

/* WINDOW, OVER and FILTER are keywords only in context, as SQLite's
** tokenizer decides: WINDOW before "name AS", OVER after ')' and before
** '(' or a name, FILTER after ')' and before '('.  Otherwise TK_ID. */
static int idlike_raw(int type) {
  return parse_is_idlike(type) || type == TK_WINDOW || type == TK_OVER;
}

static int contextual_type(Parse *p, int prevType) {
  Token t1 = scan_token(p, p->iNext);
  switch (p->tk.type) {
    case TK_WINDOW:
      if (idlike_raw(t1.type) && scan_token(p, t1.iOff + t1.n).type == TK_AS) return TK_WINDOW;
      return TK_ID;
    case TK_OVER:
      if (prevType == TK_RP && (t1.type == TK_LP || idlike_raw(t1.type))) return TK_OVER;
      return TK_ID;
    default:
      if (prevType == TK_RP && t1.type == TK_LP) return TK_FILTER;
      return TK_ID;
  }
}

void parse_advance(Parse *p) {
  int prevType = p->tk.type;
  if (p->tk.type != TK_EOF || p->tk.n != 0) p->tkPrev = p->tk;
  p->tk = scan_token(p, p->iNext);
  p->iNext = p->tk.iOff + p->tk.n;
  if (p->tk.type == TK_ILLEGAL) parse_syntax_error(p);
  if (p->tk.type == TK_WINDOW || p->tk.type == TK_OVER || p->tk.type == TK_FILTER) {
    p->tk.type = contextual_type(p, prevType);
  }
}

Token parse_peek(Parse *p, int k) {
  Token t = p->tk;
  int iOff = p->iNext;
  ASSERT(k >= 1);
  for (int i = 0; i < k && t.type != TK_EOF; i++) {
    t = scan_token(p, iOff);
    iOff = t.iOff + t.n;
  }
  return t;
}

int parse_accept(Parse *p, int type) {
  if (p->rc != SQLITE_OK || p->tk.type != type) return 0;
  parse_advance(p);
  return 1;
}

int parse_expect(Parse *p, int type) {
  if (p->rc != SQLITE_OK) return 0;
  if (p->tk.type != type) {
    parse_syntax_error(p);
    return 0;
  }
  parse_advance(p);
  return p->rc == SQLITE_OK;
}

/* ------------------------------------------------------------------------
** Identifier classes
** ----------------------------------------------------------------------*/

int parse_is_id(int type) {
  return type == TK_ID || type == TK_INDEXED || tokenize_kw_class(type) == KWC_FALLBACK;
}

int parse_is_nm(int type) {
  return parse_is_id(type) || type == TK_STRING || tokenize_kw_class(type) == KWC_JOIN;
}

int parse_is_ids(int type) {
  return type == TK_ID || type == TK_STRING || tokenize_kw_class(type) == KWC_FALLBACK;
}

int parse_is_idlike(int type) {
  return parse_is_nm(type);
}

/* The contextual decision was made by parse_advance(). */
int parse_window_kw(Parse *p) { return p->tk.type == TK_WINDOW; }
int parse_over_kw(Parse *p) { return p->tk.type == TK_OVER; }
int parse_filter_kw(Parse *p) { return p->tk.type == TK_FILTER; }

/* ------------------------------------------------------------------------
** Text helpers
** ----------------------------------------------------------------------*/

void *parse_alloc(Parse *p, u64 n) {
  void *pRet = ast_arena_alloc(p->pArena, n);
  if (pRet == NULL) parse_oom(p);
  return pRet;
}

char *parse_token_text(Parse *p, const Token *pTk) {
  char *z = ast_arena_strndup(p->pArena, p->zSql + pTk->iOff, pTk->n);
  if (z == NULL) parse_oom(p);
  return z;
}

/* Dequote ['"`[] quoted tokens; other tokens are copied as written. */
char *parse_dequote(Parse *p, const Token *pTk) {
  const char *z = p->zSql + pTk->iOff;
  int n = pTk->n;
  char q = n >= 2 ? z[0] : 0;
  char *zOut;
  int j = 0;
  if (q != '\'' && q != '"' && q != '`' && q != '[') return parse_token_text(p, pTk);
  if (q == '[') q = ']';
  zOut = parse_alloc(p, (u64)n);
  if (zOut == NULL) return NULL;
  for (int i = 1; i < n - 1; i++) {
    zOut[j++] = z[i];
    if (z[i] == q && i + 1 < n - 1 && z[i + 1] == q) i++;
  }
  zOut[j] = 0;
  return zOut;
}

const char *parse_name(Parse *p, int (*pIsClass)(int)) {
  char *z;
  if (p->rc != SQLITE_OK) return NULL;
  if (!pIsClass(p->tk.type)) {
    parse_syntax_error(p);
    return NULL;
  }
  z = parse_dequote(p, &p->tk);
  parse_advance(p);
  return p->rc == SQLITE_OK ? z : NULL;
}

/* ------------------------------------------------------------------------
** Node construction
** ----------------------------------------------------------------------*/

Expr *parse_expr_new(Parse *p, int op, int iStart) {
  Expr *e = parse_alloc(p, sizeof(Expr));
  if (e == NULL) return NULL;
  e->op = (u8)op;
  e->span.iOff = iStart;
  e->nHeight = 1;
  return e;
}

/* Close the span of pExpr at the end of the last consumed token. */
void parse_expr_finish(Parse *p, Expr *pExpr, int iStart) {
  if (pExpr == NULL) return;
  pExpr->span.iOff = iStart;
  pExpr->span.n = p->tkPrev.iOff + p->tkPrev.n - iStart;
  if (pExpr->span.n < 0) pExpr->span.n = 0;
}

static int exprlist_height(const ExprList *pList) {
  int h = 0;
  if (pList == NULL) return 0;
  for (int i = 0; i < pList->nExpr; i++) {
    if (pList->a[i].pExpr && pList->a[i].pExpr->nHeight > h) h = pList->a[i].pExpr->nHeight;
  }
  return h;
}

static int max_height(int h, const Expr *e) {
  return (e != NULL && e->nHeight > h) ? e->nHeight : h;
}

/* SQLite's measure of a SELECT: its tallest expression, whole compound. */
int parse_select_height(const Select *pSel) {
  int h = 0;
  for (const Select *s = pSel; s != NULL; s = s->pPrior) {
    int k = exprlist_height(s->pEList);
    if (k > h) h = k;
    k = exprlist_height(s->pGroupBy);
    if (k > h) h = k;
    k = exprlist_height(s->pOrderBy);
    if (k > h) h = k;
    h = max_height(h, s->pWhere);
    h = max_height(h, s->pHaving);
    h = max_height(h, s->pLimit);
    h = max_height(h, s->pOffset);
  }
  return h;
}

void parse_set_height(Parse *p, Expr *e) {
  int h = 0;
  if (e == NULL) return;
  h = max_height(h, e->pLeft);
  h = max_height(h, e->pRight);
  h = max_height(h, e->pExtra);
  if (exprlist_height(e->pList) > h) h = exprlist_height(e->pList);
  if (e->pSelect && parse_select_height(e->pSelect) > h) h = parse_select_height(e->pSelect);
  e->nHeight = h + 1;
  if (p->opt.mxExprDepth > 0 && e->nHeight > p->opt.mxExprDepth) {
    parse_error(p, "Expression tree is too large (maximum depth %d)", p->opt.mxExprDepth);
  }
}

Expr *parse_binary(Parse *p, int op, Expr *pLeft, Expr *pRight) {
  Expr *e;
  if (p->rc != SQLITE_OK) return NULL;
  e = parse_expr_new(p, op, pLeft->span.iOff);
  if (e == NULL) return NULL;
  e->pLeft = pLeft;
  e->pRight = pRight;
  e->span.n = pRight->span.iOff + pRight->span.n - pLeft->span.iOff;
  parse_set_height(p, e);
  return e;
}

ExprList *parse_exprlist_append(Parse *p, ExprList *pList, Expr *pExpr) {
  if (p->rc != SQLITE_OK) return NULL;
  if (pList == NULL) {
    pList = parse_alloc(p, sizeof(ExprList));
    if (pList == NULL) return NULL;
  }
  if (pList->nExpr >= pList->nAlloc) {
    int nNew = pList->nAlloc ? pList->nAlloc * 2 : 4;
    ExprListItem *a = parse_alloc(p, sizeof(ExprListItem) * (u64)nNew);
    if (a == NULL) return NULL;
    if (pList->nExpr) memcpy(a, pList->a, sizeof(ExprListItem) * (size_t)pList->nExpr);
    pList->a = a;
    pList->nAlloc = nNew;
  }
  memset(&pList->a[pList->nExpr], 0, sizeof(ExprListItem));
  pList->a[pList->nExpr++].pExpr = pExpr;
  return pList;
}

IdList *parse_idlist_append(Parse *p, IdList *pList, const char *zId) {
  if (p->rc != SQLITE_OK) return NULL;
  if (pList == NULL) {
    pList = parse_alloc(p, sizeof(IdList));
    if (pList == NULL) return NULL;
  }
  if (pList->nId >= pList->nAlloc) {
    int nNew = pList->nAlloc ? pList->nAlloc * 2 : 4;
    const char **a = parse_alloc(p, sizeof(char *) * (u64)nNew);
    if (a == NULL) return NULL;
    if (pList->nId) memcpy(a, pList->azId, sizeof(char *) * (size_t)pList->nId);
    pList->azId = a;
    pList->nAlloc = nNew;
  }
  pList->azId[pList->nId++] = zId;
  return pList;
}

SrcList *parse_srclist_append(Parse *p, SrcList *pList) {
  if (p->rc != SQLITE_OK) return NULL;
  if (pList == NULL) {
    pList = parse_alloc(p, sizeof(SrcList));
    if (pList == NULL) return NULL;
  }
  if (pList->nSrc >= pList->nAlloc) {
    int nNew = pList->nAlloc ? pList->nAlloc * 2 : 4;
    SrcItem *a = parse_alloc(p, sizeof(SrcItem) * (u64)nNew);
    if (a == NULL) return NULL;
    if (pList->nSrc) memcpy(a, pList->a, sizeof(SrcItem) * (size_t)pList->nSrc);
    pList->a = a;
    pList->nAlloc = nNew;
  }
  memset(&pList->a[pList->nSrc++], 0, sizeof(SrcItem));
  return pList;
}

/* ------------------------------------------------------------------------
** Parameters: ?, ?NNN, :name, @name, $name, #name
** ----------------------------------------------------------------------*/

static int var_slot_ensure(Parse *p, int iVar) {
  if (iVar < p->nVarAlloc) return 1;
  int nNew = p->nVarAlloc ? p->nVarAlloc * 2 : 16;
  while (nNew <= iVar) nNew *= 2;
  const char **a = parse_alloc(p, sizeof(char *) * (u64)nNew);
  if (a == NULL) return 0;
  if (p->nVarAlloc) memcpy(a, p->azVar, sizeof(char *) * (size_t)p->nVarAlloc);
  p->azVar = a;
  p->nVarAlloc = nNew;
  return 1;
}

static u32 var_hash(const char *z, int n) {
  u32 h = 2166136261u;
  for (int i = 0; i < n; i++) h = (h ^ (u8)z[i]) * 16777619u;
  return h;
}

static int var_name_eq(const char *zV, const char *z, int n) {
  return zV && strncmp(zV, z, (size_t)n) == 0 && zV[n] == 0;
}

/* Number already given to the name z (n bytes), or 0. */
static int var_find(const Parse *p, const char *z, int n) {
  u32 mask = (u32)p->nVarHash - 1;
  if (p->nVarHash == 0) return 0;
  for (u32 h = var_hash(z, n) & mask;; h = (h + 1) & mask) {   /* bounded: table never full */
    int iVar = p->aVarHash[h];
    if (iVar == 0) return 0;
    if (var_name_eq(p->azVar[iVar], z, n)) return iVar;
  }
}

/* Remember that parameter iVar (named, azVar[iVar] set) has its name. */
static void var_hash_add(Parse *p, int iVar) {
  const char *z = p->azVar[iVar];
  if (2 * (p->nVarNamed + 1) > p->nVarHash) {
    int nNew = p->nVarHash ? p->nVarHash * 2 : 64;
    int *aNew = parse_alloc(p, sizeof(int) * (u64)nNew);
    if (aNew == NULL) return;
    for (int i = 0; i < p->nVarHash; i++) {
      int k = p->aVarHash[i];
      if (k == 0) continue;
      const char *zK = p->azVar[k];
      u32 h = var_hash(zK, (int)strlen(zK)) & (u32)(nNew - 1);
      while (aNew[h]) h = (h + 1) & (u32)(nNew - 1);
      aNew[h] = k;
    }
    p->aVarHash = aNew;
    p->nVarHash = nNew;
  }
  u32 mask = (u32)p->nVarHash - 1;
  u32 h = var_hash(z, (int)strlen(z)) & mask;
  while (p->aVarHash[h]) h = (h + 1) & mask;
  p->aVarHash[h] = iVar;
  p->nVarNamed++;
}

void parse_variable(Parse *p, Expr *e, const Token *pTk) {
  const char *z = p->zSql + pTk->iOff;
  int n = pTk->n;
  i64 iVar = 0;
  int bNew = 0;
  p->nVarCount++;
  if (n == 1 && z[0] == '?') {
    iVar = ++p->nVar;
  } else if (z[0] == '?') {
    int i = 1;
    int ok;
    while (i < n - 1 && z[i] == '0') i++;    /* leading zeros: "?007" is 7 */
    ok = n - i <= 10;
    for (; i < n && ok; i++) iVar = iVar * 10 + (z[i] - '0');
    if (!ok || iVar < 1 || iVar > p->opt.mxVariable) {
      parse_error(p, "variable number must be between ?1 and ?%d", p->opt.mxVariable);
      return;
    }
    if (iVar > p->nVar) p->nVar = (int)iVar;
    if (!var_slot_ensure(p, (int)iVar)) return;
    bNew = p->azVar[iVar] == NULL;
  } else {
    iVar = var_find(p, z, n);
    if (iVar == 0) {
      iVar = ++p->nVar;
      bNew = 1;
    }
  }
  if (iVar > p->opt.mxVariable) {
    parse_error(p, "too many SQL variables");
    return;
  }
  if (!var_slot_ensure(p, (int)iVar)) return;
  if (bNew) {
    p->azVar[iVar] = parse_token_text(p, pTk);
    if (z[0] != '?' && p->azVar[iVar]) var_hash_add(p, (int)iVar);
  }
  e->iValue = iVar;
  e->z = (n == 1 && z[0] == '?') ? NULL : parse_token_text(p, pTk);
}

/* ------------------------------------------------------------------------
** Entry points
** ----------------------------------------------------------------------*/

void parse_options_default(ParseOptions *pOpt) {
  memset(pOpt, 0, sizeof(*pOpt));
  pOpt->mxExprDepth = PARSE_DEFAULT_EXPR_DEPTH;
  pOpt->mxVariable = PARSE_DEFAULT_VARIABLE;
  pOpt->mxCompound = PARSE_DEFAULT_COMPOUND;
  pOpt->mxFunctionArg = PARSE_DEFAULT_FUNCTION_ARG;
}

/* Offset of the first token that is neither space nor ';', or n. */
static int skip_empty(const char *z, int n) {
  int i = 0;
  while (i < n) {
    int type;
    int len = tokenize_next(z + i, n - i, &type);
    if (type != TK_SPACE && type != TK_SEMI) break;
    i += len;
  }
  return i;
}

/* Copy the statement text and parameter table into the Stmt. */
static void parse_finish_stmt(Parse *p, Stmt *pStmt, int nText) {
  pStmt->zSql = ast_arena_strndup(p->pArena, p->zSql, nText);
  pStmt->nSql = nText;
  pStmt->nVar = p->nVar;
  if (p->nVar > 0) {
    pStmt->azVar = parse_alloc(p, sizeof(char *) * ((u64)p->nVar + 1));
    if (pStmt->azVar) memcpy(pStmt->azVar, p->azVar, sizeof(char *) * ((size_t)p->nVar + 1));
  }
  if (pStmt->zSql == NULL) parse_oom(p);
  if (pStmt->eKind == STMT_CREATE_TRIGGER) {
    for (int i = 0; i < pStmt->u.createTrigger.nStep; i++) {
      Stmt *pStep = pStmt->u.createTrigger.apStep[i];
      pStep->zSql = pStmt->zSql;
      pStep->nSql = pStmt->nSql;
    }
  }
}

int parse_sql(Arena *pArena, const ParseOptions *pOpt, const char *zSql, int nSql,
              Stmt **ppStmt, const char **pzTail, char **pzErr) {
  Parse s;
  Parse *p = &s;
  Stmt *pStmt = NULL;
  int n, iStart, iEnd;
  ASSERT(pArena != NULL && zSql != NULL && ppStmt != NULL);
  *ppStmt = NULL;
  if (pzErr) *pzErr = NULL;
  n = nSql < 0 ? (int)strlen(zSql) : (int)strnlen(zSql, (size_t)nSql);
  iStart = skip_empty(zSql, n);
  if (pzTail) *pzTail = zSql + iStart;
  if (iStart >= n) return SQLITE_OK;
  memset(p, 0, sizeof(*p));
  p->pArena = pArena;
  if (pOpt) p->opt = *pOpt; else parse_options_default(&p->opt);
  p->zSql = zSql + iStart;
  p->nSql = n - iStart;
  parse_advance(p);
  if (p->rc == SQLITE_OK) pStmt = parse_cmd(p);
  iEnd = p->tkPrev.iOff + p->tkPrev.n;
  if (p->rc == SQLITE_OK && p->tk.type != TK_SEMI && p->tk.type != TK_EOF) parse_syntax_error(p);
  if (p->rc == SQLITE_OK && p->zPending) parse_error(p, "%s", p->zPending);
  if (p->rc == SQLITE_OK && pStmt != NULL) parse_finish_stmt(p, pStmt, iEnd);
  if (pzTail) *pzTail = p->zSql + p->tk.iOff + p->tk.n;
  if (p->rc == SQLITE_OK && pArena->bOom) p->rc = SQLITE_NOMEM;
  if (p->rc != SQLITE_OK) {
    if (pzErr) *pzErr = p->zErr; else mem_free(p->zErr);
    return p->rc;
  }
  ASSERT(pStmt != NULL);
  *ppStmt = pStmt;
  return SQLITE_OK;
}

/* ------------------------------------------------------------------------
** parse_complete: sqlite3_complete()
** ----------------------------------------------------------------------*/

enum { CS_INIT, CS_START, CS_NORMAL, CS_EXPLAIN, CS_CREATE, CS_TRIGGER, CS_TRIG_SEMI, CS_TRIG_END };
enum { CT_SEMI, CT_OTHER, CT_EXPLAIN, CT_CREATE, CT_TEMP, CT_TRIGGER, CT_END };

static int complete_class(const char *z, int n, int type) {
  if (type == TK_SEMI) return CT_SEMI;
  if (type == TK_ID && (z[0] == '"' || z[0] == '[' || z[0] == '`')) return CT_OTHER;
  switch (tokenize_keyword(z, n)) {
    case TK_EXPLAIN: return CT_EXPLAIN;
    case TK_CREATE: return CT_CREATE;
    case TK_TEMP: case TK_TEMPORARY: return CT_TEMP;
    case TK_TRIGGER: return CT_TRIGGER;
    case TK_END: return CT_END;
    default: return CT_OTHER;
  }
}

/* One transition of the statement-completeness machine. */
static int complete_step(int state, int cls) {
  int bInTrigger = state == CS_TRIGGER || state == CS_TRIG_SEMI || state == CS_TRIG_END;
  if (cls == CT_SEMI) {
    if (state == CS_TRIG_END || !bInTrigger) return CS_START;
    return CS_TRIG_SEMI;
  }
  if (bInTrigger) {
    return (state == CS_TRIG_SEMI && cls == CT_END) ? CS_TRIG_END : CS_TRIGGER;
  }
  switch (state) {
    case CS_INIT:
    case CS_START:
      if (cls == CT_EXPLAIN) return CS_EXPLAIN;
      return cls == CT_CREATE ? CS_CREATE : CS_NORMAL;
    case CS_EXPLAIN:
      if (cls == CT_CREATE) return CS_CREATE;
      return cls == CT_OTHER ? CS_EXPLAIN : CS_NORMAL;
    case CS_CREATE:
      if (cls == CT_TEMP) return CS_CREATE;
      return cls == CT_TRIGGER ? CS_TRIGGER : CS_NORMAL;
    default:
      return CS_NORMAL;
  }
}

int parse_complete(const char *zSql) {
  int state = CS_INIT;
  int n = (int)strlen(zSql);
  int i = 0;
  while (i < n) {
    int type;
    int len = tokenize_next(zSql + i, n - i, &type);
    if (type == TK_SPACE) {
      /* An unterminated block comment means the input is incomplete. */
      if (len >= 2 && zSql[i] == '/' && zSql[i + 1] == '*' &&
          (len < 4 || zSql[i + len - 2] != '*' || zSql[i + len - 1] != '/')) {
        return 0;
      }
    } else {
      state = complete_step(state, complete_class(zSql + i, len, type));
    }
    i += len;
  }
  return state == CS_START;
}
