/* oom_test.c: out-of-memory at every allocation of common API sequences.
** For n = 1, 2, ... the n-th allocation fails (once, then persistently);
** every call must either succeed or report SQLITE_NOMEM with "out of
** memory", never crash, and memory in use must return to its starting
** value once the connection is closed.  The loop ends when a run completes
** without reaching the n-th allocation.  Uses engine/core.h's fault hook,
** so it links the convenience library, not the shared object. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sqlite3.h"
#include "engine/core.h"

/* Rows seen by the callback (results of a run are not compared: an OOM may
** strike anywhere, only the error discipline is checked). */
static int cb_rows(void *p, int n, char **az, char **azCol) {
  (void)n;
  (void)az;
  (void)azCol;
  ++*(int *)p;
  return 0;
}

/* One API sequence under fault injection.  Returns non-zero if any call
** returned SQLITE_NOMEM. */
static int run_sequence(int bPersist) {
  sqlite3 *db = NULL;
  int sawNomem = 0;
  int rc = sqlite3_open(":memory:", &db);
  if (rc != SQLITE_OK) {
    ck_assert_int_eq(rc, SQLITE_NOMEM);
    if (db != NULL) ck_assert_str_eq(sqlite3_errmsg(db), "out of memory");
    mem_fault_countdown(0, 0);
    sqlite3_close(db);
    return 1;
  }
  static const char *const azSql[] = {
    "create table t(a integer primary key, b text, c)",
    "insert into t(b, c) values ('x', 1), ('yy', 2.5), (NULL, x'00ff')",
    "create index tb on t(b)",
    "select a, b, c, length(b) from t where a > 0 order by b",
    "update t set c = c || 'z' where a = 2",
    "select count(*), group_concat(b) from t group by c is null",
    "delete from t where a = 1",
  };
  for (int i = 0; i < (int)(sizeof(azSql) / sizeof(azSql[0])); i++) {
    char *zErr = NULL;
    int nRow = 0;
    rc = sqlite3_exec(db, azSql[i], cb_rows, &nRow, &zErr);
    if (rc == SQLITE_NOMEM) {
      sawNomem = 1;
      ck_assert_int_eq(sqlite3_errcode(db), SQLITE_NOMEM);
      ck_assert_str_eq(sqlite3_errmsg(db), "out of memory");
    } else if (rc != SQLITE_OK) {
      /* A failed earlier statement can make a later one fail differently
      ** (e.g. "no such table"), but only after an OOM happened. */
      ck_assert_msg(mem_fault_count() > 0, "rc=%d (%s) without an injected fault", rc,
                    zErr ? zErr : "");
    }
    sqlite3_free(zErr);
    if (!bPersist && rc == SQLITE_NOMEM) mem_fault_countdown(0, 0);
  }
  mem_fault_countdown(0, 0);
  ck_assert_int_eq(sqlite3_close(db), SQLITE_OK);
  return sawNomem;
}

static void oom_loop(int bPersist) {
  sqlite3_initialize();
  sqlite3_vfs_find(NULL);  /* one-time allocations happen before the baseline */
  i64 before = sqlite3_memory_used();
  int n;
  for (n = 1; n < 20000; n++) {
    int nFailBefore = mem_fault_count();
    mem_fault_countdown(n, bPersist);
    run_sequence(bPersist);
    int bHit = mem_fault_count() > nFailBefore;
    mem_fault_countdown(0, 0);
    ck_assert_msg(sqlite3_memory_used() == before, "leak after OOM at allocation %d: %lld bytes",
                  n, (long long)(sqlite3_memory_used() - before));
    if (!bHit) break;  /* the whole sequence ran without reaching allocation n */
  }
  ck_assert_int_lt(n, 20000);
  fprintf(stderr, "oom_test: %s faults: %d allocation sites exercised\n",
          bPersist ? "persistent" : "single", n - 1);
}

START_TEST(test_oom_single) { oom_loop(0); }
END_TEST

START_TEST(test_oom_persistent) { oom_loop(1); }
END_TEST

int main(void) {
  Suite *s = suite_create("oom");
  TCase *tc = tcase_create("oom");
  tcase_set_timeout(tc, 600);
  tcase_add_test(tc, test_oom_single);
  tcase_add_test(tc, test_oom_persistent);
  suite_add_tcase(s, tc);
  SRunner *sr = srunner_create(s);
  srunner_run_all(sr, CK_NORMAL);
  int nFail = srunner_ntests_failed(sr);
  srunner_free(sr);
  return nFail == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
