/* End to end: incident mode on the command line. `origo sources` over three
 * providers; `origo disable|enable ORIGIN` over two accounts with --json and
 * exit codes, an Edgio group skipped with its reason; --dry-run reads and
 * sends nothing, printing the writes without a secret; one bulk run where a
 * group changed behind origo's back gets nothing, the last-active guard
 * refuses one, a 500 fails one only, and the emulator's log shows exactly
 * one write per written group; --read-only; --yes needed without a
 * terminal, the question on one; an unknown origin with its near names; an
 * account that cannot be reached while the others carry on. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

#include "tests/e2e/fixture.h"
#include "tests/e2e/seed.h"

#define SHARED "shared.example.com:80"

/* Gcore: www, api, static use SHARED beside a source of their own; solo has
 * only SHARED (the last-active guard); other uses SHARED's host on 8080.
 * Yandex: yc-web uses SHARED. Edgio: ed-web uses it (no enabled flag). */
static const char STATE[] =
"{\"gcore\":{\"api_key\":\"" FX_API_KEY "\",\"groups\":["
 "{\"id\":301,\"name\":\"www\",\"use_next\":false,\"proxy_next_upstream\":[\"error\"],\"auth_type\":\"none\","
  "\"path\":\"\",\"has_related_resources\":false,\"sources\":["
  "{\"source\":\"" SHARED "\",\"enabled\":true,\"backup\":false,\"host_header_override\":null},"
  "{\"source\":\"www2.example.com\",\"enabled\":true,\"backup\":false,\"host_header_override\":null}]},"
 "{\"id\":302,\"name\":\"api\",\"use_next\":false,\"proxy_next_upstream\":[\"error\"],\"auth_type\":\"none\","
  "\"path\":\"\",\"has_related_resources\":false,\"sources\":["
  "{\"source\":\"" SHARED "\",\"enabled\":true,\"backup\":false,\"host_header_override\":null},"
  "{\"source\":\"api2.example.com\",\"enabled\":true,\"backup\":false,\"host_header_override\":null}]},"
 "{\"id\":303,\"name\":\"solo\",\"use_next\":false,\"proxy_next_upstream\":[\"error\"],\"auth_type\":\"none\","
  "\"path\":\"\",\"has_related_resources\":false,\"sources\":["
  "{\"source\":\"" SHARED "\",\"enabled\":true,\"backup\":false,\"host_header_override\":null}]},"
 "{\"id\":304,\"name\":\"static\",\"use_next\":false,\"proxy_next_upstream\":[\"error\"],\"auth_type\":\"none\","
  "\"path\":\"\",\"has_related_resources\":false,\"sources\":["
  "{\"source\":\"" SHARED "\",\"enabled\":true,\"backup\":false,\"host_header_override\":null},"
  "{\"source\":\"static2.example.com\",\"enabled\":true,\"backup\":false,\"host_header_override\":null}]},"
 "{\"id\":305,\"name\":\"other\",\"use_next\":false,\"proxy_next_upstream\":[\"error\"],\"auth_type\":\"none\","
  "\"path\":\"\",\"has_related_resources\":false,\"sources\":["
  "{\"source\":\"shared.example.com:8080\",\"enabled\":true,\"backup\":false,\"host_header_override\":null},"
  "{\"source\":\"lone.example.com\",\"enabled\":true,\"backup\":false,\"host_header_override\":null}]}]},"
"\"yandex\":{\"folder_id\":\"" SEED_YC_FOLDER "\",\"oauth_tokens\":[\"" SEED_YC_OAUTH "\"],\"groups\":["
 "{\"id\":\"9007199254740993\",\"name\":\"yc-web\",\"useNext\":true,\"providerType\":\"ourcdn\",\"origins\":["
  "{\"id\":\"9007199254740995\",\"source\":\"" SHARED "\",\"enabled\":true,\"backup\":false,"
   "\"meta\":{\"common\":{\"name\":\"" SHARED "\"}}},"
  "{\"id\":\"9007199254740997\",\"source\":\"web2.yc-example.ru\",\"enabled\":true,\"backup\":false,"
   "\"meta\":{\"common\":{\"name\":\"web2.yc-example.ru\"}}}],\"resourcesMetadata\":[]}]},"
