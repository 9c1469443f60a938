/* End to end: toggling enabled (Space) and backup (b) on a source. What the
 * user sees, and what the emulator received: exactly one PATCH whose sources
 * differ from the group only in the flag; pending mark; undo; errors revert;
 * a change made behind origo's back is not overwritten; the last-active guard
 * and read-only refuse before anything is sent. */
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

static cJSON *find_source(cJSON *group, const char *host)
{
	cJSON *sources = cJSON_GetObjectItemCaseSensitive(group, "sources");
	cJSON *s;
	cJSON_ArrayForEach(s, sources) {
		const cJSON *h = cJSON_GetObjectItemCaseSensitive(s, "source");
		if (cJSON_IsString(h) && strcmp(h->valuestring, host) == 0)
			return s;
	}
	return NULL;
}

static void set_flag(cJSON *group, const char *host, const char *flag, bool value)
{
	cJSON *s = find_source(group, host);
	assert_non_null(s);
	cJSON_ReplaceItemInObjectCaseSensitive(s, flag, cJSON_CreateBool(value));
}

static bool get_flag(cJSON *group, const char *host, const char *flag)
{
	cJSON *s = find_source(group, host);
	assert_non_null(s);
	return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(s, flag));
}

/* The n-th PATCH of group 104 carried exactly `want`'s sources. */
static void assert_patch_sources(fx *f, int nth, const cJSON *want)
{
	cJSON *body = emu_log_nth_body(f->emu, "PATCH", PATH_104, nth);
	if (!body) {
		emu_print_log(f->emu);
		fail_msg("PATCH #%d of %s has no JSON body", nth + 1, PATH_104);
	}
	const cJSON *got = cJSON_GetObjectItemCaseSensitive(body, "sources");
	const cJSON *exp = cJSON_GetObjectItemCaseSensitive(want, "sources");
	if (!cJSON_Compare(got, exp, true)) {
		char *a = cJSON_PrintUnformatted(got), *b = cJSON_PrintUnformatted(exp);
		fprintf(stderr, "PATCH sources: %s\nexpected:      %s\n", a, b);
		free(a);
		free(b);
		cJSON_Delete(body);
		fail_msg("the PATCH body's sources differ from the group beyond the one flag");
	}
	cJSON_Delete(body);
}

/* Opens origo on group 104 with the cursor on `host`; returns its row text
 * (copied into row). */
static term *open_104(fx *f, char *const args[], const char *host, char *row, size_t n)
{
	term *t = fx_open(f, args, NULL);
	fx_open_group(t, "static-assets", "static1.example.com");
	fx_select(t, host);
	snprintf(row, n, "%s", fx_row_of(t, host));
	return t;
}

static void toggle_and_check(fx *f, const char *key, const char *host, const char *flag)
{
	cJSON *before = emu_get_group(f->emu, "104");
	assert_non_null(before);
	bool old = get_flag(before, host, flag);
	char row0[8192];
	term *t = open_104(f, NULL, host, row0, sizeof row0);
	emu_clear_log(f->emu);

	term_key(t, key);
	TERM_IDLE(t);
	const char *row1 = fx_row_of(t, host);
	if (strcmp(row0, row1) == 0 || strchr(row1, '*')) {
		term_dump(t, stderr);
		fail_msg("the row of %s should show the confirmed new %s (was \"%s\")", host, flag, row0);
	}
	/* the other source's row is untouched */
	assert_int_equal(emu_log_count(f->emu, "PATCH", PATH_104), 1);
	assert_int_equal(emu_log_count_writes(f->emu), 1);
	cJSON *want = cJSON_Duplicate(before, true);
	set_flag(want, host, flag, !old);
	assert_patch_sources(f, 0, want);
	/* against the group as it was on the server: a fresh GET came first */
	cJSON *patch = NULL;
	int get_at = emu_log_index(f->emu, "GET", PATH_104, NULL);
	int patch_at = emu_log_index(f->emu, "PATCH", PATH_104, &patch);
	assert_true(get_at >= 0 && get_at < patch_at);
	const cJSON *ct = cJSON_GetObjectItemCaseSensitive(patch, "content_type");
	assert_true(cJSON_IsString(ct) && strstr(ct->valuestring, "application/json"));
	assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(patch, "auth_ok")));
	assert_int_equal(cJSON_GetObjectItemCaseSensitive(patch, "status")->valueint, 200);
	cJSON_Delete(patch);

	cJSON *after = emu_get_group(f->emu, "104");
	assert_non_null(after);
	assert_true(get_flag(after, host, flag) == !old);
	/* everything else as it was: the unknown "tag" fields too */
	assert_true(cJSON_Compare(after, want, true));
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(find_source(after, host), "tag")->valuestring,
	                    "green");
	cJSON_Delete(after);
	cJSON_Delete(want);
	cJSON_Delete(before);
}

