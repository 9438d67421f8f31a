/*
 * cmd_sensitivity.c — `parley sensitivity`: which judgements drive the answer (tornado, Sobol
 * indices, P(agreement | judgements); parley/sensitivity.h, docs/sensitivity.md).
 *
 * Order of work, as for `parley run`: parse options (usage error: exit 2); load the scenario and
 * apply --set/--seed (exit 2); resolve --range paths and --output (exit 2); lock the results folder
 * (exit 1 if it cannot be used); run with a progress bar; write the folder (summary.json last);
 * print the table or --json. SIGINT/SIGTERM (signals.h) stop between batches of trials: the
 * analyses that finished are written whole, the one under way with what it completed, marked
 * "complete": false, and the exit status is 130/143.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "cluster_cli.h"
#include "outdir.h"
#include "parley/number.h"
#include "parley/parley.h"
#include "parley/sensitivity.h"
#include "parley/text.h"
#include "progress.h"
#include "run_options.h"
#include "signals.h"

static const char cli_sens_usage[] =
    "usage: parley sensitivity SCENARIO [--method tornado|sobol|judgements|all[,...]]\n"
    "                          [--range PATH=LOW:HIGH ...] [--samples N] [--bootstrap B]\n"
    "                          [--judgements M] [--lucks L] [--output agreement|"
    "agreement_point.ISSUE]\n"
    "                          [--trials N --seed S --threads T --set PATH=VALUE ... --out DIR\n"
    "                           --json --quiet]\n"
    "\n"
    "Which judgements drive the answer. Every analysis runs on common random numbers: an input's\n"
    "draws depend on its path only, the rounds' on the trial, so comparisons are paired.\n"
    "\n"
    "  --method M        tornado: each uncertain input at its 5th and 95th percentile, one at a\n"
    "                    time, on the same trials (swing in P(agreement) with a 95% interval);\n"
    "                    sobol: first- and total-order variance-based indices of every uncertain\n"
    "                    input and of the luck of the rounds (Saltelli design, bootstrap\n"
    "                    intervals); judgements: the distribution of P(agreement | judgements);\n"
    "                    all (default) = the three. A comma list picks several.\n"
    "  --range PATH=LOW:HIGH  the tornado's low and high values for PATH (a fixed input is then\n"
    "                    varied too; Sobol draws it uniformly on [LOW, HIGH]); repeatable\n"
    "  --trials N        tornado: trials per setting (default 10000)\n"
    "  --samples N       sobol: rows of the design (default 8192; each costs inputs + 3 trials)\n"
    "  --bootstrap B     sobol: bootstrap resamples for the intervals (default 1000)\n"
    "  --judgements M    draws of the judgements (default 1000) ...\n"
    "  --lucks L         ... each played against L lucks (default 200)\n"
    "  --output O        agreement (default) or agreement_point.ISSUE: the agreement point on an\n"
    "                    issue, over the trials (rows) where every evaluation agreed\n"
    "  --seed, --threads, --set, --out, --json, --quiet  as for `parley run`\n"
    "  -h, --help        show this help\n"
    "\n"
    "Writes a results folder (default results/NAME-sensitivity-YYYYmmdd-HHMMSS, UTC):\n"
    "sensitivity.tsv, sobol.tsv, p_given_judgements.tsv, summary.json, scenario.cfg. Draw it with\n"
    "`parley plot DIR` (tornado and Sobol charts). Results are the same bytes for any --threads.\n"
    "\n"
    "Exit status: 0 success, 1 runtime or I/O failure, 2 usage or scenario error, 130 (Ctrl-C)\n"
    "or 143 (SIGTERM) interrupted.\n";

enum {
  CLI_SENS_OPT_METHOD = CLI_RUN_OPT_NEXT,
  CLI_SENS_OPT_RANGE,
  CLI_SENS_OPT_SAMPLES,
  CLI_SENS_OPT_BOOTSTRAP,
  CLI_SENS_OPT_JUDGEMENTS,
  CLI_SENS_OPT_LUCKS,
  CLI_SENS_OPT_OUTPUT
};

#define SENS_DEFAULT_TRIALS 10000u

typedef struct {
  cli_run_options run;
  unsigned methods;
  const char **ranges; /* [n_ranges] "PATH=LOW:HIGH", pointing into argv */
  size_t n_ranges;
  uint64_t samples, bootstrap, judgements, lucks;
  const char *output;
} cli_sens_options;

