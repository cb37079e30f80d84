/*
** pager.c: page cache, locking, rollback journal and savepoints for one
** database file (the contract is pager.h; the file formats are SQLite's,
** fileformat2.html section 3 "The Rollback Journal", and the commit
** sequence is that of atomiccommit.html).
**
** States (eState), in the order a write transaction walks them:
**   OPEN            no lock; the cache may hold pages, validated at the
**                   next read_begin by the header's change counter.
**   READER          SHARED lock.
**   WRITER_LOCKED   RESERVED (or EXCLUSIVE) lock, nothing changed yet.
**   WRITER_CACHEMOD journal open with its header written; pages changed in
**                   the cache only.
**   WRITER_DBMOD    EXCLUSIVE lock, database file being written: by the
**                   commit, or earlier by a spill (below); pages may still
**                   be changed after a spill.
**   WRITER_FINISHED commit phase one done; phase two deletes the journal.
**   ERROR           an I/O error hit a write transaction (invariant 5 of
**                   pager.h): every call fails until pager_rollback.
**
** Journal layout (file databases): a header of jSectorSize bytes (magic,
** record count, checksum nonce, original page count, sector size, page
** size), then records (page number, original page, checksum).  The record
** count is written as 0 and patched at sync time (synchronous NORMAL:
** patch then one sync; FULL: sync, patch, sync), or as 0xffffffff when
** synchronous is OFF (count derived from the file size).  Playback reads
** any number of segments, as journals of real SQLite may have several.
**
** Spilling (file databases): when pager_get needs a new page and the cache
** is full of dirty pages, pager_spill writes a batch of unreferenced dirty
** pages to the database file, following the commit's order: EXCLUSIVE
** lock (BUSY: no spill, the cache grows instead), journal synced with its
** record count patched, then the pages.  A spill that needs a journal sync
** writes every unreferenced dirty page (one sync per cache-full of newly
** journaled pages, not one per batch); otherwise it writes the least
** recently used quarter of the cache.  After a sync the
** journal gets a new segment header at the next sector boundary, so
** records added later are counted apart and never change a synced count.
** Spilled pages are clean and lose PGHDR_WRITEABLE (the next change goes
** through pager_write again, which finds them journaled); evicted, they
** are re-read from the file, which now has their latest content.  A
** rollback plays the journal back (bDbWritten), as after a failed commit.
**
** Savepoints and the memory journal: an in-memory list of page images
** (aSub).  Each holder (every open savepoint, and for memory and temporary
** databases txnSp, the state at write_begin) owns the records from its
** iRec to the end and a bitmap of the pages already saved there.  The
** holders needing a new record always form a suffix of the holder list,
** so each record remembers the outermost holder that needed it (iNeed);
** that lets a savepoint rollback discard its records and clear exactly the
** bitmap bits that pointed at them.
**
** Invariants:
**   1. In a write state of a file database the database lock is at least
**      RESERVED; in WRITER_DBMOD and WRITER_FINISHED it is EXCLUSIVE.
**   2. pJfd != NULL iff a file database is in WRITER_CACHEMOD or later (or
**      ERROR reached from there).
**   3. A page with PGHDR_WRITEABLE is dirty and, if pgno <= dbOrigSize, its
**      original is in the journal (inJournal bit set) or in txnSp.
**   4. The database file is not written before the journal is synced
**      (pager.h invariant 2): pager_write_dirty runs after
**      pager_sync_journal.
**   5. Every record in aSub[k] with iNeed = h is needed by holders h..last;
**      holder h's bitmap has pgno iff some record at or after its iRec
**      carries pgno.
**   6. A page not in the cache has its latest content in the database file
**      (or none: beyond dbFileSize), spilled or not; so file reads give the
**      transaction's current image, and the original only for pages not
**      journaled (never written in this transaction).
**   7. WAL mode (pWal != NULL, wal.h): the database lock stays SHARED for
**      the pager's life (so a close can tell, by getting EXCLUSIVE, that it
**      is the last connection); no journal is written and write states
**      stay WRITER_LOCKED until commit; a page not in the cache has its
**      latest committed content in the log (if the snapshot has a frame
**      for it) or in the file; nothing spills; commit appends frames;
**      rollback forgets the dirty pages and reloads from the snapshot.
*/
#include "pager.h"
#include "pcache.h"
#include "wal.h"

#include <stdlib.h>

#define PAGER_MAX_PGNO 1073741823u
#define PAGER_OPEN 0
#define PAGER_READER 1
#define PAGER_WRITER_LOCKED 2
#define PAGER_WRITER_CACHEMOD 3
#define PAGER_WRITER_DBMOD 4
#define PAGER_WRITER_FINISHED 5
#define PAGER_ERROR 6
#define PAGER_TXN_HOLDER (-1) /* iNeed value naming txnSp */
#define PAGER_SPILL_IO 64     /* write requests per io_run in a spill */
#define PAGER_IMG_POOL 4      /* freed savepoint images kept for reuse */

static const u8 aJournalMagic[8] = {0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7};
static const char aDbMagic[16] = "SQLite format 3";
#define JHDR_BYTES 28

/* A set of page numbers: a short list while small (a statement savepoint
** usually saves one or two pages, and allocating and clearing a bitmap of
** the whole database for each statement cost more than the copy itself),
** then a bitmap. */
#define PGBITMAP_SMALL 6
typedef struct PgBitmap {
  u32 nBit;     /* capacity in bits */
  u8 *a;        /* nBit/8 bytes, NULL while the list suffices */
  int nSmall;   /* entries in aSmall (used only while a == NULL) */
  u32 aSmall[PGBITMAP_SMALL]; /* the members, unordered */
} PgBitmap;

typedef struct SubRec {
  u32 pgno;     /* page the image belongs to */
  int iNeed;    /* outermost holder that needed it (invariant 5) */
  u8 *aData;    /* page image, pageSize bytes */
} SubRec;

typedef struct PagerSavepoint {
  u32 nOrig;     /* database size in pages when opened */
  int iRec;      /* first aSub record belonging to it */
  PgBitmap done; /* pages with a record at or after iRec */
} PagerSavepoint;

struct Pager {
  IoBackend *pBackend;    /* where files, time and randomness come from */
  IoFile *pFd;            /* database file; NULL for in-memory */
  IoFile *pJfd;           /* rollback journal (invariant 2) */
  char *zFilename;        /* full path; "" for memory and temporary */
  char *zJournal;         /* zFilename + "-journal"; NULL unless a file db */
  int bMemory;            /* in-memory database */
  int bTemp;              /* private temporary file: no locks, memory journal */
  int bReadOnly;          /* no write transactions */
  int eState;             /* PAGER_* */
  int errCode;            /* sticky error while eState == PAGER_ERROR */
  int syncLevel;          /* 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA */
  int bTouched;           /* a page was fetched since read_begin */
  int bHeaderDone;        /* this commit already stamped page 1 */
  int bDbWritten;         /* the database file was written in this txn */
  u32 pageSize;           /* bytes per page */
  int szExtra;            /* per-page extra bytes for the btree */
  int cacheSize;          /* as configured: >0 pages, <0 KiB */
  int bSpill;             /* PRAGMA cache_spill is on */
  int nSpill;             /* its threshold in pages (>= 1) */
  PCache cache;           /* the pages */
  u32 dbSize;             /* pages as the current transaction sees them */
  u32 dbOrigSize;         /* pages at write_begin */
  u32 dbFileSize;         /* pages the database file holds */
  u8 aFileVers[16];       /* header bytes 24..39 last seen or written */
  int bFileVersValid;     /* aFileVers describes the cache */
  u32 dataVersion;        /* other connections' commits seen */
  int bHdrWal;            /* the file header says WAL (bytes 18/19 == 2) */
  i64 jOff;               /* next write offset in the journal */
  i64 jHdrOff;            /* offset of the current segment header */
  u32 nJRec;              /* records in the current segment */
  u32 cksumInit;          /* checksum nonce of this journal */
  u32 jSectorSize;        /* journal header size */
  int bJournalSynced;     /* header count patched and synced */
  PgBitmap inJournal;     /* pages <= dbOrigSize already journaled */
  u8 *aScratch;           /* pageSize + 8 bytes for journal records */
  int bMemJournal;        /* txnSp is in use (memory and temporary dbs) */
  PagerSavepoint txnSp;   /* state at write_begin (memory journal) */
  PagerSavepoint *aSp;    /* open savepoints */
  int nSp;                /* entries in aSp */
  u8 *apImgFree[PAGER_IMG_POOL]; /* spare page images for aSub (a statement
                          ** savepoint takes and gives back one per row) */
  int nImgFree;           /* entries in apImgFree */
  SubRec *aSub;           /* savepoint and memory-journal records */
  int nSub;               /* records used */
  int nSubAlloc;          /* records allocated */
  int (*xBusy)(void *, int); /* busy handler or NULL */
  void *pBusyArg;         /* its argument */
  int nHit, nMiss, nWrite;/* statistics */
  int nSpilled;           /* pages written by spills (pager_spill_count) */
  Wal *pWal;              /* WAL mode (invariant 7) or NULL */
  int nAutoCkpt;          /* wal_autocheckpoint: frames, <= 0 off */
  int bCkptDue;           /* checkpoint at the end of this read transaction */
  int nCkptLog, nCkptDone;/* the last pager_wal_checkpoint's answers */
};

/* ---- small helpers ---------------------------------------------------- */

static int bitmap_test(const PgBitmap *b, u32 i) {
  if (b->a == NULL) {
    for (int k = 0; k < b->nSmall; k++) {
      if (b->aSmall[k] == i) return 1;
    }
    return 0;
  }
  return i < b->nBit && (b->a[i >> 3] >> (i & 7)) & 1;
}

/* Makes the bitmap hold bits 0..nBitMin-1 (growing at least twofold). */
static int bitmap_grow(PgBitmap *b, u32 nBitMin) {
  if (b->a != NULL && nBitMin <= b->nBit) return SQLITE_OK;
  u32 nBit = CORE_MAX(nBitMin, b->nBit * 2);
  u8 *a = mem_realloc(b->a, (nBit + 7) / 8);
  if (a == NULL) return SQLITE_NOMEM;
  u32 nOld = b->a ? (b->nBit + 7) / 8 : 0;
  memset(a + nOld, 0, (nBit + 7) / 8 - nOld);
  b->a = a;
  b->nBit = nBit;
  return SQLITE_OK;
}

