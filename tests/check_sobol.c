/*
 * check_sobol.c — variance-based indices (Saltelli 2010 / Jansen estimators, bootstrap intervals)
 * on functions whose indices are known in closed form, and the paired-difference mean.
 *
 * Every design below is drawn with pl_rng from a fixed seed: row j of A and B is stream
 * (seed, j, 0), k uniforms for A then k for B; the model maps the uniforms to its inputs.
 */
#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parley/rng.h"
#include "parley/stats.h"
#include "sobol.h"

#define KMAX 4
#define PI 3.141592653589793238462643383279502884 /* to double precision and beyond */
#define NBOOT 1000

typedef double (*model_fn)(const double *u); /* u[k], uniform on [0, 1) */

typedef struct {
  size_t n, k;
  double *fA, *fB;
  double *fAB[KMAX];
} design;

/* Evaluates f on a Saltelli design of n rows and k factors (A, B and each A_B^(i)). */
static design design_new(model_fn f, size_t k, size_t n, uint64_t seed) {
  design d = {n, k, malloc(n * sizeof(double)), malloc(n * sizeof(double)), {NULL}};
  for (size_t i = 0; i < k; i++)
    d.fAB[i] = malloc(n * sizeof(double));
  pl_rng *r = pl_rng_alloc();
  ck_assert_ptr_nonnull(r);
  for (size_t j = 0; j < n; j++) {
    double a[KMAX], b[KMAX], x[KMAX];
    pl_rng_reset(r, seed, j, 0);
    for (size_t i = 0; i < k; i++)
      a[i] = pl_rng_uniform(r);
    for (size_t i = 0; i < k; i++)
      b[i] = pl_rng_uniform(r);
    d.fA[j] = f(a);
    d.fB[j] = f(b);
    for (size_t i = 0; i < k; i++) {
      memcpy(x, a, sizeof x);
      x[i] = b[i];
      d.fAB[i][j] = f(x);
    }
  }
  pl_rng_free(r);
  return d;
}

static void design_free(design *d) {
  free(d->fA);
  free(d->fB);
  for (size_t i = 0; i < d->k; i++)
    free(d->fAB[i]);
}

static pl_status design_indices(const design *d, size_t n_boot, uint64_t seed, pli_sobol_index *out,
                                pli_sobol_moments *mom) {
  return pli_sobol_indices(d->fA, d->fB, (const double *const *)d->fAB, d->n, d->k, n_boot, seed,
                           out, mom);
}

/* Each estimate within tol of the true index, and each interval [lo, hi] no wider than 2 tol on
 * either side of the estimate (a 95% interval spans about 2 sd each way).
 * Tolerances, all for N = 2^13 rows: tol is at least 4 times the largest root-mean-square error
 * of the model's estimators, measured over 200 independent designs made as here (design seeds
 * 1 .. 200, 1000 resamples): Ishigami 0.0154 (ST1) -> 0.07; linear 0.0118 (S3) -> 0.05; x1 only
 * 0.0157 (S1) -> 0.07; indicator 0.0114 -> 0.05; XOR 0.0171 (S1) -> 0.07; judgement and luck
 * 0.0119 (S1) -> 0.05. No estimator's mean error over the 200 exceeded 0.002 (none is biased at
 * this N), and each index's interval held its true value in 92% to 98% of the 200 designs.
 * Whether the intervals hold the truth as often as they claim is expect_coverage's check: one
 * design's interval misses with probability 5%, so a single design proves nothing either way. */
static void expect_indices(const pli_sobol_index *out, size_t k, const double *s1, const double *st,
                           double tol) {
  for (size_t i = 0; i < k; i++) {
    ck_assert_msg(fabs(out[i].s1 - s1[i]) <= tol, "S%zu = %g, estimate %g", i + 1, s1[i],
                  out[i].s1);
    ck_assert_msg(fabs(out[i].st - st[i]) <= tol, "ST%zu = %g, estimate %g", i + 1, st[i],
                  out[i].st);
    ck_assert(out[i].s1 - 2 * tol <= out[i].s1_lo && out[i].s1_lo <= out[i].s1_hi &&
              out[i].s1_hi <= out[i].s1 + 2 * tol);
    ck_assert(out[i].st - 2 * tol <= out[i].st_lo && out[i].st_lo <= out[i].st_hi &&
              out[i].st_hi <= out[i].st + 2 * tol);
  }
}

