/*
** sim.c: the deterministic simulator.  Every run is a pure function of its
** seed: a seeded scheduler interleaves several connections (pagers) on one
** database in the simulated backend (io/io_sim.h), drives randomized
** transactions (page writes, growth, truncation, savepoints, rollbacks,
** commits, readers), injects I/O faults and power losses at random
** operations, reboots, and after every recovery checks the database
** against a model of the committed state.
**
** The model: a database image is a page count and, per page, the "stamp"
** (a unique number) of the write that produced it; a page's bytes are a
** pure function of (pgno, stamp), so every sector of a page tells whether
** it holds that write.  Page 1 also carries a valid SQLite header, whose
** change counter and page count the pager maintains.
**
** Checked (a violation fails the seed and prints how to reproduce it):
**   1. After every recovery the database equals the last committed image,
**      or the image of the commit that was in flight when power was lost
**      (the only transaction whose outcome may go either way); every page
**      is whole (no torn or mixed sectors) and the header page count
**      matches.
**   2. A commit that failed without a crash leaves either image, decided
**      at once by a fault-free check (rollback, or hot-journal recovery).
**      A failed fsync leaves durability unknown, so until the next commit
**      syncs the database a power loss may also bring back the other one.
**   After half of the power losses, the first connection writes (and rolls
**   back) with the faults still on, so hot-journal recovery runs under I/O
**   errors before the fault-free check.
**   3. Readers see exactly the committed image; writers see their own.
**   4. Every call returns SQLITE_OK, SQLITE_BUSY, or an I/O-class error
**      (IOERR, FULL, CANTOPEN, NOMEM); never CORRUPT, never a crash or an
**      assertion; a commit that hit an injected fault never returns OK.
**   5. Nothing leaks: mem_used() returns to its value before the seed.
**   6. --check-determinism: two runs give byte-identical traces and files.
** Seeds with power loss use synchronous FULL or EXTRA only: SQLite itself
** documents that NORMAL may lose a rollback-journal database to a power
** failure (see run_profile).
**
** Usage: sim [--seed N] [--count K] [--steps S] [--check-determinism]
**            [--break-journal-sync] [--soak] [--stop-on-fail] [--no-faults]
**            [--small-cache] [--tail N] [-v]
**   --no-faults           power losses only, no injected I/O errors.
**   --small-cache         caches of 2..6 pages, so most write transactions
**                         spill dirty pages to the database mid-transaction.
**   --break-journal-sync  every journal sync lies (returns OK, makes nothing
**                         durable): the proof that the simulator can fail.
** Exit status 0 when every seed passed.  Each seed runs in a forked child
** when several run, so an assertion failure is reported with its seed.
*/
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "engine/pager.h"
#include "io/io_sim.h"
#include "io/prng.h"

#define SIM_MAXP 40        /* largest database, in pages */
#define SIM_MAXCONN 4      /* connections interleaved */
#define SIM_MAXSP 4        /* nested savepoints per transaction */
#define SIM_DB "/sim.db"

typedef struct Image {
  u32 nPage;                  /* pages in the database */
  u32 aStamp[SIM_MAXP + 1];   /* stamp of each page, 1-based */
} Image;

enum { C_IDLE, C_READ, C_WRITE };

typedef struct Conn {
  Pager *p;                   /* this connection's pager */
  int eState;                 /* C_* */
  int nLeft;                  /* reader: steps before it ends */
  int nBusy;                  /* writer: BUSY commits in a row */
  Image w;                    /* writer: its working image */
  Image aSp[SIM_MAXSP];       /* writer: image at each open savepoint */
  int nSp;                    /* open savepoints */
} Conn;

typedef struct Opts {
  u64 seed;                   /* first seed */
  u64 nSeed;                  /* how many */
  int nStep;                  /* scheduler steps per seed */
  int bDeterminism;           /* run twice, compare */
  int bBreakSync;             /* journal syncs lie (the proof build) */
  int bSoak;                  /* run until stopped */
  int nTail;                  /* trace lines shown on failure */
  int bVerbose;               /* per-seed summary */
  int bStopOnFail;            /* stop at the first failing seed */
  int bNoFaults;              /* power losses only, no I/O errors */
  int bSmallCache;            /* caches of 2..6 pages: spills in most seeds */
} Opts;

typedef struct Stats {
  u64 nCommit, nRollback, nRecover, nCrash, nFault, nInDoubt, nBusy, nRead, nOps, nLie;
  u64 nSpill;                 /* pages spilled mid-transaction (small caches) */
} Stats;

