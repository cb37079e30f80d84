/*
** io_sim_test.c: io/io_sim.c, the simulated backend.
**
** Covers every IoBackend and IoFile method, the lock protocol between
** IoFiles of one file, determinism (same seed: identical trace and
** images), the crash model (synced data survives; unsynced data is kept,
** dropped or torn per sector, never invented) and every fault kind.
*/
#include <check.h>
#include <stdio.h>
#include <stdlib.h>

#include "io/io_sim.h"

#define RW_CREATE (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_MAIN_DB)
#define JRNL (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_MAIN_JOURNAL)

static IoFile *open_ok(IoSim *s, const char *z, int flags) {
  IoFile *f = NULL;
  ck_assert_int_eq(io_open(iosim_backend(s), z, flags, NULL, &f), SQLITE_OK);
  ck_assert_ptr_nonnull(f);
  return f;
}

static void fill(u8 *a, int n, u8 seed) {
  for (int i = 0; i < n; i++) a[i] = (u8)(seed + i * 7 + (i >> 8));
}

/* ---- methods ------------------------------------------------------------ */

START_TEST(test_read_write_size_truncate) {
  IoSim *s = iosim_new(1);
  IoFile *f = open_ok(s, "db", RW_CREATE);
  u8 a[3000], b[3000];
  fill(a, sizeof(a), 3);
  ck_assert_int_eq(io_write(f, a, 3000, 100), SQLITE_OK);
  i64 sz = -1;
  ck_assert_int_eq(f->pMethods->size(f, &sz), SQLITE_OK);
  ck_assert_int_eq(sz, 3100);
  ck_assert_int_eq(io_read(f, b, 3000, 100), SQLITE_OK);
  ck_assert(memcmp(a, b, 3000) == 0);
  ck_assert_int_eq(io_read(f, b, 100, 0), SQLITE_OK); /* the gap reads as zeros */
  for (int i = 0; i < 100; i++) ck_assert_int_eq(b[i], 0);
  /* invariant 2 of io.h: past the end, zero fill and SHORT_READ */
  memset(b, 0x77, sizeof(b));
  ck_assert_int_eq(io_read(f, b, 200, 3000), SQLITE_IOERR_SHORT_READ);
  ck_assert(memcmp(b, a + 2900, 100) == 0);
  for (int i = 100; i < 200; i++) ck_assert_int_eq(b[i], 0);
  ck_assert_int_eq(f->pMethods->truncate(f, 1000), SQLITE_OK);
  ck_assert_int_eq(f->pMethods->size(f, &sz), SQLITE_OK);
  ck_assert_int_eq(sz, 1000);
  ck_assert_int_eq(f->pMethods->truncate(f, 2000), SQLITE_OK); /* regrowth shows zeros */
  ck_assert_int_eq(io_read(f, b, 1000, 1000), SQLITE_OK);
  for (int i = 0; i < 1000; i++) ck_assert_int_eq(b[i], 0);
  ck_assert_int_eq(f->pMethods->sector_size(f), 512);
  ck_assert(f->pMethods->device_characteristics(f) & SQLITE_IOCAP_POWERSAFE_OVERWRITE);
  int lk = -1;
  ck_assert_int_eq(f->pMethods->file_control(f, SQLITE_FCNTL_LOCKSTATE, &lk), SQLITE_OK);
  ck_assert_int_eq(lk, SQLITE_LOCK_NONE);
  ck_assert_int_eq(f->pMethods->file_control(f, 9999, NULL), SQLITE_NOTFOUND);
  ck_assert_int_eq(f->pMethods->sync(f, SQLITE_SYNC_NORMAL), SQLITE_OK);
  io_close(f);
  iosim_free(s);
}
END_TEST

START_TEST(test_batch_submit_wait) {
  IoSim *s = iosim_new(2);
  IoFile *f = open_ok(s, "db", RW_CREATE);
  u8 a[512], b[512], c[512];
  fill(a, 512, 1);
  fill(b, 512, 2);
  IoReq req[2] = {{.op = IO_WRITE, .n = 512, .buf = a, .offset = 0},
                  {.op = IO_WRITE, .n = 512, .buf = b, .offset = 512}};
  ck_assert_int_eq(f->pMethods->submit(f, req, 2), SQLITE_OK);
  ck_assert_int_eq(f->pMethods->wait(f, req, 2), SQLITE_OK);
  ck_assert_int_eq(req[0].rc, SQLITE_OK);
  ck_assert_int_eq(req[1].rc, SQLITE_OK);
  IoReq rd[2] = {{.op = IO_READ, .n = 512, .buf = c, .offset = 512},
                 {.op = IO_READ, .n = 512, .buf = a, .offset = 4096}};
  ck_assert_int_eq(io_run(f, rd, 2), SQLITE_IOERR_SHORT_READ);
  ck_assert_int_eq(rd[0].rc, SQLITE_OK);
  ck_assert(memcmp(c, b, 512) == 0);
  ck_assert_int_eq(rd[1].rc, SQLITE_IOERR_SHORT_READ);
  io_close(f);
  iosim_free(s);
}
END_TEST

