/*
** parse_test.c: unit tests for the parser and AST (engine/parse*.c,
** engine/ast.c).
**
** Every expected error message below was produced by the sqlite3 3.40.1
** shell for the same input (sqlite3 :memory: "<sql>").  The random tests
** are deterministic (fixed xorshift seeds, printed on failure).
*/
#include <check.h>
#include <stdio.h>
#include <stdlib.h>

#include "engine/parse.h"
#include "engine/tokenize.h"

/* ---- helpers ------------------------------------------------------------ */

static Arena g_arena;

static void setup(void) { ast_arena_init(&g_arena); }
static void teardown(void) { ast_arena_free(&g_arena); }

/* Parse exactly one statement; it must succeed. */
static Stmt *parse_ok(const char *zSql) {
  Stmt *s = NULL;
  char *zErr = NULL;
  const char *zTail = NULL;
  int rc = parse_sql(&g_arena, NULL, zSql, -1, &s, &zTail, &zErr);
  ck_assert_msg(rc == SQLITE_OK, "%s: rc=%d %s", zSql, rc, zErr ? zErr : "");
  ck_assert_msg(s != NULL, "%s: no statement", zSql);
  mem_free(zErr);
  return s;
}

/* Parse must fail with exactly zMsg. */
static void parse_fails(const char *zSql, const char *zMsg) {
  Arena a;
  Stmt *s = (Stmt *)1;
  char *zErr = NULL;
  int rc;
  ast_arena_init(&a);
  rc = parse_sql(&a, NULL, zSql, -1, &s, NULL, &zErr);
  ck_assert_msg(rc == SQLITE_ERROR, "%s: rc=%d, want error \"%s\"", zSql, rc, zMsg);
  ck_assert_msg(s == NULL, "%s: statement on error", zSql);
  ck_assert_msg(zErr && strcmp(zErr, zMsg) == 0, "%s: got \"%s\", want \"%s\"", zSql,
                zErr ? zErr : "(null)", zMsg);
  mem_free(zErr);
  ast_arena_free(&a);
}

/* Canonical text of a statement (static buffer, valid until next call). */
static const char *printed(const Stmt *s) {
  static char buf[8192];
  char *z = ast_print_stmt(s);
  ck_assert_ptr_nonnull(z);
  snprintf(buf, sizeof(buf), "%s", z);
  mem_free(z);
  return buf;
}

/* The expression of "SELECT <expr>" printed canonically. */
static const char *expr_of(const char *zExpr) {
  static char buf[4096];
  char zSql[2048];
  Stmt *s;
  char *z;
  snprintf(zSql, sizeof(zSql), "SELECT %s", zExpr);
  s = parse_ok(zSql);
  ck_assert_int_eq(s->eKind, STMT_SELECT);
  z = ast_print_expr(s->u.pSelect->pEList->a[0].pExpr);
  snprintf(buf, sizeof(buf), "%s", z);
  mem_free(z);
  return buf;
}

static Expr *first_expr(const char *zSql) {
  Stmt *s = parse_ok(zSql);
  return s->u.pSelect->pEList->a[0].pExpr;
}

/* print(parse(x)) must reparse, and print the same text again. */
static void round_trip(const char *zSql) {
  Arena a;
  Stmt *s2 = NULL;
  char *zErr = NULL;
  char *z1, *z2;
  int rc;
  z1 = ast_print_stmt(parse_ok(zSql));
  ast_arena_init(&a);
  rc = parse_sql(&a, NULL, z1, -1, &s2, NULL, &zErr);
  ck_assert_msg(rc == SQLITE_OK, "reparse of [%s] failed: %s", z1, zErr ? zErr : "");
  z2 = ast_print_stmt(s2);
  ck_assert_msg(strcmp(z1, z2) == 0, "round trip:\n  %s\n  %s", z1, z2);
  mem_free(z1);
  mem_free(z2);
  ast_arena_free(&a);
}

/* ---- statements --------------------------------------------------------- */

START_TEST(test_select_basic) {
  Stmt *s = parse_ok("SELECT DISTINCT a AS x, b y, t.*, * FROM t WHERE a > 1 GROUP BY a "
                     "HAVING count(*) > 2 ORDER BY 1 DESC NULLS LAST, b LIMIT 10 OFFSET 5");
  Select *p = s->u.pSelect;
  ck_assert_int_eq(s->eKind, STMT_SELECT);
  ck_assert_int_eq(p->bDistinct, 1);
  ck_assert_int_eq(p->pEList->nExpr, 4);
  ck_assert_str_eq(p->pEList->a[0].zName, "x");
  ck_assert_str_eq(p->pEList->a[1].zName, "y");
  ck_assert_int_eq(p->pEList->a[2].pExpr->op, EXPR_STAR);
  ck_assert_str_eq(p->pEList->a[2].pExpr->zTab, "t");
  ck_assert_ptr_null(p->pEList->a[3].pExpr->zTab);
  ck_assert_int_eq(p->pSrc->nSrc, 1);
  ck_assert_str_eq(p->pSrc->a[0].zName, "t");
  ck_assert_int_eq(p->pWhere->op, EXPR_GT);
  ck_assert_int_eq(p->pGroupBy->nExpr, 1);
  ck_assert_int_eq(p->pHaving->op, EXPR_GT);
  ck_assert_int_eq(p->pOrderBy->nExpr, 2);
  ck_assert_int_eq(p->pOrderBy->a[0].eSortOrder, SORT_DESC);
  ck_assert_int_eq(p->pOrderBy->a[0].eNulls, NULLS_LAST);
  ck_assert_int_eq(p->pOrderBy->a[1].eSortOrder, SORT_DEFAULT);
  ck_assert_int_eq(p->pLimit->iValue, 10);
  ck_assert_int_eq(p->pOffset->iValue, 5);
}
END_TEST

START_TEST(test_select_limit_comma) {
  Select *p = parse_ok("SELECT * FROM t LIMIT 2, 3")->u.pSelect;
  ck_assert_int_eq(p->pOffset->iValue, 2);
  ck_assert_int_eq(p->pLimit->iValue, 3);
}
END_TEST

START_TEST(test_select_compound) {
  Select *p = parse_ok("SELECT 1 UNION SELECT 2 UNION ALL SELECT 3 INTERSECT SELECT 4 "
                       "EXCEPT SELECT 5 ORDER BY 1 LIMIT 3")->u.pSelect;
  ck_assert_int_eq(p->op, SELECT_EXCEPT);
  ck_assert_int_eq(p->pPrior->pPrior->op, SELECT_UNION_ALL);
  p = parse_ok("SELECT 1 UNION VALUES (5), (6)")->u.pSelect;
  ck_assert_ptr_nonnull(p->pValues);
  ck_assert_int_eq(p->pValues->nRow, 2);
  ck_assert_int_eq(p->op, SELECT_UNION);
  p = parse_ok("SELECT 1 UNION SELECT 2 UNION ALL SELECT 3 INTERSECT SELECT 4 "
               "EXCEPT SELECT 5 ORDER BY 1 LIMIT 3")->u.pSelect;
  ck_assert_ptr_nonnull(p->pOrderBy);
  ck_assert_ptr_nonnull(p->pLimit);
  ck_assert_int_eq(p->pPrior->op, SELECT_INTERSECT);
  ck_assert_int_eq(p->pPrior->pPrior->op, SELECT_UNION_ALL);
  ck_assert_int_eq(p->pPrior->pPrior->pPrior->op, SELECT_UNION);
  ck_assert_int_eq(p->pPrior->pPrior->pPrior->pPrior->op, SELECT_SIMPLE);
  ck_assert_ptr_null(p->pPrior->pPrior->pPrior->pPrior->pPrior);
  ck_assert_ptr_null(p->pPrior->pOrderBy);
}
END_TEST

START_TEST(test_select_with) {
  Select *p = parse_ok("WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n+1 FROM c), "
                       "d AS MATERIALIZED (SELECT 2), e AS NOT MATERIALIZED (SELECT 3) "
                       "SELECT * FROM c")->u.pSelect;
  ck_assert_ptr_nonnull(p->pWith);
  ck_assert_int_eq(p->pWith->bRecursive, 1);
  ck_assert_int_eq(p->pWith->nCte, 3);
  ck_assert_str_eq(p->pWith->a[0].zName, "c");
  ck_assert_str_eq(p->pWith->a[0].pCols->azId[0], "n");
  ck_assert_int_eq(p->pWith->a[0].pSelect->op, SELECT_UNION_ALL);
  ck_assert_int_eq(p->pWith->a[1].eMaterialized, CTE_MAT_YES);
  ck_assert_int_eq(p->pWith->a[2].eMaterialized, CTE_MAT_NO);
}
END_TEST

START_TEST(test_select_joins) {
  SrcList *l = parse_ok("SELECT * FROM main.t AS a LEFT OUTER JOIN b ON a.x = b.x "
                        "NATURAL JOIN c, d CROSS JOIN e INNER JOIN f USING (x, y) "
                        "RIGHT JOIN g ON 1 FULL JOIN h ON 1 JOIN (SELECT 1) AS s ON 1 "
                        "JOIN json_each('[1]') j JOIN t INDEXED BY ix JOIN u NOT INDEXED "
                        "JOIN (k JOIN m ON 1) ON 1")->u.pSelect->pSrc;
  ck_assert_int_eq(l->nSrc, 13);
  ck_assert_str_eq(l->a[0].zDb, "main");
  ck_assert_str_eq(l->a[0].zAlias, "a");
  ck_assert_int_eq(l->a[1].jointype, JT_LEFT | JT_OUTER);
  ck_assert_ptr_nonnull(l->a[1].pOn);
  ck_assert_int_eq(l->a[2].jointype, JT_NATURAL | JT_INNER);
  ck_assert_int_eq(l->a[3].jointype, JT_COMMA);
  ck_assert_int_eq(l->a[4].jointype, JT_CROSS | JT_INNER);
  ck_assert_int_eq(l->a[5].jointype, JT_INNER);
  ck_assert_int_eq(l->a[5].pUsing->nId, 2);
  ck_assert_int_eq(l->a[6].jointype, JT_RIGHT);
  ck_assert_int_eq(l->a[7].jointype, JT_LEFT | JT_RIGHT);
  ck_assert_ptr_nonnull(l->a[8].pSelect);
  ck_assert_str_eq(l->a[8].zAlias, "s");
  ck_assert_int_eq(l->a[9].bFunc, 1);
  ck_assert_int_eq(l->a[9].pFuncArgs->nExpr, 1);
  ck_assert_str_eq(l->a[9].zAlias, "j");
  ck_assert_str_eq(l->a[10].zIndexedBy, "ix");
  ck_assert_int_eq(l->a[11].bNotIndexed, 1);
  ck_assert_ptr_nonnull(l->a[12].pNested);
  ck_assert_int_eq(l->a[12].pNested->nSrc, 2);
}
END_TEST

