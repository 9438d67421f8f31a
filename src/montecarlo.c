/*
 * montecarlo.c — many trials in parallel, aggregated so that the result does not depend on the
 * number of threads (docs/model.md, "Monte Carlo"). The only file of parley with #pragma omp.
 *
 * Work is cut into fixed blocks of PLI_MC_BLOCK consecutive trial indices (block b holds trials
 * b * PLI_MC_BLOCK ...), and blocks into batches of PLI_MC_BATCH blocks. Both sizes are constants:
 * nothing depends on the thread count. Threads take blocks in increasing order from a shared
 * counter (a dynamic schedule: a slow block holds up nobody) and run each into a block record of
 * a ring of PLI_MC_RING(threads) records: the block's accumulator (accum.h: counts, a per-trial log
 * of histogram entries, and floating-point partial results computed in trial order inside the
 * block) and, when asked for, its per-trial rows. The calling thread (OpenMP thread 0), between
 * its own blocks and whenever it waits, merges finished blocks into the running totals (an
 * accumulator too) in block order, so every floating-point operation happens in the same order
 * whatever the schedule: summaries are byte-identical for any thread count. Block b may start
 * only once block b - ring size has been merged, so the ring bounds how far threads run ahead;
 * there is no barrier between batches.
 *
 * Invariants: memory is O(threads), never O(trials); per-thread workspaces are allocated once per
 * run; block records are 64-byte aligned and padded, so two threads never write the same cache
 * line. A block is published by storing its index + 1 in its record's `done` (release) and
 * reclaimed by storing the count of merged blocks in `merged` (release). Each time the merged
 * count reaches a multiple of PLI_MC_BATCH (or the end), and only there, the calling thread reports
 * progress and honours a stop request that came after the blocks now running had started; a
 * thread that sees the stop flag before starting a block does not start it. The precision rule is
 * tested after each merged block, in block order, so where a precision run stops is
 * deterministic too.
 *
 * Shared with other processes (pl_mc_options.cluster, cluster.h: MPI ranks, shards), this process
 * runs only its part's blocks (global block part + k * parts is its local block k, and the ring
 * and the shared counters count local blocks). The root merges every block in global order: its
 * own from the ring, the others' unpacked into the ring's spare record as the cluster delivers
 * them, so the merge order, and with it every byte, is the one of a single process. Any other
 * process hands its blocks on (put) in order, merges them into totals of its own, and stops when
 * the root says so; the root alone tests the precision rule.
 */
#include "parley/montecarlo.h"

#include <math.h>
#include <omp.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "accum.h"
#include "cluster.h"
#include "parley/stats.h"
#include "scenario_impl.h"

#define PLI_MC_BLOCK 1024u /* trials per block: the unit of work and of aggregation order */
#define PLI_MC_BATCH 64u   /* blocks per batch: the unit of progress reports and stop checks */
/* Block records in the ring for nt threads: one running and one waiting to be merged per thread,
 * and some slack, since the calling thread merges only between its own blocks. */
#define PLI_MC_RING(nt) (2u * (size_t)(nt) + 4u)
#define PLI_MC_ALIGN 64u

_Static_assert(PL_MAX_TRIALS <= UINT64_MAX - PLI_MC_BLOCK,
               "block indices, first trials and done = index + 1 never wrap");
_Static_assert(PLI_MC_ALIGN % PLI_ACC_ALIGN == 0,
               "accumulator storage carved at PLI_MC_ALIGN offsets is aligned as it needs");
_Static_assert((PLI_MC_ALIGN & (PLI_MC_ALIGN - 1u)) == 0, "PLI_MC_ALIGN is a power of two");

/* One block: its accumulator, and per-trial rows when on_trial is set. Arrays point into the
 * ring's data area (64-byte aligned). */
