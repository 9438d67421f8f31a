/*
 * nash.c — the zone of agreement and the capability-weighted Nash text, by a log-barrier method
 * (docs/protocols.md, "The Nash text"; nash.h gives the contract).
 *
 * Variables, in the unit box of issue ranges: u_j = (p_j - min_j) / (max_j - min_j) (index j),
 * e_kj for party k and issue j (index n + k n + j; frozen at 0 when party k's weight on j is 0),
 * and, for the zone, the margin z (last index). Constraints, each strictly positive inside:
 *   u_j, 1 - u_j;  e_kj - (u_j - a_kj), e_kj + (u_j - a_kj) (linear party) or e_kj - (u_j -
 *   a_kj)^2 (quadratic party);  2 - e_kj (NH_E_MAX);  S_k = 1 - r_k - sum_j w_kj e_kj (- z for
 *   the zone).
 * Zone:  maximise z, i.e. minimise -t z - sum log(constraints).
 * Nash:  maximise sum_k c_k log S_k / sum_k c_k, i.e. minimise -t sum_k (c_k / C) log S_k -
 *        sum log(other constraints).
 * Both objectives are concave and the constraints convex, so the barrier function is convex and
 * Newton's method with backtracking converges to its minimiser for each t (the central path);
 * the value there is within (number of barrier constraints) / t of the optimum (Boyd and
 * Vandenberghe 2004, eq. 11.7). t starts at 1 and grows 100-fold (NH_MU) until that bound is below
 * PLI_NASH_GAP. Newton's system is reduced to u (and z) by eliminating the losses (nh_solve) and
 * solved by a Cholesky factorisation written here (the matrix is positive definite for every
 * strictly feasible point: each barrier term adds a positive semidefinite term, the box terms make
 * the u block definite, and each e_kj has its own term), so that no library error handler is
 * involved.
 */
#include "nash.h"

#include <math.h>
#include <string.h>

#include "parley/utility.h"

/* Growth of t per outer step: with 10 the solves took more Newton steps in all; with 10^4 some
 * centrings crawled and the grid test of tests/check_nash.c failed. */
#define NH_MU 100.0
/* An upper bound on every loss e_kj, above any it can take at an optimum (a normalised distance,
 * or its square, is at most 1): without it a loss whose weight is tiny would drift far up, since
 * only the surplus constraint, through that weight, holds it down, and Newton's steps would crawl.
 */
#define NH_E_MAX 2.0 /* growth of t per outer step */
#define NH_NEWTON_MAX                                                                              \
  200u                      /* Newton steps per centring (then PL_ENUMERIC): far more than needed  \
                             */
#define NH_NEWTON_TOL 1e-14 /* stop centring when half the squared decrement over t is below */

typedef struct {
  const pli_trial_state *ts;
  size_t n, m, nv;         /* issues, parties, variables (n + m n, + 1 for z) */
  size_t ny;               /* the variables Newton's system is reduced to: u (and z), n (+ 1) */
  int zone;                /* 1: the margin problem (variable z); 0: the Nash product */
  double t;                /* barrier parameter */
  double ncons;            /* number of barrier constraints (the duality gap is ncons / t) */
  double *g, *dx, *v, *vt; /* [nv] gradient, Newton step, point, trial point */
  double *S;               /* [ny * ny] the reduced (Schur complement) system, then its factor */
  double *huu;             /* [ny] the diagonal of the Hessian's u block (and z's entry) */
  double *hee, *heu;       /* [m n] the e block's diagonal part and the e_kj-u_j coupling */
  double *alpha;           /* [m] weight of party k's surplus term: 1 (zone) or t c_k / C */
  double *y;               /* [ny] right-hand side of the reduced system */
  double *a, *cw, *rr;     /* [m n] normalised ideal points; [m] c_k / C; [m] reservations */
} nh_prob;

size_t pli_nash_work_doubles(size_t n_issues, size_t n_parties) {
  size_t n = n_issues, m = n_parties, nv = n + m * n + 1, ny = n + 1;
  return 4 * nv + ny * ny + 2 * ny + 3 * m * n + 3 * m;
}

