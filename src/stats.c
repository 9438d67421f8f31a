/*
 * stats.c — Wilson score and Clopper-Pearson intervals, the regularized incomplete beta function
 * and its inverse, and quantiles of equal-width histograms.
 *
 * Wilson (1927), "Probable inference, the law of succession, and statistical inference", JASA 22:
 * for k successes in n trials and normal quantile z, the interval is
 *   (k + z^2/2) / (n + z^2)  -/+  z / (n + z^2) * sqrt(k (n - k) / n + z^2 / 4)
 * (Newcombe 1998, Statistics in Medicine 17, method 3; Brown, Cai and DasGupta 2001).
 * Clopper-Pearson (1934) needs quantiles of Beta(k, n - k + 1) for n up to 1e12; GSL 2's
 * gsl_cdf_beta_Pinv gives NaN for the upper bound at k = 1, n = 1e6 (Pinv(0.975, 2, 999999), an
 * error that aborts under GSL's default handler) and had not returned after 20 s at k = 5e8,
 * n = 1e9, so parley has its own:
 * I_x(a, b) by its continued fraction (Numerical Recipes 3rd ed. §6.4, Abramowitz & Stegun
 * 26.5.8) with a prefactor that does not cancel (DiDonato & Morris 1992), and an inverse by Newton
 * steps inside a bisected bracket. Written from the equations of those sources, not their code.
 * Invariants: pure functions, no state, no libm call that writes a global (lgamma's signgam);
 * every loop is bounded; the results are the same bits under gcc and clang (-ffp-contract=off).
 */
#include "parley/stats.h"

#include <math.h>
#include <string.h>

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

/* ---- regularized incomplete beta ---------------------------------------------------------- */

/* The iteration cap of the continued fraction. It converges in O(sqrt(max(a, b))) steps (Numerical
 * Recipes 3rd ed., §6.4), so 1e7 leaves room for a and b up to about 1e13. */
#define ST_CF_MAX 10000000L

/* log(2 pi) / 2 */
#define ST_HALF_LOG_2PI 0.91893853320467274178

/* Stirling's correction delta(x) = lgamma(x) - ((x - 1/2) ln x - x + ln(2 pi) / 2) for x > 15, by
 * the asymptotic series 1/(12x) - 1/(360x^3) + 1/(1260x^5) - 1/(1680x^7) + 1/(1188x^9)
 * (Abramowitz & Stegun 6.1.41), whose next term is below 1e-16 there. */
static double st_stirling_series(double x) {
  double r = 1.0 / x, r2 = r * r;
  return r * (1.0 / 12 - r2 * (1.0 / 360 - r2 * (1.0 / 1260 - r2 * (1.0 / 1680 - r2 / 1188))));
}

/* ln Gamma(x) for x > 0, from Stirling's series after the recurrence
 * Gamma(x) = Gamma(x + n) / (x (x + 1) ... (x + n - 1)) has taken x past 15 (A&S 6.1.15): an
 * absolute error of a few 1e-15 for x up to 30, where it is used; the log of (x - 1)! for a whole
 * x up to 30 (the Clopper-Pearson case), to an ulp. Not the C library's lgamma,
 * which writes the global signgam (a data race between threads). */
static double st_lgamma(double x) {
  if (x <= 30.0 && x == floor(x)) { /* (x - 1)!, exact up to 18! and within an ulp beyond */
    double f = 1.0;
    for (int i = 2; i < (int)x; i++)
      f *= i;
    return log(f);
  }
  double prod = 1.0, y = x;
  while (y <= 15.0) {
    prod *= y;
    y += 1.0;
  }
  return (y - 0.5) * log(y) - y + ST_HALF_LOG_2PI + st_stirling_series(y) - log(prod);
}

/* delta(x) as above, for any x > 0. */
static double st_stirlerr(double x) {
  if (x > 15.0)
    return st_stirling_series(x);
  return st_lgamma(x) - ((x - 0.5) * log(x) - x + ST_HALF_LOG_2PI);
}

/* u - log(1 + u) for u > -1, to full relative precision near 0: with t = u / (2 + u),
 * log(1 + u) = 2 atanh t = 2 (t + t^3/3 + t^5/5 + ...) and u - 2t = t u, so
 * u - log(1 + u) = t u - 2 (t^3/3 + t^5/5 + ...), a sum without cancellation (|t| <= 1/3). */
