/*
** io_sim.c: the simulated backend (contract and crash model in io_sim.h).
**
** Structure: an IoSim owns a list of SimNodes (files, linked into the
** namespace or only held open) in creation order, so every walk over
** them is deterministic.  A SimFile is one open handle (the IoFile the
** pager sees); it points at its node and carries the epoch it was opened
** in, so handles of "processes" that died in a crash stay dead.
**
** Every operation begins with sim_enter(): it ticks the virtual clock,
** counts the operation, fires a planned crash, and tells the caller
** whether the machine is halted.  Faults are drawn in sim_fault() from the
** plan; the PRNG is the only source of chance (invariant 1 of io_sim.h).
**
** Invariants:
**   1. For every node, the bytes of aVol beyond nVol and of aDur beyond
**      nDur, up to their allocations, are zero; so growing a file exposes
**      zeros, never stale bytes.
**   2. A sector whose dirty bit is clear has equal volatile and durable
**      bytes within both sizes (the crash picks one of the two sizes; bytes
**      a shrink hid keep their durable value).
**   3. node->nShared counts live handles holding SHARED or more; pWriter is
**      the one live handle holding more than SHARED, or NULL.
**   4. A node is freed only when it is unlinked and no handle refers to it.
**   5. While halted, nothing changes any node.
*/
#include "io_sim.h"
#include "prng.h"

#include <stdarg.h>
#include <stdio.h>

#define SIM_MAX_PATH 512
#define SIM_TICK_US 10                                 /* virtual time per operation */
#define SIM_START_MS (210866760000000LL + 1700000000000LL) /* Julian ms of 2023-11-14 */
#define SIM_TRACE_DEFAULT (4 << 20)

typedef struct SimFile SimFile;
typedef struct SimNode SimNode;

struct SimNode {
  char *zName;          /* full path; NULL for an anonymous temporary file */
  int bLinked;          /* reachable by name */
  int bEntryDurable;    /* the directory entry survives a crash */
  int eClass;           /* IOSIM_CLASS_* of the first open */
  u8 *aVol;             /* volatile image (invariant 1) */
  i64 nVol;             /* its size */
  i64 nVolAlloc;        /* bytes allocated */
  u8 *aDur;             /* durable image (invariant 1) */
  i64 nDur;             /* its size */
  i64 nDurAlloc;        /* bytes allocated */
  u8 *aDirty;           /* one bit per sector (invariant 2) */
  i64 nDirtyAlloc;      /* bytes of aDirty */
  int nRef;             /* open handles (invariant 4) */
  int nShared;          /* invariant 3 */
  SimFile *pWriter;     /* invariant 3 */
  SimNode *pNext;       /* next in creation order */
};

struct SimFile {
  IoFile base;          /* must be first */
  IoSim *pSim;          /* the machine */
  SimNode *pNode;       /* the file */
  int id;               /* handle number, for the trace */
  u32 epoch;            /* pSim->epoch at open; dead when they differ */
  int bNoLock;          /* private temp file: takes no locks */
  int bReadOnly;        /* opened without write access */
  int bDeleteOnClose;   /* unlink when closed */
};

struct IoSim {
  IoBackend backend;    /* the vtable handed out; pAppData is this */
  Prng rng;             /* all chance */
  i64 clockUs;          /* virtual microseconds since SIM_START_MS */
  SimNode *pNodes;      /* every node, creation order */
  u32 epoch;            /* incremented by each crash */
  int bHalted;          /* crashed, not rebooted (invariant 5) */
  int nextId;           /* next handle number */
  IoSimFaultPlan plan;  /* current plan */
  int bPaused;          /* no faults, crashes, lies */
  u64 nPlanOps;         /* operations since the plan was set */
  u64 nEligible;        /* eligible operations since the plan was set */
  IoSimStats stats;     /* counters */
  char *zTrace;         /* trace buffer (the tail when limited) */
  i64 nTrace;           /* bytes used */
  i64 nTraceAlloc;      /* bytes allocated */
  i64 mxTrace;          /* limit, 0: none */
  u64 traceHash;        /* FNV-1a over everything appended */
  void (*xHook)(void *, const char *); /* trace hook */
  void *pHookArg;       /* its argument */
};

/* ---- hashing and the trace ------------------------------------------- */

static u64 sim_fnv(u64 h, const void *p, i64 n) {
  const u8 *a = p;
  for (i64 i = 0; i < n; i++) h = (h ^ a[i]) * 0x100000001b3ULL;
  return h;
}
#define SIM_FNV_INIT 0xcbf29ce484222325ULL

/* Keeps the newest half when the limit is reached. */
static void sim_trace_trim(IoSim *s, i64 nAdd) {
  if (s->mxTrace <= 0 || s->nTrace + nAdd <= s->mxTrace) return;
  i64 nKeep = CORE_MIN(s->nTrace, s->mxTrace / 2);
  i64 iFrom = s->nTrace - nKeep;
  while (iFrom < s->nTrace && iFrom > 0 && s->zTrace[iFrom - 1] != '\n') iFrom++;
  memmove(s->zTrace, s->zTrace + iFrom, (size_t)(s->nTrace - iFrom));
  s->nTrace -= iFrom;
}

