#!/bin/sh
# run-seeds.sh: the simulator's part of make check.
#   1. every seed of test/sim/regress.txt (seeds that once found a bug);
#   2. a fixed range of seeds (SIM_FIRST_SEED, SIM_SEEDS; default 1..2000),
#      each run twice to check determinism;
#   2b. the SQL-level simulator and its validation run (SIM_SQL_SEEDS, default
#      50), each only if built;
#   2c. a range with --small-cache (SIM_SMALL_SEEDS, default 500), where
#      most transactions spill; it fails if nothing was spilled;
#   3. the proof that the simulator can fail: with lying journal syncs
#      (--break-journal-sync) some seed of 1..1000 must fail.
# Ends with the line "sim: N passed, M failed" (N, M count seeds; the proof
# counts as one).  Exit 0 only if nothing failed.
top_builddir=${top_builddir:-.}
top_srcdir=${top_srcdir:-.}
SIM="$top_builddir/test/sim/sim"
REGRESS="$top_srcdir/test/sim/regress.txt"
FIRST=${SIM_FIRST_SEED:-1}
COUNT=${SIM_SEEDS:-2000}
if [ ! -x "$SIM" ]; then
  echo "sim: $SIM is not built"
  exit 99
fi
pass=0
fail=0
log=$(mktemp "${TMPDIR:-/tmp}/sim-seeds.XXXXXX") || exit 99
trap 'rm -f "$log"' EXIT

# 1. regression seeds
grep -v '^[[:space:]]*#' "$REGRESS" | sed 's/#.*//' | while read -r seed flags; do
  [ -n "$seed" ] || continue
  # shellcheck disable=SC2086
  if "$SIM" --seed "$seed" --check-determinism $flags >"$log" 2>&1; then
    echo "PASS regress seed $seed $flags"
  else
    echo "FAIL regress seed $seed $flags"
    grep -E '^(FAIL seed|reproduce)' "$log" | head -3
  fi
done >"$log.regress"
cat "$log.regress"
pass=$((pass + $(grep -c '^PASS' "$log.regress")))
fail=$((fail + $(grep -c '^FAIL regress' "$log.regress")))
rm -f "$log.regress"

# 2. the fixed range, with the determinism check
"$SIM" --seed "$FIRST" --count "$COUNT" --check-determinism >"$log" 2>&1
grep -E '^(FAIL seed|reproduce)' "$log" | head -40
grep '^sim: totals' "$log"
line=$(grep '^sim: [0-9]* passed' "$log" | tail -1)
p=$(echo "$line" | sed -n 's/^sim: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
f=$(echo "$line" | sed -n 's/^sim: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
if [ -z "$p" ] || [ -z "$f" ]; then
  echo "FAIL range: the simulator did not finish"
  tail -20 "$log"
  fail=$((fail + 1))
else
  echo "range $FIRST..$((FIRST + COUNT - 1)): $p passed, $f failed"
  pass=$((pass + p))
  fail=$((fail + f))
fi

# 2c. small caches (--small-cache): most write transactions spill dirty
#     pages mid-transaction, so crashes land before, during and after
#     spills; the run must really have spilled
"$SIM" --seed "$FIRST" --count "${SIM_SMALL_SEEDS:-500}" --small-cache --check-determinism \
  >"$log" 2>&1
grep -E '^(FAIL seed|reproduce)' "$log" | head -40
grep '^sim: totals' "$log"
line=$(grep '^sim: [0-9]* passed' "$log" | tail -1)
p=$(echo "$line" | sed -n 's/^sim: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
f=$(echo "$line" | sed -n 's/^sim: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
spills=$(sed -n 's/^sim: totals:.* spills \([0-9]*\) .*/\1/p' "$log")
if [ -z "$p" ] || [ -z "$f" ]; then
  echo "FAIL small-cache range: the simulator did not finish"
  tail -20 "$log"
  fail=$((fail + 1))
elif [ "${spills:-0}" -eq 0 ]; then
  echo "FAIL small-cache range: no page was spilled"
  fail=$((fail + 1))
else
  echo "small-cache range: $p passed, $f failed ($spills pages spilled)"
  pass=$((pass + p))
  fail=$((fail + f))
fi

# 2b. the SQL-level simulator, when built (make test/sim/sim_sql; it needs
#     the whole library), and its validation on the system's SQLite
for prog in sim_sql sim_sql_ref; do
  P="$top_builddir/test/sim/$prog"
  [ -x "$P" ] || continue
  "$P" --seed "$FIRST" --count "${SIM_SQL_SEEDS:-50}" --check-determinism >"$log" 2>&1
  grep -E '^(FAIL seed|reproduce)' "$log" | head -20
  line=$(grep "^$prog\|^sim_sql: [0-9]* passed" "$log" | tail -1)
  p=$(echo "$line" | sed -n 's/^[a-z_]*: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
  f=$(echo "$line" | sed -n 's/^[a-z_]*: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
  if [ -z "$p" ] || [ -z "$f" ]; then
    echo "FAIL $prog: did not finish"
    fail=$((fail + 1))
  else
    echo "$prog: $p passed, $f failed"
    pass=$((pass + p))
    fail=$((fail + f))
  fi
done

# 3. the proof: a build that skips journal syncs must be caught
# (power losses only, so that no other bug can be what is caught)
"$SIM" --seed 1 --count 1000 --break-journal-sync --no-faults --stop-on-fail --tail 0 >"$log" 2>&1
caught=$(grep -m1 '^FAIL seed=' "$log")
if [ -n "$caught" ]; then
  echo "PASS proof: lying journal syncs caught: $caught"
  pass=$((pass + 1))
else
  echo "FAIL proof: lying journal syncs went unnoticed for 1000 seeds"
  tail -3 "$log"
  fail=$((fail + 1))
fi

echo "sim: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
