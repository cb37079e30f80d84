#!/usr/bin/env bash
# The whole test suite: build, unit/API/interop tests (make check), the exported
# symbol check, the layering check, the sanitizer build (check-asan) and a
# short deterministic fuzzing run (fuzz-short).  Ends with one "N passed, N failed" line.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh || { echo "build: 0 passed, 1 failed"; exit 1; }
make -j"$(nproc)" check VERBOSE=1 >test-check.out 2>&1
rc=$?
grep -E '^(PASS|FAIL|ERROR|XPASS|SKIP):' test-check.out || true
[ $rc -ne 0 ] && { tail -100 test-check.out; }
pass=$(grep -c '^PASS:' test-check.out)
# A SKIP counts as a failure: scripts/deps.sh installs every prerequisite, so a
# skipped test means a missing one, and a skip must never pass for green.
fail=$(grep -cE '^(FAIL|ERROR|XPASS|SKIP):' test-check.out)
# fuzz-short: both libFuzzer targets replay their saved findings, then run a
# fixed number of inputs from a fixed seed (deterministic, about a minute).
for t in check-symbols check-layering check-asan fuzz-short; do
  if make -s "$t" FUZZ_SECONDS=300 FUZZ_FLAGS="-seed=1 -runs=5000" >"test-$t.out" 2>&1; then pass=$((pass + 1)); echo "PASS: $t"
  else fail=$((fail + 1)); echo "FAIL: $t"; tail -60 "test-$t.out"; fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ $rc -eq 0 ]
