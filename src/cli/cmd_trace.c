/*
 * cmd_trace.c — `parley trace`: replay one trial and explain it round by round.
 *
 * Trial K is the trial with index K of `parley run` (0-based, the `trial` column of
 * per_trial.tsv): it draws from the same random streams, so it is exactly that trial of the run
 * with the same scenario, overrides and seed. Plain output is for reading; --json prints the
 * shape documented in docs/outputs.md (built with jansson, doubles with 17 significant digits so
 * they read back exactly). Moves are measured between the positions at the start of consecutive
 * rounds; the last round has no next round, so no move is shown for it.
 */
#include <inttypes.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "parley/parley.h"
#include "run_options.h"

static const char pl_trace_usage[] =
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
    "\n"
    "Exit status: 0 success, 1 runtime failure, 2 usage or scenario error.\n";

static const char *pl_move_name(unsigned k) {
  switch (k) {
  case PL_MOVE_CONCESSION:
    return "concession";
  case PL_MOVE_CONFRONTATION:
    return "confrontation";
  case PL_MOVE_COMPROMISE:
    return "compromise";
  default:
    return "none";
  }
}

/* ---- plain text -------------------------------------------------------------------------- */

static void pl_trace_print_point(FILE *f, const pl_scenario *sc, const double *p,
                                 const char *indent) {
  for (size_t j = 0; j < pl_scenario_n_issues(sc); j++) {
    fprintf(f, "%s%s (%s): %.6g %s\n", indent, pl_scenario_issue_id(sc, j),
            pl_scenario_issue_label(sc, j), p[j], pl_scenario_issue_unit(sc, j));
  }
}

