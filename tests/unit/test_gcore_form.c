/* The Gcore forms (net/gcore/gcore_form.c): the fields of each form, each field's
 * documented check, the request body of each target (the S3 rule: stored
 * keys are never sent back, typed ones only), the mapping of Gcore's 400
 * bodies onto the fields, and the whole path against a private origo-emu:
 * create, edit, add / edit / delete a source, delete a group (in use or
 * not), the API refusing omitted S3 keys. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "net/gcore/gcore.h"
#include "net/provider.h"
#include "net/worker.h"
#include "tests/unit/emu_unit.h"
#include "net/s3.h"
#include "net/writes.h"

/* A group as GET shows it: a host with a tag, a backup host, an S3 bucket
 * (keys masked). */
static const char GROUP_JSON[] =
	"{\"id\":1,\"name\":\"YourOriginGroup\",\"sources\":["
	"{\"source\":\"yourwebsite.com\",\"backup\":false,\"enabled\":true,\"tag\":\"default\","
	"\"host_header_override\":null},"
	"{\"source\":\"1.2.3.4:5500\",\"backup\":true,\"enabled\":true,\"tag\":\"default\","
	"\"host_header_override\":null},"
	"{\"origin_type\":\"s3\",\"config\":{\"s3_type\":\"amazon\",\"s3_bucket_name\":\"my-bucket\","
	"\"s3_region\":\"eu-west-1\",\"s3_access_key_id\":\"SECRET_VALUE\","
	"\"s3_secret_access_key\":\"SECRET_VALUE\",\"s3_auth_type\":\"awsSignatureV4\"},"
	"\"backup\":true,\"enabled\":true,\"tag\":\"default\",\"host_header_override\":null},"
	"{\"origin_type\":\"fastedge\",\"config\":{\"app_id\":\"77\"},\"backup\":true,\"enabled\":true}],"
	"\"use_next\":true,\"proxy_next_upstream\":[\"error\",\"timeout\",\"http_502\"],"
	"\"auth_type\":\"none\",\"path\":\"\",\"has_related_resources\":true}";

#define TYPED_AK "AKIATYPEDKEY0000001"
#define TYPED_SK "typedSecret/0123+abcdefghijKLMN"

static bool contains(const char *hay, const char *needle)
{
	return hay && strstr(hay, needle) != NULL;
}

/* caller frees with og_group_free() */
static og_group *parse(const char *text)
{
	cJSON *j = cJSON_Parse(text);
	assert_non_null(j);
	og_group *g = NULL;
	og_error err = { 0 };
	if (gcore_parse_group(j, &g, &err) != 0)
		fail_msg("%s", err.msg);
	cJSON_Delete(j);
	return g;
}

static const og_source *src(const og_group *g, const char *key)
{
	long i = og_group_find_source(g, key);
	assert_true(i >= 0);
	return &g->sources[i];
}

/* A filled form. caller frees with free(). */
static form *fill(form_target t, const og_group *g, const og_source *s)
{
	form *f = calloc(1, sizeof *f);
	assert_non_null(f);
	form_init(f, "t");
	og_error err = { 0 };
	if (gcore_form_fill(f, t, g, s, &err) != 0)
		fail_msg("fill: %s", err.msg);
	return f;
}

static form_field *field(form *f, const char *key)
{
	form_field *ff = form_find(f, key);
	if (!ff)
		fail_msg("no field %s", key);
	return ff;
}

static void type(form *f, const char *key, const char *text)
{
	form_field *ff = field(f, key);
	snprintf(ff->text, sizeof ff->text, "%s", text);
	ff->cur = strlen(ff->text);
}

static void choose(form *f, const char *key, const char *item)
{
	form_field *ff = field(f, key);
	for (size_t i = 0; i < ff->n_items; i++)
		if (strcmp(ff->items[i], item) == 0) {
			ff->choice = i;
			return;
		}
	fail_msg("%s has no item %s", key, item);
}

static void tick(form *f, const char *key, bool on)
{
	field(f, key)->on = on;
}

static const char *error_of(form *f, const char *key)
{
	return field(f, key)->error;
}

static bool check(form *f, form_target t, const og_group *g, const og_source *s)
{
	form_clear_errors(f);
	return gcore_form_check(f, t, g, s);
}

static bool shown(form *f, const char *key)
{
	for (size_t i = 0; i < f->n_fields; i++)
		if (strcmp(f->fields[i].key, key) == 0)
			return form_field_visible(f, i);
	return false;
}

/* A new group form with a valid host source typed. */
static form *new_host_group(const char *name, const char *host)
{
	form *f = fill(FORM_GROUP_NEW, NULL, NULL);
	type(f, "name", name);
	type(f, "source", host);
	return f;
}

/* A new group form with a valid S3 source typed. */
static form *new_s3_group(const char *name, const char *bucket)
{
	form *f = fill(FORM_GROUP_NEW, NULL, NULL);
	type(f, "name", name);
	choose(f, "kind", "s3");
	type(f, "s3_bucket_name", bucket);
	type(f, "s3_region", "eu-west-1");
	type(f, "s3_access_key_id", TYPED_AK);
	type(f, "s3_secret_access_key", TYPED_SK);
	return f;
}

/* ---- the fields ------------------------------------------------------------ */

/* The group settings form (moved from test_form.c with the form from
 * model/ to Gcore's table): a group with these settings, filled as its
 * edit form. */
static void form_group_settings(form *f, const char *name, bool use_next,
                                const char *const *cases, size_t n_cases)
{
	cJSON *j = cJSON_CreateObject();
	cJSON_AddNumberToObject(j, "id", 1);
	cJSON_AddStringToObject(j, "name", name);
	cJSON_AddBoolToObject(j, "use_next", use_next);
	cJSON *arr = cJSON_AddArrayToObject(j, "proxy_next_upstream");
	for (size_t i = 0; i < n_cases; i++)
		cJSON_AddItemToArray(arr, cJSON_CreateString(cases[i]));
	cJSON_AddArrayToObject(j, "sources");
	og_group *g = NULL;
	og_error err = { 0 };
	if (gcore_parse_group(j, &g, &err) != 0)
		fail_msg("%s", err.msg);
	cJSON_Delete(j);
	if (gcore_form_fill(f, FORM_GROUP_EDIT, g, NULL, &err) != 0)
		fail_msg("fill: %s", err.msg);
	og_group_free(g);
}

static bool settings_check(form *f)
{
	return gcore_form_check(f, FORM_GROUP_EDIT, NULL, NULL);
}

static void test_group_settings_prefill(void **state)
{
	(void)state;
	static const char *const cases[] = { "timeout", "http_502", "not_a_case" };
	form f;
	form_init(&f, "g");
	form_group_settings(&f, "web", true, cases, 3);
	assert_string_equal(form_find(&f, "name")->text, "web");
	assert_true(form_find(&f, "use_next")->on);
	form_field *cl = form_find(&f, "proxy_next_upstream");
	assert_int_equal(cl->n_items, 10);
	assert_int_equal(form_checked_count(cl), 2);
	assert_true(cl->checked[1]);
	assert_false(f.touched);
}

static void test_group_validation(void **state)
{
	(void)state;
	form f;
	form_init(&f, "g");
	form_group_settings(&f, "  ", true, NULL, 0);
	assert_false(settings_check(&f));
	assert_string_equal(form_find(&f, "name")->error, "a name is required");
	assert_string_not_equal(form_find(&f, "proxy_next_upstream")->error, "");

	/* use_next off: no case needed; a good name passes */
	form_init(&f, "g");
	form_group_settings(&f, "web", false, NULL, 0);
	assert_true(settings_check(&f));

	/* 255 characters pass, 256 do not (characters, not bytes) */
	char name[600] = "";
	for (int i = 0; i < 255; i++)
		strcat(name, "\xc3\xa9");
	form_init(&f, "g");
	form_group_settings(&f, name, false, NULL, 0);
	assert_true(settings_check(&f));
	form_field *n = form_find(&f, "name");
	form_key(&f, 'x');
	assert_false(settings_check(&f));
	assert_non_null(strstr(n->error, "255"));

	/* typing in a marked field clears its mark */
	form_key(&f, FK_BACKSPACE);
	assert_string_equal(n->error, "");
}

