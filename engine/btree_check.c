/*
** btree_check.c: the integrity checker behind PRAGMA integrity_check.
**
** Order of work, as SQLite does it: the freelist first, then each tree
** from its root, then the pages nobody referenced.  Messages use
** SQLite's wording ("On tree page N cell I: ...", "Main freelist: ...",
** "Page N is never used", "Multiple uses for byte B of page N", ...),
** one per line, without the "*** in database main ***" heading, which
** the caller adds because it knows the schema name.
**
** Within a page, cells are visited from last to first (right child
** first), so rowid bounds flow from right to left: each key must be below
** the smallest key to its right and within the bound its parent gave.
** Index trees are checked for structure; their key order too when the
** caller supplies a raw comparator for the root (btree_integrity_check_ex).
**
** Invariants:
**   1. Every page is entered at most once (aRef), so the check ends on
**      any file: loops and shared subtrees show as "2nd reference".
**   2. Every read is bounded by the page (btree_int.h invariant 2).
**   3. Only SQLITE_NOMEM and I/O errors stop the check; corruption is
**      reported as messages and the check goes on elsewhere.
*/
#include "btree_int.h"
#include <stdarg.h>
#include <stdio.h>

#define CHECK_MSG_MAX 200

typedef struct Check {
  Btree *bt;
  u32 nPage;               /* pages in the database */
  u8 *aRef;                /* aRef[pgno]: page already referenced (invariant 1) */
  u8 *aUse;                /* byte map of one page, U bytes */
  char *zOut;              /* messages, '\n'-separated (mem_malloc'd) */
  u64 nOut, nOutAlloc;     /* bytes used / allocated in zOut */
  int nErr;                /* messages so far */
  int mxErr;               /* stop after this many */
  int rc;                  /* NOMEM or IOERR: stops everything */
  const char *zPfx;        /* context: a format with %u and %d, or NULL */
  u32 v1;                  /* context page */
  int v2;                  /* context cell */
  BtKeyCompareRaw xCmp;    /* index order for the current tree, or NULL */
  void *pCmpCtx;           /* its context */
  u8 *pPrevKey;            /* index: the key visited last (the next larger) */
  int nPrevKey;            /* its size, -1 when none */
  u8 bCellErr;             /* a cell of the current page is unreadable */
} Check;

static int check_done(const Check *k) { return k->rc != SQLITE_OK || k->nErr >= k->mxErr; }

static void check_append(Check *k, const char *z, u64 n) {
  if (k->nOut + n + 2 > k->nOutAlloc) {
    u64 nNew = (k->nOut + n + 2) * 2;
    char *p = mem_realloc(k->zOut, nNew);
    if (p == NULL) {
      k->rc = SQLITE_NOMEM;
      return;
    }
    k->zOut = p;
    k->nOutAlloc = nNew;
  }
  memcpy(k->zOut + k->nOut, z, n);
  k->nOut += n;
  k->zOut[k->nOut] = 0;
}

/* Appends one message, prefixed by the current context. */
static void check_msg(Check *k, const char *zFmt, ...) {
  char buf[CHECK_MSG_MAX];
  int n = 0;
  if (check_done(k)) return;
  if (k->nErr > 0) check_append(k, "\n", 1);
  k->nErr++;
  if (k->zPfx) n = snprintf(buf, sizeof buf, k->zPfx, k->v1, k->v2);
  if (n < 0 || n >= (int)sizeof buf) n = 0;
  va_list ap;
  va_start(ap, zFmt);
  int m = vsnprintf(buf + n, sizeof buf - (size_t)n, zFmt, ap);
  va_end(ap);
  if (m < 0) m = 0;
  n += m;
  if (n >= (int)sizeof buf) n = (int)sizeof buf - 1;
  check_append(k, buf, (u64)n);
}

