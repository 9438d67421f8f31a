/*
 * cmd_trace.c — `parley trace`: replay one trial and explain it round by round.
 *
 * Trial K is the trial with index K of `parley run` (0-based, the `trial` column of
 * per_trial.tsv): it draws from the same random streams, so it is exactly that trial of the run
 * with the same scenario, overrides and seed. Plain output is for reading; --json prints the
 * shape documented in docs/outputs.md (pl_results_trace_json: parley's one JSON writer). Moves
 * are measured between the positions at the start of consecutive rounds; the last round has no
 * next round, so no move is shown for it.
 */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "options.h"
#include "parley/parley.h"
#include "run_options.h"

static const char cli_trace_usage[] =
    "usage: parley trace [SCENARIO] --trial K [--json] [--set PATH=VALUE]... [--seed S]\n"
    "\n"
    "Replays trial K (0-based, as numbered in per_trial.tsv) of the scenario and shows it round "
    "by\n"
    "round: the text put, each party's utility against its threshold and its answer, how far each\n"
    "side moved, reservations lowered by leverage, and why the trial ended. Without SCENARIO,\n"
    "uses the built-in reference scenario.\n"
    "\n"
    "options:\n"
    "  --trial K        the trial to replay (required)\n"
    "  --json           print the trace as JSON\n"
    "  --set PATH=VAL   override a scenario value (repeatable, applied in order)\n"
    "  --seed S         master seed (sets montecarlo.seed)\n"
    "  -h, --help       show this help\n"
    "\n"
    "Exit status: 0 success, 1 runtime failure, 2 usage or scenario error.\n";

/* ---- plain text -------------------------------------------------------------------------- */

/* Room for one scenario string made safe for the terminal (pl_text_terminal cuts a longer one). */
#define TRACE_TEXT_MAX 1024

/* Agent i's label for the terminal, in buf[TRACE_TEXT_MAX]: control characters as \xNN. */
static const char *trace_agent(const pl_scenario *sc, size_t i, char *buf) {
  return pl_text_terminal(pl_scenario_agent_label(sc, i), buf, TRACE_TEXT_MAX);
}

static void trace_print_point(FILE *f, const pl_scenario *sc, const double *p, const char *indent) {
  for (size_t j = 0; j < pl_scenario_n_issues(sc); j++) {
    char label[TRACE_TEXT_MAX], unit[TRACE_TEXT_MAX];
    fprintf(f, "%s%s (%s): %.6g %s\n", indent, pl_scenario_issue_id(sc, j),
            pl_text_terminal(pl_scenario_issue_label(sc, j), label, sizeof label), p[j],
            pl_text_terminal(pl_scenario_issue_unit(sc, j), unit, sizeof unit));
  }
}

/* What each issue costs a party at the text (cost[n_issues], pl_trace_round.costs): its utility
 * is 1 minus their sum. */
static void trace_print_costs(FILE *f, const pl_scenario *sc, const double *cost) {
  fputs("      utility lost by issue:", f);
  for (size_t j = 0; j < pl_scenario_n_issues(sc); j++) {
    fprintf(f, "%s %s %.4f", j > 0 ? "," : "", pl_scenario_issue_id(sc, j), cost[j]);
  }
  fputc('\n', f);
}

