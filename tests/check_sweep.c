/*
 * check_sweep.c — sweep grids: --over parsing, grid expansion and order, validation of every
 * point before anything runs, the scenario's own sweep section, sweep.tsv, and common random
 * numbers between adjacent points.
 *
 * Expected grid values follow from the contract in include/parley/sweep.h: FROM:TO:STEPS gives
 * FROM + (TO - FROM) k / (STEPS - 1), k = 0 .. STEPS-1, rounded to 15 significant digits, so the
 * values are exactly the doubles of their short decimal forms (0.1:0.3:3 -> 0.1, 0.2, 0.3).
 */
#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "parley/montecarlo.h"
#include "parley/number.h"
#include "parley/scenario.h"
#include "parley/status.h"
#include "parley/sweep.h"

#define SMALL PARLEY_TEST_DATA "/sweep/scenarios/small.cfg"
#define SECTION PARLEY_TEST_DATA "/sweep/scenarios/section.cfg"

/* Parses spec, expecting success and exactly the n values in want (compared with ==). */
static void expect_values(const char *spec, const char *path, const double *want, size_t n) {
  pl_diags *d = pl_diags_alloc();
  char *p = NULL;
  double *v = NULL;
  size_t nv = 0;
  ck_assert_int_eq(pl_sweep_parse_over(spec, d, &p, &v, &nv), PL_OK);
  ck_assert_uint_eq(pl_diags_count(d), 0);
  ck_assert_str_eq(p, path);
  ck_assert_uint_eq(nv, n);
  for (size_t k = 0; k < n; k++) {
    ck_assert_msg(v[k] == want[k], "%s: value %zu is %.17g, expected %.17g", spec, k, v[k],
                  want[k]);
    ck_assert_msg(!signbit(v[k]) || want[k] < 0, "%s: value %zu is a negative zero", spec, k);
  }
  free(p);
  free(v);
  pl_diags_free(d);
}

START_TEST(test_range_inclusive) {
  expect_values("protocol.breakdown=0.1:0.3:3", "protocol.breakdown", (double[]){0.1, 0.2, 0.3}, 3);
  expect_values("x=0:1:5", "x", (double[]){0.0, 0.25, 0.5, 0.75, 1.0}, 5);
  /* 0.1 + 0.6 * k / 6 is not exactly 0.k in binary; the rounding makes it so. */
  expect_values("x=0.1:0.7:7", "x", (double[]){0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7}, 7);
  expect_values("x=-1:1:3", "x", (double[]){-1.0, 0.0, 1.0}, 3);
  expect_values("x=10:20:2", "x", (double[]){10.0, 20.0}, 2);
}
END_TEST

START_TEST(test_range_order_and_single) {
  /* Descending ranges keep their order: the grid goes FROM -> TO. */
  expect_values("x=1:0:3", "x", (double[]){1.0, 0.5, 0.0}, 3);
  /* STEPS = 1 is the single value FROM (TO is ignored but must be a number). */
  expect_values("x=5:9:1", "x", (double[]){5.0}, 1);
  expect_values("x=5:5:1", "x", (double[]){5.0}, 1);
  expect_values("x=1e-3:3e-3:3", "x", (double[]){0.001, 0.002, 0.003}, 3);
}
END_TEST

START_TEST(test_list) {
  expect_values("agents.us.leverage.hamas=0.3,0.1,0.2", "agents.us.leverage.hamas",
                (double[]){0.3, 0.1, 0.2}, 3);
  expect_values("x=-2.5", "x", (double[]){-2.5}, 1);
  expect_values("x=40,1e2,-0", "x", (double[]){40.0, 100.0, 0.0}, 3);
}
END_TEST

