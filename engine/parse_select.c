/*
** parse_select.c: SELECT (compounds, VALUES, WITH, FROM/joins, WINDOW).
**
** A compound is built as a chain through Select.pPrior whose head is the
** rightmost member (ast.h).  ORDER BY and LIMIT are accepted after every
** SELECT core, as in SQLite's grammar, and rejected afterwards if a compound
** operator follows ("ORDER BY clause should come after UNION not before").
*/
#include "parse_int.h"

#define W_CORE 5        /* emulated stack slots of a SELECT core */
#define W_SELECT 1      /* a parenthesised SELECT in FROM (plus its core) */
#define W_CTE 5         /* one CTE definition */
#define W_WHERE 1       /* WHERE expression */
#define W_FROM_PAREN 2  /* FROM ( ... ) */
#define W_VALUES 3      /* VALUES (...) */
#define W_ORDERBY 4     /* ORDER BY terms */
#define W_WITH 2        /* a SELECT after a WITH clause */

int parse_at_select_start(Parse *p) {
  int t = p->tk.type;
  return t == TK_SELECT || t == TK_VALUES || t == TK_WITH;
}

/* ------------------------------------------------------------------------
** WITH
** ----------------------------------------------------------------------*/

static IdList *parse_paren_idlist(Parse *p) {
  IdList *pList = NULL;
  if (!parse_expect(p, TK_LP)) return NULL;
  do {
    const char *z = parse_name(p, parse_is_nm);
    pList = parse_idlist_append(p, pList, z);
  } while (p->rc == SQLITE_OK && parse_accept(p, TK_COMMA));
  parse_expect(p, TK_RP);
  return p->rc == SQLITE_OK ? pList : NULL;
}

/* "( name [COLLATE x] [ASC|DESC], ... )" of a CTE or view: SQLite parses
** the index-style extras, then rejects them. */
IdList *parse_eidlist(Parse *p) {
  IdList *pList = NULL;
  if (!parse_expect(p, TK_LP)) return NULL;
  do {
    Token tName = p->tk;
    int bExtra = 0;
    const char *z = parse_name(p, parse_is_nm);
    pList = parse_idlist_append(p, pList, z);
    if (parse_accept(p, TK_COLLATE)) {
      parse_name(p, parse_is_ids);
      bExtra = 1;
    }
    if (parse_accept(p, TK_ASC) || parse_accept(p, TK_DESC)) bExtra = 1;
    if (p->rc == SQLITE_OK && bExtra) {
      if (p->tk.type != TK_COMMA && p->tk.type != TK_RP) parse_syntax_error(p);
      parse_error(p, "syntax error after column name \"%.*s\"", tName.n, p->zSql + tName.iOff);
    }
  } while (p->rc == SQLITE_OK && parse_accept(p, TK_COMMA));
  parse_expect(p, TK_RP);
  return p->rc == SQLITE_OK ? pList : NULL;
}

static void parse_cte(Parse *p, Cte *pCte) {
  pCte->zName = parse_name(p, parse_is_nm);
  if (p->rc == SQLITE_OK && p->tk.type == TK_LP) pCte->pCols = parse_eidlist(p);
  if (!parse_expect(p, TK_AS)) return;
  if (parse_accept(p, TK_MATERIALIZED)) {
    pCte->eMaterialized = CTE_MAT_YES;
  } else if (p->tk.type == TK_NOT) {
    parse_advance(p);
    if (parse_expect(p, TK_MATERIALIZED)) pCte->eMaterialized = CTE_MAT_NO;
  }
  if (!parse_expect(p, TK_LP) || !parse_enter(p, W_CTE)) return;
  pCte->pSelect = parse_subselect(p);
  parse_leave(p, W_CTE);
  parse_expect(p, TK_RP);
}

With *parse_with(Parse *p) {
  With *w = parse_alloc(p, sizeof(With));
  int nAlloc = 0;
  if (w == NULL) return NULL;
  parse_advance(p);                     /* WITH */
  if (parse_accept(p, TK_RECURSIVE)) w->bRecursive = 1;
  do {
    if (w->nCte >= nAlloc) {
      int nNew = nAlloc ? nAlloc * 2 : 4;
      Cte *a = parse_alloc(p, sizeof(Cte) * (u64)nNew);
      if (a == NULL) return NULL;
      if (w->nCte) memcpy(a, w->a, sizeof(Cte) * (size_t)w->nCte);
      w->a = a;
      nAlloc = nNew;
    }
    parse_cte(p, &w->a[w->nCte++]);
  } while (p->rc == SQLITE_OK && parse_accept(p, TK_COMMA));
  return p->rc == SQLITE_OK ? w : NULL;
}