static void trace_print_round(FILE *f, const pl_scenario *sc, const pl_trace *tr, size_t k,
                              const pl_trial_result *res) {
  size_t ni = pl_scenario_n_issues(sc);
  size_t na = pl_scenario_n_agents(sc);
  char who[TRACE_TEXT_MAX], by[TRACE_TEXT_MAX];
  const pl_trace_round *r = pl_trace_round_at(tr, k);
  const pl_trace_round *next = k + 1 < pl_trace_n_rounds(tr) ? pl_trace_round_at(tr, k + 1) : NULL;
  int last = next == NULL;
  fprintf(f, "%sRound %u\n", k > 0 ? "\n" : "", r->round);
  for (size_t e = 0; e < pl_scenario_n_events(sc); e++) {
    if (pl_trace_event_round(tr, e) == r->round) {
      char id[TRACE_TEXT_MAX];
      fprintf(f, "  Event %s fired at the start of this round (the state below is after it).\n",
              pl_text_terminal(pl_scenario_event_id(sc, e), id, sizeof id));
    }
  }
  if (!r->has_text) {
    if (last && res->outcome == PL_OUTCOME_BREAKDOWN) {
      fputs("  The talks broke down before a text was put.\n", f);
    } else if (r->proposer >= 0) {
      fprintf(f, "  %s made no acceptable offer.\n", trace_agent(sc, (size_t)r->proposer, who));
    } else {
      fputs("  No text was put.\n", f);
    }
  } else {
    if (r->proposer >= 0) {
      fprintf(f, "  Text proposed by %s:\n", trace_agent(sc, (size_t)r->proposer, who));
    } else {
      fputs("  Single negotiating text (capability x salience weighted mean of positions):\n", f);
    }
    trace_print_point(f, sc, r->text, "    ");
    fputs("  Responses:\n", f);
    for (size_t i = 0; i < na; i++) {
      if (r->responses[i] < 0) {
        continue;
      }
      fprintf(f, "    %-24s utility %.4f vs threshold %.4f: %s", trace_agent(sc, i, who),
              r->utilities[i], r->thresholds[i], r->responses[i] ? "accepts" : "rejects");
      if (pl_trace_decided_by_noise(r, i)) {
        /* The probability of the answer given, which noise alone made: below 1/2. */
        double gap = r->utilities[i] - r->thresholds[i];
        double p = r->responses[i] ? r->accept_prob[i] : 1.0 - r->accept_prob[i];
        fprintf(f, ", %#.2g %s threshold, probability %.2g%% (decided by noise)", fabs(gap),
                gap < 0.0 ? "below" : "above", 100.0 * p);
      }
      fputc('\n', f);
      trace_print_costs(f, sc, r->costs + i * ni);
    }
  }
  if (next != NULL) {
    int any = 0;
    for (size_t i = 0; i < na; i++) {
      for (size_t j = 0; j < ni; j++) {
        size_t ij = i * ni + j;
        double from = r->positions[ij];
        double to = next->positions[ij];
        unsigned kind = r->move_kind[ij];
        if (from == to) {
          continue;
        }
        if (!any) {
          fputs("  Moves before the next round (issue units as above):\n", f);
          any = 1;
        }
        fprintf(f, "    %s, %s: %.6g -> %.6g (%+.4g)", trace_agent(sc, i, who),
                pl_scenario_issue_id(sc, j), from, to, to - from);
        if (kind != PL_MOVE_NONE) {
          fprintf(f, ", %s", pl_results_move_name(kind));
          if (r->move_from[ij] >= 0) {
            fprintf(f, " %s %s", kind == PL_MOVE_CONFRONTATION ? "by" : "towards",
                    trace_agent(sc, (size_t)r->move_from[ij], by));
          }
          if (!isnan(r->risk[ij])) {
            fprintf(f, ", risk exponent %.4g", r->risk[ij]);
          }
        }
        fputc('\n', f);
      }
    }
    /* eum: every actor's risk exponent on each issue, movers or not (NaN = not an actor). */
    for (size_t j = 0; j < ni; j++) {
      int header = 0;
      for (size_t i = 0; i < na; i++) {
        double q = r->risk[i * ni + j];
        if (isnan(q)) {
          continue;
        }
        if (!header) {
          fprintf(f, "  Risk exponents on %s:", pl_scenario_issue_id(sc, j));
          header = 1;
        }
        fprintf(f, " %s %.6g%s", pl_scenario_agent_id(sc, i), q,
                r->move_kind[i * ni + j] == PL_MOVE_NONE ? " (stays)" : "");
      }
      if (header) {
        fputc('\n', f);
      }
    }
    for (size_t i = 0; i < na; i++) {
      if (next->reservations[i] < r->reservations[i]) {
        fprintf(f, "  Leverage lowered %s's reservation: %.4f -> %.4f\n", trace_agent(sc, i, who),
                r->reservations[i], next->reservations[i]);
      }
    }
  }
}

