/* End to end: an Edgio account (issue 3). Browsing folds the two rows of a
 * Match Client entry into one source showing both orders and shows the
 * group's settings; Space and b say why they do nothing and send nothing; P
 * makes an entry primary, demoting the previous primary of its protocol(s)
 * first; J/K move an entry in its protocol's failover order with one PATCH
 * of the whole list, the primary kept at 0; an access token that expires
 * mid-session is fetched again exactly once, and the client secret is never
 * in the log or on screen. Each test checks the screen and the emulator's log. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/e2e/fixture.h"
#include "tests/e2e/seed.h"

#define API "/cdn/origins/v0.5/http-large"
#define PATH_TOKEN "/connect/token"
#define PATH_WEB_ORIGINS API "/groups/200001/origins"
#define PATH_RR_ORIGINS API "/groups/200002/origins"

/* The entry `id` of the emulator's state (state form, with failover_order
 * and, for Match Client, failover_order_https): a copy, or NULL. */
static cJSON *ed_entry(fx *f, int id)
{
	cJSON *st = emu_get_state(f->emu);
	cJSON *out = NULL;
	const cJSON *g, *o;
	cJSON_ArrayForEach(g, cJSON_GetObjectItemCaseSensitive(
	                       cJSON_GetObjectItemCaseSensitive(st, "edgio"), "groups"))
		cJSON_ArrayForEach(o, cJSON_GetObjectItemCaseSensitive(g, "origins")) {
			const cJSON *i = cJSON_GetObjectItemCaseSensitive(o, "id");
			if (cJSON_IsNumber(i) && i->valueint == id)
				out = cJSON_Duplicate(o, true);
		}
	cJSON_Delete(st);
	return out;
}

static bool ed_primary(fx *f, int id)
{
	cJSON *e = ed_entry(f, id);
	assert_non_null(e);
	bool p = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(e, "is_primary"));
	cJSON_Delete(e);
	return p;
}

static int ed_order(fx *f, int id, const char *field)
{
	cJSON *e = ed_entry(f, id);
	assert_non_null(e);
	const cJSON *o = cJSON_GetObjectItemCaseSensitive(e, field);
	int v = cJSON_IsNumber(o) ? o->valueint : -1;
	cJSON_Delete(e);
	return v;
}

/* Position in the log of the first request with method and exact path. */
static int at(fx *f, const char *method, const char *path)
{
	return emu_log_index(f->emu, method, path, NULL);
}

/* Rows of the screen showing `text`. */
static int rows_showing(term *t, const char *text)
{
	int n = 0;
	for (int r = 0; r < term_rows(t); r++)
		if (strstr(term_row(t, r), text))
			n++;
	return n;
}

static int emu_put_edgio_group(fx *f, const char *id, const char *json)
{
	char path[128];
	snprintf(path, sizeof path, "/_emu/edgio/groups/%s", id);
	return emu_request(f->emu, "PUT", path, json, NULL) == 200 ? 0 : -1;
}

/* origo at 30x160 on the group ed-web. */
static term *open_web(fx *f)
{
	term *t = fx_open_wide(f);
	fx_open_group(t, "ed-web", "web1.ed-example.com");
	return t;
}

/* origo at 30x160 on the group ed-rr. */
static term *open_rr(fx *f)
{
	term *t = fx_open_wide(f);
	fx_open_group(t, "ed-rr", "rr2.ed-example.com");
	return t;
}

/* Selects the row showing `text`, clears the emulator's log and presses
 * `key`; waits until origo is idle again. */
static void press_on(fx *f, term *t, const char *text, const char *key)
{
	fx_select(t, text);
	emu_clear_log(f->emu);
	term_key(t, key);
	if (term_wait_idle(t, TERM_TIMEOUT_MS) != 0)
		fail_msg("no idle report after \"%s\" on %s", key, text);
}

/* ---- browse ------------------------------------------------------------- */

