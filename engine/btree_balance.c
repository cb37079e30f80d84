/*
** btree_balance.c: space inside a page (freeblocks, fragments,
** defragmentation), cell lists, and rebalancing after insert and delete.
**
** Balancing works on CellLists: the content of a page as an ordered array
** of cells copied into an arena.  An insert that does not fit leaves its
** page "pending" (apList[level] holds the content the page should have);
** a delete may leave a page underfull.  btree_balance then walks the
** cursor's path from the leaf up: each pending or underfull non-root page
** is redistributed together with up to two neighbours (the parent's
** dividers between them included), into as many fresh pages as needed;
** the parent's list gets the new dividers and is written back if it fits,
** else it is pending in turn.  A pending root is split by moving its
** content into a new child (the root keeps its page number); a root left
** with no cells and one child absorbs the child when it fits.  Appends
** at the right edge of a table take a shortcut, btree_balance_quick: the
** new cell alone goes to a new last leaf.
**
** Invariants:
**   1. Pages written by the balancer hold cells packed at the end, no
**      freeblocks, no fragments, zeros elsewhere (secure delete).
**   2. Every non-root page the balancer writes has at least one cell; the
**      only exception, an empty page under a cell-less root, is absorbed
**      by the root in the same call.
**   3. Depth stays uniform: redistribution keeps pages on their level,
**      root split and root absorption change every path by one.
**   4. No balance step reads a cell pointer outside [content start, U-4]
**      or a cell past U (btree_int.h invariant 2).
**   5. Freed bytes of a page are zeroed (btree.c invariant 3).
*/
#include "btree_int.h"

#define NB_OLD 3            /* siblings taken into one redistribution */
#define NB_NEW (NB_OLD + 5) /* most pages one redistribution may produce */
#define ARENA_CHUNK (128 * 1024)

/* ======================================================================
** Arena
** ====================================================================== */

void *bt_arena_alloc(BtArena *a, u64 n) {
  n = (n + 7) & ~(u64)7;
  if (a->pChunk == NULL || a->nUsed + n > a->nChunk) {
    u64 sz = n + 16 > ARENA_CHUNK ? n + 16 : ARENA_CHUNK;
    void **p = mem_malloc(sz);
    if (p == NULL) return NULL;
    p[0] = a->pChunk;
    a->pChunk = p;
    a->nChunk = sz;
    a->nUsed = 16;
  }
  void *pRet = (u8 *)a->pChunk + a->nUsed;
  a->nUsed += n;
  return pRet;
}

void bt_arena_free(BtArena *a) {
  while (a->pChunk) {   /* bounded: one pass per chunk */
    void **p = a->pChunk;
    a->pChunk = p[0];
    mem_free(p);
  }
  a->nUsed = a->nChunk = 0;
}

/* ======================================================================
** Space inside a page
** ====================================================================== */

/* Validates the freeblock chain and sums its sizes. */
static int page_freeblocks(Btree *bt, const MemPage *p, u32 *pnSum) {
  const u8 *a = p->aData;
  u32 U = bt->usableSize, top = btree_page_content(p), prevEnd = 0, sum = 0;
  u32 pc = get2(a + p->hdr + PH_FREEBLOCK);
  for (u32 n = 0; pc != 0; n++) {
    if (n > U / 4 || pc < top || pc < prevEnd || pc > U - 4) return ERR_CORRUPT();
    u32 sz = get2(a + pc + 2);
    if (sz < 4 || pc + sz > U) return ERR_CORRUPT();
    sum += sz;
    prevEnd = pc + sz;
    pc = get2(a + pc);
  }
  *pnSum = sum;
  return SQLITE_OK;
}

int btree_page_free_space(Btree *bt, const MemPage *p, u32 *pnFree) {
  u32 n = btree_page_ncell(p), top = btree_page_content(p), sum = 0;
  *pnFree = 0;
  if (p->cellOffset + 2 * n > top || top > bt->usableSize) return ERR_CORRUPT();
  int rc = page_freeblocks(bt, p, &sum);
  if (rc != SQLITE_OK) return rc;
  u32 nFree = top - (p->cellOffset + 2 * n) + sum + p->aData[p->hdr + PH_FRAG];
  if (nFree > bt->usableSize) return ERR_CORRUPT();
  *pnFree = nFree;
  return SQLITE_OK;
}

int btree_page_underfull(Btree *bt, const MemPage *p) {
  u32 nFree;
  if (btree_page_ncell(p) == 0) return 1;
  if (btree_page_free_space(bt, p, &nFree) != SQLITE_OK) return 1;
  return nFree * 3 > (bt->usableSize - p->cellOffset) * 2;
}

/* Size of the cell at pCell (before pEnd): the common case of a payload
** held whole in the cell is sized from its varints alone; anything else
** goes through btree_cell_parse.  0 means corrupt. */
static u32 cell_size(Btree *bt, u8 type, u8 *pCell, const u8 *pEnd) {
  u8 *q = pCell + ((type & PT_LEAF_BIT) ? 0 : 4);
  u64 v, nPay = 0;
  int n = bt_varint(q, pEnd, &v);
  if (n == 0) return 0;
  q += n;
  if (type == PT_TABLE_INTERIOR) {
    return (u32)CORE_MAX(q - pCell, BT_MIN_CELL);
  }
  nPay = v;
  if (type == PT_TABLE_LEAF) {
    n = bt_varint(q, pEnd, &v);
    if (n == 0) return 0;
    q += n;
  }
  if (nPay <= (type == PT_TABLE_LEAF ? bt->maxLeaf : bt->maxLocal) &&
      nPay <= (u64)(pEnd - q)) {
    return (u32)CORE_MAX((u64)(q - pCell) + nPay, BT_MIN_CELL);
  }
  CellInfo ci;
  return btree_cell_parse(bt, type, pCell, pEnd, &ci) == SQLITE_OK ? ci.nSize : 0;
}