START_TEST(test_backend_methods) {
  IoSim *s = iosim_new(3);
  IoBackend *b = iosim_backend(s);
  ck_assert_str_eq(b->zName, "sim");
  ck_assert_ptr_eq(iosim_from_backend(b), s);
  IoFile *f = NULL;
  ck_assert_int_eq(io_open(b, "nofile", SQLITE_OPEN_READWRITE, NULL, &f), SQLITE_CANTOPEN);
  ck_assert_ptr_null(f);
  f = open_ok(s, "/dir/x", RW_CREATE);
  IoFile *g = NULL;
  int ex = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_EXCLUSIVE;
  ck_assert_int_eq(io_open(b, "/dir/x", ex, NULL, &g), SQLITE_CANTOPEN);
  int res = -1;
  ck_assert_int_eq(b->access(b, "/dir/x", SQLITE_ACCESS_EXISTS, &res), SQLITE_OK);
  ck_assert_int_eq(res, 1);
  ck_assert_int_eq(b->access(b, "/dir/y", SQLITE_ACCESS_READWRITE, &res), SQLITE_OK);
  ck_assert_int_eq(res, 0);
  char z[600];
  ck_assert_int_eq(b->full_path(b, "a.db", sizeof(z), z), SQLITE_OK);
  ck_assert_str_eq(z, "/a.db");
  ck_assert_int_eq(b->full_path(b, "/q/a.db", sizeof(z), z), SQLITE_OK);
  ck_assert_str_eq(z, "/q/a.db");
  ck_assert_int_eq(b->full_path(b, "/q/a.db", 4, z), SQLITE_CANTOPEN_FULLPATH);
  /* unix semantics: removed while open, the handle still works */
  ck_assert_int_eq(b->remove(b, "/dir/x", 0), SQLITE_OK);
  ck_assert_int_eq(b->remove(b, "/dir/x", 0), SQLITE_IOERR_DELETE_NOENT);
  ck_assert_int_eq(b->access(b, "/dir/x", SQLITE_ACCESS_EXISTS, &res), SQLITE_OK);
  ck_assert_int_eq(res, 0);
  ck_assert_int_eq(io_write(f, "abc", 3, 0), SQLITE_OK);
  io_close(f);
  /* a private temporary file and a delete-on-close one leave nothing behind */
  int tmp = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_DELETEONCLOSE;
  IoFile *t = open_ok(s, NULL, tmp);
  ck_assert_int_eq(io_write(t, "abc", 3, 0), SQLITE_OK);
  io_close(t);
  t = open_ok(s, "tmp1", tmp);
  io_close(t);
  ck_assert_int_eq(b->access(b, "tmp1", SQLITE_ACCESS_EXISTS, &res), SQLITE_OK);
  ck_assert_int_eq(res, 0);
  /* read-only handles refuse writes */
  f = open_ok(s, "ro", RW_CREATE);
  io_close(f);
  f = open_ok(s, "ro", SQLITE_OPEN_READONLY | SQLITE_OPEN_MAIN_DB);
  ck_assert_int_eq(io_write(f, "x", 1, 0), SQLITE_IOERR_WRITE);
  io_close(f);
  iosim_free(s);
}
END_TEST

START_TEST(test_clock_and_randomness) {
  IoSim *s = iosim_new(4), *s2 = iosim_new(4), *s3 = iosim_new(5);
  IoBackend *b = iosim_backend(s);
  i64 t0 = io_now_ms(b);
  ck_assert(t0 > 210866760000000LL); /* Julian-day ms, after the unix epoch */
  ck_assert_int_eq(io_sleep_us(b, 2500000), 2500000);
  i64 t1 = io_now_ms(b);
  ck_assert(t1 - t0 >= 2500 && t1 - t0 < 2600);
  u8 a[13], c[13], d[13];
  io_randomness(b, 13, a);
  io_randomness(iosim_backend(s2), 13, c);
  io_randomness(iosim_backend(s3), 13, d);
  ck_assert(memcmp(a, c, 13) == 0);   /* same seed, same bytes */
  ck_assert(memcmp(a, d, 13) != 0);   /* another seed, others */
  iosim_free(s);
  iosim_free(s2);
  iosim_free(s3);
}
END_TEST