/* Marks pgno referenced; 0 (with a message) if it is out of range or was
** referenced before. */
static int check_ref(Check *k, u32 pgno) {
  if (pgno == 0 || pgno > k->nPage) {
    check_msg(k, "invalid page number %u", pgno);
    return 0;
  }
  if (k->aRef[pgno]) {
    check_msg(k, "2nd reference to page %u", pgno);
    return 0;
  }
  k->aRef[pgno] = 1;
  return 1;
}

static int check_get(Check *k, u32 pgno, PgPage **ppPg) {
  int rc = pager_get(k->bt->pPager, pgno, 0, ppPg);
  if (rc == SQLITE_NOMEM || (rc & 0xff) == SQLITE_IOERR) k->rc = rc;
  return rc;
}

/* ---- freelist --------------------------------------------------------- */

static void check_freelist(Check *k, PgPage *p1) {
  u32 iTrunk = get4(p1->aData + HDR_FREE_TRUNK), nExpect = get4(p1->aData + HDR_FREE_COUNT);
  u32 nFound = 0, U = k->bt->usableSize;
  int nErr0 = k->nErr;
  k->zPfx = "Main freelist: ";
  for (u32 n = 0; iTrunk != 0 && n <= k->nPage && !check_done(k); n++) {
    PgPage *t;
    if (!check_ref(k, iTrunk) || check_get(k, iTrunk, &t) != SQLITE_OK) break;
    nFound++;
    u32 nLeaf = get4(t->aData + 4);
    if (nLeaf > U / 4 - 2) {
      check_msg(k, "freelist leaf count too big on page %u", iTrunk);
    } else {
      for (u32 i = 0; i < nLeaf; i++) {
        if (check_ref(k, get4(t->aData + 8 + 4 * i))) nFound++;
      }
    }
    iTrunk = get4(t->aData);
    pager_unref(t);
  }
  if (nFound != nExpect && k->nErr == nErr0 && !check_done(k)) {   /* as SQLite */
    check_msg(k, "size is %u but should be %u", nFound, nExpect);
  }
  k->zPfx = NULL;
}

/* ---- one b-tree page ------------------------------------------------ */

/* The page header fields a tree page needs, or a message. */
static int check_page_header(Check *k, PgPage *pg, MemPage *m) {
  memset(m, 0, sizeof *m);
  m->pPg = pg;
  m->aData = pg->aData;
  m->pgno = pg->pgno;
  m->hdr = pg->pgno == 1 ? 100 : 0;
  u8 t = m->aData[m->hdr];
  u32 U = k->bt->usableSize;
  if (t != PT_INDEX_INTERIOR && t != PT_TABLE_INTERIOR && t != PT_INDEX_LEAF &&
      t != PT_TABLE_LEAF) {
    goto init_failed;
  }
  m->type = t;
  m->leaf = (t & PT_LEAF_BIT) != 0;
  m->intKey = t & 1;
  m->hdrSize = m->leaf ? 8 : 12;
  m->cellOffset = (u16)(m->hdr + m->hdrSize);
  m->hasPayload = !(m->intKey && !m->leaf);
  if (btree_page_ncell(m) > (U - 8) / 6) goto init_failed;
  return 1;
init_failed:
  k->zPfx = NULL;
  check_msg(k, "Page %u: btreeInitPage() returns error code %d", pg->pgno, SQLITE_CORRUPT);
  return 0;
}

/* Marks [ofs, ofs+n) used; reports the first byte used twice. */
static void check_mark(Check *k, u32 ofs, u32 n, u32 pgno, int *pbDup) {
  for (u32 i = ofs; i < ofs + n; i++) {
    if (k->aUse[i] && !*pbDup) {
      check_msg(k, "Multiple uses for byte %u of page %u", i, pgno);
      *pbDup = 1;
    }
    k->aUse[i] = 1;
  }
}

