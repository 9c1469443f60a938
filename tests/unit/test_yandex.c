/* The Yandex Cloud CDN adapter: the mapping of the documented examples
 * (tests/fixtures/yandex, from ../shared/api/yandex.md and the seed), ids
 * above 2^53, proto3's omitted defaults, request bodies and operations; then
 * end to end against origo-emu: IAM token vs OAuth exchange and renewal,
 * token_cmd, paging, toggles whose operation is done at once, after polls or
 * fails, conflicts, and the token cache shared by worker threads. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "emu_unit.h"
#include "model/rules.h"
#include "net/yandex/yandex.h"
#include "net/http.h"
#include "net/worker.h"

#define FOLDER "b1gemu0000000000000f"
#define OAUTH "y0_emulator-oauth-token"
#define STATIC_IAM "t1.9euelZrStaticTestToken.StaticSignaturePartForTheUnitTestsOfOrigoWhichIsLongEnough000000000000000000000000"

static cJSON *parse_fixture(const char *rel)
{
	char *t = fixture(rel);
	cJSON *j = yandex_parse_json(t, strlen(t));
	free(t);
	assert_non_null(j);
	return j;
}

static og_group *group_fixture(const char *rel)
{
	cJSON *j = parse_fixture(rel);
	og_group *g = NULL;
	og_error err = { 0 };
	if (yandex_parse_group(j, &g, &err) != 0)
		fail_msg("%s", err.msg);
	cJSON_Delete(j);
	return g;
}

static const char *setting(const og_group *g, const char *label)
{
	for (size_t i = 0; i < g->n_settings; i++)
		if (strcmp(g->settings[i].label, label) == 0)
			return g->settings[i].value;
	return NULL;
}

/* ---- the mapping -------------------------------------------------------- */

static void test_group_documented_example(void **state)
{
	(void)state;
	og_group *g = group_fixture("yandex/group_get.json");
	assert_string_equal(g->id, "89018");
	assert_string_equal(g->name, "test-group");
	assert_int_equal(g->use_next, OG_YES);
	assert_int_equal(g->in_use, OG_NO);          /* no resourcesMetadata: not used */
	assert_int_equal(g->n_in_use_by, 0);
	assert_string_equal(setting(g, "Provider type"), "ourcdn");
	assert_int_equal(g->n_sources, 2);
	const og_source *a = &g->sources[0], *b = &g->sources[1];
	assert_string_equal(a->key, "559295");
	assert_string_equal(a->host, "www.example2.com");
	assert_int_equal(a->kind, OG_KIND_HOST);    /* no meta: a plain server */
	assert_int_equal(a->enabled, OG_YES);
	assert_int_equal(a->backup, OG_YES);
	assert_int_equal(a->primary, OG_ABSENT);
	assert_int_equal(a->order, -1);
	assert_string_equal(b->key, "559294");
	/* proto3 JSON omits false: "backup" is absent, so it is false */
	assert_int_equal(b->backup, OG_NO);
	assert_int_equal(og_group_count_backup(g), 1);
	/* the group's raw keeps everything but the origins */
	assert_null(cJSON_GetObjectItem(og_group_raw(g), "origins"));
	assert_string_equal(cJSON_GetObjectItem(og_group_raw(g), "folderId")->valuestring, "b1g86q4m5vej00000000");
	assert_string_equal(cJSON_GetObjectItem(og_source_raw(b), "originGroupId")->valuestring, "89018");

	/* the provider-neutral JSON shows the settings and leaves order out */
	cJSON *j = og_group_to_json(g);
	const cJSON *set = cJSON_GetObjectItem(j, "settings");
	assert_int_equal(cJSON_GetArraySize(set), 1);
	assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(set, 0), "label")->valuestring,
	                    "Provider type");
	const cJSON *s0 = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "sources"), 0);
	assert_null(cJSON_GetObjectItem(s0, "order"));
	assert_null(cJSON_GetObjectItem(s0, "order_alt"));
	cJSON_Delete(j);

	og_group *c = og_group_clone(g);
	assert_non_null(c);
	assert_int_equal(c->n_settings, 1);
	assert_string_equal(c->settings[0].value, "ourcdn");
	og_group_free(c);
	og_group_free(g);
}