static void trace_print(FILE *f, const pl_scenario *sc, uint64_t trial, const pl_trace *tr,
                        const pl_trial_result *res) {
  fprintf(f, "Trial %" PRIu64 " of %s (seed %" PRIu64 ", protocol %s, up to %u rounds)\n\n", trial,
          pl_scenario_name(sc), pl_scenario_seed(sc),
          pl_protocol_kind_name(pl_scenario_protocol(sc)), pl_scenario_max_rounds(sc));
  fputs("Parameters drawn for this trial (uncertain numbers):\n", f);
  const double *theta = pl_trace_params(tr);
  int any = 0;
  for (size_t k = 0; k < pl_trace_n_params(tr) && k < pl_scenario_n_params(sc); k++) {
    if (!pl_scenario_param_uncertain(sc, k)) {
      continue;
    }
    char path[256];
    pl_scenario_param_path(sc, k, path, sizeof path);
    fprintf(f, "  %s = %.6g\n", path, theta[k]);
    any = 1;
  }
  if (!any) {
    fputs("  none: every number of the scenario is fixed\n", f);
  }
  fputc('\n', f);
  if (pl_scenario_n_events(sc) > 0) {
    fputs("Events:", f);
    for (size_t e = 0; e < pl_scenario_n_events(sc); e++) {
      char id[TRACE_TEXT_MAX];
      pl_text_terminal(pl_scenario_event_id(sc, e), id, sizeof id);
      if (pl_trace_event_round(tr, e) != 0) {
        fprintf(f, "%s %s fired in round %u", e > 0 ? ";" : "", id, pl_trace_event_round(tr, e));
      } else {
        fprintf(f, "%s %s did not fire", e > 0 ? ";" : "", id);
      }
    }
    fputs("\n\n", f);
  }
  for (size_t k = 0; k < pl_trace_n_rounds(tr); k++) {
    trace_print_round(f, sc, tr, k, res);
  }
  fputc('\n', f);
  if (res->zone >= 0) { /* montecarlo.zone = 1 */
    fprintf(f, "Zone of agreement at the start: %s (best margin %.4g)\n",
            res->zone > 0 ? "yes, some text gives every party its reservation" : "no",
            res->zone_margin);
  }
  switch (res->outcome) {
  case PL_OUTCOME_AGREEMENT:
    fprintf(f, "Outcome: AGREEMENT in round %u, at\n", res->rounds);
    trace_print_point(f, sc, res->point, "  ");
    fputs("Utility of the deal from each agent's starting position:\n", f);
    for (size_t i = 0; i < pl_scenario_n_agents(sc); i++) {
      char who[TRACE_TEXT_MAX];
      fprintf(f, "  %-24s %.4f\n", trace_agent(sc, i, who), res->utility0[i]);
    }
    break;
  case PL_OUTCOME_BREAKDOWN:
    fprintf(f, "Outcome: BREAKDOWN in round %u: the talks collapsed before a text was put.\n",
            res->rounds);
    break;
  default:
    fprintf(f,
            "Outcome: DEADLOCK: no text was agreed in %u rounds (max_rounds).\n",
            res->rounds);
  }
}

/* ---- JSON -------------------------------------------------------------------------------- */

/* ---- the command ------------------------------------------------------------------------- */

/* trace takes --trial, and of run's options --json, --set, --seed and --help. */
enum { CLI_TRACE_OPT_TRIAL = CLI_RUN_OPT_NEXT };

typedef struct {
  uint64_t trial;
  int has_trial;
} cli_trace_options;

