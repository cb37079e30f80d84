/* vdbe_test.c: the VM (engine/vdbe*.c) driven by hand-assembled programs:
** arithmetic and comparison rules, control flow, b-tree loops, the sorter,
** ephemeral indexes, aggregates through the function registry, EXPLAIN,
** constraint halts, bindings, transactions and savepoints; then SQL-level
** regressions for statement-layer defects found by integration testing
** (reset codes, status counters, EXPLAIN busy state, index re-seek,
** ROLLBACK with pending readers, NULL KeyInfo).
** Expected values were checked against the sqlite3 3.40.1 shell. */
#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include "engine/vdbe_int.h"
#include "engine/func.h"
#include "engine/prepare.h"
#include <unistd.h>

static sqlite3 *g_db;

static void setup(void) {
  int rc = conn_open(":memory:", 1, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL,
                     io_default(), &g_db);
  ck_assert_int_eq(rc, SQLITE_OK);
  ck_assert_ptr_nonnull(g_db);
}

static void teardown(void) {
  vdbe_finalize_all(g_db);
  pthread_mutex_lock(&g_db->mutex);
  ck_assert_int_eq(conn_close(g_db, 0), SQLITE_OK);
  g_db = NULL;
}

static void ready(Vdbe *v, int nMem, int nCsr) {
  ck_assert_int_eq(vdbe_make_ready(v, nMem, nCsr, 0, NULL), SQLITE_OK);
}

/* Runs a one-row program and returns a copy of result column 0. */
static void run_one(Vdbe *v, Value *pOut) {
  ck_assert_int_eq(vdbe_step(v), SQLITE_ROW);
  value_init(pOut, g_db);
  ck_assert_int_eq(value_copy(pOut, vdbe_column_value(v, 0)), SQLITE_OK);
  ck_assert_int_eq(vdbe_step(v), SQLITE_DONE);
  ck_assert_int_eq(vdbe_finalize(v), SQLITE_OK);
}

/* r1 = a, r2 = b (both i64), r3 = r2 op r1. */
static void arith_ii(int op, i64 a, i64 b, Value *pOut) {
  Vdbe *v = vdbe_create(g_db);
  vdbe_add_op4_dup8(v, OP_Int64, 0, 1, 0, &a, P4_INT64);
  vdbe_add_op4_dup8(v, OP_Int64, 0, 2, 0, &b, P4_INT64);
  vdbe_add_op3(v, op, 1, 2, 3);
  vdbe_add_op2(v, OP_ResultRow, 3, 1);
  vdbe_set_num_cols(v, 1);
  ready(v, 3, 0);
  run_one(v, pOut);
}

START_TEST(test_arith_int) {
  Value r;
  arith_ii(OP_Add, 5, 7, &r);
  ck_assert_int_eq(value_type(&r), SQLITE_INTEGER);
  ck_assert_int_eq(value_int64(&r), 12);
  arith_ii(OP_Subtract, 5, 7, &r); /* 7 - 5 */
  ck_assert_int_eq(value_int64(&r), 2);
  arith_ii(OP_Multiply, -3, 7, &r);
  ck_assert_int_eq(value_int64(&r), -21);
  arith_ii(OP_Divide, 2, 7, &r); /* 7 / 2 */
  ck_assert_int_eq(value_int64(&r), 3);
  arith_ii(OP_Remainder, 3, -7, &r); /* -7 % 3 */
  ck_assert_int_eq(value_int64(&r), -1);
  arith_ii(OP_Divide, 0, 7, &r);
  ck_assert_int_eq(value_type(&r), SQLITE_NULL);
  arith_ii(OP_Remainder, 0, 7, &r);
  ck_assert_int_eq(value_type(&r), SQLITE_NULL);
  arith_ii(OP_Remainder, -1, INT64_MIN, &r);
  ck_assert_int_eq(value_int64(&r), 0);
}
END_TEST

START_TEST(test_arith_overflow) {
  Value r;
  /* select 9223372036854775807 + 1 -> 9.22337203685478e+18 (REAL) */
  arith_ii(OP_Add, 1, INT64_MAX, &r);
  ck_assert_int_eq(value_type(&r), SQLITE_FLOAT);
  ck_assert(value_real(&r) == 9223372036854775808.0);
  arith_ii(OP_Multiply, INT64_MAX, 2, &r);
  ck_assert_int_eq(value_type(&r), SQLITE_FLOAT);
  /* select -9223372036854775808 / -1 -> 9.22337203685478e+18 */
  arith_ii(OP_Divide, -1, INT64_MIN, &r);
  ck_assert_int_eq(value_type(&r), SQLITE_FLOAT);
  arith_ii(OP_Subtract, 1, INT64_MIN, &r);
  ck_assert_int_eq(value_type(&r), SQLITE_FLOAT);
}
END_TEST

/* r1 = text zA, r2 = real b, r3 = r2 op r1 */
START_TEST(test_arith_mixed) {
  Value r;
  double b = 5.5;
  Vdbe *v = vdbe_create(g_db);
  vdbe_add_op4(v, OP_String8, 0, 1, 0, "2", P4_STATIC);
  vdbe_add_op4_dup8(v, OP_Real, 0, 2, 0, &b, P4_REAL);
  vdbe_add_op3(v, OP_Remainder, 1, 2, 3); /* 5.5 % '2' = 1.0 */
  vdbe_add_op2(v, OP_ResultRow, 3, 1);
  vdbe_set_num_cols(v, 1);
  ready(v, 3, 0);
  run_one(v, &r);
  ck_assert_int_eq(value_type(&r), SQLITE_FLOAT);
  ck_assert(value_real(&r) == 1.0);
  /* '3abc' + 1 = 4 (integer prefix) */
  v = vdbe_create(g_db);
  vdbe_add_op4(v, OP_String8, 0, 1, 0, "3abc", P4_STATIC);
  vdbe_add_op2(v, OP_Integer, 1, 2);
  vdbe_add_op3(v, OP_Add, 1, 2, 3);
  vdbe_add_op2(v, OP_ResultRow, 3, 1);
  vdbe_set_num_cols(v, 1);
  ready(v, 3, 0);
  run_one(v, &r);
  ck_assert_int_eq(value_type(&r), SQLITE_INTEGER);
  ck_assert_int_eq(value_int64(&r), 4);
  /* 1.0 / 0 -> NULL */
  b = 1.0;
  v = vdbe_create(g_db);
  vdbe_add_op4_dup8(v, OP_Real, 0, 1, 0, &b, P4_REAL);
  vdbe_add_op2(v, OP_Integer, 0, 2);
  vdbe_add_op3(v, OP_Divide, 2, 1, 3);
  vdbe_add_op2(v, OP_ResultRow, 3, 1);
  vdbe_set_num_cols(v, 1);
  ready(v, 3, 0);
  run_one(v, &r);
  ck_assert_int_eq(value_type(&r), SQLITE_NULL);
}
END_TEST

/* Runs reg3 <op> reg1 with P5 flags; returns 1 if the jump was taken. */
static int cmp_jump(int op, Value *pA, Value *pB, int p5, Coll *pColl) {
  Vdbe *v = vdbe_create(g_db);
  vdbe_add_op2(v, OP_Integer, 0, 4);                 /* 0 */
  int addr = vdbe_add_op3(v, op, 1, 3, 3);           /* 1: jump to 3 */
  if (pColl) vdbe_change_p4(v, addr, pColl, P4_COLLSEQ);
  vdbe_change_p5_at(v, addr, p5);
  vdbe_add_op2(v, OP_Goto, 0, 4);                    /* 2 */
  vdbe_add_op2(v, OP_Integer, 1, 4);                 /* 3 */
  vdbe_add_op2(v, OP_ResultRow, 4, 1);               /* 4 */
  vdbe_set_num_cols(v, 1);
  ready(v, 4, 0);
  /* registers set before the first step survive activation */
  ck_assert_int_eq(value_copy(&v->aMem[3], pA), SQLITE_OK);
  ck_assert_int_eq(value_copy(&v->aMem[1], pB), SQLITE_OK);
  ck_assert_int_eq(vdbe_step(v), SQLITE_ROW);
  int r = (int)value_int64(vdbe_column_value(v, 0));
  vdbe_finalize(v);
  return r;
}

START_TEST(test_compare_affinity) {
  Value a, b;
  value_init(&a, g_db);
  value_init(&b, g_db);
  value_set_text(&a, "10", 2, SQLITE_UTF8, SQLITE_TRANSIENT);
  value_set_int(&b, 9);
  /* no affinity: text > integer always */
  ck_assert_int_eq(cmp_jump(OP_Gt, &a, &b, AFF_BLOB, NULL), 1);
  /* numeric affinity: '10' becomes 10 > 9 */
  ck_assert_int_eq(cmp_jump(OP_Gt, &a, &b, AFF_NUMERIC, NULL), 1);
  value_set_int(&b, 11);
  ck_assert_int_eq(cmp_jump(OP_Lt, &a, &b, AFF_NUMERIC, NULL), 1);
  ck_assert_int_eq(cmp_jump(OP_Lt, &a, &b, AFF_BLOB, NULL), 0);
  /* text affinity: 11 becomes '11' > '10' */
  ck_assert_int_eq(cmp_jump(OP_Lt, &a, &b, AFF_TEXT, NULL), 1);
  value_set_int(&b, 9);
  ck_assert_int_eq(cmp_jump(OP_Lt, &a, &b, AFF_TEXT, NULL), 1); /* '10' < '9' */
  /* NULL handling */
  value_set_null(&b);
  ck_assert_int_eq(cmp_jump(OP_Eq, &a, &b, 0, NULL), 0);
  ck_assert_int_eq(cmp_jump(OP_Ne, &a, &b, 0, NULL), 0);
  ck_assert_int_eq(cmp_jump(OP_Ne, &a, &b, SQLITE_JUMPIFNULL, NULL), 1);
  ck_assert_int_eq(cmp_jump(OP_Ne, &a, &b, SQLITE_NULLEQ, NULL), 1);
  ck_assert_int_eq(cmp_jump(OP_Eq, &b, &b, SQLITE_NULLEQ, NULL), 1);
  /* collation */
  value_set_text(&a, "abc", 3, SQLITE_UTF8, SQLITE_TRANSIENT);
  value_set_text(&b, "ABC", 3, SQLITE_UTF8, SQLITE_TRANSIENT);
  ck_assert_int_eq(cmp_jump(OP_Eq, &a, &b, 0, NULL), 0);
  ck_assert_int_eq(cmp_jump(OP_Eq, &a, &b, 0, &value_coll_nocase), 1);
  value_release(&a);
  value_release(&b);
}
END_TEST

START_TEST(test_logic_and_concat) {
  Value r;
  /* NULL AND 0 = 0; NULL OR 1 = 1; NULL AND 1 = NULL */
  Vdbe *v = vdbe_create(g_db);
  vdbe_add_op2(v, OP_Null, 0, 1);
  vdbe_add_op2(v, OP_Integer, 0, 2);
  vdbe_add_op2(v, OP_Integer, 1, 3);
  vdbe_add_op3(v, OP_And, 1, 2, 4);
  vdbe_add_op3(v, OP_Or, 1, 3, 5);
  vdbe_add_op3(v, OP_And, 1, 3, 6);
  vdbe_add_op4(v, OP_String8, 0, 7, 0, "ab", P4_STATIC);
  vdbe_add_op2(v, OP_Integer, 12, 8);
  vdbe_add_op3(v, OP_Concat, 8, 7, 9); /* 'ab' || 12 */
  vdbe_add_op3(v, OP_Concat, 1, 7, 10);
  vdbe_add_op2(v, OP_ResultRow, 4, 7);
  vdbe_set_num_cols(v, 7);
  ready(v, 10, 0);
  ck_assert_int_eq(vdbe_step(v), SQLITE_ROW);
  ck_assert_int_eq(value_int64(vdbe_column_value(v, 0)), 0);
  ck_assert_int_eq(value_type(vdbe_column_value(v, 0)), SQLITE_INTEGER);
  ck_assert_int_eq(value_int64(vdbe_column_value(v, 1)), 1);
  ck_assert_int_eq(value_type(vdbe_column_value(v, 2)), SQLITE_NULL);
  ck_assert_str_eq((const char *)value_text(vdbe_column_value(v, 5), SQLITE_UTF8), "ab12");
  ck_assert_int_eq(value_type(vdbe_column_value(v, 6)), SQLITE_NULL);
  ck_assert_ptr_null(vdbe_column_value(v, 7));
  ck_assert_int_eq(vdbe_data_count(v), 7);
  ck_assert_int_eq(vdbe_step(v), SQLITE_DONE);
  ck_assert_int_eq(vdbe_data_count(v), 0);
  vdbe_finalize(v);
  (void)r;
}
END_TEST

