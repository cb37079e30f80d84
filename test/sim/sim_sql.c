/*
** sim_sql.c: the simulator's second version: workloads through the public
** API (sqlite3_open_v2 with the "sim" VFS of sim_vfs.c, sqlite3_prepare_v2,
** sqlite3_step, ...) on the simulated backend.  Same rules as sim.c: every
** run is a pure function of its seed; faults and power losses hit at random
** operations; after every recovery the database must equal the model.
**
** Database: t(k INTEGER PRIMARY KEY, v INTEGER, s TEXT) with index t_v on
** v, and an index t_s on s that schema changes create and drop.  A row's s
** is a pure function of its stamp (some long enough to overflow a page).
** The model keeps, per key, presence, v and stamp, plus whether t_s exists.
**
** Checked after every recovery (a fresh connection, faults paused):
** PRAGMA integrity_check says "ok", and the rows and schema equal the last
** committed image or the image of the commit in flight at the power loss.
** Readers see the committed image; every call returns OK, ROW, DONE, BUSY
** or an I/O-class error (IOERR, FULL, CANTOPEN, NOMEM); a COMMIT that
** fails leaves either image, decided at once.  --check-determinism runs a
** seed twice and compares traces and files.
**
** Usage: sim_sql [--seed N] [--count K] [--steps S] [--check-determinism]
**                [--no-faults] [--break-journal-sync] [--tail N] [-v]
*/
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "io/io_sim.h"
#include "io/prng.h"
#include "test/sim/sim_vfs.h"

#define SQ_NKEY 60         /* keys 1..SQ_NKEY */
#define SQ_MAXCONN 3
#define SQ_MAXSP 3
#define SQ_DB "/sql.db"

typedef struct SqlImage {
  u8 aPresent[SQ_NKEY + 1];  /* row k exists */
  u32 aV[SQ_NKEY + 1];       /* its v */
  u32 aStamp[SQ_NKEY + 1];   /* its s is sq_text(stamp) */
  u8 bIdxS;                  /* index t_s exists */
} SqlImage;

enum { Q_IDLE, Q_READ, Q_WRITE };

typedef struct SqlConn {
  sqlite3 *db;               /* connection, NULL when closed */
  int eState;                /* Q_* */
  int nLeft;                 /* reader: steps left */
  int nBusy;                 /* writer: BUSY commits in a row */
  SqlImage w;                /* writer: working image */
  SqlImage aSp[SQ_MAXSP];    /* writer: image at each savepoint */
  int nSp;                   /* open savepoints */
  int bSnap;                 /* the transaction holds its snapshot (a lock) */
  int bFresh;                /* a statement read the schema cookie in this txn */
} SqlConn;

typedef struct SqlOpts {
  u64 seed, nSeed;           /* seeds to run */
  int nStep;                 /* steps per seed */
  int bDeterminism, bNoFaults, bBreakSync, bVerbose, nTail;
} SqlOpts;

/* "sim-sql", or "sim-sql-ref" when this is the build on the system's SQLite
** (for the reproduce line). */
static const char *g_zTarget = "sim-sql";

typedef struct SqlRun {
  const SqlOpts *o;
  u64 seed;
  Prng rng;                  /* the workload's chance */
  IoSim *pSim;
  SqlConn aConn[SQ_MAXCONN];
  int nConn;
  SqlImage committed;        /* the model */
  SqlImage inflight;         /* the commit whose outcome is unknown ... */
  int bInflight;             /* ... while set */
  u32 nextStamp;
  u32 probDen, mKinds, crashMean; /* fault profile */
  int bFailed;
  char zWhy[600];
  u64 nCommit, nCrash, nInDoubt, nBusy;
} SqlRun;

/* ---- helpers ----------------------------------------------------------- */

static void sq_fail(SqlRun *r, const char *zFmt, ...) __attribute__((format(printf, 2, 3)));
static void sq_fail(SqlRun *r, const char *zFmt, ...) {
  if (r->bFailed) return;
  va_list ap;
  va_start(ap, zFmt);
  vsnprintf(r->zWhy, sizeof(r->zWhy), zFmt, ap);
  va_end(ap);
  r->bFailed = 1;
  iosim_trace_note(r->pSim, "FAIL %s", r->zWhy);
}

