/*
 * outdir.c — create, lock and release a results folder (contract: outdir.h).
 *
 * The lock is an fcntl record lock rather than "create the lock file with O_EXCL": the system drops
 * it when its holder dies, however it dies, so a crash never blocks the folder. Removing a lock
 * file while others may be opening it is the classic race (B opens the file, A unlinks and releases
 * it, B locks an inode no one else will ever see, C creates a new file and locks that): after
 * locking, the holder checks that the path still names the inode it locked, and tries again if not.
 */
#include "outdir.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "cli.h"
#include "parley/results.h"

/* The lock file's name inside the results folder. */
#define CLI_OUTDIR_LOCK ".parley.lock"
/* Attempts at locking a lock file that another holder keeps removing. */
#define CLI_OUTDIR_LOCK_TRIES 100

static char *od_strdup(const char *s) {
  size_t n = strlen(s) + 1;
  char *p = malloc(n);
  if (p != NULL) {
    memcpy(p, s, n);
  }
  return p;
}

/* Appends a copy of path to d->made (kept shallowest first until od_mkdirs reverses it). */
static int od_note_made(cli_outdir *d, const char *path) {
  char **made = realloc(d->made, (d->n_made + 1) * sizeof *made);
  if (made == NULL) {
    return -1;
  }
  d->made = made;
  made[d->n_made] = od_strdup(path);
  if (made[d->n_made] == NULL) {
    return -1;
  }
  d->n_made++;
  return 0;
}

/* mkdir -p d->path, noting each folder created. Prints the error; 0 or -1. */
static int od_mkdirs(cli_outdir *d) {
  char *p = od_strdup(d->path);
  if (p == NULL) {
    fputs("parley: error: out of memory\n", stderr);
    return -1;
  }
  size_t n = strlen(p);
  int rc = 0;
  for (size_t k = 1; k <= n && rc == 0; k++) {
    if (p[k] != '/' && p[k] != '\0') {
      continue;
    }
    char saved = p[k];
    p[k] = '\0';
    struct stat sb;
    if (mkdir(p, 0777) == 0) {
      if (od_note_made(d, p) != 0) {
        fputs("parley: error: out of memory\n", stderr);
        rc = -1;
      }
    } else {
      int err = errno;
      if (err != EEXIST || stat(p, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
        fprintf(stderr, "%s: error: cannot create the folder '%s': %s\n", d->path, p,
                strerror(err == EEXIST ? ENOTDIR : err));
        rc = -1;
      }
    }
    p[k] = saved;
  }
  free(p);
  /* Deepest first, the order of removal. */
  for (size_t a = 0, b = d->n_made; b > a + 1; a++, b--) {
    char *t = d->made[a];
    d->made[a] = d->made[b - 1];
    d->made[b - 1] = t;
  }
  return rc;
}

/* Takes the lock; prints the error and returns -1 when it cannot. */
static int od_lock(cli_outdir *d) {
  for (int tries = 0; tries < CLI_OUTDIR_LOCK_TRIES; tries++) {
    int fd = open(d->lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
    if (fd < 0) {
      fprintf(stderr, "%s: error: cannot write in the folder: %s\n", d->path, strerror(errno));
      return -1;
    }
    struct flock fl;
    memset(&fl, 0, sizeof fl);
    fl.l_type = F_WRLCK;
    fl.l_whence = SEEK_SET;
    if (fcntl(fd, F_SETLK, &fl) != 0) {
      int err = errno;
      if (err == EACCES || err == EAGAIN) {
        memset(&fl, 0, sizeof fl);
        fl.l_type = F_WRLCK;
        fl.l_whence = SEEK_SET;
        long pid = fcntl(fd, F_GETLK, &fl) == 0 && fl.l_type != F_UNLCK ? (long)fl.l_pid : 0;
        close(fd);
        if (pid == 0) {
          continue; /* released in the meantime: try again */
        }
        fprintf(stderr,
                "%s: error: another parley (process %ld) is writing to this folder; wait for it "
                "to finish or choose another --out\n",
                d->path, pid);
        return -1;
      }
      close(fd);
      fprintf(stderr, "%s: error: cannot lock '%s': %s\n", d->path, d->lock_path, strerror(err));
      return -1;
    }
    struct stat held, named;
    if (fstat(fd, &held) == 0 && stat(d->lock_path, &named) == 0 && held.st_dev == named.st_dev &&
        held.st_ino == named.st_ino) {
      d->lock_fd = fd;
      return 0;
    }
    close(fd); /* the previous holder removed the file we locked: lock the new one */
  }
  fprintf(stderr, "%s: error: cannot lock '%s': the lock file keeps changing\n", d->path,
          d->lock_path);
  return -1;
}

int cli_outdir_open(cli_outdir *d, const char *out, const char *label, time_t when,
                    const char *cmd) {
  memset(d, 0, sizeof *d);
  d->lock_fd = -1;
  int ok = 0;
  if (out != NULL) {
    d->path = od_strdup(out);
    if (d->path != NULL) {
      size_t n = strlen(d->path);
      while (n > 1 && d->path[n - 1] == '/') {
        d->path[--n] = '\0';
      }
      ok = od_mkdirs(d) == 0;
    } else {
      fputs("parley: error: out of memory\n", stderr);
    }
  } else {
    struct stat sb;
    int had_parent = stat("results", &sb) == 0;
    pl_diags *diags = pl_diags_alloc();
    pl_status rc =
        diags != NULL ? pl_results_make_dir("results", label, when, &d->path, diags) : PL_ENOMEM;
    if (rc == PL_OK) {
      ok = od_note_made(d, d->path) == 0 && (had_parent || od_note_made(d, "results") == 0);
      if (!ok) {
        fputs("parley: error: out of memory\n", stderr);
      }
    } else if (diags != NULL) {
      cli_print_diags(diags);
    }
    if (rc == PL_ENOMEM) {
      fputs("parley: error: out of memory\n", stderr);
    }
    pl_diags_free(diags);
  }
  if (ok) {
    size_t n = strlen(d->path) + sizeof CLI_OUTDIR_LOCK + 1;
    d->lock_path = malloc(n);
    if (d->lock_path == NULL) {
      fputs("parley: error: out of memory\n", stderr);
      ok = 0;
    } else {
      snprintf(d->lock_path, n, "%s/%s", d->path, CLI_OUTDIR_LOCK);
      ok = od_lock(d) == 0;
    }
  }
  if (!ok) {
    fprintf(stderr, "%s: error: cannot use the results folder; nothing was run\n", cmd);
    cli_outdir_close(d, 0);
    return CLI_EXIT_FAILURE;
  }
  return 0;
}

void cli_outdir_close(cli_outdir *d, int keep) {
  if (d->lock_fd >= 0) {
    (void)unlink(d->lock_path); /* while still locked: see the race above */
    close(d->lock_fd);
    d->lock_fd = -1;
  }
  for (size_t k = 0; k < d->n_made; k++) {
    if (!keep) {
      (void)rmdir(d->made[k]);
    }
    free(d->made[k]);
  }
  free(d->made);
  free(d->lock_path);
  free(d->path);
  memset(d, 0, sizeof *d);
  d->lock_fd = -1;
}
