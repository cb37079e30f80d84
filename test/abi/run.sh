#!/bin/sh
# run.sh - prove that our sqlite3.h is ABI-identical to the system's SQLite 3.40.1 header.
#
# Usage: test/abi/run.sh [SRCDIR]   (SRCDIR: the repository root; default $srcdir, else ".")
# Environment: CC (default cc), CXX (default c++ if present; the C++ check is skipped when
#   there is none), SYSTEM_SQLITE3_H (default /usr/include/sqlite3.h), ABI_KEEP=1 keeps the
#   work directory and prints its path.
#
# Needs only a C compiler (gcc or clang), awk, nm and the system header.  Checks, each item
# counted once:
#   hygiene    our header compiles alone with -std=c11 -Wall -Wextra -Werror -pedantic, as C++,
#              with SQLITE_BUILDING_LIBRARY, when included twice, and under the system's
#              sqlite3ext.h (what loadable extensions include)
#   macros     every macro either header defines (union): integer constants compared by type
#              and value, strings and pointer constants by value, the rest by definition text
#   layout     every struct either header defines: size and alignment; every member: offset
#              and size (one program built against each header, outputs compared)
#   members    every member's type, declared with the other header's text, is compatible
#              with ours (and the reverse)
#   decls      every typedef, function and extern declaration of the system header compiles
#              as a redeclaration after ours (a mismatch is "conflicting types"), and the reverse
#   presence   every name in compat/sqlite3.sym and every function the system header declares
#              is declared by ours
#   exports    a stub library built from our header with -fvisibility=hidden exports exactly
#              compat/sqlite3.sym (test/tools/check-symbols.sh), proving SQLITE_API is on every
#              exported declaration
# Prints each failure, a summary per check and, last, "abi: N passed, M failed".  Exit status
# 0 only if nothing failed.  Output is deterministic (LC_ALL=C ordering).
set -u
LC_ALL=C
export LC_ALL

srcdir=$(cd "${1:-${srcdir:-.}}" && pwd) || exit 2
here=$(cd "$(dirname "$0")" && pwd)
CC=${CC:-cc}
if [ -z "${CXX:-}" ] && command -v c++ > /dev/null 2>&1; then CXX=c++; fi
CXX=${CXX:-}
syshdr=${SYSTEM_SQLITE3_H:-/usr/include/sqlite3.h}
ourhdr=$srcdir/sqlite3.h
symfile=$srcdir/compat/sqlite3.sym
checksyms=$srcdir/test/tools/check-symbols.sh

# Optional interfaces the system header hides behind compile-time switches; ours declares
# them unconditionally, so both are compared with all of them on.
GATES="-DSQLITE_ENABLE_SESSION -DSQLITE_ENABLE_PREUPDATE_HOOK -DSQLITE_ENABLE_NORMALIZE"

# Macros deliberately not compared: the system header's include guards for the parts it
# pastes in (R*Tree, session, FTS5).  Ours has one guard, SQLITE3_H, which both define.
IGNORED_MACROS="_SQLITE3RTREE_H_ __SQLITESESSION_H_ _FTS5_H"

