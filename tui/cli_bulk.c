/* `origo sources`, `origo disable|enable ORIGIN`, `origo backup ORIGIN
 * --on|--off`: the command line, the plan (model/batch.h), the question,
 * one JOB_CHANGE a group through the worker, and the results. */
#include "tui/cli_bulk.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model/batch.h"
#include "tui/actions.h"
#include "tui/draw.h"

static const char *const commands[] = { "sources", "disable", "enable", "backup", NULL };

static const char usage_text[] =
	"usage: origo [OPTIONS] sources [--json]\n"
	"       origo [OPTIONS] disable ORIGIN [-a ACCOUNT]... [-g GROUP]... [--dry-run] [--yes] [--json]\n"
	"       origo [OPTIONS] enable ORIGIN  (the same options)\n"
	"       origo [OPTIONS] backup ORIGIN --on|--off  (the same options)\n"
	"\n"
	"ORIGIN is a host with its port as `origo sources` shows it (api.example.com:443),\n"
	"or a bucket. Default: every group of every account that uses it.\n"
	"  -a, --account NAME  only this account (repeatable)\n"
	"  -g, --group GROUP   only this group, by id or exact name (repeatable)\n"
	"      --dry-run       read fresh and print the requests that would be sent; send none\n"
	"  -y, --yes           change more than one group without asking (needed without a terminal)\n"
	"      --json          one JSON result a group (sources: one object an origin)\n"
	"  -c, --config FILE, --read-only, --log FILE: as for origo\n"
	"\n"
	"exit status: 0 every group set as asked (or already so), 1 a group or an account\n"
	"failed, was refused or changed on the server meanwhile, 2 usage or config error\n";

bool cli_bulk_is_command(int argc, char **argv)
{
	const char *word = cli_command_word(argc, argv);
	for (size_t k = 0; word && commands[k]; k++)
		if (strcmp(word, commands[k]) == 0)
			return true;
	return false;
}

typedef struct bulk_opts {
	const char *config, *log;
	const char **accounts;  size_t n_accounts;
	const char **groups;    size_t n_groups;
	bool read_only, json, dry_run, yes, on, off;
	const char *command, *origin;
} bulk_opts;

static int usage_error(const char *fmt, const char *arg)
{
	return cli_usage_error("origo sources --help", fmt, arg);
}

