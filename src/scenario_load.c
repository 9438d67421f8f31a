/*
 * scenario_load.c — loads a scenario file (libconfig 1.5) into the model of scenario_impl.h and
 * validates it.
 *
 * The loader walks the libconfig tree once, driven by the tables of schema.h (which keys a group
 * allows, every agent field with its shape, domain, default and roles, every setting with its type
 * and bounds), filling the model and recording every problem it finds (it does not stop at the
 * first), each with the file and line of the offending setting; then the cross checks of
 * pli_scn_check_model run on the model, and, if all is well, each value of the `sweep` section is
 * tried on a copy. The libconfig objects are destroyed before returning. What libconfig 1.5 gets
 * wrong (NUL bytes, @include targets, wrapped integers) is checked through cfgguard.h.
 */
#include <float.h>
#include <libconfig.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfgbase.h"
#include "cfgguard.h"
#include "cfgread.h"
#include "events.h"
#include "parley/number.h"
#include "parley/scenario.h"
#include "scenario_impl.h"
#include "scenario_internal.h"
#include "scenario_sweep.h"

/* Generated at build time from scenarios/gaza-2024-08.cfg (cmake/embed.cmake). */
extern const char pli_reference_scenario[];
extern const unsigned long pli_reference_scenario_len;

/* The name and the ids become parts of file names (results/NAME-YYYYmmdd-HHMMSS/, the plots'
 * agreement_point-ISSUE.png), which most file systems cap at 255 bytes. */
#define PLI_MAX_ID_LEN 100

/* ------------------------------------------------------------------------------------------ */
/* The loader's context                                                                        */

typedef struct {
  pli_cfg_reader rd; /* diagnostics, error count, source lines */
  pl_scenario *sc;
  const config_setting_t **issue_set; /* [n_issues] */
  const config_setting_t **agent_set; /* [n_agents] */
  const config_setting_t *agents_list, *kind_set, *first_set, *protocol_set;
  int bad_roles;            /* some role could not be read: skip the party-count checks */
  int first_given;          /* protocol.first was read (else: the first party) */
  const config_t *cfg;      /* the tree, for the warnings' settings */
  unsigned char *issue_dup; /* [n_issues] bit 1: a duplicate id, bit 2: a bad range (both reported
                               already; later checks skip what would only repeat them) */
} ld_ctx;

/* Reads parameter k of the model (field f, issue j for a RANGE domain) from s. A salience that
 * could not be read counts as 1, so that one error does not cascade into "zero salience". */
static void ld_param(ld_ctx *ctx, const config_setting_t *s, const char *what, pli_field f,
                     size_t j, size_t k) {
  const pli_field_def *def = pli_schema_field(f);
  double lo = 0.0, hi = 1.0;
  if (def->domain == PLI_DOMAIN_RANGE) {
    lo = ctx->sc->issues[j].min;
    hi = ctx->sc->issues[j].max;
    if (ctx->issue_dup[j] & 2) { /* a wrong range, reported already: judge nothing against it */
      lo = -DBL_MAX;
      hi = DBL_MAX;
    }
  }
  size_t before = ctx->rd.errors;
  pli_cfg_param(&ctx->rd, s, what, def->domain, lo, hi, &ctx->sc->params[k]);
  if (ctx->rd.errors != before && f == PLI_FIELD_SALIENCE) {
    ctx->sc->params[k].dist = (pl_dist){PL_DIST_FIXED, 1.0, 0.0, 0.0};
  }
}

/* ------------------------------------------------------------------------------------------ */
/* Sections                                                                                    */

static int ld_set_string(ld_ctx *ctx, char **dst, const char *src) {
  char *c = pli_scn_strdup(src);
  if (c == NULL) {
    ctx->rd.nomem = 1;
    return 0;
  }
  free(*dst);
  *dst = c;
  return 1;
}

/* 1 when s is a date YYYY-MM-DD (month 01-12, day 01-31). */
static int ld_is_date(const char *s) {
  if (strlen(s) != 10 || s[4] != '-' || s[7] != '-') {
    return 0;
  }
  for (int i = 0; i < 10; i++) {
    if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9')) {
      return 0;
    }
  }
  int month = (s[5] - '0') * 10 + (s[6] - '0'), day = (s[8] - '0') * 10 + (s[9] - '0');
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

/* The record of what happened (PL_RECORD_MAP, docs/backtest.md): strings, "" when absent; an
 * outcome is one of PL_OUTCOME_RECORD_MAP's words and comes with its date and source. Returns 0
 * only when out of memory. */
