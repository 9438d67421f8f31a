/*
 * check_results.c — the results writers (parley/results.h) on summaries filled by hand.
 *
 * Expected values come from the contract itself: the key list of docs/outputs.md (summary JSON),
 * the results-folder format of docs/outputs.md (TSV metadata, headers, rows), and the invariants of
 * results.h (atomic writes, byte-identical output for equal inputs, errors as statuses with a
 * diagnostic naming the path). The scenario is the fixture tests/data/run/small.cfg: issues
 * border [0, 100] and aid [0, 600]; agents north, south (parties) and broker (mediator);
 * max_rounds 20; seed 12345.
 */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "parley/parley.h"
#include "parley/results.h"

#define FIXTURE PARLEY_TEST_DATA "/run/small.cfg"
#define N_BINS 50      /* bins per issue in agreement_point.tsv (docs/outputs.md) */
#define N_SRC_BINS 100 /* the summary's finer histogram: two of its bins make one of the file */

static pl_scenario *load_fixture(void) {
  pl_diags *d = pl_diags_alloc();
  pl_scenario *sc = NULL;
  pl_status rc = pl_scenario_load(FIXTURE, d, &sc);
  ck_assert_msg(rc == PL_OK, "cannot load %s: %s", FIXTURE,
                pl_diags_count(d) ? pl_diags_message(d, 0) : pl_status_string(rc));
  pl_diags_free(d);
  return sc;
}

/* A summary of 100 trials filled by hand: 60 agreements, 30 breakdowns, 10 deadlocks. */
static pl_summary *make_summary(void) {
  pl_summary *s = calloc(1, sizeof *s);
  s->trials = 100;
  s->complete = 1;
  s->seed = 12345;
  s->outcomes[PL_OUTCOME_AGREEMENT] = 60;
  s->outcomes[PL_OUTCOME_BREAKDOWN] = 30;
  s->outcomes[PL_OUTCOME_DEADLOCK] = 10;
  s->p_agreement = 0.6;
  pl_stats_wilson(60, 100, PL_Z95, &s->ci_low, &s->ci_high);
  s->rounds_mean = 3.25;
  s->rounds_p50 = 3.0;
  s->rounds_p90 = 7.0;
  s->max_rounds = 20;
  s->by_round = calloc(PL_N_OUTCOMES * 21, sizeof *s->by_round);
  s->by_round[0 * 21 + 3] = 60; /* all agreements in round 3 */
  s->by_round[1 * 21 + 1] = 30;
  s->by_round[2 * 21 + 20] = 10;
  s->n_issues = 2;
  s->point = calloc(2, sizeof *s->point);
  s->point[0] = (pl_stat5){45.5, 4.0, 39.0, 45.0, 52.0};
  s->point[1] = (pl_stat5){0.1, 1.0 / 3.0, NAN, 300.0, 410.0};
  s->n_bins = N_SRC_BINS;
  s->point_hist = calloc(2 * N_SRC_BINS, sizeof *s->point_hist);
  s->point_hist[44] = 30;              /* border [44, 45) */
  s->point_hist[45] = 30;              /* border [45, 46): with the above, file bin 22 = [44, 46) */
  s->point_hist[N_SRC_BINS + 51] = 59; /* aid [306, 312): file bin 25 = [300, 312) */
  s->point_hist[N_SRC_BINS + 53] = 1;  /* aid [318, 324): file bin 26 */
  s->n_agents = 3;
  s->mean_utility = calloc(3, sizeof(double));
  s->responses = calloc(3, sizeof(uint64_t));
  s->rejections = calloc(3, sizeof(uint64_t));
  s->rejection_rate = calloc(3, sizeof(double));
  s->mean_utility[0] = 0.7;
  s->mean_utility[1] = 0.65;
  s->mean_utility[2] = 0.9;
  s->rejection_rate[0] = 0.25;
  s->rejection_rate[1] = 0.5;
  s->rejection_rate[2] = NAN; /* mediator: no responses */
  s->failed = 40;
  s->blocks = calloc(3, sizeof(uint64_t));
  s->block_share = calloc(3, sizeof(double));
  s->block_cost = calloc(3 * 2, sizeof(double));
  s->blocks[0] = 30;
  s->blocks[1] = 20;
  s->block_share[0] = 0.75;
  s->block_share[1] = 0.5;
  s->block_share[2] = NAN; /* mediator */
  s->block_cost[0] = 0.25;
  s->block_cost[1] = 0.0625;
  s->block_cost[2] = 0.1;
  s->block_cost[3] = 0.3;
  s->block_cost[4] = NAN;
  s->block_cost[5] = NAN;
  return s;
}

static char *read_all(const char *path) {
  FILE *f = fopen(path, "rb");
  ck_assert_msg(f != NULL, "cannot open %s", path);
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *text = malloc((size_t)n + 1);
  ck_assert_uint_eq(fread(text, 1, (size_t)n, f), (size_t)n);
  text[n] = '\0';
  fclose(f);
  return text;
}

/* A fresh empty folder under the build's temporary area. */
static char *fresh_dir(const char *tag) {
  char *path = malloc(512);
  const char *tmp = getenv("TMPDIR");
  snprintf(path, 512, "%s/check_results-%ld-%s", tmp != NULL && tmp[0] ? tmp : "/tmp",
           (long)getpid(), tag);
  char cmd[600];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", path);
  ck_assert_int_eq(system(cmd), 0);
  ck_assert_int_eq(mkdir(path, 0777), 0);
  return path;
}

static void remove_dir(char *path) {
  char cmd[600];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", path);
  ck_assert_int_eq(system(cmd), 0);
  free(path);
}

