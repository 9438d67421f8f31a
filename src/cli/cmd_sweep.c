/*
 * cmd_sweep.c — `parley sweep`: run a scenario at every point of a one- or two-parameter grid.
 *
 * Order of work: parse options (`--over` here, every other option is `parley run`'s, from the
 * shared table and handler of run_options.c; usage error: exit 2); load the scenario and apply
 * --set/--trials/--seed (exit 2); build the grid and validate EVERY point (pl_sweep_alloc; exit 2)
 * — before any folder is created or any trial runs; create the sweep folder; then per point: run,
 * write point-NNNN/ with the run writers (so each point folder is exactly what `parley run --set
 * PATH=VALUE ... --out` would write, summary.json byte for byte), record the row and append it to
 * sweep.tsv's staged file (pl_sweep_tsv_append: linear cost; sweep.tsv itself is only replaced
 * whole), and at the end commit sweep.tsv (marked complete only if every point was written). Every
 * point keeps the seed, so trial k draws the same streams at every point (common random numbers).
 * The sweep folder is locked for the whole sweep (outdir.h). SIGINT/SIGTERM (signals.h): the point
 * in progress is written as partial, sweep.tsv says "complete: false", exit 130/143; a signal while
 * a point is written lets the write finish and stops after that point. Outputs:
 * docs/sweeps-and-plots.md.
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
#include "parley/sweep.h"
#include "run_options.h"
#include "signals.h"

static const char cli_sweep_usage[] =
    "usage: parley sweep SCENARIO --over PATH=FROM:TO:STEPS [--over PATH=V1,V2,...]\n"
    "                    [run's options: --trials N --seed S --threads T --set PATH=VALUE ...\n"
    "                     --out DIR --json --per-trial --precision EPS --interval K --quiet]\n"
    "\n"
    "Runs the scenario at every point of a grid over one or two parameters and writes a sweep\n"
    "folder: sweep.tsv (one row per point) and point-0001/, point-0002/, ... (each a full results\n"
    "folder, as `parley run` writes it).\n"
    "\n"
    "  --over PATH=FROM:TO:STEPS  STEPS evenly spaced values from FROM to TO, both included\n"
    "                             (STEPS = 1: FROM alone)\n"
    "  --over PATH=V1,V2,...      the listed values, in this order\n"
    "  Give --over once or twice (two = a grid, the second parameter varying fastest). Without\n"
    "  --over, the scenario's own `sweep` section is used. PATH is a --set path, such as\n"
    "  agents.hamas.reservation or protocol.breakdown.\n"
    "  -h, --help                 show this help\n"
    "\n"
    "Every point runs the same trials with the same seed (common random numbers), so\n"
    "differences between points are not blurred by sampling noise. Every point is checked before\n"
    "any trial runs. --out DIR names the sweep folder (default "
    "results/NAME-sweep-YYYYmmdd-HHMMSS,\n"
    "UTC); --json prints a JSON array of the points' summaries (each with a \"point\" object of\n"
    "the swept values) instead of the table. Draw it with `parley plot DIR`.\n"
    "\n"
    "Exit status: 0 success, 1 runtime or I/O failure, 2 usage or scenario error, 130 (Ctrl-C)\n"
    "or 143 (SIGTERM) interrupted.\n";

/* Options of `parley sweep`: run's, plus the --over specs. */
typedef struct {
  cli_run_options run;
  const char **overs; /* [n_overs], pointing into argv */
  size_t n_overs;
} cli_sweep_options;

/* The val of --over (options.h), after run's. */
enum { CLI_SWEEP_OPT_OVER = CLI_RUN_OPT_NEXT };

/* Sweep's own option (cli_run_options_own): appends an --over spec. */
static int sweep_own(void *ctx, int opt, const char *value) {
  cli_sweep_options *o = ctx;
  (void)opt; /* --over is the only one */
  const char **overs = realloc(o->overs, (o->n_overs + 1) * sizeof *overs);
  if (overs == NULL) {
    cli_error("sweep", "out of memory");
    return -1;
  }
  overs[o->n_overs++] = value;
  o->overs = overs;
  return 0;
}

/* Parses the arguments: run's options and --over; 0, or -1 after printing a usage error. */
static int sweep_parse(cli_sweep_options *o, int argc, char **argv) {
  static const struct option longopts[] = {
      CLI_RUN_OPTIONS, {"over", required_argument, NULL, CLI_SWEEP_OPT_OVER}, CLI_OPTION_END};
  return cli_run_options_parse(&o->run, argc, argv, "sweep", longopts, sweep_own, o);
}