static int ld_record(ld_ctx *ctx, const config_setting_t *root) {
  pl_scenario *sc = ctx->sc;
  const config_setting_t *at[PL_RECORD_COUNT] = {NULL};
  for (size_t k = 0; k < PL_RECORD_COUNT; k++) {
    const char *key = pl_record_key_name((pl_record_key)k), *v = NULL;
    if ((at[k] = config_setting_get_member(root, key)) != NULL) {
      v = pli_cfg_string(&ctx->rd, at[k], key);
    }
    if (!ld_set_string(ctx, &sc->record[k], v != NULL ? v : "")) {
      return 0;
    }
  }
  const char *outcome = sc->record[PL_RECORD_OUTCOME];
  static const char *const words[] = {
#define LD_OUTCOME_WORD(E, word) #word,
      PL_OUTCOME_RECORD_MAP(LD_OUTCOME_WORD)
#undef LD_OUTCOME_WORD
  };
  int known = 0;
  for (size_t w = 0; w < sizeof words / sizeof *words; w++) {
    known |= strcmp(outcome, words[w]) == 0;
  }
  if (at[PL_RECORD_OUTCOME] != NULL && outcome[0] != '\0' && !known) {
    pli_cfg_error(&ctx->rd, at[PL_RECORD_OUTCOME],
                  "outcome '%s': expected \"agreement\" or \"no_agreement\"", outcome);
  }
  const char *date = sc->record[PL_RECORD_OUTCOME_DATE];
  if (at[PL_RECORD_OUTCOME_DATE] != NULL && date[0] != '\0' && !ld_is_date(date)) {
    pli_cfg_error(&ctx->rd, at[PL_RECORD_OUTCOME_DATE],
                  "outcome_date '%s': expected a date YYYY-MM-DD", date);
  }
  if (outcome[0] != '\0') {
    for (size_t k = PL_RECORD_OUTCOME_DATE; k <= PL_RECORD_OUTCOME_SOURCE; k++) {
      if (sc->record[k][0] == '\0') {
        pli_cfg_error(&ctx->rd, at[PL_RECORD_OUTCOME],
                      "outcome without '%s': say when and where the outcome is recorded",
                      pl_record_key_name((pl_record_key)k));
      }
    }
  } else if (date[0] != '\0' || sc->record[PL_RECORD_OUTCOME_SOURCE][0] != '\0') {
    size_t k = date[0] != '\0' ? PL_RECORD_OUTCOME_DATE : PL_RECORD_OUTCOME_SOURCE;
    pli_cfg_error(&ctx->rd, at[k], "%s without 'outcome'", pl_record_key_name((pl_record_key)k));
  }
  return 1;
}

static void ld_issues(ld_ctx *ctx, const config_setting_t *root) {
  pl_scenario *sc = ctx->sc;
  const config_setting_t *list = config_setting_get_member(root, "issues");
  if (list == NULL) {
    pli_cfg_error(&ctx->rd, root, "missing 'issues' (a list of issue groups)");
    return;
  }
  if (config_setting_type(list) != CONFIG_TYPE_LIST) {
    pli_cfg_error(&ctx->rd, list, "issues: expected a list ( {...}, ... ), found %s",
                  pli_cfg_type_name(list));
    return;
  }
  size_t n = (size_t)config_setting_length(list);
  if (n == 0) {
    pli_cfg_error(&ctx->rd, list, "issues: a scenario needs at least one issue");
    return;
  }
  sc->issues = calloc(n, sizeof *sc->issues);
  ctx->issue_set = calloc(n, sizeof *ctx->issue_set);
  ctx->issue_dup = calloc(n, 1);
  if (sc->issues == NULL || ctx->issue_set == NULL || ctx->issue_dup == NULL) {
    ctx->rd.nomem = 1;
    return;
  }
  sc->n_issues = n;
  for (size_t j = 0; j < n; j++) {
    const config_setting_t *g = config_setting_get_elem(list, (unsigned)j);
    pli_issue *is = &sc->issues[j];
    ctx->issue_set[j] = g;
    is->line = pli_cfg_line(g);
    is->min = 0.0;
    is->max = 1.0;
    if (!ld_set_string(ctx, &is->id, "") || !ld_set_string(ctx, &is->unit, "")) {
      return;
    }
    char what[300];
    snprintf(what, sizeof what, "issue %zu", j + 1);
    if (config_setting_type(g) != CONFIG_TYPE_GROUP) {
      pli_cfg_error(&ctx->rd, g, "%s: expected a group { id = ...; ... }, found %s", what,
                    pli_cfg_type_name(g));
      continue;
    }
    const config_setting_t *s = config_setting_get_member(g, "id");
    const char *id = s != NULL ? pli_cfg_string(&ctx->rd, s, "issue id") : NULL;
    if (s == NULL) {
      pli_cfg_error(&ctx->rd, g, "%s: missing 'id'", what);
    } else if (id != NULL && !pli_cfg_is_identifier(id, 0)) {
      pli_cfg_error(
          &ctx->rd, s,
          "issue id '%s' is not an identifier (a letter, then letters, digits, '_' and '-')", id);
    } else if (id != NULL && strlen(id) > PLI_MAX_ID_LEN) {
      pli_cfg_error(&ctx->rd, s, "issue id: longer than %d characters (%zu)", PLI_MAX_ID_LEN,
                    strlen(id));
    } else if (id != NULL) {
      size_t prev = pli_scn_find_issue(sc, id, strlen(id));
      if (prev != SIZE_MAX) {
        pli_cfg_error(&ctx->rd, s, "duplicate issue id '%s' (first defined at line %d)", id,
                      sc->issues[prev].line);
        ctx->issue_dup[j] |= 1;
      }
      if (!ld_set_string(ctx, &is->id, id)) {
        return;
      }
      snprintf(what, sizeof what, "issues.%s", id);
    }
    pli_cfg_check_keys(&ctx->rd, g, what, PLI_GROUP_ISSUE);
    char sub[340];
    const char *label = is->id;
    if ((s = config_setting_get_member(g, "label")) != NULL) {
      snprintf(sub, sizeof sub, "%s.label", what);
      const char *l = pli_cfg_string(&ctx->rd, s, sub);
      label = l != NULL ? l : label;
    }
    if (!ld_set_string(ctx, &is->label, label)) {
      return;
    }
    if ((s = config_setting_get_member(g, "unit")) != NULL) {
      snprintf(sub, sizeof sub, "%s.unit", what);
      const char *u = pli_cfg_string(&ctx->rd, s, sub);
      if (u != NULL && !ld_set_string(ctx, &is->unit, u)) {
        return;
      }
    }
    int have = 1;
    const config_setting_t *smin = config_setting_get_member(g, "min");
    const config_setting_t *smax = config_setting_get_member(g, "max");
    snprintf(sub, sizeof sub, "%s.min", what);
    if (smin == NULL) {
      pli_cfg_error(&ctx->rd, g, "%s: missing 'min'", what);
      have = 0;
    } else {
      have &= pli_cfg_number(&ctx->rd, smin, sub, &is->min);
    }
    snprintf(sub, sizeof sub, "%s.max", what);
    if (smax == NULL) {
      pli_cfg_error(&ctx->rd, g, "%s: missing 'max'", what);
      have = 0;
    } else {
      have &= pli_cfg_number(&ctx->rd, smax, sub, &is->max);
    }
    int ok = have && is->min < is->max;
    if (have && !ok) {
      pli_cfg_error(&ctx->rd, smax, "%s: min (%.15g) must be less than max (%.15g)", what, is->min,
                    is->max);
    } else if (have && !(isfinite(is->max - is->min) && isfinite(1.0 / (is->max - is->min)))) {
      /* Utilities divide by the width (docs/model.md): it and its inverse must be finite. */
      pli_cfg_error(&ctx->rd, smax,
                    "%s: the range [%.15g, %.15g] is %s for doubles (max - min must lie between "
                    "about 5.6e-309 and 1.8e308)",
                    what, is->min, is->max,
                    isfinite(is->max - is->min) ? "too narrow" : "too wide");
      ok = 0;
    }
    if (!ok) {
      is->min = 0.0; /* keep the model usable for the checks that follow, */
      is->max = 1.0;
      ctx->issue_dup[j] |= 2; /* without judging positions against a range that is wrong */
    }
  }
}

