#!/bin/sh
# run-corpus.sh - differential regression run: the corpus test/diff/corpus/*.sql and a fixed
# set of generated scripts, each run against the reference SQLite and our library (diffrun),
# plus TLP checks of generated queries on our library alone.
#
# Usage: test/diff/run-corpus.sh [--ours LIB] [--ref LIB] [--seeds N] [--stmts M] [--tlp N]
#   defaults: --ours $top_builddir/.libs/libsqlite3.so.0, --ref the system libsqlite3.so.0,
#             200 seeds x 100 statements (seeds 1..200), 50 TLP seeds.
# Environment: top_srcdir, top_builddir (set by make check; default "."), DIFFRUN (the driver;
#   default $top_builddir/test/diff/diffrun), DIFF_FEATURES (generator features, default
#   "default"), DIFF_MINIMIZE=0 skips minimizing corpus failures.
# Each corpus file, each seed and each TLP seed counts as one case.  Prints every difference
# (with a reproduction command) and, last, "diff: N passed, M failed".  Exit status 0 only
# when nothing failed; 77 (skip) when our library has not been built; 99 on a driver error.
set -u
top_srcdir=${top_srcdir:-.}
top_builddir=${top_builddir:-.}
DIFFRUN=${DIFFRUN:-$top_builddir/test/diff/diffrun}
OURS=$top_builddir/.libs/libsqlite3.so.0
REF=/lib/x86_64-linux-gnu/libsqlite3.so.0
SEEDS=200
STMTS=100
TLP=50
FEATURES=${DIFF_FEATURES:-default}
while [ $# -gt 0 ]; do
  case $1 in
    --ours) OURS=$2; shift 2 ;;
    --ref) REF=$2; shift 2 ;;
    --seeds) SEEDS=$2; shift 2 ;;
    --stmts) STMTS=$2; shift 2 ;;
    --tlp) TLP=$2; shift 2 ;;
    *) echo "usage: $0 [--ours LIB] [--ref LIB] [--seeds N] [--stmts M] [--tlp N]" >&2; exit 99 ;;
  esac
done
if [ ! -x "$DIFFRUN" ]; then echo "run-corpus: no driver at $DIFFRUN (make test/diff/diffrun)" >&2; exit 99; fi
if [ ! -e "$OURS" ]; then echo "run-corpus: $OURS not built; skipping"; exit 77; fi

passed=0
failed=0
minimize=
[ "${DIFF_MINIMIZE:-1}" = 0 ] && minimize=--no-minimize

# 1. The corpus: one case per file.
for f in "$top_srcdir"/test/diff/corpus/*.sql; do
  "$DIFFRUN" -q $minimize --ref "$REF" --ours "$OURS" "$f"
  rc=$?
  case $rc in
    0) passed=$((passed + 1)) ;;
    1) failed=$((failed + 1)); echo "reproduce: $DIFFRUN --ours $OURS $f" ;;
    *) echo "run-corpus: driver error $rc on $f" >&2; exit 99 ;;
  esac
done

# 2. Generated scripts and 3. TLP: one case per seed; the driver's summary line
# "diffrun: K seeds (...), ..., F with differences, ..." gives the counts.
run_seeds() {
  # shellcheck disable=SC2086  # $2 is an optional flag: empty must vanish
  out=$("$DIFFRUN" -q --no-minimize --keep-going --ref "$REF" --ours "$OURS" --seed 1 \
        --count "$1" --stmts "$STMTS" --features "$FEATURES" $2)
  rc=$?
  printf '%s\n' "$out"
  if [ $rc -gt 1 ]; then echo "run-corpus: driver error $rc" >&2; exit 99; fi
  summary=$(printf '%s\n' "$out" | grep '^diffrun: [0-9]* seeds' | tail -1)
  k=$(printf '%s\n' "$summary" | sed 's/^diffrun: \([0-9]*\) seeds.*/\1/')
  f=$(printf '%s\n' "$summary" | sed 's/.* \([0-9]*\) with differences.*/\1/')
  if [ -z "$k" ] || [ -z "$f" ]; then echo "run-corpus: no summary from driver" >&2; exit 99; fi
  passed=$((passed + k - f))
  failed=$((failed + f))
}
[ "$SEEDS" -gt 0 ] && run_seeds "$SEEDS" ""
[ "$TLP" -gt 0 ] && run_seeds "$TLP" --tlp

echo "diff: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
