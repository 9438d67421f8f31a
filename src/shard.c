/*
 * shard.c — shards of a run for job arrays without MPI (parley/cluster.h): the shard writer, a
 * cluster that runs one part and writes its block records to a file, and the merger, a root that
 * runs nothing and reads every block, in block order, from the shard files.
 *
 * A shard file is a fixed header (pli_shard_header: what the run was, and the byte order and word
 * size of the machine that wrote it), then the records of the part's blocks in block order, each
 * record_bytes long (montecarlo.c's record: header, packed accumulator, per-trial rows). A complete
 * file has exactly the part's blocks; the writer stages it under a temporary name and renames it
 * only after a complete run, so a shard folder whose run failed or was interrupted has no shard
 * file. The merger checks everything a mismatch could come from before it reads a block.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cluster.h"
#include "fsutil.h"
#include "parley/parley.h"
#include "scenario_impl.h"

#define PLI_SHARD_MAGIC "parley shard 1\n"
#define PLI_SHARD_ORDER 0x01020304u
#define PLI_SHARD_BLOCK 1024u /* montecarlo.c's PLI_MC_BLOCK: trials per block */

typedef struct {
  char magic[16];                         /* PLI_SHARD_MAGIC */
  uint32_t byte_order;                    /* PLI_SHARD_ORDER as the writer stored it */
  uint32_t word;                          /* sizeof(size_t) * 256 + sizeof(void *) of the writer */
  char version[32];                       /* pl_version() of the writer */
  uint32_t index, count;                  /* this shard is part index of count */
  uint64_t seed, trials;                  /* the run's */
  uint64_t scenario_hash, scenario_bytes; /* FNV-1a 64 of scenario.cfg's bytes, and their count */
  uint64_t record_bytes;                  /* each block record's size */
  uint32_t rows;                          /* 1: records carry per-trial rows */
  uint32_t reserved;
  uint64_t warnings_bytes; /* the scenario's warnings, right after the header (shard_warnings) */
} pli_shard_header;

/* FNV-1a, 64 bits (Fowler, Noll, Vo): the scenario's fingerprint in a header. */
static uint64_t shard_fnv(const char *p, size_t n) {
  uint64_t h = 0xcbf29ce484222325u;
  for (size_t k = 0; k < n; k++) {
    h ^= (unsigned char)p[k];
    h *= 0x100000001b3u;
  }
  return h;
}

/* sc as scenario.cfg is written, in a new string (*n bytes). */
static pl_status shard_scenario_text(const pl_scenario *sc, char **text, size_t *n) {
  *text = NULL;
  *n = 0;
  FILE *f = open_memstream(text, n);
  if (f == NULL)
    return PL_ENOMEM;
  pl_status rc = pl_scenario_write(sc, f);
  if (fclose(f) != 0 && rc == PL_OK)
    rc = PL_ENOMEM;
  if (rc != PL_OK) {
    free(*text);
    *text = NULL;
  }
  return rc;
}

/* The scenario's warnings as a shard stores them (summary.json lists them with the file and line
 * of the scenario as the run read it, which a merge, reading scenario.cfg, must write again):
 * for each, "LINE\tFILE\tMESSAGE\n" (a tab or newline in FILE or MESSAGE is stored as a space).
 * A new string in *text (*n bytes; "" when there is none). */
static pl_status shard_warnings(const pl_scenario *sc, char **text, size_t *n) {
  *text = NULL;
  *n = 0;
  FILE *f = open_memstream(text, n);
  if (f == NULL)
    return PL_ENOMEM;
  for (size_t w = 0; w < pl_scenario_n_warnings(sc); w++) {
    const char *parts[2] = {pl_scenario_warning_file(sc, w), pl_scenario_warning_message(sc, w)};
    fprintf(f, "%d", pl_scenario_warning_line(sc, w));
    for (int k = 0; k < 2; k++) {
      fputc('\t', f);
      for (const char *c = parts[k]; *c != '\0'; c++)
        fputc(*c == '\t' || *c == '\n' ? ' ' : *c, f);
    }
    fputc('\n', f);
  }
  if (fclose(f) != 0) {
    free(*text);
    *text = NULL;
    return PL_ENOMEM;
  }
  return PL_OK;
}