static void sim_trace_line(IoSim *s, const char *zLine) {
  i64 n = (i64)strlen(zLine);
  s->traceHash = sim_fnv(s->traceHash, zLine, n);
  if (s->xHook) s->xHook(s->pHookArg, zLine);
  sim_trace_trim(s, n);
  if (s->nTrace + n + 1 > s->nTraceAlloc) {
    i64 nNew = CORE_MAX(s->nTraceAlloc * 2, s->nTrace + n + 4096);
    char *z = mem_realloc(s->zTrace, (u64)nNew);
    if (z == NULL) return; /* the hash still covers the line */
    s->zTrace = z;
    s->nTraceAlloc = nNew;
  }
  memcpy(s->zTrace + s->nTrace, zLine, (size_t)n);
  s->nTrace += n;
  s->zTrace[s->nTrace] = 0;
}

/* One trace line per operation: number, clock, op, handle, file, args, rc. */
static void sim_trace_op(IoSim *s, const char *zOp, const SimFile *f, const char *zName,
                         i64 a, i64 b, int rc, const char *zNote) {
  char z[SIM_MAX_PATH + 160];
  const char *zFile = f ? (f->pNode->zName ? f->pNode->zName : "(temp)") : zName;
  snprintf(z, sizeof(z), "%llu %s h%d %s %lld %lld rc=%d%s\n", (unsigned long long)s->stats.nOps,
           zOp, f ? f->id : 0, zFile ? zFile : "-", (long long)a, (long long)b, rc,
           zNote ? zNote : "");
  sim_trace_line(s, z);
}

void iosim_trace_note(IoSim *s, const char *zFmt, ...) {
  char z[1024];
  va_list ap;
  va_start(ap, zFmt);
  int n = vsnprintf(z, sizeof(z) - 2, zFmt, ap);
  va_end(ap);
  if (n < 0) return;
  n = CORE_MIN(n, (int)sizeof(z) - 3);
  z[n] = '\n';
  z[n + 1] = 0;
  sim_trace_line(s, z);
}

const char *iosim_trace(const IoSim *s, i64 *pnByte) {
  if (pnByte) *pnByte = s->nTrace;
  return s->zTrace ? s->zTrace : "";
}

u64 iosim_trace_hash(const IoSim *s) { return s->traceHash; }

void iosim_set_trace_limit(IoSim *s, i64 mxBytes) {
  ASSERT(mxBytes >= 0);
  s->mxTrace = mxBytes > 0 ? CORE_MAX(mxBytes, 4096) : 0;
}

void iosim_set_trace_hook(IoSim *s, void (*xHook)(void *, const char *), void *pArg) {
  s->xHook = xHook;
  s->pHookArg = pArg;
}

/* ---- node images (invariants 1 and 2) ------------------------------ */

/* Grows an image allocation to hold n bytes, zero-filling the new part. */
static int sim_reserve(u8 **pa, i64 *pnAlloc, i64 n) {
  if (n <= *pnAlloc) return SQLITE_OK;
  i64 nNew = CORE_MAX(n, *pnAlloc * 2);
  nNew = (nNew + IOSIM_SECTOR - 1) / IOSIM_SECTOR * IOSIM_SECTOR;
  u8 *a = mem_realloc(*pa, (u64)nNew);
  if (a == NULL) return SQLITE_NOMEM;
  memset(a + *pnAlloc, 0, (size_t)(nNew - *pnAlloc));
  *pa = a;
  *pnAlloc = nNew;
  return SQLITE_OK;
}

static int sim_dirty_get(const SimNode *n, i64 iSec) {
  if ((iSec >> 3) >= n->nDirtyAlloc) return 0;
  return (n->aDirty[iSec >> 3] >> (iSec & 7)) & 1;
}

/* Marks sectors covering bytes [iFrom, iTo) dirty. */
static int sim_dirty_range(SimNode *n, i64 iFrom, i64 iTo) {
  if (iTo <= iFrom) return SQLITE_OK;
  i64 iLast = (iTo - 1) / IOSIM_SECTOR;
  int rc = sim_reserve(&n->aDirty, &n->nDirtyAlloc, (iLast >> 3) + 1);
  if (rc != SQLITE_OK) return rc;
  for (i64 i = iFrom / IOSIM_SECTOR; i <= iLast; i++) n->aDirty[i >> 3] |= (u8)(1 << (i & 7));
  return SQLITE_OK;
}

static void sim_dirty_clear(SimNode *n, i64 iSec) {
  if ((iSec >> 3) < n->nDirtyAlloc) n->aDirty[iSec >> 3] &= (u8)~(1 << (iSec & 7));
}

/* Sectors the dirty map may cover. */
static i64 sim_sector_count(const SimNode *n) { return n->nDirtyAlloc * 8; }

/* Writes nByte at off into the volatile image. */
static int sim_vol_write(SimNode *n, const u8 *a, i64 nByte, i64 off) {
  ASSERT(off >= 0 && nByte >= 0);
  int rc = sim_reserve(&n->aVol, &n->nVolAlloc, off + nByte);
  if (rc == SQLITE_OK) rc = sim_dirty_range(n, CORE_MIN(off, n->nVol), off + nByte);
  if (rc != SQLITE_OK) return rc;
  memcpy(n->aVol + off, a, (size_t)nByte);
  if (off + nByte > n->nVol) n->nVol = off + nByte;
  return SQLITE_OK;
}

