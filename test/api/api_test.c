/* api_test.c: the exported C API (compat/) through the public header only:
** argument armor and misuse codes, errors and messages, open flags and
** URIs, the filename object, prepare/bind/step/column, exec and
** get_table, functions and collations, printf and sqlite3_str, limits,
** busy_timeout against a second connection, the VFS registry, mutexes and
** version information.  Expected values come from SQLite 3.40.1's
** documentation and from the real library's behaviour on this machine. */
#include <check.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <uchar.h>
#include <unistd.h>
#include "sqlite3.h"

static char g_dir[256];

static void setup_dir(void) {
  snprintf(g_dir, sizeof(g_dir), "/tmp/api_test.XXXXXX");
  ck_assert_ptr_nonnull(mkdtemp(g_dir));
}

static void teardown_dir(void) {
  char cmd[300];
  snprintf(cmd, sizeof(cmd), "rm -rf '%s'", g_dir);
  ck_assert_int_eq(system(cmd), 0);
}

static sqlite3 *open_mem(void) {
  sqlite3 *db = NULL;
  ck_assert_int_eq(sqlite3_open(":memory:", &db), SQLITE_OK);
  ck_assert_ptr_nonnull(db);
  return db;
}

/* ---- version and constants ---- */

START_TEST(test_version) {
  ck_assert_str_eq(sqlite3_libversion(), "3.40.1");
  ck_assert_str_eq(sqlite3_version, "3.40.1");
  ck_assert_int_eq(sqlite3_libversion_number(), 3040001);
  /* The stock shell compares the first 60 characters with its own id. */
  ck_assert_int_eq(strncmp(sqlite3_sourceid(),
                           "2022-12-28 14:03:47 df5c253c0b3dd24916e4ec7cf77d3db5294cc9fd", 60), 0);
#ifndef API_TEST_ORACLE
  ck_assert_ptr_nonnull(strstr(sqlite3_sourceid(), "sqlite-ng"));  /* our mark */
#endif
  ck_assert_int_eq(sqlite3_threadsafe(), 1);
  ck_assert_int_eq(sqlite3_keyword_count(), 147);
  const char *z;
  int n;
  ck_assert_int_eq(sqlite3_keyword_name(0, &z, &n), SQLITE_OK);
  ck_assert_int_eq(sqlite3_keyword_check(z, n), 1);
  ck_assert_int_eq(sqlite3_keyword_name(147, &z, &n), SQLITE_ERROR);
  ck_assert_int_eq(sqlite3_keyword_check("select", 6), 1);
  ck_assert_int_eq(sqlite3_keyword_check("selectx", 7), 0);
  ck_assert_str_eq(sqlite3_errstr(SQLITE_BUSY), "database is locked");
  ck_assert_str_eq(sqlite3_errstr(SQLITE_DONE), "no more rows available");
  ck_assert_str_eq(sqlite3_errstr(SQLITE_ABORT_ROLLBACK), "abort due to ROLLBACK");
  ck_assert_str_eq(sqlite3_errstr(999), "unknown error");
  ck_assert_int_eq(sqlite3_complete("select 1;"), 1);
  ck_assert_int_eq(sqlite3_complete("select 1"), 0);
  ck_assert_int_eq(sqlite3_complete("select ';"), 0);
  ck_assert_int_eq(sqlite3_compileoption_used("SQLITE_THREADSAFE"), 1);
}
END_TEST

/* ---- misuse armor ---- */

START_TEST(test_misuse_null_handles) {
  sqlite3_stmt *pStmt = (sqlite3_stmt *)1;
  ck_assert_int_eq(sqlite3_prepare_v2(NULL, "select 1", -1, &pStmt, NULL), SQLITE_MISUSE);
  ck_assert_ptr_null(pStmt);
  ck_assert_int_eq(sqlite3_exec(NULL, "select 1", NULL, NULL, NULL), SQLITE_MISUSE);
  ck_assert_str_eq(sqlite3_errmsg(NULL), "out of memory");
  ck_assert_int_eq(sqlite3_errcode(NULL), SQLITE_NOMEM);
  ck_assert_int_eq(sqlite3_finalize(NULL), SQLITE_OK);
  ck_assert_int_eq(sqlite3_reset(NULL), SQLITE_OK);
  ck_assert_int_eq(sqlite3_close(NULL), SQLITE_OK);
  ck_assert_int_eq(sqlite3_close_v2(NULL), SQLITE_OK);
  ck_assert_int_eq(sqlite3_step(NULL), SQLITE_MISUSE);
  ck_assert_int_eq(sqlite3_bind_int(NULL, 1, 1), SQLITE_MISUSE);
  ck_assert_int_eq(sqlite3_column_count(NULL), 0);
  ck_assert_ptr_null(sqlite3_column_text(NULL, 0));
  /* open_v2 flags must name exactly one access mode */
  sqlite3 *db = (sqlite3 *)1;
  ck_assert_int_eq(sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_CREATE, NULL), SQLITE_MISUSE);
  ck_assert_ptr_nonnull(db);
  ck_assert_str_eq(sqlite3_errmsg(db), "bad parameter or other API misuse");
  ck_assert_int_eq(sqlite3_close(db), SQLITE_OK);
#ifndef API_TEST_ORACLE
  /* SQLite without API_ARMOR crashes here; ours is armored. */
  ck_assert_int_eq(sqlite3_limit(NULL, SQLITE_LIMIT_LENGTH, -1), -1);
  ck_assert_int_eq(sqlite3_busy_timeout(NULL, 10), SQLITE_MISUSE);
  ck_assert_ptr_null(sqlite3_sql(NULL));
  ck_assert_int_eq(sqlite3_open_v2("x", NULL, SQLITE_OPEN_READONLY, NULL), SQLITE_MISUSE);
#endif
}
END_TEST

START_TEST(test_close_busy_and_zombie) {
  sqlite3 *db = open_mem();
  sqlite3_stmt *pStmt = NULL;
  ck_assert_int_eq(sqlite3_prepare_v2(db, "select 1", -1, &pStmt, NULL), SQLITE_OK);
  ck_assert_int_eq(sqlite3_close(db), SQLITE_BUSY);
  ck_assert_str_eq(sqlite3_errmsg(db),
                   "unable to close due to unfinalized statements or unfinished backups");
  ck_assert_ptr_eq(sqlite3_next_stmt(db, NULL), pStmt);
  /* close_v2 defers: the connection stays usable by its statement */
  ck_assert_int_eq(sqlite3_close_v2(db), SQLITE_OK);
  ck_assert_int_eq(sqlite3_step(pStmt), SQLITE_ROW);
  ck_assert_int_eq(sqlite3_column_int(pStmt, 0), 1);
  ck_assert_int_eq(sqlite3_finalize(pStmt), SQLITE_OK);  /* frees the zombie */
}
END_TEST

/* ---- errors ---- */

