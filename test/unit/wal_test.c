/*
** wal_test.c: WAL mode through the public API, our library alone (the
** interop with the real sqlite3 is in test/interop/wal_interop.sh):
** persistence of the mode, snapshot isolation between two connections, one
** writer at a time, crash recovery from copies of the files taken with
** committed and uncommitted work, torn and corrupted logs, checkpoint modes
** with a reader holding an old snapshot, the autocheckpoint, and the
** answers for :memory: and temporary databases.
**
** Invariants of the test:
**   1. Every case works in a fresh directory and closes what it opens.
**   2. Expected values are those the real sqlite3 3.40.1 gives for the same
**      steps (checked by hand with the shell when the case was written).
*/
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sqlite3.h"
#include "engine/core.h"
#include "test/unit/test_util.h"

static sqlite3 *wt_open(const char *zPath) {
  sqlite3 *db = NULL;
  ck_assert_int_eq(sqlite3_open(zPath, &db), SQLITE_OK);
  sqlite3_busy_timeout(db, 0);
  return db;
}

static int wt_exec(sqlite3 *db, const char *zSql) {
  return sqlite3_exec(db, zSql, NULL, NULL, NULL);
}

static void wt_ok(sqlite3 *db, const char *zSql) {
  int rc = wt_exec(db, zSql);
  ck_assert_msg(rc == SQLITE_OK, "%s: %s", zSql, sqlite3_errmsg(db));
}

/* First column of the first row as text ("" when none), static buffer. */
static const char *wt_str(sqlite3 *db, const char *zSql) {
  static char zBuf[256];
  sqlite3_stmt *pStmt = NULL;
  zBuf[0] = 0;
  int rc = sqlite3_prepare_v2(db, zSql, -1, &pStmt, NULL);
  ck_assert_msg(rc == SQLITE_OK, "%s: %s", zSql, sqlite3_errmsg(db));
  rc = sqlite3_step(pStmt);
  if (rc == SQLITE_ROW) {
    const unsigned char *z = sqlite3_column_text(pStmt, 0);
    snprintf(zBuf, sizeof(zBuf), "%s", z ? (const char *)z : "");
    for (int i = 1; i < sqlite3_column_count(pStmt); i++) {
      z = sqlite3_column_text(pStmt, i);
      size_t n = strlen(zBuf);
      snprintf(zBuf + n, sizeof(zBuf) - n, "|%s", z ? (const char *)z : "");
    }
  }
  sqlite3_finalize(pStmt);
  return zBuf;
}

static long wt_int(sqlite3 *db, const char *zSql) { return atol(wt_str(db, zSql)); }

static long wt_size(const char *zPath) {
  struct stat st;
  return stat(zPath, &st) == 0 ? (long)st.st_size : -1;
}

/* Copies zFrom to zTo byte for byte (the "crash" snapshot of a file). */
static void wt_copy(const char *zFrom, const char *zTo) {
  long n = 0;
  unsigned char *a = tu_read_file(zFrom, &n);
  FILE *f = fopen(zTo, "wb");
  ck_assert_ptr_nonnull(f);
  if (a && n > 0) ck_assert_int_eq(fwrite(a, 1, (size_t)n, f), (size_t)n);
  fclose(f);
  free(a);
}

static void wt_truncate(const char *zPath, long n) { ck_assert_int_eq(truncate(zPath, n), 0); }

/* Flips one byte of a file at offset off. */
static void wt_flip(const char *zPath, long off) {
  FILE *f = fopen(zPath, "r+b");
  ck_assert_ptr_nonnull(f);
  fseek(f, off, SEEK_SET);
  int c = fgetc(f);
  fseek(f, off, SEEK_SET);
  fputc(c ^ 0x5a, f);
  fclose(f);
}

/* A WAL database with table t(a, b) and nRow rows, kept open. */
static sqlite3 *wt_make(const char *zPath, int nRow) {
  sqlite3 *db = wt_open(zPath);
  ck_assert_str_eq(wt_str(db, "PRAGMA journal_mode=wal"), "wal");
  wt_ok(db, "CREATE TABLE t(a INTEGER PRIMARY KEY, b)");
  char zSql[200];
  snprintf(zSql, sizeof(zSql),
           "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x<%d) "
           "INSERT INTO t SELECT x, randomblob(100) FROM c", nRow);
  wt_ok(db, zSql);
  return db;
}

