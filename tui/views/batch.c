/* The summary of the last bulk change: one row an item (account, group,
 * outcome, reason), the progress line as its title. It reads the batch from
 * tui/bulk.c, so it follows the batch while results still arrive; u undoes
 * it (what was applied); Enter opens the row's group. */
#include "tui/views/batch.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/app.h"
#include "tui/bulk.h"
#include "tui/draw.h"
#include "tui/format.h"
#include "tui/pivot.h"

#define DETAIL_ROWS 4   /* a blank line, then up to three of the reason */

static void batch_title(app *a, view *v, char *buf, size_t n)
{
	(void)v;
	const og_batch *b = bulk_last(a);
	char p[256] = "";
	if (b)
		batch_progress(b, p, sizeof p);
	snprintf(buf, n, "%s %s: %s", b && b->is_undo ? "undo of" : "bulk change of",
	         b && b->origin ? b->origin : "", p);
}

static size_t batch_rows(app *a, view *v)
{
	(void)v;
	const og_batch *b = bulk_last(a);
	return b ? b->n : 0;
}

static theme_role outcome_role(batch_outcome o)
{
	switch (o) {
	case BATCH_APPLIED: return ROLE_ENABLED;
	case BATCH_ALREADY: case BATCH_SKIPPED: return ROLE_DIM;
	case BATCH_WAITING: case BATCH_RUNNING: return ROLE_PENDING;
	default: return ROLE_ERROR;
	}
}

static void draw_detail(app *a, const og_batch *b, size_t cursor, int y, int rows, int width)
{
	if (!b || cursor >= b->n || !b->items[cursor].reason)
		return;
	const batch_item *it = &b->items[cursor];
	char text[1200];
	snprintf(text, sizeof text, "%s, %s: %s", pivot_account_name(a, it->account),
	         it->group_name ? it->group_name : "", it->reason);
	draw_wrapped(y, 1, width - 2, rows, text, a->attr[outcome_role(it->outcome)], true);
}

static void batch_draw(app *a, view *v, int y0, int height, int width)
{
	const og_batch *b = bulk_last(a);
	int y = y0, bottom = y0 + height;
	static const fmt_col cols[] = {
		{ "ACCOUNT", 8, false }, { "GROUP", 12, false }, { "OUTCOME", 10, false },
		{ "WHY", 12, true },
	};
	fmt_col c2[sizeof cols / sizeof cols[0]];
	memcpy(c2, cols, sizeof cols);
	int n = (int)(sizeof cols / sizeof cols[0]);
	for (size_t i = 0; b && i < b->n; i++) {
		int w = (int)strlen(pivot_account_name(a, b->items[i].account));
		if (w > c2[0].width)
			c2[0].width = w < 24 ? w : 24;
		w = (int)(strlen(b->items[i].group_name ? b->items[i].group_name : "") +
		          strlen(b->items[i].change.group_id ? b->items[i].change.group_id : "") + 3);
		if (w > c2[1].width)
			c2[1].width = w < 48 ? w : 48;
		w = (int)strlen(batch_outcome_word(b->items[i].outcome));
		if (w > c2[2].width)
			c2[2].width = w;
	}
	int widths[FMT_MAX_COLS];
	int x0 = VIEW_GUTTER;
	fmt_layout(c2, n, width - x0, widths);
	char line[4096];
	if (y < bottom)
		draw_text(y++, x0, width - x0, fmt_row_text(c2, NULL, widths, n, line, sizeof line),
		          a->attr[ROLE_HEADER]);
	int rows = bottom - y;
	/* the reason of the row under the cursor in full, below the list */
	int detail = rows > DETAIL_ROWS + 3 ? DETAIL_ROWS : 0;
	rows -= detail;
	v->page = rows > 0 ? rows : 1;
	if (rows <= 0 || !b)
		return;
	view_clamp(a, v, rows);
	for (int i = 0; i < rows && v->top + (size_t)i < b->n; i++) {
		size_t at = v->top + (size_t)i;
		const batch_item *it = &b->items[at];
		fmt_row row;
		memset(&row, 0, sizeof row);
		row.n = 4;
		snprintf(row.cell[0].text, FMT_CELL_MAX, "%s", pivot_account_name(a, it->account));
		snprintf(row.cell[1].text, FMT_CELL_MAX, "%s (%s)", it->group_name ? it->group_name : "",
		         it->change.group_id ? it->change.group_id : "");
		snprintf(row.cell[2].text, FMT_CELL_MAX, "%s", batch_outcome_word(it->outcome));
		snprintf(row.cell[3].text, FMT_CELL_MAX, "%s", it->reason ? it->reason : "");
		bool sel = at == v->cursor;
		draw_text(y + i, x0, width - x0, fmt_row_text(c2, &row, widths, n, line, sizeof line),
		          view_row_attr(a, sel));
		view_draw_mark(a, y + i, sel);
		if (!(sel && a->cursor_bar)) {
			int x = x0 + widths[0] + 1 + widths[1] + 1;
			int w = draw_width(row.cell[2].text);
			if (x < width)
				draw_text(y + i, x, w < width - x ? w : width - x, row.cell[2].text,
				          a->attr[outcome_role(it->outcome)]);
		}
	}
	if (detail)
		draw_detail(a, b, v->cursor, bottom - detail + 1, detail - 1, width);
}

static bool batch_act(app *a, view *v, action_id act, int key)
{
	(void)key;
	switch (act) {
	case ACT_BACK:
		app_pop(a);
		return true;
	case ACT_UNDO:   /* read-only refused it before (dispatch.c) */
		bulk_undo(a);
		return true;
	case ACT_OPEN: {   /* the row's group on its own screen, as the uses screen does */
		const og_batch *b = bulk_last(a);
		if (!b || v->cursor >= b->n) {
			app_status(a, true, "no group under the cursor");
			return true;
		}
		const batch_item *it = &b->items[v->cursor];
		pivot_open_group(a, it->account, it->change.group_id, it->change.source_key);
		return true;
	}
	default:
		return false;
	}
}

static void batch_close(view *v)
{
	free(v->priv);   /* no state of its own: the batch is bulk.c's */
	v->priv = NULL;
}

static const view_ops batch_ops = {
	.screen = SCR_BATCH,
	.title = batch_title,
	.rows = batch_rows,
	.draw = batch_draw,
	.act = batch_act,
	.close = batch_close,
};

view *view_batch_new(size_t account)
{
	return view_alloc(&batch_ops, account, 1);
}

bool view_is_batch(const view *v)
{
	return v && v->ops == &batch_ops;
}