static void test_space_toggles_enabled(void **state)
{
	toggle_and_check(*state, TK_SPACE, "static2.example.com", "enabled");
}

static void test_b_toggles_backup(void **state)
{
	toggle_and_check(*state, "b", "static1.example.com", "backup");
}

static bool row_pending(term *t, void *host)
{
	int r = term_find_row(t, host);
	return r >= 0 && strchr(term_row(t, r), '*') != NULL;
}

static bool row_selected(term *t, void *host)
{
	int r = term_find_row(t, host);
	return r >= 0 && term_row_highlighted(t, r);
}

static void test_pending_mark_while_delayed_and_keys_still_work(void **state)
{
	fx *f = *state;
	char row0[8192];
	term *t = open_104(f, NULL, "static2.example.com", row0, sizeof row0);
	assert_null(strchr(row0, '*'));
	assert_int_equal(emu_add_fault(f->emu, "{\"method\":\"PATCH\",\"path_prefix\":\"" PATH_104 "\","
	                 "\"times\":1,\"action\":\"latency\",\"latency_ms\":2500}"), 0);
	emu_clear_log(f->emu);
	term_key(t, TK_SPACE);
	if (term_wait_for(t, row_pending, "static2.example.com", TERM_TIMEOUT_MS, "the pending mark") != 0)
		fail_msg("no pending mark on the toggled row");
	/* the UI keeps taking keys while the PATCH is delayed */
	term_key(t, "k");
	if (term_wait_for(t, row_selected, "static1.example.com", TERM_TIMEOUT_MS, "the cursor to move") != 0)
		fail_msg("the cursor did not move while a request was in flight");
	assert_true(row_pending(t, "static2.example.com"));
	/* then the PATCH completes and the mark goes */
	TERM_IDLE(t);
	assert_false(row_pending(t, "static2.example.com"));
	assert_string_not_equal(fx_row_of(t, "static2.example.com"), row0);
	assert_int_equal(emu_log_count(f->emu, "PATCH", PATH_104), 1);
	cJSON *after = emu_get_group(f->emu, "104");
	assert_false(get_flag(after, "static2.example.com", "enabled"));
	cJSON_Delete(after);
}

static void test_undo_restores(void **state)
{
	fx *f = *state;
	cJSON *before = emu_get_group(f->emu, "104");
	char row0[8192];
	term *t = open_104(f, NULL, "static2.example.com", row0, sizeof row0);
	emu_clear_log(f->emu);
	term_key(t, TK_SPACE);
	TERM_IDLE(t);
	assert_string_not_equal(fx_row_of(t, "static2.example.com"), row0);
	term_key(t, "u");
	TERM_IDLE(t);
	assert_string_equal(fx_row_of(t, "static2.example.com"), row0);
	assert_int_equal(emu_log_count(f->emu, "PATCH", PATH_104), 2);
	assert_patch_sources(f, 1, before);
	cJSON *after = emu_get_group(f->emu, "104");
	assert_true(cJSON_Compare(after, before, true));
	cJSON_Delete(after);
	cJSON_Delete(before);
}

static void test_server_error_reverts_and_shows_message(void **state)
{
	fx *f = *state;
	cJSON *before = emu_get_group(f->emu, "104");
	char row0[8192];
	term *t = open_104(f, NULL, "static2.example.com", row0, sizeof row0);
	assert_int_equal(emu_add_fault(f->emu, "{\"method\":\"PATCH\",\"path_prefix\":\"" PATH_104 "\","
	                 "\"times\":1,\"action\":\"status\",\"status\":500,"
	                 "\"body\":\"{\\\"message\\\":\\\"Backend exploded, try later\\\"}\"}"), 0);
	emu_clear_log(f->emu);
	term_key(t, TK_SPACE);
	TERM_IDLE(t);
	assert_string_equal(fx_row_of(t, "static2.example.com"), row0);
	TERM_ASSERT_CONTAINS(t, "Backend exploded");
	/* a failed write is not retried blindly */
	assert_int_equal(emu_log_count(f->emu, "PATCH", PATH_104), 1);
	cJSON *after = emu_get_group(f->emu, "104");
	assert_true(cJSON_Compare(after, before, true));
	cJSON_Delete(after);
	cJSON_Delete(before);
}