START_TEST(test_must_be_int) {
  Vdbe *v = vdbe_create(g_db);
  vdbe_add_op4(v, OP_String8, 0, 1, 0, "12.5", P4_STATIC);
  vdbe_add_op2(v, OP_MustBeInt, 1, 0);
  vdbe_add_op2(v, OP_ResultRow, 1, 1);
  vdbe_set_num_cols(v, 1);
  vdbe_set_sql(v, "x", -1, VDBE_PREP_V2);
  ready(v, 1, 0);
  ck_assert_int_eq(vdbe_step(v), SQLITE_MISMATCH);
  ck_assert_str_eq(g_db->zErrMsg, "datatype mismatch");
  ck_assert_int_eq(vdbe_finalize(v), SQLITE_MISMATCH);
  Value r;
  v = vdbe_create(g_db);
  vdbe_add_op4(v, OP_String8, 0, 1, 0, " 12 ", P4_STATIC);
  vdbe_add_op2(v, OP_MustBeInt, 1, 0);
  vdbe_add_op2(v, OP_ResultRow, 1, 1);
  vdbe_set_num_cols(v, 1);
  ready(v, 1, 0);
  run_one(v, &r);
  ck_assert_int_eq(value_type(&r), SQLITE_INTEGER);
  ck_assert_int_eq(value_int64(&r), 12);
}
END_TEST

START_TEST(test_halt_constraint) {
  Vdbe *v = vdbe_create(g_db);
  vdbe_add_op4(v, OP_Halt, SQLITE_CONSTRAINT_UNIQUE, OE_Abort, 0, "t.a", P4_STATIC);
  vdbe_change_p5(v, P5_ConstraintUnique);
  vdbe_set_sql(v, "x", -1, VDBE_PREP_V2);
  ready(v, 0, 0);
  ck_assert_int_eq(vdbe_step(v), SQLITE_CONSTRAINT_UNIQUE);
  ck_assert_int_eq(g_db->errCode, SQLITE_CONSTRAINT_UNIQUE);
  ck_assert_str_eq(g_db->zErrMsg, "UNIQUE constraint failed: t.a");
  ck_assert_int_eq(vdbe_reset(v), SQLITE_CONSTRAINT_UNIQUE);
  ck_assert_int_eq(vdbe_reset(v), SQLITE_OK);
  vdbe_finalize(v);
  v = vdbe_create(g_db);
  vdbe_add_op3(v, OP_Halt, SQLITE_CONSTRAINT_NOTNULL, OE_Abort, 0);
  vdbe_change_p5(v, P5_ConstraintNotNull);
  vdbe_set_sql(v, "x", -1, 0); /* legacy prepare: step says SQLITE_ERROR */
  ready(v, 0, 0);
  ck_assert_int_eq(vdbe_step(v), SQLITE_ERROR);
  ck_assert_str_eq(g_db->zErrMsg, "NOT NULL constraint failed");
  ck_assert_int_eq(vdbe_finalize(v), SQLITE_CONSTRAINT_NOTNULL);
}
END_TEST

/* Gosub/Return and a coroutine producing 1,2,3 consumed by Yield. */
START_TEST(test_coroutine_and_gosub) {
  Vdbe *v = vdbe_create(g_db);
  int lblCo = vdbe_make_label(v);
  int lblEnd = vdbe_make_label(v);
  vdbe_add_op3(v, OP_InitCoroutine, 1, 0, 0);     /* 0: P2/P3 patched */
  /* coroutine body at 1: yield 1,2,3 in reg 2 */
  vdbe_add_op2(v, OP_Integer, 1, 2);              /* 1 */
  vdbe_add_op1(v, OP_Yield, 1);                   /* 2 */
  vdbe_add_op2(v, OP_Integer, 2, 2);              /* 3 */
  vdbe_add_op1(v, OP_Yield, 1);                   /* 4 */
  vdbe_add_op2(v, OP_Integer, 3, 2);              /* 5 */
  vdbe_add_op1(v, OP_Yield, 1);                   /* 6 */
  vdbe_add_op1(v, OP_EndCoroutine, 1);            /* 7 */
  vdbe_resolve_label(v, lblCo);
  vdbe_change_p2(v, 0, lblCo);
  vdbe_change_p3(v, 0, 1);
  int addrLoop = vdbe_add_op2(v, OP_Yield, 1, lblEnd); /* 8 */
  vdbe_add_op2(v, OP_Gosub, 3, 0);                /* 9: to subroutine */
  int addrGosub = addrLoop + 1;
  vdbe_add_op2(v, OP_ResultRow, 2, 1);            /* 10 */
  vdbe_add_op2(v, OP_Goto, 0, addrLoop);          /* 11 */
  vdbe_jump_here(v, addrGosub);
  vdbe_add_op3(v, OP_Add, 2, 2, 2);               /* 12: reg2 *= 2 */
  vdbe_add_op1(v, OP_Return, 3);                  /* 13 */
  vdbe_resolve_label(v, lblEnd);
  vdbe_add_op0(v, OP_Halt);
  vdbe_set_num_cols(v, 1);
  ready(v, 3, 0);
  i64 expect[] = {2, 4, 6};
  for (int i = 0; i < 3; i++) {
    ck_assert_int_eq(vdbe_step(v), SQLITE_ROW);
    ck_assert_int_eq(value_int64(vdbe_column_value(v, 0)), expect[i]);
  }
  ck_assert_int_eq(vdbe_step(v), SQLITE_DONE);
  /* reset and run again: same rows */
  ck_assert_int_eq(vdbe_reset(v), SQLITE_OK);
  ck_assert_int_eq(vdbe_step(v), SQLITE_ROW);
  ck_assert_int_eq(value_int64(vdbe_column_value(v, 0)), 2);
  vdbe_finalize(v);
}
END_TEST

/* Creates a table and inserts n rows (rowid i, record (i, 'v<i>', i*1.5)). */
static u32 make_table(int n) {
  Vdbe *v = vdbe_create(g_db);
  vdbe_add_op2(v, OP_Transaction, 0, 1);
  vdbe_add_op3(v, OP_CreateBtree, 0, 1, BTREE_INTKEY);
  vdbe_add_op4_int(v, OP_OpenWrite, 0, 1, 0, 3);
  vdbe_change_p5(v, OPFLAG_P2ISREG);
  vdbe_add_op2(v, OP_Integer, n, 2);             /* counter */
  int skip = vdbe_add_op3(v, OP_IfNot, 2, 0, 1);
  int top = vdbe_add_op2(v, OP_NewRowid, 0, 3);
  vdbe_add_op3(v, OP_Copy, 3, 4, 0);
  vdbe_add_op4(v, OP_String8, 0, 5, 0, "v", P4_STATIC);
  vdbe_add_op3(v, OP_Concat, 3, 5, 5);
  double f = 1.5;
  vdbe_add_op4_dup8(v, OP_Real, 0, 7, 0, &f, P4_REAL);
  vdbe_add_op3(v, OP_Multiply, 3, 7, 6);
  vdbe_add_op3(v, OP_MakeRecord, 4, 3, 8);
  vdbe_add_op3(v, OP_Insert, 0, 8, 3);
  vdbe_change_p5(v, OPFLAG_NCHANGE | OPFLAG_LASTROWID);
  vdbe_add_op2(v, OP_DecrJumpZero, 2, vdbe_current_addr(v) + 2);
  vdbe_add_op2(v, OP_Goto, 0, top);
  vdbe_jump_here(v, skip);
  vdbe_add_op2(v, OP_ResultRow, 1, 1);
  vdbe_set_num_cols(v, 1);
  vdbe_set_sql(v, "make", -1, VDBE_PREP_V2);
  ready(v, 8, 1);
  ck_assert_int_eq(vdbe_step(v), SQLITE_ROW);
  u32 iRoot = (u32)value_int64(vdbe_column_value(v, 0));
  ck_assert_int_eq(vdbe_step(v), SQLITE_DONE);
  ck_assert_int_eq(vdbe_finalize(v), SQLITE_OK);
  return iRoot;
}

START_TEST(test_table_loop) {
  u32 iRoot = make_table(500);
  ck_assert_int_eq(g_db->nChange, 500);
  ck_assert_int_eq(g_db->lastRowid, 500);
  ck_assert_int_eq(g_db->autoCommit, 1);
  /* sum of column 0 and the text of row 250, read back by a scan */
  Vdbe *v = vdbe_create(g_db);
  vdbe_add_op2(v, OP_Transaction, 0, 0);
  vdbe_add_op4_int(v, OP_OpenRead, 0, (int)iRoot, 0, 3);
  vdbe_add_op2(v, OP_Integer, 0, 1);
  int rew = vdbe_add_op2(v, OP_Rewind, 0, 0);
  int top = vdbe_add_op3(v, OP_Column, 0, 0, 2);
  vdbe_add_op3(v, OP_Add, 2, 1, 1);
  vdbe_add_op3(v, OP_Column, 0, 2, 3);
  vdbe_add_op2(v, OP_Rowid, 0, 4);
  vdbe_add_op3(v, OP_Column, 0, 1, 5);
  vdbe_add_op3(v, OP_Column, 0, 7, 6); /* beyond the record: NULL */
  vdbe_add_op2(v, OP_Next, 0, top);
  vdbe_jump_here(v, rew);
  vdbe_add_op2(v, OP_ResultRow, 1, 6);
  vdbe_set_num_cols(v, 6);
  ready(v, 6, 1);
  ck_assert_int_eq(vdbe_step(v), SQLITE_ROW);
  ck_assert_int_eq(value_int64(vdbe_column_value(v, 0)), 500 * 501 / 2);
  ck_assert(value_real(vdbe_column_value(v, 2)) == 750.0);
  ck_assert_int_eq(value_int64(vdbe_column_value(v, 3)), 500);
  ck_assert_str_eq((const char *)value_text(vdbe_column_value(v, 4), SQLITE_UTF8), "v500");
  ck_assert_int_eq(value_type(vdbe_column_value(v, 5)), SQLITE_NULL);
  ck_assert_int_eq(vdbe_step(v), SQLITE_DONE);
  ck_assert_int_eq(vdbe_finalize(v), SQLITE_OK);
  ck_assert_int_eq(btree_txn_state(g_db->aDb[0].pBt), SQLITE_TXN_NONE);
}
END_TEST

