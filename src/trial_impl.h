/*
 * trial_impl.h — the trial module's entry points that name a protocol (internal to the library).
 *
 * pl_workspace_alloc picks the protocol from the scenario's kind; this header lets a caller inside
 * the library or its tests hand a vtable directly, e.g. a test protocol whose steps fail, so that
 * the trial loop's handling of each failure can be provoked.
 */
#ifndef PARLEY_TRIAL_IMPL_H
#define PARLEY_TRIAL_IMPL_H

#include "parley/status.h"
#include "parley/trial.h"
#include "protocol.h"

/* As pl_workspace_alloc, but every trial run in the workspace plays `proto` whatever sc's
 * protocol kind. proto must outlive the workspace; PL_EINVAL when it is NULL or has no propose or
 * no update. */
pl_status pli_workspace_alloc_protocol(const pl_scenario *sc, const pli_protocol_type *proto,
                                       pl_workspace **out);

/* The two halves of pl_trial_run, for sensitivity designs. pli_trial_draw fills the workspace's
 * parameter vector with trial `trial`'s draws (fixed values, and each uncertain parameter from its
 * keyed stream); pli_workspace_theta is that vector [n_params], which a caller may change (to a
 * value inside each parameter's domain) before pli_trial_play plays it with the rounds' streams
 * of trial `luck`. pl_trial_run(sc, ws, k, ...) is pli_trial_draw(sc, ws, k) then
 * pli_trial_play(sc, ws, k, ...), and its argument checks are the caller's here. */
void pli_trial_draw(const pl_scenario *sc, pl_workspace *ws, uint64_t trial);
double *pli_workspace_theta(pl_workspace *ws);
/* The scenario ws was allocated for. */
const pl_scenario *pli_workspace_scenario(const pl_workspace *ws);
pl_status pli_trial_play(const pl_scenario *sc, pl_workspace *ws, uint64_t luck, pl_trace *trace,
                         pl_trial_result *out);

#endif /* PARLEY_TRIAL_IMPL_H */
