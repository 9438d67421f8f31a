/*
 * check_text.c — UTF-8 validation (src/text.h) and its use by the JSON writer.
 *
 * Expected values: RFC 3629, section 4 (the syntax of well-formed UTF-8 byte sequences) and the
 * examples of its section 7; the Unicode Standard, table 3-7 "Well-Formed UTF-8 Byte Sequences".
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "parley/text.h"

START_TEST(test_valid_sequences) {
  ck_assert_uint_eq(pl_text_utf8_seq("A"), 1);
  ck_assert_uint_eq(pl_text_utf8_seq("\xC2\x80"), 2);         /* U+0080, the first 2-byte form */
  ck_assert_uint_eq(pl_text_utf8_seq("\xDF\xBF"), 2);         /* U+07FF */
  ck_assert_uint_eq(pl_text_utf8_seq("\xE0\xA0\x80"), 3);     /* U+0800 */
  ck_assert_uint_eq(pl_text_utf8_seq("\xE2\x80\x93"), 3);     /* U+2013 EN DASH, as in titles */
  ck_assert_uint_eq(pl_text_utf8_seq("\xED\x9F\xBF"), 3);     /* U+D7FF, below the surrogates */
  ck_assert_uint_eq(pl_text_utf8_seq("\xEF\xBF\xBD"), 3);     /* U+FFFD */
  ck_assert_uint_eq(pl_text_utf8_seq("\xF0\x90\x80\x80"), 4); /* U+10000 */
  ck_assert_uint_eq(pl_text_utf8_seq("\xF4\x8F\xBF\xBF"), 4); /* U+10FFFF, the last code point */
}
END_TEST

START_TEST(test_invalid_sequences) {
  ck_assert_uint_eq(pl_text_utf8_seq("\x80"), 0);         /* a stray continuation byte */
  ck_assert_uint_eq(pl_text_utf8_seq("\xC0\xAF"), 0);     /* overlong '/' (RFC 3629, section 10) */
  ck_assert_uint_eq(pl_text_utf8_seq("\xC1\xBF"), 0);     /* overlong */
  ck_assert_uint_eq(pl_text_utf8_seq("\xE0\x80\xAF"), 0); /* overlong 3-byte */
  ck_assert_uint_eq(pl_text_utf8_seq("\xED\xA0\x80"), 0); /* U+D800, a surrogate */
  ck_assert_uint_eq(pl_text_utf8_seq("\xF0\x80\x80\xAF"), 0); /* overlong 4-byte */
  ck_assert_uint_eq(pl_text_utf8_seq("\xF4\x90\x80\x80"), 0); /* U+110000 */
  ck_assert_uint_eq(pl_text_utf8_seq("\xF5\x80\x80\x80"), 0); /* lead byte above F4 */
  ck_assert_uint_eq(pl_text_utf8_seq("\xFF"), 0);
  ck_assert_uint_eq(pl_text_utf8_seq("\xE2\x80"), 0); /* truncated by the end of the text */
  ck_assert_uint_eq(pl_text_utf8_seq("\xE2\x80"
                                     "A"),
                    0); /* truncated by an ASCII byte */
}
END_TEST

/* The JSON writer keeps valid UTF-8 and replaces each invalid byte by U+FFFD. */
START_TEST(test_json_strings_are_valid_utf8) {
  pli_json w;
  pli_json_init(&w);
  pli_json_begin_array(&w, PLI_JSON_INLINE);
  pli_json_string(&w, "Gaza \xE2\x80\x93 talks");
  pli_json_string(&w, "bad \xFF\xC0 end \xE2\x80");
  pli_json_end_array(&w);
  char *text = NULL;
  ck_assert_int_eq(pli_json_finish(&w, &text), PL_OK);
  ck_assert_str_eq(text, "[\"Gaza \xE2\x80\x93 talks\", \"bad \xEF\xBF\xBD\xEF\xBF\xBD end "
                         "\xEF\xBF\xBD\xEF\xBF\xBD\"]\n");
  free(text);
}
END_TEST

int main(void) {
  Suite *s = suite_create("text");
  TCase *tc = tcase_create("utf8");
  tcase_add_test(tc, test_valid_sequences);
  tcase_add_test(tc, test_invalid_sequences);
  tcase_add_test(tc, test_json_strings_are_valid_utf8);
  suite_add_tcase(s, tc);
  SRunner *sr = srunner_create(s);
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
