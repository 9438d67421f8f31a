/*
 * cmd_run.c — `parley run`: run a scenario's trials, write the results folder, print a summary.
 *
 * Order of work: parse options (usage error: exit 2); load the scenario and apply overrides
 * (scenario error: exit 2); install the signal handlers; create and lock the results folder before
 * any trial runs, so an unwritable or busy destination fails at once (exit 1); run with a progress
 * bar and a stop flag set by SIGINT/SIGTERM; write every file (also for an interrupted run, marked
 * "complete": false) with the handlers still installed, so a signal never cuts the write; release
 * the folder and restore the handlers; print the table or the JSON; exit 0, or 130 (SIGINT) / 143
 * (SIGTERM) when a signal came at any point from the first trial to the last byte written. Folders
 * this command created are removed again when it fails before anything could be written in them.
 * Outputs are described in docs/outputs.md.
 */
#include <inttypes.h>
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "cluster_cli.h"
#include "outdir.h"
#include "parley/parley.h"
#include "parley/results.h"
#include "run_options.h"
#include "signals.h"

static const char cli_run_usage[] =
    "usage: parley run [SCENARIO] [--trials N] [--seed S] [--threads T] [--set PATH=VALUE]...\n"
    "                  [--out DIR] [--json] [--per-trial] [--precision EPS]\n"
    "                  [--interval wilson|exact] [--quiet] [--shard I/K]\n"
    "\n"
    "Runs the scenario's Monte Carlo trials and writes a results folder. Without SCENARIO, runs\n"
    "the built-in reference scenario (Gaza, August 2024).\n"
    "\n"
    "options:\n"
    "  --trials N       number of trials (sets montecarlo.trials)\n"
    "  --seed S         master seed (sets montecarlo.seed)\n"
    "  --threads T      threads to use (default: all cores)\n"
    "  --set PATH=VAL   override a scenario value, e.g. --set protocol.breakdown=0.05\n"
    "                   (repeatable; applied in order, before --trials and --seed)\n"
    "  --out DIR        results folder (default: results/NAME-YYYYmmdd-HHMMSS, UTC)\n"
    "  --json           print the summary JSON (identical to summary.json) instead of the table\n"
    "  --per-trial      also write per_trial.tsv, one row per trial\n"
    "  --precision EPS  add trials until the 95% interval of P(agreement) has half-width <= EPS\n"
    "                   (at most --trials when given)\n"
    "  --interval K     the 95% interval of P(agreement) and of --precision: wilson (default;\n"
    "                   narrower, below 95% coverage near 0 and 1) or exact (Clopper-Pearson:\n"
    "                   at least 95% coverage, wider)\n"
    "  --quiet          print nothing on success (results are still written)\n"
    "  --shard I/K      run only shard I of K (1 <= I <= K) and write it to --out, a shard\n"
    "                   folder; 'parley merge' joins the K folders into the run's results\n"
    "  -h, --help       show this help\n"
    "\n"
    "Numbers are written as in a scenario file: decimal, 0x hex, an optional L (--seed 0x10L).\n"
    "Options may come before or after SCENARIO, as --name VALUE or --name=VALUE; -- ends them.\n"
    "\n"
    "Ctrl-C (SIGTERM) stops after the trials in progress, writes what completed (\"complete\":\n"
    "false) and exits 130 (143); a signal during the write lets it finish. Exit status: 0 "
    "success,\n"
    "1 runtime or I/O failure, 2 usage or scenario error, 130/143 interrupted.\n"
    "Under mpirun or srun (an MPI build), the ranks share the trials and rank 0 writes the\n"
    "results: the same bytes as one process (docs/cluster.md).\n";

/* --shard I/K: part I (1-based) of K. */
typedef struct {
  unsigned index, count; /* count = 0: no --shard */
} cli_run_shard;

enum { CLI_RUN_OPT_SHARD = CLI_RUN_OPT_NEXT };

/* The largest K of --shard (more shards than that is surely a typo). */
#define CLI_RUN_MAX_SHARDS 100000u

