/* `origo sources`, and the loading the bulk commands share: every account at
 * once through the worker, then the pivot (model/origins.h). */
#include "tui/cli_bulk.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>

#include "tui/draw.h"

/* Why writes are refused for this account, as the UI's status bar says it
 * (tui/app.c): --read-only first, then the account, then the config. */
static void read_only_why(const og_config *cfg, const og_account *a, bool cli, char *out, size_t n)
{
	if (cli)
		snprintf(out, n, "--read-only");
	else if (a->read_only == 1)
		snprintf(out, n, "account \"%s\" has read_only = true", a->name ? a->name : "");
	else
		snprintf(out, n, "read_only = true in the config");
	(void)cfg;
}

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
	if (config_load(&c->cfg, config_path, net_providers(), err) < 0)
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
			read_only_why(&c->cfg, a->cfg, cli_read_only, a->read_only_why,
			              sizeof a->read_only_why);
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

/* ---- printing ------------------------------------------------------------ */

static const char *acct_name(const cli_ctx *c, size_t i)
{
	return i < c->n && c->accts[i].cfg->name ? c->accts[i].cfg->name : "";
}

/* "gcore, yandex": the accounts of o's uses, each once, into out. */
static void accounts_of(const cli_ctx *c, const og_origin *o, char *out, size_t n)
{
	size_t len = 0;
	out[0] = '\0';
	for (size_t i = 0; i < o->n_uses && len < n; i++) {
		if (i > 0 && o->uses[i].account == o->uses[i - 1].account)
			continue;   /* uses are ordered by account */
		int w = snprintf(out + len, n - len, "%s%s", len ? ", " : "", acct_name(c, o->uses[i].account));
		if (w < 0)
			break;
		len += (size_t)w;
	}
}

static cJSON *tri_json(og_tri t)
{
	return t == OG_ABSENT ? cJSON_CreateNull() : cJSON_CreateBool(t == OG_YES);
}

static cJSON *origin_json(const cli_ctx *c, const og_origin *o)
{
	cJSON *j = cJSON_CreateObject();
	if (!j)
		return NULL;
	cJSON_AddStringToObject(j, "origin", o->name);
	cJSON_AddNumberToObject(j, "groups", (double)o->n_groups);
	cJSON_AddNumberToObject(j, "uses", (double)o->n_uses);
	cJSON_AddNumberToObject(j, "enabled", (double)o->n_enabled);
	cJSON_AddNumberToObject(j, "backup", (double)o->n_backup);
	cJSON *accts = cJSON_AddArrayToObject(j, "accounts");
	cJSON *uses = cJSON_AddArrayToObject(j, "used_by");
	if (!accts || !uses) {
		cJSON_Delete(j);
		return NULL;
	}
	for (size_t i = 0; i < o->n_uses; i++) {
		const og_origin_use *u = &o->uses[i];
		if (i == 0 || u->account != o->uses[i - 1].account)
			cJSON_AddItemToArray(accts, cJSON_CreateString(acct_name(c, u->account)));
		const og_source *s = &u->group->sources[u->source];
		cJSON *e = cJSON_CreateObject();
		if (!e) {
			cJSON_Delete(j);
			return NULL;
		}
		cJSON_AddStringToObject(e, "account", acct_name(c, u->account));
		cJSON_AddStringToObject(e, "group", u->group->name ? u->group->name : "");
		cJSON_AddStringToObject(e, "group_id", u->group->id ? u->group->id : "");
		cJSON_AddStringToObject(e, "source", s->key ? s->key : "");
		cJSON_AddItemToObject(e, "enabled", tri_json(s->enabled));
		cJSON_AddItemToObject(e, "backup", tri_json(s->backup));
		cJSON_AddItemToArray(uses, e);
	}
	return j;
}

static int print_sources_json(const cli_ctx *c, FILE *out)
{
	cJSON *arr = cJSON_CreateArray();
	if (!arr)
		return -1;
	for (size_t v = 0; v < c->origins.n_view; v++) {
		cJSON *o = origin_json(c, &c->origins.items[c->origins.view[v]]);
		if (!o) {
			cJSON_Delete(arr);
			return -1;
		}
		cJSON_AddItemToArray(arr, o);
	}
	char *text = cJSON_PrintUnformatted(arr);
	cJSON_Delete(arr);
	if (!text)
		return -1;
	int rc = fputs(text, out) < 0 || fputc('\n', out) == EOF ? -1 : 0;
	cJSON_free(text);
	return rc;
}

#define ORIGIN_COLS 48

int cli_sources_print(const cli_ctx *c, bool json, FILE *out)
{
	if (json)
		return print_sources_json(c, out) < 0 || fflush(out) == EOF ? -1 : 0;
	/* the origin column as wide as its longest entry, at most ORIGIN_COLS */
	int w = draw_width("ORIGIN");
	for (size_t v = 0; v < c->origins.n_view; v++) {
		int ow = draw_width(c->origins.items[c->origins.view[v]].name);
		if (ow > w)
			w = ow;
	}
	if (w > ORIGIN_COLS)
		w = ORIGIN_COLS;
	char cell[ORIGIN_NAME_MAX * 4];
	draw_pad("ORIGIN", w, cell, sizeof cell);
	fprintf(out, "%s  GROUPS  ENABLED  BACKUP  ACCOUNTS\n", cell);
	for (size_t v = 0; v < c->origins.n_view; v++) {
		const og_origin *o = &c->origins.items[c->origins.view[v]];
		char accts[512], en[48];
		accounts_of(c, o, accts, sizeof accts);
		snprintf(en, sizeof en, "%zu/%zu", o->n_enabled, o->n_uses);
		draw_pad(o->name, w, cell, sizeof cell);
		fprintf(out, "%s  %6zu  %7s  %6zu  %s\n", cell, o->n_groups, en, o->n_backup, accts);
	}
	return ferror(out) || fflush(out) == EOF ? -1 : 0;
}

void cli_origin_unknown(const cli_ctx *c, const char *name, char *out, size_t n)
{
	size_t near[3];
	size_t k = origins_near(&c->origins, name, near, 3);
	int len = snprintf(out, n, "%s is used by no group", name);
	for (size_t i = 0; i < k && len >= 0 && (size_t)len < n; i++)
		len += snprintf(out + len, n - (size_t)len, "%s%s", i ? ", " : "; ",
		                c->origins.items[near[i]].name);
	if (k && len >= 0 && (size_t)len < n)
		snprintf(out + len, n - (size_t)len, " %s", k == 1 ? "is" : "are");
}
