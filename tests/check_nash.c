/*
 * check_nash.c — the Nash text and the zone of agreement (src/nash.h), and the qualified majority
 * (protocol.quota): the known answers of scenarios/validation/nash-package.cfg and quota.cfg worked
 * in their headers, the solver against an exhaustive grid on random problems (linear and quadratic
 * utilities, two and three parties), and the absence of allocation in trials with text = "nash".
 */
#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "nash.h"
#include "parley/trial.h"
#include "parley/utility.h"
#include "testutil.h"
#include "trial_impl.h"

/* scenarios/validation/nash-package.cfg: two issues [0, 1], A at (0, 0) with saliences
 * (0.8, 0.2), B at (1, 1) with (0.2, 0.8), reservations 0.75, one round. */
static pl_scenario *package(unsigned text) {
  pl_scenario *sc = tu_scenario_new(2, 2);
  for (size_t j = 0; j < 2; j++)
    tu_issue_range(sc, j, 0.0, 1.0);
  tu_set(sc, sc->agents[1].position, 1.0);
  tu_set(sc, sc->agents[1].position + 1, 1.0);
  tu_set(sc, sc->agents[0].salience, 0.8);
  tu_set(sc, sc->agents[0].salience + 1, 0.2);
  tu_set(sc, sc->agents[1].salience, 0.2);
  tu_set(sc, sc->agents[1].salience + 1, 0.8);
  tu_set(sc, sc->agents[0].reservation, 0.75);
  tu_set(sc, sc->agents[1].reservation, 0.75);
  sc->text = text;
  tu_scenario_finish(sc);
  return sc;
}

/* Known answer (nash-package.cfg): the mean text (0.2, 0.8) is worth 0.68 < 0.75 to each, so both
 * reject; the Nash text is the corner (0, 1), worth 0.8 to each, exactly (the snap onto the box).
 */
START_TEST(test_package_known_answer) {
  pl_trial_result res;
  pl_workspace *ws = NULL;
  pl_scenario *sc = package(PLI_TEXT_MEAN);
  ck_assert_int_eq(pl_workspace_alloc(sc, &ws), PL_OK);
  ck_assert_int_eq(pl_trial_run(sc, ws, 0, NULL, &res), PL_OK);
  ck_assert_int_eq(res.outcome, PL_OUTCOME_DEADLOCK);
  pl_workspace_free(ws);
  tu_scenario_free(sc);

  sc = package(PLI_TEXT_NASH);
  ck_assert_int_eq(pl_workspace_alloc(sc, &ws), PL_OK);
  ck_assert_int_eq(pl_trial_run(sc, ws, 0, NULL, &res), PL_OK);
  ck_assert_int_eq(res.outcome, PL_OUTCOME_AGREEMENT);
  ck_assert(res.point[0] == 0.0);
  ck_assert(res.point[1] == 1.0);
  pl_workspace_free(ws);
  tu_scenario_free(sc);
}
END_TEST

/* The asymmetric Nash solution of dividing a unit (Kalai 1977; Roth 1979, ch. 2): one issue
 * [0, 1], A's ideal 0, B's 1, linear, reservations 0, so U_A = 1 - p and U_B = p; the product
 * (1 - p)^{c_A} p^{c_B} is largest at p = c_B / (c_A + c_B): 0.75 for capabilities 1 and 3, 0.5
 * for equal ones. Quadratic utilities (1 - p^2)^{c_A} (1 - (1 - p)^2)^{c_B}, equal capabilities:
 * 0.5 by symmetry. */
