# driver.tcl - runs ONE upstream SQLite test file under plain tclsh (issue 7).
#
#   tclsh driver.tcl FILE.test        (environment below, set by run.sh)
#
# TCLTEST_LIB      realpath of the libsqlite3.so.0 this process must map
#                  (ours through LD_PRELOAD, or the system one)
# TCLTEST_EXT      path of the compiled test/tcl/ext/tclstmt.c extension
# TCLTEST_CASES    file that receives one "name<TAB>ok|fail" line per case
# TCLTEST_OPTIONS  file with the reference library's PRAGMA compile_options
#
# Invariants:
#  1. The library mapped is verified before any test runs: exactly one
#     libsqlite3 image, the one requested; otherwise exit 97 (harness error),
#     so a score is never credited to the wrong engine.
#  2. Child processes (launch_testfixture) run this same driver with
#     "--child", inherit LD_PRELOAD, and never write case records.
#  3. Exit status is the test file's own (tester.tcl exits 0 or 1); 97 and
#     98 are reserved for harness failures detected here.

set ::shim_dir [file dirname [file normalize [info script]]]
set ::shim_child 0
if {[lindex $argv 0] eq "--child"} {
  set ::shim_child 1
  set argv [lrange $argv 1 end]
}
if {[llength $argv] < 1} {
  puts stderr "usage: tclsh driver.tcl ?--child? FILE.test"
  exit 98
}

package require sqlite3

# Invariant 1: which libsqlite3 images does this process map?
proc shim_mapped_libs {} {
  set f [open /proc/self/maps]
  set maps [read $f]
  close $f
  set libs {}
  foreach line [split $maps \n] {
    set path [lindex $line 5]
    if {[string match *libsqlite3.so* [file tail $path]] && [lsearch $libs $path] < 0} {
      lappend libs $path
    }
  }
  return $libs
}

set libs [shim_mapped_libs]
if {[info exists ::env(TCLTEST_LIB)]} {
  set want [file normalize $::env(TCLTEST_LIB)]
  if {[llength $libs] != 1 || [file normalize [lindex $libs 0]] ne $want} {
    puts stderr "HARNESS: library mismatch: mapped {$libs}, requested $want"
    exit 97
  }
}
if {!$::shim_child} {
  sqlite3 shim_probe :memory:
  puts stderr "TCLTEST_SOURCE_ID: [shim_probe onecolumn {SELECT sqlite_source_id()}]"
  shim_probe close
}

if {[catch {load $::env(TCLTEST_EXT) Tclstmt} msg]} {
  puts stderr "HARNESS: cannot load extension: $msg"
  exit 97
}
source [file join $::shim_dir shim.tcl]

set ::argv0 [lindex $argv 0]
set argv [lrange $argv 1 end]
set argc [llength $argv]
source $::argv0
