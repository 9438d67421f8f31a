/*
 * check_alternating.c — the alternating-offers protocol: the backward-induction solver on
 * hand-built games (known answers of Rubinstein 1982, Ståhl 1972, Binmore, Rubinstein & Wolinsky
 * 1986, and hand-computed multi-issue offers), then the protocol inside a trial.
 *
 * Every expected value's source or derivation is in the comment of its test.
 */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "parley/montecarlo.h"
#include "parley/scenario.h"
#include "parley/status.h"
#include "parley/trial.h"
#include "protocol_alternating.h"
#include "testutil.h"

#define MAXT 1001u

/* The textbook game: one issue [0, 1], side 0 (A) at 1, side 1 (B) at 0, linear, reservations 0,
 * A first, so that A's share of the pie is the text itself. */
typedef struct {
  double inv_range[1], w0[1], w1[1], x0[1], x1[1];
  double thr[MAXT + 1];
  unsigned char offer[MAXT + 1];
  size_t order[4];
  double y[4];
  pli_alt_game g;
} pie;

static void pie_init(pie *p, double dA, double dB, double breakdown, unsigned horizon) {
  memset(p, 0, sizeof *p);
  p->inv_range[0] = 1.0;
  p->w0[0] = p->w1[0] = 1.0;
  p->x0[0] = 1.0;
  p->x1[0] = 0.0;
  p->g.n_issues = 1;
  p->g.inv_range = p->inv_range;
  p->g.kind[0] = p->g.kind[1] = PL_UTILITY_LINEAR;
  p->g.w[0] = p->w0;
  p->g.w[1] = p->w1;
  p->g.x[0] = p->x0;
  p->g.x[1] = p->x1;
  p->g.delta[0] = dA;
  p->g.delta[1] = dB;
  p->g.breakdown = breakdown;
  p->g.horizon = horizon;
  p->g.first = 0;
}

/* A's share in round 1: the text A offers (it must make one). */
static double pie_share(pie *p) {
  double value[2];
  ck_assert_int_eq(pli_alternating_solve(&p->g, 1, p->thr, p->offer, p->order, p->y, value), PL_OK);
  ck_assert_int_eq(p->offer[1], 1);
  ck_assert(pli_alternating_best_offer(&p->g, 0, p->thr[1], p->order, p->y));
  ck_assert_double_eq_tol(value[0], p->y[0], 1e-15);
  return p->y[0];
}

/* Rubinstein (1982), Osborne & Rubinstein (1994, Prop. 122.1): the proposer's share of the
 * unique subgame-perfect equilibrium is (1 - dB) / (1 - dA dB). Horizon 1000: the finite game's
 * value differs from the limit by O(0.95^1000), far below 1e-9. */
START_TEST(test_rubinstein) {
  pie p;
  pie_init(&p, 0.9, 0.9, 0.0, 1000);
  ck_assert_double_eq_tol(pie_share(&p), (1 - 0.9) / (1 - 0.81), 1e-9);
  ck_assert_double_eq_tol(pie_share(&p), 0.526316, 5e-7);
  pie_init(&p, 0.95, 0.95, 0.0, 1000);
  ck_assert_double_eq_tol(pie_share(&p), (1 - 0.95) / (1 - 0.95 * 0.95), 1e-9);
  ck_assert_double_eq_tol(pie_share(&p), 0.512821, 5e-7);
  /* Solved from round 2 (B proposes): B's value is the same proposer's share, A's the rest;
   * both parities of the solver's stationary shortcut (rounds 1 and 2 copied from 3 and 4). */
  double value[2];
  pie_init(&p, 0.9, 0.9, 0.0, 1000);
  ck_assert_int_eq(pli_alternating_solve(&p.g, 2, p.thr, p.offer, p.order, p.y, value), PL_OK);
  ck_assert_double_eq_tol(value[1], 0.1 / 0.19, 1e-9);
  ck_assert_double_eq_tol(value[0], 1.0 - 0.1 / 0.19, 1e-9);
  ck_assert_double_eq_tol(p.thr[2], 0.9 * 0.1 / 0.19, 1e-9);
  ck_assert_int_eq(pli_alternating_solve(&p.g, 1, p.thr, p.offer, p.order, p.y, value), PL_OK);
  ck_assert_double_eq_tol(value[0], 0.1 / 0.19, 1e-9);
  ck_assert_double_eq(p.thr[1], p.thr[3]);
  ck_assert_double_eq(p.thr[2], p.thr[4]);
  /* Unequal patience: the more patient side gets more. */
  pie_init(&p, 0.95, 0.8, 0.0, 1000);
  ck_assert_double_eq_tol(pie_share(&p), (1 - 0.8) / (1 - 0.95 * 0.8), 1e-9);
}
END_TEST

