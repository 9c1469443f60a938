/* The form's field logic (model/form.c): editing, moving, validation and the
 * mapping of an API message onto its field. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "model/form.h"

static void type(form *f, const char *s)
{
	for (; *s; s++)
		form_key(f, (unsigned char)*s);
}

static void test_text_editing(void **state)
{
	(void)state;
	form f;
	form_init(&f, "t");
	form_field *t = form_add_text(&f, "name", "Name", "web", false);
	assert_non_null(t);
	assert_int_equal(t->cur, 3);
	type(&f, "-1");
	assert_string_equal(t->text, "web-1");
	assert_true(f.touched);
	form_key(&f, FK_BACKSPACE);
	assert_string_equal(t->text, "web-");
	form_key(&f, FK_HOME);
	type(&f, "x");
	assert_string_equal(t->text, "xweb-");
	form_key(&f, FK_RIGHT);
	form_key(&f, FK_DELETE);
	assert_string_equal(t->text, "xwb-");
	form_key(&f, FK_KILL_LINE);
	assert_string_equal(t->text, "");
	assert_int_equal(t->cur, 0);
	form_key(&f, FK_BACKSPACE);   /* nothing to remove: no crash, still empty */
	assert_string_equal(t->text, "");
}

static void test_backspace_utf8(void **state)
{
	(void)state;
	form f;
	form_init(&f, "t");
	form_field *t = form_add_text(&f, "name", "Name", "caf\xc3\xa9", false);
	form_key(&f, FK_BACKSPACE);
	assert_string_equal(t->text, "caf");
}

static void test_text_never_overflows(void **state)
{
	(void)state;
	form f;
	form_init(&f, "t");
	form_field *t = form_add_text(&f, "name", "Name", "", false);
	for (int i = 0; i < 5000; i++)
		form_key(&f, 'a');
	assert_int_equal(strlen(t->text), FORM_TEXT_MAX - 1);
}

static void test_tab_and_btab_wrap(void **state)
{
	(void)state;
	form f;
	form_init(&f, "t");
	form_add_text(&f, "a", "A", "", false);
	form_add_checkbox(&f, "b", "B", false);
	form_add_text(&f, "c", "C", "", true);
	assert_int_equal(f.focus, 0);
	form_key(&f, FK_TAB);
	assert_int_equal(f.focus, 1);
	form_key(&f, FK_TAB);
	form_key(&f, FK_TAB);
	assert_int_equal(f.focus, 0);
	form_key(&f, FK_BTAB);
	assert_int_equal(f.focus, 2);
	assert_false(f.touched);   /* moving types nothing */
}

/* A checklist's items: Gcore's proxy_next_upstream cases. */
#define FORM_N_NEXT_UPSTREAM 10
static const char *const form_next_upstream_cases[FORM_N_NEXT_UPSTREAM] = {
	"error", "timeout", "invalid_header", "http_403", "http_404",
	"http_429", "http_500", "http_502", "http_503", "http_504",
};

static void test_checkbox_choice_checklist(void **state)
{
	(void)state;
	static const char *const kinds[] = { "amazon", "other" };
	form f;
	form_init(&f, "t");
	form_field *cb = form_add_checkbox(&f, "use_next", "Use next", false);
	form_field *ch = form_add_choice(&f, "s3_type", "S3 type", kinds, 2, 0);
	form_field *cl = form_add_checklist(&f, "cases", "Cases", form_next_upstream_cases,
	                                    FORM_N_NEXT_UPSTREAM);
	form_key(&f, ' ');
	assert_true(cb->on);
	form_key(&f, FK_TAB);
	form_key(&f, FK_RIGHT);
	assert_int_equal(ch->choice, 1);
	form_key(&f, ' ');
	assert_int_equal(ch->choice, 0);
	form_key(&f, FK_LEFT);
	assert_int_equal(ch->choice, 1);
	form_key(&f, FK_TAB);
	form_key(&f, FK_DOWN);
	form_key(&f, FK_DOWN);
	form_key(&f, ' ');
	assert_true(cl->checked[2]);
	assert_string_equal(cl->items[2], "invalid_header");
	assert_int_equal(form_checked_count(cl), 1);
	form_key(&f, ' ');
	assert_int_equal(form_checked_count(cl), 0);
}

