/* Theme files, the built-in default, and the colour degradation. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tui/theme.h"

static const char *srcdir(void)
{
	const char *d = getenv("ORIGO_SRCDIR");
	return d && d[0] ? d : ".";
}

static void load_shipped(theme *t, const char *name)
{
	char path[1024];
	og_error err;
	snprintf(path, sizeof path, "%s/themes/%s.theme", srcdir(), name);
	if (theme_load_file(t, path, &err) != 0)
		fail_msg("%s", err.msg);
}

static void test_default_file_matches_builtin(void **state)
{
	(void)state;
	theme file, builtin;
	load_shipped(&file, "default");
	theme_builtin(&builtin);
	assert_false(file.monochrome);
	for (int r = 0; r < ROLE_COUNT; r++) {
		assert_int_equal(file.role[r].fg, builtin.role[r].fg);
		assert_int_equal(file.role[r].bg, builtin.role[r].bg);
		assert_int_equal(file.role[r].fg8, builtin.role[r].fg8);
		assert_int_equal(file.role[r].fg16, builtin.role[r].fg16);
		assert_int_equal(file.role[r].bg16, builtin.role[r].bg16);
		assert_int_equal(file.role[r].bg8, builtin.role[r].bg8);
		assert_int_equal(file.role[r].attrs, builtin.role[r].attrs);
		assert_int_equal(file.role[r].mono, builtin.role[r].mono);
	}
	assert_int_equal(builtin.role[ROLE_TITLE].bg, 24);
	assert_int_equal(builtin.role[ROLE_ERROR].fg, COLOR_RED);
	assert_true(builtin.role[ROLE_ERROR].attrs & A_BOLD);
}

static void test_degradation_256_to_8(void **state)
{
	(void)state;
	theme t;
	theme_builtin(&t);
	theme_resolved r;
	theme_resolve(&t, ROLE_TITLE, 256, false, &r);
	assert_true(r.use_color);
	assert_int_equal(r.bg, 24);
	theme_resolve(&t, ROLE_TITLE, 8, false, &r);
	assert_int_equal(r.bg, COLOR_BLUE);          /* bg8 */
	theme_resolve(&t, ROLE_DIM, 16, false, &r);
	assert_int_equal(r.fg, 8);                   /* fg16: bright black */
	assert_true(r.use_color);
	theme_resolve(&t, ROLE_DIM, 8, false, &r);
	assert_int_equal(r.fg, THEME_DEFAULT_COLOR); /* fg8 = default */
	assert_true(r.use_color);
}

/* Every shipped theme at every depth: each colour it resolves to exists on
 * that terminal, and no role silently loses all its colour on 16 colours
 * when it had one on 256 (that is what fg16/bg16 are for). */
static void check_depths(const char *name)
{
	theme t;
	load_shipped(&t, name);
	const int depths[] = { 256, 16, 8 };
	for (int r = 0; r < ROLE_COUNT; r++) {
		theme_resolved full;
		theme_resolve(&t, (theme_role)r, 256, false, &full);
		for (size_t d = 0; d < sizeof depths / sizeof depths[0]; d++) {
			theme_resolved res;
			theme_resolve(&t, (theme_role)r, depths[d], false, &res);
			assert_true(res.use_color);
			if (res.fg >= depths[d] || res.bg >= depths[d])
				fail_msg("%s: %s resolves to %d/%d on %d colours", name,
				         theme_role_name((theme_role)r), res.fg, res.bg, depths[d]);
			bool had = full.fg != THEME_DEFAULT_COLOR || full.bg != THEME_DEFAULT_COLOR;
			bool has = res.fg != THEME_DEFAULT_COLOR || res.bg != THEME_DEFAULT_COLOR;
			if (depths[d] == 16 && had && !has)
				fail_msg("%s: %s loses its colour on 16 colours", name, theme_role_name((theme_role)r));
		}
		/* no colour: the mono attributes, the selection always visible */
		theme_resolved mono;
		theme_resolve(&t, (theme_role)r, 0, false, &mono);
		assert_false(mono.use_color);
		assert_int_equal(mono.attrs & ~(attr_t)A_REVERSE, t.role[r].mono & ~(attr_t)A_REVERSE);
	}
	theme_resolved sel;
	theme_resolve(&t, ROLE_SELECTION, 256, true, &sel);
	assert_true(sel.attrs & A_REVERSE);
}

