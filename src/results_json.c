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
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "json.h"
#include "parley/parley.h"
#include "parley/results.h"

/* The warnings of sc (or, when sc is NULL, the problems in d) as an array of {"file", "line",
 * "message"} objects (docs/outputs.md). */
static void warnings_array(pli_json *w, const pl_scenario *sc, const pl_diags *d) {
  size_t n = sc != NULL ? pl_scenario_n_warnings(sc) : d != NULL ? pl_diags_count(d) : 0;
  pli_json_begin_array(w, PLI_JSON_BLOCK);
  for (size_t k = 0; k < n; k++) {
    pli_json_begin_object(w, PLI_JSON_INLINE);
    pli_json_key(w, "file");
    pli_json_string(w, sc != NULL ? pl_scenario_warning_file(sc, k) : pl_diags_file(d, k));
    pli_json_key(w, "line");
    int line = sc != NULL ? pl_scenario_warning_line(sc, k) : pl_diags_line(d, k);
    pli_json_u64(w, line > 0 ? (uint64_t)line : 0);
    pli_json_key(w, "message");
    pli_json_string(w, sc != NULL ? pl_scenario_warning_message(sc, k) : pl_diags_message(d, k));
    pli_json_end_object(w);
  }
  pli_json_end_array(w);
}

/* ---- validate --json --------------------------------------------------------------------- */

pl_status pl_results_validate_json(size_t n, const char *const *files,
                                   const pl_scenario *const *scs, const pl_diags *const *errors,
                                   char **out) {
  if (out == NULL) {
    return PL_EINVAL;
  }
  *out = NULL;
  pli_json w;
  pli_json_init(&w);
  if (n != 1) {
    pli_json_begin_array(&w, PLI_JSON_FLUSH);
  }
  for (size_t f = 0; f < n; f++) {
    pli_json_begin_object(&w, PLI_JSON_BLOCK);
    pli_json_key(&w, "file");
    pli_json_string(&w, files[f]);
    pli_json_key(&w, "valid");
    pli_json_bool(&w, scs[f] != NULL);
    pli_json_key(&w, "errors");
    warnings_array(&w, NULL, scs[f] != NULL ? NULL : errors[f]);
    pli_json_key(&w, "warnings");
    if (scs[f] != NULL) {
      warnings_array(&w, scs[f], NULL);
    } else {
      warnings_array(&w, NULL, NULL);
    }
    pli_json_end_object(&w);
  }
  if (n != 1) {
    pli_json_end_array(&w);
  }
  return pli_json_finish(&w, out);
}

/* ---- summary.json ------------------------------------------------------------------------ */

/* "blocking": who rejected the last text of the failed trials, and what each issue cost it there
 * (docs/outputs.md; pl_summary.failed, block_share, block_cost). Parties only: mediators never
 * respond. */
static void blocking_members(pli_json *w, const pl_scenario *sc, const pl_summary *s) {
  size_t ni = s->n_issues;
  pli_json_key(w, "blocking");
  pli_json_begin_object(w, PLI_JSON_BLOCK);
  pli_json_key(w, "failed_trials");
  pli_json_u64(w, s->failed);
  pli_json_key(w, "parties");
  pli_json_begin_object(w, PLI_JSON_BLOCK);
  for (size_t i = 0; i < pl_scenario_n_agents(sc) && i < s->n_agents; i++) {
    if (pl_scenario_agent_role(sc, i) != PL_ROLE_PARTY) {
      continue;
    }
    pli_json_key(w, pl_scenario_agent_id(sc, i));
    pli_json_begin_object(w, PLI_JSON_BLOCK);
    pli_json_key(w, "share_of_failures");
    pli_json_double(w, s->block_share[i]);
    pli_json_key(w, "issue_cost");
    pli_json_begin_object(w, PLI_JSON_INLINE);
    for (size_t j = 0; j < ni && j < pl_scenario_n_issues(sc); j++) {
      pli_json_key(w, pl_scenario_issue_id(sc, j));
      pli_json_double(w, s->block_cost[i * ni + j]);
    }
    pli_json_end_object(w);
    pli_json_end_object(w);
  }
  pli_json_end_object(w);
  pli_json_end_object(w);
}

