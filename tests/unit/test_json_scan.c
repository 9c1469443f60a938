/* The strict in-place JSON scanner (net/json_scan.h): what it accepts, what
 * it refuses, how it decodes strings, and its promise to the fallback: every
 * document it accepts cJSON accepts too. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "model/og_json.h"
#include "net/json_scan.h"
#include "tests/fuzz/json_walk.h"

/* Whether the scanner takes s as one whole document. */
static bool scans(const char *s)
{
	jscan j;
	js_init(&j, s, strlen(s));
	return js_skip(&j, NULL) && js_at_end(&j);
}

static bool cjson_takes(const char *s)
{
	const char *end = NULL;
	cJSON *j = cJSON_ParseWithOpts(s, &end, 1);
	cJSON_Delete(j);
	return j != NULL;
}

static const char *valid[] = {
	"{}", "[]", "0", "-0", "1.5e+10", "-12.25E-3", "true", "false", "null", "\"\"",
	" \t\r\n{ \"a\" : [ 1 , 2 , { \"b\" : null } ] } \n",
	"\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9 \\u2603 \\ud83d\\ude00\"",
	"{\"a\":{\"a\":{\"a\":[[[[]]]]}}}",
	"[\"caf\xc3\xa9\", \"\xe2\x98\x83\"]",
	"{\"k\":1,\"k\":2}",
	"[1e999]",
};

static const char *invalid[] = {
	"", " ", "{", "[", "}", "]", "[1,]", "{\"a\":1,}", "[,1]", "{,}", "{\"a\"}", "{\"a\":}",
	"{a:1}", "[01]", "[1.]", "[.5]", "[1e]", "[+1]", "[-]", "[tru]", "[nul]", "[truex]",
	"[1 2]", "{\"a\":1 \"b\":2}", "[\"a\" \"b\"]", "\"abc", "\"a\\\"", "\"\\x\"",
	"\"\\u12\"", "\"\\u12g4\"", "\"\\udc00\"", "\"\\ud800\"", "\"\\ud800\\u0041\"",
	"\"\\ud800x\"", "\"tab\there\"", "\"nl\nhere\"", "[1] x", "[1][2]", "{}{}",
	"\v[1]", "[1]\f", "[NaN]", "[Infinity]", "'a'", "[\"\\u0000\" ",
};

static void test_accepts_json(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof valid / sizeof *valid; i++) {
		if (!scans(valid[i]))
			fail_msg("refused valid JSON: %s", valid[i]);
		assert_true(cjson_takes(valid[i]));
	}
}

static void test_refuses_what_json_forbids(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof invalid / sizeof *invalid; i++)
		if (scans(invalid[i]))
			fail_msg("took invalid JSON: %s", invalid[i]);
}

/* The fallback's promise: nothing the scanner takes is refused by cJSON,
 * over the documents above and every prefix of them (a truncated page). */
static void test_accepted_is_cjsons(void **state)
{
	(void)state;
	const char **sets[] = { valid, invalid };
	size_t ns[] = { sizeof valid / sizeof *valid, sizeof invalid / sizeof *invalid };
	int taken = 0;
	for (int s = 0; s < 2; s++)
		for (size_t i = 0; i < ns[s]; i++) {
			size_t n = strlen(sets[s][i]);
			for (size_t k = 0; k <= n; k++) {
				char *p = strndup(sets[s][i], k);
				assert_non_null(p);
				if (scans(p)) {
					taken++;
					if (!cjson_takes(p))
						fail_msg("scanner took what cJSON refuses: %s", p);
				}
				free(p);
			}
		}
	assert_true(taken > 20);
}

static void test_depth_is_bounded(void **state)
{
	(void)state;
	char deep[2 * (JS_MAX_DEPTH + 1) + 1];
	for (int d = JS_MAX_DEPTH; d <= JS_MAX_DEPTH + 1; d++) {
		memset(deep, '[', (size_t)d);
		memset(deep + d, ']', (size_t)d);
		deep[2 * d] = '\0';
		assert_int_equal(scans(deep), d <= JS_MAX_DEPTH);
	}
}

