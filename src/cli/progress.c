/*
 * progress.c — a one-line progress bar redrawn in place with '\r' (contract: progress.h).
 *
 * Nothing is ever written when stderr is not a terminal, so logs and pipes stay clean. The line
 * never reaches the terminal's last column: a line that fills it makes most terminals wrap, and
 * every '\r' then redraws on a new line.
 */
#include "progress.h"

#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#define CLI_PROGRESS_WIDTH 30   /* the bar's width when the terminal has room */
#define CLI_PROGRESS_MIN_BAR 10 /* narrower than this, the bar is left out */
#define CLI_PROGRESS_COLUMNS 80 /* when the terminal does not say */

double cli_progress_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

void cli_progress_init(cli_progress *p, int want, const char *label) {
  p->enabled = want && isatty(STDERR_FILENO);
  p->start = cli_progress_now();
  p->last = -1.0;
  p->drawn = 0;
  p->label = label;
}

void cli_progress_update(void *ctx, uint64_t done, uint64_t target) {
  cli_progress *p = ctx;
  if (p == NULL || !p->enabled) {
    return;
  }
  double now = cli_progress_now();
  if (p->last >= 0.0 && now - p->last < 0.1 && done < target) {
    return;
  }
  p->last = now;
  char line[CLI_PROGRESS_LINE_MAX];
  cli_progress_line(line, cli_progress_columns(), p->label, done, target, now - p->start);
  fprintf(stderr, "\r%s\033[K", line); /* erase-to-end: what a longer line left stays not */
  fflush(stderr);
  p->drawn = 1;
}

int cli_progress_columns(void) {
  struct winsize ws;
  if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) {
    return ws.ws_col;
  }
  return CLI_PROGRESS_COLUMNS;
}

void cli_progress_line(char *line, int columns, const char *label, uint64_t done, uint64_t target,
                       double elapsed) {
  double frac = target > 0 ? (double)done / (double)target : 0.0;
  if (frac > 1.0) {
    frac = 1.0;
  }
  double rate = elapsed > 0.0 ? (double)done / elapsed : 0.0;
  char stats[160], eta[48] = "";
  snprintf(stats, sizeof stats, "%5.1f%%  %llu/%llu trials  %.0f/s", 100.0 * frac,
           (unsigned long long)done, (unsigned long long)target, rate);
  if (done < target && rate > 0.0) {
    snprintf(eta, sizeof eta, "  ETA %.0f s", (double)(target - done) / rate);
  }
  /* At most columns - 1 characters (all ASCII: the label is parley's own). The bar shrinks first,
   * down to CLI_PROGRESS_MIN_BAR, then goes; what still does not fit is cut at the right. */
  size_t room = columns > 1 ? (size_t)columns - 1 : 0;
  if (room > CLI_PROGRESS_LINE_MAX - 1) {
    room = CLI_PROGRESS_LINE_MAX - 1;
  }
  size_t fixed = strlen(label) + strlen(stats) + strlen(eta);
  int width = CLI_PROGRESS_WIDTH;
  if (fixed + 4 + (size_t)width > room) { /* " [" "] " around the bar */
    width = room > fixed + 4 ? (int)(room - fixed - 4) : 0;
  }
  char bar[CLI_PROGRESS_WIDTH + 4] = "";
  if (width >= CLI_PROGRESS_MIN_BAR) {
    int filled = (int)(frac * width);
    bar[0] = '[';
    for (int k = 0; k < width; k++) {
      bar[k + 1] = k < filled ? '#' : '.';
    }
    bar[width + 1] = ']';
    bar[width + 2] = '\0';
  }
  char full[CLI_PROGRESS_LINE_MAX + 256];
  snprintf(full, sizeof full, "%s %s%s%s%s", label, bar, bar[0] != '\0' ? " " : "", stats, eta);
  size_t len = strlen(full);
  if (len > room) {
    len = room;
  }
  memcpy(line, full, len);
  line[len] = '\0';
}

void cli_progress_finish(cli_progress *p) {
  if (p->enabled && p->drawn) {
    fputs("\r\033[K", stderr);
    fflush(stderr);
    p->drawn = 0;
  }
}
