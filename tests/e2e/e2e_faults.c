/* End to end: the fault matrix (issue 11, sections 4 and 6). For each
 * provider, loading the list and one write (Gcore and Yandex: toggle enabled;
 * Edgio: make primary) under each fault the emulator can inject. Every case
 * checks that origo keeps taking keys, that the status says what happened in
 * words a person can act on, that after `r` the row shows the server's true
 * state, that the emulator holds no change but the one asked for (and that
 * one only if it was applied), and that no write was sent twice.
 *
 * Short timeouts keep it quick: timeout_seconds = 1 and a settle grace of
 * 2 s (ORIGO_SETTLE_SECONDS); a late write lands 1.8 s after it was sent,
 * after origo gave up on it and before the grace period ends. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tests/e2e/fixture.h"
#include "tests/e2e/seed.h"

#define TIMEOUT_CFG "timeout_seconds = 1;"
#define SETTLE_ENV "ORIGO_SETTLE_SECONDS=2"

/* One provider's write: which row, which key, which flag in which state. */
typedef struct prov {
	const char *account;       /* the config's account, made the default */
	const char *section;       /* its part of /_emu/state */
	const char *group;         /* the group's name on screen */
	const char *group_id;      /* its id in the state (text) */
	const char *row;           /* text of the row acted on */
	const char *id_field;      /* the source's identifying field in the state */
	const char *id_value;
	const char *flag;          /* the flag's field in the state */
	const char *key;           /* the key that changes it */
	const char *column;        /* the column showing it */
	const char *write_prefix;  /* path of the one write */
	const char *list_prefix;   /* path of the list's reads */
	/* a change behind origo's back: another source's field */
	const char *other_value;   /* that source's id_value */
	const char *other_field;
	const char *other_new;     /* its new value (JSON) */
} prov;

static const prov PROVS[] = {
	{ "gcore", "gcore", "static-assets", "104", "static2.example.com", "source",
	  "static2.example.com", "enabled", TK_SPACE, "ENABLED", "/cdn/origin_groups/104",
	  "/cdn/origin_groups", "static1.example.com", "tag", "\"red\"" },
	{ "yandex", "yandex", "yc-web", "9007199254740993", "web2.yc-example.ru", "source",
	  "web2.yc-example.ru", "enabled", TK_SPACE, "ENABLED", "/cdn/v1/origins/9007199254740997",
	  "/cdn/v1/originGroups", "dr.yc-example.net", "enabled", "false" },
	{ "edgio", "edgio", "ed-rr", "200002", "rr1.ed-example.com", "name", "rr1", "is_primary",
	  "P", "PRIMARY", "/cdn/origins/v0.5/http-large/7101",
	  "/cdn/origins/v0.5/http-large/groups", "rr2", "port", "8443" },
};
enum { GCORE, YANDEX, EDGIO };

/* ---- the emulator's state ------------------------------------------------ */

static bool id_is(const cJSON *v, const char *want)
{
	char buf[64];
	if (cJSON_IsString(v))
		return strcmp(v->valuestring, want) == 0;
	if (cJSON_IsNumber(v)) {
		snprintf(buf, sizeof buf, "%.0f", v->valuedouble);
		return strcmp(buf, want) == 0;
	}
	return false;
}

/* The provider's groups in GET /_emu/state (a copy: cJSON_Delete). */
static cJSON *groups_of(fx *f, const prov *p)
{
	cJSON *st = emu_get_state(f->emu);
	assert_non_null(st);
	cJSON *sec = cJSON_GetObjectItemCaseSensitive(st, p->section);
	cJSON *g = cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(sec, "groups"), true);
	cJSON_Delete(st);
	assert_non_null(g);
	return g;
}

static cJSON *group_in(cJSON *groups, const prov *p)
{
	cJSON *g;
	cJSON_ArrayForEach(g, groups)
		if (id_is(cJSON_GetObjectItemCaseSensitive(g, "id"), p->group_id))
			return g;
	return NULL;
}

