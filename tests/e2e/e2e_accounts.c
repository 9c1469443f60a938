/* End to end: one origo session with a Gcore, a Yandex Cloud CDN and an Edgio
 * account on one emulator (issue 3). `A` and `:account NAME` switch, the
 * title names the account and its provider; each account has its own groups,
 * its own pending writes, and a write's result never lands on another
 * account's screen, even when the switch happens while it is in flight. */
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
#define OID_WEB2 "9007199254740997"
#define ED_API "/cdn/origins/v0.5/http-large"

static const char *const GCORE_NAMES[] = {
	"web-main", "media-s3", "api-single", "static-assets", "images-cdn",
};
#define N_GCORE (sizeof GCORE_NAMES / sizeof GCORE_NAMES[0])

static void assert_title(term *t, const char *account, const char *provider)
{
	const char *top = term_row(t, 0);
	char want[128];
	snprintf(want, sizeof want, "%s (%s)", account, provider);
	if (!strstr(top, want)) {
		term_dump(t, stderr);
		fail_msg("the title should name \"%s\": \"%s\"", want, top);
	}
}

/* The groups screen of one account: its groups, none of the others'. */
static void assert_gcore_groups(term *t)
{
	for (size_t i = 0; i < N_GCORE; i++)
		TERM_ASSERT_CONTAINS(t, GCORE_NAMES[i]);
	TERM_ASSERT_LACKS(t, "yc-web");
	TERM_ASSERT_LACKS(t, "ed-web");
}

static void assert_yandex_groups(term *t)
{
	TERM_ASSERT_CONTAINS(t, "yc-web");
	TERM_ASSERT_CONTAINS(t, "yc-broken");
	TERM_ASSERT_LACKS(t, "web-main");
	TERM_ASSERT_LACKS(t, "ed-web");
}

static void assert_edgio_groups(term *t)
{
	TERM_ASSERT_CONTAINS(t, "ed-web");
	TERM_ASSERT_CONTAINS(t, "ed-rr");
	TERM_ASSERT_LACKS(t, "web-main");
	TERM_ASSERT_LACKS(t, "yc-web");
}

static void command(term *t, const char *line)
{
	term_key(t, ":");
	term_keys(t, line);
	term_key(t, TK_ENTER);
}

static bool status_has(term *t, void *text)
{
	return strstr(fx_status(t), text) != NULL;
}

/* The Gcore groups screen, completely drawn: the status bar (drawn last)
 * says the switch happened, every group is there, no Yandex row is left. */
static bool gcore_screen_drawn(term *t, void *unused)
{
	(void)unused;
	if (!strstr(fx_status(t), "account gcore") || term_contains(t, "yc-example"))
		return false;
	for (size_t i = 0; i < N_GCORE; i++)
		if (!term_contains(t, GCORE_NAMES[i]))
			return false;
	return true;
}

static bool row_selected(term *t, void *text)
{
	int r = term_find_row(t, text);
	return r >= 0 && term_row_highlighted(t, r);
}

static bool yandex_origin_enabled(fx *f, const char *gid, const char *oid)
{
	cJSON *st = emu_get_state(f->emu);
	bool on = false, found = false;
	const cJSON *g, *o;
	cJSON_ArrayForEach(g, cJSON_GetObjectItemCaseSensitive(
	                       cJSON_GetObjectItemCaseSensitive(st, "yandex"), "groups")) {
		if (strcmp(cJSON_GetObjectItemCaseSensitive(g, "id")->valuestring, gid) != 0)
			continue;
		cJSON_ArrayForEach(o, cJSON_GetObjectItemCaseSensitive(g, "origins"))
			if (strcmp(cJSON_GetObjectItemCaseSensitive(o, "id")->valuestring, oid) == 0) {
				found = true;
				on = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "enabled"));
			}
	}
	cJSON_Delete(st);
	assert_true(found);
	return on;
}

static bool edgio_primary(fx *f, int id)
{
	cJSON *st = emu_get_state(f->emu);
	bool p = false;
	const cJSON *g, *o;
	cJSON_ArrayForEach(g, cJSON_GetObjectItemCaseSensitive(
	                       cJSON_GetObjectItemCaseSensitive(st, "edgio"), "groups"))
		cJSON_ArrayForEach(o, cJSON_GetObjectItemCaseSensitive(g, "origins"))
			if (cJSON_GetObjectItemCaseSensitive(o, "id")->valueint == id)
				p = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "is_primary"));
	cJSON_Delete(st);
	return p;
}