/* Number of entries of dir (without . and ..), and how many start with '.' (temporaries). */
static int count_entries(const char *dir, int *hidden) {
  DIR *d = opendir(dir);
  ck_assert_ptr_nonnull(d);
  int n = 0;
  *hidden = 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) {
      continue;
    }
    n++;
    if (e->d_name[0] == '.') {
      (*hidden)++;
    }
  }
  closedir(d);
  return n;
}

static void check_keys(json_t *obj, const char *const *keys, size_t n) {
  ck_assert(json_is_object(obj));
  ck_assert_uint_eq(json_object_size(obj), n);
  size_t k = 0;
  const char *key;
  json_t *value;
  json_object_foreach(obj, key, value) {
    (void)value;
    ck_assert_str_eq(key, keys[k]); /* also checks the documented order */
    k++;
  }
}

START_TEST(test_summary_json_keys) {
  pl_scenario *sc = load_fixture();
  pl_summary *s = make_summary();
  char *text = NULL;
  ck_assert_int_eq(pl_results_summary_json(sc, s, &text), PL_OK);
  json_error_t err;
  json_t *root = json_loads(text, 0, &err);
  ck_assert_msg(root != NULL, "invalid JSON: %s", err.text);
  /* docs/outputs.md: the keys of the summary JSON. */
  static const char *const top[] = {"scenario", "seed",     "trials",   "p_agreement",
                                    "ci95",     "outcomes", "rounds",   "agreement_point",
                                    "agents",   "blocking", "complete", "version"};
  check_keys(root, top, sizeof top / sizeof top[0]);
  static const char *const outcomes[] = {"agreement", "breakdown", "deadlock"};
  check_keys(json_object_get(root, "outcomes"), outcomes, 3);
  static const char *const rounds[] = {"mean", "p50", "p90"};
  check_keys(json_object_get(root, "rounds"), rounds, 3);
  static const char *const issues[] = {"border", "aid"};
  check_keys(json_object_get(root, "agreement_point"), issues, 2);
  static const char *const stat5[] = {"mean", "sd", "p05", "p50", "p95"};
  check_keys(json_object_get(json_object_get(root, "agreement_point"), "aid"), stat5, 5);
  static const char *const agents[] = {"north", "south", "broker"};
  check_keys(json_object_get(root, "agents"), agents, 3);
  static const char *const agent[] = {"mean_utility", "rejection_rate"};
  check_keys(json_object_get(json_object_get(root, "agents"), "north"), agent, 2);
  /* "blocking": the failed trials, then the parties only (a mediator never rejects). */
  json_t *blocking = json_object_get(root, "blocking");
  static const char *const blocking_keys[] = {"failed_trials", "parties"};
  check_keys(blocking, blocking_keys, 2);
  static const char *const parties[] = {"north", "south"};
  check_keys(json_object_get(blocking, "parties"), parties, 2);
  static const char *const party[] = {"share_of_failures", "issue_cost"};
  json_t *south = json_object_get(json_object_get(blocking, "parties"), "south");
  check_keys(south, party, 2);
  check_keys(json_object_get(south, "issue_cost"), issues, 2);
  ck_assert(json_number_value(json_object_get(json_object_get(south, "issue_cost"), "aid")) ==
            s->block_cost[1 * 2 + 1]);

  ck_assert_str_eq(json_string_value(json_object_get(root, "scenario")), "small");
  ck_assert_int_eq(json_integer_value(json_object_get(root, "seed")), 12345);
  ck_assert_int_eq(json_integer_value(json_object_get(root, "trials")), 100);
  ck_assert_int_eq(
      json_integer_value(json_object_get(json_object_get(root, "outcomes"), "breakdown")), 30);
  ck_assert(json_is_true(json_object_get(root, "complete")));
  ck_assert_str_eq(json_string_value(json_object_get(root, "version")), pl_version());
  json_t *ci = json_object_get(root, "ci95");
  ck_assert(json_is_array(ci) && json_array_size(ci) == 2);
  /* Numbers read back exactly (shortest round-trip formatting). */
  ck_assert(json_number_value(json_array_get(ci, 0)) == s->ci_low);
  ck_assert(json_number_value(json_array_get(ci, 1)) == s->ci_high);
  json_t *aid = json_object_get(json_object_get(root, "agreement_point"), "aid");
  ck_assert(json_number_value(json_object_get(aid, "sd")) == 1.0 / 3.0);
  /* NaN is written as null. */
  ck_assert(json_is_null(json_object_get(aid, "p05")));
  ck_assert(json_is_null(json_object_get(json_object_get(json_object_get(root, "agents"), "broker"),
                                         "rejection_rate")));
  /* The shortest form: 0.1 is "0.1", not 0.10000000000000001; 0.6 is "0.6". */
  ck_assert_ptr_nonnull(strstr(text, "\"mean\": 0.1,"));
  ck_assert_ptr_nonnull(strstr(text, "\"p_agreement\": 0.6,"));
  ck_assert_ptr_nonnull(strstr(text, "\"p_agreement\""));
  ck_assert_int_eq(text[strlen(text) - 1], '\n');
  json_decref(root);
  free(text);
  pl_summary_free(s);
  pl_scenario_free(sc);
}
END_TEST

START_TEST(test_summary_json_seed_64bit) {
  pl_scenario *sc = load_fixture();
  pl_summary *s = make_summary();
  s->seed = UINT64_MAX; /* beyond a signed 64-bit JSON integer: must not wrap */
  s->complete = 0;
  char *text = NULL;
  ck_assert_int_eq(pl_results_summary_json(sc, s, &text), PL_OK);
  ck_assert_ptr_nonnull(strstr(text, "\"seed\": 18446744073709551615,"));
  ck_assert_ptr_nonnull(strstr(text, "\"complete\": false,"));
  free(text);
  pl_summary_free(s);
  pl_scenario_free(sc);
}
END_TEST

