/* End to end: a Gcore list of ten pages (issue 9, target 6). The pages after
 * the first are fetched several at a time; `list --json` and the screen
 * still show the groups in order, the emulator sees each page asked for
 * once, and a failing page in the middle is reported as a failing first
 * page is. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/e2e/fixture.h"
#include "tests/e2e/term.h"

#define GROUPS 9500
#define PAGES 10

static int group_setup(void **state)
{
	fx *f = fx_new();
	if (!f)
		return -1;
	char *args[] = { "--generate", "9500", NULL };
	if (fx_start_emu(f, NULL, args) != 0) {
		fx_free(f);
		return -1;
	}
	*state = f;
	return 0;
}

static int test_setup(void **state)
{
	fx *f = *state;
	if (emu_clear_faults(f->emu) != 0 || emu_clear_log(f->emu) != 0)
		return -1;
	return fx_write_config(f, NULL, NULL);
}

/* GETs of the list page at `offset` in the emulator's log. */
static int page_gets(fx *f, long offset)
{
	char want[64];
	snprintf(want, sizeof want, "limit=1000&offset=%ld", offset);
	cJSON *log = emu_get_log(f->emu);
	int n = 0;
	const cJSON *e;
	cJSON_ArrayForEach(e, log) {
		const cJSON *m = cJSON_GetObjectItemCaseSensitive(e, "method");
		const cJSON *p = cJSON_GetObjectItemCaseSensitive(e, "path");
		const cJSON *q = cJSON_GetObjectItemCaseSensitive(e, "query");
		if (cJSON_IsString(m) && strcmp(m->valuestring, "GET") == 0 && cJSON_IsString(p) &&
		    strcmp(p->valuestring, "/cdn/origin_groups") == 0 && cJSON_IsString(q) &&
		    strcmp(q->valuestring, want) == 0)
			n++;
	}
	cJSON_Delete(log);
	return n;
}

static void test_list_json_in_order(void **state)
{
	fx *f = *state;
	char *out = NULL, *err = NULL;
	char *args[] = { "list", "--json", NULL };
	int rc = fx_run(f, args, NULL, &out, &err);
	if (rc != 0)
		fail_msg("exit %d: %s", rc, err ? err : "");
	cJSON *doc = cJSON_Parse(out);
	const cJSON *groups = cJSON_IsArray(doc) ? doc : cJSON_GetObjectItemCaseSensitive(doc, "groups");
	assert_int_equal(cJSON_GetArraySize(groups), GROUPS);
	long want = 1;
	const cJSON *g;
	cJSON_ArrayForEach(g, groups) {
		const cJSON *id = cJSON_GetObjectItemCaseSensitive(g, "id");
		assert_true(cJSON_IsString(id));
		if (atol(id->valuestring) != want)
			fail_msg("group %s where %ld was due", id->valuestring, want);
		want++;
	}
	cJSON_Delete(doc);
	for (long p = 0; p < PAGES; p++)
		assert_int_equal(page_gets(f, p * 1000), 1);
	assert_int_equal(fx_log_count_prefix(f, "GET", "/cdn/origin_groups"), PAGES);
	free(out);
	free(err);
}

static void test_middle_page_fails_as_first(void **state)
{
	fx *f = *state;
	char *args[] = { "list", "--json", NULL };
	const char *fault = "{\"method\":\"GET\",\"path_prefix\":\"/cdn/origin_groups\","
	                    "\"query_has\":\"offset=%s\",\"action\":\"status\",\"status\":403,"
	                    "\"body\":\"{\\\"message\\\":\\\"page refused\\\"}\"}";
	char fj[512];
	snprintf(fj, sizeof fj, fault, "0");
	assert_int_equal(emu_add_fault(f->emu, fj), 0);
	char *out0 = NULL, *err0 = NULL;
	int rc0 = fx_run(f, args, NULL, &out0, &err0);
	assert_int_equal(rc0, 1);
	assert_true(fx_has(err0, "page refused"));

	assert_int_equal(emu_clear_faults(f->emu), 0);
	assert_int_equal(emu_clear_log(f->emu), 0);
	snprintf(fj, sizeof fj, fault, "5000");
	assert_int_equal(emu_add_fault(f->emu, fj), 0);
	char *out = NULL, *err = NULL;
	int rc = fx_run(f, args, NULL, &out, &err);
	assert_int_equal(rc, rc0);
	assert_string_equal(err, err0);
	/* pages up to the failing one were each asked for once (a 403 is not
	 * retried), none twice */
	for (long p = 0; p <= 5; p++)
		assert_int_equal(page_gets(f, p * 1000), 1);
	for (long p = 6; p < PAGES; p++)
		assert_true(page_gets(f, p * 1000) <= 1);
	free(out0);
	free(err0);
	free(out);
	free(err);
}