START_TEST(test_select_window) {
  Select *p = parse_ok("SELECT sum(a) OVER w, count(*) FILTER (WHERE a > 1) OVER (PARTITION "
                       "BY b ORDER BY c ROWS BETWEEN 2 PRECEDING AND 1 FOLLOWING EXCLUDE TIES), "
                       "rank() OVER (w ORDER BY a GROUPS 3 PRECEDING) FROM t "
                       "WINDOW w AS (PARTITION BY c), v AS (w)")->u.pSelect;
  Expr *e0 = p->pEList->a[0].pExpr, *e1 = p->pEList->a[1].pExpr, *e2 = p->pEList->a[2].pExpr;
  ck_assert_int_eq(e0->pWin->bRef, 1);
  ck_assert_str_eq(e0->pWin->zBase, "w");
  ck_assert_int_eq(e1->flags & EXPR_F_STAR, EXPR_F_STAR);
  ck_assert_ptr_nonnull(e1->pExtra);
  ck_assert_int_eq(e1->pWin->eFrame, FRAME_ROWS);
  ck_assert_int_eq(e1->pWin->eStart, BOUND_PRECEDING);
  ck_assert_int_eq(e1->pWin->pStart->iValue, 2);
  ck_assert_int_eq(e1->pWin->eEnd, BOUND_FOLLOWING);
  ck_assert_int_eq(e1->pWin->eExclude, EXCLUDE_TIES);
  ck_assert_str_eq(e2->pWin->zBase, "w");
  ck_assert_int_eq(e2->pWin->bRef, 0);
  ck_assert_int_eq(e2->pWin->eFrame, FRAME_GROUPS);
  ck_assert_int_eq(e2->pWin->eEnd, BOUND_CURRENT_ROW);
  ck_assert_str_eq(p->pWinDefn->zName, "w");
  ck_assert_str_eq(p->pWinDefn->pNext->zName, "v");
  ck_assert_str_eq(p->pWinDefn->pNext->zBase, "w");
}
END_TEST

START_TEST(test_insert) {
  Stmt *s = parse_ok("WITH x AS (SELECT 1) INSERT OR IGNORE INTO main.t AS q (a, b) "
                     "VALUES (1, 2), (3, 4) ON CONFLICT (a) WHERE a > 0 DO UPDATE SET b = 1 "
                     "WHERE b < 2 ON CONFLICT DO NOTHING RETURNING a, b AS bee, *");
  InsertStmt *i = &s->u.insert;
  ck_assert_int_eq(s->eKind, STMT_INSERT);
  ck_assert_ptr_nonnull(i->pWith);
  ck_assert_int_eq(i->eConflict, CONFLICT_IGNORE);
  ck_assert_str_eq(i->pTab->a[0].zDb, "main");
  ck_assert_str_eq(i->pTab->a[0].zName, "t");
  ck_assert_str_eq(i->pTab->a[0].zAlias, "q");
  ck_assert_int_eq(i->pCols->nId, 2);
  ck_assert_int_eq(i->pSelect->pValues->nRow, 2);
  ck_assert_int_eq(i->pUpsert->pTarget->nExpr, 1);
  ck_assert_ptr_nonnull(i->pUpsert->pTargetWhere);
  ck_assert_int_eq(i->pUpsert->bDoNothing, 0);
  ck_assert_int_eq(i->pUpsert->pSet->nSet, 1);
  ck_assert_ptr_nonnull(i->pUpsert->pWhere);
  ck_assert_int_eq(i->pUpsert->pNext->bDoNothing, 1);
  ck_assert_ptr_null(i->pUpsert->pNext->pTarget);
  ck_assert_int_eq(i->pReturning->nExpr, 3);
  ck_assert_str_eq(i->pReturning->a[1].zName, "bee");

  s = parse_ok("REPLACE INTO t DEFAULT VALUES");
  ck_assert_int_eq(s->u.insert.eConflict, CONFLICT_REPLACE);
  ck_assert_int_eq(s->u.insert.bReplaceKw, 1);
  ck_assert_int_eq(s->u.insert.bDefaultValues, 1);
  ck_assert_ptr_null(s->u.insert.pSelect);

  s = parse_ok("INSERT INTO t SELECT * FROM u WHERE 1 ON CONFLICT DO NOTHING");
  ck_assert_ptr_nonnull(s->u.insert.pSelect->pSrc);
  ck_assert_ptr_nonnull(s->u.insert.pUpsert);
}
END_TEST

START_TEST(test_update_delete) {
  Stmt *s = parse_ok("UPDATE OR ROLLBACK t AS q INDEXED BY ix SET a = 1, (b, c) = (2, 3), "
                     "d = (SELECT 1) FROM u WHERE q.a = u.a RETURNING * ORDER BY a LIMIT 1, 2");
  UpdateStmt *u = &s->u.update;
  ck_assert_int_eq(s->eKind, STMT_UPDATE);
  ck_assert_int_eq(u->eConflict, CONFLICT_ROLLBACK);
  ck_assert_str_eq(u->pTab->a[0].zAlias, "q");
  ck_assert_str_eq(u->pTab->a[0].zIndexedBy, "ix");
  ck_assert_int_eq(u->pSet->nSet, 3);
  ck_assert_int_eq(u->pSet->a[1].pCols->nId, 2);
  ck_assert_int_eq(u->pSet->a[1].pExpr->op, EXPR_VECTOR);
  ck_assert_ptr_nonnull(u->pFrom);
  ck_assert_ptr_nonnull(u->pWhere);
  ck_assert_ptr_nonnull(u->pReturning);
  ck_assert_ptr_nonnull(u->pOrderBy);
  ck_assert_int_eq(u->pOffset->iValue, 1);
  ck_assert_int_eq(u->pLimit->iValue, 2);

  s = parse_ok("DELETE FROM main.t NOT INDEXED WHERE a = 1 RETURNING a ORDER BY b "
               "LIMIT 3 OFFSET 4");
  ck_assert_int_eq(s->eKind, STMT_DELETE);
  ck_assert_str_eq(s->u.del.pTab->a[0].zDb, "main");
  ck_assert_int_eq(s->u.del.pTab->a[0].bNotIndexed, 1);
  ck_assert_int_eq(s->u.del.pLimit->iValue, 3);
  ck_assert_int_eq(s->u.del.pOffset->iValue, 4);
}
END_TEST

START_TEST(test_create_table) {
  Stmt *s = parse_ok("CREATE TEMP TABLE IF NOT EXISTS temp.q (id INTEGER PRIMARY KEY DESC "
                     "ON CONFLICT REPLACE AUTOINCREMENT, name  VARCHAR ( 10 , 5 ) NOT NULL "
                     "DEFAULT 'x' COLLATE nocase, v REAL CHECK (v > 0) UNIQUE, w DEFAULT -5, "
                     "g AS (v * 2) STORED, h GENERATED ALWAYS AS (1) VIRTUAL, "
                     "p CONSTRAINT fk REFERENCES t(a) ON DELETE CASCADE ON UPDATE SET NULL "
                     "MATCH full DEFERRABLE INITIALLY DEFERRED, k DEFAULT (1+  2), m DEFAULT abc, "
                     "CONSTRAINT pk PRIMARY KEY (id, name COLLATE binary DESC), UNIQUE (v) "
                     "ON CONFLICT IGNORE CHECK (w < 100) FOREIGN KEY (w, v) REFERENCES u) "
                     "WITHOUT ROWID, STRICT");
  CreateTableStmt *c = &s->u.createTable;
  ck_assert_int_eq(s->eKind, STMT_CREATE_TABLE);
  ck_assert_int_eq(c->bTemp, 1);
  ck_assert_int_eq(c->bIfNotExists, 1);
  ck_assert_str_eq(c->zDb, "temp");
  ck_assert_str_eq(c->zName, "q");
  ck_assert_str_eq(s->zSql + c->iNameOff, s->zSql + (strstr(s->zSql, "q (id") - s->zSql));
  ck_assert_int_eq(c->nCol, 9);
  ck_assert_int_eq(c->options, TABLE_OPT_WITHOUT_ROWID | TABLE_OPT_STRICT);
  ck_assert_str_eq(c->aCol[0].zType, "INTEGER");
  ck_assert_int_eq(c->aCol[0].aCons[0].eKind, CC_PRIMARY_KEY);
  ck_assert_int_eq(c->aCol[0].aCons[0].eSortOrder, SORT_DESC);
  ck_assert_int_eq(c->aCol[0].aCons[0].eConflict, CONFLICT_REPLACE);
  ck_assert_int_eq(c->aCol[0].aCons[0].bAutoinc, 1);
  ck_assert_str_eq(c->aCol[1].zType, "VARCHAR ( 10 , 5 )");
  ck_assert_int_eq(c->aCol[1].nCons, 3);
  ck_assert_int_eq(c->aCol[1].aCons[1].eKind, CC_DEFAULT);
  ck_assert_str_eq(c->aCol[1].aCons[1].zText, "'x'");
  ck_assert_str_eq(c->aCol[1].aCons[2].zCollate, "nocase");
  ck_assert_int_eq(c->aCol[2].aCons[0].eKind, CC_CHECK);
  ck_assert_int_eq(c->aCol[2].aCons[1].eKind, CC_UNIQUE);
  ck_assert_str_eq(c->aCol[3].aCons[0].zText, "-5");
  ck_assert_int_eq(c->aCol[3].aCons[0].pExpr->op, EXPR_NEG);
  ck_assert_int_eq(c->aCol[4].aCons[0].eKind, CC_GENERATED);
  ck_assert_int_eq(c->aCol[4].aCons[0].eGenerated, GEN_STORED);
  ck_assert_ptr_null(c->aCol[5].zType);
  ck_assert_int_eq(c->aCol[5].aCons[0].bGeneratedAlways, 1);
  ck_assert_int_eq(c->aCol[5].aCons[0].eGenerated, GEN_VIRTUAL);
  ck_assert_str_eq(c->aCol[6].aCons[0].zConsName, "fk");
  ck_assert_str_eq(c->aCol[6].aCons[0].pFk->zTable, "t");
  ck_assert_int_eq(c->aCol[6].aCons[0].pFk->eOnDelete, FK_CASCADE);
  ck_assert_int_eq(c->aCol[6].aCons[0].pFk->eOnUpdate, FK_SET_NULL);
  ck_assert_int_eq(c->aCol[6].aCons[0].pFk->eDefer, FK_DEFERRABLE_DEFERRED);
  ck_assert_str_eq(c->aCol[7].aCons[0].zText, "1+  2");
  ck_assert_int_eq(c->aCol[8].aCons[0].pExpr->op, EXPR_STRING);
  ck_assert_str_eq(c->aCol[8].aCons[0].pExpr->z, "abc");
  ck_assert_int_eq(c->nCons, 4);
  ck_assert_str_eq(c->aCons[0].zConsName, "pk");
  ck_assert_int_eq(c->aCons[0].eKind, TC_PRIMARY_KEY);
  ck_assert_int_eq(c->aCons[0].pCols->nExpr, 2);
  ck_assert_int_eq(c->aCons[0].pCols->a[1].eSortOrder, SORT_DESC);
  ck_assert_int_eq(c->aCons[1].eKind, TC_UNIQUE);
  ck_assert_int_eq(c->aCons[1].eConflict, CONFLICT_IGNORE);
  ck_assert_int_eq(c->aCons[2].eKind, TC_CHECK);
  ck_assert_int_eq(c->aCons[3].eKind, TC_FOREIGN_KEY);
  ck_assert_int_eq(c->aCons[3].pFromCols->nId, 2);
  ck_assert_ptr_null(c->aCons[3].pFk->pCols);
}
END_TEST

