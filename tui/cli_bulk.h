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
#include "model/config.h"
#include "model/origins.h"
#include "net/worker.h"

/* Whether argv's command (its first word that is no option nor an option's
 * value) is one of these: main() hands the whole command line over. */
bool cli_bulk_is_command(int argc, char **argv);
/* The command line of those commands, parsed with getopt_long; the exit
 * status (0 done, 1 a group or an account failed, 2 usage or config). */
int cli_bulk_main(int argc, char **argv);

/* ---- shared by cli_sources.c and cli_bulk.c ------------------------------ */

typedef struct cli_acct {
	const og_account *cfg;      /* borrowed from the config */
	net_account *na;            /* NULL: could not be opened (err says why) */
	og_group_list groups;       /* its groups once loaded */
	bool loaded;
	og_error err;               /* why it was not loaded */
	bool read_only;             /* writes refused (config_read_only) */
	char read_only_why[128];
} cli_acct;

typedef struct cli_ctx {
	og_config cfg;
	cli_acct *accts;
	size_t n;
	worker *w;
	og_origins origins;         /* the pivot of the loaded accounts */
	bool any_failed;            /* an account could not be opened or loaded */
	int fail_status;            /* the worst such account's exit status */
} cli_ctx;

/* Loads the config (path: -c, NULL: the usual places), opens the accounts
 * named (all when n_names is 0; an unknown name is OG_ERR_CONFIG), starts
 * the worker and lists every account at once. An account that cannot be
 * opened or read gets its line on stderr and the others carry on. Builds
 * the pivot. 0, or -1 with err (the config, an unknown account, memory). */
int cli_ctx_load(cli_ctx *c, const char *config_path, const char *const *names, size_t n_names,
                 bool cli_read_only, og_error *err);
void cli_ctx_free(cli_ctx *c);
/* The next result of the worker, waiting for it. */
job_result *cli_next_result(cli_ctx *c);

/* `origo sources`: the pivot as a table, or as JSON (one object an origin,
 * with every use). 0, or -1 when the output could not be written. */
int cli_sources_print(const cli_ctx *c, bool json, FILE *out);
/* "api.example.com is used by no group; api.example.com:8443 is" (with up
 * to three same-host origins) into out. */
void cli_origin_unknown(const cli_ctx *c, const char *name, char *out, size_t n);

#endif