START_TEST(test_parse_errors) {
  static const char *const bad[] = {
      "x",             /* no '=' */
      "=1,2",          /* no path */
      "x=",            /* no values */
      "x=1:2",         /* two fields */
      "x=1:2:3:4",     /* four fields */
      "x=a:2:3",       /* FROM */
      "x=1:b:3",       /* TO */
      "x=1:2:0",       /* STEPS 0 */
      "x=1:2:2.5",     /* STEPS not whole */
      "x=1:2:-3",      /* STEPS negative */
      "x=1:2:",        /* STEPS empty */
      "x=1:1:3",       /* FROM = TO with several steps */
      "x=1:2:9999999", /* more than PL_SWEEP_MAX_VALUES */
      "x=1,,2",        /* empty value */
      "x=1,2,",        /* trailing comma */
      "x=,1",          /* leading comma */
      "x=1,a",         /* not a number */
      "x=1,1.0",       /* duplicate */
      "x=1:2,3",       /* mixes range and list */
      "x=inf",         /* not finite */
      "x=nan",         /* not finite */
      "x=0x1p3",       /* a hexadecimal fraction is not in the grammar (parley/number.h) */
      "x=-0x10",       /* nor a signed hexadecimal integer (libconfig has none) */
      "x=1e999",       /* overflows */
      "x y=1,2",       /* space in the path */
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    pl_diags *d = pl_diags_alloc();
    char *p = (char *)1;
    double *v = (double *)1;
    size_t n = 7;
    pl_status rc = pl_sweep_parse_over(bad[i], d, &p, &v, &n);
    ck_assert_msg(rc == PL_EINVAL, "'%s' was accepted (status %d)", bad[i], (int)rc);
    ck_assert_ptr_null(p);
    ck_assert_ptr_null(v);
    ck_assert_uint_eq(n, 0);
    ck_assert_uint_eq(pl_diags_count(d), 1);
    /* The message names the option and the spec, so the user sees which --over is wrong. */
    char want[128];
    snprintf(want, sizeof want, "--over '%s'", bad[i]);
    ck_assert_msg(strstr(pl_diags_message(d, 0), want) != NULL, "message '%s' lacks %s",
                  pl_diags_message(d, 0), want);
    ck_assert_str_eq(pl_diags_file(d, 0), PL_SWEEP_DIAG_SOURCE);
    pl_diags_free(d);
  }
}
END_TEST

START_TEST(test_format_value) {
  char buf[64];
  pl_sweep_format_value(0.1, buf, sizeof buf);
  ck_assert_str_eq(buf, "0.1");
  pl_sweep_format_value(40.0, buf, sizeof buf);
  ck_assert_str_eq(buf, "40");
  pl_sweep_format_value(-0.25, buf, sizeof buf);
  ck_assert_str_eq(buf, "-0.25");
  /* A value that needs 17 digits reads back exactly. */
  double third = 1.0 / 3.0;
  pl_sweep_format_value(third, buf, sizeof buf);
  ck_assert(strtod(buf, NULL) == third);
  pl_sweep_format_value(0.1 + 0.2, buf, sizeof buf);
  ck_assert(strtod(buf, NULL) == 0.1 + 0.2);
  ck_assert_str_eq(buf, "0.30000000000000004");
}
END_TEST

static pl_scenario *load(const char *path) {
  pl_diags *d = pl_diags_alloc();
  pl_scenario *sc = NULL;
  pl_status rc = pl_scenario_load(path, d, &sc);
  ck_assert_msg(rc == PL_OK, "%s: %s", path,
                pl_diags_count(d) > 0 ? pl_diags_message(d, 0) : "load failed");
  pl_diags_free(d);
  return sc;
}

START_TEST(test_grid_order) {
  pl_scenario *base = load(SMALL);
  pl_diags *d = pl_diags_alloc();
  const char *specs[] = {"protocol.max_rounds=5:15:3", "protocol.breakdown=0,0.1"};
  pl_sweep *sw = NULL;
  ck_assert_int_eq(pl_sweep_alloc(base, specs, 2, d, &sw), PL_OK);
  ck_assert_uint_eq(pl_sweep_n_axes(sw), 2);
  ck_assert_str_eq(pl_sweep_axis_path(sw, 0), "protocol.max_rounds");
  ck_assert_str_eq(pl_sweep_axis_path(sw, 1), "protocol.breakdown");
  ck_assert_uint_eq(pl_sweep_n_points(sw), 6);
  /* Row-major, the last axis fastest. */
  static const double rounds[] = {5, 5, 10, 10, 15, 15};
  static const double breakdown[] = {0, 0.1, 0, 0.1, 0, 0.1};
  for (size_t k = 0; k < 6; k++) {
    ck_assert(pl_sweep_point_value(sw, k, 0) == rounds[k]);
    ck_assert(pl_sweep_point_value(sw, k, 1) == breakdown[k]);
    pl_scenario *sc = NULL;
    ck_assert_int_eq(pl_sweep_point_scenario(sw, k, d, &sc), PL_OK);
    ck_assert_uint_eq(pl_scenario_max_rounds(sc), (unsigned)rounds[k]);
    ck_assert(pl_scenario_breakdown(sc) == breakdown[k]);
    /* Everything else is the base's: same seed (common random numbers) and trials. */
    ck_assert_uint_eq(pl_scenario_seed(sc), pl_scenario_seed(base));
    ck_assert_uint_eq(pl_scenario_trials(sc), pl_scenario_trials(base));
    pl_scenario_free(sc);
  }
  ck_assert_uint_eq(pl_diags_count(d), 0);
  pl_sweep_free(sw);
  pl_diags_free(d);
  pl_scenario_free(base);
}
END_TEST

