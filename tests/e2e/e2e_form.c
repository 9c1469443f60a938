/* End to end: the Gcore forms.
 * - The group settings form (E on the group screen): one PATCH with name,
 *   use_next and proxy_next_upstream only; the list shows the new name; the
 *   API's 400 lands on the name field with the typed text kept; Esc after
 *   typing asks first.
 * - n on the groups screen creates a group (list + emulator state); n / e / d
 *   on the group screen add, edit and delete a source.
 * - A server 400 shows under the field it names, and a failed save keeps
 *   everything typed.
 * - An S3 secret typed in a form appears on no screen, in no log (--log and
 *   the requests log L) and in no error message.
 * - Deleting a group in use says what uses it. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/e2e/fixture.h"
#include "tests/e2e/seed.h"

#define PATH_104 "/cdn/origin_groups/104"
#define CTRL_S "\x13"
#define CTRL_U "\x15"

static term *open_form_104(fx *f)
{
	term *t = fx_open(f, NULL, NULL);
	fx_open_group(t, "static-assets", "static1.example.com");
	term_key(t, "E");
	TERM_IDLE(t);
	if (!term_find(t, "edit group static-assets", NULL, NULL) ||
	    !term_find(t, "[x] http_502", NULL, NULL)) {
		term_dump(t, stderr);
		fail_msg("E should open the settings form of static-assets with its cases ticked");
	}
	return t;
}

static void test_edit_name_and_case(void **state)
{
	fx *f = *state;
	term *t = open_form_104(f);
	emu_clear_log(f->emu);
	term_key(t, CTRL_U);
	term_keys(t, "static-new");
	term_key(t, TK_TAB);                 /* use next */
	term_key(t, TK_TAB);                 /* the cases, on "error" */
	for (int i = 0; i < 3; i++)
		term_key(t, TK_DOWN);            /* error timeout invalid_header http_403 */
	term_key(t, TK_SPACE);
	term_key(t, CTRL_S);
	TERM_IDLE(t);
	TERM_TEXT(t, "saved");
	if (term_find(t, "edit group", NULL, NULL)) {
		term_dump(t, stderr);
		fail_msg("a successful save should close the form");
	}
	assert_int_equal(emu_log_count(f->emu, "PATCH", PATH_104), 1);
	assert_int_equal(emu_log_count_writes(f->emu), 1);
	cJSON *body = emu_log_nth_body(f->emu, "PATCH", PATH_104, 0);
	assert_non_null(body);
	assert_int_equal(cJSON_GetArraySize(body), 3);
	const cJSON *name = cJSON_GetObjectItemCaseSensitive(body, "name");
	assert_true(cJSON_IsString(name) && strcmp(name->valuestring, "static-new") == 0);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(body, "use_next")));
	const cJSON *cases = cJSON_GetObjectItemCaseSensitive(body, "proxy_next_upstream");
	assert_int_equal(cJSON_GetArraySize(cases), 4);
	bool has403 = false;
	const cJSON *c;
	cJSON_ArrayForEach(c, cases)
		has403 |= cJSON_IsString(c) && strcmp(c->valuestring, "http_403") == 0;
	assert_true(has403);
	assert_null(cJSON_GetObjectItemCaseSensitive(body, "sources"));
	cJSON_Delete(body);
	/* a fresh GET came before the PATCH */
	int get_at = emu_log_index(f->emu, "GET", PATH_104, NULL);
	int patch_at = emu_log_index(f->emu, "PATCH", PATH_104, NULL);
	assert_true(get_at >= 0 && get_at < patch_at);
	/* the server has it, the sources untouched */
	cJSON *after = emu_get_group(f->emu, "104");
	assert_non_null(after);
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(after, "name")->valuestring, "static-new");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(after, "sources")), 2);
	cJSON_Delete(after);
	/* and the group list shows the new name */
	term_key(t, TK_ESC);
	TERM_IDLE(t);
	if (!term_find(t, "static-new", NULL, NULL) || term_find(t, "static-assets", NULL, NULL)) {
		term_dump(t, stderr);
		fail_msg("the groups screen should show the new name");
	}
}

