/*
 * scenario.c — loads a scenario file (libconfig 1.5) into the immutable model of scenario_impl.h,
 * validates it, and answers the read-only accessors.
 *
 * The loader walks the libconfig tree once, filling the model and recording every problem it finds
 * (it does not stop at the first), each with the file and line of the offending setting; then the
 * cross checks of pl_scn_check_model run on the model, and, if all is well, each value of the
 * `sweep` section is tried on a copy. The libconfig objects are destroyed before returning.
 * libconfig 1.5 silently wraps integer literals that do not fit their type; every integer setting
 * is therefore re-read from the source text of its line to detect that (see ld_find_overflow).
 * Before libconfig sees the text, a file with a NUL byte is refused (libconfig would silently stop
 * there) and every @include target is checked (ld_check_includes: libconfig 1.5 would exit() on a
 * folder, block on a FIFO, and loop on a file that includes itself).
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
#include <sys/stat.h>

#include "parley/scenario.h"
#include "scenario_impl.h"
#include "scenario_internal.h"

/* Generated at build time from scenarios/gaza-2024-08.cfg (cmake/embed.cmake). */
extern const char pl_reference_scenario[];
extern const unsigned long pl_reference_scenario_len;

#define PL_DEFAULT_MAX_ROUNDS 40u
#define PL_DEFAULT_TRIALS 10000u
#define PL_DEFAULT_SEED 1u
#define PL_MAX_SWEEP_STEPS 100000
/* The name and the ids become parts of file names (results/NAME-YYYYmmdd-HHMMSS/, the plots'
 * agreement_point-ISSUE.png), which most file systems cap at 255 bytes. */
#define PL_MAX_ID_LEN 100

/* ------------------------------------------------------------------------------------------ */
/* Shared helpers (scenario_internal.h)                                                        */

char *pl_scn_strdup(const char *s) {
  size_t n = strlen(s) + 1;
  char *c = malloc(n);
  if (c != NULL) {
    memcpy(c, s, n);
  }
  return c;
}

size_t pl_scn_stride(size_t n_issues, size_t n_agents) { return 4 + 2 * n_issues + n_agents; }

void pl_scn_param_locate(const pl_scenario *sc, size_t k, size_t *agent, pl_scn_field *field,
                         size_t *index) {
  size_t stride = pl_scn_stride(sc->n_issues, sc->n_agents);
  size_t off = k % stride;
  *agent = k / stride;
  *index = 0;
  if (off < 4) {
    *field = (pl_scn_field)off;
  } else if (off < 4 + sc->n_issues) {
    *field = PL_FIELD_POSITION;
    *index = off - 4;
  } else if (off < 4 + 2 * sc->n_issues) {
    *field = PL_FIELD_SALIENCE;
    *index = off - 4 - sc->n_issues;
  } else {
    *field = PL_FIELD_LEVERAGE;
    *index = off - 4 - 2 * sc->n_issues;
  }
}

const char *pl_scn_field_name(pl_scn_field f) {
  static const char *const names[] = {"capability", "reservation", "flexibility", "patience",
                                      "position",   "salience",    "leverage"};
  return names[f];
}

void pl_scn_domain_text(pl_scn_field f, double lo, double hi, char *buf, size_t n) {
  if (f == PL_FIELD_CAPABILITY) {
    snprintf(buf, n, "(0, inf)");
  } else if (f == PL_FIELD_PATIENCE) {
    snprintf(buf, n, "(0, 1]");
  } else {
    snprintf(buf, n, "[%.15g, %.15g]", lo, hi);
  }
}

int pl_scn_in_domain(pl_scn_field f, double v, double lo, double hi) {
  if (!isfinite(v)) {
    return 0;
  }
  if (f == PL_FIELD_CAPABILITY) {
    return v > 0.0;
  }
  if (f == PL_FIELD_PATIENCE) {
    return v > 0.0 && v <= 1.0;
  }
  return v >= lo && v <= hi;
}

pl_status pl_scn_reindex(pl_scenario *sc) {
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
  return PL_OK;
}

/* Whether a salience parameter may be positive: a fixed value > 0 or any distribution. */
static int pl_scn_maybe_positive(const pl_param *p) {
  return p->dist.kind != PL_DIST_FIXED || p->dist.a > 0.0;
}

size_t pl_scn_check_model(const pl_scenario *sc, pl_scn_report_fn report, void *ctx) {
  size_t errors = 0;
  char msg[512];
  if (sc->n_parties < 2) {
    snprintf(msg, sizeof msg, "a scenario needs at least two parties (role = \"party\"); found %zu",
             sc->n_parties);
    report(ctx, PL_SCN_AT_AGENTS, 0, msg);
    errors++;
  }
  if (sc->protocol == PL_PROTOCOL_ALTERNATING && sc->n_parties != 2) {
    snprintf(msg, sizeof msg, "protocol 'alternating' needs exactly two parties; found %zu",
             sc->n_parties);
    report(ctx, PL_SCN_AT_PROTOCOL_KIND, 0, msg);
    errors++;
  }
  if (sc->first < sc->n_agents && sc->agents[sc->first].role != PL_ROLE_PARTY) {
    snprintf(msg, sizeof msg, "'%s' is a mediator; the first proposer must be a party",
             sc->agents[sc->first].id);
    report(ctx, PL_SCN_AT_FIRST, 0, msg);
    errors++;
  }
  for (size_t i = 0; i < sc->n_agents; i++) {
    const pl_agent *a = &sc->agents[i];
    int any = 0;
    for (size_t j = 0; j < sc->n_issues; j++) {
      any |= pl_scn_maybe_positive(&sc->params[a->salience + j]);
    }
    if (!any) {
      snprintf(msg, sizeof msg,
               "agent '%s' has zero salience on every issue (an agent must care about some issue)",
               a->id);
      report(ctx, PL_SCN_AT_AGENT, i, msg);
      errors++;
    }
  }
  for (size_t j = 0; j < sc->n_issues; j++) {
    int any = 0;
    for (size_t i = 0; i < sc->n_agents; i++) {
      any |= pl_scn_maybe_positive(&sc->params[sc->agents[i].salience + j]);
    }
    if (!any) {
      snprintf(msg, sizeof msg, "no agent has a positive salience on issue '%s'", sc->issues[j].id);
      report(ctx, PL_SCN_AT_ISSUE, j, msg);
      errors++;
    }
  }
  return errors;
}