static void test_ids_above_2_53_and_meta_kinds(void **state)
{
	(void)state;
	og_group *g = group_fixture("yandex/group_meta_big_ids.json");
	assert_string_equal(g->id, "969387041098089598");
	assert_int_equal(g->n_sources, 4);
	assert_string_equal(g->sources[0].key, "9007199254740993");    /* 2^53 + 1 */
	/* given as a JSON number: its digits, not a double's */
	assert_string_equal(g->sources[1].key, "9223372036854775807");
	assert_string_equal(g->sources[2].key, "4274215888800000001");
	assert_int_equal(g->sources[0].kind, OG_KIND_BUCKET);
	assert_int_equal(g->sources[1].kind, OG_KIND_WEBSITE);
	assert_int_equal(g->sources[2].kind, OG_KIND_BALANCER);
	assert_int_equal(g->sources[3].kind, OG_KIND_HOST);             /* meta common */
	assert_string_equal(g->sources[2].host, "51.250.10.216");
	assert_int_equal(g->sources[2].port, 80);
	/* omitted enabled and backup are false */
	assert_int_equal(g->sources[1].enabled, OG_NO);
	assert_int_equal(g->sources[1].backup, OG_NO);
	assert_int_equal(g->use_next, OG_NO);                           /* useNext omitted */
	assert_int_equal(g->in_use, OG_YES);
	assert_int_equal(g->n_in_use_by, 2);
	assert_string_equal(g->in_use_by[0], "cdn.shop-example.ru");
	assert_string_equal(g->in_use_by[1], "img.shop-example.ru");
	assert_string_equal(setting(g, "Provider type"), "gcore");
	og_group_free(g);

	/* why the text is read by hand: a double cannot hold that id */
	cJSON *plain = cJSON_Parse("{\"id\":9223372036854775807}");
	char buf[64];
	snprintf(buf, sizeof buf, "%.0f", cJSON_GetObjectItem(plain, "id")->valuedouble);
	assert_string_not_equal(buf, "9223372036854775807");
	cJSON_Delete(plain);
}

static void test_parse_json_only_touches_long_integers(void **state)
{
	(void)state;
	const char *t = "{\"s\":\"12345678901234567890\",\"q\":\"a\\\"9007199254740993\\\"\","
	                "\"n\":-9007199254740993,\"f\":12345678901234567.5,\"e\":1234567890123456e3,"
	                "\"small\":42,\"a\":[18446744073709551615]}";
	cJSON *j = yandex_parse_json(t, strlen(t));
	assert_non_null(j);
	assert_string_equal(cJSON_GetObjectItem(j, "s")->valuestring, "12345678901234567890");
	assert_string_equal(cJSON_GetObjectItem(j, "q")->valuestring, "a\"9007199254740993\"");
	assert_string_equal(cJSON_GetObjectItem(j, "n")->valuestring, "-9007199254740993");
	assert_true(cJSON_IsNumber(cJSON_GetObjectItem(j, "f")));
	assert_true(cJSON_IsNumber(cJSON_GetObjectItem(j, "e")));
	assert_int_equal(cJSON_GetObjectItem(j, "small")->valueint, 42);
	assert_string_equal(cJSON_GetArrayItem(cJSON_GetObjectItem(j, "a"), 0)->valuestring,
	                    "18446744073709551615");
	cJSON_Delete(j);
	assert_null(yandex_parse_json("{\"a\":", 5));

	/* Every valid number shape stays valid: long digit runs in a fraction or
	 * an exponent are not integers of their own (they were quoted once, and
	 * the answer was "not JSON"). Each parses to what plain cJSON reads. */
	const char *same[] = {
		"0.1234567890123456", "-0.1234567890123456", "1e1234567890123456",
		"1E-1234567890123456", "1e+0000000000000000001", "12.5e1234567890123456",
		"-1234567890123456.0", "1234567890123456.1234567890123456e-1234567890123456",
		"0", "-0", "42", "-42", "1.5", "-1.5e10", "123456789012345", "-123456789012345",
		"0.0000000000000000000001",
	};
	for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
		char doc[400];
		snprintf(doc, sizeof doc, "{\"v\":%s,\"w\":[%s,%s],\"x\":\"%s\"}", same[i], same[i], same[i], same[i]);
		cJSON *got = yandex_parse_json(doc, strlen(doc));
		if (!got)
			fail_msg("not JSON: %s", doc);
		cJSON *want = cJSON_Parse(doc);
		assert_non_null(want);
		/* compared printed: an overflowing exponent is inf, never equal to itself */
		char *g = cJSON_PrintUnformatted(got), *w = cJSON_PrintUnformatted(want);
		if (strcmp(g, w) != 0)
			fail_msg("changed: %s -> %s", doc, g);
		assert_true(cJSON_IsNumber(cJSON_GetObjectItem(got, "v")));
		free(g);
		free(w);
		cJSON_Delete(got);
		cJSON_Delete(want);
	}
	/* integers beyond 15 digits, in every place a value goes, become strings;
	 * digits inside strings (escaped quotes too) are left alone */
	const char *t2 = "[-12345678901234567,1234567890123456,{\"k\":98765432109876543210},"
	                 "\"\\\"1234567890123456\",\"\\\\\",1234567890123456789, 0.5 ,\"\\u0031234567890123456\"]";
	j = yandex_parse_json(t2, strlen(t2));
	if (!j)
		fail_msg("not JSON: %s", t2);
	assert_string_equal(cJSON_GetArrayItem(j, 0)->valuestring, "-12345678901234567");
	assert_string_equal(cJSON_GetArrayItem(j, 1)->valuestring, "1234567890123456");
	assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(j, 2), "k")->valuestring,
	                    "98765432109876543210");
	assert_string_equal(cJSON_GetArrayItem(j, 3)->valuestring, "\"1234567890123456");
	assert_string_equal(cJSON_GetArrayItem(j, 4)->valuestring, "\\");
	assert_string_equal(cJSON_GetArrayItem(j, 5)->valuestring, "1234567890123456789");
	assert_true(cJSON_IsNumber(cJSON_GetArrayItem(j, 6)));
	assert_string_equal(cJSON_GetArrayItem(j, 7)->valuestring, "1234567890123456");
	assert_int_equal(cJSON_GetArraySize(j), 8);
	cJSON_Delete(j);
	/* not numbers: left for the parser to refuse, never made valid */
	const char *bad[] = { "[-]", "[1.]", "[1e]", "[--1]", "[.5]", "[1234567890123456.]" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		cJSON *b = yandex_parse_json(bad[i], strlen(bad[i]));
		cJSON *p = cJSON_Parse(bad[i]);
		/* whatever plain cJSON makes of it, the quoting does not change it */
		assert_int_equal(b != NULL, p != NULL);
		if (b && p) {
			char *bt = cJSON_PrintUnformatted(b), *pt = cJSON_PrintUnformatted(p);
			if (strcmp(bt, pt) != 0)
				fail_msg("changed: %s", bad[i]);
			free(bt);
			free(pt);
		}
		cJSON_Delete(b);
		cJSON_Delete(p);
	}
}

