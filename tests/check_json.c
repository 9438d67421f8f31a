/*
 * check_json.c — the JSON writer (src/json.h), on its own.
 *
 * Expected texts come from RFC 8259 (section 7: a string escapes the quotation mark, the reverse
 * solidus and the control characters U+0000 to U+001F; section 6: no NaN or infinity, so parley
 * writes null), from the layouts of src/json.h (the shape of summary.json in docs/outputs.md:
 * two-space indentation, "ci95": [low, high] on one line, "{}" for an empty object), and from
 * pl_number_format's contract (parley/number.h). Every text is also parsed back with jansson, a
 * parser independent of the writer.
 */
#include <check.h>
#include <float.h>
#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

/* Finishes w, checks it succeeded, parses the text with jansson (which must accept it) and
 * returns the text; *root receives the parsed value (the caller decrefs it). */
static char *finish_ok(pli_json *w, json_t **root) {
  char *text = (char *)1;
  ck_assert_int_eq(pli_json_finish(w, &text), PL_OK);
  ck_assert_ptr_nonnull(text);
  json_error_t err;
  json_t *v = json_loads(text, JSON_DECODE_ANY | JSON_DECODE_INT_AS_REAL, &err);
  ck_assert_msg(v != NULL, "jansson rejects '%s': %s", text, err.text);
  if (root != NULL) {
    *root = v;
  } else {
    json_decref(v);
  }
  return text;
}

/* Finishes w and checks it failed with `want` (and handed out no text). */
static void finish_fails(pli_json *w, pl_status want) {
  char *text = (char *)1;
  ck_assert_int_eq(pli_json_finish(w, &text), want);
  ck_assert_ptr_null(text);
}

START_TEST(test_layouts) {
  /* The shape of summary.json: block objects, an inline array, an empty object. */
  pli_json w;
  pli_json_init(&w);
  pli_json_begin_object(&w, PLI_JSON_BLOCK);
  pli_json_key(&w, "name");
  pli_json_string(&w, "small");
  pli_json_key(&w, "ci95");
  pli_json_begin_array(&w, PLI_JSON_INLINE);
  pli_json_double(&w, 0.25);
  pli_json_double(&w, 0.75);
  pli_json_end_array(&w);
  pli_json_key(&w, "rounds");
  pli_json_begin_object(&w, PLI_JSON_BLOCK);
  pli_json_key(&w, "p50");
  pli_json_double(&w, 3.0);
  pli_json_key(&w, "ok");
  pli_json_bool(&w, 1);
  pli_json_end_object(&w);
  pli_json_key(&w, "empty");
  pli_json_begin_object(&w, PLI_JSON_BLOCK);
  pli_json_end_object(&w);
  pli_json_key(&w, "none");
  pli_json_begin_array(&w, PLI_JSON_BLOCK);
  pli_json_end_array(&w);
  pli_json_key(&w, "list");
  pli_json_begin_array(&w, PLI_JSON_BLOCK);
  pli_json_u64(&w, 1);
  pli_json_null(&w);
  pli_json_end_array(&w);
  pli_json_key(&w, "flag");
  pli_json_bool(&w, 0);
  pli_json_end_object(&w);
  char *text = finish_ok(&w, NULL);
  ck_assert_str_eq(text, "{\n"
                         "  \"name\": \"small\",\n"
                         "  \"ci95\": [0.25, 0.75],\n"
                         "  \"rounds\": {\n"
                         "    \"p50\": 3,\n"
                         "    \"ok\": true\n"
                         "  },\n"
                         "  \"empty\": {},\n"
                         "  \"none\": [],\n"
                         "  \"list\": [\n"
                         "    1,\n"
                         "    null\n"
                         "  ],\n"
                         "  \"flag\": false\n"
                         "}\n");
  free(text);

  /* A flush array (sweep --json): elements at the array's own indentation; an inline object
   * keeps what it contains on its line. */
  pli_json_init(&w);
  pli_json_begin_array(&w, PLI_JSON_FLUSH);
  for (int k = 0; k < 2; k++) {
    pli_json_begin_object(&w, PLI_JSON_BLOCK);
    pli_json_key(&w, "point");
    pli_json_begin_object(&w, PLI_JSON_INLINE);
    pli_json_key(&w, "a.b");
    pli_json_double(&w, 0.1 * (k + 1));
    pli_json_key(&w, "c");
    pli_json_begin_object(&w, PLI_JSON_BLOCK); /* inside an inline object: inline too */
    pli_json_key(&w, "d");
    pli_json_u64(&w, 7);
    pli_json_end_object(&w);
    pli_json_end_object(&w);
    pli_json_key(&w, "trials");
    pli_json_u64(&w, 100);
    pli_json_end_object(&w);
  }
  pli_json_end_array(&w);
  text = finish_ok(&w, NULL);
  ck_assert_str_eq(text, "[\n"
                         "{\n"
                         "  \"point\": {\"a.b\": 0.1, \"c\": {\"d\": 7}},\n"
                         "  \"trials\": 100\n"
                         "},\n"
                         "{\n"
                         "  \"point\": {\"a.b\": 0.2, \"c\": {\"d\": 7}},\n"
                         "  \"trials\": 100\n"
                         "}\n"
                         "]\n");
  free(text);

  /* Empty containers and a bare value at the top. */
  pli_json_init(&w);
  pli_json_begin_object(&w, PLI_JSON_BLOCK);
  pli_json_end_object(&w);
  text = finish_ok(&w, NULL);
  ck_assert_str_eq(text, "{}\n");
  free(text);
  pli_json_init(&w);
  pli_json_begin_array(&w, PLI_JSON_FLUSH);
  pli_json_end_array(&w);
  text = finish_ok(&w, NULL);
  ck_assert_str_eq(text, "[]\n");
  free(text);
  pli_json_init(&w);
  pli_json_string(&w, "x");
  text = finish_ok(&w, NULL);
  ck_assert_str_eq(text, "\"x\"\n");
  free(text);
}
END_TEST