void pl_scn_clear(pl_scenario *sc) {
  free(sc->name);
  free(sc->title);
  free(sc->source);
  free(sc->include_dir);
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
  }
  free(sc->sweep);
  memset(sc, 0, sizeof *sc);
}

/* ------------------------------------------------------------------------------------------ */
/* The loader's context and its reporting                                                      */

typedef struct {
  pl_diags *diags;
  size_t errors;
  int nomem;
  const char *display; /* the main file's name in diagnostics */
  const char *text;    /* the main file's text */
  char *inc_file;      /* the last included file read for ld_find_overflow, and its text */
  char *inc_text;
  pl_scenario *sc;
  const config_setting_t **issue_set; /* [n_issues] */
  const config_setting_t **agent_set; /* [n_agents] */
  const config_setting_t *agents_list, *kind_set, *first_set, *protocol_set;
  int bad_roles;            /* some role could not be read: skip the party-count checks */
  unsigned char *issue_dup; /* [n_issues] bit 1: a duplicate id, bit 2: a bad range (both reported
                               already; later checks skip what would only repeat them) */
  const char *include_dir;
  const char *memo_text; /* ld_source_line resumes from here: memo_ptr starts line memo_line */
  const char *memo_ptr;
  int memo_line;
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

/* Reports every key of group s that is not in allowed (NULL-terminated). */
static void ld_check_keys(ld_ctx *ctx, const config_setting_t *s, const char *where,
                          const char *const *allowed) {
  int n = config_setting_length(s);
  for (int e = 0; e < n; e++) {
    const config_setting_t *c = config_setting_get_elem(s, (unsigned)e);
    const char *key = config_setting_name(c);
    int ok = 0;
    for (size_t k = 0; allowed[k] != NULL && key != NULL; k++) {
      ok |= strcmp(key, allowed[k]) == 0;
    }
    if (!ok) {
      if (where[0] != '\0') {
        ld_error(ctx, c, "unknown setting '%s' in %s", key != NULL ? key : "?", where);
      } else {
        ld_error(ctx, c, "unknown setting '%s'", key != NULL ? key : "?");
      }
    }
  }
}

/* ------------------------------------------------------------------------------------------ */
/* Integer literals that libconfig wrapped                                                     */

typedef struct {
  const char *start;
  size_t len;   /* of the literal text, sign and suffix included */
  uint64_t mag; /* magnitude (valid unless overflow) */
  int neg, hex, is64, overflow;
} ld_lit;

/* Reads the file at path whole (NUL-terminated), or NULL. */
static char *ld_read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (f == NULL) {
    return NULL;
  }
  size_t cap = 4096, n = 0;
  char *buf = malloc(cap);
  while (buf != NULL) {
    if (n + 1 >= cap) {
      char *bigger = realloc(buf, cap * 2);
      if (bigger == NULL) {
        free(buf);
        buf = NULL;
        break;
      }
      buf = bigger;
      cap *= 2;
    }
    size_t got = fread(buf + n, 1, cap - n - 1, f);
    n += got;
    if (got == 0) {
      break;
    }
  }
  int bad = ferror(f);
  fclose(f);
  if (buf == NULL || bad) {
    free(buf);
    return NULL;
  }
  buf[n] = '\0';
  if (len != NULL) {
    *len = n;
  }
  return buf;
}

/* The text of line `line` (1-based) of the file setting s comes from; *n gets its length. */
static const char *ld_source_line(ld_ctx *ctx, const config_setting_t *s, size_t *n) {
  char buf[4096];
  const char *file =
      config_setting_source_file(s) != NULL ? ld_file(ctx, s, buf, sizeof buf) : NULL;
  const char *text = ctx->text;
  if (file != NULL) {
    if (ctx->inc_file == NULL || strcmp(ctx->inc_file, file) != 0) {
      free(ctx->inc_file);
      free(ctx->inc_text);
      ctx->inc_file = pl_scn_strdup(file);
      ctx->inc_text = ld_read_file(file, NULL);
      ctx->memo_text = NULL;
    }
    text = ctx->inc_text;
  }
  if (text == NULL) {
    return NULL;
  }
  int line = ld_line(s);
  int l = 1;
  const char *base = text;
  /* Settings come mostly in file order: resume from the last line found, so that a file of n
   * integer settings costs O(n) line walks, not O(n^2). */
  if (ctx->memo_text == base && ctx->memo_line <= line) {
    text = ctx->memo_ptr;
    l = ctx->memo_line;
  }
  for (; l < line && text != NULL; l++) {
    text = strchr(text, '\n');
    if (text != NULL) {
      text++;
    }
  }
  if (text == NULL) {
    return NULL;
  }
  ctx->memo_text = base;
  ctx->memo_ptr = text;
  ctx->memo_line = line;
  const char *end = strchr(text, '\n');
  *n = end != NULL ? (size_t)(end - text) : strlen(text);
  return text;
}

/* Scans one line for integer literals, skipping strings and comments; calls back on each.
 * Returns 1 as soon as accept() does. */