START_TEST(test_create_table_misc) {
  Stmt *s = parse_ok("CREATE TABLE t AS SELECT 1 AS a");
  ck_assert_ptr_nonnull(s->u.createTable.pAsSelect);
  ck_assert_int_eq(s->u.createTable.nCol, 0);
  /* Type names swallow GENERATED ALWAYS; SQLite strips them again. */
  s = parse_ok("CREATE TABLE t(a int generated always as (1), b generated always, c int always)");
  ck_assert_str_eq(s->u.createTable.aCol[0].zType, "int");
  ck_assert_int_eq(s->u.createTable.aCol[0].aCons[0].eKind, CC_GENERATED);
  ck_assert_ptr_null(s->u.createTable.aCol[1].zType);
  ck_assert_str_eq(s->u.createTable.aCol[2].zType, "int always");
  /* keywords as column and table names */
  s = parse_ok("CREATE TABLE key(action, replace, temp, left, \"select\")");
  ck_assert_str_eq(s->u.createTable.zName, "key");
  ck_assert_str_eq(s->u.createTable.aCol[3].zName, "left");
  ck_assert_str_eq(s->u.createTable.aCol[4].zName, "select");
  s = parse_ok("CREATE TABLE t(a) , strict");
  ck_assert_int_eq(s->u.createTable.options, TABLE_OPT_STRICT);
  ck_assert_str_eq(printed(s), "CREATE TABLE t (a) STRICT");
  ck_assert_str_eq(printed(parse_ok("create table \"a b\"(x int default (1) primary key)")),
                   "CREATE TABLE \"a b\" (x int DEFAULT (1) PRIMARY KEY)");
  ck_assert_str_eq(printed(parse_ok("select * from a left outer join b natural cross join c")),
                   "SELECT * FROM a LEFT OUTER JOIN b NATURAL CROSS JOIN c");
}
END_TEST

START_TEST(test_create_other) {
  Stmt *s = parse_ok("CREATE UNIQUE INDEX IF NOT EXISTS main.ix ON t (a COLLATE nocase DESC, "
                     "b + c ASC) WHERE a > 0");
  CreateIndexStmt *ci = &s->u.createIndex;
  ck_assert_int_eq(ci->bUnique, 1);
  ck_assert_int_eq(ci->bIfNotExists, 1);
  ck_assert_str_eq(ci->zDb, "main");
  ck_assert_str_eq(ci->zName, "ix");
  ck_assert_str_eq(ci->zTable, "t");
  ck_assert_int_eq(ci->pCols->a[0].pExpr->op, EXPR_COLLATE);
  ck_assert_int_eq(ci->pCols->a[0].eSortOrder, SORT_DESC);
  ck_assert_int_eq(ci->pCols->a[1].pExpr->op, EXPR_ADD);
  ck_assert_ptr_nonnull(ci->pWhere);

  s = parse_ok("CREATE TEMP VIEW IF NOT EXISTS v (x, y) AS SELECT 1, 2");
  ck_assert_int_eq(s->eKind, STMT_CREATE_VIEW);
  ck_assert_int_eq(s->u.createView.bTemp, 1);
  ck_assert_int_eq(s->u.createView.pCols->nId, 2);

  s = parse_ok("CREATE VIRTUAL TABLE IF NOT EXISTS vt USING fts5 ( a , (b c) , tokenize = "
               "'porter ascii' ,, )");
  ck_assert_int_eq(s->eKind, STMT_CREATE_VTABLE);
  ck_assert_str_eq(s->u.createVTable.zModule, "fts5");
  ck_assert_int_eq(s->u.createVTable.nArg, 3);
  ck_assert_str_eq(s->u.createVTable.azArg[1], "(b c)");
  ck_assert_str_eq(s->u.createVTable.azArg[2], "tokenize = 'porter ascii'");
  s = parse_ok("CREATE VIRTUAL TABLE vt USING m");
  ck_assert_int_eq(s->u.createVTable.nArg, 0);
}
END_TEST

START_TEST(test_create_trigger) {
  Stmt *s = parse_ok("CREATE TRIGGER IF NOT EXISTS main.tr INSTEAD OF UPDATE OF a, b ON v "
                     "FOR EACH ROW WHEN new.a > 0 BEGIN INSERT INTO t VALUES (new.a); "
                     "UPDATE t SET a = 1 FROM u WHERE 1; DELETE FROM t WHERE a = old.a; "
                     "SELECT RAISE(ABORT, 'no'), RAISE(IGNORE); END");
  CreateTriggerStmt *t = &s->u.createTrigger;
  ck_assert_int_eq(s->eKind, STMT_CREATE_TRIGGER);
  ck_assert_str_eq(t->zDb, "main");
  ck_assert_str_eq(t->zName, "tr");
  ck_assert_int_eq(t->eTime, TRIGGER_INSTEAD_OF);
  ck_assert_int_eq(t->eEvent, TRIGGER_UPDATE);
  ck_assert_int_eq(t->pUpdateCols->nId, 2);
  ck_assert_str_eq(t->zTable, "v");
  ck_assert_int_eq(t->bForEachRow, 1);
  ck_assert_ptr_nonnull(t->pWhen);
  ck_assert_int_eq(t->nStep, 4);
  ck_assert_int_eq(t->apStep[0]->eKind, STMT_INSERT);
  ck_assert_int_eq(t->apStep[1]->eKind, STMT_UPDATE);
  ck_assert_int_eq(t->apStep[2]->eKind, STMT_DELETE);
  ck_assert_int_eq(t->apStep[3]->eKind, STMT_SELECT);
  ck_assert_ptr_eq(t->apStep[3]->zSql, s->zSql);
  {
    Expr *r = t->apStep[3]->u.pSelect->pEList->a[0].pExpr;
    ck_assert_int_eq(r->op, EXPR_RAISE);
    ck_assert_int_eq(r->op2, RAISE_ABORT);
    ck_assert_str_eq(r->z, "no");
  }
  ck_assert_str_eq(s->zSql + t->iNameOff, "tr INSTEAD OF UPDATE OF a, b ON v FOR EACH ROW WHEN "
                   "new.a > 0 BEGIN INSERT INTO t VALUES (new.a); UPDATE t SET a = 1 FROM u "
                   "WHERE 1; DELETE FROM t WHERE a = old.a; SELECT RAISE(ABORT, 'no'), "
                   "RAISE(IGNORE); END");
  s = parse_ok("CREATE TEMP TRIGGER tr DELETE ON t BEGIN SELECT 1; END");
  ck_assert_int_eq(s->u.createTrigger.eTime, TRIGGER_TIME_DEFAULT);
  ck_assert_int_eq(s->u.createTrigger.eEvent, TRIGGER_DELETE);
  ck_assert_int_eq(s->u.createTrigger.bTemp, 1);
}
END_TEST

START_TEST(test_drop_alter) {
  Stmt *s = parse_ok("DROP TABLE IF EXISTS main.t");
  ck_assert_int_eq(s->eKind, STMT_DROP_TABLE);
  ck_assert_int_eq(s->u.drop.bIfExists, 1);
  ck_assert_str_eq(s->u.drop.zDb, "main");
  ck_assert_int_eq(parse_ok("DROP INDEX ix")->eKind, STMT_DROP_INDEX);
  ck_assert_int_eq(parse_ok("DROP VIEW v")->eKind, STMT_DROP_VIEW);
  ck_assert_int_eq(parse_ok("DROP TRIGGER IF EXISTS tr")->eKind, STMT_DROP_TRIGGER);

  s = parse_ok("ALTER TABLE main.t RENAME TO u");
  ck_assert_int_eq(s->u.alter.eAlter, ALTER_RENAME_TABLE);
  ck_assert_str_eq(s->u.alter.zNewName, "u");
  s = parse_ok("ALTER TABLE t RENAME COLUMN a TO b");
  ck_assert_int_eq(s->u.alter.eAlter, ALTER_RENAME_COLUMN);
  ck_assert_str_eq(s->u.alter.zColumn, "a");
  s = parse_ok("ALTER TABLE t RENAME a TO b");
  ck_assert_int_eq(s->u.alter.eAlter, ALTER_RENAME_COLUMN);
  s = parse_ok("alter table t add column  y  int  default  3 ;");
  ck_assert_int_eq(s->u.alter.eAlter, ALTER_ADD_COLUMN);
  ck_assert_str_eq(s->u.alter.pColDef->zName, "y");
  {
    AstSpan sp = s->u.alter.pColDef->span;
    ck_assert_int_eq(sp.n, (int)strlen("y  int  default  3"));
    ck_assert_int_eq(strncmp(s->zSql + sp.iOff, "y  int  default  3", (size_t)sp.n), 0);
  }
  s = parse_ok("ALTER TABLE t DROP a");
  ck_assert_int_eq(s->u.alter.eAlter, ALTER_DROP_COLUMN);
}
END_TEST

START_TEST(test_misc_statements) {
  Stmt *s = parse_ok("BEGIN IMMEDIATE TRANSACTION x");
  ck_assert_int_eq(s->eKind, STMT_BEGIN);
  ck_assert_int_eq(s->u.trans.eBegin, BEGIN_IMMEDIATE);
  ck_assert_int_eq(parse_ok("BEGIN")->u.trans.eBegin, BEGIN_DEFERRED);
  ck_assert_int_eq(parse_ok("BEGIN EXCLUSIVE")->u.trans.eBegin, BEGIN_EXCLUSIVE);
  ck_assert_int_eq(parse_ok("BEGIN CONCURRENT")->u.trans.eBegin, BEGIN_CONCURRENT);
  ck_assert_int_eq(parse_ok("END TRANSACTION")->eKind, STMT_COMMIT);
  ck_assert_int_eq(parse_ok("COMMIT")->eKind, STMT_COMMIT);
  s = parse_ok("ROLLBACK TRANSACTION TO SAVEPOINT sp");
  ck_assert_str_eq(s->u.trans.zName, "sp");
  ck_assert_ptr_null(parse_ok("ROLLBACK")->u.trans.zName);
  ck_assert_str_eq(parse_ok("SAVEPOINT a")->u.trans.zName, "a");
  ck_assert_str_eq(parse_ok("RELEASE a")->u.trans.zName, "a");
  ck_assert_str_eq(parse_ok("RELEASE SAVEPOINT a")->u.trans.zName, "a");

  s = parse_ok("PRAGMA main.cache_size = -2000");
  ck_assert_str_eq(s->u.pragma.zDb, "main");
  ck_assert_str_eq(s->u.pragma.zName, "cache_size");
  ck_assert_str_eq(s->u.pragma.zValue, "-2000");
  s = parse_ok("PRAGMA table_info('t')");
  ck_assert_int_eq(s->u.pragma.bParen, 1);
  ck_assert_str_eq(s->u.pragma.zValue, "t");
  ck_assert_str_eq(parse_ok("PRAGMA x = ON")->u.pragma.zValue, "ON");
  ck_assert_str_eq(parse_ok("PRAGMA x = +5")->u.pragma.zValue, "5");
  ck_assert_ptr_null(parse_ok("PRAGMA x")->u.pragma.zValue);

  s = parse_ok("ATTACH DATABASE 'f.db' AS aux KEY 'k'");
  ck_assert_int_eq(s->eKind, STMT_ATTACH);
  ck_assert_int_eq(s->u.attach.pFile->op, EXPR_STRING);
  ck_assert_int_eq(s->u.attach.pName->op, EXPR_COLUMN);
  ck_assert_ptr_nonnull(s->u.attach.pKey);
  ck_assert_int_eq(parse_ok("DETACH aux")->eKind, STMT_DETACH);
  s = parse_ok("VACUUM main INTO 'x.db'");
  ck_assert_str_eq(s->u.vacuum.zDb, "main");
  ck_assert_ptr_nonnull(s->u.vacuum.pInto);
  s = parse_ok("ANALYZE main.t");
  ck_assert_str_eq(s->u.target.zName1, "main");
  ck_assert_str_eq(s->u.target.zName2, "t");
  ck_assert_ptr_null(parse_ok("REINDEX")->u.target.zName1);
  s = parse_ok("EXPLAIN QUERY PLAN SELECT 1");
  ck_assert_int_eq(s->eExplain, EXPLAIN_QUERY_PLAN);
  ck_assert_str_eq(s->zSql + s->iBodyOff, "SELECT 1");
  ck_assert_int_eq(parse_ok("EXPLAIN SELECT 1")->eExplain, EXPLAIN_PLAIN);
}
END_TEST