static void test_walks_members(void **state)
{
	(void)state;
	const char *doc = "{\"id\": 42, \"name\": \"a\\\"b\", \"list\": [true, {\"x\": 1}], \"z\": null}";
	jscan s;
	js_init(&s, doc, strlen(doc));
	assert_true(js_object(&s));
	bool first = true;
	js_span k, v;
	assert_int_equal(js_member(&s, &first, &k), 1);
	assert_true(js_equals(&k, "id"));
	assert_int_equal(js_peek(&s), JS_NUMBER);
	assert_true(js_number(&s, &v));
	assert_int_equal(v.n, 2);
	assert_memory_equal(v.p, "42", 2);
	assert_int_equal(js_member(&s, &first, &k), 1);
	assert_true(js_equals(&k, "name"));
	assert_true(js_string(&s, &v));
	assert_true(v.escaped);
	char *d = js_strdup(&v);
	assert_string_equal(d, "a\"b");
	free(d);
	assert_int_equal(js_member(&s, &first, &k), 1);
	js_type t;
	assert_true(js_skip(&s, &t));
	assert_int_equal(t, JS_ARRAY);
	assert_int_equal(js_member(&s, &first, &k), 1);
	assert_true(js_equals(&k, "z"));
	assert_true(js_skip(&s, &t));
	assert_int_equal(t, JS_NULL);
	assert_int_equal(js_member(&s, &first, &k), 0);
	assert_true(js_at_end(&s));
	assert_int_equal(s.depth, 0);
}

/* Every string decodes to the bytes cJSON gives it. */
static void test_decodes_as_cjson(void **state)
{
	(void)state;
	const char *strs[] = {
		"\"plain\"", "\"\\\"q\\\" \\\\ \\/\"", "\"\\b\\f\\n\\r\\t\"", "\"\\u0001\\u001f\\u007f\"",
		"\"caf\\u00e9 \\u00E9\"", "\"\\u2603\\uffff\"", "\"\\ud83d\\ude00 \\uD834\\uDD1E\"",
		"\"raw \xc3\xa9 \xe2\x98\x83 \xff\xfe bytes\"", "\"\\u0800\\u07ff\\u0080\"",
	};
	for (size_t i = 0; i < sizeof strs / sizeof *strs; i++) {
		jscan s;
		js_span v;
		js_init(&s, strs[i], strlen(strs[i]));
		assert_true(js_string(&s, &v));
		char *mine = js_strdup(&v);
		cJSON *j = cJSON_Parse(strs[i]);
		assert_non_null(mine);
		assert_non_null(j);
		assert_string_equal(mine, j->valuestring);
		assert_true(js_equals(&v, j->valuestring));
		free(mine);
		cJSON_Delete(j);
	}
}

/* A \u0000 cannot be a C string: decoding says so instead of cutting it. */
static void test_nul_is_refused(void **state)
{
	(void)state;
	const char *doc = "\"ab\\u0000cd\"";
	jscan s;
	js_span v;
	js_init(&s, doc, strlen(doc));
	assert_true(js_string(&s, &v));
	char out[16];
	assert_int_equal(js_decode(&v, out), -1);
	assert_null(js_strdup(&v));
	assert_false(js_equals(&v, "ab"));
}

/* A run of plain bytes is scanned 8 at a time: an escape or the closing
 * quote at every offset of a word ends it at exactly that byte. */
