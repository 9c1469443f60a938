/* End to end: colours. NO_COLOR and --no-color give monochrome with the
 * selection still visible (reverse); the default theme colours some roles. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/e2e/fixture.h"
#include "tests/e2e/seed.h"

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

/* The cursor row in monochrome: its gutter (at least) in reverse video. */
static bool row_reversed(term *t, int r)
{
	VTermScreenCell c0, c1;
	return term_cell(t, r, 0, &c0) == 0 && term_cell(t, r, 1, &c1) == 0 &&
	       c0.attrs.reverse && c1.attrs.reverse;
}

static void mono_checks(fx *f, char *const args[], char *const env[])
{
	term *t = fx_open(f, args, env);
	TERM_ASSERT_CONTAINS(t, "web-main");
	report_color(t);
	int first = term_find_row(t, "web-main");
	int second = term_find_row(t, "media-s3");
	assert_true(first > 0 && second > 0);
	assert_true(row_reversed(t, first));
	assert_false(row_reversed(t, second));
	term_key(t, "j");
	TERM_IDLE(t);
	assert_false(row_reversed(t, first));
	assert_true(row_reversed(t, second));
	report_color(t);
	/* the group screen too, with its flags */
	fx_open_group(t, "web-main", "origin1.example.com");
	report_color(t);
	assert_true(row_reversed(t, term_find_row(t, "origin1.example.com")));
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
	};
	return cmocka_run_group_tests_name("e2e_color", tests, setup_color, fx_group_teardown);
}
