/* End to end: Edgio's forms (issue 4). A new group is created first and its
 * entry added after (the order the API requires), and shows in the list and
 * in the emulator; the group's settings are edited; an entry is added,
 * edited and deleted; a rule checked before sending and the server's own 400
 * both show under the field they are about, with everything typed kept; a
 * first entry the server refuses leaves the group there and says so; the
 * last entry cannot be deleted, the group can. Each test checks the screen
 * and what the emulator received. */
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
#define CTRL_S "\x13"
#define CTRL_U "\x15"

/* ---- helpers ------------------------------------------------------------- */

/* The Edgio group named `name` in the emulator's state (state form, with
 * "origins"): a copy, or NULL. */
static cJSON *ed_group_named(fx *f, const char *name)
{
	cJSON *st = emu_get_state(f->emu), *out = NULL;
	const cJSON *g;
	cJSON_ArrayForEach(g, cJSON_GetObjectItemCaseSensitive(
	                       cJSON_GetObjectItemCaseSensitive(st, "edgio"), "groups")) {
		const cJSON *n = cJSON_GetObjectItemCaseSensitive(g, "name");
		if (cJSON_IsString(n) && strcmp(n->valuestring, name) == 0)
			out = cJSON_Duplicate(g, true);
	}
	cJSON_Delete(st);
	return out;
}

/* The entry of `group` whose host contains `host`: a copy, or NULL. */
static cJSON *ed_entry_host(fx *f, const char *group, const char *host)
{
	cJSON *g = ed_group_named(f, group), *out = NULL;
	const cJSON *o;
	cJSON_ArrayForEach(o, cJSON_GetObjectItemCaseSensitive(g, "origins")) {
		const cJSON *h = cJSON_GetObjectItemCaseSensitive(o, "host");
		if (cJSON_IsString(h) && strstr(h->valuestring, host))
			out = cJSON_Duplicate(o, true);
	}
	cJSON_Delete(g);
	return out;
}

static long num(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
	return cJSON_IsNumber(v) ? (long)v->valuedouble : -1;
}

static const char *str(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
	return cJSON_IsString(v) ? v->valuestring : "";
}

/* Fails with the screen and the log unless the screen shows `text`. */
static void see(fx *f, term *t, const char *text)
{
	if (term_wait_text(t, text, TERM_TIMEOUT_MS) != 0) {
		fx_print_log(f);
		fail_msg("\"%s\" never appeared", text);
	}
}

static void key_idle(term *t, const char *key)
{
	term_key(t, key);
	TERM_IDLE(t);
}

/* Tab n times. */
static void tabs(term *t, int n)
{
	for (int i = 0; i < n; i++)
		term_key(t, TK_TAB);
	TERM_IDLE(t);
}

/* The error line drawn under the field labelled `label` contains `want`. */
static void error_under(fx *f, term *t, const char *label, const char *want)
{
	int lr = term_find_row(t, label);
	int er = term_find_row(t, want);
	if (lr < 0 || er != lr + 1) {
		term_dump(t, stderr);
		fx_print_log(f);
		fail_msg("\"%s\" should show under the field \"%s\" (rows %d, %d)", want, label, er, lr);
	}
}

/* The groups screen at 30x160, then `n`: the new group form. */
static term *open_new_group(fx *f)
{
	term *t = fx_open_wide(f);
	TERM_ASSERT_CONTAINS(t, "ed-web");
	key_idle(t, "n");
	if (!term_contains(t, "new group") || !term_contains(t, "First entry host:")) {
		term_dump(t, stderr);
		fail_msg("n should open the new group form with its first entry");
	}
	return t;
}

/* ---- a new group ----------------------------------------------------------- */