/* Each case must fail in pl_sweep_alloc with the status given and leave *out NULL. */
START_TEST(test_alloc_errors) {
  pl_scenario *base = load(SMALL);
  static const struct {
    const char *specs[3];
    size_t n;
    pl_status want;
  } cases[] = {
      /* three parameters */
      {{"protocol.breakdown=0,0.1", "protocol.noise=0,0.1", "protocol.max_rounds=5,6"},
       3,
       PL_EINVAL},
      /* the same parameter twice */
      {{"protocol.breakdown=0,0.1", "protocol.breakdown=0.2,0.3"}, 2, PL_EINVAL},
      /* malformed */
      {{"protocol.breakdown=0:1"}, 1, PL_EINVAL},
      /* an unknown path */
      {{"agents.nobody.reservation=0.1,0.2"}, 1, PL_EPATH},
      /* a value out of the domain at the LAST point: found before anything runs */
      {{"agents.p1.reservation=0.2:1.2:3"}, 1, PL_ESCENARIO},
      /* an integer path over a grid whose step is not whole (5:10:3 is 5, 7.5, 10): refused as
       * the spec is read (sweep.h), not rounded */
      {{"protocol.breakdown=0,0.1", "protocol.max_rounds=5:10:3"}, 2, PL_EINVAL},
      /* an integer path's value that is not an integer, negative, or beyond 2^64 - 1 */
      {{"montecarlo.seed=1,1.5"}, 1, PL_EINVAL},
      {{"montecarlo.seed=-1"}, 1, PL_EINVAL},
      {{"montecarlo.seed=18446744073709551616"}, 1, PL_EINVAL},
      {{"montecarlo.trials=1e3"}, 1, PL_EINVAL},
      /* a duplicate integer (as a double, 9007199254740993 would equal ...992: not a duplicate) */
      {{"montecarlo.seed=9007199254740993,9007199254740993"}, 1, PL_EINVAL},
  };
  for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
    pl_diags *d = pl_diags_alloc();
    pl_sweep *sw = (pl_sweep *)1;
    pl_status rc = pl_sweep_alloc(base, cases[c].specs, cases[c].n, d, &sw);
    ck_assert_msg(rc == cases[c].want, "case %zu: status %d, expected %d", c, (int)rc,
                  (int)cases[c].want);
    ck_assert_ptr_null(sw);
    ck_assert_uint_ge(pl_diags_count(d), 1);
    pl_diags_free(d);
  }
  /* No --over and no sweep section: nothing to sweep. */
  pl_diags *d = pl_diags_alloc();
  pl_sweep *sw = NULL;
  ck_assert_int_eq(pl_sweep_alloc(base, NULL, 0, d, &sw), PL_EINVAL);
  ck_assert_ptr_null(sw);
  ck_assert(strstr(pl_diags_message(d, 0), "nothing to sweep") != NULL);
  pl_diags_free(d);
  pl_scenario_free(base);
}
END_TEST

START_TEST(test_section) {
  /* section.cfg: agents.p1.flexibility from 0 to 0.2 in 3 steps; protocol.breakdown [0, 0.05]. */
  pl_scenario *base = load(SECTION);
  pl_diags *d = pl_diags_alloc();
  pl_sweep *sw = NULL;
  ck_assert_int_eq(pl_sweep_alloc(base, NULL, 0, d, &sw), PL_OK);
  ck_assert_uint_eq(pl_sweep_n_axes(sw), 2);
  ck_assert_str_eq(pl_sweep_axis_path(sw, 0), "agents.p1.flexibility");
  ck_assert_str_eq(pl_sweep_axis_path(sw, 1), "protocol.breakdown");
  size_t n = 0;
  const double *v = pl_sweep_axis_values(sw, 0, &n);
  ck_assert_uint_eq(n, 3);
  ck_assert(v[0] == 0.0 && v[1] == 0.1 && v[2] == 0.2);
  ck_assert_uint_eq(pl_sweep_n_points(sw), 6);
  pl_sweep_free(sw);
  /* --over takes precedence over the section. */
  const char *specs[] = {"protocol.noise=0,0.1,0.2"};
  ck_assert_int_eq(pl_sweep_alloc(base, specs, 1, d, &sw), PL_OK);
  ck_assert_uint_eq(pl_sweep_n_axes(sw), 1);
  ck_assert_uint_eq(pl_sweep_n_points(sw), 3);
  pl_sweep_free(sw);
  pl_diags_free(d);
  pl_scenario_free(base);
}
END_TEST