START_TEST(test_asymmetric_split) {
  const double cb[3] = {3.0, 1.0, 1.0}, want[3] = {0.75, 0.5, 0.5};
  for (int k = 0; k < 3; k++) {
    pl_scenario *sc = tu_scenario_new(1, 2);
    tu_issue_range(sc, 0, 0.0, 1.0);
    tu_set(sc, sc->agents[1].position, 1.0);
    tu_set(sc, sc->agents[1].capability, cb[k]);
    if (k == 2)
      sc->agents[0].utility = sc->agents[1].utility = PL_UTILITY_QUADRATIC;
    sc->text = PLI_TEXT_NASH;
    tu_scenario_finish(sc);
    pl_workspace *ws = NULL;
    pl_trial_result res;
    ck_assert_int_eq(pl_workspace_alloc(sc, &ws), PL_OK);
    ck_assert_int_eq(pl_trial_run(sc, ws, 0, NULL, &res), PL_OK);
    ck_assert_int_eq(res.outcome, PL_OUTCOME_AGREEMENT);
    ck_assert_msg(fabs(res.point[0] - want[k]) <= 1e-9, "case %d: %.17g, expected %g", k,
                  res.point[0], want[k]);
    pl_workspace_free(ws);
    tu_scenario_free(sc);
  }
}
END_TEST

/* quota.cfg: parties a, b (capability 1, at 0, reservation 0.25) and c (capability 2, at 1,
 * reservation 1) on one issue [0, 1]; the text (0 + 0 + 2) / 4 = 0.5 is accepted by a and b only.
 * Agreement iff a and b hold >= quota of the weight: 2/3 by count, 1/2 by capability. */
static pl_outcome quota_outcome(double quota, unsigned weight, unsigned *rej_c) {
  pl_scenario *sc = tu_scenario_new(1, 3);
  tu_issue_range(sc, 0, 0.0, 1.0);
  tu_set(sc, sc->agents[2].capability, 2.0);
  tu_set(sc, sc->agents[2].position, 1.0);
  tu_set(sc, sc->agents[0].reservation, 0.25);
  tu_set(sc, sc->agents[1].reservation, 0.25);
  tu_set(sc, sc->agents[2].reservation, 1.0);
  tu_set(sc, sc->quota, quota);
  sc->quota_weight = weight;
  tu_scenario_finish(sc);
  pl_workspace *ws = NULL;
  pl_trial_result res;
  ck_assert_int_eq(pl_workspace_alloc(sc, &ws), PL_OK);
  ck_assert_int_eq(pl_trial_run(sc, ws, 0, NULL, &res), PL_OK);
  *rej_c = res.rejections[2];
  ck_assert_uint_eq(res.rejections[0], 0);
  pl_workspace_free(ws);
  tu_scenario_free(sc);
  return res.outcome;
}

START_TEST(test_quota_known_answers) {
  unsigned rc;
  ck_assert_int_eq(quota_outcome(0.6, PLI_QUOTA_BY_COUNT, &rc), PL_OUTCOME_AGREEMENT);
  ck_assert_uint_eq(rc, 1); /* c's rejection still counts (blame statistics keep their meaning) */
  ck_assert_int_eq(quota_outcome(2.0 / 3.0, PLI_QUOTA_BY_COUNT, &rc), PL_OUTCOME_AGREEMENT);
  ck_assert_int_eq(quota_outcome(0.7, PLI_QUOTA_BY_COUNT, &rc), PL_OUTCOME_DEADLOCK);
  ck_assert_int_eq(quota_outcome(0.5, PLI_QUOTA_BY_CAPABILITY, &rc), PL_OUTCOME_AGREEMENT);
  ck_assert_int_eq(quota_outcome(0.6, PLI_QUOTA_BY_CAPABILITY, &rc), PL_OUTCOME_DEADLOCK);
  ck_assert_int_eq(quota_outcome(1.0, PLI_QUOTA_BY_COUNT, &rc), PL_OUTCOME_DEADLOCK);
  ck_assert_uint_eq(rc, 1);
}
END_TEST

/* quota = 1 is unanimity exactly, even by capability with a rejecter whose share of the weight is
 * below the 1e-12 tolerance (a and b of capability 1 accept, c of capability 1e-14 rejects): the
 * tolerance applies only to a qualified majority. With quota 0.999 by capability it agrees. */
