/*
 * cmd_validate.c — `parley validate [--set PATH=VALUE]... SCENARIO...`: checks scenario files.
 *
 * For each file: "FILE: ok" and the scenario's description on stdout, or every problem found on
 * stderr as "FILE:LINE: error: MESSAGE". Overrides given with --set are applied to every file
 * before it is described, so that a user can check an override. Exit status 0 when every file is
 * valid, 2 when one is not or on a usage error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "options.h"
#include "parley/parley.h"
#include "run_options.h"

static const char cli_validate_usage[] =
    "usage: parley validate [--set PATH=VALUE]... SCENARIO...\n"
    "\n"
    "Checks each scenario file and describes it: 'SCENARIO: ok' and a summary on stdout, or every\n"
    "error found as 'FILE:LINE: error: MESSAGE' on stderr.\n"
    "\n"
    "options:\n"
    "  --set PATH=VALUE   apply an override (e.g. agents.ID.reservation=0.5) before describing\n"
    "  -h, --help         show this help\n"
    "\n"
    "exit status: 0 all files valid, 1 out of memory or output that cannot be written, 2 a file "
    "is\n"
    "invalid or the command line is wrong\n";

int cli_validate(int argc, char **argv) {
  /* --set is run's option (the same row and handler: PATH=VALUE in command-line order). */
  static const struct option longopts[] = {CLI_RUN_OPTION_SET, CLI_OPTION_HELP, CLI_OPTION_END};
  cli_run_options o;
  cli_run_options_init(&o);
  const char **files = calloc((size_t)argc + 1, sizeof *files);
  if (files == NULL) {
    cli_error("validate", "out of memory");
    return CLI_EXIT_FAILURE;
  }
  size_t n_files = 0;
  cli_scan scan;
  cli_scan_init(&scan, "validate", argc, argv, longopts);
  const char *v = NULL;
  int c;
  while ((c = cli_scan_next(&scan, &v)) != CLI_END) {
    if (c == CLI_OPERAND) {
      files[n_files++] = v;
    } else if (c == CLI_ERROR || cli_run_options_apply(&o, c, v, "validate") != 0) {
      free(files);
      cli_run_options_free(&o);
      return CLI_EXIT_USAGE;
    }
  }
  if (o.help) {
    fputs(cli_validate_usage, stdout);
    free(files);
    cli_run_options_free(&o);
    return CLI_EXIT_OK;
  }
  if (n_files == 0) {
    cli_error("validate", "no scenario file given");
    fputs(cli_validate_usage, stderr);
    free(files);
    cli_run_options_free(&o);
    return CLI_EXIT_USAGE;
  }
  int status = CLI_EXIT_OK;
  pl_diags *diags = pl_diags_alloc();
  if (diags == NULL) {
    cli_error("validate", "out of memory");
    free(files);
    cli_run_options_free(&o);
    return CLI_EXIT_FAILURE;
  }
  for (size_t f = 0; f < n_files; f++) {
    pl_scenario *sc = NULL;
    fflush(stdout); /* the previous file's report before this one's errors; main checks it */
    pl_diags_clear(diags);
    pl_status st = pl_scenario_load(files[f], diags, &sc);
    for (size_t s = 0; st == PL_OK && s < o.n_sets; s++) {
      st = pl_scenario_set(sc, o.sets[s], diags);
    }
    if (st == PL_OK) {
      printf("%s: ok\n", files[f]);
      pl_scenario_describe(sc, stdout);
    } else {
      cli_print_diags(diags);
      if (pl_diags_count(diags) == 0) {
        fprintf(stderr, "%s: error: %s\n", files[f], pl_status_string(st));
      }
      if (st == PL_ENOMEM && status == CLI_EXIT_OK) {
        status = CLI_EXIT_FAILURE;
      } else if (st != PL_ENOMEM) {
        status = CLI_EXIT_USAGE;
      }
    }
    pl_scenario_free(sc);
  }
  pl_diags_free(diags);
  free(files);
  cli_run_options_free(&o);
  return status;
}
