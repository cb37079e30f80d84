/*
** record_test.c: unit tests for engine/record.c (serial types, headers,
** integer and float encodings, malformed input).
**
** Invariants the tests rely on:
**   1. Every encoding is checked by a round trip through the decoder and,
**      for the integer widths, against hand-computed bytes.
**   2. Malformed headers are produced by truncating or patching valid
**      ones, so each case isolates one defect.
*/
#include <check.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>

#include "engine/record.h"

START_TEST(test_varint_roundtrip) {
  static const u64 aV[] = {0, 1, 127, 128, 240, 2287, 16383, 16384, 67823, 0x1fffff,
                           0x200000, 0xffffffffULL, 0x7fffffffffffffULL, 0xff00000000000000ULL,
                           ~0ULL};
  for (int i = 0; i < (int)(sizeof aV / sizeof aV[0]); i++) {
    u8 buf[10];
    u64 v;
    int n = varint_put(buf, aV[i]);
    ck_assert_int_eq(n, varint_len(aV[i]));
    ck_assert_int_eq(varint_get(buf, &v), n);
    ck_assert(v == aV[i]);
    ck_assert_int_eq(varint_get_safe(buf, buf + n, &v), n);
    ck_assert(v == aV[i]);
    if (n > 1) ck_assert_int_eq(varint_get_safe(buf, buf + n - 1, &v), 0);
  }
}
END_TEST

START_TEST(test_serial_type_len) {
  static const u32 aLen[12] = {0, 1, 2, 3, 4, 6, 8, 8, 0, 0, 0, 0};
  for (u64 st = 0; st < 12; st++) ck_assert_uint_eq(rec_serial_type_len(st), aLen[st]);
  ck_assert_uint_eq(rec_serial_type_len(12), 0);
  ck_assert_uint_eq(rec_serial_type_len(13), 0);
  ck_assert_uint_eq(rec_serial_type_len(14), 1);
  ck_assert_uint_eq(rec_serial_type_len(15), 1);
  ck_assert_uint_eq(rec_serial_type_len(rec_text_serial_type(1000)), 1000);
  ck_assert_uint_eq(rec_serial_type_len(rec_blob_serial_type(1000)), 1000);
  ck_assert(!rec_serial_type_valid(10));
  ck_assert(!rec_serial_type_valid(11));
  ck_assert(rec_serial_type_valid(9));
  ck_assert(rec_serial_type_valid(12));
  ck_assert(!rec_serial_type_valid(~0ULL));
  ck_assert_uint_eq(rec_text_serial_type(3), 19);
  ck_assert_uint_eq(rec_blob_serial_type(3), 18);
}
END_TEST

START_TEST(test_int_encoding) {
  static const struct {
    i64 v;
    u64 st;
  } a[] = {{0, 8},        {1, 9},          {2, 1},          {-1, 1},        {127, 1},
           {-128, 1},     {128, 2},        {-129, 2},       {32767, 2},     {32768, 3},
           {-8388608, 3}, {8388608, 4},    {2147483647, 4}, {-2147483648LL, 4},
           {2147483648LL, 5}, {140737488355327LL, 5}, {-140737488355328LL, 5},
           {140737488355328LL, 6}, {INT64_MAX, 6}, {INT64_MIN, 6}};
  for (int i = 0; i < (int)(sizeof a / sizeof a[0]); i++) {
    u8 buf[8];
    ck_assert_uint_eq(rec_int_serial_type(a[i].v), a[i].st);
    int n = rec_put_int(buf, a[i].st, a[i].v);
    ck_assert_int_eq(n, (int)rec_serial_type_len(a[i].st));
    ck_assert(rec_get_int(buf, a[i].st) == a[i].v);
  }
  u8 b3[3] = {0xff, 0xff, 0xfe};
  ck_assert(rec_get_int(b3, 3) == -2);
  u8 b6[6] = {0x80, 0, 0, 0, 0, 1};
  ck_assert(rec_get_int(b6, 5) == -140737488355327LL);
  u8 b2[2] = {0x01, 0x02};
  ck_assert(rec_get_int(b2, 2) == 258);
}
END_TEST

