/*
 * stats.c — Wilson score intervals and quantiles of equal-width histograms.
 *
 * Wilson (1927), "Probable inference, the law of succession, and statistical inference", JASA 22:
 * for k successes in n trials and normal quantile z, the interval is
 *   (k + z^2/2) / (n + z^2)  -/+  z / (n + z^2) * sqrt(k (n - k) / n + z^2 / 4)
 * (Newcombe 1998, Statistics in Medicine 17, method 3; Brown, Cai and DasGupta 2001). Pure
 * functions, no state.
 */
#include "parley/stats.h"

#include <math.h>

void pl_stats_wilson(uint64_t k, uint64_t n, double z, double *low, double *high) {
  if (n == 0 || k > n) {
    *low = 0.0;
    *high = 1.0;
    return;
  }
  double dn = (double)n, dk = (double)k, z2 = z * z;
  double denom = dn + z2;
  double center = (dk + 0.5 * z2) / denom;
  double half = z / denom * sqrt(dk * (dn - dk) / dn + 0.25 * z2);
  double lo = center - half, hi = center + half;
  /* At k = 0 (k = n) the lower (upper) bound is exactly 0 (1); rounding must not move it. */
  if (k == 0 || lo < 0.0)
    lo = 0.0;
  if (k == n || hi > 1.0)
    hi = 1.0;
  *low = lo;
  *high = hi;
}

double pl_stats_hist_quantile(const uint64_t *counts, size_t n_bins, double lo, double hi,
                              double q) {
  uint64_t total = 0;
  for (size_t b = 0; b < n_bins; b++)
    total += counts[b];
  if (total == 0 || n_bins == 0)
    return NAN;
  if (q < 0.0)
    q = 0.0;
  if (q > 1.0)
    q = 1.0;
  /* The values of bin b are taken as spread evenly over [lo + b w, lo + (b + 1) w]; the quantile
   * is where the cumulative count reaches q * total (the first non-empty bin's lower edge at
   * q = 0, the last non-empty bin's upper edge at q = 1). */
  double width = (hi - lo) / (double)n_bins;
  double target = q * (double)total;
  uint64_t cum = 0;
  for (size_t b = 0; b < n_bins; b++) {
    if (counts[b] == 0)
      continue;
    double next = (double)(cum + counts[b]);
    if (next >= target) {
      double frac = (target - (double)cum) / (double)counts[b];
      if (frac < 0.0)
        frac = 0.0;
      return lo + width * ((double)b + frac);
    }
    cum += counts[b];
  }
  return hi; /* not reached: cum reaches total >= target */
}
