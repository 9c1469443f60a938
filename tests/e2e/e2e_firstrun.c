/* End to end: the first run, with no config file (issue 12). The providers'
 * own variables define the accounts, as GCORE_API_KEY always did:
 * YC_TOKEN + YC_FOLDER_ID open the Yandex groups, IDS_CLIENT_ID +
 * IDS_CLIENT_SECRET the Edgio ones (YC_BASE_URL / EDGIO_BASE_URL point them
 * at the emulator); several providers' variables give one account each; and
 * with no credentials at all origo says every way to give them, exits 2 and
 * sends nothing. Checked on the screen and in the emulator's log. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tests/e2e/fixture.h"
#include "tests/e2e/seed.h"

/* The emulator reset, and no config file anywhere (HOME and
 * XDG_CONFIG_HOME are the fixture's empty temp folder). */
static int setup_no_config(void **state)
{
	if (fx_test_setup_multi(state) < 0)
		return -1;
	fx *f = *state;
	return unlink(f->config_path) == 0 ? 0 : -1;
}

static void env_url(char *out, size_t n, const char *var, fx *f)
{
	snprintf(out, n, "%s=%s", var, emu_url(f->emu));
}

static void test_yandex_from_yc_variables(void **state)
{
	fx *f = *state;
	char base[128];
	env_url(base, sizeof base, "YC_BASE_URL", f);
	char *env[] = { "GCORE_API_KEY", "YC_TOKEN=" SEED_YC_OAUTH, "YC_FOLDER_ID=" SEED_YC_FOLDER,
	                base, NULL };
	term *t = fx_open_size(f, NULL, env, 30, 160);
	TERM_ASSERT_CONTAINS(t, "yc-web");
	TERM_ASSERT_CONTAINS(t, "yc-storage");
	TERM_ASSERT_CONTAINS(t, "yc-alb");
	const char *top = term_row(t, 0);
	if (!strstr(top, "yandex") || !strstr(top, "Yandex Cloud CDN")) {
		term_dump(t, stderr);
		fail_msg("the title does not name the account from YC_TOKEN: \"%s\"", top);
	}
	/* the OAuth token from YC_TOKEN was exchanged, the folder from YC_FOLDER_ID asked */
	assert_int_equal(emu_log_count(f->emu, "POST", "/iam/v1/tokens"), 1);
	cJSON *list = NULL;
	assert_true(emu_log_index(f->emu, "GET", "/cdn/v1/originGroups", &list) >= 0);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(list, "auth_ok")));
	assert_non_null(strstr(cJSON_GetObjectItemCaseSensitive(list, "query")->valuestring,
	                       "folderId=" SEED_YC_FOLDER));
	cJSON_Delete(list);
	assert_int_equal(fx_log_count_prefix(f, NULL, "/cdn/origin_groups"), 0);
	TERM_ASSERT_LACKS(t, SEED_YC_OAUTH);
}

static void test_edgio_from_ids_variables(void **state)
{
	fx *f = *state;
	char base[128];
	env_url(base, sizeof base, "EDGIO_BASE_URL", f);
	char *env[] = { "GCORE_API_KEY", "IDS_CLIENT_ID=" SEED_ED_CLIENT_ID,
	                "IDS_CLIENT_SECRET=" SEED_ED_CLIENT_SECRET, base, NULL };
	term *t = fx_open_size(f, NULL, env, 30, 160);
	TERM_ASSERT_CONTAINS(t, "ed-web");
	TERM_ASSERT_CONTAINS(t, "ed-rr");
	const char *top = term_row(t, 0);
	if (!strstr(top, "edgio")) {
		term_dump(t, stderr);
		fail_msg("the title does not name the account from IDS_CLIENT_ID: \"%s\"", top);
	}
	/* client credentials at /connect/token, then the http-large groups */
	assert_int_equal(emu_log_count(f->emu, "POST", "/connect/token"), 1);
	cJSON *tok = NULL;
	emu_log_index(f->emu, "POST", "/connect/token", &tok);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(tok, "auth_ok")));
	cJSON_Delete(tok);
	assert_true(fx_log_count_prefix(f, "GET", "/cdn/origins/v0.5/http-large/groups") >= 1);
	assert_int_equal(fx_log_count_prefix(f, NULL, "/cdn/origin_groups"), 0);
	TERM_ASSERT_LACKS(t, SEED_ED_CLIENT_SECRET);
}

