/*
 * sweep_over.h — reading one `--over` specification (internal; sweep.c builds the grid).
 */
#ifndef PARLEY_SWEEP_OVER_H
#define PARLEY_SWEEP_OVER_H

#include <stddef.h>
#include <stdint.h>

#include "parley/scenario.h"
#include "parley/status.h"

/* pl_sweep_parse_over, and, when base is given and the path takes integers there
 * (pl_scenario_path_integer), the exact values in *ints (else *ints is NULL) with *values them
 * rounded; when it takes a word (pl_scenario_path_word) and words is not NULL, the listed words
 * in *words (each NUL-terminated, one after the other; else NULL) with *values their places 0,
 * 1, ... On failure every output is NULL/0 and diags says why (PL_EINVAL) or PL_ENOMEM. */
pl_status pli_sweep_parse_spec(const char *spec, const pl_scenario *base, pl_diags *diags,
                               char **path, double **values, uint64_t **ints, char **words,
                               size_t *n_values);

#endif /* PARLEY_SWEEP_OVER_H */
