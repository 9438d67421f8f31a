/*
 * sweep_over.c — `--over PATH=FROM:TO:STEPS` and `PATH=V1,V2,...` read into an axis: numbers with
 * the one grammar (parley/number.h), a range expanded by pl_number_grid as a scenario's sweep
 * section is, exact integers for a path that takes them (docs/sweeps-and-plots.md).
 */
#include "sweep_over.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parley/number.h"
#include "parley/sweep.h"

/* A number of the one grammar (parley/number.h): the whole of s[0 .. len-1]. 0 on success. */
static int sweep_number(const char *s, size_t len, double *out) {
  char tmp[128];
  if (len == 0 || len >= sizeof tmp) {
    return -1;
  }
  memcpy(tmp, s, len);
  tmp[len] = '\0';
  return pl_number_parse_double(tmp, out) == PL_NUMBER_OK ? 0 : -1;
}

static pl_status sweep_bad(pl_diags *d, const char *spec, const char *why) {
  pl_diags_add(d, PL_SWEEP_DIAG_SOURCE, 0,
               "--over '%s': %s (expected PATH=FROM:TO:STEPS or PATH=V1,V2,...)", spec, why);
  return PL_EINVAL;
}

/* Splits the text of a range, FROM:TO:STEPS, into its three fields (start and length each). */
static pl_status sweep_split_range(const char *spec, const char *rest, pl_diags *diags,
                                   const char *field[3], size_t len[3]) {
  const char *c1 = strchr(rest, ':');
  const char *c2 = c1 != NULL ? strchr(c1 + 1, ':') : NULL;
  if (c1 == NULL || c2 == NULL || strchr(c2 + 1, ':') != NULL) {
    return sweep_bad(diags, spec, "a range has exactly three fields FROM:TO:STEPS");
  }
  field[0] = rest;
  len[0] = (size_t)(c1 - rest);
  field[1] = c1 + 1;
  len[1] = (size_t)(c2 - c1 - 1);
  field[2] = c2 + 1;
  len[2] = strlen(c2 + 1);
  return PL_OK;
}

/* STEPS of a range (the NUL-terminated last field): a whole number in 1 .. PL_SWEEP_MAX_VALUES. */
static pl_status sweep_steps(const char *spec, const char *text, pl_diags *diags, size_t *n) {
  uint64_t steps = 0;
  if (pl_number_parse_u64(text, &steps) != PL_NUMBER_OK) {
    return sweep_bad(diags, spec, "STEPS is not a whole number");
  }
  if (steps < 1) {
    return sweep_bad(diags, spec, "STEPS must be at least 1 (1 = the single value FROM)");
  }
  if (steps > PL_SWEEP_MAX_VALUES) {
    char why[96];
    snprintf(why, sizeof why, "STEPS must be at most %d", PL_SWEEP_MAX_VALUES);
    return sweep_bad(diags, spec, why);
  }
  *n = (size_t)steps;
  return PL_OK;
}

/* The number of values of a list V1,V2,... (at most PL_SWEEP_MAX_VALUES). */
static pl_status sweep_count_list(const char *spec, const char *rest, pl_diags *diags, size_t *n) {
  *n = 1;
  for (const char *p = rest; *p != '\0'; p++) {
    *n += (*p == ',');
  }
  if (*n > PL_SWEEP_MAX_VALUES) {
    char why[96];
    snprintf(why, sizeof why, "a list holds at most %d values", PL_SWEEP_MAX_VALUES);
    return sweep_bad(diags, spec, why);
  }
  return PL_OK;
}

