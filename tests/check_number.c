/*
 * check_number.c — the one grammar for numbers, the shortest round-trip format, the grid and the
 * duplicate finder (parley/number.h).
 *
 * Where the expected values come from:
 * - the grammar is libconfig's (scanner.l of libconfig 1.5: integer [-+]?[0-9]+, hex
 *   0[Xx][0-9A-Fa-f]+, both optionally followed by L or LL; float [-+]?[0-9]*\.[0-9]*
 *   ([eE][-+]?[0-9]+)? or [-+]?[0-9]+(\.[0-9]*)?[eE][-+]?[0-9]+), as number.h restates it;
 *   2^64 - 1 = 18446744073709551615 = 0xFFFFFFFFFFFFFFFF is UINT64_MAX (C11 7.20.2.1);
 * - the format: C11 5.2.4.2.2 (DBL_DECIMAL_DIG = 17 digits always read back to the same double)
 *   and IEEE 754-2008 5.12.2; C11 7.21.6.1 (%f and %g of -0.0 print the sign); 2^53 + 1 is the
 *   first integer a double cannot hold (DBL_MANT_DIG = 53), so it reads as 2^53 (round to
 *   nearest, ties to even);
 * - the grid: number.h's contract (first = FROM, last = TO, inner values rounded to 15
 *   significant digits, DBL_DIG = 15 being the digits a double always keeps, C11 5.2.4.2.2).
 */
#include <check.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parley/number.h"

/* ---- pl_number_parse_u64 ----------------------------------------------------------------- */

START_TEST(test_u64_accepts) {
  static const struct {
    const char *text;
    uint64_t want;
  } cases[] = {
      {"0", 0},
      {"7", 7},
      {"16", 16},
      {"010", 10}, /* decimal with leading zeros, never octal (libconfig reads [0-9]+ as decimal) */
      {"0x10", 16},
      {"0X10", 16},
      {"0xff", 255},
      {"0xFF", 255},
      {"0xaBc", 0xABC},
      {"16L", 16},
      {"16LL", 16},
      {"0x10L", 16},
      {"0x10LL", 16},
      {"3000L", 3000},
      {"+16", 16},
      {"+16L", 16},
      {"-0", 0}, /* minus zero is zero, not a negative number */
      {"20240819", 20240819},
      {"18446744073709551615", UINT64_MAX},
      {"18446744073709551615L", UINT64_MAX},
      {"0xFFFFFFFFFFFFFFFF", UINT64_MAX},
      {"0xffffffffffffffffLL", UINT64_MAX},
      {"0x0000000000000000000001", 1}, /* leading zeros do not count against 64 bits */
      {"9223372036854775808", UINT64_C(9223372036854775808)}, /* 2^63 */
  };
  for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
    uint64_t v = 12345;
    pl_number_result r = pl_number_parse_u64(cases[c].text, &v);
    ck_assert_msg(r == PL_NUMBER_OK, "'%s': result %d", cases[c].text, (int)r);
    ck_assert_msg(v == cases[c].want, "'%s' read as %llu", cases[c].text, (unsigned long long)v);
  }
}
END_TEST

