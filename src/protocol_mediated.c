/*
 * protocol_mediated.c — the `mediated` protocol: a single negotiating text (docs/model.md).
 *
 * Raiffa (1982, "The Art and Science of Negotiation", ch. 14) and Fisher and Ury (1981, "Getting to
 * Yes"): a mediator drafts one text, the parties criticise it, the mediator revises it. Here the
 * text is Stokman's capability x salience compromise of all agents' current positions
 * (pl_protocol_mediated_text); every party responds; after a rejected round each party that
 * rejected concedes its share f_i of the way to the text, x_ij += f_i (p_j - x_ij), and the
 * mediators' leverage lowers its reservation (pl_protocol_apply_leverage). Mediators never move.
 * No random draws beyond the trial loop's.
 */
#include "protocol.h"

/* Scratch: the weights c_i s_ij of the text, fixed for a trial since neither capability nor
 * salience moves under this protocol, and their sums per issue. propose() then performs exactly
 * the operations of pl_protocol_mediated_text, in the same order (so the same bits), without
 * recomputing the weights every round. */
typedef struct {
  double all_positive; /* 1.0 when every issue's weight sum is > 0; else use the general text */
  double data[];       /* cs[n_agents * n_issues], then den[n_issues] */
} pl_mediated_scratch;

static size_t pl_mediated_scratch_size(const pl_scenario *sc) {
  return sizeof(pl_mediated_scratch) + (sc->n_agents + 1) * sc->n_issues * sizeof(double);
}

static pl_status pl_mediated_begin(void *scratch, pl_trial_state *ts) {
  pl_mediated_scratch *ms = scratch;
  const pl_scenario *sc = ts->sc;
  size_t n = ts->n_issues, m = ts->n_agents;
  double *cs = ms->data, *den = ms->data + m * n;
  for (size_t j = 0; j < n; j++)
    den[j] = 0.0;
  for (size_t i = 0; i < m; i++) {
    double c = ts->theta[sc->agents[i].capability];
    for (size_t j = 0; j < n; j++) {
      cs[i * n + j] = c * ts->s[i * n + j];
      den[j] += cs[i * n + j];
    }
  }
  ms->all_positive = 1.0;
  for (size_t j = 0; j < n; j++)
    if (!(den[j] > 0.0))
      ms->all_positive = 0.0;
  return PL_OK;
}

static long pl_mediated_propose(void *scratch, pl_trial_state *ts, unsigned t) {
  (void)t;
  const pl_mediated_scratch *ms = scratch;
  if (ms->all_positive == 0.0) {
    pl_protocol_mediated_text(ts, ts->text);
    return PL_NO_PROPOSER;
  }
  size_t n = ts->n_issues, m = ts->n_agents;
  const double *cs = ms->data, *den = ms->data + m * n;
  double *p = ts->text;
  for (size_t j = 0; j < n; j++)
    p[j] = 0.0;
  for (size_t i = 0; i < m; i++)
    for (size_t j = 0; j < n; j++)
      p[j] += cs[i * n + j] * ts->x[i * n + j];
  for (size_t j = 0; j < n; j++)
    p[j] /= den[j];
  return PL_NO_PROPOSER;
}

static void pl_mediated_update(void *scratch, pl_trial_state *ts, unsigned t) {
  (void)scratch;
  (void)t;
  const pl_scenario *sc = ts->sc;
  size_t n = ts->n_issues;
  for (size_t k = 0; k < sc->n_parties; k++) {
    size_t i = sc->parties[k];
    if (ts->accepted[i])
      continue;
    double f = ts->theta[sc->agents[i].flexibility];
    double *x = ts->x + i * n;
    for (size_t j = 0; j < n; j++)
      x[j] += f * (ts->text[j] - x[j]);
    if (ts->trace != NULL && f > 0.0) {
      for (size_t j = 0; j < n; j++) {
        ts->trace->move_kind[i * n + j] = (unsigned char)PL_MOVE_CONCESSION;
        ts->trace->move_from[i * n + j] = -1;
      }
    }
  }
  pl_protocol_apply_leverage(ts);
}

const pl_protocol_type pl_protocol_mediated = {
    "mediated", pl_mediated_scratch_size, pl_mediated_begin, pl_mediated_propose,
    NULL,       pl_mediated_update};