"\"edgio\":{\"client_id\":\"" SEED_ED_CLIENT_ID "\",\"client_secret\":\"" SEED_ED_CLIENT_SECRET "\","
 "\"scopes\":[\"cdn.origins\"],\"groups\":["
 "{\"id\":200001,\"platform\":\"http-large\",\"name\":\"ed-web\",\"host_header\":\"www.ed-example.com\","
  "\"network_type_id\":2,\"shield_pops\":[],\"strict_pci_certified\":false,"
  "\"tls_settings\":{\"sni_hostname\":null,\"allow_self_signed\":false,\"public_keys_to_verify\":[]},"
  "\"origins\":[{\"id\":7001,\"name\":\"web1\",\"host\":\"http://shared.example.com\",\"port\":80,"
   "\"is_primary\":true,\"protocol_type_id\":1,\"storage_type_id\":1,\"failover_order\":0}]}]}}";

/* Runs origo with args (no terminal: stdin is /dev/null); fails the test
 * when a secret of any of the three accounts shows in its output. */
static int run(fx *f, char *const args[], char **out, char **err)
{
	char *o = NULL, *e = NULL;
	int rc = fx_run(f, args, NULL, &o, &e);
	static const char *const secrets[] = {
		FX_API_KEY, SEED_YC_OAUTH, SEED_ED_CLIENT_SECRET, NULL,
	};
	for (size_t i = 0; secrets[i]; i++)
		if (fx_has(o, secrets[i]) || fx_has(e, secrets[i])) {
			fprintf(stderr, "stdout: %s\nstderr: %s\n", o, e);
			fail_msg("a secret appeared in the output");
		}
	*out = o ? o : strdup("");
	*err = e ? e : strdup("");
	return rc;
}

static void assert_rc(fx *f, int rc, int want, const char *out, const char *err)
{
	if (rc != want) {
		fprintf(stderr, "stdout: %s\nstderr: %s\n", out, err);
		fx_print_log(f);
		fail_msg("exit status %d, want %d", rc, want);
	}
}

/* The provider API's writes in the log (token exchanges are not the API's). */
static int api_writes(fx *f)
{
	const char *methods[] = { "PATCH", "PUT", "POST", "DELETE" };
	int n = 0;
	for (size_t i = 0; i < 4; i++)
		n += fx_log_count_prefix(f, methods[i], "/cdn");
	return n;
}

/* The result object of group `group` in a bulk --json array. */
static const cJSON *result_of(const cJSON *arr, const char *group)
{
	const cJSON *r;
	cJSON_ArrayForEach(r, arr) {
		const cJSON *g = cJSON_GetObjectItemCaseSensitive(r, "group");
		if (cJSON_IsString(g) && strcmp(g->valuestring, group) == 0)
			return r;
	}
	fail_msg("no result for group %s", group);
	return NULL;
}

static const char *str_of(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
	return cJSON_IsString(v) ? v->valuestring : "";
}

/* The enabled flag of source `source` of Gcore group `id` in the emulator. */
static int gcore_enabled(fx *f, int id, const char *source)
{
	cJSON *st = emu_get_state(f->emu);
	const cJSON *g, *s;
	int v = -1;
	cJSON_ArrayForEach(g, cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(st, "gcore"), "groups")) {
		if (cJSON_GetObjectItemCaseSensitive(g, "id")->valuedouble != id)
			continue;
		cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(g, "sources"))
			if (strcmp(str_of(s, "source"), source) == 0)
				v = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(s, "enabled"));
	}
	cJSON_Delete(st);
	return v;
}

static int yandex_enabled(fx *f)
{
	cJSON *st = emu_get_state(f->emu);
	const cJSON *g = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(st, "yandex"), "groups"), 0);
	const cJSON *o = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(g, "origins"), 0);
	int v = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "enabled"));
	cJSON_Delete(st);
	return v;
}