/* Expands FROM:TO:STEPS (text in rest). */
static pl_status sweep_parse_range(const char *spec, const char *rest, pl_diags *diags,
                                   double **values, size_t *n_values) {
  const char *field[3];
  size_t len[3], n = 0;
  pl_status rc = sweep_split_range(spec, rest, diags, field, len);
  if (rc != PL_OK) {
    return rc;
  }
  double from = 0.0, to = 0.0;
  if (sweep_number(field[0], len[0], &from) != 0) {
    return sweep_bad(diags, spec, "FROM is not a number");
  }
  if (sweep_number(field[1], len[1], &to) != 0) {
    return sweep_bad(diags, spec, "TO is not a number");
  }
  if ((rc = sweep_steps(spec, field[2], diags, &n)) != PL_OK) {
    return rc;
  }
  double *v = malloc(n * sizeof *v);
  if (v == NULL) {
    return PL_ENOMEM;
  }
  pl_number_grid(from, to, n, v); /* the grid of a scenario's sweep section too */
  if (n >= 2 && v[0] == v[n - 1]) {
    free(v);
    return sweep_bad(diags, spec, "FROM equals TO (use STEPS = 1 for a single value)");
  }
  double dup = 0.0;
  int d = pl_number_find_duplicate(v, n, &dup);
  if (d != 0) {
    free(v);
    if (d < 0) {
      return PL_ENOMEM;
    }
    return sweep_bad(diags, spec, "the steps are too fine: two grid values coincide");
  }
  *values = v;
  *n_values = n;
  return PL_OK;
}

/* Reads V1,V2,... (text in rest). */
static pl_status sweep_parse_list(const char *spec, const char *rest, pl_diags *diags,
                                  double **values, size_t *n_values) {
  size_t n = 0;
  pl_status rc = sweep_count_list(spec, rest, diags, &n);
  if (rc != PL_OK) {
    return rc;
  }
  double *v = malloc(n * sizeof *v);
  if (v == NULL) {
    return PL_ENOMEM;
  }
  const char *p = rest;
  for (size_t k = 0; k < n; k++) {
    const char *comma = strchr(p, ',');
    size_t len = comma != NULL ? (size_t)(comma - p) : strlen(p);
    if (sweep_number(p, len, &v[k]) != 0) {
      char why[200];
      if (len == 0) {
        snprintf(why, sizeof why, "value %zu is empty", k + 1);
      } else {
        snprintf(why, sizeof why, "value %zu '%.*s' is not a number", k + 1,
                 (int)(len > 64 ? 64 : len), p);
      }
      free(v);
      return sweep_bad(diags, spec, why);
    }
    v[k] = v[k] == 0.0 ? 0.0 : v[k];
    p = comma != NULL ? comma + 1 : p + len;
  }
  double dup = 0.0;
  int d = pl_number_find_duplicate(v, n, &dup);
  if (d != 0) {
    free(v);
    if (d < 0) {
      return PL_ENOMEM;
    }
    char why[96], num[40];
    pl_sweep_format_value(dup, num, sizeof num);
    snprintf(why, sizeof why, "the value %s appears twice", num);
    return sweep_bad(diags, spec, why);
  }
  *values = v;
  *n_values = n;
  return PL_OK;
}

/* An integer of the one grammar (pl_number_parse_u64): the whole of s[0 .. len-1]. */
static pl_number_result sweep_integer(const char *s, size_t len, uint64_t *out) {
  char tmp[128];
  if (len == 0 || len >= sizeof tmp) {
    return PL_NUMBER_SYNTAX;
  }
  memcpy(tmp, s, len);
  tmp[len] = '\0';
  return pl_number_parse_u64(tmp, out);
}

/* Why field text[0 .. len-1] (named what: "FROM", "value 2") is not an integer of path. */
static pl_status sweep_bad_integer(pl_diags *d, const char *spec, const char *path,
                                   const char *what, const char *text, size_t len,
                                   pl_number_result r) {
  char why[300];
  if (len == 0) {
    snprintf(why, sizeof why, "%s is empty", what);
  } else {
    snprintf(why, sizeof why, "%s '%.*s' %s, and %s takes integers%s", what,
             (int)(len > 64 ? 64 : len), text,
             r == PL_NUMBER_NEGATIVE ? "is negative"
             : r == PL_NUMBER_RANGE  ? "does not fit in 64 bits"
                                     : "is not an integer",
             path,
             r == PL_NUMBER_NEGATIVE ? " from 0"
             : r == PL_NUMBER_RANGE  ? " up to 18446744073709551615"
                                     : "");
  }
  return sweep_bad(d, spec, why);
}

/* The values of spec (its text after '=' in rest) for path, which takes integers: FROM:TO:STEPS
 * with integer ends and an integer step (pl_number_grid_u64), or a list of integers; exactly, as
 * pl_number_parse_u64 reads them (so a seed up to 2^64 - 1 is kept to the last digit). */