/* Ståhl (1972): with horizon T and common d, by backward induction from the last proposer who
 * takes everything: T = 1: 1; T = 2: 1 - d = 0.1; T = 3: 1 - d (1 - d) = 0.91 (d = 0.9). */
START_TEST(test_stahl_finite) {
  pie p;
  pie_init(&p, 0.9, 0.9, 0.0, 1);
  ck_assert_double_eq_tol(pie_share(&p), 1.0, 1e-12);
  pie_init(&p, 0.9, 0.9, 0.0, 2);
  ck_assert_double_eq_tol(pie_share(&p), 0.1, 1e-12);
  pie_init(&p, 0.9, 0.9, 0.0, 3);
  ck_assert_double_eq_tol(pie_share(&p), 0.91, 1e-12);
  /* B proposing first in a 3-round game: B gets 0.91, so A's text is 0.09. */
  pie_init(&p, 0.9, 0.9, 0.0, 3);
  p.g.first = 1;
  double value[2];
  ck_assert_int_eq(pli_alternating_solve(&p.g, 1, p.thr, p.offer, p.order, p.y, value), PL_OK);
  ck_assert(pli_alternating_best_offer(&p.g, 1, p.thr[1], p.order, p.y));
  ck_assert_double_eq_tol(p.y[0], 0.09, 1e-12);
  ck_assert_int_eq(pli_alternating_proposer(&p.g, 1), 1);
  ck_assert_int_eq(pli_alternating_proposer(&p.g, 2), 0);
}
END_TEST

/* Breakdown risk a, no discounting (Binmore, Rubinstein & Wolinsky 1986): in the stationary
 * equilibrium A offers x and B, whose continuation is a * 0 (reservation) + (1 - a) * x (what it
 * gets as the next proposer, by symmetry), accepts exactly that: 1 - x = (1 - a) x, so
 * x = 1 / (2 - a). The finite horizon converges as (1 - a)^T. */
START_TEST(test_breakdown_risk) {
  const double as[] = {0.02, 0.2, 0.5};
  for (size_t k = 0; k < 3; k++) {
    pie p;
    pie_init(&p, 1.0, 1.0, as[k], 1000);
    ck_assert_double_eq_tol(pie_share(&p), 1.0 / (2.0 - as[k]), 1e-9);
  }
}
END_TEST

/* Two issues on [0, 1], A at (1, 1), B at (0, 0), linear; A's weights (0.75, 0.25), B's
 * (0.25, 0.75); d = 0.9, reservations 0, horizon 2. Round 2: B proposes its ideal (A's threshold
 * is r_A = 0), worth 1 to B. Round 1: B's threshold is 0.9 * 1 = 0.9. A concedes first the issue
 * with the larger w_B / w_A (issue 1: 3 against 1/3): whole, B gains 0.75; the remaining 0.15 from
 * issue 0 (gain 0.25 per unit): z = 0.6, so the text is (0.4, 0). U_A = 1 - 0.75 * 0.6 - 0.25 =
 * 0.3; U_B = 1 - 0.25 * 0.4 = 0.9. */