/* Adds page i; nHint is the largest page number expected (bitmap size). */
static int bitmap_set(PgBitmap *b, u32 i, u32 nHint) {
  if (b->a == NULL && b->nSmall < PGBITMAP_SMALL) {
    if (!bitmap_test(b, i)) b->aSmall[b->nSmall++] = i;
    return SQLITE_OK;
  }
  u32 mx = CORE_MAX(i, nHint);
  for (int k = 0; b->a == NULL && k < b->nSmall; k++) mx = CORE_MAX(mx, b->aSmall[k]);
  int bList = b->a == NULL;
  int rc = bitmap_grow(b, mx + 1);
  if (rc != SQLITE_OK) return rc; /* still the list, unchanged */
  ASSERT(i < b->nBit);
  for (int k = 0; bList && k < b->nSmall; k++) {
    b->a[b->aSmall[k] >> 3] |= (u8)(1 << (b->aSmall[k] & 7));
  }
  if (bList) b->nSmall = 0;
  b->a[i >> 3] |= (u8)(1 << (i & 7));
  return SQLITE_OK;
}

static void bitmap_clear(PgBitmap *b, u32 i) {
  if (b->a == NULL) {
    for (int k = 0; k < b->nSmall; k++) {
      if (b->aSmall[k] == i) b->aSmall[k--] = b->aSmall[--b->nSmall];
    }
    return;
  }
  if (i < b->nBit) b->a[i >> 3] &= (u8)~(1 << (i & 7));
}

static void bitmap_free(PgBitmap *b) {
  mem_free(b->a);
  b->a = NULL;
  b->nBit = 0;
  b->nSmall = 0;
}

static int pager_is_file(const Pager *p) { return !p->bMemory && !p->bTemp; }

static int pager_valid_page_size(u32 sz) {
  return sz >= 512 && sz <= 65536 && (sz & (sz - 1)) == 0;
}

/* The journal checksum of fileformat2.html: the nonce plus every 200th
** byte counted down from pageSize-200. */
static u32 pager_cksum(u32 init, const u8 *a, u32 pageSize) {
  u32 c = init;
  for (i64 i = (i64)pageSize - 200; i >= 0; i -= 200) c += a[i];
  return c;
}

#ifdef SQLITE_DEBUG
/* The state checker (STYLE habit 1): lock and file predicates per state. */
static void pager_assert_state(const Pager *p) {
  ASSERT(p->eState >= PAGER_OPEN && p->eState <= PAGER_ERROR);
  ASSERT(p->bMemory == (p->pFd == NULL));
  ASSERT(p->eState == PAGER_ERROR || p->errCode == SQLITE_OK);
  if (!pager_is_file(p) || p->eState == PAGER_ERROR) return;
  int eLock = p->pFd->eLock;
  if (p->pWal) { /* invariant 7 */
    ASSERT(eLock == SQLITE_LOCK_SHARED && p->pJfd == NULL);
    ASSERT(p->eState <= PAGER_WRITER_LOCKED || p->eState == PAGER_WRITER_FINISHED);
    return;
  }
  if (p->eState == PAGER_OPEN) ASSERT(eLock == SQLITE_LOCK_NONE);
  if (p->eState == PAGER_READER) ASSERT(eLock == SQLITE_LOCK_SHARED);
  if (p->eState >= PAGER_WRITER_LOCKED) ASSERT(eLock >= SQLITE_LOCK_RESERVED); /* inv. 1 */
  if (p->eState >= PAGER_WRITER_DBMOD) ASSERT(eLock == SQLITE_LOCK_EXCLUSIVE);
  ASSERT((p->pJfd != NULL) == (p->eState >= PAGER_WRITER_CACHEMOD)); /* invariant 2 */
}
#else
#define pager_assert_state(p) ((void)0)
#endif

/* Enters the error state for failures that leave a write transaction in
** doubt (pager.h invariant 5).  Returns rc. */
static int pager_error(Pager *p, int rc) {
  int base = rc & 0xff;
  if (base != SQLITE_IOERR && base != SQLITE_FULL && base != SQLITE_CORRUPT &&
      base != SQLITE_NOMEM && base != SQLITE_CANTOPEN) {
    return rc;
  }
  if (p->eState >= PAGER_WRITER_LOCKED && p->eState != PAGER_ERROR) {
    p->errCode = rc;
    p->eState = PAGER_ERROR;
  }
  return rc;
}

/* Takes eLock, consulting the busy handler while the answer is BUSY. */
static int pager_lock_wait(Pager *p, int eLock) {
  if (!pager_is_file(p)) return SQLITE_OK;
  for (int n = 0; n < 0x7fffffff; n++) {
    int rc = p->pFd->pMethods->lock(p->pFd, eLock);
    if (rc != SQLITE_BUSY || p->xBusy == NULL || !p->xBusy(p->pBusyArg, n)) return rc;
  }
  return SQLITE_BUSY;
}

static int pager_unlock_db(Pager *p, int eLock) {
  if (!pager_is_file(p)) return SQLITE_OK;
  return p->pFd->pMethods->unlock(p->pFd, eLock);
}

static int pager_cache_pages(const Pager *p) {
  if (p->cacheSize > 0) return p->cacheSize;
  i64 nKiB = -(i64)p->cacheSize;
  i64 n = nKiB * 1024 / ((i64)p->pageSize + p->szExtra + 128);
  return (int)CORE_MIN(CORE_MAX(n, 10), 0x7fffffff);
}

/* ---- page loading ------------------------------------------------------ */

/* Fills pg from the database file, or with zeros past its end.  Pages the
** file has but the transaction has cut off read as zeros and keep
** PGHDR_NEED_READ, so the journal takes their original from disk. */
static int pager_load_page(Pager *p, PgHdr *pg, int bNoContent) {
  u32 pgno = pg->page.pgno;
  if (pg->page.pExtra) memset(pg->page.pExtra, 0, (size_t)p->szExtra);
  pg->flags &= (u16)~PGHDR_NEED_READ;
  if (p->pWal && !bNoContent && pgno <= p->dbSize) {
    u32 iFrame = 0;
    int rc = wal_find_frame(p->pWal, pgno, &iFrame);
    if (rc == SQLITE_OK && iFrame) rc = wal_read_frame(p->pWal, iFrame, pg->page.aData, p->pageSize);
    if (rc != SQLITE_OK || iFrame) return rc;
  }
  int bOnDisk = !p->bMemory && pgno <= p->dbFileSize;
  if (bNoContent || !bOnDisk || pgno > p->dbSize) {
    memset(pg->page.aData, 0, p->pageSize);
    if (bOnDisk) pg->flags |= PGHDR_NEED_READ;
    return SQLITE_OK;
  }
  int rc = io_read(p->pFd, pg->page.aData, (int)p->pageSize, (i64)(pgno - 1) * p->pageSize);
  if (rc == SQLITE_IOERR_SHORT_READ) rc = SQLITE_OK; /* zero-filled tail */
  return rc;
}

/* Reads the original (file) image of pgno into aOut. */
static int pager_read_original(Pager *p, u32 pgno, u8 *aOut) {
  ASSERT(pager_is_file(p) || p->bTemp);
  if (pgno > p->dbFileSize) {
    memset(aOut, 0, p->pageSize);
    return SQLITE_OK;
  }
  int rc = io_read(p->pFd, aOut, (int)p->pageSize, (i64)(pgno - 1) * p->pageSize);
  return rc == SQLITE_IOERR_SHORT_READ ? SQLITE_OK : rc;
}

typedef struct ResetCtx {
  Pager *p;      /* the pager */
  int bAll;      /* every page, not just dirty or beyond-end ones */
} ResetCtx;

static void pager_reset_one(void *pArg, PgHdr *pg) {
  ResetCtx *pCtx = pArg;
  Pager *p = pCtx->p;
  int bStale = pCtx->bAll || (pg->flags & (PGHDR_DIRTY | PGHDR_NEED_READ)) ||
               pg->page.pgno > p->dbSize;
  pg->flags &= (u16)~PGHDR_WRITEABLE;
  pcache_make_clean(&p->cache, pg);
  if (!bStale) return;
  if (pg->nRef == 0) {
    pcache_drop(&p->cache, pg);
  } else if (pager_load_page(p, pg, 0) != SQLITE_OK) {
    memset(pg->page.aData, 0, p->pageSize); /* the next read_begin reloads */
    p->bFileVersValid = 0;
  }
}

/* After rollback or a change by another connection: forget dirty (bAll:
** all) pages; referenced ones are reloaded in place, extra zeroed. */
static void pager_reset_cache(Pager *p, int bAll) {
  ResetCtx ctx = {p, bAll};
  pcache_foreach(&p->cache, pager_reset_one, &ctx);
  ASSERT(p->cache.nDirty == 0);
}

/* Gives back an aSub image: kept for reuse while the pool has room. */
static void pager_img_free(Pager *p, u8 *a) {
  if (a != NULL && p->nImgFree < PAGER_IMG_POOL) p->apImgFree[p->nImgFree++] = a;
  else mem_free(a);
}

static void pager_img_pool_clear(Pager *p) {
  while (p->nImgFree > 0) mem_free(p->apImgFree[--p->nImgFree]);
}

/* Rebuilds the cache for a new page size.  No page may be referenced. */
static int pager_resize(Pager *p, u32 pageSize) {
  ASSERT(p->cache.nRefSum == 0 && pager_valid_page_size(pageSize));
  u8 *aScratch = mem_malloc(pageSize + 8);
  if (aScratch == NULL) return SQLITE_NOMEM;
  mem_free(p->aScratch);
  p->aScratch = aScratch;
  pager_img_pool_clear(p); /* its images have the old size */
  pcache_destroy(&p->cache);
  p->pageSize = pageSize;
  pcache_init(&p->cache, p, (int)pageSize, p->szExtra, pager_cache_pages(p), p->bMemory);
  p->bFileVersValid = 0;
  return SQLITE_OK;
}

/* ---- savepoint records (memory journal) ------------------------------ */

/* Holder h: -1 is txnSp, 0.. are aSp. */
static PagerSavepoint *pager_holder(Pager *p, int h) {
  return h == PAGER_TXN_HOLDER ? &p->txnSp : &p->aSp[h];
}

static int pager_first_holder(const Pager *p) {
  return p->bMemJournal ? PAGER_TXN_HOLDER : 0;
}

