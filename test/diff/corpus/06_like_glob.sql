-- LIKE (case-insensitive for ASCII only, ESCAPE) and GLOB (case-sensitive, classes).
SELECT 'abc' LIKE 'ABC', 'abc' LIKE 'a%', 'abc' LIKE '_b_', 'abc' LIKE 'a_', 'abc' LIKE '%', '' LIKE '%', '' LIKE '_';
SELECT 'ü' LIKE 'Ü', 'ü' LIKE '_', 'üx' LIKE '__', 'A' LIKE 'a';
SELECT 'a%c' LIKE 'a\%c' ESCAPE '\', 'abc' LIKE 'a\%c' ESCAPE '\', 'a_c' LIKE 'a\_c' ESCAPE '\', 'a\c' LIKE 'a\\c' ESCAPE '\';
SELECT 'abc' LIKE 'a' ESCAPE 'xy';
SELECT NULL LIKE 'a', 'a' LIKE NULL, 10 LIKE '1%', 1.5 LIKE '1._', x'616263' LIKE 'abc';
SELECT 'abc' NOT LIKE 'ABC', like('a%', 'abc'), like('a!%', 'a%', '!');
SELECT 'abc' GLOB 'a*', 'abc' GLOB 'A*', 'abc' GLOB '?b?', 'abc' GLOB '[a-c]*', 'abc' GLOB '[^a]*', 'a]' GLOB '[]]*', 'a]' GLOB 'a[]]';
SELECT 'a-b' GLOB 'a[-]b', 'aXb' GLOB 'a[^-]b', '*' GLOB '[*]', 'ab' GLOB 'a[', 'x' GLOB '[z-a]';
SELECT glob('a*', 'abc'), 'abc' NOT GLOB 'x*', NULL GLOB '*', 123 GLOB '1*';
CREATE TABLE l(s TEXT);
INSERT INTO l VALUES ('apple'), ('Apple'), ('APPLE'), ('banana'), ('a_b'), ('a%b'), (NULL), ('');
SELECT s FROM l WHERE s LIKE 'a%' ORDER BY s;
SELECT s FROM l WHERE s GLOB 'A*' ORDER BY s;
SELECT s FROM l WHERE s LIKE 'a_b' ORDER BY s;
SELECT s FROM l WHERE s LIKE 'a#_b' ESCAPE '#' ORDER BY s;
SELECT count(*) FROM l WHERE s NOT LIKE '%p%';
