/* A Gcore list page read from its text (net/gcore/gcore_scan.h) gives the
 * groups the tree path gave (tests/fuzz/gcore_tree.h), field for field
 * (compared as their --json text, their raw_json and their paging), on
 * pages with escapes, unicode, nulls, absent and mistyped fields, duplicate
 * keys, S3 and FastEdge sources, ports and big ids; and the pages the tree
 * path alone used to read (cJSON's leniencies, a \u0000, escaped keys,
 * rounded numbers) or refused, it reads or refuses the same, with the
 * message the tree path gave. */
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
#include "tests/fuzz/gcore_tree.h"

/* The one mapping (gcore_scan_page, with raws and without) reads the page
 * as the tree path did (tests/fuzz/gcore_tree.h): the same groups, raw_json
 * byte for byte, and the same paging, or the same message. */
static void assert_as_tree(const char *text)
{
	char *why = gcore_tree_diff(text, strlen(text));
	if (why)
		fail_msg("page %s%s", text, why);
}

/* The page is taken, and read as the tree path does. */
static void assert_fast_same(const char *text)
{
	og_group_list l = { 0 };
	gcore_page p;
	og_error err;
	if (gcore_scan_page(text, strlen(text), false, &l, &p, &err) != 0)
		fail_msg("the scanner did not take: %s (%s)", text, err.msg);
	og_group_list_free(&l);
	assert_as_tree(text);
}

/* A page the tree path read otherwise than plain pages, or refused: the
 * one mapping reads it the same, or refuses it with the same message, and
 * the groups `out` held before are still there. */
static void assert_left_to_tree(const char *text)
{
	og_group_list l = { 0 };
	og_group *keep = calloc(1, sizeof *keep);
	keep->id = strdup("kept");
	assert_int_equal(og_group_list_push(&l, keep), 0);
	gcore_page p;
	og_error err;
	int rc = gcore_scan_page(text, strlen(text), false, &l, &p, &err);
	assert_true(l.n >= 1);
	assert_ptr_equal(l.items[0], keep);
	if (rc == GCORE_SCAN_NOT_JSON)
		assert_int_equal(l.n, 1);
	og_group_list_free(&l);
	assert_as_tree(text);
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
	/* more of cJSON's leniencies, and what it keeps in the raw objects */
	"\xef\xbb\xbf[{\"id\":1}]", "[{\"id\":1}]\x01 trailing", "\v[{\"id\":\x01 1}]\f",
	"[{\"id\\u0000x\":2,\"id\":3}]", "[{\"i\\u0064\":4,\"sources\":[{\"sour\\u0063e\":\"h\"}]}]",
	"[{\"id\":1,\"name\":\"a\x01b\x1f\"}]", "[{\"id\":\"\\u0000\"}]", "[{\"id\":\"\\u12zz\"}]",
	"[{\"id\":01,\"x\":1.}]", "[{\"id\":1e999}]", "[{\"id\":9007199254740992}]",
	"[{\"id\":9007199254740993}]", "[{\"id\":-0}]", "[{\"id\":0.0}]",
	"[{\"id\":1,\"n\":[-0,0.1,1e22,1e999,9007199254740991,2147483648,1.5e-7,123.456]}]",
	"[{\"id\":1,\"sources\":[" SRC("a") "],\"sources\":[" SRC("b") "],\"x\":{ \"y\" : [ ] }}]",
	"[{\"id\":1,\"sources\":[{\"source\":\"a\",\"config\":{\"k\":\"caf\\u00e9\\/\\u0001\"},"
	"\"z\":{\"z\":{\"z\":[[[true,false,null]]]}}}]}]",
	"[{\"id\":1,\"sources\":[{\"origin_type\":\"fastedge\",\"config\":{\"app_id\":1e300}}]}]",
	"[{\"id\":1,\"sources\":[{\"origin_type\":\"fastedge\",\"config\":{\"app_id\":-2.5}}]}]",
	"[{\"id\":1,\"sources\":[{\"origin_type\":\"fastedge\",\"config\":{\"app_id\":\"\"}}]}]",
	"[{\"id\":1,\"sources\":[{\"origin_type\":\"s\\u0033\",\"config\":{\"s3_bucket_name\":\"b\"}}]}]",
	"{\"count\":1e999,\"results\":[]}", "{\"count\":-0,\"results\":[]}", "nullx", "[1] [",
	"{\"results\":5,\"results\":[{\"id\":1}]}", "{\"results\":[{\"id\":1}],\"x\":[}",
	"[{\"id\":\"\"},{\"id\":1,\"x\":tru}]",   /* not JSON wins over a bad group before */
	"[{\"id\":1},{\"id\":2,\"sources\":[{}]},{\"id\":3}]",   /* groups before a bad one stay */
};