/* docs/outputs.md: a --precision run adds precision, precision_met and half_width after complete
 * (the other keys and their order unchanged); a run without one has none of them (the golden text
 * of test_summary_json_golden, byte for byte). */
START_TEST(test_summary_json_precision) {
  pl_scenario *sc = load_fixture();
  pl_summary *s = make_summary();
  s->precision = 0.01;
  s->precision_met = 0;
  s->half_width = 0.5 * (s->ci_high - s->ci_low);
  char *text = NULL;
  ck_assert_int_eq(pl_results_summary_json(sc, s, &text), PL_OK);
  json_error_t err;
  json_t *root = json_loads(text, 0, &err);
  ck_assert_msg(root != NULL, "invalid JSON: %s", err.text);
  static const char *const top[] = {"scenario",      "seed",       "trials",   "p_agreement",
                                    "ci95",          "outcomes",   "rounds",   "agreement_point",
                                    "agents",        "blocking",   "complete", "precision",
                                    "precision_met", "half_width", "version"};
  check_keys(root, top, sizeof top / sizeof top[0]);
  ck_assert(json_number_value(json_object_get(root, "precision")) == 0.01);
  ck_assert(json_is_false(json_object_get(root, "precision_met")));
  ck_assert(json_number_value(json_object_get(root, "half_width")) == s->half_width);
  json_decref(root);
  free(text);
  s->precision_met = 1;
  ck_assert_int_eq(pl_results_summary_json(sc, s, &text), PL_OK);
  ck_assert_ptr_nonnull(strstr(text, "\"precision_met\": true,"));
  free(text);
  s->precision = 0.0; /* no target: no keys, whatever the other two hold */
  ck_assert_int_eq(pl_results_summary_json(sc, s, &text), PL_OK);
  ck_assert_ptr_null(strstr(text, "precision"));
  ck_assert_ptr_null(strstr(text, "half_width"));
  free(text);
  pl_summary_free(s);
  pl_scenario_free(sc);
}
END_TEST

START_TEST(test_summary_json_byte_identical) {
  pl_scenario *sc = load_fixture();
  pl_summary *a = make_summary();
  pl_summary *b = make_summary();
  char *ta = NULL;
  char *tb = NULL;
  ck_assert_int_eq(pl_results_summary_json(sc, a, &ta), PL_OK);
  ck_assert_int_eq(pl_results_summary_json(sc, b, &tb), PL_OK);
  ck_assert_str_eq(ta, tb);
  free(ta);
  free(tb);
  /* Two folders written from equal summaries hold byte-identical files (run.json excepted). */
  char *d1 = fresh_dir("same1");
  char *d2 = fresh_dir("same2");
  pl_diags *d = pl_diags_alloc();
  ck_assert_int_eq(pl_results_write(d1, sc, a, NULL, NULL, d), PL_OK);
  ck_assert_int_eq(pl_results_write(d2, sc, b, NULL, NULL, d), PL_OK);
  static const char *const files[] = {"summary.json", "outcomes.tsv", "rounds.tsv",
                                      "agreement_point.tsv", "scenario.cfg"};
  for (size_t k = 0; k < sizeof files / sizeof files[0]; k++) {
    char p1[600];
    char p2[600];
    snprintf(p1, sizeof p1, "%s/%s", d1, files[k]);
    snprintf(p2, sizeof p2, "%s/%s", d2, files[k]);
    char *x = read_all(p1);
    char *y = read_all(p2);
    ck_assert_msg(strcmp(x, y) == 0, "%s differs", files[k]);
    free(x);
    free(y);
  }
  /* summary.json is exactly pl_results_summary_json's text. */
  char p[600];
  snprintf(p, sizeof p, "%s/summary.json", d1);
  char *onfile = read_all(p);
  ck_assert_int_eq(pl_results_summary_json(sc, a, &ta), PL_OK);
  ck_assert_str_eq(onfile, ta);
  free(onfile);
  free(ta);
  pl_diags_free(d);
  remove_dir(d1);
  remove_dir(d2);
  pl_summary_free(a);
  pl_summary_free(b);
  pl_scenario_free(sc);
}
END_TEST

/* Splits text into lines (in place); returns the count. */
static size_t split_lines(char *text, char **lines, size_t max) {
  size_t n = 0;
  char *p = text;
  while (*p != '\0' && n < max) {
    lines[n++] = p;
    char *nl = strchr(p, '\n');
    if (nl == NULL) {
      break;
    }
    *nl = '\0';
    p = nl + 1;
  }
  return n;
}

static void check_metadata(char **lines, const char *complete) {
  char version[64];
  snprintf(version, sizeof version, "# parley %s", pl_version());
  ck_assert_str_eq(lines[0], version);
  ck_assert_str_eq(lines[1], "# scenario: small");
  ck_assert_str_eq(lines[2], "# title: Two parties, one mediator");
  ck_assert_str_eq(lines[3], "# seed: 12345");
  ck_assert_str_eq(lines[4], "# trials: 100");
  ck_assert_str_eq(lines[5], complete);
}

/* Field `col` (0-based, tab-separated) of line reads back to exactly x (sign of zero included),
 * and is the shortest text that does: with one significant digit fewer it would read back to
 * another double (docs/outputs.md: the shortest decimal that reads back to the same double). */
