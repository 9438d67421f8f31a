/*
 * check_utility.c — U_i(p) = 1 - sum_j w_ij d(|p_j - x_ij| / (max_j - min_j)) (docs/model.md),
 * values worked by hand in the comments.
 */
#include <check.h>
#include <stdlib.h>

#include "parley/utility.h"

/* Two issues, ranges [0, 100] and [0, 10] (inv_range 0.01, 0.1), saliences 0.9 and 0.3 -> weights
 * 0.75 and 0.25. Position (100, 2), text (40, 7): distances 0.6 and 0.5.
 * Linear: 1 - (0.75 * 0.6 + 0.25 * 0.5) = 1 - 0.575 = 0.425.
 * Quadratic: 1 - (0.75 * 0.36 + 0.25 * 0.25) = 1 - 0.3325 = 0.6675. */
START_TEST(test_eval) {
  double s[2] = {0.9, 0.3}, w[2], x[2] = {100.0, 2.0}, inv[2] = {0.01, 0.1}, p[2] = {40.0, 7.0};
  pl_utility_weights(2, s, w);
  ck_assert_double_eq_tol(w[0], 0.75, 1e-15);
  ck_assert_double_eq_tol(w[1], 0.25, 1e-15);
  ck_assert_double_eq_tol(pl_utility_eval(PL_UTILITY_LINEAR, 2, w, x, inv, p), 0.425, 1e-15);
  ck_assert_double_eq_tol(pl_utility_eval(PL_UTILITY_QUADRATIC, 2, w, x, inv, p), 0.6675, 1e-15);
  /* At the ideal point utility is 1; at the far end of every issue 0. */
  ck_assert_double_eq(pl_utility_eval(PL_UTILITY_LINEAR, 2, w, x, inv, x), 1.0);
  double far[2] = {0.0, 12.0};
  ck_assert_double_eq_tol(pl_utility_eval(PL_UTILITY_QUADRATIC, 2, w, x, inv, far), 0.0, 1e-15);
}
END_TEST

/* The per-issue terms of the same example: linear 0.75 * 0.6 = 0.45 and 0.25 * 0.5 = 0.125;
 * quadratic 0.75 * 0.36 = 0.27 and 0.25 * 0.25 = 0.0625. 1 minus their sum, in issue order, is
 * pl_utility_eval's value to the last bit (the contract of pl_utility_terms), here and on random
 * texts. */
START_TEST(test_terms) {
  double s[2] = {0.9, 0.3}, w[2], x[2] = {100.0, 2.0}, inv[2] = {0.01, 0.1}, p[2] = {40.0, 7.0};
  double t[2];
  pl_utility_weights(2, s, w);
  pl_utility_terms(PL_UTILITY_LINEAR, 2, w, x, inv, p, t);
  ck_assert_double_eq_tol(t[0], 0.45, 1e-15);
  ck_assert_double_eq_tol(t[1], 0.125, 1e-15);
  pl_utility_terms(PL_UTILITY_QUADRATIC, 2, w, x, inv, p, t);
  ck_assert_double_eq_tol(t[0], 0.27, 1e-15);
  ck_assert_double_eq_tol(t[1], 0.0625, 1e-15);
  srand(12345);
  for (int k = 0; k < 1000; k++) {
    double q[2] = {100.0 * rand() / RAND_MAX, 10.0 * rand() / RAND_MAX};
    for (int kind = 0; kind < 2; kind++) {
      pl_utility_kind uk = kind ? PL_UTILITY_QUADRATIC : PL_UTILITY_LINEAR;
      pl_utility_terms(uk, 2, w, x, inv, q, t);
      double loss = 0.0;
      loss += t[0];
      loss += t[1];
      ck_assert_double_eq(1.0 - loss, pl_utility_eval(uk, 2, w, x, inv, q));
    }
  }
}
END_TEST

/* Normalisation in place (s and w alias), and all-zero saliences -> zero weights -> U = 1. */
START_TEST(test_weights) {
  double s[3] = {0.2, 0.2, 0.6};
  pl_utility_weights(3, s, s);
  ck_assert_double_eq_tol(s[0] + s[1] + s[2], 1.0, 1e-15);
  ck_assert_double_eq_tol(s[2], 0.6, 1e-15);
  double z[2] = {0.0, 0.0}, x[2] = {0, 0}, inv[2] = {1, 1}, p[2] = {1, 1};
  pl_utility_weights(2, z, z);
  ck_assert_double_eq(z[0], 0.0);
  ck_assert_double_eq(z[1], 0.0);
  ck_assert_double_eq(pl_utility_eval(PL_UTILITY_LINEAR, 2, z, x, inv, p), 1.0);
}
END_TEST

int main(void) {
  Suite *s = suite_create("utility");
  TCase *tc = tcase_create("core");
  tcase_add_test(tc, test_eval);
  tcase_add_test(tc, test_weights);
  tcase_add_test(tc, test_terms);
  suite_add_tcase(s, tc);
  SRunner *sr = srunner_create(s);
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
