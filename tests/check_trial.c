/*
 * check_trial.c — one negotiation (docs/model.md) and the `mediated` protocol: known answers worked
 * by hand in the comments, statistical checks within 4 binomial standard errors, traces, common
 * random numbers, protocol steps that fail (test-only vtables), and the absence of allocation
 * inside a trial.
 */
#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "events.h"
#include "parley/trial.h"
#include "protocol.h"
#include "testutil.h"
#include "trial_impl.h"

/* Two parties on one issue [0, 100] at 0 and 100, equal capability and salience: the mediated text
 * is 50 in every round by symmetry, and each party's utility of it is 1 - gap / 100 where
 * gap = |50 - x_i|. */
static pl_scenario *two_parties(double r, double f, unsigned rounds) {
  pl_scenario *sc = tu_scenario_new(1, 2);
  tu_set(sc, sc->agents[1].position, 100.0);
  for (size_t i = 0; i < 2; i++) {
    tu_set(sc, sc->agents[i].reservation, r);
    tu_set(sc, sc->agents[i].flexibility, f);
  }
  sc->max_rounds = rounds;
  tu_scenario_finish(sc);
  return sc;
}

/* Runs trials 0 .. n-1 and counts outcomes. */
static void run_many(const pl_scenario *sc, uint64_t n, uint64_t counts[PL_N_OUTCOMES]) {
  pl_workspace *ws = NULL;
  ck_assert_int_eq(pl_workspace_alloc(sc, &ws), PL_OK);
  for (int o = 0; o < PL_N_OUTCOMES; o++)
    counts[o] = 0;
  for (uint64_t k = 0; k < n; k++) {
    pl_trial_result res;
    ck_assert_int_eq(pl_trial_run(sc, ws, k, NULL, &res), PL_OK);
    counts[res.outcome]++;
  }
  pl_workspace_free(ws);
}

/* Keyed streams (docs/model.md): a parameter's draw depends on (seed, trial, its path) only.
 * Two saliences with the same distribution draw different values; fixing one of them, or making a
 * third number uncertain, leaves the other's draw in every trial exactly as it was. */
START_TEST(test_keyed_streams) {
  pl_scenario *sc = tu_scenario_new(2, 2);
  size_t s0 = sc->agents[0].salience, s1 = sc->agents[0].salience + 1;
  tu_set_dist(sc, s0, PL_DIST_UNIFORM, 0.1, 0.9, 0);
  tu_set_dist(sc, s1, PL_DIST_UNIFORM, 0.1, 0.9, 0);
  tu_scenario_finish(sc);
  ck_assert(sc->params[s0].key != sc->params[s1].key);
  pl_workspace *ws = NULL;
  double before[50][2];
  ck_assert_int_eq(pl_workspace_alloc(sc, &ws), PL_OK);
  for (uint64_t k = 0; k < 50; k++) {
    pli_trial_draw(sc, ws, k);
    before[k][0] = pli_workspace_theta(ws)[s0];
    before[k][1] = pli_workspace_theta(ws)[s1];
    ck_assert(before[k][0] != before[k][1]);
  }
  pl_workspace_free(ws);
  tu_set_dist(sc, s0, PL_DIST_FIXED, 0.5, 0, 0);
  tu_set_dist(sc, sc->agents[1].reservation, PL_DIST_NORMAL, 0.5, 0.1, 0);
  tu_set_dist(sc, sc->breakdown, PL_DIST_UNIFORM, 0.0, 0.1, 0);
  tu_scenario_finish(sc);
  ck_assert_int_eq(pl_workspace_alloc(sc, &ws), PL_OK);
  for (uint64_t k = 0; k < 50; k++) {
    pli_trial_draw(sc, ws, k);
    ck_assert_double_eq(pli_workspace_theta(ws)[s0], 0.5);
    ck_assert_double_eq(pli_workspace_theta(ws)[s1], before[k][1]);
  }
  pl_workspace_free(ws);
  tu_scenario_free(sc);
}
END_TEST

/* A trial's breakdown risk drawn from uniform(0, 0.2): with one round and agreement certain once a
 * text is put, P(breakdown) = E[b] = 0.1; N = 40000 trials, binomial sd sqrt(0.09 / N) = 0.0015,
 * tolerance 4 sd. Playing a parameter vector against another trial's rounds (pli_trial_play with
 * a luck index) uses that trial's breakdown uniform: b = 1 always breaks down, b = 0 never. */
START_TEST(test_breakdown_distribution) {
  pl_scenario *sc = tu_scenario_new(1, 2);
  tu_set_dist(sc, sc->breakdown, PL_DIST_UNIFORM, 0.0, 0.2, 0);
  sc->max_rounds = 1;
  tu_scenario_finish(sc);
  uint64_t c[PL_N_OUTCOMES];
  const double n = 40000;
  run_many(sc, (uint64_t)n, c);
  ck_assert_double_le(fabs((double)c[PL_OUTCOME_BREAKDOWN] / n - 0.1), 4 * sqrt(0.09 / n));
  pl_workspace *ws = NULL;
  ck_assert_int_eq(pl_workspace_alloc(sc, &ws), PL_OK);
  pl_trial_result res;
  for (uint64_t k = 0; k < 20; k++) {
    pli_trial_draw(sc, ws, k);
    pli_workspace_theta(ws)[sc->breakdown] = 1.0;
    ck_assert_int_eq(pli_trial_play(sc, ws, k + 1000, NULL, &res), PL_OK);
    ck_assert_int_eq(res.outcome, PL_OUTCOME_BREAKDOWN);
    pli_trial_draw(sc, ws, k);
    pli_workspace_theta(ws)[sc->breakdown] = 0.0;
    ck_assert_int_eq(pli_trial_play(sc, ws, k + 1000, NULL, &res), PL_OK);
    ck_assert_int_eq(res.outcome, PL_OUTCOME_AGREEMENT);
  }
  pl_workspace_free(ws);
  tu_scenario_free(sc);
}
END_TEST

/* Identical ideal points: the text is that point, every utility is 1 >= any reservation, so every
 * trial agrees in round 1 at 50 (P = 1), and utility0 = 1 for both. */
