/* fuzz_test.c: hostile SQL text through sqlite3_prepare_v2 -- 10,000
** random byte strings and 10,000 mutations of valid statements, from a
** seeded generator.  Each input must yield SQLITE_OK (with a statement we
** step a little and finalize) or an error code with a message, never a
** crash, a hang, or a leak: memory in use returns to its starting value
** after the connection closes.  Run it under ASan with make check-asan.
**
** Reproduce a failure with FUZZ_SEED=<seed printed> test/api/fuzz_test. */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sqlite3.h"

static uint64_t g_seed;

static uint64_t rnd(void) {  /* xorshift64*: deterministic per seed */
  g_seed ^= g_seed >> 12;
  g_seed ^= g_seed << 25;
  g_seed ^= g_seed >> 27;
  return g_seed * 0x2545F4914F6CDD1DULL;
}

static const char *const azCorpus[] = {
  "SELECT 1",
  "SELECT a, b FROM t WHERE a > 1 ORDER BY b DESC LIMIT 2 OFFSET 1",
  "SELECT count(*), sum(a), group_concat(b, ',') FROM t GROUP BY b HAVING count(*) > 0",
  "INSERT INTO t VALUES (1, 'x'), (2, NULL), (3, x'00ff')",
  "INSERT OR REPLACE INTO t(a, b) SELECT a + 10, upper(b) FROM t",
  "UPDATE t SET b = b || '!' WHERE a IN (1, 2, 3)",
  "DELETE FROM t WHERE a BETWEEN 2 AND 5 AND b LIKE 'x%' ESCAPE '\\'",
  "CREATE TABLE u(id INTEGER PRIMARY KEY, v TEXT NOT NULL DEFAULT 'd', UNIQUE(v))",
  "CREATE INDEX IF NOT EXISTS ti ON t(b, a DESC)",
  "DROP TABLE IF EXISTS u",
  "SELECT CASE WHEN a THEN 'y' ELSE 'n' END, CAST(b AS INTEGER), typeof(b) FROM t",
  "SELECT DISTINCT substr(b, 2, 3), abs(-a), round(a / 3.0, 2) FROM t",
  "SELECT * FROM t AS x JOIN t AS y ON x.a = y.a WHERE x.b IS NOT NULL",
  "SELECT (SELECT max(a) FROM t), EXISTS (SELECT 1 FROM t WHERE a = ?1), :n, @m, $p",
  "BEGIN; COMMIT",
  "SELECT printf('%d %s %5.2f', a, b, a * 1.5) FROM t",
  "WITH r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 5) SELECT n FROM r",
  "SELECT a FROM t UNION SELECT a FROM t INTERSECT SELECT 1 EXCEPT SELECT 2",
  "PRAGMA integrity_check",
  "EXPLAIN SELECT a FROM t WHERE a = 1",
};

static const char *const azTokens[] = {
  "(", ")", ",", ";", "'", "\"", "`", "[", "]", "*", "/*", "*/", "--", "\n", " ", "?", "?99999999",
  ":x", "SELECT", "FROM", "WHERE", "NULL", "x'", "0x", "1e999", "9223372036854775808", "||",
  "CASE", "END", "(SELECT", "ORDER BY", "GROUP BY", "LIMIT", "\xff", "\xc3", "\0", "%", "->>",
};

static const char *g_corpus_sql(void) {
  return azCorpus[rnd() % (sizeof(azCorpus) / sizeof(azCorpus[0]))];
}

/* Builds one mutation of a corpus statement into buf (n bytes). */
static int mutate(char *buf, int nBuf) {
  const char *z = g_corpus_sql();
  int n = (int)strlen(z);
  memcpy(buf, z, (size_t)n);
  int nEdit = (int)(rnd() % 3);  /* 0..2 edits: about half stay valid SQL */
  for (int e = 0; e < nEdit && n > 0; e++) {
    int at = (int)(rnd() % (uint64_t)n);
    switch (rnd() % 5) {
      case 0:  /* delete a run */
        {
          int len = 1 + (int)(rnd() % 8);
          if (at + len > n) len = n - at;
          memmove(buf + at, buf + at + len, (size_t)(n - at - len));
          n -= len;
        }
        break;
      case 1:  /* insert a token */
        {
          const char *t = azTokens[rnd() % (sizeof(azTokens) / sizeof(azTokens[0]))];
          int len = (int)strlen(t);
          if (len == 0) len = 1;  /* the NUL token */
          if (n + len >= nBuf) break;
          memmove(buf + at + len, buf + at, (size_t)(n - at));
          memcpy(buf + at, t, (size_t)len);
          n += len;
        }
        break;
      case 2:  /* replace a byte */
        buf[at] = (char)(rnd() & 0xff);
        break;
      case 3:  /* truncate */
        n = at;
        break;
      default:  /* duplicate a span */
        {
          int len = 1 + (int)(rnd() % 16);
          if (at + len > n) len = n - at;
          if (n + len >= nBuf) break;
          memmove(buf + at + len, buf + at, (size_t)(n - at));
          n += len;
        }
        break;
    }
  }
  return n;
}

