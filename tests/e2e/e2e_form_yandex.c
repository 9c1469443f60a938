/* End to end: the forms on a Yandex Cloud CDN account (issue 4). A new group
 * (with its first origin) appears in the list and in the emulator; the
 * group's settings are edited with every origin kept; an origin is added,
 * edited and deleted, each through the Origin service and its Operation; a
 * non-backup origin is not deleted and the user is told what to do; a failed
 * Operation's error lands on the origin's field it names, the form open with
 * what was typed; a gateway 400 lands on its field; a group in use is not
 * deleted and the user is told what uses it. Each test checks the screen,
 * the requests and the emulator's state. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/e2e/fixture.h"
#include "tests/e2e/seed.h"

#define GID_WEB "9007199254740993"
#define GID_STORAGE "9007199254741001"
#define GID_BROKEN "4274215888800000104"
#define OID_STATIC "9007199254741003"
#define PATH_GROUPS "/cdn/v1/originGroups"
#define PATH_ORIGINS "/cdn/v1/origins"
#define PATH_OPS "/operations/"
#define CTRL_S "\x13"
#define CTRL_U "\x15"
#define DNS_MSG "The domain name cannot be resolved. Please specify a valid domain name."

/* The Yandex group named `name` in the emulator's state (a copy: caller
 * frees with cJSON_Delete()), or NULL. */
static cJSON *yc_group_named(fx *f, const char *name)
{
	cJSON *st = emu_get_state(f->emu);
	cJSON *out = NULL;
	const cJSON *g;
	cJSON_ArrayForEach(g, cJSON_GetObjectItemCaseSensitive(
	                       cJSON_GetObjectItemCaseSensitive(st, "yandex"), "groups")) {
		const cJSON *n = cJSON_GetObjectItemCaseSensitive(g, "name");
		if (cJSON_IsString(n) && strcmp(n->valuestring, name) == 0)
			out = cJSON_Duplicate(g, true);
	}
	cJSON_Delete(st);
	return out;
}

static cJSON *yc_group_id(fx *f, const char *id)
{
	cJSON *st = emu_get_state(f->emu);
	cJSON *out = NULL;
	const cJSON *g;
	cJSON_ArrayForEach(g, cJSON_GetObjectItemCaseSensitive(
	                       cJSON_GetObjectItemCaseSensitive(st, "yandex"), "groups")) {
		const cJSON *i = cJSON_GetObjectItemCaseSensitive(g, "id");
		if (cJSON_IsString(i) && strcmp(i->valuestring, id) == 0)
			out = cJSON_Duplicate(g, true);
	}
	cJSON_Delete(st);
	return out;
}

/* The origin of group g (a state object) whose source is `source`, or NULL. */
static const cJSON *origin_with(const cJSON *g, const char *source)
{
	const cJSON *o;
	cJSON_ArrayForEach(o, cJSON_GetObjectItemCaseSensitive(g, "origins")) {
		const cJSON *s = cJSON_GetObjectItemCaseSensitive(o, "source");
		if (cJSON_IsString(s) && strcmp(s->valuestring, source) == 0)
			return o;
	}
	return NULL;
}

static const char *str(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
	return cJSON_IsString(v) ? v->valuestring : "";
}

/* Waits for `text`; else dumps the screen and the log and fails. */
static void want_text(fx *f, term *t, const char *text)
{
	if (term_wait_text(t, text, TERM_TIMEOUT_MS) != 0) {
		term_dump(t, stderr);
		fx_print_log(f);
		fail_msg("\"%s\" never appeared", text);
	}
}

/* The row right under the field labelled `label` shows `msg`. */
static void error_under(fx *f, term *t, const char *label, const char *msg)
{
	want_text(f, t, msg);
	int field = term_find_row(t, label);
	int row = term_find_row(t, msg);
	if (field < 0 || row != field + 1) {
		term_dump(t, stderr);
		fail_msg("\"%s\" should be under the field \"%s\" (rows %d, %d)", msg, label, row, field);
	}
}

/* The form opened by `key` on the current screen, titled `title`. */
static void open_form(fx *f, term *t, const char *key, const char *title)
{
	term_key(t, key);
	TERM_IDLE(t);
	want_text(f, t, title);
}

/* ---- a new group -------------------------------------------------------- */

