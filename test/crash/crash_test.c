/*
** crash_test.c: kills a writer process at random points and checks that
** the database always comes back as exactly one committed transaction.
**
** The writer (a forked child) uses the pager directly.  Transaction t
** gives the database nPageOf(t) pages (it grows and shrinks) and stamps
** them all with t: page 1 carries a valid SQLite header with user_version
** t and a freelist made of every other page, so real sqlite3 accepts the
** file (PRAGMA integrity_check says "ok"); page 2 is the freelist trunk
** with t in its last bytes; pages 3.. are freelist leaves filled with a
** pattern of (pgno, t).  After each commit the child reports t through a
** pipe.
**
** Kill points, chosen per trial from the seed:
**   timer   the parent sends SIGKILL after a random delay;
**   write   the child kills itself at its k-th pwrite, after writing a
**           random prefix of that buffer (a torn write);
**   sync    the child kills itself at its k-th fsync.
** Recovery is done by our pager, or on every third trial by the real
** sqlite3 shell (when installed), then our pager verifies the pages.  If
** the last reported transaction is L, the database must hold L or L+1
** (the child may die between commit and report), every page the same.
**
** WAL mode (-w, and a second pass of the default run with half the
** trials): page 1 says WAL (header bytes 18/19 = 2), so after the first
** commit the pager writes frames to crash.db-wal and checkpoints (the
** autocheckpoint, every 1000 frames); the kills then hit log appends, log
** and database syncs and checkpoints, and recovery rebuilds the wal-index
** from the log (ours, or the real sqlite3's every third trial).
**
** Usage: crash_test [-n trials] [-s seed] [-d dir] [-v] [-w]
** Exit status 0 when all trials pass; a failure prints the seed and trial
** that reproduce it.
*/
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "engine/pager.h"
#include "io/prng.h"

#define CT_PAGE_SIZE 4096

static int g_verbose;
static int g_wal;       /* header bytes 18/19 say WAL */
static long g_killAt;   /* child: pwrite or fsync count that dies */
static int g_killWrite; /* child: 1 = pwrite, 0 = fsync */
static u32 g_tornBytes; /* child: bytes of the fatal pwrite that land */

static u32 page_count_of(u32 txn) { return 20 + (txn * 37) % 61; }

/* ---- page images ------------------------------------------------------ */

static void fill_page1(u8 *a, u32 txn, u32 nPage) {
  u8 aKeep[8];
  memcpy(aKeep, a + 24, 8); /* change counter and size belong to the pager */
  memset(a, 0, CT_PAGE_SIZE);
  memcpy(a, "SQLite format 3", 16);
  put2(a + 16, CT_PAGE_SIZE);
  a[18] = a[19] = g_wal ? 2 : 1;
  a[21] = 64;
  a[22] = 32;
  a[23] = 32;
  memcpy(a + 24, aKeep, 8);
  put4(a + 32, 2);          /* first freelist trunk */
  put4(a + 36, nPage - 1);  /* free pages: 2..nPage */
  put4(a + 40, 1);          /* schema cookie */
  put4(a + 44, 4);          /* schema format */
  put4(a + 56, 1);          /* UTF-8 */
  put4(a + 60, txn);        /* user_version */
  a[100] = 13;              /* empty sqlite_schema leaf */
  put2(a + 105, CT_PAGE_SIZE);
}

static void fill_page(u8 *a, u32 pgno, u32 txn, u32 nPage) {
  memset(a, (int)((pgno * 13 + txn * 7) & 0xff), CT_PAGE_SIZE);
  put4(a, pgno);
  put4(a + 4, txn);
  if (pgno != 2) return;
  memset(a, 0, CT_PAGE_SIZE - 8);
  put4(a, 0);              /* no next trunk */
  put4(a + 4, nPage - 2);  /* leaves 3..nPage */
  for (u32 i = 3; i <= nPage; i++) put4(a + 8 + 4 * (i - 3), i);
  put4(a + CT_PAGE_SIZE - 8, 2);
  put4(a + CT_PAGE_SIZE - 4, txn);
}

