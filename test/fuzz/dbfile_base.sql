-- The valid database that fuzz_dbfile mutates, built by the real sqlite3 shell in
-- run-short.sh (fuzz_dbfile.c builds the same image with the library under test when
-- FUZZ_DBFILE_BASE is not set; keep the two lists in step).
PRAGMA page_size=1024;
CREATE TABLE t1(a INTEGER PRIMARY KEY, b TEXT, c REAL, d BLOB);
CREATE INDEX t1b ON t1(b);
CREATE TABLE t2(x, y, z, PRIMARY KEY(x, y)) WITHOUT ROWID;
CREATE TABLE t3(p TEXT UNIQUE, q);
WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM c WHERE i<300) INSERT INTO t1 SELECT i, printf('row-%05d', i), i*0.5, zeroblob(i%7) FROM c;
INSERT INTO t1 VALUES (1000, hex(zeroblob(3000)), NULL, zeroblob(2000));
WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM c WHERE i<200) INSERT INTO t2 SELECT i%17, i, quote(i) FROM c;
INSERT INTO t3 VALUES ('a', 1), ('b', 2.5), ('c', x'00ff'), ('d', NULL);
CREATE TABLE t4(big);
INSERT INTO t4 VALUES (zeroblob(5000));
DROP TABLE t4;
