/*
 * signals.h — Ctrl-C and SIGTERM for long runs.
 *
 * The first SIGINT or SIGTERM sets a flag that the Monte Carlo loop polls between blocks
 * (pl_mc_options.stop): the blocks in flight finish, results are written marked incomplete, and
 * the command exits 130. The handler is installed with SA_RESETHAND, so a second signal
 * terminates the process at once (for a user who does not want to wait).
 */
#ifndef PARLEY_CLI_SIGNALS_H
#define PARLEY_CLI_SIGNALS_H

#include <signal.h>

/* Installs the handlers and returns the flag they set: 0 until a signal arrives, then its number
 * (SIGINT or SIGTERM; exit status 128 + it). */
const volatile sig_atomic_t *cli_signals_install(void);

/* Restores the default actions. */
void cli_signals_restore(void);

#endif /* PARLEY_CLI_SIGNALS_H */