/* The 95% intervals contain the truth about 95% of the time: over 40 independent designs of
 * N = 2^12 rows (design seeds 1 .. 40, bootstrap seed the same, 500 resamples), every index's
 * interval holds its true value in at least 33 of them. For a coverage of exactly 95%, fewer than
 * 33 of 40 has binomial probability 7e-4; for a coverage of 80%, 33 or more has 0.24 and for 70%
 * 0.02, so a bootstrap that is too narrow fails. The seeds are the first 40, not chosen. */
#define COVER_DESIGNS 40
#define COVER_MIN 33
static void expect_coverage(model_fn f, size_t k, const double *s1, const double *st) {
  int in1[KMAX] = {0}, int_[KMAX] = {0};
  for (uint64_t seed = 1; seed <= COVER_DESIGNS; seed++) {
    design d = design_new(f, k, 4096, seed);
    pli_sobol_index out[KMAX];
    ck_assert_int_eq(design_indices(&d, 500, seed, out, NULL), PL_OK);
    for (size_t i = 0; i < k; i++) {
      in1[i] += out[i].s1_lo <= s1[i] && s1[i] <= out[i].s1_hi;
      int_[i] += out[i].st_lo <= st[i] && st[i] <= out[i].st_hi;
    }
    design_free(&d);
  }
  for (size_t i = 0; i < k; i++) {
    ck_assert_msg(in1[i] >= COVER_MIN, "S%zu: %d of %d intervals hold it", i + 1, in1[i],
                  COVER_DESIGNS);
    ck_assert_msg(int_[i] >= COVER_MIN, "ST%zu: %d of %d intervals hold it", i + 1, int_[i],
                  COVER_DESIGNS);
  }
}

/* Ishigami and Homma (1990), "An importance quantification technique in uncertainty analysis for
 * computer models", Proc. ISUMA'90, 398-403: f = sin x1 + a sin^2 x2 + b x3^4 sin x1, x uniform on
 * [-pi, pi]^3, a = 7, b = 0.1. Its indices (Sobol' and Levitan 1999, "On the use of variance
 * reducing multipliers in Monte Carlo computations of a global sensitivity index", Comput. Phys.
 * Commun. 117:52-61; tabulated in Saltelli et al. 2008, "Global Sensitivity Analysis: The
 * Primer"), derived from E sin^2 = 1/2, E sin^4 = 3/8, E x^4 = pi^4/5, E x^8 = pi^8/9:
 *   V1 = (1 + b pi^4/5)^2 / 2, V2 = a^2/8, V3 = 0, V13 = b^2 pi^8 (1/18 - 1/50) = 8 b^2 pi^8/225,
 *   V = V1 + V2 + V13 = a^2/8 + b pi^4/5 + b^2 pi^8/18 + 1/2;
 *   S1 = V1/V = 0.3139, S2 = V2/V = 0.4424, S3 = 0, ST1 = (V1 + V13)/V = 0.5576, ST2 = S2,
 *   ST3 = V13/V = 0.2437. */
static const double ISH_A = 7.0, ISH_B = 0.1;

static double ishigami(const double *u) {
  double x1 = PI * (2.0 * u[0] - 1.0), x2 = PI * (2.0 * u[1] - 1.0);
  double x3 = PI * (2.0 * u[2] - 1.0), x3sq = x3 * x3, s2 = sin(x2);
  return sin(x1) + ISH_A * s2 * s2 + ISH_B * x3sq * x3sq * sin(x1);
}

static void ishigami_truth(double *s1, double *st, double *mean, double *var) {
  double pi4 = PI * PI * PI * PI, pi8 = pi4 * pi4;
  double v1 = 0.5 * (1.0 + ISH_B * pi4 / 5.0) * (1.0 + ISH_B * pi4 / 5.0);
  double v2 = ISH_A * ISH_A / 8.0, v13 = 8.0 * ISH_B * ISH_B * pi8 / 225.0;
  double v = v1 + v2 + v13;
  s1[0] = v1 / v, s1[1] = v2 / v, s1[2] = 0.0;
  st[0] = (v1 + v13) / v, st[1] = v2 / v, st[2] = v13 / v;
  *mean = ISH_A / 2.0; /* E sin x1 = 0, E a sin^2 x2 = a/2 */
  *var = v;
}

