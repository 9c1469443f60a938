/* End to end: the requests log (L). After a toggle it lists the GET and the
 * PATCH with status and duration; Enter shows one exchange with its headers
 * and bodies, secrets as ***; `c` writes a curl command line that names the
 * key's variable and really works when run; `--log FILE` gets the same,
 * redacted, in a 0600 file. The canary test sets distinctive secrets in the
 * config (an inline Gcore key, the Yandex OAuth token, the Edgio client
 * secret) and looks for them on every screen of the log, in the help, in
 * the --log file and in the curl lines. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/e2e/fixture.h"
#include "tests/e2e/seed.h"

/* The emulator's Gcore key in this file: distinctive, so that any leak of it
 * anywhere is found by a plain search. */
#define CANARY_GC "Canary-gc-5u8Qz1xW"

static const char *const canaries[] = { CANARY_GC, SEED_YC_OAUTH, SEED_ED_CLIENT_SECRET,
                                        SEED_S3_ACCESS_KEY, SEED_S3_SECRET_KEY };
#define N_CANARIES (sizeof canaries / sizeof canaries[0])

static void assert_screen_clean(term *t, const char *where)
{
	for (size_t i = 0; i < N_CANARIES; i++)
		if (term_contains(t, canaries[i])) {
			term_dump(t, stderr);
			fail_msg("a secret (#%zu) is on the screen: %s", i, where);
		}
}

static void assert_text_clean(const char *text, const char *where)
{
	for (size_t i = 0; i < N_CANARIES; i++)
		if (text && strstr(text, canaries[i]))
			fail_msg("a secret (#%zu) is in %s:\n%s", i, where, text);
}

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return NULL;
	char *buf = NULL;
	size_t len = 0, cap = 0;
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if (len + n + 1 > cap) {
			cap = (len + n + 1) * 2;
			buf = realloc(buf, cap);
			assert_non_null(buf);
		}
		memcpy(buf + len, chunk, n);
		len += n;
	}
	fclose(f);
	if (!buf)
		buf = calloc(1, 1);
	else
		buf[len] = '\0';
	return buf;
}

/* The curl files origo wrote (HOME/.local/state/origo), concatenated, and
 * how many there are. Caller frees. */
static char *curl_files(fx *f, int *count, char *last, size_t lastsz)
{
	char dir[600];
	snprintf(dir, sizeof dir, "%s/.local/state/origo", f->dir);
	*count = 0;
	DIR *d = opendir(dir);
	char *all = calloc(1, 1);
	if (!d)
		return all;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (strncmp(e->d_name, "curl-", 5) != 0)
			continue;
		char path[1200];
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		struct stat st;
		assert_int_equal(stat(path, &st), 0);
		assert_int_equal(st.st_mode & 0777, 0600);
		char *text = read_file(path);
		assert_non_null(text);
		all = realloc(all, strlen(all) + strlen(text) + 1);
		strcat(all, text);
		free(text);
		if (last)
			snprintf(last, lastsz, "%s", path);
		(*count)++;
	}
	closedir(d);
	return all;
}

/* g, then j until a row showing both texts is highlighted: its row. */
static int select_row_with(term *t, const char *a, const char *b)
{
	term_key(t, "g");
	TERM_IDLE(t);
	for (int i = 0; i < 60; i++) {
		for (int r = 0; r < term_rows(t); r++) {
			const char *row = term_row(t, r);
			if (strstr(row, a) && strstr(row, b) && term_row_highlighted(t, r))
				return r;
		}
		term_key(t, "j");
		TERM_IDLE(t);
	}
	term_dump(t, stderr);
	fail_msg("no row with \"%s\" and \"%s\" could be selected", a, b);
	return -1;
}

static int row_with(term *t, const char *a, const char *b)
{
	for (int r = 0; r < term_rows(t); r++) {
		const char *row = term_row(t, r);
		if (strstr(row, a) && strstr(row, b))
			return r;
	}
	return -1;
}

static char *const gcore_env[] = { "GCORE_API_KEY=" CANARY_GC, NULL };