/* 0 ok, 1: exit 0 now (--help), -1: *status is the exit status. */
static int parse(int argc, char **argv, bulk_opts *o, int *status)
{
	enum { OPT_DRY_RUN = CLI_OPT_OWN, OPT_ON, OPT_OFF };
	static const struct option longopts[] = {
		CLI_COMMON_LONGOPTS,
		{ "group", required_argument, NULL, 'g' },
		{ "dry-run", no_argument, NULL, OPT_DRY_RUN },
		{ "yes", no_argument, NULL, 'y' },
		{ "on", no_argument, NULL, OPT_ON },
		{ "off", no_argument, NULL, OPT_OFF },
		{ NULL, 0, NULL, 0 },
	};
	memset(o, 0, sizeof *o);
	o->accounts = calloc((size_t)argc, sizeof *o->accounts);
	o->groups = calloc((size_t)argc, sizeof *o->groups);
	if (!o->accounts || !o->groups) {
		fprintf(stderr, "origo: out of memory\n");
		*status = 1;
		return -1;
	}
	opterr = 0;
	optind = 1;
	int c;
	while ((c = getopt_long(argc, argv, ":c:a:g:t:yh", longopts, NULL)) != -1) {
		switch (c) {
		case 'c': o->config = optarg; break;
		case 'a': o->accounts[o->n_accounts++] = optarg; break;
		case 'g': o->groups[o->n_groups++] = optarg; break;
		case 't': case CLI_OPT_NO_COLOR: case CLI_OPT_ASCII: break;   /* nothing to draw */
		case CLI_OPT_READ_ONLY: o->read_only = true; break;
		case CLI_OPT_LOG: o->log = optarg; break;
		case CLI_OPT_JSON: o->json = true; break;
		case OPT_DRY_RUN: o->dry_run = true; break;
		case 'y': o->yes = true; break;
		case OPT_ON: o->on = true; break;
		case OPT_OFF: o->off = true; break;
		case 'h':
			fputs(usage_text, stdout);
			*status = 0;
			return 1;
		default:   /* ':' or '?' */
			*status = cli_option_error(c, argv, "origo sources --help");
			return -1;
		}
	}
	int nargs = argc - optind;
	o->command = nargs > 0 ? argv[optind] : "";
	bool sources = strcmp(o->command, "sources") == 0;
	if (sources) {
		if (nargs > 1) {
			*status = usage_error("sources takes no argument, got \"%s\"", argv[optind + 1]);
			return -1;
		}
		const char *bad = o->n_groups ? "-g" : o->dry_run ? "--dry-run" : o->yes ? "--yes"
		                : o->on ? "--on" : o->off ? "--off" : NULL;
		if (bad) {
			*status = usage_error("%s does not go with sources", bad);
			return -1;
		}
		return 0;
	}
	if (nargs < 2) {
		*status = usage_error("%s needs an ORIGIN (as `origo sources` lists it)", o->command);
		return -1;
	}
	if (nargs > 2) {
		*status = usage_error("one ORIGIN at a time, got also \"%s\"", argv[optind + 2]);
		return -1;
	}
	o->origin = argv[optind + 1];
	if (!o->origin[0]) {
		*status = usage_error("%sthe ORIGIN is empty", "");
		return -1;
	}
	bool backup = strcmp(o->command, "backup") == 0;
	if (backup && o->on == o->off) {
		*status = usage_error("backup needs one of --on or --off%s", "");
		return -1;
	}
	if (!backup && (o->on || o->off)) {
		*status = usage_error("--on and --off go with backup, not %s", o->command);
		return -1;
	}
	return 0;
}

/* ---- the bulk action ----------------------------------------------------- */

/* Whether group g is one of those named with -g (id or exact name). */
static bool group_wanted(const bulk_opts *o, const og_group *g)
{
	if (!o->n_groups)
		return true;
	for (size_t i = 0; i < o->n_groups; i++)
		if ((g->id && strcmp(g->id, o->groups[i]) == 0) ||
		    (g->name && strcmp(g->name, o->groups[i]) == 0))
			return true;
	return false;
}

typedef struct bulk_run {
	cli_ctx *c;
	const bulk_opts *o;
	og_origin sel;              /* the origin's uses kept by -g; uses owned */
	og_batch b;                 /* items[i] is sel.uses[i] */
	net_exchange **dry;         /* a dry run's request of item i, or NULL */
} bulk_run;

/* The read-only refusal, from the one place the UI asks too. */
static void refuse_read_only(bulk_run *r)
{
	action_id act = r->b.field == OG_FIELD_BACKUP ? ACT_TOGGLE_BACKUP : ACT_TOGGLE_ENABLED;
	for (size_t i = 0; i < r->b.n; i++) {
		batch_item *it = &r->b.items[i];
		const cli_acct *a = &r->c->accts[it->account];
		char why[256];
		if (it->outcome != BATCH_WAITING ||
		    !action_refusal(act, a->read_only, a->read_only_why, why, sizeof why))
			continue;
		og_error e = { 0 };
		og_error_set(&e, OG_ERR_REFUSED, "%s", why);
		batch_record(it, -1, &e);
	}
}

/* Asks on the terminal; without one, --yes is needed for more than one
 * group. 0 go on, else the exit status. */
