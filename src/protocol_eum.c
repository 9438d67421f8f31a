/*
 * protocol_eum.c — Bueno de Mesquita's expected utility model (Scholz, Calbert & Smith 2011).
 *
 * Each round the text put to the parties is the mediated text (capability x salience weighted
 * mean of current positions); the parties respond as under `mediated`. After a rejected round,
 * every issue is played one round of the model on its own: risk exponents recomputed from r = 1
 * (step 1), every actor's best offer from its own point of view (step 2), all actors move at once
 * (step 3). Those moves replace the mediated concessions; mediators' leverage then lowers the
 * reservations of the parties that rejected. docs/protocols.md lists the equations.
 *
 * Invariants: an agent takes part in an issue's contest only if its salience on it is positive
 * (an agent that does not care neither challenges, nor is challenged, nor moves); the scratch
 * holds every table of one issue (O(n_agents^2)), reused issue after issue, so nothing is
 * allocated during a trial; positions only ever move to, or between, existing positions, so they
 * stay inside the issue's range.
 */
#include "protocol_eum.h"

#include <math.h>
#include <string.h>

#include "nash.h"
#include "protocol.h"

size_t pli_eum_work_size(size_t m) { return 2u * m * m + m; }

/* Vote table of one round: g[a * m + b] = (|x_a - x_b| / R)^r_a, and P[i * m + j] the
 * probability that x_i prevails over x_j with the replication's triple-sum denominator
 * (EUM.md): P(i, j) = sum_a max(0, c_a s_a (g_aj - g_ai)) / sum_a sum_b sum_d |c_a s_a (g_ad -
 * g_ab)|. */
static void prob_table(size_t m, const double *c, const double *s, const double *x,
                       const double *rexp, double range, double *g, double *P) {
  double denom = 0.0;
  for (size_t a = 0; a < m; a++)
    for (size_t b = 0; b < m; b++)
      g[a * m + b] = pow(fabs(x[a] - x[b]) / range, rexp[a]);
  for (size_t a = 0; a < m; a++) {
    double cs = c[a] * s[a];
    for (size_t b = 0; b < m; b++)
      for (size_t d = 0; d < m; d++)
        denom += fabs(cs * (g[a * m + d] - g[a * m + b]));
  }
  for (size_t i = 0; i < m; i++)
    for (size_t j = 0; j < m; j++) {
      double num = 0.0;
      if (x[i] != x[j] && denom > 0.0)
        for (size_t a = 0; a < m; a++) {
          double v = c[a] * s[a] * (g[a * m + j] - g[a * m + i]);
          num += v > 0.0 ? v : 0.0;
        }
      P[i * m + j] = denom > 0.0 ? num / denom : 0.0;
    }
}

/* 0.5^r, computed by the C library's pow() on every compiler. With a base known at compile time
 * to be a power of two, 2^k, clang (LibCallSimplifier, from -O1) replaces pow(2^k, r) by
 * exp2(k r), whose last bit can differ from pow's, and the eum results then differ between gcc
 * and clang builds. Reading the base from a volatile object makes it a run-time value for any
 * conforming compiler (a volatile access cannot be folded), so the call stays pow(0.5, r) as
 * written and gcc's results are unchanged. ldexp() would be exact, but only for integer r. */
static double pow_half(double r) {
  volatile double half = 0.5;
  return pow(half, r);
}

/* EU of i challenging j seen by an evaluator with exponent r (Q = 1): s_j [P Us + (1 - P) Uf]
 * + (1 - s_j) Us - Usq, with Us, Uf, Usq of Bueno de Mesquita (2002) as in EUM.md. The bases of
 * Us and Uf depend on the positions, so no compiler can rewrite those two pow() calls. */
static double eu_challenge(double r, double p_ij, double s_j, double x_i, double x_j,
                           double range) {
  double d = fabs(x_i - x_j) / range;
  double us = 2.0 - 4.0 * pow(0.5 - 0.5 * d, r);
  double uf = 2.0 - 4.0 * pow(0.5 + 0.5 * d, r);
  double usq = 2.0 - 4.0 * pow_half(r);
  return s_j * (p_ij * us + (1.0 - p_ij) * uf) + (1.0 - s_j) * us - usq;
}

