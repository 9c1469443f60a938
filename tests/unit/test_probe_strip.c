/* The watch strip (ring of the last 20 results per origin, its text in
 * Unicode and ASCII, state changes), the up/down rule, a certificate's
 * expiry as days and the certificate fields' copy. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "model/probe.h"
#include "model/probe_strip.h"

static void test_changes_are_reported_once(void **state)
{
	(void)state;
	og_strip_book b = { 0 };
	assert_int_equal(og_strip_add(&b, "a.example:443", true, 12, 100), OG_STRIP_FIRST);
	assert_int_equal(og_strip_add(&b, "a.example:443", true, 15, 110), OG_STRIP_SAME);
	assert_int_equal(og_strip_add(&b, "a.example:443", false, 0, 120), OG_STRIP_WENT_DOWN);
	assert_int_equal(og_strip_add(&b, "a.example:443", false, 0, 130), OG_STRIP_SAME);
	assert_int_equal(og_strip_add(&b, "a.example:443", true, 9, 140), OG_STRIP_CAME_UP);
	/* another origin has its own history */
	assert_int_equal(og_strip_add(&b, "b.example:80", false, 0, 140), OG_STRIP_FIRST);
	assert_int_equal(b.n, 2);
	const og_strip *s = og_strip_find(&b, "a.example:443");
	assert_non_null(s);
	assert_int_equal(s->n, 5);
	assert_int_equal(og_strip_last(s)->at, 140);
	assert_true(og_strip_last(s)->up);
	assert_null(og_strip_find(&b, "c.example"));
	assert_string_equal(og_strip_change_text(OG_STRIP_WENT_DOWN), "went down");
	assert_string_equal(og_strip_change_text(OG_STRIP_CAME_UP), "came back up");
	assert_string_equal(og_strip_change_text(OG_STRIP_SAME), "");
	og_strip_book_free(&b);
	assert_int_equal(b.n, 0);
}

static void test_ring_keeps_the_last_twenty(void **state)
{
	(void)state;
	og_strip_book b = { 0 };
	for (int i = 0; i < 27; i++)
		og_strip_add(&b, "o", i % 3 != 0, 5, 1000 + i);
	const og_strip *s = og_strip_find(&b, "o");
	assert_int_equal(s->n, OG_STRIP_LEN);
	/* oldest kept is result 7, newest 26 */
	assert_int_equal(og_strip_get(s, 0)->at, 1007);
	assert_int_equal(og_strip_get(s, OG_STRIP_LEN - 1)->at, 1026);
	assert_null(og_strip_get(s, OG_STRIP_LEN));
	for (size_t i = 0; i < s->n; i++)
		assert_int_equal(og_strip_get(s, i)->up, (7 + (int)i) % 3 != 0);
	char buf[256];
	assert_int_equal(og_strip_text(s, OG_STRIP_ASCII, buf, sizeof buf), 20);
	/* results 7..26: 9, 12, 15, 18, 21, 24 were down */
	assert_string_equal(buf, "..x..x..x..x..x..x..");
	og_strip_book_free(&b);
}

static void test_glyphs_follow_latency(void **state)
{
	(void)state;
	og_strip_book b = { 0 };
	long lat[] = { 3, 50, 250, 999, 1000, 5000, 20000 };
	for (size_t i = 0; i < sizeof lat / sizeof lat[0]; i++)
		og_strip_add(&b, "o", true, lat[i], (long long)i);
	og_strip_add(&b, "o", false, 77, 99);
	const og_strip *s = og_strip_find(&b, "o");
	char buf[256];
	assert_int_equal(og_strip_text(s, OG_STRIP_ASCII, buf, sizeof buf), 8);
	assert_string_equal(buf, "..ooOOOx");
	assert_int_equal(og_strip_text(s, OG_STRIP_UNICODE, buf, sizeof buf), 8);
	assert_string_equal(buf, "▁▃▄▅▆▇█✗");
	/* a down result keeps no latency */
	assert_int_equal(og_strip_last(s)->latency_ms, 0);
	/* a small buffer takes whole glyphs only: "▁▃" is 6 bytes, 7 with NUL */
	assert_int_equal(og_strip_text(s, OG_STRIP_UNICODE, buf, 9), 2);
	assert_string_equal(buf, "▁▃");
	assert_int_equal(og_strip_text(NULL, OG_STRIP_ASCII, buf, sizeof buf), 0);
	assert_string_equal(buf, "");
	og_strip_book_free(&b);
}

static void test_up_is_a_status_below_500(void **state)
{
	(void)state;
	og_probe_result r;
	memset(&r, 0, sizeof r);
	r.ok = true;
	r.status = 200;
	assert_true(og_probe_is_up(&r));
	r.status = 404;
	assert_true(og_probe_is_up(&r));
	r.status = 503;
	assert_false(og_probe_is_up(&r));
	r.status = 200;
	r.running = true;
	assert_false(og_probe_is_up(&r));
	r.running = false;
	r.ok = false;
	r.status = 0;
	assert_false(og_probe_is_up(&r));
	assert_false(og_probe_is_up(NULL));
}

static void test_cert_days(void **state)
{
	(void)state;
	int d = 12345;
	/* 2026-12-07 00:00:00 UTC */
	long long now = 1796601600LL;
	assert_int_equal(og_cert_days_until("Dec 17 00:00:00 2026 GMT", now, &d), 0);
	assert_int_equal(d, 10);
	assert_int_equal(og_cert_days_until("Dec  7 12:00:00 2026 GMT", now, &d), 0);
	assert_int_equal(d, 0);
	/* expired an hour ago: day -1, never 0 */
	assert_int_equal(og_cert_days_until("Dec  6 23:00:00 2026 GMT", now, &d), 0);
	assert_int_equal(d, -1);
	assert_int_equal(og_cert_days_until("2027-12-07 00:00:00 GMT", now, &d), 0);
	assert_int_equal(d, 365);
	d = 42;
	assert_int_equal(og_cert_days_until("next tuesday", now, &d), -1);
	assert_int_equal(og_cert_days_until("Dec 17 00:00:00 2026 CET", now, &d), -1);
	assert_int_equal(og_cert_days_until("", now, &d), -1);
	assert_int_equal(og_cert_days_until(NULL, now, &d), -1);
	assert_int_equal(d, 42);
}

static void test_cert_fields_are_copied_and_freed(void **state)
{
	(void)state;
	og_probe_result a, b;
	memset(&a, 0, sizeof a);
	a.key = strdup("k");
	a.has_cert = true;
	a.cert_subject = strdup("CN = localhost");
	a.cert_issuer = strdup("CN = localhost");
	a.cert_days = 29;
	assert_int_equal(og_probe_result_copy(&b, &a), 0);
	og_probe_result_clear(&a);
	assert_false(a.has_cert);
	assert_null(a.cert_subject);
	assert_true(b.has_cert);
	assert_string_equal(b.cert_subject, "CN = localhost");
	assert_string_equal(b.cert_issuer, "CN = localhost");
	assert_int_equal(b.cert_days, 29);
	og_probe_result_clear(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_changes_are_reported_once),
		cmocka_unit_test(test_ring_keeps_the_last_twenty),
		cmocka_unit_test(test_glyphs_follow_latency),
		cmocka_unit_test(test_up_is_a_status_below_500),
		cmocka_unit_test(test_cert_days),
		cmocka_unit_test(test_cert_fields_are_copied_and_freed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