START_TEST(test_mode_persists) {
  char *zDir = tu_mkdtemp();
  char zDb[600]; /* tu_path's buffers rotate: keep our own copy */
  snprintf(zDb, sizeof(zDb), "%s", tu_path(zDir, "a.db"));
  sqlite3 *db = wt_make(zDb, 10);
  ck_assert(tu_exists(tu_path(zDir, "a.db-wal")));
  ck_assert(tu_exists(tu_path(zDir, "a.db-shm")));
  sqlite3_close(db);
  /* the last close checkpoints and removes both files */
  ck_assert(!tu_exists(tu_path(zDir, "a.db-wal")));
  ck_assert(!tu_exists(tu_path(zDir, "a.db-shm")));
  long n = 0;
  unsigned char *a = tu_read_file(zDb, &n);
  ck_assert(n >= 100 && a[18] == 2 && a[19] == 2);
  free(a);
  db = wt_open(zDb);
  ck_assert_str_eq(wt_str(db, "PRAGMA journal_mode"), "wal");
  ck_assert_int_eq(wt_int(db, "SELECT count(*) FROM t"), 10);
  ck_assert_str_eq(wt_str(db, "PRAGMA journal_mode=delete"), "delete");
  sqlite3_close(db);
  a = tu_read_file(zDb, &n);
  ck_assert(a[18] == 1 && a[19] == 1);
  free(a);
  db = wt_open(zDb);
  ck_assert_str_eq(wt_str(db, "PRAGMA journal_mode"), "delete");
  ck_assert_str_eq(wt_str(db, "PRAGMA integrity_check"), "ok");
  sqlite3_close(db);
  tu_rmdir(zDir);
}
END_TEST

START_TEST(test_memory_stays_out) {
  sqlite3 *db = wt_open(":memory:");
  ck_assert_str_eq(wt_str(db, "PRAGMA journal_mode=wal"), "memory");
  sqlite3_close(db);
  db = wt_open("");
  ck_assert_str_eq(wt_str(db, "PRAGMA journal_mode=wal"), "delete");
  sqlite3_close(db);
}
END_TEST

START_TEST(test_snapshot_isolation) {
  char *zDir = tu_mkdtemp();
  char zDb[600]; /* tu_path's buffers rotate: keep our own copy */
  snprintf(zDb, sizeof(zDb), "%s", tu_path(zDir, "a.db"));
  sqlite3 *w = wt_make(zDb, 5);
  sqlite3 *r = wt_open(zDb);
  wt_ok(r, "BEGIN");
  ck_assert_int_eq(wt_int(r, "SELECT count(*) FROM t"), 5);
  wt_ok(w, "INSERT INTO t(b) VALUES (1), (2)");
  wt_ok(w, "DELETE FROM t WHERE a = 1");
  ck_assert_int_eq(wt_int(w, "SELECT count(*) FROM t"), 6);
  ck_assert_int_eq(wt_int(r, "SELECT count(*) FROM t"), 5); /* its snapshot */
  ck_assert_int_eq(wt_int(r, "SELECT min(a) FROM t"), 1);
  /* the stale snapshot may not write */
  int rc = wt_exec(r, "INSERT INTO t(b) VALUES (3)");
  ck_assert_int_eq(rc, SQLITE_BUSY);
  ck_assert_int_eq(sqlite3_extended_errcode(r), SQLITE_BUSY_SNAPSHOT);
  wt_ok(r, "COMMIT");
  ck_assert_int_eq(wt_int(r, "SELECT count(*) FROM t"), 6);
  sqlite3_close(r);
  sqlite3_close(w);
  tu_rmdir(zDir);
}
END_TEST

