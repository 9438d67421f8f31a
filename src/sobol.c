/*
 * sobol.c — Saltelli/Jansen variance-based indices with percentile-bootstrap intervals, and the
 * streaming mean of paired differences (formulas, sources and contracts in sobol.h).
 *
 * Invariants: one estimator (sb_estimate) serves the point estimate and every resample, so the
 * two cannot drift apart; each accumulator is summed over rows in one fixed order whatever the
 * loop nesting (factor outside, rows inside), so results depend on the data and the seed only;
 * all memory is allocated in pli_sobol_indices before its loops.
 */
#include "sobol.h"

#include <math.h>
#include <stdlib.h>

#include "parley/rng.h"
#include "parley/stats.h"

/* The estimates of one sample (rows = NULL: rows 0 .. n-1; else rows[0 .. n-1], a resample):
 * s1[i] and st[i] for i < k, *mean and *var. Returns 1, or 0 when V is 0 or not finite (all 2N
 * outputs equal, or their squares overflow): the indices are then undefined and s1, st are not
 * written; *mean is the common value when all are equal. */
static int sb_estimate(const double *fA, const double *fB, const double *const *fAB, size_t n,
                       size_t k, const size_t *rows, double *s1, double *st, double *mean,
                       double *var) {
  size_t r0 = rows != NULL ? rows[0] : 0;
  double sum = 0.0, lo = fA[r0], hi = fA[r0];
  for (size_t j = 0; j < n; j++) {
    size_t r = rows != NULL ? rows[j] : j;
    double a = fA[r], b = fB[r];
    sum += a;
    sum += b;
    lo = a < lo ? a : lo;
    hi = a > hi ? a : hi;
    lo = b < lo ? b : lo;
    hi = b > hi ? b : hi;
  }
  double two_n = 2.0 * (double)n;
  if (lo == hi) { /* exactly equal: the mean is that value, not sum / 2N rounded */
    *mean = lo;
    *var = 0.0;
    return 0;
  }
  double f0 = sum / two_n, ss = 0.0;
  for (size_t j = 0; j < n; j++) {
    size_t r = rows != NULL ? rows[j] : j;
    double da = fA[r] - f0, db = fB[r] - f0;
    ss += da * da;
    ss += db * db;
  }
  *mean = f0;
  *var = ss / two_n;
  if (!(*var > 0.0) || !isfinite(*var))
    return 0;
  for (size_t i = 0; i < k; i++) {
    const double *ab = fAB[i];
    double first = 0.0, total = 0.0;
    for (size_t j = 0; j < n; j++) {
      size_t r = rows != NULL ? rows[j] : j;
      /* Table 2 (b) with f_B shifted by f0 (sobol.h), and Table 2 (f). */
      double d = ab[r] - fA[r];
      first += (fB[r] - f0) * d;
      total += d * d;
    }
    s1[i] = first / (double)n / *var;
    st[i] = total / two_n / *var;
  }
  return 1;
}

static int sb_cmp(const void *x, const void *y) {
  double a = *(const double *)x, b = *(const double *)y;
  return (a > b) - (a < b);
}

/* The q-quantile of sorted[0 .. m-1], linear between order statistics (Hyndman and Fan 1996,
 * type 7: position (m - 1) q); NaN when m = 0. */
static double sb_quantile(const double *sorted, size_t m, double q) {
  if (m == 0)
    return NAN;
  double h = (double)(m - 1) * q;
  size_t at = (size_t)h;
  if (at + 1 >= m)
    return sorted[m - 1];
  double frac = h - (double)at;
  return sorted[at] + frac * (sorted[at + 1] - sorted[at]);
}

static void sb_fill_nan(pli_sobol_index *out, size_t k) {
  for (size_t i = 0; i < k; i++)
    out[i] = (pli_sobol_index){NAN, NAN, NAN, NAN, NAN, NAN};
}

