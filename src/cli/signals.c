/*
 * signals.c — the stop flag set by SIGINT/SIGTERM (contract: signals.h).
 *
 * The flag is the one mutable global of the command line: a signal handler can only reach a
 * global, and it may only store to a volatile sig_atomic_t (C11 7.14.1.1).
 */
#include "signals.h"

#include <string.h>

static volatile sig_atomic_t cli_stop_flag = 0;

/* The signal's number (nonzero): `plot` exits 128 + it. */
static void cli_on_signal(int sig) { cli_stop_flag = sig; }

const volatile sig_atomic_t *cli_signals_install(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = cli_on_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = (int)SA_RESETHAND; /* glibc defines it as an unsigned constant */
  cli_stop_flag = 0;
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);
  return &cli_stop_flag;
}

void cli_signals_restore(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = SIG_DFL;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);
}
