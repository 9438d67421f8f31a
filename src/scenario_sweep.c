/*
 * scenario_sweep.c — the `sweep` section of a scenario file: its groups read into the model, and
 * every value tried on a copy of the loaded scenario, so that `parley validate` rejects exactly
 * what `parley sweep` would (same grid expansion as --over: pl_number_grid; same checks).
 * A group whose path takes integers (montecarlo.seed, ...: pl_scenario_path_integer) keeps its
 * values exactly in `ints` (read with pli_cfg_integer, expanded by pl_number_grid_u64), so a seed
 * beyond 2^53 is swept as written; `values` then holds them rounded, for descriptions only.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfgread.h"
#include "parley/number.h"
#include "scenario_internal.h"
#include "scenario_sweep.h"

/* The values of a group whose path takes integers into sg->ints (and, rounded, sg->values), from
 * from/to/steps (pl_number_grid_u64) or a values list; 0 after reporting. g has one of the two. */
static int sw_group_ints(pli_cfg_reader *ctx, const config_setting_t *g, const char *path,
                         pli_sweep_group *sg) {
  const config_setting_t *sf = config_setting_get_member(g, "from");
  const config_setting_t *st = config_setting_get_member(g, "to");
  const config_setting_t *sn = config_setting_get_member(g, "steps");
  const config_setting_t *sv = config_setting_get_member(g, "values");
  size_t nv = 0;
  uint64_t *ints = NULL;
  if (sv == NULL && (sf == NULL || sn == NULL)) {
    pli_cfg_error(ctx, g, "sweep: a from/to/steps group needs 'from' and 'steps'");
    return 0;
  }
  if (sv != NULL && config_setting_type(sv) != CONFIG_TYPE_ARRAY &&
      config_setting_type(sv) != CONFIG_TYPE_LIST) {
    pli_cfg_error(ctx, sv, "sweep.values: expected an array [ ... ] of numbers, found %s",
                  pli_cfg_type_name(sv));
    return 0;
  }
  if (sv != NULL && config_setting_length(sv) == 0) {
    pli_cfg_error(ctx, sv, "sweep.values: needs at least one value");
    return 0;
  }
  if (sv != NULL && (size_t)config_setting_length(sv) > PL_NUMBER_MAX_VALUES) {
    pli_cfg_error(ctx, sv, "sweep.values: at most %d values (found %zu)", PL_NUMBER_MAX_VALUES,
                  (size_t)config_setting_length(sv));
    return 0;
  }
  if (sv == NULL) {
    uint64_t from = 0, to = 0, steps = 0;
    int ok = pli_cfg_integer(ctx, sf, "sweep.from", 0, UINT64_MAX, 1, &from);
    ok &= pli_cfg_integer(ctx, sn, "sweep.steps", 1, PL_NUMBER_MAX_VALUES, 0, &steps);
    if (ok && steps >= 2 && st == NULL) {
      pli_cfg_error(ctx, g, "sweep: 'to' is needed when steps >= 2");
      ok = 0;
    }
    ok &= st == NULL || pli_cfg_integer(ctx, st, "sweep.to", 0, UINT64_MAX, 1, &to);
    if (!ok) {
      return 0;
    }
    nv = (size_t)steps;
    if ((ints = malloc(nv * sizeof *ints)) == NULL) {
      ctx->nomem = 1;
      return 0;
    }
    if (pl_number_grid_u64(from, to, nv, ints) != 0) {
      pli_cfg_error(ctx, g,
                    "sweep: %s takes integers, and from/to/steps would need a step of %llu/%llu "
                    "(make to - from a multiple of steps - 1)",
                    path, (unsigned long long)(to >= from ? to - from : from - to),
                    (unsigned long long)(steps - 1));
      free(ints);
      return 0;
    }
    if (nv >= 2 && from == to) {
      pli_cfg_error(ctx, g, "sweep: from equals to (use steps = 1 for a single value)");
      free(ints);
      return 0;
    }
  } else {
    nv = (size_t)config_setting_length(sv);
    if ((ints = malloc(nv * sizeof *ints)) == NULL) {
      ctx->nomem = 1;
      return 0;
    }
    int ok = 1;
    for (size_t k = 0; k < nv; k++) {
      ok &= pli_cfg_integer(ctx, config_setting_get_elem(sv, (unsigned)k), "sweep.values", 0,
                            UINT64_MAX, 1, &ints[k]);
    }
    if (!ok) {
      free(ints);
      return 0;
    }
    uint64_t dup = 0;
    int d = pl_number_find_duplicate_u64(ints, nv, &dup);
    if (d != 0) {
      free(ints);
      if (d < 0) {
        ctx->nomem = 1;
      } else {
        pli_cfg_error(ctx, sv, "sweep.values: the value %llu appears twice",
                      (unsigned long long)dup);
      }
      return 0;
    }
  }
  double *values = malloc(nv * sizeof *values);
  if (values == NULL) {
    free(ints);
    ctx->nomem = 1;
    return 0;
  }
  for (size_t k = 0; k < nv; k++) {
    values[k] = (double)ints[k];
  }
  sg->values = values;
  sg->ints = ints;
  sg->n_values = nv;
  return 1;
}

