/*
 * run_options.h — the options of `parley run`, shared with `parley sweep` (docs/outputs.md).
 *
 * Parsing is by hand (POSIX has no getopt_long): "--name VALUE" and "--name=VALUE" both work,
 * "--" ends the options. Semantics:
 *   --trials N       montecarlo.trials = N (a positive integer), applied after every --set
 *   --seed S         montecarlo.seed = S (a non-negative integer), applied after every --set
 *   --threads T      threads for the trials; 0 or absent = OpenMP's default (all cores)
 *   --set PATH=VAL   an override, applied in command-line order (repeatable)
 *   --out DIR        the results folder (created with its parents; files in it are replaced)
 *   --json           print the summary JSON on stdout instead of the table
 *   --per-trial      also write per_trial.tsv
 *   --precision EPS  0 < EPS < 0.5: add trials until the Wilson 95% half-width of P(agreement) is
 *                    <= EPS; capped by --trials when given, else by PL_MAX_TRIALS
 *   --quiet          no table and no progress bar (results are still written)
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

typedef struct {
  const char *scenario; /* NULL = the built-in reference scenario */
  uint64_t trials;      /* valid when has_trials */
  uint64_t seed;        /* valid when has_seed */
  unsigned threads;     /* 0 = OpenMP's default */
  int has_trials, has_seed;
  const char **sets; /* [n_sets] "PATH=VALUE", pointing into argv */
  size_t n_sets;
  const char *out;  /* NULL = results/NAME-YYYYmmdd-HHMMSS */
  double precision; /* 0 = off */
  int json, per_trial, quiet, help;
} pl_run_options;

/* Result of pl_run_options_parse_one. */
enum { PL_OPT_USED = 1, PL_OPT_NOT_MINE = 0, PL_OPT_ERROR = -1 };

/* Initialises o (all off). */
void pl_run_options_init(pl_run_options *o);
/* Frees what o allocated (the sets array). */
void pl_run_options_free(pl_run_options *o);

/* Tries argv[*i] as one of run's options (with its value in argv[*i + 1] or after '='). Returns
 * PL_OPT_USED (and advances *i past the value), PL_OPT_NOT_MINE, or PL_OPT_ERROR after printing
 * "parley CMD: error: ..." on stderr. */
int pl_run_options_parse_one(pl_run_options *o, int argc, char **argv, int *i, const char *cmd);

/* Parses all of `parley run`'s arguments (argv[0] is the command name). At most one positional
 * argument (the scenario). Returns 0, or -1 after printing a usage error. */
int pl_run_options_parse(pl_run_options *o, int argc, char **argv, const char *cmd);

/* Loads o->scenario (or the reference scenario), then applies every --set in order, then --trials
 * and --seed, so the resolved scenario carries them. On failure *out is NULL and diags says why. */
pl_status pl_run_options_load(const pl_run_options *o, pl_diags *diags, pl_scenario **out);

/* Runs sc's trials as o says (threads, --precision and its cap), with a progress bar labelled
 * `label` on a terminal (unless --quiet), per-trial rows into rows (NULL = none) and the stop
 * flag stop (NULL = none). Returns pl_mc_run's status and summary; *wall_seconds is the time the
 * trials took. */
pl_status pl_run_options_simulate(const pl_run_options *o, const pl_scenario *sc,
                                  const volatile sig_atomic_t *stop, const char *label,
                                  pl_trial_rows *rows, pl_summary **out, double *wall_seconds);

/* Strict number parsing of option values: the whole string must be the number. 0 on success. */
int pl_parse_u64(const char *s, uint64_t *out);
int pl_parse_double(const char *s, double *out);

#endif /* PARLEY_CLI_RUN_OPTIONS_H */
