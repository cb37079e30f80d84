#!/bin/sh
# check-symbols.sh - prove a library exports exactly the symbols of a .sym file.
#
# Usage: test/tools/check-symbols.sh LIB SYMFILE
#   LIB      the shared object to inspect (e.g. .libs/libsqlite3.so.0)
#   SYMFILE  "TYPE name" lines (compat/sqlite3.sym)
#
# Compares `nm -D --defined-only LIB` with SYMFILE, symbol types included, and exits 1 on any
# difference, printing it as a diff ("-" expected but missing or mistyped, "+" exported but
# not expected).  Ignored: symbol-version nodes (type A), weak symbols (w, W, v, V) and the
# linker's own _init, _fini, _edata, _end and __bss_start.  Exit 2 on usage errors.
set -eu
if [ $# -ne 2 ]; then
    echo "usage: $0 LIB SYMFILE" >&2
    exit 2
fi
lib=$1
symfile=$2
[ -r "$lib" ] || { echo "check-symbols: cannot read $lib" >&2; exit 2; }
[ -r "$symfile" ] || { echo "check-symbols: cannot read $symfile" >&2; exit 2; }

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

LC_ALL=C awk '!/^[ \t]*(#|$)/ { print $1, $2 }' "$symfile" | LC_ALL=C sort -k2,2 -k1,1 \
    > "$dir/expected"
if ! nm -D --defined-only "$lib" > "$dir/nm"; then
    echo "check-symbols: nm failed on $lib" >&2
    exit 2
fi
LC_ALL=C awk '
    NF < 2 { next }
    { ty = $(NF - 1); name = $NF }
    ty ~ /^[AwWvVU]$/ { next }
    name ~ /^(_init|_fini|_edata|_end|__bss_start)$/ { next }
    { sub(/@.*/, "", name); print ty, name }
' "$dir/nm" | LC_ALL=C sort -k2,2 -k1,1 > "$dir/actual"

if diff -u "$dir/expected" "$dir/actual" > "$dir/diff"; then
    echo "check-symbols: $(wc -l < "$dir/expected" | tr -d ' ') symbols match $symfile"
    exit 0
fi
echo "check-symbols: $lib does not match $symfile (- expected, + actual):"
tail -n +3 "$dir/diff" | grep '^[-+]' > "$dir/lines" || true
cat "$dir/lines"
echo "check-symbols: $(grep -c '^-' "$dir/lines") missing or mistyped," \
    "$(grep -c '^+' "$dir/lines") unexpected"
exit 1
