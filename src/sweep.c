/*
 * sweep.c — the grid of a sweep, its points and sweep.tsv (contract: include/parley/sweep.h); the
 * reading of `--over PATH=...` is sweep_over.c's.
 *
 * Invariants: an axis holds 1 .. PL_SWEEP_MAX_VALUES distinct finite values (and, when its path
 * takes integers, the same values exactly in ints[], from which its texts are made); the grid holds
 * at most PL_SWEEP_MAX_POINTS points, every one of which was built and accepted by pl_scenario_set
 * before pl_sweep_alloc returned; point k's index on axis a is (k / stride[a]) % n_values[a] with
 * the last axis' stride 1 (row-major, last axis fastest). Nothing here runs a trial or prints.
 */
#include "parley/sweep.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fsutil.h"
#include "parley/number.h"
#include "parley/results.h"
#include "sweep_over.h"

/* One recorded point of sweep.tsv. */
typedef struct {
  int done;
  uint64_t trials, agreements;
  double p, ci_low, ci_high, mean_rounds;
} pli_sweep_row;

struct pl_sweep {
  const pl_scenario *base; /* not owned */
  size_t n_axes;
  char *path[PL_SWEEP_MAX_AXES];
  double *values[PL_SWEEP_MAX_AXES];
  uint64_t *ints[PL_SWEEP_MAX_AXES]; /* an integer path's exact values; NULL for a real path */
  char *words[PL_SWEEP_MAX_AXES]; /* a word path's words, each NUL-terminated, one after the other
                                     (values[] are then 0, 1, ...); NULL for a numeric path */
  size_t n_values[PL_SWEEP_MAX_AXES];
  size_t stride[PL_SWEEP_MAX_AXES];
  size_t n_points;
  pli_sweep_row *rows; /* [n_points] */
};

int pl_sweep_format_value(double x, char *buf, size_t n) {
  char tmp[PL_NUMBER_BUFSIZE];
  size_t len = pl_number_format(x, tmp);
  /* snprintf semantics (returns the full length), without a "%s" gcc flags as truncating. */
  if (n > 0) {
    size_t c = len < n - 1 ? len : n - 1;
    memcpy(buf, tmp, c);
    buf[c] = '\0';
  }
  return (int)len;
}

void pl_sweep_free(pl_sweep *sw) {
  if (sw == NULL) {
    return;
  }
  for (size_t a = 0; a < sw->n_axes; a++) {
    free(sw->path[a]);
    free(sw->values[a]);
    free(sw->ints[a]);
    free(sw->words[a]);
  }
  free(sw->rows);
  free(sw);
}

/* Word i of axis a (a word axis). */
static const char *sweep_word(const pl_sweep *sw, size_t a, size_t i) {
  const char *w = sw->words[a];
  for (size_t k = 0; k < i; k++) {
    w += strlen(w) + 1;
  }
  return w;
}

/* Appends an axis (takes ownership of path, values, ints and words, which may be NULL, freeing
 * them on failure). */
static pl_status sweep_add_axis(pl_sweep *sw, char *path, double *values, uint64_t *ints,
                                char *words, size_t n, const char *source, pl_diags *diags) {
  const char *why = NULL;
  if (sw->n_axes == PL_SWEEP_MAX_AXES) {
    pl_diags_add(diags, source, 0,
                 "a sweep varies at most %d parameters; '%s' would be parameter %zu",
                 PL_SWEEP_MAX_AXES, path, sw->n_axes + 1);
    why = "";
  }
  for (size_t a = 0; why == NULL && a < sw->n_axes; a++) {
    if (strcmp(sw->path[a], path) == 0) {
      pl_diags_add(diags, source, 0, "the parameter '%s' is swept twice", path);
      why = "";
    }
  }
  if (why != NULL) {
    free(path);
    free(values);
    free(ints);
    free(words);
    return PL_EINVAL;
  }
  sw->path[sw->n_axes] = path;
  sw->words[sw->n_axes] = words;
  sw->values[sw->n_axes] = values;
  sw->ints[sw->n_axes] = ints;
  sw->n_values[sw->n_axes] = n;
  sw->n_axes++;
  return PL_OK;
}