START_TEST(test_unanimity_is_exact) {
  for (int k = 0; k < 2; k++) {
    pl_scenario *sc = tu_scenario_new(1, 3);
    tu_issue_range(sc, 0, 0.0, 1.0);
    tu_set(sc, sc->agents[2].capability, 1e-14);
    tu_set(sc, sc->agents[2].position, 1.0);
    tu_set(sc, sc->agents[2].reservation, 1.0); /* the text ~0 is worth ~0 to c: it rejects */
    tu_set(sc, sc->quota, k == 0 ? 1.0 : 0.999);
    sc->quota_weight = PLI_QUOTA_BY_CAPABILITY;
    tu_scenario_finish(sc);
    pl_workspace *ws = NULL;
    pl_trial_result res;
    ck_assert_int_eq(pl_workspace_alloc(sc, &ws), PL_OK);
    ck_assert_int_eq(pl_trial_run(sc, ws, 0, NULL, &res), PL_OK);
    ck_assert_int_eq(res.outcome, k == 0 ? PL_OUTCOME_DEADLOCK : PL_OUTCOME_AGREEMENT);
    ck_assert_uint_eq(res.rejections[2], 1);
    pl_workspace_free(ws);
    tu_scenario_free(sc);
  }
}
END_TEST

/* The diagnostic: pl_trial_zone (draws only) and a trial run with montecarlo.zone = 1 give the
 * same margin, bit for bit, for the same trial; without the setting a trial reports none; the
 * package (nash-package.cfg) has margin 0.05 at (0, 1). */
START_TEST(test_zone_diagnostic) {
  pl_scenario *sc = package(PLI_TEXT_MEAN);
  tu_set_dist(sc, sc->agents[0].reservation, PL_DIST_UNIFORM, 0.6, 0.9, 0);
  tu_scenario_finish(sc);
  pl_workspace *ws = NULL;
  pl_trial_result res;
  ck_assert_int_eq(pl_workspace_alloc(sc, &ws), PL_OK);
  ck_assert_int_eq(pl_trial_run(sc, ws, 3, NULL, &res), PL_OK);
  ck_assert_int_eq(res.zone, -1);
  ck_assert(isnan(res.zone_margin));
  pl_workspace_free(ws);
  sc->zone = 1;
  ck_assert_int_eq(pl_workspace_alloc(sc, &ws), PL_OK);
  unsigned with = 0;
  for (uint64_t k = 0; k < 50; k++) {
    double margin;
    int zone;
    ck_assert_int_eq(pl_trial_zone(sc, ws, k, &margin, &zone), PL_OK);
    ck_assert_int_eq(pl_trial_run(sc, ws, k, NULL, &res), PL_OK);
    ck_assert(res.zone_margin == margin);
    ck_assert_int_eq(res.zone, zone);
    /* A's reservation r_A ~ U(0.6, 0.9), B's 0.75. From (0, 1), where each gets 0.8, A gains
     * only by lowering y: 0.2 per unit for A, -0.8 for B, so B keeps 0.75 down to y = 1 - 1/16
     * and A gets at most 0.8 + 0.2 / 16 = 0.8125: a zone iff r_A <= 0.8125. */
    double ra = pli_workspace_theta(ws)[sc->agents[0].reservation];
    if (fabs(ra - 0.8125) > 1e-9)
      ck_assert_int_eq(zone, ra < 0.8125);
    /* The best margin equalises the surpluses along that frontier: raising x by d = 0.75 - r_A
     * when r_A <= 0.75 (margin 0.05 + 0.2 d), lowering y by d = r_A - 0.75 otherwise (margin
     * 0.05 - 0.8 d); within the solver's 1e-10 (PLI_NASH_GAP). */
    double want = ra <= 0.75 ? 0.05 + 0.2 * (0.75 - ra) : 0.05 - 0.8 * (ra - 0.75);
    ck_assert_msg(fabs(margin - want) <= 1e-10, "trial %u: margin %.17g, expected %.17g",
                  (unsigned)k, margin, want);
    with += (unsigned)zone;
  }
  ck_assert_uint_gt(with, 0);
  ck_assert_uint_lt(with, 50);
  pl_workspace_free(ws);
  tu_scenario_free(sc);
}
END_TEST

/* A deterministic generator for the random problems (Knuth's MMIX LCG), top 53 bits. */
static double tn_uniform(uint64_t *s) {
  *s = *s * 6364136223846793005u + 1442695040888963407u;
  return (double)(*s >> 11) / 9007199254740992.0;
}

