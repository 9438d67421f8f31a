/*
 * main.c — parley's entry point: dispatches to a command (cli.h).
 *
 * Every way out of a command, and --help and --version, passes through main_check_output: a
 * write to stdout or stderr that failed, at any point, is not a success (docs/errors.md).
 */
#include <errno.h>
#include <gsl/gsl_errno.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cluster_cli.h"
#include "options.h"
#include "parley/parley.h"

static const char cli_usage[] =
    "usage: parley COMMAND [ARGS]\n"
    "\n"
    "Monte Carlo simulation of multi-party negotiations.\n"
    "\n"
    "commands:\n"
    "  run      [SCENARIO] [options]   run trials; no SCENARIO = the built-in reference scenario\n"
    "  sweep    SCENARIO --over PATH=FROM:TO:STEPS [--over ...] [options]\n"
    "                                  run the scenario at every point of a parameter grid\n"
    "  sensitivity SCENARIO [--method tornado|sobol|judgements] [options]\n"
    "                                  which judgements drive the answer\n"
    "  trace    SCENARIO --trial K [--json]\n"
    "                                  show one trial round by round\n"
    "  compare  A.cfg B.cfg [C.cfg ...] [--set-for K:PATH=VALUE] [options]\n"
    "                                  scenarios on the same trials, paired differences\n"
    "  backtest DIR [options]          score the scenarios of a folder against what happened\n"
    "  validate SCENARIO...            check scenario files and describe them\n"
    "  merge    SHARD_DIR... [--out DIR]\n"
    "                                  join the shards of one run (run --shard I/K)\n"
    "  plot     RESULTS_DIR [--format png|svg]\n"
    "                                  draw the plots of a results folder with gnuplot\n"
    "\n"
    "  parley --help | --version | COMMAND --help\n"
    "\n"
    "exit status: 0 success, 1 runtime or I/O failure, 2 usage or scenario error, 130 "
    "interrupted\n";

void cli_print_diags(const pl_diags *d) {
  for (size_t i = 0; i < pl_diags_count(d); i++) {
    int line = pl_diags_line(d, i);
    if (line > 0) {
      fprintf(stderr, "%s:%d: error: %s\n", pl_diags_file(d, i), line, pl_diags_message(d, i));
    } else {
      fprintf(stderr, "%s: error: %s\n", pl_diags_file(d, i), pl_diags_message(d, i));
    }
  }
}

void cli_print_warnings(const pl_scenario *sc) {
  for (size_t w = 0; w < pl_scenario_n_warnings(sc); w++) {
    fprintf(stderr, "%s:%d: warning: %s\n", pl_scenario_warning_file(sc, w),
            pl_scenario_warning_line(sc, w), pl_scenario_warning_message(sc, w));
  }
}

/* The exit status of command cmd ("" for parley itself) that returned status, after checking its
 * output. stdout is flushed; if that or any earlier write to it failed (glibc keeps the error flag
 * and drops the buffer, so the flag is the only trace of an early failure), prints "parley CMD:
 * error: cannot write to standard output: REASON" and a successful or interrupted status becomes
 * 1. A failed write to stderr cannot be told anywhere; it makes a successful status 1. */
static int main_check_output(const char *cmd, int status) {
  errno = 0;
  int failed = fflush(stdout) != 0;
  int err = failed ? errno : 0;
  if (failed || ferror(stdout)) {
    cli_error(cmd, "cannot write to standard output: %s", strerror(err != 0 ? err : EIO));
    if (status == CLI_EXIT_OK || status == CLI_EXIT_INTERRUPTED) {
      status = CLI_EXIT_FAILURE;
    }
  }
  if ((fflush(stderr) != 0 || ferror(stderr)) && status == CLI_EXIT_OK) {
    status = CLI_EXIT_FAILURE;
  }
  return status;
}

