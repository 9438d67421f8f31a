/*
 * parley/trace.h — the round-by-round record of one traced trial (docs/outputs.md, `parley trace`).
 *
 * A pl_trace is filled by pl_trial_run (parley/trial.h) when the caller passes one; the protocols
 * write their part of each round (how positions moved, eum's risk exponents) into the round being
 * recorded. These types live here, apart from the trial, so that a protocol depends on what it
 * records and not on the trial loop that runs it.
 *
 * Invariants: a trace is sized for one scenario's max_rounds when allocated and holds one
 * allocation; a trial never allocates into it, it only overwrites the rounds it plays.
 */
#ifndef PARLEY_TRACE_H
#define PARLEY_TRACE_H

#include <stddef.h>

#include "parley/scenario.h"
#include "parley/status.h"

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
  double *costs;            /* [n_agents * n_issues] what each issue costs the agent at the text,
                               w_ij d(|p_j - x_ij| / range_j): utilities[i] = 1 - their sum
                               (pl_utility_terms); NaN without a text */
  double *accept_prob;      /* [n_agents] probability that the responder accepts: the logistic
                               1 / (1 + exp(-(U - thr) / tau)) with noise tau > 0, 1 or 0 (its
                               answer) with tau = 0; NaN for an agent that did not respond */
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
/* 1 when noise decided agent i's answer in round r: the rule without noise (accept iff U >= thr -
 * 1e-12, docs/model.md) would have answered the other way; 0 otherwise, or when i did not respond.
 */
int pl_trace_decided_by_noise(const pl_trace_round *r, size_t i);
/* The round at whose start event e (e < pl_scenario_n_events) fired in the traced trial, or 0 when
 * it did not fire. A round's record shows the state after the events of that round. */
unsigned pl_trace_event_round(const pl_trace *tr, size_t e);

#endif /* PARLEY_TRACE_H */
