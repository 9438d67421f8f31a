/*
 * scenario_write.c — writes a scenario back as a libconfig file, and describes it for people.
 *
 * pl_scenario_write emits every setting explicitly (defaults included, distributions as groups,
 * doubles with %.17g so that they read back bit for bit, seeds with the L suffix), so that the
 * file reloads to the same model: load -> write -> load -> write gives the same text.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parley/scenario.h"
#include "scenario_impl.h"
#include "scenario_internal.h"

/* A double that libconfig reads back as the same double (and as a float, never an integer that
 * could overflow 32 bits): the shortest of %.15g, %.16g and %.17g that reads back exactly
 * (%.17g always does, for IEEE doubles). */
static void wr_double(FILE *out, double v) {
  char buf[64];
  for (int prec = 15; prec <= 17; prec++) {
    snprintf(buf, sizeof buf, "%.*g", prec, v);
    if (strtod(buf, NULL) == v) {
      break;
    }
  }
  fputs(buf, out);
  if (strpbrk(buf, ".eEni") == NULL) {
    fputs(".0", out);
  }
}

static void wr_string(FILE *out, const char *s) {
  fputc('"', out);
  for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
    switch (*p) {
    case '"':
      fputs("\\\"", out);
      break;
    case '\\':
      fputs("\\\\", out);
      break;
    case '\n':
      fputs("\\n", out);
      break;
    case '\t':
      fputs("\\t", out);
      break;
    case '\r':
      fputs("\\r", out);
      break;
    case '\f':
      fputs("\\f", out);
      break;
    default:
      if (*p < 0x20) {
        fprintf(out, "\\x%02x", *p);
      } else {
        fputc(*p, out);
      }
    }
  }
  fputc('"', out);
}

static void wr_param(FILE *out, const pl_param *p) {
  const pl_dist *d = &p->dist;
  const double v[3] = {d->a, d->b, d->c};
  if (d->kind == PL_DIST_FIXED) {
    wr_double(out, d->a);
    return;
  }
  fprintf(out, "{ dist = \"%s\"", pl_dist_kind_name(d->kind));
  for (size_t i = 0; i < pl_dist_n_params(d->kind); i++) {
    fprintf(out, "; %s = ", pl_dist_param_name(d->kind, i));
    wr_double(out, v[i]);
  }
  fputs("; }", out);
}

