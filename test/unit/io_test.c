/*
** io_test.c: io/io.c, the unix backend io/io_sync.c and the io_uring
** backend io/io_uring.c: reads, writes, batches (larger than a ring),
** short reads, sync, truncate, size, disk full, open modes, remove,
** access, full paths, randomness, time, sleep, temporary files, the
** syscall table, threads and fork, and the lock protocol between IoFiles
** of one process and between processes (fork).  Every case of the "unix"
** TCase runs again in the "uring" TCase when the kernel grants a ring;
** the fallback when it does not is tested by refusing io_uring_setup with
** a seccomp filter in a child.  Interop with a real sqlite3 process is in
** test/interop/locking_test.c.
*/
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>

#include "io/io.h"
#include "test/unit/test_util.h"

#define PENDING_BYTE 0x40000000
#define RESERVED_BYTE (PENDING_BYTE + 1)
#define SHARED_FIRST (PENDING_BYTE + 2)

static char *zDir;
static IoBackend *g_backend;  /* the backend the running TCase tests */
static const char *g_zName;   /* its expected name */

static void setup(void) {
  zDir = tu_mkdtemp();
  g_backend = io_sync_backend();
  g_zName = "unix";
}
static void setup_uring(void) {
  zDir = tu_mkdtemp();
  g_backend = io_uring_backend();
  g_zName = "uring";
  ck_assert_ptr_nonnull(g_backend);
}
static void teardown(void) {
  tu_rmdir(zDir);
  zDir = NULL;
}

static IoFile *open_rw(const char *zPath) {
  IoFile *f = NULL;
  int rc = io_open(g_backend, zPath, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                   SQLITE_OPEN_MAIN_DB, NULL, &f);
  ck_assert_int_eq(rc, SQLITE_OK);
  ck_assert_ptr_nonnull(f);
  return f;
}

static int lock(IoFile *f, int e) { return f->pMethods->lock(f, e); }
static int unlock(IoFile *f, int e) { return f->pMethods->unlock(f, e); }
static int reserved(IoFile *f) {
  int b = -1;
  ck_assert_int_eq(f->pMethods->check_reserved(f, &b), SQLITE_OK);
  return b;
}

/* ---- data path ---------------------------------------------------------- */

START_TEST(test_read_write_batch) {
  IoFile *f = open_rw(tu_path(zDir, "a"));
  ck_assert_ptr_eq(f->pBackend, g_backend);
  ck_assert_str_eq(f->pBackend->zName, g_zName);
  ck_assert_int_eq(f->eLock, SQLITE_LOCK_NONE);
  u8 a[3][1000];
  IoReq aReq[3];
  for (int i = 0; i < 3; i++) {
    memset(a[i], 'a' + i, sizeof(a[i]));
    aReq[i] = (IoReq){.op = IO_WRITE, .n = 1000, .buf = a[i], .offset = 5000 - 2000 * i,
                      .rc = -1, .pUser = &a[i]};
  }
  ck_assert_int_eq(io_run(f, aReq, 3), SQLITE_OK);
  for (int i = 0; i < 3; i++) {
    ck_assert_int_eq(aReq[i].rc, SQLITE_OK);
    ck_assert_ptr_eq(aReq[i].pUser, &a[i]);
  }
  i64 sz = 0;
  ck_assert_int_eq(f->pMethods->size(f, &sz), SQLITE_OK);
  ck_assert_int_eq(sz, 6000);
  u8 b[1000];
  ck_assert_int_eq(io_read(f, b, 1000, 3000), SQLITE_OK);
  ck_assert(memcmp(b, a[1], 1000) == 0);
  /* a hole reads as zeros */
  ck_assert_int_eq(io_read(f, b, 100, 0), SQLITE_OK);
  for (int i = 0; i < 100; i++) ck_assert_int_eq(b[i], 0);
  /* short read: tail zero-filled (io.h invariant 2) */
  memset(b, 0x55, sizeof(b));
  ck_assert_int_eq(io_read(f, b, 1000, 5500), SQLITE_IOERR_SHORT_READ);
  ck_assert_int_eq(b[0], 'a');
  ck_assert_int_eq(b[499], 'a');
  ck_assert_int_eq(b[500], 0);
  ck_assert_int_eq(b[999], 0);
  ck_assert_int_eq(io_read(f, b, 10, 100000), SQLITE_IOERR_SHORT_READ);
  ck_assert_int_eq(b[0], 0);
  /* sync, truncate */
  ck_assert_int_eq(f->pMethods->sync(f, SQLITE_SYNC_NORMAL), SQLITE_OK);
  ck_assert_int_eq(f->pMethods->sync(f, SQLITE_SYNC_FULL | SQLITE_SYNC_DATAONLY), SQLITE_OK);
  ck_assert_int_eq(f->pMethods->truncate(f, 1234), SQLITE_OK);
  ck_assert_int_eq(f->pMethods->size(f, &sz), SQLITE_OK);
  ck_assert_int_eq(sz, 1234);
  ck_assert_int_eq(io_write(f, "xyz", 3, 1234), SQLITE_OK);
  ck_assert_int_eq(f->pMethods->size(f, &sz), SQLITE_OK);
  ck_assert_int_eq(sz, 1237);
  ck_assert_int_eq(f->pMethods->sector_size(f), 4096);
  ck_assert(f->pMethods->device_characteristics(f) & SQLITE_IOCAP_POWERSAFE_OVERWRITE);
  int eLock = -1;
  ck_assert_int_eq(f->pMethods->file_control(f, SQLITE_FCNTL_LOCKSTATE, &eLock), SQLITE_OK);
  ck_assert_int_eq(eLock, SQLITE_LOCK_NONE);
  ck_assert_int_eq(f->pMethods->file_control(f, 9999, NULL), SQLITE_NOTFOUND);
  io_close(f);
  io_close(NULL);
}
END_TEST