static void test_sources(void **state)
{
	fx *f = *state;
	char *out, *err;
	char *args[] = { "sources", "--json", NULL };
	int rc = run(f, args, &out, &err);
	assert_rc(f, rc, 0, out, err);
	cJSON *arr = cJSON_Parse(out);
	if (!cJSON_IsArray(arr))
		fail_msg("sources --json is not an array: %.300s", out);
	const cJSON *o, *shared = NULL, *other_port = NULL;
	cJSON_ArrayForEach(o, arr) {
		if (strcmp(str_of(o, "origin"), SHARED) == 0)
			shared = o;
		if (strcmp(str_of(o, "origin"), "shared.example.com:8080") == 0)
			other_port = o;
	}
	assert_non_null(shared);
	assert_non_null(other_port);   /* the same host on another port: another origin */
	/* four Gcore groups, one Yandex, one Edgio (its scheme is no part of it) */
	assert_int_equal(cJSON_GetObjectItemCaseSensitive(shared, "groups")->valueint, 6);
	assert_int_equal(cJSON_GetObjectItemCaseSensitive(shared, "enabled")->valueint, 6);
	assert_int_equal(cJSON_GetObjectItemCaseSensitive(shared, "backup")->valueint, 0);
	const cJSON *accts = cJSON_GetObjectItemCaseSensitive(shared, "accounts");
	assert_int_equal(cJSON_GetArraySize(accts), 3);
	assert_string_equal(cJSON_GetArrayItem(accts, 0)->valuestring, "gcore");
	assert_string_equal(cJSON_GetArrayItem(accts, 1)->valuestring, "yandex");
	assert_string_equal(cJSON_GetArrayItem(accts, 2)->valuestring, "edgio");
	const cJSON *u = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(shared, "used_by"), 0);
	assert_string_equal(str_of(u, "account"), "gcore");
	assert_string_equal(str_of(u, "group"), "api");
	assert_string_equal(str_of(u, "group_id"), "302");
	cJSON_Delete(arr);
	free(out);
	free(err);

	/* the table: one line an origin with its counts and accounts */
	char *args2[] = { "sources", NULL };
	rc = run(f, args2, &out, &err);
	assert_rc(f, rc, 0, out, err);
	assert_true(fx_has(out, "ORIGIN"));
	const char *line = strstr(out, SHARED " ");
	assert_non_null(line);
	char row[256];
	snprintf(row, sizeof row, "%.*s", (int)strcspn(line, "\n"), line);
	assert_non_null(strstr(row, "6/6"));
	assert_non_null(strstr(row, "gcore, yandex, edgio"));
	free(out);
	free(err);
	assert_int_equal(api_writes(f), 0);
}

static void test_dry_run_sends_nothing(void **state)
{
	fx *f = *state;
	char *out, *err;
	char *args[] = { "disable", SHARED, "-g", "www", "-g", "yc-web", "--dry-run", "--json", NULL };
	int rc = run(f, args, &out, &err);
	assert_rc(f, rc, 0, out, err);
	cJSON *arr = cJSON_Parse(out);
	assert_true(cJSON_IsArray(arr));
	assert_int_equal(cJSON_GetArraySize(arr), 2);
	const cJSON *www = result_of(arr, "www");
	assert_string_equal(str_of(www, "outcome"), "dry run");
	const cJSON *req = cJSON_GetObjectItemCaseSensitive(www, "request");
	assert_string_equal(str_of(req, "method"), "PATCH");
	char url[128];
	snprintf(url, sizeof url, "%s/cdn/origin_groups/301", emu_url(f->emu));
	assert_string_equal(str_of(req, "url"), url);
	cJSON *body = cJSON_Parse(str_of(req, "body"));
	const cJSON *s0 = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(body, "sources"), 0);
	assert_string_equal(str_of(s0, "source"), SHARED);
	assert_true(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(s0, "enabled")));
	cJSON_Delete(body);
	const cJSON *yc = result_of(arr, "yc-web");
	assert_string_equal(str_of(yc, "outcome"), "dry run");
	req = cJSON_GetObjectItemCaseSensitive(yc, "request");
	assert_non_null(strstr(str_of(req, "url"), "/cdn/v1/origins/9007199254740995"));
	assert_non_null(strstr(str_of(req, "body"), "\"enabled\": false"));
	cJSON_Delete(arr);
	free(out);
	free(err);

	/* the text form prints method, URL and body under each group */
	char *args2[] = { "disable", SHARED, "-a", "gcore", "-g", "api", "--dry-run", NULL };
	rc = run(f, args2, &out, &err);
	assert_rc(f, rc, 0, out, err);
	assert_true(fx_has(out, "dry run"));
	snprintf(url, sizeof url, "    PATCH %s/cdn/origin_groups/302\n", emu_url(f->emu));
	assert_true(fx_has(out, url));
	assert_true(fx_has(out, "\"source\": \"api2.example.com\""));
	free(out);
	free(err);

	/* the fresh reads went out; no write did */
	assert_true(fx_log_count_prefix(f, "GET", "/cdn/origin_groups/301") >= 1);
	assert_true(fx_log_count_prefix(f, "GET", "/cdn/origin_groups/302") >= 1);
	assert_int_equal(api_writes(f), 0);
	assert_int_equal(gcore_enabled(f, 301, SHARED), 1);
	assert_int_equal(yandex_enabled(f), 1);
}

