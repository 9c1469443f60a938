/* End to end: a Yandex Cloud CDN account (issue 3). Browsing shows 64-bit ids
 * exactly, the meta kinds, "in use by" CNAMEs and the provider type; Space
 * writes one origin through the Origin service and waits for its Operation
 * (done at once, or after polls); a failed operation reverts the row with the
 * operation's message; an IAM token that expires mid-session is exchanged
 * again exactly once; a list longer than the server's page is read to the
 * end with pageToken. Each test checks the screen and the emulator's log. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "tests/e2e/fixture.h"
#include "tests/e2e/seed.h"

#define GID_WEB "9007199254740993"      /* 2^53 + 1: a double makes it ...992 */
#define OID_WEB2 "9007199254740997"
#define GID_BROKEN "4274215888800000104"
#define OID_STALE "4274215888800004102"
#define PATH_GROUPS "/cdn/v1/originGroups"
#define PATH_IAM "/iam/v1/tokens"
#define PATH_OPS "/operations/"

/* Position of every log entry with method and a path starting with prefix. */
static int log_positions(fx *f, const char *method, const char *prefix, int *pos, int max)
{
	cJSON *log = emu_get_log(f->emu);
	int i = 0, n = 0;
	const cJSON *e;
	cJSON_ArrayForEach(e, log) {
		const cJSON *m = cJSON_GetObjectItemCaseSensitive(e, "method");
		const cJSON *p = cJSON_GetObjectItemCaseSensitive(e, "path");
		if ((!method || (cJSON_IsString(m) && strcmp(m->valuestring, method) == 0)) &&
		    cJSON_IsString(p) && strncmp(p->valuestring, prefix, strlen(prefix)) == 0 && n < max)
			pos[n++] = i;
		i++;
	}
	cJSON_Delete(log);
	return n;
}

/* A copy of the origin `oid` of Yandex group `gid` in the emulator's state. */
static cJSON *yc_origin(fx *f, const char *gid, const char *oid)
{
	cJSON *st = emu_get_state(f->emu);
	cJSON *out = NULL;
	const cJSON *g, *o;
	cJSON_ArrayForEach(g, cJSON_GetObjectItemCaseSensitive(
	                       cJSON_GetObjectItemCaseSensitive(st, "yandex"), "groups")) {
		const cJSON *id = cJSON_GetObjectItemCaseSensitive(g, "id");
		if (!cJSON_IsString(id) || strcmp(id->valuestring, gid) != 0)
			continue;
		cJSON_ArrayForEach(o, cJSON_GetObjectItemCaseSensitive(g, "origins")) {
			const cJSON *i = cJSON_GetObjectItemCaseSensitive(o, "id");
			if (cJSON_IsString(i) && strcmp(i->valuestring, oid) == 0)
				out = cJSON_Duplicate(o, true);
		}
	}
	cJSON_Delete(st);
	return out;
}

static cJSON *yc_group(fx *f, const char *gid)
{
	cJSON *st = emu_get_state(f->emu);
	cJSON *out = NULL;
	const cJSON *g;
	cJSON_ArrayForEach(g, cJSON_GetObjectItemCaseSensitive(
	                       cJSON_GetObjectItemCaseSensitive(st, "yandex"), "groups")) {
		const cJSON *id = cJSON_GetObjectItemCaseSensitive(g, "id");
		if (cJSON_IsString(id) && strcmp(id->valuestring, gid) == 0)
			out = cJSON_Duplicate(g, true);
	}
	cJSON_Delete(st);
	return out;
}

/* ---- browse ------------------------------------------------------------- */

