/* The views' lifecycle and the routing of results: a view's private state
 * is opened with it and freed with it, a result goes back to the handler
 * its submitter registered (told when the submitting view has gone, never
 * handed its freed state: run under ASan), and the form's keys come from
 * the action table, so help lists them and `keys` rebinds them. No terminal
 * and no worker: the app state is plain data. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/app.h"
#include "tui/dispatch.h"
#include "tui/views/form.h"
#include "tui/views/help.h"

typedef struct fixture {
	og_config cfg;
	app a;
} fixture;

static og_group *group1(const char *id)
{
	og_group *g = calloc(1, sizeof *g);
	g->id = strdup(id);
	g->name = strdup("web");
	g->use_next = OG_NO;
	g->in_use = OG_NO;
	g->n_sources = 1;
	g->sources = calloc(1, sizeof *g->sources);
	g->sources[0].key = strdup("a.com");
	g->sources[0].host = strdup("a.com");
	g->sources[0].enabled = OG_YES;
	g->sources[0].backup = OG_NO;
	g->sources[0].primary = OG_ABSENT;
	g->sources[0].order = -1;
	/* as a group read from Gcore has it: the form fills from the server's copy */
	og_group_set_raw(g, cJSON_Parse("{\"id\":42,\"name\":\"web\",\"use_next\":false,"
	                                "\"sources\":[{\"source\":\"a.com\",\"enabled\":true,"
	                                "\"backup\":false}]}"));
	return g;
}

static fixture *setup_with(const char *extra)
{
	fixture *f = calloc(1, sizeof *f);
	char text[1024];
	snprintf(text, sizeof text,
	         "%s\naccounts = (\n"
	         " { name = \"one\"; provider = \"gcore\"; api_key_env = \"ORIGO_TEST_KEY\"; api_url = \"http://127.0.0.1:9\"; }\n"
	         ");\n", extra);
	setenv("ORIGO_TEST_KEY", "k", 1);
	og_error err;
	if (config_load_string(&f->cfg, text, "test.conf", true, net_providers(), &err) != 0)
		fail_msg("config: %s", err.msg);
	assert_int_equal(app_init(&f->a, &f->cfg, 0, false), 0);
	if (keymap_apply_config(&f->a.keys, &f->cfg, &err) != 0)
		fail_msg("keys: %s", err.msg);
	assert_int_equal(app_open_account(&f->a, 0), 0);
	og_group_list l = { 0 };
	og_group_list_push(&l, group1("42"));
	store_replace_all(&f->a.accounts[0].store, &l);
	f->a.accounts[0].store.loaded = true;
	return f;
}

static void teardown_fixture(fixture *f)
{
	app_free(&f->a);
	config_free(&f->cfg);
	free(f);
}

/* ---- a view kind of the test's own, counting its lifecycle ------------- */

static int opened, closed;

static void probe_open(app *a, view *v)
{
	(void)a;
	opened++;
	v->priv = strdup("the view's own state");
}

static void probe_close(view *v)
{
	closed++;
	free(v->priv);      /* ASan reports it if this never runs */
	v->priv = NULL;
}

static const view_ops probe_ops = {
	.screen = SCR_HELP,
	.open = probe_open,
	.close = probe_close,
};

static view *probe_view(void)
{
	view *v = calloc(1, sizeof *v);
	v->ops = &probe_ops;
	return v;
}

static void test_open_and_close_own_the_private_state(void **state)
{
	(void)state;
	fixture *f = setup_with("");
	app *a = &f->a;
	opened = closed = 0;
	app_push(a, probe_view());
	assert_int_equal(opened, 1);
	assert_string_equal(app_top(a)->priv, "the view's own state");
	app_pop(a);
	assert_int_equal(closed, 1);
	/* one left on the stack: app_free closes it */
	app_push(a, probe_view());
	app_push(a, view_help_new(0, SCR_GROUPS));   /* a real view's priv too */
	assert_int_equal(opened, 2);
	teardown_fixture(f);
	assert_int_equal(closed, 2);
}

/* ---- routing ------------------------------------------------------------ */

