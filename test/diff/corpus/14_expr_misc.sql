-- Operator precedence, CASE forms, IN lists, iif/coalesce, string concatenation.
SELECT 1 + 2 * 3, (1 + 2) * 3, 2 * 3 % 4, 1 - 2 - 3, 10 / 3 * 3, -2 * -3, 1 || 2 + 3, 7 & 3 | 8, 1 << 2 + 1;
SELECT 1 < 2 = 1, 1 = 1 = 1, NOT 1 = 2, NOT NULL IS NULL, 1 IS NOT NULL AND 0, 5 BETWEEN 1 AND 10 AND 1;
SELECT 'a' || NULL, 'a' || 1.0, 'a' || x'62', 1 || 1, typeof(1 || 1);
SELECT CASE 1 WHEN 1.0 THEN 'int=real' ELSE 'no' END, CASE '1' WHEN 1 THEN 'yes' ELSE 'no' END, CASE WHEN 0 THEN 1 END;
SELECT iif(1, 'a', 'b'), iif(NULL, 'a', 'b'), coalesce(NULL, 0, 1), ifnull(NULL, NULL), nullif('a', 'A'), nullif(1, 1.0);
SELECT 3 IN (1, 2, 3), 3 IN ('3'), '3' IN (3), 3.0 IN (3), NULL IN (NULL), x'01' IN (x'01');
SELECT min(1, 'a', x'00', NULL), max(1, 'a', x'00'), min('B', 'a'), max(2, 10, 9.5), typeof(max(2, 2.0));
SELECT sign(-5), sign(0), sign(2.5), sign('x'), sign(NULL), round(-0.5), round(0.5), round(1.005, 2), round(-1.5);
SELECT length(zeroblob(3)), hex(zeroblob(2)), typeof(zeroblob(0)), quote(zeroblob(1)), instr('abc', ''), instr(NULL, 'a');
SELECT ceil(1.2), floor(-1.2), ceil(-0.5), trunc(2.7), trunc(-2.7), typeof(ceil(1)), ceil('2.5'), floor(NULL);
SELECT pow(2, 10), sqrt(16), sqrt(-1), mod(7, 3), mod(-7.5, 2), pi() > 3.14, log10(1000), ln(1), exp(0), log(2, 8);
SELECT abs(-0.0), -0.0 = 0.0, 1e-320 > 0, 1.7976931348623157e308, -1.7976931348623157e308 * 2;
SELECT soundex('Robert'), soundex('Tymczak'), soundex(''), soundex('123'), unicode('€'), char(8364), char();
SELECT likely(5), unlikely('x'), likelihood(1, 0.5), typeof(likely(NULL));
