/* The `:` line's editing: cursor moves, deletions at the cursor, C-w, C-u,
 * the history of the run and Tab completion (tui/lineedit.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "tui/lineedit.h"

/* The text with the cursor shown as '|'. */
static const char *shown(const lineedit *e)
{
	static char buf[LE_MAX + 2];
	snprintf(buf, sizeof buf, "%.*s|%s", (int)e->cur, e->text, e->text + e->cur);
	return buf;
}

static void test_insert_in_the_middle(void **state)
{
	(void)state;
	lineedit e;
	le_set(&e, "tme light");
	assert_string_equal(shown(&e), "tme light|");
	assert_true(le_home(&e));
	assert_false(le_home(&e));
	assert_true(le_right(&e));
	assert_true(le_insert(&e, "he"));
	assert_string_equal(shown(&e), "the|me light");
	assert_true(le_end(&e));
	assert_false(le_right(&e));
	assert_string_equal(shown(&e), "theme light|");
	assert_int_equal(e.len, strlen("theme light"));
}

static void test_delete_at_the_cursor(void **state)
{
	(void)state;
	lineedit e;
	le_set(&e, "account gcore");
	le_left(&e);
	le_left(&e);
	assert_true(le_backspace(&e));
	assert_string_equal(shown(&e), "account gc|re");
	assert_true(le_delete(&e));
	assert_string_equal(shown(&e), "account gc|e");
	le_end(&e);
	assert_false(le_delete(&e));   /* nothing under the cursor */
	le_home(&e);
	assert_false(le_backspace(&e));   /* nothing before it */
	assert_string_equal(shown(&e), "|account gce");
}

static void test_utf8_moves_by_character(void **state)
{
	(void)state;
	lineedit e;
	le_set(&e, "a\xc3\xa9z");   /* aéz */
	le_left(&e);
	assert_int_equal(e.cur, 3);
	le_left(&e);
	assert_int_equal(e.cur, 1);   /* over both bytes of é */
	assert_true(le_delete(&e));
	assert_string_equal(e.text, "az");
	le_set(&e, "x\xe2\x82\xac");   /* x€ */
	assert_true(le_backspace(&e));
	assert_string_equal(e.text, "x");
}

static void test_kill_word_and_line(void **state)
{
	(void)state;
	lineedit e;
	le_set(&e, "theme high-contrast  ");
	assert_true(le_kill_word(&e));   /* the spaces, then the word */
	assert_string_equal(shown(&e), "theme |");
	assert_true(le_kill_word(&e));
	assert_string_equal(shown(&e), "|");
	assert_false(le_kill_word(&e));
	/* C-w in the middle keeps what follows the cursor */
	le_set(&e, "account yc extra");
	le_left(&e);
	le_left(&e);
	le_left(&e);
	le_left(&e);
	le_left(&e);
	le_left(&e);
	assert_string_equal(shown(&e), "account yc| extra");
	assert_true(le_kill_word(&e));
	assert_string_equal(shown(&e), "account | extra");
	/* C-u: everything before the cursor */
	assert_true(le_kill_to_start(&e));
	assert_string_equal(shown(&e), "| extra");
	assert_false(le_kill_to_start(&e));
}

static void test_full_line_refuses_more(void **state)
{
	(void)state;
	lineedit e;
	char big[LE_MAX + 10];
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	le_set(&e, big);
	assert_int_equal(e.len, LE_MAX - 1);
	assert_false(le_insert(&e, "y"));
	assert_int_equal(e.len, LE_MAX - 1);
	/* cut inside a character: the whole character goes */
	memset(big, 'x', sizeof big);
	big[LE_MAX - 2] = '\xc3';
	big[LE_MAX - 1] = '\xa9';
	big[LE_MAX] = '\0';
	le_set(&e, big);
	assert_int_equal(e.len, LE_MAX - 2);
}

