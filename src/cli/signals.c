/*
 * signals.c — the stop flag set by SIGINT/SIGTERM and the cleanup of an abandoned run (contract:
 * signals.h).
 *
 * The state below is the command line's only mutable global: a signal handler can only reach
 * globals. The handler stores to a volatile sig_atomic_t (C11 7.14.1.1) and uses lock-free atomics
 * (C11 7.14.1.1 allows them in handlers), and calls only async-signal-safe functions (unlink,
 * rmdir, sigaction, raise; POSIX.1-2008 2.4.3). The handler may run on any thread (OpenMP workers
 * do not block signals): the phase is changed by compare-and-swap, so either the main thread enters
 * WRITING and the handler leaves the files alone, or the handler owns the cleanup and the main
 * thread, finding the phase taken, creates nothing more.
 */
#include "signals.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

_Static_assert(ATOMIC_INT_LOCK_FREE == 2, "the signal handler needs lock-free atomic ints");

enum { SIG_IDLE, SIG_TRIALS, SIG_WRITING, SIG_ABORTING };

static volatile sig_atomic_t cli_stop_flag = 0;
static atomic_int cli_sig_count = 0;        /* signals received since install */
static atomic_int cli_sig_phase = SIG_IDLE; /* one of the enum above */
static const char *cli_sig_who = "parley";  /* prefix of the atexit message */
static int cli_sig_atexit = 0;              /* atexit handler registered (once per process) */
static const char *cli_sig_unlink[CLI_SIGNALS_MAX_PATHS];
static const char *cli_sig_rmdir[CLI_SIGNALS_MAX_PATHS];
static size_t cli_sig_n_unlink = 0;
static size_t cli_sig_n_rmdir = 0;

/* Removes the registered paths (async-signal-safe). */
static void sig_remove_owned(void) {
  for (size_t k = 0; k < cli_sig_n_unlink; k++) {
    if (cli_sig_unlink[k] != NULL) {
      (void)unlink(cli_sig_unlink[k]);
    }
  }
  for (size_t k = 0; k < cli_sig_n_rmdir; k++) {
    if (cli_sig_rmdir[k] != NULL) {
      (void)rmdir(cli_sig_rmdir[k]);
    }
  }
}

static void sig_set_action(void (*fn)(int), int sig) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = fn;
  sigemptyset(&sa.sa_mask);
  sigaction(sig, &sa, NULL);
}

static void cli_on_signal(int sig) {
  if (atomic_fetch_add(&cli_sig_count, 1) == 0) {
    cli_stop_flag = sig;
    return;
  }
  int expected = SIG_TRIALS;
  if (atomic_compare_exchange_strong(&cli_sig_phase, &expected, SIG_ABORTING)) {
    sig_remove_owned();
    /* End by the signal itself, so that a parent (a shell) sees how the process ended. The signal
     * is blocked while its handler runs: it is delivered, with the default action, on return. */
    sig_set_action(SIG_DFL, sig);
    (void)raise(sig);
  }
  /* IDLE or WRITING: the write under way finishes; the first signal's status is used. */
}

/* exit() during a run (libgomp ends the process this way when it cannot create a thread). */
static void cli_on_exit(void) {
  int phase = atomic_exchange(&cli_sig_phase, SIG_ABORTING);
  if (phase == SIG_TRIALS || phase == SIG_WRITING) {
    sig_remove_owned();
    fprintf(stderr,
            "%s: error: the process is ending before its results were written; nothing "
            "was saved\n",
            cli_sig_who);
  }
}

const volatile sig_atomic_t *cli_signals_install(const char *who) {
  cli_sig_who = who;
  cli_stop_flag = 0;
  atomic_store(&cli_sig_count, 0);
  atomic_store(&cli_sig_phase, SIG_IDLE);
  cli_sig_n_unlink = 0;
  cli_sig_n_rmdir = 0;
  if (!cli_sig_atexit) {
    cli_sig_atexit = atexit(cli_on_exit) == 0;
  }
  sig_set_action(cli_on_signal, SIGINT);
  sig_set_action(cli_on_signal, SIGTERM);
  return &cli_stop_flag;
}

void cli_signals_own(const char *const *unlink_paths, size_t n_unlink,
                     const char *const *rmdir_paths, size_t n_rmdir) {
  /* Not in TRIALS (signals.h), so the handler does not read these while they change. */
  size_t nu = n_unlink < CLI_SIGNALS_MAX_PATHS ? n_unlink : CLI_SIGNALS_MAX_PATHS;
  size_t nr = n_rmdir < CLI_SIGNALS_MAX_PATHS ? n_rmdir : CLI_SIGNALS_MAX_PATHS;
  for (size_t k = 0; k < nu; k++) {
    cli_sig_unlink[k] = unlink_paths[k];
  }
  for (size_t k = 0; k < nr; k++) {
    cli_sig_rmdir[k] = rmdir_paths[k];
  }
  cli_sig_n_unlink = nu;
  cli_sig_n_rmdir = nr;
}

void cli_signals_trials(void) {
  int expected = atomic_load(&cli_sig_phase);
  while (expected != SIG_ABORTING &&
         !atomic_compare_exchange_weak(&cli_sig_phase, &expected, SIG_TRIALS)) {
  }
}

void cli_signals_writing(void) {
  int expected = SIG_TRIALS;
  if (!atomic_compare_exchange_strong(&cli_sig_phase, &expected, SIG_WRITING) &&
      expected == SIG_ABORTING) {
    for (;;) { /* the handler, on another thread, is ending the process */
      pause();
    }
  }
  if (expected != SIG_TRIALS) {
    atomic_store(&cli_sig_phase, SIG_WRITING);
  }
}

void cli_signals_idle(void) {
  atomic_store(&cli_sig_phase, SIG_IDLE);
  cli_sig_n_unlink = 0;
  cli_sig_n_rmdir = 0;
}

int cli_signals_status(int ok_status) {
  switch (cli_stop_flag) {
  case SIGINT:
    return 128 + SIGINT;
  case SIGTERM:
    return 128 + SIGTERM;
  default:
    return ok_status;
  }
}

void cli_signals_restore(void) {
  sig_set_action(SIG_DFL, SIGINT);
  sig_set_action(SIG_DFL, SIGTERM);
  cli_signals_idle();
}