static int run_own_option(void *ctx, int opt, const char *value) {
  cli_run_shard *sh = ctx;
  if (opt != CLI_RUN_OPT_SHARD) {
    cli_error("run", "option %d has no handler", opt);
    return -1;
  }
  const char *slash = strchr(value, '/');
  uint64_t i = 0, k = 0;
  char left[32];
  if (slash == NULL || (size_t)(slash - value) >= sizeof left) {
    cli_error("run", "--shard wants I/K (shard I of K, 1 <= I <= K), not '%s'", value);
    return -1;
  }
  memcpy(left, value, (size_t)(slash - value));
  left[slash - value] = '\0';
  if (cli_option_u64("run", "--shard", slash + 1, 1, CLI_RUN_MAX_SHARDS, &k) != 0 ||
      cli_option_u64("run", "--shard", left, 1, k, &i) != 0) {
    return -1;
  }
  sh->index = (unsigned)i;
  sh->count = (unsigned)k;
  return 0;
}

static double pct(uint64_t k, uint64_t n) { return n > 0 ? 100.0 * (double)k / (double)n : 0.0; }

/* Prints x with `decimals` decimals, or "-" when NaN. */
static void print_num(FILE *f, int decimals, double x) {
  if (isnan(x)) {
    fputs("-", f);
  } else {
    fprintf(f, "%.*f", decimals, x);
  }
}

/* Room for one scenario string made safe for the terminal (pl_text_terminal cuts a longer one). */
#define RUN_TEXT_MAX 1024

/* s for the terminal, in buf[RUN_TEXT_MAX]: control characters and invalid bytes as \xNN. */
static const char *run_text(const char *s, char *buf) {
  return pl_text_terminal(s, buf, RUN_TEXT_MAX);
}

static int max_width(const pl_scenario *sc, int issues) {
  size_t w = 0;
  size_t n = issues ? pl_scenario_n_issues(sc) : pl_scenario_n_agents(sc);
  for (size_t k = 0; k < n; k++) {
    char buf[RUN_TEXT_MAX];
    size_t l = strlen(
        run_text(issues ? pl_scenario_issue_label(sc, k) : pl_scenario_agent_label(sc, k), buf));
    if (!issues && pl_scenario_agent_role(sc, k) == PL_ROLE_MEDIATOR) {
      l += strlen(" (mediator)");
    }
    if (l > w) {
      w = l;
    }
  }
  return w > 60 ? 60 : (int)w;
}

/* Issues shown per party in "Who blocks": its costliest. */
#define RUN_BLOCK_ISSUES 3

/* The "Who blocks" block (docs/outputs.md): per party, the share of failed trials in which it
 * rejected the last text, and its RUN_BLOCK_ISSUES costliest issues there, by mean cost. */
static void run_print_blocking(FILE *f, const pl_scenario *sc, const pl_summary *s, int wa) {
  char label[RUN_TEXT_MAX];
  size_t ni = s->n_issues;
  if (s->failed == 0) {
    fputs("Who blocks: no failed trial in which a text was put\n\n", f);
    return;
  }
  fprintf(f,
          "Who blocks (%" PRIu64 " failed trials in which a text was put: who rejected the last "
          "one)\n",
          s->failed);
  fprintf(f, "  %-*s  %14s  %s\n", wa, "party", "rejected it in",
          "costliest issues there (mean utility lost)");
  for (size_t i = 0; i < pl_scenario_n_agents(sc) && i < s->n_agents; i++) {
    if (pl_scenario_agent_role(sc, i) != PL_ROLE_PARTY) {
      continue;
    }
    fprintf(f, "  %-*.60s  %13.1f%%  ", wa, run_text(pl_scenario_agent_label(sc, i), label),
            100.0 * s->block_share[i]);
    const double *cost = s->block_cost + i * ni;
    int shown[RUN_BLOCK_ISSUES];
    int n_shown = 0;
    /* Selection of the largest, in issue order on ties: RUN_BLOCK_ISSUES passes over ni issues. */
    for (int k = 0; k < RUN_BLOCK_ISSUES && (size_t)k < ni; k++) {
      int best = -1;
      for (size_t j = 0; j < ni; j++) {
        int taken = 0;
        for (int q = 0; q < n_shown; q++) {
          taken = taken || shown[q] == (int)j;
        }
        if (!taken && !isnan(cost[j]) && (best < 0 || cost[j] > cost[best])) {
          best = (int)j;
        }
      }
      if (best < 0) {
        break;
      }
      shown[n_shown++] = best;
      fprintf(f, "%s%s %.3f", k > 0 ? ", " : "", pl_scenario_issue_id(sc, (size_t)best),
              cost[best]);
    }
    fputs(n_shown == 0 ? "-\n" : "\n", f);
  }
  fputc('\n', f);
}

