/* The application state, and the path of every job: submit, count in
 * flight, apply the result to the store of its own account. */
#include "tui/app.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/rules.h"
#include "tui/cmdline.h"
#include "tui/xlog.h"
#include "tui/probe_ui.h"

int app_init(app *a, og_config *cfg, size_t first, bool cli_read_only)
{
	memset(a, 0, sizeof *a);
	a->cfg = cfg;
	a->cli_read_only = cli_read_only;
	a->idle_fd = -1;
	a->next_tag = 1;
	a->net_opt.timeout_seconds = cfg->timeout_seconds;
	keymap_init_defaults(&a->keys);
	a->n_accounts = cfg->n_accounts;
	a->accounts = calloc(a->n_accounts ? a->n_accounts : 1, sizeof *a->accounts);
	if (!a->accounts)
		return -1;
	for (size_t i = 0; i < a->n_accounts; i++) {
		app_account *acc = &a->accounts[i];
		acc->cfg = &cfg->accounts[i];
		store_init(&acc->store);
		acc->read_only = config_read_only(cfg, acc->cfg, cli_read_only);
		if (cli_read_only)
			snprintf(acc->read_only_why, sizeof acc->read_only_why, "--read-only");
		else if (acc->cfg->read_only == 1)
			snprintf(acc->read_only_why, sizeof acc->read_only_why,
			         "account \"%s\" has read_only = true", acc->cfg->name ? acc->cfg->name : "");
		else
			snprintf(acc->read_only_why, sizeof acc->read_only_why, "read_only = true in the config");
	}
	a->cur = first < a->n_accounts ? first : 0;
	view *v = view_groups_new(a->cur);
	if (!v)
		return -1;
	app_push(a, v);
	a->dirty = true;
	return 0;
}

void app_free(app *a)
{
	while (a->depth > 0)
		view_free(a->stack[--a->depth]);
	xlog_free(a);
	form_state_free(a->form);
	a->form = NULL;
	delete_ask_free(a->del);
	a->del = NULL;
	s3_ask_free(a->s3ask);      /* wipes keys typed but not yet kept */
	a->s3ask = NULL;
	cmdline_free(a->cmdline);
	a->cmdline = NULL;
	for (size_t i = 0; a->accounts && i < a->n_accounts; i++) {
		store_free(&a->accounts[i].store);
		og_probe_book_free(&a->accounts[i].probes);
		/* the worker is stopped first by the caller: no job uses them now */
		net_account_free(a->accounts[i].net);
	}
	free(a->accounts);
	a->accounts = NULL;
}

void app_status(app *a, bool error, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(a->status, sizeof a->status, fmt, ap);
	va_end(ap);
	a->status_error = error;
	a->status_seq++;
	a->dirty = true;
}

app_account *app_cur(app *a)
{
	return a->n_accounts ? &a->accounts[a->cur] : NULL;
}

view *app_top(app *a)
{
	return a->depth > 0 ? a->stack[a->depth - 1] : NULL;
}

void app_push(app *a, view *v)
{
	if (!v)
		return;
	if (a->depth == APP_MAX_VIEWS) {
		view_free(v);
		return;
	}
	a->stack[a->depth++] = v;
	a->dirty = true;
}

void app_pop(app *a)
{
	if (a->depth <= 1)
		return;
	view_free(a->stack[--a->depth]);
	a->dirty = true;
}

void app_remove_view(app *a, int i)
{
	if (a->depth <= 1 || i < 0 || i >= a->depth)
		return;
	view_free(a->stack[i]);
	for (int k = i; k + 1 < a->depth; k++)
		a->stack[k] = a->stack[k + 1];
	a->depth--;
	a->dirty = true;
}

size_t app_pending_total(const app *a)
{
	size_t n = 0;
	for (size_t i = 0; i < a->n_accounts; i++)
		n += store_pending_count(&a->accounts[i].store);
	return n;
}