static void test_disable_enable_two_accounts(void **state)
{
	fx *f = *state;
	char *out, *err;
	char *args[] = { "disable", SHARED, "-a", "gcore", "-a", "yandex", "-a", "edgio",
	                 "-g", "www", "-g", "yc-web", "-g", "ed-web", "--yes", "--json", NULL };
	int rc = run(f, args, &out, &err);
	/* Edgio's group was not set as asked: 1 */
	assert_rc(f, rc, 1, out, err);
	cJSON *arr = cJSON_Parse(out);
	assert_int_equal(cJSON_GetArraySize(arr), 3);
	const cJSON *www = result_of(arr, "www");
	assert_string_equal(str_of(www, "account"), "gcore");
	assert_string_equal(str_of(www, "outcome"), "applied");
	assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(www, "reason")));
	assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(www, "from")));
	assert_true(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(www, "to")));
	assert_string_equal(str_of(result_of(arr, "yc-web"), "outcome"), "applied");
	assert_string_equal(str_of(result_of(arr, "yc-web"), "account"), "yandex");
	const cJSON *ed = result_of(arr, "ed-web");
	assert_string_equal(str_of(ed, "outcome"), "skipped");
	assert_non_null(strstr(str_of(ed, "reason"), "no enabled flag"));
	cJSON_Delete(arr);
	free(out);
	free(err);
	assert_int_equal(gcore_enabled(f, 301, SHARED), 0);
	assert_int_equal(gcore_enabled(f, 302, SHARED), 1);   /* not named with -g */
	assert_int_equal(yandex_enabled(f), 0);
	/* one write a written group, none to Edgio */
	assert_int_equal(fx_log_count_prefix(f, "PATCH", "/cdn/origin_groups/301"), 1);
	assert_int_equal(fx_log_count_prefix(f, "PATCH", "/cdn/v1/origins/9007199254740995"), 1);
	assert_int_equal(api_writes(f), 2);

	/* and back: every group as asked, 0 */
	char *back[] = { "enable", SHARED, "-a", "gcore", "-a", "yandex", "-g", "www", "-g", "yc-web",
	                 "--yes", "--json", NULL };
	rc = run(f, back, &out, &err);
	assert_rc(f, rc, 0, out, err);
	arr = cJSON_Parse(out);
	assert_string_equal(str_of(result_of(arr, "www"), "outcome"), "applied");
	assert_string_equal(str_of(result_of(arr, "yc-web"), "outcome"), "applied");
	cJSON_Delete(arr);
	free(out);
	free(err);
	assert_int_equal(gcore_enabled(f, 301, SHARED), 1);
	assert_int_equal(yandex_enabled(f), 1);

	/* enabling again: already so everywhere, nothing sent, 0 */
	int before = api_writes(f);
	rc = run(f, back, &out, &err);
	assert_rc(f, rc, 0, out, err);
	arr = cJSON_Parse(out);
	assert_string_equal(str_of(result_of(arr, "www"), "outcome"), "already");
	cJSON_Delete(arr);
	free(out);
	free(err);
	assert_int_equal(api_writes(f), before);
}

static bool log_has_list(fx *f)
{
	return fx_log_count_prefix(f, "GET", "/cdn/origin_groups") > 0;
}

