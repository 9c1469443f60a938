/* End to end: browsing. The groups screen lists the seeded groups, the cursor
 * moves, the filter narrows as you type, a group opens with its settings and
 * sources (never its S3 keys), and a long list pages. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/e2e/fixture.h"
#include "tests/e2e/seed.h"

static const char *const NAMES[] = {
	"web-main", "media-s3", "api-single", "static-assets", "images-cdn",
};
#define N_NAMES (sizeof NAMES / sizeof NAMES[0])

/* Whitespace-separated words of a row. */
static int words(const char *row, char out[][128], int max)
{
	int n = 0;
	const char *p = row;
	while (*p && n < max) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		size_t len = strcspn(p, " ");
		snprintf(out[n++], 128, "%.*s", (int)len, p);
		p += len;
	}
	return n;
}

static void assert_group_row(term *t, const char *name, const char *id,
                             const char *sources, const char *backups)
{
	char w[16][128];
	int n = words(fx_row_of(t, name), w, 16);
	if (n < 6 || strcmp(w[0], id) || strcmp(w[1], name) || strcmp(w[2], sources) ||
	    strcmp(w[3], backups)) {
		term_dump(t, stderr);
		fail_msg("row of %s: want \"%s %s %s %s ...\"", name, id, name, sources, backups);
	}
}

static void test_groups_screen_lists_seeded_groups(void **state)
{
	fx *f = *state;
	term *t = fx_open(f, NULL, NULL);
	for (size_t i = 0; i < N_NAMES; i++)
		TERM_ASSERT_CONTAINS(t, NAMES[i]);
	assert_group_row(t, "web-main", "101", "2/3", "1");
	assert_group_row(t, "media-s3", "102", "2/2", "1");
	assert_group_row(t, "api-single", "103", "1/1", "0");
	assert_group_row(t, "static-assets", "104", "2/2", "0");
	assert_group_row(t, "images-cdn", "105", "1/2", "0");

	/* use-next and in-use: web-main has both, static-assets only use-next,
	 * media-s3 neither: the words must differ accordingly. */
	char a[16][128], b[16][128], c[16][128];
	words(fx_row_of(t, "web-main"), a, 16);
	words(fx_row_of(t, "static-assets"), b, 16);
	words(fx_row_of(t, "media-s3"), c, 16);
	assert_string_equal(a[4], a[5]);       /* yes yes */
	assert_string_equal(a[4], b[4]);       /* use-next of both: yes */
	assert_string_not_equal(b[4], b[5]);   /* yes no */
	assert_string_equal(c[4], c[5]);       /* no no */
	assert_string_not_equal(a[4], c[4]);

	/* the top line names the account and the provider */
	const char *top = term_row(t, 0);
	assert_non_null(strstr(top, "gcore"));

	/* exactly one list was needed, and it was authenticated */
	cJSON *log = emu_get_log(f->emu);
	assert_non_null(log);
	int lists = 0;
	const cJSON *it;
	cJSON_ArrayForEach(it, log) {
		const cJSON *p = cJSON_GetObjectItemCaseSensitive(it, "path");
		const cJSON *auth = cJSON_GetObjectItemCaseSensitive(it, "auth");
		const cJSON *ok = cJSON_GetObjectItemCaseSensitive(it, "auth_ok");
		if (cJSON_IsString(p) && strcmp(p->valuestring, "/cdn/origin_groups") == 0) {
			lists++;
			assert_true(cJSON_IsString(auth) && strcmp(auth->valuestring, "APIKey") == 0);
			assert_true(cJSON_IsTrue(ok));
		}
	}
	cJSON_Delete(log);
	assert_true(lists >= 1);
	assert_int_equal(emu_log_count_writes(f->emu), 0);
}

/* Screen rows of the five groups, top to bottom. */
static void group_rows(term *t, int *rows)
{
	for (size_t i = 0; i < N_NAMES; i++) {
		rows[i] = term_find_row(t, NAMES[i]);
		assert_true(rows[i] > 0);
	}
	/* sort (tiny insertion sort) */
	for (size_t i = 1; i < N_NAMES; i++)
		for (size_t j = i; j > 0 && rows[j - 1] > rows[j]; j--) {
			int x = rows[j];
			rows[j] = rows[j - 1];
			rows[j - 1] = x;
		}
}

static void assert_only_selected(term *t, const int *rows, size_t want)
{
	for (size_t i = 0; i < N_NAMES; i++) {
		if (term_row_highlighted(t, rows[i]) != (i == want)) {
			term_dump(t, stderr);
			fail_msg("row %d should%s be highlighted", rows[i], i == want ? "" : " not");
		}
	}
}

