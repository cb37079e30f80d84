#!/bin/sh
# test/interop/wal_interop.sh: WAL databases shared by this library (through
# test/interop/walsh) and the real sqlite3 3.40.1 shell, in both directions:
#   A. snapshots: one side holds a read transaction while the other commits
#      and checkpoints; the reader's view must not move, and afterwards it
#      sees the new data.
#   B. concurrency: a writer loop on one side and a reader loop on the other
#      run at the same time, every transaction keeping sum(bal) = 0; every
#      read must see 0; then sqlite3's integrity_check.
#   C. crashes: a real sqlite3 killed (SIGKILL) inside a transaction that
#      spilled uncommitted frames into the log, recovered by us; and our
#      process killed, its log then torn inside the last commit, recovered
#      by sqlite3.
#   D. a log of more than 4062 frames (a wal-index of several 32 KiB
#      regions) built by either side and read by the other.
# Environment: WALSH (built walsh; default $top_builddir/test/interop/walsh),
# SQLITE3 (shell).  Prints one line per check, ends with
# "wal_interop: N passed, M failed"; exits 1 when anything failed.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=${top_builddir:-$(cd "$here/../.." && pwd)}
WALSH=${WALSH:-$top/test/interop/walsh}
SQLITE3=${SQLITE3:-sqlite3}
work=$(mktemp -d /tmp/wal_interop_XXXXXX)
trap 'rm -rf "$work"' EXIT INT TERM
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "PASS: $1"; }
ko() { fail=$((fail + 1)); echo "FAIL: $1"; }
check() { # check NAME GOT EXPECTED
  if [ "$2" = "$3" ]; then ok "$1"; else ko "$1 (got '$(echo "$2" | tr '\n' ' ')', expected '$(echo "$3" | tr '\n' ' ')')"; fi
}
if [ ! -x "$WALSH" ]; then
  echo "wal_interop: 0 passed, 1 failed (no walsh at $WALSH)"
  exit 1
fi
sq() { "$SQLITE3" "$@" 2>&1; }
nl='
'
# ---- A. snapshots (expected rows: the same steps with sqlite3 on both sides) ----
db=$work/a.db
got=$("$WALSH" "$db" "PRAGMA journal_mode=wal" "CREATE TABLE t(x)" \
  "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM c WHERE i<500) INSERT INTO t SELECT i FROM c" \
  "!sh $SQLITE3 $db 'PRAGMA journal_mode; SELECT count(*), sum(x) FROM t'")
check "ours writes, sqlite3 reads while our connection is open" "$got" "wal${nl}wal${nl}500|125250"
check "header says WAL after our close" "$(sq "$db" 'PRAGMA journal_mode')" "wal"
check "our close removed -wal and -shm" "$(ls "$work" | tr '\n' ' ')" "a.db "

got=$(sq "$db" <<EOS
BEGIN;
SELECT sum(x) FROM t;
.system $WALSH $db "UPDATE t SET x = x + 1" "PRAGMA wal_checkpoint" "SELECT sum(x) FROM t"
SELECT sum(x) FROM t;
COMMIT;
SELECT sum(x) FROM t;
EOS
)
check "sqlite3 snapshot survives our update + checkpoint" "$got" \
  "125250${nl}0|2|0${nl}125750${nl}125250${nl}125750"

got=$("$WALSH" "$db" "BEGIN" "SELECT sum(x) FROM t" \
  "!sh $SQLITE3 $db 'UPDATE t SET x = x + 1; PRAGMA wal_checkpoint; SELECT sum(x) FROM t'" \
  "SELECT sum(x) FROM t" "COMMIT" "SELECT sum(x) FROM t")
check "our snapshot survives sqlite3's update + checkpoint" "$got" \
  "125750${nl}0|2|0${nl}126250${nl}125750${nl}126250"

got=$("$WALSH" "$db" "BEGIN" "SELECT count(*) FROM t" "!sh $SQLITE3 $db 'INSERT INTO t VALUES (1)'" \
  "INSERT INTO t VALUES (2)" "ROLLBACK" "INSERT INTO t VALUES (2)" "SELECT count(*) FROM t")
check "our stale snapshot may not write (BUSY_SNAPSHOT)" "$got" \
  "500${nl}ERR: 517 database is locked${nl}502"
check "integrity after A" "$(sq "$db" 'PRAGMA integrity_check; SELECT count(*) FROM t')" "ok${nl}502"

# ---- B. concurrency -----------------------------------------------------------
db=$work/b.db
sq "$db" "PRAGMA journal_mode=wal; CREATE TABLE acct(id INTEGER PRIMARY KEY, bal, pad);
  INSERT INTO acct VALUES (1, 0, randomblob(3000)), (2, 0, randomblob(3000));" >/dev/null
