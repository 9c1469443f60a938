/* The groups screen: one row a group of the current account, filtered by
 * the store's filter; it keeps its cursor on the same group when a new list
 * arrives. */
#include "tui/views/groups.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/app.h"
#include "tui/delete.h"
#include "tui/dispatch.h"
#include "tui/draw.h"
#include "tui/format.h"
#include "tui/load.h"
#include "tui/views/form.h"
#include "tui/views/group.h"

/* The place kept across a result (keep_place / find_place). */
typedef struct groups_priv {
	char *kept_id;               /* the group under the cursor; NULL none */
	unsigned long kept_lists;    /* the account's lists_applied then */
} groups_priv;

static void groups_title(app *a, view *v, char *buf, size_t n)
{
	(void)a;
	(void)v;
	snprintf(buf, n, "groups");
}

static size_t groups_rows(app *a, view *v)
{
	return store_view_count(&a->accounts[v->account].store);
}

static void groups_draw(app *a, view *v, int y0, int height, int width)
{
	app_account *acc = &a->accounts[v->account];
	og_store *s = &acc->store;
	fmt_col cols[FMT_MAX_COLS];
	int widths[FMT_MAX_COLS];
	int n = fmt_groups_columns(cols);
	/* Ids as long as they are (Yandex's have 19 digits), up to a bound. */
	for (size_t i = 0; i < s->groups.n; i++) {
		const char *id = s->groups.items[i]->id;
		int w = id ? (int)strlen(id) : 0;
		if (w > cols[0].width)
			cols[0].width = w < 20 ? w : 20;
	}
	int x0 = VIEW_GUTTER;
	fmt_layout(cols, n, width - x0, widths);
	char line[4096];

	if (!s->loaded) {
		if (acc->load_failed)
			draw_text(y0, 1, width - 1, acc->load_err, a->attr[ROLE_ERROR]);
		else
			draw_text(y0, 1, width - 1, draw_ascii ? "loading..." : "loading\u2026", a->attr[ROLE_DIM]);
		v->page = height;
		return;
	}
	draw_text(y0, x0, width - x0, fmt_row_text(cols, NULL, widths, n, line, sizeof line),
	          a->attr[ROLE_HEADER]);
	int rows = height - 1;
	v->page = rows;
	if (rows <= 0)
		return;
	view_clamp(a, v, rows);
	size_t count = store_view_count(s);
	if (count == 0) {
		draw_text(y0 + 1, 1, width - 1,
		          s->filter && s->filter[0] ? "no group matches the filter" : "this account has no origin groups",
		          a->attr[ROLE_DIM]);
		return;
	}
	for (int i = 0; i < rows && v->top + (size_t)i < count; i++) {
		size_t at = v->top + (size_t)i;
		og_group *g = store_view_at(s, at);
		if (!g)
			break;
		fmt_row row;
		fmt_group_row(g, &row);
		bool sel = at == v->cursor;
		int y = y0 + 1 + i;
		draw_text(y, x0, width - x0, fmt_row_text(cols, &row, widths, n, line, sizeof line),
		          view_row_attr(a, sel));
		view_draw_mark(a, y, sel);
		/* cursor = "mark": the id too, so the row stands out without a bar. */
		if (sel && !a->cursor_bar)
			draw_text(y, x0, draw_width(row.cell[0].text) < widths[0] ? draw_width(row.cell[0].text)
			                                                          : widths[0],
			          row.cell[0].text, a->attr[ROLE_SELECTION]);
	}
}

static bool groups_act(app *a, view *v, action_id act, int key)
{
	app_account *acc = &a->accounts[v->account];
	switch (act) {
	case ACT_OPEN: {
		og_group *g = store_view_at(&acc->store, v->cursor);
		if (!g || v->cursor >= store_view_count(&acc->store)) {
			app_status(a, true, "no group under the cursor");
			return true;
		}
		app_push(a, view_group_new(v->account, g->id));
		return true;
	}
	case ACT_BACK:
		if (key == 27) {
			/* Esc never quits: it clears a filter, else says how to quit. */
			if (acc->store.filter && acc->store.filter[0]) {
				store_set_filter(&acc->store, "");
				v->cursor = v->top = 0;
				app_status(a, false, "filter cleared");
			} else {
				app_status(a, false, "press q to quit");
			}
			return true;
		}
		app_request_quit(a);
		return true;
	case ACT_REFRESH:
		load_list(a, v->account);
		return true;
	/* writes: read-only mode refused them before (dispatch.c) */
	case ACT_NEW:
		form_open(a, v, FORM_GROUP_NEW);
		return true;
	case ACT_EDIT:
		form_open(a, v, FORM_GROUP_EDIT);
		return true;
	case ACT_DELETE:
		delete_start(a, v, false);
		return true;

	default:
		return false;
	}
}

/* Shown for an open account whose list is neither there nor on its way. */
static void groups_open(app *a, view *v)
{
	app_account *acc = &a->accounts[v->account];
	if (acc->net && !acc->store.loaded && acc->lists_in_flight == 0)
		load_list(a, v->account);
}

static void groups_close(view *v)
{
	groups_priv *p = v->priv;
	if (p)
		free(p->kept_id);
	free(p);
	v->priv = NULL;
}

static void groups_refresh(app *a, view *v)
{
	load_list(a, v->account);
}

static void groups_filter(app *a, view *v, const char *text)
{
	store_set_filter(&a->accounts[v->account].store, text);
}

static const char *groups_filter_text(app *a, view *v)
{
	return a->accounts[v->account].store.filter;
}

static og_group *groups_group(app *a, view *v)
{
	og_store *s = &a->accounts[v->account].store;
	return v->cursor < store_view_count(s) ? store_view_at(s, v->cursor) : NULL;
}

static void groups_keep_place(app *a, view *v)
{
	groups_priv *p = v->priv;
	free(p->kept_id);
	og_group *g = groups_group(a, v);
	p->kept_id = g && g->id ? strdup(g->id) : NULL;
	p->kept_lists = a->accounts[v->account].lists_applied;
}

/* Only a new list moves the rows under the cursor; after it the cursor
 * goes back onto the group it was on. */
static void groups_find_place(app *a, view *v)
{
	groups_priv *p = v->priv;
	app_account *acc = &a->accounts[v->account];
	if (p->kept_id && acc->lists_applied != p->kept_lists) {
		long at = store_view_index(&acc->store, p->kept_id);
		if (at >= 0)
			v->cursor = (size_t)at;
	}
	free(p->kept_id);
	p->kept_id = NULL;
}

static void groups_point_at(app *a, view *v, const char *group_id)
{
	long at = group_id ? store_view_index(&a->accounts[v->account].store, group_id) : -1;
	if (at >= 0)
		v->cursor = (size_t)at;
}

static const view_ops groups_ops = {
	.screen = SCR_GROUPS,
	.title = groups_title,
	.rows = groups_rows,
	.draw = groups_draw,
	.act = groups_act,
	.open = groups_open,
	.close = groups_close,
	.refresh = groups_refresh,
	.filter = groups_filter,
	.filter_text = groups_filter_text,
	.keep_place = groups_keep_place,
	.find_place = groups_find_place,
	.group = groups_group,
	.point_at = groups_point_at,
};

view *view_groups_new(size_t account)
{
	return view_alloc(&groups_ops, account, sizeof(groups_priv));
}