static void check_reads_back(const char *line, int col, double x) {
  const char *p = line;
  for (int c = 0; c < col; c++) {
    p = strchr(p, '\t');
    ck_assert_msg(p != NULL, "'%s' has no column %d", line, col);
    p++;
  }
  char field[64];
  size_t n = strcspn(p, "\t");
  ck_assert_uint_lt(n, sizeof field);
  memcpy(field, p, n);
  field[n] = '\0';
  char *end = NULL;
  double y = strtod(field, &end);
  ck_assert_msg(*end == '\0' && y == x && signbit(y) == signbit(x), "'%s' does not read back to %a",
                field, x);
  /* Significant digits of the mantissa: no sign, point, leading or trailing zeros. */
  char digits[64];
  size_t nd = 0;
  for (const char *q = field; *q != '\0' && *q != 'e'; q++) {
    if (*q >= '0' && *q <= '9' && (nd > 0 || *q != '0')) {
      digits[nd++] = *q;
    }
  }
  while (nd > 0 && digits[nd - 1] == '0') {
    nd--;
  }
  if (nd > 1) {
    char shorter[400]; /* "%.*g" of DBL_MAX may take 309 digits (gcc's bound) */
    snprintf(shorter, sizeof shorter, "%.*g", (int)nd - 1, x);
    ck_assert_msg(strtod(shorter, NULL) != x, "'%s' is not the shortest: '%s' reads back too",
                  field, shorter);
  }
}

START_TEST(test_tsv_files) {
  pl_scenario *sc = load_fixture();
  pl_summary *s = make_summary();
  char *dir = fresh_dir("tsv");
  pl_diags *d = pl_diags_alloc();
  ck_assert_int_eq(pl_results_write(dir, sc, s, NULL, NULL, d), PL_OK);
  char path[600];
  char *lines[400];

  snprintf(path, sizeof path, "%s/outcomes.tsv", dir);
  char *text = read_all(path);
  size_t n = split_lines(text, lines, 400);
  check_metadata(lines, "# complete: true");
  ck_assert_uint_eq(n, 10); /* 6 metadata + header + 3 outcomes */
  ck_assert_str_eq(lines[6], "outcome\tcount\tshare\tci_low\tci_high");
  /* Doubles in the shortest text that reads back (docs/outputs.md): 0.6, not 0.59999999999999998.
   */
  ck_assert_str_eq(lines[7], "agreement\t60\t0.6\t0.5020025867910618\t0.6905987135675411");
  check_reads_back(lines[7], 3, s->ci_low);
  check_reads_back(lines[7], 4, s->ci_high);
  ck_assert_ptr_nonnull(strstr(lines[8], "breakdown\t30\t0.3\t"));
  ck_assert_ptr_nonnull(strstr(lines[9], "deadlock\t10\t0.1\t"));
  free(text);

  snprintf(path, sizeof path, "%s/rounds.tsv", dir);
  text = read_all(path);
  n = split_lines(text, lines, 400);
  ck_assert_uint_eq(n, 7 + 20); /* one row per round 1..max_rounds */
  ck_assert_str_eq(lines[6], "round\tagreement\tbreakdown\tdeadlock");
  ck_assert_str_eq(lines[7], "1\t0\t30\t0");
  ck_assert_str_eq(lines[9], "3\t60\t0\t0");
  ck_assert_str_eq(lines[26], "20\t0\t0\t10");
  free(text);

  snprintf(path, sizeof path, "%s/agreement_point.tsv", dir);
  text = read_all(path);
  n = split_lines(text, lines, 400);
  /* 6 metadata + 2 issue lines + 3 agent lines + 2 x 2 party lines + header + 2 x 50 bins + 2
   * blank separator lines */
  ck_assert_uint_eq(n, 6 + 2 + 3 + 4 + 1 + 2 * N_BINS + 2);
  /* id, label, unit, min, max, then the summary's mean, p05, p50, p95 (shortest text; nan stays
   * nan) */
  ck_assert_str_eq(lines[6],
                   "# issue: border\tTroops on the border\t% of today\t0\t100\t45.5\t39\t45\t52");
  ck_assert_str_eq(lines[7], "# issue: aid\tAid trucks per day\ttrucks per day\t0\t600\t"
                             "0.1\tnan\t300\t410");
  ck_assert_str_eq(lines[8], "# agent: north\tparty\tNorth");
  ck_assert_str_eq(lines[10], "# agent: broker\tmediator\tBroker");
  /* north on border (small.cfg): ideal 90; reservation uniform(0.45, 0.65), so p05 0.46, p50 0.55,
   * p95 0.64; weight 0.9 / (0.9 + 0.3) = 0.75, linear loss, so the reach at r is 90 -+ 100 (1 -
   * r) / 0.75: 42 (r = 0.64) and 18 (r = 0.46, 17.999999999999986 in doubles), clamped at 100. */
  ck_assert_str_eq(lines[11], "# party: border\tnorth\t90\t90\t90\t0.46\t0.55\t0.64\t42\t100\t"
                              "17.999999999999986\t100\tNorth");
  /* south on border: weight 0.8 / 1.5, reservation 0.5: reach 100 * 0.5 / 0.533 = 93.75 > 90
   * either side of 10, so the whole range. */
  ck_assert_str_eq(lines[13],
                   "# party: border\tsouth\t10\t10\t10\t0.5\t0.5\t0.5\t0\t100\t0\t100\tSouth");
  ck_assert_str_eq(lines[15], "issue\tbin_low\tbin_high\tcount\tshare");
  ck_assert_str_eq(lines[16], "border\t0\t2\t0\t0");
  ck_assert_str_eq(lines[16 + 22], "border\t44\t46\t60\t1");
  ck_assert_str_eq(lines[16 + N_BINS], "");
  ck_assert_str_eq(lines[17 + N_BINS], "");
  ck_assert_str_eq(lines[18 + N_BINS], "aid\t0\t12\t0\t0");
  ck_assert_str_eq(lines[18 + N_BINS + 25], "aid\t300\t312\t59\t0.9833333333333333");
  check_reads_back(lines[18 + N_BINS + 25], 4, 59.0 / 60.0);
  ck_assert_str_eq(lines[18 + 2 * N_BINS - 1], "aid\t588\t600\t0\t0");
  free(text);

  /* scenario.cfg loads back. */
  snprintf(path, sizeof path, "%s/scenario.cfg", dir);
  pl_scenario *back = NULL;
  ck_assert_int_eq(pl_scenario_load(path, d, &back), PL_OK);
  ck_assert_str_eq(pl_scenario_name(back), "small");
  pl_scenario_free(back);

  int hidden = 0;
  ck_assert_int_eq(count_entries(dir, &hidden), 5); /* no run.json, no per_trial.tsv */
  ck_assert_int_eq(hidden, 0);                      /* no temporary left */
  pl_diags_free(d);
  remove_dir(dir);
  pl_summary_free(s);
  pl_scenario_free(sc);
}
END_TEST

