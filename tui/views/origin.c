/* The uses screen of one origin (Enter on the sources screen): every
 * (account, group, source) that uses it, with its flags, their pending
 * marks and what the last-active guard says about disabling it there.
 * Enter opens that group on its own screen; Space, b and u act on the
 * origin everywhere, as on the sources screen (tui/bulk.c). */
#include "tui/views/origin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/rules.h"
#include "tui/app.h"
#include "tui/bulk.h"
#include "tui/draw.h"
#include "tui/format.h"
#include "tui/pivot.h"

typedef struct origin_priv {
	pivot pv;
	char *name;             /* the origin's identity */
	/* the use under the cursor, noted while the pivot was good, to find it
	 * again after a store change built the pivot anew */
	size_t kept_account;
	char *kept_group, *kept_key;
} origin_priv;

static origin_priv *priv(view *v)
{
	return v->priv;
}

static void note_place(view *v, const og_origin *o)
{
	origin_priv *p = priv(v);
	if (!o || v->cursor >= o->n_uses)
		return;
	const og_origin_use *u = &o->uses[v->cursor];
	const char *gid = u->group->id ? u->group->id : "";
	const char *key = u->group->sources[u->source].key;
	key = key ? key : "";
	if (p->kept_group && p->kept_key && p->kept_account == u->account &&
	    strcmp(p->kept_group, gid) == 0 && strcmp(p->kept_key, key) == 0)
		return;
	free(p->kept_group);
	free(p->kept_key);
	p->kept_account = u->account;
	p->kept_group = strdup(gid);
	p->kept_key = strdup(key);
}

/* The origin, its pivot built again first when a store changed (the cursor
 * then back on the use it was on). */
static const og_origin *origin_of(app *a, view *v)
{
	origin_priv *p = priv(v);
	bool rebuilt = pivot_sync(a, &p->pv);
	const og_origin *o = pivot_find(a, &p->pv, p->name);
	if (rebuilt && o && p->kept_group && p->kept_key)
		for (size_t i = 0; i < o->n_uses; i++) {
			const og_origin_use *u = &o->uses[i];
			const char *key = u->group->sources[u->source].key;
			if (u->account == p->kept_account && u->group->id && key &&
			    strcmp(u->group->id, p->kept_group) == 0 && strcmp(key, p->kept_key) == 0) {
				v->cursor = i;
				break;
			}
		}
	note_place(v, o);
	return o;
}

static void origin_title(app *a, view *v, char *buf, size_t n)
{
	const og_origin *o = origin_of(a, v);
	if (o)
		snprintf(buf, n, "origin %s: %zu group%s on %zu account%s", o->name, o->n_groups,
		         o->n_groups == 1 ? "" : "s", o->n_accounts, o->n_accounts == 1 ? "" : "s");
	else
		snprintf(buf, n, "origin %s", priv(v)->name);
}

static size_t origin_rows(app *a, view *v)
{
	const og_origin *o = origin_of(a, v);
	return o ? o->n_uses : 0;
}

void origin_guard_text(app *a, const og_origin_use *u, char *buf, size_t n)
{
	app_account *acc = &a->accounts[u->account];
	const og_caps *caps = acc->net ? net_account_caps(acc->net) : NULL;
	const og_source *s = &u->group->sources[u->source];
	const char *why = og_caps_why_not(caps, OG_FIELD_ENABLED);
	og_error err;
	og_error_clear(&err);
	if (why)
		snprintf(buf, n, "skipped: %s", why);
	else if (s->enabled == OG_NO)
		snprintf(buf, n, "disabled");
	else if (rules_check_flag_change(u->group, caps, s->key, OG_FIELD_ENABLED, OG_NO, &err) < 0)
		snprintf(buf, n, "%s", err.msg);
	else
		snprintf(buf, n, "may be disabled");
}

static void flag_cell(fmt_cell *c, og_tri t, bool pending, theme_role yes, theme_role no)
{
	snprintf(c->text, sizeof c->text, "%s%s", fmt_tri(t), pending ? "*" : "");
	c->role = pending ? ROLE_PENDING : (t == OG_YES ? yes : (t == OG_NO ? no : ROLE_NORMAL));
}

void origin_use_row(app *a, const og_origin_use *u, fmt_row *row)
{
	memset(row, 0, sizeof *row);
	const og_store *st = &a->accounts[u->account].store;
	const og_group *g = u->group;
	const og_source *s = &g->sources[u->source];
	row->n = 6;
	snprintf(row->cell[0].text, FMT_CELL_MAX, "%s", pivot_account_name(a, u->account));
	snprintf(row->cell[1].text, FMT_CELL_MAX, "%s (%s)", g->name ? g->name : "", g->id ? g->id : "");
	snprintf(row->cell[2].text, FMT_CELL_MAX, "%s", og_source_kind_label(s));
	flag_cell(&row->cell[3], s->enabled, store_is_pending(st, g->id, s->key, OG_FIELD_ENABLED),
	          ROLE_ENABLED, ROLE_DISABLED);
	flag_cell(&row->cell[4], s->backup, store_is_pending(st, g->id, s->key, OG_FIELD_BACKUP),
	          ROLE_BACKUP, ROLE_NORMAL);
	origin_guard_text(a, u, row->cell[5].text, FMT_CELL_MAX);
}

