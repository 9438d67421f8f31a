/*
 * outdir.h — the results folder of one `run` or `sweep`: created, locked against other writers,
 * and removed again if the command fails before it could write anything.
 *
 * Invariants:
 * - while a command holds a cli_outdir, no other parley process can hold one on the same folder:
 *   the lock is a POSIX record lock (fcntl F_SETLK) on DIR/.parley.lock, taken before any trial
 *   runs, so a second writer is refused at once (exit 1, naming the holder's process id) and two
 *   runs can never leave a folder that mixes their files;
 * - the lock file is removed (while still locked) when the holder closes; a lock file left by a
 *   killed process holds no lock (the system releases record locks with the process) and is reused;
 * - every folder the open created (the folder and any missing parents) is listed, deepest first,
 *   so that a failure, a second Ctrl-C or an unexpected exit leaves no empty folder behind.
 */
#ifndef PARLEY_CLI_OUTDIR_H
#define PARLEY_CLI_OUTDIR_H

#include <stddef.h>
#include <time.h>

#include "parley/status.h"

typedef struct {
  char *path;      /* the results folder (trailing slashes removed) */
  char *lock_path; /* path/.parley.lock */
  int lock_fd;     /* open and locked; -1 when not held */
  char **made;     /* [n_made] folders this open created, deepest first */
  size_t n_made;
} cli_outdir;

/* Opens the results folder: `out` when non-NULL (created with its parents if missing), else a new
 * folder results/LABEL-YYYYmmdd-HHMMSS (UTC time `when`; "-2", "-3", ... when taken). Takes the
 * lock and thereby checks that a file can be created in the folder. On failure prints one or two
 * lines on stderr ("DIR: error: ..."; `cmd` such as "parley run" prefixes the last one), removes
 * what it created, and returns CLI_EXIT_FAILURE; 0 on success. */
int cli_outdir_open(cli_outdir *d, const char *out, const char *label, time_t when,
                    const char *cmd);

/* Releases the lock (removing the lock file) and, unless keep, removes the folders the open
 * created, deepest first, as far as they are empty. Frees everything; d may be closed twice. */
void cli_outdir_close(cli_outdir *d, int keep);

#endif /* PARLEY_CLI_OUTDIR_H */