/* Sets the volatile size; bytes beyond it become zeros (invariant 1).
** Shrinking is metadata only: it dirties no sector, so a crash either
** keeps the old durable size and bytes (the truncation never happened) or
** the new size; it never writes zeros into the old bytes.  Growing writes
** zeros, which are dirty like any write. */
static int sim_vol_truncate(SimNode *n, i64 size) {
  ASSERT(size >= 0);
  if (size == n->nVol) return SQLITE_OK;
  int rc = sim_reserve(&n->aVol, &n->nVolAlloc, size);
  if (rc == SQLITE_OK && size > n->nVol) rc = sim_dirty_range(n, n->nVol, size);
  if (rc != SQLITE_OK) return rc;
  if (size < n->nVol) memset(n->aVol + size, 0, (size_t)(n->nVol - size));
  n->nVol = size;
  return SQLITE_OK;
}

/* Copies the first nPrefix bytes of volatile sector iSec to the durable
** image (the durable size is left alone: the crash decides it). */
static int sim_persist_sector(SimNode *n, i64 iSec, int nPrefix) {
  ASSERT(nPrefix >= 0 && nPrefix <= IOSIM_SECTOR);
  i64 off = iSec * IOSIM_SECTOR;
  int rc = sim_reserve(&n->aDur, &n->nDurAlloc, off + IOSIM_SECTOR);
  if (rc == SQLITE_OK) rc = sim_reserve(&n->aVol, &n->nVolAlloc, off + IOSIM_SECTOR);
  if (rc != SQLITE_OK) return rc;
  if (nPrefix > 0) memcpy(n->aDur + off, n->aVol + off, (size_t)nPrefix);
  return SQLITE_OK;
}

/* A successful sync (invariant 2 of io_sim.h). */
static int sim_node_sync(SimNode *n) {
  int rc = sim_reserve(&n->aDur, &n->nDurAlloc, n->nVol);
  if (rc != SQLITE_OK) return rc;
  if (n->nVol > 0) memcpy(n->aDur, n->aVol, (size_t)n->nVol);
  if (n->nDurAlloc > n->nVol) memset(n->aDur + n->nVol, 0, (size_t)(n->nDurAlloc - n->nVol));
  n->nDur = n->nVol;
  if (n->aDirty) memset(n->aDirty, 0, (size_t)n->nDirtyAlloc);
  n->bEntryDurable = 1;
  return SQLITE_OK;
}

/* Makes the durable image the whole truth (after a crash). */
static int sim_node_settle(SimNode *n, i64 size) {
  int rc = sim_reserve(&n->aDur, &n->nDurAlloc, size);
  if (rc == SQLITE_OK) rc = sim_reserve(&n->aVol, &n->nVolAlloc, size);
  if (rc != SQLITE_OK) return rc;
  if (n->nDurAlloc > size) memset(n->aDur + size, 0, (size_t)(n->nDurAlloc - size));
  if (n->nVolAlloc > 0) memset(n->aVol, 0, (size_t)n->nVolAlloc);
  if (size > 0) memcpy(n->aVol, n->aDur, (size_t)size);
  n->nDur = n->nVol = size;
  if (n->aDirty) memset(n->aDirty, 0, (size_t)n->nDirtyAlloc);
  n->bEntryDurable = 1;
  return SQLITE_OK;
}

/* ---- the namespace ------------------------------------------------------ */

static SimNode *sim_find(IoSim *s, const char *zFull) {
  for (SimNode *n = s->pNodes; n != NULL; n = n->pNext) {
    if (n->bLinked && n->zName && strcmp(n->zName, zFull) == 0) return n;
  }
  return NULL;
}

static void sim_node_free(SimNode *n) {
  mem_free(n->zName);
  mem_free(n->aVol);
  mem_free(n->aDur);
  mem_free(n->aDirty);
  mem_free(n);
}

/* Frees n if it is unlinked and unreferenced (invariant 4). */
static void sim_node_gc(IoSim *s, SimNode *n) {
  if (n->bLinked || n->nRef > 0) return;
  SimNode **pp = &s->pNodes;
  while (*pp != n) pp = &(*pp)->pNext;
  *pp = n->pNext;
  sim_node_free(n);
}

static SimNode *sim_node_new(IoSim *s, const char *zFull, int eClass) {
  SimNode *n = mem_zalloc(sizeof(*n));
  if (n == NULL) return NULL;
  if (zFull != NULL) {
    n->zName = mem_strdup(zFull);
    if (n->zName == NULL) {
      mem_free(n);
      return NULL;
    }
    n->bLinked = 1;
  }
  n->eClass = eClass;
  SimNode **pp = &s->pNodes;
  while (*pp != NULL) pp = &(*pp)->pNext;
  *pp = n;
  return n;
}

/* "/" + zPath unless absolute.  SQLITE_CANTOPEN_FULLPATH if too long. */
static int sim_full_path(IoBackend *pB, const char *zPath, int nOut, char *zOut) {
  UNUSED(pB);
  int n = snprintf(zOut, (size_t)nOut, "%s%s", zPath[0] == '/' ? "" : "/", zPath);
  if (n < 0 || n >= nOut || n > SIM_MAX_PATH) return SQLITE_CANTOPEN_FULLPATH;
  return SQLITE_OK;
}

static int sim_class_of_flags(int flags) {
  if (flags & SQLITE_OPEN_MAIN_DB) return IOSIM_CLASS_DB;
  if (flags & SQLITE_OPEN_MAIN_JOURNAL) return IOSIM_CLASS_JOURNAL;
  return IOSIM_CLASS_OTHER;
}

