/*
 * run_options.c — parsing and applying the options of `parley run` (semantics: run_options.h).
 *
 * Invariant: a usage error prints exactly one "parley CMD: error: ..." line on stderr; nothing
 * here touches the scenario until pl_run_options_load, which applies the overrides in the
 * documented order (--set in command-line order, then --trials, then --seed).
 */
#include "run_options.h"

#include "progress.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The largest --threads accepted (more is surely a typo). */
#define PL_MAX_THREADS 4096u

void pl_run_options_init(pl_run_options *o) { memset(o, 0, sizeof *o); }

void pl_run_options_free(pl_run_options *o) {
  free(o->sets);
  o->sets = NULL;
  o->n_sets = 0;
}

int pl_parse_u64(const char *s, uint64_t *out) {
  if (s == NULL || *s < '0' || *s > '9') {
    return -1;
  }
  errno = 0;
  char *end = NULL;
  unsigned long long v = strtoull(s, &end, 10);
  if (errno != 0 || end == s || *end != '\0') {
    return -1;
  }
  *out = (uint64_t)v;
  return 0;
}

int pl_parse_double(const char *s, double *out) {
  if (s == NULL || *s == '\0') {
    return -1;
  }
  errno = 0;
  char *end = NULL;
  double v = strtod(s, &end);
  if (errno != 0 || end == s || *end != '\0' || !isfinite(v)) {
    return -1;
  }
  *out = v;
  return 0;
}

/* If argv[*i] is "--name" or "--name=...", sets *value to the option's value (the next argument
 * or the text after '=') and returns 1; returns 0 if it is not that option, -1 if the value is
 * missing. Flags (has_value 0) never take "=". */
static int pl_opt_match(int argc, char **argv, int *i, const char *name, int has_value,
                        const char **value, const char *cmd) {
  const char *a = argv[*i];
  size_t n = strlen(name);
  if (strncmp(a, name, n) != 0 || (a[n] != '\0' && a[n] != '=')) {
    return 0;
  }
  if (!has_value) {
    if (a[n] == '=') {
      fprintf(stderr, "parley %s: error: %s takes no value\n", cmd, name);
      return -1;
    }
    return 1;
  }
  if (a[n] == '=') {
    *value = a + n + 1;
    return 1;
  }
  if (*i + 1 >= argc) {
    fprintf(stderr, "parley %s: error: %s needs a value\n", cmd, name);
    return -1;
  }
  *i += 1;
  *value = argv[*i];
  return 1;
}

int pl_run_options_parse_one(pl_run_options *o, int argc, char **argv, int *i, const char *cmd) {
  const char *v = NULL;
  int m;
  if ((m = pl_opt_match(argc, argv, i, "--trials", 1, &v, cmd)) != 0) {
    if (m < 0) {
      return PL_OPT_ERROR;
    }
    if (pl_parse_u64(v, &o->trials) != 0 || o->trials < 1 || o->trials > PL_MAX_TRIALS) {
      fprintf(stderr, "parley %s: error: --trials wants an integer in 1..%llu, not '%s'\n", cmd,
              (unsigned long long)PL_MAX_TRIALS, v);
      return PL_OPT_ERROR;
    }
    o->has_trials = 1;
    return PL_OPT_USED;
  }
  if ((m = pl_opt_match(argc, argv, i, "--seed", 1, &v, cmd)) != 0) {
    if (m < 0) {
      return PL_OPT_ERROR;
    }
    if (pl_parse_u64(v, &o->seed) != 0) {
      fprintf(stderr, "parley %s: error: --seed wants a non-negative integer, not '%s'\n", cmd, v);
      return PL_OPT_ERROR;
    }
    o->has_seed = 1;
    return PL_OPT_USED;
  }
  if ((m = pl_opt_match(argc, argv, i, "--threads", 1, &v, cmd)) != 0) {
    uint64_t t = 0;
    if (m < 0) {
      return PL_OPT_ERROR;
    }
    if (pl_parse_u64(v, &t) != 0 || t > PL_MAX_THREADS) {
      fprintf(stderr, "parley %s: error: --threads wants an integer in 0..%u, not '%s'\n", cmd,
              PL_MAX_THREADS, v);
      return PL_OPT_ERROR;
    }
    o->threads = (unsigned)t;
    return PL_OPT_USED;
  }
  if ((m = pl_opt_match(argc, argv, i, "--set", 1, &v, cmd)) != 0) {
    if (m < 0) {
      return PL_OPT_ERROR;
    }
    if (strchr(v, '=') == NULL || v[0] == '=') {
      fprintf(stderr, "parley %s: error: --set wants PATH=VALUE, not '%s'\n", cmd, v);
      return PL_OPT_ERROR;
    }
    const char **sets = realloc(o->sets, (o->n_sets + 1) * sizeof *sets);
    if (sets == NULL) {
      fprintf(stderr, "parley %s: error: out of memory\n", cmd);
      return PL_OPT_ERROR;
    }
    sets[o->n_sets++] = v;
    o->sets = sets;
    return PL_OPT_USED;
  }
  if ((m = pl_opt_match(argc, argv, i, "--out", 1, &v, cmd)) != 0) {
    if (m < 0) {
      return PL_OPT_ERROR;
    }
    if (v[0] == '\0') {
      fprintf(stderr, "parley %s: error: --out wants a folder name\n", cmd);
      return PL_OPT_ERROR;
    }
    o->out = v;
    return PL_OPT_USED;
  }
  if ((m = pl_opt_match(argc, argv, i, "--precision", 1, &v, cmd)) != 0) {
    if (m < 0) {
      return PL_OPT_ERROR;
    }
    if (pl_parse_double(v, &o->precision) != 0 || !(o->precision > 0.0) || !(o->precision < 0.5)) {
      fprintf(stderr, "parley %s: error: --precision wants a number in (0, 0.5), not '%s'\n", cmd,
              v);
      return PL_OPT_ERROR;
    }
    return PL_OPT_USED;
  }
  const struct {
    const char *name;
    int *flag;
  } flags[] = {{"--json", &o->json},
               {"--per-trial", &o->per_trial},
               {"--quiet", &o->quiet},
               {"--help", &o->help}};
  for (size_t k = 0; k < sizeof flags / sizeof flags[0]; k++) {
    if ((m = pl_opt_match(argc, argv, i, flags[k].name, 0, &v, cmd)) != 0) {
      if (m < 0) {
        return PL_OPT_ERROR;
      }
      *flags[k].flag = 1;
      return PL_OPT_USED;
    }
  }
  if (strcmp(argv[*i], "-h") == 0) {
    o->help = 1;
    return PL_OPT_USED;
  }
  return PL_OPT_NOT_MINE;
}

