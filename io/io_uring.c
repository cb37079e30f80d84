/*
** io_uring.c: the "uring" backend.  Reads, writes and fsyncs go through a
** Linux io_uring; everything else (open, close, locks, the inode table,
** truncate, size, paths, time, randomness) is the unix backend's own code
** (io_posix.h): a uring file is a unix file whose method table is a copy
** of the unix one with submit, wait and sync replaced.
**
** Ownership: one ring per thread, in thread-local storage, created on the
** thread's first request and torn down at thread exit.  A connection is
** used by one thread at a time and submit/wait of a batch run on the same
** thread (io_run), so a ring is never touched by two threads and needs no
** lock; different connections on different threads use different rings.
** A child process does not use a ring inherited through fork() (its memory
** is shared with the parent's): the child makes its own.
**
** Data path: submit() only fills submission queue entries; wait() enters
** the kernel with io_uring_submit_and_wait, so a batch of up to
** URING_DEPTH requests costs one system call, larger batches one per
** URING_DEPTH completions.  Short transfers are resubmitted for the rest;
** a read that meets end of file zero-fills the tail (io.h invariant 2).
** io_run_sync() (io.h) puts a batch of writes and the fsync after it into
** one io_uring_enter, the fsync drained behind the writes.
**
** Fallback: the thread uses the plain syscall code (the unix methods) when
** its ring cannot be created (old kernel, seccomp, RLIMIT_MEMLOCK), and so
** does every thread while pread/pwrite/fsync/fdatasync are replaced in the
** unix syscall table (xSetSystemCall, fault injection): those replacements
** must see the I/O.  io_default() picks this backend only when asked
** (SQLITE_NG_IO=uring) and a ring could be created: on ext4 buffered
** writes go to kernel worker threads and cost more than pwrite (io.c).
**
** Invariants:
**   1. A slot is in use iff its pReq != NULL; at most one SQE per slot is
**      queued or in flight, so the SQ never overflows (URING_DEPTH SQEs)
**      nor the CQ (twice that, the kernel's default).
**   2. Between submit() and the end of wait(), a request's rc is
**      URING_QUEUED (in a slot) or URING_UNQUEUED (waiting for a slot);
**      every other value is final.
**   3. wait() returns only when no request of its batch is in flight:
**      the kernel never touches a caller's buffer after wait().
**   4. A ring is used only by the thread that owns it and only in the
**      process (fork generation) that created it.
*/
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif
#include "io.h"
#include "io_posix.h"

#ifdef HAVE_LIBURING

#include <errno.h>
#include <liburing.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define URING_DEPTH 128
#define URING_QUEUED (-1)   /* rc while the request has a slot (invariant 2) */
#define URING_UNQUEUED (-2) /* rc while the request waits for a slot */
#define URING_OP_FSYNC 100  /* internal op of the request sync() builds */
#define URING_MAX_TRY 1000  /* resubmissions per request (EINTR, short I/O) */

enum { RING_UNTRIED = 0, RING_READY = 1, RING_REFUSED = 2, RING_BROKEN = 3 };

typedef struct UringSlot {
  IoReq *pReq;  /* request in flight, NULL when free (invariant 1) */
  int fd;       /* descriptor it targets */
  int nDone;    /* bytes transferred so far */
  int nTry;     /* submissions so far, bounded by URING_MAX_TRY */
  u8 sqeFlags;  /* IOSQE_* of its every SQE (IO_DRAIN for a linked fsync) */
} UringSlot;

typedef struct UringRing {
  struct io_uring ring;          /* valid iff eState == RING_READY */
  int eState;                    /* RING_* */
  unsigned gen;                  /* g_fork_gen when created (invariant 4) */
  int nInFlight;                 /* slots in use */
  u32 nWriteRetry;               /* resubmissions of short writes, ever */
  int nFree;                     /* entries of aFree in use */
  int aFree[URING_DEPTH];        /* free slot indexes, a stack */
  UringSlot aSlot[URING_DEPTH];  /* slot i is SQE user_data i */
} UringRing;

