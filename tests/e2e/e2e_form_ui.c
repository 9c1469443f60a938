/* End to end: what every form and delete shares, whatever the provider (run
 * on Gcore): `d` asks and any key but y keeps; read-only refuses n, e, E,
 * Enter and d before a form opens; a group with a change in flight cannot be
 * edited; F1 in a form shows the form's keys and Esc comes back to it; the
 * form survives resizes (too small and back) with what was typed; the
 * focused field stays visible on the smallest terminal. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "tests/e2e/fixture.h"
#include "tests/e2e/seed.h"

#define PATH_104 "/cdn/origin_groups/104"

static void test_delete_asks_and_other_key_keeps(void **state)
{
	fx *f = *state;
	term *t = fx_open(f, NULL, NULL);
	fx_select(t, "static-assets");
	emu_clear_log(f->emu);
	term_key(t, "d");
	TERM_IDLE(t);
	TERM_TEXT(t, "delete group \"static-assets\"? y: delete");
	term_key(t, "n");
	TERM_IDLE(t);
	TERM_TEXT(t, "kept group \"static-assets\"");
	assert_int_equal(emu_log_count_writes(f->emu), 0);
	assert_true(term_find(t, "static-assets", NULL, NULL));
	/* and on the group screen, for the source under the cursor */
	fx_open_group(t, "static-assets", "static1.example.com");
	fx_select(t, "static2.example.com");
	term_key(t, "d");
	TERM_IDLE(t);
	TERM_TEXT(t, "delete source \"static2.example.com\"?");
	term_key(t, TK_ESC);
	TERM_IDLE(t);
	TERM_TEXT(t, "kept source \"static2.example.com\"");
	/* Esc answered the question: it did not also leave the group screen */
	assert_true(term_find(t, "static1.example.com", NULL, NULL));
	assert_int_equal(emu_log_count_writes(f->emu), 0);
	/* a source with a port is asked about with it, as its row shows it */
	term_key(t, TK_ESC);
	TERM_IDLE(t);
	fx_open_group(t, "web-main", "origin1.example.com");
	fx_select(t, "origin2.example.com:8080");
	term_key(t, "d");
	TERM_IDLE(t);
	TERM_TEXT(t, "delete source \"origin2.example.com:8080\"?");
	term_key(t, "n");
	TERM_IDLE(t);
	TERM_TEXT(t, "kept source \"origin2.example.com:8080\"");
	assert_int_equal(emu_log_count_writes(f->emu), 0);
	cJSON *g = emu_get_group(f->emu, "104");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(g, "sources")), 2);
	cJSON_Delete(g);
}

static void refused(term *t, const char *key, const char *not_title)
{
	term_key(t, key);
	TERM_IDLE(t);
	if (!fx_has(fx_status(t), "read-only") || term_find(t, not_title, NULL, NULL)) {
		term_dump(t, stderr);
		fail_msg("%s in read-only mode should be refused before a form opens", key);
	}
}

static void test_read_only_refuses_before_any_form(void **state)
{
	fx *f = *state;
	char *args[] = { "--read-only", NULL };
	term *t = fx_open(f, args, NULL);
	emu_clear_log(f->emu);
	fx_select(t, "static-assets");
	refused(t, "n", "new group");
	refused(t, "e", "edit group");
	refused(t, "d", "delete group");
	fx_open_group(t, "static-assets", "static1.example.com");
	refused(t, TK_ENTER, "edit source");
	refused(t, "e", "edit source");
	refused(t, "E", "edit group");
	refused(t, "n", "new source");
	refused(t, "d", "delete source");
	assert_int_equal(emu_log_count_writes(f->emu), 0);
}

static bool row_pending(term *t, void *host)
{
	const char *row = fx_row_of(t, host);
	return row && strchr(row, '*') != NULL;
}

