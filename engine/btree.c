/*
** btree.c: the database header, pages and cells, the freelist, overflow
** chains, cursors, and the insert/delete entry points of the b-tree layer.
** Balancing and in-page space management live in btree_balance.c; the
** integrity checker in btree_check.c.
**
** Invariants (see also btree.h and btree_int.h):
**   1. Every page number read from disk is range-checked (1..page count)
**      before it is fetched; every cell is parsed with bounds (btree_int.h
**      invariant 2); every loop over disk structures has a bound, so a
**      corrupt file yields SQLITE_CORRUPT and never a crash or a hang.
**   2. A cursor never has the same page twice in its path (no loops) and
**      never goes deeper than BT_MAX_DEPTH.
**   3. Secure delete: freed pages are zeroed, and the bytes of a deleted
**      cell are zeroed (btree_balance.c), as the reference build does.
**   4. Before anything changes a tree, other cursors on that tree are
**      saved (btree_int.h invariant 4); before commit, rollback or a
**      savepoint rollback every cursor releases its pages (pager.h 3).
**   5. After a delete the cursor either stays at the successor slot with
**      skipNext = +1, or is saved so that its re-seek lands next to the
**      deleted key; either way btree_next yields the following entry.
**
** Reference: fileformat2.html (database header, b-tree pages, cells,
** overflow, freelist).
*/
#include "btree_int.h"

#define PENDING_BYTE 0x40000000u
#define BT_MAX_PGNO 0x7ffffffeu
#define BT_NOFIT (-1)   /* internal: a cell does not fit in the page */

static const char kMagic[16] = "SQLite format 3";

/* ======================================================================
** Sizes, header, open/close, transactions
** ====================================================================== */

static u32 pending_page(const Btree *bt) { return PENDING_BYTE / bt->pageSize + 1; }

/* Derives U and the local payload limits from the page size. */
static int btree_set_sizes(Btree *bt, u32 pageSize, u32 nReserve) {
  ASSERT(pageSize >= 512 && pageSize <= 65536 && (pageSize & (pageSize - 1)) == 0);
  if (nReserve + 480 > pageSize) return SQLITE_NOTADB;
  if (bt->pTmp == NULL || bt->pCellBuf == NULL || bt->pageSize != pageSize) {
    u8 *p = mem_realloc(bt->pTmp, pageSize);
    if (p == NULL) return SQLITE_NOMEM;
    bt->pTmp = p;
    p = mem_realloc(bt->pCellBuf, pageSize);
    if (p == NULL) return SQLITE_NOMEM;
    bt->pCellBuf = p;
  }
  bt->pageSize = pageSize;
  bt->usableSize = pageSize - nReserve;
  u32 U = bt->usableSize;
  bt->maxLocal = (U - 12) * 64 / 255 - 23;
  bt->minLocal = (U - 12) * 32 / 255 - 23;
  bt->maxLeaf = U - 35;
  bt->minLeaf = bt->minLocal;
  return SQLITE_OK;
}

/* Checks the fixed fields of the database header (page 1 bytes a). */
static int header_check(Btree *bt, const u8 *a, u32 *pnReserve) {
  if (memcmp(a, kMagic, 16) != 0) return SQLITE_NOTADB;
  u32 sz = get2(a + HDR_PAGE_SIZE);
  if (sz == 1) sz = 65536;
  if (sz != pager_page_size(bt->pPager)) return SQLITE_NOTADB;
  if (a[19] > 2) return SQLITE_NOTADB;
  if (a[21] != 64 || a[22] != 32 || a[23] != 32) return SQLITE_NOTADB;
  if ((u32)a[HDR_RESERVED] + 480 > sz) return SQLITE_NOTADB;
  if (a[18] > 2) bt->readOnly = 1;
  *pnReserve = a[HDR_RESERVED];
  return SQLITE_OK;
}

/* Reads and validates page 1 at the start of a read transaction. */
static int btree_read_header(Btree *bt) {
  u32 pageSize = pager_page_size(bt->pPager);
  if (pager_page_count(bt->pPager) == 0) return btree_set_sizes(bt, pageSize, bt->nReserveNew);
  PgPage *pg = NULL;
  int rc = pager_get(bt->pPager, 1, 0, &pg);
  if (rc != SQLITE_OK) return rc;
  u32 nReserve = 0;
  rc = header_check(bt, pg->aData, &nReserve);
  pager_unref(pg);
  if (rc == SQLITE_OK) rc = btree_set_sizes(bt, pageSize, nReserve);
  return rc;
}

/* Writes page 1 of a new, empty database: header plus an empty table leaf
** for sqlite_schema. */
static int btree_new_db(Btree *bt) {
  PgPage *pg = NULL;
  u32 pageSize = pager_page_size(bt->pPager);
  int rc = btree_set_sizes(bt, pageSize, bt->nReserveNew);
  if (rc == SQLITE_OK) rc = pager_get(bt->pPager, 1, PAGER_GET_NOCONTENT, &pg);
  if (rc == SQLITE_OK) rc = pager_write(pg);
  if (rc != SQLITE_OK) {
    pager_unref(pg);
    return rc;
  }
  u8 *a = pg->aData;
  memset(a, 0, pageSize);
  memcpy(a, kMagic, 16);
  put2(a + HDR_PAGE_SIZE, pageSize == 65536 ? 1 : pageSize);
  a[18] = 1;
  a[19] = 1;
  a[HDR_RESERVED] = bt->nReserveNew;
  a[21] = 64;
  a[22] = 32;
  a[23] = 32;
  put4(a + 44, 4);   /* schema format 4 */
  put4(a + 56, 1);   /* UTF-8 */
  MemPage m = {.pPg = pg, .aData = a, .pgno = 1, .hdr = 100};
  btree_page_set_type(bt, &m, PT_TABLE_LEAF);
  pager_unref(pg);
  return SQLITE_OK;
}

int btree_open(IoBackend *pIo, const char *zPath, int pagerFlags, int openFlags, Btree **ppBt) {
  ASSERT(ppBt != NULL);
  *ppBt = NULL;
  Btree *bt = mem_zalloc(sizeof *bt);
  if (bt == NULL) return SQLITE_NOMEM;
  int rc = pager_open(pIo, zPath, pagerFlags, openFlags, 0, &bt->pPager);
  if (rc == SQLITE_OK) rc = btree_set_sizes(bt, pager_page_size(bt->pPager), 0);
  if (rc != SQLITE_OK) {
    if (bt->pPager) pager_close(bt->pPager);
    mem_free(bt->pTmp);
    mem_free(bt->pCellBuf);
    mem_free(bt);
    return rc;
  }
  bt->readOnly = (openFlags & SQLITE_OPEN_READONLY) != 0 || pager_is_readonly(bt->pPager);
  bt->inTrans = SQLITE_TXN_NONE;
  *ppBt = bt;
  return SQLITE_OK;
}

void btree_close(Btree *bt) {
  if (bt == NULL) return;
  while (bt->pCursor) btree_cursor_close(bt->pCursor);
  if (bt->inTrans == SQLITE_TXN_WRITE) pager_rollback(bt->pPager);
  if (bt->inTrans != SQLITE_TXN_NONE) pager_read_end(bt->pPager);
  pager_close(bt->pPager);
  mem_free(bt->pTmp);
  mem_free(bt->pCellBuf);
  mem_free(bt);
}

Pager *btree_pager(Btree *bt) { return bt->pPager; }

/* Releases every cursor's pages; bInvalidate also forgets positions. */
static int btree_park_cursors(Btree *bt, int bInvalidate) {
  int rc = SQLITE_OK;
  if (!bInvalidate) rc = btree_save_cursors(bt, 0, NULL);
  for (BtCursor *c = bt->pCursor; c; c = c->pNext) {
    if (bInvalidate || rc != SQLITE_OK) {
      btree_cursor_release(c);
      if (c->eState != CUR_FAULT) c->eState = CUR_INVALID;
    }
  }
  return rc;
}

static int btree_begin_read(Btree *bt) {
  int rc = pager_read_begin(bt->pPager);
  if (rc != SQLITE_OK) return rc;
  rc = btree_read_header(bt);
  if (rc != SQLITE_OK) {
    pager_read_end(bt->pPager);
    return rc;
  }
  bt->inTrans = SQLITE_TXN_READ;
  return SQLITE_OK;
}

int btree_begin(Btree *bt, int mode) {
  ASSERT(mode == BTREE_TXN_READ || mode == BTREE_TXN_WRITE || mode == BTREE_TXN_EXCLUSIVE);
  int bStarted = 0;
  if (mode != BTREE_TXN_READ && bt->readOnly) return SQLITE_READONLY;
  if (bt->inTrans == SQLITE_TXN_NONE) {
    int rc = btree_begin_read(bt);
    if (rc != SQLITE_OK) return rc;
    bStarted = 1;
    if (mode != BTREE_TXN_READ && bt->readOnly) {
      btree_commit(bt);
      return SQLITE_READONLY;
    }
  }
  if (mode == BTREE_TXN_READ || bt->inTrans == SQLITE_TXN_WRITE) return SQLITE_OK;
  int rc = pager_write_begin(bt->pPager, mode == BTREE_TXN_EXCLUSIVE);
  for (int n = 0; bStarted && (rc & 0xff) == SQLITE_BUSY && pager_busy_retry(bt->pPager, n); n++) {
    /* As SQLite: a transaction this call started gives its read snapshot
    ** up, waits through the busy handler, and starts over. */
    pager_read_end(bt->pPager);
    bt->inTrans = SQLITE_TXN_NONE;
    rc = btree_begin_read(bt);
    if (rc != SQLITE_OK) return rc;
    rc = pager_write_begin(bt->pPager, mode == BTREE_TXN_EXCLUSIVE);
  }
  if (rc == SQLITE_OK) {
    bt->inTrans = SQLITE_TXN_WRITE;
    if (pager_page_count(bt->pPager) == 0) rc = btree_new_db(bt);
    if (rc != SQLITE_OK) {
      btree_rollback(bt);
      return rc;
    }
  } else if (bStarted) {
    pager_read_end(bt->pPager);
    bt->inTrans = SQLITE_TXN_NONE;
  }
  return rc;
}

int btree_commit(Btree *bt) {
  if (bt->inTrans == SQLITE_TXN_NONE) return SQLITE_OK;
  int rc = btree_park_cursors(bt, 0);
  if (rc != SQLITE_OK) return rc;
  if (bt->inTrans == SQLITE_TXN_WRITE) {
    rc = pager_commit(bt->pPager);
    if (rc != SQLITE_OK) return rc;   /* e.g. BUSY: the transaction stays open */
  }
  pager_read_end(bt->pPager);
  bt->inTrans = SQLITE_TXN_NONE;
  return SQLITE_OK;
}

int btree_rollback(Btree *bt) {
  int rc = SQLITE_OK;
  if (bt->inTrans == SQLITE_TXN_NONE) return SQLITE_OK;
  btree_park_cursors(bt, 1);
  if (bt->inTrans == SQLITE_TXN_WRITE) rc = pager_rollback(bt->pPager);
  pager_read_end(bt->pPager);
  bt->inTrans = SQLITE_TXN_NONE;
  return rc;
}

int btree_txn_state(Btree *bt) { return bt->inTrans; }