START_TEST(test_run_json_and_per_trial) {
  pl_scenario *sc = load_fixture();
  pl_summary *s = make_summary();
  s->complete = 0;
  char *dir = fresh_dir("pertrial");
  pl_diags *d = pl_diags_alloc();
  pl_trial_rows *rows = NULL;
  ck_assert_int_eq(pl_trial_rows_open(dir, sc, d, &rows), PL_OK);
  double point[2] = {45.25, 1.0 / 3.0};
  unsigned zeros[3] = {0, 0, 0};
  /* small.cfg's parameters, north's reservation (uniform) the only uncertain one. */
  size_t np = pl_scenario_n_params(sc), res = np;
  double theta[64];
  ck_assert_uint_le(np, 64);
  for (size_t k = 0; k < np; k++) {
    char p[64];
    pl_scenario_param_path(sc, k, p, sizeof p);
    theta[k] = strcmp(p, "agents.north.reservation") == 0 ? 0.5 + 1.0 / 7.0 : -1.0;
    res = strcmp(p, "agents.north.reservation") == 0 ? k : res;
    ck_assert_int_eq(pl_scenario_param_uncertain(sc, k), k == res);
  }
  ck_assert_uint_lt(res, np);
  pl_trial_result r = {
      PL_OUTCOME_AGREEMENT, 3, point, point, zeros, zeros, 0, NULL, NULL, theta, NULL, -1, NAN};
  ck_assert_int_eq(pl_trial_rows_add(rows, 0, &r), PL_OK);
  r.outcome = PL_OUTCOME_BREAKDOWN;
  r.rounds = 1;
  ck_assert_int_eq(pl_trial_rows_add(rows, 1, &r), PL_OK);
  ck_assert_uint_eq(pl_trial_rows_count(rows), 2);
  char *argv[] = {"parley", "run", "--out", "x y"};
  pl_run_info info = {2, 1.5, 0, 4, argv, 0};
  ck_assert_int_eq(pl_results_write(dir, sc, s, &info, rows, d), PL_OK);
  pl_trial_rows_free(rows);

  char path[600];
  char *lines[20];
  snprintf(path, sizeof path, "%s/per_trial.tsv", dir);
  char *text = read_all(path);
  size_t n = split_lines(text, lines, 20);
  ck_assert_uint_eq(n, 9);
  check_metadata(lines, "# complete: false");
  /* The drawn value of the uncertain input, after the issues, in the shortest text that reads
   * back (0.5 + 1/7 = 0.6428571428571428...; pl_number_format); fixed numbers have no column. */
  ck_assert_str_eq(lines[6], "trial\toutcome\trounds\tborder\taid\tagents.north.reservation");
  ck_assert_str_eq(lines[7], "0\tagreement\t3\t45.25\t0.3333333333333333\t0.6428571428571428");
  ck_assert_str_eq(lines[8], "1\tbreakdown\t1\t\t\t0.6428571428571428");
  free(text);

  snprintf(path, sizeof path, "%s/run.json", dir);
  text = read_all(path);
  json_error_t err;
  json_t *root = json_loads(text, 0, &err);
  ck_assert_msg(root != NULL, "invalid run.json: %s", err.text);
  ck_assert_int_eq(json_integer_value(json_object_get(root, "threads")), 2);
  ck_assert(json_number_value(json_object_get(root, "wall_seconds")) == 1.5);
  ck_assert_str_eq(json_string_value(json_object_get(root, "started")), "1970-01-01T00:00:00Z");
  ck_assert(json_number_value(json_object_get(root, "trials_per_second")) == 100 / 1.5);
  ck_assert_str_eq(json_string_value(json_array_get(json_object_get(root, "command_line"), 3)),
                   "x y");
  ck_assert(json_is_string(json_object_get(root, "host")));
  ck_assert_str_eq(json_string_value(json_object_get(root, "version")), pl_version());
  json_decref(root);
  free(text);

  int hidden = 0;
  ck_assert_int_eq(count_entries(dir, &hidden), 7);
  ck_assert_int_eq(hidden, 0); /* the rows' temporary file is gone */
  pl_diags_free(d);
  remove_dir(dir);
  pl_summary_free(s);
  pl_scenario_free(sc);
}
END_TEST

/* Removes every hidden (temporary) file of dir; returns how many. */
static int remove_hidden(const char *dir) {
  DIR *d = opendir(dir);
  ck_assert_ptr_nonnull(d);
  int n = 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.' && strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
      char path[700];
      snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
      ck_assert_int_eq(unlink(path), 0);
      n++;
    }
  }
  closedir(d);
  return n;
}

