-- UPDATE leaves alone the index entries whose columns it does not assign; every index must
-- still match the table afterwards (rowid change, expression and partial indexes, REPLACE,
-- WITHOUT ROWID, triggers).
CREATE TABLE u(id INTEGER PRIMARY KEY, a, b, c, d TEXT);
CREATE INDEX u_a ON u(a);
CREATE UNIQUE INDEX u_b ON u(b);
CREATE INDEX u_expr ON u(c * 2 + 1);
CREATE INDEX u_part ON u(a) WHERE c > 5;
CREATE INDEX u_ad ON u(a, d COLLATE NOCASE);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 40) INSERT INTO u SELECT i, i % 7, i, i % 11, 'd' || i FROM n;
UPDATE u SET d = d || 'x' WHERE id % 3 = 0;
UPDATE u SET c = c + 3 WHERE id % 4 = 0;
UPDATE u SET b = b + 100 WHERE id % 5 = 0;
UPDATE u SET b = 2 WHERE id = 1;
UPDATE OR REPLACE u SET b = 2 WHERE id = 1;
UPDATE OR IGNORE u SET b = 3, d = 'ignored' WHERE id = 4;
UPDATE u SET id = id + 1000 WHERE id % 6 = 0;
UPDATE u SET rowid = 500 WHERE id = 7;
UPDATE u SET a = NULL, d = upper(d) WHERE id % 8 = 0;
SELECT * FROM u ORDER BY id;
SELECT a, id FROM u INDEXED BY u_a WHERE a IS NOT NULL ORDER BY a, id;
SELECT b FROM u INDEXED BY u_b WHERE b > 0 ORDER BY b;
SELECT c * 2 + 1, id FROM u INDEXED BY u_expr WHERE c * 2 + 1 > 0 ORDER BY 1, 2;
SELECT a, id FROM u INDEXED BY u_part WHERE c > 5 AND a >= 0 ORDER BY a, id;
PRAGMA integrity_check;
BEGIN;
UPDATE u SET d = 'z', b = b + 1 WHERE id > 10;
UPDATE u SET d = 'y', b = 3 WHERE id > 10;
SELECT count(*), sum(b) FROM u;
PRAGMA integrity_check;
COMMIT;
-- WITHOUT ROWID: changing the PRIMARY KEY rewrites every secondary entry
CREATE TABLE wu(k INTEGER PRIMARY KEY, x, y, z) WITHOUT ROWID;
CREATE INDEX wu_x ON wu(x);
CREATE INDEX wu_yz ON wu(y, z);
INSERT INTO wu VALUES (1, 'a', 1, 1), (2, 'b', 2, 2), (3, 'c', 3, 3), (4, 'd', 4, 4);
UPDATE wu SET z = z * 10 WHERE k > 2;
UPDATE wu SET k = k + 10 WHERE k % 2 = 0;
UPDATE wu SET x = x || x, k = k + 100 WHERE k = 1;
SELECT * FROM wu ORDER BY k;
SELECT x, k FROM wu INDEXED BY wu_x WHERE x > '' ORDER BY x;
SELECT y, z, k FROM wu INDEXED BY wu_yz WHERE y > 0 ORDER BY y;
PRAGMA integrity_check;
-- triggers see old and new values; a BEFORE trigger keeps the full rewrite
CREATE TABLE tl(msg);
CREATE TRIGGER u_au AFTER UPDATE OF d ON u BEGIN INSERT INTO tl VALUES (old.a || ':' || new.a || ':' || new.d); END;
UPDATE u SET d = 'trig' WHERE id < 4;
CREATE TRIGGER u_bu BEFORE UPDATE OF c ON u BEGIN UPDATE u SET a = a + 100 WHERE id = new.id; END;
UPDATE u SET c = 0 WHERE id = 5;
SELECT * FROM tl;
SELECT * FROM u WHERE id < 6 ORDER BY id;
PRAGMA integrity_check;
-- upsert DO UPDATE goes through the same path
CREATE TABLE up(k UNIQUE, v, w);
CREATE INDEX up_v ON up(v);
CREATE INDEX up_w ON up(w);
INSERT INTO up VALUES (1, 1, 1), (2, 2, 2);
INSERT INTO up VALUES (1, 9, 9) ON CONFLICT(k) DO UPDATE SET w = excluded.w;
INSERT INTO up VALUES (2, 9, 9) ON CONFLICT(k) DO UPDATE SET v = excluded.v + 1;
SELECT * FROM up ORDER BY k;
SELECT v FROM up INDEXED BY up_v WHERE v > 0 ORDER BY v;
SELECT w FROM up INDEXED BY up_w WHERE w > 0 ORDER BY w;
PRAGMA integrity_check;
