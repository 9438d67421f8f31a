/*
 * cfgguard.c — the libconfig 1.5 workarounds of cfgguard.h: reading a file whole, the NUL-byte and
 * @include checks made before libconfig parses, and the wrapped-integer check made after.
 */
#include "cfgguard.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* (pli_guard_read_file) open() with O_NONBLOCK, so that a FIFO without a writer does not block
 * the open itself; fstat() on the descriptor then refuses whatever is not a regular file before
 * a byte is read (a FIFO, /dev/zero, a terminal) and a file whose size is over the limit (a 1 GB
 * sparse file costs nothing to refuse). A regular file can still grow while it is read, so the
 * read stops at max + 1 bytes whatever the size said. */
pli_guard_read_status pli_guard_read_file(const char *path, size_t max, char **text, size_t *len,
                                          int *err) {
  *text = NULL;
  *err = 0;
  int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    *err = errno;
    return PLI_READ_ERRNO;
  }
  struct stat st;
  if (fstat(fd, &st) != 0) {
    *err = errno;
    close(fd);
    return PLI_READ_ERRNO;
  }
  if (S_ISDIR(st.st_mode)) {
    close(fd);
    *err = EISDIR;
    return PLI_READ_ERRNO;
  }
  if (!S_ISREG(st.st_mode)) {
    close(fd);
    return PLI_READ_NOT_REGULAR;
  }
  if (st.st_size < 0 || (uintmax_t)st.st_size > (uintmax_t)max) {
    close(fd);
    return PLI_READ_TOO_BIG;
  }
  size_t cap = (size_t)st.st_size + 1, n = 0;
  char *buf = malloc(cap + 1);
  if (buf == NULL) {
    close(fd);
    return PLI_READ_NOMEM;
  }
  for (;;) {
    if (n == cap) { /* the file grew since fstat */
      if (n > max) {
        free(buf);
        close(fd);
        return PLI_READ_TOO_BIG;
      }
      size_t bigger_cap = cap > max / 2 ? max + 1 : cap * 2;
      char *bigger = realloc(buf, bigger_cap + 1);
      if (bigger == NULL) {
        free(buf);
        close(fd);
        return PLI_READ_NOMEM;
      }
      buf = bigger;
      cap = bigger_cap;
    }
    ssize_t got = read(fd, buf + n, cap - n);
    if (got < 0 && errno == EINTR) {
      continue;
    }
    if (got < 0) {
      *err = errno;
      free(buf);
      close(fd);
      return PLI_READ_ERRNO;
    }
    if (got == 0) {
      break;
    }
    n += (size_t)got;
  }
  close(fd);
  if (n > max) {
    free(buf);
    return PLI_READ_TOO_BIG;
  }
  buf[n] = '\0';
  if (len != NULL) {
    *len = n;
  }
  *text = buf;
  return PLI_READ_OK;
}

_Static_assert(PLI_GUARD_MAX_FILE == (size_t)16 << 20, "pli_guard_read_why says 16 MiB");

const char *pli_guard_read_why(pli_guard_read_status st, int err) {
  switch (st) {
  case PLI_READ_OK:
    return "no error";
  case PLI_READ_ERRNO:
    return err != 0 ? strerror(err) : "read error";
  case PLI_READ_NOT_REGULAR:
    return "not a regular file (a FIFO, a device or a socket)";
  case PLI_READ_TOO_BIG:
    return "larger than the limit of 16 MiB per file";
  case PLI_READ_NOMEM:
    return "out of memory";
  }
  return "read error";
}

size_t pli_guard_find_nul(const char *text, size_t len, int *line) {
  size_t nul = strlen(text);
  if (nul > len) {
    nul = len;
  }
  *line = 1;
  for (size_t k = 0; k < nul; k++) {
    *line += text[k] == '\n';
  }
  return nul;
}

const char *pli_guard_line(pli_guard_lines *lines, const char *file, int line, size_t *n) {
  const char *text = lines->main_text;
  if (file != NULL) {
    if (lines->file == NULL || strcmp(lines->file, file) != 0) {
      free(lines->file);
      free(lines->text);
      size_t fl = strlen(file) + 1;
      lines->file = malloc(fl);
      if (lines->file != NULL) {
        memcpy(lines->file, file, fl);
      }
      int err;
      (void)pli_guard_read_file(file, PLI_GUARD_MAX_FILE, &lines->text, NULL, &err);
      lines->memo_text = NULL;
    }
    text = lines->text;
  }
  if (text == NULL) {
    return NULL;
  }
  int l = 1;
  const char *base = text;
  if (lines->memo_text == base && lines->memo_line <= line) {
    text = lines->memo_ptr;
    l = lines->memo_line;
  }
  for (; l < line && text != NULL; l++) {
    text = strchr(text, '\n');
    if (text != NULL) {
      text++;
    }
  }
  if (text == NULL) {
    return NULL;
  }
  lines->memo_text = base;
  lines->memo_ptr = text;
  lines->memo_line = line;
  const char *end = strchr(text, '\n');
  *n = end != NULL ? (size_t)(end - text) : strlen(text);
  return text;
}

