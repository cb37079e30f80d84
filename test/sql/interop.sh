#!/bin/sh
# interop.sh - files written by our library are read by the real SQLite and
# vice versa: identical query results and PRAGMA integrity_check = ok.
#
# Usage: test/sql/interop.sh   (make check sets top_srcdir/top_builddir)
# Both directions use the stock shell; "ours" means the same shell with
# LD_PRELOAD of our libsqlite3.so.0.  Exit 0 pass, 1 fail, 77 skip.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top_srcdir=${top_srcdir:-$(cd "$here/../.." && pwd)}
top_builddir=${top_builddir:-$top_srcdir}
lib=$top_builddir/.libs/libsqlite3.so.0
shell=${SQLITE3:-/usr/bin/sqlite3}
[ -x "$shell" ] || { echo "interop: SKIP: no sqlite3 shell"; exit 77; }
[ -r "$lib" ] || { echo "interop: FAIL: $lib not built"; exit 1; }
dir=$(mktemp -d)
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$dir"' EXIT

ours() { LD_PRELOAD=$lib "$shell" "$@"; }
real() { "$shell" "$@"; }

# The writer script: several tables, an index, enough rows to need
# interior pages and overflow pages, deletes to populate the freelist.
cat > "$dir/write.sql" <<'SQL'
CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT, score REAL, data BLOB);
CREATE INDEX t_name ON t(name);
CREATE TABLE kv(k TEXT UNIQUE, v);
BEGIN;
INSERT INTO t VALUES (1, 'alpha', 1.5, x'00ff');
INSERT INTO t VALUES (2, 'beta', NULL, NULL);
INSERT INTO t VALUES (3, 'gamma', -2.25, zeroblob(5000));
INSERT INTO t VALUES (4, replace(printf('%.3000c', 'x'), 'x', 'long '), 4.0, NULL);
INSERT INTO kv VALUES ('a', 1), ('b', 'two'), ('c', 3.5), ('d', NULL);
COMMIT;
INSERT INTO t(name, score) SELECT 'n' || id, id * 0.5 FROM t;
INSERT INTO t(name, score) SELECT 'm' || id, id FROM t;
INSERT INTO t(name, score) SELECT 'o' || id, id FROM t;
INSERT INTO t(name, score) SELECT 'p' || id, id FROM t;
INSERT INTO t(name, score) SELECT 'q' || id, id FROM t;
INSERT INTO t(name, score) SELECT 'r' || id, id FROM t;
INSERT INTO t(name, score) SELECT 's' || id, id FROM t;
DELETE FROM t WHERE id % 7 = 0;
UPDATE kv SET v = 'changed' WHERE k = 'b';
CREATE TABLE wr(a TEXT, b INT, c, PRIMARY KEY(b DESC, a)) WITHOUT ROWID;
CREATE INDEX wr_c ON wr(c);
CREATE TABLE wu(k PRIMARY KEY, v UNIQUE) WITHOUT ROWID;
INSERT INTO wr SELECT 'k' || id, id % 97, zeroblob(id % 700) FROM t;
INSERT INTO wu SELECT a, b || a FROM wr;
DELETE FROM wr WHERE b < 10;
UPDATE wr SET c = NULL WHERE b > 90;
UPDATE wr SET b = b + 1000 WHERE b = 50;
DELETE FROM wu WHERE k > 'k2';
UPDATE wu SET k = k || 'x';
SQL

cat > "$dir/read.sql" <<'SQL'
PRAGMA integrity_check;
SELECT count(*), sum(id), total(score) FROM t;
SELECT id, name, score, hex(substr(data, 1, 4)), length(data) FROM t WHERE id <= 3 ORDER BY id;
SELECT length(name) FROM t WHERE id = 4;
SELECT length(data) FROM t WHERE id = 3;
SELECT name FROM t WHERE name >= 'q' ORDER BY name LIMIT 5;
SELECT k, v, typeof(v) FROM kv ORDER BY k;
SELECT type, name, tbl_name FROM sqlite_schema ORDER BY name;
SELECT count(*), sum(b), sum(length(c)) FROM wr;
SELECT a, b, length(c) FROM wr WHERE b > 1000 ORDER BY a LIMIT 5;
SELECT a, b FROM wr WHERE b = 20 AND a > 'k5' ORDER BY a LIMIT 5;
SELECT count(*), min(k), max(v) FROM wu;
SELECT k FROM wu WHERE v = '30k1000x' OR v = '30k1000';
SQL

fail=0
check() {  # check LABEL WRITER READER
    db=$dir/$1.db
    rm -f "$db"
    $2 "$db" < "$dir/write.sql" > "$dir/$1.write.out" 2>&1
    real "$db" < "$dir/read.sql" > "$dir/$1.real.out" 2>&1
    ours "$db" < "$dir/read.sql" > "$dir/$1.ours.out" 2>&1
    if [ "$(head -n 1 "$dir/$1.real.out")" != ok ]; then
        echo "interop: FAIL: $1: real sqlite3 integrity_check:"; head -n 5 "$dir/$1.real.out"
        fail=1
    fi
    if ! diff -u "$dir/$1.real.out" "$dir/$1.ours.out"; then
        echo "interop: FAIL: $1: real and ours read the file differently"
        fail=1
    fi
    if [ -s "$dir/$1.write.out" ]; then
        echo "interop: FAIL: $1: writer reported:"; head -n 5 "$dir/$1.write.out"
        fail=1
    fi
}

check ours-writes ours real
check real-writes real ours
# A file we wrote, modified by the real library, read back by us.
db=$dir/ours-writes.db
real "$db" "INSERT INTO kv VALUES ('e', 5); DELETE FROM t WHERE id > 100;
    DELETE FROM wr WHERE b % 3 = 0; INSERT INTO wu VALUES ('zz', 'zz');" > /dev/null 2>&1
real "$db" < "$dir/read.sql" > "$dir/mixed.real.out" 2>&1
ours "$db" < "$dir/read.sql" > "$dir/mixed.ours.out" 2>&1
diff -u "$dir/mixed.real.out" "$dir/mixed.ours.out" || { echo "interop: FAIL: mixed"; fail=1; }

# integrity_check sees index entries that do not match their WITHOUT ROWID
# rows: the real library rewrites an index definition underneath; both
# libraries must report the same rows.
db=$dir/wr-bad.db
real "$db" "CREATE TABLE w(a TEXT, b, c, PRIMARY KEY(b DESC, a)) WITHOUT ROWID;
    CREATE INDEX wc ON w(c); INSERT INTO w VALUES ('x', 1, 10), ('y', 2, 20), ('z', 3, NULL);
    PRAGMA writable_schema = 1;
    UPDATE sqlite_schema SET sql = 'CREATE INDEX wc ON w(a)' WHERE name = 'wc';" > /dev/null 2>&1
real "$db" "PRAGMA integrity_check" > "$dir/wr-bad.real.out" 2>&1
ours "$db" "PRAGMA integrity_check" > "$dir/wr-bad.ours.out" 2>&1
grep -q "missing from index wc" "$dir/wr-bad.real.out" ||
    { echo "interop: FAIL: wr-bad: the damage did not take"; fail=1; }
diff -u "$dir/wr-bad.real.out" "$dir/wr-bad.ours.out" || { echo "interop: FAIL: wr-bad"; fail=1; }

if [ $fail = 0 ]; then
    echo "interop: PASS: 3 directions, $(wc -l < "$dir/read.sql" | tr -d ' ') queries each, integrity ok"
fi
exit $fail