/* Seek by rowid and by ranges on the table. */
START_TEST(test_table_seek) {
  u32 iRoot = make_table(100);
  static const struct {
    int op;
    double key;
    int expect; /* rowid found, 0 = jump (none) */
  } aCase[] = {
      {OP_SeekGE, 50, 50}, {OP_SeekGT, 50, 51}, {OP_SeekLE, 50, 50}, {OP_SeekLT, 50, 49},
      {OP_SeekGE, 50.5, 51}, {OP_SeekLE, 50.5, 50}, {OP_SeekGT, 100, 0}, {OP_SeekLT, 1, 0},
      {OP_SeekLE, 1000, 100}, {OP_SeekGE, -5, 1}, {OP_SeekLT, 1.5, 1}, {OP_SeekGT, 99.5, 100},
  };
  for (int i = 0; i < ARRAY_SIZE(aCase); i++) {
    Vdbe *v = vdbe_create(g_db);
    vdbe_add_op2(v, OP_Transaction, 0, 0);
    vdbe_add_op4_int(v, OP_OpenRead, 0, (int)iRoot, 0, 3);
    vdbe_add_op4_dup8(v, OP_Real, 0, 1, 0, &aCase[i].key, P4_REAL);
    vdbe_add_op2(v, OP_Integer, 0, 2);
    int j = vdbe_add_op3(v, aCase[i].op, 0, 0, 1);
    vdbe_change_p4(v, j, (void *)(intptr_t)1, P4_INT32);
    vdbe_add_op2(v, OP_Rowid, 0, 2);
    vdbe_jump_here(v, j);
    vdbe_add_op2(v, OP_ResultRow, 2, 1);
    vdbe_set_num_cols(v, 1);
    ready(v, 2, 1);
    ck_assert_int_eq(vdbe_step(v), SQLITE_ROW);
    ck_assert_msg(value_int64(vdbe_column_value(v, 0)) == aCase[i].expect, "case %d: got %lld",
                  i, (long long)value_int64(vdbe_column_value(v, 0)));
    vdbe_finalize(v);
  }
  /* NotExists and SeekRowid */
  Vdbe *v = vdbe_create(g_db);
  vdbe_add_op2(v, OP_Transaction, 0, 0);
  vdbe_add_op4_int(v, OP_OpenRead, 0, (int)iRoot, 0, 3);
  vdbe_add_op2(v, OP_Integer, 77, 1);
  vdbe_add_op2(v, OP_Integer, 0, 3);
  int j1 = vdbe_add_op3(v, OP_NotExists, 0, 0, 1);
  vdbe_add_op3(v, OP_Column, 0, 1, 3);
  vdbe_jump_here(v, j1);
  vdbe_add_op4(v, OP_String8, 0, 4, 0, "abc", P4_STATIC);
  vdbe_add_op2(v, OP_Integer, 1, 5);
  int j2 = vdbe_add_op3(v, OP_SeekRowid, 0, 0, 4);
  vdbe_add_op2(v, OP_Integer, 0, 5);
  vdbe_jump_here(v, j2);
  vdbe_add_op2(v, OP_ResultRow, 3, 3);
  vdbe_set_num_cols(v, 3);
  ready(v, 5, 1);
  ck_assert_int_eq(vdbe_step(v), SQLITE_ROW);
  ck_assert_str_eq((const char *)value_text(vdbe_column_value(v, 0), SQLITE_UTF8), "v77");
  ck_assert_int_eq(value_int64(vdbe_column_value(v, 2)), 1); /* 'abc' jumped */
  vdbe_finalize(v);
}
END_TEST

/* ORDER BY through the sorter: keys (b DESC, a) over 5 records. */
START_TEST(test_sorter) {
  KeyInfo *pKI = keyinfo_alloc(g_db, 2, 0);
  pKI->aSortFlags[0] = KEYINFO_ORDER_DESC;
  Vdbe *v = vdbe_create(g_db);
  vdbe_add_op4(v, OP_SorterOpen, 0, 2, 0, pKI, P4_KEYINFO);
  static const int aB[] = {3, 1, 3, 2, 1}, aA[] = {10, 20, 5, 7, 1};
  for (int i = 0; i < 5; i++) {
    vdbe_add_op2(v, OP_Integer, aB[i], 1);
    vdbe_add_op2(v, OP_Integer, aA[i], 2);
    vdbe_add_op3(v, OP_MakeRecord, 1, 2, 3);
    vdbe_add_op2(v, OP_SorterInsert, 0, 3);
  }
  vdbe_add_op3(v, OP_OpenPseudo, 1, 4, 2);
  int s = vdbe_add_op2(v, OP_SorterSort, 0, 0);
  int top = vdbe_add_op3(v, OP_SorterData, 0, 4, 1);
  vdbe_add_op3(v, OP_Column, 1, 0, 5);
  vdbe_add_op3(v, OP_Column, 1, 1, 6);
  vdbe_add_op2(v, OP_ResultRow, 5, 2);
  vdbe_add_op2(v, OP_SorterNext, 0, top);
  vdbe_jump_here(v, s);
  vdbe_set_num_cols(v, 2);
  ready(v, 6, 2);
  static const int eB[] = {3, 3, 2, 1, 1}, eA[] = {5, 10, 7, 1, 20};
  for (int i = 0; i < 5; i++) {
    ck_assert_int_eq(vdbe_step(v), SQLITE_ROW);
    ck_assert_int_eq(value_int64(vdbe_column_value(v, 0)), eB[i]);
    ck_assert_int_eq(value_int64(vdbe_column_value(v, 1)), eA[i]);
  }
  ck_assert_int_eq(vdbe_step(v), SQLITE_DONE);
  ck_assert_int_eq(vdbe_status(v, SQLITE_STMTSTATUS_SORT, 0), 1);
  ck_assert_int_gt(vdbe_status(v, SQLITE_STMTSTATUS_VM_STEP, 1), 20);
  ck_assert_int_eq(vdbe_status(v, SQLITE_STMTSTATUS_VM_STEP, 0), 0);
  vdbe_finalize(v);
}
END_TEST

/* DISTINCT through an ephemeral index: Found skips duplicates. */
START_TEST(test_ephemeral_distinct) {
  KeyInfo *pKI = keyinfo_alloc(g_db, 1, 0);
  pKI->aColl[0] = &value_coll_nocase;
  Vdbe *v = vdbe_create(g_db);
  vdbe_add_op4(v, OP_OpenEphemeral, 0, 1, 0, pKI, P4_KEYINFO);
  static const char *az[] = {"a", "B", "A", "b", "c", "a"};
  vdbe_add_op2(v, OP_Integer, 0, 5);
  for (int i = 0; i < 6; i++) {
    vdbe_add_op4(v, OP_String8, 0, 1, 0, az[i], P4_STATIC);
    int j = vdbe_add_op4_int(v, OP_Found, 0, 0, 1, 1);
    vdbe_add_op3(v, OP_MakeRecord, 1, 1, 2);
    vdbe_add_op4_int(v, OP_IdxInsert, 0, 2, 1, 1);
    vdbe_add_op2(v, OP_AddImm, 5, 1);
    vdbe_jump_here(v, j);
  }
  /* list the index in order */
  int r = vdbe_add_op2(v, OP_Rewind, 0, 0);
  int top = vdbe_add_op3(v, OP_Column, 0, 0, 3);
  vdbe_add_op2(v, OP_ResultRow, 3, 3);
  vdbe_add_op2(v, OP_Next, 0, top);
  vdbe_jump_here(v, r);
  vdbe_set_num_cols(v, 3);
  ready(v, 5, 1);
  static const char *azExp[] = {"a", "B", "c"};
  for (int i = 0; i < 3; i++) {
    ck_assert_int_eq(vdbe_step(v), SQLITE_ROW);
    ck_assert_str_eq((const char *)value_text(vdbe_column_value(v, 0), SQLITE_UTF8), azExp[i]);
    ck_assert_int_eq(value_int64(vdbe_column_value(v, 2)), 3);
  }
  ck_assert_int_eq(vdbe_step(v), SQLITE_DONE);
  vdbe_finalize(v);
}
END_TEST

/* Index range scan: SeekGE / IdxGT over an ephemeral index of (k, rowid). */
START_TEST(test_index_range) {
  KeyInfo *pKI = keyinfo_alloc(g_db, 1, 1);
  Vdbe *v = vdbe_create(g_db);
  vdbe_add_op4(v, OP_OpenEphemeral, 0, 2, 0, pKI, P4_KEYINFO);
  for (int i = 1; i <= 20; i++) {
    vdbe_add_op2(v, OP_Integer, (i * 7) % 10, 1); /* keys repeat: 0..9 twice */
    vdbe_add_op2(v, OP_Integer, i, 2);
    vdbe_add_op3(v, OP_MakeRecord, 1, 2, 3);
    vdbe_add_op2(v, OP_IdxInsert, 0, 3);
  }
  /* WHERE k BETWEEN 3 AND 4: rowids in index order */
  vdbe_add_op2(v, OP_Integer, 3, 4);
  vdbe_add_op2(v, OP_Integer, 4, 5);
  int seek = vdbe_add_op4_int(v, OP_SeekGE, 0, 0, 4, 1);
  int top = vdbe_add_op4_int(v, OP_IdxGT, 0, 0, 5, 1);
  vdbe_add_op3(v, OP_Column, 0, 0, 6);
  vdbe_add_op2(v, OP_IdxRowid, 0, 7);
  vdbe_add_op2(v, OP_ResultRow, 6, 2);
  vdbe_add_op2(v, OP_Next, 0, top);
  vdbe_jump_here(v, seek);
  vdbe_jump_here(v, top);
  vdbe_set_num_cols(v, 2);
  ready(v, 7, 1);
  /* (i*7)%10 == 3 for i=9,19; == 4 for i=2,12 */
  static const int eK[] = {3, 3, 4, 4}, eR[] = {9, 19, 2, 12};
  for (int i = 0; i < 4; i++) {
    ck_assert_int_eq(vdbe_step(v), SQLITE_ROW);
    ck_assert_int_eq(value_int64(vdbe_column_value(v, 0)), eK[i]);
    ck_assert_int_eq(value_int64(vdbe_column_value(v, 1)), eR[i]);
  }
  ck_assert_int_eq(vdbe_step(v), SQLITE_DONE);
  vdbe_finalize(v);
}
END_TEST

/* Aggregates via the function registry: count(*), sum(x), max(x). */
START_TEST(test_aggregates) {
  u32 iRoot = make_table(10);
  FuncDef *pSum = func_find(g_db, "sum", 1, SQLITE_UTF8, 0);
  FuncDef *pCount = func_find(g_db, "count", 0, SQLITE_UTF8, 0);
  FuncDef *pAbs = func_find(g_db, "abs", 1, SQLITE_UTF8, 0);
  ck_assert_ptr_nonnull(pSum);
  ck_assert_ptr_nonnull(pCount);
  ck_assert_ptr_nonnull(pAbs);
  Vdbe *v = vdbe_create(g_db);
  vdbe_add_op2(v, OP_Transaction, 0, 0);
  vdbe_add_op4_int(v, OP_OpenRead, 0, (int)iRoot, 0, 3);
  vdbe_add_op3(v, OP_Null, 0, 1, 2);
  int r = vdbe_add_op2(v, OP_Rewind, 0, 0);
  int top = vdbe_add_op3(v, OP_Column, 0, 0, 3);
  vdbe_add_op3(v, OP_Subtract, 3, 5, 4); /* r4 = 0 - x (r5 NULL->0 below) */
  vdbe_add_function_call(v, OP_Function, 0, 4, 6, 1, pAbs, 0);
  vdbe_add_op4(v, OP_AggStep, 0, 6, 1, pSum, P4_FUNCDEF);
  vdbe_change_p5(v, 1);
  vdbe_add_op4(v, OP_AggStep, 0, 0, 2, pCount, P4_FUNCDEF);
  vdbe_change_p5(v, 0);
  vdbe_add_op2(v, OP_Next, 0, top);
  vdbe_jump_here(v, r);
  vdbe_add_op4(v, OP_AggFinal, 1, 1, 0, pSum, P4_FUNCDEF);
  vdbe_add_op4(v, OP_AggFinal, 2, 0, 0, pCount, P4_FUNCDEF);
  vdbe_add_op2(v, OP_ResultRow, 1, 2);
  vdbe_set_num_cols(v, 2);
  ready(v, 6, 1);
  value_set_int(&v->aMem[5], 0);
  ck_assert_int_eq(vdbe_step(v), SQLITE_ROW);
  ck_assert_int_eq(value_int64(vdbe_column_value(v, 0)), 55);
  ck_assert_int_eq(value_int64(vdbe_column_value(v, 1)), 10);
  ck_assert_int_eq(vdbe_step(v), SQLITE_DONE);
  vdbe_finalize(v);
}
END_TEST