/* Nesting up to cJSON's limit (1000 levels in all) in a member no one
 * reads is kept in the raw object; one more level is not JSON. */
static void test_nesting(void **state)
{
	(void)state;
	static char page[4200];
	for (int extra = 996; extra <= 998; extra++) {
		/* [ { "x": <extra levels> } ]: 2 + extra levels */
		int n = snprintf(page, sizeof page, "[{\"id\":1,\"x\":");
		memset(page + n, '[', (size_t)extra);
		n += extra;
		memset(page + n, ']', (size_t)extra);
		n += extra;
		snprintf(page + n, sizeof page - (size_t)n, "}]");
		assert_as_tree(page);
	}
}

/* A group reading described (gcore_tree_describe of a list of it). */
static char *describe_group(int rc, const og_error *err, og_group *g)
{
	og_group_list l = { 0 };
	if (g)
		assert_int_equal(og_group_list_push(&l, g), 0);
	gcore_page p = { 0 };
	char *d = gcore_tree_describe(rc < 0 ? -1 : 0, err, &l, &p, true);
	og_group_list_free(&l);
	assert_non_null(d);
	return d;
}

/* A single group (GET, PATCH and POST answers, from the text; and from a
 * tree, gcore_parse_group) reads as the tree read it: its fields, its raw
 * objects, or the same message. */
static void test_single_group(void **state)
{
	(void)state;
	const char *groups[] = {
		"{\"id\":7,\"name\":\"g\",\"sources\":[" SRC("a:81") "],\"use_next\":true,"
		"\"proxy_next_upstream\":[\"error\"],\"n\":[1e22,-0]}",
		"{\"id\":7,\"sources\":[5]}", "{\"id\":\"\"}", "[]", "5",
		"{\"id\":7,\"sources\":[{\"origin_type\":\"s3\",\"config\":{\"s3_bucket_name\":\"\"}}]}",
		"{\"i\\u0064\":7,\"sources\":[{\"source\":\"h\"}],\"sources\":[]}",
	};
	for (size_t i = 0; i < sizeof groups / sizeof *groups; i++) {
		cJSON *j = cJSON_Parse(groups[i]);
		assert_non_null(j);
		og_group *g;
		og_error e = { 0 };
		int rc = gcore_tree_group(j, &g, &e);
		char *want = describe_group(rc, &e, g);
		og_error e2 = { 0 };
		rc = gcore_scan_group(groups[i], strlen(groups[i]), &g, &e2);
		char *text = describe_group(rc, &e2, g);
		og_error e3 = { 0 };
		rc = gcore_parse_group(j, &g, &e3);
		char *tree = describe_group(rc, &e3, g);
		if (strcmp(want, text) != 0 || strcmp(want, tree) != 0)
			fail_msg("group %s\ntree:      %s\ntext:      %s\nfrom tree: %s", groups[i], want,
			         text, tree);
		free(want);
		free(text);
		free(tree);
		cJSON_Delete(j);
	}
	/* not JSON: said so, nothing read */
	og_group *g = (og_group *)1;
	og_error e = { 0 };
	assert_int_equal(gcore_scan_group("{\"id\":1", 8, &g, &e), GCORE_SCAN_NOT_JSON);
	assert_null(g);
}

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
		og_error err;
		if (gcore_scan_page(p, k, false, &l, &pg, &err) == 0) {
			og_group_list_free(&l);
			assert_fast_same(p);
		} else {
			assert_left_to_tree(p);
		}
		og_group_list_free(&l);
		free(p);
	}
}