int btree_savepoint_open(Btree *bt, int nSavepoint) {
  ASSERT(bt->inTrans == SQLITE_TXN_WRITE);
  return pager_savepoint_open(bt->pPager, nSavepoint);
}

int btree_savepoint(Btree *bt, int op, int iSavepoint) {
  ASSERT(op == PAGER_SAVEPOINT_RELEASE || op == PAGER_SAVEPOINT_ROLLBACK);
  if (bt->inTrans != SQLITE_TXN_WRITE) return SQLITE_OK;
  if (op == PAGER_SAVEPOINT_ROLLBACK) {
    int rc = btree_park_cursors(bt, 0);
    if (rc != SQLITE_OK) btree_park_cursors(bt, 1);
  }
  int rc = pager_savepoint(bt->pPager, op, iSavepoint);
  if (rc == SQLITE_OK && op == PAGER_SAVEPOINT_ROLLBACK) {
    if (pager_page_count(bt->pPager) == 0) rc = btree_new_db(bt);
    else rc = btree_read_header(bt);
  }
  return rc;
}

/* ======================================================================
** Header fields and settings
** ====================================================================== */

int btree_get_page1(Btree *bt, PgPage **ppPg) {
  *ppPg = NULL;
  if (pager_page_count(bt->pPager) == 0) return ERR_CORRUPT();
  return pager_get(bt->pPager, 1, 0, ppPg);
}

int btree_get_meta(Btree *bt, int idx, u32 *pValue) {
  ASSERT(idx >= 0 && idx <= BTREE_APPLICATION_ID);
  ASSERT(bt->inTrans != SQLITE_TXN_NONE);
  *pValue = 0;
  if (idx < 0 || idx > BTREE_APPLICATION_ID) return ERR_MISUSE();
  if (pager_page_count(bt->pPager) == 0) return SQLITE_OK;
  PgPage *pg;
  int rc = btree_get_page1(bt, &pg);
  if (rc != SQLITE_OK) return rc;
  *pValue = get4(pg->aData + HDR_META + 4 * idx);
  pager_unref(pg);
  return SQLITE_OK;
}

int btree_update_meta(Btree *bt, int idx, u32 value) {
  ASSERT(bt->inTrans == SQLITE_TXN_WRITE);
  ASSERT(idx > BTREE_FREE_PAGE_COUNT && idx <= BTREE_APPLICATION_ID);
  if (bt->inTrans != SQLITE_TXN_WRITE || idx <= 0 || idx > BTREE_APPLICATION_ID) {
    return ERR_MISUSE();
  }
  PgPage *pg;
  int rc = btree_get_page1(bt, &pg);
  if (rc != SQLITE_OK) return rc;
  rc = pager_write(pg);
  if (rc == SQLITE_OK) put4(pg->aData + HDR_META + 4 * idx, value);
  pager_unref(pg);
  return rc;
}

u32 btree_page_size(Btree *bt) { return bt->pageSize; }

int btree_set_page_size(Btree *bt, u32 pageSize, int nReserve) {
  if (bt->inTrans == SQLITE_TXN_WRITE || pager_page_count(bt->pPager) > 0) return SQLITE_OK;
  if (nReserve >= 0 && nReserve <= 255) bt->nReserveNew = (u8)nReserve;
  if (pageSize >= 512 && pageSize <= 65536 && (pageSize & (pageSize - 1)) == 0) {
    pager_set_page_size(bt->pPager, pageSize);
  }
  u32 sz = pager_page_size(bt->pPager);
  if (bt->nReserveNew + 480u > sz) bt->nReserveNew = 0;
  return btree_set_sizes(bt, sz, bt->nReserveNew);
}

u32 btree_page_count(Btree *bt) { return pager_page_count(bt->pPager); }

u32 btree_max_page_count(Btree *bt, u32 nNew) {
  if (nNew > 0) {
    u32 nPage = pager_page_count(bt->pPager);
    bt->mxPage = nNew < nPage ? nPage : nNew;
  }
  return bt->mxPage ? bt->mxPage : 1073741823;   /* SQLite 3.40's default */
}

u32 btree_freelist_count(Btree *bt) {
  u32 n = 0;
  btree_get_meta(bt, BTREE_FREE_PAGE_COUNT, &n);
  return n;
}

void btree_set_cache_size(Btree *bt, int n) { pager_set_cache_size(bt->pPager, n); }

/* ======================================================================
** Pages and cells
** ====================================================================== */

static void page_set_fields(MemPage *p, u8 type) {
  p->type = type;
  p->leaf = (type & PT_LEAF_BIT) != 0;
  p->intKey = type & 1;
  p->hdrSize = p->leaf ? 8 : 12;
  p->cellOffset = (u16)(p->hdr + p->hdrSize);
  p->hasPayload = !(p->intKey && !p->leaf);
}

u32 btree_page_ncell(const MemPage *p) { return get2(p->aData + p->hdr + PH_NCELL); }

u32 btree_page_content(const MemPage *p) {
  u32 v = get2(p->aData + p->hdr + PH_CONTENT);
  return v == 0 ? 65536 : v;
}

u32 btree_page_right(const MemPage *p) {
  ASSERT(!p->leaf);
  return get4(p->aData + p->hdr + PH_RIGHT);
}

/* Parses the page header: a valid type, and a cell pointer array that
** ends before the content area, which ends within U. */
static int page_parse(Btree *bt, MemPage *p) {
  u8 t = p->aData[p->hdr];
  if (t != PT_INDEX_INTERIOR && t != PT_TABLE_INTERIOR && t != PT_INDEX_LEAF &&
      t != PT_TABLE_LEAF) {
    return ERR_CORRUPT();
  }
  page_set_fields(p, t);
  u32 n = btree_page_ncell(p);
  u32 top = btree_page_content(p);
  if (p->cellOffset + 2 * n > top || top > bt->usableSize) return ERR_CORRUPT();
  return SQLITE_OK;
}

int btree_page_get(Btree *bt, u32 pgno, MemPage *p) {
  memset(p, 0, sizeof *p);
  if (pgno == 0 || pgno > pager_page_count(bt->pPager)) return ERR_CORRUPT();
  int rc = pager_get(bt->pPager, pgno, 0, &p->pPg);
  if (rc != SQLITE_OK) {
    p->pPg = NULL;
    return rc;
  }
  p->aData = p->pPg->aData;
  p->pgno = pgno;
  p->hdr = pgno == 1 ? 100 : 0;
  rc = page_parse(bt, p);
  if (rc != SQLITE_OK) btree_page_release(p);
  return rc;
}

void btree_page_release(MemPage *p) {
  if (p->pPg) pager_unref(p->pPg);
  memset(p, 0, sizeof *p);
}

int btree_page_write(MemPage *p) {
  ASSERT(p->pPg != NULL);
  return pager_write(p->pPg);
}

void btree_page_set_type(Btree *bt, MemPage *p, u8 type) {
  ASSERT(pager_is_writable(p->pPg));
  ASSERT(p->hdr == (p->pgno == 1 ? 100 : 0));
  memset(p->aData + p->hdr, 0, bt->usableSize - p->hdr);
  p->aData[p->hdr] = type;
  page_set_fields(p, type);
  put2(p->aData + p->hdr + PH_CONTENT, bt->usableSize);   /* 65536 stores as 0 */
}

void btree_page_set_header(Btree *bt, MemPage *p, u8 type) {
  ASSERT(pager_is_writable(p->pPg));
  ASSERT(p->hdr == (p->pgno == 1 ? 100 : 0));
  memset(p->aData + p->hdr, 0, 12);   /* the interior header; a leaf's pointers follow at 8 */
  p->aData[p->hdr] = type;
  page_set_fields(p, type);
  put2(p->aData + p->hdr + PH_CONTENT, bt->usableSize);   /* 65536 stores as 0 */
}

u32 btree_local_size(Btree *bt, u8 type, u32 nPayload) {
  u32 maxL = type == PT_TABLE_LEAF ? bt->maxLeaf : bt->maxLocal;
  u32 minL = type == PT_TABLE_LEAF ? bt->minLeaf : bt->minLocal;
  if (nPayload <= maxL) return nPayload;
  u32 k = minL + (nPayload - minL) % (bt->usableSize - 4);
  return k <= maxL ? k : minL;
}

int btree_cell_ptr(Btree *bt, const MemPage *p, u32 iCell, u8 **ppCell) {
  u32 n = btree_page_ncell(p);
  *ppCell = NULL;
  /* The type check catches a page rebuilt under a stale MemPage. */
  if (iCell >= n || p->aData[p->hdr] != p->type) return ERR_CORRUPT();
  if (p->cellOffset + 2 * n > bt->usableSize) return ERR_CORRUPT();
  u32 ofs = get2(p->aData + p->cellOffset + 2 * iCell);
  if (ofs < btree_page_content(p) || ofs > bt->usableSize - BT_MIN_CELL) return ERR_CORRUPT();
  *ppCell = p->aData + ofs;
  return SQLITE_OK;
}

int btree_cell_parse(Btree *bt, u8 type, u8 *pCell, const u8 *pEnd, CellInfo *pInfo) {
  u8 *p = pCell;
  u64 v;
  pInfo->nKey = 0;
  pInfo->nPayload = pInfo->nLocal = pInfo->nSize = pInfo->iOvfl = pInfo->iChild = 0;
  pInfo->pPayload = NULL;
  if (!(type & PT_LEAF_BIT)) {
    if (pEnd - p < 4) return ERR_CORRUPT();
    pInfo->iChild = get4(p);
    p += 4;
  }
  int n = bt_varint(p, pEnd, &v);
  if (n == 0) return ERR_CORRUPT();
  p += n;
  if (type == PT_TABLE_INTERIOR) {
    pInfo->nKey = (i64)v;
    pInfo->nSize = (u32)(p - pCell);
    pInfo->pPayload = p;
    return SQLITE_OK;
  }
  if (v > BT_MAX_PAYLOAD) return ERR_CORRUPT();
  pInfo->nPayload = (u32)v;
  pInfo->nKey = (i64)v;
  if (type == PT_TABLE_LEAF) {
    n = bt_varint(p, pEnd, &v);
    if (n == 0) return ERR_CORRUPT();
    pInfo->nKey = (i64)v;
    p += n;
  }
  pInfo->pPayload = p;
  pInfo->nLocal = btree_local_size(bt, type, pInfo->nPayload);
  u64 sz = (u64)(p - pCell) + pInfo->nLocal + (pInfo->nLocal < pInfo->nPayload ? 4 : 0);
  if (sz < BT_MIN_CELL) sz = BT_MIN_CELL;
  if (sz > (u64)(pEnd - pCell)) return ERR_CORRUPT();
  pInfo->nSize = (u32)sz;
  if (pInfo->nLocal < pInfo->nPayload) pInfo->iOvfl = get4(p + pInfo->nLocal);
  return SQLITE_OK;
}

int btree_cell_get(Btree *bt, const MemPage *p, u32 iCell, CellInfo *pInfo) {
  u8 *pCell;
  int rc = btree_cell_ptr(bt, p, iCell, &pCell);
  if (rc != SQLITE_OK) return rc;
  return btree_cell_parse(bt, p->type, pCell, p->aData + bt->usableSize, pInfo);
}

u32 btree_child(const MemPage *p, u8 *pCell) {
  ASSERT(!p->leaf);
  UNUSED(p);
  return get4(pCell);
}

