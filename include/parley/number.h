/*
 * parley/number.h — one grammar for reading numbers, one format for writing them, one grid.
 *
 * Every number parley reads from text outside a scenario file (--set, --over, --seed, --trials,
 * --precision, --threads, trace --trial) goes through these parsers, and they accept exactly what
 * libconfig accepts in a scenario file, so that a value means the same wherever it is written:
 *   integer  [+]DIGITS | 0xHEX | 0XHEX, optionally followed by L or LL (libconfig's 64-bit mark);
 *   real     an integer as above, or [+-]DIGITS[.DIGITS][(e|E)[+-]DIGITS] / [+-].DIGITS[...]:
 *            the decimal forms of libconfig's float; a real may also carry a '-' before an
 *            integer. No blanks, no hexadecimal fractions, no inf or nan.
 * Every double parley writes as text for a program to read (JSON, TSV, the resolved scenario)
 * goes through pl_number_format: the shortest decimal that reads back to the same double.
 */
#ifndef PARLEY_NUMBER_H
#define PARLEY_NUMBER_H

#include <stddef.h>
#include <stdint.h>

/* What a parser found. */
typedef enum {
  PL_NUMBER_OK = 0,
  PL_NUMBER_SYNTAX,     /* not a number of the grammar above (or not an integer, for _u64) */
  PL_NUMBER_RANGE,      /* an integer beyond 2^64 - 1, or a real beyond DBL_MAX or so small that it
                           rounds to 0 (1e-400) */
  PL_NUMBER_NEGATIVE,   /* pl_number_parse_u64 only: a negative integer */
  PL_NUMBER_NOT_INTEGER /* pl_number_parse_u64 only: a real number of the grammar ("1.5", "1e3") */
} pl_number_result;

/* Parses all of s as an unsigned integer into *out (untouched unless PL_NUMBER_OK). */
pl_number_result pl_number_parse_u64(const char *s, uint64_t *out);

/* Parses all of s as a finite real into *out (untouched unless PL_NUMBER_OK). An integer beyond
 * 2^53 is rounded to the nearest double, as libconfig does when it converts one. */
pl_number_result pl_number_parse_double(const char *s, double *out);

/* A constant English phrase for r, to follow "VALUE: " in an error message. */
const char *pl_number_result_string(pl_number_result r);

/* Room for any text pl_number_format writes, its NUL included. */
#define PL_NUMBER_BUFSIZE 32

/* Writes x into buf as the shortest decimal that strtod reads back to x: a whole number below
 * 10^15 in magnitude as an integer ("30", "-2", "0"), otherwise the shortest "%.Ng", N <= 17
 * ("0.1", "1e-300", "0.30000000000000004"). Non-finite x gives "nan", "inf" or "-inf" (callers
 * that write JSON print null instead). Returns the length written. */
size_t pl_number_format(double x, char buf[PL_NUMBER_BUFSIZE]);

/* The grid FROM:TO:STEPS as `parley sweep --over` and a scenario's sweep section both mean it:
 * steps values, the first `from`, the last `to`, evenly spaced between, each inner value rounded
 * to 15 significant digits (so 0:0.3:4 gives 0, 0.1, 0.2, 0.3 rather than 0.09999999999999999),
 * -0 written as 0. steps == 1 gives {from}. out has room for steps values. */
void pl_number_grid(double from, double to, size_t steps, double *out);

/* The grid FROM:TO:STEPS over integers (a path that takes integers, such as montecarlo.seed):
 * steps values, the first `from`, the last `to`, each the previous plus (to - from) / (steps - 1)
 * exactly (or minus, when to < from). Returns 0, or -1 with out untouched when that step is not a
 * whole number (such a grid would need rounding, which would space it unevenly). steps == 1 gives
 * {from}; steps >= 2 with from == to gives the step 0 (the caller rejects it as for reals). */
int pl_number_grid_u64(uint64_t from, uint64_t to, size_t steps, uint64_t *out);

/* The most values one grid or value list may have (a sweep axis, a scenario's sweep group). */
#define PL_NUMBER_MAX_VALUES 100000

/* Whether two of v[0 .. n-1] are equal: 1 (the value in *dup), 0 when all differ, -1 when out of
 * memory. */
int pl_number_find_duplicate(const double *v, size_t n, double *dup);
/* The same for integers (the values of an integer path: montecarlo.seed, ...). */
int pl_number_find_duplicate_u64(const uint64_t *v, size_t n, uint64_t *dup);

#endif /* PARLEY_NUMBER_H */
