/*
 * compare.c — several scenarios on the same trials, paired (parley/compare.h, docs/compare.md).
 *
 * Invariants:
 * - trial k of every scenario is pl_trial_run(sc_s, ws, k): a function of (seed, k) and of the
 *   scenario only, so scenario s's trials are those of `parley run` on it;
 * - work is cut into blocks of CMP_BLOCK consecutive trials (the block size of montecarlo.c, so
 *   that each scenario's floating-point partial results are pooled exactly as `parley run` pools
 *   them); a batch of blocks runs in parallel, each block into its own slot (one accumulator per
 *   scenario, and integer pairing counts), and slots are merged in block order after the batch:
 *   results do not depend on the thread count; a stop request is honoured between batches, so
 *   what completed is a prefix of the blocks;
 * - the pairing is kept as integer counts per (scenario, outcome): trials where only the first
 *   scenario, or only this one, ended with the outcome. The per-trial difference d_k takes the
 *   values -1, 0, 1, so sum d = only_this - only_first and sum d^2 = only_this + only_first.
 */
#include "parley/compare.h"

#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>

#include "accum.h"
#include "parley/stats.h"
#include "scenario_impl.h"

#define CMP_BLOCK 1024u /* = PLI_MC_BLOCK of montecarlo.c: the same pooling as `parley run` */

/* One block's results: per scenario an accumulator, and the pairing counts. */
typedef struct {
  pli_acc **acc;  /* [n] */
  uint64_t *pair; /* [n * PL_N_OUTCOMES * 2]: only_first, only_this */
  pl_status status;
  pl_trial_failure failure;
  size_t failed_scenario;
} cmp_slot;

typedef struct {
  const pl_scenario *const *scs;
  size_t n;
  int nt;
  pl_workspace **ws; /* [nt * n] */
  pl_outcome **outc; /* [nt]: [n] the outcomes of one trial, per thread */
  cmp_slot *slots;   /* [batch] */
  void **mem;        /* [batch * n] accumulator storage */
  uint64_t batch, target;
} cmp_ctx;

void pl_compare_paired(uint64_t n, uint64_t k0, uint64_t ks, uint64_t only_first,
                       uint64_t only_this, pl_compare_diff *out) {
  out->only_first = only_first;
  out->only_this = only_this;
  if (n == 0) {
    out->diff = out->ci_low = out->ci_high = out->unpaired_half = out->ratio = NAN;
    return;
  }
  double dn = (double)n;
  double mean = ((double)only_this - (double)only_first) / dn;
  out->diff = mean;
  double p0 = (double)k0 / dn, ps = (double)ks / dn;
  out->unpaired_half = PL_Z95 * sqrt((p0 * (1.0 - p0) + ps * (1.0 - ps)) / dn);
  if (n < 2) {
    out->ci_low = out->ci_high = out->ratio = NAN;
    return;
  }
  /* Sample variance of d: (sum d^2 - n mean^2) / (n - 1); sum d^2 = discordant trials. */
  double ss = ((double)only_this + (double)only_first) - dn * mean * mean;
  double var = ss > 0.0 ? ss / (dn - 1.0) : 0.0;
  double half = PL_Z95 * sqrt(var / dn);
  out->ci_low = mean - half;
  out->ci_high = mean + half;
  out->ratio = out->unpaired_half > 0.0 ? half / out->unpaired_half : NAN;
}

static void cmp_ctx_free(cmp_ctx *c) {
  for (size_t k = 0; c->ws != NULL && k < (size_t)c->nt * c->n; k++) {
    pl_workspace_free(c->ws[k]);
  }
  for (int t = 0; c->outc != NULL && t < c->nt; t++) {
    free(c->outc[t]);
  }
  for (uint64_t b = 0; c->slots != NULL && b < c->batch; b++) {
    free(c->slots[b].acc);
    free(c->slots[b].pair);
  }
  for (size_t k = 0; c->mem != NULL && k < c->batch * c->n; k++) {
    free(c->mem[k]);
  }
  free(c->ws);
  free(c->outc);
  free(c->slots);
  free(c->mem);
}

