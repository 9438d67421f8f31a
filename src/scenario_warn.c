/*
 * scenario_warn.c — warnings: inputs that are valid but do nothing or that the draws distort.
 *
 * Three kinds (docs/scenario-format.md, "Warnings"), all read from the model and the tables of
 * schema.h:
 * - an agent field given for a role that may have it (the row's `allowed`) but that does not use
 *   it (not in the row's `shown`), e.g. a mediator's reservation; a protocol setting given under a
 *   protocol outside the row's `protocols`, e.g. protocol.first under mediated;
 * - an agent whose saliences are all 0 at once with probability at least PLI_WARN_ZERO_SALIENCE
 *   (the agent then values every agreement alike and accepts any);
 * - a distribution that clamps more than PLI_WARN_CLAMP of its draws to its domain.
 * Probabilities are exact from the distribution: only a normal can leave the closure of the
 * domain (the bounds of uniform, triangular and beta are checked to lie in it by the loader), and
 * its share outside is Phi((lo - mu) / sd) + Q((hi - mu) / sd).
 * Only what a scenario file gives is warned about (a parameter or setting with a source line);
 * overrides give fixed numbers, which never clamp.
 */
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "scenario_impl.h"
#include "scenario_internal.h"

/* The share of the draws of d that the domain's closure [lo, hi] clamps. */
double pli_scn_clamp_share(const pl_dist *d, double lo, double hi) {
  if (d->kind != PL_DIST_NORMAL || !(d->b > 0.0)) {
    return 0.0; /* a fixed value or a normal's mean lies inside; other supports in the closure */
  }
  double below = isinf(lo) ? 0.0 : gsl_cdf_ugaussian_P((lo - d->a) / d->b);
  double above = isinf(hi) ? 0.0 : gsl_cdf_ugaussian_Q((hi - d->a) / d->b);
  return below + above;
}

/* The probability that a salience (domain [0, 1]) is drawn as exactly 0: a fixed 0, a support
 * {0}, or the share of a normal clamped up to 0. */
static double wn_p_zero(const pl_dist *d) {
  switch (d->kind) {
  case PL_DIST_FIXED:
    return d->a == 0.0 ? 1.0 : 0.0;
  case PL_DIST_NORMAL:
    return d->b > 0.0 ? gsl_cdf_ugaussian_P(-d->a / d->b) : (d->a <= 0.0 ? 1.0 : 0.0);
  case PL_DIST_UNIFORM:
    return d->a == 0.0 && d->b == 0.0 ? 1.0 : 0.0;
  case PL_DIST_TRIANGULAR:
    return d->a == 0.0 && d->c == 0.0 ? 1.0 : 0.0;
  case PL_DIST_BETA:
    return 0.0;
  }
  return 0.0;
}

