/*
 * cluster_mpi.c — the MPI transport of parley/cluster.h (compiled only with PARLEY_MPI).
 *
 * One part per rank, rank 0 the root. Only the calling thread of pl_mc_run (OpenMP thread 0) and
 * the command line's own thread call MPI: MPI_THREAD_FUNNELED. Messages, on a duplicate of
 * MPI_COMM_WORLD:
 *   DATA, rank r -> 0: its blocks' records in block order, then END {status} once per run;
 *   CTRL, 0 -> rank r: HALT (the root closed the run: send no more) and FINAL {the run's status};
 *   SLOTS, rank r -> 0: sensitivity.c's blocks, one message per block, batch by batch.
 * MPI orders messages between two ranks on one tag, so the root reads r's records in order and
 * END after the last one. A non-root rank sends with MPI_Issend, at most PLI_MPI_WINDOW records in
 * flight: a synchronous send completes only once the root has taken the record, which bounds how
 * far a rank runs ahead of the merge (memory stays O(threads), as with threads alone). At the end
 * the root sends HALT to every rank, takes (and drops) every record until each rank's END, and only
 * then sends FINAL: no send is ever left waiting, so no rank hangs, whichever stopped first.
 */
#include <limits.h>
#include <mpi.h>
#include <stdlib.h>
#include <string.h>

#include "cluster.h"

#define PLI_MPI_WINDOW 4 /* records a rank has in flight at most */
#define PLI_MPI_DATA 1
#define PLI_MPI_CTRL 2
#define PLI_MPI_SLOTS 3 /* sensitivity.c's block slots (parts -> root) */
enum { PLI_MPI_END = 0x454e44, PLI_MPI_HALT = 1, PLI_MPI_FINAL = 2 };

typedef struct {
  MPI_Comm comm;
  int rank, size;
  size_t record_bytes;
  /* A non-root rank's sends in flight: a ring of PLI_MPI_WINDOW buffers. */
  unsigned char *buf[PLI_MPI_WINDOW];
  MPI_Request req[PLI_MPI_WINDOW];
  unsigned n_out, first_out;
  int halted, final_seen;
  int32_t final_status;
  /* The root's view of each rank in the current run. */
  int *ended;
  int32_t *end_status;
  unsigned char *scratch;
} pli_mpi;

static pl_status mpi_begin(pl_cluster *c, size_t record_bytes) {
  pli_mpi *m = c->state;
  if (record_bytes != m->record_bytes) {
    for (int k = 0; k < PLI_MPI_WINDOW; k++) {
      free(m->buf[k]);
      m->buf[k] = NULL;
    }
    free(m->scratch);
    m->scratch = NULL;
    m->record_bytes = record_bytes;
  }
  for (int k = 0; k < PLI_MPI_WINDOW && m->rank != 0; k++)
    if (m->buf[k] == NULL && (m->buf[k] = malloc(record_bytes)) == NULL)
      return PL_ENOMEM;
  if (m->rank == 0 && m->scratch == NULL && (m->scratch = malloc(record_bytes)) == NULL)
    return PL_ENOMEM;
  m->n_out = m->first_out = 0;
  m->halted = m->final_seen = 0;
  m->final_status = PL_OK;
  for (int r = 0; r < m->size; r++) {
    m->ended[r] = 0;
    m->end_status[r] = PL_OK;
  }
  return PL_OK;
}

/* Non-root: takes one control message from the root if one is waiting (block = 1: waits). */
static void mpi_ctrl(pli_mpi *m, int block) {
  int flag = 1;
  if (!block)
    MPI_Iprobe(0, PLI_MPI_CTRL, m->comm, &flag, MPI_STATUS_IGNORE);
  if (!flag)
    return;
  int32_t msg[2];
  MPI_Recv(msg, 2, MPI_INT32_T, 0, PLI_MPI_CTRL, m->comm, MPI_STATUS_IGNORE);
  m->halted = 1;
  if (msg[0] == PLI_MPI_FINAL) {
    m->final_seen = 1;
    m->final_status = msg[1];
  }
}