/* Cell/freeblock accounting of a page: overlaps and fragments. */
static void check_page_space(Check *k, const MemPage *m) {
  Btree *bt = k->bt;
  u32 U = bt->usableSize, n = btree_page_ncell(m), top = btree_page_content(m);
  int bDup = 0;
  k->zPfx = NULL;
  if (m->cellOffset + 2 * n > top || top > U) {
    check_msg(k, "Page %u: free space corruption", m->pgno);
    return;
  }
  memset(k->aUse, 0, U);
  for (u32 i = 0; i < n; i++) {
    u32 ofs = get2(m->aData + m->cellOffset + 2 * i);
    CellInfo ci;
    if (ofs < top || ofs > U - BT_MIN_CELL) continue;
    if (btree_cell_parse(bt, m->type, m->aData + ofs, m->aData + U, &ci) != SQLITE_OK) continue;
    check_mark(k, ofs, ci.nSize, m->pgno, &bDup);
  }
  u32 pc = get2(m->aData + m->hdr + PH_FREEBLOCK), prevEnd = 0;
  for (u32 j = 0; pc != 0; j++) {
    u32 sz = pc <= U - 4 ? get2(m->aData + pc + 2) : 0;
    if (j > U / 4 || pc < top || pc < prevEnd || pc > U - 4 || sz < 4 || pc + sz > U) {
      check_msg(k, "Page %u: free space corruption", m->pgno);
      return;
    }
    check_mark(k, pc, sz, m->pgno, &bDup);
    prevEnd = pc + sz;
    pc = get2(m->aData + pc);
  }
  u32 nFrag = 0;
  for (u32 i = top; i < U; i++) nFrag += !k->aUse[i];
  if (nFrag != m->aData[m->hdr + PH_FRAG]) {
    check_msg(k, "Fragmentation of %u bytes reported as %u on page %u", nFrag,
              (u32)m->aData[m->hdr + PH_FRAG], m->pgno);
  }
}

/* Follows a cell's overflow chain, referencing each page. */
static void check_overflow(Check *k, const CellInfo *ci) {
  u32 ovflSize = k->bt->usableSize - 4;
  u32 nExpect = (ci->nPayload - ci->nLocal + ovflSize - 1) / ovflSize;
  u32 pgno = ci->iOvfl, n = 0;
  while (n < nExpect && pgno != 0 && !check_done(k)) {   /* bounded by nExpect */
    PgPage *pg;
    if (!check_ref(k, pgno) || check_get(k, pgno, &pg) != SQLITE_OK) return;
    n++;
    pgno = get4(pg->aData);
    pager_unref(pg);
  }
  if (n < nExpect && pgno == 0) {
    check_msg(k, "overflow list length is %u but should be %u", n, nExpect);
  }
}

/* Index order: each entry, visited last to first, must sort below the
** previous one visited. */
static void check_index_key(Check *k, const CellInfo *ci) {
  if (k->xCmp == NULL || check_done(k)) return;
  u8 *p = mem_malloc(ci->nPayload ? ci->nPayload : 1);
  if (p == NULL) {
    k->rc = SQLITE_NOMEM;
    return;
  }
  memcpy(p, ci->pPayload, ci->nLocal);
  int rc = SQLITE_OK;
  if (ci->nLocal < ci->nPayload) {
    u32 ovflSize = k->bt->usableSize - 4, off = ci->nLocal, pgno = ci->iOvfl;
    for (u32 i = 0; off < ci->nPayload && rc == SQLITE_OK && i <= k->nPage; i++) {
      PgPage *pg;
      if (pgno < 2 || pgno > k->nPage) break;
      rc = pager_get(k->bt->pPager, pgno, 0, &pg);
      if (rc != SQLITE_OK) break;
      u32 nCopy = CORE_MIN(ovflSize, ci->nPayload - off);
      memcpy(p + off, pg->aData + 4, nCopy);
      off += nCopy;
      pgno = get4(pg->aData);
      pager_unref(pg);
    }
    if (off < ci->nPayload) rc = SQLITE_CORRUPT;   /* already reported */
  }
  if (rc == SQLITE_OK && k->nPrevKey >= 0) {
    int rcCmp = SQLITE_OK;
    int c = k->xCmp(k->pCmpCtx, p, (int)ci->nPayload, k->pPrevKey, k->nPrevKey, &rcCmp);
    if (rcCmp != SQLITE_OK) check_msg(k, "malformed index key");
    else if (c >= 0) check_msg(k, "Index key out of order");
  }
  if (rc == SQLITE_OK) {
    mem_free(k->pPrevKey);
    k->pPrevKey = p;
    k->nPrevKey = (int)ci->nPayload;
  } else {
    mem_free(p);
  }
}

