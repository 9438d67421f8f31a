/*
 * check_montecarlo.c — the Monte Carlo runner: byte-identical summaries for any thread count,
 * agreement with the trial loop run serially, known summary values, precision mode, stop requests,
 * per-trial rows, and memory that does not grow with the number of trials.
 *
 * OpenMP runs only inside the tests (each in its own forked child), never in main(): libgomp is not
 * fork-safe.
 */
#include <check.h>
#include <math.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "parley/montecarlo.h"
#include "parley/results.h"
#include "parley/stats.h"
#include "testutil.h"

/* Three agents (two parties, a mediator with leverage), two issues, uncertain numbers of every
 * kind, noise and breakdown: every code path of the trial and the aggregation. */
static pl_scenario *rich_scenario(uint64_t trials) {
  pl_scenario *sc = tu_scenario_new(2, 3);
  tu_issue_range(sc, 1, -5.0, 5.0);
  pli_agent *a = sc->agents;
  tu_set_role(sc, 2, PL_ROLE_MEDIATOR);
  a = sc->agents;
  tu_set(sc, a[0].position + 0, 10.0);
  tu_set_dist(sc, a[1].position + 0, PL_DIST_NORMAL, 85.0, 10.0, 0);
  tu_set(sc, a[2].position + 0, 50.0);
  tu_set(sc, a[0].position + 1, -4.0);
  tu_set_dist(sc, a[1].position + 1, PL_DIST_UNIFORM, 2.0, 5.0, 0);
  tu_set(sc, a[2].position + 1, 0.0);
  tu_set_dist(sc, a[0].salience + 1, PL_DIST_BETA, 2.0, 5.0, 0);
  tu_set_dist(sc, a[0].reservation, PL_DIST_TRIANGULAR, 0.4, 0.6, 0.8);
  tu_set_dist(sc, a[1].reservation, PL_DIST_UNIFORM, 0.8, 0.99, 0);
  tu_set(sc, a[0].flexibility, 0.08);
  tu_set_dist(sc, a[1].flexibility, PL_DIST_UNIFORM, 0.0, 0.05, 0);
  tu_set_dist(sc, a[2].capability, PL_DIST_UNIFORM, 0.5, 1.5, 0);
  tu_set(sc, a[2].leverage + 0, 0.01);
  tu_set(sc, a[2].leverage + 1, 0.005);
  a[1].utility = PL_UTILITY_QUADRATIC;
  sc->max_rounds = 12;
  tu_set(sc, sc->breakdown, 0.02);
  tu_set(sc, sc->noise, 0.03);
  sc->trials = trials;
  sc->seed = 20240819u;
  tu_scenario_finish(sc);
  return sc;
}

static pl_summary *run(const pl_scenario *sc, unsigned threads, pl_status expect) {
  pl_mc_options opt = {0};
  opt.threads = threads;
  pl_summary *s = NULL;
  ck_assert_int_eq(pl_mc_run(sc, &opt, &s), expect);
  return s;
}

/* The summary as summary.json's text, made by the library's own writer (pl_results_summary_json):
 * every field the product publishes, so comparing texts compares whole summaries. */
static char *summary_json(const pl_scenario *sc, const pl_summary *s) {
  char *text = NULL;
  ck_assert_int_eq(pl_results_summary_json(sc, s, &text), PL_OK);
  return text;
}

/* Fails unless texts a and b are equal, naming what and showing where they first differ (the whole
 * texts would overflow Check's message buffer). */
static void assert_same_text(const char *a, const char *b, const char *what) {
  size_t k = 0;
  while (a[k] != '\0' && a[k] == b[k])
    k++;
  size_t from = k > 40 ? k - 40 : 0;
  ck_assert_msg(a[k] == b[k], "%s: summary.json differs at byte %zu: ...%.80s... vs ...%.80s...",
                what, k, a + from, b + from);
}

/* a and b give byte-identical summary.json files. */
static void assert_identical(const pl_scenario *sc, const pl_summary *a, const pl_summary *b) {
  char *ta = summary_json(sc, a), *tb = summary_json(sc, b);
  assert_same_text(ta, tb, "two runs");
  free(ta);
  free(tb);
}

