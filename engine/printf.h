/*
** printf.h: SQLite's own printf (printf.html) and the growable string
** accumulator behind sqlite3_str, sqlite3_mprintf, sqlite3_snprintf and the
** SQL functions printf()/format().
**
** Owns: struct sqlite3_str (StrAccum), every conversion of printf.html with
** SQLite's exact output (its own floating-point digit generation: 16
** significant digits, 26 with '!'), and two argument sources: a C va_list
** or an array of SQL values.
**
** Invariants:
**   1. zText is NULL or NUL-terminated after every public call except
**      mid-append; nChar < nAlloc whenever zText != NULL.
**   2. Once accError is set (SQLITE_NOMEM / SQLITE_TOOBIG) the accumulator
**      is empty and ignores further appends (sticky failure).
**   3. The text never exceeds mxAlloc bytes (the connection's
**      SQLITE_LIMIT_LENGTH, or SQLite's maximum 1000000000 without one);
**      mxAlloc == 0 marks a fixed caller buffer that silently truncates.
**   4. Text handed out by str_finish / str_mprintf is mem_malloc'd, so
**      sqlite3_free (mem_free) releases it.
*/
#ifndef ENGINE_PRINTF_H
#define ENGINE_PRINTF_H

#include <stdarg.h>
#include "core.h"
#include "value.h"

typedef struct sqlite3_str StrAccum;

struct sqlite3_str {
  struct sqlite3 *db;  /* connection for the length limit, or NULL */
  char *zText;         /* the text so far (invariant 1) */
  u32 nChar;           /* bytes of text, terminator excluded */
  u32 nAlloc;          /* bytes allocated at zText */
  u32 mxAlloc;         /* invariant 3 */
  u8 accError;         /* invariant 2: SQLITE_OK, SQLITE_NOMEM, SQLITE_TOOBIG */
  u8 bMalloced;        /* zText is mem_malloc'd (not the caller's buffer) */
  u8 bHeap;            /* the StrAccum itself came from str_new */
};

/* ---- the sqlite3_str object (sqlite3_str_* map 1:1) ---- */
/* Never NULL: on OOM returns a static object whose errcode is SQLITE_NOMEM
** (as sqlite3_str_new does). */
StrAccum *str_new(struct sqlite3 *db);
/* Frees p (if from str_new) and returns its text (mem_malloc'd; NULL when
** empty or on error). */
char *str_finish(StrAccum *p);
void str_append(StrAccum *p, const char *z, int n);
void str_appendall(StrAccum *p, const char *z);
void str_appendchar(StrAccum *p, int n, char c);
void str_appendf(StrAccum *p, const char *zFmt, ...);
void str_vappendf(StrAccum *p, const char *zFmt, va_list ap);
void str_reset(StrAccum *p);                 /* empty; the error code is kept */
int str_errcode(StrAccum *p);
int str_length(StrAccum *p);
char *str_value(StrAccum *p);                /* NULL if empty or error */

/* ---- embedded accumulators (engine use) ---- */
/* zBase/nBase: initial (caller-owned) buffer, may be NULL/0.  mx: the
** length limit, 0 for a fixed buffer (snprintf). */
void str_init(StrAccum *p, struct sqlite3 *db, char *zBase, int nBase, int mx);
/* Returns the text (mem_malloc'd, never the caller's buffer), NULL on
** error or OOM; p is left empty.  For accumulators from str_init. */
char *str_text_finish(StrAccum *p);

/* ---- one-shot helpers ---- */
char *str_mprintf(const char *zFmt, ...);
char *str_vmprintf(const char *zFmt, va_list ap);
/* sqlite3_snprintf: writes at most n-1 bytes plus NUL; returns buf; n<=0
** does nothing. */
char *str_snprintf(int n, char *zBuf, const char *zFmt, ...);
char *str_vsnprintf(int n, char *zBuf, const char *zFmt, va_list ap);
/* Formats with the connection's length limit (NULL on OOM/TOOBIG). */
char *str_db_mprintf(struct sqlite3 *db, const char *zFmt, ...);

/* ---- SQL printf()/format(): arguments from values ----
** Same conversions, but each argument is an SQL value converted as the
** conversion needs (%d -> int64, %f -> double, %s -> text, %c -> its first
** character); missing arguments read as NULL/0/"". */
void str_appendf_values(StrAccum *p, const char *zFmt, int nArg, Value **apArg);

#endif /* ENGINE_PRINTF_H */
