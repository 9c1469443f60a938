/* End to end: incident mode's sources screen (issue 10) with a Gcore, a
 * Yandex Cloud CDN and an Edgio account on one emulator, where one origin,
 * shared.example.com:443, is used by groups of all three:
 *
 *  gcore  301 shop-a     shared (on), a.example.com (on)      -> applied
 *         302 shop-b     shared (on), b.example.com (on)      -> changed behind
 *                                                                origo's back
 *         303 shop-solo  shared (on) alone                    -> the guard
 *  yandex Y1  yc-shop    shared (on), y1.example.ru (on)      -> answers 500
 *         Y2  yc-shop2   shared (on, backup), y2.example.ru   -> applied
 *  edgio  200003 ed-shop https://shared.example.com:443       -> skipped (no
 *                                                                enabled flag)
 *
 * S lists every origin with its counts and each account's line; Enter lists
 * the uses with the guard's word; Space disables the origin everywhere after
 * a y, with one write per written group and none elsewhere, and a summary of
 * every outcome; u undoes what was applied, nothing else; --read-only
 * refuses it all in the central place. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/e2e/fixture.h"
#include "tests/e2e/seed.h"

#define SHARED "shared.example.com:443"
#define Y1 "9007199254742001"
#define Y1_SHARED "9007199254742003"
#define Y2 "9007199254742011"
#define Y2_SHARED "9007199254742013"

#define GCORE_SHOP(id, name, extra) \
	"{\"id\":" id ",\"name\":\"" name "\",\"use_next\":false,\"proxy_next_upstream\":[\"error\"]," \
	"\"auth_type\":\"none\",\"path\":\"\",\"has_related_resources\":false,\"sources\":[" \
	"{\"source\":\"" SHARED "\",\"enabled\":true,\"backup\":false,\"host_header_override\":null}" \
	extra "]}"

static const char GCORE_ADD[] =
	"[" GCORE_SHOP("301", "shop-a", ",{\"source\":\"a.example.com\",\"enabled\":true,\"backup\":false,"
	                                "\"host_header_override\":null}")
	"," GCORE_SHOP("302", "shop-b", ",{\"source\":\"b.example.com\",\"enabled\":true,\"backup\":false,"
	                                "\"host_header_override\":null}")
	"," GCORE_SHOP("303", "shop-solo", "") "]";

/* shop-b as changed behind origo's back: the shared source became backup */
static const char GROUP_302_CHANGED[] =
	"{\"id\":302,\"name\":\"shop-b\",\"use_next\":false,\"proxy_next_upstream\":[\"error\"],"
	"\"auth_type\":\"none\",\"path\":\"\",\"has_related_resources\":false,\"sources\":["
	"{\"source\":\"" SHARED "\",\"enabled\":true,\"backup\":true,\"host_header_override\":null},"
	"{\"source\":\"b.example.com\",\"enabled\":true,\"backup\":false,\"host_header_override\":null}]}";

#define YC_ORIGIN(id, src, backup) \
	"{\"id\":\"" id "\",\"source\":\"" src "\",\"enabled\":true,\"backup\":" backup "," \
	"\"meta\":{\"common\":{\"name\":\"" src "\"}}}"

static const char YANDEX_ADD[] =
	"[{\"id\":\"" Y1 "\",\"name\":\"yc-shop\",\"useNext\":false,\"providerType\":\"ourcdn\",\"origins\":["
	YC_ORIGIN(Y1_SHARED, SHARED, "false") "," YC_ORIGIN("9007199254742005", "y1.example.ru", "false")
	"],\"resourcesMetadata\":[]},"
	"{\"id\":\"" Y2 "\",\"name\":\"yc-shop2\",\"useNext\":false,\"providerType\":\"ourcdn\",\"origins\":["
	YC_ORIGIN(Y2_SHARED, SHARED, "true") "," YC_ORIGIN("9007199254742015", "y2.example.ru", "false")
	"],\"resourcesMetadata\":[]}]";

