/*
 * sensitivity.c — tornado, Sobol indices and P(agreement | judgements) (parley/sensitivity.h,
 * docs/sensitivity.md).
 *
 * Invariants:
 * - every evaluation is pli_trial_draw of one trial's parameters (possibly with one entry replaced)
 *   played by pli_trial_play against the rounds of one trial: a function of (seed, trial indices)
 *   only; protocols never write the parameter vector (pli_trial_state.theta is const), so an
 *   entry changed for one evaluation is put back afterwards and the vector is drawn once per trial;
 * - work is cut into blocks of consecutive trials (design rows, judgements), run in batches in
 *   parallel, each block writing only its own slots; sums over blocks are formed in block order
 *   after each batch, so results do not depend on threads; a stop request is honoured between
 *   batches, so what completed is always a prefix of the blocks;
 * - tornado means are sums over trials divided by counts (for the agreement indicator: counts of
 *   agreements over trials, exactly as `parley run` computes P(agreement)).
 */
#include "parley/sensitivity.h"

#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cluster.h"
#include "parley/dist.h"
#include "parley/number.h"
#include "parley/stats.h"
#include "scenario_impl.h"
#include "scenario_internal.h"
#include "sobol.h"
#include "trial_impl.h"

#define SN_BLOCK 256u /* trials, rows or judgements per block */

/* The work shared by the three analyses: one scenario, a workspace per thread, the output. */
typedef struct {
  const pl_scenario *sc;
  const pl_sens_options *opt;
  long issue;
  int nt;
  pl_workspace **ws;
  double **save; /* [nt][2 * n_params]: a thread's copies of the drawn vectors A and B */
  uint64_t played, target;
  int stopped;
} sn_ctx;

/* A block's work: fn(c, thread, block, arg) -> status; on failure it records the trial's failure
 * in *fail. */
typedef pl_status (*sn_block_fn)(sn_ctx *c, int thread, uint64_t block, void *arg,
                                 pl_trial_failure *fail);

/* The analysed output of a trial: the agreement indicator, or the agreement point on the issue
 * (NaN without agreement). */
static double sn_output(const sn_ctx *c, const pl_trial_result *r) {
  if (r->outcome != PL_OUTCOME_AGREEMENT) {
    return c->issue < 0 ? 0.0 : NAN;
  }
  return c->issue < 0 ? 1.0 : r->point[c->issue];
}

/* Plays the workspace's vector against the rounds of trial `luck`: *f is the output. */
static pl_status sn_eval(sn_ctx *c, pl_workspace *ws, uint64_t luck, double *f) {
  pl_trial_result res;
  pl_status st = pli_trial_play(c->sc, ws, luck, NULL, &res);
  if (st == PL_OK) {
    *f = sn_output(c, &res);
  }
  return st;
}

static void sn_ctx_free(sn_ctx *c) {
  for (int t = 0; c->ws != NULL && t < c->nt; t++) {
    pl_workspace_free(c->ws[t]);
  }
  for (int t = 0; c->save != NULL && t < c->nt; t++) {
    free(c->save[t]);
  }
  free(c->ws);
  free(c->save);
  c->ws = NULL;
  c->save = NULL;
}

static pl_status sn_ctx_init(sn_ctx *c, const pl_scenario *sc, const pl_sens_options *opt) {
  c->sc = sc;
  c->opt = opt;
  c->issue = opt->output_issue;
  c->nt = opt->threads > 0 ? (int)opt->threads : omp_get_max_threads();
  if (c->nt < 1) {
    c->nt = 1;
  }
  c->ws = calloc((size_t)c->nt, sizeof *c->ws);
  c->save = calloc((size_t)c->nt, sizeof *c->save);
  if (c->ws == NULL || c->save == NULL) {
    return PL_ENOMEM;
  }
  for (int t = 0; t < c->nt; t++) {
    pl_status st = pl_workspace_alloc(sc, &c->ws[t]);
    if (st != PL_OK) {
      return st;
    }
    if ((c->save[t] = malloc(2 * (sc->n_params ? sc->n_params : 1) * sizeof(double))) == NULL) {
      return PL_ENOMEM;
    }
  }
  return PL_OK;
}

/* A block's slots, for MPI ranks (parley/cluster.h): region i (0, 1, ...) of block `block` in
 * *p, returning its bytes, or 0 after the last one. */
typedef size_t (*sn_slot_fn)(void *arg, uint64_t block, size_t i, void **p);

/* What a block's message starts with: its status, and where its failed trial failed. */
typedef struct {
  int32_t status;
  uint32_t round;
  int64_t agent, issue;
  uint64_t trial;
  char what[48];
} sn_head;

/* The bytes of block b's message: the head and every slot. */
static size_t sn_msg_bytes(sn_slot_fn slot, void *arg, uint64_t b) {
  size_t n = sizeof(sn_head), k, i = 0;
  void *p;
  while ((k = slot(arg, b, i++, &p)) > 0)
    n += k;
  return n;
}

/* Another rank: sends block b's status, failure and slots to the root. */
static pl_status sn_send(pl_cluster *cl, sn_slot_fn slot, void *arg, uint64_t b, pl_status st,
                         const pl_trial_failure *f, unsigned char *buf) {
  sn_head h;
  memset(&h, 0, sizeof h);
  h.status = (int32_t)st;
  if (st != PL_OK) {
    h = (sn_head){(int32_t)st, f->round, f->agent, f->issue, f->trial, {0}};
    if (f->what != NULL)
      strncpy(h.what, f->what, sizeof h.what - 1);
  }
  memcpy(buf, &h, sizeof h);
  size_t n = sizeof h, k, i = 0;
  void *p;
  while ((k = slot(arg, b, i++, &p)) > 0) {
    memcpy(buf + n, p, k);
    n += k;
  }
  return cl->type->send(cl, buf, n);
}

