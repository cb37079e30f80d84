/* api_diff.c: prints what the C API reports for a series of statements --
** prepare results, parameter and column metadata, every column accessor,
** step/reset/finalize codes and messages, change counters, autocommit,
** statement status.  test/sql/api-diff.sh builds it against the system
** library and runs it twice (plain and with LD_PRELOAD of ours); the two
** transcripts must be identical. */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
static sqlite3 *db;
static void show(const char *zSql) {
  sqlite3_stmt *p = 0;
  const char *tail = 0;
  int rc = sqlite3_prepare_v2(db, zSql, -1, &p, &tail);
  printf("== %s\nprepare rc=%d err=%s ro=%d explain=%d params=%d cols=%d\n", zSql, rc,
         sqlite3_errmsg(db), p ? sqlite3_stmt_readonly(p) : -1, p ? sqlite3_stmt_isexplain(p) : -1,
         p ? sqlite3_bind_parameter_count(p) : -1, p ? sqlite3_column_count(p) : -1);
  if (!p) return;
  for (int i = 1; i <= sqlite3_bind_parameter_count(p); i++) {
    const char *n = sqlite3_bind_parameter_name(p, i);
    printf(" param %d %s\n", i, n ? n : "(null)");
    sqlite3_bind_int(p, i, i * 10);
  }
  for (int i = 0; i < sqlite3_column_count(p); i++) {
    const char *a = sqlite3_column_name(p, i), *b = sqlite3_column_decltype(p, i),
               *c = sqlite3_column_table_name(p, i), *d = sqlite3_column_origin_name(p, i),
               *e = sqlite3_column_database_name(p, i);
    printf(" col %d name=%s decl=%s tab=%s orig=%s db=%s\n", i, a ? a : "-", b ? b : "-",
           c ? c : "-", d ? d : "-", e ? e : "-");
  }
  char *x = sqlite3_expanded_sql(p);
  printf(" expanded=%s\n", x ? x : "-");
  sqlite3_free(x);
  int n = 0;
  while ((rc = sqlite3_step(p)) == SQLITE_ROW && n < 5) {
    n++;
    printf(" row dc=%d busy=%d:", sqlite3_data_count(p), sqlite3_stmt_busy(p));
    for (int i = 0; i < sqlite3_column_count(p); i++) {
      int t = sqlite3_column_type(p, i);
      printf(" [%d %s %d %lld %g]", t,
             sqlite3_column_text(p, i) ? (const char *)sqlite3_column_text(p, i) : "NULL",
             sqlite3_column_bytes(p, i), sqlite3_column_int64(p, i), sqlite3_column_double(p, i));
    }
    printf("\n");
  }
  printf(" step rc=%d err=%s ext=%d changes=%d total=%d lastid=%lld autocommit=%d dc=%d busy=%d\n",
         rc, sqlite3_errmsg(db), sqlite3_extended_errcode(db), sqlite3_changes(db),
         sqlite3_total_changes(db), sqlite3_last_insert_rowid(db), sqlite3_get_autocommit(db),
         sqlite3_data_count(p), sqlite3_stmt_busy(p));
  rc = sqlite3_step(p);
  printf(" step-again rc=%d\n", rc);
  rc = sqlite3_reset(p);
  printf(" reset rc=%d err=%s\n", rc, sqlite3_errmsg(db));
  printf(" vmstep>0=%d fullscan=%d sort=%d\n",
         sqlite3_stmt_status(p, SQLITE_STMTSTATUS_VM_STEP, 0) > 0,
         sqlite3_stmt_status(p, SQLITE_STMTSTATUS_FULLSCAN_STEP, 0),
         sqlite3_stmt_status(p, SQLITE_STMTSTATUS_SORT, 0));
  rc = sqlite3_finalize(p);
  printf(" finalize rc=%d err=%s\n", rc, sqlite3_errmsg(db));
}
/* sqlite3_table_column_metadata, outputs included on error. */
static void colmeta(const char *zDb, const char *zT, const char *zC) {
  const char *t = 0, *c = 0;
  int nn = -1, pk = -1, ai = -1;
  int rc = sqlite3_table_column_metadata(db, zDb, zT, zC, &t, &c, &nn, &pk, &ai);
  printf("meta %s.%s.%s rc=%d type=%s coll=%s nn=%d pk=%d ai=%d err=%s\n", zDb ? zDb : "-", zT,
         zC ? zC : "-", rc, t ? t : "NULL", c ? c : "NULL", nn, pk, ai, sqlite3_errmsg(db));
}

static void colmeta_all(void) {
  sqlite3_exec(db,
               "create table m(id integer primary key autoincrement, name text not null collate"
               " nocase, v, w varchar(10) unique); create table u(a, b, primary key(a, b));"
               "create view vv as select * from m",
               0, 0, 0);
  colmeta(0, "m", "id");
  colmeta(0, "m", "name");
  colmeta(0, "m", "v");
  colmeta(0, "m", "w");
  colmeta("main", "m", "rowid");
  colmeta(0, "u", "rowid");
  colmeta(0, "u", "a");
  colmeta(0, "m", "nosuch");
  colmeta(0, "nosuch", "x");
  colmeta(0, "vv", "id");
  colmeta(0, "m", 0);
  colmeta("temp", "m", "id");
  colmeta(0, "M", "NAME");
}

