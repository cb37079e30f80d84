// bench/node/workloads.mjs: bench/bench_api.c's workloads, run from Node through
// one of two adapters, so that SQLite, our library and Turso can be compared
// through a JavaScript binding (issue 6).
//
//   native  bench/node/binding.c (our minimal N-API addon, synchronous) over
//           whichever libsqlite3.so.0 LD_LIBRARY_PATH selects: SQLite or ours
//   turso   @tursodatabase/database (its own napi-rs binding and engine); its
//           main API is promise-based, so this adapter awaits every call
//
// Usage: node workloads.mjs --engine native|turso
//            (--version | --list | --sizes | --run NAME --db DB)
// Environment: BENCH_SCALE, BENCH_FSYNC_TXNS (as bench_api), BENCH_NODE_BINDING
// (path of sqlite_binding.node), BENCH_TURSO_DIR (npm --prefix the package is
// installed in).  Output of --run, one line (bench/run.sh parses it):
//   BENCH <name> ok <seconds> <peak_rss_kb> <checksum>
//   BENCH <name> FAILED <peak_rss_kb> <error text>
//
// Invariants:
//  1. Same workloads as bench_api.c: same SQL text, same sizes from BENCH_SCALE,
//     same data (its xorshift generator and fill formulas ported), same timed
//     regions, same checksum function, so a checksum here equals bench_api's for
//     the same workload (one exception: prepare, see bwPrepare).
//  2. The workloads are written once, against the adapter interface below.
//     Adapter calls may return a value (native) or a promise (turso); the
//     workloads await only promises, so the synchronous binding does not pay
//     for a microtask per call that it does not need.
//  3. Integer columns reach the checksum as BigInt and REAL ones as Number (both
//     adapters run in "safe integers" mode), so the checksum sees SQLite's
//     storage classes as bench_api does through sqlite3_column_type.
//  4. Any error ends the run with a FAILED line carrying the engine's message;
//     nothing is retried or skipped.  One workload per process (peak RSS).
import { isMainThread, Worker, parentPort, workerData } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { readFileSync, rmSync } from 'node:fs';
import { pathToFileURL, fileURLToPath } from 'node:url';

const M64 = (1n << 64n) - 1n;

// ------------------------------------------------------------------ sizes

function scaled(scale, base, minimum) {
    const n = Math.trunc(scale * base);
    return n < minimum ? minimum : n;
}

function envInt(name, dflt) {
    const v = parseInt(process.env[name] || '', 10);
    return v > 0 ? v : dflt;
}

function benchSizes() {
    let scale = parseFloat(process.env.BENCH_SCALE || '');
    if (!(scale > 0)) scale = 1.0;
    return {
        nRow: scaled(scale, 1000000, 1000),
        nLookup: scaled(scale, 100000, 100),
        nRange: scaled(scale, 5000, 10),
        nJoinRow: scaled(scale, 100000, 100),
        nFsync: envInt('BENCH_FSYNC_TXNS', scaled(scale, 300, 10)),
        nOpen: scaled(scale, 1000, 10),
        nPrepare: scaled(scale, 1000, 10),
        nThreadOp: scaled(scale, 50000, 100),
    };
}
const SZ = benchSizes();

// -------------------------------------------------------- checksum, PRNG

// bench_api's xorshift64; the state is a one-element array of BigInt.
function rand(state) {
    let x = state[0];
    x ^= (x << 13n) & M64;
    x ^= x >> 7n;
    x ^= (x << 17n) & M64;
    state[0] = x;
    return x;
}

// bench_api's bench_mix, h = (h ^ v) * 0x100000001b3 + 0x9e3779b97f4a7c15 mod
// 2^64, on two 32-bit halves held in Numbers: BigInt arithmetic per column
// would cost more than some of the engines' own work per row, and that cost
// would dilute every ratio.  A Sum is mutable; its methods return it.
const TWO32 = 4294967296;

class Sum {
    constructor() { this.hi = 0; this.lo = 1; }    // bench_api starts from 1