/* First pass over the agents: ids and roles (needed before leverage and protocol.first). */
static void ld_agents_ids(ld_ctx *ctx, const config_setting_t *root) {
  pl_scenario *sc = ctx->sc;
  const config_setting_t *list = config_setting_get_member(root, "agents");
  ctx->agents_list = list != NULL ? list : root;
  if (list == NULL) {
    pli_cfg_error(&ctx->rd, root, "missing 'agents' (a list of agent groups)");
    ctx->bad_roles = 1;
    return;
  }
  if (config_setting_type(list) != CONFIG_TYPE_LIST) {
    pli_cfg_error(&ctx->rd, list, "agents: expected a list ( {...}, ... ), found %s",
                  pli_cfg_type_name(list));
    ctx->bad_roles = 1;
    return;
  }
  size_t n = (size_t)config_setting_length(list);
  if (n == 0) {
    return;
  }
  sc->agents = calloc(n, sizeof *sc->agents);
  ctx->agent_set = calloc(n, sizeof *ctx->agent_set);
  if (sc->agents == NULL || ctx->agent_set == NULL) {
    ctx->rd.nomem = 1;
    return;
  }
  sc->n_agents = n;
  for (size_t i = 0; i < n; i++) {
    const config_setting_t *g = config_setting_get_elem(list, (unsigned)i);
    pli_agent *a = &sc->agents[i];
    ctx->agent_set[i] = g;
    a->line = pli_cfg_line(g);
    a->role = PL_ROLE_MEDIATOR;
    if (!ld_set_string(ctx, &a->id, "")) {
      return;
    }
    if (config_setting_type(g) != CONFIG_TYPE_GROUP) {
      pli_cfg_error(&ctx->rd, g, "agent %zu: expected a group { id = ...; ... }, found %s", i + 1,
                    pli_cfg_type_name(g));
      ctx->bad_roles = 1;
      continue;
    }
    const config_setting_t *s = config_setting_get_member(g, "id");
    const char *id = s != NULL ? pli_cfg_string(&ctx->rd, s, "agent id") : NULL;
    if (s == NULL) {
      pli_cfg_error(&ctx->rd, g, "agent %zu: missing 'id'", i + 1);
    } else if (id != NULL && !pli_cfg_is_identifier(id, 0)) {
      pli_cfg_error(
          &ctx->rd, s,
          "agent id '%s' is not an identifier (a letter, then letters, digits, '_' and '-')", id);
    } else if (id != NULL && strlen(id) > PLI_MAX_ID_LEN) {
      pli_cfg_error(&ctx->rd, s, "agent id: longer than %d characters (%zu)", PLI_MAX_ID_LEN,
                    strlen(id));
    } else if (id != NULL) {
      size_t prev = pli_scn_find_agent(sc, id, strlen(id));
      if (prev != SIZE_MAX) {
        pli_cfg_error(&ctx->rd, s, "duplicate agent id '%s' (first defined at line %d)", id,
                      sc->agents[prev].line);
      }
      if (!ld_set_string(ctx, &a->id, id)) {
        return;
      }
    }
    s = config_setting_get_member(g, "role");
    const char *role = s != NULL ? pli_cfg_string(&ctx->rd, s, "role") : NULL;
    char roles[64];
    pli_schema_word_list(PLI_WORDS_ROLE, 1, roles, sizeof roles);
    int r = pli_schema_word_find(PLI_WORDS_ROLE, role);
    if (s == NULL) {
      pli_cfg_error(&ctx->rd, g, "agent '%s': missing 'role' (%s)", a->id, roles);
      ctx->bad_roles = 1;
    } else if (role == NULL) {
      ctx->bad_roles = 1;
    } else if (r < 0) {
      pli_cfg_error(&ctx->rd, s, "agent '%s': unknown role '%s' (expected %s)", a->id, role, roles);
      ctx->bad_roles = 1;
    } else {
      a->role = (pl_role)r;
    }
  }
}

