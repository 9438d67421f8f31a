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
#include "parley/text.h"

void pli_json_init(pli_json *w) { memset(w, 0, sizeof *w); }

static void json_fail(pli_json *w, pl_status status) {
  if (w->status == PL_OK) {
    w->status = status;
  }
}

static void json_append(pli_json *w, const char *s, size_t n) {
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
      json_fail(w, PL_ENOMEM);
      return;
    }
    w->text = t;
    w->cap = cap;
  }
  memcpy(w->text + w->len, s, n);
  w->len += n;
  w->text[w->len] = '\0';
}

static void json_raw(pli_json *w, const char *s) { json_append(w, s, strlen(s)); }

static void json_newline(pli_json *w, unsigned indent) {
  json_raw(w, "\n");
  for (unsigned k = 0; k < indent; k++) {
    json_raw(w, "  ");
  }
}

/* Indentation of the members of open container d. */
static unsigned json_member_indent(const pli_json *w, size_t d) {
  return w->open[d].indent + (w->open[d].layout == PLI_JSON_BLOCK ? 1u : 0u);
}

/* Writes what goes before a new member of the innermost container: a comma unless it is the
 * first, then a line break and indentation, or a space when inline. */
static void json_separate(pli_json *w) {
  size_t d = w->depth - 1;
  int first = !w->open[d].has_members;
  w->open[d].has_members = 1;
  if (w->open[d].layout == PLI_JSON_INLINE) {
    json_raw(w, first ? "" : ", ");
    return;
  }
  if (!first) {
    json_raw(w, ",");
  }
  json_newline(w, json_member_indent(w, d));
}

/* Checks that a value may come now and writes what precedes it. 0 if it may, -1 otherwise. */
static int json_value_start(pli_json *w) {
  if (w->status != PL_OK) {
    return -1;
  }
  if (w->depth == 0) {
    if (w->done) {
      json_fail(w, PL_EINVAL); /* a second top-level value */
      return -1;
    }
    return 0;
  }
  if (w->open[w->depth - 1].is_object) {
    if (!w->after_key) {
      json_fail(w, PL_EINVAL); /* a member without a key */
      return -1;
    }
    w->after_key = 0;
    return 0;
  }
  json_separate(w);
  return 0;
}

/* Marks the top-level value complete when the value just written was it. */
static void json_value_end(pli_json *w) {
  if (w->depth == 0) {
    w->done = 1;
  }
}

static void json_begin(pli_json *w, int is_object, pli_json_layout layout) {
  if (json_value_start(w) != 0) {
    return;
  }
  if (w->depth == PLI_JSON_MAX_DEPTH) {
    json_fail(w, PL_EINVAL);
    return;
  }
  unsigned indent = 0;
  if (w->depth > 0) {
    size_t d = w->depth - 1;
    if (w->open[d].layout == PLI_JSON_INLINE) {
      layout = PLI_JSON_INLINE; /* no line breaks inside a one-line container */
      indent = w->open[d].indent;
    } else {
      indent = json_member_indent(w, d);
    }
  }
  w->open[w->depth].is_object = (unsigned char)is_object;
  w->open[w->depth].layout = (unsigned char)layout;
  w->open[w->depth].has_members = 0;
  w->open[w->depth].indent = indent;
  w->depth++;
  json_raw(w, is_object ? "{" : "[");
}

static void json_end(pli_json *w, int is_object) {
  if (w->status != PL_OK) {
    return;
  }
  if (w->depth == 0 || w->open[w->depth - 1].is_object != is_object || w->after_key) {
    json_fail(w, PL_EINVAL); /* nothing open, the other kind open, or a key without value */
    return;
  }
  size_t d = --w->depth;
  if (w->open[d].has_members && w->open[d].layout != PLI_JSON_INLINE) {
    json_newline(w, w->open[d].indent);
  }
  json_raw(w, is_object ? "}" : "]");
  json_value_end(w);
}

