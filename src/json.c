/*
 * json.c — the JSON writer (contract and the reason it is not jansson's dumper: json.h).
 *
 * Invariants: w->text, when not NULL, is NUL-terminated; once w->status is not PL_OK nothing more
 * is appended; w->open[0 .. depth-1] are the open containers, innermost last; a value may be
 * written when (in an object) a key precedes it, (in an array) always, (at the top) only once.
 */
#include "json.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parley/number.h"

void pl_json_init(pl_json *w) { memset(w, 0, sizeof *w); }

static void pl_json_fail(pl_json *w, pl_status status) {
  if (w->status == PL_OK) {
    w->status = status;
  }
}

static void pl_json_append(pl_json *w, const char *s, size_t n) {
  if (w->status != PL_OK) {
    return;
  }
  if (w->len + n + 1 > w->cap) {
    size_t cap = w->cap ? w->cap : 1024;
    while (w->len + n + 1 > cap) {
      cap *= 2;
    }
    char *t = realloc(w->text, cap);
    if (t == NULL) {
      pl_json_fail(w, PL_ENOMEM);
      return;
    }
    w->text = t;
    w->cap = cap;
  }
  memcpy(w->text + w->len, s, n);
  w->len += n;
  w->text[w->len] = '\0';
}

static void pl_json_raw(pl_json *w, const char *s) { pl_json_append(w, s, strlen(s)); }

static void pl_json_newline(pl_json *w, unsigned indent) {
  pl_json_raw(w, "\n");
  for (unsigned k = 0; k < indent; k++) {
    pl_json_raw(w, "  ");
  }
}

/* Indentation of the members of open container d. */
static unsigned pl_json_member_indent(const pl_json *w, size_t d) {
  return w->open[d].indent + (w->open[d].layout == PL_JSON_BLOCK ? 1u : 0u);
}

/* Writes what goes before a new member of the innermost container: a comma unless it is the
 * first, then a line break and indentation, or a space when inline. */
static void pl_json_separate(pl_json *w) {
  size_t d = w->depth - 1;
  int first = !w->open[d].has_members;
  w->open[d].has_members = 1;
  if (w->open[d].layout == PL_JSON_INLINE) {
    pl_json_raw(w, first ? "" : ", ");
    return;
  }
  if (!first) {
    pl_json_raw(w, ",");
  }
  pl_json_newline(w, pl_json_member_indent(w, d));
}

/* Checks that a value may come now and writes what precedes it. 0 if it may, -1 otherwise. */
static int pl_json_value_start(pl_json *w) {
  if (w->status != PL_OK) {
    return -1;
  }
  if (w->depth == 0) {
    if (w->done) {
      pl_json_fail(w, PL_EINVAL); /* a second top-level value */
      return -1;
    }
    return 0;
  }
  if (w->open[w->depth - 1].is_object) {
    if (!w->after_key) {
      pl_json_fail(w, PL_EINVAL); /* a member without a key */
      return -1;
    }
    w->after_key = 0;
    return 0;
  }
  pl_json_separate(w);
  return 0;
}

/* Marks the top-level value complete when the value just written was it. */
static void pl_json_value_end(pl_json *w) {
  if (w->depth == 0) {
    w->done = 1;
  }
}

static void pl_json_begin(pl_json *w, int is_object, pl_json_layout layout) {
  if (pl_json_value_start(w) != 0) {
    return;
  }
  if (w->depth == PL_JSON_MAX_DEPTH) {
    pl_json_fail(w, PL_EINVAL);
    return;
  }
  unsigned indent = 0;
  if (w->depth > 0) {
    size_t d = w->depth - 1;
    if (w->open[d].layout == PL_JSON_INLINE) {
      layout = PL_JSON_INLINE; /* no line breaks inside a one-line container */
      indent = w->open[d].indent;
    } else {
      indent = pl_json_member_indent(w, d);
    }
  }
  w->open[w->depth].is_object = (unsigned char)is_object;
  w->open[w->depth].layout = (unsigned char)layout;
  w->open[w->depth].has_members = 0;
  w->open[w->depth].indent = indent;
  w->depth++;
  pl_json_raw(w, is_object ? "{" : "[");
}

