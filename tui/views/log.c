/* The requests log (SPEC.md screen 4): every API exchange of this run, newest
 * at the bottom; Enter shows one with its headers and bodies (secrets are
 * already "***", done by net/ on the worker thread); `c` writes it as a curl
 * command line. Also the ring of exchanges behind it (tui/xlog.h). */
#include "tui/views/log.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "tui/app.h"
#include "tui/draw.h"
#include "tui/xlog.h"

struct xlog {
	net_exchange *ring[XLOG_MAX];
	size_t head, n;             /* oldest at ring[head] */
	/* the exchange view's lines, built once per exchange shown */
	uint64_t text_seq;
	char **lines;
	size_t n_lines;
};

/* ---- the ring ----------------------------------------------------------- */

static struct xlog *xlog_get(app *a)
{
	if (!a->xlog)
		a->xlog = calloc(1, sizeof *a->xlog);
	return a->xlog;
}

static void text_free(struct xlog *l)
{
	for (size_t i = 0; i < l->n_lines; i++)
		free(l->lines[i]);
	free(l->lines);
	l->lines = NULL;
	l->n_lines = 0;
	l->text_seq = 0;
}

void xlog_add(app *a, net_exchange *x)
{
	struct xlog *l = xlog_get(a);
	if (!l) {
		net_exchange_free(x);
		return;
	}
	bool evict = l->n == XLOG_MAX;
	size_t old_n = l->n;
	if (evict) {
		if (l->text_seq == l->ring[l->head]->seq)
			text_free(l);
		net_exchange_free(l->ring[l->head]);
		l->ring[l->head] = x;
		l->head = (l->head + 1) % XLOG_MAX;
	} else {
		l->ring[(l->head + l->n) % XLOG_MAX] = x;
		l->n++;
	}
	for (int i = 0; i < a->depth; i++) {
		view *v = a->stack[i];
		if (v->ops->screen != SCR_LOG)
			continue;
		if (old_n > 0 && v->cursor + 1 == old_n)
			v->cursor = l->n - 1;       /* following the newest */
		else if (evict && v->cursor > 0)
			v->cursor--;                /* stays on its exchange */
		if (i == a->depth - 1)
			a->dirty = true;
	}
}

size_t xlog_count(const app *a)
{
	return a->xlog ? a->xlog->n : 0;
}