/* The "Events" block (docs/outputs.md): per event, the share of trials in which it fired and
 * P(agreement) in the trials with and without it. Only for a scenario with events. */
static void run_print_events(FILE *f, const pl_scenario *sc, const pl_summary *s) {
  size_t ne = pl_scenario_n_events(sc);
  if (ne == 0) {
    return;
  }
  int we = 5;
  for (size_t e = 0; e < ne; e++) {
    size_t l = strlen(pl_scenario_event_id(sc, e));
    we = l > (size_t)we ? (l > 60 ? 60 : (int)l) : we;
  }
  fputs("Events\n", f);
  fprintf(f, "  %-*s  %10s  %22s  %22s\n", we, "event", "fired in", "P(agreement) if fired",
          "P(agreement) if not");
  for (size_t e = 0; e < ne && e < s->n_events; e++) {
    fprintf(f, "  %-*.60s  %9.1f%%  ", we, pl_scenario_event_id(sc, e), 100.0 * s->event_share[e]);
    if (isnan(s->event_p_with[e])) {
      fprintf(f, "%22s", "-");
    } else {
      fprintf(f, "%22.4f", s->event_p_with[e]);
    }
    fputs("  ", f);
    if (isnan(s->event_p_without[e])) {
      fprintf(f, "%22s", "-");
    } else {
      fprintf(f, "%22.4f", s->event_p_without[e]);
    }
    fputc('\n', f);
  }
  fputc('\n', f);
}