START_TEST(test_two_issue_linear) {
  double inv_range[2] = {1, 1}, wA[2] = {0.75, 0.25}, wB[2] = {0.25, 0.75}, xA[2] = {1, 1},
         xB[2] = {0, 0}, thr[3], y[2], value[2];
  unsigned char offer[3];
  size_t order[2];
  pli_alt_game g = {2,          inv_range, {PL_UTILITY_LINEAR, PL_UTILITY_LINEAR},
                    {wA, wB},   {xA, xB},  {0, 0},
                    {0.9, 0.9}, 0.0,       2,
                    0};
  ck_assert_int_eq(pli_alternating_solve(&g, 1, thr, offer, order, y, value), PL_OK);
  ck_assert_int_eq(offer[1], 1);
  ck_assert_int_eq(offer[2], 1);
  ck_assert_double_eq_tol(thr[2], 0.0, 1e-15);
  ck_assert_double_eq_tol(thr[1], 0.9, 1e-15);
  ck_assert_double_eq_tol(value[0], 0.3, 1e-12);
  ck_assert_double_eq_tol(value[1], 0.9, 1e-12);
  ck_assert(pli_alternating_best_offer(&g, 0, thr[1], order, y));
  ck_assert_double_eq_tol(y[0], 0.4, 1e-12);
  ck_assert_double_eq_tol(y[1], 0.0, 1e-15);
  /* Round 2's offer is B's own position. */
  ck_assert(pli_alternating_best_offer(&g, 1, thr[2], order, y));
  ck_assert_double_eq(y[0], 0.0);
  ck_assert_double_eq(y[1], 0.0);
  /* A free issue (w_A = 0) is conceded first, and only as far as needed: with A's weights (1, 0)
   * and a threshold of 0.5 for B, issue 1 (gain 0.75) alone suffices: z = 2/3. */
  double wA2[2] = {1.0, 0.0};
  g.w[0] = wA2;
  ck_assert(pli_alternating_best_offer(&g, 0, 0.5, order, y));
  ck_assert_double_eq(y[0], 1.0);
  ck_assert_double_eq_tol(y[1], 1.0 / 3.0, 1e-12);
}
END_TEST

/* Quadratic utilities. One issue: U_B(y) = 1 - y^2 >= 0.75 gives y = 0.5. Two issues, both
 * quadratic, A at (1, 1) with weights (0.8, 0.2), B at (0, 0) with (0.2, 0.8): the contract curve
 * is z_j = lambda w_Bj / (w_Aj + lambda w_Bj); at lambda = 1, z = (0.2, 0.8), the text
 * (0.8, 0.2), U_B = 1 - 0.2 * 0.64 - 0.8 * 0.04 = 0.84. So a threshold of 0.84 must give that
 * text. The solver stops within 1e-12 of the threshold in utility; dU/dy is O(1), hence 1e-9. */
START_TEST(test_quadratic) {
  double inv_range[2] = {1, 1}, w1[1] = {1}, xA[2] = {1, 1}, xB[2] = {0, 0}, y[2];
  size_t order[2];
  pli_alt_game g = {1,          inv_range, {PL_UTILITY_QUADRATIC, PL_UTILITY_QUADRATIC},
                    {w1, w1},   {xA, xB},  {0, 0},
                    {0.9, 0.9}, 0.0,       1,
                    0};
  ck_assert(pli_alternating_best_offer(&g, 0, 0.75, order, y));
  ck_assert_double_eq_tol(y[0], 0.5, 1e-9);
  ck_assert(pli_alternating_utility(&g, 1, y) >= 0.75);
  ck_assert(pli_alternating_utility(&g, 1, y) <= 0.75 + 2 * PLI_ALT_TOL);

  double wA[2] = {0.8, 0.2}, wB[2] = {0.2, 0.8};
  g.n_issues = 2;
  g.w[0] = wA;
  g.w[1] = wB;
  ck_assert(pli_alternating_best_offer(&g, 0, 0.84, order, y));
  ck_assert_double_eq_tol(y[0], 0.8, 1e-9);
  ck_assert_double_eq_tol(y[1], 0.2, 1e-9);
  ck_assert_double_eq_tol(pli_alternating_utility(&g, 0, y), 0.84, 1e-9);

  /* Mixed: A linear, B quadratic, one issue: U_B = 1 - y^2 >= 0.75 still gives y = 0.5 (A's
   * utility is monotone in y, so the constraint alone decides). */
  g.n_issues = 1;
  g.w[0] = g.w[1] = w1;
  g.kind[0] = PL_UTILITY_LINEAR;
  ck_assert(pli_alternating_best_offer(&g, 0, 0.75, order, y));
  ck_assert_double_eq_tol(y[0], 0.5, 1e-9);
  /* Mixed the other way: A quadratic, B linear: 1 - y >= 0.75 gives y = 0.25. */
  g.kind[0] = PL_UTILITY_QUADRATIC;
  g.kind[1] = PL_UTILITY_LINEAR;
  ck_assert(pli_alternating_best_offer(&g, 0, 0.75, order, y));
  ck_assert_double_eq_tol(y[0], 0.25, 1e-9);
  /* Two issues A quadratic (0.5, 0.5), B linear (0.5, 0.5): A's marginal cost w_A 2 d z, B's gain
   * w_B d: the optimum equalises z across issues, and U_B = 1 - 0.5 (1 - z) * 2 = 0.6 gives
   * z = 0.6, the text (0.4, 0.4). */
  double half[2] = {0.5, 0.5};
  g.n_issues = 2;
  g.w[0] = g.w[1] = half;
  ck_assert(pli_alternating_best_offer(&g, 0, 0.6, order, y));
  ck_assert_double_eq_tol(y[0], 0.4, 1e-9);
  ck_assert_double_eq_tol(y[1], 0.4, 1e-9);
}
END_TEST