static int sq_io_error(int rc) {
  int b = rc & 0xff;
  return b == SQLITE_IOERR || b == SQLITE_FULL || b == SQLITE_CANTOPEN || b == SQLITE_NOMEM;
}

/* Checks a result code; returns it. */
static int sq_rc(SqlRun *r, sqlite3 *db, int rc, const char *zSql) {
  if (rc == SQLITE_OK || rc == SQLITE_ROW || rc == SQLITE_DONE || rc == SQLITE_BUSY) return rc;
  if (!sq_io_error(rc)) {
    sq_fail(r, "\"%s\" returned %d: %s", zSql, rc, db ? sqlite3_errmsg(db) : "");
  }
  return rc;
}

/* s for a stamp: "s<stamp>:" then filler, 3..2500 bytes. */
static int sq_text(u32 stamp, char *z, int nMax) {
  int n = snprintf(z, (size_t)nMax, "s%u:", stamp);
  int nWant = 3 + (int)((stamp * 2654435761u) % 2500);
  for (; n < nWant && n < nMax - 1; n++) z[n] = (char)('a' + (stamp + (u32)n) % 26);
  z[n] = 0;
  return n;
}

/* Runs one statement with up to three integer/stamped-text parameters
** (iText: which parameter, 1-based, is sq_text of its value; 0: none). */
static int sq_exec(SqlRun *r, sqlite3 *db, const char *zSql, int nArg, const i64 *aArg, int iText) {
  sqlite3_stmt *st = NULL;
  int rc = sqlite3_prepare_v2(db, zSql, -1, &st, NULL);
  char zText[2600];
  for (int i = 0; rc == SQLITE_OK && i < nArg; i++) {
    if (i + 1 == iText) {
      int n = sq_text((u32)aArg[i], zText, sizeof(zText));
      rc = sqlite3_bind_text(st, i + 1, zText, n, SQLITE_TRANSIENT);
    } else {
      rc = sqlite3_bind_int64(st, i + 1, aArg[i]);
    }
  }
  if (rc == SQLITE_OK) {
    for (int n = 0; n < 100000 && (rc = sqlite3_step(st)) == SQLITE_ROW; n++) {
    }
  }
  sqlite3_finalize(st);
  int iConn = 0;
  while (iConn < r->nConn && r->aConn[iConn].db != db) iConn++;
  iosim_trace_note(r->pSim, "sql c%d: %s [%lld %lld %lld] -> %d (autocommit %d)", iConn, zSql,
                   nArg > 0 ? (long long)aArg[0] : 0, nArg > 1 ? (long long)aArg[1] : 0,
                   nArg > 2 ? (long long)aArg[2] : 0, rc, sqlite3_get_autocommit(db));
  rc = sq_rc(r, db, rc, zSql);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* ---- verification ------------------------------------------------------ */

/* Describes the first difference of two images (static buffer). */
static const char *sq_diff(const SqlImage *got, const SqlImage *want) {
  static char z[200];
  int k = 1;
  while (k < SQ_NKEY && got->aPresent[k] == want->aPresent[k] && got->aV[k] == want->aV[k] &&
         got->aStamp[k] == want->aStamp[k]) {
    k++;
  }
  snprintf(z, sizeof(z), "k=%d got (%d, v %u, stamp %u) want (%d, v %u, stamp %u), index t_s %d/%d",
           k, got->aPresent[k], got->aV[k], got->aStamp[k], want->aPresent[k], want->aV[k],
           want->aStamp[k], got->bIdxS, want->bIdxS);
  return z;
}

/* Reads the database into *pImg.  Returns an SQLite code. */
static int sq_read_image(SqlRun *r, sqlite3 *db, SqlImage *pImg) {
  memset(pImg, 0, sizeof(*pImg));
  sqlite3_stmt *st = NULL;
  int rc = sqlite3_prepare_v2(db, "SELECT k, v, s FROM t ORDER BY k", -1, &st, NULL);
  char zText[2600];
  while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
    i64 k = sqlite3_column_int64(st, 0);
    const char *z = (const char *)sqlite3_column_text(st, 2);
    u32 stamp = z && z[0] == 's' ? (u32)strtoul(z + 1, NULL, 10) : 0;
    sq_text(stamp, zText, sizeof(zText));
    if (k < 1 || k > SQ_NKEY || z == NULL || strcmp(z, zText) != 0) {
      sq_fail(r, "row k=%lld has a bad s (stamp %u)", (long long)k, stamp);
      break;
    }
    pImg->aPresent[k] = 1;
    pImg->aV[k] = (u32)sqlite3_column_int64(st, 1);
    pImg->aStamp[k] = stamp;
    rc = SQLITE_OK;
  }
  sqlite3_finalize(st);
  if (rc != SQLITE_DONE) return rc;
  rc = sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_schema WHERE name='t_s'", -1, &st, NULL);
  if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
    pImg->bIdxS = (u8)sqlite3_column_int(st, 0);
    rc = SQLITE_OK;
  }
  sqlite3_finalize(st);
  return rc;
}

