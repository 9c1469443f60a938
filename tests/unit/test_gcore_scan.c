/* A Gcore list page read from its text (net/gcore/gcore_scan.h) gives the
 * groups the tree path gives, field for field (compared as their --json
 * text and their paging), on pages with escapes, unicode, nulls, absent and
 * mistyped fields, duplicate keys, S3 and FastEdge sources, ports and big
 * ids; and any page it does not take it leaves untouched for the tree path,
 * which then says what it always said. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/og_json.h"
#include "net/gcore/gcore.h"
#include "net/gcore/gcore_scan.h"

/* The groups' --json text and the page's paging, one line. */
static char *describe(const og_group_list *l, const gcore_page *p)
{
	og_text t = { 0 };
	char head[96];
	snprintf(head, sizeof head, "envelope=%d count=%.17g n=%zu:", p->envelope, p->count,
	         p->n_results);
	assert_int_equal(og_text_add(&t, head, strlen(head)), 0);
	for (size_t i = 0; i < l->n; i++)
		assert_int_equal(og_group_json_add(&t, l->items[i]), 0);
	return t.buf;
}

/* The tree path's reading of text: 0 and its description, or -1 and its
 * error message. */
static int tree(const char *text, char **out)
{
	og_group_list l = { 0 };
	gcore_page p;
	og_error err = { 0 };
	int rc = gcore_parse_list(text, strlen(text), &l, &p, &err);
	*out = rc == 0 ? describe(&l, &p) : strdup(err.msg);
	og_group_list_free(&l);
	return rc;
}

/* The scanner takes the page, and reads it as the tree path does. */
static void assert_fast_same(const char *text)
{
	og_group_list l = { 0 };
	gcore_page p;
	if (gcore_scan_page(text, strlen(text), &l, &p) != 0)
		fail_msg("the scanner did not take: %s", text);
	char *fast = describe(&l, &p);
	og_group_list_free(&l);
	char *slow;
	assert_int_equal(tree(text, &slow), 0);
	if (strcmp(fast, slow) != 0)
		fail_msg("page %s\nscanner: %s\ntree:    %s", text, fast, slow);
	free(fast);
	free(slow);
}

/* The scanner leaves the page to the tree path, and leaves `out` as it was. */
static void assert_left_to_tree(const char *text)
{
	og_group_list l = { 0 };
	og_group *keep = calloc(1, sizeof *keep);
	keep->id = strdup("kept");
	assert_int_equal(og_group_list_push(&l, keep), 0);
	gcore_page p = { .envelope = true, .count = 7, .n_results = 3 };
	if (gcore_scan_page(text, strlen(text), &l, &p) != 1)
		fail_msg("the scanner took: %s", text);
	assert_int_equal(l.n, 1);
	assert_ptr_equal(l.items[0], keep);
	assert_true(p.envelope && p.count == 7 && p.n_results == 3);
	og_group_list_free(&l);
}

#define SRC(s) "{\"source\":\"" s "\",\"backup\":false,\"enabled\":true,\"host_header_override\":null}"
#define ENV(results) "{\"count\":2,\"next\":null,\"previous\":null,\"results\":[" results "]}"

static const char *same_pages[] = {
	/* the emulator's shape, and a bare array */
	ENV("{\"id\":1,\"name\":\"group-00001\",\"sources\":[" SRC("a.example.com") "," SRC("b.example.com") "],"
	    "\"use_next\":true,\"proxy_next_upstream\":[\"error\",\"timeout\"],\"auth_type\":\"none\","
	    "\"path\":\"\",\"has_related_resources\":false}"),
	"[{\"id\":5,\"name\":\"w\",\"sources\":[" SRC("h:8080") "]}]",
	"[]", ENV(""), "{\"results\":[]}", " \n[ ] \n",
	/* escapes, unicode, controls, bytes that are not UTF-8 */
	"[{\"id\":1,\"name\":\"q\\\" b\\\\ s\\/ \\b\\f\\n\\r\\t \\u0001\\u001F caf\\u00e9 \\ud83d\\ude00 \xc3\xa9 \xff\","
	"\"sources\":[{\"source\":\"h\\u002eexample.com\",\"host_header_override\":\"x\\ty\"}],"
	"\"proxy_next_upstream\":[\"e\\u0072ror\",1,null,\"http_5\\u00300\",{}]}]",
	/* nulls, absent and mistyped fields */
	"[{\"id\":2,\"name\":null,\"use_next\":null,\"has_related_resources\":\"yes\","
	"\"proxy_next_upstream\":null,\"sources\":null}]",
	"[{\"id\":3}]", "[{\"id\":\"abc\",\"name\":7,\"sources\":{}}]",
	"[{\"id\":4,\"sources\":[{\"source\":\"h\",\"enabled\":\"no\",\"backup\":1,"
	"\"host_header_override\":5,\"origin_type\":7}]}]",
	"[{\"id\":4,\"use_next\":false,\"has_related_resources\":true,\"proxy_next_upstream\":[]}]",
	/* the first of a key given twice counts, whatever its type */
	"[{\"id\":6,\"id\":7,\"name\":\"first\",\"name\":\"second\",\"sources\":[" SRC("s1") "],"
	"\"sources\":[" SRC("s2") "],\"use_next\":1,\"use_next\":true,"
	"\"proxy_next_upstream\":5,\"proxy_next_upstream\":[\"error\"]}]",
	"[{\"id\":8,\"sources\":[{\"source\":\"one\",\"source\":\"two\",\"enabled\":false,"
	"\"enabled\":true,\"config\":{\"s3_bucket_name\":\"b\"},\"origin_type\":\"s3\","
	"\"config\":{\"s3_bucket_name\":\"c\"}}]}]",
	"{\"count\":\"x\",\"count\":3,\"results\":[],\"results\":[{\"id\":1}]}",
	"{\"count\":5,\"next\":{\"deep\":[1,2,{\"x\":null}]},\"results\":[{\"id\":1}],\"extra\":-1.5e3}",
	/* S3 and FastEdge sources, ports, IPv6 */
	"[{\"id\":9,\"sources\":[{\"origin_type\":\"s3\",\"enabled\":true,\"backup\":false,\"config\":"
	"{\"s3_type\":\"amazon\",\"s3_bucket_name\":\"my-bucket\",\"s3_access_key_id\":\"SECRET_VALUE\","
	"\"s3_secret_access_key\":\"SECRET_VALUE\",\"s3_region\":\"us-east-1\"}},"
	"{\"origin_type\":\"fastedge\",\"config\":{\"app_id\":123456}},"
	"{\"origin_type\":\"fastedge\",\"config\":{\"app_id\":\"app-\\u00e9\"}},"
	"{\"origin_type\":\"host\",\"source\":\"h.example.com:443\"},"
	"{\"origin_type\":\"future\",\"source\":\"[2001:db8::1]:8443\"},"
	"{\"source\":\"2001:db8::2\"},{\"source\":\"h:0\"},{\"source\":\"h:65536\"},{\"source\":\"h:x\"},"
	"{\"source\":\"[::1]\"},{\"source\":\"a:1:2\"}]}]",
	/* ids: the largest plain integers, and strings of any kind */
	"[{\"id\":999999999999999},{\"id\":0},{\"id\":\"12345678901234567890\"},{\"id\":\"x y\"}]",
};