static void test_browse_groups(void **state)
{
	fx *f = *state;
	term *t = fx_open_wide(f);
	TERM_ASSERT_CONTAINS(t, "ed-web");
	TERM_ASSERT_CONTAINS(t, "ed-rr");
	assert_non_null(strstr(fx_row_of(t, "ed-web"), "200001"));
	assert_non_null(strstr(fx_row_of(t, "ed-rr"), "200002"));
	const char *top = term_row(t, 0);
	if (!strstr(top, "edgio") || !strstr(top, "Edgio")) {
		term_dump(t, stderr);
		fail_msg("the title does not name the account and the provider: \"%s\"", top);
	}
	/* one token, the groups, then every group's entries */
	assert_int_equal(emu_log_count(f->emu, "POST", PATH_TOKEN), 1);
	cJSON *tok = NULL;
	int ti = emu_log_index(f->emu, "POST", PATH_TOKEN, &tok);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(tok, "auth_ok")));
	assert_non_null(strstr(cJSON_GetObjectItemCaseSensitive(tok, "content_type")->valuestring,
	                       "application/x-www-form-urlencoded"));
	const char *form = cJSON_GetObjectItemCaseSensitive(tok, "body")->valuestring;
	assert_non_null(strstr(form, "grant_type=client_credentials"));
	assert_non_null(strstr(form, "scope=cdn.origins"));
	cJSON_Delete(tok);
	int gi = at(f, "GET", API "/groups");
	assert_true(ti < gi);
	assert_int_equal(emu_log_count(f->emu, "GET", PATH_WEB_ORIGINS), 1);
	assert_int_equal(emu_log_count(f->emu, "GET", PATH_RR_ORIGINS), 1);
	assert_true(at(f, "GET", PATH_WEB_ORIGINS) > gi);
	cJSON *e = NULL;
	emu_log_index(f->emu, "GET", PATH_WEB_ORIGINS, &e);
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(e, "auth")->valuestring, "Bearer");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(e, "auth_ok")));
	cJSON_Delete(e);
	assert_int_equal(emu_log_count_writes(f->emu), 1);   /* the token only */
	assert_false(fx_log_contains(f, SEED_ED_CLIENT_SECRET));
	TERM_ASSERT_LACKS(t, SEED_ED_CLIENT_SECRET);
}

static void test_group_screen_folds_match_client_and_shows_settings(void **state)
{
	fx *f = *state;
	term *t = open_web(f);
	/* the Match Client entry: one row, both orders (HTTP 3, HTTPS 1) */
	if (rows_showing(t, "mc1.ed-example.com") != 1) {
		term_dump(t, stderr);
		fail_msg("the Match Client entry should be one row");
	}
	fx_assert_cell(f, t, "mc1.ed-example.com", "ORDER", "3/1");
	fx_assert_cell(f, t, "mc1.ed-example.com", "PRIMARY", "no");
	/* the others */
	fx_assert_cell(f, t, "web1.ed-example.com", "PRIMARY", "yes");
	fx_assert_cell(f, t, "web1.ed-example.com", "ORDER", "0");
	fx_assert_cell(f, t, "web2.ed-example.com", "PRIMARY", "no");
	fx_assert_cell(f, t, "web2.ed-example.com", "ORDER", "1");
	fx_assert_cell(f, t, "web3.ed-example.com", "ORDER", "2");
	fx_assert_cell(f, t, "sec1.ed-example.com", "PRIMARY", "yes");
	fx_assert_cell(f, t, "sec1.ed-example.com", "ORDER", "0");
	/* the group's settings */
	const char *hh = fx_row_of(t, "Host header");
	assert_non_null(strstr(hh, "www.ed-example.com"));
	TERM_ASSERT_CONTAINS(t, "Network type");
	const char *sni = fx_row_of(t, "sni.ed-example.com");
	assert_non_null(strstr(sni, "TLS"));
	const char *ss = fx_row_of(t, "self-signed");
	assert_non_null(strstr(ss, "allowed"));
	assert_int_equal(emu_log_count_writes(f->emu), 1);   /* the token only */
}

/* The same at the smallest supported size: every entry and the settings fit. */
static void test_group_screen_fits_80x24(void **state)
{
	fx *f = *state;
	term *t = fx_open(f, NULL, NULL);
	fx_open_group(t, "ed-web", "web1.ed-example.com");
	static const char *const hosts[] = {
		"web1.ed-example.com", "web2.ed-example.com", "web3.ed-example.com",
		"mc1.ed-example.com", "sec1.ed-example.com",
	};
	for (size_t i = 0; i < sizeof hosts / sizeof hosts[0]; i++)
		TERM_ASSERT_CONTAINS(t, hosts[i]);
	fx_assert_cell(f, t, "mc1.ed-example.com", "ORDER", "3/1");
	assert_non_null(strstr(fx_row_of(t, "Host header"), "www.ed-example.com"));
}

/* ---- flags Edgio does not have ------------------------------------------ */

