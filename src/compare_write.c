/*
 * compare_write.c — the results of `parley compare` (parley/compare.h): summary.json, compare.tsv,
 * compare_points.tsv and each scenario's resolved file (layout: docs/compare.md).
 *
 * Invariants: equal inputs give byte-identical files (numbers through pl_number_format, keys in a
 * fixed order, nothing about the machine or the time); the agreement points are listed by issue
 * id over the union of the scenarios' issues, in order of first appearance, and an issue that a
 * scenario lacks is written as such ("present": false, a `no` column), never as a number.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fsutil.h"
#include "json.h"
#include "parley/compare.h"
#include "parley/number.h"
#include "parley/parley.h"

typedef struct {
  const pl_scenario *const *scs;
  const char *const *labels;
  const pl_compare *c;
  size_t next_cfg; /* the scenario file the next cw_scenario call writes (files are staged in
                      order, once each) */
} cw_ctx;

/* The index of issue `id` in sc, or SIZE_MAX. */
static size_t cw_issue(const pl_scenario *sc, const char *id) {
  for (size_t j = 0; j < pl_scenario_n_issues(sc); j++) {
    if (strcmp(pl_scenario_issue_id(sc, j), id) == 0) {
      return j;
    }
  }
  return SIZE_MAX;
}

/* 1 when issue j of scenario s is the first of its id among scenarios 0 .. s (the union's order).
 */
static int cw_first_seen(const pl_scenario *const *scs, size_t s, size_t j) {
  const char *id = pl_scenario_issue_id(scs[s], j);
  for (size_t q = 0; q < s; q++) {
    if (cw_issue(scs[q], id) != SIZE_MAX) {
      return 0;
    }
  }
  return 1;
}

static const char *cw_protocol(const pl_scenario *sc) {
  const char *w = pl_protocol_kind_name(pl_scenario_protocol(sc));
  return w != NULL ? w : "";
}

pl_status pl_compare_json(const pl_scenario *const *scs, const char *const *labels,
                          const pl_compare *c, char **out) {
  if (scs == NULL || labels == NULL || c == NULL || out == NULL) {
    return PL_EINVAL;
  }
  pli_json w;
  pli_json_init(&w);
  pli_json_begin_object(&w, PLI_JSON_BLOCK);
  pli_json_key(&w, "seed");
  pli_json_u64(&w, c->seed);
  pli_json_key(&w, "trials");
  pli_json_u64(&w, c->trials);
  pli_json_key(&w, "paired_interval");
  pli_json_string(&w, "mean of the per-trial differences +- 1.96 sd / sqrt(trials)");
  pli_json_key(&w, "scenarios");
  pli_json_begin_array(&w, PLI_JSON_BLOCK);
  for (size_t s = 0; s < c->n; s++) {
    const pl_summary *sm = c->summary[s];
    pli_json_begin_object(&w, PLI_JSON_BLOCK);
    pli_json_key(&w, "index");
    pli_json_u64(&w, s + 1);
    pli_json_key(&w, "label");
    pli_json_string(&w, labels[s]);
    pli_json_key(&w, "name");
    pli_json_string(&w, pl_scenario_name(scs[s]));
    pli_json_key(&w, "protocol");
    pli_json_string(&w, cw_protocol(scs[s]));
    pli_json_key(&w, "p_agreement");
    pli_json_double(&w, sm->p_agreement);
    pli_json_key(&w, "ci95");
    pli_json_begin_array(&w, PLI_JSON_INLINE);
    pli_json_double(&w, sm->ci_low);
    pli_json_double(&w, sm->ci_high);
    pli_json_end_array(&w);
    pli_json_key(&w, "outcomes");
    pli_json_begin_object(&w, PLI_JSON_BLOCK);
    for (unsigned o = 0; o < PL_N_OUTCOMES; o++) {
      const pl_compare_diff *d = &c->diff[s * PL_N_OUTCOMES + o];
      pli_json_key(&w, pl_outcome_name((pl_outcome)o));
      pli_json_begin_object(&w, PLI_JSON_INLINE);
      pli_json_key(&w, "count");
      pli_json_u64(&w, sm->outcomes[o]);
      pli_json_key(&w, "share");
      pli_json_double(&w, c->trials > 0 ? (double)sm->outcomes[o] / (double)c->trials : NAN);
      if (s > 0) {
        pli_json_key(&w, "diff");
        pli_json_double(&w, d->diff);
        pli_json_key(&w, "diff_ci95");
        pli_json_begin_array(&w, PLI_JSON_INLINE);
        pli_json_double(&w, d->ci_low);
        pli_json_double(&w, d->ci_high);
        pli_json_end_array(&w);
        pli_json_key(&w, "only_first");
        pli_json_u64(&w, d->only_first);
        pli_json_key(&w, "only_this");
        pli_json_u64(&w, d->only_this);
        pli_json_key(&w, "unpaired_half_width");
        pli_json_double(&w, d->unpaired_half);
        pli_json_key(&w, "paired_to_unpaired");
        pli_json_double(&w, d->ratio);
      }
      pli_json_end_object(&w);
    }
    pli_json_end_object(&w);
    pli_json_key(&w, "agreement_point");
    pli_json_begin_object(&w, PLI_JSON_BLOCK);
    for (size_t q = 0; q < c->n; q++) {
      for (size_t jq = 0; jq < pl_scenario_n_issues(scs[q]); jq++) {
        if (!cw_first_seen(scs, q, jq)) {
          continue;
        }
        const char *id = pl_scenario_issue_id(scs[q], jq);
        size_t j = cw_issue(scs[s], id);
        pli_json_key(&w, id);
        pli_json_begin_object(&w, PLI_JSON_INLINE);
        pli_json_key(&w, "present");
        pli_json_bool(&w, j != SIZE_MAX);
        if (j != SIZE_MAX) {
          const pl_stat5 *p = &sm->point[j];
          pli_json_key(&w, "mean");
          pli_json_double(&w, p->mean);
          pli_json_key(&w, "p05");
          pli_json_double(&w, p->p05);
          pli_json_key(&w, "p50");
          pli_json_double(&w, p->p50);
          pli_json_key(&w, "p95");
          pli_json_double(&w, p->p95);
        }
        pli_json_end_object(&w);
      }
    }
    pli_json_end_object(&w);
    pli_json_end_object(&w);
  }
  pli_json_end_array(&w);
  pli_json_key(&w, "complete");
  pli_json_bool(&w, c->complete);
  pli_json_key(&w, "version");
  pli_json_string(&w, pl_version());
  pli_json_end_object(&w);
  return pli_json_finish(&w, out);
}