/* Thread counts of the identity tests: 1, 2, 3 (from the product's requirement), and more
 * threads than blocks in a batch's share or than this machine's cores. */
static const unsigned thread_counts[] = {1, 2, 3, 4, 7};
#define N_THREAD_COUNTS (sizeof thread_counts / sizeof thread_counts[0])

/* Runs sc with every count of thread_counts and checks that all give the summary.json bytes of
 * the run with one thread, which is returned (the caller frees it). */
static pl_summary *assert_thread_independent(const pl_scenario *sc) {
  pl_summary *s1 = run(sc, thread_counts[0], PL_OK);
  char *t1 = summary_json(sc, s1);
  for (size_t k = 1; k < N_THREAD_COUNTS; k++) {
    pl_summary *sk = run(sc, thread_counts[k], PL_OK);
    char *tk = summary_json(sc, sk);
    char what[32];
    snprintf(what, sizeof what, "%u threads vs 1", thread_counts[k]);
    assert_same_text(tk, t1, what);
    free(tk);
    pl_summary_free(sk);
  }
  free(t1);
  return s1;
}

/* 150000 trials = 146 full blocks and a partial one, over three batches: 1, 2, 3 and more threads
 * give the same bytes (a requirement of the product). */
START_TEST(test_thread_independence) {
  pl_scenario *sc = rich_scenario(150000);
  pl_summary *s1 = assert_thread_independent(sc);
  ck_assert_uint_eq(s1->trials, 150000);
  ck_assert_int_eq(s1->complete, 1);
  /* The scenario is not degenerate: all three outcomes occur. */
  for (int o = 0; o < PL_N_OUTCOMES; o++)
    ck_assert_uint_gt(s1->outcomes[o], 1000);
  pl_summary_free(s1);
  tu_scenario_free(sc);
}
END_TEST

/* The reference scenario (loaded by the library, 6 issues, 5 agents, 40 rounds, uncertain numbers)
 * gives byte-identical summaries for every thread count too. */
START_TEST(test_reference_scenario) {
  pl_scenario *sc = NULL;
  ck_assert_int_eq(pl_scenario_load_reference(NULL, &sc), PL_OK);
  ck_assert_int_eq(pl_scenario_set(sc, "montecarlo.trials=30000", NULL), PL_OK);
  pl_summary *s1 = assert_thread_independent(sc);
  ck_assert_uint_eq(s1->trials, 30000);
  pl_summary_free(s1);
  pl_scenario_free(sc);
}
END_TEST

/* The summary is what the trial loop gives trial by trial (indices 0 .. n-1): same outcome counts,
 * histograms of rounds and responses, failed trials and blockers exactly; the agreement point's
 * mean and sd, the mean utilities and the blockers' mean issue costs to rounding (the runner merges
 * blocks, this sums directly). */