/* Child idx of an interior page: the left child of cell idx, or the
** right child when idx == nCell. */
static int page_child(Btree *bt, const MemPage *p, u32 idx, u32 *pPgno) {
  ASSERT(!p->leaf);
  u32 n = btree_page_ncell(p);
  *pPgno = 0;
  if (idx > n) return ERR_CORRUPT();
  if (idx == n) {
    *pPgno = btree_page_right(p);
    return SQLITE_OK;
  }
  u8 *pCell;
  int rc = btree_cell_ptr(bt, p, idx, &pCell);
  if (rc == SQLITE_OK) *pPgno = get4(pCell);
  return rc;
}

/* ======================================================================
** Freelist
** ====================================================================== */

/* Takes one page off the freelist (a leaf of the first trunk, or the
** trunk itself when it has no leaves).  p1 is page 1, writable. */
static int freelist_take(Btree *bt, PgPage *p1, u32 *pPgno, int *pbLeaf) {
  u32 nPage = pager_page_count(bt->pPager);
  u32 iTrunk = get4(p1->aData + HDR_FREE_TRUNK);
  u32 nFree = get4(p1->aData + HDR_FREE_COUNT);
  PgPage *t = NULL;
  if (iTrunk < 2 || iTrunk > nPage) return ERR_CORRUPT();
  int rc = pager_get(bt->pPager, iTrunk, 0, &t);
  if (rc != SQLITE_OK) return rc;
  u32 k = get4(t->aData + 4);
  if (k > bt->usableSize / 4 - 2) {
    rc = ERR_CORRUPT();
  } else if (k == 0) {
    u32 iNext = get4(t->aData);
    if (iNext == 1 || iNext > nPage) rc = ERR_CORRUPT();
    else put4(p1->aData + HDR_FREE_TRUNK, iNext);
    *pPgno = iTrunk;
    *pbLeaf = 0;
  } else {
    u32 iLeaf = get4(t->aData + 8 + 4 * (k - 1));
    if (iLeaf < 2 || iLeaf > nPage || iLeaf == iTrunk) rc = ERR_CORRUPT();
    if (rc == SQLITE_OK) rc = pager_write(t);
    if (rc == SQLITE_OK) {
      put4(t->aData + 4, k - 1);
      put4(t->aData + 8 + 4 * (k - 1), 0);
    }
    *pPgno = iLeaf;
    *pbLeaf = 1;
  }
  if (rc == SQLITE_OK) put4(p1->aData + HDR_FREE_COUNT, nFree - 1);
  pager_unref(t);
  return rc;
}

/* Page number for a page appended to the file (skipping the lock-byte
** page, which is never used). */
static int file_grow(Btree *bt, u32 *pPgno) {
  u32 pgno = pager_page_count(bt->pPager) + 1;
  if (pgno == pending_page(bt)) {
    PgPage *pg = NULL;
    int rc = pager_get(bt->pPager, pgno, PAGER_GET_NOCONTENT, &pg);
    if (rc == SQLITE_OK) rc = pager_write(pg);
    if (rc == SQLITE_OK) memset(pg->aData, 0, bt->pageSize);
    pager_unref(pg);
    if (rc != SQLITE_OK) return rc;
    pgno++;
  }
  if (pgno > BT_MAX_PGNO || (bt->mxPage && pgno > bt->mxPage)) return SQLITE_FULL;
  *pPgno = pgno;
  return SQLITE_OK;
}

int btree_alloc_page(Btree *bt, u32 *pPgno, PgPage **ppPg) {
  PgPage *p1 = NULL;
  u32 pgno = 0;
  int bNoContent = 1;
  ASSERT(bt->inTrans == SQLITE_TXN_WRITE);
  *pPgno = 0;
  *ppPg = NULL;
  int rc = btree_get_page1(bt, &p1);
  if (rc == SQLITE_OK) rc = pager_write(p1);
  if (rc == SQLITE_OK) {
    if (get4(p1->aData + HDR_FREE_COUNT) > 0) rc = freelist_take(bt, p1, &pgno, &bNoContent);
    else rc = file_grow(bt, &pgno);
  }
  pager_unref(p1);
  if (rc != SQLITE_OK) return rc;
  rc = pager_get(bt->pPager, pgno, bNoContent ? PAGER_GET_NOCONTENT : 0, ppPg);
  if (rc == SQLITE_OK) rc = pager_write(*ppPg);
  if (rc != SQLITE_OK) {
    pager_unref(*ppPg);
    *ppPg = NULL;
    return rc;
  }
  *pPgno = pgno;
  return SQLITE_OK;
}

int btree_free_page(Btree *bt, u32 pgno) {
  u32 nPage = pager_page_count(bt->pPager);
  PgPage *p1 = NULL, *pg = NULL, *t = NULL;
  if (pgno < 2 || pgno > nPage) return ERR_CORRUPT();
  int rc = btree_get_page1(bt, &p1);
  if (rc == SQLITE_OK) rc = pager_write(p1);
  if (rc == SQLITE_OK) rc = pager_get(bt->pPager, pgno, 0, &pg);
  if (rc == SQLITE_OK) rc = pager_write(pg);
  if (rc != SQLITE_OK) goto done;
  memset(pg->aData, 0, bt->usableSize);   /* invariant 3 */
  u32 iTrunk = get4(p1->aData + HDR_FREE_TRUNK);
  if (iTrunk == pgno || iTrunk > nPage || iTrunk == 1) {
    rc = ERR_CORRUPT();
    goto done;
  }
  if (iTrunk != 0) {
    rc = pager_get(bt->pPager, iTrunk, 0, &t);
    if (rc != SQLITE_OK) goto done;
    u32 k = get4(t->aData + 4);
    if (k > bt->usableSize / 4 - 2) {
      rc = ERR_CORRUPT();
      goto done;
    }
    if (k < bt->usableSize / 4 - 8) {
      rc = pager_write(t);
      if (rc != SQLITE_OK) goto done;
      put4(t->aData + 8 + 4 * k, pgno);
      put4(t->aData + 4, k + 1);
      goto count;
    }
  }
  put4(pg->aData, iTrunk);   /* the freed page becomes the first trunk */
  put4(p1->aData + HDR_FREE_TRUNK, pgno);
count:
  put4(p1->aData + HDR_FREE_COUNT, get4(p1->aData + HDR_FREE_COUNT) + 1);
done:
  pager_unref(t);
  pager_unref(pg);
  pager_unref(p1);
  return rc;
}

/* ======================================================================
** Overflow chains
** ====================================================================== */

static u32 ovfl_page_count(Btree *bt, const CellInfo *pInfo) {
  u32 n = pInfo->nPayload - pInfo->nLocal;
  return (n + bt->usableSize - 5) / (bt->usableSize - 4);
}

static int ovfl_check_pgno(Btree *bt, u32 pgno) {
  if (pgno < 2 || pgno > pager_page_count(bt->pPager)) return ERR_CORRUPT();
  return SQLITE_OK;
}

/* Reads the "next" pointer of overflow page pgno. */
static int ovfl_next(Btree *bt, u32 pgno, u32 *pNext) {
  PgPage *pg;
  int rc = ovfl_check_pgno(bt, pgno);
  if (rc == SQLITE_OK) rc = pager_get(bt->pPager, pgno, 0, &pg);
  if (rc != SQLITE_OK) return rc;
  *pNext = get4(pg->aData);
  pager_unref(pg);
  return SQLITE_OK;
}

int btree_overflow_free(Btree *bt, const CellInfo *pInfo) {
  if (pInfo->nLocal >= pInfo->nPayload) return SQLITE_OK;
  u32 n = ovfl_page_count(bt, pInfo);
  u32 pgno = pInfo->iOvfl;
  for (u32 i = 0; i < n; i++) {
    u32 iNext = 0;
    int rc = ovfl_next(bt, pgno, &iNext);
    if (rc == SQLITE_OK) rc = btree_free_page(bt, pgno);
    if (rc != SQLITE_OK) return rc;
    pgno = iNext;
  }
  return SQLITE_OK;
}

/* Makes c's overflow cache describe its current cell (pInfo). */
static int ovfl_cache_prepare(BtCursor *c, const CellInfo *pInfo) {
  Btree *bt = c->pBt;
  u32 pgno = c->aPage[c->iPage].pgno, idx = c->aIdx[c->iPage];
  if (c->nOvfl > 0 && c->ovflPgno == pgno && c->ovflIdx == idx) return SQLITE_OK;
  u32 n = ovfl_page_count(bt, pInfo);
  if (n > c->nOvflAlloc) {
    u32 *a = mem_realloc(c->aOvfl, (u64)n * sizeof(u32));
    if (a == NULL) return SQLITE_NOMEM;
    c->aOvfl = a;
    c->nOvflAlloc = n;
  }
  c->aOvfl[0] = pInfo->iOvfl;
  c->nOvfl = 1;
  c->ovflPgno = pgno;
  c->ovflIdx = idx;
  return SQLITE_OK;
}

/* Page number of overflow page iPage (0-based) of the cell, using and
** extending c's cache when c is not NULL. */
static int ovfl_seek(Btree *bt, const CellInfo *pInfo, u32 iPage, BtCursor *c, u32 *pPgno) {
  u32 i = 0, pgno = pInfo->iOvfl;
  if (c != NULL) {
    i = iPage < c->nOvfl ? iPage : c->nOvfl - 1;
    pgno = c->aOvfl[i];
  }
  while (i < iPage) {   /* bounded: iPage < ovfl_page_count */
    int rc = ovfl_next(bt, pgno, &pgno);
    if (rc != SQLITE_OK) return rc;
    i++;
    if (c != NULL && i == c->nOvfl && i < c->nOvflAlloc) c->aOvfl[c->nOvfl++] = pgno;
  }
  *pPgno = pgno;
  return ovfl_check_pgno(bt, pgno);
}

/* Copies amt payload bytes from offset of the cell described by pInfo
** (which must not extend past the payload) into pBuf. */
static int payload_copy(Btree *bt, const CellInfo *pInfo, u32 offset, u32 amt, u8 *pBuf,
                        BtCursor *c) {
  ASSERT((u64)offset + amt <= pInfo->nPayload);
  if (offset < pInfo->nLocal) {
    u32 n = CORE_MIN(amt, pInfo->nLocal - offset);
    memcpy(pBuf, pInfo->pPayload + offset, n);
    pBuf += n;
    offset += n;
    amt -= n;
  }
  if (amt == 0) return SQLITE_OK;
  u32 ovflSize = bt->usableSize - 4;
  u32 iPage = (offset - pInfo->nLocal) / ovflSize;
  u32 iOff = (offset - pInfo->nLocal) % ovflSize;
  u32 pgno;
  int rc = ovfl_seek(bt, pInfo, iPage, c, &pgno);
  while (rc == SQLITE_OK && amt > 0) {   /* bounded: amt shrinks each pass */
    PgPage *pg;
    rc = pager_get(bt->pPager, pgno, 0, &pg);
    if (rc != SQLITE_OK) break;
    u32 n = CORE_MIN(amt, ovflSize - iOff);
    memcpy(pBuf, pg->aData + 4 + iOff, n);
    u32 iNext = get4(pg->aData);
    pager_unref(pg);
    pBuf += n;
    amt -= n;
    iOff = 0;
    iPage++;
    if (amt == 0) break;
    pgno = iNext;
    rc = ovfl_check_pgno(bt, pgno);
    if (c != NULL && iPage == c->nOvfl && iPage < c->nOvflAlloc) c->aOvfl[c->nOvfl++] = pgno;
  }
  return rc;
}

