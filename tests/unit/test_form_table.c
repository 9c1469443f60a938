/* net/form_table.c: the one engine behind every provider's form table:
 * filling from the server's JSON, the table's checks, the request body and
 * the key an API error path names. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/form_table.h"

static const char *const modes[] = { "plain", "fancy" };

static const char *no_x(const char *text, const form_check_ctx *c)
{
	(void)c;
	return strchr(text, 'x') ? "no x, please" : NULL;
}

enum { A = 1u, B = 2u };
static const form_spec table[] = {
	{ .key = "mode", .label = "Mode", .kind = FORM_CHOICE, .path = "cfg/mode", .part = A,
	  .items = modes, .n_items = 2, .send = FORM_SEND_VALUE },
	{ .key = "host", .label = "Host", .kind = FORM_TEXT, .path = "host", .hint = "a host",
	  .part = A, .send = FORM_SEND_VALUE, .required = "a host is required", .max_chars = 5,
	  .max_counts = true, .validate = no_x },
	{ .key = "fancy", .label = "Fancy", .kind = FORM_TEXT, .path = "cfg/fancy", .part = A,
	  .show_if = "mode", .show_mask = 2u, .send = FORM_SEND_OR_ABSENT, .max_chars = 3 },
	{ .key = "header", .label = "Header", .kind = FORM_TEXT, .path = "header", .part = A,
	  .send = FORM_SEND_OR_NULL },
	{ .key = "secret", .label = "Secret", .kind = FORM_TEXT, .path = "secret", .part = A,
	  .masked = true },
	{ .key = "on", .label = "On", .alt_label = "Origin on", .kind = FORM_CHECKBOX, .path = "on",
	  .part = A, .on = true, .send = FORM_SEND_VALUE },
	{ .key = "other", .label = "Other", .kind = FORM_TEXT, .path = "other", .part = B,
	  .send = FORM_SEND_VALUE },
};
#define N (sizeof table / sizeof table[0])

static void test_fill(void **state)
{
	(void)state;
	cJSON *j = cJSON_Parse("{\"host\":\"h.example\",\"cfg\":{\"mode\":\"fancy\",\"fancy\":\"ab\"},"
	                       "\"secret\":\"SECRET_VALUE\",\"on\":false,\"other\":\"o\"}");
	form f;
	form_init(&f, "t");
	assert_true(form_table_fill(&f, table, N, A, j, FORM_FILL_SHOW_IF));
	assert_int_equal(f.n_fields, 6);   /* part B left out */
	assert_null(form_find(&f, "other"));
	assert_string_equal(form_find(&f, "host")->text, "h.example");
	assert_string_equal(form_find(&f, "host")->hint, "a host");
	assert_string_equal(form_choice(&f, "mode"), "fancy");
	assert_string_equal(form_find(&f, "fancy")->text, "ab");
	assert_true(form_shown(&f, "fancy"));
	assert_string_equal(form_find(&f, "secret")->text, "");   /* never from the server */
	assert_true(form_find(&f, "secret")->masked);
	assert_false(form_on(&f, "on"));

	/* defaults; unconditional: every field shown */
	form_init(&f, "t");
	assert_true(form_table_fill(&f, table, N, A | B, NULL, 0));
	assert_int_equal(f.n_fields, 7);
	assert_string_equal(form_choice(&f, "mode"), "plain");
	assert_true(form_on(&f, "on"));
	assert_true(form_shown(&f, "fancy"));
	form_init(&f, "t");
	assert_true(form_table_fill(&f, table, N, A, NULL, FORM_FILL_SHOW_IF));
	assert_false(form_shown(&f, "fancy"));
	cJSON_Delete(j);
}

/* The fill flags: other labels, and proto3's "absent is false". */
static void test_fill_flags(void **state)
{
	(void)state;
	cJSON *j = cJSON_Parse("{\"host\":\"h\"}");
	form f;
	form_init(&f, "t");
	form_table_fill(&f, table, N, A, j, 0);
	assert_true(form_on(&f, "on"));            /* absent: the field's default */
	assert_string_equal(form_find(&f, "on")->label, "On");
	assert_string_equal(form_find(&f, "host")->label, "Host");
	form_init(&f, "t");
	form_table_fill(&f, table, N, A, j, FORM_FILL_PROTO3 | FORM_FILL_ALT_LABELS);
	assert_false(form_on(&f, "on"));           /* absent: false */
	assert_string_equal(form_find(&f, "on")->label, "Origin on");
	assert_string_equal(form_find(&f, "host")->label, "Host");   /* no alt label */
	form_init(&f, "t");
	form_table_fill(&f, table, N, A, NULL, FORM_FILL_PROTO3);
	assert_true(form_on(&f, "on"));            /* a new one: the default */
	form_table_set_text(&f, "host", "typed");
	assert_string_equal(form_find(&f, "host")->text, "typed");
	assert_int_equal(form_find(&f, "host")->cur, 5);
	form_table_set_text(&f, "on", "x");         /* not a text: nothing */
	assert_true(form_on(&f, "on"));
	cJSON_Delete(j);
}

