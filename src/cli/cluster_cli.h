/*
 * cluster_cli.h — the command line's cluster (parley/cluster.h): the MPI ranks main started, or
 * none. Commands ask it who writes, and agree with the other ranks before a run starts.
 *
 * Rules every command that runs trials follows under MPI: every rank parses, loads and runs the
 * same runs in the same order; only the root (rank 0) creates the results folder, prints and
 * writes; before the first run, every rank calls cli_cluster_agree exactly once (on every path,
 * failures included), so a rank that failed to start makes the others stop instead of waiting.
 */
#ifndef PARLEY_CLI_CLUSTER_H
#define PARLEY_CLI_CLUSTER_H

#include "parley/cluster.h"

/* Sets (NULL: clears) the cluster main started; main keeps ownership. */
void cli_cluster_set(pl_cluster *c);
/* The cluster, or NULL (one process). */
pl_cluster *cli_cluster(void);
/* 1 when this process writes results and prints (no cluster, or rank 0). */
int cli_cluster_root(void);
/* The number of ranks (1 without a cluster). */
unsigned cli_cluster_ranks(void);
/* pl_cluster_agree on the cluster: 1 when every rank has ok != 0. */
int cli_cluster_agree(int ok);

#endif /* PARLEY_CLI_CLUSTER_H */
