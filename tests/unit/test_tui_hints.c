/* The status bar's hints: each screen's main keys from the key map, what
 * the provider lacks and read-only writes left out, the least important
 * dropped first when the line is short (tui/hints.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <ncurses.h>
#include <string.h>

#include "tui/actions.h"
#include "tui/hints.h"

static char buf[512];

static const char *text(const keymap *km, const og_caps *caps, unsigned screen, bool ro, int width)
{
	return hints_text(km, caps, screen, ro, width, buf, sizeof buf);
}

static void test_each_screen_its_keys(void **state)
{
	(void)state;
	keymap km;
	keymap_init_defaults(&km);
	assert_string_equal(text(&km, NULL, SCR_GROUPS, false, 200),
	                    "? help  / filter  Enter open  n new  e edit  d delete  : command  q quit");
	og_caps gcore = { .has_enabled = true, .has_backup = true };
	assert_string_equal(text(&km, &gcore, SCR_GROUP, false, 200),
	                    "? help  Space enable  b backup  p probe  Enter edit  u undo  Esc back");
	og_caps edgio = { .has_primary = true, .has_order = true };
	assert_string_equal(text(&km, &edgio, SCR_GROUP, false, 200),
	                    "? help  P primary  J/K order  p probe  Enter edit  u undo  Esc back");
	assert_string_equal(text(&km, NULL, SCR_LOG, false, 200), "? help  Enter open  c curl  Esc back");
	assert_string_equal(text(&km, NULL, SCR_EXCHANGE, false, 200), "? help  c curl  Esc back");
	assert_string_equal(text(&km, NULL, SCR_HELP, false, 200), "/ filter  Esc back");
	/* a form shows its keys on its own line */
	assert_string_equal(text(&km, NULL, SCR_FORM, false, 200), "");
}

static void test_rebound_and_unbound_keys(void **state)
{
	(void)state;
	keymap km;
	keymap_init_defaults(&km);
	og_caps gcore = { .has_enabled = true, .has_backup = true };
	/* toggle_enabled = "x"; probe = ""; */
	km.keys[ACT_TOGGLE_ENABLED][0] = 'x';
	km.n[ACT_TOGGLE_ENABLED] = 1;
	km.rebound[ACT_TOGGLE_ENABLED] = true;
	km.n[ACT_PROBE] = 0;
	km.rebound[ACT_PROBE] = true;
	assert_string_equal(text(&km, &gcore, SCR_GROUP, false, 200),
	                    "? help  x enable  b backup  Enter edit  u undo  Esc back");
	/* back = "h": q no longer quits, so the hint shows h */
	km.keys[ACT_BACK][0] = 'h';
	km.n[ACT_BACK] = 1;
	km.rebound[ACT_BACK] = true;
	assert_non_null(strstr(text(&km, NULL, SCR_GROUPS, false, 200), "  h quit"));
	assert_null(strstr(buf, "q quit"));
	/* a key taken over by another action on purpose is not shown for the old */
	keymap_init_defaults(&km);
	km.keys[ACT_REFRESH][0] = '?';
	km.n[ACT_REFRESH] = 1;
	km.rebound[ACT_REFRESH] = true;
	assert_null(strstr(text(&km, NULL, SCR_GROUPS, false, 200), "? help"));
}

static void test_read_only_hides_writes(void **state)
{
	(void)state;
	keymap km;
	keymap_init_defaults(&km);
	assert_string_equal(text(&km, NULL, SCR_GROUPS, true, 200),
	                    "? help  / filter  Enter open  : command  q quit");
	og_caps gcore = { .has_enabled = true, .has_backup = true };
	assert_string_equal(text(&km, &gcore, SCR_GROUP, true, 200),
	                    "? help  p probe  Enter edit  Esc back");
}

static void test_short_line_keeps_the_important(void **state)
{
	(void)state;
	keymap km;
	keymap_init_defaults(&km);
	const char *all = "? help  / filter  Enter open  n new  e edit  d delete  : command  q quit";
	int w = (int)strlen(all);
	assert_string_equal(text(&km, NULL, SCR_GROUPS, false, w), all);
	/* one column less: ": command" (the least important) goes */
	assert_string_equal(text(&km, NULL, SCR_GROUPS, false, w - 1),
	                    "? help  / filter  Enter open  n new  e edit  d delete  q quit");
	assert_string_equal(text(&km, NULL, SCR_GROUPS, false, 20), "? help  q quit");
	for (int width = 0; width < 80; width++)
		assert_true((int)strlen(text(&km, NULL, SCR_GROUPS, false, width)) <= width);
	hint_item items[2];
	assert_int_equal(hints_for(&km, NULL, SCR_GROUPS, false, 200, items, 2), 2);
	assert_string_equal(items[0].key, "?");
	assert_string_equal(items[0].label, "help");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_each_screen_its_keys),
		cmocka_unit_test(test_rebound_and_unbound_keys),
		cmocka_unit_test(test_read_only_hides_writes),
		cmocka_unit_test(test_short_line_keeps_the_important),
	};
	return cmocka_run_group_tests_name("hints", tests, NULL, NULL);
}