/* The root: receives block b from its rank into its slots, *st and *f. */
static pl_status sn_recv(pl_cluster *cl, sn_slot_fn slot, void *arg, uint64_t b, pl_status *st,
                         pl_trial_failure *f, unsigned char *buf) {
  size_t bytes = sn_msg_bytes(slot, arg, b);
  pl_status rc = cl->type->recv(cl, (unsigned)(b % cl->parts), buf, bytes);
  if (rc != PL_OK)
    return rc;
  sn_head h;
  memcpy(&h, buf, sizeof h);
  *st = (pl_status)h.status;
  if (*st != PL_OK) {
    h.what[sizeof h.what - 1] = '\0';
    memcpy(cl->what, h.what, sizeof h.what);
    *f = (pl_trial_failure){h.trial, h.round, (long)h.agent, (long)h.issue, cl->what};
  }
  size_t n = sizeof h, k, i = 0;
  void *p;
  while ((k = slot(arg, b, i++, &p)) > 0) {
    memcpy(p, buf + n, k);
    n += k;
  }
  return PL_OK;
}

/* Runs blocks [0, n_blocks) of fn in batches; returns the status and sets *done to the number of
 * blocks completed (a prefix). evals_per_item: trials played per item of a block (for progress).
 * With a cluster of R ranks, a batch is R times as many blocks, rank r runs those b with
 * b % R == r, and after each batch every other rank sends its blocks' slots (slot) to the root,
 * which then has every slot as one process would; all ranks agree on stopping before each batch
 * and on the root's status after it, so they run the same batches and end alike. */
static pl_status sn_run_blocks(sn_ctx *c, uint64_t n_items, uint64_t evals_per_item, sn_block_fn fn,
                               sn_slot_fn slot, void *arg, uint64_t *done) {
  const uint64_t n_blocks = n_items / SN_BLOCK + (n_items % SN_BLOCK != 0);
  const pl_sens_options *opt = c->opt;
  pl_cluster *cl = opt->cluster != NULL && pl_cluster_parts(opt->cluster) > 1 ? opt->cluster : NULL;
  const uint64_t parts = cl != NULL ? cl->parts : 1, part = cl != NULL ? cl->part : 0;
  const int root = pl_cluster_is_root(cl);
  const uint64_t batch = 4u * (uint64_t)c->nt * parts;
  pl_status *status = malloc((size_t)batch * sizeof *status);
  pl_trial_failure *fail = malloc((size_t)batch * sizeof *fail);
  long *mine = malloc((size_t)batch * sizeof *mine); /* this rank's blocks of the batch */
  size_t msg = cl != NULL && n_blocks > 0 ? sn_msg_bytes(slot, arg, 0) : 0;
  unsigned char *buf = msg > 0 ? malloc(msg) : NULL;
  *done = 0;
  if (status == NULL || fail == NULL || mine == NULL || (msg > 0 && buf == NULL)) {
    free(status);
    free(fail);
    free(mine);
    free(buf);
    return PL_ENOMEM;
  }
  pl_status rc = PL_OK;
  for (uint64_t b0 = 0; b0 < n_blocks && rc == PL_OK; b0 += batch) {
    int stop = opt->stop != NULL && *opt->stop != 0;
    if (cl != NULL)
      stop = cl->type->max(cl, stop);
    if (stop) {
      c->stopped = 1;
      break;
    }
    long nb = (long)(n_blocks - b0 < batch ? n_blocks - b0 : batch), n_mine = 0;
    for (long k = 0; k < nb; k++) {
      status[k] = PL_OK;
      if ((b0 + (uint64_t)k) % parts == part)
        mine[n_mine++] = k;
    }
#pragma omp parallel for num_threads(c->nt) schedule(dynamic, 1)
    for (long i = 0; i < n_mine; i++) {
      long k = mine[i];
      status[k] = fn(c, omp_get_thread_num(), b0 + (uint64_t)k, arg, &fail[k]);
    }
    for (long k = 0; cl != NULL && k < nb && rc == PL_OK; k++) {
      uint64_t b = b0 + (uint64_t)k;
      if (b % parts == part && !root)
        rc = sn_send(cl, slot, arg, b, status[k], &fail[k], buf);
      else if (b % parts != part && root)
        rc = sn_recv(cl, slot, arg, b, &status[k], &fail[k], buf);
    }
    for (long k = 0; k < nb && rc == PL_OK; k++) {
      if (status[k] != PL_OK && root) {
        rc = status[k];
        if (opt->failure != NULL) {
          *opt->failure = fail[k];
        }
        break;
      }
      (*done)++;
    }
    if (cl != NULL) /* the root's status, on every rank */
      rc = (pl_status)cl->type->max(cl, root ? (int)rc : (int)PL_OK);
    uint64_t items = (b0 + (uint64_t)nb) * SN_BLOCK < n_items ? (uint64_t)nb * SN_BLOCK
                                                              : n_items - b0 * SN_BLOCK;
    c->played += items * evals_per_item; /* the trials played: a last block may be short */
    if (opt->progress != NULL && root) {
      opt->progress(opt->ctx, c->played < c->target ? c->played : c->target, c->target);
    }
  }
  free(status);
  free(fail);
  free(mine);
  free(buf);
  return rc;
}