int btree_page_defragment(Btree *bt, MemPage *p) {
  u8 *a = p->aData, *t = bt->pTmp;
  u32 U = bt->usableSize, n = btree_page_ncell(p);
  u32 lo = p->cellOffset + 2 * n, top = U;
  ASSERT(pager_is_writable(p->pPg));
  if (lo > U || a[p->hdr] != p->type) return ERR_CORRUPT();
  memcpy(t, a, U);
  for (u32 i = 0; i < n; i++) {
    u32 ofs = get2(t + p->cellOffset + 2 * i);
    if (ofs < lo || ofs > U - BT_MIN_CELL) return ERR_CORRUPT();
    u32 sz = cell_size(bt, p->type, t + ofs, t + U);
    if (sz == 0 || sz > U - ofs || sz > top - lo) return ERR_CORRUPT();
    top -= sz;
    memcpy(a + top, t + ofs, sz);
    put2(a + p->cellOffset + 2 * i, top);
  }
  memset(a + lo, 0, top - lo);
  put2(a + p->hdr + PH_FREEBLOCK, 0);
  a[p->hdr + PH_FRAG] = 0;
  put2(a + p->hdr + PH_CONTENT, top);
  return SQLITE_OK;
}

#define FOLD_MAX 8   /* freeblocks page_fold_freeblocks handles; more: full defragment */

/* Cheap defragmentation: slides the cells below each freeblock up over
** it, so every freeblock joins the gap, without parsing a cell (a cell's
** bytes move but stay whole; fragments stay where they are, counted as
** before).  Returns BT_NOFIT when the chain has more than FOLD_MAX blocks;
** the caller then rebuilds the page. */
static int page_fold_freeblocks(Btree *bt, MemPage *p) {
  u8 *a = p->aData;
  u32 U = bt->usableSize, n = btree_page_ncell(p), top = btree_page_content(p);
  u32 aPc[FOLD_MAX], aSz[FOLD_MAX], k = 0, prevEnd = top;
  for (u32 pc = get2(a + p->hdr + PH_FREEBLOCK); pc != 0; pc = get2(a + pc)) {
    if (k == FOLD_MAX) return BT_NOFIT;
    if (pc < prevEnd || pc > U - 4) return ERR_CORRUPT();
    aPc[k] = pc;
    aSz[k] = get2(a + pc + 2);
    if (aSz[k] < 4 || pc + aSz[k] > U) return ERR_CORRUPT();
    prevEnd = pc + aSz[k++];
  }
  u8 *ptr = a + p->cellOffset;
  for (u32 i = 0; i < n; i++) {   /* a cell below block j moves up by its size */
    u32 ofs = get2(ptr + 2 * i), shift = 0;
    if (ofs < top || ofs > U - BT_MIN_CELL) return ERR_CORRUPT();
    for (u32 j = 0; j < k; j++) shift += ofs < aPc[j] ? aSz[j] : 0;
    put2(ptr + 2 * i, ofs + shift);
  }
  u32 newTop = top;
  for (u32 j = 0; j < k; j++) {   /* lowest block first: what lies below it moves up */
    memmove(a + newTop + aSz[j], a + newTop, aPc[j] - newTop);
    newTop += aSz[j];
  }
  memset(a + top, 0, newTop - top);   /* secure delete: invariant 5 */
  put2(a + p->hdr + PH_FREEBLOCK, 0);
  put2(a + p->hdr + PH_CONTENT, newTop);
  return SQLITE_OK;
}

/* Makes the gap at least need bytes: folds the freeblocks into it when
** that is enough, else rebuilds the page (which also reclaims fragments). */
static int page_make_gap(Btree *bt, MemPage *p, u32 gap, u32 need) {
  u32 sum = 0;
  int rc = page_freeblocks(bt, p, &sum);
  if (rc != SQLITE_OK) return rc;
  if (gap + sum >= need) {
    rc = page_fold_freeblocks(bt, p);
    if (rc != BT_NOFIT) return rc;
  }
  return btree_page_defragment(bt, p);
}

/* Carves sz bytes for a new cell (whose pointer needs 2 more bytes of
** gap) out of a freeblock, the gap, or the defragmented page. */
static int page_alloc_space(Btree *bt, MemPage *p, u32 sz, u32 *pOfs) {
  u8 *a = p->aData;
  u32 hdr = p->hdr, n = btree_page_ncell(p), top = btree_page_content(p);
  u32 gap = top - (p->cellOffset + 2 * n);
  u32 prev = hdr + PH_FREEBLOCK, pc = get2(a + prev);
  for (u32 k = 0; gap >= 2 && pc != 0 && k <= bt->usableSize / 4; k++) {
    u32 fsz = get2(a + pc + 2);
    if (fsz >= sz) {
      u32 rem = fsz - sz;
      if (rem >= 4) {
        put2(a + pc + 2, rem);
        *pOfs = pc + rem;
        return SQLITE_OK;
      }
      if (a[hdr + PH_FRAG] + rem > BT_MAX_FRAG) break;
      put2(a + prev, get2(a + pc));
      a[hdr + PH_FRAG] = (u8)(a[hdr + PH_FRAG] + rem);
      memset(a + pc, 0, fsz);
      *pOfs = pc;
      return SQLITE_OK;
    }
    prev = pc;
    pc = get2(a + pc);
  }
  if (gap < sz + 2) {
    int rc = page_make_gap(bt, p, gap, sz + 2);
    if (rc != SQLITE_OK) return rc;
    top = btree_page_content(p);
    if (top - (p->cellOffset + 2 * n) < sz + 2) return ERR_CORRUPT();
  }
  top -= sz;
  put2(a + hdr + PH_CONTENT, top);
  *pOfs = top;
  return SQLITE_OK;
}