static int sq_integrity(SqlRun *r, sqlite3 *db) {
  sqlite3_stmt *st = NULL;
  int rc = sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL);
  if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
    const char *z = (const char *)sqlite3_column_text(st, 0);
    if (z == NULL || strcmp(z, "ok") != 0) sq_fail(r, "integrity_check: %s", z ? z : "NULL");
    rc = SQLITE_OK;
  }
  sqlite3_finalize(st);
  return rc;
}

static int sq_open(SqlRun *r, sqlite3 **pDb) {
  int rc = sqlite3_open_v2(SQ_DB, pDb, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, "sim");
  if (rc != SQLITE_OK) sq_fail(r, "open (faults paused): %d", rc);
  return rc;
}

/* Compares the database (fresh connection; faults paused) with a or b. */
static int sq_verify(SqlRun *r, const SqlImage *a, const SqlImage *b, const char *zWhen) {
  sqlite3 *db = NULL;
  SqlImage got;
  int rc = sq_open(r, &db);
  if (rc == SQLITE_OK) rc = sq_integrity(r, db);
  if (rc == SQLITE_OK) rc = sq_read_image(r, db, &got);
  sqlite3_close(db);
  if (rc != SQLITE_OK) {
    sq_fail(r, "%s: fault-free verification failed with %d", zWhen, rc);
    return -1;
  }
  if (memcmp(&got, a, sizeof(got)) == 0) return 0;
  if (b && memcmp(&got, b, sizeof(got)) == 0) return 1;
  sq_fail(r, "%s: database differs from the model%s: %s", zWhen,
          b ? " (and from the in-flight commit)" : "", sq_diff(&got, a));
  return -1;
}

/* ---- connections, faults, crashes -------------------------------------- */

static void sq_plan(SqlRun *r) {
  IoSimFaultPlan plan = {0};
  if (r->probDen) {
    plan.probNum = 1;
    plan.probDen = r->probDen;
    plan.mKinds = r->mKinds;
  }
  if (r->crashMean) plan.iCrashAt = 1 + prng_below(&r->rng, 2 * r->crashMean);
  if (r->o->bBreakSync) plan.mLieSync = IOSIM_CLASS_JOURNAL;
  iosim_set_fault_plan(r->pSim, &plan);
}

static void sq_close_all(SqlRun *r) {
  for (int i = 0; i < r->nConn; i++) {
    SqlConn *c = &r->aConn[i];
    int rc = sqlite3_close(c->db);
    if (rc != SQLITE_OK) sq_fail(r, "sqlite3_close returned %d", rc);
    memset(c, 0, sizeof(*c));
  }
}

static void sq_open_all(SqlRun *r) {
  for (int i = 0; i < r->nConn && !r->bFailed; i++) sq_open(r, &r->aConn[i].db);
}

