/*
 * nash.h — the parties' zone of agreement and the capability-weighted Nash text (internal).
 *
 * Both are concave programs over the box of issue ranges, solved by one barrier (interior-point)
 * method in the lifted variables of docs/protocols.md ("The Nash text"): the issue values u_j in
 * [0, 1] (issue units scaled to the range) and, for each party k and issue j it cares about, the
 * loss e_kj >= |u_j - a_kj| (linear) or >= (u_j - a_kj)^2 (quadratic). Every constraint is then
 * smooth and convex, so Newton's method on the log barrier converges and the barrier parameter t
 * bounds the error of the optimal value by (number of constraints) / t (Boyd and Vandenberghe
 * 2004, "Convex Optimization", section 11.2.2): PLI_NASH_GAP below.
 *
 * Invariants: no allocation (the caller hands `work` of pli_nash_work_doubles doubles); no random
 * draws; the same operations in the same order for the same inputs, so the same bits whatever the
 * thread and (with -ffp-contract=off) the compiler; only libm's log is called.
 */
#ifndef PARLEY_NASH_H
#define PARLEY_NASH_H

#include <stddef.h>

#include "parley/status.h"
#include "protocol.h"

/* The bound on the error of an optimal value that the solver stops at: the best margin and the
 * maximal weighted log Nash product are within this of the true optimum. */
#define PLI_NASH_GAP 1e-10

/* A best margin counts as a zone of agreement when it is at least -PLI_ZONE_TOL: the 1e-12 of
 * ties plus the solver's bound (the margin found is at most PLI_NASH_GAP below the best). */
#define PLI_ZONE_TOL (1e-12 + PLI_NASH_GAP)

/* Doubles of work space the two functions below need for a scenario of n issues and m parties. */
size_t pli_nash_work_doubles(size_t n_issues, size_t n_parties);

/* The zone of agreement at the state ts: the best margin max_p min_k (U_k(p) - r_k) over the
 * parties k (U from their current positions ts->x, r their current reservations ts->r), within
 * PLI_NASH_GAP below the optimum, into *margin. Returns PL_OK, or PL_ENUMERIC when Newton's
 * method fails (a system that does not factor even with a shifted diagonal, or a centring not
 * reached in 200 steps: guards, never seen in the tests, the shipped scenarios or the large
 * benchmark scenario). */
pl_status pli_nash_zone(const pli_trial_state *ts, double *work, double *margin);

/* The capability-weighted Nash text: when some text gives every party a positive surplus
 * U_k(p) - r_k, writes the p that maximises prod_k (U_k(p) - r_k)^{c_k} (c_k the drawn capability)
 * into text (issue units) and sets *found = 1; otherwise leaves text as it is and sets *found = 0.
 * A best margin within PLI_NASH_GAP of 0 counts as no positive surplus. Status as above. */
pl_status pli_nash_text(const pli_trial_state *ts, double *work, double *text, int *found);

#endif /* PARLEY_NASH_H */
