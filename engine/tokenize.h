/*
** tokenize.h: the SQL tokenizer.
**
** Owns: token codes (TK_*), the keyword table and the rules that split SQL
** text into tokens the way SQLite 3.40 does (lang_keywords.html,
** lang_expr.html "Literal Values", the tokenizer behaviour of sqlite3).
**
** Invariants:
**   1. tokenize_next() always consumes at least one byte while bytes remain,
**      and never reads at or past z[n] (callers pass the exact length; a NUL
**      byte inside that length is tokenized like any illegal byte, but
**      parse.c stops at the first NUL anyway, as SQLite does).
**   2. Every keyword has its own TK_ code; whether it may also serve as an
**      identifier is a property of the code (tokenize_kw_class()).
*/
#ifndef ENGINE_TOKENIZE_H
#define ENGINE_TOKENIZE_H

#include "core.h"

/* Keyword classes: where a keyword may stand in for an identifier.
**   KWC_RESERVED  never an identifier.
**   KWC_FALLBACK  an identifier wherever the keyword has no meaning of its
**                 own at that point of the grammar (ABORT, KEY, REPLACE...).
**   KWC_JOIN      NATURAL LEFT RIGHT FULL OUTER INNER CROSS: allowed as a
**                 plain name (table, column, AS alias) but not as an alias
**                 without AS, a type name or a function name.
**   KWC_INDEXED   INDEXED: like KWC_JOIN but also a function name.
** WINDOW, OVER and FILTER are keywords only in context (see parse.c,
** contextual_type()); elsewhere the parser sees them as TK_ID, so as
** keywords they are listed as reserved. */
#define KWC_RESERVED 0
#define KWC_FALLBACK 1
#define KWC_JOIN     2
#define KWC_INDEXED  3

