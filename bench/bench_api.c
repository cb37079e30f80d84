/*
** bench/bench_api.c: workloads on the public SQLite C API, timed from the
** outside, used by bench/run.sh to compare two builds of libsqlite3.so.0.
**
** The program is linked with -lsqlite3 and never knows which library it got:
** run.sh chooses with LD_LIBRARY_PATH, and `--version` prints the path the
** dynamic linker actually resolved, so the report can prove it.
**
** Usage:
**   bench_api --version                 library path, version, source id
**   bench_api --list                    workload names, one per line
**   bench_api --sizes                   the sizes BENCH_SCALE gives
**   bench_api --fixture DB              build the read fixture in DB
**   bench_api --run NAME --db DB        run one workload against DB
** Sizes scale with the environment variable BENCH_SCALE (default 1.0;
** 1.0 means a 1,000,000-row table) and BENCH_FSYNC_TXNS (see bw_fsync).
**
** Output of --run, one line on stdout (run.sh parses it):
**   BENCH <name> ok <seconds> <peak_rss_kb> <checksum>
**   BENCH <name> FAILED <peak_rss_kb> <what failed: rc and sqlite3_errmsg>
**
** Invariants:
**  1. Time is measured here with clock_gettime(CLOCK_MONOTONIC) around the
**     workload only; setup (schema, fixture copy, opening where the workload
**     is not about opening) and verification queries are outside the timer.
**  2. Every workload ends with a checksum computed from what the library
**     returned (order-sensitive where order is part of the contract), so a
**     library that is fast because it is wrong shows up as a checksum
**     mismatch in run.sh rather than as a good ratio.
**  3. Any SQLite error ends the process with a FAILED line naming the call,
**     the result code and the library's message; a crash is caught by
**     run.sh.  Nothing is retried or hidden.
**  4. Inputs are deterministic (fixed-seed xorshift), so both libraries see
**     the same statements with the same values in the same order.
**  5. One workload per process: peak RSS (getrusage ru_maxrss) is per
**     workload, and a crash in one workload cannot take down the others.
*/
#define _GNU_SOURCE
#include <dlfcn.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "sqlite3.h"

typedef sqlite3_int64 i64;
typedef sqlite3_uint64 u64;

/* Sizes derived from BENCH_SCALE once, at start-up. */
typedef struct BenchSize {
    i64 nRow;      /* rows in table t (1,000,000 at scale 1) */
    i64 nLookup;   /* point lookups per lookup workload */
    i64 nRange;    /* range scans per range workload (100 rows each) */
    i64 nJoinRow;  /* rows in table u, the join's outer side */
    i64 nFsync;    /* autocommit transactions in the fsync workload */
    i64 nOpen;     /* open + first query + close cycles */
    i64 nPrepare;  /* distinct statements prepared */
    i64 nThreadOp; /* lookups per thread in the multi-threaded workload */
} BenchSize;

static BenchSize g_sz;                 /* set by bench_sizes() */
static const char *g_name = "?";       /* workload name, for FAILED lines */
static const int N_THREAD = 4;         /* threads in mt_read (the brief's 4) */

/* ---------------------------------------------------------------- utils */

static long bench_peak_rss_kb(void)
{
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru) != 0) return -1;
    return ru.ru_maxrss;
}

/* Print the FAILED line and end the process (invariant 3). */
static void bench_fail(const char *zFmt, ...)
{
    va_list ap;
    char zMsg[600];
    va_start(ap, zFmt);
    vsnprintf(zMsg, sizeof zMsg, zFmt, ap);
    va_end(ap);
    for (char *p = zMsg; *p; p++) {
        if (*p == '\n' || *p == '\r') *p = ' '; /* keep the line one line */
    }
    printf("BENCH %s FAILED %ld %s\n", g_name, bench_peak_rss_kb(), zMsg);
    fflush(stdout);
    exit(2);
}

/* Fail unless rc is one of the expected codes; zWhat names the call. */
static void bench_check(sqlite3 *db, int rc, int rcOk, const char *zWhat)
{
    if (rc == rcOk) return;
    bench_fail("%s: rc=%d (%s) %s", zWhat, rc, sqlite3_errstr(rc),
               db ? sqlite3_errmsg(db) : "");
}

