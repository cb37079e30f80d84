/*
** sql_test.c: end-to-end SQL through the code generator: each case opens a
** fresh in-memory connection, compiles every statement with sql_prepare and
** runs it with vdbe_step, and compares the rows (list mode: "a|b", NULL
** as empty) and the first error ("Error: <message>", which stops the
** script, as the sqlite3 shell does) with the output of the real sqlite3
** 3.40.1 shell, captured once and pasted below.
*/
#include <time.h>
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "engine/core.h"
#include "engine/conn.h"
#include "engine/prepare.h"
#include "engine/vdbe.h"

typedef struct SqlCase {
  const char *zName;
  const char *zSql;
  const char *zExpect;
} SqlCase;

/* Growable output buffer. */
typedef struct Out {
  char *z;
  size_t n, nAlloc;
} Out;

static void out_add(Out *p, const char *z) {
  size_t n = strlen(z);
  if (p->n + n + 1 > p->nAlloc) {
    p->nAlloc = (p->n + n + 1) * 2;
    p->z = realloc(p->z, p->nAlloc);
    ck_assert_ptr_nonnull(p->z);
  }
  memcpy(p->z + p->n, z, n + 1);
  p->n += n;
}

/* Runs one statement; returns 0 on success, 1 after an error. */
static int run_stmt(sqlite3 *db, Vdbe *v, Out *pOut) {
  int rc;
  while ((rc = vdbe_step(v)) == SQLITE_ROW) {
    int n = vdbe_data_count(v);
    for (int i = 0; i < n; i++) {
      Value *pVal = vdbe_column_value(v, i);
      const unsigned char *z = pVal ? value_text(pVal, SQLITE_UTF8) : NULL;
      if (i) out_add(pOut, "|");
      out_add(pOut, z ? (const char *)z : "");
    }
    out_add(pOut, "\n");
  }
  if (rc != SQLITE_DONE) {
    vdbe_reset(v);
    out_add(pOut, "Error: ");
    out_add(pOut, sqlite3_errmsg(db));
    out_add(pOut, "\n");
    return 1;
  }
  return 0;
}

/* Runs a whole script on a fresh connection; returns malloc'd output. */
static char *run_script(const char *zSql) {
  sqlite3 *db = NULL;
  ck_assert_int_eq(sqlite3_open(":memory:", &db), SQLITE_OK);
  Out out = {NULL, 0, 0};
  out_add(&out, "");
  const char *z = zSql;
  for (int guard = 0; *z && guard < 1000; guard++) {
    Vdbe *v = NULL;
    const char *zTail = NULL;
    int rc = sql_prepare(db, z, -1, VDBE_PREP_V2, &v, &zTail);
    if (rc != SQLITE_OK) {
      out_add(&out, "Error: ");
      out_add(&out, sqlite3_errmsg(db));
      out_add(&out, "\n");
      break;
    }
    if (v == NULL) break;
    int bErr = run_stmt(db, v, &out);
    vdbe_finalize(v);
    if (bErr) break;
    z = zTail;
  }
  ck_assert_int_eq(sqlite3_close(db), SQLITE_OK);
  return out.z;
}

