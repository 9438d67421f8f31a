/*
 * accum.c — the Monte Carlo accumulator (accum.h) and the public summary it finishes into.
 *
 * Every statistic of a run has its lines here and nowhere else in the engine: a member of pli_acc
 * (or of its per-issue and per-agent structs), a line in pli_acc_add, one in pli_acc_merge, one in
 * pli_acc_finish, and, for an array of the public summary, a row of PLI_SUMMARY_ARRAYS. The storage
 * layout of an accumulator is written once, in acc_layout, which both sizes and carves it.
 *
 * Bit packing and ranges this file relies on are checked by the static assertions below.
 */
#include "accum.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "parley/stats.h"
#include "scenario_impl.h"

#define PLI_ACC_OUTCOME_BITS 2u /* low bits of a log code: the outcome; the rest: the round */
#define PLI_ACC_OUTCOME_MASK ((1u << PLI_ACC_OUTCOME_BITS) - 1u)

_Static_assert(PL_N_OUTCOMES <= 1u << PLI_ACC_OUTCOME_BITS,
               "every outcome fits in the low bits of a log code");
_Static_assert(PL_MAX_ROUNDS <= UINT32_MAX >> PLI_ACC_OUTCOME_BITS,
               "a round shifted past the outcome bits fits in a uint32_t log code");
_Static_assert(PLI_ACC_BINS - 1u <= UINT16_MAX, "a bin index fits in a uint16_t log entry");
_Static_assert(PLI_ACC_BINS <= UINT_MAX, "a bin index fits in an unsigned");
_Static_assert((PLI_ACC_ALIGN & (PLI_ACC_ALIGN - 1u)) == 0, "PLI_ACC_ALIGN is a power of two");
_Static_assert(PL_MAX_TRIALS <= UINT64_MAX / PL_MAX_ROUNDS,
               "sum of round * count over every agreement fits in a uint64_t");
_Static_assert(PL_MAX_TRIALS <= UINT64_MAX / 10u, "10 * cumulative count fits in a uint64_t");

/* Per issue: the agreement point over agreements. */
typedef struct {
  double mean, m2;   /* Welford mean and sum of squared deviations */
  double vmin, vmax; /* smallest and largest value; +inf and -inf when empty */
} pli_acc_issue;

/* Per agent. */
typedef struct {
  double usum;         /* sum of utility0 over agreements */
  uint64_t responses;  /* texts responded to */
  uint64_t rejections; /* texts rejected among them */
  uint64_t blocks;     /* failed trials in which it rejected the last text put */
} pli_acc_agent;

struct pli_acc {
  const pl_scenario *sc; /* sizes, issue ranges and roles (not owned) */
  size_t cap;            /* > 0: a block of at most cap trials (pli_acc_add); 0: totals */
  uint64_t trials, agreements;
  uint64_t failed; /* trials without agreement in which at least one text was put */
  uint64_t outcomes[PL_N_OUTCOMES];
  /* The zone diagnostic: trials it was computed for, those with a zone, agreements with, without */
  uint64_t zone[4];
  pli_acc_issue *issue; /* [n_issues] */
  pli_acc_agent *agent; /* [n_agents] */
  double *block_cost; /* [n_agents * n_issues] sum of last_cost over the trials each agent blocked,
                         in trial order (a block), then in block order (totals) */
  /* Histograms of a block, as a log: */
  uint32_t *code; /* [cap] trial k's round << PLI_ACC_OUTCOME_BITS | outcome */
  uint16_t *bin;  /* [cap * n_issues] agreement a's bin on issue j at a * n_issues + j */
  /* Histograms of totals, as counts (the layout of pl_summary's by_round and point_hist): */
  uint64_t *by_round;   /* [PL_N_OUTCOMES * (max_rounds + 1)] */
  uint64_t *point_hist; /* [n_issues * PLI_ACC_BINS] */
  /* Events (docs/model.md, "Events"): trials in which event e fired, and agreements among them. */
  uint64_t *ev_fired, *ev_agreed; /* [n_events] */
};

