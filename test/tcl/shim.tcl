# shim.tcl - the commands SQLite's testfixture binary adds to Tcl, emulated
# for plain tclsh + Debian's libsqlite3-tcl (issue 7).  Sourced by driver.tcl
# after the C extension (ext/tclstmt.c, the statement API) is loaded.
#
# What is emulated, and how:
#  - memory-debug, fault-injection, VFS-trace and coverage hooks: no-ops that
#    report "nothing happened" (no faults injected, no leaks logged);
#  - sqlite3_test_control / optimization_control / sqlite3_config_*: no-ops
#    returning SQLITE_OK-like results (the public API cannot reach them all);
#  - db_enter / db_leave: no-ops (tclsh runs one thread);
#  - ::sqlite_options: derived from the REFERENCE library's compile options
#    (TCLTEST_OPTIONS), so both engines take the same ifcapable paths;
#  - the testfixture link variables (sqlite_search_count, ...): zero;
#  - launch_testfixture: the child runs driver.tcl --child.
#
# Invariants:
#  1. Every do_test case is recorded exactly once in TCLTEST_CASES, named as
#     tester.tcl names it (testprefix applied), duplicates suffixed "#N".
#  2. Nothing here changes what a test computes through SQL: an emulated
#     command either does what testfixture's does or reports no effect.
#  3. The same shim serves the reference and our library (fair score).

namespace eval ::shim {
  variable casefd ""
  variable seen
  array set seen {}
  if {!$::shim_child && [info exists ::env(TCLTEST_CASES)]} {
    set casefd [open $::env(TCLTEST_CASES) a]
    fconfigure $casefd -buffering line
  }
  # Invariant 2 of driver.tcl: children inherit the environment.
  unset -nocomplain ::env(TCLTEST_CASES)
}

# ---- ::sqlite_options from the reference library's compile options ----

proc ::shim::load_options {} {
  set opts {}
  if {[info exists ::env(TCLTEST_OPTIONS)] && [file readable $::env(TCLTEST_OPTIONS)]} {
    set f [open $::env(TCLTEST_OPTIONS)]
    set opts [split [string trim [read $f]] \n]
    close $f
  }
  set names {}
  foreach o $opts { lappend names [lindex [split $o =] 0] }
  return $names
}

# Features that need an ENABLE_ option (on only if the reference has it),
# features that need testfixture-only C code (always off), and features
# whose OMIT_ name differs from the feature name.
proc ::shim::set_options {} {
  set have [::shim::load_options]
  array set need_enable {
    columnmetadata COLUMN_METADATA dbstat_vtab DBSTAT_VTAB fts3 FTS3 fts4 FTS4
    fts5 FTS5 rtree RTREE session SESSION preupdate PREUPDATE_HOOK
    stmtvtab STMTVTAB unlock_notify UNLOCK_NOTIFY update_delete_limit UPDATE_DELETE_LIMIT
    stat4 STAT4 icu ICU normalize NORMALIZE scanstatus STMT_SCANSTATUS
    snapshot SNAPSHOT rbu RBU api_armor API_ARMOR memorymanage MEMORY_MANAGEMENT
    atomicwrite BATCH_ATOMIC_WRITE cursorhints CURSOR_HINTS offset_sql_func OFFSET_SQL_FUNC
    mathlib MATH_FUNCTIONS null_trim NULL_TRIM sqllog SQLLOG userauth USER_AUTHENTICATION
    mem3 MEMSYS3 mem5 MEMSYS5 fts3_unicode FTS3 fts3_tokenizer FTS3_TOKENIZER
    fts3_parenthesis FTS3_PARENTHESIS geopoly GEOPOLY json1 JSON1 load_ext LOAD_EXTENSION
    secure_delete SECURE_DELETE direct_read DIRECT_OVERFLOW_READ
    casesensitivelike CASE_SENSITIVE_LIKE
  }
  set always_off {
    8_3_names crashtest debug default_ckptfullfsync fts1 fts2
    fts4_deferred has_codec lock_proxy_pragmas multiplex_ext_overwrite mutex_noop
    oversize_cell_check pagecache_overflow_stats rowid32 tclvar threadsafe2
    uri_00_error win32malloc yytrackmaxstackdepth fast_secure_delete
    malloc_usable_size like_match_blobs memdebug enable_purgeable_pcache
  }
  foreach {feat opt} [array get need_enable] {
    set ::sqlite_options($feat) [expr {"ENABLE_$opt" in $have || "$opt" in $have}]
  }
  # JSON is built in since 3.38 unless omitted.
  set ::sqlite_options(json1) [expr {"OMIT_JSON" ni $have}]
  set ::sqlite_options(mathlib) [expr {"ENABLE_MATH_FUNCTIONS" in $have}]
  set ::sqlite_options(lookaside) [expr {"OMIT_LOOKASIDE" ni $have}]
  set ::sqlite_options(default_autovacuum) 0
  set ::sqlite_options(builtin_test) 1
  set ::sqlite_options(configslower) 1.0
  set ::sqlite_options(threadsafe) [expr {"THREADSAFE=0" ni $have}]
  set ::sqlite_options(threadsafe1) $::sqlite_options(threadsafe)
  set ::sqlite_options(mmap) [expr {"MAX_MMAP_SIZE=0" ni $have}]
  foreach feat $always_off { set ::sqlite_options($feat) 0 }
  set ::shim::omits $have
}