void pli_json_begin_object(pli_json *w, pli_json_layout layout) { json_begin(w, 1, layout); }
void pli_json_begin_array(pli_json *w, pli_json_layout layout) { json_begin(w, 0, layout); }
void pli_json_end_object(pli_json *w) { json_end(w, 1); }
void pli_json_end_array(pli_json *w) { json_end(w, 0); }

/* s as a JSON string: quotes, RFC 8259 escapes. */
static void json_quoted(pli_json *w, const char *s) {
  json_raw(w, "\"");
  const char *run = s; /* start of the bytes not yet written that need no escape */
  for (const char *p = s;; p++) {
    unsigned char c = (unsigned char)*p;
    if (c >= 0x80) { /* valid UTF-8 passes through; each invalid byte becomes U+FFFD */
      size_t n = pl_text_utf8_seq(p);
      if (n > 0) {
        p += n - 1;
        continue;
      }
      json_append(w, run, (size_t)(p - run));
      json_raw(w, PL_TEXT_REPLACEMENT);
      run = p + 1;
      continue;
    }
    if (c != '\0' && c != '"' && c != '\\' && c >= 0x20) {
      continue;
    }
    json_append(w, run, (size_t)(p - run));
    run = p + 1;
    if (c == '\0') {
      break;
    }
    char esc[8];
    switch (c) {
    case '"':
      json_raw(w, "\\\"");
      break;
    case '\\':
      json_raw(w, "\\\\");
      break;
    case '\n':
      json_raw(w, "\\n");
      break;
    case '\t':
      json_raw(w, "\\t");
      break;
    case '\r':
      json_raw(w, "\\r");
      break;
    default:
      snprintf(esc, sizeof esc, "\\u%04x", (unsigned)c);
      json_raw(w, esc);
    }
  }
  json_raw(w, "\"");
}

void pli_json_key(pli_json *w, const char *key) {
  if (w->status != PL_OK) {
    return;
  }
  if (w->depth == 0 || !w->open[w->depth - 1].is_object || w->after_key || key == NULL) {
    json_fail(w, PL_EINVAL);
    return;
  }
  json_separate(w);
  json_quoted(w, key);
  json_raw(w, ": ");
  w->after_key = 1;
}

/* A scalar value whose text is s. */
static void json_scalar(pli_json *w, const char *s) {
  if (json_value_start(w) != 0) {
    return;
  }
  json_raw(w, s);
  json_value_end(w);
}

void pli_json_string(pli_json *w, const char *s) {
  if (s == NULL) {
    pli_json_null(w);
    return;
  }
  if (json_value_start(w) != 0) {
    return;
  }
  json_quoted(w, s);
  json_value_end(w);
}

void pli_json_double(pli_json *w, double x) {
  if (!isfinite(x)) {
    pli_json_null(w);
    return;
  }
  char buf[PL_NUMBER_BUFSIZE];
  pl_number_format(x, buf);
  json_scalar(w, buf);
}

void pli_json_u64(pli_json *w, uint64_t x) {
  char buf[24];
  snprintf(buf, sizeof buf, "%" PRIu64, x);
  json_scalar(w, buf);
}

void pli_json_bool(pli_json *w, int b) { json_scalar(w, b ? "true" : "false"); }

void pli_json_null(pli_json *w) { json_scalar(w, "null"); }

pl_status pli_json_finish(pli_json *w, char **out) {
  if (w->status == PL_OK && !w->done) {
    json_fail(w, PL_EINVAL);
  }
  json_raw(w, "\n");
  pl_status rc = w->status;
  *out = rc == PL_OK ? w->text : NULL;
  if (rc != PL_OK) {
    free(w->text);
  }
  pli_json_init(w);
  return rc;
}

pl_status pli_json_drain(pli_json *w, FILE *f) {
  if (w->status == PL_OK && w->len > 0 && fwrite(w->text, 1, w->len, f) != w->len) {
    json_fail(w, PL_EIO);
  }
  w->len = 0; /* the buffer is kept for the next piece */
  if (w->text != NULL) {
    w->text[0] = '\0';
  }
  return w->status;
}

void pli_json_discard(pli_json *w) {
  free(w->text);
  pli_json_init(w);
}