    mix(vh, vl) {
        const xh = (this.hi ^ vh) >>> 0;
        const xl = (this.lo ^ vl) >>> 0;
        const pl = xl * 0x1b3;                      // x * 0x1b3, low half: < 2^41, exact
        // high half: xh * 0x1b3 + carry, plus x << 40, which adds xl << 8
        const hi = xh * 0x1b3 + Math.floor(pl / TWO32) + ((xl << 8) >>> 0);
        const lo = (pl >>> 0) + 0x7f4a7c15;
        this.lo = lo >>> 0;
        this.hi = (hi + 0x9e3779b9 + (lo >= TWO32 ? 1 : 0)) >>> 0;
        return this;
    }

    // A safe integer (|n| < 2^53), two's complement like C's (u64) cast.
    mixInt(n) { return this.mix(Math.floor(n / TWO32) >>> 0, n >>> 0); }

    mixBig(v) {
        const n = Number(v);
        if (Number.isSafeInteger(n)) return this.mixInt(n);
        const u = BigInt.asUintN(64, v);
        return this.mix(Number(u >> 32n), Number(u & 0xffffffffn));
    }

    mixSum(o) { return this.mix(o.hi, o.lo); }

    // One column value, as bench_drain does by storage class (invariant 3).
    mixValue(x) {
        switch (typeof x) {
        case 'bigint': return this.mixBig(x);
        case 'number': {
            const n = Math.trunc(x * 1000.0);
            return Number.isSafeInteger(n) ? this.mixInt(n) : this.mixBig(BigInt(n));
        }
        case 'string': return this.mixInt(Buffer.byteLength(x));
        default:
            if (x === null || x === undefined) return this.mixInt(0x5a5a);
            return this.mixInt(x.length);           // Buffer / Uint8Array: blob bytes
        }
    }

    mixRow(row) {
        for (let i = 0; i < row.length; i++) this.mixValue(row[i]);
        return this;
    }

    hex() {
        return this.hi.toString(16).padStart(8, '0') + this.lo.toString(16).padStart(8, '0');
    }
}

function isPromise(v) { return v !== null && typeof v === 'object' && typeof v.then === 'function'; }

// ---------------------------------------------------------------- adapters
//
// Adapter: { name, load(), version(), open(path, readonly) -> conn }
// conn:    exec(sql), execChanges(sql) -> changes, prepare(sql) -> stmt, close()
// stmt:    run(params[]), all(params[]) -> rows, each(params[], fn(row)),
//          columnCount(), finalize()
// Any method may return a promise (invariant 2).

function nativeAdapter() {
    let N = null;
    const wrapStmt = (s) => ({
        run: (p) => s.run(...p),
        all: (p) => s.all(...p),
        each: (p, fn) => {
            s.bind(...p);
            try {
                for (let row = s.step(); row !== undefined; row = s.step()) fn(row);
            } finally {
                s.reset();
            }
        },
        columnCount: () => s.columnCount(),
        finalize: () => s.finalize(),
    });
    return {
        name: 'native',
        async load() { N = await import('./native.mjs'); },
        version() {
            const l = N.library();
            return { library: l.path, version: l.version, sourceid: l.sourceid,
                threadsafe: l.threadsafe };
        },
        open(path, readonly) {
            const db = new N.Database(path, { readonly });
            return {
                exec: (sql) => db.exec(sql),
                execChanges: (sql) => { db.exec(sql); return db.changes(); },
                prepare: (sql) => wrapStmt(db.prepare(sql)),
                close: () => db.close(),
            };
        },
    };
}