# Any feature not listed above is on unless the reference omits it
# (OMIT_<NAME>); read traces fill the array lazily so an unexpected name in
# an ifcapable expression never aborts a file.
proc ::shim::option_default {name1 name2 op} {
  if {![info exists ::sqlite_options($name2)]} {
    set ::sqlite_options($name2) [expr {"OMIT_[string toupper $name2]" ni $::shim::omits}]
  }
}

::shim::set_options
trace add variable ::sqlite_options read ::shim::option_default

# ---- testfixture link variables (counters the C test harness keeps) ----
foreach v {
  sqlite_search_count sqlite_sort_count sqlite_like_count sqlite_open_file_count
  sqlite_sync_count sqlite_fullsync_count sqlite_current_time sqlite_io_error_pending
  sqlite_io_error_hit sqlite_io_error_hardhit sqlite_io_error_persist
  sqlite_io_error_benign sqlite_diskfull_pending sqlite_diskfull
  sqlite_max_blobsize sqlite_found_count sqlite3_xferopt_count
  sqlite3_pager_readdb_count sqlite3_pager_writedb_count sqlite3_pager_writej_count
  sqlite_hostid_num sqlite_interrupt_count sqlite_memdebug_vfs_oom_test
  sqlite_temp_directory sqlite_data_directory sqlite_query_plan sqlite_static_bind_nbyte
} {
  if {![info exists ::$v]} { set ::$v 0 }
}
# sqlite_sort_count: testfixture counts sorter runs since the test zeroed
# it; the nearest public measure is the sort count of the last statement
# run by [db] (sqlite3_stmt_status through "db status sort"), read lazily.
proc ::shim::sort_count {name1 name2 op} {
  if {[info commands ::db] ne ""} {
    catch { set ::sqlite_sort_count [::db status sort] }
  }
}
trace add variable ::sqlite_sort_count read ::shim::sort_count

set ::sqlite_temp_directory ""
set ::sqlite_data_directory ""
set ::sqlite_query_plan ""
set ::sqlite_pending_byte 0x0010000

# ---- no-op hooks ----

# Commands that return nothing.
foreach cmd {
  sqlite3_memdebug_settitle sqlite3_memdebug_log sqlite3_memdebug_backtrace
  sqlite3_memdebug_dump install_malloc_faultsim breakpoint sqlite3_rekey
  db_enter db_leave vdbe_coverage sqlite3_clear_tsd_memdebug extra_schema_checks
  sqlite3_crash_enable sqlite3_simulate_device register_echo_module
  sqlite3_memdebug_vfs_oom_test set_io_trace sqlite3_register_cksumvfs
} {
  proc $cmd {args} { return "" }
}

# Commands that report a count or a benign integer.
foreach cmd {
  sqlite3_memdebug_malloc_count sqlite3_memdebug_fail sqlite3_memdebug_pending
} {
  proc $cmd {args} { return 0 }
}
proc sqlite3_memdebug_pending {args} { return -1 }

# Commands whose C versions return an SQLite result-code name.
foreach cmd {
  sqlite3_config_memstatus sqlite3_config_lookaside sqlite3_db_config_lookaside
  sqlite3_config_pagecache sqlite3_config_uri sqlite3_config_cis
  sqlite3_config_alt_pcache sqlite3_config_heap sqlite3_config_error
  sqlite3_config_sqllog sqlite3_config sqlite3_config_pmasz sqlite3_config_sorterref
} {
  proc $cmd {args} { return SQLITE_OK }
}

