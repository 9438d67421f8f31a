/*
 * check_scenario.c — the scenario loader, its validation, overrides, writer and describer.
 *
 * Expected values come from the fixture files in tests/data/scenario/ (each validation rule of
 * the scenario format has its own fixture, and the test asserts the exact line and message) and
 * from the format's documented defaults (docs/scenario-format.md).
 */
#include <check.h>
#include <float.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parley/scenario.h"
#include "scenario_impl.h"

#define DATA PARLEY_TEST_DATA "/scenario/"

static pl_scenario *load_ok(const char *name) {
  pl_diags *d = pl_diags_alloc();
  pl_scenario *sc = NULL;
  pl_status st = pl_scenario_load(name, d, &sc);
  if (st != PL_OK) {
    for (size_t i = 0; i < pl_diags_count(d); i++) {
      fprintf(stderr, "%s:%d: %s\n", pl_diags_file(d, i), pl_diags_line(d, i),
              pl_diags_message(d, i));
    }
  }
  ck_assert_int_eq(st, PL_OK);
  ck_assert_ptr_nonnull(sc);
  pl_diags_free(d);
  return sc;
}

/* Index of parameter path in sc, or SIZE_MAX. */
static size_t param_index(const pl_scenario *sc, const char *path) {
  char buf[256];
  for (size_t k = 0; k < pl_scenario_n_params(sc); k++) {
    pl_scenario_param_path(sc, k, buf, sizeof buf);
    if (strcmp(buf, path) == 0) {
      return k;
    }
  }
  return SIZE_MAX;
}

static const pli_param *param(const pl_scenario *sc, const char *path) {
  size_t k = param_index(sc, path);
  ck_assert_msg(k != SIZE_MAX, "no parameter %s", path);
  return &sc->params[k];
}

/* got equals want, or, when want ends in "...", starts with the rest of it (messages that list
 * the rows of a schema table, which grows: the start pins what matters). */
static void assert_message(const char *got, const char *want) {
  size_t n = strlen(want);
  if (n >= 3 && strcmp(want + n - 3, "...") == 0) {
    ck_assert_msg(strncmp(got, want, n - 3) == 0, "'%s' does not start with '%.*s'", got,
                  (int)(n - 3), want);
  } else {
    ck_assert_str_eq(got, want);
  }
}

START_TEST(test_full_scenario) {
  pl_scenario *sc = load_ok(DATA "valid_full.cfg");
  ck_assert_str_eq(pl_scenario_name(sc), "full-test_1.0");
  ck_assert_str_eq(pl_scenario_title(sc), "Every key \"quoted\"");
  ck_assert_str_eq(pl_scenario_source(sc), DATA "valid_full.cfg");
  ck_assert_uint_eq(pl_scenario_n_issues(sc), 3);
  ck_assert_str_eq(pl_scenario_issue_id(sc, 0), "border");
  ck_assert_str_eq(pl_scenario_issue_label(sc, 0), "Border presence");
  ck_assert_str_eq(pl_scenario_issue_unit(sc, 0), "% of troops");
  ck_assert_str_eq(pl_scenario_issue_label(sc, 1), "hostages"); /* label defaults to id */
  ck_assert_str_eq(pl_scenario_issue_unit(sc, 1), "");
  ck_assert_double_eq(pl_scenario_issue_min(sc, 1), 0.0);
  ck_assert_double_eq(pl_scenario_issue_max(sc, 2), 600.0);
  ck_assert_uint_eq(pl_scenario_n_agents(sc), 3);
  ck_assert_uint_eq(pl_scenario_n_parties(sc), 2);
  ck_assert_uint_eq(sc->parties[0], 0);
  ck_assert_uint_eq(sc->parties[1], 1);
  ck_assert_str_eq(pl_scenario_agent_id(sc, 2), "broker");
  ck_assert_str_eq(pl_scenario_agent_label(sc, 1), "south");
  ck_assert_int_eq(pl_scenario_agent_role(sc, 2), PL_ROLE_MEDIATOR);
  ck_assert_int_eq(sc->agents[0].utility, PL_UTILITY_QUADRATIC);
  ck_assert_int_eq(sc->agents[1].utility, PL_UTILITY_LINEAR);
  ck_assert_int_eq(pl_scenario_protocol(sc), PL_PROTOCOL_EUM);
  ck_assert_str_eq(pl_protocol_kind_name(PL_PROTOCOL_ALTERNATING), "alternating");
  ck_assert_uint_eq(pl_scenario_max_rounds(sc), 25);
  ck_assert_double_eq(pl_scenario_breakdown(sc), 0.02);
  ck_assert_double_eq(pl_scenario_noise(sc), 0.05);
  ck_assert_uint_eq(sc->first, 1);
  ck_assert_uint_eq(pl_scenario_trials(sc), 5000000000ULL);
  ck_assert_uint_eq(pl_scenario_seed(sc), 20240819ULL);

  /* Numbers, defaults and domains. */
  ck_assert_double_eq(param(sc, "agents.north.capability")->dist.a, 0.9);
  ck_assert_double_eq(param(sc, "agents.north.flexibility")->dist.a, 0.08);
  ck_assert_double_eq(param(sc, "agents.north.patience")->dist.a, 0.98);
  ck_assert_double_eq(param(sc, "agents.south.flexibility")->dist.a, 0.0); /* default */
  ck_assert_double_eq(param(sc, "agents.south.patience")->dist.a, 1.0);    /* default */
  ck_assert_double_eq(param(sc, "agents.south.position.aid")->dist.a, 600.0);
  ck_assert_double_eq(param(sc, "agents.broker.position.aid")->dist.a, 300.0); /* midpoint */
  ck_assert_double_eq(param(sc, "agents.broker.salience.aid")->dist.a, 0.0);
  ck_assert_double_eq(param(sc, "agents.broker.reservation")->dist.a, 0.0);
  ck_assert_double_eq(param(sc, "agents.broker.leverage.north")->dist.a, 0.01);
  ck_assert_double_eq(param(sc, "agents.broker.leverage.south")->dist.a, 0.002);
  ck_assert_double_eq(param(sc, "agents.north.capability")->lo, DBL_MIN);
  ck_assert_double_eq(param(sc, "agents.north.patience")->lo, DBL_MIN);
  ck_assert_double_eq(param(sc, "agents.north.patience")->hi, 1.0);
  ck_assert_double_eq(param(sc, "agents.north.position.aid")->hi, 600.0);
  ck_assert_int_eq(param(sc, "agents.north.capability")->line, 13);

  /* Distributions. */
  const pli_param *p = param(sc, "agents.north.reservation");
  ck_assert_int_eq(p->dist.kind, PL_DIST_NORMAL);
  ck_assert_double_eq(p->dist.a, 0.55);
  ck_assert_double_eq(p->dist.b, 0.05);
  p = param(sc, "agents.north.salience.hostages");
  ck_assert_int_eq(p->dist.kind, PL_DIST_BETA);
  ck_assert_double_eq(p->dist.a, 2.0);
  ck_assert_double_eq(p->dist.b, 5.0);
  p = param(sc, "agents.south.capability");
  ck_assert_int_eq(p->dist.kind, PL_DIST_UNIFORM);
  ck_assert_double_eq(p->dist.a, 0.4);
  ck_assert_double_eq(p->dist.b, 0.6);
  p = param(sc, "agents.broker.position.border");
  ck_assert_int_eq(p->dist.kind, PL_DIST_TRIANGULAR);
  ck_assert_double_eq(p->dist.a, 30.0);
  ck_assert_double_eq(p->dist.b, 50.0);
  ck_assert_double_eq(p->dist.c, 80.0);
  ck_assert_uint_eq(sc->n_uncertain, 4);
  for (size_t u = 0; u < sc->n_uncertain; u++) {
    ck_assert(pl_scenario_param_uncertain(sc, sc->uncertain[u]));
    ck_assert(u == 0 || sc->uncertain[u] > sc->uncertain[u - 1]);
  }
  ck_assert(!pl_scenario_param_uncertain(sc, param_index(sc, "agents.north.capability")));

  /* Sweep: 5 points inclusive of both ends, then an explicit list. */
  ck_assert_uint_eq(pl_scenario_n_sweep(sc), 2);
  size_t nv = 0;
  const double *v = pl_scenario_sweep_values(sc, 0, &nv);
  ck_assert_str_eq(pl_scenario_sweep_path(sc, 0), "agents.north.reservation");
  ck_assert_uint_eq(nv, 5);
  ck_assert_double_eq(v[0], 0.3);
  ck_assert_double_eq_tol(v[2], 0.5, 1e-15);
  ck_assert_double_eq(v[4], 0.7);
  v = pl_scenario_sweep_values(sc, 1, &nv);
  ck_assert_uint_eq(nv, 3);
  ck_assert_double_eq(v[2], 1.0);
  pl_scenario_free(sc);
}
END_TEST

