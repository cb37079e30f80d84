/*
** parse_stmt.c: every statement except the SELECT itself: INSERT, UPDATE,
** DELETE (also as trigger steps), CREATE/DROP of tables, indexes, views,
** triggers and virtual tables, ALTER TABLE, transactions, PRAGMA, ATTACH,
** DETACH, VACUUM, ANALYZE, REINDEX, and the EXPLAIN prefix.
**
** Invariants:
**   1. Inside a trigger body (p->bInTrigger) the restrictions of SQLite's
**      trigger grammar apply: unqualified target tables, no INDEXED BY, no
**      alias, no DEFAULT VALUES, no ORDER BY/LIMIT, no RETURNING, and no
**      WITH prefix before INSERT/UPDATE/DELETE.
*/
#include "parse_int.h"

#define W_STMT 2        /* emulated stack slots of a statement */
#define W_TRIGGER 4     /* of a trigger body */
#define W_INSERT 5      /* INSERT ... (plus its SELECT core) */
#define W_UPDATE 9      /* UPDATE t SET a = ... */
#define W_DELETE 7      /* DELETE FROM t WHERE ... */
#define W_CREATE_TABLE 6  /* column definitions */
#define W_CREATE_INDEX 12 /* CREATE INDEX ... WHERE */
#define W_WITH_DML 2    /* a statement after a WITH clause */

Stmt *parse_stmt_new(Parse *p, int eKind) {
  Stmt *s = parse_alloc(p, sizeof(Stmt));
  if (s) s->eKind = (u8)eKind;
  return s;
}

/* ------------------------------------------------------------------------
** Shared pieces
** ----------------------------------------------------------------------*/

/* [schema.]name; *pzDb gets the schema or NULL.  Returns the name. */
static const char *parse_fullname(Parse *p, const char **pzDb, i32 *piNameOff) {
  const char *zName;
  *pzDb = NULL;
  if (piNameOff) *piNameOff = p->tk.iOff;
  zName = parse_name(p, parse_is_nm);
  if (p->rc == SQLITE_OK && parse_accept(p, TK_DOT)) {
    *pzDb = zName;
    if (piNameOff) *piNameOff = p->tk.iOff;
    zName = parse_name(p, parse_is_nm);
  }
  return p->rc == SQLITE_OK ? zName : NULL;
}

static int parse_if_not_exists(Parse *p) {
  if (p->tk.type != TK_IF) return 0;
  parse_advance(p);
  parse_expect(p, TK_NOT);
  parse_expect(p, TK_EXISTS);
  return p->rc == SQLITE_OK;
}

static int parse_if_exists(Parse *p) {
  if (p->tk.type != TK_IF) return 0;
  parse_advance(p);
  parse_expect(p, TK_EXISTS);
  return p->rc == SQLITE_OK;
}

/* ROLLBACK | ABORT | FAIL | IGNORE | REPLACE; 0 and a syntax error else. */
static int parse_resolve_type(Parse *p) {
  int e = CONFLICT_NONE;
  switch (p->tk.type) {
    case TK_ROLLBACK: e = CONFLICT_ROLLBACK; break;
    case TK_ABORT: e = CONFLICT_ABORT; break;
    case TK_FAIL: e = CONFLICT_FAIL; break;
    case TK_IGNORE: e = CONFLICT_IGNORE; break;
    case TK_REPLACE: e = CONFLICT_REPLACE; break;
    default: parse_syntax_error(p); return CONFLICT_NONE;
  }
  parse_advance(p);
  return e;
}

/* [ON CONFLICT resolve-type] */
static int parse_onconf(Parse *p) {
  if (p->tk.type != TK_ON) return CONFLICT_NONE;
  parse_advance(p);
  if (!parse_expect(p, TK_CONFLICT)) return CONFLICT_NONE;
  return parse_resolve_type(p);
}

/* [OR resolve-type] after INSERT/UPDATE */
static int parse_orconf(Parse *p) {
  if (!parse_accept(p, TK_OR)) return CONFLICT_NONE;
  return parse_resolve_type(p);
}

static IdList *parse_idlist_paren(Parse *p) {
  IdList *pList = NULL;
  if (!parse_expect(p, TK_LP)) return NULL;
  do {
    const char *z = parse_name(p, parse_is_nm);
    pList = parse_idlist_append(p, pList, z);
  } while (p->rc == SQLITE_OK && parse_accept(p, TK_COMMA));
  parse_expect(p, TK_RP);
  return p->rc == SQLITE_OK ? pList : NULL;
}

static int vector_size(const Expr *e) {
  return e->op == EXPR_VECTOR ? e->pList->nExpr : 1;
}

static int is_setlist_follow(int t) {
  switch (t) {
    case TK_COMMA: case TK_FROM: case TK_WHERE: case TK_RETURNING: case TK_ORDER:
    case TK_LIMIT: case TK_ON: case TK_SEMI: case TK_EOF:
      return 1;
    default:
      return 0;
  }
}

/* SET assignments: nm = expr | (nm, ...) = expr, comma separated. */
static SetList *parse_setlist(Parse *p) {
  SetList *pSet = parse_alloc(p, sizeof(SetList));
  if (pSet == NULL) return NULL;
  do {
    SetItem item = {NULL, NULL};
    if (p->tk.type == TK_LP) {
      item.pCols = parse_idlist_paren(p);
    } else {
      item.pCols = parse_idlist_append(p, NULL, parse_name(p, parse_is_nm));
    }
    if (!parse_expect(p, TK_EQ)) return NULL;
    item.pExpr = parse_expr(p);
    if (p->rc != SQLITE_OK) return NULL;
    if (item.pCols->nId > 1 && item.pExpr->op != EXPR_SUBQUERY &&
        item.pCols->nId != vector_size(item.pExpr)) {
      /* Judged when the item is reduced: a bad next token comes first. */
      if (!is_setlist_follow(p->tk.type)) parse_syntax_error(p);
      parse_error(p, "%d columns assigned %d values", item.pCols->nId, vector_size(item.pExpr));
      return NULL;
    }
    if (pSet->nSet >= pSet->nAlloc) {
      int nNew = pSet->nAlloc ? pSet->nAlloc * 2 : 4;
      SetItem *a = parse_alloc(p, sizeof(SetItem) * (u64)nNew);
      if (a == NULL) return NULL;
      if (pSet->nSet) memcpy(a, pSet->a, sizeof(SetItem) * (size_t)pSet->nSet);
      pSet->a = a;
      pSet->nAlloc = nNew;
    }
    pSet->a[pSet->nSet++] = item;
  } while (p->rc == SQLITE_OK && parse_accept(p, TK_COMMA));
  return p->rc == SQLITE_OK ? pSet : NULL;
}

/* RETURNING result columns (no "table.*"). */
static ExprList *parse_returning(Parse *p) {
  ExprList *pList = NULL;
  parse_advance(p);                     /* RETURNING */
  do {
    int iStart = p->tk.iOff;
    Expr *e;
    if (p->tk.type == TK_STAR) {
      parse_advance(p);
      e = parse_expr_new(p, EXPR_STAR, iStart);
      parse_expr_finish(p, e, iStart);
    } else if (parse_is_nm(p->tk.type) && parse_peek(p, 1).type == TK_DOT &&
               parse_peek(p, 2).type == TK_STAR) {
      parse_error(p, "RETURNING may not use \"TABLE.*\" wildcards");
      return NULL;
    } else {
      e = parse_expr(p);
    }
    if (p->rc != SQLITE_OK) return NULL;
    pList = parse_exprlist_append(p, pList, e);
    if (pList == NULL) return NULL;
    {
      ExprListItem *pItem = &pList->a[pList->nExpr - 1];
      Token t = {TK_ID, iStart, p->tkPrev.iOff + p->tkPrev.n - iStart};
      pItem->zSpan = parse_token_text(p, &t);
      if (e->op != EXPR_STAR) {
        if (parse_accept(p, TK_AS)) pItem->zName = parse_name(p, parse_is_nm);
        else if (parse_is_ids(p->tk.type)) pItem->zName = parse_name(p, parse_is_ids);
      }
    }
  } while (p->rc == SQLITE_OK && parse_accept(p, TK_COMMA));
  return p->rc == SQLITE_OK ? pList : NULL;
}

