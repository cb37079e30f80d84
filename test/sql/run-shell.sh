#!/bin/sh
# run-shell.sh - run an SQL script through the stock sqlite3 shell twice, on
# the system library and on ours (LD_PRELOAD), and require identical output,
# error messages included.
#
# Usage: test/sql/run-shell.sh [SCRIPT...]
#        (default: test/sql/core.sql and test/sql/files.sql; each runs in its
#        own scratch directory, so scripts may create database files)
# Environment: top_srcdir, top_builddir (set by make check), SQLITE3 (the
# shell, default /usr/bin/sqlite3), KEEP=1 keeps the outputs.
#
# The script is piped on stdin, so the shell reports errors inline as
# "Parse error near line N: ..." / "Runtime error near line N: ..." and
# carries on with the next statement.  Exit 0 on identical output, 1 on
# any difference (a unified diff is printed), 77 (skip) without a shell.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top_srcdir=${top_srcdir:-$(cd "$here/../.." && pwd)}
top_builddir=${top_builddir:-$top_srcdir}
lib=$top_builddir/.libs/libsqlite3.so.0
shell=${SQLITE3:-/usr/bin/sqlite3}
[ -x "$shell" ] || { echo "run-shell: SKIP: no sqlite3 shell at $shell"; exit 77; }
[ -r "$lib" ] || { echo "run-shell: FAIL: $lib not built"; exit 1; }
[ $# -gt 0 ] || set -- "$top_srcdir/test/sql/core.sql" "$top_srcdir/test/sql/files.sql"

# Prove the preload takes effect: .version prints sqlite3_sourceid().
if ! echo .version | LD_PRELOAD=$lib "$shell" 2>&1 | grep -q 'sqlite-ng'; then
    echo "run-shell: FAIL: LD_PRELOAD=$lib does not replace the system library"
    exit 1
fi

# run_one SCRIPT: both runs in fresh directories; prints a verdict line.
run_one() {
    script=$1
    [ -r "$script" ] || { echo "run-shell: FAIL: cannot read $script"; return 1; }
    dir=$(mktemp -d)
    mkdir "$dir/ref" "$dir/ours"
    (cd "$dir/ref" && "$shell" < "$script" > ../ref.out 2>&1)
    (cd "$dir/ours" && LD_PRELOAD=$lib "$shell" < "$script" > ../ours.out 2>&1)
    nStmt=$(grep -c ';[[:space:]]*$' "$script")
    nRef=$(wc -l < "$dir/ref.out" | tr -d ' ')
    if diff -u "$dir/ref.out" "$dir/ours.out" > "$dir/diff"; then
        echo "run-shell: PASS: $nStmt statements, $nRef output lines identical ($script)"
        [ "${KEEP:-0}" = 1 ] || rm -rf "$dir"
        return 0
    fi
    nBad=$(grep -c '^-[^-]' "$dir/diff")
    cat "$dir/diff"
    echo "run-shell: FAIL: $nBad of $nRef reference output lines differ ($script; KEEP=1 keeps $dir)"
    [ "${KEEP:-0}" = 1 ] || rm -rf "$dir"
    return 1
}

rc=0
for script in "$@"; do
    run_one "$script" || rc=1
done
exit $rc