static void test_runs_end_exactly(void **state)
{
	(void)state;
	for (size_t len = 0; len <= 24; len++)
		for (size_t at = 0; at <= len; at++) {
			char doc[64];
			size_t k = 0;
			doc[k++] = '"';
			for (size_t i = 0; i < len; i++) {
				if (i == at) {
					doc[k++] = '\\';
					doc[k++] = 'n';
				}
				doc[k++] = (char)('a' + i % 26);
			}
			doc[k++] = '"';
			doc[k++] = ',';   /* a byte after the string, not part of it */
			doc[k] = '\0';
			jscan s;
			js_span v;
			js_init(&s, doc, k);
			assert_true(js_string(&s, &v));
			assert_int_equal(s.p - doc, (long)k - 1);
			assert_int_equal(v.escaped, at < len);
			char *d = js_strdup(&v);
			doc[k - 1] = '\0';
			cJSON *j = cJSON_Parse(doc);
			assert_non_null(d);
			assert_non_null(j);
			assert_string_equal(d, j->valuestring);
			free(d);
			cJSON_Delete(j);
		}
}

/* cJSON's grammar (js_init_cjson): the text js_print makes of doc, or
 * NULL when it refuses it (caller frees). */
static char *cj_print(const char *doc, size_t n)
{
	jscan s;
	js_init_cjson(&s, doc, n);
	og_text t = { 0 };
	bool oom;
	if (!js_print(&s, &t, &oom)) {
		assert_false(oom);
		og_text_free(&t);
		return NULL;
	}
	return t.buf;
}

/* Takes doc exactly when cJSON_ParseWithLength does, and prints it as
 * cJSON_PrintUnformatted prints cJSON's tree of it. */
static void assert_as_cjson(const char *doc, size_t n)
{
	cJSON *j = cJSON_ParseWithLength(doc, n);
	char *want = j ? cJSON_PrintUnformatted(j) : NULL;
	char *got = cj_print(doc, n);
	if ((want == NULL) != (got == NULL) || (want && strcmp(want, got) != 0))
		fail_msg("%.*s: cJSON %s, scanner %s", (int)n, doc, want ? want : "refuses",
		         got ? got : "refuses");
	cJSON_free(want);
	free(got);
	cJSON_Delete(j);
}

static const char *cjson_docs[] = {
	/* cJSON's leniencies: leading zeros, a bare '.', controls as
	 * whitespace and in strings, words after literals, bytes after the
	 * document, a BOM, a bad hex digit as U+0000, numbers of any length */
	"[01]", "[1.]", "[-01.5]", "[1.e5]", "[00]", "\v[1]\f", "[\x01 1]", "[\"tab\there\"]",
	"[\"nl\nhere\"]", "nullx", "[1] x", "[1]]", "{}{}", "\xef\xbb\xbf[1]", "\xef\xbb\xbf" "1",
	"[\"\\u12zz\"]", "[\"\\u\\\\ab\"]", "[\"\\u1\\\"xx\"]",
	"[123456789012345678901234567890123456789012345678901234567890123456789]",
	/* what it refuses */
	"[1e]", "[-]", "[nullx]", "[.5]", "[+1]", "[1-2]", "[--1]", "[1.5.5]", "[0x1]", "[1e+]",
	"[\"\\ud800\"]", "[\"\\udc00\"]", "[\"\\ud800\\u0041\"]", "[\"\\ud800\\u00zz\"]",
	"[\"\\u12\"]", "[\"\\u00\"]", "[\"a\\x\"]", "[\"ab", "", "  ", "[1,]", "{\"a\":1,}",
	/* strings: decoded, cut at a NUL, escaped again */
	"[\"\\u0000ab\"]", "{\"a\\u0000b\":1}", "[\"\\u00e9\\/\"]", "[\"\\uD834\\uDD1E\"]",
	"[\"\\u0041\\\\\"]", "[\"\\b\\f\\n\\r\\t\\u0001\\u001f\\u007f\"]",
	/* numbers: printed from their double, as cJSON prints it */
	"[-0]", "[0.1]", "[1e22]", "[2147483648]", "[1e999]", "[-1E400]", "[1e-400]",
	"[9007199254740991]", "[0.30000000000000004]", "[123456789012]", "[1.5,2.25e3,-1e-7]",
	"[3.14159265358979]", "[1e5x]", "[truefalse]",
	/* members kept in order, a key twice too; no whitespace */
	"{\"a\":1,\"a\":2}", "{ \"a\"  :  [ ] , \"b\":{}, \"c\" : [ null , true ,false ] }",
};

