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
xfail=0
minimize=
[ "${DIFF_MINIMIZE:-1}" = 0 ] && minimize=--no-minimize

# Known, still-open differences (test/diff/known-differences.txt): each is
# reported and counted as "known", never hidden, and the list is a ratchet:
# a listed case that now passes fails the run until its line is removed, and
# a difference not on the list fails it at once.
KNOWN=${DIFF_KNOWN:-$top_srcdir/test/diff/known-differences.txt}
is_known() { [ -f "$KNOWN" ] && grep -qxF "$1" "$KNOWN"; }
verdict() {  # verdict NAME PASSED(0|1)
  if [ "$2" = 1 ]; then
    if is_known "$1"; then
      failed=$((failed + 1)); echo "run-corpus: '$1' now passes: remove it from $KNOWN"
    else passed=$((passed + 1)); fi
  else
    if is_known "$1"; then xfail=$((xfail + 1)); echo "run-corpus: known difference: $1"
    else failed=$((failed + 1)); echo "run-corpus: NEW difference: $1"; fi
  fi
}

# 1. The corpus: one case per file.
for f in "$top_srcdir"/test/diff/corpus/*.sql; do
  "$DIFFRUN" -q $minimize --ref "$REF" --ours "$OURS" "$f"
  rc=$?
  case $rc in
    0) verdict "corpus $(basename "$f")" 1 ;;
    1) verdict "corpus $(basename "$f")" 0; echo "reproduce: $DIFFRUN --ours $OURS $f" ;;
    *) echo "run-corpus: driver error $rc on $f" >&2; exit 99 ;;
  esac
done

# 2. Generated scripts and 3. TLP: one case per seed; the driver prints
# "==== seed N: ..." for each seed that differs.
run_seeds() {  # run_seeds COUNT KIND [flag]
  # shellcheck disable=SC2086  # $3 is an optional flag: empty must vanish
  out=$("$DIFFRUN" -q --no-minimize --keep-going --ref "$REF" --ours "$OURS" --seed 1 \
        --count "$1" --stmts "$STMTS" --features "$FEATURES" $3)
  rc=$?
  printf '%s\n' "$out"
  if [ $rc -gt 1 ]; then echo "run-corpus: driver error $rc" >&2; exit 99; fi
  printf '%s\n' "$out" | grep -q '^diffrun: [0-9]* seeds' || {
    echo "run-corpus: no summary from driver" >&2; exit 99; }
  bad=" $(printf '%s\n' "$out" | sed -n 's/^==== seed \([0-9]*\):.*/\1/p' | sort -un | tr '\n' ' ')"
  i=1
  while [ "$i" -le "$1" ]; do
    case "$bad" in *" $i "*) verdict "$2 $i" 0 ;; *) verdict "$2 $i" 1 ;; esac
    i=$((i + 1))
  done
}
[ "$SEEDS" -gt 0 ] && run_seeds "$SEEDS" seed ""
[ "$TLP" -gt 0 ] && run_seeds "$TLP" tlp --tlp

echo "diff: known differences (listed in $(basename "$KNOWN")): $xfail"
echo "diff: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