/* Copies the scenario's `sweep` section into axes. */
static pl_status sweep_from_section(pl_sweep *sw, pl_diags *diags) {
  const pl_scenario *sc = sw->base;
  size_t groups = pl_scenario_n_sweep(sc);
  if (groups == 0) {
    pl_diags_add(diags, pl_scenario_source(sc), 0,
                 "nothing to sweep: give --over PATH=FROM:TO:STEPS (or PATH=V1,V2,...), or add "
                 "a sweep section to the scenario");
    return PL_EINVAL;
  }
  for (size_t g = 0; g < groups; g++) {
    size_t n = 0;
    const double *src = pl_scenario_sweep_values(sc, g, &n);
    const char *p = pl_scenario_sweep_path(sc, g);
    if (src == NULL || n == 0 || p == NULL) {
      pl_diags_add(diags, pl_scenario_source(sc), 0, "sweep: group %zu has no values", g + 1);
      return PL_EINVAL;
    }
    if (n > PL_SWEEP_MAX_VALUES) {
      pl_diags_add(diags, pl_scenario_source(sc), 0, "sweep: '%s' has %zu values (at most %d)", p,
                   n, PL_SWEEP_MAX_VALUES);
      return PL_EINVAL;
    }
    const uint64_t *isrc = pl_scenario_sweep_integers(sc, g); /* distinct: the loader checked */
    const char *wsrc = pl_scenario_sweep_word(sc, g, 0);      /* so are words */
    double dup = 0.0;
    int d = isrc != NULL || wsrc != NULL ? 0 : pl_number_find_duplicate(src, n, &dup);
    if (d < 0) {
      return PL_ENOMEM;
    }
    if (d > 0) {
      char num[40];
      pl_sweep_format_value(dup, num, sizeof num);
      pl_diags_add(diags, pl_scenario_source(sc), 0, "sweep: '%s' lists the value %s twice", p,
                   num);
      return PL_EINVAL;
    }
    char *path = malloc(strlen(p) + 1);
    double *values = malloc(n * sizeof *values);
    uint64_t *ints = isrc != NULL ? malloc(n * sizeof *ints) : NULL;
    size_t wlen = 0;
    for (size_t k = 0; wsrc != NULL && k < n; k++) {
      wlen += strlen(pl_scenario_sweep_word(sc, g, k)) + 1;
    }
    char *words = wsrc != NULL ? malloc(wlen) : NULL;
    if (path == NULL || values == NULL || (isrc != NULL && ints == NULL) ||
        (wsrc != NULL && words == NULL)) {
      free(path);
      free(values);
      free(ints);
      free(words);
      return PL_ENOMEM;
    }
    if (wsrc != NULL) {
      memcpy(words, wsrc, wlen); /* the n words lie one after the other */
    }
    memcpy(path, p, strlen(p) + 1);
    memcpy(values, src, n * sizeof *values);
    if (isrc != NULL) {
      memcpy(ints, isrc, n * sizeof *ints);
    }
    pl_status rc = sweep_add_axis(sw, path, values, ints, words, n, pl_scenario_source(sc), diags);
    if (rc != PL_OK) {
      return rc;
    }
  }
  return PL_OK;
}

int pl_sweep_point_text(const pl_sweep *sw, size_t k, size_t a, char *buf, size_t n) {
  if (a >= sw->n_axes || k >= sw->n_points) {
    return snprintf(buf, n, "nan");
  }
  size_t i = (k / sw->stride[a]) % sw->n_values[a];
  if (sw->words[a] != NULL) {
    return snprintf(buf, n, "%s", sweep_word(sw, a, i));
  }
  if (sw->ints[a] != NULL) {
    return snprintf(buf, n, "%" PRIu64, sw->ints[a][i]);
  }
  return pl_sweep_format_value(sw->values[a][i], buf, n);
}

