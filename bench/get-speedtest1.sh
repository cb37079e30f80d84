#!/bin/sh
# get-speedtest1.sh: fetch SQLite's speedtest1.c from Debian's sqlite3 source
# package into a cache OUTSIDE version control, idempotently.
#
# Invariants:
#  1. The SQLite source never enters the repository: it lives in $BENCH_CACHE
#     (default $HOME/.cache/sqlite-ng), and bench/.gitignore also ignores
#     bench/.cache in case someone points BENCH_CACHE there.
#  2. A second run does no network access: if speedtest1.c is already in the
#     cache, the script only prints its path.
#  3. On success the last line of stdout is the absolute path of speedtest1.c;
#     on failure the exit status is non-zero and stderr says why.
set -eu

CACHE=${BENCH_CACHE:-"$HOME/.cache/sqlite-ng"}
SRCFILE=$(ls "$CACHE"/sqlite3-*/test/speedtest1.c 2>/dev/null | head -n 1 || true)
if [ -n "$SRCFILE" ] && [ -s "$SRCFILE" ]; then
    echo "$SRCFILE"
    exit 0
fi

mkdir -p "$CACHE"
LIST=/etc/apt/sources.list.d/debian-src.sources
if ! grep -rqs '^Types:.*deb-src' /etc/apt/sources.list.d/ /etc/apt/sources.list 2>/dev/null; then
    # Writing apt sources needs root; without it, ask the user to do it.
    if [ "$(id -u)" != 0 ]; then
        echo "get-speedtest1: no deb-src entry and not root; add one to $LIST" >&2
        exit 1
    fi
    cat > "$LIST" <<'SRC'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
    apt-get update -qq >&2
fi

# apt-get source unpacks in the current directory; dpkg-dev provides dpkg-source.
cd "$CACHE"
apt-get source -qq sqlite3 >&2
SRCFILE=$(ls "$CACHE"/sqlite3-*/test/speedtest1.c 2>/dev/null | head -n 1 || true)
if [ -z "$SRCFILE" ]; then
    echo "get-speedtest1: speedtest1.c not found after apt-get source in $CACHE" >&2
    exit 1
fi
echo "$SRCFILE"
