/*
 * rng_impl.h — library-internal access to the gsl_rng behind a pl_rng.
 *
 * The returned generator belongs to r: it draws from r's current stream and becomes invalid when r
 * is freed. Use it only with gsl_ran_* samplers; never gsl_rng_set or gsl_rng_free it.
 */
#ifndef PARLEY_RNG_IMPL_H
#define PARLEY_RNG_IMPL_H

#include <gsl/gsl_rng.h>

#include "parley/rng.h"

/* The gsl_rng view of r (never NULL for a non-NULL r). */
gsl_rng *pli_rng_gsl(pl_rng *r);

#endif /* PARLEY_RNG_IMPL_H */