static _Thread_local UringRing t_ring;
static pthread_key_t g_ring_key;      /* its destructor closes a thread's ring */
static unsigned g_fork_gen;           /* bumped in a child after fork() */
static IoFileMethods g_uring_methods; /* unix methods, data path replaced */
static IoBackend g_uring_backend;     /* unix backend, open and name replaced */
static IoBackend *g_pUring;           /* &g_uring_backend if a ring works */
static pthread_once_t g_uring_once = PTHREAD_ONCE_INIT;

/* ---- rings (invariant 4) -------------------------------------------------- */

static void ring_destroy(void *pArg) {
  UringRing *r = pArg;
  if (r->eState == RING_READY && r->gen == g_fork_gen) {
    ASSERT(r->nInFlight == 0);
    io_uring_queue_exit(&r->ring);
  }
  r->eState = RING_UNTRIED;
}

static void ring_after_fork(void) { g_fork_gen++; }

/* Creates the ring.  Single issuer fits a per-thread ring, and cooperative
** task running spares us interrupts; older kernels refuse those flags, so
** plain setup is tried next.  Not IORING_SETUP_DEFER_TASKRUN: on 6.18 a
** drained fsync behind failing writes then never completes when waited
** for together with them (io_test's test_run_sync on /dev/full hung).
** Returns 0 or -errno. */
static int ring_init(UringRing *r) {
  struct io_uring_params p;
  memset(&p, 0, sizeof(p));
  p.flags = IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_COOP_TASKRUN;
  int rc = io_uring_queue_init_params(URING_DEPTH, &r->ring, &p);
  if (rc == -EINVAL) rc = io_uring_queue_init(URING_DEPTH, &r->ring, 0);
  if (rc < 0) return rc;
  r->gen = g_fork_gen;
  r->nInFlight = 0;
  r->nFree = URING_DEPTH;
  for (int i = 0; i < URING_DEPTH; i++) {
    r->aFree[i] = URING_DEPTH - 1 - i;
    r->aSlot[i].pReq = NULL;
  }
  r->eState = RING_READY;
  pthread_setspecific(g_ring_key, r);
  return 0;
}

/* The calling thread's ring, or NULL if this thread must use syscalls. */
static UringRing *ring_get(void) {
  UringRing *r = &t_ring;
  if (r->eState == RING_READY && r->gen == g_fork_gen) return r;
  if (r->eState == RING_READY) {
    /* Inherited through fork(): unmapping affects only this process. */
    io_uring_queue_exit(&r->ring);
    r->eState = RING_UNTRIED;
  }
  if (r->eState != RING_UNTRIED) return NULL;
  if (ring_init(r) < 0) r->eState = RING_REFUSED;
  return r->eState == RING_READY ? r : NULL;
}

/* ---- one request's life --------------------------------------------------- */

/* The error of a failed request, as io_sync.c reports it. */
static int uring_errcode(const IoReq *pReq, int err) {
  if (pReq->op == URING_OP_FSYNC) return SQLITE_IOERR_FSYNC;
  if (pReq->op == IO_READ) return SQLITE_IOERR_READ;
  return (err == ENOSPC || err == EDQUOT) ? SQLITE_FULL : SQLITE_IOERR_WRITE;
}

