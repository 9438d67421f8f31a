/*
 * options.h — the one option parser of every command (getopt_long behind a small scanner).
 *
 * Every command, and `parley` itself, reads its arguments with cli_scan_next, so the same
 * rules hold everywhere:
 *   --name VALUE and --name=VALUE are the same; a flag given a value (--json=1) is an error;
 *   options and operands may come in any order, and operands are handed back in command-line
 *   order (argv is never permuted, so run.json records the command line as typed);
 *   "--" ends the options: everything after it is an operand, even "--json";
 *   -h is --help in every command;
 *   names are spelled out in full (getopt_long would take any unique prefix; a prefix that works
 *   today would break when a new option shares it, so it is refused);
 *   an unknown option, a missing value or a value given to a flag prints exactly one line
 *   "parley CMD: error: ... (see 'parley CMD --help')" on stderr and the command exits 2.
 * Values of options are numbers read with parley/number.h (cli_option_u64/_double) or text.
 */
#ifndef PARLEY_CLI_OPTIONS_H
#define PARLEY_CLI_OPTIONS_H

#include <getopt.h>
#include <stdint.h>

/* What cli_scan_next found, besides an option's val (every val is 'h' or >= CLI_OPT_FIRST).
 */
enum {
  CLI_END = -1,    /* no arguments left */
  CLI_OPERAND = 1, /* an operand, in *value */
  CLI_ERROR = -2,  /* a usage error, already printed */
  CLI_OPT_HELP = 'h',
  CLI_OPT_FIRST = 256 /* the first val of a long-only option */
};

/* The row of --help/-h, in every command's table. */
#define CLI_OPTION_HELP                                                                            \
  { "help", no_argument, NULL, CLI_OPT_HELP }
/* The zero row that ends a table. */
#define CLI_OPTION_END                                                                             \
  { NULL, 0, NULL, 0 }

/* One scan over a command's arguments. getopt_long keeps its state in globals (optind, optarg),
 * so one scan runs at a time; cli_scan_init restarts it (optind = 0: glibc's full reset). */
typedef struct {
  const char *cmd;               /* "run", "sweep", ...; "" for parley itself */
  int argc;                      /* argv[0] is the command name, never scanned */
  char **argv;                   /* not permuted */
  const struct option *longopts; /* ended by CLI_OPTION_END */
  int rest;                      /* after "--": index of the next operand, else 0 */
} cli_scan;

/* Starts a scan of argv[1 .. argc-1] against longopts. */
void cli_scan_init(cli_scan *s, const char *cmd, int argc, char **argv,
                   const struct option *longopts);

/* The next argument: an option's val with its value in *value (NULL for a flag), CLI_OPERAND
 * with the operand in *value, CLI_END, or CLI_ERROR after printing the error. */
int cli_scan_next(cli_scan *s, const char **value);

/* Prints "parley CMD: error: " then the formatted message and a newline on stderr. */
__attribute__((format(printf, 2, 3))) void cli_error(const char *cmd, const char *fmt, ...);

/* Reads an option's value as a non-negative integer in [min, max] (pl_number_parse_u64: decimal,
 * 0x hex, an L/LL suffix). On failure prints "parley CMD: error: OPTION 'VALUE': why" and returns
 * -1; else 0 with the number in *out. */
int cli_option_u64(const char *cmd, const char *option, const char *value, uint64_t min,
                   uint64_t max, uint64_t *out);

/* Reads an option's value as a finite real (pl_number_parse_double). On failure prints
 * "parley CMD: error: OPTION 'VALUE': why" and returns -1; else 0. The caller checks the domain. */
int cli_option_double(const char *cmd, const char *option, const char *value, double *out);

#endif /* PARLEY_CLI_OPTIONS_H */
