/* cmd_validate.c — `parley validate` (under construction: replaced by its implementation). */
#include <stdio.h>

#include "cli.h"

int pl_cli_validate(int argc, char **argv) {
  (void)argc;
  (void)argv;
  fputs("parley: error: 'validate' is not built yet\n", stderr);
  return PL_EXIT_FAILURE;
}
