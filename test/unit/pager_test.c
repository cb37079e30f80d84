/*
** pager_test.c: engine/pager.c and engine/pcache.c.
**
** Pages are "stamped": page 1 carries a valid SQLite header (magic, page
** size) so real sqlite3 can open the files; every other page holds its
** page number and a transaction number in its first 8 bytes and a fill
** byte derived from both everywhere else.
**
** Interop tests drive the real sqlite3 shell (or python3's sqlite3 module)
** to produce and consume hot journals; they are skipped when the tool is
** missing.
*/
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>

#include "engine/pager.h"
#include "test/unit/test_util.h"

static char *zDir;

static void setup(void) { zDir = tu_mkdtemp(); }
static void teardown(void) {
  tu_rmdir(zDir);
  zDir = NULL;
}

/* ---- helpers ---------------------------------------------------------- */

static void write_db_header(u8 *a, u32 pageSize) {
  memset(a, 0, 100);
  memcpy(a, "SQLite format 3", 16);
  put2(a + 16, pageSize == 65536 ? 1 : pageSize);
  a[18] = a[19] = 1;
  a[21] = 64;
  a[22] = 32;
  a[23] = 32;
  put4(a + 44, 4);
  put4(a + 56, 1);
  /* an empty table-leaf b-tree page after the header, as an empty db has */
  a[100] = 13;
  put2(a + 105, pageSize == 65536 ? 0 : pageSize);
}

static void stamp(u8 *a, u32 pgno, u32 txn, u32 pageSize) {
  memset(a, (int)((pgno * 7 + txn) & 0xff), pageSize);
  put4(a, pgno);
  put4(a + 4, txn);
}

static int stamp_ok(const u8 *a, u32 pgno, u32 txn, u32 pageSize) {
  if (get4(a) != pgno || get4(a + 4) != txn) return 0;
  for (u32 i = 8; i < pageSize; i++) {
    if (a[i] != (u8)((pgno * 7 + txn) & 0xff)) return 0;
  }
  return 1;
}

static Pager *open_pager(const char *zPath) {
  Pager *p = NULL;
  int rc = pager_open(io_default(), zPath, 0, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, 16, &p);
  ck_assert_int_eq(rc, SQLITE_OK);
  ck_assert_ptr_nonnull(p);
  return p;
}

/* One committed transaction: page 1 gets a header, pages 2..nPage the
** stamp txn.  Leaves the pager with no lock. */
static void write_txn(Pager *p, u32 nPage, u32 txn) {
  ck_assert_int_eq(pager_write_begin(p, 0), SQLITE_OK);
  for (u32 i = 1; i <= nPage; i++) {
    PgPage *pg;
    ck_assert_int_eq(pager_get(p, i, 0, &pg), SQLITE_OK);
    ck_assert_int_eq(pager_write(pg), SQLITE_OK);
    if (i == 1) {
      u8 aSave[8];
      memcpy(aSave, pg->aData + 24, 8); /* keep the pager's counter */
      write_db_header(pg->aData, pager_page_size(p));
      memcpy(pg->aData + 24, aSave, 8);
      put4(pg->aData + 60, txn); /* user_version: the txn number */
    } else {
      stamp(pg->aData, i, txn, pager_page_size(p));
    }
    pager_unref(pg);
  }
  if (pager_page_count(p) > nPage) pager_truncate_image(p, nPage);
  ck_assert_int_eq(pager_commit(p), SQLITE_OK);
  pager_read_end(p);
}

static void check_txn(Pager *p, u32 nPage, u32 txn) {
  ck_assert_int_eq(pager_read_begin(p), SQLITE_OK);
  ck_assert_uint_eq(pager_page_count(p), nPage);
  for (u32 i = 2; i <= nPage; i++) {
    PgPage *pg;
    ck_assert_int_eq(pager_get(p, i, 0, &pg), SQLITE_OK);
    ck_assert_msg(stamp_ok(pg->aData, i, txn, pager_page_size(p)), "page %u not txn %u", i, txn);
    pager_unref(pg);
  }
  pager_read_end(p);
}

static const char *db_path(void) { return tu_path(zDir, "test.db"); }
static const char *journal_path(void) { return tu_path(zDir, "test.db-journal"); }

/* ---- basic life cycle --------------------------------------------------- */

START_TEST(test_commit_reopen) {
  Pager *p = open_pager(db_path());
  ck_assert_int_eq(pager_read_begin(p), SQLITE_OK);
  ck_assert_uint_eq(pager_page_count(p), 0);
  ck_assert_uint_eq(pager_page_size(p), 4096);
  pager_read_end(p);
  write_txn(p, 10, 1);
  ck_assert(!tu_exists(journal_path()));
  pager_close(p);
  long n;
  u8 *a = tu_read_file(db_path(), &n);
  ck_assert_int_eq(n, 10 * 4096);
  ck_assert_uint_eq(get4(a + 24), 1);      /* change counter */
  ck_assert_uint_eq(get4(a + 28), 10);     /* page count */
  ck_assert_uint_eq(get4(a + 92), 1);      /* version-valid-for */
  ck_assert_uint_eq(get4(a + 96), 3040001);
  free(a);
  p = open_pager(db_path());
  check_txn(p, 10, 1);
  write_txn(p, 12, 2);
  check_txn(p, 12, 2);
  pager_close(p);
  a = tu_read_file(db_path(), &n);
  ck_assert_uint_eq(get4(a + 24), 2);
  ck_assert_uint_eq(get4(a + 28), 12);
  free(a);
  /* real sqlite3 accepts the file */
  char zCmd[800];
  snprintf(zCmd, sizeof(zCmd), "sqlite3 '%s' 'PRAGMA user_version' | grep -qx 2", db_path());
  ck_assert_int_eq(tu_sh(zCmd), 0);
}
END_TEST

START_TEST(test_rollback_byte_identical) {
  Pager *p = open_pager(db_path());
  write_txn(p, 20, 1);
  long n0;
  u8 *a0 = tu_read_file(db_path(), &n0);
  ck_assert_int_eq(pager_write_begin(p, 0), SQLITE_OK);
  for (u32 i = 2; i <= 25; i += 3) {
    PgPage *pg;
    ck_assert_int_eq(pager_get(p, i, 0, &pg), SQLITE_OK);
    ck_assert_int_eq(pager_write(pg), SQLITE_OK);
    ck_assert(pager_is_writable(pg));
    stamp(pg->aData, i, 9, 4096);
    pager_unref(pg);
  }
  ck_assert_uint_eq(pager_page_count(p), 23);
  ck_assert(tu_exists(journal_path()));
  ck_assert_int_eq(pager_rollback(p), SQLITE_OK);
  ck_assert(!tu_exists(journal_path()));
  ck_assert_uint_eq(pager_page_count(p), 20);
  /* cached pages are the old ones again */
  PgPage *pg;
  ck_assert_int_eq(pager_get(p, 5, 0, &pg), SQLITE_OK);
  ck_assert(stamp_ok(pg->aData, 5, 1, 4096));
  ck_assert(!pager_is_writable(pg));
  pager_unref(pg);
  pager_read_end(p);
  long n1;
  u8 *a1 = tu_read_file(db_path(), &n1);
  ck_assert_int_eq(n0, n1);
  ck_assert(memcmp(a0, a1, (size_t)n0) == 0);
  free(a0);
  free(a1);
  check_txn(p, 20, 1);
  pager_close(p);
}
END_TEST