static void test_change_in_flight_blocks_forms(void **state)
{
	fx *f = *state;
	term *t = fx_open(f, NULL, NULL);
	fx_open_group(t, "static-assets", "static1.example.com");
	fx_select(t, "static2.example.com");
	assert_int_equal(emu_add_fault(f->emu, "{\"method\":\"PATCH\",\"path_prefix\":\"" PATH_104 "\","
	                 "\"times\":1,\"action\":\"latency\",\"latency_ms\":2500}"), 0);
	term_key(t, TK_SPACE);
	if (term_wait_for(t, row_pending, "static2.example.com", TERM_TIMEOUT_MS, "the pending mark") != 0)
		fail_msg("no pending mark on the toggled row");
	term_key(t, "e");
	term_pump(t, 300);
	if (!term_find(t, "changes waiting", NULL, NULL) || term_find(t, "edit source", NULL, NULL)) {
		term_dump(t, stderr);
		fail_msg("a form on a group with a change in flight should be refused");
	}
	TERM_IDLE(t);
	/* once confirmed, the form opens on the server's values */
	term_key(t, "e");
	TERM_IDLE(t);
	TERM_TEXT(t, "edit source static2.example.com");
	term_key(t, TK_ESC);
	TERM_IDLE(t);
}

static void test_help_inside_form(void **state)
{
	fx *f = *state;
	term *t = fx_open(f, NULL, NULL);
	term_key(t, "n");
	TERM_IDLE(t);
	TERM_TEXT(t, "new group");
	term_keys(t, "abc");
	/* Shift-Tab from the first field wraps to the last, Tab comes back */
	term_key(t, TK_BTAB);
	TERM_IDLE(t);
	int last = term_find_row(t, "> ");
	assert_true(last > term_find_row(t, "Name:"));
	term_key(t, TK_TAB);
	TERM_IDLE(t);
	assert_int_equal(term_find_row(t, "> "), term_find_row(t, "Name:"));
	/* a choice: Right and Left pick its item, and the fields of that item show */
	for (int i = 0; i < 3; i++)
		term_key(t, TK_TAB);              /* use next, the cases, the kind */
	term_key(t, TK_RIGHT);
	TERM_IDLE(t);
	TERM_TEXT(t, "< s3 >");
	assert_true(term_find(t, "Bucket:", NULL, NULL));
	term_key(t, TK_LEFT);
	TERM_IDLE(t);
	TERM_TEXT(t, "< host >");
	assert_false(term_find(t, "Bucket:", NULL, NULL));
	term_key(t, TK_F1);
	TERM_IDLE(t);
	TERM_TEXT(t, "help: keys of the form screen");
	TERM_TEXT(t, "C-s");
	term_key(t, TK_ESC);
	TERM_IDLE(t);
	/* back in the form, with what was typed */
	TERM_TEXT(t, "new group");
	assert_true(term_find(t, "abc", NULL, NULL));
	/* ? on a choice is help; in a text field it is text */
	term_keys(t, "?");
	TERM_IDLE(t);
	TERM_TEXT(t, "help: keys of the form screen");
	term_key(t, TK_ESC);
	for (int i = 0; i < 3; i++)
		term_key(t, TK_BTAB);             /* back to the name */
	term_keys(t, "?");
	TERM_IDLE(t);
	assert_true(term_find(t, "abc?", NULL, NULL));
	assert_false(term_find(t, "help: keys", NULL, NULL));
	term_key(t, TK_ESC);
	TERM_IDLE(t);
	term_key(t, "y");
	TERM_IDLE(t);
	assert_int_equal(emu_log_count_writes(f->emu), 0);
}

