/* Key names, default bindings, and the config's keys section. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <ncurses.h>
#include <string.h>

#include "model/config.h"
#include "net/accounts.h"
#include "tui/keymap.h"

static void test_key_names_parse(void **state)
{
	(void)state;
	assert_int_equal(key_parse("x"), 'x');
	assert_int_equal(key_parse("Space"), ' ');
	assert_int_equal(key_parse("<Space>"), ' ');
	assert_int_equal(key_parse("enter"), '\n');
	assert_int_equal(key_parse("Esc"), 27);
	assert_int_equal(key_parse("Tab"), '\t');
	assert_int_equal(key_parse("C-l"), 12);
	assert_int_equal(key_parse("C-L"), 12);
	assert_int_equal(key_parse("Up"), KEY_UP);
	assert_int_equal(key_parse("PgDn"), KEY_NPAGE);
	assert_int_equal(key_parse("Home"), KEY_HOME);
	assert_int_equal(key_parse("F1"), KEY_F(1));
	assert_int_equal(key_parse("F12"), KEY_F(12));
	assert_int_equal(key_parse("F13"), -1);
	assert_int_equal(key_parse("Ctrl+Q"), -1);
	assert_int_equal(key_parse("xy"), -1);
	assert_int_equal(key_parse(""), -1);
	assert_int_equal(key_parse(NULL), -1);
}

static void test_key_label_round_trip(void **state)
{
	(void)state;
	const char *names[] = { "j", "Space", "Enter", "Esc", "Tab", "C-l", "Up", "Down", "PgUp",
	                        "PgDn", "Home", "End", "F5", "?", ":" };
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		char buf[32];
		int code = key_parse(names[i]);
		assert_true(code >= 0);
		assert_string_equal(key_label(code, buf, sizeof buf), names[i]);
	}
}

static void test_defaults(void **state)
{
	(void)state;
	keymap km;
	keymap_init_defaults(&km);
	assert_int_equal(keymap_lookup(&km, SCR_GROUPS, 'j'), ACT_MOVE_DOWN);
	assert_int_equal(keymap_lookup(&km, SCR_GROUPS, KEY_DOWN), ACT_MOVE_DOWN);
	assert_int_equal(keymap_lookup(&km, SCR_GROUPS, '\r'), ACT_OPEN);
	assert_int_equal(keymap_lookup(&km, SCR_GROUP, ' '), ACT_TOGGLE_ENABLED);
	/* Space toggles only on the group screen */
	assert_int_equal(keymap_lookup(&km, SCR_GROUPS, ' '), ACT_NONE);
	assert_int_equal(keymap_lookup(&km, SCR_GROUP, 'b'), ACT_TOGGLE_BACKUP);
	assert_int_equal(keymap_lookup(&km, SCR_GROUP, 12), ACT_REPAINT);
	assert_int_equal(keymap_lookup(&km, SCR_HELP, '?'), ACT_HELP);
	char buf[64];
	assert_string_equal(keymap_keys_text(&km, ACT_MOVE_DOWN, buf, sizeof buf), "j, Down");
}

static void load(og_config *cfg, const char *text)
{
	og_error err;
	memset(cfg, 0, sizeof *cfg);
	int rc = config_load_string(cfg, text, "test.conf", true, net_providers(), &err);
	if (rc != 0)
		fail_msg("config: %s", err.msg);
}

static const char accounts[] =
	"accounts = ( { name = \"g\"; provider = \"gcore\"; api_key_env = \"ORIGO_TEST_KEY\"; } );\n";

static void test_rebind_and_unbind(void **state)
{
	(void)state;
	char text[512];
	snprintf(text, sizeof text, "%skeys = { toggle_enabled = \"x\"; help = \"\"; refresh = \"C-r\"; };\n",
	         accounts);
	og_config cfg;
	load(&cfg, text);
	keymap km;
	keymap_init_defaults(&km);
	og_error err;
	assert_int_equal(keymap_apply_config(&km, &cfg, &err), 0);
	assert_int_equal(keymap_lookup(&km, SCR_GROUP, 'x'), ACT_TOGGLE_ENABLED);
	assert_int_equal(keymap_lookup(&km, SCR_GROUP, ' '), ACT_NONE);  /* replaced, not added */
	assert_int_equal(keymap_lookup(&km, SCR_GROUPS, '?'), ACT_NONE); /* unbound */
	assert_int_equal(km.n[ACT_HELP], 0);
	assert_int_equal(keymap_lookup(&km, SCR_GROUPS, 18), ACT_REFRESH);
	assert_int_equal(keymap_lookup(&km, SCR_GROUPS, 'r'), ACT_NONE);
	config_free(&cfg);
}

static void test_rebound_key_wins_over_default(void **state)
{
	(void)state;
	char text[512];
	snprintf(text, sizeof text, "%skeys = { toggle_backup = \"j\"; };\n", accounts);
	og_config cfg;
	load(&cfg, text);
	keymap km;
	keymap_init_defaults(&km);
	og_error err;
	assert_int_equal(keymap_apply_config(&km, &cfg, &err), 0);
	assert_int_equal(keymap_lookup(&km, SCR_GROUP, 'j'), ACT_TOGGLE_BACKUP);
	assert_int_equal(keymap_lookup(&km, SCR_GROUPS, 'j'), ACT_MOVE_DOWN);
	config_free(&cfg);
}

static void test_unknown_action_names_line(void **state)
{
	(void)state;
	char text[512];
	snprintf(text, sizeof text, "%skeys = {\n  toggle_enabld = \"x\";\n};\n", accounts);
	og_config cfg;
	load(&cfg, text);
	keymap km;
	keymap_init_defaults(&km);
	og_error err;
	og_error_clear(&err);
	assert_int_equal(keymap_apply_config(&km, &cfg, &err), -1);
	assert_int_equal(err.kind, OG_ERR_CONFIG);
	assert_non_null(strstr(err.msg, "line 3"));
	assert_non_null(strstr(err.msg, "toggle_enabld"));
	config_free(&cfg);
}

static void test_bad_key_names_line(void **state)
{
	(void)state;
	char text[512];
	snprintf(text, sizeof text, "%skeys = { quit = \"Ctrl+Q\"; };\n", accounts);
	og_config cfg;
	load(&cfg, text);
	keymap km;
	keymap_init_defaults(&km);
	og_error err;
	assert_int_equal(keymap_apply_config(&km, &cfg, &err), -1);
	assert_int_equal(og_error_exit_status(&err), 2);
	assert_non_null(strstr(err.msg, "line 2"));
	assert_non_null(strstr(err.msg, "Ctrl+Q"));
	config_free(&cfg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_key_names_parse),
		cmocka_unit_test(test_key_label_round_trip),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_rebind_and_unbind),
		cmocka_unit_test(test_rebound_key_wins_over_default),
		cmocka_unit_test(test_unknown_action_names_line),
		cmocka_unit_test(test_bad_key_names_line),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