/* A source of the group: `sources` (Gcore) or `origins` (Yandex, Edgio). */
static cJSON *source_in(cJSON *groups, const prov *p, const char *value)
{
	cJSON *g = group_in(groups, p);
	assert_non_null(g);
	cJSON *list = cJSON_GetObjectItemCaseSensitive(g, "sources");
	if (!list)
		list = cJSON_GetObjectItemCaseSensitive(g, "origins");
	cJSON *s;
	cJSON_ArrayForEach(s, list) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(s, p->id_field);
		if (cJSON_IsString(v) && strcmp(v->valuestring, value) == 0)
			return s;
	}
	fail_msg("no source %s in group %s of the emulator", value, p->group_id);
	return NULL;
}

static bool flag_of(cJSON *groups, const prov *p)
{
	return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(source_in(groups, p, p->id_value),
	                                                     p->flag));
}

static void set_field(cJSON *groups, const prov *p, const char *value, const char *field,
                      cJSON *v)
{
	cJSON *s = source_in(groups, p, value);
	if (cJSON_GetObjectItemCaseSensitive(s, field))
		cJSON_ReplaceItemInObjectCaseSensitive(s, field, v);
	else
		cJSON_AddItemToObject(s, field, v);
}

/* Writes sent (token exchanges are not writes of the data). */
static int writes_sent(fx *f)
{
	cJSON *log = emu_get_log(f->emu);
	assert_non_null(log);
	int n = 0;
	const cJSON *it;
	cJSON_ArrayForEach(it, log) {
		const char *m = cJSON_GetObjectItemCaseSensitive(it, "method")->valuestring;
		const char *path = cJSON_GetObjectItemCaseSensitive(it, "path")->valuestring;
		if (strcmp(m, "GET") == 0 || strcmp(path, "/iam/v1/tokens") == 0 ||
		    strcmp(path, "/connect/token") == 0)
			continue;
		n++;
	}
	cJSON_Delete(log);
	return n;
}

/* ---- origo ---------------------------------------------------------------- */

static term *open_on(fx *f, const prov *p)
{
	char *env[] = { SETTLE_ENV, NULL };
	term *t = fx_open_size(f, NULL, env, 30, 160);
	fx_open_group(t, p->group, p->row);
	fx_select(t, p->row);
	return t;
}

static void assert_alive_and_taking_keys(term *t)
{
	assert_true(term_alive(t));
	unsigned long before = term_keys_sent(t);
	term_key(t, "j");
	TERM_IDLE(t);
	assert_true(term_idle_keys(t) >= (long)before + 1);
	term_key(t, "k");
	TERM_IDLE(t);
}

static void assert_status_has(fx *f, term *t, const char *const *words, const char *what)
{
	const char *st = fx_status(t);
	for (size_t i = 0; words[i]; i++) {
		if (!strstr(st, words[i])) {
			term_dump(t, stderr);
			fx_print_log(f);
			fail_msg("%s: the status lacks \"%s\": \"%s\"", what, words[i], st);
		}
	}
}