/* A rollback after the database file was written (commit phase one done)
** plays the journal back. */
START_TEST(test_rollback_after_phase_one) {
  Pager *p = open_pager(db_path());
  write_txn(p, 8, 1);
  long n0;
  u8 *a0 = tu_read_file(db_path(), &n0);
  ck_assert_int_eq(pager_write_begin(p, 0), SQLITE_OK);
  for (u32 i = 2; i <= 12; i++) {
    PgPage *pg;
    ck_assert_int_eq(pager_get(p, i, 0, &pg), SQLITE_OK);
    ck_assert_int_eq(pager_write(pg), SQLITE_OK);
    stamp(pg->aData, i, 2, 4096);
    pager_unref(pg);
  }
  ck_assert_int_eq(pager_commit_phase_one(p), SQLITE_OK);
  long n;
  u8 *a = tu_read_file(db_path(), &n);
  ck_assert_int_eq(n, 12 * 4096); /* the file was written */
  free(a);
  ck_assert_int_eq(pager_rollback(p), SQLITE_OK);
  pager_read_end(p);
  u8 *a1 = tu_read_file(db_path(), &n);
  ck_assert_int_eq(n, n0);
  ck_assert(memcmp(a0, a1, (size_t)n) == 0);
  free(a0);
  free(a1);
  check_txn(p, 8, 1);
  pager_close(p);
}
END_TEST

START_TEST(test_truncate_image) {
  Pager *p = open_pager(db_path());
  write_txn(p, 30, 1);
  long n0;
  u8 *a0 = tu_read_file(db_path(), &n0);
  /* shrink, then roll back */
  ck_assert_int_eq(pager_write_begin(p, 0), SQLITE_OK);
  pager_truncate_image(p, 10);
  ck_assert_uint_eq(pager_page_count(p), 10);
  ck_assert_int_eq(pager_commit_phase_one(p), SQLITE_OK);
  long n;
  free(tu_read_file(db_path(), &n));
  ck_assert_int_eq(n, 10 * 4096);
  ck_assert_int_eq(pager_rollback(p), SQLITE_OK);
  pager_read_end(p);
  u8 *a1 = tu_read_file(db_path(), &n);
  ck_assert_int_eq(n, n0);
  ck_assert(memcmp(a0, a1, (size_t)n) == 0);
  free(a1);
  free(a0);
  check_txn(p, 30, 1);
  /* shrink and commit */
  ck_assert_int_eq(pager_write_begin(p, 0), SQLITE_OK);
  pager_truncate_image(p, 10);
  ck_assert_int_eq(pager_commit(p), SQLITE_OK);
  pager_read_end(p);
  check_txn(p, 10, 1);
  pager_close(p);
  free(tu_read_file(db_path(), &n));
  ck_assert_int_eq(n, 10 * 4096);
}
END_TEST

START_TEST(test_nocontent_and_lookup) {
  Pager *p = open_pager(db_path());
  write_txn(p, 5, 1);
  ck_assert_int_eq(pager_write_begin(p, 0), SQLITE_OK);
  PgPage *pg;
  ck_assert_int_eq(pager_get(p, 3, PAGER_GET_NOCONTENT, &pg), SQLITE_OK);
  ck_assert_int_eq(pager_write(pg), SQLITE_OK);
  stamp(pg->aData, 3, 2, 4096);
  PgPage *pg2 = pager_lookup(p, 3);
  ck_assert_ptr_eq(pg2, pg);
  pager_unref(pg2);
  pager_unref(pg);
  ck_assert_ptr_null(pager_lookup(p, 40));
  /* the journal must hold page 3's real original: roll back and look */
  ck_assert_int_eq(pager_commit_phase_one(p), SQLITE_OK);
  ck_assert_int_eq(pager_rollback(p), SQLITE_OK);
  pager_read_end(p);
  check_txn(p, 5, 1);
  /* pgno 0 and absurd numbers are corruption */
  ck_assert_int_eq(pager_read_begin(p), SQLITE_OK);
  ck_assert_int_eq(pager_get(p, 0, 0, &pg), SQLITE_CORRUPT);
  ck_assert_ptr_null(pg);
  ck_assert_int_eq(pager_get(p, 0x7fffffff, 0, &pg), SQLITE_CORRUPT);
  pager_read_end(p);
  pager_close(p);
}
END_TEST

/* ---- header and page size ------------------------------------------- */

START_TEST(test_page_size_from_header) {
  char zCmd[800];
  snprintf(zCmd, sizeof(zCmd),
           "sqlite3 '%s' 'PRAGMA page_size=1024; CREATE TABLE t(x); INSERT INTO t VALUES(1)'",
           db_path());
  ck_assert_int_eq(tu_sh(zCmd), 0);
  Pager *p = open_pager(db_path());
  ck_assert_int_eq(pager_read_begin(p), SQLITE_OK);
  ck_assert_uint_eq(pager_page_size(p), 1024);
  ck_assert_uint_eq(pager_page_count(p), 2);
  pager_read_end(p);
  pager_close(p);
  /* page size set before the file exists is used */
  p = open_pager(tu_path(zDir, "b.db"));
  pager_set_page_size(p, 8192);
  write_txn(p, 3, 1);
  ck_assert_uint_eq(pager_page_size(p), 8192);
  pager_set_page_size(p, 512); /* too late: ignored */
  ck_assert_uint_eq(pager_page_size(p), 8192);
  pager_close(p);
  long n;
  free(tu_read_file(tu_path(zDir, "b.db"), &n));
  ck_assert_int_eq(n, 3 * 8192);
  /* 65536 is stored as 1 */
  p = open_pager(tu_path(zDir, "c.db"));
  pager_set_page_size(p, 65536);
  write_txn(p, 2, 1);
  pager_close(p);
  p = open_pager(tu_path(zDir, "c.db"));
  check_txn(p, 2, 1);
  ck_assert_uint_eq(pager_page_size(p), 65536);
  pager_close(p);
}
END_TEST

START_TEST(test_bad_header) {
  FILE *f = fopen(db_path(), "wb");
  char aJunk[4096];
  memset(aJunk, 'x', sizeof(aJunk));
  fwrite(aJunk, 1, sizeof(aJunk), f);
  fclose(f);
  Pager *p = open_pager(db_path());
  ck_assert_int_eq(pager_read_begin(p), SQLITE_NOTADB);
  pager_close(p);
  u8 aHdr[4096];
  write_db_header(aHdr, 4096);
  put2(aHdr + 16, 1000); /* not a power of two */
  f = fopen(db_path(), "wb");
  fwrite(aHdr, 1, sizeof(aHdr), f);
  fclose(f);
  p = open_pager(db_path());
  ck_assert_int_eq(pager_read_begin(p), SQLITE_CORRUPT);
  pager_close(p);
}
END_TEST

