/*
 * cluster.c — the parts of parley/cluster.h that do not depend on the transport, and the MPI entry
 * point of a build without MPI (which starts nothing). The MPI transport is src/mpi/cluster_mpi.c,
 * compiled only with PARLEY_MPI, so a build without it has no MPI symbol.
 */
#include "cluster.h"

#include <stdlib.h>

unsigned pl_cluster_part(const pl_cluster *c) { return c != NULL ? c->part : 0; }

unsigned pl_cluster_parts(const pl_cluster *c) { return c != NULL ? c->parts : 1; }

int pl_cluster_is_root(const pl_cluster *c) { return c == NULL || c->root; }

int pl_cluster_agree(pl_cluster *c, int ok) {
  return c != NULL && c->type->agree != NULL ? c->type->agree(c, ok) : ok;
}

int pl_cluster_exit_status(pl_cluster *c, int status) {
  return c != NULL && c->type->max != NULL ? c->type->max(c, status) : status;
}

void pl_cluster_free(pl_cluster *c) {
  if (c == NULL)
    return;
  if (c->type->free != NULL)
    c->type->free(c);
  free(c);
}

#ifndef PARLEY_MPI
int pl_cluster_mpi_built(void) { return 0; }

pl_status pl_cluster_mpi_start(pl_cluster **out) {
  *out = NULL;
  return PL_OK;
}
#endif