/* ------------------------------------------------------------------------
** FROM
** ----------------------------------------------------------------------*/

/* Is the token a plausible alias without AS ("ids", not a keyword that
** has a meaning of its own after a FROM item or result column)? */
static int is_bare_alias(Parse *p) {
  if (!parse_is_ids(p->tk.type)) return 0;
  if (p->tk.type == TK_WINDOW && parse_window_kw(p)) return 0;
  return 1;
}

static const char *parse_opt_alias(Parse *p) {
  if (parse_accept(p, TK_AS)) return parse_name(p, parse_is_nm);
  if (is_bare_alias(p)) return parse_name(p, parse_is_ids);
  return NULL;
}

/* Bits of one join keyword, 0 if the word is not one. */
static int join_word_bits(const char *z, int n) {
  static const struct { const char *z; int bits; } a[] = {
    {"NATURAL", JT_NATURAL}, {"LEFT", JT_LEFT | JT_OUTER}, {"RIGHT", JT_RIGHT | JT_OUTER},
    {"FULL", JT_LEFT | JT_RIGHT | JT_OUTER}, {"OUTER", JT_OUTER}, {"INNER", JT_INNER},
    {"CROSS", JT_CROSS | JT_INNER},
  };
  for (int i = 0; i < ARRAY_SIZE(a); i++) {
    if ((int)strlen(a[i].z) == n && str_nicmp(z, a[i].z, n) == 0) return a[i].bits;
  }
  return 0;
}

/* JOIN_KW [nm [nm]] JOIN.  Returns JT_* bits or 0 after an error. */
static int parse_join_words(Parse *p) {
  Token aw[3];
  int nWord = 0;
  int bits = 0, bad = 0, bOuter = 0;
  while (p->rc == SQLITE_OK && p->tk.type != TK_JOIN) {
    if (nWord == 3 || !parse_is_nm(p->tk.type)) {
      parse_syntax_error(p);
      return 0;
    }
    aw[nWord++] = p->tk;
    parse_advance(p);
  }
  if (p->rc != SQLITE_OK) return 0;
  parse_advance(p);                     /* JOIN */
  /* The join operator is judged when reduced, which needs a FROM item. */
  if (p->rc != SQLITE_OK) return 0;
  if (p->tk.type != TK_LP && !parse_is_nm(p->tk.type)) {
    parse_syntax_error(p);
    return 0;
  }
  for (int i = 0; i < nWord; i++) {
    const char *z = p->zSql + aw[i].iOff;
    int b = join_word_bits(z, aw[i].n);
    if (b == 0) bad = 1;
    if (aw[i].n == 5 && str_nicmp(z, "OUTER", 5) == 0) bOuter = 1;
    bits |= b;
  }
  if (bOuter && (bits & (JT_LEFT | JT_RIGHT)) == 0) bad = 1;
  if ((bits & (JT_INNER | JT_CROSS)) && (bits & (JT_LEFT | JT_RIGHT))) bad = 1;
  if (bad) {
    const char *z0 = p->zSql + aw[0].iOff;
    if (nWord == 1) {
      parse_error(p, "unknown join type: %.*s", aw[0].n, z0);
    } else if (nWord == 2) {
      parse_error(p, "unknown join type: %.*s %.*s", aw[0].n, z0, aw[1].n, p->zSql + aw[1].iOff);
    } else {
      parse_error(p, "unknown join type: %.*s %.*s %.*s", aw[0].n, z0, aw[1].n,
                  p->zSql + aw[1].iOff, aw[2].n, p->zSql + aw[2].iOff);
    }
    return 0;
  }
  if (!bOuter) bits &= ~JT_OUTER;
  if ((bits & (JT_LEFT | JT_RIGHT)) == 0) bits |= JT_INNER;
  return bits;
}

