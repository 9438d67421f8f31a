/*
 * trial.c — one negotiation: parameter draws, rounds, responses, outcome (docs/model.md).
 *
 * Invariants:
 * - a workspace is sized for one scenario when allocated and snapshots its fixed parameter values
 *   (the scenario must not change while the workspace exists; a workspace refuses any other
 *   scenario with PL_EINVAL);
 * - pl_trial_run never allocates and never touches strings: everything lives in the workspace
 *   (protocol scratch included) or in the caller's trace;
 * - the random draws of trial k depend only on (seed, k): each uncertain parameter from the keyed
 *   stream of its path (pl_rng_reset_key: fixing or adding one parameter leaves the others' draws
 *   as they were), round t from stream PL_STREAM_ROUND(t): first the breakdown uniform, then
 *   one uniform per responding party in party order, whatever the noise (common random numbers
 *   across sweep points), then whatever the protocol draws. Drawing (pli_trial_draw) and playing
 *   (pli_trial_play) are separate steps, so that a sensitivity design can play a parameter vector
 *   of its own making against the rounds of any trial (its "luck");
 * - a text, utility or threshold that is not a finite number ends the trial with PL_ENUMERIC and a
 *   record of where (pl_workspace_failure): never a silent NaN in the results;
 * - a protocol step that fails (begin, propose, update) ends the trial at once with its status,
 *   which the Monte Carlo layer turns into a failed run: no failure is ever kept as a state.
 */
#include "parley/trial.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "events.h"
#include "nash.h"
#include "parley/dist.h"
#include "parley/rng.h"
#include "parley/utility.h"
#include "protocol.h"
#include "trial_impl.h"

#define PLI_ALIGN 64u /* cache line: workspaces of different threads never share one */

struct pl_workspace {
  const pl_scenario *sc;
  const pli_protocol_type *proto;
  size_t n_issues, n_agents, n_params;
  pl_rng *rng;
  void *block;            /* the one allocation holding every array below */
  double *base;           /* [n_params] fixed values (uncertain ones are drawn over them) */
  double *theta;          /* [n_params] this trial's values */
  double *cur;            /* [n_params] with events: the values as events change them (theta stays
                             as drawn, for results and for sensitivity designs that reuse it) */
  unsigned *event_round;  /* [n_events] the round at whose start each event fired; 0 = not */
  double *x, *x0, *s, *w; /* [n_agents * n_issues] */
  double *r;              /* [n_agents] */
  double *inv_range;      /* [n_issues] */
  double *text, *point;   /* [n_issues] */
  double *utility0;       /* [n_agents] */
  unsigned *rejections, *responses; /* [n_agents] */
  unsigned char *accepted;          /* [n_agents] */
  /* The last text put, kept for the end of a failed trial (later rounds overwrite text and x): */
  unsigned last_round;          /* its round; 0: none yet */
  unsigned char *last_accepted; /* [n_agents] the answers to it */
  double *last_text;            /* [n_issues] */
  double *last_x, *last_cost;   /* [n_agents * n_issues] positions it was judged from; costs */
  void *scratch;                /* protocol scratch */
  double *zone_work;            /* [pli_nash_work_doubles] the zone diagnostic's solver */
  pli_trial_state ts;
  pl_trial_failure failure; /* where the last failed trial failed */
};

struct pl_trace {
  const pl_scenario *sc;
  size_t n_issues, n_agents, n_params, cap, n_rounds;
  pl_trace_round *rounds; /* [cap] */
  double *params;         /* [n_params] */
  unsigned *event_round;  /* [n_events] */
  void *block;
};

static size_t round_up(size_t bytes) { return (bytes + PLI_ALIGN - 1) / PLI_ALIGN * PLI_ALIGN; }

const char *pl_outcome_name(pl_outcome o) {
  switch (o) {
  case PL_OUTCOME_AGREEMENT:
    return "agreement";
  case PL_OUTCOME_BREAKDOWN:
    return "breakdown";
  case PL_OUTCOME_DEADLOCK:
    return "deadlock";
  }
  return "unknown";
}

