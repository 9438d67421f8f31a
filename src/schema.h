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
 * an agent's parameters in params[] and of the resolved scenario file (a trial's draws do not
 * depend on it: each parameter draws from a stream keyed by its path).
 */
#ifndef PARLEY_SCHEMA_H
#define PARLEY_SCHEMA_H

#include <stddef.h>
#include <stdint.h>

#include "parley/dist.h"
#include "parley/scenario.h"

/* The shape of an agent field: one number, one per issue (FIELD = { ISSUE = x; ... }), or one per
 * party (FIELD = { PARTY = x; ... }), index k meaning the k-th party in file order. */
typedef enum { PLI_SHAPE_SCALAR, PLI_SHAPE_ISSUE, PLI_SHAPE_PARTY } pli_shape;

/* The domain of a number: POSITIVE (0, inf), UNIT [0, 1], UNIT_POS (0, 1], RANGE [min, max] of
 * the issue it belongs to. Distribution bounds may reach the closure of the
 * domain; fixed values and a normal's mean must lie inside it; draws are clamped to it. */
typedef enum {
  PLI_DOMAIN_POSITIVE,
  PLI_DOMAIN_UNIT,
  PLI_DOMAIN_UNIT_POS,
  PLI_DOMAIN_RANGE
} pli_domain;

/* The words of two protocol settings (docs/protocols.md), as PL_UTILITY_MAP is for utilities:
 * X(ENUM, name). protocol.quota_weight: what a party's weight is when a qualified majority is
 * counted; protocol.text: how the single negotiating text is put. */
#define PLI_QUOTA_WEIGHT_MAP(X)                                                                    \
  X(COUNT, count)           /* one vote per party */                                               \
  X(CAPABILITY, capability) /* the party's drawn capability */
typedef enum {
#define PLI_QUOTA_ENUM(E, name) PLI_QUOTA_BY_##E,
  PLI_QUOTA_WEIGHT_MAP(PLI_QUOTA_ENUM)
#undef PLI_QUOTA_ENUM
      PLI_QUOTA_WEIGHT_COUNT
} pli_quota_weight;

#define PLI_TEXT_MAP(X)                                                                            \
  X(MEAN, mean) /* the capability x salience weighted mean of positions (Stokman) */               \
  X(NASH, nash) /* the capability-weighted Nash bargaining text (src/nash.h) */
typedef enum {
#define PLI_TEXT_ENUM(E, name) PLI_TEXT_##E,
  PLI_TEXT_MAP(PLI_TEXT_ENUM)
#undef PLI_TEXT_ENUM
      PLI_TEXT_COUNT
} pli_text_kind;

/* Which roles a row applies to (bit masks of 1u << pl_role). */
#define PLI_ROLES_NONE 0u
#define PLI_ROLES_PARTY (1u << PL_ROLE_PARTY)
#define PLI_ROLES_MEDIATOR (1u << PL_ROLE_MEDIATOR)
#define PLI_ROLES_ALL (PLI_ROLES_PARTY | PLI_ROLES_MEDIATOR)

/* X(ENUM, key, shape, domain, default, required, allowed, shown, help)
 *   key       the name in a scenario file, in paths (agents.ID.key[.ISSUE|.PARTY]) and a member of
 *             pli_agent holding the field's offset in params[]
 *   default   the value when absent (RANGE: the midpoint of the issue's range, written NAN here)
 *   required  roles that must give it (for ISSUE fields: on every issue)
 *   allowed   roles that may give it (an agent of another role has no slot for it)
 *   shown     roles for which `parley validate` describes it
 *   help      what it is, for "missing" messages */
