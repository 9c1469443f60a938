/* One HTTP request against the real emulator: what each failure says
 * (authentication, oversized, malformed and truncated bodies, reset,
 * refused, timeout, API error bodies), which requests are retried, and that
 * the requests-log record never carries the key. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <cmocka.h>

#include "emu_unit.h"
#include "net/http.h"
#include "net/worker.h"
#include "net/sync.h"

static int start_emu(void **state)
{
	(void)state;
	return emu_start_generated("test-http", 3);
}

/* How many requests with this method the emulator logged. */
static int count_logged(const char *method)
{
	cJSON *log = emu_log();
	int n = count_log(log, method, NULL);
	cJSON_Delete(log);
	return n;
}

static int reset_emu(void **state)
{
	(void)state;
	unsetenv("ORIGO_MAX_RESPONSE_BYTES");
	return emu_reset(NULL);
}

/* Lists the groups expecting failure; returns the error. */
static og_error list_fails(net_account *a)
{
	og_group_list l = { 0 };
	og_error err = { 0 };
	assert_int_equal(net_list_groups(a, &l, &err), -1);
	assert_int_equal(l.n, 0);
	assert_null(strstr(err.msg, EMU_KEY));
	return err;
}

static void test_auth_failed(void **state)
{
	(void)state;
	net_account *a = emu_open_gcore("1234_wrongkey", emu_port, 10);
	og_error err = list_fails(a);
	assert_int_equal(err.kind, OG_ERR_AUTH);
	assert_int_equal(err.http_status, 401);
	assert_string_equal(err.msg, "authentication failed for account \"emu\" "
	                             "(HTTP 401: Token is invalid or expired)");
	assert_null(strstr(err.msg, "wrongkey"));
	assert_int_equal(count_logged("GET"), 1);   /* a 401 is not retried */
	net_account_free(a);
}

static void test_oversize(void **state)
{
	(void)state;
	setenv("ORIGO_MAX_RESPONSE_BYTES", "100000", 1);
	emu_add_fault("{\"method\":\"GET\",\"action\":\"oversize\",\"bytes\":300000}");
	net_account *a = emu_open_gcore(EMU_KEY, emu_port, 10);
	og_error err = list_fails(a);
	assert_int_equal(err.kind, OG_ERR_PARSE);
	assert_string_equal(err.msg, "response from 127.0.0.1 is larger than 100000 bytes");
	net_account_free(a);
}

static void test_malformed(void **state)
{
	(void)state;
	emu_add_fault("{\"method\":\"GET\",\"action\":\"malformed\"}");
	net_account *a = emu_open_gcore(EMU_KEY, emu_port, 10);
	og_error err = list_fails(a);
	assert_int_equal(err.kind, OG_ERR_PARSE);
	assert_string_equal(err.msg, "malformed response from 127.0.0.1 (not JSON)");
	net_account_free(a);
}

static void test_truncated(void **state)
{
	(void)state;
	emu_add_fault("{\"method\":\"GET\",\"action\":\"truncate\"}");
	net_account *a = emu_open_gcore(EMU_KEY, emu_port, 10);
	og_error err = list_fails(a);
	assert_int_equal(err.kind, OG_ERR_PARSE);
	assert_string_equal(err.msg, "truncated response from 127.0.0.1");
	net_account_free(a);
}

static void test_reset_get_retried(void **state)
{
	(void)state;
	emu_add_fault("{\"method\":\"GET\",\"action\":\"reset\",\"times\":1}");
	net_account *a = emu_open_gcore(EMU_KEY, emu_port, 10);
	og_group_list l = { 0 };
	og_error err = { 0 };
	if (net_list_groups(a, &l, &err) != 0)
		fail_msg("%s", err.msg);
	assert_int_equal(l.n, 3);
	og_group_list_free(&l);
	assert_int_equal(count_logged("GET"), 2);
	net_account_free(a);
}

static void test_5xx_get_retried_with_backoff(void **state)
{
	(void)state;
	emu_add_fault("{\"method\":\"GET\",\"action\":\"status\",\"status\":502,\"times\":2,"
	          "\"body\":\"{\\\"message\\\":\\\"bad gateway\\\"}\"}");
	net_account *a = emu_open_gcore(EMU_KEY, emu_port, 10);
	og_group_list l = { 0 };
	og_error err = { 0 };
	double t0 = emu_now();
	if (net_list_groups(a, &l, &err) != 0)
		fail_msg("%s", err.msg);
	double took = emu_now() - t0;
	assert_int_equal(l.n, 3);
	og_group_list_free(&l);
	assert_int_equal(count_logged("GET"), 3);
	assert_true(took >= 1.4);   /* 0.5 s + 1 s */
	assert_true(took < 5);
	net_account_free(a);
}

