/*
 * scenario_internal.h — helpers shared by the scenario files (scenario.c loads and validates,
 * scenario_set.c applies overrides, scenario_write.c writes and describes). Internal.
 *
 * Parameter layout (the invariant of scenario_impl.h made concrete): agent i owns the block
 * [i * stride, (i + 1) * stride) of params[], stride = 4 + 2 * n_issues + n_agents, laid out as
 * capability, reservation, flexibility, patience, position[n_issues], salience[n_issues],
 * leverage[n_agents].
 */
#ifndef PARLEY_SCENARIO_INTERNAL_H
#define PARLEY_SCENARIO_INTERNAL_H

#include <stddef.h>

#include "parley/status.h"
#include "scenario_impl.h"

typedef enum {
  PL_FIELD_CAPABILITY,
  PL_FIELD_RESERVATION,
  PL_FIELD_FLEXIBILITY,
  PL_FIELD_PATIENCE,
  PL_FIELD_POSITION,
  PL_FIELD_SALIENCE,
  PL_FIELD_LEVERAGE
} pl_scn_field;

/* The number of parameters one agent owns. */
size_t pl_scn_stride(size_t n_issues, size_t n_agents);

/* Which agent, field and index (issue j for position/salience, agent for leverage, 0 otherwise)
 * parameter k of sc belongs to. */
void pl_scn_param_locate(const pl_scenario *sc, size_t k, size_t *agent, pl_scn_field *field,
                         size_t *index);

/* "capability", "reservation", ... */
const char *pl_scn_field_name(pl_scn_field f);

/* The domain of a parameter as written for users: "(0, inf)", "(0, 1]", "[0, 100]". */
void pl_scn_domain_text(pl_scn_field f, double lo, double hi, char *buf, size_t n);

/* Whether the fixed value v is inside the domain of field f with bounds [lo, hi]. */
int pl_scn_in_domain(pl_scn_field f, double v, double lo, double hi);

/* Rebuilds parties[] / n_parties and uncertain[] / n_uncertain from agents and params.
 * Returns PL_ENOMEM on allocation failure (sc then keeps its old arrays). */
pl_status pl_scn_reindex(pl_scenario *sc);

/* A malloc'ed copy of s, or NULL. */
char *pl_scn_strdup(const char *s);

/* The cross checks on a whole model (kept by the loader and by every override). Each problem is
 * passed to report(ctx, what, index, message): what says which part it concerns. Returns the
 * number of problems. */
typedef enum {
  PL_SCN_AT_AGENTS,        /* the agents list (index unused) */
  PL_SCN_AT_AGENT,         /* agent index */
  PL_SCN_AT_ISSUE,         /* issue index */
  PL_SCN_AT_PROTOCOL_KIND, /* protocol.kind */
  PL_SCN_AT_FIRST          /* protocol.first */
} pl_scn_where;
typedef void (*pl_scn_report_fn)(void *ctx, pl_scn_where what, size_t index, const char *message);
size_t pl_scn_check_model(const pl_scenario *sc, pl_scn_report_fn report, void *ctx);

/* Applies "path" = "value" to a copy of sc and validates the result as a whole (the value against
 * its domain, then pl_scn_check_model). On success *out owns the new scenario; on failure *out is
 * NULL and each problem is in diags with the file and line given and a message that starts with
 * "path=value: " (or names the unknown part of the path). Returns PL_OK, PL_EPATH (unknown path),
 * PL_ESCENARIO (bad value or invalid result) or PL_ENOMEM. Used by pl_scenario_set and by the
 * loader for the sweep section. */
pl_status pl_scn_try(const pl_scenario *sc, const char *path, const char *value, pl_diags *diags,
                     const char *file, int line, pl_scenario **out);

/* Whether path names a parameter that takes a number (so that it can be swept); 0 for words
 * (protocol.kind, protocol.first) and unknown paths. */
int pl_scn_path_numeric(const pl_scenario *sc, const char *path);

/* Frees everything sc owns, but not sc itself. */
void pl_scn_clear(pl_scenario *sc);

#endif /* PARLEY_SCENARIO_INTERNAL_H */
