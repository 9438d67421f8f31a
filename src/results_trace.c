/*
 * results_trace.c — trace.tsv, one traced trial's utilities against thresholds round by round
 * (`parley trace --out DIR`; layout: docs/outputs.md, "trace.tsv"; drawn by plots/trace.gp).
 *
 * Invariants: the file is UTF-8 and tab-separated like every TSV file of parley (results.c):
 * '#' metadata lines, one header row, numbers by pl_number_format; scenario strings have control
 * characters turned into spaces and invalid UTF-8 into U+FFFD, so that no label adds a column or a
 * line. The rows are grouped by agent (agents in file order, each block's rounds ascending), blocks
 * separated by two blank lines, so that gnuplot's `index k` is the k-th agent that responded.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>

#include "parley/parley.h"
#include "parley/results.h"
#include "parley/text.h"
#include "parley/trace.h"

/* s with control characters as spaces and invalid UTF-8 bytes as U+FFFD (as results.c does). */
static void rt_clean(FILE *f, const char *s) {
  for (const char *p = s; *p != '\0'; p++) {
    unsigned char c = (unsigned char)*p;
    if (c < 0x20 || c == 0x7F) {
      fputc(' ', f);
    } else if (c < 0x80) {
      fputc(c, f);
    } else {
      size_t n = pl_text_utf8_seq(p);
      if (n == 0) {
        fputs(PL_TEXT_REPLACEMENT, f);
      } else {
        fwrite(p, 1, n, f);
        p += n - 1;
      }
    }
  }
}

static void rt_double(FILE *f, double x) {
  char buf[PL_NUMBER_BUFSIZE + 1];
  buf[0] = '\t';
  pl_number_format(x, buf + 1);
  fputs(buf, f);
}

pl_status pl_results_trace_tsv(const pl_scenario *sc, uint64_t trial, const pl_trace *tr,
                               const pl_trial_result *res, FILE *f) {
  if (sc == NULL || tr == NULL || res == NULL || f == NULL) {
    return PL_EINVAL;
  }
  pl_status rc = pl_results_tsv_metadata(f, sc, pl_scenario_seed(sc), 1, 1);
  if (rc != PL_OK) {
    return rc;
  }
  fprintf(f, "# trial: %" PRIu64 "\n# outcome: %s\n# rounds: %u\n# max_rounds: %u\n", trial,
          pl_outcome_name(res->outcome), res->rounds, pl_scenario_max_rounds(sc));
  size_t na = pl_scenario_n_agents(sc);
  size_t nr = pl_trace_n_rounds(tr);
  for (size_t i = 0; i < na; i++) {
    fputs("# agent: ", f);
    rt_clean(f, pl_scenario_agent_id(sc, i));
    fputs(pl_scenario_agent_role(sc, i) == PL_ROLE_PARTY ? "\tparty\t" : "\tmediator\t", f);
    rt_clean(f, pl_scenario_agent_label(sc, i)); /* last: gnuplot stops reading a line at '"' */
    fputc('\n', f);
  }
  fputs("round\tagent\tutility\tthreshold\treservation\tresponse\n", f);
  int block = 0;
  for (size_t i = 0; i < na; i++) {
    int any = 0;
    for (size_t k = 0; k < nr; k++) {
      const pl_trace_round *r = pl_trace_round_at(tr, k);
      if (!r->has_text || r->responses[i] < 0) {
        continue;
      }
      if (!any && block > 0) {
        fputs("\n\n", f); /* two blank lines: gnuplot's `index` selects the agent's block */
      }
      any = 1;
      fprintf(f, "%u\t", r->round);
      rt_clean(f, pl_scenario_agent_id(sc, i));
      rt_double(f, r->utilities[i]);
      rt_double(f, r->thresholds[i]);
      rt_double(f, r->reservations[i]);
      fputs(r->responses[i] ? "\taccept\n" : "\treject\n", f);
    }
    block += any;
  }
  return ferror(f) ? PL_EIO : PL_OK;
}
