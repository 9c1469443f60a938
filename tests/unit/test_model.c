/* The provider-neutral model: deep copies, lookups, counts and the JSON of
 * SPEC.md (absent flags omitted, raw never shown, ids as strings). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/og.h"
#include "model/og_error.h"
#include "model/change.h"
#include "model/og_clock.h"

#include <time.h>

static char *xstrdup(const char *s)
{
	char *d = strdup(s);
	assert_non_null(d);
	return d;
}

static void set_source(og_source *s, const char *key, og_tri enabled, og_tri backup)
{
	memset(s, 0, sizeof *s);
	s->key = xstrdup(key);
	s->host = xstrdup(key);
	s->kind = OG_KIND_HOST;
	s->enabled = enabled;
	s->backup = backup;
	s->primary = OG_ABSENT;
	s->order = -1;
	og_source_set_raw(s, cJSON_Parse("{\"source\":\"x\",\"secret_key\":\"SECRET_VALUE\"}"));
}

/* A group "web" with id 1 and three sources. */
static og_group *make_group(void)
{
	og_group *g = calloc(1, sizeof *g);
	assert_non_null(g);
	g->id = xstrdup("1");
	g->name = xstrdup("web");
	g->use_next = OG_YES;
	g->n_next_upstream = 2;
	g->next_upstream = calloc(2, sizeof(char *));
	g->next_upstream[0] = xstrdup("error");
	g->next_upstream[1] = xstrdup("timeout");
	g->in_use = OG_YES;
	g->n_in_use_by = 1;
	g->in_use_by = calloc(1, sizeof(char *));
	g->in_use_by[0] = xstrdup("cdn.example.com");
	g->n_sources = 3;
	g->sources = calloc(3, sizeof *g->sources);
	set_source(&g->sources[0], "a.com:8080", OG_YES, OG_NO);
	set_source(&g->sources[1], "b.com", OG_NO, OG_NO);
	set_source(&g->sources[2], "c.com", OG_ABSENT, OG_YES);
	g->sources[0].port = 8080;
	g->sources[0].host_header = xstrdup("x.example");
	og_group_set_raw(g, cJSON_Parse("{\"id\":1,\"name\":\"web\",\"unknown_field\":42}"));
	return g;
}

static void test_clone_is_deep(void **state)
{
	(void)state;
	og_group *g = make_group();
	og_group *c = og_group_clone(g);
	assert_non_null(c);
	assert_ptr_not_equal(c->name, g->name);
	assert_string_equal(c->name, "web");
	assert_ptr_not_equal(c->sources, g->sources);
	assert_ptr_not_equal(c->sources[0].key, g->sources[0].key);
	assert_ptr_not_equal(og_group_raw(c), og_group_raw(g));
	assert_ptr_not_equal(og_source_raw(&c->sources[0]), og_source_raw(&g->sources[0]));
	assert_int_equal(c->n_next_upstream, 2);
	assert_string_equal(c->next_upstream[1], "timeout");
	assert_string_equal(c->in_use_by[0], "cdn.example.com");
	assert_string_equal(c->sources[0].host_header, "x.example");
	assert_null(c->sources[1].host_header);

	/* Changing or freeing the original leaves the clone intact. */
	g->sources[0].enabled = OG_NO;
	cJSON *graw = og_group_raw_dup(g);
	cJSON_DeleteItemFromObject(graw, "unknown_field");
	og_group_set_raw(g, graw);
	og_group_free(g);
	assert_int_equal(c->sources[0].enabled, OG_YES);
	cJSON *u = cJSON_GetObjectItem(og_group_raw(c), "unknown_field");
	assert_non_null(u);
	assert_int_equal(u->valueint, 42);
	og_group_free(c);
}