static void test_browse_groups(void **state)
{
	fx *f = *state;
	term *t = fx_open_wide(f);
	TERM_ASSERT_CONTAINS(t, "yc-web");
	TERM_ASSERT_CONTAINS(t, "yc-storage");
	TERM_ASSERT_CONTAINS(t, "yc-alb");
	TERM_ASSERT_CONTAINS(t, "yc-broken");
	/* 2^53 + 1 exactly, never through a double */
	const char *row = fx_row_of(t, "yc-web");
	if (!strstr(row, GID_WEB)) {
		term_dump(t, stderr);
		fail_msg("the row of yc-web lacks its id " GID_WEB ": \"%s\"", row);
	}
	TERM_ASSERT_LACKS(t, "9007199254740992");
	TERM_ASSERT_CONTAINS(t, "4274215888800000104");
	/* sources enabled/total and backups */
	assert_non_null(strstr(fx_row_of(t, "yc-web"), "3/3"));
	assert_non_null(strstr(fx_row_of(t, "yc-alb"), "1/2"));
	/* the title names the account and the provider */
	const char *top = term_row(t, 0);
	if (!strstr(top, "yandex") || !strstr(top, "Yandex Cloud CDN")) {
		term_dump(t, stderr);
		fail_msg("the title does not name the account and the provider: \"%s\"", top);
	}
	/* the OAuth token was exchanged once, and the IAM token used */
	assert_int_equal(emu_log_count(f->emu, "POST", PATH_IAM), 1);
	cJSON *x = NULL;
	emu_log_index(f->emu, "POST", PATH_IAM, &x);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(x, "auth_ok")));
	cJSON_Delete(x);
	cJSON *list = NULL;
	assert_true(emu_log_index(f->emu, "GET", PATH_GROUPS, &list) >= 0);
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(list, "auth")->valuestring, "Bearer");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(list, "auth_ok")));
	assert_non_null(strstr(cJSON_GetObjectItemCaseSensitive(list, "query")->valuestring,
	                       "folderId=" SEED_YC_FOLDER));
	cJSON_Delete(list);
	assert_int_equal(emu_log_count_writes(f->emu), 1);   /* the token exchange only */
	/* only Yandex was asked: the other accounts are opened lazily */
	assert_int_equal(fx_log_count_prefix(f, NULL, "/cdn/origin_groups"), 0);
	assert_int_equal(fx_log_count_prefix(f, NULL, "/connect/token"), 0);
	TERM_ASSERT_LACKS(t, SEED_YC_OAUTH);
}

static void test_browse_group_settings_kinds_in_use(void **state)
{
	fx *f = *state;
	term *t = fx_open_wide(f);
	fx_open_group(t, "yc-web", "web1.yc-example.ru");
	TERM_ASSERT_CONTAINS(t, GID_WEB);
	TERM_ASSERT_LACKS(t, "9007199254740992");
	/* in use by: the CNAMEs of its CDN resources */
	TERM_ASSERT_CONTAINS(t, "cdn.yc-example.ru");
	TERM_ASSERT_CONTAINS(t, "img.yc-example.ru");
	const char *inuse = fx_row_of(t, "cdn.yc-example.ru");
	if (!strstr(inuse, "use")) {
		term_dump(t, stderr);
		fail_msg("the CNAMEs are not on an \"in use\" line: \"%s\"", inuse);
	}
	TERM_ASSERT_CONTAINS(t, "Provider type");
	assert_non_null(strstr(fx_row_of(t, "Provider type"), "ourcdn"));
	/* a common origin shows Yandex's own meta kind (issue 3), while
	 * list --json keeps the model's "host" (SPEC) */
	char kind[64];
	fx_cell_under(t, "web1.yc-example.ru", "KIND", kind, sizeof kind);
	assert_string_equal(kind, "common");
	/* the backup origin */
	char v[64];
	fx_cell_under(t, "dr.yc-example.net", "BACKUP", v, sizeof v);
	assert_string_equal(v, "yes");
	fx_cell_under(t, "web2.yc-example.ru", "BACKUP", v, sizeof v);
	assert_string_equal(v, "no");

	term_key(t, TK_ESC);
	TERM_IDLE(t);
	fx_open_group(t, "yc-storage", "yc-static.storage.yandexcloud.net");
	fx_cell_under(t, "yc-static.storage.yandexcloud.net", "KIND", kind, sizeof kind);
	assert_string_equal(kind, "bucket");
	fx_cell_under(t, "yc-site.website.yandexcloud.net", "KIND", kind, sizeof kind);
	assert_string_equal(kind, "website");
	assert_non_null(strstr(fx_row_of(t, "Provider type"), "gcore"));
	/* not in use: no CNAME, and says so */
	TERM_ASSERT_LACKS(t, "cdn.yc-example.ru");

	term_key(t, TK_ESC);
	TERM_IDLE(t);
	fx_open_group(t, "yc-alb", "10.128.0.15");
	fx_cell_under(t, "10.128.0.15", "KIND", kind, sizeof kind);
	assert_string_equal(kind, "balancer");
	fx_cell_under(t, "10.129.0.21", "ENABLED", v, sizeof v);
	assert_string_equal(v, "no");
	assert_int_equal(emu_log_count_writes(f->emu), 1);   /* the token exchange only */
}