/* ---- locks (invariant 3 of io_sim.h) ------------------------------------ */

START_TEST(test_locks) {
  IoSim *s = iosim_new(6);
  IoFile *a = open_ok(s, "db", RW_CREATE), *b = open_ok(s, "db", RW_CREATE);
  IoFile *c = open_ok(s, "db", RW_CREATE);
  int res = -1;
  ck_assert_int_eq(a->pMethods->lock(a, SQLITE_LOCK_SHARED), SQLITE_OK);
  ck_assert_int_eq(b->pMethods->lock(b, SQLITE_LOCK_SHARED), SQLITE_OK);
  ck_assert_int_eq(a->pMethods->check_reserved(a, &res), SQLITE_OK);
  ck_assert_int_eq(res, 0);
  ck_assert_int_eq(a->pMethods->lock(a, SQLITE_LOCK_RESERVED), SQLITE_OK);
  ck_assert_int_eq(b->pMethods->check_reserved(b, &res), SQLITE_OK);
  ck_assert_int_eq(res, 1);
  ck_assert_int_eq(b->pMethods->lock(b, SQLITE_LOCK_RESERVED), SQLITE_BUSY);
  ck_assert_int_eq(b->eLock, SQLITE_LOCK_SHARED);
  /* EXCLUSIVE with another reader: stays PENDING, new readers are refused */
  ck_assert_int_eq(a->pMethods->lock(a, SQLITE_LOCK_EXCLUSIVE), SQLITE_BUSY);
  ck_assert_int_eq(a->eLock, SQLITE_LOCK_PENDING);
  ck_assert_int_eq(c->pMethods->lock(c, SQLITE_LOCK_SHARED), SQLITE_BUSY);
  ck_assert_int_eq(b->pMethods->unlock(b, SQLITE_LOCK_NONE), SQLITE_OK);
  ck_assert_int_eq(a->pMethods->lock(a, SQLITE_LOCK_EXCLUSIVE), SQLITE_OK);
  ck_assert_int_eq(a->eLock, SQLITE_LOCK_EXCLUSIVE);
  ck_assert_int_eq(b->pMethods->lock(b, SQLITE_LOCK_SHARED), SQLITE_BUSY);
  ck_assert_int_eq(a->pMethods->unlock(a, SQLITE_LOCK_SHARED), SQLITE_OK);
  ck_assert_int_eq(b->pMethods->lock(b, SQLITE_LOCK_SHARED), SQLITE_OK);
  ck_assert_int_eq(b->pMethods->lock(b, SQLITE_LOCK_RESERVED), SQLITE_OK);
  /* closing a handle releases its locks and nobody else's */
  io_close(b);
  ck_assert_int_eq(c->pMethods->lock(c, SQLITE_LOCK_SHARED), SQLITE_OK);
  ck_assert_int_eq(c->pMethods->lock(c, SQLITE_LOCK_RESERVED), SQLITE_OK);
  ck_assert_int_eq(a->pMethods->lock(a, SQLITE_LOCK_RESERVED), SQLITE_BUSY);
  ck_assert_int_eq(c->pMethods->lock(c, SQLITE_LOCK_EXCLUSIVE), SQLITE_BUSY); /* a reads */
  ck_assert_int_eq(a->pMethods->unlock(a, SQLITE_LOCK_NONE), SQLITE_OK);
  ck_assert_int_eq(c->pMethods->lock(c, SQLITE_LOCK_EXCLUSIVE), SQLITE_OK);
  io_close(c);
  ck_assert_int_eq(a->pMethods->lock(a, SQLITE_LOCK_SHARED), SQLITE_OK);
  ck_assert_int_eq(a->pMethods->lock(a, SQLITE_LOCK_EXCLUSIVE), SQLITE_OK);
  io_close(a);
  iosim_free(s);
}
END_TEST

/* ---- determinism (invariant 1) ----------------------------------------- */

