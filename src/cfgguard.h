/*
 * cfgguard.h — what libconfig 1.5 gets wrong, checked before and after it parses (internal).
 *
 * libconfig 1.5 (Debian 12) reads a string only up to its first NUL byte; exits the process when
 * an @include names a folder, blocks on a FIFO and loops on a file that includes itself; reads
 * includes without any limit (11 files each including the next 10 times never end); and
 * silently wraps integer literals that do not fit their type (5000000000 becomes 705032704). The
 * loader calls these functions so that each of those is an error with a file and a line instead.
 * Nothing here knows the scenario model.
 */
#ifndef PARLEY_CFGGUARD_H
#define PARLEY_CFGGUARD_H

#include <stddef.h>
#include <stdint.h>

/* Limits of what one load reads (docs/scenario-format.md, "Limits"): every file, the main one
 * and each included one, at most PLI_GUARD_MAX_FILE bytes; the main file and every inclusion
 * together (a file included twice counts twice, as libconfig reads it twice) at most
 * PLI_GUARD_MAX_TOTAL bytes; at most PLI_GUARD_MAX_INCLUDES inclusions in all, nested ones
 * included. The largest real scenario is a few kB, so these are far from any honest use and
 * bound what a hostile file can make libconfig read (about 16 MiB) and build in memory. */
#define PLI_GUARD_MAX_FILE ((size_t)16 << 20)
#define PLI_GUARD_MAX_TOTAL ((size_t)16 << 20)
#define PLI_GUARD_MAX_INCLUDES 1000u

/* Why pli_guard_read_file failed. */
typedef enum {
  PLI_READ_OK = 0,
  PLI_READ_ERRNO,       /* open, fstat or read failed: *err holds errno (EISDIR for a folder) */
  PLI_READ_NOT_REGULAR, /* a FIFO, a device, a socket: not read at all */
  PLI_READ_TOO_BIG,     /* more than max bytes */
  PLI_READ_NOMEM        /* an allocation failed */
} pli_guard_read_status;

/* Reads the regular file at path whole into a malloc'ed NUL-terminated buffer *text (*len = its
 * length without the terminator, when len is not NULL). Never blocks: the file is opened with
 * O_NONBLOCK and anything but a regular file is refused before a byte is read; a file larger
 * than max bytes (by its size, or by what reading it gives) is refused. On failure *text is NULL
 * and, for PLI_READ_ERRNO, *err is the errno. The caller frees *text. */
pli_guard_read_status pli_guard_read_file(const char *path, size_t max, char **text, size_t *len,
                                          int *err);

/* What is wrong, for a message ("Is a directory", "not a regular file ...", "larger than ..."). */
const char *pli_guard_read_why(pli_guard_read_status st, int err);

/* The offset of the first NUL byte of text[0 .. len), or len when there is none; *line gets the
 * 1-based line it is on. */
size_t pli_guard_find_nul(const char *text, size_t len, int *line);

/* Checks every `@include "FILE"` line of text (libconfig's own rule: at the start of a line after
 * blanks, not inside a block comment) and, recursively, of the files it includes, up to libconfig's
 * nesting depth: each target must exist, be a regular file of at most PLI_GUARD_MAX_FILE bytes,
 * and not be a file of the chain that includes it; text itself must be at most PLI_GUARD_MAX_FILE
 * bytes, and the inclusions, counted with a running total over the whole tree, at most
 * PLI_GUARD_MAX_INCLUDES and, with text, PLI_GUARD_MAX_TOTAL bytes (the check stops at the first
 * inclusion over a limit, so it reads at most that much). Relative names are resolved against
 * include_dir (NULL = the current directory); display is the name of text's file in reports and,
 * when it is a path, the chain's first file. Each problem is passed to report(ctx, file, line,
 * message). Returns the number of problems; *nomem is set (not cleared) when an allocation
 * failed, and the check then stops. */
typedef void (*pli_guard_report_fn)(void *ctx, const char *file, int line, const char *message);
size_t pli_guard_check_includes(const char *text, const char *display, const char *include_dir,
                                pli_guard_report_fn report, void *ctx, int *nomem);

/* What a load has read so far, over every file it reads (the main one, its inclusions, and the
 * files named by `base`, which count as inclusions): one budget for the limits above. */
typedef struct {
  size_t includes; /* inclusions (and bases) read */
  size_t bytes;    /* bytes of every file read, a file read twice counted twice */
} pli_guard_budget;

/* pli_guard_check_includes, but counting against *budget, which the caller zero-initialises
 * for the main file and passes on to the check of each base file: text's own bytes are added,
 * and the limits hold for the whole load. */
size_t pli_guard_check_includes_budget(const char *text, const char *display,
                                       const char *include_dir, pli_guard_report_fn report,
                                       void *ctx, int *nomem, pli_guard_budget *budget);

/* Lines of the files libconfig read, for the integer check: a cache of the last included file
 * read and of the last line found (settings come mostly in file order, so n lookups cost O(n)
 * line walks, not O(n^2)). Zero-initialise, set main_text, and free with pli_guard_lines_free. */
typedef struct {
  const char *main_text; /* the main file's text (not owned) */
  char *file, *text;     /* the last included file read, and its text */
  const char *memo_text, *memo_ptr;
  int memo_line;
} pli_guard_lines;

/* Line `line` (1-based) of file (NULL = the main text): its start, and its length in *n; NULL if
 * the file cannot be read or is shorter. */
const char *pli_guard_line(pli_guard_lines *lines, const char *file, int line, size_t *n);
void pli_guard_lines_free(pli_guard_lines *lines);

/* An integer literal on a source line. */
typedef struct {
  const char *start;
  size_t len;   /* of the literal text, sign and suffix included */
  uint64_t mag; /* magnitude (valid unless overflow) */
  int neg, hex, is64, overflow;
} pli_guard_literal;

/* Whether the source line [p, p + n) holds an integer literal that libconfig could not hold and
 * wrapped into `value` (is64: the setting was read as a 64-bit integer, i.e. written with L): the
 * literal is described in *lit. Strings and comments on the line are skipped. */
int pli_guard_find_overflow(const char *p, size_t n, long long value, int is64,
                            pli_guard_literal *lit);

/* Whether the source line [p, p + n) holds a real literal (outside strings and comments) whose
 * digits are not all 0 but which rounds to 0 in a double (1e-400): libconfig reads it as 0.0. */
int pli_guard_has_underflow(const char *p, size_t n);

/* Whether the source line [p, p + n) holds a hexadecimal literal. */
int pli_guard_has_hex(const char *p, size_t n);

#endif /* PARLEY_CFGGUARD_H */