/* An issue or agent field: FIELD = { ISSUE = x; ... } or { AGENT = x; ... }; marks given[j] for
 * each entry read. */
static void ld_field_map(ld_ctx *ctx, const config_setting_t *s, size_t i, pli_field f,
                         unsigned char *given) {
  pl_scenario *sc = ctx->sc;
  const pli_agent *a = &sc->agents[i];
  const pli_field_def *def = pli_schema_field(f);
  int per_issue = def->shape == PLI_SHAPE_ISSUE;
  if (config_setting_type(s) != CONFIG_TYPE_GROUP) {
    pli_cfg_error(&ctx->rd, s, "agents.%s.%s: expected a group { %s = number; ... }, found %s",
                  a->id, def->key, per_issue ? "ISSUE" : "PARTY", pli_cfg_type_name(s));
    return;
  }
  int n = config_setting_length(s);
  for (int e = 0; e < n; e++) {
    const config_setting_t *m = config_setting_get_elem(s, (unsigned)e);
    const char *key = config_setting_name(m);
    size_t j = per_issue ? pli_scn_find_issue(sc, key, strlen(key))
                         : pli_scn_find_agent(sc, key, strlen(key));
    if (j == SIZE_MAX) {
      pli_cfg_error(&ctx->rd, m, "agents.%s.%s: unknown %s '%s'", a->id, def->key,
                    per_issue ? "issue" : "agent", key);
      continue;
    }
    if (!per_issue && sc->agents[j].role != PL_ROLE_PARTY) {
      pli_cfg_error(&ctx->rd, m, "agents.%s.%s: '%s' is not a party (%s acts on parties)", a->id,
                    def->key, key, def->key);
      continue;
    }
    char what[300];
    snprintf(what, sizeof what, "agents.%s.%s.%s", a->id, def->key, key);
    size_t slot = per_issue ? j : pli_scn_party_rank(sc, j); /* leverage: the k-th party */
    ld_param(ctx, m, what, f, j, pli_scn_agent_field(a, f) + slot);
    if (given != NULL) {
      given[j] = 1;
    }
  }
}

/* The flags one field needs to mark which entries were given: one per issue or per agent. */
static size_t ld_given_row(const pl_scenario *sc) {
  return (sc->n_issues > sc->n_agents ? sc->n_issues : sc->n_agents) + 1;
}

/* Agent i's fields, table-driven: every row of PLI_AGENT_FIELD_MAP in turn. given has room for
 * PLI_FIELD_COUNT rows of ld_given_row(sc) flags. */
