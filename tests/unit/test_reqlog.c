/* The requests log's redaction (every kind of secret the providers send or
 * receive), its caps, the --log text and the curl command line's quoting. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "net/reqlog.h"
#include "tests/unit/emu_unit.h"

#define CANARY "canary-7Hq2-Zx9"

static void assert_lacks(const char *hay, const char *needle)
{
	if (hay && strstr(hay, needle))
		fail_msg("\"%s\" leaked into:\n%s", needle, hay);
}

static void assert_has(const char *hay, const char *needle)
{
	if (!hay || !strstr(hay, needle))
		fail_msg("\"%s\" missing from:\n%s", needle, hay ? hay : "(null)");
}

static void test_authorization_header(void **state)
{
	(void)state;
	const char *lines[] = { "Accept: application/json", "Authorization: APIKey " CANARY,
	                        "Expect:", "X-Auth-Token: " CANARY "2" };
	char *h = reqlog_redact_headers(lines, 4);
	assert_has(h, "Accept: application/json\n");
	assert_has(h, "Authorization: ***\n");
	assert_has(h, "X-Auth-Token: ***\n");
	assert_lacks(h, CANARY);
	assert_lacks(h, "Expect");
	free(h);

	char *r = reqlog_redact_head("HTTP/1.1 200 OK\r\nSet-Cookie: s=" CANARY "\r\n"
	                             "Content-Type: application/json\r\n\r\n");
	assert_has(r, "HTTP/1.1 200 OK\n");
	assert_has(r, "Set-Cookie: ***\n");
	assert_has(r, "Content-Type: application/json\n");
	assert_lacks(r, CANARY);
	free(r);
}

static void test_edgio_token_form(void **state)
{
	(void)state;
	const char *fbody = "grant_type=client_credentials&client_id=origo&client_secret=" CANARY
	                   "&scope=app.cache";
	char *b = reqlog_redact_body(fbody, strlen(fbody), "application/x-www-form-urlencoded",
	                             REQLOG_BODY_CAP, NULL);
	assert_string_equal(b, "grant_type=client_credentials&client_id=origo&client_secret=***"
	                       "&scope=app.cache");
	free(b);
	/* the token in the answer */
	const char *ans = "{\"access_token\":\"" CANARY "\",\"expires_in\":300,\"token_type\":\"Bearer\"}";
	b = reqlog_redact_body(ans, strlen(ans), NULL, REQLOG_BODY_CAP, NULL);
	assert_has(b, "\"access_token\": \"***\"");
	assert_has(b, "\"expires_in\": 300");
	assert_lacks(b, CANARY);
	free(b);
}

static void test_yandex_tokens(void **state)
{
	(void)state;
	const char *req = "{\"yandexPassportOauthToken\":\"" CANARY "\"}";
	char *b = reqlog_redact_body(req, strlen(req), "application/json", REQLOG_BODY_CAP, NULL);
	assert_has(b, "\"yandexPassportOauthToken\": \"***\"");
	assert_lacks(b, CANARY);
	free(b);
	const char *ans = "{\"iamToken\":\"t1." CANARY "\",\"expiresAt\":\"2030-01-01T00:00:00Z\"}";
	b = reqlog_redact_body(ans, strlen(ans), NULL, REQLOG_BODY_CAP, NULL);
	assert_has(b, "\"iamToken\": \"***\"");
	assert_has(b, "2030-01-01T00:00:00Z");
	assert_lacks(b, CANARY);
	free(b);
}

static void test_s3_keys_nested_and_pretty(void **state)
{
	(void)state;
	const char *g = "{\"id\":102,\"sources\":[{\"source\":\"a.example.com\"},"
	                "{\"source\":\"b\",\"s3_access_key_id\":\"AKIA" CANARY "\","
	                "\"s3_secret_access_key\":\"" CANARY "x\",\"s3_region\":\"eu\"}]}";
	bool cut = true;
	char *b = reqlog_redact_body(g, strlen(g), NULL, REQLOG_BODY_CAP, &cut);
	assert_false(cut);
	assert_lacks(b, CANARY);
	assert_has(b, "\"s3_access_key_id\": \"***\"");
	assert_has(b, "\"s3_secret_access_key\": \"***\"");
	assert_has(b, "\"s3_region\": \"eu\"");
	/* pretty-printed with spaces, no tabs */
	assert_has(b, "\n  \"id\": 102,\n");
	assert_null(strchr(b, '\t'));
	free(b);
}

