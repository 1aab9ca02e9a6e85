/* cli.h — the command line: samplan [-C DIR] COMMAND [ARGS]. */
#ifndef SAMPLAN_CLI_H
#define SAMPLAN_CLI_H

/* Exit statuses. */
enum { EXIT_OK = 0, EXIT_PROBLEM = 1, EXIT_USAGE = 2 };

/* Runs the command line; returns the exit status. */
int cli_main(int argc, char **argv);

#endif
