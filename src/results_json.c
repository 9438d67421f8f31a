/*
 * results_json.c — every JSON text parley writes: summary.json, run.json, the array of
 * `parley sweep --json` and the trace of `parley trace --json` (fields: docs/outputs.md).
 *
 * All of it goes through the one writer of json.h (which says why that is not jansson's dumper),
 * so every JSON output shares one number format (pl_number_format: the shortest decimal that reads
 * back to the same double; NaN and infinities as null), unsigned 64-bit integers, RFC 8259
 * escaping and two-space indentation. Keys come in the fixed order of docs/outputs.md, so equal
 * inputs give byte-identical text.
 */
#include <math.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "json.h"
#include "parley/parley.h"
#include "parley/results.h"

/* ---- summary.json ------------------------------------------------------------------------ */

/* The members of a summary, into the open object of w (docs/outputs.md, in that order). */
static void pl_summary_members(pl_json *w, const pl_scenario *sc, const pl_summary *s) {
  pl_json_key(w, "scenario");
  pl_json_string(w, pl_scenario_name(sc));
  pl_json_key(w, "seed");
  pl_json_u64(w, s->seed);
  pl_json_key(w, "trials");
  pl_json_u64(w, s->trials);
  pl_json_key(w, "p_agreement");
  pl_json_double(w, s->p_agreement);
  pl_json_key(w, "ci95");
  pl_json_begin_array(w, PL_JSON_INLINE);
  pl_json_double(w, s->ci_low);
  pl_json_double(w, s->ci_high);
  pl_json_end_array(w);

  pl_json_key(w, "outcomes");
  pl_json_begin_object(w, PL_JSON_BLOCK);
  for (int o = 0; o < PL_N_OUTCOMES; o++) {
    pl_json_key(w, pl_outcome_name((pl_outcome)o));
    pl_json_u64(w, s->outcomes[o]);
  }
  pl_json_end_object(w);

  pl_json_key(w, "rounds");
  pl_json_begin_object(w, PL_JSON_BLOCK);
  pl_json_key(w, "mean");
  pl_json_double(w, s->rounds_mean);
  pl_json_key(w, "p50");
  pl_json_double(w, s->rounds_p50);
  pl_json_key(w, "p90");
  pl_json_double(w, s->rounds_p90);
  pl_json_end_object(w);

  pl_json_key(w, "agreement_point");
  pl_json_begin_object(w, PL_JSON_BLOCK);
  size_t n_issues = pl_scenario_n_issues(sc);
  for (size_t j = 0; j < n_issues && j < s->n_issues; j++) {
    const pl_stat5 *st = &s->point[j];
    pl_json_key(w, pl_scenario_issue_id(sc, j));
    pl_json_begin_object(w, PL_JSON_BLOCK);
    pl_json_key(w, "mean");
    pl_json_double(w, st->mean);
    pl_json_key(w, "sd");
    pl_json_double(w, st->sd);
    pl_json_key(w, "p05");
    pl_json_double(w, st->p05);
    pl_json_key(w, "p50");
    pl_json_double(w, st->p50);
    pl_json_key(w, "p95");
    pl_json_double(w, st->p95);
    pl_json_end_object(w);
  }
  pl_json_end_object(w);

  pl_json_key(w, "agents");
  pl_json_begin_object(w, PL_JSON_BLOCK);
  size_t n_agents = pl_scenario_n_agents(sc);
  for (size_t i = 0; i < n_agents && i < s->n_agents; i++) {
    pl_json_key(w, pl_scenario_agent_id(sc, i));
    pl_json_begin_object(w, PL_JSON_BLOCK);
    pl_json_key(w, "mean_utility");
    pl_json_double(w, s->mean_utility[i]);
    pl_json_key(w, "rejection_rate");
    pl_json_double(w, s->rejection_rate[i]);
    pl_json_end_object(w);
  }
  pl_json_end_object(w);

  pl_json_key(w, "complete");
  pl_json_bool(w, s->complete);
  pl_json_key(w, "version");
  pl_json_string(w, pl_version());
}