static pl_status mpi_put(pl_cluster *c, uint64_t block, const void *rec, size_t bytes) {
  pli_mpi *m = c->state;
  (void)block;
  if (bytes != m->record_bytes || bytes > (size_t)INT_MAX)
    return PL_EINVAL;
  if (m->n_out == PLI_MPI_WINDOW) { /* the oldest send must complete first */
    MPI_Wait(&m->req[m->first_out], MPI_STATUS_IGNORE);
    m->first_out = (m->first_out + 1) % PLI_MPI_WINDOW;
    m->n_out--;
  }
  unsigned slot = (m->first_out + m->n_out) % PLI_MPI_WINDOW;
  memcpy(m->buf[slot], rec, bytes);
  MPI_Issend(m->buf[slot], (int)bytes, MPI_BYTE, 0, PLI_MPI_DATA, m->comm, &m->req[slot]);
  m->n_out++;
  return PL_OK;
}

static pl_status mpi_get(pl_cluster *c, uint64_t block, void *rec, size_t bytes, int *got) {
  pli_mpi *m = c->state;
  int r = (int)(block % (uint64_t)m->size);
  *got = 0;
  if (m->ended[r])
    return m->end_status[r] != PL_OK ? (pl_status)m->end_status[r] : PL_EINVAL;
  int flag = 0;
  MPI_Status st;
  MPI_Iprobe(r, PLI_MPI_DATA, m->comm, &flag, &st);
  if (!flag)
    return PL_OK;
  int count = 0;
  MPI_Get_count(&st, MPI_BYTE, &count);
  if (count == (int)(2 * sizeof(int32_t))) { /* END: that rank stopped before this block */
    int32_t msg[2];
    MPI_Recv(msg, 2, MPI_INT32_T, r, PLI_MPI_DATA, m->comm, MPI_STATUS_IGNORE);
    m->ended[r] = 1;
    m->end_status[r] = msg[1];
    return msg[1] != PL_OK ? (pl_status)msg[1] : PL_EINVAL;
  }
  if ((size_t)count != bytes) {
    MPI_Recv(m->scratch, 0, MPI_BYTE, r, PLI_MPI_DATA, m->comm, MPI_STATUS_IGNORE);
    return PL_EINVAL;
  }
  MPI_Recv(rec, count, MPI_BYTE, r, PLI_MPI_DATA, m->comm, MPI_STATUS_IGNORE);
  *got = 1;
  return PL_OK;
}

static int mpi_halted(pl_cluster *c) {
  pli_mpi *m = c->state;
  if (!m->halted)
    mpi_ctrl(m, 0);
  return m->halted;
}

static pl_status mpi_end(pl_cluster *c, pl_status st) {
  pli_mpi *m = c->state;
  if (m->size == 1)
    return st;
  if (m->rank != 0) {
    int32_t msg[2] = {PLI_MPI_END, (int32_t)st};
    MPI_Request end;
    MPI_Isend(msg, 2, MPI_INT32_T, 0, PLI_MPI_DATA, m->comm, &end);
    while (!m->final_seen)
      mpi_ctrl(m, 1);
    /* The root has taken everything this rank sent before it sent FINAL. */
    for (unsigned k = 0; k < m->n_out; k++)
      MPI_Wait(&m->req[(m->first_out + k) % PLI_MPI_WINDOW], MPI_STATUS_IGNORE);
    m->n_out = 0;
    MPI_Wait(&end, MPI_STATUS_IGNORE);
    return (pl_status)m->final_status;
  }
  int32_t halt[2] = {PLI_MPI_HALT, (int32_t)st};
  MPI_Request *reqs = malloc((size_t)m->size * sizeof *reqs);
  for (int r = 1; r < m->size; r++) {
    if (reqs != NULL)
      MPI_Isend(halt, 2, MPI_INT32_T, r, PLI_MPI_CTRL, m->comm, &reqs[r]);
    else
      MPI_Send(halt, 2, MPI_INT32_T, r, PLI_MPI_CTRL, m->comm);
  }
  for (int r = 1; r < m->size; r++) {
    while (!m->ended[r]) {
      MPI_Status s;
      int count = 0;
      MPI_Probe(r, PLI_MPI_DATA, m->comm, &s);
      MPI_Get_count(&s, MPI_BYTE, &count);
      if (count == (int)(2 * sizeof(int32_t))) {
        int32_t msg[2];
        MPI_Recv(msg, 2, MPI_INT32_T, r, PLI_MPI_DATA, m->comm, MPI_STATUS_IGNORE);
        m->ended[r] = 1;
        m->end_status[r] = msg[1];
      } else {
        unsigned char *sink = (size_t)count <= m->record_bytes ? m->scratch : malloc((size_t)count);
        MPI_Recv(sink, count, MPI_BYTE, r, PLI_MPI_DATA, m->comm, MPI_STATUS_IGNORE);
        if (sink != m->scratch)
          free(sink);
      }
    }
  }
  int32_t final[2] = {PLI_MPI_FINAL, (int32_t)st};
  for (int r = 1; r < m->size; r++)
    MPI_Send(final, 2, MPI_INT32_T, r, PLI_MPI_CTRL, m->comm);
  if (reqs != NULL) {
    for (int r = 1; r < m->size; r++)
      MPI_Wait(&reqs[r], MPI_STATUS_IGNORE);
    free(reqs);
  }
  return st;
}

