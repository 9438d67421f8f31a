/*
 * parley/sweep.h — a grid of scenario variants (`parley sweep`), built and validated up front.
 *
 * A sweep has one or two axes, each a parameter path (the paths of `--set`) and a list of values.
 * Grid point k is the base scenario with one "PATH=VALUE" override per axis; points are numbered
 * 0 .. n_points-1 in row-major order, the LAST axis varying fastest. Invariants:
 * - pl_sweep_alloc builds and validates every point before returning, so no trial runs on a grid
 *   that holds an invalid point;
 * - every point keeps the base scenario's seed (unless the seed itself is swept), so trial k draws
 *   the same random streams at every point (common random numbers, docs/sweeps-and-plots.md);
 * - a path that takes a word (protocol.kind, protocol.text, protocol.quota_weight, protocol.first:
 *   pl_scenario_path_word) is swept over a list of words (`--over protocol.kind=mediated,eum`, or
 *   `values = ["mediated", "eum"]` in the section): its values are their places 0, 1, ..., and
 *   its text (pl_sweep_point_text) the word, applied as `PATH=WORD` like `--set`;
 * - a value of a real path is stored as the double its printed form reads back to
 *   (pl_sweep_format_value); a value of a path that takes integers (montecarlo.seed,
 *   montecarlo.trials, protocol.max_rounds: pl_scenario_path_integer) is stored as that integer,
 *   exactly up to 2^64 - 1. Either way its text (pl_sweep_point_text) is what sweep.tsv shows and
 *   what the point applies, so they and a `parley run --set PATH=VALUE` agree exactly.
 */
#ifndef PARLEY_SWEEP_H
#define PARLEY_SWEEP_H

#include <stddef.h>
#include <stdint.h>

#include "parley/montecarlo.h"
#include "parley/number.h"
#include "parley/results.h"
#include "parley/scenario.h"
#include "parley/status.h"

#define PL_SWEEP_MAX_AXES PL_MAX_SWEEP_AXES      /* a sweep varies one or two parameters */
#define PL_SWEEP_MAX_VALUES PL_NUMBER_MAX_VALUES /* values per axis */
#define PL_SWEEP_MAX_POINTS PL_MAX_SWEEP_POINTS  /* points per grid */

/* Where pl_sweep_parse_over and pl_sweep_alloc file their diagnostics about command-line specs. */
#define PL_SWEEP_DIAG_SOURCE "parley sweep"

typedef struct pl_sweep pl_sweep;

/* Parses one axis specification, the value of an `--over` option:
 *   PATH=FROM:TO:STEPS  STEPS evenly spaced values from FROM to TO, both ends included
 *                       (STEPS >= 2, FROM != TO; STEPS = 1 means the single value FROM);
 *   PATH=V1,V2,...      the listed values, in the order given (no duplicates); for a path that
 *                       takes a word (pl_scenario_path_word), words (pl_sweep_alloc only).
 * Values are finite decimal numbers; each grid value is rounded to 15 significant digits (so
 * 0.1:0.3:3 gives exactly 0.1, 0.2, 0.3). PATH is not checked here (pl_sweep_alloc does), and the
 * values are read as reals: pl_sweep_alloc reads those of a path that takes integers as integers,
 * exactly (a list of integers, or FROM:TO:STEPS with integer ends and TO - FROM a multiple of
 * STEPS - 1, so that every grid value is a whole number; anything else is an error there).
 * On success *path (a new string) and *values (a new array of *n_values) belong to the caller
 * (free()). On failure they are NULL/0, the status is PL_EINVAL, and diags has one entry naming
 * the option and what is wrong. */
pl_status pl_sweep_parse_over(const char *spec, pl_diags *diags, char **path, double **values,
                              size_t *n_values);

/* Builds the grid over base: from the `--over` specs[0 .. n_specs-1] when n_specs > 0, otherwise
 * from base's own `sweep` section. Then builds every point (a copy of base with the overrides)
 * and validates it; the first invalid point stops the build. base must outlive the sweep.
 * Errors (PL_EINVAL for a malformed spec, too many axes or points, a repeated path, or no axis at
 * all; PL_EPATH / PL_ESCENARIO for a point the scenario rejects; PL_ENOMEM) leave *out NULL and
 * diagnostics in diags. */
pl_status pl_sweep_alloc(const pl_scenario *base, const char *const *specs, size_t n_specs,
                         pl_diags *diags, pl_sweep **out);

void pl_sweep_free(pl_sweep *sw); /* NULL: nothing */