static void test_source_copy_is_deep(void **state)
{
	(void)state;
	og_source a, b;
	set_source(&a, "s3bucket", OG_YES, OG_ABSENT);
	a.kind = OG_KIND_S3;
	a.protocol = xstrdup("HTTPS");
	assert_int_equal(og_source_copy(&b, &a), 0);
	og_source_clear(&a);
	assert_string_equal(b.key, "s3bucket");
	assert_string_equal(b.protocol, "HTTPS");
	assert_int_equal(b.kind, OG_KIND_S3);
	assert_int_equal(b.backup, OG_ABSENT);
	assert_string_equal(cJSON_GetObjectItem(og_source_raw(&b), "secret_key")->valuestring, "SECRET_VALUE");
	og_source_clear(&b);
	assert_null(b.key);
	assert_null(og_source_raw(&b));
}

static void test_find_source_and_counts(void **state)
{
	(void)state;
	og_group *g = make_group();
	assert_int_equal(og_group_find_source(g, "a.com:8080"), 0);
	assert_int_equal(og_group_find_source(g, "c.com"), 2);
	assert_int_equal(og_group_find_source(g, "a.com"), -1);  /* exact key only */
	assert_int_equal(og_group_find_source(g, "C.COM"), -1);
	/* enabled counts everything not explicitly disabled (absent counts). */
	assert_int_equal(og_group_count_enabled(g), 2);
	assert_int_equal(og_group_count_backup(g), 1);
	g->sources[1].backup = OG_ABSENT;
	g->sources[0].backup = OG_YES;
	assert_int_equal(og_group_count_backup(g), 2);
	og_group_free(g);
	og_group_free(NULL);
}

static void test_flags_and_names(void **state)
{
	(void)state;
	og_source s;
	set_source(&s, "a", OG_YES, OG_NO);
	*og_source_flag(&s, OG_FIELD_BACKUP) = OG_YES;
	assert_int_equal(s.backup, OG_YES);
	assert_int_equal(og_source_flag_get(&s, OG_FIELD_PRIMARY), OG_ABSENT);
	assert_string_equal(og_field_name(OG_FIELD_BACKUP), "backup");
	assert_string_equal(og_kind_name(OG_KIND_FASTEDGE), "fastedge");
	assert_string_equal(og_kind_name(OG_KIND_S3), "s3");
	og_source_clear(&s);
}

/* The address a row and the delete question show: host, host:port, and an
 * IPv6 host in brackets before its port (the question once dropped the
 * port: `delete source "1.2.3.4"?` for 1.2.3.4:5500). */