/* The values of a group whose path takes a word (pl_scenario_path_word) into sg->words, from a
 * values array or list of strings, with sg->values = 0, 1, ... (their places); 0 after reporting.
 * Whether each word is one the path takes is pli_scn_check_sweep's to say (as for numbers). */
static int sw_group_words(pli_cfg_reader *ctx, const config_setting_t *g, const char *path,
                          pli_sweep_group *sg) {
  const config_setting_t *sv = config_setting_get_member(g, "values");
  if (sv == NULL) {
    pli_cfg_error(ctx, g,
                  "sweep: %s takes a word, not a number: list the words, values = [\"A\", \"B\"]",
                  path);
    return 0;
  }
  int type = config_setting_type(sv);
  if (type != CONFIG_TYPE_ARRAY && type != CONFIG_TYPE_LIST) {
    pli_cfg_error(ctx, sv, "sweep.values: expected an array [ ... ] of words, found %s",
                  pli_cfg_type_name(sv));
    return 0;
  }
  size_t nv = (size_t)config_setting_length(sv), bytes = 0;
  if (nv == 0) {
    pli_cfg_error(ctx, sv, "sweep.values: needs at least one value");
    return 0;
  }
  if (nv > PL_NUMBER_MAX_VALUES) {
    pli_cfg_error(ctx, sv, "sweep.values: at most %d values (found %zu)", PL_NUMBER_MAX_VALUES, nv);
    return 0;
  }
  for (size_t k = 0; k < nv; k++) {
    const config_setting_t *e = config_setting_get_elem(sv, (unsigned)k);
    if (config_setting_type(e) != CONFIG_TYPE_STRING) {
      pli_cfg_error(ctx, g,
                    "sweep: %s takes a word, not a number: list the words, values = [\"A\", \"B\"]",
                    path);
      return 0;
    }
    const char *w = pli_cfg_string(ctx, e, "sweep.values");
    if (w == NULL) {
      return 0;
    }
    if (w[0] == '\0' || strlen(w) > PL_SWEEP_WORD_MAX) {
      pli_cfg_error(ctx, e, "sweep.values: a word of 1 to %d characters (found %zu)",
                    PL_SWEEP_WORD_MAX, strlen(w));
      return 0;
    }
    for (size_t j = 0; j < k; j++) {
      if (strcmp(config_setting_get_string(config_setting_get_elem(sv, (unsigned)j)), w) == 0) {
        pli_cfg_error(ctx, e, "sweep.values: the value '%s' appears twice", w);
        return 0;
      }
    }
    bytes += strlen(w) + 1;
  }
  char *words = malloc(bytes);
  double *values = malloc(nv * sizeof *values);
  if (words == NULL || values == NULL) {
    free(words);
    free(values);
    ctx->nomem = 1;
    return 0;
  }
  size_t at = 0;
  for (size_t k = 0; k < nv; k++) {
    const char *w = config_setting_get_string(config_setting_get_elem(sv, (unsigned)k));
    memcpy(words + at, w, strlen(w) + 1);
    at += strlen(w) + 1;
    values[k] = (double)k;
  }
  sg->words = words;
  sg->words_len = bytes;
  sg->values = values;
  sg->n_values = nv;
  return 1;
}

/* One group of the sweep section into sg (values from from/to/steps, expanded by
 * pl_number_grid as `--over PATH=FROM:TO:STEPS` is, or a values list; an integer path's by
 * sw_group_ints, a word path's by sw_group_words: integer is 1 for an integer path, -1 for a
 * word path, 0 for a real one); 0 after reporting. */