void pli_guard_lines_free(pli_guard_lines *lines) {
  free(lines->file);
  free(lines->text);
  memset(lines, 0, sizeof *lines);
}

/* Scans one line for integer literals, skipping strings and comments; calls back on each.
 * Returns 1 as soon as accept() does. */
static int gd_scan_literals(const char *p, size_t n,
                            int (*accept)(const pli_guard_literal *, void *), void *arg) {
  const char *end = p + n;
  const char *q = p;
  while (q < end) {
    char ch = *q;
    if (ch == '"') { /* skip a string literal */
      q++;
      while (q < end && *q != '"') {
        q += (*q == '\\' && q + 1 < end) ? 2 : 1;
      }
      q++;
      continue;
    }
    if (ch == '#' || (ch == '/' && q + 1 < end && q[1] == '/')) {
      break;
    }
    if (ch == '/' && q + 1 < end && q[1] == '*') {
      const char *close = q + 2;
      while (close + 1 < end && !(close[0] == '*' && close[1] == '/')) {
        close++;
      }
      q = close + 2;
      continue;
    }
    int prev_word = q > p && (isalnum((unsigned char)q[-1]) || q[-1] == '_' || q[-1] == '.');
    if (!isdigit((unsigned char)ch) || prev_word) {
      q++;
      continue;
    }
    pli_guard_literal lit = {0};
    const char *start = q;
    if (q > p && (q[-1] == '-' || q[-1] == '+')) {
      start = q - 1;
      lit.neg = q[-1] == '-';
    }
    if (ch == '0' && q + 1 < end && (q[1] == 'x' || q[1] == 'X')) {
      lit.hex = 1;
      q += 2;
      while (q < end && isxdigit((unsigned char)*q)) {
        unsigned d = isdigit((unsigned char)*q) ? (unsigned)(*q - '0')
                                                : (unsigned)(tolower((unsigned char)*q) - 'a' + 10);
        if (lit.mag > (UINT64_MAX - d) / 16) {
          lit.overflow = 1;
        }
        lit.mag = lit.mag * 16 + d;
        q++;
      }
    } else {
      while (q < end && isdigit((unsigned char)*q)) {
        unsigned d = (unsigned)(*q - '0');
        if (lit.mag > (UINT64_MAX - d) / 10) {
          lit.overflow = 1;
        }
        lit.mag = lit.mag * 10 + d;
        q++;
      }
    }
    if (q < end && (*q == '.' || *q == 'e' || *q == 'E')) { /* a float: skip it */
      while (q < end && (isalnum((unsigned char)*q) || *q == '.' || *q == '+' || *q == '-')) {
        q++;
      }
      continue;
    }
    if (q < end && *q == 'L') {
      lit.is64 = 1;
      q++;
      if (q < end && *q == 'L') {
        q++;
      }
    }
    lit.start = start;
    lit.len = (size_t)(q - start);
    if (accept(&lit, arg)) {
      *(pli_guard_literal *)arg = lit;
      return 1;
    }
  }
  return 0;
}

typedef struct {
  pli_guard_literal lit; /* first member: ld_scan_literals writes the match here */
  long long value;
  int is64;
} gd_overflow_query;

static int gd_overflow_accept(const pli_guard_literal *lit, void *arg) {
  const gd_overflow_query *qy = arg;
  if (lit->is64 != qy->is64) {
    return 0;
  }
  if (lit->overflow) {
    return 1;
  }
  if (!qy->is64) {
    int out = lit->neg ? lit->mag > 0x80000000u : lit->mag > 0x7FFFFFFFu;
    uint64_t u = lit->neg ? (uint64_t)0 - lit->mag : lit->mag;
    return out && (uint32_t)u == (uint32_t)(unsigned long long)qy->value;
  }
  if (lit->hex) {
    return 0;
  }
  return lit->neg ? lit->mag > (uint64_t)INT64_MAX + 1u : lit->mag > (uint64_t)INT64_MAX;
}

int pli_guard_find_overflow(const char *p, size_t n, long long value, int is64,
                            pli_guard_literal *lit) {
  gd_overflow_query qy = {{0}, value, is64};
  if (gd_scan_literals(p, n, gd_overflow_accept, &qy)) {
    *lit = qy.lit;
    return 1;
  }
  return 0;
}