static void ld_agent(ld_ctx *ctx, size_t i, unsigned char *given) {
  pl_scenario *sc = ctx->sc;
  pli_agent *a = &sc->agents[i];
  const config_setting_t *g = ctx->agent_set[i];
  if (config_setting_type(g) != CONFIG_TYPE_GROUP) {
    return;
  }
  char where[300];
  snprintf(where, sizeof where, "agents.%s", a->id);
  pli_cfg_check_keys(&ctx->rd, g, where, PLI_GROUP_AGENT);
  const config_setting_t *s;
  const char *label = a->id;
  if ((s = config_setting_get_member(g, "label")) != NULL) {
    char sub[340];
    snprintf(sub, sizeof sub, "%s.label", where);
    const char *l = pli_cfg_string(&ctx->rd, s, sub);
    label = l != NULL ? l : label;
  }
  if (!ld_set_string(ctx, &a->label, label)) {
    return;
  }
  a->utility = PL_UTILITY_LINEAR;
  if ((s = config_setting_get_member(g, "utility")) != NULL) {
    const char *u = pli_cfg_string(&ctx->rd, s, "utility");
    int k = pli_schema_word_find(PLI_WORDS_UTILITY, u);
    if (k >= 0) {
      a->utility = (pl_utility_kind)k;
    } else if (u != NULL) {
      char list[96];
      pli_schema_word_list(PLI_WORDS_UTILITY, 0, list, sizeof list);
      pli_cfg_error(&ctx->rd, s, "agents.%s.utility: unknown utility '%s' (expected %s)", a->id, u,
                    list);
    }
  }
  unsigned role = 1u << a->role;
  size_t row = ld_given_row(sc);
  for (unsigned fi = 0; fi < PLI_FIELD_COUNT; fi++) {
    pli_field f = (pli_field)fi;
    const pli_field_def *def = pli_schema_field(f);
    s = config_setting_get_member(g, def->key);
    char what[340];
    snprintf(what, sizeof what, "agents.%s.%s", a->id, def->key);
    if (s != NULL && !(def->allowed & role)) {
      pli_cfg_error(
          &ctx->rd, s, "%s: only %s have %s", what,
          pli_schema_role_plural(def->allowed & PLI_ROLES_PARTY ? PL_ROLE_PARTY : PL_ROLE_MEDIATOR),
          def->key);
    } else if (s != NULL && def->shape == PLI_SHAPE_SCALAR) {
      ld_param(ctx, s, what, f, 0, pli_scn_agent_field(a, f));
    } else if (s != NULL) {
      ld_field_map(ctx, s, i, f, given + fi * row);
    } else if ((def->required & role) && def->shape == PLI_SHAPE_SCALAR) {
      pli_cfg_error(&ctx->rd, g, "agents.%s: missing '%s' (%s)", a->id, def->key, def->help);
    }
  }
  /* Issue fields required for this role: one on every issue. A mediator's position defaults to
   * the midpoint, which is meaningful only where its salience is 0. */
  const unsigned char *pos_given = given + PLI_FIELD_POSITION * row;
  const unsigned char *sal_given = given + PLI_FIELD_SALIENCE * row;
  for (unsigned fi = 0; fi < PLI_FIELD_COUNT; fi++) {
    const pli_field_def *def = pli_schema_field((pli_field)fi);
    const config_setting_t *fs = config_setting_get_member(g, def->key);
    if (def->shape != PLI_SHAPE_ISSUE ||
        (fs != NULL && config_setting_type(fs) != CONFIG_TYPE_GROUP)) {
      continue;
    }
    for (size_t j = 0; j < sc->n_issues; j++) {
      if (given[fi * row + j] || sc->issues[j].id[0] == '\0' || (ctx->issue_dup[j] & 1)) {
        continue;
      }
      if (def->required & role) {
        pli_cfg_error(&ctx->rd, fs != NULL ? fs : g,
                      "agents.%s: no %s on issue '%s' (a %s needs one on every issue)", a->id,
                      def->key, sc->issues[j].id, pli_schema_word(PLI_WORDS_ROLE, a->role));
      } else if (fi == PLI_FIELD_POSITION && !pos_given[j] && sal_given[j] &&
                 pli_scn_maybe_positive(&sc->params[a->salience + j])) {
        pli_cfg_error(&ctx->rd, fs != NULL ? fs : g,
                      "agents.%s: salience on issue '%s' but no position (a mediator's position "
                      "defaults to the midpoint only where its salience is 0)",
                      a->id, sc->issues[j].id);
      }
    }
  }
}

static void ld_agents(ld_ctx *ctx) {
  pl_scenario *sc = ctx->sc;
  if (pli_scn_layout(sc) != PL_OK) {
    ctx->rd.nomem = 1;
    return;
  }
  /* Positions on an issue whose range is wrong are not judged against it (reported already). */
  for (size_t i = 0; i < sc->n_agents; i++) {
    for (size_t j = 0; j < sc->n_issues; j++) {
      if (ctx->issue_dup[j] & 2) {
        sc->params[sc->agents[i].position + j].lo = -DBL_MAX;
        sc->params[sc->agents[i].position + j].hi = DBL_MAX;
      }
    }
  }
  size_t size = PLI_FIELD_COUNT * ld_given_row(sc);
  unsigned char *given = calloc(size, 1);
  if (given == NULL) {
    ctx->rd.nomem = 1;
    return;
  }
  for (size_t i = 0; i < sc->n_agents && !ctx->rd.nomem; i++) {
    memset(given, 0, size);
    ld_agent(ctx, i, given);
  }
  free(given);
}

/* The settings of section group g (protocol or montecarlo), table-driven: every row of
 * PLI_SETTING_MAP in that section. */