#define PLI_AGENT_FIELD_MAP(X)                                                                     \
  X(CAPABILITY, capability, SCALAR, POSITIVE, 1.0, PLI_ROLES_ALL, PLI_ROLES_ALL, PLI_ROLES_ALL,    \
    "relative influence, > 0")                                                                     \
  X(RESERVATION, reservation, SCALAR, UNIT, 0.0, PLI_ROLES_PARTY, PLI_ROLES_ALL, PLI_ROLES_PARTY,  \
    "required for a party, [0, 1]")                                                                \
  X(FLEXIBILITY, flexibility, SCALAR, UNIT, 0.0, PLI_ROLES_NONE, PLI_ROLES_ALL, PLI_ROLES_PARTY,   \
    "share of the gap conceded per rejected round, [0, 1]")                                        \
  X(PATIENCE, patience, SCALAR, UNIT_POS, 1.0, PLI_ROLES_NONE, PLI_ROLES_ALL, PLI_ROLES_PARTY,     \
    "discount factor per round, (0, 1]")                                                           \
  X(POSITION, position, ISSUE, RANGE, NAN, PLI_ROLES_PARTY, PLI_ROLES_ALL, PLI_ROLES_ALL,          \
    "ideal point on each issue")                                                                   \
  X(SALIENCE, salience, ISSUE, UNIT, 0.0, PLI_ROLES_NONE, PLI_ROLES_ALL, PLI_ROLES_ALL,            \
    "how much the issue matters, [0, 1]")                                                          \
  X(LEVERAGE, leverage, PARTY, UNIT, 0.0, PLI_ROLES_NONE, PLI_ROLES_MEDIATOR, PLI_ROLES_MEDIATOR,  \
    "reservation lowered per rejected round, [0, 1]")

typedef enum {
#define PLI_FIELD_ENUM(E, key, ...) PLI_FIELD_##E,
  PLI_AGENT_FIELD_MAP(PLI_FIELD_ENUM)
#undef PLI_FIELD_ENUM
      PLI_FIELD_COUNT
} pli_field;

typedef struct {
  const char *key;
  pli_shape shape;
  pli_domain domain;
  double deflt; /* NAN for RANGE: the issue's midpoint */
  unsigned required, allowed, shown;
  const char *help;
  size_t offset; /* offsetof(pli_agent, key): where the agent keeps the field's first index */
} pli_field_def;

/* The row of field f (f < PLI_FIELD_COUNT). */
const pli_field_def *pli_schema_field(pli_field f);

/* The field named key, or PLI_FIELD_COUNT. */
pli_field pli_schema_field_find(const char *key, size_t len);

/* The kinds of value a setting takes. */
typedef enum {
  PLI_VALUE_REAL,     /* a double in [lo, hi] (hi may be INFINITY) */
  PLI_VALUE_UINT,     /* an unsigned in [lo, hi] */
  PLI_VALUE_U64,      /* a uint64_t in [lo, hi]; with hi = UINT64_MAX any 64-bit pattern */
  PLI_VALUE_PROTOCOL, /* a word of PL_PROTOCOL_MAP */
  PLI_VALUE_AGENT,    /* an agent id (stored as the agent's index) */
  PLI_VALUE_WORD,     /* a word of a words map (pli_words, the row's lo), stored as an unsigned */
  PLI_VALUE_PARAM     /* a number in [lo, hi] that may be written as a distribution, like an agent
                         number: a parameter of the model, drawn once per trial. The member holds
                         its index in params[] (after every agent's block, in the order of this
                         map), and the number itself lives there */
} pli_value_type;

/* X(ENUM, section, key, type, lo, hi, default, member, protocols, domain)
 *   lo, hi     bounds (REAL, UINT, U64, PARAM); a WORD row gives its words map (pli_words) as lo
 *   member     the pl_scenario member that holds it (of the C type of `type`)
 *   protocols  the protocol kinds it matters to (bit mask of 1u << kind), for the description
 *   domain     PARAM rows: the domain of the number (RANGE = [lo, hi]; UNIT_POS = (0, 1]);
 *              other rows: RANGE, unread */
