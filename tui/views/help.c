/* The help screen: the keys that work on the screen it was opened from,
 * generated from the action table after rebinding, filterable with `/`. */
#include "tui/views/help.h"
#include "tui/lines.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tui/app.h"
#include "tui/draw.h"

bool help_caps_allow(const og_caps *caps, action_id act)
{
	if (!caps)
		return true;
	switch (act) {
	case ACT_TOGGLE_ENABLED: return !og_caps_why_not(caps, OG_FIELD_ENABLED);
	case ACT_TOGGLE_BACKUP: return !og_caps_why_not(caps, OG_FIELD_BACKUP);
	case ACT_MAKE_PRIMARY: return !og_caps_why_not(caps, OG_FIELD_PRIMARY);
	case ACT_MOVE_SOURCE_DOWN:
	case ACT_MOVE_SOURCE_UP:
	case ACT_ORDER_PROTOCOL: return !og_caps_why_not(caps, OG_FIELD_ORDER);
	default: return true;
	}
}

size_t help_collect(const keymap *km, const og_caps *caps, unsigned screen, const char *filter,
                    action_id *out, size_t max)
{
	size_t n = 0;
	for (int act = ACT_NONE + 1; act < ACT_COUNT && n < max; act++) {
		const action_info *info = action_get((action_id)act);
		if (!(info->screens & screen) || km->n[act] == 0 || !help_caps_allow(caps, (action_id)act))
			continue;
		if (filter && filter[0]) {
			char keys[128];
			keymap_keys_text(km, (action_id)act, keys, sizeof keys);
			if (!strcasestr(keys, filter) && !strcasestr(info->name, filter)
			    && !strcasestr(info->description, filter))
				continue;
		}
		out[n++] = (action_id)act;
	}
	return n;
}

/* The screen it was opened from, and its own filter. */
typedef struct help_priv {
	unsigned origin;
	char filter[256];
} help_priv;

static help_priv *priv(view *v)
{
	return v->priv;
}

static void help_title(app *a, view *v, char *buf, size_t n)
{
	(void)a;
	const char *from;
	switch (priv(v)->origin) {
	case SCR_GROUP:    from = "group"; break;
	case SCR_HELP:     from = "help"; break;
	case SCR_LOG:      from = "requests log"; break;
	case SCR_EXCHANGE: from = "exchange"; break;
	case SCR_FORM:     from = "form"; break;
	case SCR_SOURCES:  from = "sources"; break;
	case SCR_ORIGIN:   from = "origin"; break;
	case SCR_BATCH:    from = "bulk change summary"; break;
	default:           from = "groups"; break;
	}
	snprintf(buf, n, "help: keys of the %s screen", from);
}

static const og_caps *caps_of(app *a, view *v)
{
	net_account *na = a->accounts[v->account].net;
	return na ? net_account_caps(na) : NULL;
}

static size_t help_rows(app *a, view *v)
{
	action_id acts[ACT_COUNT];
	return help_collect(&a->keys, caps_of(a, v), priv(v)->origin, priv(v)->filter, acts, ACT_COUNT);
}

static void help_draw(app *a, view *v, int y0, int height, int width)
{
	action_id acts[ACT_COUNT];
	size_t n = help_collect(&a->keys, caps_of(a, v), priv(v)->origin, priv(v)->filter, acts,
	                        ACT_COUNT);
	v->page = height;
	view_clamp(a, v, height);
	if (n == 0) {
		draw_text(y0, 1, width - 1, "no key matches the filter", a->attr[ROLE_DIM]);
		return;
	}
	for (int i = 0; i < height && v->top + (size_t)i < n; i++) {
		size_t at = v->top + (size_t)i;
		char keys[128], line[512];
		char keycol[64];
		const action_info *info = action_get(acts[at]);
		keymap_keys_text(&a->keys, acts[at], keys, sizeof keys);
		draw_pad(keys, 14, keycol, sizeof keycol);
		snprintf(line, sizeof line, "%s %s%s", keycol, info->description,
		         (info->flags & AF_WRITES) ? " (writes)" : "");
		draw_text(y0 + i, VIEW_GUTTER, width - VIEW_GUTTER, line, view_row_attr(a, at == v->cursor));
		view_draw_mark(a, y0 + i, at == v->cursor);
	}
	/* A rule closes the list when it ends on screen (ASCII, ACS or UTF-8). */
	if (n - v->top < (size_t)height)
		lines_hline(y0 + (int)(n - v->top), 1, width - 2, a->attr[ROLE_DIM]);
}

static bool help_act(app *a, view *v, action_id act, int key)
{
	(void)v;
	(void)key;
	if (act == ACT_BACK || act == ACT_HELP) {
		app_pop(a);
		return true;
	}
	return false;
}

static void help_close(view *v)
{
	free(v->priv);
	v->priv = NULL;
}

static void help_filter(app *a, view *v, const char *text)
{
	(void)a;
	snprintf(priv(v)->filter, sizeof priv(v)->filter, "%s", text);
}

static const char *help_filter_text(app *a, view *v)
{
	(void)a;
	return priv(v)->filter;
}

static const view_ops help_ops = {
	.screen = SCR_HELP,
	.title = help_title,
	.rows = help_rows,
	.draw = help_draw,
	.act = help_act,
	.close = help_close,
	.filter = help_filter,
	.filter_text = help_filter_text,
};

view *view_help_new(size_t account, unsigned origin)
{
	view *v = view_alloc(&help_ops, account, sizeof(help_priv));
	if (v)
		((help_priv *)v->priv)->origin = origin;
	return v;
}