/* Records the failure of the trial that failed in ws. */
static pl_status sn_failed(pl_workspace *ws, pl_status st, pl_trial_failure *fail) {
  pl_workspace_failure(ws, fail);
  return st;
}

/* ---- tornado ---- */

typedef struct {
  double sum;
  uint64_t n;
} sn_sum;

/* One input's accumulators in one block. */
typedef struct {
  sn_sum low, high;
  pli_mean_acc diff; /* paired high - low, over trials where both are defined */
} sn_tacc;

typedef struct {
  uint64_t trials;
  size_t n_in;         /* parameters varied */
  const size_t *param; /* [n_in] */
  const double *low, *high;
  size_t n_set;          /* settings varied, after the parameters in acc */
  pl_workspace **set_ws; /* [nt][2 n_set]: workspaces of the low and high scenario of each */
  sn_sum *base;          /* [n_blocks] */
  pli_mean_acc *base_acc;
  sn_tacc *acc; /* [n_blocks * n_in] */
} sn_tornado;

static void sn_add(sn_sum *s, double f) {
  if (!isnan(f)) {
    s->sum += f;
    s->n++;
  }
}

static pl_status sn_tornado_block(sn_ctx *c, int thread, uint64_t block, void *arg,
                                  pl_trial_failure *fail) {
  sn_tornado *t = arg;
  pl_workspace *ws = c->ws[thread];
  double *theta = pli_workspace_theta(ws);
  uint64_t first = block * SN_BLOCK,
           end = first + SN_BLOCK < t->trials ? first + SN_BLOCK : t->trials;
  sn_sum *base = &t->base[block];
  pli_mean_acc *base_acc = &t->base_acc[block];
  const size_t n_acc = t->n_in + t->n_set;
  sn_tacc *acc = &t->acc[block * n_acc];
  *base = (sn_sum){0.0, 0};
  pli_mean_init(base_acc);
  for (size_t v = 0; v < n_acc; v++) {
    acc[v] = (sn_tacc){{0.0, 0}, {0.0, 0}, {0, 0.0, 0.0}};
    pli_mean_init(&acc[v].diff);
  }
  for (uint64_t k = first; k < end; k++) {
    pli_trial_draw(c->sc, ws, k);
    double f0, fl, fh;
    pl_status st = sn_eval(c, ws, k, &f0);
    if (st != PL_OK) {
      return sn_failed(ws, st, fail);
    }
    sn_add(base, f0);
    if (!isnan(f0)) {
      pli_mean_add(base_acc, f0);
    }
    for (size_t v = 0; v < t->n_in; v++) {
      size_t p = t->param[v];
      double keep = theta[p];
      theta[p] = t->low[v];
      if ((st = sn_eval(c, ws, k, &fl)) == PL_OK) {
        theta[p] = t->high[v];
        st = sn_eval(c, ws, k, &fh);
      }
      theta[p] = keep;
      if (st != PL_OK) {
        return sn_failed(ws, st, fail);
      }
      sn_add(&acc[v].low, fl);
      sn_add(&acc[v].high, fh);
      if (!isnan(fl) && !isnan(fh)) {
        pli_mean_add_pair(&acc[v].diff, fl, fh);
      }
    }
    /* Settings: trial k of the scenario with the setting at its low and at its high value. */
    for (size_t v = 0; v < t->n_set; v++) {
      pl_workspace **w = &t->set_ws[(size_t)thread * 2 * t->n_set + 2 * v];
      double f[2];
      for (int e = 0; e < 2; e++) {
        pl_trial_result r;
        st = pl_trial_run(pli_workspace_scenario(w[e]), w[e], k, NULL, &r);
        if (st != PL_OK) {
          return sn_failed(w[e], st, fail);
        }
        f[e] = sn_output(c, &r);
      }
      sn_tacc *a = &acc[t->n_in + v];
      sn_add(&a->low, f[0]);
      sn_add(&a->high, f[1]);
      if (!isnan(f[0]) && !isnan(f[1])) {
        pli_mean_add_pair(&a->diff, f[0], f[1]);
      }
    }
  }
  return PL_OK;
}

static size_t sn_tornado_slot(void *arg, uint64_t block, size_t i, void **p) {
  sn_tornado *t = arg;
  switch (i) {
  case 0:
    *p = &t->base[block];
    return sizeof *t->base;
  case 1:
    *p = &t->base_acc[block];
    return sizeof *t->base_acc;
  case 2:
    *p = &t->acc[block * (t->n_in + t->n_set)]; /* parameters, then settings */
    return (t->n_in + t->n_set) * sizeof *t->acc;
  default:
    return 0;
  }
}

/* Orders tornado rows: varied by decreasing |swing| (NaN last), ties and the rest by parameter. */
static int sn_tornado_cmp(const void *a, const void *b) {
  const pl_sens_tornado *x = a, *y = b;
  if (x->varied != y->varied) {
    return x->varied ? -1 : 1;
  }
  if (x->varied) {
    double ax = isnan(x->swing) ? -1.0 : fabs(x->swing),
           ay = isnan(y->swing) ? -1.0 : fabs(y->swing);
    if (ax != ay) {
      return ax > ay ? -1 : 1;
    }
  }
  if (x->param != y->param) {
    return x->param < y->param ? -1 : 1;
  }
  return x->path != NULL && y->path != NULL ? strcmp(x->path, y->path) : 0;
}

