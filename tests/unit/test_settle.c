/* net/settle.c: which failed writes prove nothing, the grace period, and a
 * group refusing writes until a read made after that period. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "net/settle.h"
#include "model/og_clock.h"

static void test_which_errors_prove_nothing(void **state)
{
	(void)state;
	og_error e = { 0 };
	og_error_set(&e, OG_ERR_API, "Backend is down (HTTP 500 from h)");
	e.http_status = 500;
	assert_false(settle_outcome_unknown(&e));   /* the server said no */
	og_error_set(&e, OG_ERR_API, "HTTP 429 from h");
	e.http_status = 429;
	assert_false(settle_outcome_unknown(&e));
	for (int st = 502; st <= 504; st++) {
		og_error_set(&e, OG_ERR_API, "HTTP %d from h", st);
		e.http_status = st;
		assert_true(settle_outcome_unknown(&e));
	}
	og_error_set(&e, OG_ERR_PARSE, "malformed response from h (not JSON)");
	assert_true(settle_outcome_unknown(&e));    /* a 2xx nobody could read */
	e.http_status = 400;
	assert_false(settle_outcome_unknown(&e));
	og_error_set(&e, OG_ERR_NET, "cannot connect to h:1 (connection refused)");
	assert_false(settle_outcome_unknown(&e));   /* never sent */
	e.maybe_applied = true;
	assert_true(settle_outcome_unknown(&e));
	/* og_error_set forgets it */
	og_error_set(&e, OG_ERR_NET, "x");
	assert_false(e.maybe_applied);
}

static void test_grace(void **state)
{
	(void)state;
	unsetenv("ORIGO_SETTLE_SECONDS");
	assert_true(settle_grace(1) == 5.0);
	assert_true(settle_grace(20) == 20.0);
	assert_true(settle_grace(0) == 20.0);        /* the default timeout */
	setenv("ORIGO_SETTLE_SECONDS", "0.25", 1);
	assert_true(settle_grace(20) == 0.25);
	setenv("ORIGO_SETTLE_SECONDS", "soon", 1);
	assert_true(settle_grace(7) == 7.0);         /* not a number: the default */
	unsetenv("ORIGO_SETTLE_SECONDS");
}

static void test_refused_until_a_later_read(void **state)
{
	(void)state;
	net_settle s;
	settle_init(&s);
	og_error err = { 0 };
	assert_int_equal(settle_check(&s, "104", &err), 0);
	double t0 = og_clock_seconds();
	settle_mark(&s, "104", "static-assets", 0.3);
	assert_int_equal(settle_check(&s, "105", &err), 0);   /* other groups go on */
	assert_int_equal(settle_check(&s, "104", &err), -1);
	assert_int_equal(err.kind, OG_ERR_REFUSED);
	assert_string_equal(err.msg, "group static-assets: waiting to settle an unknown write, "
	                    "retry in 1 s; nothing was sent");
	/* a read made during the grace period settles nothing */
	settle_read(&s, "104", t0);
	assert_true(settle_pending(&s, "104"));
	struct timespec ts = { 0, 350000000L };
	nanosleep(&ts, NULL);
	/* the period is over: a write may go, its fresh read settles it */
	assert_int_equal(settle_check(&s, "104", &err), 0);
	assert_true(settle_pending(&s, "104"));
	settle_read(&s, "104", og_clock_seconds());
	assert_false(settle_pending(&s, "104"));
	/* marked again: the newer name and period */
	settle_mark(&s, "104", NULL, 10);
	settle_mark(&s, "104", "renamed", 10);
	assert_int_equal(settle_check(&s, "104", &err), -1);
	assert_non_null(strstr(err.msg, "group renamed:"));
	assert_non_null(strstr(err.msg, "retry in 10 s"));
	settle_destroy(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_which_errors_prove_nothing),
		cmocka_unit_test(test_grace),
		cmocka_unit_test(test_refused_until_a_later_read),
	};
	return cmocka_run_group_tests_name("settle", tests, NULL, NULL);
}