int btree_insert_or_pend(Btree *bt, BtArena *a, MemPage *p, CellList **pSlot, u32 iCell,
                         const u8 *pCell, u32 nCell) {
  ASSERT(*pSlot == NULL);
  int rc = btree_page_insert_cell(bt, p, iCell, pCell, nCell);
  if (rc != BT_NOFIT) return rc;
  CellList *pList = bt_arena_alloc(a, sizeof *pList);
  if (pList == NULL) return SQLITE_NOMEM;
  rc = btree_list_from_page(bt, a, p, pList);
  if (rc == SQLITE_OK) rc = btree_list_insert(a, pList, (int)iCell, pCell, nCell);
  if (rc == SQLITE_OK) *pSlot = pList;
  return rc;
}

int btree_page_insert_cell(Btree *bt, MemPage *p, u32 iCell, const u8 *pCell, u32 nSize) {
  u8 *a = p->aData;
  u32 n = btree_page_ncell(p), nFree = 0, ofs = 0;
  ASSERT(pager_is_writable(p->pPg));
  ASSERT(nSize >= BT_MIN_CELL && nSize <= bt->usableSize);
  if (iCell > n) return ERR_CORRUPT();
  int rc = btree_page_free_space(bt, p, &nFree);
  if (rc != SQLITE_OK) return rc;
  if (nFree < nSize + 2) return BT_NOFIT;
  rc = page_alloc_space(bt, p, nSize, &ofs);
  if (rc != SQLITE_OK) return rc;
  memcpy(a + ofs, pCell, nSize);
  u8 *ptr = a + p->cellOffset;
  memmove(ptr + 2 * (iCell + 1), ptr + 2 * iCell, 2 * (n - iCell));
  put2(ptr + 2 * iCell, ofs);
  put2(a + p->hdr + PH_NCELL, n + 1);
  return SQLITE_OK;
}

/* Links the zeroed region [ofs, ofs+sz) into the freeblock chain,
** merging with neighbours (and the fragments between), and returns a
** block that starts the content area to the gap. */
static int page_free_region(Btree *bt, MemPage *p, u32 ofs, u32 sz) {
  u8 *a = p->aData;
  u32 hdr = p->hdr, top = btree_page_content(p), frag = a[hdr + PH_FRAG];
  u32 prevLoc = hdr + PH_FREEBLOCK, prev = 0, pc = get2(a + prevLoc), k = 0;
  if (ofs < top || ofs + sz > bt->usableSize) return ERR_CORRUPT();
  memset(a + ofs, 0, sz);   /* invariant 5 */
  for (; pc != 0 && pc < ofs; k++) {
    if (k > bt->usableSize / 4 || pc > bt->usableSize - 4) return ERR_CORRUPT();
    prev = pc;
    prevLoc = pc;
    pc = get2(a + pc);
  }
  u32 start = ofs, end = ofs + sz, next = pc;
  if (pc != 0 && (pc < end || pc > bt->usableSize - 4)) return ERR_CORRUPT();
  if (pc != 0 && pc - end <= 3) {   /* merge with the following block */
    if (pc - end > frag) return ERR_CORRUPT();
    frag -= pc - end;
    end = pc + get2(a + pc + 2);
    next = get2(a + pc);
    if (end > bt->usableSize) return ERR_CORRUPT();
    memset(a + pc, 0, 4);
  }
  if (prev != 0) {
    u32 pend = prev + get2(a + prev + 2);
    if (pend > start) return ERR_CORRUPT();
    if (start - pend <= 3) {   /* merge with the preceding block */
      if (start - pend > frag) return ERR_CORRUPT();
      frag -= start - pend;
      start = prev;
    }
  }
  if (start != prev) put2(a + prevLoc, start);
  put2(a + start, next);
  put2(a + start + 2, end - start);
  a[hdr + PH_FRAG] = (u8)frag;
  u32 first = get2(a + hdr + PH_FREEBLOCK);
  if (first == top) {   /* the block now starts the content area: into the gap */
    put2(a + hdr + PH_FREEBLOCK, get2(a + first));
    put2(a + hdr + PH_CONTENT, first + get2(a + first + 2));
    memset(a + first, 0, 4);
  }
  return SQLITE_OK;
}