static int mpi_agree(pl_cluster *c, int ok) {
  pli_mpi *m = c->state;
  int all = 0;
  ok = ok != 0;
  MPI_Allreduce(&ok, &all, 1, MPI_INT, MPI_MIN, m->comm);
  return all;
}

static pl_status mpi_send(pl_cluster *c, const void *buf, size_t bytes) {
  pli_mpi *m = c->state;
  if (bytes > (size_t)INT_MAX)
    return PL_EINVAL;
  MPI_Send(buf, (int)bytes, MPI_BYTE, 0, PLI_MPI_SLOTS, m->comm);
  return PL_OK;
}

static pl_status mpi_recv(pl_cluster *c, unsigned part, void *buf, size_t bytes) {
  pli_mpi *m = c->state;
  MPI_Status st;
  int count = 0;
  if (bytes > (size_t)INT_MAX)
    return PL_EINVAL;
  MPI_Recv(buf, (int)bytes, MPI_BYTE, (int)part, PLI_MPI_SLOTS, m->comm, &st);
  MPI_Get_count(&st, MPI_BYTE, &count);
  return (size_t)count == bytes ? PL_OK : PL_EINVAL;
}

static int mpi_max(pl_cluster *c, int status) {
  pli_mpi *m = c->state;
  int all = status;
  MPI_Allreduce(&status, &all, 1, MPI_INT, MPI_MAX, m->comm);
  return all;
}

static void mpi_free(pl_cluster *c) {
  pli_mpi *m = c->state;
  if (m == NULL)
    return;
  for (int k = 0; k < PLI_MPI_WINDOW; k++)
    free(m->buf[k]);
  free(m->scratch);
  free(m->ended);
  free(m->end_status);
  MPI_Comm_free(&m->comm);
  free(m);
  MPI_Finalize();
}

static const pli_cluster_type mpi_type = {
    .name = "mpi",
    .begin = mpi_begin,
    .put = mpi_put,
    .get = mpi_get,
    .halted = mpi_halted,
    .end = mpi_end,
    .send = mpi_send,
    .recv = mpi_recv,
    .agree = mpi_agree,
    .max = mpi_max,
    .free = mpi_free,
};

int pl_cluster_mpi_built(void) { return 1; }

pl_status pl_cluster_mpi_start(pl_cluster **out) {
  *out = NULL;
  /* Started by a launcher? Open MPI's mpirun, MPICH's hydra and Slurm's PMI/PMIx say so in the
   * environment; a plain `parley run` does not start MPI at all. */
  static const char *const vars[] = {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK", "PMI_RANK",
                                     "MPI_LOCALNRANKS"};
  int launched = 0;
  for (size_t k = 0; k < sizeof vars / sizeof vars[0]; k++)
    launched = launched || getenv(vars[k]) != NULL;
  if (!launched)
    return PL_OK;
  int provided = 0;
  if (MPI_Init_thread(NULL, NULL, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS)
    return PL_EIO;
  if (provided < MPI_THREAD_FUNNELED) { /* OpenMP threads beside MPI need at least this */
    MPI_Finalize();
    return PL_EIO;
  }
  pl_cluster *c = calloc(1, sizeof *c);
  pli_mpi *m = calloc(1, sizeof *m);
  if (c == NULL || m == NULL) {
    free(c);
    free(m);
    MPI_Finalize();
    return PL_ENOMEM;
  }
  MPI_Comm_dup(MPI_COMM_WORLD, &m->comm);
  MPI_Comm_rank(m->comm, &m->rank);
  MPI_Comm_size(m->comm, &m->size);
  m->ended = calloc((size_t)m->size, sizeof *m->ended);
  m->end_status = calloc((size_t)m->size, sizeof *m->end_status);
  c->type = &mpi_type;
  c->state = m;
  c->part = (unsigned)m->rank;
  c->parts = (unsigned)m->size;
  c->root = m->rank == 0;
  if (m->ended == NULL || m->end_status == NULL) {
    pl_cluster_free(c);
    return PL_ENOMEM;
  }
  *out = c;
  return PL_OK;
}