START_TEST(test_real_encoding) {
  static const double a[] = {0.0, -0.0, 1.5, -3.25e100, DBL_MIN, DBL_MAX, 1.0 / 3};
  for (int i = 0; i < (int)(sizeof a / sizeof a[0]); i++) {
    u8 buf[8];
    ck_assert_int_eq(rec_put_real(buf, a[i]), 8);
    double r = rec_get_real(buf);
    ck_assert(memcmp(&r, &a[i], 8) == 0);
  }
  u8 one[8] = {0x3f, 0xf0, 0, 0, 0, 0, 0, 0};   /* 1.0, big-endian */
  ck_assert(rec_get_real(one) == 1.0);
}
END_TEST

/* A record of (NULL, 7, 'abc', x'0102', 2.5, 0, 1) built and parsed back. */
START_TEST(test_header_roundtrip) {
  u64 aType[7] = {0, rec_int_serial_type(7), rec_text_serial_type(3), rec_blob_serial_type(2),
                  REC_SERIAL_REAL, 8, 9};
  u8 buf[100];
  int nHdr = rec_put_header(buf, aType, 7);
  ck_assert_int_eq(nHdr, rec_header_size(aType, 7));
  ck_assert_int_eq(nHdr, 8);
  int n = nHdr;
  n += rec_put_int(buf + n, aType[1], 7);
  memcpy(buf + n, "abc", 3);
  n += 3;
  buf[n++] = 1;
  buf[n++] = 2;
  n += rec_put_real(buf + n, 2.5);
  ck_assert_int_eq(n, (int)rec_record_size(aType, 7));
  u64 aGot[7];
  u32 aOff[7];
  int nField;
  ck_assert_int_eq(rec_parse_header(buf, n, 7, aGot, aOff, &nField), SQLITE_OK);
  ck_assert_int_eq(nField, 7);
  for (int i = 0; i < 7; i++) ck_assert(aGot[i] == aType[i]);
  ck_assert_uint_eq(aOff[0], 8);
  ck_assert(rec_get_int(buf + aOff[1], aGot[1]) == 7);
  ck_assert(memcmp(buf + aOff[2], "abc", 3) == 0);
  ck_assert(rec_get_real(buf + aOff[4]) == 2.5);
  /* fewer slots than fields: the first ones are filled, all validated */
  ck_assert_int_eq(rec_parse_header(buf, n, 3, aGot, aOff, &nField), SQLITE_OK);
  ck_assert_int_eq(nField, 3);
  /* only the local part available: header parses against nRecord */
  ck_assert_int_eq(rec_parse_header_ex(buf, nHdr, n, 7, aGot, aOff, &nField), SQLITE_OK);
  ck_assert_int_eq(nField, 7);
}
END_TEST

/* A header whose size varint needs two bytes (header of 200 fields). */
START_TEST(test_header_long) {
  u64 aType[200];
  u8 buf[1000];
  for (int i = 0; i < 200; i++) aType[i] = i % 2 ? 0 : rec_blob_serial_type(1);
  int nHdr = rec_put_header(buf, aType, 200);
  ck_assert_int_eq(nHdr, 202);
  memset(buf + nHdr, 0xaa, 100);
  u64 aGot[200];
  u32 aOff[200];
  int nField;
  ck_assert_int_eq(rec_parse_header(buf, nHdr + 100, 200, aGot, aOff, &nField), SQLITE_OK);
  ck_assert_int_eq(nField, 200);
  ck_assert_uint_eq(aOff[199], (u32)nHdr + 100);
  /* self-size boundary: 126 one-byte types give 127, 127 give 129 */
  ck_assert_int_eq(rec_header_size(aType + 1, 126), 127);
  ck_assert_int_eq(rec_header_size(aType + 1, 127), 129);
}
END_TEST