static const char EDGIO_ADD[] =
	"[{\"id\":200003,\"platform\":\"http-large\",\"name\":\"ed-shop\",\"host_header\":\"\","
	"\"network_type_id\":1,\"shield_pops\":[],\"strict_pci_certified\":false,"
	"\"tls_settings\":{\"sni_hostname\":null,\"allow_self_signed\":false,\"public_keys_to_verify\":[]},"
	"\"origins\":[{\"id\":7201,\"name\":\"shared\",\"host\":\"https://shared.example.com\",\"port\":443,"
	"\"is_primary\":true,\"protocol_type_id\":2,\"storage_type_id\":1,\"failover_order\":0}]}]";

static void append_groups(cJSON *all, const char *provider, const char *json)
{
	cJSON *groups = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(all, provider),
	                                                 "groups");
	cJSON *add = cJSON_Parse(json);
	assert_non_null(groups);
	assert_non_null(add);
	while (cJSON_GetArraySize(add) > 0)
		cJSON_AddItemToArray(groups, cJSON_DetachItemFromArray(add, 0));
	cJSON_Delete(add);
}

static int group_setup(void **state)
{
	char *seed = seed_multi_state();
	cJSON *all = seed ? cJSON_Parse(seed) : NULL;
	free(seed);
	if (!all)
		return -1;
	append_groups(all, "gcore", GCORE_ADD);
	append_groups(all, "yandex", YANDEX_ADD);
	append_groups(all, "edgio", EDGIO_ADD);
	char *text = cJSON_PrintUnformatted(all);
	cJSON_Delete(all);
	int rc = text ? fx_group_setup_state(state, text) : -1;
	free(text);
	return rc;
}

static void assert_status(fx *f, term *t, const char *want)
{
	if (!strstr(fx_status(t), want)) {
		term_dump(t, stderr);
		fx_print_log(f);
		fail_msg("the status bar should say \"%s\": \"%s\"", want, fx_status(t));
	}
}

/* The row showing `a` also shows `b`. */
static void assert_row_has(term *t, const char *a, const char *b)
{
	const char *row = fx_row_of(t, a);
	if (!strstr(row, b)) {
		term_dump(t, stderr);
		fail_msg("the row of \"%s\" should show \"%s\": \"%s\"", a, b, row);
	}
}

/* S, then the shared origin under the cursor (filtered to it). */
static term *open_sources(fx *f, char *const args[])
{
	term *t = fx_open_size(f, args, NULL, 30, 160);
	term_key(t, "S");
	TERM_IDLE(t);
	return t;
}

static void filter_shared(term *t)
{
	term_key(t, "/");
	term_keys(t, "shared");
	term_key(t, TK_ENTER);
	TERM_IDLE(t);
}

/* Writes (not GET, not the token exchanges) whose path starts with prefix. */
static int writes_to(fx *f, const char *prefix)
{
	return fx_log_count_prefix(f, "PATCH", prefix) + fx_log_count_prefix(f, "PUT", prefix) +
	       fx_log_count_prefix(f, "POST", prefix) + fx_log_count_prefix(f, "DELETE", prefix);
}

static int token_posts(fx *f)
{
	return emu_log_count(f->emu, "POST", "/iam/v1/tokens") + emu_log_count(f->emu, "POST", "/connect/token");
}

/* ---- the screens -------------------------------------------------------- */