static void test_form_survives_resize(void **state)
{
	fx *f = *state;
	term *t = fx_open(f, NULL, NULL);
	fx_open_group(t, "static-assets", "static1.example.com");
	term_key(t, "E");
	TERM_IDLE(t);
	TERM_TEXT(t, "edit group static-assets");
	term_keys(t, "-x");
	/* to the cases, the last field: it must stay visible when short */
	term_key(t, TK_TAB);
	term_key(t, TK_TAB);
	assert_int_equal(term_resize(t, 12, 50), 0);   /* the smallest screen origo draws */
	if (!term_find(t, "] error", NULL, NULL) || term_find(t, "too small", NULL, NULL)) {
		term_dump(t, stderr);
		fail_msg("the focused checklist should stay on a 50x12 screen");
	}
	assert_int_equal(term_resize(t, 5, 20), 0);
	TERM_TEXT(t, "too small");
	assert_int_equal(term_resize(t, 24, 80), 0);
	TERM_TEXT(t, "edit group static-assets");
	assert_true(term_find(t, "static-assets-x", NULL, NULL));
	term_key(t, TK_ESC);
	TERM_IDLE(t);
	term_key(t, "y");
	TERM_IDLE(t);
	assert_true(term_find(t, "static1.example.com", NULL, NULL));
	assert_int_equal(emu_log_count_writes(f->emu), 0);
}

/* A provider's long reason wraps under its field instead of being cut at
 * the screen's edge: its first and last words are both on screen. */
static void test_long_reason_wraps_under_field(void **state)
{
	fx *f = *state;
	term *t = fx_open(f, NULL, NULL);
	fx_open_group(t, "static-assets", "static1.example.com");
	fx_select(t, "static1.example.com");
	assert_int_equal(emu_add_fault(f->emu, "{\"method\":\"PATCH\",\"path_prefix\":\"" PATH_104 "\","
	                 "\"times\":1,\"action\":\"status\",\"status\":400,\"body\":"
	                 "\"{\\\"errors\\\":{\\\"sources\\\":{\\\"static1.example.com\\\":{\\\"source\\\":"
	                 "[\\\"Origin source shouldn`t have specified port, some resources that linked "
	                 "to origin group 104 have an origin protocol = MATCH-END.\\\"]}}}}\"}"), 0);
	term_key(t, TK_ENTER);
	TERM_IDLE(t);
	TERM_TEXT(t, "edit source static1.example.com");
	term_key(t, "\x13");                 /* C-s */
	TERM_IDLE(t);
	TERM_TEXT(t, "not saved:");
	int src = term_find_row(t, "Source:");
	assert_true(src >= 0);
	assert_non_null(strstr(term_row(t, src + 1), "Origin source shouldn`t"));
	bool end = false;
	for (int r = src + 1; r <= src + 3 && r < term_rows(t); r++)
		end |= strstr(term_row(t, r), "MATCH-END.") != NULL;
	if (!end) {
		term_dump(t, stderr);
		fail_msg("the end of the reason should wrap onto the rows under the field");
	}
	term_key(t, TK_ESC);
	TERM_IDLE(t);
}

/* An error longer than the status row takes two rows at 80 columns, so
 * its end (what happened, what to do) is not cut off; the next message
 * that fits gives the row back to the list. */
static void test_long_error_takes_two_status_rows(void **state)
{
	fx *f = *state;
	term *t = fx_open(f, NULL, NULL);
	fx_select(t, "web-main");
	term_key(t, "d");
	TERM_IDLE(t);
	term_key(t, "y");
	TERM_IDLE(t);
	if (term_wait_text(t, "nothing was deleted", TERM_TIMEOUT_MS) != 0)
		fail_msg("the end of the in-use message should be on screen at 80 columns");
	int last = term_rows(t) - 1;
	assert_non_null(strstr(term_row(t, last - 1), "not deleted: group \"web-main\" is in use"));
	assert_non_null(strstr(term_row(t, last), "nothing was deleted"));
	/* a short message: one row again */
	term_key(t, "d");
	TERM_IDLE(t);
	term_key(t, "n");
	TERM_IDLE(t);
	assert_non_null(strstr(term_row(t, last), "kept group \"web-main\""));
	assert_null(strstr(term_row(t, last - 1), "not deleted"));
}

/* Ctrl-C quits, but a form's typing is not lost to a stray one: the first
 * asks, n keeps editing with the text intact; a second Ctrl-C quits (130,
 * as a shell expects of an interrupt). Nothing was sent. */