static void test_cjson_grammar(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof cjson_docs / sizeof *cjson_docs; i++) {
		size_t n = strlen(cjson_docs[i]);
		assert_as_cjson(cjson_docs[i], n);
		for (size_t k = 0; k < n; k++)
			assert_as_cjson(cjson_docs[i], k);   /* every prefix: a page cut short */
	}
	/* a NUL byte is whitespace outside strings and ends a string inside */
	assert_as_cjson("[1,\0 2]", 7);
	assert_as_cjson("[\"a\0b\"]", 7);
}

/* cJSON's CJSON_NESTING_LIMIT (1000), not the strict grammar's 64. */
static void test_cjson_depth(void **state)
{
	(void)state;
	static char deep[2 * 1002];
	for (int d = 999; d <= 1001; d++) {
		memset(deep, '[', (size_t)d);
		memset(deep + d, ']', (size_t)d);
		assert_as_cjson(deep, 2 * (size_t)d);
	}
	assert_null(cj_print(deep, 2 * 1001));
	memset(deep, '[', 1000);
	memset(deep + 1000, ']', 1000);
	char *at_limit = cj_print(deep, 2 * 1000);
	assert_non_null(at_limit);
	free(at_limit);
}

/* A number's value is strtod's (cJSON's), whatever its spelling. */
static void test_cjson_numbers(void **state)
{
	(void)state;
	const char *nums[] = { "42", "-0", "1e3", "01", "1.", "9007199254740993", "1e999" };
	for (size_t i = 0; i < sizeof nums / sizeof *nums; i++) {
		char doc[32];
		snprintf(doc, sizeof doc, "[%s]", nums[i]);
		jscan s;
		js_init_cjson(&s, doc, strlen(doc));
		bool first = true;
		js_span v;
		assert_true(js_array(&s));
		assert_int_equal(js_element(&s, &first), 1);
		assert_true(js_number(&s, &v));
		assert_int_equal(v.n, strlen(nums[i]));
		cJSON *j = cJSON_Parse(doc);
		assert_non_null(j);
		double want = cJSON_GetArrayItem(j, 0)->valuedouble, got = js_number_value(&v);
		assert_memory_equal(&want, &got, sizeof want);
		cJSON_Delete(j);
	}
}

/* Both scans of a run of plain bytes (SSE2's 16 at a time where it is
 * built, the word's 8 at a time everywhere) stop exactly where a byte by
 * byte scan does: at each byte to stop at, at every offset of a block, and
 * at the end of the text (the text ends where its allocation does, so
 * that ASan sees a read past it). */
static const unsigned char *plain_by_bytes(const unsigned char *p, const unsigned char *end)
{
	while (p < end && *p >= 0x20 && *p != '"' && *p != '\\')
		p++;
	return p;
}

static void test_plain_runs_both_ways(void **state)
{
	(void)state;
	/* stops, and bytes beside them that are not stops */
	const unsigned char stops[] = { '"', '\\', 0x00, 0x01, 0x1F };
	const unsigned char plain[] = { 0x20, 0x21, 0x5B, 0x5D, 0x7F, 0x80, 0x9F, 0xDC, 0xFF };
	int checked = 0;
	for (size_t len = 0; len <= 40; len++) {
		for (size_t at = 0; at <= len; at++) {
			for (size_t k = 0; k < sizeof stops; k++) {
				unsigned char *buf = malloc(len ? len : 1);
				assert_non_null(buf);
				for (size_t i = 0; i < len; i++)
					buf[i] = plain[i % sizeof plain];
				if (at < len)
					buf[at] = stops[k];   /* at == len: none, the run ends at the end */
				const unsigned char *end = buf + len;
				const unsigned char *want = plain_by_bytes(buf, end);
				assert_ptr_equal(want, buf + at);
				for (size_t from = 0; from <= len; from++) {
					const unsigned char *w = plain_by_bytes(buf + from, end);
					assert_ptr_equal(js_plain_swar_(buf + from, end), w);
#ifdef JS_SSE2
					assert_ptr_equal(js_plain_sse2_(buf + from, end), w);
#endif
					checked++;
				}
				free(buf);
			}
		}
	}
	assert_true(checked > 4000);
}