/* sqlite3_exec and sqlite3_get_table results and the error state after. */
static int exec_cb(void *pArg, int n, char **azVal, char **azCol) {
  for (int i = 0; i < n; i++) printf(" %s=%s", azCol[i], azVal[i] ? azVal[i] : "NULL");
  printf("\n");
  return pArg != NULL;
}

static void exec_cases(void) {
  static const char *az[] = {"create table e(a, b); insert into e values(1, 'x'), (2, NULL)",
                             "select * from e", "", "  ;  ", "select nosuch from e",
                             "insert into e values(3, 3); select count(*) from e",
                             "select 1; selec 2; select 3"};
  for (unsigned i = 0; i < sizeof(az) / sizeof(az[0]); i++) {
    char *zErr = NULL;
    int rc = sqlite3_exec(db, az[i], exec_cb, NULL, &zErr);
    printf("exec [%s] rc=%d zErr=%s errmsg=%s changes=%d\n", az[i], rc, zErr ? zErr : "NULL",
           sqlite3_errmsg(db), sqlite3_changes(db));
    sqlite3_free(zErr);
  }
  char *zErr = NULL;
  int rc = sqlite3_exec(db, "select * from e", exec_cb, (void *)1, &zErr);
  printf("exec abort rc=%d zErr=%s errmsg=%s\n", rc, zErr ? zErr : "NULL", sqlite3_errmsg(db));
  sqlite3_free(zErr);
  char **azRes = NULL;
  int nRow = 0, nCol = 0;
  rc = sqlite3_get_table(db, "select a, b from e order by a", &azRes, &nRow, &nCol, &zErr);
  printf("get_table rc=%d rows=%d cols=%d:", rc, nRow, nCol);
  for (int i = 0; rc == SQLITE_OK && i < (nRow + 1) * nCol; i++) {
    printf(" %s", azRes[i] ? azRes[i] : "NULL");
  }
  printf("\n");
  sqlite3_free_table(azRes);
}

/* Registering functions and collations while a statement runs: adding is
** allowed, replacing is SQLITE_BUSY. */
static void fn_seven(sqlite3_context *c, int n, sqlite3_value **v) {
  (void)n;
  (void)v;
  sqlite3_result_int(c, 7);
}

static int coll_len(void *a, int n1, const void *z1, int n2, const void *z2) {
  (void)a;
  (void)z1;
  (void)z2;
  return n1 - n2;
}

static void registration_cases(void) {
  sqlite3_stmt *p = NULL;
  sqlite3_prepare_v2(db, "select 1 union all select 2", -1, &p, 0);
  sqlite3_step(p);
  int rc = sqlite3_create_function(db, "f1", 0, SQLITE_UTF8, 0, fn_seven, 0, 0);
  printf("new fn while active rc=%d\n", rc);
  rc = sqlite3_create_function(db, "f1", 0, SQLITE_UTF8, 0, fn_seven, 0, 0);
  printf("replace fn rc=%d %s\n", rc, sqlite3_errmsg(db));
  rc = sqlite3_create_function(db, "f1", 1, SQLITE_UTF8, 0, fn_seven, 0, 0);
  printf("other arity rc=%d\n", rc);
  rc = sqlite3_create_collation(db, "c1", SQLITE_UTF8, 0, coll_len);
  printf("new coll rc=%d\n", rc);
  rc = sqlite3_create_collation(db, "c1", SQLITE_UTF8, 0, coll_len);
  printf("replace coll rc=%d %s\n", rc, sqlite3_errmsg(db));
  sqlite3_finalize(p);
  rc = sqlite3_create_function(db, "f1", 0, SQLITE_UTF8, 0, fn_seven, 0, 0);
  printf("replace fn when idle rc=%d\n", rc);
}

int main(void) {
  sqlite3_open(":memory:", &db);
  const char *az[] = {
      "create table t(a integer primary key, b text not null, c real unique, d)",
      "insert into t(b, c, d) values ('x', 1.5, x'00'), ('y', 2.5, NULL)",
      "select a, b as bee, c + 1, d, t.* from t order by a",
      "select count(*), max(c) from t",
      "select ?, ?2, :name, @x, $y",
      "insert into t(b, c) values ('z', 1.5)",
      "insert into t(b, c) values (NULL, 9)",
      "update t set d = 5 where a = 1",
      "delete from t where a = 2",
      "begin",
      "insert into t(b) values('q')",
      "commit",
      "commit",
      "explain query plan select * from t where a = 1",
      "pragma user_version",
      "select 1/0, 5 % 0, 'a' || null, typeof(1e400), -9223372036854775808 - 1",
      "select abs(-9223372036854775808)",
      "select * from t where b = 'x' and c > 0",
      "create index tb on t(b)",
      "drop table t",
      "select sqlite_version(), typeof(sqlite_source_id())",
      "  ",
  };
  for (unsigned i = 0; i < sizeof(az) / sizeof(az[0]); i++) show(az[i]);
  colmeta_all();
  exec_cases();
  registration_cases();
  printf("close=%d\n", sqlite3_close(db));
  return 0;
}
