/*
** cg_test.c: planner and resolver checks: EXPLAIN QUERY PLAN detail strings
** (expected text captured from the real sqlite3 3.40.1), declared-type
** affinity (datatype3.html 3.1), and name-resolution error messages.
*/
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include "engine/core.h"
#include "engine/conn.h"
#include "engine/prepare.h"
#include "engine/schema.h"
#include "engine/vdbe.h"

typedef struct EqpCase {
  const char *zSql;
  const char *zExpect;    /* detail column of every row, one per line */
} EqpCase;

static const EqpCase aEqp[] = {
  {"select * from t where a=1",
   "SEARCH t USING INDEX i (a=?)\n"},
  {"select * from t as x where a=1",
   "SEARCH x USING INDEX i (a=?)\n"},
  {"select * from t where rowid>5 and rowid<10",
   "SEARCH t USING INTEGER PRIMARY KEY (rowid>? AND rowid<?)\n"},
  {"select * from t where rowid>=5",
   "SEARCH t USING INTEGER PRIMARY KEY (rowid>?)\n"},
  {"select c from t where b=1 and c>2",
   "SEARCH t USING COVERING INDEX j (b=? AND c>?)\n"},
  {"select * from t order by b",
   "SCAN t USING INDEX j\n"},
  {"select b from t order by b desc",
   "SCAN t USING COVERING INDEX j\n"},
  {"select * from t order by c",
   "SCAN t\nUSE TEMP B-TREE FOR ORDER BY\n"},
  {"select distinct c from t",
   "SCAN t USING COVERING INDEX j\nUSE TEMP B-TREE FOR DISTINCT\n"},
  {"select c, count(*) from t group by c",
   "SCAN t USING COVERING INDEX j\nUSE TEMP B-TREE FOR GROUP BY\n"},
  {"select count(*) from t",
   "SCAN t USING COVERING INDEX i\n"},
  {"select * from t where a>1 and a<5",
   "SEARCH t USING INDEX i (a>? AND a<?)\n"},
  {"select * from t where a=1 order by c",
   "SEARCH t USING INDEX i (a=?)\nUSE TEMP B-TREE FOR ORDER BY\n"},
  {"select * from t x, t as u where x.a=u.b",
   "SCAN x\nSEARCH u USING INDEX j (b=?)\n"},
  {"select * from t where rowid=2",
   "SEARCH t USING INTEGER PRIMARY KEY (rowid=?)\n"},
  {"select * from t where a between 1 and 5",
   "SEARCH t USING INDEX i (a>? AND a<?)\n"},
  {"select * from t where rowid between 3 and 5",
   "SEARCH t USING INTEGER PRIMARY KEY (rowid>? AND rowid<?)\n"},
  {"select * from t where rowid between ?1 and ?1 + 99",
   "SEARCH t USING INTEGER PRIMARY KEY (rowid>? AND rowid<?)\n"},
  {"select * from t where a not between 1 and 5",
   "SCAN t\n"},
  {"select * from r where x=5",
   "SEARCH r USING INTEGER PRIMARY KEY (rowid=?)\n"},
  {"select * from r where y=5",
   "SCAN r\n"},
  {"select * from r order by x",
   "SCAN r\n"},
  {"select * from r order by x desc",
   "SCAN r\n"},
  {"select 1",
   "SCAN CONSTANT ROW\n"},
  {"select * from t where b=1",
   "SEARCH t USING INDEX j (b=?)\n"},
  {"select a from t where a=1",
   "SEARCH t USING COVERING INDEX i (a=?)\n"},
  {"select * from t where c=1",
   "SCAN t\n"},
  {"select * from t where a='x' and b=2",
   "SEARCH t USING INDEX j (b=?)\n"},
  {"select * from t where a in (1,2)",
   "SEARCH t USING INDEX i (a=?)\n"},
  {"select * from t where rowid in (1,2)",
   "SEARCH t USING INTEGER PRIMARY KEY (rowid=?)\n"},
  {"select c from t where b in (1,2)",
   "SEARCH t USING COVERING INDEX j (b=?)\n"},
  {"select * from t left join r on r.x = t.a",
   "SCAN t\nSEARCH r USING INTEGER PRIMARY KEY (rowid=?) LEFT-JOIN\n"},
  {"select a from t union select y from r",
   "COMPOUND QUERY\nLEFT-MOST SUBQUERY\nSCAN t USING COVERING INDEX i\n"
   "UNION USING TEMP B-TREE\nSCAN r\n"},
  {"select a, count(*) from t group by a",
   "SCAN t USING COVERING INDEX i\n"},
  {"select * from t where a > 0 and a < 3 order by a desc",
   "SEARCH t USING INDEX i (a>? AND a<?)\n"},
  {"select c from t where b = 5 order by c desc",
   "SEARCH t USING COVERING INDEX j (b=?)\n"},
  {"select * from t where a >= 2 order by a desc",
   "SEARCH t USING INDEX i (a>?)\n"},
  {"select * from t where exists (select 1 from r where r.x = t.a)",
   "SCAN t\nCORRELATED SCALAR SUBQUERY 1\nSEARCH r USING INTEGER PRIMARY KEY (rowid=?)\n"},
  {"select (select count(*) from r where r.y = t.b), (select 1 from r) from t",
   "SCAN t USING COVERING INDEX j\nCORRELATED SCALAR SUBQUERY 1\nSCAN r\n"
   "SCALAR SUBQUERY 2\nSCAN r\n"},
  {"select * from (select a, count(*) from t group by a) s",
   "CO-ROUTINE s\nSCAN t USING COVERING INDEX i\nSCAN s\n"},
  {"select distinct a from t",
   "SCAN t USING COVERING INDEX i\n"},
  {"select * from r, t where t.a = r.y",
   "SCAN r\nSEARCH t USING INDEX i (a=?)\n"},
  {"select * from t x, t as y where x.a=y.b",
   "SCAN x\nSEARCH y USING INDEX j (b=?)\n"},
};