for f in "$syshdr" "$ourhdr" "$symfile" "$here/parse.awk" "$here/macros.awk"; do
    [ -r "$f" ] || { echo "abi: cannot read $f" >&2; exit 2; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/abi.XXXXXX") || exit 2
if [ "${ABI_KEEP:-0}" = 1 ]; then
    echo "abi: work directory $work"
else
    trap 'rm -rf "$work"' EXIT
fi
mkdir "$work/sys" "$work/ours"
ln -s "$syshdr" "$work/sys/sqlite3.h"
ln -s "$ourhdr" "$work/ours/sqlite3.h"

npass=0
nfail=0
stage_pass=0
stage_fail=0
pass() { stage_pass=$((stage_pass + ${1:-1})); }
fail() { stage_fail=$((stage_fail + 1)); echo "FAIL: $*"; }
stage_end() {
    echo "abi: $1: $stage_pass passed, $stage_fail failed"
    npass=$((npass + stage_pass))
    nfail=$((nfail + stage_fail))
    stage_pass=0
    stage_fail=0
}

# cc_check SIDE FILE [FLAGS...]: compile FILE against header SIDE (sys|ours), no output.
cc_check() {
    side=$1; file=$2; shift 2
    $CC -std=c11 $GATES "$@" -I"$work/$side" -c "$file" -o "$work/obj.o" 2> "$work/cc.err"
}

# cc_run SIDE FILE OUT: build and run a program against header SIDE, stdout to OUT.
cc_run() {
    $CC -std=c11 $GATES -I"$work/$1" "$2" -o "$work/prog" 2> "$work/cc.err" &&
        "$work/prog" > "$3"
}

show_err() { sed -n '1,12s/^/    /p' "$work/cc.err"; }

# ---------------------------------------------------------------------------------------
# hygiene
# ---------------------------------------------------------------------------------------
if $CC -std=c11 -Wall -Wextra -Werror -pedantic -fsyntax-only -x c "$ourhdr" \
        2> "$work/cc.err"; then pass; else fail "sqlite3.h does not compile as C11"; show_err; fi
if [ -n "$CXX" ] && command -v "$CXX" > /dev/null 2>&1; then
    if $CXX -Wall -Wextra -Werror -fsyntax-only -x c++ "$ourhdr" 2> "$work/cc.err"; then
        pass
    else
        fail "sqlite3.h does not compile as C++"; show_err
    fi
else
    echo "abi: hygiene: no C++ compiler, C++ check skipped"
fi
if $CC -std=c11 -Wall -Wextra -Werror -DSQLITE_BUILDING_LIBRARY -fsyntax-only -x c "$ourhdr" \
        2> "$work/cc.err"; then
    pass
else
    fail "sqlite3.h does not compile with SQLITE_BUILDING_LIBRARY"; show_err
fi
printf '#include "sqlite3.h"\n#include "sqlite3.h"\nint abi_twice;\n' > "$work/twice.c"
if cc_check ours "$work/twice.c" -Wall -Wextra -Werror; then
    pass
else
    fail "sqlite3.h cannot be included twice"; show_err
fi
# Loadable extensions include the system's sqlite3ext.h, which pulls in "sqlite3.h" from its
# own directory: a symlink beside ours makes that ours.
sysext=$(dirname "$syshdr")/sqlite3ext.h
if [ -r "$sysext" ]; then
    ln -s "$sysext" "$work/ours/sqlite3ext.h"
    printf '%s\n' '#include "sqlite3ext.h"' 'SQLITE_EXTENSION_INIT1' \
        'int abi_ext(sqlite3 *db);' \
        'int abi_ext(sqlite3 *db) { return sqlite3_exec(db, "", 0, 0, 0); }' \
        > "$work/ext.c"
    if cc_check ours "$work/ext.c" -Wall -Wextra -Werror; then
        pass
    else
        fail "the system sqlite3ext.h does not compile on top of our header"; show_err
    fi
    rm -f "$work/ours/sqlite3ext.h"
else
    echo "abi: hygiene: no $sysext, extension-header check skipped"
fi
stage_end hygiene

# ---------------------------------------------------------------------------------------
# macros
# ---------------------------------------------------------------------------------------
# -dM lists every macro; subtract what <stdarg.h> and the compiler define on their own.
printf '#include <stdarg.h>\n' > "$work/base.c"
$CC -std=c11 $GATES -dM -E "$work/base.c" | sort > "$work/base.dm"
for side in sys ours; do
    printf '#include "sqlite3.h"\n' > "$work/inc.c"
    $CC -std=c11 $GATES -I"$work/$side" -dM -E "$work/inc.c" | sort > "$work/$side.dm.all"
    comm -13 "$work/base.dm" "$work/$side.dm.all" |
        awk -v ignored="$IGNORED_MACROS" '
            BEGIN { n = split(ignored, a, " "); for (i = 1; i <= n; i++) skip[a[i]] = 1 }
            /^#define / {
                line = substr($0, 9)
                if (match(line, /^[A-Za-z_][A-Za-z0-9_]*(\([^)]*\))?/)) {
                    name = substr(line, 1, RLENGTH); def = substr(line, RLENGTH + 1)
                    sub(/^[ \t]+/, "", def); gsub(/[ \t]+/, " ", def); sub(/ $/, "", def)
                    if (!(name in skip)) print name "\t" def
                }
            }' > "$work/$side.macros"
done
cat "$work/sys.macros" "$work/ours.macros" |
    awk -v textfile="$work/text.names" -f "$here/macros.awk" > "$work/macros.c"
: >> "$work/text.names"
for side in sys ours; do
    if ! cc_run "$side" "$work/macros.c" "$work/$side.values"; then
        fail "macro printer does not build against the $side header"; show_err
        : > "$work/$side.values"
    fi
    # Text-class macros: compare definitions as -dM shows them (whitespace normalised).
    awk -F '\t' -v names="$work/text.names" '
        BEGIN { while ((getline n < names) > 0) want[n] = 1 }
        ($1 in want) { print $1 " text " $2; seen[$1] = 1 }
        END { for (n in want) if (!(n in seen)) print n " <undefined>" }
    ' "$work/$side.macros" >> "$work/$side.values"
