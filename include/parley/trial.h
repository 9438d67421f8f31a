/*
 * parley/trial.h — one negotiation (docs/model.md).
 *
 * A trial draws every uncertain parameter from its own keyed stream (seed, trial, key of its path:
 * parley/rng.h), then plays
 * rounds t = 1 .. max_rounds, round t drawing only from stream (seed, trial, PL_STREAM_ROUND(t)):
 * breakdown, a text from the protocol, responses, and the protocol's update after a rejection.
 * A trial never allocates, never touches libconfig or strings: all it needs is in a pl_workspace
 * allocated once per thread. The trace types are in parley/trace.h (included here).
 */
#ifndef PARLEY_TRIAL_H
#define PARLEY_TRIAL_H

#include <stddef.h>
#include <stdint.h>

#include "parley/scenario.h"
#include "parley/status.h"
#include "parley/trace.h"

typedef enum {
  PL_OUTCOME_AGREEMENT = 0,
  PL_OUTCOME_BREAKDOWN = 1,
  PL_OUTCOME_DEADLOCK = 2
} pl_outcome;
#define PL_N_OUTCOMES 3

/* "agreement", "breakdown", "deadlock". */
const char *pl_outcome_name(pl_outcome o);

/* What one trial produced. The arrays point into the workspace (or trace) that ran it and stay
 * valid until that workspace runs another trial. */
typedef struct {
  pl_outcome outcome;
  unsigned rounds;            /* round in which it ended; max_rounds for a deadlock */
  const double *point;        /* [n_issues] the agreement point (AGREEMENT only) */
  const double *utility0;     /* [n_agents] utility of the point judged from each agent's position
                                 as drawn at the start of the trial (AGREEMENT only) */
  const unsigned *rejections; /* [n_agents] how many texts each party rejected (0 for mediators) */
  const unsigned *responses;  /* [n_agents] how many texts each party responded to */
  /* The last text put in the trial (the agreement, or the text a failed trial last rejected): */
  unsigned last_text_round;           /* its round; 0 when no text was put (a breakdown in round 1,
                                         or no offer in any round) */
  const unsigned char *last_accepted; /* [n_agents] the answers to it: 0 rejected, 1 accepted or did
                                         not respond (mediators, the proposer); set when
                                         last_text_round > 0 */
  const double *last_cost; /* [n_agents * n_issues] BREAKDOWN or DEADLOCK with last_text_round > 0:
                              what issue j cost agent i at that text, w_ij d(|p_j - x_ij| / range_j)
                              from its position in that round (pl_utility_terms: U_i of the text is
                              1 minus their sum); not set otherwise */
  const double *theta;     /* [pl_scenario_n_params] the parameters as drawn for this trial
                              (parameter k has path pl_scenario_param_path(sc, k)); events do not
                              change them (they change the trial's current state) */
  const unsigned *event_round; /* [pl_scenario_n_events] the round at whose start event e fired,
                                  0 when it did not; NULL when the scenario has no events */
  int zone;           /* the zone-of-agreement diagnostic (montecarlo.zone = 1; docs/model.md): 1
                         when at the trial's start some text gives every party at least its
                         reservation, 0 when none does, -1 when not computed */
  double zone_margin; /* its best margin max_p min_i (U_i(p) - r_i) over the parties, at the
                         trial's start; NaN when not computed */
} pl_trial_result;

/* Where a trial failed: its index, the round (0 = before round 1), the agent and issue concerned
 * (-1 = none) and what was wrong ("text", "utility" or "threshold" not a finite number, or the
 * protocol step that failed). `what` is a static string. */
typedef struct {
  uint64_t trial;
  unsigned round;
  long agent, issue;
  const char *what;
} pl_trial_failure;

/* Per-thread scratch for running trials of one scenario (sized for it; reuse across trials). */
typedef struct pl_workspace pl_workspace;

pl_status pl_workspace_alloc(const pl_scenario *sc, pl_workspace **out);
void pl_workspace_free(pl_workspace *ws); /* NULL: nothing */

/* Runs trial `trial` of sc in ws. When trace is non-NULL, records every round into it
 * (parley/trace.h). Returns PL_OK; PL_EINVAL when the arguments are out of contract (ws or trace
 * sized for another scenario, or a scenario the loader would have rejected); or the status of the
 * protocol step that failed, PL_ENUMERIC when a solver did not converge or gave a non-finite value.
 * A failed trial stops where it failed: *out is then not a result, and the trace holds the rounds
 * played up to the failure. */
pl_status pl_trial_run(const pl_scenario *sc, pl_workspace *ws, uint64_t trial, pl_trace *trace,
                       pl_trial_result *out);

/* The zone-of-agreement diagnostic of trial `trial` without playing it: draws its parameters into
 * ws (as pl_trial_run does) and writes the best margin max_p min_i (U_i(p) - r_i) over the
 * parties at its start into *margin and whether it is a zone (margin >= 0, within the solver's
 * 1e-10 and the 1e-12 of ties) into *zone. Never allocates. Returns PL_OK, PL_EINVAL as
 * pl_trial_run, or PL_ENUMERIC (pl_workspace_failure says where). */
pl_status pl_trial_zone(const pl_scenario *sc, pl_workspace *ws, uint64_t trial, double *margin,
                        int *zone);

/* After pl_trial_run on ws returned an error other than PL_EINVAL: where that trial failed. */
void pl_workspace_failure(const pl_workspace *ws, pl_trial_failure *out);

#endif /* PARLEY_TRIAL_H */
