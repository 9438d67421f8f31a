/*
 * cmd_merge.c — `parley merge`: join the shard folders of one run (`parley run --shard I/K`) into
 * the results folder of the whole run, byte-identical to running it unsharded (docs/cluster.md).
 *
 * Order of work as in cmd_run.c: parse options (usage error: exit 2); open and check the shards
 * (they must be every shard of one run: exit 2 otherwise); create and lock the results folder
 * (exit 1); merge the blocks in block order through pl_mc_run with the shards as its cluster;
 * write the folder; print one line, or the summary JSON with --json. Merging reads each shard file
 * once and costs O(trials) memory-free work: no trial is run again.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "cluster_cli.h"
#include "outdir.h"
#include "parley/parley.h"
#include "run_options.h"
#include "signals.h"

static const char cli_merge_usage[] =
    "usage: parley merge SHARD_DIR... [--out DIR] [--json] [--quiet]\n"
    "\n"
    "Joins the shard folders of one run ('parley run --shard I/K --out SHARD_DIR', for I = 1..K)\n"
    "into the results folder of the whole run: the same summary.json, TSV files and scenario.cfg\n"
    "as one 'parley run' without --shard (and per_trial.tsv when the shards were run with\n"
    "--per-trial). Every shard of the run must be given, each once, in any order.\n"
    "\n"
    "options:\n"
    "  --out DIR   results folder (default: results/NAME-YYYYmmdd-HHMMSS, UTC)\n"
    "  --json      print the summary JSON (identical to summary.json)\n"
    "  --quiet     print nothing on success\n"
    "  -h, --help  show this help\n"
    "\n"
    "Exit status: 0 success, 1 runtime or I/O failure, 2 usage error or shards that do not make\n"
    "one complete run, 130/143 interrupted (nothing is written then).\n";

enum { CLI_MERGE_OPT_OUT = CLI_OPT_FIRST, CLI_MERGE_OPT_JSON, CLI_MERGE_OPT_QUIET };

int cli_merge(int argc, char **argv) {
  static const struct option longopts[] = {{"out", required_argument, NULL, CLI_MERGE_OPT_OUT},
                                           {"json", no_argument, NULL, CLI_MERGE_OPT_JSON},
                                           {"quiet", no_argument, NULL, CLI_MERGE_OPT_QUIET},
                                           CLI_OPTION_HELP,
                                           CLI_OPTION_END};
  const char **dirs = calloc((size_t)argc + 1, sizeof *dirs);
  size_t n_dirs = 0;
  cli_run_options o;
  cli_run_options_init(&o);
  int help = 0;
  if (dirs == NULL) {
    cli_error("merge", "out of memory");
    return CLI_EXIT_FAILURE;
  }
  cli_scan scan;
  cli_scan_init(&scan, "merge", argc, argv, longopts);
  const char *v = NULL;
  int c;
  while ((c = cli_scan_next(&scan, &v)) != CLI_END) {
    if (c == CLI_ERROR) {
      free(dirs);
      return CLI_EXIT_USAGE;
    }
    if (c == CLI_OPERAND) {
      dirs[n_dirs++] = v;
    } else if (c == CLI_MERGE_OPT_OUT) {
      if (v[0] == '\0') {
        cli_error("merge", "--out wants a folder name");
        free(dirs);
        return CLI_EXIT_USAGE;
      }
      o.out = v;
    } else if (c == CLI_MERGE_OPT_JSON) {
      o.json = 1;
    } else if (c == CLI_MERGE_OPT_QUIET) {
      o.quiet = 1;
    } else {
      help = 1;
    }
  }
  if (help) {
    fputs(cli_merge_usage, stdout);
    free(dirs);
    return CLI_EXIT_OK;
  }
  if (!cli_cluster_root()) { /* under mpirun, rank 0 alone merges (one reader, one writer) */
    free(dirs);
    return CLI_EXIT_OK;
  }
  if (n_dirs == 0) {
    cli_error("merge", "no shard folder given (see 'parley merge --help')");
    free(dirs);
    return CLI_EXIT_USAGE;
  }
  int status = CLI_EXIT_FAILURE;
  pl_diags *diags = pl_diags_alloc();
  pl_scenario *sc = NULL;
  pl_summary *s = NULL;
  pl_trial_rows *rows = NULL;
  cli_outdir od;
  int od_open = 0, with_rows = 0;
  if (diags == NULL) {
    cli_error("merge", "out of memory");
    goto done;
  }
  pl_status rc = pl_shard_merge_open(dirs, n_dirs, diags, &sc, &with_rows, &o.cluster);
  if (rc != PL_OK) {
    pl_diags_sort(diags);
    cli_print_diags(diags);
    cli_error("merge", "cannot merge these shards (%s)", pl_status_string(rc));
    status = rc == PL_EINVAL ? CLI_EXIT_USAGE : CLI_EXIT_FAILURE;
    goto done;
  }
  o.per_trial = with_rows;
  o.threads = 1; /* the merger runs no trial */
  const volatile sig_atomic_t *stop = cli_signals_install("parley merge");
  time_t started = time(NULL);
  if (cli_outdir_open(&od, o.out, pl_scenario_name(sc), started, "parley merge") != 0) {
    goto done;
  }
  od_open = 1;
  if (with_rows && (rc = pl_trial_rows_open(od.path, sc, diags, &rows)) != PL_OK) {
    cli_print_diags(diags);
    cli_error("merge", "cannot use the results folder (%s)", pl_status_string(rc));
    goto done;
  }
  const char *owned_files[2] = {pl_trial_rows_path(rows), od.lock_path};
  cli_signals_own(owned_files, 2, (const char *const *)od.made, od.n_made);
  cli_signals_trials();
  double wall = 0.0;
  rc = cli_run_options_simulate(&o, sc, stop, "parley merge", rows, &s, &wall);
  cli_signals_writing();
  if (rc == PL_EINTERRUPTED) {
    cli_error("merge", "interrupted; nothing was written");
    status = cli_signals_status(CLI_EXIT_INTERRUPTED);
    goto done;
  }
  if (rc != PL_OK) {
    cli_print_diags(diags);
    cli_error("merge", "the merge failed: %s (a shard file changed while it was read?)",
              pl_status_string(rc));
    goto done;
  }
  char **cmdline = malloc(((size_t)argc + 1) * sizeof *cmdline);
  if (cmdline == NULL) {
    cli_error("merge", "out of memory");
    goto done;
  }
  cmdline[0] = "parley";
  for (int k = 0; k < argc; k++) {
    cmdline[k + 1] = argv[k];
  }
  pl_run_info info = {1, wall, started, argc + 1, cmdline, 0};
  rc = pl_results_write(od.path, sc, s, &info, rows, diags);
  free(cmdline);
  if (rc != PL_OK) {
    cli_print_diags(diags);
    cli_error("merge", "cannot write the results in %s/ (%s)", od.path, pl_status_string(rc));
    goto done;
  }
  pl_trial_rows_free(rows);
  rows = NULL;
  if (o.json) {
    char *text = NULL;
    if (pl_results_summary_json(sc, s, &text) != PL_OK) {
      cli_error("merge", "out of memory");
      goto done;
    }
    fputs(text, stdout);
    free(text);
  } else if (!o.quiet) {
    printf("Merged %u shard%s: %" PRIu64 " trials, P(agreement) %.4f. Results written to %s/\n",
           pl_cluster_parts(o.cluster), pl_cluster_parts(o.cluster) == 1 ? "" : "s", s->trials,
           s->p_agreement, od.path);
  }
  cli_outdir_close(&od, 1);
  od_open = 0;
  status = cli_signals_status(CLI_EXIT_OK);

done:
  pl_trial_rows_free(rows);
  if (od_open) {
    cli_outdir_close(&od, 0);
  }
  cli_signals_restore();
  pl_summary_free(s);
  pl_cluster_free(o.cluster);
  pl_scenario_free(sc);
  pl_diags_free(diags);
  cli_run_options_free(&o);
  free(dirs);
  return status;
}
