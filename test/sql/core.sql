-- core.sql: the core SQL language, run through the stock sqlite3 shell on
-- the system library and on ours (run-shell.sh) and through python3's
-- sqlite3 module (run-python.py); the outputs must be identical, error
-- messages included.  One statement per line where possible so the
-- "near line N" of an error message is the same everywhere.

-- ---- literals and expressions ----
SELECT 1;
SELECT 1 + 2 * 3, (1 + 2) * 3, 7 / 2, 7 % 3, -7 / 2, -7 % 3;
SELECT 7.0 / 2, 1.5 * 2, 0.1 + 0.2, 1e10, 1.0, 100.0 / 3;
SELECT 'hello', 'it''s', '', x'414243', NULL;
SELECT 9223372036854775807, -9223372036854775808, 9223372036854775807 + 1;
SELECT 1 / 0, 1 % 0, 1.0 / 0;
SELECT 'abc' || 'def', 'x' || 1 || 2.5, NULL || 'a';
SELECT 1 = 1, 1 = 2, 1 < 2, 2 <= 2, 'a' < 'b', 'a' = 'A', NULL = NULL, NULL IS NULL;
SELECT 1 AND 0, 1 OR 0, NOT 1, NULL AND 0, NULL OR 1, NULL AND 1;
SELECT 5 BETWEEN 1 AND 10, 5 NOT BETWEEN 1 AND 4, 3 IN (1, 2, 3), 4 NOT IN (1, 2, 3);
SELECT 'abc' LIKE 'a%', 'abc' LIKE 'A_C', 'abc' GLOB 'a*', 'abc' GLOB 'A*', 'a%c' LIKE 'a\%c' ESCAPE '\';
SELECT CASE 2 WHEN 1 THEN 'one' WHEN 2 THEN 'two' ELSE 'many' END;
SELECT CASE WHEN 1 > 2 THEN 'x' WHEN 2 > 1 THEN 'y' END, CASE WHEN 0 THEN 1 END;
SELECT 6 & 3, 6 | 3, ~6, 1 << 4, 256 >> 2;
SELECT 10 - -3, +5, -(-5), - 'abc', - '12abc';
SELECT '10' + 5, '3.5' * 2, 'abc' + 1, x'31' + 1;
SELECT 1 IS 1, 1 IS NOT 2, NULL IS NOT NULL, 1 ISNULL, NULL NOTNULL;
SELECT CAST('123' AS INTEGER), CAST('12.5' AS REAL), CAST(12.9 AS INTEGER), CAST(5 AS TEXT);
SELECT CAST('abc' AS INTEGER), CAST(x'3132' AS TEXT), CAST('  42  ' AS NUMERIC), CAST('1e3' AS INTEGER);
SELECT typeof(1), typeof(1.5), typeof('a'), typeof(x'00'), typeof(NULL);
SELECT typeof(CAST('1.0' AS NUMERIC)), typeof(1 + 1.0), typeof('1' + 1);