START_TEST(test_identical_ideals) {
  pl_scenario *sc = tu_scenario_new(1, 2);
  for (size_t i = 0; i < 2; i++) {
    tu_set(sc, sc->agents[i].position, 50.0);
    tu_set(sc, sc->agents[i].reservation, 0.99);
  }
  sc->max_rounds = 10;
  tu_scenario_finish(sc);
  pl_workspace *ws = NULL;
  ck_assert_int_eq(pl_workspace_alloc(sc, &ws), PL_OK);
  for (uint64_t k = 0; k < 1000; k++) {
    pl_trial_result res;
    ck_assert_int_eq(pl_trial_run(sc, ws, k, NULL, &res), PL_OK);
    ck_assert_int_eq(res.outcome, PL_OUTCOME_AGREEMENT);
    ck_assert_uint_eq(res.rounds, 1);
    ck_assert_double_eq(res.point[0], 50.0);
    ck_assert_double_eq(res.utility0[0], 1.0);
    ck_assert_uint_eq(res.responses[1], 1);
    ck_assert_uint_eq(res.rejections[1], 0);
  }
  pl_workspace_free(ws);
  tu_scenario_free(sc);
}
END_TEST

/* With breakdown b every round but agreement certain once a text is put, a trial agrees in round 1
 * with probability 1 - b and breaks down otherwise. b = 0.3, N = 20000: binomial sd
 * sqrt(0.7 * 0.3 / N) = 0.00324; tolerance 4 sd. */
START_TEST(test_breakdown) {
  pl_scenario *sc = tu_scenario_new(1, 2);
  tu_set(sc, sc->breakdown, 0.3);
  sc->max_rounds = 5;
  tu_scenario_finish(sc);
  uint64_t c[PL_N_OUTCOMES];
  const double n = 20000;
  run_many(sc, (uint64_t)n, c);
  ck_assert_uint_eq(c[PL_OUTCOME_DEADLOCK], 0);
  ck_assert_double_le(fabs((double)c[PL_OUTCOME_AGREEMENT] / n - 0.7), 4 * sqrt(0.21 / n));
  /* b = 1: every trial breaks down in round 1; b = 0: none does. */
  tu_set(sc, sc->breakdown, 1.0);
  run_many(sc, 100, c);
  ck_assert_uint_eq(c[PL_OUTCOME_BREAKDOWN], 100);
  tu_set(sc, sc->breakdown, 0.0);
  run_many(sc, 100, c);
  ck_assert_uint_eq(c[PL_OUTCOME_AGREEMENT], 100);
  tu_scenario_free(sc);
}
END_TEST

/* Known answer, pure chance (docs/model.md): the text 50 is worth exactly 0.5 to both parties (gap
 * 50 of 100), their reservation is 0.5, noise 0.1, no concession, no breakdown. Each accepts with
 * probability 1 / (1 + e^0) = 1/2, independently, so a round agrees with probability 1/4 and
 * P(AGREEMENT within T rounds) = 1 - 0.75^T. T = 3: 0.578125; N = 20000: sd = 0.00349. */
START_TEST(test_pure_chance) {
  pl_scenario *sc = two_parties(0.5, 0.0, 3);
  tu_set(sc, sc->noise, 0.1);
  uint64_t c[PL_N_OUTCOMES];
  const double n = 20000, p = 1.0 - pow(0.75, 3);
  run_many(sc, (uint64_t)n, c);
  ck_assert_uint_eq(c[PL_OUTCOME_BREAKDOWN], 0);
  ck_assert_double_le(fabs((double)c[PL_OUTCOME_AGREEMENT] / n - p), 4 * sqrt(p * (1 - p) / n));
  tu_scenario_free(sc);
}
END_TEST

/* Concession worked by hand: parties at 0 and 100, reservation r = 0.8, flexibility f = 0.2, no
 * noise. The text stays 50; party 0's gap to it is g(t) = 50 (1 - f)^(t - 1) = 50, 40, 32, 25.6,
 * 20.48, 16.384; it accepts iff 1 - g/100 >= 0.8, i.e. g <= 20: round 6 (party 1 mirrors it).
 * Before that each party rejected 5 texts and responded to 6. utility0 = 1 - 50/100 = 0.5. With
 * only 5 rounds the trial is a deadlock in round 5. */
START_TEST(test_concession_round) {
  pl_scenario *sc = two_parties(0.8, 0.2, 10);
  pl_workspace *ws = NULL;
  pl_trial_result res;
  ck_assert_int_eq(pl_workspace_alloc(sc, &ws), PL_OK);
  ck_assert_int_eq(pl_trial_run(sc, ws, 0, NULL, &res), PL_OK);
  ck_assert_int_eq(res.outcome, PL_OUTCOME_AGREEMENT);
  ck_assert_uint_eq(res.rounds, 6);
  ck_assert_double_eq_tol(res.point[0], 50.0, 1e-12);
  ck_assert_uint_eq(res.responses[0], 6);
  ck_assert_uint_eq(res.rejections[0], 5);
  ck_assert_uint_eq(res.rejections[1], 5);
  ck_assert_double_eq_tol(res.utility0[0], 0.5, 1e-12);
  ck_assert_double_eq_tol(res.utility0[1], 0.5, 1e-12);
  pl_workspace_free(ws);
  tu_scenario_free(sc);

  sc = two_parties(0.8, 0.2, 5);
  ck_assert_int_eq(pl_workspace_alloc(sc, &ws), PL_OK);
  ck_assert_int_eq(pl_trial_run(sc, ws, 0, NULL, &res), PL_OK);
  ck_assert_int_eq(res.outcome, PL_OUTCOME_DEADLOCK);
  ck_assert_uint_eq(res.rounds, 5);
  ck_assert_uint_eq(res.rejections[0], 5);
  pl_workspace_free(ws);
  tu_scenario_free(sc);
}
END_TEST

/* A text that sits exactly on the threshold is accepted (docs/model.md: ties accept): f = 0.5 gives
 * gaps 50, 25; r = 0.75 is reached exactly in round 2. */
START_TEST(test_tie_accepts) {
  pl_scenario *sc = two_parties(0.75, 0.5, 10);
  pl_workspace *ws = NULL;
  pl_trial_result res;
  ck_assert_int_eq(pl_workspace_alloc(sc, &ws), PL_OK);
  ck_assert_int_eq(pl_trial_run(sc, ws, 0, NULL, &res), PL_OK);
  ck_assert_int_eq(res.outcome, PL_OUTCOME_AGREEMENT);
  ck_assert_uint_eq(res.rounds, 2);
  pl_workspace_free(ws);
  tu_scenario_free(sc);
}
END_TEST

