/* The Edgio Origins API v0.5 adapter: the mapping of the documented examples
 * (tests/fixtures/edgio, from the seed and ../shared/api/edgio.md), Match
 * Client folding, group settings, the one-primary-per-protocol rule, the
 * failover PATCH body and the entry PUT body; then end to end against
 * origo-emu: the OAuth token cached and fetched again once on a 401, browse,
 * make primary, reorder, and 500 groups loaded concurrently. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "emu_unit.h"
#include "model/rules.h"
#include "net/edgio/edgio.h"
#include "net/http.h"
#include "net/worker.h"

#define CLIENT "origo-emu-client"
#define SECRET "origo-emu-secret"

static cJSON *json_fixture(const char *rel)
{
	char *t = fixture(rel);
	cJSON *j = cJSON_Parse(t);
	free(t);
	assert_non_null(j);
	return j;
}

static og_group *group_of(const char *group_rel, const char *rows_rel)
{
	cJSON *g = json_fixture(group_rel), *rows = json_fixture(rows_rel);
	og_group *out = NULL;
	og_error err = { 0 };
	if (edgio_parse_group(g, rows, &out, &err) != 0)
		fail_msg("%s", err.msg);
	cJSON_Delete(g);
	cJSON_Delete(rows);
	return out;
}

static const char *setting(const og_group *g, const char *label)
{
	for (size_t i = 0; i < g->n_settings; i++)
		if (strcmp(g->settings[i].label, label) == 0)
			return g->settings[i].value;
	return NULL;
}

static const og_source *src(const og_group *g, const char *key)
{
	long i = og_group_find_source(g, key);
	assert_true(i >= 0);
	return &g->sources[i];
}

/* ---- the mapping -------------------------------------------------------- */

static void test_seed_entries(void **state)
{
	(void)state;
	og_group *g = group_of("edgio/group_http_large.json", "edgio/origins_by_group.json");
	assert_string_equal(g->id, "123456");
	assert_string_equal(g->name, "TestSDKOriginGroup");
	assert_int_equal(g->use_next, OG_ABSENT);
	assert_int_equal(g->in_use, OG_ABSENT);
	assert_int_equal(g->n_sources, 2);
	const og_source *a = &g->sources[0];
	assert_string_equal(a->key, "5036042");
	assert_string_equal(a->host, "https://cdn-lb.example.com");   /* as listed */
	assert_int_equal(a->port, 443);
	assert_string_equal(a->protocol, "https");
	assert_int_equal(a->primary, OG_NO);
	assert_int_equal(a->order, 0);
	assert_int_equal(a->order_alt, -1);
	assert_int_equal(a->enabled, OG_ABSENT);   /* Edgio has no such flags */
	assert_int_equal(a->backup, OG_ABSENT);
	assert_int_equal(g->sources[1].order, 1);
	assert_int_equal(og_group_count_enabled(g), 2);

	/* the settings shown on the group screen */
	assert_string_equal(setting(g, "Host header"), "override-hostheader.example.com");
	assert_string_equal(setting(g, "Network type"), "IPv6 preferred over IPv4");
	assert_string_equal(setting(g, "TLS SNI hostname"), "origin.example.com");
	assert_string_equal(setting(g, "TLS self-signed certificates"), "refused");
	assert_string_equal(setting(g, "TLS public keys to verify"),
	                    "ff8b4a82b08ea5f7be124e6b4363c00d7462655f");
	assert_string_equal(setting(g, "Origin Shield POPs"), "AMB, BLR");
	assert_string_equal(setting(g, "Strict PCI certified"), "no");
	og_group_free(g);
}