-- ---- core functions ----
SELECT abs(-5), abs(5), abs(-2.5), abs(NULL), abs('x');
SELECT length('hello'), length(''), length(NULL), length(x'0102'), length(12345);
SELECT lower('HeLLo'), upper('HeLLo'), lower(NULL);
SELECT substr('hello', 2, 3), substr('hello', -3), substr('hello', 0, 2), substr('hello', 2), substring('hello', 1, 1);
SELECT replace('hello world', 'o', '0'), replace('abc', '', 'x'), replace(NULL, 'a', 'b');
SELECT trim('  ab  '), ltrim('  ab  '), rtrim('  ab  '), trim('xxabxx', 'x'), ltrim('abc', 'ab');
SELECT coalesce(NULL, NULL, 3, 4), ifnull(NULL, 'd'), ifnull(1, 2), nullif(1, 1), nullif(1, 2);
SELECT instr('hello', 'l'), instr('hello', 'z'), instr(NULL, 'a');
SELECT hex('abc'), hex(255), hex(NULL), quote('it''s'), quote(NULL), quote(1.5), quote(x'ab');
SELECT round(2.5), round(-2.5), round(3.14159, 2), round(1234.5678, -2), round(NULL);
SELECT max(1, 5, 3), min(1, 5, 3), max('a', 'b'), min(NULL, 1), max(1, 2.5);
SELECT iif(1, 'yes', 'no'), iif(0, 'yes', 'no'), iif(NULL, 'yes', 'no');
SELECT char(72, 105), unicode('A'), unicode(''), zeroblob(3), length(zeroblob(10));
SELECT printf('%d-%s-%5.2f', 42, 'x', 3.14159), printf('%05d', 42), printf('%x', 255), printf('%q', 'it''s');
SELECT format('%s and %s', 'a', 'b'), printf('%.3s', 'abcdef'), printf('%-5s|', 'ab'), printf('%c', 'xyz');
SELECT likely(1), unlikely(0), likelihood(1, 0.5);
SELECT sqlite_version();
SELECT soundex('Robert'), soundex('Tymczak');

-- ---- tables ----
CREATE TABLE t1(a INTEGER, b TEXT, c REAL);
INSERT INTO t1 VALUES (1, 'one', 1.5);
INSERT INTO t1 VALUES (2, 'two', 2.5), (3, 'three', 3.5);
INSERT INTO t1(a, b) VALUES (4, 'four');
INSERT INTO t1(b, a) VALUES ('five', 5);
INSERT INTO t1 DEFAULT VALUES;
SELECT * FROM t1;
SELECT a, b FROM t1 WHERE a > 2;
SELECT * FROM t1 WHERE c IS NULL;
SELECT * FROM t1 WHERE b LIKE 't%';
SELECT a * 10, b || '!' FROM t1 WHERE a IS NOT NULL ORDER BY a DESC;
SELECT count(*), count(a), count(c), sum(a), avg(a), min(a), max(a), total(c) FROM t1;
SELECT sum(c), avg(c), group_concat(b), group_concat(b, ';') FROM t1;
UPDATE t1 SET c = 9.5 WHERE a = 4;
UPDATE t1 SET b = upper(b) WHERE a IN (1, 3);
SELECT * FROM t1 ORDER BY a;
DELETE FROM t1 WHERE a IS NULL;
DELETE FROM t1 WHERE a = 5;
SELECT * FROM t1 ORDER BY a;
SELECT changes(), total_changes() > 0;

CREATE TABLE t2(id INTEGER PRIMARY KEY, name TEXT NOT NULL, score INT DEFAULT 0, UNIQUE(name));
INSERT INTO t2(name, score) VALUES ('alice', 90);
INSERT INTO t2(name, score) VALUES ('bob', 75);
INSERT INTO t2(name) VALUES ('carol');
INSERT INTO t2 VALUES (10, 'dave', 60);
INSERT INTO t2(name, score) VALUES ('erin', 85);
SELECT * FROM t2;
SELECT last_insert_rowid();
SELECT id, name FROM t2 WHERE id = 10;
SELECT rowid, id, name FROM t2 WHERE rowid > 2;
INSERT INTO t2(name) VALUES ('alice');
INSERT INTO t2(name, score) VALUES (NULL, 1);
INSERT INTO t2 VALUES (1, 'zed', 0);
INSERT OR IGNORE INTO t2(name, score) VALUES ('alice', 1);
INSERT OR REPLACE INTO t2(id, name, score) VALUES (2, 'bob', 80);
REPLACE INTO t2(id, name, score) VALUES (12, 'frank', 70);
SELECT * FROM t2 ORDER BY id;
UPDATE t2 SET score = score + 5 WHERE score < 80;
SELECT name, score FROM t2 ORDER BY score DESC, name;
UPDATE t2 SET name = 'alice' WHERE id = 2;
SELECT count(*) FROM t2;

