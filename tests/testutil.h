/*
 * testutil.h — helpers shared by the engine's Check programs: hand-built scenarios.
 *
 * tu_scenario_new lays out a scenario with the loader's own layout (pli_scn_layout: every agent
 * number a pli_param at the offsets of the agent field map of src/schema.h). Defaults:
 * issues [0, 100], every agent a party with capability 1, reservation 0, flexibility 0, patience 1,
 * position 0, salience 1, no leverage, linear utility; mediated protocol, 1 round, no breakdown, no
 * noise, 1000 trials, seed 1. Tests change what they need with the tu_* setters, call
 * tu_scenario_finish (parties and uncertain lists), and free with tu_scenario_free. Everything is
 * allocated here and freed here, independent of the loader.
 */
#ifndef PARLEY_TESTUTIL_H
#define PARLEY_TESTUTIL_H

#include <float.h>
#include <stdlib.h>
#include <string.h>

#include "scenario_impl.h"
#include "scenario_internal.h"

static inline char *tu_strdup(const char *s) {
  size_t n = strlen(s) + 1;
  char *d = malloc(n);
  if (d != NULL)
    memcpy(d, s, n);
  return d;
}

static inline void tu_fix(pli_param *p, double v, double lo, double hi) {
  p->dist.kind = PL_DIST_FIXED;
  p->dist.a = v;
  p->dist.b = p->dist.c = 0.0;
  p->lo = lo;
  p->hi = hi;
  p->line = 0;
}

static inline pl_scenario *tu_scenario_new(size_t n_issues, size_t n_agents) {
  pl_scenario *sc = calloc(1, sizeof *sc);
  sc->name = tu_strdup("test");
  sc->title = tu_strdup("");
  sc->source = tu_strdup("test.cfg");
  sc->n_issues = n_issues;
  sc->n_agents = n_agents;
  sc->issues = calloc(n_issues, sizeof *sc->issues);
  sc->agents = calloc(n_agents, sizeof *sc->agents);
  for (size_t j = 0; j < n_issues; j++) {
    sc->issues[j].id = tu_strdup("issue");
    sc->issues[j].label = tu_strdup("issue");
    sc->issues[j].unit = tu_strdup("");
    sc->issues[j].min = 0.0;
    sc->issues[j].max = 100.0;
  }
  for (size_t i = 0; i < n_agents; i++) {
    pli_agent *a = &sc->agents[i];
    a->id = tu_strdup("agent");
    a->label = tu_strdup("agent");
    a->role = PL_ROLE_PARTY;
    a->utility = PL_UTILITY_LINEAR;
  }
  pli_scn_layout(sc); /* the loader's layout and defaults (schema.h), then this file's defaults: */
  for (size_t i = 0; i < n_agents; i++) {
    const pli_agent *a = &sc->agents[i];
    for (size_t j = 0; j < n_issues; j++) {
      tu_fix(&sc->params[a->position + j], 0.0, 0.0, 100.0);
      tu_fix(&sc->params[a->salience + j], 1.0, 0.0, 1.0);
    }
  }
  sc->protocol = PL_PROTOCOL_MEDIATED;
  sc->max_rounds = 1;
  sc->first = 0; /* breakdown and noise: 0, their defaults, in their slots (pli_scn_layout) */
  sc->trials = 1000;
  sc->seed = 1;
  return sc;
}

/* Sets issue j's range (and the domain of every position on it). */
static inline void tu_issue_range(pl_scenario *sc, size_t j, double min, double max) {
  sc->issues[j].min = min;
  sc->issues[j].max = max;
  for (size_t i = 0; i < sc->n_agents; i++) {
    sc->params[sc->agents[i].position + j].lo = min;
    sc->params[sc->agents[i].position + j].hi = max;
  }
}

/* Makes agent i a `role`. The layout depends on roles (a mediator has leverage slots, a party
 * none), so the parameters are laid out again: every scalar and issue field keeps its value and
 * domain, and leverage starts at 0 (set roles before leverage). */
static inline void tu_set_role(pl_scenario *sc, size_t i, pl_role role) {
  size_t n_old = sc->n_params;
  pli_param *old = malloc(n_old * sizeof *old);
  pli_agent *was = malloc(sc->n_agents * sizeof *was);
  memcpy(old, sc->params, n_old * sizeof *old);
  memcpy(was, sc->agents, sc->n_agents * sizeof *was);
  sc->agents[i].role = role;
  pli_scn_layout(sc);
  for (size_t a = 0; a < sc->n_agents; a++) {
    for (unsigned f = 0; f < PLI_FIELD_COUNT; f++) {
      const pli_field_def *def = pli_schema_field((pli_field)f);
      size_t from = pli_scn_agent_field(&was[a], (pli_field)f);
      size_t to = pli_scn_agent_field(&sc->agents[a], (pli_field)f);
      if (def->shape == PLI_SHAPE_PARTY || from == SIZE_MAX || to == SIZE_MAX)
        continue;
      size_t slots = def->shape == PLI_SHAPE_ISSUE ? sc->n_issues : 1;
      for (size_t j = 0; j < slots; j++)
        sc->params[to + j] = old[from + j];
    }
  }
  free(old);
  free(was);
  pli_scn_reindex(sc);
}

/* Sets parameter k to a fixed value, or to a distribution (keeping its domain). */
static inline void tu_set(pl_scenario *sc, size_t k, double v) { sc->params[k].dist.a = v; }
static inline void tu_set_dist(pl_scenario *sc, size_t k, pl_dist_kind kind, double a, double b,
                               double c) {
  sc->params[k].dist = (pl_dist){kind, a, b, c};
}

/* Fills parties[] and uncertain[] from the agents' roles and the parameters' kinds, and gives the
 * parameters their stream keys, as the loader does. */
static inline void tu_scenario_finish(pl_scenario *sc) { pli_scn_reindex(sc); }

static inline void tu_scenario_free(pl_scenario *sc) {
  if (sc == NULL)
    return;
  for (size_t j = 0; j < sc->n_issues; j++) {
    free(sc->issues[j].id);
    free(sc->issues[j].label);
    free(sc->issues[j].unit);
  }
  for (size_t i = 0; i < sc->n_agents; i++) {
    free(sc->agents[i].id);
    free(sc->agents[i].label);
  }
  free(sc->issues);
  free(sc->agents);
  free(sc->params);
  free(sc->parties);
  free(sc->uncertain);
  free(sc->name);
  free(sc->title);
  free(sc->source);
  free(sc);
}

#endif /* PARLEY_TESTUTIL_H */
