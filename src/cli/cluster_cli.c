/*
 * cluster_cli.c — the command line's cluster (cluster_cli.h). One pointer for the process, set by
 * main before any command runs and cleared after; the library itself keeps no such state.
 */
#include "cluster_cli.h"

#include <stddef.h>

static pl_cluster *cli_the_cluster;

void cli_cluster_set(pl_cluster *c) { cli_the_cluster = c; }

pl_cluster *cli_cluster(void) { return cli_the_cluster; }

int cli_cluster_root(void) { return pl_cluster_is_root(cli_the_cluster); }

unsigned cli_cluster_ranks(void) { return pl_cluster_parts(cli_the_cluster); }

int cli_cluster_agree(int ok) { return pl_cluster_agree(cli_the_cluster, ok); }
