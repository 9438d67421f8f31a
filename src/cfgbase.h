/*
 * cfgbase.h — `base = "FILE";`: a scenario file that varies another one (internal).
 *
 * A file whose top level has `base = "FILE";` is read on top of FILE: FILE is loaded first (with
 * its own base, if it has one), then every setting of the file replaces or extends it
 * (docs/scenario-format.md, "Varying a base file"):
 * - a group merges into the base's group of the same name, key by key, recursively, except a
 *   distribution (a group with a `dist` key, on either side), which replaces the base's value
 * whole;
 * - a list whose elements are all groups with a string `id` (issues, agents, events) merges with
 *   the base's list of the same kind element by element, matched by id: an element whose id the
 *   base has merges into it (as a group), a new id is appended;
 * - anything else (a number, a string, an array, any other list such as `sweep`) replaces the
 *   base's setting of the same name whole; a setting the base lacks is added.
 * Nothing of the base can be removed. Every setting keeps the file and line it was written at, so
 * diagnostics name the base file for what comes from it. The reading is bounded like an
 * @include (cfgguard.h): a base must be a regular file within the size limits, counts as an
 * inclusion against the load's budget, may not be a file of its own chain (a cycle), and a chain
 * holds at most PLI_BASE_MAX_DEPTH bases.
 */
#ifndef PARLEY_CFGBASE_H
#define PARLEY_CFGBASE_H

#include <libconfig.h>
#include <stddef.h>

#include "cfgguard.h"
#include "cfgread.h"

#define PLI_BASE_MAX_DEPTH 10

/* The file names the merged tree's settings point to (libconfig keeps only a pointer): owned here
 * and freed by pli_base_free after the tree. */
typedef struct {
  char **names;
  size_t n, cap;
  config_t *merged; /* the merged tree, or NULL */
} pli_base;

/* When the root of main (read from rd->display, its @include names relative to include_dir,
 * NULL = the current directory) has a `base` key: loads the chain of bases, merges main into it,
 * and returns the merged tree (owned by b; *main is unchanged but for the file names of its
 * settings, which become paths from the current directory). The settings' file names are then
 * paths from the current directory, so rd->include_dir is set to NULL. Returns main itself when
 * there is no `base`, and NULL after reporting every problem through rd (rd->nomem on an
 * allocation failure). budget holds what the load has read so far. */
const config_t *pli_base_apply(pli_base *b, config_t *main, const char *include_dir,
                               pli_cfg_reader *rd, pli_guard_budget *budget);

void pli_base_free(pli_base *b);

#endif /* PARLEY_CFGBASE_H */
