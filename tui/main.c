/* origo: the command line, then either a command-line mode (list, show) or
 * the interactive UI. Errors are one line on stderr, "origo: <message>", and
 * the exit status of SPEC.md: 0 ok, 1 API or network, 2 usage or config. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "tui/app.h"
#include "tui/load.h"
#include "tui/cli.h"
#include "tui/cli_bulk.h"
#include "tui/cli_common.h"
#include "tui/cli_probe.h"
#include "tui/draw.h"
#include "tui/lines.h"
#include "tui/loop.h"
#include "tui/term.h"
#include "tui/theme.h"

#ifndef ORIGO_VERSION
#define ORIGO_VERSION "0.0.0"
#endif

typedef struct options {
	const char *config, *account, *theme, *log;
	bool read_only, no_color, ascii, json;
	const char *command;     /* NULL: interactive */
	const char *group;       /* show */
} options;

static const char usage_text[] =
	"usage: origo [OPTIONS]                      the interactive UI\n"
	"       origo [OPTIONS] list [--json]        print the account's origin groups\n"
	"       origo [OPTIONS] show GROUP [--json]  print one group (id or exact name)\n"
	"       origo [OPTIONS] sources [--json]     every origin of every account\n"
	"       origo [OPTIONS] disable|enable ORIGIN, backup ORIGIN --on|--off\n"
	"             [-a ACCOUNT]... [-g GROUP]... [--dry-run] [--yes] [--json]\n"
	"                                            one origin in every group using it\n"
	"       origo [OPTIONS] probe ORIGIN|GROUP [--json] [--watch SECONDS]\n"
	"       origo --help | --version\n"
	"\n"
	"options:\n"
	"  -c, --config FILE   config file (default: $ORIGO_CONFIG, else\n"
	"                      $XDG_CONFIG_HOME/origo/config, else ~/.config/origo/config)\n"
	"  -a, --account NAME  the account to open (default: default_account, else the first)\n"
	"  -t, --theme NAME    a theme by name, or a path to a theme file\n"
	"      --read-only     refuse every write\n"
	"      --log FILE      append a debug log of requests (secrets redacted)\n"
	"      --no-color      monochrome (also when NO_COLOR is set)\n"
	"      --ascii         ASCII only on screen\n"
	"      --json          with list/show: print JSON\n"
	"\n";
static const char usage_tail[] =
	"\n"
	"exit status: 0 success, 1 the API or the network failed, 2 usage or config error\n";

/* Prints `word` after what `*col` columns hold, on a new line when it would
 * pass column 79. */
static void put_word(const char *word, size_t *col)
{
	size_t n = strlen(word);
	if (*col > 0 && *col + 1 + n > 79) {
		putchar('\n');
		*col = 0;
	}
	printf("%s%s", *col ? " " : "", word);
	*col += (*col ? 1 : 0) + n;
}

/* --help: the usage, then the variables that make the accounts of the
 * first run, from each provider's table (the registry's order). */
static void print_usage(void)
{
	fputs(usage_text, stdout);
	size_t col = 0;
	const char *intro[] = { "with", "no", "config", "file,", "the", "accounts", "come", "from" };
	for (size_t i = 0; i < sizeof intro / sizeof intro[0]; i++)
		put_word(intro[i], &col);
	const og_providers *known = net_providers();
	for (size_t p = 0; p < known->n; p++) {
		const og_provider_config *pc = known->list[p];
		size_t m = 0;
		for (size_t e = 0; e < pc->n_env; e++) {
			if (!pc->env[e].starts)
				continue;
			if (m++)
				put_word("and", &col);
			put_word(pc->env[e].name, &col);
		}
		/* the label in parentheses, a word at a time */
		char label[128];
		snprintf(label, sizeof label, "(%s)%s", pc->label, p + 1 < known->n ? "," : "");
		for (char *w = strtok(label, " "); w; w = strtok(NULL, " "))
			put_word(w, &col);
	}
	putchar('\n');
	fputs(usage_tail, stdout);
}

static int fail(const og_error *err)
{
	fprintf(stderr, "origo: %s\n", err->msg[0] ? err->msg : "unknown error");
	int st = og_error_exit_status(err);
	return st ? st : 1;
}

static int usage_error(const char *fmt, const char *arg)
{
	return cli_usage_error("origo --help", fmt, arg);
}

/* 0 ok, 1 = exit 0 now (--help, --version), else the exit status + 1. */
static int parse_args(int argc, char **argv, options *o, int *status)
{
	enum { OPT_VERSION = CLI_OPT_OWN };
	static const struct option longopts[] = {
		CLI_COMMON_LONGOPTS,
		{ "version", no_argument, NULL, OPT_VERSION },
		{ NULL, 0, NULL, 0 },
	};
	memset(o, 0, sizeof *o);
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, ":c:a:t:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'c': o->config = optarg; break;
		case 'a': o->account = optarg; break;
		case 't': o->theme = optarg; break;
		case CLI_OPT_READ_ONLY: o->read_only = true; break;
		case CLI_OPT_LOG: o->log = optarg; break;
		case CLI_OPT_NO_COLOR: o->no_color = true; break;
		case CLI_OPT_ASCII: o->ascii = true; break;
		case CLI_OPT_JSON: o->json = true; break;
		case 'h':
			print_usage();
			*status = 0;
			return 1;
		case OPT_VERSION:
			printf("origo %s\n"
			       "Copyright (c) 2026 the origo developers\n"
			       "License: MIT <https://opensource.org/licenses/MIT>\n"
			       "This is free software: you are free to change and redistribute it.\n"
			       "There is NO WARRANTY, to the extent permitted by law.\n", ORIGO_VERSION);
			*status = 0;
			return 1;
		default:   /* ':' or '?' */
			*status = cli_option_error(c, argv, "origo --help");
			return -1;
		}
	}
	int nargs = argc - optind;
	if (nargs > 0) {
		o->command = argv[optind];
		if (strcmp(o->command, "list") == 0) {
			if (nargs > 1) {
				*status = usage_error("list takes no argument, got \"%s\"", argv[optind + 1]);
				return -1;
			}
		} else if (strcmp(o->command, "show") == 0) {
			if (nargs < 2) {
				*status = usage_error("%s needs a GROUP (an id or an exact name)", "show");
				return -1;
			}
			if (nargs > 2) {
				*status = usage_error("show takes one GROUP, got also \"%s\"", argv[optind + 2]);
				return -1;
			}
			o->group = argv[optind + 1];
		} else {
			*status = usage_error("unknown command \"%s\" (list or show)", o->command);
			return -1;
		}
	} else if (o->json) {
		*status = usage_error("%s goes with list or show", "--json");
		return -1;
	}
	return 0;
}

