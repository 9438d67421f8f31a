/*
 * events.c — the `events` list of a scenario: read, copied, set, and played at the start of each
 * round of a trial (events.h; docs/model.md, "Events"; docs/scenario-format.md, "Events").
 *
 * Invariants: every event has a unique id and a unique stream slot; exactly one of `round`
 * (scheduled) or `hazard`; at least one change; every change names a parameter of the model
 * (params[] index, with its agent, field and index resolved at load) and exactly one of value, add
 * or scale, a value lying in the parameter's domain. Applying a change never allocates.
 */
#include "events.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "parley/number.h"
#include "parley/scenario.h"
#include "parley/utility.h"
#include "scenario_internal.h"
#include "schema.h"

/* ------------------------------------------------------------------------------------------ */
/* Keys                                                                                        */

static const struct {
  const char *key;
  int integer;
  double lo, hi;
} ev_keys[PLI_EVKEY_COUNT] = {
#define EV_KEY_ROW(E, key, integer, lo, hi) [PLI_EVKEY_##E] = {#key, integer, lo, hi},
    PLI_EVENT_KEY_MAP(EV_KEY_ROW)
#undef EV_KEY_ROW
};

static const char *const ch_keys[PLI_CHKEY_COUNT] = {
#define EV_CH_ROW(E, key) [PLI_CHKEY_##E] = #key,
    PLI_CHANGE_KEY_MAP(EV_CH_ROW)
#undef EV_CH_ROW
};

_Static_assert(PLI_CHKEY_ADD - PLI_CHKEY_VALUE == PLI_CHANGE_ADD &&
                   PLI_CHKEY_SCALE - PLI_CHKEY_VALUE == PLI_CHANGE_SCALE && PLI_CHANGE_VALUE == 0,
               "the change keys value, add, scale are the operations in order");

static const char *ev_op_key(pli_change_op op) { return ch_keys[PLI_CHKEY_VALUE + op]; }

pli_event_key pli_events_key_find(const char *key, size_t n) {
  for (unsigned k = 0; k < PLI_EVKEY_COUNT; k++) {
    if (k != PLI_EVKEY_ID && k != PLI_EVKEY_SET && strlen(ev_keys[k].key) == n &&
        strncmp(ev_keys[k].key, key, n) == 0) {
      return (pli_event_key)k;
    }
  }
  return PLI_EVKEY_COUNT;
}

int pli_events_key_integer(pli_event_key key) {
  return key < PLI_EVKEY_COUNT && ev_keys[key].integer;
}

size_t pli_events_find(const pl_scenario *sc, const char *id, size_t n) {
  for (size_t e = 0; e < sc->n_events; e++) {
    const char *ei = sc->events[e].id; /* NULL: not read yet (while loading) */
    if (ei != NULL && strlen(ei) == n && strncmp(ei, id, n) == 0) {
      return e;
    }
  }
  return SIZE_MAX;
}

/* ------------------------------------------------------------------------------------------ */
/* Loading                                                                                     */

/* FNV-1a, 64 bits (Fowler, Noll and Vo), as the parameters' stream keys (scenario.c). */
static uint64_t ev_fnv1a(const char *s) {
  uint64_t h = 0xcbf29ce484222325u;
  for (; *s != '\0'; s++) {
    h = (h ^ (unsigned char)*s) * 0x100000001b3u;
  }
  return h;
}

/* Stream slots from the ids, unique: in order of (hash, id), each event takes its hash's slot or,
 * when that is taken, the next free one, so the slots do not depend on the order of the list. An
 * insertion sort over the (at most PLI_MAX_EVENTS) events and a bitmap of the slots: no
 * allocation. */
static void ev_slots(pl_scenario *sc) {
  const uint32_t mask = (UINT32_C(1) << PLI_EVENT_SLOT_BITS) - 1u;
  size_t order[PLI_MAX_EVENTS];
  unsigned char used[(1u << PLI_EVENT_SLOT_BITS) / 8u] = {0};
  for (size_t e = 0; e < sc->n_events; e++) {
    sc->events[e].slot = (uint32_t)(ev_fnv1a(sc->events[e].id) & mask); /* its hash, for now */
    size_t at = e;
    while (at > 0) {
      const pli_event *a = &sc->events[order[at - 1]], *b = &sc->events[e];
      if (a->slot < b->slot || (a->slot == b->slot && strcmp(a->id, b->id) <= 0)) {
        break;
      }
      order[at] = order[at - 1];
      at--;
    }
    order[at] = e;
  }
  for (size_t k = 0; k < sc->n_events; k++) {
    pli_event *ev = &sc->events[order[k]];
    while (used[ev->slot / 8u] & (1u << (ev->slot % 8u))) {
      ev->slot = (ev->slot + 1u) & mask;
    }
    used[ev->slot / 8u] |= (unsigned char)(1u << (ev->slot % 8u));
  }
}

