/*
 * scenario_internal.h — helpers shared by the scenario files (internal).
 *
 * Who calls whom, one way only: scenario_load.c (libconfig -> model) and scenario_set.c
 * (overrides) build on scenario.c (the model: layout, checks, copy, accessors), which builds on
 * schema.c (the tables). scenario_write.c only reads the model.
 */
#ifndef PARLEY_SCENARIO_INTERNAL_H
#define PARLEY_SCENARIO_INTERNAL_H

#include <stddef.h>

#include "parley/status.h"
#include "scenario_impl.h"
#include "schema.h"

/* The number of parameters an agent of role `role` owns: the sum over the fields its role may
 * give of 1 (scalar), n_issues or n_parties. */
size_t pli_scn_block(pl_role role, size_t n_issues, size_t n_parties);

/* The rank of agent i among the parties (the k of `leverage + k`): how many parties come before
 * it in file order. */
size_t pli_scn_party_rank(const pl_scenario *sc, size_t i);

/* Lays out sc->params for sc's agents (ids and roles set) and issues: allocates params (freeing
 * any old array), sets every agent's base and offsets, and gives every parameter its field's
 * default and domain (an issue field takes the issue's range). Returns PL_OK or PL_ENOMEM. */
pl_status pli_scn_layout(pl_scenario *sc);

/* The index in params[] of the first parameter of field f of agent a. */
size_t pli_scn_agent_field(const pli_agent *a, pli_field f);

/* Setting s of sc, read or written through its type: a REAL in real, any integer kind (UINT,
 * U64, a PROTOCOL kind, an AGENT index) in u. */
void pli_scn_setting_put(pl_scenario *sc, pli_setting s, double real, uint64_t u);
void pli_scn_setting_get(const pl_scenario *sc, pli_setting s, double *real, uint64_t *u);

/* Gives every setting its default (protocol.first: agent 0; the loader then picks the first
 * party). */
void pli_scn_settings_default(pl_scenario *sc);

/* Which agent, field and index (issue j, agent k, or 0 for a scalar) parameter k of sc is; for a
 * PARAM setting's slot (k >= n_agent_params), agent SIZE_MAX, field PLI_FIELD_COUNT and index the
 * pli_setting. */
void pli_scn_param_locate(const pl_scenario *sc, size_t k, size_t *agent, pli_field *field,
                          size_t *index);

/* The PARAM setting whose slot is parameter k, or PLI_SETTING_COUNT for an agent's parameter. */
pli_setting pli_scn_param_setting(const pl_scenario *sc, size_t k);

/* The domain bounds of parameter k as pli_schema_in_domain takes them (the issue's range for a
 * RANGE field). */
void pli_scn_param_domain(const pl_scenario *sc, size_t k, pli_domain *d, double *lo, double *hi);

/* Rebuilds parties[] / n_parties and uncertain[] / n_uncertain from agents and params, and gives
 * every parameter its stream key: the 64-bit FNV-1a hash of its path cut to PL_RNG_KEY_BITS,
 * made unique within sc (a key that two paths share goes, for the later parameter, to the next
 * free value).
 * Returns PL_ENOMEM on allocation failure (sc then keeps its old arrays). */
pl_status pli_scn_reindex(pl_scenario *sc);

/* A malloc'ed copy of s, or NULL. */
char *pli_scn_strdup(const char *s);

/* The index of the agent or issue whose id is the n bytes at id, or SIZE_MAX. */
size_t pli_scn_find_agent(const pl_scenario *sc, const char *id, size_t n);
size_t pli_scn_find_issue(const pl_scenario *sc, const char *id, size_t n);

/* Whether a salience parameter may be positive: a fixed value > 0 or any distribution. */
int pli_scn_maybe_positive(const pli_param *p);

/* The cross checks on a whole model (kept by the loader and by every override). Each problem is
 * passed to report(ctx, what, index, message): what says which part it concerns. Returns the
 * number of problems. */
typedef enum {
  PLI_SCN_AT_AGENTS,        /* the agents list (index unused) */
  PLI_SCN_AT_AGENT,         /* agent index */
  PLI_SCN_AT_ISSUE,         /* issue index */
  PLI_SCN_AT_PROTOCOL_KIND, /* protocol.kind */
  PLI_SCN_AT_FIRST          /* protocol.first */
} pli_scn_where;
typedef void (*pli_scn_report_fn)(void *ctx, pli_scn_where what, size_t index, const char *message);
size_t pli_scn_check_model(const pl_scenario *sc, pli_scn_report_fn report, void *ctx);

/* Applies "path" = "value" to a copy of sc and validates the result as a whole (the value against
 * its domain, then pli_scn_check_model). On success *out owns the new scenario; on failure *out is
 * NULL and each problem is in diags with the file and line given and a message that starts with
 * "path=value: " (or names the unknown part of the path). Returns PL_OK, PL_EPATH (unknown path),
 * PL_ESCENARIO (bad value or invalid result) or PL_ENOMEM. Used by pl_scenario_set and by the
 * loader for the sweep section. */
pl_status pli_scn_try(const pl_scenario *sc, const char *path, const char *value, pl_diags *diags,
                      const char *file, int line, pl_scenario **out);

/* Whether path names a parameter that takes a number (so that it can be swept); 0 for words
 * (protocol.kind, protocol.first) and unknown paths. */
int pli_scn_path_numeric(const pl_scenario *sc, const char *path);

/* Warnings (scenario_warn.c). A distribution warns when it clamps more than PLI_WARN_CLAMP of its
 * draws; an agent when all its saliences are 0 at once with probability PLI_WARN_ZERO_SALIENCE or
 * more (one trial in a thousand). */
#define PLI_WARN_CLAMP 0.05
#define PLI_WARN_ZERO_SALIENCE 0.001

/* The share of the draws of d that fall outside [lo, hi] (the closure of their domain) and are
 * clamped: nonzero only for a normal with sd > 0. */
double pli_scn_clamp_share(const pl_dist *d, double lo, double hi);

/* Each warning about sc is passed to report(ctx, what, index, line, message): a parameter index,
 * an agent index or a setting (pli_setting) with its source line. Returns the number of warnings.
 */
typedef enum { PLI_SCN_WARN_PARAM, PLI_SCN_WARN_AGENT, PLI_SCN_WARN_SETTING } pli_scn_warn_where;
typedef void (*pli_scn_warn_fn)(void *ctx, pli_scn_warn_where what, size_t index, int line,
                                const char *message);
size_t pli_scn_check_warnings(const pl_scenario *sc, pli_scn_warn_fn report, void *ctx);

/* Replaces sc->warnings by those of sc as it is now; a warning that old (the model sc was made
 * from) had too keeps its file, others name old's source file. PL_OK or PL_ENOMEM (sc unchanged).
 */
pl_status pli_scn_rewarn(pl_scenario *sc, const pl_scenario *old);

/* Frees everything sc owns, but not sc itself. */
void pli_scn_clear(pl_scenario *sc);

#endif /* PARLEY_SCENARIO_INTERNAL_H */