static void test_log_after_toggle_shows_get_patch_and_curl(void **state)
{
	fx *f = *state;
	term *t = fx_open(f, NULL, gcore_env);
	fx_open_group(t, "static-assets", "static1.example.com");
	fx_select(t, "static1.example.com");
	term_key(t, TK_SPACE);
	TERM_IDLE(t);
	assert_int_equal(emu_log_count(f->emu, "PATCH", "/cdn/origin_groups/104"), 1);

	term_key(t, "L");
	TERM_IDLE(t);
	TERM_ASSERT_CONTAINS(t, "requests log");
	/* the list's GET, the fresh GET before the write, and the PATCH: each
	 * with its status and duration */
	int r = row_with(t, "GET", "/cdn/origin_groups/104");
	if (r < 0)
		fail_msg("no GET of group 104 in the log");
	assert_non_null(strstr(term_row(t, r), " 200 "));
	assert_non_null(strstr(term_row(t, r), " ms"));
	r = row_with(t, "PATCH", "/cdn/origin_groups/104");
	if (r < 0) {
		term_dump(t, stderr);
		fail_msg("no PATCH of group 104 in the log");
	}
	assert_non_null(strstr(term_row(t, r), " 200 "));
	assert_non_null(strstr(term_row(t, r), " ms"));
	/* newest at the bottom: the PATCH comes after the list's GET */
	assert_true(row_with(t, "GET", "/cdn/origin_groups ") < r ||
	            row_with(t, "GET", "/cdn/origin_groups?") < r);
	assert_screen_clean(t, "requests log");

	select_row_with(t, "PATCH", "/cdn/origin_groups/104");
	term_key(t, TK_ENTER);
	TERM_IDLE(t);
	TERM_ASSERT_CONTAINS(t, "Request headers");
	TERM_ASSERT_CONTAINS(t, "Authorization: ***");
	TERM_ASSERT_CONTAINS(t, "Request body");
	TERM_ASSERT_CONTAINS(t, "\"static1.example.com\"");
	TERM_ASSERT_CONTAINS(t, "status 200");
	assert_screen_clean(t, "the PATCH exchange");

	term_key(t, "c");
	TERM_IDLE(t);
	if (!strstr(fx_status(t), "curl command line written to")) {
		term_dump(t, stderr);
		fail_msg("no message about the curl file");
	}
	int n = 0;
	char path[1200] = "";
	char *text = curl_files(f, &n, path, sizeof path);
	assert_int_equal(n, 1);
	assert_non_null(strstr(text, "curl -X 'PATCH' '"));
	assert_non_null(strstr(text, "/cdn/origin_groups/104'"));
	assert_non_null(strstr(text, "-H \"Authorization: APIKey $GCORE_API_KEY\""));
	assert_non_null(strstr(text, "--data-raw '{"));
	assert_text_clean(text, "the curl file");
	free(text);

	/* the line really works: the same PATCH again, with the key from the
	 * environment (no stdout: curl's answer would hold group data only) */
	char cmd[1600];
	snprintf(cmd, sizeof cmd, "GCORE_API_KEY='%s' sh '%s' >/dev/null 2>&1", CANARY_GC, path);
	int st = system(cmd);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
	assert_int_equal(emu_log_count(f->emu, "PATCH", "/cdn/origin_groups/104"), 2);

	/* Esc back to the log, L leaves it */
	term_key(t, TK_ESC);
	TERM_IDLE(t);
	TERM_ASSERT_CONTAINS(t, "requests log");
	term_key(t, "L");
	TERM_IDLE(t);
	TERM_ASSERT_LACKS(t, "requests log");
	TERM_ASSERT_CONTAINS(t, "static1.example.com");
}

/* The S3 key fields of group 102 come back in its GET (the API masks their
 * values): the exchange shows them as ***, and the seeded keys nowhere. */
static void test_s3_keys_redacted_in_exchange(void **state)
{
	fx *f = *state;
	term *t = fx_open_size(f, NULL, gcore_env, 60, 120);
	fx_open_group(t, "media-s3", "media-s3");
	term_key(t, "r");   /* a GET of the group alone */
	TERM_IDLE(t);
	assert_int_equal(emu_log_count(f->emu, "GET", "/cdn/origin_groups/102"), 1);
	term_key(t, "L");
	TERM_IDLE(t);
	select_row_with(t, "GET", "/cdn/origin_groups/102");
	term_key(t, TK_ENTER);
	TERM_IDLE(t);
	TERM_ASSERT_CONTAINS(t, "Response body");
	/* scroll through the whole exchange */
	bool seen_key = false;
	for (int i = 0; i < 20; i++) {
		assert_screen_clean(t, "the GET of group 102");
		if (term_contains(t, "\"s3_access_key_id\": \"***\""))
			seen_key = true;
		term_key(t, TK_PGDN);
		TERM_IDLE(t);
	}
	assert_true(seen_key);
}