static void test_match_client_folding(void **state)
{
	(void)state;
	og_group *g = group_of("edgio/group_http_large.json", "edgio/origins_match.json");
	assert_int_equal(g->n_sources, 4);            /* six rows, four entries */
	const og_source *a = src(g, "101"), *b = src(g, "102"), *c = src(g, "103"), *d = src(g, "104");
	assert_string_equal(a->protocol, "match");
	assert_string_equal(a->host, "cdn-origin-example.com");   /* one host, no scheme */
	assert_int_equal(a->port, 80);                            /* the HTTP row's */
	assert_int_equal(a->primary, OG_YES);
	assert_int_equal(a->order, 0);
	assert_int_equal(a->order_alt, 0);
	assert_true(cJSON_IsArray(og_source_raw(a)));
	assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(og_source_raw(a), 1), "host")->valuestring,
	                    "https://cdn-origin-example.com");
	assert_string_equal(b->protocol, "match");
	assert_int_equal(b->order, 2);
	assert_int_equal(b->order_alt, 2);
	assert_string_equal(c->protocol, "http");
	assert_int_equal(c->order, 1);
	assert_string_equal(d->protocol, "https");
	assert_int_equal(d->order, 1);
	assert_int_equal(rules_order_in(b, "https"), 2);
	assert_int_equal(rules_order_in(c, "https"), -1);
	assert_string_equal(cJSON_GetObjectItem(edgio_row(b, "https"), "host")->valuestring,
	                    "https://cdn-origin-example2.com");

	cJSON *j = og_group_to_json(g);
	const cJSON *s0 = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "sources"), 0);
	assert_string_equal(cJSON_GetObjectItem(s0, "protocol")->valuestring, "match");
	assert_int_equal(cJSON_GetObjectItem(s0, "order_alt")->valueint, 0);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(s0, "primary")));
	assert_null(cJSON_GetObjectItem(s0, "enabled"));
	cJSON_Delete(j);

	/* rows split as 1/2 (the emulator's edgio_match_rows "split") fold too,
	 * HTTPS row first or not */
	cJSON *grp = json_fixture("edgio/group_http_large.json");
	cJSON *rows = cJSON_Parse("[{\"id\":7,\"host\":\"https://h.example\",\"port\":443,"
	                          "\"protocol_type_id\":2,\"failover_order\":1},"
	                          "{\"id\":7,\"host\":\"http://h.example\",\"port\":80,"
	                          "\"protocol_type_id\":1,\"failover_order\":0}]");
	og_group *s = NULL;
	og_error err = { 0 };
	assert_int_equal(edgio_parse_group(grp, rows, &s, &err), 0);
	assert_int_equal(s->n_sources, 1);
	assert_string_equal(s->sources[0].protocol, "match");
	assert_int_equal(s->sources[0].order, 0);
	assert_int_equal(s->sources[0].order_alt, 1);
	assert_string_equal(s->sources[0].host, "h.example");
	og_group_free(s);
	cJSON_Delete(rows);
	rows = cJSON_Parse("[{\"name\":\"no id\"}]");
	assert_int_equal(edgio_parse_group(grp, rows, &s, &err), -1);
	assert_int_equal(err.kind, OG_ERR_PARSE);
	cJSON_Delete(rows);
	cJSON_Delete(grp);
	og_group_free(g);
}

static void test_one_primary_per_protocol(void **state)
{
	(void)state;
	og_group *g = group_of("edgio/group_http_large.json", "edgio/origins_match.json");
	size_t dem[8];
	/* 101 (Match Client) is primary for both protocols: any new primary
	 * demotes it */
	assert_int_equal(rules_primary_demotions(g, "102", dem, 8), 1);
	assert_string_equal(g->sources[dem[0]].key, "101");
	assert_int_equal(rules_primary_demotions(g, "103", dem, 8), 1);   /* HTTP */
	assert_int_equal(rules_primary_demotions(g, "104", dem, 8), 1);   /* HTTPS */
	assert_int_equal(rules_primary_demotions(g, "101", dem, 8), 0);   /* itself */

	/* separate primaries: an HTTP one (103) and an HTTPS one (104) */
	g->sources[og_group_find_source(g, "101")].primary = OG_NO;
	g->sources[og_group_find_source(g, "103")].primary = OG_YES;
	g->sources[og_group_find_source(g, "104")].primary = OG_YES;
	assert_int_equal(rules_primary_demotions(g, "102", dem, 8), 2);   /* match: both */
	assert_int_equal(rules_primary_demotions(g, "104", dem, 8), 0);
	assert_int_equal(rules_primary_demotions(g, "101", dem, 1), 2);   /* counts past max */
	og_group_free(g);

	/* Edgio's caps refuse enabled/backup with their reason */
	og_error err = { 0 };
	g = group_of("edgio/group_http_large.json", "edgio/origins_match.json");
	assert_int_equal(rules_check_flag_change(g, &edgio_caps, "102", OG_FIELD_ENABLED, OG_NO, &err), -1);
	assert_string_equal(err.msg, "Edgio origin entries have no enabled flag");
	assert_int_equal(rules_check_flag_change(g, &edgio_caps, "102", OG_FIELD_PRIMARY, OG_YES, &err), 0);
	assert_int_equal(rules_check_flag_change(g, &edgio_caps, "102", OG_FIELD_ORDER, OG_ABSENT, &err), 0);
	og_group_free(g);
}