static void ld_settings(ld_ctx *ctx, const config_setting_t *root, pli_group grp) {
  pl_scenario *sc = ctx->sc;
  const char *section = pli_schema_group_name(grp);
  const config_setting_t *g = config_setting_get_member(root, section);
  if (grp == PLI_GROUP_PROTOCOL) {
    ctx->protocol_set = g;
  }
  if (g == NULL) {
    return;
  }
  if (grp == PLI_GROUP_PROTOCOL) {
    sc->protocol_line = pli_cfg_line(g);
  } else {
    sc->montecarlo_line = pli_cfg_line(g);
  }
  if (config_setting_type(g) != CONFIG_TYPE_GROUP) {
    pli_cfg_error(&ctx->rd, g, "%s: expected a group { KEY = VALUE; ... }, found %s", section,
                  pli_cfg_type_name(g));
    return;
  }
  pli_cfg_check_keys(&ctx->rd, g, section, grp);
  for (unsigned si = 0; si < PLI_SETTING_COUNT; si++) {
    const pli_setting_def *def = pli_schema_setting((pli_setting)si);
    const config_setting_t *s;
    if (strcmp(def->section, section) != 0 ||
        (s = config_setting_get_member(g, def->key)) == NULL) {
      continue;
    }
    char what[200];
    snprintf(what, sizeof what, "%s.%s", section, def->key);
    sc->setting_line[si] = pli_cfg_line(s);
    double v = 0.0;
    uint64_t u = 0;
    const char *word = NULL;
    switch (def->type) {
    case PLI_VALUE_REAL:
      if (!pli_cfg_number(&ctx->rd, s, what, &v)) {
        break;
      }
      if (!(v >= def->lo && v <= def->hi)) {
        char dom[96];
        pli_schema_real_text(def->lo, def->hi, dom, sizeof dom);
        pli_cfg_error(&ctx->rd, s, "%s: value %.15g outside %s", what, v, dom);
        break;
      }
      pli_scn_setting_put(sc, (pli_setting)si, v, 0);
      break;
    case PLI_VALUE_PARAM: { /* a number or a distribution, in the slot the layout gave it */
      pli_scn_setting_get(sc, (pli_setting)si, &v, &u);
      pli_cfg_param(&ctx->rd, s, what, def->domain, def->lo, def->hi, &sc->params[u]);
      break;
    }
    case PLI_VALUE_UINT:
    case PLI_VALUE_U64:
      if (pli_cfg_integer(&ctx->rd, s, what, def->ulo, def->uhi, def->uhi == UINT64_MAX, &u)) {
        pli_scn_setting_put(sc, (pli_setting)si, 0.0, u);
      }
      break;
    case PLI_VALUE_PROTOCOL:
      ctx->kind_set = s;
      if ((word = pli_cfg_string(&ctx->rd, s, what)) != NULL) {
        int k = pli_schema_word_find(PLI_WORDS_PROTOCOL, word);
        char list[200];
        pli_schema_word_list(PLI_WORDS_PROTOCOL, 0, list, sizeof list);
        if (k < 0) {
          pli_cfg_error(&ctx->rd, s, "%s: unknown protocol '%s' (expected %s)", what, word, list);
        } else {
          pli_scn_setting_put(sc, (pli_setting)si, 0.0, (uint64_t)k);
        }
      }
      break;
    case PLI_VALUE_WORD:
      if ((word = pli_cfg_string(&ctx->rd, s, what)) != NULL) {
        int k = pli_schema_word_find((pli_words)def->words, word);
        char list[200];
        pli_schema_word_list((pli_words)def->words, 1, list, sizeof list);
        if (k < 0) {
          pli_cfg_error(&ctx->rd, s, "%s: unknown value '%s' (expected %s)", what, word, list);
        } else {
          pli_scn_setting_put(sc, (pli_setting)si, 0.0, (uint64_t)k);
        }
      }
      break;
    case PLI_VALUE_AGENT:
      ctx->first_set = s;
      if ((word = pli_cfg_string(&ctx->rd, s, what)) != NULL) {
        size_t i = pli_scn_find_agent(sc, word, strlen(word));
        if (i == SIZE_MAX) {
          pli_cfg_error(&ctx->rd, s, "%s: unknown agent '%s'", what, word);
        } else {
          pli_scn_setting_put(sc, (pli_setting)si, 0.0, i);
          ctx->first_given = 1;
        }
      }
      break;
    }
  }
}

/* The reporter of pli_scn_check_model at load time: the settings the problem concerns. */
static void ld_report(void *arg, pli_scn_where what, size_t index, const char *message) {
  ld_ctx *ctx = arg;
  const config_setting_t *s = NULL;
  switch (what) {
  case PLI_SCN_AT_AGENTS:
    if (ctx->bad_roles) {
      return;
    }
    s = ctx->agents_list;
    break;
  case PLI_SCN_AT_AGENT: /* an agent without a readable id was reported already */
    if (ctx->sc->agents[index].id[0] == '\0' || ctx->sc->n_issues == 0) {
      return;
    }
    s = ctx->agent_set[index];
    break;
  case PLI_SCN_AT_ISSUE:
    if (ctx->sc->issues[index].id[0] == '\0' || (ctx->issue_dup[index] & 1)) {
      return;
    }
    s = ctx->issue_set[index];
    break;
  case PLI_SCN_AT_PROTOCOL_KIND:
    if (ctx->bad_roles) {
      return;
    }
    s = ctx->kind_set != NULL ? ctx->kind_set : ctx->protocol_set;
    break;
  case PLI_SCN_AT_FIRST:
    pli_cfg_error(&ctx->rd, ctx->first_set, "protocol.first: %s", message);
    return;
  }
  pli_cfg_error(&ctx->rd, s, "%s", message);
}

/* The reporter of pli_scn_check_warnings at load time: the setting the warning concerns, so that
 * it names the file (an included one too) and the line. */
