/* Bulk actions on an origin (tui/bulk.h). */
#include "tui/bulk.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/rules.h"
#include "tui/pivot.h"
#include "tui/prompt.h"
#include "tui/views/batch.h"

struct bulk {
	og_batch b;             /* the last batch sent (running or done) */
	bool has;               /* b holds one */
	og_batch ask;           /* the plan the question is about */
	bool asking;
};

/* The bulk's state lives in the app's slot for it (app_slot), private
 * to this file; freed with the app. */
static void bulk_state_free(void *state)
{
	struct bulk *st = state;
	if (!st)
		return;
	batch_free(&st->b);
	batch_free(&st->ask);
	free(st);
}
static const app_slot_key bulk_key = { "bulk change", bulk_state_free, NULL };

static struct bulk *current(const app *a)
{
	return app_slot(a, &bulk_key);
}

static struct bulk *state(app *a)
{
	struct bulk *st = current(a);
	if (st)
		return st;
	st = calloc(1, sizeof *st);
	if (st && app_slot_set(a, &bulk_key, st) < 0) {
		free(st);
		st = NULL;
	}
	return st;
}

const og_batch *bulk_last(app *a)
{
	struct bulk *st = current(a);
	return st && st->has ? &st->b : NULL;
}

static size_t submitted_open(const og_batch *b)
{
	size_t n = 0;
	for (size_t i = 0; i < b->n; i++)
		n += b->items[i].outcome == BATCH_RUNNING;
	return n;
}

bool bulk_running(app *a)
{
	struct bulk *st = current(a);
	return st && st->has && submitted_open(&st->b) > 0;
}

static void set_reason(batch_item *it, batch_outcome o, const char *why)
{
	it->outcome = o;
	free(it->reason);
	it->reason = why ? strdup(why) : NULL;
}

/* Items of an account that is read-only: refused by the one rule that
 * refuses writes (action_refusal), as a key on that account would be. */
static void refuse_read_only(app *a, og_batch *b, action_id act)
{
	for (size_t i = 0; i < b->n; i++) {
		batch_item *it = &b->items[i];
		app_account *acc = &a->accounts[it->account];
		char msg[256];
		if (it->outcome == BATCH_WAITING &&
		    action_refusal(act, acc->read_only, acc->read_only_why, msg, sizeof msg))
			set_reason(it, BATCH_REFUSED, msg);
	}
}

/* The question, as ask_plan wrote it. */
static void question_line(app *a, char *buf, size_t n)
{
	snprintf(buf, n, "%s", a->prompt.text);
}

/* Puts the question on the bottom line, or says there is nothing to do. */
static void ask_plan(app *a, struct bulk *st)
{
	batch_counts c;
	batch_count(&st->ask, &c);
	char q[sizeof a->prompt.text];
	batch_question(&st->ask, q, sizeof q);
	if (c.groups_to_write == 0) {
		/* nothing to send: say why, each reason in the summary */
		app_status(a, false, "%s", q);
		batch_free(&st->ask);
		return;
	}
	st->asking = true;
	static const app_prompt_ops question = { bulk_answer, question_line, NULL, true };
	prompt_own(a, &question);
	snprintf(a->prompt.text, sizeof a->prompt.text, "%s", q);
	a->dirty = true;
}

void bulk_ask(app *a, const og_origin *o, og_field field)
{
	struct bulk *st = state(a);
	if (!st) {
		app_status(a, true, "out of memory");
		return;
	}
	if (bulk_running(a)) {
		char p[256];
		batch_progress(&st->b, p, sizeof p);
		app_status(a, true, "a bulk change is still on its way (%s); wait for it", p);
		return;
	}
	og_tri to;
	if (field == OG_FIELD_ENABLED)
		to = o->n_enabled > 0 ? OG_NO : OG_YES;
	else
		to = o->n_backup < o->n_uses ? OG_YES : OG_NO;
	/* each account's own table: it names what its provider lacks */
	const og_caps **caps = calloc(a->n_accounts ? a->n_accounts : 1, sizeof *caps);
	if (!caps) {
		app_status(a, true, "out of memory");
		return;
	}
	pivot_caps(a, caps);
	batch_free(&st->ask);
	int rc = batch_plan(&st->ask, o, caps, field, to);
	free(caps);
	if (rc < 0) {
		app_status(a, true, "out of memory");
		return;
	}
	refuse_read_only(a, &st->ask, field == OG_FIELD_ENABLED ? ACT_TOGGLE_ENABLED : ACT_TOGGLE_BACKUP);
	ask_plan(a, st);
}