pl_status pli_sobol_indices(const double *fA, const double *fB, const double *const *fAB, size_t n,
                            size_t k, size_t n_boot, uint64_t seed, pli_sobol_index *out,
                            pli_sobol_moments *mom) {
  if (fA == NULL || fB == NULL || fAB == NULL || out == NULL || n < 2 || k == 0)
    return PL_EINVAL;
  for (size_t i = 0; i < k; i++)
    if (fAB[i] == NULL)
      return PL_EINVAL;
  for (size_t j = 0; j < n; j++) {
    if (!isfinite(fA[j]) || !isfinite(fB[j]))
      return PL_EINVAL;
    for (size_t i = 0; i < k; i++)
      if (!isfinite(fAB[i][j]))
        return PL_EINVAL;
  }
  sb_fill_nan(out, k);
  if (mom != NULL)
    *mom = (pli_sobol_moments){NAN, NAN, 0};

  /* Workspace: the point estimates and one resample's (2k), a resample's rows (n), and every
   * resample's indices, factor by factor (2k rows of n_boot), so each can be sorted in place. */
  if (k > SIZE_MAX / 2 / sizeof(double) ||
      (n_boot > 0 && 2 * k > SIZE_MAX / sizeof(double) / n_boot) || n > SIZE_MAX / sizeof(size_t))
    return PL_ENOMEM;
  double *est = malloc(2 * k * sizeof *est);
  size_t *rows = n_boot > 0 ? malloc(n * sizeof *rows) : NULL;
  double *boot = n_boot > 0 ? malloc(2 * k * n_boot * sizeof *boot) : NULL;
  pl_rng *rng = n_boot > 0 ? pl_rng_alloc() : NULL;
  if (est == NULL || (n_boot > 0 && (rows == NULL || boot == NULL || rng == NULL))) {
    free(est);
    free(rows);
    free(boot);
    pl_rng_free(rng);
    return PL_ENOMEM;
  }

  double mean, var;
  int defined = sb_estimate(fA, fB, fAB, n, k, NULL, est, est + k, &mean, &var);
  size_t kept = 0;
  if (defined) {
    for (size_t i = 0; i < k; i++) {
      out[i].s1 = est[i];
      out[i].st = est[k + i];
    }
    for (size_t b = 0; b < n_boot; b++) {
      pl_rng_reset(rng, seed, b, PLI_SOBOL_STREAM);
      for (size_t j = 0; j < n; j++) {
        /* u < 1 - 2^-32, so u n < n for every n a size_t can count here; the test is a guard. */
        size_t r = (size_t)(pl_rng_uniform(rng) * (double)n);
        rows[j] = r < n ? r : n - 1;
      }
      double bm, bv;
      if (!sb_estimate(fA, fB, fAB, n, k, rows, est, est + k, &bm, &bv))
        continue;
      int finite = 1;
      for (size_t c = 0; c < 2 * k; c++)
        finite = finite && isfinite(est[c]);
      if (!finite)
        continue;
      for (size_t c = 0; c < 2 * k; c++)
        boot[c * n_boot + kept] = est[c];
      kept++;
    }
    for (size_t c = 0; c < 2 * k && kept > 0; c++)
      qsort(boot + c * n_boot, kept, sizeof *boot, sb_cmp);
    for (size_t i = 0; i < k && kept > 0; i++) {
      const double *b1 = boot + i * n_boot, *bt = boot + (k + i) * n_boot;
      out[i].s1_lo = sb_quantile(b1, kept, 0.025);
      out[i].s1_hi = sb_quantile(b1, kept, 0.975);
      out[i].st_lo = sb_quantile(bt, kept, 0.025);
      out[i].st_hi = sb_quantile(bt, kept, 0.975);
    }
  }
  if (mom != NULL)
    *mom = (pli_sobol_moments){mean, var, defined ? n_boot - kept : 0};
  free(est);
  free(rows);
  free(boot);
  pl_rng_free(rng);
  return PL_OK;
}

void pli_mean_init(pli_mean_acc *a) { *a = (pli_mean_acc){0, 0.0, 0.0}; }

void pli_mean_add(pli_mean_acc *a, double x) {
  /* Welford (1962): no sum of squares, so no cancellation; equal values keep m2 exactly 0. */
  a->n++;
  double d = x - a->mean;
  a->mean += d / (double)a->n;
  a->m2 += d * (x - a->mean);
}

void pli_mean_add_pair(pli_mean_acc *a, double f_lo, double f_hi) { pli_mean_add(a, f_hi - f_lo); }

void pli_mean_merge(pli_mean_acc *dst, const pli_mean_acc *src) {
  if (src->n == 0)
    return;
  if (dst->n == 0) {
    *dst = *src;
    return;
  }
  /* Chan, Golub and LeVeque (1979), the pairwise update of the mean and m2. */
  double na = (double)dst->n, nb = (double)src->n, nn = na + nb;
  double d = src->mean - dst->mean;
  dst->mean += d * (nb / nn);
  dst->m2 += src->m2 + d * d * (na * nb / nn);
  dst->n += src->n;
}

pli_mean_ci pli_mean_result(const pli_mean_acc *a) {
  if (a->n == 0)
    return (pli_mean_ci){0, NAN, NAN, NAN, NAN};
  double sd = a->n > 1 && a->m2 > 0.0 ? sqrt(a->m2 / (double)(a->n - 1)) : 0.0;
  double half = PL_Z95 * sd / sqrt((double)a->n);
  return (pli_mean_ci){a->n, a->mean, sd, a->mean - half, a->mean + half};
}

pli_mean_ci pli_paired_diff(const double *f_lo, const double *f_hi, size_t n) {
  pli_mean_acc a;
  pli_mean_init(&a);
  for (size_t j = 0; j < n; j++)
    pli_mean_add_pair(&a, f_lo[j], f_hi[j]);
  return pli_mean_result(&a);
}
