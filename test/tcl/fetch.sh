#!/bin/sh
# fetch.sh - print the directory of the upstream SQLite source tree matching
# the system library, fetching it first if needed (issue 7).
#
# The tree comes from Debian's sqlite3 source package (apt-get source) and is
# cached in ${SQLITE_NG_CACHE:-$HOME/.cache/sqlite-ng}, outside our tree: it is
# only RUN, never copied into the repository (clean-room rule).
#
# Invariants:
#  1. Idempotent: an existing cache, or an existing deb-src entry (the
#     benchmark scripts may have written the same file), is reused as is.
#  2. The version fetched is the installed libsqlite3-0's, so the tests
#     match the reference library they are scored against.
#  3. Only this directory is printed on stdout; progress goes to stderr.
set -eu
cache=${SQLITE_NG_CACHE:-$HOME/.cache/sqlite-ng}
ver=$(dpkg-query -W -f '${Version}' libsqlite3-0 2>/dev/null || echo 3.40.1)
upver=${ver#*:}
upver=${upver%%-*}
dir=$cache/sqlite3-$upver
if [ -f "$dir/test/tester.tcl" ]; then
    echo "$dir"
    exit 0
fi
mkdir -p "$cache"
sudo=""
[ "$(id -u)" = 0 ] || sudo=sudo
src=/etc/apt/sources.list.d/debian-src.sources
if ! grep -rqs '^Types:.*deb-src\|^deb-src' /etc/apt/sources.list /etc/apt/sources.list.d/; then
    echo "fetch.sh: adding $src" >&2
    printf '%s\n' 'Types: deb-src' 'URIs: http://deb.debian.org/debian' \
        'Suites: bookworm bookworm-updates' 'Components: main' \
        'Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg' | $sudo tee "$src" > /dev/null
    $sudo apt-get update -q >&2
fi
command -v dpkg-source > /dev/null || $sudo apt-get install -y -q dpkg-dev >&2
(cd "$cache" && apt-get source -q "sqlite3=$ver" >&2) ||
    (cd "$cache" && apt-get source -q sqlite3 >&2)
[ -f "$dir/test/tester.tcl" ] || { echo "fetch.sh: no $dir/test/tester.tcl" >&2; exit 1; }
echo "$dir"