done
# Compare the two lists name by name (first field).
awk '
    FNR == 1 { side++ }
    { key = $1; val = substr($0, length($1) + 2); v[side, key] = val; names[key] = 1 }
    END {
        for (k in names) {
            a = ((1, k) in v) ? v[1, k] : "<absent>"; b = ((2, k) in v) ? v[2, k] : "<absent>"
            print ((a == b && a !~ /undefined/) ? "ok" : "bad") "\t" k "\t" a "\t" b
        }
    }' "$work/sys.values" "$work/ours.values" | sort -t "$(printf '\t')" -k2,2 > "$work/macros.cmp"
while IFS="$(printf '\t')" read -r verdict name a b; do
    if [ "$verdict" = ok ]; then pass; else fail "macro $name: system [$a] ours [$b]"; fi
done < "$work/macros.cmp"
stage_end macros

# ---------------------------------------------------------------------------------------
# Parse both headers (preprocessed, so comments and macros are gone).
# ---------------------------------------------------------------------------------------
for side in sys ours; do
    printf '#include "sqlite3.h"\n' > "$work/inc.c"
    if ! $CC -std=c11 $GATES -I"$work/$side" -E -P "$work/inc.c" > "$work/$side.i" \
            2> "$work/cc.err" ||
        ! awk -f "$here/parse.awk" "$work/$side.i" > "$work/$side.decls"; then
        echo "abi: cannot parse the $side header" >&2
        cat "$work/cc.err" >&2
        exit 2
    fi
    # parse.awk also sees <stdarg.h>'s typedefs; they are not part of either header.
    grep -v '__gnuc_va_list\|__builtin_va_list' "$work/$side.decls" > "$work/$side.d2"
    mv "$work/$side.d2" "$work/$side.decls"
done

# ---------------------------------------------------------------------------------------
# layout: sizes, alignments and offsets
# ---------------------------------------------------------------------------------------
# Union of structs and members, in first-seen order (system first).
cat "$work/sys.decls" "$work/ours.decls" | awk -F '\t' '
    $1 == "S" && !(("S", $2) in seen) { seen["S", $2] = 1; print "S\t" $2 }
    $1 == "M" && !(("M", $2, $3) in seen) { seen["M", $2, $3] = 1; print "M\t" $2 "\t" $3 }
' > "$work/layout.list"

# gen_layout LIST > C: a program printing the layout of the listed structs and members.
gen_layout() {
    awk -F '\t' '
        BEGIN {
            print "#include <stdio.h>\n#include <stddef.h>\n#include \"sqlite3.h\""
            print "int main(void)\n{"
        }
        $1 == "S" {
            printf "    printf(\"struct %s size %%zu align %%zu\\n\", sizeof(struct %s), " \
                "_Alignof(struct %s));\n", $2, $2, $2
        }
        $1 == "M" {
            printf "    printf(\"struct %s.%s offset %%zu size %%zu\\n\", " \
                "offsetof(struct %s, %s), sizeof(((struct %s *)0)->%s));\n", \
                $2, $3, $2, $3, $2, $3
        }
        END { print "    return 0;\n}" }' "$1"
}

gen_layout "$work/layout.list" > "$work/layout.c"
if cc_run sys "$work/layout.c" "$work/sys.layout" &&
        cc_run ours "$work/layout.c" "$work/ours.layout"; then
    paste -d '\n' "$work/sys.layout" "$work/ours.layout" | awk '
        NR % 2 == 1 { a = $0; next }
        { if (a == $0) print "ok\t" a; else print "bad\tsystem [" a "] ours [" $0 "]" }
    ' > "$work/layout.cmp"
    while IFS="$(printf '\t')" read -r verdict what; do
        if [ "$verdict" = ok ]; then pass; else fail "layout: $what"; fi
    done < "$work/layout.cmp"
else
    # Some struct or member is missing on one side: retry struct by struct to name it.
    show_err
    awk -F '\t' '$1 == "S" { print $2 }' "$work/layout.list" > "$work/structs"
    while read -r tag; do
        awk -F '\t' -v t="$tag" '$2 == t' "$work/layout.list" > "$work/one.list"
        gen_layout "$work/one.list" > "$work/one.c"
        n=$(wc -l < "$work/one.list")
        if cc_run sys "$work/one.c" "$work/a.out1" && cc_run ours "$work/one.c" "$work/a.out2" &&
                cmp -s "$work/a.out1" "$work/a.out2"; then
            pass "$n"
        else
            fail "layout of struct $tag differs or does not compile on one side"; show_err
        fi
    done < "$work/structs"