/* Known answer, Stokman compromise: the Decide sample issue, p = sum c s x / sum c s (Stokman and
 * van den Bos 1992) = 248.0 / 5.025 = 49.353234 (sums worked out from the data below). The mediated
 * protocol's round-1 text in a trial of the same scenario is the same number, bit for bit. */
START_TEST(test_stokman_compromise) {
  static const double pos[10] = {100, 50, 100, 0, 75, 25, 25, 75, 25, 0};
  static const double sal[10] = {.95, .8, .95, .9, .7, .8, .5, .7, .8, .95};
  static const double cap[10] = {1, 1, .6, .5, .4, .5, .2, .2, .6, .9};
  pl_scenario *sc = tu_scenario_new(1, 10);
  double theta[512], text[1];
  ck_assert_uint_le(sc->n_params, 512);
  for (size_t i = 0; i < 10; i++) {
    tu_set(sc, sc->agents[i].capability, cap[i]);
    tu_set(sc, sc->agents[i].position, pos[i]);
    tu_set(sc, sc->agents[i].salience, sal[i]);
  }
  tu_scenario_finish(sc);
  for (size_t k = 0; k < sc->n_params; k++)
    theta[k] = sc->params[k].dist.a;
  pli_trial_state ts = {0};
  ts.sc = sc;
  ts.n_issues = 1;
  ts.n_agents = 10;
  ts.theta = theta;
  double x[10];
  for (size_t i = 0; i < 10; i++)
    x[i] = pos[i];
  ts.x = x;
  ts.s = sal;
  pli_protocol_mediated_text(&ts, text);
  ck_assert_double_eq_tol(text[0], 49.353234, 1e-6);
  /* Saliences all zero on the issue: the capability-weighted mean of positions
   * (protocol.h): sum c x / sum c = 303.75 / 6.0 = 50.625... computed: */
  static const double zero[10] = {0};
  ts.s = zero;
  pli_protocol_mediated_text(&ts, text);
  double num = 0, den = 0;
  for (size_t i = 0; i < 10; i++) {
    num += cap[i] * pos[i];
    den += cap[i];
  }
  ck_assert_double_eq_tol(text[0], num / den, 1e-12);

  pl_workspace *ws = NULL;
  pl_trace *tr = NULL;
  pl_trial_result res;
  ck_assert_int_eq(pl_workspace_alloc(sc, &ws), PL_OK);
  ck_assert_int_eq(pl_trace_alloc(sc, &tr), PL_OK);
  ck_assert_int_eq(pl_trial_run(sc, ws, 0, tr, &res), PL_OK);
  ts.s = sal;
  pli_protocol_mediated_text(&ts, text);
  ck_assert_double_eq(pl_trace_round_at(tr, 0)->text[0], text[0]);
  ck_assert_double_eq_tol(text[0], 49.353234, 1e-6);
  pl_trace_free(tr);
  pl_workspace_free(ws);
  tu_scenario_free(sc);
}
END_TEST

/* Leverage (docs/model.md): a mediator with leverage 0.1 on party 0 lowers its reservation by 0.1
 * after every round it rejects. Parties at 0 and 100, mediator at 50: the text is 50, worth 0.5 to
 * both; no concessions. Party 0: r = 0.8, 0.7, 0.6, 0.5 -> accepts in round 4 (0.5 >= 0.5 - 1e-12
 * even though 0.8 - 3 * 0.1 rounds to 0.5000000000000001). Party 1 (r = 0.3) accepts every text, so
 * leverage never touches its reservation. */
START_TEST(test_leverage) {
  pl_scenario *sc = tu_scenario_new(1, 3);
  tu_set(sc, sc->agents[1].position, 100.0);
  tu_set(sc, sc->agents[2].position, 50.0);
  tu_set_role(sc, 2, PL_ROLE_MEDIATOR);
  tu_set(sc, sc->agents[0].reservation, 0.8);
  tu_set(sc, sc->agents[1].reservation, 0.3);
  tu_set(sc, sc->agents[2].leverage + 0, 0.1);
  tu_set(sc, sc->agents[2].leverage + 1, 0.1);
  sc->max_rounds = 10;
  tu_scenario_finish(sc);
  pl_workspace *ws = NULL;
  pl_trace *tr = NULL;
  pl_trial_result res;
  ck_assert_int_eq(pl_workspace_alloc(sc, &ws), PL_OK);
  ck_assert_int_eq(pl_trace_alloc(sc, &tr), PL_OK);
  ck_assert_int_eq(pl_trial_run(sc, ws, 0, tr, &res), PL_OK);
  ck_assert_int_eq(res.outcome, PL_OUTCOME_AGREEMENT);
  ck_assert_uint_eq(res.rounds, 4);
  ck_assert_uint_eq(pl_trace_n_rounds(tr), 4);
  for (size_t k = 0; k < 4; k++) {
    const pl_trace_round *rd = pl_trace_round_at(tr, k);
    ck_assert_double_eq_tol(rd->reservations[0], 0.8 - 0.1 * (double)k, 1e-12);
    ck_assert_double_eq(rd->reservations[1], 0.3);
    ck_assert_int_eq(rd->responses[0], k == 3);
    ck_assert_int_eq(rd->responses[1], 1);
    ck_assert_int_eq(rd->responses[2], -1); /* mediators do not respond */
    ck_assert(isnan(rd->thresholds[2]));
    ck_assert_double_eq_tol(rd->text[0], 50.0, 1e-12);
    ck_assert_double_eq_tol(rd->utilities[0], 0.5, 1e-12);
  }
  ck_assert_uint_eq(res.responses[2], 0);
  /* Never below 0: a mediator at 100 with capability 10 pulls the text to (100 + 1000) / 12 =
   * 91.67, worth 0.0833 to party 0, which rejects at r = 0.3; leverage 0.5 takes r to
   * max(0, 0.3 - 0.5) = 0 and it stays 0. Party 1 (r = 1, no leverage on it) rejects every text
   * worth 0.9167 to it: a deadlock. */
  tu_set(sc, sc->agents[2].leverage + 0, 0.5);
  tu_set(sc, sc->agents[2].leverage + 1, 0.0);
  tu_set(sc, sc->agents[2].position, 100.0);
  tu_set(sc, sc->agents[2].capability, 10.0);
  tu_set(sc, sc->agents[0].reservation, 0.3);
  tu_set(sc, sc->agents[1].reservation, 1.0);
  pl_workspace_free(ws);
  ck_assert_int_eq(pl_workspace_alloc(sc, &ws), PL_OK);
  ck_assert_int_eq(pl_trial_run(sc, ws, 0, tr, &res), PL_OK);
  ck_assert_int_eq(res.outcome, PL_OUTCOME_DEADLOCK);
  ck_assert_double_eq_tol(pl_trace_round_at(tr, 0)->text[0], 1100.0 / 12.0, 1e-12);
  ck_assert_double_eq(pl_trace_round_at(tr, 0)->reservations[0], 0.3);
  ck_assert_double_eq(pl_trace_round_at(tr, 1)->reservations[0], 0.0);
  ck_assert_double_eq(pl_trace_round_at(tr, 9)->reservations[0], 0.0);
  ck_assert_double_eq(pl_trace_round_at(tr, 9)->reservations[1], 1.0);
  ck_assert_uint_eq(res.rejections[0], 1);
  ck_assert_uint_eq(res.rejections[1], 10);
  pl_trace_free(tr);
  pl_workspace_free(ws);
  tu_scenario_free(sc);
}
END_TEST