/* js_skip takes what the walk takes, and leaves the cursor and the depth
 * where it does, in both grammars, for every document above and every
 * prefix of it. */
static void test_skip_is_the_walk(void **state)
{
	(void)state;
	const char **sets[] = { valid, invalid, cjson_docs };
	size_t ns[] = { sizeof valid / sizeof *valid, sizeof invalid / sizeof *invalid,
	                sizeof cjson_docs / sizeof *cjson_docs };
	int taken[2] = { 0, 0 };
	for (int set = 0; set < 3; set++)
		for (size_t i = 0; i < ns[set]; i++) {
			size_t n = strlen(sets[set][i]);
			for (size_t k = 0; k <= n; k++)
				for (int g = 0; g < 2; g++) {
					jscan a, b;
					(g ? js_init_cjson : js_init)(&a, sets[set][i], k);
					b = a;
					bool skipped = js_skip(&a, NULL), walked = json_walk(&b);
					if (skipped != walked)
						fail_msg("%s grammar, %.*s: js_skip %s, the walk %s",
						         g ? "cJSON's" : "the strict", (int)k, sets[set][i],
						         skipped ? "took it" : "refused it",
						         walked ? "took it" : "refused it");
					if (skipped) {
						assert_ptr_equal(a.p, b.p);
						assert_int_equal(a.depth, b.depth);
						assert_int_equal(a.depth, 0);
						taken[g]++;
					}
				}
		}
	assert_true(taken[0] > 50);   /* 67 when written */
	assert_true(taken[1] > 80);   /* 94 */
	/* the nesting limits, from both sides */
	static char deep[2 * 1001];
	for (int d = 999; d <= 1001; d++) {
		memset(deep, '[', (size_t)d);
		memset(deep + d, ']', (size_t)d);
		jscan a, b;
		js_init_cjson(&a, deep, 2 * (size_t)d);
		b = a;
		assert_int_equal(js_skip(&a, NULL), d <= 1000);
		assert_int_equal(json_walk(&b), d <= 1000);
	}
}

/* js_count_elements: the elements of an array, the cursor past it; false
 * on anything else, as js_skip of the same text. */
