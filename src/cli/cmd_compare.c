/*
 * cmd_compare.c — `parley compare A.cfg B.cfg [C.cfg ...]`: several scenarios on the same trials,
 * the paired difference of each from the first (parley/compare.h, docs/compare.md).
 *
 * Order of work, as for `parley run`: parse options (usage error: exit 2); load every scenario,
 * apply --set (to all) then --set-for K:... (to scenario K), in command-line order, then the
 * common trials and seed (exit 2 on a scenario error); lock the results folder (exit 1); run with a
 * progress bar; write the folder (summary.json last); print the table or --json. SIGINT/SIGTERM
 * (signals.h) stop between batches of trials: the trials that completed are written, marked
 * "complete": false, and the exit status is 130/143.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "outdir.h"
#include "parley/compare.h"
#include "parley/parley.h"
#include "parley/text.h"
#include "progress.h"
#include "run_options.h"
#include "signals.h"

static const char cli_compare_usage[] =
    "usage: parley compare A.cfg B.cfg [C.cfg ...] [--set-for K:PATH=VALUE ...]\n"
    "                      [--trials N --seed S --threads T --set PATH=VALUE ... --out DIR\n"
    "                       --json --quiet]\n"
    "\n"
    "Runs every scenario on the same trials (the same seed and random streams: scenarios that\n"
    "share an input share its draws) and gives each one's difference from the first in\n"
    "P(agreement) and in each outcome's share, with a 95% interval from the paired per-trial\n"
    "differences, and the agreement points side by side. A file may be given twice, to compare it\n"
    "with a variant of itself: parley compare A.cfg A.cfg --set-for 2:PATH=VALUE.\n"
    "\n"
    "  --set-for K:PATH=VALUE  an override for the K-th scenario only (K = 1, 2, ... in the order\n"
    "                    of the files; repeatable; applied after every --set)\n"
    "  --set PATH=VALUE  an override for every scenario\n"
    "  --trials N        trials (default: the first scenario's montecarlo.trials)\n"
    "  --seed S          the seed of every scenario (default: the first scenario's)\n"
    "  --threads, --out, --json, --quiet  as for `parley run`\n"
    "  -h, --help        show this help\n"
    "\n"
    "Writes a results folder (default results/NAME-compare-YYYYmmdd-HHMMSS, UTC): compare.tsv,\n"
    "compare_points.tsv, scenario-K.cfg (each resolved scenario), summary.json. Draw it with\n"
    "`parley plot DIR`. Results are the same bytes for any --threads.\n"
    "\n"
    "Exit status: 0 success, 1 runtime or I/O failure, 2 usage or scenario error, 130 (Ctrl-C)\n"
    "or 143 (SIGTERM) interrupted.\n";

enum { CLI_CMP_OPT_SET_FOR = CLI_RUN_OPT_NEXT };

typedef struct {
  cli_run_options run;
  const char *files[PL_COMPARE_MAX];
  size_t n_files;
  const char **set_for; /* [n_set_for] "K:PATH=VALUE", pointing into argv */
  size_t *set_for_k;    /* [n_set_for] K - 1 */
  size_t n_set_for;
} cli_cmp_options;

/* Reads "K:PATH=VALUE"; 0, or -1 after printing the error. */
static int cmp_set_for(cli_cmp_options *o, const char *value) {
  const char *colon = strchr(value, ':');
  size_t digits = strspn(value, "0123456789");
  if (colon == NULL || digits == 0 || value + digits != colon || digits > 6 ||
      strchr(colon + 1, '=') == NULL || colon[1] == '=') {
    cli_error("compare", "--set-for wants K:PATH=VALUE (K = 1, 2, ... the scenario), not '%s'",
              value);
    return -1;
  }
  size_t k = (size_t)strtoul(value, NULL, 10);
  if (k == 0) {
    cli_error("compare", "--set-for '%s': scenarios are counted from 1", value);
    return -1;
  }
  const char **sf = realloc(o->set_for, (o->n_set_for + 1) * sizeof *sf);
  if (sf != NULL) {
    o->set_for = sf;
  }
  size_t *sk = realloc(o->set_for_k, (o->n_set_for + 1) * sizeof *sk);
  if (sk != NULL) {
    o->set_for_k = sk;
  }
  if (sf == NULL || sk == NULL) {
    cli_error("compare", "out of memory");
    return -1;
  }
  o->set_for[o->n_set_for] = colon + 1;
  o->set_for_k[o->n_set_for++] = k - 1;
  return 0;
}

