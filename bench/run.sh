#!/bin/bash
# bench/run.sh: run every benchmark on the reference SQLite (A) and on our
# library (B), alternating A B A B for BENCH_ROUNDS rounds, and write the
# report (bench/RESULTS.md by default).  `make bench` calls this.
#
# Invariants:
#  1. Both libraries run the same binaries: bench_api and speedtest1 are built
#     once, against our sqlite3.h, linked with -lsqlite3; only the directory
#     in LD_LIBRARY_PATH differs.  Each directory holds one file,
#     libsqlite3.so.0, a copy of the library taken at start (so a concurrent
#     rebuild cannot change it mid-run), and the library the loader really
#     picked is checked (bench_api --version uses dladdr) before timing.
#  2. Runs alternate per workload, A B in odd rounds and B A in even ones, so
#     drift in the machine (cache, thermal, neighbours) and any advantage of
#     running first or second hit both sides alike.
#  3. Read workloads start from a fresh copy of one fixture built by the
#     reference library, so both sides read byte-identical files.
#  4. Nothing is hidden: a non-zero exit, a crash, a timeout, or a checksum
#     that differs from the reference is recorded with its text and shows
#     in the report; the other workloads still run.  A workload that failed
#     on a library is not retried on that library in later rounds.
#  5. Time comes from the programs (clock_gettime), never from the library:
#     speedtest1's VFS-based clock is replaced by bench/st_clock.c.
#  6. The Node section (bench/node) runs the same workloads through Node on
#     three sides: A and B through our own N-API binding (one .node file,
#     built once, linked with -lsqlite3; invariant 1 applies to it too) and
#     T, Turso's npm package (installed at bench time into a cache outside
#     the tree; version pinned in bench/node/run-node.sh).  Rounds rotate
#     the three sides (A B T, B T A, T A B, ...).  If node, the binding or
#     the package is unavailable, the report says why and the rest runs.
#
# Environment (all optional):
#   BENCH_ROUNDS=5  BENCH_SCALE=1  BENCH_SPEEDTEST_SIZE=120  BENCH_FSYNC_TXNS
#   BENCH_REF_LIB   (default /lib/x86_64-linux-gnu/libsqlite3.so.0)
#   BENCH_OURS_LIB  (default $top_builddir/.libs/libsqlite3.so.0)
#   BENCH_ONLY="insert join speedtest1"   run only these workloads
#   BENCH_TIMEOUT=120 (per bench_api run)  BENCH_ST_TIMEOUT=300 (speedtest1)
#   BENCH_WORK      scratch directory (default $top_builddir/bench/work; it
#                   must be on a real disk, not tmpfs, for fsync_txns)
#   BENCH_OUT       report file (default $top_srcdir/bench/RESULTS.md)
#   BENCH_OURS_BUILD  how our library was built, for the report (default:
#                   read from the Makefile beside BENCH_OURS_LIB)
#   BENCH_NODE=0    skip the Node section; BENCH_ONLY=node runs only it, and
#                   BENCH_ONLY="node:insert join" selects Node workloads too
#   BENCH_NODE_INCLUDE (default /usr/include/node)  BENCH_CACHE (default
#                   $HOME/.cache/sqlite-ng; the Turso package goes below it)
set -u

here=$(cd "$(dirname "$0")" && pwd)
top_srcdir=${top_srcdir:-$(cd "$here/.." && pwd)}
top_builddir=${top_builddir:-$top_srcdir}
CC=${CC:-cc}
ROUNDS=${BENCH_ROUNDS:-5}
ST_SIZE=${BENCH_SPEEDTEST_SIZE:-120}
REF_LIB=${BENCH_REF_LIB:-/lib/x86_64-linux-gnu/libsqlite3.so.0}
OURS_LIB=${BENCH_OURS_LIB:-$top_builddir/.libs/libsqlite3.so.0}
TIMEOUT=${BENCH_TIMEOUT:-120}
ST_TIMEOUT=${BENCH_ST_TIMEOUT:-300}
WORK=${BENCH_WORK:-$top_builddir/bench/work}
OUT=${BENCH_OUT:-$top_srcdir/bench/RESULTS.md}
export BENCH_SCALE=${BENCH_SCALE:-1}

