/*
 * scenario.c — the scenario model (scenario_impl.h): its parameter layout, the cross checks every
 * valid model keeps, copying and freeing, and the read-only accessors.
 *
 * The layout is derived from the agent field map of schema.h: agent i owns the block
 * [i * stride, (i + 1) * stride) of params[], its fields in map order, each taking one slot, one
 * per issue or one per agent by its shape. Nothing here reads libconfig: scenario_load.c builds the
 * model from a file, scenario_set.c changes it, scenario_write.c prints it.
 */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "events.h"
#include "parley/scenario.h"
#include "scenario_impl.h"
#include "scenario_internal.h"

/* ------------------------------------------------------------------------------------------ */
/* Layout                                                                                      */

char *pli_scn_strdup(const char *s) {
  size_t n = strlen(s) + 1;
  char *c = malloc(n);
  if (c != NULL) {
    memcpy(c, s, n);
  }
  return c;
}

/* The number of slots field f takes in the block of an agent of role `role`: none when the role
 * may not give it (a party has no leverage), else 1, one per issue or one per party. */
static size_t sm_slots(pli_field f, pl_role role, size_t n_issues, size_t n_parties) {
  const pli_field_def *def = pli_schema_field(f);
  if (!(def->allowed & (1u << role))) {
    return 0;
  }
  switch (def->shape) {
  case PLI_SHAPE_ISSUE:
    return n_issues;
  case PLI_SHAPE_PARTY:
    return n_parties;
  case PLI_SHAPE_SCALAR:
    break;
  }
  return 1;
}

size_t pli_scn_block(pl_role role, size_t n_issues, size_t n_parties) {
  size_t n = 0;
  for (unsigned f = 0; f < PLI_FIELD_COUNT; f++) {
    n += sm_slots((pli_field)f, role, n_issues, n_parties);
  }
  return n;
}

/* The offset member of field f in agent a. */
static size_t *sm_offset(pli_agent *a, pli_field f) {
  return (size_t *)(void *)((char *)a + pli_schema_field(f)->offset);
}

size_t pli_scn_agent_field(const pli_agent *a, pli_field f) {
  size_t off;
  memcpy(&off, (const char *)a + pli_schema_field(f)->offset, sizeof off);
  return off;
}

static size_t sm_n_parties(const pl_scenario *sc) {
  size_t n = 0;
  for (size_t i = 0; i < sc->n_agents; i++) {
    n += sc->agents[i].role == PL_ROLE_PARTY;
  }
  return n;
}

pl_status pli_scn_layout(pl_scenario *sc) {
  size_t np = sm_n_parties(sc), n = 0;
  for (size_t i = 0; i < sc->n_agents; i++) {
    n += pli_scn_block(sc->agents[i].role, sc->n_issues, np);
  }
  size_t n_agent = n;
  for (unsigned s = 0; s < PLI_SETTING_COUNT; s++) {
    n += pli_schema_setting((pli_setting)s)->type == PLI_VALUE_PARAM;
  }
  pli_param *p = calloc(n ? n : 1, sizeof *p);
  if (p == NULL) {
    return PL_ENOMEM;
  }
  free(sc->params);
  sc->params = p;
  sc->n_params = n;
  sc->n_agent_params = n_agent;
  size_t k = 0;
  for (size_t i = 0; i < sc->n_agents; i++) {
    pli_agent *a = &sc->agents[i];
    a->base = k;
    for (unsigned f = 0; f < PLI_FIELD_COUNT; f++) {
      const pli_field_def *def = pli_schema_field((pli_field)f);
      size_t slots = sm_slots((pli_field)f, a->role, sc->n_issues, np);
      /* A field the role may not give has no slot: its offset is never read (SIZE_MAX). */
      *sm_offset(a, (pli_field)f) = slots > 0 ? k : SIZE_MAX;
      for (size_t j = 0; j < slots; j++, k++) {
        double lo = 0.0, hi = 1.0, v = def->deflt;
        if (def->domain == PLI_DOMAIN_RANGE) {
          lo = sc->issues[j].min;
          hi = sc->issues[j].max;
          v = lo + 0.5 * (hi - lo); /* the default of a range: its midpoint */
        }
        p[k].dist = (pl_dist){PL_DIST_FIXED, v, 0.0, 0.0};
        pli_schema_clamp(def->domain, lo, hi, &p[k].lo, &p[k].hi);
        p[k].line = 0;
      }
    }
  }
  for (unsigned si = 0; si < PLI_SETTING_COUNT; si++) {
    const pli_setting_def *def = pli_schema_setting((pli_setting)si);
    if (def->type == PLI_VALUE_PARAM) {
      p[k] = (pli_param){.dist = {PL_DIST_FIXED, def->deflt, 0.0, 0.0}};
      pli_schema_clamp(def->domain, def->lo, def->hi, &p[k].lo, &p[k].hi);
      pli_scn_setting_put(sc, (pli_setting)si, 0.0, k++);
    }
  }
  return PL_OK;
}

