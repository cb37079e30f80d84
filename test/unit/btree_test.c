/*
** btree_test.c: unit tests for engine/btree.c, btree_balance.c and
** btree_check.c.
**
** The randomized tests drive table and index trees with a seeded PRNG
** against an in-memory model indexed by key number; after every batch
** the whole tree is scanned and compared with the model, btree_count is
** compared, and the integrity checker must report nothing.  Every failure
** message names the seed and page size that reproduce it.
**
** Invariants the tests rely on:
**   1. Payload bytes are a pure function of (key, version, length), so the
**      model stores only (present, version, length) per key.
**   2. Index keys start with the key number big-endian, so memcmp order is
**      key-number order and the model's order is the tree's order.
*/
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/btree.h"
#include "engine/btree_int.h"
#include "engine/record.h"
#include "test/unit/test_util.h"

/* ---- deterministic randomness --------------------------------------- */

static u64 g_seed;
static u64 g_seed0;   /* the seed of the running test, for messages */

static u64 rnd_next(u64 *s) {   /* splitmix64 */
  u64 z = (*s += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

static u32 rnd(u32 n) { return n ? (u32)(rnd_next(&g_seed) % n) : 0; }

/* Fills p with n bytes determined by (key, ver) (invariant 1). */
static void fill_payload(u8 *p, u32 n, u32 key, u32 ver) {
  u64 s = ((u64)key << 32) ^ ver ^ 0x1234567ULL;
  for (u32 i = 0; i < n; i += 8) {
    u64 v = rnd_next(&s);
    for (u32 j = 0; j < 8 && i + j < n; j++) p[i + j] = (u8)(v >> (8 * j));
  }
}

/* ---- fixtures --------------------------------------------------------- */

static char *g_dir;

static const char *db_path(void) { return tu_path(g_dir, "t.db"); }

static void setup(void) {
  g_dir = tu_mkdtemp();
}

static void teardown(void) { tu_rmdir(g_dir); }

static Btree *open_db(u32 pageSize) {
  Btree *bt = NULL;
  int rc = btree_open(io_default(), db_path(), 0, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, &bt);
  ck_assert_int_eq(rc, SQLITE_OK);
  if (pageSize) ck_assert_int_eq(btree_set_page_size(bt, pageSize, 0), SQLITE_OK);
  return bt;
}

/* Integrity check over the given roots plus page 1: must be clean. */
static void check_clean(Btree *bt, const u32 *aRoot, int nRoot, const char *zWhere) {
  u32 a[16];
  int nErr = 0;
  char *zErr = NULL;
  a[0] = 1;
  for (int i = 0; i < nRoot; i++) a[i + 1] = aRoot[i];
  int rc = btree_integrity_check(bt, a, nRoot + 1, 100, &nErr, &zErr);
  ck_assert_int_eq(rc, SQLITE_OK);
  if (nErr) {
    fprintf(stderr, "integrity (%s, seed %llu):\n%s\n", zWhere, (unsigned long long)g_seed,
            zErr);
  }
  ck_assert_int_eq(nErr, 0);
  mem_free(zErr);
}

/* ---- index keys and comparators -------------------------------------- */

typedef struct Key {
  const u8 *p;
  int n;
} Key;

static int key_cmp(const u8 *a, int na, const u8 *b, int nb) {
  int c = memcmp(a, b, (size_t)(na < nb ? na : nb));
  return c ? c : na - nb;
}

/* Blob of length n+4 for key number k: 4-byte big-endian k, then a tail
** of n bytes derived from (k, ver) (invariant 2). */
static u32 make_blob(u8 *buf, u32 k, u32 n, u32 ver) {
  put4(buf, k);
  fill_payload(buf + 4, n, k, ver);
  return n + 4;
}

/* A record with one blob column: the table payloads and index keys are
** real records so that the real sqlite3 can check the files. */
static u32 make_record(u8 *buf, u32 k, u32 n, u32 ver, int bKeyPrefix) {
  u32 nBlob = bKeyPrefix ? n + 4 : n;
  u64 st = rec_blob_serial_type(nBlob);
  int h = rec_put_header(buf, &st, 1);
  if (bKeyPrefix) make_blob(buf + h, k, n, ver);
  else fill_payload(buf + h, n, k, ver);
  return (u32)h + nBlob;
}

/* The blob of a one-blob record. */
static void record_blob(const u8 *p, int n, const u8 **ppBlob, int *pnBlob, int *pRc) {
  u64 st = 0;
  u32 off = 0;
  int nf = 0;
  *ppBlob = p;
  *pnBlob = 0;
  if (rec_parse_header(p, n, 1, &st, &off, &nf) != SQLITE_OK || nf != 1 || st < 12) {
    *pRc = SQLITE_CORRUPT;
    return;
  }
  *ppBlob = p + off;
  *pnBlob = (int)rec_serial_type_len(st);
}

static int cmp_rec(const u8 *a, int na, const u8 *b, int nb, int *pRc) {
  const u8 *pa, *pb;
  int la, lb;
  record_blob(a, na, &pa, &la, pRc);
  record_blob(b, nb, &pb, &lb, pRc);
  return key_cmp(pa, la, pb, lb);
}

static int cmp_search(void *pCtx, const u8 *pKey, int nKey, const void *pSearch, int *pRc) {
  const Key *k = pSearch;
  (void)pCtx;
  return cmp_rec(pKey, nKey, k->p, k->n, pRc);
}

static int cmp_raw(void *pCtx, const u8 *pA, int nA, const u8 *pB, int nB, int *pRc) {
  (void)pCtx;
  return cmp_rec(pA, nA, pB, nB, pRc);
}

/* Inserts a sqlite_schema row (type 'table') for a tree. */
static void add_schema_row(Btree *bt, i64 rowid, const char *zName, u32 iRoot,
                           const char *zSql) {
  u8 buf[1000];
  u64 aType[5];
  const char *az[5] = {"table", zName, zName, NULL, zSql};
  for (int i = 0; i < 5; i++) {
    aType[i] = i == 3 ? rec_int_serial_type(iRoot) : rec_text_serial_type((u32)strlen(az[i]));
  }
  int n = rec_put_header(buf, aType, 5);
  for (int i = 0; i < 5; i++) {
    if (i == 3) {
      n += rec_put_int(buf + n, aType[i], iRoot);
    } else {
      memcpy(buf + n, az[i], strlen(az[i]));
      n += (int)strlen(az[i]);
    }
  }
  BtCursor *c;
  ck_assert_int_eq(btree_cursor(bt, 1, 1, NULL, NULL, &c), SQLITE_OK);
  ck_assert_int_eq(btree_insert(c, rowid, buf, n), SQLITE_OK);
  btree_cursor_close(c);
  u32 v;
  ck_assert_int_eq(btree_get_meta(bt, BTREE_SCHEMA_VERSION, &v), SQLITE_OK);
  ck_assert_int_eq(btree_update_meta(bt, BTREE_SCHEMA_VERSION, v + 1), SQLITE_OK);
}

/* Runs the real sqlite3 on the database: integrity_check, then zQuery;
** the output (newlines as spaces) must equal zExpect. */
static void sqlite3_expect(const char *zQuery, const char *zExpect) {
  char zCmd[1200];
  snprintf(zCmd, sizeof zCmd,
           "out=$(sqlite3 '%s' 'pragma integrity_check; %s' 2>&1 | tr '\\n' ' '); "
           "[ \"$out\" = '%s' ] || { echo \"sqlite3 says: $out\" >&2; exit 1; }",
           db_path(), zQuery, zExpect);
  ck_assert_msg(tu_sh(zCmd) == 0, "sqlite3 check failed (seed %llu)", (unsigned long long)g_seed0);
}

/* ---- the model ------------------------------------------------------- */

typedef struct Model {
  u32 nKey;        /* key space */
  u8 *aPresent;
  u32 *aLen;       /* payload (table) or tail (index) length */
  u32 *aVer;
  i64 nEntry;
} Model;

static void model_init(Model *m, u32 nKey) {
  m->nKey = nKey;
  m->aPresent = calloc(nKey, 1);
  m->aLen = calloc(nKey, sizeof(u32));
  m->aVer = calloc(nKey, sizeof(u32));
  m->nEntry = 0;
}

static void model_free(Model *m) {
  free(m->aPresent);
  free(m->aLen);
  free(m->aVer);
}

/* Scans the whole tree and compares it with the model. */
static void verify_tree(Btree *bt, u32 iRoot, int bIndex, const Model *m, u8 *buf) {
  BtCursor *c;
  int bEmpty;
  ck_assert_int_eq(btree_cursor(bt, iRoot, 0, bIndex ? cmp_search : NULL, NULL, &c), SQLITE_OK);
  ck_assert_int_eq(btree_first(c, &bEmpty), SQLITE_OK);
  u8 *exp = malloc(1 << 20);
  u32 k = 0;
  i64 n = 0;
  for (; !btree_eof(c); n++) {
    while (k < m->nKey && !m->aPresent[k]) k++;
    ck_assert_msg(k < m->nKey, "tree has extra entries (seed %llu)", (unsigned long long)g_seed0);
    u32 nPay;
    ck_assert_int_eq(btree_payload_size(c, &nPay), SQLITE_OK);
    if (!bIndex) {
      i64 rowid;
      ck_assert_int_eq(btree_rowid(c, &rowid), SQLITE_OK);
      ck_assert_msg(rowid == (i64)k, "rowid %lld expected %u seed %llu", (long long)rowid, k,
                    (unsigned long long)g_seed0);
    }
    u32 nExp = make_record(exp, k, m->aLen[k], m->aVer[k], bIndex);
    ck_assert_uint_eq(nPay, nExp);
    ck_assert_int_eq(btree_payload(c, 0, nPay, buf), SQLITE_OK);
    ck_assert_msg(memcmp(buf, exp, nPay) == 0, "payload of key %u differs (seed %llu)", k,
                  (unsigned long long)g_seed0);
    k++;
    ck_assert_int_eq(btree_next(c), SQLITE_OK);
  }
  while (k < m->nKey && !m->aPresent[k]) k++;
  ck_assert_msg(k == m->nKey, "tree lacks key %u (seed %llu)", k, (unsigned long long)g_seed0);
  ck_assert_int_eq(n, m->nEntry);
  i64 nCount;
  ck_assert_int_eq(btree_count(c, &nCount), SQLITE_OK);
  ck_assert_int_eq(nCount, m->nEntry);
  free(exp);
  btree_cursor_close(c);
}

/* Payload length for a random entry: mostly small, some spilling over one
** or several overflow pages (capped so 64 KiB pages stay fast). */
static u32 rnd_len(u32 pageSize) {
  u32 r = rnd(100);
  if (r < 60) return rnd(40);
  if (r < 85) return rnd(pageSize / 4);
  if (r < 95) return rnd(pageSize);
  u32 mx = pageSize * 3 < 150000 ? pageSize * 3 : 150000;
  return rnd(mx);
}

/* One random operation on a table or index tree. */
static void random_op(BtCursor *c, int bIndex, Model *m, u32 pageSize, u8 *buf) {
  u32 k = rnd(m->nKey);
  int res;
  if (rnd(100) < 60) {   /* insert or replace */
    u32 n = rnd_len(pageSize), ver = rnd(1000);
    if (bIndex) {
      if (m->aPresent[k]) {
        n = m->aLen[k];
        ver = m->aVer[k];
      }
      u32 nKey = make_record(buf, k, n, ver, 1);
      Key s = {buf, (int)nKey};
      ck_assert_int_eq(btree_index_insert(c, buf, (int)nKey, &s), SQLITE_OK);
    } else {
      u32 nRec = make_record(buf, k, n, ver, 0);
      ck_assert_int_eq(btree_insert(c, k, buf, (int)nRec), SQLITE_OK);
    }
    if (!m->aPresent[k]) m->nEntry++;
    m->aPresent[k] = 1;
    m->aLen[k] = n;
    m->aVer[k] = ver;
    return;
  }
  if (bIndex) {   /* delete if present */
    if (!m->aPresent[k]) return;
    u32 nKey = make_record(buf, k, m->aLen[k], m->aVer[k], 1);
    Key s = {buf, (int)nKey};
    ck_assert_int_eq(btree_index_moveto(c, &s, &res), SQLITE_OK);
  } else {
    ck_assert_int_eq(btree_table_moveto(c, k, &res), SQLITE_OK);
  }
  ck_assert_int_eq(res == 0, m->aPresent[k]);
  if (res != 0) return;
  ck_assert_int_eq(btree_delete(c), SQLITE_OK);
  m->aPresent[k] = 0;
  m->nEntry--;
}

/* The randomized workload on one tree kind and page size. */
/* BTREE_OPS_PERCENT scales the randomized runs (the sanitizer build runs a
** tenth of them; the plain build runs them all). */
static int scaled_ops(int n) {
  const char *z = getenv("BTREE_OPS_PERCENT");
  int pct = z ? atoi(z) : 100;
  if (pct < 1 || pct > 100) pct = 100;
  return n / 100 * pct;
}

static void run_random(u32 pageSize, int bIndex, int nOps, u32 nKey, u64 seed) {
  nOps = scaled_ops(nOps);
  Btree *bt = open_db(pageSize);
  Model m;
  u32 iRoot;
  BtCursor *c;
  u8 *buf = malloc(1 << 20);
  char zWhere[80];
  g_seed = g_seed0 = seed;
  model_init(&m, nKey);
  ck_assert_int_eq(btree_begin(bt, BTREE_TXN_WRITE), SQLITE_OK);
  ck_assert_int_eq(btree_create(bt, &iRoot, bIndex ? BTREE_BLOBKEY : BTREE_INTKEY), SQLITE_OK);
  ck_assert_int_eq(btree_cursor(bt, iRoot, 1, bIndex ? cmp_search : NULL, NULL, &c), SQLITE_OK);
  if (bIndex) btree_cursor_set_raw_compare(c, cmp_raw);
  for (int i = 1; i <= nOps; i++) {
    random_op(c, bIndex, &m, pageSize, buf);
    if (i % 5000 == 0 || i == nOps) {
      snprintf(zWhere, sizeof zWhere, "page %u op %d %s", pageSize, i, bIndex ? "index" : "table");
      verify_tree(bt, iRoot, bIndex, &m, buf);
      check_clean(bt, &iRoot, 1, zWhere);
    }
    if (i % 20000 == 0) {
      ck_assert_int_eq(btree_commit(bt), SQLITE_OK);
      ck_assert_int_eq(btree_begin(bt, BTREE_TXN_WRITE), SQLITE_OK);
    }
  }
  btree_cursor_close(c);
  if (bIndex) add_schema_row(bt, 1, "w", iRoot, "CREATE TABLE w(k BLOB PRIMARY KEY) WITHOUT ROWID");
  else add_schema_row(bt, 1, "t", iRoot, "CREATE TABLE t(x)");
  ck_assert_int_eq(btree_commit(bt), SQLITE_OK);
  btree_close(bt);
  char zQ[100], zE[100];
  snprintf(zQ, sizeof zQ, "select count(*) from %s", bIndex ? "w" : "t");
  snprintf(zE, sizeof zE, "ok %lld ", (long long)m.nEntry);
  sqlite3_expect(zQ, zE);
  /* reopen: the committed tree is the same */
  bt = open_db(0);
  ck_assert_int_eq(btree_begin(bt, BTREE_TXN_READ), SQLITE_OK);
  ck_assert_uint_eq(btree_page_size(bt), pageSize);
  verify_tree(bt, iRoot, bIndex, &m, buf);
  check_clean(bt, &iRoot, 1, "reopen");
  ck_assert_int_eq(btree_commit(bt), SQLITE_OK);
  btree_close(bt);
  model_free(&m);
  free(buf);
}

/* ---- tests ------------------------------------------------------------ */

START_TEST(test_empty_db) {
  Btree *bt = open_db(4096);
  ck_assert_int_eq(btree_begin(bt, BTREE_TXN_WRITE), SQLITE_OK);
  u32 v;
  ck_assert_int_eq(btree_get_meta(bt, BTREE_FILE_FORMAT, &v), SQLITE_OK);
  ck_assert_uint_eq(v, 4);
  ck_assert_int_eq(btree_get_meta(bt, BTREE_TEXT_ENCODING, &v), SQLITE_OK);
  ck_assert_uint_eq(v, 1);
  ck_assert_int_eq(btree_update_meta(bt, BTREE_USER_VERSION, 42), SQLITE_OK);
  ck_assert_int_eq(btree_commit(bt), SQLITE_OK);
  btree_close(bt);
  bt = open_db(0);
  ck_assert_int_eq(btree_begin(bt, BTREE_TXN_READ), SQLITE_OK);
  ck_assert_int_eq(btree_get_meta(bt, BTREE_USER_VERSION, &v), SQLITE_OK);
  ck_assert_uint_eq(v, 42);
  ck_assert_uint_eq(btree_page_count(bt), 1);
  u32 r = 1;
  check_clean(bt, &r, 0, "empty");
  btree_commit(bt);
  btree_close(bt);
  char zCmd[700];
  snprintf(zCmd, sizeof zCmd, "sqlite3 '%s' 'pragma integrity_check; pragma user_version' "
           "| tr '\\n' ' ' | grep -q '^ok 42 $'", db_path());
  ck_assert_int_eq(tu_sh(zCmd), 0);
}
END_TEST

START_TEST(test_small_table) {
  Btree *bt = open_db(512);
  u32 iRoot;
  BtCursor *c;
  u8 buf[3000];
  ck_assert_int_eq(btree_begin(bt, BTREE_TXN_WRITE), SQLITE_OK);
  ck_assert_int_eq(btree_create(bt, &iRoot, BTREE_INTKEY), SQLITE_OK);
  ck_assert_int_eq(btree_cursor(bt, iRoot, 1, NULL, NULL, &c), SQLITE_OK);
  for (int i = 0; i < 2000; i++) {
    fill_payload(buf, (u32)(i % 700), (u32)i, 0);
    ck_assert_int_eq(btree_insert(c, i * 3, buf, i % 700), SQLITE_OK);
  }
  check_clean(bt, &iRoot, 1, "small");
  i64 n, mx;
  ck_assert_int_eq(btree_count(c, &n), SQLITE_OK);
  ck_assert_int_eq(n, 2000);
  ck_assert_int_eq(btree_max_rowid(c, &mx), SQLITE_OK);
  ck_assert_int_eq(mx, 1999 * 3);
  int res;
  ck_assert_int_eq(btree_table_moveto(c, 301, &res), SQLITE_OK);
  ck_assert_int_ne(res, 0);
  ck_assert_int_eq(btree_table_moveto(c, 300, &res), SQLITE_OK);
  ck_assert_int_eq(res, 0);
  ck_assert_int_eq(btree_payload(c, 0, 100 % 700, buf), SQLITE_OK);
  /* partial reads across an overflow chain, the local part, bounds */
  u8 *big = malloc(20000), *got = malloc(20000);
  fill_payload(big, 20000, 77, 1);
  ck_assert_int_eq(btree_insert(c, -5, big, 20000), SQLITE_OK);
  ck_assert_int_eq(btree_table_moveto(c, -5, &res), SQLITE_OK);
  ck_assert_int_eq(res, 0);
  static const u32 aOff[][2] = {{0, 10}, {100, 3000}, {19990, 10}, {5000, 15000}, {0, 20000}};
  for (int i = 0; i < 5; i++) {
    memset(got, 0, 20000);
    ck_assert_int_eq(btree_payload(c, aOff[i][0], aOff[i][1], got), SQLITE_OK);
    ck_assert(memcmp(got, big + aOff[i][0], aOff[i][1]) == 0);
  }
  ck_assert_int_eq(btree_payload(c, 19999, 2, got), SQLITE_CORRUPT);
  u32 nLocal;
  const u8 *pLocal = btree_payload_local(c, &nLocal);
  ck_assert_ptr_nonnull(pLocal);
  ck_assert_uint_eq(nLocal, btree_local_size(btree_cursor_is_intkey(c) ? c->pBt : NULL,
                                             PT_TABLE_LEAF, 20000));
  ck_assert(memcmp(pLocal, big, nLocal) == 0);
  ck_assert_int_eq(btree_first(c, &res), SQLITE_OK);
  i64 first;
  ck_assert_int_eq(btree_rowid(c, &first), SQLITE_OK);
  ck_assert_int_eq(first, -5);
  free(big);
  free(got);
  btree_cursor_close(c);
  ck_assert_int_eq(btree_commit(bt), SQLITE_OK);
  btree_close(bt);
}
END_TEST

START_TEST(test_random_table) {
  static const u32 aSize[] = {512, 1024, 4096, 65536};
  u32 ps = aSize[_i];
  run_random(ps, 0, ps == 65536 ? 60000 : 200000, ps == 65536 ? 6000 : 30000, 1000 + _i);
}
END_TEST

START_TEST(test_random_index) {
  static const u32 aSize[] = {512, 1024, 4096, 65536};
  u32 ps = aSize[_i];
  run_random(ps, 1, ps == 65536 ? 60000 : 200000, ps == 65536 ? 6000 : 30000, 2000 + _i);
}
END_TEST

/* ---- appends at the right edge (quick balance) --------------------------- */

/* Payload tail length n such that the leaf cell for rowid k is exactly
** nCell bytes (0 if none: too small, or too big to stay local). */
static u32 tail_for_cell(Btree *bt, u32 k, u32 nCell, u8 *buf) {
  for (u32 n = nCell; n + 12 >= nCell && n > 0; n--) {
    u32 nPay = make_record(buf, k, n, 0, 0);
    if (nPay > bt->maxLeaf) continue;
    u32 sz = (u32)varint_len(nPay) + (u32)varint_len(k) + nPay;
    if (sz == nCell && sz >= 4) return n;
  }
  return 0;
}

/* Free bytes on the last leaf of the tree (cursor moved there). */
static u32 last_leaf_free(BtCursor *c) {
  int bEmpty;
  u32 nFree = 0;
  ck_assert_int_eq(btree_last(c, &bEmpty), SQLITE_OK);
  if (bEmpty) return 0;
  MemPage *p = &c->aPage[c->iPage];
  ck_assert_int_eq(btree_page_free_space(c->pBt, p, &nFree), SQLITE_OK);
  return nFree;
}

/* Appends rowid k with a tail of n bytes, through c. */
static void append_row(BtCursor *c, Model *m, u32 k, u32 n, u8 *buf) {
  u32 nRec = make_record(buf, k, n, 3, 0);
  ck_assert_int_eq(btree_insert(c, k, buf, (int)nRec), SQLITE_OK);
  i64 rowid;
  ck_assert_int_eq(btree_rowid(c, &rowid), SQLITE_OK);   /* the cursor is at the new row */
  ck_assert_int_eq(rowid, k);
  if (!m->aPresent[k]) m->nEntry++;
  m->aPresent[k] = 1;
  m->aLen[k] = n;
  m->aVer[k] = 3;
}

/* One step of the mixed append workload: an append that fills the last
** leaf exactly (or misses by one or two bytes), an overflowing append, a
** delete anywhere or of the last row, or a small append; sometimes through
** a fresh cursor (seek from the root) instead of the positioned one. */
static void append_step(Btree *bt, u32 iRoot, BtCursor **pc, Model *m, u32 *pk, u8 *buf) {
  u32 r = rnd(100), k = *pk, ps = bt->pageSize, n = rnd(60);
  int res;
  if (r < 5) {
    btree_cursor_close(*pc);
    ck_assert_int_eq(btree_cursor(bt, iRoot, 1, NULL, NULL, pc), SQLITE_OK);
  }
  if (r < 25) {
    u32 nFree = last_leaf_free(*pc), want = nFree - 2 + rnd(3);
    u32 t = nFree >= 8 ? tail_for_cell(bt, k, want, buf) : 0;
    if (t > 0) n = t;
  } else if (r < 32) {
    n = ps + rnd(3 * ps);
  } else if (r < 42) {
    u32 d = rnd(k);
    ck_assert_int_eq(btree_table_moveto(*pc, d, &res), SQLITE_OK);
    ck_assert_int_eq(res == 0, m->aPresent[d]);
    if (res == 0) {
      ck_assert_int_eq(btree_delete(*pc), SQLITE_OK);
      m->aPresent[d] = 0;
      m->nEntry--;
    }
    return;
  } else if (r < 45 && m->nEntry > 0) {
    int bEmpty;
    i64 last;
    ck_assert_int_eq(btree_last(*pc, &bEmpty), SQLITE_OK);
    ck_assert_int_eq(btree_rowid(*pc, &last), SQLITE_OK);
    ck_assert_int_eq(btree_delete(*pc), SQLITE_OK);
    m->aPresent[last] = 0;
    m->nEntry--;
    return;
  }
  append_row(*pc, m, k, n, buf);
  *pk = k + 1;
}

/* Pure appends of equal rows: a row that does not fit the last leaf goes
** alone to a new last leaf (the cursor follows it there), except when
** the root itself splits or the parent overflows; so leaves stay full and
** the file is close to the minimum size. */
static void append_fill_check(Btree *bt, BtCursor *c, Model *m, u32 *pk, u8 *buf) {
  u32 n0 = btree_page_count(bt), nRow = 3000, nTail = 100, nSplit = 0, nQuick = 0, pgno = 0;
  for (u32 i = 0; i < nRow; i++) {
    append_row(c, m, (*pk)++, nTail, buf);
    const MemPage *p = &c->aPage[c->iPage];
    if (i > 0 && p->pgno != pgno) {
      nSplit++;
      nQuick += btree_page_ncell(p) == 1;
    }
    pgno = p->pgno;
  }
  ck_assert_msg(nSplit > 0 && nQuick + 1 + nSplit / 10 >= nSplit, "%u of %u splits quick",
                nQuick, nSplit);
  u32 nCell = (u32)varint_len(nTail + 3) + (u32)varint_len(*pk) + nTail + 3 + 2;
  u32 nLeaf = (nRow + (bt->usableSize - 8) / nCell - 1) / ((bt->usableSize - 8) / nCell);
  u32 nUsed = btree_page_count(bt) - n0;
  ck_assert_msg(nUsed <= nLeaf + nLeaf / 7 + 2, "%u pages for %u leaves' worth (page %u)", nUsed,
                nLeaf, bt->pageSize);
}

START_TEST(test_append) {
  static const u32 aSize[] = {512, 1024, 4096, 65536};
  u32 ps = aSize[_i], iRoot, k = 1;
  int nOps = scaled_ops(ps == 65536 ? 4000 : 12000);
  Btree *bt = open_db(ps);
  Model m;
  BtCursor *c;
  u8 *buf = malloc(1 << 20);
  g_seed = g_seed0 = 3000 + (u64)_i;
  model_init(&m, 20000);
  ck_assert_int_eq(btree_begin(bt, BTREE_TXN_WRITE), SQLITE_OK);
  ck_assert_int_eq(btree_create(bt, &iRoot, BTREE_INTKEY), SQLITE_OK);
  ck_assert_int_eq(btree_cursor(bt, iRoot, 1, NULL, NULL, &c), SQLITE_OK);
  append_fill_check(bt, c, &m, &k, buf);
  for (int i = 1; i <= nOps && k < m.nKey; i++) {
    append_step(bt, iRoot, &c, &m, &k, buf);
    if (i % 1000 == 0) {
      verify_tree(bt, iRoot, 0, &m, buf);
      check_clean(bt, &iRoot, 1, "append");
    }
  }
  btree_cursor_close(c);
  verify_tree(bt, iRoot, 0, &m, buf);
  check_clean(bt, &iRoot, 1, "append end");
  add_schema_row(bt, 1, "t", iRoot, "CREATE TABLE t(x)");
  ck_assert_int_eq(btree_commit(bt), SQLITE_OK);
  btree_close(bt);
  char zE[100];
  snprintf(zE, sizeof zE, "ok %lld ", (long long)m.nEntry);
  sqlite3_expect("select count(*) from t", zE);
  model_free(&m);
  free(buf);
}
END_TEST

/* ---- cursors that survive writes --------------------------------------- */

/* Smallest present key > k (or < k when bDown), -1 if none. */
static i64 model_neighbour(const Model *m, i64 k, int bDown) {
  if (bDown) {
    for (i64 j = k - 1; j >= 0; j--) {
      if (m->aPresent[j]) return j;
    }
    return -1;
  }
  for (i64 j = k + 1; j < (i64)m->nKey; j++) {
    if (m->aPresent[j]) return j;
  }
  return -1;
}

/* Key number of the entry under a cursor (rowid, or the key prefix). */
static i64 cursor_key(BtCursor *c, int bIndex) {
  if (!bIndex) {
    i64 r;
    ck_assert_int_eq(btree_rowid(c, &r), SQLITE_OK);
    return r;
  }
  u32 n;
  u8 buf[300];
  const u8 *pBlob;
  int nBlob, rc = SQLITE_OK;
  ck_assert_int_eq(btree_payload_size(c, &n), SQLITE_OK);
  if (n > sizeof buf) n = sizeof buf;
  ck_assert_int_eq(btree_payload(c, 0, n, buf), SQLITE_OK);
  u64 st;
  u32 off;
  int nf;
  ck_assert_int_eq(rec_parse_header_ex(buf, (int)n, 1 << 30, 1, &st, &off, &nf), SQLITE_OK);
  pBlob = buf + off;
  nBlob = 4;
  (void)rc;
  (void)nBlob;
  return get4(pBlob);
}

/* Inserts key k into a table or index tree through cursor c, updating m.
** Index keys get a tail length fixed by k, so a key deleted and inserted
** again is the same key (a cursor saved on it finds it again). */
static void put_key(BtCursor *c, int bIndex, Model *m, u32 k, u32 n, u8 *buf) {
  if (bIndex) n = (k % 5 == 0) ? (k * 2654435761u >> 8) % 1500 : (k * 2654435761u >> 8) % 60;
  u32 nRec = make_record(buf, k, n, 7, bIndex);
  if (bIndex) {
    Key s = {buf, (int)nRec};
    ck_assert_int_eq(btree_index_insert(c, buf, (int)nRec, &s), SQLITE_OK);
  } else {
    ck_assert_int_eq(btree_insert(c, k, buf, (int)nRec), SQLITE_OK);
  }
  if (!m->aPresent[k]) m->nEntry++;
  m->aPresent[k] = 1;
  m->aLen[k] = n;
  m->aVer[k] = 7;
}

/* Positions c exactly at key k (which must exist). */
static void seek_key(BtCursor *c, int bIndex, const Model *m, u32 k, u8 *buf) {
  int res;
  if (bIndex) {
    u32 nRec = make_record(buf, k, m->aLen[k], m->aVer[k], 1);
    Key s = {buf, (int)nRec};
    ck_assert_int_eq(btree_index_moveto(c, &s, &res), SQLITE_OK);
  } else {
    ck_assert_int_eq(btree_table_moveto(c, k, &res), SQLITE_OK);
  }
  ck_assert_int_eq(res, 0);
}

static Btree *tree_fixture(u32 pageSize, int bIndex, u32 *piRoot, Model *m, u32 nKey, u8 *buf) {
  Btree *bt = open_db(pageSize);
  BtCursor *c;
  model_init(m, nKey);
  ck_assert_int_eq(btree_begin(bt, BTREE_TXN_WRITE), SQLITE_OK);
  ck_assert_int_eq(btree_create(bt, piRoot, bIndex ? BTREE_BLOBKEY : BTREE_INTKEY), SQLITE_OK);
  ck_assert_int_eq(btree_cursor(bt, *piRoot, 1, bIndex ? cmp_search : NULL, NULL, &c), SQLITE_OK);
  for (u32 k = 0; k < nKey; k += 2) {
    put_key(c, bIndex, m, k, rnd(5) == 0 ? rnd(1500) : rnd(60), buf);
  }
  btree_cursor_close(c);
  return bt;
}

/* Index inserts in key order (up, then down through the gaps) on one
** cursor, each followed now and then by deleting a key and inserting it
** again right away (the VM's index update): the insert seeks from the
** cursor's leaf.  _i: page size. */
START_TEST(test_index_sorted) {
  static const u32 aSize[] = {512, 1024, 4096, 65536};
  u32 ps = aSize[_i], iRoot, nKey = ps == 65536 ? 6000 : 4000;
  Btree *bt = open_db(ps);
  Model m;
  BtCursor *c;
  int res;
  u8 *buf = malloc(1 << 20);
  g_seed = g_seed0 = 4000 + (u64)_i;
  model_init(&m, nKey);
  ck_assert_int_eq(btree_begin(bt, BTREE_TXN_WRITE), SQLITE_OK);
  ck_assert_int_eq(btree_create(bt, &iRoot, BTREE_BLOBKEY), SQLITE_OK);
  ck_assert_int_eq(btree_cursor(bt, iRoot, 1, cmp_search, NULL, &c), SQLITE_OK);
  btree_cursor_set_raw_compare(c, cmp_raw);
  for (u32 i = 0; i < nKey; i++) {
    u32 k = i < nKey / 2 ? 2 * i : nKey - 1 - 2 * (i - nKey / 2);   /* evens up, odds down */
    put_key(c, 1, &m, k, 0, buf);
    if (rnd(4) == 0) {   /* delete a present key and put it back at once */
      u32 d = rnd(nKey);
      while (!m.aPresent[d]) d = (d + 1) % nKey;
      seek_key(c, 1, &m, d, buf);
      ck_assert_int_eq(btree_delete(c), SQLITE_OK);
      m.aPresent[d] = 0;
      m.nEntry--;
      put_key(c, 1, &m, d, 0, buf);
    }
    if (i % 500 == 499) {
      verify_tree(bt, iRoot, 1, &m, buf);
      check_clean(bt, &iRoot, 1, "index sorted");
    }
  }
  u32 nRec = make_record(buf, 0, m.aLen[0], m.aVer[0], 1);
  Key s0 = {buf, (int)nRec};
  ck_assert_int_eq(btree_index_moveto(c, &s0, &res), SQLITE_OK);
  ck_assert_int_eq(res, 0);
  btree_cursor_close(c);
  verify_tree(bt, iRoot, 1, &m, buf);
  check_clean(bt, &iRoot, 1, "index sorted end");
  add_schema_row(bt, 1, "w", iRoot, "CREATE TABLE w(k BLOB PRIMARY KEY) WITHOUT ROWID");
  ck_assert_int_eq(btree_commit(bt), SQLITE_OK);
  btree_close(bt);
  char zE[100];
  snprintf(zE, sizeof zE, "ok %lld ", (long long)m.nEntry);
  sqlite3_expect("select count(*) from w", zE);
  model_free(&m);
  free(buf);
}
END_TEST

/* A reader walks forward (or back) while a writer on the same tree
** inserts and deletes; every step must land on the model's neighbour.
** _i: bit 0 index tree, bit 1 walk backwards, bit 2 no raw comparator. */
START_TEST(test_multi_cursor) {
  int bIndex = _i & 1, bDown = (_i >> 1) & 1, bNoRaw = (_i >> 2) & 1;
  u8 *buf = malloc(1 << 16);
  Model m;
  u32 iRoot;
  BtCursor *r, *w;
  int bEmpty;
  g_seed = g_seed0 = 3000 + (u64)_i;
  Btree *bt = tree_fixture(512, bIndex, &iRoot, &m, 4000, buf);
  ck_assert_int_eq(btree_cursor(bt, iRoot, 0, bIndex ? cmp_search : NULL, NULL, &r), SQLITE_OK);
  ck_assert_int_eq(btree_cursor(bt, iRoot, 1, bIndex ? cmp_search : NULL, NULL, &w), SQLITE_OK);
  if (bIndex && !bNoRaw) btree_cursor_set_raw_compare(r, cmp_raw);
  if (bIndex && !bNoRaw) btree_cursor_set_raw_compare(w, cmp_raw);
  ck_assert_int_eq(bDown ? btree_last(r, &bEmpty) : btree_first(r, &bEmpty), SQLITE_OK);
  for (int it = 0; it < 6000; it++) {
    i64 cur = cursor_key(r, bIndex);
    for (int j = 0; j < 3; j++) {   /* writes around the reader */
      i64 kk = cur + (i64)rnd(40) - 20;   /* rnd() once: the macros evaluate twice */
      u32 k = (u32)CORE_MAX(0, CORE_MIN((i64)m.nKey - 1, kk));
      int bMayDelete = !(bIndex && bNoRaw && k == cur);
      if (m.aPresent[k] && bMayDelete && rnd(2)) {
        seek_key(w, bIndex, &m, k, buf);
        ck_assert_int_eq(btree_delete(w), SQLITE_OK);
        m.aPresent[k] = 0;
        m.nEntry--;
      } else if (!m.aPresent[k]) {
        put_key(w, bIndex, &m, k, rnd(4) == 0 ? rnd(1200) : rnd(50), buf);
      }
    }
    i64 exp = model_neighbour(&m, cur, bDown);
    ck_assert_int_eq(bDown ? btree_prev(r) : btree_next(r), SQLITE_OK);
    if (exp < 0) {
      ck_assert_msg(btree_eof(r), "expected eof after %lld (seed %llu)", (long long)cur,
                    (unsigned long long)g_seed0);
      ck_assert_int_eq(bDown ? btree_last(r, &bEmpty) : btree_first(r, &bEmpty), SQLITE_OK);
      ck_assert(!bEmpty);
      continue;
    }
    ck_assert_msg(!btree_eof(r), "unexpected eof after %lld (seed %llu)", (long long)cur,
                  (unsigned long long)g_seed0);
    i64 got = cursor_key(r, bIndex);
    ck_assert_msg(got == exp, "after %lld got %lld expected %lld (iter %d seed %llu)",
                  (long long)cur, (long long)got, (long long)exp, it, (unsigned long long)g_seed0);
  }
  btree_cursor_close(r);
  btree_cursor_close(w);
  verify_tree(bt, iRoot, bIndex, &m, buf);
  check_clean(bt, &iRoot, 1, "multi");
  ck_assert_int_eq(btree_commit(bt), SQLITE_OK);
  btree_close(bt);
  model_free(&m);
  free(buf);
}
END_TEST

/* DELETE-loop semantics: delete some entries while walking; next (or
** prev) after a delete yields the entry after (before) the deleted one.
** _i: bit 0 index, bit 1 backwards, bit 2 no raw comparator. */
START_TEST(test_delete_walk) {
  int bIndex = _i & 1, bDown = (_i >> 1) & 1, bNoRaw = (_i >> 2) & 1;
  u8 *buf = malloc(1 << 16);
  Model m;
  u32 iRoot;
  BtCursor *c;
  int bEmpty;
  g_seed = g_seed0 = 4000 + (u64)_i;
  Btree *bt = tree_fixture(_i & 1 ? 1024 : 512, bIndex, &iRoot, &m, 12000, buf);
  for (int pass = 0; pass < 3; pass++) {
    ck_assert_int_eq(btree_cursor(bt, iRoot, 1, bIndex ? cmp_search : NULL, NULL, &c), SQLITE_OK);
    if (bIndex && !bNoRaw) btree_cursor_set_raw_compare(c, cmp_raw);
    ck_assert_int_eq(bDown ? btree_last(c, &bEmpty) : btree_first(c, &bEmpty), SQLITE_OK);
    int pct = pass == 2 ? 100 : 50;
    while (!btree_eof(c)) {
      i64 cur = cursor_key(c, bIndex);
      if ((int)rnd(100) < pct) {
        ck_assert_int_eq(btree_delete(c), SQLITE_OK);
        m.aPresent[cur] = 0;
        m.nEntry--;
      }
      i64 exp = model_neighbour(&m, cur, bDown);
      ck_assert_int_eq(bDown ? btree_prev(c) : btree_next(c), SQLITE_OK);
      if (exp < 0) {
        ck_assert(btree_eof(c));
      } else {
        ck_assert_msg(!btree_eof(c), "eof after %lld", (long long)cur);
        ck_assert_msg(cursor_key(c, bIndex) == exp, "after deleting %lld expected %lld (seed %llu)",
                      (long long)cur, (long long)exp, (unsigned long long)g_seed0);
      }
    }
    btree_cursor_close(c);
    verify_tree(bt, iRoot, bIndex, &m, buf);
    check_clean(bt, &iRoot, 1, "delete walk");
  }
  ck_assert_int_eq(m.nEntry, 0);
  ck_assert_int_eq(btree_commit(bt), SQLITE_OK);
  btree_close(bt);
  model_free(&m);
  free(buf);
}
END_TEST

/* ---- transactions ------------------------------------------------------ */

static Model model_copy(const Model *m) {
  Model c;
  model_init(&c, m->nKey);
  memcpy(c.aPresent, m->aPresent, m->nKey);
  memcpy(c.aLen, m->aLen, m->nKey * sizeof(u32));
  memcpy(c.aVer, m->aVer, m->nKey * sizeof(u32));
  c.nEntry = m->nEntry;
  return c;
}

START_TEST(test_rollback) {
  u8 *buf = malloc(1 << 20);
  Model m;
  u32 iRoot;
  BtCursor *c;
  g_seed = g_seed0 = 5000;
  Btree *bt = tree_fixture(1024, 0, &iRoot, &m, 6000, buf);
  ck_assert_int_eq(btree_commit(bt), SQLITE_OK);
  u32 nPage = 0;
  for (int round = 0; round < 4; round++) {
    Model keep = model_copy(&m);
    ck_assert_int_eq(btree_begin(bt, BTREE_TXN_WRITE), SQLITE_OK);
    nPage = btree_page_count(bt);
    ck_assert_int_eq(btree_cursor(bt, iRoot, 1, NULL, NULL, &c), SQLITE_OK);
    for (int i = 0; i < 3000; i++) random_op(c, 0, &m, 1024, buf);
    u32 iOther;
    ck_assert_int_eq(btree_create(bt, &iOther, BTREE_INTKEY), SQLITE_OK);
    ck_assert_int_eq(btree_update_meta(bt, BTREE_USER_VERSION, 99), SQLITE_OK);
    ck_assert_int_eq(btree_rollback(bt), SQLITE_OK);
    ck_assert(btree_eof(c));
    btree_cursor_close(c);
    model_free(&m);
    m = keep;
    ck_assert_int_eq(btree_begin(bt, BTREE_TXN_READ), SQLITE_OK);
    ck_assert_uint_eq(btree_page_count(bt), nPage);
    u32 v;
    ck_assert_int_eq(btree_get_meta(bt, BTREE_USER_VERSION, &v), SQLITE_OK);
    ck_assert_uint_eq(v, 0);
    verify_tree(bt, iRoot, 0, &m, buf);
    check_clean(bt, &iRoot, 1, "rollback");
    ck_assert_int_eq(btree_commit(bt), SQLITE_OK);
  }
  btree_close(bt);
  model_free(&m);
  free(buf);
}
END_TEST

START_TEST(test_savepoint) {
  u8 *buf = malloc(1 << 20);
  Model m;
  u32 iRoot;
  BtCursor *c, *r;
  int bEmpty;
  g_seed = g_seed0 = 6000;
  Btree *bt = tree_fixture(512, 1, &iRoot, &m, 3000, buf);
  ck_assert_int_eq(btree_cursor(bt, iRoot, 1, cmp_search, NULL, &c), SQLITE_OK);
  ck_assert_int_eq(btree_cursor(bt, iRoot, 0, cmp_search, NULL, &r), SQLITE_OK);
  btree_cursor_set_raw_compare(c, cmp_raw);
  btree_cursor_set_raw_compare(r, cmp_raw);
  ck_assert_int_eq(btree_first(r, &bEmpty), SQLITE_OK);
  for (int round = 0; round < 6; round++) {
    Model keep = model_copy(&m);
    ck_assert_int_eq(btree_savepoint_open(bt, 1), SQLITE_OK);
    for (int i = 0; i < 800; i++) random_op(c, 1, &m, 512, buf);
    i64 cur = cursor_key(r, 1);
    if (round & 1) {   /* roll back: the reader is back where it was */
      ck_assert_int_eq(btree_savepoint(bt, PAGER_SAVEPOINT_ROLLBACK, 0), SQLITE_OK);
      ck_assert_int_eq(btree_savepoint(bt, PAGER_SAVEPOINT_RELEASE, 0), SQLITE_OK);
      model_free(&m);
      m = keep;
    } else {
      ck_assert_int_eq(btree_savepoint(bt, PAGER_SAVEPOINT_RELEASE, 0), SQLITE_OK);
      model_free(&keep);
    }
    verify_tree(bt, iRoot, 1, &m, buf);
    check_clean(bt, &iRoot, 1, "savepoint");
    i64 exp = model_neighbour(&m, cur, 0);
    ck_assert_int_eq(btree_next(r), SQLITE_OK);
    if (exp < 0) ck_assert(btree_eof(r));
    else ck_assert_int_eq(cursor_key(r, 1), exp);
    if (btree_eof(r)) ck_assert_int_eq(btree_first(r, &bEmpty), SQLITE_OK);
  }
  btree_cursor_close(c);
  btree_cursor_close(r);
  ck_assert_int_eq(btree_commit(bt), SQLITE_OK);
  btree_close(bt);
  model_free(&m);
  free(buf);
}
END_TEST

/* Dropping a big table fills the freelist; a new table of the same size
** reuses it and the file does not grow.  Also clear and the counts. */
START_TEST(test_freelist_reuse) {
  u8 *buf = malloc(1 << 20);
  Btree *bt = open_db(1024);
  u32 iRoot, iRoot2, iMoved;
  BtCursor *c;
  i64 nChange = 0;
  g_seed = g_seed0 = 7000;
  ck_assert_int_eq(btree_begin(bt, BTREE_TXN_WRITE), SQLITE_OK);
  ck_assert_int_eq(btree_create(bt, &iRoot, BTREE_INTKEY), SQLITE_OK);
  ck_assert_int_eq(btree_cursor(bt, iRoot, 1, NULL, NULL, &c), SQLITE_OK);
  for (int i = 0; i < 3000; i++) {
    fill_payload(buf, 900 + (u32)(i % 3) * 1000, (u32)i, 0);
    ck_assert_int_eq(btree_insert(c, i, buf, 900 + (i % 3) * 1000), SQLITE_OK);
  }
  btree_cursor_close(c);
  ck_assert_int_eq(btree_commit(bt), SQLITE_OK);
  ck_assert_int_eq(btree_begin(bt, BTREE_TXN_WRITE), SQLITE_OK);
  u32 nPage = btree_page_count(bt);
  ck_assert_uint_eq(btree_freelist_count(bt), 0);
  ck_assert_int_eq(btree_drop(bt, iRoot, &iMoved), SQLITE_OK);
  ck_assert_uint_eq(iMoved, 0);
  ck_assert_uint_eq(btree_freelist_count(bt), nPage - 1);   /* all but page 1 */
  check_clean(bt, NULL, 0, "after drop");
  ck_assert_int_eq(btree_commit(bt), SQLITE_OK);
  ck_assert_int_eq(btree_begin(bt, BTREE_TXN_WRITE), SQLITE_OK);
  ck_assert_int_eq(btree_create(bt, &iRoot2, BTREE_INTKEY), SQLITE_OK);
  ck_assert_int_eq(btree_cursor(bt, iRoot2, 1, NULL, NULL, &c), SQLITE_OK);
  for (int i = 0; i < 3000; i++) {
    fill_payload(buf, 900 + (u32)(i % 3) * 1000, (u32)i, 1);
    ck_assert_int_eq(btree_insert(c, i, buf, 900 + (i % 3) * 1000), SQLITE_OK);
  }
  ck_assert_uint_le(btree_page_count(bt), nPage);
  check_clean(bt, &iRoot2, 1, "reuse");
  btree_cursor_close(c);
  ck_assert_int_eq(btree_clear(bt, iRoot2, &nChange), SQLITE_OK);
  ck_assert_int_eq(nChange, 3000);
  ck_assert_uint_eq(btree_freelist_count(bt), nPage - 2);
  check_clean(bt, &iRoot2, 1, "clear");
  ck_assert_int_eq(btree_commit(bt), SQLITE_OK);
  btree_close(bt);
  free(buf);
  char zCmd[700];
  snprintf(zCmd, sizeof zCmd, "[ \"$(sqlite3 '%s' 'pragma freelist_count')\" = %u ]", db_path(),
           nPage - 2);
  ck_assert_int_eq(tu_sh(zCmd), 0);
}
END_TEST

/* ---- corrupt files ---------------------------------------------------- */

/* Reads every entry of a tree; returns the first error. */
static int scan_all(Btree *bt, u32 iRoot, u8 *buf) {
  BtCursor *c;
  int bEmpty, rc = btree_cursor(bt, iRoot, 0, cmp_search, NULL, &c);
  if (rc != SQLITE_OK) return rc;
  if (!btree_cursor_is_intkey(c)) btree_cursor_set_raw_compare(c, cmp_raw);
  rc = btree_first(c, &bEmpty);
  for (int n = 0; rc == SQLITE_OK && !btree_eof(c) && n < 100000; n++) {
    u32 nPay;
    rc = btree_payload_size(c, &nPay);
    if (rc == SQLITE_OK && nPay <= (1 << 20)) rc = btree_payload(c, 0, nPay, buf);
    if (rc == SQLITE_OK) rc = btree_next(c);
  }
  i64 nCount;
  if (rc == SQLITE_OK) rc = btree_count(c, &nCount);
  btree_cursor_close(c);
  return rc;
}

/* Tries writes on a damaged tree, then rolls them back. */
static int write_some(Btree *bt, u32 iTable, u32 iIndex, u8 *buf) {
  BtCursor *c;
  int res, rc = btree_begin(bt, BTREE_TXN_WRITE);
  if (rc != SQLITE_OK) return rc;
  rc = btree_cursor(bt, iTable, 1, NULL, NULL, &c);
  for (int i = 0; rc == SQLITE_OK && i < 30; i++) {
    fill_payload(buf, 700, (u32)i, 9);
    rc = btree_insert(c, (i64)rnd(400), buf, (int)rnd(700));
    if (rc == SQLITE_OK) rc = btree_table_moveto(c, (i64)rnd(400), &res);
    if (rc == SQLITE_OK && !btree_eof(c)) rc = btree_delete(c);
  }
  if (c) btree_cursor_close(c);
  c = NULL;
  if (rc == SQLITE_OK) rc = btree_cursor(bt, iIndex, 1, cmp_search, NULL, &c);
  for (int i = 0; rc == SQLITE_OK && i < 30; i++) {
    u32 n = make_record(buf, rnd(400), rnd(300), 3, 1);
    Key s = {buf, (int)n};
    rc = btree_index_insert(c, buf, (int)n, &s);
    if (rc == SQLITE_OK) rc = btree_index_moveto(c, &s, &res);
    if (rc == SQLITE_OK && !btree_eof(c)) rc = btree_delete(c);
  }
  if (c) btree_cursor_close(c);
  btree_rollback(bt);
  return rc;
}

static int rc_ok(int rc) {
  rc &= 0xff;
  return rc == SQLITE_OK || rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB || rc == SQLITE_READONLY;
}

/* Random byte damage to a valid file: open, check, scan and write must
** give OK, CORRUPT or NOTADB, never crash (run under ASan too). */
START_TEST(test_corrupt) {
  u8 *buf = malloc(1 << 20);
  Model m;
  u32 aRoot[3] = {1, 0, 0};
  g_seed = g_seed0 = 8000;
  Btree *bt = tree_fixture(512, 0, &aRoot[1], &m, 600, buf);
  BtCursor *c;
  ck_assert_int_eq(btree_create(bt, &aRoot[2], BTREE_BLOBKEY), SQLITE_OK);
  ck_assert_int_eq(btree_cursor(bt, aRoot[2], 1, cmp_search, NULL, &c), SQLITE_OK);
  Model mi;
  model_init(&mi, 600);
  for (u32 k = 0; k < 600; k += 3) put_key(c, 1, &mi, k, rnd(4) ? rnd(40) : rnd(900), buf);
  btree_cursor_close(c);
  ck_assert_int_eq(btree_cursor(bt, aRoot[1], 1, NULL, NULL, &c), SQLITE_OK);
  for (u32 k = 0; k < 600; k += 8) {
    int res;
    ck_assert_int_eq(btree_table_moveto(c, k, &res), SQLITE_OK);
    if (res == 0) ck_assert_int_eq(btree_delete(c), SQLITE_OK);
  }
  btree_cursor_close(c);
  ck_assert_int_eq(btree_commit(bt), SQLITE_OK);
  btree_close(bt);
  long nFile;
  u8 *aOrig = tu_read_file(db_path(), &nFile);
  ck_assert_int_gt(nFile, 512 * 20);
  u8 *aCopy = malloc((size_t)nFile);
  const char *zIter = getenv("BTREE_CORRUPT_ITERS");
  int nCorrupt = 0, nIter = zIter ? atoi(zIter) : 1000;
  if (getenv("BTREE_SEED")) g_seed = g_seed0 = strtoull(getenv("BTREE_SEED"), NULL, 10);
  for (int it = 0; it < nIter; it++) {
    memcpy(aCopy, aOrig, (size_t)nFile);
    int nFlip = 1 + (int)rnd(8);
    for (int j = 0; j < nFlip; j++) {
      long off = (long)rnd((u32)nFile);
      if (it % 10 == 0) off = (long)rnd(512);   /* page 1: file and page header */
      else if (it % 10 < 5) off = (off & ~511L) + (long)rnd(40);   /* a page header */
      aCopy[off] = rnd(3) ? (u8)rnd(256) : (u8)(aCopy[off] ^ (1u << rnd(8)));
    }
    FILE *f = fopen(db_path(), "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(fwrite(aCopy, 1, (size_t)nFile, f), (size_t)nFile);
    fclose(f);
    int rc = btree_open(io_default(), db_path(), 0, SQLITE_OPEN_READWRITE, &bt);
    ck_assert_int_eq(rc, SQLITE_OK);
    rc = btree_begin(bt, BTREE_TXN_READ);
    ck_assert_msg(rc_ok(rc), "begin rc %d (iteration %d)", rc, it);
    if (rc == SQLITE_OK) {
      int nErr = 0;
      char *zErr = NULL;
      rc = btree_integrity_check(bt, aRoot, 3, 100, &nErr, &zErr);
      ck_assert_msg(rc_ok(rc), "check rc %d (iteration %d)", rc, it);
      nCorrupt += nErr > 0;
      mem_free(zErr);
      for (int r = 0; r < 3; r++) {
        rc = scan_all(bt, aRoot[r], buf);
        ck_assert_msg(rc_ok(rc), "scan rc %d (iteration %d)", rc, it);
      }
      ck_assert_int_eq(btree_commit(bt), SQLITE_OK);
      rc = write_some(bt, aRoot[1], aRoot[2], buf);
      ck_assert_msg(rc_ok(rc), "write rc %d (iteration %d)", rc, it);
    }
    btree_close(bt);
  }
  ck_assert_int_gt(nCorrupt, 100);
  free(aOrig);
  free(aCopy);
  model_free(&m);
  model_free(&mi);
  free(buf);
}
END_TEST

/* SQLite's own wording for the damage the checker finds. */
START_TEST(test_check_messages) {
  u8 *buf = malloc(1 << 16);
  Model m;
  u32 aRoot[2] = {1, 0};
  g_seed = g_seed0 = 9000;
  Btree *bt = tree_fixture(1024, 0, &aRoot[1], &m, 3000, buf);
  ck_assert_int_eq(btree_commit(bt), SQLITE_OK);
  ck_assert_int_eq(btree_begin(bt, BTREE_TXN_WRITE), SQLITE_OK);
  u32 nPage = btree_page_count(bt);
  PgPage *pg;
  ck_assert_int_eq(pager_get(btree_pager(bt), aRoot[1], 0, &pg), SQLITE_OK);
  ck_assert_int_eq(pg->aData[0], PT_TABLE_INTERIOR);
  ck_assert_int_eq(pager_write(pg), SQLITE_OK);
  u32 ofs0 = get2(pg->aData + 12);
  memcpy(pg->aData + ofs0, pg->aData + 8, 4);   /* cell 0's child = the right child */
  pager_unref(pg);
  int nErr = 0;
  char *zErr = NULL;
  ck_assert_int_eq(btree_integrity_check(bt, aRoot, 2, 100, &nErr, &zErr), SQLITE_OK);
  ck_assert_int_gt(nErr, 0);
  char zExp[200];
  snprintf(zExp, sizeof zExp, "On tree page %u cell 0: 2nd reference to page ", aRoot[1]);
  ck_assert_msg(strstr(zErr, zExp) != NULL, "got: %s", zErr);
  ck_assert_msg(strstr(zErr, "is never used") != NULL, "got: %s", zErr);
  mem_free(zErr);
  ck_assert_int_eq(btree_update_meta(bt, BTREE_USER_VERSION, 1), SQLITE_OK);
  ck_assert_int_eq(pager_get(btree_pager(bt), 1, 0, &pg), SQLITE_OK);
  put4(pg->aData + 36, 5);   /* freelist count lies */
  pager_unref(pg);
  ck_assert_int_eq(btree_integrity_check(bt, aRoot, 2, 100, &nErr, &zErr), SQLITE_OK);
  ck_assert_msg(strstr(zErr, "Main freelist: size is 0 but should be 5") != NULL, "got: %s", zErr);
  mem_free(zErr);
  ck_assert_int_eq(btree_integrity_check(bt, aRoot, 2, 1, &nErr, &zErr), SQLITE_OK);
  ck_assert_int_eq(nErr, 1);
  mem_free(zErr);
  (void)nPage;
  btree_rollback(bt);
  btree_close(bt);
  model_free(&m);
  free(buf);
}
END_TEST

START_TEST(test_prev_scan) {
  u8 *buf = malloc(1 << 16);
  Model m;
  u32 iRoot;
  BtCursor *c;
  int bEmpty;
  g_seed = g_seed0 = 10000 + (u64)_i;
  Btree *bt = tree_fixture(512, _i, &iRoot, &m, 20000, buf);
  ck_assert_int_eq(btree_cursor(bt, iRoot, 0, _i ? cmp_search : NULL, NULL, &c), SQLITE_OK);
  ck_assert_int_eq(btree_last(c, &bEmpty), SQLITE_OK);
  i64 exp = model_neighbour(&m, m.nKey, 1), n = 0;
  for (; !btree_eof(c); n++) {
    ck_assert_int_eq(cursor_key(c, _i), exp);
    exp = model_neighbour(&m, exp, 1);
    ck_assert_int_eq(btree_prev(c), SQLITE_OK);
  }
  ck_assert_int_eq(n, m.nEntry);
  ck_assert_int_eq(exp, -1);
  btree_cursor_close(c);
  btree_commit(bt);
  btree_close(bt);
  model_free(&m);
  free(buf);
}
END_TEST

/* The schema tree lives on page 1, whose b-tree header starts at offset
** 100: it must split (root keeps page 1) and collapse back. */
START_TEST(test_page1_root) {
  u8 *buf = malloc(1 << 16);
  Btree *bt = open_db(512);
  BtCursor *c;
  u32 r = 1;
  int bEmpty;
  g_seed = g_seed0 = 11000;
  ck_assert_int_eq(btree_begin(bt, BTREE_TXN_WRITE), SQLITE_OK);
  ck_assert_int_eq(btree_cursor(bt, 1, 1, NULL, NULL, &c), SQLITE_OK);
  for (u32 i = 1; i <= 3000; i++) {
    u32 n = make_record(buf, i, rnd(4) ? rnd(50) : rnd(2000), 1, 0);
    ck_assert_int_eq(btree_insert(c, i, buf, (int)n), SQLITE_OK);
  }
  check_clean(bt, &r, 0, "page 1 grown");
  ck_assert_int_eq(btree_first(c, &bEmpty), SQLITE_OK);
  while (!btree_eof(c)) {   /* the VM's DELETE loop: delete, then next */
    ck_assert_int_eq(btree_delete(c), SQLITE_OK);
    ck_assert_int_eq(btree_next(c), SQLITE_OK);
  }
  i64 n;
  ck_assert_int_eq(btree_count(c, &n), SQLITE_OK);
  ck_assert_int_eq(n, 0);
  check_clean(bt, &r, 0, "page 1 emptied");
  PgPage *pg;
  ck_assert_int_eq(pager_get(btree_pager(bt), 1, 0, &pg), SQLITE_OK);
  ck_assert_int_eq(pg->aData[100], PT_TABLE_LEAF);   /* depth back to one */
  pager_unref(pg);
  btree_cursor_close(c);
  ck_assert_int_eq(btree_commit(bt), SQLITE_OK);
  btree_close(bt);
  sqlite3_expect("select count(*) from sqlite_schema", "ok 0 ");
  free(buf);
}
END_TEST

/* Reserved bytes at the end of each page (U < page size). */
START_TEST(test_reserved_bytes) {
  u8 *buf = malloc(1 << 20);
  Btree *bt = open_db(0);
  ck_assert_int_eq(btree_set_page_size(bt, 1024, 40), SQLITE_OK);
  Model m;
  u32 iRoot;
  BtCursor *c;
  g_seed = g_seed0 = 12000;
  model_init(&m, 5000);
  ck_assert_int_eq(btree_begin(bt, BTREE_TXN_WRITE), SQLITE_OK);
  ck_assert_int_eq(btree_create(bt, &iRoot, BTREE_INTKEY), SQLITE_OK);
  ck_assert_int_eq(btree_cursor(bt, iRoot, 1, NULL, NULL, &c), SQLITE_OK);
  for (int i = 0; i < 30000; i++) random_op(c, 0, &m, 1024, buf);
  btree_cursor_close(c);
  verify_tree(bt, iRoot, 0, &m, buf);
  check_clean(bt, &iRoot, 1, "reserve");
  add_schema_row(bt, 1, "t", iRoot, "CREATE TABLE t(x)");
  ck_assert_int_eq(btree_commit(bt), SQLITE_OK);
  btree_close(bt);
  char zE[60];
  snprintf(zE, sizeof zE, "ok %lld 40 ", (long long)m.nEntry);
  sqlite3_expect("select count(*) from t; select 40", zE);
  long nFile;
  u8 *a = tu_read_file(db_path(), &nFile);
  ck_assert_int_eq(a[20], 40);
  free(a);
  model_free(&m);
  free(buf);
}
END_TEST

static Suite *btree_suite(void) {
  Suite *s = suite_create("btree");
  TCase *tc = tcase_create("basic");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_set_timeout(tc, 600);
  tcase_add_test(tc, test_empty_db);
  tcase_add_test(tc, test_small_table);
  tcase_add_loop_test(tc, test_prev_scan, 0, 2);
  tcase_add_loop_test(tc, test_multi_cursor, 0, 8);
  tcase_add_loop_test(tc, test_delete_walk, 0, 8);
  tcase_add_test(tc, test_rollback);
  tcase_add_test(tc, test_savepoint);
  tcase_add_test(tc, test_freelist_reuse);
  tcase_add_test(tc, test_check_messages);
  tcase_add_test(tc, test_page1_root);
  tcase_add_test(tc, test_reserved_bytes);
  tcase_add_loop_test(tc, test_append, 0, 4);
  tcase_add_loop_test(tc, test_index_sorted, 0, 4);
  suite_add_tcase(s, tc);
  tc = tcase_create("corrupt");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_set_timeout(tc, 1200);
  tcase_add_test(tc, test_corrupt);
  suite_add_tcase(s, tc);
  tc = tcase_create("random");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_set_timeout(tc, 1800);
  tcase_add_loop_test(tc, test_random_table, 0, 4);
  tcase_add_loop_test(tc, test_random_index, 0, 4);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) {
  SRunner *sr = srunner_create(btree_suite());
  srunner_run_all(sr, CK_NORMAL);
  int nFailed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return nFailed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
