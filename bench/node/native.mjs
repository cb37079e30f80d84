// bench/node/native.mjs: the class API over bench/node/binding.c (a synchronous,
// better-sqlite3-like surface), loaded from the path in BENCH_NODE_BINDING.
//
// Invariants:
//  1. Every method is synchronous and maps to one binding call (plus argument
//     packing), so SQLite and our library pay exactly the same binding cost.
//  2. Errors are the binding's exceptions (message = sqlite3_errmsg, .code =
//     result code); this file adds the SQL text to prepare/exec errors only.
//  3. Rows are arrays in column order; INTEGER values are BigInt, REAL Number.
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

const require = createRequire(import.meta.url);

// Load the addon once per thread (each worker_thread gets its own instance).
export function loadBinding() {
    const path = process.env.BENCH_NODE_BINDING;
    if (!path) throw new Error('BENCH_NODE_BINDING is not set (path to sqlite_binding.node)');
    return require(resolve(path));   // a relative path means relative to the cwd
}

const B = loadBinding();

// Which libsqlite3.so.0 the dynamic loader really resolved (dladdr).
export function library() { return B.library(); }

function withSql(what, sql, err) {
    err.message = `${what} "${String(sql).slice(0, 120)}": ${err.message}`;
    return err;
}

export class Statement {
    constructor(handle) { this.h = handle; }
    run(...params) { return B.run(this.h, params); }            // -> changes
    get(...params) {
        B.bind(this.h, params);
        const row = B.step(this.h);
        B.reset(this.h);
        return row;
    }
    all(...params) { return B.all(this.h, params); }
    // Streaming rows: bind, then step() until it returns undefined.
    bind(...params) { B.bind(this.h, params); return this; }
    step() { return B.step(this.h); }
    reset() { B.reset(this.h); }
    *iterate(...params) {
        B.bind(this.h, params);
        try {
            for (let row = B.step(this.h); row !== undefined; row = B.step(this.h)) yield row;
        } finally {
            B.reset(this.h);
        }
    }
    columnCount() { return B.columnCount(this.h); }
    paramCount() { return B.paramCount(this.h); }
    finalize() { B.finalize(this.h); }
}

export class Database {
    constructor(path, opts = {}) { this.h = B.open(path, !!opts.readonly); }
    exec(sql) {
        try { B.exec(this.h, sql); } catch (e) { throw withSql('exec', sql, e); }
    }
    prepare(sql) {
        try { return new Statement(B.prepare(this.h, sql)); } catch (e) {
            throw withSql('prepare', sql, e);
        }
    }
    changes() { return B.changes(this.h); }
    close() { B.close(this.h); }
}