static double nh_w(const nh_prob *P, size_t k, size_t j) {
  return P->ts->w[P->ts->sc->parties[k] * P->n + j];
}
static int nh_quad(const nh_prob *P, size_t k) {
  return P->ts->sc->agents[P->ts->sc->parties[k]].utility == PL_UTILITY_QUADRATIC;
}

/* Sets up P over work for the state ts. */
static void nh_init(nh_prob *P, const pli_trial_state *ts, double *work, int zone) {
  const pl_scenario *sc = ts->sc;
  size_t n = ts->n_issues, m = sc->n_parties;
  P->ts = ts;
  P->n = n;
  P->m = m;
  P->nv = n + m * n + (zone ? 1u : 0u);
  P->zone = zone;
  size_t nvmax = n + m * n + 1, nymax = n + 1;
  P->ny = n + (zone ? 1u : 0u);
  P->g = work;
  P->dx = P->g + nvmax;
  P->v = P->dx + nvmax;
  P->vt = P->v + nvmax;
  P->S = P->vt + nvmax;
  P->huu = P->S + nymax * nymax;
  P->y = P->huu + nymax;
  P->hee = P->y + nymax;
  P->heu = P->hee + m * n;
  P->alpha = P->heu + m * n;
  P->a = P->alpha + m;
  P->cw = P->a + m * n;
  P->rr = P->cw + m;
  double csum = 0.0;
  for (size_t k = 0; k < m; k++) {
    size_t i = sc->parties[k];
    P->cw[k] = ts->theta[sc->agents[i].capability];
    csum += P->cw[k];
    P->rr[k] = ts->r[i];
    for (size_t j = 0; j < n; j++)
      P->a[k * n + j] = (ts->x[i * n + j] - sc->issues[j].min) * ts->inv_range[j];
  }
  for (size_t k = 0; k < m; k++)
    P->cw[k] /= csum;
  double nc = 2.0 * (double)n;
  for (size_t k = 0; k < m; k++)
    for (size_t j = 0; j < n; j++)
      if (nh_w(P, k, j) > 0.0)
        nc += nh_quad(P, k) ? 2.0 : 3.0;
  if (zone)
    nc += (double)m; /* the surplus constraints S_k - z > 0 */
  P->ncons = nc;
}

/* The barrier function at v divided by t, or +inf outside the strictly feasible set: the objective
 * (-z, or -sum_k c_k log S_k / C) plus the barrier sum -sum log(constraint) over t, so that its
 * value stays of the order of 1 for any t and the line search can resolve its decrease. */
static double nh_value(const nh_prob *P, const double *v) {
  size_t n = P->n, m = P->m;
  double obj = P->zone ? -v[P->nv - 1] : 0.0, bar = 0.0;
  for (size_t j = 0; j < n; j++) {
    double u = v[j];
    if (!(u > 0.0 && u < 1.0))
      return INFINITY;
    bar -= log(u) + log(1.0 - u);
  }
  for (size_t k = 0; k < m; k++) {
    double S = 1.0 - P->rr[k] - (P->zone ? v[P->nv - 1] : 0.0);
    int quad = nh_quad(P, k);
    for (size_t j = 0; j < n; j++) {
      double w = nh_w(P, k, j);
      if (!(w > 0.0))
        continue;
      double e = v[n + k * n + j], d = v[j] - P->a[k * n + j];
      if (!(e < NH_E_MAX))
        return INFINITY;
      bar -= log(NH_E_MAX - e);
      if (quad) {
        double h = e - d * d;
        if (!(h > 0.0))
          return INFINITY;
        bar -= log(h);
      } else {
        double h1 = e - d, h2 = e + d;
        if (!(h1 > 0.0 && h2 > 0.0))
          return INFINITY;
        bar -= log(h1) + log(h2);
      }
      S -= w * e;
    }
    if (!(S > 0.0))
      return INFINITY;
    if (P->zone)
      bar -= log(S);
    else
      obj -= P->cw[k] * log(S);
  }
  return obj + bar / P->t;
}

