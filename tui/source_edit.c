/* Editing a group's sources from the group screen: toggle a flag, make a
 * source primary, move it in its failover order, undo. Each is checked
 * against the provider's caps and rules, applied to the store at once
 * (optimistic) and sent as a JOB_CHANGE; its result confirms or reverts. */
#include "tui/source_edit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/caps.h"
#include "model/rules.h"
#include "tui/s3_prompt.h"

static const char *flag_word(og_tri t)
{
	return t == OG_YES ? "on" : (t == OG_NO ? "off" : "-");
}

/* "web-1.example: enabled → off", "b.example: order 2 → 1 (https)": the
 * source by its host where the store still has it, else by its key. */
static void change_text(const og_store *st, const og_change *c, char *buf, size_t n)
{
	const char *who = c->source_key ? c->source_key : "";
	og_group *g = store_find(st, c->group_id);
	long k = g ? og_group_find_source(g, c->source_key) : -1;
	if (k >= 0 && g->sources[k].host && g->sources[k].host[0])
		who = g->sources[k].host;
	if (c->field == OG_FIELD_ORDER)
		snprintf(buf, n, "%s: order %d \u2192 %d%s%s%s", who, c->order_from, c->order_to,
		         c->protocol ? " (" : "", c->protocol ? c->protocol : "", c->protocol ? ")" : "");
	else if (c->field == OG_FIELD_PRIMARY)
		snprintf(buf, n, "%s: %s", who, c->to == OG_YES ? "made primary" : "no longer primary");
	else
		snprintf(buf, n, "%s: %s \u2192 %s", who, og_field_name(c->field), flag_word(c->to));
}

static void send_change(app *a, app_account *acc, const og_change *c, const og_source *before,
                        bool is_undo, const char *bucket);

/* The worker refused change p for want of the keys of a bucket the row had
 * not shown (added on the server since): the row now shows the server's
 * group, and the same change begins again from it, the keys asked first. */
static void resend_for_keys(app *a, app_account *acc, job_result *r, const og_change *c,
                            bool is_undo)
{
	og_group *g = store_find(&acc->store, c->group_id);
	long k = g ? og_group_find_source(g, c->source_key) : -1;
	if (k < 0) {
		app_status(a, true, "%s", r->err.msg);
		return;
	}
	send_change(a, acc, c, &g->sources[k], is_undo, r->s3_bucket);
}

void source_edit_done(app *a, job_result *r, void *ctx)
{
	(void)ctx;
	app_account *acc = app_account_of(a, r->account);
	bool current = acc == app_cur(a);
	const og_pending *p = store_pending_find(&acc->store, r->tag);
	char what[300] = "";
	bool undo = false;
	if (p) {
		change_text(&acc->store, &p->change, what, sizeof what);
		undo = p->is_undo;
	}
	const char *name = acc->cfg->name ? acc->cfg->name : "";
	if (r->status == 0) {
		store_confirm(&acc->store, r->tag, r->group);
		r->group = NULL;
		/* the worker's note when the answer itself proved nothing */
		char done[sizeof r->err.msg + 16];
		snprintf(done, sizeof done, "%s%s%s", undo ? "undone" : "confirmed",
		         r->err.msg[0] ? ": " : "", r->err.msg);
		if (current) {
			app_status(a, false, "%s (%s)", what, done);
		} else {
			/* Nothing of another account's data on this screen: a note,
			 * and the whole message when the user switches back. */
			snprintf(acc->held_msg, sizeof acc->held_msg, "%.180s (%.300s)", what, done);
			acc->held_error = false;
			app_status(a, false, "account %s: a change was confirmed", name);
		}
		return;
	}
	/* the change itself, before the revert forgets it */
	og_change again;
	memset(&again, 0, sizeof again);
	bool retry = p && s3_prompt_may_ask(a, r) && og_change_copy(&again, &p->change) == 0;
	store_revert(&acc->store, r->tag);
	/* The group as the server holds it, whenever the job could read it: after
	 * a conflict, a refusal, a write half done (Edgio's steps), or read again
	 * after a write whose answer proved nothing. */
	if (r->group) {
		store_replace_group(&acc->store, r->group);
		r->group = NULL;
	}
	if (retry) {
		resend_for_keys(a, acc, r, &again, undo);
		og_change_clear(&again);
		return;
	}
	const char *msg = r->err.msg[0] ? r->err.msg : "the change failed";
	if (current) {
		app_status(a, true, "%s", msg);
	} else {
		snprintf(acc->held_msg, sizeof acc->held_msg, "%s", msg);
		acc->held_error = true;
		app_status(a, true, "account %s: a change failed and was put back (:account %s shows why)",
		           name, name);
	}
}

