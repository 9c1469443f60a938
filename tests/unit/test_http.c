/* One HTTP request against the real emulator: what each failure says
 * (authentication, oversized, malformed and truncated bodies, reset,
 * refused, timeout, API error bodies), which requests are retried, that
 * the requests-log record never carries the key, and that a body longer or
 * shorter than its Content-Length (the room first made for it) arrives as
 * it is. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sys/socket.h>
#include <unistd.h>
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

/* ---- a server announcing a Content-Length its body does not have -------
 * The body's room is taken from the announced length (net/http.c); what
 * arrives is what counts. A one-shot server on a loopback port answers one
 * request with the head and body given, then closes. */

typedef struct canned {
	int listen_fd;
	char head[512];
	const unsigned char *body;
	size_t body_len;
} canned;

static void *serve_once(void *arg)
{
	canned *cd = arg;
	int fd = accept(cd->listen_fd, NULL, NULL);
	if (fd < 0)
		return NULL;
	char req[4096];
	size_t got = 0;
	while (got < sizeof req - 1) {   /* the request's head, then the answer */
		ssize_t k = read(fd, req + got, sizeof req - 1 - got);
		if (k <= 0)
			break;
		got += (size_t)k;
		req[got] = '\0';
		if (strstr(req, "\r\n\r\n"))
			break;
	}
	if (write(fd, cd->head, strlen(cd->head)) < 0 ||
	    (cd->body_len && write(fd, cd->body, cd->body_len) < 0))
		perror("serve_once");
	close(fd);
	return NULL;
}

/* GETs from a one-shot server answering `head` (its Content-Length and
 * Content-Encoding lines) and `body`; http_perform's outcome. */
static int get_canned(const char *head_lines, const unsigned char *body, size_t len,
                      http_response *resp, og_error *err)
{
	canned cd = { .body = body, .body_len = len };
	snprintf(cd.head, sizeof cd.head, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
	         "Connection: close\r\n%s\r\n", head_lines);
	cd.listen_fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	assert_int_equal(bind(cd.listen_fd, (struct sockaddr *)&sa, sizeof sa), 0);
	socklen_t sl = sizeof sa;
	assert_int_equal(getsockname(cd.listen_fd, (struct sockaddr *)&sa, &sl), 0);
	assert_int_equal(listen(cd.listen_fd, 1), 0);
	pthread_t th;
	assert_int_equal(pthread_create(&th, NULL, serve_once, &cd), 0);
	char url[64];
	snprintf(url, sizeof url, "http://127.0.0.1:%d/x", ntohs(sa.sin_port));
	http_client c;
	http_client_init(&c, NULL);
	http_request req = { .method = "GET", .url = url, .timeout_seconds = 5, .account_name = "t" };
	int rc = http_perform(&c, &req, resp, err);
	http_client_cleanup(&c);
	pthread_join(th, NULL);
	close(cd.listen_fd);
	return rc;
}

/* Byte i of the bodies below. */
static char pattern(size_t i)
{
	return "0123456789abcdef"[i % 16];
}

/* 100,000 bytes of pattern() as a zlib stream of 235 bytes, made with
 * python3 -c 'import zlib; zlib.compress(bytes(b"0123456789abcdef"[i % 16]
 * for i in range(100000)), 9)' */
static const unsigned char deflated_100k[] = {
	0x78, 0xda, 0xed, 0xc7, 0xc9, 0x01, 0xc0, 0x10, 0x00, 0x00, 0xb0, 0x95,
	0x94, 0xba, 0xc6, 0x41, 0xd9, 0x7f, 0x84, 0xae, 0xe1, 0x91, 0xfc, 0x12,
	0x9e, 0x98, 0xde, 0x5c, 0x6a, 0xeb, 0x63, 0xae, 0x6f, 0x9f, 0xe0, 0xee,
	0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee,
	0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee,
	0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee,
	0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee,
	0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee,
	0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee,
	0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee,
	0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee,
	0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee,
	0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee,
	0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee,
	0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee,
	0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee,
	0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee,
	0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee,
	0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee,
	0xd7, 0xfc, 0x07, 0xbd, 0x9e, 0x06, 0xda,
};

/* Content-Length counts the bytes on the wire: a compressed body comes out
 * longer than announced and must arrive whole. */
static void test_body_longer_than_announced(void **state)
{
	(void)state;
	char head[128];
	snprintf(head, sizeof head, "Content-Encoding: deflate\r\nContent-Length: %zu\r\n",
	         sizeof deflated_100k);
	http_response resp;
	og_error err = { 0 };
	if (get_canned(head, deflated_100k, sizeof deflated_100k, &resp, &err) != 0)
		fail_msg("%s", err.msg);
	assert_int_equal(resp.len, 100000);
	for (size_t i = 0; i < resp.len; i++)
		if (resp.body[i] != pattern(i))
			fail_msg("byte %zu is %c, not %c", i, resp.body[i], pattern(i));
	assert_int_equal(resp.body[resp.len], '\0');
	http_response_clear(&resp);
}

/* Adler-32 of b (RFC 1950), for the stream below. */
static unsigned long adler32_of(const unsigned char *b, size_t n)
{
	unsigned long s1 = 1, s2 = 0;
	for (size_t i = 0; i < n; i++) {
		s1 = (s1 + b[i]) % 65521;
		s2 = (s2 + s1) % 65521;
	}
	return s2 << 16 | s1;
}

/* A body shorter than announced: whole when it is a compressed body that
 * decodes to fewer bytes (one stored block: 11 bytes of framing), a
 * truncated response when the bytes on the wire fall short. */
static void test_body_shorter_than_announced(void **state)
{
	(void)state;
	unsigned char z[11 + 300];
	size_t n = 300, k = 0;
	z[k++] = 0x78;   /* zlib, no dictionary, header check */
	z[k++] = 0x01;
	z[k++] = 0x01;   /* the last block, stored */
	z[k++] = (unsigned char)(n & 0xff);
	z[k++] = (unsigned char)(n >> 8);
	z[k++] = (unsigned char)(~n & 0xff);
	z[k++] = (unsigned char)((~n >> 8) & 0xff);
	for (size_t i = 0; i < n; i++)
		z[k++] = (unsigned char)pattern(i);
	unsigned long a = adler32_of(z + 7, n);
	for (int sh = 24; sh >= 0; sh -= 8)
		z[k++] = (unsigned char)(a >> sh);
	char head[128];
	snprintf(head, sizeof head, "Content-Encoding: deflate\r\nContent-Length: %zu\r\n", k);
	http_response resp;
	og_error err = { 0 };
	if (get_canned(head, z, k, &resp, &err) != 0)
		fail_msg("%s", err.msg);
	assert_int_equal(resp.len, n);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(resp.body[i], pattern(i));
	assert_int_equal(resp.body[n], '\0');
	http_response_clear(&resp);

	/* 5,000 bytes announced, 300 sent, the connection closed */
	assert_int_equal(get_canned("Content-Length: 5000\r\n", z + 7, n, &resp, &err), -1);
	assert_int_equal(err.kind, OG_ERR_PARSE);
	assert_string_equal(err.msg, "truncated response from 127.0.0.1");
	assert_null(resp.body);
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
		cmocka_unit_test(test_body_longer_than_announced),
		cmocka_unit_test(test_body_shorter_than_announced),
	};
	int failed = cmocka_run_group_tests_name("http+emulator", tests, start_emu, emu_stop);
	curl_global_cleanup();
	return failed ? 1 : 0;
}