die() { echo "bench: $*" >&2; exit 1; }
note() { echo "bench: $*" >&2; }

[ -e "$REF_LIB" ] || die "reference library $REF_LIB not found"
[ -e "$OURS_LIB" ] || die "our library $OURS_LIB not found (run make first)"
rm -rf "$WORK" && mkdir -p "$WORK/build" "$WORK/logs" "$WORK/lib/A" "$WORK/lib/B" \
    "$WORK/link" || die "cannot create $WORK"
WORK=$(cd "$WORK" && pwd -P)   # absolute and symlink-free: compared with dladdr's answer
# Copies, not links: a rebuild of our library by a concurrent `make` must not
# change side B in the middle of a run; both sides load from the same disk.
cp "$(readlink -f "$REF_LIB")" "$WORK/lib/A/libsqlite3.so.0" || die "cannot copy $REF_LIB"
cp "$(readlink -f "$OURS_LIB")" "$WORK/lib/B/libsqlite3.so.0" || die "cannot copy $OURS_LIB"
# Link-time stand-in: any libsqlite3.so.0 works, the SONAME is what is recorded.
ln -s "$(readlink -f "$REF_LIB")" "$WORK/link/libsqlite3.so"
RESULTS=$WORK/results.tsv
: > "$RESULTS"

# ---------------------------------------------------------------- build
CFLAGS_BENCH="-std=c11 -O2 -g -Wall -Wextra -Werror -I$top_srcdir"
$CC $CFLAGS_BENCH -o "$WORK/build/bench_api" "$here/bench_api.c" \
    -L"$WORK/link" -lsqlite3 -lpthread -ldl || die "cannot build bench_api"

build_speedtest1() {
    local src
    src=$(BENCH_CACHE=${BENCH_CACHE:-} "$here/get-speedtest1.sh" | tail -n 1) || return 1
    [ -s "$src" ] || return 1
    # Rename speedtest1's VFS-based clock; bench/st_clock.c supplies the real
    # one (invariant 5).  The pattern must match exactly once.
    [ "$(grep -c '^sqlite3_int64 speedtest1_timestamp(void){' "$src")" = 1 ] || {
        note "speedtest1.c: clock function not found; refusing to build"; return 1; }
    local from='^sqlite3_int64 speedtest1_timestamp(void){'
    local to='sqlite3_int64 speedtest1_timestamp_vfs(void){'
    sed "s/$from/$to/" "$src" > "$WORK/build/speedtest1.c" || return 1
    # speedtest1.c is third-party code: compile it without -Werror.
    $CC -O2 -g -I"$top_srcdir" -o "$WORK/build/speedtest1" "$WORK/build/speedtest1.c" \
        "$here/st_clock.c" -L"$WORK/link" -lsqlite3 -lm
}
ST_OK=1
if ! build_speedtest1 > "$WORK/logs/speedtest1-build.log" 2>&1; then
    ST_OK=0
    note "speedtest1 unavailable: see $WORK/logs/speedtest1-build.log"
fi

# --------------------------------------------------------- library check
# Record which file the loader really resolved for each side (invariant 1).
for side in A B; do
    LD_LIBRARY_PATH=$WORK/lib/$side "$WORK/build/bench_api" --version \
        > "$WORK/version-$side.txt" 2> "$WORK/version-$side.err"
    echo "exit $?" >> "$WORK/version-$side.txt"
done
for side in A B; do
    got=$(sed -n 's/^library //p' "$WORK/version-$side.txt")
    # Side B may fail to load at all; that is reported, not fatal.
    [ -z "$got" ] && [ "$side" = B ] && continue
    [ "$got" = "$WORK/lib/$side/libsqlite3.so.0" ] ||
        die "side $side loaded '$got', not $WORK/lib/$side/libsqlite3.so.0"
done
shortsum() { sha256sum < "$1" | cut -c1-16; }
echo "origin $(readlink -f "$REF_LIB") sha256 $(shortsum "$WORK/lib/A/libsqlite3.so.0")" \
    >> "$WORK/version-A.txt"
