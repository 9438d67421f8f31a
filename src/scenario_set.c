/*
 * scenario_set.c — parameter paths and overrides (`--set PATH=VALUE`, sweep points).
 *
 * An override is applied to a copy of the scenario, which is then validated as a whole (the value
 * against its domain, then the cross checks of pli_scn_check_model); the original is replaced only
 * when everything holds, so a failed override leaves the scenario unchanged.
 * Paths come from the tables of schema.h: agents.ID.FIELD for a scalar field,
 * agents.ID.FIELD.ISSUE and agents.ID.FIELD.PARTY for the others, SECTION.KEY for a setting; any
 * parameter's path then .PARAM for one parameter of its distribution (the names of
 * pl_dist_param_name), checked by the loader's rule (pli_schema_dist_check).
 * Values are read with the one grammar of parley/number.h.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "events.h"
#include "parley/number.h"
#include "parley/scenario.h"
#include "scenario_impl.h"
#include "scenario_internal.h"

/* What a path names: a parameter (index k in params[]), one parameter of its distribution, or a
 * setting. */
typedef struct {
  int is_param;
  size_t k;        /* the parameter */
  size_t dparam;   /* SIZE_MAX: the number itself; else the index (pl_dist_param_name) of the
                      distribution parameter named by the path's last part */
  pli_setting set; /* the setting */
  int is_event;    /* events.ID.KEY: event `event`'s number `ekey` (src/events.c) */
  size_t event;
  pli_event_key ekey;
  size_t change; /* events.ID.set.K.OP: the change's index in changes[]; SIZE_MAX: ekey */
} st_target;

/* Splits path at dots into at most 5 parts; returns the count (6 = too many). */
static size_t st_split(const char *path, const char *part[5], size_t len[5]) {
  size_t n = 0;
  const char *p = path;
  for (;;) {
    const char *dot = strchr(p, '.');
    size_t l = dot != NULL ? (size_t)(dot - p) : strlen(p);
    if (n == 5) {
      return 6;
    }
    part[n] = p;
    len[n] = l;
    n++;
    if (dot == NULL) {
      return n;
    }
    p = dot + 1;
  }
}

static int st_is(const char *part, size_t len, const char *word) {
  return strlen(word) == len && strncmp(part, word, len) == 0;
}

/* "kind, first, max_rounds, ..." (a section's keys) or "capability, ..., position.ISSUE, ...". */
static void st_key_list(pli_group g, char *buf, size_t n) {
  const char *keys[32];
  size_t nk = pli_schema_keys(g, keys, sizeof keys / sizeof *keys);
  size_t used = 0;
  buf[0] = '\0';
  for (size_t k = 0; k < nk && used < n; k++) {
    const char *suffix = "";
    if (g == PLI_GROUP_AGENT) {
      pli_field f = pli_schema_field_find(keys[k], strlen(keys[k]));
      if (f == PLI_FIELD_COUNT) {
        continue; /* id, label, role, utility: not numbers */
      }
      suffix = pli_schema_field(f)->shape == PLI_SHAPE_ISSUE   ? ".ISSUE"
               : pli_schema_field(f)->shape == PLI_SHAPE_PARTY ? ".PARTY"
                                                               : "";
    }
    int w = snprintf(buf + used, n - used, "%s%s%s", used > 0 ? ", " : "", keys[k], suffix);
    used += w > 0 ? (size_t)w : 0;
  }
}

/* Resolves path from the schema tables; on failure writes why into why (the message after the
 * path) and returns 0. */