/* Reads one change (group g) of event ev into ch; 0 after reporting. */
static int ev_change(pli_cfg_reader *ctx, const config_setting_t *g, const char *what,
                     pl_scenario *sc, pli_change *ch) {
  if (config_setting_type(g) != CONFIG_TYPE_GROUP) {
    pli_cfg_error(ctx, g, "%s: expected a group { path = \"...\"; value = x; }, found %s", what,
                  pli_cfg_type_name(g));
    return 0;
  }
  pli_cfg_check_keys(ctx, g, what, PLI_GROUP_CHANGE);
  ch->line = pli_cfg_line(g);
  const config_setting_t *s = config_setting_get_member(g, "path");
  const char *path = s != NULL ? pli_cfg_string(ctx, s, what) : NULL;
  if (s == NULL) {
    pli_cfg_error(ctx, g,
                  "%s: missing 'path' (the parameter it changes, e.g. "
                  "\"agents.ID.reservation\")",
                  what);
    return 0;
  }
  if (path == NULL) {
    return 0;
  }
  size_t k = pl_scenario_param_index(sc, path);
  if (k == SIZE_MAX) {
    pli_cfg_error(ctx, s,
                  "%s: '%s' is not a number of the model (agents.ID.FIELD[.ISSUE|.PARTY], "
                  "protocol.breakdown or protocol.noise)",
                  what, path);
    return 0;
  }
  ch->param = k;
  pli_scn_param_locate(sc, k, &ch->agent, &ch->field, &ch->index);
  const config_setting_t *op = NULL;
  int n_ops = 0;
  for (unsigned c = PLI_CHKEY_VALUE; c < PLI_CHKEY_COUNT; c++) {
    const config_setting_t *m = config_setting_get_member(g, ch_keys[c]);
    if (m != NULL) {
      n_ops++;
      op = m;
      ch->op = (pli_change_op)(c - PLI_CHKEY_VALUE);
    }
  }
  if (n_ops != 1) {
    pli_cfg_error(ctx, g, "%s: give exactly one of 'value', 'add' or 'scale' (found %d)", what,
                  n_ops);
    return 0;
  }
  char sub[400];
  snprintf(sub, sizeof sub, "%s.%s", what, ch_keys[ch->op + PLI_CHKEY_VALUE]);
  if (!pli_cfg_number(ctx, op, sub, &ch->amount)) {
    return 0;
  }
  if (ch->op == PLI_CHANGE_VALUE) {
    pli_domain d;
    double lo, hi;
    pli_scn_param_domain(sc, k, &d, &lo, &hi);
    if (!pli_schema_in_domain(d, ch->amount, lo, hi)) {
      char dom[96];
      pli_schema_domain_text(d, lo, hi, dom, sizeof dom);
      pli_cfg_error(ctx, op, "%s: %.17g is outside %s, the domain of %s", sub, ch->amount, dom,
                    path);
      return 0;
    }
  }
  return 1;
}

/* An optional integer key of an event into *out (left as is when absent); 0 after reporting. */
static int ev_uint(pli_cfg_reader *ctx, const config_setting_t *g, const char *what,
                   pli_event_key key, unsigned *out, int *given) {
  const config_setting_t *s = config_setting_get_member(g, ev_keys[key].key);
  *given = s != NULL;
  if (s == NULL) {
    return 1;
  }
  char sub[400];
  snprintf(sub, sizeof sub, "%s.%s", what, ev_keys[key].key);
  uint64_t u = 0;
  if (!pli_cfg_integer(ctx, s, sub, (uint64_t)ev_keys[key].lo, (uint64_t)ev_keys[key].hi, 0, &u)) {
    return 0;
  }
  *out = (unsigned)u;
  return 1;
}