static void test_create_group(void **state)
{
	fx *f = *state;
	term *t = fx_open_wide(f);
	emu_clear_log(f->emu);
	open_form(f, t, "n", "new group");
	TERM_ASSERT_CONTAINS(t, "Provider type:");
	TERM_ASSERT_CONTAINS(t, "< ourcdn >");
	TERM_ASSERT_CONTAINS(t, "< common >");
	TERM_ASSERT_LACKS(t, "Balancer ID:");          /* only for kind balancer */
	term_keys(t, "yc-new");
	term_key(t, TK_TAB);                           /* Use next, on by default */
	term_key(t, TK_TAB);                           /* Provider type */
	term_key(t, TK_SPACE);                         /* gcore */
	term_key(t, TK_TAB);                           /* Origin source */
	term_keys(t, "new.yc-example.ru");
	term_key(t, CTRL_S);
	TERM_IDLE(t);
	want_text(f, t, "group \"yc-new\" created");
	if (term_contains(t, "Origin source:")) {
		term_dump(t, stderr);
		fail_msg("a saved form should close");
	}
	TERM_ASSERT_CONTAINS(t, "yc-new");             /* in the list */
	/* what was sent: one create, waited on, read back */
	assert_int_equal(emu_log_count_writes(f->emu), 1);
	cJSON *body = emu_log_first_body(f->emu, "POST", PATH_GROUPS);
	assert_non_null(body);
	assert_string_equal(str(body, "name"), "yc-new");
	assert_string_equal(str(body, "providerType"), "gcore");
	assert_string_equal(str(body, "folderId"), SEED_YC_FOLDER);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(body, "useNext")));
	const cJSON *o = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(body, "origins"), 0);
	assert_string_equal(str(o, "source"), "new.yc-example.ru");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "enabled")));
	cJSON_Delete(body);
	int post_at = emu_log_index(f->emu, "POST", PATH_GROUPS, NULL);
	assert_true(post_at >= 0);
	assert_true(fx_log_count_prefix(f, "GET", PATH_OPS) >= 1);
	/* the emulator has it */
	cJSON *g = yc_group_named(f, "yc-new");
	assert_non_null(g);
	assert_string_equal(str(g, "providerType"), "gcore");
	const cJSON *no = origin_with(g, "new.yc-example.ru");
	assert_non_null(no);
	assert_string_equal(str(cJSON_GetObjectItemCaseSensitive(
	                        cJSON_GetObjectItemCaseSensitive(no, "meta"), "common"), "name"),
	                    "new.yc-example.ru");
	char id[32];
	snprintf(id, sizeof id, "%s", str(g, "id"));
	cJSON_Delete(g);
	char path[64];
	snprintf(path, sizeof path, PATH_GROUPS "/%s", id);
	assert_true(emu_log_index(f->emu, "GET", path, NULL) > post_at);   /* read back */
	/* and its origin is there when opened */
	fx_open_group(t, "yc-new", "new.yc-example.ru");
	TERM_ASSERT_CONTAINS(t, id);
}

/* ---- the group's settings ----------------------------------------------- */

static void test_edit_group_settings(void **state)
{
	fx *f = *state;
	cJSON *before = yc_group_id(f, GID_STORAGE);
	term *t = fx_open_wide(f);
	fx_open_group(t, "yc-storage", "yc-static.storage.yandexcloud.net");
	emu_clear_log(f->emu);
	open_form(f, t, "E", "edit group yc-storage");
	TERM_ASSERT_LACKS(t, "Provider type:");        /* fixed at creation */
	term_key(t, CTRL_U);
	term_keys(t, "yc-storage-2");
	term_key(t, TK_TAB);
	term_key(t, TK_SPACE);                         /* useNext on */
	term_key(t, CTRL_S);
	TERM_IDLE(t);
	want_text(f, t, "saved");
	TERM_ASSERT_CONTAINS(t, "yc-storage-2");
	assert_int_equal(emu_log_count_writes(f->emu), 1);
	cJSON *body = emu_log_first_body(f->emu, "PATCH", PATH_GROUPS);
	assert_non_null(body);
	assert_string_equal(str(body, "groupName"), "yc-storage-2");
	assert_string_equal(str(body, "originGroupId"), GID_STORAGE);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(body, "useNext")));
	/* the whole origins list goes back: an update replaces it */
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(body, "origins")), 2);
	cJSON_Delete(body);
	/* a fresh read before the write */
	int get_at = emu_log_index(f->emu, "GET", PATH_GROUPS "/" GID_STORAGE, NULL);
	int patch_at = emu_log_index(f->emu, "PATCH", PATH_GROUPS, NULL);
	assert_true(get_at >= 0 && get_at < patch_at);
	cJSON *after = yc_group_id(f, GID_STORAGE);
	assert_string_equal(str(after, "name"), "yc-storage-2");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(after, "useNext")));
	/* every origin kept as it was: ids, meta, flags */
	assert_true(cJSON_Compare(cJSON_GetObjectItemCaseSensitive(before, "origins"),
	                          cJSON_GetObjectItemCaseSensitive(after, "origins"), true));
	assert_string_equal(str(after, "providerType"), "gcore");
	cJSON_Delete(before);
	cJSON_Delete(after);
}