pli_setting pli_scn_param_setting(const pl_scenario *sc, size_t k) {
  if (k < sc->n_agent_params) {
    return PLI_SETTING_COUNT;
  }
  size_t at = sc->n_agent_params;
  for (unsigned s = 0; s < PLI_SETTING_COUNT; s++) {
    if (pli_schema_setting((pli_setting)s)->type == PLI_VALUE_PARAM && at++ == k) {
      return (pli_setting)s;
    }
  }
  return PLI_SETTING_COUNT;
}

void pli_scn_param_locate(const pl_scenario *sc, size_t k, size_t *agent, pli_field *field,
                          size_t *index) {
  if (k >= sc->n_agent_params) { /* a PARAM setting: no agent, no field */
    *agent = SIZE_MAX;
    *field = PLI_FIELD_COUNT;
    *index = (size_t)pli_scn_param_setting(sc, k);
    return;
  }
  /* The agent whose block holds k: the last one whose base is <= k (blocks are in agent order). */
  size_t lo = 0, hi = sc->n_agents;
  while (hi - lo > 1) {
    size_t mid = lo + (hi - lo) / 2;
    if (sc->agents[mid].base <= k) {
      lo = mid;
    } else {
      hi = mid;
    }
  }
  *agent = lo;
  size_t off = k - sc->agents[lo].base, np = sm_n_parties(sc);
  for (unsigned f = 0; f < PLI_FIELD_COUNT; f++) {
    size_t slots = sm_slots((pli_field)f, sc->agents[lo].role, sc->n_issues, np);
    if (off < slots) {
      *field = (pli_field)f;
      *index = off;
      return;
    }
    off -= slots;
  }
  *field = PLI_FIELD_COUNT; /* not reached for k < n_params */
  *index = 0;
}

size_t pli_scn_party_rank(const pl_scenario *sc, size_t i) {
  size_t r = 0;
  for (size_t a = 0; a < i && a < sc->n_agents; a++) {
    r += sc->agents[a].role == PL_ROLE_PARTY;
  }
  return r;
}

void pli_scn_param_domain(const pl_scenario *sc, size_t k, pli_domain *d, double *lo, double *hi) {
  size_t i, j;
  pli_field f;
  pli_scn_param_locate(sc, k, &i, &f, &j);
  if (f == PLI_FIELD_COUNT) { /* a PARAM setting: its row's domain and bounds */
    const pli_setting_def *def = pli_schema_setting((pli_setting)j);
    *d = def->domain;
    *lo = def->lo;
    *hi = def->hi;
    return;
  }
  *d = pli_schema_field(f)->domain;
  *lo = 0.0;
  *hi = 1.0;
  if (*d == PLI_DOMAIN_RANGE) {
    *lo = sc->issues[j].min;
    *hi = sc->issues[j].max;
  }
}

size_t pli_scn_find_agent(const pl_scenario *sc, const char *id, size_t n) {
  for (size_t i = 0; i < sc->n_agents; i++) {
    if (sc->agents[i].id != NULL && strlen(sc->agents[i].id) == n &&
        strncmp(sc->agents[i].id, id, n) == 0) {
      return i;
    }
  }
  return SIZE_MAX;
}

size_t pli_scn_find_issue(const pl_scenario *sc, const char *id, size_t n) {
  for (size_t j = 0; j < sc->n_issues; j++) {
    if (sc->issues[j].id != NULL && strlen(sc->issues[j].id) == n &&
        strncmp(sc->issues[j].id, id, n) == 0) {
      return j;
    }
  }
  return SIZE_MAX;
}

