/*
 * sensitivity_write.c — the outputs of `parley sensitivity` (docs/sensitivity.md, "Outputs"):
 * summary.json (also `--json`), sensitivity.tsv (the tornado), sobol.tsv, p_given_judgements.tsv
 * and the resolved scenario.cfg. TSV files open with the metadata lines of every parley TSV
 * (pl_results_tsv_metadata) and a "# " line per setting of the analysis; numbers are written by
 * pl_number_format (the shortest text that reads back), NaN as "nan" in TSV and null in JSON.
 * Files are staged and renamed together at the end (summary.json last), as for `parley run`.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fsutil.h"
#include "json.h"
#include "parley/number.h"
#include "parley/parley.h"
#include "parley/results.h"
#include "parley/sensitivity.h"

typedef struct {
  const pl_scenario *sc;
  const pl_sens_result *r;
} sw_ctx;

static const char *sw_output_name(const pl_scenario *sc, long issue, char *buf, size_t n) {
  if (issue < 0) {
    return "agreement";
  }
  snprintf(buf, n, "agreement_point.%s", pl_scenario_issue_id(sc, (size_t)issue));
  return buf;
}

static void sw_num(FILE *f, double x) {
  char buf[PL_NUMBER_BUFSIZE] = "nan";
  if (!isnan(x)) {
    pl_number_format(x, buf);
  }
  fputs(buf, f);
}

/* A label or path for a TSV field: tabs and line breaks as spaces. */
static void sw_field(FILE *f, const char *s) {
  for (; *s != '\0'; s++) {
    fputc(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s, f);
  }
}

static void sw_path(const pl_scenario *sc, size_t k, char *buf, size_t n) {
  if (k == SIZE_MAX) {
    snprintf(buf, n, "luck");
  } else {
    pl_scenario_param_path(sc, k, buf, n);
  }
}

static pl_status sw_status(FILE *f) { return ferror(f) ? PL_EIO : PL_OK; }

/* A tornado input's path and label (buffers of 512): a parameter's, or a setting's path as both
 * ("events.rafah.probability", "protocol.max_rounds"). */
static void sw_input(const pl_scenario *sc, const pl_sens_tornado *row, char *path, char *label) {
  if (row->path != NULL) {
    snprintf(path, 512, "%s", row->path);
    snprintf(label, 512, "%s", row->path);
    return;
  }
  sw_path(sc, row->param, path, 512);
  pl_sens_label(sc, row->param, label, 512);
}

static pl_status sw_tornado(void *ctx, FILE *f) {
  const sw_ctx *c = ctx;
  const pl_sens_result *r = c->r;
  char out[256], path[512], label[512];
  pl_status rc =
      pl_results_tsv_metadata(f, c->sc, r->seed, r->trials, (r->done & PL_SENS_TORNADO) != 0);
  if (rc != PL_OK) {
    return rc;
  }
  fprintf(f, "# output: %s\n# tornado: low and high at the %g and %g quantiles (or --range)\n",
          sw_output_name(c->sc, r->output_issue, out, sizeof out), r->q_low, r->q_high);
  fputs("# baseline: ", f);
  sw_num(f, r->baseline);
  fputs("\nrank\tpath\tlabel\tvaried\tlow\thigh\tp_low\tp_high\tswing\tswing_lo\tswing_hi\n", f);
  size_t rank = 0;
  for (size_t t = 0; t < r->n_tornado; t++) {
    const pl_sens_tornado *row = &r->tornado[t];
    sw_input(c->sc, row, path, label);
    if (row->varied) {
      fprintf(f, "%zu\t", ++rank);
    } else {
      fputs("-\t", f);
    }
    sw_field(f, path);
    fputc('\t', f);
    sw_field(f, label);
    fprintf(f, "\t%s", row->varied ? "yes" : "no");
    const double v[] = {row->low,   row->high,     row->p_low,   row->p_high,
                        row->swing, row->swing_lo, row->swing_hi};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
      fputc('\t', f);
      sw_num(f, v[i]);
    }
    fputc('\n', f);
  }
  return sw_status(f);
}