START_TEST(test_errors_and_offsets) {
  sqlite3 *db = open_mem();
  ck_assert_int_eq(sqlite3_errcode(db), SQLITE_OK);
  ck_assert_str_eq(sqlite3_errmsg(db), "not an error");
  sqlite3_stmt *pStmt = NULL;
  ck_assert_int_eq(sqlite3_prepare_v2(db, "select * from nosuch", -1, &pStmt, NULL),
                   SQLITE_ERROR);
  ck_assert_ptr_null(pStmt);
  ck_assert_str_eq(sqlite3_errmsg(db), "no such table: nosuch");
  ck_assert_int_eq(sqlite3_prepare_v2(db, "selec 1", -1, &pStmt, NULL), SQLITE_ERROR);
  ck_assert_str_eq(sqlite3_errmsg(db), "near \"selec\": syntax error");
  ck_assert_int_eq(sqlite3_error_offset(db), 0);
  ck_assert_int_eq(sqlite3_prepare_v2(db, "select 1", -1, &pStmt, NULL), SQLITE_OK);
  ck_assert_int_eq(sqlite3_errcode(db), SQLITE_OK);
  ck_assert_int_eq(sqlite3_error_offset(db), -1);
  sqlite3_finalize(pStmt);
  ck_assert_int_eq(sqlite3_exec(db, "create table t(a unique); insert into t values(1);", NULL,
                                NULL, NULL), SQLITE_OK);
  char *zErr = NULL;
  ck_assert_int_eq(sqlite3_exec(db, "insert into t values(1)", NULL, NULL, &zErr),
                   SQLITE_CONSTRAINT);
  ck_assert_str_eq(zErr, "UNIQUE constraint failed: t.a");
  sqlite3_free(zErr);
  ck_assert_int_eq(sqlite3_extended_errcode(db), SQLITE_CONSTRAINT_UNIQUE);
  ck_assert_int_eq(sqlite3_errcode(db), SQLITE_CONSTRAINT);
  ck_assert_int_eq(sqlite3_extended_result_codes(db, 1), SQLITE_OK);
  ck_assert_int_eq(sqlite3_exec(db, "insert into t values(1)", NULL, NULL, NULL),
                   SQLITE_CONSTRAINT_UNIQUE);
  ck_assert_int_eq(sqlite3_close(db), SQLITE_OK);
}
END_TEST

/* ---- open, URIs, filename object ---- */

START_TEST(test_open_flags_and_uris) {
  char zPath[400], zUri[500];
  sqlite3 *db = NULL;
  snprintf(zPath, sizeof(zPath), "%s/missing.db", g_dir);
  ck_assert_int_eq(sqlite3_open_v2(zPath, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_CANTOPEN);
  ck_assert_ptr_nonnull(db);
  ck_assert_str_eq(sqlite3_errmsg(db), "unable to open database file");
  sqlite3_close(db);
  ck_assert_int_eq(access(zPath, F_OK), -1);

  snprintf(zUri, sizeof(zUri), "file:%s/a%%20b.db?mode=rwc&foo=bar&n=42&flag=yes", g_dir);
  ck_assert_int_eq(sqlite3_open_v2(zUri, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_URI, NULL),
                   SQLITE_PERM);
  ck_assert_str_eq(sqlite3_errmsg(db), "access mode not allowed: rwc");
  sqlite3_close(db);
  ck_assert_int_eq(sqlite3_open_v2(zUri, &db,
                                   SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_URI,
                                   NULL), SQLITE_OK);
  ck_assert_int_eq(sqlite3_exec(db, "create table t(x)", NULL, NULL, NULL), SQLITE_OK);
  sqlite3_filename zName = sqlite3_db_filename(db, "main");
  snprintf(zPath, sizeof(zPath), "%s/a b.db", g_dir);
  ck_assert_ptr_nonnull(strstr(zName, "a b.db"));
  ck_assert_str_eq(sqlite3_uri_parameter(zName, "foo"), "bar");
  ck_assert_ptr_null(sqlite3_uri_parameter(zName, "nosuch"));
  ck_assert_int_eq(sqlite3_uri_int64(zName, "n", 7), 42);
  ck_assert_int_eq(sqlite3_uri_int64(zName, "nosuch", 7), 7);
  ck_assert_int_eq(sqlite3_uri_boolean(zName, "flag", 0), 1);
  ck_assert_str_eq(sqlite3_uri_key(zName, 0), "mode");
  ck_assert_str_eq(sqlite3_uri_key(zName, 1), "foo");
  ck_assert_ptr_nonnull(strstr(sqlite3_filename_journal(zName), "a b.db-journal"));
  ck_assert_ptr_nonnull(strstr(sqlite3_filename_wal(zName), "a b.db-wal"));
  ck_assert_int_eq(sqlite3_db_readonly(db, "main"), 0);
  ck_assert_int_eq(sqlite3_db_readonly(db, "nosuch"), -1);
  ck_assert_str_eq(sqlite3_db_name(db, 0), "main");
  ck_assert_int_eq(sqlite3_txn_state(db, NULL), SQLITE_TXN_NONE);
  ck_assert_int_eq(sqlite3_close(db), SQLITE_OK);
  ck_assert_int_eq(access(zPath, F_OK), 0);

  /* read-only reopen refuses writes */
  snprintf(zUri, sizeof(zUri), "file:%s/a%%20b.db?mode=ro", g_dir);
  ck_assert_int_eq(sqlite3_open_v2(zUri, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_URI, NULL),
                   SQLITE_OK);
  ck_assert_int_eq(sqlite3_db_readonly(db, "main"), 1);
  ck_assert_int_eq(sqlite3_exec(db, "insert into t values(1)", NULL, NULL, NULL),
                   SQLITE_READONLY);
  sqlite3_close(db);

  ck_assert_int_eq(sqlite3_open_v2("file:x?mode=bogus", &db,
                                   SQLITE_OPEN_READWRITE | SQLITE_OPEN_URI, NULL), SQLITE_ERROR);
  ck_assert_str_eq(sqlite3_errmsg(db), "no such access mode: bogus");
  sqlite3_close(db);
  ck_assert_int_eq(sqlite3_open_v2("file://host/x", &db,
                                   SQLITE_OPEN_READWRITE | SQLITE_OPEN_URI, NULL), SQLITE_ERROR);
  ck_assert_str_eq(sqlite3_errmsg(db), "invalid uri authority: host");
  sqlite3_close(db);
  ck_assert_int_eq(sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE, "nosuchvfs"),
                   SQLITE_ERROR);
  ck_assert_str_eq(sqlite3_errmsg(db), "no such vfs: nosuchvfs");
  sqlite3_close(db);
  /* without SQLITE_OPEN_URI, "file:" is an ordinary (relative) name */
  ck_assert_int_eq(sqlite3_open_v2("file::memory:?cache=shared", &db,
                                   SQLITE_OPEN_READWRITE | SQLITE_OPEN_URI, NULL), SQLITE_OK);
  ck_assert_str_eq(sqlite3_db_filename(db, "main"), "");
  sqlite3_close(db);
}
END_TEST

START_TEST(test_create_filename) {
  const char *az[] = {"k1", "v1", "k2", "v2"};
  sqlite3_filename z = sqlite3_create_filename("/d/x.db", "/d/x.db-journal", "/d/x.db-wal", 2,
                                               az);
  ck_assert_ptr_nonnull(z);
  ck_assert_str_eq(sqlite3_filename_database(z), "/d/x.db");
  ck_assert_str_eq(sqlite3_uri_parameter(z, "k2"), "v2");
  ck_assert_str_eq(sqlite3_filename_journal(z), "/d/x.db-journal");
  ck_assert_str_eq(sqlite3_filename_wal(z), "/d/x.db-wal");
  ck_assert_ptr_null(sqlite3_uri_key(z, 2));
  sqlite3_free_filename(z);
  sqlite3_free_filename(NULL);
}
END_TEST

/* ---- statements ---- */