/* The seed of point k of sw, as the point's scenario has it. */
static uint64_t point_seed(const pl_sweep *sw, size_t k) {
  pl_diags *d = pl_diags_alloc();
  pl_scenario *sc = NULL;
  ck_assert_int_eq(pl_sweep_point_scenario(sw, k, d, &sc), PL_OK);
  uint64_t seed = pl_scenario_seed(sc);
  pl_scenario_free(sc);
  pl_diags_free(d);
  return seed;
}

/* A word path is swept over its words (sweep.h): values are their places, the text is the word,
 * each point is the scenario with that word (protocol.kind as --set makes it). */
START_TEST(test_words) {
  pl_scenario *base = load(SMALL);
  pl_diags *d = pl_diags_alloc();
  pl_sweep *sw = NULL;
  const char *list[] = {"protocol.kind=eum,alternating"};
  ck_assert(pl_scenario_path_word(base, "protocol.kind"));
  ck_assert(pl_scenario_path_word(base, "protocol.first"));
  ck_assert(!pl_scenario_path_word(base, "protocol.noise"));
  ck_assert_int_eq(pl_sweep_alloc(base, list, 1, d, &sw), PL_OK);
  ck_assert_uint_eq(pl_sweep_n_points(sw), 2);
  char buf[PL_SWEEP_TEXT_SIZE];
  pl_sweep_point_text(sw, 1, 0, buf, sizeof buf);
  ck_assert_str_eq(buf, "alternating");
  ck_assert(pl_sweep_point_value(sw, 1, 0) == 1.0);
  pl_point_value v = pl_sweep_point_exact(sw, 0, 0);
  ck_assert_str_eq(v.word, "eum");
  pl_scenario *sc = NULL;
  ck_assert_int_eq(pl_sweep_point_scenario(sw, 1, d, &sc), PL_OK);
  ck_assert_int_eq(pl_scenario_protocol(sc), PL_PROTOCOL_ALTERNATING);
  pl_scenario_free(sc);
  pl_sweep_free(sw);
  /* Without a scenario (pl_sweep_parse_over) words are not numbers. */
  char *path = NULL;
  double *values = NULL;
  size_t n = 0;
  ck_assert_int_eq(pl_sweep_parse_over("protocol.kind=eum", d, &path, &values, &n), PL_EINVAL);
  pl_diags_free(d);
  pl_scenario_free(base);
}
END_TEST

/* Integer paths keep their values exactly (sweep.h): 2^53 + 1 and 2^64 - 1 are not doubles. */
START_TEST(test_integers) {
  pl_scenario *base = load(SMALL);
  pl_diags *d = pl_diags_alloc();
  pl_sweep *sw = NULL;
  const char *list[] = {"montecarlo.seed=9007199254740992,9007199254740993,18446744073709551615"};
  ck_assert_int_eq(pl_sweep_alloc(base, list, 1, d, &sw), PL_OK);
  ck_assert_uint_eq(pl_sweep_n_points(sw), 3);
  ck_assert(point_seed(sw, 0) == UINT64_C(9007199254740992));
  ck_assert(point_seed(sw, 1) == UINT64_C(9007199254740993));
  ck_assert(point_seed(sw, 2) == UINT64_MAX);
  char buf[PL_NUMBER_BUFSIZE];
  pl_sweep_point_text(sw, 1, 0, buf, sizeof buf);
  ck_assert_str_eq(buf, "9007199254740993");
  pl_sweep_point_text(sw, 2, 0, buf, sizeof buf);
  ck_assert_str_eq(buf, "18446744073709551615");
  pl_point_value v = pl_sweep_point_exact(sw, 1, 0);
  ck_assert(v.is_integer && v.integer == UINT64_C(9007199254740993));
  pl_sweep_free(sw);
  /* A range: integer ends, an integer step, exact at the top of the range, descending too. */
  const char *range[] = {"montecarlo.seed=18446744073709551615:18446744073709551611:3"};
  ck_assert_int_eq(pl_sweep_alloc(base, range, 1, d, &sw), PL_OK);
  ck_assert(point_seed(sw, 0) == UINT64_MAX);
  ck_assert(point_seed(sw, 1) == UINT64_MAX - 2);
  ck_assert(point_seed(sw, 2) == UINT64_MAX - 4);
  pl_sweep_free(sw);
  /* A real path is unchanged: its values are not integers. */
  const char *real[] = {"protocol.breakdown=0,0.1"};
  ck_assert_int_eq(pl_sweep_alloc(base, real, 1, d, &sw), PL_OK);
  ck_assert(!pl_sweep_point_exact(sw, 1, 0).is_integer);
  pl_sweep_free(sw);
  /* A step that is not whole is refused with a message that says how to fix it. */
  pl_diags_clear(d);
  const char *uneven[] = {"montecarlo.seed=1:10:3"};
  ck_assert_int_eq(pl_sweep_alloc(base, uneven, 1, d, &sw), PL_EINVAL);
  ck_assert_ptr_nonnull(strstr(pl_diags_message(d, 0), "montecarlo.seed takes integers"));
  ck_assert_ptr_nonnull(strstr(pl_diags_message(d, 0), "make TO - FROM a multiple of STEPS - 1"));
  pl_diags_free(d);
  pl_scenario_free(base);
}
END_TEST