START_TEST(test_open_modes) {
  IoFile *f = NULL;
  IoBackend *b = g_backend;
  const char *zA = tu_path(zDir, "a");
  ck_assert_int_eq(io_open(b, zA, SQLITE_OPEN_READWRITE, NULL, &f), SQLITE_CANTOPEN);
  ck_assert_ptr_null(f);
  f = open_rw(zA);
  io_close(f);
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_EXCLUSIVE;
  ck_assert_int_eq(io_open(b, zA, flags, NULL, &f), SQLITE_CANTOPEN);
  ck_assert_int_eq(io_open(b, zDir, SQLITE_OPEN_READWRITE, NULL, &f) & 0xff, SQLITE_CANTOPEN);
  int outFlags = 0;
  ck_assert_int_eq(io_open(b, zA, SQLITE_OPEN_READONLY, &outFlags, &f), SQLITE_OK);
  ck_assert(outFlags & SQLITE_OPEN_READONLY);
  ck_assert_int_ne(io_write(f, "x", 1, 0), SQLITE_OK);
  io_close(f);
  if (geteuid() != 0) { /* root ignores permissions */
    chmod(zA, 0444);
    outFlags = 0;
    ck_assert_int_eq(io_open(b, zA, SQLITE_OPEN_READWRITE | SQLITE_OPEN_MAIN_DB, &outFlags, &f),
                     SQLITE_OK);
    ck_assert(outFlags & SQLITE_OPEN_READONLY);
    io_close(f);
  }
  /* DELETEONCLOSE: gone at once from the directory, usable meanwhile */
  const char *zB = tu_path(zDir, "b");
  flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_DELETEONCLOSE;
  ck_assert_int_eq(io_open(b, zB, flags, NULL, &f), SQLITE_OK);
  ck_assert_int_eq(io_write(f, "hello", 5, 0), SQLITE_OK);
  io_close(f);
  ck_assert(!tu_exists(zB));
}
END_TEST

START_TEST(test_temp_file) {
  setenv("SQLITE_TMPDIR", zDir, 1);
  IoFile *f = NULL;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_DELETEONCLOSE;
  ck_assert_int_eq(io_open(g_backend, NULL, flags, NULL, &f), SQLITE_OK);
  ck_assert_int_eq(io_write(f, "temp", 4, 8192), SQLITE_OK);
  char b[4];
  ck_assert_int_eq(io_read(f, b, 4, 8192), SQLITE_OK);
  ck_assert(memcmp(b, "temp", 4) == 0);
  /* locks on a private file always succeed */
  ck_assert_int_eq(lock(f, SQLITE_LOCK_SHARED), SQLITE_OK);
  ck_assert_int_eq(lock(f, SQLITE_LOCK_EXCLUSIVE), SQLITE_OK);
  ck_assert_int_eq(unlock(f, SQLITE_LOCK_NONE), SQLITE_OK);
  char zCmd[700];
  snprintf(zCmd, sizeof(zCmd), "test -z \"$(ls -A '%s')\"", zDir);
  ck_assert_int_eq(tu_sh(zCmd), 0); /* already unlinked */
  io_close(f);
  unsetenv("SQLITE_TMPDIR");
}
END_TEST

START_TEST(test_remove_access) {
  IoBackend *b = g_backend;
  const char *zA = tu_path(zDir, "a");
  int bRes = -1;
  ck_assert_int_eq(b->access(b, zA, SQLITE_ACCESS_EXISTS, &bRes), SQLITE_OK);
  ck_assert_int_eq(bRes, 0);
  ck_assert_int_eq(b->remove(b, zA, 0), SQLITE_IOERR_DELETE_NOENT);
  io_close(open_rw(zA));
  ck_assert_int_eq(b->access(b, zA, SQLITE_ACCESS_EXISTS, &bRes), SQLITE_OK);
  ck_assert_int_eq(bRes, 1);
  ck_assert_int_eq(b->access(b, zA, SQLITE_ACCESS_READWRITE, &bRes), SQLITE_OK);
  ck_assert_int_eq(bRes, 1);
  ck_assert_int_eq(b->access(b, zA, SQLITE_ACCESS_READ, &bRes), SQLITE_OK);
  ck_assert_int_eq(bRes, 1);
  ck_assert_int_eq(b->remove(b, zA, 1), SQLITE_OK);
  ck_assert(!tu_exists(zA));
}
END_TEST