static double st_rlog1(double u) {
  if (u < -0.5 || u > 0.5)
    return u - log1p(u);
  double t = u / (2.0 + u), t2 = t * t, term = t * t2, sum = 0.0;
  for (int k = 3; k < 200; k += 2) {
    double add = term / k;
    sum += add;
    if (fabs(add) <= 1e-17 * sum)
      break;
    term *= t2;
  }
  return t * u - 2.0 * sum;
}

/* log(x^a (1 - x)^b / B(a, b)) for 0 < x < 1, a, b > 0, with an absolute error of a few units in
 * the last place of the result's own size, for a and b up to 2^53. The naive sum of
 * a ln x, b ln(1 - x) and three lgammas cancels terms of size a ln a (3e13 at a = 1e12), so:
 * - when a and b both exceed 15, Stirling's formula for the three gammas gives
 *   1/B(a, b) = sqrt(ab / (2 pi (a + b))) (a + b)^(a+b) / (a^a b^b) e^(delta(a+b) - delta(a) -
 *   delta(b)), and with x0 = a / (a + b), u = (x - x0) / x0, v = (x0 - x) / (1 - x0) the powers
 *   become a log1p(u) + b log1p(v) = -(a rlog1(u) + b rlog1(v)) + (a u + b v); the last term is 0
 *   for the exact x0 and is kept for the rounded one, from the rounding residual a - (a + b) x0
 *   computed exactly with fma and a two-sum (the form of DiDonato & Morris 1992, ACM TOMS 18,
 *   "brcomp", with its rlog1; written from the equations, not their code);
 * - when both are at most 15, the naive sum (its terms are below about 100);
 * - otherwise see below. */
static double st_log_prefactor(double x, double a, double b) {
  if (a > 15.0 && b > 15.0) {
    double s = a + b, bb = s - a, e = (a - (s - bb)) + (b - bb); /* a + b = s + e exactly */
    double x0 = a / s, y0 = b / s;
    double resid = fma(-s, x0, a) - e * x0; /* a - (a + b) x0 */
    double u = (x - x0) / x0, v = (x0 - x) / y0;
    double lin = (x - x0) * resid / (x0 * y0); /* a u + b v */
    double pw = -(a * st_rlog1(u) + b * st_rlog1(v)) + lin;
    return pw + 0.5 * log(a * (b / s)) - ST_HALF_LOG_2PI + st_stirlerr(s) - st_stirlerr(a) -
           st_stirlerr(b);
  }
  if (a <= 15.0 && b <= 15.0)
    return a * log(x) + b * log1p(-x) - (st_lgamma(a) + st_lgamma(b) - st_lgamma(a + b));
  /* One of them, p, is small and the other, q, large: lgamma(q) - lgamma(p + q) is
   * -(q - 1/2) log1p(p/q) - p ln(p + q) + p + delta(q) - delta(p + q), and p ln(p + q) is paired
   * with p ln x (or p ln(1 - x)) as p ln(x (p + q)), so that no term of size p ln q is left to
   * cancel. */
  if (a < b)
    return a * log(x * (a + b)) + b * log1p(-x) - st_lgamma(a) + (b - 0.5) * log1p(a / b) - a -
           st_stirlerr(b) + st_stirlerr(a + b);
  return b * log((1.0 - x) * (a + b)) + a * log(x) - st_lgamma(b) + (a - 0.5) * log1p(b / a) - b -
         st_stirlerr(a) + st_stirlerr(a + b);
}

/* The continued fraction of I_x(a, b) (Abramowitz & Stegun 26.5.8):
 *   I_x(a, b) = x^a (1 - x)^b / (a B(a, b)) * 1 / (1 + d1 / (1 + d2 / (1 + ...))),
 *   d_{2m+1} = -(a + m)(a + b + m) x / ((a + 2m)(a + 2m + 1)),
 *   d_{2m} = m (b - m) x / ((a + 2m - 1)(a + 2m)),
 * evaluated by the modified Lentz method (Numerical Recipes 3rd ed., §5.2 and §6.4); it converges
 * quickly for x < (a + 1) / (a + b + 2). Returns the value of 1 / (1 + d1 / (1 + ...)). */
/* One step of the modified Lentz method for b0 + a1/(b1 + a2/(b2 + ...)) with every b_j = 1:
 * takes the next partial numerator a_j, updates the running C_j, D_j and the value *f, and
 * returns C_j D_j, the factor by which *f changed. */
