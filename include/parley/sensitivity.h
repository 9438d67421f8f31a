/*
 * parley/sensitivity.h — which judgements drive the answer (docs/sensitivity.md).
 *
 * Three analyses of one scenario, each on parley's common random numbers (parley/rng.h: each
 * uncertain input draws from a stream keyed by its path, each round from a stream keyed by its
 * trial), so that every comparison is paired:
 *
 * - Tornado (one at a time): trials 0 .. N-1 are run at the baseline, then again with one input set
 *   to its low value and again at its high value (the q_low and q_high quantiles of its
 *   distribution, clamped to its domain, or the user's range), every other input and every round
 *   drawn as in the baseline. Setting input k to v is exactly `parley run --set PATH=v` on the
 *   same trials: the swing p_high - p_low equals the difference of two such runs to the last digit.
 *   Its 95% interval comes from the paired per-trial differences (normal approximation).
 * - Variance-based indices (Sobol): a Saltelli design of N rows. Row r takes its judgements A from
 *   the parameter draws of trial r and B from those of trial N + r; its "luck" (the rounds'
 *   breakdown, acceptance and protocol draws) A from trial r's round streams and B from trial
 *   N + r's. Every uncertain input and the luck are the factors; f(A), f(B) and f(A with factor i
 *   from B) give first-order (Saltelli et al. 2010) and total-order (Jansen 1999) indices with 95%
 *   bootstrap intervals (src/sobol.h). 1 - ST(luck) is the share of the outcome's variance the
 *   judgements explain together.
 * - P(agreement | judgements): M draws of the judgements (the parameters of trials 0 .. M-1), each
 *   played against L independent lucks: the distribution of the probability of agreement that the
 *   judgements alone leave, apart from the luck of the rounds.
 *
 * Results are byte-identical for any number of threads: every evaluation is a function of (seed,
 * trial indices), results are stored by row, and sums are formed in row order.
 */
#ifndef PARLEY_SENSITIVITY_H
#define PARLEY_SENSITIVITY_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "parley/cluster.h"
#include "parley/scenario.h"
#include "parley/status.h"
#include "parley/trial.h"

/* Methods (a bit mask). */
#define PL_SENS_TORNADO 1u
#define PL_SENS_SOBOL 2u
#define PL_SENS_JUDGEMENTS 4u /* P(agreement | judgements); only for the agreement output */
#define PL_SENS_ALL (PL_SENS_TORNADO | PL_SENS_SOBOL | PL_SENS_JUDGEMENTS)

/* A user's range for one input: the tornado's low and high values, and for Sobol a uniform
 * distribution on [lo, hi] in place of the input's own (a fixed input then becomes a factor). */
typedef struct {
  size_t param; /* index of the parameter (pl_scenario_param_index), or SIZE_MAX for a setting */
  double lo, hi;
  const char *path; /* param SIZE_MAX: a path that pl_scenario_set takes and that is not a
                       parameter (an event's probability, protocol.max_rounds): the tornado runs
                       the scenario with PATH=lo and PATH=hi on the same trials; Sobol leaves it
                       out (it is not drawn per trial) */
} pl_sens_range;

typedef struct {
  unsigned methods;     /* PL_SENS_* bits; 0 = PL_SENS_ALL */
  uint64_t trials;      /* tornado: trials per setting; 0 = the scenario's montecarlo.trials */
  double q_low, q_high; /* tornado quantiles; 0 = 0.05 and 0.95 */
  const pl_sens_range *ranges;
  size_t n_ranges;
  uint64_t samples;    /* Sobol: rows N of the design; 0 = PL_SENS_DEFAULT_SAMPLES */
  size_t bootstrap;    /* Sobol: bootstrap resamples; 0 = 1000 */
  uint64_t judgements; /* P(agreement | judgements): M; 0 = 1000 */
  uint64_t lucks;      /* ... and L lucks each; 0 = 200 */
  long output_issue;   /* -1: the agreement indicator; j >= 0: the agreement point on issue j
                          (over the trials, or the design rows, where every evaluation agreed) */
  unsigned threads;    /* 0 = OpenMP's default */
  const volatile sig_atomic_t *stop; /* non-NULL: once *stop != 0, stop between batches and
                                        return PL_EINTERRUPTED with what completed */
  void (*progress)(void *ctx, uint64_t done, uint64_t target); /* trials played so far */
  void *ctx;
  pl_trial_failure *failure; /* non-NULL: where a failed trial failed */
  pl_cluster *cluster; /* non-NULL: MPI ranks share the blocks (parley/cluster.h; shards are not
                          supported here); every rank calls pl_sens_run alike and the root's
                          result is the one to write (another rank's is not meaningful) */
} pl_sens_options;