/* Writes n bytes into a new overflow chain; *pFirst is its first page. */
static int ovfl_write(Btree *bt, const u8 *pData, u32 n, u32 *pFirst) {
  PgPage *pPrev = NULL;
  u32 ovflSize = bt->usableSize - 4;
  int rc = SQLITE_OK;
  *pFirst = 0;
  while (n > 0) {   /* bounded: n shrinks by up to ovflSize each pass */
    u32 pgno;
    PgPage *pg;
    rc = btree_alloc_page(bt, &pgno, &pg);
    if (rc != SQLITE_OK) break;
    u32 k = CORE_MIN(n, ovflSize);
    memset(pg->aData, 0, bt->usableSize);
    memcpy(pg->aData + 4, pData, k);
    if (pPrev != NULL) put4(pPrev->aData, pgno);
    else *pFirst = pgno;
    pager_unref(pPrev);
    pPrev = pg;
    pData += k;
    n -= k;
  }
  pager_unref(pPrev);
  return rc;
}

/* Builds a leaf cell (table: rowid + data; index: key) into pCell, which
** has room for U bytes, writing any overflow chain.  *pnSize is the padded
** cell size. */
static int cell_build(Btree *bt, u8 type, i64 rowid, const u8 *pData, u32 nData, u8 *pCell,
                      u32 *pnSize) {
  ASSERT(type == PT_TABLE_LEAF || type == PT_INDEX_LEAF);
  u8 *p = pCell;
  p += varint_put(p, nData);
  if (type == PT_TABLE_LEAF) p += varint_put(p, (u64)rowid);
  u32 nLocal = btree_local_size(bt, type, nData);
  if (nLocal > 0) memcpy(p, pData, nLocal);
  p += nLocal;
  if (nLocal < nData) {
    u32 iFirst;
    int rc = ovfl_write(bt, pData + nLocal, nData - nLocal, &iFirst);
    if (rc != SQLITE_OK) return rc;
    put4(p, iFirst);
    p += 4;
  }
  u32 n = (u32)(p - pCell);
  if (n < BT_MIN_CELL) {
    memset(p, 0, BT_MIN_CELL - n);
    n = BT_MIN_CELL;
  }
  ASSERT(n <= bt->usableSize - 12);
  *pnSize = n;
  return SQLITE_OK;
}

/* ======================================================================
** Cursor movement
** ====================================================================== */

/* btree_int.h invariant 3: pages are held exactly while VALID. */
#define CUR_ASSERT_STATE(c)                                                  \
  ASSERT((c)->iPage < BT_MAX_DEPTH &&                                        \
         ((c)->eState == CUR_VALID ? (c)->iPage >= 0 : (c)->iPage == -1))

static void cur_release_pages(BtCursor *c) {
  ASSERT(c->iPage >= -1 && c->iPage < BT_MAX_DEPTH);
  for (int i = 0; i <= c->iPage; i++) btree_page_release(&c->aPage[i]);
  c->iPage = -1;
  c->nOvfl = 0;
  c->bInfo = 0;
}

void btree_cursor_release(BtCursor *c) { cur_release_pages(c); }

/* Puts the cursor in the error-free eof state and returns rc. */
static int cur_fail(BtCursor *c, int rc) {
  cur_release_pages(c);
  c->eState = CUR_INVALID;
  c->skipNext = 0;
  return rc;
}

/* Loads the root.  Leaves iPage == -1 for the root of an empty database
** (page 1 not yet written). */
static int cur_to_root(BtCursor *c) {
  Btree *bt = c->pBt;
  cur_release_pages(c);
  c->skipNext = 0;
  c->eState = CUR_INVALID;
  if (bt->inTrans == SQLITE_TXN_NONE) return ERR_MISUSE();
  u32 nPage = pager_page_count(bt->pPager);
  c->nVisit = 0;
  c->nVisitMax = 16 * nPage + 1024;
  if (c->iRoot == 1 && nPage == 0) return SQLITE_OK;
  int rc = btree_page_get(bt, c->iRoot, &c->aPage[0]);
  if (rc != SQLITE_OK) return rc;
  if (c->aPage[0].intKey != c->bIntKey) {
    btree_page_release(&c->aPage[0]);
    return ERR_CORRUPT();
  }
  c->iPage = 0;
  c->aIdx[0] = 0;
  c->eState = CUR_VALID;
  return SQLITE_OK;
}

/* Descends to child page pgno (invariant 2). */
static int cur_push(BtCursor *c, u32 pgno) {
  if (c->iPage + 1 >= BT_MAX_DEPTH || pgno < 2) return ERR_CORRUPT();
  for (int i = 0; i <= c->iPage; i++) {
    if (c->aPage[i].pgno == pgno) return ERR_CORRUPT();
  }
  if (++c->nVisit > c->nVisitMax) return ERR_CORRUPT();
  MemPage *m = &c->aPage[c->iPage + 1];
  int rc = btree_page_get(c->pBt, pgno, m);
  if (rc != SQLITE_OK) return rc;
  if (m->intKey != c->bIntKey) {
    btree_page_release(m);
    return ERR_CORRUPT();
  }
  c->iPage++;
  c->aIdx[c->iPage] = 0;
  return SQLITE_OK;
}

static void cur_pop(BtCursor *c) {
  ASSERT(c->iPage > 0);
  btree_page_release(&c->aPage[c->iPage]);
  c->iPage--;
}

/* From the current page, descends to the leftmost entry below it. */
static int cur_descend_left(BtCursor *c) {
  for (;;) {   /* bounded by BT_MAX_DEPTH in cur_push */
    MemPage *p = &c->aPage[c->iPage];
    c->aIdx[c->iPage] = 0;
    if (p->leaf) break;
    u32 child;
    int rc = page_child(c->pBt, p, 0, &child);
    if (rc == SQLITE_OK) rc = cur_push(c, child);
    if (rc != SQLITE_OK) return rc;
  }
  if (btree_page_ncell(&c->aPage[c->iPage]) == 0) return ERR_CORRUPT();
  c->eState = CUR_VALID;
  return SQLITE_OK;
}

/* From the current page, descends to the rightmost entry below it. */
static int cur_descend_right(BtCursor *c) {
  for (;;) {   /* bounded by BT_MAX_DEPTH in cur_push */
    MemPage *p = &c->aPage[c->iPage];
    u32 n = btree_page_ncell(p);
    if (p->leaf) {
      if (n == 0) return ERR_CORRUPT();
      c->aIdx[c->iPage] = (u16)(n - 1);
      break;
    }
    c->aIdx[c->iPage] = (u16)n;
    int rc = cur_push(c, btree_page_right(p));
    if (rc != SQLITE_OK) return rc;
  }
  c->eState = CUR_VALID;
  return SQLITE_OK;
}

/* 1 if the tree under a freshly loaded root has no entries. */
static int cur_root_empty(BtCursor *c) {
  return c->iPage < 0 || (c->aPage[0].leaf && btree_page_ncell(&c->aPage[0]) == 0);
}

int btree_first(BtCursor *c, int *pEmpty) {
  *pEmpty = 1;
  int rc = cur_to_root(c);
  if (rc != SQLITE_OK) return cur_fail(c, rc);
  if (cur_root_empty(c)) return cur_fail(c, SQLITE_OK);
  rc = cur_descend_left(c);
  if (rc != SQLITE_OK) return cur_fail(c, rc);
  *pEmpty = 0;
  return SQLITE_OK;
}

int btree_last(BtCursor *c, int *pEmpty) {
  *pEmpty = 1;
  int rc = cur_to_root(c);
  if (rc != SQLITE_OK) return cur_fail(c, rc);
  if (cur_root_empty(c)) return cur_fail(c, SQLITE_OK);
  rc = cur_descend_right(c);
  if (rc != SQLITE_OK) return cur_fail(c, rc);
  *pEmpty = 0;
  return SQLITE_OK;
}

/* A saved cursor is restored first, so the answer says whether an entry is
** under the cursor now; a failed restore leaves the cursor faulted (the
** next call reports the error) and counts as eof. */
int btree_eof(BtCursor *c) {
  if (c->eState == CUR_SAVED) {
    int rc = btree_cursor_restore(c);
    if (rc != SQLITE_OK) {
      c->eState = CUR_FAULT;
      c->eCode = rc;
    }
  }
  return c->eState != CUR_VALID;
}

/* Climbs after the last entry of a leaf (or subtree) was passed. */
static int cur_next_climb(BtCursor *c) {
  for (;;) {   /* bounded: iPage decreases */
    if (c->iPage == 0) return cur_fail(c, SQLITE_OK);
    cur_pop(c);
    MemPage *p = &c->aPage[c->iPage];
    if (c->aIdx[c->iPage] < btree_page_ncell(p)) {
      if (!c->bIntKey) return SQLITE_OK;   /* the interior cell is next */
      u32 child;
      int rc = page_child(c->pBt, p, ++c->aIdx[c->iPage], &child);
      if (rc == SQLITE_OK) rc = cur_push(c, child);
      if (rc == SQLITE_OK) rc = cur_descend_left(c);
      return rc;
    }
  }
}

int btree_next(BtCursor *c) {
  int rc = btree_cursor_restore(c);
  if (rc != SQLITE_OK) return cur_fail(c, rc);
  CUR_ASSERT_STATE(c);
  if (c->eState != CUR_VALID) return SQLITE_OK;
  if (c->skipNext > 0) {
    c->skipNext = 0;
    return SQLITE_OK;
  }
  c->skipNext = 0;
  MemPage *p = &c->aPage[c->iPage];
  if (!p->leaf) {   /* index interior entry: leftmost of the next child */
    u32 child;
    rc = page_child(c->pBt, p, ++c->aIdx[c->iPage], &child);
    if (rc == SQLITE_OK) rc = cur_push(c, child);
    if (rc == SQLITE_OK) rc = cur_descend_left(c);
  } else if (++c->aIdx[c->iPage] >= btree_page_ncell(p)) {
    rc = cur_next_climb(c);
  }
  return rc == SQLITE_OK ? SQLITE_OK : cur_fail(c, rc);
}

static int cur_prev_climb(BtCursor *c) {
  for (;;) {   /* bounded: iPage decreases */
    if (c->iPage == 0) return cur_fail(c, SQLITE_OK);
    cur_pop(c);
    MemPage *p = &c->aPage[c->iPage];
    if (c->aIdx[c->iPage] > 0) {
      c->aIdx[c->iPage]--;
      if (!c->bIntKey) return SQLITE_OK;   /* the interior cell is previous */
      u32 child;
      int rc = page_child(c->pBt, p, c->aIdx[c->iPage], &child);
      if (rc == SQLITE_OK) rc = cur_push(c, child);
      if (rc == SQLITE_OK) rc = cur_descend_right(c);
      return rc;
    }
  }
}