START_TEST(test_matches_serial_trials) {
  pl_scenario *sc = rich_scenario(5000);
  pl_summary *s = run(sc, 2, PL_OK);
  pl_workspace *ws = NULL;
  ck_assert_int_eq(pl_workspace_alloc(sc, &ws), PL_OK);
  uint64_t outcomes[PL_N_OUTCOMES] = {0}, by_round[3 * 13] = {0}, resp[3] = {0}, rej[3] = {0};
  double sum[2] = {0}, sum2[2] = {0}, usum[3] = {0};
  uint64_t failed = 0, blocks[3] = {0}; /* who blocks: failed trials with a text, and blockers */
  double cost[3 * 2] = {0};
  for (uint64_t k = 0; k < 5000; k++) {
    pl_trial_result r;
    ck_assert_int_eq(pl_trial_run(sc, ws, k, NULL, &r), PL_OK);
    outcomes[r.outcome]++;
    by_round[r.outcome * 13 + r.rounds]++;
    for (size_t i = 0; i < 3; i++) {
      resp[i] += r.responses[i];
      rej[i] += r.rejections[i];
    }
    if (r.outcome != PL_OUTCOME_AGREEMENT && r.last_text_round > 0) {
      failed++;
      for (size_t i = 0; i < 3; i++) {
        if (!r.last_accepted[i]) {
          blocks[i]++;
          for (size_t j = 0; j < 2; j++)
            cost[i * 2 + j] += r.last_cost[i * 2 + j];
        }
      }
    }
    if (r.outcome == PL_OUTCOME_AGREEMENT) {
      for (size_t j = 0; j < 2; j++) {
        sum[j] += r.point[j];
        sum2[j] += r.point[j] * r.point[j];
      }
      for (size_t i = 0; i < 3; i++)
        usum[i] += r.utility0[i];
    }
  }
  ck_assert_int_eq(memcmp(outcomes, s->outcomes, sizeof outcomes), 0);
  ck_assert_int_eq(memcmp(by_round, s->by_round, sizeof by_round), 0);
  ck_assert_int_eq(memcmp(resp, s->responses, sizeof resp), 0);
  ck_assert_int_eq(memcmp(rej, s->rejections, sizeof rej), 0);
  double a = (double)outcomes[PL_OUTCOME_AGREEMENT];
  ck_assert_double_eq(s->p_agreement, a / 5000.0);
  for (size_t j = 0; j < 2; j++) {
    double mean = sum[j] / a, var = (sum2[j] - a * mean * mean) / (a - 1);
    ck_assert_double_eq_tol(s->point[j].mean, mean, 1e-9);
    ck_assert_double_eq_tol(s->point[j].sd, sqrt(var), 1e-6);
    ck_assert(s->point[j].p05 <= s->point[j].p50 && s->point[j].p50 <= s->point[j].p95);
  }
  for (size_t i = 0; i < 3; i++)
    ck_assert_double_eq_tol(s->mean_utility[i], usum[i] / a, 1e-12);
  ck_assert_double_eq(s->rejection_rate[0], (double)rej[0] / (double)resp[0]);
  ck_assert(isnan(s->rejection_rate[2])); /* the mediator never responds */
  ck_assert_uint_eq(s->failed, failed);
  ck_assert_int_eq(memcmp(blocks, s->blocks, sizeof blocks), 0);
  ck_assert_uint_eq(blocks[2], 0); /* nor blocks */
  ck_assert(blocks[0] > 0 && blocks[1] > 0);
  for (size_t i = 0; i < 2; i++) {
    ck_assert_double_eq(s->block_share[i], (double)blocks[i] / (double)failed);
    for (size_t j = 0; j < 2; j++)
      ck_assert_double_eq_tol(s->block_cost[i * 2 + j], cost[i * 2 + j] / (double)blocks[i], 1e-12);
  }
  ck_assert(isnan(s->block_share[2]) && isnan(s->block_cost[4]) && isnan(s->block_cost[5]));
  double lo, hi;
  pl_stats_wilson(outcomes[PL_OUTCOME_AGREEMENT], 5000, PL_Z95, &lo, &hi);
  ck_assert_double_eq(s->ci_low, lo);
  ck_assert_double_eq(s->ci_high, hi);
  pl_workspace_free(ws);
  pl_summary_free(s);
  tu_scenario_free(sc);
}
END_TEST

/* Known values: identical ideals at 37.5 on [0, 100], breakdown 0.3 (test_breakdown of
 * check_trial): P = 0.7 within 4 binomial sd (N = 30000: 0.0106); every agreement in round 1 at
 * 37.5 (bin 375 of 1000 over [0, 100]), so rounds mean = p50 = p90 = 1, point mean 37.5 and sd 0,
 * utilities 1, no rejections; breakdowns in round 1. */