/* ---- expressions --------------------------------------------------------- */

START_TEST(test_precedence) {
  ck_assert_str_eq(expr_of("1+2*3"), "(1 + (2 * 3))");
  ck_assert_str_eq(expr_of("1*2+3"), "((1 * 2) + 3)");
  ck_assert_str_eq(expr_of("1-2-3"), "((1 - 2) - 3)");
  ck_assert_str_eq(expr_of("a OR b AND c"), "(a OR (b AND c))");
  ck_assert_str_eq(expr_of("NOT a = b"), "(NOT (a = b))");
  ck_assert_str_eq(expr_of("NOT a AND b"), "((NOT a) AND b)");
  ck_assert_str_eq(expr_of("a = NOT b"), "(a = (NOT b))");
  ck_assert_str_eq(expr_of("a < b = c"), "((a < b) = c)");
  ck_assert_str_eq(expr_of("a = b < c"), "(a = (b < c))");
  ck_assert_str_eq(expr_of("a & b + c"), "(a & (b + c))");
  ck_assert_str_eq(expr_of("a << 1 < 2"), "((a << 1) < 2)");
  ck_assert_str_eq(expr_of("a || b * c"), "((a || b) * c)");
  ck_assert_str_eq(expr_of("a -> 'x' ->> 'y'"), "((a -> 'x') ->> 'y')");
  ck_assert_str_eq(expr_of("-a || b"), "((- a) || b)");
  ck_assert_str_eq(expr_of("- 1 COLLATE nocase"), "((- 1) COLLATE nocase)");
  ck_assert_str_eq(expr_of("a || b COLLATE c"), "(a || (b COLLATE c))");
  ck_assert_str_eq(expr_of("~ - + a"), "(~ (- (+ a)))");
  ck_assert_str_eq(expr_of("a IS NOT b IS c"), "((a IS NOT b) IS c)");
  ck_assert_str_eq(expr_of("a IS DISTINCT FROM b"), "(a IS NOT b)");
  ck_assert_str_eq(expr_of("a IS NOT DISTINCT FROM b"), "(a IS b)");
  ck_assert_str_eq(expr_of("1 BETWEEN 0 AND 2 AND 1"), "((1 BETWEEN 0 AND 2) AND 1)");
  ck_assert_str_eq(expr_of("x NOT BETWEEN a + 1 AND b = c"), "((x NOT BETWEEN (a + 1) AND b) = c)");
  ck_assert_str_eq(expr_of("a LIKE b ESCAPE c || d"), "(a LIKE b ESCAPE (c || d))");
  ck_assert_str_eq(expr_of("a LIKE b ESCAPE c > 1"), "(a LIKE b ESCAPE (c > 1))");
  ck_assert_str_eq(expr_of("a LIKE b < 1 ESCAPE c = 1"), "((a LIKE (b < 1) ESCAPE c) = 1)");
  ck_assert_str_eq(expr_of("a NOT GLOB b AND c"), "((a NOT GLOB b) AND c)");
  ck_assert_str_eq(expr_of("a NOT NULL = 1"), "((a NOTNULL) = 1)");
  ck_assert_str_eq(expr_of("a + 1 ISNULL"), "((a + 1) ISNULL)");
  ck_assert_str_eq(expr_of("a IN (1, 2) = 0"), "((a IN (1, 2)) = 0)");
  ck_assert_str_eq(expr_of("a NOT IN t"), "(a NOT IN t)");
  ck_assert_str_eq(expr_of("1 = 1 = 1"), "((1 = 1) = 1)");
  ck_assert_str_eq(expr_of("a == b <> c != d"), "(((a = b) != c) != d)");
}
END_TEST

START_TEST(test_expr_forms) {
  ck_assert_str_eq(expr_of("CASE a WHEN 1 THEN 'x' ELSE 'y' END"),
                           "CASE a WHEN 1 THEN 'x' ELSE 'y' END");
  ck_assert_str_eq(expr_of("CASE WHEN a THEN b END"), "CASE WHEN a THEN b END");
  ck_assert_str_eq(expr_of("CAST(a AS VARCHAR(10))"), "CAST(a AS VARCHAR(10))");
  ck_assert_str_eq(expr_of("CAST(a AS)"), "CAST(a AS )");
  ck_assert_str_eq(expr_of("count(DISTINCT a)"), "count(DISTINCT a)");
  ck_assert_str_eq(expr_of("count(*)"), "count(*)");
  ck_assert_str_eq(expr_of("abs(ALL a)"), "abs(a)");
  ck_assert_str_eq(expr_of("f()"), "f()");
  ck_assert_str_eq(expr_of("1 \v+ 2"), "(1 + 2)");
  ck_assert_str_eq(expr_of("rank(DISTINCT)"), "rank(DISTINCT )");
  ck_assert_str_eq(expr_of("EXISTS (SELECT 1)"), "EXISTS (SELECT 1)");
  ck_assert_str_eq(expr_of("NOT EXISTS (SELECT 1)"), "(NOT EXISTS (SELECT 1))");
  ck_assert_str_eq(expr_of("(SELECT 1)"), "(SELECT 1)");
  ck_assert_str_eq(expr_of("(1, 2) = (3, 4)"), "((1, 2) = (3, 4))");
  ck_assert_str_eq(expr_of("a IN ()"), "(a IN ())");
  ck_assert_str_eq(expr_of("a IN (SELECT 1 UNION SELECT 2)"), "(a IN (SELECT 1 UNION SELECT 2))");
  ck_assert_str_eq(expr_of("a IN main.f(1, 2)"), "(a IN main.f(1, 2))");
  ck_assert_str_eq(expr_of("x'00fF'"), "X'00FF'");
  ck_assert_str_eq(expr_of("'it''s'"), "'it''s'");
  ck_assert_str_eq(expr_of("\"a\"\"b\""), "\"a\"\"b\"");
  ck_assert_str_eq(expr_of("[a b].c"), "\"a b\".c");
  ck_assert_str_eq(expr_of("s.t.c"), "s.t.c");
  ck_assert_str_eq(expr_of("CURRENT_TIMESTAMP"), "CURRENT_TIMESTAMP");
  ck_assert_str_eq(expr_of("a COLLATE \"NoCase\""), "(a COLLATE NoCase)");
  ck_assert_str_eq(expr_of("replace(key, action, temp)"),
                           "\"replace\"(\"key\", \"action\", \"temp\")");
  ck_assert_str_eq(expr_of("left"), "\"left\"");
}
END_TEST

START_TEST(test_literals) {
  Expr *e = first_expr("SELECT 9223372036854775807");
  ck_assert_int_eq(e->op, EXPR_INTEGER);
  ck_assert(e->iValue == INT64_MAX);
  e = first_expr("SELECT 9223372036854775808");
  ck_assert_int_eq(e->op, EXPR_FLOAT);
  ck_assert(e->rValue == 9223372036854775808.0);
  e = first_expr("SELECT -9223372036854775808");
  ck_assert_int_eq(e->op, EXPR_INTEGER);
  ck_assert(e->iValue == INT64_MIN);
  e = first_expr("SELECT -(9223372036854775808)");
  ck_assert_int_eq(e->op, EXPR_INTEGER);
  ck_assert(e->iValue == INT64_MIN);
  e = first_expr("SELECT - +9223372036854775808");
  ck_assert_int_eq(e->op, EXPR_NEG);
  e = first_expr("SELECT 0xFFFFFFFFFFFFFFFF");
  ck_assert_int_eq(e->op, EXPR_INTEGER);
  ck_assert(e->iValue == -1);
  ck_assert(e->flags & EXPR_F_HEX);
  e = first_expr("SELECT 0x8000000000000000");
  ck_assert(e->iValue == INT64_MIN);
  e = first_expr("SELECT 0x0000000000000000001");
  ck_assert(e->iValue == 1 && !(e->flags & EXPR_F_TOOBIG));
  e = first_expr("SELECT 0x10000000000000000");
  ck_assert(e->flags & EXPR_F_TOOBIG);
  e = first_expr("SELECT 99999999999999999999");
  ck_assert_int_eq(e->op, EXPR_FLOAT);
  ck_assert(e->rValue == 1e20);
  e = first_expr("SELECT 1.5e3");
  ck_assert(e->op == EXPR_FLOAT && e->rValue == 1500.0);
  e = first_expr("SELECT .5");
  ck_assert(e->op == EXPR_FLOAT && e->rValue == 0.5);
  e = first_expr("SELECT x'0aff'");
  ck_assert(e->op == EXPR_BLOB && e->n == 2 && (unsigned char)e->z[1] == 0xff);
  e = first_expr("SELECT 'a''b'");
  ck_assert(e->op == EXPR_STRING && e->n == 3);
  ck_assert_str_eq(e->z, "a'b");
  e = first_expr("SELECT TRUE");
  ck_assert(e->op == EXPR_TRUEFALSE && e->iValue == 1);
  e = first_expr("SELECT false");
  ck_assert(e->op == EXPR_TRUEFALSE && e->iValue == 0);
  e = first_expr("SELECT \"true\"");
  ck_assert(e->op == EXPR_COLUMN && (e->flags & EXPR_F_DQUOTED));
  e = first_expr("SELECT t.true");
  ck_assert(e->op == EXPR_COLUMN);
  e = first_expr("SELECT NULL");
  ck_assert_int_eq(e->op, EXPR_NULL);
  e = first_expr("SELECT 1.0e9999");
  ck_assert(e->op == EXPR_FLOAT && e->rValue > 1e308);
}
END_TEST

START_TEST(test_spans) {
  Stmt *s = parse_ok("  /* c */ SELECT  1+ 2 , (a) AS x, f( b ) FROM t  ;  ");
  ExprList *l = s->u.pSelect->pEList;
  ck_assert_str_eq(s->zSql, "SELECT  1+ 2 , (a) AS x, f( b ) FROM t");
  ck_assert_str_eq(l->a[0].zSpan, "1+ 2");
  ck_assert_str_eq(l->a[1].zSpan, "(a)");
  ck_assert_str_eq(l->a[2].zSpan, "f( b )");
  ck_assert_int_eq(l->a[0].pExpr->span.iOff, 8);
  ck_assert_int_eq(l->a[0].pExpr->span.n, 4);
  ck_assert_int_eq(l->a[2].pExpr->span.n, 6);
  s = parse_ok("SELECT a.b, * FROM t");
  ck_assert_str_eq(s->u.pSelect->pEList->a[0].zSpan, "a.b");
  ck_assert_str_eq(s->u.pSelect->pEList->a[1].zSpan, "*");
}
END_TEST