static void run_print_table(FILE *f, const pl_scenario *sc, const pl_summary *s,
                            const pl_run_info *info, const char *dir, uint64_t target) {
  char title[RUN_TEXT_MAX], label[RUN_TEXT_MAX], unit[RUN_TEXT_MAX];
  run_text(pl_scenario_title(sc), title);
  fprintf(f, "%s%s%s\n", pl_scenario_name(sc), title[0] ? " - " : "", title);
  /* A distribution is shown by its mean, marked "mean": each trial draws its own. */
  int bu = pl_scenario_param_uncertain(sc, pl_scenario_param_index(sc, "protocol.breakdown"));
  int nu = pl_scenario_param_uncertain(sc, pl_scenario_param_index(sc, "protocol.noise"));
  fprintf(f, "protocol %s, up to %u rounds, breakdown %s%.3g per round, noise %s%.3g\n",
          pl_protocol_kind_name(pl_scenario_protocol(sc)), pl_scenario_max_rounds(sc),
          bu ? "mean " : "", pl_scenario_breakdown(sc), nu ? "mean " : "", pl_scenario_noise(sc));
  if (!s->complete) {
    fprintf(f, "INTERRUPTED: %" PRIu64 " of %" PRIu64 " trials completed (partial results)\n",
            s->trials, target);
  }
  fputc('\n', f);
  fprintf(f, "P(agreement)          %.4f   95%% %sinterval [%.4f, %.4f]\n", s->p_agreement,
          s->interval == PL_INTERVAL_EXACT ? "exact " : "", s->ci_low, s->ci_high);
  if (s->precision > 0.0) {
    if (s->precision_met) {
      fprintf(f, "Precision target      +/-%g reached (95%% half-width %.4g)\n", s->precision,
              s->half_width);
    } else {
      fprintf(f,
              "Precision target      +/-%g NOT REACHED: 95%% half-width %.4g after %" PRIu64
              " trials\n",
              s->precision, s->half_width, s->trials);
    }
  }
  fprintf(f, "Outcomes              agreement %.1f%%   breakdown %.1f%%   deadlock %.1f%%\n",
          pct(s->outcomes[PL_OUTCOME_AGREEMENT], s->trials),
          pct(s->outcomes[PL_OUTCOME_BREAKDOWN], s->trials),
          pct(s->outcomes[PL_OUTCOME_DEADLOCK], s->trials));
  if (s->zone_trials > 0) { /* montecarlo.zone = 1 */
    uint64_t without = s->zone_trials - s->zone_with;
    fprintf(f, "Zone of agreement     %.1f%% of trials at their start   P(agreement) with ",
            pct(s->zone_with, s->zone_trials));
    print_num(f, 4,
              s->zone_with > 0 ? (double)s->zone_agreements_with / (double)s->zone_with : NAN);
    fputs(", without ", f);
    print_num(f, 4, without > 0 ? (double)s->zone_agreements_without / (double)without : NAN);
    fputc('\n', f);
  }
  fputs("Rounds to agreement   mean ", f);
  print_num(f, 2, s->rounds_mean);
  fputs("   median ", f);
  print_num(f, 0, s->rounds_p50);
  fputs("   90th percentile ", f);
  print_num(f, 0, s->rounds_p90);
  fputs("\n\n", f);

  int wi = max_width(sc, 1);
  fprintf(f, "Agreement point (over %" PRIu64 " agreements)\n", s->outcomes[PL_OUTCOME_AGREEMENT]);
  fprintf(f, "  %-*s  %10s  %-23s  %s\n", wi, "issue", "mean", "5%-95% range", "unit");
  for (size_t j = 0; j < pl_scenario_n_issues(sc) && j < s->n_issues; j++) {
    const pl_stat5 *st = &s->point[j];
    char range[64];
    if (isnan(st->p05)) {
      snprintf(range, sizeof range, "-");
    } else {
      snprintf(range, sizeof range, "[%.4g, %.4g]", st->p05, st->p95);
    }
    fprintf(f, "  %-*.60s  ", wi, run_text(pl_scenario_issue_label(sc, j), label));
    if (isnan(st->mean)) {
      fprintf(f, "%10s", "-");
    } else {
      fprintf(f, "%10.4g", st->mean);
    }
    fprintf(f, "  %-23s  %s\n", range, run_text(pl_scenario_issue_unit(sc, j), unit));
  }
  fputc('\n', f);

  int wa = max_width(sc, 0);
  if (wa < 5) {
    wa = 5;
  }
  fprintf(f, "  %-*s  %14s  %s\n", wa, "agent", "rejection rate", "mean utility of deals reached");
  for (size_t i = 0; i < pl_scenario_n_agents(sc) && i < s->n_agents; i++) {
    char name[128];
    snprintf(name, sizeof name, "%.60s%s", run_text(pl_scenario_agent_label(sc, i), label),
             pl_scenario_agent_role(sc, i) == PL_ROLE_MEDIATOR ? " (mediator)" : "");
    fprintf(f, "  %-*s  ", wa, name);
    if (isnan(s->rejection_rate[i])) {
      fprintf(f, "%14s", "-");
    } else {
      fprintf(f, "%13.1f%%", 100.0 * s->rejection_rate[i]);
    }
    fputs("  ", f);
    print_num(f, 3, s->mean_utility[i]);
    fputc('\n', f);
  }
  fputc('\n', f);
  run_print_blocking(f, sc, s, wa);
  run_print_events(f, sc, s);
  fprintf(f, "Trials %" PRIu64 ", seed %" PRIu64 ", %.2f s wall, %.0f trials/s, %u thread%s\n",
          s->trials, s->seed, info->wall_seconds,
          info->wall_seconds > 0.0 ? (double)s->trials / info->wall_seconds : 0.0, info->threads,
          info->threads == 1 ? "" : "s");
  fprintf(f, "Results written to %s/\n", dir);
}

/* Exit status for a failed load or override: out of memory is a runtime failure, anything else
 * (unreadable file, invalid scenario, unknown path) is the user's input. */
static int run_load_exit(pl_status rc) {
  return rc == PL_ENOMEM ? CLI_EXIT_FAILURE : CLI_EXIT_USAGE;
}

