/*
 * parley/scenario.h — the scenario: issues, agents, protocol and Monte Carlo settings.
 *
 * A scenario is parsed from a libconfig file once, validated, and then immutable for every trial
 * (all simulation functions take `const pl_scenario *`). Overrides (`--set PATH=VALUE`, sweep
 * points) are applied to a copy before any trial runs and validated like the file itself.
 * The file format is docs/scenario-format.md.
 */
#ifndef PARLEY_SCENARIO_H
#define PARLEY_SCENARIO_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "parley/status.h"

typedef struct pl_scenario pl_scenario;

/* The kinds, each a map in the libuv style from which the enum, the names in files and messages,
 * and (for protocols) the vtable table of the library are generated.
 * X(ENUM, name, min_parties, max_parties): a protocol `name` is implemented by the vtable
 * pli_protocol_<name> in src/protocol_<name>.c; max_parties 0 means no upper bound. */
#define PL_PROTOCOL_MAP(X)                                                                         \
  X(MEDIATED, mediated, 2, 0)                                                                      \
  X(ALTERNATING, alternating, 2, 2)                                                                \
  X(EUM, eum, 2, 0)
/* What happened, recorded in a scenario file for `parley backtest` (docs/backtest.md): top-level
 * string keys. X(ENUM, key, help). `outcome` is one of PL_OUTCOME_RECORD_MAP's words; a file with
 * an outcome must give its date (YYYY-MM-DD) and source too. */
#define PL_RECORD_MAP(X)                                                                           \
  X(OUTCOME, outcome, "what happened: \"agreement\" or \"no_agreement\"")                          \
  X(OUTCOME_DATE, outcome_date, "the date the outcome was known, YYYY-MM-DD")                      \
  X(OUTCOME_SOURCE, outcome_source, "where the outcome is reported: outlet, date, address")
/* The words of `outcome`: X(ENUM, word). */
#define PL_OUTCOME_RECORD_MAP(X) X(AGREEMENT, agreement) X(NO_AGREEMENT, no_agreement)
typedef enum {
#define PL_RECORD_ENUM(E, ...) PL_RECORD_##E,
  PL_RECORD_MAP(PL_RECORD_ENUM)
#undef PL_RECORD_ENUM
      PL_RECORD_COUNT
} pl_record_key;
/* X(ENUM, name, plural) and X(ENUM, name) */
#define PL_ROLE_MAP(X) X(PARTY, party, parties) X(MEDIATOR, mediator, mediators)
#define PL_UTILITY_MAP(X) X(LINEAR, linear) X(QUADRATIC, quadratic)

typedef enum {
#define PL_PROTOCOL_ENUM(E, name, ...) PL_PROTOCOL_##E,
  PL_PROTOCOL_MAP(PL_PROTOCOL_ENUM)
#undef PL_PROTOCOL_ENUM
      PL_PROTOCOL_COUNT
} pl_protocol_kind;
typedef enum {
#define PL_ROLE_ENUM(E, name, plural) PL_ROLE_##E,
  PL_ROLE_MAP(PL_ROLE_ENUM)
#undef PL_ROLE_ENUM
      PL_ROLE_COUNT
} pl_role;
typedef enum {
#define PL_UTILITY_ENUM(E, name) PL_UTILITY_##E,
  PL_UTILITY_MAP(PL_UTILITY_ENUM)
#undef PL_UTILITY_ENUM
      PL_UTILITY_COUNT
} pl_utility_kind;

/* Hard limits, so that absurd inputs are errors rather than exhausted memory. */
#define PL_MAX_ROUNDS 100000u
#define PL_MAX_TRIALS 1000000000000ULL /* 10^12 */
#define PL_MAX_SWEEP_AXES 2            /* a sweep (section or --over) varies one or two paths */
#define PL_MAX_SWEEP_POINTS 100000     /* points of a sweep grid */