/* A scenario's sweep section over an integer path: exact values, from a list or a range, and the
 * resolved scenario writes them back exactly. */
START_TEST(test_section_integers) {
  static const char head[] =
      "name = \"s\"; issues = ( { id = \"a\"; label = \"A\"; min = 0.0; max = 1.0; } );\n"
      "agents = ( { id = \"p\"; role = \"party\"; capability = 1.0; reservation = 0.5;"
      " position = { a = 0.0; }; salience = { a = 1.0; }; },\n"
      " { id = \"q\"; role = \"party\"; capability = 1.0; reservation = 0.5;"
      " position = { a = 1.0; }; salience = { a = 1.0; }; } );\n"
      "montecarlo = { trials = 10; };\n";
  char text[2048];
  snprintf(text, sizeof text, "%s%s", head,
           "sweep = ( { path = \"montecarlo.seed\";"
           " values = [ 9007199254740993L, 0xFFFFFFFFFFFFFFFFL ]; } );\n");
  pl_diags *d = pl_diags_alloc();
  pl_scenario *sc = NULL;
  ck_assert_int_eq(pl_scenario_load_string(text, "s.cfg", NULL, d, &sc), PL_OK);
  const uint64_t *ints = pl_scenario_sweep_integers(sc, 0);
  ck_assert_ptr_nonnull(ints);
  ck_assert(ints[0] == UINT64_C(9007199254740993) && ints[1] == UINT64_MAX);
  pl_sweep *sw = NULL;
  ck_assert_int_eq(pl_sweep_alloc(sc, NULL, 0, d, &sw), PL_OK);
  ck_assert(point_seed(sw, 0) == UINT64_C(9007199254740993));
  ck_assert(point_seed(sw, 1) == UINT64_MAX);
  pl_sweep_free(sw);
  char *written = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&written, &len);
  ck_assert_int_eq(pl_scenario_write(sc, f), PL_OK);
  fclose(f);
  ck_assert_ptr_nonnull(strstr(written, "values = [ 9007199254740993L, 0xFFFFFFFFFFFFFFFFL ]"));
  free(written);
  pl_scenario_free(sc);
  /* A range with an integer step; one without is an error naming the line. */
  snprintf(text, sizeof text, "%s%s", head,
           "sweep = ( { path = \"montecarlo.seed\"; from = 9007199254740993L;"
           " to = 9007199254740995L; steps = 3; } );\n");
  ck_assert_int_eq(pl_scenario_load_string(text, "s.cfg", NULL, d, &sc), PL_OK);
  ints = pl_scenario_sweep_integers(sc, 0);
  ck_assert(ints[0] == UINT64_C(9007199254740993) && ints[1] == UINT64_C(9007199254740994) &&
            ints[2] == UINT64_C(9007199254740995));
  pl_scenario_free(sc);
  static const char *const bad[] = {
      "sweep = ( { path = \"montecarlo.seed\"; from = 1; to = 10; steps = 3; } );\n",
      "sweep = ( { path = \"montecarlo.seed\"; values = [ 1.5, 2.0 ]; } );\n",
      "sweep = ( { path = \"montecarlo.seed\"; values = [ 7, 7 ]; } );\n",
      "sweep = ( { path = \"protocol.max_rounds\"; values = [ 5, 0 ]; } );\n"};
  static const char *const want[] = {"make to - from a multiple of steps - 1",
                                     "expected an integer", "the value 7 appears twice",
                                     "protocol.max_rounds=0: value outside"};
  for (size_t c = 0; c < sizeof bad / sizeof bad[0]; c++) {
    snprintf(text, sizeof text, "%s%s", head, bad[c]);
    pl_diags_clear(d);
    ck_assert_int_eq(pl_scenario_load_string(text, "s.cfg", NULL, d, &sc), PL_ESCENARIO);
    ck_assert_uint_ge(pl_diags_count(d), 1);
    ck_assert_msg(strstr(pl_diags_message(d, 0), want[c]) != NULL, "case %zu: %s", c,
                  pl_diags_message(d, 0));
  }
  pl_diags_free(d);
}
END_TEST