static void pl_json_end(pl_json *w, int is_object) {
  if (w->status != PL_OK) {
    return;
  }
  if (w->depth == 0 || w->open[w->depth - 1].is_object != is_object || w->after_key) {
    pl_json_fail(w, PL_EINVAL); /* nothing open, the other kind open, or a key without value */
    return;
  }
  size_t d = --w->depth;
  if (w->open[d].has_members && w->open[d].layout != PL_JSON_INLINE) {
    pl_json_newline(w, w->open[d].indent);
  }
  pl_json_raw(w, is_object ? "}" : "]");
  pl_json_value_end(w);
}

void pl_json_begin_object(pl_json *w, pl_json_layout layout) { pl_json_begin(w, 1, layout); }
void pl_json_begin_array(pl_json *w, pl_json_layout layout) { pl_json_begin(w, 0, layout); }
void pl_json_end_object(pl_json *w) { pl_json_end(w, 1); }
void pl_json_end_array(pl_json *w) { pl_json_end(w, 0); }

/* s as a JSON string: quotes, RFC 8259 escapes. */
static void pl_json_quoted(pl_json *w, const char *s) {
  pl_json_raw(w, "\"");
  const char *run = s; /* start of the bytes not yet written that need no escape */
  for (const char *p = s;; p++) {
    unsigned char c = (unsigned char)*p;
    if (c != '\0' && c != '"' && c != '\\' && c >= 0x20) {
      continue;
    }
    pl_json_append(w, run, (size_t)(p - run));
    run = p + 1;
    if (c == '\0') {
      break;
    }
    char esc[8];
    switch (c) {
    case '"':
      pl_json_raw(w, "\\\"");
      break;
    case '\\':
      pl_json_raw(w, "\\\\");
      break;
    case '\n':
      pl_json_raw(w, "\\n");
      break;
    case '\t':
      pl_json_raw(w, "\\t");
      break;
    case '\r':
      pl_json_raw(w, "\\r");
      break;
    default:
      snprintf(esc, sizeof esc, "\\u%04x", (unsigned)c);
      pl_json_raw(w, esc);
    }
  }
  pl_json_raw(w, "\"");
}

void pl_json_key(pl_json *w, const char *key) {
  if (w->status != PL_OK) {
    return;
  }
  if (w->depth == 0 || !w->open[w->depth - 1].is_object || w->after_key || key == NULL) {
    pl_json_fail(w, PL_EINVAL);
    return;
  }
  pl_json_separate(w);
  pl_json_quoted(w, key);
  pl_json_raw(w, ": ");
  w->after_key = 1;
}

/* A scalar value whose text is s. */
static void pl_json_scalar(pl_json *w, const char *s) {
  if (pl_json_value_start(w) != 0) {
    return;
  }
  pl_json_raw(w, s);
  pl_json_value_end(w);
}

void pl_json_string(pl_json *w, const char *s) {
  if (s == NULL) {
    pl_json_null(w);
    return;
  }
  if (pl_json_value_start(w) != 0) {
    return;
  }
  pl_json_quoted(w, s);
  pl_json_value_end(w);
}

void pl_json_double(pl_json *w, double x) {
  if (!isfinite(x)) {
    pl_json_null(w);
    return;
  }
  char buf[PL_NUMBER_BUFSIZE];
  pl_number_format(x, buf);
  pl_json_scalar(w, buf);
}

void pl_json_u64(pl_json *w, uint64_t x) {
  char buf[24];
  snprintf(buf, sizeof buf, "%" PRIu64, x);
  pl_json_scalar(w, buf);
}

void pl_json_bool(pl_json *w, int b) { pl_json_scalar(w, b ? "true" : "false"); }

void pl_json_null(pl_json *w) { pl_json_scalar(w, "null"); }

pl_status pl_json_finish(pl_json *w, char **out) {
  if (w->status == PL_OK && !w->done) {
    pl_json_fail(w, PL_EINVAL);
  }
  pl_json_raw(w, "\n");
  pl_status rc = w->status;
  *out = rc == PL_OK ? w->text : NULL;
  if (rc != PL_OK) {
    free(w->text);
  }
  pl_json_init(w);
  return rc;
}

void pl_json_discard(pl_json *w) {
  free(w->text);
  pl_json_init(w);
}
