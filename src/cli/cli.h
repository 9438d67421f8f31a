/*
 * cli.h — the commands of the parley executable (a thin client of the library's public API).
 *
 * Each command takes the arguments after its name (argv[0] is the command name) and returns the
 * process exit status of shared conventions: 0 success, 1 runtime or I/O failure, 2 usage or
 * scenario error, 130 interrupted.
 */
#ifndef PARLEY_CLI_H
#define PARLEY_CLI_H

#include <stdio.h>

#include "parley/scenario.h"
#include "parley/status.h"

/* Exit statuses; a signal gives 128 + its number: 130 (SIGINT, also CLI_EXIT_INTERRUPTED) or 143
 * (SIGTERM), through cli_signals_status (signals.h). */
enum { CLI_EXIT_OK = 0, CLI_EXIT_FAILURE = 1, CLI_EXIT_USAGE = 2, CLI_EXIT_INTERRUPTED = 130 };

int cli_validate(int argc, char **argv);
int cli_run(int argc, char **argv);
int cli_sweep(int argc, char **argv);
int cli_sensitivity(int argc, char **argv);
int cli_trace(int argc, char **argv);
int cli_plot(int argc, char **argv);
int cli_compare(int argc, char **argv);
int cli_backtest(int argc, char **argv);
int cli_merge(int argc, char **argv);

/* Prints every diagnostic as "FILE:LINE: error: MESSAGE" (or "FILE: error: MESSAGE") on stderr. */
void cli_print_diags(const pl_diags *d);
/* Prints sc's warnings on stderr as "FILE:LINE: warning: MESSAGE". */
void cli_print_warnings(const pl_scenario *sc);

#endif /* PARLEY_CLI_H */