START_TEST(test_u64_rejects) {
  static const struct {
    const char *text;
    pl_number_result want;
  } cases[] = {
      {"", PL_NUMBER_SYNTAX},
      {" 1", PL_NUMBER_SYNTAX},
      {"1 ", PL_NUMBER_SYNTAX},
      {"\t1", PL_NUMBER_SYNTAX},
      {"1\n", PL_NUMBER_SYNTAX},
      {"1.0", PL_NUMBER_NOT_INTEGER}, /* a real of the grammar, not an integer */
      {"1.5L", PL_NUMBER_SYNTAX},
      {"1e3", PL_NUMBER_NOT_INTEGER},
      {"0x", PL_NUMBER_SYNTAX},
      {"0xL", PL_NUMBER_SYNTAX},
      {"0xg", PL_NUMBER_SYNTAX},
      {"x10", PL_NUMBER_SYNTAX},
      {"0x1p3", PL_NUMBER_SYNTAX},
      {"+0x10", PL_NUMBER_SYNTAX}, /* libconfig's hex has no sign */
      {"-0x10", PL_NUMBER_SYNTAX},
      {"--5", PL_NUMBER_SYNTAX},
      {"+-5", PL_NUMBER_SYNTAX},
      {"++5", PL_NUMBER_SYNTAX},
      {"-", PL_NUMBER_SYNTAX},
      {"+", PL_NUMBER_SYNTAX},
      {"L", PL_NUMBER_SYNTAX},
      {"16LLL", PL_NUMBER_SYNTAX},
      {"16l", PL_NUMBER_SYNTAX}, /* libconfig's suffix is upper case only */
      {"16U", PL_NUMBER_SYNTAX},
      {"1L5", PL_NUMBER_SYNTAX},
      {"1_000", PL_NUMBER_SYNTAX},
      {"1,000", PL_NUMBER_SYNTAX},
      {"inf", PL_NUMBER_SYNTAX},
      {"nan", PL_NUMBER_SYNTAX},
      {"abc", PL_NUMBER_SYNTAX},
      {"18446744073709551616", PL_NUMBER_RANGE}, /* 2^64 */
      {"18446744073709551616L", PL_NUMBER_RANGE},
      {"0x10000000000000000", PL_NUMBER_RANGE},
      {"99999999999999999999", PL_NUMBER_RANGE},
      {"184467440737095516150", PL_NUMBER_RANGE},
      {"-1", PL_NUMBER_NEGATIVE},
      {"-16L", PL_NUMBER_NEGATIVE},
      {"-18446744073709551615", PL_NUMBER_NEGATIVE},
  };
  for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
    uint64_t v = 12345;
    pl_number_result r = pl_number_parse_u64(cases[c].text, &v);
    ck_assert_msg(r == cases[c].want, "'%s': result %d, expected %d", cases[c].text, (int)r,
                  (int)cases[c].want);
    ck_assert_msg(v == 12345, "'%s': *out written on failure", cases[c].text);
  }
  uint64_t v = 12345;
  ck_assert_int_eq(pl_number_parse_u64(NULL, &v), PL_NUMBER_SYNTAX);
  ck_assert_uint_eq(v, 12345);
}
END_TEST

/* Every value 0..100000 and every power of two written in decimal, hex and with the suffixes
 * reads back as itself (printf's %llu and %llx are the reference writers). */
START_TEST(test_u64_round_trip) {
  char buf[64];
  for (uint64_t k = 0; k <= 100000; k += (k < 1000 ? 1 : 997)) {
    unsigned long long u = (unsigned long long)k;
    for (int f = 0; f < 6; f++) {
      switch (f) {
      case 0:
        snprintf(buf, sizeof buf, "%llu", u);
        break;
      case 1:
        snprintf(buf, sizeof buf, "0x%llx", u);
        break;
      case 2:
        snprintf(buf, sizeof buf, "0X%llX", u);
        break;
      case 3:
        snprintf(buf, sizeof buf, "%lluL", u);
        break;
      case 4:
        snprintf(buf, sizeof buf, "%lluLL", u);
        break;
      default:
        snprintf(buf, sizeof buf, "0x%llxL", u);
      }
      uint64_t v = 0;
      if (pl_number_parse_u64(buf, &v) != PL_NUMBER_OK || v != k) {
        ck_abort_msg("'%s' read as %llu", buf, (unsigned long long)v);
      }
    }
  }
  for (int b = 0; b < 64; b++) {
    uint64_t k = UINT64_C(1) << b;
    snprintf(buf, sizeof buf, "%llu", (unsigned long long)k);
    uint64_t v = 0;
    ck_assert_int_eq(pl_number_parse_u64(buf, &v), PL_NUMBER_OK);
    ck_assert(v == k);
    snprintf(buf, sizeof buf, "0x%llx", (unsigned long long)(k - 1 + k)); /* 2^(b+1) - 1 */
    ck_assert_int_eq(pl_number_parse_u64(buf, &v), PL_NUMBER_OK);
    ck_assert(v == k - 1 + k);
  }
}
END_TEST

/* ---- pl_number_parse_double -------------------------------------------------------------- */