/* ---- savepoints ---------------------------------------------------------- */

static void set_page(Pager *p, u32 pgno, u32 txn) {
  PgPage *pg;
  ck_assert_int_eq(pager_get(p, pgno, 0, &pg), SQLITE_OK);
  ck_assert_int_eq(pager_write(pg), SQLITE_OK);
  stamp(pg->aData, pgno, txn, pager_page_size(p));
  pager_unref(pg);
}

static void expect_page(Pager *p, u32 pgno, u32 txn) {
  PgPage *pg;
  ck_assert_int_eq(pager_get(p, pgno, 0, &pg), SQLITE_OK);
  ck_assert_msg(stamp_ok(pg->aData, pgno, txn, pager_page_size(p)), "page %u want %u got %u",
                pgno, txn, get4(pg->aData + 4));
  pager_unref(pg);
}

static void savepoint_scenario(Pager *p) {
  write_txn(p, 10, 1);
  ck_assert_int_eq(pager_write_begin(p, 0), SQLITE_OK);
  set_page(p, 2, 2);
  ck_assert_int_eq(pager_savepoint_open(p, 1), SQLITE_OK);
  ck_assert_int_eq(pager_savepoint_count(p), 1);
  set_page(p, 2, 3);
  set_page(p, 3, 3);
  set_page(p, 11, 3); /* grows the db */
  ck_assert_int_eq(pager_savepoint_open(p, 2), SQLITE_OK);
  set_page(p, 3, 4);
  set_page(p, 4, 4);
  set_page(p, 12, 4);
  ck_assert_uint_eq(pager_page_count(p), 12);
  ck_assert_int_eq(pager_savepoint(p, PAGER_SAVEPOINT_ROLLBACK, 1), SQLITE_OK);
  ck_assert_int_eq(pager_savepoint_count(p), 2);
  ck_assert_uint_eq(pager_page_count(p), 11);
  expect_page(p, 2, 3);
  expect_page(p, 3, 3);
  expect_page(p, 4, 1);
  expect_page(p, 11, 3);
  /* savepoint 1 stays open: change and roll back again */
  set_page(p, 4, 5);
  ck_assert_int_eq(pager_savepoint(p, PAGER_SAVEPOINT_ROLLBACK, 1), SQLITE_OK);
  expect_page(p, 4, 1);
  ck_assert_int_eq(pager_savepoint(p, PAGER_SAVEPOINT_ROLLBACK, 0), SQLITE_OK);
  ck_assert_int_eq(pager_savepoint_count(p), 1);
  ck_assert_uint_eq(pager_page_count(p), 10);
  expect_page(p, 2, 2);
  expect_page(p, 3, 1);
  /* release keeps changes */
  ck_assert_int_eq(pager_savepoint_open(p, 2), SQLITE_OK);
  set_page(p, 5, 6);
  ck_assert_int_eq(pager_savepoint(p, PAGER_SAVEPOINT_RELEASE, 0), SQLITE_OK);
  ck_assert_int_eq(pager_savepoint_count(p), 0);
  expect_page(p, 5, 6);
  /* after a savepoint rollback and release, the txn rollback still
  ** restores pages first changed inside the savepoint */
  ck_assert_int_eq(pager_savepoint_open(p, 1), SQLITE_OK);
  set_page(p, 7, 7);
  ck_assert_int_eq(pager_savepoint(p, PAGER_SAVEPOINT_ROLLBACK, 0), SQLITE_OK);
  ck_assert_int_eq(pager_savepoint(p, PAGER_SAVEPOINT_RELEASE, 0), SQLITE_OK);
  set_page(p, 7, 8);
  ck_assert_int_eq(pager_commit(p), SQLITE_OK);
  expect_page(p, 2, 2);
  expect_page(p, 3, 1);
  expect_page(p, 5, 6);
  expect_page(p, 7, 8);
  ck_assert_uint_eq(pager_page_count(p), 10);
  pager_read_end(p);
  /* whole-transaction rollback through nested savepoints */
  ck_assert_int_eq(pager_write_begin(p, 0), SQLITE_OK);
  ck_assert_int_eq(pager_savepoint_open(p, 1), SQLITE_OK);
  set_page(p, 8, 9);
  ck_assert_int_eq(pager_savepoint(p, PAGER_SAVEPOINT_ROLLBACK, 0), SQLITE_OK);
  ck_assert_int_eq(pager_savepoint(p, PAGER_SAVEPOINT_RELEASE, 0), SQLITE_OK);
  set_page(p, 8, 10);
  set_page(p, 9, 10);
  ck_assert_int_eq(pager_rollback(p), SQLITE_OK);
  expect_page(p, 8, 1);
  expect_page(p, 9, 1);
  expect_page(p, 7, 8);
  pager_read_end(p);
}

START_TEST(test_savepoints_file) {
  Pager *p = open_pager(db_path());
  savepoint_scenario(p);
  pager_close(p);
  p = open_pager(db_path());
  ck_assert_int_eq(pager_read_begin(p), SQLITE_OK);
  expect_page(p, 7, 8);
  expect_page(p, 2, 2);
  pager_read_end(p);
  pager_close(p);
}
END_TEST

START_TEST(test_savepoints_memory) {
  Pager *p = NULL;
  ck_assert_int_eq(pager_open(io_default(), NULL, PAGER_MEMORY, 0, 8, &p), SQLITE_OK);
  ck_assert(pager_is_memory(p));
  ck_assert_ptr_null(pager_file(p));
  savepoint_scenario(p);
  pager_close(p);
}
END_TEST

START_TEST(test_savepoints_temp) {
  Pager *p = NULL;
  ck_assert_int_eq(pager_open(io_default(), "", 0, 0, 8, &p), SQLITE_OK);
  ck_assert(!pager_is_memory(p));
  ck_assert_str_eq(pager_filename(p), "");
  pager_set_cache_size(p, 3); /* forces reads back from the temp file */
  savepoint_scenario(p);
  pager_close(p);
}
END_TEST

/* A memory db: the truncated pages come back on rollback. */
START_TEST(test_memory_truncate_rollback) {
  Pager *p = NULL;
  ck_assert_int_eq(pager_open(io_default(), ":memory:", 0, 0, 0, &p), SQLITE_OK);
  write_txn(p, 6, 1);
  ck_assert_int_eq(pager_write_begin(p, 0), SQLITE_OK);
  pager_truncate_image(p, 3);
  ck_assert_uint_eq(pager_page_count(p), 3);
  ck_assert_int_eq(pager_rollback(p), SQLITE_OK);
  ck_assert_uint_eq(pager_page_count(p), 6);
  for (u32 i = 2; i <= 6; i++) expect_page(p, i, 1);
  pager_read_end(p);
  pager_close(p);
}
END_TEST