/* "events": per event of the scenario, how many trials it fired in, their share, and P(agreement)
 * with and without it (docs/outputs.md; pl_summary.event_*). Only for a scenario with events. */
static void events_members(pli_json *w, const pl_scenario *sc, const pl_summary *s) {
  pli_json_key(w, "events");
  pli_json_begin_object(w, PLI_JSON_BLOCK);
  for (size_t e = 0; e < pl_scenario_n_events(sc) && e < s->n_events; e++) {
    pli_json_key(w, pl_scenario_event_id(sc, e));
    pli_json_begin_object(w, PLI_JSON_BLOCK);
    pli_json_key(w, "fired");
    pli_json_u64(w, s->event_fired[e]);
    pli_json_key(w, "share");
    pli_json_double(w, s->event_share[e]);
    pli_json_key(w, "p_agreement_with");
    pli_json_double(w, s->event_p_with[e]);
    pli_json_key(w, "p_agreement_without");
    pli_json_double(w, s->event_p_without[e]);
    pli_json_end_object(w);
  }
  pli_json_end_object(w);
}

/* The members of a summary, into the open object of w (docs/outputs.md, in that order). */
static void summary_members(pli_json *w, const pl_scenario *sc, const pl_summary *s) {
  pli_json_key(w, "scenario");
  pli_json_string(w, pl_scenario_name(sc));
  pli_json_key(w, "seed");
  pli_json_u64(w, s->seed);
  pli_json_key(w, "trials");
  pli_json_u64(w, s->trials);
  pli_json_key(w, "p_agreement");
  pli_json_double(w, s->p_agreement);
  pli_json_key(w, "ci95");
  pli_json_begin_array(w, PLI_JSON_INLINE);
  pli_json_double(w, s->ci_low);
  pli_json_double(w, s->ci_high);
  pli_json_end_array(w);
  if (s->interval != PL_INTERVAL_WILSON) { /* only then: Wilson's summaries keep their bytes */
    pli_json_key(w, "interval");
    pli_json_string(w, pl_interval_name(s->interval));
  }

  pli_json_key(w, "outcomes");
  pli_json_begin_object(w, PLI_JSON_BLOCK);
  for (int o = 0; o < PL_N_OUTCOMES; o++) {
    pli_json_key(w, pl_outcome_name((pl_outcome)o));
    pli_json_u64(w, s->outcomes[o]);
  }
  pli_json_end_object(w);

  pli_json_key(w, "rounds");
  pli_json_begin_object(w, PLI_JSON_BLOCK);
  pli_json_key(w, "mean");
  pli_json_double(w, s->rounds_mean);
  pli_json_key(w, "p50");
  pli_json_double(w, s->rounds_p50);
  pli_json_key(w, "p90");
  pli_json_double(w, s->rounds_p90);
  pli_json_end_object(w);

  pli_json_key(w, "agreement_point");
  pli_json_begin_object(w, PLI_JSON_BLOCK);
  size_t n_issues = pl_scenario_n_issues(sc);
  for (size_t j = 0; j < n_issues && j < s->n_issues; j++) {
    const pl_stat5 *st = &s->point[j];
    pli_json_key(w, pl_scenario_issue_id(sc, j));
    pli_json_begin_object(w, PLI_JSON_BLOCK);
    pli_json_key(w, "mean");
    pli_json_double(w, st->mean);
    pli_json_key(w, "sd");
    pli_json_double(w, st->sd);
    pli_json_key(w, "p05");
    pli_json_double(w, st->p05);
    pli_json_key(w, "p50");
    pli_json_double(w, st->p50);
    pli_json_key(w, "p95");
    pli_json_double(w, st->p95);
    pli_json_end_object(w);
  }
  pli_json_end_object(w);

  pli_json_key(w, "agents");
  pli_json_begin_object(w, PLI_JSON_BLOCK);
  size_t n_agents = pl_scenario_n_agents(sc);
  for (size_t i = 0; i < n_agents && i < s->n_agents; i++) {
    pli_json_key(w, pl_scenario_agent_id(sc, i));
    pli_json_begin_object(w, PLI_JSON_BLOCK);
    pli_json_key(w, "mean_utility");
    pli_json_double(w, s->mean_utility[i]);
    pli_json_key(w, "rejection_rate");
    pli_json_double(w, s->rejection_rate[i]);
    pli_json_end_object(w);
  }
  pli_json_end_object(w);

  blocking_members(w, sc, s);
  if (pl_scenario_n_events(sc) > 0) { /* only then: other summaries keep their bytes */
    events_members(w, sc, s);
  }

  if (s->zone_trials > 0) { /* montecarlo.zone = 1 only: other summaries keep their bytes */
    uint64_t without = s->zone_trials - s->zone_with;
    pli_json_key(w, "zone");
    pli_json_begin_object(w, PLI_JSON_BLOCK);
    pli_json_key(w, "trials");
    pli_json_u64(w, s->zone_trials);
    pli_json_key(w, "with_zone");
    pli_json_u64(w, s->zone_with);
    pli_json_key(w, "share");
    pli_json_double(w, (double)s->zone_with / (double)s->zone_trials);
    pli_json_key(w, "p_agreement_with");
    pli_json_double(w, s->zone_with > 0 ? (double)s->zone_agreements_with / (double)s->zone_with
                                        : NAN);
    pli_json_key(w, "p_agreement_without");
    pli_json_double(w, without > 0 ? (double)s->zone_agreements_without / (double)without : NAN);
    pli_json_end_object(w);
  }
  pli_json_key(w, "complete");
  pli_json_bool(w, s->complete);
  if (s->precision > 0.0) { /* a --precision run only: other summaries keep their bytes */
    pli_json_key(w, "precision");
    pli_json_double(w, s->precision);
    pli_json_key(w, "precision_met");
    pli_json_bool(w, s->precision_met);
    pli_json_key(w, "half_width");
    pli_json_double(w, s->half_width);
  }
  if (pl_scenario_n_warnings(sc) > 0) { /* only then: other summaries keep their bytes */
    pli_json_key(w, "warnings");
    warnings_array(w, sc, NULL);
  }
  pli_json_key(w, "version");
  pli_json_string(w, pl_version());
}