START_TEST(test_explain) {
  Vdbe *v = vdbe_create(g_db);
  vdbe_add_op2(v, OP_Init, 0, 3);
  vdbe_add_op2(v, OP_Integer, 1, 1);
  vdbe_add_op2(v, OP_ResultRow, 1, 1);
  double r = 2.5;
  vdbe_add_op4_dup8(v, OP_Real, 0, 2, 0, &r, P4_REAL);
  vdbe_add_explain(v, 0, "SCAN t");
  vdbe_add_op2(v, OP_Goto, 0, 1);
  vdbe_set_explain(v, 1);
  ready(v, 2, 0);
  ck_assert_int_eq(vdbe_column_count(v), 8);
  ck_assert_str_eq(vdbe_column_name(v, 1, COLNAME_NAME), "opcode");
  ck_assert_int_eq(vdbe_step(v), SQLITE_ROW);
  ck_assert_int_eq(value_int64(vdbe_column_value(v, 0)), 0);
  ck_assert_str_eq((const char *)value_text(vdbe_column_value(v, 1), SQLITE_UTF8), "Init");
  ck_assert_int_eq(value_int64(vdbe_column_value(v, 3)), 3);
  ck_assert_int_eq(value_type(vdbe_column_value(v, 5)), SQLITE_NULL);
  ck_assert_int_eq(vdbe_step(v), SQLITE_ROW);
  ck_assert_int_eq(vdbe_step(v), SQLITE_ROW);
  ck_assert_int_eq(vdbe_step(v), SQLITE_ROW);
  ck_assert_str_eq((const char *)value_text(vdbe_column_value(v, 1), SQLITE_UTF8), "Real");
  ck_assert_str_eq((const char *)value_text(vdbe_column_value(v, 5), SQLITE_UTF8), "2.5");
  vdbe_finalize(v);
  /* KeyInfo as SQLite shows it: ordering fields only, B for BINARY */
  KeyInfo *pKI = keyinfo_alloc(g_db, 3, 1);
  pKI->aSortFlags[0] = KEYINFO_ORDER_DESC;
  pKI->aColl[1] = &value_coll_nocase;
  pKI->aColl[2] = &value_coll_binary;
  char *zK = vdbe_display_keyinfo(pKI);
  ck_assert_str_eq(zK, "k(3,-,NOCASE,B)");
  mem_free(zK);
  keyinfo_unref(pKI);
  /* EXPLAIN QUERY PLAN lists only the OP_Explain rows */
  v = vdbe_create(g_db);
  vdbe_add_op2(v, OP_Init, 0, 1);
  int id = vdbe_add_explain(v, 0, "SCAN t");
  vdbe_add_explain(v, id, "USE TEMP B-TREE FOR ORDER BY");
  vdbe_set_explain(v, 2);
  ready(v, 0, 0);
  ck_assert_int_eq(vdbe_column_count(v), 4);
  ck_assert_int_eq(vdbe_step(v), SQLITE_ROW);
  ck_assert_int_eq(value_int64(vdbe_column_value(v, 0)), 1);
  ck_assert_int_eq(value_int64(vdbe_column_value(v, 1)), 0);
  ck_assert_str_eq((const char *)value_text(vdbe_column_value(v, 3), SQLITE_UTF8), "SCAN t");
  ck_assert_int_eq(vdbe_step(v), SQLITE_ROW);
  ck_assert_int_eq(value_int64(vdbe_column_value(v, 1)), 1);
  ck_assert_int_eq(vdbe_step(v), SQLITE_DONE);
  ck_assert_int_eq(vdbe_is_explain(v), 2);
  vdbe_finalize(v);
}
END_TEST

START_TEST(test_bind) {
  Vdbe *v = vdbe_create(g_db);
  vdbe_add_op2(v, OP_Variable, 1, 1);
  vdbe_add_op2(v, OP_Variable, 2, 2);
  vdbe_add_op2(v, OP_ResultRow, 1, 2);
  vdbe_set_num_cols(v, 2);
  vdbe_set_sql(v, "SELECT ?1, :name", -1, VDBE_PREP_V2);
  const char *azVar[] = {NULL, ":name"};
  ck_assert_int_eq(vdbe_make_ready(v, 2, 0, 2, azVar), SQLITE_OK);
  ck_assert_int_eq(vdbe_bind_parameter_count(v), 2);
  ck_assert_int_eq(vdbe_bind_parameter_index(v, ":name"), 2);
  ck_assert_ptr_null(vdbe_bind_parameter_name(v, 1));
  ck_assert_int_eq(vdbe_bind_int64(v, 3, 1), SQLITE_RANGE);
  ck_assert_int_eq(vdbe_bind_int64(v, 0, 1), SQLITE_RANGE);
  ck_assert_int_eq(vdbe_bind_int64(v, 1, 42), SQLITE_OK);
  ck_assert_int_eq(vdbe_bind_text(v, 2, "it's", -1, SQLITE_TRANSIENT, SQLITE_UTF8), SQLITE_OK);
  char *z = vdbe_expanded_sql(v);
  ck_assert_str_eq(z, "SELECT 42, 'it''s'");
  mem_free(z);
  ck_assert_int_eq(vdbe_step(v), SQLITE_ROW);
  ck_assert_int_eq(vdbe_bind_int64(v, 1, 7), SQLITE_MISUSE);
  ck_assert_int_eq(value_int64(vdbe_column_value(v, 0)), 42);
  ck_assert_str_eq((const char *)value_text(vdbe_column_value(v, 1), SQLITE_UTF8), "it's");
  ck_assert(vdbe_is_busy(v));
  ck_assert_int_eq(vdbe_reset(v), SQLITE_OK);
  ck_assert(!vdbe_is_busy(v));
  ck_assert_int_eq(vdbe_clear_bindings(v), SQLITE_OK);
  ck_assert_int_eq(vdbe_step(v), SQLITE_ROW);
  ck_assert_int_eq(value_type(vdbe_column_value(v, 0)), SQLITE_NULL);
  ck_assert(vdbe_is_readonly(v));
  ck_assert_ptr_eq(vdbe_next_stmt(g_db, NULL), v);
  vdbe_finalize(v);
  ck_assert_ptr_null(vdbe_next_stmt(g_db, NULL));
}
END_TEST

/* Explicit transaction with a failing statement: only it is undone. */
static int run_simple(Vdbe *v) {
  int rc;
  while ((rc = vdbe_step(v)) == SQLITE_ROW) {
  }
  vdbe_finalize(v);
  return rc;
}

static int txn_op(int p1, int p2) {
  Vdbe *v = vdbe_create(g_db);
  vdbe_add_op2(v, OP_AutoCommit, p1, p2);
  vdbe_set_sql(v, "txn", -1, VDBE_PREP_V2);
  ready(v, 0, 0);
  return run_simple(v);
}

/* Inserts rowid r into table iRoot, then halts with rc if bFail. */
static int insert_row(u32 iRoot, int r, int bFail) {
  Vdbe *v = vdbe_create(g_db);
  vdbe_add_op2(v, OP_Transaction, 0, 1);
  vdbe_add_op4_int(v, OP_OpenWrite, 0, (int)iRoot, 0, 1);
  vdbe_add_op2(v, OP_Integer, r, 1);
  vdbe_add_op3(v, OP_MakeRecord, 1, 1, 2);
  vdbe_add_op3(v, OP_Insert, 0, 2, 1);
  vdbe_change_p5(v, OPFLAG_NCHANGE);
  if (bFail) vdbe_add_op4(v, OP_Halt, SQLITE_CONSTRAINT_CHECK, OE_Abort, 0, "x", P4_STATIC);
  if (bFail) vdbe_change_p5(v, P5_ConstraintCheck);
  vdbe_set_sql(v, "ins", -1, VDBE_PREP_V2);
  ready(v, 2, 1);
  return run_simple(v);
}

static i64 count_rows(u32 iRoot) {
  Vdbe *v = vdbe_create(g_db);
  vdbe_add_op2(v, OP_Transaction, 0, 0);
  vdbe_add_op4_int(v, OP_OpenRead, 0, (int)iRoot, 0, 1);
  vdbe_add_op2(v, OP_Count, 0, 1);
  vdbe_add_op2(v, OP_ResultRow, 1, 1);
  vdbe_set_num_cols(v, 1);
  ready(v, 1, 1);
  ck_assert_int_eq(vdbe_step(v), SQLITE_ROW);
  i64 n = value_int64(vdbe_column_value(v, 0));
  vdbe_finalize(v);
  return n;
}

START_TEST(test_transactions) {
  u32 iRoot = make_table(0);
  ck_assert_int_eq(txn_op(0, 0), SQLITE_DONE); /* BEGIN */
  ck_assert_int_eq(g_db->autoCommit, 0);
  ck_assert_int_eq(txn_op(0, 0), SQLITE_ERROR);
  ck_assert_str_eq(g_db->zErrMsg, "cannot start a transaction within a transaction");
  ck_assert_int_eq(insert_row(iRoot, 1, 0), SQLITE_DONE);
  ck_assert_int_eq(insert_row(iRoot, 2, 1), SQLITE_CONSTRAINT_CHECK);
  ck_assert_str_eq(g_db->zErrMsg, "CHECK constraint failed: x");
  ck_assert_int_eq(g_db->autoCommit, 0);
  ck_assert_int_eq(count_rows(iRoot), 1); /* the failed statement was undone */
  ck_assert_int_eq(txn_op(1, 0), SQLITE_DONE); /* COMMIT */
  ck_assert_int_eq(g_db->autoCommit, 1);
  ck_assert_int_eq(count_rows(iRoot), 1);
  ck_assert_int_eq(txn_op(1, 0), SQLITE_ERROR);
  ck_assert_str_eq(g_db->zErrMsg, "cannot commit - no transaction is active");
  ck_assert_int_eq(txn_op(1, 1), SQLITE_ERROR);
  ck_assert_str_eq(g_db->zErrMsg, "cannot rollback - no transaction is active");
  /* BEGIN; insert; ROLLBACK */
  ck_assert_int_eq(txn_op(0, 0), SQLITE_DONE);
  ck_assert_int_eq(insert_row(iRoot, 5, 0), SQLITE_DONE);
  ck_assert_int_eq(count_rows(iRoot), 2);
  ck_assert_int_eq(txn_op(1, 1), SQLITE_DONE);
  ck_assert_int_eq(count_rows(iRoot), 1);
  /* autocommit failure undoes the statement */
  ck_assert_int_eq(insert_row(iRoot, 6, 1), SQLITE_CONSTRAINT_CHECK);
  ck_assert_int_eq(count_rows(iRoot), 1);
}
END_TEST

static int savepoint_op(int p1, const char *zName) {
  Vdbe *v = vdbe_create(g_db);
  vdbe_add_op4(v, OP_Savepoint, p1, 0, 0, zName, P4_TRANSIENT);
  vdbe_set_sql(v, "sp", -1, VDBE_PREP_V2);
  ready(v, 0, 0);
  return run_simple(v);
}

START_TEST(test_savepoints) {
  u32 iRoot = make_table(0);
  ck_assert_int_eq(savepoint_op(0, "a"), SQLITE_DONE);
  ck_assert_int_eq(g_db->autoCommit, 0);
  ck_assert_int_eq(insert_row(iRoot, 1, 0), SQLITE_DONE);
  ck_assert_int_eq(savepoint_op(0, "b"), SQLITE_DONE);
  ck_assert_int_eq(insert_row(iRoot, 2, 0), SQLITE_DONE);
  ck_assert_int_eq(count_rows(iRoot), 2);
  ck_assert_int_eq(savepoint_op(2, "B"), SQLITE_DONE); /* ROLLBACK TO b */
  ck_assert_int_eq(count_rows(iRoot), 1);
  ck_assert_int_eq(savepoint_op(1, "nope"), SQLITE_ERROR);
  ck_assert_str_eq(g_db->zErrMsg, "no such savepoint: nope");
  ck_assert_int_eq(insert_row(iRoot, 3, 0), SQLITE_DONE);
  ck_assert_int_eq(savepoint_op(2, "a"), SQLITE_DONE); /* ROLLBACK TO a: back to empty */
  ck_assert_int_eq(count_rows(iRoot), 0);
  ck_assert_int_eq(g_db->autoCommit, 0);
  ck_assert_int_eq(insert_row(iRoot, 4, 0), SQLITE_DONE);
  ck_assert_int_eq(savepoint_op(1, "a"), SQLITE_DONE); /* RELEASE a commits */
  ck_assert_int_eq(g_db->autoCommit, 1);
  ck_assert_int_eq(count_rows(iRoot), 1);
  ck_assert_int_eq(btree_txn_state(g_db->aDb[0].pBt), SQLITE_TXN_NONE);
}
END_TEST

