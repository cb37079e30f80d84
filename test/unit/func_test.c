/* func_test.c: the built-in SQL functions called through the registry
** (engine/func.c, func_core.c, func_agg.c, func_math.c) with Value
** arguments, checked against results recorded from the real sqlite3
** 3.40.1 shell: for each call, typeof(result) and quote(result), or the
** error message.  Also registry rules (arity matching, overrides,
** deletion, destructors) and context helpers (auxdata, aggregate context). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "engine/conn.h"
#include "engine/func.h"
#include "engine/printf.h"

/* Parses an SQL literal as the generator wrote it: NULL, 'text' (with ''),
** x'hex', integers (also 0x hex), reals. */
static void lit_value(const char *z, Value *v) {
  if (strcmp(z, "NULL") == 0) {
    value_set_null(v);
  } else if (z[0] == '\'') {
    char buf[256];
    int n = 0;
    for (int i = 1; z[i] && n < 255; i++) {
      if (z[i] == '\'') {
        if (z[i + 1] != '\'') break;
        i++;
      }
      buf[n++] = z[i];
    }
    ck_assert_int_eq(value_set_text(v, buf, n, SQLITE_UTF8, SQLITE_TRANSIENT), SQLITE_OK);
  } else if (z[0] == 'x' && z[1] == '\'') {
    unsigned char buf[128];
    int n = 0;
    for (int i = 2; z[i] && z[i] != '\''; i += 2) {
      unsigned x;
      sscanf(z + i, "%2x", &x);
      buf[n++] = (unsigned char)x;
    }
    ck_assert_int_eq(value_set_blob(v, buf, n, SQLITE_TRANSIENT), SQLITE_OK);
  } else if (z[0] == '0' && z[1] == 'x') {
    value_set_int(v, (i64)strtoll(z, NULL, 16));
  } else {
    i64 iv;
    if (util_atoi64(z, (int)strlen(z), &iv) == 0) {
      value_set_int(v, iv);
    } else {
      value_set_real(v, strtod(z, NULL));
    }
  }
}

/* Renders a result as "typeof|quote" using the registry's own typeof and
** quote (which are themselves checked by the table). */
static void render(Value *pRes, char *zType, char *zQuote) {
  Value out;
  sqlite3_context ctx;
  value_init(&out, NULL);
  FuncDef *pT = func_find(NULL, "typeof", 1, SQLITE_UTF8, 0);
  FuncDef *pQ = func_find(NULL, "quote", 1, SQLITE_UTF8, 0);
  ck_assert_ptr_nonnull(pT);
  ck_assert_ptr_nonnull(pQ);
  func_context_init(&ctx, NULL, pT, &out, NULL, NULL, 0, NULL);
  pT->xSFunc(&ctx, 1, &pRes);
  strcpy(zType, (const char *)value_text(&out, SQLITE_UTF8));
  func_context_init(&ctx, NULL, pQ, &out, NULL, NULL, 0, NULL);
  pQ->xSFunc(&ctx, 1, &pRes);
  ck_assert_int_eq(ctx.isError, 0);
  snprintf(zQuote, 400, "%s", (const char *)value_text(&out, SQLITE_UTF8));
  value_release(&out);
}

typedef struct ScalarCase {
  const char *zFunc;
  int nArg;
  const char *azArg[5];
  const char *zType;   /* "ERR" for an error */
  const char *zQuote;  /* quote(result), or the error message */
} ScalarCase;

