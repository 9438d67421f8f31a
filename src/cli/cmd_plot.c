/*
 * cmd_plot.c — `parley plot RESULTS_DIR [--format png|svg]`: draws a results folder with gnuplot.
 *
 * A run folder (outcomes.tsv, rounds.tsv, agreement_point.tsv) gets outcomes, rounds and
 * agreement_point plots; a sweep folder (sweep.tsv) gets only its sweep plot: sweep (one
 * `# over:` line) or sweep_heatmap (two); a sensitivity folder (sensitivity.tsv or sobol.tsv)
 * gets tornado, sobol and p_given_judgements, each when its file is there; a compare folder
 * (compare.tsv) gets compare, a backtest folder (reliability.tsv) reliability. The scripts are
 * NAME.gp in the folder named by the environment variable PARLEY_PLOTS_DIR, else in the folder
 * plot_scripts_dir finds from where the executable is (never from the results folder or the
 * working directory). Each plot is drawn to a temporary name
 * in RESULTS_DIR and renamed into place, so a failed gnuplot never leaves a half-written picture
 * under its final name. gnuplot's messages are kept and shown only when it fails. Exit: 0, 1
 * (gnuplot missing or failing, I/O), 2 (usage).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "options.h"
#include "signals.h"

/* Set by cmake/install.cmake: the build folder and its source tree's plots/, the installed plots
 * folder relative to the installed executable's folder, and the configured prefix's. */
#ifndef PARLEY_BUILD_DIR
#define PARLEY_BUILD_DIR ""
#endif
#ifndef PARLEY_SOURCE_PLOTS_DIR
#define PARLEY_SOURCE_PLOTS_DIR "plots"
#endif
#ifndef PARLEY_PLOTS_FROM_BIN
#define PARLEY_PLOTS_FROM_BIN "../share/parley/plots"
#endif
#ifndef PARLEY_INSTALLED_PLOTS_DIR
#define PARLEY_INSTALLED_PLOTS_DIR "/usr/local/share/parley/plots"
#endif

extern char **environ;

static const char cli_plot_usage[] =
    "usage: parley plot RESULTS_DIR [--format png|svg]\n"
    "\n"
    "Draws the plots of a results folder with gnuplot, into that folder:\n"
    "  a run folder:   outcomes, rounds, agreement_point (one panel per issue)\n"
    "  a sweep folder: sweep (one swept parameter) or sweep_heatmap (two)\n"
    "  a sensitivity folder: tornado, sobol and p_given_judgements (those whose\n"
    "                  file is there: sensitivity.tsv, sobol.tsv, p_given_judgements.tsv)\n"
    "  a compare folder: compare (P(agreement) of each scenario, paired differences)\n"
    "  a backtest folder: reliability (forecast probability against observed frequency)\n"
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

/* 1 if dir/name exists (following symlinks), 0 if not. */
static int plot_exists(const char *dir, const char *name) {
  char *p = plot_join(dir, name);
  struct stat st;
  int ok = p != NULL && stat(p, &st) == 0;
  free(p);
  return ok;
}

/* 1 if dir/name is a regular file (a FIFO or device would block or never end gnuplot's read). */
static int plot_is_file(const char *dir, const char *name) {
  char *p = plot_join(dir, name);
  struct stat st;
  int ok = p != NULL && stat(p, &st) == 0 && S_ISREG(st.st_mode);
  free(p);
  return ok;
}

/* 1 if path is a folder. */
static int plot_is_dir(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The folder of the gnuplot scripts, in a new string (NULL: out of memory). Found from where the
 * running executable is (/proc/self/exe, symlinks resolved), never from the working directory or
 * the results folder: an executable in its build folder (PARLEY_BUILD_DIR) uses its source
 * tree's plots/; an installed one uses BINDIR/PARLEY_PLOTS_FROM_BIN (share/parley/plots of the
 * prefix it is in, so a relocated prefix works), else the configured prefix's. When none is a
 * folder, the last tried is returned and the missing script is reported when it is read. */
static char *plot_scripts_dir(void) {
  char exe[4096];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n > 0) {
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (slash != NULL) {
      *slash = '\0';
      struct stat b, e;
      int in_build = stat(PARLEY_BUILD_DIR, &b) == 0 && stat(exe[0] != '\0' ? exe : "/", &e) == 0 &&
                     b.st_dev == e.st_dev && b.st_ino == e.st_ino;
      if (in_build && plot_is_dir(PARLEY_SOURCE_PLOTS_DIR)) {
        return strdup(PARLEY_SOURCE_PLOTS_DIR);
      }
      char *rel = plot_join(exe, PARLEY_PLOTS_FROM_BIN);
      if (rel == NULL || plot_is_dir(rel)) {
        return rel;
      }
      free(rel);
    }
  }
  return strdup(PARLEY_INSTALLED_PLOTS_DIR);
}

