/*
 * check_rng.c — the Philox4x32-10 streams: known answer, determinism, independence of streams,
 * uniformity.
 */
#include <check.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_rng.h>
#include <stdint.h>
#include <stdlib.h>

#include "parley/rng.h"
#include "rng_impl.h"

/* Known answer: Random123 1.14 kat_vectors, line "philox4x32 10" with counter and key all zero:
 * output words 6627e8d5 e169c58d bc57ac4c 9b00dbd8. Stream (seed 0, trial 0, substream 0) starts
 * at exactly that counter and key; its draws are the output words in order. */
START_TEST(test_known_answer) {
  pl_rng *r = pl_rng_alloc();
  ck_assert_ptr_nonnull(r);
  pl_rng_reset(r, 0, 0, 0);
  gsl_rng *g = pli_rng_gsl(r);
  ck_assert_uint_eq(gsl_rng_get(g), 0x6627e8d5u);
  ck_assert_uint_eq(gsl_rng_get(g), 0xe169c58du);
  ck_assert_uint_eq(gsl_rng_get(g), 0xbc57ac4cu);
  ck_assert_uint_eq(gsl_rng_get(g), 0x9b00dbd8u);
  ck_assert_uint_eq(gsl_rng_max(g), 0xffffffffu);
  ck_assert_uint_eq(gsl_rng_min(g), 0u);
  /* The uniform is the 32-bit word / 2^32. */
  pl_rng_reset(r, 0, 0, 0);
  ck_assert_double_eq(pl_rng_uniform(r), 0x6627e8d5u / 4294967296.0);
  pl_rng_free(r);
}
END_TEST

START_TEST(test_deterministic) {
  pl_rng *a = pl_rng_alloc(), *b = pl_rng_alloc();
  pl_rng_reset(a, 20240819u, 12345u, 7u);
  /* b first wanders elsewhere: a reset must forget all history. */
  pl_rng_reset(b, 99u, 1u, 0u);
  for (int k = 0; k < 37; k++)
    (void)pl_rng_uniform(b);
  pl_rng_reset(b, 20240819u, 12345u, 7u);
  for (int k = 0; k < 1000; k++)
    ck_assert_double_eq(pl_rng_uniform(a), pl_rng_uniform(b));
  /* The gsl_rng view draws from the same stream. */
  pl_rng_reset(a, 5u, 6u, 1u);
  pl_rng_reset(b, 5u, 6u, 1u);
  for (int k = 0; k < 10; k++)
    ck_assert_double_eq(pl_rng_uniform(a), gsl_rng_uniform(pli_rng_gsl(b)));
  pl_rng_free(a);
  pl_rng_free(b);
  pl_rng_free(NULL);
}
END_TEST

/* Eight draws (256 bits) of two streams coincide with probability 2^-256 if they are different
 * streams; equality means the two keys/counters collapsed to one. */
static int same_prefix(uint64_t s1, uint64_t t1, uint32_t u1, uint64_t s2, uint64_t t2,
                       uint32_t u2) {
  pl_rng *a = pl_rng_alloc(), *b = pl_rng_alloc();
  pl_rng_reset(a, s1, t1, u1);
  pl_rng_reset(b, s2, t2, u2);
  int same = 1;
  for (int k = 0; k < 8; k++)
    if (pl_rng_uniform(a) != pl_rng_uniform(b))
      same = 0;
  pl_rng_free(a);
  pl_rng_free(b);
  return same;
}

START_TEST(test_distinct_streams) {
  ck_assert(same_prefix(1, 2, 3, 1, 2, 3));
  ck_assert(!same_prefix(1, 0, 0, 1, 1, 0));                   /* trials */
  ck_assert(!same_prefix(1, 0, 0, 1, 1ull << 32, 0));          /* trial high word */
  ck_assert(!same_prefix(1, 5, 0, 1, 5, 1));                   /* substreams */
  ck_assert(!same_prefix(1, 5, 0, 2, 5, 0));                   /* seeds */
  ck_assert(!same_prefix(7, 5, 0, 7 + (1ull << 32), 5, 0));    /* seed high word only */
  ck_assert(!same_prefix(1ull << 32, 5, 0, 2ull << 32, 5, 0)); /* seed high words */
  ck_assert(!same_prefix(3, (1ull << 32) + 1, 2, 3, 1, 2));    /* trial high word only */
}
END_TEST

/* Pearson chi-square over 100 equal bins of [0, 1): under uniformity the statistic is chi-square
 * with 99 degrees of freedom; its 0.999 quantile (gsl_cdf_chisq_Qinv(0.001, 99) = 148.23) is the
 * critical value. Fixed seeds, so the test is deterministic: it passes for these streams. */
static double chi_square(const unsigned *counts, size_t bins, double n) {
  double expect = n / (double)bins, chi = 0.0;
  for (size_t b = 0; b < bins; b++) {
    double d = (double)counts[b] - expect;
    chi += d * d / expect;
  }
  return chi;
}

START_TEST(test_uniformity_within_stream) {
  enum { BINS = 100, N = 200000 };
  unsigned counts[BINS] = {0};
  pl_rng *r = pl_rng_alloc();
  pl_rng_reset(r, 42u, 0u, 0u);
  for (int k = 0; k < N; k++) {
    double u = pl_rng_uniform(r);
    ck_assert(u >= 0.0 && u < 1.0);
    counts[(size_t)(u * BINS)]++;
  }
  double crit = gsl_cdf_chisq_Qinv(0.001, BINS - 1);
  ck_assert(crit > 148.0 && crit < 148.5);
  ck_assert_double_lt(chi_square(counts, BINS, N), crit);
  pl_rng_free(r);
}
END_TEST

/* The first draw of consecutive trials: what a Monte Carlo run actually consumes across streams. */
START_TEST(test_uniformity_across_trials) {
  enum { BINS = 100, N = 200000 };
  unsigned counts[BINS] = {0};
  pl_rng *r = pl_rng_alloc();
  for (uint64_t t = 0; t < N; t++) {
    pl_rng_reset(r, 20240819u, t, 1u);
    double u = pl_rng_uniform_pos(r);
    ck_assert(u > 0.0 && u < 1.0);
    counts[(size_t)(u * BINS)]++;
  }
  ck_assert_double_lt(chi_square(counts, BINS, N), gsl_cdf_chisq_Qinv(0.001, BINS - 1));
  pl_rng_free(r);
}
END_TEST

int main(void) {
  Suite *s = suite_create("rng");
  TCase *tc = tcase_create("core");
  tcase_add_test(tc, test_known_answer);
  tcase_add_test(tc, test_deterministic);
  tcase_add_test(tc, test_distinct_streams);
  tcase_add_test(tc, test_uniformity_within_stream);
  tcase_add_test(tc, test_uniformity_across_trials);
  tcase_set_timeout(tc, 60);
  suite_add_tcase(s, tc);
  SRunner *sr = srunner_create(s);
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