/* The trace of the concession case (test_concession_round): positions at the start of round t are
 * 50 - g(t) and 50 + g(t); after each rejected round both parties' moves are concessions; the
 * agreement round has no move; risk is NaN; the parameters are the scenario's values. */
START_TEST(test_trace) {
  pl_scenario *sc = two_parties(0.8, 0.2, 10);
  pl_workspace *ws = NULL;
  pl_trace *tr = NULL;
  pl_trial_result res;
  ck_assert_int_eq(pl_workspace_alloc(sc, &ws), PL_OK);
  ck_assert_int_eq(pl_trace_alloc(sc, &tr), PL_OK);
  ck_assert_int_eq(pl_trial_run(sc, ws, 7, tr, &res), PL_OK);
  ck_assert_uint_eq(pl_trace_n_rounds(tr), 6);
  ck_assert_ptr_null(pl_trace_round_at(tr, 6));
  double g = 50.0;
  for (size_t k = 0; k < 6; k++) {
    const pl_trace_round *rd = pl_trace_round_at(tr, k);
    ck_assert_uint_eq(rd->round, k + 1);
    ck_assert_int_eq(rd->proposer, -1);
    ck_assert_int_eq(rd->has_text, 1);
    ck_assert_double_eq_tol(rd->positions[0], 50.0 - g, 1e-9);
    ck_assert_double_eq_tol(rd->positions[1], 50.0 + g, 1e-9);
    ck_assert_double_eq_tol(rd->thresholds[0], 0.8, 1e-15);
    ck_assert_double_eq_tol(rd->utilities[0], 1.0 - g / 100.0, 1e-12);
    ck_assert_int_eq(rd->responses[0], k == 5);
    ck_assert_int_eq(rd->move_kind[0], k < 5 ? PL_MOVE_CONCESSION : PL_MOVE_NONE);
    ck_assert_int_eq(rd->move_from[1], -1);
    ck_assert(isnan(rd->risk[0]));
    g *= 0.8;
  }
  ck_assert_uint_eq(pl_trace_n_params(tr), sc->n_params);
  for (size_t k = 0; k < sc->n_params; k++)
    ck_assert_double_eq(pl_trace_params(tr)[k], sc->params[k].dist.a);
  /* A breakdown round is recorded without a text (a new workspace: one snapshots the scenario's
   * fixed numbers, which must not change under it). */
  tu_set(sc, sc->breakdown, 1.0);
  pl_workspace_free(ws);
  ck_assert_int_eq(pl_workspace_alloc(sc, &ws), PL_OK);
  ck_assert_int_eq(pl_trial_run(sc, ws, 7, tr, &res), PL_OK);
  ck_assert_int_eq(res.outcome, PL_OUTCOME_BREAKDOWN);
  ck_assert_uint_eq(pl_trace_n_rounds(tr), 1);
  ck_assert_int_eq(pl_trace_round_at(tr, 0)->has_text, 0);
  ck_assert_int_eq(pl_trace_round_at(tr, 0)->responses[0], -1);
  pl_trace_free(tr);
  pl_workspace_free(ws);
  pl_trace_free(NULL);
  pl_workspace_free(NULL);
  tu_scenario_free(sc);
}
END_TEST

/* The last text of a trial (pl_trial_result.last_*), on two_parties: both concede f = 0.2 of the
 * gap after each rejected round, so in round t each stands g_t = 50 * 0.8^(t-1) from the text 50,
 * and what the one issue costs it there is w * g_t / 100 = 0.5 * 0.8^(t-1) (w = 1), its utility
 * 1 minus that. With reservation 0.99 every text is rejected by both.
 * - A deadlock after 4 rounds: the last text is round 4's, cost 0.5 * 0.8^3 = 0.256.
 * - A breakdown at the start of round t > 1: the last text is round t-1's, judged from the
 *   positions of round t-1 (not those the concession after it made): 0.5 * 0.8^(t-2).
 * - A breakdown in round 1: no text was put (last_text_round = 0).
 * - An agreement (reservation 0): the last text is the agreed one, accepted by both. */