static const SqlCase aCase[] = {
  {"select_const",
   "select 1, 'a'||'b', 2+3*4, 7/2, 7.0/2, null is null, -5 % 3, 1<2, 'x'<>'x'",
   "1|ab|14|3|3.5|1|-2|1|0\n"},
  {"create_insert_select",
   "create table t(a,b); insert into t values(1,'x'),(2,'y'); select * from t; select "
    "a+1, b from t where a>1",
   "1|x\n"
    "2|y\n"
    "3|y\n"},
  {"schema_text",
   "create table if not exists main.t(a int, b text default 'x' not null,   c)  ; "
    "create unique index if not exists ti on t(a desc, b); create table u(x text primary "
    "key, y unique, unique(x,y)); select * from sqlite_master; select * from "
    "sqlite_schema where type='index'",
   "table|t|t|2|CREATE TABLE t(a int, b text default 'x' not null,   c)\n"
    "index|ti|t|3|CREATE UNIQUE INDEX ti on t(a desc, b)\n"
    "table|u|u|4|CREATE TABLE u(x text primary key, y unique, unique(x,y))\n"
    "index|sqlite_autoindex_u_1|u|5|\n"
    "index|sqlite_autoindex_u_2|u|6|\n"
    "index|sqlite_autoindex_u_3|u|7|\n"
    "index|ti|t|3|CREATE UNIQUE INDEX ti on t(a desc, b)\n"
    "index|sqlite_autoindex_u_1|u|5|\n"
    "index|sqlite_autoindex_u_2|u|6|\n"
    "index|sqlite_autoindex_u_3|u|7|\n"},
  {"ipk_rowid",
   "create table t(a integer primary key, b text unique, c real default 1.5 not null, "
    "d);insert into t values(1,'x',2,null),(2,'y',3,'q'),(3,'z',1,5);select rowid, a, "
    "_rowid_, oid from t; insert into t(b) values('w'); select max(rowid) from t; select "
    "last_insert_rowid()",
   "1|1|1|1\n"
    "2|2|2|2\n"
    "3|3|3|3\n"
    "4\n"
    "4\n"},
  {"ipk_mismatch",
   "create table t(a integer primary key, b text unique, c real default 1.5 not null, "
    "d);insert into t values(1,'x',2,null),(2,'y',3,'q'),(3,'z',1,5);insert into t "
    "values('abc','w',1,1)",
   "Error: datatype mismatch\n"},
  {"ipk_text_int",
   "create table t(a integer primary key, b text unique, c real default 1.5 not null, "
    "d);insert into t values(1,'x',2,null),(2,'y',3,'q'),(3,'z',1,5);insert into t "
    "values('10','w',1,1); select a, typeof(a) from t where b='w'",
   "10|integer\n"},
  {"unique_fail",
   "create table t(a integer primary key, b text unique, c real default 1.5 not null, "
    "d);insert into t values(1,'x',2,null),(2,'y',3,'q'),(3,'z',1,5);insert into t(b,c) "
    "values('x',1)",
   "Error: UNIQUE constraint failed: t.b\n"},
  {"pk_fail",
   "create table t(a integer primary key, b text unique, c real default 1.5 not null, "
    "d);insert into t values(1,'x',2,null),(2,'y',3,'q'),(3,'z',1,5);insert into t "
    "values(1,'w',1,1)",
   "Error: UNIQUE constraint failed: t.a\n"},
  {"notnull_fail",
   "create table t(a integer primary key, b text unique, c real default 1.5 not null, "
    "d);insert into t values(1,'x',2,null),(2,'y',3,'q'),(3,'z',1,5);insert into t(b,c) "
    "values('w',null)",
   "Error: NOT NULL constraint failed: t.c\n"},
  {"default_values",
   "create table t(a default 5, b default 'q', c); insert into t default values; insert "
    "into t(c) values(1); select * from t",
   "5|q|\n"
    "5|q|1\n"},
  {"or_ignore",
   "create table t(a integer primary key, b text unique, c real default 1.5 not null, "
    "d);insert into t values(1,'x',2,null),(2,'y',3,'q'),(3,'z',1,5);insert or ignore "
    "into t values(1,'w',1,1),(9,'x',1,1),(8,'k',1,1); select * from t",
   "1|x|2.0|\n"
    "2|y|3.0|q\n"
    "3|z|1.0|5\n"
    "8|k|1.0|1\n"},
  {"or_replace",
   "create table t(a integer primary key, b text unique, c real default 1.5 not null, "
    "d);insert into t values(1,'x',2,null),(2,'y',3,'q'),(3,'z',1,5);insert or replace "
    "into t values(1,'y',9,9); select * from t",
   "1|y|9.0|9\n"
    "3|z|1.0|5\n"},
  {"replace_into",
   "create table t(a integer primary key, b text unique, c real default 1.5 not null, "
    "d);insert into t values(1,'x',2,null),(2,'y',3,'q'),(3,'z',1,5);replace into t(a,b) "
    "values(7,'k'); select * from t",
   "1|x|2.0|\n"
    "2|y|3.0|q\n"
    "3|z|1.0|5\n"
    "7|k|1.5|\n"},
  {"or_fail_partial",
   "create table t(a unique); insert into t values(3); insert or fail into t "
    "values(1),(2),(3),(4)",
   "Error: UNIQUE constraint failed: t.a\n"},
  {"or_fail_kept",
   "create table t(a unique); insert into t values(3); insert or fail into t "
    "values(1),(2),(3),(4); select 1",
   "Error: UNIQUE constraint failed: t.a\n"},
  {"abort_undone",
   "create table t(a unique); insert into t values(3); insert into t values(1),(3); "
    "select 1",
   "Error: UNIQUE constraint failed: t.a\n"},
  {"after_abort",
   "create table t(a unique); insert into t values(3); insert into t select 5 union all "
    "select 3;",
   "Error: UNIQUE constraint failed: t.a\n"},
  {"column_count",
   "create table t(a,b); insert into t values(1,2,3)",
   "Error: table t has 2 columns but 3 values were supplied\n"},
  {"column_count2",
   "create table t(a,b); insert into t(a) values(1,2)",
   "Error: 2 values for 1 columns\n"},
  {"no_column",
   "create table t(a,b); insert into t(a,zz) values(1,2)",
   "Error: table t has no column named zz\n"},
  {"insert_select",
   "create table t(a integer primary key, b text unique, c real default 1.5 not null, "
    "d);insert into t values(1,'x',2,null),(2,'y',3,'q'),(3,'z',1,5);create table u(p, "
    "q); insert into u select b, c from t where a>1; insert into u(q) select a from t; "
    "select * from u",
   "y|3.0\n"
    "z|1.0\n"
    "|1\n"
    "|2\n"
    "|3\n"},
  {"insert_self",
   "create table t(a); insert into t values(1),(2); insert into t select a+10 from t; "
    "select * from t",
   "1\n"
    "2\n"
    "11\n"
    "12\n"},
  {"check_name",
   "create table u(a check(a>0), b, constraint pos check(b<10)); insert into u "
    "values(1,1); insert into u values(1,11)",
   "Error: CHECK constraint failed: pos\n"},
  {"check_expr",
   "create table u(a check( a > 0 ), b); insert into u values(-1,1)",
   "Error: CHECK constraint failed: a > 0\n"},
  {"check_null_ok",
   "create table u(a check(a>0)); insert into u values(null); select count(*) from u",
   "1\n"},
  {"update",
   "create table t(a integer primary key, b text unique, c real default 1.5 not null, "
    "d);insert into t values(1,'x',2,null),(2,'y',3,'q'),(3,'z',1,5);update t set c=c*2 "
    "where a>1; select * from t",
   "1|x|2.0|\n"
    "2|y|6.0|q\n"
    "3|z|2.0|5\n"},
  {"update_unique",
   "create table t(a integer primary key, b text unique, c real default 1.5 not null, "
    "d);insert into t values(1,'x',2,null),(2,'y',3,'q'),(3,'z',1,5);update t set b='x' "
    "where a=2",
   "Error: UNIQUE constraint failed: t.b\n"},
  {"update_rowid",
   "create table t(a integer primary key, b text unique, c real default 1.5 not null, "
    "d);insert into t values(1,'x',2,null),(2,'y',3,'q'),(3,'z',1,5);update t set a=a+10 "
    "where a<3; select * from t; select * from t where b='x'",
   "3|z|1.0|5\n"
    "11|x|2.0|\n"
    "12|y|3.0|q\n"
    "11|x|2.0|\n"},
  {"update_rowid_conflict",
   "create table t(a integer primary key, b text unique, c real default 1.5 not null, "
    "d);insert into t values(1,'x',2,null),(2,'y',3,'q'),(3,'z',1,5);update t set a=3 "
    "where a=1",
   "Error: UNIQUE constraint failed: t.a\n"},
  {"update_all_changes",
   "create table t(a integer primary key, b text unique, c real default 1.5 not null, "
    "d);insert into t values(1,'x',2,null),(2,'y',3,'q'),(3,'z',1,5);update t set d=1; "
    "select changes(); select * from t",
   "3\n"
    "1|x|2.0|1\n"
    "2|y|3.0|1\n"
    "3|z|1.0|1\n"},
  {"delete_where",
   "create table t(a integer primary key, b text unique, c real default 1.5 not null, "
    "d);insert into t values(1,'x',2,null),(2,'y',3,'q'),(3,'z',1,5);delete from t where "
    "c>1; select * from t; select changes()",
   "3|z|1.0|5\n"
    "2\n"},
  {"delete_all",
   "create table t(a integer primary key, b text unique, c real default 1.5 not null, "
    "d);insert into t values(1,'x',2,null),(2,'y',3,'q'),(3,'z',1,5);delete from t; "
    "select count(*) from t; select changes()",
   "0\n"
    "3\n"},
  {"delete_index_kept",
   "create table t(a integer primary key, b text unique, c real default 1.5 not null, "
    "d);insert into t values(1,'x',2,null),(2,'y',3,'q'),(3,'z',1,5);delete from t where "
    "a=2; insert into t values(2,'y',1,1); select * from t where b='y'",
   "2|y|1.0|1\n"},
  {"order_by",
   "create table t(a integer primary key, b text unique, c real default 1.5 not null, "
    "d);insert into t values(1,'x',2,null),(2,'y',3,'q'),(3,'z',1,5);select * from t "
    "order by c desc; select b from t order by 1; select b, c from t order by d nulls "
    "last, a desc",
   "2|y|3.0|q\n"
    "1|x|2.0|\n"
    "3|z|1.0|5\n"
    "x\n"
    "y\n"
    "z\n"
    "z|1.0\n"
    "y|3.0\n"
    "x|2.0\n"},
  {"order_by_alias",
   "create table t(a integer primary key, b text unique, c real default 1.5 not null, "
    "d);insert into t values(1,'x',2,null),(2,'y',3,'q'),(3,'z',1,5);select a*-1 as n, b "
    "from t order by n",
   "-3|z\n"
    "-2|y\n"
    "-1|x\n"},
  {"order_by_range",
   "create table t(a integer primary key, b text unique, c real default 1.5 not null, "
    "d);insert into t values(1,'x',2,null),(2,'y',3,'q'),(3,'z',1,5);select a from t "
    "order by 3",
   "Error: 1st ORDER BY term out of range - should be between 1 and 1\n"},
  {"order_by_zero",
   "create table t(a integer primary key, b text unique, c real default 1.5 not null, "
    "d);insert into t values(1,'x',2,null),(2,'y',3,'q'),(3,'z',1,5);select a from t "
    "order by 0",
   "Error: 1st ORDER BY term out of range - should be between 1 and 1\n"},
  {"aggregates",
   "create table t(a integer primary key, b text unique, c real default 1.5 not null, "
    "d);insert into t values(1,'x',2,null),(2,'y',3,'q'),(3,'z',1,5);select count(*), "
    "count(d), sum(c), avg(c), min(b), max(b), total(a), group_concat(b), "
    "group_concat(b, '-') from t",
   "3|2|6.0|2.0|x|z|6.0|x,y,z|x-y-z\n"},
  {"agg_empty",
   "create table t(a); select count(*), sum(a), total(a), avg(a), min(a), max(a), "
    "group_concat(a) from t",
   "0||0.0||||\n"},
  {"group_by",
   "create table g(k, v);insert into g "
    "values('a',1),('b',2),('a',3),(null,4),('b',null),('c',6);select k, count(*), "
    "sum(v) from g group by k; select k, count(*) from g group by 1 order by 2 desc, k",
   "|1|4\n"
    "a|2|4\n"
    "b|2|2\n"
    "c|1|6\n"
    "a|2\n"
    "b|2\n"
    "|1\n"
    "c|1\n"},
  {"having",
   "create table g(k, v);insert into g "
    "values('a',1),('b',2),('a',3),(null,4),('b',null),('c',6);select k, sum(v) as s "
    "from g group by k having s > 3; select k from g group by k having count(*) > 1",
   "|4\n"
    "a|4\n"
    "c|6\n"
    "a\n"
    "b\n"},
  {"group_bare_minmax",
   "create table g(k, v);insert into g "
    "values('a',1),('b',2),('a',3),(null,4),('b',null),('c',6);select k, max(v) from g; "
    "select k, min(v) from g; select v, k, count(*) from g group by k",
   "c|6\n"
    "a|1\n"
    "4||1\n"
    "1|a|2\n"
    "2|b|2\n"
    "6|c|1\n"},
  {"bare_first",
   "create table t(a,b); insert into t values(5,'x'),(7,'y'),(6,'z'); select a, "
    "count(*) from t; select b, max(a), min(a) from t",
   "5|3\n"
    "x|7|5\n"},
  {"count_distinct",
   "create table g(k, v);insert into g "
    "values('a',1),('b',2),('a',3),(null,4),('b',null),('c',6);select count(distinct k), "
    "count(k), sum(distinct v) from g",
   "3|5|16\n"},
  {"distinct",
   "create table g(k, v);insert into g "
    "values('a',1),('b',2),('a',3),(null,4),('b',null),('c',6);select distinct k from g; "
    "select distinct k, v>2 from g order by 1",
   "a\n"
    "b\n"
    "\n"
    "c\n"
    "|1\n"
    "a|0\n"
    "a|1\n"
    "b|0\n"
    "b|\n"
    "c|1\n"},
  {"limit_offset",
   "create table t(a integer primary key, b text unique, c real default 1.5 not null, "
    "d);insert into t values(1,'x',2,null),(2,'y',3,'q'),(3,'z',1,5);select * from t "
    "limit 2 offset 1; select * from t limit 1,1; select a from t order by a desc limit "
    "2; select a from t limit -1 offset 2; select a from t limit 0",
   "2|y|3.0|q\n"
    "3|z|1.0|5\n"
    "2|y|3.0|q\n"
    "3\n"
    "2\n"
    "3\n"},
  {"limit_bad",
   "create table t(a integer primary key, b text unique, c real default 1.5 not null, "
    "d);insert into t values(1,'x',2,null),(2,'y',3,'q'),(3,'z',1,5);select a from t "
    "limit 'x'",
   "Error: datatype mismatch\n"},
  {"in_list",
   "create table t(a integer primary key, b text unique, c real default 1.5 not null, "
    "d);insert into t values(1,'x',2,null),(2,'y',3,'q'),(3,'z',1,5);select a from t "
    "where b in ('x','z'); select a from t where b not in ('x','z'); select 1 in "
    "(1,null), 2 in (1,null), null in (1), 1 not in (), 3 in (select a from t)",
   "1\n"
    "3\n"
    "2\n"
    "1|||1|1\n"},
  {"case_expr",
   "create table t(a integer primary key, b text unique, c real default 1.5 not null, "
    "d);insert into t values(1,'x',2,null),(2,'y',3,'q'),(3,'z',1,5);select a, case when "
    "a=1 then 'one' when a=2 then 'two' else 'many' end, case a when 3 then 'three' end "
    "from t",
   "1|one|\n"
    "2|two|\n"
    "3|many|three\n"},
  {"cast",
   "create table t(a integer primary key, b text unique, c real default 1.5 not null, "
    "d);insert into t values(1,'x',2,null),(2,'y',3,'q'),(3,'z',1,5);select cast(c as "
    "integer), cast('12abc' as integer), cast(a as text) || 'x', cast('3.5' as real), "
    "cast(5 as blob) from t",
   "2|12|1x|3.5|5\n"
    "3|12|2x|3.5|5\n"
    "1|12|3x|3.5|5\n"},
  {"like_glob",
   "create table t(a integer primary key, b text unique, c real default 1.5 not null, "
    "d);insert into t values(1,'x',2,null),(2,'y',3,'q'),(3,'z',1,5);select b like 'X', "
    "b glob 'x*', a between 1 and 2, a not between 1 and 2, b like '_' escape '\\' from t",
   "1|1|1|0|1\n"
    "0|0|1|0|1\n"
    "0|0|0|1|1\n"},
  {"collate",
   "create table t(a integer primary key, b text unique, c real default 1.5 not null, "
    "d);insert into t values(1,'x',2,null),(2,'y',3,'q'),(3,'z',1,5);select * from t "
    "where b = 'Y' collate nocase; select b from t order by b collate nocase desc",
   "2|y|3.0|q\n"
    "z\n"
    "y\n"
    "x\n"},
  {"typeof",
   "create table t(a integer primary key, b text unique, c real default 1.5 not null, "
    "d);insert into t values(1,'x',2,null),(2,'y',3,'q'),(3,'z',1,5);select typeof(a), "
    "typeof(b), typeof(c), typeof(d) from t",
   "integer|text|real|null\n"
    "integer|text|real|text\n"
    "integer|text|real|integer\n"},
  {"is_ops",
   "create table t(a integer primary key, b text unique, c real default 1.5 not null, "
    "d);insert into t values(1,'x',2,null),(2,'y',3,'q'),(3,'z',1,5);select a is 1, a is "
    "not 1, null = null, null is null, d isnull, d notnull, d not null from t",
   "1|0||1|1|0|0\n"
    "0|1||1|0|1|1\n"
    "0|1||1|0|1|1\n"},
  {"affinity_cmp",
   "create table t(i integer, x text, n); insert into t values(1,'1','1'); select "
    "i='1', x=1, n=1, n='1', i<'2', x<2 from t",
   "1|1|0|1|1|1\n"},
  {"subqueries",
   "create table t(a integer primary key, b text unique, c real default 1.5 not null, "
    "d);insert into t values(1,'x',2,null),(2,'y',3,'q'),(3,'z',1,5);select a, (select "
    "count(*) from t t2 where t2.a<=t.a) from t; select exists(select 1 from t where "
    "a=2), (select b from t where a=3), (select b from t where a=99)",
   "1|1\n"
    "2|2\n"
    "3|3\n"
    "1|z|\n"},
  {"join",
   "create table t(a integer primary key, b text unique, c real default 1.5 not null, "
    "d);insert into t values(1,'x',2,null),(2,'y',3,'q'),(3,'z',1,5);create table u(a, "
    "e); insert into u values(1,'one'),(3,'three'),(4,'four'); select t.b, u.e from t, u "
    "where t.a=u.a; select * from t join u using(a); select b, e from t natural join u; "
    "select t.b, x.e from t inner join u as x on t.a = x.a order by 2",
   "x|one\n"
    "z|three\n"
    "1|x|2.0||one\n"
    "3|z|1.0|5|three\n"
    "x|one\n"
    "z|three\n"
    "x|one\n"
    "z|three\n"},
  {"star_qualified",
   "create table t(a integer primary key, b text unique, c real default 1.5 not null, "
    "d);insert into t values(1,'x',2,null),(2,'y',3,'q'),(3,'z',1,5);create table u(a, "
    "e); insert into u values(1,'one'); select u.*, t.b from t, u where t.a=u.a",
   "1|one|x\n"},
  {"view",
   "create table t(a integer primary key, b text unique, c real default 1.5 not null, "
    "d);insert into t values(1,'x',2,null),(2,'y',3,'q'),(3,'z',1,5);create view v as "
    "select a*2 as x, b from t; select * from v; select x from v where b='y'; drop view "
    "v; select count(*) from sqlite_master",
   "2|x\n"
    "4|y\n"
    "6|z\n"
    "4\n"
    "2\n"},
  {"from_subquery",
   "create table t(a integer primary key, b text unique, c real default 1.5 not null, "
    "d);insert into t values(1,'x',2,null),(2,'y',3,'q'),(3,'z',1,5);select s.m from "
    "(select max(c) as m from t) as s; select * from (select a, b from t where a>1) "
    "order by a desc",
   "3.0\n"
    "3|z\n"
    "2|y\n"},
  {"union_all",
   "create table t(a integer primary key, b text unique, c real default 1.5 not null, "
    "d);insert into t values(1,'x',2,null),(2,'y',3,'q'),(3,'z',1,5);select a from t "
    "union all select c from t",
   "1\n"
    "2\n"
    "3\n"
    "2.0\n"
    "3.0\n"
    "1.0\n"},
  {"index_create_fill",
   "create table t(a integer primary key, b text unique, c real default 1.5 not null, "
    "d);insert into t values(1,'x',2,null),(2,'y',3,'q'),(3,'z',1,5);create index tc on "
    "t(c); select a from t where c=3; select a from t where c>1 order by a; pragma "
    "index_info(tc)",
   "2\n"
    "1\n"
    "2\n"
    "0|2|c\n"},
  {"index_unique_fill_fail",
   "create table t(a,b); insert into t values(1,2),(1,3); create unique index i on t(a)",
   "Error: UNIQUE constraint failed: t.a\n"},
  {"index_unique_insert_fail",
   "create table t(a,b); create unique index i on t(a,b); insert into t "
    "values(1,2),(1,3); insert into t values(1,2)",
   "Error: UNIQUE constraint failed: t.a, t.b\n"},
  {"drop_table",
   "create table t(a primary key); create index i on t(a); drop table t; select "
    "count(*) from sqlite_master; create table t(x); select * from sqlite_master",
   "0\n"
    "table|t|t|2|CREATE TABLE t(x)\n"},
  {"drop_index",
   "create table t(a); create index i on t(a); drop index i; select count(*) from "
    "sqlite_master; drop index i",
   "1\n"
    "Error: no such index: i\n"},
  {"drop_if_exists",
   "drop table if exists nosuch; drop index if exists nosuch; select 1",
   "1\n"},
  {"drop_autoindex",
   "create table u(a primary key, b unique); drop index sqlite_autoindex_u_1",
   "Error: index associated with UNIQUE or PRIMARY KEY constraint cannot be dropped\n"},
  {"exists_table",
   "create table t(x); create table t(y)",
   "Error: table t already exists\n"},
  {"exists_index",
   "create table t(x); create index i on t(x); create index i on t(x)",
   "Error: index i already exists\n"},
  {"index_on_table_name",
   "create table t(x); create index t on t(x)",
   "Error: there is already a table named t\n"},
  {"no_such_table",
   "select * from nosuch",
   "Error: no such table: nosuch\n"},
  {"no_such_column",
   "create table t(a); select zz from t",
   "Error: no such column: zz\n"},
  {"no_such_column_q",
   "create table t(a); select t.zz from t",
   "Error: no such column: t.zz\n"},
  {"ambiguous",
   "create table t(a); create table u(a); select a from t, u",
   "Error: ambiguous column name: a\n"},
  {"no_such_func",
   "select foo(1)",
   "Error: no such function: foo\n"},
  {"wrong_args",
   "select abs(1,2)",
   "Error: wrong number of arguments to function abs()\n"},
  {"agg_misuse",
   "create table t(a); select a from t where count(*)>1",
   "Error: misuse of aggregate function count()\n"},
  {"agg_nested",
   "create table t(a); select sum(count(*)) from t",
   "Error: misuse of aggregate function count()\n"},
  {"having_no_agg",
   "create table t(a); select a from t having a>1",
   "Error: HAVING clause on a non-aggregate query\n"},
  {"group_by_agg",
   "create table t(a); select a from t group by count(*)",
   "Error: aggregate functions are not allowed in the GROUP BY clause\n"},
  {"syntax_error",
   "selec 1",
   "Error: near \"selec\": syntax error\n"},
  {"syntax_error2",
   "select * from",
   "Error: incomplete input\n"},
  {"reserved_name",
   "create table sqlite_x(a)",
   "Error: object name reserved for internal use: sqlite_x\n"},
  {"modify_master",
   "insert into sqlite_master values(1,2,3,4,5)",
   "Error: table sqlite_master may not be modified\n"},
  {"dup_column",
   "create table u(a, a)",
   "Error: duplicate column name: a\n"},
  {"two_pks",
   "create table u(a primary key, b primary key)",
   "Error: table \"u\" has more than one primary key\n"},
  {"begin_commit",
   "create table t(a); begin; insert into t values(1); commit; select * from t",
   "1\n"},
  {"begin_rollback",
   "create table t(a); insert into t values(0); begin; insert into t values(1); "
    "rollback; select * from t",
   "0\n"},
  {"begin_twice",
   "begin; begin",
   "Error: cannot start a transaction within a transaction\n"},
  {"commit_none",
   "commit",
   "Error: cannot commit - no transaction is active\n"},
  {"rollback_none",
   "rollback",
   "Error: cannot rollback - no transaction is active\n"},
  {"begin_kinds",
   "begin deferred; end; begin immediate; commit; begin exclusive; rollback; select 1",
   "1\n"},
  {"savepoints",
   "create table t(a); savepoint a; insert into t values(7); savepoint b; insert into t "
    "values(8); rollback to b; release a; select * from t",
   "7\n"},
  {"release_none",
   "release x",
   "Error: no such savepoint: x\n"},
  {"ddl_rollback",
   "create table t(a); begin; create table u(x); rollback; select name from "
    "sqlite_master",
   "t\n"},
  {"pragma_table_info",
   "create table u(a integer primary key, b text not null default 'x', c varchar(10), d "
    "InT); pragma table_info(u)",
   "0|a|INTEGER|0||1\n"
    "1|b|TEXT|1|'x'|0\n"
    "2|c|varchar(10)|0||0\n"
    "3|d|INT|0||0\n"},
  {"pragma_pk_order",
   "create table u(a, b, c, primary key(c, a)); pragma table_info(u)",
   "0|a||0||2\n"
    "1|b||0||0\n"
    "2|c||0||1\n"},
  {"pragma_index_list",
   "create table u(a primary key, b unique, c); create index uc on u(c); pragma "
    "index_list(u); pragma index_info(uc)",
   "0|uc|0|c|0\n"
    "1|sqlite_autoindex_u_2|1|u|0\n"
    "2|sqlite_autoindex_u_1|1|pk|0\n"
    "0|2|c\n"},
  {"pragma_versions",
   "pragma user_version; pragma user_version=7; pragma user_version; pragma "
    "application_id=12; pragma application_id; pragma schema_version; create table t(a); "
    "pragma schema_version",
   "0\n"
    "7\n"
    "12\n"
    "0\n"
    "1\n"},
  {"pragma_misc",
   "pragma encoding; pragma foreign_keys; pragma foreign_keys=1; pragma foreign_keys; "
    "pragma cache_size; pragma synchronous; pragma journal_mode; pragma nosuchpragma; "
    "select 1",
   "UTF-8\n"
    "0\n"
    "1\n"
    "-2000\n"
    "2\n"
    "memory\n"
    "1\n"},
  {"pragma_counts",
   "pragma page_count; pragma freelist_count; create table t(a); pragma page_count; "
    "pragma page_size",
   "0\n"
    "0\n"
    "2\n"
    "4096\n"},
  {"pragma_integrity",
   "create table t(a unique); insert into t values(1),(2); create index i on t(a); "
    "pragma integrity_check; pragma quick_check",
   "ok\n"
    "ok\n"},
  {"column_names",
   "create table t(abc, d integer primary key); insert into t values(1,2); select ABC, "
    "T.abc, rowid, d, abc+1, abc AS x, (abc) from t",
   "1|1|2|2|2|1|1\n"},
  {"left_join",
   "create table t(a integer primary key, b text unique, c real default 1.5 not null, "
    "d);insert into t values(1,'x',2,null),(2,'y',3,'q'),(3,'z',1,5);create table u(a, "
    "e); insert into u values(1,'one'),(3,'three'),(4,'four');select * from t left join "
    "u on t.a=u.a; select * from t left join u using(a); select t.a, u.e from t left "
    "join u on t.a=u.a where u.e is null; select t.a, u.e from t left join u on t.a=u.a "
    "and u.e='three'",
   "1|x|2.0||1|one\n"
    "2|y|3.0|q||\n"
    "3|z|1.0|5|3|three\n"
    "1|x|2.0||one\n"
    "2|y|3.0|q|\n"
    "3|z|1.0|5|three\n"
    "2|\n"
    "1|\n"
    "2|\n"
    "3|three\n"},
  {"left_join_index",
   "create table t(a integer primary key, b text unique, c real default 1.5 not null, "
    "d);insert into t values(1,'x',2,null),(2,'y',3,'q'),(3,'z',1,5);create table u(a, "
    "e); insert into u values(1,'one'),(3,'three'),(4,'four');create index ua on u(a); "
    "select t.b, u.e from t left join u on u.a=t.a; select count(*) from t left join u "
    "on 0",
   "x|one\n"
    "y|\n"
    "z|three\n"
    "3\n"},
  {"compound",
   "create table t(a integer primary key, b text unique, c real default 1.5 not null, "
    "d);insert into t values(1,'x',2,null),(2,'y',3,'q'),(3,'z',1,5);create table u(a, "
    "e); insert into u values(1,'one'),(3,'three'),(4,'four');select a from t union "
    "select a from u; select a from t union all select a from u order by a limit 3; "
    "select a from t intersect select a from u; select a from t except select a from u; "
    "select a x from t union select a from u order by x desc",
   "1\n"
    "2\n"
    "3\n"
    "4\n"
    "1\n"
    "1\n"
    "2\n"
    "1\n"
    "3\n"
    "2\n"
    "4\n"
    "3\n"
    "2\n"
    "1\n"},
  {"compound_mismatch",
   "select 1 union select 1,2",
   "Error: SELECTs to the left and right of UNION do not have the same number of result "
    "columns\n"},
  {"values",
   "values(1,2),(3,'x'); select * from (values(1),(2)) where column1>1",
   "1|2\n"
    "3|x\n"
    "2\n"},
  {"cte",
   "create table t(a integer primary key, b text unique, c real default 1.5 not null, "
    "d);insert into t values(1,'x',2,null),(2,'y',3,'q'),(3,'z',1,5);with x as (select "
    "a, b from t where a>1), y as (select * from x where a<3) select * from y; with x(p) "
    "as (select 5) select p+1 from x",
   "2|y\n"
    "6\n"},
  {"cte_recursive",
   "with recursive c(n) as (select 1 union all select n+1 from c where n<5) select * "
    "from c; with recursive c(n) as (select 1 union all select n+1 from c limit 3) "
    "select sum(n) from c; with recursive c(n) as (select 1 union select n%3+1 from c) "
    "select * from c order by n",
   "1\n"
    "2\n"
    "3\n"
    "4\n"
    "5\n"
    "6\n"
    "1\n"
    "2\n"
    "3\n"},
  {"cte_dml",
   "create table t(a integer primary key, b text unique, c real default 1.5 not null, "
    "d);insert into t values(1,'x',2,null),(2,'y',3,'q'),(3,'z',1,5);with x as (select 2 "
    "as k) delete from t where a in (select k from x); select a from t",
   "1\n"
    "3\n"},
  {"ctas",
   "create table t(a int, b text); insert into t values(1,'x'); create table v as "
    "select a, b, a+1 from t; select sql from sqlite_master where name='v'; select * "
    "from v",
   "CREATE TABLE v(a INT,b TEXT,\"a+1\")\n"
    "1|x|2\n"},
  {"temp_table",
   "create table t(a); create temp table t(b); insert into t values(5); select * from "
    "t; select count(*) from main.t; select * from sqlite_temp_master",
   "5\n"
    "0\n"
    "table|t|t|2|CREATE TABLE t(b)\n"},
  {"autoincrement",
   "create table t(a integer primary key autoincrement, b); insert into t(b) values(1); "
    "insert into t values(10,2); delete from t; insert into t(b) values(3); select * "
    "from t; select * from sqlite_sequence",
   "11|3\n"
    "t|11\n"},
  {"dqs_string",
   "create table t(a); insert into t values(1); select \"a\", \"zz\" from t",
   "1|zz\n"},
  {"upsert",
   "create table t(a integer primary key, b unique, c); insert into t values(1,'x',1); "
    "insert into t values(2,'x',5) on conflict(b) do update set c=c+excluded.c; select * "
    "from t; insert into t values(3,'x',5) on conflict do nothing; insert into t "
    "values(1,'y',0) on conflict(a) do update set c=99 where c>100; select * from t; "
    "select changes()",
   "1|x|6\n"
    "1|x|6\n"
    "0\n"},
  {"upsert_bad_target",
   "create table t(a integer primary key, b unique, c); insert into t values(9,'x',1) "
    "on conflict(c) do nothing",
   "Error: ON CONFLICT clause does not match any PRIMARY KEY or UNIQUE constraint\n"},
  {"returning",
   "create table t(a integer primary key, b); insert into t values(1,2),(3,4) returning "
    "*, a+b as s; update t set b=b*10 where a=3 returning a, b; delete from t where a=1 "
    "returning *; select * from t",
   "1|2|3\n"
    "3|4|7\n"
    "3|40\n"
    "1|2\n"
    "3|40\n"},
  {"triggers",
   "create table t(a,b); create table log(x); create trigger tr after insert on t begin "
    "insert into log values(new.a); end; create trigger tr2 before delete on t when "
    "old.a > 1 begin insert into log values(-old.a); end; create trigger tr3 after "
    "update of b on t begin insert into log values(old.b || '->' || new.b); end; insert "
    "into t values(1,'p'),(2,'q'); update t set b='z'; update t set a=a+1; delete from "
    "t; select * from log; select name, tbl_name, sql from sqlite_master where "
    "type='trigger'; select changes()",
   "1\n"
    "2\n"
    "p->z\n"
    "q->z\n"
    "-2\n"
    "-3\n"
    "tr|t|CREATE TRIGGER tr after insert on t begin insert into log values(new.a); end\n"
    "tr2|t|CREATE TRIGGER tr2 before delete on t when old.a > 1 begin insert into log "
    "values(-old.a); end\n"
    "tr3|t|CREATE TRIGGER tr3 after update of b on t begin insert into log values(old.b "
    "|| '->' || new.b); end\n"
    "2\n"},
  {"trigger_raise_abort",
   "create table t(a); create trigger x before insert on t begin select raise(abort, "
    "'nope') where new.a<0; end; insert into t values(1); insert into t values(-1)",
   "Error: nope\n"},
  {"trigger_raise_ignore",
   "create table t(a); create trigger x before insert on t begin select raise(ignore) "
    "where new.a<0; end; insert into t values(1),(-1),(2); select * from t",
   "1\n"
    "2\n"},
  {"trigger_errors",
   "create table t(a); create trigger x after insert on t begin select 1; end; create "
    "trigger x after insert on t begin select 1; end",
   "Error: trigger x already exists\n"},
  {"trigger_drop",
   "create table t(a); create trigger x after insert on t begin select 1; end; drop "
    "trigger x; select count(*) from sqlite_master; drop trigger if exists x; drop "
    "trigger x",
   "1\n"
    "Error: no such trigger: x\n"},
  {"raise_outside",
   "select raise(ignore)",
   "Error: RAISE() may only be used within a trigger-program\n"},
  {"alter_add",
   "create table t(a, b unique); insert into t values(1,2); alter table t add column c "
    "int default 5; alter table t add d text not null default 'q'; select * from t; "
    "select sql from sqlite_master where name='t'",
   "1|2|5|q\n"
    "CREATE TABLE t(a, b unique, c int default 5, d text not null default 'q')\n"},
  {"alter_rename",
   "create table t(a, b unique); create index ti on t(a); insert into t values(1,2); "
    "alter table t rename to u; select type,name,tbl_name,sql from sqlite_master; alter "
    "table u rename column a to z; select sql from sqlite_master where name='ti'; select "
    "z from u",
   "table|u|u|CREATE TABLE \"u\"(a, b unique)\n"
    "index|sqlite_autoindex_u_1|u|\n"
    "index|ti|u|CREATE INDEX ti on \"u\"(a)\n"
    "CREATE INDEX ti on \"u\"(z)\n"
    "1\n"},
  {"alter_errors",
   "create table t(a primary key); alter table t add column b primary key",
   "Error: Cannot add a PRIMARY KEY column\n"},
  {"alter_errors2",
   "create table t(a); alter table t add column a",
   "Error: duplicate column name: a\n"},
  {"partial_index",
   "create table t(a,b); insert into t values(1,2),(3,-4); create index p on t(a) where "
    "b > 0; insert into t values(5,6),(7,-8); select * from t where a > 0; pragma "
    "integrity_check; delete from t where a=5; update t set b=10 where a=3; select name, "
    "sql from sqlite_master",
   "1|2\n"
    "3|-4\n"
    "5|6\n"
    "7|-8\n"
    "ok\n"
    "t|CREATE TABLE t(a,b)\n"
    "p|CREATE INDEX p on t(a) where b > 0\n"},
  {"partial_unique",
   "create table t(a,b); create unique index p on t(a) where b > 0; insert into t "
    "values(1,-1),(1,-2),(1,3); insert into t values(1,4)",
   "Error: UNIQUE constraint failed: t.a\n"},
  {"expr_index",
   "create table t(a,b); create index e on t(a+b); insert into t values(1,2),(3,4); "
    "update t set a=10; delete from t where b=2; select * from t; pragma integrity_check",
   "10|4\n"
    "ok\n"},
  {"expr_unique",
   "create table t(a,b); create unique index e on t(lower(b)); insert into t "
    "values(1,'A'),(2,'a')",
   "Error: UNIQUE constraint failed: index 'e'\n"},
  {"in_index",
   "create table t(a,b,c); create index i on t(a); create index j on t(b,c); insert "
    "into t values(1,2,3),(4,5,6),(1,5,0),(null,1,1),(2,2,2); select * from t where a in "
    "(1,2); select rowid, * from t where rowid in (1,3,3,'2',2.5,null); select c from t "
    "where b in (5,2) and c > 0; select * from t where a in ('1', 2)",
   "1|2|3\n"
    "1|5|0\n"
    "2|2|2\n"
    "1|1|2|3\n"
    "2|4|5|6\n"
    "3|1|5|0\n"
    "2\n"
    "3\n"
    "6\n"
    "2|2|2\n"},
  {"row_values",
   "select (1,2) = (1,2), (1,2) <> (1,3), (1,null) = (1,2); create table t(a,b); insert "
    "into t values(1,'x'),(2,'y'); select * from t where (a,b) = (2,'y')",
   "1|1|\n"
    "2|y\n"},
  {"filter_clause",
   "create table t(a); insert into t values(1),(2),(3); select count(*) filter (where a "
    "> 1), sum(a) filter (where a <> 2) from t",
   "2|4\n"},
  {"rowid_affinity",
   "create table t(a integer primary key, b); insert into t values(1,'x'),(2,'y'); "
    "select * from t where rowid = '2'; select * from t where a > '1'; select * from t "
    "where rowid = 2.5",
   "2|y\n"
    "2|y\n"},
  {"distinct_collate",
   "create table z(a text collate nocase); insert into z values('A'),('a'),('b'); "
    "select count(distinct a) from z; select distinct a from z; select * from z where a "
    "= 'B'",
   "2\n"
    "A\n"
    "b\n"
    "b\n"},
  {"window_rank",
   "create table w(a,b); insert into w "
    "values(1,'x'),(2,'x'),(2,'y'),(3,'y'),(5,'y');select a, b, row_number() over v, "
    "rank() over v, dense_rank() over v, sum(a) over v, lag(a) over v, lead(a,1,-1) over "
    "v, first_value(a) over v, last_value(a) over v, nth_value(a, 2) over v from w "
    "window v as (order by a)",
   "1|x|1|1|1|1||2|1|1|\n"
    "2|x|2|2|2|5|1|2|1|2|2\n"
    "2|y|3|2|2|5|2|3|1|2|2\n"
    "3|y|4|4|3|8|2|5|1|3|2\n"
    "5|y|5|5|4|13|3|-1|1|5|2\n"},
  {"window_partition",
   "create table w(a,b); insert into w "
    "values(1,'x'),(2,'x'),(2,'y'),(3,'y'),(5,'y');select b, count(*) over (partition by "
    "b), group_concat(a) over (partition by b), avg(a) over (partition by b order by a), "
    "row_number() over (partition by b) from w",
   "x|2|1,2|1.0|1\n"
    "x|2|1,2|1.5|2\n"
    "y|3|2,3,5|2.0|1\n"
    "y|3|2,3,5|2.5|2\n"
    "y|3|2,3,5|3.33333333333333|3\n"},
  {"window_frames",
   "create table w(a,b); insert into w "
    "values(1,'x'),(2,'x'),(2,'y'),(3,'y'),(5,'y');select a, sum(a) over (order by a "
    "rows between 1 preceding and 1 following), min(a) over (order by a rows between "
    "current row and unbounded following), max(a) over (order by a rows between 2 "
    "preceding and 1 preceding) from w order by a desc, b",
   "5|8|5|3\n"
    "3|10|3|2\n"
    "2|5|2|1\n"
    "2|7|2|2\n"
    "1|3|1|\n"},
  {"window_dist",
   "create table w(a,b); insert into w "
    "values(1,'x'),(2,'x'),(2,'y'),(3,'y'),(5,'y');select a, percent_rank() over (order "
    "by a), cume_dist() over (order by a), ntile(3) over (order by a) from w",
   "1|0.0|0.2|1\n"
    "2|0.25|0.6|1\n"
    "2|0.25|0.6|2\n"
    "3|0.75|0.8|2\n"
    "5|1.0|1.0|3\n"},
  {"window_errors",
   "select row_number()",
   "Error: misuse of window function row_number()\n"},
  {"window_errors2",
   "select abs(1) over ()",
   "Error: abs() may not be used as a window function\n"},
  {"fk_child",
   "pragma foreign_keys=on; create table p(id integer primary key, n text unique); "
    "create table c(x references p, y references p(n)); insert into p "
    "values(1,'a'),(2,'b'); insert into c values(1,'a'); insert into c "
    "values(null,null); select count(*) from c; insert into c values(3,null)",
   "2\n"
    "Error: FOREIGN KEY constraint failed\n"},
  {"fk_parent_actions",
   "pragma foreign_keys=on; create table p(id integer primary key, n text unique); "
    "create table c(y references p(n) on delete cascade, z references p on delete set "
    "null); insert into p values(1,'a'),(2,'b'),(3,'c'); insert into c "
    "values('a',2),('c',2); delete from p where id=2; select * from c; delete from p "
    "where n='c'; select * from c",
   "a|\n"
    "c|\n"
    "a|\n"},
  {"fk_restrict",
   "pragma foreign_keys=on; create table p(id integer primary key); create table c(x "
    "references p); insert into p values(1); insert into c values(1); delete from p",
   "Error: FOREIGN KEY constraint failed\n"},
  {"fk_update_cascade",
   "pragma foreign_keys=on; create table p(id integer primary key); create table c(pid "
    "references p on update cascade); insert into p values(1),(2); insert into c "
    "values(1),(2),(null); update p set id = id + 10; select * from c",
   "11\n"
    "12\n"
    "\n"},
  {"fk_mismatch",
   "pragma foreign_keys=on; create table p(a); create table c(x references p(a)); "
    "insert into c values(1)",
   "Error: foreign key mismatch - \"c\" referencing \"p\"\n"},
  {"fk_off",
   "create table p(id integer primary key); create table c(x references p); insert into "
    "c values(5); select * from c",
   "5\n"},
  {"using_resolution",
   "create table t(a, b); create table u(a, e); insert into t values(1,'x'),(2,'y'); "
    "insert into u values(1,'one'); select a, e from t left join u using(a); select a "
    "from t natural join u; select t.a, u.a from t join u using(a)",
   "1|one\n"
    "2|\n"
    "1\n"
    "1|1\n"},
  {"rowid_ambiguous",
   "create table t(a integer primary key, d); create table u(a); insert into t "
    "values(1,2); insert into u values(1); select rowid, d from t join u on t.a = u.a",
   "Error: no such column: rowid\n"},
  {"having_only_agg",
   "create table t(a,b); select a from t where b having count(*) > 1",
   "Error: HAVING clause on a non-aggregate query\n"},
  {"uncorrelated_once",
   "create table t(a); insert into t values(1),(2),(3); create table u(b); insert into "
    "u values(2),(3); select a, a in (select b from u), (select max(b) from u), "
    "exists(select 1 from u where b = t.a) from t",
   "1|0|3|0\n"
    "2|1|3|1\n"
    "3|1|3|1\n"},
  {"pragma_tvf",
   "create table t(a int, b); select * from pragma_table_info('t'); select name from "
    "pragma_database_list",
   "0|a|INT|0||0\n"
    "1|b||0||0\n"
    "main\n"},
  {"view_table_info",
   "create table t(a int, b); create view w as select a, b+1 as c, * from t; pragma "
    "table_info(w)",
   "0|a|INT|0||0\n"
    "1|c||0||0\n"
    "2|a:1|INT|0||0\n"
    "3|b||0||0\n"},
  {"group_by_index",
   "create table t(a,b,c); create index i on t(a); insert into t "
    "values(1,2,3),(2,5,6),(1,5,0),(null,1,1),(2,2,2),(3,null,1); select a, count(*), "
    "sum(b) from t group by a; select a, max(b), c from t group by a; select a, count(*) "
    "from t where a > 1 group by a having count(*) > 1",
   "|1|1\n"
    "1|2|7\n"
    "2|2|7\n"
    "3|1|\n"
    "|1|1\n"
    "1|5|0\n"
    "2|5|6\n"
    "3||1\n"
    "2|2\n"},
  {"desc_index_range",
   "create table t(a,b,c); create index i on t(a); create index j on t(b,c); insert "
    "into t values(1,2,3),(2,5,6),(1,5,0),(null,1,1),(2,2,2),(3,null,1),(2,5,1); select "
    "* from t where a > 0 and a < 3 order by a desc; select * from t where b = 5 and c < "
    "6 order by c desc; select * from t where a <= 2 order by a desc",
   "2|5|1\n"
    "2|2|2\n"
    "2|5|6\n"
    "1|5|0\n"
    "1|2|3\n"
    "2|5|1\n"
    "1|5|0\n"
    "2|5|1\n"
    "2|2|2\n"
    "2|5|6\n"
    "1|5|0\n"
    "1|2|3\n"},
  {"window_over_aggregate",
   "create table t(a,b); insert into t values(1,'x'),(2,'x'),(5,'y'),(3,'z'),(4,'z'); "
    "select b, sum(a), rank() over (order by sum(a) desc) from t group by b; select b, "
    "count(*) c, row_number() over (order by b desc) from t group by b order by c; "
    "select sum(a), sum(sum(a)) over () from t group by b; select b, max(a), lag(max(a)) "
    "over (order by b) from t group by 1",
   "z|7|1\n"
    "y|5|2\n"
    "x|3|3\n"
    "y|1|2\n"
    "z|2|1\n"
    "x|2|3\n"
    "3|15\n"
    "5|15\n"
    "7|15\n"
    "x|2|\n"
    "y|5|2\n"
    "z|4|5\n"},
  {"distinct_ordered",
   "create table t(a,b,c); create index i on t(a); create index j on t(b,c); insert "
    "into t values(1,2,3),(2,5,6),(1,5,0),(null,1,1),(2,2,2),(3,null,1),(2,5,1); select "
    "distinct a from t; select distinct b, c from t; select distinct c from t; select "
    "distinct a from t where a > 1; select distinct a from t limit 2 offset 1",
   "\n"
    "1\n"
    "2\n"
    "3\n"
    "|1\n"
    "1|1\n"
    "2|2\n"
    "2|3\n"
    "5|0\n"
    "5|1\n"
    "5|6\n"
    "1\n"
    "2\n"
    "3\n"
    "0\n"
    "6\n"
    "2\n"
    "3\n"
    "1\n"
    "2\n"},
  {"cte_recursive_no_keyword",
   "with r(x) as (select 1 union all select x+1 from r where x<5) select group_conca"
    "t(x) from r",
   "1,2,3,4,5\n"},
  {"cte_recursive_stream_limit",
   "create table t(a); insert into t values(1),(3); with recursive r(x) as (select 1"
    " union all select x+1 from r) select x from r limit 3 offset 2; with recursive f"
    "(a,b) as (select 0,1 union all select b,a+b from f) select group_concat(a) from "
    "(select a from f limit 10); with r(x) as (select 1 union all select x+1 from r) "
    "select x from r where x in (select a from t) limit 2",
   "3\n"
    "4\n"
    "5\n"
    "0,1,1,2,3,5,8,13,21,34\n"
    "1\n"
    "3\n"},
  {"cte_circular",
   "create table t(a); insert into t values(7); with t(a) as (select a from t union "
    "all select a+1 from t where a<3) select * from t",
   "Error: circular reference: t\n"},
  {"func_sign",
   "select sign(-3), sign(0.0), sign('x'), sign(null), sign('-2.5'), sign(x'01'), si"
    "gn(1e400), typeof(sign(2.5)), sign(' 3'), sign('3x'), sign(-0.0), sign(922337203"
    "6854775807)",
   "-1|0|||-1||1|integer|1||0|1\n"},
  {"func_round_many_digits",
   "select round(255, 30) - 255, round(255, 16) - 255, round(2.675, 2), round(-2.5)",
   "-1.13686837721616e-13|0.0|2.68|-3.0\n"},
  {"unique_check_order",
   "create table t(a unique, b unique); insert into t values(1,1); insert into t val"
    "ues(1,1)",
   "Error: UNIQUE constraint failed: t.b\n"},
  {"unique_check_order_replace",
   "create table z(a unique, b unique on conflict replace, c unique); insert into z "
    "values(1,1,1); insert into z values(1,1,1)",
   "Error: UNIQUE constraint failed: z.c\n"},
  {"orderby_ordinal_big_constant",
   "create table t(a,b); insert into t values(1,2),(3,1); select a from t order by 2"
    "147483648; select a from t order by -2147483648, 1 desc",
   "1\n"
    "3\n"
    "3\n"
    "1\n"},
  {"orderby_ordinal_unary_plus",
   "create table t(a,b); insert into t values(1,2),(3,1); select a from t order by +"
    "5",
   "Error: 1st ORDER BY term out of range - should be between 1 and 1\n"},
  {"groupby_ordinal_unary_plus",
   "create table t(a,b); insert into t values(1,2),(3,1); select a, count(*) from t "
    "group by +(-1)",
   "Error: 1st GROUP BY term out of range - should be between 1 and 2\n"},
  {"groupby_ordinal_prescan",
   "create table t(a,b); select a, b from t group by 255, 2147483647",
   "Error: 2nd GROUP BY term out of range - should be between 1 and 2\n"},
  {"orderby_ordinal_prescan",
   "create table t(a,b); select a, b from t order by 3, 0",
   "Error: 2nd ORDER BY term out of range - should be between 1 and 2\n"},
  {"agg_sum_text_integer",
   "select sum('42'), sum(' 1'), typeof(sum('5')), sum('1.0'), total('x'), sum('1e2'"
    "); create table t(a); insert into t values('3'),(4),('x'); select sum(a) from t",
   "42|1|integer|1.0|0.0|100.0\n"
    "7.0\n"},
  {"func_substr_int_wrap",
   "select substr('abcdef', 2, 4294967298), substr('abcdef', -4294967294), substr('a"
    "bcdef', 4294967296), substr('1', 9223372036854775807 * 255.0)",
   "bc|bcdef|abcdef|1\n"},
  {"index_is_null",
   "create table t(a, b); create index ta on t(a); insert into t values(null,1),(1,n"
    "ull),(null,null),(2,2); select b from t where a is null order by b; select a fro"
    "m t where a is 1; CREATE TABLE t0(c0 INTEGER PRIMARY KEY, c1 BLOB); CREATE INDEX"
    " i2 ON t0(c1); INSERT INTO t0 VALUES (10, ' 12 '), (6, NULL); UPDATE t0 SET c1 ="
    " c0 + 1 where c1 is null; select * from t0",
   "\n"
    "1\n"
    "1\n"
    "6|7\n"
    "10| 12 \n"},
  {"update_after_covering_scan",
   "CREATE TABLE t0(c0 INTEGER PRIMARY KEY, c1 BLOB); CREATE INDEX i2 ON t0(c1); INS"
    "ERT INTO t0(c0, c1) VALUES (10, ' 12 '), (6, NULL); UPDATE t0 SET c1 = CASE NULL"
    " WHEN c0 IS NOT NULL THEN NULL END; select * from t0; UPDATE t0 SET c1 = c0 * 2;"
    " select * from t0",
   "6|\n"
    "10|\n"
    "6|12\n"
    "10|20\n"},
  {"orderby_checked_before_groupby",
   "CREATE TABLE t0(c0, c1, c2); SELECT 255, NULL FROM t0 GROUP BY 255, c2 ORDER BY "
    "NULL, 3",
   "Error: 2nd ORDER BY term out of range - should be between 1 and 2\n"},
  {"in_list_lhs_affinity",
   "create table t(a text, b int, c); insert into t values('1', 1, '1'); select a in"
    " (1), b in ('1'), 1 in (a), '1' in (b), 1 in (c), c not in (1, null), 'a' in ('A"
    "' collate nocase) from t; select count(*) from t where 1 in (a)",
   "1|1|0|0|0||1\n"
    "0\n"},
  {"index_desc_range",
   "create table t(a, b); create index ta on t(a desc); create index tab on t(b, a d"
    "esc); insert into t values(1,1),(2,1),(3,1),(null,1),('x',1),(2.5,2),(5,1); sele"
    "ct a from t where a < 3 order by a; select a from t where a >= 2 and a < 5 order"
    " by a; select a from t where b = 1 and a > 2 order by a",
   "1\n"
    "2\n"
    "2.5\n"
    "2\n"
    "2.5\n"
    "3\n"
    "3\n"
    "5\n"
    "x\n"},
  {"func_replace_empty_pattern",
   "select replace(1, '', NULL), typeof(replace(1, '', 2)), replace(NULL, '', 1), re"
    "place('a', NULL, 'b'), replace('abc','b',NULL)",
   "1|integer|||\n"},
  {"negate_int64_min",
   "select - -9223372036854775808, typeof(-(-9223372036854775808)), -922337203685477"
    "5808, min(- -9223372036854775808)",
   "9.22337203685478e+18|real|-9223372036854775808|9.22337203685478e+18\n"},
  {"func_substr_empty_blob",
   "select typeof(substr(x'', 1)), quote(substr(zeroblob(0), 1)), quote(substr(x'01'"
    ", 5)), typeof(substr('', 1))",
   "null|NULL|X''|text\n"},
  {"upsert_no_target_do_update",
   "create table t(a integer primary key, b unique, c); insert into t values(1, 'x',"
    " 0), (2, 'y', 0); insert into t values(1, 'z', 5) on conflict do update set c = "
    "c + 10; insert into t values(3, 'y', 7) on conflict do update set c = excluded.c"
    " * 100; select * from t",
   "1|x|10\n"
    "2|y|700\n"},
  {"subquery_aggregate_in_group_by",
   "CREATE TABLE t0(c0, c1); insert into t0 values(1,2),(3,4); CREATE TABLE t1(c0 IN"
    "TEGER PRIMARY KEY, c1, c2); insert into t1 values(1,1,1),(2,1,2),(3,2,5); SELECT"
    " c1, count((SELECT min(t0.c1) FROM t0)) FROM t1 GROUP BY c1; SELECT c1, (SELECT "
    "max(t0.c1) + t1.c1 FROM t0), sum(c2) FROM t1 GROUP BY c1; SELECT c1, sum((SELECT"
    " min(c0) FROM t0 WHERE c1 > t1.c2)) FROM t1 GROUP BY c1",
   "1|2\n"
    "2|1\n"
    "1|5|3\n"
    "2|6|5\n"
    "1|4\n"
    "2|\n"},
  {"union_keeps_last_equal_row",
   "select 3 union select 3.0; select 2 union select 2.0 union select '2'; CREATE TA"
    "BLE t0(c0 INTEGER PRIMARY KEY, c1 REAL); INSERT INTO t0 VALUES (1, NULL), (3, 3)"
    "; SELECT c0 FROM t0 UNION SELECT c1 FROM t0",
   "3.0\n"
    "2.0\n"
    "2\n"
    "\n"
    "1\n"
    "3.0\n"},
  {"cte_recursive_width_mismatch",
   "WITH i(x) AS ( SELECT 1 UNION ALL SELECT x+1, x*2 FROM i ) SELECT * FROM i",
   "Error: SELECTs to the left and right of UNION ALL do not have the same number of result columns\n"},
  {"between_drives_index_same_rows",
   "create table t(a integer primary key, b, c); create index tb on t(b); insert into t values"
    "(1,2,'x'),(2,4,'y'),(3,6,'z'),(4,8,'w'),(5,'6','v'); select a from t where b between 4 and 6"
    " order by a; select a from t where b between '5' and 8 order by a; select a from t where a"
    " between 2 and 3; select count(*) from t where b between 6 and 4; select a from t where b"
    " between 4 and 8 and c='z'",
   "2\n3\n2\n3\n0\n3\n"},
  {"rowid_range_any_bounds",
   "create table t(id integer primary key, c); insert into t values(1,1),(2,2),(3,3),(4,4),(5,5);"
    " select id from t where id > 1.5 and id <= 3.7; select id from t where id >= '4'; select count(*)"
    " from t where id > 'abc'; select count(*) from t where id < 'abc'; select count(*) from t where"
    " id > null; select id from t where id between abs(-2) and 1 + 1; select count(*) from t where"
    " id < -1e300",
   "2\n3\n4\n5\n0\n5\n0\n2\n0\n"},
  {"not_and_or_with_null",
   "create table t(a,b); insert into t values(null,1),(null,0),(null,null),(1,null),(0,null),"
    "(1,1),(0,0),(1,0),(0,1); select a,b from t where not (a and b); select '--'; select a,b "
    "from t where not (a or b)",
   "|0\n0|\n0|0\n1|0\n0|1\n--\n0|0\n"},
  {"cte_recursive_column_list_mismatch",
   "WITH i(x) AS ( SELECT 1, 2 UNION SELECT x+1 FROM i ) SELECT * FROM i",
   "Error: table i has 2 values for 1 columns\n"},
  {"drop_frees_largest_root_first",
   "create table pad(x); create table a(x primary key, y, z unique); create index ay on a(y);"
    " insert into a values(1,2,3),(3,4,5); create table b(z); drop table a; create table c(q);"
    " create table d(q); create table e(q); create table w(x primary key, y, z unique) without"
    " rowid; create index wy on w(y); drop table w; create table f(q); create table g(q);"
    " select name, rootpage from sqlite_schema",
   "pad|2\n"
    "b|7\n"
    "c|3\n"
    "d|4\n"
    "e|5\n"
    "f|6\n"
    "g|8\n"},
  {"wr_basic",
   "create table t(a primary key, b, c unique) without rowid; create index tb on t(b"
    "); insert into t values(3,'x',30),(1,'y',10),(2,'z',20); select * from t; select"
    " * from t where a=2; select a from t where b='y'; select b from t where c=30; in"
    "sert or replace into t values(1,'rep',11); insert or ignore into t values(2,'ign"
    "',22); update t set b='upd' where a=3; update t set a=5 where a=2; delete from t"
    " where b='upd'; select * from t order by a desc; select * from sqlite_schema; pr"
    "agma integrity_check",
   "1|y|10\n"
    "2|z|20\n"
    "3|x|30\n"
    "2|z|20\n"
    "1\n"
    "x\n"
    "5|z|20\n"
    "1|rep|11\n"
    "table|t|t|2|CREATE TABLE t(a primary key, b, c unique) without rowid\n"
    "index|sqlite_autoindex_t_2|t|3|\n"
    "index|tb|t|4|CREATE INDEX tb on t(b)\n"
    "ok\n"},
  {"wr_pk_conflict",
   "create table t(a, b, c, primary key(b, a)) without rowid; insert into t values(1"
    ",1,1),(2,1,2); insert into t values(2,1,3)",
   "Error: UNIQUE constraint failed: t.b, t.a\n"},
  {"wr_notnull",
   "create table t(a, b, primary key(a, b)) without rowid; insert into t values(1, n"
    "ull)",
   "Error: NOT NULL constraint failed: t.b\n"},
  {"wr_no_pk",
   "create table t(a, b) without rowid",
   "Error: PRIMARY KEY missing on table t\n"},
  {"wr_autoinc",
   "create table t(a integer primary key autoincrement, b) without rowid",
   "Error: AUTOINCREMENT not allowed on WITHOUT ROWID tables\n"},
  {"wr_no_rowid",
   "create table t(a primary key, b) without rowid; select rowid from t",
   "Error: no such column: rowid\n"},
  {"wr_desc_collate",
   "create table t(a text collate nocase, b, c, primary key(b desc, a)) without rowi"
    "d; create index tc on t(c); insert into t values('x',1,5),('Y',1,4),('z',2,3),('"
    "w',0,2); select * from t; select a from t where b=1 and a='X'; select a, b from "
    "t where c>=3 order by c; update t set b=b+10 where c<4; select * from t; select "
    "* from t where b>5; pragma integrity_check",
   "w|0|2\n"
    "z|2|3\n"
    "Y|1|4\n"
    "x|1|5\n"
    "x\n"
    "z|2\n"
    "Y|1\n"
    "x|1\n"
    "w|10|2\n"
    "z|12|3\n"
    "Y|1|4\n"
    "x|1|5\n"
    "z|12|3\n"
    "w|10|2\n"
    "ok\n"},
  {"wr_upsert_returning",
   "create table t(k primary key, n) without rowid; insert into t values('a',1) on c"
    "onflict(k) do update set n=n+1 returning *; insert into t values('a',1) on confl"
    "ict(k) do update set n=n+excluded.n returning k, n; insert into t values('a',9) "
    "on conflict do nothing returning *; delete from t returning k",
   "a|1\n"
    "a|2\n"
    "a\n"},
  {"natural_join_unnamed_subquery",
   "CREATE TABLE t1(a,x); CREATE TABLE t2(a,y); INSERT INTO t1 VALUES(1,2),(3,4); INSERT "
    "INTO t2 VALUES(1,5),(7,8); SELECT * FROM t1, (SELECT a FROM t2) ORDER BY 1,2,3; SELECT "
    "* FROM t1 LEFT JOIN (SELECT a,y FROM t2) USING(a); SELECT * FROM t1 NATURAL LEFT JOIN "
    "t2 EXCEPT SELECT * FROM t1 NATURAL LEFT JOIN (SELECT * FROM t2 WHERE a>0); SELECT * "
    "FROM (SELECT * FROM t1 NATURAL JOIN t2); INSERT INTO t1 SELECT * FROM t1 JOIN t2 "
    "USING(a)",
   "1|2|1\n1|2|7\n3|4|1\n3|4|7\n1|2|5\n3|4|\n1|2|5\nError: table t1 has 2 columns but 3 values were supplied\n"},
  {"limit_cannot_see_from_columns",
   "CREATE TABLE t1(x); INSERT INTO t1 VALUES(1),(2),(3); SELECT * FROM t1 LIMIT 1 OFFSET "
    "1; SELECT 1 AS x UNION SELECT 2 LIMIT 1 OFFSET 1; SELECT * FROM t1 LIMIT 1 OFFSET x",
   "2\n2\nError: no such column: x\n"},
  {"compound_star_unknown_table_right",
   "CREATE TABLE t2(a); SELECT * FROM t2 UNION ALL SELECT * FROM nosuch",
   "Error: no such table: nosuch\n"},
  {"compound_star_unknown_table_left",
   "CREATE TABLE t2(a); SELECT * FROM nosuch UNION ALL SELECT * FROM t2",
   "Error: no such table: nosuch\n"},
  {"default_aggregate_is_unknown_function",
   "CREATE TABLE t16(x DEFAULT(max(1)), y); INSERT INTO t16(x) VALUES(123); CREATE TABLE "
    "t19(x DEFAULT(abs(-3)), y); INSERT INTO t19(y) VALUES(4); SELECT * FROM t16, t19; "
    "INSERT INTO t16(rowid) VALUES(4)",
   "123||3|4\nError: unknown function: max()\n"},
  {"view_expansion_reference_cap",
   "CREATE TABLE t1(x); CREATE VIEW v1 AS SELECT x FROM t1; CREATE VIEW v2 AS SELECT * FROM "
    "v1 UNION SELECT * FROM v1; CREATE VIEW v4 AS SELECT * FROM v2 UNION SELECT * FROM v2; "
    "CREATE VIEW v8 AS SELECT * FROM v4 UNION SELECT * FROM v4; CREATE VIEW v16 AS SELECT * "
    "FROM v8 UNION SELECT * FROM v8; CREATE VIEW v32 AS SELECT * FROM v16 UNION SELECT * "
    "FROM v16; CREATE VIEW v64 AS SELECT * FROM v32 UNION SELECT * FROM v32; CREATE VIEW "
    "v128 AS SELECT * FROM v64 UNION SELECT * FROM v64; CREATE VIEW v256 AS SELECT * FROM "
    "v128 UNION SELECT * FROM v128; CREATE VIEW v512 AS SELECT * FROM v256 UNION SELECT * "
    "FROM v256; CREATE VIEW v1k AS SELECT * FROM v512 UNION SELECT * FROM v512; CREATE VIEW "
    "v2k AS SELECT * FROM v1k UNION SELECT * FROM v1k; CREATE VIEW v4k AS SELECT * FROM v2k "
    "UNION SELECT * FROM v2k; CREATE VIEW v8k AS SELECT * FROM v4k UNION SELECT * FROM v4k; "
    "CREATE VIEW v16k AS SELECT * FROM v8k UNION SELECT * FROM v8k; CREATE VIEW v32k AS "
    "SELECT * FROM v16k UNION SELECT * FROM v16k; SELECT count(*) FROM v32k, v32k",
   "Error: too many references to \"v1\": max 65535\n"},
  {"recursive_cte_anchor_after_step_is_circular",
   "WITH s(i) AS (SELECT 1 UNION ALL SELECT 4 UNION ALL SELECT i+1 FROM s WHERE i<3) SELECT "
    "* FROM s; WITH s(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM s WHERE i<3 UNION ALL SELECT "
    "i+2 FROM s WHERE i<3) SELECT * FROM s; WITH s(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM "
    "s WHERE i<3 UNION ALL SELECT 4) SELECT * FROM s",
   "1\n4\n2\n3\n1\n2\n3\n3\n4\nError: circular reference: s\n"},
  {"recursive_cte_mixed_union_is_circular",
   "WITH s(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM s WHERE i<3 UNION SELECT i+2 FROM s "
    "WHERE i<3) SELECT * FROM s",
   "Error: circular reference: s\n"},
  {"ddl_loads_only_its_rows",
   "CREATE TABLE a(x PRIMARY KEY, y UNIQUE, z); CREATE INDEX ai ON a(z); CREATE VIEW av AS "
    "SELECT * FROM a; CREATE TABLE \"q'x\"(k); CREATE INDEX \"i'q\" ON \"q'x\"(k); CREATE TABLE b "
    "AS SELECT * FROM a; INSERT INTO a VALUES(1,2,3); SELECT * FROM av; SELECT * FROM \"q'x\"; "
    "SELECT type, name, tbl_name FROM sqlite_schema ORDER BY 2; CREATE TABLE s(i INTEGER "
    "PRIMARY KEY AUTOINCREMENT); INSERT INTO s VALUES(5); SELECT * FROM sqlite_sequence",
   "1|2|3\ntable|a|a\nindex|ai|a\nview|av|av\ntable|b|b\nindex|i'q|q'x\ntable|q'x|q'x\nindex|sqlite_autoindex_a_1|a\nindex|sqlite_autoindex_a_2|a\ns|5\n"},
  {"before_insert_trigger_runs_before_rowid",
   "CREATE TABLE trig (a INTEGER, b); CREATE TRIGGER update_b BEFORE UPDATE ON trig FOR "
    "EACH ROW BEGIN INSERT INTO trig VALUES (65, 1); END; CREATE TRIGGER insert_b BEFORE "
    "INSERT ON trig FOR EACH ROW BEGIN UPDATE trig SET a = 1; END; INSERT INTO trig VALUES "
    "(1,1); INSERT INTO trig VALUES (2,2); SELECT rowid, * FROM trig; CREATE TABLE t(a "
    "INTEGER PRIMARY KEY, b); CREATE TABLE log(x, y, z); CREATE TRIGGER tb BEFORE INSERT ON "
    "t BEGIN INSERT INTO log VALUES(new.a, new.rowid, new.b); END; INSERT INTO t "
    "VALUES(NULL, 1); INSERT INTO t VALUES(5, 2); INSERT INTO t(b) VALUES(3); INSERT INTO t "
    "VALUES('7', 4); SELECT * FROM log; SELECT rowid, * FROM t",
   "1|1|1\n2|65|1\n3|2|2\n-1|-1|1\n5|5|2\n-1|-1|3\n7|7|4\n1|1|1\n5|5|2\n6|6|3\n7|7|4\n"},
  {"max_page_count_limits_growth",
   "PRAGMA max_page_count; PRAGMA max_page_count=10; CREATE TABLE t(x); PRAGMA "
    "max_page_count=1; PRAGMA max_page_count=-5; PRAGMA max_page_count=10; INSERT INTO t "
    "VALUES(1); WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM c WHERE i<100000) "
    "INSERT INTO t SELECT randomblob(100) FROM c",
   "1073741823\n10\n2\n2\n10\nError: database or disk is full\n"},
  {"before_trigger_values_in_registers",
   "CREATE TABLE t(a INTEGER PRIMARY KEY, b, c); CREATE TABLE log(x, y); CREATE TRIGGER tb BEFORE INSERT ON t BEGIN INSERT INTO log VALUES(new.a, new.b); END; INSERT INTO t VALUES(5, 'x', 1); INSERT INTO t(b, a) VALUES('y', 7); INSERT INTO t(b) VALUES('z'); INSERT INTO t(rowid, b) VALUES(NULL, 'w'); INSERT INTO t VALUES(NULL, 'q', 2), (20, 'r', 3); SELECT * FROM t; SELECT * FROM log;",
   "5|x|1\n7|y|\n8|z|\n9|w|\n10|q|2\n20|r|3\n5|x\n7|y\n-1|z\n-1|w\n-1|q\n20|r\n"},
};

