/* The sources screen without a terminal: it lists the origins of every
 * loaded account, builds its pivot again when a store changes (so it never
 * reads a group the store freed: run under ASan), keeps the cursor on the
 * same origin across it and across a sort; a bulk question names the
 * groups and accounts, `n` cancels with nothing changed, and a bulk whose
 * jobs cannot be sent (no worker here) leaves every store as it was, each
 * item failed with why. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/app.h"
#include "tui/bulk.h"
#include "tui/dispatch.h"
#include "tui/views/batch.h"
#include "tui/views/origin.h"
#include "tui/views/sources.h"

typedef struct fixture {
	og_config cfg;
	app a;
} fixture;

/* A group whose sources are the NULL-terminated hosts, all enabled. */
static og_group *group(const char *id, const char *name, ...)
{
	og_group *g = calloc(1, sizeof *g);
	assert_non_null(g);
	g->id = strdup(id);
	g->name = strdup(name);
	g->sources = calloc(4, sizeof *g->sources);
	va_list ap;
	va_start(ap, name);
	for (const char *h; (h = va_arg(ap, const char *)) && g->n_sources < 4;) {
		og_source *s = &g->sources[g->n_sources++];
		s->key = strdup(h);
		s->host = strdup(h);
		s->enabled = OG_YES;
		s->backup = OG_NO;
		s->primary = OG_ABSENT;
		s->order = -1;
	}
	va_end(ap);
	return g;
}

static void load(app *a, size_t acc, og_group *g1, og_group *g2)
{
	og_group_list l = { 0 };
	og_group_list_push(&l, g1);
	if (g2)
		og_group_list_push(&l, g2);
	store_replace_all(&a->accounts[acc].store, &l);
}

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	const char *text =
		"accounts = (\n"
		" { name = \"one\"; provider = \"gcore\"; api_key_env = \"ORIGO_TEST_KEY\"; api_url = \"http://127.0.0.1:9\"; },\n"
		" { name = \"two\"; provider = \"gcore\"; api_key_env = \"ORIGO_TEST_KEY\"; api_url = \"http://127.0.0.1:9\"; }\n"
		");\n";
	setenv("ORIGO_TEST_KEY", "k", 1);
	og_error err;
	if (config_load_string(&f->cfg, text, "test.conf", true, net_providers(), &err) != 0)
		fail_msg("config: %s", err.msg);
	assert_int_equal(app_init(&f->a, &f->cfg, 0, false), 0);
	assert_int_equal(app_open_account(&f->a, 0), 0);
	assert_int_equal(app_open_account(&f->a, 1), 0);
	load(&f->a, 0, group("1", "web", "shared.example.com", "a.example.com", NULL),
	     group("2", "api", "shared.example.com", "b.example.com", NULL));
	load(&f->a, 1, group("9", "edge", "shared.example.com", "c.example.com", NULL), NULL);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	app_free(&f->a);
	config_free(&f->cfg);
	free(f);
	return 0;
}

static const char *cursor_name(app *a)
{
	const og_origin *o = view_sources_origin(a, app_top(a));
	return o ? o->name : "";
}

static void test_pivot_follows_the_stores(void **state)
{
	fixture *f = *state;
	app *a = &f->a;
	dispatch_action(a, ACT_SOURCES, 'S');
	view *v = app_top(a);
	assert_true(view_is_sources(v));
	/* a, b, c and shared */
	assert_int_equal(v->ops->rows(a, v), 4);
	v->cursor = 3;
	assert_string_equal(cursor_name(a), "shared.example.com");
	const og_origin *o = view_sources_origin(a, v);
	assert_int_equal(o->n_groups, 3);
	assert_int_equal(o->n_accounts, 2);

	/* account two's group replaced (the old one freed): a new origin
	 * before "shared" in name order; the cursor stays on shared */
	store_replace_group(&a->accounts[1].store, group("9", "edge", "shared.example.com", "0.example.com",
	                                                  "d.example.com", NULL));
	assert_int_equal(v->ops->rows(a, v), 5);
	assert_string_equal(cursor_name(a), "shared.example.com");
	assert_int_equal(v->cursor, 4);
	/* a group gone: shared now in two groups */
	store_remove_group(&a->accounts[0].store, "2");
	o = view_sources_origin(a, v);
	assert_non_null(o);
	assert_string_equal(o->name, "shared.example.com");
	assert_int_equal(o->n_groups, 2);

	/* s: by number of groups, the cursor still on shared, now first */
	dispatch_action(a, ACT_SORT, 's');
	assert_int_equal(v->cursor, 0);
	assert_string_equal(cursor_name(a), "shared.example.com");
	assert_non_null(strstr(a->status, "number of groups"));
	/* S again: no second sources screen */
	int depth = a->depth;
	dispatch_action(a, ACT_SOURCES, 'S');
	assert_int_equal(a->depth, depth);
}