/* A workload with faults, randomness and a crash; returns the trace hash. */
static u64 run_workload(u64 seed, u64 *pFiles, char **pzTrace) {
  IoSim *s = iosim_new(seed);
  IoSimFaultPlan plan = {.probNum = 1, .probDen = 10, .mKinds = IOSIM_F_ALL, .iCrashAt = 400};
  iosim_set_fault_plan(s, &plan);
  IoFile *f = NULL, *j = NULL;
  io_open(iosim_backend(s), "db", RW_CREATE, NULL, &f);
  io_open(iosim_backend(s), "db-journal", JRNL, NULL, &j);
  u8 a[1024];
  for (int i = 0; i < 200; i++) {
    io_randomness(iosim_backend(s), 4, a);
    fill(a, sizeof(a), a[0]);
    IoFile *x = (i & 1) ? j : f;
    if (x == NULL) continue;
    io_write(x, a, 1024, (i64)(a[1] % 8) * 700);
    if (i % 9 == 0) x->pMethods->sync(x, SQLITE_SYNC_NORMAL);
    if (i % 13 == 0) x->pMethods->truncate(x, (i64)a[2] * 10);
  }
  iosim_crash(s);
  io_close(f);
  io_close(j);
  iosim_reboot(s);
  *pFiles = iosim_files_hash(s);
  i64 n = 0;
  const char *z = iosim_trace(s, &n);
  *pzTrace = strdup(z);
  u64 h = iosim_trace_hash(s);
  iosim_free(s);
  return h;
}

START_TEST(test_determinism) {
  u64 f1, f2, f3;
  char *z1, *z2, *z3;
  u64 h1 = run_workload(42, &f1, &z1);
  u64 h2 = run_workload(42, &f2, &z2);
  u64 h3 = run_workload(43, &f3, &z3);
  ck_assert_uint_eq(h1, h2);
  ck_assert_uint_eq(f1, f2);
  ck_assert_str_eq(z1, z2);
  ck_assert(strlen(z1) > 1000);
  ck_assert(strstr(z1, "FAULT") != NULL && strstr(z1, "CRASH") != NULL);
  ck_assert(h1 != h3);
  ck_assert(f1 != f3);
  free(z1);
  free(z2);
  free(z3);
}
END_TEST

/* ---- crash semantics ------------------------------------------------------ */

START_TEST(test_crash_keeps_synced_never_invents) {
  int nKept = 0, nDropped = 0, nTorn = 0;
  for (u64 seed = 1; seed <= 60; seed++) {
    IoSim *s = iosim_new(seed);
    IoFile *f = open_ok(s, "db", RW_CREATE);
    u8 oldv[8192], newv[8192];
    memset(oldv, 0x11, sizeof(oldv));
    memset(newv, 0x22, sizeof(newv));
    ck_assert_int_eq(io_write(f, oldv, 4096, 0), SQLITE_OK);
    ck_assert_int_eq(f->pMethods->sync(f, SQLITE_SYNC_FULL), SQLITE_OK);
    ck_assert_int_eq(io_write(f, newv, 8192 - 1000, 1000), SQLITE_OK); /* unsynced */
    iosim_crash(s);
    ck_assert(iosim_crashed(s));
    /* halted: everything fails, close still works */
    u8 buf[16];
    ck_assert_int_eq(io_read(f, buf, 16, 0), SQLITE_IOERR_READ);
    ck_assert_int_eq(io_write(f, buf, 16, 0), SQLITE_IOERR_WRITE);
    int res;
    IoBackend *b = iosim_backend(s);
    ck_assert_int_eq(b->access(b, "db", 0, &res), SQLITE_IOERR_ACCESS);
    io_close(f);
    iosim_reboot(s);
    const u8 *a;
    i64 n;
    ck_assert(iosim_file_image(s, "db", 0, &a, &n));
    ck_assert(n == 4096 || n == 8192);
    ck_assert(memcmp(a, oldv, 1000) == 0); /* synced and never rewritten */
    for (i64 sec = 0; sec < n / 512; sec++) {
      const u8 *p = a + sec * 512;
      int bSawNew = 0, bSawOld = 0;
      for (int i = 0; i < 512; i++) {
        i64 off = sec * 512 + i;
        u8 want_old = off < 4096 ? 0x11 : 0x00;
        ck_assert_msg(p[i] == 0x22 || p[i] == want_old, "seed %llu off %lld invented %02x",
                      (unsigned long long)seed, (long long)off, p[i]);
        if (off >= 1000 && p[i] == 0x22) bSawNew = 1;
        if (off >= 1000 && p[i] == want_old) bSawOld = 1;
        /* a torn sector is a prefix of new bytes, then old ones */
        if (i > 0 && off > 1000 && p[i] == 0x22) ck_assert_int_eq(p[i - 1], 0x22);
      }
      if (sec * 512 < 1000) continue;
      if (bSawNew && bSawOld) nTorn++;
      else if (bSawNew) nKept++;
      else nDropped++;
    }
    iosim_free(s);
  }
  ck_assert(nKept > 0 && nDropped > 0 && nTorn > 0);
}
END_TEST