static void sq_crash_recover(SqlRun *r) {
  r->nCrash++;
  sq_close_all(r);
  iosim_reboot(r->pSim);
  iosim_pause_faults(r->pSim, 1);
  int k = sq_verify(r, &r->committed, r->bInflight ? &r->inflight : NULL, "after power loss");
  if (k == 1) r->committed = r->inflight;
  r->bInflight = 0;
  sq_open_all(r);
  iosim_pause_faults(r->pSim, 0);
  sq_plan(r);
}

/* Ends a transaction after an error (SQLite may have rolled it back). */
static void sq_abandon(SqlRun *r, SqlConn *c) {
  if (!sqlite3_get_autocommit(c->db)) sq_exec(r, c->db, "ROLLBACK", 0, NULL, 0);
  c->eState = Q_IDLE;
  c->nSp = 0;
}

/* ---- steps ------------------------------------------------------------------ */

static void sq_step_idle(SqlRun *r, SqlConn *c) {
  int bRead = prng_chance(&r->rng, 1, 2);
  int bImmediate = !bRead && prng_chance(&r->rng, 1, 2);
  const char *zBegin = bImmediate ? "BEGIN IMMEDIATE" : "BEGIN";
  int rc = sq_exec(r, c->db, zBegin, 0, NULL, 0);
  if (rc != SQLITE_OK) {
    sq_abandon(r, c);
    return;
  }
  c->eState = bRead ? Q_READ : Q_WRITE;
  c->nLeft = 1 + (int)prng_below(&r->rng, 5);
  /* A deferred BEGIN takes no lock: the snapshot is the committed image
  ** as of the transaction's first statement (sq_snapshot). */
  c->w = r->committed;
  c->bSnap = bImmediate;
  c->bFresh = 0; /* BEGIN IMMEDIATE locks but does not check the cookie */
  c->nSp = 0;
  c->nBusy = 0;
}

/* Before a statement: a transaction without its snapshot yet sees the
** image committed now.  After: a successful statement holds a lock. */
static void sq_snapshot(SqlRun *r, SqlConn *c) {
  if (c->bSnap) return;
  c->w = r->committed;
  /* Nothing changed before the snapshot: every savepoint starts there. */
  for (int i = 0; i < c->nSp; i++) c->aSp[i] = r->committed;
}

static void sq_step_read(SqlRun *r, SqlConn *c) {
  if (c->nLeft-- <= 0) {
    int rc = sq_exec(r, c->db, "COMMIT", 0, NULL, 0);
    if (rc != SQLITE_OK) sq_abandon(r, c);
    c->eState = Q_IDLE;
    return;
  }
  SqlImage got;
  sq_snapshot(r, c);
  int rc = sq_read_image(r, c->db, &got);
  sq_rc(r, c->db, rc, "reader SELECT");
  if (rc == SQLITE_OK && memcmp(&got, &c->w, sizeof(got)) != 0) {
    sq_fail(r, "a reader does not see its snapshot: %s", sq_diff(&got, &c->w));
  }
  if (rc == SQLITE_OK) c->bSnap = 1;
  /* The reader's SELECT may have started the read transaction: a BUSY or an
  ** error ends it. */
  if (rc != SQLITE_OK) sq_abandon(r, c);
}

static void sq_commit(SqlRun *r, SqlConn *c) {
  r->inflight = c->w;
  r->bInflight = 1;
  int rc = sq_exec(r, c->db, "COMMIT", 0, NULL, 0);
  if (iosim_crashed(r->pSim)) return;
  if (rc == SQLITE_BUSY) {
    r->nBusy++;
    r->bInflight = 0;
    if (++c->nBusy > 8) sq_abandon(r, c);
    return;
  }
  if (rc == SQLITE_OK) {
    r->bInflight = 0;
    r->committed = c->w;
    r->nCommit++;
    c->eState = Q_IDLE;
    return;
  }
  sq_abandon(r, c);
  if (iosim_crashed(r->pSim)) return;
  r->nInDoubt++;
  iosim_pause_faults(r->pSim, 1);
  int k = sq_verify(r, &r->committed, &r->inflight, "after a failed COMMIT");
  if (k == 1) r->committed = r->inflight;
  r->bInflight = 0;
  iosim_pause_faults(r->pSim, 0);
}

