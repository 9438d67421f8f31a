/*
 * check_stats.c — Wilson score intervals and histogram quantiles.
 */
#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "parley/stats.h"

/* Newcombe (1998), "Two-sided confidence intervals for the single proportion: comparison of seven
 * methods", Statistics in Medicine 17:857-872, Table II, method 3 (Wilson score, no continuity
 * correction), published to 4 decimals: 81/263 -> (0.2553, 0.3662); 15/148 -> (0.0624, 0.1605);
 * 0/20 -> (0, 0.1611); 1/29 -> (0.0061, 0.1718); 29/29 -> (0.8830, 1). */
START_TEST(test_wilson_newcombe) {
  static const struct {
    uint64_t k, n;
    double lo, hi;
  } cases[] = {{81, 263, 0.2553, 0.3662},
               {15, 148, 0.0624, 0.1605},
               {0, 20, 0.0, 0.1611},
               {1, 29, 0.0061, 0.1718},
               {29, 29, 0.8830, 1.0}};
  for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
    double lo, hi;
    pl_stats_wilson(cases[c].k, cases[c].n, PL_Z95, &lo, &hi);
    ck_assert_double_eq_tol(lo, cases[c].lo, 5e-5);
    ck_assert_double_eq_tol(hi, cases[c].hi, 5e-5);
  }
}
END_TEST

/* Closed forms from the Wilson formula: k = 0 gives [0, z^2 / (n + z^2)], k = n gives
 * [n / (n + z^2), 1]; for every k the interval contains k / n and is symmetric about
 * (k + z^2/2) / (n + z^2). n = 0 gives [0, 1] (stats.h). */
START_TEST(test_wilson_closed_forms) {
  double z2 = PL_Z95 * PL_Z95, lo, hi;
  for (uint64_t n = 1; n <= 200; n++) {
    pl_stats_wilson(0, n, PL_Z95, &lo, &hi);
    ck_assert_double_eq(lo, 0.0);
    ck_assert_double_eq_tol(hi, z2 / ((double)n + z2), 1e-15);
    pl_stats_wilson(n, n, PL_Z95, &lo, &hi);
    ck_assert_double_eq(hi, 1.0);
    ck_assert_double_eq_tol(lo, (double)n / ((double)n + z2), 1e-15);
    for (uint64_t k = 0; k <= n; k++) {
      pl_stats_wilson(k, n, PL_Z95, &lo, &hi);
      double p = (double)k / (double)n, mid = ((double)k + z2 / 2) / ((double)n + z2);
      ck_assert(lo <= p && p <= hi && lo >= 0.0 && hi <= 1.0);
      ck_assert_double_eq_tol(0.5 * (lo + hi), mid, 1e-12);
    }
  }
  pl_stats_wilson(0, 0, PL_Z95, &lo, &hi);
  ck_assert_double_eq(lo, 0.0);
  ck_assert_double_eq(hi, 1.0);
}
END_TEST

/* Ten bins over [0, 10] with one value each: the values are spread evenly, so the q-quantile is
 * 10 q exactly (up to rounding). */
START_TEST(test_quantile_uniform) {
  uint64_t counts[10];
  for (int b = 0; b < 10; b++)
    counts[b] = 1;
  for (int k = 0; k <= 20; k++) {
    double q = k / 20.0;
    ck_assert_double_eq_tol(pl_stats_hist_quantile(counts, 10, 0.0, 10.0, q), 10.0 * q, 1e-12);
  }
}
END_TEST

/* One occupied bin [3, 4) of width 1 over [0, 10] with 4 values: q maps linearly into it;
 * q = 0 is its lower edge, q = 1 its upper edge. Two bins with counts 1 and 3 at [0, 1) and
 * [9, 10): the median (target 2 of 4) lies 1/3 into the second bin. Empty: NaN. */
START_TEST(test_quantile_cases) {
  uint64_t one[10] = {0, 0, 0, 4, 0, 0, 0, 0, 0, 0};
  ck_assert_double_eq_tol(pl_stats_hist_quantile(one, 10, 0.0, 10.0, 0.0), 3.0, 1e-12);
  ck_assert_double_eq_tol(pl_stats_hist_quantile(one, 10, 0.0, 10.0, 0.5), 3.5, 1e-12);
  ck_assert_double_eq_tol(pl_stats_hist_quantile(one, 10, 0.0, 10.0, 1.0), 4.0, 1e-12);
  uint64_t two[10] = {1, 0, 0, 0, 0, 0, 0, 0, 0, 3};
  ck_assert_double_eq_tol(pl_stats_hist_quantile(two, 10, 0.0, 10.0, 0.5), 9.0 + 1.0 / 3.0, 1e-12);
  ck_assert_double_eq_tol(pl_stats_hist_quantile(two, 10, 0.0, 10.0, 0.25), 1.0, 1e-12);
  uint64_t none[4] = {0, 0, 0, 0};
  ck_assert(isnan(pl_stats_hist_quantile(none, 4, 0.0, 1.0, 0.5)));
}
END_TEST

int main(void) {
  Suite *s = suite_create("stats");
  TCase *tc = tcase_create("core");
  tcase_add_test(tc, test_wilson_newcombe);
  tcase_add_test(tc, test_wilson_closed_forms);
  tcase_add_test(tc, test_quantile_uniform);
  tcase_add_test(tc, test_quantile_cases);
  suite_add_tcase(s, tc);
  SRunner *sr = srunner_create(s);
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
