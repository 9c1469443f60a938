/* What the program is made of, kept out of the shell (tui/app.c), which
 * names no screen and no feature: the screen an account opens on, and what
 * each any-screen action does when the top view does not take it itself.
 * A new screen-opening action is one line of `globals`. */
#include "tui/app.h"
#include "tui/cmdline.h"
#include "tui/copy.h"
#include "tui/probe_ui.h"
#include "tui/prompt.h"
#include "tui/views/groups.h"
#include "tui/views/help.h"
#include "tui/views/log.h"
#include "tui/views/sources.h"

view *app_first_view(size_t account)
{
	return view_groups_new(account);
}

static void open_filter(app *a, view *v)
{
	(void)v;
	prompt_open(a, PROMPT_FILTER);
}

static void open_command(app *a, view *v)
{
	(void)v;
	cmdline_open(a);
}

/* help opens on the actions of the screen it was asked from */
static void open_help(app *a, view *v)
{
	app_push(a, view_help_new(v->account, v->ops->screen));
}

static void open_sources(app *a, view *v)
{
	(void)v;
	sources_show(a);
}

static const app_global globals[] = {
	{ ACT_FILTER, open_filter, NULL },
	{ ACT_COMMAND, open_command, NULL },
	{ ACT_COPY, copy_under_cursor, NULL },
	{ ACT_PROBE, probe_group, NULL },
	{ ACT_HELP, open_help, NULL },
	{ ACT_REQUESTS_LOG, NULL, view_log_new },
	{ ACT_SOURCES, open_sources, NULL },
};

const app_global *app_global_action(action_id act)
{
	for (size_t i = 0; i < sizeof globals / sizeof globals[0]; i++)
		if (globals[i].act == act)
			return &globals[i];
	return NULL;
}