/* The closed forms agree with the published four-decimal values. */
START_TEST(test_ishigami_truth) {
  double s1[3], st[3], mean, var;
  ishigami_truth(s1, st, &mean, &var);
  const double pub_s1[3] = {0.3139, 0.4424, 0.0}, pub_st[3] = {0.5576, 0.4424, 0.2437};
  for (int i = 0; i < 3; i++) {
    ck_assert_double_eq_tol(s1[i], pub_s1[i], 5e-5);
    ck_assert_double_eq_tol(st[i], pub_st[i], 5e-5);
  }
}
END_TEST

/* N = 2^13 rows (5 N = 40960 runs); tolerances as expect_indices says. The output's mean and
 * variance are checked against 7/2 and V at 5 sd of their own estimators (sd of the mean
 * sqrt(V / 2N) = 0.029; of the variance sqrt((mu4 - V^2) / 2N) = 0.17, with the fourth central
 * moment mu4 estimated from 400000 independent evaluations). */
START_TEST(test_ishigami) {
  double s1[3], st[3], mean, var;
  ishigami_truth(s1, st, &mean, &var);
  design d = design_new(ishigami, 3, 8192, 20240819u);
  pli_sobol_index out[3];
  pli_sobol_moments mom;
  ck_assert_int_eq(design_indices(&d, NBOOT, 7u, out, &mom), PL_OK);
  expect_indices(out, 3, s1, st, 0.07);
  ck_assert_double_eq_tol(mom.mean, mean, 0.15);
  ck_assert_double_eq_tol(mom.var, var, 0.85);
  ck_assert_uint_eq(mom.boot_dropped, 0);
  design_free(&d);
}
END_TEST

/* y = sum c_i x_i with independent x_i uniform on [0, w_i] (var w_i^2 / 12): an additive model,
 * so S_i = ST_i = c_i^2 var_i / sum_j c_j^2 var_j (Saltelli et al. 2008, Primer, ch. 1: for a
 * linear model the first-order indices are the squared standardised regression coefficients and
 * sum to 1). c = (1, 2, 3), w = (1, 1, 2): c^2 w^2 = 1, 4, 36 over 41. */
static double linear(const double *u) { return 1.0 * u[0] + 2.0 * u[1] + 3.0 * (2.0 * u[2]); }

START_TEST(test_linear) {
  const double s[3] = {1.0 / 41.0, 4.0 / 41.0, 36.0 / 41.0};
  design d = design_new(linear, 3, 8192, 11u);
  pli_sobol_index out[3];
  pli_sobol_moments mom;
  ck_assert_int_eq(design_indices(&d, NBOOT, 3u, out, &mom), PL_OK);
  expect_indices(out, 3, s, s, 0.05);
  ck_assert_double_eq_tol(mom.mean, 0.5 + 1.0 + 3.0, 0.05); /* E y = sum c_i w_i / 2 */
  design_free(&d);
}
END_TEST

/* A function of x1 only: f_AB^i = f_A exactly for i != 1, so S_i and ST_i (and every resample's)
 * are exactly 0 (their numerators are sums of exact zeros); S1 = ST1 = 1 up to sampling noise. */
static double x1_only(const double *u) { return exp(3.0 * u[0]); }

START_TEST(test_one_input) {
  const double s[3] = {1.0, 0.0, 0.0};
  design d = design_new(x1_only, 3, 8192, 5u);
  pli_sobol_index out[3];
  ck_assert_int_eq(design_indices(&d, NBOOT, 9u, out, NULL), PL_OK);
  expect_indices(out, 3, s, s, 0.07);
  for (int i = 1; i < 3; i++) {
    ck_assert(out[i].s1 == 0.0 && out[i].s1_lo == 0.0 && out[i].s1_hi == 0.0);
    ck_assert(out[i].st == 0.0 && out[i].st_lo == 0.0 && out[i].st_hi == 0.0);
  }
  design_free(&d);
}
END_TEST

/* The 0/1 output of parley: y = 1{x1 > 0.5}, x2 irrelevant: S1 = ST1 = 1 (y is a function of x1),
 * S2 = ST2 = 0 exactly (as above). Var y = 1/4 and E y = 1/2. */