const net_exchange *xlog_at(const app *a, size_t i)
{
	if (!a->xlog || i >= a->xlog->n)
		return NULL;
	return a->xlog->ring[(a->xlog->head + i) % XLOG_MAX];
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

void xlog_free(app *a)
{
	struct xlog *l = a->xlog;
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++)
		net_exchange_free(l->ring[(l->head + i) % XLOG_MAX]);
	text_free(l);
	free(l);
	a->xlog = NULL;
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

/* ---- shared bits ----------------------------------------------------------- */

/* The path and query of a URL ("/cdn/origin_groups/101"). */
static const char *url_path(const char *url)
{
	const char *p = strstr(url, "://");
	if (!p)
		return url;
	p = strchr(p + 3, '/');
	return p ? p : "/";
}

static void clock_text(double when, char *buf, size_t n)
{
	time_t t = (time_t)when;
	struct tm tm;
	if (!localtime_r(&t, &tm) || !strftime(buf, n, "%H:%M:%S", &tm))
		snprintf(buf, n, "?");
}

static void status_text(const net_exchange *x, char *buf, size_t n)
{
	if (x->status)
		snprintf(buf, n, "%ld", x->status);
	else
		snprintf(buf, n, "err");
}

static bool log_back(app *a, action_id act)
{
	if (act == ACT_BACK) {
		app_pop(a);
		return true;
	}
	return false;
}

/* ---- the list --------------------------------------------------------------- */

static void log_title(app *a, view *v, char *buf, size_t n)
{
	(void)v;
	snprintf(buf, n, "requests log (%zu)", xlog_count(a));
}

static size_t log_rows(app *a, view *v)
{
	(void)v;
	return xlog_count(a);
}

static void log_draw(app *a, view *v, int y0, int height, int width)
{
	size_t n = xlog_count(a);
	int x0 = VIEW_GUTTER;
	draw_text(y0, x0, width - x0, "time     account    method status duration  path",
	          a->attr[ROLE_HEADER]);
	int rows = height - 1;
	v->page = rows;
	if (rows <= 0)
		return;
	if (n == 0) {
		draw_text(y0 + 1, 1, width - 1, "no request has been made yet", a->attr[ROLE_DIM]);
		return;
	}
	view_clamp(a, v, rows);
	for (int i = 0; i < rows; i++) {
		size_t at = v->top + (size_t)i;
		if (at >= n) {
			draw_text(y0 + 1 + i, 0, width, "", a->attr[ROLE_NORMAL]);
			continue;
		}
		const net_exchange *x = xlog_at(a, at);
		char when[16], st[16], acct[16], line[2048];
		clock_text(x->when, when, sizeof when);
		status_text(x, st, sizeof st);
		draw_pad(x->account, 10, acct, sizeof acct);
		snprintf(line, sizeof line, "%-8s %s %-6s %-6s %6.0f ms  %s%s", when, acct, x->method, st,
		         x->seconds * 1000, url_path(x->url), x->attempt > 0 ? "  (retry)" : "");
		bool sel = at == v->cursor;
		attr_t attr = view_row_attr(a, sel);
		if (!sel || !a->cursor_bar) {
			if (!x->status || x->status >= 400)
				attr = a->attr[ROLE_ERROR];
		}
		draw_text(y0 + 1 + i, x0, width - x0, line, attr);
		view_draw_mark(a, y0 + 1 + i, sel);
		if (!sel)
			draw_text(y0 + 1 + i, 0, x0, "", a->attr[ROLE_NORMAL]);
	}
}

static bool log_act(app *a, view *v, action_id act, int key)
{
	(void)key;
	view_clamp(a, v, v->page > 0 ? v->page : 1);   /* new rows since the draw */
	const net_exchange *x = xlog_at(a, v->cursor);
	switch (act) {
	case ACT_OPEN:
		if (!x)
			return false;
		app_push(a, view_exchange_new(v->account, x->seq));
		return true;
	case ACT_CURL:
		if (!x)
			return false;
		xlog_write_curl(a, x);
		return true;
	default:
		return log_back(a, act);
	}
}

static const view_ops log_ops = {
	.screen = SCR_LOG,
	.title = log_title,
	.rows = log_rows,
	.draw = log_draw,
	.act = log_act,
};

view *view_log_new(size_t account)
{
	view *v = calloc(1, sizeof *v);
	if (!v)
		return NULL;
	v->ops = &log_ops;
	v->account = account;
	v->cursor = (size_t)-1;   /* clamped to the newest row on the first draw */
	return v;
}

/* ---- one exchange ------------------------------------------------------------ */

typedef struct lines {
	char **v;
	size_t n, cap;
	bool oom;
} lines;

static void add_line(lines *l, const char *s, size_t n)
{
	if (l->oom)
		return;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		char **v = realloc(l->v, cap * sizeof *v);
		if (!v) {
			l->oom = true;
			return;
		}
		l->v = v;
		l->cap = cap;
	}
	char *c = strndup(s, n);
	if (!c) {
		l->oom = true;
		return;
	}
	l->v[l->n++] = c;
}

static void add_str(lines *l, const char *s)
{
	add_line(l, s, strlen(s));
}

static void add_block(lines *l, const char *indent, const char *text)
{
	const char *p = text;
	char buf[4096];
	while (p && *p) {
		const char *e = strchr(p, '\n');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		int k = snprintf(buf, sizeof buf, "%s%.*s", indent, (int)n, p);
		add_line(l, buf, k < 0 ? 0 : ((size_t)k < sizeof buf ? (size_t)k : sizeof buf - 1));
		p += n + (e ? 1 : 0);
	}
}

/* Section titles start with this byte, drawn in the header role (never shown). */
#define TITLE_MARK '\001'

static void build_text(struct xlog *xl, const net_exchange *x)
{
	text_free(xl);
	lines l = { 0 };
	char buf[4096], when[16], st[16];
	clock_text(x->when, when, sizeof when);
	status_text(x, st, sizeof st);
	snprintf(buf, sizeof buf, "%s %s", x->method, x->url);
	add_str(&l, buf);
	snprintf(buf, sizeof buf, "account %s   status %s   %.0f ms   at %s%s",
	         x->account[0] ? x->account : "?", st, x->seconds * 1000, when,
	         x->attempt > 0 ? "   (a retry)" : "");
	add_str(&l, buf);
	if (x->error) {
		snprintf(buf, sizeof buf, "error: %s", x->error);
		add_str(&l, buf);
	}
	add_str(&l, "");
	add_str(&l, "\001Request headers");
	add_block(&l, "  ", x->req_headers);
	if (x->req_body) {
		add_str(&l, "\001Request body");
		add_block(&l, "  ", x->req_body);
		if (x->req_truncated)
			add_str(&l, "  ... (cut)");
	}
	add_str(&l, "");
	add_str(&l, "\001Response headers");
	if (x->resp_headers && x->resp_headers[0])
		add_block(&l, "  ", x->resp_headers);
	else
		add_str(&l, "  (no response)");
	if (x->resp_body) {
		snprintf(buf, sizeof buf, "\001Response body (%zu bytes)", x->resp_bytes);
		add_str(&l, buf);
		add_block(&l, "  ", x->resp_body);
		if (x->resp_truncated)
			add_str(&l, "  ... (cut: only the first 64 KiB are kept)");
	}
	if (l.oom) {
		for (size_t i = 0; i < l.n; i++)
			free(l.v[i]);
		free(l.v);
		return;
	}
	xl->lines = l.v;
	xl->n_lines = l.n;
	xl->text_seq = x->seq;
}

