/*
 * progress.h — the progress bar of long runs, on stderr, only when stderr is a terminal.
 *
 * Invariant: no line drawn is wider than the terminal less one column (TIOCGWINSZ on stderr, read
 * at every redraw so that a resize is followed; 80 columns when the terminal does not say).
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

/* The longest line cli_progress_line writes, NUL included. */
#define CLI_PROGRESS_LINE_MAX 512

/* The width of the terminal on stderr in columns (TIOCGWINSZ), or 80 when it does not say. */
int cli_progress_columns(void);

/* The bar's text for a terminal of `columns` columns into line[CLI_PROGRESS_LINE_MAX]: "LABEL
 * [####......] PCT%  DONE/TARGET trials  RATE/s  ETA S s", at most columns - 1 characters (the bar
 * shrinks, then is left out, then the text is cut). */
void cli_progress_line(char *line, int columns, const char *label, uint64_t done, uint64_t target,
                       double elapsed);

/* Erases the bar so the next output starts on a clean line. */
void cli_progress_finish(cli_progress *p);

#endif /* PARLEY_CLI_PROGRESS_H */
