/*
 * status.c — status strings and the diagnostics list.
 *
 * Invariant: a pl_diags owns copies of every string it holds; entries are only appended, sorted
 * or cleared, never edited in place.
 */
#include "parley/status.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  char *file;
  int line;
  char *message;
  size_t order; /* insertion order, to keep pl_diags_sort stable */
} pli_diag_entry;

struct pl_diags {
  pli_diag_entry *items;
  size_t count;
  size_t capacity;
};

static const char *const pli_status_strings[] = {
#define PLI_STATUS_TEXT(name, text) text,
    PL_STATUS_MAP(PLI_STATUS_TEXT)
#undef PLI_STATUS_TEXT
};

const char *pl_status_string(pl_status s) {
  if ((int)s < 0 || s >= PL_STATUS_COUNT) {
    return "unknown status";
  }
  return pli_status_strings[s];
}

pl_diags *pl_diags_alloc(void) { return calloc(1, sizeof(pl_diags)); }

void pl_diags_clear(pl_diags *d) {
  if (d == NULL) {
    return;
  }
  for (size_t i = 0; i < d->count; i++) {
    free(d->items[i].file);
    free(d->items[i].message);
  }
  d->count = 0;
}

void pl_diags_free(pl_diags *d) {
  if (d == NULL) {
    return;
  }
  pl_diags_clear(d);
  free(d->items);
  free(d);
}

static char *diags_strdup(const char *s) {
  size_t n = strlen(s) + 1;
  char *copy = malloc(n);
  if (copy != NULL) {
    memcpy(copy, s, n);
  }
  return copy;
}

pl_status pl_diags_add(pl_diags *d, const char *file, int line, const char *fmt, ...) {
  if (d == NULL) {
    return PL_OK;
  }
  if (d->count == d->capacity) {
    size_t cap = d->capacity ? 2 * d->capacity : 8;
    pli_diag_entry *items = realloc(d->items, cap * sizeof *items);
    if (items == NULL) {
      return PL_ENOMEM;
    }
    d->items = items;
    d->capacity = cap;
  }
  va_list ap;
  va_start(ap, fmt);
  va_list ap2;
  va_copy(ap2, ap);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  char *message = n >= 0 ? malloc((size_t)n + 1) : NULL;
  if (message != NULL) {
    vsnprintf(message, (size_t)n + 1, fmt, ap2);
  }
  va_end(ap2);
  char *fcopy = diags_strdup(file != NULL ? file : "parley");
  if (message == NULL || fcopy == NULL) {
    free(message);
    free(fcopy);
    return PL_ENOMEM;
  }
  d->items[d->count] = (pli_diag_entry){fcopy, line, message, d->count};
  d->count++;
  return PL_OK;
}

size_t pl_diags_count(const pl_diags *d) { return d != NULL ? d->count : 0; }

const char *pl_diags_file(const pl_diags *d, size_t i) { return d->items[i].file; }

int pl_diags_line(const pl_diags *d, size_t i) { return d->items[i].line; }

const char *pl_diags_message(const pl_diags *d, size_t i) { return d->items[i].message; }

static int diag_compare(const void *a, const void *b) {
  const pli_diag_entry *x = a;
  const pli_diag_entry *y = b;
  int c = strcmp(x->file, y->file);
  if (c != 0) {
    return c;
  }
  if (x->line != y->line) {
    return x->line < y->line ? -1 : 1;
  }
  return x->order < y->order ? -1 : (x->order > y->order ? 1 : 0);
}

void pl_diags_sort(pl_diags *d) {
  if (d != NULL && d->count > 1) {
    qsort(d->items, d->count, sizeof *d->items, diag_compare);
  }
}