/* A bump allocator over one block: carve() hands out 64-byte-aligned pieces in order. With
 * base == NULL it only measures. */
typedef struct {
  unsigned char *base;
  size_t used;
} pli_carver;

static void *carve(pli_carver *c, size_t bytes) {
  void *p = c->base != NULL ? c->base + c->used : NULL;
  c->used += round_up(bytes > 0 ? bytes : 1);
  return p;
}

static void workspace_layout(pl_workspace *ws, pli_carver *c, size_t scratch) {
  size_t n = ws->n_issues, m = ws->n_agents, nm = n * m;
  ws->base = carve(c, ws->n_params * sizeof(double));
  ws->theta = carve(c, ws->n_params * sizeof(double));
  ws->cur = carve(c, ws->n_params * sizeof(double));
  ws->event_round = carve(c, ws->sc->n_events * sizeof(unsigned));
  ws->x = carve(c, nm * sizeof(double));
  ws->x0 = carve(c, nm * sizeof(double));
  ws->s = carve(c, nm * sizeof(double));
  ws->w = carve(c, nm * sizeof(double));
  ws->r = carve(c, m * sizeof(double));
  ws->inv_range = carve(c, n * sizeof(double));
  ws->text = carve(c, n * sizeof(double));
  ws->point = carve(c, n * sizeof(double));
  ws->utility0 = carve(c, m * sizeof(double));
  ws->rejections = carve(c, m * sizeof(unsigned));
  ws->responses = carve(c, m * sizeof(unsigned));
  ws->accepted = carve(c, m);
  ws->last_accepted = carve(c, m);
  ws->last_text = carve(c, n * sizeof(double));
  ws->last_x = carve(c, nm * sizeof(double));
  ws->last_cost = carve(c, nm * sizeof(double));
  ws->scratch = carve(c, scratch);
  ws->zone_work = carve(c, pli_nash_work_doubles(n, ws->sc->n_parties) * sizeof(double));
}

pl_status pl_workspace_alloc(const pl_scenario *sc, pl_workspace **out) {
  return pli_workspace_alloc_protocol(sc, sc != NULL ? pli_protocol_lookup(sc->protocol) : NULL,
                                      out);
}

pl_status pli_workspace_alloc_protocol(const pl_scenario *sc, const pli_protocol_type *proto,
                                       pl_workspace **out) {
  if (out == NULL)
    return PL_EINVAL;
  *out = NULL;
  if (sc == NULL || sc->n_issues == 0 || sc->n_agents == 0)
    return PL_EINVAL;
  if (proto == NULL || proto->propose == NULL || proto->update == NULL)
    return PL_EINVAL; /* a protocol that is not implemented */
  /* Cache-line aligned and padded: the trial state inside is written every round. */
  pl_workspace *ws = aligned_alloc(PLI_ALIGN, round_up(sizeof *ws));
  if (ws == NULL)
    return PL_ENOMEM;
  memset(ws, 0, sizeof *ws);
  ws->sc = sc;
  ws->proto = proto;
  ws->n_issues = sc->n_issues;
  ws->n_agents = sc->n_agents;
  ws->n_params = sc->n_params;
  size_t scratch = proto->scratch_size != NULL ? proto->scratch_size(sc) : 0;
  pli_carver c = {NULL, 0};
  workspace_layout(ws, &c, scratch);
  ws->block = aligned_alloc(PLI_ALIGN, c.used);
  ws->rng = pl_rng_alloc();
  if (ws->block == NULL || ws->rng == NULL) {
    pl_workspace_free(ws);
    return PL_ENOMEM;
  }
  memset(ws->block, 0, c.used);
  c = (pli_carver){ws->block, 0};
  workspace_layout(ws, &c, scratch);

  for (size_t k = 0; k < sc->n_params; k++) {
    const pli_param *p = &sc->params[k];
    double v = pl_dist_mean(&p->dist);
    if (p->dist.kind == PL_DIST_FIXED) /* the value itself, clamped like any draw */
      v = v < p->lo ? p->lo : (v > p->hi ? p->hi : v);
    ws->base[k] = v;
  }
  for (size_t j = 0; j < sc->n_issues; j++)
    ws->inv_range[j] = 1.0 / (sc->issues[j].max - sc->issues[j].min);

  pli_trial_state *ts = &ws->ts;
  ts->sc = sc;
  ts->n_issues = ws->n_issues;
  ts->n_agents = ws->n_agents;
  ts->rng = ws->rng;
  ts->theta = ws->theta;
  ts->x = ws->x;
  ts->x0 = ws->x0;
  ts->s = ws->s;
  ts->w = ws->w;
  ts->r = ws->r;
  ts->inv_range = ws->inv_range;
  ts->text = ws->text;
  ts->accepted = ws->accepted;
  ts->trace = NULL;
  *out = ws;
  return PL_OK;
}

