/*
 * cmd_backtest.c — `parley backtest DIR`: runs every scenario of a folder whose file records what
 * happened (outcome, outcome_date, outcome_source) and scores its P(agreement) against the outcome
 * (parley/backtest.h, docs/backtest.md).
 *
 * Order of work: parse options (usage error: exit 2); list DIR's *.cfg files in name order; load
 * each (a scenario error: exit 2), skipping with a note those without an outcome; lock the results
 * folder (exit 1); run each case's trials in turn; score; write the folder (summary.json last);
 * print the table or --json. SIGINT/SIGTERM stop between cases: the case in flight and those after
 * it are listed as skipped ("not run: interrupted"), the cases that completed are scored and
 * written, and the exit status is 130/143.
 */
#include <dirent.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cli.h"
#include "outdir.h"
#include "parley/backtest.h"
#include "parley/parley.h"
#include "parley/text.h"
#include "progress.h"
#include "run_options.h"
#include "signals.h"

static const char cli_backtest_usage[] =
    "usage: parley backtest DIR [--bootstrap B] [--trials N --seed S --threads T --out DIR\n"
    "                       --json --quiet]\n"
    "\n"
    "Runs every scenario file (*.cfg) of DIR that records what happened (outcome =\n"
    "\"agreement\" | \"no_agreement\", with outcome_date and outcome_source) and scores its\n"
    "P(agreement) against the outcome: Brier and log scores, against the base rate of the\n"
    "folder, with 95% intervals from a bootstrap over the cases, and a reliability table. Files\n"
    "without an outcome are skipped with a note.\n"
    "\n"
    "  --bootstrap B     resamples of the cases for the intervals (default 2000; 0 = none)\n"
    "  --trials N        trials of every scenario (default: each file's montecarlo.trials)\n"
    "  --seed S          the seed of every scenario and of the bootstrap (default: each file's\n"
    "                    seed; the bootstrap's is 1)\n"
    "  --threads, --out, --json, --quiet  as for `parley run`\n"
    "  -h, --help        show this help\n"
    "\n"
    "Writes a results folder (default results/backtest-YYYYmmdd-HHMMSS, UTC): backtest.tsv (one\n"
    "row per case), reliability.tsv, summary.json. Draw it with `parley plot DIR`.\n"
    "\n"
    "Exit status: 0 success, 1 runtime or I/O failure, 2 usage or scenario error (or no case),\n"
    "130 (Ctrl-C) or 143 (SIGTERM) interrupted.\n";

enum { CLI_BT_OPT_BOOTSTRAP = CLI_RUN_OPT_NEXT };
#define BT_DEFAULT_BOOTSTRAP 2000u
#define BT_MAX_FILES 10000u

typedef struct {
  cli_run_options run;
  uint64_t bootstrap;
} cli_bt_options;

static int bt_own(void *ctx, int opt, const char *value) {
  cli_bt_options *o = ctx;
  if (opt == CLI_BT_OPT_BOOTSTRAP) {
    return cli_option_u64("backtest", "--bootstrap", value, 0, 1000000, &o->bootstrap);
  }
  return -1;
}

static int bt_name_cmp(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The paths DIR/NAME of the regular *.cfg files of dir, sorted by name, in *out (n in *n); 0, or
 * the exit status after printing why. */
static int bt_list(const char *dir, char ***out, size_t *n) {
  *out = NULL;
  *n = 0;
  DIR *d = opendir(dir);
  if (d == NULL) {
    cli_error("backtest", "cannot read the folder %s", dir);
    return CLI_EXIT_USAGE;
  }
  char **names = NULL;
  size_t cap = 0;
  struct dirent *e;
  int status = 0;
  while ((e = readdir(d)) != NULL) {
    size_t len = strlen(e->d_name);
    if (len < 5 || e->d_name[0] == '.' || strcmp(e->d_name + len - 4, ".cfg") != 0) {
      continue;
    }
    char *path = malloc(strlen(dir) + len + 2);
    if (path == NULL) {
      status = CLI_EXIT_FAILURE;
      break;
    }
    sprintf(path, "%s/%s", dir, e->d_name);
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
      free(path);
      continue;
    }
    if (*n == BT_MAX_FILES) {
      free(path);
      cli_error("backtest", "more than %u scenario files in %s", BT_MAX_FILES, dir);
      status = CLI_EXIT_USAGE;
      break;
    }
    if (*n == cap) {
      cap = cap ? 2 * cap : 16;
      char **grown = realloc(names, cap * sizeof *grown);
      if (grown == NULL) {
        free(path);
        status = CLI_EXIT_FAILURE;
        break;
      }
      names = grown;
    }
    names[(*n)++] = path;
  }
  closedir(d);
  if (status == CLI_EXIT_FAILURE) {
    cli_error("backtest", "out of memory");
  }
  if (names != NULL) {
    qsort(names, *n, sizeof *names, bt_name_cmp);
  }
  *out = names;
  return status;
}