typedef struct {
  _Alignas(PLI_MC_ALIGN) atomic_uint_fast64_t done; /* index + 1 of the block last finished here
                                                      (every trial ran, or one failed: status) */
  pl_status status;
  pl_trial_failure failure; /* where its failed trial failed (status != PL_OK) */
  pli_acc *acc;             /* the block's trials, in trial order (in the ring's data area) */
  /* Per-trial rows, only when on_trial is set: */
  pl_outcome *row_outcome;      /* [PLI_MC_BLOCK] */
  unsigned *row_rounds;         /* [PLI_MC_BLOCK] */
  double *row_point;            /* [PLI_MC_BLOCK * n_issues] */
  double *row_u0;               /* [PLI_MC_BLOCK * n_agents] */
  unsigned *row_rej, *row_resp; /* [PLI_MC_BLOCK * n_agents] */
  double *row_theta;            /* [PLI_MC_BLOCK * n_params] */
  unsigned *row_event;          /* [PLI_MC_BLOCK * n_events] */
} pli_mc_block;

_Static_assert(_Alignof(pli_mc_block) == PLI_MC_ALIGN && sizeof(pli_mc_block) % PLI_MC_ALIGN == 0,
               "block records never share a cache line, and count * size suits aligned_alloc");

typedef struct {
  pli_mc_block *blocks; /* [count + 1]: local block b lives in record b % count; record count
                           holds a block of another process (cluster.h) while it is merged */
  size_t count;
  size_t acc_bytes, per; /* a record's accumulator, and its whole storage (acc, then rows) */
  void *data;
} pli_mc_ring;

static size_t mc_round(size_t bytes) {
  return (bytes + PLI_MC_ALIGN - 1) / PLI_MC_ALIGN * PLI_MC_ALIGN;
}

/* Frees bt's storage and leaves it empty (so freeing twice is harmless). */
static void mc_ring_free(pli_mc_ring *bt) {
  free(bt->blocks);
  free(bt->data);
  bt->blocks = NULL;
  bt->data = NULL;
}

static pl_status mc_ring_alloc(const pl_scenario *sc, int rows, size_t count, pli_mc_ring *bt) {
  size_t n = sc->n_issues, m = sc->n_agents, np = sc->n_params, ne = sc->n_events;
  size_t acc = mc_round(pli_acc_size(sc, PLI_MC_BLOCK)), per = acc;
  if (rows)
    per += mc_round(PLI_MC_BLOCK * sizeof(pl_outcome)) + mc_round(PLI_MC_BLOCK * sizeof(unsigned)) +
           mc_round(PLI_MC_BLOCK * n * sizeof(double)) +
           mc_round(PLI_MC_BLOCK * m * sizeof(double)) +
           mc_round(PLI_MC_BLOCK * m * sizeof(unsigned)) * 2 +
           mc_round(PLI_MC_BLOCK * np * sizeof(double)) +
           mc_round(PLI_MC_BLOCK * ne * sizeof(unsigned));
  bt->count = count;
  bt->acc_bytes = pli_acc_size(sc, PLI_MC_BLOCK);
  bt->per = per;
  count++; /* the record of blocks from other processes */
  bt->blocks = aligned_alloc(PLI_MC_ALIGN, count * sizeof(pli_mc_block));
  bt->data = aligned_alloc(PLI_MC_ALIGN, count * per);
  if (bt->blocks == NULL || bt->data == NULL) {
    mc_ring_free(bt);
    return PL_ENOMEM;
  }
  memset(bt->blocks, 0, count * sizeof(pli_mc_block));
  memset(bt->data, 0, count * per); /* records sent elsewhere hold no uninitialised byte */
  unsigned char *p = bt->data;
#define PLI_MC_CARVE(field, bytes)                                                                 \
  do {                                                                                             \
    blk->field = (void *)p;                                                                        \
    p += mc_round(bytes);                                                                          \
  } while (0)
  for (size_t b = 0; b < count; b++) {
    pli_mc_block *blk = &bt->blocks[b];
    atomic_init(&blk->done, 0);
    blk->acc = pli_acc_init(sc, PLI_MC_BLOCK, p);
    p += acc;
    if (rows) {
      PLI_MC_CARVE(row_outcome, PLI_MC_BLOCK * sizeof(pl_outcome));
      PLI_MC_CARVE(row_rounds, PLI_MC_BLOCK * sizeof(unsigned));
      PLI_MC_CARVE(row_point, PLI_MC_BLOCK * n * sizeof(double));
      PLI_MC_CARVE(row_u0, PLI_MC_BLOCK * m * sizeof(double));
      PLI_MC_CARVE(row_rej, PLI_MC_BLOCK * m * sizeof(unsigned));
      PLI_MC_CARVE(row_resp, PLI_MC_BLOCK * m * sizeof(unsigned));
      PLI_MC_CARVE(row_theta, PLI_MC_BLOCK * np * sizeof(double));
      PLI_MC_CARVE(row_event, PLI_MC_BLOCK * ne * sizeof(unsigned));
    }
  }
#undef PLI_MC_CARVE
  return PL_OK;
}

