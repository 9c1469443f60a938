/* End to end: the plain command line. `list --json` and `show GROUP --json`
 * print the provider-neutral model matching the emulator's state; exit
 * status 0 / 1 / 2 as SPEC.md says; no secret in any output. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/socket.h>
#include <unistd.h>

#include "tests/e2e/fixture.h"
#include "tests/e2e/seed.h"

/* Runs origo with args; checks that no secret is in its output. */
static int run(fx *f, char *const args[], char *const env[], char **out, char **err)
{
	char *o = NULL, *e = NULL;
	int rc = fx_run(f, args, env, &o, &e);
	static const char *const secrets[] = {
		FX_API_KEY, SEED_S3_ACCESS_KEY, SEED_S3_SECRET_KEY, "9999_wrongkey", NULL,
	};
	for (size_t i = 0; secrets[i]; i++) {
		if (fx_has(o, secrets[i]) || fx_has(e, secrets[i])) {
			fprintf(stderr, "stdout: %s\nstderr: %s\n", o, e);
			free(o);
			free(e);
			fail_msg("a secret (%s...) appeared in the output", secrets[i] + 0);
		}
	}
	if (out)
		*out = o;
	else
		free(o);
	if (err)
		*err = e;
	else
		free(e);
	return rc;
}

static void assert_rc(int rc, int want, const char *out, const char *err)
{
	if (rc != want) {
		fprintf(stderr, "stdout: %s\nstderr: %s\n", out ? out : "", err ? err : "");
		fail_msg("exit status %d, want %d", rc, want);
	}
}

/* The key of an emulator source: host string or bucket. */
static const char *emu_source_key(const cJSON *s)
{
	const cJSON *h = cJSON_GetObjectItemCaseSensitive(s, "source");
	if (cJSON_IsString(h))
		return h->valuestring;
	const cJSON *b = cJSON_GetObjectItemCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(s, "config"), "s3_bucket_name");
	return cJSON_IsString(b) ? b->valuestring : "";
}

static bool same_flag(const cJSON *model, const char *name, const cJSON *theirs)
{
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(model, name);
	const cJSON *b = cJSON_GetObjectItemCaseSensitive(theirs, name);
	return cJSON_IsBool(a) && cJSON_IsBool(b) && cJSON_IsTrue(a) == cJSON_IsTrue(b);
}

/* One model group against the emulator's group. */
static void assert_group_matches(const cJSON *mg, const cJSON *eg)
{
	char id[32];
	snprintf(id, sizeof id, "%.0f", cJSON_GetObjectItemCaseSensitive(eg, "id")->valuedouble);
	const cJSON *mid = cJSON_GetObjectItemCaseSensitive(mg, "id");
	assert_true(cJSON_IsString(mid));   /* ids are strings in the model */
	assert_string_equal(mid->valuestring, id);
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(mg, "name")->valuestring,
	                    cJSON_GetObjectItemCaseSensitive(eg, "name")->valuestring);
	const cJSON *ms = cJSON_GetObjectItemCaseSensitive(mg, "sources");
	const cJSON *es = cJSON_GetObjectItemCaseSensitive(eg, "sources");
	assert_int_equal(cJSON_GetArraySize(ms), cJSON_GetArraySize(es));
	const cJSON *e;
	cJSON_ArrayForEach(e, es) {
		const char *key = emu_source_key(e);
		const cJSON *m, *found = NULL;
		cJSON_ArrayForEach(m, ms) {
			const cJSON *k = cJSON_GetObjectItemCaseSensitive(m, "key");
			if (cJSON_IsString(k) && strcmp(k->valuestring, key) == 0)
				found = m;
		}
		if (!found)
			fail_msg("group %s: source %s missing from the model", id, key);
		assert_true(same_flag(found, "enabled", e));
		assert_true(same_flag(found, "backup", e));
	}
	/* use_next and in_use follow the provider's fields */
	assert_true(same_flag(mg, "use_next", eg));
	const cJSON *iu = cJSON_GetObjectItemCaseSensitive(mg, "in_use");
	assert_true(cJSON_IsBool(iu));
	assert_int_equal(cJSON_IsTrue(iu),
	                 cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(eg, "has_related_resources")));
}

/* The groups array of list --json: a bare array, or {"groups": [...]}. */
static const cJSON *groups_of(const cJSON *doc)
{
	if (cJSON_IsArray(doc))
		return doc;
	return cJSON_GetObjectItemCaseSensitive(doc, "groups");
}