START_TEST(test_crash_file_entries) {
  int nVanished = 0, nStayed = 0;
  for (u64 seed = 1; seed <= 40; seed++) {
    IoSim *s = iosim_new(seed);
    IoFile *f = open_ok(s, "synced", RW_CREATE);
    ck_assert_int_eq(io_write(f, "hello", 5, 0), SQLITE_OK);
    ck_assert_int_eq(f->pMethods->sync(f, 0), SQLITE_OK);
    io_close(f);
    f = open_ok(s, "fresh", JRNL); /* never synced: its entry may vanish */
    io_close(f);
    f = open_ok(s, "gone", RW_CREATE);
    ck_assert_int_eq(f->pMethods->sync(f, 0), SQLITE_OK);
    io_close(f);
    ck_assert_int_eq(iosim_backend(s)->remove(iosim_backend(s), "gone", 1), SQLITE_OK);
    iosim_crash(s);
    iosim_reboot(s);
    const u8 *a;
    i64 n;
    ck_assert(iosim_file_image(s, "synced", 1, &a, &n));
    ck_assert(n == 5 && memcmp(a, "hello", 5) == 0);
    ck_assert(!iosim_file_image(s, "gone", 1, &a, &n)); /* remove() is durable */
    if (iosim_file_image(s, "fresh", 1, &a, &n)) nStayed++;
    else nVanished++;
    IoSimStats st;
    iosim_stats(s, &st);
    ck_assert_uint_eq(st.nCrashes, 1);
    iosim_free(s);
  }
  ck_assert(nVanished > 0 && nStayed > 0);
}
END_TEST

/* Shrinking is metadata: a crash keeps the old size and bytes or the new
** size, never zeros written into the old bytes. */
START_TEST(test_crash_after_truncate) {
  int nOld = 0, nNew = 0;
  for (u64 seed = 1; seed <= 30; seed++) {
    IoSim *s = iosim_new(seed);
    IoFile *f = open_ok(s, "db", RW_CREATE);
    u8 a[4096];
    memset(a, 0x44, sizeof(a));
    ck_assert_int_eq(io_write(f, a, 4096, 0), SQLITE_OK);
    ck_assert_int_eq(f->pMethods->sync(f, 0), SQLITE_OK);
    ck_assert_int_eq(f->pMethods->truncate(f, 1000), SQLITE_OK);
    IoSimFaultPlan plan = {.iFailAt = 1, .mKinds = IOSIM_F_SYNC};
    iosim_set_fault_plan(s, &plan);
    ck_assert_int_eq(f->pMethods->sync(f, 0), SQLITE_IOERR_FSYNC); /* partly durable */
    iosim_crash(s);
    io_close(f);
    iosim_reboot(s);
    const u8 *img;
    i64 n;
    ck_assert(iosim_file_image(s, "db", 1, &img, &n));
    ck_assert(n == 1000 || n == 4096);
    for (i64 i = 0; i < n; i++) ck_assert_int_eq(img[i], 0x44);
    if (n == 4096) nOld++;
    else nNew++;
    iosim_free(s);
  }
  ck_assert(nOld > 0 && nNew > 0);
}
END_TEST