static void ld_warn(void *arg, pli_scn_warn_where what, size_t index, int line,
                    const char *message) {
  ld_ctx *ctx = arg;
  const pl_scenario *sc = ctx->sc;
  const config_setting_t *s = NULL;
  (void)line;
  if (what == PLI_SCN_WARN_PARAM) {
    size_t i, j;
    pli_field f;
    pli_scn_param_locate(sc, index, &i, &f, &j);
    if (f == PLI_FIELD_COUNT) { /* a protocol number: warn at its setting */
      what = PLI_SCN_WARN_SETTING;
      index = j;
    }
  }
  if (what == PLI_SCN_WARN_PARAM) {
    size_t i, j;
    pli_field f;
    pli_scn_param_locate(sc, index, &i, &f, &j);
    const pli_field_def *def = pli_schema_field(f);
    s = config_setting_get_member(ctx->agent_set[i], def->key);
    if (s != NULL && def->shape != PLI_SHAPE_SCALAR) {
      s = config_setting_get_member(s, def->shape == PLI_SHAPE_ISSUE ? sc->issues[j].id
                                                                     : sc->agents[j].id);
    }
  } else if (what == PLI_SCN_WARN_AGENT) {
    s = ctx->agent_set[index];
  } else {
    const pli_setting_def *def = pli_schema_setting((pli_setting)index);
    s = config_setting_get_member(config_root_setting(ctx->cfg), def->section);
    s = s != NULL ? config_setting_get_member(s, def->key) : NULL;
  }
  /* The same reader as errors (file names, include folder), but counting apart. */
  pli_cfg_reader w = ctx->rd;
  w.diags = sc->warnings;
  w.errors = 0;
  pli_cfg_error(&w, s, "%s", message);
  ctx->rd.nomem |= w.nomem;
}

/* The reporter of pli_guard_check_includes. */
static void ld_report_include(void *arg, const char *file, int line, const char *message) {
  ld_ctx *ctx = arg;
  if (pl_diags_add(ctx->rd.diags, file, line, "%s", message) != PL_OK) {
    ctx->rd.nomem = 1;
  }
}

/* ------------------------------------------------------------------------------------------ */
/* Public API                                                                                  */

static void ld_root(ld_ctx *ctx, const config_setting_t *root) {
  pl_scenario *sc = ctx->sc;
  pli_cfg_check_keys(&ctx->rd, root, "", PLI_GROUP_TOP);
  const config_setting_t *s = config_setting_get_member(root, "name");
  const char *name = s != NULL ? pli_cfg_string(&ctx->rd, s, "name") : NULL;
  if (s == NULL) {
    pli_cfg_error(&ctx->rd, root, "missing 'name' (an identifier, used for the results folder)");
  } else if (name != NULL && !pli_cfg_is_identifier(name, 1)) {
    pli_cfg_error(
        &ctx->rd, s,
        "name '%s' is not an identifier (letters, digits, '.', '_' and '-', not starting with "
        "'.')",
        name);
  } else if (name != NULL && strlen(name) > PLI_MAX_ID_LEN) {
    pli_cfg_error(&ctx->rd, s, "name: longer than %d characters (%zu); it names the results folder",
                  PLI_MAX_ID_LEN, strlen(name));
  }
  if (!ld_set_string(ctx, &sc->name, name != NULL ? name : "")) {
    return;
  }
  const char *title = "";
  if ((s = config_setting_get_member(root, "title")) != NULL) {
    const char *t = pli_cfg_string(&ctx->rd, s, "title");
    title = t != NULL ? t : title;
  }
  if (!ld_set_string(ctx, &sc->title, title)) {
    return;
  }
  if (!ld_record(ctx, root)) {
    return;
  }
  pli_scn_settings_default(sc);
  ld_issues(ctx, root);
  if (ctx->rd.nomem) {
    return;
  }
  ld_agents_ids(ctx, root);
  if (ctx->rd.nomem) {
    return;
  }
  ld_agents(ctx);
  if (ctx->rd.nomem) {
    return;
  }
  ld_settings(ctx, root, PLI_GROUP_PROTOCOL);
  ld_settings(ctx, root, PLI_GROUP_MONTECARLO);
  pli_scn_load_sweep(&ctx->rd, root, sc);
  if (ctx->rd.nomem || pli_scn_reindex(sc) != PL_OK) {
    ctx->rd.nomem = 1;
    return;
  }
  if (!ctx->first_given) {
    sc->first = sc->n_parties > 0 ? sc->parties[0] : 0;
  }
  pli_events_load(&ctx->rd, root, sc); /* paths of changes need the parties (reindex) */
  if (ctx->rd.nomem) {
    return;
  }
  pli_scn_check_model(sc, ld_report, ctx);
  if (ctx->rd.errors == 0 && !ctx->rd.nomem) {
    pli_scn_check_sweep(&ctx->rd, root, sc);
  }
  if (ctx->rd.errors == 0 && !ctx->rd.nomem) {
    if ((sc->warnings = pl_diags_alloc()) == NULL) {
      ctx->rd.nomem = 1;
      return;
    }
    pli_scn_check_warnings(sc, ld_warn, ctx);
    pl_diags_sort(sc->warnings);
  }
}