/* Join operator before a FROM item: 0 when none follows. */
static int parse_joinop(Parse *p) {
  if (parse_accept(p, TK_COMMA)) return JT_COMMA;
  if (parse_accept(p, TK_JOIN)) return JT_INNER;
  if (tokenize_kw_class(p->tk.type) == KWC_JOIN) return parse_join_words(p);
  return 0;
}

/* The nested list of "( a JOIN b )"; a single item is hoisted. */
static void parse_from_paren_join(Parse *p, SrcItem *pItem) {
  SrcList *pNested;
  if (!parse_enter(p, W_FROM_PAREN)) return;
  p->nNest++;
  pNested = parse_from(p);
  p->nNest--;
  parse_leave(p, W_FROM_PAREN);
  if (p->rc != SQLITE_OK) return;
  pItem->pNested = pNested;
}

/* The table part of one FROM item (before alias). */
static void parse_from_source(Parse *p, SrcItem *pItem) {
  if (p->tk.type == TK_LP) {
    parse_advance(p);
    if (parse_at_select_start(p)) {
      if (!parse_enter(p, W_SELECT)) return;
      pItem->pSelect = parse_subselect(p);
      parse_leave(p, W_SELECT);
    } else {
      parse_from_paren_join(p, pItem);
    }
    parse_expect(p, TK_RP);
    return;
  }
  pItem->zName = parse_name(p, parse_is_nm);
  if (parse_accept(p, TK_DOT)) {
    pItem->zDb = pItem->zName;
    pItem->zName = parse_name(p, parse_is_nm);
  }
  if (p->rc == SQLITE_OK && p->tk.type == TK_LP) {
    parse_advance(p);
    if (!parse_enter(p, W_SELECT)) return;
    pItem->bFunc = 1;
    pItem->pFuncArgs = parse_exprlist(p, 1);
    parse_leave(p, W_SELECT);
    parse_expect(p, TK_RP);
  }
}

/* One FROM item after its join operator, with alias, INDEXED BY, ON/USING. */
static void parse_from_item(Parse *p, SrcList *pSrc, int iItem) {
  SrcItem *pItem = &pSrc->a[iItem];
  pItem->span.iOff = p->tk.iOff;
  parse_from_source(p, pItem);
  if (p->rc != SQLITE_OK) return;
  pItem->zAlias = parse_opt_alias(p);
  if (p->rc != SQLITE_OK) return;
  if (pItem->zName && !pItem->bFunc) {
    if (parse_accept(p, TK_INDEXED)) {
      if (parse_expect(p, TK_BY)) pItem->zIndexedBy = parse_name(p, parse_is_nm);
    } else if (parse_accept(p, TK_NOT)) {
      if (parse_expect(p, TK_INDEXED)) pItem->bNotIndexed = 1;
    }
  }
  pItem->span.n = p->tkPrev.iOff + p->tkPrev.n - pItem->span.iOff;
  if (parse_accept(p, TK_ON)) {
    pItem->pOn = parse_expr(p);
  } else if (p->tk.type == TK_USING) {
    parse_advance(p);
    pItem->pUsing = parse_paren_idlist(p);
  }
}

/* Can this token follow a complete FROM clause?  Inside parentheses the
** statement cannot end. */
static int is_from_follow(Parse *p) {
  switch (p->tk.type) {
    case TK_EOF: case TK_SEMI: return p->nNest == 0;
    case TK_RP: return p->nNest > 0;
    case TK_WHERE: case TK_GROUP: case TK_HAVING: case TK_ORDER: case TK_LIMIT:
    case TK_UNION: case TK_INTERSECT: case TK_EXCEPT: case TK_RETURNING: case TK_WINDOW:
      return 1;
    default:
      return 0;
  }
}

/* Can this token follow a complete FROM item (a join or the clause end)? */
static int is_from_item_follow(Parse *p) {
  int t = p->tk.type;
  return t == TK_COMMA || t == TK_JOIN || tokenize_kw_class(t) == KWC_JOIN || is_from_follow(p);
}

