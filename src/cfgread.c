/*
 * cfgread.c — the typed reads of cfgread.h.
 */
#include "cfgread.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parley/dist.h"

/* The file setting s was read from, as a path usable from the current directory: libconfig 1.5
 * names an included file as written in @include, relative to the include folder. Writes into
 * buf when it has to join the two. */
static const char *cr_file(const pli_cfg_reader *ctx, const config_setting_t *s, char *buf,
                           size_t n) {
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

int pli_cfg_line(const config_setting_t *s) {
  return s != NULL ? (int)config_setting_source_line(s) : 0;
}

void pli_cfg_error(pli_cfg_reader *ctx, const config_setting_t *s, const char *fmt, ...) {
  char msg[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  ctx->errors++;
  char file[4096];
  if (pl_diags_add(ctx->diags, cr_file(ctx, s, file, sizeof file), pli_cfg_line(s), "%s", msg) !=
      PL_OK) {
    ctx->nomem = 1;
  }
}

const char *pli_cfg_type_name(const config_setting_t *s) {
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
void pli_cfg_check_keys(pli_cfg_reader *ctx, const config_setting_t *s, const char *where,
                        pli_group g) {
  int n = config_setting_length(s);
  for (int e = 0; e < n; e++) {
    const config_setting_t *c = config_setting_get_elem(s, (unsigned)e);
    const char *key = config_setting_name(c);
    if (!pli_schema_key_allowed(g, key)) {
      if (where[0] != '\0') {
        pli_cfg_error(ctx, c, "unknown setting '%s' in %s", key != NULL ? key : "?", where);
      } else {
        pli_cfg_error(ctx, c, "unknown setting '%s'", key != NULL ? key : "?");
      }
    }
  }
}

/* ------------------------------------------------------------------------------------------ */
/* Integer literals that libconfig wrapped (cfgguard.h)                                        */

/* The source line of setting s, in the file it came from. */
static const char *cr_source_line(pli_cfg_reader *ctx, const config_setting_t *s, size_t *n) {
  char buf[4096];
  const char *file =
      config_setting_source_file(s) != NULL ? cr_file(ctx, s, buf, sizeof buf) : NULL;
  return pli_guard_line(&ctx->lines, file, pli_cfg_line(s), n);
}

/* Whether the integer setting s was written as a literal that libconfig could not hold; *lit then
 * describes that literal. */
static int cr_find_overflow(pli_cfg_reader *ctx, const config_setting_t *s,
                            pli_guard_literal *lit) {
  int type = config_setting_type(s);
  if (type != CONFIG_TYPE_INT && type != CONFIG_TYPE_INT64) {
    return 0;
  }
  size_t n = 0;
  const char *line = cr_source_line(ctx, s, &n);
  return line != NULL && pli_guard_find_overflow(line, n, config_setting_get_int64(s),
                                                 type == CONFIG_TYPE_INT64, lit);
}

static void cr_report_overflow(pli_cfg_reader *ctx, const config_setting_t *s,
                               const pli_guard_literal *lit) {
  int len = (int)lit->len;
  if (lit->is64 || lit->overflow) {
    pli_cfg_error(ctx, s, "integer %.*s does not fit in 64 bits", len, lit->start);
  } else {
    pli_cfg_error(ctx, s,
                  "integer %.*s does not fit in 32 bits; write 64-bit integers with the L suffix "
                  "(%.*sL)",
                  len, lit->start, len, lit->start);
  }
}

/* ------------------------------------------------------------------------------------------ */
/* Typed reads                                                                                 */

/* A number (integer or float) into *out; 0 after reporting a problem. */
int pli_cfg_number(pli_cfg_reader *ctx, const config_setting_t *s, const char *what, double *out) {
  int type = config_setting_type(s);
  if (type != CONFIG_TYPE_INT && type != CONFIG_TYPE_INT64 && type != CONFIG_TYPE_FLOAT) {
    pli_cfg_error(ctx, s, "%s: expected a number, found %s", what, pli_cfg_type_name(s));
    return 0;
  }
  pli_guard_literal lit;
  if (cr_find_overflow(ctx, s, &lit)) {
    cr_report_overflow(ctx, s, &lit);
    return 0;
  }
  double v = config_setting_get_float(s);
  if (!isfinite(v)) {
    pli_cfg_error(ctx, s, "%s: not a finite number", what);
    return 0;
  }
  if (v == 0.0 && type == CONFIG_TYPE_FLOAT) { /* 1e-400: libconfig's strtod rounded it to 0 */
    size_t n = 0;
    const char *line = cr_source_line(ctx, s, &n);
    if (line != NULL && pli_guard_has_underflow(line, n)) {
      pli_cfg_error(ctx, s,
                    "%s: a number so close to 0 that it rounds to 0 in a double; write 0 "
                    "if 0 is meant",
                    what);
      return 0;
    }
  }
  *out = v;
  return 1;
}

/* An integer in [lo, hi] into *out; 0 after reporting a problem. With allow_u64, a literal up to
 * 2^64 - 1 (decimal with L, or hex with L) is accepted as unsigned. */
int pli_cfg_integer(pli_cfg_reader *ctx, const config_setting_t *s, const char *what, uint64_t lo,
                    uint64_t hi, int allow_u64, uint64_t *out) {
  int type = config_setting_type(s);
  if (type != CONFIG_TYPE_INT && type != CONFIG_TYPE_INT64) {
    pli_cfg_error(ctx, s, "%s: expected an integer, found %s", what, pli_cfg_type_name(s));
    return 0;
  }
  pli_guard_literal lit;
  long long v = config_setting_get_int64(s);
  uint64_t u;
  if (cr_find_overflow(ctx, s, &lit)) {
    if (!(allow_u64 && lit.is64 && !lit.neg && !lit.overflow)) {
      cr_report_overflow(ctx, s, &lit);
      return 0;
    }
    u = lit.mag;
  } else if (v < 0) {
    size_t n = 0;
    const char *line = cr_source_line(ctx, s, &n);
    int hex = line != NULL && pli_guard_has_hex(line, n);
    if (!(allow_u64 && hex && type == CONFIG_TYPE_INT64)) {
      pli_cfg_error(ctx, s, "%s: must be between %llu and %llu (found %lld)", what,
                    (unsigned long long)lo, (unsigned long long)hi, v);
      return 0;
    }
    u = (uint64_t)v; /* a 64-bit hex literal: its bit pattern */
  } else {
    u = (uint64_t)v;
  }
  if (u < lo || u > hi) {
    pli_cfg_error(ctx, s, "%s: must be between %llu and %llu (found %llu)", what,
                  (unsigned long long)lo, (unsigned long long)hi, (unsigned long long)u);
    return 0;
  }
  *out = u;
  return 1;
}

const char *pli_cfg_string(pli_cfg_reader *ctx, const config_setting_t *s, const char *what) {
  if (config_setting_type(s) != CONFIG_TYPE_STRING) {
    pli_cfg_error(ctx, s, "%s: expected a string, found %s", what, pli_cfg_type_name(s));
    return NULL;
  }
  return config_setting_get_string(s);
}

/* Ids are words of [A-Za-z0-9_-] (they appear in parameter paths, which use dots). */
int pli_cfg_is_identifier(const char *s, int allow_dot) {
  if (s[0] == '\0' || s[0] == '.') {
    return 0;
  }
  /* An id is also a setting name (position = { ID = ...; }), which libconfig starts with a
   * letter; the scenario name (allow_dot) only names files. */
  if (!allow_dot && !isalpha((unsigned char)s[0])) {
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
 * domain d (with the range [lo, hi] for RANGE): a fixed value and a normal's mean inside
 * the domain, a bounded support inside its closure. */
void pli_cfg_param(pli_cfg_reader *ctx, const config_setting_t *s, const char *what, pli_domain d,
                   double lo, double hi, pli_param *p) {
  char dom[96];
  pli_schema_domain_text(d, lo, hi, dom, sizeof dom);
  p->line = pli_cfg_line(s);
  if (config_setting_type(s) != CONFIG_TYPE_GROUP) {
    double v;
    if (config_setting_type(s) == CONFIG_TYPE_STRING ||
        config_setting_type(s) == CONFIG_TYPE_BOOL || config_setting_is_aggregate(s)) {
      pli_cfg_error(ctx, s, "%s: expected a number or a distribution group, found %s", what,
                    pli_cfg_type_name(s));
      return;
    }
    if (!pli_cfg_number(ctx, s, what, &v)) {
      return;
    }
    if (!pli_schema_in_domain(d, v, lo, hi)) {
      pli_cfg_error(ctx, s, "%s: value %.15g outside %s", what, v, dom);
      return;
    }
    p->dist = (pl_dist){PL_DIST_FIXED, v, 0.0, 0.0};
    return;
  }
  /* A distribution group. */
  const config_setting_t *ds = config_setting_get_member(s, "dist");
  if (ds == NULL) {
    pli_cfg_error(
        ctx, s, "%s: a distribution group needs 'dist' (normal, uniform, triangular, beta)", what);
    return;
  }
  char dwhat[340];
  snprintf(dwhat, sizeof dwhat, "%s.dist", what);
  const char *name = pli_cfg_string(ctx, ds, dwhat);
  if (name == NULL) {
    return;
  }
  pl_dist_kind kind = PL_DIST_NORMAL; /* the kinds a file may name: NORMAL .. BETA */
  while (kind <= PL_DIST_BETA && strcmp(name, pl_dist_kind_name(kind)) != 0) {
    kind++;
  }
  if (kind > PL_DIST_BETA) {
    pli_cfg_error(ctx, ds,
                  "%s: unknown distribution '%s' (expected normal, uniform, triangular or beta)",
                  what, name);
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
      pli_cfg_error(ctx, c, "unknown setting '%s' in %s", key != NULL ? key : "?", where);
    }
  }
  double v[3] = {0.0, 0.0, 0.0};
  for (size_t k = 0; k < n_keys; k++) {
    const char *key = pl_dist_param_name(kind, k);
    const config_setting_t *m = config_setting_get_member(s, key);
    char sub[300];
    snprintf(sub, sizeof sub, "%s (%s %s)", what, name, key);
    if (m == NULL) {
      pli_cfg_error(ctx, s, "%s: the %s distribution needs '%s'", what, name, key);
    } else {
      pli_cfg_number(ctx, m, sub, &v[k]);
    }
  }
  if (ctx->errors != before) {
    return;
  }
  /* Bounded supports must lie in the closed domain; a normal's mean inside it (the one rule
   * that --set PATH.PARAM keeps too). Draws are clamped to the domain (open bounds included). */
  pl_dist dist = {kind, v[0], v[1], v[2]};
  char why[300];
  if (!pli_schema_dist_check(&dist, d, lo, hi, why, sizeof why)) {
    pli_cfg_error(ctx, s, "%s: %s", what, why);
  }
  if (ctx->errors == before) {
    p->dist = dist;
  }
}
