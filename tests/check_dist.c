/*
 * check_dist.c — draws of uncertain numbers: moments against theory, clamping, consumption of
 * the stream, means and names.
 *
 * Moment tests: N draws from a fixed stream; the sample mean must lie within 4 standard errors
 * sqrt(var / N) of the true mean, and the sample variance within 4 standard errors
 * sqrt((mu4 - var^2) / N) of the true variance (the large-sample variance of the sample variance,
 * e.g. Kendall and Stuart, "The Advanced Theory of Statistics", vol. 1, 10.5). True moments are
 * the textbook ones (Evans, Hastings and Peacock, "Statistical Distributions").
 */
#include <check.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "parley/dist.h"
#include "parley/rng.h"

enum { N = 200000 };

/* Draws N values and checks mean and variance against (mean, var, mu4). */
static void check_moments(pl_dist d, double lo, double hi, double mean, double var, double mu4) {
  pl_rng *r = pl_rng_alloc();
  pl_rng_reset(r, 20240819u, 3u, 0u);
  double s1 = 0.0, s2 = 0.0;
  for (int k = 0; k < N; k++) {
    double v = pl_dist_draw(&d, lo, hi, r);
    ck_assert(v >= lo && v <= hi);
    s1 += v;
  }
  double m = s1 / N;
  pl_rng_reset(r, 20240819u, 3u, 0u);
  for (int k = 0; k < N; k++) {
    double v = pl_dist_draw(&d, lo, hi, r) - m;
    s2 += v * v;
  }
  double v = s2 / (N - 1);
  ck_assert_double_le(fabs(m - mean), 4.0 * sqrt(var / N));
  ck_assert_double_le(fabs(v - var), 4.0 * sqrt((mu4 - var * var) / N));
  pl_rng_free(r);
}

/* Uniform(2, 5): mean 3.5, variance (b - a)^2 / 12 = 0.75, mu4 = (b - a)^4 / 80 = 1.0125. */
/* Quantiles (the tornado's low and high values): closed forms for uniform (a + q (b - a)),
 * triangular (its inverse CDF, e.g. min 0, mode 0, max 1: 1 - sqrt(1 - q)), beta(1, 3) (CDF
 * 1 - (1 - x)^3, so x = 1 - (1 - q)^(1/3)) and beta(2, 2) (symmetric: median 0.5); the normal's
 * 97.5% point is mean + 1.959963984540054 sd; every value clamped to the domain like a draw. */
START_TEST(test_quantile) {
  pl_dist u = {PL_DIST_UNIFORM, 0.2, 0.4, 0.0};
  ck_assert_double_eq_tol(pl_dist_quantile(&u, 0.05, 0.0, 1.0), 0.21, 1e-15);
  pl_dist t = {PL_DIST_TRIANGULAR, 0.0, 0.0, 1.0};
  ck_assert_double_eq_tol(pl_dist_quantile(&t, 0.75, 0.0, 1.0), 0.5, 1e-15);
  pl_dist b13 = {PL_DIST_BETA, 1.0, 3.0, 0.0};
  ck_assert_double_eq_tol(pl_dist_quantile(&b13, 0.95, 0.0, 1.0), 1.0 - cbrt(0.05), 1e-13);
  pl_dist b22 = {PL_DIST_BETA, 2.0, 2.0, 0.0};
  ck_assert_double_eq_tol(pl_dist_quantile(&b22, 0.5, 0.0, 1.0), 0.5, 1e-13);
  pl_dist n = {PL_DIST_NORMAL, 10.0, 2.0, 0.0};
  ck_assert_double_eq_tol(pl_dist_quantile(&n, 0.975, -100.0, 100.0),
                          10.0 + 2.0 * 1.959963984540054, 1e-12);
  pl_dist clamped = {PL_DIST_NORMAL, 0.98, 0.2, 0.0};
  ck_assert_double_eq(pl_dist_quantile(&clamped, 0.95, 0.0, 1.0), 1.0);
  pl_dist fixed = {PL_DIST_FIXED, 0.3, 0.0, 0.0};
  ck_assert_double_eq(pl_dist_quantile(&fixed, 0.05, 0.0, 1.0), 0.3);
}
END_TEST

START_TEST(test_uniform) {
  check_moments((pl_dist){PL_DIST_UNIFORM, 2.0, 5.0, 0.0}, -DBL_MAX, DBL_MAX, 3.5, 0.75, 1.0125);
}
END_TEST

/* Normal(90, 10) (domain wide enough that clamping is immaterial: 15 sd): mean 90, variance 100,
 * mu4 = 3 sd^4. */
START_TEST(test_normal) {
  check_moments((pl_dist){PL_DIST_NORMAL, 90.0, 10.0, 0.0}, -60.0, 240.0, 90.0, 100.0, 30000.0);
}
END_TEST

