/* End to end: colours. NO_COLOR and --no-color give monochrome with the
 * cursor row still a bar (reverse); the default theme colours some roles and
 * draws the cursor row as a cyan bar; a theme may ask for the old mark. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/e2e/fixture.h"
#include "tests/e2e/seed.h"

#define COLOR_CYAN_INDEX 6   /* the default theme's selection background */

/* Where the first cell with a non-default colour is, for the message. */
static void report_color(term *t)
{
	VTermScreenCell c;
	for (int r = 0; r < term_rows(t); r++)
		for (int col = 0; col < term_cols(t); col++)
			if (term_cell(t, r, col, &c) == 0 &&
			    (!VTERM_COLOR_IS_DEFAULT_FG(&c.fg) || !VTERM_COLOR_IS_DEFAULT_BG(&c.bg))) {
				term_dump(t, stderr);
				fail_msg("cell %d,%d has a colour in monochrome mode", r, col);
			}
}

/* The cursor row is a bar from the first column to the last: every cell in
 * reverse video (monochrome) or on the selection's background (colour),
 * read back cell by cell. */
static void assert_bar(term *t, int r, const char *what)
{
	int col = -1;
	if (r < 0 || !term_row_bar(t, r, &col)) {
		term_dump(t, stderr);
		fail_msg("%s: row %d is not a full-width bar (cell %d differs)", what, r, col);
	}
}

/* A row the cursor is not on has no cell in reverse or on a background. */
static void assert_plain(term *t, int r, const char *what)
{
	int col = -1;
	if (r < 0 || !term_row_plain(t, r, &col)) {
		term_dump(t, stderr);
		fail_msg("%s: row %d still has a highlighted cell at column %d", what, r, col);
	}
}

/* In monochrome the bar is reverse video, edge to edge. */
static void assert_reverse_bar(term *t, int r, const char *what)
{
	assert_bar(t, r, what);
	VTermScreenCell c;
	assert_int_equal(term_cell(t, r, term_cols(t) - 1, &c), 0);
	assert_true(c.attrs.reverse);
}

static void mono_checks(fx *f, char *const args[], char *const env[])
{
	term *t = fx_open(f, args, env);
	TERM_ASSERT_CONTAINS(t, "web-main");
	report_color(t);
	int first = term_find_row(t, "web-main");
	int second = term_find_row(t, "media-s3");
	assert_true(first > 0 && second > 0);
	assert_reverse_bar(t, first, "mono cursor row");
	assert_plain(t, second, "mono row under it");
	term_key(t, "j");
	TERM_IDLE(t);
	assert_plain(t, first, "mono row the cursor left");
	assert_reverse_bar(t, second, "mono cursor row after j");
	report_color(t);
	/* the group screen too, with its flags (bold, underline) on the bar */
	fx_open_group(t, "web-main", "origin1.example.com");
	report_color(t);
	int s1 = term_find_row(t, "origin1.example.com");
	assert_reverse_bar(t, s1, "mono cursor row, group screen");
	term_key(t, "j");
	TERM_IDLE(t);
	assert_plain(t, s1, "mono source row the cursor left");
	assert_reverse_bar(t, s1 + 1, "mono source row after j");
}

/* The index of a cell's background colour (-1: the terminal's default). */
static int bg_of(term *t, int r, int c)
{
	VTermScreenCell cell;
	if (term_cell(t, r, c, &cell) != 0)
		fail_msg("no cell %d,%d", r, c);
	if (VTERM_COLOR_IS_DEFAULT_BG(&cell.bg))
		return -1;
	return VTERM_COLOR_IS_INDEXED(&cell.bg) ? cell.bg.indexed.idx : -2;
}

/* The default theme: the bar is the selection's cyan background across the
 * whole row, on both list screens, and a step moves all of it. */
static void test_colour_cursor_bar(void **state)
{
	fx *f = *state;
	term *t = fx_open(f, NULL, NULL);
	int first = term_find_row(t, "web-main");
	int second = term_find_row(t, "media-s3");
	assert_bar(t, first, "colour cursor row");
	assert_int_equal(bg_of(t, first, 0), COLOR_CYAN_INDEX);
	assert_int_equal(bg_of(t, first, term_cols(t) - 1), COLOR_CYAN_INDEX);
	assert_plain(t, second, "colour row under it");
	term_key(t, "j");
	TERM_IDLE(t);
	assert_plain(t, first, "colour row the cursor left");
	assert_bar(t, second, "colour cursor row after j");
	assert_int_equal(bg_of(t, second, 40), COLOR_CYAN_INDEX);
	/* the group screen: its flag cells (green yes, red no) are on the bar too */
	fx_open_group(t, "web-main", "origin1.example.com");
	int s1 = term_find_row(t, "origin1.example.com");
	assert_bar(t, s1, "colour cursor row, group screen");
	term_key(t, "j");
	TERM_IDLE(t);
	assert_plain(t, s1, "colour source row the cursor left");
	assert_bar(t, s1 + 1, "colour source row after j");
	assert_int_equal(bg_of(t, s1 + 1, term_cols(t) - 1), COLOR_CYAN_INDEX);
}

/* A write in flight on the row under the cursor: its pending cell stands
 * out (bold, underlined) without breaking the bar. */