/* Queues one SQE for slot i: the untransferred rest of its request. */
static void slot_prep(UringRing *r, int i) {
  UringSlot *s = &r->aSlot[i];
  IoReq *pReq = s->pReq;
  struct io_uring_sqe *sqe = io_uring_get_sqe(&r->ring);
  ASSERT(sqe != NULL); /* invariant 1 */
  ASSERT(s->nDone < pReq->n || pReq->op == URING_OP_FSYNC);
  u8 *buf = (u8 *)pReq->buf + s->nDone;
  unsigned n = (unsigned)(pReq->n - s->nDone);
  u64 off = (u64)(pReq->offset + s->nDone);
  if (pReq->op == IO_READ) {
    io_uring_prep_read(sqe, s->fd, buf, n, off);
  } else if (pReq->op == IO_WRITE) {
    io_uring_prep_write(sqe, s->fd, buf, n, off);
  } else {
    unsigned fl = IORING_FSYNC_DATASYNC; /* as io_sync.c on Linux: data sync suffices */
    io_uring_prep_fsync(sqe, s->fd, fl);
  }
  io_uring_sqe_set_data64(sqe, (u64)i);
  io_uring_sqe_set_flags(sqe, s->sqeFlags);
  if (s->nTry > 0 && pReq->op == IO_WRITE) r->nWriteRetry++;
  s->nTry++;
}

/* Gives pReq a slot and queues it; URING_UNQUEUED if no slot is free. */
static void req_queue(UringRing *r, int fd, IoReq *pReq, u8 sqeFlags) {
  if (r->nFree == 0) {
    pReq->rc = URING_UNQUEUED;
    return;
  }
  int i = r->aFree[--r->nFree];
  UringSlot *s = &r->aSlot[i];
  ASSERT(s->pReq == NULL);
  *s = (UringSlot){.pReq = pReq, .fd = fd, .nDone = 0, .nTry = 0, .sqeFlags = sqeFlags};
  r->nInFlight++;
  pReq->rc = URING_QUEUED;
  slot_prep(r, i);
}

static void slot_finish(UringRing *r, int i, int rc) {
  ASSERT(rc >= 0 && r->aSlot[i].pReq != NULL);
  r->aSlot[i].pReq->rc = rc;
  r->aSlot[i].pReq = NULL;
  r->aFree[r->nFree++] = i;
  r->nInFlight--;
  ASSERT(r->nFree <= URING_DEPTH && r->nInFlight >= 0);
}

/* Applies the completion res of slot i: finishes its request or queues
** the rest of a short or interrupted transfer. */
static void slot_complete(UringRing *r, int i, int res) {
  UringSlot *s = &r->aSlot[i];
  IoReq *pReq = s->pReq;
  ASSERT(pReq != NULL && pReq->rc == URING_QUEUED);
  int bRetry = (res == -EINTR || res == -EAGAIN) && s->nTry < URING_MAX_TRY;
  if (bRetry) {
    slot_prep(r, i);
  } else if (res < 0) {
    slot_finish(r, i, uring_errcode(pReq, -res));
  } else if (pReq->op == URING_OP_FSYNC) {
    slot_finish(r, i, SQLITE_OK);
  } else if (res == 0 || s->nTry >= URING_MAX_TRY) {
    if (pReq->op == IO_WRITE) {
      slot_finish(r, i, SQLITE_IOERR_WRITE);
    } else { /* end of file: io.h invariant 2 */
      memset((u8 *)pReq->buf + s->nDone, 0, (size_t)(pReq->n - s->nDone));
      slot_finish(r, i, SQLITE_IOERR_SHORT_READ);
    }
  } else {
    s->nDone += res;
    ASSERT(s->nDone <= pReq->n);
    if (s->nDone == pReq->n) slot_finish(r, i, SQLITE_OK);
    else slot_prep(r, i);
  }
}

/* Reaps every completion available now; returns how many. */
static int ring_reap(UringRing *r) {
  struct io_uring_cqe *cqe;
  unsigned head;
  int n = 0;
  io_uring_for_each_cqe(&r->ring, head, cqe) {
    u64 i = io_uring_cqe_get_data64(cqe);
    ASSERT(i < URING_DEPTH);
    slot_complete(r, (int)i, cqe->res);
    n++;
  }
  io_uring_cq_advance(&r->ring, (unsigned)n);
  return n;
}

/* ---- batches (invariants 2, 3) -------------------------------------------- */