static const ScalarCase aScalar[] = {
  {"abs", 1, {"5"}, "integer", "5"},
  {"abs", 1, {"-5"}, "integer", "5"},
  {"abs", 1, {"-9223372036854775808"}, "ERR", "integer overflow"},
  {"abs", 1, {"-1.5"}, "real", "1.5"},
  {"abs", 1, {"'-3'"}, "real", "3.0"},
  {"abs", 1, {"'x'"}, "real", "0.0"},
  {"abs", 1, {"NULL"}, "null", "NULL"},
  {"abs", 1, {"x'31'"}, "real", "1.0"},
  {"abs", 1, {"0.0"}, "real", "0.0"},
  {"char", 3, {"65", "233", "NULL"}, "text", "'Aé'"},
  {"char", 3, {"0x110000", "-1", "66"}, "text", "'��B'"},
  {"char", 0, {NULL}, "text", "''"},
  {"char", 2, {"'97'", "98.9"}, "text", "'ab'"},
  {"coalesce", 3, {"NULL", "NULL", "3"}, "integer", "3"},
  {"coalesce", 2, {"NULL", "'a'"}, "text", "'a'"},
  {"coalesce", 2, {"NULL", "NULL"}, "null", "NULL"},
  {"printf", 4, {"'%d|%s|%f'", "'12abc'", "1.5", "'2'"}, "text", "'12|1.5|2.000000'"},
  {"printf", 2, {"'%5.2f%%'", "3.14159"}, "text", "' 3.14%'"},
  {"printf", 2, {"NULL", "1"}, "null", "NULL"},
  {"printf", 3, {"'%c%c'", "'héllo'", "''"}, "text", "'h'"},
  {"printf", 4, {"'%q|%Q|%w'", "'it''s'", "NULL", "'a\"b'"}, "text", "'it''''s|NULL|a\"\"b'"},
  {"printf", 5, {"'%x|%o|%X|%p'", "255", "8", "-1", "255"}, "text", "'ff|10|FFFFFFFFFFFFFFFF|FF'"},
  {"printf", 4, {"'%.3s|%!.3s|%-5s|'", "'héllo'", "'héllo'", "'ab'"}, "text", "'hé|hél|ab   |'"},
  {"printf", 2, {"'%s'", "x'414243'"}, "text", "'ABC'"},
  {"printf", 3, {"'%lld %hd'", "5", "6"}, "text", "'5 '"},
  {"printf", 4, {"'%e|%g|%G'", "1e999", "-0.0", "1e-5"}, "text", "'Inf|0|1E-05'"},
  {"printf", 2, {"'%s %s'", "1"}, "text", "'1 '"},
  {"printf", 2, {"'%,d'", "1234567"}, "text", "'1,234,567'"},
  {"printf", 2, {"'%010.3f'", "-3.14159"}, "text", "'-00003.142'"},
  {"printf", 3, {"'%#x|%#o'", "0", "8"}, "text", "'0|010'"},
  {"printf", 2, {"'%.30f'", "0.1"}, "text", "'0.100000000000000000000000000000'"},
  {"printf", 2, {"'%!.20g'", "1e300"}, "text", "'1.0000000000000000047e+300'"},
  {"printf", 2, {"'%n%z'", "'x'"}, "text", "'x'"},
  {"format", 3, {"'%d-%d'", "1", "2"}, "text", "'1-2'"},
  {"glob", 2, {"'a*'", "'abc'"}, "integer", "1"},
  {"glob", 2, {"'[a-c]x'", "'bx'"}, "integer", "1"},
  {"glob", 2, {"'[^a]*'", "'b'"}, "integer", "1"},
  {"glob", 2, {"'a?c'", "'aéc'"}, "integer", "1"},
  {"glob", 2, {"'*'", "''"}, "integer", "1"},
  {"glob", 2, {"'[a-]'", "'-'"}, "integer", "1"},
  {"glob", 2, {"'a['", "'a['"}, "integer", "0"},
  {"glob", 2, {"'A*'", "'abc'"}, "integer", "0"},
  {"glob", 2, {"NULL", "'a'"}, "null", "NULL"},
  {"glob", 2, {"'[]]'", "']'"}, "integer", "1"},
  {"glob", 2, {"'*b*c'", "'abxbxc'"}, "integer", "1"},
  {"glob", 2, {"'a'", "x'61'"}, "integer", "0"},
  {"hex", 1, {"'abc'"}, "text", "'616263'"},
  {"hex", 1, {"x'00ff10'"}, "text", "'00FF10'"},
  {"hex", 1, {"12"}, "text", "'3132'"},
  {"hex", 1, {"1.5"}, "text", "'312E35'"},
  {"hex", 1, {"NULL"}, "text", "''"},
  {"hex", 1, {"''"}, "text", "''"},
  {"ifnull", 2, {"NULL", "2"}, "integer", "2"},
  {"ifnull", 2, {"1", "2"}, "integer", "1"},
  {"ifnull", 2, {"NULL", "NULL"}, "null", "NULL"},
  {"iif", 3, {"1", "'a'", "'b'"}, "text", "'a'"},
  {"iif", 3, {"0", "'a'", "'b'"}, "text", "'b'"},
  {"iif", 3, {"NULL", "'a'", "'b'"}, "text", "'b'"},
  {"iif", 3, {"'1x'", "'a'", "'b'"}, "text", "'a'"},
  {"iif", 3, {"0.1", "1", "2"}, "integer", "1"},
  {"instr", 2, {"'abcb'", "'b'"}, "integer", "2"},
  {"instr", 2, {"x'616263'", "x'63'"}, "integer", "3"},
  {"instr", 2, {"'héllo'", "'l'"}, "integer", "3"},
  {"instr", 2, {"'abc'", "''"}, "integer", "1"},
  {"instr", 2, {"NULL", "'a'"}, "null", "NULL"},
  {"instr", 2, {"'abc'", "'z'"}, "integer", "0"},
  {"instr", 2, {"12345", "34"}, "integer", "3"},
  {"instr", 2, {"x'616263'", "'c'"}, "integer", "3"},
  {"instr", 2, {"'aaa'", "'aa'"}, "integer", "1"},
  {"length", 1, {"'héllo'"}, "integer", "5"},
  {"length", 1, {"x'0001'"}, "integer", "2"},
  {"length", 1, {"12.50"}, "integer", "4"},
  {"length", 1, {"NULL"}, "null", "NULL"},
  {"length", 1, {"123"}, "integer", "3"},
  {"length", 1, {"''"}, "integer", "0"},
  {"length", 1, {"1e100"}, "integer", "8"},
  {"like", 2, {"'a%'", "'ABC'"}, "integer", "1"},
  {"like", 2, {"'a_c'", "'abc'"}, "integer", "1"},
  {"like", 2, {"'a_c'", "'abbc'"}, "integer", "0"},
  {"like", 2, {"'%'", "NULL"}, "null", "NULL"},
  {"like", 2, {"'ab'", "'abc'"}, "integer", "0"},
  {"like", 2, {"''", "''"}, "integer", "1"},
  {"like", 2, {"'aé'", "'AÉ'"}, "integer", "0"},
  {"like", 2, {"'a'", "x'61'"}, "integer", "0"},
  {"like", 2, {"x'61'", "'a'"}, "integer", "0"},
  {"like", 2, {"'%b%'", "'abc'"}, "integer", "1"},
  /* the literal fast path (prefix, suffix, substring, exact) */
  {"like", 2, {"'%BC'", "'xabc'"}, "integer", "1"},
  {"like", 2, {"'%bc'", "'xabcd'"}, "integer", "0"},
  {"like", 2, {"'%%cab%%'", "'abcabc'"}, "integer", "1"},
  {"like", 2, {"'%llo'", "'hÉllo'"}, "integer", "1"},
  {"like", 2, {"'%ÉL%'", "'hÉllo'"}, "integer", "1"},
  {"like", 2, {"'abc'", "'ABC'"}, "integer", "1"},
  {"like", 2, {"'%c%'", "'ab'"}, "integer", "0"},
  {"like", 3, {"'%%a'", "'%a'", "'%'"}, "integer", "1"},
  {"like", 3, {"'%%a'", "'xa'", "'%'"}, "integer", "0"},
  {"like", 3, {"'a\\%'", "'a%'", "'\\'"}, "integer", "1"},
  {"like", 3, {"'a\\%'", "'ab'", "'\\'"}, "integer", "0"},
  {"like", 3, {"'a%'", "'abc'", "NULL"}, "null", "NULL"},
  {"like", 3, {"'a'", "'a'", "'xy'"}, "ERR", "ESCAPE expression must be a single character"},
  {"like", 2, {"'%a%b%c%'", "'xaxbxcx'"}, "integer", "1"},
  {"like", 2, {"'_'", "'é'"}, "integer", "1"},
  {"like", 2, {"'%%%_'", "''"}, "integer", "0"},
  {"like", 2, {"'a%%c'", "'ac'"}, "integer", "1"},
  {"likelihood", 2, {"1", "0.5"}, "integer", "1"},
  {"likelihood", 2, {"1", "2"}, "ERR",
    "second argument to likelihood() must be a constant between 0.0 and 1.0"},
  {"likelihood", 2, {"'a'", "0.0"}, "text", "'a'"},
  {"likely", 1, {"5"}, "integer", "5"},
  {"unlikely", 1, {"'x'"}, "text", "'x'"},
  {"lower", 1, {"'ÀBc'"}, "text", "'Àbc'"},
  {"upper", 1, {"'ÀBc'"}, "text", "'ÀBC'"},
  {"lower", 1, {"x'41'"}, "text", "'a'"},
  {"upper", 1, {"x'41'"}, "text", "'A'"},
  {"lower", 1, {"5"}, "text", "'5'"},
  {"upper", 1, {"5"}, "text", "'5'"},
  {"lower", 1, {"NULL"}, "null", "NULL"},
  {"upper", 1, {"NULL"}, "null", "NULL"},
  {"ltrim", 1, {"'  x  '"}, "text", "'x  '"},
  {"rtrim", 1, {"'  x  '"}, "text", "'  x'"},
  {"trim", 1, {"'  x  '"}, "text", "'x'"},
  {"ltrim", 2, {"'xxaxx'", "'x'"}, "text", "'axx'"},
  {"rtrim", 2, {"'xxaxx'", "'x'"}, "text", "'xxa'"},
  {"trim", 2, {"'xxaxx'", "'x'"}, "text", "'a'"},
  {"ltrim", 2, {"'abcé'", "'é'"}, "text", "'abcé'"},
  {"rtrim", 2, {"'abcé'", "'é'"}, "text", "'abc'"},
  {"trim", 2, {"'abcé'", "'é'"}, "text", "'abc'"},
  {"ltrim", 1, {"NULL"}, "null", "NULL"},
  {"rtrim", 1, {"NULL"}, "null", "NULL"},
  {"trim", 1, {"NULL"}, "null", "NULL"},
  {"ltrim", 2, {"'abc'", "''"}, "text", "'abc'"},
  {"rtrim", 2, {"'abc'", "''"}, "text", "'abc'"},
  {"trim", 2, {"'abc'", "''"}, "text", "'abc'"},
  {"ltrim", 2, {"12", "1"}, "text", "'2'"},
  {"rtrim", 2, {"12", "1"}, "text", "'12'"},
  {"trim", 2, {"12", "1"}, "text", "'2'"},
  {"max", 3, {"1", "'a'", "NULL"}, "null", "NULL"},
  {"min", 3, {"1", "'a'", "NULL"}, "null", "NULL"},
  {"max", 3, {"1", "2.5", "'a'"}, "text", "'a'"},
  {"min", 3, {"1", "2.5", "'a'"}, "integer", "1"},
  {"max", 2, {"1", "2.5"}, "real", "2.5"},
  {"min", 2, {"1", "2.5"}, "integer", "1"},
  {"max", 3, {"x'00'", "'zz'", "99"}, "blob", "X'00'"},
  {"min", 3, {"x'00'", "'zz'", "99"}, "integer", "99"},
  {"max", 3, {"3", "2", "1"}, "integer", "3"},
  {"min", 3, {"3", "2", "1"}, "integer", "1"},
  {"max", 2, {"'a'", "'B'"}, "text", "'a'"},
  {"min", 2, {"'a'", "'B'"}, "text", "'B'"},
  {"nullif", 2, {"1", "1"}, "null", "NULL"},
  {"nullif", 2, {"1", "2"}, "integer", "1"},
  {"nullif", 2, {"NULL", "1"}, "null", "NULL"},
  {"nullif", 2, {"'a'", "'A'"}, "text", "'a'"},
  {"nullif", 2, {"1", "1.0"}, "null", "NULL"},
  {"quote", 1, {"0.30000000000000004"}, "text", "'3.00000000000000044408e-01'"},
  {"quote", 1, {"1.0"}, "text", "'1.0'"},
  {"quote", 1, {"1e100"}, "text", "'1.0e+100'"},
  {"quote", 1, {"-0.0"}, "text", "'0.0'"},
  {"quote", 1, {"x'00ff'"}, "text", "'X''00FF'''"},
  {"quote", 1, {"'a''b'"}, "text", "'''a''''b'''"},
  {"quote", 1, {"NULL"}, "text", "'NULL'"},
  {"quote", 1, {"12"}, "text", "'12'"},
  {"quote", 1, {"'x'"}, "text", "'''x'''"},
  {"quote", 1, {"1e-300"}, "text", "'1.0e-300'"},
  {"quote", 1, {"123456789012345678"}, "text", "'123456789012345678'"},
  {"replace", 3, {"'abcabc'", "'b'", "'XY'"}, "text", "'aXYcaXYc'"},
  {"replace", 3, {"'abc'", "''", "'x'"}, "text", "'abc'"},
  {"replace", 3, {"12", "1", "3"}, "text", "'32'"},
  {"replace", 3, {"NULL", "'a'", "'b'"}, "null", "NULL"},
  {"replace", 3, {"'aaa'", "'aa'", "'b'"}, "text", "'ba'"},
  {"replace", 3, {"'abc'", "'c'", "NULL"}, "null", "NULL"},
  {"replace", 3, {"'héé'", "'é'", "'e'"}, "text", "'hee'"},
  {"round", 1, {"2.5"}, "real", "3.0"},
  {"round", 1, {"-2.5"}, "real", "-3.0"},
  {"round", 2, {"1.005", "2"}, "real", "1.01"},
  {"round", 1, {"'3.7'"}, "real", "4.0"},
  {"round", 1, {"3"}, "real", "3.0"},
  {"round", 1, {"1e20"}, "real", "1.0e+20"},
  {"round", 2, {"2.675", "2"}, "real", "2.68"},
  {"round", 1, {"NULL"}, "null", "NULL"},
  {"round", 2, {"1.5", "NULL"}, "null", "NULL"},
  {"round", 2, {"123.456", "-1"}, "real", "123.0"},
  {"round", 2, {"123.456", "40"}, "real", "123.456"},
  {"round", 1, {"0.5"}, "real", "1.0"},
  {"round", 1, {"-0.4"}, "real", "0.0"},
  {"round", 2, {"1.23456789", "5"}, "real", "1.23457"},
  {"round", 2, {"9.995", "2"}, "real", "10.0"},
  {"soundex", 1, {"'Robert'"}, "text", "'R163'"},
  {"soundex", 1, {"'Rupert'"}, "text", "'R163'"},
  {"soundex", 1, {"''"}, "text", "'?000'"},
  {"soundex", 1, {"'123'"}, "text", "'?000'"},
  {"soundex", 1, {"'Tymczak'"}, "text", "'T522'"},
  {"soundex", 1, {"'Pfister'"}, "text", "'P236'"},
  {"soundex", 1, {"'Ashcraft'"}, "text", "'A226'"},
  {"soundex", 1, {"NULL"}, "text", "'?000'"},
  {"soundex", 1, {"'x'"}, "text", "'X000'"},
  {"substr", 2, {"'hello'", "-3"}, "text", "'llo'"},
  {"substr", 3, {"'hello'", "0", "2"}, "text", "'h'"},
  {"substr", 3, {"'hello'", "2", "-1"}, "text", "'h'"},
  {"substr", 3, {"'hello'", "-2", "-2"}, "text", "'el'"},
  {"substr", 3, {"x'01020304'", "2", "2"}, "blob", "X'0203'"},
  {"substr", 3, {"'héllo'", "2", "2"}, "text", "'él'"},
  {"substr", 2, {"NULL", "1"}, "null", "NULL"},
  {"substr", 2, {"'abc'", "NULL"}, "null", "NULL"},
  {"substr", 2, {"123", "2"}, "text", "'23'"},
  {"substr", 2, {"'hello'", "10"}, "text", "''"},
  {"substr", 3, {"'hello'", "-10", "3"}, "text", "''"},
  {"substr", 2, {"'hello'", "-10"}, "text", "'hello'"},
  {"substr", 2, {"'hello'", "0"}, "text", "'hello'"},
  {"substr", 3, {"'hello'", "1", "0"}, "text", "''"},
  {"substr", 3, {"'hello'", "3", "-5"}, "text", "'he'"},
  {"substr", 2, {"x'0102'", "-1"}, "blob", "X'02'"},
  {"substring", 3, {"'hello'", "2", "3"}, "text", "'ell'"},
  {"typeof", 1, {"1"}, "text", "'integer'"},
  {"typeof", 1, {"1.5"}, "text", "'real'"},
  {"typeof", 1, {"'a'"}, "text", "'text'"},
  {"typeof", 1, {"x'00'"}, "text", "'blob'"},
  {"typeof", 1, {"NULL"}, "text", "'null'"},
  {"unicode", 1, {"'é'"}, "integer", "233"},
  {"unicode", 1, {"''"}, "null", "NULL"},
  {"unicode", 1, {"'abc'"}, "integer", "97"},
  {"unicode", 1, {"NULL"}, "null", "NULL"},
  {"unicode", 1, {"65"}, "integer", "54"},
  {"zeroblob", 1, {"3"}, "blob", "X'000000'"},
  {"zeroblob", 1, {"-1"}, "blob", "X''"},
  {"zeroblob", 1, {"0"}, "blob", "X''"},
  {"zeroblob", 1, {"NULL"}, "blob", "X''"},
  {"zeroblob", 1, {"'2'"}, "blob", "X'0000'"},
  {"sqlite_compileoption_used", 1, {"'SQLITE_THREADSAFE'"}, "integer", "1"},
  {"sqlite_compileoption_used", 1, {"'THREADSAFE=1'"}, "integer", "1"},
  {"sqlite_compileoption_used", 1, {"'threadsafe'"}, "integer", "1"},
  {"sqlite_compileoption_used", 1, {"'THREADSAFE=0'"}, "integer", "0"},
  {"sqlite_compileoption_used", 1, {"'NOSUCH'"}, "integer", "0"},
  {"sqlite_compileoption_used", 1, {"NULL"}, "null", "NULL"},
  {"sqlite_compileoption_used", 1, {"'SOUNDEX'"}, "integer", "1"},
  {"sqlite_compileoption_get", 1, {"0"}, "text", "'ATOMIC_INTRINSICS=1'"},
  {"sqlite_compileoption_get", 1, {"1"}, "text", "'COMPILER=gcc-12.2.0'"},
  {"sqlite_compileoption_get", 1, {"57"}, "text", "'USE_URI'"},
  {"sqlite_compileoption_get", 1, {"-1"}, "null", "NULL"},
  {"sqlite_compileoption_get", 1, {"NULL"}, "text", "'ATOMIC_INTRINSICS=1'"},
  {"sqlite_version", 0, {NULL}, "text", "'3.40.1'"},
  {"sqlite_source_id", 0, {NULL}, "text",
    "'2022-12-28 14:03:47 df5c253c0b3dd24916e4ec7cf77d3db5294cc9fd sqlite-ng'"},
  {"acos", 1, {"0.5"}, "real", "1.04719755119659785336e+00"},
  {"acos", 1, {"2"}, "null", "NULL"},
  {"acos", 1, {"-1.5"}, "null", "NULL"},
  {"acos", 1, {"'x'"}, "null", "NULL"},
  {"acos", 1, {"NULL"}, "null", "NULL"},
  {"acos", 1, {"x'31'"}, "null", "NULL"},
  {"acos", 1, {"'4'"}, "null", "NULL"},
  {"acos", 1, {"0"}, "real", "1.57079632679489655799e+00"},
  {"asin", 1, {"0.5"}, "real", "5.23598775598298926681e-01"},
  {"asin", 1, {"2"}, "null", "NULL"},
  {"asin", 1, {"-1.5"}, "null", "NULL"},
  {"asin", 1, {"'x'"}, "null", "NULL"},
  {"asin", 1, {"NULL"}, "null", "NULL"},
  {"asin", 1, {"x'31'"}, "null", "NULL"},
  {"asin", 1, {"'4'"}, "null", "NULL"},
  {"asin", 1, {"0"}, "real", "0.0"},
  {"atan", 1, {"0.5"}, "real", "4.63647609000806093515e-01"},
  {"atan", 1, {"2"}, "real", "1.10714871779409040897e+00"},
  {"atan", 1, {"-1.5"}, "real", "-0.982793723247329"},
  {"atan", 1, {"'x'"}, "null", "NULL"},
  {"atan", 1, {"NULL"}, "null", "NULL"},
  {"atan", 1, {"x'31'"}, "null", "NULL"},
  {"atan", 1, {"'4'"}, "real", "1.3258176636680325533e+00"},
  {"atan", 1, {"0"}, "real", "0.0"},
  {"cos", 1, {"0.5"}, "real", "8.77582561890372758739e-01"},
  {"cos", 1, {"2"}, "real", "-4.16146836547142406903e-01"},
  {"cos", 1, {"-1.5"}, "real", "0.0707372016677029"},
  {"cos", 1, {"'x'"}, "null", "NULL"},
  {"cos", 1, {"NULL"}, "null", "NULL"},
  {"cos", 1, {"x'31'"}, "null", "NULL"},
  {"cos", 1, {"'4'"}, "real", "-6.53643620863611940485e-01"},
  {"cos", 1, {"0"}, "real", "1.0"},
  {"sin", 1, {"0.5"}, "real", "0.479425538604203"},
  {"sin", 1, {"2"}, "real", "9.09297426825681709416e-01"},
  {"sin", 1, {"-1.5"}, "real", "-9.974949866040544455e-01"},
  {"sin", 1, {"'x'"}, "null", "NULL"},
  {"sin", 1, {"NULL"}, "null", "NULL"},
  {"sin", 1, {"x'31'"}, "null", "NULL"},
  {"sin", 1, {"'4'"}, "real", "-7.5680249530792820245e-01"},
  {"sin", 1, {"0"}, "real", "0.0"},
  {"tan", 1, {"0.5"}, "real", "5.46302489843790484158e-01"},
  {"tan", 1, {"2"}, "real", "-2.18503986326151888874e+00"},
  {"tan", 1, {"-1.5"}, "real", "-1.4101419947171718761e+01"},
  {"tan", 1, {"'x'"}, "null", "NULL"},
  {"tan", 1, {"NULL"}, "null", "NULL"},
  {"tan", 1, {"x'31'"}, "null", "NULL"},
  {"tan", 1, {"'4'"}, "real", "1.15782128234957748524e+00"},
  {"tan", 1, {"0"}, "real", "0.0"},
  {"sqrt", 1, {"0.5"}, "real", "7.07106781186547572737e-01"},
  {"sqrt", 1, {"2"}, "real", "1.41421356237309514547e+00"},
  {"sqrt", 1, {"-1.5"}, "null", "NULL"},
  {"sqrt", 1, {"'x'"}, "null", "NULL"},
  {"sqrt", 1, {"NULL"}, "null", "NULL"},
  {"sqrt", 1, {"x'31'"}, "null", "NULL"},
  {"sqrt", 1, {"'4'"}, "real", "2.0"},
  {"sqrt", 1, {"0"}, "real", "0.0"},
  {"exp", 1, {"0.5"}, "real", "1.64872127070012819416e+00"},
  {"exp", 1, {"2"}, "real", "7.38905609893065"},
  {"exp", 1, {"-1.5"}, "real", "2.23130160148429818045e-01"},
  {"exp", 1, {"'x'"}, "null", "NULL"},
  {"exp", 1, {"NULL"}, "null", "NULL"},
  {"exp", 1, {"x'31'"}, "null", "NULL"},
  {"exp", 1, {"'4'"}, "real", "5.4598150033144236203e+01"},
  {"exp", 1, {"0"}, "real", "1.0"},
  {"ln", 1, {"0.5"}, "real", "-6.93147180559945286226e-01"},
  {"ln", 1, {"2"}, "real", "6.93147180559945286226e-01"},
  {"ln", 1, {"-1.5"}, "null", "NULL"},
  {"ln", 1, {"'x'"}, "null", "NULL"},
  {"ln", 1, {"NULL"}, "null", "NULL"},
  {"ln", 1, {"x'31'"}, "null", "NULL"},
  {"ln", 1, {"'4'"}, "real", "1.38629436111989057245e+00"},
  {"ln", 1, {"0"}, "null", "NULL"},
  {"log", 1, {"0.5"}, "real", "-3.01029995663981142506e-01"},
  {"log", 1, {"2"}, "real", "3.01029995663981142506e-01"},
  {"log", 1, {"-1.5"}, "null", "NULL"},
  {"log", 1, {"'x'"}, "null", "NULL"},
  {"log", 1, {"NULL"}, "null", "NULL"},
  {"log", 1, {"x'31'"}, "null", "NULL"},
  {"log", 1, {"'4'"}, "real", "6.02059991327962285012e-01"},
  {"log", 1, {"0"}, "null", "NULL"},
  {"log10", 1, {"0.5"}, "real", "-3.01029995663981142506e-01"},
  {"log10", 1, {"2"}, "real", "3.01029995663981142506e-01"},
  {"log10", 1, {"-1.5"}, "null", "NULL"},
  {"log10", 1, {"'x'"}, "null", "NULL"},
  {"log10", 1, {"NULL"}, "null", "NULL"},
  {"log10", 1, {"x'31'"}, "null", "NULL"},
  {"log10", 1, {"'4'"}, "real", "6.02059991327962285012e-01"},
  {"log10", 1, {"0"}, "null", "NULL"},
  {"log2", 1, {"0.5"}, "real", "-1.0"},
  {"log2", 1, {"2"}, "real", "1.0"},
  {"log2", 1, {"-1.5"}, "null", "NULL"},
  {"log2", 1, {"'x'"}, "null", "NULL"},
  {"log2", 1, {"NULL"}, "null", "NULL"},
  {"log2", 1, {"x'31'"}, "null", "NULL"},
  {"log2", 1, {"'4'"}, "real", "2.0"},
  {"log2", 1, {"0"}, "null", "NULL"},
  {"ceil", 1, {"0.5"}, "real", "1.0"},
  {"ceil", 1, {"2"}, "integer", "2"},
  {"ceil", 1, {"-1.5"}, "real", "-1.0"},
  {"ceil", 1, {"'x'"}, "null", "NULL"},
  {"ceil", 1, {"NULL"}, "null", "NULL"},
  {"ceil", 1, {"x'31'"}, "null", "NULL"},
  {"ceil", 1, {"'4'"}, "integer", "4"},
  {"ceil", 1, {"0"}, "integer", "0"},
  {"ceiling", 1, {"0.5"}, "real", "1.0"},
  {"ceiling", 1, {"2"}, "integer", "2"},
  {"ceiling", 1, {"-1.5"}, "real", "-1.0"},
  {"ceiling", 1, {"'x'"}, "null", "NULL"},
  {"ceiling", 1, {"NULL"}, "null", "NULL"},
  {"ceiling", 1, {"x'31'"}, "null", "NULL"},
  {"ceiling", 1, {"'4'"}, "integer", "4"},
  {"ceiling", 1, {"0"}, "integer", "0"},
  {"floor", 1, {"0.5"}, "real", "0.0"},
  {"floor", 1, {"2"}, "integer", "2"},
  {"floor", 1, {"-1.5"}, "real", "-2.0"},
  {"floor", 1, {"'x'"}, "null", "NULL"},
  {"floor", 1, {"NULL"}, "null", "NULL"},
  {"floor", 1, {"x'31'"}, "null", "NULL"},
  {"floor", 1, {"'4'"}, "integer", "4"},
  {"floor", 1, {"0"}, "integer", "0"},
  {"trunc", 1, {"0.5"}, "real", "0.0"},
  {"trunc", 1, {"2"}, "integer", "2"},
  {"trunc", 1, {"-1.5"}, "real", "-1.0"},
  {"trunc", 1, {"'x'"}, "null", "NULL"},
  {"trunc", 1, {"NULL"}, "null", "NULL"},
  {"trunc", 1, {"x'31'"}, "null", "NULL"},
  {"trunc", 1, {"'4'"}, "integer", "4"},
  {"trunc", 1, {"0"}, "integer", "0"},
  {"degrees", 1, {"0.5"}, "real", "2.86478897565411614331e+01"},
  {"degrees", 1, {"2"}, "real", "1.14591559026164645728e+02"},
  {"degrees", 1, {"-1.5"}, "real", "-8.59436692696234842952e+01"},
  {"degrees", 1, {"'x'"}, "null", "NULL"},
  {"degrees", 1, {"NULL"}, "null", "NULL"},
  {"degrees", 1, {"x'31'"}, "null", "NULL"},
  {"degrees", 1, {"'4'"}, "real", "2.29183118052329291456e+02"},
  {"degrees", 1, {"0"}, "real", "0.0"},
  {"radians", 1, {"0.5"}, "real", "8.72664625997164773718e-03"},
  {"radians", 1, {"2"}, "real", "3.49065850398865909487e-02"},
  {"radians", 1, {"-1.5"}, "real", "-2.61799387799149449462e-02"},
  {"radians", 1, {"'x'"}, "null", "NULL"},
  {"radians", 1, {"NULL"}, "null", "NULL"},
  {"radians", 1, {"x'31'"}, "null", "NULL"},
  {"radians", 1, {"'4'"}, "real", "6.98131700797731818974e-02"},
  {"radians", 1, {"0"}, "real", "0.0"},
  {"acosh", 1, {"0.5"}, "null", "NULL"},
  {"acosh", 1, {"2"}, "real", "1.3169578969248165734e+00"},
  {"acosh", 1, {"-1.5"}, "null", "NULL"},
  {"acosh", 1, {"'x'"}, "null", "NULL"},
  {"acosh", 1, {"NULL"}, "null", "NULL"},
  {"acosh", 1, {"x'31'"}, "null", "NULL"},
  {"acosh", 1, {"'4'"}, "real", "2.06343706889556077754e+00"},
  {"acosh", 1, {"0"}, "null", "NULL"},
  {"asinh", 1, {"0.5"}, "real", "4.81211825059603470755e-01"},
  {"asinh", 1, {"2"}, "real", "1.44363547517881030124e+00"},
  {"asinh", 1, {"-1.5"}, "real", "-1.19476321728710943581e+00"},
  {"asinh", 1, {"'x'"}, "null", "NULL"},
  {"asinh", 1, {"NULL"}, "null", "NULL"},
  {"asinh", 1, {"x'31'"}, "null", "NULL"},
  {"asinh", 1, {"'4'"}, "real", "2.09471254726110123201e+00"},
  {"asinh", 1, {"0"}, "real", "0.0"},
  {"atanh", 1, {"0.5"}, "real", "5.49306144334054780031e-01"},
  {"atanh", 1, {"2"}, "null", "NULL"},
  {"atanh", 1, {"-1.5"}, "null", "NULL"},
  {"atanh", 1, {"'x'"}, "null", "NULL"},
  {"atanh", 1, {"NULL"}, "null", "NULL"},
  {"atanh", 1, {"x'31'"}, "null", "NULL"},
  {"atanh", 1, {"'4'"}, "null", "NULL"},
  {"atanh", 1, {"0"}, "real", "0.0"},
  {"cosh", 1, {"0.5"}, "real", "1.12762596520638069819e+00"},
  {"cosh", 1, {"2"}, "real", "3.76219569108363138809e+00"},
  {"cosh", 1, {"-1.5"}, "real", "2.35240961524324720954e+00"},
  {"cosh", 1, {"'x'"}, "null", "NULL"},
  {"cosh", 1, {"NULL"}, "null", "NULL"},
  {"cosh", 1, {"x'31'"}, "null", "NULL"},
  {"cosh", 1, {"'4'"}, "real", "2.73082328360164865448e+01"},
  {"cosh", 1, {"0"}, "real", "1.0"},
  {"sinh", 1, {"0.5"}, "real", "5.2109530549374738495e-01"},
  {"sinh", 1, {"2"}, "real", "3.62686040784701901884e+00"},
  {"sinh", 1, {"-1.5"}, "real", "-2.12927945509481730823e+00"},
  {"sinh", 1, {"'x'"}, "null", "NULL"},
  {"sinh", 1, {"NULL"}, "null", "NULL"},
  {"sinh", 1, {"x'31'"}, "null", "NULL"},
  {"sinh", 1, {"'4'"}, "real", "2.72899171971277496604e+01"},
  {"sinh", 1, {"0"}, "real", "0.0"},
  {"tanh", 1, {"0.5"}, "real", "4.62117157260009736585e-01"},
  {"tanh", 1, {"2"}, "real", "9.64027580075816903359e-01"},
  {"tanh", 1, {"-1.5"}, "real", "-9.0514825364486639625e-01"},
  {"tanh", 1, {"'x'"}, "null", "NULL"},
  {"tanh", 1, {"NULL"}, "null", "NULL"},
  {"tanh", 1, {"x'31'"}, "null", "NULL"},
  {"tanh", 1, {"'4'"}, "real", "0.999329299739067"},
  {"tanh", 1, {"0"}, "real", "0.0"},
  {"atan2", 2, {"2", "3"}, "real", "5.88002603547567503916e-01"},
  {"atan2", 2, {"-7", "3"}, "real", "-1.1659045405098131809e+00"},
  {"atan2", 2, {"5", "0"}, "real", "1.57079632679489655799e+00"},
  {"atan2", 2, {"0", "-1"}, "real", "3.14159265358979311599e+00"},
  {"atan2", 2, {"NULL", "1"}, "null", "NULL"},
  {"atan2", 2, {"1", "10"}, "real", "9.96686524911620241873e-02"},
  {"atan2", 2, {"2.5", "1.5"}, "real", "1.03037682652431250573e+00"},
  {"atan2", 2, {"'a'", "1"}, "null", "NULL"},
  {"pow", 2, {"2", "3"}, "real", "8.0"},
  {"pow", 2, {"-7", "3"}, "real", "-343.0"},
  {"pow", 2, {"5", "0"}, "real", "1.0"},
  {"pow", 2, {"0", "-1"}, "real", "Inf"},
  {"pow", 2, {"NULL", "1"}, "null", "NULL"},
  {"pow", 2, {"1", "10"}, "real", "1.0"},
  {"pow", 2, {"2.5", "1.5"}, "real", "3.95284707521047407041e+00"},
  {"pow", 2, {"'a'", "1"}, "null", "NULL"},
  {"power", 2, {"2", "3"}, "real", "8.0"},
  {"power", 2, {"-7", "3"}, "real", "-343.0"},
  {"power", 2, {"5", "0"}, "real", "1.0"},
  {"power", 2, {"0", "-1"}, "real", "Inf"},
  {"power", 2, {"NULL", "1"}, "null", "NULL"},
  {"power", 2, {"1", "10"}, "real", "1.0"},
  {"power", 2, {"2.5", "1.5"}, "real", "3.95284707521047407041e+00"},
  {"power", 2, {"'a'", "1"}, "null", "NULL"},
  {"mod", 2, {"2", "3"}, "real", "2.0"},
  {"mod", 2, {"-7", "3"}, "real", "-1.0"},
  {"mod", 2, {"5", "0"}, "null", "NULL"},
  {"mod", 2, {"0", "-1"}, "real", "0.0"},
  {"mod", 2, {"NULL", "1"}, "null", "NULL"},
  {"mod", 2, {"1", "10"}, "real", "1.0"},
  {"mod", 2, {"2.5", "1.5"}, "real", "1.0"},
  {"mod", 2, {"'a'", "1"}, "null", "NULL"},
  {"log", 2, {"2", "3"}, "real", "1.5849625007211562977e+00"},
  {"log", 2, {"-7", "3"}, "null", "NULL"},
  {"log", 2, {"5", "0"}, "null", "NULL"},
  {"log", 2, {"0", "-1"}, "null", "NULL"},
  {"log", 2, {"NULL", "1"}, "null", "NULL"},
  {"log", 2, {"1", "10"}, "null", "NULL"},
  {"log", 2, {"2.5", "1.5"}, "real", "4.4250704934975992888e-01"},
  {"log", 2, {"'a'", "1"}, "null", "NULL"},
  {"pi", 0, {NULL}, "real", "3.14159265358979311599e+00"},
};