/* The range given for parameter k, or NULL. */
static const pl_sens_range *sn_range(const pl_sens_options *opt, size_t k) {
  for (size_t r = 0; r < opt->n_ranges; r++) {
    if (opt->ranges[r].param == k) {
      return &opt->ranges[r];
    }
  }
  return NULL;
}

/* The scenarios and workspaces of the settings varied by the tornado: for setting v, sc with
 * PATH=lo (scs[2v]) and PATH=hi (scs[2v + 1]); a workspace of each per thread. */
typedef struct {
  size_t n;
  pl_scenario **scs;
  pl_workspace **ws; /* [nt * 2n] */
  int nt;
} sn_settings;

static void sn_settings_free(sn_settings *g) {
  for (size_t k = 0; g->ws != NULL && k < (size_t)g->nt * 2 * g->n; k++) {
    pl_workspace_free(g->ws[k]);
  }
  for (size_t k = 0; g->scs != NULL && k < 2 * g->n; k++) {
    pl_scenario_free(g->scs[k]);
  }
  free(g->ws);
  free(g->scs);
}

static pl_status sn_settings_init(const pl_scenario *sc, const pl_sens_options *opt, int nt,
                                  sn_settings *g) {
  memset(g, 0, sizeof *g);
  g->nt = nt;
  for (size_t r = 0; r < opt->n_ranges; r++) {
    g->n += opt->ranges[r].param == SIZE_MAX;
  }
  g->scs = calloc(2 * g->n + 1, sizeof *g->scs);
  g->ws = calloc((size_t)nt * 2 * g->n + 1, sizeof *g->ws);
  if (g->scs == NULL || g->ws == NULL) {
    return PL_ENOMEM;
  }
  pl_diags *d = pl_diags_alloc();
  if (d == NULL) {
    return PL_ENOMEM;
  }
  pl_status st = PL_OK;
  size_t v = 0;
  for (size_t r = 0; st == PL_OK && r < opt->n_ranges; r++) {
    const pl_sens_range *g_r = &opt->ranges[r];
    if (g_r->param != SIZE_MAX) {
      continue;
    }
    for (int end = 0; st == PL_OK && end < 2; end++) {
      char set[700], num[PL_NUMBER_BUFSIZE];
      pl_number_format(end ? g_r->hi : g_r->lo, num);
      snprintf(set, sizeof set, "%s=%s", g_r->path, num);
      st = pl_scenario_copy(sc, &g->scs[2 * v + (size_t)end]);
      if (st == PL_OK && pl_scenario_set(g->scs[2 * v + (size_t)end], set, d) != PL_OK) {
        st = PL_EINVAL;
      }
      for (int t = 0; st == PL_OK && t < nt; t++) {
        st = pl_workspace_alloc(g->scs[2 * v + (size_t)end],
                                &g->ws[(size_t)t * 2 * g->n + 2 * v + (size_t)end]);
      }
    }
    v++;
  }
  pl_diags_free(d);
  return st;
}

