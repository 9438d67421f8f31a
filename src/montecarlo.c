/*
 * montecarlo.c — many trials in parallel, aggregated so that the result does not depend on the
 * number of threads (docs/model.md, "Monte Carlo"). The only file of parley with #pragma omp.
 *
 * Work is cut into fixed blocks of PL_MC_BLOCK consecutive trial indices (block b holds trials
 * b * PL_MC_BLOCK ...), and blocks into batches of PL_MC_BATCH blocks. Both sizes are constants:
 * nothing depends on the thread count. Threads take blocks in increasing order from a shared
 * counter (a dynamic schedule: a slow block holds up nobody) and run each into a block record of
 * a ring of PL_MC_RING(threads) records: integer counts, the per-trial (outcome, round) codes and
 * histogram bins of agreement points, and floating-point partial results computed in trial order
 * inside the block (Welford means and squared deviations of the agreement point, sums of
 * utilities). The calling thread (OpenMP thread 0), between its own blocks and whenever
 * it waits, merges finished blocks in block order (Chan, Golub and LeVeque 1979 for the moments),
 * so every floating-point operation happens in the same order whatever the schedule: summaries
 * are byte-identical for any thread count. Block b may start only once block b - ring size has
 * been merged, so the ring bounds how far threads run ahead; there is no barrier between batches.
 *
 * Invariants: memory is O(threads), never O(trials); per-thread workspaces are allocated once per
 * run; block records are 64-byte aligned and padded, so two threads never write the same cache
 * line. A block is published by storing its index + 1 in its record's `done` (release) and
 * reclaimed by storing the count of merged blocks in `merged` (release). Each time the merged
 * count reaches a multiple of PL_MC_BATCH (or the end), and only there, the calling thread reports
 * progress and honours a stop request that came after the blocks now running had started; a
 * thread that sees the stop flag before starting a block does not start it. The precision rule is
 * tested after each merged block, in block order, so where a precision run stops is
 * deterministic too.
 */
#include "parley/montecarlo.h"

#include <math.h>
#include <omp.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "parley/stats.h"
#include "scenario_impl.h"

#define PL_MC_BLOCK 1024u /* trials per block: the unit of work and of aggregation order */
#define PL_MC_BATCH 64u   /* blocks per batch: the unit of progress reports and stop checks */
/* Block records in the ring for nt threads: one running and one waiting to be merged per thread,
 * and some slack, since the calling thread merges only between its own blocks. */
#define PL_MC_RING(nt) (2u * (size_t)(nt) + 4u)
#define PL_MC_BINS 1000u /* histogram bins per issue: quantiles resolve (max - min) / 1000 */
#define PL_MC_ALIGN 64u

/* One block's partial results. Arrays point into the ring's data area (64-byte aligned). */
typedef struct {
  _Alignas(PL_MC_ALIGN) atomic_uint_fast64_t done; /* index + 1 of the block last finished here
                                                      (every trial ran, or one failed: status) */
  pl_status status;
  uint64_t n;          /* trials in the block */
  uint64_t agreements; /* agreements among them */
  uint64_t outcomes[PL_N_OUTCOMES];
  double *mean, *m2;   /* [n_issues] Welford over the block's agreement points, trial order */
  double *vmin, *vmax; /* [n_issues] smallest and largest agreement point */
  double *usum;        /* [n_agents] sum of utility0 over the block's agreements, trial order */
  uint64_t *responses, *rejections; /* [n_agents] */
  uint32_t *code;                   /* [PL_MC_BLOCK] rounds * 4 + outcome, per trial */
  uint16_t *bins; /* [PL_MC_BLOCK * n_issues] agreement k's bin on issue j at k * n + j */
  /* Per-trial rows, only when on_trial is set: */
  double *row_point;            /* [PL_MC_BLOCK * n_issues] */
  double *row_u0;               /* [PL_MC_BLOCK * n_agents] */
  unsigned *row_rej, *row_resp; /* [PL_MC_BLOCK * n_agents] */
} pl_mc_block;

typedef struct {
  pl_mc_block *blocks; /* [count]: block b lives in record b % count */
  size_t count;
  void *data;
} pl_mc_ring;

static size_t pl_mc_round(size_t bytes) {
  return (bytes + PL_MC_ALIGN - 1) / PL_MC_ALIGN * PL_MC_ALIGN;
}