START_TEST(test_last_text) {
  pl_scenario *sc = two_parties(0.99, 0.2, 4);
  pl_workspace *ws = NULL;
  pl_trial_result res;
  ck_assert_int_eq(pl_workspace_alloc(sc, &ws), PL_OK);
  ck_assert_int_eq(pl_trial_run(sc, ws, 0, NULL, &res), PL_OK);
  ck_assert_int_eq(res.outcome, PL_OUTCOME_DEADLOCK);
  ck_assert_uint_eq(res.last_text_round, 4);
  for (size_t i = 0; i < 2; i++) {
    ck_assert_uint_eq(res.last_accepted[i], 0);
    ck_assert_double_eq_tol(res.last_cost[i], 0.256, 1e-12);
  }
  pl_workspace_free(ws);
  tu_scenario_free(sc);

  sc = two_parties(0.99, 0.2, 30);
  tu_set(sc, sc->breakdown, 0.3);
  ck_assert_int_eq(pl_workspace_alloc(sc, &ws), PL_OK);
  int late = 0, first = 0;
  for (uint64_t k = 0; k < 200; k++) {
    ck_assert_int_eq(pl_trial_run(sc, ws, k, NULL, &res), PL_OK);
    ck_assert_int_eq(res.outcome, PL_OUTCOME_BREAKDOWN);
    if (res.rounds == 1) {
      ck_assert_uint_eq(res.last_text_round, 0);
      first++;
      continue;
    }
    late++;
    ck_assert_uint_eq(res.last_text_round, res.rounds - 1);
    double want = 0.5 * pow(0.8, (double)res.rounds - 2.0);
    ck_assert_double_eq_tol(res.last_cost[0], want, 1e-12);
    ck_assert_double_eq_tol(res.last_cost[1], want, 1e-12);
    ck_assert_uint_eq(res.last_accepted[0], 0);
  }
  ck_assert_int_gt(first, 0);
  ck_assert_int_gt(late, 0);
  pl_workspace_free(ws);
  tu_scenario_free(sc);

  sc = two_parties(0.0, 0.2, 4);
  ck_assert_int_eq(pl_workspace_alloc(sc, &ws), PL_OK);
  ck_assert_int_eq(pl_trial_run(sc, ws, 0, NULL, &res), PL_OK);
  ck_assert_int_eq(res.outcome, PL_OUTCOME_AGREEMENT);
  ck_assert_uint_eq(res.last_text_round, 1);
  ck_assert_uint_eq(res.last_accepted[0], 1);
  ck_assert_uint_eq(res.last_accepted[1], 1);
  pl_workspace_free(ws);
  tu_scenario_free(sc);
}
END_TEST

/* Trials depend only on (seed, trial): the same trial in another workspace, or after other trials,
 * draws the same parameters and ends the same way; another seed draws others. Changing breakdown
 * or noise (a sweep) leaves the parameter draws untouched (common random numbers). */
START_TEST(test_streams) {
  pl_scenario *sc = two_parties(0.6, 0.1, 20);
  tu_set_dist(sc, sc->agents[0].reservation, PL_DIST_UNIFORM, 0.4, 0.9, 0);
  tu_set_dist(sc, sc->agents[1].flexibility, PL_DIST_BETA, 2, 5, 0);
  tu_set_dist(sc, sc->agents[1].position, PL_DIST_NORMAL, 90, 10, 0);
  tu_set(sc, sc->noise, 0.05);
  tu_scenario_finish(sc);
  pl_workspace *a = NULL, *b = NULL;
  pl_trace *ta = NULL, *tb = NULL;
  pl_trial_result ra, rb;
  ck_assert_int_eq(pl_workspace_alloc(sc, &a), PL_OK);
  ck_assert_int_eq(pl_workspace_alloc(sc, &b), PL_OK);
  ck_assert_int_eq(pl_trace_alloc(sc, &ta), PL_OK);
  ck_assert_int_eq(pl_trace_alloc(sc, &tb), PL_OK);
  for (uint64_t k = 0; k < 50; k++)
    ck_assert_int_eq(pl_trial_run(sc, b, 1000 + k, NULL, &rb), PL_OK);
  for (uint64_t k = 0; k < 200; k++) {
    ck_assert_int_eq(pl_trial_run(sc, a, k, ta, &ra), PL_OK);
    ck_assert_int_eq(pl_trial_run(sc, b, k, tb, &rb), PL_OK);
    ck_assert_int_eq(ra.outcome, rb.outcome);
    ck_assert_uint_eq(ra.rounds, rb.rounds);
    for (size_t p = 0; p < sc->n_params; p++)
      ck_assert_double_eq(pl_trace_params(ta)[p], pl_trace_params(tb)[p]);
  }
  /* Drawn values respect their domains and differ between trials. */
  ck_assert_int_eq(pl_trial_run(sc, a, 0, ta, &ra), PL_OK);
  double r0 = pl_trace_params(ta)[sc->agents[0].reservation];
  ck_assert(r0 >= 0.4 && r0 <= 0.9);
  ck_assert_int_eq(pl_trial_run(sc, a, 1, tb, &ra), PL_OK);
  ck_assert(pl_trace_params(tb)[sc->agents[0].reservation] != r0);
  /* A sweep over breakdown and noise: same trial, same parameters. */
  tu_set(sc, sc->breakdown, 0.2);
  tu_set(sc, sc->noise, 0.0);
  ck_assert_int_eq(pl_trial_run(sc, a, 0, tb, &ra), PL_OK);
  for (size_t p = 0; p < sc->n_params; p++)
    ck_assert_double_eq(pl_trace_params(ta)[p], pl_trace_params(tb)[p]);
  /* Another seed, other draws. */
  sc->seed = 2;
  ck_assert_int_eq(pl_trial_run(sc, a, 0, tb, &ra), PL_OK);
  ck_assert(pl_trace_params(tb)[sc->agents[0].reservation] != r0);
  pl_trace_free(ta);
  pl_trace_free(tb);
  pl_workspace_free(a);
  pl_workspace_free(b);
  tu_scenario_free(sc);
}
END_TEST

/* Contract errors: a workspace is bound to its scenario; an unimplemented protocol is refused. */
START_TEST(test_errors) {
  pl_scenario *sc = two_parties(0.5, 0.1, 3), *other = two_parties(0.5, 0.1, 3);
  pl_workspace *ws = NULL;
  pl_trace *tr = NULL;
  pl_trial_result res;
  ck_assert_int_eq(pl_workspace_alloc(sc, &ws), PL_OK);
  ck_assert_int_eq(pl_trace_alloc(other, &tr), PL_OK);
  ck_assert_int_eq(pl_trial_run(other, ws, 0, NULL, &res), PL_EINVAL);
  ck_assert_int_eq(pl_trial_run(sc, ws, 0, tr, &res), PL_EINVAL);
  ck_assert_int_eq(pl_trial_run(sc, ws, 0, NULL, NULL), PL_EINVAL);
  pl_workspace *none = ws;
  ck_assert_int_eq(pl_workspace_alloc(NULL, &none), PL_EINVAL);
  ck_assert_ptr_null(none);
  ck_assert_int_eq(pl_workspace_alloc(sc, NULL), PL_EINVAL);
  pl_workspace_free(ws);
  ck_assert_str_eq(pl_outcome_name(PL_OUTCOME_AGREEMENT), "agreement");
  ck_assert_str_eq(pl_outcome_name(PL_OUTCOME_BREAKDOWN), "breakdown");
  ck_assert_str_eq(pl_outcome_name(PL_OUTCOME_DEADLOCK), "deadlock");
  ck_assert_ptr_eq(pli_protocol_lookup(PL_PROTOCOL_MEDIATED), &pli_protocol_mediated);
  pl_trace_free(tr);
  tu_scenario_free(sc);
  tu_scenario_free(other);
}
END_TEST

