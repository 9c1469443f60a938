/* The Gcore mapping on the documented examples (tests/fixtures/gcore/, taken
 * from ../shared/api/gcore.md): both list shapes, S3 sources, defaults, the
 * PATCH body of one flag change, and the error bodies. No network. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "net/gcore/gcore.h"
#include "net/http.h"
#include "net/worker.h"

/* caller frees with free() */
static char *read_fixture(const char *name, size_t *len)
{
	const char *root = getenv("ORIGO_SRCDIR");
	char path[1024];
	snprintf(path, sizeof path, "%s/tests/fixtures/gcore/%s", root && *root ? root : ".", name);
	FILE *f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open fixture %s", path);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	if (len)
		*len = (size_t)n;
	return buf;
}

static og_group_list load_list(const char *name, gcore_page *page)
{
	size_t len;
	char *text = read_fixture(name, &len);
	og_group_list l = { 0 };
	og_error err = { 0 };
	int rc = gcore_parse_list(text, len, &l, page, &err);
	free(text);
	if (rc != 0)
		fail_msg("%s: %s", name, err.msg);
	return l;
}

/* caller frees with og_group_free() */
static og_group *load_group(const char *name)
{
	char *text = read_fixture(name, NULL);
	cJSON *j = cJSON_Parse(text);
	free(text);
	assert_non_null(j);
	og_group *g = NULL;
	og_error err = { 0 };
	int rc = gcore_parse_group(j, &g, &err);
	cJSON_Delete(j);
	if (rc != 0)
		fail_msg("%s: %s", name, err.msg);
	return g;
}

static void test_bare_array(void **state)
{
	(void)state;
	gcore_page page;
	og_group_list l = load_list("list_seed.json", &page);
	assert_false(page.envelope);
	assert_int_equal(page.n_results, 1);
	assert_int_equal(l.n, 1);
	og_group *g = l.items[0];
	assert_string_equal(g->id, "1");
	assert_string_equal(g->name, "YourOriginGroup");
	assert_int_equal(g->use_next, OG_YES);
	assert_int_equal(g->in_use, OG_YES);
	assert_int_equal(g->n_next_upstream, 7);
	assert_string_equal(g->next_upstream[0], "error");
	assert_string_equal(g->next_upstream[6], "http_504");
	assert_int_equal(g->n_sources, 2);

	og_source *a = &g->sources[0], *b = &g->sources[1];
	assert_int_equal(a->kind, OG_KIND_HOST);
	assert_string_equal(a->key, "yourwebsite.com");
	assert_string_equal(a->host, "yourwebsite.com");
	assert_int_equal(a->port, 0);
	assert_int_equal(a->enabled, OG_YES);
	assert_int_equal(a->backup, OG_NO);
	assert_int_equal(a->primary, OG_ABSENT);
	assert_int_equal(a->order, -1);
	assert_null(a->protocol);
	assert_null(a->host_header);
	assert_non_null(og_source_raw(a));

	assert_string_equal(b->key, "1.2.3.4:5500");
	assert_string_equal(b->host, "1.2.3.4");
	assert_int_equal(b->port, 5500);
	assert_int_equal(b->backup, OG_YES);

	/* the group's raw is the object verbatim, its sources held once: in
	 * each source's raw, in order */
	assert_non_null(og_group_raw(g));
	assert_string_equal(cJSON_GetObjectItem(og_group_raw(g), "auth_type")->valuestring, "none");
	assert_string_equal(cJSON_GetObjectItem(og_group_raw(g), "path")->valuestring, "");
	assert_null(cJSON_GetObjectItem(og_group_raw(g), "sources"));
	cJSON *want = cJSON_Parse("{\"backup\":true,\"enabled\":true,\"source\":\"1.2.3.4:5500\"}");
	assert_true(cJSON_Compare(og_source_raw(b), want, 1));
	cJSON_Delete(want);
	og_group_list_free(&l);
}

