/*
** parse.h: the SQL parser (hand-written recursive descent).
**
** Turns SQL text into the AST of ast.h, one statement per call, with the
** error messages of SQLite 3.40 ("near \"X\": syntax error",
** "incomplete input", "unrecognized token: \"X\"", ...).
**
** Ownership: the tree is allocated in the caller's Arena; error messages are
** mem_malloc'd and freed by the caller with mem_free.  Nothing else is
** allocated outside the arena, so freeing the arena frees the statement.
**
** Invariants:
**   1. The parser never recurses more than PARSE_STACK_LIMIT nesting units
**      deep (an emulation of SQLite's 100-entry parser stack; beyond it the
**      error is "parser stack overflow"), so hostile input cannot exhaust
**      the C stack.
**   2. Expression trees deeper than ParseOptions.mxExprDepth are rejected
**      with "Expression tree is too large (maximum depth N)".
*/
#ifndef ENGINE_PARSE_H
#define ENGINE_PARSE_H

#include "core.h"
#include "ast.h"

/* Limits the parser enforces (the connection's sqlite3_limit values).  As
** in SQLite, 0 disables the depth, compound and function-argument checks. */
typedef struct ParseOptions {
  int mxExprDepth;      /* SQLITE_LIMIT_EXPR_DEPTH, default 1000 */
  int mxVariable;       /* SQLITE_LIMIT_VARIABLE_NUMBER, default 250000
                        ** (the value Debian's 3.40.1 is built with) */
  int mxCompound;       /* SQLITE_LIMIT_COMPOUND_SELECT, default 500 */
  int bAllowRegister;   /* reserved: accept #NNN (nested parses); 0 */
  int mxFunctionArg;    /* SQLITE_LIMIT_FUNCTION_ARG, default 127 */
} ParseOptions;

#define PARSE_DEFAULT_EXPR_DEPTH 1000
#define PARSE_DEFAULT_VARIABLE   250000
#define PARSE_DEFAULT_COMPOUND   500
#define PARSE_DEFAULT_FUNCTION_ARG 127

/* Fill *pOpt with the defaults above. */
void parse_options_default(ParseOptions *pOpt);

/*
** Parse one statement from zSql (nSql bytes, or up to the first NUL when
** nSql < 0; a NUL inside nSql also ends the input).  Leading whitespace,
** comments and empty statements (";") are skipped.
**
** On SQLITE_OK, *ppStmt is the statement allocated in pArena, or NULL when
** only whitespace/comments remained; *pzTail points just past the
** statement's terminating ';' (or at the end of input).
**
** Returns:
**   SQLITE_OK      success (see above)
**   SQLITE_ERROR   syntax or limit error; *pzErr is the message
**                  (mem_malloc'd; caller frees with mem_free), *ppStmt NULL
**   SQLITE_NOMEM   out of memory; *pzErr may be NULL, *ppStmt NULL
**
** pOpt may be NULL (defaults).  pzTail and pzErr may be NULL.
*/
int parse_sql(Arena *pArena, const ParseOptions *pOpt, const char *zSql, int nSql,
              Stmt **ppStmt, const char **pzTail, char **pzErr);

/*
** sqlite3_complete() semantics: 1 if zSql ends with a ';' that terminates a
** statement (outside strings, identifiers, comments and trigger bodies;
** trailing whitespace and comments allowed), else 0.
*/
int parse_complete(const char *zSql);

#endif /* ENGINE_PARSE_H */