static int idle_fd_from_env(void)
{
	const char *s = getenv("ORIGO_TEST_IDLE_FD");
	if (!s || !s[0])
		return -1;
	char *end;
	long fd = strtol(s, &end, 10);
	if (*end || fd < 0 || fd > 65535 || fcntl((int)fd, F_GETFD) < 0)
		return -1;
	return (int)fd;
}

static int run_command(const options *o, const og_account *acct, const og_config *cfg)
{
	og_error err;
	og_error_clear(&err);
	net_options nopt = { .timeout_seconds = cfg->timeout_seconds };
	net_account *na = net_account_open(acct, &nopt, &err);
	if (!na)
		return fail(&err);
	int rc = strcmp(o->command, "list") == 0 ? cli_list(na, o->json, stdout, &err)
	                                          : cli_show(na, o->group, o->json, stdout, &err);
	net_account_free(na);
	return rc < 0 ? fail(&err) : 0;
}

static int run_ui(const options *o, og_config *cfg, size_t first)
{
	og_error err;
	og_error_clear(&err);
	theme th;
	if (theme_load(&th, o->theme ? o->theme : cfg->theme, &err) < 0)
		return fail(&err);

	app a;
	if (app_init(&a, cfg, first, o->read_only) < 0) {
		og_error_set(&err, OG_ERR_INTERNAL, "out of memory");
		return fail(&err);
	}
	if (keymap_apply_config(&a.keys, cfg, &err) < 0 || app_open_account(&a, first) < 0) {
		if (err.kind == OG_OK)
			err = a.accounts[first].open_err;
		app_free(&a);
		return fail(&err);
	}
	a.idle_fd = idle_fd_from_env();

	term_install_signals();
	loop_block_signals();      /* before the worker's threads exist */
	a.worker = worker_start(WORKER_THREADS, &err);
	if (!a.worker) {
		app_free(&a);
		return fail(&err);
	}
	int in_fd;
	if (term_init(&in_fd, &err) < 0) {
		worker_stop(a.worker);
		app_free(&a);
		return fail(&err);
	}
	const char *cs = nl_langinfo(CODESET);
	draw_ascii = o->ascii || !cs || strcmp(cs, "UTF-8") != 0;
	lines_current = lines_pick(o->ascii, cs);
	a.no_color = o->no_color;
	theme_apply(&th, theme_want_mono(&th, o->no_color), a.attr);
	a.cursor_bar = th.cursor_bar;

	load_list(&a, first);
	loop_run(&a, in_fd);

	term_restore();
	worker_stop(a.worker);
	a.worker = NULL;
	app_free(&a);
	return term_stop_signal ? 128 + (int)term_stop_signal : 0;
}

/* glibc's malloc grows a thread's arena by mprotect a few pages at a time
 * and hands memory back as soon as 128 KiB at the top of an arena are
 * free: `list --json` of 10,000 groups (pages of 450 KB read on two
 * threads) made 270 mprotect calls and faulted pages it had just given
 * back. A top pad of 16 MiB makes an arena's room in one step and keeps
 * that much when it gives memory back; room is address space only (a page
 * costs memory once written), so the peak RSS stays where it was. (It
 * also fixes the threshold above which blocks are mmapped at 128 KiB; the
 * big blocks come from the arenas' room first.) */
static void tune_malloc(void)
{
#ifdef __GLIBC__
	mallopt(M_TOP_PAD, 16 << 20);
#endif
}

int main(int argc, char **argv)
{
	tune_malloc();
	setlocale(LC_ALL, "");
	if (cli_bulk_is_command(argc, argv))   /* sources, disable, enable, backup */
		return cli_bulk_main(argc, argv);
	if (cli_probe_wanted(argc, argv))
		return cli_probe_main(argc, argv);
	options o;
	int status = 0;
	int rc = parse_args(argc, argv, &o, &status);
	if (rc != 0)
		return status;

	og_error err;
	og_error_clear(&err);
	int log_fd = -1;
	if (cli_log_start(o.log, &log_fd, &err) < 0)
		return fail(&err);

	og_config cfg;
	const og_account *acct = NULL;
	if (cli_config_load(&cfg, o.config, &err) < 0 || !(acct = config_account(&cfg, o.account, &err))) {
		config_free(&cfg);
		cli_log_stop(log_fd);
		if (err.kind == OG_OK)
			og_error_set(&err, OG_ERR_CONFIG, "no account is configured");
		return fail(&err);
	}

	if (o.command)
		status = run_command(&o, acct, &cfg);
	else
		status = run_ui(&o, &cfg, (size_t)(acct - cfg.accounts));
	config_free(&cfg);
	cli_log_stop(log_fd);
	return status;
}