/* ---- Test-only protocols whose steps fail (protocol.h: a failing slot ends the trial) ---- */

/* The text is always 50 on every issue, put as a single negotiating text; nobody moves. */
static pl_status fixed_propose(void *scratch, pli_trial_state *ts, unsigned t, long *proposer) {
  (void)scratch;
  (void)t;
  for (size_t j = 0; j < ts->n_issues; j++)
    ts->text[j] = 50.0;
  *proposer = PLI_NO_PROPOSER;
  return PL_OK;
}

/* A text whose second issue is not a number (a broken solver). */
static pl_status nan_propose(void *scratch, pli_trial_state *ts, unsigned t, long *proposer) {
  pl_status st = fixed_propose(scratch, ts, t, proposer);
  ts->text[1] = NAN;
  return st;
}

/* Fails in round 2 (after round 1 was rejected and updated). */
static pl_status late_failing_propose(void *scratch, pli_trial_state *ts, unsigned t,
                                      long *proposer) {
  if (t == 2)
    return PL_ENUMERIC;
  return fixed_propose(scratch, ts, t, proposer);
}

/* Records a move for agent 0 into the trace, then reports a failed solve. */
static pl_status failing_update(void *scratch, pli_trial_state *ts, unsigned t) {
  (void)scratch;
  (void)t;
  if (ts->trace != NULL)
    ts->trace->move_kind[0] = (unsigned char)PL_MOVE_CONCESSION;
  return PL_ENUMERIC;
}

static pl_status quiet_update(void *scratch, pli_trial_state *ts, unsigned t) {
  (void)scratch;
  (void)ts;
  (void)t;
  return PL_OK;
}

static pl_status failing_begin(void *scratch, pli_trial_state *ts) {
  (void)scratch;
  (void)ts;
  return PL_ENUMERIC;
}

static const pli_protocol_type update_fails = {
    .name = "test-update-fails", /* not a scenario kind: handed to the workspace directly */
    .scratch_size = NULL,        /* no scratch */
    .begin = NULL,               /* nothing per trial */
    .propose = fixed_propose,    /* 50 on every issue */
    .threshold = NULL,           /* reservations */
    .update = failing_update,    /* PL_ENUMERIC after the first rejected round */
};

static const pli_protocol_type propose_fails = {
    .name = "test-propose-fails",    /* not a scenario kind */
    .scratch_size = NULL,            /* no scratch */
    .begin = NULL,                   /* nothing per trial */
    .propose = late_failing_propose, /* PL_ENUMERIC in round 2 */
    .threshold = NULL,               /* reservations */
    .update = quiet_update,          /* nobody moves */
};

static const pli_protocol_type begin_fails = {
    .name = "test-begin-fails", /* not a scenario kind */
    .scratch_size = NULL,       /* no scratch */
    .begin = failing_begin,     /* PL_ENUMERIC before round 1 */
    .propose = fixed_propose,   /* never reached */
    .threshold = NULL,          /* reservations */
    .update = quiet_update,     /* never reached */
};

/* Two parties at 0 and 100 with reservation 0.9: the text 50 is worth 0.5 to each (check_trial's
 * two_parties), so round 1 is rejected with noise 0 and breakdown 0, and update(1) runs. A failed
 * update ends the trial in round 1 with its status, the trace holding round 1 and what the update
 * recorded before failing; every trial fails the same way, traced or not. With one round, update
 * is never called (t < max_rounds), so the same protocol deadlocks without error. */
START_TEST(test_update_failure_propagates) {
  pl_scenario *sc = two_parties(0.9, 0.0, 5);
  pl_workspace *ws = NULL;
  pl_trace *tr = NULL;
  pl_trial_result res;
  ck_assert_int_eq(pli_workspace_alloc_protocol(sc, &update_fails, &ws), PL_OK);
  ck_assert_int_eq(pl_trace_alloc(sc, &tr), PL_OK);
  for (uint64_t k = 0; k < 10; k++)
    ck_assert_int_eq(pl_trial_run(sc, ws, k, NULL, &res), PL_ENUMERIC);
  ck_assert_int_eq(pl_trial_run(sc, ws, 3, tr, &res), PL_ENUMERIC);
  ck_assert_uint_eq(pl_trace_n_rounds(tr), 1);
  const pl_trace_round *r1 = pl_trace_round_at(tr, 0);
  ck_assert(r1->has_text);
  ck_assert_int_eq(r1->responses[0], 0);
  ck_assert_int_eq(r1->responses[1], 0);
  ck_assert_int_eq(r1->move_kind[0], PL_MOVE_CONCESSION);
  pl_workspace_free(ws);
  pl_trace_free(tr);
  tu_scenario_free(sc);

  sc = two_parties(0.9, 0.0, 1);
  ck_assert_int_eq(pli_workspace_alloc_protocol(sc, &update_fails, &ws), PL_OK);
  ck_assert_int_eq(pl_trial_run(sc, ws, 0, NULL, &res), PL_OK);
  ck_assert_int_eq(res.outcome, PL_OUTCOME_DEADLOCK);
  pl_workspace_free(ws);
  tu_scenario_free(sc);
}
END_TEST

/* A propose that fails in round 2 ends the trial there (two rounds traced, the second without a
 * text); a begin that fails ends it before round 1 (nothing traced). */
START_TEST(test_propose_begin_failure_propagates) {
  pl_scenario *sc = two_parties(0.9, 0.0, 5);
  pl_workspace *ws = NULL;
  pl_trace *tr = NULL;
  pl_trial_result res;
  ck_assert_int_eq(pl_trace_alloc(sc, &tr), PL_OK);
  ck_assert_int_eq(pli_workspace_alloc_protocol(sc, &propose_fails, &ws), PL_OK);
  ck_assert_int_eq(pl_trial_run(sc, ws, 0, tr, &res), PL_ENUMERIC);
  ck_assert_uint_eq(pl_trace_n_rounds(tr), 2);
  ck_assert(pl_trace_round_at(tr, 0)->has_text);
  ck_assert(!pl_trace_round_at(tr, 1)->has_text);
  ck_assert_int_eq(pl_trace_round_at(tr, 1)->responses[0], -1);
  pl_workspace_free(ws);
  ck_assert_int_eq(pli_workspace_alloc_protocol(sc, &begin_fails, &ws), PL_OK);
  ck_assert_int_eq(pl_trial_run(sc, ws, 0, tr, &res), PL_ENUMERIC);
  ck_assert_uint_eq(pl_trace_n_rounds(tr), 0);
  pl_workspace_free(ws);
  pl_trace_free(tr);
  tu_scenario_free(sc);
}
END_TEST

