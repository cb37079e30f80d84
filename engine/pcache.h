/*
** pcache.h: the page cache behind one pager.  A hash of page headers keyed
** by page number, an LRU list of clean unreferenced pages (the only ones
** that may be evicted), and a list of dirty pages, newest first.
**
** Dirty pages are never evicted.  When the cache is full of dirty pages the
** pager spills some (pcache_spill_candidates picks the unreferenced ones
** dirtied longest ago), writes them to the database file and marks them
** clean, after which they are evictable like any other clean page.  When
** spilling is off or impossible the cache grows past its limit until
** commit or rollback.
**
** Lookups check the page found last before hashing: the btree fetches the
** same page many times in a row (a cursor's leaf, page 1).  Taking a
** reference leaves a clean page on the LRU list, and dropping the last one
** relinks it only when it is not the most recent already, so the usual
** get/unref pair of one page costs no list surgery; eviction unlinks
** referenced pages it meets at the tail instead.  The hot calls are
** inline (this header); their rare halves live in pcache.c.
**
** Invariants:
**   1. Every clean page with nRef == 0 is on the LRU list when the cache
**      may evict (bNoEvict == 0; in-memory databases never evict); the
**      list may also hold referenced clean pages, never dirty ones.
**   2. A page is on the dirty list iff PGHDR_DIRTY is set.
**   3. nRefSum is the sum of nRef over all pages.
**   4. pLast is NULL or a page held in the cache (pcache_drop clears it).
**
** Callers: pager.c only.
*/
#ifndef ENGINE_PCACHE_H
#define ENGINE_PCACHE_H

#include "core.h"
#include "pager.h"

typedef struct PgHdr PgHdr;
typedef struct PCache PCache;

#define PGHDR_DIRTY 0x01     /* content differs from the database file */
#define PGHDR_WRITEABLE 0x02 /* pager_write succeeded in this transaction */
#define PGHDR_NEED_READ 0x04 /* content not loaded from disk though the file has it */

struct PgHdr {
  PgPage page;          /* public part; first, so a PgPage* is a PgHdr* */
  Pager *pPager;        /* owning pager */
  PgHdr *pHashNext;     /* next in the hash bucket */
  PgHdr *pLruPrev;      /* toward most recently used (invariant 1) */
  PgHdr *pLruNext;      /* toward least recently used */
  PgHdr *pDirtyPrev;    /* dirty list links (invariant 2) */
  PgHdr *pDirtyNext;
  int nRef;             /* references handed out */
  u32 iTouch;           /* PCache.iClock when last referenced: recency for spills */
  u16 flags;            /* PGHDR_* */
};

struct PCache {
  int szPage;           /* bytes of page data */
  int szExtra;          /* bytes of caller extra space */
  int nMax;             /* soft limit on pages held */
  int nPage;            /* pages held now */
  int nRefSum;          /* invariant 3 */
  int nDirty;           /* pages on the dirty list */
  int bNoEvict;         /* in-memory database: the cache is the database */
  u32 iClock;           /* ticks once per reference taken (PgHdr.iTouch) */
  u32 nHash;            /* buckets in apHash, a power of two (0 before first use) */
  PgHdr **apHash;       /* hash buckets */
  PgHdr *pLruFirst;     /* most recently released clean page */
  PgHdr *pLruLast;      /* eviction candidate */
  PgHdr *pDirty;        /* dirty list head: most recently dirtied */
  PgHdr *pDirtyLast;    /* dirty list tail: dirtied longest ago */
  PgHdr *pLast;         /* page found or created last (invariant 4) */
  Pager *pPager;        /* stored into every PgHdr */
};

void pcache_init(PCache *, Pager *, int szPage, int szExtra, int nMax, int bNoEvict);
void pcache_destroy(PCache *);             /* frees every page, referenced or not */
void pcache_set_limit(PCache *, int nMax); /* evicts down to the limit if it can */
/* Nonzero when a new page would push the cache past its limit and no
** clean page can be evicted to make room: the moment to spill. */
int pcache_is_full(PCache *);
/* Fills a[0..nMax) with up to nMax unreferenced dirty pages, dirtied
** longest ago first; returns how many.  Changes nothing.  The caller
** orders them by iTouch to spill the least recently used. */
int pcache_spill_candidates(PCache *, PgHdr **a, int nMax);
/* Creates page pgno (absent from the cache) with nRef 1, content and extra
** uninitialized, evicting one LRU page first if over the limit.  Returns
** SQLITE_OK or SQLITE_NOMEM. */
int pcache_create(PCache *, u32 pgno, PgHdr **ppPg);
void pcache_make_dirty(PCache *, PgHdr *);
void pcache_make_clean(PCache *, PgHdr *);
void pcache_drop(PCache *, PgHdr *);       /* unreferenced page: remove and free */
/* Every page (bDirtyOnly: every dirty page) in ascending page order, as a
** mem_malloc'd array the caller frees.  SQLITE_OK or SQLITE_NOMEM. */
int pcache_collect(PCache *, int bDirtyOnly, PgHdr ***papPg, int *pnPg);
/* Calls x(pArg, pg) for every page in no particular order; x may drop pg. */
void pcache_foreach(PCache *, void (*x)(void *pArg, PgHdr *pg), void *pArg);

/* ---- the hot path, inline ---------------------------------------------- */

void pcache_lru_relink(PCache *, PgHdr *);

/* Page numbers are dense and mostly sequential: the low bits alone spread
** them evenly over a power-of-two bucket array. */
#define PCACHE_BUCKET(pgno, nHash) ((pgno) & ((nHash) - 1))

/* The page if cached, else NULL; no reference taken. */
static inline PgHdr *pcache_find(PCache *pc, u32 pgno) {
  PgHdr *p = pc->pLast;
  if (p != NULL && p->page.pgno == pgno) return p;
  if (pc->nHash == 0) return NULL;
  p = pc->apHash[PCACHE_BUCKET(pgno, pc->nHash)];
  while (p != NULL && p->page.pgno != pgno) p = p->pHashNext; /* chains average < 1 */
  if (p != NULL) pc->pLast = p;
  return p;
}

static inline void pcache_ref(PCache *pc, PgHdr *p) {
  p->nRef++;
  p->iTouch = ++pc->iClock;
  pc->nRefSum++;
}

static inline void pcache_unref(PCache *pc, PgHdr *p) {
  ASSERT(p->nRef > 0 && pc->nRefSum > 0);
  pc->nRefSum--;
  if (--p->nRef == 0 && !(p->flags & PGHDR_DIRTY) && pc->pLruFirst != p && !pc->bNoEvict) {
    pcache_lru_relink(pc, p); /* most recently used now (invariant 1) */
  }
}

#endif /* ENGINE_PCACHE_H */
