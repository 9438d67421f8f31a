/*
 * scenario_sweep.h — the `sweep` section of a scenario file, read by the loader (internal).
 */
#ifndef PARLEY_SCENARIO_SWEEP_H
#define PARLEY_SCENARIO_SWEEP_H

#include <libconfig.h>

#include "cfgread.h"
#include "parley/scenario.h"

/* Reads root's `sweep` list into sc->sweep (at most PL_MAX_SWEEP_AXES groups, each a different
 * path), expanding from/to/steps with pl_number_grid (exact integers for an integer path) and
 * refusing repeated values. */
void pli_scn_load_sweep(pli_cfg_reader *ctx, const config_setting_t *root, pl_scenario *sc);
/* On a valid scenario: tries every value of every group, and every combination of two groups, on
 * a copy, reporting at the group's line what would fail (what `parley sweep` would refuse). */
void pli_scn_check_sweep(pli_cfg_reader *ctx, const config_setting_t *root, const pl_scenario *sc);

#endif /* PARLEY_SCENARIO_SWEEP_H */