/* Frees bt's storage and leaves it empty (so freeing twice is harmless). */
static void pl_mc_ring_free(pl_mc_ring *bt) {
  free(bt->blocks);
  free(bt->data);
  bt->blocks = NULL;
  bt->data = NULL;
}

static pl_status pl_mc_ring_alloc(size_t n, size_t m, int rows, size_t count, pl_mc_ring *bt) {
  size_t per = pl_mc_round(n * sizeof(double)) * 4 + pl_mc_round(m * sizeof(double)) +
               pl_mc_round(m * sizeof(uint64_t)) * 2 + pl_mc_round(PL_MC_BLOCK * sizeof(uint32_t)) +
               pl_mc_round(PL_MC_BLOCK * n * sizeof(uint16_t));
  if (rows)
    per += pl_mc_round(PL_MC_BLOCK * n * sizeof(double)) +
           pl_mc_round(PL_MC_BLOCK * m * sizeof(double)) +
           pl_mc_round(PL_MC_BLOCK * m * sizeof(unsigned)) * 2;
  bt->count = count;
  bt->blocks = aligned_alloc(PL_MC_ALIGN, count * sizeof(pl_mc_block));
  bt->data = aligned_alloc(PL_MC_ALIGN, count * per);
  if (bt->blocks == NULL || bt->data == NULL) {
    pl_mc_ring_free(bt);
    return PL_ENOMEM;
  }
  memset(bt->blocks, 0, count * sizeof(pl_mc_block));
  unsigned char *p = bt->data;
#define PL_MC_CARVE(field, bytes)                                                                  \
  do {                                                                                             \
    blk->field = (void *)p;                                                                        \
    p += pl_mc_round(bytes);                                                                       \
  } while (0)
  for (size_t b = 0; b < count; b++) {
    pl_mc_block *blk = &bt->blocks[b];
    atomic_init(&blk->done, 0);
    PL_MC_CARVE(mean, n * sizeof(double));
    PL_MC_CARVE(m2, n * sizeof(double));
    PL_MC_CARVE(vmin, n * sizeof(double));
    PL_MC_CARVE(vmax, n * sizeof(double));
    PL_MC_CARVE(usum, m * sizeof(double));
    PL_MC_CARVE(responses, m * sizeof(uint64_t));
    PL_MC_CARVE(rejections, m * sizeof(uint64_t));
    PL_MC_CARVE(code, PL_MC_BLOCK * sizeof(uint32_t));
    PL_MC_CARVE(bins, PL_MC_BLOCK * n * sizeof(uint16_t));
    if (rows) {
      PL_MC_CARVE(row_point, PL_MC_BLOCK * n * sizeof(double));
      PL_MC_CARVE(row_u0, PL_MC_BLOCK * m * sizeof(double));
      PL_MC_CARVE(row_rej, PL_MC_BLOCK * m * sizeof(unsigned));
      PL_MC_CARVE(row_resp, PL_MC_BLOCK * m * sizeof(unsigned));
    }
  }
#undef PL_MC_CARVE
  return PL_OK;
}