static void cw_num(FILE *f, double x) {
  char buf[PL_NUMBER_BUFSIZE] = "nan";
  if (!isnan(x)) {
    pl_number_format(x, buf);
  }
  fputs(buf, f);
}

/* Text for a TSV field or a metadata line: tabs and line breaks as spaces. */
static void cw_field(FILE *f, const char *s) {
  for (; *s != '\0'; s++) {
    fputc(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s, f);
  }
}

static void cw_meta(FILE *f, const cw_ctx *x) {
  const pl_compare *c = x->c;
  fprintf(f,
          "# parley %s\n# compare: %zu scenarios, differences from scenario 1, paired by trial\n",
          pl_version(), c->n);
  fprintf(f, "# seed: %llu\n# trials: %llu\n# complete: %s\n", (unsigned long long)c->seed,
          (unsigned long long)c->trials, c->complete ? "true" : "false");
  for (size_t s = 0; s < c->n; s++) {
    fprintf(f, "# scenario %zu: ", s + 1);
    cw_field(f, x->labels[s]);
    fputc('\n', f);
  }
}

static pl_status cw_tsv(void *ctx, FILE *f) {
  const cw_ctx *x = ctx;
  const pl_compare *c = x->c;
  cw_meta(f, x);
  fputs("scenario\tlabel\toutcome\tshare\tci_low\tci_high\tdiff\tdiff_low\tdiff_high\t"
        "unpaired_half\tratio\n",
        f);
  for (size_t s = 0; s < c->n; s++) {
    const pl_summary *sm = c->summary[s];
    for (unsigned o = 0; o < PL_N_OUTCOMES; o++) {
      const pl_compare_diff *d = &c->diff[s * PL_N_OUTCOMES + o];
      uint64_t k = sm->outcomes[o];
      double lo, hi;
      pl_stats_wilson(k, c->trials, PL_Z95, &lo, &hi);
      fprintf(f, "%zu\t", s + 1);
      cw_field(f, x->labels[s]);
      fprintf(f, "\t%s\t", pl_outcome_name((pl_outcome)o));
      cw_num(f, c->trials > 0 ? (double)k / (double)c->trials : NAN);
      fputc('\t', f);
      cw_num(f, c->trials > 0 ? lo : NAN);
      fputc('\t', f);
      cw_num(f, c->trials > 0 ? hi : NAN);
      double row[5] = {d->diff, d->ci_low, d->ci_high, d->unpaired_half, d->ratio};
      for (size_t q = 0; q < 5; q++) {
        fputc('\t', f);
        cw_num(f, s == 0 && q < 3 ? 0.0 : s == 0 ? NAN : row[q]);
      }
      fputc('\n', f);
    }
  }
  return ferror(f) ? PL_EIO : PL_OK;
}