static void test_pages(void **state)
{
	(void)state;
	og_group_list l = { 0 };
	og_error err = { 0 };
	char *next = NULL;
	cJSON *p1 = parse_fixture("yandex/list_page1.json");
	assert_int_equal(yandex_parse_page(p1, &l, &next, &err), 0);
	assert_string_equal(next, "00000000000000a1");
	free(next);
	cJSON_Delete(p1);
	cJSON *p2 = parse_fixture("yandex/list_page2.json");
	assert_int_equal(yandex_parse_page(p2, &l, &next, &err), 0);
	assert_null(next);                       /* the last page has no token */
	cJSON_Delete(p2);
	assert_int_equal(l.n, 3);
	assert_string_equal(l.items[1]->id, "9007199254740995");
	assert_int_equal(l.items[1]->n_sources, 0);   /* origins omitted: empty */
	assert_string_equal(l.items[2]->sources[0].key, "9007199254741010");
	og_group_list_free(&l);

	cJSON *empty = cJSON_Parse("{}");           /* no groups at all */
	assert_int_equal(yandex_parse_page(empty, &l, &next, &err), 0);
	assert_int_equal(l.n, 0);
	assert_null(next);
	cJSON_Delete(empty);
	cJSON *bad = cJSON_Parse("{\"originGroups\":[{\"name\":\"no id\"}]}");
	assert_int_equal(yandex_parse_page(bad, &l, &next, &err), -1);
	assert_int_equal(err.kind, OG_ERR_PARSE);
	cJSON_Delete(bad);
	og_group_list_free(&l);
}

static void test_write_bodies(void **state)
{
	(void)state;
	og_group *g = group_fixture("yandex/group_get.json");
	og_error err = { 0 };
	og_change c = { .group_id = "89018", .source_key = "559294", .field = OG_FIELD_ENABLED,
	                .from = OG_YES, .to = OG_NO };
	char *b = yandex_build_origin_update(g, &c, FOLDER, &err);
	/* both booleans always sent; the group's folder wins over the account's */
	assert_string_equal(b, "{\"folderId\":\"b1g86q4m5vej00000000\",\"source\":\"www.example1.com\","
	                       "\"enabled\":false,\"backup\":false}");
	free(b);
	b = yandex_build_group_update(g, &c, FOLDER, &err);
	assert_string_equal(b, "{\"folderId\":\"b1g86q4m5vej00000000\",\"originGroupId\":\"89018\","
	                       "\"groupName\":\"test-group\",\"useNext\":true,\"origins\":["
	                       "{\"source\":\"www.example2.com\",\"enabled\":true,\"backup\":true},"
	                       "{\"source\":\"www.example1.com\",\"enabled\":false,\"backup\":false}]}");
	free(b);
	og_change gone = c;
	gone.source_key = "1";
	assert_null(yandex_build_origin_update(g, &gone, FOLDER, &err));
	assert_int_equal(err.kind, OG_ERR_CONFLICT);
	og_change prim = c;
	prim.field = OG_FIELD_PRIMARY;
	assert_null(yandex_build_origin_update(g, &prim, FOLDER, &err));
	assert_int_equal(err.kind, OG_ERR_REFUSED);
	og_group_free(g);

	g = group_fixture("yandex/group_meta_big_ids.json");
	og_change bk = { .group_id = g->id, .source_key = "9007199254740993", .field = OG_FIELD_BACKUP,
	                 .from = OG_NO, .to = OG_YES };
	b = yandex_build_origin_update(g, &bk, FOLDER, &err);
	assert_string_equal(b, "{\"folderId\":\"b1g86q4m5vej00000000\","
	                       "\"source\":\"test-cdn-1.storage.yandexcloud.net\",\"enabled\":true,"
	                       "\"backup\":true,\"meta\":{\"bucket\":{\"name\":\"test-cdn-1\"}}}");
	free(b);
	og_group_free(g);
}