/* Tokens that may follow the target table of a trigger step. */
static int is_trigger_target_follow(int t) {
  switch (t) {
    case TK_LP: case TK_SELECT: case TK_VALUES: case TK_WITH: case TK_SET: case TK_WHERE:
    case TK_SEMI: case TK_INDEXED: case TK_NOT:
      return 1;
    default:
      return 0;
  }
}

/* Target table of INSERT/UPDATE/DELETE: [schema.]name [AS alias]
** [INDEXED BY x | NOT INDEXED], with the trigger restrictions. */
static SrcList *parse_dml_target(Parse *p, int bIndexed, int bAlias) {
  SrcList *pTab = parse_srclist_append(p, NULL);
  SrcItem *pItem;
  if (pTab == NULL) return NULL;
  pItem = &pTab->a[0];
  pItem->span.iOff = p->tk.iOff;
  pItem->zName = parse_fullname(p, &pItem->zDb, NULL);
  if (p->rc != SQLITE_OK) return NULL;
  if (p->bInTrigger && pItem->zDb) {
    if (!is_trigger_target_follow(p->tk.type)) {
      parse_syntax_error(p);
    } else {
      parse_error(p, "qualified table names are not allowed on INSERT, UPDATE, and DELETE "
                     "statements within triggers");
    }
    return NULL;
  }
  if (bAlias && !p->bInTrigger && parse_accept(p, TK_AS)) {
    pItem->zAlias = parse_name(p, parse_is_nm);
  }
  if (bIndexed && parse_accept(p, TK_INDEXED)) {
    if (parse_expect(p, TK_BY)) pItem->zIndexedBy = parse_name(p, parse_is_nm);
    if (p->rc == SQLITE_OK && p->bInTrigger) {
      parse_error(p, "the INDEXED BY clause is not allowed on UPDATE or DELETE statements "
                     "within triggers");
    }
  } else if (bIndexed && p->tk.type == TK_NOT) {
    parse_advance(p);
    if (parse_expect(p, TK_INDEXED)) pItem->bNotIndexed = 1;
    if (p->rc == SQLITE_OK && p->bInTrigger) {
      parse_error(p, "the NOT INDEXED clause is not allowed on UPDATE or DELETE statements "
                     "within triggers");
    }
  }
  pItem->span.n = p->tkPrev.iOff + p->tkPrev.n - pItem->span.iOff;
  return p->rc == SQLITE_OK ? pTab : NULL;
}

/* [ORDER BY ...] [LIMIT ...] of UPDATE/DELETE (UPDATE_DELETE_LIMIT). */
static void parse_dml_order_limit(Parse *p, ExprList **ppOrderBy, Expr **ppLimit,
                                  Expr **ppOffset, const char *zVerb) {
  if (p->bInTrigger) return;
  if (parse_accept(p, TK_ORDER)) {
    if (parse_expect(p, TK_BY)) *ppOrderBy = parse_sortlist(p, 1);
  }
  if (p->rc == SQLITE_OK && parse_accept(p, TK_LIMIT)) {
    Expr *pFirst = parse_expr(p);
    if (parse_accept(p, TK_OFFSET)) {
      *ppLimit = pFirst;
      *ppOffset = parse_expr(p);
    } else if (parse_accept(p, TK_COMMA)) {
      *ppOffset = pFirst;
      *ppLimit = parse_expr(p);
    } else {
      *ppLimit = pFirst;
    }
  }
  if (p->rc == SQLITE_OK && *ppOrderBy && *ppLimit == NULL) {
    /* SQLite reports this when the statement is reduced, i.e. at its end. */
    if (p->tk.type != TK_SEMI && p->tk.type != TK_EOF) parse_syntax_error(p);
    else parse_error(p, "ORDER BY without LIMIT on %s", zVerb);
  }
}

/* ------------------------------------------------------------------------
** INSERT / UPDATE / DELETE
** ----------------------------------------------------------------------*/

/* ON CONFLICT clauses; a clause without a target must be the last. */
static Upsert *parse_upsert(Parse *p) {
  Upsert *pFirst = NULL, *pLast = NULL;
  while (p->rc == SQLITE_OK && p->tk.type == TK_ON) {
    Upsert *u = parse_alloc(p, sizeof(Upsert));
    if (u == NULL) return NULL;
    parse_advance(p);
    if (!parse_expect(p, TK_CONFLICT)) return NULL;
    if (parse_accept(p, TK_LP)) {
      u->pTarget = parse_sortlist(p, 0);
      parse_expect(p, TK_RP);
      if (parse_accept(p, TK_WHERE)) u->pTargetWhere = parse_expr(p);
    }
    if (!parse_expect(p, TK_DO)) return NULL;
    if (parse_accept(p, TK_NOTHING)) {
      u->bDoNothing = 1;
    } else if (parse_expect(p, TK_UPDATE) && parse_expect(p, TK_SET)) {
      u->pSet = parse_setlist(p);
      if (parse_accept(p, TK_WHERE)) u->pWhere = parse_expr(p);
    }
    if (pLast) pLast->pNext = u; else pFirst = u;
    pLast = u;
    if (u->pTarget == NULL) break;
  }
  return p->rc == SQLITE_OK ? pFirst : NULL;
}

static Stmt *parse_insert(Parse *p, With *pWith) {
  Stmt *s = parse_stmt_new(p, STMT_INSERT);
  InsertStmt *ins;
  if (s == NULL) return NULL;
  ins = &s->u.insert;
  ins->pWith = pWith;
  if (parse_accept(p, TK_REPLACE)) {
    ins->eConflict = CONFLICT_REPLACE;
    ins->bReplaceKw = 1;
  } else {
    parse_advance(p);                   /* INSERT */
    ins->eConflict = (u8)parse_orconf(p);
  }
  if (!parse_expect(p, TK_INTO)) return NULL;
  ins->pTab = parse_dml_target(p, 0, 1);
  if (p->rc == SQLITE_OK && p->tk.type == TK_LP) ins->pCols = parse_idlist_paren(p);
  if (p->rc != SQLITE_OK) return NULL;
  if (!p->bInTrigger && p->tk.type == TK_DEFAULT) {
    parse_advance(p);
    if (!parse_expect(p, TK_VALUES)) return NULL;
    ins->bDefaultValues = 1;
  } else {
    if (!parse_at_select_start(p)) {
      parse_syntax_error(p);
      return NULL;
    }
    ins->pSelect = parse_select(p);
    if (p->rc == SQLITE_OK) ins->pUpsert = parse_upsert(p);
  }
  if (p->rc == SQLITE_OK && p->tk.type == TK_RETURNING) {
    if (p->bInTrigger) {
      parse_error(p, "cannot use RETURNING in a trigger");
      return NULL;
    }
    ins->pReturning = parse_returning(p);
  }
  return p->rc == SQLITE_OK ? s : NULL;
}