START_TEST(test_defaults) {
  pl_diags *d = pl_diags_alloc();
  pl_scenario *sc = NULL;
  const char *text = "name = \"d\";\n"
                     "issues = ( { id = \"a\"; min = 0.0; max = 1.0; } );\n"
                     "agents = (\n"
                     "  { id = \"x\"; role = \"party\"; capability = 1; reservation = 0;\n"
                     "    position = { a = 0; }; salience = { a = 1; }; },\n"
                     "  { id = \"y\"; role = \"party\"; capability = 2; reservation = 0;\n"
                     "    position = { a = 1; }; salience = { a = 1; }; }\n"
                     ");\n";
  ck_assert_int_eq(pl_scenario_load_string(text, "mem", NULL, d, &sc), PL_OK);
  ck_assert_int_eq(pl_scenario_protocol(sc), PL_PROTOCOL_MEDIATED);
  ck_assert_uint_eq(pl_scenario_max_rounds(sc), 40);
  ck_assert_double_eq(pl_scenario_breakdown(sc), 0.0);
  ck_assert_double_eq(pl_scenario_noise(sc), 0.0);
  ck_assert_uint_eq(pl_scenario_trials(sc), 10000);
  ck_assert_uint_eq(pl_scenario_seed(sc), 1);
  ck_assert_uint_eq(sc->first, 0);
  ck_assert_str_eq(pl_scenario_title(sc), "");
  ck_assert_double_eq(param(sc, "agents.y.capability")->dist.a, 2.0); /* integer autoconverted */
  pl_scenario_free(sc);
  pl_diags_free(d);
}
END_TEST

START_TEST(test_include_from_other_cwd) {
  /* The test runs in the build folder: @include must be found next to the scenario file. */
  pl_scenario *sc = load_ok(DATA "inc/main.cfg");
  ck_assert_str_eq(pl_scenario_issue_label(sc, 0), "Included issue");
  pl_scenario_free(sc);
  pl_diags *d = pl_diags_alloc();
  ck_assert_int_eq(pl_scenario_load(DATA "inc/bad_main.cfg", d, &sc), PL_ESCENARIO);
  ck_assert_ptr_null(sc);
  ck_assert_uint_eq(pl_diags_count(d), 1);
  ck_assert_str_eq(pl_diags_file(d, 0), DATA "inc/bad_issues.inc");
  ck_assert_int_eq(pl_diags_line(d, 0), 2);
  ck_assert_str_eq(pl_diags_message(d, 0), "integer 5000000000 does not fit in 32 bits; write "
                                           "64-bit integers with the L suffix (5000000000L)");
  pl_diags_free(d);
}
END_TEST

/* More agents than issues + 1, with leverage on a late party: the loader's per-entry flags are
 * sized for agents too (a heap overflow found by fuzzing, under AddressSanitizer). */
START_TEST(test_leverage_many_agents) {
  pl_scenario *sc = load_ok(DATA "leverage_many_agents.cfg");
  ck_assert_double_eq(param(sc, "agents.m.leverage.p4")->dist.a, 0.1);
  ck_assert_double_eq(param(sc, "agents.m.leverage.p3")->dist.a, 0.2);
  pl_scenario_free(sc);
}
END_TEST

START_TEST(test_seeds) {
  pl_scenario *sc = load_ok(DATA "seed_u64.cfg");
  ck_assert_uint_eq(pl_scenario_seed(sc), UINT64_MAX);
  pl_scenario_free(sc);
}
END_TEST

/* Writes sc to a string (caller frees). */
static char *write_text(const pl_scenario *sc) {
  char *buf = NULL;
  size_t n = 0;
  FILE *f = open_memstream(&buf, &n);
  ck_assert_ptr_nonnull(f);
  ck_assert_int_eq(pl_scenario_write(sc, f), PL_OK);
  fclose(f);
  return buf;
}