static void test_ctrl_c_asks_before_losing_a_form(void **state)
{
	fx *f = *state;
	term *t = fx_open(f, NULL, NULL);
	emu_clear_log(f->emu);
	term_key(t, "n");
	TERM_IDLE(t);
	term_keys(t, "half-typed");
	TERM_IDLE(t);
	term_key(t, "\x03");
	if (term_wait_text(t, "the form is not saved \u2014 quit anyway? (y/n)", TERM_TIMEOUT_MS) != 0)
		fail_msg("Ctrl-C with a form typed in should ask first");
	term_key(t, "n");
	TERM_IDLE(t);
	TERM_TEXT(t, "quit cancelled");
	assert_true(term_find(t, "half-typed", NULL, NULL));
	assert_true(term_alive(t));
	term_key(t, "\x03");
	if (term_wait_text(t, "quit anyway?", TERM_TIMEOUT_MS) != 0)
		fail_msg("a Ctrl-C should ask again");
	term_key(t, "\x03");
	int status = 0;
	assert_int_equal(term_wait_exit(t, TERM_TIMEOUT_MS, &status), 0);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 130);
	assert_int_equal(emu_log_count_writes(f->emu), 0);
}

/* With nothing to lose Ctrl-C quits at once. */
static void test_ctrl_c_quits_when_nothing_to_lose(void **state)
{
	fx *f = *state;
	term *t = fx_open(f, NULL, NULL);
	term_key(t, "n");
	TERM_IDLE(t);
	term_key(t, "\x03");
	int status = 0;
	assert_int_equal(term_wait_exit(t, TERM_TIMEOUT_MS, &status), 0);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 130);
}

/* A create that got no answer (the connection reset) may or may not have
 * made the group: the next Ctrl-S only warns, sending nothing, and the one
 * after sends, so a duplicate is never made by a reflex. */
static void test_create_without_answer_warns_before_resending(void **state)
{
	fx *f = *state;
	term *t = fx_open(f, NULL, NULL);
	assert_int_equal(emu_add_fault(f->emu, "{\"method\":\"POST\",\"path_prefix\":"
	                 "\"/cdn/origin_groups\",\"times\":1,\"action\":\"reset\"}"), 0);
	emu_clear_log(f->emu);
	term_key(t, "n");
	TERM_IDLE(t);
	term_keys(t, "reset-web");
	for (int i = 0; i < 4; i++)
		term_key(t, TK_TAB);              /* use next, cases, kind, source */
	term_keys(t, "r1.example.com");
	term_key(t, "\x13");
	TERM_IDLE(t);
	if (term_wait_text(t, "not saved:", TERM_TIMEOUT_MS) != 0)
		fail_msg("a reset create should say it was not saved");
	TERM_TEXT(t, "may or may not");
	assert_int_equal(emu_log_count(f->emu, "POST", "/cdn/origin_groups"), 1);
	/* the next Ctrl-S warns and sends nothing */
	term_key(t, "\x13");
	TERM_IDLE(t);
	TERM_TEXT(t, "may have created the group");
	assert_int_equal(emu_log_count(f->emu, "POST", "/cdn/origin_groups"), 1);
	/* the one after sends */
	term_key(t, "\x13");
	TERM_IDLE(t);
	if (term_wait_text(t, "group \"reset-web\" created", TERM_TIMEOUT_MS) != 0)
		fail_msg("a second Ctrl-S after the warning should send");
	assert_int_equal(emu_log_count(f->emu, "POST", "/cdn/origin_groups"), 2);
}

static int setup_file(void **state)
{
	return fx_group_setup_state(state, SEED_STATE);
}

/* A save whose answer comes while help (F1) is on top of the form: the form
 * goes, help stays, and Esc leaves help for the group screen with the
 * outcome (the form's view once stayed without its state: an empty form). */
