/* cmd_run.c — `parley run` (under construction: replaced by its implementation). */
#include <stdio.h>

#include "cli.h"

int pl_cli_run(int argc, char **argv) {
  (void)argc;
  (void)argv;
  fputs("parley: error: 'run' is not built yet\n", stderr);
  return PL_EXIT_FAILURE;
}