int pli_guard_has_underflow(const char *p, size_t n) {
  const char *end = p + n;
  for (const char *q = p; q < end;) {
    if (*q == '"') { /* a string literal */
      for (q++; q < end && *q != '"'; q += (*q == '\\' && q + 1 < end) ? 2 : 1) {
      }
      q++;
      continue;
    }
    if (*q == '#' || (*q == '/' && q + 1 < end && (q[1] == '/' || q[1] == '*'))) {
      return 0; /* a comment: what follows is not a value (a block comment ends the scan too) */
    }
    int prev_word = q > p && (isalnum((unsigned char)q[-1]) || q[-1] == '_');
    if (prev_word || !(isdigit((unsigned char)*q) ||
                       (*q == '.' && q + 1 < end && isdigit((unsigned char)q[1])))) {
      q++;
      continue;
    }
    char tok[128];
    size_t len = 0, nonzero = 0, mantissa = 1;
    while (
        q < end && len + 1 < sizeof tok &&
        (isdigit((unsigned char)*q) || *q == '.' || *q == 'e' || *q == 'E' ||
         ((*q == '+' || *q == '-') && len > 0 && (tok[len - 1] == 'e' || tok[len - 1] == 'E')))) {
      mantissa &= !(*q == 'e' || *q == 'E');
      nonzero += mantissa && *q >= '1' && *q <= '9';
      tok[len++] = *q++;
    }
    tok[len] = '\0';
    if (nonzero > 0 && strtod(tok, NULL) == 0.0) {
      return 1;
    }
  }
  return 0;
}

int pli_guard_has_hex(const char *p, size_t n) {
  for (size_t k = 0; k + 1 < n; k++) {
    if (p[k] == '0' && (p[k + 1] == 'x' || p[k + 1] == 'X')) {
      return 1;
    }
  }
  return 0;
}

typedef struct {
  const char *include_dir;
  pli_guard_report_fn report;
  void *ctx;
  size_t includes; /* inclusions met so far, over the whole tree */
  size_t bytes;    /* bytes of the main text and of every inclusion so far */
  int stop;        /* a limit was passed or memory ran out: check no further */
  int nomem;
} gd_includes;

/* Whether a block comment is open at the end of [p, end), given whether one was open at p.
 * Strings ("...", with escapes) and line comments (#, //) are skipped as libconfig's scanner does.
 */
static int gd_block_comment_after(const char *p, const char *end, int in_comment) {
  while (p < end) {
    if (in_comment) {
      if (p + 1 < end && p[0] == '*' && p[1] == '/') {
        in_comment = 0;
        p += 2;
      } else {
        p++;
      }
    } else if (*p == '"') {
      p++;
      while (p < end && *p != '"') {
        p += (*p == '\\' && p + 1 < end) ? 2 : 1;
      }
      p++;
    } else if (*p == '#' || (p + 1 < end && p[0] == '/' && p[1] == '/')) {
      return 0;
    } else if (p + 1 < end && p[0] == '/' && p[1] == '*') {
      in_comment = 1;
      p += 2;
    } else {
      p++;
    }
  }
  return in_comment;
}

/* Reports one problem of an inclusion at display:line. */
static void gd_report(gd_includes *in, const char *display, int line, int len, const char *name,
                      const char *why) {
  char msg[4400];
  snprintf(msg, sizeof msg, "cannot include '%.*s': %s", len, name, why);
  in->report(in->ctx, display, line, msg);
}

/* (pli_guard_check_includes) libconfig 1.5 opens an @include target with fopen and hands it to its
 * flex scanner, which on a read error (a folder) prints "input in flex scanner failed" and calls
 * exit(); a FIFO or a terminal would block; a file that includes itself fails only at libconfig's
 * nesting limit, with a misleading message; and nothing bounds how much it reads (11 files each
 * including the next 10 times make 10^10 inclusions). So, before parsing, every
 * `@include "FILE"` line (the scanner's own rule: at the start of a line, after blanks) of the
 * text and, recursively, of the files it includes is checked: the target must exist, be a regular
 * file within the size limit, and not be a file of the chain that includes it (chain[0..depth]
 * identify them by device and inode; st_nlink 0 when unknown); every inclusion met, wherever it
 * is in the tree, adds one to in->includes and its size to in->bytes, and the first one past a
 * limit is reported and ends the check, so that at most the limits are ever read. Returns the
 * number of errors. */