/* The exchange view's own state: the seq of the exchange it shows. */
static uint64_t exchange_seq(const view *v)
{
	return *(const uint64_t *)v->priv;
}

static void exchange_close(view *v)
{
	free(v->priv);
	v->priv = NULL;
}

/* The lines of v's exchange, or NULL when it has left the ring. */
static struct xlog *text_of(app *a, view *v)
{
	const net_exchange *x = xlog_find(a, exchange_seq(v));
	struct xlog *xl = a->xlog;
	if (!x || !xl)
		return NULL;
	if (xl->text_seq != x->seq)
		build_text(xl, x);
	return xl->text_seq == x->seq ? xl : NULL;
}

static void exchange_title(app *a, view *v, char *buf, size_t n)
{
	const net_exchange *x = xlog_find(a, exchange_seq(v));
	if (x)
		snprintf(buf, n, "request %s %s", x->method, url_path(x->url));
	else
		snprintf(buf, n, "request");
}

static size_t exchange_rows(app *a, view *v)
{
	struct xlog *xl = text_of(a, v);
	return xl ? xl->n_lines : 0;
}

static void exchange_draw(app *a, view *v, int y0, int height, int width)
{
	v->page = height;
	struct xlog *xl = text_of(a, v);
	if (!xl) {
		draw_text(y0, 1, width - 1, "this exchange has left the log (the last 500 are kept)",
		          a->attr[ROLE_DIM]);
		for (int i = 1; i < height; i++)
			draw_text(y0 + i, 0, width, "", a->attr[ROLE_NORMAL]);
		return;
	}
	view_clamp(a, v, height);
	for (int i = 0; i < height; i++) {
		size_t at = v->top + (size_t)i;
		if (at >= xl->n_lines) {
			draw_text(y0 + i, 0, width, "", a->attr[ROLE_NORMAL]);
			continue;
		}
		const char *s = xl->lines[at];
		bool sel = at == v->cursor;
		attr_t attr = view_row_attr(a, sel);
		if (s[0] == TITLE_MARK) {
			s++;
			if (!sel || !a->cursor_bar)
				attr = a->attr[ROLE_HEADER];
		}
		draw_text(y0 + i, VIEW_GUTTER, width - VIEW_GUTTER, s, attr);
		if (sel)
			view_draw_mark(a, y0 + i, true);
		else
			draw_text(y0 + i, 0, VIEW_GUTTER, "", a->attr[ROLE_NORMAL]);
	}
}

static bool exchange_act(app *a, view *v, action_id act, int key)
{
	(void)key;
	if (act == ACT_CURL) {
		const net_exchange *x = xlog_find(a, exchange_seq(v));
		if (!x) {
			app_status(a, true, "this exchange has left the log");
			return true;
		}
		xlog_write_curl(a, x);
		return true;
	}
	return log_back(a, act);
}

static const view_ops exchange_ops = {
	.screen = SCR_EXCHANGE,
	.title = exchange_title,
	.rows = exchange_rows,
	.draw = exchange_draw,
	.act = exchange_act,
	.close = exchange_close,
};

uint64_t view_exchange_seq(const view *v)
{
	return v && v->ops == &exchange_ops ? exchange_seq(v) : 0;
}

view *view_exchange_new(size_t account, uint64_t seq)
{
	view *v = calloc(1, sizeof *v);
	uint64_t *p = malloc(sizeof *p);
	if (!v || !p) {
		free(v);
		free(p);
		return NULL;
	}
	*p = seq;
	v->ops = &exchange_ops;
	v->account = account;
	v->priv = p;
	return v;
}
