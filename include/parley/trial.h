/*
 * parley/trial.h — one negotiation (docs/model.md, docs/model.md).
 *
 * A trial draws every uncertain parameter from stream (seed, trial, PL_STREAM_PARAMS), then plays
 * rounds t = 1 .. max_rounds, round t drawing only from stream (seed, trial, PL_STREAM_ROUND(t)):
 * breakdown, a text from the protocol, responses, and the protocol's update after a rejection.
 * A trial never allocates, never touches libconfig or strings: all it needs is in a pl_workspace
 * allocated once per thread.
 */
#ifndef PARLEY_TRIAL_H
#define PARLEY_TRIAL_H

#include <stddef.h>
#include <stdint.h>

#include "parley/scenario.h"
#include "parley/status.h"

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
} pl_trial_result;

/* Per-thread scratch for running trials of one scenario (sized for it; reuse across trials). */
typedef struct pl_workspace pl_workspace;

pl_status pl_workspace_alloc(const pl_scenario *sc, pl_workspace **out);
void pl_workspace_free(pl_workspace *ws); /* NULL: nothing */

/* What the protocol did to an agent's position on an issue after a rejected round. */
typedef enum {
  PL_MOVE_NONE = 0,      /* stayed */
  PL_MOVE_CONCESSION,    /* mediated: moved its share f_i of the way to the text */
  PL_MOVE_CONFRONTATION, /* eum: lost a challenge and moved to the challenger's position */
  PL_MOVE_COMPROMISE     /* eum: moved part of the way towards another actor */
} pl_move_kind;

/* One round of a traced trial. Arrays are indexed [agent], [issue] or [agent * n_issues + issue].
 */
typedef struct {
  unsigned round;
  long proposer;            /* agent index of the proposer, or -1 (single negotiating text) */
  int has_text;             /* 0: the round ended before a text (breakdown) or no offer was made */
  double *text;             /* [n_issues] */
  double *positions;        /* [n_agents * n_issues] at the start of the round */
  double *reservations;     /* [n_agents] at the start of the round */
  double *thresholds;       /* [n_agents] acceptance threshold of each responder; NaN otherwise */
  double *utilities;        /* [n_agents] utility of the text from the agent's current position */
  signed char *responses;   /* [n_agents] 1 accepted, 0 rejected, -1 did not respond */
  unsigned char *move_kind; /* [n_agents * n_issues] pl_move_kind after this round's rejection */
  long *move_from;          /* [n_agents * n_issues] whose position it moved towards, or -1 */
  double *risk; /* [n_agents * n_issues] eum risk exponent used this round; NaN otherwise */
} pl_trace_round;

/* A recording of one trial, round by round (sized for the scenario's max_rounds). */
typedef struct pl_trace pl_trace;

pl_status pl_trace_alloc(const pl_scenario *sc, pl_trace **out);
void pl_trace_free(pl_trace *tr); /* NULL: nothing */
size_t pl_trace_n_rounds(const pl_trace *tr);
const pl_trace_round *pl_trace_round_at(const pl_trace *tr, size_t k); /* k < n_rounds */
/* The parameter values this trial drew, one per scenario parameter (pl_scenario_param_path names
 * parameter k). */
size_t pl_trace_n_params(const pl_trace *tr);
const double *pl_trace_params(const pl_trace *tr);

/* Runs trial `trial` of sc in ws. When trace is non-NULL, records every round into it.
 * Fails only with PL_ENUMERIC (a protocol's solver did not converge) or PL_EINVAL. */
pl_status pl_trial_run(const pl_scenario *sc, pl_workspace *ws, uint64_t trial, pl_trace *trace,
                       pl_trial_result *out);

#endif /* PARLEY_TRIAL_H */
