#!/usr/bin/env python3
"""run-python.py - run an SQL script through python3's sqlite3 module twice,
on the system library and on ours (LD_PRELOAD), and require identical
output: rows, column names and exception messages.

Usage: test/sql/run-python.py [SCRIPT]      (default: test/sql/core.sql)
Environment: top_srcdir, top_builddir (set by make check).

Statements are split with sqlite3.complete_statement (the library's own
sqlite3_complete, so both runs split identically).  The shell's
".parameter set NAME VALUE" lines feed a dict of named parameters,
".headers on|off" prints column names; other dot-commands are ignored.
Exit 0 identical, 1 different, 77 skip (no python sqlite3 module).
"""
import difflib
import os
import subprocess
import sys
import tempfile

try:
    import sqlite3
except ImportError:
    print("run-python: SKIP: python3 has no sqlite3 module")
    sys.exit(77)


def fmt(v):
    """Renders a value the same way in both runs (and unambiguously)."""
    if v is None:
        return ""
    if isinstance(v, bytes):
        return "x'" + v.hex() + "'"
    if isinstance(v, float):
        return repr(v)
    return str(v)


def param_value(text):
    """The shell's .parameter set rules, simplified: numbers, quoted text."""
    if len(text) >= 2 and text[0] == text[-1] == "'":
        return text[1:-1].replace("''", "'")
    for conv in (int, float):
        try:
            return conv(text)
        except ValueError:
            pass
    return text


def statements(path):
    """Yields ('sql', text) and ('dot', line) items in script order."""
    buf = ""
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not buf and line.startswith("."):
                yield ("dot", line.strip())
                continue
            buf += line
            if sqlite3.complete_statement(buf):
                yield ("sql", buf.strip())
                buf = ""
    if buf.strip():
        yield ("sql", buf.strip())


def run(path, out):
    db = sqlite3.connect(":memory:", isolation_level=None)
    params = {}
    headers = False
    for kind, text in statements(path):
        if kind == "dot":
            words = text.split(None, 3)
            if words[:2] == [".parameter", "set"] and len(words) == 4:
                params[words[2][1:]] = param_value(words[3])
            elif words[:2] in ([".parameter", "clear"], [".parameter", "init"]):
                params = {}
            elif words[0] == ".headers":
                headers = len(words) > 1 and words[1] == "on"
            continue
        if all(l.strip().startswith("--") or not l.strip() for l in text.splitlines()):
            continue
        try:
            cur = db.execute(text, params) if params else db.execute(text)
            rows = cur.fetchall()
            if headers and cur.description:
                out.write("|".join(d[0] for d in cur.description) + "\n")
            for row in rows:
                out.write("|".join(fmt(v) for v in row) + "\n")
        except Exception as e:  # every error text is part of the comparison
            out.write("error: %s: %s\n" % (type(e).__name__, e))
    db.close()


def main():
    script = sys.argv[1] if len(sys.argv) > 1 and sys.argv[1] != "--child" else None
    if "--child" in sys.argv:
        run(sys.argv[-1], sys.stdout)
        return 0
    here = os.path.dirname(os.path.abspath(__file__))
    top_srcdir = os.environ.get("top_srcdir", os.path.join(here, "..", ".."))
    top_builddir = os.environ.get("top_builddir", top_srcdir)
    lib = os.path.join(top_builddir, ".libs", "libsqlite3.so.0")
    script = script or os.path.join(top_srcdir, "test", "sql", "core.sql")
    if not os.path.exists(lib):
        print("run-python: FAIL: %s not built" % lib)
        return 1
    me = os.path.abspath(__file__)
    base = dict(os.environ)
    base.pop("LD_PRELOAD", None)
    ref = subprocess.run([sys.executable, me, "--child", script], env=base,
                         capture_output=True, text=True)
    ours_env = dict(base, LD_PRELOAD=lib)
    ours = subprocess.run([sys.executable, me, "--child", script], env=ours_env,
                          capture_output=True, text=True)
    probe = subprocess.run([sys.executable, "-c",
                            "import sqlite3;c=sqlite3.connect(':memory:');"
                            "print(c.execute('select sqlite_source_id()').fetchone()[0])"],
                           env=ours_env, capture_output=True, text=True)
    if "sqlite-ng" not in probe.stdout + probe.stderr and ours.returncode == 0:
        print("run-python: note: sqlite_source_id() does not show our mark:",
              (probe.stdout + probe.stderr).strip()[:200])
    a = ref.stdout.splitlines(keepends=True)
    b = (ours.stdout + ours.stderr).splitlines(keepends=True)
    if ref.returncode == 0 and ours.returncode == 0 and a == b:
        print("run-python: PASS: %d output lines identical (%s)" % (len(a), script))
        return 0
    sys.stdout.writelines(difflib.unified_diff(a, b, "system", "ours"))
    bad = sum(1 for l in difflib.ndiff(a, b) if l.startswith("- "))
    print("run-python: FAIL: %d of %d reference lines differ (child exit %d/%d)"
          % (bad, len(a), ref.returncode, ours.returncode))
    return 1


if __name__ == "__main__":
    sys.exit(main())