static void test_fill_group_new(void **state)
{
	(void)state;
	form *f = fill(FORM_GROUP_NEW, NULL, NULL);
	assert_string_equal(field(f, "name")->text, "");
	assert_false(field(f, "use_next")->on);
	form_field *cl = field(f, "proxy_next_upstream");
	assert_int_equal(cl->n_items, 10);
	assert_int_equal(form_checked_count(cl), 2);
	assert_true(cl->checked[0] && cl->checked[1]);   /* error, timeout: the default */
	assert_string_equal(form_choice(f, "kind"), "host");
	assert_true(field(f, "enabled")->on);
	assert_false(field(f, "backup")->on);
	assert_true(field(f, "s3_access_key_id")->masked);
	assert_true(field(f, "s3_secret_access_key")->masked);
	assert_false(field(f, "source")->masked);
	/* kind host: the S3 fields are hidden; kind s3: the host field is */
	assert_true(shown(f, "source"));
	assert_true(shown(f, "host_header_override"));
	assert_false(shown(f, "s3_bucket_name"));
	assert_false(shown(f, "s3_secret_access_key"));
	choose(f, "kind", "s3");
	assert_false(shown(f, "source"));
	assert_true(shown(f, "s3_type"));
	assert_true(shown(f, "s3_bucket_name"));
	assert_true(shown(f, "s3_region"));
	assert_true(shown(f, "s3_storage_hostname"));
	assert_true(shown(f, "s3_access_key_id"));
	assert_true(shown(f, "host_header_override"));
	assert_false(f->touched);
	free(f);
}

static void test_fill_group_edit(void **state)
{
	(void)state;
	og_group *g = parse(GROUP_JSON);
	form *f = fill(FORM_GROUP_EDIT, g, NULL);
	assert_int_equal(f->n_fields, 3);
	assert_string_equal(field(f, "name")->text, "YourOriginGroup");
	assert_true(field(f, "use_next")->on);
	form_field *cl = field(f, "proxy_next_upstream");
	assert_int_equal(form_checked_count(cl), 3);
	assert_true(cl->checked[7]);   /* http_502 */
	free(f);
	og_group_free(g);
}

static void test_fill_source_edit(void **state)
{
	(void)state;
	og_group *g = parse(GROUP_JSON);
	/* a host: no kind choice, no S3 field, its values */
	form *f = fill(FORM_SOURCE_EDIT, g, src(g, "1.2.3.4:5500"));
	assert_null(form_find(f, "kind"));
	assert_null(form_find(f, "s3_bucket_name"));
	assert_string_equal(field(f, "source")->text, "1.2.3.4:5500");
	assert_true(field(f, "backup")->on);
	assert_true(field(f, "enabled")->on);
	free(f);

	/* S3: the kind is fixed, the keys start empty and say they are kept */
	f = fill(FORM_SOURCE_EDIT, g, src(g, "my-bucket"));
	assert_null(form_find(f, "kind"));
	assert_null(form_find(f, "source"));
	assert_string_equal(form_choice(f, "s3_type"), "amazon");
	assert_string_equal(field(f, "s3_bucket_name")->text, "my-bucket");
	assert_string_equal(field(f, "s3_region")->text, "eu-west-1");
	assert_string_equal(field(f, "s3_access_key_id")->text, "");
	assert_string_equal(field(f, "s3_secret_access_key")->text, "");
	assert_true(contains(field(f, "s3_access_key_id")->hint, "keep the stored key"));
	assert_true(contains(field(f, "s3_secret_access_key")->hint, "keep the stored key"));
	assert_true(contains(f->title, "my-bucket"));
	assert_false(contains(f->title, "stay as stored"));   /* the hints say it: the title is short */
	for (size_t i = 0; i < f->n_fields; i++)
		assert_false(contains(f->fields[i].text, "SECRET_VALUE"));
	free(f);

	/* FastEdge: refused, saying why */
	form ff;
	form_init(&ff, "t");
	og_error err = { 0 };
	assert_int_equal(gcore_form_fill(&ff, FORM_SOURCE_EDIT, g, src(g, "fastedge:77"), &err), -1);
	assert_int_equal(err.kind, OG_ERR_REFUSED);
	assert_true(contains(err.msg, "fastedge"));
	og_group_free(g);

	/* a legacy awsSignatureV4 group has no sources to add to */
	og_group *legacy = parse("{\"id\":9,\"name\":\"old\",\"auth_type\":\"awsSignatureV4\","
	                         "\"auth\":{\"s3_type\":\"amazon\"}}");
	form_init(&ff, "t");
	assert_int_equal(gcore_form_fill(&ff, FORM_SOURCE_NEW, legacy, NULL, &err), -1);
	assert_int_equal(err.kind, OG_ERR_REFUSED);
	assert_true(contains(err.msg, "legacy"));
	og_group_free(legacy);
}

/* ---- the checks ------------------------------------------------------------ */

static void test_check_name_and_cases(void **state)
{
	(void)state;
	form *f = new_host_group("web", "web.example.com");
	assert_true(check(f, FORM_GROUP_NEW, NULL, NULL));
	assert_false(form_has_errors(f));

	type(f, "name", "   ");
	assert_false(check(f, FORM_GROUP_NEW, NULL, NULL));
	assert_true(contains(error_of(f, "name"), "required"));
	char longname[300];
	memset(longname, 'n', 256);
	longname[256] = '\0';
	type(f, "name", longname);
	assert_false(check(f, FORM_GROUP_NEW, NULL, NULL));
	assert_true(contains(error_of(f, "name"), "255"));
	longname[255] = '\0';
	type(f, "name", longname);
	assert_true(check(f, FORM_GROUP_NEW, NULL, NULL));

	/* use_next on needs a case */
	tick(f, "use_next", true);
	form_field *cl = field(f, "proxy_next_upstream");
	memset(cl->checked, 0, sizeof cl->checked);
	assert_false(check(f, FORM_GROUP_NEW, NULL, NULL));
	assert_true(error_of(f, "proxy_next_upstream")[0] != '\0');
	tick(f, "use_next", false);
	assert_true(check(f, FORM_GROUP_NEW, NULL, NULL));
	free(f);

	/* the settings form alone */
	og_group *g = parse(GROUP_JSON);
	f = fill(FORM_GROUP_EDIT, g, NULL);
	assert_true(check(f, FORM_GROUP_EDIT, g, NULL));
	type(f, "name", "");
	assert_false(check(f, FORM_GROUP_EDIT, g, NULL));
	assert_true(error_of(f, "name")[0] != '\0');
	free(f);
	og_group_free(g);
}

static void test_check_host(void **state)
{
	(void)state;
	static const struct { const char *host; const char *why; } bad[] = {
		{ "", "required" },
		{ "https://web.example.com", "scheme" },
		{ "web.example.com/path", "path" },
		{ "web.example.com/", "path" },
		{ "web.example.com:0", "1 to 65535" },
		{ "web.example.com:65536", "1 to 65535" },
		{ "web.example.com:http", "1 to 65535" },
		{ "web.example.com:", "1 to 65535" },
		{ ":8080", "before :port" },
		{ "web example.com", "spaces" },
		{ "2001:db8::1", "brackets" },
		{ "[2001:db8::1", "]" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		form *f = new_host_group("web", bad[i].host);
		if (check(f, FORM_GROUP_NEW, NULL, NULL))
			fail_msg("accepted %s", bad[i].host);
		if (!contains(error_of(f, "source"), bad[i].why))
			fail_msg("%s: \"%s\" does not say %s", bad[i].host, error_of(f, "source"), bad[i].why);
		free(f);
	}
	static const char *const good[] = {
		"web.example.com", "1.2.3.4:5500", "web.example.com:1", "web.example.com:65535",
		"[2001:db8::1]:8443", "  padded.example.com  ",
	};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		form *f = new_host_group("web", good[i]);
		if (!check(f, FORM_GROUP_NEW, NULL, NULL))
			fail_msg("refused %s: %s", good[i], error_of(f, "source"));
		free(f);
	}
	/* 255 characters pass, 256 do not */
	char host[300];
	memset(host, 'a', 256);
	host[256] = '\0';
	form *f = new_host_group("web", host);
	assert_false(check(f, FORM_GROUP_NEW, NULL, NULL));
	assert_true(contains(error_of(f, "source"), "255"));
	host[255] = '\0';
	type(f, "source", host);
	assert_true(check(f, FORM_GROUP_NEW, NULL, NULL));
	/* the host header too */
	memset(host, 'h', 256);
	host[256] = '\0';
	type(f, "host_header_override", host);
	assert_false(check(f, FORM_GROUP_NEW, NULL, NULL));
	assert_true(contains(error_of(f, "host_header_override"), "255"));
	free(f);
}