void bulk_undo(app *a)
{
	struct bulk *st = state(a);
	if (!st) {
		app_status(a, true, "out of memory");
		return;
	}
	if (!st->has) {
		app_status(a, true, "no bulk change to undo in this run");
		return;
	}
	if (bulk_running(a)) {
		app_status(a, true, "the bulk change is still on its way; undo when it is done");
		return;
	}
	if (st->b.is_undo) {
		app_status(a, true, "the last bulk change was an undo; nothing to undo");
		return;
	}
	batch_free(&st->ask);
	if (batch_undo(&st->ask, &st->b) < 0) {
		app_status(a, true, "out of memory");
		return;
	}
	if (st->ask.n == 0) {
		batch_free(&st->ask);
		app_status(a, false, "the last bulk change applied nothing: nothing to undo");
		return;
	}
	refuse_read_only(a, &st->ask, ACT_UNDO);
	ask_plan(a, st);
}

bool bulk_act(app *a, const og_origin *o, action_id act, const char *none)
{
	switch (act) {
	/* writes: read-only mode refused them before (dispatch.c) */
	case ACT_TOGGLE_ENABLED:
	case ACT_TOGGLE_BACKUP:
		if (!o)
			app_status(a, true, "%s", none);
		else
			bulk_ask(a, o, act == ACT_TOGGLE_ENABLED ? OG_FIELD_ENABLED : OG_FIELD_BACKUP);
		return true;
	case ACT_UNDO:
		bulk_undo(a);
		return true;
	default:
		return false;
	}
}

/* A flag's value for the rules when the provider gives none (rules.h). */
static og_tri effective(og_field f, og_tri v)
{
	return v != OG_ABSENT ? v : (f == OG_FIELD_ENABLED ? OG_YES : OG_NO);
}

/* Sends one item: the store's copy as seen, the optimistic change, the job.
 * An item that cannot be sent gets its outcome here, with why. */
static void send_item(app *a, og_batch *b, batch_item *it)
{
	app_account *acc = &a->accounts[it->account];
	const og_change *c = &it->change;
	og_group *g = store_find(&acc->store, c->group_id);
	long k = g ? og_group_find_source(g, c->source_key) : -1;
	og_error err;
	og_error_clear(&err);
	if (!acc->net) {
		set_reason(it, BATCH_FAILED, "the account is not open");
		return;
	}
	if (k < 0) {
		og_error_set(&err, OG_ERR_CONFLICT, "source \"%s\" is no longer in group \"%s\"; nothing was sent",
		             c->source_key, it->group_name);
		batch_record(it, -1, &err);
		return;
	}
	const og_source *src = &g->sources[k];
	if (store_is_pending(&acc->store, c->group_id, c->source_key, c->field)) {
		og_error_set(&err, OG_ERR_CONFLICT, "a change of %s is already pending in this group; nothing was sent",
		             og_field_name(c->field));
		batch_record(it, -1, &err);
		return;
	}
	/* an undo's source must still show what the batch left there */
	if (b->is_undo && effective(c->field, og_source_flag_get(src, c->field)) != effective(c->field, c->from)) {
		og_error_set(&err, OG_ERR_CONFLICT, "%s was changed since the bulk change; nothing was sent",
		             og_field_name(c->field));
		batch_record(it, -1, &err);
		return;
	}
	/* the guard on origo's copy as the earlier items left it */
	if (rules_check_flag_change(g, net_account_caps(acc->net), c->source_key, c->field, c->to, &err) < 0) {
		batch_record(it, -1, &err);
		return;
	}
	job_request *r = job_request_new(JOB_CHANGE, acc->net, 0, c->group_id);
	if (!r || og_source_copy(&r->seen, src) < 0 || og_change_copy(&r->change, c) < 0) {
		job_request_free(r);
		set_reason(it, BATCH_FAILED, "out of memory: nothing was sent");
		return;
	}
	/* the conflict check compares the server's flag with what origo showed */
	r->change.from = og_source_flag_get(src, c->field);
	uint64_t id = store_begin_change(&acc->store, &r->change, b->is_undo);
	if (id == 0) {
		job_request_free(r);
		set_reason(it, BATCH_FAILED, "the change could not begin (out of memory); nothing was sent");
		return;
	}
	r->tag = id;
	it->tag = id;
	it->outcome = BATCH_RUNNING;
	if (app_submit(a, r, bulk_done, NULL, NULL) < 0) {
		store_revert(&acc->store, id);
		set_reason(it, BATCH_FAILED, a->status[0] ? a->status : "could not be sent");
	}
}

