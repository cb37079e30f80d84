/*
** io.c: backend-independent helpers over the io.h vtables: allocation of
** IoFile objects, one-request conveniences, batch runs, and the thin
** wrappers callers above the pager use for randomness, time and sleep.
**
** Invariants:
**   1. io_open hands out an IoFile only when the backend's open succeeded
**      (pMethods != NULL); otherwise the memory is freed and *ppFile NULL.
**   2. io_close tolerates a file whose open failed and NULL.
**   3. io_default() decides once per process and never returns NULL: the
**      io_uring backend when SQLITE_NG_IO says "uring" and a ring can be
**      created, else the unix backend.
*/
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif
#include "io.h"
#include "io_posix.h"

#include <pthread.h>
#include <stdlib.h>

int io_open(IoBackend *pBackend, const char *zPath, int flags, int *pOutFlags,
            IoFile **ppFile) {
  ASSERT(pBackend != NULL && ppFile != NULL);
  ASSERT(pBackend->szFile >= (int)sizeof(IoFile));
  *ppFile = NULL;
  IoFile *pFile = mem_zalloc((u64)pBackend->szFile);
  if (pFile == NULL) return SQLITE_NOMEM;
  int outFlags = 0;
  int rc = pBackend->open(pBackend, zPath, pFile, flags, &outFlags);
  if (rc != SQLITE_OK) {
    ASSERT(pFile->pMethods == NULL); /* invariant 1 */
    mem_free(pFile);
    return rc;
  }
  ASSERT(pFile->pMethods != NULL && pFile->pBackend == pBackend);
  if (pOutFlags) *pOutFlags = outFlags;
  *ppFile = pFile;
  return SQLITE_OK;
}

void io_close(IoFile *pFile) {
  if (pFile == NULL) return;
  if (pFile->pMethods) pFile->pMethods->close(pFile);
  pFile->pMethods = NULL;
  mem_free(pFile);
}

int io_run(IoFile *pFile, IoReq *aReq, int nReq) {
  ASSERT(pFile != NULL && pFile->pMethods != NULL);
  ASSERT(nReq >= 0);
  if (nReq == 0) return SQLITE_OK;
  int rc = pFile->pMethods->submit(pFile, aReq, nReq);
  int rc2 = pFile->pMethods->wait(pFile, aReq, nReq);
  /* Every request has its rc now (io.h invariant 1): report the first. */
  return rc2 != SQLITE_OK ? rc2 : rc;
}

int io_run_sync(IoFile *pFile, IoReq *aReq, int nReq, int flags) {
  ASSERT(pFile != NULL && pFile->pMethods != NULL && nReq >= 0);
#ifdef HAVE_LIBURING
  int rc = io_uring_run_sync(pFile, aReq, nReq, flags);
  if (rc != SQLITE_NOTFOUND) return rc;
#else
  int rc;
#endif
  rc = io_run(pFile, aReq, nReq);
  if (rc == SQLITE_OK) rc = pFile->pMethods->sync(pFile, flags);
  return rc;
}

int io_read(IoFile *pFile, void *buf, int n, i64 off) {
  ASSERT(n >= 0 && off >= 0);
  IoReq req = {.op = IO_READ, .n = n, .buf = buf, .offset = off};
  return io_run(pFile, &req, 1);
}

int io_write(IoFile *pFile, const void *buf, int n, i64 off) {
  ASSERT(n >= 0 && off >= 0);
  IoReq req = {.op = IO_WRITE, .n = n, .buf = (void *)buf, .offset = off};
  return io_run(pFile, &req, 1);
}

int io_randomness(IoBackend *pBackend, int n, void *pOut) {
  ASSERT(pBackend != NULL && n >= 0);
  return pBackend->randomness(pBackend, n, pOut);
}

i64 io_now_ms(IoBackend *pBackend) {
  ASSERT(pBackend != NULL);
  i64 ms = 0;
  if (pBackend->now_ms(pBackend, &ms) != SQLITE_OK) return 0;
  return ms;
}

int io_sleep_us(IoBackend *pBackend, int nMicro) {
  ASSERT(pBackend != NULL && nMicro >= 0);
  return pBackend->sleep_us(pBackend, nMicro);
}

static IoBackend *g_pDefault;
static pthread_once_t g_default_once = PTHREAD_ONCE_INIT;

/* Builds without config.h (test/crash/run.sh compiling io.c alone) have
** no HAVE_LIBURING and need no io_uring.c.
** SQLITE_NG_IO=uring asks for io_uring (still falling back when the kernel
** refuses it); anything else, or nothing, means plain syscalls.  The
** syscall backend is the default because it measured faster here: ext4
** cannot do buffered writes without blocking, so io_uring hands every
** write to a kernel worker thread (about 3.5 us more per write on Linux
** 6.18), which the saved system calls do not repay (io/README).  Read
** once: backends are chosen per process. */
static void io_default_choose(void) {
  const char *z = getenv("SQLITE_NG_IO");
  IoBackend *p = NULL;
#ifdef HAVE_LIBURING
  if (z != NULL && strcmp(z, "uring") == 0) p = io_uring_backend();
#else
  UNUSED(z);
#endif
  if (p == NULL) {
    if (z != NULL && strcmp(z, "uring") == 0) {
      core_log(SQLITE_NOTICE, "SQLITE_NG_IO=uring: io_uring unavailable, using syscalls");
    }
    p = io_sync_backend();
  }
  g_pDefault = p;
}

IoBackend *io_default(void) {
  pthread_once(&g_default_once, io_default_choose);
  ASSERT(g_pDefault != NULL); /* invariant 3 */
  return g_pDefault;
}