pl_status pl_results_summary_json(const pl_scenario *sc, const pl_summary *s, char **out) {
  if (sc == NULL || s == NULL || out == NULL) {
    return PL_EINVAL;
  }
  pl_json w;
  pl_json_init(&w);
  pl_json_begin_object(&w, PL_JSON_BLOCK);
  pl_summary_members(&w, sc, s);
  pl_json_end_object(&w);
  return pl_json_finish(&w, out);
}

/* ---- run.json ---------------------------------------------------------------------------- */

pl_status pl_results_run_json(const pl_run_info *info, uint64_t trials, char **out) {
  if (info == NULL || out == NULL) {
    return PL_EINVAL;
  }
  pl_json w;
  pl_json_init(&w);
  char buf[128];
  pl_json_begin_object(&w, PL_JSON_BLOCK);
  pl_json_key(&w, "version");
  pl_json_string(&w, pl_version());
  pl_json_key(&w, "started");
  struct tm tmv;
  if (gmtime_r(&info->started, &tmv) != NULL &&
      strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tmv) > 0) {
    pl_json_string(&w, buf);
  } else {
    pl_json_null(&w);
  }
  pl_json_key(&w, "wall_seconds");
  pl_json_double(&w, info->wall_seconds);
  pl_json_key(&w, "threads");
  pl_json_u64(&w, info->threads);
  pl_json_key(&w, "trials");
  pl_json_u64(&w, trials);
  pl_json_key(&w, "trials_per_second");
  pl_json_double(&w, info->wall_seconds > 0.0 ? (double)trials / info->wall_seconds : NAN);
  pl_json_key(&w, "host");
  if (gethostname(buf, sizeof buf) == 0) {
    buf[sizeof buf - 1] = '\0';
    pl_json_string(&w, buf);
  } else {
    pl_json_null(&w);
  }
  pl_json_key(&w, "command_line");
  pl_json_begin_array(&w, PL_JSON_INLINE);
  for (int k = 0; k < info->argc; k++) {
    pl_json_string(&w, info->argv[k]);
  }
  pl_json_end_array(&w);
  pl_json_end_object(&w);
  return pl_json_finish(&w, out);
}

/* ---- sweep --json: an array of summaries --------------------------------------------------- */

struct pl_summary_list {
  pl_json w; /* the array, open, its elements flush with it (each reads as a summary.json) */
};

pl_status pl_summary_list_alloc(pl_summary_list **out) {
  if (out == NULL) {
    return PL_EINVAL;
  }
  *out = malloc(sizeof **out);
  if (*out == NULL) {
    return PL_ENOMEM;
  }
  pl_json_init(&(*out)->w);
  pl_json_begin_array(&(*out)->w, PL_JSON_FLUSH);
  return PL_OK;
}

pl_status pl_summary_list_add(pl_summary_list *l, const pl_scenario *sc, const pl_summary *s,
                              size_t n_point, const char *const *paths, const double *values) {
  if (l == NULL || sc == NULL || s == NULL || (n_point > 0 && (paths == NULL || values == NULL))) {
    return PL_EINVAL;
  }
  pl_json *w = &l->w;
  pl_json_begin_object(w, PL_JSON_BLOCK);
  pl_json_key(w, "point");
  pl_json_begin_object(w, PL_JSON_INLINE);
  for (size_t a = 0; a < n_point; a++) {
    pl_json_key(w, paths[a]);
    pl_json_double(w, values[a]);
  }
  pl_json_end_object(w);
  pl_summary_members(w, sc, s);
  pl_json_end_object(w);
  return w->status;
}

pl_status pl_summary_list_finish(pl_summary_list *l, char **out) {
  if (l == NULL || out == NULL) {
    return PL_EINVAL;
  }
  pl_json_end_array(&l->w);
  return pl_json_finish(&l->w, out);
}

void pl_summary_list_free(pl_summary_list *l) {
  if (l == NULL) {
    return;
  }
  pl_json_discard(&l->w);
  free(l);
}

/* ---- trace --json ------------------------------------------------------------------------ */

const char *pl_results_move_name(unsigned kind) {
  switch (kind) {
  case PL_MOVE_CONCESSION:
    return "concession";
  case PL_MOVE_CONFRONTATION:
    return "confrontation";
  case PL_MOVE_COMPROMISE:
    return "compromise";
  default:
    return "none";
  }
}

