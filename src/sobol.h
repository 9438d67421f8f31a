/*
 * sobol.h — the estimators of `parley sensitivity` (internal to the library): variance-based
 * (Sobol') indices from a Saltelli design, and the mean and 95% interval of paired differences
 * (tornado swings). Plain numbers in, numbers out: no trials, no scenarios, no I/O.
 *
 * Variance-based indices. The caller evaluates the model on N rows of two independent input
 * matrices A and B (k factors each) and on the k matrices A_B^(i), which are A with column i taken
 * from B, giving f_A[N], f_B[N] and f_AB[i][N] (Saltelli, Annoni, Azzini, Campolongo, Ratto and
 * Tarantola 2010, "Variance based sensitivity analysis of model output. Design and estimator for
 * the total sensitivity index", Comput. Phys. Commun. 181:259-270, section 3; N (k + 2) model
 * runs). With f0 the mean and V the variance (divisor 2N) of the 2N values f_A and f_B together:
 *   first order, their Table 2 (b):       S_i  = (1/N) sum_j (f_B(j) - f0) (f_AB^i(j) - f_A(j)) / V
 *   total order, Table 2 (f) (Jansen 1999): S_Ti = (1/2N) sum_j (f_A(j) - f_AB^i(j))^2 / V
 * The shift of f_B by f0 leaves the expectation unchanged (the mean of f_AB^i - f_A is 0) and
 * removes the term f0 * mean(f_AB^i - f_A), whose noise grows with |f0|. SALib's sobol.analyze
 * (SALib 1.x, src/SALib/analyze/sobol.py) uses the same two estimators and V; it standardises Y
 * by the mean of all N (k + 2) outputs rather than of f_A and f_B, so its S_Ti equal these and its
 * S_i differ by (that mean - f0) * mean(f_AB^i - f_A) / V, about 1e-5 on Ishigami at N = 4096.
 * S_i can come out slightly negative, and above 1, by sampling noise; nothing is clipped.
 * Jansen (1999): "Analysis of variance designs for model output", Comput. Phys. Commun. 117:35-43.
 *
 * Intervals: percentile bootstrap over rows (Efron and Tibshirani 1993, "An Introduction to the
 * Bootstrap", ch. 13): resample r = 0 .. n_boot-1 draws N row indices with replacement from the
 * stream pl_rng_reset(rng, seed, r, PLI_SOBOL_STREAM) (index = floor(u N)), recomputes f0, V, S_i
 * and S_Ti of those rows (the same formulas), and the interval is the 2.5% and 97.5% quantiles of
 * the resamples, interpolated linearly between order statistics (Hyndman and Fan 1996, type 7;
 * numpy's default). Resamples whose 2N values are all equal (V = 0) are left out and counted in
 * boot_dropped. SALib reports instead z * sd of its resamples (a normal interval).
 *
 * Invariants: the results depend only on the arguments, never on the caller's threads or memory:
 * every sum runs in row order (or in the order of a resample's draws), with plain double additions
 * (-ffp-contract=off), so the rounding error of a sum of N terms is at most about N * 2^-53 of the
 * sum of their absolute values. Memory is allocated once per call, before any loop; the loops
 * allocate nothing. Cost: (n_boot + 1) * N * (k + 2) multiply-adds, plus sorting 2 k n_boot
 * doubles; memory N size_t + 2 k n_boot doubles.
 *
 * Paired differences (tornado): pli_mean_acc is a streaming mean and variance (Welford 1962,
 * "Note on a method for calculating corrected sums of squares and products", Technometrics
 * 4:419-420) fed one value at a time, in trial order, and merged block by block in block order
 * (Chan, Golub and LeVeque 1979, "Updating formulae and a pairwise algorithm for computing sample
 * variances"), like accum.h; fed f_hi - f_lo of the same trial (common random numbers), it gives
 * the swing and its interval. Fed one 0/1 output, it gives a proportion with a normal interval
 * (for a single proportion near 0 or 1, pl_stats_wilson is the better interval).
 */
