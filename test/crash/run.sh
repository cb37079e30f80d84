#!/bin/sh
# run.sh: builds (if needed) and runs the pager crash test.
# Usage: test/crash/run.sh [crash_test options]   e.g. -n 200 -s 1234
# With top_builddir set (make check), uses the binary built there.
set -e
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
bin=${top_builddir:-$top}/test/crash/crash_test
if [ ! -x "$bin" ]; then
  bin=${TMPDIR:-/tmp}/crash_test.$$
  cat > "$bin.stub.c" <<'STUB'
#include "sqlite3.h"
void sqlite3_log(int iErrCode, const char *zFormat, ...) { (void)iErrCode; (void)zFormat; }
STUB
  ${CC:-cc} -std=c11 -D_GNU_SOURCE -DSQLITE_DEBUG -I"$top" -O1 -g -o "$bin" \
    "$top"/io/io.c "$top"/io/io_sync.c "$top"/io/prng.c "$top"/engine/pager.c "$top"/engine/wal.c \
    "$top"/engine/pcache.c "$top"/engine/mem.c "$top"/engine/util.c "$bin.stub.c" \
    "$top"/test/crash/crash_test.c -lpthread
  trap 'rm -f "$bin" "$bin.stub.c"' EXIT
fi
"$bin" "$@"