static void bt_print_table(FILE *f, const char *from, const pl_backtest_case *cases, size_t n,
                           const pl_backtest_scores *s, size_t n_skipped, const char *dir) {
  char text[512];
  fprintf(f, "Backtest of %s: %zu case%s (%zu agreement%s), %zu skipped\n\n", from, s->n,
          s->n == 1 ? "" : "s", s->agreements, s->agreements == 1 ? "" : "s", n_skipped);
  fprintf(f, "  %-32s %-13s %-10s %8s %8s %8s\n", "case", "outcome", "date", "P", "Brier", "log");
  for (size_t k = 0; k < n; k++) {
    const pl_backtest_case *c = &cases[k];
    double q = c->p < s->p_floor ? s->p_floor : c->p > 1 - s->p_floor ? 1 - s->p_floor : c->p;
    fprintf(f, "  %-32.32s %-13s %-10.10s %8.4f %8.4f %8.4f\n",
            pl_text_terminal(c->name, text, sizeof text), c->agreed ? "agreement" : "no_agreement",
            c->date, c->p, (c->p - c->agreed) * (c->p - c->agreed), -log(c->agreed ? q : 1 - q));
  }
  fprintf(f,
          "\n  Scores, mean over cases (lower is better), 95%% intervals from %zu bootstrap "
          "resamples of the cases:\n",
          s->bootstrap);
  fprintf(f, "  %-28s %8.4f [%.4f, %.4f]   log %8.4f [%.4f, %.4f]\n", "model", s->brier,
          s->brier_lo, s->brier_hi, s->log, s->log_lo, s->log_hi);
  snprintf(text, sizeof text, "base rate %.3f (in sample)", s->base_rate);
  fprintf(f, "  %-28s %8.4f [%.4f, %.4f]   log %8.4f [%.4f, %.4f]\n", text, s->base_brier,
          s->base_brier_lo, s->base_brier_hi, s->base_log, s->base_log_lo, s->base_log_hi);
  fprintf(f, "  %-28s %8.4f                      log %8.4f\n", "base rate, leave-one-out",
          s->loo_brier, s->loo_log);
  fprintf(f, "  %-28s %+8.4f [%+.4f, %+.4f]   (Brier skill %.3f)\n", "model - base rate (Brier)",
          s->diff_brier, s->diff_brier_lo, s->diff_brier_hi, s->skill);
  fprintf(f,
          "  If the forecasts were calibrated, the Brier score would be %.4f (sd %.4f);\n"
          "  Spiegelhalter's z = %.2f (|z| > 1.96: miscalibrated at the 5%% level)\n",
          s->expected_brier, s->expected_brier_sd, s->spiegelhalter_z);
  fprintf(f, "\n  Reliability: %-12s %6s %14s %9s  %s\n", "forecast", "cases", "mean forecast",
          "observed", "95% interval");
  for (size_t b = 0; b < PL_BACKTEST_BINS; b++) {
    const pl_backtest_bin *bb = &s->bins[b];
    if (bb->count == 0) {
      continue;
    }
    fprintf(f, "               [%.1f, %.1f%c %6" PRIu64 " %14.3f %9.3f  [%.3f, %.3f]\n",
            (double)b / PL_BACKTEST_BINS, (double)(b + 1) / PL_BACKTEST_BINS,
            b + 1 == PL_BACKTEST_BINS ? ']' : ')', bb->count, bb->mean_forecast, bb->observed,
            bb->obs_low, bb->obs_high);
  }
  fprintf(f, "\nResults written to %s/\n", dir);
}

