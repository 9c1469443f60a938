/* The --json text written directly (model/og_json.h) is byte for byte what
 * cJSON printed of og_group_to_json(): on groups of every provider, with
 * every optional member present and absent, and with strings that need
 * escapes, unicode, controls and bytes that are not UTF-8. The two can never
 * drift apart while this holds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/og_json.h"

/* The plain C path of model/og_json.c (OG_JSON_BYTEWISE: every byte looked
 * at alone, as a big-endian machine runs it), built into this test under
 * other names beside the word-at-a-time one it links, so that every test
 * below holds both to cJSON. The header was read above; only the
 * definitions take the new names. test_og_json_nosimd.c builds this file
 * again with OG_JSON_TEST_SWAR: the second writer is then the 8-bytes-a-
 * word path (OG_JSON_NO_SIMD, as where SSE2 is not), the one linked SSE2's
 * on x86-64. */
#ifdef OG_JSON_TEST_SWAR
#define OG_JSON_NO_SIMD
#define SECOND_WRITER "SWAR"
#else
#define OG_JSON_BYTEWISE
#define SECOND_WRITER "bytewise"
#endif
#define og_text_add bytewise_text_add
#define og_text_reserve bytewise_text_reserve
#define og_text_free bytewise_text_free
#define og_pieces_add bytewise_pieces_add
#define og_pieces_write bytewise_pieces_write
#define og_pieces_free bytewise_pieces_free
#define og_json_add_string bytewise_json_add_string
#define og_group_json_add bytewise_group_json_add
#include "model/og_json.c"
#undef og_text_add
#undef og_text_reserve
#undef og_text_free
#undef og_pieces_add
#undef og_pieces_write
#undef og_pieces_free
#undef og_json_add_string
#undef og_group_json_add
#if defined(OG_JSON_TEST_SWAR) && (!WORDWISE || SSE2WISE)
#error "model/og_json.c ignored OG_JSON_NO_SIMD"
#elif !defined(OG_JSON_TEST_SWAR) && WORDWISE
#error "model/og_json.c ignored OG_JSON_BYTEWISE"
#endif

/* The two ways of writing, each test run on both. */
static const struct writer {
	const char *name;
	int (*string)(og_text *t, const char *s);
	int (*group)(og_text *t, const og_group *g);
} writers[] = {
	{ "word-at-a-time", og_json_add_string, og_group_json_add },
	{ SECOND_WRITER, bytewise_json_add_string, bytewise_group_json_add },
};
#define N_WRITERS (sizeof writers / sizeof *writers)

#include "net/call.h"
#include "net/edgio/edgio.h"
#include "net/gcore/gcore.h"
#include "net/yandex/yandex.h"

/* The tree path: og_group_to_json() printed by cJSON. */
static char *tree_text(const og_group *g)
{
	cJSON *j = og_group_to_json(g);
	assert_non_null(j);
	char *t = cJSON_PrintUnformatted(j);
	cJSON_Delete(j);
	assert_non_null(t);
	return t;
}

static void assert_same(const og_group *g)
{
	char *want = tree_text(g);
	for (size_t w = 0; w < N_WRITERS; w++) {
		og_text t = { 0 };
		assert_int_equal(writers[w].group(&t, g), 0);
		if (strcmp(t.buf, want) != 0)
			fail_msg("written (%s):\n%s\ncJSON:\n%s", writers[w].name, t.buf, want);
		/* after text already there: the same bytes behind it */
		assert_int_equal(writers[w].group(&t, g), 0);
		assert_int_equal(t.len, 2 * strlen(want));
		assert_memory_equal(t.buf + strlen(want), want, strlen(want));
		assert_int_equal(t.buf[t.len], '\0');
		og_text_free(&t);
	}
	free(want);
}

/* s as cJSON prints it and as each writer does. */
static void assert_same_string(const char *s)
{
	cJSON *j = cJSON_CreateString(s);
	assert_non_null(j);
	char *want = cJSON_PrintUnformatted(j);
	cJSON_Delete(j);
	assert_non_null(want);
	for (size_t w = 0; w < N_WRITERS; w++) {
		og_text t = { 0 };
		assert_int_equal(writers[w].string(&t, s), 0);
		if (strcmp(t.buf, want) != 0)
			fail_msg("written (%s): %s\ncJSON: %s", writers[w].name, t.buf, want);
		assert_int_equal(t.len, strlen(want));
		og_text_free(&t);
	}
	free(want);
}