pl_point_value pl_sweep_point_exact(const pl_sweep *sw, size_t k, size_t a) {
  pl_point_value v = {0, 0, pl_sweep_point_value(sw, k, a), NULL};
  if (a < sw->n_axes && k < sw->n_points && sw->words[a] != NULL) {
    v.word = sweep_word(sw, a, (k / sw->stride[a]) % sw->n_values[a]);
  }
  if (a < sw->n_axes && k < sw->n_points && sw->ints[a] != NULL) {
    v.is_integer = 1;
    v.integer = sw->ints[a][(k / sw->stride[a]) % sw->n_values[a]];
  }
  return v;
}

/* "PATH=VALUE" of axis a at point k into buf. */
static void sweep_assignment(const pl_sweep *sw, size_t k, size_t a, char *buf, size_t n) {
  char num[PL_SWEEP_TEXT_SIZE];
  pl_sweep_point_text(sw, k, a, num, sizeof num);
  snprintf(buf, n, "%s=%s", sw->path[a], num);
}

pl_status pl_sweep_point_scenario(const pl_sweep *sw, size_t k, pl_diags *diags,
                                  pl_scenario **out) {
  if (out == NULL) {
    return PL_EINVAL;
  }
  *out = NULL;
  if (sw == NULL || k >= sw->n_points) {
    return PL_EINVAL;
  }
  pl_scenario *sc = NULL;
  pl_status rc = pl_scenario_copy(sw->base, &sc);
  for (size_t a = 0; a < sw->n_axes && rc == PL_OK; a++) {
    size_t len = strlen(sw->path[a]) + PL_SWEEP_TEXT_SIZE + 2;
    char *assign = malloc(len);
    if (assign == NULL) {
      rc = PL_ENOMEM;
      break;
    }
    sweep_assignment(sw, k, a, assign, len);
    rc = pl_scenario_set(sc, assign, diags);
    free(assign);
  }
  if (rc != PL_OK) {
    pl_scenario_free(sc);
    return rc;
  }
  *out = sc;
  return PL_OK;
}

pl_status pl_sweep_alloc(const pl_scenario *base, const char *const *specs, size_t n_specs,
                         pl_diags *diags, pl_sweep **out) {
  if (out == NULL) {
    return PL_EINVAL;
  }
  *out = NULL;
  if (base == NULL || (n_specs > 0 && specs == NULL)) {
    return PL_EINVAL;
  }
  pl_sweep *sw = calloc(1, sizeof *sw);
  if (sw == NULL) {
    return PL_ENOMEM;
  }
  sw->base = base;
  pl_status rc = PL_OK;
  if (n_specs > PL_SWEEP_MAX_AXES) {
    pl_diags_add(diags, PL_SWEEP_DIAG_SOURCE, 0,
                 "%zu --over options: a sweep varies one or two parameters", n_specs);
    rc = PL_EINVAL;
  }
  for (size_t i = 0; i < n_specs && rc == PL_OK; i++) {
    char *path = NULL, *words = NULL;
    double *values = NULL;
    uint64_t *ints = NULL;
    size_t n = 0;
    rc = pli_sweep_parse_spec(specs[i], base, diags, &path, &values, &ints, &words, &n);
    if (rc == PL_OK) {
      rc = sweep_add_axis(sw, path, values, ints, words, n, PL_SWEEP_DIAG_SOURCE, diags);
    }
  }
  if (rc == PL_OK && n_specs == 0) {
    rc = sweep_from_section(sw, diags);
  }
  /* Strides (last axis fastest) and the number of points, guarding the product. */
  if (rc == PL_OK) {
    size_t points = 1;
    for (size_t a = sw->n_axes; a-- > 0;) {
      sw->stride[a] = points;
      if (sw->n_values[a] > PL_SWEEP_MAX_POINTS / points) {
        pl_diags_add(diags, PL_SWEEP_DIAG_SOURCE, 0, "the grid has more than %d points",
                     PL_SWEEP_MAX_POINTS);
        rc = PL_EINVAL;
        break;
      }
      points *= sw->n_values[a];
    }
    sw->n_points = points;
  }
  if (rc == PL_OK) {
    sw->rows = calloc(sw->n_points, sizeof *sw->rows);
    if (sw->rows == NULL) {
      rc = PL_ENOMEM;
    }
  }
  /* Every point is built and validated now, before anything runs. */
  for (size_t k = 0; k < sw->n_points && rc == PL_OK; k++) {
    pl_scenario *sc = NULL;
    rc = pl_sweep_point_scenario(sw, k, diags, &sc);
    pl_scenario_free(sc);
    if (rc != PL_OK && rc != PL_ENOMEM) {
      char what[512] = "";
      size_t used = 0;
      for (size_t a = 0; a < sw->n_axes && used < sizeof what; a++) {
        char assign[PL_SWEEP_TEXT_SIZE + 200];
        sweep_assignment(sw, k, a, assign, sizeof assign);
        int w = snprintf(what + used, sizeof what - used, "%s%s", a > 0 ? ", " : "", assign);
        used += w > 0 ? (size_t)w : 0;
      }
      pl_diags_add(diags, PL_SWEEP_DIAG_SOURCE, 0,
                   "sweep point %zu of %zu (%s) is invalid; nothing was run", k + 1, sw->n_points,
                   what);
    }
  }
  if (rc != PL_OK) {
    pl_sweep_free(sw);
    return rc;
  }
  *out = sw;
  return PL_OK;
}

