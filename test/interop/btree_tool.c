/*
** btree_tool.c: interoperability driver for the b-tree layer and the real
** sqlite3 shell (run by test/interop/run.sh).
**
**   btree_tool create DB PAGESIZE NROWS SEED
**       Builds, through the btree layer only, a database holding
**       CREATE TABLE t(a,b) and CREATE INDEX i ON t(a): rows with NULL,
**       integer, real, text and blob values (some overflowing), the index
**       keys (a, rowid) in SQLite's order, then deletes every fifth row.
**   btree_tool walk DB
**       Runs the integrity checker over all roots of sqlite_schema
**       ("integrity ok" or the messages), then lists every tree with its
**       entry count (-1 when a walk fails).  Exit 1 on any problem.
**   btree_tool dump DB NAME
**       Prints the entries of tree NAME, one per line, each value as
**       N (null), I<int>, F<%.15g>, T<hex>, B<hex>, fields joined by '|'
**       (a table row starts with its rowid).  run.sh produces the same
**       text with SQL and compares.
**
** Invariants:
**   1. Row r's values are a pure function of (SEED, r), so deletes can
**      rebuild the index key of a row without storing it.
**   2. The index comparator implements SQLite's record order for the
**      types used: NULL < numbers < text (memcmp) < blob (memcmp).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/btree.h"
#include "engine/record.h"

#define MAX_FIELD 64

static u64 g_seed;

static u64 rnd64(u64 *s) {   /* splitmix64 */
  u64 z = (*s += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

static void die(const char *zWhat, int rc) {
  fprintf(stderr, "btree_tool: %s failed: rc=%d\n", zWhat, rc);
  exit(2);
}

#define CHECK(x)                \
  do {                          \
    int rc_ = (x);              \
    if (rc_ != SQLITE_OK) die(#x, rc_); \
  } while (0)

/* ---- values and records -------------------------------------------- */

typedef struct Val {
  u64 st;          /* serial type */
  i64 i;           /* integer value */
  double r;        /* real value */
  const u8 *p;     /* text/blob bytes */
  u32 n;           /* their length */
} Val;

/* Encodes nVal values as a record into buf (large enough); returns size. */
static u32 tool_encode(const Val *a, int nVal, u8 *buf) {
  u64 aType[MAX_FIELD] = {0};
  for (int i = 0; i < nVal; i++) aType[i] = a[i].st;
  u32 n = (u32)rec_put_header(buf, aType, nVal);
  for (int i = 0; i < nVal; i++) {
    u64 st = a[i].st;
    if (st >= 1 && st <= 6) n += (u32)rec_put_int(buf + n, st, a[i].i);
    else if (st == 7) n += (u32)rec_put_real(buf + n, a[i].r);
    else if (st >= 12) {
      memcpy(buf + n, a[i].p, a[i].n);
      n += a[i].n;
    }
  }
  return n;
}

/* Decodes a whole record into values pointing into p. */
static int tool_decode(const u8 *p, u32 n, Val *a, int *pnVal) {
  u64 aType[MAX_FIELD];
  u32 aOff[MAX_FIELD];
  int rc = rec_parse_header(p, (int)n, MAX_FIELD, aType, aOff, pnVal);
  for (int i = 0; rc == SQLITE_OK && i < *pnVal; i++) {
    memset(&a[i], 0, sizeof a[i]);
    a[i].st = aType[i];
    if (aType[i] == 7) a[i].r = rec_get_real(p + aOff[i]);
    else if (aType[i] >= 1 && aType[i] <= 9) a[i].i = rec_get_int(p + aOff[i], aType[i]);
    a[i].p = p + aOff[i];
    a[i].n = rec_serial_type_len(aType[i]);
  }
  return rc;
}

static int val_class(const Val *v) {
  if (v->st == 0) return 0;
  if (v->st <= 9) return 1;
  return (v->st & 1) ? 2 : 3;
}

/* Invariant 2. */
static int val_cmp(const Val *x, const Val *y) {
  int cx = val_class(x), cy = val_class(y);
  if (cx != cy) return cx - cy;
  if (cx == 0) return 0;
  if (cx == 1) {
    if (x->st != 7 && y->st != 7) return x->i < y->i ? -1 : x->i > y->i;
    double a = x->st == 7 ? x->r : (double)x->i, b = y->st == 7 ? y->r : (double)y->i;
    return a < b ? -1 : a > b;
  }
  int c = memcmp(x->p, y->p, x->n < y->n ? x->n : y->n);
  return c ? c : (int)x->n - (int)y->n;
}

static int tool_cmp(const u8 *pA, int nA, const u8 *pB, int nB, int *pRc) {
  Val a[MAX_FIELD], b[MAX_FIELD];
  int na = 0, nb = 0;
  if (tool_decode(pA, (u32)nA, a, &na) != SQLITE_OK ||
      tool_decode(pB, (u32)nB, b, &nb) != SQLITE_OK) {
    *pRc = SQLITE_CORRUPT;
    return 0;
  }
  for (int i = 0; i < na && i < nb; i++) {
    int c = val_cmp(&a[i], &b[i]);
    if (c) return c;
  }
  return na - nb;
}

typedef struct Search {
  const u8 *p;
  int n;
} Search;

static int cmp_search(void *pCtx, const u8 *pKey, int nKey, const void *pSearch, int *pRc) {
  const Search *s = pSearch;
  (void)pCtx;
  return tool_cmp(pKey, nKey, s->p, s->n, pRc);
}

static int cmp_raw(void *pCtx, const u8 *pA, int nA, const u8 *pB, int nB, int *pRc) {
  (void)pCtx;
  return tool_cmp(pA, nA, pB, nB, pRc);
}

/* ---- create --------------------------------------------------------- */

/* Random text (printable) or blob of n bytes into buf. */
static void rnd_bytes(u64 *s, u8 *buf, u32 n, int bText) {
  for (u32 i = 0; i < n; i++) {
    u64 v = rnd64(s);
    buf[i] = bText ? (u8)('a' + v % 26) : (u8)v;
  }
}

/* One random value (invariant 1: driven by the caller's state s). */
static void rnd_val(u64 *s, Val *v, u8 *buf, int bBig) {
  u32 r = (u32)(rnd64(s) % 100);
  memset(v, 0, sizeof *v);
  if (r < 10) return;   /* NULL */
  if (r < 50) {
    static const i64 aMag[] = {2, 100, 40000, 1 << 23, 1LL << 40, 1LL << 62};
    v->i = (i64)(rnd64(s) % (u64)aMag[r % 6]) - (r & 1 ? aMag[r % 6] / 2 : 0);
    v->st = rec_int_serial_type(v->i);
    return;
  }
  if (r < 60) {
    v->r = (double)(i64)(rnd64(s) % 2000000) / 7.0 - 1000;
    v->st = 7;
    return;
  }
  u32 mx = bBig && r % 5 == 0 ? 70000 : 60;
  v->n = (u32)(rnd64(s) % mx);
  rnd_bytes(s, buf, v->n, r < 85);
  v->p = buf;
  v->st = r < 85 ? rec_text_serial_type(v->n) : rec_blob_serial_type(v->n);
}

/* Row rowid's two values (invariant 1). */
static void row_values(i64 rowid, Val *a, u8 *bufA, u8 *bufB) {
  u64 s = g_seed * 1000003u + (u64)rowid;
  rnd_val(&s, &a[0], bufA, 0);
  rnd_val(&s, &a[1], bufB, 1);
}

/* The index key (a, rowid) of a row. */
static u32 index_key(const Val *a, i64 rowid, u8 *buf) {
  Val k[2];
  k[0] = a[0];
  memset(&k[1], 0, sizeof k[1]);
  k[1].i = rowid;
  k[1].st = rec_int_serial_type(rowid);
  return tool_encode(k, 2, buf);
}

static void schema_row(BtCursor *c, i64 rowid, const char *zType, const char *zName, u32 iRoot,
                       const char *zSql, u8 *buf) {
  const char *az[5] = {zType, zName, "t", NULL, zSql};
  Val v[5];
  for (int i = 0; i < 5; i++) {
    memset(&v[i], 0, sizeof v[i]);
    if (i == 3) {
      v[i].i = iRoot;
      v[i].st = rec_int_serial_type(iRoot);
    } else {
      v[i].p = (const u8 *)az[i];
      v[i].n = (u32)strlen(az[i]);
      v[i].st = rec_text_serial_type(v[i].n);
    }
  }
  u32 n = tool_encode(v, 5, buf);
  CHECK(btree_insert(c, rowid, buf, (int)n));
}

static void insert_row(BtCursor *ct, BtCursor *ci, i64 rowid, u8 *aBuf[3]) {
  Val a[2];
  row_values(rowid, a, aBuf[0], aBuf[1]);
  u32 n = tool_encode(a, 2, aBuf[2]);
  CHECK(btree_insert(ct, rowid, aBuf[2], (int)n));
  n = index_key(a, rowid, aBuf[2]);
  Search s = {aBuf[2], (int)n};
  CHECK(btree_index_insert(ci, aBuf[2], (int)n, &s));
}

static void delete_row(BtCursor *ct, BtCursor *ci, i64 rowid, u8 *aBuf[3]) {
  Val a[2];
  int res;
  row_values(rowid, a, aBuf[0], aBuf[1]);
  CHECK(btree_table_moveto(ct, rowid, &res));
  if (res != 0) die("row lookup", SQLITE_CORRUPT);
  CHECK(btree_delete(ct));
  u32 n = index_key(a, rowid, aBuf[2]);
  Search s = {aBuf[2], (int)n};
  CHECK(btree_index_moveto(ci, &s, &res));
  if (res != 0) die("index lookup", SQLITE_CORRUPT);
  CHECK(btree_delete(ci));
}

static int cmd_create(const char *zDb, u32 pageSize, i64 nRow) {
  Btree *bt;
  BtCursor *cs, *ct, *ci;
  u32 iT, iI;
  u8 *aBuf[3] = {malloc(1 << 17), malloc(1 << 17), malloc(1 << 18)};
  remove(zDb);
  CHECK(btree_open(io_default(), zDb, 0, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, &bt));
  CHECK(btree_set_page_size(bt, pageSize, 0));
  CHECK(btree_begin(bt, BTREE_TXN_WRITE));
  CHECK(btree_create(bt, &iT, BTREE_INTKEY));
  CHECK(btree_create(bt, &iI, BTREE_BLOBKEY));
  CHECK(btree_cursor(bt, 1, 1, NULL, NULL, &cs));
  schema_row(cs, 1, "table", "t", iT, "CREATE TABLE t(a,b)", aBuf[2]);
  schema_row(cs, 2, "index", "i", iI, "CREATE INDEX i ON t(a)", aBuf[2]);
  btree_cursor_close(cs);
  CHECK(btree_update_meta(bt, BTREE_SCHEMA_VERSION, 1));
  CHECK(btree_cursor(bt, iT, 1, NULL, NULL, &ct));
  CHECK(btree_cursor(bt, iI, 1, cmp_search, NULL, &ci));
  btree_cursor_set_raw_compare(ci, cmp_raw);
  for (i64 r = 1; r <= nRow; r++) insert_row(ct, ci, r, aBuf);
  i64 nDel = 0;
  for (i64 r = 5; r <= nRow; r += 5, nDel++) delete_row(ct, ci, r, aBuf);
  btree_cursor_close(ct);
  btree_cursor_close(ci);
  CHECK(btree_commit(bt));
  btree_close(bt);
  printf("rows %lld\n", (long long)(nRow - nDel));
  for (int i = 0; i < 3; i++) free(aBuf[i]);
  return 0;
}

/* ---- walk and dump -------------------------------------------------- */

typedef struct Tree {
  char zName[200];
  char zType[20];
  u32 iRoot;
} Tree;

static char *text_of(const Val *v, char *z, int n) {
  int k = (int)v->n < n - 1 ? (int)v->n : n - 1;
  memcpy(z, v->p, (size_t)k);
  z[k] = 0;
  return z;
}

/* Reads sqlite_schema: every entry with a root page. */
static int read_schema(Btree *bt, Tree *aTree, int mxTree) {
  BtCursor *c;
  int bEmpty, n = 0;
  u8 *buf = malloc(1 << 20);
  CHECK(btree_cursor(bt, 1, 0, NULL, NULL, &c));
  CHECK(btree_first(c, &bEmpty));
  while (!btree_eof(c) && n < mxTree) {
    u32 nPay;
    Val v[MAX_FIELD];
    int nVal;
    CHECK(btree_payload_size(c, &nPay));
    if (nPay > (1 << 20)) die("schema row size", SQLITE_CORRUPT);
    CHECK(btree_payload(c, 0, nPay, buf));
    CHECK(tool_decode(buf, nPay, v, &nVal));
    if (nVal >= 4 && v[3].st >= 1 && v[3].st <= 9 && v[3].i > 0) {
      text_of(&v[0], aTree[n].zType, sizeof aTree[n].zType);
      text_of(&v[1], aTree[n].zName, sizeof aTree[n].zName);
      aTree[n++].iRoot = (u32)v[3].i;
    }
    CHECK(btree_next(c));
  }
  btree_cursor_close(c);
  free(buf);
  return n;
}

static void print_val(const Val *v) {
  if (v->st == 0) {
    fputc('N', stdout);
  } else if (v->st <= 9 && v->st != 7) {
    printf("I%lld", (long long)v->i);
  } else if (v->st == 7) {
    printf("F%.15g", v->r);
  } else {
    static const char hex[] = "0123456789ABCDEF";
    fputc((v->st & 1) ? 'T' : 'B', stdout);
    for (u32 i = 0; i < v->n; i++) {
      fputc(hex[v->p[i] >> 4], stdout);
      fputc(hex[v->p[i] & 15], stdout);
    }
  }
}

/* Walks one tree: counts entries, optionally prints them; -1 on error. */
static i64 walk_tree(Btree *bt, u32 iRoot, int bPrint, u8 **pBuf, u32 *pnBuf) {
  BtCursor *c;
  int bEmpty, rc;
  i64 n = 0;
  if (btree_cursor(bt, iRoot, 0, NULL, NULL, &c) != SQLITE_OK) return -1;
  rc = btree_first(c, &bEmpty);
  for (; rc == SQLITE_OK && !btree_eof(c); n++) {
    u32 nPay;
    rc = btree_payload_size(c, &nPay);
    if (rc != SQLITE_OK) break;
    if (nPay > *pnBuf) {
      *pBuf = realloc(*pBuf, nPay);
      *pnBuf = nPay;
    }
    rc = btree_payload(c, 0, nPay, *pBuf);
    if (rc != SQLITE_OK) break;
    if (bPrint) {
      Val v[MAX_FIELD];
      int nVal;
      CHECK(tool_decode(*pBuf, nPay, v, &nVal));
      i64 rowid;
      if (btree_cursor_is_intkey(c) && btree_rowid(c, &rowid) == SQLITE_OK) {
        printf("%lld|", (long long)rowid);
      }
      for (int i = 0; i < nVal; i++) {
        if (i) fputc('|', stdout);
        print_val(&v[i]);
      }
      fputc('\n', stdout);
    }
    rc = btree_next(c);
  }
  btree_cursor_close(c);
  return rc == SQLITE_OK ? n : -1;
}

static int cmd_walk(const char *zDb, const char *zDump) {
  Btree *bt;
  Tree aTree[200];
  u32 aRoot[201];
  u8 *buf = malloc(1 << 16);
  u32 nBuf = 1 << 16;
  CHECK(btree_open(io_default(), zDb, 0, SQLITE_OPEN_READONLY, &bt));
  CHECK(btree_begin(bt, BTREE_TXN_READ));
  int nTree = read_schema(bt, aTree, 200), nErr = 0;
  aRoot[0] = 1;
  for (int i = 0; i < nTree; i++) aRoot[i + 1] = aTree[i].iRoot;
  if (!zDump) {
    char *zErr = NULL;
    CHECK(btree_integrity_check(bt, aRoot, nTree + 1, 100, &nErr, &zErr));
    printf("integrity %s\n", nErr ? zErr : "ok");
    mem_free(zErr);
  }
  for (int i = 0; i < nTree; i++) {
    if (zDump && strcmp(zDump, aTree[i].zName) == 0) {
      if (walk_tree(bt, aTree[i].iRoot, 1, &buf, &nBuf) < 0) nErr++;
    }
    if (zDump) continue;
    i64 n = walk_tree(bt, aTree[i].iRoot, 0, &buf, &nBuf);
    if (n < 0) nErr++;
    printf("%s %s rows %lld\n", aTree[i].zType, aTree[i].zName, (long long)n);
  }
  btree_commit(bt);
  btree_close(bt);
  free(buf);
  return nErr ? 1 : 0;
}

int main(int argc, char **argv) {
  if (argc >= 6 && strcmp(argv[1], "create") == 0) {
    g_seed = strtoull(argv[5], NULL, 10);
    return cmd_create(argv[2], (u32)atoi(argv[3]), atoll(argv[4]));
  }
  if (argc == 3 && strcmp(argv[1], "walk") == 0) return cmd_walk(argv[2], NULL);
  if (argc == 4 && strcmp(argv[1], "dump") == 0) return cmd_walk(argv[2], argv[3]);
  fprintf(stderr, "usage: btree_tool create DB PAGESIZE NROWS SEED | walk DB | dump DB NAME\n");
  return 2;
}
