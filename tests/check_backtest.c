/*
 * check_backtest.c — the scores of parley/backtest.h worked by hand, the expected Brier score of
 * calibrated forecasts checked by simulation, and the arguments refused.
 */
#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parley/backtest.h"
#include "parley/rng.h"

/* Two cases by hand: p = 0.8 agreed, p = 0.3 did not.
 * Brier = (0.2^2 + 0.3^2) / 2 = 0.065; log = (-ln 0.8 - ln 0.7) / 2; base rate 1/2: Brier 0.25,
 * log ln 2; leave-one-out base (A - y + 1/2) / n: 0.25 for the first (y = 1), 0.75 for the second
 * (y = 0), Brier 0.75^2 = 0.5625 both; E[Brier] if calibrated = (0.8 * 0.2 + 0.3 * 0.7) / 2 =
 * 0.185; Spiegelhalter z = sum (y - p)(1 - 2p) / sqrt(sum p(1 - p)(1 - 2p)^2) = (0.2 * -0.6 + -0.3
 * * 0.4) / sqrt(0.16 * 0.36 + 0.21 * 0.16) = -0.24 / sqrt(0.0912). */
START_TEST(test_by_hand) {
  pl_backtest_case c[2] = {{"a.cfg", "a", "2024-01-01", "s", 1, 0.8, 0.79, 0.81, 1000, 1},
                           {"b.cfg", "b", "2024-01-02", "s", 0, 0.3, 0.29, 0.31, 1000, 1}};
  pl_backtest_scores s;
  ck_assert_int_eq(pl_backtest_score(c, 2, 0, 1, 0.0005, &s), PL_OK);
  ck_assert_double_eq_tol(s.brier, 0.065, 1e-15);
  ck_assert_double_eq_tol(s.log, (-log(0.8) - log(0.7)) / 2, 1e-15);
  ck_assert(s.base_rate == 0.5);
  ck_assert_double_eq_tol(s.base_brier, 0.25, 1e-15);
  ck_assert_double_eq_tol(s.base_log, log(2.0), 1e-15);
  ck_assert_double_eq_tol(s.loo_brier, 0.5625, 1e-15);
  ck_assert_double_eq_tol(s.expected_brier, 0.185, 1e-15);
  ck_assert_double_eq_tol(s.spiegelhalter_z, -0.24 / sqrt(0.0912), 1e-12);
  ck_assert_double_eq_tol(s.skill, 1.0 - 0.065 / 0.25, 1e-15);
  ck_assert(isnan(s.brier_lo) && isnan(s.diff_brier_hi)); /* no bootstrap, no interval */
  ck_assert_uint_eq(s.bins[8].count, 1);
  ck_assert_uint_eq(s.bins[3].count, 1);
  ck_assert(s.bins[8].observed == 1.0);
  ck_assert(isnan(s.bins[0].observed));
  /* The bootstrap: intervals around the estimates, the same numbers for the same seed. */
  pl_backtest_scores b1, b2;
  ck_assert_int_eq(pl_backtest_score(c, 2, 500, 9, 0.0005, &b1), PL_OK);
  ck_assert_int_eq(pl_backtest_score(c, 2, 500, 9, 0.0005, &b2), PL_OK);
  ck_assert(memcmp(&b1, &b2, sizeof b1) == 0);
  ck_assert(b1.brier_lo <= b1.brier && b1.brier <= b1.brier_hi);
  /* Resamples of two cases: both a (0.04), both b (0.09) or one each (0.065). */
  ck_assert_double_eq_tol(b1.brier_lo, 0.04, 1e-12);
  ck_assert_double_eq_tol(b1.brier_hi, 0.09, 1e-12);
  /* A forecast of exactly 0 for an agreement: the log score takes it as the floor. */
  pl_backtest_case z = {"z.cfg", "z", "2024-01-03", "s", 1, 0.0, 0, 0, 1000, 1};
  ck_assert_int_eq(pl_backtest_score(&z, 1, 0, 1, 0.0005, &s), PL_OK);
  ck_assert_double_eq_tol(s.log, -log(0.0005), 1e-12);
  ck_assert_uint_eq(s.bins[0].count, 1);
  z.p = 1.0;
  ck_assert_int_eq(pl_backtest_score(&z, 1, 0, 1, 0.0005, &s), PL_OK);
  ck_assert_uint_eq(s.bins[PL_BACKTEST_BINS - 1].count, 1);
}
END_TEST

/* If y ~ Bernoulli(p), E[(p - y)^2] = p (1 - p)^2 + (1 - p) p^2 = p (1 - p): the mean Brier score
 * over many folders of outcomes drawn from the forecasts is mean p (1 - p), within 4 standard
 * errors (the sd of one folder's Brier is expected_brier_sd; 2000 folders). */
START_TEST(test_expected_brier_by_simulation) {
  enum { N = 60, FOLDERS = 2000 };
  pl_backtest_case c[N];
  pl_rng *r = pl_rng_alloc();
  ck_assert_ptr_nonnull(r);
  double sum = 0.0, expected = 0.0, sd = 0.0;
  for (int f = 0; f < FOLDERS; f++) {
    pl_rng_reset(r, 77, (uint64_t)f, 1);
    for (int k = 0; k < N; k++) {
      double p = (k + 0.5) / N;
      c[k] = (pl_backtest_case){"f", "n", "d", "s", pl_rng_uniform(r) < p, p, p, p, 1, 1};
    }
    pl_backtest_scores s;
    ck_assert_int_eq(pl_backtest_score(c, N, 0, 1, 0.0, &s), PL_OK);
    sum += s.brier;
    expected = s.expected_brier;
    sd = s.expected_brier_sd;
  }
  pl_rng_free(r);
  ck_assert_double_eq_tol(sum / FOLDERS, expected, 4.0 * sd / sqrt((double)FOLDERS));
}
END_TEST

START_TEST(test_refused) {
  pl_backtest_case c = {"a", "a", "d", "s", 1, 0.5, 0, 1, 1, 1};
  pl_backtest_scores s;
  ck_assert_int_eq(pl_backtest_score(&c, 0, 0, 1, 0.0, &s), PL_EINVAL);
  ck_assert_int_eq(pl_backtest_score(NULL, 1, 0, 1, 0.0, &s), PL_EINVAL);
  ck_assert_int_eq(pl_backtest_score(&c, 1, 0, 1, 0.5, &s), PL_EINVAL);
  c.p = 1.5;
  ck_assert_int_eq(pl_backtest_score(&c, 1, 0, 1, 0.0, &s), PL_EINVAL);
  c.p = NAN;
  ck_assert_int_eq(pl_backtest_score(&c, 1, 0, 1, 0.0, &s), PL_EINVAL);
}
END_TEST

int main(void) {
  Suite *s = suite_create("backtest");
  TCase *tc = tcase_create("core");
  tcase_add_test(tc, test_by_hand);
  tcase_add_test(tc, test_expected_brier_by_simulation);
  tcase_add_test(tc, test_refused);
  suite_add_tcase(s, tc);
  SRunner *sr = srunner_create(s);
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
