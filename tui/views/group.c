/* The group screen: the group's settings on top, then one row a source.
 * The sources are edited by tui/source_edit.c and probed by tui/probe_ui.c;
 * the cursor stays on the same source when a result reorders them. */
#include "tui/views/group.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/app.h"
#include "tui/delete.h"
#include "tui/dispatch.h"
#include "tui/draw.h"
#include "tui/format.h"
#include "tui/load.h"
#include "tui/probe_ui.h"
#include "tui/lines.h"
#include "tui/source_edit.h"
#include "tui/views/form.h"

typedef struct group_priv {
	bool order_https;       /* J/K move a Match Client source in its HTTPS
	                           order (Tab), else in its HTTP order */
	char *kept_key;         /* the source under the cursor across a result */
} group_priv;

static bool order_https(const view *v)
{
	return ((const group_priv *)v->priv)->order_https;
}

#define SETTINGS_ROWS 4   /* name, use next, in use, a blank line */

static og_group *group_of(app *a, view *v)
{
	return store_find(&a->accounts[v->account].store, v->group_id);
}

static void group_title(app *a, view *v, char *buf, size_t n)
{
	og_group *g = group_of(a, v);
	snprintf(buf, n, "group %s", g && g->name && g->name[0] ? g->name : v->group_id);
}

static size_t group_rows(app *a, view *v)
{
	og_group *g = group_of(a, v);
	return g ? g->n_sources : 0;
}

static unsigned pending_mask(const og_store *s, const og_group *g, const og_source *src)
{
	unsigned m = 0;
	if (store_pending_count(s) == 0)
		return 0;
	for (int f = OG_FIELD_ENABLED; f <= OG_FIELD_ORDER; f++)
		if (store_is_pending(s, g->id, src->key, (og_field)f))
			m |= FMT_PENDING(f);
	return m;
}

static void setting(app *a, int y, int width, int lw, const char *label, const char *value)
{
	char line[1200];
	snprintf(line, sizeof line, "%-*s %s", lw, label, value);
	draw_text(y, 1, width - 1, line, a->attr[ROLE_NORMAL]);
}

static bool has_match_source(const og_group *g)
{
	for (size_t i = 0; i < g->n_sources; i++)
		if (g->sources[i].protocol && strcmp(g->sources[i].protocol, "match") == 0)
			return true;
	return false;
}

static void group_draw(app *a, view *v, int y0, int height, int width)
{
	app_account *acc = &a->accounts[v->account];
	og_group *g = group_of(a, v);
	if (!g) {
		char msg[300];
		snprintf(msg, sizeof msg, "group %s is not on the server any more (r refreshes)", v->group_id);
		draw_text(y0, 1, width - 1, msg, a->attr[ROLE_ERROR]);
		v->page = height;
		return;
	}
	const og_caps *caps = acc->net ? net_account_caps(acc->net) : NULL;
	char buf[1024];
	int y = y0, bottom = y0 + height;
	/* One column for every label: the widest, within reason. */
	int lw = 10;
	for (size_t i = 0; i < g->n_settings; i++) {
		int w = g->settings[i].label ? (int)strlen(g->settings[i].label) + 1 : 0;
		if (w > lw)
			lw = w < 32 ? w : 32;
	}
	snprintf(buf, sizeof buf, "%s  (id %s)", g->name ? g->name : "", g->id ? g->id : "");
	if (y < bottom)
		setting(a, y++, width, lw, "Name:", buf);
	if (y < bottom && (!caps || caps->has_next_upstream || g->use_next != OG_ABSENT)) {
		fmt_use_next(g, buf, sizeof buf);
		setting(a, y++, width, lw, "Use next:", buf);
	}
	if (y < bottom) {
		fmt_in_use(g, buf, sizeof buf);
		setting(a, y++, width, lw, "In use:", buf);
	}
	/* The provider's own settings (Yandex provider type, Edgio host header,
	 * network type, TLS...), in the adapter's order. */
	for (size_t i = 0; i < g->n_settings && y < bottom; i++) {
		char label[200];
		snprintf(label, sizeof label, "%s:", g->settings[i].label ? g->settings[i].label : "");
		setting(a, y++, width, lw, label, g->settings[i].value ? g->settings[i].value : "");
	}
	if (y < bottom && caps && caps->has_order && has_match_source(g)) {
		setting(a, y++, width, lw, "J/K move:", order_https(v)
		        ? "Match Client entries in HTTPS order (2nd number); Tab: HTTP"
		        : "Match Client entries in HTTP order (1st number); Tab: HTTPS");
	}
	/* A line between the settings and the sources, in the row that was
	 * blank, so the layout (and every row below) stays where it was. */
	if (y < bottom)
		lines_hline(y, 1, width - 2, a->attr[ROLE_DIM]);
	y++;

	fmt_col cols[FMT_MAX_COLS];
	int widths[FMT_MAX_COLS];
	int n = fmt_sources_columns(caps, cols);
	int x0 = VIEW_GUTTER;
	fmt_layout(cols, n, width - x0, widths);
	bool probed = probe_any(a, v, g);   /* probes: a wider PROBE column, a detail block */
	if (probed)
		probe_widen(a, v, g, cols, n, widths);
	char line[4096];
	if (y < bottom)
		draw_text(y++, x0, width - x0, fmt_row_text(cols, NULL, widths, n, line, sizeof line),
		          a->attr[ROLE_HEADER]);
	int rows = bottom - y;
	int detail = probed && rows > PROBE_DETAIL_ROWS + 2 ? PROBE_DETAIL_ROWS : 0;
	rows -= detail;
	v->page = rows > 0 ? rows : 1;
	if (rows <= 0)
		return;
	view_clamp(a, v, rows);
	if (g->n_sources == 0) {
		draw_text(y, 1, width - 1, "this group has no sources", a->attr[ROLE_DIM]);
		return;
	}
	for (int i = 0; i < rows && v->top + (size_t)i < g->n_sources; i++) {
		size_t at = v->top + (size_t)i;
		const og_source *src = &g->sources[at];
		fmt_row row;
		fmt_source_row(src, caps, pending_mask(&acc->store, g, src), &row);
		probe_cell(a, v, src, &row);
		bool sel = at == v->cursor;
		draw_text(y + i, x0, width - x0, fmt_row_text(cols, &row, widths, n, line, sizeof line),
		          view_row_attr(a, sel));
		view_draw_mark(a, y + i, sel);
		/* the flag cells coloured by meaning (pending, enabled, disabled...) */
		view_draw_roles(a, y + i, x0, width, &row, widths, n, sel);
	}
	if (detail)   /* a blank line, then the probe of the source under the cursor */
		probe_draw_detail(a, v, g, bottom - detail + 1, detail - 1, width);
}

