#!/bin/sh
# run-tcl.sh - the Tcl sqlite3 package (Debian's libsqlite3-tcl) on the
# system library and on ours (LD_PRELOAD): eval with variables and NULLs,
# transactions, user functions and collations, errors, "db status" (which
# reads sqlite3_stmt_status), "db changes"; outputs must match.
# Exit 0 identical, 1 different, 77 skip (no tclsh or no package).
set -u
here=$(cd "$(dirname "$0")" && pwd)
top_srcdir=${top_srcdir:-$(cd "$here/../.." && pwd)}
top_builddir=${top_builddir:-$top_srcdir}
lib=$top_builddir/.libs/libsqlite3.so.0
command -v tclsh > /dev/null 2>&1 || { echo "run-tcl: SKIP: no tclsh"; exit 77; }
echo 'package require sqlite3' | tclsh > /dev/null 2>&1 ||
    { echo "run-tcl: SKIP: no Tcl sqlite3 package (apt-get install libsqlite3-tcl)"; exit 77; }
[ -r "$lib" ] || { echo "run-tcl: FAIL: $lib not built"; exit 1; }
dir=$(mktemp -d)
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$dir"' EXIT
cat > "$dir/t.tcl" <<'TCL'
package require sqlite3
sqlite3 db :memory:
db eval {create table t(id integer primary key, name text, score real)}
foreach {n s} {alpha 1.5 beta {} gamma 3} {
  if {$s eq ""} { db eval {insert into t(name) values($n)} } else {
    db eval {insert into t(name, score) values($n, $s)} }
}
puts "changes [db changes] total [db total_changes] last [db last_insert_rowid]"
db eval {select id, name, score from t order by id} r { puts "row $r(id) $r(name) <$r(score)>" }
puts [db eval {select count(*), sum(score), group_concat(name) from t}]
db function twice {apply {x {expr {$x * 2}}}}
puts [db eval {select twice(id) from t order by id}]
db collate rev {apply {{a b} {string compare $b $a}}}
puts [db eval {select name from t order by name collate rev}]
db transaction { db eval {update t set score = 0 where score is null} }
catch { db transaction { db eval {delete from t}; error boom } } msg
puts "after rollback: [db eval {select count(*) from t}] ($msg)"
foreach sql {{select * from nosuch} {selec 1} {insert into t values(1, 'dup', 0)}} {
  if {[catch {db eval $sql} err]} { puts "error: $err" }
}
db eval {select * from t where id > 0} {}
puts "fullscan-steps known: [string is integer [db status step]] sort [db status sort]"
puts [db onecolumn {select typeof(score) from t where id = 2}]
puts [db exists {select 1 from t where name = 'beta'}]
db close
TCL
tclsh "$dir/t.tcl" > "$dir/ref.out" 2>&1
LD_PRELOAD=$lib tclsh "$dir/t.tcl" > "$dir/ours.out" 2>&1
if diff -u "$dir/ref.out" "$dir/ours.out"; then
    echo "run-tcl: PASS: $(wc -l < "$dir/ref.out" | tr -d ' ') output lines identical"
    exit 0
fi
echo "run-tcl: FAIL"
exit 1