/* Keys are told apart by their length and first byte before one compare,
 * escaped keys (and keys with raw control bytes) once decoded, at every
 * level: each reads as the tree reads it. */
static const char *key_pages[] = {
	/* every name escaped, at each level */
	"{\"c\\u006funt\":3,\"r\\u0065sults\":[{\"i\\u0064\":1,\"n\\u0061me\":\"n\","
	"\"use_n\\u0065xt\":true,\"has_related_resource\\u0073\":true,"
	"\"proxy_next_upstrea\\u006d\":[\"error\"],\"s\\u006furces\":[{\"origin_typ\\u0065\":\"s3\","
	"\"c\\u006fnfig\":{\"s3_bucket_nam\\u0065\":\"b\"}},{\"origin_type\":\"fastedge\","
	"\"config\":{\"app_i\\u0064\":7}},{\"s\\u006furce\":\"h\",\"\\u0065nabled\":false,"
	"\"b\\u0061ckup\":true,\"host_header_overrid\\u0065\":\"x\"}]}]}",
	/* a name's length or first byte with other bytes */
	"{\"counx\":3,\"resulta\":[],\"results\":[{\"ix\":1,\"id\":2,\"nama\":\"x\",\"use_nexx\":true,"
	"\"sourcex\":[],\"sources\":[{\"sourcf\":\"x\",\"backuq\":true,\"confiq\":{},\"configs\":{},"
	"\"xrigin_type\":\"s3\",\"enabler\":false,\"source\":\"h\",\"cource\":\"y\",\"bource\":\"z\","
	"\"sackup\":true,\"bonfig\":{\"s3_bucket_name\":\"b\"}},{\"origin_type\":\"fastedge\","
	"\"config\":{\"app_ix\":1,\"s3_bucket_namx\":\"x\",\"app_id\":2}}],"
	"\"has_related_resourcez\":true,\"proxy_next_upstreax\":[\"x\"]}]}",
	/* a name told by its bytes only with its ':' at once after it:
	 * whitespace before the ':', names cut short or run on, all as the
	 * tree reads them */
	"[{\"id\" :1,\"name\"\n:\"n\",\"i\":7,\"ids\":8,\"sources\"\t:[{\"source\" : \"h\","
	"\"backup\":\r true,\"enabled\"  :false,\"sourc\":\"x\",\"config\" :{\"app_id\" :1,"
	"\"s3_bucket_nam\":\"x\",\"app_i\":2,\"s3_bucket_name\" : \"b\"}},{\"source\":\"g\"}],"
	"\"use_next\" :true,\"proxy_next_upstream\" :[\"a\" , \"b\"] , \"has_related_resources\"\r:true}]",
	/* keys with raw control bytes, and a NUL that cuts a key */
	"[{\"id\x01\":1,\"id\":2,\"sources\":[{\"source\x1f\":\"x\",\"source\":\"h\"}]}]",
	"[{\"id\\u0000x\":5,\"sources\":[{\"source\\u0000\":\"h\",\"backup\\u0000y\":true}]}]",
	/* origin_type compared as its C string */
	"[{\"id\":1,\"sources\":[{\"origin_type\":\"s3\\u0000x\",\"config\":{\"s3_bucket_name\":\"b\"}},"
	"{\"origin_type\":\"fastedge\\u0000\",\"config\":{\"app_id\":\"a\"}},"
	"{\"origin_type\":\"S3\",\"source\":\"h\"},{\"origin_type\":\"s3 \",\"source\":\"h\"},"
	"{\"origin_type\":\"s\x01\",\"source\":\"h\"},{\"origin_type\":\"\\u0073\\u0033\","
	"\"config\":{\"s3_bucket_name\":\"c\"}}]}]",
};

