/* diff_test.c: unit tests of the differential-testing tools themselves
** (test/diff/diffrun.c and sqlgen.c): generator determinism and feature
** switches, TLP group shape, statement splitting, the ORDER BY detector,
** result comparison, and an end-to-end run of the reference library against
** itself (must agree) and against a script that is made to differ.
** diffrun.c is included whole (its main renamed) to reach its statics. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#define main diffrun_main
#include "diffrun.c"
#undef main

static void load_ref(void) {
  static int bLoaded = 0;
  if (bLoaded) return;
  api_load(&g_ref, "reference", DIFF_REF_DEFAULT);
  api_load(&g_ours, "ours", DIFF_REF_DEFAULT);
  g_piShared = mmap(NULL, DIFF_SHARED_SIZE, PROT_READ | PROT_WRITE,
                    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  ck_assert_ptr_ne((void *)g_piShared, MAP_FAILED);
  g_zSig = (char *)g_piShared + 64;
  bLoaded = 1;
}

static char *gen(uint64_t seed, unsigned feat, int nStmt, int bTlp) {
  SqlgenOpts o = {seed, feat, nStmt, bTlp};
  char *z = sqlgen_script(&o);
  ck_assert_ptr_nonnull(z);
  return z;
}

START_TEST(test_sqlgen_deterministic) {
  for (uint64_t s = 1; s < 30; s++) {
    char *a = gen(s, SQLGEN_F_ALL, 80, 0), *b = gen(s, SQLGEN_F_ALL, 80, 0);
    char *c = gen(s + 1000, SQLGEN_F_ALL, 80, 0);
    ck_assert_str_eq(a, b);
    ck_assert_str_ne(a, c);
    free(a); free(b); free(c);
  }
}
END_TEST

/* Off features never appear; on features appear in some seed. */
START_TEST(test_sqlgen_feature_switches) {
  static const char *const azOff[] = {" JOIN ", " OVER (", "WITH ", "CREATE TRIGGER",
                                      "ON CONFLICT", " UNION ", "BEGIN;", "EXISTS ("};
  int aSeen[8] = {0};
  for (uint64_t s = 1; s <= 60; s++) {
    char *zDef = gen(s, SQLGEN_F_DEFAULT, 100, 0), *zAll = gen(s, SQLGEN_F_ALL, 100, 0);
    for (int i = 0; i < 8; i++) {
      ck_assert_msg(strstr(zDef, azOff[i]) == NULL, "seed %d uses %s", (int)s, azOff[i]);
      if (strstr(zAll, azOff[i])) aSeen[i] = 1;
    }
    ck_assert_ptr_null(strstr(zAll, "random("));
    ck_assert_ptr_null(strstr(zAll, "'now'"));
    free(zDef); free(zAll);
  }
  for (int i = 0; i < 8; i++) ck_assert_msg(aSeen[i], "never generated: %s", azOff[i]);
  char *zNone = gen(5, 0, 60, 0);
  ck_assert_ptr_null(strstr(zNone, " WHERE "));
  ck_assert_ptr_null(strstr(zNone, "UPDATE "));
  free(zNone);
}
END_TEST

START_TEST(test_sqlgen_parse_features) {
  unsigned f = 0;
  const char *zBad = NULL;
  ck_assert_int_eq(sqlgen_parse_features("expr,where", &f, &zBad), 0);
  ck_assert_uint_eq(f, SQLGEN_F_EXPR | SQLGEN_F_WHERE);
  ck_assert_int_eq(sqlgen_parse_features("+join,-limit", &f, &zBad), 0);
  ck_assert_uint_eq(f, (SQLGEN_F_DEFAULT | SQLGEN_F_JOIN) & ~SQLGEN_F_LIMIT);
  ck_assert_int_eq(sqlgen_parse_features("all", &f, &zBad), 0);
  ck_assert_uint_eq(f, SQLGEN_F_ALL);
  ck_assert_int_eq(sqlgen_parse_features("expr,bogus", &f, &zBad), -1);
  ck_assert_str_eq(zBad, "bogus");
  char buf[400];
  sqlgen_feature_names(SQLGEN_F_JOIN | SQLGEN_F_CTE, buf, sizeof(buf));
  ck_assert_str_eq(buf, "join,cte");
}
END_TEST

START_TEST(test_split_and_tlp_shape) {
  load_ref();
  Script s;
  script_split(&s, "SELECT ';';  -- c\nCREATE TRIGGER x AFTER INSERT ON t BEGIN SELECT 1; "
                   "SELECT 2; END;\n SELECT 3");
  ck_assert_int_eq(s.nStmt, 3);
  ck_assert_str_eq(s.azStmt[0], "SELECT ';';");
  ck_assert_ptr_nonnull(strstr(s.azStmt[1], "END;"));
  ck_assert_str_eq(s.azStmt[2], "SELECT 3");
  script_free(&s);
  char *z = gen(7, SQLGEN_F_DEFAULT, 100, 1);
  script_split(&s, z);
  int nGroup = 0;
  for (int i = 0; i < s.nStmt; i++) {
    if (!tlp_is_mark(s.azStmt[i])) continue;
    nGroup++;
    ck_assert_int_le(i + 4, s.nStmt);
    for (int k = 1; k < 4; k++) ck_assert_ptr_nonnull(strstr(s.azStmt[i + k], " WHERE "));
    ck_assert_ptr_nonnull(strstr(s.azStmt[i + 3], ") IS NULL;"));
  }
  ck_assert_int_gt(nGroup, 5);
  script_free(&s);
  free(z);
}
END_TEST