static Stmt *parse_update(Parse *p, With *pWith) {
  Stmt *s = parse_stmt_new(p, STMT_UPDATE);
  UpdateStmt *up;
  if (s == NULL) return NULL;
  up = &s->u.update;
  up->pWith = pWith;
  parse_advance(p);                     /* UPDATE */
  up->eConflict = (u8)parse_orconf(p);
  if (p->rc != SQLITE_OK) return NULL;
  up->pTab = parse_dml_target(p, 1, 1);
  if (!parse_expect(p, TK_SET)) return NULL;
  up->pSet = parse_setlist(p);
  if (parse_accept(p, TK_FROM)) up->pFrom = parse_from(p);
  if (parse_accept(p, TK_WHERE)) up->pWhere = parse_expr(p);
  if (p->rc == SQLITE_OK && !p->bInTrigger && p->tk.type == TK_RETURNING) {
    up->pReturning = parse_returning(p);
  }
  if (p->rc == SQLITE_OK) {
    parse_dml_order_limit(p, &up->pOrderBy, &up->pLimit, &up->pOffset, "UPDATE");
  }
  return p->rc == SQLITE_OK ? s : NULL;
}

static Stmt *parse_delete(Parse *p, With *pWith) {
  Stmt *s = parse_stmt_new(p, STMT_DELETE);
  DeleteStmt *del;
  if (s == NULL) return NULL;
  del = &s->u.del;
  del->pWith = pWith;
  parse_advance(p);                     /* DELETE */
  if (!parse_expect(p, TK_FROM)) return NULL;
  del->pTab = parse_dml_target(p, 1, 1);
  if (parse_accept(p, TK_WHERE)) del->pWhere = parse_expr(p);
  if (p->rc == SQLITE_OK && !p->bInTrigger && p->tk.type == TK_RETURNING) {
    del->pReturning = parse_returning(p);
  }
  if (p->rc == SQLITE_OK) {
    parse_dml_order_limit(p, &del->pOrderBy, &del->pLimit, &del->pOffset, "DELETE");
  }
  return p->rc == SQLITE_OK ? s : NULL;
}

/* SELECT / INSERT / UPDATE / DELETE after an optional WITH. */
Stmt *parse_dml(Parse *p, With *pWith) {
  Stmt *s;
  switch (p->tk.type) {
    case TK_SELECT:
    case TK_VALUES:
      s = parse_stmt_new(p, STMT_SELECT);
      if (s) s->u.pSelect = parse_select_nowith(p, pWith);
      return p->rc == SQLITE_OK ? s : NULL;
    case TK_INSERT:
    case TK_REPLACE:
      if (!parse_enter(p, W_INSERT)) return NULL;
      s = parse_insert(p, pWith);
      parse_leave(p, W_INSERT);
      return s;
    case TK_UPDATE:
      if (!parse_enter(p, W_UPDATE)) return NULL;
      s = parse_update(p, pWith);
      parse_leave(p, W_UPDATE);
      return s;
    case TK_DELETE:
      if (!parse_enter(p, W_DELETE)) return NULL;
      s = parse_delete(p, pWith);
      parse_leave(p, W_DELETE);
      return s;
    default: parse_syntax_error(p); return NULL;
  }
}

/* ------------------------------------------------------------------------
** CREATE TABLE
** ----------------------------------------------------------------------*/

static ColumnConstraint *cons_new(Parse *p, ColumnDef *pCol, int eKind, const char *zName) {
  ColumnConstraint *c;
  if (pCol->nCons >= pCol->nAlloc) {
    int nNew = pCol->nAlloc ? pCol->nAlloc * 2 : 4;
    ColumnConstraint *a = parse_alloc(p, sizeof(ColumnConstraint) * (u64)nNew);
    if (a == NULL) return NULL;
    if (pCol->nCons) memcpy(a, pCol->aCons, sizeof(ColumnConstraint) * (size_t)pCol->nCons);
    pCol->aCons = a;
    pCol->nAlloc = nNew;
  }
  c = &pCol->aCons[pCol->nCons++];
  memset(c, 0, sizeof(*c));
  c->eKind = (u8)eKind;
  c->zConsName = zName;
  return c;
}

/* ON DELETE/UPDATE action */
static int parse_fk_action(Parse *p) {
  if (parse_accept(p, TK_SET)) {
    if (parse_accept(p, TK_NULL)) return FK_SET_NULL;
    if (parse_expect(p, TK_DEFAULT)) return FK_SET_DEFAULT;
    return FK_NONE;
  }
  if (parse_accept(p, TK_CASCADE)) return FK_CASCADE;
  if (parse_accept(p, TK_RESTRICT)) return FK_RESTRICT;
  if (parse_accept(p, TK_NO)) {
    if (parse_expect(p, TK_ACTION)) return FK_NO_ACTION;
    return FK_NONE;
  }
  parse_syntax_error(p);
  return FK_NONE;
}

/* [NOT] DEFERRABLE [INITIALLY DEFERRED|IMMEDIATE]; p->tk is NOT or
** DEFERRABLE. */
static int parse_defer(Parse *p) {
  int bNot = parse_accept(p, TK_NOT);
  int e = bNot ? FK_NOT_DEFERRABLE : FK_DEFERRABLE;
  if (!parse_expect(p, TK_DEFERRABLE)) return FK_DEFER_NONE;
  if (parse_accept(p, TK_INITIALLY)) {
    if (parse_accept(p, TK_DEFERRED)) {
      e = bNot ? FK_NOT_DEFERRABLE_DEFERRED : FK_DEFERRABLE_DEFERRED;
    } else if (parse_expect(p, TK_IMMEDIATE)) {
      e = bNot ? FK_NOT_DEFERRABLE_IMMEDIATE : FK_DEFERRABLE_IMMEDIATE;
    }
  }
  return e;
}

static int at_defer(Parse *p) {
  return p->tk.type == TK_DEFERRABLE ||
         (p->tk.type == TK_NOT && parse_peek(p, 1).type == TK_DEFERRABLE);
}

/* REFERENCES tbl [(cols)] [actions...] [defer]; p->tk is REFERENCES. */
static ForeignKey *parse_references(Parse *p) {
  ForeignKey *fk = parse_alloc(p, sizeof(ForeignKey));
  if (fk == NULL) return NULL;
  parse_advance(p);
  fk->zTable = parse_name(p, parse_is_nm);
  if (p->rc == SQLITE_OK && p->tk.type == TK_LP) fk->pCols = parse_idlist_paren(p);
  while (p->rc == SQLITE_OK) {
    if (parse_accept(p, TK_MATCH)) {
      fk->zMatch = parse_name(p, parse_is_nm);
    } else if (p->tk.type == TK_ON) {
      parse_advance(p);
      if (parse_accept(p, TK_DELETE)) fk->eOnDelete = (u8)parse_fk_action(p);
      else if (parse_accept(p, TK_UPDATE)) fk->eOnUpdate = (u8)parse_fk_action(p);
      else if (parse_expect(p, TK_INSERT)) parse_fk_action(p);
    } else {
      break;
    }
  }
  if (p->rc == SQLITE_OK && at_defer(p)) fk->eDefer = (u8)parse_defer(p);
  return p->rc == SQLITE_OK ? fk : NULL;
}

/* Text of tokens [iStart, end of last consumed token). */
static const char *text_since(Parse *p, int iStart) {
  Token t = {TK_ID, iStart, p->tkPrev.iOff + p->tkPrev.n - iStart};
  return parse_token_text(p, &t);
}

static int is_default_term(int t) {
  switch (t) {
    case TK_NULL: case TK_INTEGER: case TK_FLOAT: case TK_STRING: case TK_BLOB:
    case TK_CURRENT_TIME: case TK_CURRENT_DATE: case TK_CURRENT_TIMESTAMP:
      return 1;
    default:
      return 0;
  }
}

