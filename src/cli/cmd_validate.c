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
#include "parley/parley.h"

static const char pl_validate_usage[] =
    "usage: parley validate [--set PATH=VALUE]... SCENARIO...\n"
    "\n"
    "Checks each scenario file and describes it: 'SCENARIO: ok' and a summary on stdout, or every\n"
    "error found as 'FILE:LINE: error: MESSAGE' on stderr.\n"
    "\n"
    "options:\n"
    "  --set PATH=VALUE   apply an override (e.g. agents.ID.reservation=0.5) before describing\n"
    "  -h, --help         show this help\n"
    "\n"
    "exit status: 0 all files valid, 2 a file is invalid or the command line is wrong\n";

int pl_cli_validate(int argc, char **argv) {
  const char **sets = calloc((size_t)argc + 1, sizeof *sets);
  const char **files = calloc((size_t)argc + 1, sizeof *files);
  if (sets == NULL || files == NULL) {
    free(sets);
    free(files);
    fputs("parley: error: out of memory\n", stderr);
    return PL_EXIT_FAILURE;
  }
  size_t n_sets = 0, n_files = 0;
  int only_files = 0;
  for (int a = 1; a < argc; a++) {
    const char *arg = argv[a];
    if (!only_files && (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0)) {
      fputs(pl_validate_usage, stdout);
      free(sets);
      free(files);
      return PL_EXIT_OK;
    }
    if (!only_files && strcmp(arg, "--") == 0) {
      only_files = 1;
    } else if (!only_files && strcmp(arg, "--set") == 0) {
      if (a + 1 >= argc) {
        fputs("parley validate: error: --set needs PATH=VALUE\n", stderr);
        free(sets);
        free(files);
        return PL_EXIT_USAGE;
      }
      sets[n_sets++] = argv[++a];
    } else if (!only_files && strncmp(arg, "--set=", 6) == 0) {
      sets[n_sets++] = arg + 6;
    } else if (!only_files && arg[0] == '-' && arg[1] != '\0') {
      fprintf(stderr,
              "parley validate: error: unknown option '%s' (see 'parley validate --help')\n", arg);
      free(sets);
      free(files);
      return PL_EXIT_USAGE;
    } else {
      files[n_files++] = arg;
    }
  }
  if (n_files == 0) {
    fputs("parley validate: error: no scenario file given\n", stderr);
    fputs(pl_validate_usage, stderr);
    free(sets);
    free(files);
    return PL_EXIT_USAGE;
  }
  int status = PL_EXIT_OK;
  pl_diags *diags = pl_diags_alloc();
  if (diags == NULL) {
    fputs("parley: error: out of memory\n", stderr);
    free(sets);
    free(files);
    return PL_EXIT_FAILURE;
  }
  for (size_t f = 0; f < n_files; f++) {
    pl_scenario *sc = NULL;
    pl_diags_clear(diags);
    pl_status st = pl_scenario_load(files[f], diags, &sc);
    for (size_t s = 0; st == PL_OK && s < n_sets; s++) {
      st = pl_scenario_set(sc, sets[s], diags);
    }
    if (st == PL_OK) {
      printf("%s: ok\n", files[f]);
      pl_scenario_describe(sc, stdout);
    } else {
      pl_cli_print_diags(diags);
      if (pl_diags_count(diags) == 0) {
        fprintf(stderr, "%s: error: %s\n", files[f], pl_status_string(st));
      }
      if (st == PL_ENOMEM && status == PL_EXIT_OK) {
        status = PL_EXIT_FAILURE;
      } else if (st != PL_ENOMEM) {
        status = PL_EXIT_USAGE;
      }
    }
    pl_scenario_free(sc);
    fflush(stdout);
  }
  pl_diags_free(diags);
  free(sets);
  free(files);
  return status;
}
