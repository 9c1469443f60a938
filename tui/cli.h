/* The command-line modes: `origo list` and `origo show GROUP`, synchronous,
 * without the worker or curses. */
#ifndef TUI_CLI_H
#define TUI_CLI_H

#include <stdbool.h>
#include <stdio.h>
#include "model/og.h"
#include "model/caps.h"
#include "net/worker.h"

/* Both return 0, or -1 with err set (the exit status comes from its kind). */
int cli_list(net_account *na, bool json, FILE *out, og_error *err);
int cli_show(net_account *na, const char *group, bool json, FILE *out, og_error *err);

/* The printing alone, for tests. */
int cli_print_list(const og_group_list *l, bool json, FILE *out);
int cli_print_group(const og_group *g, const og_caps *caps, bool json, FILE *out);

#endif