START_TEST(test_prepare_tail_bind_column) {
  sqlite3 *db = open_mem();
  const char *zSql = "select ?1, :two, @three; select 2";
  const char *zTail = NULL;
  sqlite3_stmt *p = NULL;
  ck_assert_int_eq(sqlite3_prepare_v2(db, zSql, -1, &p, &zTail), SQLITE_OK);
  ck_assert_str_eq(zTail, " select 2");
  ck_assert_int_eq(sqlite3_bind_parameter_count(p), 3);
  ck_assert_str_eq(sqlite3_bind_parameter_name(p, 2), ":two");
  ck_assert_int_eq(sqlite3_bind_parameter_index(p, "@three"), 3);
  ck_assert_int_eq(sqlite3_bind_int64(p, 1, 1234567890123LL), SQLITE_OK);
  ck_assert_int_eq(sqlite3_bind_text(p, 2, "héllo", -1, SQLITE_TRANSIENT), SQLITE_OK);
  ck_assert_int_eq(sqlite3_bind_blob(p, 3, "\0\1\2", 3, SQLITE_STATIC), SQLITE_OK);
  ck_assert_int_eq(sqlite3_bind_int(p, 4, 1), SQLITE_RANGE);
  ck_assert_int_eq(sqlite3_bind_int(p, 0, 1), SQLITE_RANGE);
  ck_assert_str_eq(sqlite3_errmsg(db), "column index out of range");
  ck_assert_int_eq(sqlite3_step(p), SQLITE_ROW);
  /* binding while running is misuse */
  ck_assert_int_eq(sqlite3_bind_int(p, 1, 5), SQLITE_MISUSE);
  ck_assert_int_eq(sqlite3_stmt_busy(p), 1);
  ck_assert_int_eq(sqlite3_column_count(p), 3);
  ck_assert_int_eq(sqlite3_data_count(p), 3);
  ck_assert_int_eq(sqlite3_column_int64(p, 0), 1234567890123LL);
  ck_assert_str_eq((const char *)sqlite3_column_text(p, 1), "héllo");
  ck_assert_int_eq(sqlite3_column_bytes(p, 1), 6);
  ck_assert_int_eq(sqlite3_column_bytes16(p, 1), 10);
  ck_assert_int_eq(sqlite3_column_type(p, 2), SQLITE_BLOB);
  ck_assert_int_eq(sqlite3_column_bytes(p, 2), 3);
  ck_assert_int_eq(memcmp(sqlite3_column_blob(p, 2), "\0\1\2", 3), 0);
  /* out of range columns read as NULL */
  ck_assert_ptr_null(sqlite3_column_text(p, 3));
  ck_assert_int_eq(sqlite3_column_type(p, -1), SQLITE_NULL);
  ck_assert_int_eq(sqlite3_column_int(p, 99), 0);
  ck_assert_str_eq(sqlite3_column_name(p, 1), ":two");
  ck_assert_int_eq(sqlite3_step(p), SQLITE_DONE);
  ck_assert_int_eq(sqlite3_data_count(p), 0);
  ck_assert_int_eq(sqlite3_reset(p), SQLITE_OK);
  ck_assert_int_eq(sqlite3_clear_bindings(p), SQLITE_OK);
  ck_assert_int_eq(sqlite3_step(p), SQLITE_ROW);
  ck_assert_int_eq(sqlite3_column_type(p, 0), SQLITE_NULL);
  ck_assert_str_eq(sqlite3_sql(p), "select ?1, :two, @three;");
  ck_assert_int_eq(sqlite3_stmt_readonly(p), 1);
  ck_assert_int_eq(sqlite3_stmt_isexplain(p), 0);
  ck_assert_ptr_eq(sqlite3_db_handle(p), db);
  ck_assert_int_eq(sqlite3_finalize(p), SQLITE_OK);
  /* whitespace-only input: success, no statement */
  ck_assert_int_eq(sqlite3_prepare_v2(db, "  -- nothing\n", -1, &p, &zTail), SQLITE_OK);
  ck_assert_ptr_null(p);
  ck_assert_int_eq(sqlite3_close(db), SQLITE_OK);
}
END_TEST

START_TEST(test_prepare16_and_open16) {
  sqlite3 *db = NULL;
  ck_assert_int_eq(sqlite3_open16(u":memory:", &db), SQLITE_OK);
  sqlite3_stmt *p = NULL;
  const void *zTail = NULL;
  const char16_t *zSql = u"select 'π' as \"名\"; select 2";
  ck_assert_int_eq(sqlite3_prepare16_v2(db, zSql, -1, &p, &zTail), SQLITE_OK);
  ck_assert_ptr_eq(zTail, zSql + 18);  /* just past the ';' */
  ck_assert_int_eq(sqlite3_step(p), SQLITE_ROW);
  const char16_t *z = sqlite3_column_text16(p, 0);
  ck_assert_int_eq(z[0], u'π');
  ck_assert_int_eq(z[1], 0);
  const char16_t *zName = sqlite3_column_name16(p, 0);
  ck_assert_int_eq(zName[0], u'名');
  sqlite3_finalize(p);
  ck_assert_int_eq(sqlite3_complete16(u"select 1;"), 1);
  sqlite3_close(db);
}
END_TEST

/* ---- exec and get_table ---- */

static int cb_count(void *pArg, int nCol, char **azVal, char **azCol) {
  int *pn = pArg;
  (void)nCol;
  (void)azVal;
  (void)azCol;
  return ++*pn >= 2;  /* stop at the second row */
}

START_TEST(test_exec_abort_and_get_table) {
  sqlite3 *db = open_mem();
  char *zErr = NULL;
  ck_assert_int_eq(sqlite3_exec(db,
                                "create table t(a, b); insert into t values(1, 'x'), (2, NULL),"
                                "(3, 'z');", NULL, NULL, &zErr), SQLITE_OK);
  ck_assert_ptr_null(zErr);
  int n = 0;
  ck_assert_int_eq(sqlite3_exec(db, "select * from t", cb_count, &n, &zErr), SQLITE_ABORT);
  ck_assert_int_eq(n, 2);
  ck_assert_str_eq(zErr, "query aborted");
  ck_assert_str_eq(sqlite3_errmsg(db), "query aborted");
  sqlite3_free(zErr);
  char **az = NULL;
  int nRow = 0, nCol = 0;
  ck_assert_int_eq(sqlite3_get_table(db, "select a, b from t order by a", &az, &nRow, &nCol,
                                     NULL), SQLITE_OK);
  ck_assert_int_eq(nRow, 3);
  ck_assert_int_eq(nCol, 2);
  ck_assert_str_eq(az[0], "a");
  ck_assert_str_eq(az[1], "b");
  ck_assert_str_eq(az[2], "1");
  ck_assert_str_eq(az[3], "x");
  ck_assert_ptr_null(az[5]);
  ck_assert_str_eq(az[6], "3");
  sqlite3_free_table(az);
  ck_assert_int_eq(sqlite3_get_table(db, "select 1; select 1, 2", &az, &nRow, &nCol, &zErr),
                   SQLITE_ERROR);
  ck_assert_str_eq(zErr, "sqlite3_get_table() called with two or more incompatible queries");
  sqlite3_free(zErr);
  ck_assert_int_eq(sqlite3_exec(db, "select nosuch from t", NULL, NULL, &zErr), SQLITE_ERROR);
  ck_assert_str_eq(zErr, "no such column: nosuch");
  sqlite3_free(zErr);
  ck_assert_int_eq(sqlite3_changes(db), 3);
  ck_assert_int_eq(sqlite3_total_changes(db), 3);
  ck_assert_int_eq(sqlite3_last_insert_rowid(db), 3);
  sqlite3_set_last_insert_rowid(db, 77);
  ck_assert_int_eq(sqlite3_last_insert_rowid(db), 77);
  ck_assert_int_eq(sqlite3_get_autocommit(db), 1);
  sqlite3_exec(db, "begin", NULL, NULL, NULL);
  ck_assert_int_eq(sqlite3_get_autocommit(db), 0);
  sqlite3_exec(db, "commit", NULL, NULL, NULL);
  sqlite3_close(db);
}
END_TEST