static void test_envelope(void **state)
{
	(void)state;
	gcore_page page;
	og_group_list l = load_list("list_envelope.json", &page);
	assert_true(page.envelope);
	assert_int_equal((int)page.count, 1);
	assert_int_equal(page.n_results, 1);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.items[0]->name, "YourOriginGroup");
	assert_int_equal(l.items[0]->n_next_upstream, 2);
	og_group_list_free(&l);
}

static void test_paged_envelope(void **state)
{
	(void)state;
	og_group_list l = { 0 };
	og_error err = { 0 };
	gcore_page page;
	size_t len;
	char *p1 = read_fixture("list_page1.json", &len);
	assert_int_equal(gcore_parse_list(p1, len, &l, &page, &err), 0);
	free(p1);
	assert_true(page.envelope);
	assert_int_equal((int)page.count, 3);
	assert_int_equal(page.n_results, 2);
	char *p2 = read_fixture("list_page2.json", &len);
	assert_int_equal(gcore_parse_list(p2, len, &l, &page, &err), 0);
	free(p2);
	assert_int_equal(page.n_results, 1);
	assert_int_equal(l.n, 3);
	assert_string_equal(l.items[0]->id, "10");
	assert_string_equal(l.items[1]->id, "11");
	assert_string_equal(l.items[2]->id, "12");
	assert_int_equal(l.items[1]->sources[0].enabled, OG_NO);
	assert_int_equal(l.items[0]->in_use, OG_NO);
	/* missing enabled / backup take the API's defaults */
	og_source *e = &l.items[2]->sources[0];
	assert_int_equal(e->enabled, OG_YES);
	assert_int_equal(e->backup, OG_NO);
	assert_int_equal(l.items[2]->n_next_upstream, 0);
	og_group_list_free(&l);
}

static bool contains(const char *s, const char *needle)
{
	return s && strstr(s, needle);
}

static void test_s3_keys_only_in_raw(void **state)
{
	(void)state;
	og_group *g = load_group("group_create_response.json");
	assert_int_equal(g->n_sources, 3);
	og_source *s3 = &g->sources[2];
	assert_int_equal(s3->kind, OG_KIND_S3);
	assert_string_equal(s3->key, "my-bucket");
	assert_string_equal(s3->host, "my-bucket");
	assert_int_equal(s3->port, 0);
	assert_int_equal(s3->backup, OG_YES);
	assert_null(s3->host_header);      /* null host_header_override */
	for (size_t i = 0; i < g->n_sources; i++) {
		og_source *s = &g->sources[i];
		assert_false(contains(s->key, "SECRET"));
		assert_false(contains(s->host, "SECRET"));
		assert_false(contains(s->host_header, "SECRET"));
		assert_false(contains(s->protocol, "SECRET"));
		assert_null(s->host_header);
	}
	/* raw keeps the config verbatim... */
	const cJSON *cfg = cJSON_GetObjectItem(og_source_raw(s3), "config");
	assert_string_equal(cJSON_GetObjectItem(cfg, "s3_access_key_id")->valuestring, "SECRET_VALUE");
	/* ...but the provider-neutral JSON never shows it */
	cJSON *out = og_group_to_json(g);
	char *text = cJSON_PrintUnformatted(out);
	assert_non_null(text);
	assert_false(contains(text, "SECRET_VALUE"));
	assert_false(contains(text, "s3_access_key_id"));
	assert_true(contains(text, "my-bucket"));
	free(text);
	cJSON_Delete(out);
	og_group_free(g);
}

static void test_defaults_and_hosts(void **state)
{
	(void)state;
	og_group *g = load_group("group_defaults.json");
	assert_string_equal(g->id, "7");
	assert_int_equal(g->use_next, OG_NO);      /* absent: off */
	assert_int_equal(g->in_use, OG_ABSENT);    /* absent: unknown */
	assert_int_equal(g->n_sources, 4);
	og_source *s = g->sources;
	assert_string_equal(s[0].key, "[2001:db8::1]:8443");
	assert_string_equal(s[0].host, "2001:db8::1");
	assert_int_equal(s[0].port, 8443);
	assert_int_equal(s[0].enabled, OG_YES);
	assert_int_equal(s[0].backup, OG_NO);
	assert_string_equal(s[1].host, "2001:db8::2");
	assert_int_equal(s[1].port, 0);
	assert_int_equal(s[1].enabled, OG_NO);
	/* a port out of range is not a port: the string is shown as given */
	assert_string_equal(s[2].host, "host.example:99999");
	assert_int_equal(s[2].port, 0);
	assert_int_equal(s[2].backup, OG_YES);
	assert_int_equal(s[3].kind, OG_KIND_FASTEDGE);
	assert_string_equal(s[3].key, "fastedge:4242");
	assert_string_equal(s[3].host_header, "edge.example");
	og_group_free(g);
}