static void test_check_unique_and_flags(void **state)
{
	(void)state;
	og_group *g = parse(GROUP_JSON);
	/* a new host that is already there (host names ignore case) */
	form *f = fill(FORM_SOURCE_NEW, g, NULL);
	type(f, "source", "YourWebsite.com");
	assert_false(check(f, FORM_SOURCE_NEW, g, NULL));
	assert_true(contains(error_of(f, "source"), "already has source \"yourwebsite.com\""));
	type(f, "source", "new.example.com");
	assert_true(check(f, FORM_SOURCE_NEW, g, NULL));
	/* a new bucket that is already there */
	choose(f, "kind", "s3");
	type(f, "s3_bucket_name", "my-bucket");
	type(f, "s3_region", "eu-west-1");
	type(f, "s3_access_key_id", TYPED_AK);
	type(f, "s3_secret_access_key", TYPED_SK);
	assert_false(check(f, FORM_SOURCE_NEW, g, NULL));
	assert_true(contains(error_of(f, "s3_bucket_name"), "already has bucket"));
	type(f, "s3_bucket_name", "other-bucket");
	assert_true(check(f, FORM_SOURCE_NEW, g, NULL));
	free(f);

	/* editing a source keeps its own name; renaming onto another is a duplicate */
	const og_source *s = src(g, "1.2.3.4:5500");
	f = fill(FORM_SOURCE_EDIT, g, s);
	assert_true(check(f, FORM_SOURCE_EDIT, g, s));
	type(f, "source", "yourwebsite.com");
	assert_false(check(f, FORM_SOURCE_EDIT, g, s));
	assert_true(error_of(f, "source")[0] != '\0');
	free(f);

	/* the only active source: not backup, not disabled */
	s = src(g, "yourwebsite.com");
	f = fill(FORM_SOURCE_EDIT, g, s);
	tick(f, "backup", true);
	assert_false(check(f, FORM_SOURCE_EDIT, g, s));
	assert_true(contains(error_of(f, "backup"), "every source"));
	tick(f, "backup", false);
	tick(f, "enabled", false);
	assert_false(check(f, FORM_SOURCE_EDIT, g, s));
	assert_true(contains(error_of(f, "enabled"), "enabled source that is not backup"));
	free(f);

	/* a new group's one source likewise */
	f = new_host_group("web", "web.example.com");
	tick(f, "backup", true);
	assert_false(check(f, FORM_GROUP_NEW, NULL, NULL));
	assert_true(error_of(f, "backup")[0] != '\0');
	tick(f, "backup", false);
	tick(f, "enabled", false);
	assert_false(check(f, FORM_GROUP_NEW, NULL, NULL));
	assert_true(error_of(f, "enabled")[0] != '\0');
	free(f);

	/* a backup source added beside an active one is fine */
	f = fill(FORM_SOURCE_NEW, g, NULL);
	type(f, "source", "dr.example.com");
	tick(f, "backup", true);
	assert_true(check(f, FORM_SOURCE_NEW, g, NULL));
	free(f);
	og_group_free(g);
}

static void test_check_s3(void **state)
{
	(void)state;
	form *f = new_s3_group("media", "media-bucket");
	assert_true(check(f, FORM_GROUP_NEW, NULL, NULL));
	/* the host field is hidden, so not checked, whatever it holds */
	type(f, "source", "https://junk/");
	assert_true(check(f, FORM_GROUP_NEW, NULL, NULL));

	type(f, "s3_bucket_name", "");
	assert_false(check(f, FORM_GROUP_NEW, NULL, NULL));
	assert_true(contains(error_of(f, "s3_bucket_name"), "required"));
	char b[300];
	memset(b, 'b', 257);
	b[257] = '\0';
	type(f, "s3_bucket_name", b);
	assert_false(check(f, FORM_GROUP_NEW, NULL, NULL));
	assert_true(contains(error_of(f, "s3_bucket_name"), "256"));
	b[256] = '\0';
	type(f, "s3_bucket_name", b);
	assert_true(check(f, FORM_GROUP_NEW, NULL, NULL));

	/* amazon needs a region, other a storage hostname */
	type(f, "s3_region", "");
	assert_false(check(f, FORM_GROUP_NEW, NULL, NULL));
	assert_true(contains(error_of(f, "s3_region"), "required"));
	choose(f, "s3_type", "other");
	assert_false(check(f, FORM_GROUP_NEW, NULL, NULL));
	assert_string_equal(error_of(f, "s3_region"), "");
	assert_true(contains(error_of(f, "s3_storage_hostname"), "required"));
	type(f, "s3_storage_hostname", "s-ed1.cloud.gcore.lu");
	assert_true(check(f, FORM_GROUP_NEW, NULL, NULL));

	/* the keys: both required on a new source, their documented alphabets
	 * and lengths; the message never quotes the value */
	static const struct { const char *ak, *sk; const char *bad; } keys[] = {
		{ "", TYPED_SK, "s3_access_key_id" },
		{ TYPED_AK, "", "s3_secret_access_key" },
		{ "AKI", TYPED_SK, "s3_access_key_id" },
		{ "AKIA/KEY", TYPED_SK, "s3_access_key_id" },
		{ "AKIA KEY", TYPED_SK, "s3_access_key_id" },
		{ TYPED_AK, "short+secret/15", "s3_secret_access_key" },
		{ TYPED_AK, "secret=with=equals0", "s3_secret_access_key" },
	};
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		type(f, "s3_access_key_id", keys[i].ak);
		type(f, "s3_secret_access_key", keys[i].sk);
		if (check(f, FORM_GROUP_NEW, NULL, NULL))
			fail_msg("accepted keys #%zu", i);
		assert_true(error_of(f, keys[i].bad)[0] != '\0');
		for (size_t k = 0; k < f->n_fields; k++) {
			if (keys[i].ak[0])
				assert_false(contains(f->fields[k].error, keys[i].ak));
			if (keys[i].sk[0])
				assert_false(contains(f->fields[k].error, keys[i].sk));
		}
	}
	type(f, "s3_access_key_id", "a:b_c-D");
	type(f, "s3_secret_access_key", "0123456789abcdef");
	assert_true(check(f, FORM_GROUP_NEW, NULL, NULL));
	free(f);

	/* editing: no keys keeps the stored ones; one alone is refused; a new
	 * bucket needs its keys */
	og_group *g = parse(GROUP_JSON);
	const og_source *s = src(g, "my-bucket");
	f = fill(FORM_SOURCE_EDIT, g, s);
	assert_true(check(f, FORM_SOURCE_EDIT, g, s));
	type(f, "s3_access_key_id", TYPED_AK);
	assert_false(check(f, FORM_SOURCE_EDIT, g, s));
	assert_true(contains(error_of(f, "s3_secret_access_key"), "both"));
	type(f, "s3_secret_access_key", TYPED_SK);
	assert_true(check(f, FORM_SOURCE_EDIT, g, s));
	type(f, "s3_access_key_id", "");
	type(f, "s3_secret_access_key", "");
	type(f, "s3_bucket_name", "renamed-bucket");
	assert_false(check(f, FORM_SOURCE_EDIT, g, s));
	assert_true(contains(error_of(f, "s3_access_key_id"), "bucket changed"));
	free(f);
	og_group_free(g);
}

/* ---- the request bodies ---------------------------------------------------- */

/* The keys the tests' ring holds for "my-bucket" (the stored S3 source). */
#define RING_AK "AKIARINGKEY000042"
#define RING_SK "ringSecret/+0123456789abcdefXYZ"

static s3_keyring *ring_with_keys(void)
{
	s3_keyring *k = s3_keyring_new("gcore");
	og_error err = { 0 };
	assert_non_null(k);
	assert_int_equal(s3_keyring_put(k, "my-bucket", RING_AK, RING_SK, NULL, NULL, &err), 0);
	return k;
}

/* caller frees with cJSON_Delete() */
static cJSON *body_of(form *f, form_target t, const og_group *g, const char *key)
{
	og_error err = { 0 };
	s3_keyring *ring = ring_with_keys();
	char *text = gcore_form_body(f, t, g, key, ring, NULL, &err);
	s3_keyring_free(ring);
	if (!text)
		fail_msg("body: %s", err.msg);
	cJSON *j = cJSON_Parse(text);
	free(text);
	assert_non_null(j);
	return j;
}

static const cJSON *at(const cJSON *o, const char *k)
{
	return cJSON_GetObjectItemCaseSensitive(o, k);
}

/* Every S3 source of the body whose keys were not typed carries the ring's
 * keys (the spec requires them), never the mask. */
static void assert_s3_untyped(const cJSON *s)
{
	assert_string_equal(at(s, "origin_type")->valuestring, "s3");
	assert_string_equal(at(at(s, "config"), "s3_access_key_id")->valuestring, RING_AK);
	assert_string_equal(at(at(s, "config"), "s3_secret_access_key")->valuestring, RING_SK);
	assert_non_null(at(at(s, "config"), "s3_bucket_name"));
}