/* At the smallest supported size the group's settings and origins fit. */
static void test_group_screen_fits_80x24(void **state)
{
	fx *f = *state;
	term *t = fx_open(f, NULL, NULL);
	fx_open_group(t, "yc-web", "web1.yc-example.ru");
	TERM_ASSERT_CONTAINS(t, "web2.yc-example.ru");
	TERM_ASSERT_CONTAINS(t, "dr.yc-example.net");
	TERM_ASSERT_CONTAINS(t, GID_WEB);
	TERM_ASSERT_CONTAINS(t, "cdn.yc-example.ru");
	assert_non_null(strstr(fx_row_of(t, "Provider type"), "ourcdn"));
	char v[64];
	fx_cell_under(t, "dr.yc-example.net", "BACKUP", v, sizeof v);
	assert_string_equal(v, "yes");
}

/* ---- toggle ------------------------------------------------------------- */

/* Space on web2 of yc-web with the emulator's operation done after `polls`
 * GETs: the row ends confirmed, the log shows the fresh read, exactly one
 * PATCH of the origin with the expected body, then exactly `polls` GETs of
 * that operation; the emulator stores the new value. */
static void toggle_with_polls(fx *f, int polls)
{
	char set[64];
	snprintf(set, sizeof set, "{\"operation_polls\":%d}", polls);
	assert_int_equal(emu_settings(f->emu, set), 0);
	cJSON *before = yc_group(f, GID_WEB);
	assert_non_null(before);
	term *t = fx_open_wide(f);
	fx_open_group(t, "yc-web", "web2.yc-example.ru");
	fx_select(t, "web2.yc-example.ru");
	char v[64];
	fx_cell_under(t, "web2.yc-example.ru", "ENABLED", v, sizeof v);
	assert_string_equal(v, "yes");
	emu_clear_log(f->emu);

	term_key(t, TK_SPACE);
	TERM_IDLE(t);
	fx_cell_under(t, "web2.yc-example.ru", "ENABLED", v, sizeof v);
	if (strcmp(v, "no") != 0) {
		term_dump(t, stderr);
		fx_print_log(f);
		fail_msg("web2 should show enabled \"no\", confirmed; shows \"%s\"", v);
	}
	assert_null(strchr(fx_row_of(t, "web2.yc-example.ru"), '*'));
	fx_cell_under(t, "web1.yc-example.ru", "ENABLED", v, sizeof v);
	assert_string_equal(v, "yes");

	/* the requests */
	int patch[4], ops[16], gets[8];
	if (emu_log_count_writes(f->emu) != 1 ||
	    log_positions(f, "PATCH", "/cdn/v1/origins/" OID_WEB2, patch, 4) != 1) {
		fx_print_log(f);
		fail_msg("want exactly one write: PATCH /cdn/v1/origins/" OID_WEB2);
	}
	assert_int_equal(fx_log_count_prefix(f, "PATCH", PATH_GROUPS), 0);
	int nops = log_positions(f, "GET", PATH_OPS, ops, 16);
	if (nops != polls) {
		fx_print_log(f);
		fail_msg("want %d GETs of the operation, got %d", polls, nops);
	}
	/* the group was read fresh before the write */
	int ng = log_positions(f, "GET", PATH_GROUPS "/" GID_WEB, gets, 8);
	assert_true(ng >= 1 && gets[0] < patch[0]);
	for (int i = 0; i < nops; i++)
		assert_true(ops[i] > patch[0]);
	/* all polls of one operation: /operations/bc8 + 17 more */
	for (int i = 0; i < nops; i++) {
		cJSON *e = fx_log_nth_prefix(f, "GET", PATH_OPS, i);
		const char *p = cJSON_GetObjectItemCaseSensitive(e, "path")->valuestring;
		assert_int_equal(strlen(p), strlen(PATH_OPS) + 20);
		assert_int_equal(strncmp(p, PATH_OPS "bc8", strlen(PATH_OPS) + 3), 0);
		cJSON *first = fx_log_nth_prefix(f, "GET", PATH_OPS, 0);
		assert_string_equal(p, cJSON_GetObjectItemCaseSensitive(first, "path")->valuestring);
		assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(e, "auth_ok")));
		cJSON_Delete(first);
		cJSON_Delete(e);
	}
	/* the body: folderId, the origin's source and meta, both booleans */
	cJSON *entry = NULL;
	emu_log_index(f->emu, "PATCH", "/cdn/v1/origins/" OID_WEB2, &entry);
	assert_int_equal(cJSON_GetObjectItemCaseSensitive(entry, "status")->valueint, 200);
	assert_non_null(strstr(cJSON_GetObjectItemCaseSensitive(entry, "content_type")->valuestring,
	                       "application/json"));
	cJSON_Delete(entry);
	cJSON *body = emu_log_first_body(f->emu, "PATCH", "/cdn/v1/origins/" OID_WEB2);
	assert_non_null(body);
	const cJSON *it;
	cJSON_ArrayForEach(it, body) {
		static const char *const ok[] = { "folderId", "originId", "originGroupId", "source",
		                                  "enabled", "backup", "meta", NULL };
		bool known = false;
		for (int i = 0; ok[i]; i++)
			known |= strcmp(it->string, ok[i]) == 0;
		if (!known)
			fail_msg("unexpected field \"%s\" in the origin update", it->string);
	}
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(body, "folderId")->valuestring, SEED_YC_FOLDER);
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(body, "source")->valuestring,
	                    "web2.yc-example.ru");
	assert_true(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(body, "enabled")));
	assert_true(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(body, "backup")));
	cJSON *want_meta = cJSON_Parse("{\"common\":{\"name\":\"web2.yc-example.ru\"}}");
	assert_true(cJSON_Compare(cJSON_GetObjectItemCaseSensitive(body, "meta"), want_meta, true));
	cJSON_Delete(want_meta);
	/* an id, where one is sent, is the exact decimal string */
	const cJSON *gid = cJSON_GetObjectItemCaseSensitive(body, "originGroupId");
	if (gid)
		assert_true(cJSON_IsString(gid) && strcmp(gid->valuestring, GID_WEB) == 0);
	const cJSON *oid = cJSON_GetObjectItemCaseSensitive(body, "originId");
	if (oid)
		assert_true(cJSON_IsString(oid) && strcmp(oid->valuestring, OID_WEB2) == 0);
	cJSON_Delete(body);

	/* the emulator's state: web2 disabled, everything else as it was */
	cJSON *o = yc_origin(f, GID_WEB, OID_WEB2);
	assert_non_null(o);
	assert_true(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(o, "enabled")));
	cJSON_Delete(o);
	cJSON *after = yc_group(f, GID_WEB);
	cJSON *want = cJSON_Duplicate(before, true);
	cJSON *wo;
	cJSON_ArrayForEach(wo, cJSON_GetObjectItemCaseSensitive(want, "origins"))
		if (strcmp(cJSON_GetObjectItemCaseSensitive(wo, "id")->valuestring, OID_WEB2) == 0)
			cJSON_ReplaceItemInObjectCaseSensitive(wo, "enabled", cJSON_CreateFalse());
	assert_true(cJSON_Compare(after, want, true));
	cJSON_Delete(want);
	cJSON_Delete(after);
	cJSON_Delete(before);
	TERM_ASSERT_LACKS(t, "failed");
}

