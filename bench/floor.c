/*
 * floor.c — the floor of a workload: what one trial costs if it did nothing but its random draws
 * and its utility evaluations (bench/README.md, "The floor").
 *
 * 1. Measure: run `--sample` trials of the scenario with pl_trial_run (one thread) and count, per
 *    trial on average, the rounds played (each round re-keys the generator and draws the breakdown
 *    uniform), the responses given (each draws one uniform and evaluates one utility) and the
 *    agreements (each evaluates every agent's utility of the point, for mean_utility).
 * 2. Floor: for `--trials` trials, re-key the parameter stream and draw every uncertain parameter
 *    exactly as a trial does (pl_dist_draw in the scenario's order, so normal and beta cost what
 *    they cost), then re-key one round stream per round and draw one uniform, and per response draw
 *    one uniform and evaluate pl_utility_eval over the scenario's issues. Rounds and responses are
 *    spread over the trials so that their totals equal the measured averages times the trials
 *    (integer accumulation, no rounding drift). No text, no concession, no acceptance rule, no
 *    aggregation: those are the work the floor leaves out.
 * 3. Trial: the same trials through pl_trial_run alone (one thread, no aggregation), for reference.
 * Each timing is repeated `--reps` times; every repetition is printed, one `key value` per line, so
 * the calling script takes the median. A checksum of every draw is printed so the compiler cannot
 * drop the work.
 */
#include <gsl/gsl_errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "parley/dist.h"
#include "parley/rng.h"
#include "parley/scenario.h"
#include "parley/status.h"
#include "parley/trial.h"
#include "parley/utility.h"
#include "scenario_impl.h"

typedef struct {
  double rounds, responses, utility_evals; /* per trial */
  uint64_t sample;
} pli_bench_counts;

static double bench_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int bench_measure(const pl_scenario *sc, pl_workspace *ws, uint64_t sample,
                         pli_bench_counts *out) {
  uint64_t rounds = 0, responses = 0, evals = 0;
  for (uint64_t k = 0; k < sample; k++) {
    pl_trial_result res;
    if (pl_trial_run(sc, ws, k, NULL, &res) != PL_OK)
      return 1;
    rounds += res.rounds;
    for (size_t i = 0; i < sc->n_agents; i++)
      responses += res.responses[i];
    if (res.outcome == PL_OUTCOME_AGREEMENT)
      evals += sc->n_agents;
  }
  out->sample = sample;
  out->rounds = (double)rounds / (double)sample;
  out->responses = (double)responses / (double)sample;
  out->utility_evals = (double)(responses + evals) / (double)sample;
  return 0;
}

/* How many items fall to slot k when `per` items per slot are spread evenly over slots 0, 1, ...:
 * floor((k + 1) per) - floor(k per), so that slots 0 .. k - 1 hold floor(k per) in all. */
static uint64_t bench_share(double per, uint64_t k) {
  return (uint64_t)(per * (double)(k + 1)) - (uint64_t)(per * (double)k);
}

/* The floor loop over trials [0, n); returns a checksum of everything drawn and evaluated. */
static double bench_floor(const pl_scenario *sc, pl_rng *rng, double *theta,
                          const double *inv_range, const pli_bench_counts *c, uint64_t n) {
  double sink = 0.0;
  size_t ni = sc->n_issues;
  /* Responses are spread over the global sequence of rounds, utility evaluations over responses. */
  double resp_per_round = c->rounds > 0.0 ? c->responses / c->rounds : 0.0;
  double evals_per_resp = c->responses > 0.0 ? c->utility_evals / c->responses : 0.0;
  uint64_t round_seq = 0, resp_seq = 0;
  for (uint64_t k = 0; k < n; k++) {
    for (size_t u = 0; u < sc->n_uncertain; u++) {
      const pli_param *p = &sc->params[sc->uncertain[u]];
      pl_rng_reset_key(rng, sc->seed, k, p->key);
      theta[sc->uncertain[u]] = pl_dist_draw(&p->dist, p->lo, p->hi, rng);
    }
    uint64_t rounds = bench_share(c->rounds, k);
    for (uint64_t t = 1; t <= rounds; t++, round_seq++) {
      pl_rng_reset(rng, sc->seed, k, PL_STREAM_ROUND(t));
      sink += pl_rng_uniform(rng);
      uint64_t q = bench_share(resp_per_round, round_seq);
      for (uint64_t r = 0; r < q; r++, resp_seq++) {
        size_t i = sc->parties[resp_seq % sc->n_parties];
        const pli_agent *a = &sc->agents[i], *b = &sc->agents[(i + 1) % sc->n_agents];
        sink += pl_rng_uniform(rng);
        uint64_t e = bench_share(evals_per_resp, resp_seq);
        for (uint64_t v = 0; v < e; v++)
          sink += pl_utility_eval(a->utility, ni, theta + a->salience, theta + a->position,
                                  inv_range, theta + b->position);
      }
    }
  }
  return sink;
}

