# bench/node/run-node.sh: the Node section of bench/run.sh, sourced by it
# (it uses run.sh's WORK, TIMEOUT, CC, record, failed_before, selected_node,
# exit_text, err_tail and note).  Defines node_setup, node_round, node_meta.
#
# Invariants:
#  1. Sides: A = SQLite and B = ours, both through bench/node/binding.c (one
#     .node file built here, linked with -lsqlite3, so only LD_LIBRARY_PATH
#     chooses the library, as for bench_api); T = Turso's own npm package.
#     Before timing, each native side must report (dladdr) the very file in
#     $WORK/lib/<side>, and bench/node/binding_test.mjs must pass on it.
#  2. The Turso version is pinned here, in TURSO_VERSION, and nowhere else;
#     the package is installed into a cache outside the tree, never in git.
#  3. Unavailability is reported, never fatal: NODE_STATUS / TURSO_STATUS
#     hold "ok" or "not available: <reason>", and make bench goes on.
#  4. Rounds rotate the sides (A B T, B T A, T A B, ...) so that no engine
#     always runs first or last.  Results go to results.tsv as workload
#     "node:<name>", sides A, B, T.

TURSO_VERSION=0.7.2
TURSO_PKG=@tursodatabase/database
NODE_DIR=$here/node
NODE_STATUS="not run"
TURSO_STATUS="not run"
NODE_SIDES=""
TURSO_DIR=""

# Compile the binding once; any libsqlite3.so.0 works at link time (SONAME).
node_build_binding() {
    local inc=${BENCH_NODE_INCLUDE:-/usr/include/node}
    [ -f "$inc/node_api.h" ] || { echo "no $inc/node_api.h"; return 1; }
    $CC -std=c11 -shared -fPIC -O2 -g -Wall -Wextra -Werror -I"$inc" -I"$top_srcdir" \
        "$NODE_DIR/binding.c" -o "$WORK/build/sqlite_binding.node" \
        -L"$WORK/link" -lsqlite3 -ldl -lm > "$WORK/logs/node-binding-build.log" 2>&1 ||
        { echo "binding.c did not compile: $(err_tail "$WORK/logs/node-binding-build.log")"
          return 1; }
}

# Run workloads.mjs for one side with the environment that side needs, under
# `timeout` (NODE_TIMEOUT seconds, default 60).
node_cmd() {
    local side=$1; shift
    local -a tmo=(timeout -k 5 "${NODE_TIMEOUT:-60}")
    if [ "$side" = T ]; then
        env -u LD_LIBRARY_PATH BENCH_TURSO_DIR="$TURSO_DIR" \
            "${tmo[@]}" node "$NODE_DIR/workloads.mjs" --engine turso "$@"
    else
        LD_LIBRARY_PATH=$WORK/lib/$side BENCH_NODE_BINDING=$WORK/build/sqlite_binding.node \
            "${tmo[@]}" node "$NODE_DIR/workloads.mjs" --engine native "$@"
    fi
}

# Check that native side $1 loads its own library and passes binding_test.
node_check_native() {
    local side=$1 got
    node_cmd "$side" --version > "$WORK/node-version-$side.txt" 2> "$WORK/logs/node-version-$side.err"
    got=$(sed -n 's/^library //p' "$WORK/node-version-$side.txt")
    [ "$got" = "$WORK/lib/$side/libsqlite3.so.0" ] ||
        { echo "side $side loaded '$got', not $WORK/lib/$side/libsqlite3.so.0" \
               "$(err_tail "$WORK/logs/node-version-$side.err")"; return 1; }
    LD_LIBRARY_PATH=$WORK/lib/$side BENCH_NODE_BINDING=$WORK/build/sqlite_binding.node \
        timeout -k 5 60 node "$NODE_DIR/binding_test.mjs" "$WORK/node-test-$side" \
        > "$WORK/logs/node-binding-test-$side.log" 2>&1 ||
        { echo "binding_test failed on side $side:" \
               "$(err_tail "$WORK/logs/node-binding-test-$side.log")"; return 1; }
}

# Install the pinned package into the cache once (idempotent), then check that
# its prebuilt binary loads here (invariants 2 and 3).
node_setup_turso() {
    local pkg=$TURSO_DIR/node_modules/$TURSO_PKG/package.json
    if ! grep -q "\"version\": \"$TURSO_VERSION\"" "$pkg" 2>/dev/null; then
        command -v npm > /dev/null || { echo "npm not found"; return 1; }
        mkdir -p "$TURSO_DIR" || { echo "cannot create $TURSO_DIR"; return 1; }
        note "installing $TURSO_PKG@$TURSO_VERSION into $TURSO_DIR"
        timeout -k 5 300 npm install --prefix "$TURSO_DIR" --no-audit --no-fund \
            --no-save "$TURSO_PKG@$TURSO_VERSION" > "$WORK/logs/npm-install.log" 2>&1 ||
            { echo "npm install $TURSO_PKG@$TURSO_VERSION failed:" \
                   "$(err_tail "$WORK/logs/npm-install.log")"; return 1; }
    fi
    node_cmd T --version > "$WORK/node-version-T.txt" 2> "$WORK/logs/node-version-T.err" ||
        { echo "its binary does not load: $(err_tail "$WORK/logs/node-version-T.err")"
          return 1; }
    grep -q "^library $TURSO_DIR/.*\.node$" "$WORK/node-version-T.txt" ||
        { echo "no Turso binary from $TURSO_DIR mapped: $(head -n 1 "$WORK/node-version-T.txt")"
          return 1; }
}