static void test_toggle_done_at_once(void **state)
{
	toggle_with_polls(*state, 0);
}

static void test_toggle_after_three_polls(void **state)
{
	toggle_with_polls(*state, 3);
}

/* While the operation is not done the row stays pending. */
static void test_pending_until_operation_done(void **state)
{
	fx *f = *state;
	assert_int_equal(emu_settings(f->emu, "{\"operation_polls\":2}"), 0);
	term *t = fx_open_wide(f);
	fx_open_group(t, "yc-web", "web2.yc-example.ru");
	fx_select(t, "web2.yc-example.ru");
	assert_int_equal(emu_add_fault(f->emu, "{\"method\":\"GET\",\"path_prefix\":\"" PATH_OPS "\","
	                 "\"times\":1,\"action\":\"latency\",\"latency_ms\":1500}"), 0);
	emu_clear_log(f->emu);
	term_key(t, TK_SPACE);
	if (term_wait_for(t, fx_row_pending, "web2.yc-example.ru", TERM_TIMEOUT_MS, "the pending mark") != 0)
		fail_msg("no pending mark while the operation runs");
	TERM_IDLE(t);
	assert_false(fx_row_pending(t, "web2.yc-example.ru"));
	char v[64];
	fx_cell_under(t, "web2.yc-example.ru", "ENABLED", v, sizeof v);
	assert_string_equal(v, "no");
	assert_int_equal(fx_log_count_prefix(f, "GET", PATH_OPS), 2);
}

