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
	og_text t = { 0 };
	assert_int_equal(og_group_json_add(&t, g), 0);
	if (strcmp(t.buf, want) != 0)
		fail_msg("written:\n%s\ncJSON:\n%s", t.buf, want);
	og_text_free(&t);
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
	og_text t = { 0 };
	assert_int_equal(og_json_add_string(&t, all), 0);
	cJSON *s = cJSON_CreateString(all);
	char *want = cJSON_PrintUnformatted(s);
	assert_string_equal(t.buf, want);
	assert_non_null(strstr(t.buf, "\\u0001"));
	assert_non_null(strstr(t.buf, "\\u001f"));
	assert_non_null(strstr(t.buf, "\\\""));
	assert_non_null(strstr(t.buf, "\\\\"));
	assert_non_null(strstr(t.buf, "\\n"));
	free(want);
	cJSON_Delete(s);
	og_text_free(&t);
}

/* Plain bytes are copied 8 at a time: a byte to escape at every offset of
 * a word is escaped, and only it. */
static void test_escape_at_every_offset(void **state)
{
	(void)state;
	const char special[] = { '"', '\\', '\n', '\x01', '\x1f' };
	for (size_t len = 1; len <= 24; len++)
		for (size_t at = 0; at < len; at++)
			for (size_t c = 0; c < sizeof special; c++) {
				char str[32];
				for (size_t i = 0; i < len; i++)
					str[i] = (char)('a' + i % 26);
				str[at] = special[c];
				str[len] = '\0';
				og_text t = { 0 };
				assert_int_equal(og_json_add_string(&t, str), 0);
				cJSON *j = cJSON_CreateString(str);
				char *want = cJSON_PrintUnformatted(j);
				assert_string_equal(t.buf, want);
				free(want);
				cJSON_Delete(j);
				og_text_free(&t);
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
		cmocka_unit_test(test_provider_groups),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
