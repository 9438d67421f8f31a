/*
 * schema.c — the rows of schema.h as data, and the few functions that read them.
 *
 * Every table is generated from an X-macro map, so the enum, the names and the properties of a
 * row cannot drift apart; designated initializers index each table by its enum.
 */
#include "schema.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "scenario_impl.h"

static const pli_field_def fields[PLI_FIELD_COUNT] = {
#define PLI_FIELD_ROW(E, k, sh, dom, def, req, allow, show, hlp)                                   \
  [PLI_FIELD_##E] = {.key = #k,                                                                    \
                     .shape = PLI_SHAPE_##sh,                                                      \
                     .domain = PLI_DOMAIN_##dom,                                                   \
                     .deflt = (def),                                                               \
                     .required = (req),                                                            \
                     .allowed = (allow),                                                           \
                     .shown = (show),                                                              \
                     .help = (hlp),                                                                \
                     .offset = offsetof(pli_agent, k)},
    PLI_AGENT_FIELD_MAP(PLI_FIELD_ROW)
#undef PLI_FIELD_ROW
};

const pli_field_def *pli_schema_field(pli_field f) { return &fields[f]; }

pli_field pli_schema_field_find(const char *key, size_t len) {
  for (unsigned f = 0; f < PLI_FIELD_COUNT; f++) {
    if (strlen(fields[f].key) == len && strncmp(fields[f].key, key, len) == 0) {
      return (pli_field)f;
    }
  }
  return PLI_FIELD_COUNT;
}

/* An integer bound from a row: a real row's infinite bound is not an integer, and is never read
 * as one. */
#define PLI_U64_BOUND(x) ((double)(x) < 18446744073709551615.0 ? (uint64_t)(x) : UINT64_MAX)