START_TEST(test_known_summary) {
  pl_scenario *sc = tu_scenario_new(1, 2);
  for (size_t i = 0; i < 2; i++)
    tu_set(sc, sc->agents[i].position, 37.5);
  tu_set(sc, sc->breakdown, 0.3);
  sc->max_rounds = 4;
  sc->trials = 30000;
  tu_scenario_finish(sc);
  pl_summary *s = run(sc, 2, PL_OK);
  ck_assert_double_le(fabs(s->p_agreement - 0.7), 4 * sqrt(0.21 / 30000));
  ck_assert_uint_eq(s->outcomes[PL_OUTCOME_DEADLOCK], 0);
  ck_assert_uint_eq(s->by_round[PL_OUTCOME_AGREEMENT * 5 + 1], s->outcomes[PL_OUTCOME_AGREEMENT]);
  ck_assert_uint_eq(s->by_round[PL_OUTCOME_BREAKDOWN * 5 + 1], s->outcomes[PL_OUTCOME_BREAKDOWN]);
  ck_assert_double_eq(s->rounds_mean, 1.0);
  ck_assert_double_eq(s->rounds_p50, 1.0);
  ck_assert_double_eq(s->rounds_p90, 1.0);
  ck_assert_double_eq(s->point[0].mean, 37.5);
  ck_assert_double_eq(s->point[0].sd, 0.0);
  /* Quantiles never leave the observed range, so a constant point has itself as every quantile. */
  ck_assert_double_eq(s->point[0].p05, 37.5);
  ck_assert_double_eq(s->point[0].p50, 37.5);
  ck_assert_double_eq(s->point[0].p95, 37.5);
  ck_assert_uint_eq(s->point_hist[375], s->outcomes[PL_OUTCOME_AGREEMENT]);
  ck_assert_double_eq(s->mean_utility[0], 1.0);
  ck_assert_double_eq(s->rejection_rate[1], 0.0);
  ck_assert_uint_eq(s->n_bins, 1000);
  pl_summary_free(s);
  /* No agreement at all: NaN statistics, P = 0, Wilson [0, 3.84 / (n + 3.84)]. */
  tu_set(sc, sc->breakdown, 1.0);
  s = run(sc, 1, PL_OK);
  ck_assert_double_eq(s->p_agreement, 0.0);
  ck_assert_double_eq(s->ci_low, 0.0);
  ck_assert(isnan(s->rounds_mean) && isnan(s->rounds_p50) && isnan(s->point[0].mean));
  ck_assert(isnan(s->point[0].p50) && isnan(s->mean_utility[0]) && isnan(s->rejection_rate[0]));
  pl_summary_free(s);
  tu_scenario_free(sc);
}
END_TEST

/* Known answer, pure chance through the runner: P = 1 - 0.75^T, T = 4: 0.68359375; N = 40000,
 * sd = 0.00232. Rounds of agreement are geometric(1/4) truncated at 4: P(t = 1 | agree) =
 * 0.25 / 0.68359 = 0.366 < 0.5 and P(t <= 2 | agree) = 0.4375 / 0.68359 = 0.64 >= 0.5, so p50 = 2;
 * P(t <= 3 | agree) = 0.578 / 0.684 = 0.846 < 0.9, so p90 = 4. */
START_TEST(test_pure_chance) {
  pl_scenario *sc = tu_scenario_new(1, 2);
  tu_set(sc, sc->agents[1].position, 100.0);
  for (size_t i = 0; i < 2; i++)
    tu_set(sc, sc->agents[i].reservation, 0.5);
  tu_set(sc, sc->noise, 0.1);
  sc->max_rounds = 4;
  sc->trials = 40000;
  tu_scenario_finish(sc);
  pl_summary *s = run(sc, 2, PL_OK);
  double p = 1 - pow(0.75, 4);
  ck_assert_double_le(fabs(s->p_agreement - p), 4 * sqrt(p * (1 - p) / 40000));
  ck_assert_double_eq(s->rounds_p50, 2.0);
  ck_assert_double_eq(s->rounds_p90, 4.0);
  /* Rejection rate: each response is a rejection with probability 1/2. */
  ck_assert_double_le(fabs(s->rejection_rate[0] - 0.5), 0.01);
  pl_summary_free(s);
  tu_scenario_free(sc);
}
END_TEST

/* Precision mode: blocks are added until the Wilson half-width is <= 0.004; the stopping point is
 * checked after each block in block order, so it is a multiple of the block size (1024) and the
 * same for 1 and 2 threads; one block fewer would not have been precise enough. P is near 0.5
 * (pure chance, T = 1 round: 1/4 ... use T = 2: 1 - 0.5625 = 0.4375), so about
 * 1.96^2 * 0.25 / 0.004^2 = 60000 trials are needed. */