/* ---- cache ----------------------------------------------------------------- */

START_TEST(test_cache_limit) {
  Pager *p = open_pager(db_path());
  pager_set_page_size(p, 1024);
  write_txn(p, 300, 1);
  pager_close(p);
  p = open_pager(db_path());
  pager_set_cache_size(p, 10);
  i64 before = mem_used();
  ck_assert_int_eq(pager_read_begin(p), SQLITE_OK);
  for (int pass = 0; pass < 2; pass++) {
    for (u32 i = 2; i <= 300; i++) expect_page(p, i, 1);
  }
  int nHit, nMiss, nWrite;
  pager_cache_stats(p, &nHit, &nMiss, &nWrite);
  ck_assert_int_eq(nMiss, 2 * 299 + 0); /* LRU with 10 pages: every read misses */
  ck_assert_int_le(mem_used() - before, 10 * 1200 + 8192);
  /* re-reading one page hits */
  expect_page(p, 300, 1);
  pager_cache_stats(p, &nHit, NULL, NULL);
  ck_assert_int_ge(nHit, 1);
  pager_read_end(p);
  /* KiB form */
  pager_set_cache_size(p, -20);
  before = mem_used();
  ck_assert_int_eq(pager_read_begin(p), SQLITE_OK);
  for (u32 i = 2; i <= 300; i++) expect_page(p, i, 1);
  ck_assert_int_le(mem_used() - before, 20 * 1024 + 8192);
  pager_read_end(p);
  /* a write txn bigger than the cache still works (pages stay dirty) */
  write_txn(p, 300, 2);
  check_txn(p, 300, 2);
  pager_close(p);
}
END_TEST

/* ---- locks between pagers ------------------------------------------------- */

static int nBusyCalls;
static int nBusyAllow;
static int busy_count(void *pArg, int n) {
  ck_assert_int_eq(n, nBusyCalls);
  UNUSED(pArg);
  nBusyCalls++;
  return nBusyCalls <= nBusyAllow;
}

START_TEST(test_two_pagers) {
  Pager *a = open_pager(db_path());
  write_txn(a, 4, 1);
  Pager *b = open_pager(db_path());
  ck_assert_int_eq(pager_write_begin(a, 0), SQLITE_OK);
  ck_assert_int_eq(pager_write_begin(b, 0), SQLITE_BUSY);
  ck_assert(!pager_in_write(b));
  check_txn(b, 4, 1); /* readers coexist with RESERVED */
  set_page(a, 2, 2);
  /* b holds SHARED: a cannot get EXCLUSIVE */
  ck_assert_int_eq(pager_read_begin(b), SQLITE_OK);
  ck_assert_int_eq(pager_commit(a), SQLITE_BUSY);
  ck_assert(pager_in_write(a));
  /* a now holds PENDING: no new reader */
  Pager *c = open_pager(db_path());
  ck_assert_int_eq(pager_read_begin(c), SQLITE_BUSY);
  pager_read_end(b);
  ck_assert_int_eq(pager_commit(a), SQLITE_OK);
  pager_read_end(a);
  /* b's cache is stale; the change counter tells it */
  u32 v0 = pager_data_version(b);
  ck_assert_int_eq(pager_read_begin(b), SQLITE_OK);
  expect_page(b, 2, 2);
  ck_assert_uint_eq(pager_data_version(b), v0 + 1);
  pager_read_end(b);
  /* own commits do not change data_version */
  u32 va = pager_data_version(a);
  write_txn(a, 4, 3);
  ck_assert_uint_eq(pager_data_version(a), va);
  check_txn(c, 4, 3);
  pager_close(c);
  pager_close(b);
  pager_close(a);
}
END_TEST

START_TEST(test_busy_handler_count) {
  Pager *a = open_pager(db_path());
  write_txn(a, 2, 1);
  Pager *b = open_pager(db_path());
  ck_assert_int_eq(pager_write_begin(a, 0), SQLITE_OK);
  pager_set_busy_handler(b, busy_count, NULL);
  nBusyCalls = 0;
  nBusyAllow = 3;
  ck_assert_int_eq(pager_write_begin(b, 0), SQLITE_BUSY);
  ck_assert_int_eq(nBusyCalls, 4);
  /* EXCLUSIVE at commit: b reads, a commits with a busy handler */
  ck_assert_int_eq(pager_read_begin(b), SQLITE_OK);
  set_page(a, 2, 2);
  pager_set_busy_handler(a, busy_count, NULL);
  nBusyCalls = 0;
  nBusyAllow = 5;
  ck_assert_int_eq(pager_commit(a), SQLITE_BUSY);
  ck_assert_int_eq(nBusyCalls, 6);
  /* and SHARED while a holds PENDING */
  pager_read_end(b);
  Pager *c = open_pager(db_path());
  pager_set_busy_handler(c, busy_count, NULL);
  nBusyCalls = 0;
  nBusyAllow = 2;
  ck_assert_int_eq(pager_read_begin(c), SQLITE_BUSY);
  ck_assert_int_eq(nBusyCalls, 3);
  pager_close(c);
  pager_set_busy_handler(a, NULL, NULL);
  ck_assert_int_eq(pager_commit(a), SQLITE_OK);
  pager_read_end(a);
  check_txn(b, 2, 2);
  pager_close(b);
  pager_close(a);
}
END_TEST

/* BEGIN EXCLUSIVE semantics and readonly pagers. */
START_TEST(test_exclusive_and_readonly) {
  Pager *a = open_pager(db_path());
  write_txn(a, 2, 1);
  Pager *b = open_pager(db_path());
  ck_assert_int_eq(pager_write_begin(a, 1), SQLITE_OK);
  ck_assert_int_eq(pager_read_begin(b), SQLITE_BUSY);
  ck_assert_int_eq(pager_rollback(a), SQLITE_OK);
  pager_read_end(a);
  ck_assert_int_eq(pager_read_begin(b), SQLITE_OK);
  pager_read_end(b);
  pager_close(b);
  Pager *r = NULL;
  ck_assert_int_eq(pager_open(io_default(), db_path(), 0, SQLITE_OPEN_READONLY, 0, &r), SQLITE_OK);
  ck_assert(pager_is_readonly(r));
  ck_assert_int_eq(pager_write_begin(r, 0), SQLITE_READONLY);
  check_txn(r, 2, 1);
  pager_close(r);
  pager_close(a);
  /* a missing file without CREATE cannot be opened */
  ck_assert_int_eq(pager_open(io_default(), tu_path(zDir, "none.db"), 0, SQLITE_OPEN_READWRITE,
                              0, &r), SQLITE_CANTOPEN);
  ck_assert_ptr_null(r);
}
END_TEST

/* ---- journal format -------------------------------------------------------- */