static double indicator(const double *u) { return u[0] > 0.5 ? 1.0 : 0.0; }

START_TEST(test_indicator) {
  const double s[2] = {1.0, 0.0};
  design d = design_new(indicator, 2, 8192, 17u);
  pli_sobol_index out[2];
  pli_sobol_moments mom;
  ck_assert_int_eq(design_indices(&d, NBOOT, 1u, out, &mom), PL_OK);
  expect_indices(out, 2, s, s, 0.05);
  ck_assert(out[1].s1 == 0.0 && out[1].st == 0.0 && out[1].st_hi == 0.0);
  ck_assert_double_eq_tol(mom.var, 0.25, 0.01); /* sd of the estimate: about 1 / sqrt(2N) / 4 */
  design_free(&d);
}
END_TEST

/* A pure interaction: y = 1{u1 < 1/2} XOR 1{u2 < 1/2}. E[y | u1] = E[y | u2] = 1/2 whatever the
 * value, so S1 = S2 = 0; y is determined only by both, so ST1 = ST2 = 1 (V = 1/4; Saltelli et al.
 * 2008, Primer, ch. 4: ST_i - S_i measures the interactions of factor i). A third factor has no
 * effect. */
static double xor_model(const double *u) { return (u[0] < 0.5) != (u[1] < 0.5) ? 1.0 : 0.0; }

START_TEST(test_xor) {
  const double s1[3] = {0.0, 0.0, 0.0}, st[3] = {1.0, 1.0, 0.0};
  design d = design_new(xor_model, 3, 8192, 23u);
  pli_sobol_index out[3];
  ck_assert_int_eq(design_indices(&d, NBOOT, 2u, out, NULL), PL_OK);
  expect_indices(out, 3, s1, st, 0.07);
  design_free(&d);
}
END_TEST

/* Judgement and luck, the shape of a parley trial: y = 1{u_luck < p(x)} with p(x) = x, x uniform
 * on [0, 1] (a judgement that sets the probability of agreement) and u_luck uniform (the
 * round-by-round randomness). Derivation: E y = 1/2, V = 1/4; E[y | x] = x, whose variance is 1/12,
 * so S_x = (1/12) / (1/4) = 1/3; E[y | u_luck = u] = P(x > u) = 1 - u, variance 1/12, so
 * S_luck = 1/3; ST_x = 1 - S_luck = 2/3 and ST_luck = 1 - S_x = 2/3 (Homma and Saltelli 1996,
 * "Importance measures in global sensitivity analysis of nonlinear models", Reliab. Eng. Syst. Saf.
 * 52:1-17: ST_i = 1 - V(E[y | x_~i]) / V); the remaining 1/3 is their interaction. */
static double judgement_luck(const double *u) { return u[1] < u[0] ? 1.0 : 0.0; }

START_TEST(test_judgement_luck) {
  const double s1[2] = {1.0 / 3.0, 1.0 / 3.0}, st[2] = {2.0 / 3.0, 2.0 / 3.0};
  design d = design_new(judgement_luck, 2, 8192, 29u);
  pli_sobol_index out[2];
  ck_assert_int_eq(design_indices(&d, NBOOT, 4u, out, NULL), PL_OK);
  expect_indices(out, 2, s1, st, 0.05);
  design_free(&d);
}
END_TEST

/* Coverage of the intervals (expect_coverage) on the known cases above. */
START_TEST(test_coverage_ishigami) {
  double s1[3], st[3], mean, var;
  ishigami_truth(s1, st, &mean, &var);
  expect_coverage(ishigami, 3, s1, st);
}
END_TEST

START_TEST(test_coverage_linear) {
  const double s[3] = {1.0 / 41.0, 4.0 / 41.0, 36.0 / 41.0};
  expect_coverage(linear, 3, s, s);
}
END_TEST

START_TEST(test_coverage_binary) {
  const double s1[3] = {0.0, 0.0, 0.0}, st[3] = {1.0, 1.0, 0.0};
  const double jl1[2] = {1.0 / 3.0, 1.0 / 3.0}, jlt[2] = {2.0 / 3.0, 2.0 / 3.0};
  const double ind[2] = {1.0, 0.0};
  expect_coverage(xor_model, 3, s1, st);
  expect_coverage(judgement_luck, 2, jl1, jlt);
  expect_coverage(indicator, 2, ind, ind);
}
END_TEST

