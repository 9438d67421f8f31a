/* cmd_backtest.c — placeholder, replaced below */
#include "cli.h"
int cli_backtest(int argc, char **argv) { (void)argc; (void)argv; return CLI_EXIT_USAGE; }
