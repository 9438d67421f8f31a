/*
 * parley/backtest.h — scoring forecasts of P(agreement) against what happened (docs/backtest.md).
 *
 * A case is one scenario whose file records its outcome (PL_RECORD_MAP of parley/scenario.h):
 * the forecast p is its P(agreement), the outcome y is 1 for an agreement and 0 otherwise. The
 * scores are means over cases (lower is better): the Brier score (p - y)^2 (Brier 1950) and the
 * log score -ln(p if y = 1, else 1 - p) (Good 1952). They are set against a base-rate forecast,
 * the observed frequency of agreement among the cases, with intervals from a bootstrap over cases
 * (Efron and Tibshirani 1993, ch. 13, percentile intervals) and Spiegelhalter's (1986) test of
 * calibration. Everything here is a function of its arguments (the bootstrap draws from parley's
 * keyed streams with the seed given), so equal inputs give equal bytes.
 */
#ifndef PARLEY_BACKTEST_H
#define PARLEY_BACKTEST_H

#include <stddef.h>
#include <stdint.h>

#include "parley/status.h"

/* Reliability bins of forecast probability: [0, 0.1), ..., [0.9, 1]. */
#define PL_BACKTEST_BINS 10

/* One case. Strings are the caller's and must outlive any call that takes the case. */
typedef struct {
  const char *file, *name, *date, *source; /* the scenario file, its name, outcome date, source */
  int agreed;                              /* y: 1 for "agreement", 0 for "no_agreement" */
  double p;                                /* the forecast P(agreement) */
  double ci_low, ci_high;                  /* its 95% Monte Carlo interval */
  uint64_t trials, seed;                   /* of the run that made p */
} pl_backtest_case;

typedef struct {
  uint64_t count;           /* cases whose forecast lies in the bin */
  double mean_forecast;     /* mean p over them; NaN when count = 0 */
  double observed;          /* share of them that agreed; NaN when count = 0 */
  double obs_low, obs_high; /* 95% Wilson interval of the observed share */
} pl_backtest_bin;

typedef struct {
  size_t n;          /* cases */
  size_t agreements; /* cases with y = 1 */
  double base_rate;  /* agreements / n */
  size_t bootstrap;  /* resamples */
  uint64_t seed;     /* of the bootstrap */
  /* Scores, each with its 95% bootstrap percentile interval [lo, hi]: */
  double brier, brier_lo, brier_hi;
  double log, log_lo, log_hi;
  double base_brier, base_brier_lo, base_brier_hi; /* the in-sample base rate as forecast */
  double base_log, base_log_lo, base_log_hi;
  double diff_brier, diff_brier_lo, diff_brier_hi; /* brier - base_brier, paired over cases */
  double skill;                                    /* 1 - brier / base_brier (NaN if 0) */
  double loo_brier, loo_log; /* leave-one-out base rate (A - y_i + 1/2) / n as forecast */
  /* If the forecasts were calibrated (y_i ~ Bernoulli(p_i)): E[Brier] = mean p(1 - p), its
   * standard deviation sqrt(sum p(1 - p)(1 - 2p)^2) / n, and Spiegelhalter's z = (Brier -
   * E[Brier]) / sd, standard normal under calibration (NaN when sd = 0). */
  double expected_brier, expected_brier_sd, spiegelhalter_z;
  double p_floor; /* forecasts are taken as at least p_floor and at most 1 - p_floor in the
                     log score (a Monte Carlo 0 or 1 would give an infinite score) */
  pl_backtest_bin bins[PL_BACKTEST_BINS];
} pl_backtest_scores;

/* Scores cases[0 .. n-1] (n >= 1) with `bootstrap` resamples (0 = no intervals: NaN) drawn with
 * seed. p_floor in [0, 0.5): see above. PL_OK, PL_EINVAL (n = 0, NULL, p outside [0, 1]) or
 * PL_ENOMEM. */
pl_status pl_backtest_score(const pl_backtest_case *cases, size_t n, size_t bootstrap,
                            uint64_t seed, double p_floor, pl_backtest_scores *out);

/* The report as JSON (docs/backtest.md): the scores, the bins, the cases and the files skipped
 * (skipped[k] a file, why[k] the reason). *out is malloc'ed; the caller frees it. */
pl_status pl_backtest_json(const pl_backtest_case *cases, size_t n, const pl_backtest_scores *s,
                           const char *const *skipped, const char *const *why, size_t n_skipped,
                           char **out);

/* Writes dir (which must exist): backtest.tsv (one row per case), reliability.tsv (the bins) and
 * summary.json (the JSON above), each atomically, summary.json last. */
pl_status pl_backtest_write(const char *dir, const pl_backtest_case *cases, size_t n,
                            const pl_backtest_scores *s, const char *const *skipped,
                            const char *const *why, size_t n_skipped, pl_diags *diags);

#endif /* PARLEY_BACKTEST_H */
