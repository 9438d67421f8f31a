/*
 * protocol.h — the bargaining protocols behind one interface (internal to the library).
 *
 * A protocol is a const vtable, as gsl_rng_type is: the trial loop (trial.c) owns breakdown, the
 * responses and the outcome; a protocol only says which text is put, by whom, what threshold a
 * responder holds it to, and how the state moves after a rejected round. Adding a protocol is a row
 * of PL_PROTOCOL_MAP (parley/scenario.h) and a new file src/protocol_NAME.c defining the
 * `const pli_protocol_type pli_protocol_NAME`; nothing else changes (docs/extending.md).
 *
 * Round t of a trial, as trial.c plays it:
 *   rng at stream (seed, trial, PL_STREAM_ROUND(t)); u = uniform; u < breakdown -> BREAKDOWN;
 *   propose(t) writes ts->text and hands back `who`; then for each party i != who, in party order:
 *     v = uniform (always drawn, so the stream stays aligned whatever the noise);
 *     thr = threshold ? threshold(i, t) : ts->r[i]; U = U_i(text) from ts->x;
 *     tau == 0: accept iff U >= thr - 1e-12; tau > 0: accept iff v < 1 / (1 + exp(-(U - thr) /
 *     tau));
 *   all accept -> AGREEMENT at ts->text; else, if t < max_rounds, update(t).
 * Protocols may draw further numbers from ts->rng during propose and update (after the responses);
 * they never allocate: their scratch is sized once by scratch_size.
 *
 * Every slot that can fail returns a pl_status, and the trial stops on the first that is not
 * PL_OK and returns it (a failed solve is an error of the run, never a silently kept state):
 * PL_ENUMERIC when a solver did not converge or gave a non-finite value, PL_EINVAL when the
 * scenario breaks the protocol's contract (one the loader rejects). A protocol includes
 * parley/trace.h for what it records, never parley/trial.h: it does not know the trial loop.
 */
#ifndef PARLEY_PROTOCOL_H
#define PARLEY_PROTOCOL_H

#include <stddef.h>
#include <stdint.h>

#include "parley/rng.h"
#include "parley/status.h"
#include "parley/trace.h"
#include "scenario_impl.h"

/* The state of one trial in progress. Arrays are [agent], [issue] or [agent * n_issues + issue]. */
typedef struct {
  const pl_scenario *sc;
  size_t n_issues, n_agents;
  uint64_t trial;
  pl_rng *rng;             /* positioned on the current round's stream */
  const double *theta;     /* [n_params] this trial's drawn parameters (capability, flexibility,
                              patience, leverage: read them here via sc->agents[i] offsets) */
  double *x;               /* current positions */
  const double *x0;        /* positions drawn at the start of the trial */
  const double *s;         /* drawn saliences (raw, [0, 1]) */
  const double *w;         /* utility weights: saliences normalised per agent */
  double *r;               /* current reservations (start: drawn reservation) */
  const double *inv_range; /* [n_issues] 1 / (max_j - min_j) */
  double *text;            /* [n_issues] the text of the current round (propose writes it) */
  unsigned char *accepted; /* [n_agents] this round: 1 accepted or did not respond, 0 rejected */
  pl_trace_round *trace;   /* non-NULL when traced: update records move_kind, move_from, risk */
} pli_trial_state;

#define PLI_NO_PROPOSER (-1L) /* the text is a single negotiating text: every party responds */
#define PLI_NO_OFFER                                                                               \
  (-2L) /* the proposer makes no acceptable offer: the round is rejected                           \
           without responses (has_text = 0 in a trace) */

/* A protocol: its name and five slots. Each vtable is defined with designated initializers, one
 * comment per slot, in the protocol's own file. */
typedef struct {
  /* The scenario's `protocol.kind` string, e.g. "mediated". */
  const char *name;
  /* Bytes of scratch the protocol needs for sc: allocated once per workspace, zeroed, aligned for
   * double; NULL = none. Cannot fail (a pure function of the validated scenario). */
  size_t (*scratch_size)(const pl_scenario *sc);
  /* Once per trial, after the parameters are drawn and ts reset, e.g. to solve a backward
   * induction; and again at the start of a round in which events (src/events.c) changed the
   * trial's state, so it must derive everything from ts as it is then (current positions,
   * reservations, weights, ts->theta), never from what it computed before. NULL = nothing to do.
   * Returns PL_OK, or the status that ends the trial. */
  pl_status (*begin)(void *scratch, pli_trial_state *ts);
  /* Round t: writes the text into ts->text and *proposer the proposer's agent index,
   * PLI_NO_PROPOSER or PLI_NO_OFFER. Returns PL_OK, or the status that ends the trial (*proposer is
   * then unspecified). Never NULL. */
  pl_status (*propose)(void *scratch, pli_trial_state *ts, unsigned t, long *proposer);
  /* Party i's acceptance threshold in round t; NULL = its current reservation ts->r[i]. Cannot
   * fail: it reads what begin, propose and update computed, which report their own failures. */
  double (*threshold)(const void *scratch, const pli_trial_state *ts, size_t i, unsigned t);
  /* After round t was rejected (t < max_rounds): concessions, challenges, leverage; records its
   * moves into ts->trace when non-NULL. Returns PL_OK, or the status that ends the trial. Never
   * NULL. */
  pl_status (*update)(void *scratch, pli_trial_state *ts, unsigned t);
} pli_protocol_type;

/* One vtable per row of PL_PROTOCOL_MAP (parley/scenario.h): pli_protocol_<name>. */
#define PLI_PROTOCOL_EXTERN(E, name, ...) extern const pli_protocol_type pli_protocol_##name;
PL_PROTOCOL_MAP(PLI_PROTOCOL_EXTERN)
#undef PLI_PROTOCOL_EXTERN

/* The vtable for a protocol kind (never NULL for a valid kind). */
const pli_protocol_type *pli_protocol_lookup(pl_protocol_kind kind);

/* The mediated single negotiating text: p_j = sum_i c_i s_ij x_ij / sum_i c_i s_ij over all agents,
 * from ts->x (used by `mediated` and `eum`). An issue whose weights are all 0 keeps the
 * capability-weighted mean of positions. */
void pli_protocol_mediated_text(const pli_trial_state *ts, double *text);

/* Mediators' leverage after a rejected round: each party i that rejected (ts->accepted[i] == 0)
 * gets r_i = max(0, r_i - sum over mediators m of leverage_mi). */
void pli_protocol_apply_leverage(pli_trial_state *ts);

#endif /* PARLEY_PROTOCOL_H */