START_TEST(test_string_escapes) {
  /* RFC 8259 section 7: quote, backslash and U+0000..U+001F escaped (\n \t \r short, the others
   * as \u00XX); '/', DEL and UTF-8 bytes pass through unchanged. */
  char all_controls[32];
  for (int c = 1; c < 32; c++) {
    all_controls[c - 1] = (char)c;
  }
  all_controls[31] = '\0';
  pli_json w;
  pli_json_init(&w);
  pli_json_begin_array(&w, PLI_JSON_BLOCK);
  pli_json_string(&w, "say \"hi\" \\ a/b");
  pli_json_string(&w, "line\nbreak\ttab\rret\x7f");
  pli_json_string(&w, "caf\xc3\xa9 \xe2\x82\xac"); /* "café €" in UTF-8 */
  pli_json_string(&w, all_controls);
  pli_json_string(&w, "");
  pli_json_string(&w, NULL); /* null */
  pli_json_end_array(&w);
  json_t *root = NULL;
  char *text = finish_ok(&w, &root);
  ck_assert_ptr_nonnull(strstr(text, "\n  \"say \\\"hi\\\" \\\\ a/b\",\n"));
  ck_assert_ptr_nonnull(strstr(text, "\n  \"line\\nbreak\\ttab\\rret\x7f\",\n"));
  ck_assert_ptr_nonnull(strstr(text, "\n  \"caf\xc3\xa9 \xe2\x82\xac\",\n"));
  ck_assert_ptr_nonnull(strstr(text, "\n  \"\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007"
                                     "\\u0008\\t\\n\\u000b\\u000c\\r\\u000e\\u000f\\u0010"));
  ck_assert_ptr_nonnull(strstr(text, "\\u001e\\u001f\",\n  \"\",\n  null\n]\n"));
  /* The parser reads back exactly the strings given. */
  ck_assert_str_eq(json_string_value(json_array_get(root, 0)), "say \"hi\" \\ a/b");
  ck_assert_str_eq(json_string_value(json_array_get(root, 1)), "line\nbreak\ttab\rret\x7f");
  ck_assert_str_eq(json_string_value(json_array_get(root, 3)), all_controls);
  ck_assert(json_is_null(json_array_get(root, 5)));
  json_decref(root);
  free(text);

  /* Keys are escaped the same way. */
  pli_json_init(&w);
  pli_json_begin_object(&w, PLI_JSON_INLINE);
  pli_json_key(&w, "a\"b\x01");
  pli_json_u64(&w, 1);
  pli_json_end_object(&w);
  text = finish_ok(&w, NULL);
  ck_assert_str_eq(text, "{\"a\\\"b\\u0001\": 1}\n");
  free(text);
}
END_TEST