/* ---- clock, operations, faults ---------------------------------------- */

/* Starts an operation.  Returns 1 if it must fail because the machine is
** halted or the handle f belongs to a dead process. */
static int sim_enter(IoSim *s, const SimFile *f) {
  s->clockUs += SIM_TICK_US;
  s->stats.nOps++;
  if (!s->bPaused) {
    s->nPlanOps++;
    if (s->plan.iCrashAt != 0 && s->nPlanOps == s->plan.iCrashAt && !s->bHalted) iosim_crash(s);
  }
  return s->bHalted || (f != NULL && f->epoch != s->epoch);
}

static int sim_popcount(u32 m) {
  int n = 0;
  for (; m != 0; m &= m - 1) n++;
  return n;
}

/* Decides whether this operation (which could fail in any of mFits ways,
** on a file of class eClass) fails.  Returns the IOSIM_F_* chosen, or 0. */
static u32 sim_fault(IoSim *s, u32 mFits, int eClass) {
  if (s->bPaused || s->bHalted) return 0;
  u32 m = mFits & s->plan.mKinds;
  u32 mClasses = s->plan.mClasses ? s->plan.mClasses : IOSIM_CLASS_ALL;
  if (m == 0 || !(mClasses & (u32)eClass)) return 0;
  s->nEligible++;
  u64 iAt = s->plan.iFailAt;
  int bFail = iAt != 0 && (s->nEligible == iAt || (s->plan.bPersist && s->nEligible > iAt));
  if (!bFail && s->plan.probDen != 0) {
    bFail = prng_chance(&s->rng, s->plan.probNum, s->plan.probDen);
  }
  if (!bFail) return 0;
  int k = (int)prng_below(&s->rng, (u32)sim_popcount(m));
  u32 bit = m;
  for (int i = 0; i < k; i++) bit &= bit - 1;
  s->stats.nFaults++;
  return bit & (~bit + 1);
}

void iosim_set_fault_plan(IoSim *s, const IoSimFaultPlan *pPlan) {
  memset(&s->plan, 0, sizeof(s->plan));
  if (pPlan) s->plan = *pPlan;
  ASSERT(s->plan.probDen == 0 || s->plan.probNum <= s->plan.probDen);
  s->nPlanOps = 0;
  s->nEligible = 0;
}

void iosim_pause_faults(IoSim *s, int bPause) { s->bPaused = bPause != 0; }
u64 iosim_ops_since_plan(const IoSim *s) { return s->nPlanOps; }

/* ---- crash ---------------------------------------------------------------- */

/* Applies a power loss to one linked node. */
static void sim_crash_node(IoSim *s, SimNode *n) {
  if (!n->bEntryDurable && prng_chance(&s->rng, 1, 2)) {
    n->bLinked = 0; /* the entry never reached the disk */
    s->stats.nFilesVanished++;
    return;
  }
  i64 size = n->nDur;
  if (n->nVol != n->nDur && prng_chance(&s->rng, 1, 2)) size = n->nVol;
  i64 nSec = CORE_MIN(sim_sector_count(n), (size + IOSIM_SECTOR - 1) / IOSIM_SECTOR);
  for (i64 i = 0; i < nSec; i++) {
    if (!sim_dirty_get(n, i)) continue;
    u32 r = prng_below(&s->rng, 3);
    int nPrefix = r == 0 ? 0 : IOSIM_SECTOR;
    if (r == 2) nPrefix = 1 + (int)prng_below(&s->rng, IOSIM_SECTOR - 1);
    if (r == 0) s->stats.nSectorsDropped++;
    else if (r == 1) s->stats.nSectorsKept++;
    else s->stats.nSectorsTorn++;
    if (nPrefix > 0 && sim_persist_sector(n, i, nPrefix) != SQLITE_OK) {
      s->stats.nSectorsDropped++; /* OOM: the sector is lost, never invented */
    }
  }
  if (sim_node_settle(n, size) != SQLITE_OK) {
    /* OOM while growing: keep the old durable size, which is allocated. */
    sim_node_settle(n, CORE_MIN(size, n->nDur));
  }
}

void iosim_crash(IoSim *s) {
  ASSERT(!s->bHalted);
  s->stats.nCrashes++;
  sim_trace_op(s, "CRASH", NULL, "-", (i64)s->epoch, 0, 0, NULL);
  SimNode *pNext;
  for (SimNode *n = s->pNodes; n != NULL; n = pNext) {
    pNext = n->pNext;
    n->nShared = 0; /* every process died: no locks (invariant 3) */
    n->pWriter = NULL;
    if (n->bLinked) sim_crash_node(s, n);
    sim_node_gc(s, n);
  }
  s->epoch++;
  s->bHalted = 1; /* invariant 5 */
}

int iosim_crashed(const IoSim *s) { return s->bHalted; }

void iosim_reboot(IoSim *s) {
  if (!s->bHalted) return;
  s->bHalted = 0;
  sim_trace_op(s, "REBOOT", NULL, "-", (i64)s->epoch, 0, 0, NULL);
}

/* ---- file methods: I/O ------------------------------------------------- */