echo "origin $(readlink -f "$OURS_LIB") sha256 $(shortsum "$WORK/lib/B/libsqlite3.so.0")" \
    >> "$WORK/version-B.txt"

# -------------------------------------------------------------- fixture
note "building the fixture with the reference library (BENCH_SCALE=$BENCH_SCALE)"
LD_LIBRARY_PATH=$WORK/lib/A "$WORK/build/bench_api" --fixture "$WORK/fixture.db" \
    > "$WORK/logs/fixture.log" 2>&1 || die "fixture failed: $(tail -3 "$WORK/logs/fixture.log")"

selected() { [ -z "${BENCH_ONLY:-}" ] || [[ " $BENCH_ONLY " == *" $1 "* ]]; }
# A Node workload runs if its plain name, node:NAME or "node" is selected.
selected_node() { selected "$1" || selected "node:$1" || selected node; }
failed_before() { grep -q "^$1	$2	.*	FAILED	" "$RESULTS"; }

# One line in results.tsv: side workload round status seconds rss checksum message
record() { printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >> "$RESULTS"; }

# Explain a non-zero exit status of a timed-out or crashed program.
exit_text() {
    local rc=$1
    if [ "$rc" = 124 ]; then echo "timeout after ${2}s"
    elif [ "$rc" -gt 128 ]; then
        echo "crashed with signal $((rc - 128)) ($(kill -l $((rc - 128)) 2>/dev/null))"
    else echo "exit status $rc"; fi
}

# Last meaningful stderr line, one line, for the report.
err_tail() { grep -v '^\s*$' "$1" 2>/dev/null | tail -n 2 | tr '\n\t' '  ' | cut -c1-300; }

# ------------------------------------------------------------ the runs
run_api() {
    local side=$1 w=$2 r=$3 needfix=$4
    local db=$WORK/run.db log=$WORK/logs/$w-$side-$r
    rm -f "$db" "$db-journal" "$db-wal" "$db-shm"
    [ "$needfix" = 1 ] && cp "$WORK/fixture.db" "$db"
    # Flush everything (the copy, and the previous run's writes) so no
    # writeback lands inside the next timed run: without this, the side that
    # runs second pays for the first side's dirty pages.
    sync
    LD_LIBRARY_PATH=$WORK/lib/$side timeout -k 5 "$TIMEOUT" \
        "$WORK/build/bench_api" --run "$w" --db "$db" > "$log.out" 2> "$log.err"
    local rc=$? line
    line=$(grep "^BENCH $w " "$log.out" | tail -n 1)
    set -- $line
    if [ "$rc" = 0 ] && [ "${3:-}" = ok ]; then
        record "$side" "$w" "$r" ok "$4" "$5" "$6" ""
    elif [ "${3:-}" = FAILED ]; then
        record "$side" "$w" "$r" FAILED "" "$4" "" "${line#BENCH $w FAILED $4 }"
    else
        record "$side" "$w" "$r" FAILED "" "" "" \
            "$(exit_text $rc "$TIMEOUT"): $(err_tail "$log.err")"
    fi
}

# speedtest1 prints "NNN - description.... 0.123s" per test; a test that
# began but never ended is the one that failed.
run_st() {
    local side=$1 r=$2 log=$WORK/logs/speedtest1-$side-$r
    rm -f "$WORK"/st.db*
    sync   # as in run_api: the previous run's writeback must not land in this one
    local t0 t1
    t0=$(date +%s.%N)
    LD_LIBRARY_PATH=$WORK/lib/$side timeout -k 5 "$ST_TIMEOUT" "$WORK/build/speedtest1" \
        --size "$ST_SIZE" "$WORK/st.db" > "$log.out" 2> "$log.err"
    local rc=$?
    t1=$(date +%s.%N)
    sed -n 's/^ *\([0-9][0-9]*\) - \(.*[^.]\)\.*  *\([0-9.]*\)s$/\1\t\3\t\2/p' "$log.out" |
    while IFS=$'\t' read -r num sec desc; do
        record "$side" "st:$num" "$r" ok "$sec" "" "" "$desc"
    done
    if [ "$rc" = 0 ]; then
        local wall
        wall=$(awk "BEGIN { printf \"%.3f\", $t1 - $t0 }")
        record "$side" "speedtest1" "$r" ok "$wall" "" "" "wall clock"
    else
        local last
        last=$(grep -o '^ *[0-9][0-9]* - [^.]*' "$log.out" | tail -n 1 | sed 's/^ *//')
        if [ -n "$last" ]; then last="in test \"$last\""; else last="before its first test"; fi
        record "$side" "speedtest1" "$r" FAILED "" "" "" \
            "$(exit_text $rc "$ST_TIMEOUT") $last: $(err_tail "$log.err")"
    fi
}