static const char *zSchema =
    "create table t(a,b,c); create index i on t(a); create index j on t(b,c);"
    "create table r(x integer primary key, y);";

static sqlite3 *open_db(void) {
  sqlite3 *db = NULL;
  ck_assert_int_eq(sqlite3_open(":memory:", &db), SQLITE_OK);
  ck_assert_int_eq(sqlite3_exec(db, zSchema, 0, 0, 0), SQLITE_OK);
  return db;
}

START_TEST(test_eqp) {
  const EqpCase *c = &aEqp[_i];
  sqlite3 *db = open_db();
  char zSql[400];
  snprintf(zSql, sizeof(zSql), "explain query plan %s", c->zSql);
  Vdbe *v = NULL;
  ck_assert_int_eq(sql_prepare(db, zSql, -1, VDBE_PREP_V2, &v, NULL), SQLITE_OK);
  char zGot[2000] = "";
  while (vdbe_step(v) == SQLITE_ROW) {
    const unsigned char *z = value_text(vdbe_column_value(v, 3), SQLITE_UTF8);
    ck_assert_ptr_nonnull(z);
    strncat(zGot, (const char *)z, sizeof(zGot) - strlen(zGot) - 2);
    strcat(zGot, "\n");
  }
  vdbe_finalize(v);
  if (strcmp(zGot, c->zExpect) != 0) fprintf(stderr, "%s\n%s", c->zSql, zGot);
  ck_assert_str_eq(zGot, c->zExpect);
  sqlite3_close(db);
}
END_TEST

/* Opcode sequences of per-row code (plan.h invariants 1 and 3): BETWEEN
** and IN lists jump straight to the next row, loop invariants are computed
** before the loop, range and equality terms an index seek enforces are not
** tested again, and non-covering index loops defer the table seek. */
static const EqpCase aProg[] = {
  {"select y from r where y between ?1 and ?1 + 9",
   "Init OpenRead Variable Variable Integer Add Rewind Column Lt Gt Column ResultRow Next "
   "Halt Transaction Goto "},
  {"select y from r where y not between 1 and 2 or y in (3, 4)",
   "Init OpenRead Integer Integer Integer Integer Rewind Column Lt Gt Column IsNull Eq Eq "
   "Goto Column ResultRow Next Halt Transaction Goto "},
  {"select c from t where a between ?1 and ?2",
   "Init OpenRead OpenRead Variable IsNull Affinity SeekGE Variable IsNull Affinity IdxGT "
   "DeferredSeek Column ResultRow Next Halt Transaction Goto "},
  {"select c from t where a = ?1",
   "Init OpenRead OpenRead Variable IsNull Affinity SeekGE Variable IsNull Affinity IdxGT "
   "DeferredSeek Column ResultRow Next Halt Transaction Goto "},
  {"select a, c from t where a > 5",
   "Init OpenRead OpenRead Integer IsNull Affinity SeekGT DeferredSeek Column Column "
   "ResultRow Next Halt Transaction Goto "},
  /* a rowid range: the seek and the end test (numeric, NULL ends) are exact */
  {"select y from r where x between ?1 and ?1 + 9",
   "Init OpenRead Variable SeekGE Variable Integer Add Rowid Gt Column ResultRow Next Halt "
   "Transaction Goto "},
  /* an upper bound alone does not skip the NULL entries: it stays a filter */
  {"select c from t where a < 5",
   "Init OpenRead OpenRead Integer Rewind Integer IsNull Affinity IdxGE DeferredSeek Column "
   "Ge Column ResultRow Next Halt Transaction Goto "},
};