static void sim_read_one(SimFile *f, IoReq *r) {
  IoSim *s = f->pSim;
  SimNode *n = f->pNode;
  u8 *buf = r->buf;
  s->stats.nReads++;
  int bDead = sim_enter(s, f);
  u32 eFault = bDead ? IOSIM_F_READ : sim_fault(s, IOSIM_F_READ | IOSIM_F_SHORT_READ, n->eClass);
  if (eFault != 0) {
    int nOk = eFault == IOSIM_F_SHORT_READ ? (int)prng_below(&s->rng, (u32)r->n + 1) : 0;
    i64 nAvail = CORE_MAX(CORE_MIN((i64)nOk, n->nVol - r->offset), 0);
    if (nAvail > 0) memcpy(buf, n->aVol + r->offset, (size_t)nAvail);
    memset(buf + nAvail, 0xa5, (size_t)(r->n - nAvail)); /* garbage the caller must not use */
    r->rc = SQLITE_IOERR_READ;
  } else {
    i64 nAvail = CORE_MAX(CORE_MIN((i64)r->n, n->nVol - r->offset), 0);
    if (nAvail > 0) memcpy(buf, n->aVol + r->offset, (size_t)nAvail);
    memset(buf + nAvail, 0, (size_t)(r->n - nAvail)); /* io.h invariant 2 */
    r->rc = nAvail == r->n ? SQLITE_OK : SQLITE_IOERR_SHORT_READ;
  }
  sim_trace_op(s, "read", f, NULL, r->offset, r->n, r->rc,
               bDead ? " DEAD" : eFault ? " FAULT" : NULL);
}

static void sim_write_one(SimFile *f, IoReq *r) {
  IoSim *s = f->pSim;
  SimNode *n = f->pNode;
  s->stats.nWrites++;
  int bDead = sim_enter(s, f);
  u32 m = IOSIM_F_WRITE | IOSIM_F_SHORT_WRITE | IOSIM_F_FULL;
  u32 eFault = bDead || f->bReadOnly ? IOSIM_F_WRITE : sim_fault(s, m, n->eClass);
  int nWrite = r->n;
  if (eFault == IOSIM_F_WRITE) nWrite = 0;
  else if (eFault != 0) nWrite = (int)prng_below(&s->rng, (u32)r->n + 1);
  int rc = SQLITE_OK;
  if (nWrite > 0) rc = sim_vol_write(n, r->buf, nWrite, r->offset);
  if (eFault == IOSIM_F_FULL) rc = SQLITE_FULL;
  else if (eFault != 0) rc = SQLITE_IOERR_WRITE;
  else if (rc == SQLITE_NOMEM) rc = SQLITE_IOERR_WRITE; /* as a failed pwrite */
  r->rc = rc;
  char zNote[48];
  int bInjected = eFault != 0 && !bDead && !f->bReadOnly;
  snprintf(zNote, sizeof(zNote), " h=%08x%s", (u32)sim_fnv(SIM_FNV_INIT, r->buf, r->n),
           bInjected ? " FAULT" : eFault ? " REFUSED" : "");
  sim_trace_op(s, "write", f, NULL, r->offset, r->n, r->rc, zNote);
}

static int sim_submit(IoFile *pBase, IoReq *aReq, int nReq) {
  SimFile *f = (SimFile *)pBase;
  ASSERT(f->pNode != NULL && nReq >= 0);
  int rc = SQLITE_OK;
  for (int i = 0; i < nReq; i++) {
    IoReq *r = &aReq[i];
    ASSERT(r->op == IO_READ || r->op == IO_WRITE);
    ASSERT(r->n >= 0 && r->offset >= 0);
    if (r->op == IO_READ) sim_read_one(f, r);
    else sim_write_one(f, r);
    if (rc == SQLITE_OK) rc = r->rc;
  }
  return rc;
}

static int sim_wait(IoFile *pBase, IoReq *aReq, int nReq) {
  UNUSED(pBase);
  for (int i = 0; i < nReq; i++) {
    if (aReq[i].rc != SQLITE_OK) return aReq[i].rc;
  }
  return SQLITE_OK;
}

/* A failed fsync: some dirty sectors reached the disk anyway. */
static void sim_sync_partial(IoSim *s, SimNode *n) {
  i64 nSec = sim_sector_count(n);
  for (i64 i = 0; i < nSec; i++) {
    if (!sim_dirty_get(n, i) || !prng_chance(&s->rng, 1, 2)) continue;
    if (sim_persist_sector(n, i, IOSIM_SECTOR) == SQLITE_OK) sim_dirty_clear(n, i);
  }
}

static int sim_sync(IoFile *pBase, int flags) {
  SimFile *f = (SimFile *)pBase;
  IoSim *s = f->pSim;
  SimNode *n = f->pNode;
  s->stats.nSyncs++;
  int rc = SQLITE_OK;
  const char *zNote = NULL;
  if (sim_enter(s, f)) {
    rc = SQLITE_IOERR_FSYNC;
  } else if (sim_fault(s, IOSIM_F_SYNC, n->eClass)) {
    sim_sync_partial(s, n);
    rc = SQLITE_IOERR_FSYNC;
    zNote = " FAULT";
  } else if (!s->bPaused && (s->plan.mLieSync & (u32)n->eClass)) {
    s->stats.nLies++; /* returns OK, makes nothing durable */
    zNote = " LIE";
  } else if (sim_node_sync(n) != SQLITE_OK) {
    rc = SQLITE_IOERR_FSYNC;
  }
  sim_trace_op(s, "sync", f, NULL, flags, 0, rc, zNote);
  return rc;
}