static void test_cursor_moves(void **state)
{
	fx *f = *state;
	term *t = fx_open(f, NULL, NULL);
	int rows[N_NAMES];
	group_rows(t, rows);
	assert_only_selected(t, rows, 0);   /* the first group at start */

	term_key(t, "j");
	TERM_IDLE(t);
	assert_only_selected(t, rows, 1);
	term_key(t, "j");
	TERM_IDLE(t);
	assert_only_selected(t, rows, 2);
	term_key(t, "k");
	TERM_IDLE(t);
	assert_only_selected(t, rows, 1);
	term_key(t, "G");
	TERM_IDLE(t);
	assert_only_selected(t, rows, N_NAMES - 1);
	term_key(t, "j");                   /* at the end: stays */
	TERM_IDLE(t);
	assert_only_selected(t, rows, N_NAMES - 1);
	term_key(t, "g");
	TERM_IDLE(t);
	assert_only_selected(t, rows, 0);
	term_key(t, TK_DOWN);
	TERM_IDLE(t);
	assert_only_selected(t, rows, 1);
	term_key(t, TK_UP);
	TERM_IDLE(t);
	assert_only_selected(t, rows, 0);
	term_key(t, TK_PGDN);
	TERM_IDLE(t);
	assert_only_selected(t, rows, N_NAMES - 1);   /* a page is more than five rows */
	term_key(t, TK_PGUP);
	TERM_IDLE(t);
	assert_only_selected(t, rows, 0);
}

static void test_cursor_step_is_cheap(void **state)
{
	fx *f = *state;
	term *t = fx_open(f, NULL, NULL);
	/* g on the first row moves nothing: it lets the load's message give
	 * way to the screen's keys, so the steps below are only steps */
	term_key(t, "g");
	TERM_IDLE(t);
	term_reset_bytes(t);
	term_key(t, "j");
	TERM_IDLE(t);
	size_t down = term_bytes(t);
	term_reset_bytes(t);
	term_key(t, "k");
	TERM_IDLE(t);
	size_t up = term_bytes(t);
	/* the cursor bar leaves one row and covers the next: two rows of 80 */
	if (down > 2 * 80 + 40 || up > 2 * 80 + 40 || down == 0) {
		term_dump(t, stderr);
		term_dump_raw(t, stderr);
		fail_msg("a cursor step wrote %zu (j) and %zu (k) bytes; want 1..200", down, up);
	}
}

static void test_filter_narrows_as_you_type(void **state)
{
	fx *f = *state;
	term *t = fx_open(f, NULL, NULL);
	term_key(t, "/");
	TERM_IDLE(t);
	for (size_t i = 0; i < N_NAMES; i++)
		TERM_ASSERT_CONTAINS(t, NAMES[i]);
	/* "s": every group with an s in its name or a source host */
	term_key(t, "s");
	TERM_IDLE(t);
	TERM_ASSERT_LACKS(t, "web-main");
	TERM_ASSERT_CONTAINS(t, "media-s3");
	TERM_ASSERT_CONTAINS(t, "api-single");
	TERM_ASSERT_CONTAINS(t, "static-assets");
	TERM_ASSERT_CONTAINS(t, "images-cdn");
	term_key(t, "t");
	TERM_IDLE(t);
	TERM_ASSERT_CONTAINS(t, "static-assets");
	TERM_ASSERT_LACKS(t, "media-s3");
	TERM_ASSERT_LACKS(t, "api-single");
	TERM_ASSERT_LACKS(t, "images-cdn");
	/* Backspace widens it again */
	term_key(t, TK_BACKSPACE);
	TERM_IDLE(t);
	TERM_ASSERT_CONTAINS(t, "api-single");
	TERM_ASSERT_LACKS(t, "web-main");
	/* by source host: only web-main has backup.example.net */
	term_key(t, TK_BACKSPACE);
	term_keys(t, "backup.ex");
	TERM_IDLE(t);
	TERM_ASSERT_CONTAINS(t, "web-main");
	TERM_ASSERT_LACKS(t, "static-assets");
	TERM_ASSERT_LACKS(t, "media-s3");
	/* by id */
	for (int i = 0; i < 9; i++)
		term_key(t, TK_BACKSPACE);
	term_keys(t, "105");
	TERM_IDLE(t);
	TERM_ASSERT_CONTAINS(t, "images-cdn");
	TERM_ASSERT_LACKS(t, "web-main");
	/* Esc clears it (from the prompt, and again from the list if kept) */
	term_key(t, TK_ESC);
	TERM_IDLE(t);
	if (!term_contains(t, "web-main")) {
		term_key(t, TK_ESC);
		TERM_IDLE(t);
	}
	for (size_t i = 0; i < N_NAMES; i++)
		TERM_ASSERT_CONTAINS(t, NAMES[i]);
	/* filtering is local: no request was made for it */
	assert_int_equal(emu_log_count(f->emu, "GET", "/cdn/origin_groups"), 1);
}