/* Returns the txn stamped on the page, or 0xffffffff if it is not intact. */
static u32 page_txn(const u8 *a, u32 pgno, u32 nPage) {
  if (pgno == 1) return get4(a + 60);
  u32 txn = get4(a + CT_PAGE_SIZE - 4);
  if (pgno == 2) {
    if (get4(a + 4) != nPage - 2) return 0xffffffffU;
    return txn;
  }
  txn = get4(a + 4);
  if (get4(a) != pgno) return 0xffffffffU;
  for (u32 i = 8; i < CT_PAGE_SIZE; i++) {
    if (a[i] != (u8)((pgno * 13 + txn * 7) & 0xff)) return 0xffffffffU;
  }
  return txn;
}

/* ---- the writer --------------------------------------------------------- */

static ssize_t killing_pwrite(int fd, const void *buf, size_t n, off_t off) {
  if (g_killWrite && --g_killAt == 0) {
    size_t nTorn = g_tornBytes % (n + 1);
    if (nTorn > 0 && pwrite(fd, buf, nTorn, off) < 0) _exit(99);
    kill(getpid(), SIGKILL);
  }
  return pwrite(fd, buf, n, off);
}

static int killing_fsync(int fd) {
  if (!g_killWrite && --g_killAt == 0) kill(getpid(), SIGKILL);
  return fsync(fd);
}

static int write_txn(Pager *p, u32 txn) {
  u32 nPage = page_count_of(txn);
  int rc = pager_write_begin(p, 0);
  for (u32 i = 1; i <= nPage && rc == SQLITE_OK; i++) {
    PgPage *pg = NULL;
    rc = pager_get(p, i, 0, &pg);
    if (rc == SQLITE_OK) rc = pager_write(pg);
    if (rc == SQLITE_OK && i == 1) fill_page1(pg->aData, txn, nPage);
    else if (rc == SQLITE_OK) fill_page(pg->aData, i, txn, nPage);
    pager_unref(pg);
  }
  if (rc == SQLITE_OK && pager_page_count(p) > nPage) pager_truncate_image(p, nPage);
  if (rc == SQLITE_OK) rc = pager_commit(p);
  if (rc != SQLITE_OK) pager_rollback(p);
  pager_read_end(p);
  return rc;
}

static void writer_main(const char *zDb, u32 txn0, int syncLevel, int fdReport) {
  Pager *p = NULL;
  if (pager_open(io_default(), zDb, 0, SQLITE_OPEN_READWRITE, 0, &p) != SQLITE_OK) _exit(2);
  pager_set_synchronous(p, syncLevel);
  pager_set_cache_size(p, 10); /* transactions are bigger than the cache */
  for (u32 txn = txn0 + 1; txn < txn0 + 5000; txn++) {
    int rc = write_txn(p, txn);
    if (rc != SQLITE_OK) {
      fprintf(stderr, "writer: txn %u failed with %d\n", txn, rc);
      _exit(3);
    }
    if (write(fdReport, &txn, 4) != 4) _exit(4);
  }
  _exit(0);
}

/* ---- the checker ---------------------------------------------------------- */