static int sq_savepoint(SqlRun *r, SqlConn *c) {
  char zSql[64];
  if (c->nSp < SQ_MAXSP && (c->nSp == 0 || prng_chance(&r->rng, 1, 2))) {
    snprintf(zSql, sizeof(zSql), "SAVEPOINT sp%d", c->nSp);
    int rc = sq_exec(r, c->db, zSql, 0, NULL, 0);
    if (rc == SQLITE_OK) c->aSp[c->nSp++] = c->w;
    return rc;
  }
  int i = (int)prng_below(&r->rng, (u32)c->nSp);
  int bRollback = prng_chance(&r->rng, 1, 2);
  snprintf(zSql, sizeof(zSql), "%s sp%d", bRollback ? "ROLLBACK TO" : "RELEASE", i);
  int rc = sq_exec(r, c->db, zSql, 0, NULL, 0);
  if (rc == SQLITE_OK && bRollback) {
    c->w = c->aSp[i];
    c->nSp = i + 1;
  } else if (rc == SQLITE_OK) {
    c->nSp = i;
  }
  return rc;
}

/* One data or schema change; the model follows only on success. */
static int sq_change(SqlRun *r, SqlConn *c, u32 x) {
  i64 k = 1 + prng_below(&r->rng, SQ_NKEY);
  i64 v = prng_below(&r->rng, 1000);
  i64 stamp = r->nextStamp++;
  SqlImage *w = &c->w;
  if (x < 30) {
    i64 a[3] = {k, v, stamp};
    int rc = sq_exec(r, c->db, "INSERT OR REPLACE INTO t VALUES(?1, ?2, ?3)", 3, a, 3);
    if (rc == SQLITE_OK) w->aPresent[k] = 1, w->aV[k] = (u32)v, w->aStamp[k] = (u32)stamp;
    return rc;
  }
  if (x < 45) {
    i64 a[3] = {v, stamp, k};
    int rc = sq_exec(r, c->db, "UPDATE t SET v = ?1, s = ?2 WHERE k = ?3", 3, a, 2);
    if (rc == SQLITE_OK && w->aPresent[k]) w->aV[k] = (u32)v, w->aStamp[k] = (u32)stamp;
    return rc;
  }
  if (x < 55) {
    i64 a[2] = {k, k + (i64)prng_below(&r->rng, 5)};
    int rc = sq_exec(r, c->db, "DELETE FROM t WHERE k BETWEEN ?1 AND ?2", 2, a, 0);
    for (i64 i = a[0]; rc == SQLITE_OK && i <= a[1] && i <= SQ_NKEY; i++) {
      w->aPresent[i] = 0;
      w->aV[i] = w->aStamp[i] = 0;
    }
    return rc;
  }
  /* Schema changes only once the transaction read the schema cookie:
  ** before that the connection's cached schema may be stale, and SQLite
  ** reports "already exists" / "no such index" from it at prepare time. */
  if (!c->bFresh) return sq_change(r, c, 0);
  const char *zSql = w->bIdxS ? "DROP INDEX t_s" : "CREATE INDEX t_s ON t(s)";
  int rc = sq_exec(r, c->db, zSql, 0, NULL, 0);
  if (rc == SQLITE_OK) w->bIdxS = !w->bIdxS;
  return rc;
}

static void sq_step_write(SqlRun *r, SqlConn *c) {
  u32 x = prng_below(&r->rng, 100);
  int rc;
  sq_snapshot(r, c);
  if (x < 60) {
    rc = sq_change(r, c, x);
  } else if (x < 70) {
    SqlImage got;
    rc = sq_read_image(r, c->db, &got);
    sq_rc(r, c->db, rc, "writer SELECT");
    if (rc == SQLITE_OK && memcmp(&got, &c->w, sizeof(got)) != 0) {
      sq_fail(r, "a writer does not see its own changes: %s", sq_diff(&got, &c->w));
    }
  } else if (x < 80) {
    /* SAVEPOINT, RELEASE and ROLLBACK TO read nothing: no snapshot yet. */
    if (sq_savepoint(r, c) != SQLITE_OK) sq_abandon(r, c);
    return;
  } else if (x < 94) {
    sq_commit(r, c);
    return;
  } else {
    rc = sq_exec(r, c->db, "ROLLBACK", 0, NULL, 0);
    c->eState = Q_IDLE;
  }
  if (rc != SQLITE_OK) sq_abandon(r, c);
  else c->bSnap = c->bFresh = 1;
}