/* Index maintenance: NoConflict detects a duplicate, IdxDelete removes. */
START_TEST(test_index_write) {
  Vdbe *v = vdbe_create(g_db);
  KeyInfo *pKI = keyinfo_alloc(g_db, 1, 1);
  vdbe_add_op2(v, OP_Transaction, 0, 1);
  vdbe_add_op3(v, OP_CreateBtree, 0, 1, BTREE_BLOBKEY);
  vdbe_add_op4(v, OP_OpenWrite, 0, 1, 0, pKI, P4_KEYINFO);
  vdbe_change_p5(v, OPFLAG_P2ISREG);
  for (int i = 1; i <= 5; i++) {
    vdbe_add_op2(v, OP_Integer, i * 10, 2);
    vdbe_add_op2(v, OP_Integer, i, 3);
    vdbe_add_op3(v, OP_MakeRecord, 2, 2, 4);
    vdbe_add_op4_int(v, OP_IdxInsert, 0, 4, 2, 2);
  }
  vdbe_add_op2(v, OP_Integer, 30, 2);
  vdbe_add_op2(v, OP_Integer, 0, 5);
  int j = vdbe_add_op4_int(v, OP_NoConflict, 0, 0, 2, 1);
  vdbe_add_op2(v, OP_IdxRowid, 0, 5); /* conflicting row's rowid */
  vdbe_jump_here(v, j);
  vdbe_add_op2(v, OP_Integer, 3, 3);
  vdbe_add_op3(v, OP_IdxDelete, 0, 2, 2);
  vdbe_add_op2(v, OP_Integer, 0, 6);
  int j2 = vdbe_add_op4_int(v, OP_NotFound, 0, 0, 2, 1);
  vdbe_add_op2(v, OP_Integer, 1, 6);
  vdbe_jump_here(v, j2);
  vdbe_add_op2(v, OP_Count, 0, 7);
  vdbe_add_op2(v, OP_ResultRow, 5, 3);
  vdbe_set_num_cols(v, 3);
  ready(v, 7, 1);
  ck_assert_int_eq(vdbe_step(v), SQLITE_ROW);
  ck_assert_int_eq(value_int64(vdbe_column_value(v, 0)), 3);
  ck_assert_int_eq(value_int64(vdbe_column_value(v, 1)), 0);
  ck_assert_int_eq(value_int64(vdbe_column_value(v, 2)), 4);
  ck_assert_int_eq(vdbe_step(v), SQLITE_DONE);
  vdbe_finalize(v);
}
END_TEST

START_TEST(test_interrupt_and_misuse) {
  Vdbe *v = vdbe_create(g_db);
  int top = vdbe_add_op0(v, OP_Noop);
  vdbe_add_op2(v, OP_Goto, 0, top); /* endless loop */
  vdbe_set_sql(v, "loop", -1, VDBE_PREP_V2);
  ready(v, 0, 0);
  g_db->isInterrupted = 1;
  g_db->nVdbeActive = 1; /* as if another statement were running */
  ck_assert_int_eq(vdbe_step(v), SQLITE_INTERRUPT);
  ck_assert_str_eq(g_db->zErrMsg, "interrupted");
  g_db->nVdbeActive = 0;
  g_db->isInterrupted = 0;
  vdbe_finalize(v);
  ck_assert_int_eq(vdbe_step(NULL), SQLITE_MISUSE);
  ck_assert_int_eq(vdbe_finalize(NULL), SQLITE_OK);
}
END_TEST

/* A write in autocommit mode while a SELECT is pending commits at once;
** the SELECT keeps reading (SQLite's "COMMIT runs immediately"). */
START_TEST(test_pending_reader) {
  u32 iRoot = make_table(5);
  Vdbe *pScan = vdbe_create(g_db);
  vdbe_add_op2(pScan, OP_Transaction, 0, 0);
  vdbe_add_op4_int(pScan, OP_OpenRead, 0, (int)iRoot, 0, 3);
  int r = vdbe_add_op2(pScan, OP_Rewind, 0, 0);
  int top = vdbe_add_op2(pScan, OP_Rowid, 0, 1);
  vdbe_add_op2(pScan, OP_ResultRow, 1, 1);
  vdbe_add_op2(pScan, OP_Next, 0, top);
  vdbe_jump_here(pScan, r);
  vdbe_set_num_cols(pScan, 1);
  ready(pScan, 1, 1);
  ck_assert_int_eq(vdbe_step(pScan), SQLITE_ROW);
  ck_assert_int_eq(value_int64(vdbe_column_value(pScan, 0)), 1);
  ck_assert_int_eq(insert_row(iRoot, 100, 0), SQLITE_DONE);
  /* committed: the write transaction is over, a read one remains */
  ck_assert_int_eq(btree_txn_state(g_db->aDb[0].pBt), SQLITE_TXN_READ);
  int n = 1;
  i64 last = 0;
  while (vdbe_step(pScan) == SQLITE_ROW) {
    last = value_int64(vdbe_column_value(pScan, 0));
    n++;
  }
  ck_assert_int_eq(n, 6);
  ck_assert_int_eq(last, 100);
  ck_assert_int_eq(vdbe_finalize(pScan), SQLITE_OK);
  ck_assert_int_eq(btree_txn_state(g_db->aDb[0].pBt), SQLITE_TXN_NONE);
  ck_assert_int_eq(count_rows(iRoot), 6);
}
END_TEST

/* Builds and runs the DISTINCT-through-ephemeral-index and sorter
** programs with the n-th allocation failing: every outcome must be a
** clean error or success, never a crash or a leak (ASan checks leaks). */
static int run_sort_program(void) {
  KeyInfo *pKI = keyinfo_alloc(g_db, 1, 0);
  if (pKI == NULL) return SQLITE_NOMEM;
  Vdbe *v = vdbe_create(g_db);
  if (v == NULL) {
    keyinfo_unref(pKI);
    return SQLITE_NOMEM;
  }
  KeyInfo *pKI2 = keyinfo_ref(pKI);
  vdbe_add_op4(v, OP_SorterOpen, 0, 1, 0, pKI, P4_KEYINFO);
  vdbe_add_op4(v, OP_OpenEphemeral, 2, 1, 0, pKI2, P4_KEYINFO);
  for (int i = 0; i < 20; i++) {
    vdbe_add_op4(v, OP_String8, 0, 1, 0, i % 2 ? "xyz" : "abcdefghijklmnopqrstuvwxyz", P4_STATIC);
    vdbe_add_op2(v, OP_Integer, i, 2);
    vdbe_add_op3(v, OP_Concat, 2, 1, 1);
    vdbe_add_op3(v, OP_MakeRecord, 1, 1, 3);
    vdbe_add_op2(v, OP_SorterInsert, 0, 3);
    vdbe_add_op2(v, OP_IdxInsert, 2, 3);
  }
  vdbe_add_op3(v, OP_OpenPseudo, 1, 4, 1);
  int s0 = vdbe_add_op2(v, OP_SorterSort, 0, 0);
  int top = vdbe_add_op3(v, OP_SorterData, 0, 4, 1);
  vdbe_add_op3(v, OP_Column, 1, 0, 5);
  vdbe_add_op2(v, OP_ResultRow, 5, 1);
  vdbe_add_op2(v, OP_SorterNext, 0, top);
  vdbe_jump_here(v, s0);
  vdbe_set_num_cols(v, 1);
  vdbe_set_sql(v, "oom", -1, VDBE_PREP_V2);
  int rc = vdbe_make_ready(v, 5, 3, 0, NULL);
  int nRow = 0;
  if (rc == SQLITE_OK) {
    while ((rc = vdbe_step(v)) == SQLITE_ROW) nRow++;
  }
  vdbe_finalize(v);
  if (rc == SQLITE_DONE) ck_assert_int_eq(nRow, 20);
  return rc;
}

START_TEST(test_oom) {
  int nOk = 0, nFail = 0;
  for (int n = 1; n < 400; n++) {
    mem_fault_countdown(n, 0);
    int rc = run_sort_program();
    mem_fault_countdown(0, 0);
    if (rc == SQLITE_DONE) {
      nOk++;
    } else {
      nFail++;
    }
  }
  ck_assert_int_gt(nFail, 10);  /* the faults did hit */
  ck_assert_int_gt(nOk, 0);     /* and the program does complete without them */
  ck_assert_int_eq(run_sort_program(), SQLITE_DONE);
}
END_TEST

/* A trigger-like sub-program: OP_Param reads the caller's registers and
** inserts a row; a second one does RAISE(IGNORE). */
START_TEST(test_subprogram) {
  u32 iRoot = make_table(0);
  Vdbe *pSub = vdbe_create(g_db);
  vdbe_add_op4_int(pSub, OP_OpenWrite, 0, (int)iRoot, 0, 1);
  vdbe_add_op2(pSub, OP_Param, 0, 1);
  vdbe_add_op2(pSub, OP_Param, 1, 2);
  vdbe_add_op3(pSub, OP_MakeRecord, 2, 1, 3);
  vdbe_add_op3(pSub, OP_Insert, 0, 3, 1);
  SubProgram *pIns = vdbe_make_subprogram(pSub, 3, 1, (void *)1);
  ck_assert_ptr_nonnull(pIns);
  pSub = vdbe_create(g_db);
  vdbe_add_op2(pSub, OP_Halt, SQLITE_OK, OE_Ignore);
  SubProgram *pIgn = vdbe_make_subprogram(pSub, 0, 0, (void *)2);
  ck_assert_ptr_nonnull(pIgn);

  Vdbe *v = vdbe_create(g_db);
  vdbe_add_op2(v, OP_Transaction, 0, 1);
  vdbe_add_op2(v, OP_Integer, 0, 5);
  for (int i = 1; i <= 3; i++) {
    vdbe_add_op2(v, OP_Integer, i, 1);
    vdbe_add_op2(v, OP_Integer, i * 100, 2);
    vdbe_add_op4(v, OP_Program, 1, 0, 3, i == 1 ? pIns : vdbe_subprogram_ref(pIns),
                 P4_SUBPROGRAM);
    vdbe_change_p5(v, 0);
  }
  int a = vdbe_add_op4(v, OP_Program, 1, 0, 3, pIgn, P4_SUBPROGRAM);
  vdbe_add_op2(v, OP_Integer, 1, 5); /* skipped by RAISE(IGNORE) */
  vdbe_jump_here(v, a);
  vdbe_add_op2(v, OP_ResultRow, 5, 1);
  vdbe_set_num_cols(v, 1);
  vdbe_set_sql(v, "trig", -1, VDBE_PREP_V2);
  ready(v, 5, 0);
  ck_assert_int_eq(vdbe_step(v), SQLITE_ROW);
  ck_assert_int_eq(value_int64(vdbe_column_value(v, 0)), 0);
  ck_assert_int_eq(vdbe_step(v), SQLITE_DONE);
  VdbeOp *pOp = vdbe_get_op(v, a);
  char *z = vdbe_display_p4(pOp);
  ck_assert_str_eq(z, "program");
  mem_free(z);
  vdbe_finalize(v);
  ck_assert_int_eq(count_rows(iRoot), 3);
}
END_TEST

/* The record comparators (with their integer/text fast paths) agree with
** value_compare field by field on random records. */
static u64 g_seed = 0x2545f4914f6cdd1dULL;
static u64 rnd(void) {
  g_seed ^= g_seed << 13;
  g_seed ^= g_seed >> 7;
  g_seed ^= g_seed << 17;
  return g_seed;
}

static void rand_value(Value *p) {
  static const char *az[] = {"", "a", "ab", "abc", "b", "B", "\xc3\xa9"};
  switch (rnd() % 6) {
    case 0: value_set_null(p); break;
    case 1: value_set_int(p, (i64)(rnd() % 5) - 2); break;
    case 2:
      value_set_int(p, rnd() % 2 ? (i64)rnd() : (rnd() % 2 ? INT64_MAX : INT64_MIN));
      break;
    case 3:
      if (rnd() % 2) {
        value_set_real(p, (double)((i64)(rnd() % 9) - 4) / 2.0);
      } else {
        value_set_real(p, (double)(i64)rnd() + (double)(rnd() % 3) - 1.0);
      }
      break;
    case 4: value_set_text(p, az[rnd() % 7], -1, SQLITE_UTF8, SQLITE_STATIC); break;
    default: {
      const char *z = az[rnd() % 7];
      value_set_blob(p, z, (int)strlen(z), SQLITE_STATIC);
    }
  }
}

