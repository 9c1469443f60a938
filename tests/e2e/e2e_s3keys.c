/* Gcore S3 keys on the pty against the emulator (which, as Gcore's spec,
 * wants both keys in every S3 source of a write): a config without keys for
 * the bucket asks for them, masked, once per run; Esc sends nothing and
 * says how to supply them; the requests log and "copy as curl" never show
 * them (curl names one variable a key). A bucket added on the server since
 * origo's last read is asked for the same way when the write's fresh read
 * finds it. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tests/e2e/fixture.h"
#include "tests/e2e/seed.h"

/* Typed at the prompt: valid by the spec's rules, unlike the seed's. */
#define CTRL_S "\x13"
#define CTRL_U "\x15"

#define TYPED_AK "AKIAPROMPTTYPED0042"
#define TYPED_SK "promptTypedSecret0123456789abcd"

/* The one Gcore account, without s3_credentials. */
static void config_without_keys(fx *f)
{
	char text[1024];
	snprintf(text, sizeof text,
	         "accounts = ( { name = \"gcore\"; provider = \"gcore\"; api_url = \"%s\";\n"
	         "  api_key_env = \"GCORE_API_KEY\"; } );\n", emu_url(f->emu));
	assert_int_equal(fx_write_config_text(f, text), 0);
}

/* Neither the screen nor anything origo wrote to the terminal holds s. */
static void assert_not_shown(term *t, const char *s)
{
	if (term_contains(t, s) || term_raw_contains(t, s)) {
		term_dump(t, stderr);
		fail_msg("a typed key reached the terminal");
	}
}

/* On group media-s3, the cursor on the S3 source. */
static term *open_media_bucket(fx *f)
{
	term *t = fx_open(f, NULL, NULL);
	fx_open_group(t, "media-s3", "media-bucket");
	fx_select(t, "media-bucket");
	emu_clear_log(f->emu);
	return t;
}

static bool body_has(fx *f, int n, const char *needle)
{
	cJSON *b = emu_log_nth_body(f->emu, "PATCH", "/cdn/origin_groups/102", n);
	char *text = b ? cJSON_PrintUnformatted(b) : NULL;
	bool has = text && strstr(text, needle);
	free(text);
	cJSON_Delete(b);
	return has;
}

/* The curl files origo wrote, concatenated (caller frees). */
static char *curl_files(fx *f)
{
	char dir[600];
	snprintf(dir, sizeof dir, "%s/.local/state/origo", f->dir);
	char *all = calloc(1, 1);
	DIR *d = opendir(dir);
	struct dirent *e;
	while (d && (e = readdir(d))) {
		if (strncmp(e->d_name, "curl-", 5) != 0)
			continue;
		char path[1200], buf[8192];
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		FILE *fp = fopen(path, "r");
		assert_non_null(fp);
		size_t n = fread(buf, 1, sizeof buf - 1, fp);
		fclose(fp);
		buf[n] = '\0';
		all = realloc(all, strlen(all) + n + 1);
		strcat(all, buf);
	}
	if (d)
		closedir(d);
	return all;
}

/* L, the PATCH of group 102 opened, then c: the curl file's text. The
 * exchange on screen shows the keys' fields redacted. */