static void test_save_answered_under_help(void **state)
{
	fx *f = *state;
	term *t = fx_open(f, NULL, NULL);
	fx_open_group(t, "static-assets", "static1.example.com");
	term_key(t, "E");
	TERM_IDLE(t);
	TERM_TEXT(t, "edit group static-assets");
	emu_clear_log(f->emu);
	assert_int_equal(emu_add_fault(f->emu, "{\"method\":\"PATCH\",\"path_prefix\":\"" PATH_104 "\","
	                 "\"times\":1,\"action\":\"latency\",\"latency_ms\":2000}"), 0);
	term_key(t, "\x15");                 /* C-u */
	term_keys(t, "static-renamed");
	term_key(t, "\x13");                 /* C-s */
	term_key(t, TK_F1);
	TERM_TEXT(t, "help: keys of the form screen");
	TERM_IDLE(t);                         /* the answer is in */
	assert_int_equal(emu_log_count(f->emu, "PATCH", PATH_104), 1);
	term_key(t, TK_ESC);
	TERM_IDLE(t);
	TERM_ASSERT_LACKS(t, "help: keys");
	TERM_ASSERT_LACKS(t, "edit group");
	TERM_ASSERT_CONTAINS(t, "static1.example.com");
	TERM_ASSERT_CONTAINS(t, "group \"static-renamed\" saved");
	/* Esc again: the groups screen, with the new name */
	term_key(t, TK_ESC);
	TERM_IDLE(t);
	TERM_ASSERT_CONTAINS(t, "static-renamed");
	TERM_ASSERT_LACKS(t, "static1.example.com");
}

/* The same for a delete: the group's screen, opened while its delete was on
 * its way and covered by help (?), goes with the group. */
static void test_delete_answered_under_help(void **state)
{
	fx *f = *state;
	term *t = fx_open(f, NULL, NULL);
	fx_select(t, "static-assets");
	emu_clear_log(f->emu);
	assert_int_equal(emu_add_fault(f->emu, "{\"method\":\"DELETE\",\"path_prefix\":\"" PATH_104 "\","
	                 "\"times\":1,\"action\":\"latency\",\"latency_ms\":2000}"), 0);
	term_key(t, "d");
	TERM_IDLE(t);
	TERM_TEXT(t, "delete group \"static-assets\"?");
	term_key(t, "y");
	term_key(t, TK_ENTER);
	TERM_TEXT(t, "static1.example.com");
	term_keys(t, "?");
	TERM_TEXT(t, "help: keys of the group screen");
	TERM_IDLE(t);
	assert_int_equal(emu_log_count(f->emu, "DELETE", PATH_104), 1);
	term_key(t, TK_ESC);
	TERM_IDLE(t);
	TERM_ASSERT_LACKS(t, "help: keys");
	TERM_ASSERT_LACKS(t, "static1.example.com");
	for (int r = 0; r < term_rows(t) - 1; r++)   /* listed no more (the status names it) */
		if (fx_has(term_row(t, r), "static-assets")) {
			term_dump(t, stderr);
			fail_msg("the deleted group is still shown");
		}
	TERM_ASSERT_CONTAINS(t, "images-cdn");
	TERM_ASSERT_CONTAINS(t, "group \"static-assets\" deleted");
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_test_setup, fx_test_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_delete_asks_and_other_key_keeps),
		T(test_read_only_refuses_before_any_form),
		T(test_change_in_flight_blocks_forms),
		T(test_help_inside_form),
		T(test_save_answered_under_help),
		T(test_delete_answered_under_help),
		T(test_form_survives_resize),
		T(test_long_reason_wraps_under_field),
		T(test_long_error_takes_two_status_rows),
		T(test_ctrl_c_asks_before_losing_a_form),
		T(test_ctrl_c_quits_when_nothing_to_lose),
		T(test_create_without_answer_warns_before_resending),
	};
	return cmocka_run_group_tests_name("e2e_form_ui", tests, setup_file, fx_group_teardown);
}