static void test_sources_across_providers(void **state)
{
	fx *f = *state;
	term *t = open_sources(f, NULL);
	/* every account loaded side by side, each on its own line */
	TERM_ASSERT_CONTAINS(t, "gcore (gcore): 8 groups");
	TERM_ASSERT_CONTAINS(t, "yandex (yandex): 6 groups");
	TERM_ASSERT_CONTAINS(t, "edgio (edgio): 3 groups");
	assert_true(strstr(term_row(t, 0), "sources") != NULL);
	/* the shared origin: six groups, all enabled (Edgio's absent flag
	 * counts as enabled), one backup, on three accounts */
	fx_assert_cell(f, t, SHARED, "GROUPS", "6");
	fx_assert_cell(f, t, SHARED, "ENABLED", "6/6");
	fx_assert_cell(f, t, SHARED, "BACKUP", "1");
	fx_assert_cell(f, t, SHARED, "ACCOUNTS", "gcore,yandex,edgio");
	/* an origin of one group, with its port, and a disabled one */
	fx_assert_cell(f, t, "origin2.example.com:8080", "GROUPS", "1");
	fx_assert_cell(f, t, "origin2.example.com:8080", "ENABLED", "0/1");
	fx_assert_cell(f, t, "web1.yc-example.ru", "ACCOUNTS", "yandex");
	/* sorted by name: backup.example.net before web1.yc-example.ru */
	assert_true(term_find_row(t, "a.example.com") < term_find_row(t, "b.example.com"));

	/* s: by number of groups, the shared origin first */
	term_key(t, "s");
	TERM_IDLE(t);
	assert_status(f, t, "sorted by number of groups");
	int header = term_find_row(t, "ORIGIN");
	assert_true(header > 0);
	assert_true(strstr(term_row(t, header + 1), SHARED) != NULL);

	/* / filters */
	filter_shared(t);
	TERM_ASSERT_CONTAINS(t, SHARED);
	TERM_ASSERT_LACKS(t, "a.example.com ");
	TERM_ASSERT_LACKS(t, "web1.yc-example.ru");
	/* reading the screen sent nothing */
	assert_int_equal(emu_log_count_writes(f->emu), token_posts(f));
}

static void test_sources_command_and_failing_account(void **state)
{
	fx *f = *state;
	/* the Yandex lists fail: its line says so, the others carry on */
	assert_int_equal(emu_add_fault(f->emu, "{\"method\":\"GET\",\"path_prefix\":\"/cdn/v1/originGroups\","
	                                       "\"action\":\"status\",\"status\":403,\"body\":\"{\\\"code\\\":7,\\\"message\\\":"
	                                       "\\\"Permission denied\\\"}\"}"),
	                 0);
	term *t = fx_open_size(f, NULL, NULL, 30, 160);
	term_key(t, ":");
	term_keys(t, "sour");
	term_key(t, TK_TAB);
	term_key(t, TK_ENTER);
	TERM_IDLE(t);
	TERM_ASSERT_CONTAINS(t, "gcore (gcore): 8 groups");
	TERM_ASSERT_CONTAINS(t, "edgio (edgio): 3 groups");
	int r = term_find_row(t, "yandex (yandex): ");
	assert_true(r >= 0);
	assert_null(strstr(term_row(t, r), "groups"));
	assert_non_null(strstr(term_row(t, r), "ermission"));
	/* the origins of the accounts that loaded are there */
	fx_assert_cell(f, t, SHARED, "ACCOUNTS", "gcore,edgio");
	fx_assert_cell(f, t, SHARED, "GROUPS", "4");
}

static void test_enter_lists_uses_and_opens_a_group(void **state)
{
	fx *f = *state;
	term *t = open_sources(f, NULL);
	filter_shared(t);
	term_key(t, TK_ENTER);
	TERM_IDLE(t);
	assert_true(strstr(term_row(t, 0), "origin " SHARED ": 6 groups on 3 accounts") != NULL);
	assert_row_has(t, "shop-a (301)", "may be disabled");
	assert_row_has(t, "shop-solo (303)", "last enabled non-backup source");
	assert_row_has(t, "yc-shop2", "yes");
	assert_row_has(t, "ed-shop (200003)", "skipped: Edgio origin entries have no enabled flag");
	assert_row_has(t, "ed-shop (200003)", "edgio");
	/* Enter on a row: that group's own screen, on the origin's row */
	assert_int_equal(fx_select(t, "shop-b (302)") >= 0, 1);
	term_key(t, TK_ENTER);
	TERM_IDLE(t);
	assert_true(strstr(term_row(t, 0), "group shop-b") != NULL);
	TERM_ASSERT_CONTAINS(t, "b.example.com");
	int r = term_find_row(t, "shared.example.com");
	assert_true(r >= 0 && term_row_highlighted(t, r));
	/* Esc: back on the uses */
	term_key(t, TK_ESC);
	TERM_IDLE(t);
	TERM_ASSERT_CONTAINS(t, "GUARD");
}