START_TEST(test_full_path) {
  IoBackend *b = g_backend;
  char z[600];
  char zCwd[600];
  ck_assert_ptr_nonnull(getcwd(zCwd, sizeof(zCwd)));
  ck_assert_int_eq(b->full_path(b, "x.db", sizeof(z), z), SQLITE_OK);
  char zWant[700];
  snprintf(zWant, sizeof(zWant), "%s/x.db", strcmp(zCwd, "/") == 0 ? "" : zCwd);
  ck_assert_str_eq(z, zWant);
  ck_assert_int_eq(b->full_path(b, "/a/./b//c/../d.db", sizeof(z), z), SQLITE_OK);
  ck_assert_str_eq(z, "/a/b/d.db");
  ck_assert_int_eq(b->full_path(b, "/../..", sizeof(z), z), SQLITE_OK);
  ck_assert_str_eq(z, "/");
  /* a symlink to the database resolves to the real file */
  ck_assert_int_eq(symlink("real.db", tu_path(zDir, "link.db")), 0);
  ck_assert_int_eq(b->full_path(b, tu_path(zDir, "link.db"), sizeof(z), z), SQLITE_OK);
  ck_assert_str_eq(z, tu_path(zDir, "real.db"));
  /* loops and overlong paths fail */
  ck_assert_int_eq(symlink("loop.db", tu_path(zDir, "loop.db")), 0);
  ck_assert_int_ne(b->full_path(b, tu_path(zDir, "loop.db"), sizeof(z), z), SQLITE_OK);
  char zLong[2000];
  memset(zLong, 'x', sizeof(zLong) - 1);
  zLong[0] = '/';
  zLong[sizeof(zLong) - 1] = 0;
  ck_assert_int_ne(b->full_path(b, zLong, sizeof(z), z), SQLITE_OK);
  ck_assert_int_ne(b->full_path(b, "/abc/def", 5, z), SQLITE_OK);
}
END_TEST

START_TEST(test_random_time_sleep) {
  IoBackend *b = g_backend;
  u8 a1[32], a2[32];
  ck_assert_int_eq(io_randomness(b, 32, a1), 32);
  ck_assert_int_eq(io_randomness(b, 32, a2), 32);
  ck_assert(memcmp(a1, a2, 32) != 0);
  i64 ms = io_now_ms(b);
  i64 want = (i64)time(NULL) * 1000 + 210866760000000LL;
  ck_assert_int_lt(ms > want ? ms - want : want - ms, 5000);
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  ck_assert_int_eq(io_sleep_us(b, 20000), 20000);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  i64 us = (t1.tv_sec - t0.tv_sec) * 1000000LL + (t1.tv_nsec - t0.tv_nsec) / 1000;
  ck_assert_int_ge(us, 19000);
}
END_TEST

/* ---- syscall table ------------------------------------------------------ */

static ssize_t broken_pwrite(int fd, const void *buf, size_t n, off_t off) {
  (void)fd, (void)buf, (void)n, (void)off;
  errno = ENOSPC;
  return -1;
}
static int broken_fsync(int fd) {
  (void)fd;
  errno = EIO;
  return -1;
}

START_TEST(test_syscall_table) {
  int n = 0;
  for (const char *z = io_sync_next_syscall(NULL); z; z = io_sync_next_syscall(z)) {
    ck_assert_ptr_nonnull(io_sync_get_syscall(z));
    n++;
  }
  ck_assert_int_eq(n, 15);
  ck_assert_int_eq(io_sync_set_syscall("nosuch", NULL), SQLITE_NOTFOUND);
  IoFile *f = open_rw(tu_path(zDir, "a"));
  sqlite3_syscall_ptr pOld = io_sync_get_syscall("pwrite");
  ck_assert_int_eq(io_sync_set_syscall("pwrite", (sqlite3_syscall_ptr)broken_pwrite), SQLITE_OK);
  ck_assert_int_eq(io_write(f, "x", 1, 0), SQLITE_FULL);
  ck_assert_int_eq(io_sync_set_syscall("fsync", (sqlite3_syscall_ptr)broken_fsync), SQLITE_OK);
  ck_assert_int_eq(io_sync_set_syscall("fdatasync", (sqlite3_syscall_ptr)broken_fsync), SQLITE_OK);
  ck_assert_int_eq(f->pMethods->sync(f, SQLITE_SYNC_NORMAL), SQLITE_IOERR_FSYNC);
  ck_assert_int_eq(io_sync_set_syscall("pwrite", NULL), SQLITE_OK);
  ck_assert_ptr_eq(io_sync_get_syscall("pwrite"), pOld);
  ck_assert_int_eq(io_write(f, "x", 1, 0), SQLITE_OK);
  io_sync_set_syscall(NULL, NULL);
  ck_assert_int_eq(f->pMethods->sync(f, SQLITE_SYNC_NORMAL), SQLITE_OK);
  io_close(f);
}
END_TEST

/* ---- locks inside one process (io.h invariant 4) ------------------------ */

