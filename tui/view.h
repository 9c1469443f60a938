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
	unsigned screen;        /* one SCR_ bit: which actions of the table work here */
	/* The screen's name for the title bar ("groups", "group web-1"). */
	void (*title)(struct app *a, view *v, char *buf, size_t n);
	/* How many rows the cursor can move over. */
	size_t (*rows)(struct app *a, view *v);
	/* Draws the body: rows y0 .. y0+height-1, `width` columns. */
	void (*draw)(struct app *a, view *v, int y0, int height, int width);
	/* A view-specific action; false when it does nothing here (the
	 * dispatcher then says so). */
	bool (*act)(struct app *a, view *v, action_id act, int key);

	/* The lifecycle (as tig's view_ops); every hook may be NULL. */
	/* The view is now on the stack (app_push). */
	void (*open)(struct app *a, view *v);
	/* Frees v->priv: the view is going (view_free). No app: it may go
	 * after the app's own state. */
	void (*close)(view *v);
	/* Reads its data from the provider again (r, and the auto refresh). */
	void (*refresh)(struct app *a, view *v);
	/* Sets / reads the screen's filter (the `/` prompt, the title bar);
	 * NULL: this screen has no filter. */
	void (*filter)(struct app *a, view *v, const char *text);
	const char *(*filter_text)(struct app *a, view *v);

	/* Around every job result of the view's account: the view notes its
	 * place (the row's key) before the data changes, and finds it again. */
	void (*keep_place)(struct app *a, view *v);
	void (*find_place)(struct app *a, view *v);
	/* Every key first, before the key map; true when the view took it (a
	 * form's typing). */
	bool (*key)(struct app *a, view *v, int key);
	/* Whether closing it now would lose the user's typing (quit asks). */
	bool (*unsaved)(struct app *a, view *v);
	/* The group a key on the view acts on: the one shown, or the one under
	 * the cursor; NULL when none (or no group on this screen). */
	struct og_group *(*group)(struct app *a, view *v);
	/* Puts the cursor on this group when the view lists it. */
	void (*point_at)(struct app *a, view *v, const char *group_id);
} view_ops;

struct view {
	const view_ops *ops;
	size_t account;         /* index into app.accounts: the data it shows */
	size_t cursor, top;
	int page;               /* list rows visible at the last draw, for paging */
	char *group_id;         /* the group it shows (owned), or NULL: a deleted
	                           group's views close */
	void *priv;             /* the screen's own state, freed by ops->close */
};

/* Frees the view and (through ops->close) its private state. */
/* A new view of `ops` on `account` with a zeroed private state of
 * priv_size bytes (its close hook frees it). NULL on out of memory. */
view *view_alloc(const view_ops *ops, size_t account, size_t priv_size);
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
/* Draws again, in their colours, the cells of a list row (drawn at x0 in
 * columns of `widths`) that have a role (pending, enabled, disabled...);
 * on the cursor bar only a pending cell stands out, in the bar's own
 * attribute made bold and underlined, so the bar stays unbroken. */
struct fmt_row;
void view_draw_roles(struct app *a, int y, int x0, int width, const struct fmt_row *row,
                     const int *widths, int n, bool selected);

/* Keeps cursor and top inside [0, rows) and the cursor on screen. */
void view_clamp(struct app *a, view *v, int visible);

#endif
