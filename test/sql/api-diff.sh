#!/bin/sh
# api-diff.sh - differential test of the C API: test/sql/api_diff.c is
# compiled against the system libsqlite3 and run twice, plainly and with
# LD_PRELOAD of ours; the transcripts must match.
# Exit 0 identical, 1 different, 77 skip (no compiler or system library).
set -u
here=$(cd "$(dirname "$0")" && pwd)
top_srcdir=${top_srcdir:-$(cd "$here/../.." && pwd)}
top_builddir=${top_builddir:-$top_srcdir}
lib=$top_builddir/.libs/libsqlite3.so.0
[ -r "$lib" ] || { echo "api-diff: FAIL: $lib not built"; exit 1; }
dir=$(mktemp -d)
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$dir"' EXIT
if ! ${CC:-cc} -o "$dir/api_diff" "$here/api_diff.c" -lsqlite3 2> "$dir/cc.err"; then
    echo "api-diff: SKIP: cannot build against the system library"; cat "$dir/cc.err"
    exit 77
fi
"$dir/api_diff" > "$dir/ref.out" 2>&1
LD_PRELOAD=$lib "$dir/api_diff" > "$dir/ours.out" 2>&1
if diff -u "$dir/ref.out" "$dir/ours.out"; then
    echo "api-diff: PASS: $(grep -c '^==' "$dir/ref.out") statements, transcripts identical"
    exit 0
fi
echo "api-diff: FAIL: $(diff "$dir/ref.out" "$dir/ours.out" | grep -c '^<') lines differ"
exit 1
