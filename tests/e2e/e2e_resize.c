/* End to end: resizing, the "too small" notice, Ctrl-L and the help screen. */
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

static void assert_all_groups(term *t)
{
	for (size_t i = 0; i < sizeof NAMES / sizeof NAMES[0]; i++)
		TERM_ASSERT_CONTAINS(t, NAMES[i]);
}

static void assert_selected(term *t, const char *text)
{
	int r = term_find_row(t, text);
	if (r < 0 || !term_row_highlighted(t, r)) {
		term_dump(t, stderr);
		fail_msg("\"%s\" should be on screen and selected", text);
	}
}

static void test_resize_smaller_and_back(void **state)
{
	fx *f = *state;
	term *t = fx_open(f, NULL, NULL);
	fx_select(t, "static-assets");
	assert_int_equal(term_resize(t, 15, 60), 0);
	assert_all_groups(t);
	assert_selected(t, "static-assets");
	TERM_ASSERT_LACKS(t, "too small");
	/* still working at the new size */
	term_key(t, "j");
	TERM_IDLE(t);
	assert_selected(t, "images-cdn");
	term_key(t, "k");
	TERM_IDLE(t);
	assert_int_equal(term_resize(t, 24, 80), 0);
	assert_all_groups(t);
	assert_selected(t, "static-assets");
	/* the row is laid out for 80 columns again: the name column is wider */
	assert_true(strlen(fx_row_of(t, "static-assets")) > 40);
}

static void test_resize_in_group_screen(void **state)
{
	fx *f = *state;
	term *t = fx_open(f, NULL, NULL);
	fx_open_group(t, "web-main", "origin1.example.com");
	fx_select(t, "backup.example");
	assert_int_equal(term_resize(t, 15, 60), 0);
	TERM_ASSERT_CONTAINS(t, "origin1.exam");
	assert_selected(t, "backup.exam");
	assert_int_equal(term_resize(t, 24, 80), 0);
	TERM_ASSERT_CONTAINS(t, "origin2.example.com:8080");
	TERM_ASSERT_CONTAINS(t, "www.example.com");
	assert_selected(t, "backup.example.net");
}

static void test_too_small_and_back(void **state)
{
	fx *f = *state;
	term *t = fx_open(f, NULL, NULL);
	fx_select(t, "api-single");
	assert_int_equal(term_resize(t, 8, 30), 0);
	TERM_ASSERT_CONTAINS(t, "too small");
	/* keys at that size do not crash it */
	term_keys(t, "jk");
	TERM_IDLE(t);
	assert_true(term_alive(t));
	assert_int_equal(term_resize(t, 24, 80), 0);
	TERM_ASSERT_LACKS(t, "too small");
	assert_all_groups(t);
	assert_selected(t, "api-single");
	/* a tiny size and straight back, twice in a row */
	assert_int_equal(term_resize(t, 3, 10), 0);
	assert_int_equal(term_resize(t, 24, 80), 0);
	assert_all_groups(t);
}

static void test_ctrl_l_repaints(void **state)
{
	fx *f = *state;
	term *t = fx_open(f, NULL, NULL);
	fx_select(t, "media-s3");
	/* garble our copy of the screen, as line noise would */
	term_scribble(t, "\x1b[2J\x1b[5;3Hgarbage garbage\x1b[12;1Hmore noise");
	TERM_ASSERT_LACKS(t, "web-main");
	term_key(t, TK_CTRL_L);
	TERM_IDLE(t);
	assert_all_groups(t);
	TERM_ASSERT_LACKS(t, "garbage");
	TERM_ASSERT_LACKS(t, "noise");
	assert_selected(t, "media-s3");
	/* and nothing was fetched for it */
	assert_int_equal(emu_log_count(f->emu, "GET", "/cdn/origin_groups"), 1);
}

static void test_help_lists_the_keys_of_the_screen(void **state)
{
	fx *f = *state;
	term *t = fx_open(f, NULL, NULL);
	term_key(t, "?");
	TERM_IDLE(t);
	TERM_ASSERT_CONTAINS(t, "filter");
	TERM_ASSERT_CONTAINS(t, "quit");
	term_key(t, TK_ESC);
	TERM_IDLE(t);
	assert_all_groups(t);

	fx_open_group(t, "static-assets", "static1.example.com");
	term_key(t, "?");
	TERM_IDLE(t);
	TERM_ASSERT_CONTAINS(t, "Space");
	TERM_ASSERT_CONTAINS(t, "toggle enabled");
	TERM_ASSERT_CONTAINS(t, "toggle backup");
	TERM_ASSERT_CONTAINS(t, "undo");
	term_key(t, TK_ESC);
	TERM_IDLE(t);
	TERM_ASSERT_CONTAINS(t, "static1.example.com");
	TERM_ASSERT_LACKS(t, "toggle backup");
}

static int setup_resize(void **state)
{
	return fx_group_setup_state(state, SEED_STATE);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_test_setup, fx_test_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_resize_smaller_and_back),
		T(test_resize_in_group_screen),
		T(test_too_small_and_back),
		T(test_ctrl_l_repaints),
		T(test_help_lists_the_keys_of_the_screen),
	};
	return cmocka_run_group_tests_name("e2e_resize", tests, setup_resize, fx_group_teardown);
}
