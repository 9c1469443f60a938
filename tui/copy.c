/* `y`: the id of the group (groups screen) or the host of the source (group
 * screen) under the cursor, to the local clipboard through OSC 52. */
#include "tui/copy.h"

#include "tui/osc52.h"

void copy_under_cursor(app *a, view *v)
{
	app_account *acc = app_cur(a);
	const char *text = NULL, *what = NULL;
	if (!acc || !v)
		return;
	if (v->ops->screen == SCR_GROUPS) {
		og_group *g = v->cursor < store_view_count(&acc->store) ? store_view_at(&acc->store, v->cursor) : NULL;
		text = g ? g->id : NULL;
		what = "id";
	} else if (v->ops->screen == SCR_GROUP) {
		og_group *g = store_find(&acc->store, v->group_id);
		text = g && v->cursor < g->n_sources ? g->sources[v->cursor].host : NULL;
		what = "host";
	}
	if (!text || !text[0]) {
		app_status(a, true, "nothing under the cursor to copy");
		return;
	}
	if (osc52_queue(text) < 0) {
		app_status(a, true, "the %s is too long to copy", what);
		return;
	}
	app_status(a, false, "copied %s %s%s", what, text,
	           osc52_in_tmux() ? " (through tmux: needs set-clipboard on)" : "");
}