/* Parses and validates the scenario file at path (libconfig syntax; @include resolved against the
 * file's own folder). On success *out owns a new scenario. On failure *out is NULL, every problem
 * found is in diags ("path:line: message"), and the status is PL_ESCENARIO (or PL_EIO / PL_ENOMEM).
 */
pl_status pl_scenario_load(const char *path, pl_diags *diags, pl_scenario **out);

/* The same from text in memory; display_name is the "file" named in diagnostics and include_dir
 * (may be NULL = current directory) is where @include looks. */
pl_status pl_scenario_load_string(const char *text, const char *display_name,
                                  const char *include_dir, pl_diags *diags, pl_scenario **out);

/* The built-in reference scenario (scenarios/gaza-2024-08.cfg compiled into the library). */
pl_status pl_scenario_load_reference(pl_diags *diags, pl_scenario **out);

/* Frees sc; pl_scenario_free(NULL) does nothing. */
void pl_scenario_free(pl_scenario *sc);

/* A deep, independent copy of sc in *out. */
pl_status pl_scenario_copy(const pl_scenario *sc, pl_scenario **out);

/* Applies one override "PATH=VALUE" (see docs/scenario-format.md for paths). A number replaces the
 * parameter (a distribution becomes that fixed value); montecarlo.seed and .trials and
 * protocol.max_rounds take integers; protocol.kind and protocol.first take words. The result is
 * validated as a whole: on failure sc is unchanged, diags names the path, and the status is
 * PL_EPATH (unknown path) or PL_ESCENARIO (bad value).
 * "PATH.PARAM=VALUE" changes one parameter of the number's distribution and keeps the rest: PARAM
 * is a name pl_dist_param_name gives for its kind (mean, sd; min, max; min, mode, max; a, b; a
 * fixed number has only value), and the result must keep the loader's rules (sd >= 0, ...). */
pl_status pl_scenario_set(pl_scenario *sc, const char *assignment, pl_diags *diags);

/* Writes sc as a scenario file that loads back to the same model (the "resolved scenario" kept
 * with results: overrides applied, includes expanded). */
pl_status pl_scenario_write(const pl_scenario *sc, FILE *out);

/* Writes the human description printed by `parley validate`: issues with ranges and units, parties
 * and mediators, protocol, trials and seed, and which numbers are uncertain and how. */
pl_status pl_scenario_describe(const pl_scenario *sc, FILE *out);

/* Read-only accessors. Indices are 0-based in file order; strings live as long as sc. */
const char *pl_scenario_name(const pl_scenario *sc);
const char *pl_scenario_title(const pl_scenario *sc); /* "" when absent */
/* The recorded value of key k (PL_RECORD_MAP), "" when absent or k is out of range. */
const char *pl_scenario_record(const pl_scenario *sc, pl_record_key k);
/* The key of k in a scenario file ("outcome", ...), or NULL out of range. */
const char *pl_record_key_name(pl_record_key k);
const char *pl_scenario_source(const pl_scenario *sc); /* the file it was read from */
size_t pl_scenario_n_issues(const pl_scenario *sc);
size_t pl_scenario_n_agents(const pl_scenario *sc);
size_t pl_scenario_n_parties(const pl_scenario *sc);
const char *pl_scenario_issue_id(const pl_scenario *sc, size_t j);
const char *pl_scenario_issue_label(const pl_scenario *sc, size_t j);
const char *pl_scenario_issue_unit(const pl_scenario *sc, size_t j); /* "" when absent */
double pl_scenario_issue_min(const pl_scenario *sc, size_t j);
double pl_scenario_issue_max(const pl_scenario *sc, size_t j);
const char *pl_scenario_agent_id(const pl_scenario *sc, size_t i);
const char *pl_scenario_agent_label(const pl_scenario *sc, size_t i);
pl_role pl_scenario_agent_role(const pl_scenario *sc, size_t i);
pl_protocol_kind pl_scenario_protocol(const pl_scenario *sc);
const char *pl_protocol_kind_name(pl_protocol_kind k); /* its name in PL_PROTOCOL_MAP */
unsigned pl_scenario_max_rounds(const pl_scenario *sc);
double pl_scenario_breakdown(const pl_scenario *sc);
double pl_scenario_noise(const pl_scenario *sc);
uint64_t pl_scenario_trials(const pl_scenario *sc);
uint64_t pl_scenario_seed(const pl_scenario *sc);