int app_open_account(app *a, size_t idx)
{
	if (idx >= a->n_accounts)
		return -1;
	app_account *acc = &a->accounts[idx];
	if (acc->net)
		return 0;
	if (acc->open_tried)
		return -1;
	acc->open_tried = true;
	acc->net = net_account_open(acc->cfg, &a->net_opt, &acc->open_err);
	if (!acc->net) {
		acc->load_failed = true;
		snprintf(acc->load_err, sizeof acc->load_err, "%s", acc->open_err.msg);
		return -1;
	}
	return 0;
}

int app_submit(app *a, job_request *r)
{
	if (!a->worker) {
		job_request_free(r);
		app_status(a, true, "no worker is running: nothing can be sent");
		return -1;
	}
	if (worker_submit(a->worker, r) < 0) {
		app_status(a, true, "could not queue the request (out of memory?)");
		return -1;
	}
	a->in_flight++;
	a->dirty = true;
	return 0;
}

void app_load_list(app *a, size_t idx)
{
	if (app_open_account(a, idx) < 0) {
		app_account *acc = &a->accounts[idx];
		app_status(a, true, "%s", acc->load_err);
		return;
	}
	app_account *acc = &a->accounts[idx];
	uint64_t tag = a->next_tag++;
	job_request *r = job_request_new(JOB_LIST, acc->net, tag, NULL);
	if (!r) {
		app_status(a, true, "out of memory");
		return;
	}
	if (app_submit(a, r) == 0) {
		acc->newest_list = tag;
		acc->lists_in_flight++;
	}
}

void app_load_group(app *a, size_t idx, const char *group_id)
{
	if (app_open_account(a, idx) < 0)
		return;
	job_request *r = job_request_new(JOB_GET, a->accounts[idx].net, a->next_tag++, group_id);
	if (!r) {
		app_status(a, true, "out of memory");
		return;
	}
	app_submit(a, r);
}

static app_account *account_of(app *a, const net_account *net)
{
	for (size_t i = 0; i < a->n_accounts; i++)
		if (a->accounts[i].net && a->accounts[i].net == net)
			return &a->accounts[i];
	return NULL;
}

/* The groups view of an account, to keep its cursor on the same group. */
static view *groups_view_of(app *a, size_t idx)
{
	for (int i = 0; i < a->depth; i++)
		if (a->stack[i]->ops->screen == SCR_GROUPS && a->stack[i]->account == idx)
			return a->stack[i];
	return NULL;
}

/* The source under the cursor of every group view of account idx, so that
 * a result that lists the group's sources in a new order (a move, a new
 * primary) leaves the cursor on the same source. */
typedef struct cursor_keep {
	view *v;
	char *key;
} cursor_keep;

static size_t cursors_save(app *a, size_t idx, cursor_keep *out, size_t max)
{
	size_t n = 0;
	for (int i = 0; i < a->depth && n < max; i++) {
		view *v = a->stack[i];
		if (v->ops->screen != SCR_GROUP || v->account != idx)
			continue;
		og_group *g = store_find(&a->accounts[idx].store, v->group_id);
		if (!g || v->cursor >= g->n_sources || !g->sources[v->cursor].key)
			continue;
		out[n].v = v;
		out[n].key = strdup(g->sources[v->cursor].key);
		if (out[n].key)
			n++;
	}
	return n;
}

static bool view_in_stack(const app *a, const view *v)
{
	for (int i = 0; i < a->depth; i++)
		if (a->stack[i] == v)
			return true;
	return false;
}

static void cursors_restore(app *a, size_t idx, cursor_keep *keep, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		/* the result may have closed the view (a deleted group's screen) */
		if (!view_in_stack(a, keep[i].v)) {
			free(keep[i].key);
			continue;
		}
		og_group *g = store_find(&a->accounts[idx].store, keep[i].v->group_id);
		long at = g ? og_group_find_source(g, keep[i].key) : -1;
		if (at >= 0)
			keep[i].v->cursor = (size_t)at;
		free(keep[i].key);
	}
}

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

