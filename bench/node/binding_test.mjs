// bench/node/binding_test.mjs: checks of bench/node/binding.c through
// native.mjs, run by bench/run.sh on each library before any timing (and by
// hand: BENCH_NODE_BINDING=... node binding_test.mjs DIR).  Exits non-zero
// with the failing check on stderr.
//
// Invariants:
//  1. Each check asserts real behaviour and can fail: values and storage
//     classes round-trip, and every error path throws the library's message.
//  2. The checks use a scratch directory given on the command line and leave
//     nothing open behind them.
import assert from 'node:assert/strict';
import { rmSync, mkdirSync } from 'node:fs';
import { Database, library } from './native.mjs';

const dir = process.argv[2] || '/tmp';
mkdirSync(dir, { recursive: true });
const path = `${dir}/binding_test.db`;
rmSync(path, { force: true });

function throwsWith(fn, re, what) {
    assert.throws(fn, (e) => re.test(e.message), what);
}

const lib = library();
assert.match(lib.path, /libsqlite3\.so/, 'library() names the loaded file');

const db = new Database(path);
db.exec('CREATE TABLE t(i INTEGER, r REAL, s TEXT, b BLOB, n)');
const ins = db.prepare('INSERT INTO t VALUES(?,?,?,?,?)');
assert.equal(ins.paramCount(), 5);
assert.equal(ins.run(1, 2.5, 'héllo', Buffer.from([1, 2, 3]), null), 1);
assert.equal(ins.run(2n ** 62n, 3, 'x'.repeat(1000), Buffer.alloc(0), undefined), 1);
assert.equal(ins.run(true, -0.5, '', null, 9007199254740993n), 1);
ins.finalize();
throwsWith(() => ins.run(1, 2, 3, 4, 5), /finalized/, 'finalized statement');

const sel = db.prepare('SELECT i, r, s, b, n, typeof(r) FROM t ORDER BY rowid');
assert.equal(sel.columnCount(), 6);
const rows = sel.all();
assert.equal(rows.length, 3);
assert.deepEqual(rows[0], [1n, 2.5, 'héllo', Buffer.from([1, 2, 3]), null, 'real']);
assert.deepEqual(rows[1].slice(0, 3), [2n ** 62n, 3, 'x'.repeat(1000)]);
assert.equal(rows[1][5], 'real', 'an integral Number in a REAL column is REAL');
assert.deepEqual(rows[2].slice(0, 3), [1n, -0.5, '']);
assert.equal(rows[2][4], 9007199254740993n, 'BigInt beyond 2^53 is exact');
let n = 0;
for (const row of sel.iterate()) { n++; assert.equal(row.length, 6); }
assert.equal(n, 3);
assert.deepEqual(sel.get(), rows[0]);
sel.finalize();

throwsWith(() => db.prepare('SELEC 1'), /syntax error/, 'prepare error text');
throwsWith(() => db.exec('INSERT INTO nosuch VALUES(1)'), /no such table: nosuch/, 'exec error');
const one = db.prepare('SELECT ?');
throwsWith(() => one.all(), /wrong number of parameters/, 'missing parameter');
throwsWith(() => one.all({}), /unsupported parameter type/, 'bad parameter type');
one.finalize();
db.exec('CREATE TABLE u(k INTEGER PRIMARY KEY)');
const uq = db.prepare('INSERT INTO u VALUES(?)');
uq.run(1);
assert.throws(() => uq.run(1), (e) => /UNIQUE constraint failed: u\.k/.test(e.message) &&
    e.code === 19, 'constraint error carries message and code');
uq.run(2);                                   // the statement is usable after an error
uq.finalize();
assert.equal(db.changes(), 1);
db.close();
throwsWith(() => db.exec('SELECT 1'), /closed/, 'closed connection');
db.close();                                  // closing twice is harmless

const ro = new Database(path, { readonly: true });
throwsWith(() => ro.exec('DELETE FROM t'), /readonly/, 'read-only open');
ro.close();
throwsWith(() => new Database(`${dir}/no/such/dir/x.db`), /unable to open/, 'open error');
rmSync(path, { force: true });
process.stdout.write(`binding_test: ok (${lib.path})\n`);