void pl_workspace_free(pl_workspace *ws) {
  if (ws == NULL)
    return;
  pl_rng_free(ws->rng);
  free(ws->block);
  free(ws);
}

/* The rule without noise: a responder with utility u and threshold thr accepts (ties accept; the
 * 1e-12 keeps texts equal up to rounding acceptable). docs/model.md, "One trial". */
static int trial_rule(double u, double thr) { return u >= thr - 1e-12; }

/* ---- traces ---- */

static void trace_layout(pl_trace *tr, pli_carver *c) {
  size_t n = tr->n_issues, m = tr->n_agents, nm = n * m;
  tr->rounds = carve(c, tr->cap * sizeof(pl_trace_round));
  tr->params = carve(c, tr->n_params * sizeof(double));
  tr->event_round = carve(c, tr->sc->n_events * sizeof(unsigned));
  for (size_t k = 0; k < tr->cap; k++) {
    pl_trace_round scratch_round = {0};
    pl_trace_round *rd = c->base != NULL ? &tr->rounds[k] : &scratch_round;
    rd->text = carve(c, n * sizeof(double));
    rd->positions = carve(c, nm * sizeof(double));
    rd->reservations = carve(c, m * sizeof(double));
    rd->thresholds = carve(c, m * sizeof(double));
    rd->utilities = carve(c, m * sizeof(double));
    rd->costs = carve(c, nm * sizeof(double));
    rd->accept_prob = carve(c, m * sizeof(double));
    rd->risk = carve(c, nm * sizeof(double));
    rd->move_from = carve(c, nm * sizeof(long));
    rd->responses = carve(c, m);
    rd->move_kind = carve(c, nm);
  }
}

pl_status pl_trace_alloc(const pl_scenario *sc, pl_trace **out) {
  if (out == NULL)
    return PL_EINVAL;
  *out = NULL;
  if (sc == NULL || sc->max_rounds == 0)
    return PL_EINVAL;
  pl_trace *tr = calloc(1, sizeof *tr);
  if (tr == NULL)
    return PL_ENOMEM;
  tr->sc = sc;
  tr->n_issues = sc->n_issues;
  tr->n_agents = sc->n_agents;
  tr->n_params = sc->n_params;
  tr->cap = sc->max_rounds;
  /* One block for every round: pages of rounds a trial never reaches are never touched. */
  pli_carver c = {NULL, 0};
  trace_layout(tr, &c);
  tr->block = malloc(c.used);
  if (tr->block == NULL) {
    free(tr);
    return PL_ENOMEM;
  }
  c = (pli_carver){tr->block, 0};
  trace_layout(tr, &c);
  *out = tr;
  return PL_OK;
}

void pl_trace_free(pl_trace *tr) {
  if (tr == NULL)
    return;
  free(tr->block);
  free(tr);
}

size_t pl_trace_n_rounds(const pl_trace *tr) { return tr->n_rounds; }
const pl_trace_round *pl_trace_round_at(const pl_trace *tr, size_t k) {
  return k < tr->n_rounds ? &tr->rounds[k] : NULL;
}
size_t pl_trace_n_params(const pl_trace *tr) { return tr->n_params; }
const double *pl_trace_params(const pl_trace *tr) { return tr->params; }
unsigned pl_trace_event_round(const pl_trace *tr, size_t e) {
  return e < tr->sc->n_events ? tr->event_round[e] : 0;
}