START_TEST(test_sql_case) {
  const SqlCase *c = &aCase[_i];
  char *zGot = run_script(c->zSql);
  if (strcmp(zGot, c->zExpect) != 0) {
    fprintf(stderr, "case %s\n  sql: %s\n  expected:\n%s  got:\n%s", c->zName, c->zSql,
            c->zExpect, zGot);
  }
  ck_assert_str_eq(zGot, c->zExpect);
  free(zGot);
}
END_TEST

/* The schema survives a close and reopen of a file database. */
START_TEST(test_schema_reload_file) {
  char zPath[] = "/tmp/sql_test_XXXXXX";
  int fd = mkstemp(zPath);
  ck_assert_int_ge(fd, 0);
  close(fd);
  unlink(zPath);
  sqlite3 *db = NULL;
  ck_assert_int_eq(sqlite3_open(zPath, &db), SQLITE_OK);
  ck_assert_int_eq(sqlite3_exec(db, "create table t(a text primary key, b unique, c);"
                                    "create index ic on t(c);"
                                    "insert into t values('x',1,10),('y',2,20);", 0, 0, 0),
                   SQLITE_OK);
  sqlite3_close(db);
  ck_assert_int_eq(sqlite3_open(zPath, &db), SQLITE_OK);
  Vdbe *v = NULL;
  ck_assert_int_eq(sql_prepare(db, "select a from t where c=20", -1, VDBE_PREP_V2, &v, NULL),
                   SQLITE_OK);
  ck_assert_int_eq(vdbe_step(v), SQLITE_ROW);
  ck_assert_str_eq((const char *)value_text(vdbe_column_value(v, 0), SQLITE_UTF8), "y");
  ck_assert_int_eq(vdbe_step(v), SQLITE_DONE);
  vdbe_finalize(v);
  ck_assert_int_eq(sqlite3_exec(db, "insert into t values('z',1,5)", 0, 0, 0), SQLITE_CONSTRAINT);
  ck_assert_int_eq(sqlite3_extended_errcode(db), SQLITE_CONSTRAINT_UNIQUE);
  ck_assert_str_eq(sqlite3_errmsg(db), "UNIQUE constraint failed: t.b");
  sqlite3_close(db);
  unlink(zPath);
}
END_TEST

