/* The requests log on the UI side: L opens and leaves it, the ring keeps the
 * last XLOG_MAX exchanges, the cursor follows the newest row (and otherwise
 * stays on its exchange), Enter opens one, an exchange that left the ring is
 * said to be gone. No terminal: the app state is plain data. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/app.h"
#include "tui/xlog.h"
#include "tui/dispatch.h"
#include "tui/views/log.h"

typedef struct fixture {
	og_config cfg;
	app a;
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	const char *text = "accounts = ( { name = \"one\"; provider = \"gcore\"; "
	                   "api_key_env = \"ORIGO_TEST_KEY\"; api_url = \"http://127.0.0.1:9\"; } );\n";
	og_error err;
	og_error_clear(&err);
	if (!f || config_load_string(&f->cfg, text, "test", true, net_providers(), &err) < 0)
		return -1;
	if (app_init(&f->a, &f->cfg, 0, false) < 0)
		return -1;
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

static net_exchange *ex(uint64_t seq)
{
	net_exchange *x = calloc(1, sizeof *x);
	x->seq = seq;
	x->account = strdup("one");
	x->method = strdup("GET");
	char url[64];
	snprintf(url, sizeof url, "http://h/cdn/origin_groups/%llu", (unsigned long long)seq);
	x->url = strdup(url);
	x->req_headers = strdup("Authorization: ***\n");
	x->resp_headers = strdup("HTTP/1.1 200 OK\n");
	x->status = 200;
	return x;
}

static void test_L_opens_and_leaves(void **state)
{
	fixture *f = *state;
	app *a = &f->a;
	dispatch_action(a, ACT_REQUESTS_LOG, 'L');
	assert_int_equal(app_top(a)->ops->screen, SCR_LOG);
	xlog_add(a, ex(1));
	dispatch_action(a, ACT_OPEN, '\n');
	assert_int_equal(app_top(a)->ops->screen, SCR_EXCHANGE);
	assert_int_equal(view_exchange_seq(app_top(a)), 1);
	/* L from the exchange leaves both */
	dispatch_action(a, ACT_REQUESTS_LOG, 'L');
	assert_int_equal(app_top(a)->ops->screen, SCR_GROUPS);
	assert_int_equal(a->depth, 1);
}

static void test_ring_and_cursor(void **state)
{
	fixture *f = *state;
	app *a = &f->a;
	app_push(a, view_log_new(0));
	view *v = app_top(a);
	for (uint64_t s = 1; s <= 3; s++)
		xlog_add(a, ex(s));
	view_clamp(a, v, 10);     /* what the first draw does */
	assert_int_equal(v->cursor, 2);
	xlog_add(a, ex(4));       /* on the newest row: follows it */
	assert_int_equal(v->cursor, 3);
	v->cursor = 1;            /* on #2: stays there */
	xlog_add(a, ex(5));
	assert_int_equal(v->cursor, 1);
	assert_int_equal(xlog_at(a, v->cursor)->seq, 2);

	for (uint64_t s = 6; s <= XLOG_MAX + 10; s++)
		xlog_add(a, ex(s));
	assert_int_equal(xlog_count(a), XLOG_MAX);
	assert_int_equal(xlog_at(a, 0)->seq, 11);
	assert_int_equal(xlog_at(a, XLOG_MAX - 1)->seq, XLOG_MAX + 10);
	assert_null(xlog_find(a, 10));
	assert_non_null(xlog_find(a, 11));
	assert_null(xlog_at(a, XLOG_MAX));

	/* an exchange view of one that left: c says so, nothing is written */
	app_push(a, view_exchange_new(0, 3));
	dispatch_action(a, ACT_CURL, 'c');
	assert_non_null(strstr(a->status, "left the log"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_L_opens_and_leaves, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ring_and_cursor, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