int pli_scn_maybe_positive(const pli_param *p) {
  return p->dist.kind != PL_DIST_FIXED || p->dist.a > 0.0;
}

/* The storage of setting s in sc. */
static void *sm_setting(pl_scenario *sc, pli_setting s) {
  return (char *)sc + pli_schema_setting(s)->offset;
}

void pli_scn_setting_put(pl_scenario *sc, pli_setting s, double real, uint64_t u) {
  void *at = sm_setting(sc, s);
  switch (pli_schema_setting(s)->type) {
  case PLI_VALUE_REAL:
    memcpy(at, &real, sizeof real);
    return;
  case PLI_VALUE_UINT: {
    unsigned v = (unsigned)u;
    memcpy(at, &v, sizeof v);
    return;
  }
  case PLI_VALUE_U64:
    memcpy(at, &u, sizeof u);
    return;
  case PLI_VALUE_PROTOCOL: {
    pl_protocol_kind k = (pl_protocol_kind)u;
    memcpy(at, &k, sizeof k);
    return;
  }
  case PLI_VALUE_WORD: {
    unsigned w = (unsigned)u;
    memcpy(at, &w, sizeof w);
    return;
  }
  case PLI_VALUE_AGENT:
  case PLI_VALUE_PARAM: {
    size_t i = (size_t)u;
    memcpy(at, &i, sizeof i);
    return;
  }
  }
}

void pli_scn_setting_get(const pl_scenario *sc, pli_setting s, double *real, uint64_t *u) {
  const void *at = (const char *)sc + pli_schema_setting(s)->offset;
  *real = 0.0;
  *u = 0;
  switch (pli_schema_setting(s)->type) {
  case PLI_VALUE_REAL:
    memcpy(real, at, sizeof *real);
    return;
  case PLI_VALUE_UINT:
  case PLI_VALUE_WORD: {
    unsigned v;
    memcpy(&v, at, sizeof v);
    *u = v;
    return;
  }
  case PLI_VALUE_U64:
    memcpy(u, at, sizeof *u);
    return;
  case PLI_VALUE_PROTOCOL: {
    pl_protocol_kind k;
    memcpy(&k, at, sizeof k);
    *u = (uint64_t)k;
    return;
  }
  case PLI_VALUE_AGENT: {
    size_t i;
    memcpy(&i, at, sizeof i);
    *u = i;
    return;
  }
  case PLI_VALUE_PARAM: { /* the parameter's index, and its value (a distribution's mean) */
    size_t k;
    memcpy(&k, at, sizeof k);
    *u = k;
    *real = k < sc->n_params ? pl_dist_mean(&sc->params[k].dist) : 0.0;
    return;
  }
  }
}

void pli_scn_settings_default(pl_scenario *sc) {
  for (unsigned s = 0; s < PLI_SETTING_COUNT; s++) {
    const pli_setting_def *def = pli_schema_setting((pli_setting)s);
    if (def->type != PLI_VALUE_PARAM) { /* a PARAM's default is its slot's (pli_scn_layout) */
      pli_scn_setting_put(sc, (pli_setting)s, def->deflt, (uint64_t)def->deflt);
    }
  }
}

/* ------------------------------------------------------------------------------------------ */
/* Checks, copies, freeing                                                                     */

/* FNV-1a, 64 bits (Fowler, Noll and Vo; the parameters of draft-eastlake-fnv). */
static uint64_t sm_fnv1a(const char *s) {
  uint64_t h = 0xcbf29ce484222325u;
  for (; *s != '\0'; s++) {
    h = (h ^ (unsigned char)*s) * 0x100000001b3u;
  }
  return h;
}

typedef struct {
  uint64_t key;
  size_t k;
} sm_keyed;

static int sm_keyed_cmp(const void *a, const void *b) {
  const sm_keyed *x = a, *y = b;
  if (x->key != y->key) {
    return x->key < y->key ? -1 : 1;
  }
  return x->k < y->k ? -1 : x->k > y->k;
}

