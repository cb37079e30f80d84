/*
** pcache.c: the page cache (see pcache.h for the design and invariants).
** One allocation per page: header, then szExtra bytes of extra space, then
** the page data, 8-byte aligned.
*/
#include "pcache.h"

#include <stdlib.h>

#define PCACHE_ROUND8(x) (((x) + 7) & ~7)

static u64 pcache_alloc_size(const PCache *pc) {
  return PCACHE_ROUND8(sizeof(PgHdr)) + (u64)PCACHE_ROUND8(pc->szExtra) + (u64)pc->szPage;
}

void pcache_init(PCache *pc, Pager *pPager, int szPage, int szExtra, int nMax, int bNoEvict) {
  ASSERT(szPage >= 512 && szPage <= 65536 && szExtra >= 0);
  memset(pc, 0, sizeof(*pc));
  pc->szPage = szPage;
  pc->szExtra = szExtra;
  pc->nMax = nMax > 0 ? nMax : 1;
  pc->bNoEvict = bNoEvict;
  pc->pPager = pPager;
}

static void lru_remove(PCache *pc, PgHdr *p) {
  if (p->pLruPrev) p->pLruPrev->pLruNext = p->pLruNext;
  else pc->pLruFirst = p->pLruNext;
  if (p->pLruNext) p->pLruNext->pLruPrev = p->pLruPrev;
  else pc->pLruLast = p->pLruPrev;
  p->pLruPrev = p->pLruNext = NULL;
}

static int lru_contains(const PCache *pc, const PgHdr *p) {
  return p->pLruPrev != NULL || p->pLruNext != NULL || pc->pLruFirst == p;
}

static void lru_push(PCache *pc, PgHdr *p) {
  ASSERT(!(p->flags & PGHDR_DIRTY)); /* invariant 1 */
  ASSERT(!lru_contains(pc, p));
  if (pc->bNoEvict) return;
  p->pLruNext = pc->pLruFirst;
  p->pLruPrev = NULL;
  if (pc->pLruFirst) pc->pLruFirst->pLruPrev = p;
  else pc->pLruLast = p;
  pc->pLruFirst = p;
}

static PgHdr **hash_slot(PCache *pc, u32 pgno) {
  ASSERT(pc->nHash > 0);
  PgHdr **pp = &pc->apHash[PCACHE_BUCKET(pgno, pc->nHash)];
  while (*pp && (*pp)->page.pgno != pgno) pp = &(*pp)->pHashNext;
  return pp;
}

/* Doubles the bucket array when the load passes one.  Failure is harmless:
** the chains just grow longer. */
static void hash_grow(PCache *pc) {
  u32 nNew = pc->nHash ? pc->nHash * 2 : 256;
  PgHdr **apNew = mem_zalloc(sizeof(PgHdr *) * (u64)nNew);
  if (apNew == NULL) return;
  for (u32 i = 0; i < pc->nHash; i++) {
    PgHdr *p = pc->apHash[i];
    while (p) {
      PgHdr *pNext = p->pHashNext;
      u32 h = PCACHE_BUCKET(p->page.pgno, nNew);
      p->pHashNext = apNew[h];
      apNew[h] = p;
      p = pNext;
    }
  }
  mem_free(pc->apHash);
  pc->apHash = apNew;
  pc->nHash = nNew;
}

/* Unlinks referenced pages from the LRU tail (invariant 1 lets them stay
** there until eviction looks), so that pLruLast is evictable or NULL. */
static void lru_prune(PCache *pc) {
  for (int n = 0; pc->pLruLast != NULL && pc->pLruLast->nRef > 0 && n <= pc->nPage; n++) {
    lru_remove(pc, pc->pLruLast);
  }
}

int pcache_is_full(PCache *pc) {
  if (pc->nPage < pc->nMax || pc->bNoEvict) return 0;
  lru_prune(pc);
  return pc->pLruLast == NULL;
}

void pcache_lru_relink(PCache *pc, PgHdr *p) {
  ASSERT(p->nRef == 0 && !(p->flags & PGHDR_DIRTY));
  if (lru_contains(pc, p)) lru_remove(pc, p);
  lru_push(pc, p);
}

int pcache_spill_candidates(PCache *pc, PgHdr **a, int nMax) {
  ASSERT(nMax >= 0);
  int n = 0;
  int nVisit = 0; /* bounded: referenced pages are skipped, not counted */
  for (PgHdr *p = pc->pDirtyLast; p && n < nMax && nVisit < pc->nDirty; p = p->pDirtyPrev) {
    ASSERT(p->flags & PGHDR_DIRTY); /* invariant 2 */
    nVisit++;
    if (p->nRef == 0) a[n++] = p;
  }
  return n;
}

static void dirty_remove(PCache *pc, PgHdr *p) {
  if (p->pDirtyPrev) p->pDirtyPrev->pDirtyNext = p->pDirtyNext;
  else pc->pDirty = p->pDirtyNext;
  if (p->pDirtyNext) p->pDirtyNext->pDirtyPrev = p->pDirtyPrev;
  else pc->pDirtyLast = p->pDirtyPrev;
  p->pDirtyPrev = p->pDirtyNext = NULL;
  pc->nDirty--;
}

