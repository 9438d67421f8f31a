/*
 * progress.c — a one-line progress bar redrawn in place with '\r' (contract: progress.h).
 *
 * Nothing is ever written when stderr is not a terminal, so logs and pipes stay clean.
 */
#include "progress.h"

#include <stdio.h>
#include <time.h>
#include <unistd.h>

#define CLI_PROGRESS_WIDTH 30

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
  double frac = target > 0 ? (double)done / (double)target : 0.0;
  if (frac > 1.0) {
    frac = 1.0;
  }
  int filled = (int)(frac * CLI_PROGRESS_WIDTH);
  char bar[CLI_PROGRESS_WIDTH + 1];
  for (int k = 0; k < CLI_PROGRESS_WIDTH; k++) {
    bar[k] = k < filled ? '#' : '.';
  }
  bar[CLI_PROGRESS_WIDTH] = '\0';
  double elapsed = now - p->start;
  double rate = elapsed > 0.0 ? (double)done / elapsed : 0.0;
  fprintf(stderr, "\r%s [%s] %5.1f%%  %llu/%llu trials  %.0f/s  ", p->label, bar, 100.0 * frac,
          (unsigned long long)done, (unsigned long long)target, rate);
  if (done < target && rate > 0.0) {
    fprintf(stderr, "ETA %.0f s ", (double)(target - done) / rate);
  }
  fflush(stderr);
  p->drawn = 1;
}

void cli_progress_finish(cli_progress *p) {
  if (p->enabled && p->drawn) {
    fputs("\r\033[K", stderr);
    fflush(stderr);
    p->drawn = 0;
  }
}
