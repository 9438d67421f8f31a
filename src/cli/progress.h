/*
 * progress.h — the progress bar of long runs, on stderr, only when stderr is a terminal.
 */
#ifndef PARLEY_CLI_PROGRESS_H
#define PARLEY_CLI_PROGRESS_H

#include <stdint.h>

typedef struct {
  int enabled;  /* 0: every call does nothing */
  double start; /* monotonic seconds at cli_progress_init */
  double last;  /* when the bar was last drawn */
  int drawn;    /* a bar is on the line */
  const char *label;
} cli_progress;

/* Monotonic clock in seconds. */
double cli_progress_now(void);

/* Enables the bar iff want and stderr is a terminal. */
void cli_progress_init(cli_progress *p, int want, const char *label);

/* A pl_mc_options.progress callback (ctx = cli_progress *). Redraws at most ~10 times a second. */
void cli_progress_update(void *ctx, uint64_t done, uint64_t target);

/* Erases the bar so the next output starts on a clean line. */
void cli_progress_finish(cli_progress *p);

#endif /* PARLEY_CLI_PROGRESS_H */