START_TEST(test_one_writer) {
  char *zDir = tu_mkdtemp();
  char zDb[600]; /* tu_path's buffers rotate: keep our own copy */
  snprintf(zDb, sizeof(zDb), "%s", tu_path(zDir, "a.db"));
  sqlite3 *a = wt_make(zDb, 5);
  sqlite3 *b = wt_open(zDb);
  wt_ok(a, "BEGIN IMMEDIATE");
  wt_ok(a, "INSERT INTO t(b) VALUES (1)");
  ck_assert_int_eq(wt_exec(b, "INSERT INTO t(b) VALUES (2)"), SQLITE_BUSY);
  ck_assert_int_eq(wt_int(b, "SELECT count(*) FROM t"), 5); /* readers go on */
  wt_ok(a, "ROLLBACK");
  ck_assert_int_eq(wt_int(a, "SELECT count(*) FROM t"), 5);
  wt_ok(b, "INSERT INTO t(b) VALUES (2)");
  ck_assert_int_eq(wt_int(a, "SELECT count(*) FROM t"), 6);
  sqlite3_close(b);
  sqlite3_close(a);
  tu_rmdir(zDir);
}
END_TEST

/* Copies db and log while a transaction is open (the "crash"), opens the
** copy: committed rows only, the index rebuilt from the log. */
START_TEST(test_crash_recovery) {
  char *zDir = tu_mkdtemp();
  char zDb[600]; /* tu_path's buffers rotate: keep our own copy */
  snprintf(zDb, sizeof(zDb), "%s", tu_path(zDir, "a.db"));
  sqlite3 *db = wt_make(zDb, 20);
  wt_ok(db, "PRAGMA wal_autocheckpoint=0");
  wt_ok(db, "INSERT INTO t(b) VALUES ('committed')");
  wt_ok(db, "BEGIN");
  wt_ok(db, "INSERT INTO t(b) SELECT b FROM t");
  wt_copy(zDb, tu_path(zDir, "c.db"));
  wt_copy(tu_path(zDir, "a.db-wal"), tu_path(zDir, "c.db-wal"));
  wt_copy(tu_path(zDir, "a.db-shm"), tu_path(zDir, "c.db-shm")); /* stale index */
  wt_ok(db, "COMMIT");
  sqlite3_close(db);
  sqlite3 *c = wt_open(tu_path(zDir, "c.db"));
  ck_assert_int_eq(wt_int(c, "SELECT count(*) FROM t"), 21);
  ck_assert_str_eq(wt_str(c, "SELECT b FROM t ORDER BY a DESC LIMIT 1"), "committed");
  ck_assert_str_eq(wt_str(c, "PRAGMA integrity_check"), "ok");
  sqlite3_close(c);
  tu_rmdir(zDir);
}
END_TEST

/* A torn last commit (log cut inside it) and a corrupted frame both end
** the log at the previous commit frame. */
START_TEST(test_torn_and_corrupt_log) {
  char *zDir = tu_mkdtemp();
  char zDb[600]; /* tu_path's buffers rotate: keep our own copy */
  snprintf(zDb, sizeof(zDb), "%s", tu_path(zDir, "a.db"));
  sqlite3 *db = wt_make(zDb, 3);
  wt_ok(db, "PRAGMA wal_autocheckpoint=0");
  long nBefore = wt_size(tu_path(zDir, "a.db-wal"));
  wt_ok(db, "INSERT INTO t(b) SELECT randomblob(3000) FROM t"); /* several frames */
  long nAfter = wt_size(tu_path(zDir, "a.db-wal"));
  ck_assert(nAfter > nBefore + 2 * (4096 + 24));
  for (int iCase = 0; iCase < 2; iCase++) {
    char zCopy[600];
    snprintf(zCopy, sizeof(zCopy), "%s", tu_path(zDir, iCase ? "d.db" : "c.db"));
    char zWal[700];
    snprintf(zWal, sizeof(zWal), "%s-wal", zCopy);
    wt_copy(zDb, zCopy);
    wt_copy(tu_path(zDir, "a.db-wal"), zWal);
    if (iCase == 0) wt_truncate(zWal, nAfter - 100);
    else wt_flip(zWal, nBefore + 24 + 50); /* page bytes of the first new frame */
    sqlite3 *c = wt_open(zCopy);
    ck_assert_int_eq(wt_int(c, "SELECT count(*) FROM t"), 3);
    ck_assert_str_eq(wt_str(c, "PRAGMA integrity_check"), "ok");
    wt_ok(c, "INSERT INTO t(b) VALUES (1)"); /* the log goes on from there */
    ck_assert_int_eq(wt_int(c, "SELECT count(*) FROM t"), 4);
    sqlite3_close(c);
    c = wt_open(zCopy);
    ck_assert_int_eq(wt_int(c, "SELECT count(*) FROM t"), 4);
    sqlite3_close(c);
  }
  sqlite3_close(db);
  tu_rmdir(zDir);
}
END_TEST