static void test_list_json_matches_state(void **state)
{
	fx *f = *state;
	char *out = NULL, *err = NULL;
	char *args[] = { "list", "--json", NULL };
	int rc = run(f, args, NULL, &out, &err);
	assert_rc(rc, 0, out, err);
	cJSON *doc = cJSON_Parse(out);
	if (!doc)
		fail_msg("list --json is not JSON: %.300s", out);
	const cJSON *groups = groups_of(doc);
	assert_true(cJSON_IsArray(groups));

	cJSON *st = emu_get_state(f->emu);
	const cJSON *eg = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(st, "gcore"), "groups");
	assert_int_equal(cJSON_GetArraySize(groups), cJSON_GetArraySize(eg));
	const cJSON *g;
	cJSON_ArrayForEach(g, eg) {
		char id[32];
		snprintf(id, sizeof id, "%.0f", cJSON_GetObjectItemCaseSensitive(g, "id")->valuedouble);
		const cJSON *m, *found = NULL;
		cJSON_ArrayForEach(m, groups) {
			const cJSON *mid = cJSON_GetObjectItemCaseSensitive(m, "id");
			if (cJSON_IsString(mid) && strcmp(mid->valuestring, id) == 0)
				found = m;
		}
		if (!found)
			fail_msg("group %s missing from list --json", id);
		assert_group_matches(found, g);
	}
	/* the S3 source is described by its bucket, without keys */
	assert_false(fx_has(out, "SECRET_VALUE"));
	assert_true(fx_has(out, "media-bucket"));
	assert_int_equal(emu_log_count_writes(f->emu), 0);
	cJSON_Delete(st);
	cJSON_Delete(doc);
	free(out);
	free(err);
}

static void show_and_check(fx *f, const char *which)
{
	char *out = NULL, *err = NULL;
	char *args[] = { "show", (char *)which, "--json", NULL };
	int rc = run(f, args, NULL, &out, &err);
	assert_rc(rc, 0, out, err);
	cJSON *doc = cJSON_Parse(out);
	if (!doc)
		fail_msg("show --json is not JSON: %.300s", out);
	const cJSON *mg = cJSON_IsArray(doc) ? cJSON_GetArrayItem(doc, 0) : doc;
	cJSON *eg = emu_get_group(f->emu, "104");
	assert_group_matches(mg, eg);
	cJSON_Delete(eg);
	cJSON_Delete(doc);
	free(out);
	free(err);
}

static void test_show_json_by_id(void **state)
{
	show_and_check(*state, "104");
}

static void test_show_json_by_name(void **state)
{
	show_and_check(*state, "static-assets");
}

static void test_show_unknown_group_fails(void **state)
{
	fx *f = *state;
	char *out = NULL, *err = NULL;
	char *args[] = { "show", "no-such-group", "--json", NULL };
	int rc = run(f, args, NULL, &out, &err);
	if (rc == 0 || !err || !err[0]) {
		fprintf(stderr, "stdout: %s\nstderr: %s\n", out, err);
		fail_msg("show of an unknown group must fail with a message (rc %d)", rc);
	}
	free(out);
	free(err);
}

static void test_plain_list_without_json(void **state)
{
	fx *f = *state;
	char *out = NULL, *err = NULL;
	char *args[] = { "list", NULL };
	int rc = run(f, args, NULL, &out, &err);
	assert_rc(rc, 0, out, err);
	assert_true(fx_has(out, "web-main"));
	assert_true(fx_has(out, "104"));
	free(out);
	free(err);
}

static void test_api_failure_exits_1(void **state)
{
	fx *f = *state;
	char *out = NULL, *err = NULL;
	char *args[] = { "list", "--json", NULL };
	/* an injected 500 on every list request */
	assert_int_equal(emu_add_fault(f->emu, "{\"method\":\"GET\",\"path_prefix\":\"/cdn/origin_groups\","
	                 "\"action\":\"status\",\"status\":500,\"body\":\"{\\\"message\\\":\\\"Internal trouble\\\"}\"}"), 0);
	int rc = run(f, args, NULL, &out, &err);
	assert_rc(rc, 1, out, err);
	assert_true(fx_has(err, "Internal trouble") || fx_has(err, "500"));
	free(out);
	free(err);

	/* a wrong key */
	assert_int_equal(emu_clear_faults(f->emu), 0);
	char *env[] = { "GCORE_API_KEY=9999_wrongkey", NULL };
	rc = run(f, args, env, &out, &err);
	assert_rc(rc, 1, out, err);
	assert_true(fx_has(err, "authentication failed"));
	free(out);
	free(err);

	/* nothing listening */
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = { .sin_family = AF_INET };
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	socklen_t len = sizeof a;
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &len), 0);
	char url[64];
	snprintf(url, sizeof url, "http://127.0.0.1:%d", ntohs(a.sin_port));
	close(fd);
	assert_int_equal(fx_write_config_url(f, url, NULL, NULL), 0);
	rc = run(f, args, NULL, &out, &err);
	assert_rc(rc, 1, out, err);
	assert_true(fx_has(err, "127.0.0.1"));
	free(out);
	free(err);
}

static void test_usage_errors_exit_2(void **state)
{
	fx *f = *state;
	char *a1[] = { "--no-such-option", NULL };
	char *a2[] = { "show", NULL };
	char *a3[] = { "frobnicate", NULL };
	char *const *cases[] = { a1, a2, a3 };
	for (size_t i = 0; i < 3; i++) {
		char *out = NULL, *err = NULL;
		int rc = run(f, cases[i], NULL, &out, &err);
		assert_rc(rc, 2, out, err);
		assert_true(err && err[0]);
		free(out);
		free(err);
	}
	assert_int_equal(emu_log_count(f->emu, NULL, NULL), 0);
}

