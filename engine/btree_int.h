/*
** btree_int.h: private structures shared by btree.c, btree_balance.c and
** btree_check.c.  Included by no other file.
**
** On-disk layout (fileformat2.html): a b-tree page is
**   [100-byte file header on page 1] [8 or 12 byte page header]
**   [cell pointer array: 2 bytes per cell] [unallocated gap]
**   [cell content area: cells and freeblocks] [reserved bytes]
** U, the usable size, is the page size less the reserved bytes.
**
** Invariants:
**   1. A MemPage caches only what cannot change while it is referenced by
**      its holder: pgno, header offset, page type.  The cell count, cell
**      pointers and free space are always read from aData, so two holders
**      of one page never disagree.
**   2. Every read of a cell is bounded by aData + U, whatever the page
**      says; a page that lies yields SQLITE_CORRUPT (btree.h invariant 3).
**   3. A cursor holds references exactly to aPage[0..iPage] while VALID;
**      a SAVED (requireseek), INVALID or FAULT cursor holds none.
**   4. Before any page of a tree changes, every other cursor on that tree
**      is saved (btree_save_cursors), so nobody keeps a stale position.
**   5. A CellList never points into a live page's buffer: its cells live
**      in the balance arena (copies) so pages can be rebuilt freely.
**   6. A cursor's cached cell parse (info) and overflow list (aOvfl) are
**      dropped together (bInfo = 0 with nOvfl = 0) whenever its pages are
**      released or it writes; by invariant 4 nobody else changes a page
**      a VALID cursor holds, so (page number, index) identifies the cell.
*/
#ifndef ENGINE_BTREE_INT_H
#define ENGINE_BTREE_INT_H

#include "btree.h"

#define BT_MAX_DEPTH 20            /* deepest tree a cursor follows */
#define BT_MAX_FRAG 60             /* fragmented bytes allowed by the format */
#define BT_MAX_PAYLOAD 0x7fffff00  /* largest payload accepted (fits mem_malloc) */
#define BT_MIN_CELL 4              /* cells are padded to 4 bytes (freeblock size) */
#define BT_NOFIT (-1)              /* internal result: a cell does not fit in a page */

/* Page type bytes (offset 0 of the page header). */
#define PT_INDEX_INTERIOR 0x02
#define PT_TABLE_INTERIOR 0x05
#define PT_INDEX_LEAF 0x0a
#define PT_TABLE_LEAF 0x0d
#define PT_LEAF_BIT 0x08

/* Offsets within the page header. */
#define PH_FREEBLOCK 1
#define PH_NCELL 3
#define PH_CONTENT 5
#define PH_FRAG 7
#define PH_RIGHT 8

/* Database header offsets that the btree uses. */
#define HDR_PAGE_SIZE 16
#define HDR_RESERVED 20
#define HDR_FREE_TRUNK 32
#define HDR_FREE_COUNT 36
#define HDR_META 36          /* meta i lives at HDR_META + 4*i */

typedef struct MemPage MemPage;
typedef struct CellInfo CellInfo;
typedef struct CellList CellList;
typedef struct BtArena BtArena;

/* A referenced b-tree page with its parsed constant header (invariant 1). */
struct MemPage {
  PgPage *pPg;      /* pager reference (owned by the holder) */
  u8 *aData;        /* pPg->aData */
  u32 pgno;         /* page number */
  u8 hdr;           /* offset of the page header: 100 on page 1, else 0 */
  u8 type;          /* PT_* page type */
  u8 leaf;          /* 1 for leaf pages */
  u8 intKey;        /* 1 for table pages (rowid keys) */
  u8 hdrSize;       /* 8 (leaf) or 12 (interior) */
  u8 hasPayload;    /* 0 only for table interior cells */
  u16 cellOffset;   /* hdr + hdrSize: start of the cell pointer array */
};

/* A parsed cell.  All pointers point into the cell's own buffer. */
struct CellInfo {
  i64 nKey;         /* rowid (table) or payload size (index) */
  u32 nPayload;     /* payload bytes in total (0 for table interior) */
  u32 nLocal;       /* payload bytes stored in the cell */
  u32 nSize;        /* cell size on the page, padded to BT_MIN_CELL */
  u32 iOvfl;        /* first overflow page, 0 if none */
  u32 iChild;       /* left child (interior cells), else 0 */
  u8 *pPayload;     /* first payload byte */
};

