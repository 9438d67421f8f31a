/* cmd_trace.c — `parley trace` (under construction: replaced by its implementation). */
#include <stdio.h>

#include "cli.h"

int pl_cli_trace(int argc, char **argv) {
  (void)argc;
  (void)argv;
  fputs("parley: error: 'trace' is not built yet\n", stderr);
  return PL_EXIT_FAILURE;
}