/* Counts the metadata lines of dir/name (a regular file) that start with `prefix`, reading up to
 * the first line that is not metadata; -1 if unreadable. Lines longer than the buffer are read in
 * pieces, of which only a line's first counts. */
static long plot_count_meta(const char *dir, const char *name, const char *prefix) {
  char *p = plot_join(dir, name);
  FILE *f = p != NULL ? fopen(p, "r") : NULL;
  free(p);
  if (f == NULL) {
    return -1;
  }
  char line[4096];
  long n = 0;
  int at_start = 1;
  while (fgets(line, sizeof line, f) != NULL) {
    if (at_start && line[0] != '#') {
      break;
    }
    if (at_start) {
      n += strncmp(line, prefix, strlen(prefix)) == 0;
    }
    at_start = strchr(line, '\n') != NULL;
  }
  fclose(f);
  return n;
}

/* Creates a new, empty file DIR/.OUT.tmp-PID[-K] exclusively (never through an existing name, so
 * never through a planted symlink), mode 0600. Returns its descriptor and sets *path (to free);
 * -1 after printing why. */
static int plot_create_tmp(const char *dir, const char *out_name, char **path) {
  size_t tn = strlen(out_name) + 64;
  char *name = malloc(tn);
  *path = NULL;
  if (name == NULL) {
    fprintf(stderr, "parley plot: error: out of memory\n");
    return -1;
  }
  for (int k = 0; k < 100; k++) {
    if (k == 0) {
      snprintf(name, tn, ".%s.tmp-%ld", out_name, (long)getpid());
    } else {
      snprintf(name, tn, ".%s.tmp-%ld-%d", out_name, (long)getpid(), k);
    }
    char *p = plot_join(dir, name);
    if (p == NULL) {
      break;
    }
    int fd = open(p, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd >= 0) {
      free(name);
      *path = p;
      return fd;
    }
    int e = errno;
    if (e != EEXIST) {
      fprintf(stderr, "parley plot: error: cannot create %s: %s\n", p, strerror(e));
      free(p);
      free(name);
      return -1;
    }
    free(p);
  }
  fprintf(stderr, "parley plot: error: cannot create a temporary picture in %s (names taken)\n",
          dir);
  free(name);
  return -1;
}

/* Runs `gnuplot -c SCRIPT DATA OUTFILE FORMAT [EXTRA...]` with the picture going to a temporary
 * file parley created (handed to gnuplot as its descriptor 3, /dev/fd/3, so gnuplot opens no name
 * of the results folder for writing), then renames it to DIR/OUT. No shell is involved: every
 * argument reaches gnuplot as a string variable (ARG1...) it never evaluates. Returns 0; 1 after
 * printing why (with gnuplot's own messages); 2 when gnuplot cannot be run at all (no point trying
 * again); 128 + the signal when SIGINT or SIGTERM came (gnuplot is stopped, the temporary file
 * removed). */
