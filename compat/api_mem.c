/*
** api_mem.c: the exported allocator (sqlite3_malloc & co.) and memory
** statistics, over engine/mem.c.
**
** Invariants:
**   1. Memory from sqlite3_malloc is freed by sqlite3_free and vice versa
**      with mem_free/mem_malloc: one allocator for the library and the
**      application (so %z arguments and sqlite3_free of engine strings
**      work).
**   2. Negative or zero sizes to sqlite3_malloc return NULL (as SQLite).
**
** References: c3ref/free.html, c3ref/memory_highwater.html,
** c3ref/soft_heap_limit64.html.
*/
#include "compat/api.h"

void *sqlite3_malloc(int n) {
  if (api_auto_init() != SQLITE_OK || n <= 0) return NULL;
  return mem_malloc((u64)n);
}

void *sqlite3_malloc64(sqlite3_uint64 n) {
  if (api_auto_init() != SQLITE_OK || n == 0) return NULL;
  return mem_malloc(n);
}

void *sqlite3_realloc(void *p, int n) {
  if (api_auto_init() != SQLITE_OK) return NULL;
  if (n <= 0) {
    mem_free(p);
    return NULL;
  }
  return mem_realloc(p, (u64)n);
}

void *sqlite3_realloc64(void *p, sqlite3_uint64 n) {
  if (api_auto_init() != SQLITE_OK) return NULL;
  if (n == 0) {
    mem_free(p);
    return NULL;
  }
  return mem_realloc(p, n);
}

void sqlite3_free(void *p) { mem_free(p); }

sqlite3_uint64 sqlite3_msize(void *p) { return p == NULL ? 0 : mem_size(p); }

sqlite3_int64 sqlite3_memory_used(void) { return mem_used(); }

sqlite3_int64 sqlite3_memory_highwater(int resetFlag) { return mem_highwater(resetFlag); }

/* The limits are recorded and reported; nothing here evicts caches yet,
** which SQLite's documentation allows ("advisory"). */
sqlite3_int64 sqlite3_soft_heap_limit64(sqlite3_int64 n) {
  i64 prior = api_global.softHeapLimit;
  if (n < 0) return prior;
  if (api_global.hardHeapLimit > 0 && (n > api_global.hardHeapLimit || n == 0)) {
    n = api_global.hardHeapLimit;
  }
  api_global.softHeapLimit = n;
  return prior;
}

void sqlite3_soft_heap_limit(int n) { sqlite3_soft_heap_limit64(n < 0 ? 0 : n); }

sqlite3_int64 sqlite3_hard_heap_limit64(sqlite3_int64 n) {
  i64 prior = api_global.hardHeapLimit;
  if (n < 0) return prior;
  api_global.hardHeapLimit = n;
  if (n > 0 && (api_global.softHeapLimit == 0 || api_global.softHeapLimit > n)) {
    api_global.softHeapLimit = n;
  }
  return prior;
}

int sqlite3_release_memory(int n) {
  UNUSED(n);
  return 0;
}

int sqlite3_db_release_memory(sqlite3 *db) {
  if (!api_db_ok(db)) return API_MISUSE();
  return SQLITE_OK;
}

int sqlite3_memory_alarm(void (*xCallback)(void *, sqlite3_int64, int), void *pArg,
                         sqlite3_int64 iThreshold) {
  UNUSED(xCallback);
  UNUSED(pArg);
  UNUSED(iThreshold);
  return SQLITE_OK;
}