static void test_body_group(void **state)
{
	(void)state;
	og_group *g = parse(GROUP_JSON);
	form *f = fill(FORM_GROUP_EDIT, g, NULL);
	type(f, "name", " renamed ");
	tick(f, "use_next", false);
	cJSON *b = body_of(f, FORM_GROUP_EDIT, g, NULL);
	assert_int_equal(cJSON_GetArraySize(b), 3);   /* exactly the settings */
	assert_string_equal(at(b, "name")->valuestring, "renamed");
	assert_true(cJSON_IsFalse(at(b, "use_next")));
	assert_int_equal(cJSON_GetArraySize(at(b, "proxy_next_upstream")), 3);
	assert_null(at(b, "sources"));
	cJSON_Delete(b);
	free(f);
	og_group_free(g);

	f = new_host_group("web", "web.example.com:8080");
	type(f, "host_header_override", "www.example.com");
	tick(f, "use_next", true);
	b = body_of(f, FORM_GROUP_NEW, NULL, NULL);
	assert_string_equal(at(b, "name")->valuestring, "web");
	assert_true(cJSON_IsTrue(at(b, "use_next")));
	const cJSON *cases = at(b, "proxy_next_upstream");
	assert_int_equal(cJSON_GetArraySize(cases), 2);
	assert_string_equal(cJSON_GetArrayItem(cases, 0)->valuestring, "error");
	const cJSON *arr = at(b, "sources");
	assert_int_equal(cJSON_GetArraySize(arr), 1);
	const cJSON *s = cJSON_GetArrayItem(arr, 0);
	assert_string_equal(at(s, "source")->valuestring, "web.example.com:8080");
	assert_string_equal(at(s, "host_header_override")->valuestring, "www.example.com");
	assert_true(cJSON_IsTrue(at(s, "enabled")));
	assert_true(cJSON_IsFalse(at(s, "backup")));
	assert_null(at(s, "origin_type"));
	assert_null(at(s, "config"));
	cJSON_Delete(b);
	free(f);

	/* a new S3 source: explicit origin_type and the typed keys */
	f = new_s3_group("media", "media-bucket");
	b = body_of(f, FORM_GROUP_NEW, NULL, NULL);
	s = cJSON_GetArrayItem(at(b, "sources"), 0);
	assert_string_equal(at(s, "origin_type")->valuestring, "s3");
	assert_string_equal(s->child->string, "origin_type");
	assert_null(at(s, "source"));
	const cJSON *cfg = at(s, "config");
	assert_string_equal(at(cfg, "s3_type")->valuestring, "amazon");
	assert_string_equal(at(cfg, "s3_bucket_name")->valuestring, "media-bucket");
	assert_string_equal(at(cfg, "s3_region")->valuestring, "eu-west-1");
	assert_null(at(cfg, "s3_storage_hostname"));
	assert_string_equal(at(cfg, "s3_access_key_id")->valuestring, TYPED_AK);
	assert_string_equal(at(cfg, "s3_secret_access_key")->valuestring, TYPED_SK);
	assert_true(cJSON_IsNull(at(s, "host_header_override")));
	cJSON_Delete(b);
	free(f);
}

static void test_body_sources(void **state)
{
	(void)state;
	og_group *g = parse(GROUP_JSON);
	/* a new host: appended, the others as they came but the S3 rule */
	form *f = fill(FORM_SOURCE_NEW, g, NULL);
	type(f, "source", "new.example.com");
	tick(f, "backup", true);
	cJSON *b = body_of(f, FORM_SOURCE_NEW, g, NULL);
	assert_string_equal(at(b, "name")->valuestring, "YourOriginGroup");
	const cJSON *arr = at(b, "sources");
	assert_int_equal(cJSON_GetArraySize(arr), 5);
	assert_true(cJSON_Compare(cJSON_GetArrayItem(arr, 0), og_source_raw(&g->sources[0]), 1));
	assert_true(cJSON_Compare(cJSON_GetArrayItem(arr, 1), og_source_raw(&g->sources[1]), 1));
	assert_s3_untyped(cJSON_GetArrayItem(arr, 2));
	assert_true(cJSON_Compare(cJSON_GetArrayItem(arr, 3), og_source_raw(&g->sources[3]), 1)); /* FastEdge */
	const cJSON *n = cJSON_GetArrayItem(arr, 4);
	assert_string_equal(at(n, "source")->valuestring, "new.example.com");
	assert_true(cJSON_IsTrue(at(n, "backup")));
	char *text = cJSON_PrintUnformatted(b);
	assert_false(contains(text, "SECRET_VALUE"));
	free(text);
	cJSON_Delete(b);
	free(f);

	/* an edited host: in its place, its other members ("tag") kept */
	const og_source *s = src(g, "1.2.3.4:5500");
	f = fill(FORM_SOURCE_EDIT, g, s);
	type(f, "source", "1.2.3.4:5501");
	type(f, "host_header_override", "h.example.com");
	tick(f, "enabled", false);
	b = body_of(f, FORM_SOURCE_EDIT, g, "1.2.3.4:5500");
	arr = at(b, "sources");
	assert_int_equal(cJSON_GetArraySize(arr), 4);
	n = cJSON_GetArrayItem(arr, 1);
	assert_string_equal(at(n, "source")->valuestring, "1.2.3.4:5501");
	assert_string_equal(at(n, "host_header_override")->valuestring, "h.example.com");
	assert_true(cJSON_IsFalse(at(n, "enabled")));
	assert_string_equal(at(n, "tag")->valuestring, "default");
	assert_true(cJSON_Compare(cJSON_GetArrayItem(arr, 0), og_source_raw(&g->sources[0]), 1));
	assert_s3_untyped(cJSON_GetArrayItem(arr, 2));
	cJSON_Delete(b);
	free(f);

	/* an edited S3 source without typed keys: the ring's keys */
	s = src(g, "my-bucket");
	f = fill(FORM_SOURCE_EDIT, g, s);
	choose(f, "s3_type", "other");
	type(f, "s3_storage_hostname", "s-ed1.example.net");
	tick(f, "backup", false);
	b = body_of(f, FORM_SOURCE_EDIT, g, "my-bucket");
	n = cJSON_GetArrayItem(at(b, "sources"), 2);
	assert_s3_untyped(n);
	assert_string_equal(at(at(n, "config"), "s3_type")->valuestring, "other");
	assert_string_equal(at(at(n, "config"), "s3_storage_hostname")->valuestring, "s-ed1.example.net");
	assert_string_equal(at(at(n, "config"), "s3_auth_type")->valuestring, "awsSignatureV4");
	assert_true(cJSON_IsFalse(at(n, "backup")));
	assert_string_equal(at(n, "tag")->valuestring, "default");
	cJSON_Delete(b);
	/* with both keys typed: explicit, the typed keys */
	type(f, "s3_access_key_id", TYPED_AK);
	type(f, "s3_secret_access_key", TYPED_SK);
	b = body_of(f, FORM_SOURCE_EDIT, g, "my-bucket");
	n = cJSON_GetArrayItem(at(b, "sources"), 2);
	assert_string_equal(at(n, "origin_type")->valuestring, "s3");
	assert_string_equal(at(at(n, "config"), "s3_access_key_id")->valuestring, TYPED_AK);
	assert_string_equal(at(at(n, "config"), "s3_secret_access_key")->valuestring, TYPED_SK);
	cJSON_Delete(b);

	/* the source gone from the fresh group: a conflict, nothing built */
	og_error err = { 0 };
	assert_null(gcore_form_body(f, FORM_SOURCE_EDIT, g, "gone-bucket", NULL, NULL, &err));
	assert_int_equal(err.kind, OG_ERR_CONFLICT);
	free(f);

	/* no keys for the bucket: nothing built for a host's edit nor for the
	 * S3 source's own edit without typed keys; typed keys need no ring */
	char missing[S3_BUCKET_MAX] = "";
	f = fill(FORM_SOURCE_EDIT, g, src(g, "1.2.3.4:5500"));
	assert_null(gcore_form_body(f, FORM_SOURCE_EDIT, g, "1.2.3.4:5500", NULL, missing, &err));
	assert_int_equal(err.kind, OG_ERR_REFUSED);
	assert_string_equal(missing, "my-bucket");
	free(f);
	f = fill(FORM_SOURCE_EDIT, g, src(g, "my-bucket"));
	missing[0] = '\0';
	assert_null(gcore_form_body(f, FORM_SOURCE_EDIT, g, "my-bucket", NULL, missing, &err));
	assert_int_equal(err.kind, OG_ERR_REFUSED);
	assert_string_equal(missing, "my-bucket");
	assert_true(contains(err.msg, "nothing was sent"));
	type(f, "s3_access_key_id", TYPED_AK);
	type(f, "s3_secret_access_key", TYPED_SK);
	char *typed = gcore_form_body(f, FORM_SOURCE_EDIT, g, "my-bucket", NULL, NULL, &err);
	assert_non_null(typed);
	assert_true(contains(typed, TYPED_SK));
	assert_false(contains(typed, "SECRET_VALUE"));
	free(typed);
	free(f);
	og_group_free(g);
}