static void test_source_address(void **state)
{
	(void)state;
	struct { const char *host, *key; int port; const char *want; } cases[] = {
		{ "1.2.3.4", "1.2.3.4:5500", 5500, "1.2.3.4:5500" },
		{ "origin.example.com", "origin.example.com", 0, "origin.example.com" },
		{ "2001:db8::1", "[2001:db8::1]:8443", 8443, "[2001:db8::1]:8443" },
		{ "2001:db8::1", "2001:db8::1", 0, "2001:db8::1" },
		{ "[2001:db8::10]", "k", 443, "[2001:db8::10]:443" },
		{ "https://cdn.example.com", "5036042", 443, "https://cdn.example.com:443" },
		{ NULL, "bucket-key", 0, "bucket-key" },
		{ NULL, "10.0.0.1", 81, "10.0.0.1:81" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		og_source src;
		memset(&src, 0, sizeof src);
		src.host = (char *)cases[i].host;
		src.key = (char *)cases[i].key;
		src.port = cases[i].port;
		char out[128];
		og_source_address(&src, out, sizeof out);
		assert_string_equal(out, cases[i].want);
	}
	/* cut to the buffer, never past it */
	og_source big = { .host = "a-very-long-host.example.com", .port = 8080 };
	char small[8];
	og_source_address(&big, small, sizeof small);
	assert_string_equal(small, "a-very-");
}

static void test_list_push_many(void **state)
{
	(void)state;
	og_group_list l = { 0 };
	for (int i = 0; i < 1000; i++) {
		og_group *g = calloc(1, sizeof *g);
		char id[16];
		snprintf(id, sizeof id, "%d", i);
		g->id = xstrdup(id);
		assert_int_equal(og_group_list_push(&l, g), 0);
	}
	assert_int_equal(l.n, 1000);
	assert_string_equal(l.items[0]->id, "0");
	assert_string_equal(l.items[999]->id, "999");
	og_group_list_free(&l);
	assert_int_equal(l.n, 0);
	assert_null(l.items);
}

static void test_to_json(void **state)
{
	(void)state;
	og_group *g = make_group();
	cJSON *j = og_group_to_json(g);
	assert_non_null(j);
	char *txt = cJSON_PrintUnformatted(j);
	assert_non_null(txt);
	/* raw never leaks: neither its unknown fields nor S3 secrets */
	assert_null(strstr(txt, "unknown_field"));
	assert_null(strstr(txt, "SECRET_VALUE"));
	assert_null(strstr(txt, "raw"));
	free(txt);

	cJSON *id = cJSON_GetObjectItem(j, "id");
	assert_true(cJSON_IsString(id));
	assert_string_equal(id->valuestring, "1");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(j, "use_next")));
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(j, "next_upstream")), 2);
	assert_string_equal(cJSON_GetArrayItem(cJSON_GetObjectItem(j, "in_use_by"), 0)->valuestring,
	                    "cdn.example.com");
	cJSON *srcs = cJSON_GetObjectItem(j, "sources");
	assert_int_equal(cJSON_GetArraySize(srcs), 3);
	cJSON *s0 = cJSON_GetArrayItem(srcs, 0);
	assert_string_equal(cJSON_GetObjectItem(s0, "key")->valuestring, "a.com:8080");
	assert_string_equal(cJSON_GetObjectItem(s0, "kind")->valuestring, "host");
	assert_int_equal(cJSON_GetObjectItem(s0, "port")->valueint, 8080);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(s0, "enabled")));
	assert_true(cJSON_IsFalse(cJSON_GetObjectItem(s0, "backup")));
	assert_string_equal(cJSON_GetObjectItem(s0, "host_header")->valuestring, "x.example");
	/* absent is absent, not false; unset port/order/protocol omitted */
	assert_null(cJSON_GetObjectItem(s0, "primary"));
	assert_null(cJSON_GetObjectItem(s0, "order"));
	assert_null(cJSON_GetObjectItem(s0, "protocol"));
	cJSON *s1 = cJSON_GetArrayItem(srcs, 1);
	assert_true(cJSON_IsFalse(cJSON_GetObjectItem(s1, "enabled")));
	assert_null(cJSON_GetObjectItem(s1, "port"));
	assert_null(cJSON_GetObjectItem(s1, "host_header"));
	cJSON *s2 = cJSON_GetArrayItem(srcs, 2);
	assert_null(cJSON_GetObjectItem(s2, "enabled"));
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(s2, "backup")));
	cJSON_Delete(j);

	/* A provider without use_next / in_use: those keys are absent too. */
	g->use_next = OG_ABSENT;
	g->in_use = OG_ABSENT;
	for (size_t i = 0; i < g->n_next_upstream; i++)
		free(g->next_upstream[i]);
	g->n_next_upstream = 0;
	g->n_in_use_by = 0;
	free(g->in_use_by[0]);
	g->sources[0].order = 2;
	j = og_group_to_json(g);
	assert_null(cJSON_GetObjectItem(j, "use_next"));
	assert_null(cJSON_GetObjectItem(j, "next_upstream"));
	assert_null(cJSON_GetObjectItem(j, "in_use"));
	assert_null(cJSON_GetObjectItem(j, "in_use_by"));
	assert_int_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(j, "sources"), 0),
	                                     "order")->valueint, 2);
	cJSON_Delete(j);
	og_group_free(g);
}