/* ---- switching ---------------------------------------------------------- */

static void test_A_cycles_through_accounts(void **state)
{
	fx *f = *state;
	term *t = fx_open_wide(f);
	assert_title(t, "gcore", "Gcore");
	assert_gcore_groups(t);
	/* only the first account was opened */
	assert_int_equal(fx_log_count_prefix(f, NULL, "/cdn/v1/"), 0);
	assert_int_equal(fx_log_count_prefix(f, NULL, "/cdn/origins/"), 0);

	term_key(t, "A");
	TERM_IDLE(t);
	assert_title(t, "yandex", "Yandex Cloud CDN");
	assert_yandex_groups(t);
	assert_int_equal(emu_log_count(f->emu, "POST", "/iam/v1/tokens"), 1);

	term_key(t, "A");
	TERM_IDLE(t);
	assert_title(t, "edgio", "Edgio");
	assert_edgio_groups(t);
	assert_int_equal(emu_log_count(f->emu, "POST", "/connect/token"), 1);

	term_key(t, "A");
	TERM_IDLE(t);
	assert_title(t, "gcore", "Gcore");
	assert_gcore_groups(t);
	/* back on Yandex: its token is still good, no second exchange */
	term_key(t, "A");
	TERM_IDLE(t);
	assert_title(t, "yandex", "Yandex Cloud CDN");
	assert_yandex_groups(t);
	assert_int_equal(emu_log_count(f->emu, "POST", "/iam/v1/tokens"), 1);
	assert_int_equal(emu_log_count_writes(f->emu), 2);   /* the two tokens */
}

static void test_account_command(void **state)
{
	fx *f = *state;
	term *t = fx_open_wide(f);
	command(t, "account edgio");
	TERM_IDLE(t);
	assert_title(t, "edgio", "Edgio");
	assert_edgio_groups(t);
	command(t, "account yandex");
	TERM_IDLE(t);
	assert_title(t, "yandex", "Yandex Cloud CDN");
	assert_yandex_groups(t);
	/* an unknown name: says so and stays */
	command(t, "account nosuch");
	TERM_IDLE(t);
	assert_title(t, "yandex", "Yandex Cloud CDN");
	if (!strstr(fx_status(t), "nosuch")) {
		term_dump(t, stderr);
		fail_msg("no message names the unknown account");
	}
	assert_yandex_groups(t);
	command(t, "account gcore");
	TERM_IDLE(t);
	assert_title(t, "gcore", "Gcore");
	assert_gcore_groups(t);
}

static void test_account_flag_opens_that_account(void **state)
{
	fx *f = *state;
	char *args[] = { "-a", "edgio", NULL };
	term *t = fx_open_size(f, args, NULL, 30, 160);
	assert_title(t, "edgio", "Edgio");
	assert_edgio_groups(t);
	assert_int_equal(fx_log_count_prefix(f, NULL, "/cdn/origin_groups"), 0);
	assert_int_equal(fx_log_count_prefix(f, NULL, "/cdn/v1/"), 0);
}

/* ---- a write in flight across a switch ---------------------------------- */

/* Opens yc-web on the Yandex account with the cursor on web2 and a Space
 * sent while the operation's poll is delayed; returns when the row shows
 * the pending mark. */
static term *yandex_write_in_flight(fx *f, int poll_latency_ms)
{
	term *t = fx_open_wide(f);
	command(t, "account yandex");
	TERM_IDLE(t);
	fx_open_group(t, "yc-web", "web2.yc-example.ru");
	fx_select(t, "web2.yc-example.ru");
	char fault[256];
	snprintf(fault, sizeof fault, "{\"method\":\"GET\",\"path_prefix\":\"/operations/\",\"times\":1,"
	         "\"action\":\"latency\",\"latency_ms\":%d}", poll_latency_ms);
	assert_int_equal(emu_add_fault(f->emu, fault), 0);
	emu_clear_log(f->emu);
	term_key(t, TK_SPACE);
	if (term_wait_for(t, fx_row_pending, "web2.yc-example.ru", TERM_TIMEOUT_MS, "the pending mark") != 0)
		fail_msg("no pending mark on the Yandex row");
	return t;
}