START_TEST(test_double_accepts) {
  static const struct {
    const char *text;
    double want;
  } cases[] = {
      {"0", 0.0},
      {"1", 1.0},
      {"-1", -1.0},
      {"+1", 1.0},
      {"0.1", 0.1},
      {"-0.5", -0.5},
      {"+0.25", 0.25},
      {".5", 0.5},
      {"-.5", -0.5},
      {"5.", 5.0},
      {"1e3", 1000.0},
      {"1E3", 1000.0},
      {"1e+3", 1000.0},
      {"1e-3", 0.001},
      {"-2.5e-3", -0.0025},
      {"1.5E+2", 150.0},
      {"0x10", 16.0},
      {"0X1f", 31.0},
      {"16L", 16.0},
      {"-16L", -16.0},
      {"+16LL", 16.0},
      {"0x10L", 16.0},
      {"18446744073709551615L", 18446744073709551616.0}, /* 2^64 - 1 rounds to 2^64 */
      {"0xFFFFFFFFFFFFFFFF", 18446744073709551616.0},
      {"9007199254740993", 9007199254740992.0}, /* 2^53 + 1 rounds to 2^53 (ties to even) */
      {"9007199254740993L", 9007199254740992.0},
      {"1.7976931348623157e308", DBL_MAX},
      {"-1.7976931348623157e308", -DBL_MAX},
      {"2.2250738585072014e-308", DBL_MIN},
      {"4.9406564584124654e-324", 4.9406564584124654e-324}, /* the least subnormal */
      {"0.30000000000000004", 0.30000000000000004},
  };
  for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
    double v = 42.0;
    pl_number_result r = pl_number_parse_double(cases[c].text, &v);
    ck_assert_msg(r == PL_NUMBER_OK, "'%s': result %d", cases[c].text, (int)r);
    ck_assert_msg(v == cases[c].want, "'%s' read as %.17g", cases[c].text, v);
  }
  double v = 42.0;
  ck_assert_int_eq(pl_number_parse_double("-0", &v), PL_NUMBER_OK);
  ck_assert(v == 0.0);
  ck_assert_int_eq(pl_number_parse_double("-0.0", &v), PL_NUMBER_OK);
  ck_assert(v == 0.0 && signbit(v));
  /* Below the least subnormal, strtod rounds to zero (C11 7.22.1.3): a number that is not 0 but
   * would be read as 0 is refused (the loader refuses it in files too: cfgread.c), while zeros
   * written with an exponent and the least subnormal are numbers. */
  ck_assert_int_eq(pl_number_parse_double("1e-999", &v), PL_NUMBER_RANGE);
  ck_assert_int_eq(pl_number_parse_double("-2.5e-400", &v), PL_NUMBER_RANGE);
  ck_assert_int_eq(pl_number_parse_double("0e-999", &v), PL_NUMBER_OK);
  ck_assert(v == 0.0);
  ck_assert_int_eq(pl_number_parse_double("0.000e5", &v), PL_NUMBER_OK);
  ck_assert(v == 0.0);
  ck_assert_int_eq(pl_number_parse_double("4.9406564584124654e-324", &v), PL_NUMBER_OK);
  ck_assert(v > 0.0);
}
END_TEST