/* The whole origin at once, in a terminal (it runs while the test changes
 * a group): www applied, api answers 500, solo protected by the guard,
 * static changed behind origo's back after origo read it, yc-web applied,
 * ed-web skipped. */
static void test_bulk_faults(void **state)
{
	fx *f = *state;
	emu_add_fault(f->emu, "{\"method\":\"PATCH\",\"path_prefix\":\"/cdn/origin_groups/302\","
	                      "\"action\":\"status\",\"status\":500}");
	/* static's fresh read waits long enough for the change below to land */
	emu_add_fault(f->emu, "{\"method\":\"GET\",\"path_prefix\":\"/cdn/origin_groups/304\","
	                      "\"action\":\"latency\",\"latency_ms\":1500,\"times\":1}");
	char *args[] = { "disable", SHARED, "--yes", NULL };
	term *t = fx_spawn(f, args, NULL, 40, 200);
	assert_non_null(t);
	/* once the list has been served, static changes on the server */
	for (int i = 0; i < 500 && !log_has_list(f); i++)
		usleep(10000);
	assert_true(log_has_list(f));
	assert_int_equal(emu_put_group(f->emu, "304",
	    "{\"id\":304,\"name\":\"static\",\"use_next\":false,\"proxy_next_upstream\":[\"error\"],"
	    "\"auth_type\":\"none\",\"path\":\"\",\"has_related_resources\":false,\"sources\":["
	    "{\"source\":\"" SHARED "\",\"enabled\":true,\"backup\":false,"
	    "\"host_header_override\":\"changed.example.com\"},"
	    "{\"source\":\"static2.example.com\",\"enabled\":true,\"backup\":false,"
	    "\"host_header_override\":null}]}"), 0);
	int status = -1;
	assert_int_equal(term_wait_exit(t, 30000, &status), 0);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 1) {
		term_dump(t, stderr);
		fx_print_log(f);
		fail_msg("exit status %d, want 1", status);
	}
	struct { const char *group, *word; } want[] = {
		{ "www", "applied" }, { "api", "failed" }, { "solo", "refused" },
		{ "static", "conflict" }, { "yc-web", "applied" }, { "ed-web", "skipped" },
	};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		char needle[64];
		snprintf(needle, sizeof needle, " %s ", want[i].group);
		int r = term_find_row(t, needle);
		if (r < 0 || !strstr(term_row(t, r), want[i].word)) {
			term_dump(t, stderr);
			fail_msg("group %s: want %s", want[i].group, want[i].word);
		}
	}
	assert_non_null(strstr(term_row(t, term_find_row(t, " api ")), "500"));
	assert_non_null(strstr(term_row(t, term_find_row(t, " solo ")), "last enabled non-backup"));
	assert_non_null(strstr(term_row(t, term_find_row(t, " static ")), "changed on the server"));
	assert_true(term_contains(t, "disabled in 2/4 groups; 1 conflict, 1 failed"));
	term_free(f->t);
	f->t = NULL;

	/* exactly one write a written group, none elsewhere */
	assert_int_equal(fx_log_count_prefix(f, "PATCH", "/cdn/origin_groups/301"), 1);
	assert_int_equal(fx_log_count_prefix(f, "PATCH", "/cdn/origin_groups/302"), 1);
	assert_int_equal(fx_log_count_prefix(f, "PATCH", "/cdn/origin_groups/303"), 0);
	assert_int_equal(fx_log_count_prefix(f, "PATCH", "/cdn/origin_groups/304"), 0);
	assert_int_equal(fx_log_count_prefix(f, "PATCH", "/cdn/origin_groups/305"), 0);
	assert_int_equal(fx_log_count_prefix(f, "PATCH", "/cdn/v1/origins/9007199254740995"), 1);
	assert_int_equal(api_writes(f), 3);
	assert_int_equal(gcore_enabled(f, 301, SHARED), 0);
	assert_int_equal(gcore_enabled(f, 302, SHARED), 1);   /* the 500 changed nothing */
	assert_int_equal(gcore_enabled(f, 303, SHARED), 1);
	assert_int_equal(gcore_enabled(f, 304, SHARED), 1);
}