START_TEST(test_unordered_detector) {
  ck_assert_int_eq(stmt_is_unordered("SELECT a FROM t"), 1);
  ck_assert_int_eq(stmt_is_unordered("  select a from t order by a"), 0);
  ck_assert_int_eq(stmt_is_unordered("SELECT a FROM t WHERE b = 'ORDER BY'"), 1);
  ck_assert_int_eq(stmt_is_unordered("SELECT (SELECT x FROM u ORDER BY 1) FROM t"), 1);
  ck_assert_int_eq(stmt_is_unordered("SELECT rank() OVER (ORDER BY a) FROM t"), 1);
  ck_assert_int_eq(stmt_is_unordered("WITH c AS (SELECT 1) SELECT * FROM c ORDER\n BY 1"), 0);
  ck_assert_int_eq(stmt_is_unordered("-- x ORDER BY\nVALUES (1), (2)"), 1);
  ck_assert_int_eq(stmt_is_unordered("SELECT a AS xorder, b FROM t"), 1);
  ck_assert_int_eq(stmt_is_unordered("INSERT INTO t VALUES (1)"), 0);
  ck_assert_int_eq(stmt_is_unordered("PRAGMA table_info(t)"), 0);
}
END_TEST

static StmtRes res_make(const char *zCols, int nRow, const char *const *azRow) {
  StmtRes r;
  memset(&r, 0, sizeof(r));
  r.cPhase = 'D';
  r.zErr = xstrdup("");
  r.zCols = xstrdup(zCols);
  r.azRow = xmalloc(sizeof(char *) * (size_t)(nRow + 1));
  for (int i = 0; i < nRow; i++) r.azRow[i] = xstrdup(azRow[i]);
  r.nRow = nRow;
  return r;
}

START_TEST(test_compare) {
  static const char *const a[] = {"i:1", "i:2"}, *const b[] = {"i:2", "i:1"};
  static const char *const c[] = {"i:1", "r:1.0@3ff0000000000000"};
  char zWhy[200];
  StmtRes x = res_make("a", 2, a), y = res_make("a", 2, b), z = res_make("a", 2, c);
  ck_assert_int_eq(diff_compare(&x, &y, 0, zWhy, sizeof(zWhy)), 1);
  ck_assert_str_eq(zWhy, " rows");
  ck_assert_int_eq(diff_compare(&x, &y, 1, zWhy, sizeof(zWhy)), 0);   /* multiset */
  ck_assert_int_eq(diff_compare(&x, &z, 1, zWhy, sizeof(zWhy)), 1);   /* 2 vs 1.0 */
  y.nChange = 3;
  free(y.zCols);
  y.zCols = xstrdup("A");
  ck_assert_int_eq(diff_compare(&x, &y, 1, zWhy, sizeof(zWhy)), 1);
  ck_assert_str_eq(zWhy, " columns changes");
  res_free(&x); res_free(&y); res_free(&z);
}
END_TEST

/* The reference against itself agrees on generated scripts and on a corpus
** file; a statement that reads the library's own address differs. */
START_TEST(test_end_to_end) {
  load_ref();
  for (uint64_t seed = 1; seed <= 20; seed++) {
    char *zSql = gen(seed, SQLGEN_F_ALL, 60, 0);
    Script s;
    script_split(&s, zSql);
    ck_assert_msg(eval_script(&s, NULL, 0) < 0, "seed %d differs", (int)seed);
    script_free(&s);
    free(zSql);
  }
  Script s;
  script_split(&s, "CREATE TABLE t(a); INSERT INTO t VALUES (1); SELECT 1;"
                   "SELECT random() FROM t; SELECT 2;");
  ck_assert_int_eq(eval_script(&s, NULL, 0), 3);
  char aKeep[5] = {1, 1, 1, 1, 0};
  minimize(&s, aKeep, 3);
  ck_assert_int_eq(aKeep[3], 1);            /* the differing statement stays */
  ck_assert_int_eq(aKeep[2], 0);            /* an irrelevant one goes */
  ck_assert_int_eq(eval_script(&s, aKeep, 0), 3);
  script_free(&s);
  /* TLP holds on the reference; a deliberately broken partition fails. */
  char *zTlp = gen(11, SQLGEN_F_DEFAULT, 60, 1);
  script_split(&s, zTlp);
  int nGroups = 0;
  ck_assert_int_eq(tlp_eval(&g_ref, &s, "test", &nGroups), 0);
  ck_assert_int_gt(nGroups, 3);
  script_free(&s);
  free(zTlp);
  script_split(&s, "CREATE TABLE t(a); INSERT INTO t VALUES (1), (NULL), (3);\n"
                   SQLGEN_TLP_MARK "\nSELECT a FROM t; SELECT a FROM t WHERE (a > 1);"
                   "SELECT a FROM t WHERE NOT (a > 1); SELECT a FROM t WHERE 0;");
  nGroups = 0;
  ck_assert_int_eq(tlp_eval(&g_ref, &s, "broken", &nGroups), 1);
  ck_assert_int_eq(nGroups, 1);
  script_free(&s);
}
END_TEST

int main(void) {
  Suite *s = suite_create("diff");
  TCase *tc = tcase_create("core");
  tcase_set_timeout(tc, 120);
  tcase_add_test(tc, test_sqlgen_deterministic);
  tcase_add_test(tc, test_sqlgen_feature_switches);
  tcase_add_test(tc, test_sqlgen_parse_features);
  tcase_add_test(tc, test_split_and_tlp_shape);
  tcase_add_test(tc, test_unordered_detector);
  tcase_add_test(tc, test_compare);
  tcase_add_test(tc, test_end_to_end);
  suite_add_tcase(s, tc);
  SRunner *sr = srunner_create(s);
  srunner_run_all(sr, CK_NORMAL);
  int nFail = srunner_ntests_failed(sr);
  srunner_free(sr);
  return nFail ? EXIT_FAILURE : EXIT_SUCCESS;
}
