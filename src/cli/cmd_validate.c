/*
 * cmd_validate.c — `parley validate [--set PATH=VALUE]... SCENARIO...`: checks scenario files.
 *
 * For each file: "FILE: ok", the scenario's description and the share of its first 1000 trials that
 * start with a zone of agreement on stdout, or every problem found on
 * stderr as "FILE:LINE: error: MESSAGE". Overrides given with --set are applied to every file
 * before it is described, so that a user can check an override. Warnings (inputs that do nothing
 * or that clamp, parley/scenario.h) go to stderr as "FILE:LINE: warning: MESSAGE" and leave the
 * exit status alone. With --json, stdout has only the JSON report of pl_results_validate_json.
 * Exit status 0 when every file is valid, 2 when one is not or on a usage error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "options.h"
#include "parley/parley.h"
#include "run_options.h"

static const char cli_validate_usage[] =
    "usage: parley validate [--set PATH=VALUE]... [--json] SCENARIO...\n"
    "\n"
    "Checks each scenario file and describes it: 'SCENARIO: ok' and a summary on stdout, or every\n"
    "error found as 'FILE:LINE: error: MESSAGE' on stderr; warnings (inputs that have no effect\n"
    "or that clamp many draws) as 'FILE:LINE: warning: MESSAGE' on stderr.\n"
    "\n"
    "options:\n"
    "  --set PATH=VALUE   apply an override (e.g. agents.ID.reservation=0.5) before describing\n"
    "  --json             print {file, valid, errors, warnings} per file as JSON on stdout (an\n"
    "                     array for several files) instead of the descriptions and messages\n"
    "  -h, --help         show this help\n"
    "\n"
    "exit status: 0 all files valid, 1 out of memory or output that cannot be written, 2 a file "
    "is\n"
    "invalid or the command line is wrong\n";

/* The zone-of-agreement diagnostic (docs/model.md) on the first CLI_VALIDATE_ZONE trials of sc:
 * the share whose start has a text every party accepts outright. Trials are drawn, not played.
 * Returns 0, or -1 when it could not be computed (out of memory, a failed solve): then nothing is
 * printed, and the scenario stays valid. */
#define CLI_VALIDATE_ZONE 1000u
static int validate_zone(const pl_scenario *sc) {
  pl_workspace *ws = NULL;
  if (pl_workspace_alloc(sc, &ws) != PL_OK)
    return -1;
  unsigned with = 0;
  for (unsigned k = 0; k < CLI_VALIDATE_ZONE; k++) {
    double margin;
    int zone;
    if (pl_trial_zone(sc, ws, k, &margin, &zone) != PL_OK) {
      pl_workspace_free(ws);
      return -1;
    }
    with += zone > 0;
  }
  pl_workspace_free(ws);
  printf("zone of agreement: %.1f%% of the first %u trials start with a text every party accepts\n",
         100.0 * (double)with / CLI_VALIDATE_ZONE, CLI_VALIDATE_ZONE);
  return 0;
}

int cli_validate(int argc, char **argv) {
  /* --set is run's option (the same row and handler: PATH=VALUE in command-line order). */
  static const struct option longopts[] = {CLI_RUN_OPTION_SET, CLI_RUN_OPTION_JSON, CLI_OPTION_HELP,
                                           CLI_OPTION_END};
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
  /* Under --json every file's scenario and problems are kept for the one report at the end. */
  pl_scenario **scs = calloc(n_files, sizeof *scs);
  pl_diags **all = calloc(n_files, sizeof *all);
  int nomem = scs == NULL || all == NULL;
  for (size_t f = 0; !nomem && f < n_files; f++) {
    nomem = (all[f] = pl_diags_alloc()) == NULL;
  }
  for (size_t f = 0; !nomem && f < n_files; f++) {
    pl_scenario *sc = NULL;
    pl_diags *diags = all[f];
    fflush(stdout); /* the previous file's report before this one's errors; main checks it */
    pl_status st = pl_scenario_load(files[f], diags, &sc);
    for (size_t s = 0; st == PL_OK && s < o.n_sets; s++) {
      st = pl_scenario_set(sc, o.sets[s], diags);
    }
    if (st == PL_OK && o.json) {
      scs[f] = sc;
      continue;
    }
    if (st == PL_OK) {
      printf("%s: ok\n", files[f]);
      cli_print_warnings(sc);
      pl_scenario_describe(sc, stdout);
      validate_zone(sc);
    } else {
      if (!o.json) {
        cli_print_diags(diags);
      }
      if (pl_diags_count(diags) == 0) {
        if (o.json) {
          pl_diags_add(diags, files[f], 0, "%s", pl_status_string(st));
        } else {
          fprintf(stderr, "%s: error: %s\n", files[f], pl_status_string(st));
        }
      }
      if (st == PL_ENOMEM && status == CLI_EXIT_OK) {
        status = CLI_EXIT_FAILURE;
      } else if (st != PL_ENOMEM) {
        status = CLI_EXIT_USAGE;
      }
    }
    pl_scenario_free(sc);
  }
  if (!nomem && o.json) {
    char *text = NULL;
    if (pl_results_validate_json(n_files, files, (const pl_scenario *const *)scs,
                                 (const pl_diags *const *)all, &text) == PL_OK) {
      fputs(text, stdout);
    } else {
      nomem = 1;
    }
    free(text);
  }
  if (nomem) {
    cli_error("validate", "out of memory");
    status = CLI_EXIT_FAILURE;
  }
  for (size_t f = 0; f < n_files && scs != NULL && all != NULL; f++) {
    pl_scenario_free(scs[f]);
    pl_diags_free(all[f]);
  }
  free(scs);
  free(all);
  free(files);
  cli_run_options_free(&o);
  return status;
}