static void test_duplicate_name_shown_on_field(void **state)
{
	fx *f = *state;
	term *t = open_form_104(f);
	emu_clear_log(f->emu);
	term_key(t, CTRL_U);
	term_keys(t, "web-main");
	term_key(t, CTRL_S);
	TERM_IDLE(t);
	TERM_TEXT(t, "Origin Group name should be unique.");
	int msg_row = term_find_row(t, "Origin Group name should be unique.");
	int name_row = term_find_row(t, "Name:");
	/* under the name field, in the form still open with the typed text */
	assert_int_equal(msg_row, name_row + 1);
	assert_true(fx_has(term_row(t, name_row), "web-main"));
	assert_true(term_find(t, "edit group static-assets", NULL, NULL));
	assert_int_equal(emu_log_count_writes(f->emu), 1);
	cJSON *after = emu_get_group(f->emu, "104");
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(after, "name")->valuestring, "static-assets");
	cJSON_Delete(after);
	/* leave: it asks, since something was typed */
	term_key(t, TK_ESC);
	TERM_IDLE(t);
	TERM_TEXT(t, "discard your changes?");
	term_key(t, "y");
	TERM_IDLE(t);
	assert_false(term_find(t, "edit group", NULL, NULL));
}

static void test_esc_after_typing_asks(void **state)
{
	fx *f = *state;
	term *t = open_form_104(f);
	emu_clear_log(f->emu);
	term_keys(t, "zz");
	term_key(t, TK_ESC);
	TERM_IDLE(t);
	TERM_TEXT(t, "discard your changes?");
	term_key(t, "n");                    /* keeps editing, text intact */
	TERM_IDLE(t);
	assert_true(term_find(t, "edit group static-assets", NULL, NULL));
	assert_true(term_find(t, "static-assetszz", NULL, NULL));
	term_key(t, TK_ESC);
	TERM_IDLE(t);
	term_key(t, "y");
	TERM_IDLE(t);
	assert_false(term_find(t, "edit group", NULL, NULL));
	assert_true(term_find(t, "static1.example.com", NULL, NULL));
	assert_int_equal(emu_log_count_writes(f->emu), 0);
	/* Esc with nothing typed closes at once */
	term_key(t, "E");
	TERM_IDLE(t);
	assert_true(term_find(t, "edit group", NULL, NULL));
	term_key(t, TK_ESC);
	TERM_IDLE(t);
	assert_false(term_find(t, "edit group", NULL, NULL));
	assert_false(term_find(t, "discard", NULL, NULL));
}

/* ---- groups and sources -------------------------------------------------- */

/* The group with this name in the emulator's state, a copy (caller frees
 * with cJSON_Delete()), or NULL. */
static cJSON *stored_by_name(fx *f, const char *name)
{
	cJSON *st = emu_get_state(f->emu);
	cJSON *found = NULL;
	const cJSON *g;
	cJSON_ArrayForEach(g, cJSON_GetObjectItemCaseSensitive(
	                          cJSON_GetObjectItemCaseSensitive(st, "gcore"), "groups")) {
		const cJSON *n = cJSON_GetObjectItemCaseSensitive(g, "name");
		if (cJSON_IsString(n) && strcmp(n->valuestring, name) == 0)
			found = cJSON_Duplicate(g, 1);
	}
	cJSON_Delete(st);
	return found;
}

static const cJSON *source_at(const cJSON *g, int i)
{
	return cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(g, "sources"), i);
}

static const char *str_at(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
	return cJSON_IsString(v) ? v->valuestring : "";
}

/* Whether a row above the status bar shows text (the status may name it). */
static bool listed(term *t, const char *text)
{
	for (int r = 0; r < term_rows(t) - 1; r++)
		if (fx_has(term_row(t, r), text))
			return true;
	return false;
}

