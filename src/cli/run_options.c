/*
 * run_options.c — parsing and applying the options of `parley run` (semantics: run_options.h).
 *
 * Invariant: a usage error prints exactly one "parley CMD: error: ..." line on stderr; nothing
 * here touches the scenario until cli_run_options_load, which applies the overrides in the
 * documented order (--set in command-line order, then --trials, then --seed).
 */
#include "run_options.h"

#include "cluster_cli.h"
#include "progress.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The largest --threads accepted (more is surely a typo). */
#define CLI_MAX_THREADS 4096u

void cli_run_options_init(cli_run_options *o) { memset(o, 0, sizeof *o); }

void cli_run_options_free(cli_run_options *o) {
  free(o->sets);
  o->sets = NULL;
  o->n_sets = 0;
}

int cli_run_options_apply(cli_run_options *o, int opt, const char *value, const char *cmd) {
  switch (opt) {
  case CLI_RUN_OPT_TRIALS:
    if (cli_option_u64(cmd, "--trials", value, 1, PL_MAX_TRIALS, &o->trials) != 0) {
      return -1;
    }
    o->has_trials = 1;
    return 0;
  case CLI_RUN_OPT_SEED:
    if (cli_option_u64(cmd, "--seed", value, 0, UINT64_MAX, &o->seed) != 0) {
      return -1;
    }
    o->has_seed = 1;
    return 0;
  case CLI_RUN_OPT_THREADS: {
    uint64_t t = 0;
    if (cli_option_u64(cmd, "--threads", value, 0, CLI_MAX_THREADS, &t) != 0) {
      return -1;
    }
    o->threads = (unsigned)t;
    return 0;
  }
  case CLI_RUN_OPT_SET: {
    if (strchr(value, '=') == NULL || value[0] == '=') {
      cli_error(cmd, "--set wants PATH=VALUE, not '%s'", value);
      return -1;
    }
    const char **sets = realloc(o->sets, (o->n_sets + 1) * sizeof *sets);
    if (sets == NULL) {
      cli_error(cmd, "out of memory");
      return -1;
    }
    sets[o->n_sets++] = value;
    o->sets = sets;
    return 0;
  }
  case CLI_RUN_OPT_OUT:
    if (value[0] == '\0') {
      cli_error(cmd, "--out wants a folder name");
      return -1;
    }
    o->out = value;
    return 0;
  case CLI_RUN_OPT_PRECISION:
    if (cli_option_double(cmd, "--precision", value, &o->precision) != 0) {
      return -1;
    }
    if (!(o->precision > 0.0) || !(o->precision < 0.5)) {
      cli_error(cmd, "--precision '%s': not a number in (0, 0.5)", value);
      return -1;
    }
    return 0;
  case CLI_RUN_OPT_INTERVAL:
    if (strcmp(value, pl_interval_name(PL_INTERVAL_WILSON)) == 0) {
      o->interval = PL_INTERVAL_WILSON;
    } else if (strcmp(value, pl_interval_name(PL_INTERVAL_EXACT)) == 0) {
      o->interval = PL_INTERVAL_EXACT;
    } else {
      cli_error(cmd, "--interval '%s': not 'wilson' or 'exact'", value);
      return -1;
    }
    return 0;
  case CLI_RUN_OPT_JSON:
    o->json = 1;
    return 0;
  case CLI_RUN_OPT_PER_TRIAL:
    o->per_trial = 1;
    return 0;
  case CLI_RUN_OPT_QUIET:
    o->quiet = 1;
    return 0;
  case CLI_OPT_HELP:
    o->help = 1;
    return 0;
  default: /* a row in a table without its case here: a programming error, said plainly */
    cli_error(cmd, "option %d has no handler", opt);
    return -1;
  }
}