static void test_config_error_exits_2(void **state)
{
	fx *f = *state;
	assert_int_equal(fx_write_config_text(f,
		"accounts = (\n"
		"  { name = \"gcore\"; provider = \"gcore\";\n"
		"    api_url = 42; }\n"                        /* wrong type, line 3 */
		");\n"), 0);
	char *out = NULL, *err = NULL;
	char *args[] = { "list", "--json", NULL };
	int rc = run(f, args, NULL, &out, &err);
	assert_rc(rc, 2, out, err);
	if (!fx_has(err, f->config_path) || !(fx_has(err, "line 3") || fx_has(err, ":3"))) {
		fprintf(stderr, "stderr: %s\n", err);
		fail_msg("a config error must name the file and the line");
	}
	free(out);
	free(err);
	/* --config naming a missing file */
	char *args2[] = { "-c", "/nonexistent/origo.conf", "list", NULL };
	rc = run(f, args2, NULL, &out, &err);
	assert_rc(rc, 2, out, err);
	assert_true(fx_has(err, "/nonexistent/origo.conf"));
	free(out);
	free(err);
}

/* A config that group or others can write is refused, as ssh refuses such
 * files (token_cmd would run whatever they put there): exit 2, the file and
 * the fix named, nothing sent, and no command of it run. */
static void test_writable_config_refused(void **state)
{
	fx *f = *state;
	char marker[600];
	snprintf(marker, sizeof marker, "%s/token_cmd_ran", f->dir);
	char text[4096];
	snprintf(text, sizeof text,
	         "accounts = ( { name = \"yc\"; provider = \"yandex\"; folder_id = \"f\";\n"
	         "  api_url = \"%s\"; iam_url = \"%s\"; operation_url = \"%s\";\n"
	         "  token_cmd = \"touch %s\"; } );\n",
	         emu_url(f->emu), emu_url(f->emu), emu_url(f->emu), marker);
	assert_int_equal(fx_write_config_text(f, text), 0);
	assert_int_equal(chmod(f->config_path, 0664), 0);
	char *out = NULL, *err = NULL;
	char *args[] = { "list", "--json", NULL };
	int rc = run(f, args, NULL, &out, &err);
	assert_rc(rc, 2, out, err);
	char fix[700];
	snprintf(fix, sizeof fix, "chmod go-w %s", f->config_path);
	if (!fx_has(err, f->config_path) || !fx_has(err, fix) || !fx_has(err, "writable")) {
		fprintf(stderr, "stderr: %s\n", err);
		fail_msg("a writable config must be refused naming the file and the fix");
	}
	free(out);
	free(err);
	assert_int_equal(access(marker, F_OK), -1);
	assert_int_equal(emu_log_count(f->emu, NULL, NULL), 0);
	/* the same file made private is read */
	assert_int_equal(chmod(f->config_path, 0600), 0);
	rc = run(f, args, NULL, &out, &err);
	assert_true(rc != 2 || !fx_has(err, "writable"));
	free(out);
	free(err);
}

static void test_missing_key_names_variable(void **state)
{
	fx *f = *state;
	char *env[] = { "GCORE_API_KEY", NULL };
	char *out = NULL, *err = NULL;
	char *args[] = { "list", "--json", NULL };
	int rc = run(f, args, env, &out, &err);
	assert_rc(rc, 2, out, err);
	assert_true(fx_has(err, "GCORE_API_KEY"));
	free(out);
	free(err);
}

static void test_env_only_account(void **state)
{
	/* no config file at all: GCORE_API_KEY + GCORE_BASE_URL, as Gcore's SDKs */
	fx *f = *state;
	unlink(f->config_path);
	char base[128];
	snprintf(base, sizeof base, "GCORE_BASE_URL=%s", emu_url(f->emu));
	char *env[] = { base, NULL };
	char *out = NULL, *err = NULL;
	char *args[] = { "list", "--json", NULL };
	int rc = run(f, args, env, &out, &err);
	assert_rc(rc, 0, out, err);
	cJSON *doc = cJSON_Parse(out);
	assert_non_null(doc);
	assert_int_equal(cJSON_GetArraySize(groups_of(doc)), 5);
	cJSON_Delete(doc);
	free(out);
	free(err);
}

static int setup_cli(void **state)
{
	return fx_group_setup_state(state, SEED_STATE);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_test_setup, fx_test_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_list_json_matches_state),
		T(test_show_json_by_id),
		T(test_show_json_by_name),
		T(test_show_unknown_group_fails),
		T(test_plain_list_without_json),
		T(test_api_failure_exits_1),
		T(test_usage_errors_exit_2),
		T(test_config_error_exits_2),
		T(test_writable_config_refused),
		T(test_missing_key_names_variable),
		T(test_env_only_account),
	};
	return cmocka_run_group_tests_name("e2e_cli", tests, setup_cli, fx_group_teardown);
}