/* Replaces sc's warnings by those stored in text (n bytes, as shard_warnings writes them). */
static pl_status shard_set_warnings(pl_scenario *sc, char *text, size_t n) {
  pl_diags *d = NULL;
  char *p = text, *end = text + n;
  while (p < end) {
    char *nl = memchr(p, '\n', (size_t)(end - p));
    char *t1 = memchr(p, '\t', (size_t)(end - p));
    char *t2 = t1 != NULL ? memchr(t1 + 1, '\t', (size_t)(end - t1 - 1)) : NULL;
    if (nl == NULL || t1 == NULL || t2 == NULL || t2 > nl) {
      pl_diags_free(d);
      return PL_EINVAL;
    }
    *t1 = *t2 = *nl = '\0';
    if (d == NULL && (d = pl_diags_alloc()) == NULL)
      return PL_ENOMEM;
    pl_diags_add(d, t1 + 1, atoi(p), "%s", t2 + 1);
    p = nl + 1;
  }
  pl_diags_free(sc->warnings);
  sc->warnings = d;
  return PL_OK;
}

/* Blocks of part `index` of `count` in a run of `trials` trials. */
static uint64_t shard_blocks(uint64_t trials, unsigned index, unsigned count) {
  uint64_t n = trials / PLI_SHARD_BLOCK + (trials % PLI_SHARD_BLOCK != 0);
  return n > index ? (n - index - 1) / count + 1 : 0;
}

/* ---- The writer ---- */

typedef struct {
  pli_shard_header h;
  char *warnings; /* h.warnings_bytes of them */
  pli_fs_stage stage;
  FILE *f;
  int begun;
  pl_status status; /* the first write error */
} pli_shard_writer;

static pl_status shard_w_begin(pl_cluster *c, size_t record_bytes) {
  pli_shard_writer *w = c->state;
  if (w->begun) /* one run per shard */
    return PL_EINVAL;
  w->begun = 1;
  w->h.record_bytes = record_bytes;
  if (fwrite(&w->h, sizeof w->h, 1, w->f) != 1 ||
      (w->h.warnings_bytes > 0 && fwrite(w->warnings, w->h.warnings_bytes, 1, w->f) != 1))
    w->status = PL_EIO;
  return w->status;
}

static pl_status shard_w_put(pl_cluster *c, uint64_t block, const void *rec, size_t bytes) {
  pli_shard_writer *w = c->state;
  (void)block;
  if (w->status == PL_OK && fwrite(rec, bytes, 1, w->f) != 1)
    w->status = PL_EIO;
  return w->status;
}

static pl_status shard_w_end(pl_cluster *c, pl_status st) {
  (void)c;
  return st;
}

static void shard_w_free(pl_cluster *c) {
  pli_shard_writer *w = c->state;
  if (w == NULL)
    return;
  if (w->f != NULL)
    fclose(w->f);
  pli_fs_discard(&w->stage);
  free(w->warnings);
  free(w);
}

static const pli_cluster_type shard_writer_type = {
    .name = "shard",
    .begin = shard_w_begin,
    .put = shard_w_put,
    .get = NULL,
    .halted = NULL,
    .end = shard_w_end,
    .send = NULL,
    .recv = NULL,
    .agree = NULL,
    .max = NULL,
    .free = shard_w_free,
};

