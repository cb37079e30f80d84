#!/bin/sh
# test/interop/run.sh: the b-tree layer against the real sqlite3 shell.
#
#  A. btree_tool writes a database (table t(a,b) + index i on t(a), rows of
#     every type, overflow payloads, deletes); sqlite3 must find
#     PRAGMA integrity_check = ok, and its view of the rows and of the index
#     order must equal btree_tool's dump, for page sizes 512..65536.
#  B. sqlite3 writes databases (100k rows, 1 MiB blobs, several indexes, a
#     WITHOUT ROWID table, a freelist after deletes) at page sizes 512 and
#     65536; btree_tool's walk must report the same entry counts, a clean
#     integrity check, and dumps equal to what SQL prints.
#
# Environment: BTREE_TOOL (a built btree_tool; else it is compiled here),
# top_srcdir (default: two levels up from this script), SQLITE3 (shell).
# Prints one line per check and ends with "interop: N passed, M failed";
# exits 1 when anything failed.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=${top_srcdir:-$(cd "$here/../.." && pwd)}
SQLITE3=${SQLITE3:-sqlite3}
work=$(mktemp -d /tmp/btree_interop_XXXXXX)
trap 'rm -rf "$work"' EXIT INT TERM
pass=0
fail=0

ok() { pass=$((pass + 1)); echo "PASS: $1"; }
ko() { fail=$((fail + 1)); echo "FAIL: $1"; }
check() { # check NAME GOT EXPECTED
  if [ "$2" = "$3" ]; then ok "$1"; else ko "$1 (got '$2', expected '$3')"; fi
}

# ---- the tool -------------------------------------------------------------
TOOL=${BTREE_TOOL:-}
if [ -z "$TOOL" ]; then
  TOOL=$work/btree_tool
  cat > "$work/log_stub.c" <<'EOF'
#include "sqlite3.h"
void sqlite3_log(int iErrCode, const char *zFormat, ...) { (void)iErrCode; (void)zFormat; }
EOF
  ${CC:-cc} -std=c11 -O2 -D_GNU_SOURCE -I"$top" -o "$TOOL" \
    "$top"/engine/btree.c "$top"/engine/btree_balance.c "$top"/engine/btree_check.c \
    "$top"/engine/record.c "$top"/engine/pager.c "$top"/engine/wal.c "$top"/engine/pcache.c "$top"/engine/mem.c \
    "$top"/engine/util.c "$top"/io/io.c "$top"/io/io_sync.c "$top"/io/prng.c \
    "$work/log_stub.c" "$top"/test/interop/btree_tool.c -lpthread -lm || {
    echo "interop: 0 passed, 1 failed (cannot build btree_tool)"
    exit 1
  }
fi

# SQL rendering of a value, identical to btree_tool's dump format.
E() {
  echo "CASE typeof($1) WHEN 'null' THEN 'N' WHEN 'integer' THEN 'I'||$1" \
    "WHEN 'real' THEN 'F'||printf('%.15g',$1) WHEN 'text' THEN 'T'||hex($1)" \
    "ELSE 'B'||hex($1) END"
}

sq() { "$SQLITE3" "$@" 2>&1; }
hash_sql() { "$SQLITE3" "$1" "$2" 2>&1 | sha256sum | cut -c1-64; }
hash_tool() { "$TOOL" dump "$1" "$2" 2>&1 | sha256sum | cut -c1-64; }