/* Stream keys from the parameters' paths, unique within sc; PL_ENOMEM on allocation failure. */
static pl_status sm_keys(pl_scenario *sc) {
  const uint64_t mask = (UINT64_C(1) << PL_RNG_KEY_BITS) - 1u;
  sm_keyed *t = malloc((sc->n_params ? sc->n_params : 1) * sizeof *t);
  if (t == NULL) {
    return PL_ENOMEM;
  }
  for (size_t k = 0; k < sc->n_params; k++) {
    char path[512];
    pl_scenario_param_path(sc, k, path, sizeof path);
    t[k] = (sm_keyed){sm_fnv1a(path) & mask, k};
  }
  /* A collision (about n^2 / 2^48 likely) moves the later parameter to the next key; sort again
   * until none is left. */
  for (int again = 1; again;) {
    again = 0;
    qsort(t, sc->n_params, sizeof *t, sm_keyed_cmp);
    for (size_t m = 1; m < sc->n_params; m++) {
      if (t[m].key == t[m - 1].key) {
        t[m].key = (t[m].key + 1u) & mask;
        again = 1;
      }
    }
  }
  for (size_t m = 0; m < sc->n_params; m++) {
    sc->params[t[m].k].key = t[m].key;
  }
  free(t);
  return PL_OK;
}

pl_status pli_scn_reindex(pl_scenario *sc) {
  size_t np = 0;
  for (size_t i = 0; i < sc->n_agents; i++) {
    np += sc->agents[i].role == PL_ROLE_PARTY;
  }
  size_t nu = 0;
  for (size_t k = 0; k < sc->n_params; k++) {
    nu += sc->params[k].dist.kind != PL_DIST_FIXED;
  }
  size_t *parties = malloc((np ? np : 1) * sizeof *parties);
  size_t *uncertain = malloc((nu ? nu : 1) * sizeof *uncertain);
  if (parties == NULL || uncertain == NULL) {
    free(parties);
    free(uncertain);
    return PL_ENOMEM;
  }
  np = 0;
  for (size_t i = 0; i < sc->n_agents; i++) {
    if (sc->agents[i].role == PL_ROLE_PARTY) {
      parties[np++] = i;
    }
  }
  nu = 0;
  for (size_t k = 0; k < sc->n_params; k++) {
    if (sc->params[k].dist.kind != PL_DIST_FIXED) {
      uncertain[nu++] = k;
    }
  }
  free(sc->parties);
  free(sc->uncertain);
  sc->parties = parties;
  sc->n_parties = np;
  sc->uncertain = uncertain;
  sc->n_uncertain = nu;
  return sm_keys(sc);
}

/* The largest value parameter p can take in a trial: a fixed value, a support's upper end, and for
 * a normal mean + 40 sd (GSL's ziggurat sampler draws from 53-bit uniforms, which bounds its tail
 * near 10 sd); at most the domain's upper end p->hi, to which draws are clamped. */
static double sm_param_max(const pli_param *p) {
  double v;
  switch (p->dist.kind) {
  case PL_DIST_NORMAL:
    v = p->dist.a + 40.0 * p->dist.b;
    break;
  case PL_DIST_UNIFORM:
    v = p->dist.b;
    break;
  case PL_DIST_TRIANGULAR:
    v = p->dist.c;
    break;
  case PL_DIST_BETA:
    v = 1.0;
    break;
  case PL_DIST_FIXED:
  default:
    v = p->dist.a;
    break;
  }
  return v < p->hi ? v : p->hi;
}

/* (pli_scn_check_model) Capabilities enter the text as sums over agents of c_i s_ij x_ij and
 * c_i s_ij (docs/model.md; Stokman's compromise), or of c_i x_ij when no agent cares about the
 * issue, and eum's vote denominator as a sum over m^2 agent pairs of c_a s_a times a term of at
 * most 1. With saliences at most 1, every such partial sum is at most
 * sum_i max(c_i) * max(|min_j|, |max_j|, m^2, 1); that bound must stay below DBL_MAX / 16 (room
 * for rounding), or a trial could compute an infinite or NaN text and utilities. Only the ratios
 * of capabilities matter, so a user can always scale them down. Returns 1 after reporting. */
