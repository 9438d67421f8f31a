/*
 * parley/utility.h — an agent's utility of a text (docs/model.md, docs/model.md).
 *
 * U_i(p) = 1 - sum_j w_ij d(|p_j - x_ij| / (max_j - min_j)), d(z) = z (linear) or z^2 (quadratic),
 * with w_i the agent's saliences normalised to sum 1 and x_i its current position.
 */
#ifndef PARLEY_UTILITY_H
#define PARLEY_UTILITY_H

#include <stddef.h>

#include "parley/scenario.h"

/* U(p) for one agent: w[n] its normalised weights, x[n] its position, inv_range[n] the issues'
 * 1 / (max - min), p[n] the text. Pure; no allocation. */
double pl_utility_eval(pl_utility_kind kind, size_t n, const double *w, const double *x,
                       const double *inv_range, const double *p);

/* The terms of U's loss, one per issue: terms[j] = w[j] d(|p_j - x[j]| * inv_range[j]), what issue
 * j costs the agent at text p (arguments as pl_utility_eval). 1 - (terms[0] + ... + terms[n-1]),
 * summed in that order, is pl_utility_eval's value to the last bit. Pure; no allocation. */
void pl_utility_terms(pl_utility_kind kind, size_t n, const double *w, const double *x,
                      const double *inv_range, const double *p, double *terms);

/* Normalises saliences s[n] into weights w[n] (sum 1). All-zero saliences give all-zero weights
 * (the agent is indifferent: utility 1 everywhere). s and w may alias. */
void pl_utility_weights(size_t n, const double *s, double *w);

#endif /* PARLEY_UTILITY_H */
