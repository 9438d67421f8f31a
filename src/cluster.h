/*
 * cluster.h — what pl_mc_run sees of a cluster (parley/cluster.h), internal to the library.
 *
 * A cluster is a part number, a part count, a root flag and a const vtable of transport slots,
 * like gsl_rng_type: MPI (src/mpi/cluster_mpi.c, only in an MPI build), the shard writer and the
 * shard merger (shard.c). The protocol of one run, from pl_mc_run's calling thread only:
 *   begin;  then, in the order of the blocks this process merges:
 *     a block of its own part: put (when the slot is set) with the block's record;
 *     a block of another part (root only): get until it has arrived;
 *   halted (non-root: has the root closed the run?) between blocks;
 *   end, once, with this process's status: returns the run's status as the root has it.
 * A block's record is opaque bytes of a size both sides know (montecarlo.c packs it: a header with
 * the block's status and failure, the packed accumulator, the per-trial rows).
 */
#ifndef PARLEY_CLUSTER_IMPL_H
#define PARLEY_CLUSTER_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "parley/cluster.h"
#include "parley/status.h"

typedef struct {
  const char *name; /* "mpi", "shard", "merge" */
  /* A run starts; record_bytes: the size of every block record of this run. */
  pl_status (*begin)(pl_cluster *c, size_t record_bytes);
  /* Hands block `block`'s record (one of this process's part) on: sends it to the root or writes
   * it to the shard file. NULL: records stay here. */
  pl_status (*put)(pl_cluster *c, uint64_t block, const void *rec, size_t bytes);
  /* Root: block `block` of another part into rec (bytes). *got = 0: not arrived yet (try again);
   * PL_OK with *got = 1: rec holds it; an error (PL_EINTERRUPTED when that part stopped early, what
   * it failed with otherwise, PL_EINVAL for a record that is not the one expected). */
  pl_status (*get)(pl_cluster *c, uint64_t block, void *rec, size_t bytes, int *got);
  /* Non-root: 1 once the root has closed the run (no more blocks wanted). NULL: never. */
  int (*halted)(pl_cluster *c);
  /* The run is over here with status st: returns the run's status (the root's, on every process).
   */
  pl_status (*end)(pl_cluster *c, pl_status st);
  /* Batch-synchronous exchange (sensitivity.c), every process at the same point: a non-root
   * process sends bytes to the root; the root receives them from `part`, in the order that part
   * sent them. NULL: not supported (PL_EINVAL). */
  pl_status (*send)(pl_cluster *c, const void *buf, size_t bytes);
  pl_status (*recv)(pl_cluster *c, unsigned part, void *buf, size_t bytes);
  int (*agree)(pl_cluster *c, int ok); /* parley/cluster.h; NULL: ok */
  int (*max)(pl_cluster *c, int x);    /* the largest x of all processes; NULL: x */
  void (*free)(pl_cluster *c);         /* frees state (and ends MPI) */
} pli_cluster_type;

struct pl_cluster {
  const pli_cluster_type *type;
  unsigned part, parts; /* this process runs blocks b with b % parts == part (none: part = parts) */
  int root;             /* 1: merges every block, in order, and writes the results */
  char what[64];        /* a remote trial failure's `what` (pl_trial_failure.what points here) */
  void *state;          /* the transport's own */
};

/* A block record's header (montecarlo.c writes it, transports read its status). */
typedef struct {
  uint64_t block; /* the block's index */
  int32_t status; /* pl_status of the block: PL_OK, or its first failed trial's */
  uint32_t round; /* pl_trial_failure of that trial */
  int64_t agent, issue;
  uint64_t trial;
  char what[48];
} pli_cluster_head;

#endif /* PARLEY_CLUSTER_IMPL_H */
