/* cmd_sweep.c — `parley sweep` (under construction: replaced by its implementation). */
#include <stdio.h>

#include "cli.h"

int pl_cli_sweep(int argc, char **argv) {
  (void)argc;
  (void)argv;
  fputs("parley: error: 'sweep' is not built yet\n", stderr);
  return PL_EXIT_FAILURE;
}
