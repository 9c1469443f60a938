/* One frame: the title bar, the top view's body and the status or prompt
 * line, all into stdscr. The loop then calls doupdate() once; ncurses sends
 * only the cells that differ, so a redrawn but unchanged row costs nothing. */
#include <string.h>

#include "tui/status.h"
#include "tui/prompt.h"
#include "tui/draw.h"

#define MIN_COLS 50
#define MIN_LINES 12

static void too_small(void)
{
	const char *msg = "terminal too small (need 50x12)";
	int len = (int)strlen(msg);
	int w = len < COLS ? len : COLS;
	int x = (COLS - w) / 2, y = LINES / 2;
	draw_text(y, x > 0 ? x : 0, w, msg, A_BOLD);
}

void app_draw(app *a)
{
	static int cursor_shown = -1;
	erase();
	int want_cursor = 0;
	if (COLS < MIN_COLS || LINES < MIN_LINES) {
		too_small();
	} else {
		status_draw_title(a, COLS);
		view *v = app_top(a);
		int bar = status_bar_rows(a, COLS);
		if (v && v->ops->draw)
			v->ops->draw(a, v, 1, LINES - 1 - bar, COLS);
		if (a->prompt.kind != PROMPT_NONE) {
			prompt_draw(a, LINES - 1, COLS);
			want_cursor = a->prompt.kind != PROMPT_CONFIRM_QUIT;
		} else {
			status_draw_bar(a, LINES - bar, COLS, bar);
		}
	}
	/* The cursor is only shown in a prompt; switching costs a few bytes once. */
	if (want_cursor != cursor_shown) {
		curs_set(want_cursor);
		/* Without a prompt the cursor may stay wherever the last change
		 * left it: no move to park it costs bytes on every frame. */
		leaveok(stdscr, want_cursor ? FALSE : TRUE);
		cursor_shown = want_cursor;
	}
	wnoutrefresh(stdscr);
	a->dirty = false;
}