START_TEST(test_scalar_table) {
  const ScalarCase *c = &aScalar[_i];
  Value aArg[5], out, *apArg[5];
  char zType[64], zQuote[400];
  for (int i = 0; i < 5; i++) value_init(&aArg[i], NULL), apArg[i] = &aArg[i];
  for (int i = 0; i < c->nArg; i++) lit_value(c->azArg[i], &aArg[i]);
  FuncDef *p = func_find(NULL, c->zFunc, c->nArg, SQLITE_UTF8, 0);
  ck_assert_msg(p != NULL && p->xSFunc != NULL, "no function %s/%d", c->zFunc, c->nArg);
  value_init(&out, NULL);
  sqlite3_context ctx;
  func_context_init(&ctx, NULL, p, &out, NULL, NULL, 0, NULL);
  p->xSFunc(&ctx, c->nArg, apArg);
  if (strcmp(c->zType, "ERR") == 0) {
    ck_assert_msg(ctx.isError != 0, "case %d %s: expected error", _i, c->zFunc);
    ck_assert_str_eq((const char *)value_text(&out, SQLITE_UTF8), c->zQuote);
  } else {
    ck_assert_msg(ctx.isError == 0, "case %d %s: unexpected error %s", _i, c->zFunc,
                  value_text(&out, SQLITE_UTF8));
    render(&out, zType, zQuote);
    ck_assert_msg(strcmp(zType, c->zType) == 0 && strcmp(zQuote, c->zQuote) == 0,
                  "case %d %s(%s,%s,%s): want %s %s got %s %s", _i, c->zFunc,
                  c->nArg > 0 ? c->azArg[0] : "", c->nArg > 1 ? c->azArg[1] : "",
                  c->nArg > 2 ? c->azArg[2] : "", c->zType, c->zQuote, zType, zQuote);
  }
  value_release(&out);
  for (int i = 0; i < 5; i++) value_release(&aArg[i]);
}
END_TEST