static void test_malformed(void **state)
{
	(void)state;
	const char *bad[] = {
		"not json", "{\"foo\":1}", "42", "[{\"name\":\"no id\"}]",
		"[{\"id\":1.5,\"name\":\"x\"}]",
		"[{\"id\":1,\"sources\":[\"a.com\"]}]",
		"[{\"id\":1,\"sources\":[{\"enabled\":true}]}]",
		"[{\"id\":1,\"sources\":[{\"origin_type\":\"s3\",\"config\":{}}]}]",
		"{\"count\":3,\"results\":{}}",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		og_group_list l = { 0 };
		og_error err = { 0 };
		gcore_page page;
		int rc = gcore_parse_list(bad[i], strlen(bad[i]), &l, &page, &err);
		if (rc != -1)
			fail_msg("accepted %s", bad[i]);
		assert_int_equal(err.kind, OG_ERR_PARSE);
		assert_true(err.msg[0] != '\0');
		og_group_list_free(&l);
	}
}

/* The keys the tests' ring holds for "my-bucket" (valid by the spec's rules). */
#define RING_AK "AKIATESTRINGKEY01"
#define RING_SK "ringSecretKey+/0123456789abcdef"

static s3_keyring *test_ring(void)
{
	s3_keyring *k = s3_keyring_new("gcore");
	og_error err = { 0 };
	assert_non_null(k);
	assert_int_equal(s3_keyring_put(k, "my-bucket", RING_AK, RING_SK, NULL, NULL, &err), 0);
	return k;
}

/* The body of a change must equal the fresh group's sources except the one
 * flag: every other field (tag, the S3 config, origin_type) and the order as
 * they came, save that an S3 source carries its bucket's real keys in place
 * of the mask (the spec's S3Config requires them). */
static void check_body(const og_group *g, const og_change *c, const char *flag, bool value)
{
	og_error err = { 0 };
	s3_keyring *ring = test_ring();
	char missing[S3_BUCKET_MAX] = "";
	char *body = gcore_build_change_body(g, c, ring, missing, &err);
	s3_keyring_free(ring);
	if (!body)
		fail_msg("%s", err.msg);
	assert_string_equal(missing, "");
	cJSON *j = cJSON_Parse(body);
	free(body);
	assert_non_null(j);
	assert_int_equal(cJSON_GetArraySize(j), 2);
	assert_string_equal(cJSON_GetObjectItem(j, "name")->valuestring, g->name);
	const cJSON *arr = cJSON_GetObjectItem(j, "sources");
	assert_int_equal(cJSON_GetArraySize(arr), (int)g->n_sources);
	long idx = og_group_find_source(g, c->source_key);
	assert_true(idx >= 0);
	for (size_t i = 0; i < g->n_sources; i++) {
		cJSON *sent = cJSON_Duplicate(cJSON_GetArrayItem(arr, (int)i), 1);
		cJSON *orig = cJSON_Duplicate(og_source_raw(&g->sources[i]), 1);
		if (g->sources[i].kind == OG_KIND_S3) {
			assert_string_equal(cJSON_GetObjectItem(sent, "origin_type")->valuestring, "s3");
			cJSON *cfg = cJSON_GetObjectItem(sent, "config");
			assert_non_null(cJSON_GetObjectItem(cfg, "s3_bucket_name"));
			assert_string_equal(cJSON_GetObjectItem(cfg, "s3_access_key_id")->valuestring, RING_AK);
			assert_string_equal(cJSON_GetObjectItem(cfg, "s3_secret_access_key")->valuestring,
			                    RING_SK);
			cJSON_DeleteItemFromObject(cfg, "s3_access_key_id");
			cJSON_DeleteItemFromObject(cfg, "s3_secret_access_key");
			cJSON *ocfg = cJSON_GetObjectItem(orig, "config");
			cJSON_DeleteItemFromObject(ocfg, "s3_access_key_id");
			cJSON_DeleteItemFromObject(ocfg, "s3_secret_access_key");
		}
		if ((long)i == idx) {
			const cJSON *v = cJSON_GetObjectItem(sent, flag);
			assert_true(cJSON_IsBool(v));
			assert_int_equal(cJSON_IsTrue(v) ? 1 : 0, value ? 1 : 0);
			cJSON_DeleteItemFromObject(sent, flag);
			cJSON_DeleteItemFromObject(orig, flag);
		}
		assert_true(cJSON_Compare(sent, orig, 1));
		cJSON_Delete(sent);
		cJSON_Delete(orig);
	}
	cJSON_Delete(j);
}