static char *log_and_curl(fx *f, term *t, const char *const *hidden, size_t n_hidden)
{
	term_key(t, "L");
	TERM_IDLE(t);
	TERM_ASSERT_CONTAINS(t, "requests log");
	/* g, then j until the PATCH of group 102 is the highlighted row */
	term_key(t, "g");
	TERM_IDLE(t);
	bool found = false;
	for (int i = 0; i < 40 && !found; i++) {
		for (int r = 0; r < term_rows(t) && !found; r++)
			found = strstr(term_row(t, r), "PATCH") &&
			        strstr(term_row(t, r), "/cdn/origin_groups/102") && term_row_highlighted(t, r);
		if (!found) {
			term_key(t, "j");
			TERM_IDLE(t);
		}
	}
	if (!found) {
		term_dump(t, stderr);
		fail_msg("no PATCH of group 102 in the requests log");
	}
	term_key(t, TK_ENTER);
	TERM_IDLE(t);
	TERM_ASSERT_CONTAINS(t, "Request body");
	/* the body scrolls: down to the S3 source's config */
	for (int i = 0; i < 30 && !term_contains(t, "s3_secret_access_key"); i++) {
		term_key(t, "j");
		TERM_IDLE(t);
	}
	TERM_ASSERT_CONTAINS(t, "\"s3_secret_access_key\": \"***\"");
	for (size_t i = 0; i < n_hidden; i++)
		assert_not_shown(t, hidden[i]);
	term_key(t, "c");
	TERM_IDLE(t);
	if (!strstr(fx_status(t), "curl command line written to")) {
		term_dump(t, stderr);
		fail_msg("no curl file");
	}
	char *text = curl_files(f);
	for (size_t i = 0; i < n_hidden; i++)
		if (strstr(text, hidden[i]))
			fail_msg("a key is in the curl file");
	assert_null(strstr(text, "SECRET_VALUE"));
	/* back to the group screen */
	term_key(t, "L");
	TERM_IDLE(t);
	return text;
}

/* No keys in the config: the toggle asks for them (masked), sends them, the
 * emulator applies it; the second toggle of the run does not ask again. */
static void test_prompt_asks_once_and_sends_typed_keys(void **state)
{
	fx *f = *state;
	config_without_keys(f);
	term *t = open_media_bucket(f);
	term_key(t, TK_SPACE);
	TERM_IDLE(t);
	TERM_TEXT(t, "S3 bucket \"media-bucket\" needs keys");
	TERM_ASSERT_CONTAINS(t, "access key id");
	assert_int_equal(emu_log_count_writes(f->emu), 0);   /* held, not sent */
	term_keys(t, TYPED_AK);
	TERM_IDLE(t);
	TERM_ASSERT_CONTAINS(t, "access key id: ******** |");
	assert_not_shown(t, TYPED_AK);
	assert_not_shown(t, "AKIA");
	term_key(t, TK_ENTER);
	TERM_IDLE(t);
	TERM_ASSERT_CONTAINS(t, "secret key");
	term_keys(t, TYPED_SK);
	TERM_IDLE(t);
	assert_not_shown(t, TYPED_SK);
	term_key(t, TK_ENTER);
	TERM_IDLE(t);
	TERM_TEXT(t, "confirmed");
	assert_not_shown(t, TYPED_AK);
	assert_not_shown(t, TYPED_SK);
	assert_int_equal(emu_log_count(f->emu, "PATCH", "/cdn/origin_groups/102"), 1);
	assert_true(body_has(f, 0, "\"s3_access_key_id\":\"" TYPED_AK "\""));
	assert_true(body_has(f, 0, "\"s3_secret_access_key\":\"" TYPED_SK "\""));
	assert_false(body_has(f, 0, "SECRET_VALUE"));
	cJSON *g = emu_get_group(f->emu, "102");
	char *stored = cJSON_PrintUnformatted(g);
	assert_non_null(strstr(stored, TYPED_SK));                 /* applied */
	assert_non_null(strstr(stored, "\"enabled\":false"));
	free(stored);
	cJSON_Delete(g);

	/* the same run: no second question */
	term_key(t, TK_SPACE);
	TERM_IDLE(t);
	TERM_ASSERT_LACKS(t, "needs keys");
	TERM_TEXT(t, "confirmed");
	assert_int_equal(emu_log_count(f->emu, "PATCH", "/cdn/origin_groups/102"), 2);
	assert_true(body_has(f, 1, "\"s3_secret_access_key\":\"" TYPED_SK "\""));

	/* the log and curl: the keys as ***, one variable a key */
	const char *hidden[] = { TYPED_AK, TYPED_SK };
	char *curl = log_and_curl(f, t, hidden, 2);
	assert_non_null(strstr(curl, "\"s3_access_key_id\":\"'\"$ORIGO_S3_ACCESS_KEY_media_bucket\"'\""));
	assert_non_null(strstr(curl, "\"s3_secret_access_key\":\"'\"$ORIGO_S3_SECRET_KEY_media_bucket\"'\""));
	free(curl);
}