static void test_failover_patch_body(void **state)
{
	(void)state;
	og_group *g = group_of("edgio/group_http_large.json", "edgio/origins_match.json");
	og_error err = { 0 };
	/* J on 103 (HTTP, position 1 -> 2) */
	og_change c = { .group_id = g->id, .source_key = "103", .field = OG_FIELD_ORDER,
	                .from = OG_ABSENT, .to = OG_ABSENT, .order_from = 1, .order_to = 2 };
	char *b = edgio_build_order_body(g, &c, &err);
	assert_non_null(b);
	assert_string_equal(b, "[{\"id\":101,\"host\":\"http://cdn-origin-example.com\",\"failover_order\":0},"
	                       "{\"id\":102,\"host\":\"http://cdn-origin-example2.com\",\"failover_order\":1},"
	                       "{\"id\":103,\"host\":\"http://cdn-origin-example3.com\",\"failover_order\":2}]");
	free(b);
	/* K on the HTTPS row of Match Client 102 (2 -> 1) */
	og_change k = { .group_id = g->id, .source_key = "102", .field = OG_FIELD_ORDER,
	                .order_from = 2, .order_to = 1, .protocol = "https" };
	b = edgio_build_order_body(g, &k, &err);
	assert_string_equal(b, "[{\"id\":101,\"host\":\"https://cdn-origin-example.com\",\"failover_order\":0},"
	                       "{\"id\":102,\"host\":\"https://cdn-origin-example2.com\",\"failover_order\":1},"
	                       "{\"id\":104,\"host\":\"https://cdn-origin-example4.com\",\"failover_order\":2}]");
	free(b);
	/* the primary keeps 0; nothing else takes it while there is a primary */
	og_change p = { .group_id = g->id, .source_key = "101", .field = OG_FIELD_ORDER,
	                .order_from = 0, .order_to = 1 };
	assert_null(edgio_build_order_body(g, &p, &err));
	assert_int_equal(err.kind, OG_ERR_REFUSED);
	assert_non_null(strstr(err.msg, "keeps position 0"));
	og_change z = { .group_id = g->id, .source_key = "103", .field = OG_FIELD_ORDER,
	                .order_from = 1, .order_to = 0 };
	assert_null(edgio_build_order_body(g, &z, &err));
	assert_non_null(strstr(err.msg, "belongs to the primary"));
	og_change out = z;
	out.order_to = 3;
	assert_null(edgio_build_order_body(g, &out, &err));
	assert_string_equal(err.msg, "\"http://cdn-origin-example3.com\" is already last in the http "
	                    "failover order");
	og_group_free(g);

	/* round-robin (no primary): position 0 is free; the seed's example */
	g = group_of("edgio/group_http_large.json", "edgio/origins_by_group.json");
	og_change s = { .group_id = g->id, .source_key = "5036043", .field = OG_FIELD_ORDER,
	                .order_from = 1, .order_to = 0 };
	b = edgio_build_order_body(g, &s, &err);
	assert_string_equal(b, "[{\"id\":5036043,\"host\":\"https://cdn-lb2.example.com\",\"failover_order\":0},"
	                       "{\"id\":5036042,\"host\":\"https://cdn-lb.example.com\",\"failover_order\":1}]");
	free(b);
	og_group_free(g);
}

static void test_entry_put_body(void **state)
{
	(void)state;
	cJSON *e = json_fixture("edgio/entry.json");
	og_error err = { 0 };
	char *b = edgio_build_entry_update(e, "12345", true, false, &err);
	assert_string_equal(b, "{\"name\":\"marketing-origin-entry-a\",\"host\":\"https://cdn-lb.example.com\","
	                       "\"port\":443,\"is_primary\":true,\"storage_type_id\":1,"
	                       "\"protocol_type_id\":2,\"group_id\":12345}");
	free(b);
	cJSON_Delete(e);
	/* a Match Client entry's single answer shows its HTTP row */
	e = cJSON_Parse("{\"id\":101,\"host\":\"http://cdn-origin-example.com\",\"port\":80,"
	                "\"is_primary\":true,\"protocol_type_id\":1}");
	b = edgio_build_entry_update(e, "77", false, true, &err);
	assert_string_equal(b, "{\"host\":\"cdn-origin-example.com\",\"port\":80,\"is_primary\":false,"
	                       "\"protocol_type_id\":3,\"group_id\":77}");
	free(b);
	cJSON_Delete(e);
	/* members cased differently in a response: the body says the new value
	 * under the API's name, once (the case-blind lookup and case-exact
	 * replace left "Is_Primary":true in and leaked the new value) */
	e = cJSON_Parse("{\"id\":102,\"host\":\"a.example\",\"Is_Primary\":true,\"port\":80,"
	                "\"Protocol_Type_Id\":1,\"Group_Id\":5}");
	b = edgio_build_entry_update(e, "77", false, true, &err);
	assert_string_equal(b, "{\"host\":\"a.example\",\"is_primary\":false,\"port\":80,"
	                       "\"protocol_type_id\":3,\"Group_Id\":5,\"group_id\":77}");
	free(b);
	cJSON_Delete(e);
}