/* Saves pg's current image for every holder that has none yet (invariant
** 5).  The image is the file's when the cache does not have it. */
static int pager_subjournal(Pager *p, PgHdr *pg) {
  u32 pgno = pg->page.pgno;
  int iNeed = p->nSp; /* outermost holder lacking the page; nSp: none */
  for (int h = p->nSp - 1; h >= pager_first_holder(p); h--) {
    PagerSavepoint *sp = pager_holder(p, h);
    if (pgno <= sp->nOrig && !bitmap_test(&sp->done, pgno)) iNeed = h;
  }
  if (iNeed == p->nSp) return SQLITE_OK;
  if (p->nSub == p->nSubAlloc) {
    int nNew = p->nSubAlloc ? p->nSubAlloc * 2 : 64;
    SubRec *aNew = mem_realloc(p->aSub, sizeof(SubRec) * (u64)nNew);
    if (aNew == NULL) return SQLITE_NOMEM;
    p->aSub = aNew;
    p->nSubAlloc = nNew;
  }
  u8 *aData = p->nImgFree > 0 ? p->apImgFree[--p->nImgFree] : mem_malloc(p->pageSize);
  if (aData == NULL) return SQLITE_NOMEM;
  int rc = SQLITE_OK;
  if (pg->flags & PGHDR_NEED_READ) rc = pager_read_original(p, pgno, aData);
  else memcpy(aData, pg->page.aData, p->pageSize);
  for (int h = iNeed; rc == SQLITE_OK && h < p->nSp; h++) {
    PagerSavepoint *sp = pager_holder(p, h);
    rc = bitmap_set(&sp->done, pgno, sp->nOrig);
  }
  if (rc != SQLITE_OK) {
    pager_img_free(p, aData);
    return rc;
  }
  p->aSub[p->nSub++] = (SubRec){pgno, iNeed, aData};
  return SQLITE_OK;
}

/* Drops records from index iFrom on, clearing the bits of holders older
** than iKeep that pointed at them (invariant 5). */
static void pager_sub_truncate(Pager *p, int iFrom, int iKeep) {
  for (int i = p->nSub - 1; i >= iFrom; i--) {
    SubRec *r = &p->aSub[i];
    for (int h = r->iNeed; h < iKeep; h++) bitmap_clear(&pager_holder(p, h)->done, r->pgno);
    /* Its holders lost their image: the next pager_write must save again. */
    PgHdr *pg = pcache_find(&p->cache, r->pgno);
    if (pg) pg->flags &= (u16)~PGHDR_WRITEABLE;
    pager_img_free(p, r->aData);
  }
  if (iFrom < p->nSub) p->nSub = iFrom;
}

static void pager_sub_free_all(Pager *p) {
  for (int i = 0; i < p->nSub; i++) pager_img_free(p, p->aSub[i].aData);
  mem_free(p->aSub);
  p->aSub = NULL;
  p->nSub = p->nSubAlloc = 0;
}

/* Restores page images of holder sp (newest first, so the oldest image of
** each page wins), then cuts the database back to sp->nOrig. */
static int pager_sub_playback(Pager *p, PagerSavepoint *sp) {
  int rc = SQLITE_OK;
  for (int i = p->nSub - 1; i >= sp->iRec && rc == SQLITE_OK; i--) {
    SubRec *r = &p->aSub[i];
    if (r->pgno > sp->nOrig) continue;
    PgHdr *pg = pcache_find(&p->cache, r->pgno);
    if (pg) pcache_ref(&p->cache, pg);
    else rc = pcache_create(&p->cache, r->pgno, &pg);
    if (rc != SQLITE_OK) break;
    memcpy(pg->page.aData, r->aData, p->pageSize);
    if (pg->page.pExtra) memset(pg->page.pExtra, 0, (size_t)p->szExtra);
    /* Not WRITEABLE: the next pager_write must record it again for the
    ** holders whose records were just discarded. */
    pg->flags &= (u16)~(PGHDR_NEED_READ | PGHDR_WRITEABLE);
    pcache_make_dirty(&p->cache, pg);
    pcache_unref(&p->cache, pg);
  }
  p->dbSize = sp->nOrig;
  return rc;
}

/* Drops unreferenced pages beyond dbSize and stale zero-filled ones. */
static void pager_trim_one(void *pArg, PgHdr *pg) {
  Pager *p = pArg;
  int bBeyond = pg->page.pgno > p->dbSize;
  int bStale = (pg->flags & PGHDR_NEED_READ) && !(pg->flags & PGHDR_WRITEABLE);
  if (pg->nRef == 0 && (bBeyond || bStale)) pcache_drop(&p->cache, pg);
}

static void pager_sp_free_from(Pager *p, int i) {
  for (int j = i; j < p->nSp; j++) bitmap_free(&p->aSp[j].done);
  if (i < p->nSp) p->nSp = i;
}

/* ---- journal ----------------------------------------------------------- */

static int pager_write_jhdr(Pager *p) {
  u8 aHdr[JHDR_BYTES];
  memcpy(aHdr, aJournalMagic, 8);
  put4(aHdr + 8, p->syncLevel == 0 ? 0xffffffffU : 0);
  put4(aHdr + 12, p->cksumInit);
  put4(aHdr + 16, p->dbOrigSize);
  put4(aHdr + 20, p->jSectorSize);
  put4(aHdr + 24, p->pageSize);
  u8 *aPad = mem_zalloc(p->jSectorSize);
  if (aPad == NULL) return SQLITE_NOMEM;
  memcpy(aPad, aHdr, JHDR_BYTES);
  int rc = io_write(p->pJfd, aPad, (int)p->jSectorSize, p->jHdrOff);
  mem_free(aPad);
  return rc;
}

/* Opens the journal and writes its header: WRITER_LOCKED -> CACHEMOD. */
static int pager_open_journal(Pager *p) {
  ASSERT(p->eState == PAGER_WRITER_LOCKED && p->pJfd == NULL);
  if (!pager_is_file(p)) {
    p->eState = PAGER_WRITER_CACHEMOD;
    return SQLITE_OK;
  }
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_MAIN_JOURNAL;
  int rc = io_open(p->pBackend, p->zJournal, flags, NULL, &p->pJfd);
  if (rc != SQLITE_OK) return SQLITE_CANTOPEN;
  u8 aNonce[4];
  io_randomness(p->pBackend, 4, aNonce);
  p->cksumInit = get4(aNonce);
  int sector = p->pFd->pMethods->sector_size(p->pFd);
  if (p->pFd->pMethods->device_characteristics(p->pFd) & SQLITE_IOCAP_POWERSAFE_OVERWRITE) {
    sector = 512;
  }
  p->jSectorSize = (u32)CORE_MIN(CORE_MAX(sector, 512), 65536);
  p->jHdrOff = 0;
  p->jOff = p->jSectorSize;
  p->nJRec = 0;
  p->bJournalSynced = 0;
  rc = p->pJfd->pMethods->truncate(p->pJfd, 0);
  if (rc == SQLITE_OK) rc = pager_write_jhdr(p);
  if (rc != SQLITE_OK) {
    io_close(p->pJfd);
    p->pJfd = NULL;
    p->pBackend->remove(p->pBackend, p->zJournal, 0);
    return rc;
  }
  p->eState = PAGER_WRITER_CACHEMOD;
  return SQLITE_OK;
}

/* Appends the record of pgno with image aData (pageSize bytes). */
static int pager_journal_image(Pager *p, u32 pgno, const u8 *aData) {
  ASSERT(p->pJfd != NULL && pgno <= p->dbOrigSize);
  ASSERT(!bitmap_test(&p->inJournal, pgno));
  u8 *a = p->aScratch;
  put4(a, pgno);
  if (aData != a + 4) memcpy(a + 4, aData, p->pageSize);
  put4(a + 4 + p->pageSize, pager_cksum(p->cksumInit, a + 4, p->pageSize));
  int rc = io_write(p->pJfd, a, (int)p->pageSize + 8, p->jOff);
  if (rc != SQLITE_OK) return rc;
  rc = bitmap_set(&p->inJournal, pgno, p->dbOrigSize);
  if (rc != SQLITE_OK) return rc;
  p->jOff += p->pageSize + 8;
  p->nJRec++;
  p->bJournalSynced = 0;
  return SQLITE_OK;
}

static int pager_journal_page(Pager *p, PgHdr *pg) {
  if (!(pg->flags & PGHDR_NEED_READ)) return pager_journal_image(p, pg->page.pgno, pg->page.aData);
  int rc = pager_read_original(p, pg->page.pgno, p->aScratch + 4);
  if (rc != SQLITE_OK) return rc;
  return pager_journal_image(p, pg->page.pgno, p->aScratch + 4);
}

/* Makes the journal durable and patches the record count (invariant 4). */
static int pager_sync_journal(Pager *p) {
  if (p->pJfd == NULL || p->syncLevel == 0 || p->bJournalSynced) return SQLITE_OK;
  IoFile *j = p->pJfd;
  int flags = p->syncLevel >= 2 ? SQLITE_SYNC_FULL : SQLITE_SYNC_NORMAL;
  int rc = SQLITE_OK;
  if (p->syncLevel >= 2) rc = j->pMethods->sync(j, flags);
  u8 aCount[4];
  put4(aCount, p->nJRec);
  if (rc == SQLITE_OK) rc = io_write(j, aCount, 4, p->jHdrOff + 8);
  if (rc == SQLITE_OK) rc = j->pMethods->sync(j, flags);
  if (rc == SQLITE_OK) p->bJournalSynced = 1;
  return rc;
}

/* Journals pages the commit cuts off that are not journaled yet, so a
** rollback after the truncation can bring them back. */
static int pager_journal_cut_pages(Pager *p) {
  for (u32 pgno = p->dbSize + 1; pgno <= p->dbOrigSize; pgno++) {
    if (bitmap_test(&p->inJournal, pgno)) continue;
    int rc = pager_read_original(p, pgno, p->aScratch + 4);
    if (rc == SQLITE_OK) rc = pager_journal_image(p, pgno, p->aScratch + 4);
    if (rc != SQLITE_OK) return rc;
  }
  return SQLITE_OK;
}

/* Deletes (bDelete) and closes the journal.  A failed delete leaves the
** journal open and sets *pRc, so that a rollback can still play it. */
static void pager_close_journal(Pager *p, int bDelete, int *pRc) {
  if (p->pJfd == NULL) return;
  if (bDelete) {
    int rc = p->pBackend->remove(p->pBackend, p->zJournal, 0);
    if (rc != SQLITE_OK && rc != SQLITE_IOERR_DELETE_NOENT) {
      if (*pRc == SQLITE_OK) *pRc = rc;
      return;
    }
  }
  io_close(p->pJfd);
  p->pJfd = NULL;
}

/* ---- playback ------------------------------------------------------------ */

typedef struct JHdr {
  u32 nRec;      /* records in the segment (0xffffffff: to end of file) */
  u32 nonce;     /* checksum initializer */
  u32 nOrig;     /* database pages before the transaction */
  u32 sector;    /* header size */
  u32 pageSize;  /* record page size */
} JHdr;