typedef struct {
  pl_scenario *sc;
  double theta[64], x[8], s[8], w[8], r[4], inv_range[2], text[2];
  unsigned char accepted[4];
  pli_trial_state ts;
} tn_problem;

/* m parties on two issues [0, 1] with random positions, saliences, reservations, capabilities
 * and utility kinds; the state as a trial would see it at its start. */
static void tn_make(tn_problem *P, size_t m, uint64_t *seed) {
  pl_scenario *sc = tu_scenario_new(2, m);
  for (size_t j = 0; j < 2; j++)
    tu_issue_range(sc, j, 0.0, 1.0);
  for (size_t i = 0; i < m; i++) {
    sc->agents[i].utility = tn_uniform(seed) < 0.5 ? PL_UTILITY_LINEAR : PL_UTILITY_QUADRATIC;
    tu_set(sc, sc->agents[i].capability, 0.5 + 1.5 * tn_uniform(seed));
    tu_set(sc, sc->agents[i].reservation, 0.6 + 0.4 * tn_uniform(seed));
    for (size_t j = 0; j < 2; j++) {
      tu_set(sc, sc->agents[i].position + j, tn_uniform(seed));
      tu_set(sc, sc->agents[i].salience + j, 0.05 + 0.95 * tn_uniform(seed));
    }
  }
  tu_scenario_finish(sc);
  ck_assert_uint_le(sc->n_params, 64);
  P->sc = sc;
  for (size_t k = 0; k < sc->n_params; k++)
    P->theta[k] = sc->params[k].dist.a;
  for (size_t i = 0; i < m; i++) {
    for (size_t j = 0; j < 2; j++) {
      P->x[i * 2 + j] = P->theta[sc->agents[i].position + j];
      P->s[i * 2 + j] = P->theta[sc->agents[i].salience + j];
    }
    pl_utility_weights(2, P->s + i * 2, P->w + i * 2);
    P->r[i] = P->theta[sc->agents[i].reservation];
  }
  P->inv_range[0] = P->inv_range[1] = 1.0;
  P->ts = (pli_trial_state){.sc = sc,
                            .n_issues = 2,
                            .n_agents = m,
                            .theta = P->theta,
                            .x = P->x,
                            .x0 = P->x,
                            .s = P->s,
                            .w = P->w,
                            .r = P->r,
                            .inv_range = P->inv_range,
                            .text = P->text,
                            .accepted = P->accepted};
}

/* The weighted log Nash product at p (-inf without positive surpluses) and the margin. */
static void tn_eval(const tn_problem *P, const double *p, double *nash, double *margin) {
  double csum = 0.0, f = 0.0, mg = INFINITY;
  for (size_t i = 0; i < P->ts.n_agents; i++)
    csum += P->theta[P->sc->agents[i].capability];
  for (size_t i = 0; i < P->ts.n_agents; i++) {
    double g =
        pl_utility_eval(P->sc->agents[i].utility, 2, P->w + i * 2, P->x + i * 2, P->inv_range, p) -
        P->r[i];
    mg = g < mg ? g : mg;
    f += g > 0.0 ? P->theta[P->sc->agents[i].capability] / csum * log(g) : -INFINITY;
  }
  *nash = f;
  *margin = mg;
}

/* 200 random problems: the solver's margin is no worse than the best of a 401 x 401 grid (a lower
 * bound of the optimum) less 1e-9, and no better than that plus the grid's resolution (each
 * utility moves by at most 2 * 0.0025 per half step); when the grid shows a positive margin the
 * Nash text exists and its product is no worse than the grid's best less 1e-9; when the grid's
 * best margin is below -0.005 there is none. */