size_t pli_scn_check_warnings(const pl_scenario *sc, pli_scn_warn_fn report, void *ctx) {
  size_t n = 0;
  char msg[1024], path[300], dom[96];
  /* Agent fields given for a role that does not use them, and clamping distributions. */
  for (size_t k = 0; k < sc->n_params; k++) {
    const pli_param *p = &sc->params[k];
    if (p->line <= 0) {
      continue;
    }
    size_t i, j;
    pli_field f;
    pli_scn_param_locate(sc, k, &i, &f, &j);
    const pli_field_def *def = f < PLI_FIELD_COUNT ? pli_schema_field(f) : NULL;
    unsigned role = def != NULL ? 1u << sc->agents[i].role : 0u; /* none for a protocol number */
    pl_scenario_param_path(sc, k, path, sizeof path);
    if (def != NULL && (def->allowed & role) && !(def->shown & role)) {
      snprintf(msg, sizeof msg, "%s has no effect: %s do not use %s", path,
               pli_schema_role_plural(sc->agents[i].role), def->key);
      report(ctx, PLI_SCN_WARN_PARAM, k, p->line, msg);
      n++;
      continue;
    }
    pli_domain d;
    double lo, hi, clo, chi;
    pli_scn_param_domain(sc, k, &d, &lo, &hi);
    pli_schema_closure(d, lo, hi, &clo, &chi);
    double share = pli_scn_clamp_share(&p->dist, clo, chi);
    if (share > PLI_WARN_CLAMP) {
      pli_schema_domain_text(d, lo, hi, dom, sizeof dom);
      snprintf(msg, sizeof msg,
               "%s: normal(%.15g, %.15g) puts %.1f%% of its draws outside %s, where they are "
               "clamped to the bounds",
               path, p->dist.a, p->dist.b, 100.0 * share, dom);
      report(ctx, PLI_SCN_WARN_PARAM, k, p->line, msg);
      n++;
    }
  }
  /* Agents whose saliences may all be 0 at once. */
  for (size_t i = 0; i < sc->n_agents; i++) {
    double p_all = 1.0;
    for (size_t j = 0; j < sc->n_issues; j++) {
      p_all *= wn_p_zero(&sc->params[sc->agents[i].salience + j].dist);
    }
    if (p_all >= PLI_WARN_ZERO_SALIENCE && sc->agents[i].line > 0) {
      snprintf(msg, sizeof msg,
               "agents.%s: every salience is 0 at once in %.3g%% of the trials, where the agent "
               "values every outcome alike and accepts any agreement",
               sc->agents[i].id, 100.0 * p_all);
      report(ctx, PLI_SCN_WARN_AGENT, i, sc->agents[i].line, msg);
      n++;
    }
  }
  /* Settings given for a protocol that does not read them. */
  for (unsigned s = 0; s < PLI_SETTING_COUNT; s++) {
    const pli_setting_def *def = pli_schema_setting((pli_setting)s);
    if (sc->setting_line[s] > 0 && !(def->protocols & (1u << sc->protocol))) {
      char list[200];
      size_t len = 0;
      list[0] = '\0';
      for (unsigned kind = 0; kind < PL_PROTOCOL_COUNT; kind++) {
        if (def->protocols & (1u << kind)) {
          int w = snprintf(list + len, sizeof list - len, "%s%s", len > 0 ? ", " : "",
                           pl_protocol_kind_name((pl_protocol_kind)kind));
          len += w > 0 && (size_t)w < sizeof list - len ? (size_t)w : 0;
        }
      }
      snprintf(msg, sizeof msg, "%s.%s has no effect under protocol '%s' (used by: %s)",
               def->section, def->key, pl_protocol_kind_name(sc->protocol), list);
      report(ctx, PLI_SCN_WARN_SETTING, s, sc->setting_line[s], msg);
      n++;
    }
  }
  return n;
}

/* The reporter of pli_scn_rewarn: the file of the same warning in the model overridden (its
 * parameter or setting is untouched, so its message and line are the same), else the source. */
typedef struct {
  pl_diags *out;
  const pl_scenario *old;
  int nomem;
} wn_ctx;

static void wn_report(void *arg, pli_scn_warn_where what, size_t index, int line,
                      const char *message) {
  (void)what;
  (void)index;
  wn_ctx *c = arg;
  const char *file = c->old->source;
  for (size_t w = 0; c->old->warnings != NULL && w < pl_diags_count(c->old->warnings); w++) {
    if (pl_diags_line(c->old->warnings, w) == line &&
        strcmp(pl_diags_message(c->old->warnings, w), message) == 0) {
      file = pl_diags_file(c->old->warnings, w);
      break;
    }
  }
  if (pl_diags_add(c->out, file, line, "%s", message) != PL_OK) {
    c->nomem = 1;
  }
}

pl_status pli_scn_rewarn(pl_scenario *sc, const pl_scenario *old) {
  pl_diags *w = pl_diags_alloc();
  if (w == NULL) {
    return PL_ENOMEM;
  }
  wn_ctx c = {w, old, 0};
  pli_scn_check_warnings(sc, wn_report, &c);
  if (c.nomem) {
    pl_diags_free(w);
    return PL_ENOMEM;
  }
  pl_diags_sort(w);
  pl_diags_free(sc->warnings);
  sc->warnings = w;
  return PL_OK;
}

size_t pl_scenario_n_warnings(const pl_scenario *sc) {
  return sc != NULL && sc->warnings != NULL ? pl_diags_count(sc->warnings) : 0;
}

const char *pl_scenario_warning_file(const pl_scenario *sc, size_t w) {
  return pl_diags_file(sc->warnings, w);
}

int pl_scenario_warning_line(const pl_scenario *sc, size_t w) {
  return pl_diags_line(sc->warnings, w);
}

const char *pl_scenario_warning_message(const pl_scenario *sc, size_t w) {
  return pl_diags_message(sc->warnings, w);
}