// The installed Turso package: BENCH_TURSO_DIR is the npm --prefix.
// BENCH_TURSO_API=compat selects its synchronous better-sqlite3-style API
// ("@tursodatabase/database/compat") instead of the default promise API.
function tursoPaths() {
    const dir = process.env.BENCH_TURSO_DIR;
    if (!dir) throw new Error('BENCH_TURSO_DIR is not set');
    const api = process.env.BENCH_TURSO_API || 'promise';
    if (api !== 'promise' && api !== 'compat') {
        throw new Error(`BENCH_TURSO_API must be promise or compat, not ${api}`);
    }
    const req = createRequire(dir.replace(/\/?$/, '/'));
    const main = req.resolve(api === 'compat' ? '@tursodatabase/database/compat'
        : '@tursodatabase/database');
    // Its "exports" hide package.json from resolve(): read it beside the package.
    const pkgFile = `${dir}/node_modules/@tursodatabase/database/package.json`;
    const pkg = JSON.parse(readFileSync(pkgFile, 'utf8'));
    return { main, version: pkg.version, api };
}

// The Turso native module really mapped into this process (like dladdr).
function mappedTursoBinary() {
    const maps = readFileSync('/proc/self/maps', 'utf8').split('\n');
    const hit = maps.find((l) => /turso[^/]*\.node$/.test(l));
    return hit ? hit.slice(hit.indexOf('/')) : '?';
}

function tursoAdapter() {
    let T = null;
    let info = null;
    // The compat Database connects in its constructor; the promise one awaits.
    const connect = (path, opts) => (info.api === 'compat' ? new T.Database(path, opts)
        : T.connect(path, opts));
    const wrapStmt = (s) => {
        s.raw(true);
        s.safeIntegers(true);
        return {
            run: (p) => s.run(...p),
            all: (p) => s.all(...p),
            each: info.api === 'compat'
                ? (p, fn) => { for (const row of s.iterate(...p)) fn(row); }
                : async (p, fn) => { for await (const row of s.iterate(...p)) fn(row); },
            columnCount: () => s.columns().length,
            finalize: () => s.close(),
        };
    };
    return {
        name: 'turso',
        async load() {
            info = tursoPaths();
            T = await import(pathToFileURL(info.main).href);
            // Open a throw-away in-memory database so the binary is mapped.
            const db = await connect(':memory:', {});
            await db.close();
        },
        version() {
            return { library: mappedTursoBinary(), version: `${info.version}, ${info.api} API`,
                sourceid: info.main, threadsafe: 'n/a' };
        },
        async open(path, readonly) {
            const db = await connect(path, readonly ? { readonly: true } : {});
            return {
                exec: (sql) => db.exec(sql),
                execChanges: async (sql) => {
                    const s = db.prepare(sql);
                    try { return (await s.run()).changes; } finally { s.close(); }
                },
                prepare: (sql) => wrapStmt(db.prepare(sql)),
                close: () => db.close(),
            };
        },
    };
}

const ADAPTERS = { native: nativeAdapter, turso: tursoAdapter };

// ---------------------------------------------------------------- helpers

let E = null;   // the adapter in use

function now() { return performance.now() / 1000.0; }

async function open(path, readonly = false) {
    let c = E.open(path, readonly);
    if (isPromise(c)) c = await c;
    return c;
}

// Run v (a value or promise), prefixing errors with what was being done.
async function ctx(what, f) {
    try {
        let v = f();
        if (isPromise(v)) v = await v;
        return v;
    } catch (e) {
        throw new Error(`${what}: ${e && e.message ? e.message : String(e)}`);
    }
}

const exec = (db, sql) => ctx(`exec "${sql.slice(0, 120)}"`, () => db.exec(sql));
const prepare = (db, sql) => ctx(`prepare "${sql.slice(0, 120)}"`, () => db.prepare(sql));

// Step s to completion with params p, mixing every column of every row into h.
async function drain(s, p, h, counter) {
    const r = s.each(p, (row) => {
        h.mixRow(row);
        if (counter) counter.n++;
    });
    if (isPromise(r)) await r;
    return h;
}

// Small results (lookups): all() is cheaper than a per-row callback.
async function drainAll(s, p, h, counter) {
    let rows = s.all(p);
    if (isPromise(rows)) rows = await rows;
    for (const row of rows) h.mixRow(row);
    if (counter) counter.n += rows.length;
    return h;
}