/* ---- origins ------------------------------------------------------------ */

static void test_add_edit_delete_origin(void **state)
{
	fx *f = *state;
	term *t = fx_open_wide(f);
	fx_open_group(t, "yc-storage", "yc-static.storage.yandexcloud.net");
	emu_clear_log(f->emu);

	/* add: a backup website origin */
	open_form(f, t, "n", "new origin in yc-storage");
	term_keys(t, "extra.website.yandexcloud.net");
	term_key(t, TK_TAB);                           /* Kind */
	term_key(t, TK_SPACE);                         /* bucket */
	term_key(t, TK_SPACE);                         /* website */
	term_key(t, TK_TAB);                           /* Meta name */
	term_keys(t, "extra");
	term_key(t, TK_TAB);                           /* Enabled */
	term_key(t, TK_TAB);                           /* Backup */
	term_key(t, TK_SPACE);
	term_key(t, CTRL_S);
	TERM_IDLE(t);
	want_text(f, t, "source added");
	want_text(f, t, "extra.website.yandexcloud.net");
	assert_int_equal(emu_log_count_writes(f->emu), 1);
	cJSON *body = emu_log_first_body(f->emu, "POST", PATH_ORIGINS);
	assert_non_null(body);
	assert_string_equal(str(body, "originGroupId"), GID_STORAGE);
	assert_string_equal(str(body, "providerType"), "gcore");   /* the group's */
	assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(body, "backup")));
	cJSON_Delete(body);
	cJSON *g = yc_group_id(f, GID_STORAGE);
	const cJSON *o = origin_with(g, "extra.website.yandexcloud.net");
	assert_non_null(o);
	assert_string_equal(str(cJSON_GetObjectItemCaseSensitive(
	                        cJSON_GetObjectItemCaseSensitive(o, "meta"), "website"), "name"), "extra");
	char oid[32];
	snprintf(oid, sizeof oid, "%s", str(o, "id"));
	cJSON_Delete(g);

	/* edit it: the source */
	emu_clear_log(f->emu);
	fx_select(t, "extra.website.yandexcloud.net");
	open_form(f, t, "e", "edit origin extra.website.yandexcloud.net");
	term_key(t, CTRL_U);
	term_keys(t, "extra2.website.yandexcloud.net");
	term_key(t, CTRL_S);
	TERM_IDLE(t);
	want_text(f, t, "source saved");
	want_text(f, t, "extra2.website.yandexcloud.net");
	char path[64];
	snprintf(path, sizeof path, PATH_ORIGINS "/%s", oid);
	assert_int_equal(emu_log_count(f->emu, "PATCH", path), 1);
	assert_int_equal(emu_log_count_writes(f->emu), 1);
	g = yc_group_id(f, GID_STORAGE);
	o = origin_with(g, "extra2.website.yandexcloud.net");
	assert_non_null(o);
	assert_string_equal(str(o, "id"), oid);        /* the same origin */
	assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "backup")));
	/* the website's name followed the source (the meta field untouched) */
	assert_string_equal(str(cJSON_GetObjectItemCaseSensitive(
	                        cJSON_GetObjectItemCaseSensitive(o, "meta"), "website"), "name"), "extra2");
	cJSON_Delete(g);

	/* a non-backup origin is not deleted on its own; nothing is sent */
	emu_clear_log(f->emu);
	fx_select(t, "yc-static.storage.yandexcloud.net");
	term_key(t, "d");
	TERM_IDLE(t);
	term_key(t, "y");
	TERM_IDLE(t);
	want_text(f, t, "not deleted");
	want_text(f, t, "press b to make yc-static.storage.yandexcloud.net a backup");
	assert_int_equal(emu_log_count_writes(f->emu), 0);
	TERM_ASSERT_CONTAINS(t, "yc-static.storage.yandexcloud.net");

	/* the backup one is, through the Origin service, waited on */
	emu_clear_log(f->emu);
	fx_select(t, "extra2.website.yandexcloud.net");
	term_key(t, "d");
	TERM_IDLE(t);
	term_key(t, "y");
	TERM_IDLE(t);
	/* named by its source, not by the origin's id */
	want_text(f, t, "source \"extra2.website.yandexcloud.net\" deleted");
	assert_int_equal(emu_log_count(f->emu, "DELETE", path), 1);
	assert_true(fx_log_count_prefix(f, "GET", PATH_OPS) >= 1);
	/* gone from the table (the status line still names it) */
	for (int r = 0; r < term_rows(t) - 1; r++)
		assert_null(strstr(term_row(t, r), "extra2.website.yandexcloud.net"));
	g = yc_group_id(f, GID_STORAGE);
	assert_null(origin_with(g, "extra2.website.yandexcloud.net"));
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(g, "origins")), 2);
	cJSON_Delete(g);
}