static int confirm(bulk_run *r)
{
	batch_counts n;
	batch_count(&r->b, &n);
	if (n.groups_to_write <= 1 || r->o->yes || r->o->dry_run)
		return 0;
	char q[512];
	batch_question(&r->b, q, sizeof q);
	if (!isatty(STDIN_FILENO)) {
		fprintf(stderr, "origo: %s %s would change %zu groups on %zu %s; without a terminal "
		        "to ask on, add --yes to go on (nothing was sent)\n", r->o->command, r->b.origin,
		        n.groups_to_write, n.accounts_to_write,
		        n.accounts_to_write == 1 ? "account" : "accounts");
		return 2;
	}
	fprintf(stderr, "%s ", q);
	fflush(stderr);
	char line[64];
	if (!fgets(line, sizeof line, stdin) || (strcmp(line, "y\n") && strcmp(line, "yes\n") &&
	                                         strcmp(line, "Y\n"))) {
		fprintf(stderr, "origo: nothing was sent\n");
		return 1;
	}
	return 0;
}

static int submit(bulk_run *r)
{
	int submitted = 0;
	for (size_t i = 0; i < r->b.n; i++) {
		batch_item *it = &r->b.items[i];
		if (it->outcome != BATCH_WAITING)
			continue;
		const og_origin_use *u = &r->sel.uses[i];
		cli_acct *a = &r->c->accts[it->account];
		job_request *q = job_request_new(JOB_CHANGE, a->na, i + 1, it->change.group_id);
		og_error e = { 0 };
		if (!q || og_change_copy(&q->change, &it->change) < 0 ||
		    og_source_copy(&q->seen, &u->group->sources[u->source]) < 0) {
			job_request_free(q);
			og_error_set(&e, OG_ERR_INTERNAL, "out of memory: nothing was sent");
			batch_record(it, -1, &e);
			continue;
		}
		q->dry_run = r->o->dry_run;
		it->tag = i + 1;
		it->outcome = BATCH_RUNNING;
		if (worker_submit(r->c->w, q) < 0) {
			og_error_set(&e, OG_ERR_INTERNAL, "could not be submitted: nothing was sent");
			batch_record(it, -1, &e);
			continue;
		}
		submitted++;
	}
	return submitted;
}

static void wait_all(bulk_run *r, int submitted)
{
	bool progress = !r->o->json && !r->o->dry_run && isatty(STDERR_FILENO);
	while (submitted > 0) {
		job_result *res = cli_next_result(r->c);
		if (!res)
			break;
		submitted--;
		batch_item *it = batch_find_tag(&r->b, res->tag);
		if (it && r->o->dry_run && res->dry_request) {
			/* got as far as the write: that is a dry run's success */
			r->dry[it - r->b.items] = res->dry_request;
			res->dry_request = NULL;
			it->outcome = BATCH_WAITING;
		} else if (it) {
			batch_record_after(it, res->status, &res->err, res->group);
		}
		job_result_free(res);
		if (progress) {
			char line[256];
			batch_progress(&r->b, line, sizeof line);
			fprintf(stderr, "\r%s\033[K", line);
		}
	}
	if (progress)
		fputc('\n', stderr);
}

static const char *word_of(const bulk_run *r, size_t i)
{
	return r->dry[i] ? "dry run" : batch_outcome_word(r->b.items[i].outcome);
}

static cJSON *request_json(const net_exchange *x)
{
	cJSON *j = cJSON_CreateObject();
	if (!j)
		return NULL;
	cJSON_AddStringToObject(j, "method", x->method);
	cJSON_AddStringToObject(j, "url", x->url);
	if (x->req_body)
		cJSON_AddStringToObject(j, "body", x->req_body);
	else
		cJSON_AddNullToObject(j, "body");
	return j;
}

static cJSON *tri_json(og_tri t)
{
	return t == OG_ABSENT ? cJSON_CreateNull() : cJSON_CreateBool(t == OG_YES);
}

