/* What every view shares: freeing, cursor movement, scrolling. */
#include "tui/view.h"

#include <stdlib.h>

#include "tui/app.h"
#include "tui/draw.h"
#include "tui/format.h"

view *view_alloc(const view_ops *ops, size_t account, size_t priv_size)
{
	view *v = calloc(1, sizeof *v);
	void *p = calloc(1, priv_size);
	if (!v || !p) {
		free(v);
		free(p);
		return NULL;
	}
	v->ops = ops;
	v->account = account;
	v->priv = p;
	return v;
}

void view_free(view *v)
{
	if (!v)
		return;
	if (v->ops && v->ops->close)
		v->ops->close(v);
	free(v->group_id);
	free(v);
}

void view_clamp(app *a, view *v, int visible)
{
	size_t rows = v->ops->rows ? v->ops->rows(a, v) : 0;
	if (rows == 0) {
		v->cursor = v->top = 0;
		return;
	}
	if (v->cursor >= rows)
		v->cursor = rows - 1;
	if (visible < 1)
		visible = 1;
	if (v->top > v->cursor)
		v->top = v->cursor;
	if (v->cursor >= v->top + (size_t)visible)
		v->top = v->cursor - (size_t)visible + 1;
	if (v->top + (size_t)visible > rows)
		v->top = rows > (size_t)visible ? rows - (size_t)visible : 0;
}

void view_move(app *a, view *v, action_id act)
{
	size_t rows = v->ops->rows ? v->ops->rows(a, v) : 0;
	size_t page = v->page > 1 ? (size_t)v->page - 1 : 1;
	if (rows == 0)
		return;
	switch (act) {
	case ACT_MOVE_DOWN:
		if (v->cursor + 1 < rows)
			v->cursor++;
		break;
	case ACT_MOVE_UP:
		if (v->cursor > 0)
			v->cursor--;
		break;
	case ACT_PAGE_DOWN:
		v->cursor = v->cursor + page < rows ? v->cursor + page : rows - 1;
		v->top += page;
		break;
	case ACT_PAGE_UP:
		v->cursor = v->cursor > page ? v->cursor - page : 0;
		v->top = v->top > page ? v->top - page : 0;
		break;
	case ACT_FIRST:
		v->cursor = 0;
		break;
	case ACT_LAST:
		v->cursor = rows - 1;
		break;
	default:
		return;
	}
	view_clamp(a, v, v->page > 0 ? v->page : 1);
	a->dirty = true;
}

void view_draw_mark(app *a, int y, bool selected)
{
	if (selected)
		draw_text(y, 0, VIEW_GUTTER, "", a->attr[ROLE_SELECTION]);
}

unsigned long view_row_attr(app *a, bool selected)
{
	return (selected && a->cursor_bar) ? a->attr[ROLE_SELECTION] : a->attr[ROLE_NORMAL];
}

void view_draw_roles(app *a, int y, int x0, int width, const fmt_row *row, const int *widths, int n,
                     bool selected)
{
	bool on_bar = selected && a->cursor_bar;
	int x = x0;
	for (int c = 0; c < n && c < row->n && x < width; c++) {
		theme_role role = row->cell[c].role;
		if (role != ROLE_NORMAL && (!on_bar || role == ROLE_PENDING)) {
			int w = draw_width(row->cell[c].text);
			if (w > widths[c])
				w = widths[c];
			if (w > width - x)
				w = width - x;
			draw_text(y, x, w, row->cell[c].text,
			          on_bar ? a->attr[ROLE_SELECTION] | A_BOLD | A_UNDERLINE : a->attr[role]);
		}
		x += widths[c] + 1;
	}
}
