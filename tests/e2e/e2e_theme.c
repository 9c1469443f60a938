/* End to end: the light and high-contrast themes read back from libvterm
 * cells, `:theme` switching live, NO_COLOR over any theme, a rebound key
 * (and what the old key says), `y` copying through OSC 52, line drawing in
 * ASCII and UTF-8, and auto refresh keeping the cursor on its group. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/e2e/fixture.h"
#include "tests/e2e/seed.h"

/* The palette index of a cell's colour: -1 for the terminal's default, -2
 * for an RGB colour (origo never sets one). */
static int colour_index(const VTermColor *c, bool bg)
{
	if (bg ? VTERM_COLOR_IS_DEFAULT_BG(c) : VTERM_COLOR_IS_DEFAULT_FG(c))
		return -1;
	if (VTERM_COLOR_IS_INDEXED(c))
		return c->indexed.idx;
	return -2;
}

static int cell_fg(term *t, int r, int c)
{
	VTermScreenCell cell;
	if (term_cell(t, r, c, &cell) != 0)
		fail_msg("no cell %d,%d", r, c);
	return colour_index(&cell.fg, false);
}

static int cell_bg(term *t, int r, int c)
{
	VTermScreenCell cell;
	if (term_cell(t, r, c, &cell) != 0)
		fail_msg("no cell %d,%d", r, c);
	return colour_index(&cell.bg, true);
}

#define ASSERT_COLOUR(t, got, want, what) \
	do { int g_ = (got); if (g_ != (want)) { term_dump((t), stderr); \
		fail_msg("%s: colour %d, expected %d", (what), g_, (want)); } } while (0)

/* The column of `word` in the row showing `row_text` (ASCII rows). */
static int col_of(term *t, const char *row_text, const char *word, int *row)
{
	*row = term_find_row(t, row_text);
	assert_true(*row >= 0);
	const char *line = term_row(t, *row);
	const char *p = strstr(line, word);
	if (!p) {
		term_dump(t, stderr);
		fail_msg("\"%s\" not in the row of %s", word, row_text);
	}
	return (int)(p - line);
}

static void no_colour_anywhere(term *t)
{
	if (term_any_color(t)) {
		term_dump(t, stderr);
		fail_msg("a cell has a colour in monochrome mode");
	}
}

static void test_light_theme_cells(void **state)
{
	fx *f = *state;
	char *args[] = { "-t", "light", NULL };
	term *t = fx_open(f, args, NULL);
	ASSERT_COLOUR(t, cell_bg(t, 0, 0), 25, "light title background");
	ASSERT_COLOUR(t, cell_fg(t, 0, 0), 231, "light title text");
	fx_open_group(t, "web-main", "origin2.example.com");
	term_key(t, "G");
	TERM_IDLE(t);
	int r1, r2;
	int c1 = col_of(t, "origin1.example.com", "yes", &r1);
	ASSERT_COLOUR(t, cell_fg(t, r1, c1), 22, "light enabled flag");
	int c2 = col_of(t, "origin2.example.com", "no", &r2);
	ASSERT_COLOUR(t, cell_fg(t, r2, c2), 124, "light disabled flag");
}

static void test_high_contrast_theme_cells(void **state)
{
	fx *f = *state;
	char *args[] = { "-t", "high-contrast", NULL };
	term *t = fx_open(f, args, NULL);
	ASSERT_COLOUR(t, cell_bg(t, 0, 0), 226, "high-contrast title background");
	ASSERT_COLOUR(t, cell_fg(t, 0, 0), 16, "high-contrast title text");
	/* cursor = "bar": the whole cursor row on the selection colour */
	int r = term_find_row(t, "web-main");
	ASSERT_COLOUR(t, cell_bg(t, r, 10), 51, "high-contrast selection bar");
	assert_true(term_row_highlighted(t, r));
	assert_false(term_row_highlighted(t, term_find_row(t, "media-s3")));
}

static void test_theme_switches_live(void **state)
{
	fx *f = *state;
	term *t = fx_open(f, NULL, NULL);
	ASSERT_COLOUR(t, cell_bg(t, 0, 0), 24, "default title background");
	term_keys(t, ":theme light");
	term_key(t, TK_ENTER);
	TERM_IDLE(t);
	ASSERT_COLOUR(t, cell_bg(t, 0, 0), 25, "title after :theme light");
	assert_non_null(strstr(fx_status(t), "theme light"));
	term_keys(t, ":theme high-contrast");
	term_key(t, TK_ENTER);
	TERM_IDLE(t);
	ASSERT_COLOUR(t, cell_bg(t, 0, 0), 226, "title after :theme high-contrast");
	assert_true(term_row_highlighted(t, term_find_row(t, "web-main")));
	/* an unknown theme: an error, and the current one stays */
	term_keys(t, ":theme no-such-theme");
	term_key(t, TK_ENTER);
	TERM_IDLE(t);
	if (!strstr(fx_status(t), "no-such-theme") || !strstr(fx_status(t), "not found")) {
		term_dump(t, stderr);
		fail_msg("no error for an unknown theme");
	}
	ASSERT_COLOUR(t, cell_bg(t, 0, 0), 226, "title after a failed :theme");
	/* and back to mono, live */
	term_keys(t, ":theme mono");
	term_key(t, TK_ENTER);
	TERM_IDLE(t);
	no_colour_anywhere(t);
}