/* Asks a forked child whether byte range [start, start+len) of zPath can
** be locked with type; returns 1 if yes. */
static int child_can_lock(const char *zPath, short type, off_t start, off_t len) {
  pid_t pid = fork();
  if (pid == 0) {
    int fd = open(zPath, O_RDWR);
    struct flock fl = {.l_type = type, .l_whence = SEEK_SET, .l_start = start, .l_len = len};
    _exit(fcntl(fd, F_SETLK, &fl) == 0 ? 0 : 1);
  }
  int status;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

START_TEST(test_locks_one_process) {
  const char *zA = tu_path(zDir, "db");
  IoFile *a = open_rw(zA);
  IoFile *b = open_rw(zA);
  IoFile *c = open_rw(zA);
  ck_assert_int_eq(lock(a, SQLITE_LOCK_SHARED), SQLITE_OK);
  ck_assert_int_eq(lock(b, SQLITE_LOCK_SHARED), SQLITE_OK);
  ck_assert_int_eq(reserved(b), 0);
  ck_assert_int_eq(lock(a, SQLITE_LOCK_RESERVED), SQLITE_OK);
  ck_assert_int_eq(reserved(b), 1);
  ck_assert_int_eq(lock(b, SQLITE_LOCK_RESERVED), SQLITE_BUSY);
  ck_assert_int_eq(lock(b, SQLITE_LOCK_EXCLUSIVE), SQLITE_BUSY);
  ck_assert_int_eq(b->eLock, SQLITE_LOCK_SHARED);
  /* another process sees the locks at SQLite's offsets */
  ck_assert(!child_can_lock(zA, F_WRLCK, RESERVED_BYTE, 1));
  ck_assert(!child_can_lock(zA, F_WRLCK, SHARED_FIRST, 510));
  ck_assert(child_can_lock(zA, F_RDLCK, SHARED_FIRST, 510));
  ck_assert(child_can_lock(zA, F_WRLCK, PENDING_BYTE, 1));
  /* a wants EXCLUSIVE; b still reads: PENDING, BUSY */
  ck_assert_int_eq(lock(a, SQLITE_LOCK_EXCLUSIVE), SQLITE_BUSY);
  ck_assert_int_eq(a->eLock, SQLITE_LOCK_PENDING);
  ck_assert(!child_can_lock(zA, F_RDLCK, PENDING_BYTE, 1));
  ck_assert_int_eq(lock(c, SQLITE_LOCK_SHARED), SQLITE_BUSY); /* no new readers */
  ck_assert_int_eq(unlock(b, SQLITE_LOCK_NONE), SQLITE_OK);
  ck_assert_int_eq(lock(a, SQLITE_LOCK_EXCLUSIVE), SQLITE_OK);
  ck_assert_int_eq(a->eLock, SQLITE_LOCK_EXCLUSIVE);
  ck_assert(!child_can_lock(zA, F_RDLCK, SHARED_FIRST, 510));
  ck_assert_int_eq(lock(c, SQLITE_LOCK_SHARED), SQLITE_BUSY);
  /* back to SHARED: others may read again, nobody reserved */
  ck_assert_int_eq(unlock(a, SQLITE_LOCK_SHARED), SQLITE_OK);
  ck_assert_int_eq(reserved(c), 0);
  ck_assert(child_can_lock(zA, F_RDLCK, SHARED_FIRST, 510));
  ck_assert(!child_can_lock(zA, F_WRLCK, SHARED_FIRST, 510));
  ck_assert_int_eq(lock(c, SQLITE_LOCK_SHARED), SQLITE_OK);
  ck_assert_int_eq(lock(c, SQLITE_LOCK_RESERVED), SQLITE_OK);
  ck_assert_int_eq(unlock(c, SQLITE_LOCK_NONE), SQLITE_OK);
  ck_assert_int_eq(unlock(a, SQLITE_LOCK_NONE), SQLITE_OK);
  ck_assert(child_can_lock(zA, F_WRLCK, PENDING_BYTE, 512));
  io_close(a);
  io_close(b);
  io_close(c);
}
END_TEST

/* Closing one IoFile must not drop the locks another holds. */
START_TEST(test_close_keeps_locks) {
  const char *zA = tu_path(zDir, "db");
  IoFile *a = open_rw(zA);
  IoFile *b = open_rw(zA);
  ck_assert_int_eq(lock(a, SQLITE_LOCK_SHARED), SQLITE_OK);
  ck_assert_int_eq(lock(a, SQLITE_LOCK_RESERVED), SQLITE_OK);
  io_close(b); /* its descriptor must stay open until a unlocks */
  ck_assert(!child_can_lock(zA, F_WRLCK, RESERVED_BYTE, 1));
  IoFile *c = open_rw(zA);
  ck_assert_int_eq(lock(c, SQLITE_LOCK_SHARED), SQLITE_OK);
  io_close(c); /* releases c's SHARED only */
  ck_assert(!child_can_lock(zA, F_WRLCK, RESERVED_BYTE, 1));
  ck_assert(!child_can_lock(zA, F_WRLCK, SHARED_FIRST, 510));
  ck_assert_int_eq(unlock(a, SQLITE_LOCK_NONE), SQLITE_OK);
  ck_assert(child_can_lock(zA, F_WRLCK, PENDING_BYTE, 512));
  /* closing the last holder releases everything */
  ck_assert_int_eq(lock(a, SQLITE_LOCK_SHARED), SQLITE_OK);
  ck_assert_int_eq(lock(a, SQLITE_LOCK_EXCLUSIVE), SQLITE_OK);
  io_close(a);
  ck_assert(child_can_lock(zA, F_WRLCK, PENDING_BYTE, 512));
}
END_TEST

/* ---- locks between processes -------------------------------------------- */

/* Child: opens zPath, takes eLock, reports on pipe, waits for a byte. */
static pid_t spawn_holder(const char *zPath, int eLock, int *pToChild) {
  int up[2], down[2];
  ck_assert_int_eq(pipe(up), 0);
  ck_assert_int_eq(pipe(down), 0);
  pid_t pid = fork();
  if (pid == 0) {
    IoFile *f = NULL;
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    char r = 'x';
    if (io_open(g_backend, zPath, flags, NULL, &f) == SQLITE_OK) {
      int rc = lock(f, SQLITE_LOCK_SHARED);
      if (rc == SQLITE_OK && eLock > SQLITE_LOCK_SHARED) rc = lock(f, SQLITE_LOCK_RESERVED);
      if (rc == SQLITE_OK && eLock > SQLITE_LOCK_RESERVED) rc = lock(f, eLock);
      r = rc == SQLITE_OK ? 'k' : 'b';
    }
    if (write(up[1], &r, 1) != 1) _exit(1);
    if (read(down[0], &r, 1) < 0) _exit(1);
    _exit(0);
  }
  close(up[1]);
  close(down[0]);
  char r;
  ck_assert_int_eq(read(up[0], &r, 1), 1);
  ck_assert_int_eq(r, 'k');
  close(up[0]);
  *pToChild = down[1];
  return pid;
}

static void release_holder(pid_t pid, int fdToChild) {
  ck_assert_int_eq(write(fdToChild, "x", 1), 1);
  close(fdToChild);
  int status;
  waitpid(pid, &status, 0);
  ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

START_TEST(test_locks_two_processes) {
  const char *zA = tu_path(zDir, "db");
  IoFile *a = open_rw(zA);
  int fd;
  /* child reads: we may reserve but not get EXCLUSIVE */
  pid_t pid = spawn_holder(zA, SQLITE_LOCK_SHARED, &fd);
  ck_assert_int_eq(lock(a, SQLITE_LOCK_SHARED), SQLITE_OK);
  ck_assert_int_eq(lock(a, SQLITE_LOCK_RESERVED), SQLITE_OK);
  ck_assert_int_eq(lock(a, SQLITE_LOCK_EXCLUSIVE), SQLITE_BUSY);
  ck_assert_int_eq(a->eLock, SQLITE_LOCK_PENDING);
  release_holder(pid, fd);
  ck_assert_int_eq(lock(a, SQLITE_LOCK_EXCLUSIVE), SQLITE_OK);
  ck_assert_int_eq(unlock(a, SQLITE_LOCK_NONE), SQLITE_OK);
  /* child reserves: we may read, not reserve */
  pid = spawn_holder(zA, SQLITE_LOCK_RESERVED, &fd);
  ck_assert_int_eq(lock(a, SQLITE_LOCK_SHARED), SQLITE_OK);
  ck_assert_int_eq(reserved(a), 1);
  ck_assert_int_eq(lock(a, SQLITE_LOCK_RESERVED), SQLITE_BUSY);
  ck_assert_int_eq(unlock(a, SQLITE_LOCK_NONE), SQLITE_OK);
  release_holder(pid, fd);
  /* child exclusive: we may not even read */
  pid = spawn_holder(zA, SQLITE_LOCK_EXCLUSIVE, &fd);
  ck_assert_int_eq(lock(a, SQLITE_LOCK_SHARED), SQLITE_BUSY);
  ck_assert_int_eq(a->eLock, SQLITE_LOCK_NONE);
  ck_assert_int_eq(reserved(a), 1);
  release_holder(pid, fd);
  ck_assert_int_eq(reserved(a), 0);
  ck_assert_int_eq(lock(a, SQLITE_LOCK_SHARED), SQLITE_OK);
  io_close(a);
}
END_TEST

/* ---- batches, errors, threads, fork (both backends) --------------------- */

/* A batch far larger than a ring (io_uring.c feeds it as slots free up),
** in shuffled order, with empty requests and a read past the end. */
START_TEST(test_large_batch) {
  enum { N = 300, SZ = 1024 };
  IoFile *f = open_rw(tu_path(zDir, "big"));
  static u8 aData[N][SZ], aBack[N][SZ];
  static IoReq aReq[N + 2];
  for (int i = 0; i < N; i++) {
    int k = (i * 7) % N; /* 7 and 300 are coprime: a permutation */
    memset(aData[k], (int)(k * 13 + 1), SZ);
    aReq[i] = (IoReq){.op = IO_WRITE, .n = SZ, .buf = aData[k], .offset = (i64)k * SZ};
  }
  aReq[N] = (IoReq){.op = IO_WRITE, .n = 0, .buf = aData[0], .offset = 0};
  ck_assert_int_eq(io_run(f, aReq, N + 1), SQLITE_OK);
  for (int i = 0; i <= N; i++) ck_assert_int_eq(aReq[i].rc, SQLITE_OK);
  for (int i = 0; i < N; i++) {
    aReq[i] = (IoReq){.op = IO_READ, .n = SZ, .buf = aBack[i], .offset = (i64)i * SZ};
  }
  u8 aTail[100];
  memset(aTail, 0x77, sizeof(aTail));
  aReq[N] = (IoReq){.op = IO_READ, .n = 100, .buf = aTail, .offset = (i64)N * SZ - 50};
  aReq[N + 1] = (IoReq){.op = IO_READ, .n = 0, .buf = aTail, .offset = 0};
  ck_assert_int_eq(io_run(f, aReq, N + 2), SQLITE_IOERR_SHORT_READ);
  for (int i = 0; i < N; i++) {
    ck_assert_int_eq(aReq[i].rc, SQLITE_OK);
    ck_assert(memcmp(aBack[i], aData[i], SZ) == 0);
  }
  ck_assert_int_eq(aReq[N].rc, SQLITE_IOERR_SHORT_READ);
  ck_assert_int_eq(aReq[N + 1].rc, SQLITE_OK);
  ck_assert_int_eq(aTail[49], aData[N - 1][0]);
  ck_assert_int_eq(aTail[50], 0);
  ck_assert_int_eq(aTail[99], 0);
  io_close(f);
}
END_TEST

/* ENOSPC from the kernel is SQLITE_FULL; other write errors IOERR_WRITE. */
START_TEST(test_disk_full) {
  IoFile *f = NULL;
  ck_assert_int_eq(io_open(g_backend, "/dev/full", SQLITE_OPEN_READWRITE, NULL, &f), SQLITE_OK);
  u8 a[512];
  memset(a, 1, sizeof(a));
  IoReq aReq[2] = {{.op = IO_WRITE, .n = 512, .buf = a, .offset = 0},
                   {.op = IO_READ, .n = 512, .buf = a, .offset = 4096}};
  ck_assert_int_eq(io_run(f, aReq, 2), SQLITE_FULL);
  ck_assert_int_eq(aReq[0].rc, SQLITE_FULL);
  ck_assert_int_eq(aReq[1].rc, SQLITE_OK); /* /dev/full reads as zeros */
  ck_assert_int_eq(a[0], 0);
  io_close(f);
  /* a descriptor opened read-only refuses writes (EBADF) */
  io_close(open_rw(tu_path(zDir, "ro")));
  ck_assert_int_eq(io_open(g_backend, tu_path(zDir, "ro"), SQLITE_OPEN_READONLY, NULL, &f),
                   SQLITE_OK);
  ck_assert_int_eq(io_write(f, "x", 1, 0), SQLITE_IOERR_WRITE);
  ck_assert_int_eq(f->pMethods->sync(f, SQLITE_SYNC_NORMAL), SQLITE_OK);
  io_close(f);
}
END_TEST

/* io_run_sync: writes then sync, one submission on io_uring. */
START_TEST(test_run_sync) {
  enum { N = 200, SZ = 512 };
  IoFile *f = open_rw(tu_path(zDir, "db"));
  static u8 a[N][SZ], b[SZ];
  static IoReq aReq[N];
  for (int nReq = 1; nReq <= N; nReq += N - 1) { /* fits a ring; does not */
    for (int i = 0; i < nReq; i++) {
      memset(a[i], (int)(i + nReq), SZ);
      aReq[i] = (IoReq){.op = IO_WRITE, .n = i == 0 ? 0 : SZ, .buf = a[i], .offset = i * SZ};
    }
    ck_assert_int_eq(io_run_sync(f, aReq, nReq, SQLITE_SYNC_NORMAL), SQLITE_OK);
    for (int i = 0; i < nReq; i++) ck_assert_int_eq(aReq[i].rc, SQLITE_OK);
    ck_assert_int_eq(io_read(f, b, SZ, (nReq - 1) * SZ), nReq == 1 ? SQLITE_IOERR_SHORT_READ
                                                                    : SQLITE_OK);
    if (nReq > 1) ck_assert(memcmp(b, a[nReq - 1], SZ) == 0);
  }
  ck_assert_int_eq(io_run_sync(f, aReq, 0, SQLITE_SYNC_FULL | SQLITE_SYNC_DATAONLY), SQLITE_OK);
  /* a failing fsync (through the syscall table) is reported */
  ck_assert_int_eq(io_sync_set_syscall("fsync", (sqlite3_syscall_ptr)broken_fsync), SQLITE_OK);
  ck_assert_int_eq(io_sync_set_syscall("fdatasync", (sqlite3_syscall_ptr)broken_fsync), SQLITE_OK);
  ck_assert_int_eq(io_run_sync(f, aReq, 3, SQLITE_SYNC_NORMAL), SQLITE_IOERR_FSYNC);
  io_sync_set_syscall(NULL, NULL);
  io_close(f);
  /* a failing write wins over the sync */
  ck_assert_int_eq(io_open(g_backend, "/dev/full", SQLITE_OPEN_READWRITE, NULL, &f), SQLITE_OK);
  ck_assert_int_eq(io_run_sync(f, aReq, 3, SQLITE_SYNC_NORMAL), SQLITE_FULL);
  ck_assert_int_eq(aReq[0].rc, SQLITE_OK);
  ck_assert_int_eq(aReq[1].rc, SQLITE_FULL);
  io_close(f);
}
END_TEST

/* One thread's share of test_threads: its own file, batches, syncs. */
static void *thread_io(void *pArg) {
  const char *zPath = pArg;
  IoFile *f = NULL;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_MAIN_DB;
  if (io_open(g_backend, zPath, flags, NULL, &f) != SQLITE_OK) return "open";
  const char *zErr = NULL;
  for (int iRound = 0; iRound < 50 && zErr == NULL; iRound++) {
    u8 a[8][512], b[8][512];
    IoReq aReq[8];
    for (int i = 0; i < 8; i++) {
      memset(a[i], (iRound * 8 + i) & 0xff, 512);
      aReq[i] = (IoReq){.op = IO_WRITE, .n = 512, .buf = a[i], .offset = 512 * i};
    }
    if (io_run(f, aReq, 8) != SQLITE_OK) zErr = "write";
    if (f->pMethods->sync(f, SQLITE_SYNC_NORMAL) != SQLITE_OK) zErr = "sync";
    for (int i = 0; i < 8; i++) aReq[i] = (IoReq){.op = IO_READ, .n = 512, .buf = b[i],
                                                   .offset = 512 * i};
    if (io_run(f, aReq, 8) != SQLITE_OK || memcmp(a, b, sizeof(a)) != 0) zErr = "read";
  }
  io_close(f);
  return (void *)zErr;
}

/* Threads doing I/O at once: each has its own ring (io_uring.c). */
START_TEST(test_threads) {
  enum { NT = 4 };
  pthread_t aThread[NT];
  char azPath[NT][600];
  for (int i = 0; i < NT; i++) {
    char zName[16];
    snprintf(zName, sizeof(zName), "t%d", i);
    snprintf(azPath[i], sizeof(azPath[i]), "%s", tu_path(zDir, zName));
    ck_assert_int_eq(pthread_create(&aThread[i], NULL, thread_io, azPath[i]), 0);
  }
  for (int i = 0; i < NT; i++) {
    void *pRes = (void *)"join";
    ck_assert_int_eq(pthread_join(aThread[i], &pRes), 0);
    ck_assert_ptr_null(pRes);
  }
}
END_TEST

/* A child of fork() does I/O on a file its parent opened, and the parent
** goes on afterwards (a ring inherited through fork is not used). */
START_TEST(test_fork_io) {
  IoFile *f = open_rw(tu_path(zDir, "db"));
  ck_assert_int_eq(io_write(f, "parent", 6, 0), SQLITE_OK);
  pid_t pid = fork();
  if (pid == 0) {
    char a[6];
    int bOk = io_read(f, a, 6, 0) == SQLITE_OK && memcmp(a, "parent", 6) == 0;
    bOk = bOk && io_write(f, "child!", 6, 100) == SQLITE_OK;
    bOk = bOk && f->pMethods->sync(f, SQLITE_SYNC_NORMAL) == SQLITE_OK;
    _exit(bOk ? 0 : 1);
  }
  int status;
  ck_assert_int_eq(waitpid(pid, &status, 0), pid);
  ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  char a[6];
  ck_assert_int_eq(io_read(f, a, 6, 100), SQLITE_OK);
  ck_assert(memcmp(a, "child!", 6) == 0);
  ck_assert_int_eq(io_write(f, "again", 5, 200), SQLITE_OK);
  ck_assert_int_eq(f->pMethods->sync(f, SQLITE_SYNC_FULL), SQLITE_OK);
  io_close(f);
}
END_TEST

/* ---- backend choice and fallback ----------------------------------------- */

/* Makes io_uring_setup fail with ENOSYS in this process from now on, as a
** container's seccomp profile or an old kernel would.  Returns 0 on
** success. */
static int refuse_io_uring(void) {
#ifdef __NR_io_uring_setup
  struct sock_filter aInsn[] = {
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_io_uring_setup, 0, 1),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
  };
  struct sock_fprog prog = {.len = ARRAY_SIZE(aInsn), .filter = aInsn};
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) return -1;
  return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog);