/* The row shows the emulator's value of the flag. */
static void assert_row_true(fx *f, term *t, const prov *p, const char *what)
{
	cJSON *g = groups_of(f, p);
	bool on = flag_of(g, p);
	cJSON_Delete(g);
	char cell[64];
	fx_cell_under(t, p->row, p->column, cell, sizeof cell);
	if (strcmp(cell, on ? "yes" : "no") != 0) {
		term_dump(t, stderr);
		fail_msg("%s: the row shows %s \"%s\", the server holds %s", what, p->column, cell,
		         on ? "yes" : "no");
	}
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

/* ---- the write cases ------------------------------------------------------ */

typedef struct wcase {
	const char *name;
	const char *fault;          /* the fault's fields after method and path */
	bool applied;               /* the server holds the change at the end */
	bool settles;               /* the outcome stays unknown: the group waits */
	const char *words[5];       /* the status holds each (NULL-ended) */
} wcase;

static const wcase WCASES[] = {
	{ "500 with a message", "\"action\":\"status\",\"status\":500,"
	  "\"body\":\"{\\\"code\\\":13,\\\"message\\\":\\\"Backend is down for maintenance\\\"}\"",
	  false, false, { "Backend is down for maintenance", "HTTP 500", NULL } },
	{ "429 with Retry-After", "\"action\":\"status\",\"status\":429,\"retry_after\":\"7\","
	  "\"body\":\"{\\\"code\\\":8,\\\"message\\\":\\\"Too many requests, slow down\\\"}\"",
	  false, false, { "Too many requests, slow down", "HTTP 429", "retry after 7 s", NULL } },
	{ "connection reset", "\"action\":\"reset\"",
	  false, true, { "may or may not have been applied", "press r", NULL } },
	{ "malformed body", "\"action\":\"malformed\",\"body\":\"{\\\"id\\\": <html>oops\"",
	  false, true, { "may or may not have been applied", "press r", NULL } },
	{ "truncated body (applied)", "\"action\":\"truncate\"",
	  true, false, { "confirmed", "truncated response from 127.0.0.1",
	                 "the server shows the change", NULL } },
	{ "no answer before the timeout, lands late", "\"action\":\"latency\",\"latency_ms\":1800",
	  true, true, { "timed out", "127.0.0.1", "may or may not have been applied", "press r" } },
	{ "applied, answered 502", "\"action\":\"status\",\"status\":502,\"apply\":true,"
	  "\"body\":\"<html>Bad Gateway</html>\"",
	  true, false, { "confirmed", "HTTP 502", "the server shows the change", NULL } },
	{ "applied, answered 503", "\"action\":\"status\",\"status\":503,\"apply\":true",
	  true, false, { "confirmed", "HTTP 503", "the server shows the change", NULL } },
	{ "applied, answered 504", "\"action\":\"status\",\"status\":504,\"apply\":true",
	  true, false, { "confirmed", "HTTP 504", "the server shows the change", NULL } },
	/* Gcore and Edgio read the group after any 200 and see the change:
	 * then there is nothing to note */
	{ "applied, malformed 200", "\"action\":\"malformed\",\"apply\":true",
	  true, false, { "confirmed", NULL } },
	{ "applied, answer lost (reset)", "\"action\":\"reset\",\"apply\":true",
	  true, false, { "confirmed", "127.0.0.1", "the server shows the change", NULL } },
};
#define N_WCASES (sizeof WCASES / sizeof WCASES[0])

static void setup_provider(fx *f, const prov *p)
{
	assert_int_equal(fx_reset_all(f), 0);
	/* Yandex's operations are done in the first answer, as a real one is
	 * done on its own: an answer origo cannot read leaves no operation
	 * waiting for a poll in the emulator. */
	assert_int_equal(emu_settings(f->emu, "{\"operation_polls\":0}"), 0);
	assert_int_equal(fx_write_config_multi(f, p->account, TIMEOUT_CFG, NULL, NULL), 0);
}

static void run_write_case(fx *f, const prov *p, const wcase *c)
{
	char what[256];
	snprintf(what, sizeof what, "%s: write, %s", p->account, c->name);
	setup_provider(f, p);
	cJSON *before = groups_of(f, p);
	bool old = flag_of(before, p);
	term *t = open_on(f, p);

	char fault[1024];
	snprintf(fault, sizeof fault, "{\"method\":\"WRITE\",\"path_prefix\":\"%s\",\"times\":1,%s}",
	         p->write_prefix, c->fault);
	assert_int_equal(emu_add_fault(f->emu, fault), 0);
	emu_clear_log(f->emu);
	term_key(t, p->key);
	TERM_IDLE_MS(t, 15000);
	assert_status_has(f, t, c->words, what);
	assert_alive_and_taking_keys(t);

	if (c->settles) {
		/* the same change again at once: refused, nothing sent (a late
		 * write is logged only once the emulator has served it) */
		fx_select(t, p->row);
		term_key(t, p->key);
		TERM_IDLE(t);
		static const char *const wait_words[] = { "waiting to settle an unknown write",
		                                          "retry in", NULL };
		assert_status_has(f, t, wait_words, what);
		assert_true(writes_sent(f) <= 1);
		/* a late write lands meanwhile: the emulator logs it once served */
		for (int ms = 0; c->applied && writes_sent(f) < 1 && ms < 5000; ms += 50)
			sleep_ms(50);
	}
	if (writes_sent(f) != 1) {
		fx_print_log(f);
		fail_msg("%s: want exactly one write, got %d", what, writes_sent(f));
	}
	term_key(t, "r");
	TERM_IDLE(t);
	assert_row_true(f, t, p, what);

	/* the emulator: the one change asked for, only if applied */
	cJSON *after = groups_of(f, p);
	if (flag_of(after, p) != (c->applied ? !old : old)) {
		fx_print_log(f);
		fail_msg("%s: the server should %s the change", what, c->applied ? "hold" : "not hold");
	}
	cJSON *want = cJSON_Duplicate(before, true);
	set_field(want, p, p->id_value, p->flag, cJSON_CreateBool(c->applied ? !old : old));
	if (!cJSON_Compare(group_in(after, p), group_in(want, p), true)) {
		char *a = cJSON_PrintUnformatted(group_in(after, p));
		char *b = cJSON_PrintUnformatted(group_in(want, p));
		fprintf(stderr, "server: %s\nwanted: %s\n", a, b);
		free(a);
		free(b);
		fail_msg("%s: the server holds a change that was not asked for", what);
	}
	cJSON_Delete(want);
	cJSON_Delete(after);
	cJSON_Delete(before);
	assert_int_equal(writes_sent(f), 1);
	assert_int_equal(fx_close_term(f), 0);
}

static void test_write_faults(void **state, const prov *p)
{
	fx *f = *state;
	for (size_t i = 0; i < N_WCASES; i++)
		run_write_case(f, p, &WCASES[i]);
}

static void test_gcore_write_faults(void **state) { test_write_faults(state, &PROVS[GCORE]); }
static void test_yandex_write_faults(void **state) { test_write_faults(state, &PROVS[YANDEX]); }
static void test_edgio_write_faults(void **state) { test_write_faults(state, &PROVS[EDGIO]); }

/* ---- a change made behind origo's back survives its next write ------------ */

static void test_behind_back(void **state, const prov *p)
{
	fx *f = *state;
	setup_provider(f, p);
	cJSON *before = groups_of(f, p);
	bool old = flag_of(before, p);
	term *t = open_on(f, p);

	/* someone else changes another source of the group */
	cJSON *changed = cJSON_Duplicate(group_in(before, p), true);
	cJSON *wrap = cJSON_CreateArray();
	cJSON_AddItemToArray(wrap, changed);
	set_field(wrap, p, p->other_value, p->other_field, cJSON_Parse(p->other_new));
	char *text = cJSON_PrintUnformatted(changed);
	char path[160];
	snprintf(path, sizeof path, "/_emu/%s/%s/%s", p->section,
	         strcmp(p->section, "yandex") == 0 ? "originGroups" : "groups", p->group_id);
	assert_int_equal(emu_request(f->emu, "PUT", path, text, NULL), 200);
	free(text);

	emu_clear_log(f->emu);
	term_key(t, p->key);
	TERM_IDLE(t);
	static const char *const ok[] = { "confirmed", NULL };
	assert_status_has(f, t, ok, p->account);
	assert_int_equal(writes_sent(f), 1);

	cJSON *after = groups_of(f, p);
	set_field(wrap, p, p->id_value, p->flag, cJSON_CreateBool(!old));
	if (!cJSON_Compare(group_in(after, p), changed, true)) {
		char *a = cJSON_PrintUnformatted(group_in(after, p)), *b = cJSON_PrintUnformatted(changed);
		fprintf(stderr, "server: %s\nwanted: %s\n", a, b);
		free(a);
		free(b);
		fail_msg("%s: the change made behind origo's back did not survive its write", p->account);
	}
	term_key(t, "r");
	TERM_IDLE(t);
	assert_row_true(f, t, p, p->account);
	cJSON_Delete(after);
	cJSON_Delete(wrap);
	cJSON_Delete(before);
}

static void test_gcore_behind_back(void **state) { test_behind_back(state, &PROVS[GCORE]); }
static void test_yandex_behind_back(void **state) { test_behind_back(state, &PROVS[YANDEX]); }
static void test_edgio_behind_back(void **state) { test_behind_back(state, &PROVS[EDGIO]); }

/* ---- a late write does not undo a later one (Gcore: PATCH sends every
 * source) ------------------------------------------------------------------- */

static void test_gcore_late_write_does_not_undo_a_later_one(void **state)
{
	fx *f = *state;
	setup_provider(f, &PROVS[GCORE]);
	char *env[] = { SETTLE_ENV, NULL };
	term *t = fx_open_size(f, NULL, env, 30, 160);
	fx_open_group(t, "web-main", "origin2.example.com");
	assert_int_equal(emu_add_fault(f->emu, "{\"method\":\"PATCH\",\"path_prefix\":"
	                 "\"/cdn/origin_groups/101\",\"times\":1,\"action\":\"latency\","
	                 "\"latency_ms\":1800}"), 0);
	emu_clear_log(f->emu);
	fx_select(t, "origin2.example.com");
	term_key(t, TK_SPACE);           /* enabled on: times out, lands later */
	TERM_IDLE_MS(t, 15000);
	static const char *const unknown[] = { "timed out", "may or may not have been applied", NULL };
	assert_status_has(f, t, unknown, "late write");

	fx_select(t, "backup.example.net");
	term_key(t, "b");                /* backup off, at once: refused */
	TERM_IDLE(t);
	static const char *const waiting[] = { "web-main: waiting to settle an unknown write",
	                                       "retry in", NULL };
	assert_status_has(f, t, waiting, "second write during the grace period");
	/* the late PATCH lands, then the grace period ends */
	for (int ms = 0; emu_log_count(f->emu, "PATCH", "/cdn/origin_groups/101") < 1 && ms < 5000;
	     ms += 50)
		sleep_ms(50);
	sleep_ms(2200);
	term_key(t, "b");                /* now it goes, after a fresh read */
	TERM_IDLE(t);
	static const char *const ok[] = { "confirmed", NULL };
	assert_status_has(f, t, ok, "write after the grace period");
	assert_int_equal(emu_log_count(f->emu, "PATCH", "/cdn/origin_groups/101"), 2);

	cJSON *g = emu_get_group(f->emu, "101");
	assert_non_null(g);
	const cJSON *s;
	int checked = 0;
	cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(g, "sources")) {
		const char *h = cJSON_GetObjectItemCaseSensitive(s, "source")->valuestring;
		if (strcmp(h, "origin2.example.com:8080") == 0) {
			/* the late write's change was not undone by the later PATCH */
			assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(s, "enabled")));
			checked++;
		} else if (strcmp(h, "backup.example.net") == 0) {
			assert_true(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(s, "backup")));
			checked++;
		}
	}
	cJSON_Delete(g);
	assert_int_equal(checked, 2);
	term_key(t, "r");
	TERM_IDLE(t);
	char cell[64];
	fx_cell_under(t, "origin2.example.com", "ENABLED", cell, sizeof cell);
	assert_string_equal(cell, "yes");
}