/* ---- the bulk disable --------------------------------------------------- */

static void test_bulk_disable_and_undo(void **state)
{
	fx *f = *state;
	term *t = open_sources(f, NULL);
	filter_shared(t);
	/* after origo read it: shop-b changes on the server, yc-shop's writes
	 * answer 500 */
	assert_int_equal(emu_put_group(f->emu, "302", GROUP_302_CHANGED), 0);
	assert_int_equal(emu_add_fault(f->emu, "{\"method\":\"WRITE\",\"path_prefix\":\"/cdn/v1/origins/" Y1_SHARED
	                                       "\",\"action\":\"status\",\"status\":500}"),
	                 0);
	assert_int_equal(emu_add_fault(f->emu, "{\"method\":\"WRITE\",\"path_prefix\":\"/cdn/v1/originGroups/" Y1
	                                       "\",\"action\":\"status\",\"status\":500}"),
	                 0);
	emu_clear_log(f->emu);

	term_key(t, TK_SPACE);
	TERM_IDLE(t);
	/* the question counts what will be written: shop-a, shop-b, yc-shop,
	 * yc-shop2 on two accounts; shop-solo refused, ed-shop skipped */
	TERM_ASSERT_CONTAINS(t, "Disable " SHARED " in 4 groups on 2 accounts");
	TERM_ASSERT_CONTAINS(t, "1 skipped");
	TERM_ASSERT_CONTAINS(t, "1 refused");
	assert_int_equal(emu_log_count_writes(f->emu), 0);
	term_key(t, "y");
	TERM_IDLE(t);

	/* the summary, one row a group with its outcome and why */
	assert_true(strstr(term_row(t, 0), "bulk change of " SHARED) != NULL);
	assert_row_has(t, "shop-a (301)", "applied");
	assert_row_has(t, "shop-b (302)", "conflict");
	assert_row_has(t, "shop-b (302)", "was changed on the server");
	assert_status(f, t, "disabled in 2/4 groups; 1 conflict, 1 failed");
	/* the reason in full under the list, for the row under the cursor */
	fx_select(t, "shop-b (302)");
	TERM_ASSERT_CONTAINS(t, "since it was shown; nothing was sent");
	assert_row_has(t, "shop-solo (303)", "refused");
	assert_row_has(t, "shop-solo (303)", "last enabled non-backup source");
	assert_row_has(t, "yc-shop (" Y1 ")", "failed");
	assert_row_has(t, "yc-shop2 (" Y2 ")", "applied");
	assert_row_has(t, "ed-shop (200003)", "skipped");
	assert_row_has(t, "ed-shop (200003)", "Edgio origin entries have no enabled flag");

	/* one write per written group, none elsewhere */
	assert_int_equal(writes_to(f, "/cdn/origin_groups/301"), 1);
	assert_int_equal(writes_to(f, "/cdn/origin_groups/302"), 0);
	assert_int_equal(writes_to(f, "/cdn/origin_groups/303"), 0);
	assert_int_equal(writes_to(f, "/cdn/v1/origins/" Y2_SHARED) + writes_to(f, "/cdn/v1/originGroups/" Y2), 1);
	int failed_writes = writes_to(f, "/cdn/v1/origins/" Y1_SHARED) + writes_to(f, "/cdn/v1/originGroups/" Y1);
	assert_true(failed_writes >= 1);
	assert_int_equal(fx_log_count_prefix(f, NULL, "/cdn/origins/"), 0);   /* Edgio: nothing */
	assert_int_equal(emu_log_count_writes(f->emu), 2 + failed_writes + token_posts(f));
	/* the server: applied where it said so */
	cJSON *g = emu_get_group(f->emu, "301");
	assert_non_null(g);
	cJSON *s0 = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(g, "sources"), 0);
	assert_true(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(s0, "enabled")));
	cJSON_Delete(g);
	g = emu_get_group(f->emu, "303");
	s0 = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(g, "sources"), 0);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(s0, "enabled")));
	cJSON_Delete(g);

	/* Enter on a row: that group's own screen, on the origin's row, as
	 * the uses screen opens it; a group of another account as well */
	assert_int_equal(fx_select(t, "shop-b (302)") >= 0, 1);
	term_key(t, TK_ENTER);
	TERM_IDLE(t);
	assert_true(strstr(term_row(t, 0), "group shop-b") != NULL);
	TERM_ASSERT_CONTAINS(t, "b.example.com");
	int r = term_find_row(t, "shared.example.com");
	assert_true(r >= 0 && term_row_highlighted(t, r));
	term_key(t, TK_ESC);
	TERM_IDLE(t);
	assert_true(strstr(term_row(t, 0), "bulk change of " SHARED) != NULL);
	assert_int_equal(fx_select(t, "yc-shop2 (" Y2 ")") >= 0, 1);
	term_key(t, TK_ENTER);
	TERM_IDLE(t);
	assert_true(strstr(term_row(t, 0), "group yc-shop2") != NULL);
	r = term_find_row(t, "y2.example.ru");
	assert_true(r >= 0 && !term_row_highlighted(t, r));
	r = term_find_row(t, "shared.example.com");
	assert_true(r >= 0 && term_row_highlighted(t, r));
	term_key(t, TK_ESC);
	TERM_IDLE(t);

	/* Esc: the sources screen shows the new counts */
	term_key(t, TK_ESC);
	TERM_IDLE(t);
	fx_assert_cell(f, t, SHARED, "ENABLED", "4/6");

	/* u: undo only what was applied (shop-a and yc-shop2) */
	emu_clear_log(f->emu);
	term_key(t, "u");
	TERM_IDLE(t);
	TERM_ASSERT_CONTAINS(t, "Enable " SHARED " in 2 groups on 2 accounts");
	term_key(t, "y");
	TERM_IDLE(t);
	assert_true(strstr(term_row(t, 0), "undo of " SHARED) != NULL);
	assert_row_has(t, "shop-a (301)", "applied");
	assert_row_has(t, "yc-shop2 (" Y2 ")", "applied");
	TERM_ASSERT_LACKS(t, "shop-b (302)");
	TERM_ASSERT_LACKS(t, "shop-solo (303)");
	assert_int_equal(writes_to(f, "/cdn/origin_groups/301"), 1);
	assert_int_equal(writes_to(f, "/cdn/v1/origins/" Y2_SHARED) + writes_to(f, "/cdn/v1/originGroups/" Y2), 1);
	assert_int_equal(emu_log_count_writes(f->emu), 2);
	g = emu_get_group(f->emu, "301");
	s0 = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(g, "sources"), 0);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(s0, "enabled")));
	cJSON_Delete(g);
	/* an undo is not undone again */
	term_key(t, "u");
	TERM_IDLE(t);
	assert_status(f, t, "nothing to undo");
	assert_int_equal(emu_log_count_writes(f->emu), 2);
}