static void test_light_theme(void **state)
{
	(void)state;
	check_depths("light");
	theme t;
	load_shipped(&t, "light");
	assert_false(t.monochrome);
	theme_resolved r;
	theme_resolve(&t, ROLE_ENABLED, 256, false, &r);
	assert_int_equal(r.fg, 22);                  /* dark green on white */
	theme_resolve(&t, ROLE_ENABLED, 16, false, &r);
	assert_int_equal(r.fg, COLOR_GREEN);
	theme_resolve(&t, ROLE_SELECTION, 16, false, &r);
	assert_int_equal(r.bg, 14);                  /* bright cyan */
	theme_resolve(&t, ROLE_SELECTION, 8, false, &r);
	assert_int_equal(r.bg, COLOR_CYAN);
	theme_resolve(&t, ROLE_TITLE, 8, false, &r);
	assert_int_equal(r.fg, COLOR_WHITE);
	assert_int_equal(r.bg, COLOR_BLUE);
}

static void test_high_contrast_theme(void **state)
{
	(void)state;
	check_depths("high-contrast");
	theme t;
	load_shipped(&t, "high-contrast");
	assert_true(t.cursor_bar);
	theme_resolved r;
	theme_resolve(&t, ROLE_TITLE, 256, false, &r);
	assert_int_equal(r.fg, 16);
	assert_int_equal(r.bg, 226);
	assert_true(r.attrs & A_BOLD);
	theme_resolve(&t, ROLE_TITLE, 16, false, &r);
	assert_int_equal(r.fg, COLOR_BLACK);
	assert_int_equal(r.bg, 11);                  /* bright yellow */
	theme_resolve(&t, ROLE_TITLE, 8, false, &r);
	assert_int_equal(r.bg, COLOR_YELLOW);
	theme_resolve(&t, ROLE_DISABLED, 16, false, &r);
	assert_int_equal(r.bg, 9);
	/* nothing dim in high contrast, even without colour */
	theme_resolve(&t, ROLE_DIM, 0, false, &r);
	assert_false(r.attrs & A_DIM);
}

static void test_default_and_mono_at_every_depth(void **state)
{
	(void)state;
	check_depths("default");
	theme t;
	load_shipped(&t, "mono");
	for (int d = 0; d <= 256; d += 8) {
		theme_resolved r;
		theme_resolve(&t, ROLE_TITLE, d, false, &r);
		assert_false(r.use_color);
	}
}

static void test_fg16_parsed_and_checked(void **state)
{
	(void)state;
	theme t;
	og_error err;
	assert_int_equal(theme_parse_string(&t, "header = { fg = 200; fg16 = 13; fg8 = \"magenta\"; "
	                                        "bg = 17; bg16 = 4; };", "x", &err), 0);
	assert_int_equal(t.role[ROLE_HEADER].fg16, 13);
	assert_int_equal(t.role[ROLE_HEADER].bg16, 4);
	theme_resolved r;
	theme_resolve(&t, ROLE_HEADER, 16, false, &r);
	assert_int_equal(r.fg, 13);
	assert_int_equal(r.bg, 4);
	theme_resolve(&t, ROLE_HEADER, 8, false, &r);
	assert_int_equal(r.fg, COLOR_MAGENTA);
	assert_int_equal(r.bg, THEME_DEFAULT_COLOR);  /* no bg8 */
	/* a fg16 that does not fit 16 colours is skipped for fg8 */
	assert_int_equal(theme_parse_string(&t, "header = { fg = 200; fg16 = 100; fg8 = \"red\"; };",
	                                    "x", &err), 0);
	theme_resolve(&t, ROLE_HEADER, 16, false, &r);
	assert_int_equal(r.fg, COLOR_RED);
	assert_int_equal(theme_parse_string(&t, "header = { fg16 = 300; };", "x", &err), -1);
	assert_non_null(strstr(err.msg, "line 1"));
}

static void test_colour_without_fallback_goes_default(void **state)
{
	(void)state;
	theme t;
	og_error err;
	assert_int_equal(theme_parse_string(&t, "header = { fg = 200; };", "x", &err), 0);
	theme_resolved r;
	theme_resolve(&t, ROLE_HEADER, 8, false, &r);
	assert_int_equal(r.fg, THEME_DEFAULT_COLOR);
	theme_resolve(&t, ROLE_HEADER, 256, false, &r);
	assert_int_equal(r.fg, 200);
}