/* A network failure mid-batch: www's write is cut after the server applied
 * it (read again, it shows the change: applied, with the note); api's is cut
 * before (read again, it does not: not applied, with the reason); static's
 * answer is lost and its read after the write fails as well, so nothing can
 * settle it: "may have been applied", never a guess either way. */
static void test_network_failure_mid_batch(void **state)
{
	fx *f = *state;
	assert_int_equal(emu_add_fault(f->emu, "{\"method\":\"WRITE\",\"path_prefix\":\"/cdn/origin_groups/301\","
	                      "\"action\":\"reset\",\"apply\":true,\"times\":1}"), 0);
	assert_int_equal(emu_add_fault(f->emu, "{\"method\":\"WRITE\",\"path_prefix\":\"/cdn/origin_groups/302\","
	                      "\"action\":\"reset\",\"times\":1}"), 0);
	assert_int_equal(emu_add_fault(f->emu, "{\"method\":\"WRITE\",\"path_prefix\":\"/cdn/origin_groups/304\","
	                      "\"action\":\"reset\",\"apply\":true,\"times\":1}"), 0);
	/* static's fresh read goes through (the first fault, used up by it);
	 * every read of it after that is cut */
	assert_int_equal(emu_add_fault(f->emu, "{\"method\":\"GET\",\"path_prefix\":\"/cdn/origin_groups/304\","
	                      "\"action\":\"latency\",\"latency_ms\":0,\"times\":1}"), 0);
	assert_int_equal(emu_add_fault(f->emu, "{\"method\":\"GET\",\"path_prefix\":\"/cdn/origin_groups/304\","
	                      "\"action\":\"reset\"}"), 0);
	char *out, *err;
	char *args[] = { "disable", SHARED, "-a", "gcore", "-g", "www", "-g", "api", "-g", "static",
	                 "--yes", "--json", NULL };
	int rc = run(f, args, &out, &err);
	assert_rc(f, rc, 1, out, err);
	cJSON *arr = cJSON_Parse(out);
	if (cJSON_GetArraySize(arr) != 3) {
		fprintf(stderr, "stdout: %s\n", out);
		fail_msg("want three results");
	}
	const cJSON *www = result_of(arr, "www");
	assert_string_equal(str_of(www, "outcome"), "applied");
	assert_non_null(strstr(str_of(www, "reason"), "the server shows the change"));
	const cJSON *api = result_of(arr, "api");
	assert_string_equal(str_of(api, "outcome"), "failed");
	assert_non_null(strstr(str_of(api, "reason"), "127.0.0.1"));
	assert_non_null(strstr(str_of(api, "reason"), "not applied"));
	assert_null(strstr(str_of(api, "reason"), "may"));
	const cJSON *st = result_of(arr, "static");
	assert_string_equal(str_of(st, "outcome"), "may have been applied");
	assert_non_null(strstr(str_of(st, "reason"), "may or may not have been applied"));
	cJSON_Delete(arr);
	free(out);
	free(err);

	/* one write a group, each read again after its cut answer */
	assert_int_equal(fx_log_count_prefix(f, "PATCH", "/cdn/origin_groups/301"), 1);
	assert_int_equal(fx_log_count_prefix(f, "PATCH", "/cdn/origin_groups/302"), 1);
	assert_int_equal(fx_log_count_prefix(f, "PATCH", "/cdn/origin_groups/304"), 1);
	assert_int_equal(api_writes(f), 3);
	assert_int_equal(fx_log_count_prefix(f, "GET", "/cdn/origin_groups/301"), 2);
	assert_int_equal(fx_log_count_prefix(f, "GET", "/cdn/origin_groups/302"), 2);
	assert_true(fx_log_count_prefix(f, "GET", "/cdn/origin_groups/304") >= 2);
	/* the server: what origo said, or (static) what it could not know */
	assert_int_equal(gcore_enabled(f, 301, SHARED), 0);
	assert_int_equal(gcore_enabled(f, 302, SHARED), 1);
	assert_int_equal(gcore_enabled(f, 304, SHARED), 0);

	/* the text form says the same, one line a group */
	assert_int_equal(fx_reset_all(f), 0);
	assert_int_equal(fx_write_config_multi(f, NULL, NULL, NULL, NULL), 0);
	assert_int_equal(emu_add_fault(f->emu, "{\"method\":\"WRITE\",\"path_prefix\":\"/cdn/origin_groups/302\","
	                      "\"action\":\"reset\",\"times\":1}"), 0);
	char *args2[] = { "disable", SHARED, "-a", "gcore", "-g", "www", "-g", "api", "--yes", NULL };
	rc = run(f, args2, &out, &err);
	assert_rc(f, rc, 1, out, err);
	const char *line = strstr(out, "api ");
	assert_non_null(line);
	char row[512];
	snprintf(row, sizeof row, "%.*s", (int)strcspn(line, "\n"), line);
	assert_non_null(strstr(row, "failed"));
	assert_non_null(strstr(row, "not applied"));
	assert_true(fx_has(out, "disabled in 1/2 groups; 1 failed"));
	free(out);
	free(err);
}

