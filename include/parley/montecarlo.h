/*
 * parley/montecarlo.h — many trials, in parallel, aggregated reproducibly.
 *
 * Trials are cut into fixed blocks of consecutive trial indices; threads run whole blocks, and
 * block results are merged in block order, so the summary is byte-identical for any number of
 * threads. Aggregation streams: memory does not grow with the number of trials.
 */
#ifndef PARLEY_MONTECARLO_H
#define PARLEY_MONTECARLO_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "parley/cluster.h"
#include "parley/scenario.h"
#include "parley/stats.h"
#include "parley/status.h"
#include "parley/trial.h"

typedef struct {
  unsigned threads;                  /* 0 = OpenMP's default (all cores) */
  double precision;                  /* > 0: keep adding blocks until the half-width of the 95%
                                        interval (below) of P(agreement) is <= precision, up to
                                        max_trials; 0 = run the scenario's montecarlo.trials */
  pl_interval interval;              /* the 95% interval of the summary and of the precision rule:
                                        PL_INTERVAL_WILSON (0, the default) or PL_INTERVAL_EXACT
                                        (Clopper-Pearson); another value is PL_EINVAL */
  uint64_t max_trials;               /* the cap of precision mode; 0 = PL_MAX_TRIALS */
  const volatile sig_atomic_t *stop; /* non-NULL: once *stop != 0, the blocks in flight finish and
                                        pl_mc_run returns PL_EINTERRUPTED with what completed */
  /* Called from the calling thread between batches of blocks: trials done so far, and target. */
  void (*progress)(void *ctx, uint64_t done, uint64_t target);
  /* Per-trial rows, called from the calling thread in trial order; a non-OK status stops the run
   * (returned as is). NULL = no per-trial output. The result's last text is not kept for it:
   * last_text_round is 0, last_accepted and last_cost NULL. */
  pl_status (*on_trial)(void *ctx, uint64_t trial, const pl_trial_result *r);
  void *ctx;
  /* Non-NULL: when a trial fails, where the first failed trial (in trial order) failed. */
  pl_trial_failure *failure;
  /* Non-NULL: the run is shared with other processes (parley/cluster.h): this one runs its part's
   * blocks; the root merges all of them and gets the summary of the whole run, another process a
   * summary of its own blocks only (trials counts them), with the root's status (PL_EINTERRUPTED
   * and complete = 0 when the root's run was cut). Only the root should write results. */
  pl_cluster *cluster;
} pl_mc_options;

typedef struct {
  double mean, sd, p05, p50, p95; /* NaN when there is no observation */
} pl_stat5;

/* The aggregated result of a run. Allocated by pl_mc_run, freed by pl_summary_free. */
typedef struct {
  uint64_t trials;   /* trials completed and aggregated */
  int complete;      /* 1 when the run was not interrupted (a precision run that stopped at its cap
                        without reaching the target is complete: see precision_met) */
  double precision;  /* the precision target of the run (pl_mc_options.precision); 0 = none */
  int precision_met; /* precision > 0: 1 when half_width <= precision at the end, 0 when the run
                        stopped (at max_trials, or interrupted) short of the target */
  double half_width; /* (ci_high - ci_low) / 2, the half-width reached; NaN with no trial */
  uint64_t seed;
  uint64_t outcomes[PL_N_OUTCOMES];
  pl_interval interval;                       /* which 95% interval ci_low, ci_high are */
  double p_agreement, ci_low, ci_high;        /* 95% interval of P(agreement), by `interval` */
  double rounds_mean, rounds_p50, rounds_p90; /* round of agreement, over agreements; NaN if none */
  unsigned max_rounds;
  uint64_t *by_round; /* [PL_N_OUTCOMES * (max_rounds + 1)]: index o * (max_rounds + 1) + t =
                         trials that ended with outcome o in round t */
  size_t n_issues;
  pl_stat5 *point;      /* [n_issues] agreement point over agreements, in issue units */
  size_t n_bins;        /* histogram bins per issue, equal width over [min, max] */
  uint64_t *point_hist; /* [n_issues * n_bins] agreement points */
  size_t n_agents;
  double *mean_utility; /* [n_agents] mean utility of the agreement point (from drawn positions) */
  uint64_t *responses;  /* [n_agents] responses given (parties) */
  uint64_t *rejections; /* [n_agents] rejections among them */
  double *rejection_rate; /* [n_agents] rejections / responses; NaN for mediators or none */
  /* Who blocks (docs/outputs.md): a failed trial is one without agreement (breakdown or deadlock)
   * in which at least one text was put; an agent blocks it when it rejected the last text put. */
  uint64_t failed;     /* failed trials */
  uint64_t *blocks;    /* [n_agents] failed trials the agent blocked (several may block one) */
  double *block_share; /* [n_agents] blocks / failed; NaN for mediators or when failed = 0 */
  double *block_cost;  /* [n_agents * n_issues] at i * n_issues + j: the mean, over the trials agent
                          i blocked, of what issue j cost it at that last text (w_ij d(|p_j - x_ij|
                          / range_j) from its position then, pl_trial_result.last_cost); NaN for
                          mediators or when it blocked none */
  /* Events (docs/model.md, "Events"), one entry per event of the scenario in file order: */
  size_t n_events;
  uint64_t *event_fired;   /* [n_events] trials in which the event fired */
  double *event_share;     /* [n_events] event_fired / trials; NaN with no trial */
  double *event_p_with;    /* [n_events] P(agreement) over the trials in which it fired; NaN if none
                            */
  double *event_p_without; /* [n_events] P(agreement) over the trials in which it did not fire; NaN
                              if none */
  /* The zone-of-agreement diagnostic (montecarlo.zone = 1; pl_trial_result.zone): trials for
   * which it was computed (0 when it was not asked for), those that had a zone at their start, and
   * the agreements among those with and those without. */
  uint64_t zone_trials, zone_with, zone_agreements_with, zone_agreements_without;
} pl_summary;

/* Runs sc's trials (indices 0, 1, ...) and aggregates them into a new summary in *out.
 * Returns PL_OK; PL_EINTERRUPTED with a valid partial summary (complete = 0) when stopped; or an
 * error with *out = NULL (PL_EINVAL when opt->max_trials or sc's trials exceed PL_MAX_TRIALS or
 * opt->interval is unknown, PL_ENOMEM, PL_ENUMERIC, or what on_trial returned). */
pl_status pl_mc_run(const pl_scenario *sc, const pl_mc_options *opt, pl_summary **out);

void pl_summary_free(pl_summary *s); /* NULL: nothing */

#endif /* PARLEY_MONTECARLO_H */
