/*
 * check_stats.c — Wilson score and Clopper-Pearson intervals, the incomplete beta function and
 * its inverse, and histogram quantiles.
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

/* ---- incomplete beta, its inverse, Clopper-Pearson ------------------------------------------ */

/* |got / want - 1| <= rel (want != 0). */
static int rel_close(double got, double want, double rel) {
  return fabs(got - want) <= rel * fabs(want);
}

/* Closed forms: I_x(1, b) = 1 - (1 - x)^b and I_x(a, 1) = x^a (integrate the densities
 * b (1 - x)^(b-1) and a x^(a-1)); so the p-quantile of Beta(1, b) is 1 - (1 - p)^(1/b) and that of
 * Beta(a, 1) is p^(1/a). Computed here with expm1/log1p, to a few ulps. */
START_TEST(test_beta_closed_forms) {
  static const double bs[] = {0.5, 1.0, 2.0, 7.5, 100.0, 1e6, 1e9, 1e12};
  static const double xs[] = {1e-15, 1e-9, 1e-4, 0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.999};
  for (size_t i = 0; i < sizeof bs / sizeof bs[0]; i++) {
    double b = bs[i];
    for (size_t j = 0; j < sizeof xs / sizeof xs[0]; j++) {
      double x = xs[j];
      double one_b = -expm1(b * log1p(-x)); /* I_x(1, b) */
      double xa = exp(b * log(x));          /* I_x(b, 1) = x^b */
      ck_assert_msg(rel_close(pl_stats_beta_cdf(x, 1.0, b), one_b, 1e-13), "I_%g(1, %g)", x, b);
      ck_assert_msg(rel_close(pl_stats_beta_sf(x, 1.0, b), exp(b * log1p(-x)), 1e-12) ||
                        exp(b * log1p(-x)) < 1e-300,
                    "1 - I_%g(1, %g)", x, b);
      if (xa > 1e-300)
        ck_assert_msg(rel_close(pl_stats_beta_cdf(x, b, 1.0), xa, 1e-12), "I_%g(%g, 1)", x, b);
      /* The quantile's error follows the CDF's: a few 1e-15 absolute on the larger tail, so
       * relative to the smaller tail min(p, 1 - p) it is a few 1e-15 / min(p, 1 - p). */
      double p = x, tol = 1e-13 + 4e-15 / fmin(p, 1.0 - p);
      ck_assert_msg(rel_close(pl_stats_beta_quantile(p, 1.0, b), -expm1(log1p(-p) / b), tol),
                    "Beta(1, %g) quantile %g", b, p);
      ck_assert_msg(rel_close(pl_stats_beta_quantile(p, b, 1.0), exp(log(p) / b), tol),
                    "Beta(%g, 1) quantile %g", b, p);
    }
  }
}
END_TEST

/* Reference values of I_x(a, b) from mpmath 1.3.0 (mp.dps = 40, mp.betainc(a, b, 0, x,
 * regularized=True)), rounded to 17 digits; a relative error of 1e-13 is allowed for the smaller
 * tail (the largest seen is 1e-14). Symmetry I_x(a, b) = 1 - I_{1-x}(b, a) (A&S 26.5.2) is checked
 * on each. */
START_TEST(test_beta_mpmath) {
  static const struct {
    double x, a, b, cdf;
  } cases[] = {{0.3, 3, 10, 0.74718465214499997},         {0.7, 10, 3, 0.25281534785499989},
               {0.001, 0.5, 0.5, 0.020135041633377491},   {0.3, 0.1, 0.2, 0.62284335472031734},
               {0.2, 20, 80, 0.51997858697366228},        {0.05, 20, 80, 8.8345748903391635e-8},
               {0.45, 1000, 1000, 3.6831988690075783e-6}, {0.0005, 3, 10000, 0.87549533818157757}};
  for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
    double x = cases[c].x, a = cases[c].a, b = cases[c].b, want = cases[c].cdf;
    double got = pl_stats_beta_cdf(x, a, b);
    if (want <= 0.5)
      ck_assert_msg(rel_close(got, want, 1e-13), "I_%g(%g, %g) = %.17g", x, a, b, got);
    else
      ck_assert_msg(rel_close(1.0 - got, 1.0 - want, 1e-13), "I_%g(%g, %g) = %.17g", x, a, b, got);
    /* 1 - x rounds by up to 5.6e-17, which moves I by that times the density (up to ~800 here) */
    ck_assert(fabs(got + pl_stats_beta_cdf(1.0 - x, b, a) - 1.0) <= 1e-13);
    ck_assert(fabs(got + pl_stats_beta_sf(x, a, b) - 1.0) <= 4e-16);
    /* and the quantile of the smaller tail comes back to x */
    if (want <= 0.5)
      ck_assert_msg(rel_close(pl_stats_beta_quantile(want, a, b), x, 1e-12), "quantile %g", want);
  }
}
END_TEST