static int ld_scan_literals(const char *p, size_t n, int (*accept)(const ld_lit *, void *),
                            void *arg) {
  const char *end = p + n;
  const char *q = p;
  while (q < end) {
    char ch = *q;
    if (ch == '"') { /* skip a string literal */
      q++;
      while (q < end && *q != '"') {
        q += (*q == '\\' && q + 1 < end) ? 2 : 1;
      }
      q++;
      continue;
    }
    if (ch == '#' || (ch == '/' && q + 1 < end && q[1] == '/')) {
      break;
    }
    if (ch == '/' && q + 1 < end && q[1] == '*') {
      const char *close = q + 2;
      while (close + 1 < end && !(close[0] == '*' && close[1] == '/')) {
        close++;
      }
      q = close + 2;
      continue;
    }
    int prev_word = q > p && (isalnum((unsigned char)q[-1]) || q[-1] == '_' || q[-1] == '.');
    if (!isdigit((unsigned char)ch) || prev_word) {
      q++;
      continue;
    }
    ld_lit lit = {0};
    const char *start = q;
    if (q > p && (q[-1] == '-' || q[-1] == '+')) {
      start = q - 1;
      lit.neg = q[-1] == '-';
    }
    if (ch == '0' && q + 1 < end && (q[1] == 'x' || q[1] == 'X')) {
      lit.hex = 1;
      q += 2;
      while (q < end && isxdigit((unsigned char)*q)) {
        unsigned d = isdigit((unsigned char)*q) ? (unsigned)(*q - '0')
                                                : (unsigned)(tolower((unsigned char)*q) - 'a' + 10);
        if (lit.mag > (UINT64_MAX - d) / 16) {
          lit.overflow = 1;
        }
        lit.mag = lit.mag * 16 + d;
        q++;
      }
    } else {
      while (q < end && isdigit((unsigned char)*q)) {
        unsigned d = (unsigned)(*q - '0');
        if (lit.mag > (UINT64_MAX - d) / 10) {
          lit.overflow = 1;
        }
        lit.mag = lit.mag * 10 + d;
        q++;
      }
    }
    if (q < end && (*q == '.' || *q == 'e' || *q == 'E')) { /* a float: skip it */
      while (q < end && (isalnum((unsigned char)*q) || *q == '.' || *q == '+' || *q == '-')) {
        q++;
      }
      continue;
    }
    if (q < end && *q == 'L') {
      lit.is64 = 1;
      q++;
      if (q < end && *q == 'L') {
        q++;
      }
    }
    lit.start = start;
    lit.len = (size_t)(q - start);
    if (accept(&lit, arg)) {
      *(ld_lit *)arg = lit;
      return 1;
    }
  }
  return 0;
}

typedef struct {
  ld_lit lit; /* first member: ld_scan_literals writes the match here */
  long long value;
  int is64;
} ld_overflow_query;

static int ld_overflow_accept(const ld_lit *lit, void *arg) {
  const ld_overflow_query *qy = arg;
  if (lit->is64 != qy->is64) {
    return 0;
  }
  if (lit->overflow) {
    return 1;
  }
  if (!qy->is64) {
    int out = lit->neg ? lit->mag > 0x80000000u : lit->mag > 0x7FFFFFFFu;
    uint64_t u = lit->neg ? (uint64_t)0 - lit->mag : lit->mag;
    return out && (uint32_t)u == (uint32_t)(unsigned long long)qy->value;
  }
  if (lit->hex) {
    return 0;
  }
  return lit->neg ? lit->mag > (uint64_t)INT64_MAX + 1u : lit->mag > (uint64_t)INT64_MAX;
}

/* Whether the integer setting s was written as a literal that libconfig could not hold; *lit then
 * describes that literal. */
static int ld_find_overflow(ld_ctx *ctx, const config_setting_t *s, ld_lit *lit) {
  int type = config_setting_type(s);
  if (type != CONFIG_TYPE_INT && type != CONFIG_TYPE_INT64) {
    return 0;
  }
  size_t n = 0;
  const char *line = ld_source_line(ctx, s, &n);
  if (line == NULL) {
    return 0;
  }
  ld_overflow_query qy = {{0}, config_setting_get_int64(s), type == CONFIG_TYPE_INT64};
  if (ld_scan_literals(line, n, ld_overflow_accept, &qy)) {
    *lit = qy.lit;
    return 1;
  }
  return 0;
}

