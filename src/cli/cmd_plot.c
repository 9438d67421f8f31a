/*
 * cmd_plot.c — `parley plot RESULTS_DIR [--format png|svg]`: draws a results folder with gnuplot.
 *
 * A run folder (outcomes.tsv, rounds.tsv, agreement_point.tsv) gets outcomes, rounds and
 * agreement_point plots; a sweep folder (sweep.tsv) gets only its sweep plot: sweep (one
 * `# over:` line) or sweep_heatmap (two). The scripts are plots/NAME.gp, found in the folder named
 * by the environment variable PARLEY_PLOTS_DIR, else in the source tree's plots/ (compile-time
 * PARLEY_PLOTS_DIR). Each plot is drawn to a temporary name in RESULTS_DIR and renamed into place,
 * so a failed gnuplot never leaves a half-written picture under its final name. gnuplot's messages
 * are kept and shown only when it fails. Exit: 0, 1 (gnuplot missing or failing, I/O), 2 (usage).
 */
#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "options.h"

#ifndef PARLEY_PLOTS_DIR
#define PARLEY_PLOTS_DIR "plots"
#endif

extern char **environ;

static const char cli_plot_usage[] =
    "usage: parley plot RESULTS_DIR [--format png|svg]\n"
    "\n"
    "Draws the plots of a results folder with gnuplot, into that folder:\n"
    "  a run folder:   outcomes, rounds, agreement_point (one panel per issue)\n"
    "  a sweep folder: sweep (one swept parameter) or sweep_heatmap (two)\n"
    "and prints the files written. The gnuplot scripts are in plots/ (override the folder with\n"
    "the environment variable PARLEY_PLOTS_DIR); each also runs by hand:\n"
    "  gnuplot -c plots/NAME.gp DATAFILE OUTFILE [png|svg]\n"
    "\n"
    "options:\n"
    "  --format png|svg   the picture format (default png)\n"
    "  -h, --help         show this help\n";

/* "a/b" in a new string, or NULL. */
static char *plot_join(const char *a, const char *b) {
  size_t n = strlen(a) + strlen(b) + 2;
  char *s = malloc(n);
  if (s != NULL) {
    snprintf(s, n, "%s/%s", a, b);
  }
  return s;
}

static int plot_is_file(const char *dir, const char *name) {
  char *p = plot_join(dir, name);
  struct stat st;
  int ok = p != NULL && stat(p, &st) == 0 && S_ISREG(st.st_mode);
  free(p);
  return ok;
}

/* Number of "# over: " lines in dir/sweep.tsv (-1 if unreadable). */
static int plot_count_overs(const char *dir) {
  char *p = plot_join(dir, "sweep.tsv");
  FILE *f = p != NULL ? fopen(p, "r") : NULL;
  free(p);
  if (f == NULL) {
    return -1;
  }
  char line[4096];
  int n = 0;
  while (fgets(line, sizeof line, f) != NULL && line[0] == '#') {
    n += strncmp(line, "# over: ", 8) == 0;
  }
  fclose(f);
  return n;
}

/* Runs `gnuplot -c SCRIPT DATA TMP FORMAT`, then renames TMP to OUT. Returns 0; 1 after printing
 * why (with gnuplot's own messages); 2 when gnuplot cannot be run at all (no point trying again).
 */
static int plot_one(const char *plots_dir, const char *script, const char *dir, const char *data,
                    const char *out_name, const char *format) {
  int status = 1;
  char *script_path = plot_join(plots_dir, script);
  char *data_path = plot_join(dir, data);
  char *out_path = plot_join(dir, out_name);
  size_t tn = strlen(out_name) + 32;
  char *tmp_name = malloc(tn);
  char *tmp_path = NULL;
  FILE *log = tmpfile();
  posix_spawn_file_actions_t fa;
  int fa_ok = 0;
  if (script_path == NULL || data_path == NULL || out_path == NULL || tmp_name == NULL ||
      log == NULL) {
    fprintf(stderr, "parley plot: error: out of memory or no temporary file\n");
    goto done;
  }
  snprintf(tmp_name, tn, ".%s.tmp-%ld", out_name, (long)getpid());
  tmp_path = plot_join(dir, tmp_name);
  if (tmp_path == NULL) {
    goto done;
  }
  if (access(script_path, R_OK) != 0) {
    fprintf(stderr,
            "parley plot: error: cannot read the gnuplot script %s (%s); set PARLEY_PLOTS_DIR to "
            "the folder holding parley's plots/*.gp\n",
            script_path, strerror(errno));
    goto done;
  }
  if (posix_spawn_file_actions_init(&fa) != 0) {
    goto done;
  }
  fa_ok = 1;
  /* gnuplot writes warnings and errors on stderr (and nothing useful on stdout): keep both in
   * the log, shown only on failure. */
  posix_spawn_file_actions_adddup2(&fa, fileno(log), STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&fa, fileno(log), STDERR_FILENO);
  char fmt[8];
  snprintf(fmt, sizeof fmt, "%s", format);
  char *args[] = {"gnuplot", "-c", script_path, data_path, tmp_path, fmt, NULL};
  pid_t pid = 0;
  int err = posix_spawnp(&pid, "gnuplot", &fa, NULL, args, environ);
  if (err != 0) {
    fprintf(stderr,
            "parley plot: error: cannot run gnuplot (%s); install it (Debian: apt-get install "
            "gnuplot-nox) or put it on PATH\n",
            strerror(err));
    status = 2;
    goto done;
  }
  int ws = 0;
  while (waitpid(pid, &ws, 0) < 0) {
    if (errno != EINTR) {
      fprintf(stderr, "parley plot: error: waiting for gnuplot: %s\n", strerror(errno));
      goto done;
    }
  }
  if (WIFEXITED(ws) && WEXITSTATUS(ws) == 127) {
    fprintf(stderr, "parley plot: error: gnuplot was not found; install it (Debian: apt-get "
                    "install gnuplot-nox) or put it on PATH\n");
    status = 2;
    goto done;
  }
  struct stat st;
  if (!WIFEXITED(ws) || WEXITSTATUS(ws) != 0 || stat(tmp_path, &st) != 0 || st.st_size == 0) {
    fflush(log);
    rewind(log);
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, log)) > 0) {
      fwrite(buf, 1, n, stderr);
    }
    fprintf(stderr, "parley plot: error: gnuplot failed on %s with %s (%s %d)\n", script_path,
            data_path, WIFEXITED(ws) ? "exit status" : "signal",
            WIFEXITED(ws) ? WEXITSTATUS(ws) : (WIFSIGNALED(ws) ? WTERMSIG(ws) : 0));
    goto done;
  }
  if (rename(tmp_path, out_path) != 0) {
    fprintf(stderr, "parley plot: error: cannot rename %s to %s: %s\n", tmp_path, out_path,
            strerror(errno));
    goto done;
  }
  printf("%s\n", out_path);
  status = 0;