async function finalize(s) { const r = s.finalize(); if (isPromise(r)) await r; }
async function close(db) { const r = db.close(); if (isPromise(r)) await r; }

async function querySum(db, sql) {
    const s = await prepare(db, sql);
    const h = await ctx(`step "${sql}"`, () => drain(s, [], new Sum(), null));
    await finalize(s);
    return h;
}

function unlinkDb(path) {
    for (const sfx of ['', '-journal', '-wal', '-shm']) rmSync(path + sfx, { force: true });
}

// ---------------------------------------------------------------- the data

const SCHEMA_T = 'CREATE TABLE t(id INTEGER PRIMARY KEY, a INTEGER, g INTEGER, c REAL, b TEXT);';

function permMult(n) {
    let m = 7919;
    for (let guard = 0; guard < 1000; guard++, m += 2) {
        let x = m, y = n;
        while (y !== 0) { const r = x % y; x = y; y = r; }
        if (x === 1) return m;
    }
    return 1;
}
const MULT = permMult(SZ.nRow);
const aOf = (id) => (id * MULT) % SZ.nRow;   // < 2^53: exact in a Number

async function fillT(db) {
    const pad = 'abcdefghijklmnopqrstuvwxyz0123456789';
    const s = await prepare(db, 'INSERT INTO t(id,a,g,c,b) VALUES(?,?,?,?,?)');
    const p = [0, 0, 0, 0, ''];
    for (let id = 1; id <= SZ.nRow; id++) {
        p[0] = id;
        p[1] = aOf(id);
        p[2] = id % 1000;
        p[3] = ((id * 31) % 10007) / 8.0;
        p[4] = `row ${id} ${pad.slice(0, id % 23)}`;
        let r;
        try {
            r = s.run(p);
            if (isPromise(r)) await r;
        } catch (e) {
            throw new Error(`step INSERT INTO t: ${e.message}`);
        }
    }
    await finalize(s);
}

// ------------------------------------------------------------- workloads

async function benchInsert(path, index) {
    unlinkDb(path);
    const db = await open(path);
    await exec(db, SCHEMA_T);
    if (index) await exec(db, 'CREATE INDEX t_a ON t(a);');
    const t0 = now();
    await exec(db, 'BEGIN');
    await fillT(db);
    await exec(db, 'COMMIT');
    const sec = now() - t0;
    let h = await querySum(db, 'SELECT count(*), sum(a), sum(g), max(b) FROM t');
    if (index) h.mixSum(await querySum(db, 'SELECT a FROM t WHERE a < 50 ORDER BY a'));
    await close(db);
    return [sec, h];
}

async function lookups(db, sql, nOp, lo, span, seed) {
    const s = await prepare(db, sql);
    const st = [seed];
    const counter = { n: 0 };
    const bigSpan = BigInt(span);
    let h = new Sum();
    const p = [0];
    for (let i = 0; i < nOp; i++) {
        p[0] = lo + Number(rand(st) % bigSpan);
        h = await ctx(`step "${sql}"`, () => drainAll(s, p, h, counter));
    }
    await finalize(s);
    if (counter.n === 0) throw new Error(`${sql}: no rows returned`);
    return h.mixInt(counter.n);
}

async function timedLookups(path, sql, nOp, lo, span) {
    const db = await open(path);
    const t0 = now();
    const h = await lookups(db, sql, nOp, lo, span, 0xfeedbeefn);
    const sec = now() - t0;
    await close(db);
    return [sec, h];
}

async function timedQuery(path, sql) {
    const db = await open(path);
    const t0 = now();
    const s = await prepare(db, sql);
    const counter = { n: 0 };
    const h = await ctx(`step "${sql}"`, () => drain(s, [], new Sum(), counter));
    await finalize(s);
    const sec = now() - t0;
    await close(db);
    return [sec, h.mixInt(counter.n)];
}