int btree_prev(BtCursor *c) {
  int rc = btree_cursor_restore(c);
  if (rc != SQLITE_OK) return cur_fail(c, rc);
  CUR_ASSERT_STATE(c);
  if (c->eState != CUR_VALID) return SQLITE_OK;
  if (c->skipNext < 0) {
    c->skipNext = 0;
    return SQLITE_OK;
  }
  c->skipNext = 0;
  MemPage *p = &c->aPage[c->iPage];
  if (!p->leaf) {   /* index interior entry: rightmost of its left child */
    u32 child;
    rc = page_child(c->pBt, p, c->aIdx[c->iPage], &child);
    if (rc == SQLITE_OK) rc = cur_push(c, child);
    if (rc == SQLITE_OK) rc = cur_descend_right(c);
  } else if (c->aIdx[c->iPage] > 0) {
    c->aIdx[c->iPage]--;
  } else {
    rc = cur_prev_climb(c);
  }
  return rc == SQLITE_OK ? SQLITE_OK : cur_fail(c, rc);
}

/* ======================================================================
** Seeking
** ====================================================================== */

/* Checks, once per search, what table_key_at and seek_cmp_cell rely on: the page still
** has its type (a stale MemPage fails here) and its pointer array ends
** before the content area.  *pn, *pTop: cell count and content start. */
static int page_bounds(Btree *bt, const MemPage *p, u32 *pn, u32 *pTop) {
  u32 n = btree_page_ncell(p), top = btree_page_content(p);
  *pn = *pTop = 0;
  if (p->aData[p->hdr] != p->type) return ERR_CORRUPT();
  if (p->cellOffset + 2 * n > top || top > bt->usableSize) return ERR_CORRUPT();
  *pn = n;
  *pTop = top;
  return SQLITE_OK;
}

/* The rowid of cell i of a table page, reading only the key varint (a
** binary search needs nothing else).  Bounds as btree_cell_ptr and
** btree_cell_parse give, with top from page_bounds. */
static int table_key_at(Btree *bt, const MemPage *p, u32 i, u32 top, i64 *pKey) {
  const u8 *a = p->aData, *pEnd = a + bt->usableSize;
  u32 ofs = get2(a + p->cellOffset + 2 * i);
  u64 v;
  if (ofs < top || ofs > bt->usableSize - BT_MIN_CELL) return ERR_CORRUPT();
  const u8 *q = a + ofs + (p->leaf ? 0 : 4);
  if (p->leaf) {   /* skip the payload size */
    int n = bt_varint(q, pEnd, &v);
    if (n == 0) return ERR_CORRUPT();
    q += n;
  }
  if (bt_varint(q, pEnd, &v) == 0) return ERR_CORRUPT();
  *pKey = (i64)v;
  return SQLITE_OK;
}

/* Binary search of table page p for key: *piIdx is the first cell whose
** key is >= key (nCell if none); *pFound when a leaf holds key itself. */
static int table_page_search(Btree *bt, const MemPage *p, i64 key, u32 *piIdx, int *pFound) {
  u32 lo = 0, hi, top;
  i64 kLast;
  *pFound = 0;
  int rc = page_bounds(bt, p, &hi, &top);
  if (rc == SQLITE_OK && hi > 0) {   /* appends go past the last key: one probe */
    rc = table_key_at(bt, p, hi - 1, top, &kLast);
    if (rc == SQLITE_OK && kLast < key) {
      lo = hi;
    } else if (rc == SQLITE_OK && p->leaf && kLast == key) {
      lo = hi = hi - 1;
      *pFound = 1;
    } else {
      hi--;   /* the last cell is >= key: the answer when no earlier one is */
    }
  }
  while (rc == SQLITE_OK && lo < hi) {   /* bounded: hi - lo halves */
    u32 mid = (lo + hi) / 2;
    i64 k;
    rc = table_key_at(bt, p, mid, top, &k);
    if (rc != SQLITE_OK) break;
    if (k < key) {
      lo = mid + 1;
    } else if (p->leaf && k == key) {
      lo = mid;
      *pFound = 1;
      break;
    } else {
      hi = mid;
    }
  }
  *piIdx = lo;
  return rc;
}

/* Descends towards rowid.  On return *pFound tells whether the entry
** exists (cursor at it) or the cursor is at a leaf with aIdx = the
** insertion point (0..nCell).  iPage == -1: database has no pages. */
static int seek_table(BtCursor *c, i64 key, int *pFound) {
  *pFound = 0;
  int rc = cur_to_root(c);
  if (rc != SQLITE_OK || c->iPage < 0) return rc;
  for (;;) {   /* bounded by BT_MAX_DEPTH in cur_push */
    MemPage *p = &c->aPage[c->iPage];
    u32 lo;
    rc = table_page_search(c->pBt, p, key, &lo, pFound);
    if (rc != SQLITE_OK) return rc;
    c->aIdx[c->iPage] = (u16)lo;
    if (p->leaf) return SQLITE_OK;
    u32 child;
    rc = page_child(c->pBt, p, lo, &child);
    if (rc == SQLITE_OK) rc = cur_push(c, child);
    if (rc != SQLITE_OK) return rc;
  }
}

/* 1 if every ancestor of the cursor's leaf is at its right child (the
** leaf is the last one of the tree), resp. at child 0 when bLeft. */
static int cur_path_at_edge(const BtCursor *c, int bLeft) {
  for (int j = 0; j < c->iPage; j++) {
    u32 want = bLeft ? 0 : btree_page_ncell(&c->aPage[j]);
    if (c->aIdx[j] != want) return 0;
  }
  return 1;
}

/* Answers a table seek from the leaf the cursor is on, when that leaf
** must be where a seek from the root would land: key lies between the
** leaf's first and last keys, or beyond the last key of the tree's last
** leaf, or before the first key of its first leaf.  This serves the VM's
** insert right after its own seek, and sequential inserts (the cursor
** sits at the previous row).  *pDone = 0: undecided, nothing changed. */
static int seek_table_local(BtCursor *c, i64 key, int *pFound, int *pDone) {
  *pDone = *pFound = 0;
  if (c->eState != CUR_VALID || c->iPage < 0) return SQLITE_OK;
  MemPage *p = &c->aPage[c->iPage];
  u32 n, top, idx = 0;
  i64 kFirst, kLast;
  if (!p->leaf || page_bounds(c->pBt, p, &n, &top) != SQLITE_OK || n == 0) {
    return SQLITE_OK;   /* the seek from the root will tell */
  }
  int rc = table_key_at(c->pBt, p, n - 1, top, &kLast);
  if (rc == SQLITE_OK) rc = table_key_at(c->pBt, p, 0, top, &kFirst);
  if (rc != SQLITE_OK) return SQLITE_OK;
  if (key > kLast) {
    if (!cur_path_at_edge(c, 0)) return SQLITE_OK;
    idx = n;
  } else if (key < kFirst) {
    if (!cur_path_at_edge(c, 1)) return SQLITE_OK;
  } else {
    rc = table_page_search(c->pBt, p, key, &idx, pFound);
    if (rc != SQLITE_OK) return SQLITE_OK;
  }
  c->aIdx[c->iPage] = (u16)idx;
  c->skipNext = 0;
  *pDone = 1;
  return SQLITE_OK;
}

/* seek_table, from the current leaf when that is enough. */
static int seek_table_near(BtCursor *c, i64 key, int *pFound) {
  int bDone = 0;
  int rc = seek_table_local(c, key, pFound, &bDone);
  if (rc != SQLITE_OK || bDone) return rc;
  return seek_table(c, key, pFound);
}

/* Makes the whole key of cell ci available at *ppKey (local bytes, or
** assembled in the cursor's key buffer when it overflows). */
static int cur_cell_key(BtCursor *c, const CellInfo *ci, const u8 **ppKey) {
  if (ci->nLocal == ci->nPayload) {
    *ppKey = ci->pPayload;
    return SQLITE_OK;
  }
  if (ci->nPayload > c->nKeyBuf) {
    u8 *p = mem_realloc(c->pKeyBuf, ci->nPayload);
    if (p == NULL) return SQLITE_NOMEM;
    c->pKeyBuf = p;
    c->nKeyBuf = ci->nPayload;
  }
  *ppKey = c->pKeyBuf;
  return payload_copy(c->pBt, ci, 0, ci->nPayload, c->pKeyBuf, NULL);
}

/* How seek_index compares a cell's key with what is sought. */
typedef int (*SeekCmp)(BtCursor *, const u8 *pKey, int nKey, const void *pArg, int *pRc);

typedef struct RawKey {
  const u8 *p;
  int n;
} RawKey;

static int seek_cmp_search(BtCursor *c, const u8 *pKey, int nKey, const void *pArg, int *pRc) {
  return c->xCompare(c->pCtx, pKey, nKey, pArg, pRc);
}

static int seek_cmp_raw(BtCursor *c, const u8 *pKey, int nKey, const void *pArg, int *pRc) {
  const RawKey *k = pArg;
  return c->xCompareRaw(c->pCtx, pKey, nKey, k->p, k->n, pRc);
}

/* Compares the key of cell i of index page p (content start top, bounds
** checked by the caller as page_bounds does); *pCmp as the
** comparator.  A key held whole in the cell is compared in place after
** reading just its size; one that overflows is assembled first. */
static inline int seek_cmp_cell(BtCursor *c, MemPage *p, u32 i, u32 top, SeekCmp xCmp,
                                const void *pArg, int *pCmp) {
  Btree *bt = c->pBt;
  u8 *a = p->aData, *pEnd = a + bt->usableSize;
  u32 ofs = get2(a + p->cellOffset + 2 * i);
  u64 nKey;
  int rc = SQLITE_OK;
  if (ofs < top || ofs > bt->usableSize - BT_MIN_CELL) return ERR_CORRUPT();
  u8 *q = a + ofs + (p->leaf ? 0 : 4);
  int n = bt_varint(q, pEnd, &nKey);
  if (n > 0 && nKey <= bt->maxLocal && nKey <= (u64)(pEnd - (q + n))) {
    *pCmp = xCmp(c, q + n, (int)nKey, pArg, &rc);
    return rc;
  }
  CellInfo ci;
  const u8 *pKey;
  rc = btree_cell_parse(bt, p->type, a + ofs, pEnd, &ci);
  if (rc == SQLITE_OK) rc = cur_cell_key(c, &ci, &pKey);
  if (rc != SQLITE_OK) return rc;
  *pCmp = xCmp(c, pKey, (int)ci.nPayload, pArg, &rc);
  return rc;
}

/* Binary search of index page p over cells [lo, hi) (content start top):
** *piIdx is the first cell whose key is >= the sought one (hi if none),
** *pFound when it is equal. */
static int index_page_search(BtCursor *c, MemPage *p, u32 lo, u32 hi, u32 top, SeekCmp xCmp,
                             const void *pArg, u32 *piIdx, int *pFound) {
  int rc = SQLITE_OK;
  *pFound = 0;
  while (lo < hi) {   /* bounded: hi - lo halves */
    u32 mid = (lo + hi) / 2;
    int cmp = 0;
    rc = seek_cmp_cell(c, p, mid, top, xCmp, pArg, &cmp);
    if (rc != SQLITE_OK) break;
    if (cmp == 0) {
      lo = mid;
      *pFound = 1;
      break;
    }
    if (cmp < 0) lo = mid + 1;
    else hi = mid;
  }
  *piIdx = lo;
  return rc;
}