static void wait_status(fx *f, term *t, const char *text)
{
	if (term_wait_text(t, text, TERM_TIMEOUT_MS) != 0) {
		emu_print_log(f->emu);
		fail_msg("\"%s\" never appeared", text);
	}
}

static void test_create_group(void **state)
{
	fx *f = *state;
	term *t = fx_open(f, NULL, NULL);
	emu_clear_log(f->emu);
	term_key(t, "n");
	TERM_IDLE(t);
	TERM_TEXT(t, "new group");
	term_keys(t, "new-web");
	term_key(t, TK_TAB);                 /* use next */
	term_key(t, TK_SPACE);
	term_key(t, TK_TAB);                 /* the cases: error, timeout ticked */
	term_key(t, TK_TAB);                 /* kind: host */
	term_key(t, TK_TAB);                 /* source */
	term_keys(t, "new1.example.com:8080");
	term_key(t, TK_TAB);                 /* host header */
	term_keys(t, "www.new.example.com");
	term_key(t, CTRL_S);
	TERM_IDLE(t);
	wait_status(f, t, "group \"new-web\" created");
	assert_false(term_find(t, "new group", NULL, NULL));
	/* in the list, under the cursor */
	TERM_ASSERT_CONTAINS(t, "new-web");
	assert_int_equal(emu_log_count(f->emu, "POST", "/cdn/origin_groups"), 1);
	assert_int_equal(emu_log_count_writes(f->emu), 1);
	/* and in the emulator's state, as typed */
	cJSON *g = stored_by_name(f, "new-web");
	assert_non_null(g);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(g, "use_next")));
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(g, "proxy_next_upstream")), 2);
	assert_string_equal(str_at(source_at(g, 0), "source"), "new1.example.com:8080");
	assert_string_equal(str_at(source_at(g, 0), "host_header_override"), "www.new.example.com");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(source_at(g, 0), "enabled")));
	cJSON_Delete(g);
	/* Enter opens it like any other group */
	fx_open_group(t, "new-web", "new1.example.com");
}

static void test_add_edit_delete_source(void **state)
{
	fx *f = *state;
	term *t = fx_open(f, NULL, NULL);
	fx_open_group(t, "static-assets", "static1.example.com");
	emu_clear_log(f->emu);
	/* add */
	term_key(t, "n");
	TERM_IDLE(t);
	TERM_TEXT(t, "new source in static-assets");
	term_key(t, TK_TAB);                 /* kind host -> source */
	term_keys(t, "static3.example.com");
	term_key(t, TK_TAB);                 /* host header */
	term_key(t, TK_TAB);                 /* enabled */
	term_key(t, TK_TAB);                 /* backup */
	term_key(t, TK_SPACE);
	term_key(t, CTRL_S);
	TERM_IDLE(t);
	wait_status(f, t, "source added");
	TERM_ASSERT_CONTAINS(t, "static3.example.com");
	cJSON *g = emu_get_group(f->emu, "104");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(g, "sources")), 3);
	assert_string_equal(str_at(source_at(g, 2), "source"), "static3.example.com");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(source_at(g, 2), "backup")));
	/* the others went back as they were (their "tag" too) */
	assert_string_equal(str_at(source_at(g, 0), "tag"), "green");
	cJSON_Delete(g);

	/* edit it */
	fx_select(t, "static3.example.com");
	term_key(t, "e");
	TERM_IDLE(t);
	TERM_TEXT(t, "edit source static3.example.com");
	term_key(t, CTRL_U);
	term_keys(t, "static4.example.com:8443");
	term_key(t, CTRL_S);
	TERM_IDLE(t);
	wait_status(f, t, "source saved");
	TERM_ASSERT_CONTAINS(t, "static4.example.com");
	TERM_ASSERT_LACKS(t, "static3.example.com");
	g = emu_get_group(f->emu, "104");
	assert_string_equal(str_at(source_at(g, 2), "source"), "static4.example.com:8443");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(source_at(g, 2), "backup")));
	cJSON_Delete(g);
	assert_int_equal(emu_log_count(f->emu, "PATCH", PATH_104), 2);

	/* delete it */
	fx_select(t, "static4.example.com");
	term_key(t, "d");
	TERM_IDLE(t);
	TERM_TEXT(t, "y: delete");
	term_key(t, "y");
	TERM_IDLE(t);
	wait_status(f, t, "deleted");
	assert_false(listed(t, "static4.example.com"));
	g = emu_get_group(f->emu, "104");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(g, "sources")), 2);
	cJSON_Delete(g);
	assert_int_equal(emu_log_count(f->emu, "PATCH", PATH_104), 3);
	assert_int_equal(emu_log_count_writes(f->emu), 3);

	/* the last source of api-single cannot go: refused, nothing sent */
	term_key(t, TK_ESC);
	TERM_IDLE(t);
	fx_open_group(t, "api-single", "api.example.com");
	emu_clear_log(f->emu);
	fx_select(t, "api.example.com");
	term_key(t, "d");
	TERM_IDLE(t);
	term_key(t, "y");
	TERM_IDLE(t);
	wait_status(f, t, "not deleted");
	TERM_ASSERT_CONTAINS(t, "only source");
	assert_int_equal(emu_log_count_writes(f->emu), 0);
}