static void test_history(void **state)
{
	(void)state;
	le_history h;
	memset(&h, 0, sizeof h);
	lineedit e;
	le_set(&e, "");
	assert_false(le_history_prev(&h, &e));   /* nothing yet */
	le_history_add(&h, "theme light");
	le_history_add(&h, "account yc");
	le_history_add(&h, "account yc");        /* a repeat is kept once */
	le_history_add(&h, "");                  /* and an empty line not at all */
	assert_int_equal(h.n, 2);
	le_history_rewind(&h);
	le_set(&e, "acc");                       /* the draft */
	assert_true(le_history_prev(&h, &e));
	assert_string_equal(shown(&e), "account yc|");
	assert_true(le_history_prev(&h, &e));
	assert_string_equal(e.text, "theme light");
	assert_false(le_history_prev(&h, &e));   /* the oldest */
	assert_string_equal(e.text, "theme light");
	assert_true(le_history_next(&h, &e));
	assert_string_equal(e.text, "account yc");
	assert_true(le_history_next(&h, &e));
	assert_string_equal(shown(&e), "acc|");  /* back to what was typed */
	assert_false(le_history_next(&h, &e));
	le_history_free(&h);
	assert_int_equal(h.n, 0);
}

static void test_history_keeps_the_newest(void **state)
{
	(void)state;
	le_history h;
	memset(&h, 0, sizeof h);
	char line[32];
	for (int i = 0; i < LE_HISTORY_MAX + 5; i++) {
		snprintf(line, sizeof line, "cmd %d", i);
		le_history_add(&h, line);
	}
	assert_int_equal(h.n, LE_HISTORY_MAX);
	assert_string_equal(h.items[0], "cmd 5");
	snprintf(line, sizeof line, "cmd %d", LE_HISTORY_MAX + 4);
	assert_string_equal(h.items[LE_HISTORY_MAX - 1], line);
	le_history_free(&h);
}

static void test_complete(void **state)
{
	(void)state;
	const char *themes[] = { "default", "high-contrast", "light", "mono", "mine" };
	size_t m[8];
	lineedit e;
	/* one match: the whole word and the suffix */
	le_set(&e, "theme hi");
	assert_int_equal(le_complete(&e, 6, themes, 5, " ", m, 8), 1);
	assert_int_equal(m[0], 1);
	assert_string_equal(shown(&e), "theme high-contrast |");
	/* several: their common prefix, and the matches */
	le_set(&e, "theme m");
	assert_int_equal(le_complete(&e, 6, themes, 5, NULL, m, 8), 2);
	assert_int_equal(m[0], 3);
	assert_int_equal(m[1], 4);
	assert_string_equal(shown(&e), "theme m|");
	le_set(&e, "theme mo");
	assert_int_equal(le_complete(&e, 6, themes, 5, NULL, m, 8), 1);
	assert_string_equal(e.text, "theme mono");
	/* none: nothing changes */
	le_set(&e, "theme zz");
	assert_int_equal(le_complete(&e, 6, themes, 5, " ", m, 8), 0);
	assert_string_equal(shown(&e), "theme zz|");
	/* an empty word matches all; the text after the cursor stays */
	const char *cmds[] = { "account", "theme", "q", "quit" };
	le_set(&e, "qu x");
	le_home(&e);
	le_right(&e);
	assert_int_equal(le_complete(&e, 0, cmds, 4, NULL, m, 8), 2);
	assert_string_equal(shown(&e), "q|u x");
	le_right(&e);
	assert_int_equal(le_complete(&e, 0, cmds, 4, NULL, m, 8), 1);
	assert_string_equal(shown(&e), "quit| x");
	le_set(&e, "");
	assert_int_equal(le_complete(&e, 0, cmds, 4, NULL, NULL, 0), 4);
	/* a common prefix that ends inside a character stops before it */
	const char *accents[] = { "caf\xc3\xa9", "caf\xc3\xa8" };
	le_set(&e, "c");
	assert_int_equal(le_complete(&e, 0, accents, 2, NULL, m, 8), 2);
	assert_string_equal(e.text, "caf");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_insert_in_the_middle),
		cmocka_unit_test(test_delete_at_the_cursor),
		cmocka_unit_test(test_utf8_moves_by_character),
		cmocka_unit_test(test_kill_word_and_line),
		cmocka_unit_test(test_full_line_refuses_more),
		cmocka_unit_test(test_history),
		cmocka_unit_test(test_history_keeps_the_newest),
		cmocka_unit_test(test_complete),
	};
	return cmocka_run_group_tests_name("lineedit", tests, NULL, NULL);
}