/* Reads a segment header at off.  Returns 1 if valid. */
static int pager_read_jhdr(IoFile *j, i64 off, JHdr *h, int *pRc) {
  u8 a[JHDR_BYTES];
  int rcR = io_read(j, a, JHDR_BYTES, off);
  if (rcR != SQLITE_OK) { if (rcR != SQLITE_IOERR_SHORT_READ) *pRc = rcR; return 0; }
  if (memcmp(a, aJournalMagic, 8) != 0) return 0;
  h->nRec = get4(a + 8);
  h->nonce = get4(a + 12);
  h->nOrig = get4(a + 16);
  h->sector = get4(a + 20);
  h->pageSize = get4(a + 24);
  if (!pager_valid_page_size(h->pageSize)) return 0;
  if (h->sector < 32 || h->sector > 65536 || (h->sector & (h->sector - 1))) return 0;
  return 1;
}

/* Plays the records of one segment (records start at *pOff).  Stops at
** the first torn record; *pbEnd is set when the journal ends here. */
static int pager_play_segment(Pager *p, const JHdr *h, i64 szJ, u8 *aBuf, i64 *pOff,
                              int *pbEnd) {
  i64 szRec = (i64)h->pageSize + 8;
  u32 nRec = h->nRec;
  if (nRec == 0xffffffffU) nRec = (u32)CORE_MAX((szJ - *pOff) / szRec, 0);
  for (u32 i = 0; i < nRec; i++) {
    if (*pOff + szRec > szJ) break;
    int rc = io_read(p->pJfd, aBuf, (int)szRec, *pOff);
    if (rc != SQLITE_OK) return rc;
    u32 pgno = get4(aBuf);
    u32 cksum = get4(aBuf + 4 + h->pageSize);
    if (pgno == 0 || cksum != pager_cksum(h->nonce, aBuf + 4, h->pageSize)) {
      *pbEnd = 1; /* torn or stale: nothing after it was synced */
      return SQLITE_OK;
    }
    if (pgno <= h->nOrig) {
      rc = io_write(p->pFd, aBuf + 4, (int)h->pageSize, (i64)(pgno - 1) * h->pageSize);
      if (rc != SQLITE_OK) return rc;
    }
    *pOff += szRec;
  }
  if (h->nRec == 0xffffffffU) *pbEnd = 1;
  return SQLITE_OK;
}

/* Rolls the database file back from the open journal pJfd: every valid
** record of every segment, then truncation to the original size and a
** sync.  Works for journals written by this pager or by SQLite. */
static int pager_playback(Pager *p) {
  ASSERT(p->pJfd != NULL && pager_is_file(p));
  i64 szJ = 0;
  int rc = p->pJfd->pMethods->size(p->pJfd, &szJ);
  if (rc != SQLITE_OK) return rc;
  JHdr first, h;
  i64 off = 0;
  if (!pager_read_jhdr(p->pJfd, 0, &first, &rc)) return rc; /* not a live journal */
  u8 *aBuf = mem_malloc((u64)first.pageSize + 8);
  if (aBuf == NULL) return SQLITE_NOMEM;
  h = first;
  int bEnd = 0;
  for (int nSeg = 0; rc == SQLITE_OK && !bEnd && nSeg < 0x7fffffff; nSeg++) {
    if (nSeg > 0) {
      off = (off + first.sector - 1) / first.sector * first.sector;
      if (off >= szJ || !pager_read_jhdr(p->pJfd, off, &h, &rc)) break;
      if (h.pageSize != first.pageSize || h.sector != first.sector) break;
    }
    off += first.sector;
    rc = pager_play_segment(p, &h, szJ, aBuf, &off, &bEnd);
  }
  mem_free(aBuf);
  if (rc != SQLITE_OK) return rc;
  i64 szDb = 0;
  i64 szWant = (i64)first.nOrig * first.pageSize;
  rc = p->pFd->pMethods->size(p->pFd, &szDb);
  if (rc == SQLITE_OK && szDb > szWant) rc = p->pFd->pMethods->truncate(p->pFd, szWant);
  if (rc == SQLITE_OK) rc = p->pFd->pMethods->sync(p->pFd, SQLITE_SYNC_NORMAL);
  return rc;
}

/* ---- hot journals ---------------------------------------------------- */

/* A journal of a multi-file transaction ends with the name of its
** super-journal: [lock-page number][name][4-byte length][4-byte sum of
** the name's bytes][journal magic].  The transaction committed once the
** super-journal is gone (atomiccommit.html 5.5), so such a journal is hot
** only while the super-journal exists.  Sets *pbCommitted accordingly;
** a journal without a (valid) trailer is never "committed". */
static int pager_super_journal_gone(Pager *p, IoFile *pJ, int *pbCommitted) {
  *pbCommitted = 0;
  i64 szJ = 0;
  int rc = pJ->pMethods->size(pJ, &szJ);
  u8 aTail[16];
  if (rc != SQLITE_OK || szJ < 16 + 4 + 1) return rc;
  rc = io_read(pJ, aTail, 16, szJ - 16);
  if (rc != SQLITE_OK || memcmp(aTail + 8, aJournalMagic, 8) != 0) return rc;
  u32 nName = get4(aTail);
  if (nName == 0 || nName > (u32)p->pBackend->mxPathname || (i64)nName + 20 > szJ) {
    return SQLITE_OK;
  }
  char *zName = mem_malloc(nName + 1);
  if (zName == NULL) return SQLITE_NOMEM;
  rc = io_read(pJ, zName, (int)nName, szJ - 16 - nName);
  u32 sum = 0;
  for (u32 i = 0; i < nName; i++) sum += (u8)zName[i];
  zName[nName] = 0;
  int bExists = 1;
  if (rc == SQLITE_OK && sum == get4(aTail + 4) && zName[0] != 0) {
    rc = p->pBackend->access(p->pBackend, zName, SQLITE_ACCESS_EXISTS, &bExists);
  }
  mem_free(zName);
  *pbCommitted = !bExists;
  return rc;
}

/* A journal is hot when it exists, has a non-zero first byte, nobody holds
** RESERVED, the database is not empty (lockingv3.html), and its
** super-journal, if it names one, still exists. */
static int pager_has_hot_journal(Pager *p, int *pbHot) {
  *pbHot = 0;
  int bExists = 0, bReserved = 0;
  int rc = p->pBackend->access(p->pBackend, p->zJournal, SQLITE_ACCESS_EXISTS, &bExists);
  if (rc != SQLITE_OK || !bExists) return rc;
  rc = p->pFd->pMethods->check_reserved(p->pFd, &bReserved);
  if (rc != SQLITE_OK || bReserved) return rc;
  i64 szDb = 0;
  rc = p->pFd->pMethods->size(p->pFd, &szDb);
  if (rc != SQLITE_OK || szDb == 0) return rc;
  IoFile *pJ = NULL;
  int flags = SQLITE_OPEN_READONLY | SQLITE_OPEN_MAIN_JOURNAL;
  if (io_open(p->pBackend, p->zJournal, flags, NULL, &pJ) != SQLITE_OK) { *pbHot = 1; return SQLITE_OK; }
  u8 b = 0;
  int bCommitted = 0;
  rc = io_read(pJ, &b, 1, 0);
  if (rc == SQLITE_OK && b != 0) rc = pager_super_journal_gone(p, pJ, &bCommitted);
  io_close(pJ);
  if (rc == SQLITE_IOERR_SHORT_READ) return SQLITE_OK; /* empty journal */
  if (rc != SQLITE_OK) return rc;
  *pbHot = b != 0 && !bCommitted;
  return SQLITE_OK;
}

/* Rolls back a hot journal.  Holds SHARED on entry and on success;
** SQLITE_BUSY when another connection is recovering or reading. */
static int pager_recover_hot(Pager *p) {
  int rc = p->pFd->pMethods->lock(p->pFd, SQLITE_LOCK_EXCLUSIVE);
  if (rc != SQLITE_OK) return rc;
  int bExists = 0;
  rc = p->pBackend->access(p->pBackend, p->zJournal, SQLITE_ACCESS_EXISTS, &bExists);
  if (rc == SQLITE_OK && bExists) {
    if (p->bReadOnly) {
      rc = SQLITE_READONLY_ROLLBACK;
    } else {
      int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_MAIN_JOURNAL;
      rc = io_open(p->pBackend, p->zJournal, flags, NULL, &p->pJfd);
      if (rc == SQLITE_OK) {
        rc = pager_playback(p);
        pager_close_journal(p, rc == SQLITE_OK, &rc);
        if (p->pJfd) { io_close(p->pJfd); p->pJfd = NULL; }
      } else {
        int bEx = 0; /* only a journal that is gone was recovered by someone else */
        p->pBackend->access(p->pBackend, p->zJournal, SQLITE_ACCESS_EXISTS, &bEx);
        if (!bEx) rc = SQLITE_OK;
      }
    }
  }
  int rc2 = pager_unlock_db(p, SQLITE_LOCK_SHARED);
  if (rc == SQLITE_OK) rc = rc2;
  p->bFileVersValid = 0; /* the file may differ from the cache now */
  return rc;
}

/* ---- read transactions ------------------------------------------------ */

/* Reads the header: page size, change counter; drops a stale cache. */
static int pager_load_header(Pager *p) {
  i64 szDb = 0;
  int rc = p->pFd->pMethods->size(p->pFd, &szDb);
  if (rc != SQLITE_OK) return rc;
  u8 aHdr[100];
  memset(aHdr, 0, sizeof(aHdr));
  if (szDb > 0) {
    rc = io_read(p->pFd, aHdr, (int)sizeof(aHdr), 0);
    if (rc != SQLITE_OK && rc != SQLITE_IOERR_SHORT_READ) return rc;
    if (memcmp(aHdr, aDbMagic, 16) != 0) return SQLITE_NOTADB;
    p->bHdrWal = aHdr[18] == 2 && aHdr[19] == 2;
    u32 pageSize = get2(aHdr + 16);
    if (pageSize == 1) pageSize = 65536;
    if (!pager_valid_page_size(pageSize)) return ERR_CORRUPT();
    if (pageSize != p->pageSize) {
      if (p->cache.nRefSum > 0) return ERR_CORRUPT(); /* page size changed under us */
      rc = pager_resize(p, pageSize);
      if (rc != SQLITE_OK) return rc;
    }
  }
  i64 nPage = (szDb + p->pageSize - 1) / p->pageSize;
  p->dbFileSize = p->dbSize = (u32)CORE_MIN(nPage, (i64)PAGER_MAX_PGNO);
  if (p->pWal) { /* the log's header, not the file's, tells of changes */
    memcpy(p->aFileVers, aHdr + 24, 16);
    p->bFileVersValid = 1;
  } else if (!p->bFileVersValid || memcmp(p->aFileVers, aHdr + 24, 16) != 0) {
    if (p->bFileVersValid) p->dataVersion++;
    memcpy(p->aFileVers, aHdr + 24, 16);
    p->bFileVersValid = 1;
    pager_reset_cache(p, 1); /* may clear bFileVersValid if a reload fails */
  }
  return SQLITE_OK;
}