static void round_trip(pl_scenario *sc) {
  char *t1 = write_text(sc);
  pl_diags *d = pl_diags_alloc();
  pl_scenario *back = NULL;
  pl_status st = pl_scenario_load_string(t1, "written", NULL, d, &back);
  if (st != PL_OK) {
    fprintf(stderr, "%s\n%s\n", t1, pl_diags_count(d) ? pl_diags_message(d, 0) : "");
  }
  ck_assert_int_eq(st, PL_OK);
  char *t2 = write_text(back);
  ck_assert_str_eq(t1, t2);
  /* The model is the same, number for number. */
  ck_assert_uint_eq(back->n_params, sc->n_params);
  for (size_t k = 0; k < sc->n_params; k++) {
    ck_assert_int_eq(back->params[k].dist.kind, sc->params[k].dist.kind);
    ck_assert(back->params[k].dist.a == sc->params[k].dist.a);
    ck_assert(back->params[k].dist.b == sc->params[k].dist.b);
    ck_assert(back->params[k].dist.c == sc->params[k].dist.c);
    ck_assert(back->params[k].lo == sc->params[k].lo && back->params[k].hi == sc->params[k].hi);
  }
  ck_assert_uint_eq(pl_scenario_seed(back), pl_scenario_seed(sc));
  ck_assert_uint_eq(pl_scenario_trials(back), pl_scenario_trials(sc));
  ck_assert_uint_eq(back->first, sc->first);
  pl_scenario_free(back);
  pl_diags_free(d);
  free(t1);
  free(t2);
}

START_TEST(test_write_round_trip) {
  pl_scenario *sc = load_ok(DATA "valid_full.cfg");
  round_trip(sc);
  pl_diags *d = pl_diags_alloc();
  ck_assert_int_eq(pl_scenario_set(sc, "montecarlo.seed=18446744073709551615", d), PL_OK);
  ck_assert_int_eq(pl_scenario_set(sc, "agents.north.position.aid=0.1", d), PL_OK);
  round_trip(sc); /* a seed above INT64_MAX, and an overridden number */
  pl_diags_free(d);
  pl_scenario_free(sc);
  sc = load_ok(DATA "sweep_ok.cfg");
  round_trip(sc);
  pl_scenario_free(sc);
}
END_TEST

/* protocol.breakdown and protocol.noise may be distributions: parameters after the agents' blocks,
 * named by their paths, uncertain, written back as distributions, described, and fixed by --set. */
START_TEST(test_protocol_distributions) {
  pl_diags *d = pl_diags_alloc();
  pl_scenario *sc = NULL;
  const char *text =
      "name = \"d\";\n"
      "issues = ( { id = \"a\"; min = 0.0; max = 1.0; } );\n"
      "agents = (\n"
      "  { id = \"x\"; role = \"party\"; capability = 1; reservation = 0; position = { a = 0; };\n"
      "    salience = { a = 1; }; },\n"
      "  { id = \"y\"; role = \"party\"; capability = 1; reservation = 0; position = { a = 1; };\n"
      "    salience = { a = 1; }; }\n"
      ");\n"
      "protocol = { breakdown = { dist = \"uniform\"; min = 0.0; max = 0.2; };\n"
      "             noise = { dist = \"triangular\"; min = 0.0; mode = 0.01; max = 0.05; }; };\n";
  ck_assert_int_eq(pl_scenario_load_string(text, "mem", NULL, d, &sc), PL_OK);
  ck_assert_double_eq_tol(pl_scenario_breakdown(sc), 0.1, 1e-15); /* the mean */
  ck_assert_double_eq_tol(pl_scenario_noise(sc), 0.02, 1e-15);
  ck_assert_uint_eq(sc->n_uncertain, 2);
  char path[64];
  pl_scenario_param_path(sc, sc->uncertain[0], path, sizeof path);
  ck_assert_str_eq(path, "protocol.breakdown");
  pl_scenario_param_path(sc, sc->uncertain[1], path, sizeof path);
  ck_assert_str_eq(path, "protocol.noise");
  ck_assert_uint_eq(sc->uncertain[0], sc->breakdown);
  ck_assert_uint_ge(sc->breakdown, sc->n_agent_params);
  round_trip(sc); /* written as { dist = "uniform"; ... } and read back the same */
  char *out = NULL;
  size_t n = 0;
  FILE *f = open_memstream(&out, &n);
  ck_assert_int_eq(pl_scenario_describe(sc, f), PL_OK);
  fclose(f);
  ck_assert_ptr_nonnull(strstr(out, "protocol.breakdown ~ uniform(min 0, max 0.2)"));
  free(out);
  ck_assert_int_eq(pl_scenario_set(sc, "protocol.breakdown=0.05", d), PL_OK);
  ck_assert_double_eq(pl_scenario_breakdown(sc), 0.05);
  ck_assert_uint_eq(sc->n_uncertain, 1);
  ck_assert_int_eq(pl_scenario_set(sc, "protocol.noise=-1", d), PL_ESCENARIO);
  pl_scenario_free(sc);
  /* A distribution outside the domain is refused like an agent number's. */
  const char *bad =
      "name = \"d\";\n"
      "issues = ( { id = \"a\"; min = 0.0; max = 1.0; } );\n"
      "agents = (\n"
      "  { id = \"x\"; role = \"party\"; capability = 1; reservation = 0; position = { a = 0; };\n"
      "    salience = { a = 1; }; },\n"
      "  { id = \"y\"; role = \"party\"; capability = 1; reservation = 0; position = { a = 1; };\n"
      "    salience = { a = 1; }; }\n"
      ");\n"
      "protocol = { breakdown = { dist = \"uniform\"; min = 0.5; max = 1.5; }; };\n";
  pl_diags_clear(d);
  ck_assert_int_eq(pl_scenario_load_string(bad, "bad.cfg", NULL, d, &sc), PL_ESCENARIO);
  ck_assert_ptr_nonnull(strstr(pl_diags_message(d, 0), "protocol.breakdown"));
  pl_diags_free(d);
}
END_TEST

