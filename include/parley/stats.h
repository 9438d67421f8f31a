/*
 * parley/stats.h — interval estimates and histogram quantiles used by the summaries.
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

#endif /* PARLEY_STATS_H */