/* SQLite checks an item once it is reduced, i.e. once the next token is
** known to fit; a token that does not fit is a syntax error first. */
static void check_from_item(Parse *p, SrcList *pSrc, int i) {
  SrcItem *pItem = &pSrc->a[i];
  if (!is_from_item_follow(p)) {
    parse_syntax_error(p);
    return;
  }
  if (i == 0 && (pItem->pOn || pItem->pUsing)) {
    parse_error(p, "a JOIN clause is required before %s", pItem->pOn ? "ON" : "USING");
  }
}

/* Raised by SQLite only when the join is processed (after name
** resolution): deferred to the end of the statement. */
static void check_natural(Parse *p, SrcList *pSrc) {
  for (int i = 1; i < pSrc->nSrc && p->zPending == NULL; i++) {
    SrcItem *pItem = &pSrc->a[i];
    if ((pItem->jointype & JT_NATURAL) && (pItem->pOn || pItem->pUsing)) {
      p->zPending = "a NATURAL join may not have an ON or USING clause";
    }
  }
}

/* seltablist: item (joinop item)* */
SrcList *parse_from(Parse *p) {
  SrcList *pSrc = parse_srclist_append(p, NULL);
  if (pSrc == NULL) return NULL;
  parse_from_item(p, pSrc, 0);
  if (p->rc == SQLITE_OK) check_from_item(p, pSrc, 0);
  while (p->rc == SQLITE_OK) {
    int jt = parse_joinop(p);
    if (jt == 0 || p->rc != SQLITE_OK) break;
    pSrc = parse_srclist_append(p, pSrc);
    if (pSrc == NULL) return NULL;
    pSrc->a[pSrc->nSrc - 1].jointype = (u8)jt;
    parse_from_item(p, pSrc, pSrc->nSrc - 1);
    if (p->rc == SQLITE_OK) check_from_item(p, pSrc, pSrc->nSrc - 1);
  }
  if (p->rc == SQLITE_OK) check_natural(p, pSrc);
  return p->rc == SQLITE_OK ? pSrc : NULL;
}

/* ------------------------------------------------------------------------
** SELECT core
** ----------------------------------------------------------------------*/

/* Text of [iStart, end of last consumed token) as an arena string. */
static const char *span_text(Parse *p, int iStart) {
  Token t = {TK_ID, iStart, p->tkPrev.iOff + p->tkPrev.n - iStart};
  if (t.n < 0) t.n = 0;
  return parse_token_text(p, &t);
}

/* Fallback keywords that mean something at the start of an expression. */
static int is_expr_keyword(int t) {
  return t == TK_CAST || t == TK_RAISE || t == TK_CURRENT_TIME || t == TK_CURRENT_DATE ||
         t == TK_CURRENT_TIMESTAMP;
}

/* One result column: *, nm.*, or expr [[AS] alias]. */
static ExprList *parse_result_column(Parse *p, ExprList *pList) {
  int iStart = p->tk.iOff;
  Expr *e = NULL;
  ExprListItem *pItem;
  if (p->tk.type == TK_STAR) {
    parse_advance(p);
    e = parse_expr_new(p, EXPR_STAR, iStart);
  } else if (parse_is_nm(p->tk.type) && !is_expr_keyword(p->tk.type) &&
             parse_peek(p, 1).type == TK_DOT && parse_peek(p, 2).type == TK_STAR) {
    const char *zTab = parse_name(p, parse_is_nm);
    parse_advance(p);                   /* . */
    parse_advance(p);                   /* * */
    e = parse_expr_new(p, EXPR_STAR, iStart);
    if (e) e->zTab = zTab;
  } else {
    e = parse_expr(p);
  }
  if (p->rc != SQLITE_OK || e == NULL) return NULL;
  parse_expr_finish(p, e, e->op == EXPR_STAR ? iStart : e->span.iOff);
  pList = parse_exprlist_append(p, pList, e);
  if (pList == NULL) return NULL;
  pItem = &pList->a[pList->nExpr - 1];
  pItem->zSpan = span_text(p, iStart);
  if (e->op != EXPR_STAR) pItem->zName = parse_opt_alias(p);
  return p->rc == SQLITE_OK ? pList : NULL;
}

static ExprList *parse_result_columns(Parse *p) {
  ExprList *pList = NULL;
  do {
    pList = parse_result_column(p, pList);
  } while (p->rc == SQLITE_OK && parse_accept(p, TK_COMMA));
  return p->rc == SQLITE_OK ? pList : NULL;
}