START_TEST(test_describe) {
  pl_scenario *sc = load_ok(DATA "valid_full.cfg");
  char *buf = NULL;
  size_t n = 0;
  FILE *f = open_memstream(&buf, &n);
  ck_assert_int_eq(pl_scenario_describe(sc, f), PL_OK);
  fclose(f);
  ck_assert_ptr_nonnull(strstr(buf, "name: full-test_1.0\n"));
  ck_assert_ptr_nonnull(strstr(buf, "  border: Border presence, [0, 100] % of troops\n"));
  ck_assert_ptr_nonnull(strstr(buf, "protocol: eum, max_rounds 25, breakdown 0.02, noise 0.05"));
  ck_assert_ptr_nonnull(strstr(buf, "montecarlo: trials 5000000000, seed 20240819, zone 0\n"));
  ck_assert_ptr_nonnull(strstr(buf, "  agents.north.reservation ~ normal(mean 0.55, sd 0.05)\n"));
  ck_assert_ptr_nonnull(strstr(buf, "  agents.broker.position.border ~ triangular(min 30, mode "
                                    "50, max 80)\n"));
  free(buf);
  /* A negative zero (--set PATH=-0, or sd = -0.0 in a file) is described as 0. */
  pl_diags *d = pl_diags_alloc();
  ck_assert_int_eq(pl_scenario_set(sc, "agents.north.reservation.sd=-0", d), PL_OK);
  f = open_memstream(&buf, &n);
  ck_assert_int_eq(pl_scenario_describe(sc, f), PL_OK);
  fclose(f);
  ck_assert_ptr_nonnull(strstr(buf, "  agents.north.reservation ~ normal(mean 0.55, sd 0)\n"));
  ck_assert_ptr_null(strstr(buf, "-0"));
  free(buf);
  pl_diags_free(d);
  pl_scenario_free(sc);
}
END_TEST

/* One fixture per validation rule: the first diagnostic's line and message, and the count. */
static const struct {
  const char *file;
  size_t count;
  int line;
  const char *message;
} bad[] = {
    {"dup_issue.cfg", 5, 5, "duplicate issue id 'a' (first defined at line 4)"},
    {"dup_agent.cfg", 1, 10, "duplicate agent id 'p1' (first defined at line 8)"},
    {"party_no_position.cfg", 1, 11,
     "agents.p2: no position on issue 'b' (a party needs one on every issue)"},
    {"zero_salience.cfg", 1, 12,
     "agent 'm' has zero salience on every issue (an agent must care about some issue)"},
    {"issue_no_salience.cfg", 1, 5, "no agent has a positive salience on issue 'b'"},
    {"domain_reservation.cfg", 1, 8, "agents.p1.reservation: value 1.5 outside [0, 1]"},
    {"domain_position.cfg", 1, 9, "agents.p1.position.a: value 11 outside [0, 10]"},
    {"domain_capability.cfg", 1, 10, "agents.p2.capability: value 0 outside (0, inf)"},
    {"domain_patience.cfg", 1, 8, "agents.p1.patience: value 0 outside (0, 1]"},
    {"domain_leverage.cfg", 1, 14, "agents.m.leverage.p1: value -0.01 outside [0, 1]"},
    {"domain_salience.cfg", 1, 13, "agents.m.salience.a: value 1.5 outside [0, 1]"},
    {"min_ge_max.cfg", 1, 5, "issues.b: min (1) must be less than max (1)"},
    {"unknown_issue_position.cfg", 1, 9, "agents.p1.position: unknown issue 'c'"},
    {"unknown_issue_salience.cfg", 1, 13, "agents.m.salience: unknown issue 'z'"},
    {"unknown_agent_leverage.cfg", 1, 14, "agents.m.leverage: unknown agent 'p3'"},
    {"leverage_party.cfg", 1, 8, "agents.p1.leverage: only mediators have leverage"},
    {"leverage_on_mediator.cfg", 1, 14,
     "agents.m.leverage: 'm' is not a party (leverage acts on parties)"},
    {"unknown_first.cfg", 1, 16, "protocol.first: unknown agent 'zz'"},
    {"first_mediator.cfg", 1, 17,
     "protocol.first: 'm' is a mediator; the first proposer must be a party"},
    {"unknown_kind.cfg", 1, 16,
     "protocol.kind: unknown protocol 'auction' (expected mediated, alternating..."},
    {"alternating_three.cfg", 1, 15, "protocol 'alternating' needs exactly two parties; found 3"},
    {"one_party.cfg", 1, 7, "a scenario needs at least two parties (role = \"party\"); found 1"},
    {"dist_missing.cfg", 1, 8, "agents.p1.reservation: the normal distribution needs 'sd'"},
    {"dist_sd.cfg", 1, 8, "agents.p1.reservation: normal sd must be >= 0 (found -0.1)"},
    {"dist_uniform.cfg", 1, 8, "agents.p1.reservation: uniform min (0.6) greater than max (0.4)"},
    {"dist_triangular.cfg", 1, 8,
     "agents.p1.reservation: triangular mode (0.9) outside [min, max] = [0.3, 0.8]"},
    {"dist_beta.cfg", 1, 8, "agents.p1.reservation: beta a and b must be > 0 (found a = 0, b = 2)"},
    {"dist_beta_domain.cfg", 1, 9,
     "agents.p1.position.a: a beta distribution lies on [0, 1], but this number's domain is "
     "[0, 10]"},
    {"dist_unknown.cfg", 1, 8,
     "agents.p1.reservation: unknown distribution 'gamma' (expected normal, uniform, triangular "
     "or beta)"},
    {"dist_unknown_key.cfg", 2, 8,
     "unknown setting 'sigma' in the normal distribution of agents.p1.reservation"},
    {"trials_zero.cfg", 1, 17, "montecarlo.trials: must be between 1 and 1000000000000 (found 0)"},
    {"trials_big.cfg", 1, 17,
     "montecarlo.trials: must be between 1 and 1000000000000 (found 2000000000000)"},
    {"max_rounds_zero.cfg", 1, 16, "protocol.max_rounds: must be between 1 and 100000 (found 0)"},
    {"max_rounds_float.cfg", 1, 16, "protocol.max_rounds: expected an integer, found a number"},
    {"int_overflow.cfg", 1, 17,
     "integer 5000000000 does not fit in 32 bits; write 64-bit integers with the L suffix "
     "(5000000000L)"},
    {"int64_overflow.cfg", 1, 17, "integer 99999999999999999999L does not fit in 64 bits"},
    {"seed_negative.cfg", 1, 17,
     "montecarlo.seed: must be between 0 and 18446744073709551615 (found -3)"},
    {"wrong_type.cfg", 1, 8,
     "agents.p1.capability: expected a number or a distribution group, found a string"},
    {"unknown_key.cfg", 2, 8, "unknown setting 'resrvation' in agents.p1"},
    {"unknown_top.cfg", 1, 3, "unknown setting 'nmae'"},
    {"missing_reservation.cfg", 1, 8,
     "agents.p1: missing 'reservation' (required for a party, [0, 1])"},
    {"mediator_no_position.cfg", 1, 13,
     "agents.m: salience on issue 'b' but no position (a mediator's position defaults to the "
     "midpoint only where its salience is 0)"},
    {"bad_name.cfg", 1, 2,
     "name 'my scenario' is not an identifier (letters, digits, '.', '_' and '-', not starting "
     "with '.')"},
    {"bad_role.cfg", 1, 12,
     "agent 'm': unknown role 'observer' (expected \"party\" or \"mediator\")"},
    {"bad_utility.cfg", 1, 8,
     "agents.p1.utility: unknown utility 'cubic' (expected linear or quadratic)"},
    {"syntax_error.cfg", 1, 16, "syntax error"},
    {"sweep_bad_value.cfg", 1, 19, "sweep: agents.p1.reservation=1.5: value outside [0, 1]"},
    {"sweep_mixed.cfg", 1, 19, "sweep: a group takes either from/to/steps or values, not both"},
    {"sweep_unknown_path.cfg", 1, 19,
     "sweep: unknown parameter path 'agents.p1.resrvation': agents have no field 'resrvation' "
     "(capability, reservation, flexibility, patience, position.ISSUE, salience.ISSUE, "
     "leverage.PARTY..."},
    {"sweep_word.cfg", 1, 19,
     "sweep: protocol.kind takes a word, not a number: list the words, values = [\"A\", \"B\"]"},
};

