/*
 * schema.h — the scenario language as tables (internal to the library).
 *
 * One fact, one place: every agent field and every protocol or Monte Carlo setting is one row of
 * an X-macro map below; the kinds (protocols, roles, utilities) are the maps of parley/scenario.h.
 * The loader (scenario_load.c), the overrides (scenario_set.c), the writer and the description
 * (scenario_write.c), the parameter layout (scenario.c) and the tests that check the docs and the
 * fuzz dictionary (tests/check_schema.c) all read these rows, so that adding an agent attribute is
 * one row here plus the code that uses it (docs/extending.md).
 *
 * Invariants: rows are never reordered casually — the order of the agent field map is the order of
 * an agent's parameters in params[] (and so of a trial's draws) and of the resolved scenario file.
 */
#ifndef PARLEY_SCHEMA_H
#define PARLEY_SCHEMA_H

#include <stddef.h>
#include <stdint.h>

#include "parley/scenario.h"

/* The shape of an agent field: one number, one per issue (FIELD = { ISSUE = x; ... }), or one per
 * other agent (FIELD = { AGENT = x; ... }; only parties may be named). */
typedef enum { PL_SHAPE_SCALAR, PL_SHAPE_ISSUE, PL_SHAPE_AGENT } pl_shape;

/* The domain of a number: POSITIVE (0, inf), UNIT [0, 1], UNIT_POS (0, 1], RANGE [min, max] of
 * the issue it belongs to. Distribution bounds may reach the closure of the
 * domain; fixed values and a normal's mean must lie inside it; draws are clamped to it. */
typedef enum { PL_DOMAIN_POSITIVE, PL_DOMAIN_UNIT, PL_DOMAIN_UNIT_POS, PL_DOMAIN_RANGE } pl_domain;

/* Which roles a row applies to (bit masks of 1u << pl_role). */
#define PL_ROLES_NONE 0u
#define PL_ROLES_PARTY (1u << PL_ROLE_PARTY)
#define PL_ROLES_MEDIATOR (1u << PL_ROLE_MEDIATOR)
#define PL_ROLES_ALL (PL_ROLES_PARTY | PL_ROLES_MEDIATOR)

/* X(ENUM, key, shape, domain, default, required, allowed, shown, help)
 *   key       the name in a scenario file, in paths (agents.ID.key[.ISSUE|.AGENT]) and a member of
 *             pl_agent holding the field's offset in params[]
 *   default   the value when absent (RANGE: the midpoint of the issue's range, written NAN here)
 *   required  roles that must give it (for ISSUE fields: on every issue)
 *   allowed   roles that may give it
 *   shown     roles for which `parley validate` describes it
 *   help      what it is, for "missing" messages */
#define PL_AGENT_FIELD_MAP(X)                                                                      \
  X(CAPABILITY, capability, SCALAR, POSITIVE, 1.0, PL_ROLES_ALL, PL_ROLES_ALL, PL_ROLES_ALL,       \
    "relative influence, > 0")                                                                     \
  X(RESERVATION, reservation, SCALAR, UNIT, 0.0, PL_ROLES_PARTY, PL_ROLES_ALL, PL_ROLES_PARTY,     \
    "required for a party, [0, 1]")                                                                \
  X(FLEXIBILITY, flexibility, SCALAR, UNIT, 0.0, PL_ROLES_NONE, PL_ROLES_ALL, PL_ROLES_PARTY,      \
    "share of the gap conceded per rejected round, [0, 1]")                                        \
  X(PATIENCE, patience, SCALAR, UNIT_POS, 1.0, PL_ROLES_NONE, PL_ROLES_ALL, PL_ROLES_PARTY,        \
    "discount factor per round, (0, 1]")                                                           \
  X(POSITION, position, ISSUE, RANGE, NAN, PL_ROLES_PARTY, PL_ROLES_ALL, PL_ROLES_ALL,             \
    "ideal point on each issue")                                                                   \
  X(SALIENCE, salience, ISSUE, UNIT, 0.0, PL_ROLES_NONE, PL_ROLES_ALL, PL_ROLES_ALL,               \
    "how much the issue matters, [0, 1]")                                                          \
  X(LEVERAGE, leverage, AGENT, UNIT, 0.0, PL_ROLES_NONE, PL_ROLES_MEDIATOR, PL_ROLES_MEDIATOR,     \
    "reservation lowered per rejected round, [0, 1]")

typedef enum {
#define PL_FIELD_ENUM(E, key, ...) PL_FIELD_##E,
  PL_AGENT_FIELD_MAP(PL_FIELD_ENUM)
#undef PL_FIELD_ENUM
      PL_FIELD_COUNT
} pl_field;

typedef struct {
  const char *key;
  pl_shape shape;
  pl_domain domain;
  double deflt; /* NAN for RANGE: the issue's midpoint */
  unsigned required, allowed, shown;
  const char *help;
  size_t offset; /* offsetof(pl_agent, key): where the agent keeps the field's first index */
} pl_field_def;

/* The row of field f (f < PL_FIELD_COUNT). */
const pl_field_def *pl_schema_field(pl_field f);

/* The field named key, or PL_FIELD_COUNT. */
pl_field pl_schema_field_find(const char *key, size_t len);