static void show_progress(app *a, const og_batch *b)
{
	char p[256];
	batch_progress(b, p, sizeof p);
	batch_counts c;
	batch_count(b, &c);
	bool bad = c.by[BATCH_FAILED] || c.by[BATCH_CONFLICT] || c.by[BATCH_UNKNOWN] ||
	           c.by[BATCH_REFUSED];
	if (batch_done(b))
		app_status(a, bad, "%s%s", p, " (u undoes it)");
	else
		app_status(a, bad, "%s", p);
}

/* When every item has its outcome: the summary on top (once). */
static void finish(app *a, const og_batch *b)
{
	show_progress(a, b);
	if (!batch_done(b))
		return;
	view *top = app_top(a);
	if (top && view_is_batch(top))
		return;
	view *v = view_batch_new(a->cur);
	if (v)
		app_push(a, v);
}

void bulk_answer(app *a, int key)
{
	a->prompt.kind = PROMPT_NONE;
	a->dirty = true;
	struct bulk *st = current(a);
	if (!st || !st->asking) {
		return;
	}
	st->asking = false;
	if (key != 'y' && key != 'Y') {
		batch_free(&st->ask);
		app_status(a, false, "bulk change cancelled: nothing was sent");
		return;
	}
	batch_free(&st->b);
	st->b = st->ask;
	memset(&st->ask, 0, sizeof st->ask);
	st->has = true;
	for (size_t i = 0; i < st->b.n; i++)
		if (st->b.items[i].outcome == BATCH_WAITING)
			send_item(a, &st->b, &st->b.items[i]);
	finish(a, &st->b);
}

static batch_item *find_item(og_batch *b, size_t account, uint64_t tag)
{
	for (size_t i = 0; i < b->n; i++)
		if (b->items[i].tag == tag && b->items[i].account == account &&
		    b->items[i].outcome == BATCH_RUNNING)
			return &b->items[i];
	return NULL;
}

void bulk_done(app *a, job_result *r, void *ctx)
{
	(void)ctx;
	app_account *acc = app_account_of(a, r->account);
	if (!acc)
		return;
	struct bulk *st = current(a);
	batch_item *it = st && st->has ? find_item(&st->b, (size_t)(acc - a->accounts), r->tag) : NULL;
	if (it) {
		if (r->status != 0 && !r->err.msg[0])
			og_error_set(&r->err, OG_ERR_INTERNAL, "the change failed");
		/* before the store takes the group the job read */
		batch_record_after(it, r->status, &r->err, r->group);
	}
	/* the store as a single toggle's result leaves it (source_edit.c):
	 * confirmed with the group as the server now holds it, or put back */
	if (r->status == 0) {
		store_confirm(&acc->store, r->tag, r->group);
		r->group = NULL;
	} else {
		store_revert(&acc->store, r->tag);
		if (r->group) {
			store_replace_group(&acc->store, r->group);
			r->group = NULL;
		}
	}
	if (it)
		finish(a, &st->b);
}