static int sm_check_capability(const pl_scenario *sc, pli_scn_report_fn report, void *ctx) {
  double sum = 0.0, top = 0.0;
  size_t who = 0;
  for (size_t i = 0; i < sc->n_agents; i++) {
    double c = sm_param_max(&sc->params[sc->agents[i].capability]);
    sum += c;
    if (c > top) {
      top = c;
      who = i;
    }
  }
  double m2 = (double)sc->n_agents * (double)sc->n_agents;
  for (size_t j = 0; j < sc->n_issues; j++) {
    double x = fmax(fmax(fabs(sc->issues[j].min), fabs(sc->issues[j].max)), fmax(m2, 1.0));
    double bound = sum * x;
    if (isfinite(bound) && bound <= DBL_MAX / 16.0) {
      continue;
    }
    char msg[600];
    snprintf(msg, sizeof msg,
             "issue '%s': capability (up to %.6g, agent '%s') times position (up to %.6g in "
             "size) summed over agents reaches %.6g, beyond %.6g: the text's weighted sums could "
             "overflow; scale the capabilities down (only their ratios matter) or the issue's "
             "units",
             sc->issues[j].id, top, sc->agents[who].id,
             fmax(fabs(sc->issues[j].min), fabs(sc->issues[j].max)), bound, DBL_MAX / 16.0);
    /* At the agent whose capability is largest when it is what is large, else at the issue. */
    if (top > 1.0) {
      report(ctx, PLI_SCN_AT_AGENT, who, msg);
    } else {
      report(ctx, PLI_SCN_AT_ISSUE, j, msg);
    }
    return 1;
  }
  return 0;
}

size_t pli_scn_check_model(const pl_scenario *sc, pli_scn_report_fn report, void *ctx) {
  size_t errors = 0;
  char msg[512];
  if (sc->n_parties < 2) {
    snprintf(msg, sizeof msg, "a scenario needs at least two parties (role = \"party\"); found %zu",
             sc->n_parties);
    report(ctx, PLI_SCN_AT_AGENTS, 0, msg);
    errors++;
  }
  size_t pmin, pmax;
  pli_schema_protocol_parties(sc->protocol, &pmin, &pmax);
  if (sc->n_parties >= 2 && (sc->n_parties < pmin || (pmax > 0 && sc->n_parties > pmax))) {
    if (pmin == pmax) {
      snprintf(msg, sizeof msg, "protocol '%s' needs exactly %s parties; found %zu",
               pl_protocol_kind_name(sc->protocol), pmin == 2 ? "two" : "more", sc->n_parties);
    } else if (pmax > 0) {
      snprintf(msg, sizeof msg, "protocol '%s' needs %zu to %zu parties; found %zu",
               pl_protocol_kind_name(sc->protocol), pmin, pmax, sc->n_parties);
    } else {
      snprintf(msg, sizeof msg, "protocol '%s' needs at least %zu parties; found %zu",
               pl_protocol_kind_name(sc->protocol), pmin, sc->n_parties);
    }
    report(ctx, PLI_SCN_AT_PROTOCOL_KIND, 0, msg);
    errors++;
  }
  if (sc->first < sc->n_agents && sc->agents[sc->first].role != PL_ROLE_PARTY) {
    snprintf(msg, sizeof msg, "'%s' is a mediator; the first proposer must be a party",
             sc->agents[sc->first].id);
    report(ctx, PLI_SCN_AT_FIRST, 0, msg);
    errors++;
  }
  /* Quota and text apply to the protocols of a single negotiating text (docs/protocols.md):
   * under alternating the proposer's offer is built for one responder, whose consent a quota
   * could only waive, which the backward induction does not model. */
  if (!(PLI_PROTOCOLS_TEXT & (1u << sc->protocol))) {
    const pli_param *q = &sc->params[sc->quota];
    if (q->dist.kind != PL_DIST_FIXED || q->dist.a != 1.0) {
      snprintf(msg, sizeof msg,
               "protocol.quota applies to mediated and eum only; protocol '%s' needs the "
               "consent of both parties (quota 1)",
               pl_protocol_kind_name(sc->protocol));
      report(ctx, PLI_SCN_AT_PROTOCOL_KIND, 0, msg);
      errors++;
    }
    if (sc->text != PLI_TEXT_MEAN) {
      snprintf(msg, sizeof msg,
               "protocol.text applies to mediated and eum only; protocol '%s' has no "
               "mediated text",
               pl_protocol_kind_name(sc->protocol));
      report(ctx, PLI_SCN_AT_PROTOCOL_KIND, 0, msg);
      errors++;
    }
  }
  for (size_t i = 0; i < sc->n_agents; i++) {
    const pli_agent *a = &sc->agents[i];
    int any = 0;
    for (size_t j = 0; j < sc->n_issues; j++) {
      any |= pli_scn_maybe_positive(&sc->params[a->salience + j]);
    }
    if (!any) {
      snprintf(msg, sizeof msg,
               "agent '%s' has zero salience on every issue (an agent must care about some issue)",
               a->id);
      report(ctx, PLI_SCN_AT_AGENT, i, msg);
      errors++;
    }
  }
  for (size_t j = 0; j < sc->n_issues; j++) {
    int any = 0;
    for (size_t i = 0; i < sc->n_agents; i++) {
      any |= pli_scn_maybe_positive(&sc->params[sc->agents[i].salience + j]);
    }
    if (!any) {
      snprintf(msg, sizeof msg, "no agent has a positive salience on issue '%s'", sc->issues[j].id);
      report(ctx, PLI_SCN_AT_ISSUE, j, msg);
      errors++;
    }
  }
  errors += (size_t)sm_check_capability(sc, report, ctx);
  return errors;
}