/* Editing a common origin's source: the request's meta names the new host,
 * not the old one (one request, one host), and the server keeps it. */
static void test_edit_origin_meta_follows_source(void **state)
{
	fx *f = *state;
	term *t = fx_open_wide(f);
	fx_open_group(t, "yc-web", "web1.yc-example.ru");
	emu_clear_log(f->emu);
	fx_select(t, "web1.yc-example.ru");
	open_form(f, t, "e", "edit origin web1.yc-example.ru");
	term_key(t, CTRL_U);
	term_keys(t, "web9.yc-example.ru:8080");
	term_key(t, CTRL_S);
	TERM_IDLE(t);
	want_text(f, t, "source saved");
	want_text(f, t, "web9.yc-example.ru");
	assert_int_equal(emu_log_count(f->emu, "PATCH", PATH_ORIGINS "/9007199254740995"), 1);
	cJSON *body = emu_log_first_body(f->emu, "PATCH", PATH_ORIGINS "/9007199254740995");
	assert_non_null(body);
	assert_string_equal(str(body, "source"), "web9.yc-example.ru:8080");
	assert_string_equal(str(cJSON_GetObjectItemCaseSensitive(
	                        cJSON_GetObjectItemCaseSensitive(body, "meta"), "common"), "name"),
	                    "web9.yc-example.ru");
	char *text = cJSON_PrintUnformatted(body);
	assert_null(strstr(text, "web1.yc-example.ru"));
	free(text);
	cJSON_Delete(body);
	cJSON *g = yc_group_id(f, GID_WEB);
	const cJSON *o = origin_with(g, "web9.yc-example.ru:8080");
	assert_non_null(o);
	assert_string_equal(str(cJSON_GetObjectItemCaseSensitive(
	                        cJSON_GetObjectItemCaseSensitive(o, "meta"), "common"), "name"),
	                    "web9.yc-example.ru");
	cJSON_Delete(g);
}

/* ---- errors on their fields --------------------------------------------- */

static void test_failed_operation_on_its_field(void **state)
{
	fx *f = *state;
	term *t = fx_open_wide(f);
	emu_clear_log(f->emu);
	open_form(f, t, "n", "new group");
	term_keys(t, "yc-doomed");
	term_key(t, TK_TAB);
	term_key(t, TK_TAB);
	term_key(t, TK_TAB);
	term_keys(t, "nowhere.yc-example.invalid");
	term_key(t, CTRL_S);
	TERM_IDLE(t);
	/* the Operation failed naming the origin: on its source field */
	error_under(f, t, "Origin source:", DNS_MSG);
	want_text(f, t, "not saved");
	/* the form is still open with everything typed */
	TERM_ASSERT_CONTAINS(t, "new group");
	assert_true(fx_has(fx_row_of(t, "Name:"), "yc-doomed"));
	assert_true(fx_has(fx_row_of(t, "Origin source:"), "nowhere.yc-example.invalid"));
	assert_int_equal(emu_log_count(f->emu, "POST", PATH_GROUPS), 1);
	assert_null(yc_group_named(f, "yc-doomed"));

	/* fixed and saved again: created */
	emu_clear_log(f->emu);
	int row = term_find_row(t, "Origin source:");
	assert_true(row >= 0);
	/* the focus onto it: '>' in column 0 marks the focused field */
	for (int i = 0; i < 12 && term_row(t, row)[0] != '>'; i++) {
		term_key(t, TK_TAB);
		TERM_IDLE(t);
	}
	if (term_row(t, row)[0] != '>') {
		term_dump(t, stderr);
		fail_msg("Tab never reached the source field");
	}
	term_key(t, CTRL_U);
	term_keys(t, "somewhere.yc-example.ru");
	term_key(t, CTRL_S);
	TERM_IDLE(t);
	want_text(f, t, "group \"yc-doomed\" created");
	cJSON *g = yc_group_named(f, "yc-doomed");
	assert_non_null(g);
	assert_non_null(origin_with(g, "somewhere.yc-example.ru"));
	cJSON_Delete(g);
}