/* The gradient g and the Hessian of the barrier function at v (strictly feasible), the Hessian in
 * the pieces its structure has: the u block (and z's entry) is diagonal (huu); the e block is, per
 * party k, diagonal (hee) plus the rank-one alpha_k w_k w_k^T / S_k^2 of its surplus term; e_kj
 * is coupled to u_j alone (heu) and, through the surplus, to z (alpha_k w_kj / S_k^2). alpha[k]
 * is left as alpha_k / S_k^2. A frozen e_kj (w_kj = 0) has hee 1 and a zero gradient, so a zero
 * step. */
static void nh_derivatives(nh_prob *P) {
  size_t n = P->n, m = P->m, nv = P->nv, z = nv - 1;
  const double *v = P->v;
  memset(P->g, 0, nv * sizeof(double));
  memset(P->huu, 0, P->ny * sizeof(double));
  for (size_t j = 0; j < n; j++) {
    double u = v[j], iu = 1.0 / u, iw = 1.0 / (1.0 - u);
    P->g[j] += iw - iu;
    P->huu[j] += iu * iu + iw * iw;
  }
  if (P->zone)
    P->g[z] -= P->t;
  for (size_t k = 0; k < m; k++) {
    double S = 1.0 - P->rr[k] - (P->zone ? v[z] : 0.0);
    int quad = nh_quad(P, k);
    for (size_t j = 0; j < n; j++) {
      size_t e_at = n + k * n + j, kj = k * n + j;
      double w = nh_w(P, k, j);
      P->heu[kj] = 0.0;
      if (!(w > 0.0)) {
        P->hee[kj] = 1.0;
        continue;
      }
      double e = v[e_at], d = v[j] - P->a[kj], ib = 1.0 / (NH_E_MAX - e);
      P->g[e_at] += ib;
      P->hee[kj] = ib * ib;
      if (quad) {
        double ih = 1.0 / (e - d * d);
        P->g[e_at] -= ih;
        P->g[j] += 2.0 * d * ih;
        P->hee[kj] += ih * ih;
        P->heu[kj] = -2.0 * d * ih * ih;
        P->huu[j] += 4.0 * d * d * ih * ih + 2.0 * ih;
      } else {
        double i1 = 1.0 / (e - d), i2 = 1.0 / (e + d);
        P->g[e_at] -= i1 + i2;
        P->g[j] += i1 - i2;
        P->hee[kj] += i1 * i1 + i2 * i2;
        P->heu[kj] = i2 * i2 - i1 * i1;
        P->huu[j] += i1 * i1 + i2 * i2;
      }
      S -= w * e;
    }
    /* -alpha log S with grad S = -w_kj on e_kj (and -1 on z). */
    double alpha = P->zone ? 1.0 : P->t * P->cw[k], is = 1.0 / S;
    for (size_t j = 0; j < n; j++) {
      double w = nh_w(P, k, j);
      if (w > 0.0)
        P->g[n + k * n + j] += alpha * w * is;
    }
    if (P->zone) {
      P->g[z] += alpha * is;
      P->huu[n] += alpha * is * is;
    }
    P->alpha[k] = alpha * is * is;
  }
}

/* Solves H dx = -g, with every diagonal entry of H raised by `shift`, by eliminating the e block
 * (block-diagonal, each block a diagonal plus a rank-one term, inverted by the Sherman-Morrison
 * formula) and factoring the Schur complement on u (and z) by Cholesky: O(m n) for the
 * elimination and O(n^3) for the factor instead of O((n + m n)^3). 0 when the complement is not
 * positive definite. For party k, with D = diag(hee_k) + shift, q = D^-1 w_k, a = alpha_k and
 * gamma = a / (1 + a w_k.q): H_ee^-1 x = D^-1 x - gamma q (q.x); the coupling G_k of e_k to
 * (u, z) has columns heu_kj at e_kj (for u_j) and a w_k (for z). */
