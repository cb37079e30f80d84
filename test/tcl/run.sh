#!/bin/bash
# run.sh - run upstream SQLite test/*.test files under tclsh against one
# library (issue 7).  Usage:
#
#   run.sh [--ref | --ours] [--out DIR] [--jobs N] [--timeout SECS] [FILE...]
#
# FILE is an upstream test name without ".test" (select1), "core" (the list
# in core.txt, the default) or "all" (every test/*.test).  --ours selects
# $top_builddir/.libs/libsqlite3.so.0 by LD_PRELOAD; --ref the system
# library.  Results go to DIR (default ~/.cache/sqlite-ng/tcltest/ref or
# .../ours, outside the tree; TCLTEST_RESULTS overrides the parent):
#
#   files.tsv   file  tests  errors  status  seconds   (status: ok, crash,
#               timeout, harness-error)
#   cases.tsv   file  case  ok|fail
#   log/FILE.out, log/FILE.err   raw output of each process
#
# Invariants:
#  1. Each file runs in its own tclsh process, in its own scratch directory,
#     under `timeout`; a crash or hang is recorded and the run goes on.
#  2. The process verifies it mapped the requested library (driver.tcl);
#     a mismatch is a harness-error row, never a score.
#  3. The upstream sources live in a cache outside the tree (fetch.sh).
set -u
here=$(cd "$(dirname "$0")" && pwd)
top_srcdir=${top_srcdir:-$(cd "$here/../.." && pwd)}
top_builddir=${top_builddir:-$top_srcdir}
mode=ours out="" jobs=${TCLTEST_JOBS:-2} tmo=${TCLTEST_TIMEOUT:-300}
files=()
while [ $# -gt 0 ]; do
    case $1 in
        --ref) mode=ref ;;
        --ours) mode=ours ;;
        --out) out=$2; shift ;;
        --jobs) jobs=$2; shift ;;
        --timeout) tmo=$2; shift ;;
        -*) echo "run.sh: unknown option $1" >&2; exit 2 ;;
        *) files+=("$1") ;;
    esac
    shift
done
[ ${#files[@]} -eq 0 ] && files=(core)

command -v tclsh > /dev/null || { echo "run.sh: no tclsh (apt-get install tcl)" >&2; exit 77; }
echo 'package require sqlite3' | tclsh > /dev/null 2>&1 ||
    { echo "run.sh: no Tcl sqlite3 package (apt-get install libsqlite3-tcl)" >&2; exit 77; }
src=$("$here/fetch.sh") || { echo "run.sh: cannot obtain upstream sources" >&2; exit 77; }
testdir=$src/test

syslib=$(readlink -f /lib/x86_64-linux-gnu/libsqlite3.so.0 2>/dev/null ||
         readlink -f "$(ldconfig -p | awk '/libsqlite3.so.0 /{print $NF; exit}')")
if [ "$mode" = ours ]; then
    lib=$(readlink -f "$top_builddir/.libs/libsqlite3.so.0") ||
        { echo "run.sh: $top_builddir/.libs/libsqlite3.so.0 not built" >&2; exit 1; }
    preload=$lib
else
    lib=$syslib preload=""
fi
[ -n "$out" ] || out=${TCLTEST_RESULTS:-$HOME/.cache/sqlite-ng/tcltest}/$mode
rm -rf "$out/log" "$out/scratch" "$out/files.part"
mkdir -p "$out/log" "$out/scratch"
out=$(cd "$out" && pwd)

# The extension: built against our sqlite3.h, linked to libsqlite3.so.0 by
# SONAME so that whichever image the process maps serves its calls.
ext=$out/tclstmt.so
[ -r /usr/include/tcl8.6/tcl.h ] ||
    { echo "run.sh: SKIP: no Tcl headers (apt-get install tcl-dev)" >&2; exit 77; }
${CC:-cc} -std=c11 -O1 -Wall -Wextra -fPIC -shared -DUSE_TCL_STUBS -I/usr/include/tcl8.6 -I"$top_srcdir" \
    -o "$ext" "$here/ext/tclstmt.c" -ltclstub8.6 "$syslib" ||
    { echo "run.sh: cannot build ext/tclstmt.c (apt-get install tcl-dev)" >&2; exit 77; }

# Reference compile options drive ::sqlite_options for both engines.
opts=$out/ref_options.txt
echo 'package require sqlite3; sqlite3 d :memory:; puts [join [d eval {PRAGMA compile_options}] \n]' |
    env -u LD_PRELOAD tclsh > "$opts"

expand() {
    local f
    for f in "$@"; do
        case $f in
            core) grep -v '^#' "$here/core.txt" ;;
            all) (cd "$testdir" && ls *.test | sed 's/\.test$//') ;;
            *) echo "${f%.test}" ;;
        esac
    done
}
list=$(expand "${files[@]}" | awk 'NF && !seen[$0]++')