static void test_space_and_b_refused_sending_nothing(void **state)
{
	fx *f = *state;
	term *t = open_web(f);
	fx_select(t, "web2.ed-example.com");
	char row0[8192];
	snprintf(row0, sizeof row0, "%s", fx_row_of(t, "web2.ed-example.com"));
	emu_clear_log(f->emu);
	term_key(t, TK_SPACE);
	TERM_IDLE(t);
	assert_string_equal(fx_row_of(t, "web2.ed-example.com"), row0);
	if (!strstr(fx_status(t), "no enabled flag")) {
		term_dump(t, stderr);
		fail_msg("Space should say Edgio entries have no enabled flag");
	}
	term_key(t, "b");
	TERM_IDLE(t);
	assert_string_equal(fx_row_of(t, "web2.ed-example.com"), row0);
	if (!strstr(fx_status(t), "no backup flag")) {
		term_dump(t, stderr);
		fail_msg("b should say Edgio entries have no backup flag");
	}
	/* nothing sent, not even a read */
	cJSON *log = emu_get_log(f->emu);
	int n = cJSON_GetArraySize(log);
	cJSON_Delete(log);
	if (n != 0) {
		fx_print_log(f);
		fail_msg("Space and b sent %d requests", n);
	}
	assert_null(strstr(fx_status(t), "pending"));
}

/* ---- P: make primary ---------------------------------------------------- */

static void test_P_demotes_previous_primary_first(void **state)
{
	fx *f = *state;
	term *t = open_web(f);
	press_on(f, t, "web2.ed-example.com", "P");
	/* the screen: web2 is the HTTP primary at 0; web1 is not primary */
	fx_assert_cell(f, t, "web2.ed-example.com", "PRIMARY", "yes");
	fx_assert_cell(f, t, "web2.ed-example.com", "ORDER", "0");
	fx_assert_cell(f, t, "web1.ed-example.com", "PRIMARY", "no");
	fx_assert_cell(f, t, "sec1.ed-example.com", "PRIMARY", "yes");   /* HTTPS: untouched */
	assert_null(strchr(fx_row_of(t, "web2.ed-example.com"), '*'));
	/* the log: web1 demoted, then web2 promoted; the HTTPS primary left alone */
	int demote = at(f, "PUT", API "/7001"), promote = at(f, "PUT", API "/7002");
	if (demote < 0 || promote < 0 || demote > promote ||
	    emu_log_count(f->emu, "PUT", API "/7001") != 1 ||
	    emu_log_count(f->emu, "PUT", API "/7002") != 1 ||
	    emu_log_count(f->emu, "PUT", API "/7005") != 0) {
		fx_print_log(f);
		fail_msg("want PUT 7001 (demote) before PUT 7002 (promote), once each, nothing else");
	}
	cJSON *b1 = emu_log_first_body(f->emu, "PUT", API "/7001");
	cJSON *b2 = emu_log_first_body(f->emu, "PUT", API "/7002");
	assert_true(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(b1, "is_primary")));
	assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(b2, "is_primary")));
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(b2, "host")->valuestring,
	                    "http://web2.ed-example.com");
	assert_int_equal(cJSON_GetObjectItemCaseSensitive(b2, "group_id")->valueint, 200001);
	cJSON_Delete(b1);
	cJSON_Delete(b2);
	/* the emulator */
	assert_true(ed_primary(f, 7002));
	assert_false(ed_primary(f, 7001));
	assert_true(ed_primary(f, 7005));
	assert_int_equal(ed_order(f, 7002, "failover_order"), 0);
}

static void test_P_match_client_demotes_both_protocols(void **state)
{
	fx *f = *state;
	term *t = open_web(f);
	press_on(f, t, "mc1.ed-example.com", "P");
	fx_assert_cell(f, t, "mc1.ed-example.com", "PRIMARY", "yes");
	fx_assert_cell(f, t, "mc1.ed-example.com", "ORDER", "0/0");
	fx_assert_cell(f, t, "web1.ed-example.com", "PRIMARY", "no");
	fx_assert_cell(f, t, "sec1.ed-example.com", "PRIMARY", "no");
	int d1 = at(f, "PUT", API "/7001"), d2 = at(f, "PUT", API "/7005");
	int p = at(f, "PUT", API "/7004");
	if (d1 < 0 || d2 < 0 || p < 0 || d1 > p || d2 > p) {
		fx_print_log(f);
		fail_msg("want both primaries (7001 HTTP, 7005 HTTPS) demoted before 7004 is promoted");
	}
	cJSON *b = emu_log_first_body(f->emu, "PUT", API "/7004");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(b, "is_primary")));
	assert_int_equal(cJSON_GetObjectItemCaseSensitive(b, "protocol_type_id")->valueint, 3);
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(b, "host")->valuestring, "mc1.ed-example.com");
	cJSON_Delete(b);
	assert_true(ed_primary(f, 7004));
	assert_false(ed_primary(f, 7001));
	assert_false(ed_primary(f, 7005));
	assert_int_equal(ed_order(f, 7004, "failover_order"), 0);
	assert_int_equal(ed_order(f, 7004, "failover_order_https"), 0);
}