/* All outputs equal: nothing to apportion, every index and interval NaN; mean the value, var 0. */
static double constant(const double *u) {
  (void)u;
  return 0.3;
}

START_TEST(test_constant) {
  design d = design_new(constant, 2, 64, 1u);
  pli_sobol_index out[2];
  pli_sobol_moments mom;
  ck_assert_int_eq(design_indices(&d, 100, 1u, out, &mom), PL_OK);
  for (int i = 0; i < 2; i++) {
    ck_assert(isnan(out[i].s1) && isnan(out[i].s1_lo) && isnan(out[i].s1_hi));
    ck_assert(isnan(out[i].st) && isnan(out[i].st_lo) && isnan(out[i].st_hi));
  }
  ck_assert(mom.mean == 0.3 && mom.var == 0.0);
  design_free(&d);
}
END_TEST

/* A rare 0/1 output: with N = 4 rows and one 1 among the 8 outputs, some resamples draw only
 * zeros (V = 0); they are left out and counted, and the rest still give an interval. */
START_TEST(test_dropped_resamples) {
  const double fA[4] = {0, 0, 0, 1}, fB[4] = {0, 0, 0, 0}, ab[4] = {0, 0, 0, 0};
  const double *fAB[1] = {ab};
  pli_sobol_index out[1];
  pli_sobol_moments mom;
  ck_assert_int_eq(pli_sobol_indices(fA, fB, fAB, 4, 1, 200, 5u, out, &mom), PL_OK);
  /* By hand: f0 = 1/8, V = 1/8 - 1/64 = 7/64; S1 = (1/4)(fB(3) - f0)(0 - 1) / V = (1/32)/(7/64)
   * = 2/7; ST1 = (1/8)(1) / V = 8/7. P(row 3 never drawn) = (3/4)^4 = 0.316, so about 63 of the
   * 200 resamples are dropped. */
  ck_assert_double_eq_tol(out[0].s1, 2.0 / 7.0, 1e-15);
  ck_assert_double_eq_tol(out[0].st, 8.0 / 7.0, 1e-15);
  ck_assert_double_eq_tol(mom.var, 7.0 / 64.0, 1e-16);
  ck_assert(mom.boot_dropped > 30 && mom.boot_dropped < 100);
  ck_assert(isfinite(out[0].s1_lo) && isfinite(out[0].st_hi));
}
END_TEST

/* The formulas on a two-row example by hand. fA = (1, 3), fB = (2, 6), fAB = (2, 3):
 * f0 = 3, V = ((1-3)^2 + (3-3)^2 + (2-3)^2 + (6-3)^2) / 4 = 14/4 = 3.5;
 * S1 = (1/2) [(2-3)(2-1) + (6-3)(3-3)] / 3.5 = -0.5 / 3.5 = -1/7 (negative: sampling noise, not
 * clipped); ST1 = (1/4) [(1-2)^2 + 0] / 3.5 = 1/14. */
START_TEST(test_by_hand) {
  const double fA[2] = {1, 3}, fB[2] = {2, 6}, ab[2] = {2, 3};
  const double *fAB[1] = {ab};
  pli_sobol_index out[1];
  pli_sobol_moments mom;
  ck_assert_int_eq(pli_sobol_indices(fA, fB, fAB, 2, 1, 0, 0u, out, &mom), PL_OK);
  ck_assert_double_eq(mom.mean, 3.0);
  ck_assert_double_eq(mom.var, 3.5);
  ck_assert_double_eq_tol(out[0].s1, -1.0 / 7.0, 1e-16);
  ck_assert_double_eq_tol(out[0].st, 1.0 / 14.0, 1e-16);
  ck_assert(isnan(out[0].s1_lo) && isnan(out[0].st_hi)); /* n_boot = 0: no intervals */
}
END_TEST

/* Outputs whose squares overflow: V is infinite, so the indices are NaN, not 0 or garbage. */
START_TEST(test_overflow) {
  const double fA[2] = {1e200, -1e200}, fB[2] = {0, 0}, ab[2] = {0, 0};
  const double *fAB[1] = {ab};
  pli_sobol_index out[1];
  ck_assert_int_eq(pli_sobol_indices(fA, fB, fAB, 2, 1, 10, 1u, out, NULL), PL_OK);
  ck_assert(isnan(out[0].s1) && isnan(out[0].st) && isnan(out[0].s1_lo) && isnan(out[0].st_hi));
}
END_TEST