/* Opens the log when the header says WAL (bytes 18/19 = 2). */
static int pager_open_wal(Pager *p) {
  if (p->pFd->pMethods->shm_map == NULL) return SQLITE_CANTOPEN; /* no shm: no WAL */
  return wal_open(p->pBackend, p->pFd, p->zFilename, &p->pWal);
}

/* WAL read snapshot: the log's size and pages override the file's. */
static int pager_wal_read(Pager *p, int bChanged) {
  int rc = wal_in_read(p->pWal) ? SQLITE_OK : wal_begin_read(p->pWal, &bChanged);
  if (rc != SQLITE_OK) return rc;
  u32 nWal = wal_db_size(p->pWal);
  if (nWal) p->dbSize = nWal;
  if (bChanged) {
    p->dataVersion++;
    pager_reset_cache(p, 1);
  }
  return SQLITE_OK;
}

static int pager_read_begin_once(Pager *p) {
  int rc = p->pFd->pMethods->lock(p->pFd, SQLITE_LOCK_SHARED);
  if (rc != SQLITE_OK) return rc;
  int bHot = 0;
  if (p->pWal == NULL) rc = pager_has_hot_journal(p, &bHot);
  if (rc == SQLITE_OK && bHot) rc = pager_recover_hot(p);
  int bChanged = 0;
  if (rc == SQLITE_OK && p->pWal) rc = wal_begin_read(p->pWal, &bChanged);
  if (rc == SQLITE_OK) rc = pager_load_header(p);
  if (rc == SQLITE_OK && p->pWal == NULL && p->bHdrWal) rc = pager_open_wal(p);
  if (rc == SQLITE_OK && p->pWal) rc = pager_wal_read(p, bChanged);
  if (rc != SQLITE_OK) {
    if (p->pWal && wal_in_read(p->pWal)) wal_end_read(p->pWal);
    if (p->pWal == NULL) pager_unlock_db(p, SQLITE_LOCK_NONE);
    return rc;
  }
  p->eState = PAGER_READER;
  return SQLITE_OK;
}

int pager_read_begin(Pager *p) {
  pager_assert_state(p);
  if (p->errCode) return p->errCode;
  if (p->eState != PAGER_OPEN) return SQLITE_OK;
  p->bTouched = 0;
  if (!pager_is_file(p)) {
    p->eState = PAGER_READER;
    return SQLITE_OK;
  }
  int rc = SQLITE_BUSY;
  for (int n = 0; n < 0x7fffffff; n++) {
    rc = pager_read_begin_once(p);
    if (rc != SQLITE_BUSY || p->xBusy == NULL || !p->xBusy(p->pBusyArg, n)) break;
  }
  pager_assert_state(p);
  return rc;
}

void pager_read_end(Pager *p) {
  pager_assert_state(p);
  if (p->eState != PAGER_READER) return;
  if (p->pWal) {
    wal_end_read(p->pWal); /* the SHARED lock stays (invariant 7) */
    if (p->bCkptDue) {
      /* After a commit that made the log long enough (wal_autocheckpoint),
      ** once our own read mark no longer pins the frames; its failure is
      ** not the commit's. */
      int nLog = 0, nCkpt = 0;
      p->bCkptDue = 0;
      wal_checkpoint(p->pWal, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL, p->syncLevel, &nLog, &nCkpt);
    }
  } else {
    pager_unlock_db(p, SQLITE_LOCK_NONE);
  }
  p->eState = PAGER_OPEN;
}

/* ---- open, close, settings -------------------------------------------- */

static int pager_open_file(Pager *p, const char *zPath, int openFlags) {
  char *zFull = mem_malloc((u64)p->pBackend->mxPathname + 1);
  if (zFull == NULL) return SQLITE_NOMEM;
  int rc = p->pBackend->full_path(p->pBackend, zPath, p->pBackend->mxPathname + 1, zFull);
  if (rc != SQLITE_OK) {
    mem_free(zFull);
    return SQLITE_CANTOPEN;
  }
  p->zFilename = zFull;
  size_t n = strlen(zFull);
  p->zJournal = mem_malloc(n + 9);
  if (p->zJournal == NULL) return SQLITE_NOMEM;
  memcpy(p->zJournal, zFull, n);
  memcpy(p->zJournal + n, "-journal", 9);
  int outFlags = 0;
  rc = io_open(p->pBackend, zFull, openFlags | SQLITE_OPEN_MAIN_DB, &outFlags, &p->pFd);
  if (rc != SQLITE_OK) return (rc & 0xff) == SQLITE_CANTOPEN ? rc : SQLITE_CANTOPEN;
  if ((outFlags & SQLITE_OPEN_READONLY) || (openFlags & SQLITE_OPEN_READONLY)) p->bReadOnly = 1;
  return SQLITE_OK;
}

int pager_open(IoBackend *pBackend, const char *zPath, int pagerFlags, int openFlags,
               int szExtra, Pager **ppPager) {
  ASSERT(ppPager != NULL && szExtra >= 0);
  *ppPager = NULL;
  Pager *p = mem_zalloc(sizeof(*p));
  if (p == NULL) return SQLITE_NOMEM;
  p->pBackend = pBackend ? pBackend : io_default();
  p->bMemory = (pagerFlags & PAGER_MEMORY) || (zPath && strcmp(zPath, ":memory:") == 0);
  p->bTemp = !p->bMemory && (zPath == NULL || zPath[0] == 0);
  p->pageSize = 4096;
  p->szExtra = (szExtra + 7) & ~7;
  p->cacheSize = -2000;
  p->bSpill = 1;
  p->nSpill = 1;
  p->syncLevel = p->bTemp ? 0 : 2;
  p->nAutoCkpt = 1000;
  p->aScratch = mem_malloc(p->pageSize + 8);
  int rc = p->aScratch ? SQLITE_OK : SQLITE_NOMEM;
  if (rc == SQLITE_OK && pager_is_file(p)) {
    rc = pager_open_file(p, zPath, openFlags);
  } else if (rc == SQLITE_OK) {
    p->zFilename = mem_strdup("");
    if (p->zFilename == NULL) rc = SQLITE_NOMEM;
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_DELETEONCLOSE |
                SQLITE_OPEN_TEMP_DB | SQLITE_OPEN_EXCLUSIVE;
    if (rc == SQLITE_OK && p->bTemp) {
      rc = io_open(p->pBackend, NULL, flags, NULL, &p->pFd);
      if (rc != SQLITE_OK) rc = SQLITE_CANTOPEN;
    }
  }
  if (rc != SQLITE_OK) {
    pager_close(p);
    return rc;
  }
  pcache_init(&p->cache, p, (int)p->pageSize, p->szExtra, pager_cache_pages(p), p->bMemory);
  *ppPager = p;
  return SQLITE_OK;
}

/* The last connection (it gets EXCLUSIVE) checkpoints and deletes the
** log and the wal-index, as SQLite does. */
static int pager_close_wal(Pager *p) {
  int bLast = p->pFd->pMethods->lock(p->pFd, SQLITE_LOCK_EXCLUSIVE) == SQLITE_OK;
  int rc = wal_close(p->pWal, bLast, p->syncLevel);
  p->pWal = NULL;
  pager_unlock_db(p, SQLITE_LOCK_NONE);
  p->eState = PAGER_OPEN;
  return rc;
}

void pager_close(Pager *p) {
  if (p == NULL) return;
  if (p->eState >= PAGER_WRITER_LOCKED) pager_rollback(p);
  if (p->eState == PAGER_READER) pager_read_end(p);
  int rc = SQLITE_OK;
  pager_close_journal(p, 0, &rc);
  if (p->pWal) pager_close_wal(p);
  io_close(p->pFd);
  pcache_destroy(&p->cache);
  pager_sp_free_from(p, 0);
  mem_free(p->aSp);
  bitmap_free(&p->txnSp.done);
  bitmap_free(&p->inJournal);
  pager_sub_free_all(p);
  pager_img_pool_clear(p);
  mem_free(p->aScratch);
  mem_free(p->zFilename);
  mem_free(p->zJournal);
  mem_free(p);
}

void pager_set_busy_handler(Pager *p, int (*xBusy)(void *, int), void *pArg) {
  p->xBusy = xBusy;
  p->pBusyArg = pArg;
}

int pager_busy_retry(Pager *p, int nPrior) {
  return p->xBusy != NULL && p->xBusy(p->pBusyArg, nPrior);
}

void pager_set_cache_size(Pager *p, int nPages) {
  p->cacheSize = nPages == 0 ? -2000 : nPages;
  pcache_set_limit(&p->cache, pager_cache_pages(p));
}

void pager_set_cache_spill(Pager *p, int nPages) {
  ASSERT(nPages >= 0 || nPages == PAGER_SPILL_ON);
  p->bSpill = nPages != 0;
  if (nPages > 0) p->nSpill = nPages;
}

int pager_cache_spill(const Pager *p) {
  return p->bSpill ? CORE_MAX(p->nSpill, p->cache.nMax) : 0;
}

void pager_set_synchronous(Pager *p, int level) {
  if (p->bTemp) return;
  p->syncLevel = CORE_MIN(CORE_MAX(level, 0), 3);
}

void pager_set_page_size(Pager *p, u32 pageSize) {
  if (!pager_valid_page_size(pageSize) || pageSize == p->pageSize) return;
  if (p->cache.nRefSum > 0 || p->eState > PAGER_WRITER_LOCKED) return;
  if (p->dbSize > 0) return; /* as last seen: the file has content */
  pager_resize(p, pageSize); /* on NOMEM the request is ignored */
}

u32 pager_page_size(const Pager *p) { return p->pageSize; }
int pager_is_memory(const Pager *p) { return p->bMemory; }
int pager_is_readonly(const Pager *p) { return p->bReadOnly; }
const char *pager_filename(const Pager *p) { return p->zFilename; }
IoBackend *pager_backend(const Pager *p) { return p->pBackend; }
IoFile *pager_file(const Pager *p) { return p->pFd; }
u32 pager_data_version(const Pager *p) { return p->dataVersion; }
u32 pager_page_count(const Pager *p) { return p->dbSize; }
int pager_in_write(const Pager *p) { return p->eState >= PAGER_WRITER_LOCKED; }

int pager_spill_count(const Pager *p) { return p->nSpilled; }

void pager_cache_stats(const Pager *p, int *pnHit, int *pnMiss, int *pnWrite) {
  if (pnHit) *pnHit = p->nHit;
  if (pnMiss) *pnMiss = p->nMiss;
  if (pnWrite) *pnWrite = p->nWrite;
}

static int pager_walpage_cmp(const void *a, const void *b) {
  u32 x = ((const WalPage *)a)->pgno, y = ((const WalPage *)b)->pgno;
  return (x > y) - (x < y);
}