static void test_P_without_previous_primary(void **state)
{
	fx *f = *state;
	term *t = open_rr(f);
	press_on(f, t, "rr2.ed-example.com", "P");
	fx_assert_cell(f, t, "rr2.ed-example.com", "PRIMARY", "yes");
	fx_assert_cell(f, t, "rr2.ed-example.com", "ORDER", "0");
	fx_assert_cell(f, t, "rr1.ed-example.com", "ORDER", "1");
	assert_int_equal(emu_log_count(f->emu, "PUT", API "/7101"), 0);
	assert_int_equal(emu_log_count(f->emu, "PUT", API "/7102"), 1);
	assert_true(ed_primary(f, 7102));
	assert_int_equal(ed_order(f, 7102, "failover_order"), 0);
	assert_int_equal(ed_order(f, 7101, "failover_order"), 1);
}

/* ---- J/K: the failover order -------------------------------------------- */

/* The one PATCH of `path` carried exactly `want` (JSON text). */
static void assert_order_patch(fx *f, const char *path, const char *want)
{
	if (emu_log_count(f->emu, "PATCH", path) != 1 || emu_log_count_writes(f->emu) != 1) {
		fx_print_log(f);
		fail_msg("want exactly one write: PATCH %s", path);
	}
	cJSON *body = emu_log_first_body(f->emu, "PATCH", path);
	cJSON *exp = cJSON_Parse(want);
	assert_non_null(exp);
	if (!body || !cJSON_Compare(body, exp, true)) {
		char *got = body ? cJSON_PrintUnformatted(body) : NULL;
		fprintf(stderr, "PATCH body: %s\nexpected:   %s\n", got ? got : "(not JSON)", want);
		free(got);
		cJSON_Delete(body);
		cJSON_Delete(exp);
		fail_msg("the failover PATCH's body differs");
	}
	cJSON_Delete(body);
	cJSON_Delete(exp);
	cJSON *e = NULL;
	emu_log_index(f->emu, "PATCH", path, &e);
	assert_int_equal(cJSON_GetObjectItemCaseSensitive(e, "status")->valueint, 204);
	assert_non_null(strstr(cJSON_GetObjectItemCaseSensitive(e, "content_type")->valuestring,
	                       "application/json"));
	cJSON_Delete(e);
}

static void test_K_moves_up(void **state)
{
	fx *f = *state;
	term *t = open_web(f);
	press_on(f, t, "web3.ed-example.com", "K");
	fx_assert_cell(f, t, "web3.ed-example.com", "ORDER", "1");
	fx_assert_cell(f, t, "web2.ed-example.com", "ORDER", "2");
	fx_assert_cell(f, t, "web1.ed-example.com", "ORDER", "0");
	fx_assert_cell(f, t, "mc1.ed-example.com", "ORDER", "3/1");
	assert_null(strchr(fx_row_of(t, "web3.ed-example.com"), '*'));
	assert_order_patch(f, PATH_WEB_ORIGINS,
	                   "[{\"id\":7001,\"host\":\"http://web1.ed-example.com\",\"failover_order\":0},"
	                   "{\"id\":7003,\"host\":\"http://web3.ed-example.com\",\"failover_order\":1},"
	                   "{\"id\":7002,\"host\":\"http://web2.ed-example.com\",\"failover_order\":2},"
	                   "{\"id\":7004,\"host\":\"http://mc1.ed-example.com\",\"failover_order\":3}]");
	assert_int_equal(ed_order(f, 7003, "failover_order"), 1);
	assert_int_equal(ed_order(f, 7002, "failover_order"), 2);
	assert_int_equal(ed_order(f, 7001, "failover_order"), 0);
	assert_true(ed_primary(f, 7001));
}

