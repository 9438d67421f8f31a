/*
 * utility.c — an agent's utility of a text (docs/model.md, "Utility").
 *
 * U_i(p) = 1 - sum_j w_ij d(|p_j - x_ij| / (max_j - min_j)), d(z) = z or z^2: the weighted
 * city-block (linear) or quadratic loss of spatial models of negotiation (e.g. Stokman and van
 * Oosten 1994; Achen 2006 on the quadratic form). Weights are saliences normalised to sum 1.
 * Pure functions: no allocation, no state; these sit in the innermost loop of every trial.
 */
#include "parley/utility.h"

#include <math.h>

double pl_utility_eval(pl_utility_kind kind, size_t n, const double *w, const double *x,
                       const double *inv_range, const double *p) {
  double loss = 0.0;
  if (kind == PL_UTILITY_QUADRATIC) {
    for (size_t j = 0; j < n; j++) {
      double z = fabs(p[j] - x[j]) * inv_range[j];
      loss += w[j] * z * z;
    }
  } else {
    for (size_t j = 0; j < n; j++)
      loss += w[j] * fabs(p[j] - x[j]) * inv_range[j];
  }
  return 1.0 - loss;
}

/* The same products as pl_utility_eval, in the same order, so that the terms add up to its loss. */
void pl_utility_terms(pl_utility_kind kind, size_t n, const double *w, const double *x,
                      const double *inv_range, const double *p, double *terms) {
  if (kind == PL_UTILITY_QUADRATIC) {
    for (size_t j = 0; j < n; j++) {
      double z = fabs(p[j] - x[j]) * inv_range[j];
      terms[j] = w[j] * z * z;
    }
  } else {
    for (size_t j = 0; j < n; j++)
      terms[j] = w[j] * fabs(p[j] - x[j]) * inv_range[j];
  }
}

void pl_utility_weights(size_t n, const double *s, double *w) {
  double total = 0.0;
  for (size_t j = 0; j < n; j++)
    total += s[j];
  if (!(total > 0.0)) {
    for (size_t j = 0; j < n; j++)
      w[j] = 0.0;
    return;
  }
  double inv = 1.0 / total;
  for (size_t j = 0; j < n; j++)
    w[j] = s[j] * inv;
}