static int sw_group(pli_cfg_reader *ctx, const config_setting_t *g, const char *path, int integer,
                    pli_sweep_group *sg) {
  const config_setting_t *sf = config_setting_get_member(g, "from");
  const config_setting_t *st = config_setting_get_member(g, "to");
  const config_setting_t *sn = config_setting_get_member(g, "steps");
  const config_setting_t *sv = config_setting_get_member(g, "values");
  int range = sf != NULL || st != NULL || sn != NULL;
  if (range && sv != NULL) {
    pli_cfg_error(ctx, g, "sweep: a group takes either from/to/steps or values, not both");
    return 0;
  }
  if (!range && sv == NULL) {
    pli_cfg_error(ctx, g, "sweep: a group needs from/to/steps or values");
    return 0;
  }
  if (integer > 0) {
    return sw_group_ints(ctx, g, path, sg);
  }
  if (integer < 0) {
    if (range) {
      pli_cfg_error(ctx, g,
                    "sweep: %s takes a word, not a number: list the words, values = [\"A\", \"B\"]",
                    path);
      return 0;
    }
    return sw_group_words(ctx, g, path, sg);
  }
  size_t nv = 0;
  double *values = NULL;
  if (range) {
    double from = 0.0, to = 0.0;
    uint64_t steps = 0;
    int ok = 1;
    if (sf == NULL || sn == NULL) {
      pli_cfg_error(ctx, g, "sweep: a from/to/steps group needs 'from' and 'steps'");
      ok = 0;
    }
    ok &= sf == NULL || pli_cfg_number(ctx, sf, "sweep.from", &from);
    ok &= sn == NULL || pli_cfg_integer(ctx, sn, "sweep.steps", 1, PL_NUMBER_MAX_VALUES, 0, &steps);
    if (ok && steps >= 2 && st == NULL) {
      pli_cfg_error(ctx, g, "sweep: 'to' is needed when steps >= 2");
      ok = 0;
    }
    ok &= st == NULL || pli_cfg_number(ctx, st, "sweep.to", &to);
    if (!ok) {
      return 0;
    }
    nv = (size_t)steps;
    if ((values = malloc(nv * sizeof *values)) == NULL) {
      ctx->nomem = 1;
      return 0;
    }
    pl_number_grid(from, to, nv, values);
    if (nv >= 2 && values[0] == values[nv - 1]) {
      pli_cfg_error(ctx, g, "sweep: from equals to (use steps = 1 for a single value)");
      free(values);
      return 0;
    }
  } else {
    if (config_setting_type(sv) != CONFIG_TYPE_ARRAY &&
        config_setting_type(sv) != CONFIG_TYPE_LIST) {
      pli_cfg_error(ctx, sv, "sweep.values: expected an array [ ... ] of numbers, found %s",
                    pli_cfg_type_name(sv));
      return 0;
    }
    nv = (size_t)config_setting_length(sv);
    if (nv == 0) {
      pli_cfg_error(ctx, sv, "sweep.values: needs at least one value");
      return 0;
    }
    if (nv > PL_NUMBER_MAX_VALUES) {
      pli_cfg_error(ctx, sv, "sweep.values: at most %d values (found %zu)", PL_NUMBER_MAX_VALUES,
                    nv);
      return 0;
    }
    if ((values = malloc(nv * sizeof *values)) == NULL) {
      ctx->nomem = 1;
      return 0;
    }
    int ok = 1;
    for (size_t k = 0; k < nv; k++) {
      ok &=
          pli_cfg_number(ctx, config_setting_get_elem(sv, (unsigned)k), "sweep.values", &values[k]);
      values[k] = values[k] == 0.0 ? 0.0 : values[k]; /* no -0 in a grid */
    }
    if (!ok) {
      free(values);
      return 0;
    }
  }
  double dup = 0.0;
  int d = pl_number_find_duplicate(values, nv, &dup);
  if (d != 0) {
    free(values);
    if (d < 0) {
      ctx->nomem = 1;
      return 0;
    }
    char num[PL_NUMBER_BUFSIZE];
    pl_number_format(dup, num);
    if (range) {
      pli_cfg_error(ctx, g, "sweep: the steps are too fine: two grid values coincide (%s)", num);
    } else {
      pli_cfg_error(ctx, sv, "sweep.values: the value %s appears twice", num);
    }
    return 0;
  }
  sg->values = values;
  sg->n_values = nv;
  return 1;
}

