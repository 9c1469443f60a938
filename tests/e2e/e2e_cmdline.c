/* End to end: the `:` command line edits like a shell prompt. Tab completes
 * command names, account names after `:account ` and theme names (bundled
 * and the user's) after `:theme `; Up/Down recall the commands of this run;
 * Left/Right/Home/End, Delete, C-a/C-e, C-w and C-u edit at the cursor.
 * What runs is checked on the screen and at the emulator (the accounts'
 * requests). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/e2e/fixture.h"
#include "tests/e2e/seed.h"

/* The prompt row as shown (trailing spaces trimmed). */
static const char *prompt_row(term *t)
{
	return term_row(t, term_rows(t) - 1);
}

#define ASSERT_PROMPT(t, want) \
	do { char p_[512]; snprintf(p_, sizeof p_, "%s", prompt_row(t)); \
		if (strcmp(p_, (want)) != 0) { term_dump((t), stderr); \
		fail_msg("%s:%d: prompt \"%s\", want \"%s\"", __FILE__, __LINE__, p_, (want)); } } while (0)

/* The terminal's cursor is on the prompt row at column `col`. */
static void assert_cursor_at(term *t, int col)
{
	int r, c;
	term_cursor(t, &r, &c);
	if (r != term_rows(t) - 1 || c != col) {
		term_dump(t, stderr);
		fail_msg("cursor at %d,%d, want %d,%d", r, c, term_rows(t) - 1, col);
	}
}

static void keys_idle(term *t, const char *text)
{
	term_keys(t, text);
	TERM_IDLE(t);
}

static void key_idle(term *t, const char *key)
{
	term_key(t, key);
	TERM_IDLE(t);
}

static void assert_title(term *t, const char *account)
{
	char want[64];
	snprintf(want, sizeof want, "origo  %s (", account);
	if (!strstr(term_row(t, 0), want)) {
		term_dump(t, stderr);
		fail_msg("the title should name account %s", account);
	}
}

static void test_tab_completes_command_names(void **state)
{
	fx *f = *state;
	term *t = fx_open_wide(f);
	keys_idle(t, ":th");
	key_idle(t, TK_TAB);
	ASSERT_PROMPT(t, ":theme");
	assert_cursor_at(t, 7);            /* after "theme ": it takes a name */
	key_idle(t, TK_ESC);
	/* several commands start with q: the line stays, the matches are listed */
	keys_idle(t, ":q");
	key_idle(t, TK_TAB);
	ASSERT_PROMPT(t, ":q  q quit q! quit!");
	assert_cursor_at(t, 2);
	/* no command starts with z */
	key_idle(t, TK_BACKSPACE);
	keys_idle(t, "z");
	key_idle(t, TK_TAB);
	ASSERT_PROMPT(t, ":z  no such command");
	key_idle(t, TK_ESC);
	/* and a completed command runs: :acc<Tab>edgio */
	int tokens = emu_log_count(f->emu, "POST", "/connect/token");
	keys_idle(t, ":acc");
	key_idle(t, TK_TAB);
	keys_idle(t, "edgio");
	ASSERT_PROMPT(t, ":account edgio");
	key_idle(t, TK_ENTER);
	assert_title(t, "edgio");
	assert_int_equal(emu_log_count(f->emu, "POST", "/connect/token"), tokens + 1);
}

static void test_tab_completes_account_names(void **state)
{
	fx *f = *state;
	term *t = fx_open_wide(f);
	keys_idle(t, ":account ");
	key_idle(t, TK_TAB);
	ASSERT_PROMPT(t, ":account   gcore yandex edgio");
	keys_idle(t, "y");
	key_idle(t, TK_TAB);
	ASSERT_PROMPT(t, ":account yandex");
	assert_cursor_at(t, 15);
	assert_int_equal(fx_log_count_prefix(f, NULL, "/cdn/v1/"), 0);
	key_idle(t, TK_ENTER);
	assert_title(t, "yandex");
	TERM_ASSERT_CONTAINS(t, "yc-web");
	assert_true(fx_log_count_prefix(f, "GET", "/cdn/v1/originGroups") >= 1);
}