wtx="BEGIN IMMEDIATE; UPDATE acct SET bal = bal - 7 WHERE id = 1; UPDATE acct SET bal = bal + 7 WHERE id = 2; INSERT INTO acct(bal, pad) VALUES (0, randomblob(2500)); COMMIT"
rtx="SELECT sum(bal) FROM acct"
i=0; : > "$work/rd.sql"; : > "$work/wr.sql"
echo ".timeout 10000" > "$work/rd.sql"; echo ".timeout 10000" > "$work/wr.sql"
while [ $i -lt 300 ]; do echo "$rtx;" >> "$work/rd.sql"; echo "$wtx;" >> "$work/wr.sql"; i=$((i + 1)); done
"$WALSH" "$db" "!timeout 10000" "!loop 300 $wtx" > "$work/w1.out" &
wpid=$!
sq "$db" < "$work/rd.sql" > "$work/r1.out"
wait $wpid
check "ours writes while sqlite3 reads: writer clean" "$(cat "$work/w1.out")" ""
check "ours writes while sqlite3 reads: every sum 0" "$(sort -u "$work/r1.out")" "0"
sq "$db" < "$work/wr.sql" > "$work/w2.out" &
wpid=$!
"$WALSH" "$db" "!timeout 10000" "!loop 300 $rtx" > "$work/r2.out"
wait $wpid
check "sqlite3 writes while we read: writer clean" "$(cat "$work/w2.out")" ""
check "sqlite3 writes while we read: every sum 0" "$(sort -u "$work/r2.out")" "0"
"$WALSH" "$db" "!timeout 10000" "!loop 150 $wtx" > "$work/w3.out" &
wpid=$!
sq "$db" < "$work/wr.sql" > "$work/w4.out"
wait $wpid
check "both write at once: clean" "$(cat "$work/w3.out" "$work/w4.out")" ""
check "integrity after B" "$(sq "$db" 'PRAGMA integrity_check; SELECT sum(bal), count(*) FROM acct')" \
  "ok${nl}0|1052"

# ---- C. crashes -----------------------------------------------------------------
db=$work/c.db
sq "$db" <<EOS >/dev/null
PRAGMA journal_mode=wal;
PRAGMA cache_size=5;
CREATE TABLE k(x, y);
WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM c WHERE i<100) INSERT INTO k SELECT i, randomblob(100) FROM c;
BEGIN;
WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM c WHERE i<300) INSERT INTO k SELECT i, randomblob(2000) FROM c;
.system kill -9 \$PPID
EOS
nWal=$(wc -c < "$db-wal")
if [ "$nWal" -gt 200000 ]; then ok "killed sqlite3 left uncommitted frames ($nWal bytes of log)"; else ko "killed sqlite3 log too small ($nWal)"; fi
got=$("$WALSH" "$db" "SELECT count(*), max(length(y)) FROM k" "PRAGMA integrity_check")
check "we recover sqlite3's log: committed rows only" "$got" "100|100${nl}ok"
check "sqlite3 agrees after our checkpoint" "$(sq "$db" 'PRAGMA integrity_check; SELECT count(*) FROM k')" "ok${nl}100"

db=$work/d.db
"$WALSH" "$db" "PRAGMA journal_mode=wal" "CREATE TABLE k(x, y)" \
  "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM c WHERE i<20) INSERT INTO k SELECT i, randomblob(100) FROM c" \
  "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM c WHERE i<50) INSERT INTO k SELECT i, randomblob(1500) FROM c" \
  "BEGIN" "DELETE FROM k" "!kill" >/dev/null 2>&1
cp "$db" "$work/e.db"; cp "$db-wal" "$work/e.db-wal"
check "sqlite3 recovers our log after SIGKILL" \
  "$(sq "$db" 'PRAGMA integrity_check; SELECT count(*) FROM k')" "ok${nl}70"
nWal=$(wc -c < "$work/e.db-wal")
truncate -s $((nWal - 1000)) "$work/e.db-wal"
check "sqlite3 recovers our log torn inside the last commit" \
  "$(sq "$work/e.db" 'PRAGMA integrity_check; SELECT count(*) FROM k')" "ok${nl}20"

# ---- D. wal-index beyond its first region -------------------------------------
mk="PRAGMA page_size=1024; PRAGMA journal_mode=wal; PRAGMA wal_autocheckpoint=0; CREATE TABLE t(a INTEGER PRIMARY KEY, b);
  WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM c WHERE i<5000) INSERT INTO t SELECT i, randomblob(800) FROM c;
  UPDATE t SET b = zeroblob(10) WHERE a = 4999"
db=$work/e1.db
got=$("$WALSH" "$db" "$mk" "!sh $SQLITE3 $db 'SELECT count(*), sum(length(b)) FROM t; PRAGMA integrity_check'" | tail -2)
check "sqlite3 reads our multi-region wal-index" "$got" "5000|3999210${nl}ok"
db=$work/e2.db
got=$(sq "$db" <<EOS
$mk;
.system $WALSH $db 'SELECT count(*), sum(length(b)) FROM t' 'PRAGMA integrity_check' 'UPDATE t SET b = zeroblob(20) WHERE a = 4998'
SELECT length(b) FROM t WHERE a = 4998;
EOS
)
check "we read sqlite3's multi-region wal-index" "$(echo "$got" | tail -3)" "5000|3999210${nl}ok${nl}20"

echo "wal_interop: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
