/*
 * accum.h — the Monte Carlo accumulator: everything a run aggregates over its trials, in one type
 * (internal to the library; docs/extending.md, "A summary field").
 *
 * The same type holds one block's partial results and a run's running totals:
 *   block:  pl_acc_init(.., cap = trials per block, ..), then pl_acc_add per trial, in trial order;
 *   totals: pl_acc_init(.., cap = 0, ..), then pl_acc_merge per block, in block order;
 *   end:    pl_acc_finish(totals) makes the public pl_summary.
 * Floating-point partial results are computed in trial order inside a block (Welford means and
 * squared deviations, sums) and pooled in block order (Chan, Golub and LeVeque 1979), so the
 * summary depends only on the trials and the block size, never on which thread ran what.
 * Histograms are integer counts. A block keeps them as a per-trial log (one code per trial, one
 * bin per agreement and issue), which costs O(trials) to fill and to merge, not O(bins); totals
 * keep the counts themselves.
 *
 * Invariants: an accumulator never allocates: its arrays are carved from storage of
 * pl_acc_size() bytes that the caller owns (aligned to PL_ACC_ALIGN), so adding a trial costs no
 * allocation and no indirection beyond the arrays below; a block never holds more than cap
 * trials.
 */
#ifndef PARLEY_ACCUM_H
#define PARLEY_ACCUM_H

#include <stddef.h>
#include <stdint.h>

#include "parley/montecarlo.h"
#include "parley/scenario.h"
#include "parley/trial.h"

#define PL_ACC_BINS 1000u /* histogram bins per issue: quantiles resolve (max - min) / 1000 */
#define PL_ACC_ALIGN 64u  /* storage and every array in it start on a cache line */

/* Per issue: the agreement point. */
typedef struct {
  double mean, m2;   /* Welford mean and sum of squared deviations over agreements */
  double vmin, vmax; /* smallest and largest value; +inf and -inf when empty */
} pl_acc_issue;

/* Per agent. */
typedef struct {
  double usum;         /* sum of utility0 over agreements */
  uint64_t responses;  /* texts responded to */
  uint64_t rejections; /* texts rejected among them */
} pl_acc_agent;

typedef struct {
  const pl_scenario *sc; /* sizes, issue ranges and roles (not owned) */
  size_t cap;            /* > 0: a block of at most cap trials (pl_acc_add); 0: totals */
  uint64_t trials, agreements;
  uint64_t outcomes[PL_N_OUTCOMES];
  pl_acc_issue *issue; /* [n_issues] */
  pl_acc_agent *agent; /* [n_agents] */
  /* Histograms of a block, as a log: */
  uint32_t *code; /* [cap] trial k's round << PL_ACC_OUTCOME_BITS | outcome */
  uint16_t *bin;  /* [cap * n_issues] agreement a's bin on issue j at a * n_issues + j */
  /* Histograms of totals, as counts (the layout of pl_summary's by_round and point_hist): */
  uint64_t *by_round;   /* [PL_N_OUTCOMES * (max_rounds + 1)] */
  uint64_t *point_hist; /* [n_issues * PL_ACC_BINS] */
} pl_acc;

/* Bytes of storage an accumulator for sc with capacity cap needs: a multiple of PL_ACC_ALIGN. */
size_t pl_acc_size(const pl_scenario *sc, size_t cap);

/* Makes *a an empty accumulator for sc (a block of cap trials, or totals when cap = 0) whose arrays
 * live in mem: pl_acc_size(sc, cap) bytes aligned to PL_ACC_ALIGN, owned by the caller, which must
 * outlive *a. sc must outlive *a too. */
void pl_acc_init(pl_acc *a, const pl_scenario *sc, size_t cap, void *mem);

/* Empties a (keeps its storage). */
void pl_acc_reset(pl_acc *a);

/* Adds one trial's result to block a (a->cap > a->trials). Results must come in trial order. */
void pl_acc_add(pl_acc *a, const pl_trial_result *r);

/* Adds block src to totals dst (dst->cap = 0, src->cap > 0, same scenario). Blocks must come in
 * block order: the floating-point results depend on it. */
void pl_acc_merge(pl_acc *dst, const pl_acc *src);

/* The summary of totals a in a new pl_summary (free it with pl_summary_free), with complete = 1.
 * Returns PL_OK or PL_ENOMEM (*out = NULL). */
pl_status pl_acc_finish(const pl_acc *a, pl_summary **out);

#endif /* PARLEY_ACCUM_H */