/* X(name, class): every keyword of SQLite 3.40, alphabetical. */
#define TOKENIZE_KEYWORDS(X) \
  X(ABORT, KWC_FALLBACK) X(ACTION, KWC_FALLBACK) X(ADD, KWC_RESERVED) \
  X(AFTER, KWC_FALLBACK) X(ALL, KWC_RESERVED) X(ALTER, KWC_RESERVED) \
  X(ALWAYS, KWC_FALLBACK) X(ANALYZE, KWC_FALLBACK) X(AND, KWC_RESERVED) \
  X(AS, KWC_RESERVED) X(ASC, KWC_FALLBACK) X(ATTACH, KWC_FALLBACK) \
  X(AUTOINCREMENT, KWC_RESERVED) X(BEFORE, KWC_FALLBACK) \
  X(BEGIN, KWC_FALLBACK) X(BETWEEN, KWC_RESERVED) X(BY, KWC_FALLBACK) \
  X(CASCADE, KWC_FALLBACK) X(CASE, KWC_RESERVED) X(CAST, KWC_FALLBACK) \
  X(CHECK, KWC_RESERVED) X(COLLATE, KWC_RESERVED) X(COLUMN, KWC_FALLBACK) \
  X(COMMIT, KWC_RESERVED) X(CONFLICT, KWC_FALLBACK) \
  X(CONSTRAINT, KWC_RESERVED) X(CREATE, KWC_RESERVED) X(CROSS, KWC_JOIN) \
  X(CURRENT, KWC_FALLBACK) X(CURRENT_DATE, KWC_FALLBACK) \
  X(CURRENT_TIME, KWC_FALLBACK) X(CURRENT_TIMESTAMP, KWC_FALLBACK) \
  X(DATABASE, KWC_FALLBACK) X(DEFAULT, KWC_RESERVED) \
  X(DEFERRABLE, KWC_RESERVED) X(DEFERRED, KWC_FALLBACK) \
  X(DELETE, KWC_RESERVED) X(DESC, KWC_FALLBACK) X(DETACH, KWC_FALLBACK) \
  X(DISTINCT, KWC_RESERVED) X(DO, KWC_FALLBACK) X(DROP, KWC_RESERVED) \
  X(EACH, KWC_FALLBACK) X(ELSE, KWC_RESERVED) X(END, KWC_FALLBACK) \
  X(ESCAPE, KWC_RESERVED) X(EXCEPT, KWC_RESERVED) X(EXCLUDE, KWC_FALLBACK) \
  X(EXCLUSIVE, KWC_FALLBACK) X(EXISTS, KWC_RESERVED) \
  X(EXPLAIN, KWC_FALLBACK) X(FAIL, KWC_FALLBACK) X(FILTER, KWC_RESERVED) \
  X(FIRST, KWC_FALLBACK) X(FOLLOWING, KWC_FALLBACK) X(FOR, KWC_FALLBACK) \
  X(FOREIGN, KWC_RESERVED) X(FROM, KWC_RESERVED) X(FULL, KWC_JOIN) \
  X(GENERATED, KWC_FALLBACK) X(GLOB, KWC_FALLBACK) X(GROUP, KWC_RESERVED) \
  X(GROUPS, KWC_FALLBACK) X(HAVING, KWC_RESERVED) X(IF, KWC_FALLBACK) \
  X(IGNORE, KWC_FALLBACK) X(IMMEDIATE, KWC_FALLBACK) X(IN, KWC_RESERVED) \
  X(INDEX, KWC_RESERVED) X(INDEXED, KWC_INDEXED) \
  X(INITIALLY, KWC_FALLBACK) X(INNER, KWC_JOIN) X(INSERT, KWC_RESERVED) \
  X(INSTEAD, KWC_FALLBACK) X(INTERSECT, KWC_RESERVED) \
  X(INTO, KWC_RESERVED) X(IS, KWC_RESERVED) X(ISNULL, KWC_RESERVED) \
  X(JOIN, KWC_RESERVED) X(KEY, KWC_FALLBACK) X(LAST, KWC_FALLBACK) \
  X(LEFT, KWC_JOIN) X(LIKE, KWC_FALLBACK) X(LIMIT, KWC_RESERVED) \
  X(MATCH, KWC_FALLBACK) X(MATERIALIZED, KWC_FALLBACK) \
  X(NATURAL, KWC_JOIN) X(NO, KWC_FALLBACK) X(NOT, KWC_RESERVED) \
  X(NOTHING, KWC_RESERVED) X(NOTNULL, KWC_RESERVED) X(NULL, KWC_RESERVED) \
  X(NULLS, KWC_FALLBACK) X(OF, KWC_FALLBACK) X(OFFSET, KWC_FALLBACK) \
  X(ON, KWC_RESERVED) X(OR, KWC_RESERVED) X(ORDER, KWC_RESERVED) \
  X(OTHERS, KWC_FALLBACK) X(OUTER, KWC_JOIN) X(OVER, KWC_RESERVED) \
  X(PARTITION, KWC_FALLBACK) X(PLAN, KWC_FALLBACK) X(PRAGMA, KWC_FALLBACK) \
  X(PRECEDING, KWC_FALLBACK) X(PRIMARY, KWC_RESERVED) \
  X(QUERY, KWC_FALLBACK) X(RAISE, KWC_FALLBACK) X(RANGE, KWC_FALLBACK) \
  X(RECURSIVE, KWC_FALLBACK) X(REFERENCES, KWC_RESERVED) \
  X(REGEXP, KWC_FALLBACK) X(REINDEX, KWC_FALLBACK) X(RELEASE, KWC_FALLBACK) \
  X(RENAME, KWC_FALLBACK) X(REPLACE, KWC_FALLBACK) \
  X(RESTRICT, KWC_FALLBACK) X(RETURNING, KWC_RESERVED) X(RIGHT, KWC_JOIN) \
  X(ROLLBACK, KWC_FALLBACK) X(ROW, KWC_FALLBACK) X(ROWS, KWC_FALLBACK) \
  X(SAVEPOINT, KWC_FALLBACK) X(SELECT, KWC_RESERVED) X(SET, KWC_RESERVED) \
  X(TABLE, KWC_RESERVED) X(TEMP, KWC_FALLBACK) X(TEMPORARY, KWC_FALLBACK) \
  X(THEN, KWC_RESERVED) X(TIES, KWC_FALLBACK) X(TO, KWC_RESERVED) \
  X(TRANSACTION, KWC_RESERVED) X(TRIGGER, KWC_FALLBACK) \
  X(UNBOUNDED, KWC_FALLBACK) X(UNION, KWC_RESERVED) \
  X(UNIQUE, KWC_RESERVED) X(UPDATE, KWC_RESERVED) X(USING, KWC_RESERVED) \
  X(VACUUM, KWC_FALLBACK) X(VALUES, KWC_RESERVED) X(VIEW, KWC_FALLBACK) \
  X(VIRTUAL, KWC_FALLBACK) X(WHEN, KWC_RESERVED) X(WHERE, KWC_RESERVED) \
  X(WINDOW, KWC_RESERVED) X(WITH, KWC_FALLBACK) X(WITHOUT, KWC_FALLBACK)