START_TEST(test_journal_format) {
  Pager *p = open_pager(db_path());
  write_txn(p, 4, 1);
  ck_assert_int_eq(pager_write_begin(p, 0), SQLITE_OK);
  set_page(p, 3, 2);
  set_page(p, 6, 2);
  long n;
  u8 *a = tu_read_file(journal_path(), &n);
  static const u8 aMagic[8] = {0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7};
  ck_assert(memcmp(a, aMagic, 8) == 0);
  ck_assert_uint_eq(get4(a + 8), 0);     /* count patched at sync */
  ck_assert_uint_eq(get4(a + 16), 4);    /* original size */
  u32 sector = get4(a + 20);
  ck_assert_uint_eq(sector, 512);
  ck_assert_uint_eq(get4(a + 24), 4096);
  ck_assert_int_eq(n, (long)sector + 4096 + 8); /* one record: page 6 is new */
  ck_assert_uint_eq(get4(a + sector), 3);
  u32 nonce = get4(a + 12);
  u32 ck = nonce;
  for (int i = 4096 - 200; i >= 0; i -= 200) ck += a[sector + 4 + i];
  ck_assert_uint_eq(get4(a + sector + 4 + 4096), ck);
  ck_assert(stamp_ok(a + sector + 4, 3, 1, 4096));
  free(a);
  ck_assert_int_eq(pager_commit(p), SQLITE_OK);
  pager_read_end(p);
  /* synchronous OFF: count is -1 */
  pager_set_synchronous(p, 0);
  ck_assert_int_eq(pager_write_begin(p, 0), SQLITE_OK);
  set_page(p, 2, 3);
  a = tu_read_file(journal_path(), &n);
  ck_assert_uint_eq(get4(a + 8), 0xffffffffU);
  free(a);
  ck_assert_int_eq(pager_rollback(p), SQLITE_OK);
  pager_read_end(p);
  pager_close(p);
}
END_TEST

/* ---- hot journals ---------------------------------------------------------- */

static int have_sqlite3(void) { return tu_sh("sqlite3 --version >/dev/null 2>&1") == 0; }

/* Real sqlite3 spills a big UPDATE with a tiny cache, then kills itself:
** the journal is hot and the database file half-written.  Our pager must
** restore the file byte for byte. */
START_TEST(test_hot_journal_from_sqlite) {
  ck_assert_msg(have_sqlite3(), "the sqlite3 shell is required (apt-get install sqlite3)");
  char zCmd[2000];
  snprintf(zCmd, sizeof(zCmd),
           "sqlite3 '%s' \"CREATE TABLE t(a INTEGER PRIMARY KEY, b); WITH RECURSIVE c(x) AS "
           "(SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x<3000) INSERT INTO t SELECT x, "
           "randomblob(300) FROM c;\"",
           db_path());
  ck_assert_int_eq(tu_sh(zCmd), 0);
  long n0;
  u8 *a0 = tu_read_file(db_path(), &n0);
  snprintf(zCmd, sizeof(zCmd),
           "sh -c \"printf 'PRAGMA cache_size=5;\\nBEGIN;\\nUPDATE t SET b=randomblob(310);\\n"
           "INSERT INTO t SELECT a+10000, b FROM t;\\n.system kill -9 \\$PPID\\n' | "
           "sqlite3 '%s' >/dev/null 2>&1\" 2>/dev/null",
           db_path());
  tu_sh(zCmd);
  ck_assert(tu_exists(journal_path()));
  long n1;
  u8 *a1 = tu_read_file(db_path(), &n1);
  ck_assert(n1 != n0 || memcmp(a0, a1, (size_t)n0) != 0); /* really half-written */
  free(a1);
  Pager *p = open_pager(db_path());
  ck_assert_int_eq(pager_read_begin(p), SQLITE_OK);
  ck_assert_uint_eq(pager_page_count(p), (u32)(n0 / 4096));
  pager_read_end(p);
  pager_close(p);
  ck_assert(!tu_exists(journal_path()));
  a1 = tu_read_file(db_path(), &n1);
  ck_assert_int_eq(n1, n0);
  ck_assert(memcmp(a0, a1, (size_t)n0) == 0);
  free(a0);
  free(a1);
  snprintf(zCmd, sizeof(zCmd),
           "test \"$(sqlite3 '%s' 'PRAGMA integrity_check; SELECT count(*) FROM t')\" = "
           "\"$(printf 'ok\\n3000')\"",
           db_path());
  ck_assert_int_eq(tu_sh(zCmd), 0);
}
END_TEST

/* Our writer dies after writing the database but before deleting the
** journal; real sqlite3 must roll it back. */
START_TEST(test_hot_journal_to_sqlite) {
  ck_assert_msg(have_sqlite3(), "the sqlite3 shell is required (apt-get install sqlite3)");
  char zCmd[2000];
  snprintf(zCmd, sizeof(zCmd),
           "sqlite3 '%s' \"CREATE TABLE t(a INTEGER PRIMARY KEY, b); WITH RECURSIVE c(x) AS "
           "(SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x<2000) INSERT INTO t SELECT x, "
           "randomblob(200) FROM c;\"",
           db_path());
  ck_assert_int_eq(tu_sh(zCmd), 0);
  long n0;
  u8 *a0 = tu_read_file(db_path(), &n0);
  pid_t pid = fork();
  if (pid == 0) {
    Pager *p = open_pager(db_path());
    if (pager_write_begin(p, 0) != SQLITE_OK) _exit(2);
    u32 nPage = pager_page_count(p);
    for (u32 i = 1; i <= nPage + 20; i++) {
      PgPage *pg;
      if (pager_get(p, i, 0, &pg) != SQLITE_OK || pager_write(pg) != SQLITE_OK) _exit(3);
      memset(pg->aData + (i == 1 ? 100 : 0), 0xee, 4096 - (i == 1 ? 100 : 0));
      pager_unref(pg);
    }
    if (pager_commit_phase_one(p) != SQLITE_OK) _exit(4);
    kill(getpid(), SIGKILL);
    _exit(5);
  }
  int status;
  waitpid(pid, &status, 0);
  ck_assert(WIFSIGNALED(status));
  ck_assert(tu_exists(journal_path()));
  snprintf(zCmd, sizeof(zCmd),
           "test \"$(sqlite3 '%s' 'PRAGMA integrity_check; SELECT count(*) FROM t')\" = "
           "\"$(printf 'ok\\n2000')\"",
           db_path());
  ck_assert_int_eq(tu_sh(zCmd), 0);
  ck_assert(!tu_exists(journal_path()));
  long n1;
  u8 *a1 = tu_read_file(db_path(), &n1);
  ck_assert_int_eq(n1, n0);
  ck_assert(memcmp(a0, a1, (size_t)n0) == 0);
  free(a0);
  free(a1);
}
END_TEST

/* ---- spilling ---------------------------------------------------------- */

/* A 10-page cache and a 260-page transaction over a 200-page database. */
#define SPILL_ORIG 200
#define SPILL_GROWN 260

static void spill_setup(Pager *p) {
  pager_set_page_size(p, 1024);
  write_txn(p, SPILL_ORIG, 1);
  pager_set_cache_size(p, 10);
}