static void sq_step(SqlRun *r) {
  SqlConn *c = &r->aConn[prng_below(&r->rng, (u32)r->nConn)];
  if (c->eState == Q_IDLE) sq_step_idle(r, c);
  else if (c->eState == Q_READ) sq_step_read(r, c);
  else sq_step_write(r, c);
  if (iosim_crashed(r->pSim) && !r->bFailed) sq_crash_recover(r);
}

/* ---- one seed --------------------------------------------------------------- */

static void sq_profile(SqlRun *r) {
  r->nConn = 1 + (int)prng_below(&r->rng, SQ_MAXCONN);
  if (!r->o->bNoFaults && prng_chance(&r->rng, 2, 3)) {
    static const u32 aDen[] = {30, 100, 300, 1000};
    r->probDen = aDen[prng_below(&r->rng, 4)];
    r->mKinds = prng_chance(&r->rng, 1, 2) ? IOSIM_F_ALL : 1 + prng_below(&r->rng, IOSIM_F_ALL);
  }
  if (prng_chance(&r->rng, 9, 10)) r->crashMean = 100 + prng_below(&r->rng, 3000);
  r->nextStamp = 1;
}

static int sq_run_seed(const SqlOpts *o, u64 seed, u64 *pTrace, u64 *pFiles) {
  SqlRun *r = calloc(1, sizeof(SqlRun));
  r->o = o;
  r->seed = seed;
  prng_seed(&r->rng, seed ^ 0x5a17ULL);
  r->pSim = iosim_new(seed);
  simvfs_register(iosim_backend(r->pSim));
  sq_profile(r);
  iosim_pause_faults(r->pSim, 1);
  sq_open_all(r);
  if (!r->bFailed) {
    int page = 512 << prng_below(&r->rng, 4);
    char zSql[200];
    snprintf(zSql, sizeof(zSql), "PRAGMA page_size=%d; CREATE TABLE t(k INTEGER PRIMARY KEY, "
             "v INTEGER, s TEXT); CREATE INDEX t_v ON t(v)", page);
    int rc = sqlite3_exec(r->aConn[0].db, zSql, NULL, NULL, NULL);
    if (rc != SQLITE_OK) sq_fail(r, "schema setup: %s", sqlite3_errmsg(r->aConn[0].db));
  }
  iosim_pause_faults(r->pSim, 0);
  sq_plan(r);
  for (int i = 0; i < o->nStep && !r->bFailed; i++) sq_step(r);
  if (!r->bFailed) {
    if (!iosim_crashed(r->pSim)) iosim_crash(r->pSim);
    sq_crash_recover(r);
  }
  sq_close_all(r);
  *pTrace = iosim_trace_hash(r->pSim);
  *pFiles = iosim_files_hash(r->pSim);
  int bFailed = r->bFailed;
  if (bFailed) {
    const char *zFlags = o->bNoFaults && o->bBreakSync ? " SIM_FLAGS='--no-faults "
                         "--break-journal-sync'" : o->bNoFaults ? " SIM_FLAGS=--no-faults"
                         : o->bBreakSync ? " SIM_FLAGS=--break-journal-sync" : "";
    printf("FAIL seed=%llu: %s\nreproduce: make %s SEED=%llu%s\n", (unsigned long long)seed,
           r->zWhy, g_zTarget, (unsigned long long)seed, zFlags);
    i64 n = 0;
    const char *z = iosim_trace(r->pSim, &n);
    const char *p = z + n;
    for (int k = 0; p > z && k <= o->nTail; p--) k += p[-1] == '\n';
    printf("---- trace tail ----\n%s---- end of trace ----\n", p);
  }
  if (o->bVerbose) {
    printf("seed %llu: %s commits %llu crashes %llu in-doubt %llu busy %llu\n",
           (unsigned long long)seed, bFailed ? "FAIL" : "ok", (unsigned long long)r->nCommit,
           (unsigned long long)r->nCrash, (unsigned long long)r->nInDoubt,
           (unsigned long long)r->nBusy);
  }
  iosim_free(r->pSim);
  free(r);
  return bFailed;
}

