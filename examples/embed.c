/*
 * embed.c — the smallest program that embeds parley's engine: loads a scenario, runs N trials of
 * it and prints P(agreement) with its 95% interval. It uses only the public API
 * (include/parley/parley.h) and builds against an installed libparley:
 *
 *   cc embed.c $(pkg-config --cflags --libs parley) -o embed
 *   ./embed /usr/local/share/parley/scenarios/gaza-2024-08.cfg 10000
 *
 * The numbers are those of `parley run SCENARIO --trials N --json` (p_agreement, ci_low,
 * ci_high): same scenario, same seed, same trials. Exit status: 0, 1 (run failed), 2 (usage or
 * scenario error).
 */
#include <parley/parley.h>
#include <stdio.h>

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: embed SCENARIO TRIALS\n");
    return 2;
  }
  pl_diags *diags = pl_diags_alloc();
  pl_scenario *sc = NULL;
  pl_summary *sum = NULL;
  int rc = 2;
  if (diags == NULL) {
    fprintf(stderr, "embed: out of memory\n");
    return 1;
  }
  /* The number of trials is a scenario setting, changed as `parley run --set` changes it. */
  char set[64];
  snprintf(set, sizeof set, "montecarlo.trials=%s", argv[2]);
  if (pl_scenario_load(argv[1], diags, &sc) != PL_OK || pl_scenario_set(sc, set, diags) != PL_OK) {
    for (size_t i = 0; i < pl_diags_count(diags); i++) {
      fprintf(stderr, "%s:%d: error: %s\n", pl_diags_file(diags, i), pl_diags_line(diags, i),
              pl_diags_message(diags, i));
    }
    goto done;
  }
  /* NULL options: all cores, the Wilson interval, the scenario's own trials and seed. */
  pl_status st = pl_mc_run(sc, NULL, &sum);
  if (st != PL_OK) {
    fprintf(stderr, "embed: %s\n", pl_status_string(st));
    rc = 1;
    goto done;
  }
  /* pl_number_format writes numbers as parley does (the shortest decimal that reads back). */
  char p[PL_NUMBER_BUFSIZE], lo[PL_NUMBER_BUFSIZE], hi[PL_NUMBER_BUFSIZE];
  pl_number_format(sum->p_agreement, p);
  pl_number_format(sum->ci_low, lo);
  pl_number_format(sum->ci_high, hi);
  printf("%s: P(agreement) = %s (95%% interval %s to %s) over %llu trials (parley %s)\n",
         pl_scenario_name(sc), p, lo, hi, (unsigned long long)sum->trials, pl_version());
  rc = 0;
done:
  pl_summary_free(sum);
  pl_scenario_free(sc);
  pl_diags_free(diags);
  return rc;
}
