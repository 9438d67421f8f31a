/*
 * run_options.h — the options of `parley run`, shared with `parley sweep` and (some) `parley trace`
 * and `parley validate` (docs/outputs.md).
 *
 * Declared once: one row macro per option (a command's table takes CLI_RUN_OPTIONS, all of them,
 * or the rows it wants) and one handler, cli_run_options_apply. Parsing is options.h's: "--name
 * VALUE" and "--name=VALUE" both work, "--" ends the options. Numbers are read with
 * parley/number.h, the grammar of scenario files (decimal, 0x hex, an L suffix). Semantics:
 *   --trials N       montecarlo.trials = N (an integer in 1..PL_MAX_TRIALS), applied after every
 * --set
 *   --seed S         montecarlo.seed = S (an integer in 0..2^64-1), applied after every --set
 *   --threads T      threads for the trials (0..4096); 0 or absent = OpenMP's default (all cores)
 *   --set PATH=VAL   an override, applied in command-line order (repeatable)
 *   --out DIR        the results folder (created with its parents; files in it are replaced)
 *   --json           print the summary JSON on stdout instead of the table
 *   --per-trial      also write per_trial.tsv
 *   --precision EPS  0 < EPS < 0.5: add trials until the 95% half-width of P(agreement) (by
 *                    --interval) is <= EPS; capped by --trials when given, else by PL_MAX_TRIALS
 *   --interval K     the 95% interval of the summary and of --precision: wilson (the default) or
 *                    exact (Clopper-Pearson)
 *   --quiet          no table and no progress bar (results are still written)
 *   -h, --help       print the command's help
 */
#ifndef PARLEY_CLI_RUN_OPTIONS_H
#define PARLEY_CLI_RUN_OPTIONS_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "parley/montecarlo.h"
#include "parley/results.h"
#include "parley/scenario.h"
#include "parley/status.h"

#include "options.h"

typedef struct {
  const char *scenario; /* NULL = the built-in reference scenario */
  uint64_t trials;      /* valid when has_trials */
  uint64_t seed;        /* valid when has_seed */
  unsigned threads;     /* 0 = OpenMP's default */
  int has_trials, has_seed;
  const char **sets; /* [n_sets] "PATH=VALUE", pointing into argv */
  size_t n_sets;
  const char *out;      /* NULL = results/NAME-YYYYmmdd-HHMMSS */
  double precision;     /* 0 = off */
  pl_interval interval; /* PL_INTERVAL_WILSON unless --interval exact */
  int json, per_trial, quiet, help;
  pl_cluster
      *cluster; /* the run's cluster (a shard); NULL = the MPI ranks, if any (cluster_cli.h) */
} cli_run_options;

/* The vals of run's options in option tables (options.h). */
enum {
  CLI_RUN_OPT_TRIALS = CLI_OPT_FIRST,
  CLI_RUN_OPT_SEED,
  CLI_RUN_OPT_THREADS,
  CLI_RUN_OPT_SET,
  CLI_RUN_OPT_OUT,
  CLI_RUN_OPT_JSON,
  CLI_RUN_OPT_PER_TRIAL,
  CLI_RUN_OPT_PRECISION,
  CLI_RUN_OPT_QUIET,
  CLI_RUN_OPT_INTERVAL,
  CLI_RUN_OPT_NEXT /* the first val free for a command's own options */
};

/* One row of a struct option table per option of run (--help is CLI_OPTION_HELP). */
#define CLI_RUN_OPTION_TRIALS                                                                      \
  { "trials", required_argument, NULL, CLI_RUN_OPT_TRIALS }
#define CLI_RUN_OPTION_SEED                                                                        \
  { "seed", required_argument, NULL, CLI_RUN_OPT_SEED }
#define CLI_RUN_OPTION_THREADS                                                                     \
  { "threads", required_argument, NULL, CLI_RUN_OPT_THREADS }
#define CLI_RUN_OPTION_SET                                                                         \
  { "set", required_argument, NULL, CLI_RUN_OPT_SET }
#define CLI_RUN_OPTION_OUT                                                                         \
  { "out", required_argument, NULL, CLI_RUN_OPT_OUT }
