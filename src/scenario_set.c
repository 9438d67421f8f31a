/*
 * scenario_set.c — parameter paths and overrides (`--set PATH=VALUE`, sweep points).
 *
 * An override is applied to a copy of the scenario, which is then validated as a whole (the value
 * against its domain, then the cross checks of pl_scn_check_model); the original is replaced only
 * when everything holds, so a failed override leaves the scenario unchanged.
 * Paths: agents.ID.{capability,reservation,flexibility,patience}, agents.ID.position.ISSUE,
 * agents.ID.salience.ISSUE, agents.MEDIATOR.leverage.PARTY, protocol.{kind,first,max_rounds,
 * breakdown,noise}, montecarlo.{trials,seed}.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parley/scenario.h"
#include "scenario_impl.h"
#include "scenario_internal.h"

typedef enum {
  PL_TARGET_PARAM,
  PL_TARGET_KIND,
  PL_TARGET_FIRST,
  PL_TARGET_MAX_ROUNDS,
  PL_TARGET_BREAKDOWN,
  PL_TARGET_NOISE,
  PL_TARGET_TRIALS,
  PL_TARGET_SEED
} pl_target;

static size_t st_find_agent(const pl_scenario *sc, const char *id, size_t n) {
  for (size_t i = 0; i < sc->n_agents; i++) {
    if (strlen(sc->agents[i].id) == n && strncmp(sc->agents[i].id, id, n) == 0) {
      return i;
    }
  }
  return SIZE_MAX;
}

static size_t st_find_issue(const pl_scenario *sc, const char *id, size_t n) {
  for (size_t j = 0; j < sc->n_issues; j++) {
    if (strlen(sc->issues[j].id) == n && strncmp(sc->issues[j].id, id, n) == 0) {
      return j;
    }
  }
  return SIZE_MAX;
}

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

/* Resolves path; on failure writes why into why (the message after the path) and returns 0. */
static int st_resolve(const pl_scenario *sc, const char *path, pl_target *t, size_t *k,
                      pl_scn_field *field, char *why, size_t n) {
  const char *part[5];
  size_t len[5];
  size_t np = st_split(path, part, len);
  *k = 0;
  *field = PL_FIELD_CAPABILITY;
  if (np >= 1 && st_is(part[0], len[0], "protocol")) {
    static const struct {
      const char *name;
      pl_target t;
    } words[] = {{"kind", PL_TARGET_KIND},
                 {"first", PL_TARGET_FIRST},
                 {"max_rounds", PL_TARGET_MAX_ROUNDS},
                 {"breakdown", PL_TARGET_BREAKDOWN},
                 {"noise", PL_TARGET_NOISE}};
    for (size_t w = 0; np == 2 && w < 5; w++) {
      if (st_is(part[1], len[1], words[w].name)) {
        *t = words[w].t;
        return 1;
      }
    }
    snprintf(why, n, "protocol has no setting '%.*s' (kind, first, max_rounds, breakdown, noise)",
             np >= 2 ? (int)(strlen(path) - len[0] - 1) : 0, np >= 2 ? part[1] : "");
    return 0;
  }
  if (np >= 1 && st_is(part[0], len[0], "montecarlo")) {
    if (np == 2 && st_is(part[1], len[1], "trials")) {
      *t = PL_TARGET_TRIALS;
      return 1;
    }
    if (np == 2 && st_is(part[1], len[1], "seed")) {
      *t = PL_TARGET_SEED;
      return 1;
    }
    snprintf(why, n, "montecarlo has no setting '%.*s' (trials, seed)",
             np >= 2 ? (int)(strlen(path) - len[0] - 1) : 0, np >= 2 ? part[1] : "");
    return 0;
  }
  if (np < 2 || !st_is(part[0], len[0], "agents")) {
    snprintf(why, n, "a path starts with agents.ID., protocol. or montecarlo.");
    return 0;
  }
  size_t i = st_find_agent(sc, part[1], len[1]);
  if (i == SIZE_MAX) {
    snprintf(why, n, "no agent '%.*s'", (int)len[1], part[1]);
    return 0;
  }
  const pl_agent *a = &sc->agents[i];
  *t = PL_TARGET_PARAM;
  static const struct {
    const char *name;
    pl_scn_field f;
  } scalars[] = {{"capability", PL_FIELD_CAPABILITY},
                 {"reservation", PL_FIELD_RESERVATION},
                 {"flexibility", PL_FIELD_FLEXIBILITY},
                 {"patience", PL_FIELD_PATIENCE}};
  for (size_t q = 0; np == 3 && q < 4; q++) {
    if (st_is(part[2], len[2], scalars[q].name)) {
      *field = scalars[q].f;
      *k = a->capability + q;
      return 1;
    }
  }
  int pos = np >= 3 && st_is(part[2], len[2], "position");
  int sal = np >= 3 && st_is(part[2], len[2], "salience");
  int lev = np >= 3 && st_is(part[2], len[2], "leverage");
  if ((pos || sal || lev) && np != 4) {
    snprintf(why, n, "%.*s needs one more part: agents.%s.%.*s.%s", (int)len[2], part[2], a->id,
             (int)len[2], part[2], lev ? "PARTY" : "ISSUE");
    return 0;
  }
  if (pos || sal) {
    size_t j = st_find_issue(sc, part[3], len[3]);
    if (j == SIZE_MAX) {
      snprintf(why, n, "no issue '%.*s'", (int)len[3], part[3]);
      return 0;
    }
    *field = pos ? PL_FIELD_POSITION : PL_FIELD_SALIENCE;
    *k = (pos ? a->position : a->salience) + j;
    return 1;
  }
  if (lev) {
    size_t p = st_find_agent(sc, part[3], len[3]);
    if (p == SIZE_MAX) {
      snprintf(why, n, "no agent '%.*s'", (int)len[3], part[3]);
      return 0;
    }
    if (a->role != PL_ROLE_MEDIATOR) {
      snprintf(why, n, "only mediators have leverage, and '%s' is a party", a->id);
      return 0;
    }
    if (sc->agents[p].role != PL_ROLE_PARTY) {
      snprintf(why, n, "leverage acts on parties, and '%s' is a mediator", sc->agents[p].id);
      return 0;
    }
    *field = PL_FIELD_LEVERAGE;
    *k = a->leverage + p;
    return 1;
  }
  snprintf(why, n,
           "agents have no field '%.*s' (capability, reservation, flexibility, patience, "
           "position.ISSUE, salience.ISSUE, leverage.PARTY)",
           np >= 3 ? (int)(strlen(path) - len[0] - len[1] - 2) : 0, np >= 3 ? part[2] : "");
  return 0;
}

