/* The setup every command-line mode shares (cli_common.h). */
#include "tui/cli_common.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "net/accounts.h"
#include "net/exchange.h"
#include "tui/actions.h"
#include "tui/keymap.h"

/* Every option of any command that takes its value as the next word. */
static bool takes_value(const char *a)
{
	static const char *const with[] = { "-c", "-a", "-t", "-g", "--config", "--account",
	                                    "--theme", "--log", "--group", "--watch", NULL };
	for (size_t i = 0; with[i]; i++)
		if (strcmp(a, with[i]) == 0)
			return true;
	return false;
}

const char *cli_command_word(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--") == 0)
			return i + 1 < argc ? argv[i + 1] : NULL;
		if (a[0] == '-' && a[1]) {
			if (takes_value(a))
				i++;
			continue;
		}
		return a;
	}
	return NULL;
}

int cli_usage_error(const char *help, const char *fmt, const char *arg)
{
	fprintf(stderr, "origo: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, " (%s shows the usage)\n", help);
	return 2;
}

int cli_option_error(int c, char **argv, const char *help)
{
	return cli_usage_error(help, c == ':' ? "option %s needs a value" : "unknown option %s",
	                       argv[optind - 1]);
}

int cli_log_start(const char *path, int *fd, og_error *err)
{
	*fd = -1;
	if (path) {
		*fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
		if (*fd < 0) {
			og_error_set(err, OG_ERR_USAGE, "--log %s: %s", path, strerror(errno));
			return -1;
		}
	}
	net_log_set_fd(*fd);   /* every exchange, redacted, in every mode */
	return 0;
}

void cli_log_stop(int fd)
{
	net_log_set_fd(-1);
	net_log_shutdown();
	if (fd >= 0)
		close(fd);
}

int cli_config_load(og_config *cfg, const char *path, og_error *err)
{
	memset(cfg, 0, sizeof *cfg);
	if (config_load(cfg, path, net_providers(), err) < 0)
		return -1;
	/* The keys section is part of the config: checked in every mode. */
	keymap km;
	keymap_init_defaults(&km);
	return keymap_apply_config(&km, cfg, err);
}

int cli_print_json(cJSON *j, FILE *out)
{
	char *text = j ? cJSON_PrintUnformatted(j) : NULL;
	cJSON_Delete(j);
	if (!text)
		return -1;
	int rc = fputs(text, out) < 0 || fputc('\n', out) == EOF ? -1 : 0;
	cJSON_free(text);
	return rc;
}

/* ---- the accounts ---------------------------------------------------------- */

job_result *cli_next_result(cli_ctx *c)
{
	for (;;) {
		job_result *r = worker_take_result(c->w);
		if (r)
			return r;
		struct pollfd p = { .fd = worker_wake_fd(c->w), .events = POLLIN };
		if (poll(&p, 1, -1) < 0 && errno != EINTR)
			return NULL;
		worker_drain_wake(c->w);
	}
}

static void account_failed(cli_ctx *c, cli_acct *a)
{
	const char *msg = a->err.msg[0] ? a->err.msg : "failed";
	if (strncmp(msg, "account \"", 9) == 0)   /* it names the account already */
		fprintf(stderr, "origo: %s\n", msg);
	else
		fprintf(stderr, "origo: account \"%s\": %s\n", a->cfg->name ? a->cfg->name : "", msg);
	c->any_failed = true;
	int st = og_error_exit_status(&a->err);
	if (st < 1)
		st = 1;
	if (st > c->fail_status)
		c->fail_status = st;
}

/* Picks the accounts: those named (each once, in the order given), else
 * every configured one. */
static int pick_accounts(cli_ctx *c, const char *const *names, size_t n_names, og_error *err)
{
	size_t n = n_names ? n_names : c->cfg.n_accounts;
	c->accts = calloc(n ? n : 1, sizeof *c->accts);
	if (!c->accts) {
		og_error_set(err, OG_ERR_INTERNAL, "out of memory");
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		const og_account *a = n_names ? config_account(&c->cfg, names[i], err) : &c->cfg.accounts[i];
		if (!a) {
			if (err->kind == OG_OK)
				og_error_set(err, OG_ERR_CONFIG, "no account \"%s\" in the config", names[i]);
			return -1;
		}
		bool dup = false;
		for (size_t j = 0; j < c->n; j++)
			dup |= c->accts[j].cfg == a;
		if (!dup)
			c->accts[c->n++].cfg = a;
	}
	return 0;
}

int cli_ctx_load(cli_ctx *c, const char *config_path, const char *const *names, size_t n_names,
                 bool cli_read_only, og_error *err)
{
	memset(c, 0, sizeof *c);
	if (cli_config_load(&c->cfg, config_path, err) < 0)
		return -1;
	if (pick_accounts(c, names, n_names, err) < 0)
		return -1;
	if (c->n == 0) {
		og_error_set(err, OG_ERR_CONFIG, "no account is configured");
		return -1;
	}
	c->w = worker_start(WORKER_THREADS, err);
	if (!c->w)
		return -1;
	net_options nopt = { .timeout_seconds = c->cfg.timeout_seconds };
	size_t waiting = 0;
	for (size_t i = 0; i < c->n; i++) {
		cli_acct *a = &c->accts[i];
		a->read_only = config_read_only(&c->cfg, a->cfg, cli_read_only);
		if (a->read_only)
			action_read_only_why(cli_read_only, a->cfg->read_only == 1, a->cfg->name,
			                     a->read_only_why, sizeof a->read_only_why);
		a->na = net_account_open(a->cfg, &nopt, &a->err);
		if (!a->na) {
			account_failed(c, a);
			continue;
		}
		/* the tag is the account's index + 1 */
		if (worker_submit(c->w, job_request_new(JOB_LIST, a->na, i + 1, NULL)) < 0) {
			og_error_set(&a->err, OG_ERR_INTERNAL, "out of memory");
			account_failed(c, a);
			continue;
		}
		waiting++;
	}
	while (waiting) {
		job_result *r = cli_next_result(c);
		if (!r) {
			og_error_set(err, OG_ERR_INTERNAL, "cannot wait for the worker: %s", strerror(errno));
			return -1;
		}
		waiting--;
		cli_acct *a = r->tag >= 1 && r->tag <= c->n ? &c->accts[r->tag - 1] : NULL;
		if (a && r->status == 0) {
			a->groups = r->groups;
			memset(&r->groups, 0, sizeof r->groups);
			a->loaded = true;
		} else if (a) {
			a->err = r->err;
			account_failed(c, a);
		}
		job_result_free(r);
	}
	og_origins_account *in = calloc(c->n, sizeof *in);
	if (!in) {
		og_error_set(err, OG_ERR_INTERNAL, "out of memory");
		return -1;
	}
	for (size_t i = 0; i < c->n; i++)
		in[i].groups = c->accts[i].loaded ? &c->accts[i].groups : NULL;
	int rc = origins_build(&c->origins, in, c->n);
	free(in);
	if (rc < 0) {
		og_error_set(err, OG_ERR_INTERNAL, "out of memory");
		return -1;
	}
	return 0;
}

void cli_ctx_free(cli_ctx *c)
{
	origins_free(&c->origins);
	worker_stop(c->w);    /* no job uses an account after this */
	for (size_t i = 0; i < c->n; i++) {
		og_group_list_free(&c->accts[i].groups);
		net_account_free(c->accts[i].na);
	}
	free(c->accts);
	config_free(&c->cfg);
	memset(c, 0, sizeof *c);
}