-- ---- ORDER BY, LIMIT, DISTINCT ----
CREATE TABLE t3(x, y);
INSERT INTO t3 VALUES (1, 'a'), (2, 'b'), (3, 'a'), (4, 'c'), (5, 'b'), (6, 'a'), (NULL, 'd'), (7, NULL);
SELECT * FROM t3 ORDER BY x;
SELECT * FROM t3 ORDER BY x DESC;
SELECT * FROM t3 ORDER BY y, x DESC;
SELECT * FROM t3 ORDER BY 2, 1;
SELECT x FROM t3 ORDER BY x LIMIT 3;
SELECT x FROM t3 ORDER BY x LIMIT 3 OFFSET 2;
SELECT x FROM t3 ORDER BY x LIMIT 2, 3;
SELECT x FROM t3 ORDER BY x LIMIT -1 OFFSET 6;
SELECT x FROM t3 ORDER BY x LIMIT 0;
SELECT DISTINCT y FROM t3 ORDER BY y;
SELECT count(DISTINCT y) FROM t3;
SELECT DISTINCT x % 2 FROM t3 WHERE x IS NOT NULL ORDER BY 1;
SELECT x, y FROM t3 WHERE y = 'a' OR x > 5 ORDER BY x;
SELECT x FROM t3 WHERE x BETWEEN 2 AND 5 ORDER BY x;
SELECT x FROM t3 WHERE y IN ('b', 'c') ORDER BY x;
SELECT x FROM t3 WHERE y IS NULL;
SELECT x AS val FROM t3 WHERE val > 4 ORDER BY val;

-- ---- GROUP BY, HAVING, aggregates ----
SELECT y, count(*) FROM t3 GROUP BY y ORDER BY y;
SELECT y, sum(x), max(x), min(x) FROM t3 GROUP BY y ORDER BY y;
SELECT y, count(*) AS n FROM t3 GROUP BY y HAVING n > 1 ORDER BY n DESC, y;
SELECT y, avg(x) FROM t3 WHERE x > 1 GROUP BY y HAVING avg(x) > 3 ORDER BY y;
SELECT x % 2, count(*), group_concat(x) FROM t3 WHERE x IS NOT NULL GROUP BY x % 2 ORDER BY 1;
SELECT count(*), sum(x), avg(x) FROM t3 WHERE 0;
SELECT max(x), min(y) FROM t3;
SELECT sum(x) * 2, count(*) + 1 FROM t3;
SELECT total(x), sum(NULL), total(NULL), avg(NULL) FROM t3;

-- ---- indexes ----
CREATE INDEX t3x ON t3(x);
CREATE INDEX t3yx ON t3(y, x);
SELECT x FROM t3 WHERE x = 3;
SELECT x FROM t3 WHERE x > 4 ORDER BY x;
SELECT y, x FROM t3 WHERE y = 'a' ORDER BY x;
CREATE UNIQUE INDEX t1a ON t1(a);
INSERT INTO t1 VALUES (1, 'dup', 0);
CREATE INDEX t3x ON t3(x);
CREATE INDEX IF NOT EXISTS t3x ON t3(x);
DROP INDEX t3yx;
DROP INDEX nosuchindex;
DROP INDEX IF EXISTS nosuchindex;
SELECT name FROM sqlite_schema WHERE type = 'index' ORDER BY name;
SELECT x FROM t3 WHERE x >= 2 AND x < 5 ORDER BY x DESC;

-- ---- transactions ----
CREATE TABLE acct(id INTEGER PRIMARY KEY, bal INTEGER);
INSERT INTO acct VALUES (1, 100), (2, 50);
BEGIN;
UPDATE acct SET bal = bal - 30 WHERE id = 1;
UPDATE acct SET bal = bal + 30 WHERE id = 2;
COMMIT;
SELECT * FROM acct;
BEGIN;
DELETE FROM acct;
SELECT count(*) FROM acct;
ROLLBACK;
SELECT * FROM acct;
BEGIN TRANSACTION;
INSERT INTO acct VALUES (3, 10);
END TRANSACTION;
SELECT count(*) FROM acct;
COMMIT;
ROLLBACK;
BEGIN;
BEGIN;
ROLLBACK;
BEGIN IMMEDIATE;
INSERT INTO acct VALUES (4, 5);
COMMIT;
BEGIN EXCLUSIVE;
UPDATE acct SET bal = 0 WHERE id = 4;
ROLLBACK;
SELECT * FROM acct ORDER BY id;

