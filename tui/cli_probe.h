/* `origo probe ORIGIN|GROUP [--json] [--watch SECONDS]`: probes an origin
 * from the settings of every group that uses it (each distinct probe once),
 * or every source of a group, across the accounts named with -a (default:
 * every configured account). One line a probe, or one JSON object a line;
 * --watch probes again every SECONDS and prints the changes of state until
 * SIGINT or SIGTERM. Exit status: 0 every probe up, 1 any down (or an
 * account that could not be read, or a target no group uses), 2 usage or
 * config. */
#ifndef TUI_CLI_PROBE_H
#define TUI_CLI_PROBE_H

#include <stdbool.h>

/* Whether the command line's command is `probe` (options before it skipped
 * with their values). */
bool cli_probe_wanted(int argc, char **argv);
/* The whole run of `origo ... probe ...`: its exit status. */
int cli_probe_main(int argc, char **argv);

#endif