done:
  if (tmp_path != NULL && status != 0) {
    remove(tmp_path);
  }
  if (fa_ok) {
    posix_spawn_file_actions_destroy(&fa);
  }
  if (log != NULL) {
    fclose(log);
  }
  free(script_path);
  free(data_path);
  free(out_path);
  free(tmp_name);
  free(tmp_path);
  return status;
}

int cli_plot(int argc, char **argv) {
  enum { CLI_PLOT_OPT_FORMAT = CLI_OPT_FIRST };
  static const struct option longopts[] = {
      {"format", required_argument, NULL, CLI_PLOT_OPT_FORMAT}, CLI_OPTION_HELP, CLI_OPTION_END};
  const char *dir = NULL;
  const char *format = "png";
  int help = 0;
  cli_scan scan;
  cli_scan_init(&scan, "plot", argc, argv, longopts);
  const char *v = NULL;
  int c;
  while ((c = cli_scan_next(&scan, &v)) != CLI_END) {
    switch (c) {
    case CLI_ERROR:
      return CLI_EXIT_USAGE;
    case CLI_OPT_HELP:
      help = 1;
      break;
    case CLI_PLOT_OPT_FORMAT:
      if (strcmp(v, "png") != 0 && strcmp(v, "svg") != 0) {
        cli_error("plot", "--format '%s': expected png or svg", v);
        return CLI_EXIT_USAGE;
      }
      format = v;
      break;
    default: /* CLI_OPERAND */
      if (dir != NULL) {
        cli_error("plot", "one RESULTS_DIR expected, got '%s' and '%s'", dir, v);
        return CLI_EXIT_USAGE;
      }
      dir = v;
    }
  }
  if (help) {
    fputs(cli_plot_usage, stdout);
    return CLI_EXIT_OK;
  }
  if (dir == NULL) {
    cli_error("plot", "no RESULTS_DIR given");
    fputs(cli_plot_usage, stderr);
    return CLI_EXIT_USAGE;
  }
  struct stat st;
  if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
    fprintf(stderr, "parley plot: error: %s is not a folder\n", dir);
    return CLI_EXIT_USAGE;
  }
  const char *plots_dir = getenv("PARLEY_PLOTS_DIR");
  if (plots_dir == NULL || plots_dir[0] == '\0') {
    plots_dir = PARLEY_PLOTS_DIR;
  }
  char out[64];
  if (plot_is_file(dir, "sweep.tsv")) {
    int overs = plot_count_overs(dir);
    if (overs != 1 && overs != 2) {
      fprintf(stderr,
              "parley plot: error: %s/sweep.tsv has %d '# over:' lines (a sweep plot needs 1 or "
              "2)\n",
              dir, overs);
      return CLI_EXIT_USAGE;
    }
    snprintf(out, sizeof out, "%s.%s", overs == 1 ? "sweep" : "sweep_heatmap", format);
    return plot_one(plots_dir, overs == 1 ? "sweep.gp" : "sweep2d.gp", dir, "sweep.tsv", out,
                    format) == 0
               ? CLI_EXIT_OK
               : CLI_EXIT_FAILURE;
  }
  static const struct {
    const char *data, *script, *out;
  } run_plots[] = {{"outcomes.tsv", "outcomes.gp", "outcomes"},
                   {"rounds.tsv", "rounds.gp", "rounds"},
                   {"agreement_point.tsv", "agreement_point.gp", "agreement_point"}};
  if (!plot_is_file(dir, "outcomes.tsv")) {
    fprintf(stderr,
            "parley plot: error: %s is not a parley results folder (no outcomes.tsv or "
            "sweep.tsv)\n",
            dir);
    return CLI_EXIT_USAGE;
  }
  int failed = 0;
  for (size_t k = 0; k < sizeof run_plots / sizeof run_plots[0] && failed < 2; k++) {
    if (!plot_is_file(dir, run_plots[k].data)) {
      fprintf(stderr, "parley plot: error: %s/%s is missing\n", dir, run_plots[k].data);
      failed = 1;
      continue;
    }
    snprintf(out, sizeof out, "%s.%s", run_plots[k].out, format);
    int r = plot_one(plots_dir, run_plots[k].script, dir, run_plots[k].data, out, format);
    failed = r > failed ? r : failed;
  }
  return failed ? CLI_EXIT_FAILURE : CLI_EXIT_OK;
}