/* Date and time functions (func_date.c), recorded the same way. */
static const ScalarCase aDate[] = {
  {"date", 1, {"'2020-01-31'"}, "text", "'2020-01-31'"},
  {"date", 1, {"'2020-02-29 13:45:56.789'"}, "text", "'2020-02-29'"},
  {"date", 1, {"'2021-03-04T05:06:07'"}, "text", "'2021-03-04'"},
  {"date", 1, {"'12:34'"}, "text", "'2000-01-01'"},
  {"date", 1, {"'12:34:56.7895'"}, "text", "'2000-01-01'"},
  {"date", 1, {"'2020-01-01 10:00:00+02:00'"}, "text", "'2020-01-01'"},
  {"date", 1, {"'2020-01-01 10:00:00Z'"}, "text", "'2020-01-01'"},
  {"date", 1, {"'2020-01-01 10:00:00 -0130'"}, "null", "NULL"},
  {"date", 1, {"'2020-13-01'"}, "null", "NULL"},
  {"date", 1, {"'2020-02-30'"}, "text", "'2020-02-30'"},
  {"date", 1, {"'2020-01-01 24:00:00'"}, "text", "'2020-01-01'"},
  {"date", 1, {"'  2020-01-01'"}, "null", "NULL"},
  {"date", 1, {"'2020-1-1'"}, "null", "NULL"},
  {"date", 1, {"2459000.5"}, "text", "'2020-05-31'"},
  {"date", 1, {"1600000000"}, "null", "NULL"},
  {"date", 1, {"'1e3'"}, "text", "'-4710-08-20'"},
  {"date", 1, {"-1"}, "null", "NULL"},
  {"date", 1, {"'0000-01-01'"}, "text", "'0000-01-01'"},
  {"date", 1, {"'9999-12-31 23:59:59'"}, "text", "'9999-12-31'"},
  {"date", 1, {"'-0044-03-15'"}, "text", "'-0044-03-15'"},
  {"date", 1, {"NULL"}, "null", "NULL"},
  {"date", 1, {"'x'"}, "null", "NULL"},
  {"date", 1, {"2451545"}, "text", "'2000-01-01'"},
  {"date", 1, {"'2000-01-01 00:00:00.000'"}, "text", "'2000-01-01'"},
  {"date", 1, {"'2020-06-15 12:00:00.5'"}, "text", "'2020-06-15'"},
  {"time", 1, {"'2020-01-31'"}, "text", "'00:00:00'"},
  {"time", 1, {"'2020-02-29 13:45:56.789'"}, "text", "'13:45:56'"},
  {"time", 1, {"'2021-03-04T05:06:07'"}, "text", "'05:06:07'"},
  {"time", 1, {"'12:34'"}, "text", "'12:34:00'"},
  {"time", 1, {"'12:34:56.7895'"}, "text", "'12:34:56'"},
  {"time", 1, {"'2020-01-01 10:00:00+02:00'"}, "text", "'08:00:00'"},
  {"time", 1, {"'2020-01-01 10:00:00Z'"}, "text", "'10:00:00'"},
  {"time", 1, {"'2020-01-01 10:00:00 -0130'"}, "null", "NULL"},
  {"time", 1, {"'2020-13-01'"}, "null", "NULL"},
  {"time", 1, {"'2020-02-30'"}, "text", "'00:00:00'"},
  {"time", 1, {"'2020-01-01 24:00:00'"}, "text", "'24:00:00'"},
  {"time", 1, {"'  2020-01-01'"}, "null", "NULL"},
  {"time", 1, {"'2020-1-1'"}, "null", "NULL"},
  {"time", 1, {"2459000.5"}, "text", "'00:00:00'"},
  {"time", 1, {"1600000000"}, "null", "NULL"},
  {"time", 1, {"'1e3'"}, "text", "'12:00:00'"},
  {"time", 1, {"-1"}, "null", "NULL"},
  {"time", 1, {"'0000-01-01'"}, "text", "'00:00:00'"},
  {"time", 1, {"'9999-12-31 23:59:59'"}, "text", "'23:59:59'"},
  {"time", 1, {"'-0044-03-15'"}, "text", "'00:00:00'"},
  {"time", 1, {"NULL"}, "null", "NULL"},
  {"time", 1, {"'x'"}, "null", "NULL"},
  {"time", 1, {"2451545"}, "text", "'12:00:00'"},
  {"time", 1, {"'2000-01-01 00:00:00.000'"}, "text", "'00:00:00'"},
  {"time", 1, {"'2020-06-15 12:00:00.5'"}, "text", "'12:00:00'"},
  {"datetime", 1, {"'2020-01-31'"}, "text", "'2020-01-31 00:00:00'"},
  {"datetime", 1, {"'2020-02-29 13:45:56.789'"}, "text", "'2020-02-29 13:45:56'"},
  {"datetime", 1, {"'2021-03-04T05:06:07'"}, "text", "'2021-03-04 05:06:07'"},
  {"datetime", 1, {"'12:34'"}, "text", "'2000-01-01 12:34:00'"},
  {"datetime", 1, {"'12:34:56.7895'"}, "text", "'2000-01-01 12:34:56'"},
  {"datetime", 1, {"'2020-01-01 10:00:00+02:00'"}, "text", "'2020-01-01 08:00:00'"},
  {"datetime", 1, {"'2020-01-01 10:00:00Z'"}, "text", "'2020-01-01 10:00:00'"},
  {"datetime", 1, {"'2020-01-01 10:00:00 -0130'"}, "null", "NULL"},
  {"datetime", 1, {"'2020-13-01'"}, "null", "NULL"},
  {"datetime", 1, {"'2020-02-30'"}, "text", "'2020-02-30 00:00:00'"},
  {"datetime", 1, {"'2020-01-01 24:00:00'"}, "text", "'2020-01-01 24:00:00'"},
  {"datetime", 1, {"'  2020-01-01'"}, "null", "NULL"},
  {"datetime", 1, {"'2020-1-1'"}, "null", "NULL"},
  {"datetime", 1, {"2459000.5"}, "text", "'2020-05-31 00:00:00'"},
  {"datetime", 1, {"1600000000"}, "null", "NULL"},
  {"datetime", 1, {"'1e3'"}, "text", "'-4710-08-20 12:00:00'"},
  {"datetime", 1, {"-1"}, "null", "NULL"},
  {"datetime", 1, {"'0000-01-01'"}, "text", "'0000-01-01 00:00:00'"},
  {"datetime", 1, {"'9999-12-31 23:59:59'"}, "text", "'9999-12-31 23:59:59'"},
  {"datetime", 1, {"'-0044-03-15'"}, "text", "'-0044-03-15 00:00:00'"},
  {"datetime", 1, {"NULL"}, "null", "NULL"},
  {"datetime", 1, {"'x'"}, "null", "NULL"},
  {"datetime", 1, {"2451545"}, "text", "'2000-01-01 12:00:00'"},
  {"datetime", 1, {"'2000-01-01 00:00:00.000'"}, "text", "'2000-01-01 00:00:00'"},
  {"datetime", 1, {"'2020-06-15 12:00:00.5'"}, "text", "'2020-06-15 12:00:00'"},
  {"julianday", 1, {"'2020-01-31'"}, "real", "2458879.5"},
  {"julianday", 1, {"'2020-02-29 13:45:56.789'"}, "real", "2.45890907357394695271e+06"},
  {"julianday", 1, {"'2021-03-04T05:06:07'"}, "real", "2.45927771258101845151e+06"},
  {"julianday", 1, {"'12:34'"}, "real", "2.45154502361111110075e+06"},
  {"julianday", 1, {"'12:34:56.7895'"}, "real", "2.45154502426840271793e+06"},
  {"julianday", 1, {"'2020-01-01 10:00:00+02:00'"}, "real", "2.45884983333333348855e+06"},
  {"julianday", 1, {"'2020-01-01 10:00:00Z'"}, "real", "2.45884991666666651152e+06"},
  {"julianday", 1, {"'2020-01-01 10:00:00 -0130'"}, "null", "NULL"},
  {"julianday", 1, {"'2020-13-01'"}, "null", "NULL"},
  {"julianday", 1, {"'2020-02-30'"}, "real", "2458909.5"},
  {"julianday", 1, {"'2020-01-01 24:00:00'"}, "real", "2458850.5"},
  {"julianday", 1, {"'  2020-01-01'"}, "null", "NULL"},
  {"julianday", 1, {"'2020-1-1'"}, "null", "NULL"},
  {"julianday", 1, {"2459000.5"}, "real", "2459000.5"},
  {"julianday", 1, {"1600000000"}, "null", "NULL"},
  {"julianday", 1, {"'1e3'"}, "real", "1000.0"},
  {"julianday", 1, {"-1"}, "null", "NULL"},
  {"julianday", 1, {"'0000-01-01'"}, "real", "1721059.5"},
  {"julianday", 1, {"'9999-12-31 23:59:59'"}, "real", "5.37348449998842552302e+06"},
  {"julianday", 1, {"'-0044-03-15'"}, "real", "1705062.5"},
  {"julianday", 1, {"NULL"}, "null", "NULL"},
  {"julianday", 1, {"'x'"}, "null", "NULL"},
  {"julianday", 1, {"2451545"}, "real", "2451545.0"},
  {"julianday", 1, {"'2000-01-01 00:00:00.000'"}, "real", "2451544.5"},
  {"julianday", 1, {"'2020-06-15 12:00:00.5'"}, "real", "2.45901600000578723849e+06"},
  {"unixepoch", 1, {"'2020-01-31'"}, "integer", "1580428800"},
  {"unixepoch", 1, {"'2020-02-29 13:45:56.789'"}, "integer", "1582983956"},
  {"unixepoch", 1, {"'2021-03-04T05:06:07'"}, "integer", "1614834367"},
  {"unixepoch", 1, {"'12:34'"}, "integer", "946730040"},
  {"unixepoch", 1, {"'12:34:56.7895'"}, "integer", "946730096"},
  {"unixepoch", 1, {"'2020-01-01 10:00:00+02:00'"}, "integer", "1577865600"},
  {"unixepoch", 1, {"'2020-01-01 10:00:00Z'"}, "integer", "1577872800"},
  {"unixepoch", 1, {"'2020-01-01 10:00:00 -0130'"}, "null", "NULL"},
  {"unixepoch", 1, {"'2020-13-01'"}, "null", "NULL"},
  {"unixepoch", 1, {"'2020-02-30'"}, "integer", "1583020800"},
  {"unixepoch", 1, {"'2020-01-01 24:00:00'"}, "integer", "1577923200"},
  {"unixepoch", 1, {"'  2020-01-01'"}, "null", "NULL"},
  {"unixepoch", 1, {"'2020-1-1'"}, "null", "NULL"},
  {"unixepoch", 1, {"2459000.5"}, "integer", "1590883200"},
  {"unixepoch", 1, {"1600000000"}, "null", "NULL"},
  {"unixepoch", 1, {"'1e3'"}, "integer", "-210780360000"},
  {"unixepoch", 1, {"-1"}, "null", "NULL"},
  {"unixepoch", 1, {"'0000-01-01'"}, "integer", "-62167219200"},
  {"unixepoch", 1, {"'9999-12-31 23:59:59'"}, "integer", "253402300799"},
  {"unixepoch", 1, {"'-0044-03-15'"}, "integer", "-63549360000"},
  {"unixepoch", 1, {"NULL"}, "null", "NULL"},
  {"unixepoch", 1, {"'x'"}, "null", "NULL"},
  {"unixepoch", 1, {"2451545"}, "integer", "946728000"},
  {"unixepoch", 1, {"'2000-01-01 00:00:00.000'"}, "integer", "946684800"},
  {"unixepoch", 1, {"'2020-06-15 12:00:00.5'"}, "integer", "1592222400"},
  {"datetime", 2, {"'2020-01-31 10:20:30'", "'+1 month'"}, "text", "'2020-03-02 10:20:30'"},
  {"datetime", 2, {"'2020-01-31 10:20:30'", "'+1.5 month'"}, "text", "'2020-03-17 10:20:30'"},
  {"datetime", 2, {"'2020-01-31 10:20:30'", "'+1.5 years'"}, "text", "'2021-08-01 22:20:30'"},
  {"datetime", 2, {"'2020-01-31 10:20:30'", "'-1 day'"}, "text", "'2020-01-30 10:20:30'"},
  {"datetime", 2, {"'2020-01-31 10:20:30'", "'+36 hours'"}, "text", "'2020-02-01 22:20:30'"},
  {"datetime", 2, {"'2020-01-31 10:20:30'", "'-90 minutes'"}, "text", "'2020-01-31 08:50:30'"},
  {"datetime", 2, {"'2020-01-31 10:20:30'", "'+3600.5 seconds'"}, "text", "'2020-01-31 11:20:30'"},
  {"datetime", 2, {"'2020-01-31 10:20:30'", "'start of month'"}, "text", "'2020-01-01 00:00:00'"},
  {"datetime", 2, {"'2020-01-31 10:20:30'", "'start of year'"}, "text", "'2020-01-01 00:00:00'"},
  {"datetime", 2, {"'2020-01-31 10:20:30'", "'start of day'"}, "text", "'2020-01-31 00:00:00'"},
  {"datetime", 2, {"'2020-01-31 10:20:30'", "'weekday 0'"}, "text", "'2020-02-02 10:20:30'"},
  {"datetime", 2, {"'2020-01-31 10:20:30'", "'weekday 3'"}, "text", "'2020-02-05 10:20:30'"},
  {"datetime", 2, {"'2020-01-31 10:20:30'", "'weekday 7'"}, "null", "NULL"},
  {"datetime", 2, {"'2020-01-31 10:20:30'", "'+01:30'"}, "text", "'2020-01-31 11:50:30'"},
  {"datetime", 2, {"'2020-01-31 10:20:30'", "'-00:30:15'"}, "text", "'2020-01-31 09:50:15'"},
  {"datetime", 2, {"'2020-01-31 10:20:30'", "'unixepoch'"}, "null", "NULL"},
  {"datetime", 2, {"'2020-01-31 10:20:30'", "'auto'"}, "text", "'2020-01-31 10:20:30'"},
  {"datetime", 2, {"'2020-01-31 10:20:30'", "'julianday'"}, "null", "NULL"},
  {"datetime", 2, {"'2020-01-31 10:20:30'", "'bogus'"}, "null", "NULL"},
  {"datetime", 2, {"'2020-01-31 10:20:30'", "'+1 fortnight'"}, "null", "NULL"},
  {"datetime", 4, {"'2020-01-31 10:20:30'", "'start of month'", "'+1 month'", "'-1 day'"}, "text",
    "'2020-01-31 00:00:00'"},
  {"datetime", 2, {"'2020-01-31 10:20:30'", "'+12 months'"}, "text", "'2021-01-31 10:20:30'"},
  {"datetime", 2, {"'2020-01-31 10:20:30'", "'-13 months'"}, "text", "'2018-12-31 10:20:30'"},
  {"datetime", 2, {"'2020-01-31 10:20:30'", "NULL"}, "null", "NULL"},
  {"datetime", 2, {"'2020-01-31 10:20:30'", "'+1 DAYS'"}, "text", "'2020-02-01 10:20:30'"},
  {"datetime", 2, {"'2020-01-31 10:20:30'", "'start of week'"}, "null", "NULL"},
  {"datetime", 2, {"1600000000", "'+1 month'"}, "null", "NULL"},
  {"datetime", 2, {"1600000000", "'+1.5 month'"}, "null", "NULL"},
  {"datetime", 2, {"1600000000", "'+1.5 years'"}, "null", "NULL"},
  {"datetime", 2, {"1600000000", "'-1 day'"}, "null", "NULL"},
  {"datetime", 2, {"1600000000", "'+36 hours'"}, "null", "NULL"},
  {"datetime", 2, {"1600000000", "'-90 minutes'"}, "null", "NULL"},
  {"datetime", 2, {"1600000000", "'+3600.5 seconds'"}, "null", "NULL"},
  {"datetime", 2, {"1600000000", "'start of month'"}, "null", "NULL"},
  {"datetime", 2, {"1600000000", "'start of year'"}, "null", "NULL"},
  {"datetime", 2, {"1600000000", "'start of day'"}, "null", "NULL"},
  {"datetime", 2, {"1600000000", "'weekday 0'"}, "null", "NULL"},
  {"datetime", 2, {"1600000000", "'weekday 3'"}, "null", "NULL"},
  {"datetime", 2, {"1600000000", "'weekday 7'"}, "null", "NULL"},
  {"datetime", 2, {"1600000000", "'+01:30'"}, "null", "NULL"},
  {"datetime", 2, {"1600000000", "'-00:30:15'"}, "null", "NULL"},
  {"datetime", 2, {"1600000000", "'unixepoch'"}, "text", "'2020-09-13 12:26:40'"},
  {"datetime", 2, {"1600000000", "'auto'"}, "text", "'2020-09-13 12:26:40'"},
  {"datetime", 2, {"1600000000", "'julianday'"}, "null", "NULL"},
  {"datetime", 2, {"1600000000", "'bogus'"}, "null", "NULL"},
  {"datetime", 2, {"1600000000", "'+1 fortnight'"}, "null", "NULL"},
  {"datetime", 4, {"1600000000", "'start of month'", "'+1 month'", "'-1 day'"}, "null", "NULL"},
  {"datetime", 2, {"1600000000", "'+12 months'"}, "null", "NULL"},
  {"datetime", 2, {"1600000000", "'-13 months'"}, "null", "NULL"},
  {"datetime", 2, {"1600000000", "NULL"}, "null", "NULL"},
  {"datetime", 2, {"1600000000", "'+1 DAYS'"}, "null", "NULL"},
  {"datetime", 2, {"1600000000", "'start of week'"}, "null", "NULL"},
  {"datetime", 2, {"2459000.5", "'+1 month'"}, "text", "'2020-07-01 00:00:00'"},
  {"datetime", 2, {"2459000.5", "'+1.5 month'"}, "text", "'2020-07-16 00:00:00'"},
  {"datetime", 2, {"2459000.5", "'+1.5 years'"}, "text", "'2021-11-29 12:00:00'"},
  {"datetime", 2, {"2459000.5", "'-1 day'"}, "text", "'2020-05-30 00:00:00'"},
  {"datetime", 2, {"2459000.5", "'+36 hours'"}, "text", "'2020-06-01 12:00:00'"},
  {"datetime", 2, {"2459000.5", "'-90 minutes'"}, "text", "'2020-05-30 22:30:00'"},
  {"datetime", 2, {"2459000.5", "'+3600.5 seconds'"}, "text", "'2020-05-31 01:00:00'"},
  {"datetime", 2, {"2459000.5", "'start of month'"}, "text", "'2020-05-01 00:00:00'"},
  {"datetime", 2, {"2459000.5", "'start of year'"}, "text", "'2020-01-01 00:00:00'"},
  {"datetime", 2, {"2459000.5", "'start of day'"}, "text", "'2020-05-31 00:00:00'"},
  {"datetime", 2, {"2459000.5", "'weekday 0'"}, "text", "'2020-05-31 00:00:00'"},
  {"datetime", 2, {"2459000.5", "'weekday 3'"}, "text", "'2020-06-03 00:00:00'"},
  {"datetime", 2, {"2459000.5", "'weekday 7'"}, "null", "NULL"},
  {"datetime", 2, {"2459000.5", "'+01:30'"}, "text", "'2020-05-31 01:30:00'"},
  {"datetime", 2, {"2459000.5", "'-00:30:15'"}, "text", "'2020-05-30 23:29:45'"},
  {"datetime", 2, {"2459000.5", "'unixepoch'"}, "text", "'1970-01-29 11:03:20'"},
  {"datetime", 2, {"2459000.5", "'auto'"}, "text", "'2020-05-31 00:00:00'"},
  {"datetime", 2, {"2459000.5", "'julianday'"}, "text", "'2020-05-31 00:00:00'"},
  {"datetime", 2, {"2459000.5", "'bogus'"}, "null", "NULL"},
  {"datetime", 2, {"2459000.5", "'+1 fortnight'"}, "null", "NULL"},
  {"datetime", 4, {"2459000.5", "'start of month'", "'+1 month'", "'-1 day'"}, "text",
    "'2020-05-31 00:00:00'"},
  {"datetime", 2, {"2459000.5", "'+12 months'"}, "text", "'2021-05-31 00:00:00'"},
  {"datetime", 2, {"2459000.5", "'-13 months'"}, "text", "'2019-05-01 00:00:00'"},
  {"datetime", 2, {"2459000.5", "NULL"}, "null", "NULL"},
  {"datetime", 2, {"2459000.5", "'+1 DAYS'"}, "text", "'2020-06-01 00:00:00'"},
  {"datetime", 2, {"2459000.5", "'start of week'"}, "null", "NULL"},
  {"datetime", 2, {"'2024-02-29'", "'+1 month'"}, "text", "'2024-03-29 00:00:00'"},
  {"datetime", 2, {"'2024-02-29'", "'+1.5 month'"}, "text", "'2024-04-13 00:00:00'"},
  {"datetime", 2, {"'2024-02-29'", "'+1.5 years'"}, "text", "'2025-08-30 12:00:00'"},
  {"datetime", 2, {"'2024-02-29'", "'-1 day'"}, "text", "'2024-02-28 00:00:00'"},
  {"datetime", 2, {"'2024-02-29'", "'+36 hours'"}, "text", "'2024-03-01 12:00:00'"},
  {"datetime", 2, {"'2024-02-29'", "'-90 minutes'"}, "text", "'2024-02-28 22:30:00'"},
  {"datetime", 2, {"'2024-02-29'", "'+3600.5 seconds'"}, "text", "'2024-02-29 01:00:00'"},
  {"datetime", 2, {"'2024-02-29'", "'start of month'"}, "text", "'2024-02-01 00:00:00'"},
  {"datetime", 2, {"'2024-02-29'", "'start of year'"}, "text", "'2024-01-01 00:00:00'"},
  {"datetime", 2, {"'2024-02-29'", "'start of day'"}, "text", "'2024-02-29 00:00:00'"},
  {"datetime", 2, {"'2024-02-29'", "'weekday 0'"}, "text", "'2024-03-03 00:00:00'"},
  {"datetime", 2, {"'2024-02-29'", "'weekday 3'"}, "text", "'2024-03-06 00:00:00'"},
  {"datetime", 2, {"'2024-02-29'", "'weekday 7'"}, "null", "NULL"},
  {"datetime", 2, {"'2024-02-29'", "'+01:30'"}, "text", "'2024-02-29 01:30:00'"},
  {"datetime", 2, {"'2024-02-29'", "'-00:30:15'"}, "text", "'2024-02-28 23:29:45'"},
  {"datetime", 2, {"'2024-02-29'", "'unixepoch'"}, "null", "NULL"},
  {"datetime", 2, {"'2024-02-29'", "'auto'"}, "text", "'2024-02-29 00:00:00'"},
  {"datetime", 2, {"'2024-02-29'", "'julianday'"}, "null", "NULL"},
  {"datetime", 2, {"'2024-02-29'", "'bogus'"}, "null", "NULL"},
  {"datetime", 2, {"'2024-02-29'", "'+1 fortnight'"}, "null", "NULL"},
  {"datetime", 4, {"'2024-02-29'", "'start of month'", "'+1 month'", "'-1 day'"}, "text",
    "'2024-02-29 00:00:00'"},
  {"datetime", 2, {"'2024-02-29'", "'+12 months'"}, "text", "'2025-03-01 00:00:00'"},
  {"datetime", 2, {"'2024-02-29'", "'-13 months'"}, "text", "'2023-01-29 00:00:00'"},
  {"datetime", 2, {"'2024-02-29'", "NULL"}, "null", "NULL"},
  {"datetime", 2, {"'2024-02-29'", "'+1 DAYS'"}, "text", "'2024-03-01 00:00:00'"},
  {"datetime", 2, {"'2024-02-29'", "'start of week'"}, "null", "NULL"},
  {"strftime", 2, {"'%Y|%m|%d|%H|%M|%S|%f|%j|%J|%s|%w|%W|%%'", "'2021-03-04 05:06:07.891'"}, "text",
    "'2021|03|04|05|06|07|07.891|063|2459277.712591331|1614834367|4|09|%'"},
  {"strftime", 2, {"'%Y|%m|%d|%H|%M|%S|%f|%j|%J|%s|%w|%W|%%'", "'2020-01-01'"}, "text",
    "'2020|01|01|00|00|00|00.000|001|2458849.5|1577836800|3|00|%'"},
  {"strftime", 2, {"'%Y|%m|%d|%H|%M|%S|%f|%j|%J|%s|%w|%W|%%'", "'2020-12-31 23:59:59.9999'"},
    "text", "'2020|12|31|23|59|59|59.999|366|2459215.5|1609459200|5|52|%'"},
  {"strftime", 2, {"'%Y|%m|%d|%H|%M|%S|%f|%j|%J|%s|%w|%W|%%'", "'2021-01-03'"}, "text",
    "'2021|01|03|00|00|00|00.000|003|2459217.5|1609632000|0|00|%'"},
  {"strftime", 2, {"'%Y|%m|%d|%H|%M|%S|%f|%j|%J|%s|%w|%W|%%'", "'2019-12-30'"}, "text",
    "'2019|12|30|00|00|00|00.000|364|2458847.5|1577664000|1|52|%'"},
  {"strftime", 2, {"'%Y|%m|%d|%H|%M|%S|%f|%j|%J|%s|%w|%W|%%'", "NULL"}, "null", "NULL"},
  {"strftime", 2, {"'%e'", "'2021-03-04 05:06:07.891'"}, "null", "NULL"},
  {"strftime", 2, {"'%e'", "'2020-01-01'"}, "null", "NULL"},
  {"strftime", 2, {"'%e'", "'2020-12-31 23:59:59.9999'"}, "null", "NULL"},
  {"strftime", 2, {"'%e'", "'2021-01-03'"}, "null", "NULL"},
  {"strftime", 2, {"'%e'", "'2019-12-30'"}, "null", "NULL"},
  {"strftime", 2, {"'%e'", "NULL"}, "null", "NULL"},
  {"strftime", 2, {"'%Y-%m-%dT%H:%M:%fZ'", "'2021-03-04 05:06:07.891'"}, "text",
    "'2021-03-04T05:06:07.891Z'"},
  {"strftime", 2, {"'%Y-%m-%dT%H:%M:%fZ'", "'2020-01-01'"}, "text", "'2020-01-01T00:00:00.000Z'"},
  {"strftime", 2, {"'%Y-%m-%dT%H:%M:%fZ'", "'2020-12-31 23:59:59.9999'"}, "text",
    "'2020-12-31T23:59:59.999Z'"},
  {"strftime", 2, {"'%Y-%m-%dT%H:%M:%fZ'", "'2021-01-03'"}, "text", "'2021-01-03T00:00:00.000Z'"},
  {"strftime", 2, {"'%Y-%m-%dT%H:%M:%fZ'", "'2019-12-30'"}, "text", "'2019-12-30T00:00:00.000Z'"},
  {"strftime", 2, {"'%Y-%m-%dT%H:%M:%fZ'", "NULL"}, "null", "NULL"},
  {"strftime", 2, {"'plain'", "'2021-03-04 05:06:07.891'"}, "text", "'plain'"},
  {"strftime", 2, {"'plain'", "'2020-01-01'"}, "text", "'plain'"},
  {"strftime", 2, {"'plain'", "'2020-12-31 23:59:59.9999'"}, "text", "'plain'"},
  {"strftime", 2, {"'plain'", "'2021-01-03'"}, "text", "'plain'"},
  {"strftime", 2, {"'plain'", "'2019-12-30'"}, "text", "'plain'"},
  {"strftime", 2, {"'plain'", "NULL"}, "null", "NULL"},
  {"strftime", 2, {"''", "'2021-03-04 05:06:07.891'"}, "text", "''"},
  {"strftime", 2, {"''", "'2020-01-01'"}, "text", "''"},
  {"strftime", 2, {"''", "'2020-12-31 23:59:59.9999'"}, "text", "''"},
  {"strftime", 2, {"''", "'2021-01-03'"}, "text", "''"},
  {"strftime", 2, {"''", "'2019-12-30'"}, "text", "''"},
  {"strftime", 2, {"''", "NULL"}, "null", "NULL"},
  {"strftime", 2, {"NULL", "'2021-03-04 05:06:07.891'"}, "null", "NULL"},
  {"strftime", 2, {"NULL", "'2020-01-01'"}, "null", "NULL"},
  {"strftime", 2, {"NULL", "'2020-12-31 23:59:59.9999'"}, "null", "NULL"},
  {"strftime", 2, {"NULL", "'2021-01-03'"}, "null", "NULL"},
  {"strftime", 2, {"NULL", "'2019-12-30'"}, "null", "NULL"},
  {"strftime", 2, {"NULL", "NULL"}, "null", "NULL"},
  {"strftime", 2, {"'%j %W %w'", "'2021-03-04 05:06:07.891'"}, "text", "'063 09 4'"},
  {"strftime", 2, {"'%j %W %w'", "'2020-01-01'"}, "text", "'001 00 3'"},
  {"strftime", 2, {"'%j %W %w'", "'2020-12-31 23:59:59.9999'"}, "text", "'366 52 5'"},
  {"strftime", 2, {"'%j %W %w'", "'2021-01-03'"}, "text", "'003 00 0'"},
  {"strftime", 2, {"'%j %W %w'", "'2019-12-30'"}, "text", "'364 52 1'"},
  {"strftime", 2, {"'%j %W %w'", "NULL"}, "null", "NULL"},
  {"strftime", 2, {"'%s'", "'2021-03-04 05:06:07.891'"}, "text", "'1614834367'"},
  {"strftime", 2, {"'%s'", "'2020-01-01'"}, "text", "'1577836800'"},
  {"strftime", 2, {"'%s'", "'2020-12-31 23:59:59.9999'"}, "text", "'1609459200'"},
  {"strftime", 2, {"'%s'", "'2021-01-03'"}, "text", "'1609632000'"},
  {"strftime", 2, {"'%s'", "'2019-12-30'"}, "text", "'1577664000'"},
  {"strftime", 2, {"'%s'", "NULL"}, "null", "NULL"},
  {"strftime", 0, {NULL}, "null", "NULL"},
  {"date", 3, {"'2020-05-17'", "'weekday 1'", "'start of year'"}, "text", "'2020-01-01'"},
};