typedef struct Run {
  const Opts *o;              /* options */
  u64 seed;                   /* this run's seed */
  Prng rng;                   /* the workload's chance (the backend has its own) */
  IoSim *pSim;                /* the machine */
  IoBackend *pIo;             /* its backend */
  Conn aConn[SIM_MAXCONN];    /* connections */
  int nConn;                  /* used entries */
  u32 pageSize;               /* per seed */
  int syncLevel;              /* 1 NORMAL, 2 FULL, 3 EXTRA */
  int cacheSize;              /* pages */
  Image committed;            /* the model (invariant 1 of the header) */
  Image inflight;             /* image of the commit in progress ... */
  int bInflight;              /* ... while its outcome is unknown */
  Image alt;                  /* after a failed commit, the image not chosen ... */
  int bAlt;                   /* ... until a commit syncs the database */
  u32 nextStamp;              /* next unused stamp */
  u32 probDen;                /* profile: fault probability 1/probDen, 0 none */
  u32 mKinds;                 /* profile: fault kinds */
  u32 crashMean;              /* profile: mean ops between crashes, 0 none */
  int bFailed;                /* a check failed */
  char zWhy[600];             /* the first failure */
  char *zTail;                /* the trace tail when it happened (malloc'd) */
  Stats st;                   /* counters */
} Run;

/* ---- failures ---------------------------------------------------------- */

static const char *trace_tail(IoSim *pSim, int nTail);

static void sim_fail(Run *r, const char *zFmt, ...) __attribute__((format(printf, 2, 3)));
static void sim_fail(Run *r, const char *zFmt, ...) {
  if (r->bFailed) return;
  va_list ap;
  va_start(ap, zFmt);
  vsnprintf(r->zWhy, sizeof(r->zWhy), zFmt, ap);
  va_end(ap);
  r->bFailed = 1;
  iosim_trace_note(r->pSim, "FAIL %s", r->zWhy);
  r->zTail = strdup(trace_tail(r->pSim, r->o->nTail)); /* before the cleanup's lines */
}

/* Invariant 4 of the header: the codes a call may return under faults. */
static int rc_is_io_error(int rc) {
  int base = rc & 0xff;
  return base == SQLITE_IOERR || base == SQLITE_FULL || base == SQLITE_CANTOPEN ||
         base == SQLITE_NOMEM;
}

static void check_rc(Run *r, int rc, const char *zCall) {
  if (rc != SQLITE_OK && rc != SQLITE_BUSY && !rc_is_io_error(rc)) {
    sim_fail(r, "%s returned %d", zCall, rc);
  }
}

/* ---- page images ------------------------------------------------------- */

static u32 body_start(u32 pgno) { return pgno == 1 ? 104 : 0; }

/* Writes the image of (pgno, stamp); page 1 keeps the pager's header
** fields (bytes 24..99), as a btree would. */
static void page_fill(u8 *a, u32 pgno, u32 stamp, u32 sz) {
  if (pgno == 1) {
    memcpy(a, "SQLite format 3", 16);
    put2(a + 16, sz == 65536 ? 1 : sz);
    a[18] = a[19] = 1;
    a[20] = 0;
    a[21] = 64;
    a[22] = a[23] = 32;
    memset(a + 100, 0, 4);
  }
  for (u32 off = body_start(pgno); off + 8 <= sz; off += 8) {
    put4(a + off, (pgno * 0x9e3779b1u) ^ off);
    put4(a + off + 4, stamp);
  }
}

/* Returns the stamp if the page is one whole write, else 0. */
static u32 page_stamp(const u8 *a, u32 pgno, u32 sz) {
  if (pgno == 1 && (memcmp(a, "SQLite format 3", 16) != 0 || get2(a + 16) != (sz & 0xffff))) {
    return 0;
  }
  u32 iBody = body_start(pgno);
  u32 stamp = get4(a + iBody + 4);
  for (u32 off = iBody; off + 8 <= sz; off += 8) {
    if (get4(a + off) != ((pgno * 0x9e3779b1u) ^ off) || get4(a + off + 4) != stamp) return 0;
  }
  return stamp;
}

/* ---- connections --------------------------------------------------------- */

/* The connection's number for the trace; -1 for a verifier or recoverer. */
static int conn_id(const Run *r, const Conn *c) {
  for (int i = 0; i < r->nConn; i++) {
    if (c == &r->aConn[i]) return i;
  }
  return -1;
}

static int conn_open(Run *r, Conn *c) {
  memset(c, 0, sizeof(*c));
  int rc = pager_open(r->pIo, SIM_DB, 0, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, 0, &c->p);
  if (rc != SQLITE_OK) {
    sim_fail(r, "pager_open (faults paused) returned %d", rc);
    return rc;
  }
  pager_set_page_size(c->p, r->pageSize);
  pager_set_synchronous(c->p, r->syncLevel);
  pager_set_cache_size(c->p, r->cacheSize);
  return SQLITE_OK;
}

/* Returns the pages the connection's pager spilled (0 if it was closed). */
static u64 conn_close(Conn *c) {
  u64 nSpill = c->p ? (u64)pager_spill_count(c->p) : 0;
  pager_close(c->p);
  c->p = NULL;
  c->eState = C_IDLE;
  return nSpill;
}

/* Ends whatever the connection was doing after an error. */
static void conn_abandon(Run *r, Conn *c) {
  iosim_trace_note(r->pSim, "sim: c%d rollback", conn_id(r, c));
  int rc = pager_rollback(c->p);
  check_rc(r, rc, "pager_rollback");
  pager_read_end(c->p);
  c->eState = C_IDLE;
  c->nSp = 0;
  r->st.nRollback++;
}