/* Runs trials [first, first + n) into blk, in trial order (publishing it is the caller's). */
static void pl_mc_run_block(const pl_scenario *sc, pl_workspace *ws, uint64_t first, uint64_t n,
                            int rows, pl_mc_block *blk) {
  size_t ni = sc->n_issues, na = sc->n_agents;
  blk->status = PL_OK;
  blk->n = n;
  blk->agreements = 0;
  memset(blk->outcomes, 0, sizeof blk->outcomes);
  memset(blk->mean, 0, ni * sizeof(double));
  memset(blk->m2, 0, ni * sizeof(double));
  for (size_t j = 0; j < ni; j++) {
    blk->vmin[j] = HUGE_VAL;
    blk->vmax[j] = -HUGE_VAL;
  }
  memset(blk->usum, 0, na * sizeof(double));
  memset(blk->responses, 0, na * sizeof(uint64_t));
  memset(blk->rejections, 0, na * sizeof(uint64_t));
  for (uint64_t k = 0; k < n; k++) {
    pl_trial_result res;
    pl_status st = pl_trial_run(sc, ws, first + k, NULL, &res);
    if (st != PL_OK) {
      blk->status = st;
      blk->n = k;
      break;
    }
    blk->outcomes[res.outcome]++;
    blk->code[k] = (uint32_t)res.rounds * 4u + (uint32_t)res.outcome;
    for (size_t i = 0; i < na; i++) {
      blk->responses[i] += res.responses[i];
      blk->rejections[i] += res.rejections[i];
    }
    if (res.outcome == PL_OUTCOME_AGREEMENT) {
      uint64_t a = ++blk->agreements;
      double inv_a = 1.0 / (double)a;
      uint16_t *bin = blk->bins + (a - 1) * ni;
      for (size_t j = 0; j < ni; j++) {
        double v = res.point[j], d = v - blk->mean[j];
        blk->mean[j] += d * inv_a;
        blk->m2[j] += d * (v - blk->mean[j]);
        if (v < blk->vmin[j])
          blk->vmin[j] = v;
        if (v > blk->vmax[j])
          blk->vmax[j] = v;
        double lo = sc->issues[j].min, hi = sc->issues[j].max;
        double z = (v - lo) / (hi - lo) * PL_MC_BINS;
        bin[j] = (uint16_t)(z >= PL_MC_BINS ? PL_MC_BINS - 1 : (z > 0.0 ? (unsigned)z : 0u));
      }
      for (size_t i = 0; i < na; i++)
        blk->usum[i] += res.utility0[i];
    }
    if (rows) {
      if (res.outcome == PL_OUTCOME_AGREEMENT) {
        memcpy(blk->row_point + k * ni, res.point, ni * sizeof(double));
        memcpy(blk->row_u0 + k * na, res.utility0, na * sizeof(double));
      } else { /* no point: NaN rather than another trial's leftovers */
        for (size_t j = 0; j < ni; j++)
          blk->row_point[k * ni + j] = NAN;
        for (size_t i = 0; i < na; i++)
          blk->row_u0[k * na + i] = NAN;
      }
      memcpy(blk->row_rej + k * na, res.rejections, na * sizeof(unsigned));
      memcpy(blk->row_resp + k * na, res.responses, na * sizeof(unsigned));
    }
  }
}

/* The running totals of a run, merged block by block in block order. */
typedef struct {
  uint64_t trials, agreements;
  double *mean, *m2;   /* [n_issues] */
  double *vmin, *vmax; /* [n_issues] */
  double *usum;        /* [n_agents] */
} pl_mc_totals;

static pl_status pl_mc_merge_block(const pl_scenario *sc, const pl_mc_options *opt, uint64_t first,
                                   const pl_mc_block *blk, pl_summary *s, pl_mc_totals *tot) {
  size_t ni = sc->n_issues, na = sc->n_agents;
  size_t stride = (size_t)sc->max_rounds + 1;
  for (int o = 0; o < PL_N_OUTCOMES; o++)
    s->outcomes[o] += blk->outcomes[o];
  for (uint64_t k = 0; k < blk->n; k++) {
    uint32_t c = blk->code[k];
    s->by_round[(size_t)(c & 3u) * stride + (c >> 2)]++;
  }
  for (uint64_t a = 0; a < blk->agreements; a++)
    for (size_t j = 0; j < ni; j++)
      s->point_hist[j * PL_MC_BINS + blk->bins[a * ni + j]]++;
  for (size_t i = 0; i < na; i++) {
    s->responses[i] += blk->responses[i];
    s->rejections[i] += blk->rejections[i];
    tot->usum[i] += blk->usum[i];
  }
  if (blk->agreements > 0) {
    /* Chan, Golub and LeVeque (1979): pooled mean and sum of squared deviations. */
    double na_ = (double)tot->agreements, nb = (double)blk->agreements, nn = na_ + nb;
    for (size_t j = 0; j < ni; j++) {
      double delta = blk->mean[j] - tot->mean[j];
      tot->mean[j] += delta * (nb / nn);
      tot->m2[j] += blk->m2[j] + delta * delta * (na_ * nb / nn);
      if (blk->vmin[j] < tot->vmin[j])
        tot->vmin[j] = blk->vmin[j];
      if (blk->vmax[j] > tot->vmax[j])
        tot->vmax[j] = blk->vmax[j];
    }
    tot->agreements += blk->agreements;
  }
  tot->trials += blk->n;
  if (opt != NULL && opt->on_trial != NULL) {
    for (uint64_t k = 0; k < blk->n; k++) {
      uint32_t c = blk->code[k];
      pl_trial_result r = {(pl_outcome)(c & 3u),    c >> 2,
                           blk->row_point + k * ni, blk->row_u0 + k * na,
                           blk->row_rej + k * na,   blk->row_resp + k * na};
      pl_status st = opt->on_trial(opt->ctx, first + k, &r);
      if (st != PL_OK)
        return st;
    }
  }
  return PL_OK;
}

