/* Keys to actions, and the one place that refuses writes in read-only mode.
 * It routes: what an action does on a screen (n, e, d ...) is the screen's
 * own business (its ops->act). */
#include "tui/dispatch.h"

#include <stdio.h>

#include "tui/probe_ui.h"
#include "tui/copy.h"
#include "tui/keyhint.h"
#include "tui/prompt.h"
#include "tui/s3_prompt.h"
#include "tui/views/help.h"
#include "tui/views/log.h"
#include "tui/views/sources.h"

static void key_now(app *a, int key);

/* A message stays until the user's next key on a screen, which then leaves
 * the status bar to the screen's main keys, unless that key said something
 * itself or sent a request: then the message stays until the answer
 * replaces it, so a refresh that brings nothing new repaints nothing. A key
 * that changes the screen (Esc from help onto the form whose save was
 * answered meanwhile) keeps it: the message is about what is shown now. */
void dispatch_key(app *a, int key)
{
	unsigned long said = a->status_seq;
	int sent = a->in_flight;
	const view *top = app_top(a);
	int depth = a->depth;
	key_now(a, key);
	bool same_screen = app_top(a) == top && a->depth == depth;
	if (same_screen && a->status_seq == said && a->in_flight == sent && a->status[0]) {
		a->status[0] = '\0';
		a->status_error = false;
	}
}

static void key_now(app *a, int key)
{
	a->dirty = true;
	if (a->prompt.kind != PROMPT_NONE) {
		prompt_key(a, key);
		return;
	}
	view *v = app_top(a);
	if (!v)
		return;
	/* The view first: a form takes its typing itself. */
	if (v->ops->key && v->ops->key(a, v, key))
		return;
	action_id act = keymap_lookup(&a->keys, v->ops->screen, key);
	if (act == ACT_NONE) {
		char name[32];
		/* Say why a bound key does nothing here, and stay quiet otherwise
		 * (a form's editing keys are no news outside a form). */
		for (int i = ACT_NONE + 1; i < ACT_COUNT; i++)
			for (int k = 0; k < a->keys.n[i] && action_get((action_id)i)->screens != SCR_FORM; k++)
				if (a->keys.keys[i][k] == key) {
					app_status(a, false, "%s (%s) does not work on this screen; ? lists the keys here",
					           key_label(key, name, sizeof name), action_get((action_id)i)->name);
					return;
				}
		keyhint_rebound(a, v->ops->screen, key);
		return;
	}
	dispatch_action(a, act, key);
}

void dispatch_action(app *a, action_id act, int key)
{
	view *v = app_top(a);
	app_account *acc = app_cur(a);
	if (!v || !acc)
		return;
	a->dirty = true;
	char msg[256];
	if (action_refusal(act, acc->read_only, acc->read_only_why, msg, sizeof msg)) {
		app_status(a, true, "%s", msg);
		return;
	}
	if (!action_works_on(act, v->ops->screen)) {
		app_status(a, false, "%s does not work on this screen", action_get(act) ? action_get(act)->name : "?");
		return;
	}
	switch (act) {
	case ACT_MOVE_DOWN: case ACT_MOVE_UP: case ACT_PAGE_DOWN: case ACT_PAGE_UP:
	case ACT_FIRST: case ACT_LAST:
		view_move(a, v, act);
		return;
	case ACT_QUIT:
		app_request_quit(a);
		return;
	case ACT_FILTER:
		prompt_open(a, PROMPT_FILTER);
		return;
	case ACT_SWITCH_ACCOUNT:
		if (a->n_accounts < 2)
			app_status(a, false, "only one account is configured");
		else
			app_switch_account(a, (a->cur + 1) % a->n_accounts);
		return;
	case ACT_REQUESTS_LOG:
		/* the log's own screens take L themselves (it leaves them) */
		if (!v->ops->act || !v->ops->act(a, v, act, key))
			app_push(a, view_log_new(a->cur));
		return;
	case ACT_COMMAND:
		prompt_open(a, PROMPT_COMMAND);
		return;
	case ACT_SOURCES:
		sources_show(a);
		return;
	case ACT_COPY:
		copy_under_cursor(a, v);
		return;
	case ACT_REPAINT:
		a->repaint = true;
		return;
	case ACT_PROBE:
		if (!v->ops->act || !v->ops->act(a, v, act, key))
			probe_group(a, v);
		return;
	case ACT_HELP:
		/* help takes ? itself (it closes); elsewhere it opens on the
		 * actions of this screen */
		if (!v->ops->act || !v->ops->act(a, v, act, key))
			app_push(a, view_help_new(v->account, v->ops->screen));
		return;
	default:
		break;
	}
	if (!v->ops->act || !v->ops->act(a, v, act, key))
		app_status(a, false, "%s does nothing here", action_get(act) ? action_get(act)->name : "?");
}

void app_request_quit(app *a)
{
	/* a write held for S3 keys is refused first: the question is gone */
	s3_prompt_cancel(a);
	if (app_pending_total(a) > 0 || app_unsaved(a)) {
		prompt_open(a, PROMPT_CONFIRM_QUIT);
		return;
	}
	a->quit = true;
}