/* The content of one page as an ordered list of cells (invariant 5). */
struct CellList {
  int n;            /* cells in the list */
  int nAlloc;       /* slots allocated in apCell/aSize */
  u8 **apCell;      /* cell bytes (arena memory) */
  u32 *aSize;       /* cell sizes */
  u32 iRight;       /* right child for interior pages */
  u8 type;          /* PT_* of the page this list describes */
};

/* Chunked bump allocator for one insert/delete; freed in one step. */
struct BtArena {
  void *pChunk;     /* newest chunk; each chunk starts with a link */
  u64 nUsed;        /* bytes used in the newest chunk */
  u64 nChunk;       /* size of the newest chunk */
};

struct Btree {
  Pager *pPager;     /* owned */
  BtCursor *pCursor; /* every open cursor, linked through pNext */
  u32 pageSize;      /* bytes per page */
  u32 usableSize;    /* U: page size less reserved bytes */
  u32 maxLocal;      /* index pages: most payload kept in a cell */
  u32 minLocal;      /* index pages: least payload kept before spilling */
  u32 maxLeaf;       /* table leaves: U - 35 */
  u32 minLeaf;       /* table leaves: ((U-12)*32/255) - 23 */
  int inTrans;       /* SQLITE_TXN_NONE / READ / WRITE */
  u8 readOnly;       /* opened read-only, or the file's write version is too new */
  u8 nReserveNew;    /* reserved bytes for a database created by this handle */
  u8 *pTmp;          /* scratch of pageSize bytes (defragmentation) */
  u8 *pCellBuf;      /* scratch of pageSize bytes: the cell an insert builds */
  u32 mxPage;        /* PRAGMA max_page_count; 0: only the format's limit */
};

/* Cursor states (invariant 3). */
#define CUR_INVALID 0     /* eof or never positioned */
#define CUR_VALID 1       /* at a cell: aPage[iPage], aIdx[iPage] */
#define CUR_SAVED 2       /* position saved as a key, re-seek on next use */
#define CUR_FAULT 3       /* error; eCode tells which */

/* Raw-key comparator, declared in btree.h. */
struct BtCursor {
  Btree *pBt;             /* owning btree */
  BtCursor *pNext;        /* next cursor of pBt */
  u32 iRoot;              /* root page of the tree */
  u8 bWrite;              /* may write */
  u8 bIntKey;             /* table tree */
  u8 eState;              /* CUR_* */
  i8 skipNext;            /* +1: next() stays put once; -1: prev() stays put */
  int eCode;              /* error for CUR_FAULT */
  BtKeyCompare xCompare;  /* index key order (NULL for tables) */
  BtKeyCompareRaw xCompareRaw; /* stored key vs stored key (optional) */
  void *pCtx;             /* comparator context */
  i64 nSavedKey;          /* CUR_SAVED: rowid, or length of pSavedKey */
  u8 *pSavedKey;          /* CUR_SAVED on an index: the key bytes (owned) */
  u8 bSavedSucc;          /* saved key is the successor of the position */
  u8 bSavedEnd;           /* position is past the last entry (no key) */
  int iPage;              /* deepest level in aPage, -1 if none */
  u16 aIdx[BT_MAX_DEPTH]; /* cell (or child) index per level */
  MemPage aPage[BT_MAX_DEPTH]; /* path from the root (invariant 3) */
  u8 *pKeyBuf;            /* scratch for assembling overflowing keys */
  u32 nKeyBuf;            /* its size */
  u32 *aOvfl;             /* overflow page numbers of the current cell */
  u32 nOvfl;              /* entries of aOvfl known so far */
  u32 nOvflAlloc;         /* slots in aOvfl */
  u32 ovflPgno;           /* aOvfl describes the cell at (ovflPgno, ovflIdx) */
  u32 ovflIdx;            /* ... */
  CellInfo info;          /* parse of the cell at (infoPgno, infoIdx) ... */
  u32 infoPgno;           /* ... valid while bInfo: reset with the overflow */
  u16 infoIdx;            /* cache (nOvfl = 0) wherever the cell may change */
  u8 bInfo;               /* info is valid */
  u32 nNearMiss;          /* index inserts in a row not placed on the cursor's leaf */
  u32 nVisit;             /* pages entered since the last seek from the root */
  u32 nVisitMax;          /* bound on nVisit: stops endless walks of a bad file */
};

