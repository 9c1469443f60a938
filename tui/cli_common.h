/* What every command-line mode shares (main.c's list and show, cli_bulk.c's
 * sources, disable, enable and backup, cli_probe.c's probe): the options
 * every command takes, finding the command word, the usage error, the
 * --log file, loading and checking the config, and the accounts loaded side
 * by side through the worker with the sources pivot built from them. */
#ifndef TUI_CLI_COMMON_H
#define TUI_CLI_COMMON_H

#include <getopt.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <cjson/cJSON.h>

#include "model/config.h"
#include "model/og_error.h"
#include "model/origins.h"
#include "net/worker.h"

/* The long options every command takes, for getopt_long (short forms
 * "c:a:t:h"); a command's own options are numbered from CLI_OPT_OWN. */
enum {
	CLI_OPT_READ_ONLY = 256, CLI_OPT_LOG, CLI_OPT_NO_COLOR, CLI_OPT_ASCII, CLI_OPT_JSON,
	CLI_OPT_OWN,
};
#define CLI_COMMON_LONGOPTS \
	{ "config", required_argument, NULL, 'c' }, \
	{ "account", required_argument, NULL, 'a' }, \
	{ "theme", required_argument, NULL, 't' }, \
	{ "read-only", no_argument, NULL, CLI_OPT_READ_ONLY }, \
	{ "log", required_argument, NULL, CLI_OPT_LOG }, \
	{ "no-color", no_argument, NULL, CLI_OPT_NO_COLOR }, \
	{ "ascii", no_argument, NULL, CLI_OPT_ASCII }, \
	{ "json", no_argument, NULL, CLI_OPT_JSON }, \
	{ "help", no_argument, NULL, 'h' }

/* argv's command: its first word that is neither an option nor the value
 * of an option that takes one (any command's), or the word after "--";
 * NULL when there is none. */
const char *cli_command_word(int argc, char **argv);

/* "origo: <fmt with arg> (<help> shows the usage)" on stderr; 2, the exit
 * status of a usage error. */
int cli_usage_error(const char *help, const char *fmt, const char *arg);
/* getopt_long's ':' (a value missing) or '?' (an unknown option) as that
 * usage error, with the option getopt stopped at: 2. */
int cli_option_error(int c, char **argv, const char *help);

/* --log FILE: opened at start so that a wrong path fails at once, private
 * to the user (0600), appended; net/ writes every exchange to it, redacted.
 * The fd, or -1 with err (OG_ERR_USAGE). cli_log_start also hands it to
 * net/ (path NULL: no log, 0); cli_log_stop flushes and closes it. */
int cli_log_start(const char *path, int *fd, og_error *err);
void cli_log_stop(int fd);

/* The config (path: -c, NULL: the usual places) with its keys section
 * checked as well: a command reads the same file the UI would, and a
 * mistake in it is said in every mode. 0, or -1 with err. */
int cli_config_load(og_config *cfg, const char *path, og_error *err);

/* Prints j unformatted and a newline, then frees j: 0, or -1 when it could
 * not be printed. */
int cli_print_json(cJSON *j, FILE *out);

/* ---- the accounts, loaded side by side ------------------------------------ */

typedef struct cli_acct {
	const og_account *cfg;      /* borrowed from the config */
	net_account *na;            /* NULL: could not be opened (err says why) */
	og_group_list groups;       /* its groups once loaded */
	bool loaded;
	og_error err;               /* why it was not loaded */
	bool read_only;             /* writes refused (config_read_only) */
	char read_only_why[160];
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

/* Loads the config (cli_config_load), opens the accounts named (all when
 * n_names is 0, each once; an unknown name is OG_ERR_CONFIG), starts the
 * worker and lists every account at once. An account that cannot be opened
 * or read gets its line on stderr and the others carry on. Builds the
 * pivot. 0, or -1 with err (the config, an unknown account, memory). */
int cli_ctx_load(cli_ctx *c, const char *config_path, const char *const *names, size_t n_names,
                 bool cli_read_only, og_error *err);
void cli_ctx_free(cli_ctx *c);
/* The next result of the worker, waiting for it. */
job_result *cli_next_result(cli_ctx *c);

#endif
