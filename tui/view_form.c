/* The form view's behaviour: opens a form the account's adapter fills,
 * turns curses keys into form keys, sends a save through the worker and
 * takes its result (the drawing is tui/view_form_draw.c). One form is open at a time; its state
 * lives in the app (not the view) so that app_free() releases it whatever
 * closed the view. */
#include "tui/view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/app.h"
#include "model/form.h"
#include "net/forms.h"

#define KEY_ESCAPE 27

typedef struct form_state {
	form f;
	size_t account;
	form_target target;
	char *group_id;      /* NULL for a new group */
	char *source_key;    /* FORM_SOURCE_EDIT */
	og_group *seen;      /* the group the form opened on (conflict check);
	                        NULL for a new group */
	uint64_t tag;        /* of the save in flight; 0 none */
	/* A new group whose save failed after the group itself was created
	 * (Edgio: group first, then its entries): another save would create a
	 * second group, so it is refused. "" none. */
	char created_id[64];
	/* A new group's save that got no answer (reset, timeout): it may have
	 * been created. The next Ctrl-S only warns; the one after sends. */
	bool maybe_created;
	bool resend_ok;
} form_state;

void form_state_free(form_state *s)
{
	if (!s)
		return;
	free(s->group_id);
	free(s->source_key);
	og_group_free(s->seen);
	form_wipe(&s->f);
	free(s);
}

form *app_form(app *a)
{
	return a->form ? &a->form->f : NULL;
}

bool form_unsaved(const app *a)
{
	return a->form && a->form->f.touched;
}

/* The form's view goes wherever it is in the stack: a save's answer may
 * come while help (F1) is on top, and a form view left without its state
 * would show an empty form. */
static void close_form(app *a)
{
	for (int i = a->depth - 1; i >= 0; i--)
		if (a->stack[i]->ops->screen == SCR_FORM)
			app_remove_view(a, i);
	form_state_free(a->form);
	a->form = NULL;
}

static const og_source *seen_source(const form_state *s)
{
	if (!s->seen || !s->source_key)
		return NULL;
	long i = og_group_find_source(s->seen, s->source_key);
	return i < 0 ? NULL : &s->seen->sources[i];
}

static const char *group_label(const og_group *g)
{
	return g->name && g->name[0] ? g->name : g->id;
}

/* The group a key on v acts on: the one shown, or under the cursor. */
og_group *form_group_of(app *a, view *v)
{
	app_account *acc = &a->accounts[v->account];
	if (v->ops->screen == SCR_GROUP)
		return store_find(&acc->store, v->group_id);
	if (v->cursor < store_view_count(&acc->store))
		return store_view_at(&acc->store, v->cursor);
	return NULL;
}