static int sens_method(cli_sens_options *o, const char *value) {
  unsigned m = 0;
  const char *p = value;
  while (*p != '\0') {
    size_t len = strcspn(p, ",");
    static const struct {
      const char *name;
      unsigned bits;
    } names[] = {{"tornado", PL_SENS_TORNADO},
                 {"sobol", PL_SENS_SOBOL},
                 {"judgements", PL_SENS_JUDGEMENTS},
                 {"all", PL_SENS_ALL}};
    unsigned bits = 0;
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
      if (strlen(names[k].name) == len && strncmp(names[k].name, p, len) == 0) {
        bits = names[k].bits;
      }
    }
    if (bits == 0) {
      cli_error("sensitivity",
                "--method '%s': expected tornado, sobol, judgements or all (or a comma list)",
                value);
      return -1;
    }
    m |= bits;
    p += len + (p[len] == ',');
  }
  if (m == 0) {
    cli_error("sensitivity", "--method '': expected tornado, sobol, judgements or all");
    return -1;
  }
  o->methods = m;
  return 0;
}

static int sens_own(void *ctx, int opt, const char *value) {
  cli_sens_options *o = ctx;
  switch (opt) {
  case CLI_SENS_OPT_METHOD:
    return sens_method(o, value);
  case CLI_SENS_OPT_RANGE: {
    const char **r = realloc(o->ranges, (o->n_ranges + 1) * sizeof *r);
    if (r == NULL) {
      cli_error("sensitivity", "out of memory");
      return -1;
    }
    r[o->n_ranges++] = value;
    o->ranges = r;
    return 0;
  }
  case CLI_SENS_OPT_SAMPLES:
    return cli_option_u64("sensitivity", "--samples", value, 2, PL_SENS_MAX_SAMPLES, &o->samples);
  case CLI_SENS_OPT_BOOTSTRAP:
    return cli_option_u64("sensitivity", "--bootstrap", value, 10, 100000, &o->bootstrap);
  case CLI_SENS_OPT_JUDGEMENTS:
    return cli_option_u64("sensitivity", "--judgements", value, 2, 10000000, &o->judgements);
  case CLI_SENS_OPT_LUCKS:
    return cli_option_u64("sensitivity", "--lucks", value, 2, 10000000, &o->lucks);
  case CLI_SENS_OPT_OUTPUT:
    o->output = value;
    return 0;
  }
  return -1;
}

/* Resolves --range and --output against sc; 0, or -1 after printing the error. paths[r] receives a
 * copy of range r's path when it names a setting rather than a parameter (the caller frees). */