/* WITHOUT ROWID tables survive a reopen (the PRIMARY KEY b-tree is the
** table's root page; the secondary index carries the PK suffix), and
** allocation failures while compiling and running their DML fail cleanly. */
START_TEST(test_without_rowid_file_and_oom) {
  char zPath[] = "/tmp/sql_test_wr_XXXXXX";
  int fd = mkstemp(zPath);
  ck_assert_int_ge(fd, 0);
  close(fd);
  unlink(zPath);
  sqlite3 *db = NULL;
  ck_assert_int_eq(sqlite3_open(zPath, &db), SQLITE_OK);
  ck_assert_int_eq(sqlite3_exec(db, "create table t(a text, b, c, primary key(b desc, a))"
                                    " without rowid; create index tc on t(c);"
                                    "insert into t values('x',1,10),('y',2,20);", 0, 0, 0),
                   SQLITE_OK);
  sqlite3_close(db);
  ck_assert_int_eq(sqlite3_open(zPath, &db), SQLITE_OK);
  static const char *azSql[] = {
      "insert into t values('z',3,30),('w',1,5); insert or replace into t values('x',1,11)",
      "update t set b = b + 10 where c > 10; update t set c = c - 1 where a = 'w'",
      "insert into t values('x',1,0) on conflict do update set c = excluded.c + 100",
      "delete from t where c = 4 or a = 'y'; select a from t where c between 1 and 100",
  };
  for (int n = 1; n < 3000; n++) {   /* each attempt starts from the same two rows */
    ck_assert_int_eq(sqlite3_exec(db, "delete from t; insert into t values('x',1,10),"
                                      "('y',2,20)", 0, 0, 0), SQLITE_OK);
    int nBefore = mem_fault_count();
    mem_fault_countdown(n, 0);
    for (int i = 0; i < ARRAY_SIZE(azSql); i++) {
      int rc = sqlite3_exec(db, azSql[i], 0, 0, 0);
      /* io_open reports its own allocation failure as SQLITE_CANTOPEN (journal) */
      ck_assert_msg(rc == SQLITE_OK || rc == SQLITE_NOMEM || rc == SQLITE_CANTOPEN,
                    "fault %d: rc %d (%s)", n, rc, sqlite3_errmsg(db));
    }
    int bFailed = mem_fault_count() > nBefore;
    mem_fault_countdown(0, 0);
    if (!bFailed) break;   /* every allocation site was exercised */
    ck_assert_int_eq(sqlite3_exec(db, "pragma integrity_check", 0, 0, 0), SQLITE_OK);
  }
  Vdbe *v = NULL;
  const char *zQ = "select group_concat(a||b||c, ' ') from (select * from t order by c);"
                   "pragma integrity_check";
  ck_assert_int_eq(sql_prepare(db, zQ, -1, VDBE_PREP_V2, &v, NULL), SQLITE_OK);
  ck_assert_int_eq(vdbe_step(v), SQLITE_ROW);
  ck_assert_str_eq((const char *)value_text(vdbe_column_value(v, 0), SQLITE_UTF8),
                   "x10 x1111 z1330");
  vdbe_finalize(v);
  sqlite3_close(db);
  ck_assert_int_eq(sqlite3_open(zPath, &db), SQLITE_OK);
  ck_assert_int_eq(sql_prepare(db, "pragma integrity_check", -1, VDBE_PREP_V2, &v, NULL),
                   SQLITE_OK);
  ck_assert_int_eq(vdbe_step(v), SQLITE_ROW);
  ck_assert_str_eq((const char *)value_text(vdbe_column_value(v, 0), SQLITE_UTF8), "ok");
  vdbe_finalize(v);
  sqlite3_close(db);
  unlink(zPath);
}
END_TEST

