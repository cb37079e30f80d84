/*
** fuzz_sql.c: libFuzzer target feeding arbitrary SQL text to prepare/step
** on an in-memory database.
**
** The input is treated as UTF-8 SQL text (NUL-terminated copy).  Every
** statement in it is prepared with sqlite3_prepare_v2 and stepped to
** completion, reading every column of every row in every representation,
** so that the column conversion paths are exercised too.
**
** Invariants:
**   1. No input may crash, hang or leak: crashes and leaks are caught by
**      ASan/UBSan/LSan; hangs are bounded by a progress handler (VM steps),
**      a per-input row budget and SQLITE_LIMIT_* settings (so a single
**      statement cannot allocate gigabytes).
**   2. The target touches no files: SQLITE_LIMIT_ATTACHED is 0 (no ATTACH
**      of a file), and the database is ":memory:".
**   3. Each input starts from a fresh connection, so runs are independent.
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "sqlite3.h"

#define FUZZ_MAX_PROGRESS 20000   /* progress callbacks (x 100 VM ops) per input */
#define FUZZ_MAX_ROWS 50000       /* rows stepped per input */

typedef struct FuzzCtx {
  int nProgress;   /* progress callbacks so far (invariant 1) */
} FuzzCtx;

static int fuzz_progress(void *p) {
  FuzzCtx *pCtx = (FuzzCtx *)p;
  return ++pCtx->nProgress > FUZZ_MAX_PROGRESS;   /* non-zero interrupts */
}

/* Reads column i in every representation the API offers. */
static void touch_column(sqlite3_stmt *pStmt, int i) {
  (void)sqlite3_column_type(pStmt, i);
  (void)sqlite3_column_name(pStmt, i);
  (void)sqlite3_column_decltype(pStmt, i);
  (void)sqlite3_column_int64(pStmt, i);
  (void)sqlite3_column_double(pStmt, i);
  const unsigned char *z = sqlite3_column_text(pStmt, i);
  int n = sqlite3_column_bytes(pStmt, i);
  if (z && n > 0) (void)(z[0] + z[n - 1]);   /* the bytes must be readable */
  const void *b = sqlite3_column_blob(pStmt, i);
  n = sqlite3_column_bytes(pStmt, i);
  if (b && n > 0) (void)((const unsigned char *)b)[n - 1];
  (void)sqlite3_column_value(pStmt, i);
}

static void open_limited(sqlite3 **pDb, FuzzCtx *pCtx) {
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  if (sqlite3_open_v2(":memory:", pDb, flags, NULL) != SQLITE_OK) return;
  sqlite3 *db = *pDb;
  sqlite3_limit(db, SQLITE_LIMIT_ATTACHED, 0);            /* invariant 2 */
  sqlite3_limit(db, SQLITE_LIMIT_LENGTH, 1000000);
  sqlite3_limit(db, SQLITE_LIMIT_SQL_LENGTH, 100000);
  sqlite3_limit(db, SQLITE_LIMIT_EXPR_DEPTH, 200);
  sqlite3_limit(db, SQLITE_LIMIT_COMPOUND_SELECT, 50);
  sqlite3_limit(db, SQLITE_LIMIT_LIKE_PATTERN_LENGTH, 1000);
  sqlite3_limit(db, SQLITE_LIMIT_TRIGGER_DEPTH, 20);
  sqlite3_progress_handler(db, 100, fuzz_progress, pCtx);
}

int LLVMFuzzerTestOneInput(const uint8_t *aData, size_t nData) {
  if (nData > 100000) return 0;
  char *zSql = malloc(nData + 1);
  if (zSql == NULL) return 0;
  memcpy(zSql, aData, nData);
  zSql[nData] = 0;
  FuzzCtx ctx = {0};
  sqlite3 *db = NULL;
  open_limited(&db, &ctx);
  const char *zTail = zSql;
  int nRow = 0, nStmt = 0;
  while (db && zTail && zTail[0] && nStmt++ < 1000 && ctx.nProgress <= FUZZ_MAX_PROGRESS) {
    sqlite3_stmt *pStmt = NULL;
    const char *zNext = NULL;
    int rc = sqlite3_prepare_v2(db, zTail, -1, &pStmt, &zNext);
    if (rc != SQLITE_OK || zNext == NULL || zNext <= zTail) {
      sqlite3_finalize(pStmt);
      break;                             /* cannot make progress through the text */
    }
    zTail = zNext;
    if (pStmt == NULL) continue;         /* comment or whitespace */
    while (nRow < FUZZ_MAX_ROWS && sqlite3_step(pStmt) == SQLITE_ROW) {
      nRow++;
      for (int i = 0; i < sqlite3_column_count(pStmt); i++) touch_column(pStmt, i);
    }
    sqlite3_finalize(pStmt);
    (void)sqlite3_errmsg(db);
    (void)sqlite3_changes(db);
  }
  sqlite3_close_v2(db);
  free(zSql);
  return 0;
}