static void test_operations(void **state)
{
	(void)state;
	yandex_op op;
	og_error err = { 0 };
	cJSON *j = parse_fixture("yandex/op_done.json");
	assert_int_equal(yandex_parse_operation(j, &op, &err), 0);
	assert_string_equal(op.id, "bc8c74ci6sq55jege34w");
	assert_true(op.done);
	assert_false(op.has_error);
	cJSON_Delete(j);
	j = parse_fixture("yandex/op_pending.json");        /* "done": false omitted */
	assert_int_equal(yandex_parse_operation(j, &op, &err), 0);
	assert_false(op.done);
	assert_false(op.has_error);
	cJSON_Delete(j);
	j = parse_fixture("yandex/op_failed.json");
	assert_int_equal(yandex_parse_operation(j, &op, &err), 0);
	assert_true(op.done);
	assert_true(op.has_error);
	assert_int_equal(op.code, 3);
	assert_non_null(strstr(op.message, "The domain name cannot be resolved."));
	cJSON_Delete(j);
	j = cJSON_Parse("{\"done\":true}");
	assert_int_equal(yandex_parse_operation(j, &op, &err), -1);
	assert_int_equal(err.kind, OG_ERR_PARSE);
	cJSON_Delete(j);

	char *t = fixture("yandex/error_401.json");
	char msg[200];
	yandex_describe_error(t, strlen(t), msg, sizeof msg);
	assert_string_equal(msg, "Token is invalid or has expired.");
	free(t);
}

static void test_tokens_and_times(void **state)
{
	(void)state;
	assert_true(yandex_is_iam_token(STATIC_IAM));
	assert_true(yandex_is_iam_token("t1.a.b"));
	assert_false(yandex_is_iam_token("t1.a.b.c"));       /* three dots */
	assert_false(yandex_is_iam_token("t1.ab"));
	assert_false(yandex_is_iam_token(OAUTH));
	assert_false(yandex_is_iam_token("y0_t1.a.b"));
	time_t t;
	assert_int_equal(yandex_parse_time("2018-08-29T18:31:15.311Z", &t), 0);
	assert_int_equal((long long)t, 1535567475LL);
	assert_int_equal(yandex_parse_time("2026-11-23T01:50:53.576427448Z", &t), 0);
	assert_int_equal(yandex_parse_time("2018-08-29T21:31:15+03:00", &t), 0);
	assert_int_equal((long long)t, 1535567475LL);
	assert_int_equal(yandex_parse_time("2018-08-29 18:31:15", &t), -1);
	assert_int_equal(yandex_parse_time("2018-08-29T18:31:15.311Zjunk", &t), -1);
}

/* The last-active guard reads proto3's omitted flags as false. */
static void test_last_active_guard(void **state)
{
	(void)state;
	og_group *g = group_fixture("yandex/group_meta_big_ids.json");
	/* active: the bucket (enabled) and the common one; the website origin
	 * is disabled by omission, the balancer is a backup */
	og_error err = { 0 };
	assert_int_equal(rules_check_flag_change(g, &yandex_caps, "9007199254740993", OG_FIELD_ENABLED,
	                                         OG_NO, &err), 0);
	g->sources[3].enabled = OG_NO;
	assert_int_equal(rules_check_flag_change(g, &yandex_caps, "9007199254740993", OG_FIELD_ENABLED,
	                                         OG_NO, &err), -1);
	assert_int_equal(err.kind, OG_ERR_REFUSED);
	assert_int_equal(rules_check_flag_change(g, &yandex_caps, "9007199254740993", OG_FIELD_PRIMARY,
	                                         OG_YES, &err), -1);
	assert_string_equal(err.msg, yandex_caps.why_no_primary);
	og_group_free(g);
}

/* ---- end to end against origo-emu --------------------------------------- */

static const char *STATE_FMT =
	"{\"yandex\":{\"folder_id\":\"" FOLDER "\",\"oauth_tokens\":[\"" OAUTH "\"],"
	"\"iam_tokens\":[\"" STATIC_IAM "\"],\"groups\":["
	"{\"id\":\"9007199254740993\",\"name\":\"web\",\"useNext\":true,\"providerType\":\"ourcdn\","
	" \"origins\":["
	"  {\"id\":\"9007199254740994\",\"source\":\"a.example.com\",\"enabled\":true,"
	"   \"meta\":{\"common\":{\"name\":\"a.example.com\"}}},"
	"  {\"id\":\"9007199254740995\",\"source\":\"b.example.com\",\"enabled\":true},"
	"  {\"id\":\"9007199254740996\",\"source\":\"c.example.com\",\"backup\":true}],"
	" \"resourcesMetadata\":[{\"id\":\"bc8r00000000000000001\",\"cname\":\"cdn.example.ru\"}]},"
	"{\"id\":\"9007199254741009\",\"name\":\"other\","
	" \"origins\":[{\"id\":\"9007199254741010\",\"source\":\"c.example.com\",\"enabled\":true}]},"
	"{\"id\":\"9007199254741025\",\"name\":\"third\","
	" \"origins\":[{\"id\":\"9007199254741026\",\"source\":\"d.example.com\",\"enabled\":true},"
	"  {\"id\":\"9007199254741027\",\"source\":\"bad.invalid\",\"backup\":true}]}"
	"]}}";