/* A statement prepared before a schema change is recompiled (SQLITE_SCHEMA). */
START_TEST(test_reprepare) {
  sqlite3 *db = NULL;
  ck_assert_int_eq(sqlite3_open(":memory:", &db), SQLITE_OK);
  ck_assert_int_eq(sqlite3_exec(db, "create table t(a); insert into t values(1)", 0, 0, 0),
                   SQLITE_OK);
  Vdbe *v = NULL;
  ck_assert_int_eq(sql_prepare(db, "select * from t", -1, VDBE_PREP_V2, &v, NULL), SQLITE_OK);
  ck_assert_int_eq(vdbe_column_count(v), 1);
  ck_assert_int_eq(sqlite3_exec(db, "create table u(x); drop table t;"
                                    "create table t(a, b); insert into t values(2, 3)", 0, 0, 0),
                   SQLITE_OK);
  ck_assert_int_eq(vdbe_step(v), SQLITE_ROW);
  ck_assert_int_eq(vdbe_column_count(v), 2);
  ck_assert_int_eq(value_int64(vdbe_column_value(v, 1)), 3);
  vdbe_finalize(v);
  sqlite3_close(db);
}
END_TEST

/* Another connection changes the schema after this one loaded it: prepare
** does not re-read the cookie, so the statement is compiled against the
** old schema, and its first step notices the new cookie (OP_Transaction),
** re-prepares and sees the new column.  A name the other connection
** created compiles at once (a compile error re-checks the cookie). */
START_TEST(test_reprepare_other_connection) {
  char zPath[] = "/tmp/sql_test_reprep_XXXXXX";
  int fd = mkstemp(zPath);
  ck_assert_int_ge(fd, 0);
  close(fd);
  unlink(zPath);
  sqlite3 *dbA = NULL, *dbB = NULL;
  ck_assert_int_eq(sqlite3_open(zPath, &dbA), SQLITE_OK);
  ck_assert_int_eq(sqlite3_open(zPath, &dbB), SQLITE_OK);
  ck_assert_int_eq(sqlite3_exec(dbA, "create table t(a); insert into t values(1)", 0, 0, 0),
                   SQLITE_OK);
  Vdbe *v = NULL;
  ck_assert_int_eq(sql_prepare(dbA, "select * from t", -1, VDBE_PREP_V2, &v, NULL), SQLITE_OK);
  ck_assert_int_eq(vdbe_column_count(v), 1);
  ck_assert_int_eq(sqlite3_exec(dbB, "alter table t add column b default 7;"
                                     "create table u(x); insert into u values(42)", 0, 0, 0),
                   SQLITE_OK);
  ck_assert_int_eq(vdbe_step(v), SQLITE_ROW);
  ck_assert_int_eq(vdbe_column_count(v), 2);
  ck_assert_int_eq(value_int64(vdbe_column_value(v, 1)), 7);
  ck_assert_int_eq(vdbe_step(v), SQLITE_DONE);
  vdbe_finalize(v);
  v = NULL;
  ck_assert_int_eq(sqlite3_exec(dbB, "create table w(y)", 0, 0, 0), SQLITE_OK);
  ck_assert_int_eq(sql_prepare(dbA, "select y from w", -1, VDBE_PREP_V2, &v, NULL), SQLITE_OK);
  ck_assert_int_eq(vdbe_step(v), SQLITE_DONE);
  vdbe_finalize(v);
  ck_assert_int_eq(sql_prepare(dbA, "select * from nosuch", -1, VDBE_PREP_V2, &v, NULL),
                   SQLITE_ERROR);
  ck_assert_str_eq(sqlite3_errmsg(dbA), "no such table: nosuch");
  sqlite3_close(dbB);
  sqlite3_close(dbA);
  unlink(zPath);
}
END_TEST