static void test_reads_as_the_tree(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof same_pages / sizeof *same_pages; i++)
		assert_fast_same(same_pages[i]);
}

/* A FastEdge app id long enough to be cut where the tree path cuts it. */
static void test_long_app_id(void **state)
{
	(void)state;
	char page[1024], app[600];
	memset(app, 'a', sizeof app - 1);
	app[sizeof app - 1] = '\0';
	snprintf(page, sizeof page, "[{\"id\":1,\"sources\":[{\"origin_type\":\"fastedge\","
	         "\"config\":{\"app_id\":\"%s\"}}]}]", app);
	assert_fast_same(page);
}

static const char *tree_pages[] = {
	/* what the tree path may read otherwise, or refuses with its own words */
	"[{\"id\":1,\"name\":\"cut\\u0000here\"}]",                 /* cJSON cuts at \u0000 */
	"[{\"id\":1,\"n\\u0061me\":\"escaped key\"}]",
	"[{\"id\":9007199254740993}]", "[{\"id\":1.0}]", "[{\"id\":1e3}]", "[{\"id\":-1}]",
	"[{\"id\":1234567890123456}]",
	"[{\"id\":\"\"}]", "[{\"name\":\"no id\"}]", "[{\"id\":null}]", "[1]", "[\"x\"]",
	"{\"count\":1.5,\"results\":[]}", "{\"count\":1}", "{\"results\":{}}", "\"text\"", "42",
	"[{\"id\":1,\"sources\":[5]}]", "[{\"id\":1,\"sources\":[{}]}]",
	"[{\"id\":1,\"sources\":[{\"source\":\"\"}]}]",
	"[{\"id\":1,\"sources\":[{\"origin_type\":\"s3\",\"config\":{}}]}]",
	"[{\"id\":1,\"sources\":[{\"origin_type\":\"s3\",\"config\":{\"s3_bucket_name\":\"\"}}]}]",
	"[{\"id\":1,\"sources\":[{\"origin_type\":\"fastedge\",\"config\":{\"app_id\":1.5}}]}]",
	"[{\"id\":1,\"sources\":[{\"origin_type\":\"fastedge\",\"config\":{}}]}]",
	/* malformed, truncated, and cJSON's leniencies */
	"", "[", "[{\"id\":1}", "[{\"id\":1},]", "[{\"id\":1}] trailing", "[{\"id\":01}]",
	"{\"results\":[{\"id\":1}],}", "[{\"id\":1,\"name\":\"tab\there\"}]", "\v[]",
	"[{\"id\":1,\"name\":\"\\ud800\"}]",
};

static void test_leaves_the_rest_to_the_tree(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof tree_pages / sizeof *tree_pages; i++)
		assert_left_to_tree(tree_pages[i]);
}

/* Every prefix of a page (a connection cut short) is either read as the
 * tree reads it or left to the tree: never a different reading. */
static void test_truncated_pages(void **state)
{
	(void)state;
	const char *page = same_pages[0];
	size_t n = strlen(page);
	for (size_t k = 0; k < n; k++) {
		char *p = strndup(page, k);
		og_group_list l = { 0 };
		gcore_page pg;
		if (gcore_scan_page(p, k, &l, &pg) == 0) {
			og_group_list_free(&l);
			assert_fast_same(p);
		}
		assert_int_equal(l.n, 0);
		og_group_list_free(&l);
		free(p);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reads_as_the_tree),
		cmocka_unit_test(test_long_app_id),
		cmocka_unit_test(test_leaves_the_rest_to_the_tree),
		cmocka_unit_test(test_truncated_pages),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