/* WINDOW name AS (...), ... */
static Window *parse_window_clause(Parse *p) {
  Window *pFirst = NULL, *pLast = NULL;
  parse_advance(p);                     /* WINDOW */
  do {
    const char *zName = parse_name(p, parse_is_nm);
    Window *w;
    if (!parse_expect(p, TK_AS)) return NULL;
    w = parse_window_body(p, zName);
    if (w == NULL) return NULL;
    if (pLast) pLast->pNext = w; else pFirst = w;
    pLast = w;
  } while (p->rc == SQLITE_OK && parse_accept(p, TK_COMMA));
  return p->rc == SQLITE_OK ? pFirst : NULL;
}

/* VALUES (..), (..) */
static Select *parse_values(Parse *p) {
  Select *s = parse_alloc(p, sizeof(Select));
  ValuesList *v = parse_alloc(p, sizeof(ValuesList));
  if (s == NULL || v == NULL || !parse_enter(p, W_VALUES)) return NULL;
  s->span.iOff = p->tk.iOff;
  s->pValues = v;
  parse_advance(p);                     /* VALUES */
  do {
    ExprList *pRow;
    if (!parse_expect(p, TK_LP)) return NULL;
    pRow = parse_exprlist(p, 0);
    if (!parse_expect(p, TK_RP)) return NULL;
    if (v->nRow > 0 && pRow->nExpr != v->apRow[0]->nExpr && p->zPending == NULL) {
      p->zPending = "all VALUES must have the same number of terms";   /* select prep */
    }
    if (v->nRow >= v->nAlloc) {
      int nNew = v->nAlloc ? v->nAlloc * 2 : 4;
      ExprList **a = parse_alloc(p, sizeof(ExprList *) * (u64)nNew);
      if (a == NULL) return NULL;
      if (v->nRow) memcpy(a, v->apRow, sizeof(ExprList *) * (size_t)v->nRow);
      v->apRow = a;
      v->nAlloc = nNew;
    }
    v->apRow[v->nRow++] = pRow;
  } while (p->rc == SQLITE_OK && parse_accept(p, TK_COMMA));
  parse_leave(p, W_VALUES);
  s->span.n = p->tkPrev.iOff + p->tkPrev.n - s->span.iOff;
  return p->rc == SQLITE_OK ? s : NULL;
}

/* ORDER BY / LIMIT of a SELECT core (kept on the core; moved to the head
** of the compound by the caller). */
static void parse_order_limit(Parse *p, Select *s) {
  if (parse_accept(p, TK_ORDER) && parse_expect(p, TK_BY) && parse_enter(p, W_ORDERBY)) {
    s->pOrderBy = parse_sortlist(p, 1);
    parse_leave(p, W_ORDERBY);
  }
  if (p->rc == SQLITE_OK && parse_accept(p, TK_LIMIT)) {
    Expr *pFirst = parse_expr(p);
    if (parse_accept(p, TK_OFFSET)) {
      s->pLimit = pFirst;
      s->pOffset = parse_expr(p);
    } else if (parse_accept(p, TK_COMMA)) {
      s->pOffset = pFirst;
      s->pLimit = parse_expr(p);
    } else {
      s->pLimit = pFirst;
    }
  }
}

/* SELECT [DISTINCT|ALL] cols [FROM] [WHERE] [GROUP BY] [HAVING] [WINDOW]
** [ORDER BY] [LIMIT] */
static Select *parse_select_core(Parse *p) {
  Select *s;
  if (p->tk.type == TK_VALUES) return parse_values(p);
  if (p->tk.type != TK_SELECT) {
    parse_syntax_error(p);
    return NULL;
  }
  s = parse_alloc(p, sizeof(Select));
  if (s == NULL || !parse_enter(p, W_CORE)) return NULL;
  s->span.iOff = p->tk.iOff;
  parse_advance(p);
  if (parse_accept(p, TK_DISTINCT)) s->bDistinct = 1;
  else if (parse_accept(p, TK_ALL)) s->bAll = 1;
  s->pEList = parse_result_columns(p);
  if (parse_accept(p, TK_FROM)) s->pSrc = parse_from(p);
  if (parse_accept(p, TK_WHERE) && parse_enter(p, W_WHERE)) {
    s->pWhere = parse_expr(p);
    parse_leave(p, W_WHERE);
  }
  if (parse_accept(p, TK_GROUP)) {
    if (parse_expect(p, TK_BY)) s->pGroupBy = parse_exprlist(p, 0);
  }
  if (parse_accept(p, TK_HAVING)) s->pHaving = parse_expr(p);
  if (p->rc == SQLITE_OK && parse_window_kw(p)) s->pWinDefn = parse_window_clause(p);
  if (p->rc == SQLITE_OK) parse_order_limit(p, s);
  parse_leave(p, W_CORE);
  s->span.n = p->tkPrev.iOff + p->tkPrev.n - s->span.iOff;
  return p->rc == SQLITE_OK ? s : NULL;
}