/* ---- verification (invariants 1 and 2) ----------------------------------- */

/* Reads the whole database through a fresh pager (faults must be paused)
** and compares it with a, b and c (b and c may be NULL).  Returns 0, 1 or
** 2 for the one it equals, -1 (after sim_fail) if none. */
static int verify_db(Run *r, const Image *a, const Image *b, const Image *c, const char *zWhen) {
  Conn v;
  if (conn_open(r, &v) != SQLITE_OK) return -1;
  int rc = pager_read_begin(v.p);
  Image got = {0};
  int iBad = 0;
  if (rc == SQLITE_OK) {
    got.nPage = pager_page_count(v.p);
    for (u32 i = 1; i <= got.nPage && i <= SIM_MAXP && rc == SQLITE_OK; i++) {
      PgPage *pg = NULL;
      rc = pager_get(v.p, i, 0, &pg);
      if (rc != SQLITE_OK) break;
      got.aStamp[i] = page_stamp(pg->aData, i, r->pageSize);
      if (got.aStamp[i] == 0 && iBad == 0) iBad = (int)i;
      if (i == 1 && get4(pg->aData + 28) != got.nPage) iBad = -1;
      pager_unref(pg);
    }
    pager_read_end(v.p);
  }
  conn_close(&v);
  if (rc != SQLITE_OK) {
    sim_fail(r, "%s: fault-free read of the database failed: %d", zWhen, rc);
    return -1;
  }
  for (int k = 0; k < 3; k++) {
    const Image *m = k == 0 ? a : k == 1 ? b : c;
    if (m == NULL || got.nPage != m->nPage) continue;
    if (memcmp(got.aStamp + 1, m->aStamp + 1, sizeof(u32) * m->nPage) == 0 && iBad == 0) return k;
  }
  u32 i = 1;
  while (i < got.nPage && i <= a->nPage && got.aStamp[i] == a->aStamp[i]) i++;
  char zOr[32] = "";
  if (b) snprintf(zOr, sizeof(zOr), " or %u", b->nPage);
  sim_fail(r, "%s: database differs from the model: %u pages (want %u%s), page %u stamp %u "
           "(want %u), torn page %d", zWhen, got.nPage, a->nPage, zOr, i, got.aStamp[i],
           a->aStamp[i], iBad);
  return -1;
}

/* A failed commit (no crash): its outcome is decided now, fault-free. */
static void resolve_in_doubt(Run *r) {
  ASSERT(r->bInflight);
  r->st.nInDoubt++;
  iosim_pause_faults(r->pSim, 1);
  Image old = r->committed;
  int k = verify_db(r, &r->committed, &r->inflight, NULL, "after a failed commit");
  if (k == 1) r->committed = r->inflight;
  /* What was read need not be durable: the failure may have been a sync
  ** (a rollback's truncation of an empty database's first transaction is
  ** never synced again, and then no journal is hot).  Until a commit syncs
  ** the database, a power loss may bring back the other image. */
  r->alt = k == 1 ? old : r->inflight;
  r->bAlt = 1;
  r->bInflight = 0;
  iosim_pause_faults(r->pSim, 0);
}

/* ---- the fault plan ------------------------------------------------------- */

/* A new plan from the seed's profile (bCrash: with a power loss ahead). */
static void plan_set(Run *r, int bCrash) {
  IoSimFaultPlan plan = {0};
  if (r->probDen) {
    plan.probNum = 1;
    plan.probDen = r->probDen;
    plan.mKinds = r->mKinds;
  }
  if (r->crashMean && bCrash) plan.iCrashAt = 1 + prng_below(&r->rng, 2 * r->crashMean);
  if (r->o->bBreakSync) plan.mLieSync = IOSIM_CLASS_JOURNAL;
  iosim_set_fault_plan(r->pSim, &plan);
}

static void plan_next(Run *r) { plan_set(r, 1); }

static int write_page(Run *r, Conn *c, u32 pgno);

/* The first connection after a reboot starts a write transaction with the
** faults still active (so hot-journal recovery runs under faults), changes
** page 1 and rolls back.  Whatever fails, the fault-free check that follows
** must still find a committed image: a recovery that gives up must leave
** the hot journal alone. */
static void recover_under_faults(Run *r) {
  Conn v;
  if (conn_open(r, &v) != SQLITE_OK) return;
  iosim_trace_note(r->pSim, "sim: recovery under faults");
  plan_set(r, 0); /* faults, but no second power loss */
  iosim_pause_faults(r->pSim, 0);
  int rc = pager_write_begin(v.p, 0);
  check_rc(r, rc, "pager_write_begin (recovery)");
  if (rc == SQLITE_OK) {
    v.w.nPage = pager_page_count(v.p);
    write_page(r, &v, 1);
  }
  check_rc(r, pager_rollback(v.p), "pager_rollback (recovery)");
  pager_read_end(v.p);
  iosim_pause_faults(r->pSim, 1);
  conn_close(&v);
}