START_TEST(test_dead_handles_after_reboot) {
  IoSim *s = iosim_new(7);
  IoFile *f = open_ok(s, "db", RW_CREATE);
  ck_assert_int_eq(f->pMethods->lock(f, SQLITE_LOCK_SHARED), SQLITE_OK);
  ck_assert_int_eq(f->pMethods->lock(f, SQLITE_LOCK_RESERVED), SQLITE_OK);
  ck_assert_int_eq(f->pMethods->sync(f, 0), SQLITE_OK);
  iosim_crash(s);
  iosim_reboot(s);
  /* the dead process's locks are gone; its handle stays dead */
  IoFile *g = open_ok(s, "db", RW_CREATE);
  ck_assert_int_eq(g->pMethods->lock(g, SQLITE_LOCK_SHARED), SQLITE_OK);
  ck_assert_int_eq(g->pMethods->lock(g, SQLITE_LOCK_EXCLUSIVE), SQLITE_OK);
  ck_assert_int_eq(io_write(f, "x", 1, 0), SQLITE_IOERR_WRITE);
  ck_assert_int_eq(f->pMethods->sync(f, 0), SQLITE_IOERR_FSYNC);
  ck_assert_int_eq(f->pMethods->unlock(f, SQLITE_LOCK_NONE), SQLITE_OK);
  ck_assert_int_eq(f->eLock, SQLITE_LOCK_NONE);
  io_close(f);
  ck_assert_int_eq(g->eLock, SQLITE_LOCK_EXCLUSIVE);
  io_close(g);
  iosim_free(s);
}
END_TEST

START_TEST(test_planned_crash) {
  IoSim *s = iosim_new(8);
  IoSimFaultPlan plan = {.iCrashAt = 5};
  iosim_set_fault_plan(s, &plan);
  IoFile *f = open_ok(s, "db", RW_CREATE); /* op 1 */
  u8 a[512] = {1};
  for (int i = 0; i < 3; i++) ck_assert_int_eq(io_write(f, a, 512, i * 512), SQLITE_OK);
  ck_assert(!iosim_crashed(s));
  ck_assert_int_eq(io_write(f, a, 512, 4096), SQLITE_IOERR_WRITE); /* op 5: the crash */
  ck_assert(iosim_crashed(s));
  io_close(f);
  iosim_reboot(s);
  ck_assert(!iosim_crashed(s));
  IoSimStats st;
  iosim_stats(s, &st);
  ck_assert_uint_eq(st.nCrashes, 1);
  iosim_free(s);
}
END_TEST

/* ---- faults ----------------------------------------------------------------- */

START_TEST(test_fault_nth) {
  IoSim *s = iosim_new(9);
  IoFile *f = open_ok(s, "db", RW_CREATE);
  IoSimFaultPlan plan = {.iFailAt = 3, .mKinds = IOSIM_F_WRITE};
  iosim_set_fault_plan(s, &plan);
  u8 a[100] = {0};
  ck_assert_int_eq(io_read(f, a, 10, 0), SQLITE_IOERR_SHORT_READ); /* not eligible */
  ck_assert_int_eq(io_write(f, a, 100, 0), SQLITE_OK);
  ck_assert_int_eq(io_write(f, a, 100, 100), SQLITE_OK);
  ck_assert_int_eq(io_write(f, a, 100, 200), SQLITE_IOERR_WRITE);
  ck_assert_int_eq(io_write(f, a, 100, 300), SQLITE_OK); /* not persistent */
  i64 sz;
  ck_assert_int_eq(f->pMethods->size(f, &sz), SQLITE_OK);
  ck_assert_int_eq(sz, 400);
  const u8 *img;
  ck_assert(iosim_file_image(s, "db", 0, &img, &sz));
  IoSimStats st;
  iosim_stats(s, &st);
  ck_assert_uint_eq(st.nFaults, 1);
  /* persistent: everything eligible from the 2nd on */
  plan = (IoSimFaultPlan){.iFailAt = 2, .bPersist = 1, .mKinds = IOSIM_F_SYNC | IOSIM_F_TRUNCATE};
  iosim_set_fault_plan(s, &plan);
  ck_assert_int_eq(f->pMethods->sync(f, 0), SQLITE_OK);
  ck_assert_int_eq(f->pMethods->truncate(f, 10), SQLITE_IOERR_TRUNCATE);
  ck_assert_int_eq(f->pMethods->sync(f, 0), SQLITE_IOERR_FSYNC);
  ck_assert_int_eq(f->pMethods->size(f, &sz), SQLITE_OK);
  ck_assert_int_eq(sz, 400); /* the failed truncate changed nothing */
  /* paused: nothing fails */
  iosim_pause_faults(s, 1);
  ck_assert_int_eq(f->pMethods->sync(f, 0), SQLITE_OK);
  iosim_pause_faults(s, 0);
  ck_assert_int_eq(f->pMethods->sync(f, 0), SQLITE_IOERR_FSYNC);
  iosim_set_fault_plan(s, NULL);
  ck_assert_int_eq(f->pMethods->sync(f, 0), SQLITE_OK);
  io_close(f);
  iosim_free(s);
}
END_TEST