/* A body cut by the response cap, or broken: no parse, still redacted,
 * even when the secret's closing quote is missing. */
static void test_unparseable_json(void **state)
{
	(void)state;
	const char *broken = "{\"a\":1, \"s3_secret_access_key\" : \"" CANARY "\", \"iamToken\":\""
	                     CANARY "-cut";
	char *b = reqlog_redact_body(broken, strlen(broken), NULL, REQLOG_BODY_CAP, NULL);
	assert_lacks(b, CANARY);
	assert_has(b, "\"s3_secret_access_key\" : \"***\"");
	assert_has(b, "\"iamToken\":\"***\"");
	free(b);
}

static void test_inline_secret_by_value(void **state)
{
	(void)state;
	reqlog_add_secret("abc");   /* too short: ignored */
	reqlog_add_secret("inline-" CANARY);
	char *t = reqlog_redact_text("error: key inline-" CANARY " refused; abc stays");
	assert_string_equal(t, "error: key *** refused; abc stays");
	free(t);
	/* in a field no rule knows, in the URL, in any header */
	const char *odd = "{\"note\":\"inline-" CANARY "\"}";
	char *b = reqlog_redact_body(odd, strlen(odd), NULL, REQLOG_BODY_CAP, NULL);
	assert_lacks(b, CANARY);
	free(b);
	char *u = reqlog_redact_url("https://h/x?access_token=" CANARY "&page=2&q=inline-" CANARY);
	assert_string_equal(u, "https://h/x?access_token=***&page=2&q=***");
	free(u);
}

static void test_body_cap(void **state)
{
	(void)state;
	size_t n = 200000;
	char *big = malloc(n + 1);
	assert_non_null(big);
	memset(big, 'x', n);
	big[n] = '\0';
	bool cut = false;
	char *b = reqlog_redact_body(big, n, "text/plain", 1000, &cut);
	assert_true(cut);
	assert_int_equal(strlen(b), 1000);
	free(b);
	free(big);

	/* a big JSON page is only scanned, up to the cap: still redacted */
	size_t cap = 400000, len = 0;
	char *js = malloc(cap);
	assert_non_null(js);
	len += (size_t)snprintf(js, cap, "{\"results\":[");
	for (int i = 0; i < 3000; i++)
		len += (size_t)snprintf(js + len, cap - len,
		                        "%s{\"id\":%d,\"s3_secret_access_key\":\"" CANARY "%d\"}",
		                        i ? "," : "", i, i);
	len += (size_t)snprintf(js + len, cap - len, "]}");
	assert_true(len > 128 * 1024 && len < cap);
	b = reqlog_redact_body(js, len, NULL, REQLOG_BODY_CAP, &cut);
	assert_true(cut);
	assert_true(strlen(b) <= REQLOG_BODY_CAP);
	assert_lacks(b, CANARY);
	assert_has(b, "{\"id\":7,\"s3_secret_access_key\":\"***\"}");
	free(b);
	free(js);
}

/* The whole record: nothing secret in any field or in the --log text. */
static void test_build_and_format(void **state)
{
	(void)state;
	const char *hdrs[] = { "Accept: application/json", "Authorization: Bearer " CANARY };
	const char *body = "{\"client_secret\":\"" CANARY "\"}";
	const char *resp = "{\"access_token\":\"" CANARY "\"}";
	http_record rec = {
		.method = "POST", .url = "https://id.example/connect/token", .headers = hdrs,
		.n_headers = 2, .status = 200, .seconds = 0.034, .account = "edgio",
		.content_type = "application/json", .request_body = body,
		.request_body_len = strlen(body),
		.response_head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n",
		.response_body = resp, .response_body_len = strlen(resp),
	};
	net_exchange *x = reqlog_build(&rec);
	assert_non_null(x);
	assert_string_equal(x->method, "POST");
	assert_int_equal(x->status, 200);
	assert_string_equal(x->account, "edgio");
	char *text = reqlog_format(x);
	assert_has(text, "[edgio] POST https://id.example/connect/token -> 200 in 34 ms");
	assert_has(text, "  > Authorization: ***\n");
	assert_has(text, "  < HTTP/1.1 200 OK\n");
	assert_has(text, "\"access_token\": \"***\"");
	assert_lacks(text, CANARY);

	/* --log: one block, the file really gets it */
	char path[] = "/tmp/test_reqlog_XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	net_log_set_fd(fd);
	reqlog_write_log(x);
	net_log_set_fd(-1);
	reqlog_write_log(x);   /* off again: nothing more */
	char buf[8192];
	ssize_t got = pread(fd, buf, sizeof buf - 1, 0);
	assert_true(got > 0);
	buf[got] = '\0';
	assert_string_equal(buf, text);
	close(fd);
	unlink(path);
	free(text);
	net_exchange_free(x);
}