/* Triangular(0.3, 0.5, 0.8): mean (a + b + c) / 3 = 0.533333, variance (a^2 + b^2 + c^2 - ab - ac
 * - bc) / 18 = 0.19 / 18; every triangular distribution has excess kurtosis -3/5, so
 * mu4 = 2.4 var^2. */
START_TEST(test_triangular) {
  double var = 0.19 / 18.0;
  check_moments((pl_dist){PL_DIST_TRIANGULAR, 0.3, 0.5, 0.8}, 0.0, 1.0, 1.6 / 3.0, var,
                2.4 * var * var);
}
END_TEST

/* Beta(2, 5): mean a / (a + b) = 2/7, variance ab / ((a + b)^2 (a + b + 1)) = 10 / 392. The fourth
 * central moment is (3 + excess kurtosis) var^2 with excess kurtosis 6[(a - b)^2 (a + b + 1) -
 * ab(a + b + 2)] / [ab(a + b + 2)(a + b + 3)] = -108 / 900 = -0.12, so mu4 = 2.88 var^2. */
START_TEST(test_beta) {
  check_moments((pl_dist){PL_DIST_BETA, 2.0, 5.0, 0.0}, 0.0, 1.0, 2.0 / 7.0, 10.0 / 392.0,
                2.88 * (10.0 / 392.0) * (10.0 / 392.0));
}
END_TEST

/* Normal(0, 1) clamped to [0, 1]: P(v = 0) = P(Z < 0) = 1/2, P(v = 1) = P(Z > 1) = 0.158655;
 * binomial standard errors sqrt(p (1 - p) / N). */
START_TEST(test_clamp) {
  pl_rng *r = pl_rng_alloc();
  pl_rng_reset(r, 1u, 0u, 0u);
  pl_dist d = {PL_DIST_NORMAL, 0.0, 1.0, 0.0};
  int at_lo = 0, at_hi = 0;
  for (int k = 0; k < N; k++) {
    double v = pl_dist_draw(&d, 0.0, 1.0, r);
    ck_assert(v >= 0.0 && v <= 1.0);
    at_lo += v == 0.0;
    at_hi += v == 1.0;
  }
  ck_assert_double_le(fabs(at_lo / (double)N - 0.5), 4.0 * sqrt(0.25 / N));
  ck_assert_double_le(fabs(at_hi / (double)N - 0.158655), 4.0 * sqrt(0.158655 * 0.841345 / N));
  /* A fixed value outside the domain is clamped too. */
  pl_dist f = {PL_DIST_FIXED, 7.0, 0.0, 0.0};
  ck_assert_double_eq(pl_dist_draw(&f, 0.0, 1.0, r), 1.0);
  ck_assert_double_eq(pl_dist_draw(&f, 0.0, 10.0, r), 7.0);
  pl_rng_free(r);
}
END_TEST

/* Draws that are not numbers are clamped too (dist.h: NaN becomes lo). GSL 2.7's gsl_ran_beta
 * with a = b = 5e-324 (the smallest subnormal, which the loader refuses but the API accepts)
 * takes its a, b <= 1 branch, where 1 / a = inf and log(u) / a = -inf for both draws, and
 * returns NaN (-inf - -inf); every such draw must come out as lo = 0. */
START_TEST(test_clamp_nan) {
  pl_rng *r = pl_rng_alloc();
  pl_rng_reset(r, 1u, 0u, 0u);
  pl_dist tiny = {PL_DIST_BETA, 5e-324, 5e-324, 0.0};
  for (int k = 0; k < 1000; k++) {
    double v = pl_dist_draw(&tiny, 0.0, 1.0, r);
    ck_assert(v >= 0.0 && v <= 1.0);
    ck_assert_double_eq(v, 0.0);
  }
  pl_dist f = {PL_DIST_FIXED, NAN, 0.0, 0.0};
  ck_assert_double_eq(pl_dist_draw(&f, 0.25, 0.75, r), 0.25);
  f.a = INFINITY;
  ck_assert_double_eq(pl_dist_draw(&f, 0.25, 0.75, r), 0.75);
  f.a = -INFINITY;
  ck_assert_double_eq(pl_dist_draw(&f, 0.25, 0.75, r), 0.25);
  pl_dist n = {PL_DIST_NORMAL, NAN, 1.0, 0.0};
  ck_assert_double_eq(pl_dist_draw(&n, -1.0, 1.0, r), -1.0);
  pl_rng_free(r);
}
END_TEST

