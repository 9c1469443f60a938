/* A view kind is a small set of operations (as tig's view.h): the top view of
 * the stack draws the body and gets the actions the dispatcher does not
 * handle itself. */
#ifndef TUI_VIEW_H
#define TUI_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "tui/actions.h"

struct app;
typedef struct view view;

typedef struct view_ops {
	unsigned screen;        /* one SCR_ bit */
	/* The screen's name for the title bar ("groups", "group web-1"). */
	void (*title)(struct app *a, view *v, char *buf, size_t n);
	/* How many rows the cursor can move over. */
	size_t (*rows)(struct app *a, view *v);
	/* Draws the body: rows y0 .. y0+height-1, `width` columns. */
	void (*draw)(struct app *a, view *v, int y0, int height, int width);
	/* A view-specific action; false when it does nothing here (the
	 * dispatcher then says so). */
	bool (*act)(struct app *a, view *v, action_id act, int key);
} view_ops;

struct view {
	const view_ops *ops;
	size_t account;         /* index into app.accounts: the data it shows */
	size_t cursor, top;
	int page;               /* list rows visible at the last draw, for paging */
	char *group_id;         /* group view: owned */
	bool order_https;       /* group view: J/K move a Match Client source in
	                           its HTTPS order (Tab), else in its HTTP order */
	unsigned origin;        /* help view: the screen it was opened from */
	char filter[256];       /* help view: its own filter */
	uint64_t item;          /* exchange view: the exchange's seq */
};

/* Constructors; caller frees with view_free(). NULL on out of memory. */
view *view_groups_new(size_t account);
view *view_group_new(size_t account, const char *group_id);
view *view_help_new(size_t account, unsigned origin);
/* The requests log (view_log.c) and one exchange of it. */
view *view_log_new(size_t account);
view *view_exchange_new(size_t account, uint64_t seq);
/* The form view shows app.form (tui/view_form.c). */
view *view_form_new(size_t account);
void view_free(view *v);

/* Moves the cursor for the move_* actions; keeps it in range. */
void view_move(struct app *a, view *v, action_id act);
/* Lists start with a two-cell gutter. The cursor row is a full-width bar in
 * the selection role (the gutter included); a theme with cursor = "mark"
 * marks only the gutter (and the first cell), for the slowest links. Either
 * way a row is drawn in one attribute from edge to edge, so a cursor step
 * makes ncurses send the two rows involved and nothing else. */
#define VIEW_GUTTER 2
/* Draws the gutter of the cursor row (nothing for other rows). */
void view_draw_mark(struct app *a, int y, bool selected);
/* The attribute of a list row: the selection role for the cursor row (with
 * the bar), else the normal role. */
unsigned long view_row_attr(struct app *a, bool selected);

/* Keeps cursor and top inside [0, rows) and the cursor on screen. */
void view_clamp(struct app *a, view *v, int visible);

/* The help rows: the actions that work on `screen`, bound to a key, that the
 * provider supports (caps; NULL: all), and match `filter` (case-insensitive,
 * over keys, name and description). Returns how many were written to out
 * (at most max). */
struct keymap;
struct og_caps;
size_t help_collect(const struct keymap *km, const struct og_caps *caps, unsigned screen,
                    const char *filter, action_id *out, size_t max);
/* Whether the provider has what the action changes (caps NULL: yes); the
 * help screen and the status bar's hints both go by it. */
bool help_caps_allow(const struct og_caps *caps, action_id act);

#endif
