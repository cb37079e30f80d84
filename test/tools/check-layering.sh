#!/usr/bin/env bash
# Enforces that dependencies point downward (STYLE.md "Dependencies point
# downward only"): io/ and mvcc/ include only their own headers, core.h and
# sqlite3.h; *_int.h headers stay inside their prefix; outside io/ nothing
# calls the OS for time, randomness, sleep or file I/O.
set -u
top=${1:-.}
cd "$top" || exit 2
bad=0
report() { echo "layering: $*"; bad=1; }

for f in io/*.[ch] mvcc/*.[ch]; do
  [ -f "$f" ] || continue
  dir=${f%%/*}
  for inc in $(grep -oE '^#include "[^"]+"' "$f" | sed 's/#include "//;s/"$//'); do
    case "$inc" in
      sqlite3.h|../sqlite3.h|../engine/core.h|engine/core.h|config.h) ;;
      */*) report "$f includes $inc (io/ and mvcc/ may include only their own headers, core.h, sqlite3.h)" ;;
      *) [ -f "$dir/$inc" ] || report "$f includes $inc, not in $dir/" ;;
    esac
  done
done

for f in $(ls engine/*.[ch] compat/*.[ch] io/*.[ch] mvcc/*.[ch] 2>/dev/null); do
  for inc in $(grep -oE '^#include "[^"]*_int\.h"' "$f" | sed 's/.*"\(.*\)"/\1/'); do
    base=$(basename "$inc" _int.h)
    case "$(basename "$f")" in "$base"*) ;; *) report "$f includes private $inc";; esac
  done
done

for f in $(ls engine/*.c compat/*.c mvcc/*.c 2>/dev/null); do
  if grep -nE '\b(pread|pwrite|usleep|nanosleep|clock_gettime|gettimeofday|rand|srand|getrandom|fsync|fdatasync)\s*\(' "$f" \
      | grep -vE '^\s*[0-9]+:\s*(/\*|\*|//)' >/tmp/layering.$$ 2>/dev/null && [ -s /tmp/layering.$$ ]; then
    sed "s|^|$f:|" /tmp/layering.$$ | while read -r l; do echo "layering: OS call outside io/: $l"; done
    bad=1
  fi
done
rm -f /tmp/layering.$$
compat_engine=$(grep -lE '^#include "\.\./engine/(btree|pager|vdbe_int|btree_int|pager_int)\.h"' compat/*.c 2>/dev/null)
[ -n "$compat_engine" ] && report "compat reaches below the engine API: $compat_engine"
[ $bad -eq 0 ] && echo "layering: ok"
exit $bad