START_TEST(test_validation_rule) {
  char path[512];
  snprintf(path, sizeof path, DATA "%s", bad[_i].file);
  pl_diags *d = pl_diags_alloc();
  pl_scenario *sc = (pl_scenario *)&d; /* must be reset to NULL */
  ck_assert_int_eq(pl_scenario_load(path, d, &sc), PL_ESCENARIO);
  ck_assert_ptr_null(sc);
  for (size_t i = 0; i < pl_diags_count(d); i++) {
    fprintf(stderr, "%s:%d: %s\n", pl_diags_file(d, i), pl_diags_line(d, i),
            pl_diags_message(d, i));
  }
  ck_assert_uint_eq(pl_diags_count(d), bad[_i].count);
  ck_assert_str_eq(pl_diags_file(d, 0), path);
  ck_assert_int_eq(pl_diags_line(d, 0), bad[_i].line);
  assert_message(pl_diags_message(d, 0), bad[_i].message);
  pl_diags_free(d);
}
END_TEST

START_TEST(test_three_mistakes) {
  pl_diags *d = pl_diags_alloc();
  pl_scenario *sc = NULL;
  ck_assert_int_eq(pl_scenario_load(DATA "three_mistakes.cfg", d, &sc), PL_ESCENARIO);
  ck_assert_uint_eq(pl_diags_count(d), 3);
  ck_assert_int_eq(pl_diags_line(d, 0), 8);
  ck_assert_str_eq(pl_diags_message(d, 0), "agents.p1.reservation: value 1.5 outside [0, 1]");
  ck_assert_int_eq(pl_diags_line(d, 1), 13);
  ck_assert_str_eq(pl_diags_message(d, 1), "agents.m.salience: unknown issue 'q'");
  ck_assert_int_eq(pl_diags_line(d, 2), 16);
  assert_message(pl_diags_message(d, 2),
                 "protocol.kind: unknown protocol 'auction' (expected mediated, alternating...");
  pl_diags_free(d);
}
END_TEST

START_TEST(test_missing_file) {
  pl_diags *d = pl_diags_alloc();
  pl_scenario *sc = NULL;
  ck_assert_int_eq(pl_scenario_load(DATA "no-such-file.cfg", d, &sc), PL_EIO);
  ck_assert_uint_eq(pl_diags_count(d), 1);
  ck_assert_str_eq(pl_diags_message(d, 0), "cannot read the scenario: No such file or directory");
  pl_diags_free(d);
}
END_TEST

START_TEST(test_set_ok) {
  pl_scenario *sc = load_ok(DATA "valid_full.cfg");
  pl_diags *d = pl_diags_alloc();
  /* A number replaces a distribution and the parameter becomes fixed. */
  ck_assert_int_eq(pl_scenario_set(sc, "agents.north.reservation=0.6", d), PL_OK);
  const pli_param *p = param(sc, "agents.north.reservation");
  ck_assert_int_eq(p->dist.kind, PL_DIST_FIXED);
  ck_assert_double_eq(p->dist.a, 0.6);
  ck_assert_uint_eq(sc->n_uncertain, 3);
  ck_assert_int_eq(pl_scenario_set(sc, "agents.south.position.aid=10", d), PL_OK);
  ck_assert_double_eq(param(sc, "agents.south.position.aid")->dist.a, 10.0);
  ck_assert_int_eq(pl_scenario_set(sc, "agents.broker.leverage.south=0.5", d), PL_OK);
  ck_assert_double_eq(param(sc, "agents.broker.leverage.south")->dist.a, 0.5);
  ck_assert_int_eq(pl_scenario_set(sc, "agents.north.salience.aid=0", d), PL_OK);
  ck_assert_int_eq(pl_scenario_set(sc, "protocol.breakdown=0.1", d), PL_OK);
  ck_assert_double_eq(pl_scenario_breakdown(sc), 0.1);
  ck_assert_int_eq(pl_scenario_set(sc, "protocol.noise=0", d), PL_OK);
  ck_assert_int_eq(pl_scenario_set(sc, "protocol.max_rounds=7", d), PL_OK);
  ck_assert_uint_eq(pl_scenario_max_rounds(sc), 7);
  ck_assert_int_eq(pl_scenario_set(sc, "protocol.kind=alternating", d), PL_OK);
  ck_assert_int_eq(pl_scenario_protocol(sc), PL_PROTOCOL_ALTERNATING);
  ck_assert_int_eq(pl_scenario_set(sc, "protocol.first=north", d), PL_OK);
  ck_assert_uint_eq(sc->first, 0);
  ck_assert_int_eq(pl_scenario_set(sc, "montecarlo.trials=123", d), PL_OK);
  ck_assert_uint_eq(pl_scenario_trials(sc), 123);
  ck_assert_int_eq(pl_scenario_set(sc, "montecarlo.seed=18446744073709551615", d), PL_OK);
  ck_assert_uint_eq(pl_scenario_seed(sc), UINT64_MAX);
  ck_assert_int_eq(pl_scenario_set(sc, "montecarlo.seed=20240819L", d), PL_OK);
  ck_assert_uint_eq(pl_scenario_seed(sc), 20240819u);
  ck_assert_uint_eq(pl_diags_count(d), 0);
  pl_diags_free(d);
  pl_scenario_free(sc);
}
END_TEST