static size_t acc_round(size_t bytes) {
  return (bytes + PLI_ACC_ALIGN - 1) / PLI_ACC_ALIGN * PLI_ACC_ALIGN;
}

/* The one description of an accumulator's storage: the struct, then each array with its length,
 * in order. With mem == NULL it only counts (a is scratch); otherwise it points a's arrays into
 * mem (a is the struct at mem's start). Arrays of length 0 (the log of totals, the counts of a
 * block) are NULL. Returns the bytes used. */
static size_t acc_layout(pli_acc *a, const pl_scenario *sc, size_t cap, unsigned char *mem) {
  size_t ni = sc->n_issues, na = sc->n_agents, off = acc_round(sizeof *a);
  size_t rounds = (size_t)PL_N_OUTCOMES * ((size_t)sc->max_rounds + 1u);
#define PLI_ACC_ARRAY(field, count)                                                                \
  do {                                                                                             \
    size_t n_ = (count);                                                                           \
    a->field = mem != NULL && n_ > 0 ? (void *)(mem + off) : NULL;                                 \
    off += acc_round(n_ * sizeof *a->field);                                                       \
  } while (0)
  PLI_ACC_ARRAY(issue, ni);
  PLI_ACC_ARRAY(agent, na);
  PLI_ACC_ARRAY(block_cost, na * ni);
  PLI_ACC_ARRAY(code, cap);
  PLI_ACC_ARRAY(bin, cap * ni);
  PLI_ACC_ARRAY(by_round, cap > 0 ? 0 : rounds);
  PLI_ACC_ARRAY(point_hist, cap > 0 ? 0 : ni * PLI_ACC_BINS);
  PLI_ACC_ARRAY(ev_fired, sc->n_events);
  PLI_ACC_ARRAY(ev_agreed, sc->n_events);
#undef PLI_ACC_ARRAY
  return off;
}

size_t pli_acc_size(const pl_scenario *sc, size_t cap) {
  pli_acc dummy;
  return acc_layout(&dummy, sc, cap, NULL);
}

pli_acc *pli_acc_init(const pl_scenario *sc, size_t cap, void *mem) {
  pli_acc *a = mem;
  a->sc = sc;
  a->cap = cap;
  pli_acc_reset(a);
  return a;
}

uint64_t pli_acc_trials(const pli_acc *a) { return a->trials; }

uint64_t pli_acc_outcomes(const pli_acc *a, pl_outcome o) { return a->outcomes[o]; }

void pli_acc_reset(pli_acc *a) {
  const pl_scenario *sc = a->sc;
  size_t cap = a->cap;
  /* Every member starts at zero, so a new one needs no line here unless its empty value is not
   * zero; the struct is the start of its own storage, so the layout is carved again from it. */
  memset(a, 0, sizeof *a);
  a->sc = sc;
  a->cap = cap;
  acc_layout(a, sc, cap, (unsigned char *)a);
  for (size_t j = 0; j < sc->n_issues; j++)
    a->issue[j] = (pli_acc_issue){.mean = 0.0, .m2 = 0.0, .vmin = HUGE_VAL, .vmax = -HUGE_VAL};
  memset(a->agent, 0, sc->n_agents * sizeof *a->agent);
  memset(a->block_cost, 0, sc->n_agents * sc->n_issues * sizeof *a->block_cost);
  if (sc->n_events > 0) {
    memset(a->ev_fired, 0, sc->n_events * sizeof *a->ev_fired);
    memset(a->ev_agreed, 0, sc->n_events * sizeof *a->ev_agreed);
  }
  /* The log needs no reset: entries [0, trials) are written before they are read. */
  if (a->by_round != NULL)
    memset(a->by_round, 0,
           (size_t)PL_N_OUTCOMES * ((size_t)sc->max_rounds + 1u) * sizeof *a->by_round);
  if (a->point_hist != NULL)
    memset(a->point_hist, 0, sc->n_issues * PLI_ACC_BINS * sizeof *a->point_hist);
}