START_TEST(test_double_rejects) {
  static const struct {
    const char *text;
    pl_number_result want;
  } cases[] = {
      {"", PL_NUMBER_SYNTAX},
      {" 1", PL_NUMBER_SYNTAX},
      {"1 ", PL_NUMBER_SYNTAX},
      {" 0.5", PL_NUMBER_SYNTAX},
      {"0.5\n", PL_NUMBER_SYNTAX},
      {"inf", PL_NUMBER_SYNTAX},
      {"-inf", PL_NUMBER_SYNTAX},
      {"INF", PL_NUMBER_SYNTAX},
      {"infinity", PL_NUMBER_SYNTAX},
      {"nan", PL_NUMBER_SYNTAX},
      {"NAN", PL_NUMBER_SYNTAX},
      {"nan(1)", PL_NUMBER_SYNTAX},
      {"0x1p3", PL_NUMBER_SYNTAX}, /* a C99 hexadecimal float: strtod reads it, libconfig not */
      {"0x1.8", PL_NUMBER_SYNTAX},
      {"0x", PL_NUMBER_SYNTAX},
      {"-0x10", PL_NUMBER_SYNTAX},
      {"+0x10", PL_NUMBER_SYNTAX},
      {"1.5L", PL_NUMBER_SYNTAX},
      {"1e5L", PL_NUMBER_SYNTAX},
      {"1e", PL_NUMBER_SYNTAX},
      {"1e+", PL_NUMBER_SYNTAX},
      {"1e-", PL_NUMBER_SYNTAX},
      {"e5", PL_NUMBER_SYNTAX},
      {".e5", PL_NUMBER_SYNTAX},
      {".", PL_NUMBER_SYNTAX},
      {"-", PL_NUMBER_SYNTAX},
      {"+", PL_NUMBER_SYNTAX},
      {"--5", PL_NUMBER_SYNTAX},
      {"+-5", PL_NUMBER_SYNTAX},
      {"1.2.3", PL_NUMBER_SYNTAX},
      {"1,5", PL_NUMBER_SYNTAX},
      {"1e1.5", PL_NUMBER_SYNTAX},
      {"0.5x", PL_NUMBER_SYNTAX},
      {"16l", PL_NUMBER_SYNTAX},
      {"1e999", PL_NUMBER_RANGE},
      {"-1e999", PL_NUMBER_RANGE},
      {"1.8e308", PL_NUMBER_RANGE},
      {"18446744073709551616L", PL_NUMBER_RANGE}, /* an integer literal beyond 2^64 - 1 */
      {"0x10000000000000000", PL_NUMBER_RANGE},
  };
  for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
    double v = 42.0;
    pl_number_result r = pl_number_parse_double(cases[c].text, &v);
    ck_assert_msg(r == cases[c].want, "'%s': result %d, expected %d", cases[c].text, (int)r,
                  (int)cases[c].want);
    ck_assert_msg(v == 42.0, "'%s': *out written on failure", cases[c].text);
  }
  double v = 42.0;
  ck_assert_int_eq(pl_number_parse_double(NULL, &v), PL_NUMBER_SYNTAX);
  ck_assert(v == 42.0);
}
END_TEST

/* One grammar: every text the integer parser accepts, the real parser accepts with the same
 * value (converted to double). */
START_TEST(test_integer_is_real) {
  static const char *texts[] = {
      "0", "16", "0x10", "16L", "0x10LL", "+7", "-0", "20240819", "18446744073709551615"};
  for (size_t c = 0; c < sizeof texts / sizeof texts[0]; c++) {
    uint64_t u = 0;
    double d = 0.0;
    ck_assert_int_eq(pl_number_parse_u64(texts[c], &u), PL_NUMBER_OK);
    ck_assert_int_eq(pl_number_parse_double(texts[c], &d), PL_NUMBER_OK);
    ck_assert_msg(d == (double)u, "'%s': %.17g vs %llu", texts[c], d, (unsigned long long)u);
  }
}
END_TEST

START_TEST(test_result_string) {
  const char *ok = pl_number_result_string(PL_NUMBER_OK);
  const char *syn = pl_number_result_string(PL_NUMBER_SYNTAX);
  const char *rng = pl_number_result_string(PL_NUMBER_RANGE);
  const char *neg = pl_number_result_string(PL_NUMBER_NEGATIVE);
  ck_assert(ok != NULL && syn != NULL && rng != NULL && neg != NULL);
  ck_assert(strlen(syn) > 0 && strlen(rng) > 0 && strlen(neg) > 0);
  ck_assert_str_ne(syn, rng);
  ck_assert_str_ne(syn, neg);
  ck_assert_str_ne(rng, neg);
  ck_assert_ptr_nonnull(strstr(syn, "not a number"));
  ck_assert_ptr_nonnull(strstr(rng, "out of range"));
  ck_assert_ptr_nonnull(strstr(neg, "negative"));
}
END_TEST

/* ---- pl_number_format -------------------------------------------------------------------- */

/* Significant digits of a decimal text: the digits of its mantissa without leading zeros or
 * trailing zeros ("0.100" -> 1, "120" -> 2, "1.5e-300" -> 2). */
static int sig_digits(const char *s) {
  int n = 0, trailing = 0, started = 0;
  for (const char *p = s; *p != '\0' && *p != 'e' && *p != 'E'; p++) {
    if (*p < '0' || *p > '9') {
      continue;
    }
    if (*p != '0') {
      started = 1;
    }
    if (started) {
      n++;
      trailing = *p == '0' ? trailing + 1 : 0;
    }
  }
  return n - trailing;
}

