/* sort_test.c: engine/vdbe_sort.c, the sorter.
**
** The sorter is checked against the definition of its output: a stable
** sort under vdbe_record_compare (the comparison every other part of the
** engine uses).  Each case inserts random records (every storage class,
** long and short text, NULLs, collations BINARY/NOCASE/RTRIM, DESC and
** NULLS LAST flags), then requires that
**   1. every record comes out exactly once (its payload field is its
**      insertion index),
**   2. adjacent records are in order under vdbe_record_compare,
**   3. records equal on the key keep insertion order,
**   4. the output through many spilled runs (a tiny spill limit) is byte
**      for byte the output of the in-memory sort,
**   5. with a limit of N (sorter_set_limit) the output is the first N
**      records of the full sort.
** Then I/O faults on the temporary file (io/io_sim.c fault plan) must
** surface as SQLITE_IOERR_* and leave no file open. */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "engine/vdbe_int.h"
#include "io/io_sim.h"

static sqlite3 *g_db;

static void setup(void) {
  int rc = conn_open(":memory:", 1, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL,
                     io_default(), &g_db);
  ck_assert_int_eq(rc, SQLITE_OK);
}

static void teardown(void) {
  vdbe_sorter_set_spill(0);
  pthread_mutex_lock(&g_db->mutex);
  ck_assert_int_eq(conn_close(g_db, 0), SQLITE_OK);
  g_db = NULL;
}

static u64 g_seed;
static u64 rnd(void) {
  g_seed ^= g_seed << 13;
  g_seed ^= g_seed >> 7;
  g_seed ^= g_seed << 17;
  return g_seed;
}

/* A random field value: few distinct values, so that ties are common. */
static void rand_value(Value *p, char *zBuf) {
  static const char *az[] = {"", "a", "ab", "abc", "b", "B", "A ", "a  ", "\xc3\xa9", "abcdefgh",
                             "abcdefghi", "abcdefgH"};
  switch (rnd() % 8) {
    case 0: value_set_null(p); break;
    case 1: value_set_int(p, (i64)(rnd() % 7) - 3); break;
    case 2: value_set_int(p, rnd() % 2 ? (i64)(rnd() % 100000) * 4099 : INT64_MIN); break;
    case 3: value_set_real(p, (double)((i64)(rnd() % 9) - 4) / 2.0); break;
    case 4: value_set_text(p, az[rnd() % 12], -1, SQLITE_UTF8, SQLITE_STATIC); break;
    case 5: { /* long text: a multi-byte serial type, shared prefixes */
      int n = 60 + (int)(rnd() % 80);
      memset(zBuf, 'x', (size_t)n);
      zBuf[n - 1] = (char)('a' + rnd() % 3);
      zBuf[n] = 0;
      value_set_text(p, zBuf, n, SQLITE_UTF8, SQLITE_TRANSIENT);
      break;
    }
    case 6: {
      const char *z = az[rnd() % 12];
      value_set_blob(p, z, (int)strlen(z), SQLITE_STATIC);
      break;
    }
    default: value_set_int(p, (i64)(rnd() % 3)); break;
  }
}

/* One random configuration of key fields; nKey fields plus a payload. */
static KeyInfo *rand_keyinfo(int nKey) {
  KeyInfo *pKI = keyinfo_alloc(g_db, nKey, 1);
  ck_assert_ptr_nonnull(pKI);
  Coll *aColl[3] = {NULL, conn_find_coll(g_db, "NOCASE"), conn_find_coll(g_db, "RTRIM")};
  for (int i = 0; i < nKey; i++) {
    pKI->aSortFlags[i] = (u8)(rnd() % 4); /* DESC and/or BIGNULL */
    pKI->aColl[i] = aColl[rnd() % 3];
  }
  return pKI;
}

/* Builds n random records of nKey key fields and a payload (the index). */
static u8 **make_records(int n, int nKey, int *anRec) {
  u8 **ap = mem_malloc(sizeof(u8 *) * (u64)n);
  ck_assert_ptr_nonnull(ap);
  Value a[4];
  char zBuf[200];
  for (int i = 0; i <= nKey; i++) value_init(&a[i], g_db);
  for (int r = 0; r < n; r++) {
    for (int i = 0; i < nKey; i++) rand_value(&a[i], zBuf);
    value_set_int(&a[nKey], r);
    ck_assert_int_eq(rec_encode(a, nKey + 1, &ap[r], &anRec[r]), SQLITE_OK);
  }
  for (int i = 0; i <= nKey; i++) value_release(&a[i]);
  return ap;
}