/* ---- a failed operation ------------------------------------------------- */

static void test_failed_operation_reverts_with_message(void **state)
{
	fx *f = *state;
	cJSON *before = yc_group(f, GID_BROKEN);
	term *t = fx_open_size(f, NULL, NULL, 30, 240);
	fx_open_group(t, "yc-broken", "stale.yc-example.invalid");
	fx_select(t, "stale.yc-example.invalid");
	char row0[8192], v[64];
	snprintf(row0, sizeof row0, "%s", fx_row_of(t, "stale.yc-example.invalid"));
	fx_cell_under(t, "stale.yc-example.invalid", "ENABLED", v, sizeof v);
	assert_string_equal(v, "no");
	emu_clear_log(f->emu);

	term_key(t, TK_SPACE);
	TERM_IDLE(t);
	/* the row is back as it was, and the status bar says why */
	assert_string_equal(fx_row_of(t, "stale.yc-example.invalid"), row0);
	if (!term_contains(t, "failed") || !term_contains(t, "cannot be resolved")) {
		term_dump(t, stderr);
		fail_msg("the operation's message is not on screen");
	}
	assert_int_equal(fx_log_count_prefix(f, "PATCH", "/cdn/v1/origins/" OID_STALE), 1);
	assert_int_equal(emu_log_count_writes(f->emu), 1);   /* not retried */
	assert_true(fx_log_count_prefix(f, "GET", PATH_OPS) >= 1);
	cJSON *after = yc_group(f, GID_BROKEN);
	assert_true(cJSON_Compare(after, before, true));
	cJSON_Delete(after);
	cJSON_Delete(before);
	/* nothing left pending */
	assert_null(strstr(fx_status(t), "pending"));
}

/* ---- tokens ------------------------------------------------------------- */