# ---- A: written by the btree layer, read by sqlite3 ------------------------
for ps in 512 1024 4096 65536; do
  db=$work/a$ps.db
  n=3000
  [ "$ps" = 65536 ] && n=1500
  out=$("$TOOL" create "$db" "$ps" "$n" "$ps" 2>&1)
  rows=${out#rows }
  check "A$ps create" "$(echo "$out" | cut -c1-5)" "rows "
  check "A$ps sqlite3 integrity_check" "$(sq "$db" 'PRAGMA integrity_check')" "ok"
  check "A$ps page_size" "$(sq "$db" 'PRAGMA page_size')" "$ps"
  check "A$ps count" "$(sq "$db" 'SELECT count(*) FROM t')" "$rows"
  check "A$ps rows equal" "$(hash_tool "$db" t)" \
    "$(hash_sql "$db" "SELECT rowid||'|'||($(E a))||'|'||($(E b)) FROM t ORDER BY rowid")"
  check "A$ps index order equal" "$(hash_tool "$db" i)" \
    "$(hash_sql "$db" "SELECT ($(E a))||'|I'||rowid FROM t INDEXED BY i ORDER BY a, rowid")"
  # sqlite3 writes on top (reusing our freelist), then we read it again
  sq "$db" "DELETE FROM t WHERE rowid % 3 = 0; INSERT INTO t SELECT a, b FROM t WHERE rowid < 200;" \
    > /dev/null
  walk=$("$TOOL" walk "$db")
  check "A$ps walk after sqlite3 writes" "$(echo "$walk" | head -1)" "integrity ok"
  check "A$ps count after sqlite3 writes" "$(echo "$walk" | grep '^table t ' | cut -d' ' -f4)" \
    "$(sq "$db" 'SELECT count(*) FROM t')"
done

# ---- B: written by sqlite3, read by the btree layer ------------------------
gen_sql() {
  cat <<EOF
PRAGMA page_size=$1;
CREATE TABLE t1(a INTEGER, b TEXT, c BLOB);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i<100000)
INSERT INTO t1 SELECT (i*7919)%100003 - 50000,
  CASE WHEN i%10=0 THEN NULL
       ELSE substr('abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz', 1, 1+i%40)||i END,
  CASE WHEN i%97=0 THEN randomblob(3000+i%5000) WHEN i%3=0 THEN NULL
       ELSE randomblob(i%30) END FROM n;
CREATE INDEX i1 ON t1(a);
CREATE INDEX i2 ON t1(b, a);
CREATE INDEX i3 ON t1(c);
CREATE TABLE t2(id INTEGER PRIMARY KEY, big BLOB);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i<12)
INSERT INTO t2 SELECT i, randomblob(1048576) FROM n;
CREATE TABLE t3(k TEXT PRIMARY KEY, v) WITHOUT ROWID;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i<2000)
INSERT INTO t3 SELECT 'key'||(i*31%2000), randomblob(i%200) FROM n;
DELETE FROM t1 WHERE a % 3 = 0;
DELETE FROM t2 WHERE id % 4 = 0;
EOF
}

for ps in 512 65536; do
  db=$work/b$ps.db
  gen_sql "$ps" | "$SQLITE3" "$db" > /dev/null 2>&1
  check "B$ps sqlite3 integrity_check" "$(sq "$db" 'PRAGMA integrity_check')" "ok"
  nfree=$(sq "$db" 'PRAGMA freelist_count')
  if [ "$nfree" -gt 0 ] 2>/dev/null; then ok "B$ps has a freelist ($nfree)"; else ko "B$ps freelist"; fi
  walk=$("$TOOL" walk "$db")
  check "B$ps btree integrity" "$(echo "$walk" | head -1)" "integrity ok"
  sq "$db" "SELECT type, name, tbl_name FROM sqlite_schema WHERE rootpage > 0" | \
  while IFS='|' read -r type name tbl; do
    exp=$(sq "$db" "SELECT count(*) FROM \"$tbl\"")
    got=$(echo "$walk" | grep "^$type $name rows " | cut -d' ' -f4)
    echo "$name|$got|$exp"
  done > "$work/counts"
  while IFS='|' read -r name got exp; do
    check "B$ps rows of $name" "$got" "$exp"
  done < "$work/counts"
  check "B$ps t1 rows equal" "$(hash_tool "$db" t1)" \
    "$(hash_sql "$db" "SELECT rowid||'|'||($(E a))||'|'||($(E b))||'|'||($(E c)) FROM t1 ORDER BY rowid")"
  check "B$ps i1 order equal" "$(hash_tool "$db" i1)" \
    "$(hash_sql "$db" "SELECT ($(E a))||'|I'||rowid FROM t1 INDEXED BY i1 ORDER BY a, rowid")"
  check "B$ps t2 (1 MiB blobs) equal" "$(hash_tool "$db" t2)" \
    "$(hash_sql "$db" "SELECT id||'|N|'||($(E big)) FROM t2 ORDER BY id")"
  check "B$ps t3 (without rowid) equal" "$(hash_tool "$db" t3)" \
    "$(hash_sql "$db" "SELECT ($(E k))||'|'||($(E v)) FROM t3 ORDER BY k")"
done

echo "interop: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