/* Power was lost: the processes die, the machine reboots, one fresh
** connection recovers, the model is checked, the connections come back. */
static void crash_recover(Run *r) {
  ASSERT(iosim_crashed(r->pSim));
  r->st.nCrash++;
  for (int i = 0; i < r->nConn; i++) r->st.nSpill += conn_close(&r->aConn[i]);
  iosim_reboot(r->pSim);
  iosim_pause_faults(r->pSim, 1);
  r->st.nRecover++;
  if (prng_chance(&r->rng, 1, 2) && !r->bFailed) recover_under_faults(r);
  int k = verify_db(r, &r->committed, r->bInflight ? &r->inflight : NULL,
                    r->bAlt ? &r->alt : NULL, "after power loss");
  if (k == 1) r->committed = r->inflight;
  if (k == 2) r->committed = r->alt;
  r->bInflight = 0;
  r->bAlt = 0; /* read after a reboot: what was read is durable */
  for (int i = 0; i < r->nConn && !r->bFailed; i++) conn_open(r, &r->aConn[i]);
  iosim_pause_faults(r->pSim, 0);
  plan_next(r);
}

/* ---- steps ----------------------------------------------------------------- */

static void step_idle(Run *r, Conn *c) {
  if (prng_chance(&r->rng, 1, 2)) {
    int rc = pager_read_begin(c->p);
    check_rc(r, rc, "pager_read_begin");
    if (rc != SQLITE_OK) return;
    if (pager_page_count(c->p) != r->committed.nPage) {
      sim_fail(r, "reader sees %u pages, committed %u", pager_page_count(c->p), r->committed.nPage);
    }
    c->eState = C_READ;
    c->nLeft = 1 + (int)prng_below(&r->rng, 6);
    return;
  }
  int rc = pager_write_begin(c->p, prng_chance(&r->rng, 1, 4));
  check_rc(r, rc, "pager_write_begin");
  if (rc == SQLITE_BUSY) r->st.nBusy++;
  if (rc != SQLITE_OK) return;
  c->eState = C_WRITE;
  c->w = r->committed; /* RESERVED: nobody else can commit now */
  c->nSp = 0;
  c->nBusy = 0;
}

/* Reads page pgno and checks it is the model's stamp.  Returns rc. */
static int read_check(Run *r, Conn *c, u32 pgno, u32 want, const char *zWho) {
  PgPage *pg = NULL;
  int rc = pager_get(c->p, pgno, 0, &pg);
  check_rc(r, rc, "pager_get");
  if (rc != SQLITE_OK) return rc;
  u32 got = page_stamp(pg->aData, pgno, r->pageSize);
  if (got != want) sim_fail(r, "%s reads page %u stamp %u, want %u", zWho, pgno, got, want);
  pager_unref(pg);
  r->st.nRead++;
  return SQLITE_OK;
}

static void step_read(Run *r, Conn *c) {
  if (c->nLeft-- <= 0) {
    pager_read_end(c->p);
    c->eState = C_IDLE;
    return;
  }
  if (r->committed.nPage == 0) return;
  u32 pgno = 1 + prng_below(&r->rng, r->committed.nPage);
  int rc = read_check(r, c, pgno, r->committed.aStamp[pgno], "reader");
  if (rc != SQLITE_OK) {
    pager_read_end(c->p);
    c->eState = C_IDLE;
  }
}

/* Writes (pgno, a fresh stamp) into the page.  Returns rc. */
static int write_page(Run *r, Conn *c, u32 pgno) {
  PgPage *pg = NULL;
  int bNew = pgno > c->w.nPage;
  int rc = pager_get(c->p, pgno, bNew && pgno > 1 ? PAGER_GET_NOCONTENT : 0, &pg);
  check_rc(r, rc, "pager_get");
  if (rc == SQLITE_OK) {
    rc = pager_write(pg);
    check_rc(r, rc, "pager_write");
  }
  if (rc == SQLITE_OK) {
    u32 stamp = r->nextStamp++;
    iosim_trace_note(r->pSim, "sim: c%d page %u stamp %u", conn_id(r, c), pgno, stamp);
    page_fill(pg->aData, pgno, stamp, r->pageSize);
    c->w.aStamp[pgno] = stamp;
    if (bNew) c->w.nPage = pgno;
  }
  pager_unref(pg);
  return rc;
}

static void do_commit(Run *r, Conn *c) {
  IoSimStats before, after;
  iosim_stats(r->pSim, &before);
  r->inflight = c->w;
  r->bInflight = 1; /* until the outcome is known (checked invariant 1) */
  iosim_trace_note(r->pSim, "sim: c%d commit %u pages", conn_id(r, c), c->w.nPage);
  int rc = pager_commit(c->p);
  iosim_trace_note(r->pSim, "sim: c%d commit rc=%d", conn_id(r, c), rc);
  if (iosim_crashed(r->pSim)) return; /* step() recovers */
  check_rc(r, rc, "pager_commit");
  iosim_stats(r->pSim, &after);
  if (rc == SQLITE_OK && after.nFaults != before.nFaults) {
    sim_fail(r, "pager_commit returned OK though %llu fault(s) hit it",
             (unsigned long long)(after.nFaults - before.nFaults));
  }
  if (rc != SQLITE_OK && rc != SQLITE_BUSY) {
    conn_abandon(r, c);
    if (!iosim_crashed(r->pSim)) resolve_in_doubt(r);
    return;
  }
  r->bInflight = 0;
  if (rc == SQLITE_OK) {
    if (memcmp(&c->w, &r->committed, sizeof(Image)) != 0) r->bAlt = 0; /* the db was synced */
    r->committed = c->w;
    r->st.nCommit++;
    pager_read_end(c->p);
    c->eState = C_IDLE;
  } else {
    r->st.nBusy++;
    if (++c->nBusy > 8) conn_abandon(r, c); /* readers will not finish: give up */
  }
}