static double bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Deterministic generator (invariant 4); never returns 0 for a nonzero seed. */
static u64 bench_rand(u64 *pState)
{
    u64 x = *pState;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    *pState = x;
    return x;
}

/* Mix v into an order-sensitive checksum (invariant 2). */
static u64 bench_mix(u64 h, u64 v)
{
    return (h ^ v) * 0x100000001b3ULL + 0x9e3779b97f4a7c15ULL;
}

static i64 bench_env_i64(const char *zName, i64 dflt)
{
    const char *z = getenv(zName);
    if (z == NULL || *z == 0) return dflt;
    long long v = atoll(z);
    return v > 0 ? (i64)v : dflt;
}

static i64 bench_scaled(double scale, i64 base, i64 minimum)
{
    i64 n = (i64)(scale * (double)base);
    return n < minimum ? minimum : n;
}

static void bench_sizes(void)
{
    const char *z = getenv("BENCH_SCALE");
    double scale = (z && *z) ? atof(z) : 1.0;
    if (!(scale > 0.0)) scale = 1.0;
    g_sz.nRow = bench_scaled(scale, 1000000, 1000);
    g_sz.nLookup = bench_scaled(scale, 100000, 100);
    g_sz.nRange = bench_scaled(scale, 5000, 10);
    g_sz.nJoinRow = bench_scaled(scale, 100000, 100);
    /* 10,000 in the brief; an fsync costs about 4 ms on the reference
    ** machine (3 per rollback-journal commit), so 10,000 would take
    ** two minutes per run: see bench/README. */
    g_sz.nFsync = bench_env_i64("BENCH_FSYNC_TXNS", bench_scaled(scale, 300, 10));
    g_sz.nOpen = bench_scaled(scale, 1000, 10);
    g_sz.nPrepare = bench_scaled(scale, 1000, 10);
    g_sz.nThreadOp = bench_scaled(scale, 50000, 100);
}