/* The kinds of value a setting takes. */
typedef enum {
  PL_VALUE_REAL,     /* a double in [lo, hi] (hi may be INFINITY) */
  PL_VALUE_UINT,     /* an unsigned in [lo, hi] */
  PL_VALUE_U64,      /* a uint64_t in [lo, hi]; with hi = UINT64_MAX any 64-bit pattern */
  PL_VALUE_PROTOCOL, /* a word of PL_PROTOCOL_MAP */
  PL_VALUE_AGENT     /* an agent id (stored as the agent's index) */
} pl_value_type;

/* X(ENUM, section, key, type, lo, hi, default, member, protocols)
 *   member     the pl_scenario member that holds it (of the C type of `type`)
 *   protocols  the protocol kinds it matters to (bit mask of 1u << kind), for the description */
#define PL_SETTING_MAP(X)                                                                          \
  X(KIND, protocol, kind, PROTOCOL, 0, 0, PL_PROTOCOL_MEDIATED, protocol, PL_PROTOCOLS_ALL)        \
  X(MAX_ROUNDS, protocol, max_rounds, UINT, 1, PL_MAX_ROUNDS, 40, max_rounds, PL_PROTOCOLS_ALL)    \
  X(BREAKDOWN, protocol, breakdown, REAL, 0, 1, 0, breakdown, PL_PROTOCOLS_ALL)                    \
  X(NOISE, protocol, noise, REAL, 0, INFINITY, 0, noise, PL_PROTOCOLS_ALL)                         \
  X(FIRST, protocol, first, AGENT, 0, 0, 0, first, 1u << PL_PROTOCOL_ALTERNATING)                  \
  X(TRIALS, montecarlo, trials, U64, 1, PL_MAX_TRIALS, 10000, trials, PL_PROTOCOLS_ALL)            \
  X(SEED, montecarlo, seed, U64, 0, UINT64_MAX, 1, seed, PL_PROTOCOLS_ALL)

#define PL_PROTOCOLS_ALL ((1u << PL_PROTOCOL_COUNT) - 1u)

typedef enum {
#define PL_SETTING_ENUM(E, ...) PL_SETTING_##E,
  PL_SETTING_MAP(PL_SETTING_ENUM)
#undef PL_SETTING_ENUM
      PL_SETTING_COUNT
} pl_setting;

typedef struct {
  const char *section, *key;
  pl_value_type type;
  double lo, hi; /* REAL bounds; integers use ulo, uhi */
  uint64_t ulo, uhi;
  double deflt;
  size_t offset; /* offsetof(pl_scenario, member) */
  unsigned protocols;
} pl_setting_def;

/* The row of setting s (s < PL_SETTING_COUNT). */
const pl_setting_def *pl_schema_setting(pl_setting s);

/* The setting SECTION.KEY (section and key given with their lengths), or PL_SETTING_COUNT. */
pl_setting pl_schema_setting_find(const char *section, size_t slen, const char *key, size_t klen);

/* The groups of a scenario file, for the "unknown setting" checks and the docs check. */
typedef enum {
  PL_GROUP_TOP,
  PL_GROUP_ISSUE,
  PL_GROUP_AGENT,
  PL_GROUP_PROTOCOL,
  PL_GROUP_MONTECARLO,
  PL_GROUP_SWEEP,
  PL_GROUP_COUNT
} pl_group;

/* The keys group g allows: writes up to cap of them into keys and returns how many there are. */
size_t pl_schema_keys(pl_group g, const char **keys, size_t cap);

/* Whether key is allowed in group g. */
int pl_schema_key_allowed(pl_group g, const char *key);

/* The name of g as a section ("protocol", "montecarlo") or the group's name in messages. */
const char *pl_schema_group_name(pl_group g);

/* Words: the names of a kind (protocols, roles, utilities). */
typedef enum { PL_WORDS_PROTOCOL, PL_WORDS_ROLE, PL_WORDS_UTILITY, PL_WORDS_COUNT } pl_words;

/* The name of value v of kind w ("mediated", "party", "linear"), or NULL out of range. */
const char *pl_schema_word(pl_words w, unsigned v);

/* "parties", "mediators". */
const char *pl_schema_role_plural(pl_role r);

/* The value whose name is s, or -1. */
int pl_schema_word_find(pl_words w, const char *s);

/* "mediated, alternating or eum": the names of kind w as a list for messages, each in double
 * quotes when quoted (as a string is written in a file: "party" or "mediator"). */
void pl_schema_word_list(pl_words w, int quoted, char *buf, size_t n);

/* Protocol kind k's bounds on the number of parties (max 0 = no bound). */
void pl_schema_protocol_parties(pl_protocol_kind k, size_t *min, size_t *max);

/* The domain of a number: whether v lies in it ([lo, hi] are the issue's range for RANGE), its
 * closure (for distribution bounds), the clamping bounds of draws, and the text for messages. */
int pl_schema_in_domain(pl_domain d, double v, double lo, double hi);
void pl_schema_closure(pl_domain d, double lo, double hi, double *clo, double *chi);
void pl_schema_clamp(pl_domain d, double lo, double hi, double *clo, double *chi);
void pl_schema_domain_text(pl_domain d, double lo, double hi, char *buf, size_t n);

/* The interval [lo, hi] of a REAL setting as text: "[0, 1]", "[0, inf)". */
void pl_schema_real_text(double lo, double hi, char *buf, size_t n);

#endif /* PARLEY_SCHEMA_H */