/* Every field of a record is redacted by value, the method too (found by
 * tests/fuzz/fuzz_reqlog: it was copied as given). */
static void test_every_field_by_value(void **state)
{
	(void)state;
	reqlog_add_secret("method-" CANARY);
	http_record rec = { .method = "GET method-" CANARY, .url = "https://h/", .status = 0 };
	net_exchange *x = reqlog_build(&rec);
	assert_non_null(x);
	assert_string_equal(x->method, "GET ***");
	char *text = reqlog_format(x);
	assert_lacks(text, CANARY);
	char *curl = net_exchange_curl(x, NULL, NULL);
	assert_lacks(curl, CANARY);
	free(curl);
	free(text);
	net_exchange_free(x);
}

static void test_shell_quote(void **state)
{
	(void)state;
	char *q = reqlog_shell_quote("it's $HOME `x` \"y\"");
	assert_string_equal(q, "'it'\\''s $HOME `x` \"y\"'");
	free(q);
}

static net_exchange *exchange(const char *method, const char *url, const char *hdrs,
                              const char *body)
{
	net_exchange *x = calloc(1, sizeof *x);
	x->method = strdup(method);
	x->url = strdup(url);
	x->req_headers = strdup(hdrs);
	x->req_body = body ? strdup(body) : NULL;
	return x;
}

static void test_curl_gcore(void **state)
{
	(void)state;
	net_exchange *x = exchange("PATCH", "http://127.0.0.1:8080/cdn/origin_groups/101",
	                           "Accept: application/json\nContent-Type: application/json\n"
	                           "Authorization: ***\n",
	                           "{\n  \"name\": \"it's\",\n  \"sources\": []\n}");
	og_account acct = { .name = "gcore", .provider = "gcore",
	                    OG_SETTINGS({ .name = "api_key_env", .value = "MY_KEY" }) };
	const char *note = NULL;
	char *c = net_exchange_curl(x, &acct, &note);
	assert_string_equal(c, "curl -X 'PATCH' 'http://127.0.0.1:8080/cdn/origin_groups/101'"
	                       " -H 'Accept: application/json' -H 'Content-Type: application/json'"
	                       " -H \"Authorization: APIKey $MY_KEY\""
	                       " --data-raw '{\"name\":\"it'\\''s\",\"sources\":[]}'");
	assert_non_null(note);
	free(c);
	/* an inline key: the placeholder variable, and a note saying so */
	og_account inl = { .name = "gcore",
	                    OG_SETTINGS({ .name = "api_key", .value = CANARY }) };
	c = net_exchange_curl(x, &inl, &note);
	assert_has(c, "\"Authorization: APIKey $GCORE_API_KEY\"");
	assert_lacks(c, CANARY);
	assert_has(note, "inline");
	free(c);
	net_exchange_free(x);
}

/* A Gcore write with S3 sources: the redacted keys become one variable a
 * key, named for the bucket (the config's variables when it names them),
 * never a value; the body shows *** only. */
