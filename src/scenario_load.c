/*
 * scenario_load.c — loads a scenario file (libconfig 1.5) into the model of scenario_impl.h and
 * validates it.
 *
 * The loader walks the libconfig tree once, driven by the tables of schema.h (which keys a group
 * allows, every agent field with its shape, domain, default and roles, every setting with its type
 * and bounds), filling the model and recording every problem it finds (it does not stop at the
 * first), each with the file and line of the offending setting; then the cross checks of
 * pl_scn_check_model run on the model, and, if all is well, each value of the `sweep` section is
 * tried on a copy. The libconfig objects are destroyed before returning. What libconfig 1.5 gets
 * wrong (NUL bytes, @include targets, wrapped integers) is checked through cfgguard.h.
 */
#include <ctype.h>
#include <errno.h>
#include <float.h>
#include <libconfig.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfgguard.h"
#include "parley/number.h"
#include "parley/scenario.h"
#include "scenario_impl.h"
#include "scenario_internal.h"

/* Generated at build time from scenarios/gaza-2024-08.cfg (cmake/embed.cmake). */
extern const char pl_reference_scenario[];
extern const unsigned long pl_reference_scenario_len;

/* The name and the ids become parts of file names (results/NAME-YYYYmmdd-HHMMSS/, the plots'
 * agreement_point-ISSUE.png), which most file systems cap at 255 bytes. */
#define PL_MAX_ID_LEN 100

/* ------------------------------------------------------------------------------------------ */
/* The loader's context and its reporting                                                      */

typedef struct {
  pl_diags *diags;
  size_t errors;
  int nomem;
  const char *display;  /* the main file's name in diagnostics */
  const char *text;     /* the main file's text */
  pl_guard_lines lines; /* source lines, for the wrapped-integer check */
  pl_scenario *sc;
  const config_setting_t **issue_set; /* [n_issues] */
  const config_setting_t **agent_set; /* [n_agents] */
  const config_setting_t *agents_list, *kind_set, *first_set, *protocol_set;
  int bad_roles;            /* some role could not be read: skip the party-count checks */
  int first_given;          /* protocol.first was read (else: the first party) */
  unsigned char *issue_dup; /* [n_issues] bit 1: a duplicate id, bit 2: a bad range (both reported
                               already; later checks skip what would only repeat them) */
  const char *include_dir;
} ld_ctx;

/* The file setting s was read from, as a path usable from the current directory: libconfig 1.5
 * names an included file as written in @include, relative to the include folder. Writes into
 * buf when it has to join the two. */
static const char *ld_file(const ld_ctx *ctx, const config_setting_t *s, char *buf, size_t n) {
  const char *f = s != NULL ? config_setting_source_file(s) : NULL;
  if (f == NULL) {
    return ctx->display;
  }
  if (f[0] == '/' || ctx->include_dir == NULL) {
    return f;
  }
  snprintf(buf, n, "%s/%s", ctx->include_dir, f);
  return buf;
}

