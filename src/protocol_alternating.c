/*
 * protocol_alternating.c — Rubinstein–Ståhl alternating offers, solved exactly per trial.
 *
 * Two parties; the proposer alternates, sc->first proposing in round 1. At the start of a trial
 * (begin) the game with the trial's drawn parameters is solved once by backward induction over
 * the horizon max_rounds (Ståhl 1972 for the finite horizon, Rubinstein 1982 for its limit,
 * Binmore, Rubinstein & Wolinsky 1986 for the breakdown risk); the scratch then holds, per round,
 * the responder's threshold and whether the proposer makes an acceptable offer. propose() rebuilds
 * the round's offer from that threshold (a pure function of the scratch, so the text is the one the
 * solver valued). docs/protocols.md derives the equations.
 *
 * Invariants: positions never move under this protocol; a responder's threshold in round t is its
 * continuation value, breakdown * r + (1 - breakdown) * patience * V(t + 1), and its reservation
 * in the last round; the offer of round t leaves the responder exactly on (never below) that
 * threshold unless the proposer's own position already clears it. Mediators' leverage lowers a
 * party's reservation only after it rejected a text that was put; the rest of the horizon is then
 * solved again from the new reservations (with noise 0 a made offer is never rejected, so leverage
 * never fires and the textbook answers hold exactly).
 */
#include "protocol_alternating.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "protocol.h"

/* Per-issue loss d(gap) for a utility shape: the gap is normalised by the issue's range. */
static double shape(pl_utility_kind kind, double z) {
  return kind == PL_UTILITY_QUADRATIC ? z * z : z;
}

int pli_alternating_proposer(const pli_alt_game *g, unsigned t) {
  return (t % 2u == 1u) ? g->first : 1 - g->first;
}

double pli_alternating_utility(const pli_alt_game *g, int s, const double *y) {
  double loss = 0.0;
  for (size_t j = 0; j < g->n_issues; j++)
    loss += g->w[s][j] * shape(g->kind[s], fabs(y[j] - g->x[s][j]) * g->inv_range[j]);
  return 1.0 - loss;
}

/* y_j = x_pj moved the share z of the way to x_qj; z = 1 lands exactly on x_qj. */
static double towards(double xp, double xq, double z) {
  if (z >= 1.0)
    return xq;
  if (z <= 0.0)
    return xp;
  return xp + z * (xq - xp);
}

/* Gain to the responder of conceding the share z of issue j (its utility rises by this much). */
static double gain(const pli_alt_game *g, int q, size_t j, double z) {
  double d = fabs(g->x[q][j] - g->x[1 - q][j]) * g->inv_range[j];
  return g->w[q][j] * (shape(g->kind[q], d) - shape(g->kind[q], d * (1.0 - z)));
}

/* The share z of issue j that gives the responder exactly `need` (< full gain) of extra utility. */
static double share_for(const pli_alt_game *g, int q, size_t j, double need) {
  double d = fabs(g->x[q][j] - g->x[1 - q][j]) * g->inv_range[j];
  double full = g->w[q][j] * shape(g->kind[q], d);
  if (need >= full)
    return 1.0;
  if (g->kind[q] == PL_UTILITY_QUADRATIC) /* w d^2 (1 - (1 - z)^2) = need */
    return 1.0 - sqrt(1.0 - need / full);
  return need / full;
}

/* The Lagrangian concession on issue j: argmax_z -cost_p(z) + lambda gain_q(z), z in [0, 1].
 * lambda = mu / (1 - mu); mu = 1 is lambda = infinity (full concession). Not both linear. */
