/* The requests log's ring on the UI thread: the last XLOG_MAX exchanges the
 * worker sent, oldest first, and writing one as a curl command line. The
 * screens that show it are tui/views/log.c and tui/views/exchange.c. */
#include "tui/xlog.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "tui/app.h"

struct xlog {
	net_exchange *ring[XLOG_MAX];
	size_t head, n;             /* oldest at ring[head] */
};

/* ---- the ring ----------------------------------------------------------- */

static void xlog_free(void *state);
static const app_slot_key xlog_key = { "requests log", xlog_free, NULL };

static struct xlog *xlog_of(const app *a)
{
	return app_slot(a, &xlog_key);
}

static struct xlog *xlog_get(app *a)
{
	struct xlog *l = xlog_of(a);
	if (!l && (l = calloc(1, sizeof *l)) && app_slot_set(a, &xlog_key, l) < 0) {
		free(l);
		l = NULL;
	}
	return l;
}

void xlog_add(app *a, net_exchange *x)
{
	struct xlog *l = xlog_get(a);
	if (!l) {
		net_exchange_free(x);
		return;
	}
	/* the views keep their place (the log's cursor stays on its row, or
	 * follows the newest one) */
	for (int i = 0; i < a->depth; i++)
		if (a->stack[i]->ops->keep_place)
			a->stack[i]->ops->keep_place(a, a->stack[i]);
	if (l->n == XLOG_MAX) {
		net_exchange_free(l->ring[l->head]);
		l->ring[l->head] = x;
		l->head = (l->head + 1) % XLOG_MAX;
	} else {
		l->ring[(l->head + l->n) % XLOG_MAX] = x;
		l->n++;
	}
	for (int i = 0; i < a->depth; i++)
		if (a->stack[i]->ops->find_place)
			a->stack[i]->ops->find_place(a, a->stack[i]);
}

size_t xlog_count(const app *a)
{
	const struct xlog *l = xlog_of(a);
	return l ? l->n : 0;
}

const net_exchange *xlog_at(const app *a, size_t i)
{
	const struct xlog *l = xlog_of(a);
	if (!l || i >= l->n)
		return NULL;
	return l->ring[(l->head + i) % XLOG_MAX];
}

const net_exchange *xlog_find(const app *a, uint64_t seq)
{
	size_t n = xlog_count(a);
	for (size_t i = 0; i < n; i++) {
		const net_exchange *x = xlog_at(a, i);
		if (x->seq == seq)
			return x;
	}
	return NULL;
}

/* Frees the ring when the app goes (its slot's free hook). */
static void xlog_free(void *state)
{
	struct xlog *l = state;
	for (size_t i = 0; i < l->n; i++)
		net_exchange_free(l->ring[(l->head + i) % XLOG_MAX]);
	free(l);
}

/* ---- curl files ---------------------------------------------------------- */

static int mkdirs(char *path)
{
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		int rc = mkdir(path, 0700);
		*p = '/';
		if (rc < 0 && errno != EEXIST)
			return -1;
	}
	return mkdir(path, 0700) < 0 && errno != EEXIST ? -1 : 0;
}

static const og_account *account_named(app *a, const char *name)
{
	for (size_t i = 0; i < a->n_accounts; i++)
		if (a->accounts[i].cfg && a->accounts[i].cfg->name &&
		    strcmp(a->accounts[i].cfg->name, name) == 0)
			return a->accounts[i].cfg;
	return NULL;
}

int xlog_write_curl(app *a, const net_exchange *x)
{
	const char *note = NULL;
	char *line = net_exchange_curl(x, account_named(a, x->account), &note);
	if (!line) {
		app_status(a, true, "out of memory");
		return -1;
	}
	char dir[1024];
	const char *state = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
	if (state && state[0] == '/')
		snprintf(dir, sizeof dir, "%s/origo", state);
	else if (home && home[0] == '/')
		snprintf(dir, sizeof dir, "%s/.local/state/origo", home);
	else
		snprintf(dir, sizeof dir, ".");
	char path[1200], shown[1200];
	time_t now = time(NULL);
	struct tm tm;
	char stamp[32] = "0";
	if (localtime_r(&now, &tm))
		strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
	snprintf(path, sizeof path, "%s/curl-%s-%llu.sh", dir, stamp, (unsigned long long)x->seq);
	size_t hl = home ? strlen(home) : 0;
	if (hl > 1 && strncmp(path, home, hl) == 0 && path[hl] == '/')
		snprintf(shown, sizeof shown, "~%s", path + hl);
	else
		snprintf(shown, sizeof shown, "%s", path);

	int fd = -1;
	if (mkdirs(dir) == 0)
		fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0) {
		app_status(a, true, "cannot write %s: %s", shown, strerror(errno));
		free(line);
		return -1;
	}
	FILE *f = fdopen(fd, "w");
	if (!f) {
		close(fd);
		free(line);
		app_status(a, true, "cannot write %s: %s", shown, strerror(errno));
		return -1;
	}
	/* The comments are shell comments: the file runs as it is. */
	fprintf(f, "#!/bin/sh\n# origo: %s %s (account %s)\n", x->method, x->url,
	        x->account[0] ? x->account : "?");
	if (note)
		fprintf(f, "# %s\n", note);
	if (x->req_truncated)
		fprintf(f, "# the request body was cut in the log: this command is incomplete\n");
	if (x->req_body && strstr(x->req_body, "***"))
		fprintf(f, "# secrets in the body are read from the variables named above\n");
	fprintf(f, "%s\n", line);
	bool bad = ferror(f) != 0;
	if (fclose(f) != 0)
		bad = true;
	free(line);
	if (bad) {
		app_status(a, true, "cannot write %s", shown);
		return -1;
	}
	app_status(a, false, "curl command line written to %s", shown);
	return 0;
}

/* ---- how an exchange reads -------------------------------------------------- */

/* The path and query of a URL ("/cdn/origin_groups/101"). */
const char *xlog_url_path(const char *url)
{
	const char *p = strstr(url, "://");
	if (!p)
		return url;
	p = strchr(p + 3, '/');
	return p ? p : "/";
}

void xlog_clock_text(double when, char *buf, size_t n)
{
	time_t t = (time_t)when;
	struct tm tm;
	if (!localtime_r(&t, &tm) || !strftime(buf, n, "%H:%M:%S", &tm))
		snprintf(buf, n, "?");
}

void xlog_status_text(const net_exchange *x, char *buf, size_t n)
{
	if (x->status)
		snprintf(buf, n, "%ld", x->status);
	else
		snprintf(buf, n, "err");
}
