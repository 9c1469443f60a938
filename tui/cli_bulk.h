/* Incident mode on the command line: `origo sources`, `origo disable|enable
 * ORIGIN` and `origo backup ORIGIN --on|--off` (SPEC: the same from the
 * command line). Every configured account (or those named with -a) is
 * loaded at once through the worker; the bulk actions run one JOB_CHANGE a
 * group through it (the same fresh read, conflict check and rules as a
 * single toggle), side by side within the worker's per-account bound. */
#ifndef TUI_CLI_BULK_H
#define TUI_CLI_BULK_H

#include <stdbool.h>
#include <stdio.h>
#include "tui/cli_common.h"

/* Whether argv's command (its first word that is no option nor an option's
 * value) is one of these: main() hands the whole command line over. */
bool cli_bulk_is_command(int argc, char **argv);
/* The command line of those commands, parsed with getopt_long; the exit
 * status (0 done, 1 a group or an account failed, 2 usage or config). */
int cli_bulk_main(int argc, char **argv);

/* ---- cli_sources.c, for cli_bulk.c ----------------------------------------- */

/* `origo sources`: the pivot as a table, or as JSON (one object an origin,
 * with every use). 0, or -1 when the output could not be written. */
int cli_sources_print(const cli_ctx *c, bool json, FILE *out);
/* "api.example.com is used by no group; api.example.com:8443 is" (with up
 * to three same-host origins) into out. */
void cli_origin_unknown(const cli_ctx *c, const char *name, char *out, size_t n);

#endif
