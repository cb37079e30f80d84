/*
** tokenize_test.c: unit tests for engine/tokenize.c.
**
** Expected token boundaries and classes were checked against the
** behaviour of the sqlite3 3.40.1 shell (for example "0x1g" is the number
** 0x1 followed by the alias g, while "1abc" is one unrecognized token).
*/
#include <check.h>
#include <stdio.h>
#include <stdlib.h>

#include "engine/tokenize.h"

/* Tokenize z completely, skipping spaces; fill types/lengths. */
static int lex(const char *z, int *aType, int *aLen, int nMax) {
  int n = (int)strlen(z);
  int i = 0, k = 0;
  while (i < n) {
    int t;
    int len = tokenize_next(z + i, n - i, &t);
    ck_assert_int_gt(len, 0);
    ck_assert_int_le(i + len, n);
    if (t != TK_SPACE) {
      ck_assert_int_lt(k, nMax);
      aType[k] = t;
      aLen[k] = len;
      k++;
    }
    i += len;
  }
  return k;
}

/* First token of z: its type, and its length through *pLen. */
static int first(const char *z, int *pLen) {
  int t;
  *pLen = tokenize_next(z, (int)strlen(z), &t);
  return t;
}

static void check_one(const char *z, int expType, int expLen) {
  int len;
  int t = first(z, &len);
  ck_assert_msg(t == expType, "%s: type %s, want %s", z, tokenize_name(t), tokenize_name(expType));
  ck_assert_msg(len == expLen, "%s: len %d, want %d", z, len, expLen);
}

START_TEST(test_keywords_table) {
  /* Every keyword of lang_keywords.html maps to its own code, in any case. */
  static const char *const az[] = {"ABORT", "select", "Select", "CURRENT_TIMESTAMP",
                                   "without", "indexed", "WINDOW", "isnull", "notnull"};
  for (int i = 0; i < (int)(sizeof(az) / sizeof(az[0])); i++) {
    int t = tokenize_keyword(az[i], (int)strlen(az[i]));
    ck_assert_msg(tokenize_is_keyword(t), "%s is a keyword", az[i]);
    ck_assert_int_eq(str_icmp(tokenize_name(t), az[i]), 0);
  }
  ck_assert_int_eq(tokenize_keyword("selec", 5), TK_ID);
  ck_assert_int_eq(tokenize_keyword("selects", 7), TK_ID);
  ck_assert_int_eq(tokenize_keyword("concurrent", 10), TK_ID);   /* not in 3.40 */
  ck_assert_int_eq(tokenize_keyword("true", 4), TK_ID);          /* not a keyword */
  ck_assert_int_eq(tokenize_keyword("rowid", 5), TK_ID);
  ck_assert_int_eq(tokenize_keyword("strict", 6), TK_ID);
}
END_TEST

START_TEST(test_keyword_count_and_order) {
  /* 147 keywords in 3.40, each found by its own upper-case name. */
  int n = 0;
  for (int t = TK_FIRST_KEYWORD + 1; t < TK_COUNT; t++) {
    const char *z = tokenize_name(t);
    ck_assert_int_eq(tokenize_keyword(z, (int)strlen(z)), t);
    if (t > TK_FIRST_KEYWORD + 1) ck_assert_int_lt(strcmp(tokenize_name(t - 1), z), 0);
    n++;
  }
  ck_assert_int_eq(n, 147);
}
END_TEST

START_TEST(test_keyword_classes) {
  ck_assert_int_eq(tokenize_kw_class(TK_SELECT), KWC_RESERVED);
  ck_assert_int_eq(tokenize_kw_class(TK_KEY), KWC_FALLBACK);
  ck_assert_int_eq(tokenize_kw_class(TK_REPLACE), KWC_FALLBACK);
  ck_assert_int_eq(tokenize_kw_class(TK_TEMP), KWC_FALLBACK);
  ck_assert_int_eq(tokenize_kw_class(TK_LEFT), KWC_JOIN);
  ck_assert_int_eq(tokenize_kw_class(TK_NATURAL), KWC_JOIN);
  ck_assert_int_eq(tokenize_kw_class(TK_INDEXED), KWC_INDEXED);
  ck_assert_int_eq(tokenize_kw_class(TK_ID), KWC_RESERVED);
  ck_assert_int_eq(tokenize_kw_class(TK_DEFERRABLE), KWC_RESERVED);
}
END_TEST

