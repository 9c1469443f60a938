/* The action table, the help it generates, and the dispatcher's rules: one
 * central read-only refusal, the guard before anything is sent, stale and
 * foreign results. No terminal is needed: the app state is plain data. */
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
#include "tui/load.h"
#include "tui/source_edit.h"
#include "tui/views/group.h"
#include "tui/views/help.h"

static og_source src(const char *host, og_tri enabled, og_tri backup)
{
	og_source s;
	memset(&s, 0, sizeof s);
	s.key = strdup(host);
	s.host = strdup(host);
	s.enabled = enabled;
	s.backup = backup;
	s.primary = OG_ABSENT;
	s.order = -1;
	return s;
}

/* caller frees with og_group_free() */
static og_group *group3(const char *id)
{
	og_group *g = calloc(1, sizeof *g);
	g->id = strdup(id);
	g->name = strdup("web");
	g->use_next = OG_NO;
	g->in_use = OG_NO;
	g->n_sources = 3;
	g->sources = calloc(3, sizeof *g->sources);
	g->sources[0] = src("a.com", OG_YES, OG_NO);   /* the only active one */
	g->sources[1] = src("b.com", OG_NO, OG_NO);
	g->sources[2] = src("c.com", OG_YES, OG_YES);
	return g;
}

typedef struct fixture {
	og_config cfg;
	app a;
} fixture;