void pli_acc_pack(const pli_acc *a, void *buf) {
  pli_acc head;
  size_t bytes = acc_layout(&head, a->sc, a->cap, NULL);
  memcpy(buf, a, bytes);
  /* The struct's pointers depend on addresses: NULL in the packed form (pli_acc_unpack carves
   * them again), so the bytes depend only on the trials. memcpy keeps the padding (zeroed by
   * pli_acc_reset) as it is. */
  memcpy(&head, a, sizeof head);
  unsigned char *b = buf;
  if (a->cap > 0) { /* the log's unused tail: zeros, not whatever the storage held */
    size_t ni = a->sc->n_issues;
    size_t code = (size_t)((const unsigned char *)a->code - (const unsigned char *)a);
    size_t bin = (size_t)((const unsigned char *)a->bin - (const unsigned char *)a);
    memset(b + code + a->trials * sizeof *a->code, 0, (a->cap - a->trials) * sizeof *a->code);
    if (ni > 0)
      memset(b + bin + a->agreements * ni * sizeof *a->bin, 0,
             (a->cap - a->agreements) * ni * sizeof *a->bin);
  }
  head.sc = NULL;
  acc_layout(&head, a->sc, a->cap, NULL);
  memcpy(buf, &head, sizeof head);
}

pl_status pli_acc_unpack(pli_acc *a, const void *buf) {
  const pl_scenario *sc = a->sc;
  size_t cap = a->cap;
  pli_acc dummy;
  size_t bytes = acc_layout(&dummy, sc, cap, NULL);
  memcpy(a, buf, bytes);
  size_t packed_cap = a->cap;
  a->sc = sc;
  a->cap = cap;
  acc_layout(a, sc, cap, (unsigned char *)a);
  /* Checks that merging it cannot index out of bounds: the shape, the log's codes and bins. */
  int ok = packed_cap == cap && (cap == 0 || a->trials <= cap) && a->agreements <= a->trials;
  uint64_t sum = 0;
  for (int o = 0; ok && o < PL_N_OUTCOMES; o++)
    sum += a->outcomes[o];
  ok = ok && sum == a->trials && a->outcomes[PL_OUTCOME_AGREEMENT] == a->agreements;
  for (uint64_t k = 0; ok && cap > 0 && k < a->trials; k++) {
    uint32_t c = a->code[k];
    ok =
        (c & PLI_ACC_OUTCOME_MASK) < PL_N_OUTCOMES && (c >> PLI_ACC_OUTCOME_BITS) <= sc->max_rounds;
  }
  for (uint64_t k = 0; ok && cap > 0 && k < a->agreements * sc->n_issues; k++)
    ok = a->bin[k] < PLI_ACC_BINS;
  if (!ok) {
    pli_acc_reset(a);
    return PL_EINVAL;
  }
  return PL_OK;
}

/* A trial without agreement: if a text was put, who rejected the last one and what each issue cost
 * each of them there (docs/outputs.md, "Who blocks"). */
static void acc_add_failure(pli_acc *a, const pl_trial_result *r) {
  size_t ni = a->sc->n_issues, na = a->sc->n_agents;
  if (r->last_text_round == 0)
    return;
  a->failed++;
  for (size_t i = 0; i < na; i++) {
    if (r->last_accepted[i])
      continue;
    a->agent[i].blocks++;
    for (size_t j = 0; j < ni; j++)
      a->block_cost[i * ni + j] += r->last_cost[i * ni + j];
  }
}