START_TEST(test_fault_kinds) {
  IoSim *s = iosim_new(10);
  IoBackend *b = iosim_backend(s);
  IoFile *f = open_ok(s, "db", RW_CREATE);
  u8 a[4096], r[4096];
  fill(a, sizeof(a), 9);
  ck_assert_int_eq(io_write(f, a, 4096, 0), SQLITE_OK);
  IoSimFaultPlan plan = {.iFailAt = 1, .mKinds = IOSIM_F_FULL};
  iosim_set_fault_plan(s, &plan);
  u8 z[4096] = {0};
  ck_assert_int_eq(io_write(f, z, 4096, 0), SQLITE_FULL); /* a prefix may land */
  ck_assert_int_eq(io_read(f, r, 4096, 0), SQLITE_OK);
  int k = 0;
  while (k < 4096 && r[k] == 0) k++;
  ck_assert(memcmp(r + k, a + k, (size_t)(4096 - k)) == 0);
  plan = (IoSimFaultPlan){.iFailAt = 1, .mKinds = IOSIM_F_READ};
  iosim_set_fault_plan(s, &plan);
  ck_assert_int_eq(io_read(f, r, 100, 0), SQLITE_IOERR_READ);
  plan = (IoSimFaultPlan){.iFailAt = 1, .mKinds = IOSIM_F_SHORT_READ};
  iosim_set_fault_plan(s, &plan);
  ck_assert_int_eq(io_read(f, r, 100, 0), SQLITE_IOERR_READ);
  plan = (IoSimFaultPlan){.iFailAt = 1, .mKinds = IOSIM_F_SIZE};
  iosim_set_fault_plan(s, &plan);
  i64 sz = 5;
  ck_assert_int_eq(f->pMethods->size(f, &sz), SQLITE_IOERR_FSTAT);
  plan = (IoSimFaultPlan){.iFailAt = 1, .mKinds = IOSIM_F_OPEN};
  iosim_set_fault_plan(s, &plan);
  IoFile *g = NULL;
  ck_assert_int_eq(io_open(b, "other", RW_CREATE, NULL, &g), SQLITE_CANTOPEN);
  plan = (IoSimFaultPlan){.iFailAt = 1, .mKinds = IOSIM_F_DELETE};
  iosim_set_fault_plan(s, &plan);
  ck_assert_int_eq(b->remove(b, "db", 0), SQLITE_IOERR_DELETE);
  int res = 0;
  ck_assert_int_eq(b->access(b, "db", SQLITE_ACCESS_EXISTS, &res), SQLITE_OK);
  ck_assert_int_eq(res, 1);
  /* class filter: journal faults only */
  plan = (IoSimFaultPlan){.probNum = 1, .probDen = 1, .mKinds = IOSIM_F_WRITE,
                          .mClasses = IOSIM_CLASS_JOURNAL};
  iosim_set_fault_plan(s, &plan);
  ck_assert_int_eq(io_write(f, a, 10, 0), SQLITE_OK);
  IoFile *j = open_ok(s, "db-journal", JRNL);
  ck_assert_int_eq(io_write(j, a, 10, 0), SQLITE_IOERR_WRITE);
  io_close(j);
  io_close(f);
  iosim_free(s);
}
END_TEST

START_TEST(test_fault_probability_and_short_write) {
  IoSim *s = iosim_new(11);
  IoFile *f = open_ok(s, "db", RW_CREATE);
  IoSimFaultPlan plan = {.probNum = 1, .probDen = 4, .mKinds = IOSIM_F_SHORT_WRITE};
  iosim_set_fault_plan(s, &plan);
  u8 a[1000];
  int nFail = 0;
  for (int i = 0; i < 400; i++) {
    fill(a, sizeof(a), (u8)i);
    int rc = io_write(f, a, 1000, (i64)i * 1000);
    ck_assert(rc == SQLITE_OK || rc == SQLITE_IOERR_WRITE);
    nFail += rc != SQLITE_OK;
  }
  ck_assert(nFail > 60 && nFail < 140);
  IoSimStats st;
  iosim_stats(s, &st);
  ck_assert_uint_eq(st.nFaults, (u64)nFail);
  io_close(f);
  iosim_free(s);
}
END_TEST