static void test_bulk_question_and_cancel(void **state)
{
	fixture *f = *state;
	app *a = &f->a;
	dispatch_action(a, ACT_SOURCES, 'S');
	view *v = app_top(a);
	v->ops->filter(a, v, "SHARED");
	assert_int_equal(v->ops->rows(a, v), 1);
	dispatch_action(a, ACT_TOGGLE_ENABLED, ' ');
	assert_int_equal(a->prompt.kind, PROMPT_OWNED);
	assert_ptr_equal(a->prompt.ops->key, bulk_answer);   /* the bulk question */
	assert_non_null(strstr(a->prompt.text, "Disable shared.example.com in 3 groups on 2 accounts? (y/n)"));
	bulk_answer(a, 'n');
	assert_int_equal(a->prompt.kind, PROMPT_NONE);
	assert_non_null(strstr(a->status, "cancelled"));
	assert_null(bulk_last(a));
	assert_int_equal(app_pending_total(a), 0);
	assert_int_equal(og_source_flag_get(&store_find(&a->accounts[0].store, "1")->sources[0],
	                                    OG_FIELD_ENABLED), OG_YES);
}

/* No worker here: every job is refused. Each item fails with why, every
 * optimistic change is put back, and the summary comes up. */
static void test_bulk_that_cannot_be_sent(void **state)
{
	fixture *f = *state;
	app *a = &f->a;
	dispatch_action(a, ACT_SOURCES, 'S');
	view *v = app_top(a);
	v->ops->filter(a, v, "shared");
	dispatch_action(a, ACT_TOGGLE_BACKUP, 'b');
	assert_int_equal(a->prompt.kind, PROMPT_OWNED);
	assert_ptr_equal(a->prompt.ops->key, bulk_answer);   /* the bulk question */
	assert_non_null(strstr(a->prompt.text, "Make backup shared.example.com in 3 groups"));
	bulk_answer(a, 'y');
	const og_batch *b = bulk_last(a);
	assert_non_null(b);
	assert_int_equal(b->n, 3);
	for (size_t i = 0; i < b->n; i++) {
		assert_int_equal(b->items[i].outcome, BATCH_FAILED);
		assert_non_null(b->items[i].reason);
	}
	assert_false(bulk_running(a));
	assert_int_equal(app_pending_total(a), 0);
	assert_int_equal(store_find(&a->accounts[0].store, "1")->sources[0].backup, OG_NO);
	assert_int_equal(store_find(&a->accounts[1].store, "9")->sources[0].backup, OG_NO);
	assert_true(view_is_batch(app_top(a)));
	/* nothing was applied: nothing to undo */
	dispatch_action(a, ACT_UNDO, 'u');
	assert_non_null(strstr(a->status, "nothing to undo"));
	assert_int_equal(a->prompt.kind, PROMPT_NONE);
}

/* The uses screen keeps its cursor on the same (account, group, source)
 * when a store change reorders the uses. */
static void test_uses_keep_their_place(void **state)
{
	fixture *f = *state;
	app *a = &f->a;
	view *v = view_origin_new(0, "Shared.Example.com");
	assert_non_null(v);
	app_push(a, v);
	/* one/api, one/web, two/edge */
	assert_int_equal(v->ops->rows(a, v), 3);
	v->cursor = 2;
	assert_int_equal(v->ops->rows(a, v), 3);   /* notes the place */
	store_replace_group(&a->accounts[0].store, group("0", "aaa", "shared.example.com", NULL));
	assert_int_equal(v->ops->rows(a, v), 4);
	assert_int_equal(v->cursor, 3);
	char title[256];
	v->ops->title(a, v, title, sizeof title);
	assert_string_equal(title, "origin shared.example.com: 4 groups on 2 accounts");
	assert_string_equal(view_origin_name(v), "Shared.Example.com");
	assert_null(view_origin_name(a->stack[0]));
	/* Enter opens that group of account two on its source */
	dispatch_action(a, ACT_OPEN, '\n');
	view *g = app_top(a);
	assert_int_equal(g->account, 1);
	assert_string_equal(g->group_id, "9");
	assert_int_equal(g->cursor, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_pivot_follows_the_stores, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bulk_question_and_cancel, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bulk_that_cannot_be_sent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_uses_keep_their_place, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
