/*
 * parley/status.h — status codes and diagnostics.
 *
 * Every fallible library function returns a pl_status (PL_OK = 0) and, where input can be wrong,
 * records what is wrong in a pl_diags list: one entry per problem, each with the file and line it
 * concerns. The library never prints; the command line formats entries as
 * "FILE:LINE: error: MESSAGE" (or "FILE: error: MESSAGE" when the line is 0).
 */
#ifndef PARLEY_STATUS_H
#define PARLEY_STATUS_H

#include <stddef.h>

/* X(name, meaning) — the table that generates the enum and pl_status_string(). */
#define PL_STATUS_MAP(X)                                                                           \
  X(OK, "success")                                                                                 \
  X(EINVAL, "invalid argument")      /* a caller passed something out of contract */               \
  X(ENOMEM, "out of memory")         /* an allocation failed */                                    \
  X(EIO, "input/output error")       /* a file could not be read or written */                     \
  X(ESCENARIO, "invalid scenario")   /* the scenario (or an override) is wrong */                  \
  X(EPATH, "unknown parameter path") /* a --set or sweep path names nothing */                     \
  X(EINTERRUPTED, "interrupted")     /* a run stopped early on request */                          \
  X(ENUMERIC, "numerical failure")   /* a solver did not converge */

typedef enum {
#define PL_STATUS_ENUM(name, text) PL_##name,
  PL_STATUS_MAP(PL_STATUS_ENUM)
#undef PL_STATUS_ENUM
      PL_STATUS_COUNT
} pl_status;

/* A constant English description of s; "unknown status" for values outside the table. */
const char *pl_status_string(pl_status s);

/* An ordered list of diagnostics. Owned by the caller; entries are copied in. */
typedef struct pl_diags pl_diags;

/* A new empty list, or NULL when memory is exhausted. */
pl_diags *pl_diags_alloc(void);
/* Frees the list and its entries; pl_diags_free(NULL) does nothing. */
void pl_diags_free(pl_diags *d);
/* Appends an entry (printf-style message). file may be NULL ("parley"); line 0 = no line.
 * d may be NULL, in which case nothing is recorded. Returns PL_ENOMEM if it could not record. */
#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
pl_status
pl_diags_add(pl_diags *d, const char *file, int line, const char *fmt, ...);
/* Number of entries. */
size_t pl_diags_count(const pl_diags *d);
/* Entry i (i < count): its file, line (0 = none) and message. Pointers live as long as d. */
const char *pl_diags_file(const pl_diags *d, size_t i);
int pl_diags_line(const pl_diags *d, size_t i);
const char *pl_diags_message(const pl_diags *d, size_t i);
/* Orders the entries by file then line (stable), so a user reads a file's errors top to bottom. */
void pl_diags_sort(pl_diags *d);
/* Removes every entry. */
void pl_diags_clear(pl_diags *d);

#endif /* PARLEY_STATUS_H */