pl_status pli_eum_round(size_t m, const double *c, const double *s, const double *x, double range,
                        double *work, double *x_new, double *risk, unsigned char *kind,
                        long *from) {
  double *g = work, *P = work + m * m, *danger = work + 2u * m * m;
  double dmax = -HUGE_VAL, dmin = HUGE_VAL;
  if (!(range > 0.0))
    return PL_EINVAL;

  /* Step 1: dangers with every exponent at 1, then the new exponents, all at once. */
  for (size_t a = 0; a < m; a++)
    risk[a] = 1.0;
  prob_table(m, c, s, x, risk, range, g, P);
  for (size_t k = 0; k < m; k++) {
    double dk = 0.0;
    for (size_t i = 0; i < m; i++)
      if (i != k)
        dk += eu_challenge(1.0, P[i * m + k], s[k], x[i], x[k], range);
    danger[k] = dk;
    dmax = dk > dmax ? dk : dmax;
    dmin = dk < dmin ? dk : dmin;
  }
  for (size_t k = 0; k < m; k++) {
    double rk = dmax > dmin ? (2.0 * danger[k] - dmax - dmin) / (dmax - dmin) : 0.0;
    risk[k] = (1.0 - rk / 3.0) / (1.0 + rk / 3.0);
  }

  /* Step 2: each actor's best offer, judged with its own exponent. */
  prob_table(m, c, s, x, risk, range, g, P);
  for (size_t i = 0; i < m; i++) {
    long best_conf = -1, best_comp = -1;
    double conf_move = 0.0, comp_key = 0.0, comp_pos = x[i];
    for (size_t j = 0; j < m; j++) {
      if (x[j] == x[i])
        continue;
      double eu_ij = eu_challenge(risk[i], P[i * m + j], s[j], x[i], x[j], range);
      double eu_ji = eu_challenge(risk[i], P[j * m + i], s[i], x[j], x[i], range);
      if (eu_ji > eu_ij && eu_ij > 0.0) { /* confrontation: i would move to x_j */
        double move = fabs(x[i] - x[j]);
        if (best_conf < 0 || move < conf_move) {
          best_conf = (long)j;
          conf_move = move;
        }
      } else if (eu_ji > 0.0 && 0.0 > eu_ij && eu_ji > fabs(eu_ij)) { /* compromise */
        double key = (fabs(eu_ij) * x[i] + fabs(eu_ji) * x[j]) / (fabs(eu_ij) + fabs(eu_ji));
        if (best_comp < 0 || key < comp_key) {
          best_comp = (long)j;
          comp_key = key;
          comp_pos = x[i] + (x[j] - x[i]) * fabs(eu_ij / eu_ji);
        }
      }
    }
    if (best_conf >= 0) {
      kind[i] = (unsigned char)PL_MOVE_CONFRONTATION;
      from[i] = best_conf;
      x_new[i] = x[(size_t)best_conf];
    } else if (best_comp >= 0) {
      kind[i] = (unsigned char)PL_MOVE_COMPROMISE;
      from[i] = best_comp;
      x_new[i] = comp_pos;
    } else {
      kind[i] = (unsigned char)PL_MOVE_NONE;
      from[i] = -1;
      x_new[i] = x[i];
    }
  }
  return PL_OK;
}

/* ---- The protocol: scratch layout and the vtable ---- */

typedef struct {
  double *c, *s, *x, *x_new, *risk, *work; /* [n_agents] each; work [pli_eum_work_size(n_agents)] */
  size_t *idx;                             /* [n_agents] agent index of each actor of the issue */
  long *from;                              /* [n_agents] */
  unsigned char *kind;                     /* [n_agents] */
} eum_scratch;

static size_t round_up(size_t bytes) { return (bytes + 7u) / 8u * 8u; }