static int random_bytes(char *buf, int nBuf) {
  int n = (int)(rnd() % (uint64_t)(nBuf - 1));
  for (int i = 0; i < n; i++) {
    uint64_t r = rnd();
    /* Bias towards printable SQL-ish bytes so the parser gets past byte 1. */
    buf[i] = (r & 3) ? (char)(' ' + (r >> 8) % 95) : (char)(r >> 8);
  }
  return n;
}

/* Mutations can make a statement unbounded (a recursive CTE that lost its
** WHERE, a self-doubling INSERT ... SELECT); the progress handler stops any
** statement after a fixed budget of VM work, so every case is bounded. */
static int g_nProgress;
static int progress_budget(void *p) {
  (void)p;
  return ++g_nProgress > 2000;  /* x 100 instructions */
}

/* Prepares every statement in buf[0..n) in turn, steps each a little. */
static void run_one(sqlite3 *db, const char *buf, int n) {
  const char *z = buf, *zEnd = buf + n;
  for (int k = 0; k < 8 && z < zEnd; k++) {
    sqlite3_stmt *p = NULL;
    const char *zTail = NULL;
    int rc = sqlite3_prepare_v2(db, z, (int)(zEnd - z), &p, &zTail);
    if (rc != SQLITE_OK) {
      ck_assert_ptr_null(p);
      ck_assert_ptr_nonnull(sqlite3_errmsg(db));
      ck_assert_int_ne(sqlite3_errcode(db), SQLITE_OK);
      return;
    }
    ck_assert_ptr_nonnull(zTail);
    ck_assert(zTail > z || p == NULL);
    ck_assert(zTail <= zEnd);
    g_nProgress = 0;
    for (int s = 0; p != NULL && s < 3; s++) {
      if (sqlite3_step(p) != SQLITE_ROW) break;
      for (int c = 0; c < sqlite3_column_count(p); c++) sqlite3_column_text(p, c);
    }
    sqlite3_finalize(p);
    if (zTail <= z) return;
    z = zTail;
  }
}

static void fuzz(int bMutate, uint64_t seed) {
  g_seed = seed ? seed : 1;
  sqlite3_int64 before = sqlite3_memory_used();
  sqlite3 *db = NULL;
  ck_assert_int_eq(sqlite3_open(":memory:", &db), SQLITE_OK);
  sqlite3_exec(db, "CREATE TABLE t(a, b); INSERT INTO t VALUES (1, 'x'), (2, 'y')", NULL, NULL,
               NULL);
  sqlite3_progress_handler(db, 100, progress_budget, NULL);
  static char buf[600];
  for (int i = 0; i < 10000; i++) {
    uint64_t s = g_seed;
    int n = bMutate ? mutate(buf, (int)sizeof(buf)) : random_bytes(buf, (int)sizeof(buf));
    if (getenv("FUZZ_TRACE")) fprintf(stderr, "case %d seed %llu\n", i, (unsigned long long)s);
    run_one(db, buf, n);
    if (sqlite3_get_autocommit(db) == 0) sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    if (i % 16 == 0) {  /* keep the tables small whatever the inserts did */
      g_nProgress = 0;
      sqlite3_exec(db, "CREATE TABLE IF NOT EXISTS t(a, b); DELETE FROM t WHERE rowid > 8", NULL,
                   NULL, NULL);
    }
  }
  ck_assert_int_eq(sqlite3_close(db), SQLITE_OK);
  ck_assert_int_eq(sqlite3_memory_used(), before);  /* no leak */
}

static uint64_t seed_from_env(uint64_t dflt) {
  const char *z = getenv("FUZZ_SEED");
  uint64_t s = z ? strtoull(z, NULL, 0) : dflt;
  fprintf(stderr, "fuzz_test: reproduce: FUZZ_SEED=%llu\n", (unsigned long long)s);
  return s;
}

START_TEST(test_random_bytes) { fuzz(0, seed_from_env(0x5eed0001)); }
END_TEST

START_TEST(test_mutated_statements) { fuzz(1, seed_from_env(0x5eed0002)); }
END_TEST

int main(void) {
  Suite *s = suite_create("fuzz");
  TCase *tc = tcase_create("prepare");
  tcase_set_timeout(tc, 600);
  tcase_add_test(tc, test_random_bytes);
  tcase_add_test(tc, test_mutated_statements);
  suite_add_tcase(s, tc);
  SRunner *sr = srunner_create(s);
  srunner_run_all(sr, CK_NORMAL);
  int nFail = srunner_ntests_failed(sr);
  srunner_free(sr);
  return nFail == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