START_TEST(test_numbers) {
  check_one("123", TK_INTEGER, 3);
  check_one("123 ", TK_INTEGER, 3);
  check_one("1.5", TK_FLOAT, 3);
  check_one(".5", TK_FLOAT, 2);
  check_one("1.", TK_FLOAT, 2);
  check_one("1e5", TK_FLOAT, 3);
  check_one("1E+5", TK_FLOAT, 4);
  check_one("1.5e-10", TK_FLOAT, 7);
  check_one("1.e5", TK_FLOAT, 4);
  check_one("0x1F", TK_INTEGER, 4);
  check_one("0X1f", TK_INTEGER, 4);
  check_one("0x1g", TK_INTEGER, 3);        /* then "g" */
  check_one("0x", TK_ILLEGAL, 2);
  check_one("00x1", TK_ILLEGAL, 4);
  check_one("1abc", TK_ILLEGAL, 4);
  check_one("1e", TK_ILLEGAL, 2);
  check_one("1e+", TK_ILLEGAL, 2);         /* "1e" then "+" */
  check_one("1E5x", TK_ILLEGAL, 4);
  check_one(".5e3x", TK_ILLEGAL, 5);
  check_one("1_000", TK_ILLEGAL, 5);       /* no digit separators in 3.40 */
  check_one("1.2.3", TK_FLOAT, 3);         /* then ".3" */
}
END_TEST

START_TEST(test_strings_and_ids) {
  check_one("'abc'", TK_STRING, 5);
  check_one("'a''b'", TK_STRING, 6);
  check_one("'abc", TK_ILLEGAL, 4);
  check_one("\"a\"\"b\" x", TK_ID, 6);
  check_one("\"abc", TK_ILLEGAL, 4);
  check_one("[a b]", TK_ID, 5);
  check_one("[a]]b]", TK_ID, 3);           /* no escape inside [] */
  check_one("[abc", TK_ILLEGAL, 4);
  check_one("`a``b`", TK_ID, 6);
  check_one("`a", TK_ILLEGAL, 2);
  check_one("abc_1$x", TK_ID, 7);
  check_one("_x", TK_ID, 2);
  check_one("\xc3\xa9t\xc3\xa9", TK_ID, 5);  /* UTF-8 is identifier text */
  check_one("x'0aFF'", TK_BLOB, 7);
  check_one("X''", TK_BLOB, 3);
  check_one("x'abc'", TK_ILLEGAL, 6);
  check_one("x'zz'", TK_ILLEGAL, 5);
  check_one("x'abc", TK_ILLEGAL, 5);
  check_one("xyz", TK_ID, 3);
}
END_TEST

START_TEST(test_variables) {
  check_one("?", TK_VARIABLE, 1);
  check_one("?12", TK_VARIABLE, 3);
  check_one("?1a", TK_VARIABLE, 2);
  check_one("?abc", TK_VARIABLE, 1);
  check_one(":name", TK_VARIABLE, 5);
  check_one(":1a", TK_VARIABLE, 3);
  check_one("@a$b", TK_VARIABLE, 4);
  check_one("$a::b(c)", TK_VARIABLE, 8);
  check_one("$a::", TK_VARIABLE, 4);
  check_one("$a:::b", TK_VARIABLE, 4);
  check_one("$a(b c)", TK_ILLEGAL, 4);
  check_one("$a::b(c", TK_ILLEGAL, 7);
  check_one("$", TK_ILLEGAL, 1);
  check_one(":", TK_ILLEGAL, 1);
  check_one("@", TK_ILLEGAL, 1);
  check_one("#abc", TK_VARIABLE, 4);
  check_one("#1", TK_REGISTER, 2);
  check_one(":a::b(c)", TK_VARIABLE, 8);   /* Tcl forms for : @ # too */
  check_one("@a(x)", TK_VARIABLE, 5);
  check_one("#a(x)", TK_VARIABLE, 5);
  check_one(":a(x", TK_ILLEGAL, 4);
  check_one("@R(!", TK_ILLEGAL, 4);
}
END_TEST