static pl_status cmp_ctx_init(cmp_ctx *c) {
  size_t n = c->n;
  c->ws = calloc((size_t)c->nt * n, sizeof *c->ws);
  c->outc = calloc((size_t)c->nt, sizeof *c->outc);
  c->slots = calloc(c->batch, sizeof *c->slots);
  c->mem = calloc(c->batch * n, sizeof *c->mem);
  if (c->ws == NULL || c->outc == NULL || c->slots == NULL || c->mem == NULL) {
    return PL_ENOMEM;
  }
  for (int t = 0; t < c->nt; t++) {
    if ((c->outc[t] = calloc(n, sizeof *c->outc[t])) == NULL) {
      return PL_ENOMEM;
    }
    for (size_t s = 0; s < n; s++) {
      pl_status st = pl_workspace_alloc(c->scs[s], &c->ws[(size_t)t * n + s]);
      if (st != PL_OK) {
        return st;
      }
    }
  }
  for (uint64_t b = 0; b < c->batch; b++) {
    cmp_slot *slot = &c->slots[b];
    slot->acc = calloc(n, sizeof *slot->acc);
    slot->pair = calloc(n * PL_N_OUTCOMES * 2, sizeof *slot->pair);
    if (slot->acc == NULL || slot->pair == NULL) {
      return PL_ENOMEM;
    }
    for (size_t s = 0; s < n; s++) {
      void *m = aligned_alloc(PLI_ACC_ALIGN, pli_acc_size(c->scs[s], CMP_BLOCK));
      if ((c->mem[b * n + s] = m) == NULL) {
        return PL_ENOMEM;
      }
      slot->acc[s] = pli_acc_init(c->scs[s], CMP_BLOCK, m);
    }
  }
  return PL_OK;
}

/* Runs block `block` into slot on thread t: trial k of every scenario, then the pairing. */
static void cmp_run_block(cmp_ctx *c, int t, uint64_t block, cmp_slot *slot) {
  size_t n = c->n;
  uint64_t first = block * CMP_BLOCK;
  uint64_t end = c->target - first < CMP_BLOCK ? c->target : first + CMP_BLOCK;
  pl_outcome *oc = c->outc[t];
  slot->status = PL_OK;
  memset(slot->pair, 0, n * PL_N_OUTCOMES * 2 * sizeof *slot->pair);
  for (size_t s = 0; s < n; s++) {
    pli_acc_reset(slot->acc[s]);
  }
  for (uint64_t k = first; k < end; k++) {
    for (size_t s = 0; s < n; s++) {
      pl_workspace *ws = c->ws[(size_t)t * n + s];
      pl_trial_result res;
      pl_status st = pl_trial_run(c->scs[s], ws, k, NULL, &res);
      if (st != PL_OK) {
        slot->status = st;
        slot->failed_scenario = s;
        pl_workspace_failure(ws, &slot->failure);
        return;
      }
      pli_acc_add(slot->acc[s], &res);
      oc[s] = res.outcome;
    }
    for (size_t s = 1; s < n; s++) {
      if (oc[s] != oc[0]) { /* discordant on both outcomes involved */
        slot->pair[(s * PL_N_OUTCOMES + oc[0]) * 2 + 0]++;
        slot->pair[(s * PL_N_OUTCOMES + oc[s]) * 2 + 1]++;
      }
    }
  }
}

void pl_compare_free(pl_compare *c) {
  if (c == NULL) {
    return;
  }
  for (size_t s = 0; c->summary != NULL && s < c->n; s++) {
    pl_summary_free(c->summary[s]);
  }
  free(c->summary);
  free(c->diff);
  free(c);
}