/* The ring failed beyond repair (io_uring_enter itself errs): the thread
** goes back to syscalls.  Requests never queued fail; requests that may be
** in the kernel cannot be recalled, so their slots and ring are leaked
** rather than reused -- the lesser evil in a state no test reaches. */
static void ring_break(UringRing *r, IoReq *aReq, int nReq) {
  r->eState = RING_BROKEN;
  for (int i = 0; i < nReq; i++) {
    if (aReq[i].rc < 0) aReq[i].rc = uring_errcode(&aReq[i], EIO);
  }
}

/* Enters the kernel until every request of the batch is final.  Requests
** are queued in array order, so the ones still waiting for a slot form a
** suffix starting at or after iUnq; iOpen only moves forward too: each
** request is looked at O(1) times, however large the batch. */
static void batch_wait(UringRing *r, int fd, IoReq *aReq, int nReq) {
  int iUnq = 0;  /* aReq[0..iUnq) have been queued */
  int iOpen = 0; /* aReq[0..iOpen) are final */
  for (int nLoop = 0;; nLoop++) {
    for (; iUnq < nReq && (aReq[iUnq].rc != URING_UNQUEUED || r->nFree > 0); iUnq++) {
      if (aReq[iUnq].rc == URING_UNQUEUED) req_queue(r, fd, &aReq[iUnq], 0);
    }
    while (iOpen < nReq && aReq[iOpen].rc >= 0) iOpen++;
    if (iOpen == nReq) return;
    /* Every SQE in flight completes, so waiting for all of them (usually
    ** just this batch) cannot hang and takes one system call. */
    ASSERT(r->nInFlight > 0);
    int rc = io_uring_submit_and_wait(&r->ring, (unsigned)r->nInFlight);
    if (rc < 0 && rc != -EINTR && rc != -EAGAIN && rc != -EBUSY) {
      ring_break(r, aReq, nReq);
      return;
    }
    ring_reap(r);
    if (nLoop > URING_MAX_TRY * (nReq + 1)) { /* every loop reaps or retries */
      ring_break(r, aReq, nReq);
      return;
    }
  }
}

/* ---- file methods --------------------------------------------------------- */

static int uring_submit(IoFile *pFile, IoReq *aReq, int nReq) {
  ASSERT(nReq >= 0);
  UringRing *r = io_posix_data_hooked() ? NULL : ring_get();
  if (r == NULL) return io_posix_methods()->submit(pFile, aReq, nReq);
  int fd = io_posix_fd(pFile);
  for (int i = 0; i < nReq; i++) {
    ASSERT(aReq[i].op == IO_READ || aReq[i].op == IO_WRITE);
    ASSERT(aReq[i].n >= 0 && aReq[i].offset >= 0);
    if (aReq[i].n == 0) aReq[i].rc = SQLITE_OK; /* nothing to transfer */
    else req_queue(r, fd, &aReq[i], 0);
  }
  return SQLITE_OK;
}

static int uring_wait(IoFile *pFile, IoReq *aReq, int nReq) {
  int bOpen = 0;
  for (int i = 0; i < nReq && !bOpen; i++) bOpen = aReq[i].rc < 0;
  if (bOpen) {
    /* Requests are open only if submit() queued them on this thread's
    ** ring, which is therefore ready (invariant 4). */
    UringRing *r = &t_ring;
    ASSERT(r->eState == RING_READY && r->gen == g_fork_gen);
    batch_wait(r, io_posix_fd(pFile), aReq, nReq);
  }
  for (int i = 0; i < nReq; i++) {
    ASSERT(aReq[i].rc >= 0); /* invariant 3, io.h invariant 1 */
    if (aReq[i].rc != SQLITE_OK) return aReq[i].rc;
  }
  return SQLITE_OK;
}

static int uring_sync(IoFile *pFile, int flags) {
  UringRing *r = io_posix_data_hooked() ? NULL : ring_get();
  if (r == NULL) return io_posix_methods()->sync(pFile, flags);
  IoReq req = {.op = URING_OP_FSYNC, .n = flags};
  int fd = io_posix_fd(pFile);
  req_queue(r, fd, &req, 0);
  batch_wait(r, fd, &req, 1);
  if (req.rc == SQLITE_OK) io_posix_synced(pFile);
  return req.rc;
}