void pli_scn_clear(pl_scenario *sc) {
  free(sc->name);
  free(sc->title);
  for (size_t k = 0; k < PL_RECORD_COUNT; k++) {
    free(sc->record[k]);
  }
  free(sc->source);
  free(sc->include_dir);
  pl_diags_free(sc->warnings);
  for (size_t j = 0; j < sc->n_issues && sc->issues != NULL; j++) {
    free(sc->issues[j].id);
    free(sc->issues[j].label);
    free(sc->issues[j].unit);
  }
  free(sc->issues);
  for (size_t i = 0; i < sc->n_agents && sc->agents != NULL; i++) {
    free(sc->agents[i].id);
    free(sc->agents[i].label);
  }
  free(sc->agents);
  free(sc->parties);
  free(sc->params);
  free(sc->uncertain);
  for (size_t g = 0; g < sc->n_sweep && sc->sweep != NULL; g++) {
    free(sc->sweep[g].path);
    free(sc->sweep[g].values);
    free(sc->sweep[g].ints);
    free(sc->sweep[g].words);
  }
  free(sc->sweep);
  pli_events_clear(sc);
  memset(sc, 0, sizeof *sc);
}

void pl_scenario_free(pl_scenario *sc) {
  if (sc == NULL) {
    return;
  }
  pli_scn_clear(sc);
  free(sc);
}

static void *cp_dup(const void *src, size_t n, size_t size, int *bad) {
  if (src == NULL) {
    return NULL;
  }
  void *d = malloc(n ? n * size : 1);
  if (d == NULL) {
    *bad = 1;
    return NULL;
  }
  if (n > 0) {
    memcpy(d, src, n * size);
  }
  return d;
}

static char *cp_str(const char *s, int *bad) {
  if (s == NULL) {
    return NULL;
  }
  char *c = pli_scn_strdup(s);
  *bad |= c == NULL;
  return c;
}