static pl_status sw_sobol(void *ctx, FILE *f) {
  const sw_ctx *c = ctx;
  const pl_sens_result *r = c->r;
  char out[256], path[512], label[512];
  pl_status rc =
      pl_results_tsv_metadata(f, c->sc, r->seed, r->samples, (r->done & PL_SENS_SOBOL) != 0);
  if (rc != PL_OK) {
    return rc;
  }
  fprintf(f,
          "# output: %s\n# design: Saltelli, %" PRIu64 " rows (%" PRIu64 " used), %zu bootstrap "
          "resamples; S1 Saltelli et al. 2010, ST Jansen 1999\n",
          sw_output_name(c->sc, r->output_issue, out, sizeof out), r->samples, r->rows_used,
          r->bootstrap);
  fputs("path\tlabel\tS1\tS1_lo\tS1_hi\tST\tST_lo\tST_hi\n", f);
  for (size_t i = 0; i < r->n_sobol; i++) {
    const pl_sens_sobol *s = &r->sobol[i];
    sw_path(c->sc, s->param, path, sizeof path);
    pl_sens_label(c->sc, s->param, label, sizeof label);
    sw_field(f, path);
    fputc('\t', f);
    sw_field(f, label);
    const double v[] = {s->s1, s->s1_lo, s->s1_hi, s->st, s->st_lo, s->st_hi};
    for (size_t k = 0; k < sizeof v / sizeof v[0]; k++) {
      fputc('\t', f);
      sw_num(f, v[k]);
    }
    fputc('\n', f);
  }
  return sw_status(f);
}

static pl_status sw_judgements(void *ctx, FILE *f) {
  const sw_ctx *c = ctx;
  const pl_sens_result *r = c->r;
  pl_status rc = pl_results_tsv_metadata(f, c->sc, r->seed, r->judgements * r->lucks,
                                         (r->done & PL_SENS_JUDGEMENTS) != 0);
  if (rc != PL_OK) {
    return rc;
  }
  fprintf(f, "# design: %" PRIu64 " draws of the judgements x %" PRIu64 " lucks each\n",
          r->judgements, r->lucks);
  const char *names[] = {"mean", "sd", "sd_without_binomial_noise", "p05", "p25", "p50",
                         "p75",  "p95"};
  const double v[] = {r->pj_mean, r->pj_sd,   r->pj_sd_true, r->pj_q[0],
                      r->pj_q[1], r->pj_q[2], r->pj_q[3],    r->pj_q[4]};
  for (size_t k = 0; k < sizeof v / sizeof v[0]; k++) {
    fprintf(f, "# %s: ", names[k]);
    sw_num(f, v[k]);
    fputc('\n', f);
  }
  fputs("bin_low\tbin_high\tcount\tshare\n", f);
  for (size_t b = 0; b < PL_SENS_HIST_BINS; b++) {
    sw_num(f, (double)b / PL_SENS_HIST_BINS);
    fputc('\t', f);
    sw_num(f, (double)(b + 1) / PL_SENS_HIST_BINS);
    fprintf(f, "\t%" PRIu64 "\t", r->pj_hist[b]);
    sw_num(f, r->judgements > 0 ? (double)r->pj_hist[b] / (double)r->judgements : NAN);
    fputc('\n', f);
  }
  return sw_status(f);
}

static void sw_json_interval(pli_json *w, const char *key, double lo, double hi) {
  pli_json_key(w, key);
  pli_json_begin_array(w, PLI_JSON_INLINE);
  pli_json_double(w, lo);
  pli_json_double(w, hi);
  pli_json_end_array(w);
}

