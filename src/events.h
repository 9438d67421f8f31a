/*
 * events.h — things that happen during a trial: the `events` list of a scenario (internal).
 *
 * An event fires at most once per trial, at the start of a round, before the breakdown draw: a
 * scheduled one in its round with its probability, a hazard one in each round of [from, until]
 * with probability `hazard` until it fires. Its changes set, add to or scale numbers of the trial's
 * current state, clamped to each number's domain (docs/model.md, "Events").
 *
 * Random streams: the draw of event e in round t of trial k is the first uniform of the stream
 * (seed, k, substream PLI_EVENT_STREAM_BASE + slot_e * 2^17 + t) of pl_rng_reset. Rounds use the
 * substreams 1 .. PL_MAX_ROUNDS and keyed parameters those from 2^31 (parley/rng.h), so event
 * draws never meet another draw of the trial; slot_e is a hash of the event's id (unique within
 * the scenario), so adding, removing or reordering other events, or changing any other input,
 * leaves an event's draws as they were (common random numbers), and nothing depends on threads.
 *
 * Invariants: a model's events are compiled at load into sc->events and sc->changes (flat arrays,
 * scenario_impl.h); a trial reads them and writes only the state it is given.
 */
#ifndef PARLEY_EVENTS_H
#define PARLEY_EVENTS_H

#include <libconfig.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "cfgread.h"
#include "parley/rng.h"
#include "scenario_impl.h"

#define PLI_MAX_EVENTS 1000u  /* events in a scenario (well below the 2^13 stream slots) */
#define PLI_MAX_CHANGES 1000u /* changes of one event */
#define PLI_EVENT_SLOT_BITS 13u
#define PLI_EVENT_ROUND_BITS 17u
#define PLI_EVENT_STREAM_BASE UINT32_C(0x40000000)

_Static_assert(PL_MAX_ROUNDS < (1u << PLI_EVENT_ROUND_BITS), "a round fits below a slot");
_Static_assert(PL_MAX_ROUNDS < PLI_EVENT_STREAM_BASE, "event streams never meet the rounds'");
_Static_assert(PLI_EVENT_STREAM_BASE +
                       (UINT32_C(1) << (PLI_EVENT_SLOT_BITS + PLI_EVENT_ROUND_BITS)) <=
                   UINT32_C(0x80000000),
               "event streams stay below the keyed streams (2^31)");
_Static_assert(PLI_MAX_EVENTS < (1u << PLI_EVENT_SLOT_BITS), "every event finds a free slot");

/* The substream of event e's draw in round t. */
static inline uint32_t pli_event_stream(const pli_event *e, unsigned t) {
  return PLI_EVENT_STREAM_BASE + (e->slot << PLI_EVENT_ROUND_BITS) + (uint32_t)t;
}

/* Reads root's `events` list (if any) into sc->events and sc->changes. sc's agents, issues and
 * parameter layout must be in place (the changes' paths are parameter paths). Reports every
 * problem through ctx. */
void pli_events_load(pli_cfg_reader *ctx, const config_setting_t *root, pl_scenario *sc);

/* Deep-copies src's events into dst (whose event members are a shallow copy of src's); sets *bad
 * on allocation failure (dst then owns what was made, with counts that pli_events_clear frees). */
void pli_events_copy(pl_scenario *dst, const pl_scenario *src, int *bad);

/* Frees sc's events. */
void pli_events_clear(pl_scenario *sc);

/* The event whose id is the n bytes at id, or SIZE_MAX. */
size_t pli_events_find(const pl_scenario *sc, const char *id, size_t n);

/* --set events.ID.KEY=VALUE: the key of PLI_EVENT_KEY_MAP named by the n bytes at key that takes a
 * number (round, probability, hazard, from, until), or PLI_EVKEY_COUNT. */
pli_event_key pli_events_key_find(const char *key, size_t n);
/* Whether key takes an integer (round, from, until). */
int pli_events_key_integer(pli_event_key key);
/* Sets key of event e of sc to value (text, read with parley/number.h), keeping the event's rules
 * (a scheduled event has no hazard, from or until; a hazard event no round or probability;
 * from <= until). On failure writes why into why and returns 0 (sc unchanged). */
int pli_events_set(pl_scenario *sc, size_t e, pli_event_key key, const char *value, char *why,
                   size_t n);

/* --set events.ID.set.K.OP=VALUE: the amount of the K-th change (1-based, the n bytes at k) of
 * event e, whose operation must be OP (value, add or scale: the n_op bytes at op). Writes the
 * change's index in sc->changes into *c and returns 1, or writes why into why and returns 0. */
int pli_events_change_find(const pl_scenario *sc, size_t e, const char *k, size_t n, const char *op,
                           size_t n_op, size_t *c, char *why, size_t why_n);
/* Sets the amount of change c of sc to value (a value must lie in the parameter's domain; add and
 * scale take any finite number). On failure writes why into why and returns 0 (sc unchanged). */
int pli_events_change_set(pl_scenario *sc, size_t c, const char *value, char *why, size_t n);

/* The state of a trial that events change: the parameter vector theta[n_params], current
 * positions x, saliences s and weights w [n_agents * n_issues], and reservations r [n_agents]. */
typedef struct {
  double *theta, *x, *s, *w, *r;
} pli_event_state;

/* The start of round t of trial `trial`: each event of sc that has not fired yet (fired[e] == 0)
 * and may fire in round t draws from its stream; each that fires gets fired[e] = t and its
 * changes applied to st, in event order. Returns how many fired. Never allocates. */
size_t pli_events_round(const pl_scenario *sc, pl_rng *rng, uint64_t trial, unsigned t,
                        unsigned *fired, const pli_event_state *st);

/* The events section of the resolved scenario (pl_scenario_write) and of the description. The
 * writer formats numbers through wr_double, the writer's one format. */
void pli_events_write(const pl_scenario *sc, FILE *out, void (*wr_double)(FILE *, double),
                      void (*wr_string)(FILE *, const char *));
void pli_events_describe(const pl_scenario *sc, FILE *out);

#endif /* PARLEY_EVENTS_H */