START_TEST(test_header_malformed) {
  u64 aType[4];
  u32 aOff[4];
  int nField = -1;
  u8 ok[] = {3, 0x0f, 1, 'x', 5};            /* ('x', 5) */
  ck_assert_int_eq(rec_parse_header(ok, 5, 4, aType, aOff, &nField), SQLITE_OK);
  ck_assert_int_eq(nField, 2);
  u8 a1[] = {3, 0x0f, 1, 'x'};               /* body cut short */
  ck_assert_int_eq(rec_parse_header(a1, 4, 4, aType, aOff, &nField), SQLITE_CORRUPT);
  ck_assert_int_eq(nField, 0);
  u8 a2[] = {9, 0x0f, 1, 'x', 5};            /* header size past the record */
  ck_assert_int_eq(rec_parse_header(a2, 5, 4, aType, aOff, &nField), SQLITE_CORRUPT);
  u8 a3[] = {0, 1, 2};                       /* header size smaller than its varint */
  ck_assert_int_eq(rec_parse_header(a3, 3, 4, aType, aOff, &nField), SQLITE_CORRUPT);
  u8 a4[] = {3, 10, 1, 5};                   /* reserved serial type 10 */
  ck_assert_int_eq(rec_parse_header(a4, 4, 4, aType, aOff, &nField), SQLITE_CORRUPT);
  u8 a5[] = {3, 0x81, 0x81, 0};              /* varint runs past the header */
  ck_assert_int_eq(rec_parse_header(a5, 4, 4, aType, aOff, &nField), SQLITE_CORRUPT);
  u8 a6[] = {0x80};                          /* size varint unterminated */
  ck_assert_int_eq(rec_parse_header(a6, 1, 4, aType, aOff, &nField), SQLITE_CORRUPT);
  ck_assert_int_eq(rec_parse_header(ok, 0, 4, aType, aOff, &nField), SQLITE_CORRUPT);
  u8 a7[] = {0x86, 0x80, 0x84, 0};           /* header size > REC_MAX_HEADER */
  ck_assert_int_eq(rec_parse_header(a7, 4, 4, aType, aOff, &nField), SQLITE_CORRUPT);
  u8 a8[] = {2, 0x8f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f};
  a8[0] = 10;                                /* huge text length */
  ck_assert_int_eq(rec_parse_header(a8, 10, 4, aType, aOff, &nField), SQLITE_CORRUPT);
  u8 a9[] = {1};                             /* empty record: no fields */
  ck_assert_int_eq(rec_parse_header(a9, 1, 4, aType, aOff, &nField), SQLITE_OK);
  ck_assert_int_eq(nField, 0);
}
END_TEST

/* Random bytes never crash the parser and never yield offsets past n. */
START_TEST(test_header_fuzz) {
  u64 s = 42;
  u8 buf[64];
  u64 aType[16];
  u32 aOff[16];
  int nField;
  for (int it = 0; it < 200000; it++) {
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    int n = 1 + (int)((s >> 33) % 40);
    for (int i = 0; i < n; i++) {
      s = s * 6364136223846793005ULL + 1442695040888963407ULL;
      buf[i] = (u8)(s >> 40);
      if (i == 0) buf[i] %= 20;
    }
    if (rec_parse_header(buf, n, 16, aType, aOff, &nField) == SQLITE_OK) {
      for (int i = 0; i < nField; i++) {
        ck_assert_uint_le(aOff[i] + rec_serial_type_len(aType[i]), (u32)n);
      }
    } else {
      ck_assert_int_eq(nField, 0);
    }
  }
}
END_TEST

static Suite *record_suite(void) {
  Suite *s = suite_create("record");
  TCase *tc = tcase_create("core");
  tcase_add_test(tc, test_varint_roundtrip);
  tcase_add_test(tc, test_serial_type_len);
  tcase_add_test(tc, test_int_encoding);
  tcase_add_test(tc, test_real_encoding);
  tcase_add_test(tc, test_header_roundtrip);
  tcase_add_test(tc, test_header_long);
  tcase_add_test(tc, test_header_malformed);
  tcase_add_test(tc, test_header_fuzz);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) {
  SRunner *sr = srunner_create(record_suite());
  srunner_run_all(sr, CK_NORMAL);
  int nFailed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return nFailed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