START_TEST(test_checkpoint_modes) {
  char *zDir = tu_mkdtemp();
  char zDb[600]; /* tu_path's buffers rotate: keep our own copy */
  snprintf(zDb, sizeof(zDb), "%s", tu_path(zDir, "a.db"));
  sqlite3 *w = wt_make(zDb, 5);
  wt_ok(w, "PRAGMA wal_autocheckpoint=0");
  sqlite3 *r = wt_open(zDb);
  wt_ok(r, "BEGIN");
  ck_assert_int_eq(wt_int(r, "SELECT count(*) FROM t"), 5);
  int nLog0 = -2, nCkpt0 = -2;
  ck_assert_int_eq(sqlite3_wal_checkpoint_v2(w, NULL, SQLITE_CHECKPOINT_PASSIVE, &nLog0, &nCkpt0),
                   SQLITE_OK);
  ck_assert(nLog0 > 0 && nCkpt0 == nLog0); /* nothing newer than r's snapshot yet */
  wt_ok(w, "INSERT INTO t(b) VALUES (1)");
  int nLog = -2, nCkpt = -2;
  ck_assert_int_eq(sqlite3_wal_checkpoint_v2(w, NULL, SQLITE_CHECKPOINT_PASSIVE, &nLog, &nCkpt),
                   SQLITE_OK);
  ck_assert(nLog > nLog0 && nCkpt == nLog0); /* r pins its frames */
  ck_assert_int_eq(sqlite3_wal_checkpoint_v2(w, NULL, SQLITE_CHECKPOINT_FULL, &nLog, &nCkpt),
                   SQLITE_BUSY);
  ck_assert_int_eq(wt_int(r, "SELECT count(*) FROM t"), 5);
  wt_ok(r, "COMMIT");
  ck_assert_int_eq(sqlite3_wal_checkpoint_v2(w, NULL, SQLITE_CHECKPOINT_RESTART, &nLog, &nCkpt),
                   SQLITE_OK);
  ck_assert(nLog > 0 && nCkpt == nLog);
  ck_assert_str_eq(wt_str(w, "PRAGMA wal_checkpoint(TRUNCATE)"), "0|0|0");
  ck_assert_int_eq(wt_size(tu_path(zDir, "a.db-wal")), 0);
  ck_assert_int_eq(wt_int(r, "SELECT count(*) FROM t"), 6);
  wt_ok(w, "INSERT INTO t(b) VALUES (2)"); /* a new log generation */
  ck_assert_int_eq(wt_int(r, "SELECT count(*) FROM t"), 7);
  ck_assert_str_eq(wt_str(r, "PRAGMA integrity_check"), "ok");
  sqlite3_close(r);
  sqlite3_close(w);
  tu_rmdir(zDir);
}
END_TEST

START_TEST(test_autocheckpoint) {
  char *zDir = tu_mkdtemp();
  char zDb[600]; /* tu_path's buffers rotate: keep our own copy */
  snprintf(zDb, sizeof(zDb), "%s", tu_path(zDir, "a.db"));
  sqlite3 *db = wt_make(zDb, 5);
  ck_assert_int_eq(wt_int(db, "PRAGMA wal_autocheckpoint"), 1000);
  ck_assert_int_eq(wt_int(db, "PRAGMA wal_autocheckpoint=10"), 10);
  for (int i = 0; i < 200; i++) wt_ok(db, "INSERT INTO t(b) VALUES (randomblob(500))");
  /* restarted again and again: the log never grows far past 10 frames */
  ck_assert(wt_size(tu_path(zDir, "a.db-wal")) < 32 + 16 * (4096 + 24));
  ck_assert_int_eq(wt_int(db, "SELECT count(*) FROM t"), 205);
  wt_ok(db, "PRAGMA wal_autocheckpoint=0");
  for (int i = 0; i < 50; i++) wt_ok(db, "INSERT INTO t(b) VALUES (randomblob(500))");
  ck_assert(wt_size(tu_path(zDir, "a.db-wal")) > 32 + 40 * (4096 + 24));
  sqlite3_close(db);
  db = wt_open(zDb);
  ck_assert_int_eq(wt_int(db, "SELECT count(*) FROM t"), 255);
  ck_assert_str_eq(wt_str(db, "PRAGMA integrity_check"), "ok");
  sqlite3_close(db);
  tu_rmdir(zDir);
}
END_TEST