int pl_trace_decided_by_noise(const pl_trace_round *r, size_t i) {
  return r->has_text && r->responses[i] >= 0 &&
         (r->responses[i] > 0) != trial_rule(r->utilities[i], r->thresholds[i]);
}

/* Opens round t's record: the state at the start of the round; nothing responded or moved yet. */
static pl_trace_round *trace_begin_round(pl_trace *tr, const pl_workspace *ws, unsigned t) {
  pl_trace_round *rd = &tr->rounds[t - 1];
  size_t n = ws->n_issues, m = ws->n_agents, nm = n * m;
  tr->n_rounds = t;
  rd->round = t;
  rd->proposer = -1;
  rd->has_text = 0;
  memcpy(rd->positions, ws->x, nm * sizeof(double));
  memcpy(rd->reservations, ws->r, m * sizeof(double));
  for (size_t j = 0; j < n; j++)
    rd->text[j] = NAN;
  for (size_t i = 0; i < m; i++) {
    rd->thresholds[i] = NAN;
    rd->utilities[i] = NAN;
    rd->accept_prob[i] = NAN;
    rd->responses[i] = -1;
  }
  for (size_t k = 0; k < nm; k++) {
    rd->costs[k] = NAN;
    rd->move_kind[k] = (unsigned char)PL_MOVE_NONE;
    rd->move_from[k] = -1;
    rd->risk[k] = NAN;
  }
  return rd;
}

/* ---- the trial ---- */

void pli_trial_draw(const pl_scenario *sc, pl_workspace *ws, uint64_t trial) {
  memcpy(ws->theta, ws->base, ws->n_params * sizeof(double));
  for (size_t u = 0; u < sc->n_uncertain; u++) {
    const pli_param *p = &sc->params[sc->uncertain[u]];
    pl_rng_reset_key(ws->rng, sc->seed, trial, p->key);
    ws->theta[sc->uncertain[u]] = pl_dist_draw(&p->dist, p->lo, p->hi, ws->rng);
  }
}

double *pli_workspace_theta(pl_workspace *ws) { return ws->theta; }

const pl_scenario *pli_workspace_scenario(const pl_workspace *ws) { return ws->sc; }

void pl_workspace_failure(const pl_workspace *ws, pl_trial_failure *out) { *out = ws->failure; }

/* Records where trial `trial` failed (round t, agent i, issue j; -1 = none) and returns st. */
static pl_status trial_fail(pl_workspace *ws, uint64_t trial, unsigned t, long i, long j,
                            const char *what, pl_status st) {
  ws->failure = (pl_trial_failure){trial, t, i, j, what};
  return st;
}

/* The issue whose term of agent i's utility of the text is not finite (the first), or -1. Off the
 * hot path: called only once a utility was found not to be finite. */
static long trial_bad_term(const pl_scenario *sc, const pl_workspace *ws, size_t i) {
  size_t n = ws->n_issues;
  for (size_t j = 0; j < n; j++) {
    double d = fabs(ws->text[j] - ws->x[i * n + j]) * ws->inv_range[j];
    double term = ws->w[i * n + j] * (sc->agents[i].utility == PL_UTILITY_QUADRATIC ? d * d : d);
    if (!isfinite(term))
      return (long)j;
  }
  return -1;
}

/* A response found a utility or threshold that is not finite: records the first culprit, in this
 * order: the text on some issue (so a text that is not finite is found by its first responder,
 * with no check per round of its own), a term of party i's utility, or its threshold. */
static pl_status trial_fail_numbers(const pl_scenario *sc, pl_workspace *ws, uint64_t trial,
                                    unsigned t, long who, size_t i, double u) {
  for (size_t j = 0; j < ws->n_issues; j++) {
    if (!isfinite(ws->text[j])) {
      return trial_fail(ws, trial, t, who >= 0 ? who : -1, (long)j, "text", PL_ENUMERIC);
    }
  }
  if (!isfinite(u)) {
    return trial_fail(ws, trial, t, (long)i, trial_bad_term(sc, ws, i), "utility", PL_ENUMERIC);
  }
  return trial_fail(ws, trial, t, (long)i, -1, "threshold", PL_ENUMERIC);
}