START_TEST(test_failed_write_leaves_nothing) {
  /* If one file of the set cannot be written (here: the per-trial rows vanished), no file of the
   * set appears under its final name and no temporary is left (results.h). */
  pl_scenario *sc = load_fixture();
  pl_summary *s = make_summary();
  char *dir = fresh_dir("allornothing");
  pl_diags *d = pl_diags_alloc();
  pl_trial_rows *rows = NULL;
  ck_assert_int_eq(pl_trial_rows_open(dir, sc, d, &rows), PL_OK);
  ck_assert_int_eq(remove_hidden(dir), 1);
  ck_assert_int_eq(pl_results_write(dir, sc, s, NULL, rows, d), PL_EIO);
  ck_assert_uint_eq(pl_diags_count(d), 1);
  ck_assert_ptr_nonnull(strstr(pl_diags_file(d, 0), "per_trial.tsv"));
  int hidden = 0;
  ck_assert_int_eq(count_entries(dir, &hidden), 0);
  pl_trial_rows_free(rows);
  pl_diags_free(d);
  remove_dir(dir);
  pl_summary_free(s);
  pl_scenario_free(sc);
}
END_TEST

static pl_status fill_then_fail(void *ctx, FILE *f) {
  (void)ctx;
  fputs("half a file", f);
  return PL_ENOMEM;
}

static pl_status fill_hello(void *ctx, FILE *f) {
  fputs((const char *)ctx, f);
  return ferror(f) ? PL_EIO : PL_OK;
}

START_TEST(test_atomic_write) {
  char *dir = fresh_dir("atomic");
  pl_diags *d = pl_diags_alloc();
  char hello[] = "hello\n";
  ck_assert_int_eq(pl_results_write_atomic(dir, "a.txt", fill_hello, hello, d), PL_OK);
  char path[600];
  snprintf(path, sizeof path, "%s/a.txt", dir);
  char *text = read_all(path);
  ck_assert_str_eq(text, "hello\n");
  free(text);
  /* A failing writer leaves the old file untouched and no temporary behind. */
  ck_assert_int_eq(pl_results_write_atomic(dir, "a.txt", fill_then_fail, NULL, d), PL_ENOMEM);
  ck_assert_int_eq(pl_results_write_atomic(dir, "b.txt", fill_then_fail, NULL, d), PL_ENOMEM);
  text = read_all(path);
  ck_assert_str_eq(text, "hello\n");
  free(text);
  int hidden = 0;
  ck_assert_int_eq(count_entries(dir, &hidden), 1);
  ck_assert_int_eq(hidden, 0);
  pl_diags_free(d);
  remove_dir(dir);
}
END_TEST

START_TEST(test_unwritable_folder) {
  /* A folder below a regular file cannot exist (ENOTDIR), even for root. */
  char *dir = fresh_dir("unwritable");
  char file[600];
  snprintf(file, sizeof file, "%s/plain", dir);
  FILE *f = fopen(file, "w");
  fclose(f);
  char bad[700];
  snprintf(bad, sizeof bad, "%s/sub", file);
  pl_scenario *sc = load_fixture();
  pl_summary *s = make_summary();
  pl_diags *d = pl_diags_alloc();
  ck_assert_int_eq(pl_results_write(bad, sc, s, NULL, NULL, d), PL_EIO);
  ck_assert_uint_ge(pl_diags_count(d), 1);
  ck_assert_ptr_nonnull(strstr(pl_diags_file(d, 0), bad)); /* names the path */
  ck_assert_ptr_nonnull(strstr(pl_diags_message(d, 0), strerror(ENOTDIR)));
  pl_diags_clear(d);
  ck_assert_int_eq(pl_results_ensure_dir(bad, d), PL_EIO);
  ck_assert_uint_eq(pl_diags_count(d), 1);
  ck_assert_ptr_nonnull(strstr(pl_diags_message(d, 0), strerror(ENOTDIR)));
  pl_diags_clear(d);
  char *made = NULL;
  ck_assert_int_eq(pl_results_make_dir(bad, "small", 0, &made, d), PL_EIO);
  ck_assert_ptr_null(made);
  ck_assert_uint_eq(pl_diags_count(d), 1);
  pl_trial_rows *rows = NULL;
  ck_assert_int_eq(pl_trial_rows_open(bad, sc, d, &rows), PL_EIO);
  ck_assert_ptr_null(rows);
  int hidden = 0;
  ck_assert_int_eq(count_entries(dir, &hidden), 1); /* only "plain" */
  pl_diags_free(d);
  pl_summary_free(s);
  pl_scenario_free(sc);
  remove_dir(dir);
}
END_TEST

START_TEST(test_make_dir_names) {
  char *dir = fresh_dir("makedir");
  char parent[600];
  snprintf(parent, sizeof parent, "%s/results/nested", dir); /* parents are created */
  pl_diags *d = pl_diags_alloc();
  /* 1724068800 = 2024-08-19T12:00:00Z */
  char *a = NULL;
  char *b = NULL;
  char *c = NULL;
  ck_assert_int_eq(pl_results_make_dir(parent, "small", 1724068800, &a, d), PL_OK);
  ck_assert_int_eq(pl_results_make_dir(parent, "small", 1724068800, &b, d), PL_OK);
  ck_assert_int_eq(pl_results_make_dir(parent, "small", 1724068800, &c, d), PL_OK);
  char expect[700];
  snprintf(expect, sizeof expect, "%s/small-20240819-120000", parent);
  ck_assert_str_eq(a, expect);
  snprintf(expect, sizeof expect, "%s/small-20240819-120000-2", parent);
  ck_assert_str_eq(b, expect);
  snprintf(expect, sizeof expect, "%s/small-20240819-120000-3", parent);
  ck_assert_str_eq(c, expect);
  struct stat sb;
  ck_assert_int_eq(stat(c, &sb), 0);
  ck_assert(S_ISDIR(sb.st_mode));
  free(a);
  free(b);
  free(c);
  /* ensure_dir accepts an existing folder and creates missing ones. */
  ck_assert_int_eq(pl_results_ensure_dir(parent, d), PL_OK);
  snprintf(expect, sizeof expect, "%s/x/y/z", dir);
  ck_assert_int_eq(pl_results_ensure_dir(expect, d), PL_OK);
  ck_assert_int_eq(stat(expect, &sb), 0);
  int hidden = 0;
  ck_assert_int_eq(count_entries(expect, &hidden), 0); /* the probe left nothing */
  ck_assert_uint_eq(pl_diags_count(d), 0);
  pl_diags_free(d);
  remove_dir(dir);
}
END_TEST