# Sides alternate A B, B A, A B, ... (odd rounds A first): the validation run
# (SQLite on both sides) showed the side that runs second about 5% slower, and
# swapping the order every round cancels that position effect in the medians.
order() { if [ $(($1 % 2)) = 1 ]; then echo A B; else echo B A; fi; }

mapfile -t WORKLOADS < <("$WORK/build/bench_api" --list)
. "$here/node/run-node.sh"     # node_setup, node_round (invariant 6)
node_setup
for r in $(seq 1 "$ROUNDS"); do
    note "round $r of $ROUNDS"
    for entry in "${WORKLOADS[@]}"; do
        w=${entry%% *}; rest=${entry#* }; needfix=${rest%% *}
        selected "$w" || continue
        for side in $(order "$r"); do
            failed_before "$side" "$w" || run_api "$side" "$w" "$r" "$needfix"
        done
    done
    if [ "$ST_OK" = 1 ] && selected speedtest1; then
        for side in $(order "$r"); do
            failed_before "$side" speedtest1 || run_st "$side" "$r"
        done
    fi
    node_round "$r"
done

# -------------------------------------------------------------- report
# How our library was compiled: a build with SQLITE_DEBUG (assertions on)
# is not what users get, and the report must say so.
ours_build() {
    if [ -n "${BENCH_OURS_BUILD:-}" ]; then echo "$BENCH_OURS_BUILD"; return; fi
    local mk
    mk=$(dirname "$(dirname "$(readlink -f "$OURS_LIB")")")/Makefile
    [ -f "$mk" ] || { echo "unknown (no Makefile beside $OURS_LIB)"; return; }
    local cflags debug
    cflags=$(sed -n 's/^CFLAGS = //p' "$mk")
    debug=$(sed -n 's/^DEBUG_CFLAGS = //p' "$mk")
    if [ -n "$debug" ]; then
        echo "CFLAGS=$cflags $debug: DEBUG BUILD, assertions on; times are pessimistic"
    else
        echo "CFLAGS=$cflags (release: no SQLITE_DEBUG)"
    fi
}
{
    echo "date	$(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "nproc	$(nproc)"
    echo "cpu	$(lscpu | sed -n 's/^Model name: *//p' | head -n 1)"
    echo "kernel	$(uname -srm)"
    rev=$(git -C "$top_srcdir" rev-parse --short HEAD 2>/dev/null || echo unknown)
    [ -n "$(git -C "$top_srcdir" status --porcelain -- . 2>/dev/null)" ] &&
        rev="$rev + uncommitted changes"
    echo "rev	$rev"
    echo "rounds	$ROUNDS"
    echo "scale	$BENCH_SCALE"
    echo "st_size	$ST_SIZE"
    echo "st_ok	$ST_OK"
    echo "st_build	$(tail -n 3 "$WORK/logs/speedtest1-build.log" | tr '\n\t' '  ')"
    "$WORK/build/bench_api" --sizes | sed 's/ /\t/'
    echo "ours_build	$(ours_build)"
    for side in A B; do
        sed "s/^/$side /" "$WORK/version-$side.txt" | sed 's/ /\t/'
        echo "$side	stderr $(head -c 300 "$WORK/version-$side.err" | tr '\n\t' '  ')"
    done
    node_meta
} > "$WORK/meta.tsv"
python3 "$here/report.py" "$WORK/meta.tsv" "$RESULTS" \
    <("$WORK/build/bench_api" --list) "$WORK/node-list.txt" > "$OUT.tmp" &&
    mv "$OUT.tmp" "$OUT" ||
    die "report generation failed"
note "wrote $OUT (raw data and logs in $WORK)"
