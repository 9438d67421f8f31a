/*
 * json.h — parley's one JSON writer (internal to the library): summary.json, run.json,
 * `parley sweep --json` and `parley trace --json` are all written with it (results_json.c).
 *
 * Why not jansson's dumper (jansson 2.14, json_dumps): it cannot give the bytes parley writes.
 * - Doubles: it prints "%.17g" (or one JSON_REAL_PRECISION(n) for the whole document), not the
 *   shortest text that reads back: 0.1 becomes 0.10000000000000001 (with precision 15 the last
 *   bit is lost instead); and it appends ".0" to whole doubles (30.0 where parley writes 30).
 * - Integers: json_int_t is a signed long long, so a seed or count >= 2^63 wraps
 *   (18446744073709551615 is dumped as -1).
 * - Layout: JSON_INDENT puts every array element on its own line; summary.json writes
 *   "ci95": [low, high] on one line, and `sweep --json` writes its elements unindented so that
 *   each reads as that point's summary.json.
 * (Checked against the installed jansson 2.14: src/dump.c, src/strconv.c jsonp_dtostr.)
 * Key order is the order of the calls (what JSON_PRESERVE_ORDER would give).
 *
 * Use: pli_json_init, then exactly one value (usually an object) built from the calls below,
 * then pli_json_finish, which hands the text over. Calls append to a growing buffer and never
 * fail one by one: an allocation failure or a call out of place (a value in an object without a
 * key, a key outside an object, an end that does not match its begin, nesting deeper than
 * PLI_JSON_MAX_DEPTH) is recorded, later calls do nothing, and pli_json_finish reports it.
 *
 * Text: valid UTF-8 passes through, and each byte that is not part of a valid UTF-8 sequence
 * (text.h) is written as U+FFFD, so the output is always valid JSON; strings escaped per RFC 8259
 * (quote, backslash, \n \t \r, other bytes below 0x20 as \u00XX); doubles via pl_number_format (the
 * shortest decimal that reads back to the same double, whole numbers below 10^15 as integers),
 * NaN and infinities as null; uint64 in full; two spaces per indentation level.
 */
#ifndef PARLEY_JSON_H
#define PARLEY_JSON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "parley/status.h"

/* Where the members of an object or array go. */
typedef enum {
  PLI_JSON_BLOCK,  /* each on its own line, indented one level deeper than the opening line */
  PLI_JSON_INLINE, /* on the opening line, separated by ", " (so is everything nested inside) */
  PLI_JSON_FLUSH   /* each on its own line at the opening line's indentation (sweep --json) */
} pli_json_layout;

/* The deepest nesting of objects and arrays (trace --json nests 6 deep). */
#define PLI_JSON_MAX_DEPTH 16

/* A writer in progress. Plain struct so that it lives on the caller's stack; treat the fields as
 * private. */
typedef struct {
  char *text; /* the text so far, NUL-terminated (NULL before the first byte) */
  size_t len, cap;
  pl_status status; /* PL_OK, or the first failure: PL_ENOMEM, PL_EINVAL (a call out of place) */
  size_t depth;     /* open containers */
  int after_key;    /* a key was written, its value is next */
  int done;         /* the top-level value is complete */
  struct {
    unsigned char is_object, layout, has_members;
    unsigned indent; /* indentation of the line that opened the container */
  } open[PLI_JSON_MAX_DEPTH];
} pli_json;

/* Starts an empty writer (no allocation). */
void pli_json_init(pli_json *w);

/* Opens an object or array, as a value (after a key, in an array, or at the top). */
void pli_json_begin_object(pli_json *w, pli_json_layout layout);
void pli_json_begin_array(pli_json *w, pli_json_layout layout);

/* Closes the innermost container, which must be of the kind named. An empty one is "{}" / "[]". */
void pli_json_end_object(pli_json *w);
void pli_json_end_array(pli_json *w);

/* The next member's key (in an object only; the value follows with one of the calls below). */
void pli_json_key(pli_json *w, const char *key);

/* Values. */
void pli_json_string(pli_json *w, const char *s); /* NULL writes null */
void pli_json_double(pli_json *w, double x);      /* non-finite: null */
void pli_json_u64(pli_json *w, uint64_t x);
void pli_json_bool(pli_json *w, int b);
void pli_json_null(pli_json *w);

/* Ends the text with a newline and hands it to *out (the caller frees it with free()): PL_OK.
 * Otherwise — a recorded failure, or the top-level value not complete (PL_EINVAL) — frees the
 * text, sets *out to NULL and returns the status. The writer is empty afterwards either way. */
pl_status pli_json_finish(pli_json *w, char **out);

/* Writes the text so far to f and empties the buffer, keeping the writer's state, so that a long
 * value can be streamed piece by piece (trace --json): the bytes written by the calls to
 * pli_json_drain and then the text of pli_json_finish are exactly the text pli_json_finish alone
 * would have handed over. A recorded failure or a write error (recorded as PL_EIO) is returned;
 * after it nothing more is written. */
pl_status pli_json_drain(pli_json *w, FILE *f);

/* Frees the text of an abandoned writer (pli_json_finish need not follow). */
void pli_json_discard(pli_json *w);

#endif /* PARLEY_JSON_H */