static void test_create_group_then_its_entry(void **state)
{
	fx *f = *state;
	term *t = open_new_group(f);
	emu_clear_log(f->emu);
	term_keys(t, "ed-new");                  /* Name */
	term_key(t, TK_TAB);
	term_keys(t, "www.new.example");         /* Host header */
	term_key(t, TK_TAB);
	term_key(t, TK_SPACE);                   /* Network type: IPv6 preferred (2) */
	term_key(t, TK_TAB);
	term_keys(t, "tls.new.example");         /* TLS SNI hostname */
	tabs(t, 3);                              /* self-signed, keys, first entry host */
	term_keys(t, "origin.new.example");
	term_key(t, TK_TAB);
	term_key(t, TK_SPACE);                   /* Protocol: HTTPS only */
	term_key(t, TK_TAB);                     /* Port: empty, 443 */
	term_key(t, TK_TAB);
	term_key(t, TK_SPACE);                   /* Primary */
	TERM_IDLE(t);
	TERM_ASSERT_CONTAINS(t, "< HTTPS only >");
	TERM_ASSERT_CONTAINS(t, "< IPv6 preferred over IPv4 >");
	term_key(t, CTRL_S);
	TERM_IDLE(t);
	see(f, t, "group \"ed-new\" created");
	TERM_ASSERT_LACKS(t, "First entry host:");
	/* in the list */
	TERM_ASSERT_CONTAINS(t, "ed-new");
	TERM_ASSERT_CONTAINS(t, "ed-web");
	/* in the emulator: the group, its settings and its one entry */
	cJSON *g = ed_group_named(f, "ed-new");
	assert_non_null(g);
	long id = num(g, "id");
	assert_string_equal(str(g, "host_header"), "www.new.example");
	assert_int_equal(num(g, "network_type_id"), 2);
	assert_string_equal(str(cJSON_GetObjectItemCaseSensitive(g, "tls_settings"), "sni_hostname"),
	                    "tls.new.example");
	const cJSON *origins = cJSON_GetObjectItemCaseSensitive(g, "origins");
	assert_int_equal(cJSON_GetArraySize(origins), 1);
	const cJSON *e = cJSON_GetArrayItem(origins, 0);
	assert_string_equal(str(e, "host"), "https://origin.new.example");
	assert_int_equal(num(e, "port"), 443);
	assert_int_equal(num(e, "protocol_type_id"), 2);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(e, "is_primary")));
	cJSON_Delete(g);
	/* the group first (no entries in it), then its entry naming it */
	int pg = emu_log_index(f->emu, "POST", API "/groups", NULL);
	int pe = emu_log_index(f->emu, "POST", API, NULL);
	if (pg < 0 || pe <= pg) {
		fx_print_log(f);
		fail_msg("the group should be created before its entry is added");
	}
	assert_int_equal(emu_log_count(f->emu, "POST", API "/groups"), 1);
	assert_int_equal(emu_log_count(f->emu, "POST", API), 1);
	cJSON *gb = emu_log_first_body(f->emu, "POST", API "/groups");
	assert_null(cJSON_GetObjectItemCaseSensitive(gb, "origins"));
	assert_string_equal(str(gb, "name"), "ed-new");
	cJSON_Delete(gb);
	cJSON *eb = emu_log_first_body(f->emu, "POST", API);
	assert_int_equal(num(eb, "group_id"), id);
	assert_string_equal(str(eb, "host"), "origin.new.example");
	assert_int_equal(num(eb, "port"), 443);
	cJSON_Delete(eb);
	/* it opens with its entry */
	fx_open_group(t, "ed-new", "origin.new.example");
	fx_assert_cell(f, t, "origin.new.example", "PRIMARY", "yes");
}

static void test_first_entry_refused_group_stays(void **state)
{
	fx *f = *state;
	term *t = open_new_group(f);
	emu_clear_log(f->emu);
	term_keys(t, "ed-loop");
	tabs(t, 6);                                  /* to the first entry host */
	term_keys(t, "origin.edgecastcdn.net");      /* the CDN itself: a loop */
	term_key(t, CTRL_S);
	TERM_IDLE(t);
	see(f, t, "not saved:");
	/* the server's reason under the host, the story on the form */
	error_under(f, t, "First entry host:", "may not point to our network");
	TERM_ASSERT_CONTAINS(t, "was created (id");
	TERM_ASSERT_CONTAINS(t, "without its entry: Esc, then add the entry with n");
	TERM_ASSERT_CONTAINS(t, "new group");
	assert_non_null(strstr(fx_row_of(t, "First entry host:"), "origin.edgecastcdn.net"));
	assert_non_null(strstr(fx_row_of(t, "Name:"), "ed-loop"));
	/* the group is there, without entries; the entry was tried after it */
	cJSON *g = ed_group_named(f, "ed-loop");
	assert_non_null(g);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(g, "origins")), 0);
	cJSON_Delete(g);
	assert_true(emu_log_index(f->emu, "POST", API "/groups", NULL) <
	            emu_log_index(f->emu, "POST", API, NULL));
	/* saving again would create a second group: refused, nothing sent */
	int writes = emu_log_count_writes(f->emu);
	key_idle(t, CTRL_S);
	TERM_ASSERT_CONTAINS(t, "was created already; not sent again");
	assert_int_equal(emu_log_count_writes(f->emu), writes);
	/* leaving: it asks, then the list shows the group as it is */
	key_idle(t, TK_ESC);
	TERM_ASSERT_CONTAINS(t, "discard your changes?");
	key_idle(t, "y");
	TERM_ASSERT_LACKS(t, "First entry host:");
	TERM_ASSERT_CONTAINS(t, "ed-loop");
}