/* No acceptable offer: horizon 1, B's threshold is r_B = 0.5, so A's best acceptable text gives
 * A 0.5 < r_A = 0.6. A makes no offer; both get their reservations. */
START_TEST(test_no_offer) {
  pie p;
  double value[2];
  pie_init(&p, 0.9, 0.9, 0.0, 1);
  p.g.r[0] = 0.6;
  p.g.r[1] = 0.5;
  ck_assert_int_eq(pli_alternating_solve(&p.g, 1, p.thr, p.offer, p.order, p.y, value), PL_OK);
  ck_assert_int_eq(p.offer[1], 0);
  ck_assert_double_eq(value[0], 0.6);
  ck_assert_double_eq(value[1], 0.5);
  /* Exactly on the proposer's continuation is still an offer (ties make a deal): r_A = 0.5. */
  p.g.r[0] = 0.5;
  ck_assert_int_eq(pli_alternating_solve(&p.g, 1, p.thr, p.offer, p.order, p.y, value), PL_OK);
  ck_assert_int_eq(p.offer[1], 1);
  /* Horizon 2 with reservations 0.6 and 0.6: no text gives both 0.6; neither side offers. */
  pie_init(&p, 0.9, 0.9, 0.0, 2);
  p.g.r[0] = p.g.r[1] = 0.6;
  ck_assert_int_eq(pli_alternating_solve(&p.g, 1, p.thr, p.offer, p.order, p.y, value), PL_OK);
  ck_assert_int_eq(p.offer[1], 0);
  ck_assert_int_eq(p.offer[2], 0);
  /* Malformed games are refused. */
  ck_assert_int_eq(pli_alternating_solve(&p.g, 0, p.thr, p.offer, p.order, p.y, value), PL_EINVAL);
  ck_assert_int_eq(pli_alternating_solve(&p.g, 3, p.thr, p.offer, p.order, p.y, value), PL_EINVAL);
}
END_TEST

/* ---- The protocol inside a trial (scenario loader and trial loop) ---- */

#define RUBINSTEIN_CFG                                                                             \
  "name = \"rub\";\n"                                                                              \
  "issues = ({ id = \"pie\"; label = \"A's share\"; min = 0.0; max = 1.0; });\n"                   \
  "agents = (\n"                                                                                   \
  " { id = \"a\"; label = \"A\"; role = \"party\"; capability = 1.0; position = { pie = 1.0; };\n" \
  "   salience = { pie = 1.0; }; reservation = 0.0; flexibility = 0.0; patience = %s; },\n"        \
  " { id = \"b\"; label = \"B\"; role = \"party\"; capability = 1.0; position = { pie = 0.0; };\n" \
  "   salience = { pie = 1.0; }; reservation = 0.0; flexibility = 0.0; patience = %s; }%s\n"       \
  ");\n"                                                                                           \
  "protocol = { kind = \"alternating\"; max_rounds = %u; breakdown = 0.0; noise = %s;\n"           \
  "  first = \"%s\"; };\n"                                                                         \
  "montecarlo = { trials = 10; seed = 1L; };\n"

