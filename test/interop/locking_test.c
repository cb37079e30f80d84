/*
** locking_test.c: our pager and io layer against a real sqlite3 process
** on the same file (io.h invariant 3).  Every test is skipped when the
** sqlite3 shell is not installed.
**
**   - sqlite3 holds SHARED / RESERVED / EXCLUSIVE: what we may and may not do;
**   - we hold RESERVED / EXCLUSIVE: what sqlite3 may and may not do, and
**     that our live journal is not mistaken for a hot one;
**   - sqlite3 with a busy timeout waits for our commit and sees it;
**   - both writers hammer the same file at once: no update is lost and
**     the file stays intact.
*/
#include <check.h>
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

static const char *db_path(void) { return tu_path(zDir, "t.db"); }

static int have_sqlite3(void) { return tu_sh("sqlite3 --version >/dev/null 2>&1") == 0; }

/* Runs sqlite3 on the test db with zSql; returns its exit status. */
static int sql(const char *zSql) {
  char zCmd[2000];
  snprintf(zCmd, sizeof(zCmd), "sqlite3 '%s' \"%s\" >/dev/null 2>&1", db_path(), zSql);
  return tu_sh(zCmd);
}

/* sqlite3 output of zSql as an integer. */
static long sql_int(const char *zSql) {
  char zCmd[2000];
  snprintf(zCmd, sizeof(zCmd), "sqlite3 '%s' \"%s\"", db_path(), zSql);
  FILE *f = popen(zCmd, "r");
  long v = -1;
  if (f == NULL || fscanf(f, "%ld", &v) != 1) v = -1;
  if (f) pclose(f);
  return v;
}

/* Starts sqlite3 running zBegin (and its statements), then holding its
** locks until go_holder(); returns once it signalled "ready". */
static pid_t start_holder(const char *zBegin) {
  char zCmd[3000];
  snprintf(zCmd, sizeof(zCmd),
           "printf '%%s\\n' \"%s\" \".system touch %s/ready; "
           "while [ ! -e %s/go ]; do sleep 0.01; done\" 'COMMIT;' | sqlite3 '%s' >/dev/null",
           zBegin, zDir, zDir, db_path());
  unlink(tu_path(zDir, "ready"));
  unlink(tu_path(zDir, "go"));
  pid_t pid = fork();
  if (pid == 0) {
    execl("/bin/sh", "sh", "-c", zCmd, (char *)NULL);
    _exit(127);
  }
  for (int i = 0; i < 1000 && !tu_exists(tu_path(zDir, "ready")); i++) usleep(10000);
  ck_assert_msg(tu_exists(tu_path(zDir, "ready")), "sqlite3 holder did not start");
  return pid;
}

