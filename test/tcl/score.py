#!/usr/bin/env python3
"""score.py - write test/tcl/SCOREBOARD.md from two run.sh result directories
(issue 7).

    score.py REF_DIR OURS_DIR CORE_LIST OUTPUT.md

The FAIR score counts a test case only if the reference (the system's
SQLite 3.40.1, same harness, same shim) passes it; the score is how many of
those our library passes.  Files the reference did not run are left out.

Invariants:
 1. A case is identified by (file, case name); tester.tcl names are unique
    within a file once the shim has suffixed repeats with "#N".
 2. Every number in the output is derived from the two directories; nothing
    is carried over from an earlier scoreboard.
 3. Reference failures are listed per file with their first error, so they
    are explained rather than hidden.
"""
import os
import re
import sys
import time
from collections import OrderedDict

# Causes of the reference's own failures under the shim, keyed by a
# pattern of the first error text (see README: what the shim cannot do).
CAUSES = [
    (r'invalid command name "(testvfs|tvfs)', "needs testfixture's testvfs C VFS"),
    (r'invalid command name "btree_', "needs testfixture's btree_* internals"),
    (r'invalid command name "(sqlite3_test_control_fault|abuse_create)',
     "needs testfixture-only C hooks"),
    (r'invalid command name "sqlite3_create_aggregate', "needs testfixture-only C hooks"),
    (r'no such extension', "needs a statically linked test extension"),
    (r'do not work when run as root', "file permission tests are skipped as root"),
    (r'sqlite_current_time|\d{4}-\d\d-\d\d \d\d:\d\d:\d\d', "needs sqlite_current_time (fake clock)"),
    (r'lock_status|unlocked', "PRAGMA lock_status exists only in debug builds"),
    (r'sqlite_(search|sort|like|sync|open_file|found)_count|xferopt',
     "reads testfixture's internal counters"),
    (r'\bnosort\b', "reads sqlite_sort_count (a testfixture counter, always 0 here)"),
    (r'invalid command name "(\S+)"', "needs testfixture command {0}"),
]

# Causes established by reading the failing case, for files whose first
# failure text alone does not say it.
KNOWN = {
    "select2": "reads sqlite_search_count (a testfixture counter, always 0 here)",
    "where": "reads sqlite_search_count / sqlite_sort_count (testfixture counters)",
    "index": "reads sqlite_search_count (a testfixture counter)",
    "insert4": "reads sqlite3_xferopt_count (a testfixture counter)",
    "delete": "runs as root: read-only file permissions do not stop writes",
    "trans": "reads sqlite_sync_count (a testfixture counter)",
    "pragma": "corrupts the file through testfixture's btree/hexio helpers; then testvfs",
    "func": "testfunc() and friends are C functions of testfixture",
    "alter": "SQLITE_RENAME_COLUMN is internal (needs SQLITE_TESTCTRL_INTERNAL_FUNCTIONS)",
    "with2": "load_static_extension series (testfixture's static extensions)",
    "orderby1": "expects a plan from a build with different options (sort counters)",
    "expr": "expr-8.x read the fake clock sqlite_current_time (not emulated)",
    "like": "reads sqlite_like_count / sqlite_search_count (testfixture counters)",
    "returning1": "upstream test newer than the library's behaviour (3.40.1 tree)",
}


def read_tsv(path):
    rows = []
    if not os.path.exists(path):
        return rows
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            rows.append(line.rstrip("\n").split("\t"))
    return rows


def load(d):
    files = OrderedDict()
    for r in read_tsv(os.path.join(d, "files.tsv"))[1:]:
        if len(r) == 5:
            files[r[0]] = {"tests": r[1], "errors": r[2], "status": r[3], "secs": r[4]}
    cases = {}
    for r in read_tsv(os.path.join(d, "cases.tsv")):
        if len(r) == 3:
            cases.setdefault(r[0], OrderedDict())[r[1]] = r[2]
    lib = ["?", "?"]
    p = os.path.join(d, "library.txt")
    if os.path.exists(p):
        with open(p) as f:
            lib = (f.read().splitlines() + ["?", "?"])[:2]
    return files, cases, lib


def first_error(d, name):
    """The first failure text of a file's log, for the explanation column."""
    out = os.path.join(d, "log", name + ".out")
    err = os.path.join(d, "log", name + ".err")
    for p in (out, err):
        if not os.path.exists(p):
            continue
        with open(p, encoding="utf-8", errors="replace") as f:
            lines = f.read().splitlines()
        for i, line in enumerate(lines):
            if line.startswith("Error:") or line.startswith("! ") or "invalid command" in line \
                    or line.startswith("****"):
                text = line
                if line.startswith("! ") and i + 1 < len(lines):
                    text = line + " / " + lines[i + 1]
                return text[:160]
        if p == err:
            for line in lines:
                if line and not line.startswith("TCLTEST_SOURCE_ID"):
                    return line[:160]
    return ""


def explain(text):
    for pat, why in CAUSES:
        m = re.search(pat, text)
        if m:
            return why.format(*m.groups())
    return "see log"


def fair(ref_cases, our_cases, names):
    n_ref = n_ours = 0
    for f in names:
        rc = ref_cases.get(f, {})
        oc = our_cases.get(f, {})
        for case, st in rc.items():
            if st == "ok":
                n_ref += 1
                if oc.get(case) == "ok":
                    n_ours += 1
    return n_ref, n_ours