/* A rule only the server knows (a private address): its 400 lands under
 * the Source field, the form stays open with what was typed, and once fixed
 * the same form saves. */
static void test_server_400_on_field_keeps_input(void **state)
{
	fx *f = *state;
	term *t = fx_open(f, NULL, NULL);
	fx_open_group(t, "static-assets", "static1.example.com");
	emu_clear_log(f->emu);
	term_key(t, "n");
	TERM_IDLE(t);
	term_key(t, TK_TAB);
	term_keys(t, "192.168.0.1");
	term_key(t, TK_TAB);
	term_keys(t, "kept.example.com");    /* host header */
	term_key(t, CTRL_S);
	TERM_IDLE(t);
	TERM_TEXT(t, "private network");
	int msg_row = term_find_row(t, "private network");
	int src_row = term_find_row(t, "Source:");
	assert_int_equal(msg_row, src_row + 1);
	assert_true(fx_has(term_row(t, src_row), "192.168.0.1"));
	TERM_ASSERT_CONTAINS(t, "kept.example.com");
	TERM_ASSERT_CONTAINS(t, "new source in static-assets");
	assert_true(fx_has(fx_status(t), "not saved"));
	assert_int_equal(emu_log_count(f->emu, "PATCH", PATH_104), 1);
	cJSON *g = emu_get_group(f->emu, "104");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(g, "sources")), 2);
	cJSON_Delete(g);

	/* a server error (500) likewise keeps everything */
	assert_int_equal(emu_add_fault(f->emu, "{\"method\":\"PATCH\",\"path_prefix\":\"" PATH_104 "\","
	                                    "\"times\":1,\"action\":\"status\",\"status\":500}"), 0);
	term_key(t, TK_UP);                  /* back to the source */
	TERM_IDLE(t);
	term_key(t, CTRL_U);
	term_keys(t, "static9.example.com");
	term_key(t, CTRL_S);
	TERM_IDLE(t);
	TERM_TEXT(t, "HTTP 500");
	TERM_ASSERT_CONTAINS(t, "static9.example.com");
	TERM_ASSERT_CONTAINS(t, "kept.example.com");
	/* and the same form, saved again, goes through */
	term_key(t, CTRL_S);
	TERM_IDLE(t);
	wait_status(f, t, "source added");
	g = emu_get_group(f->emu, "104");
	assert_string_equal(str_at(source_at(g, 2), "source"), "static9.example.com");
	assert_string_equal(str_at(source_at(g, 2), "host_header_override"), "kept.example.com");
	cJSON_Delete(g);
}