static void test_changed_behind_back_is_not_overwritten(void **state)
{
	fx *f = *state;
	char row0[8192];
	term *t = open_104(f, NULL, "static2.example.com", row0, sizeof row0);
	/* someone else disables static2 (and renames its header) meanwhile */
	cJSON *theirs = emu_get_group(f->emu, "104");
	set_flag(theirs, "static2.example.com", "enabled", false);
	cJSON_ReplaceItemInObjectCaseSensitive(find_source(theirs, "static2.example.com"),
	                                       "host_header_override",
	                                       cJSON_CreateString("theirs.example.com"));
	char *text = cJSON_PrintUnformatted(theirs);
	assert_int_equal(emu_put_group(f->emu, "104", text), 0);
	free(text);
	emu_clear_log(f->emu);

	term_key(t, TK_SPACE);
	TERM_IDLE(t);
	assert_int_equal(emu_log_count_writes(f->emu), 0);
	TERM_ASSERT_CONTAINS(t, "changed");
	cJSON *after = emu_get_group(f->emu, "104");
	assert_true(cJSON_Compare(after, theirs, true));
	cJSON_Delete(after);
	cJSON_Delete(theirs);
}

static void test_guard_refuses_last_active_source(void **state)
{
	fx *f = *state;
	term *t = fx_open(f, NULL, NULL);
	fx_open_group(t, "api-single", "api.example.com");
	char row0[8192];
	snprintf(row0, sizeof row0, "%s", fx_row_of(t, "api.example.com"));
	emu_clear_log(f->emu);
	term_key(t, TK_SPACE);
	TERM_IDLE(t);
	assert_string_equal(fx_row_of(t, "api.example.com"), row0);
	TERM_ASSERT_CONTAINS(t, "refused");
	TERM_ASSERT_CONTAINS(t, "last enabled");
	/* making it a backup would leave no primary either */
	term_key(t, "b");
	TERM_IDLE(t);
	assert_string_equal(fx_row_of(t, "api.example.com"), row0);
	TERM_ASSERT_CONTAINS(t, "refused");
	assert_int_equal(emu_log_count_writes(f->emu), 0);
	/* nothing was even fetched for it */
	assert_int_equal(emu_log_count(f->emu, "GET", "/cdn/origin_groups/103"), 0);
}

static void read_only_refuses(fx *f, char *const args[])
{
	char row0[8192];
	term *t = open_104(f, args, "static2.example.com", row0, sizeof row0);
	const char *top = term_row(t, 0);
	const char *bottom = fx_status(t);
	if (!strstr(top, "READ-ONLY") && !strstr(bottom, "READ-ONLY")) {
		term_dump(t, stderr);
		fail_msg("no READ-ONLY badge on the top or the bottom line");
	}
	emu_clear_log(f->emu);
	term_key(t, TK_SPACE);
	TERM_IDLE(t);
	assert_string_equal(fx_row_of(t, "static2.example.com"), row0);
	term_key(t, "b");
	TERM_IDLE(t);
	assert_string_equal(fx_row_of(t, "static2.example.com"), row0);
	if (!term_contains(t, "read-only") && !term_contains(t, "refused")) {
		term_dump(t, stderr);
		fail_msg("no message says why the toggle was refused");
	}
	assert_int_equal(emu_log_count_writes(f->emu), 0);
}

/* The S3 source of group 102: its keys come back masked from GET, and
 * Gcore's spec wants both in every S3 source of a PATCH. The config gives
 * them through variables (FX_S3_CREDENTIALS): the PATCH carries the group
 * as GET showed it with the one flag changed and the real keys in place of
 * the mask, and the emulator (which refuses a keyless S3 source, as the
 * spec) applies it. No key reaches the screen. */