START_TEST(test_record_compare_random) {
  enum { N = 3 };
  KeyInfo *pKI = keyinfo_alloc(g_db, N, 0);
  pKI->aSortFlags[1] = KEYINFO_ORDER_DESC;
  pKI->aColl[2] = &value_coll_nocase;
  Value a[N], b[N];
  for (int i = 0; i < N; i++) {
    value_init(&a[i], g_db);
    value_init(&b[i], g_db);
  }
  for (int iter = 0; iter < 20000; iter++) {
    for (int i = 0; i < N; i++) {
      rand_value(&a[i]);
      if (rnd() % 3 == 0) value_copy(&b[i], &a[i]); else rand_value(&b[i]);
    }
    int expect = 0;
    for (int i = 0; i < N && expect == 0; i++) {
      expect = value_compare(&a[i], &b[i], pKI->aColl[i]);
      expect = expect < 0 ? -1 : expect > 0;
      if (pKI->aSortFlags[i] & KEYINFO_ORDER_DESC) expect = -expect;
    }
    u8 *pa, *pb;
    int na, nb, rc = SQLITE_OK;
    ck_assert_int_eq(rec_encode(a, N, &pa, &na), SQLITE_OK);
    ck_assert_int_eq(rec_encode(b, N, &pb, &nb), SQLITE_OK);
    int c = vdbe_record_compare(pKI, pa, na, pb, nb, &rc);
    ck_assert_int_eq(rc, SQLITE_OK);
    c = c < 0 ? -1 : c > 0;
    ck_assert_msg(c == expect, "iter %d: record_compare %d expected %d", iter, c, expect);
    VdbeKey k = {pKI, b, N, 0, 0};
    c = vdbe_key_compare(pKI, pa, na, &k, &rc);
    c = c < 0 ? -1 : c > 0;
    ck_assert_int_eq(rc, SQLITE_OK);
    ck_assert_msg(c == expect, "iter %d: key_compare %d expected %d", iter, c, expect);
    mem_free(pa);
    mem_free(pb);
  }
  for (int i = 0; i < N; i++) {
    value_release(&a[i]);
    value_release(&b[i]);
  }
  keyinfo_unref(pKI);
}
END_TEST

/* Malformed records give SQLITE_CORRUPT, never a crash. */
START_TEST(test_record_corrupt) {
  KeyInfo *pKI = keyinfo_alloc(g_db, 2, 0);
  static const u8 aBad[][6] = {
      {0x05, 0x0a, 0x01, 0x01, 0x01, 0x00}, /* reserved serial type 10 */
      {0x7f, 0x01, 0x01, 0x00, 0x00, 0x00}, /* header longer than the record */
      {0x03, 0x1f, 0x01, 0x00, 0x00, 0x00}, /* text runs past the end */
  };
  static const u8 aGood[] = {0x03, 0x01, 0x01, 0x05, 0x06};
  for (int i = 0; i < ARRAY_SIZE(aBad); i++) {
    int rc = SQLITE_OK;
    vdbe_record_compare(pKI, aBad[i], 6, aGood, 5, &rc);
    ck_assert_int_eq(rc & 0xff, SQLITE_CORRUPT);
    Value kv[2];
    value_init(&kv[0], g_db);
    value_init(&kv[1], g_db);
    value_set_int(&kv[0], 5);
    value_set_int(&kv[1], 6);
    VdbeKey k = {pKI, kv, 2, 0, 0};
    rc = SQLITE_OK;
    vdbe_key_compare(pKI, aBad[i], 6, &k, &rc);
    ck_assert_int_eq(rc & 0xff, SQLITE_CORRUPT);
  }
  int rc = SQLITE_OK;
  ck_assert_int_eq(vdbe_record_compare(pKI, aGood, 5, aGood, 5, &rc), 0);
  ck_assert_int_eq(rc, SQLITE_OK);
  keyinfo_unref(pKI);
}
END_TEST

/* Window-style aggregate use: AggValue reads the running value, AggInverse
** removes a row. */
START_TEST(test_window_ops) {
  FuncDef *pSum = func_find(g_db, "sum", 1, SQLITE_UTF8, 0);
  ck_assert_ptr_nonnull(pSum);
  if (pSum->xInverse == NULL) return; /* built-in without window support */
  Vdbe *v = vdbe_create(g_db);
  vdbe_add_op2(v, OP_Null, 0, 1);
  for (int i = 1; i <= 3; i++) {
    vdbe_add_op2(v, OP_Integer, i, 2);
    vdbe_add_op4(v, OP_AggStep, 0, 2, 1, pSum, P4_FUNCDEF);
    vdbe_change_p5(v, 1);
  }
  vdbe_add_op4(v, OP_AggValue, 1, 1, 3, pSum, P4_FUNCDEF);
  vdbe_add_op2(v, OP_Integer, 1, 2);
  vdbe_add_op4(v, OP_AggInverse, 0, 2, 1, pSum, P4_FUNCDEF);
  vdbe_change_p5(v, 1);
  vdbe_add_op4(v, OP_AggFinal, 1, 1, 0, pSum, P4_FUNCDEF);
  vdbe_add_op2(v, OP_ResultRow, 1, 3);
  vdbe_set_num_cols(v, 3);
  ready(v, 3, 0);
  ck_assert_int_eq(vdbe_step(v), SQLITE_ROW);
  ck_assert_int_eq(value_int64(vdbe_column_value(v, 0)), 5);
  ck_assert_int_eq(value_int64(vdbe_column_value(v, 2)), 6);
  vdbe_finalize(v);
}
END_TEST

/* RowSet: values come back sorted without duplicates; RowSetTest finds
** members of earlier sets.  FkCounter makes the statement fail. */
START_TEST(test_rowset_and_fk) {
  Vdbe *v = vdbe_create(g_db);
  static const int aIn[] = {5, 3, 9, 3, 1};
  for (int i = 0; i < 5; i++) {
    vdbe_add_op2(v, OP_Integer, aIn[i], 2);
    vdbe_add_op2(v, OP_RowSetAdd, 1, 2);
  }
  vdbe_add_op2(v, OP_Integer, 9, 3);
  vdbe_add_op2(v, OP_Integer, 0, 4);
  int t = vdbe_add_op4_int(v, OP_RowSetTest, 1, 0, 3, 1);
  vdbe_add_op2(v, OP_Integer, 1, 4); /* skipped: 9 is a member */
  vdbe_jump_here(v, t);
  int top = vdbe_add_op3(v, OP_RowSetRead, 1, 0, 2);
  vdbe_add_op2(v, OP_ResultRow, 2, 3);
  vdbe_add_op2(v, OP_Goto, 0, top);
  vdbe_jump_here(v, top);
  vdbe_set_num_cols(v, 3);
  ready(v, 4, 0);
  static const int aOut[] = {1, 3, 5, 9};
  for (int i = 0; i < 4; i++) {
    ck_assert_int_eq(vdbe_step(v), SQLITE_ROW);
    ck_assert_int_eq(value_int64(vdbe_column_value(v, 0)), aOut[i]);
    ck_assert_int_eq(value_int64(vdbe_column_value(v, 2)), 0);
  }
  ck_assert_int_eq(vdbe_step(v), SQLITE_DONE);
  vdbe_finalize(v);

  v = vdbe_create(g_db);
  vdbe_add_op2(v, OP_FkCounter, 0, 1);
  int j = vdbe_add_op2(v, OP_FkIfZero, 0, 0);
  vdbe_add_op2(v, OP_Integer, 7, 1);
  vdbe_jump_here(v, j);
  vdbe_add_op2(v, OP_ResultRow, 1, 1);
  vdbe_set_num_cols(v, 1);
  vdbe_set_sql(v, "fk", -1, VDBE_PREP_V2);
  ready(v, 1, 0);
  ck_assert_int_eq(vdbe_step(v), SQLITE_ROW);
  ck_assert_int_eq(value_int64(vdbe_column_value(v, 0)), 7);
  ck_assert_int_eq(vdbe_step(v), SQLITE_CONSTRAINT_FOREIGNKEY);
  ck_assert_str_eq(g_db->zErrMsg, "FOREIGN KEY constraint failed");
  vdbe_finalize(v);
}
END_TEST

/* A sort larger than the spill threshold goes through temporary-file runs
** and still comes out ordered and stable. */
START_TEST(test_sorter_spill) {
  vdbe_sorter_set_spill(2000);
  KeyInfo *pKI = keyinfo_alloc(g_db, 1, 1);
  Vdbe *v = vdbe_create(g_db);
  vdbe_add_op4(v, OP_SorterOpen, 0, 2, 0, pKI, P4_KEYINFO);
  vdbe_add_op2(v, OP_Integer, 3000, 5);                 /* counter */
  int top = vdbe_add_op2(v, OP_Copy, 5, 2);             /* payload: insertion index */
  vdbe_add_op2(v, OP_Integer, 97, 3);
  vdbe_add_op3(v, OP_Remainder, 3, 5, 1);               /* key: counter % 97 */
  vdbe_add_op3(v, OP_MakeRecord, 1, 2, 4);
  vdbe_add_op2(v, OP_SorterInsert, 0, 4);
  vdbe_add_op2(v, OP_DecrJumpZero, 5, vdbe_current_addr(v) + 2);
  vdbe_add_op2(v, OP_Goto, 0, top);
  vdbe_add_op3(v, OP_OpenPseudo, 1, 6, 2);
  int s0 = vdbe_add_op2(v, OP_SorterSort, 0, 0);
  int loop = vdbe_add_op3(v, OP_SorterData, 0, 6, 1);
  vdbe_add_op3(v, OP_Column, 1, 0, 7);
  vdbe_add_op3(v, OP_Column, 1, 1, 8);
  vdbe_add_op2(v, OP_ResultRow, 7, 2);
  vdbe_add_op2(v, OP_SorterNext, 0, loop);
  vdbe_jump_here(v, s0);
  vdbe_set_num_cols(v, 2);
  ready(v, 8, 2);
  int n = 0;
  i64 prevKey = -1, prevPayload = 1 << 30;
  while (vdbe_step(v) == SQLITE_ROW) {
    i64 k = value_int64(vdbe_column_value(v, 0)), pl = value_int64(vdbe_column_value(v, 1));
    ck_assert_int_ge(k, prevKey);
    /* stable: equal keys keep insertion order (payloads were inserted
    ** counting down) */
    if (k == prevKey) ck_assert_int_lt(pl, prevPayload);
    prevKey = k;
    prevPayload = pl;
    n++;
  }
  ck_assert_int_eq(n, 3000);
  ck_assert_int_eq(vdbe_finalize(v), SQLITE_OK);
  vdbe_sorter_set_spill(0);
}
END_TEST

/* A function that runs another statement (an autocommit INSERT into a
** second table) while the calling SELECT is in the middle of a row: the
** commit must not leave the SELECT reading stale row caches. */
static u32 g_iRoot2;
static void nested_insert(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  int rc = insert_row(g_iRoot2, (int)value_int64(argv[0]), 0);
  func_result_int(ctx, rc);
}

START_TEST(test_nested_statement) {
  u32 iRoot = make_table(50);
  g_iRoot2 = make_table(0);
  ck_assert_int_eq(func_register(g_db, "nested", 1, SQLITE_UTF8, NULL, nested_insert, NULL, NULL,
                                 NULL, NULL, NULL),
                   SQLITE_OK);
  FuncDef *pF = func_find(g_db, "nested", 1, SQLITE_UTF8, 0);
  ck_assert_ptr_nonnull(pF);
  Vdbe *v = vdbe_create(g_db);
  vdbe_add_op2(v, OP_Transaction, 0, 0);
  vdbe_add_op4_int(v, OP_OpenRead, 0, (int)iRoot, 0, 3);
  int r = vdbe_add_op2(v, OP_Rewind, 0, 0);
  int top = vdbe_add_op3(v, OP_Column, 0, 0, 1);
  vdbe_add_function_call(v, OP_Function, 0, 1, 2, 1, pF, 0);
  vdbe_add_op3(v, OP_Column, 0, 1, 3);
  vdbe_add_op2(v, OP_ResultRow, 1, 3);
  vdbe_add_op2(v, OP_Next, 0, top);
  vdbe_jump_here(v, r);
  vdbe_set_num_cols(v, 3);
  ready(v, 3, 1);
  int n = 0;
  while (vdbe_step(v) == SQLITE_ROW) {
    n++;
    ck_assert_int_eq(value_int64(vdbe_column_value(v, 0)), n);
    ck_assert_int_eq(value_int64(vdbe_column_value(v, 1)), SQLITE_DONE);
    char zExp[16];
    snprintf(zExp, sizeof zExp, "v%d", n);
    ck_assert_str_eq((const char *)value_text(vdbe_column_value(v, 2), SQLITE_UTF8), zExp);
  }
  ck_assert_int_eq(n, 50);
  ck_assert_int_eq(vdbe_finalize(v), SQLITE_OK);
  ck_assert_int_eq(count_rows(g_iRoot2), 50);
}
END_TEST