-- ---- INSERT ... SELECT, subqueries ----
CREATE TABLE t4(a, b);
INSERT INTO t4 SELECT x, y FROM t3 WHERE x IS NOT NULL;
SELECT count(*) FROM t4;
INSERT INTO t4(a) SELECT a FROM t1 WHERE a < 3;
SELECT * FROM t4 ORDER BY a, b;
SELECT (SELECT max(a) FROM t4), (SELECT count(*) FROM t1);
SELECT a FROM t4 WHERE a IN (SELECT a FROM t1) ORDER BY a;
SELECT a FROM t4 WHERE EXISTS (SELECT 1 FROM t1 WHERE t1.a = t4.a) ORDER BY a;
DELETE FROM t4 WHERE b IS NULL;
SELECT count(*) FROM t4;
UPDATE t4 SET b = 'z' WHERE a > 5;
SELECT a, b FROM t4 WHERE b = 'z' ORDER BY a;
DELETE FROM t4;
SELECT count(*) FROM t4;

-- ---- type affinity ----
CREATE TABLE aff(i INTEGER, r REAL, t TEXT, n NUMERIC, b BLOB, x);
INSERT INTO aff VALUES ('1', '1', 1, '1.0', '1', '1');
INSERT INTO aff VALUES ('1.5', '2', 2.5, '1e2', 1, 1.0);
INSERT INTO aff VALUES ('abc', 'abc', NULL, ' 12 ', x'00', 'x');
SELECT typeof(i), typeof(r), typeof(t), typeof(n), typeof(b), typeof(x) FROM aff;
SELECT i, r, t, n, b, x FROM aff;
SELECT * FROM aff WHERE i = 1;
SELECT * FROM aff WHERE t = '2.5';

-- ---- parameters ----
.parameter init
.parameter set :n 3
.parameter set @s 'two'
.parameter set $r 2.5
SELECT :n, @s, $r;
SELECT * FROM t1 WHERE a = :n;
SELECT * FROM t1 WHERE lower(b) = @s;
SELECT :n * 2 + 1;
SELECT ?1;
.parameter clear

-- ---- column names ----
.headers on
SELECT a, b AS bee, a + 1, count(*) FROM t1 GROUP BY a ORDER BY a LIMIT 2;
SELECT * FROM acct WHERE id = 1;
SELECT t1.a FROM t1 WHERE a = 2;
.headers off

-- ---- error cases (messages must match) ----
SELECT * FROM nosuchtable;
SELECT nosuchcolumn FROM t1;
SELECT t1.nosuch FROM t1;
SELEC 1;
SELECT 1 +;
SELECT * FROM t1 WHERE;
CREATE TABLE t1(z);
CREATE TABLE IF NOT EXISTS t1(z);
INSERT INTO t1 VALUES (1, 2);
INSERT INTO t1(nosuch) VALUES (1);
INSERT INTO nosuch VALUES (1);
SELECT abs(1, 2);
SELECT nosuchfunc(1);
SELECT count(*) FROM t1 WHERE count(*) > 1;
SELECT a FROM t1 GROUP BY a HAVING b;
UPDATE nosuch SET a = 1;
UPDATE t1 SET nosuch = 1;
DELETE FROM nosuch;
DROP TABLE nosuch;
DROP TABLE IF EXISTS nosuch;
CREATE TABLE chk(a INTEGER CHECK (a > 0), b NOT NULL);
INSERT INTO chk VALUES (0, 1);
INSERT INTO chk VALUES (1, NULL);
INSERT INTO chk VALUES (1, 1);
SELECT * FROM chk;
SELECT 1;
SELECT * FROM t1 ORDER BY 5;
SELECT a FROM t1 UNION SELECT a, b FROM t1;
SELECT x'zz';
SELECT 1 FROM t1, t3 WHERE x = a AND a = 1;
CREATE TABLE t5(a, a);
CREATE TABLE t6(a INTEGER PRIMARY KEY, b);
INSERT INTO t6 VALUES ('abc', 1);
INSERT INTO t6 VALUES (1.5, 1);
INSERT INTO t6 VALUES (2, 1);
SELECT * FROM t6;