int btree_page_drop_cell(Btree *bt, MemPage *p, u32 iCell, u32 nSize) {
  u8 *a = p->aData, *pCell;
  u32 n = btree_page_ncell(p);
  ASSERT(pager_is_writable(p->pPg));
  int rc = btree_cell_ptr(bt, p, iCell, &pCell);
  if (rc != SQLITE_OK) return rc;
  if (n == 1) {   /* last cell: reset the page, keeping its right child */
    u32 iRight = p->leaf ? 0 : btree_page_right(p);
    btree_page_set_type(bt, p, p->type);
    if (!p->leaf) put4(a + p->hdr + PH_RIGHT, iRight);
    return SQLITE_OK;
  }
  rc = page_free_region(bt, p, (u32)(pCell - a), nSize);
  if (rc != SQLITE_OK) return rc;
  u8 *ptr = a + p->cellOffset;
  memmove(ptr + 2 * iCell, ptr + 2 * (iCell + 1), 2 * (n - iCell - 1));
  put2(ptr + 2 * (n - 1), 0);
  put2(a + p->hdr + PH_NCELL, n - 1);
  return SQLITE_OK;
}

/* ======================================================================
** Cell lists
** ====================================================================== */

static int list_reserve(BtArena *a, CellList *L, int n) {
  if (n <= L->nAlloc) return SQLITE_OK;
  int nNew = n + 16 + n / 2;
  u8 **ap = bt_arena_alloc(a, sizeof(u8 *) * (u64)nNew);
  u32 *as = bt_arena_alloc(a, sizeof(u32) * (u64)nNew);
  if (ap == NULL || as == NULL) return SQLITE_NOMEM;
  if (L->n > 0) {
    memcpy(ap, L->apCell, sizeof(u8 *) * (size_t)L->n);
    memcpy(as, L->aSize, sizeof(u32) * (size_t)L->n);
  }
  L->apCell = ap;
  L->aSize = as;
  L->nAlloc = nNew;
  return SQLITE_OK;
}

int btree_list_from_page(Btree *bt, BtArena *a, const MemPage *p, CellList *L) {
  u32 n = btree_page_ncell(p), U = bt->usableSize;
  memset(L, 0, sizeof *L);
  L->type = p->type;
  if (!p->leaf) L->iRight = btree_page_right(p);
  u8 *copy = bt_arena_alloc(a, U);
  if (copy == NULL || list_reserve(a, L, (int)n) != SQLITE_OK) return SQLITE_NOMEM;
  /* The checks btree_cell_ptr makes per cell, made once (invariant 4). */
  u32 top = btree_page_content(p);
  if (p->aData[p->hdr] != p->type || p->cellOffset + 2 * n > top || top > U) {
    return ERR_CORRUPT();
  }
  memcpy(copy + top, p->aData + top, U - top);   /* every cell lies in [top, U) */
  for (u32 i = 0; i < n; i++) {
    u32 ofs = get2(p->aData + p->cellOffset + 2 * i);
    if (ofs < top || ofs > U - BT_MIN_CELL) return ERR_CORRUPT();
    u32 sz = cell_size(bt, p->type, copy + ofs, copy + U);
    if (sz == 0 || sz > U - ofs) return ERR_CORRUPT();
    L->apCell[i] = copy + ofs;
    L->aSize[i] = sz;
  }
  L->n = (int)n;
  return SQLITE_OK;
}

int btree_list_insert(BtArena *a, CellList *L, int i, const u8 *pCell, u32 nSize) {
  ASSERT(i >= 0 && i <= L->n);
  int rc = list_reserve(a, L, L->n + 1);
  if (rc != SQLITE_OK) return rc;
  u8 *copy = bt_arena_alloc(a, nSize);   /* invariant: lists own copies */
  if (copy == NULL) return SQLITE_NOMEM;
  memcpy(copy, pCell, nSize);
  memmove(L->apCell + i + 1, L->apCell + i, sizeof(u8 *) * (size_t)(L->n - i));
  memmove(L->aSize + i + 1, L->aSize + i, sizeof(u32) * (size_t)(L->n - i));
  L->apCell[i] = copy;
  L->aSize[i] = nSize;
  L->n++;
  return SQLITE_OK;
}

void btree_list_remove(CellList *L, int i) {
  ASSERT(i >= 0 && i < L->n);
  memmove(L->apCell + i, L->apCell + i + 1, sizeof(u8 *) * (size_t)(L->n - i - 1));
  memmove(L->aSize + i, L->aSize + i + 1, sizeof(u32) * (size_t)(L->n - i - 1));
  L->n--;
}

/* Bytes a list needs on a page whose header starts at hdr. */
static u64 list_bytes(const CellList *L, u32 hdr) {
  u64 n = hdr + ((L->type & PT_LEAF_BIT) ? 8 : 12);
  for (int i = 0; i < L->n; i++) n += (u64)L->aSize[i] + 2;
  return n;
}

int btree_list_fits(Btree *bt, const MemPage *p, const CellList *L) {
  return list_bytes(L, p->hdr) <= bt->usableSize;
}

int btree_page_from_list(Btree *bt, MemPage *p, const CellList *L) {
  ASSERT(pager_is_writable(p->pPg));
  if (!btree_list_fits(bt, p, L)) return ERR_CORRUPT();
  btree_page_set_header(bt, p, L->type);
  u8 *a = p->aData;
  u32 top = bt->usableSize;
  for (int i = 0; i < L->n; i++) {
    top -= L->aSize[i];
    memcpy(a + top, L->apCell[i], L->aSize[i]);
    put2(a + p->cellOffset + 2 * i, top);
  }
  u32 lo = p->cellOffset + 2 * (u32)L->n;
  ASSERT(lo <= top);   /* btree_list_fits */
  memset(a + lo, 0, top - lo);   /* the cells cover [top, U): invariant 1 */
  put2(a + p->hdr + PH_NCELL, (u32)L->n);
  put2(a + p->hdr + PH_CONTENT, top);
  if (!p->leaf) put4(a + p->hdr + PH_RIGHT, L->iRight);
  return SQLITE_OK;
}

