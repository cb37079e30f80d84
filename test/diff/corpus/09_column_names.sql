-- Result column names: expressions keep their source text, aliases win.
CREATE TABLE cn(a INTEGER, "b c" TEXT, [d] REAL, `e`);
INSERT INTO cn VALUES (1, 'x', 2.5, NULL);
SELECT * FROM cn;
SELECT a, "b c", d, e, rowid, _rowid_, oid FROM cn;
SELECT a+1, a + 1, (a), -a, cn.a, 'lit', 1.50, NULL, x'AB', a AS z FROM cn;
SELECT count(*), COUNT(a), max( a ), sum(a)/2 FROM cn;
SELECT a   +   d  AS "weird name", abs(a)   FROM cn;
SELECT t.a, t."b c" FROM cn AS t;
SELECT cn.* FROM cn;
SELECT 1 AS a, 2 AS a;
SELECT CASE WHEN a THEN 'y' END, a IS NOT NULL, a BETWEEN 0 AND 2 FROM cn;
SELECT a FROM cn WHERE a = 1 ORDER BY 1;
SELECT DISTINCT "b c" FROM cn;
SELECT a, count(*) AS cnt FROM cn GROUP BY a;
SELECT 1 -- comment
  + 2;
SELECT /* c */ 3   ;