static double st_lentz_step(double num, double *c, double *d, double *f) {
  const double tiny = 1e-300; /* stands for a zero denominator */
  *d = 1.0 + num * *d;
  if (fabs(*d) < tiny)
    *d = tiny;
  *c = 1.0 + num / *c;
  if (fabs(*c) < tiny)
    *c = tiny;
  *d = 1.0 / *d;
  double delta = *c * *d;
  *f *= delta;
  return delta;
}

static double st_beta_cf(double x, double a, double b) {
  const double eps = 1e-16;
  /* b0 = 0 (started as a tiny f, Lentz's rule), a1 = 1, then a_{j+1} = d_j. */
  double f = 1e-300, c = f, d = 0.0;
  st_lentz_step(1.0, &c, &d, &f);
  for (long k = 0; k < ST_CF_MAX; k++) {
    double m = (double)k;
    if (k > 0) { /* d_{2m} */
      double even = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m));
      if (fabs(st_lentz_step(even, &c, &d, &f) - 1.0) < eps)
        break;
    }
    double odd = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1)); /* d_{2m+1} */
    if (fabs(st_lentz_step(odd, &c, &d, &f) - 1.0) < eps)
      break;
  }
  return f;
}

/* Both tails at s <= 1/2: *lower = I_s(a, b), *upper = 1 - I_s(a, b).
 * - Below the fraction's threshold, s < (a + 1) / (a + b + 2), the fraction gives I_s directly, to
 *   full relative precision, and 1 - I_s is at least about 1/2.
 * - Above it the textbook route (Numerical Recipes §6.4) is the fraction of 1 - I_s = I_{1-s}(b, a)
 *   at 1 - s; but with s small 1 - s is near 1, where that fraction is ill-conditioned: its value,
 *   about c = (b + 1) / ((a + b) s - a + 1), multiplies its rounding errors (c = 2e11 at a = 1,
 *   b = 1e12, s = 4e-12). Instead the recurrence
 *   I_s(a, b) = I_s(a + 1, b) + s^a (1 - s)^b / (a B(a, b)) (A&S 26.5.16 with 6.1.15) is taken m
 *   steps up, to the first a + m whose threshold exceeds s, and the fraction is evaluated there:
 *   I_s(a, b) = t_m F(s; a + m, b) + sum_{j<m} t_j with t_j = s^(a+j) (1-s)^b / ((a+j) B(a+j, b)).
 *   Below m the terms fall as j falls (t_{j-1} = t_j (a+j) / (s (a+b+j-1)), a ratio below 1), so
 *   the sum runs from t_{m-1} down until they no longer count: about 6 sqrt(s (a + b) / (1 - s))
 *   terms, however large m is; every 256 terms t_j is recomputed from its closed form so that the
 *   rounding of the products does not accumulate. 1 - I_s is then 1 minus that sum, whose absolute
 *   error (a few 1e-16) is larger than the swapped fraction's (about c times 1e-16 relative) once
 *   1 - I_s < 1 / c: then the swapped fraction gives the upper tail. */
static void st_beta_tails_small(double s, double a, double b, double *lower, double *upper) {
  double m0 = (s * (a + b + 2.0) - a - 1.0) / (1.0 - s); /* the threshold is passed at a + m0 */
  if (m0 <= 0.0) {
    *lower = exp(st_log_prefactor(s, a, b)) * st_beta_cf(s, a, b) / a;
    *upper = 1.0 - *lower;
    return;
  }
  double c = (b + 1.0) / ((a + b) * s - a + 1.0);
  double swapped = NAN;
  if (!(m0 < 0x1p52) || c < 1e3) { /* far past the mean: swapped may be better */
    swapped = exp(st_log_prefactor(s, a, b)) * st_beta_cf(1.0 - s, b, a) / b;
    if (!(m0 < 0x1p52) || swapped * c < 1e-2) {
      *upper = swapped;
      *lower = 1.0 - swapped;
      return;
    }
  }
  double m = floor(m0) + ceil(5.0 * sqrt((a + b) * s * (1.0 - s))) + 1.0;
  double am = a + m;
  double t = exp(st_log_prefactor(s, am, b)) / am; /* t_m */
  double sum = t * st_beta_cf(s, am, b);
  /* i counts the terms added; j = m - i is exact (m < 2^52) */
  for (uint64_t i = 0; (double)i < m; i++) {
    double j = m - (double)i;
    if (fmod(j, 64.0) == 0.0)
      t = exp(st_log_prefactor(s, a + j - 1.0, b)) / (a + j - 1.0);
    else
      t *= (a + j) / (s * (a + b + j - 1.0)); /* t_{j-1} */
    sum += t;
    if (j <= m0 && t < 1e-17 * sum)
      break;
  }
  *lower = sum < 1.0 ? sum : 1.0;
  *upper = 1.0 - *lower;
  if (*upper * c < 1.0) { /* 1 - sum lost more than the swapped fraction would */
    if (isnan(swapped))
      swapped = exp(st_log_prefactor(s, a, b)) * st_beta_cf(1.0 - s, b, a) / b;
    *upper = swapped;
    *lower = 1.0 - swapped;
  }
}

