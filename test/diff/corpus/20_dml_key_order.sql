-- UPDATE/DELETE collect the keys of the matching rows first, then change the rows in key
-- order, whatever order the WHERE loop found them in (index scans, OR, triggers, RETURNING).
CREATE TABLE k(id INTEGER PRIMARY KEY, a, b);
CREATE INDEX k_a ON k(a);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 30) INSERT INTO k SELECT i, (i * 7) % 30, i FROM n;
CREATE TABLE kl(op, id, a);
CREATE TRIGGER k_ad AFTER DELETE ON k BEGIN INSERT INTO kl VALUES ('del', old.id, old.a); END;
CREATE TRIGGER k_au AFTER UPDATE ON k BEGIN INSERT INTO kl VALUES ('upd', new.id, new.a); END;
DELETE FROM k WHERE a BETWEEN 3 AND 9 RETURNING id, a;
UPDATE k SET b = b * 10 WHERE a > 20 OR id < 4 RETURNING id, b;
DELETE FROM k WHERE a IN (10, 1, 25) OR id = 30 RETURNING id;
SELECT * FROM kl;
SELECT * FROM k ORDER BY id;
PRAGMA integrity_check;
CREATE TABLE kw(x TEXT PRIMARY KEY, y) WITHOUT ROWID;
CREATE INDEX kw_y ON kw(y);
INSERT INTO kw SELECT 'k' || id, a FROM k;
DELETE FROM kw WHERE y < 12 RETURNING x;
UPDATE kw SET y = -y WHERE y > 20 RETURNING x, y;
SELECT * FROM kw ORDER BY x;
PRAGMA integrity_check;
CREATE TRIGGER kw_cascade AFTER DELETE ON kw BEGIN DELETE FROM k WHERE a = old.y; UPDATE k SET b = -1 WHERE a = old.y + 1; END;
DELETE FROM kw WHERE y IN (12, 13, 14);
DELETE FROM kw WHERE y IN (12, 13, 14);
SELECT * FROM k ORDER BY id;
SELECT count(*) FROM kl;
PRAGMA integrity_check;
-- a trigger's own INSERT neither returns rows for the statement nor drops its upsert
CREATE TABLE ups(k UNIQUE, n);
CREATE TABLE upl(msg);
CREATE TRIGGER ups_bi BEFORE INSERT ON ups BEGIN INSERT INTO upl VALUES ('bi ' || new.k); END;
CREATE TRIGGER ups_ai AFTER INSERT ON ups BEGIN INSERT INTO upl VALUES ('ai ' || new.k); END;
INSERT INTO ups VALUES (1, 1) ON CONFLICT(k) DO UPDATE SET n = n + 1 RETURNING k, n;
INSERT INTO ups VALUES (1, 1) ON CONFLICT(k) DO UPDATE SET n = n + 1 RETURNING k, n;
INSERT INTO ups VALUES (2, 5), (1, 1) ON CONFLICT DO UPDATE SET n = n * 10 RETURNING *;
SELECT * FROM ups ORDER BY k;
SELECT * FROM upl;
