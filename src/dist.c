/*
 * dist.c — draws of uncertain scenario numbers.
 *
 * Every draw comes from the caller's pl_rng (the trial's parameter stream), so a trial's
 * parameters depend only on (seed, trial). Uniform and triangular use exactly one uniform each
 * (inverse CDF); normal uses GSL's ziggurat sampler (Marsaglia and Tsang 2000, via
 * gsl_ran_gaussian_ziggurat) and beta GSL's gsl_ran_beta, which consume a variable number of
 * uniforms; fixed consumes none. Every result is clamped to the parameter's domain [lo, hi],
 * NaN included (to lo).
 */
#include "parley/dist.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <math.h>

#include "parley/stats.h"
#include "rng_impl.h"

/* v in [lo, hi]; NaN, which compares false with everything, goes to lo (a draw that is not a
 * number is never passed on: GSL's beta sampler returns NaN for shape parameters near 1e-308, and
 * a NaN position or salience would poison every text and utility of the trial). Values that are
 * numbers clamp as before: the test is !(v >= lo) rather than v < lo only for NaN's sake. */
static double clamp(double v, double lo, double hi) {
  if (!(v >= lo))
    return lo;
  if (v > hi)
    return hi;
  return v;
}

/* Inverse CDF of the triangular distribution (min a, mode b, max c) at u in [0, 1): with
 * F(b) = (b - a) / (c - a), x = a + sqrt(u (c - a)(b - a)) for u < F(b), else
 * x = c - sqrt((1 - u)(c - a)(c - b)) (e.g. Evans, Hastings and Peacock, "Statistical
 * Distributions", 3rd ed., ch. 40). */
static double triangular_inv(double a, double b, double c, double u) {
  double width = c - a;
  if (!(width > 0.0))
    return a;
  if (u * width < b - a)
    return a + sqrt(u * width * (b - a));
  return c - sqrt((1.0 - u) * width * (c - b));
}

double pl_dist_draw(const pl_dist *d, double lo, double hi, pl_rng *r) {
  double v;
  switch (d->kind) {
  case PL_DIST_NORMAL:
    v = d->a + gsl_ran_gaussian_ziggurat(pli_rng_gsl(r), d->b);
    break;
  case PL_DIST_UNIFORM:
    v = d->a + (d->b - d->a) * pl_rng_uniform(r);
    break;
  case PL_DIST_TRIANGULAR:
    v = triangular_inv(d->a, d->b, d->c, pl_rng_uniform(r));
    break;
  case PL_DIST_BETA:
    v = gsl_ran_beta(pli_rng_gsl(r), d->a, d->b);
    break;
  case PL_DIST_FIXED:
  default:
    v = d->a;
    break;
  }
  return clamp(v, lo, hi);
}

double pl_dist_quantile(const pl_dist *d, double q, double lo, double hi) {
  double v;
  switch (d->kind) {
  case PL_DIST_NORMAL: /* Wichura's AS 241 in GSL, relative error about 1e-16 */
    v = d->b > 0.0 ? d->a + d->b * gsl_cdf_ugaussian_Pinv(q) : d->a;
    break;
  case PL_DIST_UNIFORM:
    v = d->a + (d->b - d->a) * q;
    break;
  case PL_DIST_TRIANGULAR:
    v = triangular_inv(d->a, d->b, d->c, q);
    break;
  case PL_DIST_BETA: /* parley's own inverse (stats.h): GSL's fails for extreme shapes */
    v = pl_stats_beta_quantile(q, d->a, d->b);
    break;
  case PL_DIST_FIXED:
  default:
    v = d->a;
    break;
  }
  return clamp(v, lo, hi);
}

double pl_dist_mean(const pl_dist *d) {
  switch (d->kind) {
  case PL_DIST_NORMAL:
    return d->a;
  case PL_DIST_UNIFORM:
    return 0.5 * (d->a + d->b);
  case PL_DIST_TRIANGULAR:
    return (d->a + d->b + d->c) / 3.0;
  case PL_DIST_BETA:
    return d->a / (d->a + d->b);
  case PL_DIST_FIXED:
  default:
    return d->a;
  }
}

/* Each kind's name and the names of the parameters it uses, in the order a, b, c. */
static const struct {
  const char *name;
  size_t n;
  const char *params[3];
} pli_dist_kinds[] = {
    [PL_DIST_FIXED] = {"fixed", 1, {"value", NULL, NULL}},
    [PL_DIST_NORMAL] = {"normal", 2, {"mean", "sd", NULL}},
    [PL_DIST_UNIFORM] = {"uniform", 2, {"min", "max", NULL}},
    [PL_DIST_TRIANGULAR] = {"triangular", 3, {"min", "mode", "max"}},
    [PL_DIST_BETA] = {"beta", 2, {"a", "b", NULL}},
};

static int dist_known(pl_dist_kind k) {
  return (unsigned)k < sizeof pli_dist_kinds / sizeof pli_dist_kinds[0];
}

const char *pl_dist_kind_name(pl_dist_kind k) {
  return dist_known(k) ? pli_dist_kinds[k].name : "unknown";
}

size_t pl_dist_n_params(pl_dist_kind k) { return dist_known(k) ? pli_dist_kinds[k].n : 0; }

const char *pl_dist_param_name(pl_dist_kind k, size_t i) {
  return i < pl_dist_n_params(k) ? pli_dist_kinds[k].params[i] : NULL;
}
