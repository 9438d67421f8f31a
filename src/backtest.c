/*
 * backtest.c — Brier and log scores of forecasts against outcomes, a base rate, a bootstrap over
 * cases and a reliability table (parley/backtest.h, docs/backtest.md), and their results files.
 *
 * Invariants: every number is a function of the cases (in the order given), the number of
 * resamples and the seed: resample b draws its n case indices from parley's stream (seed, b, 0)
 * (parley/rng.h), so the intervals do not depend on threads or time; sums run over cases in
 * order. Formulas and their sources are in docs/backtest.md.
 */
#include "parley/backtest.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fsutil.h"
#include "json.h"
#include "parley/number.h"
#include "parley/parley.h"
#include "parley/rng.h"
#include "parley/stats.h"

/* The forecast clamped to [floor, 1 - floor] for the log score. */
static double bt_clamp(double p, double floor) {
  return p < floor ? floor : p > 1.0 - floor ? 1.0 - floor : p;
}

/* -ln of the probability forecast p gave to what happened (y). */
static double bt_log(double p, int y, double floor) {
  double q = bt_clamp(p, floor);
  return -log(y ? q : 1.0 - q);
}

static double bt_sq(double x) { return x * x; }

/* Scores of the model and of the in-sample base rate on the cases idx[0 .. n-1] (indices into
 * cases). */
static void bt_scores(const pl_backtest_case *cases, const size_t *idx, size_t n, double floor,
                      double out[4]) {
  size_t a = 0;
  for (size_t k = 0; k < n; k++) {
    a += cases[idx[k]].agreed != 0;
  }
  double base = (double)a / (double)n;
  double b = 0.0, l = 0.0, bb = 0.0, bl = 0.0;
  for (size_t k = 0; k < n; k++) {
    const pl_backtest_case *c = &cases[idx[k]];
    int y = c->agreed != 0;
    b += bt_sq(c->p - y);
    l += bt_log(c->p, y, floor);
    bb += bt_sq(base - y);
    bl += (base == 0.0 || base == 1.0) ? 0.0 : -log(y ? base : 1.0 - base);
  }
  out[0] = b / (double)n;
  out[1] = l / (double)n;
  out[2] = bb / (double)n;
  out[3] = bl / (double)n;
}

static int bt_cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* The q quantile of sorted v[0 .. n-1] (linear interpolation between order statistics, Hyndman
 * and Fan 1996 type 7). */
static double bt_quantile(const double *v, size_t n, double q) {
  double h = q * (double)(n - 1);
  size_t i = (size_t)floor(h);
  return i + 1 < n ? v[i] + (h - (double)i) * (v[i + 1] - v[i]) : v[n - 1];
}