static sqlite3 *bench_open(const char *zPath)
{
    sqlite3 *db = NULL;
    int rc = sqlite3_open_v2(zPath, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    bench_check(db, rc, SQLITE_OK, "sqlite3_open_v2");
    return db;
}

static void bench_exec(sqlite3 *db, const char *zSql)
{
    char *zErr = NULL;
    int rc = sqlite3_exec(db, zSql, NULL, NULL, &zErr);
    if (rc != SQLITE_OK) {
        bench_fail("exec \"%.120s\": rc=%d (%s) %s", zSql, rc, sqlite3_errstr(rc),
                   zErr ? zErr : "");
    }
}

static sqlite3_stmt *bench_prepare(sqlite3 *db, const char *zSql)
{
    sqlite3_stmt *pStmt = NULL;
    int rc = sqlite3_prepare_v2(db, zSql, -1, &pStmt, NULL);
    if (rc != SQLITE_OK) {
        bench_fail("prepare \"%.120s\": rc=%d (%s) %s", zSql, rc, sqlite3_errstr(rc),
                   sqlite3_errmsg(db));
    }
    if (pStmt == NULL) bench_fail("prepare \"%.120s\": no statement", zSql);
    return pStmt;
}

/* Step pStmt to completion, mixing every column of every row into h. */
static u64 bench_drain(sqlite3 *db, sqlite3_stmt *pStmt, u64 h, i64 *pnRow)
{
    int rc;
    int nCol = sqlite3_column_count(pStmt);
    while ((rc = sqlite3_step(pStmt)) == SQLITE_ROW) {
        for (int i = 0; i < nCol; i++) {
            switch (sqlite3_column_type(pStmt, i)) {
            case SQLITE_INTEGER: h = bench_mix(h, (u64)sqlite3_column_int64(pStmt, i)); break;
            case SQLITE_FLOAT:
                /* Round: printing and summation order may differ in the last bit. */
                h = bench_mix(h, (u64)(i64)(sqlite3_column_double(pStmt, i) * 1000.0));
                break;
            case SQLITE_NULL: h = bench_mix(h, 0x5a5a); break;
            default: h = bench_mix(h, (u64)sqlite3_column_bytes(pStmt, i)); break;
            }
        }
        if (pnRow) (*pnRow)++;
    }
    bench_check(db, rc, SQLITE_DONE, "sqlite3_step");
    bench_check(db, sqlite3_reset(pStmt), SQLITE_OK, "sqlite3_reset");
    return h;
}

/* Checksum of a whole query, run outside the timer. */
static u64 bench_query_sum(sqlite3 *db, const char *zSql)
{
    sqlite3_stmt *pStmt = bench_prepare(db, zSql);
    u64 h = bench_drain(db, pStmt, 1, NULL);
    sqlite3_finalize(pStmt);
    return h;
}

/* ------------------------------------------------------------- the data */

static const char *SCHEMA_T =
    "CREATE TABLE t(id INTEGER PRIMARY KEY, a INTEGER, g INTEGER, c REAL, b TEXT);";

/* A multiplier coprime with n, so a = id*mult mod n is a permutation: the
** index on a is then unique and its order unrelated to rowid order. */
static i64 bench_perm_mult(i64 n)
{
    i64 m = 7919;
    for (int guard = 0; guard < 1000; guard++, m += 2) {
        i64 x = m, y = n;
        while (y != 0) { i64 r = x % y; x = y; y = r; }
        if (x == 1) return m;
    }
    return 1;
}

static i64 bench_a_of(i64 id)
{
    static i64 mult = 0;
    if (mult == 0) mult = bench_perm_mult(g_sz.nRow);
    return (id * mult) % g_sz.nRow;
}

/* Insert ids 1..nRow into t with one prepared statement (caller owns txn). */
static void bench_fill_t(sqlite3 *db)
{
    static const char *aPad = "abcdefghijklmnopqrstuvwxyz0123456789";
    sqlite3_stmt *pIns = bench_prepare(db, "INSERT INTO t(id,a,g,c,b) VALUES(?,?,?,?,?)");
    char zText[96];
    for (i64 id = 1; id <= g_sz.nRow; id++) {
        int nPad = (int)(id % 23);
        int n = snprintf(zText, sizeof zText, "row %lld %.*s", (long long)id, nPad, aPad);
        sqlite3_bind_int64(pIns, 1, id);
        sqlite3_bind_int64(pIns, 2, bench_a_of(id));
        sqlite3_bind_int64(pIns, 3, id % 1000);
        sqlite3_bind_double(pIns, 4, (double)((id * 31) % 10007) / 8.0);
        sqlite3_bind_text(pIns, 5, zText, n, SQLITE_TRANSIENT);
        bench_check(db, sqlite3_step(pIns), SQLITE_DONE, "step INSERT INTO t");
        bench_check(db, sqlite3_reset(pIns), SQLITE_OK, "reset INSERT INTO t");
    }
    sqlite3_finalize(pIns);
}

static void bench_fill_u(sqlite3 *db)
{
    u64 seed = 0x1234567;
    sqlite3_stmt *pIns = bench_prepare(db, "INSERT INTO u(id,tid,x) VALUES(?,?,?)");
    for (i64 id = 1; id <= g_sz.nJoinRow; id++) {
        sqlite3_bind_int64(pIns, 1, id);
        sqlite3_bind_int64(pIns, 2, 1 + (i64)(bench_rand(&seed) % (u64)g_sz.nRow));
        sqlite3_bind_int64(pIns, 3, id % 100);
        bench_check(db, sqlite3_step(pIns), SQLITE_DONE, "step INSERT INTO u");
        bench_check(db, sqlite3_reset(pIns), SQLITE_OK, "reset INSERT INTO u");
    }
    sqlite3_finalize(pIns);
}

/* The read fixture: t with an index on a, plus u for the join.  run.sh
** builds it once with the reference library and copies it for every run, so
** both libraries read byte-identical files. */
static int bench_fixture(const char *zPath)
{
    unlink(zPath);
    sqlite3 *db = bench_open(zPath);
    bench_exec(db, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;");
    bench_exec(db, SCHEMA_T);
    bench_exec(db, "CREATE TABLE u(id INTEGER PRIMARY KEY, tid INTEGER, x INTEGER);");
    bench_exec(db, "BEGIN");
    bench_fill_t(db);
    bench_fill_u(db);
    bench_exec(db, "COMMIT");
    bench_exec(db, "CREATE INDEX t_a ON t(a);");
    bench_check(db, sqlite3_close(db), SQLITE_OK, "sqlite3_close");
    return 0;
}

/* ------------------------------------------------------------ workloads */

/* Bulk insert of nRow rows in one transaction into a fresh database. */
static u64 bench_insert(const char *zPath, int bIndex, double *pSec)
{
    unlink(zPath);
    sqlite3 *db = bench_open(zPath);
    bench_exec(db, SCHEMA_T);
    if (bIndex) bench_exec(db, "CREATE INDEX t_a ON t(a);");
    double t0 = bench_now();
    bench_exec(db, "BEGIN");
    bench_fill_t(db);
    bench_exec(db, "COMMIT");
    *pSec = bench_now() - t0;
    u64 h = bench_query_sum(db, "SELECT count(*), sum(a), sum(g), max(b) FROM t");
    if (bIndex) h = bench_mix(h, bench_query_sum(db, "SELECT a FROM t WHERE a < 50 ORDER BY a"));
    sqlite3_close(db);
    return h;
}

static u64 bw_insert(const char *zPath, double *pSec) { return bench_insert(zPath, 0, pSec); }
static u64 bw_insert_idx(const char *zPath, double *pSec) { return bench_insert(zPath, 1, pSec); }

/* nOp executions of zSql, each binding a pseudo-random key in [lo, lo+span). */
static u64 bench_lookups(sqlite3 *db, const char *zSql, i64 nOp, i64 lo, i64 span, u64 seed)
{
    sqlite3_stmt *pStmt = bench_prepare(db, zSql);
    u64 h = 1;
    i64 nRow = 0;
    for (i64 i = 0; i < nOp; i++) {
        i64 key = lo + (i64)(bench_rand(&seed) % (u64)span);
        sqlite3_bind_int64(pStmt, 1, key);
        h = bench_drain(db, pStmt, h, &nRow);
    }
    sqlite3_finalize(pStmt);
    if (nRow == 0) bench_fail("%s: no rows returned", zSql);
    return bench_mix(h, (u64)nRow);
}

/* Run one read query set against the fixture copy at zPath, timed. */
static u64 bench_timed_lookups(const char *zPath, const char *zSql, i64 nOp, i64 lo,
                               i64 span, double *pSec)
{
    sqlite3 *db = bench_open(zPath);
    double t0 = bench_now();
    u64 h = bench_lookups(db, zSql, nOp, lo, span, 0xfeedbeef);
    *pSec = bench_now() - t0;
    sqlite3_close(db);
    return h;
}

static u64 bw_lookup_rowid(const char *zPath, double *pSec)
{
    return bench_timed_lookups(zPath, "SELECT a, c, b FROM t WHERE id = ?", g_sz.nLookup, 1,
                               g_sz.nRow, pSec);
}

static u64 bw_lookup_index(const char *zPath, double *pSec)
{
    return bench_timed_lookups(zPath, "SELECT id, c, b FROM t WHERE a = ?", g_sz.nLookup, 0,
                               g_sz.nRow, pSec);
}

static u64 bw_range_rowid(const char *zPath, double *pSec)
{
    return bench_timed_lookups(zPath,
                               "SELECT id, c FROM t WHERE id BETWEEN ?1 AND ?1 + 99 ORDER BY id",
                               g_sz.nRange, 1, g_sz.nRow - 100, pSec);
}

static u64 bw_range_index(const char *zPath, double *pSec)
{
    return bench_timed_lookups(zPath,
                               "SELECT a, id, g FROM t WHERE a BETWEEN ?1 AND ?1 + 99 ORDER BY a",
                               g_sz.nRange, 0, g_sz.nRow - 100, pSec);
}

/* One query, timed from prepare to the last row. */
static u64 bench_timed_query(const char *zPath, const char *zSql, double *pSec)
{
    sqlite3 *db = bench_open(zPath);
    double t0 = bench_now();
    sqlite3_stmt *pStmt = bench_prepare(db, zSql);
    i64 nRow = 0;
    u64 h = bench_drain(db, pStmt, 1, &nRow);
    sqlite3_finalize(pStmt);
    *pSec = bench_now() - t0;
    sqlite3_close(db);
    return bench_mix(h, (u64)nRow);
}

static u64 bw_scan_agg(const char *zPath, double *pSec)
{
    return bench_timed_query(zPath,
        "SELECT count(*), sum(a), total(c), max(length(b)), min(g) FROM t", pSec);
}

static u64 bw_group_by(const char *zPath, double *pSec)
{
    return bench_timed_query(zPath,
        "SELECT g, count(*), sum(a), total(c) FROM t GROUP BY g ORDER BY g", pSec);
}

static u64 bw_order_by(const char *zPath, double *pSec)
{
    return bench_timed_query(zPath, "SELECT id, c FROM t ORDER BY c, id", pSec);
}

static u64 bw_join(const char *zPath, double *pSec)
{
    return bench_timed_query(zPath,
        "SELECT u.x, count(*), sum(t.a) FROM u JOIN t ON t.id = u.tid "
        "GROUP BY u.x ORDER BY u.x", pSec);
}

/* One data-changing statement on the fixture copy, timed; returns changes
** mixed with a checksum of the table afterwards. */
static u64 bench_timed_change(const char *zPath, const char *zSql, double *pSec)
{
    sqlite3 *db = bench_open(zPath);
    double t0 = bench_now();
    bench_exec(db, zSql);
    *pSec = bench_now() - t0;
    u64 h = bench_mix(1, (u64)sqlite3_changes(db));
    h = bench_mix(h, bench_query_sum(db, "SELECT count(*), sum(a), total(c), max(b) FROM t"));
    h = bench_mix(h, bench_query_sum(db, "SELECT count(*) FROM t WHERE a BETWEEN 1000 AND 9999"));
    sqlite3_close(db);
    return h;
}

static u64 bw_update_10pct(const char *zPath, double *pSec)
{
    return bench_timed_change(zPath,
        "UPDATE t SET c = c + 1.5, b = b || 'u' WHERE id % 10 = 0", pSec);
}

static u64 bw_delete_10pct(const char *zPath, double *pSec)
{
    return bench_timed_change(zPath, "DELETE FROM t WHERE id % 10 = 3", pSec);
}

/* nFsync small autocommit transactions with synchronous=FULL: each commit
** waits for the disk, so this measures the journal protocol's fsync count. */
static u64 bw_fsync_txns(const char *zPath, double *pSec)
{
    unlink(zPath);
    sqlite3 *db = bench_open(zPath);
    bench_exec(db, "PRAGMA synchronous=FULL;");
    bench_exec(db, "CREATE TABLE log(id INTEGER PRIMARY KEY, v INTEGER, s TEXT);");
    sqlite3_stmt *pIns = bench_prepare(db, "INSERT INTO log(v, s) VALUES(?, 'payload')");
    double t0 = bench_now();
    for (i64 i = 0; i < g_sz.nFsync; i++) {
        sqlite3_bind_int64(pIns, 1, i * 7);
        bench_check(db, sqlite3_step(pIns), SQLITE_DONE, "step INSERT INTO log");
        bench_check(db, sqlite3_reset(pIns), SQLITE_OK, "reset INSERT INTO log");
    }
    *pSec = bench_now() - t0;
    sqlite3_finalize(pIns);
    u64 h = bench_query_sum(db, "SELECT count(*), sum(v) FROM log");
    sqlite3_close(db);
    return h;
}

/* Per-database cost: open, run a first query (which reads the schema), close.
** The same small file every time: the OS cache is warm, the library is not. */
static u64 bw_open_query(const char *zPath, double *pSec)
{
    unlink(zPath);
    sqlite3 *db = bench_open(zPath);
    bench_exec(db, "CREATE TABLE cfg(k TEXT PRIMARY KEY, v);"
                   "CREATE TABLE item(id INTEGER PRIMARY KEY, name TEXT, qty INT);"
                   "CREATE INDEX item_name ON item(name);"
                   "INSERT INTO cfg VALUES('version', 3), ('owner', 'bench');"
                   "INSERT INTO item(name, qty) VALUES('a', 1), ('b', 2), ('c', 3);");
    sqlite3_close(db);
    u64 h = 1;
    double t0 = bench_now();
    for (i64 i = 0; i < g_sz.nOpen; i++) {
        db = bench_open(zPath);
        sqlite3_stmt *pStmt = bench_prepare(db, "SELECT v FROM cfg WHERE k = 'version'");
        h = bench_drain(db, pStmt, h, NULL);
        sqlite3_finalize(pStmt);
        bench_check(db, sqlite3_close(db), SQLITE_OK, "sqlite3_close");
    }
    *pSec = bench_now() - t0;
    return h;
}

/* Prepare cost: open the fixture and prepare nPrepare distinct statements
** (distinct text, so no cache in either library can help). */
static u64 bw_prepare(const char *zPath, double *pSec)
{
    static const char *azTemplate[] = {
        "SELECT id, b FROM t WHERE a = %lld",
        "SELECT count(*), total(c) FROM t WHERE g = %lld AND c > 10.5",
        "UPDATE t SET c = c + 1 WHERE id = %lld",
        "INSERT INTO u(tid, x) VALUES(%lld, 42)",
        "DELETE FROM u WHERE id = %lld AND x < 7",
        "SELECT a, g FROM t WHERE id BETWEEN %lld AND 1000000 ORDER BY a LIMIT 10",
    };
    const int nTemplate = (int)(sizeof azTemplate / sizeof azTemplate[0]);
    char zSql[200];
    u64 h = 1;
    double t0 = bench_now();
    sqlite3 *db = bench_open(zPath);
    for (i64 i = 0; i < g_sz.nPrepare; i++) {
        snprintf(zSql, sizeof zSql, azTemplate[i % nTemplate], (long long)(i + 1));
        sqlite3_stmt *pStmt = bench_prepare(db, zSql);
        h = bench_mix(h, (u64)sqlite3_column_count(pStmt));
        h = bench_mix(h, (u64)sqlite3_bind_parameter_count(pStmt));
        sqlite3_finalize(pStmt);
    }
    sqlite3_close(db);
    *pSec = bench_now() - t0;
    return h;
}

/* One reader thread of mt_read: its own connection, alternating rowid and
** index lookups. */
typedef struct BenchThread {
    const char *zPath; /* fixture copy, shared read-only */
    u64 seed;          /* per-thread seed (invariant 4) */
    u64 h;             /* out: checksum of what this thread read */
} BenchThread;

static void *bench_reader(void *pArg)
{
    BenchThread *p = pArg;
    sqlite3 *db = NULL;
    int rc = sqlite3_open_v2(p->zPath, &db, SQLITE_OPEN_READONLY, NULL);
    bench_check(db, rc, SQLITE_OK, "sqlite3_open_v2 (thread)");
    i64 half = g_sz.nThreadOp / 2;
    p->h = bench_lookups(db, "SELECT a, c, b FROM t WHERE id = ?", half, 1, g_sz.nRow, p->seed);
    p->h = bench_mix(p->h, bench_lookups(db, "SELECT id, c FROM t WHERE a = ?",
                                         g_sz.nThreadOp - half, 0, g_sz.nRow, p->seed * 3));
    sqlite3_close(db);
    return NULL;
}

static u64 bw_mt_read(const char *zPath, double *pSec)
{
    BenchThread aT[4];
    pthread_t aId[4];
    _Static_assert(sizeof aT / sizeof aT[0] == 4, "N_THREAD slots");
    if (!sqlite3_threadsafe()) bench_fail("sqlite3_threadsafe() returned 0");
    double t0 = bench_now();
    for (int i = 0; i < N_THREAD; i++) {
        aT[i] = (BenchThread){ .zPath = zPath, .seed = 0x9e3779b9u * (u64)(i + 1), .h = 0 };
        if (pthread_create(&aId[i], NULL, bench_reader, &aT[i]) != 0) {
            bench_fail("pthread_create failed");
        }
    }
    u64 h = 1;
    for (int i = 0; i < N_THREAD; i++) {
        pthread_join(aId[i], NULL);
        h = bench_mix(h, aT[i].h);
    }
    *pSec = bench_now() - t0;
    return h;
}

/* ----------------------------------------------------------------- main */

typedef struct BenchWorkload {
    const char *zName;                      /* name used by run.sh and the report */
    u64 (*xRun)(const char *, double *);    /* runs it; returns the checksum */
    int bFixture;                           /* 1: needs a fresh fixture copy at DB */
    const char *zDesc;                      /* one line for the report */
} BenchWorkload;

static const BenchWorkload aWorkload[] = {
    { "insert", bw_insert, 0, "bulk insert of N rows, one transaction, no secondary index" },
    { "insert_idx", bw_insert_idx, 0, "bulk insert of N rows, one transaction, one index" },
    { "lookup_rowid", bw_lookup_rowid, 1, "N/10 point lookups by rowid" },
    { "lookup_index", bw_lookup_index, 1, "N/10 point lookups through an index" },
    { "range_rowid", bw_range_rowid, 1, "N/200 range scans of 100 rows by rowid" },
    { "range_index", bw_range_index, 1, "N/200 range scans of 100 rows through an index" },
    { "scan_agg", bw_scan_agg, 1, "full-scan aggregate (count, sum, total, max)" },
    { "group_by", bw_group_by, 1, "GROUP BY an unindexed column (1000 groups)" },
    { "order_by", bw_order_by, 1, "ORDER BY an unindexed column, all N rows" },
    { "join", bw_join, 1, "join N/10 rows to t by rowid, grouped" },
    { "update_10pct", bw_update_10pct, 1, "one UPDATE of 10% of rows" },
    { "delete_10pct", bw_delete_10pct, 1, "one DELETE of 10% of rows" },
    { "fsync_txns", bw_fsync_txns, 0, "small autocommit INSERTs, synchronous=FULL" },
    { "open_query", bw_open_query, 0, "open + first query + close, repeated" },
    { "prepare", bw_prepare, 1, "open + prepare 1000 distinct statements" },
    { "mt_read", bw_mt_read, 1, "4 threads, own connections, 50k lookups each" },
};

static int bench_version(void)
{
    Dl_info info;
    char zReal[PATH_MAX];
    const char *zLib = "?";
    if (dladdr((void *)sqlite3_libversion, &info) && info.dli_fname) {
        zLib = realpath(info.dli_fname, zReal) ? zReal : info.dli_fname;
    }
    printf("library %s\nversion %s\nsourceid %s\nthreadsafe %d\n", zLib,
           sqlite3_libversion(), sqlite3_sourceid(), sqlite3_threadsafe());
    return 0;
}

static int bench_run(const char *zName, const char *zPath)
{
    for (size_t i = 0; i < sizeof aWorkload / sizeof aWorkload[0]; i++) {
        if (strcmp(aWorkload[i].zName, zName) != 0) continue;
        double sec = -1.0;
        g_name = zName;
        u64 h = aWorkload[i].xRun(zPath, &sec);
        printf("BENCH %s ok %.6f %ld %016llx\n", zName, sec, bench_peak_rss_kb(),
               (unsigned long long)h);
        return 0;
    }
    fprintf(stderr, "bench_api: unknown workload %s\n", zName);
    return 1;
}

int main(int argc, char **argv)
{
    bench_sizes();
    if (argc == 2 && strcmp(argv[1], "--version") == 0) return bench_version();
    if (argc == 2 && strcmp(argv[1], "--list") == 0) {
        for (size_t i = 0; i < sizeof aWorkload / sizeof aWorkload[0]; i++) {
            printf("%s %d %s\n", aWorkload[i].zName, aWorkload[i].bFixture, aWorkload[i].zDesc);
        }
        return 0;
    }
    if (argc == 2 && strcmp(argv[1], "--sizes") == 0) {
        printf("size_rows %lld\nsize_lookups %lld\nsize_ranges %lld\nsize_join_rows %lld\n"
               "size_fsync_txns %lld\nsize_opens %lld\nsize_prepares %lld\n"
               "size_thread_lookups %lld\n", (long long)g_sz.nRow, (long long)g_sz.nLookup,
               (long long)g_sz.nRange, (long long)g_sz.nJoinRow, (long long)g_sz.nFsync,
               (long long)g_sz.nOpen, (long long)g_sz.nPrepare, (long long)g_sz.nThreadOp);
        return 0;
    }
    if (argc == 3 && strcmp(argv[1], "--fixture") == 0) {
        g_name = "fixture";
        return bench_fixture(argv[2]);
    }
    if (argc == 5 && strcmp(argv[1], "--run") == 0 && strcmp(argv[3], "--db") == 0) {
        return bench_run(argv[2], argv[4]);
    }
    fprintf(stderr, "usage: %s --version | --list | --fixture DB | --run NAME --db DB\n",
            argv[0]);
    return 1;
}