/* Whether the parties that accepted this round (ws->accepted, the proposer included) hold at least
 * `quota` of the parties' total weight, one each or their capability in theta (the values the
 * trial plays, events included), with the 1e-12 tolerance of ties on the share
 * (docs/protocols.md, "Qualified majority"). Sums in party order. */
static int trial_quota_met(const pl_scenario *sc, const pl_workspace *ws, const double *theta,
                           double quota) {
  double held = 0.0, total = 0.0;
  for (size_t k = 0; k < sc->n_parties; k++) {
    size_t i = sc->parties[k];
    double wgt =
        sc->quota_weight == PLI_QUOTA_BY_CAPABILITY ? theta[sc->agents[i].capability] : 1.0;
    total += wgt;
    if (ws->accepted[i])
      held += wgt;
  }
  return held >= (quota - 1e-12) * total;
}

/* Derives positions, saliences, weights and reservations from theta. */
static void trial_state(const pl_scenario *sc, pl_workspace *ws) {
  size_t n = ws->n_issues;
  for (size_t i = 0; i < ws->n_agents; i++) {
    const pli_agent *a = &sc->agents[i];
    memcpy(ws->x0 + i * n, ws->theta + a->position, n * sizeof(double));
    memcpy(ws->s + i * n, ws->theta + a->salience, n * sizeof(double));
    pl_utility_weights(n, ws->s + i * n, ws->w + i * n);
    ws->r[i] = ws->theta[a->reservation];
    ws->rejections[i] = 0;
    ws->responses[i] = 0;
  }
  memcpy(ws->x, ws->x0, ws->n_agents * n * sizeof(double));
}
static void trial_finish_agreement(const pl_scenario *sc, pl_workspace *ws) {
  size_t n = ws->n_issues;
  memcpy(ws->point, ws->text, n * sizeof(double));
  for (size_t i = 0; i < ws->n_agents; i++)
    ws->utility0[i] = pl_utility_eval(sc->agents[i].utility, n, ws->w + i * n, ws->x0 + i * n,
                                      ws->inv_range, ws->point);
}

/* The probability that a responder with utility u and threshold thr accepts under noise tau > 0
 * (docs/model.md, "One trial"). */
static double trial_accept_prob(double u, double thr, double tau) {
  return 1.0 / (1.0 + exp(-(u - thr) / tau));
}

/* Round t put a text (all: every party accepted it). Keeps the answers, and for a rejected text the
 * text and the positions it was judged from, which the next rounds overwrite: copies only, the
 * costs are computed once, at the end of a failed trial (trial_finish_texts). */
static void trial_note_text(pl_workspace *ws, unsigned t, int all) {
  size_t n = ws->n_issues, m = ws->n_agents;
  ws->last_round = t;
  memcpy(ws->last_accepted, ws->accepted, m);
  if (!all) {
    memcpy(ws->last_text, ws->text, n * sizeof(double));
    memcpy(ws->last_x, ws->x, m * n * sizeof(double));
  }
}

/* At the end of trial (outcome in out): the last text put, and after a failure what each issue
 * cost each agent at it (pl_trial_result.last_cost). */
static void trial_finish_texts(const pl_scenario *sc, pl_workspace *ws, pl_trial_result *out) {
  size_t n = ws->n_issues;
  out->last_text_round = ws->last_round;
  if (out->outcome == PL_OUTCOME_AGREEMENT || ws->last_round == 0)
    return;
  for (size_t i = 0; i < ws->n_agents; i++)
    pl_utility_terms(sc->agents[i].utility, n, ws->w + i * n, ws->last_x + i * n, ws->inv_range,
                     ws->last_text, ws->last_cost + i * n);
}

