/*
** mem.c: the library's allocator.
**
** Every block carries an 8-byte header holding its requested size, so that
** mem_size (sqlite3_msize) and the usage counters need no help from libc.
** Fault injection: a countdown makes the n-th next allocation fail, which
** the OOM tests use to walk every allocation site.
**
** Invariants:
**   1. The header size is a multiple of 8, so user pointers stay 8-aligned.
**   2. g.nUsed equals the sum of the sizes of all live blocks.
*/
#include "core.h"
#include <stdatomic.h>
#include <stdlib.h>

#define MEM_HDR 8
_Static_assert(MEM_HDR % 8 == 0, "invariant 1");

static struct {
  _Atomic i64 nUsed;      /* bytes in live blocks (invariant 2) */
  _Atomic i64 nHigh;      /* highest nUsed seen since last reset */
  _Atomic int nCountdown; /* >0: allocations left before a failure */
  _Atomic int bPersist;   /* keep failing once the countdown fires */
  _Atomic int nFailed;    /* failures injected so far */
} g;

/* Decides whether this allocation is one the fault plan makes fail. */
static int mem_should_fail(void) {
  int n = atomic_load(&g.nCountdown);
  if (n <= 0) return 0;
  if (n == 1) {
    if (!atomic_load(&g.bPersist)) atomic_store(&g.nCountdown, 0);
    atomic_fetch_add(&g.nFailed, 1);
    return 1;
  }
  atomic_fetch_sub(&g.nCountdown, 1);
  return 0;
}

static void mem_account(i64 delta) {
  i64 now = atomic_fetch_add(&g.nUsed, delta) + delta;
  i64 high = atomic_load(&g.nHigh);
  while (now > high && !atomic_compare_exchange_weak(&g.nHigh, &high, now)) {
  }
}

void *mem_malloc(u64 n) {
  if (n > 0x7fffff00ULL || mem_should_fail()) return NULL;
  u64 *p = malloc(n + MEM_HDR);
  if (p == NULL) return NULL;
  p[0] = n;
  mem_account((i64)n);
  return p + 1;
}

void *mem_zalloc(u64 n) {
  void *p = mem_malloc(n);
  if (p) memset(p, 0, n);
  return p;
}

void mem_free(void *pUser) {
  if (pUser == NULL) return;
  u64 *p = (u64 *)pUser - 1;
  mem_account(-(i64)p[0]);
  free(p);
}

void *mem_realloc(void *pUser, u64 n) {
  if (pUser == NULL) return mem_malloc(n);
  if (n == 0) {
    mem_free(pUser);
    return NULL;
  }
  if (n > 0x7fffff00ULL || mem_should_fail()) return NULL;
  u64 *p = (u64 *)pUser - 1;
  u64 nOld = p[0];
  u64 *pNew = realloc(p, n + MEM_HDR);
  if (pNew == NULL) return NULL;
  pNew[0] = n;
  mem_account((i64)n - (i64)nOld);
  return pNew + 1;
}

u64 mem_size(void *pUser) {
  if (pUser == NULL) return 0;
  return ((u64 *)pUser)[-1];
}

char *mem_strndup(const char *z, int n) {
  if (z == NULL || n < 0) return NULL;
  char *zNew = mem_malloc((u64)n + 1);
  if (zNew) {
    memcpy(zNew, z, (size_t)n);
    zNew[n] = 0;
  }
  return zNew;
}

char *mem_strdup(const char *z) {
  if (z == NULL) return NULL;
  return mem_strndup(z, (int)strlen(z));
}

i64 mem_used(void) { return atomic_load(&g.nUsed); }

i64 mem_highwater(int bReset) {
  i64 h = atomic_load(&g.nHigh);
  if (bReset) atomic_store(&g.nHigh, atomic_load(&g.nUsed));
  return h;
}

void mem_fault_countdown(int n, int bPersist) {
  atomic_store(&g.bPersist, bPersist);
  atomic_store(&g.nCountdown, n < 0 ? 0 : n);
}

int mem_fault_count(void) { return atomic_load(&g.nFailed); }