static const struct {
  const char *assignment;
  pl_status status;
  const char *message;
} set_bad[] = {
    {"agents.nobody.reservation=0.5", PL_EPATH,
     "unknown parameter path 'agents.nobody.reservation': no agent 'nobody'"},
    {"agents.north.resrvation=0.5", PL_EPATH,
     "unknown parameter path 'agents.north.resrvation': agents have no field 'resrvation' "
     "(capability, reservation, flexibility, patience, position.ISSUE, salience.ISSUE, "
     "leverage.PARTY..."},
    {"agents.north.position.nowhere=1", PL_EPATH,
     "unknown parameter path 'agents.north.position.nowhere': no issue 'nowhere'"},
    {"agents.north.leverage.south=0.1", PL_EPATH,
     "unknown parameter path 'agents.north.leverage.south': only mediators have leverage, and "
     "'north' is a party"},
    {"protocol.speed=1", PL_EPATH,
     "unknown parameter path 'protocol.speed': protocol has no setting 'speed' (kind, "
     "max_rounds, breakdown, noise, first..."},
    {"nothing=1", PL_EPATH,
     "unknown parameter path 'nothing': a path starts with agents.ID., protocol. or montecarlo. "
     "(or events.ID.)"},
    {"agents.north.reservation=1.5", PL_ESCENARIO,
     "agents.north.reservation=1.5: value outside [0, 1]"},
    {"agents.north.position.border=101", PL_ESCENARIO,
     "agents.north.position.border=101: value outside [0, 100]"},
    {"agents.north.capability=0", PL_ESCENARIO,
     "agents.north.capability=0: value outside (0, inf)"},
    {"agents.north.reservation=abc", PL_ESCENARIO,
     "agents.north.reservation=abc: not a number (decimal, 0x hex for integers, optional L "
     "suffix)"},
    {"agents.north.reservation=0.5x", PL_ESCENARIO,
     "agents.north.reservation=0.5x: not a number (decimal, 0x hex for integers, optional L "
     "suffix)"},
    {"montecarlo.seed=18446744073709551616", PL_ESCENARIO,
     "montecarlo.seed=18446744073709551616: integer does not fit in 64 bits"},
    {"montecarlo.seed=-1", PL_ESCENARIO,
     "montecarlo.seed=-1: a negative number where a non-negative integer is needed"},
    {"montecarlo.trials=1.5", PL_ESCENARIO,
     "montecarlo.trials=1.5: a real number where an integer is needed (no point, no exponent)"},
    {"montecarlo.trials=0", PL_ESCENARIO, "montecarlo.trials=0: value outside [1, 1000000000000]"},
    {"protocol.max_rounds=100001", PL_ESCENARIO,
     "protocol.max_rounds=100001: value outside [1, 100000]"},
    {"protocol.kind=auction", PL_ESCENARIO,
     "protocol.kind=auction: unknown protocol 'auction' (expected mediated, alternating..."},
    {"protocol.first=broker", PL_ESCENARIO,
     "protocol.first=broker: 'broker' is a mediator; the first proposer must be a party"},
    {"agents.broker.salience.border=0", PL_ESCENARIO,
     "agents.broker.salience.border=0: agent 'broker' has zero salience on every issue (an agent "
     "must care about some issue)"},
    {"no-equals-sign", PL_ESCENARIO,
     "'no-equals-sign': expected PATH=VALUE (e.g. agents.ID.reservation=0.5)"},
};

START_TEST(test_set_errors) {
  pl_scenario *sc = load_ok(DATA "valid_full.cfg");
  char *before = write_text(sc);
  pl_diags *d = pl_diags_alloc();
  ck_assert_int_eq(pl_scenario_set(sc, set_bad[_i].assignment, d), set_bad[_i].status);
  ck_assert_uint_eq(pl_diags_count(d), 1);
  ck_assert_str_eq(pl_diags_file(d, 0), "--set");
  ck_assert_int_eq(pl_diags_line(d, 0), 0);
  assert_message(pl_diags_message(d, 0), set_bad[_i].message);
  char *after = write_text(sc); /* sc unchanged */
  ck_assert_str_eq(before, after);
  free(before);
  free(after);
  pl_diags_free(d);
  pl_scenario_free(sc);
}
END_TEST

START_TEST(test_set_alternating_three_parties) {
  pl_scenario *sc = load_ok(DATA "base.cfg");
  pl_diags *d = pl_diags_alloc();
  ck_assert_int_eq(pl_scenario_set(sc, "protocol.kind=alternating", d), PL_OK);
  pl_scenario_free(sc);
  /* alternating_three.cfg's scenario under mediated is valid; switching needs two parties. */
  const char *text = "name = \"three\";\n"
                     "issues = ( { id = \"a\"; min = 0.0; max = 1.0; } );\n"
                     "agents = (\n"
                     "  { id = \"x\"; role = \"party\"; capability = 1; reservation = 0;\n"
                     "    position = { a = 0; }; salience = { a = 1; }; },\n"
                     "  { id = \"y\"; role = \"party\"; capability = 1; reservation = 0;\n"
                     "    position = { a = 1; }; salience = { a = 1; }; },\n"
                     "  { id = \"z\"; role = \"party\"; capability = 1; reservation = 0;\n"
                     "    position = { a = 1; }; salience = { a = 1; }; }\n"
                     ");\n";
  ck_assert_int_eq(pl_scenario_load_string(text, "mem", NULL, d, &sc), PL_OK);
  ck_assert_int_eq(pl_scenario_set(sc, "protocol.kind=alternating", d), PL_ESCENARIO);
  ck_assert_uint_eq(pl_diags_count(d), 1);
  ck_assert_str_eq(pl_diags_message(d, 0),
                   "protocol.kind=alternating: protocol 'alternating' needs exactly two parties; "
                   "found 3");
  ck_assert_int_eq(pl_scenario_protocol(sc), PL_PROTOCOL_MEDIATED);
  pl_scenario_free(sc);
  pl_diags_free(d);
}
END_TEST

