#!/bin/sh
# run-short.sh - run each libFuzzer target for a short time (CI: about 60 s each).
#
# Usage: test/fuzz/run-short.sh [SECONDS]     (default 60)
# Environment: top_srcdir, top_builddir (default "."), FUZZ_FLAGS (extra libFuzzer flags),
#   FUZZ_DBFILE_BASE (fuzz_dbfile's base image; default: built from dbfile_base.sql by the
#   system sqlite3 shell, else by the library under test).
# Uses a working corpus per target in $top_builddir/test/fuzz/corpus_<target>/ (kept between
# runs, so coverage accumulates), seeded for fuzz_sql from test/diff/corpus/*.sql and sqlgen.
# Saved findings in $top_srcdir/test/fuzz/regress/<target>/ are replayed first (each must pass).
# New findings (crash-*, leak-*, timeout-*, oom-*) are written to $top_builddir/test/fuzz/findings/;
# each must become a regression case (regress/<target>/, test/diff/corpus or a unit test).
# Prints one line per target and, last, "fuzz: N passed, M failed"; exit status 0 only if no
# target found anything; 77 (skip) if the targets are not built (make fuzz).
set -u
SECS=${1:-60}
top_srcdir=${top_srcdir:-.}
top_builddir=${top_builddir:-.}
dir=$top_builddir/test/fuzz
passed=0
failed=0
mkdir -p "$dir/findings"
# The base image for fuzz_dbfile comes from the real SQLite when its shell is here.
if [ -z "${FUZZ_DBFILE_BASE:-}" ] && command -v sqlite3 >/dev/null 2>&1; then
  rm -f "$dir/dbfile_base.db"
  if sqlite3 "$dir/dbfile_base.db" < "$top_srcdir/test/fuzz/dbfile_base.sql"; then
    FUZZ_DBFILE_BASE=$dir/dbfile_base.db
    export FUZZ_DBFILE_BASE
  fi
fi
for t in fuzz_sql fuzz_dbfile; do
  if [ ! -x "$dir/$t" ]; then echo "run-short: $dir/$t not built (make fuzz); skipping"; exit 77; fi
  corpus=$dir/corpus_$t
  mkdir -p "$corpus"
  if [ "$t" = fuzz_sql ]; then
    # Seeds: the regression corpus and a few generated scripts (all features).
    cp "$top_srcdir"/test/diff/corpus/*.sql "$corpus"/ 2>/dev/null
    if [ -x "$top_builddir/test/diff/sqlgen" ]; then
      for s in 1 2 3 4 5 6 7 8; do
        "$top_builddir/test/diff/sqlgen" --seed "$s" --stmts 40 --features all > "$corpus/sqlgen-$s.sql"
      done
    fi
  fi
  log=$dir/findings/$t.log
  # First replay the saved findings (test/fuzz/regress/<target>/): each must now pass.
  regress=$top_srcdir/test/fuzz/regress/$t
  if [ -d "$regress" ] && [ -n "$(ls -A "$regress" 2>/dev/null)" ]; then
    if ! "$dir/$t" -runs=1 "$regress"/* >"$log.regress" 2>&1; then
      failed=$((failed + 1)); echo "$t: a saved finding still fails, see $log.regress"
      grep -a -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error)' "$log.regress" | head -3
      continue
    fi
  fi
  # shellcheck disable=SC2086
  "$dir/$t" -max_total_time="$SECS" -timeout=20 -rss_limit_mb=2048 -max_len=4096 \
    -artifact_prefix="$dir/findings/$t-" -print_final_stats=1 ${FUZZ_FLAGS:-} "$corpus" >"$log" 2>&1
  rc=$?
  runs=$(grep -a 'stat::number_of_executed_units' "$log" | awk '{print $2}')
  if [ $rc -eq 0 ]; then
    passed=$((passed + 1)); echo "$t: ok, ${runs:-?} runs in ${SECS}s"
  else
    failed=$((failed + 1)); echo "$t: FAILED (exit $rc), see $log"
    grep -a -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error)' "$log" | head -5
    for a in "$dir/findings/$t-"*; do [ -e "$a" ] && echo "  finding: $a"; done
  fi
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