pl_status pl_scenario_copy(const pl_scenario *sc, pl_scenario **out) {
  if (out != NULL) {
    *out = NULL;
  }
  if (sc == NULL || out == NULL) {
    return PL_EINVAL;
  }
  pl_scenario *c = calloc(1, sizeof *c);
  if (c == NULL) {
    return PL_ENOMEM;
  }
  int bad = 0;
  *c = *sc;
  c->name = cp_str(sc->name, &bad);
  c->title = cp_str(sc->title, &bad);
  for (size_t k = 0; k < PL_RECORD_COUNT; k++) {
    c->record[k] = sc->record[k] != NULL ? cp_str(sc->record[k], &bad) : NULL;
  }
  c->source = cp_str(sc->source, &bad);
  c->include_dir = cp_str(sc->include_dir, &bad);
  c->warnings = NULL;
  if (sc->warnings != NULL) {
    c->warnings = pl_diags_alloc();
    bad |= c->warnings == NULL;
    for (size_t w = 0; !bad && w < pl_diags_count(sc->warnings); w++) {
      bad |=
          pl_diags_add(c->warnings, pl_diags_file(sc->warnings, w), pl_diags_line(sc->warnings, w),
                       "%s", pl_diags_message(sc->warnings, w)) != PL_OK;
    }
  }
  /* Count-bearing arrays: copy, then deep-copy strings (counts kept even on failure so that
   * pli_scn_clear frees what was made; NULL entries are fine for free()). */
  c->issues = calloc(sc->n_issues ? sc->n_issues : 1, sizeof *c->issues);
  c->agents = calloc(sc->n_agents ? sc->n_agents : 1, sizeof *c->agents);
  c->sweep = calloc(sc->n_sweep ? sc->n_sweep : 1, sizeof *c->sweep);
  bad |= c->issues == NULL || c->agents == NULL || c->sweep == NULL;
  for (size_t j = 0; !bad && j < sc->n_issues; j++) {
    c->issues[j] = sc->issues[j];
    c->issues[j].id = cp_str(sc->issues[j].id, &bad);
    c->issues[j].label = cp_str(sc->issues[j].label, &bad);
    c->issues[j].unit = cp_str(sc->issues[j].unit, &bad);
  }
  for (size_t i = 0; !bad && i < sc->n_agents; i++) {
    c->agents[i] = sc->agents[i];
    c->agents[i].id = cp_str(sc->agents[i].id, &bad);
    c->agents[i].label = cp_str(sc->agents[i].label, &bad);
  }
  for (size_t g = 0; !bad && g < sc->n_sweep; g++) {
    c->sweep[g] = sc->sweep[g];
    c->sweep[g].path = cp_str(sc->sweep[g].path, &bad);
    c->sweep[g].values = cp_dup(sc->sweep[g].values, sc->sweep[g].n_values, sizeof(double), &bad);
    c->sweep[g].ints = cp_dup(sc->sweep[g].ints, sc->sweep[g].n_values, sizeof(uint64_t), &bad);
    c->sweep[g].words = cp_dup(sc->sweep[g].words, sc->sweep[g].words_len, 1, &bad);
  }
  c->parties = cp_dup(sc->parties, sc->n_parties, sizeof(size_t), &bad);
  c->params = cp_dup(sc->params, sc->n_params, sizeof(pli_param), &bad);
  c->uncertain = cp_dup(sc->uncertain, sc->n_uncertain, sizeof(size_t), &bad);
  pli_events_copy(c, sc, &bad);
  if (bad) {
    if (c->issues == NULL || c->agents == NULL || c->sweep == NULL) {
      free(c->issues);
      free(c->agents);
      free(c->sweep);
      c->issues = NULL;
      c->agents = NULL;
      c->sweep = NULL;
      c->n_issues = c->n_agents = c->n_sweep = 0;
    }
    pl_scenario_free(c);
    return PL_ENOMEM;
  }
  *out = c;
  return PL_OK;
}

/* ------------------------------------------------------------------------------------------ */
/* Accessors                                                                                   */

const char *pl_scenario_name(const pl_scenario *sc) { return sc->name; }
const char *pl_scenario_title(const pl_scenario *sc) { return sc->title; }

const char *pl_scenario_record(const pl_scenario *sc, pl_record_key k) {
  return (unsigned)k < PL_RECORD_COUNT && sc->record[k] != NULL ? sc->record[k] : "";
}

static const char *const scn_record_keys[] = {
#define SCN_RECORD_KEY(E, key, help) #key,
    PL_RECORD_MAP(SCN_RECORD_KEY)
#undef SCN_RECORD_KEY
};