pl_status pl_shard_open(const char *dir, const pl_scenario *sc, unsigned index, unsigned count,
                        int rows, pl_diags *diags, pl_cluster **out) {
  *out = NULL;
  if (dir == NULL || sc == NULL || count == 0 || index >= count)
    return PL_EINVAL;
  pl_cluster *c = calloc(1, sizeof *c);
  pli_shard_writer *w = calloc(1, sizeof *w);
  char *text = NULL;
  size_t n = 0;
  pl_status rc = c == NULL || w == NULL ? PL_ENOMEM : shard_scenario_text(sc, &text, &n);
  if (rc != PL_OK) {
    free(c);
    free(w);
    return rc;
  }
  c->type = &shard_writer_type;
  c->part = index;
  c->parts = count;
  c->root = 0;
  c->state = w;
  memcpy(w->h.magic, PLI_SHARD_MAGIC, sizeof PLI_SHARD_MAGIC);
  w->h.byte_order = PLI_SHARD_ORDER;
  w->h.word = (uint32_t)(sizeof(size_t) * 256u + sizeof(void *));
  snprintf(w->h.version, sizeof w->h.version, "%s", pl_version());
  w->h.index = index;
  w->h.count = count;
  w->h.seed = pl_scenario_seed(sc);
  w->h.trials = pl_scenario_trials(sc);
  w->h.scenario_hash = shard_fnv(text, n);
  w->h.scenario_bytes = n;
  w->h.rows = rows != 0;
  free(text);
  size_t wn = 0;
  rc = shard_warnings(sc, &w->warnings, &wn);
  w->h.warnings_bytes = wn;
  if (rc != PL_OK) {
    pl_cluster_free(c);
    return rc;
  }
  rc = pli_fs_open_temp(dir, PL_SHARD_FILE, &w->stage, &w->f, diags);
  if (rc != PL_OK) {
    w->f = NULL;
    pl_cluster_free(c);
    return rc;
  }
  *out = c;
  return PL_OK;
}

pl_status pl_shard_commit(pl_cluster *c, pl_diags *diags) {
  if (c == NULL || c->type != &shard_writer_type)
    return PL_EINVAL;
  pli_shard_writer *w = c->state;
  if (w->status != PL_OK || ferror(w->f)) {
    pl_diags_add(diags, w->stage.final_path, 0, "cannot write: %s", strerror(EIO));
    return PL_EIO;
  }
  FILE *f = w->f;
  w->f = NULL;
  pl_status rc = pli_fs_close_temp(&w->stage, f, diags);
  return rc == PL_OK ? pli_fs_commit(&w->stage, diags) : rc;
}

/* ---- The merger ---- */

typedef struct {
  pli_shard_header h; /* shared by all (checked) */
  char *warnings;     /* the first shard's, h.warnings_bytes */
  FILE **f;           /* [count]: shard i's file, positioned at its next record */
} pli_shard_merger;

static pl_status shard_m_begin(pl_cluster *c, size_t record_bytes) {
  pli_shard_merger *m = c->state;
  return record_bytes == m->h.record_bytes ? PL_OK : PL_EINVAL;
}

static pl_status shard_m_get(pl_cluster *c, uint64_t block, void *rec, size_t bytes, int *got) {
  pli_shard_merger *m = c->state;
  *got = 0;
  if (fread(rec, bytes, 1, m->f[block % c->parts]) != 1)
    return PL_EIO;
  *got = 1;
  return PL_OK;
}

static pl_status shard_m_end(pl_cluster *c, pl_status st) {
  (void)c;
  return st;
}

static void shard_m_free(pl_cluster *c) {
  pli_shard_merger *m = c->state;
  if (m == NULL)
    return;
  for (unsigned k = 0; m->f != NULL && k < c->parts; k++)
    if (m->f[k] != NULL)
      fclose(m->f[k]);
  free(m->f);
  free(m->warnings);
  free(m);
}

static const pli_cluster_type shard_merger_type = {
    .name = "merge",
    .begin = shard_m_begin,
    .put = NULL,
    .get = shard_m_get,
    .halted = NULL,
    .end = shard_m_end,
    .send = NULL,
    .recv = NULL,
    .agree = NULL,
    .max = NULL,
    .free = shard_m_free,
};

/* Reads path's bytes into a new string (*n bytes); NULL with errno on failure. */
static char *shard_slurp(const char *path, size_t *n) {
  FILE *f = fopen(path, "rb");
  if (f == NULL)
    return NULL;
  char *buf = NULL;
  size_t len = 0, cap = 0;
  for (;;) {
    if (len == cap) {
      cap = cap ? 2 * cap : 65536;
      char *nb = realloc(buf, cap);
      if (nb == NULL) {
        free(buf);
        fclose(f);
        errno = ENOMEM;
        return NULL;
      }
      buf = nb;
    }
    size_t got = fread(buf + len, 1, cap - len, f);
    len += got;
    if (got == 0)
      break;
  }
  int bad = ferror(f);
  fclose(f);
  if (bad) {
    free(buf);
    errno = EIO;
    return NULL;
  }
  *n = len;
  return buf;
}