static void test_token_form_and_errors(void **state)
{
	(void)state;
	char *f = edgio_token_form("id with space&x", "s=cr+t/\xc3\xa9", "cdn.origins sec.cps");
	assert_string_equal(f, "grant_type=client_credentials&scope=cdn.origins%20sec.cps"
	                       "&client_id=id%20with%20space%26x&client_secret=s%3Dcr%2Bt%2F%C3%A9");
	free(f);
	char m[300];
	const char *hyp = "{\"@type\":\"Error\",\"code\":\"invalid_input\",\"status_code\":400,"
	                  "\"title\":\"Invalid input\",\"description\":\"The request is invalid.\","
	                  "\"details\":[{\"@type\":\"ErrorDetail\",\"source\":\"/0/host\","
	                  "\"description\":\"host must match a row\"}]}";
	edgio_describe_error(hyp, strlen(hyp), m, sizeof m);
	assert_string_equal(m, "Invalid input: The request is invalid. (host must match a row)");
	const char *legacy = "{\"Message\":\"Access Denied\"}";
	edgio_describe_error(legacy, strlen(legacy), m, sizeof m);
	assert_string_equal(m, "Access Denied");
	const char *oauth = "{\"error\":\"invalid_client\"}";
	edgio_describe_error(oauth, strlen(oauth), m, sizeof m);
	assert_string_equal(m, "invalid_client");
	char *tok = fixture("edgio/token.json");
	cJSON *t = cJSON_Parse(tok);
	assert_int_equal(cJSON_GetObjectItem(t, "expires_in")->valueint, 300);
	cJSON_Delete(t);
	free(tok);
}

/* ---- end to end against origo-emu --------------------------------------- */

static const char *STATE =
	"{\"edgio\":{\"client_id\":\"" CLIENT "\",\"client_secret\":\"" SECRET "\","
	"\"scopes\":[\"cdn.origins\"],\"groups\":["
	"{\"id\":100001,\"name\":\"shop\",\"platform\":\"http-large\",\"host_header\":\"shop.example.com\","
	" \"network_type_id\":1,\"origins\":["
	"  {\"id\":5036101,\"name\":\"a\",\"host\":\"a.example.com\",\"is_primary\":true,"
	"   \"protocol_type_id\":1,\"failover_order\":0},"
	"  {\"id\":5036102,\"name\":\"b\",\"host\":\"b.example.com\",\"is_primary\":false,"
	"   \"protocol_type_id\":3,\"failover_order\":1,\"failover_order_https\":0},"
	"  {\"id\":5036103,\"name\":\"c\",\"host\":\"c.example.com\",\"is_primary\":false,"
	"   \"protocol_type_id\":1,\"failover_order\":2},"
	"  {\"id\":5036104,\"name\":\"d\",\"host\":\"d.example.com\",\"is_primary\":false,"
	"   \"protocol_type_id\":2,\"failover_order\":1}]},"
	"{\"id\":100002,\"name\":\"empty\",\"platform\":\"http-large\",\"origins\":[]},"
	"{\"id\":100003,\"name\":\"adn one\",\"platform\":\"adn\",\"gateway\":{\"follow_redirect\":false},"
	" \"origins\":[]}"
	"]}}";

static int reset_emu(void **state)
{
	(void)state;
	return emu_setup("test-edgio", "{\"latency_ms\":0,\"edgio_token_ttl_seconds\":300}", STATE);
}

static net_account *open_edgio(const char *secret)
{
	char token_url[128];
	snprintf(token_url, sizeof token_url, "%s/connect/token", emu_url);
	og_account acct = { .name = "edgio", .provider = "edgio", .api_url = emu_url, .read_only = -1,
	                    OG_SETTINGS({ .name = "token_url", .value = token_url }, { .name = "platform", .value = "http-large" }, { .name = "client_id", .value = CLIENT }, { .name = "client_secret", .value = (char *)secret }, { .name = "scope", .value = "cdn.origins" }) };
	net_options opt = { .timeout_seconds = 10 };
	og_error err = { 0 };
	net_account *a = net_account_open(&acct, &opt, &err);
	if (!a)
		fail_msg("%s", err.msg);
	return a;
}