static pl_status sn_run_tornado(const pl_scenario *sc, const pl_sens_options *opt,
                                pl_sens_result *res, uint64_t *played) {
  size_t np = sc->n_params, n_in = 0, n_set = 0;
  for (size_t r = 0; r < opt->n_ranges; r++) {
    n_set += opt->ranges[r].param == SIZE_MAX;
  }
  res->tornado = calloc(np + n_set + 1, sizeof *res->tornado);
  size_t *param = malloc((np ? np : 1) * sizeof *param);
  double *low = malloc((np ? np : 1) * sizeof *low), *high = malloc((np ? np : 1) * sizeof *high);
  if (res->tornado == NULL || param == NULL || low == NULL || high == NULL) {
    free(param);
    free(low);
    free(high);
    return PL_ENOMEM;
  }
  res->n_tornado = np + n_set;
  for (size_t r = 0, v = 0; r < opt->n_ranges; r++) {
    const pl_sens_range *g = &opt->ranges[r];
    if (g->param == SIZE_MAX) {
      char *path = pli_scn_strdup(g->path);
      if (path == NULL) {
        free(param);
        free(low);
        free(high);
        return PL_ENOMEM;
      }
      res->tornado[np + v++] =
          (pl_sens_tornado){SIZE_MAX, path, 1, 1, g->lo, g->hi, NAN, NAN, NAN, NAN, NAN, 0};
    }
  }
  for (size_t k = 0; k < np; k++) {
    const pli_param *p = &sc->params[k];
    const pl_sens_range *r = sn_range(opt, k);
    pl_sens_tornado *row = &res->tornado[k];
    *row = (pl_sens_tornado){k, NULL, 0, 0, NAN, NAN, NAN, NAN, NAN, NAN, NAN, 0};
    if (r != NULL) {
      row->low = r->lo;
      row->high = r->hi;
      row->ranged = 1;
    } else if (p->dist.kind != PL_DIST_FIXED) {
      row->low = pl_dist_quantile(&p->dist, res->q_low, p->lo, p->hi);
      row->high = pl_dist_quantile(&p->dist, res->q_high, p->lo, p->hi);
    } else {
      continue;
    }
    row->varied = 1;
    param[n_in] = k;
    low[n_in] = row->low;
    high[n_in] = row->high;
    n_in++;
  }
  sn_ctx c = {0};
  c.played = *played;
  c.target = *played + res->trials * (1 + 2 * (n_in + n_set));
  uint64_t n_blocks = res->trials / SN_BLOCK + (res->trials % SN_BLOCK != 0);
  const size_t n_acc = n_in + n_set;
  sn_tornado t = {res->trials, n_in, param, low, high, n_set, NULL, NULL, NULL, NULL};
  t.base = calloc(n_blocks ? n_blocks : 1, sizeof *t.base);
  t.base_acc = calloc(n_blocks ? n_blocks : 1, sizeof *t.base_acc);
  t.acc = calloc((n_blocks ? n_blocks : 1) * (n_acc ? n_acc : 1), sizeof *t.acc);
  pl_status rc = t.base == NULL || t.base_acc == NULL || t.acc == NULL ? PL_ENOMEM : PL_OK;
  if (rc == PL_OK) {
    rc = sn_ctx_init(&c, sc, opt);
  }
  sn_settings g;
  pl_status gs = sn_settings_init(sc, opt, c.nt, &g);
  rc = rc == PL_OK ? gs : rc;
  t.set_ws = g.ws;
  uint64_t done = 0;
  if (rc == PL_OK) {
    rc =
        sn_run_blocks(&c, res->trials, 1 + 2 * n_acc, sn_tornado_block, sn_tornado_slot, &t, &done);
  }
  *played = c.played;
  if (rc == PL_OK || done > 0) {
    /* Merge the completed blocks in block order. */
    sn_sum base = {0.0, 0};
    pli_mean_acc base_acc;
    pli_mean_init(&base_acc);
    for (uint64_t b = 0; b < done; b++) {
      base.sum += t.base[b].sum;
      base.n += t.base[b].n;
      pli_mean_merge(&base_acc, &t.base_acc[b]);
    }
    uint64_t trials = done == n_blocks ? res->trials : done * SN_BLOCK;
    res->trials = trials;
    res->baseline = base.n > 0 ? base.sum / (double)base.n : NAN;
    if (c.issue < 0) {
      pl_stats_wilson((uint64_t)base.sum, base.n, PL_Z95, &res->baseline_lo, &res->baseline_hi);
    } else {
      pli_mean_ci ci = pli_mean_result(&base_acc);
      res->baseline_lo = ci.lo;
      res->baseline_hi = ci.hi;
    }
    for (size_t v = 0; v < n_acc; v++) {
      sn_sum lo = {0.0, 0}, hi = {0.0, 0};
      pli_mean_acc d;
      pli_mean_init(&d);
      for (uint64_t b = 0; b < done; b++) {
        const sn_tacc *a = &t.acc[b * n_acc + v];
        lo.sum += a->low.sum;
        lo.n += a->low.n;
        hi.sum += a->high.sum;
        hi.n += a->high.n;
        pli_mean_merge(&d, &a->diff);
      }
      pl_sens_tornado *row = &res->tornado[v < n_in ? param[v] : np + (v - n_in)];
      row->p_low = lo.n > 0 ? lo.sum / (double)lo.n : NAN;
      row->p_high = hi.n > 0 ? hi.sum / (double)hi.n : NAN;
      row->swing = row->p_high - row->p_low;
      pli_mean_ci ci = pli_mean_result(&d);
      row->pairs = ci.n;
      /* The interval of the mean paired difference, around the swing itself. */
      row->swing_lo = row->swing - (ci.mean - ci.lo);
      row->swing_hi = row->swing + (ci.hi - ci.mean);
    }
    qsort(res->tornado, res->n_tornado, sizeof *res->tornado, sn_tornado_cmp);
  }
  sn_ctx_free(&c);
  sn_settings_free(&g);
  free(t.base);
  free(t.base_acc);
  free(t.acc);
  free(param);
  free(low);
  free(high);
  if (rc == PL_OK && c.stopped) {
    rc = PL_EINTERRUPTED;
  }
  return rc;
}

/* ---- Sobol ---- */

typedef struct {
  uint64_t n;            /* rows */
  size_t k;              /* input factors (the luck is factor k) */
  const size_t *param;   /* [k] */
  double *fA, *fB, *fAB; /* [n], [n], [(k + 1) * n] */
} sn_sobol;

static pl_status sn_sobol_block(sn_ctx *c, int thread, uint64_t block, void *arg,
                                pl_trial_failure *fail) {
  sn_sobol *s = arg;
  pl_workspace *ws = c->ws[thread];
  double *theta = pli_workspace_theta(ws);
  size_t np = c->sc->n_params;
  double *A = c->save[thread], *B = c->save[thread] + np;
  uint64_t first = block * SN_BLOCK, end = first + SN_BLOCK < s->n ? first + SN_BLOCK : s->n;
  for (uint64_t r = first; r < end; r++) {
    pli_trial_draw(c->sc, ws, s->n + r);
    memcpy(B, theta, np * sizeof *B);
    pl_status st = sn_eval(c, ws, s->n + r, &s->fB[r]);
    if (st != PL_OK) {
      return sn_failed(ws, st, fail);
    }
    pli_trial_draw(c->sc, ws, r);
    memcpy(A, theta, np * sizeof *A);
    if ((st = sn_eval(c, ws, r, &s->fA[r])) != PL_OK) {
      return sn_failed(ws, st, fail);
    }
    for (size_t i = 0; i < s->k; i++) {
      size_t p = s->param[i];
      theta[p] = B[p];
      st = sn_eval(c, ws, r, &s->fAB[i * s->n + r]);
      theta[p] = A[p];
      if (st != PL_OK) {
        return sn_failed(ws, st, fail);
      }
    }
    if ((st = sn_eval(c, ws, s->n + r, &s->fAB[s->k * s->n + r])) != PL_OK) { /* the luck */
      return sn_failed(ws, st, fail);
    }
  }
  return PL_OK;
}