START_TEST(test_keywords_as_names) {
  Stmt *s = parse_ok("SELECT key, action, replace, temp, end, asc, over, filter, window, "
                     "left, offset FROM t AS window");
  ExprList *l = s->u.pSelect->pEList;
  ck_assert_int_eq(l->nExpr, 11);
  for (int i = 0; i < l->nExpr; i++) ck_assert_int_eq(l->a[i].pExpr->op, EXPR_COLUMN);
  ck_assert_str_eq(l->a[9].pExpr->z, "left");
  ck_assert_str_eq(s->u.pSelect->pSrc->a[0].zAlias, "window");
  s = parse_ok("SELECT 1 desc, 2 over, 3 asc");
  ck_assert_str_eq(s->u.pSelect->pEList->a[0].zName, "desc");
  ck_assert_str_eq(s->u.pSelect->pEList->a[1].zName, "over");
  s = parse_ok("SELECT count(*) over, 2 FROM t");
  ck_assert_str_eq(s->u.pSelect->pEList->a[0].zName, "over");
  ck_assert_ptr_null(s->u.pSelect->pEList->a[0].pExpr->pWin);
  s = parse_ok("SELECT like('a', 'b'), glob('a', 'b'), indexed(1)");
  ck_assert_int_eq(s->u.pSelect->pEList->a[0].pExpr->op, EXPR_FUNCTION);
  ck_assert_int_eq(s->u.pSelect->pEList->a[2].pExpr->op, EXPR_FUNCTION);
  s = parse_ok("SELECT * FROM t x LEFT JOIN u");
  ck_assert_str_eq(s->u.pSelect->pSrc->a[0].zAlias, "x");
  ck_assert_int_eq(s->u.pSelect->pSrc->a[1].jointype, JT_LEFT);
}
END_TEST

/* ---- parameters --------------------------------------------------------- */

START_TEST(test_parameters) {
  Stmt *s = parse_ok("SELECT ?, ?5, ?, :a, @b, $c::d(e), :a, ?2, #x");
  ExprList *l = s->u.pSelect->pEList;
  ck_assert_int_eq(l->a[0].pExpr->iValue, 1);
  ck_assert_ptr_null(l->a[0].pExpr->z);
  ck_assert_int_eq(l->a[1].pExpr->iValue, 5);
  ck_assert_int_eq(l->a[2].pExpr->iValue, 6);
  ck_assert_int_eq(l->a[3].pExpr->iValue, 7);
  ck_assert_int_eq(l->a[4].pExpr->iValue, 8);
  ck_assert_int_eq(l->a[5].pExpr->iValue, 9);
  ck_assert_int_eq(l->a[6].pExpr->iValue, 7);
  ck_assert_int_eq(l->a[7].pExpr->iValue, 2);
  ck_assert_int_eq(l->a[8].pExpr->iValue, 10);
  ck_assert_int_eq(s->nVar, 10);
  ck_assert_ptr_null(s->azVar[1]);
  ck_assert_str_eq(s->azVar[2], "?2");
  ck_assert_ptr_null(s->azVar[3]);
  ck_assert_str_eq(s->azVar[5], "?5");
  ck_assert_ptr_null(s->azVar[6]);
  ck_assert_str_eq(s->azVar[7], ":a");
  ck_assert_str_eq(s->azVar[8], "@b");
  ck_assert_str_eq(s->azVar[9], "$c::d(e)");
  ck_assert_str_eq(s->azVar[10], "#x");

  /* a name given first keeps the slot; ?N reusing it does not rename */
  s = parse_ok("SELECT :a, ?1, ?3, :b");
  ck_assert_int_eq(s->nVar, 4);
  ck_assert_str_eq(s->azVar[1], ":a");
  ck_assert_str_eq(s->azVar[3], "?3");
  ck_assert_str_eq(s->azVar[4], ":b");
  s = parse_ok("SELECT ?1, :a");
  ck_assert_str_eq(s->azVar[1], "?1");
  ck_assert_str_eq(s->azVar[2], ":a");
  s = parse_ok("SELECT 1");
  ck_assert_int_eq(s->nVar, 0);
  ck_assert_ptr_null(s->azVar);
  s = parse_ok("SELECT ?0000000000000001844");
  ck_assert_int_eq(s->nVar, 1844);
  ck_assert_str_eq(s->azVar[1844], "?0000000000000001844");
  s = parse_ok("SELECT ?250000");
  ck_assert_int_eq(s->nVar, 250000);
  /* names are case sensitive */
  s = parse_ok("SELECT :A, :a");
  ck_assert_int_eq(s->nVar, 2);
}
END_TEST

START_TEST(test_parameter_limit_option) {
  ParseOptions opt;
  Arena a;
  Stmt *s;
  char *zErr = NULL;
  parse_options_default(&opt);
  opt.mxVariable = 3;
  ast_arena_init(&a);
  ck_assert_int_eq(parse_sql(&a, &opt, "SELECT ?, ?, ?", -1, &s, NULL, &zErr), SQLITE_OK);
  ck_assert_int_eq(parse_sql(&a, &opt, "SELECT ?, ?, ?, ?", -1, &s, NULL, &zErr), SQLITE_ERROR);
  ck_assert_str_eq(zErr, "too many SQL variables");
  mem_free(zErr);
  ck_assert_int_eq(parse_sql(&a, &opt, "SELECT ?4", -1, &s, NULL, &zErr), SQLITE_ERROR);
  ck_assert_str_eq(zErr, "variable number must be between ?1 and ?3");
  mem_free(zErr);
  opt.mxExprDepth = 3;
  ck_assert_int_eq(parse_sql(&a, &opt, "SELECT 1+1+1", -1, &s, NULL, &zErr), SQLITE_OK);
  ck_assert_int_eq(parse_sql(&a, &opt, "SELECT 1+1+1+1", -1, &s, NULL, &zErr), SQLITE_ERROR);
  ck_assert_str_eq(zErr, "Expression tree is too large (maximum depth 3)");
  mem_free(zErr);
  opt.mxExprDepth = 0;                  /* 0: no limit, as in SQLite */
  ck_assert_int_eq(parse_sql(&a, &opt, "SELECT 1+1+1+1", -1, &s, NULL, &zErr), SQLITE_OK);
  opt.mxFunctionArg = 2;
  ck_assert_int_eq(parse_sql(&a, &opt, "SELECT f(1, 2)", -1, &s, NULL, &zErr), SQLITE_OK);
  ck_assert_int_eq(parse_sql(&a, &opt, "SELECT \"F\"(1, 2, 3) +", -1, &s, NULL, &zErr),
                   SQLITE_ERROR);
  ck_assert_str_eq(zErr, "too many arguments on function \"F\"");
  mem_free(zErr);
  opt.mxCompound = 2;
  ck_assert_int_eq(parse_sql(&a, &opt, "SELECT 1 UNION SELECT 2", -1, &s, NULL, &zErr), SQLITE_OK);
  ck_assert_int_eq(parse_sql(&a, &opt, "SELECT 1 UNION SELECT 2 UNION SELECT 3", -1, &s, NULL,
                             &zErr), SQLITE_ERROR);
  ck_assert_str_eq(zErr, "too many terms in compound SELECT");
  mem_free(zErr);
  ast_arena_free(&a);
}
END_TEST

/* ---- errors (messages from sqlite3 3.40.1) -------------------------------- */

START_TEST(test_errors_syntax) {
  parse_fails("SELECT 1 +", "incomplete input");
  parse_fails("SELECT", "incomplete input");
  parse_fails("SELECT (", "incomplete input");
  parse_fails("SELECT /* abc", "incomplete input");
  parse_fails("SELECT 1 + -- c", "incomplete input");
  parse_fails("SELECT 1 +;", "near \";\": syntax error");
  parse_fails("SELECT 1 2", "near \"2\": syntax error");
  parse_fails("SELECT 1.2.3", "near \".3\": syntax error");
  parse_fails("SELECT #", "unrecognized token: \"#\"");
  parse_fails("SELECT 'abc", "unrecognized token: \"'abc\"");
  parse_fails("SELECT 1abc", "unrecognized token: \"1abc\"");
  parse_fails("SELECT x'zz'", "unrecognized token: \"x'zz'\"");
  parse_fails("SELECT x'abc'", "unrecognized token: \"x'abc'\"");
  parse_fails("SELECT \"abc", "unrecognized token: \"\"abc\"");
  parse_fails("SELECT [abc", "unrecognized token: \"[abc\"");
  parse_fails("SELECT 0x", "unrecognized token: \"0x\"");
  parse_fails("SELECT 1e+", "unrecognized token: \"1e\"");
  parse_fails("SELECT $", "unrecognized token: \"$\"");
  parse_fails("SELECT $a(b c)", "unrecognized token: \"$a(b\"");
  parse_fails("SELECT $a:b", "near \":b\": syntax error");
  parse_fails("SELECT 1 !2", "unrecognized token: \"!\"");
  parse_fails("SELECT #1", "near \"#1\": syntax error");
  parse_fails("SELECT 1 === 1", "near \"=\": syntax error");
  parse_fails("SELECT 1 NOT 2", "near \"2\": syntax error");
  parse_fails("SELECT 1 NOT", "incomplete input");
  parse_fails("SELECT 1 BETWEEN 2 OR 3 AND 4", "incomplete input");
  parse_fails("SELECT (1 BETWEEN 2 OR 3 AND 4)", "near \")\": syntax error");
  parse_fails("SELECT CASE END", "incomplete input");
  parse_fails("SELECT CASE 1 ELSE 3 END", "near \"ELSE\": syntax error");
  parse_fails("SELECT ()", "near \")\": syntax error");
  parse_fails("SELECT 1 IN (1,)", "near \")\": syntax error");
  parse_fails("SELECT main.t.* FROM t", "near \"*\": syntax error");
  parse_fails("SELECT a.b.c.d FROM t", "near \".\": syntax error");
  parse_fails("SELECT * AS x FROM t", "near \"AS\": syntax error");
  parse_fails("SELECT DISTINCT ALL a FROM t", "near \"ALL\": syntax error");
  parse_fails("SELECT count(DISTINCT *) FROM t", "near \"*\": syntax error");
  parse_fails("SELECT group_concat(a ORDER BY b) FROM t", "near \"ORDER\": syntax error");
  parse_fails("SELECT 'a' LIKE 'b' ESCAPE 'c' ESCAPE 'd'", "near \"ESCAPE\": syntax error");
  parse_fails("SELECT CAST(1 AS int(a))", "near \"a\": syntax error");
  parse_fails("SELECT CAST(1 AS primary)", "near \"primary\": syntax error");
  parse_fails("SELECT RAISE(IGNORE, 'x')", "near \",\": syntax error");
  parse_fails("SELECT RAISE(ABORT, 1)", "near \"1\": syntax error");
  parse_fails("SELECT 1 FROM t HAVING 1 GROUP BY a", "near \"GROUP\": syntax error");
  parse_fails("SELECT * FROM t LIMIT 1 OFFSET 2 OFFSET 3", "near \"OFFSET\": syntax error");
  parse_fails("SELECT 1 FROM t JOIN t2 ON 1 USING (x)", "near \"USING\": syntax error");
  parse_fails("SELECT 1 FROM t FOO BAR JOIN t2", "near \"BAR\": syntax error");
  parse_fails("SELECT * FROM (SELECT 1) INDEXED BY i", "near \"INDEXED\": syntax error");
  parse_fails("SELECT count(*) OVER () FILTER (WHERE a) FROM t", "near \"FILTER\": syntax error");
  parse_fails("SELECT count(*) OVER (ROWS UNBOUNDED FOLLOWING) FROM t",
              "near \"FOLLOWING\": syntax error");
  parse_fails("VALUES (1) ORDER BY 1", "near \"ORDER\": syntax error");
  parse_fails("EXPLAIN EXPLAIN SELECT 1", "near \"EXPLAIN\": syntax error");
  parse_fails("EXPLAIN QUERY SELECT 1", "near \"SELECT\": syntax error");
  parse_fails("CREATE TABLE y()", "near \")\": syntax error");
  parse_fails("CREATE TABLE if(x)", "near \"(\": syntax error");
  parse_fails("CREATE TABLE y(a DEFAULT abs(1))", "near \"(\": syntax error");
  parse_fails("CREATE TABLE y(a DEFAULT ?)", "near \"?\": syntax error");
  parse_fails("CREATE TABLE y(a DEFAULT -x)", "near \"x\": syntax error");
  parse_fails("CREATE TABLE y(a, b, PRIMARY KEY(a), c)", "near \"c\": syntax error");
  parse_fails("CREATE TABLE tt(x FOREIGN)", "near \"FOREIGN\": syntax error");
  parse_fails("CREATE TABLE y(a INT PRIMARY KEY) STRICT WITHOUT ROWID",
              "near \"WITHOUT\": syntax error");
  parse_fails("CREATE TABLE t(a INT) , , strict", "near \",\": syntax error");
  parse_fails("CREATE TABLE y(a AS (1) 'stored', b)", "near \"'stored'\": syntax error");
  parse_fails("CREATE INDEX ix ON main.t(a)", "near \".\": syntax error");
  parse_fails("CREATE TEMP INDEX ix ON t(a)", "near \"INDEX\": syntax error");
  parse_fails("CREATE TEMP VIRTUAL TABLE vt USING m(a)", "near \"VIRTUAL\": syntax error");
  parse_fails("INSERT INTO t() VALUES(1)", "near \")\": syntax error");
  parse_fails("INSERT INTO t DEFAULT VALUES ON CONFLICT DO NOTHING", "near \"ON\": syntax error");
  parse_fails("INSERT INTO t SELECT * FROM t2 ON CONFLICT DO NOTHING", "near \"DO\": syntax error");
  parse_fails("INSERT INTO t VALUES(1) ON CONFLICT DO NOTHING ON CONFLICT DO NOTHING",
              "near \"ON\": syntax error");
  parse_fails("UPDATE t SET a.b=1", "near \".\": syntax error");
  parse_fails("PRAGMA foo = -bar", "near \"bar\": syntax error");
  parse_fails("PRAGMA foo = NULL", "near \"NULL\": syntax error");
  parse_fails("PRAGMA foo = x.y", "near \".\": syntax error");
  parse_fails("ALTER TABLE t RENAME a", "incomplete input");
  /* BEGIN CONCURRENT is our extension (3.40 rejects CONCURRENT itself) */
  parse_fails("BEGIN CONCURRENT TRANSACTION TRANSACTION", "near \"TRANSACTION\": syntax error");
  parse_fails("foo", "near \"foo\": syntax error");
}
END_TEST