START_TEST(test_programs) {
  const EqpCase *c = &aProg[_i];
  sqlite3 *db = open_db();
  char zSql[400];
  snprintf(zSql, sizeof(zSql), "explain %s", c->zSql);
  Vdbe *v = NULL;
  ck_assert_int_eq(sql_prepare(db, zSql, -1, VDBE_PREP_V2, &v, NULL), SQLITE_OK);
  char zGot[2000] = "";
  while (vdbe_step(v) == SQLITE_ROW) {
    const unsigned char *z = value_text(vdbe_column_value(v, 1), SQLITE_UTF8);
    ck_assert_ptr_nonnull(z);
    strncat(zGot, (const char *)z, sizeof(zGot) - strlen(zGot) - 2);
    strcat(zGot, " ");
  }
  vdbe_finalize(v);
  if (strcmp(zGot, c->zExpect) != 0) fprintf(stderr, "%s\n%s\n", c->zSql, zGot);
  ck_assert_str_eq(zGot, c->zExpect);
  sqlite3_close(db);
}
END_TEST

START_TEST(test_affinity) {
  static const struct { const char *zType; char aff; } a[] = {
      {"INT", AFF_INTEGER}, {"integer", AFF_INTEGER}, {"TINYINT", AFF_INTEGER},
      {"BIGINT", AFF_INTEGER}, {"UNSIGNED BIG INT", AFF_INTEGER}, {"INT8", AFF_INTEGER},
      {"CHARACTER(20)", AFF_TEXT}, {"VARCHAR(255)", AFF_TEXT}, {"NCHAR(55)", AFF_TEXT},
      {"TEXT", AFF_TEXT}, {"CLOB", AFF_TEXT}, {"BLOB", AFF_BLOB}, {NULL, AFF_BLOB},
      {"REAL", AFF_REAL}, {"DOUBLE", AFF_REAL}, {"DOUBLE PRECISION", AFF_REAL},
      {"FLOAT", AFF_REAL}, {"NUMERIC", AFF_NUMERIC}, {"DECIMAL(10,5)", AFF_NUMERIC},
      {"BOOLEAN", AFF_NUMERIC}, {"DATE", AFF_NUMERIC}, {"DATETIME", AFF_NUMERIC},
      {"FLOATING POINT", AFF_INTEGER}, {"STRING", AFF_NUMERIC}, {"", AFF_NUMERIC},
      {"CHARINT", AFF_INTEGER}, {"BLOBTEXT", AFF_TEXT},
  };
  for (int i = 0; i < ARRAY_SIZE(a); i++) {
    ck_assert_msg(schema_affinity(a[i].zType) == a[i].aff, "type %s", a[i].zType);
  }
}
END_TEST