int cli_backtest(int argc, char **argv) {
  static const struct option longopts[] = {
      CLI_RUN_OPTION_TRIALS,  CLI_RUN_OPTION_SEED,
      CLI_RUN_OPTION_THREADS, CLI_RUN_OPTION_OUT,
      CLI_RUN_OPTION_JSON,    CLI_RUN_OPTION_QUIET,
      CLI_OPTION_HELP,        {"bootstrap", required_argument, NULL, CLI_BT_OPT_BOOTSTRAP},
      CLI_OPTION_END};
  cli_bt_options o;
  memset(&o, 0, sizeof o);
  cli_run_options_init(&o.run);
  o.bootstrap = BT_DEFAULT_BOOTSTRAP;
  int status = CLI_EXIT_USAGE;
  char **files = NULL;
  size_t n_files = 0, n_cases = 0, n_skipped = 0;
  pl_scenario **scs = NULL;
  pl_backtest_case *cases = NULL;
  const char **skipped = NULL, **why = NULL;
  pl_diags *diags = NULL;
  char *dir = NULL;
  cli_outdir od;
  int od_open = 0;
  if (cli_run_options_parse(&o.run, argc, argv, "backtest", longopts, bt_own, &o) != 0) {
    goto done;
  }
  if (o.run.help) {
    fputs(cli_backtest_usage, stdout);
    status = CLI_EXIT_OK;
    goto done;
  }
  if (o.run.scenario == NULL) {
    cli_error("backtest", "which folder? usage: parley backtest DIR [options]");
    goto done;
  }
  struct stat st;
  if (stat(o.run.scenario, &st) != 0 || !S_ISDIR(st.st_mode)) {
    cli_error("backtest", "%s is not a folder", o.run.scenario);
    goto done;
  }
  status = bt_list(o.run.scenario, &files, &n_files);
  if (status != 0) {
    goto done;
  }
  status = CLI_EXIT_FAILURE;
  scs = calloc(n_files ? n_files : 1, sizeof *scs);
  cases = calloc(n_files ? n_files : 1, sizeof *cases);
  skipped = calloc(n_files ? n_files : 1, sizeof *skipped);
  why = calloc(n_files ? n_files : 1, sizeof *why);
  if ((diags = pl_diags_alloc()) == NULL || scs == NULL || cases == NULL || skipped == NULL ||
      why == NULL) {
    cli_error("backtest", "out of memory");
    goto done;
  }
  /* Load every file first: a scenario error stops the command before any trial runs. */
  for (size_t k = 0; k < n_files; k++) {
    cli_run_options one = o.run;
    one.scenario = files[k];
    pl_status rc = cli_run_options_load(&one, diags, &scs[k]);
    if (rc != PL_OK) {
      pl_diags_sort(diags);
      cli_print_diags(diags);
      if (pl_diags_count(diags) == 0) {
        cli_error("backtest", "%s: %s", files[k], pl_status_string(rc));
      }
      status = rc == PL_ENOMEM ? CLI_EXIT_FAILURE : CLI_EXIT_USAGE;
      goto done;
    }
    cli_print_warnings(scs[k]);
    if (pl_scenario_record(scs[k], PL_RECORD_OUTCOME)[0] == '\0') {
      fprintf(stderr, "parley backtest: note: %s records no outcome; skipped\n", files[k]);
      skipped[n_skipped] = files[k];
      why[n_skipped++] = "no outcome";
    }
  }
  if (n_skipped == n_files) {
    cli_error("backtest",
              "no scenario file in %s records an outcome (outcome = \"agreement\" | "
              "\"no_agreement\"; docs/backtest.md)",
              o.run.scenario);
    status = CLI_EXIT_USAGE;
    goto done;
  }

  const volatile sig_atomic_t *stop = cli_signals_install("parley backtest");
  if (cli_outdir_open(&od, o.run.out, "backtest", time(NULL), "parley backtest") != 0) {
    goto done;
  }
  od_open = 1;
  if ((dir = malloc(strlen(od.path) + 1)) == NULL) {
    cli_error("backtest", "out of memory");
    goto done;
  }
  strcpy(dir, od.path);
  const char *owned_files[1] = {od.lock_path};
  cli_signals_own(owned_files, 1, (const char *const *)od.made, od.n_made);
  cli_signals_trials();
  uint64_t min_trials = UINT64_MAX;
  int interrupted = 0;
  for (size_t k = 0; k < n_files; k++) {
    const pl_scenario *sc = scs[k];
    if (pl_scenario_record(sc, PL_RECORD_OUTCOME)[0] == '\0') {
      continue;
    }
    if (interrupted || *stop != 0) {
      interrupted = 1;
      skipped[n_skipped] = files[k];
      why[n_skipped++] = "not run: interrupted";
      continue;
    }
    pl_summary *sm = NULL;
    double secs = 0.0;
    char label[300];
    snprintf(label, sizeof label, "parley backtest %zu/%zu", k + 1, n_files);
    pl_status rc = cli_run_options_simulate(&o.run, sc, stop, label, NULL, &sm, &secs);
    if (rc == PL_EINTERRUPTED) {
      pl_summary_free(sm);
      interrupted = 1;
      skipped[n_skipped] = files[k];
      why[n_skipped++] = "not run: interrupted";
      continue;
    }
    if (rc != PL_OK) {
      cli_error("backtest", "%s: the run failed: %s", files[k], pl_status_string(rc));
      goto done;
    }
    cases[n_cases++] =
        (pl_backtest_case){files[k],
                           pl_scenario_name(sc),
                           pl_scenario_record(sc, PL_RECORD_OUTCOME_DATE),
                           pl_scenario_record(sc, PL_RECORD_OUTCOME_SOURCE),
                           strcmp(pl_scenario_record(sc, PL_RECORD_OUTCOME), "agreement") == 0,
                           sm->p_agreement,
                           sm->ci_low,
                           sm->ci_high,
                           sm->trials,
                           pl_scenario_seed(sc)};
    min_trials = sm->trials < min_trials ? sm->trials : min_trials;
    pl_summary_free(sm);
  }
  cli_signals_writing();
  if (n_cases == 0) {
    cli_error("backtest", "interrupted before any case completed; nothing written");
    status = cli_signals_status(CLI_EXIT_INTERRUPTED);
    goto done;
  }
  pl_backtest_scores scores;
  /* The log score's floor: half a trial, 1 / (2 T), for the smallest T (docs/backtest.md). */
  double floor = 0.5 / (double)min_trials;
  pl_status rc = pl_backtest_score(cases, n_cases, (size_t)o.bootstrap,
                                   o.run.has_seed ? o.run.seed : 1u, floor, &scores);
  if (rc == PL_OK) {
    rc = pl_backtest_write(dir, cases, n_cases, &scores, skipped, why, n_skipped, diags);
  }
  if (rc != PL_OK) {
    cli_print_diags(diags);
    cli_error("backtest", "cannot write the results in %s/ (%s)", dir, pl_status_string(rc));
    goto done;
  }
  cli_outdir_close(&od, 1);
  od_open = 0;
  int signalled = cli_signals_status(0);
  cli_signals_restore();
  if (o.run.json) {
    char *text = NULL;
    if (pl_backtest_json(cases, n_cases, &scores, skipped, why, n_skipped, &text) != PL_OK) {
      cli_error("backtest", "out of memory");
      goto done;
    }
    fputs(text, stdout);
    free(text);
  } else if (!o.run.quiet) {
    bt_print_table(stdout, o.run.scenario, cases, n_cases, &scores, n_skipped, dir);
  }
  if (interrupted) {
    fprintf(stderr,
            "parley backtest: interrupted after %zu case(s); they are scored in %s/, the others "
            "listed as skipped\n",
            n_cases, dir);
  }
  status = signalled != 0 ? signalled : interrupted ? CLI_EXIT_INTERRUPTED : CLI_EXIT_OK;

done:
  if (od_open) {
    cli_outdir_close(&od, 0);
  }
  cli_signals_restore();
  for (size_t k = 0; scs != NULL && k < n_files; k++) {
    pl_scenario_free(scs[k]);
  }
  for (size_t k = 0; files != NULL && k < n_files; k++) {
    free(files[k]);
  }
  free(files);
  free(scs);
  free(cases);
  free(skipped);
  free(why);
  free(dir);
  pl_diags_free(diags);
  cli_run_options_free(&o.run);
  return status;
}