/* {issue: value} for a point p[0 .. n_issues-1]. */
static void pl_trace_point(pl_json *w, const pl_scenario *sc, const double *p) {
  pl_json_begin_object(w, PL_JSON_BLOCK);
  for (size_t j = 0; j < pl_scenario_n_issues(sc); j++) {
    pl_json_key(w, pl_scenario_issue_id(sc, j));
    pl_json_double(w, p[j]);
  }
  pl_json_end_object(w);
}

/* Agent id i, or null for a negative index (no such agent). */
static void pl_trace_agent(pl_json *w, const pl_scenario *sc, long i) {
  if (i >= 0) {
    pl_json_string(w, pl_scenario_agent_id(sc, (size_t)i));
  } else {
    pl_json_null(w);
  }
}

/* One of {party: x}, x from v[agent] for the responders of round r (which = 0: the response as a
 * boolean, 1: utility, 2: threshold). */
static void pl_trace_responders(pl_json *w, const pl_scenario *sc, const pl_trace_round *r,
                                int which) {
  pl_json_begin_object(w, PL_JSON_BLOCK);
  for (size_t i = 0; i < pl_scenario_n_agents(sc) && r->has_text; i++) {
    if (r->responses[i] < 0) {
      continue;
    }
    pl_json_key(w, pl_scenario_agent_id(sc, i));
    if (which == 0) {
      pl_json_bool(w, r->responses[i] > 0);
    } else {
      pl_json_double(w, which == 1 ? r->utilities[i] : r->thresholds[i]);
    }
  }
  pl_json_end_object(w);
}

/* Whether agent i has a move (moves) or a risk exponent (risk) on some issue in round r. */
static int pl_trace_agent_has(const pl_trace_round *r, size_t ni, size_t i, int risk) {
  for (size_t j = 0; j < ni; j++) {
    size_t ij = i * ni + j;
    if (risk ? !isnan(r->risk[ij]) : r->move_kind[ij] != PL_MOVE_NONE) {
      return 1;
    }
  }
  return 0;
}

static void pl_trace_round_json(pl_json *w, const pl_scenario *sc, const pl_trace_round *r) {
  size_t ni = pl_scenario_n_issues(sc);
  size_t na = pl_scenario_n_agents(sc);
  pl_json_begin_object(w, PL_JSON_BLOCK);
  pl_json_key(w, "round");
  pl_json_u64(w, r->round);
  pl_json_key(w, "proposer");
  pl_trace_agent(w, sc, r->proposer);
  pl_json_key(w, "text");
  if (r->has_text) {
    pl_trace_point(w, sc, r->text);
  } else {
    pl_json_null(w);
  }
  pl_json_key(w, "responses");
  pl_trace_responders(w, sc, r, 0);
  pl_json_key(w, "positions");
  pl_json_begin_object(w, PL_JSON_BLOCK);
  for (size_t i = 0; i < na; i++) {
    pl_json_key(w, pl_scenario_agent_id(sc, i));
    pl_trace_point(w, sc, r->positions + i * ni);
  }
  pl_json_end_object(w);
  pl_json_key(w, "reservations");
  pl_json_begin_object(w, PL_JSON_BLOCK);
  for (size_t i = 0; i < na; i++) {
    if (pl_scenario_agent_role(sc, i) == PL_ROLE_PARTY) {
      pl_json_key(w, pl_scenario_agent_id(sc, i));
      pl_json_double(w, r->reservations[i]);
    }
  }
  pl_json_end_object(w);
  pl_json_key(w, "utilities");
  pl_trace_responders(w, sc, r, 1);
  pl_json_key(w, "thresholds");
  pl_trace_responders(w, sc, r, 2);
  /* eum: every actor's risk exponent per issue ({agent: {issue: r}}), movers or not; the key is
   * left out when no agent has one. */
  int any_risk = 0;
  for (size_t i = 0; i < na && !any_risk; i++) {
    any_risk = pl_trace_agent_has(r, ni, i, 1);
  }
  if (any_risk) {
    pl_json_key(w, "risk");
    pl_json_begin_object(w, PL_JSON_BLOCK);
    for (size_t i = 0; i < na; i++) {
      if (!pl_trace_agent_has(r, ni, i, 1)) {
        continue;
      }
      pl_json_key(w, pl_scenario_agent_id(sc, i));
      pl_json_begin_object(w, PL_JSON_BLOCK);
      for (size_t j = 0; j < ni; j++) {
        if (!isnan(r->risk[i * ni + j])) {
          pl_json_key(w, pl_scenario_issue_id(sc, j));
          pl_json_double(w, r->risk[i * ni + j]);
        }
      }
      pl_json_end_object(w);
    }
    pl_json_end_object(w);
  }
  /* {agent: {issue: {kind, from, risk}}} for the agents and issues with a move. */
  pl_json_key(w, "moves");
  pl_json_begin_object(w, PL_JSON_BLOCK);
  for (size_t i = 0; i < na; i++) {
    if (!pl_trace_agent_has(r, ni, i, 0)) {
      continue;
    }
    pl_json_key(w, pl_scenario_agent_id(sc, i));
    pl_json_begin_object(w, PL_JSON_BLOCK);
    for (size_t j = 0; j < ni; j++) {
      size_t ij = i * ni + j;
      if (r->move_kind[ij] == PL_MOVE_NONE) {
        continue;
      }
      pl_json_key(w, pl_scenario_issue_id(sc, j));
      pl_json_begin_object(w, PL_JSON_BLOCK);
      pl_json_key(w, "kind");
      pl_json_string(w, pl_results_move_name(r->move_kind[ij]));
      pl_json_key(w, "from");
      pl_trace_agent(w, sc, r->move_from[ij]);
      pl_json_key(w, "risk");
      pl_json_double(w, r->risk[ij]);
      pl_json_end_object(w);
    }
    pl_json_end_object(w);
  }
  pl_json_end_object(w);
  pl_json_end_object(w);
}