void form_open(app *a, view *v, form_target t)
{
	app_account *acc = &a->accounts[v->account];
	if (!acc->net) {
		app_status(a, true, "the account is not open: %s", acc->load_err[0] ? acc->load_err : "no data");
		return;
	}
	char why[256];
	if (action_refusal(ACT_EDIT, acc->read_only, acc->read_only_why, why, sizeof why)) {
		app_status(a, true, "%s", why);
		return;
	}
	og_group *g = NULL;
	const og_source *src = NULL;
	if (t != FORM_GROUP_NEW) {
		g = form_group_of(a, v);
		if (!g || !g->id) {
			app_status(a, true, "no group under the cursor");
			return;
		}
		/* The form would open on values that are not the server's yet. */
		if (store_group_has_pending(&acc->store, g->id)) {
			app_status(a, true, "group \"%s\" has changes waiting for %s; edit it once they are "
			           "confirmed", group_label(g), net_account_caps(acc->net)->provider_label);
			return;
		}
	}
	if (t == FORM_SOURCE_EDIT) {
		if (v->cursor >= g->n_sources) {
			app_status(a, true, "no source under the cursor (n adds one)");
			return;
		}
		src = &g->sources[v->cursor];
	}
	form_state *s = calloc(1, sizeof *s);
	view *fv = view_form_new(v->account);
	bool ok = s && fv;
	if (ok && g)
		ok = (s->group_id = strdup(g->id)) && (s->seen = og_group_clone(g));
	if (ok && src)
		ok = (s->source_key = strdup(src->key ? src->key : "")) != NULL;
	if (!ok) {
		form_state_free(s);
		view_free(fv);
		app_status(a, true, "out of memory");
		return;
	}
	s->account = v->account;
	s->target = t;
	char title[128];
	switch (t) {
	case FORM_GROUP_NEW: snprintf(title, sizeof title, "new group"); break;
	case FORM_GROUP_EDIT: snprintf(title, sizeof title, "edit group %s", group_label(g)); break;
	case FORM_SOURCE_NEW: snprintf(title, sizeof title, "new source in %s", group_label(g)); break;
	case FORM_SOURCE_EDIT:   /* the host as the row shows it: a key may be an id */
		snprintf(title, sizeof title, "edit source %s", src->host ? src->host : src->key ? src->key : "");
		break;
	}
	form_init(&s->f, title);
	og_error err;
	og_error_clear(&err);
	/* the form is filled from the copy: the store may change meanwhile */
	if (net_form_fill(acc->net, &s->f, t, s->seen, seen_source(s), &err) < 0) {
		form_state_free(s);
		view_free(fv);
		app_status(a, true, "%s", err.msg);
		return;
	}
	/* the focus starts on the first field shown */
	for (s->f.focus = 0; s->f.focus < s->f.n_fields && !form_field_visible(&s->f, s->f.focus);)
		s->f.focus++;
	if (s->f.focus >= s->f.n_fields)
		s->f.focus = 0;
	form_state_free(a->form);
	a->form = s;
	app_push(a, fv);
	app_status(a, false, "Tab/Shift-Tab move, Space ticks, Ctrl-S saves, Esc cancels, F1 help");
}

static void save(app *a)
{
	form_state *s = a->form;
	if (s->tag) {
		app_status(a, false, "saving… (wait for the answer)");
		return;
	}
	if (s->maybe_created && !s->resend_ok) {
		s->resend_ok = true;
		app_status(a, true, "the last try got no answer and may have created the group: check "
		           "the list (Esc, r) first, or Ctrl-S again to send anyway");
		return;
	}
	if (s->created_id[0]) {
		app_status(a, true, "group %s was created already; not sent again — Esc, then add the "
		           "rest on its screen (n)", s->created_id);
		return;
	}
	app_account *acc = &a->accounts[s->account];
	if (!acc->net) {
		app_status(a, true, "the account is not open: nothing was sent");
		return;
	}
	if (!net_form_check(acc->net, &s->f, s->target, s->seen, seen_source(s))) {
		app_status(a, true, "fix the marked fields, then Ctrl-S");
		return;
	}
	job_request *r = job_request_new(JOB_SAVE_FORM, acc->net, a->next_tag++, s->group_id);
	bool ok = r && (r->form = malloc(sizeof *r->form));
	if (ok) {
		*r->form = s->f;
		r->target = s->target;
		if (s->seen)
			ok = (r->edit_seen = og_group_clone(s->seen)) != NULL;
		if (ok && s->source_key)
			ok = (r->source_key = strdup(s->source_key)) != NULL;
	}
	if (!ok) {
		job_request_free(r);
		app_status(a, true, "out of memory");
		return;
	}
	uint64_t tag = r->tag;
	if (app_submit_write(a, r) == 0) {
		s->tag = tag;
		s->f.saving = true;
		app_status(a, false, "saving…");
	}
}

static int form_key_of(int key)
{
	switch (key) {
	case '\t': return FK_TAB;
	case KEY_BTAB: return FK_BTAB;
	case KEY_LEFT: return FK_LEFT;
	case KEY_RIGHT: return FK_RIGHT;
	case KEY_UP: return FK_UP;
	case KEY_DOWN: return FK_DOWN;
	case KEY_HOME: case 1: return FK_HOME;      /* C-a */
	case KEY_END: case 5: return FK_END;        /* C-e */
	case KEY_BACKSPACE: case 127: case 8: return FK_BACKSPACE;
	case KEY_DC: return FK_DELETE;
	case 21: return FK_KILL_LINE;               /* C-u */
	case 19: return FK_SAVE;                    /* C-s */
	case KEY_ESCAPE: return FK_ESC;
	default: return key >= 32 && key < 256 ? key : 0;
	}
}