static void test_esc_asks_only_after_typing(void **state)
{
	(void)state;
	form f;
	form_init(&f, "t");
	form_add_text(&f, "name", "Name", "web", false);
	assert_int_equal(form_key(&f, FK_ESC), FORM_CANCEL);
	form_key(&f, 'x');
	assert_int_equal(form_key(&f, FK_ESC), FORM_ASK_CANCEL);
	assert_int_equal(form_key(&f, FK_SAVE), FORM_SAVE);
}

static const char *const kinds[] = { "host", "s3" };

/* A kind choice with fields shown only for one kind, as the source forms do. */
static void fill_kinds(form *f)
{
	form_init(f, "src");
	form_add_choice(f, "kind", "Kind", kinds, 2, 0);
	form_add_text(f, "source", "Source", " a.example.com ", false);
	form_show_if(form_find(f, "source"), "kind", 1u << 0);
	form_add_text(f, "bucket", "Bucket", "", false);
	form_show_if(form_find(f, "bucket"), "kind", 1u << 1);
	form_add_text(f, "secret", "Secret", "", true);
	form_show_if(form_find(f, "secret"), "kind", 1u << 1);
	form_add_checkbox(f, "enabled", "Enabled", true);
}

static void test_hidden_fields_are_skipped(void **state)
{
	(void)state;
	form f;
	fill_kinds(&f);
	assert_true(form_field_visible(&f, 1));
	assert_false(form_field_visible(&f, 2));
	assert_false(form_field_visible(&f, 3));
	assert_true(form_shown(&f, "source"));
	assert_false(form_shown(&f, "bucket"));
	assert_false(form_shown(&f, "no-such-field"));
	form_set_hint(form_find(&f, "source"), "host, optional :port");
	form_set_hint(form_find(&f, "no-such-field"), "ignored");
	assert_string_equal(form_find(&f, "source")->hint, "host, optional :port");
	form_key(&f, FK_TAB);
	assert_int_equal(f.focus, 1);          /* source */
	form_key(&f, FK_TAB);
	assert_int_equal(f.focus, 4);          /* bucket and secret hidden */
	form_key(&f, FK_TAB);
	assert_int_equal(f.focus, 0);          /* wraps */
	form_key(&f, ' ');                     /* kind: s3 */
	assert_string_equal(form_choice(&f, "kind"), "s3");
	assert_false(form_field_visible(&f, 1));
	assert_true(form_field_visible(&f, 2));
	form_key(&f, FK_BTAB);
	assert_int_equal(f.focus, 4);
	form_key(&f, FK_BTAB);
	assert_int_equal(f.focus, 3);          /* secret, now shown */
}

static void test_getters_trim_and_type(void **state)
{
	(void)state;
	form f;
	fill_kinds(&f);
	char buf[64];
	assert_string_equal(form_text(&f, "source", buf, sizeof buf), "a.example.com");
	assert_string_equal(form_text(&f, "enabled", buf, sizeof buf), "");   /* not text */
	assert_string_equal(form_text(&f, "nothing", buf, sizeof buf), "");
	assert_true(form_on(&f, "enabled"));
	assert_false(form_on(&f, "source"));
	assert_null(form_choice(&f, "source"));
	assert_int_equal(form_utf8_chars("h\xc3\xa9llo"), 5);
}