static void apply_list(app *a, app_account *acc, size_t idx, bool current, job_result *r)
{
	if (acc->lists_in_flight > 0)
		acc->lists_in_flight--;
	if (r->tag < acc->newest_list)
		return;   /* an older list: a newer one was sent after it */
	if (r->status != 0) {
		acc->load_failed = true;
		snprintf(acc->load_err, sizeof acc->load_err, "%s", r->err.msg);
		if (current)
			app_status(a, true, "%s", r->err.msg);
		return;
	}
	view *gv = groups_view_of(a, idx);
	char *keep = NULL;
	if (gv && gv->cursor < store_view_count(&acc->store)) {
		og_group *g = store_view_at(&acc->store, gv->cursor);
		keep = g && g->id ? strdup(g->id) : NULL;
	}
	store_replace_all(&acc->store, &r->groups);
	acc->store.loaded = true;
	acc->load_failed = false;
	acc->load_err[0] = '\0';
	if (gv && keep) {
		long at = store_view_index(&acc->store, keep);
		if (at >= 0)
			gv->cursor = (size_t)at;
	}
	free(keep);
	if (current)
		app_status(a, false, "%zu groups", acc->store.groups.n);
}

static void apply_get(app *a, app_account *acc, bool current, job_result *r)
{
	if (r->status != 0) {
		if (current)
			app_status(a, true, "%s", r->err.msg);
		return;
	}
	if (r->group) {
		store_replace_group(&acc->store, r->group);
		r->group = NULL;
	}
	if (current)
		app_status(a, false, "group %s refreshed", r->group_id ? r->group_id : "");
}