static void step_savepoint(Run *r, Conn *c) {
  int rc = SQLITE_OK;
  if (c->nSp < SIM_MAXSP && (c->nSp == 0 || prng_chance(&r->rng, 1, 2))) {
    rc = pager_savepoint_open(c->p, c->nSp + 1);
    check_rc(r, rc, "pager_savepoint_open");
    if (rc == SQLITE_OK) c->aSp[c->nSp++] = c->w;
  } else {
    int i = (int)prng_below(&r->rng, (u32)c->nSp);
    int bRollback = prng_chance(&r->rng, 1, 2);
    rc = pager_savepoint(c->p, bRollback ? PAGER_SAVEPOINT_ROLLBACK : PAGER_SAVEPOINT_RELEASE, i);
    check_rc(r, rc, "pager_savepoint");
    if (rc == SQLITE_OK && bRollback) {
      c->w = c->aSp[i];
      c->nSp = i + 1;
    } else if (rc == SQLITE_OK) {
      c->nSp = i;
    }
  }
  if (rc != SQLITE_OK) conn_abandon(r, c);
}

static void step_write(Run *r, Conn *c) {
  u32 n = c->w.nPage;
  u32 x = prng_below(&r->rng, 100);
  int rc = SQLITE_OK;
  if (x < 35 && n > 0) {
    rc = write_page(r, c, 1 + prng_below(&r->rng, n));
  } else if (x < 55 && n < SIM_MAXP) {
    rc = write_page(r, c, n + 1);
  } else if (x < 60 && n > 1) {
    u32 nNew = 1 + prng_below(&r->rng, n);
    pager_truncate_image(c->p, nNew);
    iosim_trace_note(r->pSim, "sim: c%d truncate to %u", conn_id(r, c), nNew);
    /* It reports no error itself; a failure is sticky (pager.h invariant
    ** 5), and any call shows it: opening zero savepoints does nothing else. */
    rc = pager_savepoint_open(c->p, 0);
    check_rc(r, rc, "pager_truncate_image");
    if (rc == SQLITE_OK) c->w.nPage = nNew;
  } else if (x < 70 && n > 0) {
    u32 pgno = 1 + prng_below(&r->rng, n);
    rc = read_check(r, c, pgno, c->w.aStamp[pgno], "writer");
  } else if (x < 80) {
    step_savepoint(r, c);
    return;
  } else if (x < 93) {
    do_commit(r, c);
    return;
  } else {
    conn_abandon(r, c);
    return;
  }
  if (rc != SQLITE_OK) {
    conn_abandon(r, c);
  } else if (pager_page_count(c->p) != c->w.nPage && !iosim_crashed(r->pSim)) {
    sim_fail(r, "writer: pager has %u pages, model %u", pager_page_count(c->p), c->w.nPage);
  }
}

static void step(Run *r) {
  Conn *c = &r->aConn[prng_below(&r->rng, (u32)r->nConn)];
  switch (c->eState) {
    case C_IDLE: step_idle(r, c); break;
    case C_READ: step_read(r, c); break;
    default: step_write(r, c); break;
  }
  if (iosim_crashed(r->pSim) && !r->bFailed) crash_recover(r);
}

/* ---- one seed ----------------------------------------------------------------- */

static void run_profile(Run *r) {
  static const u32 aPage[] = {512, 1024, 4096};
  r->pageSize = aPage[prng_below(&r->rng, 3)];
  if (prng_chance(&r->rng, 9, 10)) r->crashMean = 50 + prng_below(&r->rng, 1500);
  /* synchronous=NORMAL patches the journal's record count and syncs once:
  ** SQLite documents that a power loss can then corrupt a rollback-journal
  ** database (pragma.html#pragma_synchronous), and the crash model (unsynced
  ** sectors land in any order, torn) finds it.  So NORMAL runs only in
  ** seeds without power loss; FULL and EXTRA must survive everything. */
  r->syncLevel = r->crashMean ? 2 + (int)prng_below(&r->rng, 2) : 1 + (int)prng_below(&r->rng, 3);
  r->cacheSize = 2 + (int)prng_below(&r->rng, 30);
  if (r->o->bSmallCache) r->cacheSize = 2 + r->cacheSize % 5; /* same draws as without */
  r->nConn = 1 + (int)prng_below(&r->rng, SIM_MAXCONN);
  if (prng_chance(&r->rng, 2, 3) && !r->o->bNoFaults) {
    static const u32 aDen[] = {20, 60, 200, 1000};
    r->probDen = aDen[prng_below(&r->rng, 4)];
    r->mKinds = 1 + prng_below(&r->rng, IOSIM_F_ALL);
    if (prng_chance(&r->rng, 1, 2)) r->mKinds = IOSIM_F_ALL;
  }
  r->nextStamp = 1;
  iosim_trace_note(r->pSim, "seed %llu page %u sync %d cache %d conns %d faults 1/%u kinds %x "
                   "crash ~%u", (unsigned long long)r->seed, r->pageSize, r->syncLevel,
                   r->cacheSize, r->nConn, r->probDen, r->mKinds, r->crashMean);
}

