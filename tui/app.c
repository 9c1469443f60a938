/* The shell: accounts, the view stack, the status line, and the path of
 * every job: submit, count in flight, route the result back to the handler
 * its submitter registered. It names no screen and no feature. */
#include "tui/app.h"
#include "model/og_grow.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


/* The routes whose context belongs to v lose it: their handler is told the
 * submitter is gone (ctx NULL) instead of touching freed state. */
static void forget_owner(app *a, const view *v)
{
	for (size_t i = 0; i < a->n_routes; i++)
		if (a->routes[i].owner == v) {
			a->routes[i].owner = NULL;
			a->routes[i].ctx = NULL;
		}
}

/* Every view leaves through here (pop, remove, switch, free). */
static void drop_view(app *a, view *v)
{
	forget_owner(a, v);
	view_free(v);
}

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
		action_read_only_why(cli_read_only, acc->cfg->read_only == 1, acc->cfg->name,
		                     acc->read_only_why, sizeof acc->read_only_why);
	}
	a->cur = first < a->n_accounts ? first : 0;
	view *v = app_first_view(a->cur);
	if (!v)
		return -1;
	app_push(a, v);
	a->dirty = true;
	return 0;
}

void app_free(app *a)
{
	while (a->depth > 0)
		drop_view(a, a->stack[--a->depth]);
	while (a->n_slots > 0) {
		app_slot_entry *e = &a->slots[--a->n_slots];
		if (e->state && e->key->free)
			e->key->free(e->state);
	}
	free(a->routes);
	a->routes = NULL;
	a->n_routes = a->cap_routes = 0;
	for (size_t i = 0; a->accounts && i < a->n_accounts; i++) {
		store_free(&a->accounts[i].store);
		og_probe_book_free(&a->accounts[i].probes);
		/* the worker is stopped first by the caller: no job uses them now */
		net_account_free(a->accounts[i].net);
	}
	free(a->accounts);
	a->accounts = NULL;
}

void *app_slot(const app *a, const app_slot_key *key)
{
	for (int i = 0; i < a->n_slots; i++)
		if (a->slots[i].key == key)
			return a->slots[i].state;
	return NULL;
}

int app_slot_set(app *a, const app_slot_key *key, void *state)
{
	for (int i = 0; i < a->n_slots; i++)
		if (a->slots[i].key == key) {
			a->slots[i].state = state;
			return 0;
		}
	if (!state)
		return 0;
	if (a->n_slots == APP_MAX_SLOTS)
		return -1;
	a->slots[a->n_slots++] = (app_slot_entry){ key, state };
	return 0;
}

void app_slots_quit(app *a)
{
	for (int i = 0; i < a->n_slots; i++)
		if (a->slots[i].state && a->slots[i].key->quit)
			a->slots[i].key->quit(a);
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
	if (v->ops->open)
		v->ops->open(a, v);
}

void app_pop(app *a)
{
	if (a->depth <= 1)
		return;
	drop_view(a, a->stack[--a->depth]);
	a->dirty = true;
}

void app_remove_view(app *a, int i)
{
	if (a->depth <= 1 || i < 0 || i >= a->depth)
		return;
	drop_view(a, a->stack[i]);
	for (int k = i; k + 1 < a->depth; k++)
		a->stack[k] = a->stack[k + 1];
	a->depth--;
	a->dirty = true;
}

bool app_unsaved(app *a)
{
	for (int i = 0; i < a->depth; i++)
		if (a->stack[i]->ops->unsaved && a->stack[i]->ops->unsaved(a, a->stack[i]))
			return true;
	return false;
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

int app_route_add(app *a, const job_request *r, app_done_fn *done, void *ctx, const view *owner)
{
	app_route *n = og_grow(a->routes, &a->cap_routes, a->n_routes, sizeof *n, 16);
	if (!n) {
		app_status(a, true, "out of memory");
		return -1;
	}
	a->routes = n;
	a->routes[a->n_routes++] = (app_route){ .kind = r->kind, .account = r->account, .tag = r->tag,
	                                        .done = done, .ctx = ctx, .owner = owner };
	return 0;
}

/* Takes the route of a job out of the table; false when none. */
static bool route_take(app *a, job_kind kind, const net_account *na, uint64_t tag, app_route *out)
{
	for (size_t i = 0; i < a->n_routes; i++) {
		app_route *rt = &a->routes[i];
		if (rt->kind == kind && rt->account == na && rt->tag == tag) {
			*out = *rt;
			a->routes[i] = a->routes[--a->n_routes];
			return true;
		}
	}
	return false;
}

int app_send(app *a, job_request *r)
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

int app_submit_via(app *a, job_request *r, app_done_fn *done, void *ctx, const view *owner,
                   app_sender *send, const void *how)
{
	if (!r)
		return -1;
	job_kind kind = r->kind;
	const net_account *na = r->account;
	uint64_t tag = r->tag;
	if (app_route_add(a, r, done, ctx, owner) < 0) {
		job_request_free(r);
		return -1;
	}
	if (send(a, r, how) < 0) {   /* r is gone: its route goes too */
		app_route gone;
		route_take(a, kind, na, tag, &gone);
		return -1;
	}
	return 0;
}

static int send_now(app *a, job_request *r, const void *how)
{
	return app_send(a, r);
}

int app_submit(app *a, job_request *r, app_done_fn *done, void *ctx, const view *owner)
{
	return app_submit_via(a, r, done, ctx, owner, send_now, NULL);
}

app_account *app_account_of(app *a, const net_account *net)
{
	for (size_t i = 0; net && i < a->n_accounts; i++)
		if (a->accounts[i].net == net)
			return &a->accounts[i];
	return NULL;
}

void app_apply_result(app *a, job_result *r)
{
	if (a->in_flight > 0)
		a->in_flight--;
	a->dirty = true;
	app_route rt;
	if (!route_take(a, r->kind, r->account, r->tag, &rt) || !rt.done)
		return;   /* nobody asked for it */
	app_account *acc = app_account_of(a, r->account);
	if (!acc)
		return;
	size_t idx = (size_t)(acc - a->accounts);
	/* The views of the account keep their place (the row under the cursor)
	 * across whatever the result changes in its store. */
	for (int i = 0; i < a->depth; i++)
		if (a->stack[i]->account == idx && a->stack[i]->ops->keep_place)
			a->stack[i]->ops->keep_place(a, a->stack[i]);
	rt.done(a, r, rt.ctx);
	for (int i = 0; i < a->depth; i++)
		if (a->stack[i]->account == idx && a->stack[i]->ops->find_place)
			a->stack[i]->ops->find_place(a, a->stack[i]);
}

void app_switch_account(app *a, size_t idx)
{
	if (idx >= a->n_accounts)
		return;
	view *v = app_first_view(idx);
	if (!v) {
		app_status(a, true, "out of memory");
		return;
	}
	while (a->depth > 0)
		drop_view(a, a->stack[--a->depth]);
	a->cur = idx;
	app_account *acc = &a->accounts[idx];
	bool usable = app_open_account(a, idx) == 0;
	app_push(a, v);     /* its open loads the list when it is not there yet */
	if (!usable) {
		app_status(a, true, "%s", acc->load_err);
		return;
	}
	if (acc->held_msg[0]) {
		app_status(a, acc->held_error, "account %s: %s", acc->cfg->name ? acc->cfg->name : "",
		           acc->held_msg);
		acc->held_msg[0] = '\0';
	} else {
		app_status(a, false, "account %s", acc->cfg->name ? acc->cfg->name : "");
	}
}