static const pli_setting_def settings[PLI_SETTING_COUNT] = {
#define PLI_SETTING_ROW(E, sec, k, ty, l, h, def, member, protos, dom)                             \
  [PLI_SETTING_##E] = {.section = #sec,                                                            \
                       .key = #k,                                                                  \
                       .type = PLI_VALUE_##ty,                                                     \
                       .lo = (double)(l),                                                          \
                       .hi = (double)(h),                                                          \
                       .ulo = PLI_U64_BOUND(l),                                                    \
                       .uhi = PLI_U64_BOUND(h),                                                    \
                       .deflt = (def),                                                             \
                       .offset = offsetof(pl_scenario, member),                                    \
                       .protocols = (protos),                                                      \
                       .domain = PLI_DOMAIN_##dom,                                                 \
                       .words = PLI_VALUE_##ty == PLI_VALUE_WORD ? (int)(l) : -1},
    PLI_SETTING_MAP(PLI_SETTING_ROW)
#undef PLI_SETTING_ROW
};

const pli_setting_def *pli_schema_setting(pli_setting s) { return &settings[s]; }

static int sc_is(const char *part, size_t len, const char *word) {
  return strlen(word) == len && strncmp(part, word, len) == 0;
}

pli_setting pli_schema_setting_find(const char *section, size_t slen, const char *key,
                                    size_t klen) {
  for (unsigned s = 0; s < PLI_SETTING_COUNT; s++) {
    if (sc_is(section, slen, settings[s].section) && sc_is(key, klen, settings[s].key)) {
      return (pli_setting)s;
    }
  }
  return PLI_SETTING_COUNT;
}

/* The fixed keys of each group; agent fields and settings are added from their maps. */
static const char *const top_keys[] = {"name",       "title", "issues", "agents", "protocol",
                                       "montecarlo", "sweep", "events", "base"};
static const char *const issue_keys[] = {"id", "label", "unit", "min", "max"};
static const char *const agent_keys[] = {"id", "label", "role", "utility"};
static const char *const sweep_keys[] = {"path", "from", "to", "steps", "values"};
static const char *const event_keys[] = {
#define SC_EVENT_KEY(E, key, ...) #key,
    PLI_EVENT_KEY_MAP(SC_EVENT_KEY)
#undef SC_EVENT_KEY
};
static const char *const change_keys[] = {
#define SC_CHANGE_KEY(E, key) #key,
    PLI_CHANGE_KEY_MAP(SC_CHANGE_KEY)
#undef SC_CHANGE_KEY
};

static const struct {
  const char *name;
  const char *const *keys;
  size_t n_keys;
} groups[PLI_GROUP_COUNT] = {
    [PLI_GROUP_TOP] = {"", top_keys, sizeof top_keys / sizeof *top_keys},
    [PLI_GROUP_ISSUE] = {"issues", issue_keys, sizeof issue_keys / sizeof *issue_keys},
    [PLI_GROUP_AGENT] = {"agents", agent_keys, sizeof agent_keys / sizeof *agent_keys},
    [PLI_GROUP_PROTOCOL] = {"protocol", NULL, 0},
    [PLI_GROUP_MONTECARLO] = {"montecarlo", NULL, 0},
    [PLI_GROUP_SWEEP] = {"sweep", sweep_keys, sizeof sweep_keys / sizeof *sweep_keys},
    [PLI_GROUP_EVENT] = {"events", event_keys, sizeof event_keys / sizeof *event_keys},
    [PLI_GROUP_CHANGE] = {"set", change_keys, sizeof change_keys / sizeof *change_keys},
};

const char *pli_schema_group_name(pli_group g) { return groups[g].name; }

size_t pli_schema_keys(pli_group g, const char **keys, size_t cap) {
  size_t n = 0;
  for (size_t k = 0; k < groups[g].n_keys; k++, n++) {
    if (n < cap) {
      keys[n] = groups[g].keys[k];
    }
  }
  if (g == PLI_GROUP_TOP) {
    for (unsigned k = 0; k < PL_RECORD_COUNT; k++, n++) {
      if (n < cap) {
        keys[n] = pl_record_key_name((pl_record_key)k);
      }
    }
  }
  if (g == PLI_GROUP_AGENT) {
    for (unsigned f = 0; f < PLI_FIELD_COUNT; f++, n++) {
      if (n < cap) {
        keys[n] = fields[f].key;
      }
    }
  }
  for (unsigned s = 0; s < PLI_SETTING_COUNT; s++) {
    if (strcmp(settings[s].section, groups[g].name) == 0) {
      if (n < cap) {
        keys[n] = settings[s].key;
      }
      n++;
    }
  }
  return n;
}

int pli_schema_key_allowed(pli_group g, const char *key) {
  const char *keys[32];
  size_t n = pli_schema_keys(g, keys, sizeof keys / sizeof *keys);
  for (size_t k = 0; k < n && key != NULL; k++) {
    if (strcmp(keys[k], key) == 0) {
      return 1;
    }
  }
  return 0;
}

static const char *const protocol_names[] = {
#define PLI_WORD_NAME(E, name, ...) [PL_PROTOCOL_##E] = #name,
    PL_PROTOCOL_MAP(PLI_WORD_NAME)
#undef PLI_WORD_NAME
};
static const char *const role_names[] = {
#define PLI_WORD_NAME(E, name, plural) [PL_ROLE_##E] = #name,
    PL_ROLE_MAP(PLI_WORD_NAME)
#undef PLI_WORD_NAME
};
static const char *const utility_names[] = {
#define PLI_WORD_NAME(E, name) [PL_UTILITY_##E] = #name,
    PL_UTILITY_MAP(PLI_WORD_NAME)
#undef PLI_WORD_NAME
};
static const char *const quota_weight_names[] = {
#define PLI_WORD_NAME(E, name) [PLI_QUOTA_BY_##E] = #name,
    PLI_QUOTA_WEIGHT_MAP(PLI_WORD_NAME)
#undef PLI_WORD_NAME
};
static const char *const text_names[] = {
#define PLI_WORD_NAME(E, name) [PLI_TEXT_##E] = #name,
    PLI_TEXT_MAP(PLI_WORD_NAME)
#undef PLI_WORD_NAME
};
static const struct {
  const char *const *names;
  unsigned n;
} words[PLI_WORDS_COUNT] = {
    [PLI_WORDS_PROTOCOL] = {protocol_names, PL_PROTOCOL_COUNT},
    [PLI_WORDS_ROLE] = {role_names, PL_ROLE_COUNT},
    [PLI_WORDS_UTILITY] = {utility_names, PL_UTILITY_COUNT},
    [PLI_WORDS_QUOTA_WEIGHT] = {quota_weight_names, PLI_QUOTA_WEIGHT_COUNT},
    [PLI_WORDS_TEXT] = {text_names, PLI_TEXT_COUNT},
};

const char *pli_schema_word(pli_words w, unsigned v) {
  return v < words[w].n ? words[w].names[v] : NULL;
}

int pli_schema_word_find(pli_words w, const char *s) {
  for (unsigned v = 0; s != NULL && v < words[w].n; v++) {
    if (strcmp(words[w].names[v], s) == 0) {
      return (int)v;
    }
  }
  return -1;
}

void pli_schema_word_list(pli_words w, int quoted, char *buf, size_t n) {
  size_t len = 0;
  buf[0] = '\0';
  for (unsigned v = 0; v < words[w].n && len < n; v++) {
    const char *sep = v == 0 ? "" : v + 1 == words[w].n ? " or " : ", ";
    const char *q = quoted ? "\"" : "";
    int k = snprintf(buf + len, n - len, "%s%s%s%s", sep, q, words[w].names[v], q);
    len += k > 0 ? (size_t)k : 0;
  }
}

const char *pli_schema_role_plural(pl_role r) {
  static const char *const plurals[] = {
#define PLI_ROLE_PLURAL(E, name, plural) [PL_ROLE_##E] = #plural,
      PL_ROLE_MAP(PLI_ROLE_PLURAL)
#undef PLI_ROLE_PLURAL
  };
  return plurals[r];
}

const char *pl_protocol_kind_name(pl_protocol_kind k) {
  const char *name = pli_schema_word(PLI_WORDS_PROTOCOL, (unsigned)k);
  return name != NULL ? name : "unknown";
}

void pli_schema_protocol_parties(pl_protocol_kind k, size_t *min, size_t *max) {
  static const size_t bounds[][2] = {
#define PLI_PROTOCOL_BOUNDS(E, name, lo, hi) [PL_PROTOCOL_##E] = {lo, hi},
      PL_PROTOCOL_MAP(PLI_PROTOCOL_BOUNDS)
#undef PLI_PROTOCOL_BOUNDS
  };
  *min = bounds[k][0];
  *max = bounds[k][1];
}

int pli_schema_in_domain(pli_domain d, double v, double lo, double hi) {
  if (!isfinite(v)) {
    return 0;
  }
  switch (d) {
  case PLI_DOMAIN_POSITIVE:
    return v > 0.0;
  case PLI_DOMAIN_UNIT:
    return v >= 0.0 && v <= 1.0;
  case PLI_DOMAIN_UNIT_POS:
    return v > 0.0 && v <= 1.0;
  case PLI_DOMAIN_RANGE:
    return v >= lo && v <= hi;
  }
  return 0;
}

void pli_schema_closure(pli_domain d, double lo, double hi, double *clo, double *chi) {
  switch (d) {
  case PLI_DOMAIN_POSITIVE:
    *clo = 0.0;
    *chi = INFINITY;
    return;
  case PLI_DOMAIN_UNIT:
  case PLI_DOMAIN_UNIT_POS:
    *clo = 0.0;
    *chi = 1.0;
    return;
  case PLI_DOMAIN_RANGE:
    break;
  }
  *clo = lo;
  *chi = hi;
}

void pli_schema_clamp(pli_domain d, double lo, double hi, double *clo, double *chi) {
  pli_schema_closure(d, lo, hi, clo, chi);
  if (d == PLI_DOMAIN_POSITIVE) {
    *clo = DBL_MIN; /* open bounds: the nearest values inside */
    *chi = DBL_MAX;
  } else if (d == PLI_DOMAIN_UNIT_POS) {
    *clo = DBL_MIN;
  }
}

void pli_schema_domain_text(pli_domain d, double lo, double hi, char *buf, size_t n) {
  switch (d) {
  case PLI_DOMAIN_POSITIVE:
    snprintf(buf, n, "(0, inf)");
    return;
  case PLI_DOMAIN_UNIT:
    snprintf(buf, n, "[0, 1]");
    return;
  case PLI_DOMAIN_UNIT_POS:
    snprintf(buf, n, "(0, 1]");
    return;
  case PLI_DOMAIN_RANGE:
    break;
  }
  pli_schema_real_text(lo, hi, buf, n);
}

void pli_schema_real_text(double lo, double hi, char *buf, size_t n) {
  if (isinf(hi)) {
    snprintf(buf, n, "[%.15g, inf)", lo);
  } else {
    snprintf(buf, n, "[%.15g, %.15g]", lo, hi);
  }
}

int pli_schema_dist_check(const pl_dist *dist, pli_domain d, double lo, double hi, char *why,
                          size_t n) {
  char dom[96];
  double clo, chi, a = dist->a, b = dist->b, c = dist->c;
  pli_schema_domain_text(d, lo, hi, dom, sizeof dom);
  pli_schema_closure(d, lo, hi, &clo, &chi);
  switch (dist->kind) {
  case PL_DIST_NORMAL:
    if (b < 0.0) {
      snprintf(why, n, "normal sd must be >= 0 (found %.15g)", b);
    } else if (!pli_schema_in_domain(d, a, lo, hi)) {
      snprintf(why, n, "normal mean %.15g outside %s", a, dom);
    } else {
      return 1;
    }
    return 0;
  case PL_DIST_UNIFORM:
    if (a > b) {
      snprintf(why, n, "uniform min (%.15g) greater than max (%.15g)", a, b);
    } else if (a < clo || b > chi) {
      snprintf(why, n, "uniform range [%.15g, %.15g] outside %s", a, b, dom);
    } else {
      return 1;
    }
    return 0;
  case PL_DIST_TRIANGULAR:
    if (a > c) {
      snprintf(why, n, "triangular min (%.15g) greater than max (%.15g)", a, c);
    } else if (b < a || b > c) {
      snprintf(why, n, "triangular mode (%.15g) outside [min, max] = [%.15g, %.15g]", b, a, c);
    } else if (a < clo || c > chi) {
      snprintf(why, n, "triangular range [%.15g, %.15g] outside %s", a, c, dom);
    } else {
      return 1;
    }
    return 0;
  case PL_DIST_BETA:
    if (a <= 0.0 || b <= 0.0) {
      snprintf(why, n, "beta a and b must be > 0 (found a = %.15g, b = %.15g)", a, b);
    } else if (a < PLI_BETA_MIN || b < PLI_BETA_MIN || a > PLI_BETA_MAX || b > PLI_BETA_MAX) {
      snprintf(why, n, "beta a and b must lie in [%g, %g] (found a = %.15g, b = %.15g)",
               PLI_BETA_MIN, PLI_BETA_MAX, a, b);
    } else if (clo < 0.0 || chi > 1.0) {
      snprintf(why, n, "a beta distribution lies on [0, 1], but this number's domain is %s", dom);
    } else {
      return 1;
    }
    return 0;
  case PL_DIST_FIXED:
    if (!pli_schema_in_domain(d, a, lo, hi)) {
      snprintf(why, n, "value %.15g outside %s", a, dom);
      return 0;
    }
    break;
  }
  return 1;
}
