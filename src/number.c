/*
 * number.c — the grammar of numbers (parley/number.h), the shortest round-trip format, the grid.
 *
 * The parsers check the text against the grammar themselves before handing it to strtoull or
 * strtod, because those accept more (blanks, signs on hex, "inf", "nan", hexadecimal fractions)
 * than libconfig does in a scenario file.
 */
#include "parley/number.h"

#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int nm_digit(char c) { return c >= '0' && c <= '9'; }
static int nm_xdigit(char c) {
  return nm_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* Length of an integer literal (with its L/LL suffix) at the start of s, 0 if none; *hex and
 * *digits_end describe it. Signs are the caller's business. */
static size_t nm_integer(const char *s, int *hex, size_t *digits_end) {
  size_t k = 0;
  *hex = s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
  if (*hex) {
    k = 2;
    while (nm_xdigit(s[k])) {
      k++;
    }
    if (k == 2) {
      return 0;
    }
  } else {
    while (nm_digit(s[k])) {
      k++;
    }
    if (k == 0) {
      return 0;
    }
  }
  *digits_end = k;
  if (s[k] == 'L') {
    k += s[k + 1] == 'L' ? 2 : 1;
  }
  return k;
}

pl_number_result pl_number_parse_u64(const char *s, uint64_t *out) {
  if (s == NULL) {
    return PL_NUMBER_SYNTAX;
  }
  int neg = s[0] == '-';
  const char *p = (s[0] == '+' || s[0] == '-') ? s + 1 : s;
  int hex;
  size_t digits_end = 0;
  size_t n = nm_integer(p, &hex, &digits_end);
  if (n == 0 || p[n] != '\0' || ((s[0] == '+' || neg) && hex)) {
    double d;
    return pl_number_parse_double(s, &d) == PL_NUMBER_OK ? PL_NUMBER_NOT_INTEGER : PL_NUMBER_SYNTAX;
  }
  uint64_t v = 0;
  for (size_t k = hex ? 2 : 0; k < digits_end; k++) {
    char c = p[k];
    unsigned d = nm_digit(c) ? (unsigned)(c - '0') : (unsigned)((c | 0x20) - 'a' + 10);
    unsigned base = hex ? 16u : 10u;
    if (v > (UINT64_MAX - d) / base) {
      return PL_NUMBER_RANGE;
    }
    v = v * base + d;
  }
  if (neg && v != 0) {
    return PL_NUMBER_NEGATIVE;
  }
  *out = v;
  return PL_NUMBER_OK;
}

pl_number_result pl_number_parse_double(const char *s, double *out) {
  if (s == NULL) {
    return PL_NUMBER_SYNTAX;
  }
  const char *p = (s[0] == '+' || s[0] == '-') ? s + 1 : s;
  int hex;
  size_t digits_end = 0;
  size_t n = nm_integer(p, &hex, &digits_end);
  if (n > 0 && p[n] == '\0') { /* an integer literal */
    if (hex && p != s) {
      return PL_NUMBER_SYNTAX;
    }
    if (hex || n > digits_end) {
      uint64_t u;
      pl_number_result r = pl_number_parse_u64(p, &u);
      if (r != PL_NUMBER_OK) {
        return r;
      }
      double v = (double)u;
      *out = s[0] == '-' ? -v : v;
      return PL_NUMBER_OK;
    }
  } else { /* a decimal fraction: DIGITS[.DIGITS] or .DIGITS, then an optional exponent */
    size_t k = 0, mant = 0;
    while (nm_digit(p[k])) {
      k++;
      mant++;
    }
    if (p[k] == '.') {
      k++;
      while (nm_digit(p[k])) {
        k++;
        mant++;
      }
    }
    if (mant == 0) {
      return PL_NUMBER_SYNTAX;
    }
    if (p[k] == 'e' || p[k] == 'E') {
      k++;
      k += p[k] == '+' || p[k] == '-';
      size_t e0 = k;
      while (nm_digit(p[k])) {
        k++;
      }
      if (k == e0) {
        return PL_NUMBER_SYNTAX;
      }
    }
    if (p[k] != '\0') {
      return PL_NUMBER_SYNTAX;
    }
  }
  errno = 0;
  double v = strtod(s, NULL);
  if (!isfinite(v)) {
    return PL_NUMBER_RANGE;
  }
  if (v == 0.0) { /* 1e-400 rounds to 0: refused, not read as a silent 0 */
    for (const char *q = p; *q != '\0' && *q != 'e' && *q != 'E'; q++) {
      if (*q >= '1' && *q <= '9') {
        return PL_NUMBER_RANGE;
      }
    }
  }
  *out = v;
  return PL_NUMBER_OK;
}

const char *pl_number_result_string(pl_number_result r) {
  switch (r) {
  case PL_NUMBER_OK:
    return "a number";
  case PL_NUMBER_SYNTAX:
    return "not a number (decimal, 0x hex for integers, optional L suffix)";
  case PL_NUMBER_RANGE:
    return "out of range (integers fit in 64 bits, reals are finite and not so close to 0 that "
           "they round to 0)";
  case PL_NUMBER_NEGATIVE:
    return "a negative number where a non-negative integer is needed";
  case PL_NUMBER_NOT_INTEGER:
    return "a real number where an integer is needed (no point, no exponent)";
  }
  return "not a number";
}

size_t pl_number_format(double x, char buf[PL_NUMBER_BUFSIZE]) {
  int n;
  if (isnan(x)) {
    n = snprintf(buf, PL_NUMBER_BUFSIZE, "nan");
  } else if (isinf(x)) {
    n = snprintf(buf, PL_NUMBER_BUFSIZE, x > 0 ? "inf" : "-inf");
  } else if (x == floor(x) && fabs(x) < 1e15) {
    n = snprintf(buf, PL_NUMBER_BUFSIZE, "%.0f", x);
  } else {
    /* The search starts at 15 digits for normal doubles: when a shorter text reads back, "%.15g"
     * prints that very text (a double lies within 2^-53 of it, relatively, well inside half the
     * spacing of 15-digit decimals, so it rounds to it; %g drops the trailing zeros; and the values
     * that reach here, not whole or whole and at least 10^15, take the same fixed or exponent form
     * at each of those precisions). Starting at 1 gives the same bytes, up to 15 times slower on
     * per_trial.tsv. 17 digits always read back. */
    int prec = fabs(x) >= DBL_MIN ? 15 : 1; /* subnormals have fewer bits: search them all */
    for (;; prec++) {
      n = snprintf(buf, PL_NUMBER_BUFSIZE, "%.*g", prec, x);
      if (prec == 17 || strtod(buf, NULL) == x) {
        break;
      }
    }
  }
  return n > 0 ? (size_t)n : 0;
}

/* x rounded to 15 significant digits (what "%.15g" prints and strtod reads back). */
static double nm_round15(double x) {
  char tmp[PL_NUMBER_BUFSIZE];
  snprintf(tmp, sizeof tmp, "%.15g", x);
  return strtod(tmp, NULL);
}

/* The ends are FROM and TO as given (a 16- or 17-digit end is what the user wrote, and rounding
 * it would run a value nobody asked for); only the computed inner values carry the rounding
 * error of (to - from) * k / (steps - 1), which 15 digits (DBL_DIG) remove. */
void pl_number_grid(double from, double to, size_t steps, double *out) {
  for (size_t k = 0; k < steps; k++) {
    double v = steps == 1 || k == 0 ? from
               : k + 1 == steps
                   ? to
                   : nm_round15(from + (to - from) * ((double)k / (double)(steps - 1)));
    out[k] = v == 0.0 ? 0.0 : v; /* no negative zero in a grid */
  }
}

static int nm_cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static int nm_cmp_u64(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return (x > y) - (x < y);
}

/* Sorts a copy of v[0 .. n-1] (elements of `size` bytes ordered by cmp) and copies the first
 * value that repeats into dup: 1 found, 0 all differ, -1 out of memory. */
static int nm_find_duplicate(const void *v, size_t n, size_t size,
                             int (*cmp)(const void *, const void *), void *dup) {
  if (n < 2) {
    return 0;
  }
  unsigned char *s = malloc(n * size);
  if (s == NULL) {
    return -1;
  }
  memcpy(s, v, n * size);
  qsort(s, n, size, cmp);
  int found = 0;
  for (size_t i = 1; i < n && !found; i++) {
    if (cmp(s + i * size, s + (i - 1) * size) == 0) {
      memcpy(dup, s + i * size, size);
      found = 1;
    }
  }
  free(s);
  return found;
}

int pl_number_find_duplicate(const double *v, size_t n, double *dup) {
  return nm_find_duplicate(v, n, sizeof *v, nm_cmp, dup);
}

int pl_number_find_duplicate_u64(const uint64_t *v, size_t n, uint64_t *dup) {
  return nm_find_duplicate(v, n, sizeof *v, nm_cmp_u64, dup);
}

int pl_number_grid_u64(uint64_t from, uint64_t to, size_t steps, uint64_t *out) {
  if (steps <= 1) {
    if (steps == 1) {
      out[0] = from;
    }
    return 0;
  }
  uint64_t span = to >= from ? to - from : from - to;
  uint64_t gaps = (uint64_t)(steps - 1);
  if (span % gaps != 0) {
    return -1;
  }
  uint64_t step = span / gaps; /* every value stays between from and to: no overflow */
  for (size_t k = 0; k < steps; k++) {
    out[k] = to >= from ? from + (uint64_t)k * step : from - (uint64_t)k * step;
  }
  return 0;
}