/* An optional probability key into *out; 0 after reporting. */
static int ev_prob(pli_cfg_reader *ctx, const config_setting_t *g, const char *what,
                   pli_event_key key, double *out, int *given) {
  const config_setting_t *s = config_setting_get_member(g, ev_keys[key].key);
  *given = s != NULL;
  if (s == NULL) {
    return 1;
  }
  char sub[400];
  snprintf(sub, sizeof sub, "%s.%s", what, ev_keys[key].key);
  if (!pli_cfg_number(ctx, s, sub, out)) {
    return 0;
  }
  if (!(*out >= 0.0 && *out <= 1.0)) {
    pli_cfg_error(ctx, s, "%s: %.17g is outside [0, 1]", sub, *out);
    return 0;
  }
  return 1;
}

/* Reads event group g into ev (its changes into sc->changes from *nch); 0 after reporting. */
static int ev_event(pli_cfg_reader *ctx, const config_setting_t *g, size_t e, pl_scenario *sc,
                    size_t *nch) {
  pli_event *ev = &sc->events[e];
  char what[300];
  snprintf(what, sizeof what, "event %zu", e + 1);
  ev->line = pli_cfg_line(g);
  if (config_setting_type(g) != CONFIG_TYPE_GROUP) {
    pli_cfg_error(ctx, g, "%s: expected a group { id = ...; ... }, found %s", what,
                  pli_cfg_type_name(g));
    return 0;
  }
  const config_setting_t *s = config_setting_get_member(g, "id");
  const char *id = s != NULL ? pli_cfg_string(ctx, s, "event id") : NULL;
  if (s == NULL) {
    pli_cfg_error(ctx, g, "%s: missing 'id'", what);
    return 0;
  }
  if (id == NULL) {
    return 0;
  }
  if (!pli_cfg_is_identifier(id, 0) || strlen(id) > 100) {
    pli_cfg_error(ctx, s,
                  "event id '%s' is not an identifier of at most 100 characters (a letter, then "
                  "letters, digits, '_' and '-')",
                  id);
    return 0;
  }
  size_t prev = pli_events_find(sc, id, strlen(id));
  if (prev != SIZE_MAX && prev < e) {
    pli_cfg_error(ctx, s, "duplicate event id '%s' (first defined at line %d)", id,
                  sc->events[prev].line);
    return 0;
  }
  if ((ev->id = pli_scn_strdup(id)) == NULL) {
    ctx->nomem = 1;
    return 0;
  }
  snprintf(what, sizeof what, "events.%s", id);
  size_t before = ctx->errors;
  pli_cfg_check_keys(ctx, g, what, PLI_GROUP_EVENT);
  int has_round, has_prob, has_hazard, has_from, has_until;
  double hazard = 0.0;
  ev->prob = 1.0;
  ev->from = 1;
  ev->until = 0;
  int ok = ev_uint(ctx, g, what, PLI_EVKEY_ROUND, &ev->round, &has_round);
  ok &= ev_prob(ctx, g, what, PLI_EVKEY_PROBABILITY, &ev->prob, &has_prob);
  ok &= ev_prob(ctx, g, what, PLI_EVKEY_HAZARD, &hazard, &has_hazard);
  ok &= ev_uint(ctx, g, what, PLI_EVKEY_FROM, &ev->from, &has_from);
  ok &= ev_uint(ctx, g, what, PLI_EVKEY_UNTIL, &ev->until, &has_until);
  if (has_round == has_hazard) {
    pli_cfg_error(ctx, g,
                  "%s: give exactly one of 'round' (a scheduled event) or 'hazard' (a "
                  "chance in every round)",
                  what);
    ok = 0;
  } else if (has_round && (has_from || has_until)) {
    pli_cfg_error(ctx, g, "%s: 'from' and 'until' go with 'hazard', not with 'round'", what);
    ok = 0;
  } else if (has_hazard && has_prob) {
    pli_cfg_error(ctx, g,
                  "%s: 'probability' goes with 'round'; a hazard event's chance per round "
                  "is 'hazard'",
                  what);
    ok = 0;
  } else if (has_hazard && has_until && ev->until < ev->from) {
    pli_cfg_error(ctx, g, "%s: until (%u) must not be before from (%u)", what, ev->until, ev->from);
    ok = 0;
  }
  if (has_hazard) {
    ev->hazard = 1;
    ev->prob = hazard;
  }
  const config_setting_t *list = config_setting_get_member(g, "set");
  ev->first_change = *nch;
  if (list == NULL) {
    pli_cfg_error(ctx, g, "%s: missing 'set' (a list of changes ( { path = ...; value = x; } ))",
                  what);
    return 0;
  }
  if (config_setting_type(list) != CONFIG_TYPE_LIST || config_setting_length(list) == 0) {
    pli_cfg_error(ctx, list, "%s.set: expected a non-empty list ( { path = ...; ... }, ... )",
                  what);
    return 0;
  }
  size_t n = (size_t)config_setting_length(list);
  if (n > PLI_MAX_CHANGES) {
    pli_cfg_error(ctx, list, "%s.set: at most %u changes (found %zu)", what, PLI_MAX_CHANGES, n);
    return 0;
  }
  pli_change *grown = realloc(sc->changes, (*nch + n) * sizeof *grown);
  if (grown == NULL) {
    ctx->nomem = 1;
    return 0;
  }
  sc->changes = grown;
  for (size_t c = 0; c < n; c++) {
    char sub[340];
    snprintf(sub, sizeof sub, "%s.set %zu", what, c + 1);
    pli_change *ch = &sc->changes[*nch + c];
    memset(ch, 0, sizeof *ch);
    ok &= ev_change(ctx, config_setting_get_elem(list, (unsigned)c), sub, sc, ch);
  }
  *nch += n;
  sc->n_changes = *nch;
  ev->n_changes = n;
  return ok && ctx->errors == before;
}