/* Appends point k's summary s (scenario sc) to the --json array, with its swept values. */
static pl_status sweep_json_point(pl_summary_list *json, const pl_sweep *sw, size_t k,
                                  const pl_scenario *sc, const pl_summary *s) {
  const char *paths[PL_SWEEP_MAX_AXES];
  pl_point_value values[PL_SWEEP_MAX_AXES];
  size_t n = pl_sweep_n_axes(sw);
  for (size_t a = 0; a < n && a < PL_SWEEP_MAX_AXES; a++) {
    paths[a] = pl_sweep_axis_path(sw, a);
    values[a] = pl_sweep_point_exact(sw, k, a); /* an integer path's exactly */
  }
  return pl_summary_list_add(json, sc, s, n < PL_SWEEP_MAX_AXES ? n : PL_SWEEP_MAX_AXES, paths,
                             values);
}

/* Prints the warnings of point k's scenario that the base scenario does not have (those were
 * printed once before the sweep), e.g. a swept sd that makes a distribution clamp. */
static void sweep_point_warnings(const pl_scenario *base, const pl_scenario *sc, size_t k) {
  for (size_t w = 0; w < pl_scenario_n_warnings(sc); w++) {
    int known = 0;
    for (size_t b = 0; b < pl_scenario_n_warnings(base) && !known; b++) {
      known = pl_scenario_warning_line(base, b) == pl_scenario_warning_line(sc, w) &&
              strcmp(pl_scenario_warning_file(base, b), pl_scenario_warning_file(sc, w)) == 0 &&
              strcmp(pl_scenario_warning_message(base, b), pl_scenario_warning_message(sc, w)) == 0;
    }
    if (!known) {
      fprintf(stderr, "%s:%d: warning: point %zu: %s\n", pl_scenario_warning_file(sc, w),
              pl_scenario_warning_line(sc, w), k + 1, pl_scenario_warning_message(sc, w));
    }
  }
}

static void sweep_print_num(FILE *f, int width, int decimals, double x) {
  if (isnan(x)) {
    fprintf(f, "%*s", width, "-");
  } else {
    fprintf(f, "%*.*f", width, decimals, x);
  }
}

static void sweep_print_header(FILE *f, const pl_scenario *sc, const pl_sweep *sw,
                               pl_interval interval) {
  char title[1024]; /* the title for the terminal: control characters as \xNN */
  pl_text_terminal(pl_scenario_title(sc), title, sizeof title);
  fprintf(f,
          "%s%s%s: sweep over %zu point%s, %" PRIu64 " trials each, seed %" PRIu64
          " (same random streams at every point)\n\n",
          pl_scenario_name(sc), title[0] ? " - " : "", title, pl_sweep_n_points(sw),
          pl_sweep_n_points(sw) == 1 ? "" : "s", pl_scenario_trials(sc), pl_scenario_seed(sc));
  for (size_t a = 0; a < pl_sweep_n_axes(sw); a++) {
    fprintf(f, "%-*s  ", 14, pl_sweep_axis_path(sw, a));
  }
  fprintf(f, "%12s  %-19s  %11s  %10s\n", "P(agreement)",
          interval == PL_INTERVAL_EXACT ? "95% exact interval" : "95% interval", "mean rounds",
          "trials");
}

static void sweep_print_row(FILE *f, const pl_sweep *sw, size_t k, const pl_summary *s) {
  for (size_t a = 0; a < pl_sweep_n_axes(sw); a++) {
    char num[PL_SWEEP_TEXT_SIZE];
    pl_sweep_point_text(sw, k, a, num, sizeof num);
    int w = (int)strlen(pl_sweep_axis_path(sw, a));
    fprintf(f, "%-*s  ", w < 14 ? 14 : w, num);
  }
  sweep_print_num(f, 12, 4, s->p_agreement);
  fprintf(f, "  [%.4f, %.4f]  ", s->ci_low, s->ci_high);
  sweep_print_num(f, 11, 2, s->rounds_mean);
  fprintf(f, "  %10" PRIu64 "%s", s->trials, s->complete ? "" : "  (interrupted)");
  if (s->complete && s->precision > 0.0 && !s->precision_met) {
    fprintf(f, "  (precision NOT REACHED: half-width %.4g)", s->half_width);
  }
  fputc('\n', f);
}

/* Another MPI rank's sweep (cluster_cli.h): the root's loop of points without anything the root
 * alone does (folders, files, printing): at each point the same agreements, then its share of the
 * point's trials. Returns the exit status. */