static void test_change_body(void **state)
{
	(void)state;
	og_group *g = load_group("group_create_response.json");
	og_change c = { .group_id = "1", .source_key = "1.2.3.4:5500",
	                .field = OG_FIELD_ENABLED, .from = OG_YES, .to = OG_NO };
	check_body(g, &c, "enabled", false);

	/* the S3 source: its config goes back as it came, with the real keys */
	og_change s3 = { .group_id = "1", .source_key = "my-bucket",
	                 .field = OG_FIELD_BACKUP, .from = OG_YES, .to = OG_NO };
	check_body(g, &s3, "backup", false);

	og_error err = { 0 };
	s3_keyring *ring = test_ring();
	char *body = gcore_build_change_body(g, &s3, ring, NULL, &err);
	s3_keyring_free(ring);
	assert_non_null(body);
	assert_true(contains(body, "\"tag\":\"default\""));
	assert_false(contains(body, "SECRET_VALUE"));
	assert_true(contains(body, "\"s3_access_key_id\":\"" RING_AK "\""));
	assert_true(contains(body, "\"s3_secret_access_key\":\"" RING_SK "\""));
	assert_true(contains(body, "\"s3_region\":\"eu-west-1\""));
	assert_true(contains(body, "\"s3_auth_type\":\"awsSignatureV4\""));
	assert_true(contains(body, "\"host_header_override\":null"));
	/* order: yourwebsite.com, then 1.2.3.4:5500, then the bucket */
	char *p1 = strstr(body, "yourwebsite.com"), *p2 = strstr(body, "1.2.3.4:5500"),
	     *p3 = strstr(body, "my-bucket");
	assert_true(p1 && p2 && p3 && p1 < p2 && p2 < p3);
	free(body);
	og_group_free(g);

	/* a flag missing from the source's object is added */
	og_group *d = load_group("group_defaults.json");
	og_change add = { .group_id = "7", .source_key = "[2001:db8::1]:8443",
	                  .field = OG_FIELD_BACKUP, .from = OG_NO, .to = OG_YES };
	check_body(d, &add, "backup", true);
	og_group_free(d);
}

/* A response whose flag member is cased differently ("Enabled"): the body
 * must carry the new value under the API's name, once, and no old value
 * (the lookup ignored case, the replace did not: nothing changed). */
