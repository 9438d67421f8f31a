/*
 * main.c — parley's entry point: dispatches to a command (cli.h).
 */
#include <gsl/gsl_errno.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "parley/parley.h"

static const char pl_usage[] =
    "usage: parley COMMAND [ARGS]\n"
    "\n"
    "Monte Carlo simulation of multi-party negotiations.\n"
    "\n"
    "commands:\n"
    "  run      [SCENARIO] [options]   run trials; no SCENARIO = the built-in reference scenario\n"
    "  sweep    SCENARIO --over PATH=FROM:TO:STEPS [--over ...] [options]\n"
    "                                  run the scenario at every point of a parameter grid\n"
    "  trace    SCENARIO --trial K [--json]\n"
    "                                  show one trial round by round\n"
    "  validate SCENARIO...            check scenario files and describe them\n"
    "  plot     RESULTS_DIR [--format png|svg]\n"
    "                                  draw the plots of a results folder with gnuplot\n"
    "\n"
    "  parley --help | --version | COMMAND --help\n"
    "\n"
    "exit status: 0 success, 1 runtime or I/O failure, 2 usage or scenario error, 130 "
    "interrupted\n";

void pl_cli_print_diags(const pl_diags *d) {
  for (size_t i = 0; i < pl_diags_count(d); i++) {
    int line = pl_diags_line(d, i);
    if (line > 0) {
      fprintf(stderr, "%s:%d: error: %s\n", pl_diags_file(d, i), line, pl_diags_message(d, i));
    } else {
      fprintf(stderr, "%s: error: %s\n", pl_diags_file(d, i), pl_diags_message(d, i));
    }
  }
}

int main(int argc, char **argv) {
  /* GSL's default error handler aborts the process; the library checks return values instead.
   * Set once, before any parallel region (the handler is process-wide). */
  gsl_set_error_handler_off();
  if (argc < 2) {
    fputs(pl_usage, stderr);
    return PL_EXIT_USAGE;
  }
  const char *cmd = argv[1];
  if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
    fputs(pl_usage, stdout);
    return PL_EXIT_OK;
  }
  if (strcmp(cmd, "--version") == 0) {
    printf("parley %s\n", pl_version());
    return PL_EXIT_OK;
  }
  static const struct {
    const char *name;
    int (*fn)(int, char **);
  } commands[] = {{"run", pl_cli_run},
                  {"sweep", pl_cli_sweep},
                  {"trace", pl_cli_trace},
                  {"validate", pl_cli_validate},
                  {"plot", pl_cli_plot}};
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
    if (strcmp(cmd, commands[i].name) == 0) {
      return commands[i].fn(argc - 1, argv + 1);
    }
  }
  fprintf(stderr, "parley: error: unknown command '%s' (see 'parley --help')\n", cmd);
  return PL_EXIT_USAGE;
}