static void test_5xx_gives_up_after_three_retries(void **state)
{
	(void)state;
	emu_add_fault("{\"method\":\"GET\",\"action\":\"status\",\"status\":503,"
	          "\"body\":\"{\\\"errors\\\":{\\\"sources\\\":{\\\"a.com\\\":{\\\"enabled\\\":[\\\"Nope.\\\"]}}}}\"}");
	net_account *a = emu_open_gcore(EMU_KEY, emu_port, 10);
	og_error err = list_fails(a);
	assert_int_equal(err.kind, OG_ERR_API);
	assert_int_equal(err.http_status, 503);
	assert_non_null(strstr(err.msg, "sources: a.com: enabled: Nope."));
	assert_int_equal(count_logged("GET"), 4);
	net_account_free(a);
}

static void test_refused(void **state)
{
	(void)state;
	/* a port nobody listens on: bind one, then close it */
	int s = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	assert_int_equal(bind(s, (struct sockaddr *)&sa, sizeof sa), 0);
	socklen_t sl = sizeof sa;
	assert_int_equal(getsockname(s, (struct sockaddr *)&sa, &sl), 0);
	int port = ntohs(sa.sin_port);
	close(s);
	net_account *a = emu_open_gcore(EMU_KEY, port, 10);
	og_error err = list_fails(a);
	char want[128];
	snprintf(want, sizeof want, "cannot connect to 127.0.0.1:%d (connection refused)", port);
	assert_int_equal(err.kind, OG_ERR_NET);
	assert_string_equal(err.msg, want);
	net_account_free(a);
}

static void test_timeout(void **state)
{
	(void)state;
	emu_ctl("POST", "/_emu/settings", "{\"latency_ms\":4000}", NULL);
	net_account *a = emu_open_gcore(EMU_KEY, emu_port, 1);
	double t0 = emu_now();
	og_error err = list_fails(a);
	assert_true(emu_now() - t0 < 3);   /* a timeout is not retried */
	assert_int_equal(err.kind, OG_ERR_NET);
	assert_string_equal(err.msg, "timed out after 1 s talking to 127.0.0.1");
	net_account_free(a);
}

static void test_write_reset_is_unknown(void **state)
{
	(void)state;
	assert_int_equal(emu_ctl("PUT", "/_emu/gcore/groups/900",
	    "{\"id\":900,\"name\":\"w\",\"use_next\":false,\"sources\":["
	    "{\"source\":\"a.example.com\",\"enabled\":true,\"backup\":false},"
	    "{\"source\":\"b.example.com\",\"enabled\":true,\"backup\":false}]}", NULL) / 100, 2);
	net_account *a = emu_open_gcore(EMU_KEY, emu_port, 10);
	og_group *g = NULL;
	og_error err = { 0 };
	if (net_get_group(a, "900", &g, &err) != 0)
		fail_msg("%s", err.msg);
	emu_add_fault("{\"method\":\"PATCH\",\"action\":\"reset\"}");
	emu_ctl("DELETE", "/_emu/log", NULL, NULL);

	worker *w = worker_start(1, &err);
	assert_non_null(w);
	assert_int_equal(worker_submit(w, emu_change_job(a, 1, g, g->sources[1].key,
	                                                 OG_FIELD_ENABLED, OG_NO)), 0);
	job_result *res = wait_result(w, 15);
	assert_int_equal(res->status, -1);
	assert_int_equal(res->err.kind, OG_ERR_NET);
	assert_non_null(strstr(res->err.msg, "may or may not have been applied"));
	assert_true(res->err.maybe_applied);
	/* the group read again after the write: the server did not apply it */
	assert_non_null(res->group);
	long k = og_group_find_source(res->group, g->sources[1].key);
	assert_true(k >= 0);
	assert_int_equal(og_source_flag_get(&res->group->sources[k], OG_FIELD_ENABLED), OG_YES);
	job_result_free(res);
	/* the group takes no write until the grace period is over */
	assert_int_equal(worker_submit(w, emu_change_job(a, 2, g, g->sources[0].key,
	                                                 OG_FIELD_ENABLED, OG_NO)), 0);
	res = wait_result(w, 15);
	assert_int_equal(res->status, -1);
	assert_int_equal(res->err.kind, OG_ERR_REFUSED);
	assert_non_null(strstr(res->err.msg, "waiting to settle an unknown write, retry in"));
	job_result_free(res);
	worker_stop(w);
	assert_int_equal(count_logged("PATCH"), 1);
	og_group_free(g);
	net_account_free(a);
}

