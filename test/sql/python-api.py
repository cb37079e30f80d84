#!/usr/bin/env python3
"""python-api.py - python3's sqlite3 module API (functions, aggregates,
collations, authorizer, progress handler, trace callback, executemany,
lastrowid, total_changes, in_transaction, text_factory, iterdump, errors)
on the system library and on ours (LD_PRELOAD); outputs must match.

Usage: test/sql/python-api.py   (make check sets top_srcdir/top_builddir)
Exit 0 identical, 1 different.
"""
import os
import subprocess
import sys


def child():
    import sqlite3
    out = []
    p = out.append
    db = sqlite3.connect(":memory:")
    p(("in_transaction", db.in_transaction))
    db.execute("create table t(id integer primary key, name text, score real)")
    cur = db.executemany("insert into t(name, score) values (?, ?)",
                         [("a", 1.5), ("b", None), ("c", 3.0), ("d", -2.0)])
    p(("rowcount", cur.rowcount, "in_transaction", db.in_transaction))
    db.commit()
    cur = db.execute("insert into t(name) values (:n)", {"n": "e"})
    p(("lastrowid", cur.lastrowid, "total_changes", db.total_changes))
    db.create_function("twice", 1, lambda x: None if x is None else x * 2, deterministic=True)
    p(db.execute("select name, twice(score) from t order by id").fetchall())

    class Acc:
        def __init__(self):
            self.v = []

        def step(self, x):
            self.v.append(str(x))

        def finalize(self):
            return "+".join(self.v)
    db.create_aggregate("joinall", 1, Acc)
    p(db.execute("select joinall(name) from t").fetchone())
    db.create_collation("rev", lambda a, b: (a < b) - (a > b))
    p(db.execute("select name from t order by name collate rev").fetchall())

    def boom(x):
        raise ValueError("boom")
    db.create_function("boom", 1, boom)
    try:
        db.execute("select boom(1)").fetchall()
    except Exception as e:
        p(("error", type(e).__name__, str(e)))
    seen = []
    db.set_trace_callback(seen.append)
    db.execute("select count(*) from t").fetchall()
    db.set_trace_callback(None)
    p(("trace", seen))
    calls = [0]

    def prog():
        calls[0] += 1
        return 0
    db.set_progress_handler(prog, 1)
    db.execute("select count(*) from t").fetchall()
    db.set_progress_handler(None, 1)
    p(("progress called", calls[0] > 0))
    for sql in ("select * from nosuch", "insert into t values (1, 'x', 0)", "selec 1",
                "select 1; select 2"):
        try:
            db.execute(sql)
        except Exception as e:
            p(("error", type(e).__name__, str(e)))
    db.text_factory = bytes
    p(db.execute("select name from t where id = 1").fetchone())
    db.text_factory = str
    db.row_factory = sqlite3.Row
    r = db.execute("select id, name as n from t where id = 2").fetchone()
    p((r.keys(), tuple(r)))
    db.row_factory = None
    p(list(db.iterdump())[:4])
    p(("complete", sqlite3.complete_statement("select 1;"), sqlite3.complete_statement("select")))
    dst = sqlite3.connect(":memory:")
    db.commit()  # a source with an open write transaction makes backup wait
    db.backup(dst, pages=1)
    p(("backup", dst.execute("select count(*), sum(score) from t").fetchone()))
    try:
        db.backup(db)
    except Exception as e:
        p(("error", type(e).__name__, str(e)))
    dst.close()
    if hasattr(db, "serialize"):
        img = db.serialize()
        p(("serialize", len(img) % 512, img[:16]))
        d2 = sqlite3.connect(":memory:")
        d2.deserialize(img)
        p(("deserialize", d2.execute("select count(*) from t").fetchone()))
        try:
            d2.deserialize(b"garbage" * 10)
            d2.execute("select * from t").fetchall()
        except Exception as e:
            p(("error", type(e).__name__, str(e)))
        d2.close()
    db.close()
    for line in out:
        print(line)


def main():
    if "--child" in sys.argv:
        child()
        return 0
    here = os.path.dirname(os.path.abspath(__file__))
    top_builddir = os.environ.get("top_builddir", os.path.join(here, "..", ".."))
    lib = os.path.join(top_builddir, ".libs", "libsqlite3.so.0")
    env = dict(os.environ)
    env.pop("LD_PRELOAD", None)
    me = os.path.abspath(__file__)
    ref = subprocess.run([sys.executable, me, "--child"], env=env, capture_output=True, text=True)
    ours = subprocess.run([sys.executable, me, "--child"], env=dict(env, LD_PRELOAD=lib),
                          capture_output=True, text=True)
    a, b = ref.stdout.splitlines(), (ours.stdout + ours.stderr).splitlines()
    if a == b and ours.returncode == 0:
        print("python-api: PASS: %d checks identical" % len(a))
        return 0
    import difflib
    print("\n".join(difflib.unified_diff(a, b, "system", "ours", lineterm="")))
    print("python-api: FAIL (exit %d)" % ours.returncode)
    return 1


if __name__ == "__main__":
    sys.exit(main())