static int sens_resolve(const cli_sens_options *o, const pl_scenario *sc, pl_sens_range *ranges,
                        char **paths, long *issue) {
  for (size_t r = 0; r < o->n_ranges; r++) {
    const char *spec = o->ranges[r], *eq = strchr(spec, '='), *colon;
    if (eq == NULL || (colon = strchr(eq + 1, ':')) == NULL) {
      cli_error("sensitivity", "--range '%s': expected PATH=LOW:HIGH", spec);
      return -1;
    }
    char path[512], num[128];
    snprintf(path, sizeof path, "%.*s", (int)(eq - spec), spec);
    size_t k = pl_scenario_param_index(sc, path); /* SIZE_MAX: a setting (an event's number) */
    double lo, hi;
    snprintf(num, sizeof num, "%.*s", (int)(colon - eq - 1), eq + 1);
    if (pl_number_parse_double(num, &lo) != PL_NUMBER_OK ||
        pl_number_parse_double(colon + 1, &hi) != PL_NUMBER_OK) {
      cli_error("sensitivity", "--range '%s': LOW and HIGH must be numbers", spec);
      return -1;
    }
    if (!(lo < hi)) {
      cli_error("sensitivity", "--range '%s': LOW must be less than HIGH", spec);
      return -1;
    }
    for (size_t q = 0; q < r; q++) {
      if (k != SIZE_MAX ? ranges[q].param == k : strcmp(ranges[q].path, path) == 0) {
        cli_error("sensitivity", "--range '%s': %s has a range already", spec, path);
        return -1;
      }
    }
    /* The domain check: a scenario with the value set must be valid. */
    pl_diags *d = pl_diags_alloc();
    char set[700], v[PL_NUMBER_BUFSIZE];
    int bad = d == NULL;
    for (int end = 0; !bad && end < 2; end++) {
      pl_number_format(end ? hi : lo, v);
      snprintf(set, sizeof set, "%s=%s", path, v);
      pl_scenario *copy = NULL;
      bad = pl_scenario_copy(sc, &copy) != PL_OK || pl_scenario_set(copy, set, d) != PL_OK;
      pl_scenario_free(copy);
    }
    if (bad) {
      cli_error("sensitivity", "--range '%s': %s", spec,
                d != NULL && pl_diags_count(d) > 0 ? pl_diags_message(d, 0) : "out of memory");
      pl_diags_free(d);
      return -1;
    }
    pl_diags_free(d);
    ranges[r] = (pl_sens_range){k, lo, hi, NULL};
    if (k == SIZE_MAX) { /* a setting such as an event's probability: the tornado's only */
      if (!(o->methods & PL_SENS_TORNADO)) {
        cli_error("sensitivity",
                  "--range '%s': %s is not drawn per trial; only --method tornado varies it", spec,
                  path);
        return -1;
      }
      if ((paths[r] = strdup(path)) == NULL) {
        cli_error("sensitivity", "out of memory");
        return -1;
      }
      ranges[r].path = paths[r];
    }
  }
  *issue = -1;
  if (o->output != NULL && strcmp(o->output, "agreement") != 0) {
    const char *prefix = "agreement_point.";
    size_t j = pl_scenario_n_issues(sc);
    if (strncmp(o->output, prefix, strlen(prefix)) == 0) {
      for (j = 0; j < pl_scenario_n_issues(sc); j++) {
        if (strcmp(pl_scenario_issue_id(sc, j), o->output + strlen(prefix)) == 0) {
          break;
        }
      }
    }
    if (j == pl_scenario_n_issues(sc)) {
      cli_error("sensitivity", "--output '%s': expected agreement or agreement_point.ISSUE",
                o->output);
      return -1;
    }
    if (o->methods & PL_SENS_JUDGEMENTS && o->methods != PL_SENS_ALL) {
      cli_error("sensitivity", "--method judgements is for the agreement output only");
      return -1;
    }
    *issue = (long)j;
  }
  return 0;
}

/* x in width columns with `decimals` decimals (signed: with its sign), or "-" for NaN. */
static void sens_num(FILE *f, int width, int decimals, int sign, double x) {
  if (isnan(x)) {
    fprintf(f, "%*s", width, "-");
  } else if (sign) {
    fprintf(f, "%+*.*f", width, decimals, x);
  } else {
    fprintf(f, "%*.*f", width, decimals, x);
  }
}

/* A value of an input in width columns: 4 significant digits, or "-". */
static void sens_value(FILE *f, int width, double x) {
  if (isnan(x)) {
    fprintf(f, "%*s", width, "-");
  } else {
    fprintf(f, "%*.4g", width, x);
  }
}

