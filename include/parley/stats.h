/*
 * parley/stats.h — interval estimates and histogram quantiles used by the summaries.
 *
 * Pure functions, no state. Two intervals for a binomial proportion (docs/outputs.md, "Which
 * interval"): Wilson's score interval, narrow but below its nominal coverage near p = 0 and 1, and
 * the exact Clopper-Pearson interval, whose coverage is at least nominal for every p.
 */
#ifndef PARLEY_STATS_H
#define PARLEY_STATS_H

#include <stddef.h>
#include <stdint.h>

/* Wilson score interval for k successes in n trials at normal quantile z (1.959963984540054 for
 * 95%): writes [low, high]. n = 0 gives [0, 1]. */
void pl_stats_wilson(uint64_t k, uint64_t n, double z, double *low, double *high);

/* The q-quantile (0 <= q <= 1) of values binned into counts[n_bins] of equal width over [lo, hi],
 * interpolating linearly inside the bin. NaN when the histogram is empty. */
double pl_stats_hist_quantile(const uint64_t *counts, size_t n_bins, double lo, double hi,
                              double q);

#define PL_Z95 1.959963984540054

/* The regularized incomplete beta function I_x(a, b), the CDF of Beta(a, b) at x, for a, b > 0
 * finite (NaN otherwise, or for x NaN); 0 for x <= 0, 1 for x >= 1. The smaller of I and 1 - I
 * has a relative error of about 1e-14 or better for a and b up to 1e12 (tests/check_stats.c). */
double pl_stats_beta_cdf(double x, double a, double b);

/* 1 - I_x(a, b), computed without cancellation when it is small (same domain as beta_cdf). */
double pl_stats_beta_sf(double x, double a, double b);

/* The p-quantile of Beta(a, b): the x with I_x(a, b) = p, to the nearest double (where I changes
 * from below p to above p between two adjacent doubles, the one closer to p); 0 at p = 0, 1 at
 * p = 1, NaN for p outside [0, 1] or bad a, b. Always converges (Newton steps inside a bisected
 * bracket: at most a few hundred CDF evaluations, usually under ten). */
double pl_stats_beta_quantile(double p, double a, double b);

/* The exact (Clopper-Pearson 1934) interval of confidence 1 - alpha (0 < alpha < 1) for k
 * successes in n trials: low = I^-1(alpha/2; k, n - k + 1), high = I^-1(1 - alpha/2; k + 1, n - k);
 * low = 0 when k = 0 and high = 1 when k = n. n = 0, k > n or a bad alpha give [0, 1]. */
void pl_stats_clopper_pearson(uint64_t k, uint64_t n, double alpha, double *low, double *high);

/* Which 95% interval a summary reports; the zero value is Wilson, the default. */
typedef enum {
  PL_INTERVAL_WILSON = 0, /* pl_stats_wilson at PL_Z95 */
  PL_INTERVAL_EXACT       /* pl_stats_clopper_pearson at alpha = 0.05 */
} pl_interval;

/* The 95% interval of the given kind for k successes in n trials into [low, high]. */
void pl_stats_interval95(pl_interval kind, uint64_t k, uint64_t n, double *low, double *high);

/* "wilson" or "exact" (the values of --interval and of summary.json's "interval"). */
const char *pl_interval_name(pl_interval kind);

#endif /* PARLEY_STATS_H */