void pli_acc_add(pli_acc *a, const pl_trial_result *r) {
  const pl_scenario *sc = a->sc;
  size_t ni = sc->n_issues, na = sc->n_agents;
  a->code[a->trials++] = (uint32_t)r->rounds << PLI_ACC_OUTCOME_BITS | (uint32_t)r->outcome;
  a->outcomes[r->outcome]++;
  if (r->zone >= 0) {
    int agreed = r->outcome == PL_OUTCOME_AGREEMENT;
    a->zone[0]++;
    a->zone[1] += (uint64_t)(r->zone > 0);
    a->zone[r->zone > 0 ? 2 : 3] += (uint64_t)agreed;
  }
  for (size_t i = 0; i < na; i++) {
    a->agent[i].responses += r->responses[i];
    a->agent[i].rejections += r->rejections[i];
  }
  for (size_t e = 0; e < sc->n_events; e++) {
    if (r->event_round[e] != 0) {
      a->ev_fired[e]++;
      a->ev_agreed[e] += r->outcome == PL_OUTCOME_AGREEMENT;
    }
  }
  if (r->outcome != PL_OUTCOME_AGREEMENT) {
    acc_add_failure(a, r);
    return;
  }
  uint64_t n = ++a->agreements;
  double inv_n = 1.0 / (double)n;
  uint16_t *bin = a->bin + (n - 1) * ni;
  for (size_t j = 0; j < ni; j++) {
    pli_acc_issue *is = &a->issue[j];
    double v = r->point[j], d = v - is->mean; /* Welford (1962) */
    is->mean += d * inv_n;
    is->m2 += d * (v - is->mean);
    if (v < is->vmin)
      is->vmin = v;
    if (v > is->vmax)
      is->vmax = v;
    double lo = sc->issues[j].min, hi = sc->issues[j].max;
    double z = (v - lo) / (hi - lo) * PLI_ACC_BINS;
    bin[j] = (uint16_t)(z >= PLI_ACC_BINS ? PLI_ACC_BINS - 1 : (z > 0.0 ? (unsigned)z : 0u));
  }
  for (size_t i = 0; i < na; i++)
    a->agent[i].usum += r->utility0[i];
}

void pli_acc_merge(pli_acc *dst, const pli_acc *src) {
  const pl_scenario *sc = dst->sc;
  size_t ni = sc->n_issues, na = sc->n_agents;
  size_t stride = (size_t)sc->max_rounds + 1;
  for (int o = 0; o < PL_N_OUTCOMES; o++)
    dst->outcomes[o] += src->outcomes[o];
  for (int z = 0; z < 4; z++)
    dst->zone[z] += src->zone[z];
  for (uint64_t k = 0; k < src->trials; k++) {
    uint32_t c = src->code[k];
    dst->by_round[(size_t)(c & PLI_ACC_OUTCOME_MASK) * stride + (c >> PLI_ACC_OUTCOME_BITS)]++;
  }
  for (uint64_t k = 0; k < src->agreements; k++)
    for (size_t j = 0; j < ni; j++)
      dst->point_hist[j * PLI_ACC_BINS + src->bin[k * ni + j]]++;
  for (size_t i = 0; i < na; i++) {
    dst->agent[i].responses += src->agent[i].responses;
    dst->agent[i].rejections += src->agent[i].rejections;
    dst->agent[i].usum += src->agent[i].usum;
    dst->agent[i].blocks += src->agent[i].blocks;
  }
  for (size_t k = 0; k < na * ni; k++)
    dst->block_cost[k] += src->block_cost[k];
  dst->failed += src->failed;
  for (size_t e = 0; e < sc->n_events; e++) {
    dst->ev_fired[e] += src->ev_fired[e];
    dst->ev_agreed[e] += src->ev_agreed[e];
  }
  if (src->agreements > 0) {
    /* Chan, Golub and LeVeque (1979): pooled mean and sum of squared deviations. */
    double na_ = (double)dst->agreements, nb = (double)src->agreements, nn = na_ + nb;
    for (size_t j = 0; j < ni; j++) {
      pli_acc_issue *d = &dst->issue[j];
      const pli_acc_issue *s = &src->issue[j];
      double delta = s->mean - d->mean;
      d->mean += delta * (nb / nn);
      d->m2 += s->m2 + delta * delta * (na_ * nb / nn);
      if (s->vmin < d->vmin)
        d->vmin = s->vmin;
      if (s->vmax > d->vmax)
        d->vmax = s->vmax;
    }
    dst->agreements += src->agreements;
  }
  dst->trials += src->trials;
}