/* Resolution errors: message and SQLITE_ERROR from sql_prepare. */
START_TEST(test_resolve_errors) {
  static const struct { const char *zSql, *zMsg; } a[] = {
      {"select zz from t", "no such column: zz"},
      {"select t.zz from t", "no such column: t.zz"},
      {"select x.a from t", "no such column: x.a"},
      {"select a from t, t as t2", "ambiguous column name: a"},
      {"select t.a from t, t", "ambiguous column name: t.a"},
      {"select * from nosuch", "no such table: nosuch"},
      {"select foo(1)", "no such function: foo"},
      {"select abs(1,2)", "wrong number of arguments to function abs()"},
      {"select count(1,2)", "wrong number of arguments to function count()"},
      {"select count(*) from t where count(*)>1", "misuse of aggregate: count()"},
      {"select sum(count(*)) from t", "misuse of aggregate function count()"},
      {"select a from t group by count(*)",
       "aggregate functions are not allowed in the GROUP BY clause"},
      {"select a from t having a>1", "HAVING clause on a non-aggregate query"},
      {"select a from t order by 2",
       "1st ORDER BY term out of range - should be between 1 and 1"},
      {"select a, b from t order by 1, 5",
       "2nd ORDER BY term out of range - should be between 1 and 2"},
      {"select a from t group by 0",
       "1st GROUP BY term out of range - should be between 1 and 1"},
      {"insert into t(zz) values(1)", "table t has no column named zz"},
      {"update t set zz=1", "no such column: zz"},
      {"delete from nosuch", "no such table: nosuch"},
      {"select * from t indexed by nosuch", "no such index: nosuch"},
      {"select a collate nosuch from t order by 1", "no such collation sequence: nosuch"},
  };
  sqlite3 *db = open_db();
  for (int i = 0; i < ARRAY_SIZE(a); i++) {
    Vdbe *v = (Vdbe *)1;
    int rc = sql_prepare(db, a[i].zSql, -1, VDBE_PREP_V2, &v, NULL);
    ck_assert_msg(rc == SQLITE_ERROR, "%s: rc %d", a[i].zSql, rc);
    ck_assert_ptr_null(v);
    ck_assert_msg(strcmp(sqlite3_errmsg(db), a[i].zMsg) == 0, "%s: got '%s'", a[i].zSql,
                  sqlite3_errmsg(db));
  }
  sqlite3_close(db);
}
END_TEST

/* sqlite3_error_offset after compile errors (values from the real 3.40.1). */
START_TEST(test_error_offsets) {
  static const struct { const char *zSql; int iOff; } a[] = {
      {"select zz from t", 7}, {"  select abs(1,2)", 9}, {"select a from t order by 0", 25},
      {"select a from t order by 3", -1}, {"create table t(x)", 13}, {"selec 1", 0},
      {"select count(*) from t where count(*)>1", 29}, {"select * from nosuch", -1},
      {"create index i on t(b)", -1}, {"select t.a, x.b from t", 12},
  };
  sqlite3 *db = open_db();
  for (int i = 0; i < ARRAY_SIZE(a); i++) {
    Vdbe *v = NULL;
    ck_assert_int_eq(sql_prepare(db, a[i].zSql, -1, VDBE_PREP_V2, &v, NULL), SQLITE_ERROR);
    ck_assert_msg(sqlite3_error_offset(db) == a[i].iOff, "%s: offset %d", a[i].zSql,
                  sqlite3_error_offset(db));
  }
  sqlite3_close(db);
}
END_TEST

/* Result column names and declared types. */
START_TEST(test_column_names) {
  sqlite3 *db = open_db();
  ck_assert_int_eq(sqlite3_exec(db, "create table n(abc INT, d integer primary key, e)", 0, 0, 0),
                   SQLITE_OK);
  Vdbe *v = NULL;
  const char *zSql = "select ABC, n.abc, rowid, abc+1, abc AS x, (abc), e, 'a' ||  'b' from n";
  ck_assert_int_eq(sql_prepare(db, zSql, -1, VDBE_PREP_V2, &v, NULL), SQLITE_OK);
  static const char *azName[] = {"abc", "abc", "d", "abc+1", "x", "abc", "e", "'a' ||  'b'"};
  static const char *azType[] = {"INT", "INT", "INTEGER", NULL, "INT", "INT", NULL, NULL};
  ck_assert_int_eq(vdbe_column_count(v), 8);
  for (int i = 0; i < 8; i++) {
    ck_assert_str_eq(vdbe_column_name(v, i, COLNAME_NAME), azName[i]);
    const char *zType = vdbe_column_name(v, i, COLNAME_DECLTYPE);
    if (azType[i]) ck_assert_str_eq(zType, azType[i]);
    else ck_assert_ptr_null(zType);
  }
  vdbe_finalize(v);
  sqlite3_close(db);
}
END_TEST

int main(void) {
  Suite *s = suite_create("cg");
  TCase *tc = tcase_create("planner");
  tcase_add_loop_test(tc, test_eqp, 0, ARRAY_SIZE(aEqp));
  tcase_add_test(tc, test_affinity);
  tcase_add_loop_test(tc, test_programs, 0, ARRAY_SIZE(aProg));
  tcase_add_test(tc, test_resolve_errors);
  tcase_add_test(tc, test_column_names);
  tcase_add_test(tc, test_error_offsets);
  suite_add_tcase(s, tc);
  SRunner *sr = srunner_create(s);
  srunner_run_all(sr, CK_NORMAL);
  int nFail = srunner_ntests_failed(sr);
  srunner_free(sr);
  return nFail == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