/* Index counterpart of seek_table: an exact match may be found on an
** interior page. */
static int seek_index(BtCursor *c, SeekCmp xCmp, const void *pArg, int *pFound) {
  *pFound = 0;
  int rc = cur_to_root(c);
  if (rc != SQLITE_OK || c->iPage < 0) return rc;
  for (;;) {   /* bounded by BT_MAX_DEPTH in cur_push */
    MemPage *p = &c->aPage[c->iPage];
    u32 lo, n, top;
    rc = page_bounds(c->pBt, p, &n, &top);
    if (rc == SQLITE_OK) rc = index_page_search(c, p, 0, n, top, xCmp, pArg, &lo, pFound);
    if (rc != SQLITE_OK) return rc;
    c->aIdx[c->iPage] = (u16)lo;
    if (*pFound || p->leaf) return SQLITE_OK;
    u32 child;
    rc = page_child(c->pBt, p, lo, &child);
    if (rc == SQLITE_OK) rc = cur_push(c, child);
    if (rc != SQLITE_OK) return rc;
  }
}

/* seek_table_local for an index insert: a key between the first and last
** keys of the cursor's leaf cannot sit on an interior page (those separate
** leaves), so a seek from the root would land on this leaf.  Used where
** the cursor is likely near (re-inserting what it just deleted, sorted
** keys), not for every moveto, since index comparisons are dear. */
static int seek_index_local(BtCursor *c, const void *pSearch, int *pFound, int *pDone) {
  *pDone = *pFound = 0;
  if (c->eState != CUR_VALID || c->iPage < 0) return SQLITE_OK;
  MemPage *p = &c->aPage[c->iPage];
  u32 n, top, idx = 0;
  int cmp = 0;
  if (!p->leaf || page_bounds(c->pBt, p, &n, &top) != SQLITE_OK || n == 0) return SQLITE_OK;
  if (seek_cmp_cell(c, p, n - 1, top, seek_cmp_search, pSearch, &cmp) != SQLITE_OK) {
    return SQLITE_OK;   /* the seek from the root will tell */
  }
  if (cmp <= 0) {   /* past the last key, or at it */
    if (cmp < 0 && !cur_path_at_edge(c, 0)) return SQLITE_OK;
    idx = cmp < 0 ? n : n - 1;
    *pFound = cmp == 0;
  } else {
    if (seek_cmp_cell(c, p, 0, top, seek_cmp_search, pSearch, &cmp) != SQLITE_OK) {
      return SQLITE_OK;
    }
    if (cmp > 0 && !cur_path_at_edge(c, 1)) return SQLITE_OK;
    *pFound = cmp == 0;
    if (cmp < 0 && index_page_search(c, p, 1, n - 1, top, seek_cmp_search, pSearch, &idx,
                                     pFound) != SQLITE_OK) {
      return SQLITE_OK;
    }
  }
  c->aIdx[c->iPage] = (u16)idx;
  c->skipNext = 0;
  *pDone = 1;
  return SQLITE_OK;
}

/* Turns a seek result into the public moveto contract. */
static int seek_finish(BtCursor *c, int rc, int bFound, int *pRes) {
  *pRes = -1;
  if (rc != SQLITE_OK) return cur_fail(c, rc);
  if (bFound) {
    *pRes = 0;
    c->eState = CUR_VALID;
    return SQLITE_OK;
  }
  if (c->iPage < 0) return cur_fail(c, SQLITE_OK);
  MemPage *p = &c->aPage[c->iPage];
  u32 n = btree_page_ncell(p);
  if (n == 0) return cur_fail(c, c->iPage == 0 ? SQLITE_OK : ERR_CORRUPT());
  if (c->aIdx[c->iPage] < n) {
    *pRes = 1;
  } else {
    c->aIdx[c->iPage] = (u16)(n - 1);
    *pRes = -1;
  }
  c->eState = CUR_VALID;
  return SQLITE_OK;
}

int btree_table_moveto(BtCursor *c, i64 rowid, int *pRes) {
  int bFound = 0;
  /* The tree's kind comes from its root page, the caller's from the schema:
  ** a mismatch is corrupt data (invariant 3), not a programmer error. */
  if (!c->bIntKey) return ERR_CORRUPT();
  int rc = seek_table_near(c, rowid, &bFound);
  return seek_finish(c, rc, bFound, pRes);
}

int btree_index_moveto(BtCursor *c, const void *pSearch, int *pRes) {
  ASSERT(c->xCompare != NULL);
  int bFound = 0;
  if (c->bIntKey) return ERR_CORRUPT();
  if (c->xCompare == NULL) return ERR_MISUSE();
  int rc = seek_index(c, seek_cmp_search, pSearch, &bFound);
  return seek_finish(c, rc, bFound, pRes);
}

/* ======================================================================
** Saving and restoring positions (btree.h invariant 1)
** ====================================================================== */

/* The current cell of a VALID cursor.  Readers ask for the rowid, the
** payload size and the local payload of one row in turn: the parse is
** kept for its (page, index) until the cursor moves off it or writes. */
static int cur_cell(BtCursor *c, CellInfo *ci) {
  ASSERT(c->eState == CUR_VALID && c->iPage >= 0);
  const MemPage *p = &c->aPage[c->iPage];
  u16 idx = c->aIdx[c->iPage];
  if (c->bInfo && c->infoPgno == p->pgno && c->infoIdx == idx) {
    *ci = c->info;
    return SQLITE_OK;
  }
  int rc = btree_cell_get(c->pBt, p, idx, ci);
  if (rc == SQLITE_OK) {
    c->info = *ci;
    c->infoPgno = p->pgno;
    c->infoIdx = idx;
    c->bInfo = 1;
  }
  return rc;
}

/* Copies the current entry's key (index) into a new buffer. */
static int cur_copy_key(BtCursor *c, u8 **ppKey, i64 *pnKey) {
  CellInfo ci;
  *ppKey = NULL;
  int rc = cur_cell(c, &ci);
  if (rc != SQLITE_OK) return rc;
  *pnKey = c->bIntKey ? ci.nKey : ci.nPayload;
  if (c->bIntKey) return SQLITE_OK;
  u8 *p = mem_malloc(ci.nPayload ? ci.nPayload : 1);
  if (p == NULL) return SQLITE_NOMEM;
  rc = payload_copy(c->pBt, &ci, 0, ci.nPayload, p, NULL);
  if (rc != SQLITE_OK) {
    mem_free(p);
    return rc;
  }
  *ppKey = p;
  return SQLITE_OK;
}

static void cur_set_saved(BtCursor *c, u8 *pKey, i64 nKey, int bSucc, int bEnd) {
  cur_release_pages(c);
  mem_free(c->pSavedKey);
  c->pSavedKey = pKey;
  c->nSavedKey = nKey;
  c->bSavedSucc = (u8)bSucc;
  c->bSavedEnd = (u8)bEnd;
  c->eState = CUR_SAVED;
  c->skipNext = 0;
  ASSERT(c->bIntKey ? pKey == NULL : (pKey != NULL || bEnd));
  CUR_ASSERT_STATE(c);
}

static int cur_save(BtCursor *c) {
  u8 *pKey = NULL;
  i64 nKey = 0;
  ASSERT(c->eState == CUR_VALID);
  int rc = cur_copy_key(c, &pKey, &nKey);
  if (rc != SQLITE_OK) return rc;
  cur_set_saved(c, pKey, nKey, c->skipNext > 0, 0);
  return SQLITE_OK;
}

int btree_save_cursors(Btree *bt, u32 iRoot, BtCursor *pExcept) {
  for (BtCursor *c = bt->pCursor; c; c = c->pNext) {
    CUR_ASSERT_STATE(c);
    if (c == pExcept || (iRoot != 0 && c->iRoot != iRoot)) continue;
    if (c->eState == CUR_VALID) {
      int rc = cur_save(c);
      if (rc != SQLITE_OK) {
        cur_fail(c, rc);
        c->eState = CUR_FAULT;
        c->eCode = rc;
      }
    } else {
      cur_release_pages(c);
    }
  }
  return SQLITE_OK;
}

/* Re-seek of an index cursor without a raw comparator: a linear scan for
** identical key bytes. */
static int restore_linear(BtCursor *c, const u8 *pKey, int nKey, int *pFound) {
  int bEmpty;
  *pFound = 0;
  int rc = btree_first(c, &bEmpty);
  while (rc == SQLITE_OK && c->eState == CUR_VALID) {   /* bounded by nVisitMax */
    CellInfo ci;
    const u8 *pCell;
    rc = cur_cell(c, &ci);
    if (rc == SQLITE_OK && (int)ci.nPayload == nKey) {
      rc = cur_cell_key(c, &ci, &pCell);
      if (rc == SQLITE_OK && memcmp(pCell, pKey, (size_t)nKey) == 0) {
        *pFound = 1;
        return SQLITE_OK;
      }
    }
    if (rc == SQLITE_OK) rc = btree_next(c);
  }
  return rc;
}

/* Seeks to the saved key; *pRes as in moveto. */
static int restore_seek(BtCursor *c, int *pRes) {
  int bFound = 0, rc;
  if (c->bSavedEnd) {
    int bEmpty;
    rc = btree_last(c, &bEmpty);
    *pRes = -1;
    return rc;
  }
  if (c->bIntKey) return btree_table_moveto(c, c->nSavedKey, pRes);
  if (c->xCompareRaw != NULL) {
    RawKey k = {c->pSavedKey, (int)c->nSavedKey};
    rc = seek_index(c, seek_cmp_raw, &k, &bFound);
    return seek_finish(c, rc, bFound, pRes);
  }
  rc = restore_linear(c, c->pSavedKey, (int)c->nSavedKey, &bFound);
  *pRes = 0;
  if (rc == SQLITE_OK && !bFound) cur_fail(c, SQLITE_OK);
  return rc;
}

int btree_cursor_restore(BtCursor *c) {
  if (c->eState == CUR_FAULT) return c->eCode;
  if (c->eState != CUR_SAVED) return SQLITE_OK;
  if (c->pBt->inTrans == SQLITE_TXN_NONE) return ERR_MISUSE();
  int res = 0;
  int bSucc = c->bSavedSucc, bEnd = c->bSavedEnd;
  c->eState = CUR_INVALID;
  int rc = restore_seek(c, &res);
  mem_free(c->pSavedKey);
  c->pSavedKey = NULL;
  c->bSavedSucc = c->bSavedEnd = 0;
  if (rc != SQLITE_OK) return cur_fail(c, rc);
  if (c->eState == CUR_VALID) {
    if (bEnd) c->skipNext = -1;
    else if (res == 0) c->skipNext = bSucc ? 1 : 0;
    else c->skipNext = res > 0 ? 1 : -1;
  }
  return SQLITE_OK;
}

/* ======================================================================
** Cursor objects and reading entries
** ====================================================================== */