static int reset_emu(void **state)
{
	(void)state;
	return emu_setup("test-yandex", "{\"latency_ms\":0,\"operation_polls\":1,"
	                 "\"yandex_token_ttl_seconds\":43200,\"yandex_page_size_max\":1000}", STATE_FMT);
}

static net_account *open_yc(const char *token, const char *token_cmd)
{
	og_account acct = { .name = "yc", .provider = "yandex", .api_url = emu_url, .read_only = -1,
	                    OG_SETTINGS({ .name = "operation_url", .value = emu_url }, { .name = "iam_url", .value = emu_url }, { .name = "folder_id", .value = FOLDER }, { .name = "token", .value = (char *)token }, { .name = "token_cmd", .value = (char *)token_cmd }) };
	net_options opt = { .timeout_seconds = 10 };
	og_error err = { 0 };
	net_account *a = net_account_open(&acct, &opt, &err);
	if (!a)
		fail_msg("%s", err.msg);
	return a;
}

static void test_emu_list_oauth_exchange_and_pages(void **state)
{
	(void)state;
	emu_ok("POST", "/_emu/settings", "{\"yandex_page_size_max\":1}");
	net_account *a = open_yc(OAUTH, NULL);
	assert_string_equal(net_account_caps(a)->provider_label, "Yandex Cloud CDN");
	og_group_list l = { 0 };
	og_error err = { 0 };
	if (net_list_groups(a, &l, &err) != 0)
		fail_msg("%s", err.msg);
	assert_int_equal(l.n, 3);                            /* three pages of one */
	assert_string_equal(l.items[0]->id, "9007199254740993");
	assert_string_equal(l.items[2]->id, "9007199254741025");
	const og_group *g = l.items[0];
	assert_int_equal(g->n_sources, 3);
	assert_int_equal(g->sources[1].backup, OG_NO);       /* printed without defaults */
	assert_int_equal(g->sources[2].enabled, OG_NO);
	assert_int_equal(g->in_use, OG_YES);
	assert_string_equal(g->in_use_by[0], "cdn.example.ru");
	og_group_list_free(&l);

	cJSON *log = emu_log();
	assert_int_equal(count_log(log, "POST", "/iam/v1/tokens"), 1);   /* OAuth exchanged once */
	assert_int_equal(count_log(log, "GET", "/cdn/v1/originGroups"), 3);
	const cJSON *p1 = find_log(log, "GET", "/cdn/v1/originGroups", 0);
	const cJSON *p2 = find_log(log, "GET", "/cdn/v1/originGroups", 1);
	assert_string_equal(log_str(p1, "query"), "folderId=" FOLDER "&pageSize=1000");
	assert_non_null(strstr(log_str(p2, "query"), "&pageToken="));
	assert_string_equal(log_str(p2, "auth"), "Bearer");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(p2, "auth_ok")));
	/* the OAuth token never reaches the log */
	assert_null(strstr(log_str(find_log(log, "POST", "/iam/v1/tokens", 0), "body"), OAUTH));
	cJSON_Delete(log);
	assert_int_equal(yandex_token_fetches(a), 1);
	net_account_free(a);
}

static void test_emu_static_iam_token_used_as_is(void **state)
{
	(void)state;
	net_account *a = open_yc(STATIC_IAM, NULL);
	og_group *g = NULL;
	og_error err = { 0 };
	if (net_get_group(a, "9007199254741009", &g, &err) != 0)
		fail_msg("%s", err.msg);
	assert_string_equal(g->name, "other");
	og_group_free(g);
	/* by name too */
	assert_int_equal(net_get_group(a, "third", &g, &err), 0);
	assert_string_equal(g->id, "9007199254741025");
	og_group_free(g);
	assert_int_equal(net_get_group(a, "9007199254749999", &g, &err), -1);
	assert_int_equal(err.kind, OG_ERR_NOTFOUND);
	cJSON *log = emu_log();
	assert_int_equal(count_log(log, "POST", "/iam/v1/tokens"), 0);
	cJSON_Delete(log);
	net_account_free(a);
}