static void pl_trace_print_round(FILE *f, const pl_scenario *sc, const pl_trace *tr, size_t k,
                                 const pl_trial_result *res) {
  size_t ni = pl_scenario_n_issues(sc);
  size_t na = pl_scenario_n_agents(sc);
  const pl_trace_round *r = pl_trace_round_at(tr, k);
  const pl_trace_round *next = k + 1 < pl_trace_n_rounds(tr) ? pl_trace_round_at(tr, k + 1) : NULL;
  int last = next == NULL;
  fprintf(f, "%sRound %u\n", k > 0 ? "\n" : "", r->round);
  if (!r->has_text) {
    if (last && res->outcome == PL_OUTCOME_BREAKDOWN) {
      fputs("  The talks broke down before a text was put.\n", f);
    } else if (r->proposer >= 0) {
      fprintf(f, "  %s made no acceptable offer.\n",
              pl_scenario_agent_label(sc, (size_t)r->proposer));
    } else {
      fputs("  No text was put.\n", f);
    }
  } else {
    if (r->proposer >= 0) {
      fprintf(f, "  Text proposed by %s:\n", pl_scenario_agent_label(sc, (size_t)r->proposer));
    } else {
      fputs("  Single negotiating text (capability x salience weighted mean of positions):\n", f);
    }
    pl_trace_print_point(f, sc, r->text, "    ");
    fputs("  Responses:\n", f);
    for (size_t i = 0; i < na; i++) {
      if (r->responses[i] < 0) {
        continue;
      }
      fprintf(f, "    %-24s utility %.4f vs threshold %.4f: %s\n", pl_scenario_agent_label(sc, i),
              r->utilities[i], r->thresholds[i], r->responses[i] ? "accepts" : "rejects");
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
        fprintf(f, "    %s, %s: %.6g -> %.6g (%+.4g)", pl_scenario_agent_label(sc, i),
                pl_scenario_issue_id(sc, j), from, to, to - from);
        if (kind != PL_MOVE_NONE) {
          fprintf(f, ", %s", pl_move_name(kind));
          if (r->move_from[ij] >= 0) {
            fprintf(f, " %s %s", kind == PL_MOVE_CONFRONTATION ? "by" : "towards",
                    pl_scenario_agent_label(sc, (size_t)r->move_from[ij]));
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
        fprintf(f, "  Leverage lowered %s's reservation: %.4f -> %.4f\n",
                pl_scenario_agent_label(sc, i), r->reservations[i], next->reservations[i]);
      }
    }
  }
}

static void pl_trace_print(FILE *f, const pl_scenario *sc, uint64_t trial, const pl_trace *tr,
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
  for (size_t k = 0; k < pl_trace_n_rounds(tr); k++) {
    pl_trace_print_round(f, sc, tr, k, res);
  }
  fputc('\n', f);
  switch (res->outcome) {
  case PL_OUTCOME_AGREEMENT:
    fprintf(f, "Outcome: AGREEMENT in round %u, at\n", res->rounds);
    pl_trace_print_point(f, sc, res->point, "  ");
    fputs("Utility of the deal from each agent's starting position:\n", f);
    for (size_t i = 0; i < pl_scenario_n_agents(sc); i++) {
      fprintf(f, "  %-24s %.4f\n", pl_scenario_agent_label(sc, i), res->utility0[i]);
    }
    break;
  case PL_OUTCOME_BREAKDOWN:
    fprintf(f, "Outcome: BREAKDOWN in round %u: the talks collapsed before a text was put.\n",
            res->rounds);
    break;
  default:
    fprintf(f,
            "Outcome: DEADLOCK: no text was accepted by every party in %u rounds (max_rounds).\n",
            res->rounds);
  }
}

/* ---- JSON -------------------------------------------------------------------------------- */

/* A JSON number, or null for NaN and infinities (JSON has neither). */
static json_t *pl_jreal(double x) { return isfinite(x) ? json_real(x) : json_null(); }

static json_t *pl_jpoint(const pl_scenario *sc, const double *p) {
  json_t *o = json_object();
  for (size_t j = 0; j < pl_scenario_n_issues(sc); j++) {
    json_object_set_new(o, pl_scenario_issue_id(sc, j), pl_jreal(p[j]));
  }
  return o;
}

static json_t *pl_jparties(const pl_scenario *sc, const double *v) {
  json_t *o = json_object();
  for (size_t i = 0; i < pl_scenario_n_agents(sc); i++) {
    if (pl_scenario_agent_role(sc, i) == PL_ROLE_PARTY) {
      json_object_set_new(o, pl_scenario_agent_id(sc, i), pl_jreal(v[i]));
    }
  }
  return o;
}

static json_t *pl_trace_json_round(const pl_scenario *sc, const pl_trace *tr, size_t k) {
  size_t ni = pl_scenario_n_issues(sc);
  size_t na = pl_scenario_n_agents(sc);
  const pl_trace_round *r = pl_trace_round_at(tr, k);
  json_t *o = json_object();
  json_object_set_new(o, "round", json_integer((json_int_t)r->round));
  json_object_set_new(o, "proposer",
                      r->proposer >= 0 ? json_string(pl_scenario_agent_id(sc, (size_t)r->proposer))
                                       : json_null());
  json_object_set_new(o, "text", r->has_text ? pl_jpoint(sc, r->text) : json_null());
  json_t *resp = json_object();
  json_t *util = json_object();
  json_t *thr = json_object();
  for (size_t i = 0; i < na && r->has_text; i++) {
    if (r->responses[i] >= 0) {
      const char *id = pl_scenario_agent_id(sc, i);
      json_object_set_new(resp, id, json_boolean(r->responses[i] > 0));
      json_object_set_new(util, id, pl_jreal(r->utilities[i]));
      json_object_set_new(thr, id, pl_jreal(r->thresholds[i]));
    }
  }
  json_object_set_new(o, "responses", resp);
  json_t *pos = json_object();
  for (size_t i = 0; i < na; i++) {
    json_object_set_new(pos, pl_scenario_agent_id(sc, i), pl_jpoint(sc, r->positions + i * ni));
  }
  json_object_set_new(o, "positions", pos);
  json_object_set_new(o, "reservations", pl_jparties(sc, r->reservations));
  json_object_set_new(o, "utilities", util);
  json_object_set_new(o, "thresholds", thr);
  json_t *moves = json_object();
  for (size_t i = 0; i < na; i++) {
    json_t *mi = NULL;
    for (size_t j = 0; j < ni; j++) {
      size_t ij = i * ni + j;
      if (r->move_kind[ij] == PL_MOVE_NONE) {
        continue;
      }
      json_t *m = json_object();
      json_object_set_new(m, "kind", json_string(pl_move_name(r->move_kind[ij])));
      json_object_set_new(m, "from",
                          r->move_from[ij] >= 0
                              ? json_string(pl_scenario_agent_id(sc, (size_t)r->move_from[ij]))
                              : json_null());
      json_object_set_new(m, "risk", pl_jreal(r->risk[ij]));
      if (mi == NULL) {
        mi = json_object();
      }
      json_object_set_new(mi, pl_scenario_issue_id(sc, j), m);
    }
    if (mi != NULL) {
      json_object_set_new(moves, pl_scenario_agent_id(sc, i), mi);
    }
  }
  /* eum: every actor's risk exponent per issue ({agent: {issue: r}}), movers or not. */
  json_t *risk = NULL;
  for (size_t i = 0; i < na; i++) {
    json_t *ri = NULL;
    for (size_t j = 0; j < ni; j++) {
      double q = r->risk[i * ni + j];
      if (isnan(q)) {
        continue;
      }
      if (ri == NULL) {
        ri = json_object();
      }
      json_object_set_new(ri, pl_scenario_issue_id(sc, j), pl_jreal(q));
    }
    if (ri != NULL) {
      if (risk == NULL) {
        risk = json_object();
      }
      json_object_set_new(risk, pl_scenario_agent_id(sc, i), ri);
    }
  }
  if (risk != NULL) {
    json_object_set_new(o, "risk", risk);
  }
  json_object_set_new(o, "moves", moves);
  return o;
}

/* JSON integer for a 64-bit unsigned value (a string when it exceeds json_int_t). */
static json_t *pl_ju64(uint64_t v) {
  if (v <= (uint64_t)INT64_MAX) {
    return json_integer((json_int_t)v);
  }
  char buf[32];
  snprintf(buf, sizeof buf, "%" PRIu64, v);
  return json_string(buf);
}

static char *pl_trace_json(const pl_scenario *sc, uint64_t trial, const pl_trace *tr,
                           const pl_trial_result *res) {
  json_t *root = json_object();
  json_object_set_new(root, "trial", pl_ju64(trial));
  json_object_set_new(root, "outcome", json_string(pl_outcome_name(res->outcome)));
  json_object_set_new(root, "ended_round", json_integer((json_int_t)res->rounds));
  json_object_set_new(root, "scenario", json_string(pl_scenario_name(sc)));
  json_object_set_new(root, "seed", pl_ju64(pl_scenario_seed(sc)));
  json_object_set_new(root, "protocol",
                      json_string(pl_protocol_kind_name(pl_scenario_protocol(sc))));
  json_object_set_new(root, "agreement_point",
                      res->outcome == PL_OUTCOME_AGREEMENT ? pl_jpoint(sc, res->point)
                                                           : json_null());
  json_t *params = json_object();
  const double *theta = pl_trace_params(tr);
  for (size_t k = 0; k < pl_trace_n_params(tr) && k < pl_scenario_n_params(sc); k++) {
    if (pl_scenario_param_uncertain(sc, k)) {
      char path[256];
      pl_scenario_param_path(sc, k, path, sizeof path);
      json_object_set_new(params, path, pl_jreal(theta[k]));
    }
  }
  json_object_set_new(root, "params", params);
  json_t *rounds = json_array();
  for (size_t k = 0; k < pl_trace_n_rounds(tr); k++) {
    json_array_append_new(rounds, pl_trace_json_round(sc, tr, k));
  }
  json_object_set_new(root, "rounds", rounds);
  char *text = json_dumps(root, JSON_INDENT(2) | JSON_REAL_PRECISION(17));
  json_decref(root);
  return text;
}

/* ---- the command ------------------------------------------------------------------------- */

int pl_cli_trace(int argc, char **argv) {
  pl_run_options o;
  pl_run_options_init(&o);
  uint64_t trial = 0;
  int has_trial = 0;
  int status = PL_EXIT_USAGE;
  pl_diags *diags = NULL;
  pl_scenario *sc = NULL;
  pl_workspace *ws = NULL;
  pl_trace *tr = NULL;
  int options_done = 0;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (!options_done && strcmp(a, "--") == 0) {
      options_done = 1;
      continue;
    }
    if (options_done || a[0] != '-' || a[1] == '\0') {
      if (o.scenario != NULL) {
        fprintf(stderr, "parley trace: error: one scenario at a time ('%s' and '%s')\n", o.scenario,
                a);
        goto done;
      }
      o.scenario = a;
      continue;
    }
    if (strcmp(a, "--trial") == 0 || strncmp(a, "--trial=", 8) == 0) {
      const char *v = a[7] == '=' ? a + 8 : (i + 1 < argc ? argv[++i] : NULL);
      if (v == NULL || pl_parse_u64(v, &trial) != 0 || trial > (uint64_t)INT64_MAX) {
        fprintf(stderr, "parley trace: error: --trial wants a trial index (0, 1, ...), not '%s'\n",
                v != NULL ? v : "");
        goto done;
      }
      has_trial = 1;
      continue;
    }
    int is_allowed = strcmp(a, "--json") == 0 || strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0 ||
                     strncmp(a, "--set", 5) == 0 || strncmp(a, "--seed", 6) == 0;
    int r = is_allowed ? pl_run_options_parse_one(&o, argc, argv, &i, "trace") : PL_OPT_NOT_MINE;
    if (r == PL_OPT_ERROR) {
      goto done;
    }
    if (r == PL_OPT_NOT_MINE) {
      fprintf(stderr, "parley trace: error: unknown option '%s' (see 'parley trace --help')\n", a);
      goto done;
    }
  }
  if (o.help) {
    fputs(pl_trace_usage, stdout);
    status = PL_EXIT_OK;
    goto done;
  }
  if (!has_trial) {
    fputs("parley trace: error: --trial K is required (see 'parley trace --help')\n", stderr);
    goto done;
  }
  diags = pl_diags_alloc();
  if (diags == NULL) {
    fputs("parley trace: error: out of memory\n", stderr);
    status = PL_EXIT_FAILURE;
    goto done;
  }
  pl_status rc = pl_run_options_load(&o, diags, &sc);
  if (rc != PL_OK) {
    pl_diags_sort(diags);
    pl_cli_print_diags(diags);
    if (pl_diags_count(diags) == 0) {
      fprintf(stderr, "parley trace: error: %s\n", pl_status_string(rc));
    }
    status = rc == PL_ENOMEM ? PL_EXIT_FAILURE : PL_EXIT_USAGE;
    goto done;
  }
  status = PL_EXIT_FAILURE;
  rc = pl_workspace_alloc(sc, &ws);
  if (rc == PL_OK) {
    rc = pl_trace_alloc(sc, &tr);
  }
  pl_trial_result res;
  if (rc == PL_OK) {
    rc = pl_trial_run(sc, ws, trial, tr, &res);
  }
  if (rc != PL_OK) {
    pl_cli_print_diags(diags);
    fprintf(stderr, "parley trace: error: trial %" PRIu64 " failed: %s\n", trial,
            pl_status_string(rc));
    goto done;
  }
  if (o.json) {
    char *text = pl_trace_json(sc, trial, tr, &res);
    if (text == NULL) {
      fputs("parley trace: error: out of memory\n", stderr);
      goto done;
    }
    puts(text);
    free(text);
  } else {
    pl_trace_print(stdout, sc, trial, tr, &res);
  }
  status = fflush(stdout) == 0 ? PL_EXIT_OK : PL_EXIT_FAILURE;

done:
  pl_trace_free(tr);
  pl_workspace_free(ws);
  pl_scenario_free(sc);
  pl_diags_free(diags);
  pl_run_options_free(&o);
  return status;
}
