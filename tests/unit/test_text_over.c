/* A page made text over its own JSON (net/text_over.h), as list --json
 * reads the pages of a Gcore list (gcore_scan_page_each): the text is the
 * one the groups read whole give (net_call_text), separators included;
 * on a page like Gcore's, whose groups' text is shorter than their JSON,
 * it is written in the page's own memory; groups whose text would pass
 * the bytes not read yet go after it in their order, in a page where
 * both kinds alternate; and a page that fails gives no text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/og_json.h"
#include "net/call.h"
#include "net/gcore/gcore_scan.h"
#include "net/text_over.h"

/* A group as the emulator (and Gcore) writes it: its text is shorter. */
#define LONG_GROUP(id)                                                                   \
	"{\"id\":" #id ",\"name\":\"group-" #id "\",\"sources\":[{\"source\":\"o-" #id        \
	".example.com\",\"backup\":false,\"enabled\":true,\"host_header_override\":null}],"  \
	"\"use_next\":true,\"proxy_next_upstream\":[\"error\",\"timeout\"],"                \
	"\"auth_type\":\"none\",\"path\":\"\",\"has_related_resources\":false}"
/* A group whose text is longer than its JSON (the host is written twice,
 * the absent fields are written too). */
#define SHORT_GROUP(id) \
	"{\"id\":" #id ",\"sources\":[{\"source\":\"a-rather-long-origin-host-name-" #id ".example.com\"}]}"

static const net_call text_call = { .text = og_group_json_add, .text_sep = "," };

static int each(void *o, const og_group *g, size_t consumed, og_error *err)
{
	return text_over_group(o, g, consumed, err);
}

/* The text of the groups read whole (the list path), each after ",". */
static char *whole_text(const char *page)
{
	og_group_list l = { 0 };
	gcore_page p;
	og_error err;
	assert_int_equal(gcore_scan_page(page, strlen(page), false, &l, &p, &err), 0);
	og_text t = { 0 };
	assert_int_equal(net_call_text(&text_call, &l, &t, &err), 0);
	og_group_list_free(&l);
	return t.buf ? t.buf : strdup("");
}

/* The page read into text over a copy of itself: 0, with the text in *t,
 * its groups in *n and in *in_place whether every group's text was
 * written where the JSON was (none waited for the page's end). */
static int over(const char *page, og_text *t, size_t *n, bool *in_place, og_error *err)
{
	size_t len = strlen(page);
	char *json = malloc(len + 1);
	assert_non_null(json);
	memcpy(json, page, len + 1);
	text_over o;
	text_over_start(&o, &text_call, json, len + 1);
	gcore_page p;
	int rc = gcore_scan_page_each(json, len, each, &o, &p, err);
	if (rc == 0) {
		*in_place = o.rest.len == 0;
		assert_int_equal(text_over_end(&o, t, n, err), 0);
		assert_int_equal(p.n_results, *n);
		if (*in_place)   /* no other memory */
			assert_ptr_equal(t->buf, json);
	} else {
		free(json);
	}
	text_over_free(&o);
	return rc;
}

static void assert_text_of(const char *page, size_t want_n, bool want_in_place)
{
	char *want = whole_text(page);
	og_text t = { 0 };
	size_t n = 0;
	bool in_place = false;
	og_error err;
	assert_int_equal(over(page, &t, &n, &in_place, &err), 0);
	assert_int_equal(n, want_n);
	assert_string_equal(t.len ? t.buf : "", want);
	assert_int_equal(t.len, strlen(want));
	assert_int_equal(in_place, want_in_place);
	og_text_free(&t);
	free(want);
}

/* Gcore's groups: the whole text in the page's own memory. */
static void test_written_in_place(void **state)
{
	(void)state;
	assert_text_of("{\"count\":3,\"next\":null,\"previous\":null,\"results\":[" LONG_GROUP(1) ","
	               LONG_GROUP(2) "," LONG_GROUP(3) "]}", 3, true);
	assert_text_of("[" LONG_GROUP(7) "]", 1, true);
}

/* A group that does not fit, then one that would: both after the text
 * written in place, in their order; the text grows past the JSON. */
static void test_groups_that_do_not_fit(void **state)
{
	(void)state;
	assert_text_of("[" LONG_GROUP(1) "," SHORT_GROUP(2) "," LONG_GROUP(3) "," SHORT_GROUP(4) "]", 4,
	               false);
	assert_text_of("[" SHORT_GROUP(1) "]", 1, false);
	/* none at all: an empty text */
	assert_text_of("{\"count\":0,\"results\":[]}", 0, true);
}

/* A page that fails (a group without an id, JSON cut short after groups
 * already written over) gives no text and the message of the list path;
 * bytes after the page are not looked at, as cJSON does not. */
static void test_failed_pages(void **state)
{
	(void)state;
	const char *pages[] = {
		"[" LONG_GROUP(1) ",{\"name\":\"no id\"}," LONG_GROUP(3) "]",
		"[" LONG_GROUP(1) "," LONG_GROUP(2) ",{\"id\":3",
		"[" LONG_GROUP(1) "," SHORT_GROUP(2) "," LONG_GROUP(3) "] trailing",
	};
	for (size_t i = 0; i < sizeof pages / sizeof *pages; i++) {
		og_group_list l = { 0 };
		gcore_page p;
		og_error want, err;
		int want_rc = gcore_scan_page(pages[i], strlen(pages[i]), false, &l, &p, &want);
		og_group_list_free(&l);
		og_text t = { 0 };
		size_t n = 0;
		bool in_place;
		int rc = over(pages[i], &t, &n, &in_place, &err);
		assert_int_equal(rc, want_rc);
		if (rc == GCORE_SCAN_ERROR) {
			assert_int_equal(err.kind, want.kind);
			assert_string_equal(err.msg, want.msg);
		}
		if (rc == 0) {   /* bytes after the document are not looked at */
			og_text_free(&t);
			assert_text_of(pages[i], 3, false);
		} else {
			assert_null(t.buf);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_written_in_place),
		cmocka_unit_test(test_groups_that_do_not_fit),
		cmocka_unit_test(test_failed_pages),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