static char *slurp(const char *path) {
  FILE *f = fopen(path, "rb");
  ck_assert_ptr_nonnull(f);
  static char buf[1 << 16];
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  buf[n] = '\0';
  fclose(f);
  return buf;
}

START_TEST(test_tsv) {
  pl_scenario *base = load(SMALL);
  pl_diags *d = pl_diags_alloc();
  const char *specs[] = {"protocol.max_rounds=5,10", "protocol.breakdown=0,0.1,0.2"};
  pl_sweep *sw = NULL;
  ck_assert_int_eq(pl_sweep_alloc(base, specs, 2, d, &sw), PL_OK);
  char dir[] = "/tmp/check_sweep-XXXXXX";
  ck_assert_ptr_nonnull(mkdtemp(dir));
  pl_summary s;
  memset(&s, 0, sizeof s);
  for (size_t k = 0; k < 6; k++) {
    s.trials = 100;
    s.outcomes[PL_OUTCOME_AGREEMENT] = 10 * k;
    s.p_agreement = 0.1 * (double)k;
    s.ci_low = 0.0;
    s.ci_high = 1.0;
    s.rounds_mean = k == 0 ? NAN : 2.5;
    pl_sweep_record(sw, k, &s);
  }
  ck_assert_int_eq(pl_sweep_write_tsv(sw, dir, 1, d), PL_OK);
  char path[256];
  snprintf(path, sizeof path, "%s/sweep.tsv", dir);
  const char *text = slurp(path);
  ck_assert(strstr(text, "# scenario: small\n") != NULL);
  ck_assert(strstr(text, "# complete: true\n") != NULL);
  ck_assert(strstr(text, "# over: protocol.max_rounds\n# over: protocol.breakdown\n") != NULL);
  ck_assert(strstr(text, "protocol.max_rounds\tprotocol.breakdown\ttrials\tagreements\t"
                         "p_agreement\tci_low\tci_high\tmean_rounds\n") != NULL);
  /* Rows in grid order; a blank line after each run of the fastest path (3 values). */
  ck_assert(strstr(text, "\n5\t0\t100\t0\t0\t0\t1\tnan\n5\t0.1\t100\t10\t") != NULL);
  ck_assert(strstr(text, "\n5\t0.2\t100\t20\t0.2\t0\t1\t2.5\n\n10\t0\t") != NULL);
  ck_assert(strstr(text, "\n10\t0.2\t100\t50\t0.5\t0\t1\t2.5\n\n") != NULL);
  /* An incomplete sweep says so. */
  ck_assert_int_eq(pl_sweep_write_tsv(sw, dir, 0, d), PL_OK);
  ck_assert(strstr(slurp(path), "# complete: false\n") != NULL);
  remove(path);
  rmdir(dir);
  pl_sweep_free(sw);
  pl_diags_free(d);
  pl_scenario_free(base);
}
END_TEST

/* Rows of a sweep.tsv text: lines that are neither metadata nor blank, less the header. */
static size_t tsv_rows(const char *text) {
  size_t n = 0;
  for (const char *p = text; *p != '\0'; p = strchr(p, '\n') != NULL ? strchr(p, '\n') + 1 : "") {
    n += *p != '#' && *p != '\n';
  }
  return n > 0 ? n - 1 : 0;
}

/* Whether dir holds a hidden temporary file (.NAME.tmp-...). */
static int has_temp(const char *dir) {
  char cmd[512];
  snprintf(cmd, sizeof cmd, "ls -a '%s' | grep -q '^\\..*\\.tmp-'", dir);
  return system(cmd) == 0;
}

/* sweep.tsv as the sweep goes (sweep.h, pl_sweep_tsv_*): the rows are appended to a staged file,
 * sweep.tsv is replaced whole only after 1, 2, 4, 8, ... points (so writing N points costs
 * O(N), not the O(N^2) of a rewrite after every point), and the committed file is byte for byte
 * what pl_sweep_write_tsv writes from the same rows (the expected text). */