#define CLI_RUN_OPTION_JSON                                                                        \
  { "json", no_argument, NULL, CLI_RUN_OPT_JSON }
#define CLI_RUN_OPTION_PER_TRIAL                                                                   \
  { "per-trial", no_argument, NULL, CLI_RUN_OPT_PER_TRIAL }
#define CLI_RUN_OPTION_PRECISION                                                                   \
  { "precision", required_argument, NULL, CLI_RUN_OPT_PRECISION }
#define CLI_RUN_OPTION_QUIET                                                                       \
  { "quiet", no_argument, NULL, CLI_RUN_OPT_QUIET }
#define CLI_RUN_OPTION_INTERVAL                                                                    \
  { "interval", required_argument, NULL, CLI_RUN_OPT_INTERVAL }
/* Every option of run, --help included: the rows of `parley run`'s table, also in sweep's. */
#define CLI_RUN_OPTIONS                                                                            \
  CLI_RUN_OPTION_TRIALS, CLI_RUN_OPTION_SEED, CLI_RUN_OPTION_THREADS, CLI_RUN_OPTION_SET,          \
      CLI_RUN_OPTION_OUT, CLI_RUN_OPTION_JSON, CLI_RUN_OPTION_PER_TRIAL, CLI_RUN_OPTION_PRECISION, \
      CLI_RUN_OPTION_QUIET, CLI_RUN_OPTION_INTERVAL, CLI_OPTION_HELP

/* Initialises o (all off). */
void cli_run_options_init(cli_run_options *o);
/* Frees what o allocated (the sets array). */
void cli_run_options_free(cli_run_options *o);

/* Applies run's option `opt` (a CLI_RUN_OPT_* val or CLI_OPT_HELP) with its value (NULL for a
 * flag; it must outlive o) to o. Returns 0, or -1 after printing "parley CMD: error: ..." (a bad
 * value, named with the option). */
int cli_run_options_apply(cli_run_options *o, int opt, const char *value, const char *cmd);

/* A command's own options, beside run's: called with each option val not below CLI_RUN_OPT_NEXT;
 * returns 0, or -1 after printing the error. */
typedef int (*cli_run_options_own)(void *ctx, int opt, const char *value);

/* Parses a command's arguments (argv[0] is the command name) against longopts (run's rows that
 * the command takes, its own rows, CLI_OPTION_END): run's options go to
 * cli_run_options_apply, the command's own (val >= CLI_RUN_OPT_NEXT) to own(ctx, ...), and at most
 * one operand, the scenario, to o->scenario. Returns 0, or -1 after printing a usage error. */
int cli_run_options_parse(cli_run_options *o, int argc, char **argv, const char *cmd,
                          const struct option *longopts, cli_run_options_own own, void *ctx);

/* Loads o->scenario (or the reference scenario), then applies every --set in order, then --trials
 * and --seed, so the resolved scenario carries them. On failure *out is NULL and diags says why. */
pl_status cli_run_options_load(const cli_run_options *o, pl_diags *diags, pl_scenario **out);

/* Prints where a trial failed (f from pl_mc_options.failure), naming the agent and issue by id:
 * "LABEL: error: trial 12, round 3: the utility of agent 'a' on issue 'x' is not a finite
 * number (...)". cli_run_options_simulate calls it when a run fails in a trial. */
void cli_report_failure(const char *label, const pl_scenario *sc, const pl_trial_failure *f);

/* Runs sc's trials as o says (threads, --precision and its cap, --interval), with a progress bar
 * labelled `label` on a terminal (unless --quiet), per-trial rows into rows (NULL = none) and the
 * stop flag stop (NULL = none). Returns pl_mc_run's status and summary; *wall_seconds is the time
 * the trials took. */
pl_status cli_run_options_simulate(const cli_run_options *o, const pl_scenario *sc,
                                   const volatile sig_atomic_t *stop, const char *label,
                                   pl_trial_rows *rows, pl_summary **out, double *wall_seconds);

#endif /* PARLEY_CLI_RUN_OPTIONS_H */