/* Verifies the database holds one transaction; returns it or 0 on error. */
static u32 verify(const char *zDb) {
  Pager *p = NULL;
  u32 txn = 0;
  if (pager_open(io_default(), zDb, 0, SQLITE_OPEN_READWRITE, 0, &p) != SQLITE_OK) return 0;
  int rc = pager_read_begin(p);
  PgPage *pg = NULL;
  if (rc == SQLITE_OK) rc = pager_get(p, 1, 0, &pg);
  if (rc == SQLITE_OK) {
    txn = page_txn(pg->aData, 1, 0);
    pager_unref(pg);
    u32 nPage = page_count_of(txn);
    if (pager_page_count(p) != nPage) {
      fprintf(stderr, "txn %u: %u pages, want %u\n", txn, pager_page_count(p), nPage);
      txn = 0;
    }
    for (u32 i = 2; i <= nPage && txn != 0; i++) {
      rc = pager_get(p, i, 0, &pg);
      if (rc != SQLITE_OK) break;
      u32 t = page_txn(pg->aData, i, nPage);
      if (t != txn) fprintf(stderr, "page %u holds txn %d, page 1 says %u\n", i, (int)t, txn);
      if (t != txn) txn = 0;
      pager_unref(pg);
    }
    pager_read_end(p);
  }
  if (rc != SQLITE_OK) {
    fprintf(stderr, "verify: error %d\n", rc);
    txn = 0;
  }
  pager_close(p);
  return txn;
}

static int have_sqlite3(void) { return system("sqlite3 --version >/dev/null 2>&1") == 0; }

/* Lets real sqlite3 recover and check the file; returns its user_version
** or -1 when integrity_check fails. */
static long sqlite3_recover(const char *zDb) {
  char zCmd[1200];
  snprintf(zCmd, sizeof(zCmd), "sqlite3 '%s' 'PRAGMA integrity_check; PRAGMA user_version'",
           zDb);
  FILE *f = popen(zCmd, "r");
  if (f == NULL) return -1;
  char zLine1[256] = "", zLine2[256] = "";
  if (!fgets(zLine1, sizeof(zLine1), f) || !fgets(zLine2, sizeof(zLine2), f)) zLine1[0] = 0;
  pclose(f);
  if (strcmp(zLine1, "ok\n") != 0) {
    fprintf(stderr, "sqlite3 integrity_check: %s", zLine1);
    return -1;
  }
  return atol(zLine2);
}

static void unlink_all(const char *zDb) {
  static const char *azSuffix[] = {"", "-journal", "-wal", "-shm"};
  for (int i = 0; i < 4; i++) {
    char z[1100];
    snprintf(z, sizeof(z), "%s%s", zDb, azSuffix[i]);
    unlink(z);
  }
}

static void make_initial(const char *zDb) {
  unlink_all(zDb);
  Pager *p = NULL;
  int rc = pager_open(io_default(), zDb, 0, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, 0, &p);
  if (rc == SQLITE_OK) rc = write_txn(p, 1);
  pager_close(p);
  if (rc != SQLITE_OK || verify(zDb) != 1) {
    fprintf(stderr, "cannot create %s\n", zDb);
    exit(2);
  }
}

/* Runs the child until it dies; returns the last txn it reported. */
static u32 run_trial(const char *zDb, u32 txn0, Prng *r, int *pMode) {
  int aPipe[2];
  if (pipe(aPipe) != 0) exit(2);
  int mode = (int)prng_below(r, 3);
  int syncLevel = (int)prng_below(r, 3);
  if (mode == 2 && syncLevel == 0) syncLevel = 2; /* OFF never syncs */
  long killAt = mode == 1 ? 1 + (long)prng_below(r, 500) : 1 + (long)prng_below(r, 12);
  u32 torn = (u32)prng_next(r);
  u32 delayUs = prng_below(r, 40000);
  pid_t pid = fork();
  if (pid == 0) {
    close(aPipe[0]);
    if (mode == 1 || mode == 2) {
      g_killWrite = mode == 1;
      g_killAt = killAt;
      g_tornBytes = torn;
      io_sync_set_syscall("pwrite", (sqlite3_syscall_ptr)killing_pwrite);
      io_sync_set_syscall("fsync", (sqlite3_syscall_ptr)killing_fsync);
      io_sync_set_syscall("fdatasync", (sqlite3_syscall_ptr)killing_fsync);
    }
    writer_main(zDb, txn0, syncLevel, aPipe[1]);
  }
  close(aPipe[1]);
  if (mode == 0) {
    struct timespec ts = {0, (long)delayUs * 1000};
    nanosleep(&ts, NULL);
    kill(pid, SIGKILL);
  }
  u32 last = txn0, t;
  while (read(aPipe[0], &t, 4) == 4) last = t;
  close(aPipe[0]);
  int status;
  waitpid(pid, &status, 0);
  if (!WIFSIGNALED(status) && !(WIFEXITED(status) && WEXITSTATUS(status) == 0)) {
    fprintf(stderr, "writer exited with status %d\n", WEXITSTATUS(status));
    exit(2);
  }
  *pMode = mode * 10 + syncLevel;
  return last;
}