static void ld_report_overflow(ld_ctx *ctx, const config_setting_t *s, const ld_lit *lit) {
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
  ld_lit lit;
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
  ld_lit lit;
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
    int hex = 0;
    for (size_t k = 0; line != NULL && k + 1 < n; k++) {
      hex |= line[k] == '0' && (line[k + 1] == 'x' || line[k + 1] == 'X');
    }
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

static void ld_param_read(ld_ctx *ctx, const config_setting_t *s, const char *what, pl_scn_field f,
                          pl_param *p);

/* Reads the number at s (a plain number or a distribution group) into p, checking it against the
 * domain of field f with bounds [p->lo, p->hi]. */
static void ld_param(ld_ctx *ctx, const config_setting_t *s, const char *what, pl_scn_field f,
                     pl_param *p) {
  size_t before = ctx->errors;
  ld_param_read(ctx, s, what, f, p);
  if (ctx->errors != before && f == PL_FIELD_SALIENCE) {
    p->dist = (pl_dist){PL_DIST_FIXED, 1.0, 0.0, 0.0}; /* no "zero salience" cascade */
  }
}

static void ld_param_read(ld_ctx *ctx, const config_setting_t *s, const char *what, pl_scn_field f,
                          pl_param *p) {
  char dom[96];
  pl_scn_domain_text(f, p->lo, p->hi, dom, sizeof dom);
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
    if (!pl_scn_in_domain(f, v, p->lo, p->hi)) {
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
  const char *allowed[5] = {"dist", pl_dist_param_name(kind, 0), pl_dist_param_name(kind, 1),
                            pl_dist_param_name(kind, 2), NULL};
  char where[300];
  snprintf(where, sizeof where, "the %s distribution of %s", name, what);
  size_t before = ctx->errors;
  ld_check_keys(ctx, s, where, allowed);
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
  double clo = f == PL_FIELD_CAPABILITY ? 0.0 : p->lo;
  double chi = p->hi;
  switch (kind) {
  case PL_DIST_NORMAL:
    if (v[1] < 0.0) {
      ld_error(ctx, s, "%s: normal sd must be >= 0 (found %.15g)", what, v[1]);
    } else if (!pl_scn_in_domain(f, v[0], p->lo, p->hi)) {
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
    } else if (f == PL_FIELD_CAPABILITY || p->lo < 0.0 || p->hi > 1.0) {
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

/* ------------------------------------------------------------------------------------------ */
/* Sections                                                                                    */

static size_t ld_find_issue(const pl_scenario *sc, const char *id) {
  for (size_t j = 0; j < sc->n_issues; j++) {
    if (sc->issues[j].id != NULL && strcmp(sc->issues[j].id, id) == 0) {
      return j;
    }
  }
  return SIZE_MAX;
}

static size_t ld_find_agent(const pl_scenario *sc, const char *id) {
  for (size_t i = 0; i < sc->n_agents; i++) {
    if (sc->agents[i].id != NULL && strcmp(sc->agents[i].id, id) == 0) {
      return i;
    }
  }
  return SIZE_MAX;
}

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
  static const char *const keys[] = {"id", "label", "unit", "min", "max", NULL};
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
      size_t prev = ld_find_issue(sc, id);
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
    ld_check_keys(ctx, g, what, keys);
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
      size_t prev = ld_find_agent(sc, id);
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
    if (s == NULL) {
      ld_error(ctx, g, "agent '%s': missing 'role' (\"party\" or \"mediator\")", a->id);
      ctx->bad_roles = 1;
    } else if (role == NULL) {
      ctx->bad_roles = 1;
    } else if (strcmp(role, "party") == 0) {
      a->role = PL_ROLE_PARTY;
    } else if (strcmp(role, "mediator") == 0) {
      a->role = PL_ROLE_MEDIATOR;
    } else {
      ld_error(ctx, s, "agent '%s': unknown role '%s' (expected \"party\" or \"mediator\")", a->id,
               role);
      ctx->bad_roles = 1;
    }
  }
}

/* Sets every parameter to its default and its domain. */
static int ld_params_init(ld_ctx *ctx) {
  pl_scenario *sc = ctx->sc;
  size_t stride = pl_scn_stride(sc->n_issues, sc->n_agents);
  sc->n_params = stride * sc->n_agents;
  sc->params = calloc(sc->n_params ? sc->n_params : 1, sizeof *sc->params);
  if (sc->params == NULL) {
    ctx->nomem = 1;
    return 0;
  }
  for (size_t i = 0; i < sc->n_agents; i++) {
    pl_agent *a = &sc->agents[i];
    size_t b = i * stride;
    a->capability = b;
    a->reservation = b + 1;
    a->flexibility = b + 2;
    a->patience = b + 3;
    a->position = b + 4;
    a->salience = b + 4 + sc->n_issues;
    a->leverage = b + 4 + 2 * sc->n_issues;
    pl_param *p = sc->params;
    p[a->capability] = (pl_param){{PL_DIST_FIXED, 1.0, 0, 0}, DBL_MIN, DBL_MAX, 0};
    p[a->reservation] = (pl_param){{PL_DIST_FIXED, 0.0, 0, 0}, 0.0, 1.0, 0};
    p[a->flexibility] = (pl_param){{PL_DIST_FIXED, 0.0, 0, 0}, 0.0, 1.0, 0};
    p[a->patience] = (pl_param){{PL_DIST_FIXED, 1.0, 0, 0}, DBL_MIN, 1.0, 0};
    for (size_t j = 0; j < sc->n_issues; j++) {
      const pl_issue *is = &sc->issues[j];
      p[a->position + j] = (pl_param){
          {PL_DIST_FIXED, is->min + 0.5 * (is->max - is->min), 0, 0}, is->min, is->max, 0};
      if (ctx->issue_dup[j] & 2) {
        p[a->position + j].lo = -DBL_MAX;
        p[a->position + j].hi = DBL_MAX;
      }
      p[a->salience + j] = (pl_param){{PL_DIST_FIXED, 0.0, 0, 0}, 0.0, 1.0, 0};
    }
    for (size_t k = 0; k < sc->n_agents; k++) {
      p[a->leverage + k] = (pl_param){{PL_DIST_FIXED, 0.0, 0, 0}, 0.0, 1.0, 0};
    }
  }
  return 1;
}

/* position = { issue = x; ... } or salience = { ... }: marks given[j] for each issue set. */
static void ld_issue_map(ld_ctx *ctx, const config_setting_t *s, const pl_agent *a, pl_scn_field f,
                         unsigned char *given) {
  pl_scenario *sc = ctx->sc;
  const char *fname = pl_scn_field_name(f);
  if (config_setting_type(s) != CONFIG_TYPE_GROUP) {
    ld_error(ctx, s, "agents.%s.%s: expected a group { ISSUE = number; ... }, found %s", a->id,
             fname, ld_type_name(s));
    return;
  }
  int n = config_setting_length(s);
  for (int e = 0; e < n; e++) {
    const config_setting_t *m = config_setting_get_elem(s, (unsigned)e);
    const char *key = config_setting_name(m);
    size_t j = ld_find_issue(sc, key);
    if (j == SIZE_MAX) {
      ld_error(ctx, m, "agents.%s.%s: unknown issue '%s'", a->id, fname, key);
      continue;
    }
    char what[300];
    snprintf(what, sizeof what, "agents.%s.%s.%s", a->id, fname, key);
    size_t k = (f == PL_FIELD_POSITION ? a->position : a->salience) + j;
    ld_param(ctx, m, what, f, &sc->params[k]);
    if (given != NULL) {
      given[j] = 1;
    }
  }
}

static void ld_agent(ld_ctx *ctx, size_t i, unsigned char *pos_given, unsigned char *sal_given) {
  pl_scenario *sc = ctx->sc;
  pl_agent *a = &sc->agents[i];
  const config_setting_t *g = ctx->agent_set[i];
  if (config_setting_type(g) != CONFIG_TYPE_GROUP) {
    return;
  }
  static const char *const keys[] = {"id",       "label",    "role",        "capability",
                                     "position", "salience", "reservation", "flexibility",
                                     "patience", "utility",  "leverage",    NULL};
  char where[300];
  snprintf(where, sizeof where, "agents.%s", a->id);
  ld_check_keys(ctx, g, where, keys);
  const config_setting_t *s;
  const char *label = a->id;
  if ((s = config_setting_get_member(g, "label")) != NULL) {
    const char *l = ld_string(ctx, s, "label");
    label = l != NULL ? l : label;
  }
  if (!ld_set_string(ctx, &a->label, label)) {
    return;
  }
  static const struct {
    const char *key;
    pl_scn_field f;
  } scalars[] = {{"capability", PL_FIELD_CAPABILITY},
                 {"reservation", PL_FIELD_RESERVATION},
                 {"flexibility", PL_FIELD_FLEXIBILITY},
                 {"patience", PL_FIELD_PATIENCE}};
  for (size_t q = 0; q < 4; q++) {
    s = config_setting_get_member(g, scalars[q].key);
    char what[340];
    snprintf(what, sizeof what, "agents.%s.%s", a->id, scalars[q].key);
    if (s != NULL) {
      ld_param(ctx, s, what, scalars[q].f, &sc->params[a->capability + q]);
    } else if (scalars[q].f == PL_FIELD_CAPABILITY) {
      ld_error(ctx, g, "agents.%s: missing 'capability' (relative influence, > 0)", a->id);
    } else if (scalars[q].f == PL_FIELD_RESERVATION && a->role == PL_ROLE_PARTY) {
      ld_error(ctx, g, "agents.%s: missing 'reservation' (required for a party, [0, 1])", a->id);
    }
  }
  a->utility = PL_UTILITY_LINEAR;
  if ((s = config_setting_get_member(g, "utility")) != NULL) {
    const char *u = ld_string(ctx, s, "utility");
    if (u != NULL && strcmp(u, "linear") == 0) {
      a->utility = PL_UTILITY_LINEAR;
    } else if (u != NULL && strcmp(u, "quadratic") == 0) {
      a->utility = PL_UTILITY_QUADRATIC;
    } else if (u != NULL) {
      ld_error(ctx, s, "agents.%s.utility: unknown utility '%s' (expected linear or quadratic)",
               a->id, u);
    }
  }
  const config_setting_t *pos = config_setting_get_member(g, "position");
  const config_setting_t *sal = config_setting_get_member(g, "salience");
  if (pos != NULL) {
    ld_issue_map(ctx, pos, a, PL_FIELD_POSITION, pos_given);
  }
  if (sal != NULL) {
    ld_issue_map(ctx, sal, a, PL_FIELD_SALIENCE, sal_given);
  }
  if (pos == NULL || config_setting_type(pos) == CONFIG_TYPE_GROUP) {
    for (size_t j = 0; j < sc->n_issues; j++) {
      if (pos_given[j] || sc->issues[j].id[0] == '\0' || (ctx->issue_dup[j] & 1)) {
        continue;
      }
      if (a->role == PL_ROLE_PARTY) {
        ld_error(ctx, pos != NULL ? pos : g,
                 "agents.%s: no position on issue '%s' (a party needs one on every issue)", a->id,
                 sc->issues[j].id);
      } else if (pl_scn_maybe_positive(&sc->params[a->salience + j]) && sal_given[j]) {
        ld_error(ctx, pos != NULL ? pos : g,
                 "agents.%s: salience on issue '%s' but no position (a mediator's position "
                 "defaults to the midpoint only where its salience is 0)",
                 a->id, sc->issues[j].id);
      }
    }
  }
  if ((s = config_setting_get_member(g, "leverage")) != NULL) {
    if (a->role == PL_ROLE_PARTY) {
      ld_error(ctx, s, "agents.%s.leverage: only mediators have leverage", a->id);
    } else if (config_setting_type(s) != CONFIG_TYPE_GROUP) {
      ld_error(ctx, s, "agents.%s.leverage: expected a group { PARTY = number; ... }, found %s",
               a->id, ld_type_name(s));
    } else {
      int n = config_setting_length(s);
      for (int e = 0; e < n; e++) {
        const config_setting_t *m = config_setting_get_elem(s, (unsigned)e);
        const char *key = config_setting_name(m);
        size_t k = ld_find_agent(sc, key);
        if (k == SIZE_MAX) {
          ld_error(ctx, m, "agents.%s.leverage: unknown agent '%s'", a->id, key);
        } else if (sc->agents[k].role != PL_ROLE_PARTY) {
          ld_error(ctx, m, "agents.%s.leverage: '%s' is not a party (leverage acts on parties)",
                   a->id, key);
        } else {
          char what[300];
          snprintf(what, sizeof what, "agents.%s.leverage.%s", a->id, key);
          ld_param(ctx, m, what, PL_FIELD_LEVERAGE, &sc->params[a->leverage + k]);
        }
      }
    }
  }
}

static void ld_agents(ld_ctx *ctx) {
  pl_scenario *sc = ctx->sc;
  if (!ld_params_init(ctx)) {
    return;
  }
  unsigned char *given = calloc(2 * (sc->n_issues + 1), 1);
  if (given == NULL) {
    ctx->nomem = 1;
    return;
  }
  for (size_t i = 0; i < sc->n_agents && !ctx->nomem; i++) {
    memset(given, 0, 2 * (sc->n_issues + 1));
    ld_agent(ctx, i, given, given + sc->n_issues + 1);
  }
  free(given);
}

static void ld_protocol(ld_ctx *ctx, const config_setting_t *root) {
  pl_scenario *sc = ctx->sc;
  sc->protocol = PL_PROTOCOL_MEDIATED;
  sc->max_rounds = PL_DEFAULT_MAX_ROUNDS;
  sc->breakdown = 0.0;
  sc->noise = 0.0;
  sc->first = SIZE_MAX;
  const config_setting_t *g = config_setting_get_member(root, "protocol");
  ctx->protocol_set = g;
  if (g == NULL) {
    return;
  }
  sc->protocol_line = ld_line(g);
  if (config_setting_type(g) != CONFIG_TYPE_GROUP) {
    ld_error(ctx, g, "protocol: expected a group { kind = ...; ... }, found %s", ld_type_name(g));
    return;
  }
  static const char *const keys[] = {"kind", "max_rounds", "breakdown", "noise", "first", NULL};
  ld_check_keys(ctx, g, "protocol", keys);
  const config_setting_t *s;
  if ((s = config_setting_get_member(g, "kind")) != NULL) {
    ctx->kind_set = s;
    const char *k = ld_string(ctx, s, "protocol.kind");
    if (k != NULL) {
      if (strcmp(k, "mediated") == 0) {
        sc->protocol = PL_PROTOCOL_MEDIATED;
      } else if (strcmp(k, "alternating") == 0) {
        sc->protocol = PL_PROTOCOL_ALTERNATING;
      } else if (strcmp(k, "eum") == 0) {
        sc->protocol = PL_PROTOCOL_EUM;
      } else {
        ld_error(ctx, s,
                 "protocol.kind: unknown protocol '%s' (expected mediated, alternating or eum)", k);
      }
    }
  }
  uint64_t u;
  if ((s = config_setting_get_member(g, "max_rounds")) != NULL &&
      ld_integer(ctx, s, "protocol.max_rounds", 1, PL_MAX_ROUNDS, 0, &u)) {
    sc->max_rounds = (unsigned)u;
  }
  double v;
  if ((s = config_setting_get_member(g, "breakdown")) != NULL &&
      ld_number(ctx, s, "protocol.breakdown", &v)) {
    if (v < 0.0 || v > 1.0) {
      ld_error(ctx, s, "protocol.breakdown: value %.15g outside [0, 1]", v);
    } else {
      sc->breakdown = v;
    }
  }
  if ((s = config_setting_get_member(g, "noise")) != NULL &&
      ld_number(ctx, s, "protocol.noise", &v)) {
    if (v < 0.0) {
      ld_error(ctx, s, "protocol.noise: value %.15g outside [0, inf)", v);
    } else {
      sc->noise = v;
    }
  }
  if ((s = config_setting_get_member(g, "first")) != NULL) {
    ctx->first_set = s;
    const char *f = ld_string(ctx, s, "protocol.first");
    if (f != NULL) {
      size_t i = ld_find_agent(sc, f);
      if (i == SIZE_MAX) {
        ld_error(ctx, s, "protocol.first: unknown agent '%s'", f);
      } else {
        sc->first = i;
      }
    }
  }
}

static void ld_montecarlo(ld_ctx *ctx, const config_setting_t *root) {
  pl_scenario *sc = ctx->sc;
  sc->trials = PL_DEFAULT_TRIALS;
  sc->seed = PL_DEFAULT_SEED;
  const config_setting_t *g = config_setting_get_member(root, "montecarlo");
  if (g == NULL) {
    return;
  }
  sc->montecarlo_line = ld_line(g);
  if (config_setting_type(g) != CONFIG_TYPE_GROUP) {
    ld_error(ctx, g, "montecarlo: expected a group { trials = ...; seed = ...; }, found %s",
             ld_type_name(g));
    return;
  }
  static const char *const keys[] = {"trials", "seed", NULL};
  ld_check_keys(ctx, g, "montecarlo", keys);
  const config_setting_t *s;
  uint64_t u;
  if ((s = config_setting_get_member(g, "trials")) != NULL &&
      ld_integer(ctx, s, "montecarlo.trials", 1, PL_MAX_TRIALS, 0, &u)) {
    sc->trials = u;
  }
  if ((s = config_setting_get_member(g, "seed")) != NULL &&
      ld_integer(ctx, s, "montecarlo.seed", 0, UINT64_MAX, 1, &u)) {
    sc->seed = u;
  }
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
  static const char *const keys[] = {"path", "from", "to", "steps", "values", NULL};
  for (size_t gi = 0; gi < n; gi++) {
    const config_setting_t *g = config_setting_get_elem(list, (unsigned)gi);
    if (config_setting_type(g) != CONFIG_TYPE_GROUP) {
      ld_error(ctx, g, "sweep: expected a group { path = ...; ... }, found %s", ld_type_name(g));
      continue;
    }
    ld_check_keys(ctx, g, "sweep", keys);
    pl_sweep_group *sg = &sc->sweep[sc->n_sweep];
    sg->line = ld_line(g);
    const config_setting_t *sp = config_setting_get_member(g, "path");
    const char *path = sp != NULL ? ld_string(ctx, sp, "sweep.path") : NULL;
    if (sp == NULL) {
      ld_error(ctx, g, "sweep: missing 'path' (a parameter path such as agents.ID.reservation)");
    }
    const config_setting_t *sf = config_setting_get_member(g, "from");
    const config_setting_t *st = config_setting_get_member(g, "to");
    const config_setting_t *sn = config_setting_get_member(g, "steps");
    const config_setting_t *sv = config_setting_get_member(g, "values");
    int range = sf != NULL || st != NULL || sn != NULL;
    double *values = NULL;
    size_t nv = 0;
    if (range && sv != NULL) {
      ld_error(ctx, g, "sweep: a group takes either from/to/steps or values, not both");
      continue;
    }
    if (!range && sv == NULL) {
      ld_error(ctx, g, "sweep: a group needs from/to/steps or values");
      continue;
    }
    if (range) {
      double from = 0.0, to = 0.0;
      uint64_t steps = 0;
      int ok = 1;
      if (sf == NULL || sn == NULL) {
        ld_error(ctx, g, "sweep: a from/to/steps group needs 'from' and 'steps'");
        ok = 0;
      }
      ok &= sf == NULL || ld_number(ctx, sf, "sweep.from", &from);
      ok &= sn == NULL || ld_integer(ctx, sn, "sweep.steps", 1, PL_MAX_SWEEP_STEPS, 0, &steps);
      if (ok && steps >= 2 && st == NULL) {
        ld_error(ctx, g, "sweep: 'to' is needed when steps >= 2");
        ok = 0;
      }
      ok &= st == NULL || ld_number(ctx, st, "sweep.to", &to);
      if (!ok) {
        continue;
      }
      nv = (size_t)steps;
      values = malloc(nv * sizeof *values);
      if (values == NULL) {
        ctx->nomem = 1;
        return;
      }
      for (size_t k = 0; k < nv; k++) {
        values[k] =
            nv == 1 ? from : (k + 1 == nv ? to : from + (to - from) * (double)k / (double)(nv - 1));
      }
    } else {
      if (config_setting_type(sv) != CONFIG_TYPE_ARRAY &&
          config_setting_type(sv) != CONFIG_TYPE_LIST) {
        ld_error(ctx, sv, "sweep.values: expected an array [ ... ] of numbers, found %s",
                 ld_type_name(sv));
        continue;
      }
      nv = (size_t)config_setting_length(sv);
      if (nv == 0) {
        ld_error(ctx, sv, "sweep.values: needs at least one value");
        continue;
      }
      if (nv > PL_MAX_SWEEP_STEPS) {
        ld_error(ctx, sv, "sweep.values: at most %d values (found %zu)", PL_MAX_SWEEP_STEPS, nv);
        continue;
      }
      values = malloc(nv * sizeof *values);
      if (values == NULL) {
        ctx->nomem = 1;
        return;
      }
      int ok = 1;
      for (size_t k = 0; k < nv; k++) {
        ok &= ld_number(ctx, config_setting_get_elem(sv, (unsigned)k), "sweep.values", &values[k]);
      }
      if (!ok) {
        free(values);
        continue;
      }
    }
    if (path == NULL) {
      free(values);
      continue;
    }
    sg->path = pl_scn_strdup(path);
    if (sg->path == NULL) {
      free(values);
      ctx->nomem = 1;
      return;
    }
    sg->values = values;
    sg->n_values = nv;
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
      char value[64];
      snprintf(value, sizeof value, "%.17g", sc->sweep[g].values[k]);
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

/* ------------------------------------------------------------------------------------------ */
/* Public API                                                                                  */

static void ld_root(ld_ctx *ctx, const config_setting_t *root) {
  pl_scenario *sc = ctx->sc;
  static const char *const keys[] = {"name",     "title",      "issues", "agents",
                                     "protocol", "montecarlo", "sweep",  NULL};
  ld_check_keys(ctx, root, "", keys);
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
  ld_protocol(ctx, root);
  ld_montecarlo(ctx, root);
  ld_sweep(ctx, root);
  if (ctx->nomem || pl_scn_reindex(sc) != PL_OK) {
    ctx->nomem = 1;
    return;
  }
  if (sc->first == SIZE_MAX) {
    sc->first = sc->n_parties > 0 ? sc->parties[0] : 0;
  }
  pl_scn_check_model(sc, ld_report, ctx);
  if (ctx->errors == 0 && !ctx->nomem) {
    ld_sweep_check(ctx, root);
  }
}

/* Whether a block comment is open at the end of [p, end), given whether one was open at p.
 * Strings ("...", with escapes) and line comments (#, //) are skipped as libconfig's scanner does.
 */
static int ld_block_comment_after(const char *p, const char *end, int in_comment) {
  while (p < end) {
    if (in_comment) {
      if (p + 1 < end && p[0] == '*' && p[1] == '/') {
        in_comment = 0;
        p += 2;
      } else {
        p++;
      }
    } else if (*p == '"') {
      p++;
      while (p < end && *p != '"') {
        p += (*p == '\\' && p + 1 < end) ? 2 : 1;
      }
      p++;
    } else if (*p == '#' || (p + 1 < end && p[0] == '/' && p[1] == '/')) {
      return 0;
    } else if (p + 1 < end && p[0] == '/' && p[1] == '*') {
      in_comment = 1;
      p += 2;
    } else {
      p++;
    }
  }
  return in_comment;
}

/* libconfig 1.5 opens an @include target with fopen and hands it to its flex scanner, which on a
 * read error (a folder) prints "input in flex scanner failed" and calls exit(); a FIFO or a
 * terminal would block; a file that includes itself fails only at libconfig's nesting limit, with
 * a misleading message. So, before parsing, every `@include "FILE"` line (the scanner's own rule:
 * at the start of a line, after blanks) of the text and, recursively, of the files it includes is
 * checked: the target must exist, be a regular file, and not be a file of the chain that includes
 * it (chain[0..depth] identify them by device and inode; st_nlink 0 when unknown). Returns the
 * number of errors. */
static size_t ld_check_includes(ld_ctx *ctx, const char *text, const char *display,
                                struct stat *chain, int depth) {
  size_t errors = 0;
  int line = 1;
  int in_comment = 0; /* inside a block comment: the scanner ignores @include there */
  for (const char *p = text; p != NULL && *p != '\0' && depth < 10; line++) {
    const char *q = p;
    while (*q == ' ' || *q == '\t') {
      q++;
    }
    const char *eol = strchr(p, '\n');
    const char *line_end = eol != NULL ? eol : p + strlen(p);
    int was_comment = in_comment;
    in_comment = ld_block_comment_after(p, line_end, in_comment);
    p = eol != NULL ? eol + 1 : NULL;
    if (was_comment || strncmp(q, "@include", 8) != 0 || (q[8] != ' ' && q[8] != '\t')) {
      continue;
    }
    q += 8;
    while (*q == ' ' || *q == '\t') {
      q++;
    }
    const char *close = *q == '"' ? strchr(q + 1, '"') : NULL;
    if (close == NULL || (eol != NULL && close > eol) ||
        memchr(q + 1, '\\', (size_t)(close - q - 1)) != NULL) {
      continue; /* not a plain quoted name: libconfig reports what is wrong */
    }
    int len = (int)(close - q - 1);
    char path[4096];
    if (q[1] != '/' && ctx->include_dir != NULL) {
      snprintf(path, sizeof path, "%s/%.*s", ctx->include_dir, len, q + 1);
    } else {
      snprintf(path, sizeof path, "%.*s", len, q + 1);
    }
    struct stat st;
    const char *why = NULL;
    if (stat(path, &st) != 0) {
      why = strerror(errno);
    } else if (S_ISDIR(st.st_mode)) {
      why = "it is a folder, not a file";
    } else if (!S_ISREG(st.st_mode)) {
      why = "it is not a regular file";
    } else {
      for (int k = 0; k <= depth && why == NULL; k++) {
        if (chain[k].st_nlink > 0 && chain[k].st_dev == st.st_dev && chain[k].st_ino == st.st_ino) {
          why = k == depth ? "a file cannot include itself" : "it includes this file (a cycle)";
        }
      }
    }
    if (why != NULL) {
      if (pl_diags_add(ctx->diags, display, line, "cannot include '%.*s': %s", len, q + 1, why) !=
          PL_OK) {
        ctx->nomem = 1;
      }
      errors++;
    } else {
      char *sub = ld_read_file(path, NULL);
      if (sub != NULL) {
        chain[depth + 1] = st;
        errors += ld_check_includes(ctx, sub, path, chain, depth + 1);
        free(sub);
      }
    }
  }
  return errors;
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
  struct stat chain[11];
  memset(chain, 0, sizeof chain);
  if (stat(display_name, &chain[0]) != 0) { /* the file itself, when display_name is its path */
    memset(&chain[0], 0, sizeof chain[0]);
  }
  size_t inc_errors = ld_check_includes(&ctx, text, display_name, chain, 0);
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
  free(ctx.inc_file);
  free(ctx.inc_text);
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
  char *text = ld_read_file(path, &len);
  if (text == NULL) {
    int err = errno;
    pl_diags_add(diags, path, 0, "cannot read the scenario: %s",
                 err != 0 ? strerror(err) : "read error");
    return PL_EIO;
  }
  /* libconfig reads a string up to its first NUL byte: what follows would be silently ignored. */
  size_t nul = strlen(text);
  if (nul < len) {
    int line = 1;
    for (size_t k = 0; k < nul; k++) {
      line += text[k] == '\n';
    }
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

void pl_scenario_free(pl_scenario *sc) {
  if (sc == NULL) {
    return;
  }
  pl_scn_clear(sc);
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
  char *c = pl_scn_strdup(s);
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
  c->source = cp_str(sc->source, &bad);
  c->include_dir = cp_str(sc->include_dir, &bad);
  /* Count-bearing arrays: copy, then deep-copy strings (counts kept even on failure so that
   * pl_scn_clear frees what was made; NULL entries are fine for free()). */
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
  }
  c->parties = cp_dup(sc->parties, sc->n_parties, sizeof(size_t), &bad);
  c->params = cp_dup(sc->params, sc->n_params, sizeof(pl_param), &bad);
  c->uncertain = cp_dup(sc->uncertain, sc->n_uncertain, sizeof(size_t), &bad);
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

const char *pl_protocol_kind_name(pl_protocol_kind k) {
  switch (k) {
  case PL_PROTOCOL_MEDIATED:
    return "mediated";
  case PL_PROTOCOL_ALTERNATING:
    return "alternating";
  case PL_PROTOCOL_EUM:
    return "eum";
  }
  return "unknown";
}

unsigned pl_scenario_max_rounds(const pl_scenario *sc) { return sc->max_rounds; }
double pl_scenario_breakdown(const pl_scenario *sc) { return sc->breakdown; }
double pl_scenario_noise(const pl_scenario *sc) { return sc->noise; }
uint64_t pl_scenario_trials(const pl_scenario *sc) { return sc->trials; }
uint64_t pl_scenario_seed(const pl_scenario *sc) { return sc->seed; }
size_t pl_scenario_n_params(const pl_scenario *sc) { return sc->n_params; }

int pl_scenario_param_path(const pl_scenario *sc, size_t k, char *buf, size_t n) {
  size_t i, j;
  pl_scn_field f;
  pl_scn_param_locate(sc, k, &i, &f, &j);
  const char *agent = sc->agents[i].id;
  const char *field = pl_scn_field_name(f);
  if (f == PL_FIELD_POSITION || f == PL_FIELD_SALIENCE) {
    return snprintf(buf, n, "agents.%s.%s.%s", agent, field, sc->issues[j].id);
  }
  if (f == PL_FIELD_LEVERAGE) {
    return snprintf(buf, n, "agents.%s.%s.%s", agent, field, sc->agents[j].id);
  }
  return snprintf(buf, n, "agents.%s.%s", agent, field);
}

int pl_scenario_param_uncertain(const pl_scenario *sc, size_t k) {
  return sc->params[k].dist.kind != PL_DIST_FIXED;
}

size_t pl_scenario_n_sweep(const pl_scenario *sc) { return sc->n_sweep; }
const char *pl_scenario_sweep_path(const pl_scenario *sc, size_t g) { return sc->sweep[g].path; }
const double *pl_scenario_sweep_values(const pl_scenario *sc, size_t g, size_t *n_values) {
  if (n_values != NULL) {
    *n_values = sc->sweep[g].n_values;
  }
  return sc->sweep[g].values;
}