static void test_body_delete_source(void **state)
{
	(void)state;
	og_group *g = parse(GROUP_JSON);
	og_error err = { 0 };
	s3_keyring *ring = ring_with_keys();
	char missing[S3_BUCKET_MAX] = "";
	/* without the bucket's keys: refused, naming it */
	assert_null(gcore_delete_source_body(g, "1.2.3.4:5500", NULL, missing, &err));
	assert_int_equal(err.kind, OG_ERR_REFUSED);
	assert_string_equal(missing, "my-bucket");
	/* deleting the S3 source itself needs no keys */
	char *text = gcore_delete_source_body(g, "my-bucket", NULL, NULL, &err);
	assert_non_null(text);
	assert_false(contains(text, "my-bucket"));
	free(text);
	text = gcore_delete_source_body(g, "1.2.3.4:5500", ring, NULL, &err);
	assert_non_null(text);
	cJSON *b = cJSON_Parse(text);
	free(text);
	const cJSON *arr = at(b, "sources");
	assert_int_equal(cJSON_GetArraySize(arr), 3);
	assert_string_equal(at(cJSON_GetArrayItem(arr, 0), "source")->valuestring, "yourwebsite.com");
	assert_s3_untyped(cJSON_GetArrayItem(arr, 1));
	cJSON_Delete(b);

	/* the only active source: refused, nothing to send */
	assert_null(gcore_delete_source_body(g, "yourwebsite.com", ring, NULL, &err));
	assert_int_equal(err.kind, OG_ERR_REFUSED);
	assert_true(contains(err.msg, "enabled source that is not backup"));
	assert_null(gcore_delete_source_body(g, "nope", ring, NULL, &err));
	assert_int_equal(err.kind, OG_ERR_CONFLICT);
	s3_keyring_free(ring);
	og_group_free(g);

	og_group *one = parse("{\"id\":5,\"name\":\"solo\",\"sources\":[{\"source\":\"a.example.com\"}]}");
	assert_null(gcore_delete_source_body(one, "a.example.com", NULL, NULL, &err));
	assert_int_equal(err.kind, OG_ERR_REFUSED);
	assert_true(contains(err.msg, "only source"));
	og_group_free(one);
}

/* ---- Gcore's 400 bodies onto the fields ------------------------------------ */

static void map(form *f, const char *body, const char *key, long idx)
{
	form_clear_errors(f);
	gcore_map_error_body(f, body, strlen(body), key, idx);
}

static void test_map_group_fields(void **state)
{
	(void)state;
	form *f = new_host_group("web", "web.example.com");
	map(f, "{\"errors\":{\"name\":[\"Origin Group name should be unique.\"]}}", "web.example.com", 0);
	assert_string_equal(error_of(f, "name"), "Origin Group name should be unique.");
	assert_string_equal(f->error, "");

	map(f, "{\"errors\":{\"proxy_next_upstream\":[\"\\\"http_999\\\" is not a valid choice.\"]}}",
	    "web.example.com", 0);
	assert_string_equal(error_of(f, "proxy_next_upstream"), "\"http_999\" is not a valid choice.");

	map(f, "{\"errors\":{\"use_next\":[\"Must be a valid boolean.\"]}}", "web.example.com", 0);
	assert_string_equal(error_of(f, "use_next"), "Must be a valid boolean.");

	/* this form's source, by its host string */
	map(f, "{\"errors\":{\"sources\":{\"web.example.com\":{\"enabled\":[\"Origin Group must have "
	       "at least one active origin sources.\"]}}}}", "web.example.com", 0);
	assert_string_equal(error_of(f, "enabled"), "Origin Group must have at least one active origin sources.");
	assert_string_equal(f->error, "");
	map(f, "{\"errors\":{\"sources\":{\"web.example.com\":{\"backup\":[\"You cannot specify all "
	       "origin sources as reserve (backup). Add non-reserve origins.\"]}}}}", "web.example.com", 0);
	assert_true(contains(error_of(f, "backup"), "reserve (backup)"));
	map(f, "{\"errors\":{\"sources\":{\"web.example.com\":{\"source\":[\"The domain name cannot be "
	       "resolved. Please specify a valid domain name.\"]}}}}", "web.example.com", 0);
	assert_true(contains(error_of(f, "source"), "cannot be resolved"));
	map(f, "{\"errors\":{\"sources\":{\"web.example.com\":{\"host_header_override\":[\"Ensure this "
	       "field has no more than 255 characters.\"]}}}}", "web.example.com", 0);
	assert_true(contains(error_of(f, "host_header_override"), "255"));

	/* {"source": [...]} and {"sources": [...]} */
	map(f, "{\"errors\":{\"source\":[\"This field is required.\"]}}", "web.example.com", 0);
	assert_string_equal(error_of(f, "source"), "This field is required.");
	map(f, "{\"errors\":{\"sources\":[\"Impossible to add origin group with more than 10 origins on "
	       "your tariff plan.\"]}}", "web.example.com", 0);
	assert_true(contains(f->error, "Impossible to add origin group"));
	assert_string_equal(error_of(f, "source"), "");

	/* several at once add up */
	map(f, "{\"errors\":{\"name\":[\"a\",\"b\"],\"sources\":{\"web.example.com\":"
	       "{\"source\":[\"c\"],\"enabled\":[\"d\"]}}}}", "web.example.com", 0);
	assert_string_equal(error_of(f, "name"), "a b");
	assert_string_equal(error_of(f, "source"), "c");
	assert_string_equal(error_of(f, "enabled"), "d");

	/* other shapes: the form's line; not JSON: nothing (err says it) */
	map(f, "{\"message\":\"You do not have permission to perform this action.\"}", "x", 0);
	assert_string_equal(f->error, "You do not have permission to perform this action.");
	map(f, "<html>bad gateway</html>", "x", 0);
	assert_false(form_has_errors(f));
	map(f, "{\"errors\":{\"auth\":[\"Origin Group hasn`t to auth with auth type: `none`.\"]}}", "x", 0);
	assert_true(contains(f->error, "auth: Origin Group hasn`t"));
	free(f);
}

static void test_map_sources(void **state)
{
	(void)state;
	og_group *g = parse(GROUP_JSON);
	/* a source form: another source's error is named on the error line */
	const og_source *s = src(g, "1.2.3.4:5500");
	form *f = fill(FORM_SOURCE_EDIT, g, s);
	map(f, "{\"errors\":{\"sources\":{\"yourwebsite.com\":{\"enabled\":[\"Origin Group must have at "
	       "least one active origin sources.\"]}}}}", "1.2.3.4:5500", 1);
	assert_string_equal(error_of(f, "enabled"), "");
	assert_true(contains(f->error, "source \"yourwebsite.com\""));
	assert_true(contains(f->error, "enabled: Origin Group must have"));
	/* by index, as for a source without identity */
	map(f, "{\"errors\":{\"sources\":{\"1\":{\"backup\":[\"Must be a valid boolean.\"]}}}}",
	    "1.2.3.4:5500", 1);
	assert_string_equal(error_of(f, "backup"), "Must be a valid boolean.");
	/* a name error on a form without a name field */
	map(f, "{\"errors\":{\"name\":[\"This field may not be blank.\"]}}", "1.2.3.4:5500", 1);
	assert_true(contains(f->error, "name: This field may not be blank."));
	free(f);

	/* S3: config errors onto the S3 fields */
	f = new_s3_group("media", "media-bucket");
	map(f, "{\"errors\":{\"sources\":{\"media-bucket\":{\"config\":{\"s3_region\":[\"This field is "
	       "required.\"]}}}}}", "media-bucket", 0);
	assert_string_equal(error_of(f, "s3_region"), "This field is required.");
	map(f, "{\"errors\":{\"sources\":{\"media-bucket\":{\"config\":{\"s3_secret_access_key\":["
	       "\"Latin letters, numbers, pluses, slashes.\"]}}}}}", "media-bucket", 0);
	assert_true(contains(error_of(f, "s3_secret_access_key"), "Latin letters"));
	map(f, "{\"errors\":{\"sources\":{\"media-bucket\":{\"config\":[\"The S3 bucket name must be "
	       "unique inside group of origins.\"]}}}}", "media-bucket", 0);
	assert_true(contains(error_of(f, "s3_bucket_name"), "must be unique"));
	map(f, "{\"errors\":{\"sources\":{\"s3_entry_0\":{\"config\":[\"This field is required.\"]}}}}",
	    "", 0);
	assert_true(error_of(f, "s3_bucket_name")[0] != '\0');
	free(f);

	/* an S3 edit without keys that the API wants after all: on the key field */
	s = src(g, "my-bucket");
	f = fill(FORM_SOURCE_EDIT, g, s);
	map(f, "{\"errors\":{\"sources\":{\"my-bucket\":{\"config\":[\"This field is required.\"]}}}}",
	    "my-bucket", 2);
	assert_string_equal(error_of(f, "s3_access_key_id"), "This field is required.");
	free(f);
	og_group_free(g);
}

static void test_in_use_reason(void **state)
{
	(void)state;
	char out[200];
	const char *b = "{\"name\":[\"There are resources using this group\"]}";
	assert_true(gcore_in_use_reason(b, strlen(b), out, sizeof out));
	assert_string_equal(out, "There are resources using this group");
	b = "{\"errors\":{\"name\":[\"There are rules using this group\"]}}";
	assert_true(gcore_in_use_reason(b, strlen(b), out, sizeof out));
	assert_string_equal(out, "There are rules using this group");
	b = "{\"message\":\"nope\"}";
	assert_false(gcore_in_use_reason(b, strlen(b), out, sizeof out));
	assert_false(gcore_in_use_reason("junk", 4, out, sizeof out));
}