static int print_json(const bulk_run *r, FILE *out)
{
	cJSON *arr = cJSON_CreateArray();
	if (!arr)
		return -1;
	for (size_t i = 0; i < r->b.n; i++) {
		const batch_item *it = &r->b.items[i];
		cJSON *j = cJSON_CreateObject();
		if (!j) {
			cJSON_Delete(arr);
			return -1;
		}
		cJSON_AddItemToArray(arr, j);
		cJSON_AddStringToObject(j, "account", r->c->accts[it->account].cfg->name);
		cJSON_AddStringToObject(j, "group", it->group_name);
		cJSON_AddStringToObject(j, "group_id", it->change.group_id);
		cJSON_AddStringToObject(j, "source", it->change.source_key);
		cJSON_AddStringToObject(j, "origin", r->b.origin);
		cJSON_AddStringToObject(j, "field", og_field_name(it->change.field));
		cJSON_AddItemToObject(j, "from", tri_json(it->change.from));
		cJSON_AddItemToObject(j, "to", tri_json(it->change.to));
		cJSON_AddStringToObject(j, "outcome", word_of(r, i));
		if (it->reason && !r->dry[i])
			cJSON_AddStringToObject(j, "reason", it->reason);
		else
			cJSON_AddNullToObject(j, "reason");
		if (r->dry[i])
			cJSON_AddItemToObject(j, "request", request_json(r->dry[i]));
	}
	return cli_print_json(arr, out);
}

/* Each line of text, indented by four spaces. */
static void print_indented(FILE *out, const char *text)
{
	while (text && *text) {
		const char *nl = strchr(text, '\n');
		size_t len = nl ? (size_t)(nl - text) : strlen(text);
		fprintf(out, "    %.*s\n", (int)len, text);
		text += len + (nl ? 1 : 0);
	}
}

static int col_width(const bulk_run *r, const char *title, int which)
{
	int w = draw_width(title);
	for (size_t i = 0; i < r->b.n; i++) {
		const batch_item *it = &r->b.items[i];
		const char *s = which == 0 ? r->c->accts[it->account].cfg->name
		              : which == 1 ? it->group_name : word_of(r, i);
		int sw = draw_width(s ? s : "");
		if (sw > w)
			w = sw;
	}
	return w > 40 ? 40 : w;
}

static int print_text(const bulk_run *r, FILE *out)
{
	int wa = col_width(r, "ACCOUNT", 0), wg = col_width(r, "GROUP", 1), wo = col_width(r, "OUTCOME", 2);
	char a[256], g[256], o[256];
	draw_pad("ACCOUNT", wa, a, sizeof a);
	draw_pad("GROUP", wg, g, sizeof g);
	draw_pad("OUTCOME", wo, o, sizeof o);
	fprintf(out, "%s  %s  %s  REASON\n", a, g, o);
	for (size_t i = 0; i < r->b.n; i++) {
		const batch_item *it = &r->b.items[i];
		draw_pad(r->c->accts[it->account].cfg->name, wa, a, sizeof a);
		draw_pad(it->group_name, wg, g, sizeof g);
		draw_pad(word_of(r, i), wo, o, sizeof o);
		const char *why = r->dry[i] ? "" : it->reason ? it->reason : "";
		fprintf(out, "%s  %s  %s%s%s\n", a, g, why[0] ? o : word_of(r, i), why[0] ? "  " : "", why);
		if (r->dry[i]) {
			fprintf(out, "    %s %s\n", r->dry[i]->method, r->dry[i]->url);
			print_indented(out, r->dry[i]->req_body);
		}
	}
	if (!r->o->dry_run) {
		batch_counts n;
		batch_count(&r->b, &n);
		char line[256];
		if (n.groups_to_write)
			batch_progress(&r->b, line, sizeof line);
		else
			snprintf(line, sizeof line, "nothing was sent");
		fprintf(out, "%s\n", line);
	}
	return ferror(out) ? -1 : 0;
}

/* 0 when every group is as asked (or, in a dry run, got as far as its
 * write), else 1: batch_exit_status with a dry run's reached writes. */
static int bulk_status(const bulk_run *r)
{
	if (!r->o->dry_run)
		return batch_exit_status(&r->b);
	for (size_t i = 0; i < r->b.n; i++)
		if (!r->dry[i] && r->b.items[i].outcome != BATCH_ALREADY)
			return 1;
	return 0;
}