/* A network failure mid-batch, each group confirmed or put back with its
 * reason, never a guess: shop-a's write is cut after the server applied it
 * (read again, it shows the change: applied); shop-b's is cut before (read
 * again, it does not: not applied, its row back as the server holds it);
 * yc-shop's answer is lost and every read of it after that is cut too, so
 * nothing can settle it: "may have been applied". */
static void test_bulk_network_failure(void **state)
{
	fx *f = *state;
	term *t = open_sources(f, NULL);
	filter_shared(t);
	assert_int_equal(emu_add_fault(f->emu, "{\"method\":\"WRITE\",\"path_prefix\":\"/cdn/origin_groups/301\","
	                                       "\"action\":\"reset\",\"apply\":true,\"times\":1}"), 0);
	assert_int_equal(emu_add_fault(f->emu, "{\"method\":\"WRITE\",\"path_prefix\":\"/cdn/origin_groups/302\","
	                                       "\"action\":\"reset\",\"times\":1}"), 0);
	assert_int_equal(emu_add_fault(f->emu, "{\"method\":\"WRITE\",\"path_prefix\":\"/cdn/v1/origins/" Y1_SHARED
	                                       "\",\"action\":\"reset\",\"apply\":true,\"times\":1}"), 0);
	/* yc-shop's fresh read goes through (it uses this fault up); every
	 * read of it after that is cut */
	assert_int_equal(emu_add_fault(f->emu, "{\"method\":\"GET\",\"path_prefix\":\"/cdn/v1/originGroups/" Y1
	                                       "\",\"action\":\"latency\",\"latency_ms\":0,\"times\":1}"), 0);
	assert_int_equal(emu_add_fault(f->emu, "{\"method\":\"GET\",\"path_prefix\":\"/cdn/v1/originGroups/" Y1
	                                       "\",\"action\":\"reset\"}"), 0);
	emu_clear_log(f->emu);
	term_key(t, TK_SPACE);
	TERM_IDLE(t);
	TERM_ASSERT_CONTAINS(t, "Disable " SHARED " in 4 groups on 2 accounts");
	term_key(t, "y");
	TERM_IDLE_MS(t, 20000);

	assert_true(strstr(term_row(t, 0), "bulk change of " SHARED) != NULL);
	assert_row_has(t, "shop-a (301)", "applied");
	assert_row_has(t, "shop-b (302)", "failed");
	assert_row_has(t, "yc-shop (" Y1 ")", "may have been applied");
	assert_row_has(t, "yc-shop2 (" Y2 ")", "applied");
	assert_status(f, t, "disabled in 2/4 groups; 1 failed, 1 may have been applied");
	/* each reason in full under the list */
	fx_select(t, "shop-a (301)");
	TERM_ASSERT_CONTAINS(t, "but the server shows the change");
	fx_select(t, "shop-b (302)");
	TERM_ASSERT_CONTAINS(t, "the server does not show the change: not applied");
	assert_null(strstr(fx_row_of(t, "gcore, shop-b: "), "may"));
	fx_select(t, "yc-shop (" Y1 ")");
	TERM_ASSERT_CONTAINS(t, "may or may not have been applied");

	/* one write a written group; shop-b and yc-shop read again after it */
	assert_int_equal(writes_to(f, "/cdn/origin_groups/301"), 1);
	assert_int_equal(writes_to(f, "/cdn/origin_groups/302"), 1);
	assert_int_equal(writes_to(f, "/cdn/v1/origins/" Y1_SHARED), 1);
	assert_int_equal(fx_log_count_prefix(f, "GET", "/cdn/origin_groups/302"), 2);
	assert_true(fx_log_count_prefix(f, "GET", "/cdn/v1/originGroups/" Y1) >= 2);
	cJSON *g = emu_get_group(f->emu, "302");
	cJSON *s0 = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(g, "sources"), 0);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(s0, "enabled")));
	cJSON_Delete(g);
	g = emu_get_group(f->emu, "301");
	s0 = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(g, "sources"), 0);
	assert_true(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(s0, "enabled")));
	cJSON_Delete(g);

	/* behind the summary: shop-a confirmed, shop-b and yc-shop put back,
	 * no mark left pending */
	term_key(t, TK_ESC);
	TERM_IDLE(t);
	fx_assert_cell(f, t, SHARED, "ENABLED", "4/6");
	term_key(t, TK_ENTER);
	TERM_IDLE(t);
	assert_row_has(t, "shop-a (301)", "no");
	assert_row_has(t, "shop-b (302)", "yes");
	assert_row_has(t, "yc-shop (" Y1 ")", "yes");
	TERM_ASSERT_LACKS(t, "no*");
}