/* ---- against the emulator -------------------------------------------------- */

#define EMU_AK "AKIAUNITSTOREDKEY001"
#define EMU_SK "unitStoredSecret/0123456789+abcdefgh"

static const char EMU_STATE[] =
	"{\"gcore\":{\"groups\":["
	"{\"id\":1,\"name\":\"web\",\"use_next\":true,\"proxy_next_upstream\":[\"error\"],"
	"\"has_related_resources\":true,\"sources\":["
	"{\"source\":\"a.example.com\",\"enabled\":true,\"backup\":false,\"tag\":\"blue\"},"
	"{\"source\":\"b.example.com\",\"enabled\":true,\"backup\":true}]},"
	"{\"id\":2,\"name\":\"media\",\"use_next\":false,\"has_related_resources\":false,\"sources\":["
	"{\"source\":\"m.example.org\",\"enabled\":true,\"backup\":false},"
	"{\"origin_type\":\"s3\",\"config\":{\"s3_type\":\"amazon\",\"s3_bucket_name\":\"media-bucket\","
	"\"s3_region\":\"eu-west-1\",\"s3_access_key_id\":\"" EMU_AK "\","
	"\"s3_secret_access_key\":\"" EMU_SK "\"},\"enabled\":true,\"backup\":true}]},"
	"{\"id\":3,\"name\":\"free\",\"has_related_resources\":false,\"sources\":["
	"{\"source\":\"f.example.com\"}]}]}}";

static net_account *emu_acct;
static http_client hc;
static net_call call;

static int setup_emu(void **state)
{
	(void)state;
	if (emu_start("gcoreform") != 0)
		return -1;
	emu_acct = emu_open_gcore(EMU_KEY, emu_port, 10);
	http_client_init(&hc, NULL);
	call.acct = emu_acct;
	call.http = &hc;
	return emu_acct ? 0 : -1;
}

static int teardown_emu(void **state)
{
	http_client_cleanup(&hc);
	net_account_free(emu_acct);
	return emu_stop(state);
}

static int reset(void **state)
{
	(void)state;
	/* the account knows the stored keys of the S3 bucket (as from the
	 * config's s3_credentials) */
	og_error err = { 0 };
	if (net_s3_keys_set(emu_acct, "media-bucket", EMU_AK, EMU_SK, &err) < 0)
		return -1;
	return emu_reset(EMU_STATE);
}

/* The stored group id (secrets in clear, as the emulator keeps them). caller
 * frees with cJSON_Delete(). */
static cJSON *stored(long id)
{
	cJSON *st = NULL;
	assert_int_equal(emu_ctl("GET", "/_emu/state", NULL, &st), 200);
	const cJSON *e;
	cJSON *found = NULL;
	cJSON_ArrayForEach(e, at(at(st, "gcore"), "groups"))
		if (cJSON_IsNumber(at(e, "id")) && (long)at(e, "id")->valuedouble == id)
			found = cJSON_Duplicate(e, 1);
	cJSON_Delete(st);
	return found;
}

static const cJSON *stored_s3_config(const cJSON *g, const char *bucket)
{
	const cJSON *s;
	cJSON_ArrayForEach(s, at(g, "sources")) {
		const cJSON *b = at(at(s, "config"), "s3_bucket_name");
		if (cJSON_IsString(b) && strcmp(b->valuestring, bucket) == 0)
			return at(s, "config");
	}
	return NULL;
}

static int writes(const cJSON *log)
{
	return count_log(log, "POST", NULL) + count_log(log, "PATCH", NULL) +
	       count_log(log, "PUT", NULL) + count_log(log, "DELETE", NULL);
}

/* Sends the form as the worker does: fresh read, conflict rule, check, save. */
static int save(form *f, form_target t, const char *id, const char *key, og_group **out,
                og_error *err)
{
	og_group *seen = id ? emu_read_group(emu_acct, id) : NULL;
	int rc = net_save_form(&call, f, t, id, key, seen, out, err);
	og_group_free(seen);
	return rc;
}

static void test_emu_create_group(void **state)
{
	(void)state;
	form *f = new_host_group("fresh-group", "new.example.com");
	tick(f, "use_next", true);
	og_group *out = NULL;
	og_error err = { 0 };
	if (save(f, FORM_GROUP_NEW, NULL, NULL, &out, &err) != 0)
		fail_msg("%s", err.msg);
	assert_non_null(out);
	assert_string_equal(out->name, "fresh-group");
	assert_int_equal(out->n_sources, 1);
	assert_string_equal(out->sources[0].key, "new.example.com");
	cJSON *log = emu_log();
	assert_int_equal(count_log_exact(log, "POST", "/cdn/origin_groups"), 1);
	assert_int_equal(writes(log), 1);
	cJSON_Delete(log);
	cJSON *g = stored(atol(out->id));
	assert_non_null(g);
	assert_string_equal(at(g, "name")->valuestring, "fresh-group");
	assert_true(cJSON_IsTrue(at(g, "use_next")));
	cJSON_Delete(g);
	og_group_free(out);
	free(f);

	/* an S3 group: the typed keys are stored, never given back */
	f = new_s3_group("s3-group", "new-bucket");
	if (save(f, FORM_GROUP_NEW, NULL, NULL, &out, &err) != 0)
		fail_msg("%s", err.msg);
	assert_non_null(out);
	assert_int_equal(out->sources[0].kind, OG_KIND_S3);
	/* the job's copy of the form no longer holds the keys */
	assert_string_equal(field(f, "s3_secret_access_key")->text, "");
	assert_string_equal(field(f, "s3_access_key_id")->text, "");
	assert_string_equal(field(f, "s3_bucket_name")->text, "new-bucket");
	char *txt = cJSON_PrintUnformatted(og_source_raw(&out->sources[0]));
	assert_false(contains(txt, TYPED_SK));
	free(txt);
	g = stored(atol(out->id));
	const cJSON *cfg = stored_s3_config(g, "new-bucket");
	assert_string_equal(at(cfg, "s3_secret_access_key")->valuestring, TYPED_SK);
	assert_string_equal(at(cfg, "s3_access_key_id")->valuestring, TYPED_AK);
	cJSON_Delete(g);
	og_group_free(out);
	free(f);
}

static void test_emu_create_refused(void **state)
{
	(void)state;
	/* a duplicate name: the 400 lands on the name field, nothing stored */
	form *f = new_host_group("web", "other.example.com");
	og_group *out = NULL;
	og_error err = { 0 };
	assert_int_equal(save(f, FORM_GROUP_NEW, NULL, NULL, &out, &err), -1);
	assert_null(out);
	assert_int_equal(err.http_status, 400);
	assert_string_equal(error_of(f, "name"), "Origin Group name should be unique.");
	assert_string_equal(field(f, "source")->text, "other.example.com");   /* kept */
	free(f);

	/* a private address (a rule the check cannot know): on the source field */
	f = new_host_group("private", "192.168.0.1");
	assert_int_equal(save(f, FORM_GROUP_NEW, NULL, NULL, &out, &err), -1);
	assert_true(contains(error_of(f, "source"), "private network"));
	assert_int_equal(err.http_status, 400);
	free(f);

	/* the local check stops a bad one before anything is sent */
	emu_reset(NULL);
	f = new_host_group("bad", "http://bad.example.com");
	assert_int_equal(save(f, FORM_GROUP_NEW, NULL, NULL, &out, &err), -1);
	assert_int_equal(err.kind, OG_ERR_REFUSED);
	assert_true(contains(error_of(f, "source"), "scheme"));
	cJSON *log = emu_log();
	assert_int_equal(writes(log), 0);
	cJSON_Delete(log);
	free(f);
}

static void test_emu_edit_settings(void **state)
{
	(void)state;
	og_group *g = emu_read_group(emu_acct, "2");
	form *f = fill(FORM_GROUP_EDIT, g, NULL);
	og_group_free(g);
	type(f, "name", "media-renamed");
	tick(f, "use_next", true);
	og_group *out = NULL;
	og_error err = { 0 };
	/* use_next on needs a case: refused before sending */
	assert_int_equal(save(f, FORM_GROUP_EDIT, "2", NULL, &out, &err), -1);
	assert_int_equal(err.kind, OG_ERR_REFUSED);
	assert_true(error_of(f, "proxy_next_upstream")[0] != '\0');
	field(f, "proxy_next_upstream")->checked[1] = true;   /* timeout */
	if (save(f, FORM_GROUP_EDIT, "2", NULL, &out, &err) != 0)
		fail_msg("%s", err.msg);
	assert_string_equal(out->name, "media-renamed");
	og_group_free(out);
	cJSON *log = emu_log();
	assert_int_equal(writes(log), 1);
	const cJSON *patch = find_log(log, "PATCH", "/cdn/origin_groups/2", 0);
	assert_non_null(patch);
	cJSON *body = cJSON_Parse(log_str(patch, "body"));
	assert_non_null(body);
	assert_int_equal(cJSON_GetArraySize(body), 3);
	assert_null(at(body, "sources"));
	assert_string_equal(cJSON_GetArrayItem(at(body, "proxy_next_upstream"), 0)->valuestring, "timeout");
	cJSON_Delete(body);
	cJSON_Delete(log);
	cJSON *st = stored(2);
	assert_string_equal(at(st, "name")->valuestring, "media-renamed");
	assert_string_equal(at(stored_s3_config(st, "media-bucket"), "s3_secret_access_key")->valuestring,
	                    EMU_SK);
	cJSON_Delete(st);
	free(f);
}

