/*
 * parley/results.h — the results folder: summary.json, run.json, scenario.cfg and the TSV files.
 *
 * The layout and every field are described in docs/outputs.md. Invariants:
 * - every file is written to a temporary name in the target folder (".NAME.tmp-XXXXXX"), flushed
 *   and fsync'ed, and only then renamed to its final name, so no half-written file ever carries a
 *   final name; pl_results_write stages all files first and renames them only when every one was
 *   written, so a failed write leaves the folder as it was (no new file, no temporary);
 * - summary.json and the TSV files depend only on the scenario and the summary, so equal inputs
 *   give byte-identical files (numbers are formatted deterministically, keys in a fixed order);
 *   what differs between two identical runs (threads, time, host, command line) goes to run.json;
 * - the library never prints: failures return a status and add a diagnostic naming the path and
 *   the system's reason (strerror).
 */
#ifndef PARLEY_RESULTS_H
#define PARLEY_RESULTS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "parley/montecarlo.h"
#include "parley/scenario.h"
#include "parley/status.h"
#include "parley/trial.h"

/* What run.json records about one run (nothing of it enters summary.json). */
typedef struct {
  unsigned threads;    /* threads used */
  double wall_seconds; /* wall-clock duration of the trials */
  time_t started;      /* when the run started (written as ISO 8601 UTC) */
  int argc;            /* the command line, argv[0 .. argc-1] (may be 0) */
  char *const *argv;
  unsigned ranks; /* MPI ranks that shared the run (parley/cluster.h); 0 or 1: one process, and
                     run.json has no "ranks" key */
} pl_run_info;

/* The summary as JSON text (UTF-8, 2-space indentation, keys in the order of docs/outputs.md,
 * trailing newline), in a new string *out the caller frees with free(). Numbers: counts and seeds
 * as unsigned integers; doubles as pl_number_format writes them (the shortest decimal that reads
 * back to the same double); NaN and infinities as null. Every JSON text below follows the same
 * rules. Returns PL_OK, PL_EINVAL (NULL argument) or PL_ENOMEM. */
pl_status pl_results_summary_json(const pl_scenario *sc, const pl_summary *s, char **out);

/* run.json's text, as pl_results_summary_json (the caller frees *out). */
pl_status pl_results_run_json(const pl_run_info *info, uint64_t trials, char **out);

/* The JSON array that `parley sweep --json` prints, built one point at a time: each element is
 * that point's summary.json text (same indentation) with one more key first, "point", an object
 * {PATH: VALUE} on one line. */
typedef struct pl_summary_list pl_summary_list;

/* A new, empty list; *out is NULL on failure (PL_EINVAL, PL_ENOMEM). */
pl_status pl_summary_list_alloc(pl_summary_list **out);

/* One swept value: a path that takes integers has it exactly (is_integer, integer: a seed up to
 * 2^64 - 1 is printed to its last digit), a path that takes a word has it in word (printed as a
 * string), any other path in real. */
typedef struct {
  int is_integer;
  uint64_t integer;
  double real;
  const char *word; /* NULL but for a word path */
} pl_point_value;

/* Appends the summary s of scenario sc at the point paths[a] = values[a], a < n_point. After a
 * failure (PL_ENOMEM) the list stays failed and pl_summary_list_finish reports it. */
pl_status pl_summary_list_add(pl_summary_list *l, const pl_scenario *sc, const pl_summary *s,
                              size_t n_point, const char *const *paths,
                              const pl_point_value *values);

/* Closes the array and hands its text (trailing newline) to *out, which the caller frees; the
 * list is then empty and only pl_summary_list_free may follow. */
pl_status pl_summary_list_finish(pl_summary_list *l, char **out);

void pl_summary_list_free(pl_summary_list *l); /* NULL: nothing */

/* Writes the trace of trial `trial` as JSON text to f (the shape of `parley trace --json`,
 * docs/outputs.md, ending with a newline), from the recording tr and result res of pl_trial_run.
 * Streamed round by round: besides tr, memory holds one round's text, however many rounds there
 * are. PL_EIO when f reports a write error (errno then holds the write's reason, or 0 when the
 * system gave none), PL_ENOMEM when out of memory; either way f may hold the start of the text,
 * and the caller must not present it as a whole trace. */
pl_status pl_results_trace_json(const pl_scenario *sc, uint64_t trial, const pl_trace *tr,
                                const pl_trial_result *res, FILE *f);

/* Writes trace.tsv of a traced trial to f (docs/outputs.md, "trace.tsv"): the common metadata,
 * `# trial:`, `# outcome:`, `# rounds:`, `# max_rounds:`, one `# agent: ID<TAB>ROLE<TAB>LABEL`
 * line per agent, the header `round agent utility threshold reservation response`, then one row
 * per round in which the agent answered a text, grouped by agent (blocks separated by two blank
 * lines). PL_EINVAL on a NULL argument, PL_EIO when f reports a write error. */