static void test_every_provider_gets_an_account(void **state)
{
	/* all three sets of variables: gcore is the default, -a picks another */
	fx *f = *state;
	char gbase[128], ybase[128], ebase[128];
	env_url(gbase, sizeof gbase, "GCORE_BASE_URL", f);
	env_url(ybase, sizeof ybase, "YC_BASE_URL", f);
	env_url(ebase, sizeof ebase, "EDGIO_BASE_URL", f);
	char *env[] = { gbase, ybase, ebase, "YC_TOKEN=" SEED_YC_OAUTH,
	                "YC_FOLDER_ID=" SEED_YC_FOLDER, "IDS_CLIENT_ID=" SEED_ED_CLIENT_ID,
	                "IDS_CLIENT_SECRET=" SEED_ED_CLIENT_SECRET, NULL };
	char *out = NULL, *err = NULL;
	char *args_default[] = { "list", NULL };
	int rc = fx_run(f, args_default, env, &out, &err);
	if (rc != 0 || !fx_has(out, "web-main") || fx_has(out, "ed-web"))
		fail_msg("default account: exit %d, stdout: %s\nstderr: %s", rc, out, err);
	free(out);
	free(err);
	char *args_edgio[] = { "-a", "edgio", "list", NULL };
	rc = fx_run(f, args_edgio, env, &out, &err);
	if (rc != 0 || !fx_has(out, "ed-web") || !fx_has(out, "ed-rr") || fx_has(out, "web-main"))
		fail_msg("-a edgio: exit %d, stdout: %s\nstderr: %s", rc, out, err);
	free(out);
	free(err);
	char *args_yandex[] = { "--account", "yandex", "list", NULL };
	rc = fx_run(f, args_yandex, env, &out, &err);
	if (rc != 0 || !fx_has(out, "yc-web") || fx_has(out, "ed-web"))
		fail_msg("-a yandex: exit %d, stdout: %s\nstderr: %s", rc, out, err);
	free(out);
	free(err);
	char *args_bad[] = { "-a", "yc", "list", NULL };
	rc = fx_run(f, args_bad, env, &out, &err);
	if (rc != 2 || !fx_has(err, "accounts: gcore, yandex, edgio"))
		fail_msg("-a yc: exit %d, stderr: %s", rc, err);
	free(out);
	free(err);
}

static void test_no_credentials_lists_every_way(void **state)
{
	fx *f = *state;
	char *env[] = { "GCORE_API_KEY", NULL };
	char *out = NULL, *err = NULL;
	int rc = fx_run(f, NULL, env, &out, &err);
	static const char *const want[] = {
		"GCORE_API_KEY", "YC_TOKEN and YC_FOLDER_ID", "IDS_CLIENT_ID and IDS_CLIENT_SECRET",
		"EDGIO_PLATFORM", "/origo/config", NULL,
	};
	for (size_t i = 0; want[i]; i++)
		if (!fx_has(err, want[i]))
			fail_msg("the first-run message lacks \"%s\": %s", want[i], err ? err : "");
	if (rc != 2 || (out && out[0]))
		fail_msg("exit %d (want 2), stdout \"%s\"", rc, out ? out : "");
	assert_int_equal(strncmp(err, "origo: ", 7), 0);
	assert_ptr_equal(strchr(err, '\n'), err + strlen(err) - 1);   /* one line */
	free(out);
	free(err);
	/* the same on the command line's list */
	char *args[] = { "list", "--json", NULL };
	rc = fx_run(f, args, env, &out, &err);
	assert_int_equal(rc, 2);
	assert_true(fx_has(err, "YC_TOKEN and YC_FOLDER_ID"));
	free(out);
	free(err);
	cJSON *log = emu_get_log(f->emu);
	assert_int_equal(cJSON_GetArraySize(log), 0);   /* nothing was sent */
	cJSON_Delete(log);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup_no_config, fx_test_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_yandex_from_yc_variables),
		T(test_edgio_from_ids_variables),
		T(test_every_provider_gets_an_account),
		T(test_no_credentials_lists_every_way),
	};
	return cmocka_run_group_tests_name("e2e_firstrun", tests, fx_group_setup_multi, fx_group_teardown);
}