static int compound_op(Parse *p) {
  switch (p->tk.type) {
    case TK_UNION:
      if (parse_peek(p, 1).type == TK_ALL) {
        parse_advance(p);
        parse_advance(p);
        return SELECT_UNION_ALL;
      }
      parse_advance(p);
      return SELECT_UNION;
    case TK_INTERSECT: parse_advance(p); return SELECT_INTERSECT;
    case TK_EXCEPT: parse_advance(p); return SELECT_EXCEPT;
    default: return SELECT_SIMPLE;
  }
}

static const char *compound_name(int op) {
  switch (op) {
    case SELECT_UNION: return "UNION";
    case SELECT_UNION_ALL: return "UNION ALL";
    case SELECT_INTERSECT: return "INTERSECT";
    default: return "EXCEPT";
  }
}

/* Can this token follow a complete SELECT? */
static int is_select_follow(Parse *p) {
  switch (p->tk.type) {
    case TK_RP: return p->nNest > 0;
    case TK_EOF: case TK_SEMI: case TK_ON: case TK_RETURNING: return p->nNest == 0;
    default: return 0;
  }
}

/* Checks SQLite makes once the whole compound is reduced: ORDER BY or
** LIMIT on a non-final member (reported for the rightmost one), then the
** number of terms. */
static void check_compound(Parse *p, Select *pHead) {
  int nTerm = 0;
  if (pHead->pPrior == NULL) return;
  if (!is_select_follow(p)) {
    parse_syntax_error(p);
    return;
  }
  for (Select *pNext = pHead, *s = pHead->pPrior; s; pNext = s, s = s->pPrior) {
    if (s->pOrderBy || s->pLimit) {
      parse_error(p, "%s clause should come after %s not before",
                  s->pOrderBy ? "ORDER BY" : "LIMIT", compound_name(pNext->op));
      return;
    }
  }
  for (Select *s = pHead; s; s = s->pPrior) nTerm++;
  if (p->opt.mxCompound > 0 && nTerm > p->opt.mxCompound) {
    parse_error(p, "too many terms in compound SELECT");
  }
}

Select *parse_select_nowith(Parse *p, With *pWith) {
  Select *pHead = parse_select_core(p);
  while (p->rc == SQLITE_OK) {
    Select *pNext;
    int op = compound_op(p);
    if (op == SELECT_SIMPLE) break;
    pNext = parse_select_core(p);
    if (p->rc != SQLITE_OK) return NULL;
    pNext->op = (u8)op;
    pNext->pPrior = pHead;
    pHead = pNext;
  }
  if (p->rc == SQLITE_OK) check_compound(p, pHead);
  if (p->rc != SQLITE_OK) return NULL;
  pHead->pWith = pWith;
  return pHead;
}

/* A SELECT inside parentheses (subquery, CTE body, FROM subquery). */
Select *parse_subselect(Parse *p) {
  Select *s;
  p->nNest++;
  s = parse_select(p);
  p->nNest--;
  return s;
}

Select *parse_select(Parse *p) {
  With *pWith = NULL;
  Select *s;
  if (p->tk.type != TK_WITH) return parse_select_nowith(p, NULL);
  pWith = parse_with(p);
  if (p->rc != SQLITE_OK || !parse_enter(p, W_WITH)) return NULL;
  s = parse_select_nowith(p, pWith);
  parse_leave(p, W_WITH);
  return s;
}