int pl_scn_path_numeric(const pl_scenario *sc, const char *path) {
  pl_target t;
  size_t k;
  pl_scn_field f;
  char why[256];
  if (!st_resolve(sc, path, &t, &k, &f, why, sizeof why)) {
    return 0;
  }
  return t != PL_TARGET_KIND && t != PL_TARGET_FIRST;
}

/* A finite number written whole (surrounding blanks allowed). */
static int st_parse_double(const char *s, double *out) {
  char *end;
  errno = 0;
  double v = strtod(s, &end);
  if (end == s) {
    return 0;
  }
  while (isspace((unsigned char)*end)) {
    end++;
  }
  if (*end != '\0' || !isfinite(v)) {
    return 0;
  }
  *out = v;
  return 1;
}

/* An unsigned integer (decimal or 0x hex, optional L suffix). Returns 1 ok, 0 not an integer,
 * -1 does not fit in 64 bits. */
static int st_parse_u64(const char *s, uint64_t *out) {
  while (isspace((unsigned char)*s)) {
    s++;
  }
  if (!isdigit((unsigned char)*s)) {
    return 0; /* strtoull would accept a sign, and negate */
  }
  int base = (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) ? 16 : 10;
  char *end;
  errno = 0;
  unsigned long long v = strtoull(s, &end, base);
  int overflow = errno == ERANGE;
  if (*end == 'L') {
    end++;
  }
  while (isspace((unsigned char)*end)) {
    end++;
  }
  if (*end != '\0') {
    return 0;
  }
  if (overflow) {
    return -1;
  }
  *out = (uint64_t)v;
  return 1;
}

typedef struct {
  pl_diags *diags;
  const char *file;
  int line;
  const char *path, *value;
} st_report_ctx;

static void st_report(void *arg, pl_scn_where what, size_t index, const char *message) {
  st_report_ctx *c = arg;
  (void)what;
  (void)index;
  pl_diags_add(c->diags, c->file, c->line, "%s=%s: %s", c->path, c->value, message);
}