static void test_gateway_400_on_its_field(void **state)
{
	fx *f = *state;
	term *t = fx_open_wide(f);
	fx_open_group(t, "yc-web", "web1.yc-example.ru");
	assert_int_equal(emu_add_fault(f->emu,
		"{\"method\":\"POST\",\"path_prefix\":\"/cdn/v1/origins\",\"times\":1,\"action\":\"status\","
		"\"status\":400,\"body\":\"{\\\"code\\\":3,\\\"message\\\":\\\"Request validation error\\\","
		"\\\"details\\\":[{\\\"@type\\\":\\\"type.googleapis.com/google.rpc.BadRequest\\\","
		"\\\"fieldViolations\\\":[{\\\"field\\\":\\\"source\\\",\\\"description\\\":"
		"\\\"this origin is not allowed\\\"}]}]}\"}"), 0);
	emu_clear_log(f->emu);
	open_form(f, t, "n", "new origin in yc-web");
	term_keys(t, "web3.yc-example.ru");
	term_key(t, CTRL_S);
	TERM_IDLE(t);
	error_under(f, t, "Source:", "this origin is not allowed");
	want_text(f, t, "not saved");
	assert_true(fx_has(fx_row_of(t, "Source:"), "web3.yc-example.ru"));
	assert_int_equal(fx_log_count_prefix(f, "GET", PATH_OPS), 0);
	cJSON *g = yc_group_id(f, GID_WEB);
	assert_null(origin_with(g, "web3.yc-example.ru"));
	cJSON_Delete(g);
	/* the checks before sending: a scheme, on the field, nothing sent */
	emu_clear_log(f->emu);
	term_key(t, CTRL_U);
	term_keys(t, "https://web3.yc-example.ru");
	term_key(t, CTRL_S);
	TERM_IDLE(t);
	error_under(f, t, "Source:", "no scheme");
	assert_int_equal(emu_log_count_writes(f->emu), 0);
	/* leave: it asks first, since something was typed */
	term_key(t, TK_ESC);
	TERM_IDLE(t);
	want_text(f, t, "discard your changes?");
	term_key(t, "y");
	TERM_IDLE(t);
	TERM_ASSERT_LACKS(t, "Source:");
}

/* Whether any row but the status line shows text. */
static bool listed(term *t, const char *text)
{
	for (int r = 0; r < term_rows(t) - 1; r++)
		if (fx_has(term_row(t, r), text))
			return true;
	return false;
}

/* ---- deleting groups ---------------------------------------------------- */

static void test_delete_group_in_use_then_one_not(void **state)
{
	fx *f = *state;
	term *t = fx_open_wide(f);
	emu_clear_log(f->emu);
	fx_select(t, "yc-web");
	term_key(t, "d");
	TERM_IDLE(t);
	want_text(f, t, "delete group \"yc-web\"?");
	term_key(t, "y");
	TERM_IDLE(t);
	want_text(f, t, "not deleted");
	/* says what uses it */
	want_text(f, t, "in use by 2 CDN resources: cdn.yc-example.ru, img.yc-example.ru");
	assert_int_equal(emu_log_count_writes(f->emu), 0);
	assert_true(listed(t, "yc-web"));
	cJSON *g = yc_group_id(f, GID_WEB);
	assert_non_null(g);
	cJSON_Delete(g);

	/* a group nothing uses goes, its Operation waited on */
	emu_clear_log(f->emu);
	fx_select(t, "yc-broken");
	term_key(t, "d");
	TERM_IDLE(t);
	term_key(t, "y");
	TERM_IDLE(t);
	want_text(f, t, "group \"yc-broken\" deleted");
	if (listed(t, "yc-broken")) {
		term_dump(t, stderr);
		fail_msg("yc-broken should be gone from the list");
	}
	assert_int_equal(emu_log_count(f->emu, "DELETE", PATH_GROUPS "/" GID_BROKEN), 1);
	assert_true(fx_log_count_prefix(f, "GET", PATH_OPS) >= 1);
	assert_null(yc_group_id(f, GID_BROKEN));
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_test_setup_yandex, fx_test_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_create_group),
		T(test_edit_group_settings),
		T(test_add_edit_delete_origin),
		T(test_edit_origin_meta_follows_source),
		T(test_failed_operation_on_its_field),
		T(test_gateway_400_on_its_field),
		T(test_delete_group_in_use_then_one_not),
	};
	return cmocka_run_group_tests_name("e2e_form_yandex", tests, fx_group_setup_multi,
	                                   fx_group_teardown);
}