static void test_emu_token_renewed(void **state)
{
	(void)state;
	net_account *a = open_yc(OAUTH, NULL);
	og_group *g = NULL;
	og_error err = { 0 };
	assert_int_equal(net_get_group(a, "9007199254740993", &g, &err), 0);
	og_group_free(g);
	/* expired behind our back: one 401, a new exchange, the same request again */
	emu_ok("POST", "/_emu/expire_tokens", "{\"provider\":\"yandex\"}");
	emu_ctl("DELETE", "/_emu/log", NULL, NULL);
	if (net_get_group(a, "9007199254740993", &g, &err) != 0)
		fail_msg("%s", err.msg);
	og_group_free(g);
	cJSON *log = emu_log();
	assert_int_equal(count_status(log, 401), 1);
	assert_int_equal(count_log(log, "POST", "/iam/v1/tokens"), 1);
	assert_int_equal(count_log(log, "GET", "/cdn/v1/originGroups/9007199254740993"), 2);
	cJSON_Delete(log);
	assert_int_equal(yandex_token_fetches(a), 2);

	/* a short lifetime: renewed before expiresAt, without a 401 */
	emu_ok("POST", "/_emu/settings", "{\"yandex_token_ttl_seconds\":2}");
	emu_ok("POST", "/_emu/expire_tokens", "{\"provider\":\"yandex\"}");
	assert_int_equal(net_get_group(a, "9007199254740993", &g, &err), 0);   /* 401, renew */
	og_group_free(g);
	usleep(2000000);
	emu_ctl("DELETE", "/_emu/log", NULL, NULL);
	assert_int_equal(net_get_group(a, "9007199254740993", &g, &err), 0);
	og_group_free(g);
	log = emu_log();
	assert_int_equal(count_status(log, 401), 0);
	assert_int_equal(count_log(log, "POST", "/iam/v1/tokens"), 1);
	cJSON_Delete(log);
	net_account_free(a);

	/* an OAuth token the IAM service does not know */
	a = open_yc("y0_unknown", NULL);
	assert_int_equal(net_get_group(a, "9007199254740993", &g, &err), -1);
	assert_int_equal(err.kind, OG_ERR_AUTH);
	assert_null(strstr(err.msg, "y0_unknown"));
	net_account_free(a);
}

static void test_emu_token_cmd(void **state)
{
	(void)state;
	net_account *a = open_yc(NULL, "echo 'progress on stderr' >&2; printf '  " OAUTH "\\n'");
	og_group *g = NULL;
	og_error err = { 0 };
	if (net_get_group(a, "9007199254740993", &g, &err) != 0)
		fail_msg("%s", err.msg);
	og_group_free(g);
	assert_int_equal(yandex_token_fetches(a), 1);
	net_account_free(a);

	a = open_yc(NULL, "printf '" STATIC_IAM "'");
	assert_int_equal(net_get_group(a, "9007199254740993", &g, &err), 0);
	og_group_free(g);
	cJSON *log = emu_log();
	assert_int_equal(count_log(log, "POST", "/iam/v1/tokens"), 1);   /* the first account's */
	cJSON_Delete(log);
	net_account_free(a);

	a = open_yc(NULL, "printf 'secret-output'; echo 'yc: not logged in' >&2; exit 3");
	assert_int_equal(net_get_group(a, "9007199254740993", &g, &err), -1);
	assert_int_equal(err.kind, OG_ERR_AUTH);
	assert_string_equal(err.msg, "account \"yc\": token_cmd failed (exit status 3): yc: not logged in");
	net_account_free(a);

	a = open_yc(NULL, "no-such-command-origo-test 2>/dev/null");
	assert_int_equal(net_get_group(a, "9007199254740993", &g, &err), -1);
	assert_int_equal(err.kind, OG_ERR_CONFIG);
	assert_non_null(strstr(err.msg, "exit status 127"));
	net_account_free(a);

	a = open_yc(NULL, "true");
	assert_int_equal(net_get_group(a, "9007199254740993", &g, &err), -1);
	assert_int_equal(err.kind, OG_ERR_AUTH);
	assert_string_equal(err.msg, "account \"yc\": token_cmd printed no token");
	net_account_free(a);
}

static job_request *change_job(net_account *a, uint64_t tag, const og_group *g,
                               const char *key, og_field f, og_tri to)
{
	long idx = og_group_find_source(g, key);
	assert_true(idx >= 0);
	job_request *r = job_request_new(JOB_CHANGE, a, tag, g->id);
	assert_non_null(r);
	og_change c = { .group_id = g->id, .source_key = (char *)key, .field = f,
	                .from = og_source_flag_get(&g->sources[idx], f), .to = to };
	assert_int_equal(og_change_copy(&r->change, &c), 0);
	assert_int_equal(og_source_copy(&r->seen, &g->sources[idx]), 0);
	return r;
}

static og_group *read_group(net_account *a, const char *id)
{
	og_group *g = NULL;
	og_error err = { 0 };
	if (net_get_group(a, id, &g, &err) != 0)
		fail_msg("%s", err.msg);
	return g;
}