void pcache_drop(PCache *pc, PgHdr *p) {
  ASSERT(p->nRef == 0);
  ASSERT(pcache_find(pc, p->page.pgno) == p);
  if (p->flags & PGHDR_DIRTY) dirty_remove(pc, p);
  else if (lru_contains(pc, p)) lru_remove(pc, p);
  PgHdr **pp = hash_slot(pc, p->page.pgno);
  *pp = p->pHashNext;
  if (pc->pLast == p) pc->pLast = NULL; /* invariant 4 */
  pc->nPage--;
  mem_free(p);
}

/* Evicts least recently used clean pages until under nTarget pages. */
static void pcache_evict(PCache *pc, int nTarget) {
  for (int n = 0; pc->nPage > nTarget && n < 1000000; n++) {
    lru_prune(pc);
    if (pc->pLruLast == NULL) break;
    pcache_drop(pc, pc->pLruLast);
  }
}

void pcache_set_limit(PCache *pc, int nMax) {
  pc->nMax = nMax > 0 ? nMax : 1;
  pcache_evict(pc, pc->nMax);
}

int pcache_create(PCache *pc, u32 pgno, PgHdr **ppPg) {
  ASSERT(pgno > 0 && pcache_find(pc, pgno) == NULL);
  *ppPg = NULL;
  pcache_evict(pc, pc->nMax - 1);
  if ((u32)pc->nPage >= pc->nHash) hash_grow(pc);
  if (pc->nHash == 0) return SQLITE_NOMEM;
  PgHdr *p = mem_malloc(pcache_alloc_size(pc));
  if (p == NULL) return SQLITE_NOMEM;
  memset(p, 0, sizeof(*p));
  u8 *pBody = (u8 *)p + PCACHE_ROUND8(sizeof(PgHdr));
  p->page.pExtra = pc->szExtra > 0 ? pBody : NULL;
  p->page.aData = pBody + PCACHE_ROUND8(pc->szExtra);
  p->page.pgno = pgno;
  p->pPager = pc->pPager;
  p->nRef = 1;
  p->iTouch = ++pc->iClock;
  pc->nRefSum++;
  PgHdr **pp = hash_slot(pc, pgno);
  *pp = p;
  pc->nPage++;
  pc->pLast = p;
  *ppPg = p;
  return SQLITE_OK;
}

void pcache_make_dirty(PCache *pc, PgHdr *p) {
  if (p->flags & PGHDR_DIRTY) return;
  if (lru_contains(pc, p)) lru_remove(pc, p);
  p->flags |= PGHDR_DIRTY;
  p->pDirtyPrev = NULL;
  p->pDirtyNext = pc->pDirty;
  if (pc->pDirty) pc->pDirty->pDirtyPrev = p;
  else pc->pDirtyLast = p;
  pc->pDirty = p;
  pc->nDirty++;
}

void pcache_make_clean(PCache *pc, PgHdr *p) {
  if (!(p->flags & PGHDR_DIRTY)) return;
  dirty_remove(pc, p);
  p->flags &= (u16)~PGHDR_DIRTY;
  if (p->nRef == 0) lru_push(pc, p);
}

static int pgno_cmp(const void *a, const void *b) {
  u32 x = (*(PgHdr *const *)a)->page.pgno;
  u32 y = (*(PgHdr *const *)b)->page.pgno;
  return x < y ? -1 : x > y;
}

int pcache_collect(PCache *pc, int bDirtyOnly, PgHdr ***papPg, int *pnPg) {
  *papPg = NULL;
  *pnPg = 0;
  int nMax = bDirtyOnly ? pc->nDirty : pc->nPage;
  PgHdr **a = mem_malloc(sizeof(PgHdr *) * (u64)(nMax + 1));
  if (a == NULL) return SQLITE_NOMEM;
  int n = 0;
  if (bDirtyOnly) {
    for (PgHdr *p = pc->pDirty; p && n < nMax; p = p->pDirtyNext) a[n++] = p;
  } else {
    for (u32 i = 0; i < pc->nHash; i++) {
      for (PgHdr *p = pc->apHash[i]; p && n < nMax; p = p->pHashNext) a[n++] = p;
    }
  }
  ASSERT(n == nMax);
  qsort(a, (size_t)n, sizeof(PgHdr *), pgno_cmp);
  *papPg = a;
  *pnPg = n;
  return SQLITE_OK;
}

void pcache_foreach(PCache *pc, void (*x)(void *pArg, PgHdr *pg), void *pArg) {
  for (u32 i = 0; i < pc->nHash; i++) {
    PgHdr *p = pc->apHash[i];
    while (p) {
      PgHdr *pNext = p->pHashNext; /* read first: x may free p */
      x(pArg, p);
      p = pNext;
    }
  }
}

void pcache_destroy(PCache *pc) {
  for (u32 i = 0; i < pc->nHash; i++) {
    PgHdr *p = pc->apHash[i];
    while (p) {
      PgHdr *pNext = p->pHashNext;
      mem_free(p);
      p = pNext;
    }
  }
  mem_free(pc->apHash);
  pc->apHash = NULL;
  pc->nHash = 0;
  pc->nPage = pc->nDirty = pc->nRefSum = 0;
  pc->pLruFirst = pc->pLruLast = pc->pDirty = pc->pDirtyLast = pc->pLast = NULL;
}