static size_t sn_sobol_slot(void *arg, uint64_t block, size_t i, void **p) {
  sn_sobol *s = arg;
  uint64_t first = block * SN_BLOCK, end = first + SN_BLOCK < s->n ? first + SN_BLOCK : s->n;
  size_t bytes = (size_t)(end - first) * sizeof(double);
  if (i == 0) {
    *p = s->fA + first;
  } else if (i == 1) {
    *p = s->fB + first;
  } else if (i - 2 <= s->k) {
    *p = s->fAB + (i - 2) * s->n + first;
  } else {
    return 0;
  }
  return bytes;
}

static int sn_sobol_cmp(const void *a, const void *b) {
  const pl_sens_sobol *x = a, *y = b;
  double sx = isnan(x->st) ? -INFINITY : x->st, sy = isnan(y->st) ? -INFINITY : y->st;
  if (sx != sy) {
    return sx > sy ? -1 : 1;
  }
  return x->param < y->param ? -1 : x->param > y->param;
}

/* The scenario of the Sobol design: sc with every ranged input made uniform on its range. */
static pl_status sn_sobol_scenario(const pl_scenario *sc, const pl_sens_options *opt,
                                   pl_scenario **out) {
  pl_status st = pl_scenario_copy(sc, out);
  if (st != PL_OK) {
    return st;
  }
  for (size_t r = 0; r < opt->n_ranges; r++) {
    if (opt->ranges[r].param != SIZE_MAX) { /* a setting is not drawn per trial: tornado only */
      (*out)->params[opt->ranges[r].param].dist =
          (pl_dist){PL_DIST_UNIFORM, opt->ranges[r].lo, opt->ranges[r].hi, 0.0};
    }
  }
  return pli_scn_reindex(*out);
}

static pl_status sn_run_sobol(const pl_scenario *sc0, const pl_sens_options *opt,
                              pl_sens_result *res, uint64_t *played) {
  pl_scenario *sc = NULL;
  pl_status rc = sn_sobol_scenario(sc0, opt, &sc);
  if (rc != PL_OK) {
    pl_scenario_free(sc);
    return rc;
  }
  uint64_t n = res->samples;
  size_t k = sc->n_uncertain;
  sn_sobol s = {n, k, sc->uncertain, NULL, NULL, NULL};
  s.fA = calloc(n, sizeof *s.fA); /* zeros: under MPI a rank fills only its blocks */
  s.fB = calloc(n, sizeof *s.fB);
  s.fAB = calloc((k + 1) * n, sizeof *s.fAB);
  res->sobol = calloc(k + 1, sizeof *res->sobol);
  sn_ctx c = {0};
  c.played = *played;
  c.target = *played + n * (k + 3);
  if (s.fA == NULL || s.fB == NULL || s.fAB == NULL || res->sobol == NULL) {
    rc = PL_ENOMEM;
  }
  if (rc == PL_OK) {
    rc = sn_ctx_init(&c, sc, opt);
  }
  uint64_t done = 0, n_blocks = n / SN_BLOCK + (n % SN_BLOCK != 0);
  if (rc == PL_OK) {
    rc = sn_run_blocks(&c, n, k + 3, sn_sobol_block, sn_sobol_slot, &s, &done);
  }
  *played = c.played;
  uint64_t rows = done == n_blocks ? n : done * SN_BLOCK;
  res->samples = rows;
  if ((rc == PL_OK || rc == PL_EINTERRUPTED) && rows >= 2) {
    /* Keep the rows where every evaluation is defined (all of them for the agreement output),
     * compacting in place in row order. */
    uint64_t used = 0;
    for (uint64_t r = 0; r < rows; r++) {
      int ok = !isnan(s.fA[r]) && !isnan(s.fB[r]);
      for (size_t i = 0; ok && i <= k; i++) {
        ok = !isnan(s.fAB[i * n + r]);
      }
      if (ok) {
        s.fA[used] = s.fA[r];
        s.fB[used] = s.fB[r];
        for (size_t i = 0; i <= k; i++) {
          s.fAB[i * n + used] = s.fAB[i * n + r];
        }
        used++;
      }
    }
    res->rows_used = used;
    const double **cols = malloc((k + 1) * sizeof *cols);
    pli_sobol_index *idx = malloc((k + 1) * sizeof *idx);
    pli_sobol_moments mom = {NAN, NAN, 0};
    pl_status st = cols == NULL || idx == NULL ? PL_ENOMEM : PL_OK;
    for (size_t i = 0; st == PL_OK && i <= k; i++) {
      cols[i] = s.fAB + i * n;
    }
    if (st == PL_OK && used >= 2) {
      st = pli_sobol_indices(s.fA, s.fB, cols, used, k + 1, res->bootstrap, sc->seed, idx, &mom);
    } else if (st == PL_OK) {
      for (size_t i = 0; i <= k; i++) {
        idx[i] = (pli_sobol_index){NAN, NAN, NAN, NAN, NAN, NAN};
      }
    }
    if (st == PL_OK) {
      res->n_sobol = k + 1;
      res->sobol_mean = mom.mean;
      res->sobol_var = mom.var;
      for (size_t i = 0; i <= k; i++) {
        res->sobol[i] = (pl_sens_sobol){i < k ? s.param[i] : SIZE_MAX,
                                        idx[i].s1,
                                        idx[i].s1_lo,
                                        idx[i].s1_hi,
                                        idx[i].st,
                                        idx[i].st_lo,
                                        idx[i].st_hi};
      }
      qsort(res->sobol, res->n_sobol, sizeof *res->sobol, sn_sobol_cmp);
    } else {
      rc = st;
    }
    free(cols);
    free(idx);
  }
  if (rc == PL_OK && c.stopped) {
    rc = PL_EINTERRUPTED;
  }
  sn_ctx_free(&c);
  free(s.fA);
  free(s.fB);
  free(s.fAB);
  pl_scenario_free(sc);
  return rc;
}