static bool group_act(app *a, view *v, action_id act, int key)
{
	(void)key;
	app_account *acc = &a->accounts[v->account];
	const og_caps *caps = acc->net ? net_account_caps(acc->net) : NULL;
	switch (act) {
	case ACT_BACK:
		app_pop(a);
		return true;
	case ACT_REFRESH:
		load_group(a, v->account, v->group_id);
		return true;
	case ACT_TOGGLE_ENABLED:
		source_edit_toggle(a, v, OG_FIELD_ENABLED);
		return true;
	case ACT_TOGGLE_BACKUP:
		source_edit_toggle(a, v, OG_FIELD_BACKUP);
		return true;
	case ACT_MAKE_PRIMARY:
		source_edit_make_primary(a, v);
		return true;
	case ACT_MOVE_SOURCE_DOWN:
		source_edit_move(a, v, +1, order_https(v));
		return true;
	case ACT_MOVE_SOURCE_UP:
		source_edit_move(a, v, -1, order_https(v));
		return true;
	case ACT_ORDER_PROTOCOL:
		if (og_caps_why_not(caps, OG_FIELD_ORDER)) {
			app_status(a, true, "%s", og_caps_why_not(caps, OG_FIELD_ORDER));
			return true;
		}
		((group_priv *)v->priv)->order_https = !order_https(v);
		app_status(a, false, "J/K now move Match Client sources in their %s order",
		           order_https(v) ? "HTTPS" : "HTTP");
		return true;
	case ACT_UNDO:
		source_edit_undo(a, v);
		return true;
	case ACT_OPEN:   /* Enter edits the source: it is e, read-only refusal included */
		dispatch_action(a, ACT_EDIT, key);
		return true;
	/* writes: read-only mode refused them before (dispatch.c); n, e and d
	 * act on the group's sources, E on the group itself */
	case ACT_NEW:
		form_open(a, v, FORM_SOURCE_NEW);
		return true;
	case ACT_EDIT:
		form_open(a, v, FORM_SOURCE_EDIT);
		return true;
	case ACT_EDIT_GROUP:
		form_open(a, v, FORM_GROUP_EDIT);
		return true;
	case ACT_DELETE:
		delete_start(a, v, true);
		return true;
	default:
		return false;
	}
}

static void group_close(view *v)
{
	group_priv *p = v->priv;
	if (p)
		free(p->kept_key);
	free(p);
	v->priv = NULL;
}

static void group_refresh(app *a, view *v)
{
	load_group(a, v->account, v->group_id);
}

static void group_keep_place(app *a, view *v)
{
	group_priv *p = v->priv;
	og_group *g = group_of(a, v);
	free(p->kept_key);
	p->kept_key = NULL;
	if (g && v->cursor < g->n_sources && g->sources[v->cursor].key)
		p->kept_key = strdup(g->sources[v->cursor].key);
}

/* A result that lists the sources in a new order (a move, a new primary)
 * leaves the cursor on the same source. */
static void group_find_place(app *a, view *v)
{
	group_priv *p = v->priv;
	if (!p->kept_key)
		return;
	og_group *g = group_of(a, v);
	long at = g ? og_group_find_source(g, p->kept_key) : -1;
	if (at >= 0)
		v->cursor = (size_t)at;
	free(p->kept_key);
	p->kept_key = NULL;
}

static const view_ops group_ops = {
	.screen = SCR_GROUP,
	.title = group_title,
	.rows = group_rows,
	.draw = group_draw,
	.act = group_act,
	.close = group_close,
	.refresh = group_refresh,
	.keep_place = group_keep_place,
	.find_place = group_find_place,
	.group = group_of,
};

bool view_group_order_https(const view *v)
{
	return v && v->ops == &group_ops && order_https(v);
}

view *view_group_new(size_t account, const char *group_id)
{
	view *v = view_alloc(&group_ops, account, sizeof(group_priv));
	if (v && !(v->group_id = strdup(group_id ? group_id : ""))) {
		view_free(v);
		return NULL;
	}
	return v;
}