pl_status pl_sens_json(const pl_scenario *sc, const pl_sens_result *r, char **out) {
  if (sc == NULL || r == NULL || out == NULL) {
    return PL_EINVAL;
  }
  char buf[512], label[512];
  pli_json w;
  pli_json_init(&w);
  pli_json_begin_object(&w, PLI_JSON_BLOCK);
  pli_json_key(&w, "scenario");
  pli_json_string(&w, pl_scenario_name(sc));
  pli_json_key(&w, "seed");
  pli_json_u64(&w, r->seed);
  pli_json_key(&w, "output");
  pli_json_string(&w, sw_output_name(sc, r->output_issue, buf, sizeof buf));
  pli_json_key(&w, "trials_played");
  pli_json_u64(&w, r->played);
  if (r->methods & PL_SENS_TORNADO) {
    pli_json_key(&w, "tornado");
    pli_json_begin_object(&w, PLI_JSON_BLOCK);
    pli_json_key(&w, "trials");
    pli_json_u64(&w, r->trials);
    pli_json_key(&w, "quantiles");
    pli_json_begin_array(&w, PLI_JSON_INLINE);
    pli_json_double(&w, r->q_low);
    pli_json_double(&w, r->q_high);
    pli_json_end_array(&w);
    pli_json_key(&w, "baseline");
    pli_json_double(&w, r->baseline);
    sw_json_interval(&w, "baseline_ci95", r->baseline_lo, r->baseline_hi);
    pli_json_key(&w, "inputs");
    pli_json_begin_array(&w, PLI_JSON_BLOCK);
    for (size_t t = 0; t < r->n_tornado; t++) {
      const pl_sens_tornado *row = &r->tornado[t];
      if (!row->varied) {
        continue;
      }
      pli_json_begin_object(&w, PLI_JSON_INLINE);
      sw_input(sc, row, buf, label);
      pli_json_key(&w, "path");
      pli_json_string(&w, buf);
      pli_json_key(&w, "label");
      pli_json_string(&w, label);
      pli_json_key(&w, "from");
      pli_json_string(&w, row->ranged ? "range" : "quantiles");
      pli_json_key(&w, "low");
      pli_json_double(&w, row->low);
      pli_json_key(&w, "high");
      pli_json_double(&w, row->high);
      pli_json_key(&w, "p_low");
      pli_json_double(&w, row->p_low);
      pli_json_key(&w, "p_high");
      pli_json_double(&w, row->p_high);
      pli_json_key(&w, "swing");
      pli_json_double(&w, row->swing);
      sw_json_interval(&w, "swing_ci95", row->swing_lo, row->swing_hi);
      pli_json_end_object(&w);
    }
    pli_json_end_array(&w);
    pli_json_key(&w, "not_varied");
    pli_json_begin_array(&w, PLI_JSON_INLINE);
    for (size_t t = 0; t < r->n_tornado; t++) {
      if (!r->tornado[t].varied) {
        sw_path(sc, r->tornado[t].param, buf, sizeof buf);
        pli_json_string(&w, buf);
      }
    }
    pli_json_end_array(&w);
    pli_json_key(&w, "complete");
    pli_json_bool(&w, (r->done & PL_SENS_TORNADO) != 0);
    pli_json_end_object(&w);
  }
  if (r->methods & PL_SENS_SOBOL) {
    pli_json_key(&w, "sobol");
    pli_json_begin_object(&w, PLI_JSON_BLOCK);
    pli_json_key(&w, "rows");
    pli_json_u64(&w, r->samples);
    pli_json_key(&w, "rows_used");
    pli_json_u64(&w, r->rows_used);
    pli_json_key(&w, "bootstrap");
    pli_json_u64(&w, r->bootstrap);
    pli_json_key(&w, "mean");
    pli_json_double(&w, r->sobol_mean);
    pli_json_key(&w, "variance");
    pli_json_double(&w, r->sobol_var);
    pli_json_key(&w, "factors");
    pli_json_begin_array(&w, PLI_JSON_BLOCK);
    for (size_t i = 0; i < r->n_sobol; i++) {
      const pl_sens_sobol *s = &r->sobol[i];
      pli_json_begin_object(&w, PLI_JSON_INLINE);
      sw_path(sc, s->param, buf, sizeof buf);
      pl_sens_label(sc, s->param, label, sizeof label);
      pli_json_key(&w, "path");
      pli_json_string(&w, buf);
      pli_json_key(&w, "label");
      pli_json_string(&w, label);
      pli_json_key(&w, "S1");
      pli_json_double(&w, s->s1);
      sw_json_interval(&w, "S1_ci95", s->s1_lo, s->s1_hi);
      pli_json_key(&w, "ST");
      pli_json_double(&w, s->st);
      sw_json_interval(&w, "ST_ci95", s->st_lo, s->st_hi);
      pli_json_end_object(&w);
    }
    pli_json_end_array(&w);
    pli_json_key(&w, "complete");
    pli_json_bool(&w, (r->done & PL_SENS_SOBOL) != 0);
    pli_json_end_object(&w);
  }
  if (r->methods & PL_SENS_JUDGEMENTS) {
    pli_json_key(&w, "p_given_judgements");
    pli_json_begin_object(&w, PLI_JSON_BLOCK);
    pli_json_key(&w, "judgements");
    pli_json_u64(&w, r->judgements);
    pli_json_key(&w, "lucks");
    pli_json_u64(&w, r->lucks);
    pli_json_key(&w, "mean");
    pli_json_double(&w, r->pj_mean);
    pli_json_key(&w, "sd");
    pli_json_double(&w, r->pj_sd);
    pli_json_key(&w, "sd_without_binomial_noise");
    pli_json_double(&w, r->pj_sd_true);
    pli_json_key(&w, "quantiles");
    pli_json_begin_object(&w, PLI_JSON_INLINE);
    const char *qn[5] = {"p05", "p25", "p50", "p75", "p95"};
    for (int q = 0; q < 5; q++) {
      pli_json_key(&w, qn[q]);
      pli_json_double(&w, r->pj_q[q]);
    }
    pli_json_end_object(&w);
    pli_json_key(&w, "histogram");
    pli_json_begin_array(&w, PLI_JSON_INLINE);
    for (size_t b = 0; b < PL_SENS_HIST_BINS; b++) {
      pli_json_u64(&w, r->pj_hist[b]);
    }
    pli_json_end_array(&w);
    pli_json_key(&w, "complete");
    pli_json_bool(&w, (r->done & PL_SENS_JUDGEMENTS) != 0);
    pli_json_end_object(&w);
  }
  pli_json_key(&w, "complete");
  pli_json_bool(&w, r->complete);
  pli_json_key(&w, "version");
  pli_json_string(&w, pl_version());
  pli_json_end_object(&w);
  return pli_json_finish(&w, out);
}