/* Esc at the prompt: nothing is sent, the row is as before, and the status
 * names the bucket and the config setting that supplies its keys. */
static void test_prompt_esc_sends_nothing(void **state)
{
	fx *f = *state;
	config_without_keys(f);
	term *t = open_media_bucket(f);
	char row0[4096];
	snprintf(row0, sizeof row0, "%s", fx_row_of(t, "media-bucket"));
	term_key(t, TK_SPACE);
	TERM_IDLE(t);
	TERM_TEXT(t, "needs keys");
	term_keys(t, "AKIAPART");
	TERM_IDLE(t);
	term_key(t, TK_ESC);
	TERM_IDLE(t);
	const char *st = fx_status(t);
	if (!strstr(st, "\"media-bucket\"") || !strstr(st, "nothing was sent") ||
	    !strstr(st, "s3_credentials")) {
		term_dump(t, stderr);
		fail_msg("the status does not name the bucket and how to give its keys");
	}
	assert_not_shown(t, "AKIAPART");
	assert_int_equal(emu_log_count_writes(f->emu), 0);
	assert_string_equal(fx_row_of(t, "media-bucket"), row0);   /* put back */
	/* asked again on the next try: nothing was kept */
	term_key(t, TK_SPACE);
	TERM_IDLE(t);
	TERM_TEXT(t, "needs keys");
	term_key(t, TK_ESC);
	TERM_IDLE(t);
	assert_int_equal(emu_log_count_writes(f->emu), 0);
}

/* Keys that break the spec's rules are refused at the prompt (the rule
 * shown, never the value) and asked again; nothing is sent meanwhile. */
static void test_prompt_refuses_bad_keys(void **state)
{
	fx *f = *state;
	config_without_keys(f);
	term *t = open_media_bucket(f);
	term_key(t, TK_SPACE);
	TERM_IDLE(t);
	term_keys(t, "AK");               /* too short: 4 at least */
	term_key(t, TK_ENTER);
	term_keys(t, "shortsecret");
	term_key(t, TK_ENTER);
	TERM_IDLE(t);
	TERM_TEXT(t, "4 to 255 characters");
	TERM_ASSERT_CONTAINS(t, "access key id");
	assert_not_shown(t, "shortsecret");
	assert_int_equal(emu_log_count_writes(f->emu), 0);
	term_keys(t, TYPED_AK);
	term_key(t, TK_ENTER);
	term_keys(t, TYPED_SK);
	term_key(t, TK_ENTER);
	TERM_IDLE(t);
	TERM_TEXT(t, "confirmed");
	assert_int_equal(emu_log_count(f->emu, "PATCH", "/cdn/origin_groups/102"), 1);
}

/* Keys from the environment through the config: no question, and the curl
 * line names the config's variables. */
static void test_config_keys_curl_names_their_variables(void **state)
{
	fx *f = *state;   /* the default config: FX_S3_CREDENTIALS */
	term *t = open_media_bucket(f);
	term_key(t, TK_SPACE);
	TERM_IDLE(t);
	TERM_ASSERT_LACKS(t, "needs keys");
	TERM_TEXT(t, "confirmed");
	assert_true(body_has(f, 0, "\"s3_secret_access_key\":\"" SEED_S3_SECRET_KEY "\""));
	const char *hidden[] = { SEED_S3_ACCESS_KEY, SEED_S3_SECRET_KEY };
	char *curl = log_and_curl(f, t, hidden, 2);
	assert_non_null(strstr(curl, "\"s3_access_key_id\":\"'\"$FX_S3_ACCESS\"'\""));
	assert_non_null(strstr(curl, "\"s3_secret_access_key\":\"'\"$FX_S3_SECRET\"'\""));
	free(curl);
}

