-- Date and time functions on fixed inputs (never 'now').
SELECT date('2024-01-31'), time('12:34:56.789'), datetime('2024-02-29 23:59:59'), julianday('2000-01-01');
SELECT date('2024-01-31', '+1 month'), date('2023-01-31', '+1 month'), date('2024-03-31', '-1 month');
SELECT datetime('2024-01-01', '+36 hours'), datetime('2024-01-01 00:00', '-1 second'), date('2024-01-01', 'start of month', '+1 month', '-1 day');
SELECT date('2024-05-15', 'weekday 0'), date('2024-05-15', 'start of year'), datetime(0, 'unixepoch'), datetime(1700000000, 'unixepoch');
SELECT strftime('%Y-%m-%d %H:%M:%f', '2024-06-01 01:02:03.456'), strftime('%j %w %W %s', '2024-12-31'), strftime('%%');
SELECT date('not a date'), date(NULL), date('2024-13-01'), date('2024-02-30'), time('25:00'), date(2460000.5), date('2024-01-01T10:00:00Z');
SELECT datetime('2024-01-01 10:00:00+02:00'), datetime('2024-01-01 10:00', 'utc') IS NOT NULL, julianday('2024-01-01') - julianday('2023-01-01');
SELECT typeof(julianday('2024-01-01')), typeof(strftime('%s', '2024-01-01')), unixepoch('2024-01-01'), typeof(unixepoch('2024-01-01'));
SELECT date('2024-01-01', '+1.5 days'), datetime('2024-01-01', '+90 minutes'), date('0000-01-01'), date('9999-12-31', '+1 day');