/* ---- functions and collations ---- */

static void fn_twice(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  ck_assert_int_eq(argc, 1);
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
    sqlite3_result_error(ctx, "twice: NULL", -1);
    return;
  }
  sqlite3_result_int64(ctx, 2 * sqlite3_value_int64(argv[0]) + *(int *)sqlite3_user_data(ctx));
}

static void agg_step(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  long long *p = sqlite3_aggregate_context(ctx, sizeof(long long));
  *p += sqlite3_value_int64(argv[0]) * sqlite3_value_int64(argv[0]);
}

static void agg_final(sqlite3_context *ctx) {
  long long *p = sqlite3_aggregate_context(ctx, 0);
  sqlite3_result_int64(ctx, p ? *p : -1);
}

static int g_destroyed;
static void destroy_cb(void *p) {
  (void)p;
  g_destroyed++;
}

static int coll_reverse(void *pArg, int n1, const void *z1, int n2, const void *z2) {
  (void)pArg;
  int n = n1 < n2 ? n1 : n2;
  int c = memcmp(z2, z1, (size_t)n);
  return c ? c : n2 - n1;
}

static int query_int(sqlite3 *db, const char *zSql) {
  sqlite3_stmt *p = NULL;
  ck_assert_int_eq(sqlite3_prepare_v2(db, zSql, -1, &p, NULL), SQLITE_OK);
  ck_assert_int_eq(sqlite3_step(p), SQLITE_ROW);
  int v = sqlite3_column_int(p, 0);
  sqlite3_finalize(p);
  return v;
}

START_TEST(test_functions_and_collations) {
  sqlite3 *db = open_mem();
  static int one = 1;
  g_destroyed = 0;
  ck_assert_int_eq(sqlite3_create_function_v2(db, "twice", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                                              &one, fn_twice, NULL, NULL, destroy_cb), SQLITE_OK);
  ck_assert_int_eq(query_int(db, "select twice(20)"), 41);
  char *zErr = NULL;
  ck_assert_int_eq(sqlite3_exec(db, "select twice(NULL)", NULL, NULL, &zErr), SQLITE_ERROR);
  ck_assert_str_eq(zErr, "twice: NULL");
  sqlite3_free(zErr);
  ck_assert_int_eq(sqlite3_exec(db, "select twice(1, 2)", NULL, NULL, &zErr), SQLITE_ERROR);
  ck_assert_str_eq(zErr, "wrong number of arguments to function twice()");
  sqlite3_free(zErr);
  ck_assert_int_eq(sqlite3_create_function(db, "sumsq", 1, SQLITE_UTF8, NULL, NULL, agg_step,
                                           agg_final), SQLITE_OK);
  sqlite3_exec(db, "create table t(x); insert into t values(1),(2),(3)", NULL, NULL, NULL);
  ck_assert_int_eq(query_int(db, "select sumsq(x) from t"), 14);
  /* deleting the function runs its destructor */
  ck_assert_int_eq(sqlite3_create_function_v2(db, "twice", 1, SQLITE_UTF8, NULL, NULL, NULL,
                                              NULL, NULL), SQLITE_OK);
  ck_assert_int_eq(g_destroyed, 1);
  ck_assert_int_eq(sqlite3_exec(db, "select twice(1)", NULL, NULL, &zErr), SQLITE_ERROR);
  ck_assert_str_eq(zErr, "no such function: twice");
  sqlite3_free(zErr);
  ck_assert_int_eq(sqlite3_create_collation_v2(db, "rev", SQLITE_UTF8, NULL, coll_reverse,
                                               destroy_cb), SQLITE_OK);
  ck_assert_int_eq(query_int(db, "select 'a' < 'b' collate rev"), 0);
  sqlite3_exec(db, "create table s(v text); insert into s values('a'),('b'),('c')", NULL, NULL,
               NULL);
  ck_assert_int_eq(query_int(db, "select count(*) from s where v < 'b' collate rev"), 1);
  ck_assert_int_eq(sqlite3_create_collation(db, "rev", 99, NULL, coll_reverse), SQLITE_MISUSE);
  ck_assert_int_eq(sqlite3_overload_function(db, "ovl", 2), SQLITE_OK);
  ck_assert_int_eq(sqlite3_exec(db, "select ovl(1, 2)", NULL, NULL, &zErr), SQLITE_ERROR);
  ck_assert_str_eq(zErr, "unable to use function ovl in the requested context");
  sqlite3_free(zErr);
  sqlite3_close(db);
  ck_assert_int_eq(g_destroyed, 2);  /* the collation's destructor ran at close */
}
END_TEST

/* ---- printf and sqlite3_str ---- */

START_TEST(test_printf_and_str) {
  char *z = sqlite3_mprintf("%q|%Q|%Q|%w|%d|%s", "it's", "it's", NULL, "a\"b", 42, "x");
  ck_assert_str_eq(z, "it''s|'it''s'|NULL|a\"\"b|42|x");
  sqlite3_free(z);
  char buf[8];
  ck_assert_ptr_eq(sqlite3_snprintf(sizeof(buf), buf, "%s", "abcdefghij"), buf);
  ck_assert_str_eq(buf, "abcdefg");
  buf[0] = 'Q';
  sqlite3_snprintf(0, buf, "%s", "zzz");
  ck_assert_int_eq(buf[0], 'Q');
  sqlite3_str *s = sqlite3_str_new(NULL);
  sqlite3_str_appendall(s, "ab");
  sqlite3_str_append(s, "cdef", 2);
  sqlite3_str_appendchar(s, 3, '-');
  sqlite3_str_appendf(s, "%05.1f", 3.14159);
  ck_assert_int_eq(sqlite3_str_errcode(s), SQLITE_OK);
  ck_assert_int_eq(sqlite3_str_length(s), 12);
  ck_assert_str_eq(sqlite3_str_value(s), "abcd---003.1");
  sqlite3_str_reset(s);
  ck_assert_int_eq(sqlite3_str_length(s), 0);
  sqlite3_str_appendall(s, "end");
  z = sqlite3_str_finish(s);
  ck_assert_str_eq(z, "end");
  sqlite3_free(z);
  ck_assert_int_eq(sqlite3_stricmp("ABC", "abc"), 0);
  ck_assert_int_lt(sqlite3_strnicmp("abc", "abd", 3), 0);
  ck_assert_int_eq(sqlite3_strglob("a*c", "abbc"), 0);
  ck_assert_int_ne(sqlite3_strglob("a*c", "ABBC"), 0);
  ck_assert_int_eq(sqlite3_strglob("[a-c]x", "bx"), 0);
  ck_assert_int_eq(sqlite3_strlike("A%c", "abbc", 0), 0);
  ck_assert_int_eq(sqlite3_strlike("a\\%", "a%", '\\'), 0);
  ck_assert_int_ne(sqlite3_strlike("a\\%", "ab", '\\'), 0);
}
END_TEST

/* ---- memory ---- */