static void test_curl_gcore_s3_keys(void **state)
{
	(void)state;
	const char *body =
		"{\"name\":\"g\",\"sources\":[{\"source\":\"a.example\"},"
		"{\"origin_type\":\"s3\",\"config\":{\"s3_bucket_name\":\"env-bucket\","
		"\"s3_access_key_id\":\"AKIACURLTEST01\",\"s3_secret_access_key\":\"curlSecret0123456789\"}},"
		"{\"origin_type\":\"s3\",\"config\":{\"s3_bucket_name\":\"typed.bucket\","
		"\"s3_access_key_id\":\"AKIACURLTEST02\",\"s3_secret_access_key\":\"curlSecret9876543210\"}}]}";
	char *red = reqlog_redact_body(body, strlen(body), "application/json", 1 << 16, NULL);
	assert_lacks(red, "AKIACURLTEST0");
	assert_lacks(red, "curlSecret");
	net_exchange *x = exchange("PATCH", "http://127.0.0.1:8080/cdn/origin_groups/102",
	                           "Content-Type: application/json\nAuthorization: ***\n", red);
	free(red);
	og_s3_cred creds[] = { { .bucket = "env-bucket", .access_key_env = "MEDIA_AK",
	                         .secret_key_env = "MEDIA_SK", .line = 3 } };
	og_account acct = { .name = "gcore", .provider = "gcore", .s3 = creds, .n_s3 = 1,
	                    OG_SETTINGS({ .name = "api_key_env", .value = "MY_KEY" }) };
	const char *note = NULL;
	char *c = net_exchange_curl(x, &acct, &note);
	assert_has(c, "\"s3_access_key_id\":\"'\"$MEDIA_AK\"'\"");
	assert_has(c, "\"s3_secret_access_key\":\"'\"$MEDIA_SK\"'\"");
	assert_has(c, "\"s3_access_key_id\":\"'\"$ORIGO_S3_ACCESS_KEY_typed_bucket\"'\"");
	assert_has(c, "\"s3_secret_access_key\":\"'\"$ORIGO_S3_SECRET_KEY_typed_bucket\"'\"");
	assert_lacks(c, "AKIACURLTEST0");
	assert_lacks(c, "curlSecret");
	assert_lacks(c, "***");
	assert_lacks(c, "@@");
	assert_has(note, "S3 key variables");
	free(c);
	net_exchange_free(x);
}

static void test_curl_secret_bodies(void **state)
{
	(void)state;
	net_exchange *x = exchange("POST", "https://id.example/connect/token",
	                           "Content-Type: application/x-www-form-urlencoded\n",
	                           "grant_type=client_credentials&client_secret=***&scope=s");
	og_account ed = { .name = "edgio", .provider = "edgio",
	                    OG_SETTINGS({ .name = "client_secret_env", .value = "ED_SECRET" }) };
	char *c = net_exchange_curl(x, &ed, NULL);
	assert_has(c, "--data-raw 'grant_type=client_credentials&client_secret='\"$ED_SECRET\"'&scope=s'");
	free(c);
	net_exchange_free(x);

	x = exchange("POST", "https://iam.example/iam/v1/tokens", "Content-Type: application/json\n",
	             "{\n  \"yandexPassportOauthToken\": \"***\"\n}");
	og_account yc = { .name = "yandex", .provider = "yandex",
	                    OG_SETTINGS({ .name = "token", .value = CANARY }) };
	c = net_exchange_curl(x, &yc, NULL);
	assert_has(c, "--data-raw '{\"yandexPassportOauthToken\":\"'\"$YC_OAUTH_TOKEN\"'\"}'");
	assert_lacks(c, CANARY);
	free(c);
	net_exchange_free(x);
}

/* A body that only the text scan could redact (it does not parse: a bad
 * escape in a secret field) keeps \u escapes; the curl line compacts the
 * redacted text again, which decodes them: what it prints is redacted, so
 * neither a registered secret nor a secret field written with escapes
 * shows up decoded. */
static void test_curl_redacts_decoded_escapes(void **state)
{
	(void)state;
	reqlog_add_secret("escaped-" CANARY);
	/* "escaped-canary-7Hq2-Zx9" with every letter of "canary" as \u00XX, and
	 * a field named "pass\u0077ord" (password) */
	const char *raw = "{\"password\":\"bad\\x escape\",\"note\":\"escaped-"
	                  "\\u0063\\u0061\\u006e\\u0061\\u0072\\u0079-7Hq2-Zx9\","
	                  "\"pass\\u0077ord\":\"hunter2-in-clear\"}";
	const char *hdr[] = { "Content-Type: application/json" };
	http_record rec = { .method = "PATCH", .url = "http://127.0.0.1:1/x", .headers = hdr,
	                    .n_headers = 1, .status = 200, .content_type = "application/json",
	                    .request_body = raw, .request_body_len = strlen(raw) };
	net_exchange *x = reqlog_build(&rec);
	assert_non_null(x);
	assert_lacks(x->req_body, "bad\\x");   /* the text scan redacted the bad field */
	og_account acct = { .name = "gcore", .provider = "gcore",
	                    OG_SETTINGS({ .name = "api_key_env", .value = "MY_KEY" }) };
	char *c = net_exchange_curl(x, &acct, NULL);
	assert_non_null(c);
	assert_lacks(c, CANARY);
	assert_lacks(c, "hunter2-in-clear");
	assert_has(c, "--data-raw ");
	free(c);
	net_exchange_free(x);
}