/* DEFAULT id: the identifier's text as a string (TRUE/FALSE as such). */
static Expr *parse_default_id(Parse *p) {
  int iStart = p->tk.iOff;
  const char *zRaw = p->zSql + iStart;
  Expr *e = parse_expr_new(p, EXPR_STRING, iStart);
  if (e == NULL) return NULL;
  if (p->tk.type == TK_ID && ((p->tk.n == 4 && str_nicmp(zRaw, "true", 4) == 0) ||
                              (p->tk.n == 5 && str_nicmp(zRaw, "false", 5) == 0))) {
    e->op = EXPR_TRUEFALSE;
    e->iValue = (zRaw[0] | 0x20) == 't';
    e->z = parse_token_text(p, &p->tk);
  } else {
    e->z = parse_dequote(p, &p->tk);
    if (e->z) e->n = (int)strlen(e->z);
  }
  parse_advance(p);
  parse_expr_finish(p, e, iStart);
  return e;
}

/* DEFAULT value: [+|-] literal, ( expr ), or an identifier. */
static void parse_default(Parse *p, ColumnConstraint *c) {
  int iStart = p->tk.iOff;
  int t = p->tk.type;
  if (t == TK_LP) {
    parse_advance(p);
    iStart = p->tk.iOff;
    c->pExpr = parse_expr(p);
    if (p->rc == SQLITE_OK) c->zText = text_since(p, iStart);
    parse_expect(p, TK_RP);
    return;
  }
  if (t == TK_PLUS || t == TK_MINUS) {
    if (!is_default_term(parse_peek(p, 1).type)) {
      parse_advance(p);
      parse_syntax_error(p);
      return;
    }
  } else if (!is_default_term(t)) {
    if (!parse_is_id(t)) {
      parse_syntax_error(p);
      return;
    }
    c->pExpr = parse_default_id(p);
    if (p->rc == SQLITE_OK) c->zText = text_since(p, iStart);
    return;
  }
  c->pExpr = parse_expr_prec(p, PREC_UNARY);
  if (p->rc == SQLITE_OK) c->zText = text_since(p, iStart);
}

/* SQLite strips a trailing "GENERATED ALWAYS" (or just "ALWAYS" from a
** type of 16+ bytes) that the type name swallowed as identifiers, since
** those keywords then start "AS (expr)".  Returns 1 if text was removed. */
static int strip_generated_always(char *z) {
  int n = (int)strlen(z);
  if (n < 16 || str_nicmp(z + n - 6, "always", 6) != 0) return 0;
  n -= 6;
  while (n > 0 && tokenize_is_space((unsigned char)z[n - 1])) n--;
  if (n >= 9 && str_nicmp(z + n - 9, "generated", 9) == 0) {
    n -= 9;
    while (n > 0 && tokenize_is_space((unsigned char)z[n - 1])) n--;
  }
  z[n] = 0;
  return 1;
}

/* Can p->tk start a column constraint? */
static int is_ccons_start(Parse *p) {
  switch (p->tk.type) {
    case TK_CONSTRAINT: case TK_PRIMARY: case TK_NOT: case TK_NULL: case TK_UNIQUE:
    case TK_CHECK: case TK_DEFAULT: case TK_COLLATE: case TK_REFERENCES: case TK_DEFERRABLE:
    case TK_GENERATED: case TK_AS:
      return 1;
    default:
      return 0;
  }
}

/* GENERATED ALWAYS AS (expr) [STORED|VIRTUAL] / AS (expr) [...]. */
static void parse_generated(Parse *p, ColumnDef *pCol, ColumnConstraint *c) {
  if (parse_accept(p, TK_GENERATED)) {
    if (!parse_expect(p, TK_ALWAYS)) return;
    c->bGeneratedAlways = 1;
  }
  if (!parse_expect(p, TK_AS) || !parse_expect(p, TK_LP)) return;
  c->pExpr = parse_expr(p);
  if (!parse_expect(p, TK_RP)) return;
  if (p->tk.type == TK_ID || tokenize_kw_class(p->tk.type) == KWC_FALLBACK) {
    const char *z = p->zSql + p->tk.iOff;
    int bKnown = 1;
    if (p->tk.n == 6 && str_nicmp(z, "stored", 6) == 0) {
      c->eGenerated = GEN_STORED;
    } else if (p->tk.n == 7 && str_nicmp(z, "virtual", 7) == 0) {
      c->eGenerated = GEN_VIRTUAL;
    } else {
      bKnown = 0;
    }
    parse_advance(p);
    if (p->tk.type != TK_COMMA && p->tk.type != TK_RP && !is_ccons_start(p)) {
      parse_syntax_error(p);
    } else if (!bKnown) {
      parse_error(p, "error in generated column \"%s\"", pCol->zName);
    }
  }
}

/* Attach a DEFERRABLE clause to the column's last REFERENCES, if any. */
static void column_defer(Parse *p, ColumnDef *pCol) {
  int e = parse_defer(p);
  for (int i = pCol->nCons - 1; i >= 0; i--) {
    if (pCol->aCons[i].eKind == CC_REFERENCES && pCol->aCons[i].pFk) {
      pCol->aCons[i].pFk->eDefer = (u8)e;
      break;
    }
  }
}

/* One column constraint; returns 0 when p->tk starts none. */
static int parse_column_constraint(Parse *p, ColumnDef *pCol, const char **pzName) {
  ColumnConstraint *c = NULL;
  int t = p->tk.type;
  switch (t) {
    case TK_PRIMARY:
      parse_advance(p);
      if (!parse_expect(p, TK_KEY)) break;
      if ((c = cons_new(p, pCol, CC_PRIMARY_KEY, *pzName)) == NULL) break;
      if (parse_accept(p, TK_ASC)) c->eSortOrder = SORT_ASC;
      else if (parse_accept(p, TK_DESC)) c->eSortOrder = SORT_DESC;
      c->eConflict = (u8)parse_onconf(p);
      if (parse_accept(p, TK_AUTOINCREMENT)) c->bAutoinc = 1;
      break;
    case TK_NOT:
      if (parse_peek(p, 1).type == TK_DEFERRABLE) { column_defer(p, pCol); break; }
      parse_advance(p);
      if (!parse_expect(p, TK_NULL) || (c = cons_new(p, pCol, CC_NOT_NULL, *pzName)) == NULL) break;
      c->eConflict = (u8)parse_onconf(p);
      break;
    case TK_NULL:
    case TK_UNIQUE:
      parse_advance(p);
      if ((c = cons_new(p, pCol, t == TK_NULL ? CC_NULL : CC_UNIQUE, *pzName)) == NULL) break;
      c->eConflict = (u8)parse_onconf(p);
      break;
    case TK_CHECK:
      parse_advance(p);
      if (!parse_expect(p, TK_LP) || (c = cons_new(p, pCol, CC_CHECK, *pzName)) == NULL) break;
      c->pExpr = parse_expr(p);
      parse_expect(p, TK_RP);
      break;
    case TK_DEFAULT:
      parse_advance(p);
      if ((c = cons_new(p, pCol, CC_DEFAULT, *pzName)) != NULL) parse_default(p, c);
      break;
    case TK_COLLATE:
      parse_advance(p);
      c = cons_new(p, pCol, CC_COLLATE, *pzName);
      if (c != NULL) c->zCollate = parse_name(p, parse_is_ids);
      break;
    case TK_REFERENCES:
      if ((c = cons_new(p, pCol, CC_REFERENCES, *pzName)) != NULL) c->pFk = parse_references(p);
      break;
    case TK_DEFERRABLE:
      column_defer(p, pCol);
      break;
    case TK_GENERATED:
    case TK_AS:
      if ((c = cons_new(p, pCol, CC_GENERATED, *pzName)) != NULL) parse_generated(p, pCol, c);
      break;
    default:
      return 0;
  }
  *pzName = NULL;
  return 1;
}