pl_status pl_results_summary_json(const pl_scenario *sc, const pl_summary *s, char **out) {
  if (sc == NULL || s == NULL || out == NULL) {
    return PL_EINVAL;
  }
  pli_json w;
  pli_json_init(&w);
  pli_json_begin_object(&w, PLI_JSON_BLOCK);
  summary_members(&w, sc, s);
  pli_json_end_object(&w);
  return pli_json_finish(&w, out);
}

/* ---- run.json ---------------------------------------------------------------------------- */

pl_status pl_results_run_json(const pl_run_info *info, uint64_t trials, char **out) {
  if (info == NULL || out == NULL) {
    return PL_EINVAL;
  }
  pli_json w;
  pli_json_init(&w);
  char buf[128];
  pli_json_begin_object(&w, PLI_JSON_BLOCK);
  pli_json_key(&w, "version");
  pli_json_string(&w, pl_version());
  pli_json_key(&w, "started");
  struct tm tmv;
  if (gmtime_r(&info->started, &tmv) != NULL &&
      strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tmv) > 0) {
    pli_json_string(&w, buf);
  } else {
    pli_json_null(&w);
  }
  pli_json_key(&w, "wall_seconds");
  pli_json_double(&w, info->wall_seconds);
  pli_json_key(&w, "threads");
  pli_json_u64(&w, info->threads);
  if (info->ranks > 1) { /* threads are then per rank */
    pli_json_key(&w, "ranks");
    pli_json_u64(&w, info->ranks);
  }
  pli_json_key(&w, "trials");
  pli_json_u64(&w, trials);
  pli_json_key(&w, "trials_per_second");
  pli_json_double(&w, info->wall_seconds > 0.0 ? (double)trials / info->wall_seconds : NAN);
  pli_json_key(&w, "host");
  if (gethostname(buf, sizeof buf) == 0) {
    buf[sizeof buf - 1] = '\0';
    pli_json_string(&w, buf);
  } else {
    pli_json_null(&w);
  }
  pli_json_key(&w, "command_line");
  pli_json_begin_array(&w, PLI_JSON_INLINE);
  for (int k = 0; k < info->argc; k++) {
    pli_json_string(&w, info->argv[k]);
  }
  pli_json_end_array(&w);
  pli_json_end_object(&w);
  return pli_json_finish(&w, out);
}