static void set_range(Pager *p, u32 iFirst, u32 iLast, u32 txn) {
  for (u32 i = iFirst; i <= iLast; i++) set_page(p, i, txn);
}

static void expect_range(Pager *p, u32 iFirst, u32 iLast, u32 txn) {
  for (u32 i = iFirst; i <= iLast; i++) expect_page(p, i, txn);
}

/* A spill writes uncommitted pages under EXCLUSIVE; rollback restores the
** file byte for byte. */
START_TEST(test_spill_rollback) {
  Pager *p = open_pager(db_path());
  spill_setup(p);
  long n0, n1;
  u8 *a0 = tu_read_file(db_path(), &n0);
  ck_assert_int_eq(n0, SPILL_ORIG * 1024);
  ck_assert_int_eq(pager_write_begin(p, 0), SQLITE_OK);
  set_range(p, 2, SPILL_GROWN, 2);
  ck_assert_int_gt(pager_spill_count(p), 0);
  u8 *a1 = tu_read_file(db_path(), &n1);
  ck_assert(n1 > n0 || memcmp(a0, a1, (size_t)n0) != 0); /* really spilled */
  free(a1);
  Pager *q = open_pager(db_path()); /* EXCLUSIVE keeps readers out */
  ck_assert_int_eq(pager_read_begin(q), SQLITE_BUSY);
  expect_range(p, 2, SPILL_GROWN, 2); /* evicted pages come back from the file */
  ck_assert_int_eq(pager_rollback(p), SQLITE_OK);
  pager_read_end(p);
  a1 = tu_read_file(db_path(), &n1);
  ck_assert_int_eq(n1, n0);
  ck_assert(memcmp(a0, a1, (size_t)n0) == 0);
  free(a0);
  free(a1);
  ck_assert(!tu_exists(journal_path()));
  check_txn(p, SPILL_ORIG, 1);
  check_txn(q, SPILL_ORIG, 1);
  pager_close(q);
  pager_close(p);
}
END_TEST

START_TEST(test_spill_commit) {
  Pager *p = open_pager(db_path());
  spill_setup(p);
  ck_assert_int_eq(pager_write_begin(p, 0), SQLITE_OK);
  set_range(p, 2, SPILL_GROWN, 2);
  set_range(p, 2, 50, 3); /* spilled pages changed again: journaled once */
  ck_assert_int_gt(pager_spill_count(p), SPILL_GROWN - 10 - 1);
  ck_assert_int_eq(pager_commit(p), SQLITE_OK);
  pager_read_end(p);
  pager_close(p);
  p = open_pager(db_path());
  ck_assert_int_eq(pager_read_begin(p), SQLITE_OK);
  ck_assert_uint_eq(pager_page_count(p), SPILL_GROWN);
  expect_range(p, 2, 50, 3);
  expect_range(p, 51, SPILL_GROWN, 2);
  pager_read_end(p);
  pager_close(p);
}
END_TEST

/* PRAGMA cache_spill: off keeps every dirty page (and only RESERVED);
** a threshold above the transaction's size does too. */
START_TEST(test_spill_off) {
  Pager *p = open_pager(db_path());
  spill_setup(p);
  ck_assert_int_eq(pager_cache_spill(p), 10);
  pager_set_cache_spill(p, 0);
  ck_assert_int_eq(pager_cache_spill(p), 0);
  ck_assert_int_eq(pager_write_begin(p, 0), SQLITE_OK);
  set_range(p, 2, SPILL_GROWN, 2);
  ck_assert_int_eq(pager_spill_count(p), 0);
  Pager *q = open_pager(db_path()); /* no EXCLUSIVE yet: readers get in */
  check_txn(q, SPILL_ORIG, 1);
  ck_assert_int_eq(pager_rollback(p), SQLITE_OK);
  pager_read_end(p);
  pager_set_cache_spill(p, 500);
  ck_assert_int_eq(pager_cache_spill(p), 500);
  write_txn(p, SPILL_GROWN, 4);
  ck_assert_int_eq(pager_spill_count(p), 0);
  pager_set_cache_spill(p, PAGER_SPILL_ON); /* keeps the threshold */
  ck_assert_int_eq(pager_cache_spill(p), 500);
  pager_set_cache_spill(p, 1);
  write_txn(p, SPILL_GROWN, 5);
  ck_assert_int_gt(pager_spill_count(p), 0);
  check_txn(q, SPILL_GROWN, 5);
  pager_close(q);
  pager_close(p);
}
END_TEST

/* Savepoint rollbacks after spills restore the content at the savepoint,
** including pages grown and cut inside it; the transaction rollback still
** restores the original. */
START_TEST(test_spill_savepoint) {
  Pager *p = open_pager(db_path());
  spill_setup(p);
  ck_assert_int_eq(pager_write_begin(p, 0), SQLITE_OK);
  set_range(p, 2, 120, 2);
  int nSpill = pager_spill_count(p);
  ck_assert_int_gt(nSpill, 0);
  ck_assert_int_eq(pager_savepoint_open(p, 1), SQLITE_OK);
  set_range(p, 60, SPILL_GROWN, 3);
  pager_truncate_image(p, 150);
  ck_assert_int_gt(pager_spill_count(p), nSpill);
  ck_assert_int_eq(pager_savepoint(p, PAGER_SAVEPOINT_ROLLBACK, 0), SQLITE_OK);
  ck_assert_uint_eq(pager_page_count(p), SPILL_ORIG);
  expect_range(p, 2, 120, 2);
  expect_range(p, 121, SPILL_ORIG, 1);
  set_range(p, 100, 180, 4); /* changes after the savepoint rollback */
  ck_assert_int_eq(pager_savepoint(p, PAGER_SAVEPOINT_ROLLBACK, 0), SQLITE_OK);
  expect_range(p, 100, 120, 2);
  expect_range(p, 121, 180, 1);
  ck_assert_int_eq(pager_savepoint(p, PAGER_SAVEPOINT_RELEASE, 0), SQLITE_OK);
  ck_assert_int_eq(pager_rollback(p), SQLITE_OK);
  pager_read_end(p);
  check_txn(p, SPILL_ORIG, 1);
  /* the same, committed */
  ck_assert_int_eq(pager_write_begin(p, 0), SQLITE_OK);
  set_range(p, 2, 120, 2);
  ck_assert_int_eq(pager_savepoint_open(p, 1), SQLITE_OK);
  set_range(p, 2, SPILL_GROWN, 3);
  ck_assert_int_eq(pager_savepoint(p, PAGER_SAVEPOINT_ROLLBACK, 0), SQLITE_OK);
  ck_assert_int_eq(pager_commit(p), SQLITE_OK);
  pager_read_end(p);
  pager_close(p);
  p = open_pager(db_path());
  ck_assert_int_eq(pager_read_begin(p), SQLITE_OK);
  ck_assert_uint_eq(pager_page_count(p), SPILL_ORIG);
  expect_range(p, 2, 120, 2);
  expect_range(p, 121, SPILL_ORIG, 1);
  pager_read_end(p);
  pager_close(p);
}
END_TEST

