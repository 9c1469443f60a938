/* `origo probe` (see cli_probe.h). Reads each account's groups through
 * net/sync.h, finds the target in the sources pivot (model/origins.h), or
 * as a group, and runs the probes on the worker (one job an account), as
 * the UI does. */
#include "tui/cli_probe.h"
#include "model/og_clock.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "model/origins.h"
#include "model/probe.h"
#include "model/probe_strip.h"
#include "model/probe_targets.h"
#include "net/exchange.h"
#include "net/worker.h"
#include "tui/cli_common.h"

typedef struct probe_opts {
	const char *config, *log, *target;
	const char **accounts;      /* those named with -a, as many as given */
	size_t n_accounts;
	bool json;
	int watch;                  /* 0: once */
} probe_opts;

/* ---- the command line ------------------------------------------------------ */

static int usage(const char *fmt, const char *arg)
{
	return cli_usage_error("origo --help", fmt, arg);
}

bool cli_probe_wanted(int argc, char **argv)
{
	const char *word = cli_command_word(argc, argv);
	return word && strcmp(word, "probe") == 0;
}

/* 0 to run, else the exit status + 1 (0 for --help). */
static int parse(int argc, char **argv, probe_opts *o)
{
	enum { OPT_WATCH = CLI_OPT_OWN };
	static const struct option longopts[] = {
		CLI_COMMON_LONGOPTS,
		{ "watch", required_argument, NULL, OPT_WATCH },
		{ NULL, 0, NULL, 0 },
	};
	memset(o, 0, sizeof *o);
	o->accounts = calloc((size_t)argc, sizeof *o->accounts);
	if (!o->accounts) {
		fprintf(stderr, "origo: out of memory\n");
		return 2;
	}
	opterr = 0;
	optind = 1;
	int c;
	while ((c = getopt_long(argc, argv, ":c:a:t:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'c': o->config = optarg; break;
		case 'a': o->accounts[o->n_accounts++] = optarg; break;
		case 't': case CLI_OPT_READ_ONLY: case CLI_OPT_NO_COLOR: case CLI_OPT_ASCII: break;
		case CLI_OPT_LOG: o->log = optarg; break;
		case CLI_OPT_JSON: o->json = true; break;
		case OPT_WATCH: {
			char *end;
			errno = 0;
			long v = strtol(optarg, &end, 10);
			if (!optarg[0] || *end || errno || v < 2 || v > 86400)
				return 1 + usage("--watch wants whole seconds from 2 to 86400, not \"%s\"", optarg);
			o->watch = (int)v;
			break;
		}
		case 'h':
			printf("usage: origo [OPTIONS] probe ORIGIN|GROUP [--json] [--watch SECONDS]\n"
			       "  ORIGIN: host[:port] or bucket, probed from every group that uses it;\n"
			       "  GROUP: an id or exact name, every source of it probed.\n"
			       "  -a ACCOUNT (repeatable): only these accounts (default: all).\n"
			       "  --watch SECONDS (at least 2): again and again, printing changes, until\n"
			       "  Ctrl-C. Exit status: 0 all up, 1 any down, 2 usage or config.\n");
			return 1;
		default:   /* ':' or '?' */
			return 1 + cli_option_error(c, argv, "origo --help");
		}
	}
	/* argv[optind] is "probe" (cli_probe_wanted said so) */
	int nargs = argc - optind;
	if (nargs < 2)
		return 1 + usage("%s needs an ORIGIN (host[:port] or bucket) or a GROUP", "probe");
	if (nargs > 2)
		return 1 + usage("probe takes one ORIGIN or GROUP, got also \"%s\"", argv[optind + 2]);
	o->target = argv[optind + 1];
	if (!o->target[0])
		return 1 + usage("%s needs an ORIGIN (host[:port] or bucket) or a GROUP", "probe");
	return 0;
}

/* ---- signals --------------------------------------------------------------- */

static int sig_pipe[2] = { -1, -1 };
static volatile sig_atomic_t stopped;

static void on_stop(int sig)
{
	(void)sig;
	stopped = 1;
	int saved = errno;
	ssize_t w = write(sig_pipe[1], "x", 1);
	(void)w;
	errno = saved;
}

static int catch_stop(void)
{
	if (pipe2(sig_pipe, O_CLOEXEC | O_NONBLOCK) < 0)
		return -1;
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_stop;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	return 0;
}

/* ---- the run ---------------------------------------------------------------- */

typedef struct run {
	probe_opts o;
	cli_ctx c;                   /* the accounts, their groups, the worker */
	og_probe_targets targets;
	og_probe_result *results;    /* one a target */
	og_strip_book strips;        /* one a target, keyed by its index */
} run;

static const char *acct_name(const run *r, size_t i)
{
	return r->c.accts[i].cfg->name ? r->c.accts[i].cfg->name : "";
}

static void iso_time(time_t t, char *buf, size_t n)
{
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void users_text(const run *r, const og_probe_target *x, char *buf, size_t n)
{
	size_t used = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < x->n_users && used + 1 < n; i++) {
		const og_probe_user *u = &x->users[i];
		int w = snprintf(buf + used, n - used, "%s%s/%s", i ? ", " : "",
		                 acct_name(r, u->account), u->group->name ? u->group->name : u->group->id);
		if (w < 0)
			break;
		used += (size_t)w < n - used ? (size_t)w : n - used - 1;
	}
}

static void print_text(const run *r, size_t i, const char *change, time_t at)
{
	const og_probe_target *x = &r->targets.items[i];
	const og_probe_result *res = &r->results[i];
	char shorts[300], users[2000], when[32] = "", cert[1200] = "", host[400] = "";
	og_probe_short(res, shorts, sizeof shorts);
	users_text(r, x, users, sizeof users);
	if (change) {
		iso_time(at, when, sizeof when);
		size_t l = strlen(when);
		snprintf(when + l, sizeof when - l, " ");
	}
	if (res->has_cert)
		snprintf(cert, sizeof cert, "  cert %s, issuer %s, %s%d days", res->cert_subject,
		         res->cert_issuer ? res->cert_issuer : "?", res->cert_days < 0 ? "expired " : "",
		         res->cert_days < 0 ? -res->cert_days : res->cert_days);
	if (x->plan.host_header[0] && strcmp(x->plan.host_header, x->plan.connect_host) != 0)
		snprintf(host, sizeof host, "  Host %s", x->plan.host_header);
	printf("%s%s%s%-4s  %s  %s  %s -> %s%s%s  [%s]\n", when, change ? change : "", change ? ": " : "",
	       og_probe_is_up(res) ? "UP" : "DOWN", x->origin, shorts, res->url ? res->url : x->plan.url,
	       res->connect_to ? res->connect_to : "", host, cert, users);
}

static void add_ms(cJSON *o, const char *name, double v)
{
	if (v >= 0)
		cJSON_AddNumberToObject(o, name, (double)(long)(v * 10 + 0.5) / 10);
	else
		cJSON_AddNullToObject(o, name);
}

static void add_str(cJSON *o, const char *name, const char *v)
{
	if (v)
		cJSON_AddStringToObject(o, name, v);
	else
		cJSON_AddNullToObject(o, name);
}

static int print_json(const run *r, size_t i, const char *change, time_t at)
{
	const og_probe_target *x = &r->targets.items[i];
	const og_probe_result *res = &r->results[i];
	cJSON *o = cJSON_CreateObject();
	if (!o)
		return -1;
	char when[32], shorts[300];
	iso_time(at, when, sizeof when);
	og_probe_short(res, shorts, sizeof shorts);
	cJSON_AddStringToObject(o, "time", when);
	cJSON_AddStringToObject(o, "origin", x->origin);
	cJSON_AddBoolToObject(o, "up", og_probe_is_up(res));
	if (change)
		cJSON_AddStringToObject(o, "change", change);
	cJSON_AddStringToObject(o, "result", shorts);
	cJSON_AddStringToObject(o, "phase", og_probe_phase_name(res->phase));
	if (res->status > 0)
		cJSON_AddNumberToObject(o, "status", (double)res->status);
	else
		cJSON_AddNullToObject(o, "status");
	add_str(o, "failure", res->failure);
	add_str(o, "error", res->error);
	cJSON_AddBoolToObject(o, "timed_out", res->timed_out);
	cJSON *ms = cJSON_AddObjectToObject(o, "ms");
	if (ms) {
		add_ms(ms, "dns", res->dns_ms);
		add_ms(ms, "connect", res->connect_ms);
		add_ms(ms, "tls", res->tls_ms);
		add_ms(ms, "first_byte", res->first_byte_ms);
		add_ms(ms, "total", res->total_ms);
	}
	add_str(o, "url", res->url ? res->url : x->plan.url);
	add_str(o, "sni", x->plan.sni[0] ? x->plan.sni : NULL);
	add_str(o, "host_header", x->plan.host_header[0] ? x->plan.host_header : NULL);
	add_str(o, "connect_to", res->connect_to);
	add_str(o, "address", res->used_address);
	if (res->has_cert) {
		cJSON *c = cJSON_AddObjectToObject(o, "cert");
		if (c) {
			add_str(c, "subject", res->cert_subject);
			add_str(c, "issuer", res->cert_issuer);
			cJSON_AddNumberToObject(c, "days", res->cert_days);
		}
	} else {
		cJSON_AddNullToObject(o, "cert");
	}
	cJSON *groups = cJSON_AddArrayToObject(o, "groups");
	for (size_t u = 0; groups && u < x->n_users; u++) {
		cJSON *g = cJSON_CreateObject();
		if (!g)
			break;
		cJSON_AddStringToObject(g, "account", acct_name(r, x->users[u].account));
		add_str(g, "group_id", x->users[u].group->id);
		add_str(g, "group", x->users[u].group->name);
		cJSON_AddItemToArray(groups, g);
	}
	char *text = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	if (!text)
		return -1;
	puts(text);
	cJSON_free(text);
	return 0;
}

/* Fills r->targets from the origin named target, else from the groups
 * with that id or exact name. 0 found, 1 neither (said on stderr), -1 out
 * of memory. */
static int find_targets(run *r, const char *target)
{
	const og_origins *pivot = &r->c.origins;
	int rc = 0;
	const og_origin *o = origins_find(pivot, target);
	if (o) {
		rc = probe_targets_of_origin(&r->targets, o);
	} else {
		bool group = false;
		for (size_t i = 0; i < r->c.n && rc == 0; i++) {
			const og_group_list *l = &r->c.accts[i].groups;
			for (size_t g = 0; g < l->n && rc == 0; g++) {
				const og_group *gr = l->items[g];
				if (!(gr->id && strcmp(gr->id, target) == 0) && !(gr->name && strcmp(gr->name, target) == 0))
					continue;
				group = true;
				for (size_t s = 0; s < gr->n_sources && rc == 0; s++)
					rc = probe_targets_add(&r->targets, i, gr, s);
			}
		}
		if (rc == 0 && !group) {
			size_t near[4];
			size_t nn = origins_near(pivot, target, near, 4);
			fprintf(stderr, "origo: %s is used by no group and names no group", target);
			for (size_t k = 0; k < nn; k++)
				fprintf(stderr, "%s%s", k ? ", " : "; did you mean ", pivot->items[near[k]].name);
			fputc('\n', stderr);
			rc = 1;
		}
	}
	if (rc == 0 && r->targets.n == 0) {
		fprintf(stderr, "origo: nothing to probe in %s: %s\n", target,
		        r->targets.why[0] ? r->targets.why : "no source");
		rc = 1;
	}
	return rc;
}

/* One round: every target probed, results in r->results. 0, 1 when
 * stopped by a signal, -1 on failure (said on stderr). */
static int probe_round(run *r)
{
	for (size_t i = 0; i < r->targets.n; i++)
		og_probe_result_clear(&r->results[i]);
	/* one job an account, its targets in order; the tag is the account */
	size_t pending = 0;
	for (size_t a = 0; a < r->c.n; a++) {
		size_t n = 0;
		for (size_t i = 0; i < r->targets.n; i++)
			n += r->targets.items[i].account == a;
		if (n == 0)
			continue;
		og_source *srcs = calloc(n, sizeof *srcs);
		if (!srcs)
			return -1;
		size_t k = 0;
		for (size_t i = 0; i < r->targets.n; i++)
			if (r->targets.items[i].account == a)
				srcs[k++] = *r->targets.items[i].source;   /* shallow: set_probe copies */
		job_request *q = job_request_new(JOB_PROBE, r->c.accts[a].na, a, NULL);
		int rc = q ? job_request_set_probe(q, srcs, n) : -1;
		free(srcs);
		if (rc < 0 || worker_submit(r->c.w, q) < 0) {
			if (rc < 0)
				job_request_free(q);
			fprintf(stderr, "origo: cannot start the probes (out of memory)\n");
			return -1;
		}
		pending++;
	}
	while (pending > 0) {
		struct pollfd p[2] = { { worker_wake_fd(r->c.w), POLLIN, 0 }, { sig_pipe[0], POLLIN, 0 } };
		if (stopped)
			return 1;
		if (poll(p, 2, -1) < 0 && errno != EINTR)
			return -1;
		if (stopped)
			return 1;
		worker_drain_wake(r->c.w);
		job_result *res;
		while ((res = worker_take_result(r->c.w))) {
			size_t a = (size_t)res->tag, k = 0;
			for (size_t i = 0; i < r->targets.n; i++) {
				if (r->targets.items[i].account != a)
					continue;
				if (k < res->n_probes && og_probe_result_copy(&r->results[i], &res->probes[k]) < 0)
					memset(&r->results[i], 0, sizeof r->results[i]);
				k++;
			}
			job_result_free(res);
			pending--;
		}
		net_exchange *ex;
		while ((ex = worker_take_exchange(r->c.w)))
			net_exchange_free(ex);
	}
	return 0;
}

/* Prints a round (all of it, or only the changes of state): whether every
 * probe was up. */
static bool report(run *r, bool changes_only)
{
	bool all_up = true;
	time_t now = time(NULL);
	for (size_t i = 0; i < r->targets.n; i++) {
		const og_probe_result *res = &r->results[i];
		bool up = og_probe_is_up(res);
		all_up &= up;
		char key[32];
		snprintf(key, sizeof key, "%zu", i);
		og_strip_change c = og_strip_add(&r->strips, key, up, (long)(res->total_ms + 0.5),
		                                  (long long)now);
		if (changes_only && c != OG_STRIP_WENT_DOWN && c != OG_STRIP_CAME_UP)
			continue;
		const char *change = changes_only ? og_strip_change_text(c) : NULL;
		if (r->o.json)
			print_json(r, i, change, now);
		else
			print_text(r, i, change, now);
	}
	fflush(stdout);
	return all_up;
}

/* Waits `seconds` or until a stop signal: true when stopped. */
static bool pause_or_stop(int seconds)
{
	long long until = og_clock_ms() + (long long)seconds * 1000;
	for (;;) {
		if (stopped)
			return true;
		long long left = until - og_clock_ms();
		if (left <= 0)
			return false;
		struct pollfd p = { sig_pipe[0], POLLIN, 0 };
		poll(&p, 1, (int)(left > 1000 ? 1000 : left));
	}
}

static int run_probe(run *r)
{
	int found = find_targets(r, r->o.target);
	if (found != 0)
		return 1;
	if (!(r->results = calloc(r->targets.n, sizeof *r->results)))
		return 1;
	if (catch_stop() < 0) {
		fprintf(stderr, "origo: cannot start: %s\n", strerror(errno));
		return 1;
	}
	bool all_up = false;
	for (bool first = true;; first = false) {
		int rc = probe_round(r);
		if (rc < 0)
			return 1;
		if (rc > 0)
			break;   /* stopped mid-round: its results are partial */
		all_up = report(r, !first);
		if (!r->o.watch || pause_or_stop(r->o.watch))
			break;
	}
	return all_up && !r->c.any_failed ? 0 : 1;
}

int cli_probe_main(int argc, char **argv)
{
	run *r = calloc(1, sizeof *r);
	if (!r) {
		fprintf(stderr, "origo: out of memory\n");
		return 1;
	}
	int st = parse(argc, argv, &r->o);
	if (st != 0) {
		free(r->o.accounts);
		free(r);
		return st - 1;
	}
	int log_fd = -1;
	og_error err;
	og_error_clear(&err);
	if (cli_log_start(r->o.log, &log_fd, &err) < 0 ||
	    cli_ctx_load(&r->c, r->o.config, r->o.accounts, r->o.n_accounts, false, &err) < 0) {
		fprintf(stderr, "origo: %s\n", err.msg[0] ? err.msg : "unknown error");
		st = og_error_exit_status(&err);
		st = st ? st : 2;
	} else {
		st = run_probe(r);
	}
	for (size_t i = 0; r->results && i < r->targets.n; i++)
		og_probe_result_clear(&r->results[i]);
	free(r->results);
	og_strip_book_free(&r->strips);
	probe_targets_free(&r->targets);
	cli_ctx_free(&r->c);
	free(r->o.accounts);
	free(r);
	cli_log_stop(log_fd);
	if (sig_pipe[0] >= 0) {
		close(sig_pipe[0]);
		close(sig_pipe[1]);
	}
	return st;
}