static pl_scenario *load_rub(const char *d, unsigned T, const char *noise, const char *first,
                             const char *extra) {
  char buf[2048];
  pl_diags *dg = pl_diags_alloc();
  pl_scenario *sc = NULL;
  snprintf(buf, sizeof buf, RUBINSTEIN_CFG, d, d, extra, T, noise, first);
  pl_status st = pl_scenario_load_string(buf, "rub.cfg", NULL, dg, &sc);
  if (st != PL_OK)
    for (size_t i = 0; i < pl_diags_count(dg); i++)
      fprintf(stderr, "%s:%d: %s\n", pl_diags_file(dg, i), pl_diags_line(dg, i),
              pl_diags_message(dg, i));
  ck_assert_int_eq(st, PL_OK);
  pl_diags_free(dg);
  return sc;
}

/* docs/protocols.md, known answers: the textbook game through the engine agrees in round 1 at A's
 * share 0.526316. */
START_TEST(test_trial_rubinstein) {
  pl_scenario *sc = load_rub("0.9", 1000, "0.0", "a", "");
  pl_workspace *ws = NULL;
  pl_trial_result res;
  ck_assert_int_eq(pl_workspace_alloc(sc, &ws), PL_OK);
  for (uint64_t k = 0; k < 3; k++) {
    ck_assert_int_eq(pl_trial_run(sc, ws, k, NULL, &res), PL_OK);
    ck_assert_int_eq(res.outcome, PL_OUTCOME_AGREEMENT);
    ck_assert_uint_eq(res.rounds, 1);
    ck_assert_double_eq_tol(res.point[0], 0.1 / 0.19, 1e-9);
  }
  pl_workspace_free(ws);
  pl_scenario_free(sc);
  /* B first: B's share is the same, so the text (A's share) is 1 - 0.526316. */
  sc = load_rub("0.9", 1000, "0.0", "b", "");
  ck_assert_int_eq(pl_workspace_alloc(sc, &ws), PL_OK);
  ck_assert_int_eq(pl_trial_run(sc, ws, 0, NULL, &res), PL_OK);
  ck_assert_int_eq(res.outcome, PL_OUTCOME_AGREEMENT);
  ck_assert_double_eq_tol(res.point[0], 1.0 - 0.1 / 0.19, 1e-9);
  pl_workspace_free(ws);
  pl_scenario_free(sc);
}
END_TEST

/* With noise, the responder sits exactly on its threshold and accepts with probability 1/2 (the
 * logistic rule of docs/model.md at U = threshold); a rejected offer passes the move to the other
 * side, whose offer is again on the threshold. Over trials, agreement rounds are geometric(1/2); in
 * a trace, every text is the solved offer of its round: A's rounds 0.526316, B's rounds 1 -
 * 0.526316... A mediator's leverage lowers the rejecting responder's reservation and the rest is
 * re-solved; with an infinite-horizon-like game and d < 1 the reservations (0 here) stay at their
 * floor 0, so the offers do not change. */
START_TEST(test_trial_noise_trace) {
  const char *med = ",\n { id = \"m\"; label = \"M\"; role = \"mediator\"; capability = 1.0;\n"
                    "   position = { pie = 0.5; }; salience = { pie = 1.0; };\n"
                    "   leverage = { a = 0.1; b = 0.1; }; }";
  pl_scenario *sc = load_rub("0.9", 1000, "0.05", "a", med);
  pl_workspace *ws = NULL;
  pl_trace *tr = NULL;
  pl_trial_result res;
  unsigned multi = 0;
  ck_assert_int_eq(pl_workspace_alloc(sc, &ws), PL_OK);
  ck_assert_int_eq(pl_trace_alloc(sc, &tr), PL_OK);
  for (uint64_t k = 0; k < 40; k++) {
    ck_assert_int_eq(pl_trial_run(sc, ws, k, tr, &res), PL_OK);
    ck_assert_int_eq(res.outcome, PL_OUTCOME_AGREEMENT);
    multi += res.rounds > 1;
    for (size_t t = 0; t < pl_trace_n_rounds(tr); t++) {
      const pl_trace_round *rd = pl_trace_round_at(tr, t);
      int a_proposes = (rd->round % 2u) == 1u;
      ck_assert(rd->has_text);
      ck_assert_int_eq(rd->proposer, a_proposes ? 0 : 1);
      ck_assert_double_eq_tol(rd->text[0], a_proposes ? 0.1 / 0.19 : 1 - 0.1 / 0.19, 1e-9);
      /* the responder's threshold is its utility of the offer */
      size_t q = a_proposes ? 1 : 0;
      ck_assert_double_eq_tol(rd->thresholds[q], rd->utilities[q], 1e-12);
    }
  }
  ck_assert_uint_gt(multi, 5); /* P(all 40 agree in round 1) = 2^-40 */
  pl_trace_free(tr);
  pl_workspace_free(ws);
  pl_scenario_free(sc);
}
END_TEST