static int cmp_parse(cli_cmp_options *o, int argc, char **argv) {
  static const struct option longopts[] = {
      CLI_RUN_OPTION_TRIALS,
      CLI_RUN_OPTION_SEED,
      CLI_RUN_OPTION_THREADS,
      CLI_RUN_OPTION_SET,
      CLI_RUN_OPTION_OUT,
      CLI_RUN_OPTION_JSON,
      CLI_RUN_OPTION_QUIET,
      CLI_OPTION_HELP,
      {"set-for", required_argument, NULL, CLI_CMP_OPT_SET_FOR},
      CLI_OPTION_END};
  cli_scan scan;
  cli_scan_init(&scan, "compare", argc, argv, longopts);
  const char *v = NULL;
  int c;
  while ((c = cli_scan_next(&scan, &v)) != CLI_END) {
    if (c == CLI_ERROR) {
      return -1;
    }
    if (c == CLI_OPERAND) {
      if (v[0] == '\0') {
        cli_error("compare", "a scenario path is empty");
        return -1;
      }
      if (o->n_files == PL_COMPARE_MAX) {
        cli_error("compare", "at most %d scenarios at a time", PL_COMPARE_MAX);
        return -1;
      }
      o->files[o->n_files++] = v;
      continue;
    }
    int r = c == CLI_CMP_OPT_SET_FOR ? cmp_set_for(o, v)
                                     : cli_run_options_apply(&o->run, c, v, "compare");
    if (r != 0) {
      return -1;
    }
  }
  return 0;
}

/* Loads scenario s with its overrides into *out; prints the problems and returns the exit status
 * on failure, 0 on success. */
static int cmp_load(const cli_cmp_options *o, size_t s, pl_diags *diags, pl_scenario **out) {
  pl_scenario *sc = NULL;
  pl_status rc = pl_scenario_load(o->files[s], diags, &sc);
  for (size_t k = 0; rc == PL_OK && k < o->run.n_sets; k++) {
    rc = pl_scenario_set(sc, o->run.sets[k], diags);
  }
  for (size_t k = 0; rc == PL_OK && k < o->n_set_for; k++) {
    if (o->set_for_k[k] == s) {
      rc = pl_scenario_set(sc, o->set_for[k], diags);
    }
  }
  if (rc != PL_OK) {
    pl_diags_sort(diags);
    cli_print_diags(diags);
    if (pl_diags_count(diags) == 0) {
      cli_error("compare", "%s: %s", o->files[s], pl_status_string(rc));
    }
    pl_scenario_free(sc);
    return rc == PL_ENOMEM ? CLI_EXIT_FAILURE : CLI_EXIT_USAGE;
  }
  cli_print_warnings(sc);
  *out = sc;
  return 0;
}

/* Scenario s's label: its name, and its own overrides in brackets. NULL when out of memory. */
static char *cmp_label(const cli_cmp_options *o, size_t s, const pl_scenario *sc) {
  size_t len = strlen(pl_scenario_name(sc)) + 4;
  for (size_t k = 0; k < o->n_set_for; k++) {
    len += o->set_for_k[k] == s ? strlen(o->set_for[k]) + 2 : 0;
  }
  char *l = malloc(len);
  if (l == NULL) {
    return NULL;
  }
  strcpy(l, pl_scenario_name(sc));
  int any = 0;
  for (size_t k = 0; k < o->n_set_for; k++) {
    if (o->set_for_k[k] == s) {
      strcat(l, any ? ", " : " [");
      strcat(l, o->set_for[k]);
      any = 1;
    }
  }
  if (any) {
    strcat(l, "]");
  }
  return l;
}

/* Sets trials and seed of sc; 0, or the exit status after printing why. */
static int cmp_common(pl_scenario *sc, uint64_t trials, uint64_t seed, pl_diags *diags) {
  char buf[80];
  snprintf(buf, sizeof buf, "montecarlo.trials=%" PRIu64, trials);
  pl_status rc = pl_scenario_set(sc, buf, diags);
  if (rc == PL_OK) {
    snprintf(buf, sizeof buf, "montecarlo.seed=%" PRIu64, seed);
    rc = pl_scenario_set(sc, buf, diags);
  }
  if (rc != PL_OK) {
    cli_print_diags(diags);
    return CLI_EXIT_USAGE;
  }
  return 0;
}