static int sweep_worker(const cli_sweep_options *o, const pl_scenario *base, const pl_sweep *sw) {
  pl_diags *diags = pl_diags_alloc();
  const volatile sig_atomic_t *stop = cli_signals_install("parley sweep");
  int status = CLI_EXIT_OK, interrupted = 0;
  (void)base;
  if (!cli_cluster_agree(diags != NULL)) {
    status = CLI_EXIT_FAILURE;
  }
  for (size_t k = 0; status == CLI_EXIT_OK && k < pl_sweep_n_points(sw); k++) {
    if (!cli_cluster_agree(!interrupted)) {
      break;
    }
    pl_scenario *sc = NULL;
    pl_summary *s = NULL;
    pl_status rc = pl_sweep_point_scenario(sw, k, diags, &sc);
    if (!cli_cluster_agree(rc == PL_OK)) {
      pl_scenario_free(sc);
      status = CLI_EXIT_FAILURE;
      break;
    }
    double wall = 0.0;
    rc = cli_run_options_simulate(&o->run, sc, stop, "parley sweep", NULL, &s, &wall);
    if (rc == PL_EINTERRUPTED || (rc == PL_OK && !s->complete)) {
      interrupted = 1;
    } else if (rc != PL_OK) {
      status = CLI_EXIT_FAILURE; /* the root reports it */
    }
    pl_summary_free(s);
    pl_scenario_free(sc);
  }
  if (status == CLI_EXIT_OK && interrupted) {
    status = cli_signals_status(CLI_EXIT_INTERRUPTED);
  }
  cli_signals_restore();
  pl_diags_free(diags);
  return status;
}