static void test_switch_while_write_in_flight(void **state)
{
	fx *f = *state;
	term *t = yandex_write_in_flight(f, 2000);
	/* to Gcore before the operation is done */
	command(t, "account gcore");
	if (term_wait_for(t, gcore_screen_drawn, NULL, TERM_TIMEOUT_MS, "the Gcore groups screen") != 0)
		fail_msg("the Gcore groups screen never came");
	assert_title(t, "gcore", "Gcore");
	/* the Yandex write is still under way (the poll is delayed) */
	assert_true(yandex_origin_enabled(f, GID_WEB, OID_WEB2));
	char rows0[N_GCORE][1024];
	for (size_t i = 0; i < N_GCORE; i++)
		snprintf(rows0[i], sizeof rows0[i], "%s", fx_row_of(t, GCORE_NAMES[i]));

	/* idle: nothing in flight any more, the Yandex result has been applied */
	TERM_IDLE(t);
	assert_false(yandex_origin_enabled(f, GID_WEB, OID_WEB2));
	assert_title(t, "gcore", "Gcore");
	assert_gcore_groups(t);
	for (size_t i = 0; i < N_GCORE; i++)
		if (strcmp(fx_row_of(t, GCORE_NAMES[i]), rows0[i]) != 0) {
			term_dump(t, stderr);
			fail_msg("the Gcore row of %s changed when the Yandex result came", GCORE_NAMES[i]);
		}
	TERM_ASSERT_LACKS(t, "web2.yc-example.ru");
	TERM_ASSERT_LACKS(t, "yc-example");
	assert_int_equal(emu_log_count(f->emu, "PATCH", "/cdn/v1/origins/" OID_WEB2), 1);
	/* Gcore was only read */
	assert_int_equal(fx_log_count_prefix(f, "PATCH", "/cdn/origin_groups"), 0);
	assert_int_equal(fx_log_count_prefix(f, "PUT", "/cdn/origin_groups"), 0);
	assert_int_equal(emu_log_count_writes(f->emu), 1);   /* the Yandex PATCH */

	/* back on Yandex: the row is confirmed */
	command(t, "account yandex");
	TERM_IDLE(t);
	assert_title(t, "yandex", "Yandex Cloud CDN");
	fx_open_group(t, "yc-web", "web2.yc-example.ru");
	fx_assert_cell(f, t, "web2.yc-example.ru", "ENABLED", "no");
	assert_null(strchr(fx_row_of(t, "web2.yc-example.ru"), '*'));
	assert_null(strstr(fx_status(t), "pending"));
}

/* The same with A (the key) and a write the provider refuses: its message
 * is held for its own account, not shown on the Gcore screen. */
static void test_failed_write_message_stays_with_its_account(void **state)
{
	fx *f = *state;
	term *t = fx_open_wide(f);
	term_key(t, "A");
	TERM_IDLE(t);
	assert_title(t, "yandex", "Yandex Cloud CDN");
	fx_open_group(t, "yc-broken", "stale.yc-example.invalid");
	fx_select(t, "stale.yc-example.invalid");
	assert_int_equal(emu_add_fault(f->emu, "{\"method\":\"GET\",\"path_prefix\":\"/operations/\","
	                 "\"times\":1,\"action\":\"latency\",\"latency_ms\":1500}"), 0);
	term_key(t, TK_SPACE);
	if (term_wait_for(t, fx_row_pending, "stale.yc-example.invalid", TERM_TIMEOUT_MS, "pending") != 0)
		fail_msg("no pending mark");
	/* A twice: Edgio, then Gcore */
	term_key(t, "A");
	term_key(t, "A");
	TERM_IDLE(t);
	assert_title(t, "gcore", "Gcore");
	assert_gcore_groups(t);
	TERM_ASSERT_LACKS(t, "cannot be resolved");
	TERM_ASSERT_LACKS(t, "stale.yc-example.invalid");
	/* back on Yandex (A from Gcore): the message is there, the row reverted */
	term_key(t, "A");
	TERM_IDLE(t);
	assert_title(t, "yandex", "Yandex Cloud CDN");
	if (!strstr(fx_status(t), "failed") || !strstr(fx_status(t), "yandex")) {
		term_dump(t, stderr);
		fail_msg("the held message of the failed Yandex write is not shown on its account");
	}
	fx_open_group(t, "yc-broken", "stale.yc-example.invalid");
	fx_assert_cell(f, t, "stale.yc-example.invalid", "ENABLED", "no");
	assert_null(strchr(fx_row_of(t, "stale.yc-example.invalid"), '*'));
	assert_false(yandex_origin_enabled(f, "4274215888800000104", "4274215888800004102"));
}