/* Sends one flag change: snapshot, optimistic store change, job. */
static void send_change(app *a, app_account *acc, const og_change *c, const og_source *before,
                        bool is_undo, const char *bucket)
{
	job_request *r = job_request_new(JOB_CHANGE, acc->net, 0, c->group_id);
	if (!r || og_source_copy(&r->seen, before) < 0 || og_change_copy(&r->change, c) < 0) {
		job_request_free(r);
		app_status(a, true, "out of memory");
		return;
	}
	char what[300];
	change_text(&acc->store, c, what, sizeof what);
	uint64_t id = store_begin_change(&acc->store, c, is_undo);
	if (id == 0) {
		job_request_free(r);
		if (c->field == OG_FIELD_ORDER)
			app_status(a, true, "a move in this group is already pending; wait for it");
		else
			app_status(a, true, "%s: a change of %s is already pending", c->source_key,
			           og_field_name(c->field));
		return;
	}
	r->tag = id;
	int rc = bucket ? app_resubmit_write(a, r, source_edit_done, NULL, NULL, bucket)
	                : app_submit_write(a, r, source_edit_done, NULL, NULL);
	if (rc < 0)
		store_revert(&acc->store, id);
	else
		app_status(a, false, "%s (sending)", what);
}

/* The group and source under the cursor of a group view, with the account's
 * caps, after the checks every write shares; NULL with the status set. */
static og_source *cursor_source(app *a, view *v, og_field f, og_group **gout,
                                const og_caps **caps_out)
{
	app_account *acc = &a->accounts[v->account];
	if (!acc->net) {
		app_status(a, true, "the account is not open");
		return NULL;
	}
	const og_caps *caps = net_account_caps(acc->net);
	const char *why = og_caps_why_not(caps, f);
	if (why) {
		app_status(a, true, "%s", why);
		return NULL;
	}
	og_group *g = store_find(&acc->store, v->group_id);
	if (!g) {
		app_status(a, true, "group %s is not loaded; press r to refresh", v->group_id);
		return NULL;
	}
	if (v->cursor >= g->n_sources) {
		app_status(a, true, "no source under the cursor");
		return NULL;
	}
	*gout = g;
	*caps_out = caps;
	return &g->sources[v->cursor];
}

void source_edit_toggle(app *a, view *v, og_field f)
{
	og_group *g;
	const og_caps *caps;
	og_source *src = cursor_source(a, v, f, &g, &caps);
	if (!src)
		return;
	app_account *acc = &a->accounts[v->account];
	if (store_is_pending(&acc->store, g->id, src->key, f)) {
		app_status(a, true, "%s: a change of %s is already pending", src->key, og_field_name(f));
		return;
	}
	og_tri from = og_source_flag_get(src, f);
	og_tri to = from == OG_YES ? OG_NO : OG_YES;
	og_error err;
	og_error_clear(&err);
	if (rules_check_flag_change(g, caps, src->key, f, to, &err) < 0) {
		app_status(a, true, "%s", err.msg);
		return;
	}
	og_change c = { .group_id = g->id, .source_key = src->key, .field = f, .from = from, .to = to };
	send_change(a, acc, &c, src, false, NULL);
}

static const char *host_of(const og_source *s)
{
	return s->host && s->host[0] ? s->host : (s->key ? s->key : "");
}