static void pl_mc_finish(const pl_scenario *sc, const pl_mc_totals *tot, pl_summary *s) {
  uint64_t n = tot->trials, a = s->outcomes[PL_OUTCOME_AGREEMENT];
  s->trials = n;
  s->p_agreement = n > 0 ? (double)a / (double)n : NAN;
  pl_stats_wilson(a, n, PL_Z95, &s->ci_low, &s->ci_high);
  /* Rounds of agreement, exact from the integer histogram: the mean, and the smallest round t
   * whose cumulative count reaches q * agreements (the inverse of the empirical CDF). */
  s->rounds_mean = s->rounds_p50 = s->rounds_p90 = NAN;
  if (a > 0) {
    const uint64_t *h = s->by_round + (size_t)PL_OUTCOME_AGREEMENT * (sc->max_rounds + 1u);
    uint64_t weighted = 0, cum = 0;
    for (unsigned t = 1; t <= sc->max_rounds; t++) {
      weighted += (uint64_t)t * h[t];
      cum += h[t];
      if (isnan(s->rounds_p50) && 2 * cum >= a)
        s->rounds_p50 = t;
      if (isnan(s->rounds_p90) && 10 * cum >= 9 * a)
        s->rounds_p90 = t;
    }
    s->rounds_mean = (double)weighted / (double)a;
  }
  for (size_t j = 0; j < s->n_issues; j++) {
    pl_stat5 *p = &s->point[j];
    const uint64_t *h = s->point_hist + j * s->n_bins;
    double lo = sc->issues[j].min, hi = sc->issues[j].max;
    if (a == 0) {
      p->mean = p->sd = p->p05 = p->p50 = p->p95 = NAN;
      continue;
    }
    p->mean = tot->mean[j];
    p->sd = a > 1 ? sqrt(tot->m2[j] / (double)(a - 1)) : 0.0;
    /* Histogram quantiles, resolution (max - min) / PL_MC_BINS, never outside the observed range
     * (so a point that never varies has that value as every quantile). */
    double q[3] = {0.05, 0.50, 0.95}, v[3];
    for (int k = 0; k < 3; k++) {
      v[k] = pl_stats_hist_quantile(h, s->n_bins, lo, hi, q[k]);
      v[k] = v[k] < tot->vmin[j] ? tot->vmin[j] : (v[k] > tot->vmax[j] ? tot->vmax[j] : v[k]);
    }
    p->p05 = v[0];
    p->p50 = v[1];
    p->p95 = v[2];
  }
  for (size_t i = 0; i < s->n_agents; i++) {
    s->mean_utility[i] = a > 0 ? tot->usum[i] / (double)a : NAN;
    s->rejection_rate[i] = sc->agents[i].role == PL_ROLE_PARTY && s->responses[i] > 0
                               ? (double)s->rejections[i] / (double)s->responses[i]
                               : NAN;
  }
}

void pl_summary_free(pl_summary *s) {
  if (s == NULL)
    return;
  free(s->by_round);
  free(s->point);
  free(s->point_hist);
  free(s->mean_utility);
  free(s->responses);
  free(s->rejections);
  free(s->rejection_rate);
  free(s);
}

static pl_summary *pl_summary_new(const pl_scenario *sc) {
  pl_summary *s = calloc(1, sizeof *s);
  if (s == NULL)
    return NULL;
  size_t ni = sc->n_issues, na = sc->n_agents;
  s->seed = sc->seed;
  s->max_rounds = sc->max_rounds;
  s->n_issues = ni;
  s->n_bins = PL_MC_BINS;
  s->n_agents = na;
  s->by_round = calloc((size_t)PL_N_OUTCOMES * (sc->max_rounds + 1u), sizeof(uint64_t));
  s->point = calloc(ni, sizeof(pl_stat5));
  s->point_hist = calloc(ni * PL_MC_BINS, sizeof(uint64_t));
  s->mean_utility = calloc(na, sizeof(double));
  s->responses = calloc(na, sizeof(uint64_t));
  s->rejections = calloc(na, sizeof(uint64_t));
  s->rejection_rate = calloc(na, sizeof(double));
  if (s->by_round == NULL || s->point == NULL || s->point_hist == NULL || s->mean_utility == NULL ||
      s->responses == NULL || s->rejections == NULL || s->rejection_rate == NULL) {
    pl_summary_free(s);
    return NULL;
  }
  return s;
}