# sqlite3_test_control NAME ...: the control codes the tests toggle are
# harness-internal; report success without effect.
proc sqlite3_test_control {args} { return 0 }
proc optimization_control {db opt bool} { return "" }
proc database_never_corrupt {} {}
proc database_may_be_corrupt {} {}
proc sqlite3_status {op reset} { return {0 0 0} }
proc sqlite3_sleep {ms} { after $ms; return $ms }
proc sqlite3_extended_errcode_name {args} { return "" }
proc working_64bit_int {} { return 1 }
proc vfs_unlink_test {} {}
proc test_set_config_pagecache {args} {}
proc sqlite3_compileoption_used {opt} {
  expr {[string map {SQLITE_ ""} $opt] in $::shim::omits}
}

proc clang_sanitize_address {} { return 0 }
proc atomic_batch_write {args} { return 0 }
proc load_static_extension {db args} { error "no such extension: $args" }
proc sqlite_register_test_function {db name} { return "" }

# ---- compile-time limits as Tcl variables (testfixture links these) ----
proc ::shim::set_limits {} {
  if {![info exists ::env(TCLTEST_OPTIONS)]} return
  set f [open $::env(TCLTEST_OPTIONS)]
  foreach o [split [string trim [read $f]] \n] {
    if {[regexp {^((?:MAX|DEFAULT)_[A-Z_]+)=(-?\d+)$} $o -> k v]} { set ::SQLITE_$k $v }
    if {[regexp {^TEMP_STORE=(\d+)$} $o -> v]} { set ::TEMP_STORE $v }
  }
  close $f
}
::shim::set_limits

# ---- hexio_*: raw file bytes as hex (pure Tcl) ----
proc hexio_read {file offset amt} {
  set f [open $file rb]
  seek $f $offset
  set data [read $f $amt]
  close $f
  binary scan $data H* hex
  string toupper $hex
}
proc hexio_write {file offset hex} {
  set data [binary format H* $hex]
  set f [open $file {RDWR CREAT BINARY}]
  seek $f $offset
  puts -nonewline $f $data
  close $f
  string length $data
}
# Big-endian signed integer from 1, 2 or 4 bytes of hex.
proc hexio_get_int {hex} {
  set n [expr {[string length $hex] / 2}]
  set data [binary format H* $hex]
  switch -- $n {
    1 { binary scan $data c v }
    2 { binary scan $data S v }
    default { binary scan [string range $data 0 3] I v }
  }
  return $v
}
proc hexio_render_int16 {v} { binary scan [binary format S $v] H* h; string toupper $h }
proc hexio_render_int32 {v} { binary scan [binary format I $v] H* h; string toupper $h }
proc utf8_to_utf8 {hex} { return $hex }

# ---- launch_testfixture: the child is this driver in --child mode ----
# (open "|..." splits the program string as a list, so the words pass through.)
proc ::shim::fixture_path {} {
  return [list [info nameofexecutable] [file join $::shim_dir driver.tcl] --child]
}

# ---- per-case recording (invariant 1) ----

proc ::shim::record {name status} {
  variable casefd
  variable seen
  if {$casefd eq ""} return
  if {[info exists seen($name)]} {
    incr seen($name)
    set name "$name#$seen($name)"
  } else {
    set seen($name) 1
  }
  puts $casefd "$name\t$status"
}

proc ::shim::do_test {name cmd expected} {
  set full $name
  fix_testname full
  if {[info exists ::G(perm:prefix)]} { set full "$::G(perm:prefix)$full" }
  set e0 [set_test_counter errors]
  set c [catch {uplevel 1 [list ::shim::orig_do_test $name $cmd $expected]} r o]
  set e1 [set_test_counter errors]
  if {![info exists ::G(match)] || [string match $::G(match) $full]} {
    ::shim::record $full [expr {$e1 > $e0 ? "fail" : "ok"}]
  }
  return -options $o $r
}

# Called after every [source]: wraps procs that upstream files define.
proc ::shim::after_source {tail} {
  if {[info procs ::do_test] ne "" && [info procs ::shim::orig_do_test] eq ""} {
    rename ::do_test ::shim::orig_do_test
    interp alias {} ::do_test {} ::shim::do_test
  }
  if {[info procs ::launch_testfixture] ne "" && [info procs ::shim::orig_launch] eq ""} {
    rename ::launch_testfixture ::shim::orig_launch
    proc ::launch_testfixture {{prg ""}} {
      if {$prg eq ""} { set prg [::shim::fixture_path] }
      ::shim::orig_launch $prg
    }
  }
}

rename source ::shim::orig_source
proc source {args} {
  set c [catch {uplevel 1 [list ::shim::orig_source {*}$args]} r o]
  ::shim::after_source [file tail [lindex $args end]]
  return -options $o $r
}