/* nm [type] [constraints...] */
static void parse_column_def(Parse *p, ColumnDef *pCol) {
  const char *zConsName = NULL;
  int bStripped = 0;
  pCol->span.iOff = p->tk.iOff;
  pCol->zName = parse_name(p, parse_is_nm);
  if (p->rc != SQLITE_OK) return;
  {
    char *zType = parse_typename(p, 0);
    if (zType) bStripped = strip_generated_always(zType);
    pCol->zType = (zType && zType[0]) ? zType : NULL;
  }
  while (p->rc == SQLITE_OK) {
    if (parse_accept(p, TK_CONSTRAINT)) {
      zConsName = parse_name(p, parse_is_nm);
      continue;
    }
    if (bStripped && p->tk.type == TK_AS) {
      ColumnConstraint *c = cons_new(p, pCol, CC_GENERATED, zConsName);
      if (c == NULL) return;
      zConsName = NULL;
      parse_generated(p, pCol, c);
      c->bGeneratedAlways = 1;
      bStripped = 0;
      continue;
    }
    if (!parse_column_constraint(p, pCol, &zConsName)) break;
  }
  pCol->span.n = p->tkPrev.iOff + p->tkPrev.n - pCol->span.iOff;
}

static TableConstraint *tcons_new(Parse *p, CreateTableStmt *ct, int *pnAlloc) {
  if (ct->nCons >= *pnAlloc) {
    int nNew = *pnAlloc ? *pnAlloc * 2 : 4;
    TableConstraint *a = parse_alloc(p, sizeof(TableConstraint) * (u64)nNew);
    if (a == NULL) return NULL;
    if (ct->nCons) memcpy(a, ct->aCons, sizeof(TableConstraint) * (size_t)ct->nCons);
    ct->aCons = a;
    *pnAlloc = nNew;
  }
  memset(&ct->aCons[ct->nCons], 0, sizeof(TableConstraint));
  return &ct->aCons[ct->nCons++];
}

static int is_tcons_start(int t) {
  return t == TK_CONSTRAINT || t == TK_PRIMARY || t == TK_UNIQUE || t == TK_CHECK ||
         t == TK_FOREIGN;
}

/* One table constraint (p->tk starts one). */
static void parse_table_constraint(Parse *p, CreateTableStmt *ct, int *pnAlloc) {
  const char *zName = NULL;
  TableConstraint *tc;
  if (parse_accept(p, TK_CONSTRAINT)) zName = parse_name(p, parse_is_nm);
  if (p->rc != SQLITE_OK || (tc = tcons_new(p, ct, pnAlloc)) == NULL) return;
  tc->zConsName = zName;
  switch (p->tk.type) {
    case TK_PRIMARY:
    case TK_UNIQUE:
      tc->eKind = p->tk.type == TK_PRIMARY ? TC_PRIMARY_KEY : TC_UNIQUE;
      parse_advance(p);
      if (tc->eKind == TC_PRIMARY_KEY && !parse_expect(p, TK_KEY)) return;
      if (!parse_expect(p, TK_LP)) return;
      tc->pCols = parse_sortlist(p, 0);
      if (tc->eKind == TC_PRIMARY_KEY && parse_accept(p, TK_AUTOINCREMENT)) tc->bAutoinc = 1;
      if (parse_expect(p, TK_RP)) tc->eConflict = (u8)parse_onconf(p);
      break;
    case TK_CHECK:
      tc->eKind = TC_CHECK;
      parse_advance(p);
      if (!parse_expect(p, TK_LP)) return;
      tc->pCheck = parse_expr(p);
      if (parse_expect(p, TK_RP)) tc->eConflict = (u8)parse_onconf(p);
      break;
    case TK_FOREIGN:
      tc->eKind = TC_FOREIGN_KEY;
      parse_advance(p);
      if (!parse_expect(p, TK_KEY)) return;
      tc->pFromCols = parse_idlist_paren(p);
      if (p->rc == SQLITE_OK && p->tk.type != TK_REFERENCES) {
        parse_syntax_error(p);
        return;
      }
      tc->pFk = parse_references(p);
      break;
    default:
      parse_syntax_error(p);
  }
}

/* WITHOUT ROWID / STRICT, comma separated, after the column list. */
static void parse_table_options(Parse *p, CreateTableStmt *ct) {
  /* SQLite's option list may begin with a comma: "(...) , STRICT". */
  if (p->tk.type == TK_COMMA) {
    parse_advance(p);
    if (!parse_is_nm(p->tk.type)) { parse_syntax_error(p); return; }
  }
  while (p->rc == SQLITE_OK && parse_is_nm(p->tk.type)) {
    int bWithout = parse_accept(p, TK_WITHOUT);
    Token t = p->tk;
    const char *z = p->zSql + t.iOff;
    int opt = 0;
    if (!parse_is_nm(t.type)) { parse_syntax_error(p); return; }
    if (bWithout && t.n == 5 && str_nicmp(z, "rowid", 5) == 0) opt = TABLE_OPT_WITHOUT_ROWID;
    if (!bWithout && t.n == 6 && str_nicmp(z, "strict", 6) == 0) opt = TABLE_OPT_STRICT;
    parse_advance(p);
    /* The option is judged when reduced: a bad next token comes first. */
    if (p->tk.type != TK_COMMA && p->tk.type != TK_SEMI && p->tk.type != TK_EOF) {
      parse_syntax_error(p);
      return;
    }
    if (opt == 0) {
      parse_error(p, "unknown table option: %.*s", t.n, z);
      return;
    }
    ct->options |= (u8)opt;
    if (!parse_accept(p, TK_COMMA)) break;
    if (!parse_is_nm(p->tk.type)) { parse_syntax_error(p); return; }
  }
}

/* ( coldef, ... [, tcons [,] tcons ...] ) options */
static void parse_table_body(Parse *p, CreateTableStmt *ct) {
  int nColAlloc = 0, nConsAlloc = 0;
  parse_advance(p);                     /* ( */
  do {
    if (ct->nCol > 0 && is_tcons_start(p->tk.type)) {
      parse_table_constraint(p, ct, &nConsAlloc);
      break;
    }
    if (ct->nCol >= nColAlloc) {
      int nNew = nColAlloc ? nColAlloc * 2 : 8;
      ColumnDef *a = parse_alloc(p, sizeof(ColumnDef) * (u64)nNew);
      if (a == NULL) return;
      if (ct->nCol) memcpy(a, ct->aCol, sizeof(ColumnDef) * (size_t)ct->nCol);
      ct->aCol = a;
      nColAlloc = nNew;
    }
    memset(&ct->aCol[ct->nCol], 0, sizeof(ColumnDef));
    parse_column_def(p, &ct->aCol[ct->nCol++]);
  } while (p->rc == SQLITE_OK && parse_accept(p, TK_COMMA));
  while (p->rc == SQLITE_OK && ct->nCons > 0 && p->tk.type != TK_RP) {
    parse_accept(p, TK_COMMA);
    if (!is_tcons_start(p->tk.type)) { parse_syntax_error(p); return; }
    parse_table_constraint(p, ct, &nConsAlloc);
  }
  if (parse_expect(p, TK_RP)) parse_table_options(p, ct);
}