int cli_sweep(int argc, char **argv) {
  cli_sweep_options o;
  memset(&o, 0, sizeof o);
  cli_run_options_init(&o.run);
  int status = CLI_EXIT_FAILURE;
  const int root = cli_cluster_root(); /* rank 0 under MPI, or the only process */
  int agreed = 0; /* every rank passed the first cli_cluster_agree (cluster_cli.h) */
  pl_diags *diags = NULL;
  pl_scenario *base = NULL;
  pl_sweep *sw = NULL;
  char *dir = NULL; /* the sweep folder (od.path while od is open) */
  cli_outdir od;
  int od_open = 0;
  char **cmdline = NULL;
  pl_summary_list *json = NULL;
  pl_sweep_tsv *tsv = NULL; /* sweep.tsv as it grows */
  if (sweep_parse(&o, argc, argv) != 0) {
    status = CLI_EXIT_USAGE;
    goto done;
  }
  if (o.run.help) {
    fputs(cli_sweep_usage, stdout);
    status = CLI_EXIT_OK;
    goto done;
  }
  if (o.run.scenario == NULL) {
    fputs("parley sweep: error: a SCENARIO file is required (see 'parley sweep --help')\n", stderr);
    status = CLI_EXIT_USAGE;
    goto done;
  }
  diags = pl_diags_alloc();
  if (diags == NULL) {
    fputs("parley sweep: error: out of memory\n", stderr);
    goto done;
  }
  pl_status rc = cli_run_options_load(&o.run, diags, &base);
  if (rc == PL_OK) {
    rc = pl_sweep_alloc(base, o.overs, o.n_overs, diags, &sw);
  }
  if (rc != PL_OK) {
    cli_print_diags(diags);
    if (pl_diags_count(diags) == 0) {
      fprintf(stderr, "parley sweep: error: %s\n", pl_status_string(rc));
    }
    status = rc == PL_ENOMEM ? CLI_EXIT_FAILURE : CLI_EXIT_USAGE;
    goto done;
  }
  if (!root) {
    status = sweep_worker(&o, base, sw);
    agreed = 1;
    goto done;
  }
  cli_print_warnings(base);

  /* Every point is valid: now the destination, created and locked (outdir.h). From here to the
   * last byte written, SIGINT and SIGTERM only set `stop` (signals.h). */
  const volatile sig_atomic_t *stop = cli_signals_install("parley sweep");
  time_t started = time(NULL);
  size_t nl = strlen(pl_scenario_name(base)) + 8;
  char *folder_label = malloc(nl);
  if (folder_label == NULL) {
    fputs("parley sweep: error: out of memory\n", stderr);
    goto done;
  }
  snprintf(folder_label, nl, "%s-sweep", pl_scenario_name(base));
  int od_rc = cli_outdir_open(&od, o.run.out, folder_label, started, "parley sweep");
  free(folder_label);
  if (od_rc != 0) {
    goto done;
  }
  od_open = 1;
  dir = od.path;
  if (pl_sweep_tsv_open(sw, dir, diags, &tsv) != PL_OK) {
    cli_print_diags(diags);
    fprintf(stderr, "parley sweep: error: cannot start %s/sweep.tsv\n", dir);
    goto done;
  }
  cmdline = malloc(((size_t)argc + 1) * sizeof *cmdline);
  if (cmdline == NULL) {
    fputs("parley sweep: error: out of memory\n", stderr);
    goto done;
  }
  cmdline[0] = "parley";
  for (int k = 0; k < argc; k++) {
    cmdline[k + 1] = argv[k];
  }
  if (o.run.json && pl_summary_list_alloc(&json) != PL_OK) {
    fputs("parley sweep: error: out of memory\n", stderr);
    goto done;
  }
  agreed = 1;
  if (!cli_cluster_agree(1)) {
    cli_error("sweep", "another MPI rank could not start (run the command without mpirun to see "
                       "why)");
    goto done;
  }
  int table = !o.run.json && !o.run.quiet;
  if (table) {
    sweep_print_header(stdout, base, sw, o.run.interval);
    fflush(stdout);
  }

  int interrupted = 0; /* a point's trials were cut, or a signal came: no further point */
  size_t written = 0;  /* points written */
  size_t recorded = 0; /* rows in sweep.tsv (the partial point of an interrupted sweep too) */
  size_t n_points = pl_sweep_n_points(sw), missed = 0; /* missed: points short of --precision */
  status = CLI_EXIT_OK;
  for (size_t k = 0; k < n_points; k++) {
    /* Under MPI every rank runs every point (sweep_worker mirrors this loop): all go on or all
     * stop, here and again just before the point's trials. */
    if (!cli_cluster_agree(!interrupted && status == CLI_EXIT_OK)) {
      break;
    }
    pl_scenario *sc = NULL;
    pl_summary *s = NULL;
    pl_trial_rows *rows = NULL;
    char name[32], label[64];
    snprintf(name, sizeof name, "point-%04zu", k + 1);
    snprintf(label, sizeof label, "parley sweep %zu/%zu", k + 1, n_points);
    char *pdir = malloc(strlen(dir) + sizeof name + 1);
    if (pdir == NULL) {
      fputs("parley sweep: error: out of memory\n", stderr);
      status = CLI_EXIT_FAILURE;
      break;
    }
    sprintf(pdir, "%s/%s", dir, name);
    struct stat sb;
    int pdir_made = stat(pdir, &sb) != 0;
    rc = pl_sweep_point_scenario(sw, k, diags, &sc);
    if (rc == PL_OK) {
      sweep_point_warnings(base, sc, k);
      rc = pl_results_ensure_dir(pdir, diags);
    }
    if (rc == PL_OK && o.run.per_trial) {
      rc = pl_trial_rows_open(pdir, sc, diags, &rows);
    }
    if (!cli_cluster_agree(rc == PL_OK) && rc == PL_OK) { /* another rank failed: it said why */
      status = CLI_EXIT_FAILURE;
      pl_trial_rows_free(rows);
      if (pdir_made) {
        (void)rmdir(pdir);
      }
      pl_scenario_free(sc);
      free(pdir);
      break;
    }
    if (rc == PL_OK) {
      /* What a second signal during the trials removes: this point's rows and folder (if this
       * command made it and it is still empty), the lock, and the sweep folder if it is empty. */
      const char *owned_files[3] = {pl_trial_rows_path(rows), pl_sweep_tsv_staged_path(tsv),
                                    od.lock_path};
      const char *owned_dirs[CLI_SIGNALS_MAX_PATHS];
      size_t n_dirs = 0;
      owned_dirs[n_dirs++] = pdir_made ? pdir : NULL;
      for (size_t m = 0; m < od.n_made && n_dirs < CLI_SIGNALS_MAX_PATHS; m++) {
        owned_dirs[n_dirs++] = od.made[m];
      }
      cli_signals_own(owned_files, 3, owned_dirs, n_dirs);
      cli_signals_trials();
      time_t point_started = time(NULL);
      double wall = 0.0;
      rc = cli_run_options_simulate(&o.run, sc, stop, label, rows, &s, &wall);
      cli_signals_writing();
      if (rc == PL_EINTERRUPTED || (rc == PL_OK && !s->complete)) {
        interrupted = 1;
        rc = PL_OK;
      }
      if (rc == PL_OK) {
        pl_run_info info;
        info.threads = o.run.threads > 0 ? o.run.threads : (unsigned)omp_get_max_threads();
        info.wall_seconds = wall;
        info.started = point_started;
        info.ranks = cli_cluster_ranks();
        info.argc = argc + 1;
        info.argv = cmdline;
        rc = pl_results_write(pdir, sc, s, &info, rows, diags);
      }
      if (rc == PL_OK) {
        missed += s->complete && s->precision > 0.0 && !s->precision_met;
        pl_sweep_record(sw, k, s);
        recorded++;
        rc = pl_sweep_tsv_append(tsv, k, diags); /* one row appended; sweep.tsv: see sweep.h */
        written += rc == PL_OK && !interrupted;
      }
      if (*stop != 0) {
        interrupted = 1; /* a signal during this point's write: it finished; stop here */
      }
      if (rc == PL_OK && o.run.json) {
        rc = sweep_json_point(json, sw, k, sc, s);
      }
      if (rc == PL_OK && table) {
        sweep_print_row(stdout, sw, k, s);
        fflush(stdout);
      }
    }
    if (rc != PL_OK) {
      cli_print_diags(diags);
      fprintf(stderr, "parley sweep: error: point %zu of %zu (%s/): %s\n", k + 1, n_points, pdir,
              pl_status_string(rc));
      status = CLI_EXIT_FAILURE;
    }
    pl_trial_rows_free(rows);
    if (rc != PL_OK && pdir_made) {
      (void)rmdir(pdir); /* nothing of this point was written: no empty folder stays */
    }
    pl_summary_free(s);
    pl_scenario_free(sc);
    free(pdir);
  }
  /* sweep.tsv with every point recorded, `# complete: true` only when every point was written
   * (after a failure too, if any point was: the folder keeps what was done). */
  if (recorded > 0) {
    int complete = status == CLI_EXIT_OK && written == n_points;
    if (pl_sweep_tsv_commit(tsv, complete, diags) != PL_OK) {
      cli_print_diags(diags);
      fprintf(stderr, "parley sweep: error: cannot write %s/sweep.tsv\n", dir);
      status = CLI_EXIT_FAILURE;
    }
  }
  pl_sweep_tsv_free(tsv); /* removes the staged file if it was not committed */
  tsv = NULL;
  /* Written (or failed): release the folder while signals are still held, then restore them. */
  int signalled = cli_signals_status(0);
  dir = malloc(strlen(od.path) + 1);
  if (dir != NULL) {
    strcpy(dir, od.path);
  }
  cli_outdir_close(&od, status == CLI_EXIT_OK);
  od_open = 0;
  cli_signals_restore();
  if (status != CLI_EXIT_OK) {
    goto done;
  }
  if (dir == NULL) {
    fputs("parley sweep: error: out of memory\n", stderr);
    status = CLI_EXIT_FAILURE;
    goto done;
  }
  if (o.run.json) {
    char *text = NULL;
    if (pl_summary_list_finish(json, &text) != PL_OK) {
      fputs("parley sweep: error: out of memory\n", stderr);
      status = CLI_EXIT_FAILURE;
      goto done;
    }
    fputs(text, stdout);
    free(text);
  } else if (table) {
    printf("\nResults written to %s/ (sweep.tsv, point-NNNN/); draw them with: parley plot %s\n",
           dir, dir);
  }
  if (missed > 0) {
    fprintf(stderr,
            "parley sweep: warning: the --precision target %g was not reached at %zu of %zu "
            "point%s: %s stopped at the most %s allows (\"precision_met\": false in %s "
            "summary.json)\n",
            o.run.precision, missed, n_points, n_points == 1 ? "" : "s",
            missed == 1 ? "it" : "they", o.run.has_trials ? "--trials" : "parley",
            missed == 1 ? "its" : "their");
  }
  if (interrupted && written == n_points) {
    fprintf(stderr,
            "parley sweep: interrupted while writing the results; all %zu points were written "
            "(\"complete\": true) in %s/\n",
            n_points, dir);
  } else if (interrupted) {
    fprintf(stderr,
            "parley sweep: interrupted; the points completed so far and the partial point are "
            "in %s/ (\"complete\": false)\n",
            dir);
  }
  if (interrupted) {
    status = signalled != 0 ? signalled : CLI_EXIT_INTERRUPTED;
  }

done:
  if (!agreed) { /* failed before the points: the other ranks stop at their agreement too */
    (void)cli_cluster_agree(0);
  }
  pl_sweep_tsv_free(tsv);
  if (od_open) {
    dir = NULL; /* od's */
    cli_outdir_close(&od, 0);
  }
  cli_signals_restore();
  pl_summary_list_free(json);
  free(cmdline);
  free(dir);
  pl_sweep_free(sw);
  pl_scenario_free(base);
  pl_diags_free(diags);
  free(o.overs);
  cli_run_options_free(&o.run);
  return status;
}