/* Sets the target in c; returns PL_OK or PL_ESCENARIO after reporting. */
static pl_status st_apply(pl_scenario *c, pl_target t, size_t k, pl_scn_field f,
                          const st_report_ctx *r) {
  const char *value = r->value;
  double v = 0.0;
  uint64_t u = 0;
#define ST_FAIL(...)                                                                               \
  do {                                                                                             \
    char msg_[512];                                                                                \
    snprintf(msg_, sizeof msg_, __VA_ARGS__);                                                      \
    pl_diags_add(r->diags, r->file, r->line, "%s=%s: %s", r->path, value, msg_);                   \
    return PL_ESCENARIO;                                                                           \
  } while (0)
  switch (t) {
  case PL_TARGET_KIND:
    if (strcmp(value, "mediated") == 0) {
      c->protocol = PL_PROTOCOL_MEDIATED;
    } else if (strcmp(value, "alternating") == 0) {
      c->protocol = PL_PROTOCOL_ALTERNATING;
    } else if (strcmp(value, "eum") == 0) {
      c->protocol = PL_PROTOCOL_EUM;
    } else {
      ST_FAIL("unknown protocol '%s' (expected mediated, alternating or eum)", value);
    }
    return PL_OK;
  case PL_TARGET_FIRST: {
    size_t i = st_find_agent(c, value, strlen(value));
    if (i == SIZE_MAX) {
      ST_FAIL("unknown agent '%s'", value);
    }
    c->first = i;
    return PL_OK;
  }
  case PL_TARGET_MAX_ROUNDS:
  case PL_TARGET_TRIALS:
  case PL_TARGET_SEED: {
    int ok = st_parse_u64(value, &u);
    if (ok == 0) {
      ST_FAIL("not a non-negative integer");
    }
    if (ok < 0) {
      ST_FAIL("integer does not fit in 64 bits");
    }
    if (t == PL_TARGET_MAX_ROUNDS) {
      if (u < 1 || u > PL_MAX_ROUNDS) {
        ST_FAIL("value outside [1, %u]", PL_MAX_ROUNDS);
      }
      c->max_rounds = (unsigned)u;
    } else if (t == PL_TARGET_TRIALS) {
      if (u < 1 || u > PL_MAX_TRIALS) {
        ST_FAIL("value outside [1, %llu]", (unsigned long long)PL_MAX_TRIALS);
      }
      c->trials = u;
    } else {
      c->seed = u;
    }
    return PL_OK;
  }
  case PL_TARGET_BREAKDOWN:
  case PL_TARGET_NOISE:
  case PL_TARGET_PARAM:
    break;
  }
  if (!st_parse_double(value, &v)) {
    ST_FAIL("not a number");
  }
  if (t == PL_TARGET_BREAKDOWN) {
    if (v < 0.0 || v > 1.0) {
      ST_FAIL("value outside [0, 1]");
    }
    c->breakdown = v;
    return PL_OK;
  }
  if (t == PL_TARGET_NOISE) {
    if (v < 0.0) {
      ST_FAIL("value outside [0, inf)");
    }
    c->noise = v;
    return PL_OK;
  }
  pl_param *p = &c->params[k];
  if (!pl_scn_in_domain(f, v, p->lo, p->hi)) {
    char dom[96];
    pl_scn_domain_text(f, p->lo, p->hi, dom, sizeof dom);
    ST_FAIL("value outside %s", dom);
  }
  p->dist = (pl_dist){PL_DIST_FIXED, v, 0.0, 0.0};
  p->line = 0;
  return PL_OK;
#undef ST_FAIL
}

pl_status pl_scn_try(const pl_scenario *sc, const char *path, const char *value, pl_diags *diags,
                     const char *file, int line, pl_scenario **out) {
  *out = NULL;
  pl_target t;
  size_t k;
  pl_scn_field f;
  char why[512];
  if (!st_resolve(sc, path, &t, &k, &f, why, sizeof why)) {
    pl_diags_add(diags, file, line, "unknown parameter path '%s': %s", path, why);
    return PL_EPATH;
  }
  pl_scenario *c = NULL;
  pl_status st = pl_scenario_copy(sc, &c);
  if (st != PL_OK) {
    return st;
  }
  st_report_ctx r = {diags, file, line, path, value};
  st = st_apply(c, t, k, f, &r);
  if (st == PL_OK) {
    st = pl_scn_reindex(c);
  }
  if (st == PL_OK && pl_scn_check_model(c, st_report, &r) > 0) {
    st = PL_ESCENARIO;
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
  pl_status st = pl_scn_try(sc, path, eq + 1, diags, "--set", 0, &c);
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