START_TEST(test_copy_independent) {
  pl_scenario *sc = load_ok(DATA "valid_full.cfg");
  pl_scenario *c = NULL;
  ck_assert_int_eq(pl_scenario_copy(sc, &c), PL_OK);
  pl_diags *d = pl_diags_alloc();
  ck_assert_int_eq(pl_scenario_set(c, "agents.north.reservation=0.1", d), PL_OK);
  ck_assert_int_eq(param(sc, "agents.north.reservation")->dist.kind, PL_DIST_NORMAL);
  pl_scenario_free(sc);
  ck_assert_double_eq(param(c, "agents.north.reservation")->dist.a, 0.1);
  pl_scenario_free(c);
  pl_scenario_free(NULL);
  pl_diags_free(d);
}
END_TEST

START_TEST(test_example_and_reference) {
  pl_scenario *sc = load_ok(PARLEY_SOURCE_DIR "/scenarios/example.cfg");
  round_trip(sc);
  pl_scenario_free(sc);
  /* The built-in scenario: when it is a real scenario it must load, and as the file does. */
  pl_diags *d = pl_diags_alloc();
  pl_status st = pl_scenario_load_reference(d, &sc);
  if (st == PL_OK) {
    ck_assert_str_eq(pl_scenario_source(sc), "gaza-2024-08.cfg (built in)");
    pl_scenario *file = load_ok(PARLEY_SOURCE_DIR "/scenarios/gaza-2024-08.cfg");
    char *a = write_text(sc);
    char *b = write_text(file);
    ck_assert_str_eq(a, b);
    free(a);
    free(b);
    pl_scenario_free(file);
    pl_scenario_free(sc);
  } else {
    ck_assert_int_eq(st, PL_ESCENARIO);
    ck_assert_str_eq(pl_diags_file(d, 0), "gaza-2024-08.cfg (built in)");
  }
  pl_diags_free(d);
}
END_TEST

/* The numerical bounds of the loader (docs/scenario-format.md, "Limits"), each on both sides of
 * its edge: an issue's width max - min and its inverse must be finite doubles (DBL_MAX is about
 * 1.797e308, so 1 / 5e-309 = 2e308 overflows and 1 / 1e-308 does not; 2 x 9e307 overflows and
 * 2 x 8e307 does not); beta a and b lie in [0.001, 1e6]; capabilities summed over agents times
 * max(|min|, |max|, agents^2, 1) stay at most DBL_MAX / 16, about 1.1e307 (three agents on [0, 10]:
 * 3e305 x 10 passes, 3e306 x 10 fails; capability 1 on [-1e307, 1e307]: 3 x 1e307 fails). */
static const struct {
  double min, max, beta_a, capability;
  pl_status want;
  const char *message; /* the first diagnostic's, when want is not PL_OK */
} numeric[] = {
    {0.0, 1e-308, 2.0, 1.0, PL_OK, NULL},
    {0.0, 5e-309, 2.0, 1.0, PL_ESCENARIO,
     "issues.a: the range [0, 5e-309] is too narrow for doubles (max - min must lie between "
     "about 5.6e-309 and 1.8e308)"},
    {-8e307, 8e307, 2.0, 1e-10, PL_OK, NULL},
    {-9e307, 9e307, 2.0, 1e-10, PL_ESCENARIO,
     "issues.a: the range [-9e+307, 9e+307] is too wide for doubles (max - min must lie between "
     "about 5.6e-309 and 1.8e308)"},
    {0.0, 10.0, 0.001, 1.0, PL_OK, NULL},
    {0.0, 10.0, 0.000999, 1.0, PL_ESCENARIO,
     "agents.p1.reservation: beta a and b must lie in [0.001, 1e+06] (found a = 0.000999, b = 2)"},
    {0.0, 10.0, 1e6, 1.0, PL_OK, NULL},
    {0.0, 10.0, 1.000001e6, 1.0, PL_ESCENARIO,
     "agents.p1.reservation: beta a and b must lie in [0.001, 1e+06] (found a = 1000001, b = 2)"},
    {0.0, 10.0, 2.0, 1e305, PL_OK, NULL},
    {0.0, 10.0, 2.0, 1e306, PL_ESCENARIO,
     "issue 'a': capability (up to 1e+306, agent 'p1') times position (up to 10 in size) summed "
     "over agents reaches 3e+307, beyond 1.12356e+307: the text's weighted sums could overflow; "
     "scale the capabilities down (only their ratios matter) or the issue's units"},
    {-1e307, 1e307, 2.0, 1.0, PL_ESCENARIO,
     "issue 'a': capability (up to 1, agent 'p1') times position (up to 1e+307 in size) summed "
     "over agents reaches 3e+307, beyond 1.12356e+307: the text's weighted sums could overflow; "
     "scale the capabilities down (only their ratios matter) or the issue's units"},
};