static size_t gd_check_includes(gd_includes *in, const char *text, const char *display,
                                struct stat *chain, int depth) {
  size_t errors = 0;
  int line = 1;
  int in_comment = 0; /* inside a block comment: the scanner ignores @include there */
  for (const char *p = text; p != NULL && *p != '\0' && depth < 10 && !in->stop; line++) {
    const char *q = p;
    while (*q == ' ' || *q == '\t') {
      q++;
    }
    const char *eol = strchr(p, '\n');
    const char *line_end = eol != NULL ? eol : p + strlen(p);
    int was_comment = in_comment;
    in_comment = gd_block_comment_after(p, line_end, in_comment);
    p = eol != NULL ? eol + 1 : NULL;
    if (was_comment || strncmp(q, "@include", 8) != 0 || (q[8] != ' ' && q[8] != '\t')) {
      continue;
    }
    q += 8;
    while (*q == ' ' || *q == '\t') {
      q++;
    }
    const char *close = *q == '"' ? strchr(q + 1, '"') : NULL;
    if (close == NULL || (eol != NULL && close > eol) ||
        memchr(q + 1, '\\', (size_t)(close - q - 1)) != NULL) {
      continue; /* not a plain quoted name: libconfig reports what is wrong */
    }
    int len = (int)(close - q - 1);
    if (++in->includes > PLI_GUARD_MAX_INCLUDES) {
      char why[160];
      snprintf(why, sizeof why,
               "more than %u inclusions in all (each @include counts, nested ones too)",
               PLI_GUARD_MAX_INCLUDES);
      gd_report(in, display, line, len, q + 1, why);
      in->stop = 1;
      return errors + 1;
    }
    char path[4096];
    if (q[1] != '/' && in->include_dir != NULL) {
      snprintf(path, sizeof path, "%s/%.*s", in->include_dir, len, q + 1);
    } else {
      snprintf(path, sizeof path, "%.*s", len, q + 1);
    }
    struct stat st;
    const char *why = NULL;
    if (stat(path, &st) != 0) {
      why = strerror(errno);
    } else if (S_ISDIR(st.st_mode)) {
      why = "it is a folder, not a file";
    } else if (!S_ISREG(st.st_mode)) {
      why = "it is not a regular file";
    } else {
      for (int k = 0; k <= depth && why == NULL; k++) {
        if (chain[k].st_nlink > 0 && chain[k].st_dev == st.st_dev && chain[k].st_ino == st.st_ino) {
          why = k == depth ? "a file cannot include itself" : "it includes this file (a cycle)";
        }
      }
    }
    if (why != NULL) {
      gd_report(in, display, line, len, q + 1, why);
      errors++;
      continue;
    }
    char *sub = NULL;
    size_t sub_len = 0;
    int err = 0;
    pli_guard_read_status rs = pli_guard_read_file(path, PLI_GUARD_MAX_FILE, &sub, &sub_len, &err);
    if (rs == PLI_READ_OK && sub_len > PLI_GUARD_MAX_TOTAL - in->bytes) {
      free(sub);
      gd_report(in, display, line, len, q + 1,
                "the scenario and its inclusions would exceed the limit of 16 MiB in all (each "
                "inclusion counts)");
      in->stop = 1;
      return errors + 1;
    }
    if (rs != PLI_READ_OK) {
      if (rs == PLI_READ_NOMEM) {
        in->nomem = 1;
        in->stop = 1;
        return errors;
      }
      gd_report(in, display, line, len, q + 1, pli_guard_read_why(rs, err));
      errors++;
      continue;
    }
    in->bytes += sub_len;
    chain[depth + 1] = st;
    errors += gd_check_includes(in, sub, path, chain, depth + 1);
    free(sub);
  }
  return errors;
}

_Static_assert(PLI_GUARD_MAX_TOTAL == (size_t)16 << 20, "gd_check_includes says 16 MiB");

size_t pli_guard_check_includes_budget(const char *text, const char *display,
                                       const char *include_dir, pli_guard_report_fn report,
                                       void *ctx, int *nomem, pli_guard_budget *budget) {
  size_t len = strlen(text);
  if (len > PLI_GUARD_MAX_FILE) {
    report(ctx, display, 0, "larger than the limit of 16 MiB per file");
    return 1;
  }
  if (len > PLI_GUARD_MAX_TOTAL - budget->bytes) {
    report(ctx, display, 0,
           "the scenario and its inclusions would exceed the limit of 16 MiB in all (each "
           "inclusion counts)");
    return 1;
  }
  gd_includes in = {include_dir, report, ctx, budget->includes, budget->bytes + len, 0, 0};
  struct stat chain[11];
  memset(chain, 0, sizeof chain);
  if (stat(display, &chain[0]) != 0) { /* the file itself, when display is its path */
    memset(&chain[0], 0, sizeof chain[0]);
  }
  size_t errors = gd_check_includes(&in, text, display, chain, 0);
  if (in.nomem) {
    *nomem = 1;
  }
  budget->includes = in.includes;
  budget->bytes = in.bytes;
  return errors;
}

size_t pli_guard_check_includes(const char *text, const char *display, const char *include_dir,
                                pli_guard_report_fn report, void *ctx, int *nomem) {
  pli_guard_budget budget = {0, 0};
  return pli_guard_check_includes_budget(text, display, include_dir, report, ctx, nomem, &budget);
}