START_TEST(test_failed_sync_and_lying_sync) {
  /* A failed sync made some sectors durable, a lying one none. */
  int nSome = 0;
  for (u64 seed = 1; seed <= 20; seed++) {
    IoSim *s = iosim_new(seed);
    IoFile *f = open_ok(s, "db", RW_CREATE);
    ck_assert_int_eq(f->pMethods->sync(f, 0), SQLITE_OK);
    u8 a[8192];
    memset(a, 0x33, sizeof(a));
    ck_assert_int_eq(io_write(f, a, 8192, 0), SQLITE_OK);
    IoSimFaultPlan plan = {.iFailAt = 1, .mKinds = IOSIM_F_SYNC};
    iosim_set_fault_plan(s, &plan);
    ck_assert_int_eq(f->pMethods->sync(f, 0), SQLITE_IOERR_FSYNC);
    plan = (IoSimFaultPlan){.mLieSync = IOSIM_CLASS_DB};
    iosim_set_fault_plan(s, &plan);
    IoFile *j = open_ok(s, "db-journal", JRNL);
    ck_assert_int_eq(io_write(j, a, 512, 0), SQLITE_OK);
    ck_assert_int_eq(j->pMethods->sync(j, 0), SQLITE_OK); /* honest: journal class */
    ck_assert_int_eq(f->pMethods->sync(f, 0), SQLITE_OK); /* a lie */
    const u8 *img;
    i64 n;
    ck_assert(iosim_file_image(s, "db", 1, &img, &n));
    ck_assert_int_eq(n, 0); /* durable size unchanged by both */
    ck_assert(iosim_file_image(s, "db-journal", 1, &img, &n));
    ck_assert_int_eq(n, 512);
    IoSimStats st;
    iosim_stats(s, &st);
    ck_assert_uint_eq(st.nLies, 1);
    iosim_set_fault_plan(s, NULL);
    iosim_crash(s);
    io_close(f);
    io_close(j);
    iosim_reboot(s);
    ck_assert(iosim_file_image(s, "db", 1, &img, &n));
    for (i64 i = 0; i < n; i++) ck_assert(img[i] == 0x33 || img[i] == 0);
    if (n > 0) nSome++;
    iosim_free(s);
  }
  ck_assert(nSome > 0);
}
END_TEST

/* ---- trace ------------------------------------------------------------------ */

static int g_nHook;
static void hook(void *p, const char *z) {
  ck_assert_ptr_eq(p, &g_nHook);
  ck_assert(z[strlen(z) - 1] == '\n');
  g_nHook++;
}

START_TEST(test_trace) {
  IoSim *s = iosim_new(12);
  iosim_set_trace_hook(s, hook, &g_nHook);
  iosim_set_trace_limit(s, 8192);
  IoFile *f = open_ok(s, "db", RW_CREATE);
  u8 a[64] = {0};
  for (int i = 0; i < 1000; i++) io_write(f, a, 64, i * 64);
  iosim_trace_note(s, "note %d", 77);
  io_close(f);
  i64 n = 0;
  const char *z = iosim_trace(s, &n);
  ck_assert(n <= 8192 && n > 1000);
  ck_assert(strstr(z, "note 77\n") != NULL);
  ck_assert(strstr(z, "close h1 /db") != NULL);
  ck_assert(g_nHook >= 1003);
  IoSimStats st;
  iosim_stats(s, &st);
  ck_assert_uint_eq(st.nWrites, 1000);
  ck_assert(st.nOps >= 1002);
  iosim_free(s);
}
END_TEST

static Suite *io_sim_suite(void) {
  Suite *s = suite_create("io_sim");
  TCase *tc = tcase_create("core");
  tcase_add_test(tc, test_read_write_size_truncate);
  tcase_add_test(tc, test_batch_submit_wait);
  tcase_add_test(tc, test_backend_methods);
  tcase_add_test(tc, test_clock_and_randomness);
  tcase_add_test(tc, test_locks);
  tcase_add_test(tc, test_determinism);
  tcase_add_test(tc, test_crash_keeps_synced_never_invents);
  tcase_add_test(tc, test_crash_file_entries);
  tcase_add_test(tc, test_crash_after_truncate);
  tcase_add_test(tc, test_dead_handles_after_reboot);
  tcase_add_test(tc, test_planned_crash);
  tcase_add_test(tc, test_fault_nth);
  tcase_add_test(tc, test_fault_kinds);
  tcase_add_test(tc, test_fault_probability_and_short_write);
  tcase_add_test(tc, test_failed_sync_and_lying_sync);
  tcase_add_test(tc, test_trace);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) {
  SRunner *sr = srunner_create(io_sim_suite());
  srunner_run_all(sr, CK_NORMAL);
  int nFailed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return nFailed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