static int nh_solve(nh_prob *P, double shift) {
  size_t n = P->n, m = P->m, ny = P->ny, z = n; /* z's index in the reduced system */
  double *S = P->S, *y = P->y, *dx = P->dx;
  const double *g = P->g;
  memset(S, 0, ny * ny * sizeof(double));
  for (size_t r = 0; r < ny; r++) {
    S[r * ny + r] = P->huu[r] + shift;
    y[r] = -g[r < n ? r : P->nv - 1];
  }
  for (size_t k = 0; k < m; k++) {
    double a = P->alpha[k], wq = 0.0, qr = 0.0, wDr = 0.0;
    const double *hee = P->hee + k * n, *heu = P->heu + k * n, *ge = g + n + k * n;
    for (size_t j = 0; j < n; j++) {
      double w = nh_w(P, k, j), dj = hee[j] + shift;
      wq += w * (w / dj);
      qr += (w / dj) * -ge[j];
    }
    double gamma = a / (1.0 + a * wq);
    /* y -= G^T H_ee^-1 r_e, with H_ee^-1 r_e = D^-1 r_e - gamma q (q.r_e). */
    for (size_t j = 0; j < n; j++) {
      double w = nh_w(P, k, j), dj = hee[j] + shift, q = w / dj;
      double te = -ge[j] / dj - gamma * q * qr;
      y[j] -= heu[j] * te;
      wDr += w * te;
    }
    if (P->zone)
      y[z] -= a * wDr;
    /* S -= G^T D^-1 G - gamma (G^T q)(G^T q)^T. */
    double gz = a * wq; /* (G^T q) at z */
    for (size_t j = 0; j < n; j++) {
      double w = nh_w(P, k, j), dj = hee[j] + shift, q = w / dj, gj = heu[j] * q;
      S[j * ny + j] -= heu[j] * heu[j] / dj;
      for (size_t l = 0; l <= j; l++) {
        double ql = nh_w(P, k, l) / (hee[l] + shift);
        S[j * ny + l] += gamma * gj * (heu[l] * ql);
      }
      if (P->zone) {
        S[z * ny + j] += -a * heu[j] * q + gamma * gz * gj;
      }
    }
    if (P->zone)
      S[z * ny + z] += -a * a * wq + gamma * gz * gz;
  }
  /* Cholesky of the lower triangle, S = L L^T, then L L^T dy = y. */
  for (size_t c = 0; c < ny; c++) {
    double d = S[c * ny + c];
    for (size_t k = 0; k < c; k++)
      d -= S[c * ny + k] * S[c * ny + k];
    if (!(d > 0.0) || !isfinite(d))
      return 0;
    d = sqrt(d);
    S[c * ny + c] = d;
    for (size_t r = c + 1; r < ny; r++) {
      double s = S[r * ny + c];
      for (size_t k = 0; k < c; k++)
        s -= S[r * ny + k] * S[c * ny + k];
      S[r * ny + c] = s / d;
    }
  }
  for (size_t r = 0; r < ny; r++) {
    double s = y[r];
    for (size_t k = 0; k < r; k++)
      s -= S[r * ny + k] * y[k];
    y[r] = s / S[r * ny + r];
  }
  for (size_t r = ny; r-- > 0;) {
    double s = y[r];
    for (size_t k = r + 1; k < ny; k++)
      s -= S[k * ny + r] * y[k];
    y[r] = s / S[r * ny + r];
  }
  for (size_t j = 0; j < n; j++)
    dx[j] = y[j];
  if (P->zone)
    dx[P->nv - 1] = y[z];
  /* The e steps: H_ee^-1 (r_e - G dy), party by party. */
  for (size_t k = 0; k < m; k++) {
    double a = P->alpha[k], wq = 0.0, qx = 0.0;
    const double *hee = P->hee + k * n, *heu = P->heu + k * n, *ge = g + n + k * n;
    double *de = dx + n + k * n, dz = P->zone ? y[z] : 0.0;
    for (size_t j = 0; j < n; j++) {
      double w = nh_w(P, k, j), dj = hee[j] + shift;
      de[j] = -ge[j] - heu[j] * y[j] - a * w * dz; /* r_e - G dy */
      wq += w * (w / dj);
      qx += (w / dj) * de[j];
    }
    double gamma = a / (1.0 + a * wq);
    for (size_t j = 0; j < n; j++) {
      double w = nh_w(P, k, j), dj = hee[j] + shift;
      de[j] = de[j] / dj - gamma * (w / dj) * qx;
    }
  }
  return 1;
}