-- ---- compound SELECT ----
SELECT 1 UNION SELECT 2 UNION SELECT 1 ORDER BY 1;
SELECT 1 UNION ALL SELECT 1;
SELECT a FROM t1 INTERSECT SELECT x FROM t3 ORDER BY 1;
SELECT a FROM t1 EXCEPT SELECT x FROM t3 ORDER BY 1;

-- ---- joins ----
SELECT t1.a, t3.y FROM t1, t3 WHERE t1.a = t3.x ORDER BY t1.a;
SELECT t1.a, t3.y FROM t1 JOIN t3 ON t1.a = t3.x ORDER BY 1;
SELECT t1.a, t3.x FROM t1 LEFT JOIN t3 ON t3.x = t1.a + 10 ORDER BY 1;

-- ---- views and drop ----
CREATE VIEW v1 AS SELECT a, b FROM t1 WHERE a > 1;
SELECT * FROM v1 ORDER BY a;
DROP VIEW v1;
DROP TABLE t4;
SELECT * FROM t4;
DROP TABLE IF EXISTS t4;
SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name;
SELECT count(*) FROM sqlite_master;
PRAGMA integrity_check;

-- ---- WITHOUT ROWID tables ----
CREATE TABLE wr_t(a PRIMARY KEY, b, c UNIQUE) WITHOUT ROWID;
CREATE INDEX wr_tb ON wr_t(b);
SELECT * FROM sqlite_schema WHERE tbl_name = 'wr_t';
INSERT INTO wr_t VALUES(3, 'x', 30), (1, 'y', 10), (2, 'z', 20);
SELECT * FROM wr_t;
SELECT * FROM wr_t WHERE a = 2;
SELECT a FROM wr_t WHERE b = 'y';
SELECT * FROM wr_t WHERE c = 30;
INSERT INTO wr_t VALUES(1, 'dup', 99);
INSERT INTO wr_t VALUES(7, 'dup', 10);
INSERT OR REPLACE INTO wr_t VALUES(1, 'rep', 11);
INSERT OR IGNORE INTO wr_t VALUES(2, 'ign', 22);
INSERT INTO wr_t VALUES(NULL, 1, 2);
SELECT * FROM wr_t;
UPDATE wr_t SET b = 'upd' WHERE a = 3;
UPDATE wr_t SET a = 5 WHERE a = 2;
SELECT * FROM wr_t;
DELETE FROM wr_t WHERE b = 'upd';
SELECT * FROM wr_t ORDER BY a DESC;
SELECT rowid FROM wr_t;
EXPLAIN QUERY PLAN SELECT * FROM wr_t WHERE a = 1;
EXPLAIN QUERY PLAN SELECT * FROM wr_t WHERE a > 1;
EXPLAIN QUERY PLAN SELECT * FROM wr_t WHERE b > 1;
EXPLAIN QUERY PLAN SELECT a FROM wr_t WHERE b > 1;
EXPLAIN QUERY PLAN SELECT * FROM wr_t ORDER BY a;
EXPLAIN QUERY PLAN SELECT * FROM wr_t WHERE c = 1;
PRAGMA index_list(wr_t);
PRAGMA index_info(sqlite_autoindex_wr_t_1);
PRAGMA index_xinfo(sqlite_autoindex_wr_t_1);
PRAGMA index_xinfo(wr_tb);
PRAGMA table_info(wr_t);
CREATE TABLE wr_u(a, b) WITHOUT ROWID;
CREATE TABLE wr_u(a INTEGER PRIMARY KEY AUTOINCREMENT, b) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS wr_t(z PRIMARY KEY) WITHOUT ROWID;
CREATE TABLE wr_w(x INTEGER PRIMARY KEY, y) WITHOUT ROWID;
INSERT INTO wr_w VALUES('5', 1);
INSERT INTO wr_w VALUES(NULL, 1);
SELECT x, typeof(x) FROM wr_w;
CREATE TABLE wr_v(a, b, c, PRIMARY KEY(c DESC, a)) WITHOUT ROWID;
INSERT INTO wr_v VALUES(1, 2, 3), (2, 3, 3), (0, 0, 5), (9, 9, 1);
SELECT * FROM wr_v;
SELECT * FROM wr_v WHERE c = 3;
SELECT * FROM wr_v WHERE c > 1;
EXPLAIN QUERY PLAN SELECT * FROM wr_v WHERE c > 1;
CREATE TABLE wr_n(a TEXT COLLATE NOCASE PRIMARY KEY, b) WITHOUT ROWID;
INSERT INTO wr_n VALUES('abc', 1), ('ABD', 2), ('Abe', 3);
INSERT INTO wr_n VALUES('ABC', 4);
SELECT * FROM wr_n;
SELECT * FROM wr_n WHERE a = 'ABE';
CREATE TABLE wr_c(a, b, c, d, PRIMARY KEY(b, a)) WITHOUT ROWID;
INSERT INTO wr_c VALUES(1, 1, 1, 1), (2, 1, 2, 2), (1, 2, 3, 3), (3, 0, 4, 4);
SELECT * FROM wr_c WHERE b = 1;
SELECT * FROM wr_c WHERE b = 1 AND a = 2;
EXPLAIN QUERY PLAN SELECT * FROM wr_c WHERE b = 1 AND a = 2;
CREATE INDEX wr_cd ON wr_c(d);
SELECT * FROM wr_c WHERE d > 2;
EXPLAIN QUERY PLAN SELECT a, b FROM wr_c WHERE d > 2;
PRAGMA index_xinfo(wr_cd);
INSERT INTO wr_c(a, c) VALUES(9, 9);
INSERT INTO wr_c VALUES(5, 5, 5, 5) ON CONFLICT DO NOTHING;
INSERT INTO wr_c VALUES(5, 5, 6, 6) ON CONFLICT(a, b) DO UPDATE SET c = excluded.c + 100;
INSERT INTO wr_c VALUES(5, 5, 6, 6) ON CONFLICT(b, a) DO UPDATE SET d = -1 RETURNING *;
INSERT INTO wr_c VALUES(7, 7, 7, 7) RETURNING a, d * 2;
UPDATE wr_c SET d = d + 1 WHERE a = 7 RETURNING *;
DELETE FROM wr_c WHERE a = 7 RETURNING b;
SELECT * FROM wr_c;
PRAGMA foreign_keys = ON;
CREATE TABLE wr_p(id TEXT PRIMARY KEY, v) WITHOUT ROWID;
CREATE TABLE wr_ch(x PRIMARY KEY, pid REFERENCES wr_p(id) ON DELETE CASCADE) WITHOUT ROWID;
INSERT INTO wr_p VALUES('a', 1), ('b', 2);
INSERT INTO wr_ch VALUES(1, 'a'), (2, 'b');
INSERT INTO wr_ch VALUES(3, 'zz');
DELETE FROM wr_p WHERE id = 'b';
SELECT * FROM wr_ch;
PRAGMA foreign_keys = OFF;
CREATE TABLE wr_log(m);
CREATE TRIGGER wr_tr1 AFTER INSERT ON wr_p BEGIN INSERT INTO wr_log VALUES('ins ' || new.id); END;
CREATE TRIGGER wr_tr2 BEFORE DELETE ON wr_p BEGIN INSERT INTO wr_log VALUES('del ' || old.id); END;
CREATE TRIGGER wr_tr3 AFTER UPDATE ON wr_p BEGIN INSERT INTO wr_log VALUES('upd ' || old.id || '->' || new.id); END;
INSERT INTO wr_p VALUES('c', 3);
UPDATE wr_p SET v = v + 1;
DELETE FROM wr_p WHERE id = 'c';
SELECT * FROM wr_log;
ALTER TABLE wr_ch ADD COLUMN w DEFAULT 7;
INSERT INTO wr_ch VALUES(4, 'a', 5);
SELECT * FROM wr_ch;
ALTER TABLE wr_ch RENAME TO wr_ch2;
SELECT * FROM wr_ch2 WHERE x = 4;
DROP INDEX sqlite_autoindex_wr_t_1;
PRAGMA integrity_check;
DROP TABLE wr_t;
DROP TABLE wr_c;
DROP TABLE wr_ch2;
PRAGMA integrity_check;