/* trace's own option (cli_run_options_own): --trial K, a trial index that fits json_int_t. */
static int trace_own(void *ctx, int opt, const char *value) {
  cli_trace_options *t = ctx;
  (void)opt; /* --trial is the only one */
  if (cli_option_u64("trace", "--trial", value, 0, (uint64_t)INT64_MAX, &t->trial) != 0) {
    return -1;
  }
  t->has_trial = 1;
  return 0;
}

int cli_trace(int argc, char **argv) {
  cli_run_options o;
  cli_run_options_init(&o);
  uint64_t trial = 0;
  int has_trial = 0;
  int status = CLI_EXIT_USAGE;
  pl_diags *diags = NULL;
  pl_scenario *sc = NULL;
  pl_workspace *ws = NULL;
  pl_trace *tr = NULL;
  cli_trace_options opts = {0, 0};
  static const struct option longopts[] = {{"trial", required_argument, NULL, CLI_TRACE_OPT_TRIAL},
                                           CLI_RUN_OPTION_JSON,
                                           CLI_RUN_OPTION_SET,
                                           CLI_RUN_OPTION_SEED,
                                           CLI_OPTION_HELP,
                                           CLI_OPTION_END};
  if (cli_run_options_parse(&o, argc, argv, "trace", longopts, trace_own, &opts) != 0) {
    goto done;
  }
  trial = opts.trial;
  has_trial = opts.has_trial;
  if (o.help) {
    fputs(cli_trace_usage, stdout);
    status = CLI_EXIT_OK;
    goto done;
  }
  if (!has_trial) {
    fputs("parley trace: error: --trial K is required (see 'parley trace --help')\n", stderr);
    goto done;
  }
  diags = pl_diags_alloc();
  if (diags == NULL) {
    fputs("parley trace: error: out of memory\n", stderr);
    status = CLI_EXIT_FAILURE;
    goto done;
  }
  pl_status rc = cli_run_options_load(&o, diags, &sc);
  if (rc != PL_OK) {
    pl_diags_sort(diags);
    cli_print_diags(diags);
    if (pl_diags_count(diags) == 0) {
      fprintf(stderr, "parley trace: error: %s\n", pl_status_string(rc));
    }
    status = rc == PL_ENOMEM ? CLI_EXIT_FAILURE : CLI_EXIT_USAGE;
    goto done;
  }
  status = CLI_EXIT_FAILURE;
  rc = pl_workspace_alloc(sc, &ws);
  if (rc == PL_OK) {
    rc = pl_trace_alloc(sc, &tr);
  }
  pl_trial_result res;
  if (rc == PL_OK) {
    rc = pl_trial_run(sc, ws, trial, tr, &res);
  }
  if (rc != PL_OK) {
    cli_print_diags(diags);
    fprintf(stderr, "parley trace: error: trial %" PRIu64 " failed: %s\n", trial,
            pl_status_string(rc));
    goto done;
  }
  if (o.json) {
    /* Streamed round by round (a 100,000-round trial is about 90 MB of text). */
    rc = pl_results_trace_json(sc, trial, tr, &res, stdout);
    if (rc == PL_ENOMEM) {
      fputs("parley trace: error: out of memory (the JSON on stdout is incomplete)\n", stderr);
      goto done;
    }
    if (rc != PL_OK) {
      /* A write error. When it happened inside the trace (a round's text longer than stdout's
       * buffer), the stream has nothing left for main_check_output to fail on and its errno is
       * gone: say it here with the reason the write gave, and clear the stream's error so that it
       * is said once. */
      int err = errno;
      cli_error("trace", "cannot write to standard output: %s", strerror(err != 0 ? err : EIO));
      clearerr(stdout);
      goto done;
    }
  } else {
    trace_print(stdout, sc, trial, tr, &res);
  }
  status = CLI_EXIT_OK; /* main checks that stdout was written (main_check_output) */

done:
  pl_trace_free(tr);
  pl_workspace_free(ws);
  pl_scenario_free(sc);
  pl_diags_free(diags);
  cli_run_options_free(&o);
  return status;
}