static int st_resolve_number(const pl_scenario *sc, const char *path, st_target *t, char *why,
                             size_t n) {
  const char *part[5];
  size_t len[5];
  size_t np = st_split(path, part, len);
  memset(t, 0, sizeof *t);
  t->dparam = SIZE_MAX;
  char list[400];
  for (unsigned g = PLI_GROUP_PROTOCOL; g <= PLI_GROUP_MONTECARLO; g++) {
    const char *section = pli_schema_group_name((pli_group)g);
    if (np >= 1 && st_is(part[0], len[0], section)) {
      t->set =
          np == 2 ? pli_schema_setting_find(part[0], len[0], part[1], len[1]) : PLI_SETTING_COUNT;
      if (t->set != PLI_SETTING_COUNT) {
        if (pli_schema_setting(t->set)->type == PLI_VALUE_PARAM) { /* a number of the model */
          double v;
          uint64_t k;
          pli_scn_setting_get(sc, t->set, &v, &k);
          t->is_param = 1;
          t->k = (size_t)k;
        }
        return 1;
      }
      st_key_list((pli_group)g, list, sizeof list);
      snprintf(why, n, "%s has no setting '%.*s' (%s)", section,
               np >= 2 ? (int)(strlen(path) - len[0] - 1) : 0, np >= 2 ? part[1] : "", list);
      return 0;
    }
  }
  if (np >= 1 && st_is(part[0], len[0], "events")) {
    size_t e = np >= 2 ? pli_events_find(sc, part[1], len[1]) : SIZE_MAX;
    if (e == SIZE_MAX) {
      snprintf(why, n, "no event '%.*s'", np >= 2 ? (int)len[1] : 0, np >= 2 ? part[1] : "");
      return 0;
    }
    t->change = SIZE_MAX;
    if (np == 5 && st_is(part[2], len[2], "set")) { /* events.ID.set.K.OP: a change's amount */
      if (!pli_events_change_find(sc, e, part[3], len[3], part[4], len[4], &t->change, why, n)) {
        return 0;
      }
      t->is_event = 1;
      t->event = e;
      return 1;
    }
    t->ekey = np == 3 ? pli_events_key_find(part[2], len[2]) : PLI_EVKEY_COUNT;
    if (t->ekey == PLI_EVKEY_COUNT) {
      snprintf(why, n,
               "an event's numbers are events.%s.KEY, KEY one of round, probability, hazard, "
               "from, until, and events.%s.set.K.OP, the amount of its K-th change",
               sc->events[e].id, sc->events[e].id);
      return 0;
    }
    t->is_event = 1;
    t->event = e;
    return 1;
  }
  if (np < 2 || !st_is(part[0], len[0], "agents")) {
    snprintf(why, n, "a path starts with agents.ID., protocol. or montecarlo. (or events.ID.)");
    return 0;
  }
  size_t i = pli_scn_find_agent(sc, part[1], len[1]);
  if (i == SIZE_MAX) {
    snprintf(why, n, "no agent '%.*s'", (int)len[1], part[1]);
    return 0;
  }
  const pli_agent *a = &sc->agents[i];
  pli_field f = np >= 3 ? pli_schema_field_find(part[2], len[2]) : PLI_FIELD_COUNT;
  if (f == PLI_FIELD_COUNT) {
    st_key_list(PLI_GROUP_AGENT, list, sizeof list);
    snprintf(why, n, "agents have no field '%.*s' (%s)",
             np >= 3 ? (int)(strlen(path) - len[0] - len[1] - 2) : 0, np >= 3 ? part[2] : "", list);
    return 0;
  }
  const pli_field_def *def = pli_schema_field(f);
  t->is_param = 1;
  if (def->shape == PLI_SHAPE_SCALAR) {
    if (np != 3) {
      snprintf(why, n, "%s takes no further part: agents.%s.%s", def->key, a->id, def->key);
      return 0;
    }
    t->k = pli_scn_agent_field(a, f);
    return 1;
  }
  int per_issue = def->shape == PLI_SHAPE_ISSUE;
  if (np != 4) {
    snprintf(why, n, "%s needs one more part: agents.%s.%s.%s", def->key, a->id, def->key,
             per_issue ? "ISSUE" : "PARTY");
    return 0;
  }
  size_t j =
      per_issue ? pli_scn_find_issue(sc, part[3], len[3]) : pli_scn_find_agent(sc, part[3], len[3]);
  if (j == SIZE_MAX) {
    snprintf(why, n, "no %s '%.*s'", per_issue ? "issue" : "agent", (int)len[3], part[3]);
    return 0;
  }
  if (!(def->allowed & (1u << a->role))) {
    snprintf(
        why, n, "only %s have %s, and '%s' is a %s",
        pli_schema_role_plural(def->allowed & PLI_ROLES_PARTY ? PL_ROLE_PARTY : PL_ROLE_MEDIATOR),
        def->key, a->id, pli_schema_word(PLI_WORDS_ROLE, a->role));
    return 0;
  }
  if (!per_issue && sc->agents[j].role != PL_ROLE_PARTY) {
    snprintf(why, n, "%s acts on parties, and '%s' is a mediator", def->key, sc->agents[j].id);
    return 0;
  }
  t->k = pli_scn_agent_field(a, f) + (per_issue ? j : pli_scn_party_rank(sc, j));
  return 1;
}