/* The flags that change what a seed does, for the reproduce line. */
static const char *sim_flags(const Opts *o) {
  static char z[80];
  snprintf(z, sizeof(z), "'%s%s%s'", o->bBreakSync ? " --break-journal-sync" : "",
           o->bNoFaults ? " --no-faults" : "", o->bSmallCache ? " --small-cache" : "");
  if (strcmp(z, "''") == 0) return "";
  z[1] = '\'';   /* drop the leading blank: "' --x'" becomes "'--x'" */
  return z + 1;
}

static int sim_has_flags(const Opts *o) {
  return o->bBreakSync || o->bNoFaults || o->bSmallCache;
}

/* The last nTail lines of the trace (a pointer into it). */
static const char *trace_tail(IoSim *pSim, int nTail) {
  i64 n = 0;
  const char *z = iosim_trace(pSim, &n);
  const char *p = z + n;
  if (nTail <= 0) return p;
  if (p > z && p[-1] == '\n') p--; /* the last line's own newline */
  for (int k = 0; p > z; p--) {
    if (p[-1] == '\n' && ++k >= nTail) break;
  }
  return p;
}

static void print_tail(const char *zTail) {
  printf("---- trace tail ----\n%s---- end of trace ----\n", zTail ? zTail : "");
  fflush(stdout);
}

/* An assertion (abort) or a crash of the simulator itself: say how to
** reproduce it and show the trace before dying. */
static Run *g_pRun;
static void on_fatal_signal(int sig) {
  signal(sig, SIG_DFL);
  if (g_pRun != NULL) {
    const Opts *o = g_pRun->o;
    printf("FAIL seed=%llu: signal %d (assertion or crash)\nreproduce: make sim SEED=%llu%s%s\n",
           (unsigned long long)g_pRun->seed, sig, (unsigned long long)g_pRun->seed,
           sim_has_flags(o) ? " SIM_FLAGS=" : "", sim_flags(o));
    print_tail(trace_tail(g_pRun->pSim, o->nTail));
  }
  raise(sig);
}

/* What a run leaves for the determinism check: the whole trace and the
** final files, byte for byte, and hashes of them. */
typedef struct RunOut {
  u64 traceHash;     /* iosim_trace_hash */
  u64 filesHash;     /* iosim_files_hash */
  char *zTrace;      /* the whole trace (malloc'd), with --check-determinism */
  i64 nTrace;        /* its length */
  u8 *aFiles;        /* database then journal image (malloc'd), or NULL */
  i64 nFiles;        /* bytes in aFiles */
} RunOut;

static void runout_free(RunOut *p) {
  free(p->zTrace);
  free(p->aFiles);
  memset(p, 0, sizeof(*p));
}

/* Copies the trace and the files of the finished run (determinism check). */
static void runout_fill(IoSim *pSim, RunOut *pOut) {
  const char *z = iosim_trace(pSim, &pOut->nTrace);
  pOut->zTrace = malloc((size_t)pOut->nTrace + 1);
  memcpy(pOut->zTrace, z, (size_t)pOut->nTrace + 1);
  const u8 *a1 = NULL, *a2 = NULL;
  i64 n1 = 0, n2 = 0;
  iosim_file_image(pSim, SIM_DB, 1, &a1, &n1);
  iosim_file_image(pSim, SIM_DB "-journal", 1, &a2, &n2);
  pOut->nFiles = n1 + n2 + 2 * (i64)sizeof(i64);
  pOut->aFiles = malloc((size_t)pOut->nFiles);
  memcpy(pOut->aFiles, &n1, sizeof(i64));
  if (n1 > 0) memcpy(pOut->aFiles + sizeof(i64), a1, (size_t)n1);
  memcpy(pOut->aFiles + sizeof(i64) + n1, &n2, sizeof(i64));
  if (n2 > 0) memcpy(pOut->aFiles + 2 * sizeof(i64) + n1, a2, (size_t)n2);
}