pl_status pl_trial_run(const pl_scenario *sc, pl_workspace *ws, uint64_t trial, pl_trace *trace,
                       pl_trial_result *out) {
  if (sc == NULL || ws == NULL || out == NULL || ws->sc != sc)
    return PL_EINVAL;
  if (trace != NULL && (trace->sc != sc || trace->cap < sc->max_rounds))
    return PL_EINVAL;
  pli_trial_draw(sc, ws, trial);
  return pli_trial_play(sc, ws, trial, trace, out);
}

pl_status pl_trial_zone(const pl_scenario *sc, pl_workspace *ws, uint64_t trial, double *margin,
                        int *zone) {
  if (sc == NULL || ws == NULL || margin == NULL || zone == NULL || ws->sc != sc)
    return PL_EINVAL;
  pli_trial_draw(sc, ws, trial);
  trial_state(sc, ws);
  ws->ts.trial = trial;
  ws->ts.theta = ws->theta; /* as drawn: no event has happened at a trial's start */
  pl_status st = pli_nash_zone(&ws->ts, ws->zone_work, margin);
  if (st != PL_OK)
    return trial_fail(ws, trial, 0, -1, -1, "the zone of agreement", st);
  *zone = *margin >= -PLI_ZONE_TOL;
  return PL_OK;
}