/* Leverage re-solve: reservations 0.3 each, horizon 3, d = 0.9, noise: when B rejects A's round-1
 * offer, B's reservation drops by 0.2 to 0.1 and rounds 2..3 are re-solved from it. Round 3 (A
 * proposes, B's threshold r_B = 0.1): A takes 0.9. Round 2 (B proposes): A's threshold is
 * 0.9 * 0.9 = 0.81, so B offers 0.81 (B gets 0.19 >= its own continuation 0.9 * 0.1 = 0.09). Had
 * B's reservation stayed 0.3, round 3 would give A 0.7 and round 2 the text 0.63. */
START_TEST(test_trial_leverage_resolve) {
  const char *cfg =
      "name = \"lev\";\n"
      "issues = ({ id = \"pie\"; label = \"A's share\"; min = 0.0; max = 1.0; });\n"
      "agents = (\n"
      " { id = \"a\"; label = \"A\"; role = \"party\"; capability = 1.0; position = { pie = 1.0; "
      "};\n"
      "   salience = { pie = 1.0; }; reservation = 0.3; flexibility = 0.0; patience = 0.9; },\n"
      " { id = \"b\"; label = \"B\"; role = \"party\"; capability = 1.0; position = { pie = 0.0; "
      "};\n"
      "   salience = { pie = 1.0; }; reservation = 0.3; flexibility = 0.0; patience = 0.9; },\n"
      " { id = \"m\"; label = \"M\"; role = \"mediator\"; capability = 1.0;\n"
      "   position = { pie = 0.5; }; salience = { pie = 1.0; }; leverage = { b = 0.2; }; }\n"
      ");\n"
      "protocol = { kind = \"alternating\"; max_rounds = 3; breakdown = 0.0; noise = 0.05; };\n"
      "montecarlo = { trials = 10; seed = 7L; };\n";
  pl_diags *dg = pl_diags_alloc();
  pl_scenario *sc = NULL;
  pl_workspace *ws = NULL;
  pl_trace *tr = NULL;
  pl_trial_result res;
  int seen = 0;
  ck_assert_int_eq(pl_scenario_load_string(cfg, "lev.cfg", NULL, dg, &sc), PL_OK);
  ck_assert_int_eq(pl_workspace_alloc(sc, &ws), PL_OK);
  ck_assert_int_eq(pl_trace_alloc(sc, &tr), PL_OK);
  for (uint64_t k = 0; k < 200 && !seen; k++) {
    ck_assert_int_eq(pl_trial_run(sc, ws, k, tr, &res), PL_OK);
    const pl_trace_round *r1 = pl_trace_round_at(tr, 0);
    /* Round 1 without leverage: round 3 gives A 0.7, round 2 A's threshold 0.63, so B offers
     * 0.63; round 1: B's threshold 0.9 * 0.37 = 0.333, A offers 0.667. */
    ck_assert_double_eq_tol(r1->text[0], 1.0 - 0.9 * 0.37, 1e-12);
    if (pl_trace_n_rounds(tr) >= 2) {
      const pl_trace_round *r2 = pl_trace_round_at(tr, 1);
      ck_assert_double_eq_tol(r2->reservations[1], 0.1, 1e-15);
      ck_assert_double_eq_tol(r2->text[0], 0.81, 1e-12);
      seen = 1;
    }
  }
  ck_assert(seen);
  pl_trace_free(tr);
  pl_workspace_free(ws);
  pl_scenario_free(sc);
  pl_diags_free(dg);
}
END_TEST