static pl_status sw_summary(void *ctx, FILE *f) {
  const sw_ctx *c = ctx;
  char *text = NULL;
  pl_status rc = pl_sens_json(c->sc, c->r, &text);
  if (rc != PL_OK) {
    return rc;
  }
  fputs(text, f);
  free(text);
  return sw_status(f);
}

static pl_status sw_scenario(void *ctx, FILE *f) {
  const sw_ctx *c = ctx;
  pl_status rc = pl_scenario_write(c->sc, f);
  return rc != PL_OK ? rc : sw_status(f);
}

pl_status pl_sens_write(const char *dir, const pl_scenario *sc, const pl_sens_result *r,
                        pl_diags *diags) {
  if (dir == NULL || sc == NULL || r == NULL) {
    return PL_EINVAL;
  }
  sw_ctx ctx = {sc, r};
  const pli_fs_file files[] = {
      {"scenario.cfg", sw_scenario, 0},
      {"sensitivity.tsv", sw_tornado, !(r->methods & PL_SENS_TORNADO)},
      {"sobol.tsv", sw_sobol, !(r->methods & PL_SENS_SOBOL)},
      {"p_given_judgements.tsv", sw_judgements, !(r->methods & PL_SENS_JUDGEMENTS)},
      {"summary.json", sw_summary, 0}};
  return pli_fs_write_set(dir, files, sizeof files / sizeof files[0], &ctx, diags);
}