START_TEST(test_malloc_family) {
  ck_assert_ptr_null(sqlite3_malloc(0));
  ck_assert_ptr_null(sqlite3_malloc(-5));
  void *p = sqlite3_malloc(100);
  ck_assert_ptr_nonnull(p);
  ck_assert_uint_ge(sqlite3_msize(p), 100);
  ck_assert_int_ge(sqlite3_memory_used(), 100);
  p = sqlite3_realloc(p, 1000);
  ck_assert_ptr_nonnull(p);
  ck_assert_uint_ge(sqlite3_msize(p), 1000);
  ck_assert_ptr_null(sqlite3_realloc(p, 0));  /* frees */
  ck_assert_int_ge(sqlite3_memory_highwater(0), 1000);
  ck_assert_uint_eq(sqlite3_msize(NULL), 0);
  sqlite3_free(NULL);
  ck_assert_int_eq(sqlite3_soft_heap_limit64(-1), 0);
  ck_assert_int_eq(sqlite3_soft_heap_limit64(1 << 20), 0);
  ck_assert_int_eq(sqlite3_soft_heap_limit64(0), 1 << 20);
  int cur = -1, hi = -1;
  ck_assert_int_eq(sqlite3_status(SQLITE_STATUS_MEMORY_USED, &cur, &hi, 0), SQLITE_OK);
  ck_assert_int_ge(hi, cur);
}
END_TEST

/* ---- limits and db_config ---- */

START_TEST(test_limits_and_db_config) {
  sqlite3 *db = open_mem();
  static const int aDefault[] = {1000000000, 1000000000, 2000, 1000, 500, 250000000,
                                 127, 10, 50000, 250000, 1000, 0};
  for (int i = 0; i < 12; i++) ck_assert_int_eq(sqlite3_limit(db, i, -1), aDefault[i]);
  ck_assert_int_eq(sqlite3_limit(db, 12, -1), -1);
  ck_assert_int_eq(sqlite3_limit(db, SQLITE_LIMIT_LENGTH, 100), 1000000000);
  ck_assert_int_eq(sqlite3_limit(db, SQLITE_LIMIT_LENGTH, -1), 100);
  /* values beyond the compile-time maximum are clamped */
  sqlite3_limit(db, SQLITE_LIMIT_ATTACHED, 1000);
  ck_assert_int_eq(sqlite3_limit(db, SQLITE_LIMIT_ATTACHED, -1), 10);
  int v = -1;
  ck_assert_int_eq(sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_FKEY, -1, &v), SQLITE_OK);
  ck_assert_int_eq(v, 0);
  ck_assert_int_eq(sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_FKEY, 1, &v), SQLITE_OK);
  ck_assert_int_eq(v, 1);
  ck_assert_int_eq(sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_TRIGGER, -1, &v), SQLITE_OK);
  ck_assert_int_eq(v, 1);
  ck_assert_int_eq(sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, &v), SQLITE_OK);
  ck_assert_int_eq(v, 1);
  ck_assert_int_eq(sqlite3_db_config(db, 9999, 1, &v), SQLITE_ERROR);
  ck_assert_int_eq(sqlite3_config(SQLITE_CONFIG_URI, 1), SQLITE_MISUSE);  /* initialized */
  sqlite3_close(db);
}
END_TEST

/* ---- busy handling with a second connection ---- */

static long long now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static int g_busy_calls;
static int busy_count(void *p, int n) {
  (void)p;
  g_busy_calls++;
  return n < 3;
}

START_TEST(test_busy_timeout) {
  char zPath[400];
  snprintf(zPath, sizeof(zPath), "%s/busy.db", g_dir);
  sqlite3 *a = NULL, *b = NULL;
  ck_assert_int_eq(sqlite3_open(zPath, &a), SQLITE_OK);
  ck_assert_int_eq(sqlite3_open(zPath, &b), SQLITE_OK);
  ck_assert_int_eq(sqlite3_exec(a, "create table t(x); begin exclusive; insert into t values(1)",
                                NULL, NULL, NULL), SQLITE_OK);
  ck_assert_int_eq(sqlite3_busy_timeout(b, 300), SQLITE_OK);
  long long t0 = now_ms();
  ck_assert_int_eq(sqlite3_exec(b, "select * from t", NULL, NULL, NULL), SQLITE_BUSY);
  long long dt = now_ms() - t0;
  ck_assert_int_ge(dt, 250);
  ck_assert_int_lt(dt, 3000);
  ck_assert_str_eq(sqlite3_errmsg(b), "database is locked");
  g_busy_calls = 0;
  ck_assert_int_eq(sqlite3_busy_handler(b, busy_count, NULL), SQLITE_OK);
  ck_assert_int_eq(sqlite3_exec(b, "select * from t", NULL, NULL, NULL), SQLITE_BUSY);
  ck_assert_int_eq(g_busy_calls, 4);
  ck_assert_int_eq(sqlite3_exec(a, "commit", NULL, NULL, NULL), SQLITE_OK);
  ck_assert_int_eq(query_int(b, "select count(*) from t"), 1);
  sqlite3_close(a);
  sqlite3_close(b);
}
END_TEST

/* ---- VFS registry and a shim over the default VFS ---- */

static sqlite3_vfs g_shim;
static sqlite3_vfs *g_base;
static int g_shim_opens;

static int shim_open(sqlite3_vfs *v, sqlite3_filename z, sqlite3_file *f, int fl, int *po) {
  (void)v;
  g_shim_opens++;
  return g_base->xOpen(g_base, z, f, fl, po);
}
static int shim_delete(sqlite3_vfs *v, const char *z, int s) {
  (void)v;
  return g_base->xDelete(g_base, z, s);
}
static int shim_access(sqlite3_vfs *v, const char *z, int fl, int *r) {
  (void)v;
  return g_base->xAccess(g_base, z, fl, r);
}
static int shim_full(sqlite3_vfs *v, const char *z, int n, char *o) {
  (void)v;
  return g_base->xFullPathname(g_base, z, n, o);
}
static int shim_rand(sqlite3_vfs *v, int n, char *o) {
  (void)v;
  return g_base->xRandomness(g_base, n, o);
}
static int shim_sleep(sqlite3_vfs *v, int us) {
  (void)v;
  return g_base->xSleep(g_base, us);
}
static int shim_time(sqlite3_vfs *v, double *p) {
  (void)v;
  return g_base->xCurrentTime(g_base, p);
}