/* pl_summary's arrays and their lengths for scenario sc: one row per array, used by
 * summary_new (allocation) and pl_summary_free. */
#define PLI_SUMMARY_ARRAYS(X, sc)                                                                  \
  X(by_round, (size_t)PL_N_OUTCOMES *((size_t)(sc)->max_rounds + 1u))                              \
  X(point, (sc)->n_issues)                                                                         \
  X(point_hist, (sc)->n_issues *PLI_ACC_BINS)                                                      \
  X(mean_utility, (sc)->n_agents)                                                                  \
  X(responses, (sc)->n_agents)                                                                     \
  X(rejections, (sc)->n_agents)                                                                    \
  X(rejection_rate, (sc)->n_agents)                                                                \
  X(blocks, (sc)->n_agents)                                                                        \
  X(block_share, (sc)->n_agents)                                                                   \
  X(block_cost, (sc)->n_agents *(sc)->n_issues)                                                    \
  X(event_fired, (sc)->n_events > 0 ? (sc)->n_events : 1)                                          \
  X(event_share, (sc)->n_events > 0 ? (sc)->n_events : 1)                                          \
  X(event_p_with, (sc)->n_events > 0 ? (sc)->n_events : 1)                                         \
  X(event_p_without, (sc)->n_events > 0 ? (sc)->n_events : 1)

void pl_summary_free(pl_summary *s) {
  if (s == NULL)
    return;
#define PLI_SUMMARY_FREE(field, count) free(s->field);
  PLI_SUMMARY_ARRAYS(PLI_SUMMARY_FREE, sc)
#undef PLI_SUMMARY_FREE
  free(s);
}

/* A zeroed summary with every array allocated for sc, or NULL. */
static pl_summary *summary_new(const pl_scenario *sc) {
  pl_summary *s = calloc(1, sizeof *s);
  if (s == NULL)
    return NULL;
  int ok = 1;
#define PLI_SUMMARY_NEW(field, count)                                                              \
  s->field = calloc((count), sizeof *s->field);                                                    \
  ok = ok && s->field != NULL;
  PLI_SUMMARY_ARRAYS(PLI_SUMMARY_NEW, sc)
#undef PLI_SUMMARY_NEW
  if (!ok) {
    pl_summary_free(s);
    return NULL;
  }
  return s;
}