static int sim_truncate(IoFile *pBase, i64 size) {
  SimFile *f = (SimFile *)pBase;
  IoSim *s = f->pSim;
  ASSERT(size >= 0);
  int rc = SQLITE_OK;
  u32 eFault = 0;
  if (sim_enter(s, f) || f->bReadOnly) rc = SQLITE_IOERR_TRUNCATE;
  else if ((eFault = sim_fault(s, IOSIM_F_TRUNCATE, f->pNode->eClass)) != 0) {
    rc = SQLITE_IOERR_TRUNCATE;
  }
  else if (sim_vol_truncate(f->pNode, size) != SQLITE_OK) rc = SQLITE_IOERR_TRUNCATE;
  sim_trace_op(s, "truncate", f, NULL, size, 0, rc, eFault ? " FAULT" : NULL);
  return rc;
}

static int sim_size(IoFile *pBase, i64 *pSize) {
  SimFile *f = (SimFile *)pBase;
  IoSim *s = f->pSim;
  *pSize = 0;
  int rc = SQLITE_OK;
  u32 eFault = 0;
  if (sim_enter(s, f)) rc = SQLITE_IOERR_FSTAT;
  else if ((eFault = sim_fault(s, IOSIM_F_SIZE, f->pNode->eClass)) != 0) rc = SQLITE_IOERR_FSTAT;
  else *pSize = f->pNode->nVol;
  sim_trace_op(s, "size", f, NULL, *pSize, 0, rc, eFault ? " FAULT" : NULL);
  return rc;
}

/* ---- file methods: locks (invariant 3 of io_sim.h) ----------------------- */

static int sim_lock_level(SimFile *f, SimNode *n, int eLock) {
  IoFile *pBase = &f->base;
  int bOther = n->pWriter != NULL && n->pWriter != f;
  if (eLock == SQLITE_LOCK_SHARED) {
    if (bOther && n->pWriter->base.eLock >= SQLITE_LOCK_PENDING) return SQLITE_BUSY;
    n->nShared++;
    pBase->eLock = SQLITE_LOCK_SHARED;
    return SQLITE_OK;
  }
  if (bOther) return SQLITE_BUSY; /* another IoFile is the writer */
  n->pWriter = f;
  if (eLock == SQLITE_LOCK_RESERVED) {
    pBase->eLock = SQLITE_LOCK_RESERVED;
    return SQLITE_OK;
  }
  if (pBase->eLock < SQLITE_LOCK_PENDING) pBase->eLock = SQLITE_LOCK_PENDING;
  if (n->nShared > 1) return SQLITE_BUSY; /* readers remain: stay PENDING */
  pBase->eLock = SQLITE_LOCK_EXCLUSIVE;
  return SQLITE_OK;
}

static int sim_lock(IoFile *pBase, int eLock) {
  SimFile *f = (SimFile *)pBase;
  IoSim *s = f->pSim;
  ASSERT(eLock == SQLITE_LOCK_SHARED || eLock == SQLITE_LOCK_RESERVED ||
         eLock == SQLITE_LOCK_EXCLUSIVE);
  int bDead = sim_enter(s, f);
  int rc = SQLITE_OK;
  if (pBase->eLock >= eLock) {
    rc = SQLITE_OK;
  } else if (bDead) {
    rc = SQLITE_IOERR_LOCK;
  } else if (f->bNoLock) {
    pBase->eLock = eLock;
  } else {
    ASSERT(pBase->eLock != SQLITE_LOCK_NONE || eLock == SQLITE_LOCK_SHARED);
    ASSERT(eLock != SQLITE_LOCK_RESERVED || pBase->eLock == SQLITE_LOCK_SHARED);
    rc = sim_lock_level(f, f->pNode, eLock);
  }
  ASSERT(bDead || f->bNoLock || pBase->eLock <= SQLITE_LOCK_SHARED || f->pNode->pWriter == f);
  sim_trace_op(s, "lock", f, NULL, eLock, pBase->eLock, rc, NULL);
  return rc;
}

static int sim_unlock(IoFile *pBase, int eLock) {
  SimFile *f = (SimFile *)pBase;
  IoSim *s = f->pSim;
  ASSERT(eLock == SQLITE_LOCK_SHARED || eLock == SQLITE_LOCK_NONE);
  int bDead = sim_enter(s, f);
  if (pBase->eLock > eLock && !bDead && !f->bNoLock) {
    SimNode *n = f->pNode;
    if (pBase->eLock > SQLITE_LOCK_SHARED) {
      ASSERT(n->pWriter == f); /* invariant 3 */
      n->pWriter = NULL;
    }
    if (eLock == SQLITE_LOCK_NONE) {
      ASSERT(n->nShared > 0);
      n->nShared--;
    }
  }
  /* A dead process's locks vanished with it: only the level changes. */
  if (pBase->eLock > eLock) pBase->eLock = eLock;
  sim_trace_op(s, "unlock", f, NULL, eLock, 0, SQLITE_OK, NULL);
  return SQLITE_OK;
}

