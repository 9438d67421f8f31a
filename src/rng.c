/*
 * rng.c — Philox4x32-10 (Random123) as a gsl_rng, re-keyed per (seed, trial, substream).
 *
 * Salmon, Moraes, Dror and Shaw (2011), "Parallel random numbers: as easy as 1, 2, 3", SC'11:
 * Philox4x32-10 maps a 128-bit counter and a 64-bit key to 128 random bits. A stream is the
 * sequence of outputs for counter (trial low 32 bits, trial high 32 bits, substream, n), n = 0, 1,
 * ..., under key (seed low 32 bits, seed high 32 bits); each output gives four 32-bit draws.
 *
 * Invariants: a pl_rng owns its state inline (no allocation after pl_rng_alloc, no global state:
 * the gsl_rng_type below is a static const table, like GSL's own generators); the gsl_rng view
 * always points at that inline state. A stream holds 2^34 draws before the counter would wrap,
 * far more than any trial uses.
 */
#include "parley/rng.h"

#include <Random123/philox.h>
#include <stdlib.h>

#include "rng_impl.h"

typedef struct {
  philox4x32_ctr_t ctr; /* (trial lo, trial hi, substream, next block index) */
  philox4x32_key_t key; /* (seed lo, seed hi) */
  philox4x32_ctr_t out; /* the current block of four 32-bit outputs */
  unsigned pos;         /* next output word in out; 4 = block used up */
} pli_philox_state;

struct pl_rng {
  gsl_rng gsl; /* type = &pli_philox_type, state = &state */
  pli_philox_state state;
};

static void philox_set(void *vstate, unsigned long int seed) {
  /* GSL's seeding entry point (used only if someone calls gsl_rng_set): stream 0 of trial 0 under
   * the given seed. parley itself positions streams with pl_rng_reset. */
  pli_philox_state *st = vstate;
  st->key.v[0] = (uint32_t)(seed & 0xffffffffUL);
  st->key.v[1] = (uint32_t)(((uint64_t)seed >> 16) >> 16);
  st->ctr.v[0] = st->ctr.v[1] = st->ctr.v[2] = st->ctr.v[3] = 0;
  st->pos = 4;
}

/* Computes the next block of four outputs and returns its first word. Kept out of line: the
 * common case, a word left in the current block, is the inline test in philox_next. */
static uint32_t philox_refill(pli_philox_state *st) {
  st->out = philox4x32(st->ctr, st->key);
  st->ctr.v[3]++;
  st->pos = 1;
  return st->out.v[0];
}

static inline uint32_t philox_next(pli_philox_state *st) {
  if (st->pos < 4)
    return st->out.v[st->pos++];
  return philox_refill(st);
}

static unsigned long int philox_get(void *vstate) { return philox_next(vstate); }

/* 32-bit resolution, [0, 1): k / 2^32. */
static double philox_get_double(void *vstate) {
  return (double)philox_next(vstate) * 2.3283064365386962890625e-10;
}

static const gsl_rng_type pli_philox_type = {"philox4x32-10",          0xffffffffUL, 0,
                                             sizeof(pli_philox_state), philox_set,   philox_get,
                                             philox_get_double};

pl_rng *pl_rng_alloc(void) {
  /* A whole number of cache lines of its own: the state is written at every draw, and the
   * generators of different threads must not share a line. */
  size_t bytes = (sizeof(pl_rng) + 63u) / 64u * 64u;
  pl_rng *r = aligned_alloc(64u, bytes);
  if (r == NULL)
    return NULL;
  r->gsl.type = &pli_philox_type;
  r->gsl.state = &r->state;
  pl_rng_reset(r, 0, 0, 0);
  return r;
}

void pl_rng_free(pl_rng *r) { free(r); }

void pl_rng_reset(pl_rng *r, uint64_t seed, uint64_t trial, uint32_t substream) {
  pli_philox_state *st = &r->state;
  st->key.v[0] = (uint32_t)(seed & 0xffffffffu);
  st->key.v[1] = (uint32_t)(seed >> 32);
  st->ctr.v[0] = (uint32_t)(trial & 0xffffffffu);
  st->ctr.v[1] = (uint32_t)(trial >> 32);
  st->ctr.v[2] = substream;
  st->ctr.v[3] = 0;
  st->pos = 4;
}

void pl_rng_reset_key(pl_rng *r, uint64_t seed, uint64_t trial, uint64_t key) {
  pl_rng_reset(r, seed, trial, UINT32_C(0x80000000) | (uint32_t)(key & 0x7fffffffu));
  r->state.ctr.v[3] = (uint32_t)((key >> 31) & 0xffffu) << 16;
}

double pl_rng_uniform(pl_rng *r) { return philox_get_double(&r->state); }

double pl_rng_uniform_pos(pl_rng *r) {
  double u;
  do {
    u = philox_get_double(&r->state);
  } while (u == 0.0);
  return u;
}

gsl_rng *pli_rng_gsl(pl_rng *r) { return &r->gsl; }