/* Rowid bound: keys must be <= mx (< mx when bExcl), if bHas. */
typedef struct KeyBound {
  i64 mx;
  u8 bHas;
  u8 bExcl;
} KeyBound;

static int key_violates(const KeyBound *b, i64 key) {
  return b->bHas && (key > b->mx || (b->bExcl && key == b->mx));
}

static int check_tree(Check *k, u32 pgno, int iDepth, KeyBound bound, i64 *pMin, int *pbMin);

/* Checks child pgno of page m (context already set); updates depth. */
static void check_child(Check *k, const MemPage *m, u32 child, int iDepth, KeyBound b,
                        int *pDepth, i64 *pMin, int *pbMin) {
  *pbMin = 0;
  if (child == 0 || !check_ref(k, child)) return;
  int d = check_tree(k, child, iDepth + 1, b, pMin, pbMin);
  k->zPfx = "On tree page %u cell %d: ";
  k->v1 = m->pgno;
  if (d < 0) return;
  if (*pDepth >= 0 && d != *pDepth) check_msg(k, "Child page depth differs");
  *pDepth = d;
}

/* Checks one cell (index i, from last to first). */
static void check_cell(Check *k, const MemPage *m, int i, int iDepth, KeyBound *pB,
                       int *pDepth, i64 *pMin, int *pbMin) {
  Btree *bt = k->bt;
  u32 U = bt->usableSize, top = btree_page_content(m);
  u32 ofs = get2(m->aData + m->cellOffset + 2 * (u32)i);
  CellInfo ci;
  k->v2 = i;
  if (ofs < top || ofs > U - BT_MIN_CELL) {
    check_msg(k, "Offset %u out of range %u..%u", ofs, top, U - BT_MIN_CELL);
    k->bCellErr = 1;
    return;
  }
  if (btree_cell_parse(bt, m->type, m->aData + ofs, m->aData + U, &ci) != SQLITE_OK) {
    check_msg(k, "Extends off end of page");
    k->bCellErr = 1;
    return;
  }
  if (m->intKey) {
    if (key_violates(pB, ci.nKey)) check_msg(k, "Rowid %lld out of order", (long long)ci.nKey);
    pB->mx = ci.nKey;
    pB->bHas = 1;
    pB->bExcl = m->leaf;
    if (m->leaf) {
      *pMin = ci.nKey;
      *pbMin = 1;
    }
  } else {
    check_index_key(k, &ci);
  }
  if (m->hasPayload && ci.nLocal < ci.nPayload) check_overflow(k, &ci);
  if (!m->leaf) {
    KeyBound cb = *pB;
    if (!m->intKey) cb.bHas = 0;
    check_child(k, m, ci.iChild, iDepth, cb, pDepth, pMin, pbMin);
    if (m->intKey && *pbMin) {   /* the next key left must be below this subtree */
      pB->mx = *pMin;
      pB->bExcl = 1;
    }
  }
}