/* ---- loading the list ------------------------------------------------------ */

typedef struct lcase {
	const char *name;
	const char *fault;          /* after method and path */
	bool recovers;              /* retried: the list loads by itself */
	const char *words[3];       /* else the status holds each */
} lcase;

static const lcase LCASES[] = {
	{ "500 with a message (every attempt)", "\"action\":\"status\",\"status\":500,"
	  "\"body\":\"{\\\"code\\\":13,\\\"message\\\":\\\"Backend is down for maintenance\\\"}\"",
	  false, { "Backend is down for maintenance", "HTTP 500", NULL } },
	{ "429 with Retry-After", "\"times\":1,\"action\":\"status\",\"status\":429,"
	  "\"retry_after\":\"1\",\"body\":\"{\\\"message\\\":\\\"Too many requests\\\"}\"",
	  true, { NULL } },
	{ "connection reset once", "\"times\":1,\"action\":\"reset\"", true, { NULL } },
	{ "malformed body", "\"action\":\"malformed\"", false, { "127.0.0.1", NULL } },
	{ "truncated body", "\"action\":\"truncate\"", false, { "truncated response from 127.0.0.1",
	                                                        NULL } },
	{ "no answer before the timeout", "\"action\":\"latency\",\"latency_ms\":1500",
	  false, { "timed out", "127.0.0.1", NULL } },
};
#define N_LCASES (sizeof LCASES / sizeof LCASES[0])