static int pager_pgno_cmp(const void *a, const void *b) {
  u32 x = (*(PgHdr *const *)a)->page.pgno;
  u32 y = (*(PgHdr *const *)b)->page.pgno;
  return x < y ? -1 : x > y;
}

/* ---- spilling ------------------------------------------------------------ */

/* Syncs the journal before a spill (invariant 4) and, when that patched a
** count, starts a new segment so the synced count stays true. */
static int pager_sync_for_spill(Pager *p) {
  if (p->syncLevel == 0 || p->bJournalSynced) return SQLITE_OK;
  int rc = pager_sync_journal(p);
  if (rc != SQLITE_OK) return rc;
  i64 sector = p->jSectorSize;
  p->jHdrOff = (p->jOff + sector - 1) / sector * sector;
  p->jOff = p->jHdrOff + sector;
  p->nJRec = 0;
  return pager_write_jhdr(p); /* count 0 until the next sync patches it */
}

static int pager_may_spill(const Pager *p) {
  return pager_is_file(p) && p->bSpill && p->cache.nPage >= p->nSpill &&
         p->eState >= PAGER_WRITER_CACHEMOD && p->eState <= PAGER_WRITER_DBMOD;
}

/* Pages cut off by pager_truncate_image are not written before commit.  A
** savepoint rollback may leave a page dirty that this transaction never
** journaled (its original came back from a sub-journal record taken at a
** truncation); such a page stays in the cache, so invariant 3 holds for
** every page on disk. */
static int pager_spillable(const Pager *p, u32 pgno) {
  return pgno <= p->dbSize && (pgno > p->dbOrigSize || bitmap_test(&p->inJournal, pgno));
}

static int pager_touch_cmp(const void *a, const void *b) {
  u32 x = (*(PgHdr *const *)a)->iTouch;
  u32 y = (*(PgHdr *const *)b)->iTouch;
  return x < y ? -1 : x > y;
}

/* Writes apPg[0..n) to the file in page order, PAGER_SPILL_IO at a time. */
static int pager_spill_io(Pager *p, PgHdr **apPg, int n) {
  IoReq aReq[PAGER_SPILL_IO];
  qsort(apPg, (size_t)n, sizeof(PgHdr *), pager_pgno_cmp);
  for (int i0 = 0; i0 < n; i0 += PAGER_SPILL_IO) {
    int nReq = CORE_MIN(n - i0, PAGER_SPILL_IO);
    for (int i = 0; i < nReq; i++) {
      PgHdr *pg = apPg[i0 + i];
      ASSERT(pg->nRef == 0 && !(pg->flags & PGHDR_NEED_READ));
      ASSERT(pager_spillable(p, pg->page.pgno)); /* invariant 3 */
      aReq[i] = (IoReq){.op = IO_WRITE, .n = (int)p->pageSize, .buf = pg->page.aData,
                        .offset = (i64)(pg->page.pgno - 1) * p->pageSize};
    }
    int rc = io_run(p->pFd, aReq, nReq);
    if (rc != SQLITE_OK) return rc;
  }
  p->dbFileSize = CORE_MAX(p->dbFileSize, apPg[n - 1]->page.pgno);
  return SQLITE_OK;
}

/* Writes the spill batch apPg[0..n) and marks the pages clean and no
** longer writeable, least recently used first so that the LRU list keeps
** their order. */
static int pager_spill_write(Pager *p, PgHdr **apPg, int n) {
  ASSERT(n > 0);
  p->bDbWritten = 1; /* from here a rollback must play the journal back */
  p->eState = PAGER_WRITER_DBMOD;
  int rc = pager_spill_io(p, apPg, n);
  if (rc != SQLITE_OK) return rc;
  p->nWrite += n;
  p->nSpilled += n;
  qsort(apPg, (size_t)n, sizeof(PgHdr *), pager_touch_cmp);
  for (int i = 0; i < n; i++) {
    apPg[i]->flags &= (u16)~PGHDR_WRITEABLE;
    pcache_make_clean(&p->cache, apPg[i]); /* now evictable (invariant 6) */
  }
  return SQLITE_OK;
}

/* Locks, syncs and writes the spillable pages apPg[0..n): all of them when
** the journal needs a sync, else the nBatch least recently used. */
static int pager_spill_pages(Pager *p, PgHdr **apPg, int n, int nBatch) {
  int rc = pager_lock_wait(p, SQLITE_LOCK_EXCLUSIVE);
  if (rc == SQLITE_BUSY) return SQLITE_OK; /* no spill: the cache grows */
  int bSync = p->syncLevel > 0 && !p->bJournalSynced;
  if (rc == SQLITE_OK) rc = pager_sync_for_spill(p);
  if (rc != SQLITE_OK) return rc;
  if (!bSync && n > nBatch) {
    qsort(apPg, (size_t)n, sizeof(PgHdr *), pager_touch_cmp);
    n = nBatch;
  }
  return pager_spill_write(p, apPg, n);
}

/* Makes room in a cache full of dirty pages by writing some of them to the
** database file (PRAGMA cache_spill).  SQLITE_OK also when nothing could be
** spilled (spilling off, every dirty page referenced, BUSY on the EXCLUSIVE
** lock, or no memory to plan it): the cache then grows past its limit.
** I/O errors put the pager in the error state (invariant 5 of pager.h). */
static int pager_spill(Pager *p) {
  ASSERT(pcache_is_full(&p->cache));
  if (!pager_may_spill(p) || p->errCode || p->cache.nDirty == 0) return SQLITE_OK;
  PgHdr **apPg = mem_malloc(sizeof(PgHdr *) * (u64)p->cache.nDirty);
  if (apPg == NULL) return SQLITE_OK;
  int n = pcache_spill_candidates(&p->cache, apPg, p->cache.nDirty);
  int k = 0;
  for (int i = 0; i < n; i++) {
    if (pager_spillable(p, apPg[i]->page.pgno)) apPg[k++] = apPg[i];
  }
  int rc = SQLITE_OK;
  if (k > 0) rc = pager_spill_pages(p, apPg, k, CORE_MAX(p->cache.nMax / 4, 1));
  mem_free(apPg);
  pager_assert_state(p);
  return rc == SQLITE_OK ? rc : pager_error(p, rc);
}

/* ---- pages -------------------------------------------------------------- */

/* pager_get when the page is not cached, or for any error.  Kept out of
** line so that the hit path in pager_get needs no stack frame. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static int pager_get_slow(Pager *p, u32 pgno, int flags, PgPage **ppPage) {
  *ppPage = NULL;
  if (p->errCode) return p->errCode;
  ASSERT(p->eState >= PAGER_READER);
  if (p->eState < PAGER_READER) return SQLITE_MISUSE;
  if (pgno == 0 || pgno > PAGER_MAX_PGNO) return ERR_CORRUPT();
  p->bTouched = 1;
  PgHdr *pg = pcache_find(&p->cache, pgno);
  if (pg != NULL) {
    pcache_ref(&p->cache, pg);
    p->nHit++;
    *ppPage = &pg->page;
    return SQLITE_OK;
  }
  p->nMiss++;
  int rc = pcache_is_full(&p->cache) ? pager_spill(p) : SQLITE_OK;
  if (rc == SQLITE_OK) rc = pcache_create(&p->cache, pgno, &pg);
  if (rc != SQLITE_OK) return rc;
  rc = pager_load_page(p, pg, (flags & PAGER_GET_NOCONTENT) != 0);
  if (rc != SQLITE_OK) {
    pcache_unref(&p->cache, pg);
    pcache_drop(&p->cache, pg);
    return rc;
  }
  ASSERT(pg->nRef == 1 && pg->page.pgno == pgno);
  *ppPage = &pg->page;
  return SQLITE_OK;
}

/* The hit path stays small (no frame for the miss path's calls). */
int pager_get(Pager *p, u32 pgno, int flags, PgPage **ppPage) {
  if (p->errCode == 0 && p->eState >= PAGER_READER && pgno - 1 < PAGER_MAX_PGNO) {
    PgHdr *pg = pcache_find(&p->cache, pgno);
    if (pg != NULL) {
      p->bTouched = 1;
      pcache_ref(&p->cache, pg);
      p->nHit++;
      *ppPage = &pg->page;
      return SQLITE_OK;
    }
  }
  return pager_get_slow(p, pgno, flags, ppPage);
}

PgPage *pager_lookup(Pager *p, u32 pgno) {
  PgHdr *pg = pcache_find(&p->cache, pgno);
  if (pg == NULL || p->eState < PAGER_READER) return NULL;
  pcache_ref(&p->cache, pg);
  return &pg->page;
}

void pager_ref(PgPage *pPage) {
  PgHdr *pg = (PgHdr *)pPage;
  ASSERT(pg->nRef > 0);
  pcache_ref(&pg->pPager->cache, pg);
}

void pager_unref(PgPage *pPage) {
  if (pPage == NULL) return;
  PgHdr *pg = (PgHdr *)pPage;
  Pager *p = pg->pPager;
  pcache_unref(&p->cache, pg);
  /* A NOCONTENT page nobody wrote holds zeros, not the file's image. */
  if (pg->nRef == 0 && (pg->flags & PGHDR_NEED_READ) && !(pg->flags & PGHDR_WRITEABLE)) {
    pcache_drop(&p->cache, pg);
  }
}

int pager_is_writable(const PgPage *pPage) {
  return (((const PgHdr *)pPage)->flags & PGHDR_WRITEABLE) != 0;
}

/* ---- write transactions ---------------------------------------------- */

static void pager_begin_write_state(Pager *p) {
  p->eState = PAGER_WRITER_LOCKED;
  p->dbOrigSize = p->dbSize;
  p->bHeaderDone = 0;
  p->bDbWritten = 0;
  bitmap_free(&p->inJournal);
  if (!pager_is_file(p)) {
    p->bMemJournal = 1;
    p->txnSp = (PagerSavepoint){.nOrig = p->dbSize, .iRec = p->nSub};
  }
}

/* Takes RESERVED.  While nothing was read under the current SHARED lock,
** BUSY is retried through the busy handler, dropping SHARED between tries
** so that a writer waiting for EXCLUSIVE can finish (lockingv3.html). */
static int pager_lock_reserved(Pager *p, int bOwnRead) {
  int rc = SQLITE_BUSY;
  for (int n = 0; n < 0x7fffffff; n++) {
    rc = p->pFd->pMethods->lock(p->pFd, SQLITE_LOCK_RESERVED);
    if (rc != SQLITE_BUSY) break;
    if ((!bOwnRead && p->bTouched) || p->xBusy == NULL || !p->xBusy(p->pBusyArg, n)) break;
    pager_read_end(p);
    rc = pager_read_begin(p);
    if (rc != SQLITE_OK) return rc;
    bOwnRead = 1;
  }
  return rc;
}