/* ---- the group's settings -------------------------------------------------- */

static void test_edit_group_settings(void **state)
{
	fx *f = *state;
	term *t = fx_open_wide(f);
	fx_open_group(t, "ed-web", "web1.ed-example.com");
	key_idle(t, "E");
	if (!term_contains(t, "edit group ed-web")) {
		term_dump(t, stderr);
		fail_msg("E should open the settings form of ed-web");
	}
	assert_non_null(strstr(fx_row_of(t, "Host header:"), "www.ed-example.com"));
	TERM_ASSERT_CONTAINS(t, "< IPv6 preferred over IPv4 >");
	assert_non_null(strstr(fx_row_of(t, "Allow self-signed:"), "[x]"));
	TERM_ASSERT_LACKS(t, "Host:");                   /* no entry fields */
	emu_clear_log(f->emu);
	term_key(t, CTRL_U);
	term_keys(t, "ed-web-2");
	term_key(t, TK_TAB);
	term_key(t, CTRL_U);                             /* no host header */
	term_key(t, TK_TAB);
	term_key(t, TK_SPACE);                           /* IPv4 preferred over IPv6 (3) */
	tabs(t, 2);                                      /* self-signed */
	key_idle(t, TK_SPACE);
	term_key(t, CTRL_S);
	TERM_IDLE(t);
	see(f, t, "group \"ed-web-2\" saved");
	TERM_ASSERT_LACKS(t, "edit group");
	assert_non_null(strstr(fx_row_of(t, "Network type"), "IPv4 preferred over IPv6"));
	assert_non_null(strstr(fx_row_of(t, "self-signed"), "refused"));
	/* one PUT of the whole group, after a fresh read; the entries untouched */
	assert_int_equal(emu_log_count_writes(f->emu), 1);
	assert_true(emu_log_index(f->emu, "GET", API "/groups/200001", NULL) <
	            emu_log_index(f->emu, "PUT", API "/groups/200001", NULL));
	cJSON *b = emu_log_first_body(f->emu, "PUT", API "/groups/200001");
	assert_non_null(b);
	assert_null(cJSON_GetObjectItemCaseSensitive(b, "id"));
	assert_string_equal(str(cJSON_GetObjectItemCaseSensitive(b, "tls_settings"), "sni_hostname"),
	                    "sni.ed-example.com");
	cJSON_Delete(b);
	cJSON *g = ed_group_named(f, "ed-web-2");
	assert_non_null(g);
	assert_string_equal(str(g, "host_header"), "");
	assert_int_equal(num(g, "network_type_id"), 3);
	assert_false(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(
	                 cJSON_GetObjectItemCaseSensitive(g, "tls_settings"), "allow_self_signed")));
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(g, "origins")), 5);
	cJSON_Delete(g);
}

/* ---- entries ----------------------------------------------------------------- */

