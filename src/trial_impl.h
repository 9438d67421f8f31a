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

#endif /* PARLEY_TRIAL_IMPL_H */
