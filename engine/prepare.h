/*
** prepare.h: SQL text -> prepared statement, the single entry the API
** layer uses for sqlite3_prepare*() and sqlite3_exec().
**
** Invariants:
**   1. On success *ppStmt is a ready Vdbe or NULL (the text held only
**      whitespace/comments); on error *ppStmt is NULL and the connection's
**      error code and message are set.
**   2. *pzTail (if pzTail is not NULL) always points into zSql: just past
**      the compiled statement, or where the input ends.
*/
#ifndef ENGINE_PREPARE_H
#define ENGINE_PREPARE_H

#include "core.h"
#include "conn.h"
#include "vdbe.h"

/* Compiles the first statement of zSql (nBytes bytes, < 0: up to NUL).
** prepFlags: SQLITE_PREPARE_* | VDBE_PREP_V2.  Returns SQLITE_OK, SQLITE_ERROR
** (syntax/resolution errors with SQLite's message), SQLITE_NOMEM,
** SQLITE_BUSY/SQLITE_CORRUPT/SQLITE_NOTADB/IOERR (reading the schema). */
int sql_prepare(sqlite3 *db, const char *zSql, int nBytes, u32 prepFlags, Vdbe **ppStmt,
                const char **pzTail);
/* Recompiles v after SQLITE_SCHEMA (declared in vdbe.h too). */
int sql_reprepare(Vdbe *v);

#endif /* ENGINE_PREPARE_H */