/* ---- the canary ----------------------------------------------------------- */

static int write_canary_config(fx *f)
{
	const char *url = emu_url(f->emu);
	char text[8192];
	snprintf(text, sizeof text,
	         "accounts = (\n"
	         "  { name = \"gcore\"; provider = \"gcore\"; api_url = \"%s\";\n"
	         "    api_key = \"" CANARY_GC "\"; },\n"
	         "  { name = \"yandex\"; provider = \"yandex\";\n"
	         "    api_url = \"%s\"; iam_url = \"%s\"; operation_url = \"%s\";\n"
	         "    folder_id = \"" SEED_YC_FOLDER "\"; token = \"" SEED_YC_OAUTH "\"; },\n"
	         "  { name = \"edgio\"; provider = \"edgio\";\n"
	         "    api_url = \"%s\"; token_url = \"%s/connect/token\"; platform = \"http-large\";\n"
	         "    client_id = \"" SEED_ED_CLIENT_ID "\";\n"
	         "    client_secret = \"" SEED_ED_CLIENT_SECRET "\"; }\n"
	         ");\n",
	         url, url, url, url, url, url);
	return fx_write_config_text(f, text);
}

/* Every exchange of the log, each page of it, and a curl line of each. */
static int walk_exchanges(term *t)
{
	term_key(t, "g");
	TERM_IDLE(t);
	int n = 0;
	char prev_sel[1024] = "";
	for (int i = 0; i < 80; i++) {
		int r = term_selected_row(t, 1);
		if (r < 0)
			break;
		char sel[1024];
		snprintf(sel, sizeof sel, "%s", term_row(t, r));
		if (i > 0 && strcmp(sel, prev_sel) == 0)
			break;   /* j did not move: the last row */
		snprintf(prev_sel, sizeof prev_sel, "%s", sel);
		term_key(t, TK_ENTER);
		TERM_IDLE(t);
		TERM_ASSERT_CONTAINS(t, "Request headers");
		char top[1024] = "";
		for (int page = 0; page < 40; page++) {
			assert_screen_clean(t, sel);
			char now[1024];
			snprintf(now, sizeof now, "%s%s", term_row(t, 1), term_row(t, term_rows(t) - 3));
			if (page > 0 && strcmp(now, top) == 0)
				break;
			snprintf(top, sizeof top, "%s", now);
			term_key(t, TK_PGDN);
			TERM_IDLE(t);
		}
		term_key(t, "c");
		TERM_IDLE(t);
		assert_screen_clean(t, "after c");
		term_key(t, TK_ESC);
		TERM_IDLE(t);
		term_key(t, "j");
		TERM_IDLE(t);
		n++;
	}
	return n;
}

