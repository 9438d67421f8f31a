/*
 * accum.h — the Monte Carlo accumulator: everything a run aggregates over its trials, in one type
 * (internal to the library; docs/extending.md, "A summary field").
 *
 * The same type holds one block's partial results and a run's running totals:
 *   block:  pli_acc_init(.., cap = trials per block, ..), then pli_acc_add per trial, in trial
 * order; totals: pli_acc_init(.., cap = 0, ..), then pli_acc_merge per block, in block order; end:
 * pli_acc_finish(totals) makes the public pl_summary. Floating-point partial results are computed
 * in trial order inside a block (Welford means and squared deviations, sums) and pooled in block
 * order (Chan, Golub and LeVeque 1979), so the summary depends only on the trials and the block
 * size, never on which thread ran what. Histograms are integer counts. A block keeps them as a
 * per-trial log (one code per trial, one bin per agreement and issue), which costs O(trials) to
 * fill and to merge, not O(bins); totals keep the counts themselves.
 *
 * Invariants: an accumulator never allocates: it and its arrays are carved from storage of
 * pli_acc_size() bytes that the caller owns (aligned to PLI_ACC_ALIGN), so adding a trial costs no
 * allocation; a block never holds more than cap trials.
 */
#ifndef PARLEY_ACCUM_H
#define PARLEY_ACCUM_H

#include <stddef.h>
#include <stdint.h>

#include "parley/montecarlo.h"
#include "parley/scenario.h"
#include "parley/trial.h"

#define PLI_ACC_BINS 1000u /* histogram bins per issue: quantiles resolve (max - min) / 1000 */
#define PLI_ACC_ALIGN 64u  /* storage and every array in it start on a cache line */

/* An accumulator (opaque: its members, and the lines that fill them, are all in accum.c). */
typedef struct pli_acc pli_acc;

/* Bytes of storage an accumulator for sc with capacity cap needs: a multiple of PLI_ACC_ALIGN. */
size_t pli_acc_size(const pl_scenario *sc, size_t cap);

/* Makes an empty accumulator for sc (a block of at most cap trials, or totals when cap = 0) in
 * mem: pli_acc_size(sc, cap) bytes aligned to PLI_ACC_ALIGN, owned by the caller. Returns it (it
 * lives in mem, so it is valid while mem is; nothing to free). sc must outlive it too. */
pli_acc *pli_acc_init(const pl_scenario *sc, size_t cap, void *mem);

/* Empties a (keeps its storage). */
void pli_acc_reset(pli_acc *a);

/* Adds one trial's result to block a, which holds fewer than its cap trials. Results must come in
 * trial order. */
void pli_acc_add(pli_acc *a, const pl_trial_result *r);

/* Adds block src to totals dst (made with cap > 0 and cap = 0, for the same scenario). Blocks must
 * come in block order: the floating-point results depend on it. */
void pli_acc_merge(pli_acc *dst, const pli_acc *src);

/* The summary of totals a in a new pl_summary (free it with pl_summary_free), with complete = 1.
 * Returns PL_OK or PL_ENOMEM (*out = NULL). */
pl_status pli_acc_finish(const pli_acc *a, pl_summary **out);

/* Serialization, for blocks that another process ran (parley/cluster.h: MPI ranks, shards): the
 * packed form of an accumulator is pli_acc_size(sc, cap) bytes, its whole storage with the
 * pointers left out, so it moves between processes of the same build on machines of the same
 * byte order and word size (a shard's header records them). */
/* Writes a's packed form into buf (pli_acc_size(sc, cap) bytes, no alignment needed). */
void pli_acc_pack(const pli_acc *a, void *buf);
/* Makes a (initialised for the same scenario and cap as the packed one) a copy of the packed
 * accumulator in buf. Returns PL_OK, or PL_EINVAL when buf is not a consistent accumulator of that
 * shape (more trials than cap, an outcome, round or bin out of range): a is then empty. */
pl_status pli_acc_unpack(pli_acc *a, const void *buf);

/* Trials added or merged into a so far, and how many of them ended with outcome o. */
uint64_t pli_acc_trials(const pli_acc *a);
uint64_t pli_acc_outcomes(const pli_acc *a, pl_outcome o);

#endif /* PARLEY_ACCUM_H */