const char *pl_record_key_name(pl_record_key k) {
  return (unsigned)k < PL_RECORD_COUNT ? scn_record_keys[k] : NULL;
}
const char *pl_scenario_source(const pl_scenario *sc) { return sc->source; }
size_t pl_scenario_n_issues(const pl_scenario *sc) { return sc->n_issues; }
size_t pl_scenario_n_agents(const pl_scenario *sc) { return sc->n_agents; }
size_t pl_scenario_n_parties(const pl_scenario *sc) { return sc->n_parties; }
const char *pl_scenario_issue_id(const pl_scenario *sc, size_t j) { return sc->issues[j].id; }
const char *pl_scenario_issue_label(const pl_scenario *sc, size_t j) { return sc->issues[j].label; }
const char *pl_scenario_issue_unit(const pl_scenario *sc, size_t j) { return sc->issues[j].unit; }
double pl_scenario_issue_min(const pl_scenario *sc, size_t j) { return sc->issues[j].min; }
double pl_scenario_issue_max(const pl_scenario *sc, size_t j) { return sc->issues[j].max; }
const char *pl_scenario_agent_id(const pl_scenario *sc, size_t i) { return sc->agents[i].id; }
const char *pl_scenario_agent_label(const pl_scenario *sc, size_t i) { return sc->agents[i].label; }
pl_role pl_scenario_agent_role(const pl_scenario *sc, size_t i) { return sc->agents[i].role; }
pl_protocol_kind pl_scenario_protocol(const pl_scenario *sc) { return sc->protocol; }

unsigned pl_scenario_max_rounds(const pl_scenario *sc) { return sc->max_rounds; }
double pl_scenario_breakdown(const pl_scenario *sc) {
  return pl_dist_mean(&sc->params[sc->breakdown].dist);
}
double pl_scenario_noise(const pl_scenario *sc) {
  return pl_dist_mean(&sc->params[sc->noise].dist);
}
uint64_t pl_scenario_trials(const pl_scenario *sc) { return sc->trials; }
uint64_t pl_scenario_seed(const pl_scenario *sc) { return sc->seed; }
size_t pl_scenario_n_params(const pl_scenario *sc) { return sc->n_params; }

int pl_scenario_param_path(const pl_scenario *sc, size_t k, char *buf, size_t n) {
  size_t i, j;
  pli_field f;
  pli_scn_param_locate(sc, k, &i, &f, &j);
  if (f == PLI_FIELD_COUNT) {
    const pli_setting_def *set = pli_schema_setting((pli_setting)j);
    return snprintf(buf, n, "%s.%s", set->section, set->key);
  }
  const pli_field_def *def = pli_schema_field(f);
  const char *agent = sc->agents[i].id;
  switch (def->shape) {
  case PLI_SHAPE_ISSUE:
    return snprintf(buf, n, "agents.%s.%s.%s", agent, def->key, sc->issues[j].id);
  case PLI_SHAPE_PARTY:
    return snprintf(buf, n, "agents.%s.%s.%s", agent, def->key, sc->agents[sc->parties[j]].id);
  case PLI_SHAPE_SCALAR:
    break;
  }
  return snprintf(buf, n, "agents.%s.%s", agent, def->key);
}

size_t pl_scenario_param_index(const pl_scenario *sc, const char *path) {
  char buf[512];
  for (size_t k = 0; path != NULL && k < sc->n_params; k++) {
    int n = pl_scenario_param_path(sc, k, buf, sizeof buf);
    if (n >= 0 && (size_t)n < sizeof buf && strcmp(buf, path) == 0) {
      return k;
    }
  }
  return SIZE_MAX;
}

int pl_scenario_param_uncertain(const pl_scenario *sc, size_t k) {
  return sc->params[k].dist.kind != PL_DIST_FIXED;
}

size_t pl_scenario_n_events(const pl_scenario *sc) { return sc->n_events; }
const char *pl_scenario_event_id(const pl_scenario *sc, size_t e) { return sc->events[e].id; }

size_t pl_scenario_n_sweep(const pl_scenario *sc) { return sc->n_sweep; }
const char *pl_scenario_sweep_word(const pl_scenario *sc, size_t g, size_t k) {
  const char *w = sc->sweep[g].words;
  for (size_t i = 0; w != NULL && i < k && i < sc->sweep[g].n_values; i++) {
    w += strlen(w) + 1;
  }
  return w != NULL && k < sc->sweep[g].n_values ? w : NULL;
}
const char *pl_scenario_sweep_path(const pl_scenario *sc, size_t g) { return sc->sweep[g].path; }
const double *pl_scenario_sweep_values(const pl_scenario *sc, size_t g, size_t *n_values) {
  if (n_values != NULL) {
    *n_values = sc->sweep[g].n_values;
  }
  return sc->sweep[g].values;
}