START_TEST(test_precision) {
  pl_scenario *sc = tu_scenario_new(1, 2);
  tu_set(sc, sc->agents[1].position, 100.0);
  for (size_t i = 0; i < 2; i++)
    tu_set(sc, sc->agents[i].reservation, 0.5);
  tu_set(sc, sc->noise, 0.1);
  sc->max_rounds = 2;
  tu_scenario_finish(sc);
  pl_mc_options opt = {0};
  opt.precision = 0.004;
  opt.threads = 1;
  pl_summary *a = NULL, *b = NULL;
  ck_assert_int_eq(pl_mc_run(sc, &opt, &a), PL_OK);
  opt.threads = 2;
  ck_assert_int_eq(pl_mc_run(sc, &opt, &b), PL_OK);
  assert_identical(sc, a, b);
  ck_assert_int_eq(a->complete, 1);
  ck_assert_uint_eq(a->trials % 1024, 0);
  ck_assert(a->trials > 40000 && a->trials < 80000);
  ck_assert_double_le(0.5 * (a->ci_high - a->ci_low), 0.004);
  /* One block fewer: run exactly that many trials and see the half-width above 0.004. */
  sc->trials = a->trials - 1024;
  pl_summary *c = run(sc, 2, PL_OK);
  ck_assert_double_gt(0.5 * (c->ci_high - c->ci_low), 0.004);
  /* A cap: max_trials bounds the run (not a multiple of the block size). */
  opt.precision = 1e-6;
  opt.max_trials = 3000;
  pl_summary *d = NULL;
  ck_assert_int_eq(pl_mc_run(sc, &opt, &d), PL_OK);
  ck_assert_uint_eq(d->trials, 3000);
  /* A cap beyond PL_MAX_TRIALS (the bound the aggregation's integer ranges are checked against in
   * accum.c) is refused. */
  opt.max_trials = PL_MAX_TRIALS + 1;
  pl_summary *e = NULL;
  ck_assert_int_eq(pl_mc_run(sc, &opt, &e), PL_EINVAL);
  ck_assert_ptr_null(e);
  pl_summary_free(a);
  pl_summary_free(b);
  pl_summary_free(c);
  pl_summary_free(d);
  tu_scenario_free(sc);
}
END_TEST

/* The interval of a run (montecarlo.h): Wilson by default; PL_INTERVAL_EXACT gives the
 * Clopper-Pearson interval of the same counts (pl_stats_clopper_pearson, checked in
 * check_stats.c) and nothing else changes; in precision mode the exact interval, wider here,
 * decides when to stop, so the run stops no earlier, at the first block whose exact half-width
 * is within target;
 * an unknown interval is PL_EINVAL. */
START_TEST(test_interval) {
  pl_scenario *sc = rich_scenario(5000);
  pl_mc_options opt = {0};
  opt.threads = 2;
  pl_summary *w = NULL, *e = NULL;
  ck_assert_int_eq(pl_mc_run(sc, &opt, &w), PL_OK);
  ck_assert_int_eq(w->interval, PL_INTERVAL_WILSON);
  opt.interval = PL_INTERVAL_EXACT;
  ck_assert_int_eq(pl_mc_run(sc, &opt, &e), PL_OK);
  ck_assert_int_eq(e->interval, PL_INTERVAL_EXACT);
  uint64_t k = e->outcomes[PL_OUTCOME_AGREEMENT];
  ck_assert_uint_eq(k, w->outcomes[PL_OUTCOME_AGREEMENT]);
  ck_assert_double_eq(e->p_agreement, w->p_agreement);
  double lo, hi;
  pl_stats_clopper_pearson(k, e->trials, 0.05, &lo, &hi);
  ck_assert(e->ci_low == lo && e->ci_high == hi);
  ck_assert(e->half_width == 0.5 * (hi - lo));
  ck_assert(e->ci_high - e->ci_low > w->ci_high - w->ci_low);
  pl_summary_free(w);
  pl_summary_free(e);
  w = e = NULL;
  opt.precision = 0.01;
  opt.interval = PL_INTERVAL_WILSON;
  ck_assert_int_eq(pl_mc_run(sc, &opt, &w), PL_OK);
  opt.interval = PL_INTERVAL_EXACT;
  ck_assert_int_eq(pl_mc_run(sc, &opt, &e), PL_OK);
  ck_assert(e->precision_met && e->half_width <= 0.01 && e->trials >= w->trials);
  /* It stops at the first block that meets the target: one block fewer is above it. */
  sc->trials = e->trials - 1024;
  opt.precision = 0.0;
  pl_summary *f = NULL;
  ck_assert_int_eq(pl_mc_run(sc, &opt, &f), PL_OK);
  ck_assert_double_gt(f->half_width, 0.01);
  pl_summary_free(f);
  pl_summary_free(w);
  pl_summary_free(e);
  opt.interval = (pl_interval)7;
  pl_summary *bad = NULL;
  ck_assert_int_eq(pl_mc_run(sc, &opt, &bad), PL_EINVAL);
  ck_assert_ptr_null(bad);
  tu_scenario_free(sc);
}
END_TEST