static void test_token_expires_then_refresh(void **state)
{
	fx *f = *state;
	term *t = fx_open_wide(f);
	assert_int_equal(emu_log_count(f->emu, "POST", PATH_IAM), 1);
	emu_clear_log(f->emu);
	assert_int_equal(fx_expire_tokens(f, "yandex"), 0);

	term_key(t, "r");
	TERM_IDLE(t);
	TERM_ASSERT_CONTAINS(t, "yc-web");
	TERM_ASSERT_CONTAINS(t, "yc-broken");
	if (emu_log_count(f->emu, "POST", PATH_IAM) != 1) {
		fx_print_log(f);
		fail_msg("want exactly one new token exchange after the expiry");
	}
	cJSON *x = NULL;
	int at = emu_log_index(f->emu, "POST", PATH_IAM, &x);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(x, "auth_ok")));
	cJSON_Delete(x);
	/* the list that followed the exchange was accepted */
	int lists[8];
	int nl = log_positions(f, "GET", PATH_GROUPS, lists, 8);
	assert_true(nl >= 1 && lists[nl - 1] > at);
	cJSON *last = fx_log_nth_prefix(f, "GET", PATH_GROUPS, nl - 1);
	assert_int_equal(cJSON_GetObjectItemCaseSensitive(last, "status")->valueint, 200);
	cJSON_Delete(last);
	const char *st = fx_status(t);
	if (strstr(st, "401") || strstr(st, "expired") || strstr(st, "invalid")) {
		term_dump(t, stderr);
		fail_msg("the status bar shows an auth error after a transparent refresh: \"%s\"", st);
	}
	TERM_ASSERT_LACKS(t, SEED_YC_OAUTH);
}

static void test_token_expires_then_toggle(void **state)
{
	fx *f = *state;
	term *t = fx_open_wide(f);
	fx_open_group(t, "yc-web", "web2.yc-example.ru");
	fx_select(t, "web2.yc-example.ru");
	emu_clear_log(f->emu);
	assert_int_equal(fx_expire_tokens(f, "yandex"), 0);

	term_key(t, TK_SPACE);
	TERM_IDLE(t);
	char v[64];
	fx_cell_under(t, "web2.yc-example.ru", "ENABLED", v, sizeof v);
	if (strcmp(v, "no") != 0) {
		term_dump(t, stderr);
		fx_print_log(f);
		fail_msg("the toggle did not go through after the token expired");
	}
	if (emu_log_count(f->emu, "POST", PATH_IAM) != 1) {
		fx_print_log(f);
		fail_msg("want exactly one new token exchange after the expiry");
	}
	assert_int_equal(fx_log_count_prefix(f, "PATCH", "/cdn/v1/origins/" OID_WEB2), 1);
	cJSON *o = yc_origin(f, GID_WEB, OID_WEB2);
	assert_true(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(o, "enabled")));
	cJSON_Delete(o);
}

/* ---- paging ------------------------------------------------------------- */

static void test_paging_reads_every_page(void **state)
{
	fx *f = *state;
	/* the server cuts every page to 3: the four groups take two pages */
	assert_int_equal(emu_settings(f->emu, "{\"yandex_page_size_max\":3}"), 0);
	term *t = fx_open_wide(f);
	TERM_ASSERT_CONTAINS(t, "yc-web");
	TERM_ASSERT_CONTAINS(t, "yc-storage");
	TERM_ASSERT_CONTAINS(t, "yc-alb");
	TERM_ASSERT_CONTAINS(t, "yc-broken");
	if (emu_log_count(f->emu, "GET", PATH_GROUPS) != 2) {
		fx_print_log(f);
		fail_msg("want two list requests (two pages)");
	}
	cJSON *p1 = fx_log_nth_prefix(f, "GET", PATH_GROUPS, 0);
	cJSON *p2 = fx_log_nth_prefix(f, "GET", PATH_GROUPS, 1);
	const char *q1 = cJSON_GetObjectItemCaseSensitive(p1, "query")->valuestring;
	const char *q2 = cJSON_GetObjectItemCaseSensitive(p2, "query")->valuestring;
	assert_null(strstr(q1, "pageToken="));
	assert_non_null(strstr(q2, "pageToken="));
	assert_non_null(strstr(q2, "folderId=" SEED_YC_FOLDER));
	assert_int_equal(cJSON_GetObjectItemCaseSensitive(p2, "status")->valueint, 200);
	cJSON_Delete(p1);
	cJSON_Delete(p2);
}

