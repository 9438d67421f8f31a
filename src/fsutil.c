/*
 * fsutil.c — atomic file writes and results folders (see fsutil.h and parley/results.h).
 *
 * Invariants: no file carries its final name before its content is complete and fsync'ed;
 * every failure path removes the temporary file it created and records one diagnostic naming the
 * path and the system's reason. Nothing here prints.
 */
#include "fsutil.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

/* How many temporary names to try before giving up (each try is an O_EXCL create). */
#define PLI_FS_TEMP_TRIES 1000

char *pli_fs_join(const char *dir, const char *name) {
  size_t a = strlen(dir);
  size_t b = strlen(name);
  char *p = malloc(a + b + 2);
  if (p == NULL) {
    return NULL;
  }
  memcpy(p, dir, a);
  size_t k = a;
  if (a > 0 && dir[a - 1] != '/') {
    p[k++] = '/';
  }
  memcpy(p + k, name, b + 1);
  return p;
}

static void fs_stage_clear(pli_fs_stage *st) {
  free(st->tmp_path);
  free(st->final_path);
  st->tmp_path = NULL;
  st->final_path = NULL;
}

pl_status pli_fs_open_temp(const char *dir, const char *name, pli_fs_stage *st, FILE **f,
                           pl_diags *diags) {
  *f = NULL;
  st->tmp_path = NULL;
  st->final_path = pli_fs_join(dir, name);
  size_t n = strlen(name) + 64;
  char *leaf = malloc(n);
  if (st->final_path == NULL || leaf == NULL) {
    free(leaf);
    fs_stage_clear(st);
    return PL_ENOMEM;
  }
  /* O_EXCL with mode 0666 (the umask applies, unlike mkstemp's 0600): the final file gets the
   * permissions a user expects of a file they created. */
  int fd = -1;
  int err = 0;
  for (unsigned k = 0; k < PLI_FS_TEMP_TRIES && fd < 0; k++) {
    snprintf(leaf, n, ".%s.tmp-%ld-%u", name, (long)getpid(), k);
    free(st->tmp_path);
    st->tmp_path = pli_fs_join(dir, leaf);
    if (st->tmp_path == NULL) {
      free(leaf);
      fs_stage_clear(st);
      return PL_ENOMEM;
    }
    fd = open(st->tmp_path, O_WRONLY | O_CREAT | O_EXCL, 0666);
    err = errno;
    if (fd < 0 && err != EEXIST) {
      break;
    }
  }
  free(leaf);
  if (fd < 0) {
    pl_diags_add(diags, st->final_path, 0, "cannot create a file in '%s': %s", dir, strerror(err));
    fs_stage_clear(st);
    errno = err; /* for callers that word their own diagnostic */
    return PL_EIO;
  }
  *f = fdopen(fd, "w");
  if (*f == NULL) {
    err = errno;
    close(fd);
    unlink(st->tmp_path);
    pl_diags_add(diags, st->final_path, 0, "cannot open for writing: %s", strerror(err));
    fs_stage_clear(st);
    return PL_EIO;
  }
  return PL_OK;
}

pl_status pli_fs_close_temp(pli_fs_stage *st, FILE *f, pl_diags *diags) {
  int err = 0;
  if (ferror(f)) {
    err = errno != 0 ? errno : EIO;
  }
  if (err == 0 && fflush(f) != 0) {
    err = errno;
  }
  if (err == 0 && fsync(fileno(f)) != 0) {
    err = errno;
  }
  if (fclose(f) != 0 && err == 0) {
    err = errno;
  }
  if (err != 0) {
    pl_diags_add(diags, st->final_path, 0, "cannot write: %s", strerror(err));
    pli_fs_discard(st);
    return PL_EIO;
  }
  return PL_OK;
}

pl_status pli_fs_stage_file(const char *dir, const char *name, pl_results_fill_fn fill, void *ctx,
                            pli_fs_stage *st, pl_diags *diags) {
  FILE *f = NULL;
  pl_status rc = pli_fs_open_temp(dir, name, st, &f, diags);
  if (rc != PL_OK) {
    return rc;
  }
  errno = 0;
  rc = fill(ctx, f);
  if (rc != PL_OK) {
    int err = errno;
    int stream_error = ferror(f);
    fclose(f);
    if (rc == PL_EIO || stream_error) {
      pl_diags_add(diags, st->final_path, 0, "cannot write: %s", strerror(err != 0 ? err : EIO));
      rc = PL_EIO;
    }
    pli_fs_discard(st);
    return rc;
  }
  return pli_fs_close_temp(st, f, diags);
}

pl_status pli_fs_commit(pli_fs_stage *st, pl_diags *diags) {
  if (rename(st->tmp_path, st->final_path) != 0) {
    int err = errno;
    pl_diags_add(diags, st->final_path, 0, "cannot rename '%s' into place: %s", st->tmp_path,
                 strerror(err));
    pli_fs_discard(st);
    return PL_EIO;
  }
  fs_stage_clear(st);
  return PL_OK;
}

void pli_fs_discard(pli_fs_stage *st) {
  if (st->tmp_path != NULL) {
    unlink(st->tmp_path);
  }
  fs_stage_clear(st);
}