/* A variable the config names but that is unset: the write is refused
 * before sending, naming the variable (never a value); the UI still asks. */
static void test_unset_variable_named(void **state)
{
	fx *f = *state;
	char *env[] = { "FX_S3_SECRET=", NULL };   /* set empty: counts as unset */
	term *t = fx_open(f, NULL, env);
	fx_open_group(t, "media-s3", "media-bucket");
	fx_select(t, "media-bucket");
	emu_clear_log(f->emu);
	term_key(t, TK_SPACE);
	TERM_IDLE(t);
	TERM_TEXT(t, "needs keys");
	term_key(t, TK_ESC);
	TERM_IDLE(t);
	const char *st = fx_status(t);
	if (!strstr(st, "FX_S3_SECRET is unset or empty")) {
		term_dump(t, stderr);
		fail_msg("the unset variable is not named");
	}
	assert_int_equal(emu_log_count_writes(f->emu), 0);
}

/* Group 104 as the seed has it, plus an S3 source added on the server
 * behind origo's back (its keys as the API would keep them). */
#define LATE_BUCKET "late-bucket"
#define LATE_AK "AKIALATEBUCKETKEY001"
#define LATE_SK "lateBucketServerSecret0123456789"
static const char GROUP_104_WITH_S3[] =
	"{\"id\":104,\"name\":\"static-assets\",\"use_next\":true,"
	"\"proxy_next_upstream\":[\"error\",\"timeout\",\"http_502\"],\"auth_type\":\"none\","
	"\"path\":\"\",\"has_related_resources\":false,\"sources\":["
	"{\"source\":\"static1.example.com\",\"enabled\":true,\"backup\":false,"
	"\"host_header_override\":null,\"tag\":\"green\"},"
	"{\"source\":\"static2.example.com\",\"enabled\":true,\"backup\":false,"
	"\"host_header_override\":null,\"tag\":\"green\"},"
	"{\"origin_type\":\"s3\",\"config\":{\"s3_type\":\"amazon\","
	"\"s3_bucket_name\":\"" LATE_BUCKET "\",\"s3_region\":\"eu-west-1\","
	"\"s3_access_key_id\":\"" LATE_AK "\",\"s3_secret_access_key\":\"" LATE_SK "\","
	"\"s3_auth_type\":\"awsSignatureV4\"},\"enabled\":true,\"backup\":true,"
	"\"host_header_override\":null}]}";

/* Group 104 shown without S3 sources, the cursor on static1; then an S3
 * source is added to it on the server, unseen by origo. */
static term *open_104_then_add_s3(fx *f)
{
	term *t = fx_open(f, NULL, NULL);
	fx_open_group(t, "static-assets", "static1.example.com");
	fx_select(t, "static1.example.com");
	TERM_ASSERT_LACKS(t, LATE_BUCKET);
	assert_int_equal(emu_put_group(f->emu, "104", GROUP_104_WITH_S3), 0);
	emu_clear_log(f->emu);
	return t;
}

/* The worker's fresh read finds the new bucket without keys and refuses
 * before sending: the same masked prompt asks for them, and the toggle is
 * then sent once, with the typed keys, and applied. */
