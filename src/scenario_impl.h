/*
 * scenario_impl.h — the scenario model as the engine reads it (internal to the library).
 *
 * Invariants, established by the loader and kept by every override:
 * - every number an agent has is a pli_param in params[]: a distribution (PL_DIST_FIXED for a plain
 *   number) and the domain [lo, hi] that each draw is clamped to;
 * - agent i's parameters sit at fixed offsets (see pli_agent) so a trial draws them into one flat
 *   vector theta[n_params] and protocols index it without lookups: agent i owns the block that
 *   starts at agents[i].base, its fields in the order of PLI_AGENT_FIELD_MAP, a field taking 1,
 *   n_issues or n_parties slots by its shape, or none if the agent's role may not give it
 *   (pli_scn_layout): parameters grow as agents x (issues + parties), not agents squared;
 * - after the agents' blocks come the protocol numbers that may be uncertain (the PARAM rows of
 *   PLI_SETTING_MAP), one slot each, so a trial draws and reads them like any agent number;
 * - uncertain[] lists, ascending, the indices of the parameters that are not PL_DIST_FIXED, which
 *   is the order in which a trial draws them;
 * - parties[] lists the agent indices with role party, in file order; n_parties >= 2;
 * - every party has a position on every issue; every agent has a positive salience somewhere, and
 *   every issue has a positive salience for some agent (for fixed saliences; a distribution's
 *   draws may be 0); issue ranges have min < max.
 */
#ifndef PARLEY_SCENARIO_IMPL_H
#define PARLEY_SCENARIO_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "parley/dist.h"
#include "parley/scenario.h"
#include "schema.h"

typedef struct {
  pl_dist dist;
  double lo, hi; /* domain; draws are clamped to it. Open bounds use the nearest value inside
                    (capability and patience > 0: lo = DBL_MIN) */
  int line;      /* source line of the setting in the scenario file; 0 = default or override */
  uint64_t key;  /* the key of its random stream (pl_rng_reset_key): a hash of its path, so that a
                    parameter's draws do not depend on which other parameters are uncertain or on
                    how many there are (pli_scn_reindex) */
} pli_param;

typedef struct {
  char *id, *label, *unit; /* unit may be "" */
  double min, max;
  int line;
} pli_issue;

typedef struct {
  char *id, *label;
  pl_role role;
  pl_utility_kind utility;
  int line;
  size_t base; /* the first of this agent's parameters in params[]: its block starts here */
  /* Offsets into pl_scenario.params (and so into a trial's theta), one member per row of
   * PLI_AGENT_FIELD_MAP (schema.h): capability, reservation, flexibility, patience (one number
   * each); position, salience (+ j for issue j < n_issues); leverage (+ k: this mediator's
   * leverage on the k-th party, k < n_parties). A field the agent's role may not give has no slot
   * and its offset is SIZE_MAX (a party's leverage). */
#define PLI_AGENT_OFFSET(E, key, ...) size_t key;
  PLI_AGENT_FIELD_MAP(PLI_AGENT_OFFSET)
#undef PLI_AGENT_OFFSET
} pli_agent;

typedef struct {
  char *path;
  double *values;
  uint64_t *ints;   /* [n_values] the exact values of an integer path, NULL for a real one */
  char *words;      /* a word path's (pl_scenario_path_word) n_values words, each NUL-terminated,
                       one after the other (values[k] is then k); NULL otherwise */
  size_t words_len; /* bytes of words, the NULs included */
  size_t n_values;
  int line;
} pli_sweep_group;

/* Events (src/events.c, docs/model.md "Events"): compiled at load into flat arrays, so that a trial
 * reads them without lookups or allocation. A change sets, adds to or scales one parameter of the
 * trial's current state; event e owns changes [first_change, first_change + n_changes). */
typedef enum { PLI_CHANGE_VALUE, PLI_CHANGE_ADD, PLI_CHANGE_SCALE } pli_change_op;

typedef struct {
  size_t param;    /* index in params[]: what it changes, and the domain it is clamped to */
  size_t agent;    /* the agent the parameter belongs to (SIZE_MAX: a protocol number) */
  pli_field field; /* its field (PLI_FIELD_COUNT: a protocol number) */
  size_t index;    /* issue j or party rank k within the field (0 for a scalar) */
  pli_change_op op;
  double amount;
  int line;
} pli_change;

typedef struct {
  char *id;
  int hazard; /* 0: scheduled in `round` with probability `prob`; 1: a hazard `prob`
                 in each round of [from, until] (until 0: to the last round) */
  unsigned round, from, until;
  double prob;
  size_t first_change, n_changes;
  uint32_t slot; /* its random streams (events.h, pli_event_stream): a hash of its id, unique */
  int line;
} pli_event;

struct pl_scenario {
  char *name, *title; /* title "" when absent */
  char *
      record[PL_RECORD_COUNT]; /* PL_RECORD_MAP's values, "" when absent (never NULL once loaded) */
  char *source;                /* file path as given, or the display name */
  char *include_dir;           /* where @include looked; NULL = current directory */
  size_t n_issues, n_agents, n_parties;
  pli_issue *issues; /* [n_issues] */
  pli_agent *agents; /* [n_agents] */
  size_t *parties;   /* [n_parties] agent indices of the parties, in file order */
  pl_protocol_kind protocol;
  unsigned max_rounds;   /* 1 .. PL_MAX_ROUNDS */
  size_t breakdown;      /* index in params[] of the breakdown probability, [0, 1] */
  size_t noise;          /* index in params[] of the acceptance temperature tau >= 0 */
  size_t first;          /* agent index of the first proposer (alternating); default parties[0] */
  size_t quota;          /* index in params[] of the qualified majority, (0, 1]; 1 = unanimity */
  unsigned quota_weight; /* a pli_quota_weight: count or capability */
  unsigned text;         /* a pli_text_kind: mean or nash */
  uint64_t trials;       /* 1 .. PL_MAX_TRIALS */
  uint64_t seed;
  unsigned zone; /* 1: each trial computes the zone-of-agreement diagnostic at its start (nash.h) */
  size_t n_params;
  size_t n_agent_params; /* params[0 .. n_agent_params) are the agents' blocks; the rest are the
                            PARAM settings (protocol.breakdown, protocol.noise), in map order */
  pli_param *params;     /* [n_params] */
  size_t n_uncertain;
  size_t *uncertain; /* [n_uncertain] ascending indices of non-fixed params */
  size_t n_sweep;
  pli_sweep_group *sweep;              /* [n_sweep] */
  int protocol_line, montecarlo_line;  /* for diagnostics of later overrides; 0 if absent */
  int setting_line[PLI_SETTING_COUNT]; /* line of each setting in the file; 0 if not given */
  pl_diags *warnings;                  /* scenario_warn.c; NULL = none */
  size_t n_events, n_changes;
  pli_event *events;   /* [n_events] in file order */
  pli_change *changes; /* [n_changes] the events' changes, event by event */
};

#endif /* PARLEY_SCENARIO_IMPL_H */