# run_one NAME: one process, one scratch dir; prints the files.tsv row.
run_one() {
    local name=$1 d=$out/scratch/$1 t0 t1 rc status tests errors
    rm -rf "$d" && mkdir -p "$d"
    : > "$out/log/$name.cases"
    t0=$(date +%s.%N)
    # The braces catch bash's own "Segmentation fault" job report.
    { (cd "$d" && exec env LD_PRELOAD="$preload" TCLTEST_LIB="$lib" TCLTEST_EXT="$ext" \
        TCLTEST_CASES="$out/log/$name.cases" TCLTEST_OPTIONS="$opts" \
        timeout -k 10 "$tmo" tclsh "$here/driver.tcl" "$testdir/$name.test" \
        > "$out/log/$name.out" 2> "$out/log/$name.err" < /dev/null); } 2> /dev/null
    rc=$?
    t1=$(date +%s.%N)
    read -r errors tests < <(awk '/^[0-9]+ errors out of [0-9]+ tests/ {e=$1; t=$5}
        END {print (e==""?"-":e), (t==""?"-":t)}' "$out/log/$name.out")
    if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then status=timeout
    elif [ $rc -gt 128 ] && [ $rc -lt 160 ]; then status=crash    # 128 + signal
    elif [ "$tests" = - ]; then status=harness-error
    else status=ok
    fi
    if [ "$tests" = - ]; then
        tests=$(wc -l < "$out/log/$name.cases")
        errors=$(grep -c $'\tfail$' "$out/log/$name.cases")
    fi
    rm -rf "$d"
    printf '%s\t%s\t%s\t%s\t%.1f\n' "$name" "$tests" "$errors" "$status" \
        "$(awk -v a="$t0" -v b="$t1" 'BEGIN {print b - a}')"
}
export -f run_one
export out here testdir lib preload ext opts tmo

echo "run.sh: $(echo "$list" | wc -l) files, library $lib, $jobs jobs, timeout ${tmo}s" >&2
echo "$list" | xargs -P "$jobs" -I{} bash -c 'run_one "$1" | tee -a "$out/files.part"' _ {} |
    awk -F'\t' '{printf "  %-28s %5s tests %5s errors  %-13s %6ss\n", $1, $2, $3, $4, $5}' >&2

# Collate, sorted by file name.
{
    printf 'file\ttests\terrors\tstatus\tseconds\n'
    sort "$out/files.part"
} > "$out/files.tsv"
rm -f "$out/files.part"
for name in $list; do
    awk -F'\t' -v f="$name" 'NF == 2 {print f "\t" $1 "\t" $2}' "$out/log/$name.cases"
done > "$out/cases.tsv"
tclsh_sid=$(grep -h '^TCLTEST_SOURCE_ID: ' "$out"/log/*.err 2>/dev/null | head -1 | cut -d' ' -f2-)
printf '%s\n%s\n' "$lib" "$tclsh_sid" > "$out/library.txt"
awk -F'\t' 'NR > 1 {n++; s[$4]++} END {printf "run.sh: %d files:", n;
    for (k in s) printf " %s=%d", k, s[k]; print ""}' "$out/files.tsv" >&2
awk -F'\t' '{c[$3]++} END {printf "run.sh: cases ok=%d fail=%d\n", c["ok"], c["fail"]}' \
    "$out/cases.tsv" >&2
exit 0