/* The domain (stats.h): bad a, b or a NaN give NaN; x outside (0, 1) gives 0 or 1; p = 0 and 1
 * give 0 and 1. */
START_TEST(test_beta_domain) {
  ck_assert(isnan(pl_stats_beta_cdf(0.5, 0.0, 1.0)));
  ck_assert(isnan(pl_stats_beta_cdf(0.5, 1.0, -1.0)));
  ck_assert(isnan(pl_stats_beta_cdf(0.5, INFINITY, 1.0)));
  ck_assert(isnan(pl_stats_beta_cdf(NAN, 1.0, 1.0)));
  ck_assert(isnan(pl_stats_beta_quantile(1.5, 1.0, 1.0)));
  ck_assert(isnan(pl_stats_beta_quantile(NAN, 1.0, 1.0)));
  ck_assert(isnan(pl_stats_beta_quantile(0.5, NAN, 1.0)));
  ck_assert_double_eq(pl_stats_beta_cdf(-1.0, 2.0, 3.0), 0.0);
  ck_assert_double_eq(pl_stats_beta_cdf(1.0, 2.0, 3.0), 1.0);
  ck_assert_double_eq(pl_stats_beta_sf(0.0, 2.0, 3.0), 1.0);
  ck_assert_double_eq(pl_stats_beta_quantile(0.0, 2.0, 3.0), 0.0);
  ck_assert_double_eq(pl_stats_beta_quantile(1.0, 2.0, 3.0), 1.0);
  ck_assert_double_eq(pl_stats_beta_quantile(0.5, 1.0, 1.0), 0.5); /* uniform */
}
END_TEST

/* Newcombe (1998), Statistics in Medicine 17:857-872, Table II, method 5 ("exact",
 * Clopper-Pearson), to 4 decimals: 81/263 -> (0.2527, 0.3676); 15/148 -> (0.0578, 0.1617);
 * 0/20 -> (0, 0.1684); 1/29 -> (0.0009, 0.1776); 29/29 -> (0.8806, 1). */
START_TEST(test_cp_newcombe) {
  static const struct {
    uint64_t k, n;
    double lo, hi;
  } cases[] = {{81, 263, 0.2527, 0.3676},
               {15, 148, 0.0578, 0.1617},
               {0, 20, 0.0, 0.1684},
               {1, 29, 0.0009, 0.1776},
               {29, 29, 0.8806, 1.0}};
  for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
    double lo, hi;
    pl_stats_clopper_pearson(cases[c].k, cases[c].n, 0.05, &lo, &hi);
    ck_assert_double_eq_tol(lo, cases[c].lo, 5e-5);
    ck_assert_double_eq_tol(hi, cases[c].hi, 5e-5);
  }
}
END_TEST

/* Clopper-Pearson bounds from mpmath 1.3.0 (mp.dps = 40; 110 bisections of
 * mp.betainc(k, n-k+1, 0, p, regularized=True) = 0.025 and mp.betainc(k+1, n-k, p, 1, ...) =
 * 0.025), to 20 digits; 1e-13 relative allowed. */
START_TEST(test_cp_mpmath) {
  static const struct {
    uint64_t k, n;
    double lo, hi;
  } cases[] = {{1, 2, 0.012579117093425049128, 0.98742088290657495087},
               {2, 5, 0.052744950526316900474, 0.85336720036532688099},
               {1, 10, 0.0025285785444617845022, 0.44501611702819542026},
               {5, 10, 0.18708602844739853164, 0.81291397155260146836},
               {14, 29, 0.29448558295184106658, 0.6746850036385436125},
               {15, 100, 0.086454385641648573377, 0.23530750014895488888},
               {81, 263, 0.25273674558527116302, 0.36762192260135136465},
               {2, 1000, 0.00024230111687723193003, 0.007205838911457498487},
               {999, 1000, 0.99444107572017332713, 0.99997468251250870596}};
  for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
    double lo, hi;
    pl_stats_clopper_pearson(cases[c].k, cases[c].n, 0.05, &lo, &hi);
    ck_assert_msg(rel_close(lo, cases[c].lo, 1e-13), "low %.17g", lo);
    ck_assert_msg(rel_close(hi, cases[c].hi, 1e-13), "high %.17g", hi);
  }
}
END_TEST