START_TEST(test_savepoint_rollback) {
  char *zDir = tu_mkdtemp();
  char zDb[600]; /* tu_path's buffers rotate: keep our own copy */
  snprintf(zDb, sizeof(zDb), "%s", tu_path(zDir, "a.db"));
  sqlite3 *db = wt_make(zDb, 50);
  wt_ok(db, "BEGIN");
  wt_ok(db, "INSERT INTO t(b) SELECT b FROM t");
  wt_ok(db, "SAVEPOINT s");
  wt_ok(db, "DELETE FROM t WHERE a % 2 = 0");
  wt_ok(db, "ROLLBACK TO s");
  ck_assert_int_eq(wt_int(db, "SELECT count(*) FROM t"), 100);
  wt_ok(db, "ROLLBACK");
  ck_assert_int_eq(wt_int(db, "SELECT count(*) FROM t"), 50);
  ck_assert_str_eq(wt_str(db, "PRAGMA integrity_check"), "ok");
  sqlite3_close(db);
  tu_rmdir(zDir);
}
END_TEST

/* An allocation failure anywhere in a WAL read, write, commit or
** checkpoint gives an error, leaks nothing, and leaves the database with
** the transaction either done or not. */
START_TEST(test_oom) {
  char *zDir = tu_mkdtemp();
  char zDb[600];
  snprintf(zDb, sizeof(zDb), "%s", tu_path(zDir, "a.db"));
  sqlite3 *db = wt_make(zDb, 20);
  sqlite3_close(db);
  long nRow = 20;
  int nFailed = 0;
  for (int n = 1; n < 400; n++) {
    i64 base = mem_used();
    sqlite3 *c = NULL;
    mem_fault_countdown(n, 0);
    int rc = sqlite3_open(zDb, &c);
    if (rc == SQLITE_OK) rc = wt_exec(c, "INSERT INTO t(b) VALUES (randomblob(5000))");
    if (rc == SQLITE_OK) rc = wt_exec(c, "PRAGMA wal_checkpoint(TRUNCATE)");
    int bFault = mem_fault_count() > 0;
    mem_fault_countdown(0, 0);
    nFailed += rc != SQLITE_OK;
    ck_assert_msg(rc == SQLITE_OK || bFault, "n=%d rc=%d without a fault", n, rc);
    sqlite3_close(c);
    ck_assert_msg(mem_used() == base, "n=%d leaked %lld", n, (long long)(mem_used() - base));
    c = wt_open(zDb);
    long nNow = wt_int(c, "SELECT count(*) FROM t");
    ck_assert_msg(nNow == nRow || nNow == nRow + 1, "n=%d rows %ld after %ld", n, nNow, nRow);
    ck_assert_str_eq(wt_str(c, "PRAGMA integrity_check"), "ok");
    nRow = nNow;
    sqlite3_close(c);
    if (!bFault) break; /* the whole run fit below n allocations */
  }
  ck_assert(nFailed > 10);
  tu_rmdir(zDir);
}
END_TEST

int main(void) {
  Suite *s = suite_create("wal");
  TCase *tc = tcase_create("core");
  tcase_set_timeout(tc, 60);
  tcase_add_test(tc, test_mode_persists);
  tcase_add_test(tc, test_memory_stays_out);
  tcase_add_test(tc, test_snapshot_isolation);
  tcase_add_test(tc, test_one_writer);
  tcase_add_test(tc, test_crash_recovery);
  tcase_add_test(tc, test_torn_and_corrupt_log);
  tcase_add_test(tc, test_checkpoint_modes);
  tcase_add_test(tc, test_autocheckpoint);
  tcase_add_test(tc, test_savepoint_rollback);
  tcase_add_test(tc, test_oom);
  suite_add_tcase(s, tc);
  SRunner *sr = srunner_create(s);
  srunner_run_all(sr, CK_NORMAL);
  int nFail = srunner_ntests_failed(sr);
  srunner_free(sr);
  return nFail == 0 ? 0 : 1;
}