/* Resolves path: a number (st_resolve_number) or, when that fails and all but the last part name
 * an agent's number, the parameter of its distribution that the last part names
 * (pl_dist_param_name: "mean", "sd", ...; a fixed number has only "value"). */
static int st_resolve(const pl_scenario *sc, const char *path, st_target *t, char *why, size_t n) {
  if (st_resolve_number(sc, path, t, why, n)) {
    return 1;
  }
  if (strncmp(path, "events.", 7) == 0) {
    return 0; /* an event's numbers are not distributions: the message about the path stands */
  }
  const char *dot = strrchr(path, '.');
  if (dot == NULL) {
    return 0;
  }
  size_t len = (size_t)(dot - path);
  char head[200], why2[512];
  if (len >= sizeof head) {
    return 0;
  }
  memcpy(head, path, len);
  head[len] = '\0';
  st_target h;
  if (!st_resolve_number(sc, head, &h, why2, sizeof why2)) {
    if (st_split(path, (const char *[5]){0}, (size_t[5]){0}) == 5) {
      snprintf(why, n, "%s", why2); /* too long for a number: what is wrong with the number */
    }
    return 0; /* otherwise the message about the whole path stands */
  }
  if (!h.is_param) {
    return 0;
  }
  const pl_dist *d = &sc->params[h.k].dist;
  size_t np = pl_dist_n_params(d->kind);
  for (size_t i = 0; i < np; i++) {
    if (strcmp(dot + 1, pl_dist_param_name(d->kind, i)) == 0) {
      *t = h;
      t->dparam = i;
      return 1;
    }
  }
  char list[64] = "";
  for (size_t i = 0, used = 0; i < np && used < sizeof list; i++) {
    int w = snprintf(list + used, sizeof list - used, "%s%s", i > 0 ? ", " : "",
                     pl_dist_param_name(d->kind, i));
    used += w > 0 ? (size_t)w : 0;
  }
  if (d->kind == PL_DIST_FIXED) {
    snprintf(why, n, "%s is a fixed number, which has no parameter '%s' (only %s)", head, dot + 1,
             list);
  } else {
    snprintf(why, n, "%s is a %s distribution, which has no parameter '%s' (it has %s)", head,
             pl_dist_kind_name(d->kind), dot + 1, list);
  }
  return 0;
}

int pli_scn_path_numeric(const pl_scenario *sc, const char *path) {
  st_target t;
  char why[512];
  if (!st_resolve(sc, path, &t, why, sizeof why)) {
    return 0;
  }
  if (t.is_param || t.is_event) {
    return 1;
  }
  pli_value_type ty = pli_schema_setting(t.set)->type;
  return ty != PLI_VALUE_PROTOCOL && ty != PLI_VALUE_AGENT && ty != PLI_VALUE_WORD;
}

int pl_scenario_path_word(const pl_scenario *sc, const char *path) {
  st_target t;
  char why[512];
  if (sc == NULL || path == NULL || !st_resolve(sc, path, &t, why, sizeof why) || t.is_param ||
      t.is_event) {
    return 0;
  }
  pli_value_type ty = pli_schema_setting(t.set)->type;
  return ty == PLI_VALUE_PROTOCOL || ty == PLI_VALUE_WORD || ty == PLI_VALUE_AGENT;
}