static void apply_change(app *a, app_account *acc, bool current, job_result *r)
{
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
	store_revert(&acc->store, r->tag);
	/* The group as the server holds it, whenever the job could read it: after
	 * a conflict, a refusal, a write half done (Edgio's steps), or read again
	 * after a write whose answer proved nothing. */
	if (r->group) {
		store_replace_group(&acc->store, r->group);
		r->group = NULL;
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

void app_apply_result(app *a, job_result *r)
{
	if (a->in_flight > 0)
		a->in_flight--;
	a->dirty = true;
	app_account *acc = account_of(a, r->account);
	if (!acc)
		return;
	size_t idx = (size_t)(acc - a->accounts);
	bool current = idx == a->cur;
	cursor_keep keep[APP_MAX_VIEWS];
	size_t kept = cursors_save(a, idx, keep, APP_MAX_VIEWS);
	switch (r->kind) {
	case JOB_LIST:
		apply_list(a, acc, idx, current, r);
		break;
	case JOB_GET:
		apply_get(a, acc, current, r);
		break;
	case JOB_CHANGE:
		apply_change(a, acc, current, r);
		break;
	case JOB_PROBE:
		probe_apply(a, acc, r);
		break;
	case JOB_SAVE_FORM:
		form_apply_result(a, acc, current, r);
		break;
	case JOB_DELETE:
		delete_apply_result(a, acc, current, r);
		break;
	}
	cursors_restore(a, idx, keep, kept);
}

void app_switch_account(app *a, size_t idx)
{
	if (idx >= a->n_accounts)
		return;
	view *v = view_groups_new(idx);
	if (!v) {
		app_status(a, true, "out of memory");
		return;
	}
	while (a->depth > 0)
		view_free(a->stack[--a->depth]);
	a->cur = idx;
	app_push(a, v);
	app_account *acc = &a->accounts[idx];
	if (app_open_account(a, idx) < 0) {
		app_status(a, true, "%s", acc->load_err);
		return;
	}
	if (!acc->store.loaded && acc->lists_in_flight == 0)
		app_load_list(a, idx);
	if (acc->held_msg[0]) {
		app_status(a, acc->held_error, "account %s: %s", acc->cfg->name ? acc->cfg->name : "",
		           acc->held_msg);
		acc->held_msg[0] = '\0';
	} else {
		app_status(a, false, "account %s", acc->cfg->name ? acc->cfg->name : "");
	}
}

/* The list a move changes, named for rules_order_in(): the source's own
 * protocol, or for a Match Client source the one asked for ("http" when
 * NULL). NULL for a source that names no protocol. */
static const char *order_proto(const og_source *s, const char *asked)
{
	return rules_move_list(s, asked);
}

/* Sends one flag change: snapshot, optimistic store change, job. */
static void send_change(app *a, app_account *acc, const og_change *c, const og_source *before,
                        bool is_undo)
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
	if (app_submit_write(a, r) < 0)
		store_revert(&acc->store, id);
	else
		app_status(a, false, "%s (sending)", what);
}

/* The caps' reason when the provider lacks the flag, or NULL. */
static const char *caps_why_not(const og_caps *caps, og_field f)
{
	return og_caps_why_not(caps, f);
}

void app_toggle(app *a, view *v, og_field f)
{
	app_account *acc = &a->accounts[v->account];
	if (!acc->net) {
		app_status(a, true, "the account is not open");
		return;
	}
	const og_caps *caps = net_account_caps(acc->net);
	const char *why = caps_why_not(caps, f);
	if (why) {
		app_status(a, true, "%s", why);
		return;
	}
	og_group *g = store_find(&acc->store, v->group_id);
	if (!g) {
		app_status(a, true, "group %s is not loaded; press r to refresh", v->group_id);
		return;
	}
	if (v->cursor >= g->n_sources) {
		app_status(a, true, "no source under the cursor");
		return;
	}
	og_source *src = &g->sources[v->cursor];
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
	send_change(a, acc, &c, src, false);
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
	const char *why = caps_why_not(caps, f);
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

static const char *host_of(const og_source *s)
{
	return s->host && s->host[0] ? s->host : (s->key ? s->key : "");
}

void app_make_primary(app *a, view *v)
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
	send_change(a, acc, &c, src, false);
}

void app_move_source(app *a, view *v, int delta)
{
	og_group *g;
	const og_caps *caps;
	og_source *src = cursor_source(a, v, OG_FIELD_ORDER, &g, &caps);
	if (!src)
		return;
	app_account *acc = &a->accounts[v->account];
	bool match = src->protocol && strcmp(src->protocol, "match") == 0;
	const char *asked = match ? (v->order_https ? "https" : "http") : NULL;
	const char *proto = order_proto(src, asked);
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
	send_change(a, acc, &c, src, false);
}

void app_undo(app *a, view *v)
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
		const char *proto = order_proto(&g->sources[at], c.protocol);
		if (rules_order_in(&g->sources[at], proto) != c.order_from)
			app_status(a, true, "cannot undo: the failover order of %s has changed since", c.source_key);
		else if (rules_check_move(g, c.source_key, proto, c.order_to, &err) < 0)
			app_status(a, true, "%s", err.msg);
		else
			send_change(a, acc, &c, &g->sources[at], true);
	} else if (c.field == OG_FIELD_PRIMARY) {
		/* Making a source primary may have demoted another: turning it off
		 * again would not bring that one back. */
		app_status(a, true, "cannot undo a new primary: press P on the source that was primary");
	} else if (og_source_flag_get(&g->sources[at], c.field) != c.from) {
		app_status(a, true, "cannot undo: %s of %s has changed since", og_field_name(c.field), c.source_key);
	} else if (rules_check_flag_change(g, caps, c.source_key, c.field, c.to, &err) < 0) {
		app_status(a, true, "%s", err.msg);
	} else {
		send_change(a, acc, &c, &g->sources[at], true);
	}
	og_change_clear(&c);
}

void app_request_quit(app *a)
{
	/* a write held for S3 keys is refused first: the question is gone */
	s3_prompt_cancel(a);
	if (app_pending_total(a) > 0 || form_unsaved(a)) {
		prompt_open(a, PROMPT_CONFIRM_QUIT);
		return;
	}
	a->quit = true;
}
