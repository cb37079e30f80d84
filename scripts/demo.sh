#!/bin/sh
# demo.sh - show that stock programs run on our libsqlite3.so.0: the Debian
# sqlite3 shell and python3's sqlite3 module run a short script with our
# library preloaded, and print its identity (sqlite_source_id() carries our
# " sqlite-ng" mark after SQLite's 60-character id; PRAGMA compile_options
# lists NG=sqlite-ng).
#
# Usage: scripts/demo.sh   (after make; run from the source tree)
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
lib=${LIB:-$top/.libs/libsqlite3.so.0}
[ -r "$lib" ] || { echo "demo: build first ($lib missing)"; exit 1; }

echo "== stock /usr/bin/sqlite3 on $lib"
LD_PRELOAD=$lib /usr/bin/sqlite3 <<'SQL'
.version
SELECT sqlite_version(), sqlite_source_id();
SELECT compile_options FROM pragma_compile_options WHERE compile_options LIKE 'NG%';
CREATE TABLE demo(id INTEGER PRIMARY KEY, word TEXT);
INSERT INTO demo(word) VALUES ('hello'), ('from'), ('sqlite-ng');
SELECT id, upper(word) FROM demo ORDER BY id;
SELECT count(*), group_concat(word, ' ') FROM demo;
SQL

echo "== python3 sqlite3 module on $lib"
LD_PRELOAD=$lib python3 - <<'PY'
import ctypes
import sqlite3
db = sqlite3.connect(":memory:")
print("sqlite3.sqlite_version =", sqlite3.sqlite_version)
# The C entry point the module is bound to (ours when preloaded).
sourceid = ctypes.CDLL(None).sqlite3_sourceid
sourceid.restype = ctypes.c_char_p
print("sqlite3_sourceid() =", sourceid().decode())
print("source id =", db.execute("select sqlite_source_id()").fetchone()[0])
db.execute("create table t(a, b)")
db.executemany("insert into t values (?, ?)", [(i, str(i) * i) for i in range(1, 5)])
for row in db.execute("select a, b, length(b) from t order by a desc"):
    print(row)
PY

if command -v tclsh > /dev/null 2>&1 && [ -r /usr/lib/tcltk/sqlite3/libtclsqlite3.so ]; then
    echo "== tclsh sqlite3 package (libsqlite3-tcl) on $lib"
    LD_PRELOAD=$lib tclsh <<'TCL'
package require sqlite3
sqlite3 db :memory:
db eval {create table t(a, b); insert into t values(1, 'x'), (2, 'y')}
db eval {select a, b from t order by a} { puts "row: $a $b" }
puts "source id: [db eval {select sqlite_source_id()}]"
puts "vm steps of the last statement: [db status step]"
db close
TCL
fi