static void test_emu_sources(void **state)
{
	(void)state;
	og_error err = { 0 };
	og_group *out = NULL;
	/* add a host to the S3 group: the stored keys survive */
	og_group *g = emu_read_group(emu_acct, "2");
	form *f = fill(FORM_SOURCE_NEW, g, NULL);
	og_group_free(g);
	type(f, "source", "m2.example.org:8443");
	if (save(f, FORM_SOURCE_NEW, "2", NULL, &out, &err) != 0)
		fail_msg("%s", err.msg);
	assert_int_equal(out->n_sources, 3);
	og_group_free(out);
	free(f);
	cJSON *st = stored(2);
	const cJSON *cfg = stored_s3_config(st, "media-bucket");
	assert_string_equal(at(cfg, "s3_access_key_id")->valuestring, EMU_AK);
	assert_string_equal(at(cfg, "s3_secret_access_key")->valuestring, EMU_SK);
	cJSON_Delete(st);
	cJSON *log = emu_log();
	assert_false(contains(log_str(find_log(log, "PATCH", "/cdn/origin_groups/2", 0), "body"),
	                      "SECRET_VALUE"));
	cJSON_Delete(log);

	/* edit the S3 source without typed keys: the ring's (the stored ones) go */
	g = emu_read_group(emu_acct, "2");
	f = fill(FORM_SOURCE_EDIT, g, src(g, "media-bucket"));
	og_group_free(g);
	type(f, "s3_region", "eu-central-1");
	if (save(f, FORM_SOURCE_EDIT, "2", "media-bucket", &out, &err) != 0)
		fail_msg("%s", err.msg);
	og_group_free(out);
	st = stored(2);
	cfg = stored_s3_config(st, "media-bucket");
	assert_string_equal(at(cfg, "s3_region")->valuestring, "eu-central-1");
	assert_string_equal(at(cfg, "s3_secret_access_key")->valuestring, EMU_SK);
	cJSON_Delete(st);
	free(f);

	/* with new keys typed: they replace the stored ones */
	g = emu_read_group(emu_acct, "2");
	f = fill(FORM_SOURCE_EDIT, g, src(g, "media-bucket"));
	og_group_free(g);
	type(f, "s3_access_key_id", TYPED_AK);
	type(f, "s3_secret_access_key", TYPED_SK);
	if (save(f, FORM_SOURCE_EDIT, "2", "media-bucket", &out, &err) != 0)
		fail_msg("%s", err.msg);
	og_group_free(out);
	st = stored(2);
	cfg = stored_s3_config(st, "media-bucket");
	assert_string_equal(at(cfg, "s3_access_key_id")->valuestring, TYPED_AK);
	assert_string_equal(at(cfg, "s3_secret_access_key")->valuestring, TYPED_SK);
	cJSON_Delete(st);
	free(f);

	/* edit a host; its unknown "tag" stays */
	g = emu_read_group(emu_acct, "1");
	f = fill(FORM_SOURCE_EDIT, g, src(g, "a.example.com"));
	og_group_free(g);
	type(f, "source", "a2.example.com");
	if (save(f, FORM_SOURCE_EDIT, "1", "a.example.com", &out, &err) != 0)
		fail_msg("%s", err.msg);
	assert_true(og_group_find_source(out, "a2.example.com") == 0);
	og_group_free(out);
	st = stored(1);
	const cJSON *s0 = cJSON_GetArrayItem(at(st, "sources"), 0);
	assert_string_equal(at(s0, "source")->valuestring, "a2.example.com");
	assert_string_equal(at(s0, "tag")->valuestring, "blue");
	cJSON_Delete(st);
	free(f);

	/* delete a source */
	g = emu_read_group(emu_acct, "2");
	bool gone = true;
	if (net_delete(&call, "2", "m2.example.org:8443", g, &out, &gone, &err) != 0)
		fail_msg("%s", err.msg);
	assert_false(gone);
	assert_int_equal(out->n_sources, 2);
	og_group_free(out);
	og_group_free(g);
	st = stored(2);
	assert_int_equal(cJSON_GetArraySize(at(st, "sources")), 2);
	assert_string_equal(at(stored_s3_config(st, "media-bucket"), "s3_secret_access_key")->valuestring,
	                    TYPED_SK);
	cJSON_Delete(st);

	/* refusals send nothing: the last source, the last active one */
	emu_ctl("DELETE", "/_emu/log", NULL, NULL);
	g = emu_read_group(emu_acct, "3");
	assert_int_equal(net_delete(&call, "3", "f.example.com", g, &out, &gone, &err), -1);
	assert_int_equal(err.kind, OG_ERR_REFUSED);
	og_group_free(out);
	og_group_free(g);
	g = emu_read_group(emu_acct, "2");
	assert_int_equal(net_delete(&call, "2", "m.example.org", g, &out, &gone, &err), -1);
	assert_int_equal(err.kind, OG_ERR_REFUSED);
	og_group_free(out);
	og_group_free(g);
	log = emu_log();
	assert_int_equal(writes(log), 0);
	cJSON_Delete(log);
}

/* The emulator wants the keys on every write, as Gcore's spec: an account
 * that has none for the bucket sends nothing (the refusal names the bucket
 * and the config setting), typed keys go through and are the bucket's keys
 * from then on, for the next write of the group. */
static void test_emu_keys_required(void **state)
{
	(void)state;
	net_account *bare = emu_open_gcore(EMU_KEY, emu_port, 10);
	assert_non_null(bare);
	net_call c2 = { .acct = bare, .http = &hc };
	cJSON *before = stored(2);
	og_group *g = emu_read_group(bare, "2");
	form *f = fill(FORM_SOURCE_NEW, g, NULL);
	type(f, "source", "m3.example.org");
	og_group *out = NULL;
	og_error err = { 0 };
	assert_int_equal(net_save_form(&c2, f, FORM_SOURCE_NEW, "2", NULL, g, &out, &err), -1);
	og_group_free(out);
	out = NULL;
	og_group_free(g);
	assert_int_equal(err.kind, OG_ERR_REFUSED);
	assert_string_equal(c2.s3_missing, "media-bucket");
	assert_true(contains(err.msg, "\"media-bucket\""));
	assert_true(contains(err.msg, "s3_credentials"));
	cJSON *log = emu_log();
	assert_int_equal(writes(log), 0);
	cJSON_Delete(log);
	cJSON *after = stored(2);
	assert_true(cJSON_Compare(before, after, 1));
	cJSON_Delete(after);
	free(f);

	/* the group's settings send no sources: no keys needed, none asked */
	g = emu_read_group(bare, "2");
	f = fill(FORM_GROUP_EDIT, g, NULL);
	type(f, "name", "media-renamed");
	job_request *jr = job_request_new(JOB_SAVE_FORM, bare, 1, "2");
	jr->target = FORM_GROUP_EDIT;
	jr->edit_seen = og_group_clone(g);
	char bucket[64];
	assert_false(net_job_missing_s3_keys(jr, g, bucket, sizeof bucket));
	jr->target = FORM_SOURCE_NEW;      /* a source form would send them */
	assert_true(net_job_missing_s3_keys(jr, g, bucket, sizeof bucket));
	assert_string_equal(bucket, "media-bucket");
	job_request_free(jr);
	if (net_save_form(&c2, f, FORM_GROUP_EDIT, "2", NULL, g, &out, &err) != 0)
		fail_msg("%s", err.msg);
	og_group_free(out);
	og_group_free(g);
	free(f);
	log = emu_log();
	assert_int_equal(writes(log), 1);
	cJSON_Delete(log);

	/* an S3 edit with its keys typed goes through */
	c2.s3_missing[0] = '\0';
	g = emu_read_group(bare, "2");
	f = fill(FORM_SOURCE_EDIT, g, src(g, "media-bucket"));
	type(f, "s3_access_key_id", TYPED_AK);
	type(f, "s3_secret_access_key", TYPED_SK);
	tick(f, "enabled", false);
	if (net_save_form(&c2, f, FORM_SOURCE_EDIT, "2", "media-bucket", g, &out, &err) != 0)
		fail_msg("%s", err.msg);
	og_group_free(out);
	og_group_free(g);
	after = stored(2);
	assert_string_equal(at(stored_s3_config(after, "media-bucket"), "s3_secret_access_key")->valuestring,
	                    TYPED_SK);
	cJSON_Delete(after);
	free(f);

	/* ...and are the bucket's keys for the next write: a toggle */
	g = emu_read_group(bare, "2");
	og_change en = { .group_id = "2", .source_key = "media-bucket", .field = OG_FIELD_ENABLED,
	                 .from = OG_NO, .to = OG_YES };
	long at_b = og_group_find_source(g, "media-bucket");
	if (net_change_flag(&c2, &en, &g->sources[at_b], &out, &err) != 0)
		fail_msg("%s", err.msg);
	og_group_free(out);
	log = emu_log();
	const cJSON *p = find_log(log, "PATCH", "/cdn/origin_groups/2", 1);
	assert_non_null(p);
	assert_true(contains(log_str(p, "body"), TYPED_SK));
	assert_false(contains(log_str(p, "body"), "SECRET_VALUE"));
	cJSON_Delete(log);
	og_group_free(g);
	cJSON_Delete(before);
	net_account_free(bare);

	/* a 400 quoting the typed secret back: scrubbed from every message */
	emu_add_fault("{\"method\":\"PATCH\",\"path_prefix\":\"/cdn/origin_groups/2\",\"times\":1,"
	              "\"action\":\"status\",\"status\":400,\"body\":\"{\\\"errors\\\":{\\\"sources\\\":"
	              "{\\\"media-bucket\\\":{\\\"config\\\":{\\\"s3_secret_access_key\\\":[\\\"bad "
	              "value " TYPED_SK "\\\"]}}}}}\"}");
	g = emu_read_group(emu_acct, "2");
	f = fill(FORM_SOURCE_EDIT, g, src(g, "media-bucket"));
	og_group_free(g);
	type(f, "s3_access_key_id", TYPED_AK);
	type(f, "s3_secret_access_key", TYPED_SK);
	assert_int_equal(save(f, FORM_SOURCE_EDIT, "2", "media-bucket", &out, &err), -1);
	og_group_free(out);
	assert_true(contains(error_of(f, "s3_secret_access_key"), "bad value ***"));
	assert_false(contains(err.msg, TYPED_SK));
	for (size_t i = 0; i < f->n_fields; i++)
		assert_false(contains(f->fields[i].error, TYPED_SK));
	assert_false(contains(f->error, TYPED_SK));
	free(f);
}