static pl_status sweep_parse_ints(const char *spec, const char *path, const char *rest,
                                  pl_diags *diags, uint64_t **ints, size_t *n_values) {
  size_t n = 0;
  int range = strchr(rest, ':') != NULL;
  uint64_t from = 0, to = 0;
  pl_number_result r;
  pl_status rc;
  if (range) {
    const char *field[3];
    size_t len[3];
    if ((rc = sweep_split_range(spec, rest, diags, field, len)) != PL_OK) {
      return rc;
    }
    if ((r = sweep_integer(field[0], len[0], &from)) != PL_NUMBER_OK) {
      return sweep_bad_integer(diags, spec, path, "FROM", field[0], len[0], r);
    }
    if ((r = sweep_integer(field[1], len[1], &to)) != PL_NUMBER_OK) {
      return sweep_bad_integer(diags, spec, path, "TO", field[1], len[1], r);
    }
    if ((rc = sweep_steps(spec, field[2], diags, &n)) != PL_OK) {
      return rc;
    }
    if (n >= 2 && from == to) {
      return sweep_bad(diags, spec, "FROM equals TO (use STEPS = 1 for a single value)");
    }
  } else if ((rc = sweep_count_list(spec, rest, diags, &n)) != PL_OK) {
    return rc;
  }
  uint64_t *v = malloc(n * sizeof *v);
  if (v == NULL) {
    return PL_ENOMEM;
  }
  if (range && pl_number_grid_u64(from, to, n, v) != 0) {
    free(v);
    char why[300];
    snprintf(why, sizeof why,
             "%s takes integers, and %llu values from FROM to TO would be %llu/%llu apart "
             "(make TO - FROM a multiple of STEPS - 1)",
             path, (unsigned long long)n, (unsigned long long)(to >= from ? to - from : from - to),
             (unsigned long long)(n - 1));
    return sweep_bad(diags, spec, why);
  }
  const char *p = rest;
  for (size_t k = 0; !range && k < n; k++) {
    const char *comma = strchr(p, ',');
    size_t len = comma != NULL ? (size_t)(comma - p) : strlen(p);
    if ((r = sweep_integer(p, len, &v[k])) != PL_NUMBER_OK) {
      char what[40];
      snprintf(what, sizeof what, "value %zu", k + 1);
      free(v);
      return sweep_bad_integer(diags, spec, path, what, p, len, r);
    }
    p = comma != NULL ? comma + 1 : p + len;
  }
  uint64_t dup = 0;
  int d = pl_number_find_duplicate_u64(v, n, &dup);
  if (d != 0) {
    free(v);
    if (d < 0) {
      return PL_ENOMEM;
    }
    char why[96];
    snprintf(why, sizeof why, "the value %llu appears twice", (unsigned long long)dup);
    return sweep_bad(diags, spec, why);
  }
  *ints = v;
  *n_values = n;
  return PL_OK;
}

/* The words of a list W1,W2,... (text in rest) for a path that takes a word: each 1 ..
 * PL_SWEEP_WORD_MAX characters, none twice, into *words (NUL-terminated, one after the other), with
 * *values = 0, 1, ... Whether each is a word the path takes is for the point's build to say. */
static pl_status sweep_parse_words(const char *spec, const char *path, const char *rest,
                                   pl_diags *diags, double **values, char **words,
                                   size_t *n_values) {
  if (strchr(rest, ':') != NULL) {
    char why[200];
    snprintf(why, sizeof why, "%s takes a word: list the words, W1,W2,... (no range)", path);
    return sweep_bad(diags, spec, why);
  }
  size_t n = 0;
  pl_status rc = sweep_count_list(spec, rest, diags, &n);
  if (rc != PL_OK) {
    return rc;
  }
  for (const char *p = rest; *p != '\0';) {
    size_t len = strcspn(p, ",");
    if (len == 0 || len > PL_SWEEP_WORD_MAX) {
      char why[200];
      snprintf(why, sizeof why, "a word of the list is empty or longer than %d characters",
               PL_SWEEP_WORD_MAX);
      return sweep_bad(diags, spec, why);
    }
    for (const char *q = rest; q < p; q += strcspn(q, ",") + 1) {
      if (strcspn(q, ",") == len && memcmp(q, p, len) == 0) {
        char why[200];
        snprintf(why, sizeof why, "the value %.*s appears twice", (int)len, p);
        return sweep_bad(diags, spec, why);
      }
    }
    p += len;
    if (*p == ',') {
      p++;
      if (*p == '\0') {
        return sweep_bad(diags, spec, "a word of the list is empty");
      }
    }
  }
  *words = malloc(strlen(rest) + 1);
  *values = malloc(n * sizeof **values);
  if (*words == NULL || *values == NULL) {
    return PL_ENOMEM; /* the caller frees */
  }
  memcpy(*words, rest, strlen(rest) + 1);
  for (size_t k = 0; k < n; k++) {
    (*values)[k] = (double)k;
  }
  for (char *c = *words; *c != '\0'; c++) {
    *c = *c == ',' ? '\0' : *c;
  }
  *n_values = n;
  return PL_OK;
}