int pl_scenario_path_integer(const pl_scenario *sc, const char *path) {
  st_target t;
  char why[512];
  if (sc == NULL || path == NULL || !st_resolve(sc, path, &t, why, sizeof why) || t.is_param) {
    return 0;
  }
  if (t.is_event) {
    return t.change == SIZE_MAX && pli_events_key_integer(t.ekey);
  }
  pli_value_type ty = pli_schema_setting(t.set)->type;
  return ty == PLI_VALUE_UINT || ty == PLI_VALUE_U64;
}

typedef struct {
  pl_diags *diags;
  const char *file;
  int line;
  const char *path, *value;
} st_report_ctx;

static void st_report(void *arg, pli_scn_where what, size_t index, const char *message) {
  st_report_ctx *c = arg;
  (void)what;
  (void)index;
  pl_diags_add(c->diags, c->file, c->line, "%s=%s: %s", c->path, c->value, message);
}

/* Sets the target in c; returns PL_OK or PL_ESCENARIO after reporting. */
static pl_status st_apply(pl_scenario *c, const st_target *t, const st_report_ctx *r) {
  const char *value = r->value;
#define ST_FAIL(...)                                                                               \
  do {                                                                                             \
    char msg_[512];                                                                                \
    snprintf(msg_, sizeof msg_, __VA_ARGS__);                                                      \
    pl_diags_add(r->diags, r->file, r->line, "%s=%s: %s", r->path, value, msg_);                   \
    return PL_ESCENARIO;                                                                           \
  } while (0)
  double v = 0.0;
  uint64_t u = 0;
  pl_number_result nr;
  if (t->is_event) {
    char why[300];
    int done = t->change != SIZE_MAX ? pli_events_change_set(c, t->change, value, why, sizeof why)
                                     : pli_events_set(c, t->event, t->ekey, value, why, sizeof why);
    if (!done) {
      ST_FAIL("%s", why);
    }
    return PL_OK;
  }
  if (t->is_param) {
    if ((nr = pl_number_parse_double(value, &v)) != PL_NUMBER_OK) {
      ST_FAIL("%s", pl_number_result_string(nr));
    }
    pli_domain d;
    double lo, hi;
    pli_scn_param_domain(c, t->k, &d, &lo, &hi);
    pli_param *p = &c->params[t->k];
    if (t->dparam != SIZE_MAX && p->dist.kind != PL_DIST_FIXED) {
      /* One parameter of the distribution; the rest of it stays. */
      pl_dist nd = p->dist;
      double *slot[3] = {&nd.a, &nd.b, &nd.c};
      *slot[t->dparam] = v;
      char why[300];
      if (!pli_schema_dist_check(&nd, d, lo, hi, why, sizeof why)) {
        ST_FAIL("%s", why);
      }
      p->dist = nd; /* the line stays: a distribution that now clamps is warned about there */
      return PL_OK;
    }
    if (!pli_schema_in_domain(d, v, lo, hi)) {
      char dom[96];
      pli_schema_domain_text(d, lo, hi, dom, sizeof dom);
      ST_FAIL("value outside %s", dom);
    }
    p->dist = (pl_dist){PL_DIST_FIXED, v, 0.0, 0.0};
    p->line = 0;
    return PL_OK;
  }
  const pli_setting_def *def = pli_schema_setting(t->set);
  char list[200];
  int k;
  size_t i;
  switch (def->type) {
  case PLI_VALUE_PROTOCOL:
    if ((k = pli_schema_word_find(PLI_WORDS_PROTOCOL, value)) < 0) {
      pli_schema_word_list(PLI_WORDS_PROTOCOL, 0, list, sizeof list);
      ST_FAIL("unknown protocol '%s' (expected %s)", value, list);
    }
    u = (uint64_t)k;
    break;
  case PLI_VALUE_WORD:
    if ((k = pli_schema_word_find((pli_words)def->words, value)) < 0) {
      pli_schema_word_list((pli_words)def->words, 1, list, sizeof list);
      ST_FAIL("unknown value '%s' (expected %s)", value, list);
    }
    u = (uint64_t)k;
    break;
  case PLI_VALUE_AGENT:
    if ((i = pli_scn_find_agent(c, value, strlen(value))) == SIZE_MAX) {
      ST_FAIL("unknown agent '%s'", value);
    }
    u = i;
    break;
  case PLI_VALUE_UINT:
  case PLI_VALUE_U64:
    if ((nr = pl_number_parse_u64(value, &u)) != PL_NUMBER_OK) {
      ST_FAIL("%s", nr == PL_NUMBER_SYNTAX  ? "not a non-negative integer"
                    : nr == PL_NUMBER_RANGE ? "integer does not fit in 64 bits"
                                            : pl_number_result_string(nr));
    }
    if (u < def->ulo || u > def->uhi) {
      ST_FAIL("value outside [%llu, %llu]", (unsigned long long)def->ulo,
              (unsigned long long)def->uhi);
    }
    break;
  case PLI_VALUE_PARAM: /* resolved as a parameter above */
  case PLI_VALUE_REAL:
    if ((nr = pl_number_parse_double(value, &v)) != PL_NUMBER_OK) {
      ST_FAIL("%s", pl_number_result_string(nr));
    }
    if (!(v >= def->lo && v <= def->hi)) {
      char dom[96];
      pli_schema_real_text(def->lo, def->hi, dom, sizeof dom);
      ST_FAIL("value outside %s", dom);
    }
    break;
  }
  pli_scn_setting_put(c, t->set, v, u);
  return PL_OK;
#undef ST_FAIL
}