static void test_fresh_bucket_asks_then_sends_once(void **state)
{
	fx *f = *state;
	config_without_keys(f);
	term *t = open_104_then_add_s3(f);
	term_key(t, TK_SPACE);
	TERM_IDLE(t);
	TERM_TEXT(t, "S3 bucket \"" LATE_BUCKET "\" needs keys");
	TERM_ASSERT_CONTAINS(t, "access key id");
	assert_int_equal(emu_log_count_writes(f->emu), 0);   /* refused, then held */
	term_keys(t, TYPED_AK);
	term_key(t, TK_ENTER);
	TERM_IDLE(t);
	TERM_ASSERT_CONTAINS(t, "secret key");
	term_keys(t, TYPED_SK);
	TERM_IDLE(t);
	assert_not_shown(t, TYPED_AK);
	assert_not_shown(t, TYPED_SK);
	term_key(t, TK_ENTER);
	TERM_IDLE(t);
	TERM_TEXT(t, "confirmed");
	TERM_ASSERT_LACKS(t, "needs keys");
	assert_not_shown(t, TYPED_AK);
	assert_not_shown(t, TYPED_SK);
	assert_not_shown(t, LATE_SK);
	assert_int_equal(emu_log_count_writes(f->emu), 1);
	assert_int_equal(emu_log_count(f->emu, "PATCH", "/cdn/origin_groups/104"), 1);
	cJSON *b = emu_log_first_body(f->emu, "PATCH", "/cdn/origin_groups/104");
	char *body = b ? cJSON_PrintUnformatted(b) : NULL;
	assert_non_null(body);
	assert_non_null(strstr(body, "\"s3_access_key_id\":\"" TYPED_AK "\""));
	assert_non_null(strstr(body, "\"s3_secret_access_key\":\"" TYPED_SK "\""));
	assert_non_null(strstr(body, "\"s3_bucket_name\":\"" LATE_BUCKET "\""));
	free(body);
	cJSON_Delete(b);
	/* applied: static1 off, static2 on, the bucket kept */
	cJSON *g = emu_get_group(f->emu, "104");
	cJSON *srcs = cJSON_GetObjectItemCaseSensitive(g, "sources");
	assert_int_equal(cJSON_GetArraySize(srcs), 3);
	assert_true(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(srcs, 0),
	                                                            "enabled")));
	assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(srcs, 1),
	                                                           "enabled")));
	cJSON_Delete(g);
	/* the row shows it, no pending mark left, and the new bucket is listed */
	TERM_ASSERT_CONTAINS(t, LATE_BUCKET);
	assert_false(fx_row_pending(t, "static1.example.com"));
}

/* Esc at that prompt: nothing is sent, the status names the bucket and how
 * to supply its keys, and the group shows the server's state. */
static void test_fresh_bucket_esc_sends_nothing(void **state)
{
	fx *f = *state;
	config_without_keys(f);
	term *t = open_104_then_add_s3(f);
	char row0[4096];
	snprintf(row0, sizeof row0, "%s", fx_row_of(t, "static1.example.com"));
	term_key(t, TK_SPACE);
	TERM_IDLE(t);
	TERM_TEXT(t, "S3 bucket \"" LATE_BUCKET "\" needs keys");
	term_keys(t, "AKIAPART");
	TERM_IDLE(t);
	term_key(t, TK_ESC);
	TERM_IDLE(t);
	const char *st = fx_status(t);
	if (!strstr(st, "\"" LATE_BUCKET "\"") || !strstr(st, "nothing was sent") ||
	    !strstr(st, "s3_credentials")) {
		term_dump(t, stderr);
		fail_msg("the status does not name the new bucket and how to give its keys");
	}
	TERM_ASSERT_LACKS(t, "needs keys");          /* not asked again */
	assert_not_shown(t, "AKIAPART");
	assert_int_equal(emu_log_count_writes(f->emu), 0);
	/* the server's state: static1 as it was, the new bucket listed */
	assert_string_equal(fx_row_of(t, "static1.example.com"), row0);
	TERM_ASSERT_CONTAINS(t, LATE_BUCKET);
	assert_false(fx_row_pending(t, "static1.example.com"));
	cJSON *g = emu_get_group(f->emu, "104");
	char *stored = cJSON_PrintUnformatted(g);
	assert_non_null(strstr(stored, "\"enabled\":true"));
	assert_null(strstr(stored, "\"enabled\":false"));
	free(stored);
	cJSON_Delete(g);
}