/* Child i of a parent described by a list. */
static u32 list_child(const CellList *L, int i) {
  return i < L->n ? get4(L->apCell[i]) : L->iRight;
}

/* ======================================================================
** Redistribution of siblings
** ====================================================================== */

/* State of one redistribution. */
typedef struct Balance {
  Btree *bt;
  BtArena *a;
  u8 type;                   /* page type of the siblings */
  int i0;                    /* parent index of the first sibling */
  int nOld;                  /* siblings taken */
  int nNew;                  /* pages produced */
  u32 aPgno[NB_NEW];         /* page numbers: old ones, then new ones */
  MemPage aPage[NB_NEW];     /* writable pages (referenced) */
  CellList *apOld[NB_OLD];   /* old content of each sibling */
  CellList g;                /* all cells, dividers included */
  u32 aEnd[NB_NEW];          /* end (exclusive) of page k's run in g */
} Balance;

/* Gets and checks sibling j (the balanced child uses pChild's content). */
static int balance_load_one(BtCursor *c, Balance *b, int nAnc, int j, CellList *pChild) {
  u32 pgno = b->aPgno[j];
  if (pgno < 2) return ERR_CORRUPT();
  for (int i = 0; i < nAnc; i++) {
    if (c->aPage[i].pgno == pgno) return ERR_CORRUPT();
  }
  for (int i = 0; i < j; i++) {
    if (b->aPgno[i] == pgno) return ERR_CORRUPT();
  }
  MemPage *m = &b->aPage[j];
  int rc;
  if (pChild != NULL) {
    if (pgno > pager_page_count(b->bt->pPager)) return ERR_CORRUPT();
    rc = pager_get(b->bt->pPager, pgno, 0, &m->pPg);
    if (rc != SQLITE_OK) return rc;
    m->aData = m->pPg->aData;
    m->pgno = pgno;
    b->apOld[j] = pChild;
  } else {
    rc = btree_page_get(b->bt, pgno, m);
    if (rc != SQLITE_OK) return rc;
    if (m->type != b->type) return ERR_CORRUPT();
    b->apOld[j] = bt_arena_alloc(b->a, sizeof(CellList));
    if (b->apOld[j] == NULL) return SQLITE_NOMEM;
    rc = btree_list_from_page(b->bt, b->a, m, b->apOld[j]);
  }
  if (rc == SQLITE_OK) rc = pager_write(m->pPg);
  return rc;
}

/* Appends to g the parent's divider between siblings j and j+1. */
static int balance_gather_divider(Balance *b, const CellList *pPL, int j) {
  const u8 *pDiv = pPL->apCell[b->i0 + j];
  u32 nDiv = pPL->aSize[b->i0 + j];
  if (b->type == PT_INDEX_LEAF) {   /* drop the child pointer */
    CellInfo ci;
    u8 buf[BT_MIN_CELL] = {0};
    int rc = btree_cell_parse(b->bt, PT_INDEX_INTERIOR, (u8 *)pDiv, pDiv + nDiv, &ci);
    if (rc != SQLITE_OK) return rc;
    if (nDiv - 4 < BT_MIN_CELL) {
      memcpy(buf, pDiv + 4, nDiv - 4);
      return btree_list_insert(b->a, &b->g, b->g.n, buf, BT_MIN_CELL);
    }
    return btree_list_insert(b->a, &b->g, b->g.n, pDiv + 4, ci.nSize - 4);
  }
  int rc = btree_list_insert(b->a, &b->g, b->g.n, pDiv, nDiv);
  if (rc == SQLITE_OK) put4(b->g.apCell[b->g.n - 1], b->apOld[j]->iRight);
  return rc;
}

/* Builds g: every sibling's cells, with the dividers between them for all
** but table leaves. */
static int balance_gather(Balance *b, const CellList *pPL) {
  int nTotal = 0;
  for (int j = 0; j < b->nOld; j++) nTotal += b->apOld[j]->n + 1;
  memset(&b->g, 0, sizeof b->g);
  b->g.type = b->type;
  int rc = list_reserve(b->a, &b->g, nTotal);
  for (int j = 0; j < b->nOld && rc == SQLITE_OK; j++) {
    const CellList *L = b->apOld[j];
    if (L->n > 0) {
      memcpy(b->g.apCell + b->g.n, L->apCell, sizeof(u8 *) * (size_t)L->n);
      memcpy(b->g.aSize + b->g.n, L->aSize, sizeof(u32) * (size_t)L->n);
      b->g.n += L->n;
    }
    if (j < b->nOld - 1 && b->type != PT_TABLE_LEAF) rc = balance_gather_divider(b, pPL, j);
  }
  b->g.iRight = b->apOld[b->nOld - 1]->iRight;
  return rc;
}

/* Start of page k's run in g. */
static u32 run_begin(const Balance *b, int k) {
  return k == 0 ? 0 : b->aEnd[k - 1] + (b->type != PT_TABLE_LEAF);
}

static u64 run_bytes(const Balance *b, int k) {
  u64 n = 0;
  for (u32 i = run_begin(b, k); i < b->aEnd[k]; i++) n += (u64)b->g.aSize[i] + 2;
  return n;
}

