/*
 * results_json.c — summary.json and run.json (docs/outputs.md).
 *
 * The JSON is written by hand rather than by a JSON library's dumper so that the number format is
 * ours and fixed: a double is printed as the shortest "%.Ng" (1 <= N <= 17) that strtod reads back
 * to the same double (17 significant digits always suffice for IEEE binary64), NaN and infinities
 * as null, 64-bit counts and seeds as unsigned integers (a JSON library's signed integer would
 * wrap seeds >= 2^63). Keys come in the fixed order of docs/outputs.md, so equal summaries give
 * byte-identical text. Strings are escaped per RFC 8259 (UTF-8 passed through).
 */
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "parley/parley.h"
#include "parley/results.h"

/* A growing text buffer; `failed` records an allocation failure (later appends do nothing). */
typedef struct {
  char *text;
  size_t len, cap;
  int failed;
} pl_jbuf;

static void pl_jb_append(pl_jbuf *b, const char *s, size_t n) {
  if (b->failed) {
    return;
  }
  if (b->len + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 1024;
    while (b->len + n + 1 > cap) {
      cap *= 2;
    }
    char *t = realloc(b->text, cap);
    if (t == NULL) {
      b->failed = 1;
      return;
    }
    b->text = t;
    b->cap = cap;
  }
  memcpy(b->text + b->len, s, n);
  b->len += n;
  b->text[b->len] = '\0';
}

static void pl_jb_raw(pl_jbuf *b, const char *s) { pl_jb_append(b, s, strlen(s)); }

static void pl_jb_string(pl_jbuf *b, const char *s) {
  pl_jb_raw(b, "\"");
  for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
    char esc[8];
    switch (*p) {
    case '"':
      pl_jb_raw(b, "\\\"");
      break;
    case '\\':
      pl_jb_raw(b, "\\\\");
      break;
    case '\n':
      pl_jb_raw(b, "\\n");
      break;
    case '\t':
      pl_jb_raw(b, "\\t");
      break;
    case '\r':
      pl_jb_raw(b, "\\r");
      break;
    default:
      if (*p < 0x20) {
        snprintf(esc, sizeof esc, "\\u%04x", (unsigned)*p);
        pl_jb_raw(b, esc);
      } else {
        pl_jb_append(b, (const char *)p, 1);
      }
    }
  }
  pl_jb_raw(b, "\"");
}

/* The shortest round-trip decimal form of x (see the file comment); "null" if not finite. */
static void pl_jb_double(pl_jbuf *b, double x) {
  if (!isfinite(x)) {
    pl_jb_raw(b, "null");
    return;
  }
  char buf[40];
  if (x == floor(x) && fabs(x) < 1e15) { /* a whole number reads best as one: 30, not 3e+01 */
    snprintf(buf, sizeof buf, "%.0f", x);
    pl_jb_raw(b, buf);
    return;
  }
  for (int prec = 1; prec <= 17; prec++) {
    snprintf(buf, sizeof buf, "%.*g", prec, x);
    if (strtod(buf, NULL) == x) {
      break;
    }
  }
  pl_jb_raw(b, buf);
}

static void pl_jb_u64(pl_jbuf *b, uint64_t x) {
  char buf[32];
  snprintf(buf, sizeof buf, "%" PRIu64, x);
  pl_jb_raw(b, buf);
}

static void pl_jb_indent(pl_jbuf *b, int level) {
  for (int k = 0; k < level; k++) {
    pl_jb_raw(b, "  ");
  }
}

/* Starts member `key` of an object at nesting `level`; *first tracks the comma. */
static void pl_jb_key(pl_jbuf *b, int level, const char *key, int *first) {
  pl_jb_raw(b, *first ? "\n" : ",\n");
  *first = 0;
  pl_jb_indent(b, level);
  pl_jb_string(b, key);
  pl_jb_raw(b, ": ");
}

static void pl_jb_close(pl_jbuf *b, int level, int first) {
  if (first) {
    pl_jb_raw(b, "}"); /* empty object: "{}" */
    return;
  }
  pl_jb_raw(b, "\n");
  pl_jb_indent(b, level);
  pl_jb_raw(b, "}");
}

static pl_status pl_jb_finish(pl_jbuf *b, char **out) {
  if (b->failed) {
    free(b->text);
    return PL_ENOMEM;
  }
  *out = b->text;
  return PL_OK;
}