/* Same arguments, same bytes; another bootstrap seed moves the intervals, never the estimates. */
START_TEST(test_deterministic) {
  design d = design_new(ishigami, 3, 1024, 3u);
  pli_sobol_index a[3], b[3], c[3];
  ck_assert_int_eq(design_indices(&d, 200, 42u, a, NULL), PL_OK);
  ck_assert_int_eq(design_indices(&d, 200, 42u, b, NULL), PL_OK);
  ck_assert_int_eq(design_indices(&d, 200, 43u, c, NULL), PL_OK);
  ck_assert(memcmp(a, b, sizeof a) == 0);
  for (int i = 0; i < 3; i++) {
    ck_assert(a[i].s1 == c[i].s1 && a[i].st == c[i].st);
    ck_assert(a[i].s1_lo != c[i].s1_lo);
  }
  design_free(&d);
}
END_TEST

/* Every argument error is PL_EINVAL and writes nothing. */
START_TEST(test_errors) {
  const double f[3] = {1, 2, 3}, bad[3] = {1, NAN, 3}, inf[3] = {1, 2, INFINITY};
  const double *ok[1] = {f}, *nul[1] = {NULL}, *nanab[1] = {bad};
  pli_sobol_index out[1] = {{7, 7, 7, 7, 7, 7}};
  ck_assert_int_eq(pli_sobol_indices(NULL, f, ok, 3, 1, 10, 1u, out, NULL), PL_EINVAL);
  ck_assert_int_eq(pli_sobol_indices(f, NULL, ok, 3, 1, 10, 1u, out, NULL), PL_EINVAL);
  ck_assert_int_eq(pli_sobol_indices(f, f, NULL, 3, 1, 10, 1u, out, NULL), PL_EINVAL);
  ck_assert_int_eq(pli_sobol_indices(f, f, nul, 3, 1, 10, 1u, out, NULL), PL_EINVAL);
  ck_assert_int_eq(pli_sobol_indices(f, f, ok, 3, 1, 10, 1u, NULL, NULL), PL_EINVAL);
  ck_assert_int_eq(pli_sobol_indices(f, f, ok, 1, 1, 10, 1u, out, NULL), PL_EINVAL);
  ck_assert_int_eq(pli_sobol_indices(f, f, ok, 3, 0, 10, 1u, out, NULL), PL_EINVAL);
  ck_assert_int_eq(pli_sobol_indices(bad, f, ok, 3, 1, 10, 1u, out, NULL), PL_EINVAL);
  ck_assert_int_eq(pli_sobol_indices(f, inf, ok, 3, 1, 10, 1u, out, NULL), PL_EINVAL);
  ck_assert_int_eq(pli_sobol_indices(f, f, nanab, 3, 1, 10, 1u, out, NULL), PL_EINVAL);
  ck_assert(out[0].s1 == 7 && out[0].st_hi == 7);
}
END_TEST

/* Paired differences by hand: f_lo = (1, 0, 1, 1, 0), f_hi = (1, 1, 1, 0, 1), d = (0, 1, 0, -1, 1):
 * mean 1/5; sum (d - 1/5)^2 = 3 - 5/25 = 2.8, sd = sqrt(2.8 / 4) = sqrt(0.7) = 0.8366600265;
 * half-width 1.959963985 * 0.8366600265 / sqrt(5) = 0.7333514 -> [-0.5333514, 0.9333514]. */