/* A text that is not finite ends the trial with PL_ENUMERIC and names the text and its issue
 * (trial.c: found when a party judges it, before anything is counted). */
START_TEST(test_nan_text_is_reported) {
  pl_scenario *sc = tu_scenario_new(2, 2);
  tu_set(sc, sc->agents[1].position, 100.0);
  tu_scenario_finish(sc);
  const pli_protocol_type nan_text = {
      .name = "test-nan-text", .propose = nan_propose, .update = quiet_update};
  pl_workspace *ws = NULL;
  pl_trial_result res;
  ck_assert_int_eq(pli_workspace_alloc_protocol(sc, &nan_text, &ws), PL_OK);
  ck_assert_int_eq(pl_trial_run(sc, ws, 4, NULL, &res), PL_ENUMERIC);
  pl_trial_failure f;
  pl_workspace_failure(ws, &f);
  ck_assert_uint_eq(f.trial, 4);
  ck_assert_uint_eq(f.round, 1);
  ck_assert_int_eq(f.issue, 1);
  ck_assert_str_eq(f.what, "text");
  pl_workspace_free(ws);
  tu_scenario_free(sc);
}
END_TEST

/* A vtable without propose or update, or none at all, is refused (protocol.h: never NULL). */
START_TEST(test_incomplete_protocol) {
  pl_scenario *sc = two_parties(0.9, 0.0, 5);
  pl_workspace *ws = NULL;
  const pli_protocol_type no_update = {.name = "no-update", .propose = fixed_propose};
  const pli_protocol_type no_propose = {.name = "no-propose", .update = quiet_update};
  ck_assert_int_eq(pli_workspace_alloc_protocol(sc, NULL, &ws), PL_EINVAL);
  ck_assert_int_eq(pli_workspace_alloc_protocol(sc, &no_update, &ws), PL_EINVAL);
  ck_assert_int_eq(pli_workspace_alloc_protocol(sc, &no_propose, &ws), PL_EINVAL);
  ck_assert_ptr_null(ws);
  ck_assert_int_eq(pli_workspace_alloc_protocol(NULL, &update_fails, &ws), PL_EINVAL);
  tu_scenario_free(sc);
}
END_TEST

/* Event stream slots (src/events.h): with 300 events, hash collisions of the 13-bit slots are
 * certain (birthday bound: about 300^2 / 2^14 = 5 pairs), yet every event gets its own slot, and
 * an event keeps its slot when the list is reversed, so its draws do not depend on the order. */
static pl_scenario *tu_events_scenario(int reversed) {
  enum { NE = 300 };
  size_t cap = 400 + (size_t)NE * 110;
  char *text = malloc(cap);
  ck_assert_ptr_nonnull(text);
  size_t used = (size_t)snprintf(
      text, cap,
      "name = \"slots\";\nissues = ( { id = \"x\"; min = 0.0; max = 1.0; } );\n"
      "agents = ( { id = \"a\"; role = \"party\"; capability = 1.0; reservation = 0.5;\n"
      "  position = { x = 0.0; }; salience = { x = 1.0; }; },\n"
      "  { id = \"b\"; role = \"party\"; capability = 1.0; reservation = 0.5;\n"
      "  position = { x = 1.0; }; salience = { x = 1.0; }; } );\nevents = (\n");
  for (int k = 0; k < NE; k++) {
    int id = reversed ? NE - 1 - k : k;
    used += (size_t)snprintf(text + used, cap - used,
                             "  { id = \"e%d\"; hazard = 0.01; set = ( { path = "
                             "\"agents.a.reservation\"; add = 0.01; } ); }%s\n",
                             id, k + 1 < NE ? "," : "");
  }
  snprintf(text + used, cap - used, ");\n");
  pl_diags *d = pl_diags_alloc();
  pl_scenario *sc = NULL;
  ck_assert_int_eq(pl_scenario_load_string(text, "slots", NULL, d, &sc), PL_OK);
  pl_diags_free(d);
  free(text);
  return sc;
}

START_TEST(test_event_slots) {
  pl_scenario *a = tu_events_scenario(0), *b = tu_events_scenario(1);
  ck_assert_uint_eq(a->n_events, 300);
  unsigned moved = 0;
  for (size_t e = 0; e < a->n_events; e++) {
    for (size_t f = e + 1; f < a->n_events; f++) {
      ck_assert_uint_ne(a->events[e].slot, a->events[f].slot);
    }
    /* FNV-1a of the id (Fowler, Noll and Vo), cut to the slot bits: where a slot starts */
    uint64_t h = 0xcbf29ce484222325u;
    for (const char *c = a->events[e].id; *c != '\0'; c++) {
      h = (h ^ (unsigned char)*c) * 0x100000001b3u;
    }
    moved += a->events[e].slot != (uint32_t)(h & ((1u << PLI_EVENT_SLOT_BITS) - 1u));
    size_t g = a->n_events - 1 - e; /* the same id in the reversed list */
    ck_assert_str_eq(a->events[e].id, b->events[g].id);
    ck_assert_uint_eq(a->events[e].slot, b->events[g].slot);
  }
  ck_assert_uint_gt(moved, 0); /* collisions happened, and were resolved */
  pl_scenario_free(a);
  pl_scenario_free(b);
}
END_TEST

#if !defined(__SANITIZE_ADDRESS__)
/* Counting allocator (tu_alloc.h): running trials allocates nothing. */
#include "tu_alloc.h"

/* 2000 trials with uncertain parameters of every kind, noise, breakdown and concessions, traced
 * and untraced: zero allocations after the workspace and trace exist. */