/* A toggle, its operation done after `polls` GETs of /operations. */
static void toggle_with_polls(int polls)
{
	char set[64];
	snprintf(set, sizeof set, "{\"operation_polls\":%d}", polls);
	emu_ok("POST", "/_emu/settings", set);
	net_account *a = open_yc(OAUTH, NULL);
	og_group *g = read_group(a, "9007199254740993");
	og_error err = { 0 };
	worker *w = worker_start(2, &err);
	assert_non_null(w);
	emu_ctl("DELETE", "/_emu/log", NULL, NULL);
	assert_int_equal(worker_submit(w, change_job(a, 7, g, "9007199254740995", OG_FIELD_BACKUP,
	                                             OG_YES)), 0);
	job_result *r = wait_result(w, 30);
	if (r->status != 0)
		fail_msg("%s", r->err.msg);
	assert_int_equal(r->tag, 7);
	assert_non_null(r->group);
	long idx = og_group_find_source(r->group, "9007199254740995");
	assert_true(idx >= 0);
	assert_int_equal(r->group->sources[idx].backup, OG_YES);
	assert_int_equal(r->group->sources[idx].enabled, OG_YES);
	job_result_free(r);

	cJSON *log = emu_log();
	const cJSON *patch = find_log(log, "PATCH", "/cdn/v1/origins/9007199254740995", 0);
	assert_non_null(patch);
	assert_string_equal(log_str(patch, "body"), "{\"folderId\":\"" FOLDER "\",\"source\":"
	                    "\"b.example.com\",\"enabled\":true,\"backup\":true}");
	assert_int_equal(count_log(log, "PATCH", NULL), 1);
	assert_int_equal(count_log(log, "GET", "/operations/"), polls);
	/* fresh read before, the result read after */
	assert_int_equal(count_log(log, "GET", "/cdn/v1/originGroups/9007199254740993"), 2);
	cJSON_Delete(log);
	worker_stop(w);
	og_group_free(g);
	net_account_free(a);
}

static void test_emu_toggle_done_at_once(void **state)
{
	(void)state;
	toggle_with_polls(0);
}

static void test_emu_toggle_done_after_polls(void **state)
{
	(void)state;
	toggle_with_polls(3);
}

static void test_emu_operation_fails(void **state)
{
	(void)state;
	emu_ok("POST", "/_emu/settings", "{\"operation_polls\":2}");
	net_account *a = open_yc(OAUTH, NULL);
	og_group *g = read_group(a, "9007199254741025");
	og_error err = { 0 };
	worker *w = worker_start(1, &err);
	/* enabling an origin whose domain does not resolve */
	assert_int_equal(worker_submit(w, change_job(a, 8, g, "9007199254741027", OG_FIELD_ENABLED,
	                                             OG_YES)), 0);
	job_result *r = wait_result(w, 30);
	assert_int_equal(r->status, -1);
	assert_int_equal(r->err.kind, OG_ERR_API);
	assert_non_null(strstr(r->err.msg, "The domain name cannot be resolved"));
	assert_non_null(strstr(r->err.msg, "(code 3)"));
	/* the group as the server kept it, for the UI to show */
	assert_non_null(r->group);
	long idx = og_group_find_source(r->group, "9007199254741027");
	assert_int_equal(r->group->sources[idx].enabled, OG_NO);
	cJSON *flog = emu_log();
	assert_int_equal(count_log(flog, "GET", "/operations/"), 2);
	cJSON_Delete(flog);
	job_result_free(r);

	/* the last active origin: refused before anything is sent */
	emu_ctl("DELETE", "/_emu/log", NULL, NULL);
	og_group *o = read_group(a, "9007199254741009");
	assert_int_equal(worker_submit(w, change_job(a, 9, o, "9007199254741010", OG_FIELD_ENABLED,
	                                             OG_NO)), 0);
	r = wait_result(w, 30);
	assert_int_equal(r->status, -1);
	assert_int_equal(r->err.kind, OG_ERR_REFUSED);
	job_result_free(r);
	cJSON *log = emu_log();
	assert_int_equal(count_log(log, "PATCH", NULL), 0);
	cJSON_Delete(log);
	og_group_free(o);
	worker_stop(w);
	og_group_free(g);
	net_account_free(a);
}

static void test_emu_conflict_nothing_sent(void **state)
{
	(void)state;
	net_account *a = open_yc(OAUTH, NULL);
	og_group *g = read_group(a, "9007199254741009");
	/* someone else changes the origin's source meanwhile */
	emu_ok("PUT", "/_emu/yandex/originGroups/9007199254741009",
	       "{\"name\":\"other\",\"origins\":[{\"id\":\"9007199254741010\",\"source\":"
	       "\"moved.example.com\",\"enabled\":true},{\"id\":\"9007199254741011\",\"source\":"
	       "\"x.example.com\",\"enabled\":true}]}");
	emu_ctl("DELETE", "/_emu/log", NULL, NULL);
	og_error err = { 0 };
	worker *w = worker_start(1, &err);
	assert_int_equal(worker_submit(w, change_job(a, 10, g, "9007199254741010", OG_FIELD_BACKUP,
	                                             OG_YES)), 0);
	job_result *r = wait_result(w, 30);
	assert_int_equal(r->status, -1);
	assert_int_equal(r->err.kind, OG_ERR_CONFLICT);
	assert_non_null(r->group);
	assert_string_equal(r->group->sources[0].host, "moved.example.com");
	job_result_free(r);
	cJSON *log = emu_log();
	assert_int_equal(count_log(log, "PATCH", NULL), 0);
	cJSON_Delete(log);
	worker_stop(w);
	og_group_free(g);
	net_account_free(a);
}

