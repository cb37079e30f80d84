#!/bin/sh
# ratchet.sh - the TCL-suite ratchet in `make check` (issue 7).
#
#   ratchet.sh                 run the files named in ratchet.txt on our
#                              library; fail if any listed case stopped passing
#   ratchet.sh --update DIR... add to ratchet.txt every case of a core.txt
#                              file that passed in ALL the given run.sh result
#                              directories (runs of ours) and in the reference
#                              run (REF=~/.cache/sqlite-ng/tcltest/ref default)
#
# ratchet.txt: "file<TAB>case" lines, sorted; it only grows (--update never
# removes a line).  A case that regresses must be fixed, not deleted.
#
# Invariants:
#  1. Only cases the reference also passes are ever added (fair score).
#  2. --update requires agreement of every given run, which filters out
#     cases that pass by chance (random data, timing).
#  3. Exit codes follow automake: 0 pass, 1 fail, 77 skip (no tclsh, no
#     Tcl sqlite3 package, no upstream sources).
set -u
here=$(cd "$(dirname "$0")" && pwd)
list=$here/ratchet.txt

if [ "${1:-}" = --update ]; then
    shift
    ref=${REF:-$HOME/.cache/sqlite-ng/tcltest/ref}
    [ $# -ge 1 ] || { echo "usage: ratchet.sh --update OURS_DIR..." >&2; exit 2; }
    tmp=$(mktemp)
    n=$#
    # Only files of the core list (core.txt), so that make check stays short.
    for d in "$ref" "$@"; do
        awk -F'\t' 'FNR == NR {if ($0 !~ /^#/) core[$0] = 1; next}
            $3 == "ok" && ($1 in core) {print $1 "\t" $2}' "$here/core.txt" "$d/cases.tsv" |
            sort -u
    done | sort | uniq -c | awk -v n=$((n + 1)) '$1 == n {sub(/^ *[0-9]+ /, ""); print}' > "$tmp"
    [ -f "$list" ] && cat "$list" >> "$tmp"
    LC_ALL=C sort -u "$tmp" > "$list"
    rm -f "$tmp"
    echo "ratchet.sh: $(wc -l < "$list") cases in $list"
    exit 0
fi

[ -s "$list" ] || { echo "ratchet.sh: empty $list"; exit 1; }
out=$(mktemp -d)
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$out"' EXIT
files=$(cut -f1 "$list" | sort -u)
# shellcheck disable=SC2086
bash "$here/run.sh" --ours --out "$out" --timeout "${TCLTEST_TIMEOUT:-60}" $files
rc=$?
# A missing prerequisite (tclsh, tcl-dev, libsqlite3-tcl, the upstream
# sources) is a failure here, not a skip: scripts/deps.sh installs them all,
# and a ratchet that skips itself would guard nothing.
[ $rc -eq 77 ] && { echo "ratchet: prerequisites missing (run scripts/deps.sh)"; exit 1; }
[ $rc -eq 0 ] || exit $rc
awk -F'\t' 'FNR == NR {st[$1 "\t" $2] = $3; next}
    { n++; if (st[$0] != "ok") { bad++; if (bad <= 50) print "ratchet: REGRESSION: " $0 " (" (st[$0] == "" ? "not run" : st[$0]) ")" } }
    END { printf "ratchet: %d of %d listed cases still pass\n", n - bad, n; exit bad > 0 }' \
    "$out/cases.tsv" "$list"