static void sens_print_table(FILE *f, const pl_scenario *sc, const pl_sens_result *r,
                             const char *dir) {
  char label[512], text[512];
  fprintf(f, "%s: sensitivity of %s\n\n", pl_scenario_name(sc),
          r->output_issue < 0 ? "P(agreement)" : pl_scenario_issue_id(sc, (size_t)r->output_issue));
  if (r->methods & PL_SENS_TORNADO) {
    fprintf(f,
            "Tornado: %" PRIu64 " trials per setting, inputs at their %g and %g quantiles; "
            "baseline %.4f [%.4f, %.4f]%s\n",
            r->trials, r->q_low, r->q_high, r->baseline, r->baseline_lo, r->baseline_hi,
            (r->done & PL_SENS_TORNADO) ? "" : " (INTERRUPTED)");
    fprintf(f, "  %-46s %10s %10s %8s %8s %8s  %s\n", "input", "low", "high", "at low", "at high",
            "swing", "95% interval");
    size_t shown = 0, not_varied = 0;
    for (size_t t = 0; t < r->n_tornado; t++) {
      const pl_sens_tornado *row = &r->tornado[t];
      if (!row->varied) {
        not_varied++;
        continue;
      }
      if (shown++ == 15) {
        fprintf(f, "  ... (every input in sensitivity.tsv)\n");
      }
      if (shown > 15) {
        continue;
      }
      if (row->path != NULL) {
        snprintf(label, sizeof label, "%s", row->path);
      } else {
        pl_scenario_param_path(sc, row->param, label, sizeof label);
      }
      fprintf(f, "  %-46.46s ", pl_text_terminal(label, text, sizeof text));
      sens_value(f, 10, row->low);
      sens_value(f, 11, row->high);
      sens_num(f, 9, 4, 0, row->p_low);
      sens_num(f, 9, 4, 0, row->p_high);
      sens_num(f, 9, 4, 1, row->swing);
      fprintf(f, "  [%+.4f, %+.4f]\n", row->swing_lo, row->swing_hi);
    }
    if (not_varied > 0) {
      fprintf(f, "  %zu fixed input%s not varied (give --range PATH=LOW:HIGH to vary one)\n",
              not_varied, not_varied == 1 ? "" : "s");
    }
    fputc('\n', f);
  }
  if (r->methods & PL_SENS_SOBOL) {
    fprintf(f,
            "Sobol indices: %" PRIu64 " design rows (%" PRIu64 " used), %zu bootstrap "
            "resamples%s\n",
            r->samples, r->rows_used, r->bootstrap,
            (r->done & PL_SENS_SOBOL) ? "" : " (INTERRUPTED)");
    fprintf(f, "  %-46s %8s  %-17s %8s  %s\n", "factor", "first", "95% interval", "total",
            "95% interval");
    for (size_t i = 0; i < r->n_sobol && i < 15; i++) {
      const pl_sens_sobol *s = &r->sobol[i];
      if (s->param == SIZE_MAX) {
        snprintf(label, sizeof label, "luck (breakdown, acceptance draws)");
      } else {
        pl_scenario_param_path(sc, s->param, label, sizeof label);
      }
      fprintf(f, "  %-46.46s ", pl_text_terminal(label, text, sizeof text));
      sens_num(f, 8, 3, 0, s->s1);
      fprintf(f, "  [%6.3f, %6.3f] ", s->s1_lo, s->s1_hi);
      sens_num(f, 8, 3, 0, s->st);
      fprintf(f, "  [%6.3f, %6.3f]\n", s->st_lo, s->st_hi);
    }
    if (r->n_sobol > 15) {
      fprintf(f, "  ... (every factor in sobol.tsv)\n");
    }
    for (size_t i = 0; i < r->n_sobol; i++) {
      if (r->sobol[i].param == SIZE_MAX && !isnan(r->sobol[i].st)) {
        fprintf(f,
                "  The judgements together explain %.0f%% of the variance (1 - total index of "
                "the luck).\n",
                100.0 * (1.0 - r->sobol[i].st));
      }
    }
    fputc('\n', f);
  }
  if (r->methods & PL_SENS_JUDGEMENTS) {
    fprintf(f,
            "P(agreement | judgements): %" PRIu64 " draws x %" PRIu64 " lucks%s\n"
            "  mean %.4f, sd %.4f (%.4f without the binomial noise of %" PRIu64 " lucks)\n"
            "  5%% %.3f, 25%% %.3f, median %.3f, 75%% %.3f, 95%% %.3f\n\n",
            r->judgements, r->lucks, (r->done & PL_SENS_JUDGEMENTS) ? "" : " (INTERRUPTED)",
            r->pj_mean, r->pj_sd, r->pj_sd_true, r->lucks, r->pj_q[0], r->pj_q[1], r->pj_q[2],
            r->pj_q[3], r->pj_q[4]);
  }
  fprintf(f, "Trials played %" PRIu64 ", seed %" PRIu64 "\n", r->played, r->seed);
  fprintf(f, "Results written to %s/\n", dir);
}

