/*
 * cfgguard.h — what libconfig 1.5 gets wrong, checked before and after it parses (internal).
 *
 * libconfig 1.5 (Debian 12) reads a string only up to its first NUL byte; exits the process when
 * an @include names a folder, blocks on a FIFO and loops on a file that includes itself; and
 * silently wraps integer literals that do not fit their type (5000000000 becomes 705032704). The
 * loader calls these functions so that each of those is an error with a file and a line instead.
 * Nothing here knows the scenario model.
 */
#ifndef PARLEY_CFGGUARD_H
#define PARLEY_CFGGUARD_H

#include <stddef.h>
#include <stdint.h>

/* Reads the file at path whole into a malloc'ed NUL-terminated buffer (*len = its length without
 * the terminator, when len is not NULL), or NULL with errno set. */
char *pli_guard_read_file(const char *path, size_t *len);

/* The offset of the first NUL byte of text[0 .. len), or len when there is none; *line gets the
 * 1-based line it is on. */
size_t pli_guard_find_nul(const char *text, size_t len, int *line);

/* Checks every `@include "FILE"` line of text (libconfig's own rule: at the start of a line after
 * blanks, not inside a block comment) and, recursively, of the files it includes, up to libconfig's
 * nesting depth: each target must exist, be a regular file, and not be a file of the chain that
 * includes it. Relative names are resolved against include_dir (NULL = the current directory);
 * display is the name of text's file in reports and, when it is a path, the chain's first file.
 * Each problem is passed to report(ctx, file, line, message). Returns the number of problems. */
typedef void (*pli_guard_report_fn)(void *ctx, const char *file, int line, const char *message);
size_t pli_guard_check_includes(const char *text, const char *display, const char *include_dir,
                                pli_guard_report_fn report, void *ctx);

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

/* Whether the source line [p, p + n) holds a hexadecimal literal. */
int pli_guard_has_hex(const char *p, size_t n);

#endif /* PARLEY_CFGGUARD_H */