/* want lies between f at the doubles either side of x (f increasing), up to a relative 1e-12:
 * x is the root of f = want to the nearest representable bracket. */
static int brackets(double (*f)(double, double, double), double x, double a, double b, double want,
                    int increasing) {
  double below = f(nextafter(x, 0.0), a, b), above = f(nextafter(x, 1.0), a, b);
  if (!increasing) {
    double tmp = below;
    below = above;
    above = tmp;
  }
  double here = f(x, a, b), slack = 1e-12 * want;
  return below <= want + slack && above >= want - slack &&
         fabs(here - want) <= fmax(slack, above - below);
}

/* The defining property (Clopper & Pearson 1934): I_low(k, n - k + 1) = alpha/2 and
 * 1 - I_high(k + 1, n - k) = alpha/2, to 1e-12 relative or, where one ulp of the bound moves the
 * tail by more (k near n/2 with n = 1e12, or bounds near 1), to the two doubles around the bound;
 * and the closed forms at the ends: k = 0 gives high = 1 - (alpha/2)^(1/n), k = n gives
 * low = (alpha/2)^(1/n). n up to 10^12 (PL_MAX_TRIALS). */
START_TEST(test_cp_defining_property) {
  static const uint64_t ns[] = {
      1, 2, 3, 10, 1000, 1000000, 1000000000, 123456789013, 999999999999, 1000000000000};
  const double t = 0.025, lt = log(t);
  for (size_t i = 0; i < sizeof ns / sizeof ns[0]; i++) {
    uint64_t n = ns[i];
    uint64_t ks[] = {0, 1, 2, n / 2, n - 1, n};
    double dn = (double)n;
    for (size_t j = 0; j < sizeof ks / sizeof ks[0]; j++) {
      uint64_t k = ks[j];
      if (k > n)
        continue;
      double dk = (double)k, lo, hi;
      pl_stats_clopper_pearson(k, n, 0.05, &lo, &hi);
      ck_assert_msg(0.0 <= lo && lo < hi && hi <= 1.0, "k=%llu n=%llu", (unsigned long long)k,
                    (unsigned long long)n);
      if (k == 0)
        ck_assert_msg(lo == 0.0 && rel_close(hi, -expm1(lt / dn), 1e-13), "n=%llu high %.17g",
                      (unsigned long long)n, hi);
      else
        ck_assert_msg(brackets(pl_stats_beta_cdf, lo, dk, dn - dk + 1.0, t, 1),
                      "k=%llu n=%llu low %.17g", (unsigned long long)k, (unsigned long long)n, lo);
      if (k == n)
        ck_assert_msg(hi == 1.0 && rel_close(lo, exp(lt / dn), 1e-15), "n=%llu low %.17g",
                      (unsigned long long)n, lo);
      else
        ck_assert_msg(brackets(pl_stats_beta_sf, hi, dk + 1.0, dn - dk, t, 0),
                      "k=%llu n=%llu high %.17g", (unsigned long long)k, (unsigned long long)n, hi);
      /* symmetry: the interval of n - k is the mirror image (to the rounding of 1 - x) */
      double lo2, hi2;
      pl_stats_clopper_pearson(n - k, n, 0.05, &lo2, &hi2);
      ck_assert(fabs(lo - (1.0 - hi2)) <= 4e-16 + 1e-13 * lo);
    }
  }
}
END_TEST

/* Degenerate input (stats.h): n = 0, k > n or alpha outside (0, 1) give [0, 1]; the dispatcher
 * gives Wilson's interval at PL_Z95 or Clopper-Pearson's at alpha = 0.05. */