/* Opens dir's shard file and reads and checks its header against `first` (NULL: the first shard).
 * Returns PL_OK with *f positioned at the first record. */
static pl_status shard_read_one(const char *dir, const pli_shard_header *first,
                                const char *first_warnings, pli_shard_header *h, char **warnings,
                                FILE **f, pl_diags *diags) {
  *f = NULL;
  *warnings = NULL;
  char *path = pli_fs_join(dir, PL_SHARD_FILE);
  char *cfg = pli_fs_join(dir, "scenario.cfg");
  pl_status rc = PL_OK;
  if (path == NULL || cfg == NULL) {
    rc = PL_ENOMEM;
    goto out;
  }
  *f = fopen(path, "rb");
  if (*f == NULL) {
    pl_diags_add(diags, path, 0,
                 "cannot open the shard file: %s (a shard whose run failed or was interrupted "
                 "has none)",
                 strerror(errno));
    rc = errno == ENOENT ? PL_EINVAL : PL_EIO;
    goto out;
  }
  if (fread(h, sizeof *h, 1, *f) != 1 || memcmp(h->magic, PLI_SHARD_MAGIC, sizeof h->magic) != 0) {
    pl_diags_add(diags, path, 0, "not a parley shard file");
    rc = PL_EINVAL;
    goto out;
  }
  h->version[sizeof h->version - 1] = '\0';
  if (h->byte_order != PLI_SHARD_ORDER ||
      h->word != (uint32_t)(sizeof(size_t) * 256u + sizeof(void *))) {
    pl_diags_add(diags, path, 0, "written on a machine of another byte order or word size");
    rc = PL_EINVAL;
    goto out;
  }
  if (strcmp(h->version, pl_version()) != 0) {
    pl_diags_add(diags, path, 0, "written by parley %s, not by this parley %s", h->version,
                 pl_version());
    rc = PL_EINVAL;
    goto out;
  }
  if (h->count == 0 || h->index >= h->count) {
    pl_diags_add(diags, path, 0, "not a parley shard file (shard %" PRIu32 " of %" PRIu32 ")",
                 h->index + 1u, h->count);
    rc = PL_EINVAL;
    goto out;
  }
  if (first != NULL) {
    const char *what = NULL;
    if (h->count != first->count)
      what = "shard count";
    else if (h->seed != first->seed)
      what = "seed";
    else if (h->trials != first->trials)
      what = "number of trials";
    else if (h->scenario_hash != first->scenario_hash || h->scenario_bytes != first->scenario_bytes)
      what = "scenario";
    else if (h->rows != first->rows)
      what = "--per-trial setting";
    else if (h->record_bytes != first->record_bytes)
      what = "block record size";
    if (what != NULL) {
      pl_diags_add(diags, path, 0, "not a shard of the same run as the first shard: another %s",
                   what);
      rc = PL_EINVAL;
      goto out;
    }
  }
  /* Complete: exactly the header, the warnings and this part's blocks. */
  struct stat stt;
  uint64_t want =
      sizeof *h + h->warnings_bytes + shard_blocks(h->trials, h->index, h->count) * h->record_bytes;
  if (fstat(fileno(*f), &stt) != 0 || (uint64_t)stt.st_size != want) {
    pl_diags_add(diags, path, 0,
                 "the shard file is truncated or damaged (%jd bytes, %" PRIu64 " expected)",
                 (intmax_t)stt.st_size, want);
    rc = PL_EINVAL;
    goto out;
  }
  *warnings = malloc(h->warnings_bytes + 1);
  if (*warnings == NULL) {
    rc = PL_ENOMEM;
    goto out;
  }
  if (h->warnings_bytes > 0 && fread(*warnings, h->warnings_bytes, 1, *f) != 1) {
    pl_diags_add(diags, path, 0, "the shard file is truncated or damaged");
    rc = PL_EINVAL;
    goto out;
  }
  if (first != NULL && (h->warnings_bytes != first->warnings_bytes ||
                        memcmp(*warnings, first_warnings, h->warnings_bytes) != 0)) {
    pl_diags_add(diags, path, 0, "not a shard of the same run as the first shard: another %s",
                 "scenario");
    rc = PL_EINVAL;
    goto out;
  }
  /* Its scenario.cfg is the one the shard ran. */
  size_t n = 0;
  char *text = shard_slurp(cfg, &n);
  if (text == NULL) {
    pl_diags_add(diags, cfg, 0, "cannot read: %s", strerror(errno));
    rc = PL_EIO;
    goto out;
  }
  if (n != h->scenario_bytes || shard_fnv(text, n) != h->scenario_hash) {
    pl_diags_add(diags, cfg, 0, "not the scenario the shard ran (the file was changed)");
    rc = PL_EINVAL;
  }
  free(text);
out:
  if (rc != PL_OK && *f != NULL) {
    fclose(*f);
    *f = NULL;
  }
  if (rc != PL_OK) {
    free(*warnings);
    *warnings = NULL;
  }
  free(path);
  free(cfg);
  return rc;
}

