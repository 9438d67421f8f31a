/*
 * fsutil.h — file-system helpers of the results writers (internal to the library).
 *
 * Invariant: a file under its final name is always complete. Content goes to a temporary file
 * ".NAME.tmp-PID-K" created with O_EXCL in the same folder (so rename(2) is atomic), is flushed
 * and fsync'ed, and is renamed only after that; a discarded stage leaves nothing behind.
 */
#ifndef PARLEY_FSUTIL_H
#define PARLEY_FSUTIL_H

#include <stdio.h>

#include "parley/results.h"
#include "parley/status.h"

/* A file written under a temporary name, waiting to be renamed (or discarded). */
typedef struct {
  char *tmp_path; /* NULL when empty */
  char *final_path;
} pli_fs_stage;

/* "dir/name" in a new string (NULL when out of memory). */
char *pli_fs_join(const char *dir, const char *name);

/* Creates a new temporary file for dir/name; *f is open for writing and st->tmp_path names it.
 * PL_EIO (with a diagnostic naming the folder and strerror) or PL_ENOMEM on failure. */
pl_status pli_fs_open_temp(const char *dir, const char *name, pli_fs_stage *st, FILE **f,
                           pl_diags *diags);

/* Flushes, fsyncs and closes f (the stream of st). On failure removes the temporary file, empties
 * st and returns PL_EIO with a diagnostic. */
pl_status pli_fs_close_temp(pli_fs_stage *st, FILE *f, pl_diags *diags);

/* Writes dir/name's content with fill into a closed, synced temporary file (stage only). */
pl_status pli_fs_stage_file(const char *dir, const char *name, pl_results_fill_fn fill, void *ctx,
                            pli_fs_stage *st, pl_diags *diags);

/* Renames the staged file to its final name and empties st. */
pl_status pli_fs_commit(pli_fs_stage *st, pl_diags *diags);

/* Removes the temporary file (if any) and empties st. */
void pli_fs_discard(pli_fs_stage *st);

/* fsyncs a folder so that renames in it are durable (best effort). */
void pli_fs_sync_dir(const char *dir);

/* One file of a results folder: its name and what fills it; skip = 1 leaves it out. */
typedef struct {
  const char *name;
  pl_results_fill_fn fill;
  int skip;
} pli_fs_file;

/* Writes files[0 .. n-1] (those not skipped) into dir as one set: every file is staged first,
 * then all are renamed in order (put summary.json last: a reader that sees it can expect the rest
 * to be there), or, if any fails, none is and nothing is left behind; then dir is synced. fill
 * gets ctx. */
pl_status pli_fs_write_set(const char *dir, const pli_fs_file *files, size_t n, void *ctx,
                           pl_diags *diags);

#endif /* PARLEY_FSUTIL_H */