-- ---- a rowid range delivers rowid order (no sort) ----
CREATE TABLE rr(a, b);
INSERT INTO rr VALUES(1, 2), (3, 4), (5, 6), (7, 8), (9, 10), (11, 12);
EXPLAIN QUERY PLAN SELECT * FROM rr WHERE rowid BETWEEN 2 AND 4 ORDER BY rowid;
SELECT * FROM rr WHERE rowid BETWEEN 2 AND 4 ORDER BY rowid;
SELECT * FROM rr WHERE rowid BETWEEN 2 AND 4 ORDER BY rowid DESC;
EXPLAIN QUERY PLAN SELECT * FROM rr WHERE rowid BETWEEN 2 AND 4 ORDER BY rowid DESC;
SELECT rowid FROM rr WHERE rowid > 2.5 AND rowid <= '5' ORDER BY rowid DESC;
SELECT rowid FROM rr WHERE rowid >= 3 AND rowid < 99.5 ORDER BY rowid DESC;
SELECT rowid FROM rr WHERE rowid < 3 ORDER BY rowid DESC;
SELECT rowid FROM rr WHERE rowid > 4 ORDER BY rowid DESC;
SELECT rowid FROM rr WHERE rowid > 'x' ORDER BY rowid DESC;
SELECT rowid FROM rr WHERE rowid < 'x' AND rowid > NULL ORDER BY rowid DESC;
SELECT rowid FROM rr WHERE rowid < 'x' AND rowid >= -5 ORDER BY rowid DESC;
DROP TABLE rr;