static void test_tab_completes_theme_names(void **state)
{
	fx *f = *state;
	/* a theme of the user's own, next to the bundled ones */
	char path[700];
	snprintf(path, sizeof path, "mkdir -p '%s/origo/themes'", f->dir);
	assert_int_equal(system(path), 0);
	snprintf(path, sizeof path, "%s/origo/themes/zebra.theme", f->dir);
	FILE *tf = fopen(path, "w");
	assert_non_null(tf);
	fputs("title = { fg = \"white\"; bg = \"magenta\"; mono = \"reverse\"; };\n", tf);
	fclose(tf);
	term *t = fx_open_wide(f);
	keys_idle(t, ":theme ");
	key_idle(t, TK_TAB);
	ASSERT_PROMPT(t, ":theme   default high-contrast light mono zebra");
	keys_idle(t, "hi");
	key_idle(t, TK_TAB);
	ASSERT_PROMPT(t, ":theme high-contrast");
	key_idle(t, TK_ENTER);
	assert_non_null(strstr(fx_status(t), "theme high-contrast"));
	keys_idle(t, ":theme z");
	key_idle(t, TK_TAB);
	ASSERT_PROMPT(t, ":theme zebra");
	key_idle(t, TK_ENTER);
	assert_non_null(strstr(fx_status(t), "theme zebra"));
	VTermScreenCell c;
	assert_int_equal(term_cell(t, 0, 0, &c), 0);
	assert_true(VTERM_COLOR_IS_INDEXED(&c.bg) && c.bg.indexed.idx == 5);   /* magenta title */
}

static void test_up_down_recall_commands(void **state)
{
	fx *f = *state;
	term *t = fx_open_wide(f);
	keys_idle(t, ":account edgio");
	key_idle(t, TK_ENTER);
	keys_idle(t, ":account gcore");
	key_idle(t, TK_ENTER);
	assert_title(t, "gcore");
	keys_idle(t, ":acc");             /* a draft, given back after the newest */
	key_idle(t, TK_UP);
	ASSERT_PROMPT(t, ":account gcore");
	assert_cursor_at(t, 14);
	key_idle(t, TK_UP);
	ASSERT_PROMPT(t, ":account edgio");
	key_idle(t, TK_UP);               /* the oldest stays */
	ASSERT_PROMPT(t, ":account edgio");
	key_idle(t, TK_DOWN);
	ASSERT_PROMPT(t, ":account gcore");
	key_idle(t, TK_DOWN);
	ASSERT_PROMPT(t, ":acc");
	key_idle(t, TK_UP);
	key_idle(t, TK_UP);
	key_idle(t, TK_ENTER);            /* the recalled line runs */
	assert_title(t, "edgio");
	TERM_ASSERT_CONTAINS(t, "ed-web");
	/* the first :account edgio fetched its token; its token is still good */
	assert_int_equal(emu_log_count(f->emu, "POST", "/connect/token"), 1);
	/* the run's history holds what ran, newest first */
	keys_idle(t, ":");
	key_idle(t, TK_UP);
	ASSERT_PROMPT(t, ":account edgio");
	key_idle(t, TK_UP);
	ASSERT_PROMPT(t, ":account gcore");
	key_idle(t, TK_ESC);
}

static void test_editing_at_the_cursor(void **state)
{
	fx *f = *state;
	term *t = fx_open_wide(f);
	/* Left, then typing in the middle */
	keys_idle(t, ":acount yandex");
	for (int i = 0; i < 12; i++)
		term_key(t, TK_LEFT);
	TERM_IDLE(t);
	assert_cursor_at(t, 2);
	keys_idle(t, "c");
	ASSERT_PROMPT(t, ":account yandex");
	assert_cursor_at(t, 3);
	/* C-e, then C-w takes the word before the cursor */
	key_idle(t, "\x05");
	assert_cursor_at(t, 15);
	key_idle(t, "\x17");
	ASSERT_PROMPT(t, ":account");
	assert_cursor_at(t, 9);
	/* Home / End, Delete under the cursor, Backspace before it */
	keys_idle(t, "xedgioo");
	key_idle(t, TK_HOME);
	assert_cursor_at(t, 1);
	key_idle(t, TK_END);
	key_idle(t, TK_BACKSPACE);
	for (int i = 0; i < 6; i++)
		term_key(t, TK_LEFT);
	key_idle(t, TK_DELETE);
	ASSERT_PROMPT(t, ":account edgio");
	/* C-a, then C-u keeps what follows the cursor */
	key_idle(t, "\x01");
	assert_cursor_at(t, 1);
	key_idle(t, TK_RIGHT);
	key_idle(t, "\x15");
	ASSERT_PROMPT(t, ":ccount edgio");
	keys_idle(t, "a");
	assert_int_equal(emu_log_count(f->emu, "POST", "/connect/token"), 0);
	key_idle(t, TK_ENTER);
	assert_title(t, "edgio");
	assert_int_equal(emu_log_count(f->emu, "POST", "/connect/token"), 1);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_test_setup_multi, fx_test_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_tab_completes_command_names),
		T(test_tab_completes_account_names),
		T(test_tab_completes_theme_names),
		T(test_up_down_recall_commands),
		T(test_editing_at_the_cursor),
	};
	return cmocka_run_group_tests_name("e2e_cmdline", tests, fx_group_setup_multi, fx_group_teardown);
}