/* nTrial trials on zDb; returns the failures. */
static int run_trials(const char *zDb, int nTrial, u64 seed) {
  printf("crash_test: seed %llu, %d trials, %s%s\n", (unsigned long long)seed, nTrial, zDb,
         g_wal ? " (WAL)" : "");
  Prng r;
  prng_seed(&r, seed);
  int bSqlite = have_sqlite3();
  make_initial(zDb);
  u32 txn = 1;
  int nFail = 0;
  for (int i = 0; i < nTrial && nFail == 0; i++) {
    int mode = 0;
    u32 last = run_trial(zDb, txn, &r, &mode);
    int bReal = bSqlite && i % 3 == 2;
    long realTxn = bReal ? sqlite3_recover(zDb) : 0;
    u32 got = verify(zDb);
    int ok = got != 0 && (got == last || got == last + 1) && (!bReal || realTxn == (long)got);
    if (g_verbose || !ok) {
      printf("trial %d mode %d: reported %u, found %u%s\n", i, mode, last, got,
             bReal ? " (recovered by sqlite3)" : "");
    }
    if (!ok) {
      printf("FAIL: reproduce with: crash_test%s -s %llu -n %d\n", g_wal ? " -w" : "",
             (unsigned long long)seed, i + 1);
      nFail++;
    }
    txn = got;
  }
  if (nFail == 0 && bSqlite && sqlite3_recover(zDb) != (long)txn) nFail++;
  printf("crash_test: %d passed, %d failed\n", nTrial - nFail, nFail);
  return nFail;
}

int main(int argc, char **argv) {
  int nTrial = 60;
  int bOnlyWal = 0;
  u64 seed = (u64)time(NULL) ^ ((u64)getpid() << 32);
  const char *zDir = NULL;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "-n") == 0 && i + 1 < argc) nTrial = atoi(argv[++i]);
    else if (strcmp(argv[i], "-s") == 0 && i + 1 < argc) seed = strtoull(argv[++i], 0, 0);
    else if (strcmp(argv[i], "-d") == 0 && i + 1 < argc) zDir = argv[++i];
    else if (strcmp(argv[i], "-v") == 0) g_verbose = 1;
    else if (strcmp(argv[i], "-w") == 0) bOnlyWal = 1;
    else {
      fprintf(stderr, "usage: %s [-n trials] [-s seed] [-d dir] [-v] [-w]\n", argv[0]);
      return 2;
    }
  }
  char zTmp[] = "/tmp/sqlt_crash_XXXXXX";
  if (zDir == NULL && (zDir = mkdtemp(zTmp)) == NULL) return 2;
  char zDb[1024];
  snprintf(zDb, sizeof(zDb), "%s/crash.db", zDir);
  int nFail = 0;
  if (!bOnlyWal) nFail = run_trials(zDb, nTrial, seed);
  if (nFail == 0) {
    g_wal = 1;
    nFail = run_trials(zDb, bOnlyWal ? nTrial : (nTrial + 1) / 2, seed);
  }
  if (nFail == 0 && zDir == zTmp) {
    unlink_all(zDb);
    rmdir(zDir);
  }
  return nFail == 0 ? 0 : 1;
}