START_TEST(test_tsv_stream) {
  pl_scenario *base = load(SMALL);
  pl_diags *d = pl_diags_alloc();
  const char *specs[] = {"protocol.max_rounds=1,2,3,4,5,6,7,8,9,10",
                         "protocol.breakdown=0,0.1,0.2,0.3"};
  pl_sweep *sw = NULL;
  char dir[] = "/tmp/check_sweep-XXXXXX", ref[] = "/tmp/check_sweep-XXXXXX";
  ck_assert_ptr_nonnull(mkdtemp(dir));
  ck_assert_ptr_nonnull(mkdtemp(ref));
  char path[256], refpath[256];
  snprintf(path, sizeof path, "%s/sweep.tsv", dir);
  snprintf(refpath, sizeof refpath, "%s/sweep.tsv", ref);
  static char want[1 << 16];
  for (int complete = 0; complete <= 1; complete++) {
    pl_sweep_free(sw); /* a new grid: no point recorded */
    ck_assert_int_eq(pl_sweep_alloc(base, specs, 2, d, &sw), PL_OK);
    pl_sweep_tsv *t = NULL;
    ck_assert_int_eq(pl_sweep_tsv_open(sw, dir, d, &t), PL_OK);
    ck_assert_ptr_nonnull(pl_sweep_tsv_staged_path(t));
    ck_assert_int_eq(pl_sweep_tsv_append(t, 0, d), PL_EINVAL); /* not recorded yet */
    size_t n = pl_sweep_n_points(sw), last = 0;
    for (size_t k = 0; k < n; k++) {
      pl_summary s;
      memset(&s, 0, sizeof s);
      s.trials = complete ? 11 : 10;
      s.outcomes[PL_OUTCOME_AGREEMENT] = k % 7;
      s.p_agreement = (double)(k % 7) / 10.0;
      s.ci_high = 1.0;
      s.rounds_mean = k % 3 == 0 ? NAN : 1.5;
      pl_sweep_record(sw, k, &s);
      ck_assert_int_eq(pl_sweep_tsv_append(t, k, d), PL_OK);
      /* sweep.tsv: the largest power of two <= k + 1 rows; the staged file: all k + 1. */
      size_t pow2 = 1;
      while (2 * pow2 <= k + 1) {
        pow2 *= 2;
      }
      ck_assert_uint_eq(tsv_rows(slurp(path)), pow2);
      last = pow2;
      ck_assert_int_eq(pl_sweep_write_tsv(sw, ref, 0, d), PL_OK);
      strcpy(want, slurp(refpath));
      ck_assert_str_eq(slurp(pl_sweep_tsv_staged_path(t)), want);
    }
    ck_assert_uint_eq(last, 32);
    ck_assert_int_eq(pl_sweep_tsv_commit(t, complete, d), PL_OK);
    pl_sweep_tsv_free(t);
    ck_assert_int_eq(pl_sweep_write_tsv(sw, ref, complete, d), PL_OK);
    strcpy(want, slurp(refpath));
    ck_assert_str_eq(slurp(path), want);
    ck_assert(strstr(want, complete ? "# complete: true\n" : "# complete: false\n") != NULL);
    ck_assert_uint_eq(tsv_rows(want), n);
    ck_assert(!has_temp(dir));
  }
  /* Freed without a commit: the staged file goes, sweep.tsv stays as it was. */
  pl_sweep_tsv *t = NULL;
  ck_assert_int_eq(pl_sweep_tsv_open(sw, dir, d, &t), PL_OK);
  ck_assert(has_temp(dir));
  pl_sweep_tsv_free(t);
  ck_assert(!has_temp(dir));
  ck_assert_str_eq(slurp(path), want);
  remove(path);
  remove(refpath);
  rmdir(dir);
  rmdir(ref);
  pl_sweep_free(sw);
  pl_diags_free(d);
  pl_scenario_free(base);
}
END_TEST

/* Per-trial agreement indicators of a run, through pl_mc_options.on_trial. */
typedef struct {
  unsigned char *agree;
  uint64_t n;
} indicators;

static pl_status collect(void *ctx, uint64_t trial, const pl_trial_result *r) {
  indicators *ind = ctx;
  if (trial < ind->n) {
    ind->agree[trial] = r->outcome == PL_OUTCOME_AGREEMENT;
  }
  return PL_OK;
}