static void test_change_body_other_case(void **state)
{
	(void)state;
	cJSON *j = cJSON_Parse("{\"id\":9,\"name\":\"g\",\"sources\":[{\"source\":\"a.example\","
	                       "\"Enabled\":true,\"BACKUP\":false}]}");
	og_group *g = NULL;
	og_error err = { 0 };
	assert_int_equal(gcore_parse_group(j, &g, &err), 0);
	cJSON_Delete(j);
	og_change c = { .group_id = "9", .source_key = "a.example",
	                .field = OG_FIELD_ENABLED, .from = OG_YES, .to = OG_NO };
	char *body = gcore_build_change_body(g, &c, NULL, NULL, &err);
	assert_non_null(body);
	assert_string_equal(body, "{\"name\":\"g\",\"sources\":[{\"source\":\"a.example\","
	                          "\"enabled\":false,\"BACKUP\":false}]}");
	free(body);
	og_change b = { .group_id = "9", .source_key = "a.example",
	                .field = OG_FIELD_BACKUP, .from = OG_NO, .to = OG_YES };
	body = gcore_build_change_body(g, &b, NULL, NULL, &err);
	assert_non_null(body);
	assert_string_equal(body, "{\"name\":\"g\",\"sources\":[{\"source\":\"a.example\","
	                          "\"Enabled\":true,\"backup\":true}]}");
	free(body);
	og_group_free(g);
}

/* Without keys for the bucket nothing is built, whichever source the change
 * is about: the refusal names the bucket and how to supply the keys. */
static void test_change_body_needs_s3_keys(void **state)
{
	(void)state;
	og_group *g = load_group("group_create_response.json");
	og_change c = { .group_id = "1", .source_key = "1.2.3.4:5500",
	                .field = OG_FIELD_ENABLED, .from = OG_YES, .to = OG_NO };
	s3_keyring *empty = s3_keyring_new("gcore");
	s3_keyring *other = s3_keyring_new("gcore");
	og_error err = { 0 };
	assert_int_equal(s3_keyring_put(other, "another-bucket", RING_AK, RING_SK, NULL, NULL, &err), 0);
	s3_keyring *rings[] = { NULL, empty, other };
	for (size_t i = 0; i < 3; i++) {
		char missing[S3_BUCKET_MAX] = "";
		og_error_clear(&err);
		assert_null(gcore_build_change_body(g, &c, rings[i], missing, &err));
		assert_int_equal(err.kind, OG_ERR_REFUSED);
		assert_string_equal(missing, "my-bucket");
		assert_true(contains(err.msg, "\"my-bucket\""));
		assert_true(contains(err.msg, "nothing was sent"));
		assert_true(contains(err.msg, "s3_credentials"));
	}
	s3_keyring_free(empty);
	s3_keyring_free(other);
	og_group_free(g);
}

static void test_change_body_refusals(void **state)
{
	(void)state;
	og_group *g = load_group("group_create_response.json");
	og_error err = { 0 };
	s3_keyring *ring = test_ring();
	og_change gone = { .group_id = "1", .source_key = "gone.example",
	                   .field = OG_FIELD_ENABLED, .from = OG_YES, .to = OG_NO };
	assert_null(gcore_build_change_body(g, &gone, ring, NULL, &err));
	assert_int_equal(err.kind, OG_ERR_CONFLICT);
	assert_true(contains(err.msg, "gone.example"));
	og_change prim = { .group_id = "1", .source_key = "yourwebsite.com",
	                   .field = OG_FIELD_PRIMARY, .from = OG_ABSENT, .to = OG_YES };
	assert_null(gcore_build_change_body(g, &prim, ring, NULL, &err));
	assert_int_equal(err.kind, OG_ERR_REFUSED);
	s3_keyring_free(ring);
	og_group_free(g);
}

static void expect_description(const char *fixture, const char *want)
{
	size_t len;
	char *text = read_fixture(fixture, &len);
	char out[512];
	gcore_describe_error(text, len, out, sizeof out);
	free(text);
	assert_string_equal(out, want);
}