/* Writes the batch and then syncs, in one io_uring_enter: the fsync SQE
** carries IOSQE_IO_DRAIN, so the kernel starts it only once every write
** before it has completed.  A write that came back short is finished by a
** resubmission that may land after the fsync ran: then a second fsync.
** SQLITE_NOTFOUND when pFile is not a uring file or the batch does not fit
** the free slots (io_run_sync then runs io_run and sync). */
int io_uring_run_sync(IoFile *pFile, IoReq *aReq, int nReq, int flags) {
  if (pFile->pMethods != &g_uring_methods) return SQLITE_NOTFOUND;
  UringRing *r = io_posix_data_hooked() ? NULL : ring_get();
  if (r == NULL || r->nFree < nReq + 1) return SQLITE_NOTFOUND;
  int fd = io_posix_fd(pFile);
  u32 nRetry0 = r->nWriteRetry;
  for (int i = 0; i < nReq; i++) {
    ASSERT(aReq[i].op == IO_WRITE && aReq[i].n >= 0 && aReq[i].offset >= 0);
    if (aReq[i].n == 0) aReq[i].rc = SQLITE_OK;
    else req_queue(r, fd, &aReq[i], 0);
  }
  IoReq sync = {.op = URING_OP_FSYNC, .n = flags};
  req_queue(r, fd, &sync, IOSQE_IO_DRAIN);
  ASSERT(sync.rc == URING_QUEUED);
  batch_wait(r, fd, aReq, nReq);
  batch_wait(r, fd, &sync, 1); /* usually complete already (invariant 3) */
  for (int i = 0; i < nReq; i++) {
    if (aReq[i].rc != SQLITE_OK) return aReq[i].rc;
  }
  if (sync.rc == SQLITE_OK && r->nWriteRetry != nRetry0) return uring_sync(pFile, flags);
  if (sync.rc == SQLITE_OK) io_posix_synced(pFile);
  return sync.rc;
}

/* ---- backend -------------------------------------------------------------- */

static int uring_open(IoBackend *pBackend, const char *zPath, IoFile *pFile, int flags,
                      int *pOutFlags) {
  int rc = io_sync_backend()->open(pBackend, zPath, pFile, flags, pOutFlags);
  if (rc != SQLITE_OK) return rc;
  ASSERT(pFile->pMethods == io_posix_methods() && pFile->pBackend == pBackend);
  pFile->pMethods = &g_uring_methods;
  return SQLITE_OK;
}

/* Unloading the library (dlclose) must not leave a key destructor that
** points into unmapped code: other threads' rings then stay open until
** their process exits, which is harmless. */
__attribute__((destructor)) static void uring_unload(void) {
  if (g_pUring != NULL) pthread_key_delete(g_ring_key);
}

static void uring_setup(void) {
  if (pthread_key_create(&g_ring_key, ring_destroy) != 0) return;
  if (pthread_atfork(NULL, NULL, ring_after_fork) != 0) return;
  g_uring_methods = *io_posix_methods();
  g_uring_methods.submit = uring_submit;
  g_uring_methods.wait = uring_wait;
  g_uring_methods.sync = uring_sync;
  g_uring_backend = *io_sync_backend();
  g_uring_backend.zName = "uring";
  g_uring_backend.open = uring_open;
  /* The probe: this thread's ring, kept for its own later use. */
  if (ring_get() != NULL) g_pUring = &g_uring_backend;
}

IoBackend *io_uring_backend(void) {
  pthread_once(&g_uring_once, uring_setup);
  return g_pUring;
}

#else /* !HAVE_LIBURING */

IoBackend *io_uring_backend(void) { return NULL; }

#endif /* HAVE_LIBURING */