/* Newton's method with backtracking (Armijo 0.25, halving) on the barrier function at P->t, from
 * the strictly feasible P->v. The derivatives are those of t * objective + barrier; the value,
 * the decrement and the Armijo test are divided by t (nh_value), and centring stops when half the
 * squared decrement over t, the bound on the distance to the centre's value, is below
 * NH_NEWTON_TOL, or when no step down to 2^-40 decreases the value in double precision (its
 * limit: the decrement is then below the rounding of the value). */
static pl_status nh_centre(nh_prob *P) {
  size_t nv = P->nv;
  double f = nh_value(P, P->v);
  for (unsigned it = 0; it < NH_NEWTON_MAX; it++) {
    /* Near the boundary the barrier's terms reach 1/h^2 and the factorisation can lose positive
     * definiteness to rounding: then the diagonal is shifted by 1e-14, 1e-12, ... times its
     * largest entry until it factors (a modified Newton step, still a descent direction; Nocedal
     * and Wright 2006, section 3.4). Only a shift beyond the largest entry itself fails. */
    nh_derivatives(P);
    double shift = 0.0, top = 0.0;
    for (size_t r = 0; r < P->ny; r++)
      top = P->huu[r] > top ? P->huu[r] : top;
    for (size_t r = 0; r < P->m * P->n; r++)
      top = P->hee[r] > top ? P->hee[r] : top;
    while (!nh_solve(P, shift * top)) {
      shift = shift == 0.0 ? 1e-14 : shift * 100.0;
      if (shift > 1.0)
        return PL_ENUMERIC;
    }
    double dec = 0.0;
    for (size_t r = 0; r < nv; r++)
      dec -= P->g[r] * P->dx[r];
    dec /= P->t;
    if (!(dec >= 0.0) || dec * 0.5 <= NH_NEWTON_TOL)
      return PL_OK;
    double s = 1.0, f1 = INFINITY;
    for (unsigned b = 0; b < 40; b++, s *= 0.5) {
      for (size_t r = 0; r < nv; r++)
        P->vt[r] = P->v[r] + s * P->dx[r];
      f1 = nh_value(P, P->vt);
      if (f1 <= f - 0.25 * s * dec)
        break;
    }
    if (!(f1 <= f - 0.25 * s * dec) || !(f1 < f))
      return PL_OK; /* no decrease left at double precision: centred as well as it can be */
    memcpy(P->v, P->vt, nv * sizeof(double));
    f = f1;
  }
  return PL_ENUMERIC; /* not centred after NH_NEWTON_MAX steps: never seen; an error, not a guess */
}

/* Party k's loss on issue j at u (normalised), weighted: w_kj d(|u - a_kj|). */
static double nh_loss(const nh_prob *P, size_t k, size_t j, double u) {
  double d = fabs(u - P->a[k * P->n + j]);
  return nh_w(P, k, j) * (nh_quad(P, k) ? d * d : d);
}

/* The dual bound h(l) = max_p sum_k l_k (U_k(p) - r_k) >= best margin, for weights l_k >= 0 summing
 * to 1 (l_0 = l, l_1 = 1 - l: two parties; 1/m each otherwise). The inner maximum separates by
 * issue; each issue's convex loss sum_k l_k w_kj d(|u - a_kj|) is minimised exactly at a party's
 * point when every party is linear (a weighted median), otherwise by golden-section search, whose
 * residual (~1e-12) the caller's margin of 1e-9 covers. */
static double nh_dual(const nh_prob *P, double l) {
  size_t n = P->n, m = P->m;
  double h = 0.0;
  for (size_t k = 0; k < m; k++)
    h += (m == 2 ? (k == 0 ? l : 1.0 - l) : 1.0 / (double)m) * (1.0 - P->rr[k]);
  for (size_t j = 0; j < n; j++) {
    int quad = 0;
    for (size_t k = 0; k < m; k++)
      quad |= nh_quad(P, k);
    double best = INFINITY;
#define NH_LOSS_AT(u, out)                                                                         \
  do {                                                                                             \
    double s_ = 0.0;                                                                               \
    for (size_t k_ = 0; k_ < m; k_++)                                                              \
      s_ += (m == 2 ? (k_ == 0 ? l : 1.0 - l) : 1.0 / (double)m) * nh_loss(P, k_, j, (u));         \
    (out) = s_;                                                                                    \
  } while (0)
    if (!quad) {
      for (size_t c = 0; c < m; c++) {
        double f;
        NH_LOSS_AT(P->a[c * n + j], f);
        best = f < best ? f : best;
      }
    } else {
      double lo = 0.0, hi = 1.0, g = 0.6180339887498949, x1 = hi - g * (hi - lo),
             x2 = lo + g * (hi - lo), f1, f2;
      NH_LOSS_AT(x1, f1);
      NH_LOSS_AT(x2, f2);
      for (unsigned it = 0; it < 60; it++) {
        if (f1 <= f2) {
          hi = x2, x2 = x1, f2 = f1, x1 = hi - g * (hi - lo);
          NH_LOSS_AT(x1, f1);
        } else {
          lo = x1, x1 = x2, f1 = f2, x2 = lo + g * (hi - lo);
          NH_LOSS_AT(x2, f2);
        }
      }
      best = f1 < f2 ? f1 : f2;
    }
#undef NH_LOSS_AT
    h -= best;
  }
  return h;
}