static void test_not_found_and_by_name(void **state)
{
	(void)state;
	net_account *a = emu_open_gcore(EMU_KEY, emu_port, 10);
	og_group *g = NULL;
	og_error err = { 0 };
	assert_int_equal(net_get_group(a, "999999", &g, &err), -1);
	assert_int_equal(err.kind, OG_ERR_NOTFOUND);
	assert_string_equal(err.msg, "no group \"999999\" in account \"emu\"");
	assert_int_equal(net_get_group(a, "no such group", &g, &err), -1);
	assert_int_equal(err.kind, OG_ERR_NOTFOUND);

	og_group_list l = { 0 };
	assert_int_equal(net_list_groups(a, &l, &err), 0);
	assert_true(l.n > 1);
	assert_int_equal(net_get_group(a, l.items[1]->name, &g, &err), 0);
	assert_string_equal(g->id, l.items[1]->id);
	og_group_free(g);
	assert_int_equal(net_get_group(a, l.items[0]->id, &g, &err), 0);
	assert_string_equal(g->name, l.items[0]->name);
	og_group_free(g);
	og_group_list_free(&l);
	net_account_free(a);
}

typedef struct seen_log {
	int n;
	long status;
	bool redacted, leaked;
	char method[8];
} seen_log;

static void on_record(const http_record *rec, void *user)
{
	seen_log *s = user;
	s->n++;
	s->status = rec->status;
	snprintf(s->method, sizeof s->method, "%s", rec->method);
	for (size_t i = 0; i < rec->n_headers; i++) {
		if (!strcmp(rec->headers[i], "Authorization: ***"))
			s->redacted = true;
		if (strstr(rec->headers[i], EMU_KEY))
			s->leaked = true;
	}
}

static void test_record_redacts_the_key(void **state)
{
	(void)state;
	http_client c;
	http_client_init(&c, NULL);
	seen_log seen = { 0 };
	c.log = on_record;
	c.log_user = &seen;
	char url[128];
	snprintf(url, sizeof url, "http://127.0.0.1:%d/cdn/origin_groups", emu_port);
	http_request req = { .method = "GET", .url = url,
	                     .auth_header = "Authorization: APIKey " EMU_KEY,
	                     .timeout_seconds = 5, .account_name = "emu" };
	http_response resp;
	og_error err = { 0 };
	assert_int_equal(http_perform(&c, &req, &resp, &err), 0);
	assert_int_equal(resp.status, 200);
	assert_true(resp.len > 2);
	assert_int_equal(resp.body[0], '[');     /* no limit: the bare array */
	http_response_clear(&resp);
	/* the same handle again: the connection is reused */
	assert_int_equal(http_perform(&c, &req, &resp, &err), 0);
	long conns = -1;
	curl_easy_getinfo(c.curl, CURLINFO_NUM_CONNECTS, &conns);
	assert_int_equal(conns, 0);
	http_response_clear(&resp);
	http_client_cleanup(&c);
	assert_int_equal(seen.n, 2);
	assert_int_equal(seen.status, 200);
	assert_string_equal(seen.method, "GET");
	assert_true(seen.redacted);
	assert_false(seen.leaked);
}

int main(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_auth_failed, reset_emu),
		cmocka_unit_test_setup(test_oversize, reset_emu),
		cmocka_unit_test_setup(test_malformed, reset_emu),
		cmocka_unit_test_setup(test_truncated, reset_emu),
		cmocka_unit_test_setup(test_reset_get_retried, reset_emu),
		cmocka_unit_test_setup(test_5xx_get_retried_with_backoff, reset_emu),
		cmocka_unit_test_setup(test_5xx_gives_up_after_three_retries, reset_emu),
		cmocka_unit_test_setup(test_refused, reset_emu),
		cmocka_unit_test_setup(test_timeout, reset_emu),
		cmocka_unit_test_setup(test_write_reset_is_unknown, reset_emu),
		cmocka_unit_test_setup(test_not_found_and_by_name, reset_emu),
		cmocka_unit_test_setup(test_record_redacts_the_key, reset_emu),
	};
	int failed = cmocka_run_group_tests_name("http+emulator", tests, start_emu, emu_stop);
	curl_global_cleanup();
	return failed ? 1 : 0;
}