START_TEST(test_vfs_registry_and_shim) {
  sqlite3_vfs *pDef = sqlite3_vfs_find(NULL);
  ck_assert_ptr_nonnull(pDef);
  ck_assert_str_eq(pDef->zName, "unix");
  ck_assert_ptr_eq(sqlite3_vfs_find("unix"), pDef);
  ck_assert_ptr_null(sqlite3_vfs_find("nosuch"));
  ck_assert_int_ge(pDef->iVersion, 2);
  ck_assert_int_gt(pDef->szOsFile, (int)sizeof(sqlite3_file));
  /* the default VFS works when called directly */
  char zPath[400], zFull[600];
  snprintf(zPath, sizeof(zPath), "%s/direct.db", g_dir);
  sqlite3_file *f = calloc(1, (size_t)pDef->szOsFile);
  int outFlags = 0, res = -1;
  ck_assert_int_eq(pDef->xOpen(pDef, zPath, f,
                               SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_MAIN_DB,
                               &outFlags), SQLITE_OK);
  ck_assert_ptr_nonnull(f->pMethods);
  ck_assert_int_eq(f->pMethods->xWrite(f, "hello", 5, 0), SQLITE_OK);
  sqlite3_int64 sz = 0;
  ck_assert_int_eq(f->pMethods->xFileSize(f, &sz), SQLITE_OK);
  ck_assert_int_eq(sz, 5);
  char rd[8] = {0};
  ck_assert_int_eq(f->pMethods->xRead(f, rd, 8, 0), SQLITE_IOERR_SHORT_READ);
  ck_assert_int_eq(memcmp(rd, "hello\0\0\0", 8), 0);
  ck_assert_int_eq(f->pMethods->xClose(f), SQLITE_OK);
  free(f);
  ck_assert_int_eq(pDef->xAccess(pDef, zPath, SQLITE_ACCESS_EXISTS, &res), SQLITE_OK);
  ck_assert_int_eq(res, 1);
  ck_assert_int_eq(pDef->xFullPathname(pDef, "rel.db", (int)sizeof(zFull), zFull), SQLITE_OK);
  ck_assert_int_eq(zFull[0], '/');
  ck_assert_int_eq(pDef->xDelete(pDef, zPath, 0), SQLITE_OK);
  ck_assert_int_eq(pDef->xAccess(pDef, zPath, SQLITE_ACCESS_EXISTS, &res), SQLITE_OK);
  ck_assert_int_eq(res, 0);
  sqlite3_int64 t = 0;
  ck_assert_int_eq(pDef->xCurrentTimeInt64(pDef, &t), SQLITE_OK);
  ck_assert_int_gt(t, 210866760000000LL);  /* after 1970 in Julian-day ms */

  /* a shim registered under its own name, used through open_v2 */
  g_base = pDef;
  g_shim = *pDef;
  g_shim.zName = "shim";
  g_shim.pNext = NULL;
  g_shim.xOpen = shim_open;
  g_shim.xDelete = shim_delete;
  g_shim.xAccess = shim_access;
  g_shim.xFullPathname = shim_full;
  g_shim.xRandomness = shim_rand;
  g_shim.xSleep = shim_sleep;
  g_shim.xCurrentTime = shim_time;
  ck_assert_int_eq(sqlite3_vfs_register(&g_shim, 0), SQLITE_OK);
  ck_assert_ptr_eq(sqlite3_vfs_find(NULL), pDef);
  ck_assert_ptr_eq(sqlite3_vfs_find("shim"), &g_shim);
  sqlite3 *db = NULL;
  snprintf(zPath, sizeof(zPath), "%s/shim.db", g_dir);
  g_shim_opens = 0;
  ck_assert_int_eq(sqlite3_open_v2(zPath, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, "shim"),
                   SQLITE_OK);
  ck_assert_int_eq(sqlite3_exec(db, "create table t(x); insert into t values(42)", NULL, NULL,
                                NULL), SQLITE_OK);
  ck_assert_int_eq(query_int(db, "select x from t"), 42);
  sqlite3_vfs *pUsed = NULL;
  ck_assert_int_eq(sqlite3_file_control(db, "main", SQLITE_FCNTL_VFS_POINTER, &pUsed), SQLITE_OK);
  ck_assert_ptr_eq(pUsed, &g_shim);
  sqlite3_close(db);
  ck_assert_int_ge(g_shim_opens, 1);
  /* makeDflt moves it to the front; unregister restores the default */
  ck_assert_int_eq(sqlite3_vfs_register(&g_shim, 1), SQLITE_OK);
  ck_assert_ptr_eq(sqlite3_vfs_find(NULL), &g_shim);
  ck_assert_int_eq(sqlite3_vfs_unregister(&g_shim), SQLITE_OK);
  ck_assert_ptr_eq(sqlite3_vfs_find(NULL), pDef);
  ck_assert_ptr_null(sqlite3_vfs_find("shim"));
}
END_TEST

/* ---- incremental blob I/O ---- */

static const char *query_text(sqlite3 *db, const char *zSql, char *zBuf, int nBuf) {
  sqlite3_stmt *p = NULL;
  ck_assert_int_eq(sqlite3_prepare_v2(db, zSql, -1, &p, NULL), SQLITE_OK);
  ck_assert_int_eq(sqlite3_step(p), SQLITE_ROW);
  snprintf(zBuf, (size_t)nBuf, "%s", (const char *)sqlite3_column_text(p, 0));
  sqlite3_finalize(p);
  return zBuf;
}

START_TEST(test_blob_io) {
  sqlite3 *db = open_mem();
  char buf[64];
  ck_assert_int_eq(sqlite3_exec(db, "create table b(id integer primary key, data blob, t text,"
                                "n int); insert into b values (1, zeroblob(10), 'hello', 5),"
                                "(2, x'0102', 'x', 6)", NULL, NULL, NULL), SQLITE_OK);
  sqlite3_blob *bl = NULL;
  ck_assert_int_eq(sqlite3_blob_open(db, "main", "b", "data", 1, 1, &bl), SQLITE_OK);
  ck_assert_int_eq(sqlite3_blob_bytes(bl), 10);
  ck_assert_int_eq(sqlite3_blob_write(bl, "abc", 3, 2), SQLITE_OK);
  char rd[8];
  ck_assert_int_eq(sqlite3_blob_read(bl, rd, 5, 0), SQLITE_OK);
  ck_assert_int_eq(memcmp(rd, "\0\0abc", 5), 0);
  ck_assert_int_eq(sqlite3_blob_read(bl, rd, 5, 8), SQLITE_ERROR);
  ck_assert_int_eq(sqlite3_blob_write(bl, "abc", 3, 9), SQLITE_ERROR);
  ck_assert_str_eq(query_text(db, "select hex(data) from b where id = 1", buf, sizeof(buf)),
                   "00006162630000000000");
  ck_assert_int_eq(sqlite3_blob_reopen(bl, 2), SQLITE_OK);
  ck_assert_int_eq(sqlite3_blob_bytes(bl), 2);
  ck_assert_int_eq(sqlite3_blob_reopen(bl, 99), SQLITE_ERROR);
  ck_assert_str_eq(sqlite3_errmsg(db), "no such rowid: 99");
  ck_assert_int_eq(sqlite3_blob_close(bl), SQLITE_OK);
  /* text values keep their type */
  ck_assert_int_eq(sqlite3_blob_open(db, "main", "b", "t", 1, 1, &bl), SQLITE_OK);
  ck_assert_int_eq(sqlite3_blob_write(bl, "J", 1, 0), SQLITE_OK);
  sqlite3_blob_close(bl);
  ck_assert_str_eq(query_text(db, "select t || typeof(t) from b where id = 1", buf, sizeof(buf)),
                   "Jellotext");
  ck_assert_int_eq(sqlite3_blob_open(db, "main", "b", "n", 1, 0, &bl), SQLITE_ERROR);
  ck_assert_ptr_null(bl);
  ck_assert_str_eq(sqlite3_errmsg(db), "cannot open value of type integer");
  ck_assert_int_eq(sqlite3_blob_open(db, "main", "b", "data", 99, 0, &bl), SQLITE_ERROR);
  ck_assert_str_eq(sqlite3_errmsg(db), "no such rowid: 99");
  ck_assert_int_eq(sqlite3_blob_open(db, "main", "b", "zz", 1, 0, &bl), SQLITE_ERROR);
  ck_assert_str_eq(sqlite3_errmsg(db), "no such column: \"zz\"");
  ck_assert_int_eq(sqlite3_blob_open(db, "main", "nosuch", "zz", 1, 0, &bl), SQLITE_ERROR);
  ck_assert_str_eq(sqlite3_errmsg(db), "no such table: main.nosuch");
  ck_assert_int_eq(sqlite3_exec(db, "create index bt on b(t)", NULL, NULL, NULL), SQLITE_OK);
  ck_assert_int_eq(sqlite3_blob_open(db, "main", "b", "t", 1, 1, &bl), SQLITE_ERROR);
  ck_assert_str_eq(sqlite3_errmsg(db), "cannot open indexed column for writing");
  /* a deleted row expires the handle */
  ck_assert_int_eq(sqlite3_blob_open(db, "main", "b", "data", 1, 0, &bl), SQLITE_OK);
  ck_assert_int_eq(sqlite3_exec(db, "delete from b where id = 1", NULL, NULL, NULL), SQLITE_OK);
  ck_assert_int_eq(sqlite3_blob_read(bl, rd, 1, 0), SQLITE_ABORT);
  ck_assert_int_eq(sqlite3_blob_close(bl), SQLITE_OK);
  sqlite3_close(db);
}
END_TEST