static double lagrange_share(const pli_alt_game *g, int p, size_t j, double mu) {
  int q = 1 - p;
  double wp = g->w[p][j], wq = g->w[q][j];
  double d = fabs(g->x[q][j] - g->x[p][j]) * g->inv_range[j];
  double z;
  if (mu >= 1.0)
    return 1.0;
  if (mu <= 0.0)
    return 0.0;
  if (g->kind[p] == PL_UTILITY_QUADRATIC && g->kind[q] == PL_UTILITY_QUADRATIC)
    z = mu * wq / ((1.0 - mu) * wp + mu * wq); /* 2 wp d^2 z = 2 lambda wq d^2 (1 - z) */
  else if (g->kind[p] == PL_UTILITY_QUADRATIC)
    z = mu * wq / ((1.0 - mu) * 2.0 * wp * d); /* 2 wp d^2 z = lambda wq d */
  else
    z = 1.0 - (1.0 - mu) * wp / (mu * 2.0 * wq * d); /* wp d = 2 lambda wq d^2 (1 - z) */
  return z < 0.0 ? 0.0 : (z > 1.0 ? 1.0 : z);
}

/* ratio(a) > ratio(b) for the knapsack order w_q / w_p (w_p = 0 is +infinity); ties keep index. */
static int before(const pli_alt_game *g, int p, size_t a, size_t b) {
  int q = 1 - p;
  double lhs = g->w[q][a] * g->w[p][b], rhs = g->w[q][b] * g->w[p][a];
  if (g->w[p][a] == 0.0 && g->w[p][b] == 0.0)
    return a < b;
  if (lhs != rhs)
    return lhs > rhs;
  return a < b;
}

int pli_alternating_best_offer(const pli_alt_game *g, int p, double k, size_t *order, double *y) {
  int q = 1 - p;
  size_t n = g->n_issues, m = 0;
  double need;

  for (size_t j = 0; j < n; j++)
    y[j] = g->x[p][j];
  need = k - pli_alternating_utility(g, q, y);
  if (need <= 0.0)
    return 1; /* the proposer's own position already clears the threshold */

  /* Issues that can help the responder, in knapsack order (insertion sort: n is small). */
  for (size_t j = 0; j < n; j++) {
    if (g->w[q][j] <= 0.0 || g->x[q][j] == g->x[p][j])
      continue;
    size_t at = m++;
    while (at > 0 && before(g, p, j, order[at - 1])) {
      order[at] = order[at - 1];
      at--;
    }
    order[at] = j;
  }

  int linear = g->kind[p] == PL_UTILITY_LINEAR && g->kind[q] == PL_UTILITY_LINEAR;
  /* Free issues (w_p = 0) first, in both cases; with both sides linear every issue in this order.
   */
  size_t done = 0;
  for (; done < m && need > 0.0; done++) {
    size_t j = order[done];
    if (!linear && g->w[p][j] > 0.0)
      break;
    double full = gain(g, q, j, 1.0);
    double z = share_for(g, q, j, need);
    y[j] = towards(g->x[p][j], g->x[q][j], z);
    need -= z >= 1.0 ? full : need;
  }
  if (need <= 0.0)
    return 1;
  if (linear || done == m) {
    /* Everything conceded: the responder's own position on every issue it cares about. */
    for (size_t j = 0; j < n; j++)
      y[j] = g->w[q][j] > 0.0 ? g->x[q][j] : y[j];
    return pli_alternating_utility(g, q, y) >= k - PLI_ALT_TOL;
  }

  /* Lagrangian path over the remaining issues order[done..m): bisection on mu, keeping the end
   * where the responder reaches k (mu = 1 is full concession, utility 1 >= k). */
  double lo = 0.0, hi = 1.0;
  for (size_t j = done; j < m; j++)
    y[order[j]] = g->x[q][order[j]];
  if (pli_alternating_utility(g, q, y) < k - PLI_ALT_TOL)
    return 0;
  for (int it = 0; it < 200; it++) {
    double mid = 0.5 * (lo + hi);
    if (mid <= lo || mid >= hi)
      break;
    for (size_t i = done; i < m; i++) {
      size_t j = order[i];
      y[j] = towards(g->x[p][j], g->x[q][j], lagrange_share(g, p, j, mid));
    }
    double uq = pli_alternating_utility(g, q, y);
    if (uq >= k) {
      hi = mid;
      if (uq - k <= PLI_ALT_TOL)
        break;
    } else {
      lo = mid;
    }
  }
  for (size_t i = done; i < m; i++) {
    size_t j = order[i];
    y[j] = towards(g->x[p][j], g->x[q][j], lagrange_share(g, p, j, hi));
  }
  return 1;
}