static void test_paging_many_groups(void **state)
{
	fx *f = *state;
	/* 30 more groups behind the back, pages of 7: 34 groups, 5 pages */
	for (int i = 0; i < 30; i++) {
		char id[32], body[512];
		snprintf(id, sizeof id, "%llu", 9007199254750001ULL + 2ULL * (unsigned long long)i);
		snprintf(body, sizeof body,
		         "{\"name\":\"yc-bulk-%02d\",\"useNext\":true,\"origins\":[{\"source\":"
		         "\"bulk%02d.yc-example.ru\",\"enabled\":true,\"meta\":{\"common\":{\"name\":"
		         "\"bulk%02d.yc-example.ru\"}}}]}", i, i, i);
		char path[128];
		snprintf(path, sizeof path, "/_emu/yandex/originGroups/%s", id);
		assert_int_equal(emu_request(f->emu, "PUT", path, body, NULL), 200);
	}
	assert_int_equal(emu_settings(f->emu, "{\"yandex_page_size_max\":7}"), 0);
	term *t = fx_open_size(f, NULL, NULL, 60, 160);
	/* all 34 fit on this screen: every one is listed, once */
	for (int i = 0; i < 30; i++) {
		char name[32];
		snprintf(name, sizeof name, "yc-bulk-%02d", i);
		TERM_ASSERT_CONTAINS(t, name);
	}
	TERM_ASSERT_CONTAINS(t, "yc-web");
	TERM_ASSERT_CONTAINS(t, "yc-broken");
	TERM_ASSERT_CONTAINS(t, "34 groups");
	int n = emu_log_count(f->emu, "GET", PATH_GROUPS);
	if (n != 5) {
		fx_print_log(f);
		fail_msg("want 5 pages of 7 for 34 groups, got %d requests", n);
	}
	for (int i = 1; i < n; i++) {
		cJSON *e = fx_log_nth_prefix(f, "GET", PATH_GROUPS, i);
		assert_non_null(strstr(cJSON_GetObjectItemCaseSensitive(e, "query")->valuestring,
		                       "pageToken="));
		cJSON_Delete(e);
	}
}

/* ---- token_cmd ------------------------------------------------------------ */

/* One Yandex account whose token comes from `cmd`; token_cmd may take
 * 2 x timeout_seconds = 60 s. */
static void write_token_cmd_config(fx *f, const char *cmd)
{
	const char *url = emu_url(f->emu);
	char text[4096];
	snprintf(text, sizeof text,
	         "timeout_seconds = 30;\n"
	         "accounts = ( { name = \"yandex\"; provider = \"yandex\";\n"
	         "  api_url = \"%s\"; iam_url = \"%s\"; operation_url = \"%s\";\n"
	         "  folder_id = \"" SEED_YC_FOLDER "\";\n"
	         "  token_cmd = \"%s\"; } );\n", url, url, url, cmd);
	assert_int_equal(fx_write_config_text(f, text), 0);
}