/* Every byte 1..255 in one string, and the escapes cJSON writes. */
static void test_every_byte(void **state)
{
	(void)state;
	char all[256];
	for (int i = 1; i < 256; i++)
		all[i - 1] = (char)i;
	all[255] = '\0';
	assert_same_string(all);
	og_text t = { 0 };
	assert_int_equal(og_json_add_string(&t, all), 0);
	assert_non_null(strstr(t.buf, "\\u0001"));
	assert_non_null(strstr(t.buf, "\\u001f"));
	assert_non_null(strstr(t.buf, "\\\""));
	assert_non_null(strstr(t.buf, "\\\\"));
	assert_non_null(strstr(t.buf, "\\n"));
	og_text_free(&t);
	/* from every start: each length, each byte at each place of a word */
	for (size_t from = 0; from < 255; from++)
		assert_same_string(all + from);
}

/* Plain bytes are copied 8 at a time: a byte to escape at every offset of
 * a word is escaped, and only it. */
static void test_escape_at_every_offset(void **state)
{
	(void)state;
	/* the bytes next to the plain ones, and 0x7f/0xff (plain, as cJSON) */
	const char special[] = { '"', '\\', '\n', '\x01', '\x1f', '\x7f', '\xff', '!', ' ' };
	for (size_t len = 0; len <= 56; len++) {
		char str[64];
		for (size_t i = 0; i < len; i++)
			str[i] = (char)('a' + i % 26);
		str[len] = '\0';
		assert_same_string(str);   /* all plain: the last 0..7 bytes as a word */
		for (size_t at = 0; at < len; at++)
			for (size_t c = 0; c < sizeof special; c++) {
				str[at] = special[c];
				assert_same_string(str);
				/* and a second one at each place after it */
				for (size_t at2 = at + 1; at2 < len && at2 < at + 10; at2++) {
					char was = str[at2];
					str[at2] = special[(c + at2) % sizeof special];
					assert_same_string(str);
					str[at2] = was;
				}
				str[at] = (char)('a' + at % 26);
			}
	}
}

static const char *nasty[] = {
	"", "plain", "quote \" and back\\slash", "\b\f\n\r\t", "\x01\x1f\x7f",
	"caf\xc3\xa9 \xe2\x98\x83 \xf0\x9f\x98\x80", "\xff\xfe not utf-8 \xc3", "</script>",
	"a/b", "\\u0041 literally",
};
#define N_NASTY (sizeof nasty / sizeof *nasty)

static char *s_dup(size_t i) { return strdup(nasty[i % N_NASTY]); }

/* A hand-built group: member k of the optional ones present or not by the
 * bits of `mask`, strings from `nasty` shifted by `shift`. */
static og_group *built(unsigned mask, size_t shift)
{
	og_group *g = calloc(1, sizeof *g);
	assert_non_null(g);
	g->id = (mask & 1) ? s_dup(shift) : NULL;
	g->name = (mask & 2) ? s_dup(shift + 1) : NULL;
	g->use_next = (og_tri)((int)(mask >> 2) % 3 - 1);
	g->in_use = (og_tri)((int)(mask >> 4) % 3 - 1);
	if (mask & 64) {
		g->n_next_upstream = 3;
		g->next_upstream = calloc(3, sizeof(char *));
		g->next_upstream[0] = s_dup(shift + 2);
		g->next_upstream[2] = s_dup(shift + 3);   /* [1] NULL: written "" */
	}
	if (mask & 128) {
		g->n_in_use_by = 2;
		g->in_use_by = calloc(2, sizeof(char *));
		g->in_use_by[0] = s_dup(shift + 4);
		g->in_use_by[1] = s_dup(shift + 5);
	}
	if (mask & 256) {
		assert_int_equal(og_group_add_setting(g, nasty[(shift + 6) % N_NASTY], "v"), 0);
		assert_int_equal(og_group_add_setting(g, "Label", nasty[(shift + 7) % N_NASTY]), 0);
	}
	size_t n = mask % 4;
	g->sources = n ? calloc(n, sizeof *g->sources) : NULL;
	g->n_sources = n;
	for (size_t i = 0; i < n; i++) {
		og_source *s = &g->sources[i];
		s->kind = (og_kind)((shift + i) % 6);
		s->key = (mask >> i) & 1 ? s_dup(shift + i) : NULL;
		s->host = (mask >> (i + 1)) & 1 ? s_dup(shift + i + 2) : NULL;
		s->port = (int)((mask >> 3) & 1) * (int)(8000 + i);
		s->enabled = (og_tri)((int)(i + mask) % 3 - 1);
		s->backup = (og_tri)((int)(i + shift) % 3 - 1);
		s->primary = (og_tri)((int)(i + mask + shift) % 3 - 1);
		s->order = (mask >> 5) & 1 ? (int)i : -1;
		s->order_alt = (mask >> 6) & 1 ? (int)i + 10 : -1;
		s->protocol = (mask >> 7) & 1 ? strdup("match") : NULL;
		s->host_header = (mask >> 8) & 1 ? s_dup(shift + i + 4) : NULL;
	}
	return g;
}

