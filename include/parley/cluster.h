/*
 * parley/cluster.h — one run shared by several processes: MPI ranks, or shards of a job array
 * merged afterwards (docs/cluster.md).
 *
 * A run's trials are cut into blocks of consecutive trials (montecarlo.h); a cluster of K parts
 * gives block b to part b % K. Every part runs its blocks with its own threads; the root (MPI rank
 * 0, or `parley merge`) merges every block in block order, exactly as one process does, so
 * summary.json and every TSV are byte-identical to a single process for any parts x threads.
 * A cluster is handed to pl_mc_run through pl_mc_options.cluster; one cluster serves any number of
 * runs one after the other (the points of a sweep), every process running the same runs in the same
 * order. Public types show nothing of MPI: a build without MPI has the same API, and
 * pl_cluster_mpi_start then starts nothing.
 */
#ifndef PARLEY_CLUSTER_H
#define PARLEY_CLUSTER_H

#include <stddef.h>
#include <stdint.h>

#include "parley/scenario.h"
#include "parley/status.h"

typedef struct pl_cluster pl_cluster;

/* 1 when this build of parley has MPI (CMake option PARLEY_MPI). */
int pl_cluster_mpi_built(void);

/* When this process was started by an MPI launcher (mpirun, mpiexec, srun: seen in its
 * environment) and parley was built with MPI, initialises MPI and makes *out the cluster of the
 * job's ranks (one part per rank; rank 0 is the root). Otherwise *out = NULL (one process: no
 * cluster needed) and PL_OK. PL_EIO when MPI fails to start. Call it once, before any thread. */
pl_status pl_cluster_mpi_start(pl_cluster **out);

/* This process's part and the number of parts; NULL (one process): 0 and 1. A shard merger has
 * parts = the shard count and runs no part itself: its part is the count. */
unsigned pl_cluster_part(const pl_cluster *c);
unsigned pl_cluster_parts(const pl_cluster *c);
/* 1 when this process merges and writes the results (NULL: 1). */
int pl_cluster_is_root(const pl_cluster *c);

/* Every process calls it at the same point with ok = 1 when it can go on; returns 1 when all of
 * them can, 0 when any cannot (a collective of MPI ranks; NULL or a shard: ok itself). A process
 * that fails before a run calls it with 0, so the others stop there instead of waiting for it. */
int pl_cluster_agree(pl_cluster *c, int ok);

/* The exit status every process should end with: the largest of the processes' statuses (MPI:
 * a collective; otherwise status itself). */
int pl_cluster_exit_status(pl_cluster *c, int status);

/* Ends the cluster (MPI: MPI_Finalize) and frees it. NULL: nothing. */
void pl_cluster_free(pl_cluster *c);

/* ---- Shards: part `index` of `count` written to a folder, merged later. ---- */

/* The file of a shard folder that holds its blocks (with a header naming the run). */
#define PL_SHARD_FILE "shard.bin"

/* A cluster that runs part `index` (0-based) of `count` of sc's run and writes each block it runs,
 * in order, to dir/PL_SHARD_FILE (staged under a temporary name until pl_shard_commit). `rows`:
 * the blocks carry per-trial rows (--per-trial). The header records parley's version, the
 * scenario's bytes (as scenario.cfg is written), seed, trials, index and count. PL_EIO/PL_ENOMEM
 * with a diagnostic. */
pl_status pl_shard_open(const char *dir, const pl_scenario *sc, unsigned index, unsigned count,
                        int rows, pl_diags *diags, pl_cluster **out);

/* After the run: renames the staged file to its final name. PL_EIO with a diagnostic. Until
 * then pl_cluster_free removes the staged file. */
pl_status pl_shard_commit(pl_cluster *c, pl_diags *diags);

/* Opens the n shard folders of one run for merging (any order): checks that each has a complete
 * shard file of this version, that all have the same scenario bytes, seed, trials and count, and
 * that every index 0..count-1 is there exactly once (PL_EINVAL with a diagnostic naming the folder
 * otherwise; PL_EIO when a file cannot be read). *sc is the run's scenario (read from the first
 * shard's scenario.cfg; the caller frees it after the cluster), *rows whether the shards carry
 * per-trial rows, *out the merger (a root that runs no block and reads every block from the
 * shards). */
pl_status pl_shard_merge_open(const char *const *dirs, size_t n, pl_diags *diags, pl_scenario **sc,
                              int *rows, pl_cluster **out);

#endif /* PARLEY_CLUSTER_H */
