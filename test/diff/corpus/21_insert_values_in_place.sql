-- Single-row INSERT ... VALUES: values land in their columns directly; column lists in any
-- order, rowid aliases, duplicates, defaults, AUTOINCREMENT, RETURNING and upserts.
CREATE TABLE iv(id INTEGER PRIMARY KEY, a TEXT DEFAULT 'dflt', b REAL, c);
INSERT INTO iv(c, b, a, id) VALUES ('c1', '2.5', 3, 10);
INSERT INTO iv(b) VALUES (7);
INSERT INTO iv(rowid, a) VALUES (50, 'r');
INSERT INTO iv(oid, id, a) VALUES (60, 61, 'both');
INSERT INTO iv(a, a) VALUES ('x', 'y');
INSERT INTO iv(id, c) VALUES (NULL, abs(-3));
INSERT INTO iv(id) VALUES ('12');
INSERT INTO iv(id) VALUES ('abc');
INSERT INTO iv VALUES (70, 1, 2, 3) RETURNING id, a, c;
INSERT INTO iv DEFAULT VALUES RETURNING id, a;
INSERT INTO iv(id, a) VALUES (10, 'dup') ON CONFLICT(id) DO UPDATE SET a = excluded.a || '!' RETURNING id, a;
INSERT INTO iv(b, id) VALUES ((SELECT max(id) FROM iv), (SELECT count(*) FROM iv) + 100);
SELECT id, a, b, typeof(b), c FROM iv ORDER BY id;
CREATE TABLE ia(id INTEGER PRIMARY KEY AUTOINCREMENT, v);
INSERT INTO ia(v) VALUES ('one');
INSERT INTO ia(v, id) VALUES ('two', 40);
INSERT INTO ia(v) VALUES ('three');
SELECT * FROM ia;
SELECT * FROM sqlite_sequence;
CREATE TABLE iw(k, v, PRIMARY KEY (v, k)) WITHOUT ROWID;
INSERT INTO iw(v, k) VALUES (1, 2);
INSERT INTO iw(k, v) VALUES (1, 2);
INSERT INTO iw(k, v) VALUES (2, 1);
SELECT * FROM iw;