static void test_bulk_cancel_sends_nothing(void **state)
{
	fx *f = *state;
	term *t = open_sources(f, NULL);
	filter_shared(t);
	emu_clear_log(f->emu);
	term_key(t, "b");
	TERM_IDLE(t);
	TERM_ASSERT_CONTAINS(t, "Make backup " SHARED " in");
	term_key(t, "n");
	TERM_IDLE(t);
	assert_status(f, t, "cancelled");
	assert_int_equal(emu_log_count_writes(f->emu), 0);
}

static void test_edgio_only_origin_is_skipped(void **state)
{
	fx *f = *state;
	term *t = open_sources(f, NULL);
	term_key(t, "/");
	term_keys(t, "web1.ed-example");
	term_key(t, TK_ENTER);
	TERM_IDLE(t);
	emu_clear_log(f->emu);
	term_key(t, TK_SPACE);
	TERM_IDLE(t);
	assert_status(f, t, "Nothing to change");
	assert_status(f, t, "skipped");
	assert_int_equal(emu_log_count_writes(f->emu), 0);
}

static void test_read_only_refuses(void **state)
{
	fx *f = *state;
	char *args[] = { "--read-only", NULL };
	term *t = open_sources(f, args);
	filter_shared(t);
	int before = emu_log_count_writes(f->emu);
	term_key(t, TK_SPACE);
	TERM_IDLE(t);
	assert_status(f, t, "read-only: writes are refused (--read-only)");
	term_key(t, "b");
	TERM_IDLE(t);
	assert_status(f, t, "read-only");
	term_key(t, TK_ENTER);
	TERM_IDLE(t);
	term_key(t, TK_SPACE);
	TERM_IDLE(t);
	assert_status(f, t, "read-only: writes are refused");
	term_key(t, "u");
	TERM_IDLE(t);
	assert_status(f, t, "read-only");
	assert_int_equal(emu_log_count_writes(f->emu), before);
	assert_int_equal(before, token_posts(f));
}

