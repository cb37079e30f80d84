/*
** fuzz_dbfile.c: libFuzzer target for corrupt database files.
**
** A valid database image (several tables, indexes, overflow pages, a
** free-list page) is built once by LLVMFuzzerInitialize, using the library
** under test, or read from $FUZZ_DBFILE_BASE.  Each input is a list of
** patches applied to a copy of that image: records of 5 bytes, a 24-bit
** big-endian offset (modulo the image size), a value and an operation
** (set, xor, add, or "copy the page holding the offset over the next one").
** The mutated image is written to a private temp file, then opened
** read-only and checked: PRAGMA integrity_check, a scan of sqlite_schema,
** and a full scan of every table and index (via an ORDER BY on each indexed
** column).  Short inputs keep mutations local, so most runs reach the
** B-tree and record decoders with a file that is valid almost everywhere.
**
** Invariants:
**   1. No mutated file may crash, hang or leak the library: every error is
**      a result code (SQLITE_CORRUPT, ...).  Hangs are bounded by a progress
**      handler and by a row budget per input.
**   2. The only file touched is the private temp file, opened read-only
**      (no journal is created, nothing is written back).
*/
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "sqlite3.h"

#define DBF_MAX_ROWS 20000
#define DBF_MAX_PROGRESS 20000

static unsigned char *g_aBase;   /* the valid image */
static size_t g_nBase;           /* its size in bytes */
static char g_zPath[64];         /* private temp file */
static int g_nProgress;          /* progress callbacks for this input */

static int dbf_progress(void *p) {
  (void)p;
  return ++g_nProgress > DBF_MAX_PROGRESS;
}

static const char *const g_azBuild[] = {
  "PRAGMA page_size=1024",
  "CREATE TABLE t1(a INTEGER PRIMARY KEY, b TEXT, c REAL, d BLOB)",
  "CREATE INDEX t1b ON t1(b)",
  "CREATE TABLE t2(x, y, z, PRIMARY KEY(x, y)) WITHOUT ROWID",
  "CREATE TABLE t3(p TEXT UNIQUE, q)",
  "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM c WHERE i<300) "
  "INSERT INTO t1 SELECT i, printf('row-%05d', i), i*0.5, zeroblob(i%7) FROM c",
  "INSERT INTO t1 VALUES (1000, hex(zeroblob(3000)), NULL, zeroblob(2000))",
  "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM c WHERE i<200) "
  "INSERT INTO t2 SELECT i%17, i, quote(i) FROM c",
  "INSERT INTO t3 VALUES ('a', 1), ('b', 2.5), ('c', x'00ff'), ('d', NULL)",
  "CREATE TABLE t4(big)",
  "INSERT INTO t4 VALUES (zeroblob(5000))",
  "DROP TABLE t4",
};

/* Builds the base image with the library under test (or reads it). */
static int build_base(void) {
  const char *zBase = getenv("FUZZ_DBFILE_BASE");
  char zTmp[64];
  snprintf(zTmp, sizeof(zTmp), "/tmp/fuzz_dbfile_base_%d.db", (int)getpid());
  if (zBase == NULL) {
    sqlite3 *db = NULL;
    unlink(zTmp);
    if (sqlite3_open(zTmp, &db) != SQLITE_OK) return -1;
    for (size_t i = 0; i < sizeof(g_azBuild) / sizeof(g_azBuild[0]); i++) {
      if (sqlite3_exec(db, g_azBuild[i], NULL, NULL, NULL) != SQLITE_OK) {
        fprintf(stderr, "fuzz_dbfile: building base failed: %s\n", sqlite3_errmsg(db));
      }
    }
    sqlite3_close(db);
    zBase = zTmp;
  }
  FILE *f = fopen(zBase, "rb");
  if (f == NULL) return -1;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  g_aBase = malloc(n > 0 ? (size_t)n : 1);
  g_nBase = (g_aBase && n > 0 && fread(g_aBase, 1, (size_t)n, f) == (size_t)n) ? (size_t)n : 0;
  fclose(f);
  if (zBase == zTmp) unlink(zTmp);
  return g_nBase >= 512 ? 0 : -1;
}