/* A writer killed after spills (several journal segments, the last one
** unsynced) leaves a hot journal.  bReal: real sqlite3 recovers it, else
** our pager does; either way the file comes back byte for byte. */
static void spill_crash(int bReal) {
  char zCmd[2000];
  snprintf(zCmd, sizeof(zCmd),
           "sqlite3 '%s' \"CREATE TABLE t(a INTEGER PRIMARY KEY, b); WITH RECURSIVE c(x) AS "
           "(SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x<2000) INSERT INTO t SELECT x, "
           "randomblob(200) FROM c;\"",
           db_path());
  ck_assert_int_eq(tu_sh(zCmd), 0);
  long n0, n1;
  u8 *a0 = tu_read_file(db_path(), &n0);
  pid_t pid = fork();
  if (pid == 0) {
    Pager *p = open_pager(db_path());
    pager_set_cache_size(p, 5);
    if (pager_write_begin(p, 0) != SQLITE_OK) _exit(2);
    u32 nPage = pager_page_count(p);
    for (u32 i = 1; i <= nPage + 20; i++) {
      PgPage *pg;
      if (pager_get(p, i, 0, &pg) != SQLITE_OK || pager_write(pg) != SQLITE_OK) _exit(3);
      memset(pg->aData + (i == 1 ? 100 : 0), 0xee, 4096 - (i == 1 ? 100 : 0));
      pager_unref(pg);
    }
    if (pager_spill_count(p) < (int)nPage) _exit(4);
    kill(getpid(), SIGKILL);
    _exit(5);
  }
  int status;
  waitpid(pid, &status, 0);
  ck_assert_msg(WIFSIGNALED(status), "writer exit %d", WEXITSTATUS(status));
  ck_assert(tu_exists(journal_path()));
  u8 *a1 = tu_read_file(db_path(), &n1);
  ck_assert(n1 != n0 || memcmp(a0, a1, (size_t)n0) != 0); /* the crash left it half-written */
  free(a1);
  if (bReal) {
    snprintf(zCmd, sizeof(zCmd),
             "test \"$(sqlite3 '%s' 'PRAGMA integrity_check; SELECT count(*) FROM t')\" = "
             "\"$(printf 'ok\\n2000')\"",
             db_path());
    ck_assert_int_eq(tu_sh(zCmd), 0);
  } else {
    Pager *p = open_pager(db_path());
    ck_assert_int_eq(pager_read_begin(p), SQLITE_OK);
    ck_assert_uint_eq(pager_page_count(p), (u32)(n0 / 4096));
    pager_read_end(p);
    pager_close(p);
  }
  ck_assert(!tu_exists(journal_path()));
  a1 = tu_read_file(db_path(), &n1);
  ck_assert_int_eq(n1, n0);
  ck_assert(memcmp(a0, a1, (size_t)n0) == 0);
  free(a0);
  free(a1);
}

START_TEST(test_spill_crash_to_sqlite) {
  ck_assert_msg(have_sqlite3(), "the sqlite3 shell is required (apt-get install sqlite3)");
  spill_crash(1);
}
END_TEST

START_TEST(test_spill_crash_recover) {
  ck_assert_msg(have_sqlite3(), "the sqlite3 shell is required (apt-get install sqlite3)");
  spill_crash(0);
}
END_TEST

/* A multi-file transaction of real sqlite3 killed just before its commit
** point (deleting the super-journal): both journals are hot while the
** super-journal exists; once it is gone the transaction is committed and
** the journal must be left alone.  Needs strace to kill at the unlink. */
START_TEST(test_super_journal) {
  ck_assert_msg(have_sqlite3(), "the sqlite3 shell is required (apt-get install sqlite3)");
  ck_assert_msg(tu_sh("strace -V >/dev/null 2>&1") == 0, "strace is required (apt-get install strace)");
  char zCmd[3000];
  snprintf(zCmd, sizeof(zCmd),
           "cd '%s' && sqlite3 a.db 'CREATE TABLE t(x); INSERT INTO t VALUES(0)' && "
           "sqlite3 b.db 'CREATE TABLE t(x); INSERT INTO t VALUES(0)' && "
           "(strace -f -o /dev/null -e trace=unlink -e inject=unlink:signal=KILL:when=1 "
           "sqlite3 a.db \"ATTACH 'b.db' AS b; BEGIN; INSERT INTO main.t VALUES(1); "
           "INSERT INTO b.t VALUES(2); COMMIT;\" 2>/dev/null; true) && "
           "test -s a.db-journal && test -s b.db-journal && ls a.db-mj* >/dev/null",
           zDir);
  ck_assert_int_eq(tu_sh(zCmd), 0);
  /* super-journal present: a.db is rolled back */
  Pager *p = open_pager(tu_path(zDir, "a.db"));
  ck_assert_int_eq(pager_read_begin(p), SQLITE_OK);
  pager_read_end(p);
  pager_close(p);
  ck_assert(!tu_exists(tu_path(zDir, "a.db-journal")));
  snprintf(zCmd, sizeof(zCmd), "cd '%s' && test \"$(sqlite3 a.db 'SELECT count(*) FROM t')\" = 1",
           zDir);
  ck_assert_int_eq(tu_sh(zCmd), 0);
  /* super-journal gone: b.db's transaction counts as committed */
  snprintf(zCmd, sizeof(zCmd), "cd '%s' && rm a.db-mj*", zDir);
  ck_assert_int_eq(tu_sh(zCmd), 0);
  p = open_pager(tu_path(zDir, "b.db"));
  ck_assert_int_eq(pager_read_begin(p), SQLITE_OK);
  pager_read_end(p);
  pager_close(p);
  snprintf(zCmd, sizeof(zCmd),
           "cd '%s' && test \"$(sqlite3 b.db 'SELECT count(*) FROM t')\" = 2", zDir);
  ck_assert_int_eq(tu_sh(zCmd), 0);
}
END_TEST

/* A journal with a live RESERVED holder is not hot. */
START_TEST(test_journal_not_hot_while_reserved) {
  Pager *a = open_pager(db_path());
  write_txn(a, 3, 1);
  ck_assert_int_eq(pager_write_begin(a, 0), SQLITE_OK);
  set_page(a, 2, 2);
  ck_assert(tu_exists(journal_path()));
  Pager *b = open_pager(db_path());
  check_txn(b, 3, 1);
  ck_assert(tu_exists(journal_path()));
  ck_assert_int_eq(pager_commit(a), SQLITE_OK);
  pager_read_end(a);
  ck_assert_int_eq(pager_read_begin(b), SQLITE_OK);
  expect_page(b, 2, 2);
  expect_page(b, 3, 1);
  pager_read_end(b);
  pager_close(b);
  pager_close(a);
}
END_TEST

/* ---- error injection --------------------------------------------------- */