int pl_run_options_parse(pl_run_options *o, int argc, char **argv, const char *cmd) {
  int options_done = 0;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (!options_done && strcmp(a, "--") == 0) {
      options_done = 1;
      continue;
    }
    if (!options_done && a[0] == '-' && a[1] != '\0') {
      int r = pl_run_options_parse_one(o, argc, argv, &i, cmd);
      if (r == PL_OPT_ERROR) {
        return -1;
      }
      if (r == PL_OPT_NOT_MINE) {
        fprintf(stderr, "parley %s: error: unknown option '%s' (see 'parley %s --help')\n", cmd, a,
                cmd);
        return -1;
      }
      continue;
    }
    if (o->scenario != NULL) {
      fprintf(stderr, "parley %s: error: one scenario at a time ('%s' and '%s')\n", cmd,
              o->scenario, a);
      return -1;
    }
    o->scenario = a;
  }
  return 0;
}

pl_status pl_run_options_load(const pl_run_options *o, pl_diags *diags, pl_scenario **out) {
  *out = NULL;
  pl_scenario *sc = NULL;
  pl_status rc = o->scenario != NULL ? pl_scenario_load(o->scenario, diags, &sc)
                                     : pl_scenario_load_reference(diags, &sc);
  if (rc != PL_OK) {
    pl_scenario_free(sc);
    return rc;
  }
  for (size_t k = 0; k < o->n_sets && rc == PL_OK; k++) {
    rc = pl_scenario_set(sc, o->sets[k], diags);
  }
  char buf[64];
  if (rc == PL_OK && o->has_trials) {
    snprintf(buf, sizeof buf, "montecarlo.trials=%" PRIu64, o->trials);
    rc = pl_scenario_set(sc, buf, diags);
  }
  if (rc == PL_OK && o->has_seed) {
    snprintf(buf, sizeof buf, "montecarlo.seed=%" PRIu64, o->seed);
    rc = pl_scenario_set(sc, buf, diags);
  }
  if (rc != PL_OK) {
    pl_scenario_free(sc);
    return rc;
  }
  *out = sc;
  return PL_OK;
}

/* The two callbacks of pl_mc_options share one ctx. */
typedef struct {
  pl_progress *prog;
  pl_trial_rows *rows;
} pl_simulate_ctx;

static void pl_simulate_progress(void *ctx, uint64_t done, uint64_t target) {
  pl_simulate_ctx *c = ctx;
  pl_progress_update(c->prog, done, target);
}

static pl_status pl_simulate_on_trial(void *ctx, uint64_t trial, const pl_trial_result *r) {
  pl_simulate_ctx *c = ctx;
  return pl_trial_rows_add(c->rows, trial, r);
}

pl_status pl_run_options_simulate(const pl_run_options *o, const pl_scenario *sc,
                                  const volatile sig_atomic_t *stop, const char *label,
                                  pl_trial_rows *rows, pl_summary **out, double *wall_seconds) {
  pl_progress prog;
  pl_progress_init(&prog, !o->quiet, label);
  pl_simulate_ctx cb = {&prog, rows};
  pl_mc_options opt;
  memset(&opt, 0, sizeof opt);
  opt.threads = o->threads;
  opt.precision = o->precision;
  opt.max_trials = o->precision > 0.0 && o->has_trials ? o->trials : 0;
  opt.stop = stop;
  opt.progress = pl_simulate_progress;
  opt.on_trial = rows != NULL ? pl_simulate_on_trial : NULL;
  opt.ctx = &cb;
  double t0 = pl_progress_now();
  pl_status rc = pl_mc_run(sc, &opt, out);
  *wall_seconds = pl_progress_now() - t0;
  pl_progress_finish(&prog);
  return rc;
}