/* The worker's threads: every attempt reaches the UI as a message (in order
 * of seq, none lost) and the --log file gets whole blocks, never interleaved
 * (run under TSan too). */
static void test_worker_exchanges_and_log(void **state)
{
	(void)state;
	if (emu_pid <= 0 && emu_start("test-reqlog") != 0)
		fail_msg("no emulator");
	net_account *a = emu_open_gcore(EMU_KEY, emu_port, 10);
	char path[] = "/tmp/test_reqlog_w_XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	net_log_set_fd(fd);
	og_error err = { 0 };
	worker *w = worker_start(4, &err);
	assert_non_null(w);
	enum { JOBS = 12 };
	for (int i = 0; i < JOBS; i++)
		assert_int_equal(worker_submit(w, job_request_new(JOB_LIST, a, (uint64_t)i, NULL)), 0);
	int results = 0, exchanges = 0;
	uint64_t last_seq = 0;
	double t0 = emu_now();
	while (results < JOBS && emu_now() - t0 < 20) {
		struct pollfd p = { .fd = worker_wake_fd(w), .events = POLLIN };
		poll(&p, 1, 100);
		worker_drain_wake(w);
		net_exchange *x;
		while ((x = worker_take_exchange(w)) != NULL) {
			assert_string_equal(x->method, "GET");
			assert_int_equal(x->status, 200);
			assert_non_null(strstr(x->req_headers, "Authorization: ***"));
			assert_lacks(x->req_headers, EMU_KEY);
			assert_true(x->seq != last_seq);
			last_seq = x->seq;
			exchanges++;
			net_exchange_free(x);
		}
		job_result *r;
		while ((r = worker_take_result(w)) != NULL) {
			assert_int_equal(r->status, 0);
			results++;
			job_result_free(r);
		}
	}
	assert_int_equal(results, JOBS);
	/* every exchange came before its result */
	assert_int_equal(exchanges, JOBS);
	worker_stop(w);
	net_log_set_fd(-1);
	net_account_free(a);

	char buf[1 << 16];
	ssize_t got = pread(fd, buf, sizeof buf - 1, 0);
	assert_true(got > 0);
	buf[got] = '\0';
	close(fd);
	unlink(path);
	assert_lacks(buf, EMU_KEY);
	/* JOBS blocks, each whole: a first line, then only indented lines */
	int blocks = 0;
	for (char *line = strtok(buf, "\n"); line; line = strtok(NULL, "\n")) {
		if (line[0] == ' ')
			continue;
		assert_non_null(strstr(line, "[emu] GET http://127.0.0.1:"));
		assert_non_null(strstr(line, "-> 200 in "));
		blocks++;
	}
	assert_int_equal(blocks, JOBS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_authorization_header),
		cmocka_unit_test(test_edgio_token_form),
		cmocka_unit_test(test_yandex_tokens),
		cmocka_unit_test(test_s3_keys_nested_and_pretty),
		cmocka_unit_test(test_unparseable_json),
		cmocka_unit_test(test_inline_secret_by_value),
		cmocka_unit_test(test_body_cap),
		cmocka_unit_test(test_build_and_format),
		cmocka_unit_test(test_every_field_by_value),
		cmocka_unit_test(test_shell_quote),
		cmocka_unit_test(test_curl_gcore),
		cmocka_unit_test(test_curl_secret_bodies),
		cmocka_unit_test(test_curl_redacts_decoded_escapes),
		cmocka_unit_test(test_curl_gcore_s3_keys),
		cmocka_unit_test(test_worker_exchanges_and_log),
	};
	int rc = cmocka_run_group_tests(tests, NULL, emu_stop);
	net_log_shutdown();
	return rc;
}