/* Runs trials [first, first + n) into blk, in trial order (publishing it is the caller's). */
static void mc_run_block(const pl_scenario *sc, pl_workspace *ws, uint64_t first, uint64_t n,
                         int rows, pli_mc_block *blk) {
  size_t ni = sc->n_issues, na = sc->n_agents, np = sc->n_params;
  blk->status = PL_OK;
  pli_acc_reset(blk->acc);
  for (uint64_t k = 0; k < n; k++) {
    pl_trial_result res;
    pl_status st = pl_trial_run(sc, ws, first + k, NULL, &res);
    if (st != PL_OK) {
      blk->status = st;
      pl_workspace_failure(ws, &blk->failure);
      break;
    }
    pli_acc_add(blk->acc, &res);
    if (rows) {
      blk->row_outcome[k] = res.outcome;
      blk->row_rounds[k] = res.rounds;
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
      memcpy(blk->row_theta + k * np, res.theta, np * sizeof(double));
      if (sc->n_events > 0)
        memcpy(blk->row_event + k * sc->n_events, res.event_round, sc->n_events * sizeof(unsigned));
    }
  }
}

/* Merges blk (the block of trials from `first`) into the totals, then hands its per-trial rows to
 * on_trial, in trial order. */
static pl_status mc_merge_block(const pl_scenario *sc, const pl_mc_options *opt, uint64_t first,
                                const pli_mc_block *blk, pli_acc *tot) {
  size_t ni = sc->n_issues, na = sc->n_agents, np = sc->n_params;
  pli_acc_merge(tot, blk->acc);
  if (opt != NULL && opt->on_trial != NULL) {
    for (uint64_t k = 0; k < pli_acc_trials(blk->acc); k++) {
      /* The rows keep what per_trial.tsv writes, not the last text (on_trial's contract). */
      pl_trial_result r = {blk->row_outcome[k],
                           blk->row_rounds[k],
                           blk->row_point + k * ni,
                           blk->row_u0 + k * na,
                           blk->row_rej + k * na,
                           blk->row_resp + k * na,
                           0,
                           NULL,
                           NULL,
                           blk->row_theta + k * np,
                           sc->n_events > 0 ? blk->row_event + k * sc->n_events : NULL,
                           -1,
                           NAN}; /* the zone diagnostic is not kept per trial */
      pl_status st = opt->on_trial(opt->ctx, first + k, &r);
      if (st != PL_OK)
        return st;
    }
  }
  return PL_OK;
}

/* What mc_precise remembers of its last exact evaluation: the ratio of the exact half-width to
 * Wilson's (0 = none yet) and the trials it was computed at. */
typedef struct {
  double ratio;
  uint64_t at;
} pli_mc_memo;

/* The 95% half-width of P(agreement), by the interval of the run, reached the requested precision?
 * Wilson's is a formula; the exact one costs up to tens of milliseconds at 10^8 trials, too much
 * after each of 10^5 blocks. So, with memo non-NULL, the exact half-width is predicted as Wilson's
 * times the ratio of the two at the last exact evaluation, and computed only when the prediction
 * is within 2e-4 of eps or below, or when the trials have grown by 1/32 since (the ratio tends to
 * 1 like 1/sqrt(n), so it moves by less than 2e-4 in between for n above about 10^4, and below
 * that every block is computed anyway: a block is 1/32 of 32 blocks). A run therefore never stops
 * before the exact half-width is <= eps, stops at the same block for any thread count, and in
 * practice at the first block that meets the target. With memo NULL it is always computed. */
