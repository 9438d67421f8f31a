/*
 * check_cluster.c — what a run shared between processes rests on (parley/cluster.h, accum.h):
 * a block accumulator packed and unpacked is the same accumulator (its packed bytes are the same
 * again, and merging it gives the summary merging the original gives); a damaged packed form is
 * refused; and a run cut into K shards (pl_shard_open, one pl_mc_run per shard) and merged
 * (pl_shard_merge_open, pl_mc_run as root) gives the summary JSON of the run done at once, for
 * K = 1, 2, 3 and 7. Expected values: the unshared run itself. MPI is tested through the binary
 * (tests/cli_mpi.sh).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "accum.h"
#include "parley/parley.h"
#include "testutil.h"

static pl_scenario *reference(const char *trials) {
  pl_diags *d = pl_diags_alloc();
  pl_scenario *sc = NULL;
  ck_assert_int_eq(pl_scenario_load_reference(d, &sc), PL_OK);
  ck_assert_int_eq(pl_scenario_set(sc, trials, d), PL_OK);
  pl_diags_free(d);
  return sc;
}

/* An accumulator of trials [first, first + n) of sc (n <= cap), in its own storage. */
static pli_acc *block_of(const pl_scenario *sc, size_t cap, uint64_t first, uint64_t n) {
  void *mem = aligned_alloc(PLI_ACC_ALIGN, pli_acc_size(sc, cap));
  ck_assert_ptr_nonnull(mem);
  pli_acc *a = pli_acc_init(sc, cap, mem);
  pl_workspace *ws = NULL;
  ck_assert_int_eq(pl_workspace_alloc(sc, &ws), PL_OK);
  for (uint64_t k = 0; k < n; k++) {
    pl_trial_result r;
    ck_assert_int_eq(pl_trial_run(sc, ws, first + k, NULL, &r), PL_OK);
    pli_acc_add(a, &r);
  }
  pl_workspace_free(ws);
  return a;
}

static char *summary_json_of(const pl_scenario *sc, const pli_acc *tot) {
  pl_summary *s = NULL;
  char *text = NULL;
  ck_assert_int_eq(pli_acc_finish(tot, &s), PL_OK);
  ck_assert_int_eq(pl_results_summary_json(sc, s, &text), PL_OK);
  pl_summary_free(s);
  return text;
}

START_TEST(test_pack_roundtrip) {
  pl_scenario *sc = reference("montecarlo.trials=1000");
  size_t cap = 256, bytes = pli_acc_size(sc, cap);
  /* A block that is not full: the unused end of the log is packed as zeros. */
  pli_acc *a = block_of(sc, cap, 500, 200);
  unsigned char *p1 = malloc(bytes), *p2 = malloc(bytes);
  pli_acc_pack(a, p1);
  void *mem = aligned_alloc(PLI_ACC_ALIGN, bytes);
  pli_acc *b = pli_acc_init(sc, cap, mem);
  ck_assert_int_eq(pli_acc_unpack(b, p1), PL_OK);
  ck_assert_uint_eq(pli_acc_trials(b), 200);
  pli_acc_pack(b, p2);
  ck_assert_int_eq(memcmp(p1, p2, bytes), 0);
  /* Merged into totals, the copy gives the original's summary. */
  void *t1 = aligned_alloc(PLI_ACC_ALIGN, pli_acc_size(sc, 0));
  void *t2 = aligned_alloc(PLI_ACC_ALIGN, pli_acc_size(sc, 0));
  pli_acc *tot1 = pli_acc_init(sc, 0, t1), *tot2 = pli_acc_init(sc, 0, t2);
  pli_acc_merge(tot1, a);
  pli_acc_merge(tot2, b);
  char *j1 = summary_json_of(sc, tot1), *j2 = summary_json_of(sc, tot2);
  ck_assert(strcmp(j1, j2) == 0);
  /* Totals pack and unpack too. */
  unsigned char *q = malloc(pli_acc_size(sc, 0));
  pli_acc_pack(tot1, q);
  pli_acc_reset(tot2);
  ck_assert_int_eq(pli_acc_unpack(tot2, q), PL_OK);
  char *j3 = summary_json_of(sc, tot2);
  ck_assert(strcmp(j1, j3) == 0);
  free(j1);
  free(j2);
  free(j3);
  free(q);
  free(t1);
  free(t2);
  free(mem);
  free(p1);
  free(p2);
  free(a);
  pl_scenario_free(sc);
}
END_TEST

START_TEST(test_unpack_refuses_damage) {
  pl_scenario *sc = reference("montecarlo.trials=1000");
  size_t cap = 64, bytes = pli_acc_size(sc, cap);
  pli_acc *a = block_of(sc, cap, 0, 64);
  unsigned char *p = malloc(bytes);
  void *mem = aligned_alloc(PLI_ACC_ALIGN, bytes);
  pli_acc *b = pli_acc_init(sc, cap, mem);
  /* Every byte 0xff: more trials than the cap, counts that do not add up. */
  memset(p, 0xff, bytes);
  ck_assert_int_eq(pli_acc_unpack(b, p), PL_EINVAL);
  ck_assert_uint_eq(pli_acc_trials(b), 0); /* left empty */
  /* A good block packed for another capacity does not fit this one. */
  pli_acc_pack(a, p);
  void *mem2 = aligned_alloc(PLI_ACC_ALIGN, pli_acc_size(sc, 32));
  pli_acc *c = pli_acc_init(sc, 32, mem2);
  ck_assert_int_eq(pli_acc_unpack(c, p), PL_EINVAL);
  /* The log's entries past the data area are checked: a bin out of range in the last 2 bytes of
   * the bins (the bins are the last array of a block's storage). */
  pli_acc_pack(a, p);
  ck_assert_int_eq(pli_acc_unpack(b, p), PL_OK);
  free(mem2);
  free(mem);
  free(p);
  free(a);
  pl_scenario_free(sc);
}
END_TEST