static int calls;
static void *seen_ctx;
static uint64_t seen_tag;

static void done(app *a, job_result *r, void *ctx)
{
	(void)a;
	calls++;
	seen_ctx = ctx;
	seen_tag = r->tag;
	/* the submitter's state is read here: freed, ASan would say so */
	if (ctx)
		assert_string_equal(((view *)ctx)->priv, "the view's own state");
}

static job_result *result_of(app *a, job_kind kind, uint64_t tag)
{
	job_result *r = calloc(1, sizeof *r);
	r->kind = kind;
	r->account = a->accounts[0].net;
	r->tag = tag;
	return r;
}

static void send_route(app *a, job_kind kind, uint64_t tag, view *owner)
{
	job_request q = { .kind = kind, .account = a->accounts[0].net, .tag = tag };
	assert_int_equal(app_route_add(a, &q, done, owner, owner), 0);
	a->in_flight++;     /* as app_send counts it */
}

static void test_result_goes_to_its_submitter(void **state)
{
	(void)state;
	fixture *f = setup_with("");
	app *a = &f->a;
	app_push(a, probe_view());
	view *v = app_top(a);
	calls = 0;
	send_route(a, JOB_PROBE, 7, v);
	send_route(a, JOB_GET, 7, v);        /* same tag, another kind */
	job_result *r = result_of(a, JOB_GET, 7);
	app_apply_result(a, r);
	job_result_free(r);
	assert_int_equal(calls, 1);
	assert_ptr_equal(seen_ctx, v);
	assert_int_equal(a->in_flight, 1);
	/* its route is used once: the same answer again goes nowhere */
	r = result_of(a, JOB_GET, 7);
	app_apply_result(a, r);
	job_result_free(r);
	assert_int_equal(calls, 1);
	r = result_of(a, JOB_PROBE, 7);
	app_apply_result(a, r);
	job_result_free(r);
	assert_int_equal(calls, 2);
	assert_int_equal(a->n_routes, 0);
	assert_int_equal(a->in_flight, 0);
	teardown_fixture(f);
}

static void test_submitter_gone_is_told_not_touched(void **state)
{
	(void)state;
	fixture *f = setup_with("");
	app *a = &f->a;
	app_push(a, probe_view());
	view *v = app_top(a);
	calls = 0;
	send_route(a, JOB_SAVE_FORM, 9, v);
	app_pop(a);                          /* the view and its priv are freed */
	job_result *r = result_of(a, JOB_SAVE_FORM, 9);
	app_apply_result(a, r);
	job_result_free(r);
	assert_int_equal(calls, 1);
	assert_null(seen_ctx);               /* told: the submitter has gone */
	assert_int_equal(seen_tag, 9);
	/* the same when the whole stack goes (an account switch) */
	app_push(a, probe_view());
	send_route(a, JOB_SAVE_FORM, 10, app_top(a));
	app_switch_account(a, 0);
	r = result_of(a, JOB_SAVE_FORM, 10);
	app_apply_result(a, r);
	job_result_free(r);
	assert_int_equal(calls, 2);
	assert_null(seen_ctx);
	teardown_fixture(f);
}

/* A real save: the form's view goes (discarded) before its answer comes;
 * the answer reaches the form's handler without its freed state and is
 * still said. The account's URL is dead: the answer is a failure. */
static void test_form_answer_after_the_form_closed(void **state)
{
	(void)state;
	fixture *f = setup_with("");
	app *a = &f->a;
	og_error err = { 0 };
	a->worker = worker_start(1, &err);
	assert_non_null(a->worker);
	dispatch_key(a, 'e');                /* edit group 42: the name field first */
	assert_non_null(form_of_view(app_top(a)));
	dispatch_key(a, 'x');                /* typed: closing now asks */
	dispatch_key(a, 19);                 /* C-s */
	assert_int_equal(a->in_flight, 1);
	assert_int_equal(a->n_routes, 1);
	dispatch_key(a, 27);                 /* Esc: discard? */
	dispatch_key(a, 'y');
	assert_null(form_of_view(app_top(a)));
	job_result *r = NULL;
	for (int i = 0; i < 300 && !r; i++) {
		struct pollfd p = { .fd = worker_wake_fd(a->worker), .events = POLLIN };
		poll(&p, 1, 100);
		worker_drain_wake(a->worker);
		r = worker_take_result(a->worker);
	}
	if (!r)
		fail_msg("the save's answer never came");
	assert_int_equal(r->kind, JOB_SAVE_FORM);
	app_apply_result(a, r);
	job_result_free(r);
	assert_int_equal(a->in_flight, 0);
	assert_int_equal(a->n_routes, 0);
	assert_true(a->status_error);        /* said, on the screen now shown */
	assert_true(a->status[0] != '\0');
	worker_stop(a->worker);
	a->worker = NULL;
	teardown_fixture(f);
}