static void test_J_moves_down_past_match_client(void **state)
{
	fx *f = *state;
	term *t = open_web(f);
	press_on(f, t, "web3.ed-example.com", "J");
	fx_assert_cell(f, t, "web3.ed-example.com", "ORDER", "3");
	fx_assert_cell(f, t, "mc1.ed-example.com", "ORDER", "2/1");
	assert_order_patch(f, PATH_WEB_ORIGINS,
	                   "[{\"id\":7001,\"host\":\"http://web1.ed-example.com\",\"failover_order\":0},"
	                   "{\"id\":7002,\"host\":\"http://web2.ed-example.com\",\"failover_order\":1},"
	                   "{\"id\":7004,\"host\":\"http://mc1.ed-example.com\",\"failover_order\":2},"
	                   "{\"id\":7003,\"host\":\"http://web3.ed-example.com\",\"failover_order\":3}]");
	assert_int_equal(ed_order(f, 7003, "failover_order"), 3);
	assert_int_equal(ed_order(f, 7004, "failover_order"), 2);
	assert_int_equal(ed_order(f, 7004, "failover_order_https"), 1);   /* its HTTPS row stays */
}

static void test_K_round_robin_https(void **state)
{
	fx *f = *state;
	term *t = open_rr(f);
	press_on(f, t, "rr2.ed-example.com", "K");
	fx_assert_cell(f, t, "rr2.ed-example.com", "ORDER", "0");
	fx_assert_cell(f, t, "rr1.ed-example.com", "ORDER", "1");
	assert_order_patch(f, PATH_RR_ORIGINS,
	                   "[{\"id\":7102,\"host\":\"https://rr2.ed-example.com\",\"failover_order\":0},"
	                   "{\"id\":7101,\"host\":\"https://rr1.ed-example.com\",\"failover_order\":1}]");
	assert_int_equal(ed_order(f, 7102, "failover_order"), 0);
}

static void test_K_onto_primary_refused(void **state)
{
	fx *f = *state;
	term *t = open_web(f);
	fx_select(t, "web2.ed-example.com");
	char row0[8192];
	snprintf(row0, sizeof row0, "%s", fx_row_of(t, "web2.ed-example.com"));
	emu_clear_log(f->emu);
	term_key(t, "K");
	TERM_IDLE(t);
	assert_string_equal(fx_row_of(t, "web2.ed-example.com"), row0);
	fx_assert_cell(f, t, "web1.ed-example.com", "ORDER", "0");
	if (!strstr(fx_status(t), "primary")) {
		term_dump(t, stderr);
		fail_msg("K onto the primary's place should say why it is refused");
	}
	assert_int_equal(emu_log_count_writes(f->emu), 0);
	/* and the primary itself cannot go down */
	fx_select(t, "web1.ed-example.com");
	term_key(t, "J");
	TERM_IDLE(t);
	fx_assert_cell(f, t, "web1.ed-example.com", "ORDER", "0");
	assert_int_equal(emu_log_count_writes(f->emu), 0);
}

/* A Match Client entry moves in its HTTP order (J/K), or after Tab in its
 * HTTPS order: the PATCH names the row of that protocol by its host. */
static void test_match_client_moves_in_either_order(void **state)
{
	fx *f = *state;
	assert_int_equal(emu_put_edgio_group(f, "200003",
	                 "{\"name\":\"ed-mix\",\"platform\":\"http-large\",\"origins\":["
	                 "{\"id\":7201,\"name\":\"mca\",\"host\":\"mca.ed-example.com\",\"is_primary\":false,"
	                 "\"protocol_type_id\":3,\"storage_type_id\":1,\"failover_order\":0,\"failover_order_https\":1},"
	                 "{\"id\":7202,\"name\":\"b\",\"host\":\"https://b.ed-example.com\",\"port\":443,"
	                 "\"is_primary\":false,\"protocol_type_id\":2,\"storage_type_id\":1,\"failover_order\":0},"
	                 "{\"id\":7203,\"name\":\"c\",\"host\":\"http://c.ed-example.com\",\"port\":80,"
	                 "\"is_primary\":false,\"protocol_type_id\":1,\"storage_type_id\":1,\"failover_order\":1}]}"),
	                 0);
	term *t = fx_open_wide(f);
	fx_open_group(t, "ed-mix", "mca.ed-example.com");
	fx_assert_cell(f, t, "mca.ed-example.com", "ORDER", "0/1");
	press_on(f, t, "mca.ed-example.com", "J");   /* HTTP: c first, then mca */
	fx_assert_cell(f, t, "mca.ed-example.com", "ORDER", "1/1");
	fx_assert_cell(f, t, "c.ed-example.com", "ORDER", "0");
	assert_order_patch(f, API "/groups/200003/origins",
	                   "[{\"id\":7203,\"host\":\"http://c.ed-example.com\",\"failover_order\":0},"
	                   "{\"id\":7201,\"host\":\"http://mca.ed-example.com\",\"failover_order\":1}]");

	term_key(t, TK_TAB);
	TERM_IDLE(t);
	press_on(f, t, "mca.ed-example.com", "K");   /* HTTPS: mca first, then b */
	fx_assert_cell(f, t, "mca.ed-example.com", "ORDER", "1/0");
	fx_assert_cell(f, t, "b.ed-example.com", "ORDER", "1");
	assert_order_patch(f, API "/groups/200003/origins",
	                   "[{\"id\":7201,\"host\":\"https://mca.ed-example.com\",\"failover_order\":0},"
	                   "{\"id\":7202,\"host\":\"https://b.ed-example.com\",\"failover_order\":1}]");
	assert_int_equal(ed_order(f, 7201, "failover_order"), 1);
	assert_int_equal(ed_order(f, 7201, "failover_order_https"), 0);
}