pl_status pl_compare_run(const pl_scenario *const *scs, size_t n, const pl_compare_options *opt,
                         pl_compare **out) {
  if (out == NULL) {
    return PL_EINVAL;
  }
  *out = NULL;
  if (scs == NULL || n < 2 || n > PL_COMPARE_MAX) {
    return PL_EINVAL;
  }
  for (size_t s = 0; s < n; s++) {
    if (scs[s] == NULL || scs[s]->trials != scs[0]->trials || scs[s]->seed != scs[0]->seed ||
        scs[s]->trials > PL_MAX_TRIALS || scs[s]->n_issues == 0 || scs[s]->n_agents == 0) {
      return PL_EINVAL;
    }
  }
  const pl_compare_options defaults = {0};
  if (opt == NULL) {
    opt = &defaults;
  }
  cmp_ctx c;
  memset(&c, 0, sizeof c);
  c.scs = scs;
  c.n = n;
  c.nt = opt->threads > 0 ? (int)opt->threads : omp_get_max_threads();
  if (c.nt < 1) {
    c.nt = 1;
  }
  c.batch = 4u * (uint64_t)c.nt;
  c.target = scs[0]->trials;
  pl_status rc = cmp_ctx_init(&c);
  /* The running totals, one accumulator per scenario, and the pairing counts. */
  void **tot_mem = calloc(n, sizeof *tot_mem);
  pli_acc **tot = calloc(n, sizeof *tot);
  uint64_t *pair = calloc(n * PL_N_OUTCOMES * 2, sizeof *pair);
  pl_compare *res = calloc(1, sizeof *res);
  if (tot_mem == NULL || tot == NULL || pair == NULL || res == NULL) {
    rc = PL_ENOMEM;
  }
  for (size_t s = 0; rc == PL_OK && s < n; s++) {
    if ((tot_mem[s] = aligned_alloc(PLI_ACC_ALIGN, pli_acc_size(scs[s], 0))) == NULL) {
      rc = PL_ENOMEM;
    } else {
      tot[s] = pli_acc_init(scs[s], 0, tot_mem[s]);
    }
  }
  const uint64_t n_blocks = c.target / CMP_BLOCK + (c.target % CMP_BLOCK != 0);
  int stopped = 0;
  for (uint64_t b0 = 0; rc == PL_OK && b0 < n_blocks; b0 += c.batch) {
    if (opt->stop != NULL && *opt->stop != 0) {
      stopped = 1;
      break;
    }
    long nb = (long)(n_blocks - b0 < c.batch ? n_blocks - b0 : c.batch);
#pragma omp parallel for num_threads(c.nt) schedule(dynamic, 1)
    for (long k = 0; k < nb; k++) {
      cmp_run_block(&c, omp_get_thread_num(), b0 + (uint64_t)k, &c.slots[k]);
    }
    for (long k = 0; k < nb && rc == PL_OK; k++) { /* merge in block order */
      const cmp_slot *slot = &c.slots[k];
      if (slot->status != PL_OK) {
        rc = slot->status;
        if (opt->failure != NULL) {
          *opt->failure = slot->failure;
        }
        if (opt->failed_scenario != NULL) {
          *opt->failed_scenario = slot->failed_scenario;
        }
        break;
      }
      for (size_t s = 0; s < n; s++) {
        pli_acc_merge(tot[s], slot->acc[s]);
      }
      for (size_t q = 0; q < n * PL_N_OUTCOMES * 2; q++) {
        pair[q] += slot->pair[q];
      }
    }
    if (rc == PL_OK && opt->progress != NULL) {
      opt->progress(opt->ctx, pli_acc_trials(tot[0]), c.target);
    }
  }
  if (rc == PL_OK) {
    res->n = n;
    res->seed = scs[0]->seed;
    res->trials = pli_acc_trials(tot[0]);
    res->complete = !stopped;
    res->summary = calloc(n, sizeof *res->summary);
    res->diff = calloc(n * PL_N_OUTCOMES, sizeof *res->diff);
    if (res->summary == NULL || res->diff == NULL) {
      rc = PL_ENOMEM;
    }
    for (size_t s = 0; rc == PL_OK && s < n; s++) {
      rc = pli_acc_finish(tot[s], &res->summary[s]);
      if (rc == PL_OK) {
        res->summary[s]->complete = !stopped;
      }
    }
    for (size_t s = 0; rc == PL_OK && s < n; s++) {
      for (unsigned o = 0; o < PL_N_OUTCOMES; o++) {
        const uint64_t *p = &pair[(s * PL_N_OUTCOMES + o) * 2];
        pl_compare_paired(res->trials, res->summary[0]->outcomes[o], res->summary[s]->outcomes[o],
                          p[0], p[1], &res->diff[s * PL_N_OUTCOMES + o]);
      }
    }
  }
  for (size_t s = 0; tot_mem != NULL && s < n; s++) {
    free(tot_mem[s]);
  }
  free(tot_mem);
  free(tot);
  free(pair);
  cmp_ctx_free(&c);
  if (rc != PL_OK) {
    pl_compare_free(res);
    return rc;
  }
  *out = res;
  return stopped ? PL_EINTERRUPTED : PL_OK;
}