/* x's text reads back as x, bit for bit (the sign of zero included), and no decimal with fewer
 * significant digits does: %.{k}g prints the correctly rounded k-digit decimal (C11 7.21.6.1,
 * glibc rounds exactly), and if no k-digit decimal rounded that way reads back, none does.
 * Asserts only on failure: Check records every passing assertion, too slow for 10^5 values. */
static void check_shortest(double x) {
  char buf[PL_NUMBER_BUFSIZE];
  size_t n = pl_number_format(x, buf);
  if (n != strlen(buf) || n >= PL_NUMBER_BUFSIZE) {
    ck_abort_msg("%.17g: length %zu for '%s'", x, n, buf);
  }
  double back = strtod(buf, NULL);
  if (memcmp(&back, &x, sizeof x) != 0) {
    ck_abort_msg("%.17g written as '%s' reads %.17g", x, buf, back);
  }
  int k = sig_digits(buf);
  if (k < (x != 0.0) || k > 17) {
    ck_abort_msg("'%s': %d significant digits", buf, k);
  }
  if (k > 1) {
    char shorter[64];
    snprintf(shorter, sizeof shorter, "%.*g", k - 1, x);
    if (strtod(shorter, NULL) == x) {
      ck_abort_msg("%.17g written as '%s' but '%s' reads back", x, buf, shorter);
    }
  }
}

START_TEST(test_format_known) {
  static const struct {
    double x;
    const char *want;
  } cases[] = {
      {0.0, "0"},
      {-0.0, "-0"}, /* %.0f keeps the sign (C11 7.21.6.1), and "-0" reads back as -0 */
      {1.0, "1"},
      {30.0, "30"},
      {-2.0, "-2"},
      {100.0, "100"},
      {20240819.0, "20240819"},
      {999999999999999.0, "999999999999999"}, /* the largest whole number written as an integer */
      {1e15, "1e+15"},
      {9007199254740993.0, "9007199254740992"}, /* 2^53 + 1 is stored as 2^53; %.16g */
      {0.1, "0.1"},
      {0.5, "0.5"},
      {-0.25, "-0.25"},
      {123.456, "123.456"},
      {1.0 / 3.0, "0.3333333333333333"}, /* 16 digits: 15 read back as another double */
      {2.0 / 3.0, "0.6666666666666666"},
      {0.1 + 0.2, "0.30000000000000004"}, /* 17 digits, the most binary64 ever needs */
      {1e-300, "1e-300"},
      {1e100, "1e+100"},
      {1.5e-7, "1.5e-07"},
      {DBL_MAX, "1.7976931348623157e+308"},
      {DBL_MIN, "2.2250738585072014e-308"},
      {4.9406564584124654e-324, "5e-324"}, /* the least subnormal: one digit is enough */
  };
  for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
    char buf[PL_NUMBER_BUFSIZE];
    size_t n = pl_number_format(cases[c].x, buf);
    ck_assert_msg(strcmp(buf, cases[c].want) == 0, "%.17g written as '%s', expected '%s'",
                  cases[c].x, buf, cases[c].want);
    ck_assert_uint_eq(n, strlen(cases[c].want));
    check_shortest(cases[c].x);
  }
}
END_TEST

START_TEST(test_format_non_finite) {
  char buf[PL_NUMBER_BUFSIZE];
  ck_assert_uint_eq(pl_number_format(NAN, buf), 3);
  ck_assert_str_eq(buf, "nan");
  ck_assert_uint_eq(pl_number_format(INFINITY, buf), 3);
  ck_assert_str_eq(buf, "inf");
  ck_assert_uint_eq(pl_number_format(-INFINITY, buf), 4);
  ck_assert_str_eq(buf, "-inf");
}
END_TEST

/* Many doubles of every magnitude: decimals k / 10^d, whole numbers near 10^15 and 2^53, and
 * random bit patterns (a 64-bit LCG, Knuth, TAOCP vol. 2, 3.3.4, table 1, line 26: multiplier
 * 6364136223846793005, increment 1442695040888963407). Each must read back and be shortest. */