size_t pl_sweep_n_axes(const pl_sweep *sw);
const char *pl_sweep_axis_path(const pl_sweep *sw, size_t a); /* lives as long as sw */
const double *pl_sweep_axis_values(const pl_sweep *sw, size_t a, size_t *n_values);
size_t pl_sweep_n_points(const pl_sweep *sw);
/* The most bytes pl_sweep_point_text writes: a number, or a word of a word path. */
#define PL_SWEEP_TEXT_SIZE                                                                         \
  (PL_SWEEP_WORD_MAX + 1 > PL_NUMBER_BUFSIZE ? PL_SWEEP_WORD_MAX + 1 : PL_NUMBER_BUFSIZE)

/* The value of axis a at point k (an integer path's rounded to a double: for display; a word
 * path's the word's place in its list, 0, 1, ...). */
double pl_sweep_point_value(const pl_sweep *sw, size_t k, size_t a);
/* The value of axis a at point k as text, exactly (an integer path's in decimal, a real path's as
 * pl_sweep_format_value writes it, a word path's word): the text applied to the point and shown
 * in sweep.tsv. snprintf semantics; PL_SWEEP_TEXT_SIZE bytes always suffice. */
int pl_sweep_point_text(const pl_sweep *sw, size_t k, size_t a, char *buf, size_t n);
/* The value of axis a at point k as `parley sweep --json` prints it (pl_summary_list_add). */
pl_point_value pl_sweep_point_exact(const pl_sweep *sw, size_t k, size_t a);

/* A new scenario for point k (the caller frees it): base with "PATH=VALUE" for every axis. */
pl_status pl_sweep_point_scenario(const pl_sweep *sw, size_t k, pl_diags *diags, pl_scenario **out);

/* Writes x as the shortest decimal that reads back to x (pl_number_format); snprintf
 * semantics (returns the full length). */
int pl_sweep_format_value(double x, char *buf, size_t n);

/* Records point k's result (trials, agreements, P(agreement), its Wilson interval, mean round),
 * for sweep.tsv. Recording a point again replaces it. */
void pl_sweep_record(pl_sweep *sw, size_t k, const pl_summary *s);

/* Writes dir/sweep.tsv atomically (docs/outputs.md): the metadata lines of base (seed, trials per
 * point), `# complete: true|false`, one `# over: PATH` line per axis; the header (one column per
 * path, then trials, agreements, p_agreement, ci_low, ci_high, mean_rounds); one row per recorded
 * point in point order; for two axes, a blank line after each complete run of the last axis. */
pl_status pl_sweep_write_tsv(const pl_sweep *sw, const char *dir, int complete, pl_diags *diags);

/* sweep.tsv written as the sweep runs, at a cost linear in the number of points (not rewritten
 * whole after every point). Use: pl_sweep_tsv_open once the folder exists; after each point,
 * pl_sweep_record then pl_sweep_tsv_append, in point order; at the end (complete, interrupted, or
 * after a failure) pl_sweep_tsv_commit; then pl_sweep_tsv_free. Guarantees:
 * - dir/sweep.tsv is only ever replaced whole by a complete, fsync'ed file (rename(2)): it is at
 *   every moment either what it was before or a well-formed sweep.tsv (`# complete: false`) of
 *   the points recorded up to some point; after 1, 2, 4, 8, ... appended points it is brought up
 *   to date (so it always holds at least half of the points done);
 * - the rows go to a staged file (pl_sweep_tsv_staged_path: a hidden temporary name in dir),
 *   appended one per point and fsync'ed at least every 256 points or 2 seconds;
 * - pl_sweep_tsv_commit(complete = 0) renames the staged file to sweep.tsv (every appended point,
 *   `# complete: false`); complete = 1 writes the final sweep.tsv once (pl_sweep_write_tsv) and
 *   removes the staged file; pl_sweep_tsv_free without a commit removes it.
 * Errors: PL_EIO with a diagnostic naming the file (the staged file is then removed, and a commit
 * writes sweep.tsv whole from the recorded rows), PL_ENOMEM, PL_EINVAL (k not recorded). */
typedef struct pl_sweep_tsv pl_sweep_tsv;

pl_status pl_sweep_tsv_open(const pl_sweep *sw, const char *dir, pl_diags *diags,
                            pl_sweep_tsv **out);
/* The staged file's path (lives until the next call on t), or NULL once it is gone. */
const char *pl_sweep_tsv_staged_path(const pl_sweep_tsv *t);
pl_status pl_sweep_tsv_append(pl_sweep_tsv *t, size_t k, pl_diags *diags);
pl_status pl_sweep_tsv_commit(pl_sweep_tsv *t, int complete, pl_diags *diags);
void pl_sweep_tsv_free(pl_sweep_tsv *t); /* NULL: nothing */

#endif /* PARLEY_SWEEP_H */