/* Wilson 95% half-width of P(agreement) reached the requested precision? */
static int pl_mc_precise(const pl_summary *s, uint64_t trials, double eps) {
  double lo, hi;
  pl_stats_wilson(s->outcomes[PL_OUTCOME_AGREEMENT], trials, PL_Z95, &lo, &hi);
  return 0.5 * (hi - lo) <= eps;
}

/* The counters threads share, each pair on a cache line of its own: all threads write `next` and
 * `halt`; all read `merged`, which only the calling thread writes. */
typedef struct {
  _Alignas(PL_MC_ALIGN) atomic_uint_fast64_t next; /* the next block to hand out */
  atomic_int halt; /* 1: start no more blocks (stop, precision reached, or an error) */
} pl_mc_claims;

typedef struct {
  _Alignas(PL_MC_ALIGN) atomic_uint_fast64_t merged; /* blocks [0, merged) are merged */
} pl_mc_progress;

/* What the threads of a run share: the counters, and fields that are read-only while threads run
 * except those only the calling thread (OpenMP thread 0, the one that merges) writes and reads:
 * the summary and totals, status and the flags. */
typedef struct {
  pl_mc_claims c;
  pl_mc_progress p;
  const pl_scenario *sc;
  const pl_mc_options *opt;
  pl_mc_ring *ring;
  pl_summary *s;
  pl_mc_totals *tot;
  uint64_t n_blocks, target;
  double eps;
  pl_status status;
  int finished, interrupted, closed; /* closed: nothing more is merged */
} pl_mc_shared;

/* Calling thread only: merges, in block order, every block that is finished and next in line;
 * reports progress and honours the stop flag when the merged count reaches a batch boundary. */
static void pl_mc_merge_ready(pl_mc_shared *sh) {
  const pl_mc_options *opt = sh->opt;
  while (!sh->closed) {
    uint64_t u = atomic_load_explicit(&sh->p.merged, memory_order_relaxed);
    if (u >= sh->n_blocks)
      break;
    const pl_mc_block *blk = &sh->ring->blocks[u % sh->ring->count];
    if (atomic_load_explicit(&blk->done, memory_order_acquire) != u + 1)
      break; /* not finished (or not started) yet */
    pl_status st = pl_mc_merge_block(sh->sc, opt, u * PL_MC_BLOCK, blk, sh->s, sh->tot);
    if (st == PL_OK && blk->status != PL_OK)
      st = blk->status;
    if (st == PL_OK && sh->eps > 0.0 && pl_mc_precise(sh->s, sh->tot->trials, sh->eps))
      sh->finished = 1;
    atomic_store_explicit(&sh->p.merged, u + 1, memory_order_release); /* the record is free */
    if (st != PL_OK) {
      sh->status = st;
      sh->closed = 1;
      break;
    }
    if (sh->finished || (u + 1) % PL_MC_BATCH == 0 || u + 1 == sh->n_blocks) {
      if (opt->progress != NULL)
        opt->progress(opt->ctx, sh->tot->trials, sh->target);
      if (sh->finished) {
        sh->closed = 1;
      } else if (u + 1 < sh->n_blocks && opt->stop != NULL && *opt->stop != 0) {
        sh->interrupted = 1;
        sh->closed = 1;
      }
    }
  }
  if (sh->closed)
    atomic_store(&sh->c.halt, 1);
}

/* One thread's share of a run: take the next block, wait until its ring record is free, run it,
 * publish it; thread 0 merges whatever is ready between blocks and while it waits. */
static void pl_mc_work(pl_mc_shared *sh, pl_workspace *ws, int is_main) {
  const pl_mc_options *opt = sh->opt;
  const uint64_t count = sh->ring->count;
  for (;;) {
    if (is_main)
      pl_mc_merge_ready(sh);
    if (atomic_load(&sh->c.halt))
      return;
    uint64_t b = atomic_fetch_add(&sh->c.next, 1);
    if (b >= sh->n_blocks)
      return;
    while (b >= atomic_load_explicit(&sh->p.merged, memory_order_acquire) + count) {
      if (atomic_load(&sh->c.halt))
        return;
      if (is_main)
        pl_mc_merge_ready(sh);
      sched_yield();
    }
    if (opt->stop != NULL && *opt->stop != 0) {
      atomic_store(&sh->c.halt, 1); /* stopping: blocks not yet started are not started */
      return;
    }
    uint64_t first = b * PL_MC_BLOCK;
    uint64_t n = sh->target - first < PL_MC_BLOCK ? sh->target - first : PL_MC_BLOCK;
    pl_mc_block *blk = &sh->ring->blocks[b % count];
    pl_mc_run_block(sh->sc, ws, first, n, opt->on_trial != NULL, blk);
    atomic_store_explicit(&blk->done, b + 1, memory_order_release);
  }
}