pl_status pl_backtest_score(const pl_backtest_case *cases, size_t n, size_t bootstrap,
                            uint64_t seed, double p_floor, pl_backtest_scores *out) {
  if (cases == NULL || out == NULL || n == 0 || !(p_floor >= 0.0 && p_floor < 0.5)) {
    return PL_EINVAL;
  }
  for (size_t k = 0; k < n; k++) {
    if (!(cases[k].p >= 0.0 && cases[k].p <= 1.0)) {
      return PL_EINVAL;
    }
  }
  memset(out, 0, sizeof *out);
  out->n = n;
  out->bootstrap = bootstrap;
  out->seed = seed;
  out->p_floor = p_floor;
  size_t *idx = malloc(n * sizeof *idx);
  double *draws = malloc((bootstrap ? bootstrap : 1) * 5 * sizeof *draws);
  pl_rng *rng = pl_rng_alloc();
  if (idx == NULL || draws == NULL || rng == NULL) {
    free(idx);
    free(draws);
    pl_rng_free(rng);
    return PL_ENOMEM;
  }
  for (size_t k = 0; k < n; k++) {
    idx[k] = k;
    out->agreements += cases[k].agreed != 0;
  }
  out->base_rate = (double)out->agreements / (double)n;
  double s[4];
  bt_scores(cases, idx, n, p_floor, s);
  out->brier = s[0];
  out->log = s[1];
  out->base_brier = s[2];
  out->base_log = s[3];
  out->diff_brier = s[0] - s[2];
  out->skill = s[2] > 0.0 ? 1.0 - s[0] / s[2] : NAN;
  /* Leave-one-out base rate: the Krichevsky-Trofimov estimate (A - y_i + 1/2) / ((n - 1) + 1)
   * from the other n - 1 cases, never 0 or 1. */
  double lb = 0.0, ll = 0.0, e = 0.0, v = 0.0, z = 0.0;
  for (size_t k = 0; k < n; k++) {
    int y = cases[k].agreed != 0;
    double r = ((double)out->agreements - y + 0.5) / (double)n;
    lb += bt_sq(r - y);
    ll += -log(y ? r : 1.0 - r);
    double p = cases[k].p;
    e += p * (1.0 - p);
    v += p * (1.0 - p) * bt_sq(1.0 - 2.0 * p);
    z += (y - p) * (1.0 - 2.0 * p);
  }
  out->loo_brier = lb / (double)n;
  out->loo_log = ll / (double)n;
  out->expected_brier = e / (double)n;
  out->expected_brier_sd = sqrt(v) / (double)n;
  /* Spiegelhalter (1986), eq. 2: z = sum (y - p)(1 - 2p) / sqrt(sum (1 - 2p)^2 p (1 - p)); it
   * equals (Brier - E[Brier]) / sd, since (p - y)^2 - p(1 - p) = (y - p)(1 - 2p) for y in {0, 1}.
   * Positive when the forecasts do worse than they would if calibrated. */
  out->spiegelhalter_z = v > 0.0 ? z / sqrt(v) : NAN;
  if (bootstrap > 0) {
    for (size_t b = 0; b < bootstrap; b++) {
      pl_rng_reset(rng, seed, b, 0);
      for (size_t k = 0; k < n; k++) {
        size_t i = (size_t)(pl_rng_uniform(rng) * (double)n);
        idx[k] = i < n ? i : n - 1;
      }
      bt_scores(cases, idx, n, p_floor, s);
      draws[0 * bootstrap + b] = s[0];
      draws[1 * bootstrap + b] = s[1];
      draws[2 * bootstrap + b] = s[2];
      draws[3 * bootstrap + b] = s[3];
      draws[4 * bootstrap + b] = s[0] - s[2];
    }
    double *lo[5] = {&out->brier_lo, &out->log_lo, &out->base_brier_lo, &out->base_log_lo,
                     &out->diff_brier_lo};
    double *hi[5] = {&out->brier_hi, &out->log_hi, &out->base_brier_hi, &out->base_log_hi,
                     &out->diff_brier_hi};
    for (size_t q = 0; q < 5; q++) {
      double *d = draws + q * bootstrap;
      qsort(d, bootstrap, sizeof *d, bt_cmp);
      *lo[q] = bt_quantile(d, bootstrap, 0.025);
      *hi[q] = bt_quantile(d, bootstrap, 0.975);
    }
  } else {
    out->brier_lo = out->brier_hi = out->log_lo = out->log_hi = NAN;
    out->base_brier_lo = out->base_brier_hi = out->base_log_lo = out->base_log_hi = NAN;
    out->diff_brier_lo = out->diff_brier_hi = NAN;
  }
  /* Reliability: bins of width 1 / PL_BACKTEST_BINS, the last one closed. */
  double sum_p[PL_BACKTEST_BINS] = {0}, agreed[PL_BACKTEST_BINS] = {0};
  for (size_t k = 0; k < n; k++) {
    size_t bin = (size_t)(cases[k].p * PL_BACKTEST_BINS);
    bin = bin < PL_BACKTEST_BINS ? bin : PL_BACKTEST_BINS - 1;
    out->bins[bin].count++;
    sum_p[bin] += cases[k].p;
    agreed[bin] += cases[k].agreed != 0;
  }
  for (size_t bin = 0; bin < PL_BACKTEST_BINS; bin++) {
    pl_backtest_bin *bb = &out->bins[bin];
    if (bb->count == 0) {
      bb->mean_forecast = bb->observed = bb->obs_low = bb->obs_high = NAN;
      continue;
    }
    bb->mean_forecast = sum_p[bin] / (double)bb->count;
    bb->observed = agreed[bin] / (double)bb->count;
    pl_stats_wilson((uint64_t)agreed[bin], bb->count, PL_Z95, &bb->obs_low, &bb->obs_high);
  }
  free(idx);
  free(draws);
  pl_rng_free(rng);
  return PL_OK;
}

/* A score and its interval as {"value": x, "ci95": [lo, hi]}. */
static void bt_json_score(pli_json *w, const char *key, double x, double lo, double hi) {
  pli_json_key(w, key);
  pli_json_begin_object(w, PLI_JSON_INLINE);
  pli_json_key(w, "value");
  pli_json_double(w, x);
  pli_json_key(w, "ci95");
  pli_json_begin_array(w, PLI_JSON_INLINE);
  pli_json_double(w, lo);
  pli_json_double(w, hi);
  pli_json_end_array(w);
  pli_json_end_object(w);
}