/* ---- S3 secrets ------------------------------------------------------------ */

#define TYPED_AK "AKIAE2ETYPEDKEY00042"
#define TYPED_SK "e2eTypedSecret/0123456789+QwErTy"

static void assert_no_secret(term *t, const char *where)
{
	const char *const secrets[] = { TYPED_SK, TYPED_AK, SEED_S3_SECRET_KEY, SEED_S3_ACCESS_KEY,
	                                "SECRET_VALUE" };
	for (size_t i = 0; i < sizeof secrets / sizeof secrets[0]; i++)
		if (term_contains(t, secrets[i]) || term_raw_contains(t, secrets[i])) {
			term_dump(t, stderr);
			fail_msg("%s: a secret (#%zu) is on the screen", where, i);
		}
}

static char *slurp(const char *path)
{
	FILE *fp = fopen(path, "r");
	if (!fp)
		return NULL;
	fseek(fp, 0, SEEK_END);
	long n = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	char *buf = malloc((size_t)n + 1);
	if (buf && fread(buf, 1, (size_t)n, fp) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	if (buf)
		buf[n] = '\0';
	fclose(fp);
	return buf;
}

/* Opens every exchange of the requests log (L) and pages through it. */
static int walk_requests_log(term *t)
{
	term_key(t, "L");
	TERM_IDLE(t);
	TERM_ASSERT_CONTAINS(t, "PATCH");
	assert_no_secret(t, "requests log");
	term_key(t, "g");
	TERM_IDLE(t);
	int n = 0;
	char prev[1024] = "";
	for (int i = 0; i < 40; i++) {
		int r = term_selected_row(t, 1);
		if (r < 0)
			break;
		char sel[1024];
		snprintf(sel, sizeof sel, "%s", term_row(t, r));
		if (i > 0 && strcmp(sel, prev) == 0)
			break;
		snprintf(prev, sizeof prev, "%s", sel);
		term_key(t, TK_ENTER);
		TERM_IDLE(t);
		for (int page = 0; page < 20; page++) {
			assert_no_secret(t, sel);
			char top[1024];
			snprintf(top, sizeof top, "%s", term_row(t, 1));
			term_key(t, TK_PGDN);
			TERM_IDLE(t);
			if (strcmp(top, term_row(t, 1)) == 0)
				break;
		}
		term_key(t, TK_ESC);
		TERM_IDLE(t);
		term_key(t, "j");
		TERM_IDLE(t);
		n++;
	}
	term_key(t, TK_ESC);
	TERM_IDLE(t);
	return n;
}

/* A new S3 source on media-s3 (102), first refused with a 400 that quotes
 * the secret back, then saved: the typed keys appear on no screen, in no
 * message, in neither log; the stored keys of the other bucket stay. */
static void test_s3_secret_never_shown(void **state)
{
	fx *f = *state;
	char log_path[600];
	snprintf(log_path, sizeof log_path, "%s/requests.log", f->dir);
	char *const args[] = { "--log", log_path, NULL };
	term *t = fx_open_size(f, args, NULL, 30, 160);
	fx_open_group(t, "media-s3", "media-bucket");
	emu_clear_log(f->emu);
	term_key(t, "n");
	TERM_IDLE(t);
	term_key(t, TK_SPACE);               /* kind: s3 */
	TERM_IDLE(t);
	TERM_TEXT(t, "Bucket:");
	TERM_ASSERT_LACKS(t, "Source:");
	term_key(t, TK_TAB);                 /* S3 type: amazon */
	term_key(t, TK_TAB);
	term_keys(t, "e2e-bucket");
	term_key(t, TK_TAB);
	term_keys(t, "eu-west-1");
	term_key(t, TK_TAB);                 /* storage hostname */
	term_key(t, TK_TAB);
	term_reset_bytes(t);
	term_keys(t, TYPED_AK);
	TERM_IDLE(t);
	assert_no_secret(t, "access key typed");
	term_key(t, TK_TAB);
	term_reset_bytes(t);
	term_keys(t, TYPED_SK);
	TERM_IDLE(t);
	assert_no_secret(t, "secret typed");
	TERM_ASSERT_CONTAINS(t, "(hidden)");

	/* a 400 quoting the secret back: the message shows, the secret does not */
	assert_int_equal(emu_add_fault(f->emu,
		"{\"method\":\"PATCH\",\"path_prefix\":\"/cdn/origin_groups/102\",\"times\":1,"
		"\"action\":\"status\",\"status\":400,\"body\":\"{\\\"errors\\\":{\\\"sources\\\":"
		"{\\\"e2e-bucket\\\":{\\\"config\\\":{\\\"s3_secret_access_key\\\":[\\\"Invalid key "
		TYPED_SK "\\\"]}}}}}\"}"), 0);
	term_reset_bytes(t);
	term_key(t, CTRL_S);
	TERM_IDLE(t);
	TERM_TEXT(t, "Invalid key ***");
	assert_no_secret(t, "after the refused save");
	int msg_row = term_find_row(t, "Invalid key ***");
	int sk_row = term_find_row(t, "Secret key:");
	assert_int_equal(msg_row, sk_row + 1);
	assert_true(fx_has(fx_status(t), "not saved"));
	TERM_ASSERT_CONTAINS(t, "e2e-bucket");   /* kept */

	/* saved as it is, keys still typed (kept, though never shown) */
	term_reset_bytes(t);
	term_key(t, CTRL_S);
	TERM_IDLE(t);
	wait_status(f, t, "source added");
	TERM_ASSERT_CONTAINS(t, "e2e-bucket");
	assert_no_secret(t, "after the save");
	cJSON *g = emu_get_group(f->emu, "102");
	const cJSON *cfg = cJSON_GetObjectItemCaseSensitive(source_at(g, 2), "config");
	assert_string_equal(str_at(cfg, "s3_secret_access_key"), TYPED_SK);
	assert_string_equal(str_at(cfg, "s3_access_key_id"), TYPED_AK);
	/* the other bucket, sent with the config's keys, kept its own */
	cfg = cJSON_GetObjectItemCaseSensitive(source_at(g, 1), "config");
	assert_string_equal(str_at(cfg, "s3_secret_access_key"), SEED_S3_SECRET_KEY);
	cJSON_Delete(g);
	cJSON *body = emu_log_nth_body(f->emu, "PATCH", "/cdn/origin_groups/102", 1);
	assert_non_null(body);
	char *text = cJSON_PrintUnformatted(body);
	assert_null(strstr(text, "SECRET_VALUE"));
	assert_non_null(strstr(text, SEED_S3_SECRET_KEY));   /* the spec wants them */
	free(text);
	cJSON_Delete(body);

	/* the requests log, every exchange, every page */
	assert_true(walk_requests_log(t) >= 3);
	/* the edit form of the new bucket: keys empty, "keep" said */
	fx_select(t, "e2e-bucket");
	term_key(t, "e");
	TERM_IDLE(t);
	TERM_ASSERT_CONTAINS(t, "keep the stored key");
	assert_no_secret(t, "edit form");
	term_key(t, TK_ESC);
	TERM_IDLE(t);
	assert_int_equal(fx_close_term(f), 0);

	char *log = slurp(log_path);
	assert_non_null(log);
	assert_null(strstr(log, TYPED_SK));
	assert_null(strstr(log, TYPED_AK));
	assert_null(strstr(log, SEED_S3_SECRET_KEY));
	assert_non_null(strstr(log, "PATCH "));
	assert_non_null(strstr(log, "\"s3_secret_access_key\": \"***\""));
	free(log);
}

/* An S3 source edited with no keys typed keeps its keys: the config's keys
 * of its bucket are sent (the spec wants them in every S3 source). */
static void test_s3_edit_keeps_keys(void **state)
{
	fx *f = *state;
	term *t = fx_open_size(f, NULL, NULL, 30, 160);
	fx_open_group(t, "media-s3", "media-bucket");
	fx_select(t, "media-bucket");
	emu_clear_log(f->emu);
	term_key(t, "e");
	TERM_IDLE(t);
	TERM_TEXT(t, "empty: keep the stored key");
	TERM_ASSERT_LACKS(t, "Kind:");
	term_key(t, TK_TAB);                 /* S3 type -> bucket */
	term_key(t, TK_TAB);                 /* region */
	term_key(t, CTRL_U);
	term_keys(t, "eu-central-1");
	term_key(t, CTRL_S);
	TERM_IDLE(t);
	wait_status(f, t, "source saved");
	cJSON *g = emu_get_group(f->emu, "102");
	const cJSON *cfg = cJSON_GetObjectItemCaseSensitive(source_at(g, 1), "config");
	assert_string_equal(str_at(cfg, "s3_region"), "eu-central-1");
	assert_string_equal(str_at(cfg, "s3_secret_access_key"), SEED_S3_SECRET_KEY);
	assert_string_equal(str_at(cfg, "s3_access_key_id"), SEED_S3_ACCESS_KEY);
	cJSON_Delete(g);
	cJSON *body = emu_log_first_body(f->emu, "PATCH", "/cdn/origin_groups/102");
	const cJSON *sent = source_at(body, 1);
	assert_string_equal(str_at(sent, "origin_type"), "s3");
	assert_string_equal(str_at(cJSON_GetObjectItemCaseSensitive(sent, "config"),
	                           "s3_secret_access_key"), SEED_S3_SECRET_KEY);
	cJSON_Delete(body);
}

/* ---- deleting groups ------------------------------------------------------- */

static void test_delete_groups(void **state)
{
	fx *f = *state;
	term *t = fx_open_size(f, NULL, NULL, 30, 160);
	emu_clear_log(f->emu);
	fx_select(t, "web-main");
	term_key(t, "d");
	TERM_IDLE(t);
	TERM_TEXT(t, "delete group \"web-main\"?");
	term_key(t, "y");
	TERM_IDLE(t);
	wait_status(f, t, "not deleted: group \"web-main\" is in use (There are resources using this "
	                  "group); nothing was deleted");
	TERM_ASSERT_CONTAINS(t, "web-main");
	cJSON *g = emu_get_group(f->emu, "101");
	assert_non_null(g);
	cJSON_Delete(g);
	assert_int_equal(emu_log_count(f->emu, "DELETE", "/cdn/origin_groups/101"), 1);

	/* any other key keeps it, nothing sent */
	fx_select(t, "static-assets");
	term_key(t, "d");
	TERM_IDLE(t);
	term_key(t, "n");
	TERM_IDLE(t);
	assert_int_equal(emu_log_count(f->emu, "DELETE", PATH_104), 0);
	/* y deletes a group nothing uses */
	term_key(t, "d");
	TERM_IDLE(t);
	term_key(t, "y");
	TERM_IDLE(t);
	wait_status(f, t, "group \"static-assets\" deleted");
	assert_false(listed(t, "static-assets"));
	assert_true(listed(t, "images-cdn"));
	assert_null(emu_get_group(f->emu, "104"));
	assert_int_equal(emu_log_count(f->emu, "DELETE", PATH_104), 1);
}

static int setup_form(void **state)
{
	return fx_group_setup_state(state, SEED_STATE);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_test_setup, fx_test_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_edit_name_and_case),
		T(test_duplicate_name_shown_on_field),
		T(test_esc_after_typing_asks),
		T(test_create_group),
		T(test_add_edit_delete_source),
		T(test_server_400_on_field_keeps_input),
		T(test_s3_secret_never_shown),
		T(test_s3_edit_keeps_keys),
		T(test_delete_groups),
	};
	return cmocka_run_group_tests_name("e2e_form", tests, setup_form, fx_group_teardown);
}