/* The sorter orders mixed types like value_compare, stably (its decoded
** first-key shortcut must agree with the full comparison). */
START_TEST(test_sorter_mixed) {
  vdbe_sorter_set_spill(_i ? 5000 : 0); /* loop 1: through spilled runs */
  KeyInfo *pKI = keyinfo_alloc(g_db, 1, 1);
  pKI->aSortFlags[0] = KEYINFO_ORDER_DESC;
  VdbeSorter *pS = NULL;
  ck_assert_int_eq(sorter_open(g_db, pKI, &pS), SQLITE_OK);
  Value a[2];
  value_init(&a[0], g_db);
  value_init(&a[1], g_db);
  for (int i = 0; i < 2000; i++) {
    rand_value(&a[0]);
    value_set_int(&a[1], i);
    u8 *p;
    int n;
    ck_assert_int_eq(rec_encode(a, 2, &p, &n), SQLITE_OK);
    ck_assert_int_eq(sorter_insert(pS, p, n), SQLITE_OK);
    mem_free(p);
  }
  int bEmpty = 1, bEof = 0, nOut = 0;
  ck_assert_int_eq(sorter_sort(pS, &bEmpty), SQLITE_OK);
  ck_assert(!bEmpty);
  Value prev[2], cur[2];
  for (int i = 0; i < 2; i++) {
    value_init(&prev[i], g_db);
    value_init(&cur[i], g_db);
  }
  while (!bEof) {
    int n = 0, nField = 0;
    const u8 *p = sorter_rowdata(pS, &n);
    ck_assert_ptr_nonnull(p);
    ck_assert_int_eq(vdbe_record_unpack(g_db, p, n, cur, 2, &nField), SQLITE_OK);
    ck_assert_int_eq(nField, 2);
    if (nOut > 0) {
      int c = value_compare(&prev[0], &cur[0], NULL);
      ck_assert_int_ge(c, 0); /* descending */
      if (c == 0) ck_assert_int_lt(value_int64(&prev[1]), value_int64(&cur[1]));
    }
    value_copy(&prev[0], &cur[0]);
    value_copy(&prev[1], &cur[1]);
    nOut++;
    ck_assert_int_eq(sorter_next(pS, &bEof), SQLITE_OK);
  }
  ck_assert_int_eq(nOut, 2000);
  for (int i = 0; i < 2; i++) {
    value_release(&a[i]);
    value_release(&prev[i]);
    value_release(&cur[i]);
  }
  sorter_close(pS);
  keyinfo_unref(pKI);
  vdbe_sorter_set_spill(0);
}
END_TEST

/* Binding forms, expanded SQL for every storage class, column names and
** the re-prepare swap keeping the application's bindings. */
START_TEST(test_bind_forms_and_swap) {
  const char *azVar[] = {"?1", NULL, "$x", "@y", ":z"};
  Vdbe *v = vdbe_create(g_db);
  for (int i = 1; i <= 5; i++) vdbe_add_op2(v, OP_Variable, i, i);
  vdbe_add_op2(v, OP_ResultRow, 1, 5);
  vdbe_set_num_cols(v, 5);
  ck_assert_int_eq(vdbe_set_col_name(v, 0, COLNAME_NAME, "a", SQLITE_STATIC), SQLITE_OK);
  ck_assert_int_eq(vdbe_set_col_name(v, 0, COLNAME_DECLTYPE, mem_strdup("INT"), VDBE_DYNAMIC),
                   SQLITE_OK);
  ck_assert_int_eq(vdbe_set_col_name(v, 9, COLNAME_NAME, "x", SQLITE_STATIC), SQLITE_MISUSE);
  vdbe_set_sql(v, "SELECT ?1, ?, $x, @y, :z -- ?9 'it''s' \"q?\"", -1, VDBE_PREP_V2);
  ck_assert_int_eq(vdbe_make_ready(v, 5, 0, 5, azVar), SQLITE_OK);
  ck_assert_int_eq(vdbe_bind_double(v, 1, 1.5), SQLITE_OK);
  ck_assert_int_eq(vdbe_bind_blob(v, 2, "\x01\xab", 2, SQLITE_TRANSIENT), SQLITE_OK);
  ck_assert_int_eq(vdbe_bind_zeroblob(v, 3, 3), SQLITE_OK);
  Value val;
  value_init(&val, g_db);
  value_set_int(&val, -7);
  ck_assert_int_eq(vdbe_bind_value(v, 4, &val), SQLITE_OK);
  ck_assert_int_eq(vdbe_bind_null(v, 5), SQLITE_OK);
  ck_assert_int_eq(vdbe_bind_parameter_index(v, "@y"), 4);
  ck_assert_int_eq(vdbe_bind_parameter_index(v, "@nope"), 0);
  char *z = vdbe_expanded_sql(v);
  ck_assert_str_eq(z, "SELECT 1.5, x'01ab', zeroblob(3), -7, NULL -- ?9 'it''s' \"q?\"");
  mem_free(z);
  ck_assert_str_eq(vdbe_column_name(v, 0, COLNAME_NAME), "a");
  ck_assert_str_eq(vdbe_column_name(v, 0, COLNAME_DECLTYPE), "INT");
  ck_assert_ptr_null(vdbe_column_name(v, 1, COLNAME_NAME));
  ck_assert_ptr_null(vdbe_column_name(v, 5, COLNAME_NAME));
  /* a re-prepared program replaces v's, the bindings stay */
  Vdbe *pNew = vdbe_create(g_db);
  for (int i = 1; i <= 5; i++) vdbe_add_op2(pNew, OP_Variable, i, i);
  vdbe_add_op3(pNew, OP_Add, 1, 4, 6);
  vdbe_add_op2(pNew, OP_ResultRow, 6, 1);
  vdbe_set_num_cols(pNew, 1);
  vdbe_set_sql(pNew, vdbe_sql(v), -1, VDBE_PREP_V2);
  ck_assert_int_eq(vdbe_make_ready(pNew, 6, 0, 5, azVar), SQLITE_OK);
  vdbe_swap(v, pNew);
  vdbe_finalize(pNew);
  ck_assert_int_eq(vdbe_status(v, SQLITE_STMTSTATUS_REPREPARE, 0), 1);
  ck_assert_int_eq(vdbe_column_count(v), 1);
  ck_assert_int_eq(vdbe_step(v), SQLITE_ROW);
  ck_assert(value_real(vdbe_column_value(v, 0)) == -5.5);
  ck_assert_ptr_eq(vdbe_next_stmt(g_db, NULL), v);
  ck_assert_ptr_null(vdbe_next_stmt(g_db, v));
  vdbe_finalize(v);
  value_release(&val);
}
END_TEST

/* Inserting an equal key twice into an ephemeral index keeps one entry
** (UNION relies on it). */
START_TEST(test_eph_duplicate_key) {
  KeyInfo *pKI = keyinfo_alloc(g_db, 1, 0);
  Vdbe *v = vdbe_create(g_db);
  vdbe_add_op4(v, OP_OpenEphemeral, 0, 1, 0, pKI, P4_KEYINFO);
  for (int i = 0; i < 3; i++) {
    vdbe_add_op2(v, OP_Integer, 42, 1);
    vdbe_add_op3(v, OP_MakeRecord, 1, 1, 2);
    vdbe_add_op2(v, OP_IdxInsert, 0, 2);
  }
  vdbe_add_op2(v, OP_Count, 0, 3);
  vdbe_add_op2(v, OP_ResultRow, 3, 1);
  vdbe_set_num_cols(v, 1);
  ready(v, 3, 1);
  ck_assert_int_eq(vdbe_step(v), SQLITE_ROW);
  ck_assert_int_eq(value_int64(vdbe_column_value(v, 0)), 1);
  vdbe_finalize(v);
}
END_TEST

/* ---------------------------------------------- SQL-level regressions */

/* Prepares one statement of SQL with the v2 interface. */
static Vdbe *sql_stmt(sqlite3 *db, const char *zSql) {
  Vdbe *v = NULL;
  ck_assert_int_eq(sql_prepare(db, zSql, -1, VDBE_PREP_V2, &v, NULL), SQLITE_OK);
  ck_assert_ptr_nonnull(v);
  return v;
}

/* Runs every statement of zSql; returns the first failing code. */
static int sql_exec(sqlite3 *db, const char *zSql) {
  const char *zTail = zSql;
  while (zTail && *zTail) {
    Vdbe *v = NULL;
    int rc = sql_prepare(db, zTail, -1, VDBE_PREP_V2, &v, &zTail);
    if (rc) return rc;
    if (v == NULL) break;
    while ((rc = vdbe_step(v)) == SQLITE_ROW) {
    }
    vdbe_finalize(v);
    if (rc != SQLITE_DONE) return rc;
  }
  return SQLITE_OK;
}

/* Steps v for its next integer row value; -1 at the end. */
static i64 next_int(Vdbe *v) {
  int rc = vdbe_step(v);
  if (rc != SQLITE_ROW) {
    ck_assert_int_eq(rc, SQLITE_DONE);
    return -1;
  }
  return value_int64(vdbe_column_value(v, 0));
}

/* Defect 1: reset reports the failed step's code and message, whether the
** failure came from the program, from a re-prepare, or from a lock. */
START_TEST(test_reset_reports_step_error) {
  ck_assert_int_eq(sql_exec(g_db, "create table t(a unique)"), SQLITE_OK);
  Vdbe *v = sql_stmt(g_db, "create table u(x)");
  ck_assert_int_eq(vdbe_step(v), SQLITE_DONE);
  ck_assert_int_eq(vdbe_step(v), SQLITE_ERROR); /* auto-reset, re-prepare fails */
  ck_assert_int_eq(vdbe_reset(v), SQLITE_ERROR);
  ck_assert_str_eq(conn_errmsg(g_db), "table u already exists");
  ck_assert_int_eq(vdbe_reset(v), SQLITE_OK); /* reported once */
  vdbe_finalize(v);
  ck_assert_int_eq(sql_exec(g_db, "insert into t values(1)"), SQLITE_OK);
  v = sql_stmt(g_db, "insert into t values(1)");
  ck_assert_int_eq(vdbe_step(v), SQLITE_CONSTRAINT_UNIQUE);
  ck_assert_int_eq(vdbe_reset(v), SQLITE_CONSTRAINT_UNIQUE);
  ck_assert_str_eq(conn_errmsg(g_db), "UNIQUE constraint failed: t.a");
  ck_assert_int_eq(vdbe_finalize(v), SQLITE_OK);
}
END_TEST

/* Defect 1, locks: a step that got SQLITE_BUSY leaves it for reset. */
START_TEST(test_reset_after_busy) {
  char zPath[64];
  snprintf(zPath, sizeof zPath, "/tmp/vdbe_test_busy_%d.db", (int)getpid());
  unlink(zPath);
  sqlite3 *a = NULL, *b = NULL;
  int fl = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  ck_assert_int_eq(conn_open(zPath, 0, fl, NULL, io_default(), &a), SQLITE_OK);
  ck_assert_int_eq(conn_open(zPath, 0, fl, NULL, io_default(), &b), SQLITE_OK);
  ck_assert_int_eq(sql_exec(a, "create table t(x); begin immediate; insert into t values(1)"),
                   SQLITE_OK);
  Vdbe *v = sql_stmt(b, "insert into t values(2)");
  ck_assert_int_eq(vdbe_step(v), SQLITE_BUSY);
  ck_assert_int_eq(vdbe_is_busy(v), 1);
  ck_assert_int_eq(vdbe_reset(v), SQLITE_BUSY);
  ck_assert_int_eq(vdbe_reset(v), SQLITE_OK);
  ck_assert_int_eq(vdbe_step(v), SQLITE_BUSY);
  ck_assert_int_eq(sql_exec(a, "commit"), SQLITE_OK);
  ck_assert_int_eq(vdbe_step(v), SQLITE_DONE); /* the retry succeeds ... */
  ck_assert_int_eq(vdbe_reset(v), SQLITE_OK);  /* ... and the busy code is gone */
  ck_assert_int_eq(vdbe_finalize(v), SQLITE_OK);
  pthread_mutex_lock(&a->mutex);
  ck_assert_int_eq(conn_close(a, 0), SQLITE_OK);
  pthread_mutex_lock(&b->mutex);
  ck_assert_int_eq(conn_close(b, 0), SQLITE_OK);
  unlink(zPath);
}
END_TEST