def pct(a, b):
    return "%.1f%%" % (100.0 * a / b) if b else "-"


def md_escape(s):
    return s.replace("|", "\\|").replace("`", "'")


def file_row(name, rf, of, rcases, ocases):
    r_ok = sum(1 for s in rcases.values() if s == "ok")
    r_fail = sum(1 for s in rcases.values() if s != "ok")
    o_fair = sum(1 for c, s in rcases.items() if s == "ok" and ocases.get(c) == "ok")
    o_ok = sum(1 for s in ocases.values() if s == "ok")
    return "| %s | %d | %d | %s | %d | %s | %s | %s | %s |" % (
        name, r_ok, r_fail, rf.get("status", "-") if rf else "not run",
        o_fair, pct(o_fair, r_ok), o_ok, of.get("status", "-") if of else "not run",
        of.get("secs", "-") if of else "-")


HEADER = ("| file | ref pass | ref fail | ref status | ours fair pass | fair % "
          "| ours pass (all) | ours status | ours s |\n"
          "|---|---:|---:|---|---:|---:|---:|---|---:|")


def main():
    ref_dir, our_dir, core_path, out_path = sys.argv[1:5]
    rfiles, rcases, rlib = load(ref_dir)
    ofiles, ocases, olib = load(our_dir)
    with open(core_path) as f:
        core = [l.strip() for l in f if l.strip() and not l.startswith("#")]
    both = [n for n in ofiles if n in rfiles]
    c_ref, c_ours = fair(rcases, ocases, core)
    a_ref, a_ours = fair(rcases, ocases, both)
    stat = {}
    for n in both:
        s = ofiles[n]["status"]
        stat[s] = stat.get(s, 0) + 1
    L = []
    L.append("# Upstream TCL test suite: scoreboard")
    L.append("")
    L.append("Generated by `make tcltest-score` (test/tcl/score.py) on %s." %
             time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()))
    L.append("")
    L.append("- Library under test: `%s`, source id `%s`" % (olib[0], olib[1]))
    L.append("- Reference: `%s`, source id `%s`" % (rlib[0], rlib[1]))
    L.append("- Harness: test/tcl/run.sh (one tclsh per file, LD_PRELOAD, timeout, "
             "shim.tcl + ext/tclstmt.c); upstream tests from Debian's sqlite3 "
             "3.40.1 source package")
    L.append("")
    L.append("The **fair score** counts a test case only if the reference passes it "
             "under this same harness.")
    L.append("")
    L.append("| scope | files | cases the reference passes | ours pass | fair score |")
    L.append("|---|---:|---:|---:|---:|")
    L.append("| core list | %d | %d | %d | %s |" % (len(core), c_ref, c_ours, pct(c_ours, c_ref)))
    L.append("| all files run on both | %d | %d | %d | %s |" %
             (len(both), a_ref, a_ours, pct(a_ours, a_ref)))
    L.append("")
    rstat = {}
    for n in both:
        rstat[rfiles[n]["status"]] = rstat.get(rfiles[n]["status"], 0) + 1
    L.append("Reference files by status: " +
             ", ".join("%s %d" % kv for kv in sorted(rstat.items())) + ".")
    L.append("")
    L.append("Our files by status: " + ", ".join("%s %d" % kv for kv in sorted(stat.items())) +
             " (ok = the file ran to its summary line; crash = killed by a signal; "
             "timeout; harness-error = the script stopped early, e.g. a Tcl error or "
             "a missing command).")
    L.append("")
    L.append("## Core list")
    L.append("")
    L.append(HEADER)
    for n in core:
        L.append(file_row(n, rfiles.get(n), ofiles.get(n), rcases.get(n, {}), ocases.get(n, {})))
    L.append("")
    L.append("## Reference failures on the core list, explained")
    L.append("")
    L.append("These cases fail (or the file stops early) on the real SQLite under the "
             "shim, so they are excluded from the fair score.")
    L.append("")
    L.append("| file | ref fail | ref status | first failure | cause |")
    L.append("|---|---:|---|---|---|")
    for n in core:
        rf = rfiles.get(n)
        nf = sum(1 for s in rcases.get(n, {}).values() if s != "ok")
        if rf and (nf or rf["status"] != "ok"):
            e = first_error(ref_dir, n)
            why = explain(e)
            if why == "see log" and n in KNOWN:
                why = KNOWN[n]
            L.append("| %s | %d | %s | `%s` | %s |" % (n, nf, rf["status"], md_escape(e), why))
    others = [n for n in both if n not in core]
    if others:
        L.append("")
        L.append("## Other files")
        L.append("")
        L.append(HEADER)
        for n in others:
            L.append(file_row(n, rfiles.get(n), ofiles.get(n), rcases.get(n, {}),
                              ocases.get(n, {})))
    L.append("")
    with open(out_path, "w") as f:
        f.write("\n".join(L))
    print("score.py: core %d/%d (%s), all %d/%d (%s) -> %s" % (
        c_ours, c_ref, pct(c_ours, c_ref), a_ours, a_ref, pct(a_ours, a_ref), out_path))


if __name__ == "__main__":
    main()
