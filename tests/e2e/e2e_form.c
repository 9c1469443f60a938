/* End to end: the group settings form (e) on Gcore. A save sends exactly one
 * PATCH with name, use_next and proxy_next_upstream only (never the sources,
 * so S3 keys are never sent back masked); the list shows the new name; the
 * API's 400 lands on the name field with the typed text kept; Esc after
 * typing asks first. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/e2e/fixture.h"
#include "tests/e2e/seed.h"

#define PATH_104 "/cdn/origin_groups/104"
#define CTRL_S "\x13"
#define CTRL_U "\x15"

static term *open_form_104(fx *f)
{
	term *t = fx_open(f, NULL, NULL);
	fx_open_group(t, "static-assets", "static1.example.com");
	term_key(t, "e");
	TERM_IDLE(t);
	if (!term_find(t, "edit group static-assets", NULL, NULL) ||
	    !term_find(t, "[x] http_502", NULL, NULL)) {
		term_dump(t, stderr);
		fail_msg("e should open the settings form of static-assets with its cases ticked");
	}
	return t;
}

static void test_edit_name_and_case(void **state)
{
	fx *f = *state;
	term *t = open_form_104(f);
	emu_clear_log(f->emu);
	term_key(t, CTRL_U);
	term_keys(t, "static-new");
	term_key(t, TK_TAB);                 /* use next */
	term_key(t, TK_TAB);                 /* the cases, on "error" */
	for (int i = 0; i < 3; i++)
		term_key(t, TK_DOWN);            /* error timeout invalid_header http_403 */
	term_key(t, TK_SPACE);
	term_key(t, CTRL_S);
	TERM_IDLE(t);
	TERM_TEXT(t, "saved");
	if (term_find(t, "edit group", NULL, NULL)) {
		term_dump(t, stderr);
		fail_msg("a successful save should close the form");
	}
	assert_int_equal(emu_log_count(f->emu, "PATCH", PATH_104), 1);
	assert_int_equal(emu_log_count_writes(f->emu), 1);
	cJSON *body = emu_log_nth_body(f->emu, "PATCH", PATH_104, 0);
	assert_non_null(body);
	assert_int_equal(cJSON_GetArraySize(body), 3);
	const cJSON *name = cJSON_GetObjectItemCaseSensitive(body, "name");
	assert_true(cJSON_IsString(name) && strcmp(name->valuestring, "static-new") == 0);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(body, "use_next")));
	const cJSON *cases = cJSON_GetObjectItemCaseSensitive(body, "proxy_next_upstream");
	assert_int_equal(cJSON_GetArraySize(cases), 4);
	bool has403 = false;
	const cJSON *c;
	cJSON_ArrayForEach(c, cases)
		has403 |= cJSON_IsString(c) && strcmp(c->valuestring, "http_403") == 0;
	assert_true(has403);
	assert_null(cJSON_GetObjectItemCaseSensitive(body, "sources"));
	cJSON_Delete(body);
	/* a fresh GET came before the PATCH */
	int get_at = emu_log_index(f->emu, "GET", PATH_104, NULL);
	int patch_at = emu_log_index(f->emu, "PATCH", PATH_104, NULL);
	assert_true(get_at >= 0 && get_at < patch_at);
	/* the server has it, the sources untouched */
	cJSON *after = emu_get_group(f->emu, "104");
	assert_non_null(after);
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(after, "name")->valuestring, "static-new");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(after, "sources")), 2);
	cJSON_Delete(after);
	/* and the group list shows the new name */
	term_key(t, TK_ESC);
	TERM_IDLE(t);
	if (!term_find(t, "static-new", NULL, NULL) || term_find(t, "static-assets", NULL, NULL)) {
		term_dump(t, stderr);
		fail_msg("the groups screen should show the new name");
	}
}

static void test_duplicate_name_shown_on_field(void **state)
{
	fx *f = *state;
	term *t = open_form_104(f);
	emu_clear_log(f->emu);
	term_key(t, CTRL_U);
	term_keys(t, "web-main");
	term_key(t, CTRL_S);
	TERM_IDLE(t);
	TERM_TEXT(t, "Origin Group name should be unique.");
	int msg_row = term_find_row(t, "Origin Group name should be unique.");
	int name_row = term_find_row(t, "Name:");
	/* under the name field, in the form still open with the typed text */
	assert_int_equal(msg_row, name_row + 1);
	assert_true(fx_has(term_row(t, name_row), "web-main"));
	assert_true(term_find(t, "edit group static-assets", NULL, NULL));
	assert_int_equal(emu_log_count_writes(f->emu), 1);
	cJSON *after = emu_get_group(f->emu, "104");
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(after, "name")->valuestring, "static-assets");
	cJSON_Delete(after);
	/* leave: it asks, since something was typed */
	term_key(t, TK_ESC);
	TERM_IDLE(t);
	TERM_TEXT(t, "discard your changes?");
	term_key(t, "y");
	TERM_IDLE(t);
	assert_false(term_find(t, "edit group", NULL, NULL));
}

static void test_esc_after_typing_asks(void **state)
{
	fx *f = *state;
	term *t = open_form_104(f);
	emu_clear_log(f->emu);
	term_keys(t, "zz");
	term_key(t, TK_ESC);
	TERM_IDLE(t);
	TERM_TEXT(t, "discard your changes?");
	term_key(t, "n");                    /* keeps editing, text intact */
	TERM_IDLE(t);
	assert_true(term_find(t, "edit group static-assets", NULL, NULL));
	assert_true(term_find(t, "static-assetszz", NULL, NULL));
	term_key(t, TK_ESC);
	TERM_IDLE(t);
	term_key(t, "y");
	TERM_IDLE(t);
	assert_false(term_find(t, "edit group", NULL, NULL));
	assert_true(term_find(t, "static1.example.com", NULL, NULL));
	assert_int_equal(emu_log_count_writes(f->emu), 0);
	/* Esc with nothing typed closes at once */
	term_key(t, "e");
	TERM_IDLE(t);
	assert_true(term_find(t, "edit group", NULL, NULL));
	term_key(t, TK_ESC);
	TERM_IDLE(t);
	assert_false(term_find(t, "edit group", NULL, NULL));
	assert_false(term_find(t, "discard", NULL, NULL));
}

static int setup_form(void **state)
{
	return fx_group_setup_state(state, SEED_STATE);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_test_setup, fx_test_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_edit_name_and_case),
		T(test_duplicate_name_shown_on_field),
		T(test_esc_after_typing_asks),
	};
	return cmocka_run_group_tests_name("e2e_form", tests, setup_form, fx_group_teardown);
}