static int mc_precise(const pli_acc *tot, double eps, pl_interval kind, pli_mc_memo *memo) {
  uint64_t k = pli_acc_outcomes(tot, PL_OUTCOME_AGREEMENT), n = pli_acc_trials(tot);
  double lo, hi;
  pl_stats_wilson(k, n, PL_Z95, &lo, &hi);
  double wilson = 0.5 * (hi - lo);
  if (kind == PL_INTERVAL_WILSON)
    return wilson <= eps;
  if (memo != NULL && memo->ratio > 0.0 && n - memo->at < memo->at / 32 &&
      memo->ratio * wilson > eps * (1.0 + 2e-4))
    return 0;
  pl_stats_interval95(kind, k, n, &lo, &hi);
  double half = 0.5 * (hi - lo);
  if (memo != NULL && wilson > 0.0) {
    memo->ratio = half / wilson;
    memo->at = n;
  }
  return half <= eps;
}

/* The counters threads share, each pair on a cache line of its own: all threads write `next` and
 * `halt`; all read `merged`, which only the calling thread writes. */
typedef struct {
  _Alignas(PLI_MC_ALIGN) atomic_uint_fast64_t next; /* the next block to hand out */
  atomic_int halt; /* 1: start no more blocks (stop, precision reached, or an error) */
} pli_mc_claims;

typedef struct {
  _Alignas(PLI_MC_ALIGN) atomic_uint_fast64_t merged; /* blocks [0, merged) are merged */
} pli_mc_progress;

/* What the threads of a run share: the counters, and fields that are read-only while threads run
 * except those only the calling thread (OpenMP thread 0, the one that merges) writes and reads:
 * the totals, status and the flags. */
typedef struct {
  pli_mc_claims c;
  pli_mc_progress p; /* local blocks [0, merged) are merged (their records are free) */
  const pl_scenario *sc;
  const pl_mc_options *opt;
  pli_mc_ring *ring;
  pli_acc *tot;
  uint64_t n_blocks, target;
  /* Sharing with other processes (cluster.h; alone: part 0 of 1, gathering). This process runs
   * global blocks part, part + parts, ... (n_local of them; local block k is global block part +
   * k * parts) and merges, in order, every block (gather) or its own only. */
  pl_cluster *cl;
  unsigned part, parts;
  int gather;
  uint64_t n_local;
  uint64_t next;       /* the global block this process merges next (calling thread only) */
  uint64_t n_merged;   /* blocks merged so far */
  uint64_t own_target; /* trials of the blocks this process merges (progress) */
  unsigned char *wire; /* one record's bytes (cluster runs) */
  size_t wire_bytes;
  double eps;
  pl_interval interval; /* of P(agreement), for the precision rule */
  pli_mc_memo memo;     /* mc_precise's, for an exact interval */
  pl_status status;
  int finished, interrupted, closed; /* closed: nothing more is merged */
  int halted;                        /* the root closed the run (a non-root process) */
} pli_mc_shared;

/* Packs blk, global block g, into sh->wire: header, accumulator, rows (cluster.h). */
static void mc_pack(const pli_mc_shared *sh, uint64_t g, const pli_mc_block *blk) {
  pli_cluster_head h;
  memset(&h, 0, sizeof h);
  h.block = g;
  h.status = (int32_t)blk->status;
  if (blk->status != PL_OK) {
    h.trial = blk->failure.trial;
    h.round = blk->failure.round;
    h.agent = blk->failure.agent;
    h.issue = blk->failure.issue;
    if (blk->failure.what != NULL)
      strncpy(h.what, blk->failure.what, sizeof h.what - 1);
  }
  memcpy(sh->wire, &h, sizeof h);
  pli_acc_pack(blk->acc, sh->wire + sizeof h);
  size_t rows = sh->ring->per - mc_round(sh->ring->acc_bytes);
  memcpy(sh->wire + sizeof h + sh->ring->acc_bytes,
         (const unsigned char *)blk->acc + mc_round(sh->ring->acc_bytes), rows);
}