/* Warnings: inputs that are valid but have no effect (a field a role does not use, a setting
 * the protocol does not read), saliences all 0 at once in at least 0.1% of the trials, and
 * distributions that clamp more than 5% of their draws (docs/scenario-format.md, "Warnings").
 * Computed when the scenario is loaded and again after each override; sorted by file and line.
 * Warning w < pl_scenario_n_warnings(sc) has a file, a line and a message that live as long as sc
 * (or until the next pl_scenario_set on it). */
size_t pl_scenario_n_warnings(const pl_scenario *sc);
const char *pl_scenario_warning_file(const pl_scenario *sc, size_t w);
int pl_scenario_warning_line(const pl_scenario *sc, size_t w);
const char *pl_scenario_warning_message(const pl_scenario *sc, size_t w);

/* The numbers of the model: parameter k (k < n_params) has a path such as
 * "agents.israel.reservation" or "protocol.breakdown";
 * pl_scenario_param_path writes it into buf (snprintf semantics, returns the full length).
 * pl_scenario_param_uncertain says whether it is drawn from a distribution. */
size_t pl_scenario_n_params(const pl_scenario *sc);
int pl_scenario_param_path(const pl_scenario *sc, size_t k, char *buf, size_t n);
int pl_scenario_param_uncertain(const pl_scenario *sc, size_t k);
/* The index k of the parameter named path ("agents.israel.reservation", "protocol.breakdown"), or
 * SIZE_MAX when path names no parameter (an unknown path, or a setting that is not a number of the
 * model such as protocol.max_rounds). Parameters after the agents' blocks are the protocol's
 * numbers that may be uncertain (protocol.breakdown, protocol.noise). */
size_t pl_scenario_param_index(const pl_scenario *sc, const char *path);

/* The scenario's `events` list (docs/scenario-format.md, "Events"), in file order: event e has
 * an id that lives as long as sc. */
size_t pl_scenario_n_events(const pl_scenario *sc);
const char *pl_scenario_event_id(const pl_scenario *sc, size_t e);

/* The scenario's own `sweep` section (may be empty): group g has a parameter path and its values.
 */
size_t pl_scenario_n_sweep(const pl_scenario *sc);
const char *pl_scenario_sweep_path(const pl_scenario *sc, size_t g);
const double *pl_scenario_sweep_values(const pl_scenario *sc, size_t g, size_t *n_values);
/* When group g's path takes integers (pl_scenario_path_integer), its values exactly (the doubles
 * above are them rounded); NULL for a real path. Same length as pl_scenario_sweep_values. */
const uint64_t *pl_scenario_sweep_integers(const pl_scenario *sc, size_t g);
/* When group g's path takes a word (pl_scenario_path_word), its value k as that word (the values
 * above are then 0, 1, ..., the words' places in the list); NULL for a numeric path. */
const char *pl_scenario_sweep_word(const pl_scenario *sc, size_t g, size_t k);

/* Whether path names a setting that takes an integer (montecarlo.seed, montecarlo.trials,
 * protocol.max_rounds: the UINT and U64 rows of the setting table); 0 otherwise (reals, words,
 * unknown paths). */
int pl_scenario_path_integer(const pl_scenario *sc, const char *path);

/* Whether path names a setting whose value is a word (protocol.kind, protocol.text,
 * protocol.quota_weight, protocol.first: the PROTOCOL, WORD and AGENT rows of the setting table),
 * which a sweep varies over a list of words; 0 otherwise. */
int pl_scenario_path_word(const pl_scenario *sc, const char *path);

/* The longest word a sweep takes (an agent id, for protocol.first, is at most 100 characters). */
#define PL_SWEEP_WORD_MAX 100

#endif /* PARLEY_SCENARIO_H */