pl_status pl_scenario_write(const pl_scenario *sc, FILE *out) {
  if (sc == NULL || out == NULL) {
    return PL_EINVAL;
  }
  fputs("# parley scenario (resolved: overrides applied, includes expanded, defaults written)\n",
        out);
  fputs("name = ", out);
  wr_string(out, sc->name);
  fputs(";\ntitle = ", out);
  wr_string(out, sc->title);
  fputs(";\n\nissues = (\n", out);
  for (size_t j = 0; j < sc->n_issues; j++) {
    const pl_issue *is = &sc->issues[j];
    fputs("  { id = ", out);
    wr_string(out, is->id);
    fputs("; label = ", out);
    wr_string(out, is->label);
    fputs("; unit = ", out);
    wr_string(out, is->unit);
    fputs(";\n    min = ", out);
    wr_double(out, is->min);
    fputs("; max = ", out);
    wr_double(out, is->max);
    fputs(j + 1 < sc->n_issues ? "; },\n" : "; }\n", out);
  }
  fputs(");\n\nagents = (\n", out);
  for (size_t i = 0; i < sc->n_agents; i++) {
    const pl_agent *a = &sc->agents[i];
    const pl_param *p = sc->params;
    fputs("  { id = ", out);
    wr_string(out, a->id);
    fputs("; label = ", out);
    wr_string(out, a->label);
    fprintf(out, "; role = \"%s\"; utility = \"%s\";\n",
            a->role == PL_ROLE_PARTY ? "party" : "mediator",
            a->utility == PL_UTILITY_LINEAR ? "linear" : "quadratic");
    static const char *const scalars[] = {"capability", "reservation", "flexibility", "patience"};
    for (size_t q = 0; q < 4; q++) {
      fprintf(out, "    %s = ", scalars[q]);
      wr_param(out, &p[a->capability + q]);
      fputs(";\n", out);
    }
    fputs("    position = {", out);
    for (size_t j = 0; j < sc->n_issues; j++) {
      fprintf(out, " %s = ", sc->issues[j].id);
      wr_param(out, &p[a->position + j]);
      fputc(';', out);
    }
    fputs(" };\n    salience = {", out);
    for (size_t j = 0; j < sc->n_issues; j++) {
      fprintf(out, " %s = ", sc->issues[j].id);
      wr_param(out, &p[a->salience + j]);
      fputc(';', out);
    }
    fputs(" };\n", out);
    if (a->role == PL_ROLE_MEDIATOR) {
      fputs("    leverage = {", out);
      for (size_t k = 0; k < sc->n_agents; k++) {
        if (sc->agents[k].role == PL_ROLE_PARTY) {
          fprintf(out, " %s = ", sc->agents[k].id);
          wr_param(out, &p[a->leverage + k]);
          fputc(';', out);
        }
      }
      fputs(" };\n", out);
    }
    fputs(i + 1 < sc->n_agents ? "  },\n" : "  }\n", out);
  }
  fprintf(out, ");\n\nprotocol = {\n  kind = \"%s\";\n  max_rounds = %u;\n  breakdown = ",
          pl_protocol_kind_name(sc->protocol), sc->max_rounds);
  wr_double(out, sc->breakdown);
  fputs(";\n  noise = ", out);
  wr_double(out, sc->noise);
  fputs(";\n  first = ", out);
  wr_string(out, sc->first < sc->n_agents ? sc->agents[sc->first].id : "");
  fputs(";\n};\n\n", out);
  /* libconfig reads 64-bit literals as signed: seeds above INT64_MAX are written in hex. */
  if (sc->seed > (uint64_t)INT64_MAX) {
    fprintf(out, "montecarlo = { trials = %" PRIu64 "L; seed = 0x%" PRIX64 "L; };\n", sc->trials,
            sc->seed);
  } else {
    fprintf(out, "montecarlo = { trials = %" PRIu64 "L; seed = %" PRIu64 "L; };\n", sc->trials,
            sc->seed);
  }
  if (sc->n_sweep > 0) {
    fputs("\nsweep = (\n", out);
    for (size_t g = 0; g < sc->n_sweep; g++) {
      fputs("  { path = ", out);
      wr_string(out, sc->sweep[g].path);
      fputs("; values = [", out);
      for (size_t k = 0; k < sc->sweep[g].n_values; k++) {
        fputs(k > 0 ? ", " : " ", out);
        wr_double(out, sc->sweep[g].values[k]);
      }
      fputs(g + 1 < sc->n_sweep ? " ]; },\n" : " ]; }\n", out);
    }
    fputs(");\n", out);
  }
  return ferror(out) ? PL_EIO : PL_OK;
}

/* "0.55" or "~ normal(mean 0.55, sd 0.05)" */
static void ds_param(FILE *out, const pl_param *p) {
  const pl_dist *d = &p->dist;
  const double v[3] = {d->a, d->b, d->c};
  if (d->kind == PL_DIST_FIXED) {
    fprintf(out, "%g", d->a);
    return;
  }
  fprintf(out, "~ %s(", pl_dist_kind_name(d->kind));
  for (size_t i = 0; i < pl_dist_n_params(d->kind); i++) {
    fprintf(out, "%s%s %g", i > 0 ? ", " : "", pl_dist_param_name(d->kind, i), v[i]);
  }
  fputc(')', out);
}