static pl_status cw_points(void *ctx, FILE *f) {
  const cw_ctx *x = ctx;
  const pl_compare *c = x->c;
  cw_meta(f, x);
  fputs("issue\tissue_label\tunit\tscenario\tlabel\tpresent\tagreements\tmean\tp05\tp50\tp95\n", f);
  for (size_t q = 0; q < c->n; q++) {
    for (size_t jq = 0; jq < pl_scenario_n_issues(x->scs[q]); jq++) {
      if (!cw_first_seen(x->scs, q, jq)) {
        continue;
      }
      const char *id = pl_scenario_issue_id(x->scs[q], jq);
      for (size_t s = 0; s < c->n; s++) {
        size_t j = cw_issue(x->scs[s], id);
        cw_field(f, id);
        fputc('\t', f);
        cw_field(f, pl_scenario_issue_label(x->scs[q], jq));
        fputc('\t', f);
        cw_field(f, pl_scenario_issue_unit(x->scs[q], jq));
        fprintf(f, "\t%zu\t", s + 1);
        cw_field(f, x->labels[s]);
        if (j == SIZE_MAX) {
          fputs("\tno\t0\tnan\tnan\tnan\tnan\n", f);
          continue;
        }
        const pl_stat5 *p = &c->summary[s]->point[j];
        fprintf(f, "\tyes\t%llu",
                (unsigned long long)c->summary[s]->outcomes[PL_OUTCOME_AGREEMENT]);
        double v[4] = {p->mean, p->p05, p->p50, p->p95};
        for (size_t k = 0; k < 4; k++) {
          fputc('\t', f);
          cw_num(f, v[k]);
        }
        fputc('\n', f);
      }
    }
  }
  return ferror(f) ? PL_EIO : PL_OK;
}

static pl_status cw_summary(void *ctx, FILE *f) {
  const cw_ctx *x = ctx;
  char *text = NULL;
  pl_status rc = pl_compare_json(x->scs, x->labels, x->c, &text);
  if (rc != PL_OK) {
    return rc;
  }
  fputs(text, f);
  free(text);
  return ferror(f) ? PL_EIO : PL_OK;
}

static pl_status cw_scenario(void *ctx, FILE *f) {
  cw_ctx *x = ctx;
  const pl_scenario *sc = x->scs[x->next_cfg++];
  pl_status rc = pl_scenario_write(sc, f);
  return rc != PL_OK ? rc : ferror(f) ? PL_EIO : PL_OK;
}

pl_status pl_compare_write(const char *dir, const pl_scenario *const *scs,
                           const char *const *labels, const pl_compare *c, pl_diags *diags) {
  if (dir == NULL || scs == NULL || labels == NULL || c == NULL || c->n > PL_COMPARE_MAX) {
    return PL_EINVAL;
  }
  cw_ctx x = {scs, labels, c, 0};
  char names[PL_COMPARE_MAX][48];
  pli_fs_file files[PL_COMPARE_MAX + 3];
  size_t nf = 0;
  files[nf++] = (pli_fs_file){"compare.tsv", cw_tsv, 0};
  files[nf++] = (pli_fs_file){"compare_points.tsv", cw_points, 0};
  for (size_t s = 0; s < c->n; s++) {
    snprintf(names[s], sizeof names[s], "scenario-%zu.cfg", s + 1);
    files[nf++] = (pli_fs_file){names[s], cw_scenario, 0};
  }
  files[nf++] = (pli_fs_file){"summary.json", cw_summary, 0};
  return pli_fs_write_set(dir, files, nf, &x, diags);
}