void pli_events_load(pli_cfg_reader *ctx, const config_setting_t *root, pl_scenario *sc) {
  const config_setting_t *list = config_setting_get_member(root, "events");
  if (list == NULL) {
    return;
  }
  if (config_setting_type(list) != CONFIG_TYPE_LIST) {
    pli_cfg_error(ctx, list, "events: expected a list ( {...}, ... ), found %s",
                  pli_cfg_type_name(list));
    return;
  }
  size_t n = (size_t)config_setting_length(list);
  if (n == 0) {
    return;
  }
  if (n > PLI_MAX_EVENTS) {
    pli_cfg_error(ctx, list, "events: at most %u events (found %zu)", PLI_MAX_EVENTS, n);
    return;
  }
  if ((sc->events = calloc(n, sizeof *sc->events)) == NULL) {
    ctx->nomem = 1;
    return;
  }
  sc->n_events = n;
  size_t nch = 0;
  for (size_t e = 0; e < n && !ctx->nomem; e++) {
    (void)ev_event(ctx, config_setting_get_elem(list, (unsigned)e), e, sc, &nch);
    if (sc->events[e].id == NULL && (sc->events[e].id = pli_scn_strdup("")) == NULL) {
      ctx->nomem = 1;
    }
  }
  if (!ctx->nomem) {
    ev_slots(sc);
  }
}

/* ------------------------------------------------------------------------------------------ */
/* Copies, freeing, overrides                                                                  */

void pli_events_copy(pl_scenario *dst, const pl_scenario *src, int *bad) {
  dst->events = NULL;
  dst->changes = NULL;
  dst->n_events = dst->n_changes = 0;
  if (src->n_events == 0) {
    return;
  }
  dst->events = calloc(src->n_events, sizeof *dst->events);
  dst->changes = malloc((src->n_changes ? src->n_changes : 1) * sizeof *dst->changes);
  if (dst->events == NULL || dst->changes == NULL) {
    *bad = 1;
    return;
  }
  dst->n_events = src->n_events;
  dst->n_changes = src->n_changes;
  memcpy(dst->changes, src->changes, src->n_changes * sizeof *dst->changes);
  for (size_t e = 0; e < src->n_events; e++) {
    dst->events[e] = src->events[e];
    dst->events[e].id = pli_scn_strdup(src->events[e].id);
    *bad |= dst->events[e].id == NULL;
  }
}

void pli_events_clear(pl_scenario *sc) {
  for (size_t e = 0; e < sc->n_events && sc->events != NULL; e++) {
    free(sc->events[e].id);
  }
  free(sc->events);
  free(sc->changes);
  sc->events = NULL;
  sc->changes = NULL;
  sc->n_events = sc->n_changes = 0;
}