typedef enum TokenType {
  TK_EOF = 0,           /* end of input (length 0) */
  TK_SPACE,             /* whitespace and comments */
  TK_ILLEGAL,           /* unrecognized token */
  TK_ID,                /* identifier, bare or quoted with "", [], `` */
  TK_STRING,            /* '...' */
  TK_INTEGER,           /* decimal or 0x hex integer literal */
  TK_FLOAT,             /* real literal */
  TK_BLOB,              /* X'...' */
  TK_VARIABLE,          /* ?, ?NNN, :name, @name, $name, #name */
  TK_REGISTER,          /* #NNN: never valid in user SQL */
  TK_SEMI,              /* ; */
  TK_LP,                /* ( */
  TK_RP,                /* ) */
  TK_COMMA,             /* , */
  TK_DOT,               /* . */
  TK_PLUS,              /* + */
  TK_MINUS,             /* - */
  TK_STAR,              /* * */
  TK_SLASH,             /* / */
  TK_REM,               /* % */
  TK_CONCAT,            /* || */
  TK_PTR,               /* -> and ->> */
  TK_EQ,                /* = and == */
  TK_NE,                /* != and <> */
  TK_LT,                /* < */
  TK_LE,                /* <= */
  TK_GT,                /* > */
  TK_GE,                /* >= */
  TK_BITAND,            /* & */
  TK_BITOR,             /* | */
  TK_BITNOT,            /* ~ */
  TK_LSHIFT,            /* << */
  TK_RSHIFT,            /* >> */
  TK_FIRST_KEYWORD,     /* marker: keyword codes follow */
#define TOKENIZE_X_ENUM(name, cls) TK_##name,
  TOKENIZE_KEYWORDS(TOKENIZE_X_ENUM)
#undef TOKENIZE_X_ENUM
  TK_COUNT
} TokenType;

/* Return the length in bytes of the token starting at z (n bytes remain,
** n >= 1) and store its code in *pType. */
int tokenize_next(const char *z, int n, int *pType);

/* Keyword code for the n bytes at z (case-insensitive), or TK_ID. */
int tokenize_keyword(const char *z, int n);

/* Is type a keyword code?  Its KWC_* class, and its upper-case name. */
int tokenize_is_keyword(int type);
int tokenize_kw_class(int type);
const char *tokenize_name(int type);      /* "SELECT", "ID", "LP", ... */

/* Byte classes used by the tokenizer, exposed for the parser/printer. */
int tokenize_is_idchar(unsigned char c);  /* [A-Za-z0-9_$] or >= 0x80 */
int tokenize_is_space(unsigned char c);   /* space \t \n \f \r */

/* Is the n-byte string z usable unquoted as an identifier (starts like an
** identifier, only id chars, and not a keyword)?  Used by the printer. */
int tokenize_is_plain_id(const char *z, int n);

#endif /* ENGINE_TOKENIZE_H */