#else
  return -1;
#endif
}

/* Runs this program as "io_test --print-default" with SQLITE_NG_IO set
** to zEnv (NULL: unset), io_uring refused if bRefuse; returns what it
** printed: the name of io_default(). */
static const char *default_name(const char *zEnv, int bRefuse) {
  static char zOut[32];
  int fds[2];
  ck_assert_int_eq(pipe(fds), 0);
  pid_t pid = fork();
  if (pid == 0) {
    dup2(fds[1], 1);
    if (zEnv) setenv("SQLITE_NG_IO", zEnv, 1);
    else unsetenv("SQLITE_NG_IO");
    if (bRefuse && refuse_io_uring() != 0) _exit(3);
    execl("/proc/self/exe", "io_test", "--print-default", (char *)NULL);
    _exit(4);
  }
  close(fds[1]);
  memset(zOut, 0, sizeof(zOut));
  ssize_t n = read(fds[0], zOut, sizeof(zOut) - 1);
  close(fds[0]);
  int status;
  ck_assert_int_eq(waitpid(pid, &status, 0), pid);
  ck_assert(WIFEXITED(status));
  ck_assert_int_eq(WEXITSTATUS(status), 0);
  ck_assert_int_gt(n, 0);
  return zOut;
}

START_TEST(test_default_choice) {
  const char *zBest = io_uring_backend() ? "uring" : "unix";
#ifdef HAVE_LIBURING
  if (io_uring_backend() == NULL) fprintf(stderr, "io_test: io_uring refused here\n");
#else
  ck_assert_ptr_null(io_uring_backend());
#endif
  ck_assert_str_eq(default_name(NULL, 0), "unix"); /* faster on ext4 (io.c) */
  ck_assert_str_eq(default_name("uring", 0), zBest);
  ck_assert_str_eq(default_name("sync", 0), "unix");
  ck_assert_str_eq(default_name("nonsense", 0), "unix");
  /* the kernel refuses rings: silently the syscall backend */
  ck_assert_str_eq(default_name(NULL, 1), "unix");
  ck_assert_str_eq(default_name("uring", 1), "unix");
}
END_TEST