START_TEST(test_cp_edges_and_dispatch) {
  double lo, hi, lo2, hi2;
  pl_stats_clopper_pearson(0, 0, 0.05, &lo, &hi);
  ck_assert(lo == 0.0 && hi == 1.0);
  pl_stats_clopper_pearson(5, 4, 0.05, &lo, &hi);
  ck_assert(lo == 0.0 && hi == 1.0);
  pl_stats_clopper_pearson(1, 4, 0.0, &lo, &hi);
  ck_assert(lo == 0.0 && hi == 1.0);
  pl_stats_interval95(PL_INTERVAL_EXACT, 0, 0, &lo, &hi);
  ck_assert(lo == 0.0 && hi == 1.0);
  for (uint64_t k = 0; k <= 50; k++) {
    pl_stats_interval95(PL_INTERVAL_WILSON, k, 50, &lo, &hi);
    pl_stats_wilson(k, 50, PL_Z95, &lo2, &hi2);
    ck_assert(lo == lo2 && hi == hi2);
    pl_stats_interval95(PL_INTERVAL_EXACT, k, 50, &lo, &hi);
    pl_stats_clopper_pearson(k, 50, 0.05, &lo2, &hi2);
    ck_assert(lo == lo2 && hi == hi2);
  }
  ck_assert_str_eq(pl_interval_name(PL_INTERVAL_WILSON), "wilson");
  ck_assert_str_eq(pl_interval_name(PL_INTERVAL_EXACT), "exact");
}
END_TEST

/* The exact coverage of an interval at p: the sum of the Binomial(n, p) probabilities of the k
 * whose interval holds p. */
static double coverage(pl_interval kind, uint64_t n, double p) {
  double sum = 0.0;
  for (uint64_t k = 0; k <= n; k++) {
    double lo, hi, dk = (double)k, dn = (double)n;
    pl_stats_interval95(kind, k, n, &lo, &hi);
    if (lo <= p && p <= hi)
      sum += exp(lgamma(dn + 1) - lgamma(dk + 1) - lgamma(dn - dk + 1) + dk * log(p) +
                 (dn - dk) * log1p(-p));
  }
  return sum;
}

/* The coverages quoted in docs/outputs.md ("Which interval"), at p = 0.001: Wilson 90.48% at
 * n = 100, 96.31% at n = 300, 91.98% at n = 1000 (the same sums in mpmath at 30 digits give
 * 0.90479215, 0.96314158, 0.91979066); Clopper-Pearson 99.54%, 99.64%, 98.11%, and at least 95%
 * at every p of a grid (its guarantee). */
START_TEST(test_coverage) {
  ck_assert_double_eq_tol(coverage(PL_INTERVAL_WILSON, 100, 0.001), 0.90479215, 1e-7);
  ck_assert_double_eq_tol(coverage(PL_INTERVAL_WILSON, 300, 0.001), 0.96314158, 1e-7);
  ck_assert_double_eq_tol(coverage(PL_INTERVAL_WILSON, 1000, 0.001), 0.91979066, 1e-7);
  ck_assert_double_eq_tol(coverage(PL_INTERVAL_EXACT, 100, 0.001), 0.99536193, 1e-7);
  ck_assert_double_eq_tol(coverage(PL_INTERVAL_EXACT, 300, 0.001), 0.99642883, 1e-7);
  ck_assert_double_eq_tol(coverage(PL_INTERVAL_EXACT, 1000, 0.001), 0.98107317, 1e-7);
  static const uint64_t ns[] = {10, 100, 300};
  for (size_t i = 0; i < sizeof ns / sizeof ns[0]; i++)
    for (double p = 0.0005; p < 1.0; p += 0.0123)
      ck_assert_msg(coverage(PL_INTERVAL_EXACT, ns[i], p) >= 0.95 - 1e-12, "n=%llu p=%g",
                    (unsigned long long)ns[i], p);
}
END_TEST

int main(void) {
  Suite *s = suite_create("stats");
  TCase *tc = tcase_create("core");
  tcase_add_test(tc, test_wilson_newcombe);
  tcase_add_test(tc, test_wilson_closed_forms);
  tcase_add_test(tc, test_quantile_uniform);
  tcase_add_test(tc, test_quantile_cases);
  tcase_add_test(tc, test_beta_closed_forms);
  tcase_add_test(tc, test_beta_mpmath);
  tcase_add_test(tc, test_beta_domain);
  tcase_add_test(tc, test_cp_newcombe);
  tcase_add_test(tc, test_cp_mpmath);
  tcase_add_test(tc, test_cp_defining_property);
  tcase_add_test(tc, test_cp_edges_and_dispatch);
  tcase_add_test(tc, test_coverage);
  tcase_set_timeout(tc, 60); /* the n = 1e12 intervals take seconds on a loaded machine */
  suite_add_tcase(s, tc);
  SRunner *sr = srunner_create(s);
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