#define PL_SENS_DEFAULT_SAMPLES 8192u
#define PL_SENS_MAX_SAMPLES 1048576u /* 2^20 rows */

/* One input of the tornado. */
typedef struct {
  size_t param;                     /* SIZE_MAX: a setting, named by path */
  const char *path;                 /* a setting's path (owned by the result); NULL for a param */
  int varied;                       /* 0: a fixed input given no range (listed, not varied) */
  int ranged;                       /* 1: low and high are the user's range, not quantiles */
  double low, high;                 /* the values set (NaN when not varied) */
  double p_low, p_high;             /* the output's mean at each (over its valid trials) */
  double swing, swing_lo, swing_hi; /* p_high - p_low and its 95% interval */
  uint64_t pairs;                   /* trials in the paired difference */
} pl_sens_tornado;

/* One factor of the Sobol analysis (param SIZE_MAX: the luck). */
typedef struct {
  size_t param;
  double s1, s1_lo, s1_hi;
  double st, st_lo, st_hi;
} pl_sens_sobol;

#define PL_SENS_HIST_BINS 20 /* P(agreement | judgements): bins of width 0.05 over [0, 1] */

typedef struct {
  unsigned methods; /* the methods asked for */
  unsigned done;    /* the methods that ran to the end */
  int complete;     /* every method asked for ran to the end */
  uint64_t seed;
  long output_issue;
  uint64_t played; /* trials played in all */
  /* Tornado */
  uint64_t trials; /* trials per setting completed */
  double q_low, q_high;
  double baseline;                 /* the output's mean at the baseline */
  double baseline_lo, baseline_hi; /* 95% (Wilson for agreement, normal for a point) */
  size_t n_tornado;
  pl_sens_tornado *tornado; /* varied inputs by decreasing |swing| (ties: parameter order), then
                               the inputs not varied in parameter order */
  /* Sobol */
  uint64_t samples;   /* design rows completed */
  uint64_t rows_used; /* rows in the estimate (all, or those where every evaluation agreed) */
  size_t bootstrap;
  double sobol_mean, sobol_var;
  size_t n_sobol;
  pl_sens_sobol *sobol; /* factors by decreasing total index, the luck among them */
  /* P(agreement | judgements) */
  uint64_t judgements, lucks; /* M completed, L */
  double pj_mean, pj_sd;      /* of the M estimates p_m */
  double pj_sd_true;          /* sd of P(agreement | judgements) itself: the estimates' variance
                                 less the binomial noise mean p_m(1 - p_m) / (L - 1), floored at 0 */
  double pj_q[5];             /* 5%, 25%, 50%, 75%, 95% of the estimates */
  uint64_t pj_hist[PL_SENS_HIST_BINS];
} pl_sens_result;

/* Runs the analyses on sc. Returns PL_OK; PL_EINTERRUPTED with what completed (complete = 0);
 * PL_EINVAL (bad options: a quantile outside (0, 1) or q_low >= q_high, a range with lo > hi or
 * outside the parameter's domain, an output issue out of range, samples above
 * PL_SENS_MAX_SAMPLES, judgements with a point output); PL_ENOMEM; or a trial's error. *out is
 * NULL on error. */
pl_status pl_sens_run(const pl_scenario *sc, const pl_sens_options *opt, pl_sens_result **out);
void pl_sens_free(pl_sens_result *r); /* NULL: nothing */

/* A human label of parameter k for tables and plots: "Israel: reservation", "Hamas: position on
 * Philadelphi corridor (IDF troops)", "US: leverage on Israel", "breakdown risk per round",
 * "acceptance noise"; luck (k = SIZE_MAX): "luck of the rounds". snprintf semantics. */
int pl_sens_label(const pl_scenario *sc, size_t k, char *buf, size_t n);

/* Writes summary.json's text of r into *out (malloc'ed, NUL-terminated; the caller frees it). */
pl_status pl_sens_json(const pl_scenario *sc, const pl_sens_result *r, char **out);

/* Writes the results folder's files into dir (which exists): summary.json, sensitivity.tsv
 * (tornado), sobol.tsv, p_given_judgements.tsv (those of the methods that ran) and scenario.cfg,
 * each atomically. Problems go to diags. */
pl_status pl_sens_write(const char *dir, const pl_scenario *sc, const pl_sens_result *r,
                        pl_diags *diags);

#endif /* PARLEY_SENSITIVITY_H */