START_TEST(test_operators) {
  int aT[32], aL[32];
  int n = lex("- -> ->> || | = == != <> < <= << > >= >> & ~ + * / % , . ; ( )", aT, aL, 32);
  static const int aExp[] = {TK_MINUS, TK_PTR, TK_PTR, TK_CONCAT, TK_BITOR, TK_EQ, TK_EQ,
    TK_NE, TK_NE, TK_LT, TK_LE, TK_LSHIFT, TK_GT, TK_GE, TK_RSHIFT, TK_BITAND, TK_BITNOT,
    TK_PLUS, TK_STAR, TK_SLASH, TK_REM, TK_COMMA, TK_DOT, TK_SEMI, TK_LP, TK_RP};
  ck_assert_int_eq(n, (int)(sizeof(aExp) / sizeof(aExp[0])));
  for (int i = 0; i < n; i++) ck_assert_int_eq(aT[i], aExp[i]);
  ck_assert_int_eq(aL[2], 3);
  check_one("!", TK_ILLEGAL, 1);
  check_one("!=", TK_NE, 2);
  check_one("#", TK_ILLEGAL, 1);
  check_one("\v", TK_ILLEGAL, 1);          /* \v is not whitespace */
  check_one("===", TK_EQ, 2);
}
END_TEST

START_TEST(test_space_and_comments) {
  int aT[16], aL[16];
  check_one(" \t\n\f\r x", TK_SPACE, 6);
  check_one("-- comment\nx", TK_SPACE, 11);
  check_one("-- to the end", TK_SPACE, 13);
  check_one("/* c */x", TK_SPACE, 7);
  check_one("/* open", TK_SPACE, 7);
  check_one("/**/", TK_SPACE, 4);
  check_one("/*/", TK_SPACE, 3);
  check_one("/*", TK_SLASH, 1);            /* nothing after it: a slash */
  check_one(" \v\t x", TK_SPACE, 4);       /* \v continues whitespace */
  ck_assert_int_eq(lex("SELECT/*x*/1--y\n;", aT, aL, 16), 3);
  ck_assert_int_eq(aT[0], TK_SELECT);
  ck_assert_int_eq(aT[1], TK_INTEGER);
  ck_assert_int_eq(aT[2], TK_SEMI);
}
END_TEST

START_TEST(test_plain_id) {
  ck_assert(tokenize_is_plain_id("abc", 3));
  ck_assert(!tokenize_is_plain_id("select", 6));
  ck_assert(!tokenize_is_plain_id("a b", 3));
  ck_assert(!tokenize_is_plain_id("1a", 2));
  ck_assert(!tokenize_is_plain_id("", 0));
  ck_assert(tokenize_is_idchar('$'));
  ck_assert(!tokenize_is_idchar('-'));
  ck_assert(tokenize_is_space('\r'));
  ck_assert(!tokenize_is_space('\v'));
}
END_TEST

/* Every byte string tokenizes with progress and in bounds. */
START_TEST(test_random_bytes) {
  u64 x = 0x9E3779B97F4A7C15ULL;
  char buf[64];
  for (int iter = 0; iter < 20000; iter++) {
    int n = 1 + (int)(x % 63);
    for (int i = 0; i < n; i++) {
      x ^= x << 13; x ^= x >> 7; x ^= x << 17;
      buf[i] = (char)(x & 0xff);
    }
    for (int i = 0; i < n;) {
      int t;
      int len = tokenize_next(buf + i, n - i, &t);
      ck_assert_msg(len >= 1 && i + len <= n, "seed iteration %d", iter);
      ck_assert(t >= 0 && t < TK_COUNT && t != TK_EOF);
      i += len;
    }
  }
}
END_TEST

static Suite *tokenize_suite(void) {
  Suite *s = suite_create("tokenize");
  TCase *tc = tcase_create("core");
  tcase_add_test(tc, test_keywords_table);
  tcase_add_test(tc, test_keyword_count_and_order);
  tcase_add_test(tc, test_keyword_classes);
  tcase_add_test(tc, test_numbers);
  tcase_add_test(tc, test_strings_and_ids);
  tcase_add_test(tc, test_variables);
  tcase_add_test(tc, test_operators);
  tcase_add_test(tc, test_space_and_comments);
  tcase_add_test(tc, test_plain_id);
  tcase_add_test(tc, test_random_bytes);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) {
  SRunner *sr = srunner_create(tokenize_suite());
  int nFailed;
  srunner_run_all(sr, CK_NORMAL);
  nFailed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return nFailed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