/* Writes pending on two accounts at once: each screen shows its own. */
static void test_each_account_keeps_its_pending_writes(void **state)
{
	fx *f = *state;
	term *t = yandex_write_in_flight(f, 4000);
	/* no idle report comes while the Yandex write is in flight: wait for
	 * what the screen shows instead */
	command(t, "account edgio");
	TERM_TEXT(t, "ed-rr");
	term_key(t, "j");   /* ed-web, ed-rr: the second */
	if (term_wait_for(t, row_selected, "ed-rr", TERM_TIMEOUT_MS, "ed-rr selected") != 0)
		fail_msg("cannot select ed-rr");
	term_key(t, TK_ENTER);
	TERM_TEXT(t, "rr2.ed-example.com");
	term_key(t, "j");   /* rr1 (0), rr2 (1) */
	if (term_wait_for(t, row_selected, "rr2.ed-example.com", TERM_TIMEOUT_MS, "rr2 selected") != 0)
		fail_msg("cannot select rr2");
	assert_int_equal(emu_add_fault(f->emu, "{\"method\":\"PUT\",\"path_prefix\":\"" ED_API "/7102\","
	                 "\"times\":1,\"action\":\"latency\",\"latency_ms\":2500}"), 0);
	term_key(t, "P");
	if (term_wait_for(t, fx_row_pending, "rr2.ed-example.com", TERM_TIMEOUT_MS, "the Edgio pending mark") != 0)
		fail_msg("no pending mark on the Edgio row");
	/* both writes are counted as pending in the session */
	if (term_wait_for(t, status_has, "2 pending", TERM_TIMEOUT_MS, "2 pending") != 0)
		fail_msg("the status bar should count both pending writes");
	TERM_ASSERT_LACKS(t, "web2.yc-example.ru");
	/* Yandex: its own row is still pending, the Edgio one not shown */
	command(t, "account yandex");
	TERM_TEXT(t, "yc-web");
	term_key(t, TK_ENTER);   /* the cursor is on the first group, yc-web */
	if (term_wait_for(t, fx_row_pending, "web2.yc-example.ru", TERM_TIMEOUT_MS, "the Yandex pending mark") != 0)
		fail_msg("the Yandex row lost its pending mark across the switch");
	/* both land, each on its own account */
	TERM_IDLE(t);
	fx_assert_cell(f, t, "web2.yc-example.ru", "ENABLED", "no");
	assert_null(strchr(fx_row_of(t, "web2.yc-example.ru"), '*'));
	TERM_ASSERT_LACKS(t, "rr2.ed-example.com");
	command(t, "account edgio");
	TERM_IDLE(t);
	fx_open_group(t, "ed-rr", "rr2.ed-example.com");
	fx_assert_cell(f, t, "rr2.ed-example.com", "PRIMARY", "yes");
	assert_null(strchr(fx_row_of(t, "rr2.ed-example.com"), '*'));
	assert_false(yandex_origin_enabled(f, GID_WEB, OID_WEB2));
	assert_true(edgio_primary(f, 7102));
	assert_null(strstr(fx_status(t), "pending"));
	/* undo is per account: on Yandex, u undoes the Yandex toggle (the Edgio
	 * change came later, on another account) */
	command(t, "account yandex");
	TERM_IDLE(t);
	fx_open_group(t, "yc-web", "web2.yc-example.ru");
	emu_clear_log(f->emu);
	term_key(t, "u");
	TERM_IDLE(t);
	fx_assert_cell(f, t, "web2.yc-example.ru", "ENABLED", "yes");
	assert_true(yandex_origin_enabled(f, GID_WEB, OID_WEB2));
	assert_true(edgio_primary(f, 7102));
	assert_int_equal(fx_log_count_prefix(f, NULL, ED_API), 0);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_test_setup_multi, fx_test_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_A_cycles_through_accounts),
		T(test_account_command),
		T(test_account_flag_opens_that_account),
		T(test_switch_while_write_in_flight),
		T(test_failed_write_message_stays_with_its_account),
		T(test_each_account_keeps_its_pending_writes),
	};
	return cmocka_run_group_tests_name("e2e_accounts", tests, fx_group_setup_multi, fx_group_teardown);
}