void pli_fs_sync_dir(const char *dir) {
  int fd = open(dir, O_RDONLY);
  if (fd >= 0) {
    (void)fsync(fd);
    close(fd);
  }
}

pl_status pl_results_write_atomic(const char *dir, const char *name, pl_results_fill_fn fill,
                                  void *ctx, pl_diags *diags) {
  if (dir == NULL || name == NULL || fill == NULL) {
    return PL_EINVAL;
  }
  pli_fs_stage st = {NULL, NULL};
  pl_status rc = pli_fs_stage_file(dir, name, fill, ctx, &st, diags);
  if (rc == PL_OK) {
    rc = pli_fs_commit(&st, diags);
  }
  if (rc == PL_OK) {
    pli_fs_sync_dir(dir);
  }
  return rc;
}

/* mkdir -p: creates each missing component of dir in turn. */
static pl_status fs_mkdirs(const char *dir, pl_diags *diags) {
  size_t n = strlen(dir);
  char *p = malloc(n + 1);
  if (p == NULL) {
    return PL_ENOMEM;
  }
  memcpy(p, dir, n + 1);
  for (size_t k = 1; k <= n; k++) {
    if (p[k] != '/' && p[k] != '\0') {
      continue;
    }
    char saved = p[k];
    p[k] = '\0';
    struct stat sb;
    if (mkdir(p, 0777) != 0) {
      int err = errno;
      if (err != EEXIST || stat(p, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
        pl_diags_add(diags, dir, 0, "cannot create the folder '%s': %s", p,
                     strerror(err == EEXIST ? ENOTDIR : err));
        free(p);
        return PL_EIO;
      }
    }
    p[k] = saved;
  }
  free(p);
  return PL_OK;
}

pl_status pl_results_ensure_dir(const char *dir, pl_diags *diags) {
  if (dir == NULL || dir[0] == '\0') {
    return PL_EINVAL;
  }
  pl_status rc = fs_mkdirs(dir, diags);
  if (rc != PL_OK) {
    return rc;
  }
  /* Probe: the folder may exist and still refuse files (permissions, read-only mount). */
  pli_fs_stage st = {NULL, NULL};
  FILE *f = NULL;
  rc = pli_fs_open_temp(dir, "write-test", &st, &f, NULL);
  if (rc == PL_EIO) {
    int err = errno;
    pl_diags_add(diags, dir, 0, "cannot write in the folder: %s", strerror(err));
    return rc;
  }
  if (f != NULL) {
    fclose(f);
  }
  pli_fs_discard(&st);
  return rc;
}

pl_status pl_results_make_dir(const char *parent, const char *name, time_t when, char **out,
                              pl_diags *diags) {
  if (parent == NULL || name == NULL || out == NULL) {
    return PL_EINVAL;
  }
  *out = NULL;
  pl_status rc = fs_mkdirs(parent, diags);
  if (rc != PL_OK) {
    return rc;
  }
  struct tm tmv;
  if (gmtime_r(&when, &tmv) == NULL) {
    return PL_EINVAL;
  }
  char stamp[32];
  strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tmv);
  size_t n = strlen(name) + strlen(stamp) + 32;
  char *leaf = malloc(n);
  if (leaf == NULL) {
    return PL_ENOMEM;
  }
  for (unsigned k = 1; k < PLI_FS_TEMP_TRIES; k++) {
    if (k == 1) {
      snprintf(leaf, n, "%s-%s", name, stamp);
    } else {
      snprintf(leaf, n, "%s-%s-%u", name, stamp, k);
    }
    char *path = pli_fs_join(parent, leaf);
    if (path == NULL) {
      free(leaf);
      return PL_ENOMEM;
    }
    if (mkdir(path, 0777) == 0) {
      free(leaf);
      *out = path;
      return PL_OK;
    }
    int err = errno;
    if (err != EEXIST) {
      pl_diags_add(diags, path, 0, "cannot create the results folder: %s", strerror(err));
      free(path);
      free(leaf);
      return PL_EIO;
    }
    free(path);
  }
  pl_diags_add(diags, parent, 0, "cannot find a free results folder name for '%s-%s'", name, stamp);
  free(leaf);
  return PL_EIO;
}

pl_status pli_fs_write_set(const char *dir, const pli_fs_file *files, size_t n, void *ctx,
                           pl_diags *diags) {
  pli_fs_stage *stages = calloc(n ? n : 1, sizeof *stages);
  if (stages == NULL) {
    return PL_ENOMEM;
  }
  pl_status rc = PL_OK;
  for (size_t k = 0; k < n && rc == PL_OK; k++) {
    if (!files[k].skip) {
      rc = pli_fs_stage_file(dir, files[k].name, files[k].fill, ctx, &stages[k], diags);
    }
  }
  for (size_t k = 0; k < n; k++) {
    if (stages[k].tmp_path == NULL) {
      continue;
    }
    if (rc == PL_OK) {
      rc = pli_fs_commit(&stages[k], diags);
    } else {
      pli_fs_discard(&stages[k]);
    }
  }
  free(stages);
  pli_fs_sync_dir(dir);
  return rc;
}