/* ---- P(agreement | judgements) ---- */

typedef struct {
  uint64_t m, l;
  double *p; /* [m] */
} sn_judge;

static pl_status sn_judge_block(sn_ctx *c, int thread, uint64_t block, void *arg,
                                pl_trial_failure *fail) {
  sn_judge *j = arg;
  pl_workspace *ws = c->ws[thread];
  uint64_t first = block * SN_BLOCK, end = first + SN_BLOCK < j->m ? first + SN_BLOCK : j->m;
  for (uint64_t m = first; m < end; m++) {
    pli_trial_draw(c->sc, ws, m);
    double agree = 0.0;
    for (uint64_t l = 0; l < j->l; l++) {
      double f;
      pl_status st = sn_eval(c, ws, m * j->l + l, &f);
      if (st != PL_OK) {
        return sn_failed(ws, st, fail);
      }
      agree += f;
    }
    j->p[m] = agree / (double)j->l;
  }
  return PL_OK;
}

static size_t sn_judge_slot(void *arg, uint64_t block, size_t i, void **p) {
  sn_judge *j = arg;
  uint64_t first = block * SN_BLOCK, end = first + SN_BLOCK < j->m ? first + SN_BLOCK : j->m;
  if (i > 0) {
    return 0;
  }
  *p = j->p + first;
  return (size_t)(end - first) * sizeof *j->p;
}

static int sn_double_cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static pl_status sn_run_judgements(const pl_scenario *sc, const pl_sens_options *opt,
                                   pl_sens_result *res, uint64_t *played) {
  sn_judge j = {res->judgements, res->lucks, calloc(res->judgements, sizeof(double))};
  sn_ctx c = {0};
  c.played = *played;
  c.target = *played + j.m * j.l;
  pl_status rc = j.p == NULL ? PL_ENOMEM : sn_ctx_init(&c, sc, opt);
  uint64_t done = 0, n_blocks = j.m / SN_BLOCK + (j.m % SN_BLOCK != 0);
  if (rc == PL_OK) {
    rc = sn_run_blocks(&c, j.m, j.l, sn_judge_block, sn_judge_slot, &j, &done);
  }
  *played = c.played;
  uint64_t m = done == n_blocks ? j.m : done * SN_BLOCK;
  res->judgements = m;
  if ((rc == PL_OK || c.stopped) && m > 0) {
    double sum = 0.0, noise = 0.0;
    for (uint64_t i = 0; i < m; i++) {
      sum += j.p[i];
      noise += j.p[i] * (1.0 - j.p[i]);
      res->pj_hist[j.p[i] >= 1.0 ? PL_SENS_HIST_BINS - 1 : (size_t)(j.p[i] * PL_SENS_HIST_BINS)]++;
    }
    double mean = sum / (double)m, ss = 0.0;
    for (uint64_t i = 0; i < m; i++) {
      ss += (j.p[i] - mean) * (j.p[i] - mean);
    }
    double var = m > 1 ? ss / (double)(m - 1) : 0.0;
    /* E[p^(1 - p^)] = p(1 - p)(L - 1)/L and Var(p^ | p) = p(1 - p)/L = E[p^(1 - p^)]/(L - 1). */
    double binom = j.l > 1 ? noise / (double)m / (double)(j.l - 1) : 0.0;
    res->pj_mean = mean;
    res->pj_sd = sqrt(var);
    res->pj_sd_true = var > binom ? sqrt(var - binom) : 0.0;
    qsort(j.p, m, sizeof *j.p, sn_double_cmp);
    const double qs[5] = {0.05, 0.25, 0.5, 0.75, 0.95};
    for (int q = 0; q < 5; q++) { /* linear interpolation between order statistics */
      double at = qs[q] * (double)(m - 1);
      size_t lo = (size_t)at;
      double frac = at - (double)lo;
      res->pj_q[q] = lo + 1 < m ? j.p[lo] + frac * (j.p[lo + 1] - j.p[lo]) : j.p[lo];
    }
  }
  if (rc == PL_OK && c.stopped) {
    rc = PL_EINTERRUPTED;
  }
  sn_ctx_free(&c);
  free(j.p);
  return rc;
}

/* ---- entry points ---- */

void pl_sens_free(pl_sens_result *r) {
  if (r == NULL) {
    return;
  }
  for (size_t t = 0; r->tornado != NULL && t < r->n_tornado; t++) {
    free((char *)(uintptr_t)r->tornado[t].path);
  }
  free(r->tornado);
  free(r->sobol);
  free(r);
}

