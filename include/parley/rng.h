/*
 * parley/rng.h — counter-based random streams keyed by trial, never by thread.
 *
 * A pl_rng is Philox4x32-10 (Random123) exposed to the library as a gsl_rng, so every gsl_ran_*
 * sampler draws from it. pl_rng_reset selects one stream: key = the 64-bit master seed, counter =
 * (trial low 32 bits, trial high 32 bits, substream, 0); the last counter word counts draws.
 * Substream PL_STREAM_ROUND(t) is round t's draws, so a change in one round never shifts the
 * draws of another; a trial's uncertain parameters draw from keyed streams (pl_rng_reset_key).
 * One pl_rng per thread, allocated once; resetting it costs a few nanoseconds.
 */
#ifndef PARLEY_RNG_H
#define PARLEY_RNG_H

#include <stdint.h>

typedef struct pl_rng pl_rng;

#define PL_STREAM_ROUND(t) ((uint32_t)(t)) /* t = 1 .. max_rounds */

/* Keyed streams: each uncertain parameter of a trial draws from a stream of its own, named by a
 * key of PL_RNG_KEY_BITS bits (a hash of its path: scenario_impl.h), so that fixing, adding or
 * removing one parameter never changes the draws of another. Counter = (trial low 32 bits, trial
 * high 32 bits, 2^31 + the key's low 31 bits, the key's next 16 bits x 2^16 + draw block): these
 * streams never meet the rounds' ones (substreams below 2^31), and each holds 2^18 draws. */
#define PL_RNG_KEY_BITS 47

/* A new generator, or NULL when memory is exhausted. It must be reset before use. */
pl_rng *pl_rng_alloc(void);
/* Frees r; pl_rng_free(NULL) does nothing. */
void pl_rng_free(pl_rng *r);
/* Positions r at the start of stream (seed, trial, substream). */
void pl_rng_reset(pl_rng *r, uint64_t seed, uint64_t trial, uint32_t substream);
/* Positions r at the start of the keyed stream (seed, trial, key), key < 2^PL_RNG_KEY_BITS. */
void pl_rng_reset_key(pl_rng *r, uint64_t seed, uint64_t trial, uint64_t key);
/* A uniform double in [0, 1). */
double pl_rng_uniform(pl_rng *r);
/* A uniform double in (0, 1). */
double pl_rng_uniform_pos(pl_rng *r);

#endif /* PARLEY_RNG_H */
