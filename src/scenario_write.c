/*
 * scenario_write.c — writes a scenario back as a libconfig file, and describes it for people.
 *
 * pl_scenario_write emits every setting explicitly (defaults included, but for a field a role
 * does not use or a setting the protocol does not read at its default; distributions as groups,
 * doubles in the shortest form that reads back bit for bit, seeds with the L suffix), so that the
 * file reloads to the same model: load -> write -> load -> write gives the same text.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "events.h"
#include "parley/number.h"
#include "parley/scenario.h"
#include "parley/text.h"
#include "scenario_impl.h"
#include "scenario_internal.h"

/* A double that libconfig reads back as the same double, and as a float (never an integer that
 * could overflow 32 bits): the one shortest round-trip format (pl_number_format), with ".0" after
 * a whole number. */
static void wr_double(FILE *out, double v) {
  char buf[PL_NUMBER_BUFSIZE];
  pl_number_format(v, buf);
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

static void wr_param(FILE *out, const pli_param *p) {
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
  for (size_t k = 0; k < PL_RECORD_COUNT; k++) {
    if (sc->record[k] != NULL && sc->record[k][0] != '\0') {
      fprintf(out, ";\n%s = ", pl_record_key_name((pl_record_key)k));
      wr_string(out, sc->record[k]);
    }
  }
  fputs(";\n\nissues = (\n", out);
  for (size_t j = 0; j < sc->n_issues; j++) {
    const pli_issue *is = &sc->issues[j];
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
    const pli_agent *a = &sc->agents[i];
    const pli_param *p = sc->params;
    fputs("  { id = ", out);
    wr_string(out, a->id);
    fputs("; label = ", out);
    wr_string(out, a->label);
    fprintf(out, "; role = \"%s\"; utility = \"%s\";\n", pli_schema_word(PLI_WORDS_ROLE, a->role),
            pli_schema_word(PLI_WORDS_UTILITY, a->utility));
    for (unsigned f = 0; f < PLI_FIELD_COUNT; f++) {
      const pli_field_def *def = pli_schema_field((pli_field)f);
      size_t k0 = pli_scn_agent_field(a, (pli_field)f);
      if (!(def->allowed & (1u << a->role))) {
        continue;
      }
      if (!(def->shown & (1u << a->role)) && def->shape == PLI_SHAPE_SCALAR &&
          p[k0].dist.kind == PL_DIST_FIXED && p[k0].dist.a == def->deflt) {
        continue; /* unused by the role and at its default: it would only load as a warning */
      }
      fprintf(out, "    %s = ", def->key);
      if (def->shape == PLI_SHAPE_SCALAR) {
        wr_param(out, &p[k0]);
        fputs(";\n", out);
        continue;
      }
      fputc('{', out);
      size_t n = def->shape == PLI_SHAPE_ISSUE ? sc->n_issues : sc->n_parties;
      for (size_t j = 0; j < n; j++) {
        if (a->role == PL_ROLE_MEDIATOR && (pli_field)f == PLI_FIELD_POSITION &&
            !pli_scn_maybe_positive(&p[a->salience + j])) {
          continue; /* no stated position: the loader's placeholder, written back by omission */
        }
        fprintf(out, " %s = ",
                def->shape == PLI_SHAPE_ISSUE ? sc->issues[j].id : sc->agents[sc->parties[j]].id);
        wr_param(out, &p[k0 + j]);
        fputc(';', out);
      }
      fputs(" };\n", out);
    }
    fputs(i + 1 < sc->n_agents ? "  },\n" : "  }\n", out);
  }
  fputs(");\n", out);
  for (unsigned g = PLI_GROUP_PROTOCOL; g <= PLI_GROUP_MONTECARLO; g++) {
    const char *section = pli_schema_group_name((pli_group)g);
    fprintf(out, "\n%s = {\n", section);
    for (unsigned si = 0; si < PLI_SETTING_COUNT; si++) {
      const pli_setting_def *def = pli_schema_setting((pli_setting)si);
      if (strcmp(def->section, section) != 0) {
        continue;
      }
      double v;
      uint64_t u;
      pli_scn_setting_get(sc, (pli_setting)si, &v, &u);
      int deflt = def->type == PLI_VALUE_AGENT ? u == (sc->n_parties > 0 ? sc->parties[0] : 0)
                  : def->type == PLI_VALUE_WORD
                      ? u == (uint64_t)def->deflt
                      : v == def->deflt && (def->type != PLI_VALUE_PARAM ||
                                            sc->params[u].dist.kind == PL_DIST_FIXED);
      if (!(def->protocols & (1u << sc->protocol)) && deflt) {
        continue; /* unread by the protocol and at its default: it would only load as a warning */
      }
      fprintf(out, "  %s = ", def->key);
      switch (def->type) {
      case PLI_VALUE_REAL:
        wr_double(out, v);
        break;
      case PLI_VALUE_UINT:
        fprintf(out, "%" PRIu64, u);
        break;
      case PLI_VALUE_U64: /* libconfig reads 64-bit literals as signed: above INT64_MAX, in hex */
        fprintf(out, u > (uint64_t)INT64_MAX ? "0x%" PRIX64 "L" : "%" PRIu64 "L", u);
        break;
      case PLI_VALUE_PROTOCOL:
        wr_string(out, pl_protocol_kind_name((pl_protocol_kind)u));
        break;
      case PLI_VALUE_WORD:
        wr_string(out, pli_schema_word((pli_words)def->words, (unsigned)u));
        break;
      case PLI_VALUE_AGENT:
        wr_string(out, u < sc->n_agents ? sc->agents[u].id : "");
        break;
      case PLI_VALUE_PARAM:
        wr_param(out, &sc->params[u]);
        break;
      }
      fputs(";\n", out);
    }
    fputs("};\n", out);
  }
  pli_events_write(sc, out, wr_double, wr_string);
  if (sc->n_sweep > 0) {
    fputs("\nsweep = (\n", out);
    for (size_t g = 0; g < sc->n_sweep; g++) {
      fputs("  { path = ", out);
      wr_string(out, sc->sweep[g].path);
      fputs("; values = [", out);
      for (size_t k = 0; k < sc->sweep[g].n_values; k++) {
        fputs(k > 0 ? ", " : " ", out);
        if (sc->sweep[g].ints != NULL) { /* exact, with L as the seed above */
          uint64_t u = sc->sweep[g].ints[k];
          fprintf(out, u > (uint64_t)INT64_MAX ? "0x%" PRIX64 "L" : "%" PRIu64 "L", u);
        } else {
          wr_double(out, sc->sweep[g].values[k]);
        }
      }
      fputs(g + 1 < sc->n_sweep ? " ]; },\n" : " ]; }\n", out);
    }
    fputs(");\n", out);
  }
  return ferror(out) ? PL_EIO : PL_OK;
}

/* A scenario string for a terminal (pl_text_terminal): no control character reaches it raw. */
static void ds_text(FILE *out, const char *s) {
  char buf[1024];
  fputs(pl_text_terminal(s, buf, sizeof buf), out);
}

/* "0.55" or "~ normal(mean 0.55, sd 0.05)" (a negative zero shown as 0) */
static void ds_param(FILE *out, const pli_param *p) {
  const pl_dist *d = &p->dist;
  const double v[3] = {d->a + 0.0, d->b + 0.0, d->c + 0.0};
  if (d->kind == PL_DIST_FIXED) {
    fprintf(out, "%g", v[0]);
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
  fprintf(out, "%s (%zu):\n", pli_schema_role_plural(role), n);
  for (size_t i = 0; i < sc->n_agents; i++) {
    const pli_agent *a = &sc->agents[i];
    const pli_param *p = sc->params;
    if (a->role != role) {
      continue;
    }
    fprintf(out, "  %s (", a->id);
    ds_text(out, a->label);
    fputs("):", out);
    int first = 1;
    for (unsigned f = 0; f < PLI_FIELD_COUNT; f++) {
      const pli_field_def *def = pli_schema_field((pli_field)f);
      if (def->shape == PLI_SHAPE_SCALAR && (def->shown & (1u << role))) {
        fprintf(out, "%s %s ", first ? "" : ",", def->key);
        ds_param(out, &p[pli_scn_agent_field(a, (pli_field)f)]);
        first = 0;
      }
    }
    fprintf(out, "%s %s utility\n", first ? "" : ",",
            pli_schema_word(PLI_WORDS_UTILITY, a->utility));
    for (unsigned f = 0; f < PLI_FIELD_COUNT; f++) {
      const pli_field_def *def = pli_schema_field((pli_field)f);
      if (def->shape == PLI_SHAPE_SCALAR || !(def->shown & (1u << role))) {
        continue;
      }
      size_t k0 = pli_scn_agent_field(a, (pli_field)f);
      size_t slots = def->shape == PLI_SHAPE_ISSUE ? sc->n_issues : sc->n_parties;
      fprintf(out, "    %s:", def->key);
      int any = 0;
      for (size_t j = 0; j < slots; j++) {
        fprintf(out, "%s %s ", any ? "," : "",
                def->shape == PLI_SHAPE_ISSUE ? sc->issues[j].id : sc->agents[sc->parties[j]].id);
        /* A mediator with no salience on an issue states no position there: the stored midpoint
         * is a placeholder, not a stand (docs/scenario-format.md). */
        if (role == PL_ROLE_MEDIATOR && (pli_field)f == PLI_FIELD_POSITION &&
            !pli_scn_maybe_positive(&p[a->salience + j])) {
          fputs("none", out);
        } else {
          ds_param(out, &p[k0 + j]);
        }
        any = 1;
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
    fputs("title: ", out);
    ds_text(out, sc->title);
    fputc('\n', out);
  }
  fprintf(out, "issues (%zu):\n", sc->n_issues);
  for (size_t j = 0; j < sc->n_issues; j++) {
    const pli_issue *is = &sc->issues[j];
    fprintf(out, "  %s: ", is->id);
    ds_text(out, is->label);
    fprintf(out, ", [%g, %g]%s", is->min, is->max, is->unit[0] != '\0' ? " " : "");
    ds_text(out, is->unit);
    fputc('\n', out);
  }
  ds_agents(sc, out, PL_ROLE_PARTY);
  ds_agents(sc, out, PL_ROLE_MEDIATOR);
  for (unsigned g = PLI_GROUP_PROTOCOL; g <= PLI_GROUP_MONTECARLO; g++) {
    const char *section = pli_schema_group_name((pli_group)g);
    fprintf(out, "%s:", section);
    int first = 1;
    for (unsigned si = 0; si < PLI_SETTING_COUNT; si++) {
      const pli_setting_def *def = pli_schema_setting((pli_setting)si);
      if (strcmp(def->section, section) != 0 || !(def->protocols & (1u << sc->protocol))) {
        continue;
      }
      double v;
      uint64_t u;
      pli_scn_setting_get(sc, (pli_setting)si, &v, &u);
      switch (def->type) {
      case PLI_VALUE_REAL:
        fprintf(out, "%s %s %g", first ? "" : ",", def->key, v);
        break;
      case PLI_VALUE_UINT:
      case PLI_VALUE_U64:
        fprintf(out, "%s %s %" PRIu64, first ? "" : ",", def->key, u);
        break;
      case PLI_VALUE_PROTOCOL: /* the kind opens the line: "protocol: mediated, ..." */
        fprintf(out, "%s %s", first ? "" : ",", pl_protocol_kind_name((pl_protocol_kind)u));
        break;
      case PLI_VALUE_WORD:
        fprintf(out, "%s %s %s", first ? "" : ",", def->key,
                pli_schema_word((pli_words)def->words, (unsigned)u));
        break;
      case PLI_VALUE_AGENT:
        fprintf(out, "%s %s %s", first ? "" : ",", def->key,
                u < sc->n_agents ? sc->agents[u].id : "");
        break;
      case PLI_VALUE_PARAM:
        fprintf(out, "%s %s ", first ? "" : ",", def->key);
        ds_param(out, &sc->params[u]);
        break;
      }
      first = 0;
    }
    fputc('\n', out);
  }
  fprintf(out, "uncertain numbers (%zu):\n", sc->n_uncertain);
  for (size_t u = 0; u < sc->n_uncertain; u++) {
    char path[512];
    pl_scenario_param_path(sc, sc->uncertain[u], path, sizeof path);
    fprintf(out, "  %s ", path);
    ds_param(out, &sc->params[sc->uncertain[u]]);
    fputc('\n', out);
  }
  pli_events_describe(sc, out);
  for (size_t g = 0; g < sc->n_sweep; g++) {
    const pli_sweep_group *sg = &sc->sweep[g];
    if (sg->words != NULL) { /* a word path: the words */
      fprintf(out, "sweep: %s over %zu values:", sg->path, sg->n_values);
      const char *w = sg->words;
      for (size_t k = 0; k < sg->n_values; k++, w += strlen(w) + 1) {
        fprintf(out, " %s", w);
      }
      fputc('\n', out);
    } else if (sg->ints != NULL) { /* an integer path: exactly */
      fprintf(out, "sweep: %s over %zu values from %" PRIu64 " to %" PRIu64 "\n", sg->path,
              sg->n_values, sg->ints[0], sg->ints[sg->n_values - 1]);
    } else {
      fprintf(out, "sweep: %s over %zu values from %g to %g\n", sg->path, sg->n_values,
              sg->values[0], sg->values[sg->n_values - 1]);
    }
  }
  return ferror(out) ? PL_EIO : PL_OK;
}