static void stop_holder(pid_t pid) {
  FILE *f = fopen(tu_path(zDir, "go"), "w");
  fclose(f);
  int status;
  waitpid(pid, &status, 0);
  ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

static Pager *open_pager(void) {
  Pager *p = NULL;
  int rc = pager_open(io_default(), db_path(), 0, SQLITE_OPEN_READWRITE, 0, &p);
  ck_assert_int_eq(rc, SQLITE_OK);
  return p;
}

static void make_db(void) {
  ck_assert_int_eq(sql("CREATE TABLE c(n); INSERT INTO c VALUES(0);"), 0);
}

/* Sets user_version (header offset 60) through our pager. */
static int set_user_version(Pager *p, u32 v) {
  PgPage *pg = NULL;
  int rc = pager_get(p, 1, 0, &pg);
  if (rc == SQLITE_OK) rc = pager_write(pg);
  if (rc == SQLITE_OK) put4(pg->aData + 60, v);
  pager_unref(pg);
  return rc;
}

static u32 get_user_version(Pager *p) {
  PgPage *pg = NULL;
  ck_assert_int_eq(pager_get(p, 1, 0, &pg), SQLITE_OK);
  u32 v = get4(pg->aData + 60);
  pager_unref(pg);
  return v;
}

START_TEST(test_sqlite_reserved) {
  ck_assert_msg(have_sqlite3(), "the sqlite3 shell is required (apt-get install sqlite3)");
  make_db();
  pid_t pid = start_holder("BEGIN IMMEDIATE; UPDATE c SET n=5;");
  Pager *p = open_pager();
  ck_assert_int_eq(pager_write_begin(p, 0), SQLITE_BUSY);
  ck_assert_int_eq(pager_read_begin(p), SQLITE_OK); /* its journal is not hot */
  int bRes = 0;
  IoFile *f = pager_file(p);
  ck_assert_int_eq(f->pMethods->check_reserved(f, &bRes), SQLITE_OK);
  ck_assert_int_eq(bRes, 1);
  pager_read_end(p);
  stop_holder(pid);
  ck_assert_int_eq(pager_write_begin(p, 0), SQLITE_OK);
  ck_assert_int_eq(pager_commit(p), SQLITE_OK);
  pager_read_end(p);
  pager_close(p);
  ck_assert_int_eq(sql_int("SELECT n FROM c"), 5);
}
END_TEST

START_TEST(test_sqlite_exclusive_and_shared) {
  ck_assert_msg(have_sqlite3(), "the sqlite3 shell is required (apt-get install sqlite3)");
  make_db();
  pid_t pid = start_holder("BEGIN EXCLUSIVE;");
  Pager *p = open_pager();
  ck_assert_int_eq(pager_read_begin(p), SQLITE_BUSY);
  stop_holder(pid);
  /* sqlite3 reads: we can reserve and write, but not commit */
  pid = start_holder("BEGIN; SELECT count(*) FROM c;");
  ck_assert_int_eq(pager_write_begin(p, 0), SQLITE_OK);
  ck_assert_int_eq(set_user_version(p, 7), SQLITE_OK);
  ck_assert_int_eq(pager_commit(p), SQLITE_BUSY);
  stop_holder(pid);
  ck_assert_int_eq(pager_commit(p), SQLITE_OK);
  pager_read_end(p);
  pager_close(p);
  ck_assert_int_eq(sql_int("PRAGMA user_version"), 7);
  ck_assert_int_eq(sql_int("SELECT count(*) FROM c"), 1);
}
END_TEST

START_TEST(test_we_hold_locks) {
  ck_assert_msg(have_sqlite3(), "the sqlite3 shell is required (apt-get install sqlite3)");
  make_db();
  Pager *p = open_pager();
  ck_assert_int_eq(pager_write_begin(p, 0), SQLITE_OK);
  ck_assert_int_eq(set_user_version(p, 42), SQLITE_OK); /* journal exists now */
  ck_assert(tu_exists(tu_path(zDir, "t.db-journal")));
  ck_assert_int_ne(sql("BEGIN IMMEDIATE; COMMIT;"), 0);    /* database is locked */
  ck_assert_int_eq(sql_int("PRAGMA user_version"), 0);     /* reads the old state */
  ck_assert(tu_exists(tu_path(zDir, "t.db-journal")));    /* and left our journal */
  ck_assert_int_eq(pager_commit(p), SQLITE_OK);
  pager_read_end(p);
  ck_assert_int_eq(sql_int("PRAGMA user_version"), 42);
  /* BEGIN EXCLUSIVE on our side keeps sqlite3 from reading */
  ck_assert_int_eq(pager_write_begin(p, 1), SQLITE_OK);
  ck_assert_int_ne(sql("SELECT count(*) FROM c"), 0);
  ck_assert_int_eq(pager_rollback(p), SQLITE_OK);
  pager_read_end(p);
  ck_assert_int_eq(sql("SELECT count(*) FROM c"), 0);
  pager_close(p);
}
END_TEST

START_TEST(test_sqlite_waits_for_us) {
  ck_assert_msg(have_sqlite3(), "the sqlite3 shell is required (apt-get install sqlite3)");
  make_db();
  Pager *p = open_pager();
  ck_assert_int_eq(pager_write_begin(p, 0), SQLITE_OK);
  ck_assert_int_eq(set_user_version(p, 11), SQLITE_OK);
  char zCmd[2000];
  snprintf(zCmd, sizeof(zCmd),
           "sqlite3 -cmd '.timeout 10000' '%s' 'UPDATE c SET n=n+1; PRAGMA user_version' "
           "> '%s/out'",
           db_path(), zDir);
  pid_t pid = fork();
  if (pid == 0) {
    execl("/bin/sh", "sh", "-c", zCmd, (char *)NULL);
    _exit(127);
  }
  usleep(300000);
  ck_assert_int_eq(waitpid(pid, NULL, WNOHANG), 0); /* still waiting */
  ck_assert_int_eq(pager_commit(p), SQLITE_OK);
  pager_read_end(p);
  int status;
  waitpid(pid, &status, 0);
  ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  long n;
  u8 *a = tu_read_file(tu_path(zDir, "out"), &n);
  ck_assert_int_ge(n, 2);
  ck_assert_int_eq(atoi((char *)a), 11);
  free(a);
  ck_assert_int_eq(sql_int("SELECT n FROM c"), 1);
  /* and we see its commit */
  ck_assert_int_eq(pager_read_begin(p), SQLITE_OK);
  ck_assert_uint_eq(get_user_version(p), 11);
  pager_read_end(p);
  pager_close(p);
}
END_TEST

static int busy_sleep(void *pArg, int n) {
  Pager *p = pArg;
  if (n >= 20000) return 0;
  io_sleep_us(pager_backend(p), 500);
  return 1;
}

/* Both write at once, many times: no lost update, intact file. */
START_TEST(test_concurrent_writers) {
  ck_assert_msg(have_sqlite3(), "the sqlite3 shell is required (apt-get install sqlite3)");
  make_db();
  const int N = 60;
  char zCmd[2000];
  snprintf(zCmd, sizeof(zCmd),
           "for i in $(seq %d); do sqlite3 -cmd '.timeout 20000' '%s' "
           "'UPDATE c SET n=n+1; SELECT count(*) FROM c;' >/dev/null || exit 1; done",
           N, db_path());
  pid_t pid = fork();
  if (pid == 0) {
    execl("/bin/sh", "sh", "-c", zCmd, (char *)NULL);
    _exit(127);
  }
  Pager *p = open_pager();
  pager_set_busy_handler(p, busy_sleep, p);
  for (int i = 1; i <= N; i++) {
    int rc = pager_write_begin(p, 0);
    ck_assert_int_eq(rc, SQLITE_OK);
    u32 v = get_user_version(p);
    ck_assert_int_eq(set_user_version(p, v + 1), SQLITE_OK);
    rc = pager_commit(p);
    ck_assert_int_eq(rc, SQLITE_OK);
    pager_read_end(p);
    /* a reader in between */
    ck_assert_int_eq(pager_read_begin(p), SQLITE_OK);
    ck_assert_uint_eq(get_user_version(p), v + 1);
    pager_read_end(p);
  }
  int status;
  waitpid(pid, &status, 0);
  ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  pager_close(p);
  ck_assert_int_eq(sql_int("PRAGMA user_version"), N);
  ck_assert_int_eq(sql_int("SELECT n FROM c"), N);
  snprintf(zCmd, sizeof(zCmd), "sqlite3 '%s' 'PRAGMA integrity_check' | grep -qx ok", db_path());
  ck_assert_int_eq(tu_sh(zCmd), 0);
}
END_TEST

static Suite *locking_suite(void) {
  Suite *s = suite_create("interop-locking");
  TCase *tc = tcase_create("sqlite3");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_set_timeout(tc, 120);
  tcase_add_test(tc, test_sqlite_reserved);
  tcase_add_test(tc, test_sqlite_exclusive_and_shared);
  tcase_add_test(tc, test_we_hold_locks);
  tcase_add_test(tc, test_sqlite_waits_for_us);
  tcase_add_test(tc, test_concurrent_writers);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) {
  SRunner *sr = srunner_create(locking_suite());
  srunner_run_all(sr, CK_ENV);
  int nFailed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return nFailed == 0 ? 0 : 1;
}
