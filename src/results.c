/*
 * results.c — the results folder: TSV files, per-trial rows and the staged write of all files
 * (layout and fields: docs/outputs.md).
 *
 * Invariants: TSV files are UTF-8, tab-separated, open with '#' metadata lines then exactly one
 * header row; doubles are printed by pl_number_format (the shortest decimal that reads back to
 * the same double, as in the JSON files; "nan", "inf", "-inf" when not finite), counts as
 * integers. Nothing
 * is renamed into the folder until every file of the set has been written and fsync'ed
 * (fsutil.h), and every failure removes the temporary files it made.
 */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fsutil.h"
#include "parley/parley.h"
#include "parley/results.h"
#include "parley/text.h"

/* Bins per issue in agreement_point.tsv (the results-folder format: 50 equal bins). */
#define PLI_TSV_POINT_BINS 50

/* Writes s with tabs and line breaks turned into spaces (metadata values stay on one line and
 * never add a column). */
/* A scenario string in a TSV file: control characters (tab, newline, ... which would break the
 * columns) become spaces, and each byte that is not part of valid UTF-8 becomes U+FFFD, so that
 * every TSV file is valid UTF-8 (docs/outputs.md). */
static void tsv_clean(FILE *f, const char *s) {
  for (const char *p = s; *p != '\0'; p++) {
    unsigned char c = (unsigned char)*p;
    if (c < 0x20 || c == 0x7F) {
      fputc(' ', f);
    } else if (c < 0x80) {
      fputc(c, f);
    } else {
      size_t n = pl_text_utf8_seq(p);
      if (n == 0) {
        fputs(PL_TEXT_REPLACEMENT, f);
      } else {
        fwrite(p, 1, n, f);
        p += n - 1;
      }
    }
  }
}

static pl_status tsv_status(FILE *f) { return ferror(f) ? PL_EIO : PL_OK; }

/* Writes x in the one number format (pl_number_format), preceded by a tab. */
static void tsv_double(FILE *f, double x) {
  char buf[PL_NUMBER_BUFSIZE + 1];
  buf[0] = '\t';
  pl_number_format(x, buf + 1);
  fputs(buf, f);
}

pl_status pl_results_tsv_metadata(FILE *f, const pl_scenario *sc, uint64_t seed, uint64_t trials,
                                  int complete) {
  if (f == NULL || sc == NULL) {
    return PL_EINVAL;
  }
  fprintf(f, "# parley %s\n# scenario: ", pl_version());
  tsv_clean(f, pl_scenario_name(sc));
  fputs("\n# title: ", f);
  tsv_clean(f, pl_scenario_title(sc));
  fprintf(f, "\n# seed: %" PRIu64 "\n# trials: %" PRIu64 "\n# complete: %s\n", seed, trials,
          complete ? "true" : "false");
  return tsv_status(f);
}

/* What the fill callbacks of one results folder read. */
typedef struct {
  const pl_scenario *sc;
  const pl_summary *s;
  const pl_run_info *info;
  pl_trial_rows *rows;
} pli_results_ctx;

static pl_status results_meta(FILE *f, const pli_results_ctx *c) {
  return pl_results_tsv_metadata(f, c->sc, c->s->seed, c->s->trials, c->s->complete);
}

/* share = count / n, 0 when n = 0 (no observation: nothing to share). */
static double share(uint64_t count, uint64_t n) { return n > 0 ? (double)count / (double)n : 0.0; }

static pl_status fill_outcomes(void *ctx, FILE *f) {
  const pli_results_ctx *c = ctx;
  pl_status rc = results_meta(f, c);
  if (rc != PL_OK) {
    return rc;
  }
  if (c->s->interval != PL_INTERVAL_WILSON) { /* only then: Wilson's files keep their bytes */
    fprintf(f, "# interval: %s\n", pl_interval_name(c->s->interval));
  }
  fputs("outcome\tcount\tshare\tci_low\tci_high\n", f);
  for (int o = 0; o < PL_N_OUTCOMES; o++) {
    double lo = 0.0;
    double hi = 1.0;
    pl_stats_interval95(c->s->interval, c->s->outcomes[o], c->s->trials, &lo, &hi);
    fprintf(f, "%s\t%" PRIu64, pl_outcome_name((pl_outcome)o), c->s->outcomes[o]);
    tsv_double(f, share(c->s->outcomes[o], c->s->trials));
    tsv_double(f, lo);
    tsv_double(f, hi);
    fputc('\n', f);
  }
  return tsv_status(f);
}