/* Both tails at x: *lower = I_x(a, b), *upper = 1 - I_x(a, b), the smaller one to full relative
 * precision (except far in the upper tail of the side of 1/2 that holds x: see
 * st_beta_tails_small). x is reduced to s = min(x, 1 - x) <= 1/2, exact for x >= 1/2 (Sterbenz),
 * with I_x(a, b) = 1 - I_{1-x}(b, a). a, b > 0 and finite. */
static void st_beta_tails(double x, double a, double b, double *lower, double *upper) {
  if (!(x > 0.0)) {
    *lower = 0.0;
    *upper = 1.0;
  } else if (!(x < 1.0)) {
    *lower = 1.0;
    *upper = 0.0;
  } else if (x <= 0.5) {
    st_beta_tails_small(x, a, b, lower, upper);
  } else {
    st_beta_tails_small(1.0 - x, b, a, upper, lower);
  }
}

static int st_beta_args_ok(double a, double b) {
  return a > 0.0 && b > 0.0 && a < INFINITY && b < INFINITY;
}

double pl_stats_beta_cdf(double x, double a, double b) {
  if (isnan(x) || !st_beta_args_ok(a, b))
    return NAN;
  double lo, up;
  st_beta_tails(x, a, b, &lo, &up);
  return lo;
}

double pl_stats_beta_sf(double x, double a, double b) {
  if (isnan(x) || !st_beta_args_ok(a, b))
    return NAN;
  double lo, up;
  st_beta_tails(x, a, b, &lo, &up);
  return up;
}

/* Bits of a double in [0, 1]: for non-negative doubles the order of the bit patterns is the order
 * of the values, so halving a bit interval halves the number of doubles in it. */
static uint64_t st_bits(double x) {
  uint64_t u;
  memcpy(&u, &x, sizeof u);
  return u;
}

static double st_from_bits(uint64_t u) {
  double x;
  memcpy(&x, &u, sizeof x);
  return x;
}

/* A first guess for st_beta_solve: the normal approximation mean -/+ z sd of Beta(a, b), with z
 * the standard normal's upper t-quantile from Abramowitz & Stegun 26.2.23 (error below 4.5e-4);
 * the mean when that falls outside (0, 1) (a or b small). Only a start: the solver needs no more.
 */
static double st_beta_start(double t, double a, double b, int upper) {
  double r = sqrt(-2.0 * log(t < 0.5 ? t : 1.0 - t));
  double z = r - (2.515517 + r * (0.802853 + r * 0.010328)) /
                     (1.0 + r * (1.432788 + r * (0.189269 + r * 0.001308)));
  if (t > 0.5)
    z = -z;
  double mean = a / (a + b), sd = sqrt(a * b / (a + b + 1.0)) / (a + b);
  double x = upper ? mean + z * sd : mean - z * sd;
  return x > 0.0 && x < 1.0 ? x : mean;
}

/* The x in [0, 1] where the chosen tail of Beta(a, b) equals t, 0 < t < 1: the lower tail
 * I_x(a, b) (upper = 0) or the upper tail 1 - I_x(a, b) (upper = 1), each computed directly so
 * that a small t keeps its relative precision. F(x) = log(tail / t), oriented to increase with x,
 * is driven to 0 by Newton steps in x (d log(tail)/dx = density / tail), kept inside a bracket
 * [lo, hi] with F(lo) < 0 <= F(hi); a step that leaves the bracket, or two steps that do not halve
 * it, give way to a bisection of the bracket's bit patterns, which alone ends within 64 halvings.
 * The result is where F changes sign between two adjacent doubles (the one of the two with the
 * smaller |F|), or an x with F(x) = 0 exactly. */
