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
	og_group *g = v->ops->group ? v->ops->group(a, v) : NULL;
	if (v->group_id) {          /* a view of one group: its source's host */
		text = g && v->cursor < g->n_sources ? g->sources[v->cursor].host : NULL;
		what = "host";
	} else {                    /* a list of groups: the group's id */
		text = g ? g->id : NULL;
		what = "id";
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
