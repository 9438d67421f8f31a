/*
 * signals.h — Ctrl-C and SIGTERM for long runs, from the first trial to the last byte written.
 *
 * The first SIGINT or SIGTERM sets a flag (to the signal's number) that the Monte Carlo loop polls
 * between batches (pl_mc_options.stop): the blocks in flight finish, the results of every completed
 * trial are written, and the command exits 130 (SIGINT) or 143 (SIGTERM). The handlers stay
 * installed until the results are committed, so a signal that arrives while they are written only
 * sets the flag: the write finishes, then the command exits 130 or 143.
 *
 * Phases: IDLE (handlers installed, nothing to clean), TRIALS (trials running; the caller has
 * registered the paths a run in progress owns: temporary files and folders it created) and WRITING
 * (results being written). A second signal during TRIALS removes the registered paths (unlink,
 * then rmdir, in the order given — only async-signal-safe calls) and ends the process by that
 * signal, for a user who does not want to wait for the batch in progress. A second signal during
 * IDLE or WRITING is ignored: the write under way always finishes (it takes about a second for
 * millions of per-trial rows). If the process exits (exit(), e.g. from libgomp when a thread cannot
 * be created) while a run is in TRIALS or WRITING, an atexit handler removes the registered paths
 * and says so on stderr, so no empty folder and no temporary file stay behind.
 */
#ifndef PARLEY_CLI_SIGNALS_H
#define PARLEY_CLI_SIGNALS_H

#include <signal.h>
#include <stddef.h>

/* How many paths cli_signals_own can register (unlink and rmdir lists together). */
#define CLI_SIGNALS_MAX_PATHS 16

/* Installs the handlers (phase IDLE) and returns the flag they set: 0 until a signal arrives,
 * then SIGINT or SIGTERM (the first signal's number). `who` ("parley run") prefixes the message of
 * the atexit cleanup; it must outlive the handlers. */
const volatile sig_atomic_t *cli_signals_install(const char *who);

/* Registers what a second signal (or an unexpected exit) must remove while the run is in TRIALS:
 * files to unlink[0..n_unlink-1], then folders to rmdir[0..n_rmdir-1] (deepest first; a folder
 * that is not empty stays). The strings are not copied: they must stay valid until the next call
 * or cli_signals_restore. NULL entries are skipped. Call it in phase IDLE or WRITING only. */
void cli_signals_own(const char *const *unlink_paths, size_t n_unlink,
                     const char *const *rmdir_paths, size_t n_rmdir);

/* Enters phase TRIALS (a second signal now removes the registered paths and ends the process). */
void cli_signals_trials(void);

/* Leaves TRIALS for WRITING (further signals are held until cli_signals_restore). If a second
 * signal is already removing the run's files, this waits for the process to end and never
 * returns. */
void cli_signals_writing(void);

/* Back to IDLE after a failure that the caller cleans up itself (nothing is registered). */
void cli_signals_idle(void);

/* 130 when the flag is SIGINT, 143 when SIGTERM, ok_status when no signal came. */
int cli_signals_status(int ok_status);

/* Restores the default actions; the phase becomes IDLE and nothing stays registered. */
void cli_signals_restore(void);

#endif /* PARLEY_CLI_SIGNALS_H */
