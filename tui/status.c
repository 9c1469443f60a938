/* The title bar (account, provider, screen, filter, READ-ONLY) and the status
 * bar (spinner and in-flight count, the last message or else the screen's
 * main keys, pending writes). Only the spinner changes on its own, so an
 * idle screen sends nothing. */
#include <stdio.h>
#include <string.h>

#include "tui/status.h"
#include "tui/draw.h"
#include "tui/hints.h"

void status_draw_title(app *a, int width)
{
	app_account *acc = app_cur(a);
	view *v = app_top(a);
	char screen[300] = "", line[1024];
	if (v && v->ops->title)
		v->ops->title(a, v, screen, sizeof screen);
	const char *label = acc && acc->net ? net_account_caps(acc->net)->provider_label
	                                    : (acc && acc->cfg->provider ? acc->cfg->provider : "");
	snprintf(line, sizeof line, "origo  %s (%s)  %s", acc && acc->cfg->name ? acc->cfg->name : "",
	         label ? label : "", screen);
	draw_text(0, 0, width, line, a->attr[ROLE_TITLE]);
	int x = draw_width(line);
	/* The filter of the list under the cursor, when one is set. */
	const char *filter = v && v->ops->filter_text ? v->ops->filter_text(a, v) : NULL;
	if (filter && filter[0] && x + 4 < width) {
		char f[300];
		snprintf(f, sizeof f, "  /%s", filter);
		int w = draw_width(f);
		if (x + w > width)
			w = width - x;
		draw_text(0, x, w, f, a->attr[ROLE_TITLE] | A_BOLD);
		x += w;
	}
	if (acc && acc->read_only) {
		const char *badge = " READ-ONLY ";
		int w = (int)strlen(badge);
		int bx = width - w;
		if (bx < x + 1)
			bx = x + 1;
		if (bx + w <= width)
			draw_text(0, bx, w, badge, a->attr[ROLE_BADGE]);
	}
}

/* The spinner's text while jobs are in flight ("" none). */
static void busy_text(const app *a, char *s, size_t n)
{
	static const char spin[] = "-\\|/";
	s[0] = '\0';
	if (a->in_flight > 0 && a->busy_shown)
		snprintf(s, n, "%c %d in flight  ", spin[a->spinner % 4], a->in_flight);
}

static void pending_text(const app *a, char *s, size_t n)
{
	s[0] = '\0';
	size_t pending = app_pending_total(a);
	if (pending > 0)
		snprintf(s, n, " %zu pending", pending);
}

int status_bar_rows(app *a, int width)
{
	if (!a->status_error || !a->status[0] || a->prompt.kind != PROMPT_NONE)
		return 1;
	char busy[64], right[64];
	busy_text(a, busy, sizeof busy);
	pending_text(a, right, sizeof right);
	int room = width - (int)strlen(busy) - (int)strlen(right);
	/* An error cut at the edge loses what to do about it, which is often
	 * at its end: it gets a second row. */
	return room > 0 && draw_width(a->status) > room ? 2 : 1;
}

/* Nothing to say: the main keys of the screen, dim, in one attribute (no
 * bold key and plain label in turn: each switch costs bytes on the link). */
static void draw_hints(app *a, int y, int x, int room)
{
	view *v = app_top(a);
	app_account *acc = app_cur(a);
	if (!v || (a->cfg && !a->cfg->hints))
		return;
	const og_caps *caps = acc && acc->net ? net_account_caps(acc->net) : NULL;
	char line[512];
	hints_text(&a->keys, caps, v->ops->screen, acc && acc->read_only, room - 1, line, sizeof line);
	/* a cell from the edge, as the rows' text */
	draw_text(y, x + 1, draw_width(line), line, a->attr[ROLE_DIM]);
}

void status_draw_bar(app *a, int y, int width, int rows)
{
	int x = 0;
	for (int r = 0; r < rows; r++)
		draw_text(y + r, 0, width, "", a->attr[ROLE_STATUS]);
	char s[64];
	busy_text(a, s, sizeof s);
	if (s[0]) {
		int w = (int)strlen(s);
		draw_text(y, 0, w < width ? w : width, s, a->attr[ROLE_STATUS] | A_BOLD);
		x += w;
	}
	char right[64];
	pending_text(a, right, sizeof right);
	int rw = (int)strlen(right);
	int room = width - x - rw;
	if (room > 0 && a->status[0])
		draw_wrapped(y, x, room, rows, a->status,
		             a->status_error ? a->attr[ROLE_ERROR] : a->attr[ROLE_STATUS], true);
	else if (room > 0)
		draw_hints(a, y, x, room);
	if (rw > 0 && width - rw >= 0)
		draw_text(y, width - rw, rw, right, a->attr[ROLE_PENDING]);
}
