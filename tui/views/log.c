/* The requests log (SPEC.md screen 4): every API exchange of this run, newest
 * at the bottom (the ring is tui/xlog.c); Enter shows one
 * (tui/views/exchange.c); `c` writes it as a curl command line. */
#include "tui/views/log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/app.h"
#include "tui/draw.h"
#include "tui/xlog.h"

/* Esc leaves the log, or an exchange of it; L leaves both. */
bool view_log_back(app *a, action_id act)
{
	if (act == ACT_BACK) {
		app_pop(a);
		return true;
	}
	if (act == ACT_REQUESTS_LOG) {
		/* L again leaves the log and an exchange open from it */
		while (a->depth > 1 && (app_top(a)->ops->screen & (SCR_LOG | SCR_EXCHANGE)))
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
		xlog_clock_text(x->when, when, sizeof when);
		xlog_status_text(x, st, sizeof st);
		draw_pad(x->account, 10, acct, sizeof acct);
		snprintf(line, sizeof line, "%-8s %s %-6s %-6s %6.0f ms  %s%s", when, acct, x->method, st,
		         x->seconds * 1000, xlog_url_path(x->url), x->attempt > 0 ? "  (retry)" : "");
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
		return view_log_back(a, act);
	}
}

/* Its place across a new exchange: the row it was on, or the newest row
 * when it was there. */
typedef struct log_priv {
	size_t n_before;
	uint64_t newest_before;  /* the newest exchange's seq then */
	uint64_t kept_seq;       /* the one under the cursor then; 0: none */
} log_priv;

static void log_keep_place(app *a, view *v)
{
	log_priv *p = v->priv;
	size_t n = xlog_count(a);
	p->n_before = n;
	p->newest_before = n ? xlog_at(a, n - 1)->seq : 0;
	p->kept_seq = v->cursor < n ? xlog_at(a, v->cursor)->seq : 0;
}

static void log_find_place(app *a, view *v)
{
	log_priv *p = v->priv;
	size_t n = xlog_count(a);
	uint64_t newest = n ? xlog_at(a, n - 1)->seq : 0;
	if (n != p->n_before || newest != p->newest_before) {
		if (p->n_before > 0 && v->cursor + 1 == p->n_before) {
			v->cursor = n - 1;          /* following the newest */
		} else if (p->kept_seq) {
			for (size_t i = 0; i < n; i++)
				if (xlog_at(a, i)->seq == p->kept_seq)
					v->cursor = i;      /* stays on its exchange */
		}
		if (app_top(a) == v)
			a->dirty = true;
	}
	p->kept_seq = 0;
}

static void log_close(view *v)
{
	free(v->priv);
	v->priv = NULL;
}

static const view_ops log_ops = {
	.screen = SCR_LOG,
	.title = log_title,
	.rows = log_rows,
	.draw = log_draw,
	.act = log_act,
	.close = log_close,
	.keep_place = log_keep_place,
	.find_place = log_find_place,
};

view *view_log_new(size_t account)
{
	view *v = view_alloc(&log_ops, account, sizeof(log_priv));
	if (v)
		v->cursor = (size_t)-1;   /* clamped to the newest row on the first draw */
	return v;
}