int pli_events_set(pl_scenario *sc, size_t e, pli_event_key key, const char *value, char *why,
                   size_t n) {
  pli_event *ev = &sc->events[e];
  int hz = key == PLI_EVKEY_HAZARD || key == PLI_EVKEY_FROM || key == PLI_EVKEY_UNTIL;
  if (hz != ev->hazard) {
    snprintf(why, n, "event '%s' is %s, which has no %s", ev->id,
             ev->hazard ? "a hazard event (hazard, from, until)"
                        : "a scheduled event (round, probability)",
             ev_keys[key].key);
    return 0;
  }
  pl_number_result nr;
  if (ev_keys[key].integer) {
    uint64_t u = 0;
    if ((nr = pl_number_parse_u64(value, &u)) != PL_NUMBER_OK) {
      snprintf(why, n, "%s",
               nr == PL_NUMBER_SYNTAX ? "not a non-negative integer" : pl_number_result_string(nr));
      return 0;
    }
    if (u < (uint64_t)ev_keys[key].lo || u > (uint64_t)ev_keys[key].hi) {
      snprintf(why, n, "value outside [%u, %u]", (unsigned)ev_keys[key].lo,
               (unsigned)ev_keys[key].hi);
      return 0;
    }
    unsigned from = key == PLI_EVKEY_FROM ? (unsigned)u : ev->from;
    unsigned until = key == PLI_EVKEY_UNTIL ? (unsigned)u : ev->until;
    if (ev->hazard && until != 0 && until < from) {
      snprintf(why, n, "until (%u) must not be before from (%u)", until, from);
      return 0;
    }
    if (key == PLI_EVKEY_ROUND) {
      ev->round = (unsigned)u;
    } else {
      ev->from = from;
      ev->until = until;
    }
    return 1;
  }
  double v = 0.0;
  if ((nr = pl_number_parse_double(value, &v)) != PL_NUMBER_OK) {
    snprintf(why, n, "%s", pl_number_result_string(nr));
    return 0;
  }
  if (!(v >= 0.0 && v <= 1.0)) {
    snprintf(why, n, "value outside [0, 1]");
    return 0;
  }
  ev->prob = v;
  return 1;
}

int pli_events_change_find(const pl_scenario *sc, size_t e, const char *k, size_t n, const char *op,
                           size_t n_op, size_t *c, char *why, size_t why_n) {
  const pli_event *ev = &sc->events[e];
  size_t idx = 0, i = 0;
  for (; i < n && k[i] >= '0' && k[i] <= '9' && idx <= PLI_MAX_CHANGES; i++) {
    idx = idx * 10 + (size_t)(k[i] - '0');
  }
  if (n == 0 || i != n || idx < 1 || idx > ev->n_changes) {
    snprintf(why, why_n, "event '%s' has changes 1 to %zu (events.%s.set.K.OP)", ev->id,
             ev->n_changes, ev->id);
    return 0;
  }
  const pli_change *ch = &sc->changes[ev->first_change + idx - 1];
  const char *want = ev_op_key(ch->op);
  if (strlen(want) != n_op || strncmp(want, op, n_op) != 0) {
    snprintf(why, why_n, "change %zu of event '%s' is a '%s' change: events.%s.set.%zu.%s", idx,
             ev->id, want, ev->id, idx, want);
    return 0;
  }
  *c = ev->first_change + idx - 1;
  return 1;
}

int pli_events_change_set(pl_scenario *sc, size_t c, const char *value, char *why, size_t n) {
  pli_change *ch = &sc->changes[c];
  double v = 0.0;
  pl_number_result nr = pl_number_parse_double(value, &v);
  if (nr != PL_NUMBER_OK) {
    snprintf(why, n, "%s", pl_number_result_string(nr));
    return 0;
  }
  if (ch->op == PLI_CHANGE_VALUE) {
    pli_domain d;
    double lo, hi;
    pli_scn_param_domain(sc, ch->param, &d, &lo, &hi);
    if (!pli_schema_in_domain(d, v, lo, hi)) {
      char dom[96];
      pli_schema_domain_text(d, lo, hi, dom, sizeof dom);
      snprintf(why, n, "value outside %s", dom);
      return 0;
    }
  }
  ch->amount = v;
  return 1;
}

/* ------------------------------------------------------------------------------------------ */
/* A trial                                                                                     */

/* Applies change ch to st (docs/model.md, "Events"): the parameter's current value, set, added to
 * or scaled, clamped to [lo, hi] of the parameter. */
static void ev_apply(const pl_scenario *sc, const pli_change *ch, const pli_event_state *st) {
  size_t n = sc->n_issues;
  double *cur = &st->theta[ch->param];
  if (ch->field == PLI_FIELD_POSITION) {
    cur = &st->x[ch->agent * n + ch->index]; /* where concessions have moved it */
  } else if (ch->field == PLI_FIELD_RESERVATION) {
    cur = &st->r[ch->agent]; /* where leverage has lowered it */
  }
  double v = ch->op == PLI_CHANGE_VALUE ? ch->amount
             : ch->op == PLI_CHANGE_ADD ? *cur + ch->amount
                                        : *cur * ch->amount;
  const pli_param *p = &sc->params[ch->param];
  v = v < p->lo ? p->lo : (v > p->hi ? p->hi : v);
  if (isnan(v)) {
    v = *cur; /* cannot happen for finite amounts and values; keep the state finite regardless */
  }
  *cur = v;
  if (ch->field == PLI_FIELD_SALIENCE) { /* the weights follow the saliences */
    st->s[ch->agent * n + ch->index] = v;
    pl_utility_weights(n, st->s + ch->agent * n, st->w + ch->agent * n);
  }
}