/* Eight lists on four threads: one token exchange between them. */
static void test_emu_token_cache_shared_by_threads(void **state)
{
	(void)state;
	emu_ok("POST", "/_emu/settings", "{\"latency_ms\":30}");
	net_account *a = open_yc(OAUTH, NULL);
	og_error err = { 0 };
	worker *w = worker_start(4, &err);
	for (int i = 0; i < 8; i++)
		assert_int_equal(worker_submit(w, job_request_new(JOB_LIST, a, (uint64_t)i, NULL)), 0);
	for (int i = 0; i < 8; i++) {
		job_result *r = wait_result(w, 30);
		if (r->status != 0)
			fail_msg("%s", r->err.msg);
		assert_int_equal(r->groups.n, 3);
		job_result_free(r);
	}
	worker_stop(w);
	cJSON *log = emu_log();
	assert_int_equal(count_log(log, "POST", "/iam/v1/tokens"), 1);
	cJSON_Delete(log);
	assert_int_equal(yandex_token_fetches(a), 1);
	net_account_free(a);
}

static void test_open_errors(void **state)
{
	(void)state;
	og_account acct = { .name = "yc", .provider = "yandex", .api_url = "http://127.0.0.1:1", .read_only = -1,
	                    OG_SETTINGS({ .name = "folder_id", .value = NULL }, { .name = "token", .value = "x" },
	                                { .name = "token_env", .value = NULL }) };
	og_error err = { 0 };
	unsetenv("YC_FOLDER_ID");
	assert_null(net_account_open(&acct, NULL, &err));
	assert_int_equal(err.kind, OG_ERR_CONFIG);
	assert_string_equal(err.msg, "account \"yc\": no folder_id; set folder_id or YC_FOLDER_ID");
	setenv("YC_FOLDER_ID", "b1genv", 1);
	acct.settings[1].value = NULL;                        /* token */
	acct.settings[2].value = "ORIGO_TEST_NO_SUCH_VAR";    /* token_env */
	assert_null(net_account_open(&acct, NULL, &err));
	assert_int_equal(err.kind, OG_ERR_CONFIG);
	assert_non_null(strstr(err.msg, "ORIGO_TEST_NO_SUCH_VAR"));
	setenv("ORIGO_TEST_NO_SUCH_VAR", "t1.a.b", 1);
	net_account *a = net_account_open(&acct, NULL, &err);
	assert_non_null(a);
	assert_string_equal(net_account_host(a), "127.0.0.1");
	net_account_free(a);
	unsetenv("ORIGO_TEST_NO_SUCH_VAR");
	unsetenv("YC_FOLDER_ID");
}

int main(void)
{
	const struct CMUnitTest pure[] = {
		cmocka_unit_test(test_group_documented_example),
		cmocka_unit_test(test_ids_above_2_53_and_meta_kinds),
		cmocka_unit_test(test_parse_json_only_touches_long_integers),
		cmocka_unit_test(test_pages),
		cmocka_unit_test(test_write_bodies),
		cmocka_unit_test(test_operations),
		cmocka_unit_test(test_tokens_and_times),
		cmocka_unit_test(test_last_active_guard),
		cmocka_unit_test(test_open_errors),
	};
	const struct CMUnitTest emu[] = {
		cmocka_unit_test_setup(test_emu_list_oauth_exchange_and_pages, reset_emu),
		cmocka_unit_test_setup(test_emu_static_iam_token_used_as_is, reset_emu),
		cmocka_unit_test_setup(test_emu_token_renewed, reset_emu),
		cmocka_unit_test_setup(test_emu_token_cmd, reset_emu),
		cmocka_unit_test_setup(test_emu_toggle_done_at_once, reset_emu),
		cmocka_unit_test_setup(test_emu_toggle_done_after_polls, reset_emu),
		cmocka_unit_test_setup(test_emu_operation_fails, reset_emu),
		cmocka_unit_test_setup(test_emu_conflict_nothing_sent, reset_emu),
		cmocka_unit_test_setup(test_emu_token_cache_shared_by_threads, reset_emu),
	};
	og_error err = { 0 };
	if (http_global_init(&err) < 0)
		return 1;
	int failed = cmocka_run_group_tests_name("yandex mapping", pure, NULL, NULL);
	failed += cmocka_run_group_tests_name("yandex end to end", emu, NULL, emu_stop);
	return failed ? 1 : 0;
}