static void test_add_edit_delete_entry(void **state)
{
	fx *f = *state;
	term *t = fx_open_wide(f);
	fx_open_group(t, "ed-rr", "rr2.ed-example.com");
	/* add */
	key_idle(t, "n");
	if (!term_contains(t, "new source in ed-rr") || !term_contains(t, "Host:")) {
		term_dump(t, stderr);
		fail_msg("n should open the new entry form");
	}
	emu_clear_log(f->emu);
	term_keys(t, "rr3.ed-example.com");
	term_key(t, TK_TAB);
	term_key(t, TK_SPACE);                           /* HTTPS only */
	term_key(t, TK_TAB);
	term_keys(t, "8443");
	term_key(t, CTRL_S);
	TERM_IDLE(t);
	see(f, t, "source added");
	TERM_ASSERT_CONTAINS(t, "rr3.ed-example.com");
	cJSON *e = ed_entry_host(f, "ed-rr", "rr3.ed-example.com");
	assert_non_null(e);
	long id = num(e, "id");
	assert_string_equal(str(e, "host"), "https://rr3.ed-example.com");
	assert_int_equal(num(e, "port"), 8443);
	assert_int_equal(num(e, "failover_order"), 2);   /* last */
	cJSON_Delete(e);
	assert_int_equal(emu_log_count_writes(f->emu), 1);
	char path[96];
	snprintf(path, sizeof path, API "/%ld", id);

	/* edit: the port kept, the host changed */
	fx_select(t, "rr3.ed-example.com");
	emu_clear_log(f->emu);
	key_idle(t, "e");
	if (!term_contains(t, "edit entry") || !strstr(fx_row_of(t, "Port:"), "8443")) {
		term_dump(t, stderr);
		fail_msg("e should open the entry with its port");
	}
	assert_non_null(strstr(fx_row_of(t, "Host:"), "rr3.ed-example.com"));
	term_key(t, CTRL_U);
	term_keys(t, "rr4.ed-example.com");
	term_key(t, CTRL_S);
	TERM_IDLE(t);
	see(f, t, "source saved");
	TERM_ASSERT_CONTAINS(t, "rr4.ed-example.com");
	TERM_ASSERT_LACKS(t, "rr3.ed-example.com");
	assert_int_equal(emu_log_count(f->emu, "PUT", path), 1);
	assert_int_equal(emu_log_count_writes(f->emu), 1);
	cJSON *b = emu_log_first_body(f->emu, "PUT", path);
	assert_string_equal(str(b, "host"), "rr4.ed-example.com");
	assert_int_equal(num(b, "port"), 8443);
	assert_int_equal(num(b, "protocol_type_id"), 2);
	assert_int_equal(num(b, "group_id"), 200002);
	cJSON_Delete(b);
	e = ed_entry_host(f, "ed-rr", "rr4.ed-example.com");
	assert_non_null(e);
	assert_int_equal(num(e, "id"), id);
	cJSON_Delete(e);

	/* delete */
	fx_select(t, "rr4.ed-example.com");
	emu_clear_log(f->emu);
	key_idle(t, "d");
	/* named by its host and port as the row shows them, not by the entry's id */
	TERM_ASSERT_CONTAINS(t, "delete source \"https://rr4.ed-example.com:8443\"? y: delete");
	key_idle(t, "y");
	see(f, t, "source \"https://rr4.ed-example.com:8443\" deleted");
	/* gone from the table (the status line above still names it) */
	for (int r = 0; r < term_rows(t) - 1; r++)
		assert_null(strstr(term_row(t, r), "rr4.ed-example.com"));
	TERM_ASSERT_CONTAINS(t, "rr1.ed-example.com");
	assert_int_equal(emu_log_count(f->emu, "DELETE", path), 1);
	assert_int_equal(emu_log_count_writes(f->emu), 1);
	assert_null(ed_entry_host(f, "ed-rr", "rr4.ed-example.com"));
}

static void test_rules_before_sending(void **state)
{
	fx *f = *state;
	term *t = fx_open_wide(f);
	fx_open_group(t, "ed-web", "web1.ed-example.com");
	key_idle(t, "n");
	emu_clear_log(f->emu);
	/* an IPv6 address without brackets */
	term_keys(t, "2001:db8::1");
	term_key(t, CTRL_S);
	TERM_IDLE(t);
	see(f, t, "fix the marked fields");
	error_under(f, t, "Host:", "must be in brackets: [2001:db8::1]");
	/* a second HTTP primary */
	term_key(t, CTRL_U);
	term_keys(t, "[2001:db8::1]");
	tabs(t, 3);                                      /* Protocol, Port, Primary */
	key_idle(t, TK_SPACE);
	term_key(t, CTRL_S);
	TERM_IDLE(t);
	error_under(f, t, "Primary:", "is already the HTTP primary");
	/* a host already on HTTP */
	key_idle(t, TK_SPACE);                           /* not primary */
	key_idle(t, TK_UP);
	key_idle(t, TK_UP);
	key_idle(t, TK_UP);
	term_key(t, CTRL_U);
	term_keys(t, "web2.ed-example.com");
	term_key(t, CTRL_S);
	TERM_IDLE(t);
	error_under(f, t, "Host:", "web2.ed-example.com:80 is already an HTTP entry");
	/* nothing was sent, and the form still holds what was typed */
	assert_int_equal(emu_log_count_writes(f->emu), 0);
	assert_non_null(strstr(fx_row_of(t, "Host:"), "web2.ed-example.com"));
	TERM_ASSERT_CONTAINS(t, "new source in ed-web");
	key_idle(t, TK_ESC);
	TERM_ASSERT_CONTAINS(t, "discard your changes?");
	key_idle(t, "y");
	TERM_ASSERT_LACKS(t, "new source in ed-web");
	assert_int_equal(emu_log_count_writes(f->emu), 0);
}