static og_group *read_group(net_account *a, const char *id)
{
	og_group *g = NULL;
	og_error err = { 0 };
	if (net_get_group(a, id, &g, &err) != 0)
		fail_msg("%s", err.msg);
	return g;
}

static void test_emu_browse_and_token(void **state)
{
	(void)state;
	net_account *a = open_edgio(SECRET);
	assert_false(net_account_caps(a)->has_enabled);
	og_group_list l = { 0 };
	og_error err = { 0 };
	if (net_list_groups(a, &l, &err) != 0)
		fail_msg("%s", err.msg);
	assert_int_equal(l.n, 2);                     /* the ADN group is not listed */
	const og_group *g = l.items[0];
	assert_string_equal(g->name, "shop");
	assert_string_equal(setting(g, "Host header"), "shop.example.com");
	assert_string_equal(setting(g, "Network type"), "Default (IPv4 only)");
	assert_int_equal(g->n_sources, 4);
	const og_source *b = src(g, "5036102");
	assert_string_equal(b->protocol, "match");
	assert_string_equal(b->host, "b.example.com");
	assert_int_equal(b->order, 1);
	assert_int_equal(b->order_alt, 0);
	assert_int_equal(src(g, "5036101")->primary, OG_YES);
	assert_string_equal(src(g, "5036101")->protocol, "http");
	assert_int_equal(l.items[1]->n_sources, 0);
	og_group_list_free(&l);

	/* a second browse reuses the token */
	assert_int_equal(net_list_groups(a, &l, &err), 0);
	og_group_list_free(&l);
	cJSON *log = emu_log();
	assert_int_equal(count_log(log, "POST", "/connect/token"), 1);
	const cJSON *t = find_log(log, "POST", "/connect/token", 0);
	assert_string_equal(log_str(t, "content_type"), "application/x-www-form-urlencoded");
	assert_non_null(strstr(log_str(t, "body"), "grant_type=client_credentials&scope=cdn.origins"));
	assert_null(strstr(log_str(t, "body"), SECRET));
	assert_int_equal(count_log(log, "GET", "/cdn/origins/v0.5/http-large/groups/100001/origins"), 2);
	assert_int_equal(count_status(log, 401), 0);
	cJSON_Delete(log);
	assert_int_equal(edgio_token_fetches(a), 1);

	/* the token expires behind our back: one 401, one new token, again */
	emu_ok("POST", "/_emu/expire_tokens", "{\"provider\":\"edgio\"}");
	emu_ctl("DELETE", "/_emu/log", NULL, NULL);
	if (net_list_groups(a, &l, &err) != 0)
		fail_msg("%s", err.msg);
	assert_int_equal(l.n, 2);
	og_group_list_free(&l);
	log = emu_log();
	assert_int_equal(count_status(log, 401), 1);
	assert_int_equal(count_log(log, "POST", "/connect/token"), 1);
	cJSON_Delete(log);
	assert_int_equal(edgio_token_fetches(a), 2);

	/* expired in the middle of the concurrent fetch: each refused entry
	 * list is sent once more with the one new token */
	og_group *one = read_group(a, "100001");
	og_group_free(one);
	emu_ok("POST", "/_emu/faults", "{\"method\":\"GET\",\"path_prefix\":"
	       "\"/cdn/origins/v0.5/http-large/groups/100001/origins\",\"times\":1,"
	       "\"action\":\"status\",\"status\":401,\"body\":\"{\\\"code\\\":\\\"unauthorized\\\"}\"}");
	emu_ctl("DELETE", "/_emu/log", NULL, NULL);
	assert_int_equal(net_list_groups(a, &l, &err), 0);
	assert_int_equal(l.items[0]->n_sources, 4);
	og_group_list_free(&l);
	log = emu_log();
	assert_int_equal(count_log(log, "POST", "/connect/token"), 1);
	assert_int_equal(count_log(log, "GET", "/cdn/origins/v0.5/http-large/groups/100001/origins"), 2);
	cJSON_Delete(log);
	net_account_free(a);

	/* the ADN platform is its own list */
	char token_url[128];
	snprintf(token_url, sizeof token_url, "%s/connect/token", emu_url);
	og_account adn = { .name = "adn", .provider = "edgio", .api_url = emu_url, .read_only = -1,
	                    OG_SETTINGS({ .name = "token_url", .value = token_url }, { .name = "platform", .value = "adn" }, { .name = "client_id", .value = CLIENT }, { .name = "client_secret", .value = SECRET }) };
	net_account *na = net_account_open(&adn, NULL, &err);
	assert_non_null(na);
	assert_int_equal(net_list_groups(na, &l, &err), 0);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.items[0]->name, "adn one");
	assert_string_equal(setting(l.items[0], "Gateway follows redirects"), "no");
	og_group_list_free(&l);
	log = emu_log();
	assert_non_null(find_log(log, "GET", "/cdn/origins/v0.5/adn/groups/100003/origins", 0));
	cJSON_Delete(log);
	net_account_free(na);

	/* wrong credentials: an authentication error without the secret */
	a = open_edgio("wrong-secret-value");
	assert_int_equal(net_list_groups(a, &l, &err), -1);
	assert_int_equal(err.kind, OG_ERR_AUTH);
	assert_null(strstr(err.msg, "wrong-secret-value"));
	assert_non_null(strstr(err.msg, "invalid_client"));
	net_account_free(a);
}