static void cmp_print_table(FILE *f, const pl_scenario *const *scs, char *const *labels,
                            const pl_compare *c, const char *dir) {
  char text[512];
  fprintf(f,
          "Comparing %zu scenarios on the same %" PRIu64 " trials (seed %" PRIu64
          "), each against scenario 1, paired by trial%s\n\n",
          c->n, c->trials, c->seed, c->complete ? "" : " (INTERRUPTED)");
  fprintf(f, "  %-2s %-40s %-11s %7s  %-16s %8s  %-18s %s\n", "#", "scenario", "protocol", "P",
          "95% interval", "diff", "95% interval", "paired/unpaired");
  for (size_t s = 0; s < c->n; s++) {
    const pl_summary *sm = c->summary[s];
    const pl_compare_diff *d = &c->diff[s * PL_N_OUTCOMES + PL_OUTCOME_AGREEMENT];
    fprintf(f, "  %-2zu %-40.40s %-11s %7.4f  [%.4f, %.4f]", s + 1,
            pl_text_terminal(labels[s], text, sizeof text),
            pl_protocol_kind_name(pl_scenario_protocol(scs[s])), sm->p_agreement, sm->ci_low,
            sm->ci_high);
    if (s > 0) {
      fprintf(f, " %+8.4f  [%+.4f, %+.4f]", d->diff, d->ci_low, d->ci_high);
      if (!isnan(d->ratio)) {
        fprintf(f, " %.2f", d->ratio);
      }
    }
    fputc('\n', f);
  }
  fprintf(f, "\n  Outcome shares (difference from 1, paired 95%% interval):\n");
  for (unsigned o = 1; o < PL_N_OUTCOMES; o++) {
    for (size_t s = 0; s < c->n; s++) {
      const pl_compare_diff *d = &c->diff[s * PL_N_OUTCOMES + o];
      double share = c->trials > 0 ? (double)c->summary[s]->outcomes[o] / (double)c->trials : NAN;
      fprintf(f, "  %-10s %-2zu %7.4f", pl_outcome_name((pl_outcome)o), s + 1, share);
      if (s > 0) {
        fprintf(f, "  %+.4f [%+.4f, %+.4f]", d->diff, d->ci_low, d->ci_high);
      }
      fputc('\n', f);
    }
  }
  fprintf(f, "\n  Agreement point, mean over agreements (scenario 1, 2, ...):\n");
  for (size_t q = 0; q < c->n; q++) {
    for (size_t jq = 0; jq < pl_scenario_n_issues(scs[q]); jq++) {
      const char *id = pl_scenario_issue_id(scs[q], jq);
      int seen = 0;
      for (size_t r = 0; r < q && !seen; r++) {
        for (size_t jr = 0; jr < pl_scenario_n_issues(scs[r]) && !seen; jr++) {
          seen = strcmp(pl_scenario_issue_id(scs[r], jr), id) == 0;
        }
      }
      if (seen) {
        continue;
      }
      fprintf(f, "  %-24.24s", pl_text_terminal(id, text, sizeof text));
      for (size_t s = 0; s < c->n; s++) {
        size_t j = SIZE_MAX;
        for (size_t k = 0; k < pl_scenario_n_issues(scs[s]); k++) {
          if (strcmp(pl_scenario_issue_id(scs[s], k), id) == 0) {
            j = k;
          }
        }
        if (j == SIZE_MAX) {
          fprintf(f, " %10s", "(no issue)");
        } else if (isnan(c->summary[s]->point[j].mean)) {
          fprintf(f, " %10s", "-");
        } else {
          fprintf(f, " %10.4g", c->summary[s]->point[j].mean);
        }
      }
      fputc('\n', f);
    }
  }
  fprintf(f, "\nResults written to %s/\n", dir);
}