static double st_beta_solve(double t, double a, double b, int upper) {
  uint64_t lo = st_bits(0.0), hi = st_bits(1.0);
  double f_lo = -INFINITY, f_hi = INFINITY;
  double x = st_beta_start(t, a, b, upper);
  uint64_t width_before = hi - lo;
  int slow = 0;
  for (int it = 0; it < 400 && hi - lo > 1; it++) {
    double pl, pu;
    st_beta_tails(x, a, b, &pl, &pu);
    double tail = upper ? pu : pl;
    double f = upper ? log(t) - log(tail) : log(tail) - log(t);
    if (f == 0.0)
      return x;
    if (f < 0.0) {
      lo = st_bits(x);
      f_lo = f;
    } else {
      hi = st_bits(x);
      f_hi = f;
    }
    if (hi - lo <= 1)
      break;
    /* Newton: dF/dx = density / tail, density = exp(lp) / (x (1 - x)). */
    double next = NAN;
    double slope = exp(st_log_prefactor(x, a, b) - log(x) - log1p(-x)) / tail;
    if (isfinite(f) && slope > 0.0 && isfinite(slope))
      next = x - f / slope;
    uint64_t width = hi - lo;
    slow = width > width_before / 2 ? slow + 1 : 0;
    width_before = width;
    double xlo = st_from_bits(lo), xhi = st_from_bits(hi);
    if (!(next > xlo && next < xhi) || slow >= 2) {
      /* A Newton step that lands on a bracket end moves to the double next to it, inside. */
      if (!slow && next == xlo)
        next = st_from_bits(lo + 1);
      else if (!slow && next == xhi)
        next = st_from_bits(hi - 1);
      else {
        next = st_from_bits(lo + (hi - lo) / 2);
        slow = 0;
      }
    }
    x = next;
  }
  return -f_lo <= f_hi ? st_from_bits(lo) : st_from_bits(hi);
}

double pl_stats_beta_quantile(double p, double a, double b) {
  if (isnan(p) || !st_beta_args_ok(a, b) || p < 0.0 || p > 1.0)
    return NAN;
  if (p == 0.0)
    return 0.0;
  if (p == 1.0)
    return 1.0;
  /* 1 - p is exact for p >= 1/2 (Sterbenz), so the upper tail keeps every bit of it. */
  return p <= 0.5 ? st_beta_solve(p, a, b, 0) : st_beta_solve(1.0 - p, a, b, 1);
}

/* ---- Clopper-Pearson -------------------------------------------------------------------- */

/* Clopper & Pearson (1934), Biometrika 26:404-413: the bounds are the p at which
 * P(X >= k | p) = alpha/2 and P(X <= k | p) = alpha/2 for X ~ Binomial(n, p); through
 * P(X >= k | p) = I_p(k, n - k + 1) (Abramowitz & Stegun 26.5.24) they are
 * low = I^-1(alpha/2; k, n - k + 1) and high = I^-1(1 - alpha/2; k + 1, n - k), the latter solved
 * on its upper tail so that a high near 0 keeps its relative precision. */
void pl_stats_clopper_pearson(uint64_t k, uint64_t n, double alpha, double *low, double *high) {
  if (n == 0 || k > n || !(alpha > 0.0 && alpha < 1.0)) {
    *low = 0.0;
    *high = 1.0;
    return;
  }
  double dk = (double)k, dn = (double)n, t = 0.5 * alpha;
  *low = k == 0 ? 0.0 : st_beta_solve(t, dk, dn - dk + 1.0, 0);
  *high = k == n ? 1.0 : st_beta_solve(t, dk + 1.0, dn - dk, 1);
}

void pl_stats_interval95(pl_interval kind, uint64_t k, uint64_t n, double *low, double *high) {
  if (kind == PL_INTERVAL_EXACT)
    pl_stats_clopper_pearson(k, n, 0.05, low, high);
  else
    pl_stats_wilson(k, n, PL_Z95, low, high);
}

const char *pl_interval_name(pl_interval kind) {
  return kind == PL_INTERVAL_EXACT ? "exact" : "wilson";
}