static pl_status fill_rounds(void *ctx, FILE *f) {
  const pli_results_ctx *c = ctx;
  pl_status rc = results_meta(f, c);
  if (rc != PL_OK) {
    return rc;
  }
  fputs("round\tagreement\tbreakdown\tdeadlock\n", f);
  size_t stride = (size_t)c->s->max_rounds + 1;
  for (size_t t = 1; t < stride && c->s->by_round != NULL; t++) {
    fprintf(f, "%zu", t);
    for (size_t o = 0; o < PL_N_OUTCOMES; o++) {
      fprintf(f, "\t%" PRIu64, c->s->by_round[o * stride + t]);
    }
    fputc('\n', f);
  }
  return tsv_status(f);
}

static pl_status fill_point(void *ctx, FILE *f) {
  const pli_results_ctx *c = ctx;
  const pl_summary *s = c->s;
  pl_status rc = results_meta(f, c);
  if (rc != PL_OK) {
    return rc;
  }
  size_t n_issues = pl_scenario_n_issues(c->sc);
  if (s->n_issues < n_issues) {
    n_issues = s->n_issues;
  }
  for (size_t j = 0; j < n_issues; j++) {
    fputs("# issue: ", f);
    tsv_clean(f, pl_scenario_issue_id(c->sc, j));
    fputc('\t', f);
    tsv_clean(f, pl_scenario_issue_label(c->sc, j));
    fputc('\t', f);
    tsv_clean(f, pl_scenario_issue_unit(c->sc, j));
    tsv_double(f, pl_scenario_issue_min(c->sc, j));
    tsv_double(f, pl_scenario_issue_max(c->sc, j));
    /* The exact mean and quantiles of summary.json, so a plot need not estimate them from bins
     * ("nan" when there was no agreement). */
    const pl_stat5 *q = &s->point[j];
    tsv_double(f, q->mean);
    tsv_double(f, q->p05);
    tsv_double(f, q->p50);
    tsv_double(f, q->p95);
    fputc('\n', f);
  }
  fputs("issue\tbin_low\tbin_high\tcount\tshare\n", f);
  uint64_t agreements = s->outcomes[PL_OUTCOME_AGREEMENT];
  /* The summary's histogram is finer (it serves the quantiles); the file has PLI_TSV_POINT_BINS
   * bins, each the sum of `group` consecutive summary bins. A bin count that is not a multiple of
   * PLI_TSV_POINT_BINS is written as it is. */
  size_t nb = s->n_bins;
  size_t group = 1;
  if (nb >= PLI_TSV_POINT_BINS && nb % PLI_TSV_POINT_BINS == 0) {
    group = nb / PLI_TSV_POINT_BINS;
    nb = PLI_TSV_POINT_BINS;
  }
  for (size_t j = 0; j < n_issues && s->point_hist != NULL; j++) {
    if (j > 0) {
      fputs("\n\n", f); /* two blank lines: gnuplot's `index j` selects issue j */
    }
    double lo = pl_scenario_issue_min(c->sc, j);
    double hi = pl_scenario_issue_max(c->sc, j);
    for (size_t k = 0; k < nb; k++) {
      uint64_t count = 0;
      for (size_t g = 0; g < group; g++) {
        count += s->point_hist[j * s->n_bins + k * group + g];
      }
      tsv_clean(f, pl_scenario_issue_id(c->sc, j));
      /* (hi - lo) * k / nb, multiplied first: exact for integer ranges and bin counts. */
      tsv_double(f, lo + (hi - lo) * (double)k / (double)nb);
      tsv_double(f, k + 1 == nb ? hi : lo + (hi - lo) * (double)(k + 1) / (double)nb);
      fprintf(f, "\t%" PRIu64, count);
      tsv_double(f, share(count, agreements));
      fputc('\n', f);
    }
  }
  return tsv_status(f);
}

