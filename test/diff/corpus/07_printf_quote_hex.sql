-- printf/format, quote(), hex() over every storage class.
SELECT printf('%d|%5d|%-5d|%05d|%+d', 42, 42, 42, 42, 42);
SELECT printf('%s|%10s|%-10s|%.2s', 'abc', 'abc', 'abc', 'abc');
SELECT printf('%f|%.2f|%e|%.3e|%g|%g|%g', 3.14159, 3.14159, 31415.9, 0.000314, 1e20, 1e-5, 100.0);
SELECT printf('%x|%X|%o|%c|%%', 255, 255, 8, 65);
SELECT printf('%q|%Q|%Q|%w', 'it''s', 'it''s', NULL, 'a"b');
SELECT printf('%d', '12abc'), printf('%d', 3.9), printf('%s', 3.0), printf('%s', x'41'), printf('%d'), printf(NULL);
SELECT printf('%.3s', 'üüüü'), printf('%!.3s', 'üüüü'), printf('%5.1f', -0.05), printf('%,d', 1234567);
SELECT printf('%!.17g', 0.1), printf('%.20f', 1.0), printf('%lld', 9223372036854775807), printf('%i', -1);
SELECT quote(1), quote(1.5), quote('a''b'), quote(x'00ff'), quote(NULL), quote(-0.0), quote(1e300), quote(100.0);
SELECT hex(1), hex(1.5), hex('abc'), hex(x'00ff'), hex(NULL), hex(''), hex('ü'), hex(-1);
SELECT 1.0, 1e15, 1e16, 1.5e-7, 123456789012345678.0, 0.1, -0.0, 3.0e0, 1e308, 2e308;
SELECT CAST(1e15 AS TEXT), CAST(1.0 AS TEXT), CAST(0.1 AS TEXT), CAST(1e-5 AS TEXT), CAST(123.456e10 AS TEXT);
SELECT 1 || 2, 1.5 || '', x'41' || 'b', NULL || 'a', 'a' || 1e20;
SELECT upper('äbc'), lower('ÄBC'), length('ü'), length(x'0000'), length(123), length(1.5), length(NULL);
SELECT char(65, 66, 252), unicode('ü'), unicode(''), substr('hello', 2), substr('hello', -3, 2), substr('hello', 0, 2), substr(x'010203', 2, 1);
SELECT trim('  x  '), ltrim('xxay', 'x'), rtrim('ayyy', 'y'), replace('aaa', 'a', 'bb'), replace('abc', '', 'x'), instr('hello', 'l'), instr(x'0102', x'02');