typedef struct {
  volatile sig_atomic_t stop;
  uint64_t calls, last_done, next_trial, rows, fail_at;
  int in_order;
} ctx_t;

static void on_progress(void *vctx, uint64_t done, uint64_t target) {
  ctx_t *c = vctx;
  c->calls++;
  if (done < c->last_done || done > target)
    c->in_order = 0;
  c->last_done = done;
  c->stop = 1; /* ask to stop after the first batch */
}

static pl_status on_trial(void *vctx, uint64_t trial, const pl_trial_result *r) {
  ctx_t *c = vctx;
  if (trial != c->next_trial || r->rounds == 0)
    c->in_order = 0;
  c->next_trial++;
  c->rows++;
  if (r->outcome == PL_OUTCOME_AGREEMENT && !(r->point[0] >= 0.0 && r->point[0] <= 100.0))
    c->in_order = 0;
  return c->rows == c->fail_at ? PL_EIO : PL_OK;
}

/* Stop requests: set before the run, nothing is done; set during the first progress report, the
 * run ends after that batch (64 blocks = 65536 trials), with complete = 0 and PL_EINTERRUPTED. */
START_TEST(test_stop) {
  pl_scenario *sc = rich_scenario(200000);
  ctx_t c = {0};
  c.in_order = 1;
  c.stop = 1;
  pl_mc_options opt = {0};
  opt.threads = 2;
  opt.stop = &c.stop;
  opt.ctx = &c;
  pl_summary *s = NULL;
  ck_assert_int_eq(pl_mc_run(sc, &opt, &s), PL_EINTERRUPTED);
  ck_assert_ptr_nonnull(s);
  ck_assert_uint_eq(s->trials, 0);
  ck_assert_int_eq(s->complete, 0);
  pl_summary_free(s);
  c.stop = 0;
  opt.progress = on_progress;
  ck_assert_int_eq(pl_mc_run(sc, &opt, &s), PL_EINTERRUPTED);
  ck_assert_uint_eq(s->trials, 65536);
  ck_assert_int_eq(s->complete, 0);
  ck_assert_uint_eq(c.calls, 1);
  ck_assert_uint_eq(c.last_done, 65536);
  ck_assert(c.in_order);
  /* What completed is exactly the first 65536 trials. */
  sc->trials = 65536;
  pl_summary *full = run(sc, 3, PL_OK);
  full->complete = 0;
  assert_identical(sc, s, full);
  pl_summary_free(s);
  pl_summary_free(full);
  tu_scenario_free(sc);
}
END_TEST

/* Per-trial rows arrive in trial order, once each; an error from the callback stops the run and is
 * returned with no summary. */