pl_status pl_sens_run(const pl_scenario *sc, const pl_sens_options *opt, pl_sens_result **out) {
  if (out == NULL) {
    return PL_EINVAL;
  }
  *out = NULL;
  if (sc == NULL || opt == NULL) {
    return PL_EINVAL;
  }
  unsigned methods = opt->methods != 0 ? opt->methods : PL_SENS_ALL;
  double ql = opt->q_low > 0.0 ? opt->q_low : 0.05, qh = opt->q_high > 0.0 ? opt->q_high : 0.95;
  uint64_t samples = opt->samples > 0 ? opt->samples : PL_SENS_DEFAULT_SAMPLES;
  if (!(ql > 0.0 && ql < qh && qh < 1.0) || samples < 2 || samples > PL_SENS_MAX_SAMPLES ||
      opt->output_issue >= (long)sc->n_issues || opt->output_issue < -1 ||
      (opt->output_issue >= 0 && opt->methods != 0 && (opt->methods & PL_SENS_JUDGEMENTS)) ||
      (opt->trials > PL_MAX_TRIALS)) {
    return PL_EINVAL;
  }
  if (opt->output_issue >= 0) {
    methods &= ~PL_SENS_JUDGEMENTS; /* defined for the agreement output only */
  }
  for (size_t r = 0; r < opt->n_ranges; r++) {
    const pl_sens_range *g = &opt->ranges[r];
    pli_domain d;
    double lo, hi;
    if (!(g->lo <= g->hi) || (g->param == SIZE_MAX ? g->path == NULL : g->param >= sc->n_params)) {
      return PL_EINVAL;
    }
    if (g->param == SIZE_MAX) {
      continue; /* checked when its scenarios are made (pl_scenario_set) */
    }
    pli_scn_param_domain(sc, g->param, &d, &lo, &hi);
    if (!pli_schema_in_domain(d, g->lo, lo, hi) || !pli_schema_in_domain(d, g->hi, lo, hi)) {
      return PL_EINVAL;
    }
  }
  pl_sens_result *res = calloc(1, sizeof *res);
  if (res == NULL) {
    return PL_ENOMEM;
  }
  res->methods = methods;
  res->seed = sc->seed;
  res->output_issue = opt->output_issue;
  res->q_low = ql;
  res->q_high = qh;
  res->trials = opt->trials > 0 ? opt->trials : sc->trials;
  res->samples = samples;
  res->bootstrap = opt->bootstrap > 0 ? opt->bootstrap : 1000;
  res->judgements = opt->judgements > 0 ? opt->judgements : 1000;
  res->lucks = opt->lucks > 0 ? opt->lucks : 200;
  res->baseline = res->baseline_lo = res->baseline_hi = NAN;
  res->sobol_mean = res->sobol_var = NAN;
  res->pj_mean = res->pj_sd = res->pj_sd_true = NAN;
  for (int q = 0; q < 5; q++) {
    res->pj_q[q] = NAN;
  }
  pl_status rc = PL_OK;
  uint64_t played = 0;
  if (methods & PL_SENS_TORNADO) {
    rc = sn_run_tornado(sc, opt, res, &played);
    res->done |= rc == PL_OK ? PL_SENS_TORNADO : 0u;
  }
  if (rc == PL_OK && (methods & PL_SENS_SOBOL)) {
    rc = sn_run_sobol(sc, opt, res, &played);
    res->done |= rc == PL_OK ? PL_SENS_SOBOL : 0u;
  }
  if (rc == PL_OK && (methods & PL_SENS_JUDGEMENTS)) {
    rc = sn_run_judgements(sc, opt, res, &played);
    res->done |= rc == PL_OK ? PL_SENS_JUDGEMENTS : 0u;
  }
  res->played = played;
  res->complete = res->done == methods;
  if (rc != PL_OK && rc != PL_EINTERRUPTED) {
    pl_sens_free(res);
    return rc;
  }
  *out = res;
  return rc;
}

int pl_sens_label(const pl_scenario *sc, size_t k, char *buf, size_t n) {
  if (k == SIZE_MAX) {
    return snprintf(buf, n, "luck of the rounds");
  }
  size_t i, j;
  pli_field f;
  pli_scn_param_locate(sc, k, &i, &f, &j);
  if (f == PLI_FIELD_COUNT) {
    const pli_setting_def *def = pli_schema_setting((pli_setting)j);
    if ((pli_setting)j == PLI_SETTING_BREAKDOWN) {
      return snprintf(buf, n, "breakdown risk per round");
    }
    if ((pli_setting)j == PLI_SETTING_NOISE) {
      return snprintf(buf, n, "acceptance noise");
    }
    return snprintf(buf, n, "%s %s", def->section, def->key);
  }
  const pli_field_def *def = pli_schema_field(f);
  const char *who = sc->agents[i].label;
  switch (def->shape) {
  case PLI_SHAPE_ISSUE: {
    const pli_issue *is = &sc->issues[j];
    if (f == PLI_FIELD_POSITION && is->unit[0] != '\0') {
      return snprintf(buf, n, "%s: %s on %s (%s)", who, def->key, is->label, is->unit);
    }
    return snprintf(buf, n, "%s: %s on %s", who, def->key, is->label);
  }
  case PLI_SHAPE_PARTY:
    return snprintf(buf, n, "%s: %s on %s", who, def->key, sc->agents[sc->parties[j]].label);
  case PLI_SHAPE_SCALAR:
    break;
  }
  return snprintf(buf, n, "%s: %s", who, def->key);
}