static void test_mono_uses_mono_attrs_and_keeps_selection_visible(void **state)
{
	(void)state;
	theme t;
	og_error err;
	/* a theme whose selection asks for no attribute at all in mono */
	assert_int_equal(theme_parse_string(&t, "selection = { fg = \"black\"; bg = \"cyan\"; mono = \"\"; };",
	                                    "x", &err), 0);
	theme_resolved r;
	theme_resolve(&t, ROLE_SELECTION, 256, true, &r);
	assert_false(r.use_color);
	assert_true(r.attrs & A_REVERSE);
	theme_resolve(&t, ROLE_HEADER, 256, true, &r);
	assert_false(r.use_color);
	assert_int_equal(r.attrs, A_BOLD | A_UNDERLINE);
}

static void test_mono_theme_is_monochrome(void **state)
{
	(void)state;
	theme t;
	load_shipped(&t, "mono");
	assert_true(t.monochrome);
	assert_true(theme_want_mono(&t, false));
	theme_resolved r;
	theme_resolve(&t, ROLE_SELECTION, 256, false, &r);   /* even with 256 colours */
	assert_false(r.use_color);
	assert_true(r.attrs & A_REVERSE);
	theme_resolve(&t, ROLE_ERROR, 256, false, &r);
	assert_true(r.attrs & A_BOLD);
}

static void test_no_color_env_and_flag(void **state)
{
	(void)state;
	theme t;
	theme_builtin(&t);
	unsetenv("NO_COLOR");
	assert_false(theme_want_mono(&t, false));
	assert_true(theme_want_mono(&t, true));
	setenv("NO_COLOR", "", 1);
	assert_false(theme_want_mono(&t, false));   /* empty does not count */
	setenv("NO_COLOR", "1", 1);
	assert_true(theme_want_mono(&t, false));
	unsetenv("NO_COLOR");
}

static void test_attrs_as_list(void **state)
{
	(void)state;
	theme t;
	og_error err;
	assert_int_equal(theme_parse_string(&t, "badge = { attrs = [\"bold\", \"underline\"]; mono = \"reverse, bold\"; };",
	                                    "x", &err), 0);
	assert_int_equal(t.role[ROLE_BADGE].attrs, A_BOLD | A_UNDERLINE);
	assert_int_equal(t.role[ROLE_BADGE].mono, A_REVERSE | A_BOLD);
}

static void test_errors_name_the_line(void **state)
{
	(void)state;
	theme t;
	og_error err;
	og_error_clear(&err);
	assert_int_equal(theme_parse_string(&t, "normal = { };\ntitel = { fg = \"red\"; };\n", "my.theme", &err), -1);
	assert_int_equal(err.kind, OG_ERR_CONFIG);
	assert_non_null(strstr(err.msg, "my.theme line 2"));
	assert_non_null(strstr(err.msg, "titel"));

	assert_int_equal(theme_parse_string(&t, "title = { fg = \"purple\"; };\n", "my.theme", &err), -1);
	assert_non_null(strstr(err.msg, "purple"));
	assert_int_equal(theme_parse_string(&t, "title = { fg = 300; };\n", "my.theme", &err), -1);
	assert_int_equal(theme_parse_string(&t, "title = { attrs = \"blod\"; };\n", "my.theme", &err), -1);
	assert_non_null(strstr(err.msg, "blod"));
	assert_int_equal(theme_parse_string(&t, "title = { fg = \"red\" \n", "my.theme", &err), -1);
	assert_non_null(strstr(err.msg, "my.theme line"));
	assert_int_equal(og_error_exit_status(&err), 2);
}

static void test_cursor_style(void **state)
{
	(void)state;
	theme t;
	og_error err;
	/* the full-width bar unless a theme asks for the mark */
	theme_builtin(&t);
	assert_true(t.cursor_bar);
	assert_int_equal(theme_parse_string(&t, "cursor = \"mark\";", "x", &err), 0);
	assert_false(t.cursor_bar);
	assert_int_equal(theme_parse_string(&t, "cursor = \"bar\";", "x", &err), 0);
	assert_true(t.cursor_bar);
	/* every bundled theme has the bar */
	const char *shipped[] = { "default", "light", "high-contrast", "mono" };
	for (size_t i = 0; i < sizeof shipped / sizeof shipped[0]; i++) {
		load_shipped(&t, shipped[i]);
		if (!t.cursor_bar)
			fail_msg("theme %s has no cursor bar", shipped[i]);
	}
	assert_int_equal(theme_parse_string(&t, "cursor = \"box\";", "x", &err), -1);
	assert_non_null(strstr(err.msg, "x line 1"));
}