START_TEST(test_date_table) {
  const ScalarCase *c = &aDate[_i];
  Value aArg[5], out, *apArg[5];
  char zType[64], zQuote[400];
  for (int i = 0; i < 5; i++) value_init(&aArg[i], NULL), apArg[i] = &aArg[i];
  for (int i = 0; i < c->nArg; i++) lit_value(c->azArg[i], &aArg[i]);
  FuncDef *p = func_find(NULL, c->zFunc, c->nArg, SQLITE_UTF8, 0);
  ck_assert_msg(p != NULL && p->xSFunc != NULL, "no function %s/%d", c->zFunc, c->nArg);
  value_init(&out, NULL);
  sqlite3_context ctx;
  func_context_init(&ctx, NULL, p, &out, NULL, NULL, 0, NULL);
  p->xSFunc(&ctx, c->nArg, apArg);
  ck_assert_int_eq(ctx.isError, 0);
  render(&out, zType, zQuote);
  ck_assert_msg(strcmp(zType, c->zType) == 0 && strcmp(zQuote, c->zQuote) == 0,
                "date case %d %s(%s,%s,%s): want %s %s got %s %s", _i, c->zFunc,
                c->nArg > 0 ? c->azArg[0] : "", c->nArg > 1 ? c->azArg[1] : "",
                c->nArg > 2 ? c->azArg[2] : "", c->zType, c->zQuote, zType, zQuote);
  value_release(&out);
  for (int i = 0; i < 5; i++) value_release(&aArg[i]);
}
END_TEST