/* Shifts cells from page j-1 to page j while that evens them out. */
static void balance_even(Balance *b, int j, u64 cap) {
  int bDiv = b->type != PT_TABLE_LEAF;
  u64 szL = run_bytes(b, j - 1), szR = run_bytes(b, j);
  const u32 *aSz = b->g.aSize;
  for (;;) {   /* bounded: page j-1 shrinks every pass */
    u32 bL = run_begin(b, j - 1), eL = b->aEnd[j - 1];
    u32 nR = b->aEnd[j] - run_begin(b, j);
    if (eL - bL < 2) break;
    u64 in = (u64)(bDiv ? aSz[eL] : aSz[eL - 1]) + 2, out = (u64)aSz[eL - 1] + 2;
    if (szR + in > cap) break;
    if (nR > 0 && szR + in > szL - out) break;
    szL -= out;
    szR += in;
    b->aEnd[j - 1]--;
  }
}

/* Splits g into runs that each fit a page, then evens neighbours out. */
static int balance_distribute(Balance *b) {
  int bDiv = b->type != PT_TABLE_LEAF;
  u64 cap = b->bt->usableSize - ((b->type & PT_LEAF_BIT) ? 8 : 12);
  u32 i = 0, n = (u32)b->g.n;
  int k = 0;
  if (n == 0) b->aEnd[k++] = 0;
  while (i < n) {   /* bounded: i grows every pass */
    u64 used = 0;
    u32 s = i;
    while (i < n && used + b->g.aSize[i] + 2 <= cap) used += b->g.aSize[i++] + 2;
    if (i == s || k >= NB_NEW) return ERR_CORRUPT();
    b->aEnd[k++] = i;
    if (bDiv && i < n && ++i == n) {   /* a divider ended g: empty page after it */
      if (k >= NB_NEW) return ERR_CORRUPT();
      b->aEnd[k++] = n;
    }
  }
  b->nNew = k;
  for (int j = k - 1; j > 0; j--) balance_even(b, j, cap);
  for (int j = 0; j < k && n > 0; j++) {
    if (b->aEnd[j] <= run_begin(b, j)) return ERR_CORRUPT();   /* invariant 2 */
  }
  return SQLITE_OK;
}

/* The parent's divider cell for new page k (k < nNew-1), into buf. */
static int balance_divider(Balance *b, int k, u8 *buf, u32 *pn) {
  u32 e = b->aEnd[k];
  CellInfo ci;
  put4(buf, b->aPgno[k]);
  if (b->type == PT_TABLE_LEAF) {
    u8 *pc = b->g.apCell[e - 1];
    int rc = btree_cell_parse(b->bt, PT_TABLE_LEAF, pc, pc + b->g.aSize[e - 1], &ci);
    if (rc != SQLITE_OK) return rc;
    *pn = 4 + (u32)varint_put(buf + 4, (u64)ci.nKey);
    if (*pn < BT_MIN_CELL) *pn = BT_MIN_CELL;
    return SQLITE_OK;
  }
  u8 *pc = b->g.apCell[e];
  u32 sz = b->g.aSize[e];
  if (b->type == PT_INDEX_LEAF) {
    int rc = btree_cell_parse(b->bt, PT_INDEX_LEAF, pc, pc + sz, &ci);
    if (rc != SQLITE_OK) return rc;
    u32 nRaw = (u32)(ci.pPayload - pc) + ci.nLocal + (ci.nLocal < ci.nPayload ? 4 : 0);
    memcpy(buf + 4, pc, nRaw);
    *pn = nRaw + 4;
    return SQLITE_OK;
  }
  memcpy(buf + 4, pc + 4, sz - 4);
  *pn = sz;
  return SQLITE_OK;
}

/* Writes page k from its run of g. */
static int balance_write_page(Balance *b, int k) {
  CellList v;
  u32 s = run_begin(b, k);
  memset(&v, 0, sizeof v);
  v.type = b->type;
  v.n = (int)(b->aEnd[k] - s);
  v.apCell = b->g.apCell + s;
  v.aSize = b->g.aSize + s;
  if (!(b->type & PT_LEAF_BIT)) {
    v.iRight = k < b->nNew - 1 ? get4(b->g.apCell[b->aEnd[k]]) : b->g.iRight;
  }
  MemPage *m = &b->aPage[k];
  ASSERT(v.n >= 0 && m->pgno >= 2 && pager_is_writable(m->pPg));
  m->hdr = 0;
  return btree_page_from_list(b->bt, m, &v);
}

/* Allocates the extra pages, writes all new pages, updates the parent
** list, and frees the siblings no longer needed. */
static int balance_commit(Balance *b, CellList *pPL) {
  int rc = SQLITE_OK;
  ASSERT(b->nNew >= 1 && b->nNew <= NB_NEW && b->nOld >= 1 && b->nOld <= NB_OLD);
  ASSERT(b->aEnd[b->nNew - 1] == (u32)b->g.n);   /* every cell placed */
  for (int k = b->nOld; k < b->nNew && rc == SQLITE_OK; k++) {
    PgPage *pg;
    rc = btree_alloc_page(b->bt, &b->aPgno[k], &pg);
    if (rc == SQLITE_OK) {
      b->aPage[k].pPg = pg;
      b->aPage[k].aData = pg->aData;
      b->aPage[k].pgno = b->aPgno[k];
    }
  }
  for (int k = 0; k < b->nNew && rc == SQLITE_OK; k++) rc = balance_write_page(b, k);
  u8 *buf = bt_arena_alloc(b->a, b->bt->usableSize);
  if (buf == NULL && rc == SQLITE_OK) rc = SQLITE_NOMEM;
  for (int k = 0; k < b->nNew - 1 && rc == SQLITE_OK; k++) {
    u32 n;
    rc = balance_divider(b, k, buf, &n);
    if (rc == SQLITE_OK) rc = btree_list_insert(b->a, pPL, b->i0 + k, buf, n);
  }
  if (rc != SQLITE_OK) return rc;
  int iLast = b->i0 + b->nNew - 1;
  if (iLast < pPL->n) put4(pPL->apCell[iLast], b->aPgno[b->nNew - 1]);
  else pPL->iRight = b->aPgno[b->nNew - 1];
  for (int k = b->nNew; k < b->nOld && rc == SQLITE_OK; k++) {
    btree_page_release(&b->aPage[k]);
    rc = btree_free_page(b->bt, b->aPgno[k]);
  }
  return rc;
}