static void test_locate(void **state)
{
	(void)state;
	char dir[1024], path[1200];
	og_error err;
	snprintf(dir, sizeof dir, "%s", srcdir());
	setenv("ORIGO_DATADIR", dir, 1);
	setenv("XDG_CONFIG_HOME", "/nonexistent-origo-test", 1);
	assert_int_equal(theme_locate("mono", path, sizeof path, &err), 0);
	assert_non_null(strstr(path, "themes/mono.theme"));
	og_error_clear(&err);
	assert_int_equal(theme_locate("no-such-theme", path, sizeof path, &err), -1);
	assert_non_null(strstr(err.msg, "no-such-theme"));
	assert_int_equal(theme_locate("/nonexistent/x.theme", path, sizeof path, &err), -1);
	/* "default" is never an error: without a file the built-in copy serves */
	setenv("ORIGO_DATADIR", "/nonexistent-origo-test", 1);
	assert_int_not_equal(theme_locate("default", path, sizeof path, &err), -1);
	theme t;
	assert_int_equal(theme_load(&t, "default", &err), 0);
	assert_int_equal(t.role[ROLE_TITLE].bg, 24);
}

/* `:theme` completion: the bundled themes and the user's, each once. */
static void test_names(void **state)
{
	(void)state;
	char home[] = "/tmp/origo-theme-names-XXXXXX";
	assert_non_null(mkdtemp(home));
	char dir[1200], file[1300];
	snprintf(dir, sizeof dir, "%s/origo", home);
	assert_int_equal(mkdir(dir, 0700), 0);
	snprintf(dir, sizeof dir, "%s/origo/themes", home);
	assert_int_equal(mkdir(dir, 0700), 0);
	const char *mine[] = { "zebra.theme", "light.theme", "notes.txt" };
	for (size_t i = 0; i < 3; i++) {
		snprintf(file, sizeof file, "%s/%s", dir, mine[i]);
		FILE *f = fopen(file, "w");
		assert_non_null(f);
		fclose(f);
	}
	setenv("XDG_CONFIG_HOME", home, 1);
	setenv("ORIGO_DATADIR", srcdir(), 1);
	char names[32][THEME_NAME_MAX];
	size_t n = theme_names(names, 32);
	const char *want[] = { "default", "high-contrast", "light", "mono", "zebra" };
	assert_int_equal(n, 5);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(names[i], want[i]);
	/* at most max, and "default" is there even with no folder at all */
	assert_int_equal(theme_names(names, 2), 2);
	setenv("XDG_CONFIG_HOME", "/nonexistent-origo-test", 1);
	setenv("ORIGO_DATADIR", "/nonexistent-origo-test", 1);
	assert_int_equal(theme_names(names, 32), 1);
	assert_string_equal(names[0], "default");
	for (size_t i = 0; i < 3; i++) {
		snprintf(file, sizeof file, "%s/%s", dir, mine[i]);
		unlink(file);
	}
	rmdir(dir);
	snprintf(dir, sizeof dir, "%s/origo", home);
	rmdir(dir);
	rmdir(home);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_file_matches_builtin),
		cmocka_unit_test(test_degradation_256_to_8),
		cmocka_unit_test(test_colour_without_fallback_goes_default),
		cmocka_unit_test(test_mono_uses_mono_attrs_and_keeps_selection_visible),
		cmocka_unit_test(test_mono_theme_is_monochrome),
		cmocka_unit_test(test_no_color_env_and_flag),
		cmocka_unit_test(test_attrs_as_list),
		cmocka_unit_test(test_errors_name_the_line),
		cmocka_unit_test(test_cursor_style),
		cmocka_unit_test(test_locate),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_light_theme),
		cmocka_unit_test(test_high_contrast_theme),
		cmocka_unit_test(test_default_and_mono_at_every_depth),
		cmocka_unit_test(test_fg16_parsed_and_checked),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