static int ld_line(const config_setting_t *s) {
  return s != NULL ? (int)config_setting_source_line(s) : 0;
}

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static void
ld_error(ld_ctx *ctx, const config_setting_t *s, const char *fmt, ...) {
  char msg[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  ctx->errors++;
  char file[4096];
  if (pl_diags_add(ctx->diags, ld_file(ctx, s, file, sizeof file), ld_line(s), "%s", msg) !=
      PL_OK) {
    ctx->nomem = 1;
  }
}

static const char *ld_type_name(const config_setting_t *s) {
  switch (config_setting_type(s)) {
  case CONFIG_TYPE_GROUP:
    return "a group";
  case CONFIG_TYPE_INT:
  case CONFIG_TYPE_INT64:
    return "an integer";
  case CONFIG_TYPE_FLOAT:
    return "a number";
  case CONFIG_TYPE_STRING:
    return "a string";
  case CONFIG_TYPE_BOOL:
    return "a boolean";
  case CONFIG_TYPE_ARRAY:
    return "an array";
  case CONFIG_TYPE_LIST:
    return "a list";
  default:
    return "nothing";
  }
}

/* Reports every key of group s that group g of the schema does not allow. */
static void ld_check_keys(ld_ctx *ctx, const config_setting_t *s, const char *where, pl_group g) {
  int n = config_setting_length(s);
  for (int e = 0; e < n; e++) {
    const config_setting_t *c = config_setting_get_elem(s, (unsigned)e);
    const char *key = config_setting_name(c);
    if (!pl_schema_key_allowed(g, key)) {
      if (where[0] != '\0') {
        ld_error(ctx, c, "unknown setting '%s' in %s", key != NULL ? key : "?", where);
      } else {
        ld_error(ctx, c, "unknown setting '%s'", key != NULL ? key : "?");
      }
    }
  }
}

/* ------------------------------------------------------------------------------------------ */
/* Integer literals that libconfig wrapped (cfgguard.h)                                        */

/* The source line of setting s, in the file it came from. */
static const char *ld_source_line(ld_ctx *ctx, const config_setting_t *s, size_t *n) {
  char buf[4096];
  const char *file =
      config_setting_source_file(s) != NULL ? ld_file(ctx, s, buf, sizeof buf) : NULL;
  return pl_guard_line(&ctx->lines, file, ld_line(s), n);
}

/* Whether the integer setting s was written as a literal that libconfig could not hold; *lit then
 * describes that literal. */
static int ld_find_overflow(ld_ctx *ctx, const config_setting_t *s, pl_guard_literal *lit) {
  int type = config_setting_type(s);
  if (type != CONFIG_TYPE_INT && type != CONFIG_TYPE_INT64) {
    return 0;
  }
  size_t n = 0;
  const char *line = ld_source_line(ctx, s, &n);
  return line != NULL && pl_guard_find_overflow(line, n, config_setting_get_int64(s),
                                                type == CONFIG_TYPE_INT64, lit);
}

static void ld_report_overflow(ld_ctx *ctx, const config_setting_t *s,
                               const pl_guard_literal *lit) {
  int len = (int)lit->len;
  if (lit->is64 || lit->overflow) {
    ld_error(ctx, s, "integer %.*s does not fit in 64 bits", len, lit->start);
  } else {
    ld_error(ctx, s,
             "integer %.*s does not fit in 32 bits; write 64-bit integers with the L suffix "
             "(%.*sL)",
             len, lit->start, len, lit->start);
  }
}

/* ------------------------------------------------------------------------------------------ */
/* Typed reads                                                                                 */

/* A number (integer or float) into *out; 0 after reporting a problem. */
static int ld_number(ld_ctx *ctx, const config_setting_t *s, const char *what, double *out) {
  int type = config_setting_type(s);
  if (type != CONFIG_TYPE_INT && type != CONFIG_TYPE_INT64 && type != CONFIG_TYPE_FLOAT) {
    ld_error(ctx, s, "%s: expected a number, found %s", what, ld_type_name(s));
    return 0;
  }
  pl_guard_literal lit;
  if (ld_find_overflow(ctx, s, &lit)) {
    ld_report_overflow(ctx, s, &lit);
    return 0;
  }
  double v = config_setting_get_float(s);
  if (!isfinite(v)) {
    ld_error(ctx, s, "%s: not a finite number", what);
    return 0;
  }
  *out = v;
  return 1;
}

/* An integer in [lo, hi] into *out; 0 after reporting a problem. With allow_u64, a literal up to
 * 2^64 - 1 (decimal with L, or hex with L) is accepted as unsigned. */
static int ld_integer(ld_ctx *ctx, const config_setting_t *s, const char *what, uint64_t lo,
                      uint64_t hi, int allow_u64, uint64_t *out) {
  int type = config_setting_type(s);
  if (type != CONFIG_TYPE_INT && type != CONFIG_TYPE_INT64) {
    ld_error(ctx, s, "%s: expected an integer, found %s", what, ld_type_name(s));
    return 0;
  }
  pl_guard_literal lit;
  long long v = config_setting_get_int64(s);
  uint64_t u;
  if (ld_find_overflow(ctx, s, &lit)) {
    if (!(allow_u64 && lit.is64 && !lit.neg && !lit.overflow)) {
      ld_report_overflow(ctx, s, &lit);
      return 0;
    }
    u = lit.mag;
  } else if (v < 0) {
    size_t n = 0;
    const char *line = ld_source_line(ctx, s, &n);
    int hex = line != NULL && pl_guard_has_hex(line, n);
    if (!(allow_u64 && hex && type == CONFIG_TYPE_INT64)) {
      ld_error(ctx, s, "%s: must be between %llu and %llu (found %lld)", what,
               (unsigned long long)lo, (unsigned long long)hi, v);
      return 0;
    }
    u = (uint64_t)v; /* a 64-bit hex literal: its bit pattern */
  } else {
    u = (uint64_t)v;
  }
  if (u < lo || u > hi) {
    ld_error(ctx, s, "%s: must be between %llu and %llu (found %llu)", what, (unsigned long long)lo,
             (unsigned long long)hi, (unsigned long long)u);
    return 0;
  }
  *out = u;
  return 1;
}

static const char *ld_string(ld_ctx *ctx, const config_setting_t *s, const char *what) {
  if (config_setting_type(s) != CONFIG_TYPE_STRING) {
    ld_error(ctx, s, "%s: expected a string, found %s", what, ld_type_name(s));
    return NULL;
  }
  return config_setting_get_string(s);
}

/* Ids are words of [A-Za-z0-9_-] (they appear in parameter paths, which use dots). */
static int ld_is_identifier(const char *s, int allow_dot) {
  if (s[0] == '\0' || s[0] == '.') {
    return 0;
  }
  for (const char *p = s; *p != '\0'; p++) {
    if (!isalnum((unsigned char)*p) && *p != '_' && *p != '-' && !(allow_dot && *p == '.')) {
      return 0;
    }
  }
  return 1;
}

/* Reads the number at s (a plain number or a distribution group) into p, checking it against
 * domain d (with the issue's range [lo, hi] for RANGE): a fixed value and a normal's mean inside
 * the domain, a bounded support inside its closure. */
static void ld_param_read(ld_ctx *ctx, const config_setting_t *s, const char *what, pl_domain d,
                          double lo, double hi, pl_param *p) {
  char dom[96];
  pl_schema_domain_text(d, lo, hi, dom, sizeof dom);
  p->line = ld_line(s);
  if (config_setting_type(s) != CONFIG_TYPE_GROUP) {
    double v;
    if (config_setting_type(s) == CONFIG_TYPE_STRING ||
        config_setting_type(s) == CONFIG_TYPE_BOOL || config_setting_is_aggregate(s)) {
      ld_error(ctx, s, "%s: expected a number or a distribution group, found %s", what,
               ld_type_name(s));
      return;
    }
    if (!ld_number(ctx, s, what, &v)) {
      return;
    }
    if (!pl_schema_in_domain(d, v, lo, hi)) {
      ld_error(ctx, s, "%s: value %.15g outside %s", what, v, dom);
      return;
    }
    p->dist = (pl_dist){PL_DIST_FIXED, v, 0.0, 0.0};
    return;
  }
  /* A distribution group. */
  const config_setting_t *ds = config_setting_get_member(s, "dist");
  if (ds == NULL) {
    ld_error(ctx, s, "%s: a distribution group needs 'dist' (normal, uniform, triangular, beta)",
             what);
    return;
  }
  const char *name = ld_string(ctx, ds, what);
  if (name == NULL) {
    return;
  }
  pl_dist_kind kind = PL_DIST_NORMAL; /* the kinds a file may name: NORMAL .. BETA */
  while (kind <= PL_DIST_BETA && strcmp(name, pl_dist_kind_name(kind)) != 0) {
    kind++;
  }
  if (kind > PL_DIST_BETA) {
    ld_error(ctx, ds,
             "%s: unknown distribution '%s' (expected normal, uniform, triangular or beta)", what,
             name);
    return;
  }
  const size_t n_keys = pl_dist_n_params(kind);
  char where[300];
  snprintf(where, sizeof where, "the %s distribution of %s", name, what);
  size_t before = ctx->errors;
  for (int e = 0; e < config_setting_length(s); e++) {
    const config_setting_t *c = config_setting_get_elem(s, (unsigned)e);
    const char *key = config_setting_name(c);
    int ok = key != NULL && strcmp(key, "dist") == 0;
    for (size_t k = 0; k < n_keys && key != NULL; k++) {
      ok |= strcmp(key, pl_dist_param_name(kind, k)) == 0;
    }
    if (!ok) {
      ld_error(ctx, c, "unknown setting '%s' in %s", key != NULL ? key : "?", where);
    }
  }
  double v[3] = {0.0, 0.0, 0.0};
  for (size_t k = 0; k < n_keys; k++) {
    const char *key = pl_dist_param_name(kind, k);
    const config_setting_t *m = config_setting_get_member(s, key);
    char sub[300];
    snprintf(sub, sizeof sub, "%s (%s %s)", what, name, key);
    if (m == NULL) {
      ld_error(ctx, s, "%s: the %s distribution needs '%s'", what, name, key);
    } else {
      ld_number(ctx, m, sub, &v[k]);
    }
  }
  if (ctx->errors != before) {
    return;
  }
  /* Bounded supports must lie in the closed domain; a normal's mean inside it. Draws are
   * clamped to the domain (open bounds included). */
  double clo, chi;
  pl_schema_closure(d, lo, hi, &clo, &chi);
  switch (kind) {
  case PL_DIST_NORMAL:
    if (v[1] < 0.0) {
      ld_error(ctx, s, "%s: normal sd must be >= 0 (found %.15g)", what, v[1]);
    } else if (!pl_schema_in_domain(d, v[0], lo, hi)) {
      ld_error(ctx, s, "%s: normal mean %.15g outside %s", what, v[0], dom);
    }
    break;
  case PL_DIST_UNIFORM:
    if (v[0] > v[1]) {
      ld_error(ctx, s, "%s: uniform min (%.15g) greater than max (%.15g)", what, v[0], v[1]);
    } else if (v[0] < clo || v[1] > chi) {
      ld_error(ctx, s, "%s: uniform range [%.15g, %.15g] outside %s", what, v[0], v[1], dom);
    }
    break;
  case PL_DIST_TRIANGULAR:
    if (v[0] > v[2]) {
      ld_error(ctx, s, "%s: triangular min (%.15g) greater than max (%.15g)", what, v[0], v[2]);
    } else if (v[1] < v[0] || v[1] > v[2]) {
      ld_error(ctx, s, "%s: triangular mode (%.15g) outside [min, max] = [%.15g, %.15g]", what,
               v[1], v[0], v[2]);
    } else if (v[0] < clo || v[2] > chi) {
      ld_error(ctx, s, "%s: triangular range [%.15g, %.15g] outside %s", what, v[0], v[2], dom);
    }
    break;
  case PL_DIST_BETA:
    if (v[0] <= 0.0 || v[1] <= 0.0) {
      ld_error(ctx, s, "%s: beta a and b must be > 0 (found a = %.15g, b = %.15g)", what, v[0],
               v[1]);
    } else if (clo < 0.0 || chi > 1.0) {
      ld_error(ctx, s, "%s: a beta distribution lies on [0, 1], but this number's domain is %s",
               what, dom);
    }
    break;
  default:
    break;
  }
  if (ctx->errors == before) {
    p->dist = (pl_dist){kind, v[0], v[1], v[2]};
  }
}

/* Reads parameter k of the model (field f, issue j for a RANGE domain) from s. A salience that
 * could not be read counts as 1, so that one error does not cascade into "zero salience". */
static void ld_param(ld_ctx *ctx, const config_setting_t *s, const char *what, pl_field f, size_t j,
                     size_t k) {
  const pl_field_def *def = pl_schema_field(f);
  double lo = 0.0, hi = 1.0;
  if (def->domain == PL_DOMAIN_RANGE) {
    lo = ctx->sc->issues[j].min;
    hi = ctx->sc->issues[j].max;
    if (ctx->issue_dup[j] & 2) { /* a wrong range, reported already: judge nothing against it */
      lo = -DBL_MAX;
      hi = DBL_MAX;
    }
  }
  size_t before = ctx->errors;
  ld_param_read(ctx, s, what, def->domain, lo, hi, &ctx->sc->params[k]);
  if (ctx->errors != before && f == PL_FIELD_SALIENCE) {
    ctx->sc->params[k].dist = (pl_dist){PL_DIST_FIXED, 1.0, 0.0, 0.0};
  }
}

/* ------------------------------------------------------------------------------------------ */
/* Sections                                                                                    */

static int ld_set_string(ld_ctx *ctx, char **dst, const char *src) {
  char *c = pl_scn_strdup(src);
  if (c == NULL) {
    ctx->nomem = 1;
    return 0;
  }
  free(*dst);
  *dst = c;
  return 1;
}

static void ld_issues(ld_ctx *ctx, const config_setting_t *root) {
  pl_scenario *sc = ctx->sc;
  const config_setting_t *list = config_setting_get_member(root, "issues");
  if (list == NULL) {
    ld_error(ctx, root, "missing 'issues' (a list of issue groups)");
    return;
  }
  if (config_setting_type(list) != CONFIG_TYPE_LIST) {
    ld_error(ctx, list, "issues: expected a list ( {...}, ... ), found %s", ld_type_name(list));
    return;
  }
  size_t n = (size_t)config_setting_length(list);
  if (n == 0) {
    ld_error(ctx, list, "issues: a scenario needs at least one issue");
    return;
  }
  sc->issues = calloc(n, sizeof *sc->issues);
  ctx->issue_set = calloc(n, sizeof *ctx->issue_set);
  ctx->issue_dup = calloc(n, 1);
  if (sc->issues == NULL || ctx->issue_set == NULL || ctx->issue_dup == NULL) {
    ctx->nomem = 1;
    return;
  }
  sc->n_issues = n;
  for (size_t j = 0; j < n; j++) {
    const config_setting_t *g = config_setting_get_elem(list, (unsigned)j);
    pl_issue *is = &sc->issues[j];
    ctx->issue_set[j] = g;
    is->line = ld_line(g);
    is->min = 0.0;
    is->max = 1.0;
    if (!ld_set_string(ctx, &is->id, "") || !ld_set_string(ctx, &is->unit, "")) {
      return;
    }
    char what[300];
    snprintf(what, sizeof what, "issue %zu", j + 1);
    if (config_setting_type(g) != CONFIG_TYPE_GROUP) {
      ld_error(ctx, g, "%s: expected a group { id = ...; ... }, found %s", what, ld_type_name(g));
      continue;
    }
    const config_setting_t *s = config_setting_get_member(g, "id");
    const char *id = s != NULL ? ld_string(ctx, s, "issue id") : NULL;
    if (s == NULL) {
      ld_error(ctx, g, "%s: missing 'id'", what);
    } else if (id != NULL && !ld_is_identifier(id, 0)) {
      ld_error(ctx, s, "issue id '%s' is not an identifier (letters, digits, '_' and '-')", id);
    } else if (id != NULL && strlen(id) > PL_MAX_ID_LEN) {
      ld_error(ctx, s, "issue id: longer than %d characters (%zu)", PL_MAX_ID_LEN, strlen(id));
    } else if (id != NULL) {
      size_t prev = pl_scn_find_issue(sc, id, strlen(id));
      if (prev != SIZE_MAX) {
        ld_error(ctx, s, "duplicate issue id '%s' (first defined at line %d)", id,
                 sc->issues[prev].line);
        ctx->issue_dup[j] |= 1;
      }
      if (!ld_set_string(ctx, &is->id, id)) {
        return;
      }
      snprintf(what, sizeof what, "issues.%s", id);
    }
    ld_check_keys(ctx, g, what, PL_GROUP_ISSUE);
    const char *label = is->id;
    if ((s = config_setting_get_member(g, "label")) != NULL) {
      const char *l = ld_string(ctx, s, "label");
      label = l != NULL ? l : label;
    }
    if (!ld_set_string(ctx, &is->label, label)) {
      return;
    }
    if ((s = config_setting_get_member(g, "unit")) != NULL) {
      const char *u = ld_string(ctx, s, "unit");
      if (u != NULL && !ld_set_string(ctx, &is->unit, u)) {
        return;
      }
    }
    char sub[340];
    int have = 1;
    const config_setting_t *smin = config_setting_get_member(g, "min");
    const config_setting_t *smax = config_setting_get_member(g, "max");
    snprintf(sub, sizeof sub, "%s.min", what);
    if (smin == NULL) {
      ld_error(ctx, g, "%s: missing 'min'", what);
      have = 0;
    } else {
      have &= ld_number(ctx, smin, sub, &is->min);
    }
    snprintf(sub, sizeof sub, "%s.max", what);
    if (smax == NULL) {
      ld_error(ctx, g, "%s: missing 'max'", what);
      have = 0;
    } else {
      have &= ld_number(ctx, smax, sub, &is->max);
    }
    if (have && !(is->min < is->max)) {
      ld_error(ctx, smax, "%s: min (%.15g) must be less than max (%.15g)", what, is->min, is->max);
    }
    if (!have || !(is->min < is->max)) {
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
    ld_error(ctx, root, "missing 'agents' (a list of agent groups)");
    ctx->bad_roles = 1;
    return;
  }
  if (config_setting_type(list) != CONFIG_TYPE_LIST) {
    ld_error(ctx, list, "agents: expected a list ( {...}, ... ), found %s", ld_type_name(list));
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
    ctx->nomem = 1;
    return;
  }
  sc->n_agents = n;
  for (size_t i = 0; i < n; i++) {
    const config_setting_t *g = config_setting_get_elem(list, (unsigned)i);
    pl_agent *a = &sc->agents[i];
    ctx->agent_set[i] = g;
    a->line = ld_line(g);
    a->role = PL_ROLE_MEDIATOR;
    if (!ld_set_string(ctx, &a->id, "")) {
      return;
    }
    if (config_setting_type(g) != CONFIG_TYPE_GROUP) {
      ld_error(ctx, g, "agent %zu: expected a group { id = ...; ... }, found %s", i + 1,
               ld_type_name(g));
      ctx->bad_roles = 1;
      continue;
    }
    const config_setting_t *s = config_setting_get_member(g, "id");
    const char *id = s != NULL ? ld_string(ctx, s, "agent id") : NULL;
    if (s == NULL) {
      ld_error(ctx, g, "agent %zu: missing 'id'", i + 1);
    } else if (id != NULL && !ld_is_identifier(id, 0)) {
      ld_error(ctx, s, "agent id '%s' is not an identifier (letters, digits, '_' and '-')", id);
    } else if (id != NULL && strlen(id) > PL_MAX_ID_LEN) {
      ld_error(ctx, s, "agent id: longer than %d characters (%zu)", PL_MAX_ID_LEN, strlen(id));
    } else if (id != NULL) {
      size_t prev = pl_scn_find_agent(sc, id, strlen(id));
      if (prev != SIZE_MAX) {
        ld_error(ctx, s, "duplicate agent id '%s' (first defined at line %d)", id,
                 sc->agents[prev].line);
      }
      if (!ld_set_string(ctx, &a->id, id)) {
        return;
      }
    }
    s = config_setting_get_member(g, "role");
    const char *role = s != NULL ? ld_string(ctx, s, "role") : NULL;
    char roles[64];
    pl_schema_word_list(PL_WORDS_ROLE, 1, roles, sizeof roles);
    int r = pl_schema_word_find(PL_WORDS_ROLE, role);
    if (s == NULL) {
      ld_error(ctx, g, "agent '%s': missing 'role' (%s)", a->id, roles);
      ctx->bad_roles = 1;
    } else if (role == NULL) {
      ctx->bad_roles = 1;
    } else if (r < 0) {
      ld_error(ctx, s, "agent '%s': unknown role '%s' (expected %s)", a->id, role, roles);
      ctx->bad_roles = 1;
    } else {
      a->role = (pl_role)r;
    }
  }
}

/* An issue or agent field: FIELD = { ISSUE = x; ... } or { AGENT = x; ... }; marks given[j] for
 * each entry read. */
static void ld_field_map(ld_ctx *ctx, const config_setting_t *s, size_t i, pl_field f,
                         unsigned char *given) {
  pl_scenario *sc = ctx->sc;
  const pl_agent *a = &sc->agents[i];
  const pl_field_def *def = pl_schema_field(f);
  int per_issue = def->shape == PL_SHAPE_ISSUE;
  if (config_setting_type(s) != CONFIG_TYPE_GROUP) {
    ld_error(ctx, s, "agents.%s.%s: expected a group { %s = number; ... }, found %s", a->id,
             def->key, per_issue ? "ISSUE" : "PARTY", ld_type_name(s));
    return;
  }
  int n = config_setting_length(s);
  for (int e = 0; e < n; e++) {
    const config_setting_t *m = config_setting_get_elem(s, (unsigned)e);
    const char *key = config_setting_name(m);
    size_t j = per_issue ? pl_scn_find_issue(sc, key, strlen(key))
                         : pl_scn_find_agent(sc, key, strlen(key));
    if (j == SIZE_MAX) {
      ld_error(ctx, m, "agents.%s.%s: unknown %s '%s'", a->id, def->key,
               per_issue ? "issue" : "agent", key);
      continue;
    }
    if (!per_issue && sc->agents[j].role != PL_ROLE_PARTY) {
      ld_error(ctx, m, "agents.%s.%s: '%s' is not a party (%s acts on parties)", a->id, def->key,
               key, def->key);
      continue;
    }
    char what[300];
    snprintf(what, sizeof what, "agents.%s.%s.%s", a->id, def->key, key);
    ld_param(ctx, m, what, f, j, pl_scn_agent_field(a, f) + j);
    if (given != NULL) {
      given[j] = 1;
    }
  }
}

/* Agent i's fields, table-driven: every row of PL_AGENT_FIELD_MAP in turn. given has room for
 * PL_FIELD_COUNT rows of n_issues + 1 flags. */
static void ld_agent(ld_ctx *ctx, size_t i, unsigned char *given) {
  pl_scenario *sc = ctx->sc;
  pl_agent *a = &sc->agents[i];
  const config_setting_t *g = ctx->agent_set[i];
  if (config_setting_type(g) != CONFIG_TYPE_GROUP) {
    return;
  }
  char where[300];
  snprintf(where, sizeof where, "agents.%s", a->id);
  ld_check_keys(ctx, g, where, PL_GROUP_AGENT);
  const config_setting_t *s;
  const char *label = a->id;
  if ((s = config_setting_get_member(g, "label")) != NULL) {
    const char *l = ld_string(ctx, s, "label");
    label = l != NULL ? l : label;
  }
  if (!ld_set_string(ctx, &a->label, label)) {
    return;
  }
  a->utility = PL_UTILITY_LINEAR;
  if ((s = config_setting_get_member(g, "utility")) != NULL) {
    const char *u = ld_string(ctx, s, "utility");
    int k = pl_schema_word_find(PL_WORDS_UTILITY, u);
    if (k >= 0) {
      a->utility = (pl_utility_kind)k;
    } else if (u != NULL) {
      char list[96];
      pl_schema_word_list(PL_WORDS_UTILITY, 0, list, sizeof list);
      ld_error(ctx, s, "agents.%s.utility: unknown utility '%s' (expected %s)", a->id, u, list);
    }
  }
  unsigned role = 1u << a->role;
  size_t row = sc->n_issues + 1;
  for (unsigned fi = 0; fi < PL_FIELD_COUNT; fi++) {
    pl_field f = (pl_field)fi;
    const pl_field_def *def = pl_schema_field(f);
    s = config_setting_get_member(g, def->key);
    char what[340];
    snprintf(what, sizeof what, "agents.%s.%s", a->id, def->key);
    if (s != NULL && !(def->allowed & role)) {
      ld_error(
          ctx, s, "%s: only %s have %s", what,
          pl_schema_role_plural(def->allowed & PL_ROLES_PARTY ? PL_ROLE_PARTY : PL_ROLE_MEDIATOR),
          def->key);
    } else if (s != NULL && def->shape == PL_SHAPE_SCALAR) {
      ld_param(ctx, s, what, f, 0, pl_scn_agent_field(a, f));
    } else if (s != NULL) {
      ld_field_map(ctx, s, i, f, given + fi * row);
    } else if ((def->required & role) && def->shape == PL_SHAPE_SCALAR) {
      ld_error(ctx, g, "agents.%s: missing '%s' (%s)", a->id, def->key, def->help);
    }
  }
  /* Issue fields required for this role: one on every issue. A mediator's position defaults to
   * the midpoint, which is meaningful only where its salience is 0. */
  const unsigned char *pos_given = given + PL_FIELD_POSITION * row;
  const unsigned char *sal_given = given + PL_FIELD_SALIENCE * row;
  for (unsigned fi = 0; fi < PL_FIELD_COUNT; fi++) {
    const pl_field_def *def = pl_schema_field((pl_field)fi);
    const config_setting_t *fs = config_setting_get_member(g, def->key);
    if (def->shape != PL_SHAPE_ISSUE ||
        (fs != NULL && config_setting_type(fs) != CONFIG_TYPE_GROUP)) {
      continue;
    }
    for (size_t j = 0; j < sc->n_issues; j++) {
      if (given[fi * row + j] || sc->issues[j].id[0] == '\0' || (ctx->issue_dup[j] & 1)) {
        continue;
      }
      if (def->required & role) {
        ld_error(ctx, fs != NULL ? fs : g,
                 "agents.%s: no %s on issue '%s' (a %s needs one on every issue)", a->id, def->key,
                 sc->issues[j].id, pl_schema_word(PL_WORDS_ROLE, a->role));
      } else if (fi == PL_FIELD_POSITION && !pos_given[j] && sal_given[j] &&
                 pl_scn_maybe_positive(&sc->params[a->salience + j])) {
        ld_error(ctx, fs != NULL ? fs : g,
                 "agents.%s: salience on issue '%s' but no position (a mediator's position "
                 "defaults to the midpoint only where its salience is 0)",
                 a->id, sc->issues[j].id);
      }
    }
  }
}

static void ld_agents(ld_ctx *ctx) {
  pl_scenario *sc = ctx->sc;
  if (pl_scn_layout(sc) != PL_OK) {
    ctx->nomem = 1;
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
  size_t size = PL_FIELD_COUNT * (sc->n_issues + 1);
  unsigned char *given = calloc(size, 1);
  if (given == NULL) {
    ctx->nomem = 1;
    return;
  }
  for (size_t i = 0; i < sc->n_agents && !ctx->nomem; i++) {
    memset(given, 0, size);
    ld_agent(ctx, i, given);
  }
  free(given);
}

/* The settings of section group g (protocol or montecarlo), table-driven: every row of
 * PL_SETTING_MAP in that section. */
static void ld_settings(ld_ctx *ctx, const config_setting_t *root, pl_group grp) {
  pl_scenario *sc = ctx->sc;
  const char *section = pl_schema_group_name(grp);
  const config_setting_t *g = config_setting_get_member(root, section);
  if (grp == PL_GROUP_PROTOCOL) {
    ctx->protocol_set = g;
  }
  if (g == NULL) {
    return;
  }
  if (grp == PL_GROUP_PROTOCOL) {
    sc->protocol_line = ld_line(g);
  } else {
    sc->montecarlo_line = ld_line(g);
  }
  if (config_setting_type(g) != CONFIG_TYPE_GROUP) {
    ld_error(ctx, g, "%s: expected a group { KEY = VALUE; ... }, found %s", section,
             ld_type_name(g));
    return;
  }
  ld_check_keys(ctx, g, section, grp);
  for (unsigned si = 0; si < PL_SETTING_COUNT; si++) {
    const pl_setting_def *def = pl_schema_setting((pl_setting)si);
    const config_setting_t *s;
    if (strcmp(def->section, section) != 0 ||
        (s = config_setting_get_member(g, def->key)) == NULL) {
      continue;
    }
    char what[200];
    snprintf(what, sizeof what, "%s.%s", section, def->key);
    double v = 0.0;
    uint64_t u = 0;
    const char *word = NULL;
    switch (def->type) {
    case PL_VALUE_REAL:
      if (!ld_number(ctx, s, what, &v)) {
        break;
      }
      if (!(v >= def->lo && v <= def->hi)) {
        char dom[96];
        pl_schema_real_text(def->lo, def->hi, dom, sizeof dom);
        ld_error(ctx, s, "%s: value %.15g outside %s", what, v, dom);
        break;
      }
      pl_scn_setting_put(sc, (pl_setting)si, v, 0);
      break;
    case PL_VALUE_UINT:
    case PL_VALUE_U64:
      if (ld_integer(ctx, s, what, def->ulo, def->uhi, def->uhi == UINT64_MAX, &u)) {
        pl_scn_setting_put(sc, (pl_setting)si, 0.0, u);
      }
      break;
    case PL_VALUE_PROTOCOL:
      ctx->kind_set = s;
      if ((word = ld_string(ctx, s, what)) != NULL) {
        int k = pl_schema_word_find(PL_WORDS_PROTOCOL, word);
        char list[200];
        pl_schema_word_list(PL_WORDS_PROTOCOL, 0, list, sizeof list);
        if (k < 0) {
          ld_error(ctx, s, "%s: unknown protocol '%s' (expected %s)", what, word, list);
        } else {
          pl_scn_setting_put(sc, (pl_setting)si, 0.0, (uint64_t)k);
        }
      }
      break;
    case PL_VALUE_AGENT:
      ctx->first_set = s;
      if ((word = ld_string(ctx, s, what)) != NULL) {
        size_t i = pl_scn_find_agent(sc, word, strlen(word));
        if (i == SIZE_MAX) {
          ld_error(ctx, s, "%s: unknown agent '%s'", what, word);
        } else {
          pl_scn_setting_put(sc, (pl_setting)si, 0.0, i);
          ctx->first_given = 1;
        }
      }
      break;
    }
  }
}

/* One group of the sweep section into sg (values from from/to/steps, expanded by
 * pl_number_grid as `--over PATH=FROM:TO:STEPS` is, or a values list); 0 after reporting. */
static int ld_sweep_group(ld_ctx *ctx, const config_setting_t *g, pl_sweep_group *sg) {
  const config_setting_t *sf = config_setting_get_member(g, "from");
  const config_setting_t *st = config_setting_get_member(g, "to");
  const config_setting_t *sn = config_setting_get_member(g, "steps");
  const config_setting_t *sv = config_setting_get_member(g, "values");
  int range = sf != NULL || st != NULL || sn != NULL;
  if (range && sv != NULL) {
    ld_error(ctx, g, "sweep: a group takes either from/to/steps or values, not both");
    return 0;
  }
  if (!range && sv == NULL) {
    ld_error(ctx, g, "sweep: a group needs from/to/steps or values");
    return 0;
  }
  size_t nv = 0;
  double *values = NULL;
  if (range) {
    double from = 0.0, to = 0.0;
    uint64_t steps = 0;
    int ok = 1;
    if (sf == NULL || sn == NULL) {
      ld_error(ctx, g, "sweep: a from/to/steps group needs 'from' and 'steps'");
      ok = 0;
    }
    ok &= sf == NULL || ld_number(ctx, sf, "sweep.from", &from);
    ok &= sn == NULL || ld_integer(ctx, sn, "sweep.steps", 1, PL_NUMBER_MAX_VALUES, 0, &steps);
    if (ok && steps >= 2 && st == NULL) {
      ld_error(ctx, g, "sweep: 'to' is needed when steps >= 2");
      ok = 0;
    }
    ok &= st == NULL || ld_number(ctx, st, "sweep.to", &to);
    if (!ok) {
      return 0;
    }
    nv = (size_t)steps;
    if ((values = malloc(nv * sizeof *values)) == NULL) {
      ctx->nomem = 1;
      return 0;
    }
    pl_number_grid(from, to, nv, values);
    if (nv >= 2 && values[0] == values[nv - 1]) {
      ld_error(ctx, g, "sweep: from equals to (use steps = 1 for a single value)");
      free(values);
      return 0;
    }
  } else {
    if (config_setting_type(sv) != CONFIG_TYPE_ARRAY &&
        config_setting_type(sv) != CONFIG_TYPE_LIST) {
      ld_error(ctx, sv, "sweep.values: expected an array [ ... ] of numbers, found %s",
               ld_type_name(sv));
      return 0;
    }
    nv = (size_t)config_setting_length(sv);
    if (nv == 0) {
      ld_error(ctx, sv, "sweep.values: needs at least one value");
      return 0;
    }
    if (nv > PL_NUMBER_MAX_VALUES) {
      ld_error(ctx, sv, "sweep.values: at most %d values (found %zu)", PL_NUMBER_MAX_VALUES, nv);
      return 0;
    }
    if ((values = malloc(nv * sizeof *values)) == NULL) {
      ctx->nomem = 1;
      return 0;
    }
    int ok = 1;
    for (size_t k = 0; k < nv; k++) {
      ok &= ld_number(ctx, config_setting_get_elem(sv, (unsigned)k), "sweep.values", &values[k]);
      values[k] = values[k] == 0.0 ? 0.0 : values[k]; /* no -0 in a grid */
    }
    if (!ok) {
      free(values);
      return 0;
    }
  }
  double dup = 0.0;
  int d = pl_number_find_duplicate(values, nv, &dup);
  if (d != 0) {
    free(values);
    if (d < 0) {
      ctx->nomem = 1;
      return 0;
    }
    char num[PL_NUMBER_BUFSIZE];
    pl_number_format(dup, num);
    if (range) {
      ld_error(ctx, g, "sweep: the steps are too fine: two grid values coincide (%s)", num);
    } else {
      ld_error(ctx, sv, "sweep.values: the value %s appears twice", num);
    }
    return 0;
  }
  sg->values = values;
  sg->n_values = nv;
  return 1;
}

static void ld_sweep(ld_ctx *ctx, const config_setting_t *root) {
  pl_scenario *sc = ctx->sc;
  const config_setting_t *list = config_setting_get_member(root, "sweep");
  if (list == NULL) {
    return;
  }
  if (config_setting_type(list) != CONFIG_TYPE_LIST) {
    ld_error(ctx, list, "sweep: expected a list of groups ( { path = ...; ... }, ... ), found %s",
             ld_type_name(list));
    return;
  }
  size_t n = (size_t)config_setting_length(list);
  sc->sweep = calloc(n ? n : 1, sizeof *sc->sweep);
  if (sc->sweep == NULL) {
    ctx->nomem = 1;
    return;
  }
  for (size_t gi = 0; gi < n && !ctx->nomem; gi++) {
    const config_setting_t *g = config_setting_get_elem(list, (unsigned)gi);
    if (config_setting_type(g) != CONFIG_TYPE_GROUP) {
      ld_error(ctx, g, "sweep: expected a group { path = ...; ... }, found %s", ld_type_name(g));
      continue;
    }
    ld_check_keys(ctx, g, "sweep", PL_GROUP_SWEEP);
    pl_sweep_group *sg = &sc->sweep[sc->n_sweep];
    sg->line = ld_line(g);
    const config_setting_t *sp = config_setting_get_member(g, "path");
    const char *path = sp != NULL ? ld_string(ctx, sp, "sweep.path") : NULL;
    if (sp == NULL) {
      ld_error(ctx, g, "sweep: missing 'path' (a parameter path such as agents.ID.reservation)");
    }
    if (!ld_sweep_group(ctx, g, sg)) {
      continue;
    }
    if (path == NULL || (sg->path = pl_scn_strdup(path)) == NULL) {
      ctx->nomem |= path != NULL;
      free(sg->values);
      memset(sg, 0, sizeof *sg);
      continue;
    }
    sc->n_sweep++;
  }
}

/* The reporter of pl_scn_check_model at load time: the settings the problem concerns. */
static void ld_report(void *arg, pl_scn_where what, size_t index, const char *message) {
  ld_ctx *ctx = arg;
  const config_setting_t *s = NULL;
  switch (what) {
  case PL_SCN_AT_AGENTS:
    if (ctx->bad_roles) {
      return;
    }
    s = ctx->agents_list;
    break;
  case PL_SCN_AT_AGENT: /* an agent without a readable id was reported already */
    if (ctx->sc->agents[index].id[0] == '\0' || ctx->sc->n_issues == 0) {
      return;
    }
    s = ctx->agent_set[index];
    break;
  case PL_SCN_AT_ISSUE:
    if (ctx->sc->issues[index].id[0] == '\0' || (ctx->issue_dup[index] & 1)) {
      return;
    }
    s = ctx->issue_set[index];
    break;
  case PL_SCN_AT_PROTOCOL_KIND:
    if (ctx->bad_roles) {
      return;
    }
    s = ctx->kind_set != NULL ? ctx->kind_set : ctx->protocol_set;
    break;
  case PL_SCN_AT_FIRST:
    s = ctx->first_set;
    break;
  }
  ld_error(ctx, s, "%s", message);
}

/* Tries every value of every sweep group on a copy (the base scenario is valid). */
static void ld_sweep_check(ld_ctx *ctx, const config_setting_t *root) {
  pl_scenario *sc = ctx->sc;
  const config_setting_t *list = config_setting_get_member(root, "sweep");
  pl_diags *tmp = pl_diags_alloc();
  if (tmp == NULL) {
    ctx->nomem = 1;
    return;
  }
  for (size_t g = 0; g < sc->n_sweep; g++) {
    const config_setting_t *gs = NULL;
    for (int e = 0; list != NULL && e < config_setting_length(list); e++) {
      const config_setting_t *c = config_setting_get_elem(list, (unsigned)e);
      if (ld_line(c) == sc->sweep[g].line) {
        gs = c;
      }
    }
    if (!pl_scn_path_numeric(sc, sc->sweep[g].path)) {
      pl_scenario *out = NULL;
      pl_status st = pl_scn_try(sc, sc->sweep[g].path, "0", tmp, NULL, 0, &out);
      pl_scenario_free(out);
      if (st == PL_EPATH) {
        ld_error(ctx, gs, "sweep: %s", pl_diags_message(tmp, 0));
      } else {
        ld_error(ctx, gs, "sweep: %s takes a word, not a number, and cannot be swept",
                 sc->sweep[g].path);
      }
      pl_diags_clear(tmp);
      continue;
    }
    for (size_t k = 0; k < sc->sweep[g].n_values; k++) {
      char value[PL_NUMBER_BUFSIZE];
      pl_number_format(sc->sweep[g].values[k], value);
      pl_scenario *out = NULL;
      pl_status st = pl_scn_try(sc, sc->sweep[g].path, value, tmp, NULL, 0, &out);
      pl_scenario_free(out);
      if (st == PL_ENOMEM) {
        ctx->nomem = 1;
      }
      if (st != PL_OK) {
        for (size_t d = 0; d < pl_diags_count(tmp); d++) {
          ld_error(ctx, gs, "sweep: %s", pl_diags_message(tmp, d));
        }
        pl_diags_clear(tmp);
        break; /* one bad value per group is enough to read */
      }
    }
  }
  pl_diags_free(tmp);
}

/* The reporter of pl_guard_check_includes. */
static void ld_report_include(void *arg, const char *file, int line, const char *message) {
  ld_ctx *ctx = arg;
  if (pl_diags_add(ctx->diags, file, line, "%s", message) != PL_OK) {
    ctx->nomem = 1;
  }
}

/* ------------------------------------------------------------------------------------------ */
/* Public API                                                                                  */

static void ld_root(ld_ctx *ctx, const config_setting_t *root) {
  pl_scenario *sc = ctx->sc;
  ld_check_keys(ctx, root, "", PL_GROUP_TOP);
  const config_setting_t *s = config_setting_get_member(root, "name");
  const char *name = s != NULL ? ld_string(ctx, s, "name") : NULL;
  if (s == NULL) {
    ld_error(ctx, root, "missing 'name' (an identifier, used for the results folder)");
  } else if (name != NULL && !ld_is_identifier(name, 1)) {
    ld_error(ctx, s,
             "name '%s' is not an identifier (letters, digits, '.', '_' and '-', not starting with "
             "'.')",
             name);
  } else if (name != NULL && strlen(name) > PL_MAX_ID_LEN) {
    ld_error(ctx, s, "name: longer than %d characters (%zu); it names the results folder",
             PL_MAX_ID_LEN, strlen(name));
  }
  if (!ld_set_string(ctx, &sc->name, name != NULL ? name : "")) {
    return;
  }
  const char *title = "";
  if ((s = config_setting_get_member(root, "title")) != NULL) {
    const char *t = ld_string(ctx, s, "title");
    title = t != NULL ? t : title;
  }
  if (!ld_set_string(ctx, &sc->title, title)) {
    return;
  }
  pl_scn_settings_default(sc);
  ld_issues(ctx, root);
  if (ctx->nomem) {
    return;
  }
  ld_agents_ids(ctx, root);
  if (ctx->nomem) {
    return;
  }
  ld_agents(ctx);
  if (ctx->nomem) {
    return;
  }
  ld_settings(ctx, root, PL_GROUP_PROTOCOL);
  ld_settings(ctx, root, PL_GROUP_MONTECARLO);
  ld_sweep(ctx, root);
  if (ctx->nomem || pl_scn_reindex(sc) != PL_OK) {
    ctx->nomem = 1;
    return;
  }
  if (!ctx->first_given) {
    sc->first = sc->n_parties > 0 ? sc->parties[0] : 0;
  }
  pl_scn_check_model(sc, ld_report, ctx);
  if (ctx->errors == 0 && !ctx->nomem) {
    ld_sweep_check(ctx, root);
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
  sc->source = pl_scn_strdup(display_name);
  sc->include_dir = include_dir != NULL ? pl_scn_strdup(include_dir) : NULL;
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
  ctx.diags = diags;
  ctx.display = display_name;
  ctx.text = text;
  ctx.sc = sc;
  ctx.include_dir = include_dir;
  ctx.lines.main_text = text;
  size_t inc_errors =
      pl_guard_check_includes(text, display_name, include_dir, ld_report_include, &ctx);
  if (inc_errors > 0) {
    ctx.errors += inc_errors;
  } else if (config_read_string(&cfg, text) != CONFIG_TRUE) {
    const char *f = config_error_file(&cfg);
    char joined[4096];
    if (f != NULL && f[0] != '/' && include_dir != NULL) {
      snprintf(joined, sizeof joined, "%s/%s", include_dir, f);
      f = joined;
    }
    int line = config_error_line(&cfg);
    const char *msg = config_error_text(&cfg);
    ctx.errors++;
    if (config_error_type(&cfg) == CONFIG_ERR_FILE_IO) {
      pl_diags_add(diags, f != NULL ? f : display_name, line, "cannot read included file: %s",
                   msg != NULL ? msg : "I/O error");
    } else {
      pl_diags_add(diags, f != NULL ? f : display_name, line, "%s",
                   msg != NULL ? msg : "syntax error");
    }
  } else {
    ld_root(&ctx, config_root_setting(&cfg));
  }
  config_destroy(&cfg);
  free(ctx.issue_set);
  free(ctx.agent_set);
  free(ctx.issue_dup);
  pl_guard_lines_free(&ctx.lines);
  if (ctx.nomem) {
    pl_scenario_free(sc);
    return PL_ENOMEM;
  }
  if (ctx.errors > 0) {
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
  errno = 0;
  size_t len = 0;
  char *text = pl_guard_read_file(path, &len);
  if (text == NULL) {
    int err = errno;
    pl_diags_add(diags, path, 0, "cannot read the scenario: %s",
                 err != 0 ? strerror(err) : "read error");
    return PL_EIO;
  }
  /* libconfig reads a string up to its first NUL byte: what follows would be silently ignored. */
  int line = 1;
  size_t nul = pl_guard_find_nul(text, len, &line);
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
  (void)pl_reference_scenario_len;
  return pl_scenario_load_string(pl_reference_scenario, "gaza-2024-08.cfg (built in)", NULL, diags,
                                 out);
}