static void origin_draw(app *a, view *v, int y0, int height, int width)
{
	const og_origin *o = origin_of(a, v);
	int y = y0, bottom = y0 + height;
	char line[4096];
	if (!o) {
		snprintf(line, sizeof line, "no group uses %s any more (r on the sources screen reads them again)",
		         priv(v)->name);
		draw_text(y, 1, width - 1, line, a->attr[ROLE_DIM]);
		v->page = height;
		return;
	}
	static const fmt_col cols[] = {
		{ "ACCOUNT", 8, false }, { "GROUP", 12, false }, { "KIND", 7, false },
		{ "ENABLED", 7, false }, { "BACKUP", 6, false }, { "GUARD (disable)", 15, true },
	};
	int n = (int)(sizeof cols / sizeof cols[0]);
	int widths[FMT_MAX_COLS];
	int x0 = VIEW_GUTTER;
	/* the account and group columns as wide as their longest text, within
	 * reason: the guard's word gets the rest */
	fmt_col c2[sizeof cols / sizeof cols[0]];
	memcpy(c2, cols, sizeof cols);
	for (size_t i = 0; i < o->n_uses; i++) {
		const og_group *g = o->uses[i].group;
		int w = (int)strlen(pivot_account_name(a, o->uses[i].account));
		if (w > c2[0].width)
			c2[0].width = w < 24 ? w : 24;
		w = (int)(strlen(g->name ? g->name : "") + strlen(g->id ? g->id : "") + 3);
		if (w > c2[1].width)
			c2[1].width = w < 48 ? w : 48;
	}
	fmt_layout(c2, n, width - x0, widths);
	if (y < bottom)
		draw_text(y++, x0, width - x0, fmt_row_text(c2, NULL, widths, n, line, sizeof line),
		          a->attr[ROLE_HEADER]);
	int rows = bottom - y;
	v->page = rows > 0 ? rows : 1;
	if (rows <= 0)
		return;
	view_clamp(a, v, rows);
	for (int i = 0; i < rows && v->top + (size_t)i < o->n_uses; i++) {
		size_t at = v->top + (size_t)i;
		fmt_row row;
		origin_use_row(a, &o->uses[at], &row);
		bool sel = at == v->cursor;
		draw_text(y + i, x0, width - x0, fmt_row_text(c2, &row, widths, n, line, sizeof line),
		          view_row_attr(a, sel));
		view_draw_mark(a, y + i, sel);
		/* the flags in their colours, pending ones marked (as the group
		 * screen does) */
		view_draw_roles(a, y + i, x0, width, &row, widths, n, sel);
	}
}

static bool origin_act(app *a, view *v, action_id act, int key)
{
	(void)key;
	const og_origin *o = origin_of(a, v);
	switch (act) {
	case ACT_BACK:
		app_pop(a);
		return true;
	case ACT_OPEN: {
		if (!o || v->cursor >= o->n_uses) {
			app_status(a, true, "no group under the cursor");
			return true;
		}
		const og_origin_use *u = &o->uses[v->cursor];
		pivot_open_group(a, u->account, u->group->id, u->group->sources[u->source].key);
		return true;
	}
	default: {   /* Space, b and u: the origin everywhere */
		char none[300];
		snprintf(none, sizeof none, "no group uses %s any more", priv(v)->name);
		return bulk_act(a, o, act, none);
	}
	}
}

static void origin_close(view *v)
{
	origin_priv *p = v->priv;
	if (p) {
		pivot_free(&p->pv);
		free(p->name);
		free(p->kept_group);
		free(p->kept_key);
	}
	free(p);
	v->priv = NULL;
}

static const view_ops origin_ops = {
	.screen = SCR_ORIGIN,
	.title = origin_title,
	.rows = origin_rows,
	.draw = origin_draw,
	.act = origin_act,
	.close = origin_close,
};

view *view_origin_new(size_t account, const char *name)
{
	view *v = view_alloc(&origin_ops, account, sizeof(origin_priv));
	if (v && !(priv(v)->name = strdup(name ? name : ""))) {
		view_free(v);
		return NULL;
	}
	return v;
}

bool view_is_origin(const view *v)
{
	return v && v->ops == &origin_ops;
}

const char *view_origin_name(const view *v)
{
	return view_is_origin(v) ? ((const origin_priv *)v->priv)->name : NULL;
}
