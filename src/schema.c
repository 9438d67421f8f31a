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

static const pl_field_def fields[PL_FIELD_COUNT] = {
#define PL_FIELD_ROW(E, k, sh, dom, def, req, allow, show, hlp)                                    \
  [PL_FIELD_##E] = {.key = #k,                                                                     \
                    .shape = PL_SHAPE_##sh,                                                        \
                    .domain = PL_DOMAIN_##dom,                                                     \
                    .deflt = (def),                                                                \
                    .required = (req),                                                             \
                    .allowed = (allow),                                                            \
                    .shown = (show),                                                               \
                    .help = (hlp),                                                                 \
                    .offset = offsetof(pl_agent, k)},
    PL_AGENT_FIELD_MAP(PL_FIELD_ROW)
#undef PL_FIELD_ROW
};

const pl_field_def *pl_schema_field(pl_field f) { return &fields[f]; }

pl_field pl_schema_field_find(const char *key, size_t len) {
  for (unsigned f = 0; f < PL_FIELD_COUNT; f++) {
    if (strlen(fields[f].key) == len && strncmp(fields[f].key, key, len) == 0) {
      return (pl_field)f;
    }
  }
  return PL_FIELD_COUNT;
}

/* An integer bound from a row: a real row's infinite bound is not an integer, and is never read
 * as one. */
#define PL_U64_BOUND(x) ((double)(x) < 18446744073709551615.0 ? (uint64_t)(x) : UINT64_MAX)

static const pl_setting_def settings[PL_SETTING_COUNT] = {
#define PL_SETTING_ROW(E, sec, k, ty, l, h, def, member, protos)                                   \
  [PL_SETTING_##E] = {.section = #sec,                                                             \
                      .key = #k,                                                                   \
                      .type = PL_VALUE_##ty,                                                       \
                      .lo = (double)(l),                                                           \
                      .hi = (double)(h),                                                           \
                      .ulo = PL_U64_BOUND(l),                                                      \
                      .uhi = PL_U64_BOUND(h),                                                      \
                      .deflt = (def),                                                              \
                      .offset = offsetof(pl_scenario, member),                                     \
                      .protocols = (protos)},
    PL_SETTING_MAP(PL_SETTING_ROW)
#undef PL_SETTING_ROW
};

const pl_setting_def *pl_schema_setting(pl_setting s) { return &settings[s]; }

static int sc_is(const char *part, size_t len, const char *word) {
  return strlen(word) == len && strncmp(part, word, len) == 0;
}

pl_setting pl_schema_setting_find(const char *section, size_t slen, const char *key, size_t klen) {
  for (unsigned s = 0; s < PL_SETTING_COUNT; s++) {
    if (sc_is(section, slen, settings[s].section) && sc_is(key, klen, settings[s].key)) {
      return (pl_setting)s;
    }
  }
  return PL_SETTING_COUNT;
}

/* The fixed keys of each group; agent fields and settings are added from their maps. */
static const char *const top_keys[] = {"name",     "title",      "issues", "agents",
                                       "protocol", "montecarlo", "sweep"};
static const char *const issue_keys[] = {"id", "label", "unit", "min", "max"};
static const char *const agent_keys[] = {"id", "label", "role", "utility"};
static const char *const sweep_keys[] = {"path", "from", "to", "steps", "values"};

static const struct {
  const char *name;
  const char *const *keys;
  size_t n_keys;
} groups[PL_GROUP_COUNT] = {
    [PL_GROUP_TOP] = {"", top_keys, sizeof top_keys / sizeof *top_keys},
    [PL_GROUP_ISSUE] = {"issues", issue_keys, sizeof issue_keys / sizeof *issue_keys},
    [PL_GROUP_AGENT] = {"agents", agent_keys, sizeof agent_keys / sizeof *agent_keys},
    [PL_GROUP_PROTOCOL] = {"protocol", NULL, 0},
    [PL_GROUP_MONTECARLO] = {"montecarlo", NULL, 0},
    [PL_GROUP_SWEEP] = {"sweep", sweep_keys, sizeof sweep_keys / sizeof *sweep_keys},
};

const char *pl_schema_group_name(pl_group g) { return groups[g].name; }

size_t pl_schema_keys(pl_group g, const char **keys, size_t cap) {
  size_t n = 0;
  for (size_t k = 0; k < groups[g].n_keys; k++, n++) {
    if (n < cap) {
      keys[n] = groups[g].keys[k];
    }
  }
  if (g == PL_GROUP_AGENT) {
    for (unsigned f = 0; f < PL_FIELD_COUNT; f++, n++) {
      if (n < cap) {
        keys[n] = fields[f].key;
      }
    }
  }
  for (unsigned s = 0; s < PL_SETTING_COUNT; s++) {
    if (strcmp(settings[s].section, groups[g].name) == 0) {
      if (n < cap) {
        keys[n] = settings[s].key;
      }
      n++;
    }
  }
  return n;
}

int pl_schema_key_allowed(pl_group g, const char *key) {
  const char *keys[32];
  size_t n = pl_schema_keys(g, keys, sizeof keys / sizeof *keys);
  for (size_t k = 0; k < n && key != NULL; k++) {
    if (strcmp(keys[k], key) == 0) {
      return 1;
    }
  }
  return 0;
}