fi
stage_end layout

# ---------------------------------------------------------------------------------------
# members: types of struct members, each header's text checked against the other header
# ---------------------------------------------------------------------------------------
# gen_member_types DECLS > C: for each M record, declare its type from the record's text
# and require it to be compatible with the member as the included header declares it.
gen_member_types() {
    awk -F '\t' '
        BEGIN { print "#include \"sqlite3.h\"" }
        $1 == "M" {
            k++; t = $4; sub(/@/, "abi_member_t" k, t)
            printf "typedef %s;\n_Static_assert(__builtin_types_compatible_p(abi_member_t%d, " \
                "__typeof__(((struct %s *)0)->%s)), \"type of %s.%s\");\n", t, k, $2, $3, $2, $3
        }' "$1"
}

# check_each WHAT SIDE GENERATOR DECLS TYPE: compile the generated file against SIDE; on
# failure, compile record by record to name the culprits.  Counts one item per record.
check_each() {
    what=$1; side=$2; gen=$3; decls=$4; type=$5
    awk -F '\t' -v t="$type" '$1 == t' "$decls" > "$work/each.list"
    n=$(wc -l < "$work/each.list")
    $gen "$work/each.list" > "$work/each.c"
    if cc_check "$side" "$work/each.c" -Wall -Wextra -Werror; then
        pass "$n"
        return
    fi
    while IFS= read -r rec; do
        printf '%s\n' "$rec" > "$work/rec.list"
        $gen "$work/rec.list" > "$work/rec.c"
        if cc_check "$side" "$work/rec.c" -Wall -Wextra -Werror; then
            pass
        else
            fail "$what: $(printf '%s' "$rec" | cut -f2-3 | tr '\t' ' ')"; show_err
        fi
    done < "$work/each.list"
}

check_each "member type (system text vs our header)" ours gen_member_types "$work/sys.decls" M
check_each "member type (our text vs system header)" sys gen_member_types "$work/ours.decls" M
stage_end members

# ---------------------------------------------------------------------------------------
# decls: every typedef / function / extern of one header redeclared after the other
# ---------------------------------------------------------------------------------------
gen_redecl() {
    awk -F '\t' 'BEGIN { print "#include \"sqlite3.h\"" } $1 == "D" { print $2 }' "$1"
}
check_each "declaration (system text vs our header)" ours gen_redecl "$work/sys.decls" D
check_each "declaration (our text vs system header)" sys gen_redecl "$work/ours.decls" D
stage_end decls

# ---------------------------------------------------------------------------------------
# presence: names that must be declared by our header
# ---------------------------------------------------------------------------------------
{
    awk '!/^[ \t]*(#|$)/ { print "P\t" $2 }' "$symfile"
    awk -F '\t' '$1 == "F" || $1 == "V" { print "P\t" $2 }' "$work/sys.decls"
} | sort -u > "$work/presence.list"
gen_presence() {
    awk -F '\t' '
        BEGIN {
            print "#include \"sqlite3.h\""
            print "void abi_presence(void);\nvoid abi_presence(void)\n{"
        }
        $1 == "P" { print "    (void)&" $2 ";" }
        END { print "}" }' "$1"
}
check_each "not declared by our header" ours gen_presence "$work/presence.list" P
stage_end presence

# ---------------------------------------------------------------------------------------
# exports: SQLITE_API must export exactly compat/sqlite3.sym from a -fvisibility=hidden build
# ---------------------------------------------------------------------------------------
awk '
    BEGIN {
        print "#define SQLITE_BUILDING_LIBRARY 1\n#include \"sqlite3.h\""
        print "void abi_stub(void);\nvoid abi_stub(void) {}"
    }
    $1 == "T" { print "extern __typeof__(" $2 ") " $2 " __attribute__((alias(\"abi_stub\")));" }
    $1 == "R" && $2 == "sqlite3_version" { print "const char sqlite3_version[] = SQLITE_VERSION;" }
    $1 == "B" { print "char *" $2 ";" }
' "$symfile" > "$work/stub.c"
if $CC -std=c11 -shared -fPIC -fvisibility=hidden -I"$work/ours" "$work/stub.c" \
        -o "$work/libstub.so" 2> "$work/cc.err"; then
    if sh "$checksyms" "$work/libstub.so" "$symfile" > "$work/syms.out" 2>&1; then
        pass
    else
        fail "stub library built from our header does not export compat/sqlite3.sym"
        sed 's/^/    /' "$work/syms.out" | head -40
    fi
else
    fail "stub library does not build"; show_err
fi
stage_end exports

echo "abi: $npass passed, $nfail failed"
[ "$nfail" -eq 0 ]