static void test_list_faults(void **state, const prov *p)
{
	fx *f = *state;
	for (size_t i = 0; i < N_LCASES; i++) {
		const lcase *c = &LCASES[i];
		char what[256];
		snprintf(what, sizeof what, "%s: list, %s", p->account, c->name);
		setup_provider(f, p);
		char fault[1024];
		snprintf(fault, sizeof fault, "{\"method\":\"GET\",\"path_prefix\":\"%s\",%s}",
		         p->list_prefix, c->fault);
		assert_int_equal(emu_add_fault(f->emu, fault), 0);
		char *env[] = { SETTLE_ENV, NULL };
		term *t = fx_spawn(f, NULL, env, 30, 160);
		assert_non_null(t);
		TERM_IDLE_MS(t, 20000);
		if (c->recovers) {
			if (!term_contains(t, p->group)) {
				term_dump(t, stderr);
				fail_msg("%s: a retried read should load the list", what);
			}
		} else {
			assert_status_has(f, t, c->words, what);
			TERM_ASSERT_LACKS(t, p->group);
		}
		assert_alive_and_taking_keys(t);
		assert_int_equal(emu_clear_faults(f->emu), 0);
		term_key(t, "r");
		TERM_IDLE_MS(t, 15000);
		if (!term_contains(t, p->group)) {
			term_dump(t, stderr);
			fail_msg("%s: after r the list should load", what);
		}
		assert_int_equal(writes_sent(f), 0);
		assert_int_equal(fx_close_term(f), 0);
	}
}

static void test_gcore_list_faults(void **state) { test_list_faults(state, &PROVS[GCORE]); }
static void test_yandex_list_faults(void **state) { test_list_faults(state, &PROVS[YANDEX]); }
static void test_edgio_list_faults(void **state) { test_list_faults(state, &PROVS[EDGIO]); }

#define T(fn) cmocka_unit_test_teardown(fn, fx_test_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_gcore_write_faults),
		T(test_yandex_write_faults),
		T(test_edgio_write_faults),
		T(test_gcore_behind_back),
		T(test_yandex_behind_back),
		T(test_edgio_behind_back),
		T(test_gcore_late_write_does_not_undo_a_later_one),
		T(test_gcore_list_faults),
		T(test_yandex_list_faults),
		T(test_edgio_list_faults),
	};
	return cmocka_run_group_tests_name("faults", tests, fx_group_setup_multi, fx_group_teardown);
}