/* Defect 2: FULLSCAN_STEP counts steps that land on a row (n-1 for n
** rows), and sorting counts in SORT, as SQLite's counters do. */
START_TEST(test_stmt_counters) {
  ck_assert_int_eq(sql_exec(g_db, "create table t(a); insert into t values(3),(1),(2)"),
                   SQLITE_OK);
  Vdbe *v = sql_stmt(g_db, "select a from t");
  while (next_int(v) >= 0) {
  }
  ck_assert_int_eq(vdbe_status(v, SQLITE_STMTSTATUS_FULLSCAN_STEP, 0), 2);
  ck_assert_int_eq(vdbe_status(v, SQLITE_STMTSTATUS_SORT, 0), 0);
  vdbe_finalize(v);
  v = sql_stmt(g_db, "select a from t order by a");
  ck_assert_int_eq(next_int(v), 1);
  ck_assert_int_eq(next_int(v), 2);
  ck_assert_int_eq(next_int(v), 3);
  ck_assert_int_eq(next_int(v), -1);
  ck_assert_int_eq(vdbe_status(v, SQLITE_STMTSTATUS_FULLSCAN_STEP, 0), 2);
  ck_assert_int_eq(vdbe_status(v, SQLITE_STMTSTATUS_SORT, 1), 1);
  ck_assert_int_eq(vdbe_status(v, SQLITE_STMTSTATUS_SORT, 0), 0);
  vdbe_finalize(v);
}
END_TEST

/* Defect 3: an EXPLAIN (QUERY PLAN) listing stays busy at its end and
** keeps returning SQLITE_DONE until reset. */
START_TEST(test_explain_done_stays_busy) {
  static const char *az[] = {"explain query plan select 1", "explain select 1"};
  for (int i = 0; i < 2; i++) {
    Vdbe *v = sql_stmt(g_db, az[i]);
    int rc, n = 0;
    while ((rc = vdbe_step(v)) == SQLITE_ROW) n++;
    ck_assert_int_eq(rc, SQLITE_DONE);
    ck_assert_int_gt(n, 0);
    ck_assert_int_eq(vdbe_is_busy(v), 1);
    ck_assert_int_eq(vdbe_data_count(v), 0);
    ck_assert_int_eq(vdbe_step(v), SQLITE_DONE);
    ck_assert_int_eq(vdbe_is_busy(v), 1);
    ck_assert_int_eq(vdbe_reset(v), SQLITE_OK);
    ck_assert_int_eq(vdbe_is_busy(v), 0);
    ck_assert_int_eq(vdbe_step(v), SQLITE_ROW);
    ck_assert_int_eq(vdbe_finalize(v), SQLITE_OK);
    ck_assert_int_eq(g_db->nVdbeActive, 0);
  }
}
END_TEST

/* Defect 5: an index cursor whose entry another statement deleted (with
** rebalancing around it) re-finds its place by key and goes on. */
START_TEST(test_index_cursor_survives_delete) {
  ck_assert_int_eq(sql_exec(g_db, "create table t(a, pad); create index ti on t(a);"
                                  "with recursive c(i) as (select 1 union all select i+1 from c"
                                  " where i<300) insert into t select i, zeroblob(50) from c"),
                   SQLITE_OK);
  Vdbe *v = sql_stmt(g_db, "select a from t where a > 0");
  i64 x;
  while ((x = next_int(v)) >= 0 && x < 50) {
  }
  ck_assert_int_eq(x, 50);
  ck_assert_int_eq(sql_exec(g_db, "delete from t where a between 50 and 120"), SQLITE_OK);
  int n = 0;
  i64 first = -1, last = -1;
  while ((x = next_int(v)) >= 0) {
    if (n++ == 0) first = x;
    last = x;
  }
  ck_assert_int_eq(first, 121);
  ck_assert_int_eq(last, 300);
  ck_assert_int_eq(n, 180);
  vdbe_finalize(v);
}
END_TEST

/* The raw comparator orders whole stored keys, rowid suffix included. */
START_TEST(test_key_compare_raw) {
  KeyInfo *pKI = keyinfo_alloc(g_db, 1, 1);
  ck_assert_ptr_nonnull(pKI);
  pKI->aSortFlags[0] = KEYINFO_ORDER_DESC;
  /* records (5, 1), (5, 2), (7, 1): header size 3, two 1-byte ints */
  static const u8 a[] = {3, 1, 1, 5, 1}, b[] = {3, 1, 1, 5, 2}, c[] = {3, 1, 1, 7, 1};
  int rc = SQLITE_OK;
  ck_assert_int_lt(vdbe_key_compare_raw(pKI, a, 5, b, 5, &rc), 0);
  ck_assert_int_gt(vdbe_key_compare_raw(pKI, b, 5, a, 5, &rc), 0);
  ck_assert_int_eq(vdbe_key_compare_raw(pKI, a, 5, a, 5, &rc), 0);
  ck_assert_int_gt(vdbe_key_compare_raw(pKI, a, 5, c, 5, &rc), 0); /* DESC first field */
  ck_assert_int_eq(vdbe_record_compare(pKI, a, 5, b, 5, &rc), 0);  /* key fields only */
  ck_assert_int_eq(rc, SQLITE_OK);
  static const u8 bad[] = {9, 1};
  vdbe_key_compare_raw(pKI, bad, 2, a, 5, &rc);
  ck_assert_int_eq(rc, SQLITE_CORRUPT);
  keyinfo_unref(pKI);
}
END_TEST

/* Defect 6: the SQL function and the C API give the same source id. */
START_TEST(test_source_id) {
  Vdbe *v = sql_stmt(g_db, "select sqlite_source_id()");
  ck_assert_int_eq(vdbe_step(v), SQLITE_ROW);
  ck_assert_str_eq((const char *)value_text(vdbe_column_value(v, 0), SQLITE_UTF8),
                   conn_source_id());
  vdbe_finalize(v);
}
END_TEST

/* Runs zTxn in a transaction, reads nBefore rows of zSel, rolls back and
** returns the rows read after the rollback summed (-1 - rc on error). */
static i64 read_across_rollback(const char *zSel, const char *zTxn, int nBefore) {
  ck_assert_int_eq(sql_exec(g_db, "begin"), SQLITE_OK);
  ck_assert_int_eq(sql_exec(g_db, zTxn), SQLITE_OK);
  Vdbe *v = sql_stmt(g_db, zSel);
  for (int i = 0; i < nBefore; i++) ck_assert_int_eq(vdbe_step(v), SQLITE_ROW);
  ck_assert_int_eq(sql_exec(g_db, "rollback"), SQLITE_OK);
  i64 sum = 0;
  int rc;
  while ((rc = vdbe_step(v)) == SQLITE_ROW) sum = sum * 100 + value_int64(vdbe_column_value(v, 0));
  vdbe_finalize(v);
  return rc == SQLITE_DONE ? sum : -1 - rc;
}

/* Defect 7: ROLLBACK lets pending reads go on unless the schema changed
** (values checked against SQLite 3.40.1). */
START_TEST(test_rollback_keeps_readers) {
  ck_assert_int_eq(sql_exec(g_db, "create table t(x integer primary key, y);"
                                  "create index ty on t(y);"
                                  "insert into t values(10,10),(20,30),(30,50),(40,70)"),
                   SQLITE_OK);
  const char *zIns = "insert into t values(15,20),(25,40),(35,60)";
  ck_assert_int_eq(read_across_rollback("select x from t", zIns, 2), 203040);
  ck_assert_int_eq(read_across_rollback("select y from t order by y", zIns, 2), 305070);
  ck_assert_int_eq(read_across_rollback("select y from t order by y desc", zIns, 2), 503010);
  ck_assert_int_eq(read_across_rollback("select x from t order by x desc", zIns, 2), 302010);
  ck_assert_int_eq(read_across_rollback("select x from t", "delete from t", 0), 10203040);
  ck_assert_int_eq(read_across_rollback("select x from t", "create table u(z)", 1),
                   -1 - SQLITE_ABORT_ROLLBACK);
  ck_assert_int_eq(g_db->autoCommit, 1);
  ck_assert_int_eq(g_db->nVdbeActive, 0);
  ck_assert_int_eq(btree_txn_state(g_db->aDb[0].pBt), SQLITE_TXN_NONE);
}
END_TEST

/* Defect 8: a KeyInfo that codegen failed to allocate is SQLITE_NOMEM,
** whether the builder sees it or it reaches the VM anyway. */
START_TEST(test_null_keyinfo_is_nomem) {
  Vdbe *v = vdbe_create(g_db);
  vdbe_add_op2(v, OP_Transaction, 0, 0);
  vdbe_add_op4(v, OP_OpenRead, 0, 1, 0, NULL, P4_KEYINFO);
  vdbe_add_op0(v, OP_Halt);
  ck_assert_int_eq(vdbe_make_ready(v, 1, 1, 0, NULL), SQLITE_NOMEM); /* prepare fails */
  ck_assert_int_eq(vdbe_step(v), SQLITE_MISUSE);
  vdbe_finalize(v);
  static const int aOp[] = {OP_OpenRead, OP_SorterOpen};
  for (int i = 0; i < 2; i++) {
    v = vdbe_create(g_db);
    vdbe_add_op2(v, OP_Transaction, 0, 0);
    int addr = vdbe_add_op3(v, aOp[i], 0, 1, 0);
    vdbe_add_op0(v, OP_Halt);
    ready(v, 1, 1);
    VdbeOp *pOp = vdbe_get_op(v, addr);
    pOp->p4type = P4_KEYINFO; /* as if set behind the builder's back */
    pOp->p4.pKeyInfo = NULL;
    /* legacy (not v2) program: step says ERROR, reset the specific code */
    ck_assert_int_eq(vdbe_step(v), SQLITE_ERROR);
    ck_assert_int_eq(vdbe_reset(v), SQLITE_NOMEM);
    ck_assert_str_eq(conn_errmsg(g_db), "out of memory");
    vdbe_finalize(v);
  }
}
END_TEST

int main(void) {
  Suite *s = suite_create("vdbe");
  TCase *tc = tcase_create("core");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_set_timeout(tc, 60);
  tcase_add_test(tc, test_arith_int);
  tcase_add_test(tc, test_arith_overflow);
  tcase_add_test(tc, test_arith_mixed);
  tcase_add_test(tc, test_compare_affinity);
  tcase_add_test(tc, test_logic_and_concat);
  tcase_add_test(tc, test_must_be_int);
  tcase_add_test(tc, test_halt_constraint);
  tcase_add_test(tc, test_coroutine_and_gosub);
  tcase_add_test(tc, test_table_loop);
  tcase_add_test(tc, test_table_seek);
  tcase_add_test(tc, test_sorter);
  tcase_add_test(tc, test_ephemeral_distinct);
  tcase_add_test(tc, test_index_range);
  tcase_add_test(tc, test_aggregates);
  tcase_add_test(tc, test_explain);
  tcase_add_test(tc, test_bind);
  tcase_add_test(tc, test_transactions);
  tcase_add_test(tc, test_savepoints);
  tcase_add_test(tc, test_index_write);
  tcase_add_test(tc, test_interrupt_and_misuse);
  tcase_add_test(tc, test_pending_reader);
  tcase_add_test(tc, test_oom);
  tcase_add_test(tc, test_subprogram);
  tcase_add_test(tc, test_record_compare_random);
  tcase_add_test(tc, test_record_corrupt);
  tcase_add_test(tc, test_window_ops);
  tcase_add_test(tc, test_rowset_and_fk);
  tcase_add_test(tc, test_sorter_spill);
  tcase_add_test(tc, test_nested_statement);
  tcase_add_loop_test(tc, test_sorter_mixed, 0, 2);
  tcase_add_test(tc, test_bind_forms_and_swap);
  tcase_add_test(tc, test_eph_duplicate_key);
  tcase_add_test(tc, test_reset_reports_step_error);
  tcase_add_test(tc, test_reset_after_busy);
  tcase_add_test(tc, test_stmt_counters);
  tcase_add_test(tc, test_explain_done_stays_busy);
  tcase_add_test(tc, test_index_cursor_survives_delete);
  tcase_add_test(tc, test_key_compare_raw);
  tcase_add_test(tc, test_source_id);
  tcase_add_test(tc, test_rollback_keeps_readers);
  tcase_add_test(tc, test_null_keyinfo_is_nomem);
  suite_add_tcase(s, tc);
  SRunner *sr = srunner_create(s);
  srunner_run_all(sr, CK_NORMAL);
  int nFail = srunner_ntests_failed(sr);
  srunner_free(sr);
  return nFail == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