typedef struct AggCase {
  const char *zFunc;
  const char *zExtra;  /* "*" for count(*), a separator literal, or NULL */
  int nRow;
  const char *azRow[6];
  const char *zType;
  const char *zQuote;
} AggCase;

static const AggCase aAgg[] = {
  {"sum", NULL, 3, {"1", "2", "3"}, "integer", "6"},
  {"sum", NULL, 3, {"1", "2.5", "NULL"}, "real", "3.5"},
  {"sum", NULL, 2, {"NULL", "NULL"}, "null", "NULL"},
  {"sum", NULL, 0, {NULL}, "null", "NULL"},
  {"sum", NULL, 2, {"9223372036854775807", "1"}, "ERR", "integer overflow"},
  {"sum", NULL, 2, {"9223372036854775807", "1.0"}, "real", "9.2233720368547758078e+18"},
  {"sum", NULL, 3, {"'5'", "'x'", "3"}, "real", "8.0"},
  {"sum", NULL, 2, {"x'01'", "2"}, "real", "2.0"},
  {"sum", NULL, 2, {"-9223372036854775808", "-1"}, "ERR", "integer overflow"},
  {"sum", NULL, 3, {"'a'", "'B'", "'c'"}, "real", "0.0"},
  {"sum", NULL, 5, {"1", "'a'", "x'00'", "NULL", "2.5"}, "real", "3.5"},
  {"sum", NULL, 3, {"9223372036854775807", "1", "-5"}, "ERR", "integer overflow"},
  {"total", NULL, 3, {"1", "2", "3"}, "real", "6.0"},
  {"total", NULL, 3, {"1", "2.5", "NULL"}, "real", "3.5"},
  {"total", NULL, 2, {"NULL", "NULL"}, "real", "0.0"},
  {"total", NULL, 0, {NULL}, "real", "0.0"},
  {"total", NULL, 2, {"9223372036854775807", "1"}, "real", "9.2233720368547758078e+18"},
  {"total", NULL, 2, {"9223372036854775807", "1.0"}, "real", "9.2233720368547758078e+18"},
  {"total", NULL, 3, {"'5'", "'x'", "3"}, "real", "8.0"},
  {"total", NULL, 2, {"x'01'", "2"}, "real", "2.0"},
  {"total", NULL, 2, {"-9223372036854775808", "-1"}, "real", "-9.2233720368547758078e+18"},
  {"total", NULL, 3, {"'a'", "'B'", "'c'"}, "real", "0.0"},
  {"total", NULL, 5, {"1", "'a'", "x'00'", "NULL", "2.5"}, "real", "3.5"},
  {"total", NULL, 3, {"9223372036854775807", "1", "-5"}, "real", "9.2233720368547758078e+18"},
  {"avg", NULL, 3, {"1", "2", "3"}, "real", "2.0"},
  {"avg", NULL, 3, {"1", "2.5", "NULL"}, "real", "1.75"},
  {"avg", NULL, 2, {"NULL", "NULL"}, "null", "NULL"},
  {"avg", NULL, 0, {NULL}, "null", "NULL"},
  {"avg", NULL, 2, {"9223372036854775807", "1"}, "real", "4.6116860184273879039e+18"},
  {"avg", NULL, 2, {"9223372036854775807", "1.0"}, "real", "4.6116860184273879039e+18"},
  {"avg", NULL, 3, {"'5'", "'x'", "3"}, "real", "2.66666666666666651863e+00"},
  {"avg", NULL, 2, {"x'01'", "2"}, "real", "1.0"},
  {"avg", NULL, 2, {"-9223372036854775808", "-1"}, "real", "-4.6116860184273879039e+18"},
  {"avg", NULL, 3, {"'a'", "'B'", "'c'"}, "real", "0.0"},
  {"avg", NULL, 5, {"1", "'a'", "x'00'", "NULL", "2.5"}, "real", "0.875"},
  {"avg", NULL, 3, {"9223372036854775807", "1", "-5"}, "real", "3.07445734561825843194e+18"},
  {"count", NULL, 3, {"1", "2", "3"}, "integer", "3"},
  {"count", NULL, 3, {"1", "2.5", "NULL"}, "integer", "2"},
  {"count", NULL, 2, {"NULL", "NULL"}, "integer", "0"},
  {"count", NULL, 0, {NULL}, "integer", "0"},
  {"count", NULL, 2, {"9223372036854775807", "1"}, "integer", "2"},
  {"count", NULL, 2, {"9223372036854775807", "1.0"}, "integer", "2"},
  {"count", NULL, 3, {"'5'", "'x'", "3"}, "integer", "3"},
  {"count", NULL, 2, {"x'01'", "2"}, "integer", "2"},
  {"count", NULL, 2, {"-9223372036854775808", "-1"}, "integer", "2"},
  {"count", NULL, 3, {"'a'", "'B'", "'c'"}, "integer", "3"},
  {"count", NULL, 5, {"1", "'a'", "x'00'", "NULL", "2.5"}, "integer", "4"},
  {"count", NULL, 3, {"9223372036854775807", "1", "-5"}, "integer", "3"},
  {"max", NULL, 3, {"1", "2", "3"}, "integer", "3"},
  {"max", NULL, 3, {"1", "2.5", "NULL"}, "real", "2.5"},
  {"max", NULL, 2, {"NULL", "NULL"}, "null", "NULL"},
  {"max", NULL, 0, {NULL}, "null", "NULL"},
  {"max", NULL, 2, {"9223372036854775807", "1"}, "integer", "9223372036854775807"},
  {"max", NULL, 2, {"9223372036854775807", "1.0"}, "integer", "9223372036854775807"},
  {"max", NULL, 3, {"'5'", "'x'", "3"}, "text", "'x'"},
  {"max", NULL, 2, {"x'01'", "2"}, "blob", "X'01'"},
  {"max", NULL, 2, {"-9223372036854775808", "-1"}, "integer", "-1"},
  {"max", NULL, 3, {"'a'", "'B'", "'c'"}, "text", "'c'"},
  {"max", NULL, 5, {"1", "'a'", "x'00'", "NULL", "2.5"}, "blob", "X'00'"},
  {"max", NULL, 3, {"9223372036854775807", "1", "-5"}, "integer", "9223372036854775807"},
  {"min", NULL, 3, {"1", "2", "3"}, "integer", "1"},
  {"min", NULL, 3, {"1", "2.5", "NULL"}, "integer", "1"},
  {"min", NULL, 2, {"NULL", "NULL"}, "null", "NULL"},
  {"min", NULL, 0, {NULL}, "null", "NULL"},
  {"min", NULL, 2, {"9223372036854775807", "1"}, "integer", "1"},
  {"min", NULL, 2, {"9223372036854775807", "1.0"}, "real", "1.0"},
  {"min", NULL, 3, {"'5'", "'x'", "3"}, "integer", "3"},
  {"min", NULL, 2, {"x'01'", "2"}, "integer", "2"},
  {"min", NULL, 2, {"-9223372036854775808", "-1"}, "integer", "-9223372036854775808"},
  {"min", NULL, 3, {"'a'", "'B'", "'c'"}, "text", "'B'"},
  {"min", NULL, 5, {"1", "'a'", "x'00'", "NULL", "2.5"}, "integer", "1"},
  {"min", NULL, 3, {"9223372036854775807", "1", "-5"}, "integer", "-5"},
  {"group_concat", NULL, 3, {"1", "2", "3"}, "text", "'1,2,3'"},
  {"group_concat", NULL, 3, {"1", "2.5", "NULL"}, "text", "'1,2.5'"},
  {"group_concat", NULL, 2, {"NULL", "NULL"}, "null", "NULL"},
  {"group_concat", NULL, 0, {NULL}, "null", "NULL"},
  {"group_concat", NULL, 2, {"9223372036854775807", "1"}, "text", "'9223372036854775807,1'"},
  {"group_concat", NULL, 2, {"9223372036854775807", "1.0"}, "text", "'9223372036854775807,1.0'"},
  {"group_concat", NULL, 3, {"'5'", "'x'", "3"}, "text", "'5,x,3'"},
  {"group_concat", NULL, 2, {"x'01'", "2"}, "text", "',2'"},
  {"group_concat", NULL, 2, {"-9223372036854775808", "-1"}, "text", "'-9223372036854775808,-1'"},
  {"group_concat", NULL, 3, {"'a'", "'B'", "'c'"}, "text", "'a,B,c'"},
  {"group_concat", NULL, 5, {"1", "'a'", "x'00'", "NULL", "2.5"}, "text", "'1,a,'"},
  {"group_concat", NULL, 3, {"9223372036854775807", "1", "-5"}, "text",
    "'9223372036854775807,1,-5'"},
  {"group_concat", "'-'", 3, {"1", "2", "3"}, "text", "'1-2-3'"},
  {"group_concat", "NULL", 3, {"1", "2", "3"}, "text", "'123'"},
  {"group_concat", "''", 3, {"1", "2", "3"}, "text", "'123'"},
  {"group_concat", "'-'", 3, {"1", "2.5", "NULL"}, "text", "'1-2.5'"},
  {"group_concat", "NULL", 3, {"1", "2.5", "NULL"}, "text", "'12.5'"},
  {"group_concat", "''", 3, {"1", "2.5", "NULL"}, "text", "'12.5'"},
  {"group_concat", "'-'", 2, {"NULL", "NULL"}, "null", "NULL"},
  {"group_concat", "NULL", 2, {"NULL", "NULL"}, "null", "NULL"},
  {"group_concat", "''", 2, {"NULL", "NULL"}, "null", "NULL"},
  {"group_concat", "'-'", 0, {NULL}, "null", "NULL"},
  {"group_concat", "NULL", 0, {NULL}, "null", "NULL"},
  {"group_concat", "''", 0, {NULL}, "null", "NULL"},
  {"group_concat", "'-'", 3, {"'a'", "NULL", "'b'"}, "text", "'a-b'"},
  {"group_concat", "NULL", 3, {"'a'", "NULL", "'b'"}, "text", "'ab'"},
  {"group_concat", "''", 3, {"'a'", "NULL", "'b'"}, "text", "'ab'"},
  {"count", "*", 2, {"1", "NULL"}, "integer", "2"},
  {"count", "*", 0, {NULL}, "integer", "0"},
};

START_TEST(test_aggregate_table) {
  const AggCase *c = &aAgg[_i];
  int nArg = c->zExtra == NULL ? 1 : strcmp(c->zExtra, "*") == 0 ? 0 : 2;
  FuncDef *p = func_find(NULL, c->zFunc, nArg, SQLITE_UTF8, 0);
  ck_assert_ptr_nonnull(p);
  ck_assert(func_is_aggregate(p));
  Value agg, scratch, out, aArg[2], *apArg[2] = {&aArg[0], &aArg[1]};
  value_init(&agg, NULL), value_init(&scratch, NULL), value_init(&out, NULL);
  value_init(&aArg[0], NULL), value_init(&aArg[1], NULL);
  if (nArg == 2) lit_value(c->zExtra, &aArg[1]);
  sqlite3_context ctx;
  int isError = 0;
  for (int r = 0; r < c->nRow; r++) {
    lit_value(c->azRow[r], &aArg[0]);
    func_context_init(&ctx, NULL, p, &scratch, &agg, NULL, 0, NULL);
    p->xStep(&ctx, nArg, apArg);
    if (ctx.isError) isError = ctx.isError;
  }
  func_context_init(&ctx, NULL, p, &out, &agg, NULL, 0, NULL);
  p->xFinal(&ctx);
  if (strcmp(c->zType, "ERR") == 0) {
    ck_assert_msg(ctx.isError || isError, "case %d: expected error", _i);
    ck_assert_str_eq((const char *)value_text(&out, SQLITE_UTF8), c->zQuote);
  } else {
    char zType[64], zQuote[400];
    ck_assert_int_eq(ctx.isError | isError, 0);
    render(&out, zType, zQuote);
    ck_assert_msg(strcmp(zType, c->zType) == 0 && strcmp(zQuote, c->zQuote) == 0,
                  "agg case %d %s: want %s %s got %s %s", _i, c->zFunc, c->zType, c->zQuote,
                  zType, zQuote);
  }
  value_release(&agg), value_release(&scratch), value_release(&out);
  value_release(&aArg[0]), value_release(&aArg[1]);
}
END_TEST