/* Redistributes child iChild of the parent (content pPL, modified in
** place) with up to two neighbours.  pChild: that child's pending content
** or NULL.  c->aPage[0..nAnc-1] are its ancestors (the parent included). */
static int balance_nonroot(BtCursor *c, BtArena *a, int nAnc, CellList *pPL, int iChild,
                           CellList *pChild, u8 type) {
  Balance *b = bt_arena_alloc(a, sizeof *b);
  if (b == NULL) return SQLITE_NOMEM;
  memset(b, 0, sizeof *b);
  b->bt = c->pBt;
  b->a = a;
  b->type = type;
  int nChild = pPL->n + 1;
  if (iChild < 0 || iChild >= nChild) return ERR_CORRUPT();
  b->nOld = nChild < NB_OLD ? nChild : NB_OLD;
  b->i0 = iChild - 1;
  if (b->i0 > nChild - b->nOld) b->i0 = nChild - b->nOld;
  if (b->i0 < 0) b->i0 = 0;
  int rc = SQLITE_OK;
  for (int j = 0; j < b->nOld && rc == SQLITE_OK; j++) {
    b->aPgno[j] = list_child(pPL, b->i0 + j);
    rc = balance_load_one(c, b, nAnc, j, b->i0 + j == iChild ? pChild : NULL);
  }
  if (rc == SQLITE_OK) rc = balance_gather(b, pPL);
  if (rc == SQLITE_OK) {
    for (int j = 0; j < b->nOld - 1; j++) btree_list_remove(pPL, b->i0);
    rc = balance_distribute(b);
  }
  if (rc == SQLITE_OK) rc = balance_commit(b, pPL);
  for (int k = 0; k < NB_NEW; k++) btree_page_release(&b->aPage[k]);
  return rc;
}

/* ======================================================================
** Quick balance: the append case
** ====================================================================== */

/* Rowids grow at the right edge of a table: when a new cell does not fit
** after the last cell of a leaf that is its parent's right child, the
** leaf stays as it is (full) and the cell goes alone to a new leaf that
** becomes the parent's right child; the parent gets a divider for the old
** leaf holding its largest rowid.  This is a valid split (every key of the
** old leaf <= divider < new key); copying one cell instead of rebuilding
** three siblings makes sequential inserts cheap and leaves full pages.
** The cursor moves to the new cell.  The parent may become pending. */
int btree_balance_quick(BtCursor *c, BtArena *a, CellList **apList, const u8 *pCell,
                        u32 nCell) {
  Btree *bt = c->pBt;
  int d = c->iPage;
  MemPage *pLeaf = &c->aPage[d], *pParent = &c->aPage[d - 1];
  ASSERT(d > 0 && pLeaf->type == PT_TABLE_LEAF && apList[d] == NULL && apList[d - 1] == NULL);
  ASSERT(nCell >= BT_MIN_CELL && nCell + 2 + 8 <= bt->usableSize);
  u32 n = btree_page_ncell(pLeaf), iDiv = btree_page_ncell(pParent), pgno;
  CellInfo ci;
  u8 div[4 + 9];
  PgPage *pg;
  if (n == 0 || pParent->leaf) return ERR_CORRUPT();
  int rc = btree_cell_get(bt, pLeaf, n - 1, &ci);
  if (rc == SQLITE_OK) rc = btree_page_write(pParent);
  if (rc == SQLITE_OK) rc = btree_alloc_page(bt, &pgno, &pg);
  if (rc != SQLITE_OK) return rc;
  put4(div, pLeaf->pgno);
  u32 nDiv = 4 + (u32)varint_put(div + 4, (u64)ci.nKey);   /* >= 5 >= BT_MIN_CELL */
  MemPage m = {.pPg = pg, .aData = pg->aData, .pgno = pgno, .hdr = 0};
  btree_page_set_type(bt, &m, PT_TABLE_LEAF);   /* zeroed: invariant 1 */
  u32 top = bt->usableSize - nCell;
  memcpy(m.aData + top, pCell, nCell);
  put2(m.aData + m.cellOffset, top);
  put2(m.aData + PH_NCELL, 1);
  put2(m.aData + PH_CONTENT, top);
  put4(pParent->aData + pParent->hdr + PH_RIGHT, pgno);
  rc = btree_insert_or_pend(bt, a, pParent, &apList[d - 1], iDiv, div, nDiv);
  if (rc != SQLITE_OK) {
    pager_unref(pg);
    return rc;
  }
  btree_page_release(pLeaf);
  *pLeaf = m;   /* the cursor takes the new page's reference */
  c->aIdx[d] = 0;
  c->aIdx[d - 1] = (u16)(iDiv + 1);
  return SQLITE_OK;
}