void pli_scn_load_sweep(pli_cfg_reader *ctx, const config_setting_t *root, pl_scenario *sc) {
  const config_setting_t *list = config_setting_get_member(root, "sweep");
  if (list == NULL) {
    return;
  }
  if (config_setting_type(list) != CONFIG_TYPE_LIST) {
    pli_cfg_error(ctx, list,
                  "sweep: expected a list of groups ( { path = ...; ... }, ... ), found %s",
                  pli_cfg_type_name(list));
    return;
  }
  size_t n = (size_t)config_setting_length(list);
  if (n == 0) {
    pli_cfg_error(ctx, list, "sweep: an empty list (give one or two groups, or remove it)");
    return;
  }
  if (n > PL_MAX_SWEEP_AXES) {
    pli_cfg_error(ctx, config_setting_get_elem(list, PL_MAX_SWEEP_AXES),
                  "sweep: at most %d groups (a sweep varies one or two parameters); found %zu",
                  PL_MAX_SWEEP_AXES, n);
    return;
  }
  sc->sweep = calloc(n, sizeof *sc->sweep);
  if (sc->sweep == NULL) {
    ctx->nomem = 1;
    return;
  }
  for (size_t gi = 0; gi < n && !ctx->nomem; gi++) {
    const config_setting_t *g = config_setting_get_elem(list, (unsigned)gi);
    if (config_setting_type(g) != CONFIG_TYPE_GROUP) {
      pli_cfg_error(ctx, g, "sweep: expected a group { path = ...; ... }, found %s",
                    pli_cfg_type_name(g));
      continue;
    }
    pli_cfg_check_keys(ctx, g, "sweep", PLI_GROUP_SWEEP);
    pli_sweep_group *sg = &sc->sweep[sc->n_sweep];
    sg->line = pli_cfg_line(g);
    const config_setting_t *sp = config_setting_get_member(g, "path");
    const char *path = sp != NULL ? pli_cfg_string(ctx, sp, "sweep.path") : NULL;
    if (sp == NULL) {
      pli_cfg_error(ctx, g,
                    "sweep: missing 'path' (a parameter path such as agents.ID.reservation)");
    }
    int kind = path == NULL                         ? 0
               : pl_scenario_path_integer(sc, path) ? 1
               : pl_scenario_path_word(sc, path)    ? -1
                                                    : 0;
    if (!sw_group(ctx, g, path, kind, sg)) {
      continue;
    }
    if (path == NULL || (sg->path = pli_scn_strdup(path)) == NULL) {
      ctx->nomem |= path != NULL;
      free(sg->values);
      free(sg->ints);
      free(sg->words);
      memset(sg, 0, sizeof *sg);
      continue;
    }
    for (size_t h = 0; h < sc->n_sweep; h++) {
      if (strcmp(sc->sweep[h].path, sg->path) == 0) {
        pli_cfg_error(ctx, g, "sweep: the parameter '%s' is swept twice (first at line %d)",
                      sg->path, sc->sweep[h].line);
      }
    }
    sc->n_sweep++;
  }
}

/* Tries every value of every sweep group on a copy (the base scenario is valid). */
/* The longest value text: a number, or a word. */
#define SW_VALUE_SIZE                                                                              \
  (PL_SWEEP_WORD_MAX + 1 > PL_NUMBER_BUFSIZE ? PL_SWEEP_WORD_MAX + 1 : PL_NUMBER_BUFSIZE)

/* Value k of group g as the text an override takes: exact for an integer path, the word of a
 * word path. */
static void sw_value_text(const pli_sweep_group *sg, size_t k, char value[SW_VALUE_SIZE]) {
  if (sg->words != NULL) {
    const char *w = sg->words;
    for (size_t i = 0; i < k; i++) {
      w += strlen(w) + 1;
    }
    snprintf(value, SW_VALUE_SIZE, "%s", w);
  } else if (sg->ints != NULL) {
    snprintf(value, PL_NUMBER_BUFSIZE, "%" PRIu64, sg->ints[k]);
  } else {
    pl_number_format(sg->values[k], value);
  }
}

/* Two groups, each of whose values is valid on its own: every combination must be too (a sweep
 * runs the whole grid, `parley sweep` checks every point before it runs one, and so does this),
 * and the grid must stay within PL_MAX_SWEEP_POINTS. Reported at the second group's line. */