static job_request *move_job(net_account *a, uint64_t tag, const og_group *g, const char *key,
                             const char *proto, int to)
{
	const og_source *s = src(g, key);
	job_request *r = job_request_new(JOB_CHANGE, a, tag, g->id);
	og_change c = { .group_id = g->id, .source_key = (char *)key, .field = OG_FIELD_ORDER,
	                .from = OG_ABSENT, .to = OG_ABSENT,
	                .order_from = rules_order_in(s, proto ? proto : (strcmp(s->protocol, "match")
	                                             ? s->protocol : "http")),
	                .order_to = to, .protocol = (char *)proto };
	assert_int_equal(og_change_copy(&r->change, &c), 0);
	assert_int_equal(og_source_copy(&r->seen, s), 0);
	return r;
}

static job_request *primary_job(net_account *a, uint64_t tag, const og_group *g, const char *key)
{
	const og_source *s = src(g, key);
	job_request *r = job_request_new(JOB_CHANGE, a, tag, g->id);
	og_change c = { .group_id = g->id, .source_key = (char *)key, .field = OG_FIELD_PRIMARY,
	                .from = s->primary, .to = OG_YES };
	assert_int_equal(og_change_copy(&r->change, &c), 0);
	assert_int_equal(og_source_copy(&r->seen, s), 0);
	return r;
}

static void test_emu_make_primary(void **state)
{
	(void)state;
	net_account *a = open_edgio(SECRET);
	og_group *g = read_group(a, "100001");
	og_error err = { 0 };
	worker *w = worker_start(2, &err);
	emu_ctl("DELETE", "/_emu/log", NULL, NULL);
	/* the Match Client entry b: a (HTTP primary) is demoted first */
	assert_int_equal(worker_submit(w, primary_job(a, 1, g, "5036102")), 0);
	job_result *r = wait_result(w, 30);
	if (r->status != 0)
		fail_msg("%s", r->err.msg);
	const og_source *b = src(r->group, "5036102");
	assert_int_equal(b->primary, OG_YES);
	assert_int_equal(b->order, 0);
	assert_int_equal(b->order_alt, 0);
	assert_int_equal(src(r->group, "5036101")->primary, OG_NO);
	job_result_free(r);
	cJSON *log = emu_log();
	const cJSON *d = find_log(log, "PUT", "/cdn/origins/v0.5/http-large/", 0);
	const cJSON *p = find_log(log, "PUT", "/cdn/origins/v0.5/http-large/", 1);
	assert_non_null(d);
	assert_non_null(p);
	assert_string_equal(log_str(d, "path"), "/cdn/origins/v0.5/http-large/5036101");
	assert_non_null(strstr(log_str(d, "body"), "\"is_primary\":false"));
	assert_string_equal(log_str(p, "path"), "/cdn/origins/v0.5/http-large/5036102");
	assert_string_equal(log_str(p, "body"), "{\"name\":\"b\",\"host\":\"b.example.com\",\"port\":80,"
	                    "\"is_primary\":true,\"storage_type_id\":1,\"protocol_type_id\":3,"
	                    "\"group_id\":100001}");
	assert_int_equal(count_log(log, "PUT", NULL), 2);
	/* the server put it first on its own: no failover PATCH needed */
	assert_int_equal(count_log(log, "PATCH", NULL), 0);
	cJSON_Delete(log);

	/* conflict: the entry the user saw changed meanwhile; nothing sent */
	og_group_free(g);
	g = read_group(a, "100001");
	emu_ok("PUT", "/_emu/edgio/groups/100001",
	       "{\"name\":\"shop\",\"platform\":\"http-large\",\"origins\":["
	       "{\"id\":5036102,\"name\":\"b\",\"host\":\"b.example.com\",\"is_primary\":true,"
	       "\"protocol_type_id\":3},"
	       "{\"id\":5036103,\"name\":\"c2\",\"host\":\"c2.example.com\",\"protocol_type_id\":1}]}");
	emu_ctl("DELETE", "/_emu/log", NULL, NULL);
	assert_int_equal(worker_submit(w, primary_job(a, 2, g, "5036103")), 0);
	r = wait_result(w, 30);
	assert_int_equal(r->status, -1);
	assert_int_equal(r->err.kind, OG_ERR_CONFLICT);
	job_result_free(r);
	log = emu_log();
	assert_int_equal(count_log(log, "PUT", NULL), 0);
	cJSON_Delete(log);
	worker_stop(w);
	og_group_free(g);
	net_account_free(a);
}