START_TEST(test_null_arguments) {
  char *text = NULL;
  ck_assert_int_eq(pl_results_summary_json(NULL, NULL, &text), PL_EINVAL);
  ck_assert_int_eq(pl_results_run_json(NULL, 0, &text), PL_EINVAL);
  ck_assert_int_eq(pl_results_write(NULL, NULL, NULL, NULL, NULL, NULL), PL_EINVAL);
  ck_assert_int_eq(pl_results_ensure_dir("", NULL), PL_EINVAL);
  pl_trial_rows_free(NULL);
}
END_TEST

/* The exact text of summary.json for the hand-filled summary: the bytes the hand-written emitter
 * wrote before every JSON output shared one writer (parley 0.1.0, checked by running that
 * version's pl_results_summary_json on make_summary()), which this writer keeps. */
START_TEST(test_summary_json_golden) {
  pl_scenario *sc = load_fixture();
  pl_summary *s = make_summary();
  char *text = NULL;
  ck_assert_int_eq(pl_results_summary_json(sc, s, &text), PL_OK);
  char want[2048];
  snprintf(want, sizeof want,
           "{\n"
           "  \"scenario\": \"small\",\n"
           "  \"seed\": 12345,\n"
           "  \"trials\": 100,\n"
           "  \"p_agreement\": 0.6,\n"
           "  \"ci95\": [0.5020025867910618, 0.6905987135675411],\n"
           "  \"outcomes\": {\n"
           "    \"agreement\": 60,\n"
           "    \"breakdown\": 30,\n"
           "    \"deadlock\": 10\n"
           "  },\n"
           "  \"rounds\": {\n"
           "    \"mean\": 3.25,\n"
           "    \"p50\": 3,\n"
           "    \"p90\": 7\n"
           "  },\n"
           "  \"agreement_point\": {\n"
           "    \"border\": {\n"
           "      \"mean\": 45.5,\n"
           "      \"sd\": 4,\n"
           "      \"p05\": 39,\n"
           "      \"p50\": 45,\n"
           "      \"p95\": 52\n"
           "    },\n"
           "    \"aid\": {\n"
           "      \"mean\": 0.1,\n"
           "      \"sd\": 0.3333333333333333,\n"
           "      \"p05\": null,\n"
           "      \"p50\": 300,\n"
           "      \"p95\": 410\n"
           "    }\n"
           "  },\n"
           "  \"agents\": {\n"
           "    \"north\": {\n"
           "      \"mean_utility\": 0.7,\n"
           "      \"rejection_rate\": 0.25\n"
           "    },\n"
           "    \"south\": {\n"
           "      \"mean_utility\": 0.65,\n"
           "      \"rejection_rate\": 0.5\n"
           "    },\n"
           "    \"broker\": {\n"
           "      \"mean_utility\": 0.9,\n"
           "      \"rejection_rate\": null\n"
           "    }\n"
           "  },\n"
           "  \"blocking\": {\n"
           "    \"failed_trials\": 40,\n"
           "    \"parties\": {\n"
           "      \"north\": {\n"
           "        \"share_of_failures\": 0.75,\n"
           "        \"issue_cost\": {\"border\": 0.25, \"aid\": 0.0625}\n"
           "      },\n"
           "      \"south\": {\n"
           "        \"share_of_failures\": 0.5,\n"
           "        \"issue_cost\": {\"border\": 0.1, \"aid\": 0.3}\n"
           "      }\n"
           "    }\n"
           "  },\n"
           "  \"complete\": true,\n"
           "  \"version\": \"%s\"\n"
           "}\n",
           pl_version());
  ck_assert_str_eq(text, want);
  free(text);
  pl_summary_free(s);
  pl_scenario_free(sc);
}
END_TEST

/* sweep --json (docs/sweeps-and-plots.md): an array whose elements are the points' summary.json
 * texts, unindented, each with "point" first. */