START_TEST(test_on_trial) {
  pl_scenario *sc = rich_scenario(5000);
  ctx_t c = {0};
  c.in_order = 1;
  pl_mc_options opt = {0};
  opt.threads = 3;
  opt.on_trial = on_trial;
  opt.ctx = &c;
  pl_summary *s = NULL;
  ck_assert_int_eq(pl_mc_run(sc, &opt, &s), PL_OK);
  ck_assert_uint_eq(c.rows, 5000);
  ck_assert(c.in_order);
  pl_summary *plain = run(sc, 1, PL_OK);
  assert_identical(sc, s, plain);
  pl_summary_free(s);
  pl_summary_free(plain);
  c = (ctx_t){0};
  c.in_order = 1;
  c.fail_at = 1500;
  ck_assert_int_eq(pl_mc_run(sc, &opt, &s), PL_EIO);
  ck_assert_ptr_null(s);
  ck_assert_uint_eq(c.rows, 1500);
  ck_assert_int_eq(pl_mc_run(sc, &opt, NULL), PL_EINVAL);
  pl_summary_free(NULL);
  tu_scenario_free(sc);
}
END_TEST

/* Requirement: memory does not grow with the number of trials. After a warm-up run of 50000
 * trials, a run of 10^6 trials raises the peak resident set by less than 4 MB (a per-trial leak or
 * buffer of even 8 bytes per trial would add 8 MB). */
static long peak_kb(void) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss;
}

START_TEST(test_memory_bounded) {
  pl_scenario *sc = tu_scenario_new(1, 2);
  tu_set_dist(sc, sc->agents[0].position, PL_DIST_UNIFORM, 0.0, 100.0, 0);
  tu_set(sc, sc->agents[0].reservation, 0.6);
  sc->trials = 50000;
  tu_scenario_finish(sc);
  pl_summary *s = run(sc, 2, PL_OK);
  pl_summary_free(s);
  long before = peak_kb();
  sc->trials = 1000000;
  s = run(sc, 2, PL_OK);
  ck_assert_uint_eq(s->trials, 1000000);
  ck_assert_uint_gt(s->outcomes[PL_OUTCOME_AGREEMENT], 0);
  ck_assert_uint_gt(s->outcomes[PL_OUTCOME_DEADLOCK], 0);
  pl_summary_free(s);
  ck_assert_int_lt(peak_kb() - before, 4096);
  tu_scenario_free(sc);
}
END_TEST

/* Many more threads than cores, many short runs: the calling thread, the only one that merges,
 * must not leave for the closing barrier while another thread waits for a ring record that only a
 * merge frees. It once did: a run with 7 threads on 2 cores hung in CI, and `parley run --threads
 * 16` hung about once in 12 runs. A hang here ends in this test case's timeout, a failure. Each
 * run must also give the summary of one thread. */
START_TEST(test_oversubscribed_runs_finish) {
  pl_scenario *sc = rich_scenario(100 * 1024);
  sc->max_rounds = 2;
  pl_summary *one = run(sc, 1, PL_OK);
  char *want = summary_json(sc, one);
  for (int k = 0; k < 150; k++) {
    pl_summary *s = run(sc, k % 2 ? 16 : 9, PL_OK);
    char *got = summary_json(sc, s);
    assert_same_text(want, got, "oversubscribed run");
    free(got);
    pl_summary_free(s);
  }
  free(want);
  pl_summary_free(one);
  tu_scenario_free(sc);
}
END_TEST

int main(void) {
  Suite *s = suite_create("montecarlo");
  TCase *tc = tcase_create("core");
  tcase_add_test(tc, test_thread_independence);
  tcase_add_test(tc, test_reference_scenario);
  tcase_add_test(tc, test_matches_serial_trials);
  tcase_add_test(tc, test_known_summary);
  tcase_add_test(tc, test_pure_chance);
  tcase_add_test(tc, test_precision);
  tcase_add_test(tc, test_interval);
  tcase_add_test(tc, test_stop);
  tcase_add_test(tc, test_on_trial);
  tcase_add_test(tc, test_memory_bounded);
  tcase_set_timeout(tc, 300);
  suite_add_tcase(s, tc);
  TCase *over = tcase_create("oversubscribed");
  tcase_add_test(over, test_oversubscribed_runs_finish);
  tcase_set_timeout(over, 120);
  suite_add_tcase(s, over);
  SRunner *sr = srunner_create(s);
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
