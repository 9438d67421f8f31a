/*
 * protocol_alternating.h — the pure solver behind the `alternating` protocol (internal).
 *
 * Rubinstein–Ståhl alternating offers between two sides with complete information, solved by
 * backward induction over a finite horizon (docs/protocols.md). The functions here take plain
 * arrays, never allocate and never touch a trial, so they can be tested on hand-built games.
 *
 * A text between the two sides is written per issue as the proposer's position moved a share
 * z_j in [0, 1] of the way to the responder's: y_j = x_pj + z_j (x_qj - x_pj). Texts outside that
 * box are worth less to both sides than its projection on it, so the optimum lies inside.
 */
#ifndef PARLEY_PROTOCOL_ALTERNATING_H
#define PARLEY_PROTOCOL_ALTERNATING_H

#include <stddef.h>

#include "parley/scenario.h"
#include "parley/status.h"

/* Tolerance of the quadratic solver: the offer leaves the responder at most this much above its
 * threshold (and never below it). */
#define PLI_ALT_TOL 1e-12

/* A two-sided game. Side 0 and side 1; arrays are [n_issues]. */
typedef struct {
  size_t n_issues;
  const double *inv_range; /* 1 / (max_j - min_j) */
  pl_utility_kind kind[2]; /* each side's utility shape */
  const double *w[2];      /* each side's utility weights (saliences normalised to sum 1) */
  const double *x[2];      /* each side's (current) position */
  double r[2];             /* reservations: utility of no agreement */
  double delta[2];         /* patience: per-round discount factor, (0, 1] */
  double breakdown;        /* probability, each round, that the talks collapse */
  unsigned horizon;        /* last round, >= 1 */
  int first;               /* side (0 or 1) that proposes in round 1 */
} pli_alt_game;

/* The side proposing in round t (1-based): `first` in odd rounds, the other in even ones. */
int pli_alternating_proposer(const pli_alt_game *g, unsigned t);

/* Utility to side s of text y[n_issues] (docs/model.md utility, from the side's position). */
double pli_alternating_utility(const pli_alt_game *g, int s, const double *y);

/* The text that maximises proposer p's utility subject to the responder (1 - p) getting at least
 * k. Writes it into y[n_issues]; order[n_issues] is work space. Both sides linear: issues are
 * conceded whole, in decreasing order of w_q / w_p (a fractional knapsack), the last one in part.
 * Otherwise: free issues (w_p = 0) first, then the Lagrangian path maximising U_p + lambda U_q,
 * lambda found by bisection so that U_q(y) lies in [k, k + PLI_ALT_TOL].
 * Returns 1 when such a text exists, 0 when even the responder's own position falls short of k
 * (y is then the responder's position). */
int pli_alternating_best_offer(const pli_alt_game *g, int p, double k, size_t *order, double *y);

/* Backward induction over rounds g->horizon down to `from` (1 <= from <= horizon). For each such
 * round t, writes thr[t] (the responder's continuation value, its acceptance threshold) and
 * offer[t] (1 if the proposer makes an acceptable offer, 0 if its own continuation is worth more
 * than every acceptable text); entries below `from` are untouched (arrays sized horizon + 1).
 * value[2] receives each side's value of round `from` given that it is played (no breakdown
 * before it). order and y are work space of n_issues. Returns PL_OK, or PL_EINVAL on a malformed
 * game. */
pl_status pli_alternating_solve(const pli_alt_game *g, unsigned from, double *thr,
                                unsigned char *offer, size_t *order, double *y, double value[2]);

#endif /* PARLEY_PROTOCOL_ALTERNATING_H */