START_TEST(test_no_allocation) {
  pl_scenario *sc = two_parties(0.7, 0.1, 30);
  tu_set_dist(sc, sc->agents[0].reservation, PL_DIST_TRIANGULAR, 0.5, 0.7, 0.9);
  tu_set_dist(sc, sc->agents[1].flexibility, PL_DIST_BETA, 2, 5, 0);
  tu_set_dist(sc, sc->agents[1].position, PL_DIST_NORMAL, 90, 10, 0);
  tu_set_dist(sc, sc->agents[0].position, PL_DIST_UNIFORM, 0, 20, 0);
  tu_set(sc, sc->noise, 0.05);
  tu_set(sc, sc->breakdown, 0.01);
  tu_scenario_finish(sc);
  pl_workspace *ws = NULL;
  pl_trace *tr = NULL;
  pl_trial_result res;
  unsigned long before = tu_allocations;
  ck_assert_int_eq(pl_workspace_alloc(sc, &ws), PL_OK);
  ck_assert_int_eq(pl_trace_alloc(sc, &tr), PL_OK);
  ck_assert_uint_gt(tu_allocations, before); /* the counter sees the library's allocations */
  before = tu_allocations;
  uint64_t agreements = 0, failures = 0;
  for (uint64_t k = 0; k < 2000; k++) { /* no Check assertion inside: Check may allocate */
    failures += pl_trial_run(sc, ws, k, (k % 2) ? tr : NULL, &res) != PL_OK;
    agreements += res.outcome == PL_OUTCOME_AGREEMENT;
  }
  unsigned long during = tu_allocations - before;
  ck_assert_uint_eq(failures, 0);
  ck_assert_uint_eq(during, 0);
  ck_assert_uint_gt(agreements, 0);
  pl_trace_free(tr);
  pl_workspace_free(ws);
  tu_scenario_free(sc);
}
END_TEST

/* The same with events that fire (docs/model.md, "Events"): a hazard event changing a salience,
 * a position, a reservation and the noise, and a scheduled one, under mediated and alternating
 * (whose game is solved again after each firing): still zero allocations per trial. */
START_TEST(test_no_allocation_events) {
  static const char *const kinds[] = {"mediated", "alternating"};
  for (int kind = 0; kind < 2; kind++) {
    char text[2048];
    snprintf(text, sizeof text,
             "name = \"ev\";\n"
             "issues = ( { id = \"x\"; min = 0.0; max = 1.0; }, { id = \"y\"; min = 0.0; max = "
             "1.0; } );\n"
             "agents = (\n"
             "  { id = \"a\"; role = \"party\"; capability = 1.0; reservation = 0.8;\n"
             "    flexibility = 0.1; patience = 0.9;\n"
             "    position = { x = 0.0; y = { dist = \"uniform\"; min = 0.0; max = 0.3; }; };\n"
             "    salience = { x = 1.0; y = 0.5; }; },\n"
             "  { id = \"b\"; role = \"party\"; capability = 1.0; reservation = 0.8;\n"
             "    flexibility = 0.1; patience = 0.9;\n"
             "    position = { x = 1.0; y = 1.0; }; salience = { x = 0.5; y = 1.0; }; } );\n"
             "protocol = { kind = \"%s\"; max_rounds = 30; breakdown = 0.01; noise = 0.05; };\n"
             "events = (\n"
             "  { id = \"h\"; hazard = 0.2; from = 2;\n"
             "    set = ( { path = \"agents.a.salience.y\"; value = 1.0; },\n"
             "            { path = \"agents.b.position.x\"; add = -0.3; },\n"
             "            { path = \"agents.a.reservation\"; scale = 0.5; },\n"
             "            { path = \"protocol.noise\"; value = 0.01; } ); },\n"
             "  { id = \"s\"; round = 4; probability = 0.5;\n"
             "    set = ( { path = \"agents.b.reservation\"; add = -0.5; } ); } );\n",
             kinds[kind]);
    pl_diags *d = pl_diags_alloc();
    pl_scenario *sc = NULL;
    ck_assert_int_eq(pl_scenario_load_string(text, "ev", NULL, d, &sc), PL_OK);
    pl_diags_free(d);
    pl_workspace *ws = NULL;
    pl_trace *tr = NULL;
    pl_trial_result res;
    ck_assert_int_eq(pl_workspace_alloc(sc, &ws), PL_OK);
    ck_assert_int_eq(pl_trace_alloc(sc, &tr), PL_OK);
    unsigned long before = tu_allocations;
    uint64_t fired = 0, failures = 0;
    for (uint64_t k = 0; k < 2000; k++) { /* no Check assertion inside: Check may allocate */
      failures += pl_trial_run(sc, ws, k, (k % 2) ? tr : NULL, &res) != PL_OK;
      fired += res.event_round[0] != 0;
    }
    unsigned long during = tu_allocations - before;
    ck_assert_uint_eq(failures, 0);
    ck_assert_uint_eq(during, 0);
    ck_assert_uint_gt(fired, 0);
    pl_trace_free(tr);
    pl_workspace_free(ws);
    pl_scenario_free(sc);
  }
}
END_TEST
#endif

int main(void) {
  Suite *s = suite_create("trial");
  TCase *tc = tcase_create("core");
  tcase_add_test(tc, test_keyed_streams);
  tcase_add_test(tc, test_nan_text_is_reported);
  tcase_add_test(tc, test_breakdown_distribution);
  tcase_add_test(tc, test_identical_ideals);
  tcase_add_test(tc, test_breakdown);
  tcase_add_test(tc, test_pure_chance);
  tcase_add_test(tc, test_concession_round);
  tcase_add_test(tc, test_tie_accepts);
  tcase_add_test(tc, test_stokman_compromise);
  tcase_add_test(tc, test_leverage);
  tcase_add_test(tc, test_trace);
  tcase_add_test(tc, test_last_text);
  tcase_add_test(tc, test_streams);
  tcase_add_test(tc, test_errors);
  tcase_add_test(tc, test_update_failure_propagates);
  tcase_add_test(tc, test_propose_begin_failure_propagates);
  tcase_add_test(tc, test_incomplete_protocol);
  tcase_add_test(tc, test_event_slots);
#if !defined(__SANITIZE_ADDRESS__)
  tcase_add_test(tc, test_no_allocation);
  tcase_add_test(tc, test_no_allocation_events);
#endif
  tcase_set_timeout(tc, 60);
  suite_add_tcase(s, tc);
  SRunner *sr = srunner_create(s);
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