/* A certificate that no text gives every party a margin above -1e-9 (so no zone and no positive
 * surplus): some dual bound below it. Two parties: the weight l by golden-section search on the
 * convex h; more: equal weights. Cheap (no Newton step), so most texts far from any zone skip the
 * barrier method. */
static int nh_no_zone(const nh_prob *P) {
  if (P->m != 2)
    return nh_dual(P, 0.0) < -1e-9;
  double lo = 0.0, hi = 1.0, g = 0.6180339887498949, x1 = hi - g, x2 = g;
  double f1 = nh_dual(P, x1), f2 = nh_dual(P, x2);
  for (unsigned it = 0; it < 40; it++) {
    if (f1 < -1e-9 || f2 < -1e-9)
      return 1;
    if (f1 <= f2) {
      hi = x2, x2 = x1, f2 = f1, x1 = hi - g * (hi - lo);
      f1 = nh_dual(P, x1);
    } else {
      lo = x1, x1 = x2, f1 = f2, x2 = lo + g * (hi - lo);
      f2 = nh_dual(P, x2);
    }
  }
  return f1 < -1e-9 || f2 < -1e-9;
}

/* The zone problem from the centre of the box. stop_early: return as soon as the sign of the
 * margin is known (z > 0, or z + gap <= 0). */
static pl_status nh_zone_solve(nh_prob *P, int stop_early) {
  size_t n = P->n, m = P->m, z = P->nv - 1;
  double zmin = INFINITY;
  for (size_t j = 0; j < n; j++)
    P->v[j] = 0.5;
  for (size_t k = 0; k < m; k++) {
    double S = 1.0 - P->rr[k];
    for (size_t j = 0; j < n; j++) {
      double w = nh_w(P, k, j), d = 0.5 - P->a[k * n + j];
      double e = w > 0.0 ? (nh_quad(P, k) ? d * d : fabs(d)) + 0.5 : 0.0;
      P->v[n + k * n + j] = e;
      S -= w * e;
    }
    zmin = S < zmin ? S : zmin;
  }
  P->v[z] = zmin - 1.0;
  for (P->t = 1.0;; P->t *= NH_MU) {
    pl_status st = nh_centre(P);
    if (st != PL_OK)
      return st;
    double gap = P->ncons / P->t;
    if (stop_early && (P->v[z] > 0.0 || P->v[z] + gap <= 0.0))
      return PL_OK;
    if (gap <= PLI_NASH_GAP)
      return PL_OK;
  }
}

/* At the unit-box point u, from the utilities themselves (not the lifted e): the weighted log Nash
 * product (-inf when some surplus is not positive) or, for the zone, the smallest margin. */
static double nh_objective(const nh_prob *P, const double *u, int zone) {
  double f = zone ? INFINITY : 0.0;
  for (size_t k = 0; k < P->m; k++) {
    double S = 1.0 - P->rr[k];
    int quad = nh_quad(P, k);
    for (size_t j = 0; j < P->n; j++) {
      double d = fabs(u[j] - P->a[k * P->n + j]);
      S -= nh_w(P, k, j) * (quad ? d * d : d);
    }
    if (zone) {
      f = S < f ? S : f;
    } else {
      if (!(S > 0.0))
        return -INFINITY;
      f += P->cw[k] * log(S);
    }
  }
  return f;
}