/* Match Client rows listed as HTTP Only / HTTPS Only (protocol 1 and 2):
 * still one source, and its PUT keeps it a Match Client entry. */
static void test_emu_split_match_rows(void **state)
{
	(void)state;
	emu_ok("POST", "/_emu/settings", "{\"edgio_match_rows\":\"split\"}");
	net_account *a = open_edgio(SECRET);
	og_group *g = read_group(a, "100001");
	assert_int_equal(g->n_sources, 4);
	assert_string_equal(src(g, "5036102")->protocol, "match");
	og_error err = { 0 };
	worker *w = worker_start(1, &err);
	emu_ctl("DELETE", "/_emu/log", NULL, NULL);
	assert_int_equal(worker_submit(w, primary_job(a, 1, g, "5036102")), 0);
	job_result *r = wait_result(w, 30);
	if (r->status != 0)
		fail_msg("%s", r->err.msg);
	assert_int_equal(src(r->group, "5036102")->primary, OG_YES);
	assert_string_equal(src(r->group, "5036102")->protocol, "match");
	job_result_free(r);
	cJSON *log = emu_log();
	const cJSON *p = find_log(log, "PUT", "/cdn/origins/v0.5/http-large/5036102", 0);
	assert_non_null(p);
	assert_non_null(strstr(log_str(p, "body"), "\"protocol_type_id\":3"));
	assert_non_null(strstr(log_str(p, "body"), "\"host\":\"b.example.com\""));
	cJSON_Delete(log);
	worker_stop(w);
	og_group_free(g);
	net_account_free(a);
	emu_ok("POST", "/_emu/settings", "{\"edgio_match_rows\":\"match\"}");
}

static void test_emu_reorder(void **state)
{
	(void)state;
	net_account *a = open_edgio(SECRET);
	og_group *g = read_group(a, "100001");
	og_error err = { 0 };
	worker *w = worker_start(1, &err);
	emu_ctl("DELETE", "/_emu/log", NULL, NULL);
	/* K on c (HTTP 2 -> 1) */
	assert_int_equal(worker_submit(w, move_job(a, 1, g, "5036103", NULL, 1)), 0);
	job_result *r = wait_result(w, 30);
	if (r->status != 0)
		fail_msg("%s", r->err.msg);
	assert_int_equal(src(r->group, "5036103")->order, 1);
	assert_int_equal(src(r->group, "5036102")->order, 2);
	assert_int_equal(src(r->group, "5036102")->order_alt, 0);   /* HTTPS untouched */
	job_result_free(r);
	cJSON *log = emu_log();
	const cJSON *p = find_log(log, "PATCH", "/cdn/origins/v0.5/http-large/groups/100001/origins", 0);
	assert_non_null(p);
	assert_string_equal(log_str(p, "body"),
	                    "[{\"id\":5036101,\"host\":\"http://a.example.com\",\"failover_order\":0},"
	                    "{\"id\":5036103,\"host\":\"http://c.example.com\",\"failover_order\":1},"
	                    "{\"id\":5036102,\"host\":\"http://b.example.com\",\"failover_order\":2}]");
	cJSON_Delete(log);

	/* J on the HTTPS row of b (0 -> 1) */
	og_group_free(g);
	g = read_group(a, "100001");
	assert_int_equal(worker_submit(w, move_job(a, 2, g, "5036102", "https", 1)), 0);
	r = wait_result(w, 30);
	if (r->status != 0)
		fail_msg("%s", r->err.msg);
	assert_int_equal(src(r->group, "5036102")->order_alt, 1);
	assert_int_equal(src(r->group, "5036104")->order, 0);
	job_result_free(r);

	/* the primary cannot leave 0: refused before anything is sent */
	og_group_free(g);
	g = read_group(a, "100001");
	emu_ctl("DELETE", "/_emu/log", NULL, NULL);
	assert_int_equal(worker_submit(w, move_job(a, 3, g, "5036101", NULL, 1)), 0);
	r = wait_result(w, 30);
	assert_int_equal(r->status, -1);
	assert_int_equal(r->err.kind, OG_ERR_REFUSED);
	job_result_free(r);
	/* the row moved meanwhile: a conflict */
	job_request *stale = move_job(a, 4, g, "5036103", NULL, 2);
	stale->change.order_from = 2;
	assert_int_equal(worker_submit(w, stale), 0);
	r = wait_result(w, 30);
	assert_int_equal(r->status, -1);
	assert_int_equal(r->err.kind, OG_ERR_CONFLICT);
	job_result_free(r);
	log = emu_log();
	assert_int_equal(count_log(log, "PATCH", NULL), 0);
	cJSON_Delete(log);
	worker_stop(w);
	og_group_free(g);
	net_account_free(a);
}

