/* cmd_plot.c — `parley plot` (under construction: replaced by its implementation). */
#include <stdio.h>

#include "cli.h"

int pl_cli_plot(int argc, char **argv) {
  (void)argc;
  (void)argv;
  fputs("parley: error: 'plot' is not built yet\n", stderr);
  return PL_EXIT_FAILURE;
}