/* ? on the sources screen lists its keys from the action table, and the
 * config's keys rebind them: sources and sort have names there too. */
static int setup_rebound(void **state)
{
	fx *f = *state;
	if (!f || fx_reset_all(f) != 0)
		return -1;
	return fx_write_config_multi(f, NULL, "keys = { sources = \"O\"; sort = \"o\"; };", NULL, NULL);
}

static void test_help_and_rebound_keys(void **state)
{
	fx *f = *state;
	term *t = fx_open_size(f, NULL, NULL, 30, 160);
	term_key(t, "S");      /* no longer bound: says which key is */
	TERM_IDLE(t);
	TERM_ASSERT_LACKS(t, "ORIGIN");
	term_key(t, "O");
	TERM_IDLE(t);
	TERM_ASSERT_CONTAINS(t, "ORIGIN");
	fx_assert_cell(f, t, SHARED, "GROUPS", "6");
	term_key(t, "o");
	TERM_IDLE(t);
	assert_status(f, t, "sorted by number of groups");
	term_key(t, "?");
	TERM_IDLE(t);
	assert_true(strstr(term_row(t, 0), "help: keys of the sources screen") != NULL);
	TERM_ASSERT_CONTAINS(t, "sort the origins by name / by number of groups");
	TERM_ASSERT_CONTAINS(t, "the origin in every group");
	TERM_ASSERT_CONTAINS(t, "the last bulk change");
	assert_row_has(t, "sort the origins", "o");
	TERM_ASSERT_LACKS(t, "make the source primary");
}

/* An account that is read-only in the config: its items of a bulk change
 * are refused by the same rule, the others go; its group opened from the
 * uses screen refuses Space too, though the current account may write. */
static int setup_yandex_read_only(void **state)
{
	fx *f = *state;
	if (!f || fx_reset_all(f) != 0)
		return -1;
	return fx_write_config_multi(f, NULL, NULL, "read_only = true;", NULL);
}

