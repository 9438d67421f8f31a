/*
 * protocol_eum.h — one round of Bueno de Mesquita's expected utility model on one issue
 * (internal; the pure solver behind the `eum` protocol).
 *
 * The variant is the one Scholz, Calbert & Smith (2011) reproduced; docs/protocols.md gives the
 * equations. The function takes plain arrays and a caller-provided work area, never allocates,
 * and is deterministic (ties go to the actor listed first).
 */
#ifndef PARLEY_PROTOCOL_EUM_H
#define PARLEY_PROTOCOL_EUM_H

#include <stddef.h>

#include "parley/status.h"

/* Doubles of work space pli_eum_round needs for m actors. */
size_t pli_eum_work_size(size_t m);

/* One round on one issue for m actors with capabilities c[m] (> 0), saliences s[m] ([0, 1]) and
 * positions x[m]; range = the max - min (> 0). Step 1 recomputes every risk exponent from
 * r = 1 (written to risk[m]), step 2 finds each actor's best offer with those exponents, step 3
 * moves everyone at once: x_new[m] receives the new positions (x_new must not alias x), kind[m] a
 * pl_move_kind (PL_MOVE_CONFRONTATION, PL_MOVE_COMPROMISE or PL_MOVE_NONE) and from[m] the index
 * of the actor whose offer was taken (-1 for none). work holds pli_eum_work_size(m) doubles.
 * Returns PL_OK, or PL_EINVAL when range <= 0. */
pl_status pli_eum_round(size_t m, const double *c, const double *s, const double *x, double range,
                        double *work, double *x_new, double *risk, unsigned char *kind, long *from);

#endif /* PARLEY_PROTOCOL_EUM_H */