int btree_cursor(Btree *bt, u32 iRoot, int bWrite, BtKeyCompare xCompare, void *pCtx,
                 BtCursor **ppCur) {
  *ppCur = NULL;
  ASSERT(bt->inTrans != SQLITE_TXN_NONE);
  ASSERT(!bWrite || bt->inTrans == SQLITE_TXN_WRITE);
  if (bt->inTrans == SQLITE_TXN_NONE) return ERR_MISUSE();
  if (bWrite && bt->inTrans != SQLITE_TXN_WRITE) return SQLITE_READONLY;
  int bIntKey = 1;
  if (!(iRoot == 1 && pager_page_count(bt->pPager) == 0)) {
    MemPage m;
    int rc = btree_page_get(bt, iRoot, &m);
    if (rc != SQLITE_OK) return rc;
    bIntKey = m.intKey;
    btree_page_release(&m);
    /* An index cursor on a table tree: the schema points at the wrong page. */
    if (xCompare != NULL && bIntKey) return ERR_CORRUPT();
  }
  BtCursor *c = mem_zalloc(sizeof *c);
  if (c == NULL) return SQLITE_NOMEM;
  c->pBt = bt;
  c->iRoot = iRoot;
  c->bWrite = bWrite != 0;
  c->bIntKey = (u8)bIntKey;
  c->xCompare = xCompare;
  c->pCtx = pCtx;
  c->iPage = -1;
  c->eState = CUR_INVALID;
  c->pNext = bt->pCursor;
  bt->pCursor = c;
  *ppCur = c;
  return SQLITE_OK;
}

void btree_cursor_set_raw_compare(BtCursor *c, BtKeyCompareRaw xCompareRaw) {
  c->xCompareRaw = c->bIntKey ? NULL : xCompareRaw;   /* intkey: corrupt schema */
}

void btree_cursor_close(BtCursor *c) {
  if (c == NULL) return;
  BtCursor **pp = &c->pBt->pCursor;
  while (*pp != c) {
    ASSERT(*pp != NULL);
    pp = &(*pp)->pNext;
  }
  *pp = c->pNext;
  cur_release_pages(c);
  mem_free(c->pSavedKey);
  mem_free(c->pKeyBuf);
  mem_free(c->aOvfl);
  mem_free(c);
}

int btree_cursor_is_intkey(BtCursor *c) { return c->bIntKey; }

/* Restores the cursor and parses its current cell. */
static int cur_current(BtCursor *c, CellInfo *ci) {
  int rc = btree_cursor_restore(c);
  if (rc != SQLITE_OK) return rc;
  ASSERT(c->eState == CUR_VALID);
  if (c->eState != CUR_VALID) return ERR_MISUSE();
  return cur_cell(c, ci);
}

int btree_rowid(BtCursor *c, i64 *pRowid) {
  CellInfo ci;
  *pRowid = 0;
  /* A table cursor over an index page means the schema points at the
  ** wrong tree: corrupt data, not a programmer error (invariant 3). */
  if (!c->bIntKey) return ERR_CORRUPT();
  int rc = cur_current(c, &ci);
  if (rc == SQLITE_OK) *pRowid = ci.nKey;
  return rc;
}

int btree_payload_size(BtCursor *c, u32 *pnPayload) {
  CellInfo ci;
  *pnPayload = 0;
  int rc = cur_current(c, &ci);
  if (rc == SQLITE_OK) *pnPayload = ci.nPayload;
  return rc;
}

int btree_payload(BtCursor *c, u32 offset, u32 amt, void *pBuf) {
  CellInfo ci;
  int rc = cur_current(c, &ci);
  if (rc != SQLITE_OK) return rc;
  if ((u64)offset + amt > ci.nPayload) return ERR_CORRUPT();
  if ((u64)offset + amt > ci.nLocal) rc = ovfl_cache_prepare(c, &ci);
  if (rc != SQLITE_OK) return rc;
  return payload_copy(c->pBt, &ci, offset, amt, pBuf, c);
}

const u8 *btree_payload_local(BtCursor *c, u32 *pnLocal) {
  CellInfo ci;
  *pnLocal = 0;
  if (cur_current(c, &ci) != SQLITE_OK) return NULL;
  *pnLocal = ci.nLocal;
  return ci.pPayload;
}

const u8 *btree_payload_fetch(BtCursor *c, u32 *pnPayload, u32 *pnLocal, int *pRc) {
  CellInfo ci;
  *pnPayload = *pnLocal = 0;
  *pRc = cur_current(c, &ci);
  if (*pRc != SQLITE_OK) return NULL;
  *pnPayload = ci.nPayload;
  *pnLocal = ci.nLocal;
  return ci.pPayload;
}

/* ======================================================================
** Insert and delete
** ====================================================================== */

/* Inserts a cell at iCell of the page at cursor level d, or, when it does
** not fit, records the page's content plus the cell as pending in
** apList[d] for the balancer. */
static int cur_insert_or_pend(BtCursor *c, BtArena *a, CellList **apList, int d, u32 iCell,
                              const u8 *pCell, u32 nCell) {
  return btree_insert_or_pend(c->pBt, a, &c->aPage[d], &apList[d], iCell, pCell, nCell);
}

/* 1 when a new table cell that does not fit its leaf can go to a new
** right sibling alone (btree_balance_quick): it is appended after the
** last cell of a non-root leaf that is its parent's right child. */
static int cur_can_quick_balance(const BtCursor *c, u32 iCell) {
  int d = c->iPage;
  if (d < 1 || !c->bIntKey) return 0;
  const MemPage *p = &c->aPage[d], *pParent = &c->aPage[d - 1];
  if (p->type != PT_TABLE_LEAF || pParent->pgno == 1) return 0;
  return iCell == btree_page_ncell(p) && iCell > 0 &&
         c->aIdx[d - 1] == btree_page_ncell(pParent);
}

/* Inserts a new leaf cell at the cursor's insertion point: in place, on a
** new right sibling (the append case), or pending for the balancer. */
static int cur_insert_leaf(BtCursor *c, BtArena *a, CellList **apList, const u8 *pCell,
                           u32 nCell) {
  int d = c->iPage;
  u32 iCell = c->aIdx[d];
  int rc = btree_page_insert_cell(c->pBt, &c->aPage[d], iCell, pCell, nCell);
  if (rc != BT_NOFIT) return rc;
  if (cur_can_quick_balance(c, iCell)) return btree_balance_quick(c, a, apList, pCell, nCell);
  return cur_insert_or_pend(c, a, apList, d, iCell, pCell, nCell);
}

/* Replaces the entry under the cursor by the leaf-format cell pCell. */
static int cur_replace(BtCursor *c, BtArena *a, CellList **apList, u8 *pCell, u32 nCell,
                       int *pbShrunk) {
  Btree *bt = c->pBt;
  int d = c->iPage;
  MemPage *p = &c->aPage[d];
  u32 idx = c->aIdx[d];
  CellInfo old;
  int rc = btree_cell_get(bt, p, idx, &old);
  if (rc == SQLITE_OK) rc = btree_overflow_free(bt, &old);
  if (rc != SQLITE_OK) return rc;
  if (!p->leaf) {   /* index interior entry: keep its left child */
    u8 *pNew = bt_arena_alloc(a, nCell + 4);
    if (pNew == NULL) return SQLITE_NOMEM;
    CellInfo ci;
    rc = btree_cell_parse(bt, PT_INDEX_LEAF, pCell, pCell + nCell, &ci);
    if (rc != SQLITE_OK) return rc;
    u32 nRaw = (u32)(ci.pPayload - pCell) + ci.nLocal + (ci.iOvfl ? 4 : 0);
    put4(pNew, old.iChild);
    memcpy(pNew + 4, pCell, nRaw);
    pCell = pNew;
    nCell = nRaw + 4;
  }
  *pbShrunk = nCell < old.nSize;   /* only then can the page become underfull */
  if (old.nSize == nCell) {   /* same size: overwrite in place */
    u8 *pOld;
    rc = btree_cell_ptr(bt, p, idx, &pOld);
    if (rc == SQLITE_OK) memcpy(pOld, pCell, nCell);
    return rc;
  }
  rc = btree_page_drop_cell(bt, p, idx, old.nSize);
  if (rc == SQLITE_OK) rc = cur_insert_or_pend(c, a, apList, d, idx, pCell, nCell);
  return rc;
}

/* Common tail of table and index inserts; the cursor has been sought:
** bFound says it is at an equal entry, else at the insertion point. */
static int cur_insert_entry(BtCursor *c, int bFound, i64 rowid, const u8 *pData, u32 nData,
                            const void *pSearch) {
  Btree *bt = c->pBt;
  u8 type = c->bIntKey ? PT_TABLE_LEAF : PT_INDEX_LEAF;
  BtArena a = {0};
  CellList *apList[BT_MAX_DEPTH] = {0};
  int bChanged = 0, bShrunk = 0;
  if (c->iPage < 0) return ERR_CORRUPT();
  u8 *pCell = bt->pCellBuf;   /* nothing below builds another cell there */
  u32 nCell = 0;
  int rc = btree_page_write(&c->aPage[c->iPage]);
  if (rc == SQLITE_OK) rc = cell_build(bt, type, rowid, pData, nData, pCell, &nCell);
  if (rc == SQLITE_OK) {
    if (bFound) rc = cur_replace(c, &a, apList, pCell, nCell, &bShrunk);
    else rc = cur_insert_leaf(c, &a, apList, pCell, nCell);
  }
  if (rc == SQLITE_OK) rc = btree_balance(c, &a, apList, bShrunk, &bChanged);
  bt_arena_free(&a);
  if (rc != SQLITE_OK) return cur_fail(c, rc);
  if (bChanged) {   /* reposition on the new entry */
    if (c->bIntKey) rc = seek_table(c, rowid, &bFound);
    else rc = seek_index(c, seek_cmp_search, pSearch, &bFound);
    if (rc == SQLITE_OK && !bFound) rc = ERR_CORRUPT();
  }
  if (rc != SQLITE_OK) return cur_fail(c, rc);
  c->eState = CUR_VALID;
  c->skipNext = 0;
  c->nOvfl = 0;
  c->bInfo = 0;
  CUR_ASSERT_STATE(c);
  return SQLITE_OK;
}

/* Checks the preconditions every write shares and saves other cursors. */
static int cur_write_prepare(BtCursor *c) {
  Btree *bt = c->pBt;
  ASSERT(c->bWrite && bt->inTrans == SQLITE_TXN_WRITE);   /* btree.h invariant 2 */
  if (!c->bWrite || bt->inTrans != SQLITE_TXN_WRITE) return ERR_MISUSE();
  if (c->eState == CUR_FAULT) return c->eCode;
  return btree_save_cursors(bt, c->iRoot, c);
}

int btree_insert(BtCursor *c, i64 rowid, const void *pData, int nData) {
  int bFound = 0;
  if (!c->bIntKey) return ERR_CORRUPT();
  if (nData < 0) return ERR_MISUSE();
  if ((u32)nData > BT_MAX_PAYLOAD) return SQLITE_TOOBIG;
  int rc = cur_write_prepare(c);
  if (rc == SQLITE_OK) rc = seek_table_near(c, rowid, &bFound);
  if (rc != SQLITE_OK) return cur_fail(c, rc);
  return cur_insert_entry(c, bFound, rowid, pData, (u32)nData, NULL);
}