static int plot_one(const char *plots_dir, const char *script, const char *dir, const char *data,
                    const char *out_name, const char *format, const char *extra1,
                    const char *extra2, const volatile sig_atomic_t *stop) {
  int status = 1;
  char *script_path = plot_join(plots_dir, script);
  char *data_path = plot_join(dir, data);
  char *out_path = plot_join(dir, out_name);
  char *tmp_path = NULL;
  int tmp_fd = -1;
  FILE *log = tmpfile();
  posix_spawn_file_actions_t fa;
  int fa_ok = 0;
  if (script_path == NULL || data_path == NULL || out_path == NULL || log == NULL) {
    fprintf(stderr, "parley plot: error: out of memory or no temporary file\n");
    goto done;
  }
  struct stat st;
  errno = 0;
  if (stat(script_path, &st) != 0 || !S_ISREG(st.st_mode) || access(script_path, R_OK) != 0) {
    fprintf(stderr,
            "parley plot: error: cannot read the gnuplot script %s (%s); set PARLEY_PLOTS_DIR to "
            "the folder holding parley's plots/*.gp\n",
            script_path, errno != 0 ? strerror(errno) : "not a regular file");
    goto done;
  }
  tmp_fd = plot_create_tmp(dir, out_name, &tmp_path);
  if (tmp_fd < 0) {
    goto done;
  }
  if (posix_spawn_file_actions_init(&fa) != 0) {
    goto done;
  }
  fa_ok = 1;
  /* gnuplot writes warnings and errors on stderr (and nothing useful on stdout): keep both in
   * the log, shown only on failure. The picture goes to descriptor 3. */
  int log_fd = fileno(log);
  if (posix_spawn_file_actions_adddup2(&fa, log_fd, STDOUT_FILENO) != 0 ||
      posix_spawn_file_actions_adddup2(&fa, log_fd, STDERR_FILENO) != 0 ||
      posix_spawn_file_actions_adddup2(&fa, tmp_fd, 3) != 0) {
    fprintf(stderr, "parley plot: error: out of memory\n");
    goto done;
  }
  char fmt[8];
  snprintf(fmt, sizeof fmt, "%s", format);
  char c_gnuplot[] = "gnuplot", c_c[] = "-c", c_out[] = "/dev/fd/3";
  char *args[] = {c_gnuplot, c_c,       script_path, data_path, c_out,
                  fmt,       (char *)0, (char *)0,   (char *)0};
  size_t na = 6;
  if (extra1 != NULL) {
    args[na++] = (char *)(uintptr_t)extra1; /* posix_spawn's argv is not const; it is not written */
    if (extra2 != NULL) {
      args[na++] = (char *)(uintptr_t)extra2;
    }
  }
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
  /* While gnuplot draws, a second signal removes the temporary picture and ends parley. */
  const char *owned[1] = {tmp_path};
  cli_signals_own(owned, 1, NULL, 0);
  cli_signals_trials();
  int ws = 0;
  int killed = 0;
  for (;;) {
    if (*stop && !killed) {
      kill(pid, SIGTERM);
      killed = 1;
    }
    if (waitpid(pid, &ws, 0) >= 0) {
      break;
    }
    if (errno != EINTR) {
      fprintf(stderr, "parley plot: error: waiting for gnuplot: %s\n", strerror(errno));
      goto done;
    }
  }
  cli_signals_writing(); /* from here the picture is renamed or removed, whatever comes */
  if (*stop) {
    status = 128 + (int)*stop;
    fprintf(stderr, "parley plot: interrupted (%s); %s not drawn\n",
            *stop == SIGTERM ? "SIGTERM" : "SIGINT", out_path);
    goto done;
  }
  if (WIFEXITED(ws) && WEXITSTATUS(ws) == 127) {
    fprintf(stderr, "parley plot: error: gnuplot was not found; install it (Debian: apt-get "
                    "install gnuplot-nox) or put it on PATH\n");
    status = 2;
    goto done;
  }
  if (!WIFEXITED(ws) || WEXITSTATUS(ws) != 0 || fstat(tmp_fd, &st) != 0 || st.st_size == 0) {
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
  if (close(tmp_fd) != 0) {
    tmp_fd = -1;
    fprintf(stderr, "parley plot: error: cannot write %s: %s\n", tmp_path, strerror(errno));
    goto done;
  }
  tmp_fd = -1;
  if (rename(tmp_path, out_path) != 0) {
    fprintf(stderr, "parley plot: error: cannot rename %s to %s: %s\n", tmp_path, out_path,
            strerror(errno));
    goto done;
  }
  printf("%s\n", out_path);
  status = 0;
done:
  if (tmp_fd >= 0) {
    close(tmp_fd);
  }
  cli_signals_writing(); /* (if gnuplot's wait failed) */
  if (tmp_path != NULL && status != 0) {
    remove(tmp_path);
  }
  cli_signals_own(NULL, 0, NULL, 0);
  cli_signals_idle();
  if (fa_ok) {
    posix_spawn_file_actions_destroy(&fa);
  }
  if (log != NULL) {
    fclose(log);
  }
  free(script_path);
  free(data_path);
  free(out_path);
  free(tmp_path);
  return status;
}

/* Flushes stdout; 0, or 1 after a message when it could not be written (a full disk, /dev/full). */
static int plot_flush_stdout(void) {
  if (fflush(stdout) != 0 || ferror(stdout)) {
    fprintf(stderr, "parley plot: error: cannot write to standard output: %s\n",
            errno != 0 ? strerror(errno) : "write error");
    return 1;
  }
  return 0;
}

/* Issues per agreement_point picture: 60 panels in two columns are 130 + 340 * 30 = 10330 pixels
 * high, well inside Cairo's limit of 32767 (plots/agreement_point.gp). */
enum { PLOT_ISSUES_PER_PAGE = 60 };

/* The plots of a run folder, then the exit status. */
static int plot_run(const char *plots_dir, const char *dir, const char *format,
                    const volatile sig_atomic_t *stop) {
  static const struct {
    const char *data, *script, *out;
  } run_plots[] = {{"outcomes.tsv", "outcomes.gp", "outcomes"},
                   {"rounds.tsv", "rounds.gp", "rounds"},
                   {"agreement_point.tsv", "agreement_point.gp", "agreement_point"}};
  int failed = 0;
  char out[96];
  for (size_t k = 0; k < sizeof run_plots / sizeof run_plots[0] && failed < 2; k++) {
    if (!plot_exists(dir, run_plots[k].data)) {
      fprintf(stderr, "parley plot: error: %s/%s is missing\n", dir, run_plots[k].data);
      failed = 1;
      continue;
    }
    if (!plot_is_file(dir, run_plots[k].data)) {
      fprintf(stderr, "parley plot: error: %s/%s is not a regular file\n", dir, run_plots[k].data);
      failed = 1;
      continue;
    }
    long pages = 1;
    long issues = 0;
    if (strcmp(run_plots[k].script, "agreement_point.gp") == 0) {
      issues = plot_count_meta(dir, run_plots[k].data, "# issue: ");
      pages = issues > PLOT_ISSUES_PER_PAGE
                  ? (issues + PLOT_ISSUES_PER_PAGE - 1) / PLOT_ISSUES_PER_PAGE
                  : 1;
    }
    for (long pg = 1; pg <= pages && failed < 2; pg++) {
      char first[32], last[32];
      if (pages == 1) {
        snprintf(out, sizeof out, "%s.%s", run_plots[k].out, format);
      } else {
        long hi = pg * PLOT_ISSUES_PER_PAGE;
        snprintf(out, sizeof out, "%s-%ld.%s", run_plots[k].out, pg, format);
        snprintf(first, sizeof first, "%ld", (pg - 1) * PLOT_ISSUES_PER_PAGE + 1);
        snprintf(last, sizeof last, "%ld", hi < issues ? hi : issues);
      }
      int r = plot_one(plots_dir, run_plots[k].script, dir, run_plots[k].data, out, format,
                       pages == 1 ? NULL : first, pages == 1 ? NULL : last, stop);
      if (r > 2) {
        return r;
      }
      failed = r > failed ? r : failed;
    }
  }
  return failed ? CLI_EXIT_FAILURE : CLI_EXIT_OK;
}

/* The plots of a sensitivity folder (sensitivity.tsv for the tornado, sobol.tsv,
 * p_given_judgements.tsv; each drawn when it is there), then the exit status. */
static int plot_sensitivity(const char *plots_dir, const char *dir, const char *format,
                            const volatile sig_atomic_t *stop) {
  static const struct {
    const char *data, *script, *out;
  } sens_plots[] = {{"sensitivity.tsv", "tornado.gp", "tornado"},
                    {"sobol.tsv", "sobol.gp", "sobol"},
                    {"p_given_judgements.tsv", "p_given_judgements.gp", "p_given_judgements"}};
  int failed = 0;
  char out[96];
  for (size_t k = 0; k < sizeof sens_plots / sizeof sens_plots[0]; k++) {
    if (!plot_exists(dir, sens_plots[k].data)) {
      continue;
    }
    if (!plot_is_file(dir, sens_plots[k].data)) {
      fprintf(stderr, "parley plot: error: %s/%s is not a regular file\n", dir, sens_plots[k].data);
      failed = 1;
      continue;
    }
    snprintf(out, sizeof out, "%s.%s", sens_plots[k].out, format);
    int r = plot_one(plots_dir, sens_plots[k].script, dir, sens_plots[k].data, out, format, NULL,
                     NULL, stop);
    if (r > 2) {
      return r;
    }
    if (r == 2) {
      return CLI_EXIT_FAILURE; /* gnuplot cannot run at all: no point trying the next plot */
    }
    failed = r > failed ? r : failed;
  }
  return failed ? CLI_EXIT_FAILURE : CLI_EXIT_OK;
}

/* Draws the plots of the results folder dir (an absolute path); the exit status. */
static int plot_folder(const char *plots_dir, const char *dir, const char *format,
                       const volatile sig_atomic_t *stop) {
  char out[64];
  if (plot_exists(dir, "sweep.tsv")) {
    if (!plot_is_file(dir, "sweep.tsv")) {
      fprintf(stderr, "parley plot: error: %s/sweep.tsv is not a regular file\n", dir);
      return CLI_EXIT_FAILURE;
    }
    long overs = plot_count_meta(dir, "sweep.tsv", "# over: ");
    if (overs != 1 && overs != 2) {
      fprintf(stderr,
              "parley plot: error: %s/sweep.tsv has %ld '# over:' lines (a sweep plot needs 1 or "
              "2)\n",
              dir, overs);
      return CLI_EXIT_USAGE;
    }
    snprintf(out, sizeof out, "%s.%s", overs == 1 ? "sweep" : "sweep_heatmap", format);
    /* Issue units for the axis labels: the first point's agreement_point.tsv, when it is a
     * regular file. */
    char *units = plot_join(dir, "point-0001/agreement_point.tsv");
    if (units == NULL) {
      fprintf(stderr, "parley plot: error: out of memory\n");
      return CLI_EXIT_FAILURE;
    }
    int r =
        plot_one(plots_dir, overs == 1 ? "sweep.gp" : "sweep2d.gp", dir, "sweep.tsv", out, format,
                 plot_is_file(dir, "point-0001/agreement_point.tsv") ? units : "", NULL, stop);
    free(units);
    return r == 0 ? CLI_EXIT_OK : r > 2 ? r : CLI_EXIT_FAILURE;
  }
  /* A compare folder (compare.tsv) and a backtest folder (reliability.tsv): one plot each. */
  static const struct {
    const char *data, *script, *out;
  } single[] = {{"compare.tsv", "compare.gp", "compare"},
                {"reliability.tsv", "reliability.gp", "reliability"}};
  for (size_t k = 0; k < sizeof single / sizeof single[0]; k++) {
    if (!plot_exists(dir, single[k].data)) {
      continue;
    }
    if (!plot_is_file(dir, single[k].data)) {
      fprintf(stderr, "parley plot: error: %s/%s is not a regular file\n", dir, single[k].data);
      return CLI_EXIT_FAILURE;
    }
    snprintf(out, sizeof out, "%s.%s", single[k].out, format);
    int r =
        plot_one(plots_dir, single[k].script, dir, single[k].data, out, format, NULL, NULL, stop);
    return r == 0 ? CLI_EXIT_OK : r > 2 ? r : CLI_EXIT_FAILURE;
  }
  if (plot_exists(dir, "sensitivity.tsv") || plot_exists(dir, "sobol.tsv")) {
    return plot_sensitivity(plots_dir, dir, format, stop);
  }
  if (!plot_exists(dir, "outcomes.tsv")) {
    fprintf(stderr,
            "parley plot: error: %s is not a parley results folder (no outcomes.tsv, sweep.tsv, "
            "sensitivity.tsv, sobol.tsv, compare.tsv or reliability.tsv)\n",
            dir);
    return CLI_EXIT_USAGE;
  }
  return plot_run(plots_dir, dir, format, stop);
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
    return plot_flush_stdout() != 0 ? CLI_EXIT_FAILURE : CLI_EXIT_OK;
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
  char *found = NULL;
  const char *plots_env = getenv("PARLEY_PLOTS_DIR");
  if (plots_env == NULL || plots_env[0] == '\0') {
    found = plot_scripts_dir();
    if (found == NULL) {
      fprintf(stderr, "parley plot: error: out of memory\n");
      return CLI_EXIT_FAILURE;
    }
    plots_env = found;
  }
  /* Every path handed to gnuplot starts with '/' or "./": a name starting with '<' or '|' would
   * be a command to gnuplot, "-" its standard input, "~" a home folder. */
  char *abs_dir = dir[0] == '/' ? plot_join("", dir + 1) : plot_join(".", dir);
  char *plots_dir = plots_env[0] == '/' ? plot_join("", plots_env + 1) : plot_join(".", plots_env);
  free(found);
  if (abs_dir == NULL || plots_dir == NULL) {
    fprintf(stderr, "parley plot: error: out of memory\n");
    free(abs_dir);
    free(plots_dir);
    return CLI_EXIT_FAILURE;
  }
  const volatile sig_atomic_t *stop = cli_signals_install("parley plot");
  int rc = plot_folder(plots_dir, abs_dir, format, stop);
  cli_signals_restore();
  free(abs_dir);
  free(plots_dir);
  if (plot_flush_stdout() != 0 && rc == CLI_EXIT_OK) {
    rc = CLI_EXIT_FAILURE;
  }
  return rc;
}