static pl_status fill_scenario(void *ctx, FILE *f) {
  const pli_results_ctx *c = ctx;
  pl_status rc = pl_scenario_write(c->sc, f);
  if (rc != PL_OK) {
    return rc;
  }
  return tsv_status(f);
}

static pl_status fill_text(FILE *f, char *text, pl_status rc) {
  if (rc != PL_OK) {
    return rc;
  }
  fputs(text, f);
  free(text);
  return tsv_status(f);
}

static pl_status fill_summary(void *ctx, FILE *f) {
  const pli_results_ctx *c = ctx;
  char *text = NULL;
  pl_status rc = pl_results_summary_json(c->sc, c->s, &text);
  return fill_text(f, text, rc);
}

static pl_status fill_run(void *ctx, FILE *f) {
  const pli_results_ctx *c = ctx;
  char *text = NULL;
  pl_status rc = pl_results_run_json(c->info, c->s->trials, &text);
  return fill_text(f, text, rc);
}

/* ---- per-trial rows ---------------------------------------------------------------------- */

struct pl_trial_rows {
  const pl_scenario *sc;
  pl_diags *diags;
  pli_fs_stage stage; /* the temporary file holding the rows (never renamed: copied) */
  FILE *f;            /* open on stage.tmp_path while rows are added */
  size_t *drawn;      /* [n_drawn] the uncertain parameters (pl_scenario_param_uncertain), in
                         parameter order: one column each after the point */
  size_t n_drawn;
  uint64_t count;
  int failed;
};

pl_status pl_trial_rows_open(const char *dir, const pl_scenario *sc, pl_diags *diags,
                             pl_trial_rows **out) {
  if (dir == NULL || sc == NULL || out == NULL) {
    return PL_EINVAL;
  }
  *out = NULL;
  pl_trial_rows *w = calloc(1, sizeof *w);
  if (w == NULL) {
    return PL_ENOMEM;
  }
  w->sc = sc;
  w->diags = diags;
  size_t np = pl_scenario_n_params(sc);
  w->drawn = malloc((np > 0 ? np : 1) * sizeof *w->drawn);
  if (w->drawn == NULL) {
    free(w);
    return PL_ENOMEM;
  }
  for (size_t k = 0; k < np; k++) {
    if (pl_scenario_param_uncertain(sc, k)) {
      w->drawn[w->n_drawn++] = k;
    }
  }
  pl_status rc = pli_fs_open_temp(dir, "per_trial.tsv.rows", &w->stage, &w->f, diags);
  if (rc != PL_OK) {
    free(w->drawn);
    free(w);
    return rc;
  }
  *out = w;
  return PL_OK;
}

pl_status pl_trial_rows_add(void *ctx, uint64_t trial, const pl_trial_result *r) {
  pl_trial_rows *w = ctx;
  if (w == NULL || r == NULL) {
    return PL_EINVAL;
  }
  if (w->failed) {
    return PL_EIO;
  }
  FILE *f = w->f;
  fprintf(f, "%" PRIu64 "\t%s\t%u", trial, pl_outcome_name(r->outcome), r->rounds);
  size_t n = pl_scenario_n_issues(w->sc);
  for (size_t j = 0; j < n; j++) {
    if (r->outcome == PL_OUTCOME_AGREEMENT && r->point != NULL) {
      tsv_double(f, r->point[j]);
    } else {
      fputc('\t', f);
    }
  }
  for (size_t u = 0; u < w->n_drawn; u++) {
    if (r->theta != NULL) {
      tsv_double(f, r->theta[w->drawn[u]]);
    } else {
      fputc('\t', f);
    }
  }
  for (size_t e = 0; e < pl_scenario_n_events(w->sc); e++) { /* the round it fired in, or empty */
    if (r->event_round != NULL && r->event_round[e] != 0) {
      fprintf(f, "\t%u", r->event_round[e]);
    } else {
      fputc('\t', f);
    }
  }
  if (fputc('\n', f) == EOF || ferror(f)) {
    int err = errno != 0 ? errno : EIO;
    w->failed = 1;
    pl_diags_add(w->diags, w->stage.final_path, 0, "cannot write per-trial rows: %s",
                 strerror(err));
    return PL_EIO;
  }
  w->count++;
  return PL_OK;
}