pl_status pli_alternating_solve(const pli_alt_game *g, unsigned from, double *thr,
                                unsigned char *offer, size_t *order, double *y, double value[2]) {
  double next[2] = {0.0, 0.0};                   /* each side's value of round t + 1 */
  double v2[2] = {0.0, 0.0}, v3[2] = {0.0, 0.0}; /* of rounds t + 2 and t + 3 */
  if (g->horizon < 1 || from < 1 || from > g->horizon || (g->first != 0 && g->first != 1))
    return PL_EINVAL;
  for (unsigned t = g->horizon; t >= from; t--) {
    int p = pli_alternating_proposer(g, t), q = 1 - p;
    double cont[2]; /* each side's value if round t ends without agreement */
    /* Below the last round, round t's values are a function of round t + 1's and of the
     * proposer's parity only. So once V(t + 1) equals V(t + 3) bit for bit, every earlier round
     * repeats the round two later: copy instead of solving (exact, not an approximation; the
     * long horizons of the infinite-game limit reach this fixed point after a few hundred
     * rounds). */
    if ((size_t)t + 3u <= g->horizon && next[0] == v3[0] && next[1] == v3[1]) {
      for (unsigned u = t;; u--) {
        thr[u] = thr[u + 2u];
        offer[u] = offer[u + 2u];
        if (u == from)
          break;
      }
      value[0] = (t - from) % 2u == 0u ? v2[0] : next[0];
      value[1] = (t - from) % 2u == 0u ? v2[1] : next[1];
      return PL_OK;
    }
    for (int s = 0; s < 2; s++) {
      v3[s] = v2[s];
      v2[s] = next[s];
      cont[s] = t == g->horizon
                    ? g->r[s]
                    : g->breakdown * g->r[s] + (1.0 - g->breakdown) * g->delta[s] * next[s];
    }
    thr[t] = cont[q];
    offer[t] = 0;
    if (pli_alternating_best_offer(g, p, cont[q], order, y)) {
      double up = pli_alternating_utility(g, p, y);
      if (up >= cont[p] - PLI_ALT_TOL) {
        offer[t] = 1;
        next[p] = up;
        next[q] = pli_alternating_utility(g, q, y);
      }
    }
    if (!offer[t]) {
      next[0] = cont[0];
      next[1] = cont[1];
    }
    if (!isfinite(next[0]) || !isfinite(next[1]))
      return PL_EINVAL;
    if (t == 1)
      break;
  }
  value[0] = next[0];
  value[1] = next[1];
  return PL_OK;
}

/* ---- The protocol: scratch layout and the vtable ---- */

typedef struct {
  pli_alt_game g;
  size_t agent[2];      /* agent index of side 0 and side 1 (the parties, in file order) */
  double *thr;          /* [max_rounds + 1] */
  double *y;            /* [n_issues] */
  size_t *order;        /* [n_issues] */
  unsigned char *offer; /* [max_rounds + 1] */
} alt_scratch;

static size_t round_up(size_t bytes) { return (bytes + 7u) / 8u * 8u; }

static size_t alt_scratch_size(const pl_scenario *sc) {
  size_t rounds = (size_t)sc->max_rounds + 1u;
  return round_up(sizeof(alt_scratch)) + rounds * sizeof(double) + sc->n_issues * sizeof(double) +
         sc->n_issues * sizeof(size_t) + rounds;
}

static alt_scratch *alt_layout(void *scratch, const pl_scenario *sc) {
  alt_scratch *a = scratch;
  unsigned char *base = (unsigned char *)scratch + round_up(sizeof(alt_scratch));
  size_t rounds = (size_t)sc->max_rounds + 1u;
  a->thr = (double *)(void *)base;
  a->y = a->thr + rounds;
  a->order = (size_t *)(void *)(a->y + sc->n_issues);
  a->offer = (unsigned char *)(a->order + sc->n_issues);
  return a;
}