static void test_filter_kept_after_enter(void **state)
{
	fx *f = *state;
	term *t = fx_open(f, NULL, NULL);
	term_key(t, "/");
	term_keys(t, "static");
	term_key(t, TK_ENTER);
	TERM_IDLE(t);
	TERM_ASSERT_CONTAINS(t, "static-assets");
	TERM_ASSERT_LACKS(t, "web-main");
	/* Enter again opens the only group left */
	term_key(t, TK_ENTER);
	TERM_IDLE(t);
	TERM_ASSERT_CONTAINS(t, "static1.example.com");
	term_key(t, TK_ESC);
	TERM_IDLE(t);
	TERM_ASSERT_LACKS(t, "static1.example.com");
	TERM_ASSERT_CONTAINS(t, "static-assets");
	term_key(t, TK_ESC);   /* clears the kept filter */
	TERM_IDLE(t);
	TERM_ASSERT_CONTAINS(t, "web-main");
}

static void test_open_group_shows_settings_and_sources(void **state)
{
	fx *f = *state;
	term *t = fx_open(f, NULL, NULL);
	fx_open_group(t, "web-main", "origin1.example.com");
	/* settings */
	TERM_ASSERT_CONTAINS(t, "web-main");
	TERM_ASSERT_CONTAINS(t, "error");
	TERM_ASSERT_CONTAINS(t, "timeout");
	/* sources: host, kind, flags, host header */
	char row[8192];
	snprintf(row, sizeof row, "%s", fx_row_of(t, "origin2.example.com:8080"));
	assert_non_null(strstr(row, "host"));
	assert_non_null(strstr(row, "www.example.com"));
	char r1[8192], r3[8192];
	snprintf(r1, sizeof r1, "%s", fx_row_of(t, "origin1.example.com"));
	snprintf(r3, sizeof r3, "%s", fx_row_of(t, "backup.example.net"));
	/* origin1 enabled/primary, origin2 disabled, backup.example.net backup:
	 * three different flag texts after the host column */
	assert_string_not_equal(strstr(r1, "host"), strstr(row, "host"));
	assert_string_not_equal(strstr(r1, "host"), strstr(r3, "host"));
	/* the row under the cursor is highlighted */
	assert_true(term_row_highlighted(t, term_find_row(t, "origin1.example.com")));
	assert_false(term_row_highlighted(t, term_find_row(t, "backup.example.net")));
	term_key(t, "j");
	TERM_IDLE(t);
	assert_true(term_row_highlighted(t, term_find_row(t, "origin2.example.com")));

	/* Esc goes back to the groups screen */
	term_key(t, TK_ESC);
	TERM_IDLE(t);
	TERM_ASSERT_LACKS(t, "origin1.example.com");
	TERM_ASSERT_CONTAINS(t, "static-assets");
	TERM_ASSERT_CONTAINS(t, "images-cdn");
	/* and the cursor is still on web-main */
	assert_true(term_row_highlighted(t, term_find_row(t, "web-main")));
}

static void test_s3_keys_never_shown(void **state)
{
	fx *f = *state;
	term *t = fx_open(f, NULL, NULL);
	fx_open_group(t, "media-s3", "media-bucket");
	char row[8192];
	snprintf(row, sizeof row, "%s", fx_row_of(t, "media-bucket"));
	if (!strstr(row, "s3") || !strstr(row, "cdn-media.exam")) {
		term_dump(t, stderr);
		fail_msg("the S3 row should show its kind and host header");
	}
	TERM_ASSERT_CONTAINS(t, "media-origin.example.org");
	TERM_ASSERT_LACKS(t, SEED_S3_ACCESS_KEY);
	TERM_ASSERT_LACKS(t, SEED_S3_SECRET_KEY);
	TERM_ASSERT_LACKS(t, "SECRET_VALUE");
	TERM_ASSERT_LACKS(t, "AKIA");
	TERM_ASSERT_LACKS(t, FX_API_KEY);
	/* on every row of the S3 source too, with the cursor on it */
	fx_select(t, "media-bucket");
	TERM_ASSERT_LACKS(t, "SECRET_VALUE");
	TERM_ASSERT_LACKS(t, SEED_S3_SECRET_KEY);
	/* help and repaint do not reveal them either */
	term_key(t, TK_CTRL_L);
	TERM_IDLE(t);
	TERM_ASSERT_LACKS(t, "SECRET_VALUE");
	TERM_ASSERT_CONTAINS(t, "media-bucket");
}

