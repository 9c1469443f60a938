/* The form view's behaviour: opens a form the account's adapter fills,
 * takes the form's actions (tui/actions.h, SCR_FORM: rebindable, listed by
 * help) and the typing, sends a save through the worker and takes its
 * result (the drawing is tui/views/form_draw.c). Its state is the view's
 * own (v->priv), freed with the view whatever closed it; a save's answer
 * that comes after the view has gone still reaches the store. */
#include "tui/views/form.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/app.h"
#include "model/form.h"
#include "net/forms.h"
#include "tui/s3_prompt.h"
#include "tui/views/help.h"

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

static void form_state_free(form_state *s)
{
	if (!s)
		return;
	free(s->group_id);
	free(s->source_key);
	og_group_free(s->seen);
	form_wipe(&s->f);
	free(s);
}

static const view_ops form_ops;

form *form_of_view(view *v)
{
	return v && v->ops == &form_ops && v->priv ? &((form_state *)v->priv)->f : NULL;
}

static bool form_unsaved(app *a, view *v)
{
	(void)a;
	return ((form_state *)v->priv)->f.touched;
}

static void form_close(view *v)
{
	form_state_free(v->priv);
	v->priv = NULL;
}

/* The form's view goes wherever it is in the stack: a save's answer may
 * come while help (F1) is on top. Its state goes with it. */
