/* `:theme NAME`: the same loading as -t, then the colour pairs again. */
#include "tui/theme_live.h"

int theme_live_switch(app *a, const char *name)
{
	if (!name || !name[0]) {
		app_status(a, true, ":theme needs a name (default, light, high-contrast, mono, or a file)");
		return -1;
	}
	theme th;
	og_error err;
	og_error_clear(&err);
	if (theme_load(&th, name, &err) < 0) {
		app_status(a, true, "%s", err.msg);
		return -1;
	}
	/* init_pair on pairs in use changes them everywhere on screen; the
	 * repaint makes sure cells drawn with a role whose attrs changed (bold,
	 * reverse) are redrawn too. */
	theme_apply(&th, theme_want_mono(&th, a->no_color), a->attr);
	a->cursor_bar = th.cursor_bar;
	a->repaint = true;
	a->dirty = true;
	app_status(a, false, "theme %s", name);
	return 0;
}