/* Checked by SQLite when "CREATE ... name" is reduced, which needs the
** next token to be '(' or AS. */
static int check_temp_name(Parse *p, int bTemp, const char *zDb) {
  if (p->tk.type != TK_LP && p->tk.type != TK_AS) {
    parse_syntax_error(p);
    return 0;
  }
  if (bTemp && zDb && str_icmp(zDb, "temp") != 0) {
    parse_error(p, "temporary table name must be unqualified");
    return 0;
  }
  return 1;
}

static Stmt *parse_create_table(Parse *p, int bTemp) {
  Stmt *s = parse_stmt_new(p, STMT_CREATE_TABLE);
  CreateTableStmt *ct;
  if (s == NULL) return NULL;
  ct = &s->u.createTable;
  ct->bTemp = (u8)bTemp;
  parse_advance(p);                     /* TABLE */
  ct->bIfNotExists = (u8)parse_if_not_exists(p);
  ct->zName = parse_fullname(p, &ct->zDb, &ct->iNameOff);
  if (p->rc != SQLITE_OK || !check_temp_name(p, bTemp, ct->zDb)) return NULL;
  if (p->tk.type == TK_LP) {
    if (!parse_enter(p, W_CREATE_TABLE)) return NULL;
    parse_table_body(p, ct);
    parse_leave(p, W_CREATE_TABLE);
  } else if (parse_accept(p, TK_AS)) {
    ct->pAsSelect = parse_select(p);
  } else {
    parse_syntax_error(p);
  }
  return p->rc == SQLITE_OK ? s : NULL;
}

/* ------------------------------------------------------------------------
** CREATE INDEX / VIEW / TRIGGER / VIRTUAL TABLE
** ----------------------------------------------------------------------*/

static Stmt *parse_create_index(Parse *p, int bUnique) {
  Stmt *s = parse_stmt_new(p, STMT_CREATE_INDEX);
  CreateIndexStmt *ci;
  if (s == NULL) return NULL;
  ci = &s->u.createIndex;
  ci->bUnique = (u8)bUnique;
  parse_advance(p);                     /* INDEX */
  ci->bIfNotExists = (u8)parse_if_not_exists(p);
  ci->zName = parse_fullname(p, &ci->zDb, &ci->iNameOff);
  if (!parse_expect(p, TK_ON)) return NULL;
  ci->zTable = parse_name(p, parse_is_nm);
  if (!parse_expect(p, TK_LP)) return NULL;
  ci->pCols = parse_sortlist(p, 0);
  parse_expect(p, TK_RP);
  if (parse_accept(p, TK_WHERE) && parse_enter(p, W_CREATE_INDEX)) {
    ci->pWhere = parse_expr(p);
    parse_leave(p, W_CREATE_INDEX);
  }
  return p->rc == SQLITE_OK ? s : NULL;
}

static Stmt *parse_create_view(Parse *p, int bTemp) {
  Stmt *s = parse_stmt_new(p, STMT_CREATE_VIEW);
  CreateViewStmt *cv;
  if (s == NULL) return NULL;
  cv = &s->u.createView;
  cv->bTemp = (u8)bTemp;
  parse_advance(p);                     /* VIEW */
  cv->bIfNotExists = (u8)parse_if_not_exists(p);
  cv->zName = parse_fullname(p, &cv->zDb, &cv->iNameOff);
  if (p->rc != SQLITE_OK || !check_temp_name(p, bTemp, cv->zDb)) return NULL;
  if (p->tk.type == TK_LP) cv->pCols = parse_eidlist(p);
  if (!parse_expect(p, TK_AS)) return NULL;
  cv->pSelect = parse_select(p);
  /* Checked when the statement is reduced: after any syntax error. */
  if (p->rc == SQLITE_OK && p->nVarCount > 0) p->zPending = "parameters are not allowed in views";
  return p->rc == SQLITE_OK ? s : NULL;
}

/* One trigger step (no WITH before INSERT/UPDATE/DELETE). */
static Stmt *parse_trigger_step(Parse *p) {
  switch (p->tk.type) {
    case TK_WITH: {
      Stmt *s = parse_stmt_new(p, STMT_SELECT);
      if (s) s->u.pSelect = parse_select(p);
      return p->rc == SQLITE_OK ? s : NULL;
    }
    default:
      return parse_dml(p, NULL);
  }
}

/* BEFORE|AFTER|INSTEAD OF, event, ON table, FOR EACH ROW, WHEN. */
static void parse_trigger_head(Parse *p, CreateTriggerStmt *tr) {
  const char *zDb = NULL;
  if (parse_accept(p, TK_BEFORE)) tr->eTime = TRIGGER_BEFORE;
  else if (parse_accept(p, TK_AFTER)) tr->eTime = TRIGGER_AFTER;
  else if (parse_accept(p, TK_INSTEAD)) {
    if (parse_expect(p, TK_OF)) tr->eTime = TRIGGER_INSTEAD_OF;
  }
  if (parse_accept(p, TK_DELETE)) tr->eEvent = TRIGGER_DELETE;
  else if (parse_accept(p, TK_INSERT)) tr->eEvent = TRIGGER_INSERT;
  else if (parse_accept(p, TK_UPDATE)) {
    tr->eEvent = TRIGGER_UPDATE;
    if (parse_accept(p, TK_OF)) {
      do {
        const char *z = parse_name(p, parse_is_nm);
        tr->pUpdateCols = parse_idlist_append(p, tr->pUpdateCols, z);
      } while (p->rc == SQLITE_OK && parse_accept(p, TK_COMMA));
    }
  } else {
    parse_syntax_error(p);
    return;
  }
  if (!parse_expect(p, TK_ON)) return;
  tr->zTable = parse_fullname(p, &zDb, NULL);
  if (parse_accept(p, TK_FOR)) {
    if (parse_expect(p, TK_EACH) && parse_expect(p, TK_ROW)) tr->bForEachRow = 1;
  }
  if (parse_accept(p, TK_WHEN)) tr->pWhen = parse_expr(p);
}

static void parse_trigger_body(Parse *p, CreateTriggerStmt *tr) {
  int nAlloc = 0;
  if (!parse_expect(p, TK_BEGIN) || !parse_enter(p, W_TRIGGER)) return;
  p->bInTrigger = 1;
  do {
    Stmt *pStep = parse_trigger_step(p);
    if (p->rc != SQLITE_OK || !parse_expect(p, TK_SEMI)) break;
    if (tr->nStep >= nAlloc) {
      int nNew = nAlloc ? nAlloc * 2 : 4;
      Stmt **a = parse_alloc(p, sizeof(Stmt *) * (u64)nNew);
      if (a == NULL) break;
      if (tr->nStep) memcpy(a, tr->apStep, sizeof(Stmt *) * (size_t)tr->nStep);
      tr->apStep = a;
      nAlloc = nNew;
    }
    tr->apStep[tr->nStep++] = pStep;
  } while (p->rc == SQLITE_OK && p->tk.type != TK_END);
  p->bInTrigger = 0;
  parse_leave(p, W_TRIGGER);
  parse_expect(p, TK_END);
}

static Stmt *parse_create_trigger(Parse *p, int bTemp) {
  Stmt *s = parse_stmt_new(p, STMT_CREATE_TRIGGER);
  CreateTriggerStmt *tr;
  if (s == NULL) return NULL;
  tr = &s->u.createTrigger;
  tr->bTemp = (u8)bTemp;
  parse_advance(p);                     /* TRIGGER */
  tr->bIfNotExists = (u8)parse_if_not_exists(p);
  tr->zName = parse_fullname(p, &tr->zDb, &tr->iNameOff);
  if (p->rc == SQLITE_OK) parse_trigger_head(p, tr);
  /* SQLite checks the name when the head is reduced, at BEGIN. */
  if (p->rc == SQLITE_OK && p->tk.type == TK_BEGIN && bTemp && tr->zDb) {
    parse_error(p, "temporary trigger may not have qualified name");
  }
  if (p->rc == SQLITE_OK) parse_trigger_body(p, tr);
  if (p->rc == SQLITE_OK && p->nVarCount > 0) p->zPending = "trigger cannot use variables";
  return p->rc == SQLITE_OK ? s : NULL;
}