int cli_compare(int argc, char **argv) {
  cli_cmp_options o;
  memset(&o, 0, sizeof o);
  cli_run_options_init(&o.run);
  int status = CLI_EXIT_USAGE;
  pl_diags *diags = NULL;
  pl_scenario *scs[PL_COMPARE_MAX] = {NULL};
  char *labels[PL_COMPARE_MAX] = {NULL};
  pl_compare *res = NULL;
  char *dir = NULL;
  cli_outdir od;
  int od_open = 0;
  if (cmp_parse(&o, argc, argv) != 0) {
    goto done;
  }
  if (o.run.help) {
    fputs(cli_compare_usage, stdout);
    status = CLI_EXIT_OK;
    goto done;
  }
  if (o.n_files < 2) {
    cli_error("compare", "two scenarios or more, please: usage: parley compare A.cfg B.cfg "
                         "[C.cfg ...] [options]");
    goto done;
  }
  for (size_t k = 0; k < o.n_set_for; k++) {
    if (o.set_for_k[k] >= o.n_files) {
      cli_error("compare", "--set-for %zu:%s: there are only %zu scenarios", o.set_for_k[k] + 1,
                o.set_for[k], o.n_files);
      goto done;
    }
  }
  status = CLI_EXIT_FAILURE;
  if ((diags = pl_diags_alloc()) == NULL) {
    cli_error("compare", "out of memory");
    goto done;
  }
  for (size_t s = 0; s < o.n_files; s++) {
    int r = cmp_load(&o, s, diags, &scs[s]);
    if (r != 0) {
      status = r;
      goto done;
    }
    if ((labels[s] = cmp_label(&o, s, scs[s])) == NULL) {
      cli_error("compare", "out of memory");
      goto done;
    }
  }
  uint64_t trials = o.run.has_trials ? o.run.trials : pl_scenario_trials(scs[0]);
  uint64_t seed = o.run.has_seed ? o.run.seed : pl_scenario_seed(scs[0]);
  for (size_t s = 1; s < o.n_files && !o.run.has_seed; s++) {
    if (pl_scenario_seed(scs[s]) != seed) {
      fprintf(stderr,
              "parley compare: note: scenario %zu (%s) has seed %" PRIu64
              "; every scenario runs with the first's, %" PRIu64 " (--seed sets another)\n",
              s + 1, o.files[s], pl_scenario_seed(scs[s]), seed);
    }
  }
  for (size_t s = 0; s < o.n_files; s++) {
    int r = cmp_common(scs[s], trials, seed, diags);
    if (r != 0) {
      status = r;
      goto done;
    }
  }

  const volatile sig_atomic_t *stop = cli_signals_install("parley compare");
  char name[300];
  snprintf(name, sizeof name, "%s-compare", pl_scenario_name(scs[0]));
  if (cli_outdir_open(&od, o.run.out, name, time(NULL), "parley compare") != 0) {
    goto done;
  }
  od_open = 1;
  if ((dir = malloc(strlen(od.path) + 1)) == NULL) {
    cli_error("compare", "out of memory");
    goto done;
  }
  strcpy(dir, od.path);
  const char *owned_files[1] = {od.lock_path};
  cli_signals_own(owned_files, 1, (const char *const *)od.made, od.n_made);
  cli_signals_trials();
  cli_progress prog;
  cli_progress_init(&prog, !o.run.quiet, "parley compare");
  pl_trial_failure failure = {0, 0, -1, -1, NULL};
  size_t failed_scenario = 0;
  pl_compare_options opt = {.threads = o.run.threads,
                            .stop = stop,
                            .progress = cli_progress_update,
                            .ctx = &prog,
                            .failure = &failure,
                            .failed_scenario = &failed_scenario};
  pl_status rc = pl_compare_run((const pl_scenario *const *)scs, o.n_files, &opt, &res);
  cli_progress_finish(&prog);
  cli_signals_writing();
  if (rc != PL_OK && rc != PL_EINTERRUPTED) {
    if (failure.what != NULL) {
      char who[400];
      snprintf(who, sizeof who, "parley compare: scenario %zu (%s)", failed_scenario + 1,
               o.files[failed_scenario]);
      cli_report_failure(who, scs[failed_scenario], &failure);
    }
    cli_error("compare", "the comparison failed: %s", pl_status_string(rc));
    goto done;
  }
  rc = pl_compare_write(dir, (const pl_scenario *const *)scs, (const char *const *)labels, res,
                        diags);
  if (rc != PL_OK) {
    cli_print_diags(diags);
    cli_error("compare", "cannot write the results in %s/ (%s)", dir, pl_status_string(rc));
    goto done;
  }
  cli_outdir_close(&od, 1);
  od_open = 0;
  int signalled = cli_signals_status(0);
  cli_signals_restore();
  if (o.run.json) {
    char *text = NULL;
    if (pl_compare_json((const pl_scenario *const *)scs, (const char *const *)labels, res, &text) !=
        PL_OK) {
      cli_error("compare", "out of memory");
      goto done;
    }
    fputs(text, stdout);
    free(text);
  } else if (!o.run.quiet) {
    cmp_print_table(stdout, (const pl_scenario *const *)scs, labels, res, dir);
  }
  if (!res->complete) {
    fprintf(stderr,
            "parley compare: interrupted after %" PRIu64 " trials of each scenario; what "
            "completed is in %s/ (\"complete\": false)\n",
            res->trials, dir);
  }
  status = signalled != 0 ? signalled : !res->complete ? CLI_EXIT_INTERRUPTED : CLI_EXIT_OK;

done:
  if (od_open) {
    cli_outdir_close(&od, 0);
  }
  cli_signals_restore();
  pl_compare_free(res);
  for (size_t s = 0; s < PL_COMPARE_MAX; s++) {
    pl_scenario_free(scs[s]);
    free(labels[s]);
  }
  pl_diags_free(diags);
  free(dir);
  free(o.set_for);
  free(o.set_for_k);
  cli_run_options_free(&o.run);
  return status;
}