START_TEST(test_format_round_trip) {
  for (int d = 0; d <= 6; d++) {
    double scale = pow(10.0, d);
    for (int k = -1000; k <= 1000; k += 7) {
      check_shortest((double)k / scale);
    }
  }
  for (double x = 999999999999990.0; x <= 1000000000000010.0; x += 1.0) {
    check_shortest(x);
    check_shortest(x + 0.5);
    check_shortest(-x);
  }
  for (int64_t i = 9007199254740980; i <= 9007199254741010; i++) { /* around 2^53 */
    check_shortest((double)i);
  }
  uint64_t state = 20240819;
  int tested = 0;
  while (tested < 100000) {
    state = state * UINT64_C(6364136223846793005) + UINT64_C(1442695040888963407);
    double x;
    memcpy(&x, &state, sizeof x);
    if (isfinite(x)) {
      check_shortest(x);
      tested++;
    }
  }
}
END_TEST

/* ---- pl_number_grid ---------------------------------------------------------------------- */

START_TEST(test_grid_tenths) {
  /* The example: 0:0.3:4 is 0, 0.1, 0.2, 0.3 (the doubles of those literals), not
   * 0.09999999999999999 = 0.3 * (1/3). */
  double v[11];
  pl_number_grid(0.0, 0.3, 4, v);
  ck_assert(v[0] == 0.0 && v[1] == 0.1 && v[2] == 0.2 && v[3] == 0.3);
  char buf[PL_NUMBER_BUFSIZE];
  pl_number_format(v[1], buf);
  ck_assert_str_eq(buf, "0.1");
  /* 0:1:11 and 0:0.7:8 are tenths too, each the double of its literal "0.k". */
  static const struct {
    double to;
    size_t steps;
  } tenths[] = {{1.0, 11}, {0.7, 8}, {0.9, 10}};
  for (size_t c = 0; c < sizeof tenths / sizeof tenths[0]; c++) {
    pl_number_grid(0.0, tenths[c].to, tenths[c].steps, v);
    for (size_t k = 0; k < tenths[c].steps; k++) {
      char lit[48];
      snprintf(lit, sizeof lit, "%zu.%zu", k / 10, k % 10);
      ck_assert_msg(v[k] == strtod(lit, NULL), "0:%g:%zu value %zu is %.17g, not %s", tenths[c].to,
                    tenths[c].steps, k, v[k], lit);
    }
  }
}
END_TEST

START_TEST(test_grid_ends_and_order) {
  double v[5];
  /* STEPS = 1: FROM alone. */
  v[1] = 99.0;
  pl_number_grid(0.25, 0.75, 1, v);
  ck_assert(v[0] == 0.25 && v[1] == 99.0);
  /* Two steps: exactly the ends. */
  pl_number_grid(0.5, 1.5, 2, v);
  ck_assert(v[0] == 0.5 && v[1] == 1.5);
  /* Descending grids are fine. */
  pl_number_grid(1.0, 0.0, 3, v);
  ck_assert(v[0] == 1.0 && v[1] == 0.5 && v[2] == 0.0);
  pl_number_grid(-1.0, 1.0, 5, v);
  ck_assert(v[0] == -1.0 && v[1] == -0.5 && v[2] == 0.0 && v[3] == 0.5 && v[4] == 1.0);
  ck_assert(!signbit(v[2]));
  /* The ends are FROM and TO exactly, even with 17 significant digits (number.h: "the first
   * `from`, the last `to`"); only inner values are rounded to 15 digits. */
  double from = 0.12345678901234567, to = 0.98765432109876543;
  pl_number_grid(from, to, 3, v);
  ck_assert_msg(v[0] == from, "first %.17g, FROM %.17g", v[0], from);
  ck_assert_msg(v[2] == to, "last %.17g, TO %.17g", v[2], to);
  ck_assert(v[1] == 0.555555555055556); /* (from + to) / 2 to 15 digits */
  pl_number_grid(1.0 / 3.0, 2.0 / 3.0, 4, v);
  ck_assert(v[0] == 1.0 / 3.0 && v[3] == 2.0 / 3.0);
  ck_assert(v[1] == 0.444444444444444 && v[2] == 0.555555555555556);
  /* No negative zero anywhere in a grid (number.h), the ends included. */
  pl_number_grid(-0.0, 1.0, 2, v);
  ck_assert(v[0] == 0.0 && !signbit(v[0]));
  pl_number_grid(1.0, -0.0, 2, v);
  ck_assert(v[1] == 0.0 && !signbit(v[1]));
  pl_number_grid(-0.0, -0.0, 1, v);
  ck_assert(v[0] == 0.0 && !signbit(v[0]));
}
END_TEST