static void test_counts_elements(void **state)
{
	(void)state;
	struct { const char *doc; bool ok; size_t n; } cases[] = {
		{ "[]", true, 0 },
		{ " [ 1 ] ", true, 1 },
		{ "[1,\"a\",[2,3],{\"b\":[4,5]},null,true,false]", true, 7 },
		{ "[[],[],[]]x", true, 3 },
		{ "[1,2,", false, 2 },
		{ "[1,2,]", false, 2 },
		{ "[1 2]", false, 1 },
		{ "[\"a\",{]", false, 1 },
		{ "{\"a\":1}", false, 0 },
		{ "\"[1]\"", false, 0 },
		{ "", false, 0 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		for (int g = 0; g < 2; g++) {
			const char *doc = cases[i].doc;
			jscan s;
			(g ? js_init_cjson : js_init)(&s, doc, strlen(doc));
			size_t n = 99;
			bool ok = js_count_elements(&s, &n);
			if (ok != cases[i].ok || n != cases[i].n)
				fail_msg("%s: %s with %zu, not %s with %zu", doc, ok ? "taken" : "refused", n,
				         cases[i].ok ? "taken" : "refused", cases[i].n);
			if (ok) {
				const char *after = strrchr(doc, ']') + 1;
				assert_ptr_equal(s.p, after);
				assert_int_equal(s.depth, 0);
			}
		}
	/* a page of cJSON's grammar: as many as cJSON reads */
	const char *page = "\xef\xbb\xbf[{\"id\":1,\"x\":\"\\u00e9\"},\v{\"id\":2},\"\\u12zz\",01]";
	jscan s;
	js_init_cjson(&s, page, strlen(page));
	size_t n;
	assert_true(js_count_elements(&s, &n));
	cJSON *j = cJSON_ParseWithLength(page, strlen(page));
	assert_non_null(j);
	assert_int_equal(n, (size_t)cJSON_GetArraySize(j));
	cJSON_Delete(j);
}

/* A key told by its bytes (js_member_begin, js_member_known, else
 * js_member_end) is read as js_member reads it, and the _here calls answer
 * as js_peek, js_string and js_skip do: on every prefix of objects whose
 * keys begin, end, run on or are spaced as the known one is not, in both
 * grammars. */
static void test_known_keys_as_members(void **state)
{
	(void)state;
	const char *docs[] = {
		"{\"id\":1,\"id\" :\"a\",\"i\":true,\"ids\":null,\"id\":\t[2],\"i\\u0064\":{}}",
		"{ \"id\":\"x\" ,\"id\":false, \"idx\":\"y\",\"\":0,\"id\"}",
		"{\"id\":1,}", "{\"id\"\n:\"s\\n\",\"id\"x:1}", "{,\"id\":1}",
	};
	int members = 0;
	for (size_t i = 0; i < sizeof docs / sizeof *docs; i++)
		for (size_t k = 0; k <= strlen(docs[i]); k++)
			for (int g = 0; g < 2; g++) {
				jscan a, b;
				(g ? js_init_cjson : js_init)(&a, docs[i], k);
				b = a;
				assert_int_equal(js_object(&a), js_object(&b));
				bool fa = true, fb = true;
				for (;;) {
					js_span ka, kb;
					int ra = js_member(&a, &fa, &ka);
					int rb = js_member_begin(&b, &fb);
					if (rb == 1 && !js_member_known(&b, "id\":", 4, &kb))
						rb = js_member_end(&b, &kb);
					assert_int_equal(ra, rb);
					if (ra != 1)
						break;
					members++;
					assert_ptr_equal(a.p, b.p);
					assert_ptr_equal(ka.p, kb.p);
					assert_int_equal(ka.n, kb.n);
					assert_int_equal(ka.escaped, kb.escaped);
					/* the value: peeked, then read or passed */
					js_type t = js_peek_here(&b);
					assert_int_equal(js_peek(&a), t);
					bool ok_a, ok_b;
					if (t == JS_STRING) {
						js_span va, vb;
						ok_a = js_string(&a, &va);
						ok_b = js_string_here(&b, &vb);
						if (ok_a && ok_b) {
							assert_ptr_equal(va.p, vb.p);
							assert_int_equal(va.n, vb.n);
						}
					} else {
						ok_a = js_skip(&a, NULL);
						ok_b = js_skip_here(&b, t);
					}
					assert_int_equal(ok_a, ok_b);
					assert_ptr_equal(a.p, b.p);
					if (!ok_a)
						break;
				}
				assert_ptr_equal(a.p, b.p);
				assert_int_equal(a.depth, b.depth);
			}
	assert_true(members > 100);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_accepts_json),
		cmocka_unit_test(test_refuses_what_json_forbids),
		cmocka_unit_test(test_accepted_is_cjsons),
		cmocka_unit_test(test_depth_is_bounded),
		cmocka_unit_test(test_walks_members),
		cmocka_unit_test(test_decodes_as_cjson),
		cmocka_unit_test(test_nul_is_refused),
		cmocka_unit_test(test_runs_end_exactly),
		cmocka_unit_test(test_cjson_grammar),
		cmocka_unit_test(test_cjson_depth),
		cmocka_unit_test(test_cjson_numbers),
		cmocka_unit_test(test_plain_runs_both_ways),
		cmocka_unit_test(test_skip_is_the_walk),
		cmocka_unit_test(test_counts_elements),
		cmocka_unit_test(test_known_keys_as_members),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