static void test_copy_errors_keeps_typing(void **state)
{
	(void)state;
	form typed, sent;
	fill_kinds(&typed);
	sent = typed;
	form_set_error(&sent, "source", "Source should be specified without schema");
	form_set_error(&sent, "nope", "the whole form is wrong");
	snprintf(typed.fields[1].text, sizeof typed.fields[1].text, "typed.meanwhile");
	form_set_error(&typed, "enabled", "stale");
	form_copy_errors(&typed, &sent);
	assert_string_equal(form_find(&typed, "source")->error, "Source should be specified without schema");
	assert_string_equal(form_find(&typed, "source")->text, "typed.meanwhile");
	assert_string_equal(form_find(&typed, "enabled")->error, "");
	assert_string_equal(typed.error, "the whole form is wrong");
}

static void test_wipe_clears_only_secrets(void **state)
{
	(void)state;
	form f;
	fill_kinds(&f);
	form_find(&f, "kind")->choice = 1;
	f.focus = 3;
	const char *k = "abcdEFGH12345678";
	for (const char *p = k; *p; p++)
		form_key(&f, *p);
	assert_string_equal(form_find(&f, "secret")->text, k);
	form_wipe(&f);
	assert_string_equal(form_find(&f, "secret")->text, "");
	assert_string_equal(form_find(&f, "source")->text, " a.example.com ");
}

/* The one placement of an error on a field (form_place_error): shown field
 * or the form's line, by each provider's policy. */
static void test_error_placement(void **state)
{
	(void)state;
	static const form_error_policy add_up = { .add_up = true, .line_once = false };
	static const form_error_policy first = { .add_up = false, .line_once = true };
	static const char *const kind_items[] = { "host", "s3" };
	form f;
	form_init(&f, "t");
	form_add_choice(&f, "kind", "Kind", kind_items, 2, 0);
	form_add_text(&f, "source", "Source", "", false);
	form_show_if(form_add_text(&f, "bucket", "Bucket", "", false), "kind", 2u);

	assert_true(form_place_error(&f, "source", "source", "bad.", &add_up));
	assert_true(form_place_error(&f, "source", "source", "worse.", &add_up));
	assert_string_equal(form_find(&f, "source")->error, "bad. worse.");
	assert_true(form_place_error(&f, "source", "source", "third", &first));
	assert_string_equal(form_find(&f, "source")->error, "bad. worse.");

	/* hidden or unknown: the line, with the label, once or every time */
	assert_false(form_place_error(&f, "bucket", "bucket", "taken", &first));
	assert_false(form_place_error(&f, "bucket", "bucket", "taken", &first));
	assert_string_equal(f.error, "bucket: taken");
	assert_false(form_place_error(&f, NULL, NULL, "other", &add_up));
	assert_false(form_place_error(&f, "nope", "nope", "x", &add_up));
	assert_false(form_place_error(&f, "nope", "nope", "x", &add_up));
	assert_string_equal(f.error, "bucket: taken; other; nope: x; nope: x");
	form_error_line_add(&f, "", true);
	form_error_line_add(&f, NULL, true);
	assert_string_equal(f.error, "bucket: taken; other; nope: x; nope: x");

	/* a check's reason: the first one wins; printf-style */
	form_clear_errors(&f);
	form_field_error(&f, "source", "at most %d characters", 255);
	form_field_error(&f, "source", "later");
	assert_string_equal(form_find(&f, "source")->error, "at most 255 characters");

	/* a message longer than the line is cut, never overflows */
	char big[2000];
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	form_error_line_add(&f, big, false);
	form_error_line_add(&f, big, false);
	assert_int_equal(strlen(f.error), sizeof f.error - 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_editing),
		cmocka_unit_test(test_backspace_utf8),
		cmocka_unit_test(test_text_never_overflows),
		cmocka_unit_test(test_tab_and_btab_wrap),
		cmocka_unit_test(test_checkbox_choice_checklist),
		cmocka_unit_test(test_esc_asks_only_after_typing),
		cmocka_unit_test(test_hidden_fields_are_skipped),
		cmocka_unit_test(test_getters_trim_and_type),
		cmocka_unit_test(test_copy_errors_keeps_typing),
		cmocka_unit_test(test_wipe_clears_only_secrets),
		cmocka_unit_test(test_error_placement),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
