/* util_test.c: varints, big-endian helpers, case folding and the
** allocator's accounting and fault injection (engine/util.c, mem.c). */
#include <check.h>
#include <ctype.h>
#include <stdlib.h>
#include "engine/core.h"

START_TEST(test_varint_roundtrip) {
  u64 seed = 0x9e3779b97f4a7c15ULL;
  for (int i = 0; i < 200000; i++) {
    seed ^= seed << 13; seed ^= seed >> 7; seed ^= seed << 17;
    u64 v = seed >> (seed % 64);
    u8 buf[9];
    int n = varint_put(buf, v);
    u64 w;
    ck_assert_int_eq(n, varint_len(v));
    ck_assert_int_eq(varint_get(buf, &w), n);
    ck_assert_uint_eq(v, w);
    ck_assert_int_eq(varint_get_safe(buf, buf + n, &w), n);
    ck_assert_uint_eq(v, w);
    if (n > 1) ck_assert_int_eq(varint_get_safe(buf, buf + n - 1, &w), 0);
  }
}
END_TEST

START_TEST(test_varint_known_encodings) {
  u8 buf[9];
  ck_assert_int_eq(varint_put(buf, 127), 1);
  ck_assert_int_eq(buf[0], 0x7f);
  ck_assert_int_eq(varint_put(buf, 128), 2);
  ck_assert_int_eq(buf[0], 0x81);
  ck_assert_int_eq(buf[1], 0x00);
  ck_assert_int_eq(varint_put(buf, ~0ULL), 9);
  for (int i = 0; i < 9; i++) ck_assert_int_eq(buf[i], 0xff);
  u32 v32;
  ck_assert_int_eq(varint_get32(buf, &v32), 9);
  ck_assert_uint_eq(v32, 0xffffffffU);
}
END_TEST

START_TEST(test_bigendian) {
  u8 b[4];
  put4(b, 0x01020304);
  ck_assert_int_eq(b[0], 1);
  ck_assert_int_eq(b[3], 4);
  ck_assert_uint_eq(get4(b), 0x01020304);
  put2(b, 0xfffe);
  ck_assert_uint_eq(get2(b), 0xfffe);
}
END_TEST

START_TEST(test_case_fold) {
  for (int i = 0; i < 256; i++) {
    int want = i < 128 ? tolower(i) : i;
    ck_assert_int_eq(core_upper_to_lower[i], want);
  }
  ck_assert_int_eq(str_icmp("ABC", "abc"), 0);
  ck_assert_int_lt(str_icmp("abc", "abd"), 0);
  ck_assert_int_eq(str_nicmp("abcX", "ABCy", 3), 0);
}
END_TEST

START_TEST(test_mem_accounting_and_faults) {
  i64 base = mem_used();
  char *p = mem_malloc(100);
  ck_assert_ptr_nonnull(p);
  ck_assert_uint_eq(mem_size(p), 100);
  ck_assert_int_eq(mem_used(), base + 100);
  p = mem_realloc(p, 1000);
  ck_assert_uint_eq(mem_size(p), 1000);
  mem_free(p);
  ck_assert_int_eq(mem_used(), base);
  mem_fault_countdown(2, 0);
  void *a = mem_malloc(8);
  void *b = mem_malloc(8);
  void *c = mem_malloc(8);
  ck_assert_ptr_nonnull(a);
  ck_assert_ptr_null(b);
  ck_assert_ptr_nonnull(c);
  mem_free(a);
  mem_free(c);
  char *d = mem_strndup("hello", 3);
  ck_assert_str_eq(d, "hel");
  mem_free(d);
}
END_TEST

int main(void) {
  Suite *s = suite_create("util");
  TCase *tc = tcase_create("core");
  tcase_add_test(tc, test_varint_roundtrip);
  tcase_add_test(tc, test_varint_known_encodings);
  tcase_add_test(tc, test_bigendian);
  tcase_add_test(tc, test_case_fold);
  tcase_add_test(tc, test_mem_accounting_and_faults);
  suite_add_tcase(s, tc);
  SRunner *sr = srunner_create(s);
  srunner_run_all(sr, CK_NORMAL);
  int nFail = srunner_ntests_failed(sr);
  srunner_free(sr);
  return nFail == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