async function timedChange(path, sql) {
    const db = await open(path);
    const t0 = now();
    const changes = await ctx(`exec "${sql}"`, () => db.execChanges(sql));
    const sec = now() - t0;
    const h = new Sum().mixInt(changes);
    h.mixSum(await querySum(db, 'SELECT count(*), sum(a), total(c), max(b) FROM t'));
    h.mixSum(await querySum(db, 'SELECT count(*) FROM t WHERE a BETWEEN 1000 AND 9999'));
    await close(db);
    return [sec, h];
}

async function bwFsyncTxns(path) {
    unlinkDb(path);
    const db = await open(path);
    await exec(db, 'PRAGMA synchronous=FULL;');
    await exec(db, 'CREATE TABLE log(id INTEGER PRIMARY KEY, v INTEGER, s TEXT);');
    const s = await prepare(db, "INSERT INTO log(v, s) VALUES(?, 'payload')");
    const t0 = now();
    for (let i = 0; i < SZ.nFsync; i++) {
        await ctx('step INSERT INTO log', () => s.run([i * 7]));
    }
    const sec = now() - t0;
    await finalize(s);
    const h = await querySum(db, 'SELECT count(*), sum(v) FROM log');
    await close(db);
    return [sec, h];
}

async function bwOpenQuery(path) {
    unlinkDb(path);
    let db = await open(path);
    await exec(db, "CREATE TABLE cfg(k TEXT PRIMARY KEY, v);" +
        'CREATE TABLE item(id INTEGER PRIMARY KEY, name TEXT, qty INT);' +
        'CREATE INDEX item_name ON item(name);' +
        "INSERT INTO cfg VALUES('version', 3), ('owner', 'bench');" +
        "INSERT INTO item(name, qty) VALUES('a', 1), ('b', 2), ('c', 3);");
    await close(db);
    let h = new Sum();
    const t0 = now();
    for (let i = 0; i < SZ.nOpen; i++) {
        db = await open(path);
        const s = await prepare(db, "SELECT v FROM cfg WHERE k = 'version'");
        h = await ctx('step SELECT v FROM cfg', () => drain(s, [], h, null));
        await finalize(s);
        await close(db);
    }
    return [now() - t0, h];
}

// bench_api mixes sqlite3_column_count and sqlite3_bind_parameter_count per
// statement; Turso's API has no parameter count, so here only the column count
// is mixed (for every engine): this checksum differs from bench_api's.
async function bwPrepare(path) {
    const templates = [
        'SELECT id, b FROM t WHERE a = %',
        'SELECT count(*), total(c) FROM t WHERE g = % AND c > 10.5',
        'UPDATE t SET c = c + 1 WHERE id = %',
        'INSERT INTO u(tid, x) VALUES(%, 42)',
        'DELETE FROM u WHERE id = % AND x < 7',
        'SELECT a, g FROM t WHERE id BETWEEN % AND 1000000 ORDER BY a LIMIT 10',
    ];
    const h = new Sum();
    const t0 = now();
    const db = await open(path);
    for (let i = 0; i < SZ.nPrepare; i++) {
        const sql = templates[i % templates.length].replace('%', String(i + 1));
        const s = await prepare(db, sql);
        let n = s.columnCount();
        if (isPromise(n)) n = await n;
        h.mixInt(n);
        await finalize(s);
    }
    await close(db);
    return [now() - t0, h];
}

// mt_read: N_THREAD worker_threads, each with its own read-only connection.
// Workers load the engine before the clock starts (Node's start-up is not the
// engine's cost); the timed region, as in bench_api, is open + lookups + close
// of every thread, from "go" to the last result.
const N_THREAD = 4;

async function mtReader(d) {
    const db = await open(d.path, true);
    const half = Math.trunc(SZ.nThreadOp / 2);
    const h = await lookups(db, 'SELECT a, c, b FROM t WHERE id = ?', half, 1, SZ.nRow, d.seed);
    h.mixSum(await lookups(db, 'SELECT id, c FROM t WHERE a = ?', SZ.nThreadOp - half, 0,
        SZ.nRow, (d.seed * 3n) & M64));
    await close(db);
    return h;
}