/* ---- registry rules ---- */

static int g_destroyed;
static void destroy_counter(void *p) {
  UNUSED(p);
  g_destroyed++;
}
static void app_fn(sqlite3_context *ctx, int argc, Value **argv) {
  UNUSED(argv);
  func_result_int(ctx, 1000 + argc + (int)(intptr_t)func_user_data(ctx));
}
static void app_step(sqlite3_context *ctx, int argc, Value **argv) {
  UNUSED(argc), UNUSED(argv);
  i64 *p = func_aggregate_context(ctx, sizeof(i64));
  if (p) (*p)++;
}
static void app_final(sqlite3_context *ctx) {
  i64 *p = func_aggregate_context(ctx, 0);
  func_result_int(ctx, p ? *p : -1);
}

static void db_init(sqlite3 *db) {
  memset(db, 0, sizeof(*db));
  db->aLimit[SQLITE_LIMIT_LENGTH] = 1000000000;
  db->aLimit[SQLITE_LIMIT_LIKE_PATTERN_LENGTH] = 50000;
}

START_TEST(test_registry_lookup) {
  /* exact arity beats "any"; aggregates vs scalar max by arity */
  FuncDef *p = func_find(NULL, "MAX", 1, SQLITE_UTF8, 0);
  ck_assert(p && func_is_aggregate(p));
  p = func_find(NULL, "max", 3, SQLITE_UTF8, 0);
  ck_assert(p && !func_is_aggregate(p) && func_needs_collation(p));
  ck_assert_ptr_null(func_find(NULL, "max", 0, SQLITE_UTF8, 0));
  ck_assert_ptr_null(func_find(NULL, "coalesce", 1, SQLITE_UTF8, 0));
  ck_assert_ptr_nonnull(func_find(NULL, "coalesce", 2, SQLITE_UTF8, 0));
  ck_assert_ptr_null(func_find(NULL, "abs", 2, SQLITE_UTF8, 0));
  ck_assert_ptr_nonnull(func_find(NULL, "abs", -2, SQLITE_UTF8, 0));   /* any arity */
  ck_assert_ptr_null(func_find(NULL, "nosuch", -2, SQLITE_UTF8, 0));
  ck_assert_ptr_nonnull(func_find(NULL, "count", 0, SQLITE_UTF8, 0));
  ck_assert_ptr_null(func_find(NULL, "count", 2, SQLITE_UTF8, 0));
  ck_assert_ptr_nonnull(func_find(NULL, "Printf", 0, SQLITE_UTF8, 0));
}
END_TEST

START_TEST(test_registry_override_and_delete) {
  sqlite3 db;
  db_init(&db);
  g_destroyed = 0;
  ck_assert_int_eq(func_register(&db, "abs", 1, SQLITE_UTF8, (void *)5, app_fn, NULL, NULL,
                                 NULL, NULL, destroy_counter), SQLITE_OK);
  FuncDef *p = func_find(&db, "ABS", 1, SQLITE_UTF8, 0);
  ck_assert(p && p->xSFunc == app_fn && !(p->funcFlags & FUNC_BUILTIN));
  /* an application function hides the built-in of that name entirely */
  ck_assert_ptr_null(func_find(&db, "abs", 2, SQLITE_UTF8, 0) == NULL ? NULL : (void *)1);
  Value out, *argv[1];
  Value a;
  value_init(&out, &db), value_init(&a, &db);
  argv[0] = &a;
  sqlite3_context ctx;
  func_context_init(&ctx, &db, p, &out, NULL, NULL, 0, NULL);
  p->xSFunc(&ctx, 1, argv);
  ck_assert_int_eq(value_int64(&out), 1006);
  /* replace: the old destructor runs */
  ck_assert_int_eq(func_register(&db, "abs", 1, SQLITE_UTF8, NULL, app_fn, NULL, NULL, NULL,
                                 NULL, destroy_counter), SQLITE_OK);
  ck_assert_int_eq(g_destroyed, 1);
  /* delete with all-NULL callbacks: built-in visible again */
  ck_assert_int_eq(func_register(&db, "abs", 1, SQLITE_UTF8, NULL, NULL, NULL, NULL, NULL,
                                 NULL, NULL), SQLITE_OK);
  ck_assert_int_eq(g_destroyed, 2);
  p = func_find(&db, "abs", 1, SQLITE_UTF8, 0);
  ck_assert(p && (p->funcFlags & FUNC_BUILTIN));
  /* misuse: both scalar and aggregate callbacks; bad arity; destructor still runs */
  ck_assert_int_eq(func_register(&db, "f", 1, SQLITE_UTF8, NULL, app_fn, app_step, app_final,
                                 NULL, NULL, destroy_counter), SQLITE_MISUSE);
  ck_assert_int_eq(g_destroyed, 3);
  ck_assert_int_eq(func_register(&db, "f", 128, SQLITE_UTF8, NULL, app_fn, NULL, NULL, NULL,
                                 NULL, NULL), SQLITE_MISUSE);
  /* aggregate registration and use */
  ck_assert_int_eq(func_register(&db, "cnt", -1, SQLITE_UTF8, NULL, NULL, app_step, app_final,
                                 NULL, NULL, NULL), SQLITE_OK);
  p = func_find(&db, "cnt", 7, SQLITE_UTF8, 0);
  ck_assert(p && func_is_aggregate(p));
  Value agg;
  value_init(&agg, &db);
  for (int i = 0; i < 3; i++) {
    func_context_init(&ctx, &db, p, &out, &agg, NULL, 0, NULL);
    p->xStep(&ctx, 1, argv);
  }
  func_context_init(&ctx, &db, p, &out, &agg, NULL, 0, NULL);
  p->xFinal(&ctx);
  ck_assert_int_eq(value_int64(&out), 3);
  value_release(&agg);
  value_release(&out), value_release(&a);
  func_free_all(&db);
  ck_assert_ptr_null(db.pFuncList);
}
END_TEST

START_TEST(test_auxdata) {
  FuncAuxData *pList = NULL;
  Value out;
  value_init(&out, NULL);
  sqlite3_context ctx;
  g_destroyed = 0;
  func_context_init(&ctx, NULL, NULL, &out, NULL, NULL, 7, &pList);
  ck_assert_ptr_null(func_get_auxdata(&ctx, 0));
  func_set_auxdata(&ctx, 0, (void *)1, destroy_counter);
  func_set_auxdata(&ctx, 1, (void *)2, destroy_counter);
  ck_assert_ptr_eq(func_get_auxdata(&ctx, 0), (void *)1);
  func_context_init(&ctx, NULL, NULL, &out, NULL, NULL, 8, &pList);
  ck_assert_ptr_null(func_get_auxdata(&ctx, 0));    /* other instruction */
  func_auxdata_delete(&pList, 7, 1u);                 /* keep arg 0 (constant) */
  ck_assert_int_eq(g_destroyed, 1);
  func_auxdata_delete(&pList, -1, 0);
  ck_assert_int_eq(g_destroyed, 2);
  ck_assert_ptr_null(pList);
  /* without a list the data is destroyed at once */
  func_context_init(&ctx, NULL, NULL, &out, NULL, NULL, 7, NULL);
  func_set_auxdata(&ctx, 0, (void *)3, destroy_counter);
  ck_assert_int_eq(g_destroyed, 3);
}
END_TEST

START_TEST(test_result_errors) {
  sqlite3 db;
  db_init(&db);
  db.aLimit[SQLITE_LIMIT_LENGTH] = 10;
  Value out;
  value_init(&out, &db);
  sqlite3_context ctx;
  func_context_init(&ctx, &db, NULL, &out, NULL, NULL, 0, NULL);
  func_result_text(&ctx, "0123456789abc", -1, SQLITE_UTF8, SQLITE_TRANSIENT);
  ck_assert_int_eq(ctx.isError, SQLITE_TOOBIG);
  ck_assert_str_eq((const char *)value_text(&out, SQLITE_UTF8), "string or blob too big");
  func_context_init(&ctx, &db, NULL, &out, NULL, NULL, 0, NULL);
  ck_assert_int_eq(func_result_zeroblob64(&ctx, 11), SQLITE_TOOBIG);
  func_context_init(&ctx, &db, NULL, &out, NULL, NULL, 0, NULL);
  value_set_null(&out);
  func_result_error(&ctx, "boom!", 4);
  ck_assert_int_eq(ctx.isError, SQLITE_ERROR);
  ck_assert_str_eq((const char *)value_text(&out, SQLITE_UTF8), "boom");
  /* zeroblob() and randomblob() respect the length limit */
  FuncDef *p = func_find(&db, "zeroblob", 1, SQLITE_UTF8, 0);
  Value a, *argv[1] = {&a};
  value_init(&a, &db);
  value_set_int(&a, 100);
  func_context_init(&ctx, &db, p, &out, NULL, NULL, 0, NULL);
  p->xSFunc(&ctx, 1, argv);
  ck_assert_int_eq(ctx.isError, SQLITE_TOOBIG);
  /* printf() too */
  p = func_find(&db, "printf", 2, SQLITE_UTF8, 0);
  value_set_text(&a, "%20d", -1, SQLITE_UTF8, SQLITE_STATIC);
  Value b, *argv2[2] = {&a, &b};
  value_init(&b, &db);
  value_set_int(&b, 1);
  func_context_init(&ctx, &db, p, &out, NULL, NULL, 0, NULL);
  p->xSFunc(&ctx, 2, argv2);
  ck_assert_int_eq(ctx.isError, SQLITE_TOOBIG);
  value_release(&out), value_release(&a), value_release(&b);
}
END_TEST

START_TEST(test_like_case_pragma) {
  sqlite3 db;
  db_init(&db);
  FuncDef *p = func_find(&db, "like", 2, SQLITE_UTF8, 0);
  Value a, b, out, *argv[2] = {&a, &b};
  value_init(&a, &db), value_init(&b, &db), value_init(&out, &db);
  value_set_text(&a, "A%", -1, SQLITE_UTF8, SQLITE_STATIC);
  value_set_text(&b, "abc", -1, SQLITE_UTF8, SQLITE_STATIC);
  sqlite3_context ctx;
  func_context_init(&ctx, &db, p, &out, NULL, NULL, 0, NULL);
  p->xSFunc(&ctx, 2, argv);
  ck_assert_int_eq(value_int64(&out), 1);
  db.flags |= CONN_FLAG_CASE_LIKE;
  p->xSFunc(&ctx, 2, argv);
  ck_assert_int_eq(value_int64(&out), 0);
  /* pattern length limit */
  db.aLimit[SQLITE_LIMIT_LIKE_PATTERN_LENGTH] = 1;
  p->xSFunc(&ctx, 2, argv);
  ck_assert_int_eq(ctx.isError, SQLITE_ERROR);
  ck_assert_str_eq((const char *)value_text(&out, SQLITE_UTF8), "LIKE or GLOB pattern too complex");
  value_release(&a), value_release(&b), value_release(&out);
  /* a pathological pattern stays fast (bounded backtracking) */
  char zPat[200], zStr[4001];
  for (int i = 0; i < 198; i++) zPat[i] = (i % 2) ? 'a' : '%';   /* %a%a...%a */
  zPat[198] = 0;
  memset(zStr, 'a', 4000);
  zStr[4000] = 0;
  ck_assert_int_eq(func_like_compare((const u8 *)zPat, (const u8 *)zStr, 0, 1, 0), 1);
  zStr[3999] = 'b';
  ck_assert_int_eq(func_like_compare((const u8 *)zPat, (const u8 *)zStr, 0, 1, 0), 0);
}
END_TEST

/* An aggregate released without xFinal (statement reset) frees its state:
** checked by the leak sanitizer and by mem_used(). */
START_TEST(test_aggregate_abort) {
  static const char *azFunc[] = {"min", "max", "group_concat", "sum"};
  for (int k = 0; k < 4; k++) {
    i64 nUsed = mem_used();
    FuncDef *p = func_find(NULL, azFunc[k], 1, SQLITE_UTF8, 0);
    Value agg, scratch, a, *argv[1] = {&a};
    value_init(&agg, NULL), value_init(&scratch, NULL), value_init(&a, NULL);
    sqlite3_context ctx;
    for (int r = 0; r < 3; r++) {
      char buf[64];
      snprintf(buf, sizeof(buf), "row %d with a long enough text value", r);
      value_set_text(&a, buf, -1, SQLITE_UTF8, SQLITE_TRANSIENT);
      func_context_init(&ctx, NULL, p, &scratch, &agg, NULL, 0, NULL);
      p->xStep(&ctx, 1, argv);
    }
    value_release(&agg), value_release(&scratch), value_release(&a);
    ck_assert_int_eq(mem_used(), nUsed);
  }
}
END_TEST

/* 'localtime' and 'utc' follow the TZ environment (expected values from
** the shell run with the same TZ). */
static const char *call_datetime(const char *zTime, const char *zMod, char *zOut) {
  Value a, b, out, *argv[2] = {&a, &b};
  value_init(&a, NULL), value_init(&b, NULL), value_init(&out, NULL);
  value_set_text(&a, zTime, -1, SQLITE_UTF8, SQLITE_STATIC);
  value_set_text(&b, zMod, -1, SQLITE_UTF8, SQLITE_STATIC);
  FuncDef *p = func_find(NULL, "datetime", 2, SQLITE_UTF8, 0);
  sqlite3_context ctx;
  func_context_init(&ctx, NULL, p, &out, NULL, NULL, 0, NULL);
  p->xSFunc(&ctx, 2, argv);
  const char *z = (const char *)value_text(&out, SQLITE_UTF8);
  strcpy(zOut, z ? z : "NULL");
  value_release(&a), value_release(&b), value_release(&out);
  return zOut;
}

