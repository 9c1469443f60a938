/* The lean model (issue 9, target 5): a group's and a source's provider
 * object are kept as text, a page is parsed group by group and a group is
 * packed in one block; a write after a load still sends back exactly the
 * object it received (unknown fields, nested objects, big numbers, unicode
 * escapes), byte for byte what the whole-tree parse sent. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "net/gcore/gcore.h"
#include "net/json.h"
#include "tests/fuzz/gcore_tree.h"   /* the tree mapping origo had: the reference */

#define SRC_A "{\"source\":\"a.example.com\",\"enabled\":true,\"backup\":false," \
	"\"host_header_override\":null,\"tag\":\"t\"," \
	"\"unknown_field\":{\"nested\":{\"deep\":[1,2,{\"x\":\"y\"}],\"empty\":{}}}," \
	"\"big\":12345678901234567890,\"huge\":1e300,\"ratio\":0.1,\"neg\":-42," \
	"\"uni\":\"caf\\u00e9 \\u2603 \\ud83d\\ude00\",\"esc\":\"line\\nquote\\\"back\\\\slash\\/\"}"
#define SRC_B "{ \"source\" : \"b.example.com:8080\", \"enabled\":false,\"backup\":true," \
	"\"weight\":-0.0,\"list\":[],\"obj\":{} }"
#define GROUP "{\"id\":7,\"name\":\"web\",\"sources\":[" SRC_A "," SRC_B "]," \
	"\"use_next\":true,\"proxy_next_upstream\":[\"error\"],\"future\":{\"a\":[true,false,null]}," \
	"\"name_\\u00e9\":\"x\"}"
#define PAGE "{\"count\":1,\"next\":null,\"results\":[\n  " GROUP "\n]}"

/* The body gcore_build_change_body sent when each source was a cJSON tree
 * taken from the whole page: the same steps on the page parsed whole. */
static char *old_body(const char *page, int idx, const char *key, bool to)
{
	cJSON *j = cJSON_Parse(page);
	assert_non_null(j);
	const cJSON *g = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "results"), 0);
	cJSON *body = cJSON_CreateObject();
	cJSON_AddStringToObject(body, "name", cJSON_GetObjectItem(g, "name")->valuestring);
	cJSON *arr = cJSON_AddArrayToObject(body, "sources");
	int i = 0;
	const cJSON *s;
	cJSON_ArrayForEach(s, cJSON_GetObjectItem(g, "sources")) {
		cJSON *o = cJSON_Duplicate(s, 1);
		if (i++ == idx)
			assert_true(json_set(o, key, cJSON_CreateBool(to)));
		cJSON_AddItemToArray(arr, o);
	}
	char *text = cJSON_PrintUnformatted(body);
	cJSON_Delete(body);
	cJSON_Delete(j);
	return text;
}

static void test_write_sends_what_came(void **state)
{
	(void)state;
	og_group_list l = { 0 };
	gcore_page page;
	og_error err = { 0 };
	assert_int_equal(gcore_parse_list(PAGE, strlen(PAGE), &l, &page, &err), 0);
	assert_int_equal(l.n, 1);
	og_group *g = l.items[0];
	assert_non_null(g->pack);
	assert_true(g->sources[0].packed);
	/* what is kept is text, not a tree, until something reads it */
	assert_non_null(g->sources[0].raw_json);
	assert_null(g->sources[0].raw_tree);

	/* each source's object is the one received */
	cJSON *whole = cJSON_Parse(PAGE);
	const cJSON *wg = cJSON_GetArrayItem(cJSON_GetObjectItem(whole, "results"), 0);
	const cJSON *ws = cJSON_GetObjectItem(wg, "sources");
	assert_true(cJSON_Compare(og_source_raw(&g->sources[0]), cJSON_GetArrayItem(ws, 0), 1));
	assert_true(cJSON_Compare(og_source_raw(&g->sources[1]), cJSON_GetArrayItem(ws, 1), 1));
	assert_non_null(g->sources[0].raw_tree);   /* parsed once, then kept */
	const cJSON *raw = og_source_raw(&g->sources[0]);
	assert_ptr_equal(og_source_raw(&g->sources[0]), raw);
	assert_string_equal(cJSON_GetObjectItem(raw, "uni")->valuestring, "caf\xc3\xa9 \xe2\x98\x83 \xf0\x9f\x98\x80");
	assert_string_equal(cJSON_GetObjectItem(raw, "esc")->valuestring, "line\nquote\"back\\slash/");
	assert_true(cJSON_GetObjectItem(raw, "big")->valuedouble == 12345678901234567890.0);
	/* the group's object is the one received without its sources */
	cJSON *wg_copy = cJSON_Duplicate(wg, 1);
	cJSON_DeleteItemFromObject(wg_copy, "sources");
	assert_true(cJSON_Compare(og_group_raw(g), wg_copy, 1));
	cJSON_Delete(wg_copy);
	cJSON_Delete(whole);

	/* a toggle on either source sends byte for byte the old body */
	for (int idx = 0; idx < 2; idx++) {
		og_change c = { .group_id = "7", .source_key = g->sources[idx].key,
		                .field = OG_FIELD_BACKUP, .from = g->sources[idx].backup };
		c.to = c.from == OG_YES ? OG_NO : OG_YES;
		char *body = gcore_build_change_body(g, &c, NULL, NULL, &err);
		assert_non_null(body);
		char *want = old_body(PAGE, idx, "backup", c.to == OG_YES);
		assert_string_equal(body, want);
		free(body);
		free(want);
	}
	og_group_list_free(&l);
}

/* A packed group's copies are ordinary groups; the packed one refuses to
 * have its text replaced (it is read-only). */