pl_status pl_mc_run(const pl_scenario *sc, const pl_mc_options *opt, pl_summary **out) {
  if (out == NULL)
    return PL_EINVAL;
  *out = NULL;
  if (sc == NULL || sc->n_issues == 0 || sc->n_agents == 0 || sc->max_rounds == 0)
    return PL_EINVAL;
  const pl_mc_options defaults = {0};
  if (opt == NULL)
    opt = &defaults;
  const double eps = opt->precision > 0.0 ? opt->precision : 0.0;
  const uint64_t target =
      eps > 0.0 ? (opt->max_trials > 0 ? opt->max_trials : PL_MAX_TRIALS) : sc->trials;
  const int rows = opt->on_trial != NULL;
  int nt = opt->threads > 0 ? (int)opt->threads : omp_get_max_threads();
  if (nt < 1)
    nt = 1;

  pl_status status = PL_OK;
  pl_summary *s = pl_summary_new(sc);
  pl_workspace **wss = calloc((size_t)nt, sizeof *wss);
  pl_mc_ring bt = {NULL, 0, NULL};
  pl_mc_totals tot = {0,
                      0,
                      calloc(sc->n_issues, sizeof(double)),
                      calloc(sc->n_issues, sizeof(double)),
                      malloc(sc->n_issues * sizeof(double)),
                      malloc(sc->n_issues * sizeof(double)),
                      calloc(sc->n_agents, sizeof(double))};
  if (s == NULL || wss == NULL || tot.mean == NULL || tot.m2 == NULL || tot.vmin == NULL ||
      tot.vmax == NULL || tot.usum == NULL)
    status = PL_ENOMEM;
  for (size_t j = 0; status == PL_OK && j < sc->n_issues; j++) {
    tot.vmin[j] = HUGE_VAL;
    tot.vmax[j] = -HUGE_VAL;
  }
  for (int t = 0; status == PL_OK && t < nt; t++)
    status = pl_workspace_alloc(sc, &wss[t]);
  if (status == PL_OK)
    status = pl_mc_ring_alloc(sc->n_issues, sc->n_agents, rows, PL_MC_RING(nt), &bt);

  const uint64_t n_blocks = target / PL_MC_BLOCK + (target % PL_MC_BLOCK != 0);
  pl_mc_shared sh;
  memset(&sh, 0, sizeof sh);
  atomic_init(&sh.c.next, 0);
  atomic_init(&sh.p.merged, 0);
  atomic_init(&sh.c.halt, 0);
  sh.sc = sc;
  sh.opt = opt;
  sh.ring = &bt;
  sh.s = s;
  sh.tot = &tot;
  sh.n_blocks = n_blocks;
  sh.target = target;
  sh.eps = eps;
  sh.status = PL_OK;
  if (status == PL_OK) {
#pragma omp parallel num_threads(nt)
    pl_mc_work(&sh, wss[omp_get_thread_num()], omp_get_thread_num() == 0);
    pl_mc_merge_ready(&sh); /* what finished after the calling thread's last look */
    status = sh.status;
    if (status == PL_OK && !sh.finished &&
        atomic_load_explicit(&sh.p.merged, memory_order_relaxed) < n_blocks)
      sh.interrupted = 1; /* a stop request left blocks unrun */
  }
  const int interrupted = sh.interrupted;

  for (int t = 0; wss != NULL && t < nt; t++)
    pl_workspace_free(wss[t]);
  free(wss);
  pl_mc_ring_free(&bt);
  if (status == PL_OK) {
    pl_mc_finish(sc, &tot, s);
    s->complete = !interrupted;
    *out = s;
    s = NULL;
    if (interrupted)
      status = PL_EINTERRUPTED;
  }
  pl_summary_free(s);
  free(tot.mean);
  free(tot.m2);
  free(tot.vmin);
  free(tot.vmax);
  free(tot.usum);
  return status;
}
