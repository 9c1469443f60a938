/* One exchange of the requests log: the request and the response with their
 * headers and bodies (secrets are already "***", done by net/ on the worker
 * thread); `c` writes it as a curl command line. */
#include "tui/views/log.h"
#include "model/og_grow.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/app.h"
#include "tui/draw.h"
#include "tui/xlog.h"


typedef struct lines {
	char **v;
	size_t n, cap;
	bool oom;
} lines;

static void add_line(lines *l, const char *s, size_t n)
{
	if (l->oom)
		return;
	char **v = og_grow(l->v, &l->cap, l->n, sizeof *v, 64);
	if (!v) {
		l->oom = true;
		return;
	}
	l->v = v;
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

/* The view's own state: the exchange it shows, and its lines, built once. */
typedef struct exchange_priv {
	uint64_t seq;
	uint64_t text_seq;      /* the lines are of this exchange; 0: none */
	char **lines;
	size_t n_lines;
} exchange_priv;

static void text_free(exchange_priv *xl)
{
	for (size_t i = 0; i < xl->n_lines; i++)
		free(xl->lines[i]);
	free(xl->lines);
	xl->lines = NULL;
	xl->n_lines = 0;
	xl->text_seq = 0;
}

static void build_text(exchange_priv *xl, const net_exchange *x)
{
	text_free(xl);
	lines l = { 0 };
	char buf[4096], when[16], st[16];
	xlog_clock_text(x->when, when, sizeof when);
	xlog_status_text(x, st, sizeof st);
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

static uint64_t exchange_seq(const view *v)
{
	return ((const exchange_priv *)v->priv)->seq;
}

static void exchange_close(view *v)
{
	if (v->priv)
		text_free(v->priv);
	free(v->priv);
	v->priv = NULL;
}

/* The lines of v's exchange, or NULL when it has left the ring. */
static exchange_priv *text_of(app *a, view *v)
{
	exchange_priv *xl = v->priv;
	const net_exchange *x = xlog_find(a, xl->seq);
	if (!x)
		return NULL;
	if (xl->text_seq != x->seq)
		build_text(xl, x);
	return xl->text_seq == x->seq ? xl : NULL;
}

static void exchange_title(app *a, view *v, char *buf, size_t n)
{
	const net_exchange *x = xlog_find(a, exchange_seq(v));
	if (x)
		snprintf(buf, n, "request %s %s", x->method, xlog_url_path(x->url));
	else
		snprintf(buf, n, "request");
}

static size_t exchange_rows(app *a, view *v)
{
	exchange_priv *xl = text_of(a, v);
	return xl ? xl->n_lines : 0;
}

static void exchange_draw(app *a, view *v, int y0, int height, int width)
{
	v->page = height;
	exchange_priv *xl = text_of(a, v);
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
	return view_log_back(a, act);
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
	view *v = view_alloc(&exchange_ops, account, sizeof(exchange_priv));
	if (v)
		((exchange_priv *)v->priv)->seq = seq;
	return v;
}
