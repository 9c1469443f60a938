/* The sources screen of incident mode (`S`, `:sources`): every distinct
 * origin of every configured account, with a line per account above the
 * list saying how its loading went, so one account that fails never hides
 * the others. The pivot (tui/pivot.h) is built again whenever a store
 * changes; the cursor stays on the same origin across it. */
#include "tui/views/sources.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/app.h"
#include "tui/bulk.h"
#include "tui/draw.h"
#include "tui/format.h"
#include "tui/load.h"
#include "tui/origin_watch.h"
#include "tui/pivot.h"
#include "tui/views/origin.h"

typedef struct sources_priv {
	pivot pv;
} sources_priv;

static pivot *pv_of(view *v)
{
	return &((sources_priv *)v->priv)->pv;
}

/* Builds the pivot again when a store changed, the cursor kept on the
 * origin it was on (its name outlives the old pivot's borrowed groups). */
static void sync(app *a, view *v)
{
	pivot *p = pv_of(v);
	char *kept = NULL;
	if (p->built && v->cursor < p->o.n_view)
		kept = strdup(p->o.items[p->o.view[v->cursor]].name);
	if (pivot_sync(a, p) && kept) {
		for (size_t i = 0; i < p->o.n_view; i++)
			if (strcmp(p->o.items[p->o.view[i]].name, kept) == 0) {
				v->cursor = i;
				break;
			}
	}
	free(kept);
}

/* The origin under the cursor, or NULL. */
static const og_origin *cursor_origin(app *a, view *v)
{
	pivot *p = pv_of(v);
	sync(a, v);
	return v->cursor < p->o.n_view ? &p->o.items[p->o.view[v->cursor]] : NULL;
}

/* The view sorted and filtered again (no new pivot), the cursor kept on
 * its origin. */
static void resort(app *a, view *v)
{
	pivot *p = pv_of(v);
	sync(a, v);
	const char *kept = v->cursor < p->o.n_view ? p->o.items[p->o.view[v->cursor]].name : NULL;
	if (origins_set_view(&p->o, p->filter, p->sort) != 0) {
		app_status(a, true, "out of memory");
		return;
	}
	for (size_t i = 0; kept && i < p->o.n_view; i++)
		if (p->o.items[p->o.view[i]].name == kept) {
			v->cursor = i;
			break;
		}
}

static void sources_title(app *a, view *v, char *buf, size_t n)
{
	pivot *p = pv_of(v);
	sync(a, v);
	size_t loaded = 0;
	for (size_t i = 0; i < a->n_accounts; i++)
		loaded += a->accounts[i].store.loaded;
	snprintf(buf, n, "sources: %zu origin%s, %zu of %zu account%s loaded", p->o.n,
	         p->o.n == 1 ? "" : "s", loaded, a->n_accounts, a->n_accounts == 1 ? "" : "s");
}

static size_t sources_rows(app *a, view *v)
{
	sync(a, v);
	return pv_of(v)->o.n_view;
}

/* The account's line above the list: loaded, loading, or why not. */
static void account_line(app *a, size_t i, char *buf, size_t n, bool *error)
{
	app_account *acc = &a->accounts[i];
	const char *name = pivot_account_name(a, i);
	const char *prov = acc->cfg->provider ? acc->cfg->provider : "";
	*error = false;
	if (acc->store.loaded) {
		snprintf(buf, n, "%s (%s): %zu group%s%s", name, prov, acc->store.groups.n,
		         acc->store.groups.n == 1 ? "" : "s",
		         acc->lists_in_flight ? (draw_ascii ? ", refreshing..." : ", refreshing\u2026") : "");
	} else if (acc->load_failed) {
		snprintf(buf, n, "%s (%s): %s", name, prov, acc->load_err);
		*error = true;
	} else {
		snprintf(buf, n, "%s (%s): %s", name, prov, draw_ascii ? "loading..." : "loading\u2026");
	}
}

enum { COL_ORIGIN, COL_GROUPS, COL_ENABLED, COL_BACKUP, COL_ACCOUNTS, COL_PROBE, N_COLS };

static int sources_columns(fmt_col *cols)
{
	static const fmt_col def[N_COLS] = {
		{ "ORIGIN", 14, false }, { "GROUPS", 6, false }, { "ENABLED", 7, false },
		{ "BACKUP", 6, false }, { "ACCOUNTS", 8, false }, { "LAST PROBE", 10, false },
	};
	memcpy(cols, def, sizeof def);
	return N_COLS;
}

#define ORIGIN_MAX 48      /* wider names are cut with an ellipsis */
#define ACCOUNTS_MAX 24

/* The ACCOUNTS cell: the names of the accounts using o, ","-separated
 * (its uses come by account). Alone, for the column's width: the rest of
 * a row (its last probe looked up) is made once, when drawn. */