size_t pli_events_round(const pl_scenario *sc, pl_rng *rng, uint64_t trial, unsigned t,
                        unsigned *fired, const pli_event_state *st) {
  size_t count = 0;
  for (size_t e = 0; e < sc->n_events; e++) {
    const pli_event *ev = &sc->events[e];
    if (fired[e] != 0) {
      continue;
    }
    if (ev->hazard ? (t < ev->from || (ev->until != 0 && t > ev->until)) : t != ev->round) {
      continue;
    }
    pl_rng_reset(rng, sc->seed, trial, pli_event_stream(ev, t));
    if (!(pl_rng_uniform(rng) < ev->prob)) {
      continue;
    }
    fired[e] = t;
    count++;
    for (size_t c = 0; c < ev->n_changes; c++) {
      ev_apply(sc, &sc->changes[ev->first_change + c], st);
    }
  }
  return count;
}

/* ------------------------------------------------------------------------------------------ */
/* Writing and describing                                                                      */

void pli_events_write(const pl_scenario *sc, FILE *out, void (*wr_double)(FILE *, double),
                      void (*wr_string)(FILE *, const char *)) {
  if (sc->n_events == 0) {
    return;
  }
  fputs("\nevents = (\n", out);
  for (size_t e = 0; e < sc->n_events; e++) {
    const pli_event *ev = &sc->events[e];
    fputs("  { id = ", out);
    wr_string(out, ev->id);
    if (ev->hazard) {
      fputs("; hazard = ", out);
      wr_double(out, ev->prob);
      fprintf(out, "; from = %u", ev->from);
      if (ev->until != 0) {
        fprintf(out, "; until = %u", ev->until);
      }
    } else {
      fprintf(out, "; round = %u; probability = ", ev->round);
      wr_double(out, ev->prob);
    }
    fputs(";\n    set = (", out);
    for (size_t c = 0; c < ev->n_changes; c++) {
      const pli_change *ch = &sc->changes[ev->first_change + c];
      char path[512];
      pl_scenario_param_path(sc, ch->param, path, sizeof path);
      fputs(c > 0 ? ",\n      { path = " : " { path = ", out);
      wr_string(out, path);
      fprintf(out, "; %s = ", ev_op_key(ch->op));
      wr_double(out, ch->amount);
      fputs("; }", out);
    }
    fputs(e + 1 < sc->n_events ? " ); },\n" : " ); }\n", out);
  }
  fputs(");\n", out);
}

void pli_events_describe(const pl_scenario *sc, FILE *out) {
  if (sc->n_events == 0) {
    return;
  }
  fprintf(out, "events (%zu):\n", sc->n_events);
  for (size_t e = 0; e < sc->n_events; e++) {
    const pli_event *ev = &sc->events[e];
    if (ev->hazard) {
      fprintf(out, "  %s: hazard %g per round from round %u", ev->id, ev->prob, ev->from);
      if (ev->until != 0) {
        fprintf(out, " until round %u", ev->until);
      }
      if (ev->from > sc->max_rounds) {
        fprintf(out, " (after max_rounds %u: never fires)", sc->max_rounds);
      }
    } else {
      fprintf(out, "  %s: in round %u with probability %g", ev->id, ev->round, ev->prob);
      if (ev->round > sc->max_rounds) {
        fprintf(out, " (after max_rounds %u: never fires)", sc->max_rounds);
      }
    }
    fputs(";", out);
    for (size_t c = 0; c < ev->n_changes; c++) {
      const pli_change *ch = &sc->changes[ev->first_change + c];
      char path[512];
      pl_scenario_param_path(sc, ch->param, path, sizeof path);
      const char *verb = ch->op == PLI_CHANGE_VALUE ? "=" : ch->op == PLI_CHANGE_ADD ? "+=" : "*=";
      fprintf(out, "%s %s %s %g", c > 0 ? "," : "", path, verb, ch->amount);
    }
    fputc('\n', out);
  }
}