static int run_bulk(cli_ctx *c, const bulk_opts *o)
{
	const og_origin *origin = origins_find(&c->origins, o->origin);
	if (!origin) {
		char msg[1024];
		cli_origin_unknown(c, o->origin, msg, sizeof msg);
		fprintf(stderr, "origo: %s\n", msg);
		return 1;
	}
	bulk_run r = { .c = c, .o = o };
	r.sel = *origin;
	r.sel.uses = calloc(origin->n_uses, sizeof *r.sel.uses);
	if (!r.sel.uses) {
		fprintf(stderr, "origo: out of memory\n");
		return 1;
	}
	r.sel.n_uses = 0;
	for (size_t i = 0; i < origin->n_uses; i++)
		if (group_wanted(o, origin->uses[i].group))
			r.sel.uses[r.sel.n_uses++] = origin->uses[i];
	if (r.sel.n_uses == 0) {
		fprintf(stderr, "origo: none of the groups named with -g uses %s\n", origin->name);
		free(r.sel.uses);
		return 1;
	}
	const og_caps **caps = calloc(c->n, sizeof *caps);
	for (size_t i = 0; caps && i < c->n; i++)
		caps[i] = c->accts[i].na ? net_account_caps(c->accts[i].na) : NULL;
	bool backup = strcmp(o->command, "backup") == 0;
	og_field field = backup ? OG_FIELD_BACKUP : OG_FIELD_ENABLED;
	og_tri to = backup ? (o->on ? OG_YES : OG_NO) : strcmp(o->command, "enable") == 0 ? OG_YES : OG_NO;
	int status = 1;
	if (!caps || batch_plan(&r.b, &r.sel, caps, field, to) < 0 ||
	    !(r.dry = calloc(r.b.n ? r.b.n : 1, sizeof *r.dry))) {
		fprintf(stderr, "origo: out of memory\n");
		goto done;
	}
	refuse_read_only(&r);
	status = confirm(&r);
	if (status != 0)
		goto done;
	wait_all(&r, submit(&r));
	if ((o->json ? print_json(&r, stdout) : print_text(&r, stdout)) < 0 || fflush(stdout) == EOF) {
		fprintf(stderr, "origo: cannot write the output\n");
		status = 1;
		goto done;
	}
	status = bulk_status(&r);
done:
	for (size_t i = 0; r.dry && i < r.b.n; i++)
		net_exchange_free(r.dry[i]);
	free(r.dry);
	batch_free(&r.b);
	free(caps);
	free(r.sel.uses);
	return status;
}

int cli_bulk_main(int argc, char **argv)
{
	bulk_opts o;
	int status = 0;
	int rc = parse(argc, argv, &o, &status);
	if (rc != 0) {
		free(o.accounts);
		free(o.groups);
		return status;
	}
	int log_fd = -1;
	cli_ctx c;
	og_error err = { 0 };
	memset(&c, 0, sizeof c);
	if (cli_log_start(o.log, &log_fd, &err) < 0 ||
	    cli_ctx_load(&c, o.config, o.accounts, o.n_accounts, o.read_only, &err) < 0) {
		fprintf(stderr, "origo: %s\n", err.msg[0] ? err.msg : "unknown error");
		status = og_error_exit_status(&err);
		if (status == 0)
			status = 1;
	} else if (strcmp(o.command, "sources") == 0) {
		status = cli_sources_print(&c, o.json, stdout) < 0 ? 1 : 0;
		if (status)
			fprintf(stderr, "origo: cannot write the output\n");
	} else {
		status = run_bulk(&c, &o);
	}
	/* an account that could not be read makes the whole run fail */
	if (c.fail_status > status && status != 2)
		status = c.fail_status;
	cli_ctx_free(&c);
	cli_log_stop(log_fd);
	free(o.accounts);
	free(o.groups);
	return status;
}