START_TEST(test_localtime) {
  char buf[64];
  setenv("TZ", "EST5", 1);
  tzset();
  ck_assert_str_eq(call_datetime("2020-01-01 10:00", "localtime", buf), "2020-01-01 05:00:00");
  ck_assert_str_eq(call_datetime("2020-01-01 10:00", "utc", buf), "2020-01-01 15:00:00");
  ck_assert_str_eq(call_datetime("2020-01-01 10:00:30.5", "localtime", buf), "2020-01-01 05:00:30");
  setenv("TZ", "Europe/Berlin", 1);
  tzset();
  ck_assert_str_eq(call_datetime("2020-03-29 01:30", "localtime", buf), "2020-03-29 03:30:00");
  ck_assert_str_eq(call_datetime("2020-03-29 02:30", "utc", buf), "2020-03-29 00:30:00");
  ck_assert_str_eq(call_datetime("2020-07-01 12:00", "utc", buf), "2020-07-01 10:00:00");
  ck_assert_str_eq(call_datetime("2020-07-01 12:00", "bogus", buf), "NULL");
}
END_TEST

/* Every built-in on random arguments (and aggregates over random rows,
** finalized or abandoned): no crash under the sanitizers, no leak. */
static u64 g_seed = 42;
static u64 fz_rnd(void) {
  g_seed ^= g_seed << 13;
  g_seed ^= g_seed >> 7;
  g_seed ^= g_seed << 17;
  return g_seed;
}

static void fz_value(Value *v) {
  static const char *aStr[] = {"", "abc", "%", "%d%s%f%c%q%Q%w%z%x%!.*g", "\xff\xfe\x80",
      "h\xc3\xa9llo", "2020-01-01 10:00", "1e999", "-9223372036854775808", "  12  ",
      "_%[]*?\\", "+1 month", "weekday 3", "start of year", "unixepoch", "%Y%j%J%W%f",
      "[^a-", "auto", "julianday", "0x10"};
  static const i64 aInt[] = {0, 1, -1, INT64_MAX, INT64_MIN, 255, 1000000, -7, 30, 127};
  static const double aReal[] = {0.5, -0.0, 1e308, -1e308, 3.14159, 1e-320, 2459000.5, 1.6e9};
  u8 b[16];
  int n;
  switch (fz_rnd() % 7) {
    case 0: value_set_null(v); break;
    case 1: value_set_int(v, aInt[fz_rnd() % ARRAY_SIZE(aInt)]); break;
    case 2: value_set_real(v, aReal[fz_rnd() % ARRAY_SIZE(aReal)]); break;
    case 3:
    case 4:
      value_set_text(v, aStr[fz_rnd() % ARRAY_SIZE(aStr)], -1, SQLITE_UTF8, SQLITE_TRANSIENT);
      break;
    case 5:
      n = (int)(fz_rnd() % 16);
      for (int i = 0; i < n; i++) b[i] = (u8)fz_rnd();
      value_set_blob(v, b, n, SQLITE_TRANSIENT);
      break;
    default: value_set_zeroblob(v, (int)(fz_rnd() % 10)); break;
  }
}

static int fz_collect(void *p, const FuncDef *f, int bBuiltin) {
  UNUSED(bBuiltin);
  const FuncDef ***ppOut = p;
  *(*ppOut)++ = f;
  return 0;
}

START_TEST(test_fuzz_builtins) {
  const FuncDef *aF[300], **pp = aF;
  func_foreach(NULL, fz_collect, &pp);
  int nF = (int)(pp - aF);
  ck_assert_int_gt(nF, 90);
  sqlite3 db;
  db_init(&db);
  db.aLimit[SQLITE_LIMIT_LENGTH] = 100000;
  i64 nUsed = mem_used();
  for (int it = 0; it < 30000; it++) {
    const FuncDef *f = aF[fz_rnd() % (u64)nF];
    int nArg = f->nArg >= 0 ? f->nArg : (int)(fz_rnd() % 6);
    if ((f->funcFlags & FUNC_MIN2) && nArg < 2) nArg = 2;
    Value a[8], *ap[8], out, agg;
    for (int i = 0; i < 8; i++) value_init(&a[i], &db), ap[i] = &a[i];
    value_init(&out, &db), value_init(&agg, &db);
    sqlite3_context ctx;
    int nRow = f->xStep ? 1 + (int)(fz_rnd() % 4) : 1;
    for (int r = 0; r < nRow; r++) {
      for (int i = 0; i < nArg; i++) fz_value(&a[i]);
      func_context_init(&ctx, &db, (FuncDef *)f, &out, &agg, NULL, 0, NULL);
      if (f->xSFunc) f->xSFunc(&ctx, nArg, ap);
      else f->xStep(&ctx, nArg, ap);
      if (ctx.isError) ck_assert_ptr_nonnull(value_text(&out, SQLITE_UTF8));
    }
    if (f->xStep && fz_rnd() % 2) {
      func_context_init(&ctx, &db, (FuncDef *)f, &out, &agg, NULL, 0, NULL);
      f->xFinal(&ctx);
    }
    value_text(&out, SQLITE_UTF8);
    for (int i = 0; i < 8; i++) value_release(&a[i]);
    value_release(&out), value_release(&agg);
  }
  ck_assert_int_eq(mem_used(), nUsed);
}
END_TEST

/* OOM loop: fail allocation k (and every later one) for k = 1, 2, ...
** during calls that allocate; each call must end in success or a clean
** SQLITE_NOMEM, and leak nothing. */
START_TEST(test_oom_builtins) {
  static const struct { const char *zFunc; int nArg; const char *azArg[3]; } aCall[] = {
    {"printf", 3, {"'%s-%.300f-%d'", "'some text here'", "3.5"}},
    {"replace", 3, {"'abcabcabcabcabcabc'", "'b'", "'XYZXYZ'"}},
    {"quote", 1, {"'it''s a long string to quote'"}},
    {"quote", 1, {"x'000102030405060708090a0b0c0d0e0f'"}},
    {"hex", 1, {"'hex me please, a long text'"}},
    {"upper", 1, {"'make me loud, a long text'"}},
    {"substr", 3, {"'héllo wörld, a long text'", "2", "9"}},
    {"char", 3, {"233", "8364", "128512"}},
    {"strftime", 2, {"'%Y-%m-%d %H:%M:%f %j %J'", "'2021-03-04 05:06:07'"}},
    {"group_concat", 2, {"'element'", "'; '"}},
    {"max", 1, {"'a text value that is copied'"}},
    {"trim", 2, {"'xxhelloxx'", "'x'"}},
  };
  for (int c = 0; c < ARRAY_SIZE(aCall); c++) {
    FuncDef *p = func_find(NULL, aCall[c].zFunc, aCall[c].nArg, SQLITE_UTF8, 0);
    ck_assert_ptr_nonnull(p);
    for (int k = 1; k < 40; k++) {
      Value a[3], *ap[3] = {&a[0], &a[1], &a[2]}, out, agg;
      for (int i = 0; i < 3; i++) value_init(&a[i], NULL);
      value_init(&out, NULL), value_init(&agg, NULL);
      for (int i = 0; i < aCall[c].nArg; i++) lit_value(aCall[c].azArg[i], &a[i]);
      i64 nUsed = mem_used();
      int nFault0 = mem_fault_count();
      mem_fault_countdown(k, 1);
      sqlite3_context ctx;
      for (int r = 0; r < (p->xStep ? 3 : 1); r++) {
        func_context_init(&ctx, NULL, p, &out, &agg, NULL, 0, NULL);
        if (p->xSFunc) p->xSFunc(&ctx, aCall[c].nArg, ap);
        else p->xStep(&ctx, aCall[c].nArg, ap);
      }
      if (p->xFinal) {
        func_context_init(&ctx, NULL, p, &out, &agg, NULL, 0, NULL);
        p->xFinal(&ctx);
      }
      mem_fault_countdown(0, 0);
      int bFaulted = mem_fault_count() > nFault0;
      ck_assert_msg(ctx.isError == 0 || ctx.isError == SQLITE_NOMEM, "%s k=%d rc=%d",
                    aCall[c].zFunc, k, ctx.isError);
      value_release(&out), value_release(&agg);
      ck_assert_msg(mem_used() == nUsed, "%s k=%d leaked", aCall[c].zFunc, k);
      for (int i = 0; i < 3; i++) value_release(&a[i]);
      if (!bFaulted) break;     /* the call needed fewer than k allocations */
    }
  }
}
END_TEST

/* Window use: xStep adds rows, xInverse removes the oldest, xValue reads
** the current result without finishing. */
START_TEST(test_window_inverse) {
  static const struct { const char *zFunc; int nArg; const char *zWant1, *zWant2; } a[] = {
    {"group_concat", 1, "a,bb,ccc", "bb,ccc"},
    {"group_concat", 2, "a-bb-ccc", "bb-ccc"},
    {"sum", 1, "6", "5"},
    {"count", 1, "3", "2"},
    {"avg", 1, "2.0", "2.5"},
    {"total", 1, "6.0", "5.0"},
  };
  static const char *azText[] = {"a", "bb", "ccc"};
  for (int k = 0; k < ARRAY_SIZE(a); k++) {
    FuncDef *p = func_find(NULL, a[k].zFunc, a[k].nArg, SQLITE_UTF8, 0);
    ck_assert(p && func_is_window(p) && p->xInverse && p->xValue);
    Value agg, out, v[3], sep, *ap[2];
    value_init(&agg, NULL), value_init(&out, NULL), value_init(&sep, NULL);
    value_set_text(&sep, "-", -1, SQLITE_UTF8, SQLITE_STATIC);
    ap[1] = &sep;
    sqlite3_context ctx;
    for (int i = 0; i < 3; i++) {
      value_init(&v[i], NULL);
      if (a[k].zFunc[0] == 'g') value_set_text(&v[i], azText[i], -1, SQLITE_UTF8, SQLITE_STATIC);
      else value_set_int(&v[i], i + 1);
      ap[0] = &v[i];
      func_context_init(&ctx, NULL, p, &out, &agg, NULL, 0, NULL);
      p->xStep(&ctx, a[k].nArg, ap);
    }
    func_context_init(&ctx, NULL, p, &out, &agg, NULL, 0, NULL);
    p->xValue(&ctx);
    ck_assert_str_eq((const char *)value_text(&out, SQLITE_UTF8), a[k].zWant1);
    ap[0] = &v[0];
    func_context_init(&ctx, NULL, p, &out, &agg, NULL, 0, NULL);
    p->xInverse(&ctx, a[k].nArg, ap);
    p->xFinal(&ctx);
    ck_assert_str_eq((const char *)value_text(&out, SQLITE_UTF8), a[k].zWant2);
    value_release(&agg), value_release(&out), value_release(&sep);
    for (int i = 0; i < 3; i++) value_release(&v[i]);
  }
}
END_TEST

/* 'now' comes from the VM's per-step cache when it has one. */
START_TEST(test_now_cached) {
  static const struct { const char *zFunc; const char *zWant; } a[] = {
    {"date", "2021-03-04"}, {"time", "05:06:07"}, {"datetime", "2021-03-04 05:06:07"},
    {"current_date", "2021-03-04"}, {"current_timestamp", "2021-03-04 05:06:07"},
    {"unixepoch", "1614834367"},
  };
  i64 iNow = 210866760000000LL + 1614834367000LL;   /* 2021-03-04 05:06:07 UTC */
  for (int k = 0; k < ARRAY_SIZE(a); k++) {
    FuncDef *p = func_find(NULL, a[k].zFunc, 0, SQLITE_UTF8, 0);
    ck_assert_ptr_nonnull(p);
    Value out;
    value_init(&out, NULL);
    sqlite3_context ctx;
    func_context_init(&ctx, NULL, p, &out, NULL, NULL, 0, NULL);
    p->xSFunc(&ctx, 0, NULL);
    ck_assert_int_eq(value_type(&out), SQLITE_NULL);        /* no clock: NULL */
    ctx.piNow = &iNow;
    p->xSFunc(&ctx, 0, NULL);
    ck_assert_str_eq((const char *)value_text(&out, SQLITE_UTF8), a[k].zWant);
    value_release(&out);
  }
}
END_TEST

START_TEST(test_compileoptions) {
  ck_assert_str_eq(func_compileoption_get(0), "ATOMIC_INTRINSICS=1");
  ck_assert_ptr_null(func_compileoption_get(-1));
  ck_assert_ptr_null(func_compileoption_get(1000));
  ck_assert_int_eq(func_compileoption_used("SQLITE_ENABLE_FTS5"), 1);
  ck_assert_int_eq(func_compileoption_used("enable_fts"), 0);
}
END_TEST

int main(void) {
  Suite *s = suite_create("func");
  TCase *tc = tcase_create("func");
  tcase_add_loop_test(tc, test_scalar_table, 0, ARRAY_SIZE(aScalar));
  tcase_add_loop_test(tc, test_aggregate_table, 0, ARRAY_SIZE(aAgg));
  tcase_add_loop_test(tc, test_date_table, 0, ARRAY_SIZE(aDate));
  tcase_add_test(tc, test_registry_lookup);
  tcase_add_test(tc, test_registry_override_and_delete);
  tcase_add_test(tc, test_auxdata);
  tcase_add_test(tc, test_result_errors);
  tcase_add_test(tc, test_like_case_pragma);
  tcase_add_test(tc, test_compileoptions);
  tcase_add_test(tc, test_aggregate_abort);
  tcase_add_test(tc, test_localtime);
  tcase_add_test(tc, test_fuzz_builtins);
  tcase_add_test(tc, test_oom_builtins);
  tcase_add_test(tc, test_window_inverse);
  tcase_add_test(tc, test_now_cached);
  suite_add_tcase(s, tc);
  SRunner *sr = srunner_create(s);
  srunner_run_all(sr, CK_NORMAL);
  int nFail = srunner_ntests_failed(sr);
  srunner_free(sr);
  return nFail ? EXIT_FAILURE : EXIT_SUCCESS;
}
