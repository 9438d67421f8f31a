/*
 * protocol.c — the protocol table and the pieces protocols share: the single negotiating text and
 * mediators' leverage (docs/model.md, "The mediated protocol").
 *
 * Both functions read only the trial state (ts) and the scenario's agent offsets; neither
 * allocates. Sums run in agent order, so results do not depend on anything but the inputs.
 */
#include "protocol.h"

const pli_protocol_type *pli_protocol_lookup(pl_protocol_kind kind) {
  static const pli_protocol_type *const types[] = {
#define PLI_PROTOCOL_TYPE(E, name, ...) [PL_PROTOCOL_##E] = &pli_protocol_##name,
      PL_PROTOCOL_MAP(PLI_PROTOCOL_TYPE)
#undef PLI_PROTOCOL_TYPE
  };
  return (unsigned)kind < PL_PROTOCOL_COUNT ? types[kind] : NULL;
}

/* Stokman's compromise (Stokman and van den Bos 1992; van den Bos 1991): the position weighted by
 * each actor's capability times salience, p_j = sum_i c_i s_ij x_ij / sum_i c_i s_ij, from the
 * current positions. */
void pli_protocol_mediated_text(const pli_trial_state *ts, double *text) {
  const pl_scenario *sc = ts->sc;
  size_t n = ts->n_issues, m = ts->n_agents;
  for (size_t j = 0; j < n; j++) {
    double num = 0.0, den = 0.0;
    for (size_t i = 0; i < m; i++) {
      double cs = ts->theta[sc->agents[i].capability] * ts->s[i * n + j];
      num += cs * ts->x[i * n + j];
      den += cs;
    }
    if (den > 0.0) {
      text[j] = num / den;
      continue;
    }
    /* Nobody cares about issue j in this trial (drawn saliences all 0): capability weights. */
    double cnum = 0.0, cden = 0.0;
    for (size_t i = 0; i < m; i++) {
      double c = ts->theta[sc->agents[i].capability];
      cnum += c * ts->x[i * n + j];
      cden += c;
    }
    text[j] = cnum / cden;
  }
}

void pli_protocol_apply_leverage(pli_trial_state *ts) {
  const pl_scenario *sc = ts->sc;
  for (size_t k = 0; k < sc->n_parties; k++) {
    size_t i = sc->parties[k];
    if (ts->accepted[i])
      continue;
    double lev = 0.0;
    for (size_t m = 0; m < ts->n_agents; m++)
      if (sc->agents[m].role == PL_ROLE_MEDIATOR)
        lev += ts->theta[sc->agents[m].leverage + k]; /* k: the party's rank */
    double r = ts->r[i] - lev;
    ts->r[i] = r > 0.0 ? r : 0.0;
  }
}