START_TEST(test_numbers) {
  /* Doubles as pl_number_format writes them (parley/number.h: the shortest text that reads back,
   * whole numbers below 10^15 as integers); NaN and infinities as null (RFC 8259 section 6 has
   * neither); uint64 in full, 2^63 and 2^64 - 1 included (jansson's json_int_t would wrap). */
  static const struct {
    double x;
    const char *text;
  } cases[] = {{0.1, "0.1"},
               {0.1 + 0.2, "0.30000000000000004"},
               {1.0 / 3.0, "0.3333333333333333"},
               {30.0, "30"},
               {-2.0, "-2"},
               {0.0, "0"},
               {1e-300, "1e-300"},
               {1e300, "1e+300"},
               {5e-324, "5e-324"},
               {1e15, "1e+15"},
               {123456789012345.0, "123456789012345"},
               {-0.25, "-0.25"},
               {DBL_MAX, "1.7976931348623157e+308"}};
  size_t n = sizeof cases / sizeof cases[0];
  pli_json w;
  pli_json_init(&w);
  pli_json_begin_array(&w, PLI_JSON_INLINE);
  for (size_t k = 0; k < n; k++) {
    pli_json_double(&w, cases[k].x);
  }
  pli_json_double(&w, NAN);
  pli_json_double(&w, INFINITY);
  pli_json_double(&w, -INFINITY);
  pli_json_u64(&w, 0);
  pli_json_u64(&w, (uint64_t)1 << 63);
  pli_json_u64(&w, UINT64_MAX);
  pli_json_end_array(&w);
  json_t *root = NULL;
  char *text = finish_ok(&w, &root);
  char want[1024] = "[";
  for (size_t k = 0; k < n; k++) {
    strcat(want, cases[k].text);
    strcat(want, ", ");
    /* and it reads back to the same double */
    ck_assert(json_real_value(json_array_get(root, k)) == cases[k].x);
  }
  strcat(want, "null, null, null, 0, 9223372036854775808, 18446744073709551615]\n");
  ck_assert_str_eq(text, want);
  json_decref(root);
  free(text);
}
END_TEST

START_TEST(test_misuse) {
  /* Calls out of place are recorded, later calls do nothing, and finish reports PL_EINVAL. */
  pli_json w;
  pli_json_init(&w); /* a value in an object without a key */
  pli_json_begin_object(&w, PLI_JSON_BLOCK);
  pli_json_u64(&w, 1);
  pli_json_end_object(&w);
  finish_fails(&w, PL_EINVAL);

  pli_json_init(&w); /* a key in an array */
  pli_json_begin_array(&w, PLI_JSON_BLOCK);
  pli_json_key(&w, "k");
  pli_json_end_array(&w);
  finish_fails(&w, PL_EINVAL);

  pli_json_init(&w); /* a key at the top */
  pli_json_key(&w, "k");
  finish_fails(&w, PL_EINVAL);

  pli_json_init(&w); /* two keys in a row */
  pli_json_begin_object(&w, PLI_JSON_BLOCK);
  pli_json_key(&w, "a");
  pli_json_key(&w, "b");
  finish_fails(&w, PL_EINVAL);

  pli_json_init(&w); /* a key without its value, then the end */
  pli_json_begin_object(&w, PLI_JSON_BLOCK);
  pli_json_key(&w, "a");
  pli_json_end_object(&w);
  finish_fails(&w, PL_EINVAL);

  pli_json_init(&w); /* an end of the other kind */
  pli_json_begin_object(&w, PLI_JSON_BLOCK);
  pli_json_end_array(&w);
  finish_fails(&w, PL_EINVAL);

  pli_json_init(&w); /* an end with nothing open */
  pli_json_end_object(&w);
  finish_fails(&w, PL_EINVAL);

  pli_json_init(&w); /* not closed */
  pli_json_begin_array(&w, PLI_JSON_BLOCK);
  pli_json_u64(&w, 1);
  finish_fails(&w, PL_EINVAL);

  pli_json_init(&w); /* nothing written */
  finish_fails(&w, PL_EINVAL);

  pli_json_init(&w); /* two top-level values */
  pli_json_u64(&w, 1);
  pli_json_u64(&w, 2);
  finish_fails(&w, PL_EINVAL);

  pli_json_init(&w); /* nesting one deeper than PLI_JSON_MAX_DEPTH */
  for (int k = 0; k <= PLI_JSON_MAX_DEPTH; k++) {
    pli_json_begin_array(&w, PLI_JSON_BLOCK);
  }
  for (int k = 0; k <= PLI_JSON_MAX_DEPTH; k++) {
    pli_json_end_array(&w);
  }
  finish_fails(&w, PL_EINVAL);

  pli_json_init(&w); /* exactly PLI_JSON_MAX_DEPTH is fine */
  for (int k = 0; k < PLI_JSON_MAX_DEPTH; k++) {
    pli_json_begin_array(&w, PLI_JSON_INLINE);
  }
  for (int k = 0; k < PLI_JSON_MAX_DEPTH; k++) {
    pli_json_end_array(&w);
  }
  free(finish_ok(&w, NULL));

  /* An abandoned writer is freed by pli_json_discard (the sanitizer build checks for leaks). */
  pli_json_init(&w);
  pli_json_begin_object(&w, PLI_JSON_BLOCK);
  pli_json_key(&w, "a");
  pli_json_string(&w, "b");
  pli_json_discard(&w);
  pli_json_discard(&w);
}
END_TEST

static Suite *json_suite(void) {
  Suite *s = suite_create("json");
  TCase *tc = tcase_create("writer");
  tcase_add_test(tc, test_layouts);
  tcase_add_test(tc, test_string_escapes);
  tcase_add_test(tc, test_numbers);
  tcase_add_test(tc, test_misuse);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) {
  SRunner *sr = srunner_create(json_suite());
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