static void test_built_groups(void **state)
{
	(void)state;
	for (unsigned mask = 0; mask < 512; mask++) {
		og_group *g = built(mask, mask % N_NASTY);
		assert_same(g);
		og_group_free(g);
	}
}

/* A host that is its key's very string (as og_group_pack and the Gcore
 * scanner keep it): written as the key is, escapes and all. */
static void test_host_shared_with_key(void **state)
{
	(void)state;
	for (unsigned mask = 0; mask < 512; mask += 3) {
		og_group *g = built(mask, mask % N_NASTY);
		char *hosts[4];
		for (size_t i = 0; i < g->n_sources; i++) {
			hosts[i] = g->sources[i].host;
			g->sources[i].host = g->sources[i].key;
		}
		assert_same(g);
		for (size_t i = 0; i < g->n_sources; i++)
			g->sources[i].host = hosts[i];
		og_group_free(g);
	}
}

/* Numbers written without printf: the largest, 0 and single digits, and
 * the values that leave a member out. */
static void test_numbers(void **state)
{
	(void)state;
	const int ports[] = { 1, 9, 10, 80, 443, 8080, 65535, 99999, 2147483647, 0, -1, -2147483647 - 1,
	                      /* every count of digits, at both its ends */
	                      99, 100, 999, 1000, 9999, 10000, 100000, 999999, 1000000, 9999999,
	                      10000000, 99999999, 100000000, 999999999, 1000000000 };
	const int orders[] = { 0, 1, 9, 10, 100, 2147483647, -1, -2147483647 - 1 };
	for (size_t p = 0; p < sizeof ports / sizeof *ports; p++)
		for (size_t o = 0; o < sizeof orders / sizeof *orders; o++) {
			og_group *g = built(1 | 2 | 4, 1);
			assert_int_equal(g->n_sources, 3);
			for (size_t i = 0; i < g->n_sources; i++) {
				g->sources[i].port = ports[(p + i) % (sizeof ports / sizeof *ports)];
				g->sources[i].order = orders[(o + i) % (sizeof orders / sizeof *orders)];
				g->sources[i].order_alt = orders[(o + p + i) % (sizeof orders / sizeof *orders)];
			}
			assert_same(g);
			og_group_free(g);
		}
}

/* og_text_reserve: room in one step, kept by what follows (the text is
 * not moved), and the text as it was. */
static void test_reserve(void **state)
{
	(void)state;
	og_text t = { 0 };
	assert_int_equal(og_text_reserve(&t, 100000), 0);
	assert_true(t.cap > 100000);
	assert_int_equal(t.len, 0);
	assert_string_equal(t.buf, "");
	const char *buf = t.buf;
	for (int i = 0; i < 1000; i++)
		assert_int_equal(og_json_add_string(&t, "0123456789abcdefghij"), 0);
	assert_ptr_equal(t.buf, buf);
	assert_int_equal(t.len, 1000 * 22);
	assert_memory_equal(t.buf + 21 * 22, "\"0123456789abcdefghij\"", 22);
	/* less than there is: nothing changes; more: the text is kept */
	size_t cap = t.cap;
	assert_int_equal(og_text_reserve(&t, 10), 0);
	assert_int_equal(t.cap, cap);
	assert_int_equal(og_text_reserve(&t, cap), 0);
	assert_true(t.cap > t.len + cap);
	assert_int_equal(t.len, 1000 * 22);
	assert_memory_equal(t.buf + 999 * 22, "\"0123456789abcdefghij\"", 23);
	/* more than can be had: refused, the text as it was */
	assert_int_equal(og_text_reserve(&t, SIZE_MAX - 2), -1);
	assert_int_equal(t.len, 1000 * 22);
	og_text_free(&t);
}

/* A fixed room (og_text.fixed, as text_over writes in place): a group is
 * written whole into room that holds it, its bytes those of the growing
 * text; in less room it fails, writing nothing past the room's cap bytes,
 * and the room is never moved or grown. */
static void test_fixed_room(void **state)
{
	(void)state;
	for (unsigned mask = 0; mask < 512; mask += 7) {
		og_group *g = built(mask, mask % N_NASTY);
		og_text want = { 0 };
		assert_int_equal(og_group_json_add(&want, g), 0);
		/* the most the writer may reserve: every string 6 times over */
		size_t big = 6 * want.len + 4096;
		char *room = malloc(big + 64);
		assert_non_null(room);
		memset(room, '#', big + 64);
		og_text in = { .buf = room, .len = 3, .cap = big, .fixed = true };
		assert_int_equal(og_group_json_add(&in, g), 0);
		assert_ptr_equal(in.buf, room);
		assert_int_equal(in.cap, big);
		assert_int_equal(in.len, 3 + want.len);
		assert_memory_equal(room + 3, want.buf, want.len + 1);
		/* too little room: -1, nothing written from cap on */
		for (size_t cap = 3; cap < 3 + want.len + 1; cap += 1 + cap / 4) {
			memset(room, '#', big + 64);
			og_text less = { .buf = room, .len = 3, .cap = cap, .fixed = true };
			assert_int_equal(og_group_json_add(&less, g), -1);
			assert_ptr_equal(less.buf, room);
			assert_int_equal(less.cap, cap);
			for (size_t i = cap; i < big + 64; i++)
				assert_int_equal(room[i], '#');
		}
		free(room);
		og_text_free(&want);
		og_group_free(g);
	}
}