/* Runs a seed in a fresh child process: the library's own state (its
** PRNG, seeded once per process from the default VFS, here "sim") starts
** the same way each time, so two runs can be compared. */
static int sq_run_forked(const SqlOpts *o, u64 seed, u64 *pTrace, u64 *pFiles) {
  int fds[2];
  u64 a[2] = {0, 0};
  if (pipe(fds) != 0) return sq_run_seed(o, seed, pTrace, pFiles);
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    int rc = sq_run_seed(o, seed, &a[0], &a[1]);
    fflush(stdout);
    if (write(fds[1], a, sizeof(a)) != (ssize_t)sizeof(a)) rc = 1;
    _exit(rc);
  }
  close(fds[1]);
  if (read(fds[0], a, sizeof(a)) != (ssize_t)sizeof(a)) a[0] = a[1] = 0;
  close(fds[0]);
  int status = 1;
  if (pid > 0) waitpid(pid, &status, 0);
  *pTrace = a[0];
  *pFiles = a[1];
  if (pid > 0 && WIFEXITED(status)) return WEXITSTATUS(status);
  printf("FAIL seed=%llu: died (signal or assertion)\nreproduce: make %s SEED=%llu\n",
         (unsigned long long)seed, g_zTarget, (unsigned long long)seed);
  return 1;
}

int main(int argc, char **argv) {
  SqlOpts o = {.seed = 1, .nSeed = 1, .nStep = 1000, .nTail = 40};
  if (strstr(argv[0], "_ref") != NULL) g_zTarget = "sim-sql-ref";
  for (int i = 1; i < argc; i++) {
    const char *z = argv[i];
    int bArg = i + 1 < argc;
    if (strcmp(z, "--seed") == 0 && bArg) o.seed = strtoull(argv[++i], NULL, 0);
    else if (strcmp(z, "--count") == 0 && bArg) o.nSeed = strtoull(argv[++i], NULL, 0);
    else if (strcmp(z, "--steps") == 0 && bArg) o.nStep = atoi(argv[++i]);
    else if (strcmp(z, "--tail") == 0 && bArg) o.nTail = atoi(argv[++i]);
    else if (strcmp(z, "--check-determinism") == 0) o.bDeterminism = 1;
    else if (strcmp(z, "--no-faults") == 0) o.bNoFaults = 1;
    else if (strcmp(z, "--break-journal-sync") == 0) o.bBreakSync = 1;
    else if (strcmp(z, "-v") == 0) o.bVerbose = 1;
    else {
      fprintf(stderr, "usage: sim_sql [--seed N] [--count K] [--steps S] [--check-determinism]\n"
                      "               [--no-faults] [--break-journal-sync] [--tail N] [-v]\n");
      return 2;
    }
  }
  setvbuf(stdout, NULL, _IOLBF, 0);
  u64 nPass = 0, nFail = 0;
  for (u64 k = 0; k < o.nSeed; k++) {
    u64 t1, f1, t2, f2;
    int rc = sq_run_forked(&o, o.seed + k, &t1, &f1);
    if (rc == 0 && o.bDeterminism) {
      rc = sq_run_forked(&o, o.seed + k, &t2, &f2);
      if (rc == 0 && (t1 != t2 || f1 != f2)) {
        printf("FAIL seed=%llu: not deterministic\n", (unsigned long long)(o.seed + k));
        rc = 1;
      }
    }
    if (rc) nFail++;
    else nPass++;
  }
  printf("sim_sql: %llu passed, %llu failed\n", (unsigned long long)nPass,
         (unsigned long long)nFail);
  return nFail == 0 ? 0 : 1;
}