static void test_pending_cell_on_the_bar(void **state)
{
	fx *f = *state;
	term *t = fx_open(f, NULL, NULL);
	fx_open_group(t, "web-main", "backup.example.net");
	int r = fx_select(t, "backup.example.net");
	assert_int_equal(emu_add_fault(f->emu, "{\"method\":\"PATCH\",\"path_prefix\":"
	                 "\"/cdn/origin_groups/101\",\"times\":1,\"action\":\"latency\",\"latency_ms\":2500}"), 0);
	term_key(t, "b");
	if (term_wait_for(t, fx_row_pending, "backup.example.net", TERM_TIMEOUT_MS, "the pending mark") != 0)
		fail_msg("no pending mark on the cursor row");
	assert_bar(t, r, "cursor row with a pending cell");
	const char *row = term_row(t, r);
	int col = (int)(strchr(row, '*') - row);   /* ASCII row: bytes are cells */
	VTermScreenCell c;
	assert_int_equal(term_cell(t, r, col, &c), 0);
	assert_true(c.attrs.bold && c.attrs.underline);
	TERM_IDLE(t);
	assert_int_equal(emu_log_count(f->emu, "PATCH", "/cdn/origin_groups/101"), 1);
	assert_false(fx_row_pending(t, "backup.example.net"));
	assert_bar(t, r, "cursor row after the write");
}

/* A theme may still ask for the old mark (cursor = "mark"): only the gutter
 * and the first cell, the rest of the row as it is. */
static void test_theme_cursor_mark(void **state)
{
	fx *f = *state;
	char path[600];
	snprintf(path, sizeof path, "%s/origo/themes", f->dir);
	char cmd[700];
	snprintf(cmd, sizeof cmd, "mkdir -p '%s'", path);
	assert_int_equal(system(cmd), 0);
	snprintf(path, sizeof path, "%s/origo/themes/marked.theme", f->dir);
	FILE *tf = fopen(path, "w");
	assert_non_null(tf);
	fputs("cursor = \"mark\";\n", tf);
	fclose(tf);
	char *args[] = { "-t", "marked", NULL };
	term *t = fx_open(f, args, NULL);
	int first = term_find_row(t, "web-main");
	assert_true(term_row_highlighted(t, first));
	assert_int_equal(bg_of(t, first, 0), COLOR_CYAN_INDEX);
	assert_int_equal(bg_of(t, first, 1), COLOR_CYAN_INDEX);
	assert_int_equal(bg_of(t, first, term_cols(t) - 1), -1);
	assert_false(term_row_bar(t, first, NULL));
	term_key(t, "j");
	TERM_IDLE(t);
	assert_plain(t, first, "the row the mark left");
	assert_int_equal(bg_of(t, term_find_row(t, "media-s3"), 0), COLOR_CYAN_INDEX);
}

static void test_no_color_env(void **state)
{
	char *env[] = { "NO_COLOR=1", NULL };
	mono_checks(*state, NULL, env);
}

static void test_no_color_flag(void **state)
{
	char *args[] = { "--no-color", NULL };
	mono_checks(*state, args, NULL);
}

static void test_mono_theme(void **state)
{
	char *args[] = { "-t", "mono", NULL };
	mono_checks(*state, args, NULL);
}

static void test_empty_no_color_keeps_colours(void **state)
{
	/* NO_COLOR set but empty does not count (no-color.org) */
	fx *f = *state;
	char *env[] = { "NO_COLOR=", NULL };
	term *t = fx_open(f, NULL, env);
	assert_true(term_any_color(t));
}

static void test_default_theme_has_colours(void **state)
{
	fx *f = *state;
	term *t = fx_open(f, NULL, NULL);
	TERM_ASSERT_CONTAINS(t, "web-main");
	if (!term_any_color(t)) {
		term_dump(t, stderr);
		fail_msg("the default theme shows no colour at all");
	}
	/* the title line has its own colour */
	if (!term_row_has_color(t, 0) && !term_row_has_reverse(t, 0)) {
		term_dump(t, stderr);
		fail_msg("the title line has neither a colour nor reverse");
	}
	assert_true(term_row_has_color(t, 0));
	/* the selection is visible */
	assert_true(term_row_highlighted(t, term_find_row(t, "web-main")));
	assert_false(term_row_highlighted(t, term_find_row(t, "media-s3")));
	/* enabled and disabled flags look different on the group screen */
	fx_open_group(t, "web-main", "origin2.example.com");
	term_key(t, "G");   /* the cursor away from the rows compared */
	TERM_IDLE(t);
	int r1 = term_find_row(t, "origin1.example.com");
	int r2 = term_find_row(t, "origin2.example.com");
	const char *row1 = term_row(t, r1);
	const char *p = strstr(row1, "yes");
	assert_non_null(p);
	int col = (int)(p - row1);   /* ASCII row: bytes are cells */
	VTermScreenCell a, b;
	assert_int_equal(term_cell(t, r1, col, &a), 0);
	assert_int_equal(term_cell(t, r2, col, &b), 0);
	assert_int_equal(b.chars[0], 'n');   /* "no" under "yes" */
	if (vterm_color_is_equal(&a.fg, &b.fg) && vterm_color_is_equal(&a.bg, &b.bg) &&
	    a.attrs.bold == b.attrs.bold && a.attrs.reverse == b.attrs.reverse) {
		term_dump(t, stderr);
		fail_msg("enabled and disabled look the same in the default theme");
	}
}

static int setup_color(void **state)
{
	return fx_group_setup_state(state, SEED_STATE);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_test_setup, fx_test_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_no_color_env),
		T(test_no_color_flag),
		T(test_mono_theme),
		T(test_empty_no_color_keeps_colours),
		T(test_default_theme_has_colours),
		T(test_colour_cursor_bar),
		T(test_theme_cursor_mark),
		T(test_pending_cell_on_the_bar),
	};
	return cmocka_run_group_tests_name("e2e_color", tests, setup_color, fx_group_teardown);
}