static void test_error_bodies(void **state)
{
	(void)state;
	expect_description("error_sources_nested.json",
	    "sources: yourwebsite.com: enabled: Origin Group must have at least one active origin sources.");
	expect_description("error_name_unique.json", "name: Origin Group name should be unique.");
	expect_description("error_message.json", "You do not have permission to perform this action.");
	expect_description("error_detail.json", "Token is invalid or expired");
	expect_description("error_drf_dict.json", "name: There are resources using this group");

	char out[512];
	const char *both = "{\"message\":\"first\",\"errors\":{\"x\":[\"second\"]}}";
	gcore_describe_error(both, strlen(both), out, sizeof out);
	assert_string_equal(out, "first");
	const char *two = "{\"errors\":{\"name\":[\"a\",\"b\"],\"source\":[\"c\"]}}";
	gcore_describe_error(two, strlen(two), out, sizeof out);
	assert_string_equal(out, "name: a b; source: c");
	gcore_describe_error("<html>oops</html>", 17, out, sizeof out);
	assert_string_equal(out, "");
	const char *nl = "{\"message\":\"line1\\nline2\"}";
	gcore_describe_error(nl, strlen(nl), out, sizeof out);
	assert_string_equal(out, "line1 line2");
	/* a tiny buffer truncates instead of overflowing */
	char small[8];
	expect_description("error_message.json", "You do not have permission to perform this action.");
	const char *m = "{\"message\":\"You do not have permission\"}";
	gcore_describe_error(m, strlen(m), small, sizeof small);
	assert_string_equal(small, "You do ");
}

static void test_caps(void **state)
{
	(void)state;
	assert_string_equal(gcore_caps.provider_label, "Gcore");
	assert_true(gcore_caps.has_enabled && gcore_caps.has_backup);
	assert_true(gcore_caps.has_host_header && gcore_caps.has_next_upstream);
	assert_true(gcore_caps.s3_sources);
	assert_false(gcore_caps.has_primary || gcore_caps.has_order || gcore_caps.async_operations);
	assert_non_null(gcore_caps.why_no_primary);
	assert_non_null(gcore_caps.why_no_order);
}

static void test_account_open(void **state)
{
	(void)state;
	og_account acct = { .name = "main", .provider = "gcore", .read_only = -1,
	                    OG_SETTINGS({ .name = "api_key_env", .value = "ORIGO_TEST_NO_SUCH_KEY" }) };
	net_options opt = { 0 };
	og_error err = { 0 };
	unsetenv("ORIGO_TEST_NO_SUCH_KEY");
	assert_null(net_account_open(&acct, &opt, &err));
	assert_int_equal(err.kind, OG_ERR_CONFIG);
	assert_string_equal(err.msg, "account \"main\": no API key; set ORIGO_TEST_NO_SUCH_KEY");

	setenv("ORIGO_TEST_NO_SUCH_KEY", "", 1);
	assert_null(net_account_open(&acct, &opt, &err));
	assert_int_equal(err.kind, OG_ERR_CONFIG);

	setenv("ORIGO_TEST_NO_SUCH_KEY", "1234_secretkey", 1);
	net_account *a = net_account_open(&acct, &opt, &err);
	assert_non_null(a);
	assert_string_equal(net_account_host(a), "api.gcore.com");
	assert_string_equal(net_account_name(a), "main");
	assert_string_equal(net_account_caps(a)->provider_label, "Gcore");
	net_account_free(a);

	og_account local = { .name = "emu", .provider = "gcore", .api_url = "http://127.0.0.1:8080/", .read_only = -1,
	                    OG_SETTINGS({ .name = "api_key", .value = "k" }) };
	a = net_account_open(&local, &opt, &err);
	assert_non_null(a);
	assert_string_equal(net_account_host(a), "127.0.0.1");
	net_account_free(a);

	og_account yc = { .name = "yc", .provider = "nosuch", .read_only = -1,
	                    OG_SETTINGS({ .name = "api_key", .value = "k" }) };
	assert_null(net_account_open(&yc, &opt, &err));
	assert_int_equal(err.kind, OG_ERR_CONFIG);
	assert_true(contains(err.msg, "nosuch"));
	assert_false(contains(err.msg, "secretkey"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bare_array),
		cmocka_unit_test(test_envelope),
		cmocka_unit_test(test_paged_envelope),
		cmocka_unit_test(test_s3_keys_only_in_raw),
		cmocka_unit_test(test_defaults_and_hosts),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_change_body),
		cmocka_unit_test(test_change_body_other_case),
		cmocka_unit_test(test_change_body_refusals),
		cmocka_unit_test(test_change_body_needs_s3_keys),
		cmocka_unit_test(test_error_bodies),
		cmocka_unit_test(test_caps),
		cmocka_unit_test(test_account_open),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