function workerMain() {
    parentPort.on('message', async (msg) => {
        if (msg !== 'go') return;
        try {
            const h = await mtReader(workerData);
            parentPort.postMessage({ h: { hi: h.hi, lo: h.lo } });
        } catch (e) {
            parentPort.postMessage({ err: e && e.message ? e.message : String(e) });
        }
    });
    parentPort.postMessage({ ready: true });
}

// Resolve with the worker's next message; reject if it dies first.
function nextMessage(w) {
    return new Promise((resolve, reject) => {
        const onMsg = (m) => { w.off('error', onErr); w.off('exit', onExit); resolve(m); };
        const onErr = (e) => { w.off('message', onMsg); w.off('exit', onExit); reject(e); };
        const onExit = (c) => {
            w.off('message', onMsg); w.off('error', onErr);
            reject(new Error(`worker exited with code ${c}`));
        };
        w.once('message', onMsg); w.once('error', onErr); w.once('exit', onExit);
    });
}

async function bwMtRead(path) {
    const workers = [];
    try {
        for (let i = 0; i < N_THREAD; i++) {
            const seed = (0x9e3779b9n * BigInt(i + 1)) & M64;
            workers.push(new Worker(fileURLToPath(import.meta.url), {
                argv: process.argv.slice(2),
                workerData: { role: 'mt_read', path, seed },
            }));
        }
        const ready = await Promise.all(workers.map(nextMessage));
        for (const m of ready) if (m.err) throw new Error(`worker start: ${m.err}`);
        const t0 = now();
        const pending = workers.map(nextMessage);
        for (const w of workers) w.postMessage('go');
        const res = await Promise.all(pending);
        const sec = now() - t0;
        const h = new Sum();
        for (const m of res) {
            if (m.err) throw new Error(`reader thread: ${m.err}`);
            h.mixSum(m.h);            // a plain {hi, lo} after postMessage
        }
        return [sec, h];
    } finally {
        for (const w of workers) w.terminate();
    }
}

// ------------------------------------------------------------------ main

// name -> [run(path) -> [seconds, checksum], needs the fixture, description]
// (the same table as bench_api's aWorkload, in the same order)
const WORKLOADS = [
    ['insert', (p) => benchInsert(p, false), 0,
        'bulk insert of N rows, one transaction, no secondary index'],
    ['insert_idx', (p) => benchInsert(p, true), 0,
        'bulk insert of N rows, one transaction, one index'],
    ['lookup_rowid', (p) => timedLookups(p, 'SELECT a, c, b FROM t WHERE id = ?',
        SZ.nLookup, 1, SZ.nRow), 1, 'N/10 point lookups by rowid'],
    ['lookup_index', (p) => timedLookups(p, 'SELECT id, c, b FROM t WHERE a = ?',
        SZ.nLookup, 0, SZ.nRow), 1, 'N/10 point lookups through an index'],
    ['range_rowid', (p) => timedLookups(p,
        'SELECT id, c FROM t WHERE id BETWEEN ?1 AND ?1 + 99 ORDER BY id',
        SZ.nRange, 1, SZ.nRow - 100), 1, 'N/200 range scans of 100 rows by rowid'],
    ['range_index', (p) => timedLookups(p,
        'SELECT a, id, g FROM t WHERE a BETWEEN ?1 AND ?1 + 99 ORDER BY a',
        SZ.nRange, 0, SZ.nRow - 100), 1, 'N/200 range scans of 100 rows through an index'],
    ['scan_agg', (p) => timedQuery(p,
        'SELECT count(*), sum(a), total(c), max(length(b)), min(g) FROM t'), 1,
        'full-scan aggregate (count, sum, total, max)'],
    ['group_by', (p) => timedQuery(p,
        'SELECT g, count(*), sum(a), total(c) FROM t GROUP BY g ORDER BY g'), 1,
        'GROUP BY an unindexed column (1000 groups)'],
    ['order_by', (p) => timedQuery(p, 'SELECT id, c FROM t ORDER BY c, id'), 1,
        'ORDER BY an unindexed column, all N rows'],
    ['join', (p) => timedQuery(p,
        'SELECT u.x, count(*), sum(t.a) FROM u JOIN t ON t.id = u.tid ' +
        'GROUP BY u.x ORDER BY u.x'), 1, 'join N/10 rows to t by rowid, grouped'],
    ['update_10pct', (p) => timedChange(p,
        "UPDATE t SET c = c + 1.5, b = b || 'u' WHERE id % 10 = 0"), 1,
        'one UPDATE of 10% of rows'],
    ['delete_10pct', (p) => timedChange(p, 'DELETE FROM t WHERE id % 10 = 3'), 1,
        'one DELETE of 10% of rows'],
    ['fsync_txns', bwFsyncTxns, 0, 'small autocommit INSERTs, synchronous=FULL'],
    ['open_query', bwOpenQuery, 0, 'open + first query + close, repeated'],
    ['prepare', bwPrepare, 1, 'open + prepare 1000 distinct statements'],
    ['mt_read', bwMtRead, 1, '4 threads (worker_threads), own connections, 50k lookups each'],
];