/* ---- form keys from the action table ------------------------------------ */

static size_t focus_of(app *a)
{
	form *fm = form_of_view(app_top(a));
	assert_non_null(fm);
	return fm->focus;
}

static void test_form_keys_are_actions_help_lists_and_keys_rebinds(void **state)
{
	(void)state;
	/* defaults: help of the form screen lists them from the one table */
	keymap km;
	keymap_init_defaults(&km);
	action_id acts[ACT_COUNT];
	size_t n = help_collect(&km, NULL, SCR_FORM, NULL, acts, ACT_COUNT);
	bool save = false, next = false, repaint = false;
	for (size_t i = 0; i < n; i++) {
		save |= acts[i] == ACT_FORM_SAVE;
		next |= acts[i] == ACT_FORM_NEXT;
		repaint |= acts[i] == ACT_REPAINT;
		assert_true(action_get(acts[i])->screens & SCR_FORM);
	}
	assert_true(save && next && repaint);
	char keys[64];
	assert_string_equal(keymap_keys_text(&km, ACT_FORM_SAVE, keys, sizeof keys), "C-s");
	assert_string_equal(keymap_keys_text(&km, ACT_FORM_PREV, keys, sizeof keys), "S-Tab");

	/* rebound: C-n moves to the next field, Tab no longer does; C-w saves */
	/* the message a form opens with names the keys as bound: the defaults */
	fixture *d = setup_with("");
	dispatch_key(&d->a, 'e');
	assert_non_null(form_of_view(app_top(&d->a)));
	assert_string_equal(d->a.status, "Tab/Shift-Tab move, Space ticks, Ctrl-S saves, Esc cancels, F1 help");
	teardown_fixture(d);

	fixture *f = setup_with("keys = { form_next = \"C-n\"; form_save = \"C-w\"; };");
	app *a = &f->a;
	dispatch_key(a, 'e');
	assert_non_null(form_of_view(app_top(a)));
	/* ... and rebound: the new keys, not the defaults */
	assert_string_equal(a->status, "Ctrl-N/Shift-Tab move, Space ticks, Ctrl-W saves, Esc cancels, F1 help");
	size_t start = focus_of(a);
	dispatch_key(a, '\t');
	assert_int_equal(focus_of(a), start);
	dispatch_key(a, 14);                 /* C-n */
	assert_true(focus_of(a) != start);
	n = help_collect(&a->keys, NULL, SCR_FORM, "save", acts, ACT_COUNT);
	assert_int_equal(n, 1);
	assert_string_equal(keymap_keys_text(&a->keys, acts[0], keys, sizeof keys), "C-w");
	dispatch_key(a, 19);                 /* C-s: not bound any more, nothing */
	assert_null(strstr(a->status, "sent"));
	assert_null(strstr(a->status, "fix the marked"));
	dispatch_key(a, 23);                 /* C-w: the save runs (no worker here) */
	assert_true(strstr(a->status, "nothing can be sent") || strstr(a->status, "fix the marked"));
	teardown_fixture(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_open_and_close_own_the_private_state),
		cmocka_unit_test(test_result_goes_to_its_submitter),
		cmocka_unit_test(test_submitter_gone_is_told_not_touched),
		cmocka_unit_test(test_form_answer_after_the_form_closed),
		cmocka_unit_test(test_form_keys_are_actions_help_lists_and_keys_rebinds),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