#ifndef PARLEY_SOBOL_H
#define PARLEY_SOBOL_H

#include <stddef.h>
#include <stdint.h>

#include "parley/status.h"

/* The substream of the bootstrap's draws: above every round stream (PL_STREAM_ROUND(t), t <=
 * PL_MAX_ROUNDS) and PL_STREAM_PARAMS, so a bootstrap keyed by a scenario's seed never replays a
 * trial's own draws. */
#define PLI_SOBOL_STREAM 0xffffffffu

/* One factor's indices. NaN where undefined (see pli_sobol_indices). */
typedef struct {
  double s1, s1_lo, s1_hi; /* first-order index and its 95% bootstrap interval */
  double st, st_lo, st_hi; /* total-order index and its 95% bootstrap interval */
} pli_sobol_index;

/* What the indices are relative to. */
typedef struct {
  double mean;         /* f0: the mean of the 2N outputs f_A and f_B */
  double var;          /* V: their variance, divisor 2N (0 when all are equal) */
  size_t boot_dropped; /* resamples left out of the intervals: V = 0 or an index not finite */
} pli_sobol_moments;

/* Computes the first- and total-order index of each of k factors from a Saltelli design of n rows
 * (formulas above): fA[n], fB[n], and fAB[i][n] for i < k (the outputs of A with column i from B).
 * Writes out[k] and *mom (mom may be NULL). n_boot resamples (0: no intervals, all NaN; 1000 is
 * usual) drawn from streams keyed by seed (above).
 * Undefined values are NaN: every index and interval when all 2N outputs f_A, f_B are equal
 * (V = 0: nothing to apportion) or V overflows (outputs beyond about 1e154); the intervals when
 * n_boot = 0 or every resample was left out (boot_dropped = n_boot).
 * Returns PL_OK; PL_EINVAL when an array is NULL (out, fA, fB, fAB or an fAB[i]), n < 2, k = 0,
 * or an output is not finite (nothing is written then); PL_ENOMEM when the workspace could not be
 * allocated (out is then filled with NaN). */
pl_status pli_sobol_indices(const double *fA, const double *fB, const double *const *fAB, size_t n,
                            size_t k, size_t n_boot, uint64_t seed, pli_sobol_index *out,
                            pli_sobol_moments *mom);

/* A streaming mean with its variance. Plain value: copy it, keep one per block; no allocation. */
typedef struct {
  uint64_t n;  /* values added */
  double mean; /* their mean (0 when n = 0) */
  double m2;   /* sum of squared deviations from the mean */
} pli_mean_acc;

/* The mean with a 95% normal interval, mean -/+ PL_Z95 * sd / sqrt(n). */
typedef struct {
  uint64_t n;
  double mean; /* NaN when n = 0 */
  double sd;   /* sample sd (divisor n - 1); 0 when all values are equal (also n = 1); NaN n = 0 */
  double lo, hi; /* the interval; [mean, mean] when sd = 0; NaN when n = 0 */
} pli_mean_ci;

/* Empties a. */
void pli_mean_init(pli_mean_acc *a);
/* Adds x to a (in trial order: the last bits of mean and m2 depend on the order). */
void pli_mean_add(pli_mean_acc *a, double x);
/* Adds the paired difference f_hi - f_lo of one trial run at the low and the high setting. */
void pli_mean_add_pair(pli_mean_acc *a, double f_lo, double f_hi);
/* Adds everything src holds to dst, as if src's values had been added after dst's (up to
 * rounding); merge blocks in block order for results independent of the thread count. */
void pli_mean_merge(pli_mean_acc *dst, const pli_mean_acc *src);
/* The mean and its interval from a. */
pli_mean_ci pli_mean_result(const pli_mean_acc *a);

/* The swing of n paired runs: pli_mean_add_pair(f_lo[j], f_hi[j]) for j = 0 .. n-1 in order,
 * then pli_mean_result. f_lo and f_hi may be NULL when n = 0. */
pli_mean_ci pli_paired_diff(const double *f_lo, const double *f_hi, size_t n);

#endif /* PARLEY_SOBOL_H */
