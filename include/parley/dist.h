/*
 * parley/dist.h — the distributions a scenario number may be written as.
 *
 * A pl_dist is a small value: the kind and up to three parameters. Draws go through a pl_rng so
 * that they belong to the trial's random stream (parley/rng.h).
 */
#ifndef PARLEY_DIST_H
#define PARLEY_DIST_H

#include <stddef.h>

#include "parley/rng.h"

typedef enum {
  PL_DIST_FIXED,      /* a = the value */
  PL_DIST_NORMAL,     /* a = mean, b = sd (>= 0) */
  PL_DIST_UNIFORM,    /* a = min, b = max (min <= max) */
  PL_DIST_TRIANGULAR, /* a = min, b = mode, c = max (min <= mode <= max) */
  PL_DIST_BETA        /* a, b > 0, on [0, 1] */
} pl_dist_kind;

typedef struct {
  pl_dist_kind kind;
  double a, b, c;
} pl_dist;

/* One draw from d using r, clamped to [lo, hi] (a NaN draw becomes lo, so the result is always in
 * [lo, hi] when lo <= hi). Consumes a fixed number of the stream's uniforms
 * for each kind except NORMAL and BETA (which use GSL's samplers); FIXED consumes none. */
double pl_dist_draw(const pl_dist *d, double lo, double hi, pl_rng *r);

/* The q-quantile (0 < q < 1) of d, clamped to [lo, hi] like a draw: the value below which a share
 * q of the draws fall (for FIXED the value). Exact inverse CDFs: uniform and triangular in closed
 * form, normal by GSL's gsl_cdf_ugaussian_Pinv, beta by pl_stats_beta_quantile (parley/stats.h). */
double pl_dist_quantile(const pl_dist *d, double q, double lo, double hi);

/* The distribution's mean before clamping (the value itself for FIXED). */
double pl_dist_mean(const pl_dist *d);

/* The lowercase name of a kind: "fixed", "normal", "uniform", "triangular", "beta". */
const char *pl_dist_kind_name(pl_dist_kind k);

/* How many of a, b, c a kind uses (FIXED 1, TRIANGULAR 3, the others 2), and the name of the i-th
 * as a scenario file writes it ("mean", "sd"; "min", "max"; "min", "mode", "max"; "a", "b";
 * FIXED: "value"); NULL for i out of range. The one table the loader, the writer and the
 * description of a scenario share. */
size_t pl_dist_n_params(pl_dist_kind k);
const char *pl_dist_param_name(pl_dist_kind k, size_t i);

#endif /* PARLEY_DIST_H */