pl_status pli_acc_finish(const pli_acc *a, pl_summary **out) {
  const pl_scenario *sc = a->sc;
  pl_summary *s = summary_new(sc);
  *out = s;
  if (s == NULL)
    return PL_ENOMEM;
  uint64_t n = a->trials, ag = a->outcomes[PL_OUTCOME_AGREEMENT];
  s->trials = n;
  s->complete = 1;
  s->seed = sc->seed;
  s->max_rounds = sc->max_rounds;
  s->n_issues = sc->n_issues;
  s->n_bins = PLI_ACC_BINS;
  s->n_agents = sc->n_agents;
  memcpy(s->outcomes, a->outcomes, sizeof s->outcomes);
  s->zone_trials = a->zone[0];
  s->zone_with = a->zone[1];
  s->zone_agreements_with = a->zone[2];
  s->zone_agreements_without = a->zone[3];
  memcpy(s->by_round, a->by_round,
         (size_t)PL_N_OUTCOMES * ((size_t)sc->max_rounds + 1u) * sizeof *s->by_round);
  memcpy(s->point_hist, a->point_hist, sc->n_issues * PLI_ACC_BINS * sizeof *s->point_hist);
  s->p_agreement = n > 0 ? (double)ag / (double)n : NAN;
  pl_stats_wilson(ag, n, PL_Z95, &s->ci_low, &s->ci_high);
  s->half_width = n > 0 ? 0.5 * (s->ci_high - s->ci_low) : NAN;
  /* Rounds of agreement, exact from the integer histogram: the mean, and the smallest round t
   * whose cumulative count reaches q * agreements (the inverse of the empirical CDF). */
  s->rounds_mean = s->rounds_p50 = s->rounds_p90 = NAN;
  if (ag > 0) {
    const uint64_t *h = s->by_round + (size_t)PL_OUTCOME_AGREEMENT * (sc->max_rounds + 1u);
    uint64_t weighted = 0, cum = 0;
    for (unsigned t = 1; t <= sc->max_rounds; t++) {
      weighted += (uint64_t)t * h[t];
      cum += h[t];
      if (isnan(s->rounds_p50) && 2 * cum >= ag)
        s->rounds_p50 = t;
      if (isnan(s->rounds_p90) && 10 * cum >= 9 * ag)
        s->rounds_p90 = t;
    }
    s->rounds_mean = (double)weighted / (double)ag;
  }
  for (size_t j = 0; j < s->n_issues; j++) {
    pl_stat5 *p = &s->point[j];
    const pli_acc_issue *is = &a->issue[j];
    const uint64_t *h = s->point_hist + j * s->n_bins;
    double lo = sc->issues[j].min, hi = sc->issues[j].max;
    if (ag == 0) {
      p->mean = p->sd = p->p05 = p->p50 = p->p95 = NAN;
      continue;
    }
    p->mean = is->mean;
    p->sd = ag > 1 ? sqrt(is->m2 / (double)(ag - 1)) : 0.0;
    /* Histogram quantiles, resolution (max - min) / PLI_ACC_BINS, never outside the observed range
     * (so a point that never varies has that value as every quantile). */
    double q[3] = {0.05, 0.50, 0.95}, v[3];
    for (int k = 0; k < 3; k++) {
      v[k] = pl_stats_hist_quantile(h, s->n_bins, lo, hi, q[k]);
      v[k] = v[k] < is->vmin ? is->vmin : (v[k] > is->vmax ? is->vmax : v[k]);
    }
    p->p05 = v[0];
    p->p50 = v[1];
    p->p95 = v[2];
  }
  for (size_t i = 0; i < s->n_agents; i++) {
    const pli_acc_agent *ag_i = &a->agent[i];
    s->responses[i] = ag_i->responses;
    s->rejections[i] = ag_i->rejections;
    s->mean_utility[i] = ag > 0 ? ag_i->usum / (double)ag : NAN;
    s->rejection_rate[i] = sc->agents[i].role == PL_ROLE_PARTY && ag_i->responses > 0
                               ? (double)ag_i->rejections / (double)ag_i->responses
                               : NAN;
    /* Who blocks: shares of the failed trials with a text; mean costs over those it blocked. */
    int party = sc->agents[i].role == PL_ROLE_PARTY;
    s->blocks[i] = ag_i->blocks;
    s->block_share[i] = party && a->failed > 0 ? (double)ag_i->blocks / (double)a->failed : NAN;
    for (size_t j = 0; j < s->n_issues; j++)
      s->block_cost[i * s->n_issues + j] =
          party && ag_i->blocks > 0 ? a->block_cost[i * s->n_issues + j] / (double)ag_i->blocks
                                    : NAN;
  }
  s->failed = a->failed;
  /* Events: how often each fired, and P(agreement) in the trials where it did and did not. */
  s->n_events = sc->n_events;
  for (size_t e = 0; e < sc->n_events; e++) {
    uint64_t f = a->ev_fired[e], fa = a->ev_agreed[e];
    s->event_fired[e] = f;
    s->event_share[e] = n > 0 ? (double)f / (double)n : NAN;
    s->event_p_with[e] = f > 0 ? (double)fa / (double)f : NAN;
    s->event_p_without[e] = n > f ? (double)(ag - fa) / (double)(n - f) : NAN;
  }
  return PL_OK;
}
