-- typeof() and CAST rules for every source class and target type.
SELECT typeof(1), typeof(1.0), typeof('1'), typeof(x'01'), typeof(NULL), typeof(1 + 1.0), typeof('1' + 1), typeof('1.0' + 1);
SELECT CAST('123abc' AS INTEGER), CAST('  45  ' AS INTEGER), CAST('1e3' AS INTEGER), CAST('-' AS INTEGER), CAST('' AS INTEGER), CAST('0x10' AS INTEGER);
SELECT CAST('1.5' AS INTEGER), CAST(1.9 AS INTEGER), CAST(-1.9 AS INTEGER), CAST(x'3132' AS INTEGER), CAST(NULL AS INTEGER);
SELECT CAST('1e3' AS REAL), CAST('abc' AS REAL), CAST(5 AS REAL), typeof(CAST(5 AS REAL)), CAST('.5' AS REAL), CAST('5.' AS REAL);
SELECT CAST('1e3' AS NUMERIC), typeof(CAST('1e3' AS NUMERIC)), CAST('1.0' AS NUMERIC), typeof(CAST('1.0' AS NUMERIC)), CAST('1.5' AS NUMERIC), CAST('abc' AS NUMERIC);
SELECT CAST(12 AS TEXT), CAST(1.5 AS TEXT), CAST(x'616263' AS TEXT), typeof(CAST(NULL AS TEXT));
SELECT CAST(12 AS BLOB), typeof(CAST(12 AS BLOB)), hex(CAST(1.5 AS BLOB)), CAST('ab' AS BLOB);
SELECT CAST(1 AS FOO), typeof(CAST('1' AS FOO)), CAST('1' AS VARCHAR(1)), CAST('12' AS CHARINT), typeof(CAST('1.0' AS FLOATING POINT));
SELECT CAST(9.5e18 AS INTEGER), CAST(-9.5e18 AS INTEGER), CAST('9.5e18' AS NUMERIC), typeof(CAST('9.5e18' AS NUMERIC));
SELECT '3' + '4', '3.0' + '4', 'x' + 1, x'33' + 1, '  7' * 2, '7  ' * 2, '1e2' * 1, '+5' - 0, '-' - 0;
SELECT - '3', - 'x', - x'33', - NULL, + 'x', ~ '3', NOT 'x', NOT '1', NOT 0.5;
SELECT 5 = CAST('5' AS INTEGER), CAST(5 AS TEXT) = '5', CAST(0.1 AS TEXT) = '0.1';