/* The payload (last field) of a record. */
static i64 payload(const u8 *p, int n, int nKey) {
  Value a[4];
  int nField = 0;
  for (int i = 0; i < 4; i++) value_init(&a[i], g_db);
  ck_assert_int_eq(vdbe_record_unpack(g_db, p, n, a, nKey + 1, &nField), SQLITE_OK);
  ck_assert_int_eq(nField, nKey + 1);
  i64 v = value_int64(&a[nKey]);
  for (int i = 0; i < 4; i++) value_release(&a[i]);
  return v;
}

/* Sorts the records with the given spill limit (0: default) and returns
** the output order as payloads; checks properties 1-3 of the header. */
static i64 *sort_and_check_n(KeyInfo *pKI, u8 **ap, int *anRec, int n, i64 nSpill, int nKeep) {
  vdbe_sorter_set_spill(nSpill);
  VdbeSorter *pS = NULL;
  ck_assert_int_eq(sorter_open(g_db, pKI, &pS), SQLITE_OK);
  sorter_set_limit(pS, nKeep);
  int nExp = nKeep > 0 && nKeep < n ? nKeep : n;
  for (int r = 0; r < n; r++) ck_assert_int_eq(sorter_insert(pS, ap[r], anRec[r]), SQLITE_OK);
  int bEmpty = 1, bEof = 0, nOut = 0;
  ck_assert_int_eq(sorter_sort(pS, &bEmpty), SQLITE_OK);
  ck_assert_int_eq(bEmpty, n == 0);
  i64 *aOut = mem_zalloc(sizeof(i64) * (u64)(n + 1));
  u8 *aSeen = mem_zalloc((u64)n + 1);
  i64 iPrev = -1;
  while (!bEof && !bEmpty) {
    int nRec = 0, rc = SQLITE_OK;
    const u8 *p = sorter_rowdata(pS, &nRec);
    ck_assert_ptr_nonnull(p);
    i64 iPay = payload(p, nRec, pKI->nKeyField);
    ck_assert(iPay >= 0 && iPay < n && !aSeen[iPay]); /* property 1 */
    aSeen[iPay] = 1;
    if (iPrev >= 0) {
      int c = vdbe_record_compare(pKI, ap[iPrev], anRec[iPrev], p, nRec, &rc);
      ck_assert_int_eq(rc, SQLITE_OK);
      ck_assert_int_le(c, 0);                    /* property 2 */
      if (c == 0) ck_assert_int_lt(iPrev, iPay); /* property 3 */
    }
    ck_assert_int_lt(nOut, nExp);
    aOut[nOut++] = iPay;
    iPrev = iPay;
    ck_assert_int_eq(sorter_next(pS, &bEof), SQLITE_OK);
  }
  ck_assert_int_eq(nOut, nExp);
  sorter_close(pS);
  mem_free(aSeen);
  vdbe_sorter_set_spill(0);
  return aOut;
}

static i64 *sort_and_check(KeyInfo *pKI, u8 **ap, int *anRec, int n, i64 nSpill) {
  return sort_and_check_n(pKI, ap, anRec, n, nSpill, 0);
}

static void free_records(u8 **ap, int n) {
  for (int r = 0; r < n; r++) mem_free(ap[r]);
  mem_free(ap);
}

/* Properties 1-4 over random configurations (one per loop index). */
START_TEST(test_sort_random) {
  g_seed = 0x9e3779b97f4a7c15ULL + (u64)_i * 7919;
  int nKey = 1 + _i % 3, n = 1500 + (int)(rnd() % 1500);
  KeyInfo *pKI = rand_keyinfo(nKey);
  int *anRec = mem_malloc(sizeof(int) * (u64)n);
  u8 **ap = make_records(n, nKey, anRec);
  i64 *aMem = sort_and_check(pKI, ap, anRec, n, 0);
  i64 *aRuns = sort_and_check(pKI, ap, anRec, n, 1000 + (i64)(rnd() % 4000));
  for (int r = 0; r < n; r++) ck_assert_int_eq(aMem[r], aRuns[r]); /* property 4 */
  /* a limit (ORDER BY ... LIMIT): the same first records, in memory or not */
  int nKeep = 1 + (int)(rnd() % 300);
  for (int k = 0; k < 2; k++) {
    i64 *aTop = sort_and_check_n(pKI, ap, anRec, n, k ? 3000 : 0, nKeep);
    for (int r = 0; r < nKeep; r++) ck_assert_int_eq(aTop[r], aMem[r]);
    mem_free(aTop);
  }
  mem_free(aMem);
  mem_free(aRuns);
  free_records(ap, n);
  mem_free(anRec);
  keyinfo_unref(pKI);
}
END_TEST