/* A host source's port split off as net_split_host_port splits it. */
static const char *port_pages[] = {
	"[{\"id\":1,\"sources\":[{\"source\":\"h:00080\"},{\"source\":\"h:99999999999999999999\"},"
	"{\"source\":\"h:\"},{\"source\":\"h:+80\"},{\"source\":\"h: 80\"},{\"source\":\"h:80 \"},"
	"{\"source\":\"h:8a\"},{\"source\":\"h:65535\"},{\"source\":\"h:1\"},{\"source\":\"h:65536\"},"
	"{\"source\":\"h:655350\"},{\"source\":\"h:0000065535\"},{\"source\":\":80\"},"
	"{\"source\":\"h:-1\"},{\"source\":\"a:b:80\"},{\"source\":\"::\"}]}]",
	/* escaped: split once decoded */
	"[{\"id\":1,\"sources\":[{\"source\":\"h\\u003a81\"},{\"source\":\"h\\u0000:80\"},"
	"{\"source\":\"\\u005b::1]:80\"},{\"source\":\"[::1]:80\"},{\"source\":\"[::1\"},"
	"{\"source\":\"[::1]x\"},{\"source\":\"h\\/x:82\"},{\"source\":\"h\x01:83\"},"
	"{\"source\":\"h\\t:84\"}]}]",
};

static void test_keys_and_ports(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof key_pages / sizeof *key_pages; i++)
		assert_as_tree(key_pages[i]);
	for (size_t i = 0; i < sizeof port_pages / sizeof *port_pages; i++)
		assert_fast_same(port_pages[i]);
}

/* Members in one order and in that order broken after each member, a key
 * given again, near misses of the names and values of other types: read
 * as the tree reads them. */
static const char *order_pages[] = {
	"[{\"id\":1,\"name\":\"n\",\"sources\":[" SRC("h") "],\"use_next\":true,"
	"\"proxy_next_upstream\":[\"error\"],\"auth_type\":\"none\",\"path\":\"\","
	"\"has_related_resources\":false,\"id\":2,\"name\":\"m\",\"use_next\":false,"
	"\"sources\":[],\"proxy_next_upstream\":[],\"has_related_resources\":true}]",
	"[{\"id\":1,\"id\":2,\"name\":\"n\"},{\"id\":3,\"name\":\"a\",\"name\":\"b\"},"
	"{\"id\":4,\"name\":\"n\",\"sources\":[{\"source\":\"a\",\"source\":\"b\"}],\"sources\":[]},"
	"{\"id\":5,\"name\":\"n\",\"sources\":[],\"use_next\":1,\"use_next\":true},"
	"{\"id\":6,\"name\":\"n\",\"sources\":[],\"use_next\":true,\"proxy_next_upstream\":\"x\","
	"\"proxy_next_upstream\":[\"a\"]},"
	"{\"id\":7,\"name\":\"n\",\"sources\":[],\"use_next\":true,\"proxy_next_upstream\":[],"
	"\"auth_type\":{\"id\":9},\"path\":[1],\"has_related_resources\":null,"
	"\"has_related_resources\":true}]",
	/* near misses of the names not read, and the order cut at each */
	"[{\"id\":1,\"auth_typ\":1,\"auth_types\":2,\"pat\":3,\"paths\":4,\"auth_type\" :5,"
	"\"path\" :6,\"name\":\"n\"},{\"name\":\"n\",\"id\":2},{\"id\":3,\"sources\":[],\"name\":\"n\"},"
	"{\"id\":4,\"name\":\"n\",\"use_next\":true,\"sources\":[" SRC("h") "]},"
	"{\"id\":5,\"name\":\"n\",\"sources\":[],\"proxy_next_upstream\":[\"a\"],\"use_next\":true},"
	"{\"id\":6,\"name\":\"n\",\"sources\":[],\"use_next\":true,\"path\":\"\","
	"\"proxy_next_upstream\":[\"a\"]},{\"id\":7,\"has_related_resources\":true,\"path\":1}]",
	/* a source's order cut at each member, keys given again */
	"[{\"id\":1,\"sources\":[{\"backup\":true,\"source\":\"h\"},"
	"{\"source\":\"h\",\"enabled\":false,\"backup\":true},"
	"{\"source\":\"h\",\"backup\":true,\"host_header_override\":\"x\",\"enabled\":false},"
	"{\"source\":\"h\",\"backup\":true,\"enabled\":false,\"host_header_override\":\"x\","
	"\"host_header_override\":\"y\",\"source\":\"z\",\"backup\":false,\"enabled\":true},"
	"{\"source\":\"h\",\"backup\":true,\"enabled\":false,\"host_header_override\":\"x\","
	"\"origin_type\":\"s3\",\"config\":{\"s3_bucket_name\":\"b\"}},"
	"{\"source\":1,\"source\":\"h\",\"backup\":\"true\",\"enabled\":null,"
	"\"host_header_override\":5},{\"source\" :\"h\",\"backup\":true},{}]}]",
};