/* The uring backend chosen, then a thread (here a fresh child) that
** cannot create its ring: its I/O goes through syscalls and succeeds. */
START_TEST(test_uring_refused_thread) {
  IoFile *f = open_rw(tu_path(zDir, "db"));
  ck_assert_int_eq(io_write(f, "ring", 4, 0), SQLITE_OK);
  pid_t pid = fork();
  if (pid == 0) {
    if (refuse_io_uring() != 0) _exit(3);
    char a[4];
    int bOk = io_read(f, a, 4, 0) == SQLITE_OK && memcmp(a, "ring", 4) == 0;
    bOk = bOk && io_write(f, "sys!", 4, 4) == SQLITE_OK;
    bOk = bOk && f->pMethods->sync(f, SQLITE_SYNC_NORMAL) == SQLITE_OK;
    u8 b[8];
    bOk = bOk && io_read(f, b, 8, 4) == SQLITE_IOERR_SHORT_READ && b[4] == 0;
    _exit(bOk ? 0 : 1);
  }
  int status;
  ck_assert_int_eq(waitpid(pid, &status, 0), pid);
  ck_assert(WIFEXITED(status));
  ck_assert_int_eq(WEXITSTATUS(status), 0);
  char a[8];
  ck_assert_int_eq(io_read(f, a, 8, 0), SQLITE_OK);
  ck_assert(memcmp(a, "ringsys!", 8) == 0);
  io_close(f);
}
END_TEST

