-- files.sql: on-disk databases through the stock shell: .open, reopen,
-- transactions that must survive (or not) a reopen, .backup/.restore,
-- the freelist, read-only opens, PRAGMAs that read the header.  Run by run-shell.sh in a
-- scratch directory, once on the system library and once on ours.
.open f1.db
CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT);
INSERT INTO t(v) VALUES ('a'), ('b'), ('c');
BEGIN;
INSERT INTO t(v) VALUES ('uncommitted');
ROLLBACK;
BEGIN;
UPDATE t SET v = upper(v);
COMMIT;
PRAGMA page_size;
PRAGMA user_version = 7;
PRAGMA schema_version > 0;
.open f1.db
SELECT * FROM t ORDER BY id;
PRAGMA user_version;
PRAGMA integrity_check;
.backup f2.db
.open f2.db
SELECT count(*), group_concat(v) FROM t;
INSERT INTO t(v) VALUES ('only in f2');
.open f1.db
.restore f2.db
SELECT * FROM t ORDER BY id;
CREATE TABLE big(x);
INSERT INTO big VALUES (zeroblob(5000)), (zeroblob(5000)), (zeroblob(5000));
DELETE FROM big;
PRAGMA freelist_count > 0;
DROP TABLE big;
SELECT count(*) FROM sqlite_schema;
.open --readonly f1.db
INSERT INTO t(v) VALUES ('x');
SELECT count(*) FROM t;
-- WITHOUT ROWID: a file reopened (the PRIMARY KEY b-tree is the table's root).
.open f3.db
CREATE TABLE w(a TEXT, b, c, PRIMARY KEY(b DESC, a)) WITHOUT ROWID;
CREATE INDEX wc ON w(c);
CREATE INDEX wca ON w(c, a);
INSERT INTO w VALUES ('x', 1, 10), ('y', 2, 20), ('z', 3, NULL), ('w', 4, 5);
.open f3.db
SELECT * FROM w;
SELECT a FROM w WHERE c = 20;
PRAGMA integrity_check;