pl_status pli_trial_play(const pl_scenario *sc, pl_workspace *ws, uint64_t trial, pl_trace *trace,
                         pl_trial_result *out) {
  const pli_protocol_type *proto = ws->proto;
  pli_trial_state *ts = &ws->ts;
  size_t n = ws->n_issues;
  /* With events, the trial plays a copy of the drawn values that events may change. */
  double *theta = ws->theta;
  if (sc->n_events > 0) {
    memcpy(ws->cur, ws->theta, ws->n_params * sizeof(double));
    memset(ws->event_round, 0, sc->n_events * sizeof(unsigned));
    theta = ws->cur;
  }
  ts->theta = theta;
  const pli_event_state evs = {theta, ws->x, ws->s, ws->w, ws->r};

  out->point = ws->point;
  out->utility0 = ws->utility0;
  out->rejections = ws->rejections;
  out->responses = ws->responses;
  out->last_accepted = ws->last_accepted;
  out->last_cost = ws->last_cost;
  ws->last_round = 0;
  out->theta = ws->theta;
  out->event_round = sc->n_events > 0 ? ws->event_round : NULL;

  trial_state(sc, ws);
  ts->trial = trial;
  ts->trace = NULL;
  out->zone = -1;
  out->zone_margin = NAN;
  if (sc->zone) { /* the diagnostic, asked for: at the start, before the protocol's first step */
    pl_status st = pli_nash_zone(ts, ws->zone_work, &out->zone_margin);
    if (st != PL_OK)
      return trial_fail(ws, trial, 0, -1, -1, "the zone of agreement", st);
    out->zone = out->zone_margin >= -PLI_ZONE_TOL;
  }
  if (trace != NULL) {
    trace->n_rounds = 0;
    memcpy(trace->params, ws->theta, ws->n_params * sizeof(double));
    if (sc->n_events > 0)
      memset(trace->event_round, 0, sc->n_events * sizeof(unsigned));
  }
  if (proto->begin != NULL) {
    pl_status st = proto->begin(ws->scratch, ts);
    if (st != PL_OK)
      return trial_fail(ws, trial, 0, -1, -1, "the protocol's first step", st);
  }

  for (unsigned t = 1; t <= sc->max_rounds; t++) {
    /* Events first (docs/model.md, "Events"): they change the state this round starts from, and
     * the protocol rebuilds what it derived from that state. */
    if (sc->n_events > 0 && pli_events_round(sc, ws->rng, trial, t, ws->event_round, &evs) > 0) {
      if (trace != NULL)
        memcpy(trace->event_round, ws->event_round, sc->n_events * sizeof(unsigned));
      pl_status st = proto->begin != NULL ? proto->begin(ws->scratch, ts) : PL_OK;
      if (st != PL_OK)
        return trial_fail(ws, trial, t, -1, -1, "the protocol's step after an event", st);
    }
    const double tau = theta[sc->noise], breakdown = theta[sc->breakdown];
    const double quota = theta[sc->quota]; /* 1: unanimity, tested as it always was */
    pl_trace_round *rd = trace != NULL ? trace_begin_round(trace, ws, t) : NULL;
    ts->trace = rd;
    pl_rng_reset(ws->rng, sc->seed, trial, PL_STREAM_ROUND(t));
    if (pl_rng_uniform(ws->rng) < breakdown) {
      out->outcome = PL_OUTCOME_BREAKDOWN;
      out->rounds = t;
      trial_finish_texts(sc, ws, out);
      ts->trace = NULL;
      return PL_OK;
    }
    for (size_t i = 0; i < ws->n_agents; i++)
      ws->accepted[i] = 1;
    long who = PLI_NO_OFFER;
    pl_status st = proto->propose(ws->scratch, ts, t, &who);
    if (st != PL_OK) {
      ts->trace = NULL;
      return trial_fail(ws, trial, t, who >= 0 ? who : -1, -1, "the protocol's text", st);
    }
    int all = 1;
    if (who == PLI_NO_OFFER) {
      all = 0; /* no text: the round is lost, nobody responded or rejected */
    } else {
      for (size_t k = 0; k < sc->n_parties; k++) {
        size_t i = sc->parties[k];
        if ((long)i == who)
          continue;
        double v = pl_rng_uniform(ws->rng);
        double thr = proto->threshold != NULL ? proto->threshold(ws->scratch, ts, i, t) : ws->r[i];
        double u = pl_utility_eval(sc->agents[i].utility, n, ws->w + i * n, ws->x + i * n,
                                   ws->inv_range, ws->text);
        if (!isfinite(u) || !isfinite(thr)) { /* off the hot path: say which number it was */
          ts->trace = NULL;
          return trial_fail_numbers(sc, ws, trial, t, who, i, u);
        }
        int acc = tau > 0.0 ? v < trial_accept_prob(u, thr, tau) : trial_rule(u, thr);
        ws->responses[i]++;
        if (!acc) {
          ws->rejections[i]++;
          ws->accepted[i] = 0;
          all = 0;
        }
        if (rd != NULL) {
          rd->thresholds[i] = thr;
          rd->responses[i] = (signed char)acc;
          rd->accept_prob[i] = tau > 0.0 ? trial_accept_prob(u, thr, tau) : (double)acc;
        }
      }
    }
    if (!all && quota < 1.0 && who != PLI_NO_OFFER)
      all = trial_quota_met(sc, ws, theta, quota);
    if (who != PLI_NO_OFFER)
      trial_note_text(ws, t, all);
    if (rd != NULL) {
      rd->proposer = who >= 0 ? who : -1;
      rd->has_text = who != PLI_NO_OFFER;
      if (rd->has_text) {
        memcpy(rd->text, ws->text, n * sizeof(double));
        for (size_t i = 0; i < ws->n_agents; i++) {
          rd->utilities[i] = pl_utility_eval(sc->agents[i].utility, n, ws->w + i * n, ws->x + i * n,
                                             ws->inv_range, ws->text);
          pl_utility_terms(sc->agents[i].utility, n, ws->w + i * n, ws->x + i * n, ws->inv_range,
                           ws->text, rd->costs + i * n);
        }
      }
    }
    if (all) {
      out->outcome = PL_OUTCOME_AGREEMENT;
      out->rounds = t;
      trial_finish_agreement(sc, ws);
      trial_finish_texts(sc, ws, out);
      ts->trace = NULL;
      return PL_OK;
    }
    if (t < sc->max_rounds && (st = proto->update(ws->scratch, ts, t)) != PL_OK) {
      ts->trace = NULL;
      return trial_fail(ws, trial, t, -1, -1, "the protocol's update", st);
    }
  }
  out->outcome = PL_OUTCOME_DEADLOCK;
  out->rounds = sc->max_rounds;
  trial_finish_texts(sc, ws, out);
  ts->trace = NULL;
  return PL_OK;
}