int cli_sensitivity(int argc, char **argv) {
  static const struct option longopts[] = {
      CLI_RUN_OPTION_TRIALS,
      CLI_RUN_OPTION_SEED,
      CLI_RUN_OPTION_THREADS,
      CLI_RUN_OPTION_SET,
      CLI_RUN_OPTION_OUT,
      CLI_RUN_OPTION_JSON,
      CLI_RUN_OPTION_QUIET,
      CLI_OPTION_HELP,
      {"method", required_argument, NULL, CLI_SENS_OPT_METHOD},
      {"range", required_argument, NULL, CLI_SENS_OPT_RANGE},
      {"samples", required_argument, NULL, CLI_SENS_OPT_SAMPLES},
      {"bootstrap", required_argument, NULL, CLI_SENS_OPT_BOOTSTRAP},
      {"judgements", required_argument, NULL, CLI_SENS_OPT_JUDGEMENTS},
      {"lucks", required_argument, NULL, CLI_SENS_OPT_LUCKS},
      {"output", required_argument, NULL, CLI_SENS_OPT_OUTPUT},
      CLI_OPTION_END};
  cli_sens_options o;
  memset(&o, 0, sizeof o);
  cli_run_options_init(&o.run);
  o.methods = PL_SENS_ALL;
  int status = CLI_EXIT_USAGE;
  pl_diags *diags = NULL;
  pl_scenario *sc = NULL;
  pl_sens_result *res = NULL;
  pl_sens_range *ranges = NULL;
  char **paths = NULL; /* [n_ranges] copies of the paths of ranged settings */
  char *dir = NULL;
  cli_outdir od;
  int od_open = 0;
  const int root = cli_cluster_root(); /* rank 0 under MPI, or the only process */
  int agreed = 0;                      /* every rank passed cli_cluster_agree (cluster_cli.h) */
  if (cli_run_options_parse(&o.run, argc, argv, "sensitivity", longopts, sens_own, &o) != 0) {
    goto done;
  }
  if (o.run.help) {
    fputs(cli_sens_usage, stdout);
    status = CLI_EXIT_OK;
    goto done;
  }
  if (o.run.scenario == NULL) {
    cli_error("sensitivity", "which scenario? usage: parley sensitivity SCENARIO [options]");
    goto done;
  }
  uint64_t tornado_trials = o.run.has_trials ? o.run.trials : SENS_DEFAULT_TRIALS;
  o.run.has_trials = 0; /* the scenario's own trials stay as they are in scenario.cfg */
  status = CLI_EXIT_FAILURE;
  if ((diags = pl_diags_alloc()) == NULL ||
      (ranges = calloc(o.n_ranges ? o.n_ranges : 1, sizeof *ranges)) == NULL) {
    cli_error("sensitivity", "out of memory");
    goto done;
  }
  pl_status rc = cli_run_options_load(&o.run, diags, &sc);
  if (rc != PL_OK) {
    pl_diags_sort(diags);
    cli_print_diags(diags);
    if (pl_diags_count(diags) == 0) {
      cli_error("sensitivity", "%s", pl_status_string(rc));
    }
    status = rc == PL_ENOMEM ? CLI_EXIT_FAILURE : CLI_EXIT_USAGE;
    goto done;
  }
  if (root) {
    cli_print_warnings(sc);
  }
  long issue = -1;
  if ((paths = calloc(o.n_ranges ? o.n_ranges : 1, sizeof *paths)) == NULL) {
    cli_error("sensitivity", "out of memory");
    goto done;
  }
  if (sens_resolve(&o, sc, ranges, paths, &issue) != 0) {
    status = CLI_EXIT_USAGE;
    goto done;
  }
  unsigned methods = o.methods;
  if (issue >= 0) {
    methods &= ~PL_SENS_JUDGEMENTS;
  }

  const volatile sig_atomic_t *stop = cli_signals_install("parley sensitivity");
  pl_trial_failure failure = {0, 0, -1, -1, NULL};
  pl_sens_options opt = {.methods = methods,
                         .trials = tornado_trials,
                         .ranges = ranges,
                         .n_ranges = o.n_ranges,
                         .samples = o.samples,
                         .bootstrap = (size_t)o.bootstrap,
                         .judgements = o.judgements,
                         .lucks = o.lucks,
                         .output_issue = issue,
                         .threads = o.run.threads,
                         .stop = stop,
                         .progress = NULL,
                         .ctx = NULL,
                         .failure = &failure,
                         .cluster = cli_cluster()};
  if (!root) { /* another MPI rank: its share of the blocks; rank 0 writes */
    agreed = 1;
    if (cli_cluster_agree(1)) {
      rc = pl_sens_run(sc, &opt, &res);
      status = rc == PL_OK ? CLI_EXIT_OK
                           : (rc == PL_EINTERRUPTED ? cli_signals_status(CLI_EXIT_INTERRUPTED)
                                                    : CLI_EXIT_FAILURE);
    }
    goto done;
  }
  char name[300];
  snprintf(name, sizeof name, "%s-sensitivity", pl_scenario_name(sc));
  if (cli_outdir_open(&od, o.run.out, name, time(NULL), "parley sensitivity") != 0) {
    goto done;
  }
  od_open = 1;
  if ((dir = malloc(strlen(od.path) + 1)) == NULL) {
    cli_error("sensitivity", "out of memory");
    goto done;
  }
  strcpy(dir, od.path);
  const char *owned_files[1] = {od.lock_path};
  agreed = 1;
  if (!cli_cluster_agree(1)) {
    cli_error("sensitivity", "another MPI rank could not start (run the command without mpirun "
                             "to see why)");
    goto done;
  }
  cli_signals_own(owned_files, 1, (const char *const *)od.made, od.n_made);
  cli_signals_trials();
  cli_progress prog;
  cli_progress_init(&prog, !o.run.quiet, "parley sensitivity");
  opt.progress = cli_progress_update;
  opt.ctx = &prog;
  rc = pl_sens_run(sc, &opt, &res);
  cli_progress_finish(&prog);
  cli_signals_writing();
  if (rc != PL_OK && rc != PL_EINTERRUPTED) {
    if (failure.what != NULL) {
      cli_report_failure("parley sensitivity", sc, &failure);
    }
    cli_error("sensitivity", "the analysis failed: %s", pl_status_string(rc));
    goto done;
  }
  rc = pl_sens_write(dir, sc, res, diags);
  if (rc != PL_OK) {
    cli_print_diags(diags);
    cli_error("sensitivity", "cannot write the results in %s/ (%s)", dir, pl_status_string(rc));
    goto done;
  }
  cli_outdir_close(&od, 1);
  od_open = 0;
  int signalled = cli_signals_status(0);
  cli_signals_restore();
  if (o.run.json) {
    char *text = NULL;
    if (pl_sens_json(sc, res, &text) != PL_OK) {
      cli_error("sensitivity", "out of memory");
      goto done;
    }
    fputs(text, stdout);
    free(text);
  } else if (!o.run.quiet) {
    sens_print_table(stdout, sc, res, dir);
  }
  if (!res->complete) {
    fprintf(stderr,
            "parley sensitivity: interrupted after %" PRIu64 " trials; what completed is in %s/ "
            "(\"complete\": false)\n",
            res->played, dir);
  }
  status = signalled != 0 ? signalled : !res->complete ? CLI_EXIT_INTERRUPTED : CLI_EXIT_OK;

done:
  if (!agreed) { /* failed before the analysis: the other ranks stop at their agreement too */
    (void)cli_cluster_agree(0);
  }
  if (od_open) {
    cli_outdir_close(&od, 0);
  }
  cli_signals_restore();
  pl_sens_free(res);
  pl_scenario_free(sc);
  pl_diags_free(diags);
  free(ranges);
  for (size_t r = 0; paths != NULL && r < o.n_ranges; r++) {
    free(paths[r]);
  }
  free(paths);
  free(dir);
  free(o.ranges);
  cli_run_options_free(&o.run);
  return status;
}
