-- NOT over AND/OR with NULL operands in WHERE: false AND NULL is false, so NOT of it is
-- true and the row qualifies.  Found by TLP (seeds 81, 200, 234, 238): ours dropped it.
CREATE TABLE t(a, b);
INSERT INTO t VALUES (0, NULL), (1, NULL), (NULL, 0), (NULL, 1), (NULL, NULL), (0, 0), (1, 1);
SELECT a, b FROM t WHERE NOT (a AND b) ORDER BY rowid;
SELECT a, b FROM t WHERE NOT (a AND NULL) ORDER BY rowid;
SELECT a, b FROM t WHERE NOT (NULL AND a) ORDER BY rowid;
SELECT a, b FROM t WHERE NOT (a OR b) ORDER BY rowid;
SELECT a, b FROM t WHERE NOT (a OR NULL) ORDER BY rowid;
SELECT a, b FROM t WHERE NOT ((a AND b) OR (b AND a)) ORDER BY rowid;
SELECT a, b, NOT (a AND b), NOT (a OR b), (a AND b) IS NULL FROM t ORDER BY rowid;
SELECT count(*) FROM t WHERE NOT (a = 1 AND b IS NULL);
SELECT count(*) FROM t WHERE NOT NOT (a AND b);
SELECT a, b FROM t WHERE (a AND b) IS NOT 1 ORDER BY rowid;