/* A large grid: PL_NUMBER_MAX_VALUES values, ends exact, strictly increasing, all distinct. */
START_TEST(test_grid_large) {
  size_t n = PL_NUMBER_MAX_VALUES;
  double *v = malloc(n * sizeof *v);
  ck_assert_ptr_nonnull(v);
  pl_number_grid(0.0, 1.0, n, v);
  ck_assert(v[0] == 0.0 && v[n - 1] == 1.0);
  for (size_t k = 1; k < n; k++) {
    if (!(v[k] > v[k - 1])) {
      ck_abort_msg("value %zu (%.17g) not above value %zu (%.17g)", k, v[k], k - 1, v[k - 1]);
    }
  }
  double dup = -1.0;
  ck_assert_int_eq(pl_number_find_duplicate(v, n, &dup), 0);
  ck_assert(dup == -1.0);
  free(v);
}
END_TEST

/* ---- pl_number_find_duplicate ------------------------------------------------------------ */

START_TEST(test_find_duplicate) {
  double dup = -1.0;
  ck_assert_int_eq(pl_number_find_duplicate(NULL, 0, &dup), 0);
  const double one[] = {0.5};
  ck_assert_int_eq(pl_number_find_duplicate(one, 1, &dup), 0);
  const double distinct[] = {3.0, 1.0, 2.0, 0.1, -0.1};
  ck_assert_int_eq(pl_number_find_duplicate(distinct, 5, &dup), 0);
  ck_assert(dup == -1.0);
  const double twice[] = {0.1, 0.2, 0.1};
  ck_assert_int_eq(pl_number_find_duplicate(twice, 3, &dup), 1);
  ck_assert(dup == 0.1);
  /* The example: values = [0.1, 0.1]. */
  const double pair[] = {0.1, 0.1};
  dup = -1.0;
  ck_assert_int_eq(pl_number_find_duplicate(pair, 2, &dup), 1);
  ck_assert(dup == 0.1);
  /* Equal as numbers: 0 and -0 are the same value (IEEE 754 compares them equal). */
  const double zeros[] = {0.0, 1.0, -0.0};
  ck_assert_int_eq(pl_number_find_duplicate(zeros, 3, &dup), 1);
  ck_assert(dup == 0.0);
  /* Nearly equal is not equal. */
  const double close[] = {0.1, nextafter(0.1, 1.0)};
  ck_assert_int_eq(pl_number_find_duplicate(close, 2, &dup), 0);
  /* The input is left in its order. */
  const double order[] = {3.0, 2.0, 1.0, 2.0};
  double copy[4];
  memcpy(copy, order, sizeof copy);
  ck_assert_int_eq(pl_number_find_duplicate(copy, 4, &dup), 1);
  ck_assert(dup == 2.0);
  ck_assert(memcmp(copy, order, sizeof copy) == 0);
}
END_TEST

int main(void) {
  Suite *s = suite_create("number");
  TCase *tc = tcase_create("core");
  tcase_set_timeout(tc, 120);
  tcase_add_test(tc, test_u64_accepts);
  tcase_add_test(tc, test_u64_rejects);
  tcase_add_test(tc, test_u64_round_trip);
  tcase_add_test(tc, test_double_accepts);
  tcase_add_test(tc, test_double_rejects);
  tcase_add_test(tc, test_integer_is_real);
  tcase_add_test(tc, test_result_string);
  tcase_add_test(tc, test_format_known);
  tcase_add_test(tc, test_format_non_finite);
  tcase_add_test(tc, test_format_round_trip);
  tcase_add_test(tc, test_grid_tenths);
  tcase_add_test(tc, test_grid_ends_and_order);
  tcase_add_test(tc, test_grid_large);
  tcase_add_test(tc, test_find_duplicate);
  suite_add_tcase(s, tc);
  SRunner *sr = srunner_create(s);
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