/* ---- sweep --json: an array of summaries --------------------------------------------------- */

struct pl_summary_list {
  pli_json w; /* the array, open, its elements flush with it (each reads as a summary.json) */
};

pl_status pl_summary_list_alloc(pl_summary_list **out) {
  if (out == NULL) {
    return PL_EINVAL;
  }
  *out = malloc(sizeof **out);
  if (*out == NULL) {
    return PL_ENOMEM;
  }
  pli_json_init(&(*out)->w);
  pli_json_begin_array(&(*out)->w, PLI_JSON_FLUSH);
  return PL_OK;
}

pl_status pl_summary_list_add(pl_summary_list *l, const pl_scenario *sc, const pl_summary *s,
                              size_t n_point, const char *const *paths,
                              const pl_point_value *values) {
  if (l == NULL || sc == NULL || s == NULL || (n_point > 0 && (paths == NULL || values == NULL))) {
    return PL_EINVAL;
  }
  pli_json *w = &l->w;
  pli_json_begin_object(w, PLI_JSON_BLOCK);
  pli_json_key(w, "point");
  pli_json_begin_object(w, PLI_JSON_INLINE);
  for (size_t a = 0; a < n_point; a++) {
    pli_json_key(w, paths[a]);
    if (values[a].word != NULL) {
      pli_json_string(w, values[a].word);
    } else if (values[a].is_integer) {
      pli_json_u64(w, values[a].integer);
    } else {
      pli_json_double(w, values[a].real);
    }
  }
  pli_json_end_object(w);
  summary_members(w, sc, s);
  pli_json_end_object(w);
  return w->status;
}

pl_status pl_summary_list_finish(pl_summary_list *l, char **out) {
  if (l == NULL || out == NULL) {
    return PL_EINVAL;
  }
  pli_json_end_array(&l->w);
  return pli_json_finish(&l->w, out);
}

