/*
** parse_int.h: private interface shared by parse.c, parse_expr.c,
** parse_select.c and parse_stmt.c.  Included only by parse*.c files.
**
** Error discipline: the first error wins.  Every parse function checks
** p->rc after each call that can fail and returns NULL/0 at once; since all
** nodes live in the arena there is nothing to clean up.
**
** Invariants:
**   1. p->tk is the current (lookahead) token, already tokenized; tokens
**      are only produced by advancing, so an illegal token is reported at
**      the same point SQLite's tokenizer would report it.
**   2. p->nStack never exceeds PARSE_STACK_LIMIT (parse.h invariant 1).
*/
#ifndef ENGINE_PARSE_INT_H
#define ENGINE_PARSE_INT_H

#include "parse.h"
#include "tokenize.h"

/* Emulation of SQLite's fixed 100-slot LALR stack (see parse_enter()). */
#define PARSE_STACK_LIMIT 100

typedef struct Token {
  int type;             /* TK_* */
  int iOff;             /* offset into Parse.zSql */
  int n;                /* length in bytes */
} Token;

typedef struct Parse {
  Arena *pArena;        /* where every node goes */
  ParseOptions opt;     /* limits */
  const char *zSql;     /* statement start (first token) */
  int nSql;             /* bytes available from zSql */
  int iNext;            /* offset of the byte after p->tk */
  Token tk;             /* current token */
  Token tkPrev;         /* last consumed token (for spans) */
  int rc;               /* first error: SQLITE_ERROR or SQLITE_NOMEM */
  char *zErr;           /* message of the first error (mem_malloc'd) */
  int nStack;           /* emulated LALR stack use (invariant 2) */
  int nVar;             /* highest parameter number */
  int nVarAlloc;        /* slots in azVar */
  const char **azVar;   /* names of parameters 1..nVar (arena) */
  int nVarCount;        /* parameters seen (for "cannot use variables") */
  int *aVarHash;        /* open-addressing table of named parameter
                        ** numbers (0 = empty), for O(1) name lookup */
  int nVarHash;         /* slots in aVarHash (power of two) */
  int nVarNamed;        /* named parameters in aVarHash */
  int bInTrigger;       /* parsing a trigger body: step restrictions */
  const char *zPending; /* error SQLite reports only after the whole
                        ** statement parsed (name resolution time);
                        ** raised by parse_sql() if nothing else failed */
  int nNest;            /* parenthesised SELECTs/joins being parsed: their
                        ** clauses end at ')', never at ';' or the end */
} Parse;

/* ---- tokens (parse.c) ------------------------------------------------- */
void parse_advance(Parse *p);                    /* consume p->tk */
Token parse_peek(Parse *p, int k);               /* k-th token after p->tk */
int parse_accept(Parse *p, int type);            /* consume if it matches */
int parse_expect(Parse *p, int type);            /* consume or error */
void parse_syntax_error(Parse *p);               /* error at p->tk */
void parse_error(Parse *p, const char *zFmt, ...);
int parse_enter(Parse *p, int nWeight);          /* 0 on overflow */
void parse_leave(Parse *p, int nWeight);

/* Identifier classes of a token code: see tokenize.h KWC_*. */
int parse_is_id(int type);       /* "id": ID, fallback keywords, INDEXED */
int parse_is_nm(int type);       /* "nm": id, STRING, JOIN keywords */
int parse_is_ids(int type);      /* "ids": ID, STRING, fallback keywords */
int parse_is_idlike(int type);   /* anything that may be a name */
/* Contextual keywords (SQLite decides these by looking ahead). */
int parse_window_kw(Parse *p);   /* p->tk is WINDOW followed by nm AS */
int parse_over_kw(Parse *p);     /* p->tk is OVER followed by ( or name */
int parse_filter_kw(Parse *p);   /* p->tk is FILTER followed by ( */

/* Dequoted name of the current token (consumes it); NULL on error. */
const char *parse_name(Parse *p, int (*pIsClass)(int));
char *parse_dequote(Parse *p, const Token *pTk);
char *parse_token_text(Parse *p, const Token *pTk);  /* raw text copy */

/* ---- node construction (parse.c) -------------------------------------- */
void *parse_alloc(Parse *p, u64 n);               /* zeroed, NOMEM on fail */
Expr *parse_expr_new(Parse *p, int op, int iStart);
Expr *parse_binary(Parse *p, int op, Expr *pLeft, Expr *pRight);
void parse_expr_finish(Parse *p, Expr *pExpr, int iStart);
void parse_set_height(Parse *p, Expr *pExpr);
ExprList *parse_exprlist_append(Parse *p, ExprList *pList, Expr *pExpr);
IdList *parse_idlist_append(Parse *p, IdList *pList, const char *zId);
SrcList *parse_srclist_append(Parse *p, SrcList *pList);
int parse_select_height(const Select *pSel);
void parse_variable(Parse *p, Expr *pExpr, const Token *pTk);

/* ---- grammar (parse_expr.c, parse_select.c, parse_stmt.c) ------------- */
Expr *parse_expr(Parse *p);
Expr *parse_expr_prec(Parse *p, int minPrec);
ExprList *parse_exprlist(Parse *p, int bAllowEmpty);
ExprList *parse_sortlist(Parse *p, int bNullsOk);
Window *parse_window_body(Parse *p, const char *zName);
char *parse_typename(Parse *p, int bRequired);

Select *parse_select(Parse *p);                   /* [WITH] compound */
Select *parse_subselect(Parse *p);                /* same, inside ( ) */
Select *parse_select_nowith(Parse *p, With *pWith);
With *parse_with(Parse *p);
IdList *parse_eidlist(Parse *p);
SrcList *parse_from(Parse *p);
int parse_at_select_start(Parse *p);

Stmt *parse_cmd(Parse *p);                        /* one statement */
Stmt *parse_stmt_new(Parse *p, int eKind);
Stmt *parse_dml(Parse *p, With *pWith);           /* INSERT/UPDATE/DELETE/SELECT */

/* Precedence levels (low to high), as in lang_expr.html. */
enum {
  PREC_OR = 1,
  PREC_AND,
  PREC_NOT,
  PREC_EQ,        /* = == != <> IS IN LIKE GLOB MATCH REGEXP BETWEEN ISNULL */
  PREC_CMP,       /* < <= > >= */
  PREC_ESCAPE,
  PREC_BIT,       /* & | << >> */
  PREC_ADD,
  PREC_MUL,
  PREC_CONCAT,    /* || -> ->> */
  PREC_COLLATE,
  PREC_UNARY
};

#endif /* ENGINE_PARSE_INT_H */