/* The screen: the first group on top, the last at the bottom of the list. */
static void test_screen_in_order(void **state)
{
	fx *f = *state;
	term *t = fx_open(f, NULL, NULL);
	assert_non_null(t);
	assert_true(term_contains(t, "group-00001"));
	assert_true(term_find_row(t, "group-00001") < term_find_row(t, "group-00002"));
	term_key(t, "G");
	assert_int_equal(term_wait_idle(t, 10000), 0);
	assert_true(term_contains(t, "group-09500"));
	assert_true(term_find_row(t, "group-09499") < term_find_row(t, "group-09500"));
	for (long p = 0; p < PAGES; p++)
		assert_int_equal(page_gets(f, p * 1000), 1);
}

/* A write after a load sends back exactly the object each source came with:
 * unknown fields, nested objects, big numbers, unicode escapes (origo keeps
 * them as text between the load and the write). Last: it adds a group. */
#define ODD_A "{\"source\":\"odd1.example.com\",\"enabled\":true,\"backup\":false," \
	"\"tag\":\"caf\\u00e9 \\u2603 \\ud83d\\ude00\",\"future\":{\"deep\":[1,{\"x\":[true,null]}]}," \
	"\"big\":12345678901234567890,\"ratio\":0.1}"
#define ODD_B "{\"source\":\"odd2.example.com:8080\",\"enabled\":false,\"backup\":true," \
	"\"esc\":\"quote\\\"back\\\\slash\",\"empty\":{}}"

static void test_toggle_sends_what_came(void **state)
{
	fx *f = *state;
	const char *group = "{\"id\":9501,\"name\":\"odd-group\",\"use_next\":false,"
	                    "\"proxy_next_upstream\":[\"error\"],\"sources\":[" ODD_A "," ODD_B "]}";
	assert_int_equal(emu_put_group(f->emu, "9501", group), 0);
	cJSON *before = emu_get_group(f->emu, "9501");
	assert_non_null(before);
	term *t = fx_open(f, NULL, NULL);
	assert_non_null(t);
	term_key(t, "/");
	TERM_IDLE(t);
	term_keys(t, "odd-group");
	TERM_IDLE(t);
	term_key(t, TK_ENTER);
	TERM_IDLE(t);
	fx_open_group(t, "odd-group", "odd1.example.com");
	fx_select(t, "odd2.example.com");
	emu_clear_log(f->emu);
	term_key(t, "b");   /* odd2 stops being a backup */
	TERM_IDLE(t);
	cJSON *body = emu_log_first_body(f->emu, "PATCH", "/cdn/origin_groups/9501");
	if (!body) {
		term_dump(t, stderr);
		emu_print_log(f->emu);
		fail_msg("no PATCH of group 9501");
	}
	const cJSON *sent = cJSON_GetObjectItemCaseSensitive(body, "sources");
	const cJSON *had = cJSON_GetObjectItemCaseSensitive(before, "sources");
	assert_int_equal(cJSON_GetArraySize(sent), 2);
	cJSON *want = cJSON_Duplicate(cJSON_GetArrayItem(had, 1), 1);
	cJSON_ReplaceItemInObjectCaseSensitive(want, "backup", cJSON_CreateFalse());
	assert_true(cJSON_Compare(cJSON_GetArrayItem(sent, 0), cJSON_GetArrayItem(had, 0), 1));
	assert_true(cJSON_Compare(cJSON_GetArrayItem(sent, 1), want, 1));
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(sent, 1), "esc")->valuestring,
	                    "quote\"back\\slash");
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(sent, 0), "tag")->valuestring,
	                    "caf\xc3\xa9 \xe2\x98\x83 \xf0\x9f\x98\x80");
	assert_true(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(sent, 0), "big")->valuedouble ==
	            12345678901234567890.0);
	cJSON_Delete(want);
	cJSON_Delete(body);
	cJSON_Delete(before);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, test_setup, fx_test_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_list_json_in_order),
		T(test_middle_page_fails_as_first),
		T(test_screen_in_order),
		T(test_toggle_sends_what_came),
	};
	return cmocka_run_group_tests_name("e2e_pages", tests, group_setup, fx_group_teardown);
}