static void test_no_color_beats_every_theme(void **state)
{
	fx *f = *state;
	char *args[] = { "-t", "light", NULL };
	char *env[] = { "NO_COLOR=1", NULL };
	term *t = fx_open(f, args, env);
	TERM_ASSERT_CONTAINS(t, "web-main");
	no_colour_anywhere(t);
	term_keys(t, ":theme high-contrast");
	term_key(t, TK_ENTER);
	TERM_IDLE(t);
	no_colour_anywhere(t);
	/* the cursor row is still visible (reverse) */
	assert_true(term_selected_row(t, 1) == term_find_row(t, "web-main"));
}

static void test_rebound_key(void **state)
{
	fx *f = *state;
	assert_int_equal(fx_write_config(f, "keys = { toggle_enabled = \"x\"; };", NULL), 0);
	term *t = fx_open(f, NULL, NULL);
	fx_open_group(t, "web-main", "origin2.example.com");
	fx_select(t, "origin2.example.com");   /* disabled: enabling it is allowed */
	/* the old key says why it does nothing, and writes nothing */
	term_key(t, TK_SPACE);
	TERM_IDLE(t);
	if (!strstr(fx_status(t), "Space does nothing") || !strstr(fx_status(t), "toggle_enabled to x")) {
		term_dump(t, stderr);
		fail_msg("Space does not say why it does nothing");
	}
	assert_int_equal(emu_log_count_writes(f->emu), 0);
	/* the new one toggles */
	term_key(t, "x");
	TERM_IDLE(t);
	if (emu_log_count_writes(f->emu) != 1) {
		term_dump(t, stderr);
		fx_print_log(f);
		fail_msg("x did not toggle");
	}
	char cell[32];
	fx_cell_under(t, "origin2.example.com", "ENABLED", cell, sizeof cell);
	assert_string_equal(cell, "yes");
}

static void test_copy_osc52(void **state)
{
	fx *f = *state;
	term *t = fx_open(f, NULL, NULL);
	term_reset_bytes(t);
	term_key(t, "y");
	TERM_IDLE(t);
	/* "101" in base64 is "MTAx" */
	if (!term_raw_contains(t, "\033]52;c;MTAx\a")) {
		term_dump_raw(t, stderr);
		fail_msg("no OSC 52 sequence for the group id");
	}
	assert_non_null(strstr(fx_status(t), "copied id 101"));
	fx_open_group(t, "web-main", "origin1.example.com");
	fx_select(t, "origin1.example.com");
	term_reset_bytes(t);
	term_key(t, "y");
	TERM_IDLE(t);
	if (!term_raw_contains(t, "\033]52;c;b3JpZ2luMS5leGFtcGxlLmNvbQ==\a")) {
		term_dump_raw(t, stderr);
		fail_msg("no OSC 52 sequence for the source host");
	}
	assert_non_null(strstr(fx_status(t), "copied host origin1.example.com"));
	/* the sequence reaches no cell of the screen */
	TERM_ASSERT_LACKS(t, "52;c");
}

static void test_copy_osc52_in_tmux(void **state)
{
	fx *f = *state;
	char *env[] = { "TMUX=/tmp/tmux-0/default,1,0", NULL };
	term *t = fx_open(f, NULL, env);
	term_reset_bytes(t);
	term_key(t, "y");
	TERM_IDLE(t);
	if (!term_raw_contains(t, "\033Ptmux;\033\033]52;c;MTAx\a\033\\")) {
		term_dump_raw(t, stderr);
		fail_msg("no tmux-wrapped OSC 52 sequence");
	}
}

static bool all_ascii(term *t)
{
	for (int r = 0; r < term_rows(t); r++)
		for (const unsigned char *p = (const unsigned char *)term_row(t, r); *p; p++)
			if (*p >= 0x80)
				return false;
	return true;
}

static void test_ascii_lines(void **state)
{
	fx *f = *state;
	char *args[] = { "--ascii", NULL };
	term *t = fx_open(f, args, NULL);
	fx_open_group(t, "web-main", "origin1.example.com");
	if (!all_ascii(t)) {
		term_dump(t, stderr);
		fail_msg("--ascii shows a non-ASCII character");
	}
	int hdr = term_find_row(t, "HOST/BUCKET");
	assert_true(hdr > 1);
	assert_non_null(strstr(term_row(t, hdr - 1), "----------"));
	/* the help screen's rule too, under a short (filtered) list */
	term_key(t, "?");
	term_key(t, "/");
	term_keys(t, "move");
	TERM_IDLE(t);
	if (!all_ascii(t) || !term_contains(t, "----------")) {
		term_dump(t, stderr);
		fail_msg("--ascii help: a non-ASCII character or no ASCII rule");
	}
}