int cli_run(int argc, char **argv) {
  static const struct option longopts[] = {
      CLI_RUN_OPTIONS, {"shard", required_argument, NULL, CLI_RUN_OPT_SHARD}, CLI_OPTION_END};
  cli_run_options o;
  cli_run_options_init(&o);
  cli_run_shard shard = {0, 0};
  const int root = cli_cluster_root(); /* rank 0 under MPI, or the only process */
  int agreed = 0;                      /* every rank passed cli_cluster_agree (cluster_cli.h) */
  if (cli_run_options_parse(&o, argc, argv, "run", longopts, run_own_option, &shard) != 0) {
    cli_run_options_free(&o);
    (void)cli_cluster_agree(0);
    return CLI_EXIT_USAGE;
  }
  if (shard.count > 0 && (o.precision > 0.0 || o.out == NULL || cli_cluster_ranks() > 1)) {
    cli_error("run", "--shard needs --out and cannot be used with %s",
              o.out == NULL ? "the default folder (give --out)"
                            : (o.precision > 0.0 ? "--precision (a shard cannot know where the "
                                                   "merged run stops)"
                                                 : "mpirun (use one or the other)"));
    cli_run_options_free(&o);
    (void)cli_cluster_agree(0);
    return CLI_EXIT_USAGE;
  }
  if (o.help) {
    fputs(cli_run_usage, stdout);
    cli_run_options_free(&o);
    (void)cli_cluster_agree(0);
    return CLI_EXIT_OK;
  }
  int status = CLI_EXIT_FAILURE;
  pl_diags *diags = pl_diags_alloc();
  pl_scenario *sc = NULL;
  pl_summary *s = NULL;
  pl_trial_rows *rows = NULL;
  char *dir = NULL; /* the results folder's path, a copy that outlives od */
  cli_outdir od;
  int od_open = 0;
  if (diags == NULL) {
    fputs("parley run: error: out of memory\n", stderr);
    goto done;
  }
  pl_status rc = cli_run_options_load(&o, diags, &sc);
  if (rc != PL_OK) {
    pl_diags_sort(diags);
    cli_print_diags(diags);
    if (pl_diags_count(diags) == 0) {
      fprintf(stderr, "parley run: error: %s\n", pl_status_string(rc));
    }
    status = run_load_exit(rc);
    goto done;
  }
  if (root) {
    cli_print_warnings(sc);
  }

  /* From here to the last byte written, SIGINT and SIGTERM only set `stop` (signals.h). */
  const volatile sig_atomic_t *stop = cli_signals_install("parley run");
  /* The destination first: a run whose results cannot be written is not started. The folder is
   * locked until the results are written, so no other parley writes into it meanwhile. */
  time_t started = time(NULL);
  if (!root) { /* another MPI rank: it runs its share of the trials; rank 0 writes */
    agreed = 1;
    if (!cli_cluster_agree(1)) {
      goto done;
    }
    double wall = 0.0;
    rc = cli_run_options_simulate(&o, sc, stop, "parley run", NULL, &s, &wall);
    status = rc == PL_OK ? CLI_EXIT_OK
                         : (rc == PL_EINTERRUPTED ? cli_signals_status(CLI_EXIT_INTERRUPTED)
                                                  : CLI_EXIT_FAILURE);
    goto done;
  }
  if (cli_outdir_open(&od, o.out, pl_scenario_name(sc), started, "parley run") != 0) {
    goto done;
  }
  od_open = 1;
  dir = malloc(strlen(od.path) + 1);
  if (dir == NULL) {
    fputs("parley run: error: out of memory\n", stderr);
    goto done;
  }
  strcpy(dir, od.path);
  if (o.per_trial) {
    rc = pl_trial_rows_open(dir, sc, diags, &rows);
    if (rc != PL_OK) {
      cli_print_diags(diags);
      fprintf(stderr, "parley run: error: cannot use the results folder (%s); nothing was run\n",
              pl_status_string(rc));
      goto done;
    }
  }
  if (shard.count > 0) {
    rc = pl_shard_open(dir, sc, shard.index - 1, shard.count, o.per_trial, diags, &o.cluster);
    if (rc != PL_OK) {
      cli_print_diags(diags);
      fprintf(stderr, "parley run: error: cannot use the results folder (%s); nothing was run\n",
              pl_status_string(rc));
      goto done;
    }
  }
  agreed = 1;
  if (!cli_cluster_agree(1)) {
    cli_error("run", "another MPI rank could not start (run the command without mpirun to see "
                     "why)");
    goto done;
  }
  /* What a second signal during the trials removes: the rows, the lock, the folders made. */
  const char *owned_files[2] = {pl_trial_rows_path(rows), od.lock_path};
  cli_signals_own(owned_files, 2, (const char *const *)od.made, od.n_made);
  cli_signals_trials();
  double wall = 0.0;
  rc = cli_run_options_simulate(&o, sc, stop, "parley run", rows, &s, &wall);
  cli_signals_writing();
  if (rc != PL_OK && rc != PL_EINTERRUPTED) {
    cli_print_diags(diags);
    fprintf(stderr, "parley run: error: the run failed: %s\n", pl_status_string(rc));
    goto done;
  }
  int cut = rc == PL_EINTERRUPTED || !s->complete;
  if (shard.count > 0 && !cut && pl_shard_commit(o.cluster, diags) != PL_OK) {
    cli_print_diags(diags);
    fprintf(stderr, "parley run: error: cannot write the shard file in %s/\n", dir);
    goto done;
  }

  pl_run_info info;
  info.threads = o.threads > 0 ? o.threads : (unsigned)omp_get_max_threads();
  info.wall_seconds = wall;
  info.started = started;
  info.ranks = cli_cluster_ranks();
  /* The command line as typed after the program name: "parley", "run", options... */
  char **cmdline = malloc(((size_t)argc + 1) * sizeof *cmdline);
  if (cmdline == NULL) {
    fputs("parley run: error: out of memory\n", stderr);
    goto done;
  }
  cmdline[0] = "parley";
  for (int k = 0; k < argc; k++) {
    cmdline[k + 1] = argv[k];
  }
  info.argc = argc + 1;
  info.argv = cmdline;
  rc = pl_results_write(dir, sc, s, &info, rows, diags);
  free(cmdline);
  if (rc != PL_OK) {
    cli_print_diags(diags);
    fprintf(stderr, "parley run: error: cannot write the results in %s/ (%s)\n", dir,
            pl_status_string(rc));
    goto done;
  }
  /* Written: drop the rows' temporary file and the lock while signals are still held, then let
   * signals act again. A signal that came at any point up to here gives 130 or 143. */
  pl_trial_rows_free(rows);
  rows = NULL;
  cli_outdir_close(&od, 1);
  od_open = 0;
  int signalled = cli_signals_status(0);
  cli_signals_restore();

  uint64_t target =
      o.precision > 0.0 ? (o.has_trials ? o.trials : PL_MAX_TRIALS) : pl_scenario_trials(sc);
  if (o.json) {
    char *text = NULL;
    if (pl_results_summary_json(sc, s, &text) != PL_OK) {
      fputs("parley run: error: out of memory\n", stderr);
      goto done;
    }
    fputs(text, stdout);
    free(text);
  } else if (!o.quiet) {
    run_print_table(stdout, sc, s, &info, dir, target);
  }
  if (shard.count > 0 && !cut && !o.quiet) {
    fprintf(stderr,
            "parley run: shard %u of %u written to %s/ (its own trials only); 'parley merge' "
            "joins the %u shard folders\n",
            shard.index, shard.count, dir, shard.count);
  }
  if (!cut && s->precision > 0.0 && !s->precision_met) {
    fprintf(stderr,
            "parley run: warning: the --precision target %g was not reached: the 95%% interval of "
            "P(agreement) has half-width %.4g after %" PRIu64 " trials, the most %s allows "
            "(summary.json: \"precision_met\": false)\n",
            s->precision, s->half_width, s->trials, o.has_trials ? "--trials" : "parley");
  }
  if (cut) {
    fprintf(stderr,
            "parley run: interrupted after %" PRIu64 " trials; partial results "
            "(\"complete\": false) in %s/\n",
            s->trials, dir);
  } else if (signalled != 0) {
    fprintf(stderr,
            "parley run: interrupted while writing the results; all %" PRIu64
            " trials were written (\"complete\": true) in %s/\n",
            s->trials, dir);
  }
  /* 130 (SIGINT) or 143 (SIGTERM) whenever a signal came; a cut run without one cannot happen
   * (only the signal handler sets the stop flag), but would still not claim success. */
  status = signalled != 0 ? signalled : cut ? CLI_EXIT_INTERRUPTED : CLI_EXIT_OK;

done:
  if (!agreed) { /* failed before the run: the other ranks stop at their agreement too */
    (void)cli_cluster_agree(0);
  }
  pl_trial_rows_free(rows);
  if (od_open) {
    cli_outdir_close(&od, 0);
  }
  cli_signals_restore();
  pl_cluster_free(o.cluster); /* a shard's: removes its staged file unless committed */
  pl_summary_free(s);
  pl_scenario_free(sc);
  pl_diags_free(diags);
  free(dir);
  cli_run_options_free(&o);
  return status;
}
