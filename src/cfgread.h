/*
 * cfgread.h — typed reads of libconfig settings with file:line diagnostics (internal).
 *
 * The scenario loader reads every value through these functions: each checks the type, catches
 * what libconfig 1.5 silently gets wrong (wrapped integers, through cfgguard.h), and on a problem
 * records "FILE:LINE: message" for the setting, counts it, and returns 0, so that the loader goes
 * on and reports every problem of a file at once.
 */
#ifndef PARLEY_CFGREAD_H
#define PARLEY_CFGREAD_H

#include <libconfig.h>
#include <stddef.h>
#include <stdint.h>

#include "cfgguard.h"
#include "parley/status.h"
#include "scenario_impl.h"
#include "schema.h"

/* Where problems go, and what is needed to name a setting's file and read its line. */
typedef struct {
  pl_diags *diags;
  size_t errors;           /* problems recorded */
  int nomem;               /* a diagnostic could not be recorded */
  const char *display;     /* the main file's name in diagnostics */
  const char *include_dir; /* where @include looked (NULL = current directory) */
  pli_guard_lines lines;   /* source lines, for the wrapped-integer check */
} pli_cfg_reader;

/* The source line of setting s (0 when s is NULL). */
int pli_cfg_line(const config_setting_t *s);

/* Records a problem at setting s (its file and line; the main file when s is NULL). */
#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
void pli_cfg_error(pli_cfg_reader *ctx, const config_setting_t *s, const char *fmt, ...);

/* "a group", "an integer", ... for messages. */
const char *pli_cfg_type_name(const config_setting_t *s);

/* Reports every key of group s that group g of the schema does not allow; where names s. */
void pli_cfg_check_keys(pli_cfg_reader *ctx, const config_setting_t *s, const char *where,
                        pli_group g);

/* A finite number (integer or float) into *out; 0 after reporting. what names the setting. */
int pli_cfg_number(pli_cfg_reader *ctx, const config_setting_t *s, const char *what, double *out);

/* An integer in [lo, hi] into *out; 0 after reporting. With allow_u64, a literal up to 2^64 - 1
 * (decimal with L, or hex with L) is accepted as unsigned. */
int pli_cfg_integer(pli_cfg_reader *ctx, const config_setting_t *s, const char *what, uint64_t lo,
                    uint64_t hi, int allow_u64, uint64_t *out);

/* A string, or NULL after reporting. */
const char *pli_cfg_string(pli_cfg_reader *ctx, const config_setting_t *s, const char *what);

/* Whether s is an id, [A-Za-z][A-Za-z0-9_-]* (a libconfig setting name: ids are keys of the
 * position, salience and leverage groups), or with allow_dot a scenario name,
 * [A-Za-z0-9_.-]+ not starting with '.'. */
int pli_cfg_is_identifier(const char *s, int allow_dot);

/* Reads the number at s (a plain number or a distribution group) into p, checking it against
 * domain d ([lo, hi]: the range for RANGE): a fixed value and a normal's mean inside the
 * domain, a bounded support inside its closure. p is unchanged but for its line on a problem. */
void pli_cfg_param(pli_cfg_reader *ctx, const config_setting_t *s, const char *what, pli_domain d,
                   double lo, double hi, pli_param *p);

#endif /* PARLEY_CFGREAD_H */