/* The bytes of the model's own tables; text = "nash" appends the Nash solver's work (nash.h). */
static size_t eum_tables_size(size_t n) {
  return round_up(sizeof(eum_scratch)) + (5u * n + pli_eum_work_size(n)) * sizeof(double) +
         n * sizeof(size_t) + n * sizeof(long) + n;
}

static size_t eum_scratch_size(const pl_scenario *sc) {
  size_t nash = sc->text == PLI_TEXT_NASH ? pli_nash_work_doubles(sc->n_issues, sc->n_parties) : 0;
  return round_up(eum_tables_size(sc->n_agents)) + nash * sizeof(double);
}

static eum_scratch *eum_layout(void *scratch, size_t n) {
  eum_scratch *e = scratch;
  double *d = (double *)(void *)((unsigned char *)scratch + round_up(sizeof(eum_scratch)));
  e->c = d;
  e->s = d + n;
  e->x = d + 2u * n;
  e->x_new = d + 3u * n;
  e->risk = d + 4u * n;
  e->work = d + 5u * n;
  e->idx = (size_t *)(void *)(e->work + pli_eum_work_size(n));
  e->from = (long *)(void *)(e->idx + n);
  e->kind = (unsigned char *)(e->from + n);
  return e;
}

static pl_status eum_propose(void *scratch, pli_trial_state *ts, unsigned t, long *proposer) {
  (void)t;
  pli_protocol_mediated_text(ts, ts->text);
  *proposer = PLI_NO_PROPOSER;
  if (ts->sc->text != PLI_TEXT_NASH)
    return PL_OK;
  /* text = "nash": the Nash text when some text gives every party a positive surplus. */
  int found;
  double *work =
      (double *)(void *)((unsigned char *)scratch + round_up(eum_tables_size(ts->n_agents)));
  return pli_nash_text(ts, work, ts->text, &found);
}

/* Fails with pli_eum_round's status (PL_EINVAL for an issue whose range is not positive, which the
 * loader rejects): the issues already played keep their moves, but the trial ends there. */
static pl_status eum_update(void *scratch, pli_trial_state *ts, unsigned t) {
  const pl_scenario *sc = ts->sc;
  size_t n = ts->n_issues, na = ts->n_agents;
  eum_scratch *e = eum_layout(scratch, na);
  pl_trace_round *tr = ts->trace;
  (void)t;
  for (size_t j = 0; j < n; j++) {
    size_t m = 0;
    for (size_t a = 0; a < na; a++) {
      if (tr) {
        tr->move_kind[a * n + j] = (unsigned char)PL_MOVE_NONE;
        tr->move_from[a * n + j] = -1;
        tr->risk[a * n + j] = NAN;
      }
      if (!(ts->s[a * n + j] > 0.0))
        continue;
      e->idx[m] = a;
      e->c[m] = ts->theta[sc->agents[a].capability];
      e->s[m] = ts->s[a * n + j];
      e->x[m] = ts->x[a * n + j];
      m++;
    }
    pl_status st = pli_eum_round(m, e->c, e->s, e->x, sc->issues[j].max - sc->issues[j].min,
                                 e->work, e->x_new, e->risk, e->kind, e->from);
    if (st != PL_OK)
      return st;
    for (size_t k = 0; k < m; k++) {
      size_t a = e->idx[k];
      ts->x[a * n + j] = e->x_new[k];
      if (tr) {
        tr->move_kind[a * n + j] = e->kind[k];
        tr->move_from[a * n + j] = e->from[k] >= 0 ? (long)e->idx[e->from[k]] : -1;
        tr->risk[a * n + j] = e->risk[k];
      }
    }
  }
  pli_protocol_apply_leverage(ts);
  return PL_OK;
}

const pli_protocol_type pli_protocol_eum = {
    .name = "eum",                    /* protocol.kind in a scenario */
    .scratch_size = eum_scratch_size, /* one issue's tables, reused issue after issue */
    .begin = NULL,                    /* nothing is fixed for a trial */
    .propose = eum_propose,           /* the mean or Nash text; every party responds */
    .threshold = NULL,                /* a responder holds the text to its reservation */
    .update = eum_update,             /* one model round per issue, then the leverage */
};