/* ======================================================================
** Driving the balance up the cursor path
** ====================================================================== */

/* Writes a parent's list back, or leaves it pending when too big. */
static int balance_store(Btree *bt, BtArena *a, MemPage *p, CellList *L, CellList **pSlot) {
  if (btree_list_fits(bt, p, L)) {
    *pSlot = NULL;
    return btree_page_from_list(bt, p, L);
  }
  UNUSED(a);
  *pSlot = L;
  return SQLITE_OK;
}

/* Balances the page at cursor level d (> 0) with its neighbours. */
static int balance_level(BtCursor *c, BtArena *a, CellList **apList, int d) {
  Btree *bt = c->pBt;
  MemPage *pParent = &c->aPage[d - 1];
  CellList *pPL = apList[d - 1];
  int rc = btree_page_write(pParent);
  if (rc == SQLITE_OK && pPL == NULL) {
    pPL = bt_arena_alloc(a, sizeof *pPL);
    if (pPL == NULL) return SQLITE_NOMEM;
    rc = btree_list_from_page(bt, a, pParent, pPL);
  }
  if (rc != SQLITE_OK) return rc;
  u8 type = apList[d] ? apList[d]->type : c->aPage[d].type;
  rc = balance_nonroot(c, a, d, pPL, c->aIdx[d - 1], apList[d], type);
  apList[d] = NULL;
  if (rc != SQLITE_OK) return rc;
  return balance_store(bt, a, pParent, pPL, &apList[d - 1]);
}

/* The root's content does not fit: it moves into a new child, the root
** becomes an interior page above it, and the child is split. */
static int balance_root_split(BtCursor *c, BtArena *a, CellList **apList) {
  Btree *bt = c->pBt;
  MemPage *r = &c->aPage[0];
  CellList *L = apList[0];
  u32 iChild;
  PgPage *pg;
  apList[0] = NULL;
  int rc = btree_alloc_page(bt, &iChild, &pg);
  if (rc != SQLITE_OK) return rc;
  pager_unref(pg);
  CellList *pPL = bt_arena_alloc(a, sizeof *pPL);
  if (pPL == NULL) return SQLITE_NOMEM;
  memset(pPL, 0, sizeof *pPL);
  pPL->type = (u8)(L->type & ~PT_LEAF_BIT);
  pPL->iRight = iChild;
  rc = btree_page_write(r);
  if (rc != SQLITE_OK) return rc;
  btree_page_set_type(bt, r, pPL->type);
  put4(r->aData + r->hdr + PH_RIGHT, iChild);
  rc = balance_nonroot(c, a, 1, pPL, 0, L, L->type);
  if (rc != SQLITE_OK) return rc;
  return balance_store(bt, a, r, pPL, &apList[0]);
}

/* A root with no cells and one child takes the child's content when it
** fits (depth shrinks by one). */
static int balance_shallower(BtCursor *c, BtArena *a) {
  Btree *bt = c->pBt;
  MemPage *r = &c->aPage[0];
  for (int k = 0; k < BT_MAX_DEPTH && !r->leaf && btree_page_ncell(r) == 0; k++) {
    u32 iChild = btree_page_right(r);
    MemPage m;
    CellList L;
    if (iChild < 2 || iChild == r->pgno) return ERR_CORRUPT();
    int rc = btree_page_get(bt, iChild, &m);
    if (rc != SQLITE_OK) return rc;
    if (m.intKey != r->intKey) rc = ERR_CORRUPT();
    if (rc == SQLITE_OK) rc = btree_list_from_page(bt, a, &m, &L);
    btree_page_release(&m);
    if (rc != SQLITE_OK) return rc;
    if (!btree_list_fits(bt, r, &L)) break;
    rc = btree_page_write(r);
    if (rc == SQLITE_OK) rc = btree_page_from_list(bt, r, &L);
    if (rc == SQLITE_OK) rc = btree_free_page(bt, iChild);
    if (rc != SQLITE_OK) return rc;
  }
  return SQLITE_OK;
}

int btree_balance(BtCursor *c, BtArena *a, CellList **apList, int bMayShrink, int *pbChanged) {
  Btree *bt = c->pBt;
  int rc = SQLITE_OK, bBelow = 0;
  *pbChanged = 0;
  ASSERT(c->iPage >= 0);
  for (int d = c->iPage; d > 0 && rc == SQLITE_OK; d--) {
    /* Only a page that lost cells, or whose children were redistributed
    ** (which may merge them), can have become underfull. */
    int bCheck = bMayShrink || bBelow;
    bBelow = 0;
    if (apList[d] == NULL && (!bCheck || !btree_page_underfull(bt, &c->aPage[d]))) continue;
    *pbChanged = 1;
    bBelow = 1;
    rc = balance_level(c, a, apList, d);
  }
  for (int k = 0; rc == SQLITE_OK && apList[0] != NULL; k++) {
    if (k >= BT_MAX_DEPTH) return ERR_CORRUPT();
    *pbChanged = 1;
    rc = balance_root_split(c, a, apList);
  }
  MemPage *r = &c->aPage[0];
  if (rc == SQLITE_OK && !r->leaf && btree_page_ncell(r) == 0) {
    *pbChanged = 1;
    rc = balance_shallower(c, a);
  }
  return rc;
}