/* Module arguments: raw text of each comma-separated argument. */
static void parse_vtab_args(Parse *p, CreateVTableStmt *cv) {
  int nAlloc = 0, depth = 0;
  int iArgStart = -1, iArgEnd = 0;
  parse_advance(p);                     /* ( */
  for (;;) {
    int t = p->tk.type;
    if (p->rc != SQLITE_OK) return;
    if (t == TK_EOF) { parse_syntax_error(p); return; }
    if (depth == 0 && (t == TK_COMMA || t == TK_RP)) {
      if (iArgStart >= 0) {
        Token span = {TK_ID, iArgStart, iArgEnd - iArgStart};
        if (cv->nArg >= nAlloc) {
          int nNew = nAlloc ? nAlloc * 2 : 4;
          const char **a = parse_alloc(p, sizeof(char *) * (u64)nNew);
          if (a == NULL) return;
          if (cv->nArg) memcpy(a, cv->azArg, sizeof(char *) * (size_t)cv->nArg);
          cv->azArg = a;
          nAlloc = nNew;
        }
        cv->azArg[cv->nArg++] = parse_token_text(p, &span);
      }
      iArgStart = -1;
      parse_advance(p);
      if (t == TK_RP) return;
      continue;
    }
    if (t == TK_LP) depth++;
    if (t == TK_RP) depth--;
    if (iArgStart < 0) iArgStart = p->tk.iOff;
    iArgEnd = p->tk.iOff + p->tk.n;
    parse_advance(p);
  }
}

static Stmt *parse_create_vtable(Parse *p) {
  Stmt *s = parse_stmt_new(p, STMT_CREATE_VTABLE);
  CreateVTableStmt *cv;
  if (s == NULL) return NULL;
  cv = &s->u.createVTable;
  parse_advance(p);                     /* VIRTUAL */
  if (!parse_expect(p, TK_TABLE)) return NULL;
  cv->bIfNotExists = (u8)parse_if_not_exists(p);
  cv->zName = parse_fullname(p, &cv->zDb, &cv->iNameOff);
  if (!parse_expect(p, TK_USING)) return NULL;
  cv->zModule = parse_name(p, parse_is_nm);
  if (p->rc == SQLITE_OK && p->tk.type == TK_LP) parse_vtab_args(p, cv);
  return p->rc == SQLITE_OK ? s : NULL;
}

static Stmt *parse_create(Parse *p) {
  int bTemp = 0;
  parse_advance(p);                     /* CREATE */
  if (p->tk.type == TK_TEMP || p->tk.type == TK_TEMPORARY) {
    bTemp = 1;
    parse_advance(p);
  }
  switch (p->tk.type) {
    case TK_TABLE: return parse_create_table(p, bTemp);
    case TK_VIEW: return parse_create_view(p, bTemp);
    case TK_TRIGGER: return parse_create_trigger(p, bTemp);
    case TK_UNIQUE:
      if (bTemp) break;
      parse_advance(p);
      if (p->tk.type != TK_INDEX) break;
      return parse_create_index(p, 1);
    case TK_INDEX:
      if (bTemp) break;
      return parse_create_index(p, 0);
    case TK_VIRTUAL:
      if (bTemp) break;
      return parse_create_vtable(p);
    default:
      break;
  }
  parse_syntax_error(p);
  return NULL;
}

/* ------------------------------------------------------------------------
** DROP, ALTER
** ----------------------------------------------------------------------*/

static Stmt *parse_drop(Parse *p) {
  int eKind;
  Stmt *s;
  parse_advance(p);                     /* DROP */
  switch (p->tk.type) {
    case TK_TABLE: eKind = STMT_DROP_TABLE; break;
    case TK_INDEX: eKind = STMT_DROP_INDEX; break;
    case TK_VIEW: eKind = STMT_DROP_VIEW; break;
    case TK_TRIGGER: eKind = STMT_DROP_TRIGGER; break;
    default: parse_syntax_error(p); return NULL;
  }
  parse_advance(p);
  s = parse_stmt_new(p, eKind);
  if (s == NULL) return NULL;
  s->u.drop.bIfExists = (u8)parse_if_exists(p);
  s->u.drop.zName = parse_fullname(p, &s->u.drop.zDb, NULL);
  return p->rc == SQLITE_OK ? s : NULL;
}

static Stmt *parse_alter(Parse *p) {
  Stmt *s = parse_stmt_new(p, STMT_ALTER_TABLE);
  AlterStmt *a;
  if (s == NULL) return NULL;
  a = &s->u.alter;
  parse_advance(p);                     /* ALTER */
  if (!parse_expect(p, TK_TABLE)) return NULL;
  a->zTable = parse_fullname(p, &a->zDb, NULL);
  if (parse_accept(p, TK_RENAME)) {
    if (parse_accept(p, TK_TO)) {
      a->eAlter = ALTER_RENAME_TABLE;
      a->zNewName = parse_name(p, parse_is_nm);
    } else {
      parse_accept(p, TK_COLUMN);
      a->eAlter = ALTER_RENAME_COLUMN;
      a->zColumn = parse_name(p, parse_is_nm);
      if (parse_expect(p, TK_TO)) a->zNewName = parse_name(p, parse_is_nm);
    }
  } else if (parse_accept(p, TK_ADD)) {
    parse_accept(p, TK_COLUMN);
    a->eAlter = ALTER_ADD_COLUMN;
    a->pColDef = parse_alloc(p, sizeof(ColumnDef));
    if (a->pColDef) parse_column_def(p, a->pColDef);
  } else if (parse_accept(p, TK_DROP)) {
    parse_accept(p, TK_COLUMN);
    a->eAlter = ALTER_DROP_COLUMN;
    a->zColumn = parse_name(p, parse_is_nm);
  } else {
    parse_syntax_error(p);
  }
  return p->rc == SQLITE_OK ? s : NULL;
}

/* ------------------------------------------------------------------------
** Transactions
** ----------------------------------------------------------------------*/

/* [TRANSACTION [name]] */
static void parse_trans_opt(Parse *p) {
  if (parse_accept(p, TK_TRANSACTION) && parse_is_nm(p->tk.type)) parse_advance(p);
}

static Stmt *parse_begin(Parse *p) {
  Stmt *s = parse_stmt_new(p, STMT_BEGIN);
  if (s == NULL) return NULL;
  parse_advance(p);                     /* BEGIN */
  switch (p->tk.type) {
    case TK_DEFERRED: s->u.trans.eBegin = BEGIN_DEFERRED; parse_advance(p); break;
    case TK_IMMEDIATE: s->u.trans.eBegin = BEGIN_IMMEDIATE; parse_advance(p); break;
    case TK_EXCLUSIVE: s->u.trans.eBegin = BEGIN_EXCLUSIVE; parse_advance(p); break;
    case TK_ID:
      if (p->tk.n == 10 && str_nicmp(p->zSql + p->tk.iOff, "concurrent", 10) == 0) {
        s->u.trans.eBegin = BEGIN_CONCURRENT;
        parse_advance(p);
      }
      break;
    default: break;
  }
  parse_trans_opt(p);
  return p->rc == SQLITE_OK ? s : NULL;
}