/* The cases every backend must pass. */
static void add_common(TCase *tc) {
  tcase_add_test(tc, test_read_write_batch);
  tcase_add_test(tc, test_open_modes);
  tcase_add_test(tc, test_temp_file);
  tcase_add_test(tc, test_remove_access);
  tcase_add_test(tc, test_full_path);
  tcase_add_test(tc, test_random_time_sleep);
  tcase_add_test(tc, test_syscall_table);
  tcase_add_test(tc, test_locks_one_process);
  tcase_add_test(tc, test_close_keeps_locks);
  tcase_add_test(tc, test_locks_two_processes);
  tcase_add_test(tc, test_large_batch);
  tcase_add_test(tc, test_disk_full);
  tcase_add_test(tc, test_run_sync);
  tcase_add_test(tc, test_threads);
  tcase_add_test(tc, test_fork_io);
}

static Suite *io_suite(void) {
  Suite *s = suite_create("io");
  TCase *tc = tcase_create("unix");
  tcase_add_checked_fixture(tc, setup, teardown);
  add_common(tc);
  tcase_add_test(tc, test_default_choice);
  suite_add_tcase(s, tc);
  if (io_uring_backend() != NULL) {
    tc = tcase_create("uring");
    tcase_add_checked_fixture(tc, setup_uring, teardown);
    add_common(tc);
    tcase_add_test(tc, test_uring_refused_thread);
    suite_add_tcase(s, tc);
  } else {
    fprintf(stderr, "io_test: no io_uring here (not built or refused): uring cases not run\n");
  }
  return s;
}

int main(int argc, char **argv) {
  if (argc == 2 && strcmp(argv[1], "--print-default") == 0) {
    printf("%s", io_default()->zName);
    return 0;
  }
  SRunner *sr = srunner_create(io_suite());
  srunner_run_all(sr, CK_ENV);
  int nFailed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return nFailed == 0 ? 0 : 1;
}