/* Edge sizes: empty, one record, and a record larger than an arena block
** and than the spill limit, in memory and through runs. */
START_TEST(test_sort_edges) {
  g_seed = 12345;
  KeyInfo *pKI = rand_keyinfo(1);
  pKI->aColl[0] = NULL;
  for (int k = 0; k < 2; k++) {
    i64 nSpill = k ? 3000 : 0;
    i64 *a0 = sort_and_check(pKI, NULL, NULL, 0, nSpill);
    mem_free(a0);
    Value v[2];
    value_init(&v[0], g_db);
    value_init(&v[1], g_db);
    int anRec[3];
    u8 *ap[3];
    char *zBig = mem_zalloc(200001);
    memset(zBig, 'q', 200000);
    for (int r = 0; r < 3; r++) {
      value_set_text(&v[0], r == 1 ? zBig : "m", -1, SQLITE_UTF8, SQLITE_STATIC);
      value_set_int(&v[1], r);
      ck_assert_int_eq(rec_encode(v, 2, &ap[r], &anRec[r]), SQLITE_OK);
    }
    i64 *a1 = sort_and_check(pKI, ap, anRec, 1, nSpill);
    i64 *a3 = sort_and_check(pKI, ap, anRec, 3, nSpill);
    int bDesc = pKI->aSortFlags[0] & KEYINFO_ORDER_DESC;
    ck_assert_int_eq(a3[0], bDesc ? 1 : 0);
    ck_assert_int_eq(a3[2], bDesc ? 2 : 1);
    mem_free(a1);
    mem_free(a3);
    for (int r = 0; r < 3; r++) mem_free(ap[r]);
    mem_free(zBig);
    value_release(&v[0]);
    value_release(&v[1]);
  }
  keyinfo_unref(pKI);
}
END_TEST

/* Sorts n integer records through the sim backend; returns the first
** error of insert/sort/next (the sorter is closed on every path). */
static int sort_on_sim(int n, int *pnOut) {
  KeyInfo *pKI = keyinfo_alloc(g_db, 1, 1);
  VdbeSorter *pS = NULL;
  int rc = sorter_open(g_db, pKI, &pS), bEmpty = 0, bEof = 0;
  Value v[2];
  value_init(&v[0], g_db);
  value_init(&v[1], g_db);
  *pnOut = 0;
  for (int r = 0; r < n && rc == SQLITE_OK; r++) {
    u8 *p;
    int nRec;
    value_set_int(&v[0], (r * 7919) % 1009);
    value_set_int(&v[1], r);
    ck_assert_int_eq(rec_encode(v, 2, &p, &nRec), SQLITE_OK);
    rc = sorter_insert(pS, p, nRec);
    mem_free(p);
  }
  if (rc == SQLITE_OK) rc = sorter_sort(pS, &bEmpty);
  while (rc == SQLITE_OK && !bEmpty && !bEof) {
    (*pnOut)++;
    rc = sorter_next(pS, &bEof);
  }
  sorter_close(pS);
  keyinfo_unref(pKI);
  return rc;
}

/* Every write, then every read, of the temporary file fails in turn: the
** error comes back as the sim's code and the file is gone afterwards
** (iosim_free asserts that no file is left open). */
START_TEST(test_sort_io_faults) {
  u32 aKind[2] = {IOSIM_F_WRITE, IOSIM_F_READ};
  int aCode[2] = {SQLITE_IOERR_WRITE, SQLITE_IOERR_READ};
  IoBackend *pSaved = g_db->pIo;
  for (int k = 0; k < 2; k++) {
    int bClean = 0;
    for (u64 iFail = 1; iFail < 200 && !bClean; iFail++) {
      IoSim *pSim = iosim_new(iFail);
      ck_assert_ptr_nonnull(pSim);
      IoSimFaultPlan plan = {0};
      plan.iFailAt = iFail;
      plan.mKinds = aKind[k];
      plan.mClasses = IOSIM_CLASS_OTHER;
      iosim_set_fault_plan(pSim, &plan);
      g_db->pIo = iosim_backend(pSim);
      vdbe_sorter_set_spill(20000);
      int nOut = 0, rc = sort_on_sim(5000, &nOut);
      g_db->pIo = pSaved;
      IoSimStats st;
      iosim_stats(pSim, &st);
      if (st.nFaults == 0) {
        bClean = 1; /* iFail is past the last operation: a clean run */
        ck_assert_int_eq(rc, SQLITE_OK);
        ck_assert_int_eq(nOut, 5000);
      } else {
        ck_assert_int_eq(rc, aCode[k]);
      }
      iosim_free(pSim);
    }
    ck_assert(bClean);
  }
  vdbe_sorter_set_spill(0);
}
END_TEST