size_t pl_sweep_n_axes(const pl_sweep *sw) { return sw->n_axes; }

const char *pl_sweep_axis_path(const pl_sweep *sw, size_t a) {
  return a < sw->n_axes ? sw->path[a] : NULL;
}

const double *pl_sweep_axis_values(const pl_sweep *sw, size_t a, size_t *n_values) {
  if (a >= sw->n_axes) {
    if (n_values != NULL) {
      *n_values = 0;
    }
    return NULL;
  }
  if (n_values != NULL) {
    *n_values = sw->n_values[a];
  }
  return sw->values[a];
}

size_t pl_sweep_n_points(const pl_sweep *sw) { return sw->n_points; }

double pl_sweep_point_value(const pl_sweep *sw, size_t k, size_t a) {
  if (a >= sw->n_axes || k >= sw->n_points) {
    return NAN;
  }
  return sw->values[a][(k / sw->stride[a]) % sw->n_values[a]];
}

void pl_sweep_record(pl_sweep *sw, size_t k, const pl_summary *s) {
  if (sw == NULL || s == NULL || k >= sw->n_points) {
    return;
  }
  pli_sweep_row *r = &sw->rows[k];
  r->done = 1;
  r->trials = s->trials;
  r->agreements = s->outcomes[PL_OUTCOME_AGREEMENT];
  r->p = s->p_agreement;
  r->ci_low = s->ci_low;
  r->ci_high = s->ci_high;
  r->mean_rounds = s->rounds_mean;
}

typedef struct {
  const pl_sweep *sw;
  int complete;
} pli_sweep_tsv_ctx;

/* x in the one number format (pl_number_format, as every TSV and JSON file; "nan" when there is
 * no value). */
static void sweep_put_double(FILE *f, double x) {
  char buf[PL_NUMBER_BUFSIZE];
  pl_number_format(x, buf);
  fputs(buf, f);
}

/* The lines before the rows: metadata, `# over:` lines, the column header. */
static pl_status sweep_put_head(FILE *f, const pl_sweep *sw, int complete) {
  pl_status rc = pl_results_tsv_metadata(f, sw->base, pl_scenario_seed(sw->base),
                                         pl_scenario_trials(sw->base), complete);
  if (rc != PL_OK) {
    return rc;
  }
  for (size_t a = 0; a < sw->n_axes; a++) {
    fprintf(f, "# over: %s\n", sw->path[a]);
  }
  for (size_t a = 0; a < sw->n_axes; a++) { /* a word axis: its column holds words, not numbers */
    if (sw->words[a] != NULL) {
      fprintf(f, "# words: %s\n", sw->path[a]);
    }
  }
  for (size_t a = 0; a < sw->n_axes; a++) {
    fprintf(f, "%s\t", sw->path[a]);
  }
  fputs("trials\tagreements\tp_agreement\tci_low\tci_high\tmean_rounds\n", f);
  return ferror(f) ? PL_EIO : PL_OK;
}