static void origin_accounts(app *a, const og_origin *o, char *out, size_t n)
{
	size_t used = 0;
	out[0] = '\0';
	for (size_t i = 0; i < o->n_uses && used < n; i++) {
		if (i > 0 && o->uses[i].account == o->uses[i - 1].account)
			continue;
		int w = snprintf(out + used, n - used, "%s%s", used ? "," : "",
		                 pivot_account_name(a, o->uses[i].account));
		if (w > 0)
			used += (size_t)w;
	}
}

/* The widths for `width` columns: the origin (first) as wide as the
 * longest name, the accounts as their longest text among the rows shown,
 * and LAST PROBE (whose results are the longest text: "TLS self-signed
 * certificate") everything left. Too narrow, the accounts shrink first,
 * then the origin, each to its title; then the right edge is cut. */
static void sources_widths(app *a, pivot *p, const fmt_col *cols, size_t top, int rows,
                           int width, int *widths)
{
	for (int i = 0; i < N_COLS; i++)
		widths[i] = cols[i].width;
	if (p->name_width < 0) {   /* once a pivot and filter, not a redraw */
		int origin = 0;
		for (size_t v = 0; v < p->o.n_view && origin < ORIGIN_MAX; v++) {
			int w = draw_width(p->o.items[p->o.view[v]].name);
			origin = w > origin ? w : origin;
		}
		p->name_width = origin;
	}
	int origin = p->name_width, accounts = 0;
	for (size_t v = top; v < p->o.n_view && v < top + (size_t)(rows > 0 ? rows : 0); v++) {
		char text[FMT_CELL_MAX];
		origin_accounts(a, &p->o.items[p->o.view[v]], text, sizeof text);
		int w = draw_width(text);
		accounts = w > accounts ? w : accounts;
	}
	if (origin > widths[COL_ORIGIN])
		widths[COL_ORIGIN] = origin < ORIGIN_MAX ? origin : ORIGIN_MAX;
	if (accounts > widths[COL_ACCOUNTS])
		widths[COL_ACCOUNTS] = accounts < ACCOUNTS_MAX ? accounts : ACCOUNTS_MAX;
	int used = N_COLS - 1;   /* the gaps */
	for (int i = 0; i < N_COLS; i++)
		used += widths[i];
	int left = width - used;
	static const int shrink[] = { COL_ACCOUNTS, COL_ORIGIN };
	for (size_t k = 0; k < sizeof shrink / sizeof shrink[0] && left < 0; k++) {
		int c = shrink[k], give = widths[c] - cols[c].width;
		give = give < -left ? give : -left;
		widths[c] -= give;
		left += give;
	}
	if (left > 0)
		widths[COL_PROBE] += left;
}

void sources_origin_row(app *a, const og_origin *o, fmt_row *row)
{
	memset(row, 0, sizeof *row);
	row->n = 6;
	snprintf(row->cell[0].text, FMT_CELL_MAX, "%s", o->name);
	snprintf(row->cell[1].text, FMT_CELL_MAX, "%zu", o->n_groups);
	snprintf(row->cell[2].text, FMT_CELL_MAX, "%zu/%zu", o->n_enabled, o->n_uses);
	snprintf(row->cell[3].text, FMT_CELL_MAX, "%zu", o->n_backup);
	origin_accounts(a, o, row->cell[4].text, FMT_CELL_MAX);
	pivot_last_probe(a, o, row->cell[5].text, FMT_CELL_MAX);
	if (o->n_enabled == 0)
		row->cell[2].role = ROLE_DISABLED;
}

static void sources_draw(app *a, view *v, int y0, int height, int width)
{
	pivot *p = pv_of(v);
	sync(a, v);
	int y = y0, bottom = y0 + height;
	const og_origin *under = cursor_origin(a, v);
	int detail = origin_watch_rows(a, under, height);   /* its probes, below the list */
	bottom -= detail;
	origin_watch_draw(a, under, bottom, detail, width);
	char line[4096];
	for (size_t i = 0; i < a->n_accounts && y < bottom - 2; i++) {
		bool err;
		account_line(a, i, line, sizeof line, &err);
		draw_text(y++, 1, width - 1, line, a->attr[err ? ROLE_ERROR : ROLE_DIM]);
	}
	fmt_col cols[FMT_MAX_COLS];
	int widths[FMT_MAX_COLS];
	int n = sources_columns(cols);
	int x0 = VIEW_GUTTER;
	int head_y = y < bottom ? y++ : -1;
	int rows = bottom - y;
	v->page = rows > 0 ? rows : 1;
	if (rows > 0)
		view_clamp(a, v, rows);
	sources_widths(a, p, cols, v->top, rows, width - x0, widths);
	if (head_y >= 0)
		draw_text(head_y, x0, width - x0, fmt_row_text(cols, NULL, widths, n, line, sizeof line),
		          a->attr[ROLE_HEADER]);
	if (rows <= 0)
		return;
	if (p->o.n_view == 0) {
		const char *msg = p->filter[0] ? "no origin matches the filter"
		                               : "no origin yet: the accounts above are loading or have no groups";
		draw_text(y, 1, width - 1, msg, a->attr[ROLE_DIM]);
		return;
	}
	for (int i = 0; i < rows && v->top + (size_t)i < p->o.n_view; i++) {
		size_t at = v->top + (size_t)i;
		const og_origin *o = &p->o.items[p->o.view[at]];
		fmt_row row;
		sources_origin_row(a, o, &row);
		bool sel = at == v->cursor;
		draw_text(y + i, x0, width - x0, fmt_row_text(cols, &row, widths, n, line, sizeof line),
		          view_row_attr(a, sel));
		view_draw_mark(a, y + i, sel);
	}
}