static int sim_check_reserved(IoFile *pBase, int *pResOut) {
  SimFile *f = (SimFile *)pBase;
  IoSim *s = f->pSim;
  *pResOut = 0;
  int rc = SQLITE_OK;
  if (sim_enter(s, f)) rc = SQLITE_IOERR_CHECKRESERVEDLOCK;
  else *pResOut = !f->bNoLock && f->pNode->pWriter != NULL;
  sim_trace_op(s, "check_reserved", f, NULL, *pResOut, 0, rc, NULL);
  return rc;
}

/* ---- file methods: the rest --------------------------------------------- */

static int sim_sector_size(IoFile *pBase) {
  UNUSED(pBase);
  return IOSIM_SECTOR;
}

static int sim_device_characteristics(IoFile *pBase) {
  UNUSED(pBase);
  /* Honest: the crash model never damages a sector that was not written. */
  return SQLITE_IOCAP_POWERSAFE_OVERWRITE;
}

static int sim_file_control(IoFile *pBase, int op, void *pArg) {
  if (op == SQLITE_FCNTL_LOCKSTATE) {
    *(int *)pArg = pBase->eLock;
    return SQLITE_OK;
  }
  return SQLITE_NOTFOUND;
}

static void sim_close(IoFile *pBase) {
  SimFile *f = (SimFile *)pBase;
  IoSim *s = f->pSim;
  if (f->pNode == NULL) return;
  sim_unlock(pBase, SQLITE_LOCK_NONE);
  sim_enter(s, f);
  SimNode *n = f->pNode;
  sim_trace_op(s, "close", f, NULL, 0, 0, SQLITE_OK, NULL);
  /* A dead handle's delete-on-close never happens: the process died first
  ** (the crash already dropped an undurable entry or kept it). */
  if (f->bDeleteOnClose && f->epoch == s->epoch && !s->bHalted) n->bLinked = 0;
  if (n->zName == NULL) n->bLinked = 0;
  ASSERT(n->nRef > 0);
  n->nRef--;
  sim_node_gc(s, n);
  f->pNode = NULL;
  pBase->pMethods = NULL;
}

static const IoFileMethods sim_methods = {
    .submit = sim_submit,
    .wait = sim_wait,
    .sync = sim_sync,
    .truncate = sim_truncate,
    .size = sim_size,
    .lock = sim_lock,
    .unlock = sim_unlock,
    .check_reserved = sim_check_reserved,
    .sector_size = sim_sector_size,
    .device_characteristics = sim_device_characteristics,
    .file_control = sim_file_control,
    .close = sim_close,
};

/* ---- backend methods ------------------------------------------------------- */

static IoSim *sim_of(IoBackend *pB) { return (IoSim *)pB->pAppData; }

/* Finds or creates the node for an open.  Returns SQLITE_OK or CANTOPEN. */
static int sim_open_node(IoSim *s, const char *zFull, int flags, SimNode **ppNode) {
  *ppNode = NULL;
  SimNode *n = zFull ? sim_find(s, zFull) : NULL;
  int bCreate = (flags & SQLITE_OPEN_CREATE) != 0;
  if (n != NULL && bCreate && (flags & SQLITE_OPEN_EXCLUSIVE)) return SQLITE_CANTOPEN;
  if (n == NULL && zFull != NULL && !bCreate) return SQLITE_CANTOPEN;
  if (n == NULL) n = sim_node_new(s, zFull, sim_class_of_flags(flags));
  if (n == NULL) return SQLITE_NOMEM;
  *ppNode = n;
  return SQLITE_OK;
}

static int sim_open(IoBackend *pB, const char *zPath, IoFile *pBase, int flags, int *pOutFlags) {
  IoSim *s = sim_of(pB);
  SimFile *f = (SimFile *)pBase;
  memset(f, 0, sizeof(*f));
  char zFull[SIM_MAX_PATH + 2];
  int rc = SQLITE_OK;
  if (zPath != NULL) rc = sim_full_path(pB, zPath, sizeof(zFull), zFull);
  int eClass = sim_class_of_flags(flags);
  u32 eFault = 0;
  SimNode *n = NULL;
  if (sim_enter(s, NULL)) rc = SQLITE_CANTOPEN;
  else if (rc == SQLITE_OK && (eFault = sim_fault(s, IOSIM_F_OPEN, eClass)) != 0) {
    rc = SQLITE_CANTOPEN;
  }
  if (rc == SQLITE_OK) rc = sim_open_node(s, zPath ? zFull : NULL, flags, &n);
  sim_trace_op(s, "open", NULL, zPath ? zFull : "(temp)", flags, 0, rc, eFault ? " FAULT" : NULL);
  if (rc != SQLITE_OK) return rc;
  n->nRef++;
  f->pSim = s;
  f->pNode = n;
  f->id = ++s->nextId;
  f->epoch = s->epoch;
  f->bNoLock = zPath == NULL || (flags & SQLITE_OPEN_DELETEONCLOSE) != 0;
  f->bReadOnly = (flags & SQLITE_OPEN_READWRITE) == 0;
  f->bDeleteOnClose = (flags & SQLITE_OPEN_DELETEONCLOSE) != 0;
  pBase->pBackend = pB;
  pBase->eLock = SQLITE_LOCK_NONE;
  pBase->pMethods = &sim_methods;
  if (pOutFlags) *pOutFlags = flags;
  return SQLITE_OK;
}