START_TEST(test_numeric_bounds) {
  char text[1024];
  snprintf(text, sizeof text,
           "name = \"n\";\n"
           "issues = ( { id = \"a\"; min = %.17g; max = %.17g; } );\n"
           "agents = (\n"
           "  { id = \"p1\"; role = \"party\"; capability = %.17g;\n"
           "    reservation = { dist = \"beta\"; a = %.17g; b = 2.0; };\n"
           "    position = { a = %.17g; }; salience = { a = 1.0; }; },\n"
           "  { id = \"p2\"; role = \"party\"; capability = %.17g; reservation = 0.5;\n"
           "    position = { a = %.17g; }; salience = { a = 1.0; }; },\n"
           "  { id = \"m\"; role = \"mediator\"; capability = %.17g;\n"
           "    position = { a = %.17g; }; salience = { a = 0.5; }; }\n"
           ");\n",
           numeric[_i].min, numeric[_i].max, numeric[_i].capability, numeric[_i].beta_a,
           numeric[_i].min, numeric[_i].capability, numeric[_i].max, numeric[_i].capability,
           numeric[_i].min);
  pl_diags *d = pl_diags_alloc();
  pl_scenario *sc = NULL;
  pl_status st = pl_scenario_load_string(text, "n.cfg", NULL, d, &sc);
  for (size_t i = 0; i < pl_diags_count(d); i++) {
    fprintf(stderr, "%s:%d: %s\n", pl_diags_file(d, i), pl_diags_line(d, i),
            pl_diags_message(d, i));
  }
  ck_assert_int_eq(st, numeric[_i].want);
  if (numeric[_i].want != PL_OK) {
    ck_assert_uint_ge(pl_diags_count(d), 1);
    ck_assert_str_eq(pl_diags_message(d, 0), numeric[_i].message);
  }
  pl_scenario_free(sc);
  pl_diags_free(d);
}
END_TEST

/* Warnings (docs/scenario-format.md, "Warnings"); each fixture of tests/data/warn/ says in its
 * first lines which warning it gives and where. */
START_TEST(test_warnings) {
  pl_scenario *sc = load_ok(PARLEY_TEST_DATA "/warn/clamp_normal.cfg");
  ck_assert_uint_eq(pl_scenario_n_warnings(sc), 1);
  ck_assert_int_eq(pl_scenario_warning_line(sc, 0), 8);
  ck_assert_str_eq(pl_scenario_warning_file(sc, 0), PARLEY_TEST_DATA "/warn/clamp_normal.cfg");
  /* Q(0.1) + Phi(-4.9) = 0.460172 + 4.8e-7 (standard normal table): 46.0% */
  ck_assert_ptr_nonnull(strstr(pl_scenario_warning_message(sc, 0), "normal(0.98, 0.2) puts 46.0%"));
  pl_diags *d = pl_diags_alloc();
  /* another override keeps the warning and its file; fixing the salience removes it */
  ck_assert_int_eq(pl_scenario_set(sc, "agents.q.reservation=0.2", d), PL_OK);
  ck_assert_uint_eq(pl_scenario_n_warnings(sc), 1);
  ck_assert_str_eq(pl_scenario_warning_file(sc, 0), PARLEY_TEST_DATA "/warn/clamp_normal.cfg");
  pl_scenario *c = NULL;
  ck_assert_int_eq(pl_scenario_copy(sc, &c), PL_OK);
  ck_assert_uint_eq(pl_scenario_n_warnings(c), 1);
  ck_assert_int_eq(pl_scenario_set(sc, "agents.p.salience.a=0.5", d), PL_OK);
  ck_assert_uint_eq(pl_scenario_n_warnings(sc), 0);
  ck_assert_uint_eq(pl_scenario_n_warnings(c), 1);
  pl_scenario_free(c);
  pl_scenario_free(sc);

  sc = load_ok(PARLEY_TEST_DATA "/warn/first_mediated.cfg");
  ck_assert_uint_eq(pl_scenario_n_warnings(sc), 1);
  ck_assert_int_eq(pl_scenario_warning_line(sc, 0), 11);
  ck_assert_int_eq(pl_scenario_set(sc, "protocol.kind=alternating", d), PL_OK);
  ck_assert_uint_eq(pl_scenario_n_warnings(sc), 0);
  pl_scenario_free(sc);

  sc = load_ok(PARLEY_TEST_DATA "/warn/zero_salience.cfg");
  ck_assert_uint_eq(pl_scenario_n_warnings(sc), 1);
  ck_assert_int_eq(pl_scenario_warning_line(sc, 0), 8);
  pl_scenario_free(sc);
  sc = load_ok(PARLEY_TEST_DATA "/warn/reservation_mediator.cfg");
  ck_assert_uint_eq(pl_scenario_n_warnings(sc), 1);
  ck_assert_int_eq(pl_scenario_warning_line(sc, 0), 11);
  pl_scenario_free(sc);

  /* the reference: its two normal(0.9, 0.08) saliences clamp Q(1.25) = 10.6% */
  ck_assert_int_eq(pl_scenario_load_reference(d, &sc), PL_OK);
  ck_assert_uint_eq(pl_scenario_n_warnings(sc), 2);
  ck_assert_ptr_nonnull(strstr(pl_scenario_warning_message(sc, 1), "10.6%"));
  pl_scenario_free(sc);
  pl_diags_free(d);
}
END_TEST

static Suite *scenario_suite(void) {
  Suite *s = suite_create("scenario");
  TCase *tc = tcase_create("load");
  tcase_add_test(tc, test_full_scenario);
  tcase_add_test(tc, test_warnings);
  tcase_add_test(tc, test_defaults);
  tcase_add_test(tc, test_include_from_other_cwd);
  tcase_add_test(tc, test_seeds);
  tcase_add_test(tc, test_leverage_many_agents);
  tcase_add_test(tc, test_write_round_trip);
  tcase_add_test(tc, test_protocol_distributions);
  tcase_add_test(tc, test_describe);
  tcase_add_test(tc, test_missing_file);
  tcase_add_test(tc, test_copy_independent);
  tcase_add_test(tc, test_example_and_reference);
  suite_add_tcase(s, tc);
  TCase *tv = tcase_create("validation");
  tcase_add_loop_test(tv, test_validation_rule, 0, (int)(sizeof bad / sizeof bad[0]));
  tcase_add_test(tv, test_three_mistakes);
  tcase_add_loop_test(tv, test_numeric_bounds, 0, (int)(sizeof numeric / sizeof numeric[0]));
  suite_add_tcase(s, tv);
  TCase *ts = tcase_create("set");
  tcase_add_test(ts, test_set_ok);
  tcase_add_loop_test(ts, test_set_errors, 0, (int)(sizeof set_bad / sizeof set_bad[0]));
  tcase_add_test(ts, test_set_alternating_three_parties);
  suite_add_tcase(s, ts);
  return s;
}

int main(void) {
  SRunner *sr = srunner_create(scenario_suite());
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