void source_edit_make_primary(app *a, view *v)
{
	og_group *g;
	const og_caps *caps;
	og_source *src = cursor_source(a, v, OG_FIELD_PRIMARY, &g, &caps);
	if (!src)
		return;
	app_account *acc = &a->accounts[v->account];
	if (src->primary == OG_YES) {
		app_status(a, true, "%s is already primary", host_of(src));
		return;
	}
	if (store_is_pending(&acc->store, g->id, src->key, OG_FIELD_PRIMARY) ||
	    store_is_pending(&acc->store, g->id, src->key, OG_FIELD_ORDER)) {
		app_status(a, true, "%s: a change is already pending; wait for it", host_of(src));
		return;
	}
	/* One primary per protocol: the previous primary is demoted by the same
	 * write; refuse while a change to it is still on its way. */
	size_t dem[64];
	size_t n = rules_primary_demotions(g, src->key, dem, 64);
	for (size_t i = 0; i < n && i < 64; i++) {
		const og_source *d = &g->sources[dem[i]];
		if (store_is_pending(&acc->store, g->id, d->key, OG_FIELD_PRIMARY) ||
		    store_is_pending(&acc->store, g->id, d->key, OG_FIELD_ORDER)) {
			app_status(a, true, "refused: a change to the current primary %s is still pending",
			           host_of(d));
			return;
		}
	}
	og_error err;
	og_error_clear(&err);
	if (rules_check_flag_change(g, caps, src->key, OG_FIELD_PRIMARY, OG_YES, &err) < 0) {
		app_status(a, true, "%s", err.msg);
		return;
	}
	og_change c = { .group_id = g->id, .source_key = src->key, .field = OG_FIELD_PRIMARY,
	                .from = src->primary, .to = OG_YES, .order_from = -1, .order_to = -1 };
	send_change(a, acc, &c, src, false, NULL);
}

void source_edit_move(app *a, view *v, int delta, bool https)
{
	og_group *g;
	const og_caps *caps;
	og_source *src = cursor_source(a, v, OG_FIELD_ORDER, &g, &caps);
	if (!src)
		return;
	app_account *acc = &a->accounts[v->account];
	bool match = src->protocol && strcmp(src->protocol, "match") == 0;
	const char *asked = match ? (https ? "https" : "http") : NULL;
	const char *proto = rules_move_list(src, asked);
	int from = proto ? rules_order_in(src, proto) : src->order;
	if (from < 0) {
		app_status(a, true, "%s has no failover order to move", host_of(src));
		return;
	}
	og_error err;
	og_error_clear(&err);
	if (rules_check_move(g, src->key, proto, from + delta, &err) < 0) {
		app_status(a, true, "%s", err.msg);
		return;
	}
	og_change c = { .group_id = g->id, .source_key = src->key, .field = OG_FIELD_ORDER,
	                .from = OG_ABSENT, .to = OG_ABSENT, .order_from = from,
	                .order_to = from + delta, .protocol = (char *)asked };
	send_change(a, acc, &c, src, false, NULL);
}

void source_edit_undo(app *a, view *v)
{
	app_account *acc = &a->accounts[v->account];
	og_change c;
	memset(&c, 0, sizeof c);
	if (!acc->net || !store_undo_change(&acc->store, &c)) {
		app_status(a, true, "nothing to undo");
		return;
	}
	const og_caps *caps = net_account_caps(acc->net);
	og_group *g = store_find(&acc->store, c.group_id);
	long at = g ? og_group_find_source(g, c.source_key) : -1;
	og_error err;
	og_error_clear(&err);
	if (at < 0) {
		app_status(a, true, "cannot undo: source %s is no longer in group %s", c.source_key, c.group_id);
	} else if (c.field == OG_FIELD_ORDER) {
		const char *proto = rules_move_list(&g->sources[at], c.protocol);
		if (rules_order_in(&g->sources[at], proto) != c.order_from)
			app_status(a, true, "cannot undo: the failover order of %s has changed since", c.source_key);
		else if (rules_check_move(g, c.source_key, proto, c.order_to, &err) < 0)
			app_status(a, true, "%s", err.msg);
		else
			send_change(a, acc, &c, &g->sources[at], true, NULL);
	} else if (c.field == OG_FIELD_PRIMARY) {
		/* Making a source primary may have demoted another: turning it off
		 * again would not bring that one back. */
		app_status(a, true, "cannot undo a new primary: press P on the source that was primary");
	} else if (og_source_flag_get(&g->sources[at], c.field) != c.from) {
		app_status(a, true, "cannot undo: %s of %s has changed since", og_field_name(c.field), c.source_key);
	} else if (rules_check_flag_change(g, caps, c.source_key, c.field, c.to, &err) < 0) {
		app_status(a, true, "%s", err.msg);
	} else {
		send_change(a, acc, &c, &g->sources[at], true, NULL);
	}
	og_change_clear(&c);
}