/* Everything main does between starting and ending a cluster. */
static int main_dispatch(int argc, char **argv) {
  if (argc < 2) {
    fputs(cli_usage, stderr);
    return CLI_EXIT_USAGE;
  }
  /* parley's own options come before the command; the first operand is the command, and the
   * arguments from it on are the command's (it scans them anew, options.h). */
  enum { CLI_MAIN_OPT_VERSION = CLI_OPT_FIRST };
  static const struct option longopts[] = {
      CLI_OPTION_HELP, {"version", no_argument, NULL, CLI_MAIN_OPT_VERSION}, CLI_OPTION_END};
  cli_scan scan;
  cli_scan_init(&scan, "", argc, argv, longopts);
  int help = 0, version = 0;
  const char *cmd = NULL;
  const char *v = NULL;
  int c;
  while (cmd == NULL && (c = cli_scan_next(&scan, &v)) != CLI_END) {
    if (c == CLI_ERROR) {
      return CLI_EXIT_USAGE;
    }
    help |= c == CLI_OPT_HELP;
    version |= c == CLI_MAIN_OPT_VERSION;
    cmd = c == CLI_OPERAND ? v : NULL;
  }
  if (cmd != NULL && strcmp(cmd, "help") == 0) { /* `parley help`: the same as --help */
    help = 1;
    const char *extra = NULL;
    if (cli_scan_next(&scan, &extra) != CLI_END) {
      cli_error("", "'parley help' takes no arguments (see 'parley --help')");
      return CLI_EXIT_USAGE;
    }
    cmd = NULL;
  }
  if ((help || version) && cmd != NULL) {
    cli_error("", "unexpected argument '%s' after --%s (see 'parley --help')", cmd,
              help ? "help" : "version");
    return CLI_EXIT_USAGE;
  }
  if (help) {
    fputs(cli_usage, stdout);
    return main_check_output("", CLI_EXIT_OK);
  }
  if (version) {
    printf("parley %s\n", pl_version());
    return main_check_output("", CLI_EXIT_OK);
  }
  if (cmd == NULL) {
    cli_error("", "no command given (see 'parley --help')");
    return CLI_EXIT_USAGE;
  }
  int at = 1; /* argv[at] is cmd (an operand is an element of argv itself) */
  while (argv[at] != cmd) {
    at++;
  }
  static const struct {
    const char *name;
    int (*fn)(int, char **);
  } commands[] = {
      {"run", cli_run},         {"sweep", cli_sweep},       {"sensitivity", cli_sensitivity},
      {"trace", cli_trace},     {"validate", cli_validate}, {"plot", cli_plot},
      {"compare", cli_compare}, {"backtest", cli_backtest}, {"merge", cli_merge}};
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
    if (strcmp(cmd, commands[i].name) == 0) {
      return main_check_output(commands[i].name, commands[i].fn(argc - at, argv + at));
    }
  }
  cli_error("", "unknown command '%s' (see 'parley --help')", cmd);
  return CLI_EXIT_USAGE;
}

int main(int argc, char **argv) {
  /* GSL's default error handler aborts the process; the library checks return values instead.
   * Set once, before any parallel region (the handler is process-wide). */
  gsl_set_error_handler_off();
  /* Under mpirun or srun (and built with MPI), one rank of a cluster (docs/cluster.md): only
   * rank 0 prints; every rank ends with the same status. */
  pl_cluster *cl = NULL;
  if (pl_cluster_mpi_start(&cl) != PL_OK) {
    cli_error("", "cannot start MPI");
    return CLI_EXIT_FAILURE;
  }
  /* The other ranks print nothing: each would print the same messages as rank 0 (they parse
   * and load the same input); rank 0 reports what any rank's run failed with. */
  if (!pl_cluster_is_root(cl) &&
      (freopen("/dev/null", "w", stdout) == NULL || freopen("/dev/null", "w", stderr) == NULL)) {
    cli_error("", "cannot open /dev/null");
  }
  cli_cluster_set(cl);
  int status = main_dispatch(argc, argv);
  status = pl_cluster_exit_status(cl, status);
  cli_cluster_set(NULL);
  pl_cluster_free(cl);
  return status;
}