/* The emulator's default is Gcore's spec (S3Config): a PATCH of the
 * group's sources whose S3 source lacks a key, carries the mask, or breaks
 * the key rules is a 400 naming the bucket and field, and nothing changes;
 * with both keys it applies. */
static void test_emu_default_wants_s3_keys(void **state)
{
	(void)state;
	static const char head[] = "{\"name\":\"media\",\"sources\":[{\"source\":\"m.example.org\","
		"\"enabled\":true,\"backup\":false},{%s\"config\":{\"s3_type\":\"amazon\","
		"\"s3_bucket_name\":\"media-bucket\",\"s3_region\":\"eu-west-1\"%s},"
		"\"enabled\":false,\"backup\":true}]}";
	struct { const char *type, *keys, *want; } cases[] = {
		{ "", "", "\"s3_access_key_id\":[\"This field is required.\"]" },
		{ "\"origin_type\":\"s3\",", ",\"s3_access_key_id\":\"" EMU_AK "\"",
		  "\"s3_secret_access_key\":[\"This field is required.\"]" },
		{ "", ",\"s3_access_key_id\":\"SECRET_VALUE\",\"s3_secret_access_key\":\"SECRET_VALUE\"",
		  "Secret values must be provided." },
		{ "\"origin_type\":\"s3\",", ",\"s3_access_key_id\":\"" EMU_AK "\",\"s3_secret_access_key\":\"short\"",
		  "\"s3_secret_access_key\":[\"Latin letters" },
	};
	cJSON *before = stored(2);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char body[1024];
		snprintf(body, sizeof body, head, cases[i].type, cases[i].keys);
		char *eb = NULL;
		call.error_body = &eb;
		http_response r;
		og_error err = { 0 };
		int rc = net_request(&call, "PATCH", "/cdn/origin_groups/2", body, &r, &err);
		call.error_body = NULL;
		if (rc == 0) {
			http_response_clear(&r);
			fail_msg("case %zu applied", i);
		}
		assert_int_equal(err.http_status, 400);
		if (!eb || !strstr(eb, "\"media-bucket\"") || !strstr(eb, cases[i].want))
			fail_msg("case %zu: %s", i, eb ? eb : "(no body)");
		free(eb);
	}
	cJSON *after = stored(2);
	assert_true(cJSON_Compare(before, after, 1));
	cJSON_Delete(after);
	cJSON_Delete(before);
	/* both keys: applied */
	char body[1024];
	snprintf(body, sizeof body, head, "", ",\"s3_access_key_id\":\"" EMU_AK "\","
	         "\"s3_secret_access_key\":\"" EMU_SK "\"");
	http_response r;
	og_error err = { 0 };
	if (net_request(&call, "PATCH", "/cdn/origin_groups/2", body, &r, &err) != 0)
		fail_msg("%s", err.msg);
	http_response_clear(&r);
	after = stored(2);
	assert_true(cJSON_IsFalse(at(cJSON_GetArrayItem(at(after, "sources"), 1), "enabled")));
	cJSON_Delete(after);
}

static void test_emu_delete_group(void **state)
{
	(void)state;
	og_error err = { 0 };
	og_group *out = NULL;
	bool gone = false;
	/* in use: says what uses it, nothing deleted */
	assert_int_equal(net_delete(&call, "1", NULL, NULL, &out, &gone, &err), -1);
	assert_false(gone);
	assert_string_equal(err.msg, "group \"web\" is in use (There are resources using this group); "
	                             "nothing was deleted");
	assert_int_equal(err.http_status, 400);
	og_group_free(out);
	cJSON *st = stored(1);
	assert_non_null(st);
	cJSON_Delete(st);
	/* not in use: gone */
	out = NULL;
	if (net_delete(&call, "3", NULL, NULL, &out, &gone, &err) != 0)
		fail_msg("%s", err.msg);
	assert_true(gone);
	og_group_free(out);
	assert_null(stored(3));
	cJSON *log = emu_log();
	assert_int_equal(count_log_exact(log, "DELETE", "/cdn/origin_groups/3"), 1);
	cJSON_Delete(log);
}

/* The worker's JOB_SAVE_FORM: the form goes and comes back with its errors. */
static void test_emu_worker_job(void **state)
{
	(void)state;
	og_error err = { 0 };
	worker *w = worker_start(1, &err);
	assert_non_null(w);
	job_request *r = job_request_new(JOB_SAVE_FORM, emu_acct, 7, NULL);
	assert_non_null(r);
	r->form = new_host_group("web", "x.example.com");   /* a duplicate name */
	r->target = FORM_GROUP_NEW;
	assert_int_equal(worker_submit(w, r), 0);
	job_result *res = wait_result(w, 10);
	assert_int_equal(res->status, -1);
	assert_non_null(res->form);
	assert_string_equal(res->form->fields[0].key, "name");
	assert_true(contains(res->form->fields[0].error, "unique"));
	job_result_free(res);
	worker_stop(w);
}

int main(void)
{
	const struct CMUnitTest pure[] = {
		cmocka_unit_test(test_group_settings_prefill),
		cmocka_unit_test(test_group_validation),
		cmocka_unit_test(test_fill_group_new),
		cmocka_unit_test(test_fill_group_edit),
		cmocka_unit_test(test_fill_source_edit),
		cmocka_unit_test(test_check_name_and_cases),
		cmocka_unit_test(test_check_host),
		cmocka_unit_test(test_check_unique_and_flags),
		cmocka_unit_test(test_check_s3),
		cmocka_unit_test(test_body_group),
		cmocka_unit_test(test_body_sources),
		cmocka_unit_test(test_body_delete_source),
		cmocka_unit_test(test_map_group_fields),
		cmocka_unit_test(test_map_sources),
		cmocka_unit_test(test_in_use_reason),
	};
	const struct CMUnitTest emu[] = {
		cmocka_unit_test_setup(test_emu_create_group, reset),
		cmocka_unit_test_setup(test_emu_create_refused, reset),
		cmocka_unit_test_setup(test_emu_edit_settings, reset),
		cmocka_unit_test_setup(test_emu_sources, reset),
		cmocka_unit_test_setup(test_emu_keys_required, reset),
		cmocka_unit_test_setup(test_emu_default_wants_s3_keys, reset),
		cmocka_unit_test_setup(test_emu_delete_group, reset),
		cmocka_unit_test_setup(test_emu_worker_job, reset),
	};
	int rc = cmocka_run_group_tests_name("gcore_form", pure, NULL, NULL);
	rc |= cmocka_run_group_tests_name("gcore_form_emu", emu, setup_emu, teardown_emu);
	return rc;
}