static void test_toggle_s3_source_sends_config_keys(void **state)
{
	fx *f = *state;
	cJSON *before = emu_get_group(f->emu, "102");
	assert_non_null(before);
	term *t = fx_open(f, NULL, NULL);
	fx_open_group(t, "media-s3", "media-bucket");
	fx_select(t, "media-bucket");
	char row0[8192];
	snprintf(row0, sizeof row0, "%s", fx_row_of(t, "media-bucket"));
	emu_clear_log(f->emu);
	term_key(t, TK_SPACE);
	TERM_IDLE(t);
	assert_string_not_equal(fx_row_of(t, "media-bucket"), row0);
	TERM_TEXT(t, "confirmed");
	TERM_ASSERT_LACKS(t, "SECRET_VALUE");
	TERM_ASSERT_LACKS(t, SEED_S3_SECRET_KEY);
	TERM_ASSERT_LACKS(t, SEED_S3_ACCESS_KEY);
	assert_int_equal(emu_log_count(f->emu, "PATCH", "/cdn/origin_groups/102"), 1);

	/* what was sent: the group as stored (the emulator's state holds the
	 * keys in clear), with the one flag changed: the config's keys, which
	 * are the stored ones, in place of the mask GET showed */
	cJSON *want = cJSON_Duplicate(before, true);
	cJSON *s3 = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(want, "sources"), 1);
	cJSON *cfg = cJSON_GetObjectItemCaseSensitive(s3, "config");
	cJSON_ReplaceItemInObjectCaseSensitive(cfg, "s3_access_key_id",
	                                       cJSON_CreateString(SEED_S3_ACCESS_KEY));
	cJSON_ReplaceItemInObjectCaseSensitive(cfg, "s3_secret_access_key",
	                                       cJSON_CreateString(SEED_S3_SECRET_KEY));
	cJSON_ReplaceItemInObjectCaseSensitive(s3, "enabled", cJSON_CreateFalse());
	cJSON *body = emu_log_first_body(f->emu, "PATCH", "/cdn/origin_groups/102");
	assert_non_null(body);
	char *text = cJSON_PrintUnformatted(body);
	assert_null(strstr(text, "SECRET_VALUE"));
	free(text);
	/* compared, never printed: the bodies hold the keys */
	if (!cJSON_Compare(cJSON_GetObjectItemCaseSensitive(body, "sources"),
	                   cJSON_GetObjectItemCaseSensitive(want, "sources"), true))
		fail_msg("the PATCH of the S3 group differs beyond the one flag and the keys");
	cJSON_Delete(body);
	cJSON_Delete(want);

	/* what is stored: the real keys, the flag changed */
	cJSON *after = emu_get_group(f->emu, "102");
	cJSON *as3 = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(after, "sources"), 1);
	cJSON *acfg = cJSON_GetObjectItemCaseSensitive(as3, "config");
	assert_true(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(as3, "enabled")));
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(acfg, "s3_secret_access_key")->valuestring,
	                    SEED_S3_SECRET_KEY);
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(acfg, "s3_access_key_id")->valuestring,
	                    SEED_S3_ACCESS_KEY);
	cJSON_Delete(after);
	cJSON_Delete(before);
}

static void test_read_only_flag_refuses(void **state)
{
	char *args[] = { "--read-only", NULL };
	read_only_refuses(*state, args);
}

static void test_read_only_account_refuses(void **state)
{
	fx *f = *state;
	assert_int_equal(fx_write_config(f, NULL, "read_only = true;"), 0);
	read_only_refuses(f, NULL);
}

static void test_read_only_global_refuses(void **state)
{
	fx *f = *state;
	assert_int_equal(fx_write_config(f, "read_only = true;", NULL), 0);
	read_only_refuses(f, NULL);
}

static int setup_toggle(void **state)
{
	return fx_group_setup_state(state, SEED_STATE);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_test_setup, fx_test_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_space_toggles_enabled),
		T(test_b_toggles_backup),
		T(test_pending_mark_while_delayed_and_keys_still_work),
		T(test_undo_restores),
		T(test_server_error_reverts_and_shows_message),
		T(test_changed_behind_back_is_not_overwritten),
		T(test_guard_refuses_last_active_source),
		T(test_toggle_s3_source_sends_config_keys),
		T(test_read_only_flag_refuses),
		T(test_read_only_account_refuses),
		T(test_read_only_global_refuses),
	};
	return cmocka_run_group_tests_name("e2e_toggle", tests, setup_toggle, fx_group_teardown);
}