static Stmt *parse_rollback(Parse *p) {
  Stmt *s = parse_stmt_new(p, STMT_ROLLBACK);
  if (s == NULL) return NULL;
  parse_advance(p);                     /* ROLLBACK */
  parse_trans_opt(p);
  if (parse_accept(p, TK_TO)) {
    parse_accept(p, TK_SAVEPOINT);
    s->u.trans.zName = parse_name(p, parse_is_nm);
  }
  return p->rc == SQLITE_OK ? s : NULL;
}

static Stmt *parse_savepoint(Parse *p, int eKind) {
  Stmt *s = parse_stmt_new(p, eKind);
  if (s == NULL) return NULL;
  parse_advance(p);                     /* SAVEPOINT / RELEASE */
  if (eKind == STMT_RELEASE) parse_accept(p, TK_SAVEPOINT);
  s->u.trans.zName = parse_name(p, parse_is_nm);
  return p->rc == SQLITE_OK ? s : NULL;
}

/* ------------------------------------------------------------------------
** PRAGMA, ATTACH, DETACH, VACUUM, ANALYZE, REINDEX
** ----------------------------------------------------------------------*/

static void parse_pragma_value(Parse *p, PragmaStmt *pr) {
  Token t = p->tk;
  if (t.type == TK_PLUS || t.type == TK_MINUS) {
    int bMinus = t.type == TK_MINUS;
    parse_advance(p);
    if (p->tk.type != TK_INTEGER && p->tk.type != TK_FLOAT) {
      parse_syntax_error(p);
      return;
    }
    if (bMinus) {
      char *z = parse_alloc(p, (u64)p->tk.n + 2);
      if (z == NULL) return;
      z[0] = '-';
      memcpy(z + 1, p->zSql + p->tk.iOff, (size_t)p->tk.n);
      pr->zValue = z;
    } else {
      pr->zValue = parse_token_text(p, &p->tk);
    }
    parse_advance(p);
    return;
  }
  if (t.type == TK_INTEGER || t.type == TK_FLOAT || t.type == TK_ON || t.type == TK_DELETE ||
      t.type == TK_DEFAULT) {
    pr->zValue = parse_token_text(p, &t);
    parse_advance(p);
    return;
  }
  if (!parse_is_nm(t.type)) {
    parse_syntax_error(p);
    return;
  }
  pr->bValueQuoted = (u8)(strchr("'\"`[", p->zSql[t.iOff]) != NULL);
  pr->zValue = parse_name(p, parse_is_nm);
}

static Stmt *parse_pragma(Parse *p) {
  Stmt *s = parse_stmt_new(p, STMT_PRAGMA);
  PragmaStmt *pr;
  if (s == NULL) return NULL;
  pr = &s->u.pragma;
  parse_advance(p);                     /* PRAGMA */
  pr->zName = parse_fullname(p, &pr->zDb, NULL);
  if (p->rc != SQLITE_OK) return NULL;
  if (parse_accept(p, TK_EQ)) {
    parse_pragma_value(p, pr);
  } else if (parse_accept(p, TK_LP)) {
    pr->bParen = 1;
    parse_pragma_value(p, pr);
    parse_expect(p, TK_RP);
  }
  return p->rc == SQLITE_OK ? s : NULL;
}

static Stmt *parse_attach(Parse *p) {
  Stmt *s = parse_stmt_new(p, STMT_ATTACH);
  if (s == NULL) return NULL;
  parse_advance(p);                     /* ATTACH */
  parse_accept(p, TK_DATABASE);
  s->u.attach.pFile = parse_expr(p);
  if (!parse_expect(p, TK_AS)) return NULL;
  s->u.attach.pName = parse_expr(p);
  if (parse_accept(p, TK_KEY)) s->u.attach.pKey = parse_expr(p);
  return p->rc == SQLITE_OK ? s : NULL;
}

static Stmt *parse_detach(Parse *p) {
  Stmt *s = parse_stmt_new(p, STMT_DETACH);
  if (s == NULL) return NULL;
  parse_advance(p);                     /* DETACH */
  parse_accept(p, TK_DATABASE);
  s->u.attach.pName = parse_expr(p);
  return p->rc == SQLITE_OK ? s : NULL;
}

static Stmt *parse_vacuum(Parse *p) {
  Stmt *s = parse_stmt_new(p, STMT_VACUUM);
  if (s == NULL) return NULL;
  parse_advance(p);                     /* VACUUM */
  if (parse_is_nm(p->tk.type)) s->u.vacuum.zDb = parse_name(p, parse_is_nm);
  if (parse_accept(p, TK_INTO)) s->u.vacuum.pInto = parse_expr(p);
  return p->rc == SQLITE_OK ? s : NULL;
}

static Stmt *parse_target(Parse *p, int eKind) {
  Stmt *s = parse_stmt_new(p, eKind);
  if (s == NULL) return NULL;
  parse_advance(p);                     /* ANALYZE / REINDEX */
  if (parse_is_nm(p->tk.type)) {
    s->u.target.zName1 = parse_name(p, parse_is_nm);
    if (parse_accept(p, TK_DOT)) s->u.target.zName2 = parse_name(p, parse_is_nm);
  }
  return p->rc == SQLITE_OK ? s : NULL;
}

/* ------------------------------------------------------------------------
** Statement dispatch
** ----------------------------------------------------------------------*/

static Stmt *parse_cmd_body(Parse *p) {
  switch (p->tk.type) {
    case TK_WITH: {
      With *pWith = parse_with(p);
      Stmt *s;
      if (p->rc != SQLITE_OK || !parse_enter(p, W_WITH_DML)) return NULL;
      s = parse_dml(p, pWith);
      parse_leave(p, W_WITH_DML);
      return s;
    }
    case TK_SELECT: case TK_VALUES: case TK_INSERT: case TK_REPLACE:
    case TK_UPDATE: case TK_DELETE:
      return parse_dml(p, NULL);
    case TK_CREATE: return parse_create(p);
    case TK_DROP: return parse_drop(p);
    case TK_ALTER: return parse_alter(p);
    case TK_BEGIN: return parse_begin(p);
    case TK_COMMIT:
    case TK_END: {
      Stmt *s = parse_stmt_new(p, STMT_COMMIT);
      parse_advance(p);
      parse_trans_opt(p);
      return p->rc == SQLITE_OK ? s : NULL;
    }
    case TK_ROLLBACK: return parse_rollback(p);
    case TK_SAVEPOINT: return parse_savepoint(p, STMT_SAVEPOINT);
    case TK_RELEASE: return parse_savepoint(p, STMT_RELEASE);
    case TK_PRAGMA: return parse_pragma(p);
    case TK_ATTACH: return parse_attach(p);
    case TK_DETACH: return parse_detach(p);
    case TK_VACUUM: return parse_vacuum(p);
    case TK_ANALYZE: return parse_target(p, STMT_ANALYZE);
    case TK_REINDEX: return parse_target(p, STMT_REINDEX);
    default:
      parse_syntax_error(p);
      return NULL;
  }
}

Stmt *parse_cmd(Parse *p) {
  int eExplain = EXPLAIN_NONE;
  int iBody;
  Stmt *s;
  if (parse_accept(p, TK_EXPLAIN)) {
    eExplain = EXPLAIN_PLAIN;
    if (parse_accept(p, TK_QUERY)) {
      if (!parse_expect(p, TK_PLAN)) return NULL;
      eExplain = EXPLAIN_QUERY_PLAN;
    }
  }
  iBody = p->tk.iOff;
  if (!parse_enter(p, W_STMT)) return NULL;
  s = parse_cmd_body(p);
  parse_leave(p, W_STMT);
  if (p->rc != SQLITE_OK || s == NULL) return NULL;
  s->eExplain = (u8)eExplain;
  s->iBodyOff = iBody;
  return s;
}