static void test_big_id_stays_string(void **state)
{
	(void)state;
	og_group *g = calloc(1, sizeof *g);
	g->id = xstrdup("9007199254740993123");  /* beyond 2^53 */
	g->name = xstrdup("yc");
	g->use_next = g->in_use = OG_ABSENT;
	cJSON *j = og_group_to_json(g);
	char *txt = cJSON_PrintUnformatted(j);
	assert_non_null(strstr(txt, "\"id\":\"9007199254740993123\""));
	assert_true(cJSON_IsArray(cJSON_GetObjectItem(j, "sources")));
	free(txt);
	cJSON_Delete(j);
	og_group_free(g);
}

static void test_change_copy(void **state)
{
	(void)state;
	og_change a = { .group_id = xstrdup("7"), .source_key = xstrdup("a.com"),
	                .field = OG_FIELD_BACKUP, .from = OG_NO, .to = OG_YES };
	og_change b;
	assert_int_equal(og_change_copy(&b, &a), 0);
	og_change_clear(&a);
	assert_string_equal(b.group_id, "7");
	assert_string_equal(b.source_key, "a.com");
	assert_int_equal(b.field, OG_FIELD_BACKUP);
	assert_int_equal(b.from, OG_NO);
	assert_int_equal(b.to, OG_YES);
	og_change_clear(&b);
	assert_null(b.group_id);
}

static void test_error(void **state)
{
	(void)state;
	og_error e;
	og_error_clear(&e);
	assert_int_equal(og_error_exit_status(&e), 0);
	og_error_set(&e, OG_ERR_CONFIG, "config %s line %d", "f", 7);
	assert_string_equal(e.msg, "config f line 7");
	assert_int_equal(og_error_exit_status(&e), 2);
	og_error_set(&e, OG_ERR_USAGE, "x");
	assert_int_equal(og_error_exit_status(&e), 2);
	og_error_set(&e, OG_ERR_NET, "x");
	assert_int_equal(og_error_exit_status(&e), 1);
	og_error_set(&e, OG_ERR_NOTFOUND, "x");
	assert_int_equal(og_error_exit_status(&e), 1);
	/* truncation keeps a terminated string */
	char big[2000];
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	og_error_set(&e, OG_ERR_API, "%s", big);
	assert_int_equal(strlen(e.msg), sizeof e.msg - 1);
	og_error_set(NULL, OG_ERR_API, "ignored");
	/* one line: a value with a line break or an escape (found by
	 * tests/fuzz/fuzz_config) cannot split it or drive the terminal */
	og_error_set(&e, OG_ERR_CONFIG, "api_url \"%s\" bad", "http://a\nb\r\x1b[2J\x7f");
	assert_string_equal(e.msg, "api_url \"http://a b  [2J \" bad");
}

/* The one clock: both units read the same monotonic time, and it moves
 * on by at least what was slept. */
static void test_clock_units_agree_and_advance(void **state)
{
	(void)state;
	double s0 = og_clock_seconds();
	long long m0 = og_clock_ms();
	assert_true(m0 - (long long)(s0 * 1000) >= -1 && m0 - (long long)(s0 * 1000) <= 2);
	struct timespec nap = { 0, 30 * 1000000L };
	nanosleep(&nap, NULL);
	long long m1 = og_clock_ms();
	double s1 = og_clock_seconds();
	assert_true(m1 - m0 >= 30);
	assert_true(s1 - s0 >= 0.030);
	assert_true(s1 >= s0 && m1 >= m0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clone_is_deep),
		cmocka_unit_test(test_clock_units_agree_and_advance),
		cmocka_unit_test(test_source_copy_is_deep),
		cmocka_unit_test(test_find_source_and_counts),
		cmocka_unit_test(test_flags_and_names),
		cmocka_unit_test(test_source_address),
		cmocka_unit_test(test_list_push_many),
		cmocka_unit_test(test_to_json),
		cmocka_unit_test(test_big_id_stays_string),
		cmocka_unit_test(test_change_copy),
		cmocka_unit_test(test_error),
	};
	return cmocka_run_group_tests_name("model", tests, NULL, NULL);
}
