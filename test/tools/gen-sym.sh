#!/bin/sh
# gen-sym.sh - regenerate compat/sqlite3.sym, the exact export list of libsqlite3.so.0.
#
# Usage: test/tools/gen-sym.sh [NAMES [SYSLIB]] > compat/sqlite3.sym
#   NAMES   one exported name per line (default: ../shared/abi/sqlite3-symbols.txt beside the
#           repository)
#   SYSLIB  reference library whose `nm -D --defined-only` types we copy
#           (default: /lib/x86_64-linux-gnu/libsqlite3.so.0, Debian 12's SQLite 3.40.1)
#
# Output: "TYPE name" lines sorted by name (LC_ALL=C).  TYPE is the letter nm prints for the
# name in SYSLIB (T code, R read-only data, B zero-initialised data); a name the reference
# library lacks is typed T, since every such name in the list is a function.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
names=${1:-$top/../shared/abi/sqlite3-symbols.txt}
syslib=${2:-/lib/x86_64-linux-gnu/libsqlite3.so.0}
[ -r "$names" ] || { echo "gen-sym: cannot read $names" >&2; exit 2; }
[ -r "$syslib" ] || { echo "gen-sym: cannot read $syslib" >&2; exit 2; }

tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
nm -D --defined-only "$syslib" | awk 'NF == 3 { print $3, $2 }' > "$tmp"

LC_ALL=C awk -v types="$tmp" '
    BEGIN { while ((getline line < types) > 0) { split(line, f, " "); ty[f[1]] = f[2] } }
    /^[ \t]*(#|$)/ { next }
    { name = $1; print ((name in ty) ? ty[name] : "T"), name }
' "$names" | LC_ALL=C sort -k2,2 -u