/* Types the two keys at the prompt naming the new bucket. */
static void type_late_keys(term *t)
{
	TERM_TEXT(t, "S3 bucket \"" LATE_BUCKET "\" needs keys");
	term_keys(t, TYPED_AK);
	term_key(t, TK_ENTER);
	term_keys(t, TYPED_SK);
	term_key(t, TK_ENTER);
	TERM_IDLE(t);
}

/* The n-th PATCH of group 104 carries the typed keys of the new bucket. */
static void assert_patch_has_typed_keys(fx *f, int n)
{
	cJSON *b = emu_log_nth_body(f->emu, "PATCH", "/cdn/origin_groups/104", n);
	char *body = b ? cJSON_PrintUnformatted(b) : NULL;
	assert_non_null(body);
	assert_non_null(strstr(body, "\"s3_secret_access_key\":\"" TYPED_SK "\""));
	free(body);
	cJSON_Delete(b);
}

/* The same for a source form's save and a source's delete: each refused by
 * the fresh read, asked, then sent once with the keys. */
static void test_fresh_bucket_form_and_delete(void **state)
{
	fx *f = *state;
	config_without_keys(f);
	term *t = open_104_then_add_s3(f);
	term_key(t, "e");
	TERM_IDLE(t);
	TERM_TEXT(t, "edit source static1.example.com");
	term_key(t, CTRL_U);
	term_keys(t, "static9.example.com");
	term_key(t, CTRL_S);
	TERM_IDLE(t);
	type_late_keys(t);
	TERM_TEXT(t, "source saved");
	assert_not_shown(t, TYPED_SK);
	TERM_ASSERT_CONTAINS(t, "static9.example.com");
	assert_int_equal(emu_log_count_writes(f->emu), 1);
	assert_patch_has_typed_keys(f, 0);

	/* another bucket added meanwhile; the delete of static2 asks for it */
	char *again = strdup(GROUP_104_WITH_S3);
	char *p = strstr(again, "static1.example.com");
	memcpy(p, "static9", 7);
	p = strstr(again, LATE_BUCKET);
	memcpy(p, "late2", 5);       /* bucket "late2bucket", keys unknown to origo */
	assert_int_equal(emu_put_group(f->emu, "104", again), 0);
	free(again);
	emu_clear_log(f->emu);
	fx_select(t, "static2.example.com");
	term_key(t, "d");
	TERM_IDLE(t);
	TERM_TEXT(t, "y: delete");
	term_key(t, "y");
	TERM_IDLE(t);
	TERM_TEXT(t, "S3 bucket \"late2bucket\" needs keys");
	term_keys(t, TYPED_AK);
	term_key(t, TK_ENTER);
	term_keys(t, TYPED_SK);
	term_key(t, TK_ENTER);
	TERM_IDLE(t);
	TERM_TEXT(t, "deleted");
	assert_int_equal(emu_log_count_writes(f->emu), 1);
	assert_patch_has_typed_keys(f, 0);
	cJSON *g = emu_get_group(f->emu, "104");
	char *stored = cJSON_PrintUnformatted(g);
	assert_null(strstr(stored, "static2.example.com"));
	assert_non_null(strstr(stored, "static9.example.com"));
	free(stored);
	cJSON_Delete(g);
}

static int setup_s3(void **state)
{
	return fx_group_setup_state(state, SEED_STATE);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_test_setup, fx_test_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_prompt_asks_once_and_sends_typed_keys),
		T(test_prompt_esc_sends_nothing),
		T(test_prompt_refuses_bad_keys),
		T(test_config_keys_curl_names_their_variables),
		T(test_unset_variable_named),
		T(test_fresh_bucket_asks_then_sends_once),
		T(test_fresh_bucket_esc_sends_nothing),
		T(test_fresh_bucket_form_and_delete),
	};
	return cmocka_run_group_tests_name("e2e_s3keys", tests, setup_s3, fx_group_teardown);
}