function peakRssKb() { return process.resourceUsage().maxRSS; }

function oneLine(s) { return String(s).replace(/[\r\n\t]+/g, ' ').slice(0, 600); }

async function runOne(name, path) {
    const w = WORKLOADS.find((x) => x[0] === name);
    if (!w) {
        process.stderr.write(`workloads.mjs: unknown workload ${name}\n`);
        return 1;
    }
    try {
        await E.load();
        const [sec, h] = await w[1](path);
        const sum = h.hex();
        process.stdout.write(`BENCH ${name} ok ${sec.toFixed(6)} ${peakRssKb()} ${sum}\n`);
        return 0;
    } catch (e) {
        const msg = e && e.message ? e.message : String(e);
        process.stdout.write(`BENCH ${name} FAILED ${peakRssKb()} ${oneLine(msg)}\n`);
        return 2;
    }
}

async function printVersion() {
    try {
        await E.load();
    } catch (e) {
        process.stderr.write(`cannot load the ${E.name} engine: ${oneLine(e && e.message || e)}\n`);
        return 1;
    }
    const v = E.version();
    process.stdout.write(`library ${v.library}\nversion ${v.version}\nsourceid ${v.sourceid}\n` +
        `threadsafe ${v.threadsafe}\nnode ${process.version}\n`);
    return 0;
}

function usage() {
    process.stderr.write('usage: node workloads.mjs --engine native|turso ' +
        '(--version | --list | --sizes | --run NAME --db DB)\n');
    return 1;
}

async function main(argv) {
    if (argv[0] !== '--engine' || !ADAPTERS[argv[1]]) return usage();
    E = ADAPTERS[argv[1]]();
    const a = argv.slice(2);
    if (a.length === 1 && a[0] === '--version') return printVersion();
    if (a.length === 1 && a[0] === '--list') {
        for (const w of WORKLOADS) process.stdout.write(`${w[0]} ${w[2]} ${w[3]}\n`);
        return 0;
    }
    if (a.length === 1 && a[0] === '--sizes') {
        for (const [k, v] of Object.entries(SZ)) process.stdout.write(`${k} ${v}\n`);
        return 0;
    }
    if (a.length === 4 && a[0] === '--run' && a[2] === '--db') return runOne(a[1], a[3]);
    return usage();
}

if (isMainThread) {
    process.exitCode = await main(process.argv.slice(2));
} else if (workerData && workerData.role === 'mt_read') {
    E = ADAPTERS[process.argv[3]]();
    try {
        await E.load();
    } catch (e) {
        parentPort.postMessage({ err: e && e.message ? e.message : String(e) });
    }
    workerMain();
}