/* The WAL write lock.  While nothing was read under this snapshot, a busy
** or stale snapshot is retried (through the busy handler for BUSY) with a
** fresh snapshot; after reads the caller must start over. */
static int pager_wal_write_lock(Pager *p, int bOwnRead) {
  int rc = SQLITE_BUSY;
  for (int n = 0; n < 0x7fffffff; n++) {
    rc = wal_begin_write(p->pWal);
    if (rc == SQLITE_OK || (!bOwnRead && p->bTouched)) break;
    if (rc == SQLITE_BUSY && (p->xBusy == NULL || !p->xBusy(p->pBusyArg, n))) break;
    if (rc != SQLITE_BUSY && rc != SQLITE_BUSY_SNAPSHOT) break;
    pager_read_end(p);
    rc = pager_read_begin(p);
    if (rc != SQLITE_OK) return rc;
    bOwnRead = 1;
  }
  return rc;
}

int pager_write_begin(Pager *p, int bExclusive) {
  pager_assert_state(p);
  if (p->errCode) return p->errCode;
  if (p->eState >= PAGER_WRITER_LOCKED) return SQLITE_OK;
  if (p->bReadOnly) return SQLITE_READONLY;
  int bOwnRead = p->eState == PAGER_OPEN;
  int rc = pager_read_begin(p);
  if (rc != SQLITE_OK) return rc;
  if (p->pWal) {
    rc = pager_wal_write_lock(p, bOwnRead);
    if (rc != SQLITE_OK) {
      if (bOwnRead) pager_read_end(p);
      return rc;
    }
  } else if (pager_is_file(p)) {
    rc = pager_lock_reserved(p, bOwnRead);
    if (rc == SQLITE_OK && bExclusive) {
      rc = pager_lock_wait(p, SQLITE_LOCK_EXCLUSIVE);
      if (rc != SQLITE_OK) pager_unlock_db(p, SQLITE_LOCK_SHARED);
    }
    if (rc != SQLITE_OK) {
      if (bOwnRead) pager_read_end(p);
      return rc;
    }
  }
  pager_begin_write_state(p);
  pager_assert_state(p);
  return SQLITE_OK;
}

int pager_write(PgPage *pPage) {
  PgHdr *pg = (PgHdr *)pPage;
  Pager *p = pg->pPager;
  if (p->errCode) return p->errCode;
  ASSERT(pg->nRef > 0);
  ASSERT(p->eState >= PAGER_WRITER_LOCKED && p->eState <= PAGER_WRITER_DBMOD);
  if (p->eState < PAGER_WRITER_LOCKED) return SQLITE_MISUSE;
  if ((pg->flags & PGHDR_WRITEABLE) && p->nSp == 0) return SQLITE_OK;
  int rc = SQLITE_OK;
  if (p->eState == PAGER_WRITER_LOCKED && p->pWal == NULL) rc = pager_open_journal(p);
  u32 pgno = pg->page.pgno;
  if (rc == SQLITE_OK && p->pJfd && pgno <= p->dbOrigSize &&
      !bitmap_test(&p->inJournal, pgno)) {
    rc = pager_journal_page(p, pg);
  }
  if (rc == SQLITE_OK) rc = pager_subjournal(p, pg);
  if (rc != SQLITE_OK) return pager_error(p, rc);
  pg->flags = (u16)((pg->flags & ~PGHDR_NEED_READ) | PGHDR_WRITEABLE);
  pcache_make_dirty(&p->cache, pg);
  if (pgno > p->dbSize) p->dbSize = pgno;
  ASSERT(pgno > p->dbOrigSize || !pager_is_file(p) || p->pWal ||
         bitmap_test(&p->inJournal, pgno));
  return SQLITE_OK;
}

typedef struct CutCtx {
  Pager *p;    /* the pager */
  u32 nPage;   /* new size */
  int rc;      /* first error */
} CutCtx;

static void pager_cut_one(void *pArg, PgHdr *pg) {
  CutCtx *c = pArg;
  if (pg->page.pgno <= c->nPage || c->rc != SQLITE_OK) return;
  c->rc = pager_subjournal(c->p, pg); /* savepoints may bring it back */
  if (c->rc == SQLITE_OK && pg->nRef == 0) pcache_drop(&c->p->cache, pg);
}

void pager_truncate_image(Pager *p, u32 nPage) {
  ASSERT(p->eState >= PAGER_WRITER_LOCKED);
  if (p->errCode || nPage >= p->dbSize) return;
  int rc = SQLITE_OK;
  if (p->eState == PAGER_WRITER_LOCKED && p->pWal == NULL) rc = pager_open_journal(p);
  CutCtx c = {p, nPage, rc};
  if (rc == SQLITE_OK) pcache_foreach(&p->cache, pager_cut_one, &c);
  if (c.rc != SQLITE_OK) {
    pager_error(p, c.rc);
    return;
  }
  p->dbSize = nPage;
}

/* ---- commit -------------------------------------------------------------- */

/* Stamps page 1: change counter (24), page count (28), version-valid-for
** (92) and library version (96). */
static int pager_stamp_header(Pager *p) {
  PgPage *pg1 = NULL;
  int rc = pager_get(p, 1, 0, &pg1);
  if (rc == SQLITE_OK) rc = pager_write(pg1);
  if (rc == SQLITE_OK) {
    u32 counter = get4(pg1->aData + 24) + 1;
    put4(pg1->aData + 24, counter);
    put4(pg1->aData + 28, p->dbSize);
    put4(pg1->aData + 92, counter);
    put4(pg1->aData + 96, SQLITE_VERSION_NUMBER);
  }
  pager_unref(pg1);
  return rc;
}

/* Writes every dirty page within dbSize, in page order, as one batch,
** then sets the file to exactly dbSize pages. */
static int pager_write_dirty(Pager *p) {
  PgHdr **apPg = NULL;
  int nPg = 0;
  int rc = pcache_collect(&p->cache, 1, &apPg, &nPg);
  if (rc != SQLITE_OK) return rc;
  IoReq *aReq = mem_malloc(sizeof(IoReq) * (u64)(nPg + 1));
  if (aReq == NULL) {
    mem_free(apPg);
    return SQLITE_NOMEM;
  }
  int nReq = 0;
  for (int i = 0; i < nPg; i++) {
    u32 pgno = apPg[i]->page.pgno;
    if (pgno > p->dbSize) continue;
    aReq[nReq++] = (IoReq){.op = IO_WRITE, .n = (int)p->pageSize, .buf = apPg[i]->page.aData,
                           .offset = (i64)(pgno - 1) * p->pageSize};
  }
  p->bDbWritten = 1;
  rc = io_run(p->pFd, aReq, nReq);
  p->nWrite += nReq;
  mem_free(aReq);
  mem_free(apPg);
  i64 szDb = 0;
  i64 szWant = (i64)p->dbSize * p->pageSize;
  if (rc == SQLITE_OK) rc = p->pFd->pMethods->size(p->pFd, &szDb);
  if (rc == SQLITE_OK && szDb != szWant) rc = p->pFd->pMethods->truncate(p->pFd, szWant);
  if (rc == SQLITE_OK) p->dbFileSize = p->dbSize;
  return rc;
}

static int pager_commit_file(Pager *p) {
  int rc = SQLITE_OK;
  if (pager_is_file(p)) {
    rc = pager_lock_wait(p, SQLITE_LOCK_EXCLUSIVE);
    if (rc != SQLITE_OK) return rc; /* BUSY: the transaction stays intact */
  }
  if (!p->bHeaderDone && p->dbSize >= 1) {
    rc = pager_stamp_header(p);
    if (rc != SQLITE_OK) return pager_error(p, rc);
    p->bHeaderDone = 1;
  }
  if (p->pJfd && p->dbSize < p->dbOrigSize) rc = pager_journal_cut_pages(p);
  if (rc == SQLITE_OK) rc = pager_sync_journal(p);
  if (rc != SQLITE_OK) return pager_error(p, rc);
  p->eState = PAGER_WRITER_DBMOD;
  pager_assert_state(p);
  rc = pager_write_dirty(p);
  if (rc == SQLITE_OK && p->syncLevel > 0) {
    rc = p->pFd->pMethods->sync(p->pFd, p->syncLevel >= 2 ? SQLITE_SYNC_FULL : SQLITE_SYNC_NORMAL);
  }
  if (rc != SQLITE_OK) return pager_error(p, rc);
  return SQLITE_OK;
}

/* WAL commit: the dirty pages within dbSize become frames, the last one
** the commit frame (wal.h invariant 3). */
static int pager_commit_wal(Pager *p) {
  if (p->cache.nDirty == 0) return SQLITE_OK;
  int rc = SQLITE_OK;
  /* As SQLite: page 1 is stamped only when it goes to the log anyway or
  ** the size changed, so a commit not touching it adds no frame for it. */
  PgHdr *pg1 = pcache_find(&p->cache, 1);
  int bStamp = pg1 && ((pg1->flags & PGHDR_DIRTY) || get4(pg1->page.aData + 28) != p->dbSize);
  if (pg1 == NULL && p->dbSize != p->dbOrigSize) bStamp = 1;
  if (!p->bHeaderDone && p->dbSize >= 1 && bStamp) rc = pager_stamp_header(p);
  if (rc != SQLITE_OK) return pager_error(p, rc);
  p->bHeaderDone = 1;
  PgHdr **apPg = NULL;
  int nPg = 0;
  rc = pcache_collect(&p->cache, 1, &apPg, &nPg);
  if (rc != SQLITE_OK) return rc;
  WalPage *a = mem_malloc(sizeof(WalPage) * (u64)(nPg + 1));
  int n = 0;
  for (int i = 0; a && i < nPg; i++) {
    if (apPg[i]->page.pgno > p->dbSize) continue;
    a[n++] = (WalPage){apPg[i]->page.pgno, apPg[i]->page.aData};
  }
  if (a == NULL) rc = SQLITE_NOMEM;
  if (rc == SQLITE_OK && n > 0) {
    qsort(a, (size_t)n, sizeof(WalPage), pager_walpage_cmp);
    rc = wal_commit(p->pWal, p->pageSize, a, n, p->dbSize, p->syncLevel);
    p->nWrite += n;
  }
  mem_free(a);
  mem_free(apPg);
  return rc == SQLITE_OK ? rc : pager_error(p, rc);
}