/* SQL through the sorter with a small cache: ORDER BY, GROUP BY and
** CREATE INDEX agree with the same statements on a large cache. */
static char *query_all(const char *zSql) {
  sqlite3_stmt *pStmt = NULL;
  ck_assert_int_eq(sqlite3_prepare_v2(g_db, zSql, -1, &pStmt, NULL), SQLITE_OK);
  size_t n = 0, nAlloc = 1 << 16;
  char *z = malloc(nAlloc);
  while (sqlite3_step(pStmt) == SQLITE_ROW) {
    for (int i = 0; i < sqlite3_column_count(pStmt); i++) {
      const char *zCol = (const char *)sqlite3_column_text(pStmt, i);
      size_t m = zCol ? strlen(zCol) : 4;
      if (n + m + 2 >= nAlloc) z = realloc(z, nAlloc *= 2);
      memcpy(z + n, zCol ? zCol : "NULL", m);
      n += m;
      z[n++] = i + 1 < sqlite3_column_count(pStmt) ? '|' : '\n';
    }
  }
  z[n] = 0;
  ck_assert_int_eq(sqlite3_finalize(pStmt), SQLITE_OK);
  return z;
}

START_TEST(test_sort_sql_small_cache) {
  const char *azSql[] = {
      "SELECT b, a FROM t ORDER BY b DESC, a",
      "SELECT c, count(*), sum(a) FROM t GROUP BY c ORDER BY c",
      "SELECT a FROM t ORDER BY c COLLATE NOCASE, b NULLS FIRST, a",
      "SELECT a FROM t INDEXED BY tb WHERE b > '' ORDER BY b",
  };
  ck_assert_int_eq(sqlite3_exec(g_db,
                                "PRAGMA cache_size = -200000; CREATE TABLE t(a, b, c);"
                                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n "
                                "WHERE i < 30000) INSERT INTO t SELECT i, "
                                "CASE WHEN i % 11 = 0 THEN NULL ELSE printf('%08d-pad-pad', "
                                "(i * 7919) % 10007) END, char(65 + i % 26 + (i % 2) * 32) "
                                "FROM n;",
                                NULL, NULL, NULL),
                   SQLITE_OK);
  char *azBig[4];
  ck_assert_int_eq(sqlite3_exec(g_db, "CREATE INDEX tb ON t(b)", NULL, NULL, NULL), SQLITE_OK);
  for (int i = 0; i < 4; i++) azBig[i] = query_all(azSql[i]);
  ck_assert_int_eq(sqlite3_exec(g_db, "DROP INDEX tb; PRAGMA cache_size = 10;", NULL, NULL, NULL),
                   SQLITE_OK);
  /* 30000 rows of ~40 bytes: several runs at the 256 KiB minimum */
  ck_assert_int_eq(sqlite3_exec(g_db, "CREATE INDEX tb ON t(b)", NULL, NULL, NULL), SQLITE_OK);
  ck_assert_int_eq(sqlite3_exec(g_db, "PRAGMA integrity_check", NULL, NULL, NULL), SQLITE_OK);
  for (int i = 0; i < 4; i++) {
    char *z = query_all(azSql[i]);
    ck_assert_str_eq(z, azBig[i]);
    free(z);
    free(azBig[i]);
  }
}
END_TEST

int main(void) {
  Suite *s = suite_create("sort");
  TCase *tc = tcase_create("core");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_set_timeout(tc, 120);
  tcase_add_loop_test(tc, test_sort_random, 0, 24);
  tcase_add_test(tc, test_sort_edges);
  tcase_add_test(tc, test_sort_io_faults);
  tcase_add_test(tc, test_sort_sql_small_cache);
  suite_add_tcase(s, tc);
  SRunner *sr = srunner_create(s);
  srunner_run_all(sr, CK_NORMAL);
  int nFail = srunner_ntests_failed(sr);
  srunner_free(sr);
  return nFail ? EXIT_FAILURE : EXIT_SUCCESS;
}
