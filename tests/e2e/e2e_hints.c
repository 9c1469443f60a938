/* End to end: the status bar's hints. With nothing to say, the status bar
 * shows the main keys of the screen (from the key map, so a rebound key
 * shows its new key); a message (an error, a confirmation) takes its place
 * until the next key; `hints = false;` in the config hides them. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/e2e/fixture.h"
#include "tests/e2e/seed.h"

#define PATH_101 "/cdn/origin_groups/101"
#define GROUPS_HINTS " ? help  / filter  Enter open  n new  e edit  d delete  : command  q quit"
#define GROUP_HINTS " ? help  Space enable  b backup  p probe  Enter edit  u undo  Esc back"

/* The status row as shown (leading cell kept, trailing spaces trimmed). */
static const char *status_row(term *t)
{
	static char row[512];
	snprintf(row, sizeof row, "%s", term_row(t, term_rows(t) - 1));
	return row;
}

#define ASSERT_STATUS(t, want) \
	do { const char *s_ = status_row(t); if (strcmp(s_, (want)) != 0) { term_dump((t), stderr); \
		fail_msg("%s:%d: status \"%s\", want \"%s\"", __FILE__, __LINE__, s_, (want)); } } while (0)

static void key_idle(term *t, const char *key)
{
	term_key(t, key);
	TERM_IDLE(t);
}

static void test_each_screen_shows_its_keys(void **state)
{
	fx *f = *state;
	term *t = fx_open(f, NULL, NULL);
	/* the load says how many groups came: a message, no hints yet */
	assert_non_null(strstr(status_row(t), "5 groups"));
	int requests = emu_log_count(f->emu, "GET", "/cdn/origin_groups");
	key_idle(t, "g");   /* moves nothing, says nothing: the keys come */
	ASSERT_STATUS(t, GROUPS_HINTS);
	assert_int_equal(emu_log_count(f->emu, "GET", "/cdn/origin_groups"), requests);
	/* a step keeps them, and they do not cost a byte */
	term_reset_bytes(t);
	key_idle(t, "j");
	ASSERT_STATUS(t, GROUPS_HINTS);
	assert_false(term_raw_contains(t, "help"));
	/* the group screen: its own keys */
	fx_open_group(t, "web-main", "origin1.example.com");
	key_idle(t, "j");
	ASSERT_STATUS(t, GROUP_HINTS);
	/* the requests log, and the help screen opened from it */
	key_idle(t, "L");
	ASSERT_STATUS(t, " ? help  Enter open  c curl  Esc back");
	key_idle(t, "?");
	ASSERT_STATUS(t, " / filter  Esc back");
	/* a form shows its keys on a line of its own: no second copy below */
	key_idle(t, TK_ESC);
	key_idle(t, TK_ESC);
	key_idle(t, TK_ESC);
	TERM_ASSERT_CONTAINS(t, "static-assets");
	key_idle(t, "n");
	TERM_ASSERT_CONTAINS(t, "C-s save");
	key_idle(t, TK_TAB);
	ASSERT_STATUS(t, "");
	key_idle(t, TK_ESC);              /* "nothing changed", then the keys again */
	key_idle(t, "j");
	ASSERT_STATUS(t, GROUPS_HINTS);
}

static void test_a_message_takes_their_place(void **state)
{
	fx *f = *state;
	term *t = fx_open(f, NULL, NULL);
	key_idle(t, "g");
	ASSERT_STATUS(t, GROUPS_HINTS);
	/* a key that does nothing here says so instead */
	key_idle(t, "b");
	assert_non_null(strstr(status_row(t), "does not work on this screen"));
	assert_null(strstr(status_row(t), "? help"));
	key_idle(t, "j");
	ASSERT_STATUS(t, GROUPS_HINTS);
	/* an error from the API stays until the next key */
	fx_open_group(t, "web-main", "backup.example.net");
	fx_select(t, "backup.example.net");
	assert_int_equal(emu_add_fault(f->emu, "{\"method\":\"PATCH\",\"path_prefix\":\"" PATH_101 "\","
	                 "\"times\":1,\"action\":\"status\",\"status\":500}"), 0);
	key_idle(t, "b");
	assert_int_equal(emu_log_count(f->emu, "PATCH", PATH_101), 1);
	const char *st = fx_status(t);
	if (!strstr(st, "500") && !strstr(st, "Fault injected")) {
		term_dump(t, stderr);
		fail_msg("no error in the status bar: \"%s\"", st);
	}
	assert_null(strstr(st, "? help"));
	key_idle(t, "k");
	ASSERT_STATUS(t, GROUP_HINTS);
}

static void test_hints_false_hides_them(void **state)
{
	fx *f = *state;
	assert_int_equal(fx_write_config(f, "hints = false;", NULL), 0);
	term *t = fx_open(f, NULL, NULL);
	key_idle(t, "g");
	ASSERT_STATUS(t, "");
	/* messages still show */
	key_idle(t, "b");
	assert_non_null(strstr(status_row(t), "does not work on this screen"));
	key_idle(t, "j");
	ASSERT_STATUS(t, "");
	fx_open_group(t, "web-main", "origin1.example.com");
	key_idle(t, "j");
	ASSERT_STATUS(t, "");
}

static void test_a_rebound_key_shows_its_new_key(void **state)
{
	fx *f = *state;
	assert_int_equal(fx_write_config(f, "keys = { toggle_enabled = \"x\"; };", NULL), 0);
	term *t = fx_open(f, NULL, NULL);
	fx_open_group(t, "web-main", "origin2.example.com");
	fx_select(t, "origin2.example.com");
	key_idle(t, "j");
	key_idle(t, "k");
	ASSERT_STATUS(t, " ? help  x enable  b backup  p probe  Enter edit  u undo  Esc back");
	/* and x is what toggles */
	assert_int_equal(emu_log_count_writes(f->emu), 0);
	key_idle(t, "x");
	assert_int_equal(emu_log_count(f->emu, "PATCH", PATH_101), 1);
}

static int setup_hints(void **state)
{
	return fx_group_setup_state(state, SEED_STATE);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_test_setup, fx_test_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_each_screen_shows_its_keys),
		T(test_a_message_takes_their_place),
		T(test_hints_false_hides_them),
		T(test_a_rebound_key_shows_its_new_key),
	};
	return cmocka_run_group_tests_name("e2e_hints", tests, setup_hints, fx_group_teardown);
}