int cli_run_options_parse(cli_run_options *o, int argc, char **argv, const char *cmd,
                          const struct option *longopts, cli_run_options_own own, void *ctx) {
  cli_scan scan;
  cli_scan_init(&scan, cmd, argc, argv, longopts);
  const char *v = NULL;
  int c;
  while ((c = cli_scan_next(&scan, &v)) != CLI_END) {
    if (c == CLI_ERROR) {
      return -1;
    }
    if (c == CLI_OPERAND) {
      if (o->scenario != NULL) {
        cli_error(cmd, "one scenario at a time ('%s' and '%s')", o->scenario, v);
        return -1;
      }
      if (v[0] == '\0') {
        cli_error(cmd, "the scenario path is empty");
        return -1;
      }
      o->scenario = v;
      continue;
    }
    int r =
        c >= CLI_RUN_OPT_NEXT && own != NULL ? own(ctx, c, v) : cli_run_options_apply(o, c, v, cmd);
    if (r != 0) {
      return -1;
    }
  }
  return 0;
}

pl_status cli_run_options_load(const cli_run_options *o, pl_diags *diags, pl_scenario **out) {
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

void cli_report_failure(const char *label, const pl_scenario *sc, const pl_trial_failure *f) {
  char agent[160] = "", issue[160] = "";
  if (f->agent >= 0 && (size_t)f->agent < pl_scenario_n_agents(sc)) {
    snprintf(agent, sizeof agent, " of agent '%s'", pl_scenario_agent_id(sc, (size_t)f->agent));
  }
  if (f->issue >= 0 && (size_t)f->issue < pl_scenario_n_issues(sc)) {
    snprintf(issue, sizeof issue, " on issue '%s'", pl_scenario_issue_id(sc, (size_t)f->issue));
  }
  int numbers = strcmp(f->what, "text") == 0 || strcmp(f->what, "utility") == 0 ||
                strcmp(f->what, "threshold") == 0;
  fprintf(stderr, "%s: error: trial %" PRIu64 ", round %u: %s%s%s%s%s\n", label, f->trial, f->round,
          numbers ? "the " : "", f->what, agent, issue,
          numbers ? " is not a finite number (please report it, with the scenario)" : " failed");
}

/* The two callbacks of pl_mc_options share one ctx. */
typedef struct {
  cli_progress *prog;
  pl_trial_rows *rows;
} cli_simulate_ctx;

static void simulate_progress(void *ctx, uint64_t done, uint64_t target) {
  cli_simulate_ctx *c = ctx;
  cli_progress_update(c->prog, done, target);
}

static pl_status simulate_on_trial(void *ctx, uint64_t trial, const pl_trial_result *r) {
  cli_simulate_ctx *c = ctx;
  return c->rows != NULL ? pl_trial_rows_add(c->rows, trial, r) : PL_OK;
}

pl_status cli_run_options_simulate(const cli_run_options *o, const pl_scenario *sc,
                                   const volatile sig_atomic_t *stop, const char *label,
                                   pl_trial_rows *rows, pl_summary **out, double *wall_seconds) {
  cli_progress prog;
  int root = cli_cluster_root(); /* other MPI ranks show nothing */
  cli_progress_init(&prog, !o->quiet && root, label);
  cli_simulate_ctx cb = {&prog, rows};
  pl_mc_options opt;
  memset(&opt, 0, sizeof opt);
  opt.threads = o->threads;
  opt.precision = o->precision;
  opt.interval = o->interval;
  opt.max_trials = o->precision > 0.0 && o->has_trials ? o->trials : 0;
  opt.stop = stop;
  opt.progress = simulate_progress;
  /* An MPI rank that writes no rows still carries them in its blocks, as the root does. */
  opt.on_trial = rows != NULL || o->per_trial ? simulate_on_trial : NULL;
  opt.cluster = o->cluster != NULL ? o->cluster : cli_cluster();
  opt.ctx = &cb;
  pl_trial_failure failure = {0, 0, -1, -1, NULL};
  opt.failure = &failure;
  double t0 = cli_progress_now();
  pl_status rc = pl_mc_run(sc, &opt, out);
  *wall_seconds = cli_progress_now() - t0;
  cli_progress_finish(&prog);
  if (failure.what != NULL && root) { /* the root reports it, whichever rank ran it */
    cli_report_failure(label, sc, &failure);
  }
  return rc;
}