pl_status pli_scn_try(const pl_scenario *sc, const char *path, const char *value, pl_diags *diags,
                      const char *file, int line, pl_scenario **out) {
  *out = NULL;
  st_target t;
  char why[512];
  if (!st_resolve(sc, path, &t, why, sizeof why)) {
    pl_diags_add(diags, file, line, "unknown parameter path '%s': %s", path, why);
    return PL_EPATH;
  }
  pl_scenario *c = NULL;
  pl_status st = pl_scenario_copy(sc, &c);
  if (st != PL_OK) {
    return st;
  }
  st_report_ctx r = {diags, file, line, path, value};
  st = st_apply(c, &t, &r);
  if (st == PL_OK) {
    st = pli_scn_reindex(c);
  }
  if (st == PL_OK && pli_scn_check_model(c, st_report, &r) > 0) {
    st = PL_ESCENARIO;
  }
  if (st == PL_OK) {
    st = pli_scn_rewarn(c, sc);
  }
  if (st != PL_OK) {
    pl_scenario_free(c);
    return st;
  }
  *out = c;
  return PL_OK;
}

pl_status pl_scenario_set(pl_scenario *sc, const char *assignment, pl_diags *diags) {
  if (sc == NULL || assignment == NULL) {
    return PL_EINVAL;
  }
  const char *eq = strchr(assignment, '=');
  if (eq == NULL || eq == assignment) {
    pl_diags_add(diags, "--set", 0, "'%s': expected PATH=VALUE (e.g. agents.ID.reservation=0.5)",
                 assignment);
    return PL_ESCENARIO;
  }
  size_t n = (size_t)(eq - assignment);
  char *path = malloc(n + 1);
  if (path == NULL) {
    return PL_ENOMEM;
  }
  memcpy(path, assignment, n);
  path[n] = '\0';
  pl_scenario *c = NULL;
  pl_status st = pli_scn_try(sc, path, eq + 1, diags, "--set", 0, &c);
  free(path);
  if (st != PL_OK) {
    return st;
  }
  pl_scenario tmp = *sc;
  *sc = *c;
  *c = tmp;
  pl_scenario_free(c);
  return PL_OK;
}