static void set_text(form *f, const char *key, const char *text)
{
	snprintf(form_find(f, key)->text, FORM_TEXT_MAX, "%s", text);
}

static void test_check(void **state)
{
	(void)state;
	form f;
	form_init(&f, "t");
	form_table_fill(&f, table, N, A, NULL, FORM_FILL_SHOW_IF);
	set_text(&f, "fancy", "toolong");   /* hidden: not checked */
	form_table_check(&f, table, N);
	assert_string_equal(form_find(&f, "host")->error, "a host is required");
	assert_string_equal(form_find(&f, "fancy")->error, "");
	form_clear_errors(&f);
	set_text(&f, "host", "abcdef");
	form_find(&f, "mode")->choice = 1;
	form_table_check(&f, table, N);
	assert_string_equal(form_find(&f, "host")->error, "at most 5 characters (this has 6)");
	assert_string_equal(form_find(&f, "fancy")->error, "at most 3 characters");
	form_clear_errors(&f);
	set_text(&f, "host", " ax ");
	set_text(&f, "fancy", " ab ");   /* trimmed: what is sent */
	form_table_check(&f, table, N);
	assert_string_equal(form_find(&f, "host")->error, "no x, please");
	assert_string_equal(form_find(&f, "fancy")->error, "");
}

static void test_write(void **state)
{
	(void)state;
	form f;
	form_init(&f, "t");
	form_table_fill(&f, table, N, A, NULL, FORM_FILL_SHOW_IF);
	set_text(&f, "host", " new.example ");
	set_text(&f, "secret", "typed");
	form_find(&f, "on")->on = false;
	/* members in place keep their place, new ones go last; what the form
	 * does not send stays as it was */
	cJSON *o = cJSON_Parse("{\"header\":\"old\",\"keep\":1,\"host\":\"old\",\"cfg\":7,"
	                       "\"secret\":\"SECRET_VALUE\",\"other\":\"o\"}");
	assert_true(form_table_write(&f, table, N, A | B, o, 0));
	char *text = cJSON_PrintUnformatted(o);
	assert_string_equal(text, "{\"header\":null,\"keep\":1,\"host\":\"new.example\","
	                          "\"secret\":\"SECRET_VALUE\",\"other\":\"o\","
	                          "\"cfg\":{\"mode\":\"plain\"},\"on\":false}");
	free(text);
	form_find(&f, "mode")->choice = 1;
	set_text(&f, "fancy", "ab");
	set_text(&f, "header", "h");
	assert_true(form_table_write(&f, table, N, A, o, 0));
	text = cJSON_PrintUnformatted(o);
	assert_string_equal(text, "{\"header\":\"h\",\"keep\":1,\"host\":\"new.example\","
	                          "\"secret\":\"SECRET_VALUE\",\"other\":\"o\","
	                          "\"cfg\":{\"mode\":\"fancy\",\"fancy\":\"ab\"},\"on\":false}");
	free(text);
	/* moved last: the order of a body rebuilt member by member */
	cJSON *m = cJSON_Parse("{\"host\":\"old\",\"keep\":1,\"cfg\":{\"fancy\":\"x\",\"k\":2}}");
	assert_true(form_table_write(&f, table, N, A, m, FORM_WRITE_MOVE_LAST));
	text = cJSON_PrintUnformatted(m);
	assert_string_equal(text, "{\"keep\":1,\"cfg\":{\"k\":2,\"mode\":\"fancy\",\"fancy\":\"ab\"},"
	                          "\"host\":\"new.example\",\"header\":\"h\",\"on\":false}");
	free(text);
	cJSON_Delete(m);
	set_text(&f, "fancy", "");
	assert_true(form_table_write(&f, table, N, A, o, 0));
	assert_null(cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(o, "cfg"),
	                                             "fancy"));
	cJSON_Delete(o);
}

static void test_key_of_path(void **state)
{
	(void)state;
	assert_string_equal(form_table_key(table, N, "cfg/fancy"), "fancy");
	assert_string_equal(form_table_key(table, N, "host"), "host");
	assert_null(form_table_key(table, N, "cfg"));
	assert_null(form_table_key(table, N, NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fill),
		cmocka_unit_test(test_fill_flags),
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_write),
		cmocka_unit_test(test_key_of_path),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