/* The barrier keeps the solution strictly inside the box and off the kinks of linear utilities,
 * where the optimum often lies (a corner, a party's ideal point), at a distance of the order of
 * the gap. Each coordinate within NH_SNAP of a bound or of a party's ideal point is moved onto it
 * when that does not lower the objective, so that such optima come out exactly. */
#define NH_SNAP 1e-8
static void nh_snap(const nh_prob *P, double *u, double *tmp, int zone) {
  double best = nh_objective(P, u, zone);
  /* First every coordinate at once onto its nearest target (a corner is often reached only so,
   * as moving one coordinate alone trades one party's margin for another's), then one by one. */
  for (size_t j = 0; j < P->n; j++) {
    tmp[j] = u[j];
    double gap = NH_SNAP;
    for (size_t c = 0; c < P->m + 2; c++) {
      double to = c == 0 ? 0.0 : c == 1 ? 1.0 : P->a[(c - 2) * P->n + j];
      if (fabs(u[j] - to) <= gap) {
        gap = fabs(u[j] - to);
        tmp[j] = to;
      }
    }
  }
  double f0 = nh_objective(P, tmp, zone);
  if (f0 >= best) {
    best = f0;
    memcpy(u, tmp, P->n * sizeof(double));
  }
  for (size_t j = 0; j < P->n; j++) {
    for (size_t c = 0; c < P->m + 2; c++) {
      double to = c == 0 ? 0.0 : c == 1 ? 1.0 : P->a[(c - 2) * P->n + j];
      if (!(fabs(u[j] - to) <= NH_SNAP) || u[j] == to)
        continue;
      double keep = u[j];
      u[j] = to;
      double f = nh_objective(P, u, zone);
      if (f >= best)
        best = f;
      else
        u[j] = keep;
    }
  }
}

pl_status pli_nash_zone(const pli_trial_state *ts, double *work, double *margin) {
  nh_prob P;
  nh_init(&P, ts, work, 1);
  pl_status st = nh_zone_solve(&P, 0);
  if (st != PL_OK)
    return st;
  /* The margin of the point found, from the utilities as a trial computes them (a lower bound of
   * the best margin, within PLI_NASH_GAP of it). */
  nh_snap(&P, P.v, P.vt, 1);
  const pl_scenario *sc = ts->sc;
  double *p = P.dx; /* free now */
  for (size_t j = 0; j < P.n; j++)
    p[j] = sc->issues[j].min + P.v[j] * (sc->issues[j].max - sc->issues[j].min);
  double best = INFINITY;
  for (size_t k = 0; k < P.m; k++) {
    size_t i = sc->parties[k];
    double u = pl_utility_eval(sc->agents[i].utility, P.n, ts->w + i * P.n, ts->x + i * P.n,
                               ts->inv_range, p) -
               ts->r[i];
    best = u < best ? u : best;
  }
  *margin = best;
  return isfinite(best) ? PL_OK : PL_ENUMERIC;
}

pl_status pli_nash_text(const pli_trial_state *ts, double *work, double *text, int *found) {
  nh_prob P;
  *found = 0;
  nh_init(&P, ts, work, 1);
  if (nh_no_zone(&P))
    return PL_OK;
  pl_status st = nh_zone_solve(&P, 1);
  if (st != PL_OK || !(P.v[P.nv - 1] > 0.0))
    return st;
  /* A strictly feasible start for the Nash problem: the same u and e, every S_k > z > 0. */
  size_t nv = P.n + P.m * P.n;
  P.zone = 0;
  P.nv = nv;
  P.ny = P.n;
  P.ncons -= (double)P.m;
  for (P.t = 1.0;; P.t *= NH_MU) {
    if ((st = nh_centre(&P)) != PL_OK)
      return st;
    if (P.ncons / P.t <= PLI_NASH_GAP)
      break;
  }
  nh_snap(&P, P.v, P.vt, 0);
  const pl_scenario *sc = ts->sc;
  for (size_t j = 0; j < P.n; j++)
    text[j] = sc->issues[j].min + P.v[j] * (sc->issues[j].max - sc->issues[j].min);
  *found = 1;
  return PL_OK;
}