/* Unpacks sh->wire, which should be global block g, into blk (the spare record). */
static pl_status mc_unpack(pli_mc_shared *sh, uint64_t g, pli_mc_block *blk) {
  pli_cluster_head h;
  memcpy(&h, sh->wire, sizeof h);
  if (h.block != g)
    return PL_EINVAL;
  pl_status st = pli_acc_unpack(blk->acc, sh->wire + sizeof h);
  if (st != PL_OK)
    return st;
  size_t rows = sh->ring->per - mc_round(sh->ring->acc_bytes);
  memcpy((unsigned char *)blk->acc + mc_round(sh->ring->acc_bytes),
         sh->wire + sizeof h + sh->ring->acc_bytes, rows);
  blk->status = (pl_status)h.status;
  if (blk->status != PL_OK) {
    h.what[sizeof h.what - 1] = '\0';
    memcpy(sh->cl->what, h.what, sizeof h.what);
    blk->failure = (pl_trial_failure){h.trial, h.round, (long)h.agent, (long)h.issue, sh->cl->what};
  }
  return PL_OK;
}

/* Calling thread only: merges, in block order, every block that is finished and next in line
 * (its own from the ring, others' through the cluster); reports progress and honours the stop flag
 * when the merged count reaches a batch boundary. */
static void mc_merge_ready(pli_mc_shared *sh) {
  const pl_mc_options *opt = sh->opt;
  pl_cluster *cl = sh->cl;
  while (!sh->closed) {
    uint64_t u = sh->next;
    if (u >= sh->n_blocks)
      break;
    const pli_mc_block *blk;
    pl_status st = PL_OK;
    int local = u % sh->parts == sh->part;
    uint64_t k = u / sh->parts; /* its local index, when local */
    if (local) {
      blk = &sh->ring->blocks[k % sh->ring->count];
      if (atomic_load_explicit(&blk->done, memory_order_acquire) != k + 1)
        break;                                    /* not finished (or not started) yet */
      if (!sh->gather && cl->type->put != NULL) { /* its part goes to the root or a file */
        mc_pack(sh, u, blk);
        st = cl->type->put(cl, u, sh->wire, sh->wire_bytes);
      }
    } else {
      pli_mc_block *spare = &sh->ring->blocks[sh->ring->count];
      int got = 0;
      st = cl->type->get(cl, u, sh->wire, sh->wire_bytes, &got);
      if (st == PL_OK && !got)
        break; /* not arrived yet */
      if (st == PL_OK)
        st = mc_unpack(sh, u, spare);
      if (st == PL_EINTERRUPTED) { /* its process stopped: what came before u is the result */
        sh->interrupted = 1;
        sh->closed = 1;
        break;
      }
      blk = spare;
    }
    if (st == PL_OK)
      st = mc_merge_block(sh->sc, opt, u * PLI_MC_BLOCK, blk, sh->tot);
    if (st == PL_OK && blk->status != PL_OK) {
      st = blk->status;
      if (opt->failure != NULL)
        *opt->failure = blk->failure;
    }
    if (st == PL_OK && sh->gather && sh->eps > 0.0 &&
        mc_precise(sh->tot, sh->eps, sh->interval, &sh->memo))
      sh->finished = 1;
    if (local) /* the record is free */
      atomic_store_explicit(&sh->p.merged, k + 1, memory_order_release);
    sh->next = sh->gather ? u + 1 : u + sh->parts;
    sh->n_merged++;
    if (st != PL_OK) {
      sh->status = st;
      sh->closed = 1;
      break;
    }
    if (sh->finished || sh->n_merged % PLI_MC_BATCH == 0 || sh->next >= sh->n_blocks) {
      if (opt->progress != NULL)
        opt->progress(opt->ctx, pli_acc_trials(sh->tot), sh->own_target);
      if (sh->finished) {
        sh->closed = 1;
      } else if (sh->next < sh->n_blocks && opt->stop != NULL && *opt->stop != 0) {
        sh->interrupted = 1;
        sh->closed = 1;
      }
    }
  }
  if (!sh->closed && !sh->gather && cl != NULL && cl->type->halted != NULL &&
      cl->type->halted(cl)) {
    sh->halted = 1;
    sh->closed = 1;
  }
  if (sh->closed)
    atomic_store(&sh->c.halt, 1);
}

