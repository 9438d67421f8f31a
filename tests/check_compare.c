/*
 * check_compare.c — the paired difference of two scenarios (parley/compare.h): the formulas on
 * counts worked by hand, and pl_compare_run's contracts (a scenario against itself, thread
 * invariance, the arguments it refuses).
 */
#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parley/compare.h"
#include "parley/stats.h"

/* By hand: 10 trials, scenario 0 agrees in 8, scenario s in 6; 3 trials agree only in 0 and 1
 * only in s. d = -1 (3 times), +1 (once), 0 (6 times): mean -0.2; sum d^2 = 4, sample variance
 * (4 - 10 * 0.04) / 9 = 0.4; half-width 1.96 sqrt(0.4 / 10) = 1.96 * 0.2. Unpaired: 1.96 sqrt((0.8
 * * 0.2 + 0.6 * 0.4) / 10) = 1.96 * 0.2 too, ratio 1. */
START_TEST(test_paired_by_hand) {
  pl_compare_diff d;
  pl_compare_paired(10, 8, 6, 3, 1, &d);
  ck_assert_double_eq_tol(d.diff, -0.2, 1e-15);
  ck_assert_double_eq_tol(d.ci_low, -0.2 - PL_Z95 * 0.2, 1e-12);
  ck_assert_double_eq_tol(d.ci_high, -0.2 + PL_Z95 * 0.2, 1e-12);
  ck_assert_double_eq_tol(d.unpaired_half, PL_Z95 * 0.2, 1e-12);
  ck_assert_double_eq_tol(d.ratio, 1.0, 1e-12);
  /* Concordant trials only: the difference and its interval are exactly 0. */
  pl_compare_paired(1000, 500, 500, 0, 0, &d);
  ck_assert(d.diff == 0.0 && d.ci_low == 0.0 && d.ci_high == 0.0 && d.ratio == 0.0);
  /* One trial: no variance, no interval. No trial: nothing. */
  pl_compare_paired(1, 1, 0, 1, 0, &d);
  ck_assert(d.diff == -1.0 && isnan(d.ci_low) && isnan(d.ci_high));
  pl_compare_paired(0, 0, 0, 0, 0, &d);
  ck_assert(isnan(d.diff));
}
END_TEST

static const char *const scenario_text =
    "name = \"t\";\n"
    "issues = ( { id = \"x\"; min = 0.0; max = 1.0; } );\n"
    "agents = (\n"
    "  { id = \"a\"; role = \"party\"; capability = 1.0; reservation = { dist = \"uniform\"; min = "
    "0.0; max = 0.8; "
    "};\n"
    "    position = { x = 0.0; }; salience = { x = 1.0; }; },\n"
    "  { id = \"b\"; role = \"party\"; capability = 1.0; reservation = 0.3; flexibility = 0.2;\n"
    "    position = { x = 1.0; }; salience = { x = 1.0; }; } );\n"
    "protocol = { kind = \"mediated\"; max_rounds = 5; breakdown = 0.1; noise = 0.05; };\n"
    "montecarlo = { trials = 5000; seed = 3L; };\n";

static pl_scenario *load(const char *extra) {
  pl_scenario *sc = NULL;
  ck_assert_int_eq(pl_scenario_load_string(scenario_text, "t.cfg", NULL, NULL, &sc), PL_OK);
  if (extra != NULL) {
    ck_assert_int_eq(pl_scenario_set(sc, extra, NULL), PL_OK);
  }
  return sc;
}

START_TEST(test_run_contracts) {
  pl_scenario *a = load(NULL), *b = load(NULL), *c = load("protocol.breakdown=0.3");
  const pl_scenario *same[2] = {a, b};
  pl_compare *r1 = NULL, *r2 = NULL;
  pl_compare_options one = {.threads = 1}, three = {.threads = 3};
  ck_assert_int_eq(pl_compare_run(same, 2, &one, &r1), PL_OK);
  for (unsigned o = 0; o < PL_N_OUTCOMES; o++) {
    const pl_compare_diff *d = &r1->diff[PL_N_OUTCOMES + o];
    ck_assert(d->only_first == 0 && d->only_this == 0 && d->diff == 0.0 && d->ci_low == 0.0);
  }
  ck_assert_uint_eq(r1->trials, 5000);
  pl_compare_free(r1);
  /* Thread invariance, and the summary of each scenario is pl_mc_run's. */
  const pl_scenario *ac[2] = {a, c};
  ck_assert_int_eq(pl_compare_run(ac, 2, &one, &r1), PL_OK);
  ck_assert_int_eq(pl_compare_run(ac, 2, &three, &r2), PL_OK);
  ck_assert(memcmp(r1->diff, r2->diff, 2 * PL_N_OUTCOMES * sizeof *r1->diff) == 0);
  pl_summary *s = NULL;
  pl_mc_options mo = {.threads = 2};
  ck_assert_int_eq(pl_mc_run(c, &mo, &s), PL_OK);
  ck_assert(s->p_agreement == r1->summary[1]->p_agreement);
  ck_assert(s->point[0].mean == r2->summary[1]->point[0].mean);
  pl_summary_free(s);
  pl_compare_free(r1);
  pl_compare_free(r2);
  /* Refused: fewer than two, another seed or trials, NULL. */
  ck_assert_int_eq(pl_compare_run(ac, 1, NULL, &r1), PL_EINVAL);
  ck_assert_ptr_null(r1);
  ck_assert_int_eq(pl_scenario_set(c, "montecarlo.seed=4", NULL), PL_OK);
  ck_assert_int_eq(pl_compare_run(ac, 2, NULL, &r1), PL_EINVAL);
  ck_assert_int_eq(pl_compare_run(NULL, 2, NULL, &r1), PL_EINVAL);
  ck_assert_int_eq(pl_compare_run(ac, 2, NULL, NULL), PL_EINVAL);
  pl_compare_free(NULL);
  pl_scenario_free(a);
  pl_scenario_free(b);
  pl_scenario_free(c);
}
END_TEST

int main(void) {
  Suite *s = suite_create("compare");
  TCase *tc = tcase_create("core");
  tcase_add_test(tc, test_paired_by_hand);
  tcase_add_test(tc, test_run_contracts);
  tcase_set_timeout(tc, 60);
  suite_add_tcase(s, tc);
  SRunner *sr = srunner_create(s);
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