static fixture *setup_with(const char *extra, bool cli_read_only)
{
	fixture *f = calloc(1, sizeof *f);
	char text[1024];
	snprintf(text, sizeof text,
	         "%s\naccounts = (\n"
	         " { name = \"one\"; provider = \"gcore\"; api_key_env = \"ORIGO_TEST_KEY\"; api_url = \"http://127.0.0.1:9\"; },\n"
	         " { name = \"two\"; provider = \"gcore\"; api_key_env = \"ORIGO_TEST_KEY\"; api_url = \"http://127.0.0.1:9\"; }\n"
	         ");\n", extra);
	setenv("ORIGO_TEST_KEY", "k", 1);
	og_error err;
	if (config_load_string(&f->cfg, text, "test.conf", true, net_providers(), &err) != 0)
		fail_msg("config: %s", err.msg);
	assert_int_equal(app_init(&f->a, &f->cfg, 0, cli_read_only), 0);
	assert_int_equal(app_open_account(&f->a, 0), 0);
	assert_int_equal(app_open_account(&f->a, 1), 0);
	og_group_list l = { 0 };
	og_group_list_push(&l, group3("42"));
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

static void test_every_action_is_described(void **state)
{
	(void)state;
	for (int a = ACT_NONE + 1; a < ACT_COUNT; a++) {
		const action_info *i = action_get((action_id)a);
		assert_non_null(i);
		assert_true(i->name[0] != '\0');
		assert_true(i->description[0] != '\0');
		assert_true(i->screens != 0);
		assert_int_equal(action_by_name(i->name), a);
		for (int b = a + 1; b < ACT_COUNT; b++)
			assert_string_not_equal(i->name, action_get((action_id)b)->name);
	}
	assert_null(action_get(ACT_NONE));
	assert_int_equal(action_by_name("no_such_action"), ACT_NONE);
	assert_true(action_get(ACT_DELETE)->flags & AF_DANGEROUS);
	assert_true(action_get(ACT_TOGGLE_ENABLED)->flags & AF_WRITES);
	assert_false(action_get(ACT_REFRESH)->flags & AF_WRITES);
}

static void test_refusal_rule(void **state)
{
	(void)state;
	char buf[128];
	for (int a = ACT_NONE + 1; a < ACT_COUNT; a++) {
		bool writes = action_get((action_id)a)->flags & AF_WRITES;
		const char *msg = action_refusal((action_id)a, true, "--read-only", buf, sizeof buf);
		if (writes) {
			assert_non_null(msg);
			assert_string_equal(msg, "read-only: writes are refused (--read-only)");
		} else {
			assert_null(msg);
		}
		assert_null(action_refusal((action_id)a, false, "--read-only", buf, sizeof buf));
	}
}

static bool listed(const action_id *acts, size_t n, action_id a)
{
	for (size_t i = 0; i < n; i++)
		if (acts[i] == a)
			return true;
	return false;
}

static void test_help_lists_only_this_screen(void **state)
{
	(void)state;
	keymap km;
	keymap_init_defaults(&km);
	action_id acts[ACT_COUNT];
	size_t n = help_collect(&km, NULL, SCR_GROUPS, NULL, acts, ACT_COUNT);
	assert_true(listed(acts, n, ACT_OPEN));
	assert_true(listed(acts, n, ACT_FILTER));
	assert_false(listed(acts, n, ACT_TOGGLE_ENABLED));
	assert_false(listed(acts, n, ACT_UNDO));
	for (size_t i = 0; i < n; i++)
		assert_true(action_works_on(acts[i], SCR_GROUPS));

	n = help_collect(&km, NULL, SCR_GROUP, NULL, acts, ACT_COUNT);
	assert_true(listed(acts, n, ACT_TOGGLE_ENABLED));
	assert_true(listed(acts, n, ACT_MAKE_PRIMARY));

	/* what the provider lacks is not offered */
	og_caps caps = { .has_enabled = true, .has_backup = true };
	n = help_collect(&km, &caps, SCR_GROUP, NULL, acts, ACT_COUNT);
	assert_true(listed(acts, n, ACT_TOGGLE_BACKUP));
	assert_false(listed(acts, n, ACT_MAKE_PRIMARY));
	assert_false(listed(acts, n, ACT_MOVE_SOURCE_UP));

	/* filterable, by key or words */
	n = help_collect(&km, NULL, SCR_GROUP, "toggle", acts, ACT_COUNT);
	assert_int_equal(n, 2);
	n = help_collect(&km, NULL, SCR_GROUP, "Space", acts, ACT_COUNT);
	assert_int_equal(n, 1);
	assert_int_equal(acts[0], ACT_TOGGLE_ENABLED);

	/* an unbound action disappears */
	km.n[ACT_TOGGLE_ENABLED] = 0;
	n = help_collect(&km, NULL, SCR_GROUP, NULL, acts, ACT_COUNT);
	assert_false(listed(acts, n, ACT_TOGGLE_ENABLED));
}

static void test_read_only_refuses_every_write_centrally(void **state)
{
	(void)state;
	fixture *f = setup_with("", true);
	app *a = &f->a;
	app_push(a, view_group_new(0, "42"));
	a->stack[a->depth - 1]->cursor = 1;
	for (int act = ACT_NONE + 1; act < ACT_COUNT; act++) {
		if (!(action_get((action_id)act)->flags & AF_WRITES))
			continue;
		a->status[0] = '\0';
		dispatch_action(a, (action_id)act, 0);
		assert_string_equal(a->status, "read-only: writes are refused (--read-only)");
		assert_true(a->status_error);
		assert_int_equal(a->in_flight, 0);
		assert_int_equal(store_pending_count(&a->accounts[0].store), 0);
	}
	/* and through a key */
	a->status[0] = '\0';
	dispatch_key(a, ' ');
	assert_non_null(strstr(a->status, "read-only"));
	assert_int_equal(store_find(&a->accounts[0].store, "42")->sources[1].enabled, OG_NO);
	/* reading still works */
	dispatch_action(a, ACT_MOVE_DOWN, 'j');
	assert_int_equal(a->stack[a->depth - 1]->cursor, 2);
	teardown_fixture(f);
}

static void test_read_only_from_config_says_where(void **state)
{
	(void)state;
	fixture *f = setup_with("read_only = true;", false);
	app_push(&f->a, view_group_new(0, "42"));
	dispatch_action(&f->a, ACT_TOGGLE_BACKUP, 'b');
	assert_string_equal(f->a.status, "read-only: writes are refused (read_only = true in the config)");
	teardown_fixture(f);
}

static void test_guard_refuses_before_sending(void **state)
{
	(void)state;
	fixture *f = setup_with("", false);
	app *a = &f->a;
	app_push(a, view_group_new(0, "42"));
	view *v = app_top(a);
	v->cursor = 0;                       /* a.com: the last active source */
	dispatch_key(a, ' ');
	assert_non_null(strstr(a->status, "last enabled non-backup source"));
	assert_int_equal(a->in_flight, 0);
	assert_int_equal(store_find(&a->accounts[0].store, "42")->sources[0].enabled, OG_YES);

	/* allowed, but no worker here: the optimistic change is taken back */
	v->cursor = 1;
	dispatch_key(a, ' ');
	assert_int_equal(a->in_flight, 0);
	assert_int_equal(store_pending_count(&a->accounts[0].store), 0);
	assert_int_equal(store_find(&a->accounts[0].store, "42")->sources[1].enabled, OG_NO);
	teardown_fixture(f);
}

static void test_missing_capability_says_why(void **state)
{
	(void)state;
	fixture *f = setup_with("", false);
	app *a = &f->a;
	app_push(a, view_group_new(0, "42"));
	const og_caps *caps = net_account_caps(a->accounts[0].net);
	assert_false(caps->has_primary);
	dispatch_key(a, 'P');
	assert_non_null(caps->why_no_primary);
	assert_string_equal(a->status, caps->why_no_primary);
	dispatch_key(a, 'p');
	assert_non_null(strstr(a->status, "no worker is running"));   /* p submits a probe job */
	teardown_fixture(f);
}

static void test_filter_prompt_narrows_as_you_type(void **state)
{
	(void)state;
	fixture *f = setup_with("", false);
	app *a = &f->a;
	og_group_list l = { 0 };
	og_group_list_push(&l, group3("42"));
	og_group_list_push(&l, group3("77"));
	free(l.items[1]->name);
	l.items[1]->name = strdup("images");
	store_replace_all(&a->accounts[0].store, &l);
	assert_int_equal(store_view_count(&a->accounts[0].store), 2);
	dispatch_key(a, '/');
	assert_int_equal(a->prompt.kind, PROMPT_FILTER);
	dispatch_key(a, 'i');
	dispatch_key(a, 'm');
	assert_int_equal(store_view_count(&a->accounts[0].store), 1);
	dispatch_key(a, '\r');                 /* Enter keeps it */
	assert_int_equal(a->prompt.kind, PROMPT_NONE);
	assert_int_equal(store_view_count(&a->accounts[0].store), 1);
	dispatch_key(a, '/');
	dispatch_key(a, 27);                   /* Esc clears it */
	assert_int_equal(store_view_count(&a->accounts[0].store), 2);
	teardown_fixture(f);
}

static void test_quit_asks_when_writes_pending(void **state)
{
	(void)state;
	fixture *f = setup_with("", false);
	app *a = &f->a;
	dispatch_key(a, 'q');
	assert_true(a->quit);                  /* nothing pending: quits at once */
	a->quit = false;
	og_change c = { .group_id = "42", .source_key = "b.com", .field = OG_FIELD_ENABLED,
	                .from = OG_NO, .to = OG_YES };
	assert_true(store_begin_change(&a->accounts[0].store, &c, false) > 0);
	dispatch_key(a, 'q');
	assert_false(a->quit);
	assert_int_equal(a->prompt.kind, PROMPT_CONFIRM_QUIT);
	dispatch_key(a, 'n');
	assert_false(a->quit);
	dispatch_key(a, 'q');
	dispatch_key(a, 'y');
	assert_true(a->quit);
	teardown_fixture(f);
}

/* The route its submitter registers when it sends a job (load_list, a
 * toggle): a result made up here goes where the real one would. */
static void route(app *a, job_kind kind, net_account *na, uint64_t tag, app_done_fn *done)
{
	job_request q = { .kind = kind, .account = na, .tag = tag };
	assert_int_equal(app_route_add(a, &q, done, NULL, NULL), 0);
}

static job_result *list_result(net_account *na, uint64_t tag, const char *id)
{
	job_result *r = calloc(1, sizeof *r);
	r->kind = JOB_LIST;
	r->account = na;
	r->tag = tag;
	og_group_list_push(&r->groups, group3(id));
	return r;
}

static void test_stale_and_foreign_results(void **state)
{
	(void)state;
	fixture *f = setup_with("", false);
	app *a = &f->a;
	a->accounts[0].newest_list = 5;
	a->in_flight = 3;
	route(a, JOB_LIST, a->accounts[0].net, 4, load_list_done);
	route(a, JOB_LIST, a->accounts[1].net, 1, load_list_done);
	route(a, JOB_LIST, a->accounts[0].net, 5, load_list_done);
	job_result *r = list_result(a->accounts[0].net, 4, "99");   /* older than the newest */
	app_apply_result(a, r);
	job_result_free(r);
	assert_null(store_find(&a->accounts[0].store, "99"));
	assert_non_null(store_find(&a->accounts[0].store, "42"));
	assert_int_equal(a->in_flight, 2);

	r = list_result(a->accounts[1].net, 1, "55");               /* the other account's */
	app_apply_result(a, r);
	job_result_free(r);
	assert_null(store_find(&a->accounts[0].store, "55"));
	assert_non_null(store_find(&a->accounts[1].store, "55"));

	r = list_result(a->accounts[0].net, 5, "99");               /* the newest */
	app_apply_result(a, r);
	job_result_free(r);
	assert_non_null(store_find(&a->accounts[0].store, "99"));
	assert_null(store_find(&a->accounts[0].store, "42"));
	assert_int_equal(a->in_flight, 0);
	teardown_fixture(f);
}

static void test_change_failure_reverts_with_api_message(void **state)
{
	(void)state;
	fixture *f = setup_with("", false);
	app *a = &f->a;
	og_store *s = &a->accounts[0].store;
	og_change c = { .group_id = "42", .source_key = "b.com", .field = OG_FIELD_ENABLED,
	                .from = OG_NO, .to = OG_YES };
	uint64_t id = store_begin_change(s, &c, false);
	assert_int_equal(store_find(s, "42")->sources[1].enabled, OG_YES);
	job_result *r = calloc(1, sizeof *r);
	r->kind = JOB_CHANGE;
	r->account = a->accounts[0].net;
	r->tag = id;
	r->status = -1;
	og_error_set(&r->err, OG_ERR_API, "Internal failure XYZ");
	a->in_flight = 1;
	route(a, JOB_CHANGE, a->accounts[0].net, id, source_edit_done);
	app_apply_result(a, r);
	job_result_free(r);
	assert_int_equal(store_find(s, "42")->sources[1].enabled, OG_NO);
	assert_string_equal(a->status, "Internal failure XYZ");
	assert_true(a->status_error);
	assert_int_equal(store_pending_count(s), 0);
	teardown_fixture(f);
}

/* An Edgio-like group: web1 HTTP primary at 0, web2 HTTP at 1, mc Match
 * Client (HTTP 2, HTTPS 1), sec HTTPS primary at 0. */
static og_group *edgio_group(void)
{
	og_group *g = calloc(1, sizeof *g);
	g->id = strdup("7");
	g->name = strdup("edge");
	g->use_next = g->in_use = OG_ABSENT;
	const char *hosts[] = { "web1", "web2", "mc", "sec" };
	const char *protos[] = { "http", "http", "match", "https" };
	int orders[] = { 0, 1, 2, 0 };
	og_tri prim[] = { OG_YES, OG_NO, OG_NO, OG_YES };
	g->n_sources = 4;
	g->sources = calloc(4, sizeof *g->sources);
	for (int i = 0; i < 4; i++) {
		g->sources[i] = src(hosts[i], OG_ABSENT, OG_ABSENT);
		g->sources[i].protocol = strdup(protos[i]);
		g->sources[i].order = orders[i];
		g->sources[i].order_alt = -1;
		g->sources[i].primary = prim[i];
	}
	g->sources[2].order_alt = 1;
	return g;
}

static fixture *setup_edgio(void)
{
	fixture *f = calloc(1, sizeof *f);
	const char *text =
	    "accounts = (\n"
	    " { name = \"ed\"; provider = \"edgio\"; platform = \"http-large\"; client_id = \"c\";"
	    "   client_secret_env = \"ORIGO_TEST_KEY\"; api_url = \"http://127.0.0.1:9\";"
	    "   token_url = \"http://127.0.0.1:9/connect/token\"; },\n"
	    " { name = \"g\"; provider = \"gcore\"; api_key_env = \"ORIGO_TEST_KEY\"; api_url = \"http://127.0.0.1:9\"; }\n"
	    ");\n";
	setenv("ORIGO_TEST_KEY", "k", 1);
	og_error err;
	if (config_load_string(&f->cfg, text, "test.conf", true, net_providers(), &err) != 0)
		fail_msg("config: %s", err.msg);
	assert_int_equal(app_init(&f->a, &f->cfg, 0, false), 0);
	assert_int_equal(app_open_account(&f->a, 0), 0);
	assert_int_equal(app_open_account(&f->a, 1), 0);
	og_group_list l = { 0 };
	og_group_list_push(&l, edgio_group());
	store_replace_all(&f->a.accounts[0].store, &l);
	app_push(&f->a, view_group_new(0, "7"));
	return f;
}

static void test_edgio_keys_refuse_by_rules_and_caps(void **state)
{
	(void)state;
	fixture *f = setup_edgio();
	app *a = &f->a;
	view *v = app_top(a);
	og_group *g = store_find(&a->accounts[0].store, "7");

	/* Space and b: the caps' reasons, nothing changed */
	v->cursor = 1;
	dispatch_key(a, ' ');
	assert_non_null(strstr(a->status, "no enabled flag"));
	dispatch_key(a, 'b');
	assert_non_null(strstr(a->status, "no backup flag"));
	/* K onto the primary's place, J of the last, P of a primary */
	dispatch_key(a, 'K');
	assert_non_null(strstr(a->status, "primary"));
	assert_true(a->status_error);
	assert_int_equal(g->sources[1].order, 1);
	v->cursor = 2;
	dispatch_key(a, 'J');
	assert_non_null(strstr(a->status, "already last"));
	v->cursor = 0;
	dispatch_key(a, 'J');
	assert_non_null(strstr(a->status, "keeps position 0"));
	dispatch_key(a, 'P');
	assert_non_null(strstr(a->status, "already primary"));
	assert_int_equal(store_pending_count(&a->accounts[0].store), 0);
	assert_int_equal(a->in_flight, 0);

	/* Tab: J/K of the Match Client entry now move its HTTPS row; K to the
	 * HTTPS primary's place is refused, J past the end too */
	v->cursor = 2;
	dispatch_key(a, '\t');
	assert_true(view_group_order_https(v));
	assert_non_null(strstr(a->status, "HTTPS"));
	dispatch_key(a, 'K');
	assert_non_null(strstr(a->status, "https"));
	assert_int_equal(g->sources[2].order_alt, 1);
	dispatch_key(a, '\t');
	assert_false(view_group_order_https(v));
	/* an allowed move, with no worker here: sent nowhere and taken back */
	dispatch_key(a, 'K');
	assert_non_null(strstr(a->status, "no worker"));
	assert_int_equal(g->sources[2].order, 2);
	assert_int_equal(g->sources[1].order, 1);
	assert_int_equal(store_pending_count(&a->accounts[0].store), 0);
	teardown_fixture(f);
}

static void test_gcore_keys_refuse_primary_and_order(void **state)
{
	(void)state;
	fixture *f = setup_with("", false);
	app *a = &f->a;
	app_push(a, view_group_new(0, "42"));
	const og_caps *caps = net_account_caps(a->accounts[0].net);
	dispatch_key(a, 'P');
	assert_string_equal(a->status, caps->why_no_primary);
	dispatch_key(a, 'J');
	assert_string_equal(a->status, caps->why_no_order);
	dispatch_key(a, 'K');
	assert_string_equal(a->status, caps->why_no_order);
	dispatch_key(a, '\t');
	assert_string_equal(a->status, caps->why_no_order);
	assert_int_equal(a->in_flight, 0);
	teardown_fixture(f);
}

/* A write's result for an account not on screen changes only its own store,
 * and its text waits for the user to switch back. */
static void test_foreign_change_result_held_for_its_account(void **state)
{
	(void)state;
	fixture *f = setup_with("", false);
	app *a = &f->a;
	og_group_list l = { 0 };
	og_group_list_push(&l, group3("42"));
	store_replace_all(&a->accounts[1].store, &l);
	og_store *s1 = &a->accounts[1].store;
	og_change c = { .group_id = "42", .source_key = "b.com", .field = OG_FIELD_ENABLED,
	                .from = OG_NO, .to = OG_YES };
	uint64_t id = store_begin_change(s1, &c, false);
	job_result *r = calloc(1, sizeof *r);
	r->kind = JOB_CHANGE;
	r->account = a->accounts[1].net;
	r->tag = id;
	r->status = -1;
	og_error_set(&r->err, OG_ERR_API, "origin b.com does not resolve");
	a->in_flight = 1;
	route(a, JOB_CHANGE, a->accounts[1].net, id, source_edit_done);
	app_apply_result(a, r);
	job_result_free(r);
	assert_int_equal(store_find(s1, "42")->sources[1].enabled, OG_NO);
	assert_int_equal(store_find(&a->accounts[0].store, "42")->sources[1].enabled, OG_NO);
	assert_null(strstr(a->status, "b.com"));
	assert_non_null(strstr(a->status, "two"));
	app_switch_account(a, 1);
	assert_non_null(strstr(a->status, "does not resolve"));
	teardown_fixture(f);
}

/* A job whose result cannot be allocated still reports: with the worker's
 * result allocation failing (the test hook), a toggle's pending change is
 * resolved with "out of memory" and put back, not left pending forever.
 * The job does not run, so nothing is sent (the account's URL is dead). */
static void test_change_resolved_when_result_alloc_fails(void **state)
{
	(void)state;
	fixture *f = setup_with("", false);
	app *a = &f->a;
	og_error err = { 0 };
	a->worker = worker_start(1, &err);
	assert_non_null(a->worker);
	view *v = view_group_new(0, "42");
	assert_non_null(v);
	app_push(a, v);
	v->cursor = 1;                        /* b.com, disabled */
	worker_test_fail_result_alloc(true);
	source_edit_toggle(a, v, OG_FIELD_ENABLED);
	og_store *s = &a->accounts[0].store;
	assert_int_equal(store_pending_count(s), 1);
	assert_int_equal(a->in_flight, 1);
	job_result *r = NULL;
	for (int i = 0; i < 100 && !r; i++) {
		struct pollfd p = { .fd = worker_wake_fd(a->worker), .events = POLLIN };
		poll(&p, 1, 100);
		worker_drain_wake(a->worker);
		r = worker_take_result(a->worker);
	}
	worker_test_fail_result_alloc(false);
	if (!r)
		fail_msg("the job's result never came: its change would stay pending");
	assert_int_equal(r->kind, JOB_CHANGE);
	assert_int_equal(r->status, -1);
	assert_string_equal(r->group_id, "42");
	app_apply_result(a, r);
	job_result_free(r);
	assert_int_equal(store_pending_count(s), 0);
	assert_int_equal(a->in_flight, 0);
	assert_int_equal(store_find(s, "42")->sources[1].enabled, OG_NO);
	assert_true(a->status_error);
	assert_non_null(strstr(a->status, "out of memory"));
	worker_stop(a->worker);
	a->worker = NULL;
	teardown_fixture(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_action_is_described),
		cmocka_unit_test(test_refusal_rule),
		cmocka_unit_test(test_help_lists_only_this_screen),
		cmocka_unit_test(test_read_only_refuses_every_write_centrally),
		cmocka_unit_test(test_read_only_from_config_says_where),
		cmocka_unit_test(test_guard_refuses_before_sending),
		cmocka_unit_test(test_missing_capability_says_why),
		cmocka_unit_test(test_filter_prompt_narrows_as_you_type),
		cmocka_unit_test(test_quit_asks_when_writes_pending),
		cmocka_unit_test(test_stale_and_foreign_results),
		cmocka_unit_test(test_change_failure_reverts_with_api_message),
		cmocka_unit_test(test_change_resolved_when_result_alloc_fails),
		cmocka_unit_test(test_edgio_keys_refuse_by_rules_and_caps),
		cmocka_unit_test(test_gcore_keys_refuse_primary_and_order),
		cmocka_unit_test(test_foreign_change_result_held_for_its_account),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
