/*
 * fuzz_scenario.c — libFuzzer target over the scenario loader and the override parser.
 *
 * Input layout: scenario text, optionally followed by override lines, each introduced by the
 * marker "\n%set " (so "…scenario…\n%set protocol.max_rounds=5\n%set agents.a.patience=0.5").
 * The text is cut at the first NUL byte, exactly as a file read by `parley` is.
 *
 * Invariants checked (each violation aborts, which libFuzzer reports as a crash):
 * - pl_scenario_load_string returns PL_OK iff it hands back a scenario, and every failure comes
 *   with at least one diagnostic that has a file name and a non-empty message;
 * - pl_scenario_set never fails silently either, and a failed override leaves the scenario as it
 *   was (its written form is unchanged);
 * - a loaded (and overridden) scenario, written with pl_scenario_write, loads back, and writing
 *   that again gives the same text (the "resolved scenario" contract of parley/scenario.h).
 * AddressSanitizer and UndefinedBehaviorSanitizer catch the rest.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parley/scenario.h"
#include "parley/status.h"

#ifndef FUZZ_INCLUDE_DIR
#define FUZZ_INCLUDE_DIR NULL
#endif

#define FUZZ_MARKER "\n%set "

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Aborts unless the failure st came with usable diagnostics. */
static void fuzz_check_diags(pl_status st, const pl_diags *d) {
  if (st == PL_ENOMEM) {
    return;
  }
  if (pl_diags_count(d) == 0) {
    fprintf(stderr, "fuzz: failure %d without a diagnostic\n", (int)st);
    abort();
  }
  for (size_t i = 0; i < pl_diags_count(d); i++) {
    const char *f = pl_diags_file(d, i);
    const char *m = pl_diags_message(d, i);
    if (f == NULL || f[0] == '\0' || m == NULL || m[0] == '\0' || pl_diags_line(d, i) < 0) {
      fprintf(stderr, "fuzz: empty diagnostic %zu\n", i);
      abort();
    }
  }
}

/* The written form of sc (malloc'ed), or NULL when memory ran out. */
static char *fuzz_write(const pl_scenario *sc) {
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  if (f == NULL) {
    return NULL;
  }
  pl_status st = pl_scenario_write(sc, f);
  fclose(f);
  if (st != PL_OK) {
    fprintf(stderr, "fuzz: pl_scenario_write failed: %d\n", (int)st);
    abort();
  }
  return buf;
}

/* Writes sc, loads the text back and writes it again: both texts must match. */
static void fuzz_round_trip(const pl_scenario *sc) {
  char *w1 = fuzz_write(sc);
  if (w1 == NULL) {
    return;
  }
  pl_diags *d = pl_diags_alloc();
  pl_scenario *back = NULL;
  pl_status st = pl_scenario_load_string(w1, "written.cfg", FUZZ_INCLUDE_DIR, d, &back);
  if (st != PL_OK) {
    fprintf(stderr, "fuzz: the written scenario does not load back (%d):\n%s\n", (int)st, w1);
    for (size_t i = 0; i < pl_diags_count(d); i++) {
      fprintf(stderr, "%s:%d: %s\n", pl_diags_file(d, i), pl_diags_line(d, i),
              pl_diags_message(d, i));
    }
    abort();
  }
  char *w2 = fuzz_write(back);
  if (w2 != NULL && strcmp(w1, w2) != 0) {
    fprintf(stderr, "fuzz: write/load/write differs:\n--- first\n%s\n--- second\n%s\n", w1, w2);
    abort();
  }
  char *desc = NULL;
  size_t dlen = 0;
  FILE *f = open_memstream(&desc, &dlen);
  if (f != NULL) {
    (void)pl_scenario_describe(back, f);
    fclose(f);
  }
  free(desc);
  free(w2);
  pl_scenario_free(back);
  pl_diags_free(d);
  free(w1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *text = malloc(size + 1);
  if (text == NULL) {
    return 0;
  }
  memcpy(text, data, size);
  text[size] = '\0';
  /* Cut the override lines off the scenario text. */
  char *sets = strstr(text, FUZZ_MARKER);
  if (sets != NULL) {
    *sets = '\0';
    sets += strlen(FUZZ_MARKER);
  }
  pl_diags *d = pl_diags_alloc();
  if (d == NULL) {
    free(text);
    return 0;
  }
  pl_scenario *sc = NULL;
  pl_status st = pl_scenario_load_string(text, "fuzz.cfg", FUZZ_INCLUDE_DIR, d, &sc);
  if ((st == PL_OK) != (sc != NULL)) {
    fprintf(stderr, "fuzz: status %d but scenario %p\n", (int)st, (void *)sc);
    abort();
  }
  if (st != PL_OK) {
    fuzz_check_diags(st, d);
  } else {
    while (sets != NULL) {
      char *next = strstr(sets, FUZZ_MARKER);
      if (next != NULL) {
        *next = '\0';
        next += strlen(FUZZ_MARKER);
      }
      char *before = fuzz_write(sc);
      pl_diags_clear(d);
      pl_status s2 = pl_scenario_set(sc, sets, d);
      if (s2 != PL_OK) {
        fuzz_check_diags(s2, d);
        char *after = fuzz_write(sc);
        if (before != NULL && after != NULL && strcmp(before, after) != 0) {
          fprintf(stderr, "fuzz: a failed override '%s' changed the scenario\n", sets);
          abort();
        }
        free(after);
      }
      free(before);
      sets = next;
    }
    fuzz_round_trip(sc);
  }
  pl_scenario_free(sc);
  pl_diags_free(d);
  free(text);
  return 0;
}