/* Runs one seed; returns 0 on success.  Fills *pOut. */
static int run_seed(const Opts *o, u64 seed, RunOut *pOut, Stats *pSt) {
  i64 memBefore = mem_used();
  Run *r = calloc(1, sizeof(Run));
  r->o = o;
  r->seed = seed;
  prng_seed(&r->rng, seed ^ 0x5eed5eed5eedULL);
  r->pSim = iosim_new(seed);
  r->pIo = iosim_backend(r->pSim);
  if (o->bDeterminism) iosim_set_trace_limit(r->pSim, 0); /* keep all of it */
  g_pRun = r;
  signal(SIGABRT, on_fatal_signal);
  signal(SIGSEGV, on_fatal_signal);
  run_profile(r);
  iosim_pause_faults(r->pSim, 1);
  for (int i = 0; i < r->nConn && !r->bFailed; i++) conn_open(r, &r->aConn[i]);
  iosim_pause_faults(r->pSim, 0);
  plan_next(r);
  for (int i = 0; i < o->nStep && !r->bFailed; i++) step(r);
  /* Final check: everything committed is there after one last power loss. */
  if (!r->bFailed) {
    if (!iosim_crashed(r->pSim)) iosim_crash(r->pSim);
    crash_recover(r);
  }
  for (int i = 0; i < r->nConn; i++) r->st.nSpill += conn_close(&r->aConn[i]);
  IoSimStats ss;
  iosim_stats(r->pSim, &ss);
  r->st.nFault = ss.nFaults;
  r->st.nOps = ss.nOps;
  r->st.nLie = ss.nLies;
  memset(pOut, 0, sizeof(*pOut));
  pOut->traceHash = iosim_trace_hash(r->pSim);
  pOut->filesHash = iosim_files_hash(r->pSim);
  if (o->bDeterminism) runout_fill(r->pSim, pOut);
  *pSt = r->st;
  int bFailed = r->bFailed;
  if (bFailed) {
    printf("FAIL seed=%llu: %s\n", (unsigned long long)seed, r->zWhy);
    printf("reproduce: make sim SEED=%llu%s%s\n", (unsigned long long)seed,
           sim_has_flags(o) ? " SIM_FLAGS=" : "", sim_flags(o));
    print_tail(r->zTail);
  }
  g_pRun = NULL;
  iosim_free(r->pSim);
  free(r->zTail);
  free(r);
  if (!bFailed && mem_used() != memBefore) {
    printf("FAIL seed=%llu: %lld bytes leaked\nreproduce: make sim SEED=%llu\n",
           (unsigned long long)seed, (long long)(mem_used() - memBefore), (unsigned long long)seed);
    bFailed = 1;
  }
  return bFailed;
}

/* ---- driver ------------------------------------------------------------------- */

/* Invariant 6 of the header: the second run's trace and files are
** byte-identical to the first's.  Returns 0 if so. */
static int same_run(const RunOut *a, const RunOut *b, u64 seed) {
  i64 i = 0;
  while (i < a->nTrace && i < b->nTrace && a->zTrace[i] == b->zTrace[i]) i++;
  int bTrace = a->nTrace == b->nTrace && i == a->nTrace && a->traceHash == b->traceHash;
  int bFiles = a->nFiles == b->nFiles && a->filesHash == b->filesHash &&
               memcmp(a->aFiles, b->aFiles, (size_t)a->nFiles) == 0;
  if (bTrace && bFiles) return 0;
  printf("FAIL seed=%llu: not deterministic: %s\nreproduce: make sim SEED=%llu\n",
         (unsigned long long)seed, bTrace ? "the files differ" : "the traces differ",
         (unsigned long long)seed);
  if (!bTrace) {
    i64 iLine = i;
    while (iLine > 0 && a->zTrace[iLine - 1] != '\n') iLine--;
    const char *za = a->zTrace + iLine, *zb = b->zTrace + iLine;
    printf("first run:  %.*s\nsecond run: %.*s\n", (int)strcspn(za, "\n"), za,
           (int)strcspn(zb, "\n"), zb);
  }
  return 1;
}

static int run_one(const Opts *o, u64 seed, Stats *pSt) {
  RunOut a, b;
  int rc = run_seed(o, seed, &a, pSt);
  if (rc == 0 && o->bDeterminism) {
    Stats st2;
    rc = run_seed(o, seed, &b, &st2);
    if (rc == 0) rc = same_run(&a, &b, seed);
    runout_free(&b);
  }
  u64 h1 = a.traceHash;
  runout_free(&a);
  if (o->bVerbose) {
    printf("seed %llu: %s  ops %llu commits %llu rollbacks %llu crashes %llu faults %llu "
           "lies %llu in-doubt %llu busy %llu reads %llu spills %llu trace %016llx\n",
           (unsigned long long)seed, rc ? "FAIL" : "ok", (unsigned long long)pSt->nOps,
           (unsigned long long)pSt->nCommit, (unsigned long long)pSt->nRollback,
           (unsigned long long)pSt->nCrash, (unsigned long long)pSt->nFault,
           (unsigned long long)pSt->nLie, (unsigned long long)pSt->nInDoubt,
           (unsigned long long)pSt->nBusy, (unsigned long long)pSt->nRead,
           (unsigned long long)pSt->nSpill, (unsigned long long)h1);
  }
  return rc;
}