static void test_canary_appears_nowhere(void **state)
{
	fx *f = *state;
	assert_int_equal(write_canary_config(f), 0);
	char log_path[600];
	snprintf(log_path, sizeof log_path, "%s/requests.log", f->dir);
	char *const args[] = { "--log", log_path, NULL };
	char *const env[] = { "GCORE_API_KEY", NULL };   /* the inline key only */
	term *t = fx_open_size(f, args, env, 40, 160);
	assert_screen_clean(t, "groups of gcore");
	/* a write on Gcore, then the other two accounts: token exchanges */
	fx_open_group(t, "static-assets", "static1.example.com");
	fx_select(t, "static1.example.com");
	term_key(t, TK_SPACE);
	TERM_IDLE(t);
	term_key(t, TK_ESC);
	TERM_IDLE(t);
	term_key(t, "A");
	TERM_IDLE(t);
	TERM_ASSERT_CONTAINS(t, "yc-web");
	term_key(t, "A");
	TERM_IDLE(t);
	TERM_ASSERT_CONTAINS(t, "ed-web");
	assert_int_equal(emu_log_count(f->emu, "POST", "/connect/token"), 1);
	assert_true(emu_log_count(f->emu, "POST", "/iam/v1/tokens") >= 1);

	term_key(t, "L");
	TERM_IDLE(t);
	assert_screen_clean(t, "requests log");
	TERM_ASSERT_CONTAINS(t, "/connect/token");
	TERM_ASSERT_CONTAINS(t, "/iam/v1/tokens");
	TERM_ASSERT_CONTAINS(t, "PATCH");

	/* the token exchanges show their secrets as *** */
	select_row_with(t, "POST", "/connect/token");
	term_key(t, TK_ENTER);
	TERM_IDLE(t);
	TERM_ASSERT_CONTAINS(t, "client_secret=***");
	TERM_ASSERT_CONTAINS(t, "\"access_token\": \"***\"");
	term_key(t, TK_ESC);
	TERM_IDLE(t);
	select_row_with(t, "POST", "/iam/v1/tokens");
	term_key(t, TK_ENTER);
	TERM_IDLE(t);
	TERM_ASSERT_CONTAINS(t, "\"yandexPassportOauthToken\": \"***\"");
	TERM_ASSERT_CONTAINS(t, "\"iamToken\": \"***\"");
	term_key(t, TK_ESC);
	TERM_IDLE(t);

	int walked = walk_exchanges(t);
	assert_true(walked >= 5);

	term_key(t, "?");
	TERM_IDLE(t);
	TERM_ASSERT_CONTAINS(t, "curl command line");
	assert_screen_clean(t, "help");
	term_key(t, TK_ESC);
	TERM_IDLE(t);
	term_key(t, "L");
	TERM_IDLE(t);
	assert_int_equal(fx_close_term(f), 0);

	int n = 0;
	char *curl = curl_files(f, &n, NULL, 0);
	assert_int_equal(n, walked);
	assert_text_clean(curl, "the curl files");
	assert_non_null(strstr(curl, "client_secret='\"$EDGIO_CLIENT_SECRET\"'"));
	assert_non_null(strstr(curl, "\"$YC_OAUTH_TOKEN\""));
	assert_non_null(strstr(curl, "Authorization: APIKey $GCORE_API_KEY"));
	free(curl);

	struct stat st;
	assert_int_equal(stat(log_path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	char *log = read_file(log_path);
	assert_non_null(log);
	assert_text_clean(log, "the --log file");
	assert_non_null(strstr(log, "[gcore] PATCH "));
	assert_non_null(strstr(log, "/connect/token -> 200"));
	assert_non_null(strstr(log, "  > Authorization: ***"));
	assert_non_null(strstr(log, "\"iamToken\": \"***\""));
	free(log);
}

/* --log in a command-line mode: the same redacted exchanges. */
static void test_log_file_in_list_mode(void **state)
{
	fx *f = *state;
	char log_path[600];
	snprintf(log_path, sizeof log_path, "%s/list.log", f->dir);
	char *const args[] = { "--log", log_path, "list", NULL };
	char *out = NULL;
	assert_int_equal(fx_run(f, args, gcore_env, &out, NULL), 0);
	assert_non_null(strstr(out, "static-assets"));
	free(out);
	char *log = read_file(log_path);
	assert_non_null(log);
	assert_non_null(strstr(log, "[gcore] GET "));
	assert_non_null(strstr(log, "-> 200"));
	assert_non_null(strstr(log, "Authorization: ***"));
	assert_text_clean(log, "the list --log file");
	free(log);
}

static int setup_file(void **state)
{
	char *seed = seed_multi_state();
	if (!seed)
		return -1;
	/* the emulator's Gcore key becomes the canary */
	const char *old = "\"api_key\":\"" FX_API_KEY "\"";
	char *at = strstr(seed, old);
	if (!at) {
		free(seed);
		return -1;
	}
	const char *rep = "\"api_key\":\"" CANARY_GC "\"";
	char *s2 = malloc(strlen(seed) + strlen(rep) + 1);
	if (!s2) {
		free(seed);
		return -1;
	}
	size_t pre = (size_t)(at - seed);
	memcpy(s2, seed, pre);
	strcpy(s2 + pre, rep);
	strcat(s2, at + strlen(old));
	free(seed);
	int rc = fx_group_setup_state(state, s2);
	free(s2);
	return rc;
}

static int setup_test(void **state)
{
	fx *f = *state;
	if (fx_reset_all(f) != 0)
		return -1;
	/* each test counts the curl files it made */
	char dir[600];
	snprintf(dir, sizeof dir, "%s/.local/state/origo", f->dir);
	DIR *d = opendir(dir);
	struct dirent *e;
	while (d && (e = readdir(d))) {
		char path[1200];
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		if (strncmp(e->d_name, "curl-", 5) == 0)
			unlink(path);
	}
	if (d)
		closedir(d);
	return fx_write_config(f, NULL, NULL);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup_test, fx_test_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_log_after_toggle_shows_get_patch_and_curl),
		T(test_s3_keys_redacted_in_exchange),
		T(test_canary_appears_nowhere),
		T(test_log_file_in_list_mode),
	};
	return cmocka_run_group_tests(tests, setup_file, fx_group_teardown);
}