-- ---- WITHOUT ROWID: a UNIQUE constraint that is also the PRIMARY KEY ----
CREATE TABLE wr_up(a UNIQUE, b, PRIMARY KEY(a)) WITHOUT ROWID;
SELECT type, name, tbl_name, sql FROM sqlite_schema WHERE tbl_name = 'wr_up';
PRAGMA index_list(wr_up);
INSERT INTO wr_up VALUES(1, 2);
INSERT INTO wr_up VALUES(1, 3);
CREATE TABLE wr_dup(a, b, PRIMARY KEY(a, b COLLATE NOCASE, a, b)) WITHOUT ROWID;
PRAGMA index_xinfo(sqlite_autoindex_wr_dup_1);
INSERT INTO wr_dup VALUES(1, 'x'), (1, 'X');
INSERT INTO wr_dup VALUES(1, 'x');
CREATE INDEX wr_dupb ON wr_dup(b);
PRAGMA index_xinfo(wr_dupb);
SELECT * FROM wr_dup WHERE b = 'X';
PRAGMA integrity_check;
DROP TABLE wr_up;
DROP TABLE wr_dup;

-- ---- WITHOUT ROWID: overflow records, expression/partial/unique indexes, changes() ----
CREATE TABLE wr_big(k PRIMARY KEY, v, w) WITHOUT ROWID;
CREATE INDEX wr_bigw ON wr_big(w);
INSERT INTO wr_big WITH RECURSIVE g(value) AS (SELECT 1 UNION ALL SELECT value + 1 FROM g WHERE value < 40) SELECT 'key' || value, zeroblob(value * 300), randomblob(2) FROM g;
INSERT INTO wr_big VALUES (printf('%.2000c', 'x'), 'longkey', 1);
SELECT count(*), sum(length(v)) FROM wr_big;
SELECT length(k), v FROM wr_big WHERE k = printf('%.2000c', 'x');
UPDATE wr_big SET v = zeroblob(9000) WHERE k = 'key3';
DELETE FROM wr_big WHERE k > 'key30';
SELECT count(*), sum(length(v)) FROM wr_big;
PRAGMA integrity_check;
CREATE TABLE wr_e(a PRIMARY KEY, b, c) WITHOUT ROWID;
CREATE INDEX wr_ee ON wr_e(b + c);
CREATE INDEX wr_ep ON wr_e(c) WHERE c > 10;
CREATE UNIQUE INDEX wr_eu ON wr_e(b);
INSERT INTO wr_e VALUES(1, 2, 3), (2, 3, 30), (3, 4, 40);
SELECT a FROM wr_e WHERE b + c = 33;
SELECT a FROM wr_e WHERE c > 10 AND c = 40;
INSERT INTO wr_e VALUES(4, 2, 0);
INSERT OR REPLACE INTO wr_e VALUES(4, 2, 0);
SELECT * FROM wr_e;
INSERT OR IGNORE INTO wr_e VALUES(5, 3, 0);
SELECT changes();
UPDATE wr_e SET c = c + 1;
SELECT changes();
UPDATE OR REPLACE wr_e SET b = 4 WHERE a = 2;
SELECT * FROM wr_e;
PRAGMA integrity_check;
SELECT max(a), min(a) FROM wr_e;
SELECT a FROM wr_e ORDER BY a DESC LIMIT 2;
SELECT a, b FROM wr_e WHERE a IN (SELECT a FROM wr_e WHERE b > 1) ORDER BY a;
DROP TABLE wr_big;
DROP TABLE wr_e;