static void test_server_400_on_field_keeps_input(void **state)
{
	fx *f = *state;
	term *t = fx_open_wide(f);
	fx_open_group(t, "ed-rr", "rr2.ed-example.com");
	key_idle(t, "n");
	emu_clear_log(f->emu);
	term_keys(t, "cache.edgecastcdn.net");          /* fine to origo, a loop to Edgio */
	term_key(t, TK_TAB);
	term_key(t, TK_SPACE);                           /* HTTPS only */
	term_key(t, TK_TAB);
	term_keys(t, "8443");
	term_key(t, CTRL_S);
	TERM_IDLE(t);
	see(f, t, "not saved:");
	error_under(f, t, "Host:", "The host may not point to our network");
	/* the form is open with everything typed */
	TERM_ASSERT_CONTAINS(t, "new source in ed-rr");
	assert_non_null(strstr(fx_row_of(t, "Host:"), "cache.edgecastcdn.net"));
	assert_non_null(strstr(fx_row_of(t, "Port:"), "8443"));
	TERM_ASSERT_CONTAINS(t, "< HTTPS only >");
	assert_int_equal(emu_log_count(f->emu, "POST", API), 1);
	assert_null(ed_entry_host(f, "ed-rr", "edgecastcdn"));
	/* fixed, it goes */
	key_idle(t, TK_UP);
	key_idle(t, TK_UP);
	term_key(t, CTRL_U);
	term_keys(t, "cache.ed-example.com");
	term_key(t, CTRL_S);
	TERM_IDLE(t);
	see(f, t, "source added");
	cJSON *e = ed_entry_host(f, "ed-rr", "cache.ed-example.com");
	assert_non_null(e);
	assert_int_equal(num(e, "port"), 8443);
	cJSON_Delete(e);
}

/* ---- deleting ---------------------------------------------------------------- */

static void test_last_entry_refused_then_group_deleted(void **state)
{
	fx *f = *state;
	assert_int_equal(emu_request(f->emu, "PUT", "/_emu/edgio/groups/200002",
	                 "{\"name\":\"ed-rr\",\"platform\":\"http-large\",\"origins\":["
	                 "{\"id\":7101,\"host\":\"https://rr1.ed-example.com\",\"port\":443,"
	                 "\"protocol_type_id\":2}]}", NULL), 200);
	term *t = fx_open_wide(f);
	fx_open_group(t, "ed-rr", "rr1.ed-example.com");
	fx_select(t, "rr1.ed-example.com");
	emu_clear_log(f->emu);
	key_idle(t, "d");
	key_idle(t, "y");
	see(f, t, "not deleted:");
	TERM_ASSERT_CONTAINS(t, "only entry of group");
	TERM_ASSERT_CONTAINS(t, "rr1.ed-example.com");
	assert_int_equal(emu_log_count_writes(f->emu), 0);
	/* the group goes, with its entry */
	key_idle(t, "q");
	TERM_ASSERT_CONTAINS(t, "ed-web");
	fx_select(t, "ed-rr");
	key_idle(t, "d");
	TERM_ASSERT_CONTAINS(t, "delete group \"ed-rr\"?");
	key_idle(t, "y");
	see(f, t, "group \"ed-rr\" deleted");
	int row = term_find_row(t, "ed-rr");
	if (row != term_rows(t) - 1) {           /* only the status line names it */
		term_dump(t, stderr);
		fail_msg("the list still shows ed-rr (row %d)", row);
	}
	assert_int_equal(emu_log_count(f->emu, "DELETE", API "/groups/200002"), 1);
	assert_int_equal(emu_log_count_writes(f->emu), 1);
	assert_null(ed_group_named(f, "ed-rr"));
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_test_setup_edgio, fx_test_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_create_group_then_its_entry),
		T(test_first_entry_refused_group_stays),
		T(test_edit_group_settings),
		T(test_add_edit_delete_entry),
		T(test_rules_before_sending),
		T(test_server_400_on_field_keeps_input),
		T(test_last_entry_refused_then_group_deleted),
	};
	return cmocka_run_group_tests_name("e2e_form_edgio", tests, fx_group_setup_multi,
	                                   fx_group_teardown);
}