pl_status pl_backtest_json(const pl_backtest_case *cases, size_t n, const pl_backtest_scores *s,
                           const char *const *skipped, const char *const *why, size_t n_skipped,
                           char **out) {
  if (cases == NULL || s == NULL || out == NULL ||
      (n_skipped > 0 && (skipped == NULL || why == NULL))) {
    return PL_EINVAL;
  }
  pli_json w;
  pli_json_init(&w);
  pli_json_begin_object(&w, PLI_JSON_BLOCK);
  pli_json_key(&w, "cases");
  pli_json_u64(&w, s->n);
  pli_json_key(&w, "agreements");
  pli_json_u64(&w, s->agreements);
  pli_json_key(&w, "base_rate");
  pli_json_double(&w, s->base_rate);
  pli_json_key(&w, "bootstrap");
  pli_json_u64(&w, s->bootstrap);
  pli_json_key(&w, "seed");
  pli_json_u64(&w, s->seed);
  pli_json_key(&w, "p_floor");
  pli_json_double(&w, s->p_floor);
  bt_json_score(&w, "brier", s->brier, s->brier_lo, s->brier_hi);
  bt_json_score(&w, "log", s->log, s->log_lo, s->log_hi);
  bt_json_score(&w, "base_brier", s->base_brier, s->base_brier_lo, s->base_brier_hi);
  bt_json_score(&w, "base_log", s->base_log, s->base_log_lo, s->base_log_hi);
  bt_json_score(&w, "brier_minus_base", s->diff_brier, s->diff_brier_lo, s->diff_brier_hi);
  pli_json_key(&w, "brier_skill");
  pli_json_double(&w, s->skill);
  pli_json_key(&w, "loo_base_brier");
  pli_json_double(&w, s->loo_brier);
  pli_json_key(&w, "loo_base_log");
  pli_json_double(&w, s->loo_log);
  pli_json_key(&w, "calibrated");
  pli_json_begin_object(&w, PLI_JSON_INLINE);
  pli_json_key(&w, "expected_brier");
  pli_json_double(&w, s->expected_brier);
  pli_json_key(&w, "sd");
  pli_json_double(&w, s->expected_brier_sd);
  pli_json_key(&w, "spiegelhalter_z");
  pli_json_double(&w, s->spiegelhalter_z);
  pli_json_end_object(&w);
  pli_json_key(&w, "reliability");
  pli_json_begin_array(&w, PLI_JSON_BLOCK);
  for (size_t b = 0; b < PL_BACKTEST_BINS; b++) {
    const pl_backtest_bin *bb = &s->bins[b];
    pli_json_begin_object(&w, PLI_JSON_INLINE);
    pli_json_key(&w, "from");
    pli_json_double(&w, (double)b / PL_BACKTEST_BINS);
    pli_json_key(&w, "to");
    pli_json_double(&w, (double)(b + 1) / PL_BACKTEST_BINS);
    pli_json_key(&w, "count");
    pli_json_u64(&w, bb->count);
    pli_json_key(&w, "mean_forecast");
    pli_json_double(&w, bb->mean_forecast);
    pli_json_key(&w, "observed");
    pli_json_double(&w, bb->observed);
    pli_json_key(&w, "observed_ci95");
    pli_json_begin_array(&w, PLI_JSON_INLINE);
    pli_json_double(&w, bb->obs_low);
    pli_json_double(&w, bb->obs_high);
    pli_json_end_array(&w);
    pli_json_end_object(&w);
  }
  pli_json_end_array(&w);
  pli_json_key(&w, "forecasts");
  pli_json_begin_array(&w, PLI_JSON_BLOCK);
  for (size_t k = 0; k < n; k++) {
    const pl_backtest_case *c = &cases[k];
    pli_json_begin_object(&w, PLI_JSON_INLINE);
    pli_json_key(&w, "file");
    pli_json_string(&w, c->file);
    pli_json_key(&w, "name");
    pli_json_string(&w, c->name);
    pli_json_key(&w, "outcome");
    pli_json_string(&w, c->agreed ? "agreement" : "no_agreement");
    pli_json_key(&w, "outcome_date");
    pli_json_string(&w, c->date);
    pli_json_key(&w, "p_agreement");
    pli_json_double(&w, c->p);
    pli_json_key(&w, "ci95");
    pli_json_begin_array(&w, PLI_JSON_INLINE);
    pli_json_double(&w, c->ci_low);
    pli_json_double(&w, c->ci_high);
    pli_json_end_array(&w);
    pli_json_key(&w, "trials");
    pli_json_u64(&w, c->trials);
    pli_json_key(&w, "seed");
    pli_json_u64(&w, c->seed);
    pli_json_end_object(&w);
  }
  pli_json_end_array(&w);
  pli_json_key(&w, "skipped");
  pli_json_begin_array(&w, PLI_JSON_BLOCK);
  for (size_t k = 0; k < n_skipped; k++) {
    pli_json_begin_object(&w, PLI_JSON_INLINE);
    pli_json_key(&w, "file");
    pli_json_string(&w, skipped[k]);
    pli_json_key(&w, "why");
    pli_json_string(&w, why[k]);
    pli_json_end_object(&w);
  }
  pli_json_end_array(&w);
  pli_json_key(&w, "version");
  pli_json_string(&w, pl_version());
  pli_json_end_object(&w);
  return pli_json_finish(&w, out);
}