/* A failed re-solve is an error, not a kept state (protocol.h). test_trial_leverage_resolve's game,
 * hand-built, with the mediator's leverage on B set to -infinity, outside the domain the loader
 * allows: when B rejects A's round-1 offer (probability 1/2, noise on the threshold), B's
 * reservation becomes 0.3 + infinity = infinity, and the re-solve of rounds 2..3 reaches a
 * non-finite value (pli_alternating_solve: PL_EINVAL), so the trial fails with PL_ENUMERIC after
 * round 1. Trials where B accepts round 1 agree as before. The Monte Carlo runner turns the first
 * failed trial into a failed run with no summary (montecarlo.h). */
START_TEST(test_trial_resolve_failure) {
  pl_scenario *sc = tu_scenario_new(1, 3);
  tu_issue_range(sc, 0, 0.0, 1.0);
  tu_set(sc, sc->agents[0].position, 1.0);
  for (size_t i = 0; i < 2; i++) {
    tu_set(sc, sc->agents[i].reservation, 0.3);
    tu_set(sc, sc->agents[i].patience, 0.9);
  }
  tu_set_role(sc, 2, PL_ROLE_MEDIATOR);
  tu_set(sc, sc->agents[2].position, 0.5);
  tu_fix(&sc->params[sc->agents[2].leverage + 1], -HUGE_VAL, -HUGE_VAL, 1.0);
  sc->protocol = PL_PROTOCOL_ALTERNATING;
  sc->max_rounds = 3;
  tu_set(sc, sc->noise, 0.05);
  sc->first = 0;
  tu_scenario_finish(sc);
  pl_workspace *ws = NULL;
  pl_trace *tr = NULL;
  pl_trial_result res;
  unsigned failed = 0, agreed = 0;
  ck_assert_int_eq(pl_workspace_alloc(sc, &ws), PL_OK);
  ck_assert_int_eq(pl_trace_alloc(sc, &tr), PL_OK);
  for (uint64_t k = 0; k < 40; k++) {
    pl_status st = pl_trial_run(sc, ws, k, tr, &res);
    if (st == PL_OK) {
      ck_assert_int_eq(res.outcome, PL_OUTCOME_AGREEMENT);
      ck_assert_uint_eq(res.rounds, 1);
      agreed++;
      continue;
    }
    ck_assert_int_eq(st, PL_ENUMERIC);
    ck_assert_uint_eq(pl_trace_n_rounds(tr), 1);
    ck_assert_int_eq(pl_trace_round_at(tr, 0)->responses[1], 0);
    failed++;
  }
  ck_assert_uint_gt(failed, 0); /* P(all 40 accept in round 1) = 2^-40 */
  ck_assert_uint_gt(agreed, 0);
  pl_mc_options opt = {0};
  opt.threads = 2;
  pl_summary *sum = NULL;
  ck_assert_int_eq(pl_mc_run(sc, &opt, &sum), PL_ENUMERIC);
  ck_assert_ptr_null(sum);
  pl_trace_free(tr);
  pl_workspace_free(ws);
  tu_scenario_free(sc);
}
END_TEST

static Suite *alternating_suite(void) {
  Suite *s = suite_create("alternating");
  TCase *tc = tcase_create("solver");
  tcase_add_test(tc, test_rubinstein);
  tcase_add_test(tc, test_stahl_finite);
  tcase_add_test(tc, test_breakdown_risk);
  tcase_add_test(tc, test_two_issue_linear);
  tcase_add_test(tc, test_quadratic);
  tcase_add_test(tc, test_no_offer);
  suite_add_tcase(s, tc);
  TCase *tp = tcase_create("protocol");
  tcase_set_timeout(tp, 60);
  tcase_add_test(tp, test_trial_rubinstein);
  tcase_add_test(tp, test_trial_noise_trace);
  tcase_add_test(tp, test_trial_leverage_resolve);
  tcase_add_test(tp, test_trial_resolve_failure);
  suite_add_tcase(s, tp);
  return s;
}

int main(void) {
  SRunner *sr = srunner_create(alternating_suite());
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
