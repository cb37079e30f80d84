#!/usr/bin/env bash
# Configures (once) and builds the library in the source tree.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x configure ] || autoreconf -fi >/dev/null
[ -f Makefile ] || ./configure -q
make -j"$(nproc)" >/dev/null
echo "built: $(pwd)/.libs/libsqlite3.so.0"