static void test_read_only_refused(void **state)
{
	fx *f = *state;
	char *out, *err;
	char *args[] = { "--read-only", "disable", SHARED, "-a", "gcore", "-g", "www", "--json", NULL };
	int rc = run(f, args, &out, &err);
	assert_rc(f, rc, 1, out, err);
	cJSON *arr = cJSON_Parse(out);
	const cJSON *www = result_of(arr, "www");
	assert_string_equal(str_of(www, "outcome"), "refused");
	assert_string_equal(str_of(www, "reason"), "read-only: writes are refused (--read-only)");
	cJSON_Delete(arr);
	free(out);
	free(err);
	/* the account's own setting says so too */
	fx_write_config_multi(f, NULL, NULL, NULL, NULL);
	char *cfg = NULL;
	FILE *in = fopen(f->config_path, "r");
	assert_non_null(in);
	fseek(in, 0, SEEK_END);
	long n = ftell(in);
	fseek(in, 0, SEEK_SET);
	cfg = calloc(1, (size_t)n + 32);
	assert_int_equal(fread(cfg, 1, (size_t)n, in), (size_t)n);
	fclose(in);
	char *text = calloc(1, (size_t)n + 64);
	snprintf(text, (size_t)n + 64, "read_only = true;\n%s", cfg);
	assert_int_equal(fx_write_config_text(f, text), 0);
	free(cfg);
	free(text);
	char *args2[] = { "enable", SHARED, "-a", "yandex", NULL };
	rc = run(f, args2, &out, &err);
	assert_rc(f, rc, 0, out, err);   /* already enabled: nothing to refuse */
	free(out);
	free(err);
	char *args3[] = { "disable", SHARED, "-a", "yandex", NULL };
	rc = run(f, args3, &out, &err);
	assert_rc(f, rc, 1, out, err);
	assert_true(fx_has(out, "read-only: writes are refused (read_only = true in the config)"));
	free(out);
	free(err);
	assert_int_equal(api_writes(f), 0);
}

static void test_yes_needed_without_terminal(void **state)
{
	fx *f = *state;
	char *out, *err;
	char *args[] = { "disable", SHARED, NULL };
	int rc = run(f, args, &out, &err);
	assert_rc(f, rc, 2, out, err);
	assert_true(fx_has(err, "would change 4 groups on 2 accounts"));
	assert_true(fx_has(err, "--yes"));
	assert_string_equal(out, "");
	free(out);
	free(err);
	assert_int_equal(api_writes(f), 0);
	/* one group needs no question */
	char *one[] = { "disable", SHARED, "-g", "www", NULL };
	rc = run(f, one, &out, &err);
	assert_rc(f, rc, 0, out, err);
	assert_true(fx_has(out, "disabled in 1/1 group"));
	free(out);
	free(err);
	assert_int_equal(api_writes(f), 1);
}

/* On a terminal the question states the groups and accounts; n sends
 * nothing, y goes on. */