START_TEST(test_errors_semantic_in_parser) {
  parse_fails("SELECT ?0", "variable number must be between ?1 and ?250000");
  parse_fails("SELECT ?250001", "variable number must be between ?1 and ?250000");
  parse_fails("SELECT ?99999999999999999999999", "variable number must be between ?1 and ?250000");
  parse_fails("SELECT 1 ORDER BY 1 UNION SELECT 2",
              "ORDER BY clause should come after UNION not before");
  parse_fails("SELECT 1 ORDER BY 1 UNION ALL SELECT 2",
              "ORDER BY clause should come after UNION ALL not before");
  parse_fails("SELECT 1 LIMIT 1 INTERSECT SELECT 2",
              "LIMIT clause should come after INTERSECT not before");
  parse_fails("SELECT 1 FROM t ORDER BY a UNION", "incomplete input");
  parse_fails("SELECT 1 ORDER BY 1 UNION SELECT 1 LIMIT 2 UNION SELECT 3",
              "LIMIT clause should come after UNION not before");
  parse_fails("SELECT 1 LIMIT 1 UNION SELECT 2 x y", "near \"y\": syntax error");
  parse_fails("SELECT * FROM nosuch ON 1 LEFT JOIN t2 AS y ON 1 JOIN w AS 1",
              "a JOIN clause is required before ON");
  parse_fails("SELECT (SELECT 1 FROM t ON 1", "incomplete input");
  parse_fails("WITH c(n COLLATE nocase) AS (SELECT 1) SELECT 1",
              "syntax error after column name \"n\"");
  parse_fails("CREATE VIEW v(a DESC) AS SELECT 1", "syntax error after column name \"a\"");
  parse_fails("WITH c(n DESC x) AS (SELECT 1) SELECT 1", "near \"x\": syntax error");
  parse_fails("SELECT * FROM t NATURAL JOIN t2 ON 1 x y", "near \"x\": syntax error");
  parse_fails("SELECT * FROM t NATURAL JOIN t2 USING (x) WHERE x ISNULL OTNL",
              "near \"OTNL\": syntax error");
  parse_fails("INSERT INTO t VALUES (1, 2), (4, 5, 6)S 2", "near \"S\": syntax error");
  parse_fails("CREATE TEMP TABLE z .a I", "near \"I\": syntax error");
  parse_fails("CREATE TRIGGER tr AFTER INSERT ON t BEGIN INSERT INTO d.b); END",
              "near \")\": syntax error");
  parse_fails("SELECT count(*) OVER (RANGE x AND y FOLLOWING EXCLUDE T) FROM t",
              "near \"T\": syntax error");
  parse_fails("CREATE VIEW v AS SELECT ? x y", "near \"y\": syntax error");
  parse_fails("SELECT CAST(a AS VA@R(!", "unrecognized token: \"@R(!\"");
  parse_fails("SELECT 1 /*", "near \"*\": syntax error");
  parse_fails("SELECT count(*) FILTER (WHERE \v> 1) FROM t", "near \">\": syntax error");
  parse_fails("SELECT 1\v", "unrecognized token: \"\v\"");
  parse_fails("SELECT 1 FROM t NATURAL JOIN t2 ON 1",
              "a NATURAL join may not have an ON or USING clause");
  parse_fails("SELECT 1 FROM t ON 1", "a JOIN clause is required before ON");
  parse_fails("SELECT 1 FROM t USING (a)", "a JOIN clause is required before USING");
  parse_fails("SELECT 1 FROM t INNER OUTER JOIN t2", "unknown join type: INNER OUTER");
  parse_fails("SELECT 1 FROM t OUTER JOIN t2", "unknown join type: OUTER");
  parse_fails("SELECT 1 FROM t CROSS LEFT JOIN t2 ON 1", "unknown join type: CROSS LEFT");
  parse_fails("SELECT * FROM t LEFT \"OUTER\" JOIN t2", "unknown join type: LEFT \"OUTER\"");
  parse_fails("SELECT * FROM t LEFT OUTER INNER JOIN t2", "unknown join type: LEFT OUTER INNER");
  parse_fails("SELECT * FROM t LEFT OUTER INNER CROSS JOIN t2", "near \"CROSS\": syntax error");
  parse_fails("VALUES(1),(2,3)", "all VALUES must have the same number of terms");
  parse_fails("UPDATE t SET (a,b)=(1,2,3)", "2 columns assigned 3 values");
  parse_fails("DELETE FROM t ORDER BY a", "ORDER BY without LIMIT on DELETE");
  parse_fails("UPDATE t SET a=1 ORDER BY a", "ORDER BY without LIMIT on UPDATE");
  parse_fails("CREATE INDEX i ON t(a NULLS FIRST)", "unsupported use of NULLS FIRST");
  parse_fails("CREATE TABLE y(a, PRIMARY KEY (a NULLS LAST))", "unsupported use of NULLS LAST");
  parse_fails("INSERT INTO t(a) VALUES(1) ON CONFLICT(a NULLS FIRST) DO NOTHING",
              "unsupported use of NULLS FIRST");
  parse_fails("SELECT count(*) OVER (ROWS BETWEEN CURRENT ROW AND 1 PRECEDING) FROM t",
              "unsupported frame specification");
  parse_fails("SELECT count(*) OVER (ROWS 1 FOLLOWING) FROM t", "unsupported frame specification");
  parse_fails("INSERT INTO t VALUES(1,2,3) RETURNING t.*",
              "RETURNING may not use \"TABLE.*\" wildcards");
  parse_fails("CREATE TABLE x(a) WITHOUT foo", "unknown table option: foo");
  parse_fails("CREATE TABLE x(a) foo", "unknown table option: foo");
  parse_fails("CREATE TABLE y(a) WITHOUT 'rowid'", "unknown table option: 'rowid'");
  parse_fails("CREATE TEMP TABLE main.x(a)", "temporary table name must be unqualified");
  parse_fails("CREATE TEMP VIEW main.v AS SELECT 1", "temporary table name must be unqualified");
  parse_fails("CREATE TEMP TRIGGER temp.tr AFTER INSERT ON t BEGIN SELECT 1; END",
              "temporary trigger may not have qualified name");
  parse_fails("CREATE VIEW v AS SELECT ?", "parameters are not allowed in views");
  parse_fails("CREATE TABLE y(a AS (1) foo, b)", "error in generated column \"a\"");
  {
    char z[600];
    int n = sprintf(z, "SELECT Max(1");
    for (int i = 1; i < 128; i++) n += sprintf(z + n, ",1");
    sprintf(z + n, ") +");
    parse_fails(z, "too many arguments on function Max");
    z[n - 2] = 0;                       /* 127 arguments: fine */
    strcat(z, ")");
    parse_ok(z);
  }
}
END_TEST

START_TEST(test_errors_trigger) {
  parse_fails("CREATE TRIGGER tr AFTER INSERT ON t BEGIN INSERT INTO main.t VALUES(1,2,3); END",
              "qualified table names are not allowed on INSERT, UPDATE, and DELETE statements "
              "within triggers");
  parse_fails("CREATE TRIGGER tr AFTER INSERT ON t BEGIN UPDATE t INDEXED BY i SET a=1; END",
              "the INDEXED BY clause is not allowed on UPDATE or DELETE statements "
              "within triggers");
  parse_fails("CREATE TRIGGER tr AFTER INSERT ON t BEGIN UPDATE t NOT INDEXED SET a = 1; END",
              "the NOT INDEXED clause is not allowed on UPDATE or DELETE statements "
              "within triggers");
  parse_fails("CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT ?1; END",
              "trigger cannot use variables");
  parse_fails("CREATE TRIGGER tr AFTER INSERT ON t BEGIN END", "near \"END\": syntax error");
  parse_fails("CREATE TRIGGER tr AFTER INSERT ON t BEGIN DELETE FROM t ORDER BY a LIMIT 1; END",
              "near \"ORDER\": syntax error");
  parse_fails("CREATE TRIGGER tr AFTER INSERT ON t BEGIN WITH x AS (SELECT 1) DELETE FROM t; END",
              "near \"DELETE\": syntax error");
  parse_fails("CREATE TRIGGER tr AFTER INSERT ON t BEGIN INSERT INTO t DEFAULT VALUES; END",
              "near \"DEFAULT\": syntax error");
  parse_fails("CREATE TRIGGER tr AFTER INSERT ON t BEGIN INSERT INTO t AS q VALUES(1,2,3); END",
              "near \"AS\": syntax error");
  parse_fails("CREATE TRIGGER tr AFTER INSERT ON t BEGIN INSERT INTO t SELECT 1 RETURNING *; END",
              "cannot use RETURNING in a trigger");
  parse_fails("CREATE TRIGGER tr AFTER INSERT ON t BEGIN UPDATE t SET a = 1 RETURNING *; END",
              "near \"RETURNING\": syntax error");
  parse_fails("CREATE TRIGGER tr AFTER DELETE ON t FOR EACH STATEMENT BEGIN SELECT 1; END",
              "near \"STATEMENT\": syntax error");
  parse_fails("CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1 END", "incomplete input");
  parse_fails("CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1;; END",
              "near \";\": syntax error");
}
END_TEST