node_setup() {
    : > "$WORK/node-list.txt"
    if [ "${BENCH_NODE:-1}" = 0 ]; then
        NODE_STATUS="skipped (BENCH_NODE=0)"; TURSO_STATUS=$NODE_STATUS; return
    fi
    local why
    command -v node > /dev/null || { NODE_STATUS="not available: node not found"
                                     TURSO_STATUS=$NODE_STATUS; return; }
    why=$(node_build_binding) || { NODE_STATUS="not available: $why"; }
    if [ "$NODE_STATUS" = "not run" ]; then
        why=$(node_check_native A) || NODE_STATUS="not available: $why"
    fi
    if [ "$NODE_STATUS" = "not run" ]; then
        NODE_STATUS=ok
        NODE_SIDES="A B"
        # Side B may fail to load or fail the binding test: that is a finding
        # about our library, reported in the section, not a reason to skip it.
        why=$(node_check_native B) || NODE_STATUS="ours: $why"
    fi
    TURSO_DIR=${BENCH_CACHE:-$HOME/.cache/sqlite-ng}/node-turso-$TURSO_VERSION
    why=$(node_setup_turso) && TURSO_STATUS=ok || TURSO_STATUS="not available: $why"
    [ "$TURSO_STATUS" = ok ] && NODE_SIDES="$NODE_SIDES T"
    note "Node section: SQLite/ours $NODE_STATUS; Turso $TURSO_STATUS"
    [ -n "$NODE_SIDES" ] || return
    local side=${NODE_SIDES%% *}
    node_cmd "$side" --list > "$WORK/node-list.txt" 2> "$WORK/logs/node-list.err" ||
        { NODE_STATUS="not available: workloads.mjs --list failed:" \
                      "$(err_tail "$WORK/logs/node-list.err")"; NODE_SIDES=""; }
}

# One timed run of a Node workload on one side (as run_api in run.sh).
run_node() {
    local side=$1 w=$2 r=$3 needfix=$4
    local db=$WORK/node.db log=$WORK/logs/node-$w-$side-$r
    rm -f "$db" "$db-journal" "$db-wal" "$db-shm"
    [ "$needfix" = 1 ] && cp "$WORK/fixture.db" "$db"
    sync   # no writeback of the previous run inside this one
    NODE_TIMEOUT=$TIMEOUT node_cmd "$side" --run "$w" --db "$db" > "$log.out" 2> "$log.err"
    local rc=$? line
    line=$(grep "^BENCH $w " "$log.out" | tail -n 1)
    set -- $line
    if [ "$rc" = 0 ] && [ "${3:-}" = ok ]; then
        record "$side" "node:$w" "$r" ok "$4" "$5" "$6" ""
    elif [ "${3:-}" = FAILED ]; then
        record "$side" "node:$w" "$r" FAILED "" "$4" "" "${line#BENCH $w FAILED $4 }"
    else
        record "$side" "node:$w" "$r" FAILED "" "" "" \
            "$(exit_text $rc "$TIMEOUT"): $(err_tail "$log.err")"
    fi
}

# Side order of round r: the side list rotated by r-1 (invariant 4).
node_order() {
    local -a s=($NODE_SIDES)
    local n=${#s[@]} i
    for ((i = 0; i < n; i++)); do printf '%s ' "${s[$(( (i + $1 - 1) % n ))]}"; done
}

node_round() {
    local r=$1 entry w rest needfix side
    [ -n "$NODE_SIDES" ] || return
    while read -r entry; do
        [ -n "$entry" ] || continue
        w=${entry%% *}; rest=${entry#* }; needfix=${rest%% *}
        selected_node "$w" || continue
        for side in $(node_order "$r"); do
            failed_before "$side" "node:$w" || run_node "$side" "$w" "$r" "$needfix"
        done
    done < "$WORK/node-list.txt"
}

# Report lines for meta.tsv.
node_meta() {
    echo "node_status	$NODE_STATUS"
    echo "turso_status	$TURSO_STATUS"
    echo "node_version	$(node --version 2>/dev/null || echo none)"
    echo "turso_pinned	$TURSO_PKG@$TURSO_VERSION"
    local side
    for side in A B T; do
        [ -f "$WORK/node-version-$side.txt" ] || continue
        echo "node_lib_$side	$(sed -n 's/^library //p' "$WORK/node-version-$side.txt")"
    done
    [ -f "$WORK/node-version-T.txt" ] &&
        echo "turso_version	$(sed -n 's/^version //p' "$WORK/node-version-T.txt")"
    local bin
    bin=$(sed -n 's/^library //p' "$WORK/node-version-T.txt" 2>/dev/null)
    [ -f "$bin" ] && echo "turso_sha	$(sha256sum < "$bin" | cut -c1-16)"
    return 0
}