/* Reads a varint that must end before pEnd (0: it does not): the
** one-byte case inline, since payload sizes and small rowids dominate. */
static inline int bt_varint(const u8 *p, const u8 *pEnd, u64 *pV) {
  if (p < pEnd && p[0] < 0x80) {
    *pV = p[0];
    return 1;
  }
  if (pEnd - p >= 2 && p[1] < 0x80) {   /* rowids up to 16383 */
    *pV = ((u64)(p[0] & 0x7f) << 7) | p[1];
    return 2;
  }
  return varint_get_safe(p, pEnd, pV);
}

/* ---- btree.c: pages and cells ---------------------------------------- */
int btree_page_get(Btree *, u32 pgno, MemPage *pPage);
int btree_page_init_new(Btree *, u32 pgno, u8 type, MemPage *pPage);
void btree_page_release(MemPage *pPage);
int btree_page_write(MemPage *pPage);
void btree_page_set_type(Btree *, MemPage *pPage, u8 type);   /* empty page, zeroed */
/* Header only (12 bytes zeroed, type, content start U): the caller writes
** or zeroes everything after it (btree_page_from_list). */
void btree_page_set_header(Btree *, MemPage *pPage, u8 type);
u32 btree_page_ncell(const MemPage *pPage);
u32 btree_page_content(const MemPage *pPage);
int btree_cell_ptr(Btree *, const MemPage *pPage, u32 iCell, u8 **ppCell);
int btree_cell_parse(Btree *, u8 type, u8 *pCell, const u8 *pEnd, CellInfo *pInfo);
int btree_cell_get(Btree *, const MemPage *pPage, u32 iCell, CellInfo *pInfo);
u32 btree_child(const MemPage *pPage, u8 *pCell);
u32 btree_page_right(const MemPage *pPage);
int btree_page_free_space(Btree *, const MemPage *pPage, u32 *pnFree);
int btree_overflow_free(Btree *, const CellInfo *pInfo);
u32 btree_local_size(Btree *, u8 type, u32 nPayload);

/* Freelist. */
int btree_alloc_page(Btree *, u32 *pPgno, PgPage **ppPg);
int btree_free_page(Btree *, u32 pgno);
int btree_get_page1(Btree *, PgPage **ppPg);

/* Cursors. */
int btree_save_cursors(Btree *, u32 iRoot, BtCursor *pExcept);
void btree_cursor_release(BtCursor *);
int btree_cursor_restore(BtCursor *);

/* ---- btree_balance.c -------------------------------------------------- */
void *bt_arena_alloc(BtArena *, u64 n);
void bt_arena_free(BtArena *);
int btree_list_from_page(Btree *, BtArena *, const MemPage *, CellList *);
int btree_list_insert(BtArena *, CellList *, int i, const u8 *pCell, u32 nSize);
void btree_list_remove(CellList *, int i);
int btree_list_fits(Btree *, const MemPage *pPage, const CellList *);
int btree_page_from_list(Btree *, MemPage *pPage, const CellList *);
int btree_page_insert_cell(Btree *, MemPage *, u32 iCell, const u8 *pCell, u32 nSize);
int btree_page_drop_cell(Btree *, MemPage *, u32 iCell, u32 nSize);
int btree_page_defragment(Btree *, MemPage *);
int btree_insert_or_pend(Btree *, BtArena *, MemPage *, CellList **pSlot, u32 iCell,
                         const u8 *pCell, u32 nCell);
int btree_balance_quick(BtCursor *, BtArena *, CellList **apList, const u8 *pCell, u32 nCell);
int btree_balance(BtCursor *, BtArena *, CellList **apList, int bMayShrink, int *pbChanged);
int btree_page_underfull(Btree *, const MemPage *pPage);

#endif /* ENGINE_BTREE_INT_H */