/* ---- tokens ------------------------------------------------------------- */

static void test_token_expires_then_refresh(void **state)
{
	fx *f = *state;
	term *t = fx_open_wide(f);
	assert_int_equal(emu_log_count(f->emu, "POST", PATH_TOKEN), 1);
	emu_clear_log(f->emu);
	assert_int_equal(fx_expire_tokens(f, "edgio"), 0);
	term_key(t, "r");
	TERM_IDLE(t);
	TERM_ASSERT_CONTAINS(t, "ed-web");
	TERM_ASSERT_CONTAINS(t, "ed-rr");
	if (emu_log_count(f->emu, "POST", PATH_TOKEN) != 1) {
		fx_print_log(f);
		fail_msg("want exactly one new token after the expiry");
	}
	/* the answers that followed the new token were accepted */
	cJSON *log = emu_get_log(f->emu);
	int tok_at = -1, i = 0, ok_after = 0;
	const cJSON *e;
	cJSON_ArrayForEach(e, log) {
		const char *p = cJSON_GetObjectItemCaseSensitive(e, "path")->valuestring;
		int st = cJSON_GetObjectItemCaseSensitive(e, "status")->valueint;
		if (strcmp(p, PATH_TOKEN) == 0) {
			tok_at = i;
			assert_int_equal(st, 200);
		} else if (tok_at >= 0 && st == 200) {
			ok_after++;
		}
		i++;
	}
	cJSON_Delete(log);
	assert_true(ok_after >= 1);
	assert_false(fx_log_contains(f, SEED_ED_CLIENT_SECRET));
	TERM_ASSERT_LACKS(t, SEED_ED_CLIENT_SECRET);
	const char *st = fx_status(t);
	if (strstr(st, "401") || strstr(st, "unauthorized")) {
		term_dump(t, stderr);
		fail_msg("the status bar shows an auth error after a transparent refresh: \"%s\"", st);
	}
}

static void test_token_expires_then_primary(void **state)
{
	fx *f = *state;
	term *t = open_rr(f);
	fx_select(t, "rr2.ed-example.com");
	emu_clear_log(f->emu);
	assert_int_equal(fx_expire_tokens(f, "edgio"), 0);
	term_key(t, "P");
	TERM_IDLE(t);
	fx_assert_cell(f, t, "rr2.ed-example.com", "PRIMARY", "yes");
	assert_int_equal(emu_log_count(f->emu, "POST", PATH_TOKEN), 1);
	assert_int_equal(emu_log_count(f->emu, "PUT", API "/7102"), 1);
	assert_true(ed_primary(f, 7102));
	assert_false(fx_log_contains(f, SEED_ED_CLIENT_SECRET));
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_test_setup_edgio, fx_test_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_browse_groups),
		T(test_group_screen_folds_match_client_and_shows_settings),
		T(test_group_screen_fits_80x24),
		T(test_space_and_b_refused_sending_nothing),
		T(test_P_demotes_previous_primary_first),
		T(test_P_match_client_demotes_both_protocols),
		T(test_P_without_previous_primary),
		T(test_K_moves_up),
		T(test_J_moves_down_past_match_client),
		T(test_K_round_robin_https),
		T(test_K_onto_primary_refused),
		T(test_match_client_moves_in_either_order),
		T(test_token_expires_then_refresh),
		T(test_token_expires_then_primary),
	};
	return cmocka_run_group_tests_name("e2e_edgio", tests, fx_group_setup_multi, fx_group_teardown);
}