pl_status pl_results_summary_json(const pl_scenario *sc, const pl_summary *s, char **out) {
  if (sc == NULL || s == NULL || out == NULL) {
    return PL_EINVAL;
  }
  *out = NULL;
  pl_jbuf b = {NULL, 0, 0, 0};
  int first = 1;
  pl_jb_raw(&b, "{");
  pl_jb_key(&b, 1, "scenario", &first);
  pl_jb_string(&b, pl_scenario_name(sc));
  pl_jb_key(&b, 1, "seed", &first);
  pl_jb_u64(&b, s->seed);
  pl_jb_key(&b, 1, "trials", &first);
  pl_jb_u64(&b, s->trials);
  pl_jb_key(&b, 1, "p_agreement", &first);
  pl_jb_double(&b, s->p_agreement);
  pl_jb_key(&b, 1, "ci95", &first);
  pl_jb_raw(&b, "[");
  pl_jb_double(&b, s->ci_low);
  pl_jb_raw(&b, ", ");
  pl_jb_double(&b, s->ci_high);
  pl_jb_raw(&b, "]");

  pl_jb_key(&b, 1, "outcomes", &first);
  pl_jb_raw(&b, "{");
  int f2 = 1;
  for (int o = 0; o < PL_N_OUTCOMES; o++) {
    pl_jb_key(&b, 2, pl_outcome_name((pl_outcome)o), &f2);
    pl_jb_u64(&b, s->outcomes[o]);
  }
  pl_jb_close(&b, 1, f2);

  pl_jb_key(&b, 1, "rounds", &first);
  pl_jb_raw(&b, "{");
  f2 = 1;
  pl_jb_key(&b, 2, "mean", &f2);
  pl_jb_double(&b, s->rounds_mean);
  pl_jb_key(&b, 2, "p50", &f2);
  pl_jb_double(&b, s->rounds_p50);
  pl_jb_key(&b, 2, "p90", &f2);
  pl_jb_double(&b, s->rounds_p90);
  pl_jb_close(&b, 1, f2);

  pl_jb_key(&b, 1, "agreement_point", &first);
  pl_jb_raw(&b, "{");
  f2 = 1;
  size_t n_issues = pl_scenario_n_issues(sc);
  for (size_t j = 0; j < n_issues && j < s->n_issues; j++) {
    const pl_stat5 *st = &s->point[j];
    pl_jb_key(&b, 2, pl_scenario_issue_id(sc, j), &f2);
    pl_jb_raw(&b, "{");
    int f3 = 1;
    pl_jb_key(&b, 3, "mean", &f3);
    pl_jb_double(&b, st->mean);
    pl_jb_key(&b, 3, "sd", &f3);
    pl_jb_double(&b, st->sd);
    pl_jb_key(&b, 3, "p05", &f3);
    pl_jb_double(&b, st->p05);
    pl_jb_key(&b, 3, "p50", &f3);
    pl_jb_double(&b, st->p50);
    pl_jb_key(&b, 3, "p95", &f3);
    pl_jb_double(&b, st->p95);
    pl_jb_close(&b, 2, f3);
  }
  pl_jb_close(&b, 1, f2);

  pl_jb_key(&b, 1, "agents", &first);
  pl_jb_raw(&b, "{");
  f2 = 1;
  size_t n_agents = pl_scenario_n_agents(sc);
  for (size_t i = 0; i < n_agents && i < s->n_agents; i++) {
    pl_jb_key(&b, 2, pl_scenario_agent_id(sc, i), &f2);
    pl_jb_raw(&b, "{");
    int f3 = 1;
    pl_jb_key(&b, 3, "mean_utility", &f3);
    pl_jb_double(&b, s->mean_utility[i]);
    pl_jb_key(&b, 3, "rejection_rate", &f3);
    pl_jb_double(&b, s->rejection_rate[i]);
    pl_jb_close(&b, 2, f3);
  }
  pl_jb_close(&b, 1, f2);

  pl_jb_key(&b, 1, "complete", &first);
  pl_jb_raw(&b, s->complete ? "true" : "false");
  pl_jb_key(&b, 1, "version", &first);
  pl_jb_string(&b, pl_version());
  pl_jb_close(&b, 0, first);
  pl_jb_raw(&b, "\n");
  return pl_jb_finish(&b, out);
}

pl_status pl_results_run_json(const pl_run_info *info, uint64_t trials, char **out) {
  if (info == NULL || out == NULL) {
    return PL_EINVAL;
  }
  *out = NULL;
  pl_jbuf b = {NULL, 0, 0, 0};
  int first = 1;
  char buf[128];
  pl_jb_raw(&b, "{");
  pl_jb_key(&b, 1, "version", &first);
  pl_jb_string(&b, pl_version());
  pl_jb_key(&b, 1, "started", &first);
  struct tm tmv;
  if (gmtime_r(&info->started, &tmv) != NULL &&
      strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tmv) > 0) {
    pl_jb_string(&b, buf);
  } else {
    pl_jb_raw(&b, "null");
  }
  pl_jb_key(&b, 1, "wall_seconds", &first);
  pl_jb_double(&b, info->wall_seconds);
  pl_jb_key(&b, 1, "threads", &first);
  pl_jb_u64(&b, info->threads);
  pl_jb_key(&b, 1, "trials", &first);
  pl_jb_u64(&b, trials);
  pl_jb_key(&b, 1, "trials_per_second", &first);
  pl_jb_double(&b, info->wall_seconds > 0.0 ? (double)trials / info->wall_seconds : NAN);
  pl_jb_key(&b, 1, "host", &first);
  if (gethostname(buf, sizeof buf) == 0) {
    buf[sizeof buf - 1] = '\0';
    pl_jb_string(&b, buf);
  } else {
    pl_jb_raw(&b, "null");
  }
  pl_jb_key(&b, 1, "command_line", &first);
  pl_jb_raw(&b, "[");
  for (int k = 0; k < info->argc; k++) {
    if (k > 0) {
      pl_jb_raw(&b, ", ");
    }
    pl_jb_string(&b, info->argv[k]);
  }
  pl_jb_raw(&b, "]");
  pl_jb_close(&b, 0, first);
  pl_jb_raw(&b, "\n");
  return pl_jb_finish(&b, out);
}