#define PLI_SETTING_MAP(X)                                                                         \
  X(KIND, protocol, kind, PROTOCOL, 0, 0, PL_PROTOCOL_MEDIATED, protocol, PLI_PROTOCOLS_ALL,       \
    RANGE)                                                                                         \
  X(MAX_ROUNDS, protocol, max_rounds, UINT, 1, PL_MAX_ROUNDS, 40, max_rounds, PLI_PROTOCOLS_ALL,   \
    RANGE)                                                                                         \
  X(BREAKDOWN, protocol, breakdown, PARAM, 0, 1, 0, breakdown, PLI_PROTOCOLS_ALL, RANGE)           \
  X(NOISE, protocol, noise, PARAM, 0, INFINITY, 0, noise, PLI_PROTOCOLS_ALL, RANGE)                \
  X(FIRST, protocol, first, AGENT, 0, 0, 0, first, 1u << PL_PROTOCOL_ALTERNATING, RANGE)           \
  X(QUOTA, protocol, quota, PARAM, 0, 1, 1, quota, PLI_PROTOCOLS_TEXT, UNIT_POS)                   \
  X(QUOTA_WEIGHT, protocol, quota_weight, WORD, PLI_WORDS_QUOTA_WEIGHT, 0, PLI_QUOTA_BY_COUNT,     \
    quota_weight, PLI_PROTOCOLS_TEXT, RANGE)                                                       \
  X(TEXT, protocol, text, WORD, PLI_WORDS_TEXT, 0, PLI_TEXT_MEAN, text, PLI_PROTOCOLS_TEXT, RANGE) \
  X(TRIALS, montecarlo, trials, U64, 1, PL_MAX_TRIALS, 10000, trials, PLI_PROTOCOLS_ALL, RANGE)    \
  X(SEED, montecarlo, seed, U64, 0, UINT64_MAX, 1, seed, PLI_PROTOCOLS_ALL, RANGE)                 \
  X(ZONE, montecarlo, zone, UINT, 0, 1, 0, zone, PLI_PROTOCOLS_ALL, RANGE)

#define PLI_PROTOCOLS_ALL ((1u << PL_PROTOCOL_COUNT) - 1u)
/* The protocols that put a single negotiating text, to which every party responds: quota and text
 * apply to them (docs/protocols.md); alternating rejects any other than their defaults. */
#define PLI_PROTOCOLS_TEXT ((1u << PL_PROTOCOL_MEDIATED) | (1u << PL_PROTOCOL_EUM))

typedef enum {
#define PLI_SETTING_ENUM(E, ...) PLI_SETTING_##E,
  PLI_SETTING_MAP(PLI_SETTING_ENUM)
#undef PLI_SETTING_ENUM
      PLI_SETTING_COUNT
} pli_setting;

typedef struct {
  const char *section, *key;
  pli_value_type type;
  double lo, hi; /* REAL bounds; integers use ulo, uhi */
  uint64_t ulo, uhi;
  double deflt;
  size_t offset; /* offsetof(pl_scenario, member) */
  unsigned protocols;
  pli_domain domain; /* PARAM: the number's domain (RANGE: [lo, hi]) */
  int words;         /* WORD: the words map (a pli_words); -1 otherwise */
} pli_setting_def;

/* The row of setting s (s < PLI_SETTING_COUNT). */
const pli_setting_def *pli_schema_setting(pli_setting s);

/* The setting SECTION.KEY (section and key given with their lengths), or PLI_SETTING_COUNT. */
pli_setting pli_schema_setting_find(const char *section, size_t slen, const char *key, size_t klen);

/* The keys of an event group and of a change group of its `set` list (docs/scenario-format.md,
 * "Events"; src/events.c reads them). X(ENUM, key, integer, lo, hi): a number's kind and bounds
 * (the words id, set and path have none). The change keys VALUE, ADD and SCALE are, in this order,
 * the operations of pli_change_op. */
#define PLI_EVENT_KEY_MAP(X)                                                                       \
  X(ID, id, 0, 0, 0)                                                                               \
  X(ROUND, round, 1, 1, PL_MAX_ROUNDS)                                                             \
  X(PROBABILITY, probability, 0, 0, 1)                                                             \
  X(HAZARD, hazard, 0, 0, 1)                                                                       \
  X(FROM, from, 1, 1, PL_MAX_ROUNDS)                                                               \
  X(UNTIL, until, 1, 1, PL_MAX_ROUNDS)                                                             \
  X(SET, set, 0, 0, 0)
#define PLI_CHANGE_KEY_MAP(X) X(PATH, path) X(VALUE, value) X(ADD, add) X(SCALE, scale)

typedef enum {
#define PLI_EVKEY_ENUM(E, ...) PLI_EVKEY_##E,
  PLI_EVENT_KEY_MAP(PLI_EVKEY_ENUM)
#undef PLI_EVKEY_ENUM
      PLI_EVKEY_COUNT
} pli_event_key;
typedef enum {
#define PLI_CHKEY_ENUM(E, key) PLI_CHKEY_##E,
  PLI_CHANGE_KEY_MAP(PLI_CHKEY_ENUM)
#undef PLI_CHKEY_ENUM
      PLI_CHKEY_COUNT
} pli_change_key;