/* A page of one group whose sources and name are each string of `len`
 * bytes (a ':' at `colon`, or none when colon >= len): copied and split
 * as the tree path does, whatever the length (0 to 40). */
static void assert_lengths(size_t len, size_t colon)
{
	char str[64];
	for (size_t i = 0; i < len; i++)
		str[i] = (char)('a' + i % 26);
	if (colon < len)
		str[colon] = ':';
	str[len] = '\0';
	char page[512];
	snprintf(page, sizeof page,
	         "[{\"id\":1,\"name\":\"%s\",\"sources\":[{\"source\":\"%s\",\"backup\":true,"
	         "\"enabled\":true,\"host_header_override\":\"%s\"}],"
	         "\"proxy_next_upstream\":[\"%s\"]},{\"id\":2,\"sources\":[{\"source\":\"%s\"}]}]",
	         str, str, str, str, str);
	assert_as_tree(page);
	/* the string last in the text: the ':' check's loads end at the text */
	snprintf(page, sizeof page, "{\"id\":3,\"sources\":[{\"source\":\"%s\"}]}", str);
	og_group *g = NULL;
	og_error err;
	if (len == 0)
		return;   /* a source with no host: refused (the page above says so) */
	assert_int_equal(gcore_scan_group(page, strlen(page), &g, &err), 0);
	assert_non_null(g);
	assert_int_equal(g->n_sources, 1);
	assert_string_equal(g->sources[0].key, str);
	og_group_free(g);
}

static void test_in_order_and_lengths(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof order_pages / sizeof *order_pages; i++)
		assert_as_tree(order_pages[i]);
	for (size_t len = 0; len <= 40; len++) {
		assert_lengths(len, len);
		for (size_t c = 0; c < len; c++)
			assert_lengths(len, c);
	}
}

/* A page's groups as list --json shows them: ports split off, hosts kept
 * whole, each group freed on its own (its block is the group itself). */
static void test_ports_shown(void **state)
{
	(void)state;
	const char *page = "[{\"id\":1,\"sources\":[{\"source\":\"h:8080\"},{\"source\":\"h:0\"},"
	                   "{\"source\":\"[::1]:81\"},{\"source\":\"h\\u003a82\"},{\"source\":\"a:1:2\"}]},"
	                   "{\"id\":2,\"name\":\"n\"}]";
	og_group_list l = { 0 };
	gcore_page p;
	og_error err;
	assert_int_equal(gcore_scan_page(page, strlen(page), false, &l, &p, &err), GCORE_SCAN_OK);
	assert_int_equal(l.n, 2);
	const og_source *s = l.items[0]->sources;
	assert_int_equal(l.items[0]->n_sources, 5);
	assert_string_equal(s[0].host, "h");
	assert_int_equal(s[0].port, 8080);
	assert_string_equal(s[0].key, "h:8080");
	assert_string_equal(s[1].host, "h:0");
	assert_int_equal(s[1].port, 0);
	assert_string_equal(s[2].host, "::1");
	assert_int_equal(s[2].port, 81);
	assert_string_equal(s[3].host, "h");
	assert_int_equal(s[3].port, 82);
	assert_string_equal(s[4].host, "a:1:2");
	assert_int_equal(s[4].port, 0);
	assert_string_equal(l.items[1]->name, "n");
	og_group_free(l.items[0]);
	og_group_free(l.items[1]);
	free(l.items);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reads_as_the_tree),
		cmocka_unit_test(test_long_app_id),
		cmocka_unit_test(test_leaves_the_rest_to_the_tree),
		cmocka_unit_test(test_truncated_pages),
		cmocka_unit_test(test_nesting),
		cmocka_unit_test(test_single_group),
		cmocka_unit_test(test_keys_and_ports),
		cmocka_unit_test(test_ports_shown),
		cmocka_unit_test(test_in_order_and_lengths),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