uint64_t pl_trial_rows_count(const pl_trial_rows *w) { return w != NULL ? w->count : 0; }

const char *pl_trial_rows_path(const pl_trial_rows *w) {
  return w != NULL ? w->stage.tmp_path : NULL;
}

void pl_trial_rows_free(pl_trial_rows *w) {
  if (w == NULL) {
    return;
  }
  if (w->f != NULL) {
    fclose(w->f);
  }
  pli_fs_discard(&w->stage);
  free(w->drawn);
  free(w);
}

static pl_status fill_per_trial(void *ctx, FILE *f) {
  const pli_results_ctx *c = ctx;
  pl_trial_rows *w = c->rows;
  pl_status rc = results_meta(f, c);
  if (rc != PL_OK) {
    return rc;
  }
  fputs("trial\toutcome\trounds", f);
  for (size_t j = 0; j < pl_scenario_n_issues(c->sc); j++) {
    fputc('\t', f);
    tsv_clean(f, pl_scenario_issue_id(c->sc, j));
  }
  for (size_t u = 0; u < w->n_drawn; u++) {
    char path[256];
    int len = pl_scenario_param_path(c->sc, w->drawn[u], path, sizeof path);
    char *big = len >= (int)sizeof path ? malloc((size_t)len + 1) : NULL;
    if (big != NULL) {
      pl_scenario_param_path(c->sc, w->drawn[u], big, (size_t)len + 1);
    }
    fputc('\t', f);
    tsv_clean(f, big != NULL ? big : path);
    free(big);
  }
  for (size_t e = 0; e < pl_scenario_n_events(c->sc); e++) {
    fputs("\tevents.", f);
    tsv_clean(f, pl_scenario_event_id(c->sc, e));
  }
  fputc('\n', f);
  if (w->failed || fflush(w->f) != 0 || ferror(w->f)) {
    return PL_EIO;
  }
  FILE *in = fopen(w->stage.tmp_path, "r");
  if (in == NULL) {
    return PL_EIO;
  }
  char buf[65536];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, in)) > 0) {
    if (fwrite(buf, 1, n, f) != n) {
      break;
    }
  }
  int bad = ferror(in);
  fclose(in);
  if (bad) {
    errno = EIO;
    return PL_EIO;
  }
  return tsv_status(f);
}

/* ---- the whole folder -------------------------------------------------------------------- */

pl_status pl_results_write(const char *dir, const pl_scenario *sc, const pl_summary *s,
                           const pl_run_info *info, pl_trial_rows *rows, pl_diags *diags) {
  if (dir == NULL || sc == NULL || s == NULL) {
    return PL_EINVAL;
  }
  pli_results_ctx ctx = {sc, s, info, rows};
  /* summary.json last: a reader that sees it can expect the rest to be there. */
  const pli_fs_file files[] = {{"scenario.cfg", fill_scenario, 0},
                               {"outcomes.tsv", fill_outcomes, 0},
                               {"rounds.tsv", fill_rounds, 0},
                               {"agreement_point.tsv", fill_point, 0},
                               {"per_trial.tsv", fill_per_trial, rows == NULL},
                               {"run.json", fill_run, info == NULL},
                               {"summary.json", fill_summary, 0}};
  return pli_fs_write_set(dir, files, sizeof files / sizeof files[0], &ctx, diags);
}