void form_view_key(app *a, int key)
{
	form_state *s = a->form;
	a->dirty = true;
	if (!s) {   /* the state went away (cannot happen): leave */
		app_pop(a);
		return;
	}
	if (s->f.asking) {
		s->f.asking = false;
		if (key == 'y' || key == 'Y') {
			close_form(a);
			app_status(a, false, "changes discarded");
		} else {
			app_status(a, false, "still editing");
		}
		return;
	}
	if (key == 12) {   /* C-l */
		a->repaint = true;
		return;
	}
	/* Help: F1 anywhere, ? where it cannot be typed */
	bool in_text = s->f.focus < s->f.n_fields && s->f.fields[s->f.focus].kind == FORM_TEXT;
	if (key == KEY_F(1) || (key == '?' && !in_text)) {
		app_push(a, view_help_new(s->account, SCR_FORM));
		return;
	}
	int fk = form_key_of(key);
	if (fk == 0)
		return;
	switch (form_key(&s->f, fk)) {
	case FORM_GOING:
		return;
	case FORM_SAVE:
		save(a);
		return;
	case FORM_CANCEL:
		close_form(a);
		app_status(a, false, "nothing changed");
		return;
	case FORM_ASK_CANCEL:
		s->f.asking = true;
		app_status(a, true, "discard your changes? (y/n)");
		return;
	}
}

static void saved_message(const form_state *s, const og_group *after, char *buf, size_t n)
{
	const char *name = after && after->name ? after->name : "";
	switch (s->target) {
	case FORM_GROUP_NEW: snprintf(buf, n, "group \"%s\" created", name); break;
	case FORM_GROUP_EDIT: snprintf(buf, n, "group \"%s\" saved", name); break;
	case FORM_SOURCE_NEW: snprintf(buf, n, "source added to \"%s\"", name); break;
	case FORM_SOURCE_EDIT: snprintf(buf, n, "source saved"); break;
	}
}

/* After a new group: the groups screen's cursor goes onto it. */
static void cursor_onto(app *a, app_account *acc, const char *group_id)
{
	long at = group_id ? store_view_index(&acc->store, group_id) : -1;
	for (int i = a->depth - 1; at >= 0 && i >= 0; i--) {
		view *v = a->stack[i];
		if (v->ops->screen == SCR_GROUPS && &a->accounts[v->account] == acc) {
			v->cursor = (size_t)at;
			return;
		}
	}
}

void form_apply_result(app *a, app_account *acc, bool current, job_result *r)
{
	form_state *s = a->form;
	bool ours = s && s->tag == r->tag;
	char *new_id = r->group && r->group->id ? strdup(r->group->id) : NULL;
	char msg[FORM_TEXT_MAX + 64] = "saved";
	if (ours && r->status == 0)
		saved_message(s, r->group, msg, sizeof msg);
	if (r->group) {
		store_replace_group(&acc->store, r->group);
		r->group = NULL;
	}
	if (!ours) {   /* the form was closed meanwhile */
		if (current)
			app_status(a, r->status != 0, "%s", r->status == 0 ? "saved" : r->err.msg);
		free(new_id);
		return;
	}
	s->tag = 0;
	s->f.saving = false;
	if (r->status == 0) {
		form_target t = s->target;
		close_form(a);
		if (t == FORM_GROUP_NEW)
			cursor_onto(a, acc, new_id);
		free(new_id);
		app_status(a, false, "%s", msg);
		return;
	}
	if (s->target == FORM_GROUP_NEW && new_id)
		snprintf(s->created_id, sizeof s->created_id, "%s", new_id);
	/* no HTTP answer to a create: it may or may not exist now */
	s->maybe_created = s->target == FORM_GROUP_NEW && r->err.kind == OG_ERR_NET &&
	                   r->err.http_status == 0;
	s->resend_ok = false;
	free(new_id);
	/* Keep everything typed; put the provider's messages on their fields. */
	const char *m = r->err.msg[0] ? r->err.msg : "the save failed";
	if (r->form)
		form_copy_errors(&s->f, r->form);
	if (!form_has_errors(&s->f))
		snprintf(s->f.error, sizeof s->f.error, "%s", m);
	app_status(a, true, "not saved: %s", m);
}