START_TEST(test_errors_limits) {
  char *z = mem_malloc(1000000);
  int n;
  /* 1000 terms of a left-deep sum make depth 1000: the limit. */
  n = sprintf(z, "SELECT 1");
  for (int i = 1; i < 1000; i++) n += sprintf(z + n, "+1");
  parse_ok(z);
  sprintf(z + n, "+1");
  parse_fails(z, "Expression tree is too large (maximum depth 1000)");
  n = sprintf(z, "SELECT 1 WHERE 1");
  for (int i = 1; i < 1001; i++) n += sprintf(z + n, " AND 1");
  parse_fails(z, "Expression tree is too large (maximum depth 1000)");
  /* Nesting beyond SQLite's 100-slot parser stack. */
  for (int depth = 93; depth <= 94; depth++) {
    n = sprintf(z, "SELECT ");
    for (int i = 0; i < depth; i++) z[n++] = '(';
    z[n++] = '1';
    for (int i = 0; i < depth; i++) z[n++] = ')';
    z[n] = 0;
    if (depth == 93) parse_ok(z); else parse_fails(z, "parser stack overflow");
  }
  /* Hostile depth: no crash, just the error. */
  n = sprintf(z, "SELECT ");
  for (int i = 0; i < 100000; i++) z[n++] = '(';
  z[n] = 0;
  parse_fails(z, "parser stack overflow");
  n = sprintf(z, "SELECT ");
  for (int i = 0; i < 50000; i++) n += sprintf(z + n, "- ");
  z[n++] = '1';
  z[n] = 0;
  parse_fails(z, "parser stack overflow");
  n = sprintf(z, "SELECT ");
  for (int i = 0; i < 20000; i++) n += sprintf(z + n, "(VALUES(");
  parse_fails(z, "parser stack overflow");
  n = sprintf(z, "SELECT ");
  for (int i = 0; i < 20000; i++) n += sprintf(z + n, "f() FILTER (WHERE ");
  parse_fails(z, "parser stack overflow");
  /* 500 compound terms are allowed, 501 are not. */
  n = sprintf(z, "SELECT 1");
  for (int i = 1; i < 500; i++) n += sprintf(z + n, " UNION SELECT 1");
  parse_ok(z);
  sprintf(z + n, " UNION SELECT 1");
  parse_fails(z, "too many terms in compound SELECT");
  /* wide, not deep: fine */
  n = sprintf(z, "VALUES (1)");
  for (int i = 1; i < 10000; i++) n += sprintf(z + n, ",(1)");
  ck_assert_int_eq(parse_ok(z)->u.pSelect->pValues->nRow, 10000);
  mem_free(z);
}
END_TEST

/* ---- entry point behaviour ---------------------------------------------- */

START_TEST(test_tail_and_empty) {
  const char *zSql = "  ;; -- c\n SELECT 1; SELECT 2 ;  /* x */ ";
  const char *zTail;
  Stmt *s;
  char *zErr = NULL;
  ck_assert_int_eq(parse_sql(&g_arena, NULL, zSql, -1, &s, &zTail, &zErr), SQLITE_OK);
  ck_assert_ptr_nonnull(s);
  ck_assert_str_eq(s->zSql, "SELECT 1");
  ck_assert_str_eq(zTail, " SELECT 2 ;  /* x */ ");
  ck_assert_int_eq(parse_sql(&g_arena, NULL, zTail, -1, &s, &zTail, &zErr), SQLITE_OK);
  ck_assert_str_eq(s->zSql, "SELECT 2");
  ck_assert_str_eq(zTail, "  /* x */ ");
  ck_assert_int_eq(parse_sql(&g_arena, NULL, zTail, -1, &s, &zTail, &zErr), SQLITE_OK);
  ck_assert_ptr_null(s);
  ck_assert_str_eq(zTail, "");
  ck_assert_int_eq(parse_sql(&g_arena, NULL, "", -1, &s, &zTail, &zErr), SQLITE_OK);
  ck_assert_ptr_null(s);
  /* nSql bounds the input; a NUL ends it early */
  ck_assert_int_eq(parse_sql(&g_arena, NULL, "SELECT 1; garbage", 8, &s, &zTail, &zErr), SQLITE_OK);
  ck_assert_str_eq(s->zSql, "SELECT 1");
  ck_assert_int_eq(parse_sql(&g_arena, NULL, "SELECT 1\0garbage", 16, &s, &zTail, &zErr),
                   SQLITE_OK);
  ck_assert_str_eq(s->zSql, "SELECT 1");
  ck_assert_int_eq(parse_sql(&g_arena, NULL, "SELECT 1 +", 9, &s, &zTail, &zErr), SQLITE_OK);
  ck_assert_str_eq(s->zSql, "SELECT 1");
  ck_assert_ptr_null(zErr);
}
END_TEST

START_TEST(test_complete) {
  static const struct { const char *z; int b; } a[] = {
    {"SELECT 1;", 1}, {"SELECT 1", 0}, {";", 1}, {"", 0}, {"  ", 0}, {"-- c\n", 0},
    {"SELECT 1; -- c", 1}, {"SELECT 1; /* c", 0}, {"SELECT \"a;\"", 0}, {"SELECT 'a;' ;", 1},
    {"CREATE TRIGGER t AFTER INSERT ON x BEGIN SELECT 1; END;", 1},
    {"CREATE TRIGGER t AFTER INSERT ON x BEGIN SELECT 1;", 0},
    {"CREATE TEMP TRIGGER t AFTER INSERT ON x BEGIN SELECT 1; END ;", 1},
    {"EXPLAIN CREATE TRIGGER t BEGIN SELECT 1; END;", 1}, {"CREATE TABLE trigger(x);", 1},
    {"CREATE TRIGGER t BEGIN END;", 0},
    {"CREATE TRIGGER t BEGIN SELECT CASE WHEN 1 THEN 2 END; END;", 1},
    {"SELECT [a;b];", 1}, {"SELECT x'ab;';", 1},
    {"create  temporary  trigger x begin select 1; end;", 1},
    {"CREATE VIEW trigger AS SELECT 1;", 1}, {"SELECT 1;;", 1}, {"SELECT 1; SELECT 2", 0},
    {"CREATE UNIQUE TRIGGER x;", 1}, {"EXPLAIN QUERY PLAN CREATE TRIGGER x;", 0},
    {"create trigger x; end;", 1}, {"SELECT `a;`;", 1}, {"SELECT 1 /* ; */", 0},
    {"END;", 1}, {"create trigger;", 0}, {"create;", 1}, {" ;", 1}, {"x;y", 0},
    {"CREATE TEMP TEMP TRIGGER x; END;", 1},
  };
  for (int i = 0; i < (int)(sizeof(a) / sizeof(a[0])); i++) {
    ck_assert_msg(parse_complete(a[i].z) == a[i].b, "complete(%s) != %d", a[i].z, a[i].b);
  }
}
END_TEST

/* ---- round trip and copies ----------------------------------------------- */

static const char *const azRoundTrip[] = {
  "SELECT 1+ 2*3, a AS x, b y, t.* FROM t WHERE a NOT IN (1,2) AND b BETWEEN 1 AND 2 "
  "GROUP BY a HAVING count(*) > 1 ORDER BY 1 DESC NULLS LAST LIMIT 10 OFFSET 2",
  "SELECT DISTINCT a, -b, ~c, NOT a, +b FROM t AS q LEFT JOIN t2 ON q.a = t2.x WHERE a IS NOT NULL",
  "SELECT * FROM t NATURAL JOIN t2 CROSS JOIN t AS z INNER JOIN t2 USING (x) "
  "WHERE x ISNULL OR y NOTNULL",
  "SELECT count(*) FILTER (WHERE a > 1) OVER (PARTITION BY b ORDER BY c ROWS BETWEEN 1 PRECEDING "
  "AND CURRENT ROW) FROM t WINDOW w AS (ORDER BY a)",
  "SELECT CASE a WHEN 1 THEN 'x' ELSE 'z' END, CAST(a AS VARCHAR(10)), a COLLATE nocase, "
  "a LIKE 'x%' ESCAPE '\\', a GLOB '*', a REGEXP 'b', a NOT MATCH 'c' FROM t",
  "SELECT (SELECT max(a) FROM t), EXISTS (SELECT 1), (1, 2) = (1, 2), x'00ff', 1.5e3, 0x1F, "
  "NULL, CURRENT_TIMESTAMP, -9223372036854775808, 9223372036854775808, TRUE, \"true\"",
  "SELECT a FROM t UNION SELECT x FROM t2 UNION ALL SELECT 1 INTERSECT VALUES (2), (4) EXCEPT "
  "SELECT 3 ORDER BY 1 LIMIT 5",
  "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n+1 FROM c WHERE n < 10), d AS MATERIALIZED "
  "(SELECT 2) SELECT * FROM c, d",
  "SELECT * FROM (SELECT a FROM t) AS s JOIN json_each('[1,2]') AS j ON 1, (a JOIN b ON 1) "
  "WHERE s.a IN t2 AND s.b IN main.f(1)",
  "SELECT a ->> '$.x', a -> 'y', a || 'z', a & 1 | 2 << 3 >> 1, a % 2, a / 3 FROM t",
  "SELECT ?, ?5, :name, @x, $y::z(w), ?, :name FROM t WHERE a = ?1",
  "INSERT OR REPLACE INTO main.t (a, b) SELECT x, y FROM t2 WHERE 1 ON CONFLICT (a) DO UPDATE "
  "SET b = excluded.b WHERE a > 0 ON CONFLICT DO NOTHING RETURNING a, b AS bee",
  "REPLACE INTO t DEFAULT VALUES",
  "WITH x AS (SELECT 1) INSERT INTO t AS q (a) VALUES (1), (2) RETURNING *",
  "UPDATE OR IGNORE t AS q SET a = 1, (b, c) = (2, 3) FROM t2 WHERE q.a = t2.x RETURNING *",
  "UPDATE t INDEXED BY i SET a = a + 1 WHERE b > 2 ORDER BY c LIMIT 5 OFFSET 1",
  "DELETE FROM t NOT INDEXED WHERE a = 1 ORDER BY b LIMIT 1",
  "CREATE TABLE IF NOT EXISTS main.q (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL "
  "DEFAULT 'x' COLLATE nocase, v REAL CHECK (v > 0), w DEFAULT -5, g AS (v * 2) STORED, "
  "p REFERENCES t(a) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED, UNIQUE (name, v), "
  "FOREIGN KEY (w) REFERENCES t2(x), CONSTRAINT ck CHECK (w < 100)) WITHOUT ROWID, STRICT",
  "CREATE TEMP TABLE z AS SELECT * FROM t",
  "CREATE UNIQUE INDEX IF NOT EXISTS ix ON t (a COLLATE nocase DESC, b + c) WHERE a > 0",
  "CREATE VIEW IF NOT EXISTS v (x, y) AS SELECT a, b FROM t",
  "CREATE TRIGGER IF NOT EXISTS tr BEFORE UPDATE OF a, b ON t FOR EACH ROW WHEN new.a > 0 "
  "BEGIN INSERT INTO t2 VALUES (new.a, old.b); UPDATE t2 SET x = 1 WHERE y = 2; "
  "DELETE FROM t2 WHERE x = 3; SELECT RAISE(ABORT, 'nope'); END",
  "CREATE VIRTUAL TABLE IF NOT EXISTS vt USING fts5 (a, b, tokenize = 'porter')",
  "DROP TABLE IF EXISTS main.t", "DROP INDEX ix", "DROP VIEW IF EXISTS v", "DROP TRIGGER tr",
  "ALTER TABLE t RENAME TO t3", "ALTER TABLE t RENAME COLUMN a TO z",
  "ALTER TABLE t ADD COLUMN d INT NOT NULL DEFAULT 0", "ALTER TABLE t DROP COLUMN a",
  "BEGIN IMMEDIATE TRANSACTION", "BEGIN CONCURRENT", "COMMIT", "ROLLBACK TO SAVEPOINT sp",
  "SAVEPOINT sp", "RELEASE SAVEPOINT sp", "PRAGMA main.cache_size = -2000",
  "PRAGMA table_info('t')", "PRAGMA x = [y]", "ATTACH DATABASE ':memory:' AS aux KEY 'k'",
  "DETACH aux", "VACUUM main INTO 'file.db'", "ANALYZE main.t", "REINDEX t",
  "EXPLAIN QUERY PLAN SELECT * FROM t WHERE a = 1", "EXPLAIN SELECT 1",
  "SELECT 1 IS DISTINCT FROM 2, 1 IS NOT DISTINCT FROM 2, TRUE, FALSE, 1 IS TRUE",
  "SELECT sum(a) OVER w, rank() OVER (w ORDER BY b RANGE BETWEEN UNBOUNDED PRECEDING AND "
  "UNBOUNDED FOLLOWING EXCLUDE TIES) FROM t WINDOW w AS (PARTITION BY c)",
  "SELECT [select], \"from\", `x y`, key, replace(1,2,3), left FROM \"order\" AS \"group\"",
};