/* Fixed consumes no uniform, uniform and triangular exactly one (dist.h). */
START_TEST(test_consumption) {
  pl_rng *a = pl_rng_alloc(), *b = pl_rng_alloc();
  pl_dist fixed = {PL_DIST_FIXED, 0.5, 0.0, 0.0};
  pl_dist uni = {PL_DIST_UNIFORM, 0.0, 1.0, 0.0};
  pl_dist tri = {PL_DIST_TRIANGULAR, 0.0, 0.2, 1.0};
  pl_rng_reset(a, 9u, 9u, 9u);
  pl_rng_reset(b, 9u, 9u, 9u);
  (void)pl_dist_draw(&fixed, 0.0, 1.0, a);
  double u1 = pl_rng_uniform(b);
  ck_assert_double_eq(pl_dist_draw(&uni, 0.0, 1.0, a), u1); /* uniform(0, 1) is the uniform */
  double u2 = pl_rng_uniform(b);
  double t = pl_dist_draw(&tri, 0.0, 1.0, a);
  /* Inverse CDF of triangular(0, 0.2, 1) at u2 (dist.c). */
  double expect = u2 < 0.2 ? sqrt(u2 * 0.2) : 1.0 - sqrt((1.0 - u2) * 0.8);
  ck_assert_double_eq_tol(t, expect, 1e-15);
  ck_assert_double_eq(pl_rng_uniform(a), pl_rng_uniform(b));
  pl_rng_free(a);
  pl_rng_free(b);
}
END_TEST

/* Degenerate triangulars: min = mode = max gives min; mode at an edge stays in range. */
START_TEST(test_triangular_edges) {
  pl_rng *r = pl_rng_alloc();
  pl_rng_reset(r, 2u, 0u, 0u);
  pl_dist point = {PL_DIST_TRIANGULAR, 0.4, 0.4, 0.4};
  ck_assert_double_eq(pl_dist_draw(&point, 0.0, 1.0, r), 0.4);
  pl_dist left = {PL_DIST_TRIANGULAR, 0.0, 0.0, 1.0}, right = {PL_DIST_TRIANGULAR, 0.0, 1.0, 1.0};
  for (int k = 0; k < 1000; k++) {
    double v = pl_dist_draw(&left, 0.0, 1.0, r), w = pl_dist_draw(&right, 0.0, 1.0, r);
    ck_assert(v >= 0.0 && v <= 1.0 && w >= 0.0 && w <= 1.0);
  }
  pl_rng_free(r);
}
END_TEST

START_TEST(test_mean_and_names) {
  ck_assert_double_eq(pl_dist_mean(&(pl_dist){PL_DIST_FIXED, 3.0, 0, 0}), 3.0);
  ck_assert_double_eq(pl_dist_mean(&(pl_dist){PL_DIST_NORMAL, 90.0, 10.0, 0}), 90.0);
  ck_assert_double_eq(pl_dist_mean(&(pl_dist){PL_DIST_UNIFORM, 0.4, 0.6, 0}), 0.5);
  ck_assert_double_eq_tol(pl_dist_mean(&(pl_dist){PL_DIST_TRIANGULAR, 0.3, 0.5, 0.8}), 1.6 / 3,
                          1e-15);
  ck_assert_double_eq_tol(pl_dist_mean(&(pl_dist){PL_DIST_BETA, 2.0, 5.0, 0}), 2.0 / 7, 1e-15);
  ck_assert_str_eq(pl_dist_kind_name(PL_DIST_FIXED), "fixed");
  ck_assert_str_eq(pl_dist_kind_name(PL_DIST_NORMAL), "normal");
  ck_assert_str_eq(pl_dist_kind_name(PL_DIST_UNIFORM), "uniform");
  ck_assert_str_eq(pl_dist_kind_name(PL_DIST_TRIANGULAR), "triangular");
  ck_assert_str_eq(pl_dist_kind_name(PL_DIST_BETA), "beta");
  /* The parameter names a scenario file uses for each kind (docs/scenario-format.md). */
  ck_assert_uint_eq(pl_dist_n_params(PL_DIST_FIXED), 1);
  ck_assert_uint_eq(pl_dist_n_params(PL_DIST_NORMAL), 2);
  ck_assert_uint_eq(pl_dist_n_params(PL_DIST_TRIANGULAR), 3);
  ck_assert_str_eq(pl_dist_param_name(PL_DIST_NORMAL, 1), "sd");
  ck_assert_str_eq(pl_dist_param_name(PL_DIST_TRIANGULAR, 1), "mode");
  ck_assert_str_eq(pl_dist_param_name(PL_DIST_BETA, 0), "a");
  ck_assert_ptr_null(pl_dist_param_name(PL_DIST_UNIFORM, 2));
  ck_assert_ptr_null(pl_dist_param_name((pl_dist_kind)99, 0));
}
END_TEST

int main(void) {
  Suite *s = suite_create("dist");
  TCase *tc = tcase_create("core");
  tcase_add_test(tc, test_uniform);
  tcase_add_test(tc, test_quantile);
  tcase_add_test(tc, test_normal);
  tcase_add_test(tc, test_triangular);
  tcase_add_test(tc, test_beta);
  tcase_add_test(tc, test_clamp);
  tcase_add_test(tc, test_clamp_nan);
  tcase_add_test(tc, test_consumption);
  tcase_add_test(tc, test_triangular_edges);
  tcase_add_test(tc, test_mean_and_names);
  tcase_set_timeout(tc, 60);
  suite_add_tcase(s, tc);
  SRunner *sr = srunner_create(s);
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