pl_status pl_results_trace_tsv(const pl_scenario *sc, uint64_t trial, const pl_trace *tr,
                               const pl_trial_result *res, FILE *f);

/* The name of a move kind (pl_move_kind) in parley's outputs: "concession", "confrontation",
 * "compromise", or "none" for PL_MOVE_NONE and unknown values. */
const char *pl_results_move_name(unsigned kind);

/* Writes the metadata lines that open every TSV file: "# parley VERSION", "# scenario: NAME",
 * "# title: TITLE", "# seed: S", "# trials: N", "# complete: true|false". Tabs and line breaks
 * inside names are written as spaces. Returns PL_EIO if the stream reports an error. */
pl_status pl_results_tsv_metadata(FILE *f, const pl_scenario *sc, uint64_t seed, uint64_t trials,
                                  int complete);

/* Writes a file atomically: fill(ctx, f) writes the content to a temporary file in dir, which is
 * then flushed, fsync'ed and renamed to dir/name. On any failure (including fill returning non-OK
 * or the stream reporting an error) the temporary file is removed, dir/name is untouched, and a
 * diagnostic names the path. */
typedef pl_status (*pl_results_fill_fn)(void *ctx, FILE *f);
pl_status pl_results_write_atomic(const char *dir, const char *name, pl_results_fill_fn fill,
                                  void *ctx, pl_diags *diags);

/* Creates dir and any missing parents (mode 0777 minus umask); an existing folder is fine. Then
 * checks that a file can be created in it. PL_EIO with a diagnostic otherwise. */
pl_status pl_results_ensure_dir(const char *dir, pl_diags *diags);

/* Creates a new results folder parent/NAME-YYYYmmdd-HHMMSS (UTC time of `when`), adding "-2",
 * "-3", ... when that name exists, creating parent first if needed. *out receives the new
 * folder's path (the caller frees it). */
pl_status pl_results_make_dir(const char *parent, const char *name, time_t when, char **out,
                              pl_diags *diags);

/* Per-trial rows (per_trial.tsv). Rows are streamed to a temporary file in dir during the run
 * (memory does not grow with the trials); pl_results_write then writes per_trial.tsv (metadata,
 * header, rows) atomically. pl_trial_rows_free removes every temporary file. */
typedef struct pl_trial_rows pl_trial_rows;

/* Opens the row stream in dir for scenario sc (sc must outlive the writer). Diagnostics of later
 * failures (in pl_trial_rows_add) go to diags, which must outlive the writer too. */
pl_status pl_trial_rows_open(const char *dir, const pl_scenario *sc, pl_diags *diags,
                             pl_trial_rows **out);

/* A pl_mc_options.on_trial callback (ctx = the pl_trial_rows): appends the row
 * "trial<TAB>outcome<TAB>rounds<TAB>point...<TAB>drawn..." (point columns empty unless an
 * agreement; then r->theta[k] of each uncertain parameter k, in parameter order, empty when
 * r->theta is NULL). The header names these columns by the parameters' paths.
 * Returns PL_EIO (with a diagnostic) when the row cannot be written. */
pl_status pl_trial_rows_add(void *ctx, uint64_t trial, const pl_trial_result *r);

/* Number of rows added so far. */
uint64_t pl_trial_rows_count(const pl_trial_rows *w);

/* The path of the temporary file holding the rows (owned by w, valid until pl_trial_rows_free),
 * for a caller that must remove it without w's help, such as a signal handler ending the process;
 * NULL when w is NULL. */
const char *pl_trial_rows_path(const pl_trial_rows *w);

void pl_trial_rows_free(pl_trial_rows *w); /* NULL: nothing */

/* Writes the results folder dir (which must exist): scenario.cfg, outcomes.tsv, rounds.tsv,
 * agreement_point.tsv, per_trial.tsv (when rows is non-NULL), run.json (when info is non-NULL)
 * and summary.json. All files are staged under temporary names and renamed into place only once
 * every one of them has been written. */
pl_status pl_results_write(const char *dir, const pl_scenario *sc, const pl_summary *s,
                           const pl_run_info *info, pl_trial_rows *rows, pl_diags *diags);

/* The report of `parley validate --json` (docs/outputs.md) in *out (malloc'ed, NUL-terminated,
 * ending in a newline; the caller frees it): for file f, scs[f] is its scenario (NULL when it is
 * invalid) and errors[f] its problems. One object {"file", "valid", "errors", "warnings"} when
 * n == 1, else an array of them. Errors and warnings are arrays of {"file", "line", "message"}.
 * PL_OK, PL_ENOMEM or PL_EINVAL (out NULL). */
pl_status pl_results_validate_json(size_t n, const char *const *files,
                                   const pl_scenario *const *scs, const pl_diags *const *errors,
                                   char **out);

#endif /* PARLEY_RESULTS_H */