static int nWriteOk; /* pwrites allowed before failing; <0: never fail */
static ssize_t failing_pwrite(int fd, const void *buf, size_t n, off_t off) {
  if (nWriteOk == 0) {
    errno = EIO;
    return -1;
  }
  if (nWriteOk > 0) nWriteOk--;
  return pwrite(fd, buf, n, off);
}

static int nSyncOk;
static int failing_fsync(int fd) {
  if (nSyncOk == 0) {
    errno = EIO;
    return -1;
  }
  if (nSyncOk > 0) nSyncOk--;
  return fsync(fd);
}

/* Fails the k-th write or sync of a commit for every k; each time the
** error must stick until rollback, and the file must end up unchanged. */
START_TEST(test_io_errors) {
  Pager *p = open_pager(db_path());
  write_txn(p, 6, 1);
  long n0;
  u8 *a0 = tu_read_file(db_path(), &n0);
  for (int bSync = 0; bSync < 2; bSync++) {
    for (int k = 0; k < 20; k++) {
      nWriteOk = bSync ? -1 : k;
      nSyncOk = bSync ? k : -1;
      ck_assert_int_eq(pager_write_begin(p, 0), SQLITE_OK);
      io_sync_set_syscall("pwrite", (sqlite3_syscall_ptr)failing_pwrite);
      io_sync_set_syscall("fsync", (sqlite3_syscall_ptr)failing_fsync);
      io_sync_set_syscall("fdatasync", (sqlite3_syscall_ptr)failing_fsync);
      int rc = SQLITE_OK;
      for (u32 i = 2; i <= 9 && rc == SQLITE_OK; i++) {
        PgPage *pg;
        rc = pager_get(p, i, 0, &pg);
        if (rc == SQLITE_OK) rc = pager_write(pg);
        if (rc == SQLITE_OK) stamp(pg->aData, i, 2, 4096);
        pager_unref(pg);
      }
      if (rc == SQLITE_OK) rc = pager_commit(p);
      io_sync_set_syscall(NULL, NULL);
      if (rc == SQLITE_OK) { /* k is past the last write or sync */
        pager_read_end(p);
        write_txn(p, 6, 1); /* back to the reference content */
        free(a0);
        a0 = tu_read_file(db_path(), &n0);
        ck_assert_int_gt(k, 2);
        break;
      }
      ck_assert_int_eq(rc & 0xff, SQLITE_IOERR);
      PgPage *pg;
      ck_assert_int_eq(pager_get(p, 2, 0, &pg), rc); /* sticky */
      ck_assert_int_eq(pager_commit(p), rc);
      ck_assert_int_eq(pager_rollback(p), SQLITE_OK);
      pager_read_end(p);
      long n1;
      u8 *a1 = tu_read_file(db_path(), &n1);
      ck_assert_int_eq(n1, n0);
      ck_assert_msg(memcmp(a0, a1, (size_t)n0) == 0, "k=%d sync=%d", k, bSync);
      free(a1);
      check_txn(p, 6, 1);
    }
  }
  free(a0);
  pager_close(p);
}
END_TEST

/* OOM anywhere in a transaction gives a clean error and no leak. */
START_TEST(test_oom) {
  Pager *p0 = open_pager(db_path());
  write_txn(p0, 5, 1);
  pager_close(p0);
  i64 base = mem_used();
  for (int n = 1; n < 200; n++) {
    Pager *p = NULL;
    mem_fault_countdown(n, 0);
    int rc = pager_open(io_default(), db_path(), 0, SQLITE_OPEN_READWRITE, 8, &p);
    if (rc == SQLITE_OK) rc = pager_read_begin(p);
    if (rc == SQLITE_OK) rc = pager_write_begin(p, 0);
    for (u32 i = 2; i <= 7 && rc == SQLITE_OK; i++) {
      PgPage *pg = NULL;
      rc = pager_get(p, i, 0, &pg);
      if (rc == SQLITE_OK) rc = pager_savepoint_open(p, 1);
      if (rc == SQLITE_OK) rc = pager_write(pg);
      if (rc == SQLITE_OK) stamp(pg->aData, i, 2, 4096);
      pager_unref(pg);
    }
    if (rc == SQLITE_OK) rc = pager_commit(p);
    int nFail = mem_fault_count();
    mem_fault_countdown(0, 0);
    if (p) {
      if (rc != SQLITE_OK) pager_rollback(p);
      pager_close(p);
    }
    ck_assert_int_eq(mem_used(), base);
    p = open_pager(db_path());
    ck_assert_int_eq(pager_read_begin(p), SQLITE_OK);
    PgPage *pg;
    ck_assert_int_eq(pager_get(p, 2, 0, &pg), SQLITE_OK);
    u32 txn = get4(pg->aData + 4);
    ck_assert(txn == 1 || (txn == 2 && rc == SQLITE_OK));
    pager_unref(pg);
    pager_read_end(p);
    if (txn == 2) write_txn(p, 5, 1);
    pager_close(p);
    if (rc == SQLITE_OK && nFail == 0) break;
  }
}
END_TEST

static Suite *pager_suite(void) {
  Suite *s = suite_create("pager");
  TCase *tc = tcase_create("core");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_set_timeout(tc, 120);
  tcase_add_test(tc, test_commit_reopen);
  tcase_add_test(tc, test_rollback_byte_identical);
  tcase_add_test(tc, test_rollback_after_phase_one);
  tcase_add_test(tc, test_truncate_image);
  tcase_add_test(tc, test_nocontent_and_lookup);
  tcase_add_test(tc, test_page_size_from_header);
  tcase_add_test(tc, test_bad_header);
  tcase_add_test(tc, test_savepoints_file);
  tcase_add_test(tc, test_savepoints_memory);
  tcase_add_test(tc, test_savepoints_temp);
  tcase_add_test(tc, test_memory_truncate_rollback);
  tcase_add_test(tc, test_cache_limit);
  tcase_add_test(tc, test_two_pagers);
  tcase_add_test(tc, test_busy_handler_count);
  tcase_add_test(tc, test_exclusive_and_readonly);
  tcase_add_test(tc, test_journal_format);
  tcase_add_test(tc, test_hot_journal_from_sqlite);
  tcase_add_test(tc, test_hot_journal_to_sqlite);
  tcase_add_test(tc, test_super_journal);
  tcase_add_test(tc, test_spill_rollback);
  tcase_add_test(tc, test_spill_commit);
  tcase_add_test(tc, test_spill_off);
  tcase_add_test(tc, test_spill_savepoint);
  tcase_add_test(tc, test_spill_crash_to_sqlite);
  tcase_add_test(tc, test_spill_crash_recover);
  tcase_add_test(tc, test_journal_not_hot_while_reserved);
  tcase_add_test(tc, test_io_errors);
  tcase_add_test(tc, test_oom);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) {
  SRunner *sr = srunner_create(pager_suite());
  srunner_run_all(sr, CK_ENV);
  int nFailed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return nFailed == 0 ? 0 : 1;
}