typedef struct {
  const pl_backtest_case *cases;
  size_t n;
  const pl_backtest_scores *s;
  const char *const *skipped, *const *why;
  size_t n_skipped;
} bt_ctx;

static void bt_num(FILE *f, double x) {
  char buf[PL_NUMBER_BUFSIZE] = "nan";
  if (!isnan(x)) {
    pl_number_format(x, buf);
  }
  fputs(buf, f);
}

static void bt_field(FILE *f, const char *s) {
  for (; s != NULL && *s != '\0'; s++) {
    fputc(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s, f);
  }
}

static void bt_meta(FILE *f, const bt_ctx *c) {
  fprintf(f, "# parley %s\n# backtest: %zu cases, %zu agreements\n# bootstrap: %zu\n# seed: %llu\n",
          pl_version(), c->s->n, c->s->agreements, c->s->bootstrap, (unsigned long long)c->s->seed);
  fputs("# brier: ", f);
  bt_num(f, c->s->brier);
  fputs("\n# base_brier: ", f);
  bt_num(f, c->s->base_brier);
  fputs("\n# base_rate: ", f);
  bt_num(f, c->s->base_rate);
  fputc('\n', f);
}

static pl_status bt_cases_tsv(void *ctx, FILE *f) {
  const bt_ctx *c = ctx;
  bt_meta(f, c);
  fputs("file\tname\toutcome\toutcome_date\tp_agreement\tci_low\tci_high\tbrier\tlog\t"
        "outcome_source\n",
        f);
  for (size_t k = 0; k < c->n; k++) {
    const pl_backtest_case *x = &c->cases[k];
    int y = x->agreed != 0;
    bt_field(f, x->file);
    fputc('\t', f);
    bt_field(f, x->name);
    fprintf(f, "\t%s\t", y ? "agreement" : "no_agreement");
    bt_field(f, x->date);
    double v[5] = {x->p, x->ci_low, x->ci_high, bt_sq(x->p - y), bt_log(x->p, y, c->s->p_floor)};
    for (size_t q = 0; q < 5; q++) {
      fputc('\t', f);
      bt_num(f, v[q]);
    }
    fputc('\t', f);
    bt_field(f, x->source);
    fputc('\n', f);
  }
  return ferror(f) ? PL_EIO : PL_OK;
}

static pl_status bt_reliability_tsv(void *ctx, FILE *f) {
  const bt_ctx *c = ctx;
  bt_meta(f, c);
  fputs("from\tto\tcount\tmean_forecast\tobserved\tobs_low\tobs_high\n", f);
  for (size_t b = 0; b < PL_BACKTEST_BINS; b++) {
    const pl_backtest_bin *bb = &c->s->bins[b];
    bt_num(f, (double)b / PL_BACKTEST_BINS);
    fputc('\t', f);
    bt_num(f, (double)(b + 1) / PL_BACKTEST_BINS);
    fprintf(f, "\t%llu", (unsigned long long)bb->count);
    double v[4] = {bb->mean_forecast, bb->observed, bb->obs_low, bb->obs_high};
    for (size_t q = 0; q < 4; q++) {
      fputc('\t', f);
      bt_num(f, v[q]);
    }
    fputc('\n', f);
  }
  return ferror(f) ? PL_EIO : PL_OK;
}

static pl_status bt_summary(void *ctx, FILE *f) {
  const bt_ctx *c = ctx;
  char *text = NULL;
  pl_status rc = pl_backtest_json(c->cases, c->n, c->s, c->skipped, c->why, c->n_skipped, &text);
  if (rc != PL_OK) {
    return rc;
  }
  fputs(text, f);
  free(text);
  return ferror(f) ? PL_EIO : PL_OK;
}

pl_status pl_backtest_write(const char *dir, const pl_backtest_case *cases, size_t n,
                            const pl_backtest_scores *s, const char *const *skipped,
                            const char *const *why, size_t n_skipped, pl_diags *diags) {
  if (dir == NULL || cases == NULL || s == NULL) {
    return PL_EINVAL;
  }
  bt_ctx c = {cases, n, s, skipped, why, n_skipped};
  const pli_fs_file files[] = {{"backtest.tsv", bt_cases_tsv, 0},
                               {"reliability.tsv", bt_reliability_tsv, 0},
                               {"summary.json", bt_summary, 0}};
  return pli_fs_write_set(dir, files, sizeof files / sizeof files[0], &c, diags);
}