int LLVMFuzzerInitialize(int *pArgc, char ***pArgv) {
  (void)pArgc; (void)pArgv;
  if (build_base() != 0) { fprintf(stderr, "fuzz_dbfile: no base image\n"); abort(); }
  snprintf(g_zPath, sizeof(g_zPath), "/tmp/fuzz_dbfile_%d.db", (int)getpid());
  return 0;
}

static void apply_patches(unsigned char *a, const uint8_t *p, size_t n) {
  for (size_t i = 0; i + 5 <= n; i += 5) {
    size_t off = (((size_t)p[i] << 16) | ((size_t)p[i + 1] << 8) | p[i + 2]) % g_nBase;
    unsigned char v = p[i + 3];
    switch (p[i + 4] & 3) {
      case 0: a[off] = v; break;
      case 1: a[off] ^= v; break;
      case 2: a[off] = (unsigned char)(a[off] + v); break;
      default: {   /* duplicate a 1 KiB page over its successor */
        size_t pg = off & ~(size_t)1023;
        if (pg + 2048 <= g_nBase) memcpy(a + pg + 1024, a + pg, 1024);
      }
    }
  }
}

static void scan_all(sqlite3 *db) {
  sqlite3_stmt *pList = NULL;
  int nRow = 0;
  const char *zList = "SELECT type, name, tbl_name FROM sqlite_schema";
  if (sqlite3_prepare_v2(db, zList, -1, &pList, NULL) != SQLITE_OK) return;
  while (sqlite3_step(pList) == SQLITE_ROW && nRow < DBF_MAX_ROWS) {
    const char *zType = (const char *)sqlite3_column_text(pList, 0);
    const char *zTbl = (const char *)sqlite3_column_text(pList, 2);
    if (zType == NULL || zTbl == NULL || strcmp(zType, "table") != 0) continue;
    char *zSql = sqlite3_mprintf("SELECT * FROM \"%w\"", zTbl);
    sqlite3_stmt *pScan = NULL;
    if (zSql && sqlite3_prepare_v2(db, zSql, -1, &pScan, NULL) == SQLITE_OK) {
      while (nRow++ < DBF_MAX_ROWS && sqlite3_step(pScan) == SQLITE_ROW) {
        for (int i = 0; i < sqlite3_column_count(pScan); i++) {
          (void)sqlite3_column_bytes(pScan, i);
          (void)sqlite3_column_text(pScan, i);
        }
      }
    }
    sqlite3_finalize(pScan);
    sqlite3_free(zSql);
  }
  sqlite3_finalize(pList);
}

static void run_sql(sqlite3 *db, const char *zSql) {
  sqlite3_stmt *pStmt = NULL;
  int nRow = 0;
  if (sqlite3_prepare_v2(db, zSql, -1, &pStmt, NULL) == SQLITE_OK) {
    while (nRow++ < DBF_MAX_ROWS && sqlite3_step(pStmt) == SQLITE_ROW) {
      (void)sqlite3_column_text(pStmt, 0);
    }
  }
  sqlite3_finalize(pStmt);
}

int LLVMFuzzerTestOneInput(const uint8_t *aData, size_t nData) {
  if (nData > 5000) return 0;
  unsigned char *a = malloc(g_nBase);
  if (a == NULL) return 0;
  memcpy(a, g_aBase, g_nBase);
  apply_patches(a, aData, nData);
  FILE *f = fopen(g_zPath, "wb");
  if (f == NULL) { free(a); return 0; }
  size_t nOut = fwrite(a, 1, g_nBase, f);
  fclose(f);
  free(a);
  if (nOut != g_nBase) return 0;
  sqlite3 *db = NULL;
  g_nProgress = 0;
  if (sqlite3_open_v2(g_zPath, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK) {
    sqlite3_progress_handler(db, 100, dbf_progress, NULL);
    run_sql(db, "PRAGMA integrity_check");
    scan_all(db);
    run_sql(db, "SELECT b FROM t1 ORDER BY b");          /* walks index t1b */
    run_sql(db, "SELECT p FROM t3 WHERE p > 'a' ORDER BY p");
    run_sql(db, "SELECT count(*), sum(length(d)) FROM t1");
  }
  sqlite3_close_v2(db);
  return 0;
}