static int sim_remove(IoBackend *pB, const char *zPath, int bSyncDir) {
  IoSim *s = sim_of(pB);
  char zFull[SIM_MAX_PATH + 2];
  int rc = sim_full_path(pB, zPath, sizeof(zFull), zFull);
  u32 eFault = 0;
  if (sim_enter(s, NULL)) {
    rc = SQLITE_IOERR_DELETE;
  } else if (rc == SQLITE_OK) {
    SimNode *n = sim_find(s, zFull);
    if (n == NULL) rc = SQLITE_IOERR_DELETE_NOENT;
    else if ((eFault = sim_fault(s, IOSIM_F_DELETE, n->eClass)) != 0) rc = SQLITE_IOERR_DELETE;
    if (rc == SQLITE_OK) {
      n->bLinked = 0; /* durable at once (io_sim.h) */
      sim_node_gc(s, n);
    }
  }
  sim_trace_op(s, "remove", NULL, zFull, bSyncDir, 0, rc, eFault ? " FAULT" : NULL);
  return rc;
}

static int sim_access(IoBackend *pB, const char *zPath, int flags, int *pResOut) {
  IoSim *s = sim_of(pB);
  char zFull[SIM_MAX_PATH + 2];
  *pResOut = 0;
  int rc = sim_full_path(pB, zPath, sizeof(zFull), zFull);
  if (sim_enter(s, NULL)) rc = SQLITE_IOERR_ACCESS;
  else if (rc == SQLITE_OK) *pResOut = sim_find(s, zFull) != NULL;
  else rc = SQLITE_OK; /* a name too long exists nowhere */
  sim_trace_op(s, "access", NULL, zFull, flags, *pResOut, rc, NULL);
  return rc;
}

static int sim_randomness(IoBackend *pB, int n, void *pOut) {
  IoSim *s = sim_of(pB);
  u8 *a = pOut;
  for (int i = 0; i < n; i += 8) {
    u64 x = prng_next(&s->rng);
    memcpy(a + i, &x, (size_t)CORE_MIN(8, n - i));
  }
  sim_trace_op(s, "randomness", NULL, "-", n, 0, SQLITE_OK, NULL);
  return n;
}

static int sim_now_ms(IoBackend *pB, i64 *pMs) {
  IoSim *s = sim_of(pB);
  s->clockUs += SIM_TICK_US;
  *pMs = SIM_START_MS + s->clockUs / 1000;
  return SQLITE_OK;
}

static int sim_sleep_us(IoBackend *pB, int nMicro) {
  IoSim *s = sim_of(pB);
  ASSERT(nMicro >= 0);
  s->clockUs += nMicro;
  sim_trace_op(s, "sleep", NULL, "-", nMicro, 0, SQLITE_OK, NULL);
  return nMicro;
}

/* ---- the machine ---------------------------------------------------------- */

IoSim *iosim_new(u64 seed) {
  IoSim *s = mem_zalloc(sizeof(*s));
  if (s == NULL) return NULL;
  prng_seed(&s->rng, seed);
  s->traceHash = SIM_FNV_INIT;
  s->mxTrace = SIM_TRACE_DEFAULT;
  s->backend = (IoBackend){
      .zName = "sim",
      .szFile = sizeof(SimFile),
      .mxPathname = SIM_MAX_PATH,
      .pAppData = s,
      .open = sim_open,
      .remove = sim_remove,
      .access = sim_access,
      .full_path = sim_full_path,
      .randomness = sim_randomness,
      .now_ms = sim_now_ms,
      .sleep_us = sim_sleep_us,
  };
  return s;
}

void iosim_free(IoSim *s) {
  if (s == NULL) return;
  SimNode *pNext;
  for (SimNode *n = s->pNodes; n != NULL; n = pNext) {
    pNext = n->pNext;
    ASSERT(n->nRef == 0); /* every IoFile closed first */
    sim_node_free(n);
  }
  mem_free(s->zTrace);
  mem_free(s);
}

IoBackend *iosim_backend(IoSim *s) { return &s->backend; }

IoSim *iosim_from_backend(IoBackend *pB) {
  ASSERT(pB != NULL && pB->open == sim_open);
  return sim_of(pB);
}

int iosim_file_image(IoSim *s, const char *zPath, int bDurable, const u8 **paData, i64 *pn) {
  char zFull[SIM_MAX_PATH + 2];
  *paData = NULL;
  *pn = 0;
  if (sim_full_path(&s->backend, zPath, sizeof(zFull), zFull) != SQLITE_OK) return 0;
  SimNode *n = sim_find(s, zFull);
  if (n == NULL) return 0;
  *paData = bDurable ? n->aDur : n->aVol;
  *pn = bDurable ? n->nDur : n->nVol;
  if (*paData == NULL) *paData = (const u8 *)"";
  return 1;
}

u64 iosim_files_hash(const IoSim *s) {
  u64 h = SIM_FNV_INIT;
  for (const SimNode *n = s->pNodes; n != NULL; n = n->pNext) {
    if (!n->bLinked) continue;
    h = sim_fnv(h, n->zName, (i64)strlen(n->zName) + 1);
    h = sim_fnv(h, &n->nVol, sizeof(n->nVol));
    if (n->nVol > 0) h = sim_fnv(h, n->aVol, n->nVol);
    h = sim_fnv(h, &n->nDur, sizeof(n->nDur));
    if (n->nDur > 0) h = sim_fnv(h, n->aDur, n->nDur);
  }
  return h;
}

void iosim_stats(const IoSim *s, IoSimStats *pStats) { *pStats = s->stats; }