pl_status pl_shard_merge_open(const char *const *dirs, size_t n, pl_diags *diags, pl_scenario **sc,
                              int *rows, pl_cluster **out) {
  *out = NULL;
  *sc = NULL;
  *rows = 0;
  if (dirs == NULL || n == 0)
    return PL_EINVAL;
  pl_cluster *c = calloc(1, sizeof *c);
  pli_shard_merger *m = calloc(1, sizeof *m);
  if (c == NULL || m == NULL) {
    free(c);
    free(m);
    return PL_ENOMEM;
  }
  c->type = &shard_merger_type;
  c->state = m;
  c->root = 1;
  pl_status rc = PL_OK;
  const char **by_index = NULL;
  for (size_t k = 0; k < n && rc == PL_OK; k++) {
    pli_shard_header h;
    FILE *f = NULL;
    char *warnings = NULL;
    rc = shard_read_one(dirs[k], k == 0 ? NULL : &m->h, m->warnings, &h, &warnings, &f, diags);
    if (rc != PL_OK)
      break;
    if (k == 0) {
      m->warnings = warnings;
    } else {
      free(warnings);
    }
    if (k == 0) {
      m->h = h;
      c->parts = h.count;
      c->part = h.count; /* runs no block itself */
      m->f = calloc(h.count, sizeof *m->f);
      by_index = calloc(h.count, sizeof *by_index);
      if (m->f == NULL || by_index == NULL) {
        fclose(f);
        rc = PL_ENOMEM;
        break;
      }
    }
    if (m->f[h.index] != NULL) {
      pl_diags_add(diags, dirs[k], 0, "shard %" PRIu32 " of %" PRIu32 " again (also in %s)",
                   h.index + 1u, h.count, by_index[h.index]);
      fclose(f);
      rc = PL_EINVAL;
      break;
    }
    m->f[h.index] = f;
    by_index[h.index] = dirs[k];
  }
  for (unsigned i = 0; rc == PL_OK && i < c->parts; i++) {
    if (m->f[i] == NULL) {
      pl_diags_add(diags, dirs[0], 0,
                   "shard %u of %u is missing (give every shard folder of the run)", i + 1u,
                   c->parts);
      rc = PL_EINVAL;
    }
  }
  free(by_index);
  if (rc == PL_OK) {
    char *cfg = pli_fs_join(dirs[0], "scenario.cfg");
    rc = cfg == NULL ? PL_ENOMEM : pl_scenario_load(cfg, diags, sc);
    /* The warnings as the shards' run had them (file and line of the scenario it read). */
    if (rc == PL_OK)
      rc = shard_set_warnings(*sc, m->warnings, m->h.warnings_bytes);
    /* The scenario as it will be written again must be the bytes the shards ran. */
    char *text = NULL;
    size_t len = 0;
    if (rc == PL_OK)
      rc = shard_scenario_text(*sc, &text, &len);
    if (rc == PL_OK && (len != m->h.scenario_bytes || shard_fnv(text, len) != m->h.scenario_hash)) {
      pl_diags_add(diags, cfg, 0, "reads back as another scenario: cannot merge it");
      rc = PL_EINVAL;
    }
    free(text);
    free(cfg);
  }
  if (rc != PL_OK) {
    pl_scenario_free(*sc);
    *sc = NULL;
    pl_cluster_free(c);
    return rc;
  }
  *rows = (int)m->h.rows;
  *out = c;
  return PL_OK;
}