int pager_commit_phase_one(Pager *p) {
  pager_assert_state(p);
  if (p->errCode) return p->errCode;
  ASSERT(p->eState >= PAGER_WRITER_LOCKED);
  if (p->pWal && p->eState == PAGER_WRITER_LOCKED) {
    int rc = pager_commit_wal(p);
    if (rc == SQLITE_OK) p->eState = PAGER_WRITER_FINISHED;
    return rc;
  }
  if (p->eState == PAGER_WRITER_LOCKED || p->eState == PAGER_WRITER_FINISHED) return SQLITE_OK;
  /* invariant 3 of pager.h: only page 1 may still be referenced */
#ifdef SQLITE_DEBUG
  PgHdr *pg1 = pcache_find(&p->cache, 1);
  ASSERT(p->cache.nRefSum == (pg1 ? pg1->nRef : 0));
#endif
  int rc = SQLITE_OK;
  if (!p->bMemory) rc = pager_commit_file(p);
  if (rc == SQLITE_OK) p->eState = PAGER_WRITER_FINISHED;
  return rc;
}

static void pager_clear_one(void *pArg, PgHdr *pg) {
  Pager *p = pArg;
  pg->flags &= (u16)~PGHDR_WRITEABLE;
  pcache_make_clean(&p->cache, pg);
  if (pg->nRef == 0 && pg->page.pgno > p->dbSize) pcache_drop(&p->cache, pg);
}

/* Forgets the transaction's bookkeeping after commit or rollback. */
static void pager_end_txn(Pager *p) {
  pcache_foreach(&p->cache, pager_clear_one, p);
  bitmap_free(&p->inJournal);
  pager_sp_free_from(p, 0);
  bitmap_free(&p->txnSp.done);
  p->bMemJournal = 0;
  pager_sub_free_all(p);
  p->dbOrigSize = p->dbSize;
  p->bHeaderDone = 0;
  p->bDbWritten = 0;
  if (pager_is_file(p) && p->dbSize >= 1) {
    PgHdr *pg1 = pcache_find(&p->cache, 1);
    if (pg1) memcpy(p->aFileVers, pg1->page.aData + 24, 16);
    else p->bFileVersValid = 0;
  }
  p->eState = PAGER_READER;
  pcache_set_limit(&p->cache, pager_cache_pages(p));
}

int pager_commit_phase_two(Pager *p) {
  pager_assert_state(p);
  if (p->errCode) return p->errCode;
  ASSERT(p->eState == PAGER_WRITER_LOCKED || p->eState == PAGER_WRITER_FINISHED);
  int rc = SQLITE_OK;
  pager_close_journal(p, 1, &rc);
  if (rc != SQLITE_OK) return pager_error(p, rc); /* journal still open: rollback plays it */
  if (p->dbSize == 0 && pager_is_file(p)) memset(p->aFileVers, 0, 16);
  pager_end_txn(p);
  if (p->pWal) {
    wal_end_write(p->pWal);
    p->bCkptDue = p->nAutoCkpt > 0 && wal_frame_count(p->pWal) >= (u32)p->nAutoCkpt;
    return SQLITE_OK;
  }
  rc = pager_unlock_db(p, SQLITE_LOCK_SHARED);
  pager_assert_state(p);
  return rc;
}

int pager_commit(Pager *p) {
  int rc = pager_commit_phase_one(p);
  if (rc == SQLITE_OK) rc = pager_commit_phase_two(p);
  return rc;
}

/* ---- rollback ------------------------------------------------------------ */

static int pager_rollback_mem(Pager *p) {
  int rc = SQLITE_OK;
  if (p->bMemJournal) rc = pager_sub_playback(p, &p->txnSp);
  pcache_foreach(&p->cache, pager_trim_one, p);
  if (rc == SQLITE_OK && p->bTemp && p->bDbWritten) {
    /* A failed commit wrote part of the temp file: put the originals back,
    ** since clean pages may be evicted and read again from the file. */
    rc = pager_write_dirty(p);
  }
  pager_end_txn(p);
  return rc;
}

/* Restores the file database; on failure the journal stays behind, hot,
** and the pager drops every lock so the next read_begin recovers. */
static int pager_rollback_file(Pager *p) {
  int rc = SQLITE_OK;
  if (p->pJfd && p->bDbWritten) rc = pager_playback(p);
  pager_close_journal(p, rc == SQLITE_OK, &rc);
  if (p->pJfd) { /* could not delete it: leave it hot for the next reader */
    io_close(p->pJfd);
    p->pJfd = NULL;
  }
  p->dbSize = p->dbOrigSize;
  if (rc != SQLITE_OK) {
    pager_reset_cache(p, 1);
    pager_end_txn(p);
    p->bFileVersValid = 0;
    pager_unlock_db(p, SQLITE_LOCK_NONE);
    p->eState = PAGER_OPEN;
    return rc;
  }
  if (p->bDbWritten) p->dbFileSize = p->dbOrigSize;
  pager_reset_cache(p, p->bDbWritten);
  pager_end_txn(p);
  return pager_unlock_db(p, SQLITE_LOCK_SHARED);
}

/* WAL rollback: nothing reached the log; the snapshot is intact, so the
** dirty pages are reloaded from it (invariant 7). */
static int pager_rollback_wal(Pager *p) {
  p->dbSize = p->dbOrigSize;
  pager_reset_cache(p, 0);
  pager_end_txn(p);
  wal_end_write(p->pWal);
  return SQLITE_OK;
}

int pager_rollback(Pager *p) {
  pager_assert_state(p);
  if (p->eState < PAGER_WRITER_LOCKED) return SQLITE_OK;
  p->errCode = SQLITE_OK;
  int rc = p->pWal ? pager_rollback_wal(p)
                   : pager_is_file(p) ? pager_rollback_file(p) : pager_rollback_mem(p);
  pager_assert_state(p);
  return rc;
}

/* ---- savepoints ------------------------------------------------------ */

int pager_savepoint_open(Pager *p, int nSavepoint) {
  if (p->errCode) return p->errCode;
  if (nSavepoint <= p->nSp) return SQLITE_OK;
  PagerSavepoint *aNew = mem_realloc(p->aSp, sizeof(PagerSavepoint) * (u64)nSavepoint);
  if (aNew == NULL) return SQLITE_NOMEM;
  p->aSp = aNew;
  for (int i = p->nSp; i < nSavepoint; i++) {
    p->aSp[i] = (PagerSavepoint){.nOrig = p->dbSize, .iRec = p->nSub};
  }
  p->nSp = nSavepoint;
  return SQLITE_OK;
}

int pager_savepoint_count(const Pager *p) { return p->nSp; }

/* Releases savepoints >= i and frees trailing records only they needed. */
static void pager_savepoint_release(Pager *p, int i) {
  pager_sp_free_from(p, i);
  int n = p->nSub;
  while (n > 0 && p->aSub[n - 1].iNeed >= i) n--;
  for (int k = n; k < p->nSub; k++) pager_img_free(p, p->aSub[k].aData);
  p->nSub = n;
}

int pager_savepoint(Pager *p, int op, int iSavepoint) {
  ASSERT(op == PAGER_SAVEPOINT_RELEASE || op == PAGER_SAVEPOINT_ROLLBACK);
  if (p->errCode) return p->errCode;
  if (iSavepoint < 0 || iSavepoint >= p->nSp) return SQLITE_OK;
  if (op == PAGER_SAVEPOINT_RELEASE) {
    pager_savepoint_release(p, iSavepoint);
    return SQLITE_OK;
  }
  PagerSavepoint *sp = &p->aSp[iSavepoint];
  int rc = pager_sub_playback(p, sp);
  if (rc != SQLITE_OK) return pager_error(p, rc);
  pager_sp_free_from(p, iSavepoint + 1);
  pager_sub_truncate(p, sp->iRec, iSavepoint);
  bitmap_free(&sp->done);
  sp->iRec = p->nSub;
  pcache_foreach(&p->cache, pager_trim_one, p);
  return SQLITE_OK;
}

/* ---- WAL mode switching and checkpoints (invariant 7) ------------------- */

int pager_is_wal(const Pager *p) { return p->pWal != NULL; }

int pager_wal_supported(const Pager *p) {
  return pager_is_file(p) && p->pFd->pMethods->shm_map != NULL && !p->bReadOnly;
}

/* Inside the caller's write transaction: header bytes 18/19 (file format
** read/write versions) = v; 2 means WAL, opened at the next read. */
int pager_set_format_version(Pager *p, int v) {
  ASSERT(v == 1 || v == 2);
  PgPage *pg1 = NULL;
  int rc = pager_get(p, 1, 0, &pg1);
  if (rc == SQLITE_OK && (pg1->aData[18] != v || pg1->aData[19] != v)) {
    rc = pager_write(pg1);
    if (rc == SQLITE_OK) pg1->aData[18] = pg1->aData[19] = (u8)v;
  }
  pager_unref(pg1);
  return rc;
}

/* Leaves WAL mode with no transaction open: as the only connection
** (EXCLUSIVE, else SQLITE_BUSY), checkpoints everything, deletes the log
** and the wal-index and sets the header back to rollback mode. */
int pager_leave_wal(Pager *p) {
  if (p->pWal == NULL) return SQLITE_OK;
  if (p->eState != PAGER_OPEN) return SQLITE_ERROR;
  int rc = p->pFd->pMethods->lock(p->pFd, SQLITE_LOCK_EXCLUSIVE);
  if (rc != SQLITE_OK) {
    pager_unlock_db(p, SQLITE_LOCK_SHARED);
    return rc;
  }
  rc = wal_close(p->pWal, 1, p->syncLevel);
  p->pWal = NULL;
  if (rc == SQLITE_OK) {
    /* Two bytes of one sector: the header stays whole if this is torn. */
    u8 aVer[2] = {1, 1};
    rc = io_write(p->pFd, aVer, 2, 18);
    if (rc == SQLITE_OK) rc = p->pFd->pMethods->sync(p->pFd, SQLITE_SYNC_NORMAL);
  }
  p->bHdrWal = 0;
  p->bFileVersValid = 0;
  pager_reset_cache(p, 1);
  pager_unlock_db(p, SQLITE_LOCK_NONE);
  return rc;
}

int pager_wal_checkpoint(Pager *p, int eMode, int *pnLog, int *pnCkpt) {
  *pnLog = *pnCkpt = -1;
  int rc = SQLITE_OK;
  if (p->pWal && p->eState >= PAGER_WRITER_LOCKED) rc = SQLITE_LOCKED;
  else if (p->pWal) rc = wal_checkpoint(p->pWal, eMode, p->xBusy, p->pBusyArg, p->syncLevel, pnLog, pnCkpt);
  p->nCkptLog = *pnLog;
  p->nCkptDone = *pnCkpt;
  return rc;
}

void pager_last_checkpoint(const Pager *p, int *pnLog, int *pnCkpt) {
  *pnLog = p->nCkptLog;
  *pnCkpt = p->nCkptDone;
}

void pager_set_autocheckpoint(Pager *p, int nFrame) { p->nAutoCkpt = nFrame > 0 ? nFrame : 0; }
int pager_autocheckpoint(const Pager *p) { return p->nAutoCkpt; }
