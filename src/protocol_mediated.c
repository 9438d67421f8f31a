/*
 * protocol_mediated.c — the `mediated` protocol: a single negotiating text (docs/model.md).
 *
 * Raiffa (1982, "The Art and Science of Negotiation", ch. 14) and Fisher and Ury (1981, "Getting to
 * Yes"): a mediator drafts one text, the parties criticise it, the mediator revises it. Here the
 * text is Stokman's capability x salience compromise of all agents' current positions
 * (pli_protocol_mediated_text); every party responds; after a rejected round each party that
 * rejected concedes its share f_i of the way to the text, x_ij += f_i (p_j - x_ij), and the
 * mediators' leverage lowers its reservation (as pli_protocol_apply_leverage does). Mediators never
 * move.
 * No random draws beyond the trial loop's.
 */
#include "nash.h"
#include "protocol.h"

/* Scratch: the weights c_i s_ij of the text, fixed for a trial since neither capability nor
 * salience moves under this protocol, and their sums per issue; and, per party, the sum of the
 * mediators' leverage on it, fixed for a trial too. propose() and update() then perform exactly
 * the operations of pli_protocol_mediated_text and pli_protocol_apply_leverage, in the same order
 * (so the same bits), without recomputing the weights or the leverage every round. */
typedef struct {
  double all_positive; /* 1.0 when every issue's weight sum is > 0; else use the general text */
  double data[];       /* cs[n_agents * n_issues], den[n_issues], then lev[n_agents] (parties only),
                          then, for text = "nash", the Nash solver's work (nash.h) */
} pli_mediated_scratch;

static size_t mediated_scratch_size(const pl_scenario *sc) {
  size_t nash = sc->text == PLI_TEXT_NASH ? pli_nash_work_doubles(sc->n_issues, sc->n_parties) : 0;
  return sizeof(pli_mediated_scratch) +
         ((sc->n_agents + 1) * sc->n_issues + sc->n_agents + nash) * sizeof(double);
}

/* text = "nash": the Nash text over the mean text just put, when some text gives every party a
 * positive surplus (docs/protocols.md); the mean text stays otherwise. */
static pl_status mediated_nash(pli_mediated_scratch *ms, pli_trial_state *ts) {
  int found;
  double *work = ms->data + (ts->n_agents + 1) * ts->n_issues + ts->n_agents;
  return pli_nash_text(ts, work, ts->text, &found);
}

static pl_status mediated_begin(void *scratch, pli_trial_state *ts) {
  pli_mediated_scratch *ms = scratch;
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
  /* The leverage sum in agent order, as pli_protocol_apply_leverage adds it up. */
  double *lev = den + n;
  for (size_t k = 0; k < sc->n_parties; k++) {
    size_t i = sc->parties[k];
    double sum = 0.0;
    for (size_t a = 0; a < m; a++)
      if (sc->agents[a].role == PL_ROLE_MEDIATOR)
        sum += ts->theta[sc->agents[a].leverage + k]; /* k: the party's rank */
    lev[i] = sum;
  }
  return PL_OK;
}

static pl_status mediated_propose(void *scratch, pli_trial_state *ts, unsigned t, long *proposer) {
  (void)t;
  pli_mediated_scratch *ms = scratch;
  *proposer = PLI_NO_PROPOSER;
  if (ms->all_positive == 0.0) {
    pli_protocol_mediated_text(ts, ts->text);
    return ts->sc->text == PLI_TEXT_NASH ? mediated_nash(ms, ts) : PL_OK;
  }
  size_t n = ts->n_issues, m = ts->n_agents;
  const double *restrict cs = ms->data;
  const double *restrict den = ms->data + m * n;
  const double *restrict x = ts->x;
  double *restrict p = ts->text;
  /* p_j = (((0 + cs_0j x_0j) + cs_1j x_1j) + ...) / den_j: agent order, one register per sum. */
  for (size_t j = 0; j < n; j++) {
    double num = 0.0;
    for (size_t i = 0; i < m; i++)
      num += cs[i * n + j] * x[i * n + j];
    p[j] = num / den[j];
  }
  return ts->sc->text == PLI_TEXT_NASH ? mediated_nash(ms, ts) : PL_OK;
}

/* Cannot fail: concessions and leverage are convex combinations and differences of finite values.
 */
static pl_status mediated_update(void *scratch, pli_trial_state *ts, unsigned t) {
  (void)t;
  const pli_mediated_scratch *ms = scratch;
  const pl_scenario *sc = ts->sc;
  size_t n = ts->n_issues;
  const double *lev = ms->data + (ts->n_agents + 1) * n;
  const double *restrict text = ts->text;
  for (size_t k = 0; k < sc->n_parties; k++) {
    size_t i = sc->parties[k];
    if (ts->accepted[i])
      continue;
    double f = ts->theta[sc->agents[i].flexibility];
    double *restrict x = ts->x + i * n;
    for (size_t j = 0; j < n; j++)
      x[j] += f * (text[j] - x[j]);
    if (ts->trace != NULL && f > 0.0) {
      for (size_t j = 0; j < n; j++) {
        ts->trace->move_kind[i * n + j] = (unsigned char)PL_MOVE_CONCESSION;
        ts->trace->move_from[i * n + j] = -1;
      }
    }
  }
  /* Mediators' leverage, as pli_protocol_apply_leverage: r_i = max(0, r_i - lev_i) for each party
   * that rejected, with lev_i summed once per trial in begin(). */
  for (size_t k = 0; k < sc->n_parties; k++) {
    size_t i = sc->parties[k];
    if (ts->accepted[i])
      continue;
    double r = ts->r[i] - lev[i];
    ts->r[i] = r > 0.0 ? r : 0.0;
  }
  return PL_OK;
}

const pli_protocol_type pli_protocol_mediated = {
    .name = "mediated",                    /* protocol.kind in a scenario */
    .scratch_size = mediated_scratch_size, /* the text's weights, their sums, the leverage */
    .begin = mediated_begin,               /* fixes those weights and sums for the trial */
    .propose = mediated_propose,           /* the mean or Nash text; every party responds */
    .threshold = NULL,                     /* a responder holds the text to its reservation */
    .update = mediated_update,             /* concessions, then the mediators' leverage */
};