static void run_point(const pl_scenario *sc, indicators *ind) {
  pl_mc_options opt;
  memset(&opt, 0, sizeof opt);
  opt.threads = 1;
  opt.on_trial = collect;
  opt.ctx = ind;
  pl_summary *s = NULL;
  ck_assert_int_eq(pl_mc_run(sc, &opt, &s), PL_OK);
  pl_summary_free(s);
}

/* Sample variance of A - B over n trials. */
static double var_diff(const indicators *a, const indicators *b) {
  double n = (double)a->n, s = 0.0, ss = 0.0;
  for (uint64_t k = 0; k < a->n; k++) {
    double d = (double)a->agree[k] - (double)b->agree[k];
    s += d;
    ss += d * d;
  }
  return (ss - s * s / n) / (n - 1.0);
}

/* Common random numbers. For indicators A (point 1) and B (point 2),
 * Var(A - B) = Var A + Var B - 2 Cov(A, B). With independent streams Cov = 0, so the variance is
 * Var A + Var B; with common streams (same seed, trial k keyed identically at both points), a
 * small change of one parameter changes the outcome of few trials, Cov(A, B) is close to
 * sqrt(Var A Var B), and Var(A - B) is a small fraction of the independent one. The bound 0.5
 * asks for a correlation above 0.5 (for equal variances the ratio is 1 - rho); with 4000 trials
 * the sample variances have relative standard errors of a few percent, far inside that margin.
 * Measured here: 0.035 (and 0.12 on scenarios/gaza-2024-08.cfg, tests/cli_sweep.sh). */
START_TEST(test_common_random_numbers) {
  pl_scenario *base = load(SMALL);
  pl_diags *d = pl_diags_alloc();
  const uint64_t n = 4000;
  char buf[64];
  snprintf(buf, sizeof buf, "montecarlo.trials=%llu", (unsigned long long)n);
  ck_assert_int_eq(pl_scenario_set(base, buf, d), PL_OK);
  const char *specs[] = {"agents.p1.flexibility=0.05,0.06"};
  pl_sweep *sw = NULL;
  ck_assert_int_eq(pl_sweep_alloc(base, specs, 1, d, &sw), PL_OK);
  indicators a = {calloc(n, 1), n}, b = {calloc(n, 1), n}, c = {calloc(n, 1), n};
  pl_scenario *p1 = NULL, *p2 = NULL;
  ck_assert_int_eq(pl_sweep_point_scenario(sw, 0, d, &p1), PL_OK);
  ck_assert_int_eq(pl_sweep_point_scenario(sw, 1, d, &p2), PL_OK);
  run_point(p1, &a);
  run_point(p2, &b);
  /* The same point 2 with independent streams: another seed. */
  ck_assert_int_eq(pl_scenario_set(p2, "montecarlo.seed=987654321", d), PL_OK);
  run_point(p2, &c);
  double v_crn = var_diff(&a, &b), v_ind = var_diff(&a, &c);
  double ratio = v_crn / v_ind;
  fprintf(stderr, "check_sweep: Var(A-B) common streams %.5f, independent %.5f, ratio %.3f\n",
          v_crn, v_ind, ratio);
  ck_assert(v_ind > 0.1); /* both points are far from certain: the comparison means something */
  ck_assert_msg(ratio < 0.5, "CRN variance ratio %.3f is not below 0.5", ratio);
  free(a.agree);
  free(b.agree);
  free(c.agree);
  pl_scenario_free(p1);
  pl_scenario_free(p2);
  pl_sweep_free(sw);
  pl_diags_free(d);
  pl_scenario_free(base);
}
END_TEST

int main(void) {
  Suite *s = suite_create("sweep");
  TCase *tc = tcase_create("grid");
  tcase_add_test(tc, test_range_inclusive);
  tcase_add_test(tc, test_range_order_and_single);
  tcase_add_test(tc, test_list);
  tcase_add_test(tc, test_parse_errors);
  tcase_add_test(tc, test_format_value);
  tcase_add_test(tc, test_grid_order);
  tcase_add_test(tc, test_alloc_errors);
  tcase_add_test(tc, test_section);
  tcase_add_test(tc, test_integers);
  tcase_add_test(tc, test_section_integers);
  tcase_add_test(tc, test_tsv);
  tcase_add_test(tc, test_words);
  tcase_add_test(tc, test_tsv_stream);
  suite_add_tcase(s, tc);
  TCase *mc = tcase_create("crn");
  tcase_set_timeout(mc, 120);
  tcase_add_test(mc, test_common_random_numbers);
  suite_add_tcase(s, mc);
  SRunner *sr = srunner_create(s);
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