/* Paging: its own emulator with 2500 generated groups. */
static int paging_setup(void **state)
{
	fx *f = fx_new();
	if (!f)
		return -1;
	char *args[] = { "--generate", "2500", NULL };
	if (fx_start_emu(f, NULL, args) != 0 || fx_write_config(f, NULL, NULL) != 0) {
		fx_free(f);
		return -1;
	}
	*state = f;
	return 0;
}

static int paging_teardown(void **state)
{
	fx *f = *state;
	int rc = fx_close_term(f);
	fx_free(f);
	return rc;
}

static void test_paging_past_1000_groups(void **state)
{
	fx *f = *state;
	cJSON *st = emu_get_state(f->emu);
	const cJSON *groups = cJSON_GetObjectItemCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(st, "gcore"), "groups");
	assert_int_equal(cJSON_GetArraySize(groups), 2500);
	/* the group with the highest id, and the first */
	double max_id = 0, min_id = 1e18;
	char max_name[512] = "";
	const cJSON *g;
	cJSON_ArrayForEach(g, groups) {
		double id = cJSON_GetObjectItemCaseSensitive(g, "id")->valuedouble;
		if (id > max_id) {
			max_id = id;
			snprintf(max_name, sizeof max_name, "%s",
			         cJSON_GetObjectItemCaseSensitive(g, "name")->valuestring);
		}
		if (id < min_id)
			min_id = id;
	}
	cJSON_Delete(st);

	term *t = fx_spawn(f, NULL, NULL, 24, 80);
	assert_non_null(t);
	TERM_IDLE_MS(t, 60000);
	TERM_ASSERT_CONTAINS(t, "2500");   /* the status: 2500 groups */
	char last_id[64], first_id[64];
	snprintf(last_id, sizeof last_id, "%.0f", max_id);
	snprintf(first_id, sizeof first_id, "%.0f", min_id);

	term_key(t, TK_PGDN);
	TERM_IDLE(t);
	int sel = term_selected_row(t, 1);
	if (sel < 0 || atof(term_row(t, sel)) < min_id + 10) {
		term_dump(t, stderr);
		fail_msg("PgDn did not move the selection down a page");
	}
	term_key(t, "G");
	TERM_IDLE(t);
	int r = term_find_row(t, last_id);
	if (r < 0 || !term_row_highlighted(t, r) || !strstr(term_row(t, r), max_name)) {
		term_dump(t, stderr);
		fail_msg("G did not select the last group %s (%s)", last_id, max_name);
	}
	term_key(t, "g");
	TERM_IDLE(t);
	r = term_find_row(t, first_id);
	assert_true(r > 0 && term_row_highlighted(t, r));
	/* the whole list came from the API, every page authenticated */
	assert_true(emu_log_count(f->emu, "GET", "/cdn/origin_groups") >= 1);
}

static int setup_browse(void **state)
{
	return fx_group_setup_state(state, SEED_STATE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_groups_screen_lists_seeded_groups, fx_test_setup, fx_test_teardown),
		cmocka_unit_test_setup_teardown(test_cursor_moves, fx_test_setup, fx_test_teardown),
		cmocka_unit_test_setup_teardown(test_cursor_step_is_cheap, fx_test_setup, fx_test_teardown),
		cmocka_unit_test_setup_teardown(test_filter_narrows_as_you_type, fx_test_setup, fx_test_teardown),
		cmocka_unit_test_setup_teardown(test_filter_kept_after_enter, fx_test_setup, fx_test_teardown),
		cmocka_unit_test_setup_teardown(test_open_group_shows_settings_and_sources, fx_test_setup, fx_test_teardown),
		cmocka_unit_test_setup_teardown(test_s3_keys_never_shown, fx_test_setup, fx_test_teardown),
		cmocka_unit_test_setup_teardown(test_paging_past_1000_groups, paging_setup, paging_teardown),
	};
	return cmocka_run_group_tests_name("e2e_browse", tests, setup_browse, fx_group_teardown);
}
