/*
 * parley/compare.h — several scenarios on the same trials, and their paired differences
 * (docs/compare.md).
 *
 * Trial k of every scenario draws from the same keyed streams (parley/rng.h: the rounds by trial,
 * each parameter by its path), so scenarios that share an input share its draws, and the
 * difference between two scenarios is measured trial by trial: a paired comparison. Trials are
 * cut into blocks of consecutive indices; each block runs trial k of every scenario side by side,
 * and blocks are merged in block order, so results are byte-identical for any number of threads
 * and each scenario's summary is the one `parley run` gives for it with the same trials and seed.
 * Memory does not grow with the number of trials: the pairing is kept as integer counts.
 */
#ifndef PARLEY_COMPARE_H
#define PARLEY_COMPARE_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "parley/montecarlo.h"
#include "parley/scenario.h"
#include "parley/status.h"
#include "parley/trial.h"

/* The most scenarios one comparison takes. */
#define PL_COMPARE_MAX 64

typedef struct {
  unsigned threads; /* 0 = OpenMP's default */
  const volatile sig_atomic_t
      *stop; /* non-NULL: once *stop != 0, the batch in flight finishes and
                pl_compare_run returns PL_EINTERRUPTED with what completed */
  void (*progress)(void *ctx, uint64_t done, uint64_t target); /* trials done (of every scenario) */
  void *ctx;
  pl_trial_failure *failure; /* non-NULL: where the first failed trial failed ... */
  size_t *failed_scenario;   /* ... and in which scenario (non-NULL) */
} pl_compare_options;

/* The paired difference of scenario s from scenario 0 in the share of one outcome o: per trial,
 * d_k = 1{scenario s ended with o} - 1{scenario 0 ended with o}. */
typedef struct {
  uint64_t only_first;    /* trials where scenario 0 ended with o and scenario s did not */
  uint64_t only_this;     /* trials where scenario s ended with o and scenario 0 did not */
  double diff;            /* mean of d_k = (only_this - only_first) / trials */
  double ci_low, ci_high; /* 95% interval: diff -+ 1.96 sd(d) / sqrt(trials), sd the sample
                             standard deviation of the d_k (n - 1); NaN with fewer than 2 trials */
  double unpaired_half;   /* the half-width an unpaired comparison of two independent runs of the
                             same size would have: 1.96 sqrt(p0 (1 - p0) / n + ps (1 - ps) / n) */
  double ratio;           /* paired half-width / unpaired_half (NaN when unpaired_half is 0) */
} pl_compare_diff;

typedef struct {
  size_t n;              /* scenarios */
  uint64_t trials, seed; /* trials completed (the same for every scenario) and the seed */
  int complete;          /* 1 unless interrupted */
  pl_summary **summary;  /* [n] each scenario's summary (Wilson intervals) */
  pl_compare_diff *diff; /* [n * PL_N_OUTCOMES]: at s * PL_N_OUTCOMES + o; s = 0 is all zero */
} pl_compare;

/* The paired difference of counts (pl_compare_diff's formulas) for n trials of which k0 ended
 * with the outcome in the first scenario and ks in the other; only_first and only_this as above.
 * A pure function, for tests and for pl_compare_run. */
void pl_compare_paired(uint64_t n, uint64_t k0, uint64_t ks, uint64_t only_first,
                       uint64_t only_this, pl_compare_diff *out);

/* Runs the first trials of every scenario scs[0 .. n-1] (2 <= n <= PL_COMPARE_MAX) on the same
 * trial indices 0 .. T-1, T = scs[0]'s montecarlo.trials. Every scenario must have the same
 * trials and seed (PL_EINVAL otherwise: the caller sets them). Returns PL_OK, PL_EINTERRUPTED with
 * a valid partial result (complete = 0), or an error with *out = NULL (PL_EINVAL, PL_ENOMEM, or a
 * trial's failure). Free the result with pl_compare_free. */
pl_status pl_compare_run(const pl_scenario *const *scs, size_t n, const pl_compare_options *opt,
                         pl_compare **out);

void pl_compare_free(pl_compare *c); /* NULL: nothing */

/* The comparison as JSON (the layout of docs/compare.md): labels[s] names scenario s (its file
 * and overrides). *out is malloc'ed; the caller frees it. PL_OK, PL_ENOMEM, PL_EINVAL. */
pl_status pl_compare_json(const pl_scenario *const *scs, const char *const *labels,
                          const pl_compare *c, char **out);

/* Writes the results folder dir (which must exist): compare.tsv, compare_points.tsv,
 * scenario-K.cfg (K = 1 .. n, each resolved scenario), then summary.json (the JSON above), each
 * atomically. */
pl_status pl_compare_write(const char *dir, const pl_scenario *const *scs,
                           const char *const *labels, const pl_compare *c, pl_diags *diags);

#endif /* PARLEY_COMPARE_H */