static void test_pack_and_copies(void **state)
{
	(void)state;
	og_group_list l = { 0 };
	gcore_page page;
	og_error err = { 0 };
	assert_int_equal(gcore_parse_list(PAGE, strlen(PAGE), &l, &page, &err), 0);
	og_group *g = l.items[0];
	/* a host equal to its key is kept once; one with a port is not */
	assert_ptr_equal(g->sources[0].host, g->sources[0].key);
	assert_string_equal(g->sources[1].key, "b.example.com:8080");
	assert_string_equal(g->sources[1].host, "b.example.com");
	assert_int_equal(g->sources[1].port, 8080);
	assert_string_equal(g->next_upstream[0], "error");
	assert_int_equal(og_source_set_raw(&g->sources[0], cJSON_CreateObject()), -1);
	assert_int_equal(og_group_set_raw(g, cJSON_CreateObject()), -1);

	og_group *c = og_group_clone(g);
	assert_non_null(c);
	assert_null(c->pack);
	assert_false(c->sources[0].packed);
	assert_ptr_not_equal(c->sources[0].host, c->sources[0].key);
	assert_string_equal(c->sources[0].raw_json, g->sources[0].raw_json);
	assert_string_equal(c->raw_json, g->raw_json);
	cJSON *t = og_source_raw_dup(&c->sources[0]);
	cJSON_AddStringToObject(t, "added", "yes");
	assert_int_equal(og_source_set_raw(&c->sources[0], t), 0);
	assert_non_null(strstr(c->sources[0].raw_json, "\"added\":\"yes\""));
	assert_null(strstr(g->sources[0].raw_json, "added"));
	og_source s;
	assert_int_equal(og_source_copy(&s, &g->sources[1]), 0);
	assert_false(s.packed);
	og_group_list_free(&l);   /* the copies outlive the packed group */
	assert_string_equal(s.host, "b.example.com");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(og_source_raw(&s), "backup")));
	og_source_clear(&s);
	assert_string_equal(c->name, "web");
	og_group_free(c);
}

/* Parsing a page group by group gives what the whole-tree parse gives: the
 * same groups, texts and page, or the same error, for every shape. */
static void test_by_group_same_as_whole(void **state)
{
	(void)state;
	static const char *const docs[] = {
		PAGE,
		"[" GROUP "]",
		"  {\"results\": [ " GROUP " , " GROUP " ], \"count\": 2 }  trailing",
		"{\"count\":1,\"results\":[" GROUP ",]}",              /* trailing comma */
		"{\"count\":1,\"results\":[" GROUP "],}",
		"{\"count\":1x,\"results\":[" GROUP "]}",
		"{\"next\":tru,\"results\":[" GROUP "]}",
		"{\"res\\u0075lts\":[" GROUP "],\"count\":1}",       /* an escaped key */
		"{\"results\":[" GROUP "],\"results\":[],\"count\":1,\"count\":9}",
		"{\"count\":\"1\",\"results\":[]}",
		"{\"count\":2,\"results\":[{\"id\":\"\"}," GROUP "]}", /* a bad group first */
		"{\"count\":2,\"results\":[{\"name\":\"no id\"},{\"id\":1,\"x\":tru}]}",
		"{\"count\":2,\"results\":[" GROUP ",{\"id\":8,\"sources\":[{\"enabled\":true}]}]}",
		"{\"count\":1,\"results\":[5]}",
		"{\"count\":1,\"results\":{}}",
		"{\"count\":1,\"results\":[" GROUP,                   /* truncated */
		"",
		"[]",
		"{\"count\":1,\"results\":[{\"id\":3,\"name\":\"q\\\\\",\"sources\":[]}]}",
		"{\"count\":1,\"results\":[{\"id\":3,\"name\":\"q\\\"]}\",\"sources\":[]}]}",
	};
	for (size_t d = 0; d < sizeof docs / sizeof docs[0]; d++) {
		const char *doc = docs[d];
		og_group_list a = { 0 }, b = { 0 };
		gcore_page pa, pb;
		og_error ea = { 0 }, eb = { 0 };
		int ra = gcore_parse_list(doc, strlen(doc), &a, &pa, &ea);
		cJSON *j = cJSON_ParseWithLength(doc, strlen(doc));
		int rb;
		memset(&pb, 0, sizeof pb);
		if (j) {
			rb = gcore_tree_page(j, &b, &pb, &eb);
		} else {
			rb = -1;
			og_error_set(&eb, OG_ERR_PARSE, "malformed list of origin groups (not JSON)");
		}
		cJSON_Delete(j);
		if (ra != rb || (ra < 0 && strcmp(ea.msg, eb.msg) != 0))
			fail_msg("doc %zu: %d \"%s\" against %d \"%s\"", d, ra, ea.msg, rb, eb.msg);
		assert_int_equal(a.n, b.n);
		if (ra == 0) {
			assert_int_equal(pa.envelope, pb.envelope);
			assert_true(pa.count == pb.count);
			assert_int_equal(pa.n_results, pb.n_results);
		}
		for (size_t i = 0; i < a.n; i++) {
			assert_string_equal(a.items[i]->id, b.items[i]->id);
			assert_string_equal(a.items[i]->raw_json, b.items[i]->raw_json);
			assert_int_equal(a.items[i]->n_sources, b.items[i]->n_sources);
			for (size_t k = 0; k < a.items[i]->n_sources; k++)
				assert_string_equal(a.items[i]->sources[k].raw_json,
				                    b.items[i]->sources[k].raw_json);
		}
		og_group_list_free(&a);
		og_group_list_free(&b);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_write_sends_what_came),
		cmocka_unit_test(test_pack_and_copies),
		cmocka_unit_test(test_by_group_same_as_whole),
	};
	return cmocka_run_group_tests_name("gcore_lean", tests, NULL, NULL);
}