START_TEST(test_summary_list) {
  pl_scenario *sc = load_fixture();
  pl_summary *s = make_summary();
  char *one = NULL;
  ck_assert_int_eq(pl_results_summary_json(sc, s, &one), PL_OK);
  pl_summary_list *l = NULL;
  ck_assert_int_eq(pl_summary_list_alloc(&l), PL_OK);
  const char *paths[] = {"protocol.breakdown", "agents.north.reservation"};
  const pl_point_value v1[] = {{0, 0, 0.1, NULL}, {0, 0, 0.5, NULL}};
  const pl_point_value v2[] = {{0, 0, 0.30000000000000004, NULL}, {0, 0, 1.0, NULL}};
  ck_assert_int_eq(pl_summary_list_add(l, sc, s, 2, paths, v1), PL_OK);
  ck_assert_int_eq(pl_summary_list_add(l, sc, s, 2, paths, v2), PL_OK);
  ck_assert_int_eq(pl_summary_list_add(l, sc, s, 1, NULL, v1), PL_EINVAL);
  char *text = NULL;
  ck_assert_int_eq(pl_summary_list_finish(l, &text), PL_OK);
  pl_summary_list_free(l);
  /* The expected text, assembled from summary.json's: "[", then each element, "]". */
  const char *body = one + 2;         /* after "{\n" */
  size_t body_len = strlen(body) - 1; /* without the final newline */
  char *want = malloc(2 * strlen(one) + 512);
  sprintf(want,
          "[\n{\n  \"point\": {\"protocol.breakdown\": 0.1, \"agents.north.reservation\": 0.5},\n"
          "%.*s,\n{\n  \"point\": {\"protocol.breakdown\": 0.30000000000000004, "
          "\"agents.north.reservation\": 1},\n%.*s\n]\n",
          (int)body_len, body, (int)body_len, body);
  ck_assert_str_eq(text, want);
  json_error_t err;
  json_t *root = json_loads(text, 0, &err);
  ck_assert_msg(root != NULL, "invalid sweep JSON: %s", err.text);
  ck_assert_uint_eq(json_array_size(root), 2);
  json_decref(root);
  free(want);
  free(text);
  free(one);
  /* An empty list is an empty array. */
  ck_assert_int_eq(pl_summary_list_alloc(&l), PL_OK);
  ck_assert_int_eq(pl_summary_list_finish(l, &text), PL_OK);
  ck_assert_str_eq(text, "[]\n");
  free(text);
  pl_summary_list_free(l);
  pl_summary_list_free(NULL);
  pl_summary_free(s);
  pl_scenario_free(sc);
}
END_TEST

/* Every double of per_trial.tsv reads back to exactly the double of the trial, in the shortest
 * text (docs/outputs.md), including values that need 17 digits, subnormals, the extremes and -0. */
START_TEST(test_tsv_round_trip) {
  pl_scenario *sc = load_fixture();
  pl_summary *s = make_summary();
  static const double xs[] = {0.1,
                              1.0 / 3.0,
                              0.1 + 0.2,
                              2.0 / 3.0 * 600.0,
                              1e-300,
                              5e-324,
                              2.5e-320,
                              1.7976931348623157e308,
                              2.2250738585072014e-308,
                              123456789012345.67,
                              1e15 + 1.0,
                              99.99999999999999,
                              -0.0,
                              -7.25,
                              600.0,
                              0.0};
  enum { N = sizeof xs / sizeof xs[0] };
  char *dir = fresh_dir("roundtrip");
  pl_diags *d = pl_diags_alloc();
  pl_trial_rows *rows = NULL;
  ck_assert_int_eq(pl_trial_rows_open(dir, sc, d, &rows), PL_OK);
  unsigned zeros[3] = {0, 0, 0};
  for (size_t k = 0; k + 1 < N; k++) {
    double point[2] = {xs[k], xs[k + 1]};
    pl_trial_result r = {
        PL_OUTCOME_AGREEMENT, 1, point, point, zeros, zeros, 0, NULL, NULL, NULL, NULL, -1, NAN};
    ck_assert_int_eq(pl_trial_rows_add(rows, k, &r), PL_OK);
  }
  ck_assert_int_eq(pl_results_write(dir, sc, s, NULL, rows, d), PL_OK);
  pl_trial_rows_free(rows);
  char path[600];
  char *lines[40];
  snprintf(path, sizeof path, "%s/per_trial.tsv", dir);
  char *text = read_all(path);
  size_t n = split_lines(text, lines, 40);
  ck_assert_uint_eq(n, 7 + N - 1);
  for (size_t k = 0; k + 1 < N; k++) {
    check_reads_back(lines[7 + k], 3, xs[k]);
    check_reads_back(lines[7 + k], 4, xs[k + 1]);
  }
  /* No theta (a caller that does not give one): the drawn column is empty. */
  ck_assert_str_eq(lines[7 + 10], "10\tagreement\t1\t1000000000000001\t99.99999999999999\t");
  ck_assert_str_eq(lines[7 + 12], "12\tagreement\t1\t-0\t-7.25\t");
  free(text);
  pl_diags_free(d);
  remove_dir(dir);
  pl_summary_free(s);
  pl_scenario_free(sc);
}
END_TEST

/* The move names of docs/outputs.md (trace). */
START_TEST(test_move_names) {
  ck_assert_str_eq(pl_results_move_name(PL_MOVE_NONE), "none");
  ck_assert_str_eq(pl_results_move_name(PL_MOVE_CONCESSION), "concession");
  ck_assert_str_eq(pl_results_move_name(PL_MOVE_CONFRONTATION), "confrontation");
  ck_assert_str_eq(pl_results_move_name(PL_MOVE_COMPROMISE), "compromise");
  ck_assert_str_eq(pl_results_move_name(99), "none");
}
END_TEST

static Suite *results_suite(void) {
  Suite *s = suite_create("results");
  TCase *tc = tcase_create("writers");
  tcase_set_timeout(tc, 30);
  tcase_add_test(tc, test_summary_json_keys);
  tcase_add_test(tc, test_summary_json_seed_64bit);
  tcase_add_test(tc, test_summary_json_precision);
  tcase_add_test(tc, test_summary_json_byte_identical);
  tcase_add_test(tc, test_summary_json_golden);
  tcase_add_test(tc, test_summary_list);
  tcase_add_test(tc, test_tsv_round_trip);
  tcase_add_test(tc, test_move_names);
  tcase_add_test(tc, test_tsv_files);
  tcase_add_test(tc, test_run_json_and_per_trial);
  tcase_add_test(tc, test_atomic_write);
  tcase_add_test(tc, test_failed_write_leaves_nothing);
  tcase_add_test(tc, test_unwritable_folder);
  tcase_add_test(tc, test_make_dir_names);
  tcase_add_test(tc, test_null_arguments);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) {
  SRunner *sr = srunner_create(results_suite());
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