static void ds_agents(const pl_scenario *sc, FILE *out, pl_role role) {
  size_t n = 0;
  for (size_t i = 0; i < sc->n_agents; i++) {
    n += sc->agents[i].role == role;
  }
  fprintf(out, "%s (%zu):\n", role == PL_ROLE_PARTY ? "parties" : "mediators", n);
  for (size_t i = 0; i < sc->n_agents; i++) {
    const pl_agent *a = &sc->agents[i];
    const pl_param *p = sc->params;
    if (a->role != role) {
      continue;
    }
    fprintf(out, "  %s (%s): capability ", a->id, a->label);
    ds_param(out, &p[a->capability]);
    if (role == PL_ROLE_PARTY) {
      fputs(", reservation ", out);
      ds_param(out, &p[a->reservation]);
      fputs(", flexibility ", out);
      ds_param(out, &p[a->flexibility]);
      fputs(", patience ", out);
      ds_param(out, &p[a->patience]);
    }
    fprintf(out, ", %s utility\n", a->utility == PL_UTILITY_LINEAR ? "linear" : "quadratic");
    fputs("    position:", out);
    for (size_t j = 0; j < sc->n_issues; j++) {
      fprintf(out, "%s %s ", j > 0 ? "," : "", sc->issues[j].id);
      ds_param(out, &p[a->position + j]);
    }
    fputs("\n    salience:", out);
    for (size_t j = 0; j < sc->n_issues; j++) {
      fprintf(out, "%s %s ", j > 0 ? "," : "", sc->issues[j].id);
      ds_param(out, &p[a->salience + j]);
    }
    fputc('\n', out);
    if (role == PL_ROLE_MEDIATOR) {
      fputs("    leverage:", out);
      int any = 0;
      for (size_t k = 0; k < sc->n_agents; k++) {
        if (sc->agents[k].role == PL_ROLE_PARTY) {
          fprintf(out, "%s %s ", any ? "," : "", sc->agents[k].id);
          ds_param(out, &p[a->leverage + k]);
          any = 1;
        }
      }
      fputc('\n', out);
    }
  }
}

pl_status pl_scenario_describe(const pl_scenario *sc, FILE *out) {
  if (sc == NULL || out == NULL) {
    return PL_EINVAL;
  }
  fprintf(out, "name: %s\n", sc->name);
  if (sc->title[0] != '\0') {
    fprintf(out, "title: %s\n", sc->title);
  }
  fprintf(out, "issues (%zu):\n", sc->n_issues);
  for (size_t j = 0; j < sc->n_issues; j++) {
    const pl_issue *is = &sc->issues[j];
    fprintf(out, "  %s: %s, [%g, %g]%s%s\n", is->id, is->label, is->min, is->max,
            is->unit[0] != '\0' ? " " : "", is->unit);
  }
  ds_agents(sc, out, PL_ROLE_PARTY);
  ds_agents(sc, out, PL_ROLE_MEDIATOR);
  fprintf(out, "protocol: %s, max_rounds %u, breakdown %g, noise %g",
          pl_protocol_kind_name(sc->protocol), sc->max_rounds, sc->breakdown, sc->noise);
  if (sc->protocol == PL_PROTOCOL_ALTERNATING && sc->first < sc->n_agents) {
    fprintf(out, ", first %s", sc->agents[sc->first].id);
  }
  fprintf(out, "\nmontecarlo: trials %" PRIu64 ", seed %" PRIu64 "\n", sc->trials, sc->seed);
  fprintf(out, "uncertain numbers (%zu):\n", sc->n_uncertain);
  for (size_t u = 0; u < sc->n_uncertain; u++) {
    char path[512];
    pl_scenario_param_path(sc, sc->uncertain[u], path, sizeof path);
    fprintf(out, "  %s ", path);
    ds_param(out, &sc->params[sc->uncertain[u]]);
    fputc('\n', out);
  }
  for (size_t g = 0; g < sc->n_sweep; g++) {
    fprintf(out, "sweep: %s over %zu values from %g to %g\n", sc->sweep[g].path,
            sc->sweep[g].n_values, sc->sweep[g].values[0],
            sc->sweep[g].values[sc->sweep[g].n_values - 1]);
  }
  return ferror(out) ? PL_EIO : PL_OK;
}