START_TEST(test_paired_by_hand) {
  const double lo[5] = {1, 0, 1, 1, 0}, hi[5] = {1, 1, 1, 0, 1};
  pli_mean_ci r = pli_paired_diff(lo, hi, 5);
  ck_assert_uint_eq(r.n, 5);
  ck_assert_double_eq_tol(r.mean, 0.2, 1e-15);
  ck_assert_double_eq_tol(r.sd, 0.8366600265, 1e-10);
  ck_assert_double_eq_tol(r.lo, -0.5333514, 1e-7);
  ck_assert_double_eq_tol(r.hi, 0.9333514, 1e-7);
  /* Streaming in two blocks, merged in order, gives the same up to rounding. */
  pli_mean_acc a, b;
  pli_mean_init(&a);
  pli_mean_init(&b);
  for (int j = 0; j < 2; j++)
    pli_mean_add_pair(&a, lo[j], hi[j]);
  for (int j = 2; j < 5; j++)
    pli_mean_add_pair(&b, lo[j], hi[j]);
  pli_mean_merge(&a, &b);
  pli_mean_ci m = pli_mean_result(&a);
  ck_assert_uint_eq(m.n, 5);
  ck_assert_double_eq_tol(m.mean, r.mean, 1e-15);
  ck_assert_double_eq_tol(m.sd, r.sd, 1e-15);
  /* Merging an empty block, or into one, changes nothing. */
  pli_mean_acc e;
  pli_mean_init(&e);
  pli_mean_acc before = a;
  pli_mean_merge(&a, &e);
  ck_assert(memcmp(&a, &before, sizeof a) == 0);
  pli_mean_merge(&e, &a);
  ck_assert(memcmp(&a, &e, sizeof a) == 0);
}
END_TEST

/* A 0/1 output's mean: (1, 1, 0, 1): 3/4, sd = sqrt((3 (1/4)^2 + (3/4)^2) / 3) = 1/2, half-width
 * 1.959963985 * 0.5 / 2 = 0.4899910 (a normal interval; it may pass 1). */
START_TEST(test_mean_binary) {
  pli_mean_acc a;
  pli_mean_init(&a);
  const double y[4] = {1, 1, 0, 1};
  for (int j = 0; j < 4; j++)
    pli_mean_add(&a, y[j]);
  pli_mean_ci r = pli_mean_result(&a);
  ck_assert_double_eq(r.mean, 0.75);
  ck_assert_double_eq_tol(r.sd, 0.5, 1e-15);
  ck_assert_double_eq_tol(r.lo, 0.75 - PL_Z95 * 0.25, 1e-15);
  ck_assert_double_eq_tol(r.hi, 1.2399910, 1e-7);
}
END_TEST

/* Equal differences: sd 0 and the interval is the value; one pair likewise; none: NaN. */
START_TEST(test_paired_degenerate) {
  const double lo[4] = {0.1, 0.2, 0.3, 0.4}, hi[4] = {0.35, 0.45, 0.55, 0.65};
  double d = hi[0] - lo[0];
  const double lo2[4] = {0.1, 0.1, 0.1, 0.1}, hi2[4] = {0.35, 0.35, 0.35, 0.35};
  pli_mean_ci r = pli_paired_diff(lo2, hi2, 4);
  ck_assert(r.mean == d && r.sd == 0.0 && r.lo == d && r.hi == d);
  r = pli_paired_diff(lo, hi, 1);
  ck_assert(r.n == 1 && r.mean == d && r.sd == 0.0 && r.lo == d && r.hi == d);
  r = pli_paired_diff(NULL, NULL, 0);
  ck_assert(r.n == 0 && isnan(r.mean) && isnan(r.sd) && isnan(r.lo) && isnan(r.hi));
}
END_TEST

static Suite *sobol_suite(void) {
  Suite *s = suite_create("sobol");
  TCase *tc = tcase_create("core");
  tcase_set_timeout(tc, 120);
  tcase_add_test(tc, test_ishigami_truth);
  tcase_add_test(tc, test_ishigami);
  tcase_add_test(tc, test_linear);
  tcase_add_test(tc, test_one_input);
  tcase_add_test(tc, test_indicator);
  tcase_add_test(tc, test_xor);
  tcase_add_test(tc, test_judgement_luck);
  tcase_add_test(tc, test_coverage_ishigami);
  tcase_add_test(tc, test_coverage_linear);
  tcase_add_test(tc, test_coverage_binary);
  tcase_add_test(tc, test_constant);
  tcase_add_test(tc, test_dropped_resamples);
  tcase_add_test(tc, test_by_hand);
  tcase_add_test(tc, test_overflow);
  tcase_add_test(tc, test_deterministic);
  tcase_add_test(tc, test_errors);
  tcase_add_test(tc, test_paired_by_hand);
  tcase_add_test(tc, test_mean_binary);
  tcase_add_test(tc, test_paired_degenerate);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) {
  SRunner *sr = srunner_create(sobol_suite());
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