pl_status pl_results_trace_json(const pl_scenario *sc, uint64_t trial, const pl_trace *tr,
                                const pl_trial_result *res, char **out) {
  if (out != NULL) {
    *out = NULL;
  }
  if (sc == NULL || tr == NULL || res == NULL || out == NULL) {
    return PL_EINVAL;
  }
  pl_json w;
  pl_json_init(&w);
  pl_json_begin_object(&w, PL_JSON_BLOCK);
  pl_json_key(&w, "trial");
  pl_json_u64(&w, trial);
  pl_json_key(&w, "outcome");
  pl_json_string(&w, pl_outcome_name(res->outcome));
  pl_json_key(&w, "ended_round");
  pl_json_u64(&w, res->rounds);
  pl_json_key(&w, "scenario");
  pl_json_string(&w, pl_scenario_name(sc));
  pl_json_key(&w, "seed");
  pl_json_u64(&w, pl_scenario_seed(sc));
  pl_json_key(&w, "protocol");
  pl_json_string(&w, pl_protocol_kind_name(pl_scenario_protocol(sc)));
  pl_json_key(&w, "agreement_point");
  if (res->outcome == PL_OUTCOME_AGREEMENT) {
    pl_trace_point(&w, sc, res->point);
  } else {
    pl_json_null(&w);
  }
  pl_json_key(&w, "params");
  pl_json_begin_object(&w, PL_JSON_BLOCK);
  const double *theta = pl_trace_params(tr);
  for (size_t k = 0; k < pl_trace_n_params(tr) && k < pl_scenario_n_params(sc); k++) {
    if (pl_scenario_param_uncertain(sc, k)) {
      char path[256];
      pl_scenario_param_path(sc, k, path, sizeof path);
      pl_json_key(&w, path);
      pl_json_double(&w, theta[k]);
    }
  }
  pl_json_end_object(&w);
  pl_json_key(&w, "rounds");
  pl_json_begin_array(&w, PL_JSON_BLOCK);
  for (size_t k = 0; k < pl_trace_n_rounds(tr); k++) {
    pl_trace_round_json(&w, sc, pl_trace_round_at(tr, k));
  }
  pl_json_end_array(&w);
  pl_json_end_object(&w);
  return pl_json_finish(&w, out);
}