/* The groups of a scenario file, for the "unknown setting" checks and the docs check. */
typedef enum {
  PLI_GROUP_TOP, /* name, title, issues, agents, protocol, montecarlo, sweep, events, base
                   (top_keys of schema.c; `base` is merged away by cfgbase.c before the loader) */
  PLI_GROUP_ISSUE,
  PLI_GROUP_AGENT,
  PLI_GROUP_PROTOCOL,
  PLI_GROUP_MONTECARLO,
  PLI_GROUP_SWEEP,
  PLI_GROUP_EVENT,  /* an element of the top-level `events` list */
  PLI_GROUP_CHANGE, /* an element of an event's `set` list */
  PLI_GROUP_COUNT
} pli_group;

/* The keys group g allows: writes up to cap of them into keys and returns how many there are. */
size_t pli_schema_keys(pli_group g, const char **keys, size_t cap);

/* Whether key is allowed in group g. */
int pli_schema_key_allowed(pli_group g, const char *key);

/* The name of g as a section ("protocol", "montecarlo") or the group's name in messages. */
const char *pli_schema_group_name(pli_group g);

/* Words: the names of a kind (protocols, roles, utilities). */
typedef enum {
  PLI_WORDS_PROTOCOL,
  PLI_WORDS_ROLE,
  PLI_WORDS_UTILITY,
  PLI_WORDS_QUOTA_WEIGHT,
  PLI_WORDS_TEXT,
  PLI_WORDS_COUNT
} pli_words;

/* The name of value v of kind w ("mediated", "party", "linear"), or NULL out of range. */
const char *pli_schema_word(pli_words w, unsigned v);

/* "parties", "mediators". */
const char *pli_schema_role_plural(pl_role r);

/* The value whose name is s, or -1. */
int pli_schema_word_find(pli_words w, const char *s);

/* "mediated, alternating or eum": the names of kind w as a list for messages, each in double
 * quotes when quoted (as a string is written in a file: "party" or "mediator"). */
void pli_schema_word_list(pli_words w, int quoted, char *buf, size_t n);

/* Protocol kind k's bounds on the number of parties (max 0 = no bound). */
void pli_schema_protocol_parties(pl_protocol_kind k, size_t *min, size_t *max);

/* The domain of a number: whether v lies in it ([lo, hi] are the issue's range for RANGE), its
 * closure (for distribution bounds), the clamping bounds of draws, and the text for messages. */
int pli_schema_in_domain(pli_domain d, double v, double lo, double hi);
void pli_schema_closure(pli_domain d, double lo, double hi, double *clo, double *chi);
void pli_schema_clamp(pli_domain d, double lo, double hi, double *clo, double *chi);
void pli_schema_domain_text(pli_domain d, double lo, double hi, char *buf, size_t n);

/* The shape parameters a beta may have (docs/scenario-format.md). Below 0.001 a beta is a coin
 * flip between 0 and 1 in all but name, and near 1e-307 GSL 2.7's sampler (Johnk's method for
 * a, b <= 1) computes log(u) / a = -inf for both and returns NaN; above 1e6 it is a spike of sd
 * below 0.0004 (a fixed value says the same), and the gamma draws it divides approach overflow
 * as a, b grow toward 1e308 (x / (x + y) = inf / inf). Within the bounds every draw is finite. */
#define PLI_BETA_MIN 1e-3
#define PLI_BETA_MAX 1e6

/* Whether distribution dist fits domain d ([lo, hi] the issue's range for RANGE): a
 * normal's sd >= 0 and its mean inside the domain; a uniform's or triangular's min <= (mode <=)
 * max and its support inside the domain's closure; a beta's a and b in [PLI_BETA_MIN,
 * PLI_BETA_MAX] and a domain within [0, 1]; a fixed value inside the domain. When not, writes why
 * into why ("normal sd must be
 * >= 0 (found -1)") and returns 0. The one rule for the loader and for --set PATH.PARAM. */
int pli_schema_dist_check(const pl_dist *dist, pli_domain d, double lo, double hi, char *why,
                          size_t n);

/* The interval [lo, hi] of a REAL setting as text: "[0, 1]", "[0, inf)". */
void pli_schema_real_text(double lo, double hi, char *buf, size_t n);

#endif /* PARLEY_SCHEMA_H */