START_TEST(test_against_grid) {
  uint64_t seed = 20240819u;
  double work[256];
  unsigned found_any = 0, none_any = 0;
  for (unsigned rep = 0; rep < 200; rep++) {
    tn_problem P;
    tn_make(&P, 2 + rep % 2, &seed);
    ck_assert_uint_le(pli_nash_work_doubles(2, P.ts.n_agents), 256);
    double gn = -INFINITY, gm = -INFINITY;
    for (int a = 0; a <= 400; a++)
      for (int b = 0; b <= 400; b++) {
        double p[2] = {a / 400.0, b / 400.0}, fn, fm;
        tn_eval(&P, p, &fn, &fm);
        gn = fn > gn ? fn : gn;
        gm = fm > gm ? fm : gm;
      }
    double margin;
    ck_assert_int_eq(pli_nash_zone(&P.ts, work, &margin), PL_OK);
    ck_assert_msg(margin >= gm - 1e-9 && margin <= gm + 0.0051, "rep %u: margin %.17g, grid %.17g",
                  rep, margin, gm);
    double text[2] = {-1.0, -1.0};
    int found;
    ck_assert_int_eq(pli_nash_text(&P.ts, work, text, &found), PL_OK);
    if (gm > 1e-6) {
      ck_assert_msg(found, "rep %u: grid margin %g but no Nash text", rep, gm);
    }
    if (gm < -0.0051) {
      ck_assert_msg(!found, "rep %u: grid margin %g but a Nash text", rep, gm);
    }
    if (found) {
      double fn, fm;
      tn_eval(&P, text, &fn, &fm);
      ck_assert_msg(fm > 0.0, "rep %u: the Nash text leaves a party without surplus", rep);
      ck_assert_msg(fn >= gn - 1e-9, "rep %u: product %.17g below the grid's %.17g", rep, fn, gn);
      found_any++;
    } else {
      ck_assert(text[0] == -1.0 && text[1] == -1.0); /* untouched */
      none_any++;
    }
    tu_scenario_free(P.sc);
  }
  ck_assert_uint_gt(found_any, 20); /* both branches were exercised */
  ck_assert_uint_gt(none_any, 20);
}
END_TEST

#if !defined(__SANITIZE_ADDRESS__)
/* Counting allocator (tu_alloc.h): running trials allocates nothing. */
#include "tu_alloc.h"

/* 500 trials of the package with uncertain reservations and positions, mediated and eum, with a
 * quota: zero allocations once the workspace exists. */
START_TEST(test_no_allocation) {
  for (int proto = 0; proto < 2; proto++) {
    pl_scenario *sc = package(PLI_TEXT_NASH);
    sc->protocol = proto ? PL_PROTOCOL_EUM : PL_PROTOCOL_MEDIATED;
    sc->max_rounds = 10;
    tu_set_dist(sc, sc->agents[0].reservation, PL_DIST_UNIFORM, 0.6, 0.9, 0);
    tu_set_dist(sc, sc->agents[1].position, PL_DIST_UNIFORM, 0.5, 1.0, 0);
    tu_set(sc, sc->agents[0].flexibility, 0.1);
    tu_set(sc, sc->quota, 0.5);
    sc->zone = 1; /* the diagnostic too */
    tu_scenario_finish(sc);
    pl_workspace *ws = NULL;
    pl_trial_result res;
    ck_assert_int_eq(pl_workspace_alloc(sc, &ws), PL_OK);
    unsigned long before = tu_allocations;
    uint64_t failures = 0, agreements = 0;
    for (uint64_t k = 0; k < 500; k++) {
      failures += pl_trial_run(sc, ws, k, NULL, &res) != PL_OK;
      agreements += res.outcome == PL_OUTCOME_AGREEMENT;
    }
    unsigned long during = tu_allocations - before;
    ck_assert_uint_eq(failures, 0);
    ck_assert_uint_eq(during, 0);
    ck_assert_uint_gt(agreements, 0);
    pl_workspace_free(ws);
    tu_scenario_free(sc);
  }
}
END_TEST
#endif

int main(void) {
  Suite *s = suite_create("nash");
  TCase *tc = tcase_create("core");
  tcase_set_timeout(tc, 60);
  tcase_add_test(tc, test_package_known_answer);
  tcase_add_test(tc, test_asymmetric_split);
  tcase_add_test(tc, test_quota_known_answers);
  tcase_add_test(tc, test_unanimity_is_exact);
  tcase_add_test(tc, test_zone_diagnostic);
  tcase_add_test(tc, test_against_grid);
#if !defined(__SANITIZE_ADDRESS__)
  tcase_add_test(tc, test_no_allocation);
#endif
  suite_add_tcase(s, tc);
  SRunner *sr = srunner_create(s);
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