static void test_read_only_account_in_a_bulk(void **state)
{
	fx *f = *state;
	term *t = open_sources(f, NULL);
	filter_shared(t);
	emu_clear_log(f->emu);
	term_key(t, TK_ENTER);
	TERM_IDLE(t);
	assert_int_equal(fx_select(t, "yc-shop (" Y1 ")") >= 0, 1);
	term_key(t, TK_ENTER);
	TERM_IDLE(t);
	assert_true(strstr(term_row(t, 0), "group yc-shop") != NULL);
	term_key(t, TK_SPACE);
	TERM_IDLE(t);
	assert_status(f, t, "read-only: writes are refused (account \"yandex\" has read_only = true)");
	term_key(t, TK_ESC);
	TERM_IDLE(t);
	term_key(t, TK_SPACE);
	TERM_IDLE(t);
	/* shop-a and shop-b are to be written; the Yandex groups refused */
	TERM_ASSERT_CONTAINS(t, "Disable " SHARED " in 2 groups on 1 account");
	TERM_ASSERT_CONTAINS(t, "3 refused");
	term_key(t, "y");
	TERM_IDLE(t);
	assert_row_has(t, "yc-shop (" Y1 ")", "read-only");
	assert_row_has(t, "yc-shop2 (" Y2 ")", "read-only");
	assert_row_has(t, "shop-a (301)", "applied");
	assert_row_has(t, "shop-b (302)", "applied");
	assert_int_equal(fx_log_count_prefix(f, NULL, "/cdn/v1/origins"), 0);
	assert_int_equal(writes_to(f, "/cdn/origin_groups/301"), 1);
	assert_int_equal(writes_to(f, "/cdn/origin_groups/302"), 1);
	assert_int_equal(emu_log_count_writes(f->emu), 2 + token_posts(f));
}

/* While the writes are on their way the uses screen shows each pending
 * flag as the group screen does ("no*"), then the server's value. */
static void test_pending_marks_while_on_the_way(void **state)
{
	fx *f = *state;
	term *t = open_sources(f, NULL);
	filter_shared(t);
	term_key(t, TK_ENTER);
	TERM_IDLE(t);
	assert_int_equal(emu_settings(f->emu, "{\"latency_ms\":700}"), 0);
	term_key(t, "b");
	TERM_IDLE(t);
	TERM_ASSERT_CONTAINS(t, "Make backup " SHARED " in");
	term_key(t, "y");
	if (term_wait_text(t, "yes*", TERM_TIMEOUT_MS) != 0) {
		term_dump(t, stderr);
		fail_msg("no pending mark while the writes were on their way");
	}
	assert_row_has(t, "shop-a (301)", "yes*");
	/* the progress line may be drawn a frame after the first mark */
	if (term_wait_text(t, "made backup in", TERM_TIMEOUT_MS) != 0) {
		term_dump(t, stderr);
		fail_msg("no progress line while the writes were on their way");
	}
	TERM_IDLE(t);
	assert_int_equal(emu_settings(f->emu, "{\"latency_ms\":0}"), 0);
	/* done: the summary, and behind it the uses without marks */
	assert_row_has(t, "shop-a (301)", "applied");
	term_key(t, TK_ESC);
	TERM_IDLE(t);
	assert_row_has(t, "shop-a (301)", "yes");
	TERM_ASSERT_LACKS(t, "yes*");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_sources_across_providers, fx_test_setup_multi, fx_test_teardown),
		cmocka_unit_test_setup_teardown(test_sources_command_and_failing_account, fx_test_setup_multi,
		                                fx_test_teardown),
		cmocka_unit_test_setup_teardown(test_enter_lists_uses_and_opens_a_group, fx_test_setup_multi,
		                                fx_test_teardown),
		cmocka_unit_test_setup_teardown(test_bulk_disable_and_undo, fx_test_setup_multi, fx_test_teardown),
		cmocka_unit_test_setup_teardown(test_bulk_network_failure, fx_test_setup_multi, fx_test_teardown),
		cmocka_unit_test_setup_teardown(test_bulk_cancel_sends_nothing, fx_test_setup_multi, fx_test_teardown),
		cmocka_unit_test_setup_teardown(test_edgio_only_origin_is_skipped, fx_test_setup_multi,
		                                fx_test_teardown),
		cmocka_unit_test_setup_teardown(test_read_only_refuses, fx_test_setup_multi, fx_test_teardown),
		cmocka_unit_test_setup_teardown(test_help_and_rebound_keys, setup_rebound, fx_test_teardown),
		cmocka_unit_test_setup_teardown(test_read_only_account_in_a_bulk, setup_yandex_read_only,
		                                fx_test_teardown),
		cmocka_unit_test_setup_teardown(test_pending_marks_while_on_the_way, fx_test_setup_multi,
		                                fx_test_teardown),
	};
	return cmocka_run_group_tests(tests, group_setup, fx_group_teardown);
}