/* Point k's row (recorded), and for two axes the blank line that closes a run of the last axis. */
static void sweep_put_row(FILE *f, const pl_sweep *sw, size_t k) {
  const pli_sweep_row *r = &sw->rows[k];
  for (size_t a = 0; a < sw->n_axes; a++) {
    char num[PL_SWEEP_TEXT_SIZE];
    pl_sweep_point_text(sw, k, a, num, sizeof num); /* an integer path's value exactly, a word */
    fputs(num, f);
    fputc('\t', f);
  }
  fprintf(f, "%" PRIu64 "\t%" PRIu64 "\t", r->trials, r->agreements);
  sweep_put_double(f, r->p);
  fputc('\t', f);
  sweep_put_double(f, r->ci_low);
  fputc('\t', f);
  sweep_put_double(f, r->ci_high);
  fputc('\t', f);
  sweep_put_double(f, r->mean_rounds);
  fputc('\n', f);
  if (sw->n_axes >= 2 && (k + 1) % sw->n_values[sw->n_axes - 1] == 0) {
    fputc('\n', f); /* one blank line per run of the last axis: gnuplot's grid blocks */
  }
}

static pl_status sweep_fill_tsv(void *ctx, FILE *f) {
  const pli_sweep_tsv_ctx *c = ctx;
  const pl_sweep *sw = c->sw;
  pl_status rc = sweep_put_head(f, sw, c->complete);
  if (rc != PL_OK) {
    return rc;
  }
  for (size_t k = 0; k < sw->n_points; k++) {
    if (sw->rows[k].done) {
      sweep_put_row(f, sw, k);
    }
  }
  return ferror(f) ? PL_EIO : PL_OK;
}

pl_status pl_sweep_write_tsv(const pl_sweep *sw, const char *dir, int complete, pl_diags *diags) {
  if (sw == NULL || dir == NULL) {
    return PL_EINVAL;
  }
  pli_sweep_tsv_ctx c = {sw, complete};
  return pl_results_write_atomic(dir, "sweep.tsv", sweep_fill_tsv, &c, diags);
}

/* ---- sweep.tsv written as the sweep goes ----------------------------------------------------
 * Two files. The staged file (.sweep.tsv.tmp-PID-K) gets one appended row per point, fsync'ed
 * every PLI_SWEEP_SYNC_POINTS points or PLI_SWEEP_SYNC_SECONDS seconds: each row is written once.
 * sweep.tsv itself is only ever replaced whole (rename of a synced file): by a snapshot of the
 * recorded rows when their number has doubled since the last one (after 1, 2, 4, 8, ... points,
 * so the snapshots together cost less than twice the final file), and at the end by the staged
 * file itself (an interrupted sweep: its header already says `# complete: false`) or by the final
 * file (`# complete: true`, written once). Total work is linear in the number of points. */

#define PLI_SWEEP_SYNC_POINTS 256 /* at most this many appended rows are not yet on disk */
#define PLI_SWEEP_SYNC_SECONDS 2  /* ... nor older than this */

struct pl_sweep_tsv {
  const pl_sweep *sw; /* not owned */
  char *dir;
  pli_fs_stage stage; /* the staged file */
  FILE *f;            /* its stream; NULL after a failure */
  size_t appended;    /* rows in the staged file */
  size_t published;   /* rows in the last snapshot renamed to sweep.tsv */
  size_t unsynced;    /* rows appended since the last fsync */
  time_t synced_at;
};

static pl_status sweep_tsv_sync(pl_sweep_tsv *t, pl_diags *diags) {
  int err = 0;
  if (ferror(t->f) || fflush(t->f) != 0 || fsync(fileno(t->f)) != 0) {
    err = errno != 0 ? errno : EIO;
  }
  if (err != 0) {
    pl_diags_add(diags, t->stage.final_path, 0, "cannot write: %s", strerror(err));
    return PL_EIO;
  }
  t->unsynced = 0;
  t->synced_at = time(NULL);
  return PL_OK;
}

