/*
** api_mutex.c: sqlite3_mutex_* over POSIX mutexes.
**
** Invariants:
**   1. SQLITE_MUTEX_FAST mutexes are plain (non-recursive) pthread mutexes;
**      SQLITE_MUTEX_RECURSIVE ones are PTHREAD_MUTEX_RECURSIVE.
**   2. The static mutexes (SQLITE_MUTEX_STATIC_MAIN..STATIC_VFS3) exist for
**      the life of the process and are never freed; sqlite3_mutex_free
**      ignores them.
**   3. A wrapper made by api_mutex_wrap locks a mutex owned elsewhere (a
**      connection's); freeing the wrapper never destroys that mutex.
**
** References: c3ref/mutex_alloc.html.
*/
#include "compat/api.h"
#include <stdlib.h>

#define API_N_STATIC 12  /* ids 2..13 */

static sqlite3_mutex api_aStatic[API_N_STATIC] = {
#define API_STATIC_INIT {PTHREAD_MUTEX_INITIALIZER, NULL, 0, 1}
  API_STATIC_INIT, API_STATIC_INIT, API_STATIC_INIT, API_STATIC_INIT,
  API_STATIC_INIT, API_STATIC_INIT, API_STATIC_INIT, API_STATIC_INIT,
  API_STATIC_INIT, API_STATIC_INIT, API_STATIC_INIT, API_STATIC_INIT,
#undef API_STATIC_INIT
};

static sqlite3_mutex *api_mutex_new(int bRecursive) {
  sqlite3_mutex *p = mem_zalloc(sizeof(*p));
  if (p == NULL) return NULL;
  pthread_mutexattr_t attr;
  pthread_mutexattr_init(&attr);
  pthread_mutexattr_settype(&attr, bRecursive ? PTHREAD_MUTEX_RECURSIVE : PTHREAD_MUTEX_NORMAL);
  pthread_mutex_init(&p->m, &attr);
  pthread_mutexattr_destroy(&attr);
  p->p = &p->m;
  p->id = bRecursive ? SQLITE_MUTEX_RECURSIVE : SQLITE_MUTEX_FAST;
  return p;
}

sqlite3_mutex *sqlite3_mutex_alloc(int id) {
  if (id == SQLITE_MUTEX_FAST || id == SQLITE_MUTEX_RECURSIVE) {
    if (api_auto_init() != SQLITE_OK) return NULL;
    return api_mutex_new(id == SQLITE_MUTEX_RECURSIVE);
  }
  if (id < SQLITE_MUTEX_STATIC_MAIN || id > SQLITE_MUTEX_STATIC_VFS3) return NULL;
  sqlite3_mutex *p = &api_aStatic[id - SQLITE_MUTEX_STATIC_MAIN];
  /* Static initialization cannot take an address; p->p is filled lazily
  ** (idempotent, so a race writes the same value). */
  p->p = &p->m;
  p->id = id;
  return p;
}

void sqlite3_mutex_free(sqlite3_mutex *p) {
  if (p == NULL || p->bStatic) return;  /* invariant 2 */
  if (p->p == &p->m) pthread_mutex_destroy(&p->m);
  mem_free(p);
}

void sqlite3_mutex_enter(sqlite3_mutex *p) {
  if (p != NULL) pthread_mutex_lock(p->p);
}

int sqlite3_mutex_try(sqlite3_mutex *p) {
  if (p == NULL) return SQLITE_OK;
  return pthread_mutex_trylock(p->p) == 0 ? SQLITE_OK : SQLITE_BUSY;
}

void sqlite3_mutex_leave(sqlite3_mutex *p) {
  if (p != NULL) pthread_mutex_unlock(p->p);
}

sqlite3_mutex *api_mutex_wrap(pthread_mutex_t *pM) {
  sqlite3_mutex *p = mem_zalloc(sizeof(*p));
  if (p == NULL) return NULL;
  p->p = pM;  /* invariant 3 */
  p->id = SQLITE_MUTEX_RECURSIVE;
  return p;
}

void api_mutex_unwrap(sqlite3_mutex *p) {
  if (p == NULL) return;
  ASSERT(p->p != &p->m);
  mem_free(p);
}