static pl_status alt_begin(void *scratch, pli_trial_state *ts) {
  const pl_scenario *sc = ts->sc;
  alt_scratch *a = alt_layout(scratch, sc);
  size_t n = ts->n_issues;
  double value[2];
  if (sc->n_parties != 2)
    return PL_EINVAL;
  a->g.n_issues = n;
  a->g.inv_range = ts->inv_range;
  a->g.breakdown = ts->theta[sc->breakdown]; /* this trial's, drawn like any parameter */
  a->g.horizon = sc->max_rounds;
  a->g.first = sc->first == sc->parties[1] ? 1 : 0;
  for (int s = 0; s < 2; s++) {
    size_t i = sc->parties[s];
    a->agent[s] = i;
    a->g.kind[s] = sc->agents[i].utility;
    a->g.w[s] = ts->w + i * n;
    a->g.x[s] = ts->x + i * n;
    a->g.r[s] = ts->r[i];
    a->g.delta[s] = ts->theta[sc->agents[i].patience];
  }
  if (pli_alternating_solve(&a->g, 1u, a->thr, a->offer, a->order, a->y, value) != PL_OK)
    return PL_ENUMERIC;
  return PL_OK;
}

/* The offer the solver valued, rebuilt. Fails with PL_ENUMERIC if that offer cannot be rebuilt:
 * the solve found it with the same inputs, so this means the scratch and the solve disagree. */
static pl_status alt_propose(void *scratch, pli_trial_state *ts, unsigned t, long *proposer) {
  alt_scratch *a = alt_layout(scratch, ts->sc);
  int p = pli_alternating_proposer(&a->g, t);
  if (!a->offer[t]) {
    memcpy(ts->text, a->g.x[p], ts->n_issues * sizeof(double));
    *proposer = PLI_NO_OFFER;
    return PL_OK;
  }
  *proposer = (long)a->agent[p];
  return pli_alternating_best_offer(&a->g, p, a->thr[t], a->order, ts->text) ? PL_OK : PL_ENUMERIC;
}

static double alt_threshold(const void *scratch, const pli_trial_state *ts, size_t i, unsigned t) {
  const alt_scratch *a = scratch;
  int q = 1 - pli_alternating_proposer(&a->g, t);
  const double *thr = (const double *)(const void *)((const unsigned char *)scratch +
                                                     round_up(sizeof(alt_scratch)));
  return i == a->agent[q] ? thr[t] : ts->r[i];
}

/* Fails with PL_ENUMERIC when the re-solve from the lowered reservations fails, as begin does. */
static pl_status alt_update(void *scratch, pli_trial_state *ts, unsigned t) {
  alt_scratch *a = alt_layout(scratch, ts->sc);
  double value[2];
  int changed = 0;
  if (!a->offer[t] || t >= a->g.horizon)
    return PL_OK; /* no text was put, so no party rejected one: nothing for the mediators to do */
  pli_protocol_apply_leverage(ts);
  for (int s = 0; s < 2; s++) {
    double r = ts->r[a->agent[s]];
    if (r != a->g.r[s]) {
      a->g.r[s] = r;
      changed = 1;
    }
  }
  if (changed && /* the rest of the game, re-solved from the lowered reservations */
      pli_alternating_solve(&a->g, t + 1u, a->thr, a->offer, a->order, a->y, value) != PL_OK)
    return PL_ENUMERIC;
  return PL_OK;
}

const pli_protocol_type pli_protocol_alternating = {
    .name = "alternating",            /* protocol.kind in a scenario */
    .scratch_size = alt_scratch_size, /* the game, thresholds and offers per round, work space */
    .begin = alt_begin,               /* solves the trial's game by backward induction */
    .propose = alt_propose,           /* the solved offer of round t's proposer, or none */
    .threshold = alt_threshold,       /* the responder's continuation value */
    .update = alt_update,             /* leverage, then the rest of the game solved again */
};