static void close_form(app *a, view *fv)
{
	for (int i = a->depth - 1; i >= 0; i--)
		if (a->stack[i] == fv)
			app_remove_view(a, i);
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

void form_open(app *a, view *v, form_target t)
{
	app_account *acc = &a->accounts[v->account];
	if (!acc->net) {
		app_status(a, true, "the account is not open: %s", acc->load_err[0] ? acc->load_err : "no data");
		return;
	}
	og_group *g = NULL;
	const og_source *src = NULL;
	if (t != FORM_GROUP_NEW) {
		g = v->ops->group ? v->ops->group(a, v) : NULL;
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
	view *fv = calloc(1, sizeof *fv);
	bool ok = s && fv;
	if (ok && g)
		ok = (s->group_id = strdup(g->id)) && (s->seen = og_group_clone(g));
	if (ok && src)
		ok = (s->source_key = strdup(src->key ? src->key : "")) != NULL;
	if (!ok) {
		form_state_free(s);
		free(fv);
		app_status(a, true, "out of memory");
		return;
	}
	fv->ops = &form_ops;
	fv->account = v->account;
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
		free(fv);
		app_status(a, true, "%s", err.msg);
		return;
	}
	/* the focus starts on the first field shown */
	for (s->f.focus = 0; s->f.focus < s->f.n_fields && !form_field_visible(&s->f, s->f.focus);)
		s->f.focus++;
	if (s->f.focus >= s->f.n_fields)
		s->f.focus = 0;
	fv->priv = s;
	app_push(a, fv);
	/* the keys as the user has bound them (the form's bottom line too) */
	char next[32], prev[32], tick[32], save[32], cancel[32], help[32];
	const keymap *km = &a->keys;
	app_status(a, false, "%s/%s move, %s ticks, %s saves, %s cancels, %s help",
	           keymap_first_key_words(km, ACT_FORM_NEXT, next, sizeof next),
	           keymap_first_key_words(km, ACT_FORM_PREV, prev, sizeof prev),
	           keymap_first_key_words(km, ACT_FORM_TICK, tick, sizeof tick),
	           keymap_first_key_words(km, ACT_FORM_SAVE, save, sizeof save),
	           keymap_first_key_words(km, ACT_FORM_CANCEL, cancel, sizeof cancel),
	           keymap_first_key_words(km, ACT_FORM_HELP, help, sizeof help));
}

static void form_done(app *a, job_result *r, void *ctx);

/* Sends the form; bucket: the S3 bucket whose keys are asked first (a
 * refusal named it), NULL: only those the form's group lacks. */
static void save_asking(app *a, view *fv, const char *bucket)
{
	form_state *s = fv->priv;
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
	int rc = bucket ? app_resubmit_write(a, r, form_done, fv, fv, bucket)
	                : app_submit_write(a, r, form_done, fv, fv);
	if (rc == 0) {
		s->tag = tag;
		s->f.saving = true;
		app_status(a, false, "saving…");
	}
}

static void save(app *a, view *fv)
{
	save_asking(a, fv, NULL);
}

/* What the form's model says to a key, and what the view does then. */
static void feed(app *a, view *fv, int fk)
{
	form_state *s = fv->priv;
	switch (form_key(&s->f, fk)) {
	case FORM_GOING:
		return;
	case FORM_SAVE:
		save(a, fv);
		return;
	case FORM_CANCEL:
		close_form(a, fv);
		app_status(a, false, "nothing changed");
		return;
	case FORM_ASK_CANCEL:
		s->f.asking = true;
		app_status(a, true, "discard your changes? (y/n)");
		return;
	}
}

/* Every key first: the answer to "discard?", and the typing. A printable
 * key in a text field is text whatever it is bound to; any other key
 * bound on the form screen goes to the dispatcher as its action. */
static bool form_key_first(app *a, view *v, int key)
{
	form_state *s = v->priv;
	if (s->f.asking) {
		s->f.asking = false;
		if (key == 'y' || key == 'Y') {
			close_form(a, v);
			app_status(a, false, "changes discarded");
		} else {
			app_status(a, false, "still editing");
		}
		return true;
	}
	bool printable = key >= 32 && key < 256 && key != 127;
	bool in_text = s->f.focus < s->f.n_fields && s->f.fields[s->f.focus].kind == FORM_TEXT;
	if (printable && in_text) {
		feed(a, v, key);
		return true;
	}
	if (keymap_lookup(&a->keys, SCR_FORM, key) != ACT_NONE)
		return false;
	if (printable)          /* a letter on a choice, say: the model decides */
		feed(a, v, key);
	return true;            /* an unbound key does nothing in a form */
}

static bool form_act(app *a, view *v, action_id act, int key)
{
	(void)key;
	int fk;
	switch (act) {
	case ACT_FORM_HELP:
		app_push(a, view_help_new(v->account, SCR_FORM));
		return true;
	case ACT_FORM_NEXT: fk = FK_TAB; break;
	case ACT_FORM_PREV: fk = FK_BTAB; break;
	case ACT_FORM_DOWN: fk = FK_DOWN; break;
	case ACT_FORM_UP: fk = FK_UP; break;
	case ACT_FORM_LEFT: fk = FK_LEFT; break;
	case ACT_FORM_RIGHT: fk = FK_RIGHT; break;
	case ACT_FORM_HOME: fk = FK_HOME; break;
	case ACT_FORM_END: fk = FK_END; break;
	case ACT_FORM_BACKSPACE: fk = FK_BACKSPACE; break;
	case ACT_FORM_DELETE: fk = FK_DELETE; break;
	case ACT_FORM_CLEAR: fk = FK_KILL_LINE; break;
	case ACT_FORM_TICK: fk = ' '; break;
	case ACT_FORM_SAVE: fk = FK_SAVE; break;
	case ACT_FORM_CANCEL: fk = FK_ESC; break;
	default:
		return false;
	}
	feed(a, v, fk);
	return true;
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

/* After a new group: the cursor of the views under the form goes onto it
 * (the groups screen's point_at). */
static void cursor_onto(app *a, app_account *acc, const char *group_id)
{
	for (int i = a->depth - 1; group_id && i >= 0; i--) {
		view *v = a->stack[i];
		if (&a->accounts[v->account] == acc && v->ops->point_at)
			v->ops->point_at(a, v, group_id);
	}
}

/* The JOB_SAVE_FORM handler; ctx is the form's view, NULL when it has gone
 * (closed, account switched): the store still gets the group. */
static void form_done(app *a, job_result *r, void *ctx)
{
	view *fv = ctx;
	app_account *acc = app_account_of(a, r->account);
	bool current = acc == app_cur(a);
	form_state *s = fv ? fv->priv : NULL;
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
		close_form(a, fv);
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
	/* the worker's fresh read found an S3 bucket the form's group had not
	 * shown, without keys: asked for, then the same form sent again */
	if (s3_prompt_may_ask(a, r)) {
		save_asking(a, fv, r->s3_bucket);
		if (s->tag)
			return;
	}
	/* Keep everything typed; put the provider's messages on their fields. */
	const char *m = r->err.msg[0] ? r->err.msg : "the save failed";
	if (r->form)
		form_copy_errors(&s->f, r->form);
	if (!form_has_errors(&s->f))
		snprintf(s->f.error, sizeof s->f.error, "%s", m);
	app_status(a, true, "not saved: %s", m);
}

static const view_ops form_ops = {
	.screen = SCR_FORM,
	.title = form_view_title,       /* the drawing: form_draw.c */
	.rows = form_view_rows,
	.draw = form_view_draw,
	.act = form_act,
	.close = form_close,
	.key = form_key_first,
	.unsaved = form_unsaved,
};