/* pl_sweep_parse_over, and, when base is given and the path takes integers there
 * (pl_scenario_path_integer), the exact values in *ints (else *ints is NULL) with *values them
 * rounded; when it takes a word (pl_scenario_path_word) and words is not NULL, the words in
 * *words (else NULL) with *values their places 0, 1, ... */
pl_status pli_sweep_parse_spec(const char *spec, const pl_scenario *base, pl_diags *diags,
                               char **path, double **values, uint64_t **ints, char **words,
                               size_t *n_values) {
  *path = NULL;
  *values = NULL;
  *ints = NULL;
  if (words != NULL) {
    *words = NULL;
  }
  *n_values = 0;
  if (spec == NULL) {
    return PL_EINVAL;
  }
  const char *eq = strchr(spec, '=');
  if (eq == NULL) {
    return sweep_bad(diags, spec, "no '=' between the path and the values");
  }
  if (eq == spec) {
    return sweep_bad(diags, spec, "the parameter path is empty");
  }
  for (const char *p = spec; p < eq; p++) {
    if (*p == ' ' || *p == '\t' || *p == '\n' || *p == ':' || *p == ',') {
      return sweep_bad(diags, spec, "the parameter path contains a space, ':' or ','");
    }
  }
  const char *rest = eq + 1;
  if (*rest == '\0') {
    return sweep_bad(diags, spec, "no values after '='");
  }
  if (strchr(rest, ':') != NULL && strchr(rest, ',') != NULL) {
    return sweep_bad(diags, spec, "mixes ':' (a range) and ',' (a list)");
  }
  size_t len = (size_t)(eq - spec);
  *path = malloc(len + 1);
  if (*path == NULL) {
    return PL_ENOMEM;
  }
  memcpy(*path, spec, len);
  (*path)[len] = '\0';
  pl_status rc;
  if (base != NULL && words != NULL && pl_scenario_path_word(base, *path)) {
    rc = sweep_parse_words(spec, *path, rest, diags, values, words, n_values);
  } else if (base != NULL && pl_scenario_path_integer(base, *path)) {
    rc = sweep_parse_ints(spec, *path, rest, diags, ints, n_values);
    if (rc == PL_OK && (*values = malloc(*n_values * sizeof **values)) == NULL) {
      rc = PL_ENOMEM;
    }
    for (size_t k = 0; rc == PL_OK && k < *n_values; k++) {
      (*values)[k] = (double)(*ints)[k];
    }
  } else {
    rc = strchr(rest, ':') != NULL ? sweep_parse_range(spec, rest, diags, values, n_values)
                                   : sweep_parse_list(spec, rest, diags, values, n_values);
  }
  if (rc != PL_OK) {
    free(*path);
    free(*values);
    free(*ints);
    if (words != NULL) {
      free(*words);
      *words = NULL;
    }
    *path = NULL;
    *values = NULL;
    *ints = NULL;
    *n_values = 0;
  }
  return rc;
}

pl_status pl_sweep_parse_over(const char *spec, pl_diags *diags, char **path, double **values,
                              size_t *n_values) {
  if (path == NULL || values == NULL || n_values == NULL) {
    return PL_EINVAL;
  }
  uint64_t *ints = NULL; /* stays NULL: no scenario, no integer paths */
  return pli_sweep_parse_spec(spec, NULL, diags, path, values, &ints, NULL, n_values);
}
