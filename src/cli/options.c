/*
 * options.c — the one option parser of every command (contract: options.h).
 *
 * getopt_long is a GNU and BSD function, not POSIX; glibc declares it in <getopt.h> without
 * _GNU_SOURCE, so the project's C11 + _POSIX_C_SOURCE build needs nothing more. The optstring
 * "-:h" asks for three things: '-' returns operands in place (value 1) instead of permuting argv,
 * whatever POSIXLY_CORRECT says; ':' makes a missing value return ':' rather than '?', and with
 * opterr = 0 getopt prints nothing, so every message is ours; 'h' is -h.
 */
#include "options.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "parley/number.h"

void cli_error(const char *cmd, const char *fmt, ...) {
  fprintf(stderr, "parley%s%s: error: ", cmd[0] != '\0' ? " " : "", cmd);
  va_list ap;
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
}

void cli_scan_init(cli_scan *s, const char *cmd, int argc, char **argv,
                   const struct option *longopts) {
  s->cmd = cmd;
  s->argc = argc;
  s->argv = argv;
  s->longopts = longopts;
  s->rest = 0;
  optind = 0; /* glibc: 0 re-initialises getopt entirely (1 would keep the previous scan's state) */
  opterr = 0;
}

/* The table row whose val is v, or NULL. */
static const struct option *cli_find(const struct option *opts, int v) {
  for (; opts->name != NULL; opts++) {
    if (opts->val == v) {
      return opts;
    }
  }
  return NULL;
}

/* Prints the error for an unknown option text (the whole argument, up to any '='). */
static void cli_unknown(const cli_scan *s, const char *arg) {
  size_t n = strcspn(arg, "=");
  cli_error(s->cmd, "unknown option '%.*s' (see 'parley%s%s --help')", (int)n, arg,
            s->cmd[0] != '\0' ? " " : "", s->cmd);
}

int cli_scan_next(cli_scan *s, const char **value) {
  *value = NULL;
  if (s->rest > 0) { /* after "--": the remaining arguments are operands */
    if (s->rest >= s->argc) {
      return CLI_END;
    }
    *value = s->argv[s->rest++];
    return CLI_OPERAND;
  }
  int index = -1;
  optopt = 0;
  optarg = NULL;
  int c = getopt_long(s->argc, s->argv, "-:h", s->longopts, &index);
  const char *see_sep = s->cmd[0] != '\0' ? " " : "";
  if (c == -1) {
    /* In return-in-order mode getopt stops only at the end or after "--"; in the second case
     * optind is the first argument after it. */
    if (optind < s->argc) {
      s->rest = optind;
      return cli_scan_next(s, value);
    }
    return CLI_END;
  }
  if (c == 1) {
    *value = optarg;
    return CLI_OPERAND;
  }
  if (c == ':') {
    const struct option *o = cli_find(s->longopts, optopt);
    cli_error(s->cmd, "--%s needs a value (see 'parley%s%s --help')", o ? o->name : "?", see_sep,
              s->cmd);
    return CLI_ERROR;
  }
  if (c == '?') {
    /* optopt 0: an unknown or ambiguous long option, the argument just passed. optopt a long
     * option's val, or 'h' (which is never unknown): that flag was given a value (--json=1).
     * Otherwise an unknown short option (optind may still point at its argument). */
    const struct option *o = optopt != 0 ? cli_find(s->longopts, optopt) : NULL;
    if (optopt == 0) {
      cli_unknown(s, s->argv[optind - 1]);
    } else if (o != NULL) {
      cli_error(s->cmd, "--%s takes no value (see 'parley%s%s --help')", o->name, see_sep, s->cmd);
    } else {
      char shortopt[3] = {'-', (char)optopt, '\0'};
      cli_unknown(s, shortopt);
    }
    return CLI_ERROR;
  }
  if (index >= 0) {
    /* A long option: refuse abbreviations. The option is the argument before optind, or the one
     * before that when its value was the next argument. */
    const struct option *o = &s->longopts[index];
    int at = optind - 1;
    if (optarg != NULL && optarg == s->argv[at] && at > 1) {
      at--;
    }
    const char *arg = s->argv[at];
    size_t n = strlen(o->name);
    if (strncmp(arg, "--", 2) != 0 || strncmp(arg + 2, o->name, n) != 0 ||
        (arg[2 + n] != '\0' && arg[2 + n] != '=')) {
      cli_unknown(s, arg);
      return CLI_ERROR;
    }
  }
  *value = optarg;
  return c;
}

int cli_option_u64(const char *cmd, const char *option, const char *value, uint64_t min,
                   uint64_t max, uint64_t *out) {
  uint64_t v = 0;
  pl_number_result r = pl_number_parse_u64(value, &v);
  if (r != PL_NUMBER_OK && !(r == PL_NUMBER_RANGE && max < UINT64_MAX)) {
    cli_error(cmd, "%s '%s': %s", option, value, pl_number_result_string(r));
    return -1;
  }
  if (r != PL_NUMBER_OK || v < min || v > max) { /* beyond 64 bits is beyond a narrower max */
    cli_error(cmd, "%s '%s': not an integer in %llu..%llu", option, value, (unsigned long long)min,
              (unsigned long long)max);
    return -1;
  }
  *out = v;
  return 0;
}

int cli_option_double(const char *cmd, const char *option, const char *value, double *out) {
  pl_number_result r = pl_number_parse_double(value, out);
  if (r != PL_NUMBER_OK) {
    cli_error(cmd, "%s '%s': %s", option, value, pl_number_result_string(r));
    return -1;
  }
  return 0;
}