/* A user function that lets the clock move on (about 20 ms). */
static void sleeper_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  (void)argv;
  struct timespec ts = {0, 20 * 1000 * 1000};
  nanosleep(&ts, NULL);
  sqlite3_result_null(ctx);
}

/* 'now' is one moment within a step (SQLite's date-15 tests): two reads
** of the clock separated by a sleep in the same row agree. */
START_TEST(test_now_per_step) {
  sqlite3 *db = NULL;
  ck_assert_int_eq(sqlite3_open(":memory:", &db), SQLITE_OK);
  ck_assert_int_eq(sqlite3_create_function(db, "sleeper", 0, SQLITE_UTF8, NULL, sleeper_fn,
                                           NULL, NULL), SQLITE_OK);
  Vdbe *v = NULL;
  ck_assert_int_eq(sql_prepare(db, "SELECT c - a FROM (SELECT julianday('now') AS a, sleeper(),"
                                   " julianday('now') AS c)", -1, VDBE_PREP_V2, &v, NULL),
                   SQLITE_OK);
  ck_assert_int_eq(vdbe_step(v), SQLITE_ROW);
  ck_assert(value_real(vdbe_column_value(v, 0)) == 0.0);
  vdbe_finalize(v);
  sqlite3_close(db);
}
END_TEST