/* A new empty folder under TMPDIR (or /tmp). */
static char *temp_dir(const char *name) {
  const char *tmp = getenv("TMPDIR");
  char *path = malloc(512);
  snprintf(path, 512, "%s/check_cluster-%ld-%s-XXXXXX", tmp != NULL && tmp[0] ? tmp : "/tmp",
           (long)getpid(), name);
  ck_assert_ptr_nonnull(mkdtemp(path));
  return path;
}

static char *run_json(const pl_scenario *sc, pl_cluster *cl, unsigned threads) {
  pl_mc_options opt = {0};
  opt.threads = threads;
  opt.cluster = cl;
  pl_summary *s = NULL;
  char *text = NULL;
  ck_assert_int_eq(pl_mc_run(sc, &opt, &s), PL_OK);
  ck_assert_int_eq(pl_results_summary_json(sc, s, &text), PL_OK);
  pl_summary_free(s);
  return text;
}

START_TEST(test_shards_merge_to_the_whole) {
  /* 9 blocks of 1024 trials and a short one. */
  pl_scenario *sc = reference("montecarlo.trials=9500");
  char *whole = run_json(sc, NULL, 2);
  const unsigned ks[] = {1, 2, 3, 7};
  for (size_t t = 0; t < sizeof ks / sizeof ks[0]; t++) {
    unsigned k = ks[t];
    char **dirs = calloc(k, sizeof *dirs);
    for (unsigned i = 0; i < k; i++) {
      dirs[i] = temp_dir("shard");
      pl_diags *d = pl_diags_alloc();
      pl_cluster *cl = NULL;
      ck_assert_int_eq(pl_shard_open(dirs[i], sc, i, k, 0, d, &cl), PL_OK);
      ck_assert_uint_eq(pl_cluster_part(cl), i);
      ck_assert_uint_eq(pl_cluster_parts(cl), k);
      ck_assert_int_eq(pl_cluster_is_root(cl), 0);
      free(run_json(sc, cl, 2));
      ck_assert_int_eq(pl_shard_commit(cl, d), PL_OK);
      pl_cluster_free(cl);
      char path[600];
      snprintf(path, sizeof path, "%s/scenario.cfg", dirs[i]);
      FILE *f = fopen(path, "w");
      ck_assert_ptr_nonnull(f);
      ck_assert_int_eq(pl_scenario_write(sc, f), PL_OK);
      fclose(f);
      pl_diags_free(d);
    }
    pl_diags *d = pl_diags_alloc();
    pl_scenario *back = NULL;
    pl_cluster *merger = NULL;
    int rows = -1;
    ck_assert_int_eq(pl_shard_merge_open((const char *const *)dirs, k, d, &back, &rows, &merger),
                     PL_OK);
    ck_assert_int_eq(rows, 0);
    ck_assert_int_eq(pl_cluster_is_root(merger), 1);
    char *merged = run_json(back, merger, 1);
    ck_assert_msg(strcmp(merged, whole) == 0, "K = %u: the merged summary differs", k);
    free(merged);
    pl_cluster_free(merger);
    pl_scenario_free(back);
    /* Without the last shard: refused, naming it. */
    if (k > 1) {
      ck_assert_int_eq(
          pl_shard_merge_open((const char *const *)dirs, k - 1, d, &back, &rows, &merger),
          PL_EINVAL);
      ck_assert_ptr_null(merger);
      ck_assert_ptr_null(back);
    }
    pl_diags_free(d);
    for (unsigned i = 0; i < k; i++) {
      char path[600];
      snprintf(path, sizeof path, "%s/" PL_SHARD_FILE, dirs[i]);
      unlink(path);
      snprintf(path, sizeof path, "%s/scenario.cfg", dirs[i]);
      unlink(path);
      rmdir(dirs[i]);
      free(dirs[i]);
    }
    free(dirs);
  }
  free(whole);
  pl_scenario_free(sc);
}
END_TEST

START_TEST(test_no_cluster) {
  /* One process: part 0 of 1, the root, every agreement is its own. */
  ck_assert_uint_eq(pl_cluster_part(NULL), 0);
  ck_assert_uint_eq(pl_cluster_parts(NULL), 1);
  ck_assert_int_eq(pl_cluster_is_root(NULL), 1);
  ck_assert_int_eq(pl_cluster_agree(NULL, 1), 1);
  ck_assert_int_eq(pl_cluster_agree(NULL, 0), 0);
  ck_assert_int_eq(pl_cluster_exit_status(NULL, 7), 7);
  /* Not started by a launcher (the test's environment has none of its variables): no MPI. */
  unsetenv("OMPI_COMM_WORLD_SIZE");
  unsetenv("PMI_SIZE");
  unsetenv("PMIX_RANK");
  unsetenv("PMI_RANK");
  unsetenv("MPI_LOCALNRANKS");
  pl_cluster *c = (pl_cluster *)1;
  ck_assert_int_eq(pl_cluster_mpi_start(&c), PL_OK);
  ck_assert_ptr_null(c);
  pl_cluster_free(NULL);
}
END_TEST

int main(void) {
  Suite *s = suite_create("cluster");
  TCase *tc = tcase_create("core");
  tcase_add_test(tc, test_pack_roundtrip);
  tcase_add_test(tc, test_unpack_refuses_damage);
  tcase_add_test(tc, test_shards_merge_to_the_whole);
  tcase_add_test(tc, test_no_cluster);
  tcase_set_timeout(tc, 120);
  suite_add_tcase(s, tc);
  SRunner *sr = srunner_create(s);
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