/* Calling thread only, once every block is handed out: merges until every block is merged or the
 * run is halted. It must not leave the parallel region before that: another thread may be waiting
 * for a ring record that only a merge frees (blocks b >= merged + count wait), and the threads meet
 * again only at the region's closing barrier, where nobody merges: leaving early deadlocked runs
 * with more threads than cores (found under load: one thread ran block `merged`, another waited
 * for its record, and the calling thread had gone to the barrier). */
static void mc_drain(pli_mc_shared *sh) {
  while (!sh->closed && !atomic_load(&sh->c.halt) && sh->next < sh->n_blocks) {
    mc_merge_ready(sh);
    sched_yield();
  }
}

/* One thread's share of a run: take the next block, wait until its ring record is free, run it,
 * publish it; thread 0 merges whatever is ready between blocks and while it waits. */
static void mc_work(pli_mc_shared *sh, pl_workspace *ws, int is_main) {
  const pl_mc_options *opt = sh->opt;
  const uint64_t count = sh->ring->count;
  for (;;) {
    if (is_main)
      mc_merge_ready(sh);
    if (atomic_load(&sh->c.halt))
      return;
    uint64_t b = atomic_fetch_add(&sh->c.next, 1); /* a local block index */
    if (b >= sh->n_local) {
      if (is_main)
        mc_drain(sh);
      return;
    }
    while (b >= atomic_load_explicit(&sh->p.merged, memory_order_acquire) + count) {
      if (atomic_load(&sh->c.halt))
        return;
      if (is_main)
        mc_merge_ready(sh);
      sched_yield();
    }
    if (opt->stop != NULL && *opt->stop != 0) {
      atomic_store(&sh->c.halt, 1); /* stopping: blocks not yet started are not started */
      return;
    }
    uint64_t first = (sh->part + b * sh->parts) * PLI_MC_BLOCK;
    uint64_t n = sh->target - first < PLI_MC_BLOCK ? sh->target - first : PLI_MC_BLOCK;
    pli_mc_block *blk = &sh->ring->blocks[b % count];
    mc_run_block(sh->sc, ws, first, n, opt->on_trial != NULL, blk);
    atomic_store_explicit(&blk->done, b + 1, memory_order_release);
  }
}