/* Reads a small file; NULL while it does not exist or is empty. */
static char *slurp(const char *path)
{
	FILE *fp = fopen(path, "r");
	if (!fp)
		return NULL;
	char *buf = calloc(1, 4096);
	size_t n = fread(buf, 1, 4095, fp);
	fclose(fp);
	if (n == 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

/* Pumps the terminal until the file has something; fails after 10 s. */
static char *wait_file(term *t, const char *path)
{
	for (int i = 0; i < 200; i++) {
		char *c = slurp(path);
		if (c)
			return c;
		term_pump(t, 50);
	}
	fail_msg("%s never written", path);
	return NULL;
}

/* Quitting while token_cmd runs does not wait for its timeout (60 s here):
 * origo exits at once, and the command and what it started are ended. */
static void test_quit_while_token_cmd_runs(void **state)
{
	fx *f = *state;
	char pidfile[512], cmd[1024];
	snprintf(pidfile, sizeof pidfile, "%s/sleep.pid", f->dir);
	snprintf(cmd, sizeof cmd, "sleep 30 & echo $! > %s; wait", pidfile);
	write_token_cmd_config(f, cmd);
	term *t = fx_spawn(f, NULL, NULL, 24, 80);
	assert_non_null(t);
	char *pid_text = wait_file(t, pidfile);   /* the command runs */
	pid_t sleeper = (pid_t)atoi(pid_text);
	free(pid_text);
	assert_true(sleeper > 0);
	term_key(t, "q");
	int status;
	/* a generous limit, still far below the command's 60 s */
	if (term_wait_exit(t, 20000, &status) != 0)
		fail_msg("origo did not exit while token_cmd ran: it waited for the command");
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	/* the sleep the command started is gone (or a zombie nobody reaps) */
	char stat[64];
	snprintf(stat, sizeof stat, "/proc/%d/stat", (int)sleeper);
	char *st = slurp(stat);
	if (st) {
		const char *paren = strrchr(st, ')');
		bool zombie = paren && paren[1] == ' ' && paren[2] == 'Z';
		free(st);
		if (!zombie) {
			kill(sleeper, SIGKILL);
			fail_msg("the sleep token_cmd started still runs after origo quit");
		}
	}
}

/* token_cmd starts with every signal at its default and none blocked:
 * origo ignores SIGPIPE, which an exec would otherwise pass on. */
static void test_token_cmd_gets_default_signals(void **state)
{
	fx *f = *state;
	char out[512], cmd[2048];
	snprintf(out, sizeof out, "%s/signals.txt", f->dir);
	/* written whole, then renamed: the test never reads half of it */
	snprintf(cmd, sizeof cmd, "grep -E '^Sig(Ign|Blk):' /proc/self/status > %s.tmp; mv %s.tmp %s; "
	         "echo y0_not-a-token", out, out, out);
	write_token_cmd_config(f, cmd);
	term *t = fx_open(f, NULL, NULL);    /* idle: the token was refused by then */
	char *sig = wait_file(t, out);
	/* signals 1-31 (glibc's posix_spawn leaves its own two internal
	 * real-time signals, 32 and 33, ignored; a program's libc sets them up
	 * again) */
	const char *ign = strstr(sig, "SigIgn:\t");
	unsigned long long ignored = ign ? strtoull(ign + 8, NULL, 16) : ~0ull;
	if ((ignored & 0x7fffffffull) != 0 || !fx_has(sig, "SigBlk:\t0000000000000000")) {
		fprintf(stderr, "token_cmd saw:\n%s", sig);
		free(sig);
		fail_msg("token_cmd should start with no signal ignored or blocked");
	}
	free(sig);
	TERM_IDLE(t);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_test_setup_yandex, fx_test_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_browse_groups),
		T(test_browse_group_settings_kinds_in_use),
		T(test_group_screen_fits_80x24),
		T(test_toggle_done_at_once),
		T(test_toggle_after_three_polls),
		T(test_pending_until_operation_done),
		T(test_failed_operation_reverts_with_message),
		T(test_token_expires_then_refresh),
		T(test_token_expires_then_toggle),
		T(test_paging_reads_every_page),
		T(test_paging_many_groups),
		T(test_quit_while_token_cmd_runs),
		T(test_token_cmd_gets_default_signals),
	};
	return cmocka_run_group_tests_name("e2e_yandex", tests, fx_group_setup_multi, fx_group_teardown);
}