int btree_index_insert(BtCursor *c, const void *pKey, int nKey, const void *pSearch) {
  int bFound = 0;
  ASSERT(c->xCompare != NULL);
  if (c->bIntKey) return ERR_CORRUPT();
  if (c->xCompare == NULL || nKey < 0) return ERR_MISUSE();
  if ((u32)nKey > BT_MAX_PAYLOAD) return SQLITE_TOOBIG;
  int rc = cur_write_prepare(c);
  int bDone = 0;
  /* Random keys rarely land on the cursor's leaf: after two misses in a
  ** row only every 16th insert tries, unless the cursor just deleted. */
  int bTry = c->skipNext > 0 || c->nNearMiss < 2 || (c->nNearMiss & 15) == 0;
  if (rc == SQLITE_OK && bTry) rc = seek_index_local(c, pSearch, &bFound, &bDone);
  c->nNearMiss = bDone ? 0 : c->nNearMiss + 1;
  if (rc == SQLITE_OK && !bDone) rc = seek_index(c, seek_cmp_search, pSearch, &bFound);
  if (rc != SQLITE_OK) return cur_fail(c, rc);
  return cur_insert_entry(c, bFound, 0, pKey, (u32)nKey, pSearch);
}

/* Deletes the index entry in interior cell (d, idx): its predecessor (the
** last entry of the left subtree) moves up to replace it.  The cursor
** ends on the leaf the predecessor came from. */
static int cur_delete_interior(BtCursor *c, BtArena *a, CellList **apList, const CellInfo *ci) {
  Btree *bt = c->pBt;
  int d = c->iPage;
  u32 idx = c->aIdx[d];
  int rc = cur_push(c, ci->iChild);
  if (rc == SQLITE_OK) rc = cur_descend_right(c);
  if (rc != SQLITE_OK) return rc;
  MemPage *leaf = &c->aPage[c->iPage];
  u32 li = c->aIdx[c->iPage];
  CellInfo lc;
  u8 *pLeafCell;
  rc = btree_cell_ptr(bt, leaf, li, &pLeafCell);
  if (rc == SQLITE_OK) {
    rc = btree_cell_parse(bt, leaf->type, pLeafCell, leaf->aData + bt->usableSize, &lc);
  }
  if (rc != SQLITE_OK) return rc;
  u32 nRaw = (u32)(lc.pPayload - pLeafCell) + lc.nLocal + (lc.nLocal < lc.nPayload ? 4 : 0);
  u8 *pNew = bt_arena_alloc(a, nRaw + 4);
  if (pNew == NULL) return SQLITE_NOMEM;
  put4(pNew, ci->iChild);
  memcpy(pNew + 4, pLeafCell, nRaw);
  rc = btree_page_write(leaf);
  if (rc == SQLITE_OK) rc = btree_page_drop_cell(bt, leaf, li, lc.nSize);
  if (rc == SQLITE_OK) rc = btree_page_drop_cell(bt, &c->aPage[d], idx, ci->nSize);
  if (rc == SQLITE_OK) rc = cur_insert_or_pend(c, a, apList, d, idx, pNew, nRaw + 4);
  return rc;
}

/* For index cursors without a raw comparator: the key of the entry after
** the cursor, found on a clone of the cursor.  *pbEnd if there is none. */
static int cur_successor_key(BtCursor *c, u8 **ppKey, i64 *pnKey, int *pbEnd) {
  BtCursor t = *c;
  *ppKey = NULL;
  *pbEnd = 0;
  t.pKeyBuf = NULL;
  t.nKeyBuf = 0;
  t.aOvfl = NULL;
  t.nOvflAlloc = t.nOvfl = 0;
  t.pSavedKey = NULL;
  t.skipNext = 0;
  for (int i = 0; i <= t.iPage; i++) pager_ref(t.aPage[i].pPg);
  int rc = btree_next(&t);
  if (rc == SQLITE_OK && t.eState == CUR_VALID) rc = cur_copy_key(&t, ppKey, pnKey);
  else if (rc == SQLITE_OK) *pbEnd = 1;
  cur_release_pages(&t);
  mem_free(t.pKeyBuf);
  mem_free(t.aOvfl);
  return rc;
}

/* Remembers where a deleted entry was so btree_next/prev continue from
** there (invariant 5). */
static int cur_delete_save(BtCursor *c, u8 **ppKey, i64 *pnKey, int *pbSucc, int *pbEnd) {
  *pbSucc = *pbEnd = 0;
  if (!c->bIntKey && c->xCompareRaw == NULL) {
    *pbSucc = 1;
    return cur_successor_key(c, ppKey, pnKey, pbEnd);
  }
  return cur_copy_key(c, ppKey, pnKey);
}

int btree_delete(BtCursor *c) {
  int rc = btree_cursor_restore(c);
  if (rc == SQLITE_OK && c->eState != CUR_VALID) rc = ERR_MISUSE();
  if (rc == SQLITE_OK) rc = cur_write_prepare(c);
  if (rc != SQLITE_OK) return rc;
  Btree *bt = c->pBt;
  BtArena a = {0};
  CellList *apList[BT_MAX_DEPTH] = {0};
  int bChanged = 0, bSucc = 0, bEnd = 0, d = c->iPage;
  u32 idx = c->aIdx[d];
  u8 *pKey = NULL;
  i64 nKey = 0;
  CellInfo ci;
  MemPage *p = &c->aPage[d];
  int bLeaf = p->leaf;
  rc = cur_delete_save(c, &pKey, &nKey, &bSucc, &bEnd);
  if (rc == SQLITE_OK) rc = btree_cell_get(bt, p, idx, &ci);
  if (rc == SQLITE_OK) rc = btree_page_write(p);
  if (rc == SQLITE_OK) rc = btree_overflow_free(bt, &ci);
  if (rc == SQLITE_OK) {
    if (bLeaf) rc = btree_page_drop_cell(bt, p, idx, ci.nSize);
    else rc = cur_delete_interior(c, &a, apList, &ci);
  }
  if (rc == SQLITE_OK) rc = btree_balance(c, &a, apList, 1, &bChanged);
  bt_arena_free(&a);
  if (rc != SQLITE_OK) {
    mem_free(pKey);
    return cur_fail(c, rc);
  }
  if (bLeaf && !bChanged && idx < btree_page_ncell(&c->aPage[c->iPage])) {
    mem_free(pKey);   /* the successor slid into the deleted slot */
    c->eState = CUR_VALID;
    c->skipNext = 1;
    c->nOvfl = 0;
    c->bInfo = 0;
    return SQLITE_OK;
  }
  cur_set_saved(c, pKey, nKey, bSucc, bEnd);
  return SQLITE_OK;
}

/* ======================================================================
** Whole trees
** ====================================================================== */

int btree_create(Btree *bt, u32 *piRoot, int flags) {
  ASSERT(bt->inTrans == SQLITE_TXN_WRITE);
  ASSERT(flags == BTREE_INTKEY || flags == BTREE_BLOBKEY);
  *piRoot = 0;
  if (bt->inTrans != SQLITE_TXN_WRITE) return ERR_MISUSE();
  u32 pgno;
  PgPage *pg;
  int rc = btree_alloc_page(bt, &pgno, &pg);
  if (rc != SQLITE_OK) return rc;
  MemPage m = {.pPg = pg, .aData = pg->aData, .pgno = pgno, .hdr = 0};
  btree_page_set_type(bt, &m, (flags & BTREE_INTKEY) ? PT_TABLE_LEAF : PT_INDEX_LEAF);
  pager_unref(pg);
  *piRoot = pgno;
  return SQLITE_OK;
}

/* Frees the subtree under page pgno (and pgno itself if bFree; else it
** becomes an empty leaf).  Counts entries into *pnEntry. */
static int clear_page(Btree *bt, u32 pgno, int depth, int bFree, i64 *pnEntry) {
  MemPage m;
  if (depth >= BT_MAX_DEPTH) return ERR_CORRUPT();
  int rc = btree_page_get(bt, pgno, &m);
  if (rc != SQLITE_OK) return rc;
  u32 n = btree_page_ncell(&m);
  for (u32 i = 0; i < n && rc == SQLITE_OK; i++) {
    CellInfo ci;
    rc = btree_cell_get(bt, &m, i, &ci);
    if (rc == SQLITE_OK && !m.leaf) rc = clear_page(bt, ci.iChild, depth + 1, 1, pnEntry);
    if (rc == SQLITE_OK) rc = btree_overflow_free(bt, &ci);
  }
  if (rc == SQLITE_OK && !m.leaf) rc = clear_page(bt, btree_page_right(&m), depth + 1, 1, pnEntry);
  if (rc == SQLITE_OK && m.pPg != NULL && (m.leaf || !m.intKey)) *pnEntry += n;
  if (rc == SQLITE_OK && !bFree) {
    rc = btree_page_write(&m);
    if (rc == SQLITE_OK) btree_page_set_type(bt, &m, (u8)(m.type | PT_LEAF_BIT));
  }
  btree_page_release(&m);
  if (rc == SQLITE_OK && bFree) rc = btree_free_page(bt, pgno);
  return rc;
}

int btree_clear(Btree *bt, u32 iRoot, i64 *pnChange) {
  ASSERT(bt->inTrans == SQLITE_TXN_WRITE);
  if (bt->inTrans != SQLITE_TXN_WRITE) return ERR_MISUSE();
  for (BtCursor *c = bt->pCursor; c; c = c->pNext) {
    if (c->iRoot == iRoot) cur_fail(c, SQLITE_OK);
  }
  i64 n = 0;
  int rc = clear_page(bt, iRoot, 0, 0, &n);
  if (rc == SQLITE_OK && pnChange) *pnChange += n;
  return rc;
}

int btree_drop(Btree *bt, u32 iRoot, u32 *piMoved) {
  ASSERT(bt->inTrans == SQLITE_TXN_WRITE);
  *piMoved = 0;
  if (bt->inTrans != SQLITE_TXN_WRITE || iRoot < 2) return ERR_MISUSE();
  for (BtCursor *c = bt->pCursor; c; c = c->pNext) {
    if (c->iRoot == iRoot) return SQLITE_LOCKED;
  }
  i64 n = 0;
  return clear_page(bt, iRoot, 0, 1, &n);
}

int btree_count(BtCursor *c, i64 *pnEntry) {
  i64 n = 0;
  *pnEntry = 0;
  int rc = cur_to_root(c);
  if (rc != SQLITE_OK || c->iPage < 0) return cur_fail(c, rc);
  for (;;) {   /* bounded by nVisitMax in cur_push */
    MemPage *p = &c->aPage[c->iPage];
    if (p->leaf || !c->bIntKey) n += btree_page_ncell(p);
    if (!p->leaf) {
      u32 child;
      c->aIdx[c->iPage] = 0;
      rc = page_child(c->pBt, p, 0, &child);
      if (rc == SQLITE_OK) rc = cur_push(c, child);
      if (rc != SQLITE_OK) return cur_fail(c, rc);
      continue;
    }
    do {
      if (c->iPage == 0) {
        *pnEntry = n;
        return cur_fail(c, SQLITE_OK);
      }
      cur_pop(c);
    } while (c->aIdx[c->iPage] >= btree_page_ncell(&c->aPage[c->iPage]));
    u32 child;
    rc = page_child(c->pBt, &c->aPage[c->iPage], ++c->aIdx[c->iPage], &child);
    if (rc == SQLITE_OK) rc = cur_push(c, child);
    if (rc != SQLITE_OK) return cur_fail(c, rc);
  }
}

int btree_max_rowid(BtCursor *c, i64 *pRowid) {
  int bEmpty;
  *pRowid = 0;
  if (!c->bIntKey) return ERR_CORRUPT();
  int rc = btree_last(c, &bEmpty);
  if (rc == SQLITE_OK && !bEmpty) rc = btree_rowid(c, pRowid);
  return rc;
}