/* pl_trial_run over trials [0, n); returns a checksum of the outcomes. */
static double bench_trials(const pl_scenario *sc, pl_workspace *ws, uint64_t n) {
  double sink = 0.0;
  for (uint64_t k = 0; k < n; k++) {
    pl_trial_result res;
    if (pl_trial_run(sc, ws, k, NULL, &res) != PL_OK)
      return -1.0;
    sink += (double)res.rounds * 4.0 + (double)res.outcome;
  }
  return sink;
}

static int bench_usage(void) {
  fprintf(stderr, "usage: floor [SCENARIO] [--sample M] [--trials N] [--reps R]\n"
                  "  no SCENARIO = the built-in reference scenario\n");
  return 2;
}

int main(int argc, char **argv) {
  const char *path = NULL;
  uint64_t sample = 100000, trials = 200000;
  unsigned long reps = 5;
  for (int a = 1; a < argc; a++) {
    if (a + 1 < argc && strcmp(argv[a], "--sample") == 0)
      sample = strtoull(argv[++a], NULL, 10);
    else if (a + 1 < argc && strcmp(argv[a], "--trials") == 0)
      trials = strtoull(argv[++a], NULL, 10);
    else if (a + 1 < argc && strcmp(argv[a], "--reps") == 0)
      reps = strtoul(argv[++a], NULL, 10);
    else if (argv[a][0] == '-' || path != NULL)
      return bench_usage();
    else
      path = argv[a];
  }
  if (sample == 0 || trials == 0 || reps == 0)
    return bench_usage();
  gsl_set_error_handler_off();

  pl_diags *diags = pl_diags_alloc();
  pl_scenario *sc = NULL;
  pl_status st =
      path != NULL ? pl_scenario_load(path, diags, &sc) : pl_scenario_load_reference(diags, &sc);
  if (st != PL_OK) {
    for (size_t i = 0; i < pl_diags_count(diags); i++)
      fprintf(stderr, "%s:%d: error: %s\n", pl_diags_file(diags, i), pl_diags_line(diags, i),
              pl_diags_message(diags, i));
    pl_diags_free(diags);
    return 2;
  }
  pl_diags_free(diags);

  pl_workspace *ws = NULL;
  pl_rng *rng = pl_rng_alloc();
  double *theta = calloc(sc->n_params, sizeof(double));
  double *inv_range = malloc(sc->n_issues * sizeof(double));
  int rc = 1;
  if (pl_workspace_alloc(sc, &ws) != PL_OK || rng == NULL || theta == NULL || inv_range == NULL)
    goto done;
  for (size_t j = 0; j < sc->n_issues; j++)
    inv_range[j] = 1.0 / (sc->issues[j].max - sc->issues[j].min);
  for (size_t k = 0; k < sc->n_params; k++)
    theta[k] = pl_dist_mean(&sc->params[k].dist);

  pli_bench_counts c;
  if (bench_measure(sc, ws, sample, &c) != 0)
    goto done;
  printf("scenario %s\n", sc->name);
  printf("sample %" PRIu64 "\n", c.sample);
  printf("param_draws_per_trial %zu\n", sc->n_uncertain);
  printf("rounds_per_trial %.4f\n", c.rounds);
  printf("responses_per_trial %.4f\n", c.responses);
  printf("utility_evals_per_trial %.4f\n", c.utility_evals);
  printf("trials %" PRIu64 "\n", trials);
  for (unsigned long r = 0; r < reps; r++) {
    double t0 = bench_now();
    double sink = bench_floor(sc, rng, theta, inv_range, &c, trials);
    double t1 = bench_now();
    double tsink = bench_trials(sc, ws, trials);
    double t2 = bench_now();
    if (tsink < 0.0)
      goto done;
    printf("floor_ns_per_trial %.2f\n", 1e9 * (t1 - t0) / (double)trials);
    printf("trial_ns_per_trial %.2f\n", 1e9 * (t2 - t1) / (double)trials);
    printf("checksum %.6g %.6g\n", sink, tsink);
  }
  rc = 0;
done:
  if (rc != 0)
    fprintf(stderr, "floor: a trial failed or memory ran out\n");
  free(inv_range);
  free(theta);
  pl_rng_free(rng);
  pl_workspace_free(ws);
  pl_scenario_free(sc);
  return rc;
}