/* ---- online backup ---- */

START_TEST(test_backup) {
  sqlite3 *src = open_mem(), *dst = NULL;
  char zPath[400];
  snprintf(zPath, sizeof(zPath), "%s/backup.db", g_dir);
  ck_assert_int_eq(sqlite3_open(zPath, &dst), SQLITE_OK);
  ck_assert_int_eq(sqlite3_exec(src, "create table t(a, b); create index ta on t(a);"
                                "insert into t values(1, 'x'), (2, zeroblob(9000))",
                                NULL, NULL, NULL), SQLITE_OK);
  ck_assert_int_eq(sqlite3_exec(dst, "create table old(z)", NULL, NULL, NULL), SQLITE_OK);
  ck_assert_ptr_null(sqlite3_backup_init(dst, "nosuch", src, "main"));
  ck_assert_str_eq(sqlite3_errmsg(dst), "unknown database nosuch");
  sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
  ck_assert_ptr_nonnull(b);
  int rc;
  while ((rc = sqlite3_backup_step(b, 1)) == SQLITE_OK) {}
  ck_assert_int_eq(rc, SQLITE_DONE);
  ck_assert_int_eq(sqlite3_backup_remaining(b), 0);
  ck_assert_int_ge(sqlite3_backup_pagecount(b), 3);
  ck_assert_int_eq(sqlite3_backup_finish(b), SQLITE_OK);
  ck_assert_int_eq(query_int(dst, "select count(*) from t where a > 0"), 2);
  ck_assert_int_eq(query_int(dst, "select length(b) from t where a = 2"), 9000);
  char *zErr = NULL;
  ck_assert_int_eq(sqlite3_exec(dst, "select * from old", NULL, NULL, &zErr), SQLITE_ERROR);
  ck_assert_str_eq(zErr, "no such table: old");
  sqlite3_free(zErr);
  ck_assert_int_eq(sqlite3_backup_finish(NULL), SQLITE_OK);
  sqlite3_close(src);
  sqlite3_close(dst);
  /* the file is a valid database for a fresh connection */
  ck_assert_int_eq(sqlite3_open(zPath, &dst), SQLITE_OK);
  ck_assert_int_eq(query_int(dst, "select count(*) from sqlite_schema"), 2);
  sqlite3_close(dst);
}
END_TEST

/* ---- mutexes ---- */

START_TEST(test_mutexes) {
  sqlite3_mutex *m = sqlite3_mutex_alloc(SQLITE_MUTEX_RECURSIVE);
  ck_assert_ptr_nonnull(m);
  sqlite3_mutex_enter(m);
  ck_assert_int_eq(sqlite3_mutex_try(m), SQLITE_OK);  /* recursive */
  sqlite3_mutex_leave(m);
  sqlite3_mutex_leave(m);
  sqlite3_mutex_free(m);
  sqlite3_mutex *s1 = sqlite3_mutex_alloc(SQLITE_MUTEX_STATIC_APP1);
  ck_assert_ptr_eq(s1, sqlite3_mutex_alloc(SQLITE_MUTEX_STATIC_APP1));
  sqlite3_mutex_enter(s1);
  sqlite3_mutex_leave(s1);
  sqlite3 *db = open_mem();
  sqlite3_mutex *dm = sqlite3_db_mutex(db);
  ck_assert_ptr_nonnull(dm);
  sqlite3_mutex_enter(dm);
  ck_assert_int_eq(query_int(db, "select 5"), 5);  /* recursive with the API's own lock */
  sqlite3_mutex_leave(dm);
  sqlite3_close(db);
}
END_TEST

/* ---- one connection shared by several threads (serialized mode) ---- */

static void *thread_inserts(void *pArg) {
  sqlite3 *db = pArg;
  for (int i = 0; i < 200; i++) {
    sqlite3_stmt *p = NULL;
    if (sqlite3_prepare_v2(db, "insert into t values(?)", -1, &p, NULL) != SQLITE_OK) return p;
    sqlite3_bind_int(p, 1, i);
    int rc = sqlite3_step(p);
    sqlite3_finalize(p);
    if (rc != SQLITE_DONE) return (void *)1;
  }
  return NULL;
}

START_TEST(test_threads_share_connection) {
  sqlite3 *db = open_mem();
  ck_assert_int_eq(sqlite3_exec(db, "create table t(x)", NULL, NULL, NULL), SQLITE_OK);
  pthread_t aThread[4];
  for (int i = 0; i < 4; i++) {
    ck_assert_int_eq(pthread_create(&aThread[i], NULL, thread_inserts, db), 0);
  }
  for (int i = 0; i < 4; i++) {
    void *pRet = (void *)2;
    ck_assert_int_eq(pthread_join(aThread[i], &pRet), 0);
    ck_assert_ptr_null(pRet);
  }
  ck_assert_int_eq(query_int(db, "select count(*) from t"), 800);
  ck_assert_int_eq(query_int(db, "select sum(x) from t"), 4 * 199 * 200 / 2);
  sqlite3_close(db);
}
END_TEST

/* ---- unsupported features fail cleanly ---- */

START_TEST(test_unsupported_are_clean) {
  sqlite3 *db = open_mem();
  sqlite3_blob *pBlob = (sqlite3_blob *)1;
  ck_assert_int_eq(sqlite3_blob_open(db, "main", "t", "x", 1, 0, &pBlob), SQLITE_ERROR);
  ck_assert_ptr_null(pBlob);
  ck_assert_str_eq(sqlite3_errmsg(db), "no such table: main.t");
  /* an empty database serializes to NULL; a non-empty one round-trips */
  sqlite3_int64 nSer = 0;
  ck_assert_ptr_null(sqlite3_serialize(db, "main", &nSer, 0));
  ck_assert_int_eq(sqlite3_exec(db, "create table s(x); insert into s values(42)", NULL, NULL,
                                NULL), SQLITE_OK);
  unsigned char *pSer = sqlite3_serialize(db, "main", &nSer, 0);
  ck_assert_ptr_nonnull(pSer);
  ck_assert_int_eq(nSer % 512, 0);
  ck_assert_int_eq(memcmp(pSer, "SQLite format 3", 16), 0);
  sqlite3_int64 nBad = 0;
  ck_assert_ptr_null(sqlite3_serialize(db, "nosuch", &nBad, 0));
  sqlite3 *db2 = open_mem();
  ck_assert_int_eq(sqlite3_deserialize(db2, "main", pSer, nSer, nSer,
                                       SQLITE_DESERIALIZE_FREEONCLOSE), SQLITE_OK);
  ck_assert_int_eq(query_int(db2, "select x from s"), 42);
  sqlite3_close(db2);
  ck_assert_ptr_null(sqlite3_backup_init(db, "main", db, "main"));
  ck_assert_str_eq(sqlite3_errmsg(db), "source and destination must be distinct");
  ck_assert_int_eq(sqlite3_create_module(db, "mymod", NULL, NULL), SQLITE_OK);
  ck_assert_int_eq(sqlite3_drop_modules(db, NULL), SQLITE_OK);
  ck_assert_int_eq(sqlite3_wal_checkpoint(db, NULL), SQLITE_OK);
  char *zErr = NULL;
  ck_assert_int_eq(sqlite3_load_extension(db, "/nonexistent/x", NULL, &zErr), SQLITE_ERROR);
  ck_assert_str_eq(zErr, "/nonexistent/x.so: cannot open shared object file: No such file or "
                   "directory");
  sqlite3_free(zErr);
  ck_assert_str_eq(sqlite3_errmsg(db), "not an error");
  ck_assert_int_eq(sqlite3_enable_load_extension(db, 0), SQLITE_OK);
  ck_assert_int_eq(sqlite3_load_extension(db, "/nonexistent/x", NULL, &zErr), SQLITE_ERROR);
  ck_assert_str_eq(zErr, "not authorized");
  sqlite3_free(zErr);
  sqlite3_close(db);
}
END_TEST

