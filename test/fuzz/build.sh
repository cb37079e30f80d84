#!/bin/bash
# build.sh - build the libFuzzer targets (make fuzz).
#
# Usage: test/fuzz/build.sh SRCDIR BUILDDIR "LIBRARY SOURCES" ["EXTRA LIBS"]
#   SRCDIR      the repository root (top_srcdir)
#   BUILDDIR    where test/fuzz/ binaries and objects go (top_builddir)
#   SOURCES     the library's .c files, relative to SRCDIR (make passes the .c files of
#               libsqlite3_core_la_SOURCES)
#   EXTRA LIBS  e.g. -luring when the io_uring backend is configured
# Environment: FUZZ_CC (default clang), FUZZ_AGAINST=system links the system libsqlite3
#   instead of our sources (to validate the targets themselves), FUZZ_JOBS (parallel
#   compiles, default nproc).
# Our sources are compiled with -fsanitize=fuzzer-no-link,address,undefined and
# -DSQLITE_DEBUG (assertions on, as the style guide requires for fuzz builds) into
# BUILDDIR/test/fuzz/obj/, recompiling only what changed; each target links them with
# -fsanitize=fuzzer.  Exit status 0 when both targets were built.
set -eu
SRCDIR=$1
BUILDDIR=$2
SOURCES=$3
EXTRA_LIBS=${4:-}
CC=${FUZZ_CC:-clang}
JOBS=${FUZZ_JOBS:-$(nproc 2>/dev/null || echo 2)}
SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined"
CFLAGS="-std=c11 -g -O1 -D_GNU_SOURCE -DSQLITE_DEBUG -DSQLITE_BUILDING_LIBRARY -I$SRCDIR -I$BUILDDIR"
out=$BUILDDIR/test/fuzz
mkdir -p "$out/obj"

if [ "${FUZZ_AGAINST:-ours}" = system ]; then
  LIBS="-lsqlite3"
else
  [ -f "$BUILDDIR/config.h" ] && CFLAGS="$CFLAGS -DHAVE_CONFIG_H"
  # One object per source (path flattened), rebuilt when the source or any header changed.
  # shellcheck disable=SC2012  # our own header names: no odd characters
  newest_h=$(ls -t "$SRCDIR"/engine/*.h "$SRCDIR"/compat/*.h "$SRCDIR"/io/*.h "$SRCDIR"/sqlite3.h \
             2>/dev/null | head -1)
  todo=""
  for s in $SOURCES; do
    o="$out/obj/$(echo "$s" | tr / _ | sed 's/\.c$/.o/')"
    if [ ! -f "$o" ] || [ "$SRCDIR/$s" -nt "$o" ] || [ "$newest_h" -nt "$o" ]; then
      todo="$todo $s"
    fi
  done
  if [ -n "$todo" ]; then
    echo "fuzz: compiling $(echo "$todo" | wc -w | tr -d ' ') library sources with $CC"
    # shellcheck disable=SC2086,SC2016  # split the list; the sh -c text expands in the child
    printf '%s\n' $todo | xargs -P "$JOBS" -I{} sh -c \
      'o="$0/obj/$(echo "$1" | tr / _ | sed "s/\.c\$/.o/")"; '"$CC $CFLAGS $SAN"' \
       -fsanitize=fuzzer-no-link -c "$2/$1" -o "$o"' "$out" {} "$SRCDIR"
  fi
  LIBS=""
  for s in $SOURCES; do LIBS="$LIBS $out/obj/$(echo "$s" | tr / _ | sed 's/\.c$/.o/')"; done
  LIBS="$LIBS $EXTRA_LIBS -lm -lpthread"
fi

for t in fuzz_sql fuzz_dbfile; do
  # shellcheck disable=SC2086
  $CC $CFLAGS $SAN -fsanitize=fuzzer -Wall -Wextra -Werror "$SRCDIR/test/fuzz/$t.c" $LIBS \
    -o "$out/$t"
  echo "fuzz: built $out/$t"
done