static void test_question_on_terminal(void **state)
{
	fx *f = *state;
	char *args[] = { "disable", SHARED, "-g", "www", "-g", "api", "-g", "yc-web", NULL };
	term *t = fx_spawn(f, args, NULL, 24, 160);
	assert_non_null(t);
	assert_int_equal(term_wait_text(t, "Disable " SHARED " in 3 groups on 2 accounts? (y/n)", 20000), 0);
	term_keys(t, "n\r");
	int status = -1;
	assert_int_equal(term_wait_exit(t, 20000, &status), 0);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 1);
	assert_true(term_contains(t, "nothing was sent"));
	term_free(f->t);
	f->t = NULL;
	assert_int_equal(api_writes(f), 0);

	t = fx_spawn(f, args, NULL, 24, 160);
	assert_non_null(t);
	assert_int_equal(term_wait_text(t, "(y/n)", 20000), 0);
	term_keys(t, "y\r");
	assert_int_equal(term_wait_exit(t, 20000, &status), 0);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_true(term_contains(t, "disabled in 3/3 groups"));
	term_free(f->t);
	f->t = NULL;
	assert_int_equal(api_writes(f), 3);
}

static void test_unknown_origin(void **state)
{
	fx *f = *state;
	char *out, *err;
	char *args[] = { "disable", "shared.example.com", "--yes", NULL };
	int rc = run(f, args, &out, &err);
	assert_rc(f, rc, 1, out, err);
	assert_true(fx_has(err, "origo: shared.example.com is used by no group; "
	                        "shared.example.com:80, shared.example.com:8080 are"));
	free(out);
	free(err);
	char *bad[] = { "backup", SHARED, NULL };   /* neither --on nor --off */
	rc = run(f, bad, &out, &err);
	assert_rc(f, rc, 2, out, err);
	assert_true(fx_has(err, "--on or --off"));
	free(out);
	free(err);
	char *noacct[] = { "sources", "-a", "nosuch", NULL };
	rc = run(f, noacct, &out, &err);
	assert_rc(f, rc, 2, out, err);
	assert_true(fx_has(err, "nosuch"));
	free(out);
	free(err);
	assert_int_equal(api_writes(f), 0);
}

/* An account nobody answers for: its line says so, the others carry on. */
static void test_unreachable_account(void **state)
{
	fx *f = *state;
	char text[1024];
	snprintf(text, sizeof text,
	         "timeout_seconds = 2;\n"
	         "accounts = (\n"
	         "  { name = \"gcore\"; provider = \"gcore\"; api_url = \"%s\"; api_key_env = \"GCORE_API_KEY\"; },\n"
	         "  { name = \"down\"; provider = \"gcore\"; api_url = \"http://127.0.0.1:9\"; api_key_env = \"GCORE_API_KEY\"; }\n"
	         ");\n", emu_url(f->emu));
	assert_int_equal(fx_write_config_text(f, text), 0);
	char *out, *err;
	char *args[] = { "sources", NULL };
	int rc = run(f, args, &out, &err);
	assert_rc(f, rc, 1, out, err);
	assert_true(fx_has(err, "account \"down\""));
	assert_false(fx_has(err, "account \"gcore\""));
	assert_true(fx_has(out, SHARED));
	free(out);
	free(err);
	char *dis[] = { "disable", SHARED, "-g", "www", NULL };
	rc = run(f, dis, &out, &err);
	assert_rc(f, rc, 1, out, err);   /* www applied, but an account failed */
	assert_true(fx_has(out, "disabled in 1/1 group"));
	assert_true(fx_has(err, "account \"down\""));
	free(out);
	free(err);
	assert_int_equal(gcore_enabled(f, 301, SHARED), 0);
}

static int setup_bulk(void **state)
{
	return fx_group_setup_state(state, STATE);
}

static int setup_test(void **state)
{
	fx *f = *state;
	if (fx_reset_all(f) != 0)
		return -1;
	return fx_write_config_multi(f, NULL, NULL, NULL, NULL);
}

static int teardown_test(void **state)
{
	fx *f = *state;
	if (f->t) {
		term_free(f->t);
		f->t = NULL;
	}
	return 0;
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup_test, teardown_test)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_sources),
		T(test_dry_run_sends_nothing),
		T(test_disable_enable_two_accounts),
		T(test_bulk_faults),
		T(test_network_failure_mid_batch),
		T(test_read_only_refused),
		T(test_yes_needed_without_terminal),
		T(test_question_on_terminal),
		T(test_unknown_origin),
		T(test_unreachable_account),
	};
	return cmocka_run_group_tests_name("e2e_cli_bulk", tests, setup_bulk, fx_group_teardown);
}