/* Empty input and the tail pointer. */
START_TEST(test_prepare_tail) {
  sqlite3 *db = NULL;
  ck_assert_int_eq(sqlite3_open(":memory:", &db), SQLITE_OK);
  Vdbe *v = (Vdbe *)1;
  const char *zTail = NULL;
  ck_assert_int_eq(sql_prepare(db, "  -- nothing\n ", -1, 0, &v, &zTail), SQLITE_OK);
  ck_assert_ptr_null(v);
  const char *zSql = "select 1; select 2";
  ck_assert_int_eq(sql_prepare(db, zSql, -1, 0, &v, &zTail), SQLITE_OK);
  ck_assert_ptr_nonnull(v);
  ck_assert_str_eq(zTail, " select 2");
  vdbe_finalize(v);
  ck_assert_int_eq(sql_prepare(db, "select * from nosuch", -1, 0, &v, &zTail), SQLITE_ERROR);
  ck_assert_ptr_null(v);
  ck_assert_str_eq(sqlite3_errmsg(db), "no such table: nosuch");
  sqlite3_close(db);
}
END_TEST

/* Allocation failure n = 1, 2, ... while compiling and running queries
** that exercise every code generator: each attempt either succeeds or
** fails cleanly with SQLITE_NOMEM, and the connection stays usable. */
START_TEST(test_oom_loop) {
  static const char *zSetup =
      "create table t(a integer primary key, b text unique, c); create index tc on t(c);"
      "insert into t values(1,'x',3),(2,'y',4); create view v as select a, c from t;";
  static const char *azSql[] = {
      "select b, count(*), sum(c) over (order by b) from t left join v using(a) "
      "where a in (1,2) and exists (select 1 from v where v.c = t.c) group by b order by 1",
      "with recursive r(n) as (select 1 union all select n+1 from r limit 5) "
      "select n, (select max(a) from t) from r union select a, c from t",
      "insert into t(b, c) values('z', 5) on conflict(b) do update set c = excluded.c;"
      "update t set c = c + 1 where b > 'x'; delete from t where a = 1",
  };
  for (int n = 1; n < 2000; n++) {
    sqlite3 *db = NULL;
    ck_assert_int_eq(sqlite3_open(":memory:", &db), SQLITE_OK);
    ck_assert_int_eq(sqlite3_exec(db, zSetup, 0, 0, 0), SQLITE_OK);
    int nBefore = mem_fault_count();
    mem_fault_countdown(n, 0);
    for (int i = 0; i < ARRAY_SIZE(azSql); i++) {
      int rc = sqlite3_exec(db, azSql[i], 0, 0, 0);
      ck_assert_msg(rc == SQLITE_OK || rc == SQLITE_NOMEM || rc == SQLITE_ERROR,
                    "fault %d: rc %d", n, rc);
    }
    int bFailed = mem_fault_count() > nBefore;
    mem_fault_countdown(0, 0);
    ck_assert_int_eq(sqlite3_exec(db, "select 1", 0, 0, 0), SQLITE_OK);
    sqlite3_close(db);
    if (!bFailed) break;   /* no allocation left to fail: every site was exercised */
  }
}
END_TEST