START_TEST(test_round_trip) {
  for (int i = 0; i < (int)(sizeof(azRoundTrip) / sizeof(azRoundTrip[0])); i++) {
    round_trip(azRoundTrip[i]);
  }
}
END_TEST

START_TEST(test_dup) {
  for (int i = 0; i < (int)(sizeof(azRoundTrip) / sizeof(azRoundTrip[0])); i++) {
    Arena a, b;
    Stmt *s, *d;
    char *zErr = NULL, *z1, *z2;
    int nVar;
    ast_arena_init(&a);
    ast_arena_init(&b);
    ck_assert_int_eq(parse_sql(&a, NULL, azRoundTrip[i], -1, &s, NULL, &zErr), SQLITE_OK);
    z1 = ast_print_stmt(s);
    d = ast_dup_stmt(&b, s);
    ck_assert_ptr_nonnull(d);
    nVar = s->nVar;
    ast_arena_free(&a);                 /* the copy must not point into a */
    z2 = ast_print_stmt(d);
    ck_assert_str_eq(z1, z2);
    ck_assert_int_eq(d->nVar, nVar);
    for (int k = 1; k <= nVar; k++) {
      if (d->azVar[k]) ck_assert_int_gt((int)strlen(d->azVar[k]), 1);
    }
    if (d->eKind == STMT_SELECT) {
      Select *p = ast_dup_select(&b, d->u.pSelect);
      char *z3 = ast_print_select(p);
      size_t nSkip = d->eExplain ? strlen(z1) - strlen(z3) : 0;
      ck_assert_str_eq(z1 + nSkip, z3);
      mem_free(z3);
    }
    mem_free(z1);
    mem_free(z2);
    ast_arena_free(&b);
  }
}
END_TEST

/* ---- robustness ------------------------------------------------------------ */

static u64 prng(u64 *p) {
  *p ^= *p << 13; *p ^= *p >> 7; *p ^= *p << 17;
  return *p;
}

/* Parse every statement of z; it must end cleanly and leak nothing. */
static void parse_all(const char *z, int n, u64 seed) {
  i64 nBefore = mem_used();
  const char *zEnd = z + n;
  int nStmt = 0;
  while (z < zEnd && nStmt < 1000) {
    Arena a;
    Stmt *s = NULL;
    const char *zTail = NULL;
    char *zErr = NULL;
    int rc;
    ast_arena_init(&a);
    rc = parse_sql(&a, NULL, z, (int)(zEnd - z), &s, &zTail, &zErr);
    ck_assert_msg(rc == SQLITE_OK || rc == SQLITE_ERROR, "seed %llu: rc %d",
                  (unsigned long long)seed, rc);
    ck_assert_msg(rc != SQLITE_ERROR || zErr != NULL, "seed %llu: no message",
                  (unsigned long long)seed);
    if (rc == SQLITE_OK && s) {
      char *zp = ast_print_stmt(s);
      ck_assert_ptr_nonnull(zp);
      mem_free(zp);
    }
    mem_free(zErr);
    ast_arena_free(&a);
    if (rc != SQLITE_OK || s == NULL || zTail <= z) break;
    z = zTail;
    nStmt++;
  }
  ck_assert_msg(mem_used() == nBefore, "seed %llu: leak", (unsigned long long)seed);
}

START_TEST(test_random_bytes) {
  static const char alphabet[] = "SELECT FROM WHERE ()*,.;'\"[]`?:@$#-+/|<>=!~&%0123456789xX\n\t";
  char buf[256];
  u64 x = 0x2545F4914F6CDD1DULL;
  for (int iter = 0; iter < 10000; iter++) {
    u64 seed = x;
    int n = 1 + (int)(prng(&x) % 255);
    int bText = (int)(prng(&x) & 1);
    for (int i = 0; i < n; i++) {
      u64 r = prng(&x);
      buf[i] = bText ? alphabet[r % (sizeof(alphabet) - 1)] : (char)(r & 0xff);
    }
    buf[n] = 0;
    parse_all(buf, n, seed);
  }
}
END_TEST

START_TEST(test_mutated_statements) {
  static const char *const azExtra[] = {"(", ")", ",", ".", ";", "*", "+", "-", "=", "1", "x",
                                        "?", "'s'", "\"q\"", "SELECT", "FROM", "WHERE", "END",
                                        "BEGIN", "ON", "JOIN", "OVER", "WINDOW", "FILTER",
                                        "NOT", "NULL", "CASE", "AS", "VALUES", "WITH"};
  char out[4096];
  u64 x = 0xD1B54A32D192ED03ULL;
  int nBase = (int)(sizeof(azRoundTrip) / sizeof(azRoundTrip[0]));
  for (int iter = 0; iter < 10000; iter++) {
    u64 seed = x;
    const char *zBase = azRoundTrip[prng(&x) % (u64)nBase];
    int nBaseLen = (int)strlen(zBase);
    int n = 0;
    int nOps = 1 + (int)(prng(&x) % 3);
    memcpy(out, zBase, (size_t)nBaseLen + 1);
    n = nBaseLen;
    for (int k = 0; k < nOps; k++) {
      int pos = (int)(prng(&x) % (u64)(n + 1));
      int op = (int)(prng(&x) % 4);
      if (op == 0 && n > 0) {                 /* delete a run of bytes */
        int len = 1 + (int)(prng(&x) % 8);
        if (pos + len > n) len = n - pos;
        memmove(out + pos, out + pos + len, (size_t)(n - pos - len) + 1);
        n -= len;
      } else if (op == 1) {                   /* insert a token */
        const char *zIns = azExtra[prng(&x) % (sizeof(azExtra) / sizeof(azExtra[0]))];
        int len = (int)strlen(zIns);
        if (n + len + 2 >= (int)sizeof(out)) continue;
        memmove(out + pos + len + 2, out + pos, (size_t)(n - pos) + 1);
        out[pos] = ' ';
        memcpy(out + pos + 1, zIns, (size_t)len);
        out[pos + len + 1] = ' ';
        n += len + 2;
      } else if (op == 2 && n > 0 && pos < n) { /* flip a byte */
        out[pos] = (char)(prng(&x) & 0x7f);
        if (out[pos] == 0) out[pos] = ' ';
      } else {                                /* truncate */
        n = pos;
        out[n] = 0;
      }
    }
    parse_all(out, n, seed);
  }
}
END_TEST

/* Every allocation failure yields SQLITE_NOMEM (or success), never a leak. */
START_TEST(test_oom) {
  for (int iStmt = 0; iStmt < (int)(sizeof(azRoundTrip) / sizeof(azRoundTrip[0])); iStmt += 3) {
    for (int n = 1; n < 2000; n++) {
      Arena a;
      Stmt *s = NULL;
      char *zErr = NULL;
      i64 nBefore = mem_used();
      int rc, nFail;
      ast_arena_init(&a);
      nFail = mem_fault_count();
      mem_fault_countdown(n, 1);
      rc = parse_sql(&a, NULL, azRoundTrip[iStmt], -1, &s, NULL, &zErr);
      mem_fault_countdown(0, 0);
      ck_assert_msg(rc == SQLITE_OK || rc == SQLITE_NOMEM, "stmt %d n %d rc %d", iStmt, n, rc);
      if (rc == SQLITE_NOMEM) ck_assert_ptr_null(s);
      mem_free(zErr);
      ast_arena_free(&a);
      ck_assert_int_eq(mem_used(), nBefore);
      if (mem_fault_count() == nFail) {     /* no failure was injected: done */
        ck_assert_int_eq(rc, SQLITE_OK);
        break;
      }
    }
  }
}
END_TEST

static Suite *parse_suite(void) {
  Suite *s = suite_create("parse");
  TCase *tc = tcase_create("statements");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, test_select_basic);
  tcase_add_test(tc, test_select_limit_comma);
  tcase_add_test(tc, test_select_compound);
  tcase_add_test(tc, test_select_with);
  tcase_add_test(tc, test_select_joins);
  tcase_add_test(tc, test_select_window);
  tcase_add_test(tc, test_insert);
  tcase_add_test(tc, test_update_delete);
  tcase_add_test(tc, test_create_table);
  tcase_add_test(tc, test_create_table_misc);
  tcase_add_test(tc, test_create_other);
  tcase_add_test(tc, test_create_trigger);
  tcase_add_test(tc, test_drop_alter);
  tcase_add_test(tc, test_misc_statements);
  suite_add_tcase(s, tc);

  tc = tcase_create("expressions");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, test_precedence);
  tcase_add_test(tc, test_expr_forms);
  tcase_add_test(tc, test_literals);
  tcase_add_test(tc, test_spans);
  tcase_add_test(tc, test_keywords_as_names);
  tcase_add_test(tc, test_parameters);
  tcase_add_test(tc, test_parameter_limit_option);
  suite_add_tcase(s, tc);

  tc = tcase_create("errors");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, test_errors_syntax);
  tcase_add_test(tc, test_errors_semantic_in_parser);
  tcase_add_test(tc, test_errors_trigger);
  tcase_add_test(tc, test_errors_limits);
  tcase_add_test(tc, test_tail_and_empty);
  tcase_add_test(tc, test_complete);
  suite_add_tcase(s, tc);

  tc = tcase_create("robustness");
  tcase_set_timeout(tc, 600);
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, test_round_trip);
  tcase_add_test(tc, test_dup);
  tcase_add_test(tc, test_random_bytes);
  tcase_add_test(tc, test_mutated_statements);
  tcase_add_test(tc, test_oom);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) {
  SRunner *sr = srunner_create(parse_suite());
  int nFailed;
  srunner_run_all(sr, CK_NORMAL);
  nFailed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return nFailed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