pl_status pl_mc_run(const pl_scenario *sc, const pl_mc_options *opt, pl_summary **out) {
  if (out == NULL)
    return PL_EINVAL;
  *out = NULL;
  if (sc == NULL || sc->n_issues == 0 || sc->n_agents == 0 || sc->max_rounds == 0)
    return PL_EINVAL;
  /* Counts stay below PL_MAX_TRIALS: the accumulator's overflow checks (accum.c) rely on it. */
  if (sc->trials > PL_MAX_TRIALS || (opt != NULL && opt->max_trials > PL_MAX_TRIALS))
    return PL_EINVAL;
  if (opt != NULL && opt->interval != PL_INTERVAL_WILSON && opt->interval != PL_INTERVAL_EXACT)
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
  pl_workspace **wss = calloc((size_t)nt, sizeof *wss);
  pli_mc_ring bt = {NULL, 0, 0, 0, NULL};
  void *tot_mem = aligned_alloc(PLI_ACC_ALIGN, pli_acc_size(sc, 0));
  pli_acc *tot = tot_mem != NULL ? pli_acc_init(sc, 0, tot_mem) : NULL;
  if (wss == NULL || tot == NULL)
    status = PL_ENOMEM;
  for (int t = 0; status == PL_OK && t < nt; t++)
    status = pl_workspace_alloc(sc, &wss[t]);
  if (status == PL_OK)
    status = mc_ring_alloc(sc, rows, PLI_MC_RING(nt), &bt);

  const uint64_t n_blocks = target / PLI_MC_BLOCK + (target % PLI_MC_BLOCK != 0);
  pli_mc_shared sh;
  memset(&sh, 0, sizeof sh);
  pl_cluster *cl = opt->cluster;
  sh.cl = cl;
  sh.part = cl != NULL ? cl->part : 0;
  sh.parts = cl != NULL && cl->parts > 0 ? cl->parts : 1;
  sh.gather = cl == NULL || cl->root;
  sh.n_local =
      sh.part < sh.parts && n_blocks > sh.part ? (n_blocks - sh.part - 1) / sh.parts + 1 : 0;
  sh.next = sh.gather ? 0 : sh.part;
  sh.own_target = target;
  if (!sh.gather) { /* the trials of its own blocks; the last block may be short */
    sh.own_target = sh.n_local * PLI_MC_BLOCK;
    if (sh.n_local > 0 && (n_blocks - 1) % sh.parts == sh.part)
      sh.own_target -= n_blocks * PLI_MC_BLOCK - target;
  }
  if (status == PL_OK && cl != NULL) {
    sh.wire_bytes = sizeof(pli_cluster_head) + bt.acc_bytes + (bt.per - mc_round(bt.acc_bytes));
    sh.wire = malloc(sh.wire_bytes);
    status = sh.wire == NULL ? PL_ENOMEM : cl->type->begin(cl, sh.wire_bytes);
  }
  atomic_init(&sh.c.next, 0);
  atomic_init(&sh.p.merged, 0);
  atomic_init(&sh.c.halt, 0);
  sh.sc = sc;
  sh.opt = opt;
  sh.ring = &bt;
  sh.tot = tot;
  sh.n_blocks = n_blocks;
  sh.target = target;
  sh.eps = eps;
  sh.interval = opt->interval;
  sh.status = PL_OK;
  if (status == PL_OK) {
#pragma omp parallel num_threads(nt)
    mc_work(&sh, wss[omp_get_thread_num()], omp_get_thread_num() == 0);
    mc_merge_ready(&sh); /* what finished after the calling thread's last look */
    status = sh.status;
    if (status == PL_OK && !sh.finished && !sh.halted && sh.next < n_blocks)
      sh.interrupted = 1; /* a stop request left blocks unrun */
  }
  if (cl != NULL) {
    /* Every process ends the run with the root's status: a process whose own status was OK
     * returns it too, with what it merged itself (nothing to write: it is not the root). */
    pl_status mine = status == PL_OK && sh.interrupted ? PL_EINTERRUPTED : status;
    pl_status all = cl->type->end(cl, mine);
    if (all == PL_EINTERRUPTED) {
      sh.interrupted = 1;
      all = PL_OK;
    }
    if (status == PL_OK)
      status = all;
  }
  free(sh.wire);
  const int interrupted = sh.interrupted;

  for (int t = 0; wss != NULL && t < nt; t++)
    pl_workspace_free(wss[t]);
  free(wss);
  mc_ring_free(&bt);
  if (status == PL_OK) {
    status = pli_acc_finish(tot, out);
    if (status == PL_OK) {
      (*out)->complete = !interrupted;
      pl_summary *s = *out;
      if (opt->interval != PL_INTERVAL_WILSON) { /* the accumulator's summary holds Wilson's */
        s->interval = opt->interval;
        pl_stats_interval95(s->interval, s->outcomes[PL_OUTCOME_AGREEMENT], s->trials, &s->ci_low,
                            &s->ci_high);
        s->half_width = s->trials > 0 ? 0.5 * (s->ci_high - s->ci_low) : NAN;
      }
      s->precision = eps;
      s->precision_met =
          eps > 0.0 && pli_acc_trials(tot) > 0 && mc_precise(tot, eps, s->interval, NULL);
      if (interrupted)
        status = PL_EINTERRUPTED;
    }
  }
  free(tot_mem);
  return status;
}