/* Runs one seed in a child so an assertion is reported with its seed.
** The child sends its counters back through a pipe. */
static int run_forked(const Opts *o, u64 seed, Stats *pSt) {
  int fds[2];
  memset(pSt, 0, sizeof(*pSt));
  if (pipe(fds) != 0) return run_one(o, seed, pSt);
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    int rc = run_one(o, seed, pSt);
    fflush(stdout);
    if (write(fds[1], pSt, sizeof(*pSt)) != (ssize_t)sizeof(*pSt)) rc = 1;
    _exit(rc);
  }
  close(fds[1]);
  int status = 0;
  if (read(fds[0], pSt, sizeof(*pSt)) != (ssize_t)sizeof(*pSt)) memset(pSt, 0, sizeof(*pSt));
  close(fds[0]);
  while (pid > 0 && waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (pid > 0 && WIFEXITED(status)) return WEXITSTATUS(status);
  if (pid < 0) printf("FAIL seed=%llu: fork failed\n", (unsigned long long)seed);
  return 1; /* the child printed the seed and its trace */
}

static void stats_add(Stats *a, const Stats *b) {
  a->nCommit += b->nCommit;
  a->nRollback += b->nRollback;
  a->nRecover += b->nRecover;
  a->nCrash += b->nCrash;
  a->nFault += b->nFault;
  a->nInDoubt += b->nInDoubt;
  a->nBusy += b->nBusy;
  a->nRead += b->nRead;
  a->nOps += b->nOps;
  a->nLie += b->nLie;
  a->nSpill += b->nSpill;
}

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void usage(void) {
  fprintf(stderr, "usage: sim [--seed N] [--count K] [--steps S] [--check-determinism]\n"
                  "           [--break-journal-sync] [--soak] [--stop-on-fail] [--no-faults]\n"
                  "           [--small-cache] [--tail N] [-v]\n");
  exit(2);
}

static void parse_args(int argc, char **argv, Opts *o) {
  *o = (Opts){.seed = 1, .nSeed = 1, .nStep = 2000, .nTail = 60};
  for (int i = 1; i < argc; i++) {
    const char *z = argv[i];
    const char *zArg = i + 1 < argc ? argv[i + 1] : NULL;
    if (strcmp(z, "--seed") == 0 && zArg) o->seed = strtoull(argv[++i], NULL, 0);
    else if (strcmp(z, "--count") == 0 && zArg) o->nSeed = strtoull(argv[++i], NULL, 0);
    else if (strcmp(z, "--steps") == 0 && zArg) o->nStep = atoi(argv[++i]);
    else if (strcmp(z, "--tail") == 0 && zArg) o->nTail = atoi(argv[++i]);
    else if (strcmp(z, "--check-determinism") == 0) o->bDeterminism = 1;
    else if (strcmp(z, "--break-journal-sync") == 0) o->bBreakSync = 1;
    else if (strcmp(z, "--soak") == 0) o->bSoak = 1;
    else if (strcmp(z, "--stop-on-fail") == 0) o->bStopOnFail = 1;
    else if (strcmp(z, "--no-faults") == 0) o->bNoFaults = 1;
    else if (strcmp(z, "--small-cache") == 0) o->bSmallCache = 1;
    else if (strcmp(z, "-v") == 0) o->bVerbose = 1;
    else usage();
  }
}

int main(int argc, char **argv) {
  Opts o;
  parse_args(argc, argv, &o);
  setvbuf(stdout, NULL, _IOLBF, 0);
  u64 nPass = 0, nFail = 0;
  Stats tot = {0};
  double t0 = now_s(), tLog = t0;
  for (u64 k = 0; o.bSoak || k < o.nSeed; k++) {
    u64 seed = o.seed + k;
    Stats st;
    int rc = o.nSeed == 1 && !o.bSoak ? run_one(&o, seed, &st) : run_forked(&o, seed, &st);
    stats_add(&tot, &st);
    if (rc) nFail++;
    else nPass++;
    if (rc && o.bStopOnFail) break;
    if (o.bSoak && now_s() - tLog >= 10) {
      tLog = now_s();
      printf("soak: %llu seeds (%.1f/s), %llu failed, last seed %llu\n",
             (unsigned long long)(nPass + nFail), (double)(nPass + nFail) / (tLog - t0),
             (unsigned long long)nFail, (unsigned long long)seed);
    }
  }
  printf("sim: totals: ops %llu commits %llu crashes %llu recoveries %llu faults %llu lies %llu "
         "in-doubt %llu rollbacks %llu reads %llu spills %llu (%.1fs)\n",
         (unsigned long long)tot.nOps,
         (unsigned long long)tot.nCommit, (unsigned long long)tot.nCrash,
         (unsigned long long)tot.nRecover, (unsigned long long)tot.nFault,
         (unsigned long long)tot.nLie, (unsigned long long)tot.nInDoubt,
         (unsigned long long)tot.nRollback, (unsigned long long)tot.nRead,
         (unsigned long long)tot.nSpill, now_s() - t0);
  printf("sim: %llu passed, %llu failed\n", (unsigned long long)nPass, (unsigned long long)nFail);
  return nFail == 0 ? 0 : 1;
}
