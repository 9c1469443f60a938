/* The text of the rows: groups, sources, absent flags, pending marks, widths. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/cli.h"
#include "tui/draw.h"
#include "tui/format.h"

static og_source src(const char *host, og_tri enabled, og_tri backup)
{
	og_source s;
	memset(&s, 0, sizeof s);
	s.key = strdup(host);
	s.host = strdup(host);
	s.kind = OG_KIND_HOST;
	s.enabled = enabled;
	s.backup = backup;
	s.primary = OG_ABSENT;
	s.order = -1;
	return s;
}

/* caller frees with og_group_free() */
static og_group *group3(void)
{
	og_group *g = calloc(1, sizeof *g);
	g->id = strdup("42");
	g->name = strdup("web");
	g->use_next = OG_YES;
	g->in_use = OG_ABSENT;
	g->n_sources = 3;
	g->sources = calloc(3, sizeof *g->sources);
	g->sources[0] = src("a.com", OG_YES, OG_NO);
	g->sources[1] = src("b.com", OG_NO, OG_NO);
	g->sources[2] = src("c.com", OG_YES, OG_YES);
	return g;
}

static const og_caps gcore_like = {
	.provider_label = "Gcore", .has_enabled = true, .has_backup = true,
	.has_host_header = true, .has_next_upstream = true,
	.why_no_primary = "Gcore has no primary flag", .why_no_order = "Gcore has no order",
};

static void test_group_row(void **state)
{
	(void)state;
	og_group *g = group3();
	fmt_row row;
	fmt_group_row(g, &row);
	assert_int_equal(row.n, 6);
	assert_string_equal(row.cell[0].text, "42");
	assert_string_equal(row.cell[1].text, "web");
	assert_string_equal(row.cell[2].text, "2/3");   /* enabled/total */
	assert_string_equal(row.cell[3].text, "1");     /* backups */
	assert_string_equal(row.cell[4].text, "yes");
	assert_string_equal(row.cell[5].text, "-");     /* absent in_use */
	og_group_free(g);
}

static void test_source_row_absent_and_pending(void **state)
{
	(void)state;
	og_source s = src("d.com", OG_NO, OG_ABSENT);
	s.port = 8080;
	fmt_row row;
	fmt_source_row(&s, &gcore_like, FMT_PENDING(OG_FIELD_ENABLED), &row);
	assert_string_equal(row.cell[0].text, "d.com:8080");
	assert_string_equal(row.cell[1].text, "host");
	assert_string_equal(row.cell[2].text, "no*");       /* the NEW value, pending */
	assert_int_equal(row.cell[2].role, ROLE_PENDING);
	assert_string_equal(row.cell[3].text, "-");         /* absent backup */
	assert_string_equal(row.cell[4].text, "-");         /* no host header */
	assert_int_equal(row.n, 6);                         /* no primary/order columns */

	fmt_source_row(&s, &gcore_like, 0, &row);
	assert_string_equal(row.cell[2].text, "no");
	assert_int_equal(row.cell[2].role, ROLE_DISABLED);
	og_source_clear(&s);

	/* an IPv6 host before its port is in brackets, as it was written */
	og_source v6 = src("2001:db8::1", OG_YES, OG_NO);
	v6.port = 8443;
	fmt_source_row(&v6, &gcore_like, 0, &row);
	assert_string_equal(row.cell[0].text, "[2001:db8::1]:8443");
	og_source_clear(&v6);
}