static void sw_check_pairs(pli_cfg_reader *ctx, const config_setting_t *list, const pl_scenario *sc,
                           pl_diags *tmp) {
  const pli_sweep_group *a = &sc->sweep[0], *b = &sc->sweep[1];
  const config_setting_t *gs = NULL;
  for (int e = 0; list != NULL && e < config_setting_length(list); e++) {
    const config_setting_t *c = config_setting_get_elem(list, (unsigned)e);
    if (pli_cfg_line(c) == b->line) {
      gs = c;
    }
  }
  if (a->n_values > PL_MAX_SWEEP_POINTS / b->n_values) {
    pli_cfg_error(ctx, gs, "sweep: the grid has %zu x %zu points, more than %d", a->n_values,
                  b->n_values, PL_MAX_SWEEP_POINTS);
    return;
  }
  for (size_t i = 0; i < a->n_values; i++) {
    char va[SW_VALUE_SIZE], vb[SW_VALUE_SIZE];
    sw_value_text(a, i, va);
    pl_scenario *first = NULL;
    pl_status st = pli_scn_try(sc, a->path, va, tmp, NULL, 0, &first);
    for (size_t j = 0; st == PL_OK && j < b->n_values; j++) {
      sw_value_text(b, j, vb);
      pl_scenario *both = NULL;
      st = pli_scn_try(first, b->path, vb, tmp, NULL, 0, &both);
      pl_scenario_free(both);
      if (st != PL_OK && st != PL_ENOMEM && pl_diags_count(tmp) > 0) {
        pli_cfg_error(ctx, gs, "sweep: the point %s=%s, %s", a->path, va,
                      pl_diags_message(tmp, pl_diags_count(tmp) - 1));
      }
    }
    pl_scenario_free(first);
    pl_diags_clear(tmp);
    if (st != PL_OK) {
      ctx->nomem |= st == PL_ENOMEM;
      return; /* one bad point is enough to read */
    }
  }
}

void pli_scn_check_sweep(pli_cfg_reader *ctx, const config_setting_t *root, const pl_scenario *sc) {
  const config_setting_t *list = config_setting_get_member(root, "sweep");
  pl_diags *tmp = pl_diags_alloc();
  if (tmp == NULL) {
    ctx->nomem = 1;
    return;
  }
  for (size_t g = 0; g < sc->n_sweep; g++) {
    const config_setting_t *gs = NULL;
    for (int e = 0; list != NULL && e < config_setting_length(list); e++) {
      const config_setting_t *c = config_setting_get_elem(list, (unsigned)e);
      if (pli_cfg_line(c) == sc->sweep[g].line) {
        gs = c;
      }
    }
    if (sc->sweep[g].words == NULL && !pli_scn_path_numeric(sc, sc->sweep[g].path)) {
      pl_scenario *out = NULL;
      pl_status st = pli_scn_try(sc, sc->sweep[g].path, "0", tmp, NULL, 0, &out);
      pl_scenario_free(out);
      if (st == PL_EPATH) {
        pli_cfg_error(ctx, gs, "sweep: %s", pl_diags_message(tmp, 0));
      } else {
        pli_cfg_error(ctx, gs, "sweep: %s takes a word, not a number, and cannot be swept",
                      sc->sweep[g].path);
      }
      pl_diags_clear(tmp);
      continue;
    }
    for (size_t k = 0; k < sc->sweep[g].n_values; k++) {
      char value[SW_VALUE_SIZE];
      sw_value_text(&sc->sweep[g], k, value); /* an integer exactly, not the rounded double */
      pl_scenario *out = NULL;
      pl_status st = pli_scn_try(sc, sc->sweep[g].path, value, tmp, NULL, 0, &out);
      pl_scenario_free(out);
      if (st == PL_ENOMEM) {
        ctx->nomem = 1;
      }
      if (st != PL_OK) {
        for (size_t d = 0; d < pl_diags_count(tmp); d++) {
          pli_cfg_error(ctx, gs, "sweep: %s", pl_diags_message(tmp, d));
        }
        pl_diags_clear(tmp);
        break; /* one bad value per group is enough to read */
      }
    }
  }
  if (sc->n_sweep == 2 && ctx->errors == 0) {
    sw_check_pairs(ctx, list, sc, tmp);
  }
  pl_diags_free(tmp);
}

const uint64_t *pl_scenario_sweep_integers(const pl_scenario *sc, size_t g) {
  return sc->sweep[g].ints;
}