pl_status pl_sweep_tsv_open(const pl_sweep *sw, const char *dir, pl_diags *diags,
                            pl_sweep_tsv **out) {
  if (out == NULL) {
    return PL_EINVAL;
  }
  *out = NULL;
  if (sw == NULL || dir == NULL) {
    return PL_EINVAL;
  }
  pl_sweep_tsv *t = calloc(1, sizeof *t);
  if (t == NULL || (t->dir = malloc(strlen(dir) + 1)) == NULL) {
    free(t);
    return PL_ENOMEM;
  }
  strcpy(t->dir, dir);
  t->sw = sw;
  pl_status rc = pli_fs_open_temp(dir, "sweep.tsv", &t->stage, &t->f, diags);
  if (rc == PL_OK && sweep_put_head(t->f, sw, 0) != PL_OK) {
    pl_diags_add(diags, t->stage.final_path, 0, "cannot write: %s",
                 strerror(errno != 0 ? errno : EIO));
    rc = PL_EIO;
  }
  if (rc == PL_OK) {
    rc = sweep_tsv_sync(t, diags);
  }
  if (rc != PL_OK) {
    pl_sweep_tsv_free(t);
    return rc;
  }
  *out = t;
  return PL_OK;
}

const char *pl_sweep_tsv_staged_path(const pl_sweep_tsv *t) {
  return t != NULL ? t->stage.tmp_path : NULL;
}

pl_status pl_sweep_tsv_append(pl_sweep_tsv *t, size_t k, pl_diags *diags) {
  if (t == NULL || k >= t->sw->n_points || !t->sw->rows[k].done) {
    return PL_EINVAL;
  }
  if (t->f == NULL) {
    return PL_EIO; /* failed before */
  }
  errno = 0;
  sweep_put_row(t->f, t->sw, k);
  t->appended++;
  t->unsynced++;
  pl_status rc = PL_OK;
  if (ferror(t->f) || fflush(t->f) != 0) {
    pl_diags_add(diags, t->stage.final_path, 0, "cannot write: %s",
                 strerror(errno != 0 ? errno : EIO));
    rc = PL_EIO;
  } else if (t->unsynced >= PLI_SWEEP_SYNC_POINTS ||
             time(NULL) - t->synced_at >= PLI_SWEEP_SYNC_SECONDS) {
    rc = sweep_tsv_sync(t, diags);
  }
  if (rc == PL_OK && t->appended >= 2 * t->published) {
    rc = pl_sweep_write_tsv(t->sw, t->dir, 0, diags); /* a snapshot: see above */
    t->published = rc == PL_OK ? t->appended : t->published;
  }
  if (rc != PL_OK) {
    fclose(t->f);
    t->f = NULL;
    pli_fs_discard(&t->stage);
  }
  return rc;
}

pl_status pl_sweep_tsv_commit(pl_sweep_tsv *t, int complete, pl_diags *diags) {
  if (t == NULL) {
    return PL_EINVAL;
  }
  pl_status rc = PL_OK;
  if (!complete && t->f != NULL) {
    /* The staged file is the interrupted sweep's sweep.tsv as it stands. */
    FILE *f = t->f;
    t->f = NULL;
    rc = pli_fs_close_temp(&t->stage, f, diags);
    if (rc == PL_OK) {
      rc = pli_fs_commit(&t->stage, diags);
    }
    if (rc == PL_OK) {
      pli_fs_sync_dir(t->dir);
      return rc;
    }
    /* The staged file could not be finished: sweep.tsv is written whole, as below. */
  }
  /* Complete (the header changes), or the staged file failed: written whole, once. */
  if (t->f != NULL) {
    fclose(t->f);
    t->f = NULL;
  }
  pli_fs_discard(&t->stage);
  return pl_sweep_write_tsv(t->sw, t->dir, complete, diags);
}

void pl_sweep_tsv_free(pl_sweep_tsv *t) {
  if (t == NULL) {
    return;
  }
  if (t->f != NULL) {
    fclose(t->f);
  }
  pli_fs_discard(&t->stage);
  free(t->dir);
  free(t);
}