static void test_source_columns_follow_caps(void **state)
{
	(void)state;
	fmt_col cols[FMT_MAX_COLS];
	int n = fmt_sources_columns(&gcore_like, cols);
	assert_int_equal(n, 6);
	for (int i = 0; i < n; i++) {
		assert_string_not_equal(cols[i].title, "PRIMARY");
		assert_string_not_equal(cols[i].title, "ORDER");
	}
	og_caps edgio_like = gcore_like;
	edgio_like.has_primary = edgio_like.has_order = true;
	n = fmt_sources_columns(&edgio_like, cols);
	assert_int_equal(n, 9);
	assert_string_equal(cols[2].title, "PROTO");
	assert_string_equal(cols[5].title, "PRIMARY");
	assert_string_equal(cols[6].title, "ORDER");

	og_source s = src("e.com", OG_YES, OG_ABSENT);
	s.primary = OG_YES;
	s.order = 2;
	s.protocol = strdup("https");
	s.host_header = strdup("cdn.example");
	fmt_row row;
	fmt_source_row(&s, &edgio_like, FMT_PENDING(OG_FIELD_PRIMARY), &row);
	assert_int_equal(row.n, 9);
	assert_string_equal(row.cell[2].text, "https");
	assert_string_equal(row.cell[5].text, "yes*");
	assert_string_equal(row.cell[6].text, "2");
	assert_int_equal(row.cell[6].role, ROLE_NORMAL);
	assert_string_equal(row.cell[7].text, "cdn.example");

	/* a Match Client source shows both orders, HTTP first; a pending move
	 * marks the order */
	free(s.protocol);
	s.protocol = strdup("match");
	s.order = 1;
	s.order_alt = 0;
	fmt_source_row(&s, &edgio_like, FMT_PENDING(OG_FIELD_ORDER), &row);
	assert_string_equal(row.cell[2].text, "match");
	assert_string_equal(row.cell[5].text, "yes");
	assert_string_equal(row.cell[6].text, "1/0*");
	assert_int_equal(row.cell[6].role, ROLE_PENDING);
	og_source_clear(&s);
}

/* The real Edgio shape: no enabled, backup or per-source host header. */
static void test_edgio_columns_drop_absent_flags(void **state)
{
	(void)state;
	og_caps edgio = { .provider_label = "E", .has_primary = true, .has_order = true,
	                  .why_no_enabled = "no enabled flag", .why_no_backup = "no backup flag" };
	fmt_col cols[FMT_MAX_COLS];
	int n = fmt_sources_columns(&edgio, cols);
	const char *want[] = { "HOST/BUCKET", "KIND", "PROTO", "PRIMARY", "ORDER", "PROBE" };
	assert_int_equal(n, 6);
	for (int i = 0; i < n; i++)
		assert_string_equal(cols[i].title, want[i]);
	og_source s = src("m.example", OG_ABSENT, OG_ABSENT);
	s.protocol = strdup("match");
	s.primary = OG_NO;
	s.order = 1;
	s.order_alt = 0;
	fmt_row row;
	fmt_source_row(&s, &edgio, 0, &row);
	assert_int_equal(row.n, n);
	assert_string_equal(row.cell[2].text, "match");
	assert_string_equal(row.cell[3].text, "no");
	assert_string_equal(row.cell[4].text, "1/0");
	og_source_clear(&s);
}

static void test_in_use_by_names(void **state)
{
	(void)state;
	og_group g;
	memset(&g, 0, sizeof g);
	char buf[256];
	g.in_use = OG_NO;
	fmt_in_use(&g, buf, sizeof buf);
	assert_string_equal(buf, "no");
	char *names[] = { "a.example", "b.example" };
	g.in_use = OG_YES;
	g.in_use_by = names;
	g.n_in_use_by = 2;
	fmt_in_use(&g, buf, sizeof buf);
	assert_string_equal(buf, "yes, in use by: a.example, b.example");
	/* too small a buffer cuts, never overflows */
	char small[12];
	fmt_in_use(&g, small, sizeof small);
	assert_string_equal(small, "yes");
}

static void test_s3_shows_bucket_never_secrets(void **state)
{
	(void)state;
	og_source s = src("my-bucket", OG_YES, OG_NO);
	s.kind = OG_KIND_S3;
	og_source_set_raw(&s, cJSON_Parse("{\"s3_access_key_id\":\"AKIDSECRET\",\"s3_secret_access_key\":\"TOPSECRET\"}"));
	fmt_row row;
	fmt_source_row(&s, &gcore_like, 0, &row);
	assert_string_equal(row.cell[0].text, "my-bucket");
	assert_string_equal(row.cell[1].text, "s3");
	for (int i = 0; i < row.n; i++) {
		assert_null(strstr(row.cell[i].text, "SECRET"));
	}
	og_source_clear(&s);
}

static void test_row_text_layout(void **state)
{
	(void)state;
	og_group *g = group3();
	fmt_col cols[FMT_MAX_COLS];
	int widths[FMT_MAX_COLS];
	int n = fmt_groups_columns(cols);
	fmt_layout(cols, n, 80, widths);
	int total = n - 1;
	for (int i = 0; i < n; i++)
		total += widths[i];
	assert_int_equal(total, 80);
	fmt_row row;
	fmt_group_row(g, &row);
	char line[512];
	fmt_row_text(cols, &row, widths, n, line, sizeof line);
	assert_int_equal(draw_width(line), 80);
	assert_memory_equal(line, "42       web ", 13);
	fmt_row_text(cols, NULL, widths, n, line, sizeof line);
	assert_memory_equal(line, "ID       NAME", 13);
	assert_non_null(strstr(line, "SOURCES BACKUPS USE-NEXT IN-USE"));
	og_group_free(g);
}