/* A page's groups made text (net_call_text, as list --json does): the
 * groups' texts after the separator, in order, each group freed; the text
 * sized once from the first groups' average instead of doubling from
 * 4 KiB, so it ends with little room to spare, not up to as much again. */
static void test_page_text(void **state)
{
	(void)state;
	enum { N = 1000 };
	og_group_list l = { 0 };
	og_text want = { 0 };
	for (unsigned i = 0; i < N; i++) {
		og_group *g = built(1 | 2 | 64 | (i % 4), i);
		assert_int_equal(og_text_add(&want, ",", 1), 0);
		assert_int_equal(og_group_json_add(&want, g), 0);
		assert_int_equal(og_group_list_push(&l, g), 0);
	}
	/* what doubling from 4 KiB would end with: much more than the text */
	size_t doubled = 4096;
	while (doubled <= want.len)
		doubled *= 2;
	assert_true(doubled > want.len + want.len / 4);

	net_call c = { .text = og_group_json_add, .text_sep = ",", .text_out = NULL };
	og_text t = { 0 };
	og_error err = { 0 };
	assert_int_equal(net_call_text(&c, &l, &t, &err), 0);
	assert_int_equal(l.n, 0);
	assert_int_equal(t.len, want.len);
	assert_memory_equal(t.buf, want.buf, want.len);
	assert_int_equal(t.buf[t.len], '\0');
	assert_true(t.cap > t.len);
	assert_true(t.cap <= t.len + t.len / 4);
	og_text_free(&t);
	og_text_free(&want);
	og_group_list_free(&l);
}

static char *fixture(const char *path)
{
	char full[512];
	const char *dir = getenv("ORIGO_SRCDIR");
	snprintf(full, sizeof full, "%s/tests/fixtures/%s", dir ? dir : ".", path);
	FILE *f = fopen(full, "rb");
	if (!f)
		fail_msg("cannot open %s", full);
	static char buf[1 << 20];
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	return strdup(buf);
}

/* Groups as each provider's adapter makes them from its fixtures. */
static void test_provider_groups(void **state)
{
	(void)state;
	const char *gcore_pages[] = { "gcore/list_envelope.json", "gcore/list_page1.json",
	                              "gcore/list_page2.json", "gcore/list_seed.json" };
	size_t seen = 0;
	for (size_t i = 0; i < sizeof gcore_pages / sizeof *gcore_pages; i++) {
		char *text = fixture(gcore_pages[i]);
		og_group_list l = { 0 };
		gcore_page page;
		og_error err = { 0 };
		assert_int_equal(gcore_parse_list(text, strlen(text), &l, &page, &err), 0);
		for (size_t k = 0; k < l.n; k++, seen++)
			assert_same(l.items[k]);
		og_group_list_free(&l);
		free(text);
	}
	char *text = fixture("yandex/list_page1.json");
	cJSON *j = cJSON_Parse(text);
	og_group_list l = { 0 };
	char *next = NULL;
	og_error err = { 0 };
	assert_int_equal(yandex_parse_page(j, &l, &next, &err), 0);
	for (size_t k = 0; k < l.n; k++, seen++)
		assert_same(l.items[k]);
	og_group_list_free(&l);
	free(next);
	cJSON_Delete(j);
	free(text);

	char *gtext = fixture("edgio/group_http_large.json");
	char *rtext = fixture("edgio/origins_match.json");
	cJSON *group = cJSON_Parse(gtext), *rows = cJSON_Parse(rtext);
	const cJSON *g1 = cJSON_IsArray(group) ? cJSON_GetArrayItem(group, 0) : group;
	og_group *eg = NULL;
	assert_int_equal(edgio_parse_group(g1, rows, &eg, &err), 0);
	assert_same(eg);
	seen++;
	og_group_free(eg);
	cJSON_Delete(group);
	cJSON_Delete(rows);
	free(gtext);
	free(rtext);
	assert_true(seen > 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_byte),
		cmocka_unit_test(test_escape_at_every_offset),
		cmocka_unit_test(test_built_groups),
		cmocka_unit_test(test_host_shared_with_key),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_reserve),
		cmocka_unit_test(test_fixed_room),
		cmocka_unit_test(test_page_text),
		cmocka_unit_test(test_provider_groups),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