void pl_summary_list_free(pl_summary_list *l) {
  if (l == NULL) {
    return;
  }
  pli_json_discard(&l->w);
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
static void trace_point(pli_json *w, const pl_scenario *sc, const double *p) {
  pli_json_begin_object(w, PLI_JSON_BLOCK);
  for (size_t j = 0; j < pl_scenario_n_issues(sc); j++) {
    pli_json_key(w, pl_scenario_issue_id(sc, j));
    pli_json_double(w, p[j]);
  }
  pli_json_end_object(w);
}

/* Agent id i, or null for a negative index (no such agent). */
static void trace_agent(pli_json *w, const pl_scenario *sc, long i) {
  if (i >= 0) {
    pli_json_string(w, pl_scenario_agent_id(sc, (size_t)i));
  } else {
    pli_json_null(w);
  }
}

/* One of {party: x}, x from v[agent] for the responders of round r (which = 0: the response as a
 * boolean, 1: utility, 2: threshold, 3: probability of accepting, 4: whether noise decided the
 * response, as a boolean, 5: {issue: cost}, what each issue costs it at the text). */
static void trace_responders(pli_json *w, const pl_scenario *sc, const pl_trace_round *r,
                             int which) {
  pli_json_begin_object(w, PLI_JSON_BLOCK);
  for (size_t i = 0; i < pl_scenario_n_agents(sc) && r->has_text; i++) {
    if (r->responses[i] < 0) {
      continue;
    }
    pli_json_key(w, pl_scenario_agent_id(sc, i));
    size_t ni = pl_scenario_n_issues(sc);
    switch (which) {
    case 0:
      pli_json_bool(w, r->responses[i] > 0);
      break;
    case 1:
      pli_json_double(w, r->utilities[i]);
      break;
    case 2:
      pli_json_double(w, r->thresholds[i]);
      break;
    case 3:
      pli_json_double(w, r->accept_prob[i]);
      break;
    case 4:
      pli_json_bool(w, pl_trace_decided_by_noise(r, i));
      break;
    default:
      pli_json_begin_object(w, PLI_JSON_INLINE);
      for (size_t j = 0; j < ni; j++) {
        pli_json_key(w, pl_scenario_issue_id(sc, j));
        pli_json_double(w, r->costs[i * ni + j]);
      }
      pli_json_end_object(w);
    }
  }
  pli_json_end_object(w);
}

/* Whether agent i has a move (moves) or a risk exponent (risk) on some issue in round r. */
static int trace_agent_has(const pl_trace_round *r, size_t ni, size_t i, int risk) {
  for (size_t j = 0; j < ni; j++) {
    size_t ij = i * ni + j;
    if (risk ? !isnan(r->risk[ij]) : r->move_kind[ij] != PL_MOVE_NONE) {
      return 1;
    }
  }
  return 0;
}

static void trace_round_json(pli_json *w, const pl_scenario *sc, const pl_trace_round *r) {
  size_t ni = pl_scenario_n_issues(sc);
  size_t na = pl_scenario_n_agents(sc);
  pli_json_begin_object(w, PLI_JSON_BLOCK);
  pli_json_key(w, "round");
  pli_json_u64(w, r->round);
  pli_json_key(w, "proposer");
  trace_agent(w, sc, r->proposer);
  pli_json_key(w, "text");
  if (r->has_text) {
    trace_point(w, sc, r->text);
  } else {
    pli_json_null(w);
  }
  pli_json_key(w, "responses");
  trace_responders(w, sc, r, 0);
  pli_json_key(w, "positions");
  pli_json_begin_object(w, PLI_JSON_BLOCK);
  for (size_t i = 0; i < na; i++) {
    pli_json_key(w, pl_scenario_agent_id(sc, i));
    trace_point(w, sc, r->positions + i * ni);
  }
  pli_json_end_object(w);
  pli_json_key(w, "reservations");
  pli_json_begin_object(w, PLI_JSON_BLOCK);
  for (size_t i = 0; i < na; i++) {
    if (pl_scenario_agent_role(sc, i) == PL_ROLE_PARTY) {
      pli_json_key(w, pl_scenario_agent_id(sc, i));
      pli_json_double(w, r->reservations[i]);
    }
  }
  pli_json_end_object(w);
  pli_json_key(w, "utilities");
  trace_responders(w, sc, r, 1);
  pli_json_key(w, "thresholds");
  trace_responders(w, sc, r, 2);
  pli_json_key(w, "accept_probability");
  trace_responders(w, sc, r, 3);
  pli_json_key(w, "decided_by_noise");
  trace_responders(w, sc, r, 4);
  pli_json_key(w, "issue_costs");
  trace_responders(w, sc, r, 5);
  /* eum: every actor's risk exponent per issue ({agent: {issue: r}}), movers or not; the key is
   * left out when no agent has one. */
  int any_risk = 0;
  for (size_t i = 0; i < na && !any_risk; i++) {
    any_risk = trace_agent_has(r, ni, i, 1);
  }
  if (any_risk) {
    pli_json_key(w, "risk");
    pli_json_begin_object(w, PLI_JSON_BLOCK);
    for (size_t i = 0; i < na; i++) {
      if (!trace_agent_has(r, ni, i, 1)) {
        continue;
      }
      pli_json_key(w, pl_scenario_agent_id(sc, i));
      pli_json_begin_object(w, PLI_JSON_BLOCK);
      for (size_t j = 0; j < ni; j++) {
        if (!isnan(r->risk[i * ni + j])) {
          pli_json_key(w, pl_scenario_issue_id(sc, j));
          pli_json_double(w, r->risk[i * ni + j]);
        }
      }
      pli_json_end_object(w);
    }
    pli_json_end_object(w);
  }
  /* {agent: {issue: {kind, from, risk}}} for the agents and issues with a move. */
  pli_json_key(w, "moves");
  pli_json_begin_object(w, PLI_JSON_BLOCK);
  for (size_t i = 0; i < na; i++) {
    if (!trace_agent_has(r, ni, i, 0)) {
      continue;
    }
    pli_json_key(w, pl_scenario_agent_id(sc, i));
    pli_json_begin_object(w, PLI_JSON_BLOCK);
    for (size_t j = 0; j < ni; j++) {
      size_t ij = i * ni + j;
      if (r->move_kind[ij] == PL_MOVE_NONE) {
        continue;
      }
      pli_json_key(w, pl_scenario_issue_id(sc, j));
      pli_json_begin_object(w, PLI_JSON_BLOCK);
      pli_json_key(w, "kind");
      pli_json_string(w, pl_results_move_name(r->move_kind[ij]));
      pli_json_key(w, "from");
      trace_agent(w, sc, r->move_from[ij]);
      pli_json_key(w, "risk");
      pli_json_double(w, r->risk[ij]);
      pli_json_end_object(w);
    }
    pli_json_end_object(w);
  }
  pli_json_end_object(w);
  pli_json_end_object(w);
}

pl_status pl_results_trace_json(const pl_scenario *sc, uint64_t trial, const pl_trace *tr,
                                const pl_trial_result *res, FILE *f) {
  if (sc == NULL || tr == NULL || res == NULL || f == NULL) {
    return PL_EINVAL;
  }
  pli_json w;
  pli_json_init(&w);
  pli_json_begin_object(&w, PLI_JSON_BLOCK);
  pli_json_key(&w, "trial");
  pli_json_u64(&w, trial);
  pli_json_key(&w, "outcome");
  pli_json_string(&w, pl_outcome_name(res->outcome));
  pli_json_key(&w, "ended_round");
  pli_json_u64(&w, res->rounds);
  pli_json_key(&w, "scenario");
  pli_json_string(&w, pl_scenario_name(sc));
  pli_json_key(&w, "seed");
  pli_json_u64(&w, pl_scenario_seed(sc));
  pli_json_key(&w, "protocol");
  pli_json_string(&w, pl_protocol_kind_name(pl_scenario_protocol(sc)));
  pli_json_key(&w, "agreement_point");
  if (res->outcome == PL_OUTCOME_AGREEMENT) {
    trace_point(&w, sc, res->point);
  } else {
    pli_json_null(&w);
  }
  if (res->zone >= 0) { /* montecarlo.zone = 1 only: other traces keep their bytes */
    pli_json_key(&w, "zone");
    pli_json_begin_object(&w, PLI_JSON_INLINE);
    pli_json_key(&w, "exists");
    pli_json_bool(&w, res->zone > 0);
    pli_json_key(&w, "margin");
    pli_json_double(&w, res->zone_margin);
    pli_json_end_object(&w);
  }
  pli_json_key(&w, "params");
  pli_json_begin_object(&w, PLI_JSON_BLOCK);
  const double *theta = pl_trace_params(tr);
  for (size_t k = 0; k < pl_trace_n_params(tr) && k < pl_scenario_n_params(sc); k++) {
    if (pl_scenario_param_uncertain(sc, k)) {
      char path[256];
      pl_scenario_param_path(sc, k, path, sizeof path);
      pli_json_key(&w, path);
      pli_json_double(&w, theta[k]);
    }
  }
  pli_json_end_object(&w);
  if (pl_scenario_n_events(sc) > 0) { /* the round at whose start each event fired, or null */
    pli_json_key(&w, "events");
    pli_json_begin_object(&w, PLI_JSON_BLOCK);
    for (size_t e = 0; e < pl_scenario_n_events(sc); e++) {
      pli_json_key(&w, pl_scenario_event_id(sc, e));
      if (pl_trace_event_round(tr, e) != 0) {
        pli_json_u64(&w, pl_trace_event_round(tr, e));
      } else {
        pli_json_null(&w);
      }
    }
    pli_json_end_object(&w);
  }
  pli_json_key(&w, "rounds");
  pli_json_begin_array(&w, PLI_JSON_BLOCK);
  /* Round by round to f: the buffer holds one round at a time, whatever the number of rounds. A
   * write that fails keeps its errno for the caller's message: the text of a round can be longer
   * than f's buffer, and then the failure happens here, not in the caller's last fflush. */
  errno = 0;
  pl_status rc = pli_json_drain(&w, f);
  for (size_t k = 0; k < pl_trace_n_rounds(tr) && rc == PL_OK; k++) {
    trace_round_json(&w, sc, pl_trace_round_at(tr, k));
    rc = pli_json_drain(&w, f);
  }
  int err = rc == PL_EIO ? errno : 0;
  pli_json_end_array(&w);
  pli_json_end_object(&w);
  char *tail = NULL;
  rc = pli_json_finish(&w, &tail);
  if (rc == PL_OK && fputs(tail, f) == EOF) {
    rc = PL_EIO;
    err = errno;
  }
  free(tail);
  errno = err;
  return rc;
}