pl_status pl_scenario_load_string(const char *text, const char *display_name,
                                  const char *include_dir, pl_diags *diags, pl_scenario **out) {
  if (out != NULL) {
    *out = NULL;
  }
  if (text == NULL || out == NULL) {
    return PL_EINVAL;
  }
  if (display_name == NULL) {
    display_name = "(string)";
  }
  pl_scenario *sc = calloc(1, sizeof *sc);
  if (sc == NULL) {
    return PL_ENOMEM;
  }
  sc->source = pli_scn_strdup(display_name);
  sc->include_dir = include_dir != NULL ? pli_scn_strdup(include_dir) : NULL;
  if (sc->source == NULL || (include_dir != NULL && sc->include_dir == NULL)) {
    pl_scenario_free(sc);
    return PL_ENOMEM;
  }
  config_t cfg;
  config_init(&cfg);
  config_set_options(&cfg, CONFIG_OPTION_AUTOCONVERT);
  if (include_dir != NULL) {
    config_set_include_dir(&cfg, include_dir);
  }
  ld_ctx ctx = {0};
  ctx.rd.diags = diags;
  ctx.rd.display = display_name;
  ctx.sc = sc;
  ctx.rd.include_dir = include_dir;
  ctx.rd.lines.main_text = text;
  ctx.cfg = &cfg;
  pli_guard_budget budget = {0, 0};
  pli_base base = {0};
  const config_t *tree = NULL;
  size_t inc_errors = pli_guard_check_includes_budget(
      text, display_name, include_dir, ld_report_include, &ctx, &ctx.rd.nomem, &budget);
  if (ctx.rd.nomem) {
    /* out of memory: reported below */
  } else if (inc_errors > 0) {
    ctx.rd.errors += inc_errors;
  } else if (config_read_string(&cfg, text) != CONFIG_TRUE) {
    const char *f = config_error_file(&cfg);
    char joined[4096];
    if (f != NULL && f[0] != '/' && include_dir != NULL) {
      snprintf(joined, sizeof joined, "%s/%s", include_dir, f);
      f = joined;
    }
    int line = config_error_line(&cfg);
    const char *msg = config_error_text(&cfg);
    ctx.rd.errors++;
    if (config_error_type(&cfg) == CONFIG_ERR_FILE_IO) {
      pl_diags_add(diags, f != NULL ? f : display_name, line, "cannot read included file: %s",
                   msg != NULL ? msg : "I/O error");
    } else {
      pl_diags_add(diags, f != NULL ? f : display_name, line, "%s",
                   msg != NULL ? msg : "syntax error");
    }
  } else if ((tree = pli_base_apply(&base, &cfg, include_dir, &ctx.rd, &budget)) != NULL) {
    ctx.cfg = tree; /* the file merged into its base (cfgbase.h), or the file itself */
    ld_root(&ctx, config_root_setting(tree));
  } else if (ctx.rd.errors == 0) {
    ctx.rd.nomem = 1;
  }
  pli_base_free(&base);
  config_destroy(&cfg);
  free(ctx.issue_set);
  free(ctx.agent_set);
  free(ctx.issue_dup);
  pli_guard_lines_free(&ctx.rd.lines);
  if (ctx.rd.nomem) {
    /* Said even when other problems were recorded, so that the CLI's exit 1 has its reason (when
     * this too fails for want of memory, the CLI prints the status's own text). */
    pl_diags_add(diags, display_name, 0, "out of memory while loading the scenario");
    pl_diags_sort(diags);
    pl_scenario_free(sc);
    return PL_ENOMEM;
  }
  if (ctx.rd.errors > 0) {
    pl_diags_sort(diags);
    pl_scenario_free(sc);
    return PL_ESCENARIO;
  }
  *out = sc;
  return PL_OK;
}

pl_status pl_scenario_load(const char *path, pl_diags *diags, pl_scenario **out) {
  if (out != NULL) {
    *out = NULL;
  }
  if (path == NULL || out == NULL) {
    return PL_EINVAL;
  }
  size_t len = 0;
  char *text = NULL;
  int err = 0;
  pli_guard_read_status rs = pli_guard_read_file(path, PLI_GUARD_MAX_FILE, &text, &len, &err);
  if (rs != PLI_READ_OK) {
    pl_diags_add(diags, path, 0, "cannot read the scenario: %s", pli_guard_read_why(rs, err));
    return rs == PLI_READ_NOMEM ? PL_ENOMEM : PL_EIO;
  }
  /* libconfig reads a string up to its first NUL byte: what follows would be silently ignored. */
  int line = 1;
  size_t nul = pli_guard_find_nul(text, len, &line);
  if (nul < len) {
    pl_diags_add(diags, path, line,
                 "a NUL byte at offset %zu: this is not a text file (binary, or UTF-16?)", nul);
    free(text);
    return PL_ESCENARIO;
  }
  char *dir = NULL;
  const char *slash = strrchr(path, '/');
  if (slash != NULL) {
    size_t n = (size_t)(slash - path);
    dir = malloc(n + 2);
    if (dir == NULL) {
      free(text);
      return PL_ENOMEM;
    }
    if (n == 0) {
      strcpy(dir, "/");
    } else {
      memcpy(dir, path, n);
      dir[n] = '\0';
    }
  }
  pl_status st = pl_scenario_load_string(text, path, dir, diags, out);
  free(dir);
  free(text);
  return st;
}

pl_status pl_scenario_load_reference(pl_diags *diags, pl_scenario **out) {
  (void)pli_reference_scenario_len;
  return pl_scenario_load_string(pli_reference_scenario, "gaza-2024-08.cfg (built in)", NULL, diags,
                                 out);
}