/* 500 groups at 50 ms a request: the entry lists load concurrently. */
static void test_emu_concurrent_browse(void **state)
{
	(void)state;
	const int n = 500;
	cJSON *st = cJSON_CreateObject(), *ed = cJSON_AddObjectToObject(st, "edgio");
	cJSON *groups = cJSON_AddArrayToObject(ed, "groups");
	for (int i = 1; i <= n; i++) {
		char g[400];
		snprintf(g, sizeof g, "{\"id\":%d,\"name\":\"g%d\",\"origins\":["
		         "{\"id\":%d,\"host\":\"h%d.example.com\",\"protocol_type_id\":3,\"is_primary\":true}]}",
		         200000 + i, i, 6000000 + i, i);
		cJSON_AddItemToArray(groups, cJSON_Parse(g));
	}
	char *text = cJSON_PrintUnformatted(st);
	cJSON_Delete(st);
	emu_ok("PUT", "/_emu/state", text);
	free(text);
	const char *lat = getenv("ORIGO_TEST_LATENCY");
	char set[64];
	snprintf(set, sizeof set, "{\"latency_ms\":%s}", lat ? lat : "50");
	emu_ok("POST", "/_emu/settings", set);

	net_account *a = open_edgio(SECRET);
	og_error err = { 0 };
	worker *w = worker_start(2, &err);
	emu_ctl("DELETE", "/_emu/log", NULL, NULL);
	double t0 = emu_now();
	assert_int_equal(worker_submit(w, job_request_new(JOB_LIST, a, 1, NULL)), 0);
	job_result *r = wait_result(w, 120);
	double took = emu_now() - t0;
	if (r->status != 0)
		fail_msg("%s", r->err.msg);
	assert_int_equal(r->groups.n, (size_t)n);
	assert_string_equal(r->groups.items[n - 1]->sources[0].protocol, "match");
	job_result_free(r);
	worker_stop(w);
	/* a sequential loop pays (n + 2) x 50 ms; at least 8 times faster */
	double sequential = (n + 2) * 0.050;
	fprintf(stderr, "    %d groups in %.2f s (sequential: at least %.1f s)\n", n, took, sequential);
	assert_true(took < sequential / 8);
	cJSON *log = emu_log();
	assert_int_equal(count_log(log, "GET", "/cdn/origins/v0.5/http-large/groups"), n + 1);
	cJSON_Delete(log);
	emu_ok("POST", "/_emu/settings", "{\"latency_ms\":0}");
	net_account_free(a);
}

int main(void)
{
	const struct CMUnitTest pure[] = {
		cmocka_unit_test(test_seed_entries),
		cmocka_unit_test(test_match_client_folding),
		cmocka_unit_test(test_one_primary_per_protocol),
		cmocka_unit_test(test_failover_patch_body),
		cmocka_unit_test(test_entry_put_body),
		cmocka_unit_test(test_token_form_and_errors),
	};
	const struct CMUnitTest emu[] = {
		cmocka_unit_test_setup(test_emu_browse_and_token, reset_emu),
		cmocka_unit_test_setup(test_emu_make_primary, reset_emu),
		cmocka_unit_test_setup(test_emu_split_match_rows, reset_emu),
		cmocka_unit_test_setup(test_emu_reorder, reset_emu),
		cmocka_unit_test_setup(test_emu_concurrent_browse, reset_emu),
	};
	og_error err = { 0 };
	if (http_global_init(&err) < 0)
		return 1;
	int failed = cmocka_run_group_tests_name("edgio mapping", pure, NULL, NULL);
	failed += cmocka_run_group_tests_name("edgio end to end", emu, NULL, emu_stop);
	return failed ? 1 : 0;
}