/* sqlite3_sql() keeps returning the same pointer after an automatic
** re-prepare (trustschema1.test: Tcl's statement cache compares the SQL
** through the pointer it saved at prepare time). */
START_TEST(test_sql_pointer_survives_reprepare) {
  sqlite3 *db = NULL;
  sqlite3_stmt *p = NULL;
  ck_assert_int_eq(sqlite3_open(":memory:", &db), SQLITE_OK);
  ck_assert_int_eq(sqlite3_exec(db, "create table t(a); insert into t values(7)", 0, 0, 0), SQLITE_OK);
  ck_assert_int_eq(sqlite3_prepare_v2(db, "select a from t", -1, &p, NULL), SQLITE_OK);
  const char *zBefore = sqlite3_sql(p);
  ck_assert_int_eq(sqlite3_exec(db, "create table u(b)", 0, 0, 0), SQLITE_OK);
  ck_assert_int_eq(sqlite3_step(p), SQLITE_ROW);   /* the schema changed: re-prepared */
  ck_assert_int_eq(sqlite3_column_int(p, 0), 7);
  ck_assert_int_ge(sqlite3_stmt_status(p, SQLITE_STMTSTATUS_REPREPARE, 0), 1);
  ck_assert_ptr_eq(sqlite3_sql(p), zBefore);
  ck_assert_str_eq(zBefore, "select a from t");
  sqlite3_finalize(p);
  sqlite3_close(db);
}
END_TEST

/* Closing with a SAVEPOINT transaction still open rolls it back (and frees
** the savepoint stack: check-asan's leak checker sees this test). */
START_TEST(test_close_rolls_back_open_savepoint) {
  setup_dir();
  char zPath[300];
  snprintf(zPath, sizeof(zPath), "%s/sp.db", g_dir);
  sqlite3 *db = NULL;
  ck_assert_int_eq(sqlite3_open(zPath, &db), SQLITE_OK);
  ck_assert_int_eq(sqlite3_exec(db, "create table t(a); insert into t values(1); savepoint s1; "
                                    "insert into t values(2); savepoint s2", 0, 0, 0), SQLITE_OK);
  ck_assert_int_eq(sqlite3_get_autocommit(db), 0);
  ck_assert_int_eq(sqlite3_close(db), SQLITE_OK);
  ck_assert_int_eq(sqlite3_open(zPath, &db), SQLITE_OK);
  sqlite3_stmt *p = NULL;
  ck_assert_int_eq(sqlite3_prepare_v2(db, "select group_concat(a) from t", -1, &p, NULL), SQLITE_OK);
  ck_assert_int_eq(sqlite3_step(p), SQLITE_ROW);
  ck_assert_str_eq((const char *)sqlite3_column_text(p, 0), "1");
  sqlite3_finalize(p);
  ck_assert_int_eq(sqlite3_close(db), SQLITE_OK);
  teardown_dir();
}
END_TEST

/* SQLITE_FULL from PRAGMA max_page_count inside a transaction undoes only
** the statement (sqllimits1.test 7.5/7.6): the transaction and its earlier
** rows survive. */
START_TEST(test_full_rolls_back_statement_only) {
  sqlite3 *db = NULL;
  ck_assert_int_eq(sqlite3_open(":memory:", &db), SQLITE_OK);
  ck_assert_int_eq(sqlite3_exec(db, "pragma max_page_count=10; create table t(x); begin; "
                                    "insert into t values(1),(2)", 0, 0, 0), SQLITE_OK);
  ck_assert_int_eq(sqlite3_exec(db, "insert into t select randomblob(3000) from "
                                    "(select 1 union all select 2 union all select 3) a, "
                                    "(select 1 union all select 2 union all select 3) b", 0, 0, 0),
                   SQLITE_FULL);
  ck_assert_str_eq(sqlite3_errmsg(db), "database or disk is full");
  ck_assert_int_eq(sqlite3_get_autocommit(db), 0);
  sqlite3_stmt *p = NULL;
  ck_assert_int_eq(sqlite3_prepare_v2(db, "select count(*) from t", -1, &p, NULL), SQLITE_OK);
  ck_assert_int_eq(sqlite3_step(p), SQLITE_ROW);
  ck_assert_int_eq(sqlite3_column_int(p, 0), 2);
  sqlite3_finalize(p);
  ck_assert_int_eq(sqlite3_exec(db, "commit", 0, 0, 0), SQLITE_OK);
  sqlite3_close(db);
}
END_TEST

int main(void) {
  Suite *s = suite_create("api");
  TCase *tc = tcase_create("api");
  tcase_add_checked_fixture(tc, setup_dir, teardown_dir);
  tcase_set_timeout(tc, 60);
  tcase_add_test(tc, test_version);
  tcase_add_test(tc, test_misuse_null_handles);
  tcase_add_test(tc, test_close_busy_and_zombie);
  tcase_add_test(tc, test_errors_and_offsets);
  tcase_add_test(tc, test_open_flags_and_uris);
  tcase_add_test(tc, test_create_filename);
  tcase_add_test(tc, test_prepare_tail_bind_column);
  tcase_add_test(tc, test_prepare16_and_open16);
  tcase_add_test(tc, test_exec_abort_and_get_table);
  tcase_add_test(tc, test_functions_and_collations);
  tcase_add_test(tc, test_printf_and_str);
  tcase_add_test(tc, test_malloc_family);
  tcase_add_test(tc, test_limits_and_db_config);
  tcase_add_test(tc, test_busy_timeout);
  tcase_add_test(tc, test_vfs_registry_and_shim);
  tcase_add_test(tc, test_blob_io);
  tcase_add_test(tc, test_backup);
  tcase_add_test(tc, test_mutexes);
  tcase_add_test(tc, test_threads_share_connection);
  tcase_add_test(tc, test_unsupported_are_clean);
  tcase_add_test(tc, test_sql_pointer_survives_reprepare);
  tcase_add_test(tc, test_full_rolls_back_statement_only);
  tcase_add_test(tc, test_close_rolls_back_open_savepoint);
  suite_add_tcase(s, tc);
  SRunner *sr = srunner_create(s);
  srunner_run_all(sr, CK_NORMAL);
  int nFail = srunner_ntests_failed(sr);
  srunner_free(sr);
  return nFail == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