/* Checks the tree page pgno (already referenced); returns its height
** (leaf 0) or -1 when it could not be checked.  *pMin: smallest rowid. */
static int check_tree(Check *k, u32 pgno, int iDepth, KeyBound bound, i64 *pMin, int *pbMin) {
  PgPage *pg;
  MemPage m;
  int depth = -1;
  *pbMin = 0;
  if (check_done(k) || iDepth > BT_MAX_DEPTH) return -1;
  if (check_get(k, pgno, &pg) != SQLITE_OK) return -1;
  if (!check_page_header(k, pg, &m)) {
    pager_unref(pg);
    return -1;
  }
  u32 n = btree_page_ncell(&m);
  k->zPfx = "On tree page %u cell %d: ";
  k->v1 = pgno;
  k->v2 = 0;
  if (n == 0 && m.leaf && iDepth > 0) check_msg(k, "empty non-root page");
  if (!m.leaf) {
    check_child(k, &m, btree_page_right(&m), iDepth, bound, &depth, pMin, pbMin);
    if (m.intKey && *pbMin) {
      bound.mx = *pMin;
      bound.bHas = bound.bExcl = 1;
    }
  }
  int bCellErr = 0;   /* space accounting is moot once a cell is unreadable */
  for (int i = (int)n - 1; i >= 0 && !check_done(k); i--) {
    k->bCellErr = 0;
    check_cell(k, &m, i, iDepth, &bound, &depth, pMin, pbMin);
    bCellErr |= k->bCellErr;
  }
  if (!check_done(k) && !bCellErr) check_page_space(k, &m);
  k->bCellErr = 0;   /* this page's problems are not its parent's */
  k->zPfx = NULL;
  pager_unref(pg);
  return m.leaf ? 0 : (depth < 0 ? -1 : depth + 1);
}

/* ---- driver ---------------------------------------------------------- */

static void check_roots(Check *k, const u32 *aRoot, int nRoot, const BtKeyCompareRaw *axCmp,
                        void *const *apCtx) {
  for (int i = 0; i < nRoot && !check_done(k); i++) {
    if (aRoot[i] == 0) continue;
    k->zPfx = NULL;
    if (!check_ref(k, aRoot[i])) continue;
    k->xCmp = axCmp ? axCmp[i] : NULL;
    k->pCmpCtx = apCtx ? apCtx[i] : NULL;
    k->nPrevKey = -1;
    KeyBound b = {0, 0, 0};
    i64 mn;
    int bMin;
    check_tree(k, aRoot[i], 0, b, &mn, &bMin);
    mem_free(k->pPrevKey);
    k->pPrevKey = NULL;
  }
  k->zPfx = NULL;
  u32 iPending = 0x40000000u / k->bt->pageSize + 1;
  for (u32 p = 1; p <= k->nPage && !check_done(k); p++) {
    if (!k->aRef[p] && p != iPending) check_msg(k, "Page %u is never used", p);
  }
}

int btree_integrity_check_ex(Btree *bt, const u32 *aRoot, int nRoot,
                             const BtKeyCompareRaw *axCmp, void *const *apCtx, int mxErr,
                             int *pnErr, char **pzErr) {
  Check k;
  ASSERT(bt->inTrans != SQLITE_TXN_NONE);
  *pnErr = 0;
  *pzErr = NULL;
  memset(&k, 0, sizeof k);
  k.bt = bt;
  k.nPage = pager_page_count(bt->pPager);
  k.mxErr = mxErr > 0 ? mxErr : 1;
  k.nPrevKey = -1;
  if (k.nPage == 0) return SQLITE_OK;
  k.aRef = mem_zalloc((u64)k.nPage + 1);
  k.aUse = mem_malloc(bt->usableSize);
  PgPage *p1 = NULL;
  if (k.aRef == NULL || k.aUse == NULL) k.rc = SQLITE_NOMEM;
  if (k.rc == SQLITE_OK) check_get(&k, 1, &p1);
  if (k.rc == SQLITE_OK && p1 != NULL) {
    check_freelist(&k, p1);
    pager_unref(p1);
    check_roots(&k, aRoot, nRoot, axCmp, apCtx);
  }
  mem_free(k.aRef);
  mem_free(k.aUse);
  mem_free(k.pPrevKey);
  if (k.rc != SQLITE_OK) {
    mem_free(k.zOut);
    return k.rc;
  }
  *pnErr = k.nErr;
  *pzErr = k.zOut;
  return SQLITE_OK;
}

int btree_integrity_check(Btree *bt, const u32 *aRoot, int nRoot, int mxErr, int *pnErr,
                          char **pzErr) {
  return btree_integrity_check_ex(bt, aRoot, nRoot, NULL, NULL, mxErr, pnErr, pzErr);
}