static void test_utf8_lines(void **state)
{
	fx *f = *state;
	term *t = fx_open(f, NULL, NULL);   /* LANG=C.UTF-8 */
	fx_open_group(t, "web-main", "origin1.example.com");
	int hdr = term_find_row(t, "HOST/BUCKET");
	assert_true(hdr > 1);
	if (!strstr(term_row(t, hdr - 1), "\u2500\u2500\u2500\u2500")) {
		term_dump(t, stderr);
		fail_msg("no box-drawing line above the sources");
	}
}

static void test_auto_refresh_keeps_cursor_on_group(void **state)
{
	fx *f = *state;
	assert_int_equal(fx_write_config(f, "refresh_seconds = 2;", NULL), 0);
	term *t = fx_open(f, NULL, NULL);
	int r = fx_select(t, "media-s3");
	/* a group sorted before it, behind origo's back */
	assert_int_equal(emu_put_group(f->emu, "100",
	        "{\"id\":100,\"name\":\"aaa-inserted\",\"use_next\":false,"
	        "\"proxy_next_upstream\":[\"error\"],\"auth_type\":\"none\",\"path\":\"\","
	        "\"sources\":[{\"source\":\"new.example.com\",\"enabled\":true,\"backup\":false}]}"), 0);
	TERM_TEXT(t, "aaa-inserted");
	TERM_IDLE(t);
	int now = term_find_row(t, "media-s3");
	assert_true(term_find_row(t, "aaa-inserted") < now);
	assert_int_equal(now, r + 1);
	if (term_selected_row(t, 1) != now) {
		term_dump(t, stderr);
		fail_msg("the cursor left media-s3 on the refresh");
	}
}

/* While a prompt is open, auto refresh waits: the list does not change
 * under the user's typing; closing the prompt lets it run again. */
static void test_auto_refresh_pauses_in_prompt(void **state)
{
	fx *f = *state;
	assert_int_equal(fx_write_config(f, "refresh_seconds = 2;", NULL), 0);
	term *t = fx_open(f, NULL, NULL);
	term_key(t, "/");
	TERM_IDLE(t);
	int lists = fx_log_count_prefix(f, "GET", "/cdn/origin_groups");
	assert_int_equal(emu_put_group(f->emu, "100",
	        "{\"id\":100,\"name\":\"aaa-inserted\",\"use_next\":false,"
	        "\"proxy_next_upstream\":[\"error\"],\"auth_type\":\"none\",\"path\":\"\","
	        "\"sources\":[{\"source\":\"new.example.com\",\"enabled\":true,\"backup\":false}]}"), 0);
	/* two refresh periods and more: a window, not a synchronisation */
	term_pump(t, 4500);
	assert_int_equal(fx_log_count_prefix(f, "GET", "/cdn/origin_groups"), lists);
	TERM_ASSERT_LACKS(t, "aaa-inserted");
	term_key(t, TK_ESC);
	TERM_TEXT(t, "aaa-inserted");
	TERM_IDLE(t);
}

/* The help screen lists what works on the screen it was opened from, with
 * the keys as configured, and filters as you type. */
static void test_help_screen(void **state)
{
	fx *f = *state;
	assert_int_equal(fx_write_config(f, "keys = { toggle_enabled = \"x\"; };", NULL), 0);
	term *t = fx_open(f, NULL, NULL);
	term_key(t, "?");
	TERM_IDLE(t);
	TERM_ASSERT_CONTAINS(t, "filter the list as you type");
	TERM_ASSERT_LACKS(t, "toggle enabled on the source");
	term_key(t, TK_ESC);
	TERM_IDLE(t);
	fx_open_group(t, "web-main", "origin1.example.com");
	term_key(t, "?");
	TERM_IDLE(t);
	TERM_ASSERT_CONTAINS(t, "toggle enabled on the source");
	TERM_ASSERT_LACKS(t, "filter the list as you type");
	/* the rebound key is the one shown */
	const char *row = fx_row_of(t, "toggle enabled on the source");
	if (!strstr(row, "x ") || strstr(row, "Space")) {
		term_dump(t, stderr);
		fail_msg("help does not show the rebound key: %s", row);
	}
	/* filtering as you type */
	term_key(t, "/");
	term_keys(t, "backup");
	TERM_IDLE(t);
	TERM_ASSERT_CONTAINS(t, "toggle backup on the source");
	TERM_ASSERT_LACKS(t, "move down one row");
}

static int setup_theme(void **state)
{
	return fx_group_setup_state(state, SEED_STATE);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_test_setup, fx_test_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_light_theme_cells),
		T(test_high_contrast_theme_cells),
		T(test_theme_switches_live),
		T(test_no_color_beats_every_theme),
		T(test_rebound_key),
		T(test_copy_osc52),
		T(test_copy_osc52_in_tmux),
		T(test_ascii_lines),
		T(test_utf8_lines),
		T(test_auto_refresh_keeps_cursor_on_group),
		T(test_auto_refresh_pauses_in_prompt),
		T(test_help_screen),
	};
	return cmocka_run_group_tests_name("e2e_theme", tests, setup_theme, fx_group_teardown);
}