/* Out of memory in DDL never leaves a sqlite_schema row whose sql is NULL
** (a later schema load would call such a database malformed): after each
** single fault, every non-automatic row has its text and a reopen loads. */
START_TEST(test_oom_ddl_schema_sql) {
  char zPath[] = "/tmp/sql_test_oomddl_XXXXXX";
  int fd = mkstemp(zPath);
  ck_assert_int_ge(fd, 0);
  close(fd);
  static const char *zDdl =
      "create table t(a integer primary key, b text unique); create index tb on t(b, a);"
      "create view v as select a from t; create table c as select * from t;"
      "alter table t add column x; alter table t rename to u";
  static const char *zCheck =
      "select count(*) from sqlite_schema where sql is null and name not like "
      "'sqlite_autoindex%'";
  for (int n = 1; n < 3000; n++) {
    unlink(zPath);
    sqlite3 *db = NULL;
    ck_assert_int_eq(sqlite3_open(zPath, &db), SQLITE_OK);
    int nBefore = mem_fault_count();
    mem_fault_countdown(n, 0);
    int rc = sqlite3_exec(db, zDdl, 0, 0, 0);
    int bFailed = mem_fault_count() > nBefore;
    mem_fault_countdown(0, 0);
    /* io_open reports its own allocation failure as SQLITE_CANTOPEN (I/O layer) */
    ck_assert_msg(rc == SQLITE_OK || rc == SQLITE_NOMEM || rc == SQLITE_CANTOPEN,
                  "fault %d: rc %d (%s)", n, rc, sqlite3_errmsg(db));
    sqlite3_close(db);
    ck_assert_int_eq(sqlite3_open(zPath, &db), SQLITE_OK);
    char *zOut = NULL;
    sqlite3_stmt *pStmt = NULL;
    ck_assert_int_eq(sqlite3_prepare_v2(db, zCheck, -1, &pStmt, NULL), SQLITE_OK);
    ck_assert_int_eq(sqlite3_step(pStmt), SQLITE_ROW);
    ck_assert_msg(sqlite3_column_int(pStmt, 0) == 0, "fault %d: a schema row with NULL sql", n);
    sqlite3_finalize(pStmt);
    sqlite3_free(zOut);
    sqlite3_close(db);
    if (!bFailed) break;
  }
  unlink(zPath);
}
END_TEST

/* sqlite3_error_offset after compile errors, as SQLite 3.40.1 reports it
** (offsets taken from the real library): ordinals point at their literal
** only outside 1..65535, except on compound SELECTs; CREATE INDEX points at
** the unknown column. */
START_TEST(test_error_offsets) {
  static const struct { const char *zSql; int iOff; } a[] = {
      {"create index i on t(nosuch)", 20},
      {"select a from t order by -1", 26},
      {"select a from t order by 5", -1},
      {"select a from t union select a from t order by 5", 47},
      {"select a, count(*) from t group by 255, 2147483647", 40},
      {"select a from t order by +(-1)", 28},
  };
  sqlite3 *db = NULL;
  ck_assert_int_eq(sqlite3_open(":memory:", &db), SQLITE_OK);
  ck_assert_int_eq(sqlite3_exec(db, "create table t(a)", 0, 0, 0), SQLITE_OK);
  for (int i = 0; i < ARRAY_SIZE(a); i++) {
    sqlite3_stmt *pStmt = NULL;
    ck_assert_int_eq(sqlite3_prepare_v2(db, a[i].zSql, -1, &pStmt, NULL), SQLITE_ERROR);
    ck_assert_msg(sqlite3_error_offset(db) == a[i].iOff, "%s: offset %d, expected %d",
                  a[i].zSql, sqlite3_error_offset(db), a[i].iOff);
  }
  sqlite3_close(db);
}
END_TEST

int main(void) {
  Suite *s = suite_create("sql");
  TCase *tc = tcase_create("cases");
  tcase_set_timeout(tc, 120);
  tcase_add_loop_test(tc, test_sql_case, 0, ARRAY_SIZE(aCase));
  tcase_add_test(tc, test_schema_reload_file);
  tcase_add_test(tc, test_without_rowid_file_and_oom);
  tcase_add_test(tc, test_reprepare);
  tcase_add_test(tc, test_reprepare_other_connection);
  tcase_add_test(tc, test_now_per_step);
  tcase_add_test(tc, test_prepare_tail);
  tcase_add_test(tc, test_oom_loop);
  tcase_add_test(tc, test_oom_ddl_schema_sql);
  tcase_add_test(tc, test_error_offsets);
  suite_add_tcase(s, tc);
  SRunner *sr = srunner_create(s);
  srunner_run_all(sr, CK_NORMAL);
  int nFail = srunner_ntests_failed(sr);
  srunner_free(sr);
  return nFail == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