static void test_fit_counts_cells_not_bytes(void **state)
{
	(void)state;
	if (!setlocale(LC_ALL, "C.UTF-8"))
		skip();
	draw_ascii = false;
	char out[64];
	/* two wide characters take four cells */
	assert_int_equal(draw_width("\xe6\x97\xa5\xe6\x9c\xac"), 4);
	assert_int_equal(draw_fit("\xe6\x97\xa5\xe6\x9c\xac", 3, out, sizeof out), 3);
	assert_string_equal(out, "\xe6\x97\xa5\xe2\x80\xa6");   /* one wide char + ellipsis */
	assert_int_equal(draw_fit("abcdef", 4, out, sizeof out), 4);
	assert_string_equal(out, "abc\xe2\x80\xa6");
	draw_ascii = true;
	draw_fit("abcdef", 4, out, sizeof out);
	assert_string_equal(out, "abc~");
	draw_ascii = false;
	/* a control character never reaches the screen */
	draw_fit("a\x1b[2Jb", 10, out, sizeof out);
	assert_null(strchr(out, '\x1b'));
	assert_int_equal(draw_pad("ab", 5, out, sizeof out), 5);
	assert_string_equal(out, "ab   ");
	setlocale(LC_ALL, "C");
}

/* Counting only (draw false): wrapping breaks at spaces, a word longer than
 * a row is cut inside, wide characters count two cells, and the last row
 * allowed takes the rest. */
static void test_wrapped_rows(void **state)
{
	(void)state;
	if (!setlocale(LC_ALL, "C.UTF-8"))
		skip();
	assert_int_equal(draw_wrapped(0, 0, 10, 5, "", 0, false), 0);
	assert_int_equal(draw_wrapped(0, 0, 10, 5, "short", 0, false), 1);
	assert_int_equal(draw_wrapped(0, 0, 10, 5, "exactly 10", 0, false), 1);
	assert_int_equal(draw_wrapped(0, 0, 10, 5, "two words here", 0, false), 2);
	assert_int_equal(draw_wrapped(0, 0, 4, 5, "abcdefghij", 0, false), 3);   /* abcd efgh ij */
	assert_int_equal(draw_wrapped(0, 0, 4, 5, "\xe6\x97\xa5\xe6\x97\xa5\xe6\x97\xa5", 0, false), 2);
	assert_int_equal(draw_wrapped(0, 0, 10, 2, "one two three four five six", 0, false), 2);
	assert_int_equal(draw_wrapped(0, 0, 0, 2, "x", 0, false), 0);
	setlocale(LC_ALL, "C");
}

static void test_cli_list_json_parses(void **state)
{
	(void)state;
	og_group_list l = { 0 };
	og_group_list_push(&l, group3());
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_int_equal(cli_print_list(&l, true, f), 0);
	fclose(f);
	cJSON *j = cJSON_Parse(buf);
	assert_non_null(j);
	assert_true(cJSON_IsArray(j));
	assert_int_equal(cJSON_GetArraySize(j), 1);
	assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(j, 0), "id")->valuestring, "42");
	cJSON_Delete(j);
	free(buf);

	f = open_memstream(&buf, &len);
	assert_int_equal(cli_print_list(&l, false, f), 0);
	fclose(f);
	assert_non_null(strstr(buf, "ID  NAME  SOURCES  BACKUPS  USE-NEXT  IN-USE\n"));
	assert_non_null(strstr(buf, "42  web   2/3      1        yes       -\n"));
	free(buf);
	og_group_list_free(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_group_row),
		cmocka_unit_test(test_source_row_absent_and_pending),
		cmocka_unit_test(test_source_columns_follow_caps),
		cmocka_unit_test(test_in_use_by_names),
		cmocka_unit_test(test_edgio_columns_drop_absent_flags),
		cmocka_unit_test(test_s3_shows_bucket_never_secrets),
		cmocka_unit_test(test_row_text_layout),
		cmocka_unit_test(test_fit_counts_cells_not_bytes),
		cmocka_unit_test(test_wrapped_rows),
		cmocka_unit_test(test_cli_list_json_parses),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