static const char *const protocol_names[] = {
#define PL_WORD_NAME(E, name, ...) [PL_PROTOCOL_##E] = #name,
    PL_PROTOCOL_MAP(PL_WORD_NAME)
#undef PL_WORD_NAME
};
static const char *const role_names[] = {
#define PL_WORD_NAME(E, name, plural) [PL_ROLE_##E] = #name,
    PL_ROLE_MAP(PL_WORD_NAME)
#undef PL_WORD_NAME
};
static const char *const utility_names[] = {
#define PL_WORD_NAME(E, name) [PL_UTILITY_##E] = #name,
    PL_UTILITY_MAP(PL_WORD_NAME)
#undef PL_WORD_NAME
};
static const struct {
  const char *const *names;
  unsigned n;
} words[PL_WORDS_COUNT] = {
    [PL_WORDS_PROTOCOL] = {protocol_names, PL_PROTOCOL_COUNT},
    [PL_WORDS_ROLE] = {role_names, PL_ROLE_COUNT},
    [PL_WORDS_UTILITY] = {utility_names, PL_UTILITY_COUNT},
};

const char *pl_schema_word(pl_words w, unsigned v) {
  return v < words[w].n ? words[w].names[v] : NULL;
}

int pl_schema_word_find(pl_words w, const char *s) {
  for (unsigned v = 0; s != NULL && v < words[w].n; v++) {
    if (strcmp(words[w].names[v], s) == 0) {
      return (int)v;
    }
  }
  return -1;
}

void pl_schema_word_list(pl_words w, int quoted, char *buf, size_t n) {
  size_t len = 0;
  buf[0] = '\0';
  for (unsigned v = 0; v < words[w].n && len < n; v++) {
    const char *sep = v == 0 ? "" : v + 1 == words[w].n ? " or " : ", ";
    const char *q = quoted ? "\"" : "";
    int k = snprintf(buf + len, n - len, "%s%s%s%s", sep, q, words[w].names[v], q);
    len += k > 0 ? (size_t)k : 0;
  }
}

const char *pl_schema_role_plural(pl_role r) {
  static const char *const plurals[] = {
#define PL_ROLE_PLURAL(E, name, plural) [PL_ROLE_##E] = #plural,
      PL_ROLE_MAP(PL_ROLE_PLURAL)
#undef PL_ROLE_PLURAL
  };
  return plurals[r];
}

const char *pl_protocol_kind_name(pl_protocol_kind k) {
  const char *name = pl_schema_word(PL_WORDS_PROTOCOL, (unsigned)k);
  return name != NULL ? name : "unknown";
}

void pl_schema_protocol_parties(pl_protocol_kind k, size_t *min, size_t *max) {
  static const size_t bounds[][2] = {
#define PL_PROTOCOL_BOUNDS(E, name, lo, hi) [PL_PROTOCOL_##E] = {lo, hi},
      PL_PROTOCOL_MAP(PL_PROTOCOL_BOUNDS)
#undef PL_PROTOCOL_BOUNDS
  };
  *min = bounds[k][0];
  *max = bounds[k][1];
}

int pl_schema_in_domain(pl_domain d, double v, double lo, double hi) {
  if (!isfinite(v)) {
    return 0;
  }
  switch (d) {
  case PL_DOMAIN_POSITIVE:
    return v > 0.0;
  case PL_DOMAIN_UNIT:
    return v >= 0.0 && v <= 1.0;
  case PL_DOMAIN_UNIT_POS:
    return v > 0.0 && v <= 1.0;
  case PL_DOMAIN_RANGE:
    return v >= lo && v <= hi;
  }
  return 0;
}

void pl_schema_closure(pl_domain d, double lo, double hi, double *clo, double *chi) {
  switch (d) {
  case PL_DOMAIN_POSITIVE:
    *clo = 0.0;
    *chi = INFINITY;
    return;
  case PL_DOMAIN_UNIT:
  case PL_DOMAIN_UNIT_POS:
    *clo = 0.0;
    *chi = 1.0;
    return;
  case PL_DOMAIN_RANGE:
    break;
  }
  *clo = lo;
  *chi = hi;
}

void pl_schema_clamp(pl_domain d, double lo, double hi, double *clo, double *chi) {
  pl_schema_closure(d, lo, hi, clo, chi);
  if (d == PL_DOMAIN_POSITIVE) {
    *clo = DBL_MIN; /* open bounds: the nearest values inside */
    *chi = DBL_MAX;
  } else if (d == PL_DOMAIN_UNIT_POS) {
    *clo = DBL_MIN;
  }
}

void pl_schema_domain_text(pl_domain d, double lo, double hi, char *buf, size_t n) {
  switch (d) {
  case PL_DOMAIN_POSITIVE:
    snprintf(buf, n, "(0, inf)");
    return;
  case PL_DOMAIN_UNIT:
    snprintf(buf, n, "[0, 1]");
    return;
  case PL_DOMAIN_UNIT_POS:
    snprintf(buf, n, "(0, 1]");
    return;
  case PL_DOMAIN_RANGE:
    break;
  }
  snprintf(buf, n, "[%.15g, %.15g]", lo, hi);
}

void pl_schema_real_text(double lo, double hi, char *buf, size_t n) {
  if (isinf(hi)) {
    snprintf(buf, n, "[%.15g, inf)", lo);
  } else {
    snprintf(buf, n, "[%.15g, %.15g]", lo, hi);
  }
}