-- ---- ORDER BY an index walked either way; unique keys end the ORDER BY ----
CREATE TABLE ob(a, b, c, PRIMARY KEY(c DESC, a)) WITHOUT ROWID;
INSERT INTO ob VALUES(1, 2, 3), (2, 3, 3), (0, 0, 5), (9, 9, 1);
EXPLAIN QUERY PLAN SELECT * FROM ob ORDER BY c DESC;
SELECT * FROM ob ORDER BY c DESC;
EXPLAIN QUERY PLAN SELECT * FROM ob ORDER BY c, a DESC;
SELECT * FROM ob ORDER BY c, a DESC;
EXPLAIN QUERY PLAN SELECT * FROM ob WHERE c = 3 ORDER BY a DESC;
SELECT * FROM ob WHERE c = 3 ORDER BY a DESC;
EXPLAIN QUERY PLAN SELECT * FROM ob WHERE c > 1 ORDER BY c;
SELECT * FROM ob WHERE c > 1 ORDER BY c;
EXPLAIN QUERY PLAN SELECT * FROM ob ORDER BY c DESC, a, b;
CREATE TABLE obr(x, y, z);
CREATE INDEX obr_y ON obr(y DESC, z);
INSERT INTO obr VALUES(1, 5, 1), (2, 3, 2), (3, 5, 0), (4, NULL, 1), (5, 1, 1);
EXPLAIN QUERY PLAN SELECT * FROM obr ORDER BY y;
SELECT * FROM obr ORDER BY y;
EXPLAIN QUERY PLAN SELECT x FROM obr WHERE y = 5 ORDER BY z DESC;
SELECT x FROM obr WHERE y = 5 ORDER BY z DESC;
EXPLAIN QUERY PLAN SELECT * FROM obr WHERE rowid > 1 ORDER BY rowid, y;
SELECT * FROM obr WHERE rowid > 1 ORDER BY rowid, y;
DROP TABLE ob;
DROP TABLE obr;