/* Every account not loaded (or whose loading failed) is read now, each list
 * its own job, so they load side by side. An account that cannot even be
 * opened keeps its reason on its line. */
static void load_all(app *a, bool again)
{
	for (size_t i = 0; i < a->n_accounts; i++) {
		app_account *acc = &a->accounts[i];
		if (app_open_account(a, i) < 0)
			continue;   /* acc->load_err says why, on its line */
		if (acc->lists_in_flight > 0)
			continue;
		if (again || !acc->store.loaded)
			load_list(a, i);
	}
}

static bool sources_act(app *a, view *v, action_id act, int key)
{
	(void)key;
	pivot *p = pv_of(v);
	switch (act) {
	case ACT_BACK:
		app_pop(a);
		return true;
	case ACT_REFRESH:
		load_all(a, true);
		return true;
	case ACT_SOURCES:
		app_status(a, false, "this is the sources screen");
		return true;
	case ACT_SORT:
		p->sort = p->sort == ORIGINS_BY_NAME ? ORIGINS_BY_GROUPS : ORIGINS_BY_NAME;
		resort(a, v);
		app_status(a, false, "sorted by %s", p->sort == ORIGINS_BY_NAME ? "name" : "number of groups");
		return true;
	case ACT_OPEN: {
		const og_origin *o = cursor_origin(a, v);
		if (!o) {
			app_status(a, true, "no origin under the cursor");
			return true;
		}
		app_push(a, view_origin_new(v->account, o->name));
		return true;
	}
	case ACT_TOGGLE_ENABLED:
	case ACT_TOGGLE_BACKUP:
	case ACT_UNDO:   /* the origin everywhere (bulk.c) */
		return bulk_act(a, cursor_origin(a, v), act, "no origin under the cursor");
	case ACT_PROBE:
		origin_watch_probe(a, cursor_origin(a, v));
		return true;
	case ACT_WATCH:
		origin_watch_toggle(a, cursor_origin(a, v));
		return true;
	default:
		return false;
	}
}

static void sources_open(app *a, view *v)
{
	(void)v;
	load_all(a, false);
}

static void sources_close(view *v)
{
	sources_priv *p = v->priv;
	if (p)
		pivot_free(&p->pv);
	free(p);
	v->priv = NULL;
}

static void sources_refresh(app *a, view *v)
{
	(void)v;
	load_all(a, true);
}

static void sources_filter(app *a, view *v, const char *text)
{
	pivot *p = pv_of(v);
	snprintf(p->filter, sizeof p->filter, "%s", text ? text : "");
	pivot_sync(a, p);
	if (origins_set_view(&p->o, p->filter, p->sort) != 0)
		app_status(a, true, "out of memory");
	pivot_view_changed(p);
}

static const char *sources_filter_text(app *a, view *v)
{
	(void)a;
	return pv_of(v)->filter;
}

static const view_ops sources_ops = {
	.screen = SCR_SOURCES,
	.title = sources_title,
	.rows = sources_rows,
	.draw = sources_draw,
	.act = sources_act,
	.open = sources_open,
	.close = sources_close,
	.refresh = sources_refresh,
	.filter = sources_filter,
	.filter_text = sources_filter_text,
};

view *view_sources_new(size_t account)
{
	return view_alloc(&sources_ops, account, sizeof(sources_priv));
}

bool view_is_sources(const view *v)
{
	return v && v->ops == &sources_ops;
}

void sources_show(app *a)
{
	for (int i = a->depth - 1; i >= 0; i--)
		if (view_is_sources(a->stack[i])) {
			while (a->depth - 1 > i)
				app_pop(a);
			return;
		}
	view *v = view_sources_new(a->cur);
	if (!v) {
		app_status(a, true, "out of memory");
		return;
	}
	app_push(a, v);
}

const og_origin *view_sources_origin(app *a, view *v)
{
	return view_is_sources(v) ? cursor_origin(a, v) : NULL;
}
