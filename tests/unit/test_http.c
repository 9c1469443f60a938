/* One HTTP request against the real emulator: what each failure says
 * (authentication, oversized, malformed and truncated bodies, reset,
 * refused, timeout, API error bodies), which requests are retried, and that
 * the requests-log record never carries the key. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>
#include <curl/curl.h>
#include <cjson/cJSON.h>

#include "net/http.h"
#include "net/worker.h"

#define EMU_KEY "4242_emulatorkey"

static pid_t emu_pid = -1;
static int emu_port;
static char emu_dir[64];

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int emu_start(void **state)
{
	(void)state;
	char binbuf[1024];
	const char *bin = getenv("ORIGO_EMU_BIN");
	if (!bin || !*bin || access(bin, X_OK) != 0) {
		const char *root = getenv("ORIGO_SRCDIR");
		snprintf(binbuf, sizeof binbuf, "%s/build/normal/origo-emu", root && *root ? root : ".");
		bin = binbuf;
	}
	if (access(bin, X_OK) != 0) {
		fprintf(stderr, "test_http: no emulator at %s (set ORIGO_EMU_BIN)\n", bin);
		return -1;
	}
	snprintf(emu_dir, sizeof emu_dir, "/tmp/origo-test-http-XXXXXX");
	if (!mkdtemp(emu_dir))
		return -1;
	char port_file[128];
	snprintf(port_file, sizeof port_file, "%s/port", emu_dir);
	emu_pid = fork();
	if (emu_pid < 0)
		return -1;
	if (emu_pid == 0) {
		int devnull = open("/dev/null", O_WRONLY);
		if (devnull >= 0) {
			dup2(devnull, 1);
			close(devnull);
		}
		execl(bin, bin, "--port", "0", "--port-file", port_file, "--generate", "3",
		      "--quiet", (char *)NULL);
		_exit(127);
	}
	for (double t0 = now(); now() - t0 < 10;) {
		FILE *f = fopen(port_file, "r");
		if (f) {
			int p = 0;
			int got = fscanf(f, "%d", &p);
			fclose(f);
			if (got == 1 && p > 0) {
				emu_port = p;
				return 0;
			}
		}
		if (waitpid(emu_pid, NULL, WNOHANG) == emu_pid) {
			emu_pid = -1;
			return -1;
		}
		usleep(20000);
	}
	return -1;
}

static int emu_stop(void **state)
{
	(void)state;
	if (emu_pid > 0) {
		kill(emu_pid, SIGTERM);
		waitpid(emu_pid, NULL, 0);
	}
	char p[128];
	snprintf(p, sizeof p, "%s/port", emu_dir);
	unlink(p);
	rmdir(emu_dir);
	return 0;
}

static size_t sink(char *ptr, size_t size, size_t nmemb, void *user)
{
	(void)ptr;
	(void)user;
	return size * nmemb;
}

static long emu_ctl(const char *method, const char *path, const char *body)
{
	CURL *h = curl_easy_init();
	assert_non_null(h);
	char url[512];
	snprintf(url, sizeof url, "http://127.0.0.1:%d%s", emu_port, path);
	struct curl_slist *hd = curl_slist_append(NULL, "Content-Type: application/json");
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hd);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, sink);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, 10L);
	if (body)
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
	long status = 0;
	if (curl_easy_perform(h) == CURLE_OK)
		curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
	curl_slist_free_all(hd);
	curl_easy_cleanup(h);
	return status;
}

/* How many requests with this method the emulator logged. */
static int count_logged(const char *method)
{
	CURL *h = curl_easy_init();
	char url[128];
	snprintf(url, sizeof url, "http://127.0.0.1:%d/_emu/log", emu_port);
	char *data = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&data, &len);
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, mem);
	assert_int_equal(curl_easy_perform(h), CURLE_OK);
	curl_easy_cleanup(h);
	fclose(mem);
	cJSON *log = cJSON_Parse(data);
	free(data);
	assert_true(cJSON_IsArray(log));
	int n = 0;
	const cJSON *e;
	cJSON_ArrayForEach(e, log)
		if (!strcmp(cJSON_GetObjectItem(e, "method")->valuestring, method))
			n++;
	cJSON_Delete(log);
	return n;
}

static int reset_emu(void **state)
{
	(void)state;
	emu_ctl("DELETE", "/_emu/faults", NULL);
	emu_ctl("POST", "/_emu/settings", "{\"latency_ms\":0}");
	emu_ctl("DELETE", "/_emu/log", NULL);
	unsetenv("ORIGO_MAX_RESPONSE_BYTES");
	return 0;
}

static void add_fault(const char *json)
{
	long st = emu_ctl("POST", "/_emu/faults", json);
	if (st / 100 != 2)
		fail_msg("fault %s refused: HTTP %ld", json, st);
}

static net_account *open_account(const char *key, int port, int timeout)
{
	char url[64];
	snprintf(url, sizeof url, "http://127.0.0.1:%d", port);
	og_account acct = { .name = "emu", .provider = "gcore", .api_url = url,
	                    .api_key = (char *)key, .read_only = -1 };
	net_options opt = { .timeout_seconds = timeout };
	og_error err = { 0 };
	net_account *a = net_account_open(&acct, &opt, &err);
	if (!a)
		fail_msg("%s", err.msg);
	return a;
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
	net_account *a = open_account("1234_wrongkey", emu_port, 10);
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
	add_fault("{\"method\":\"GET\",\"action\":\"oversize\",\"bytes\":300000}");
	net_account *a = open_account(EMU_KEY, emu_port, 10);
	og_error err = list_fails(a);
	assert_int_equal(err.kind, OG_ERR_PARSE);
	assert_string_equal(err.msg, "response from 127.0.0.1 is larger than 100000 bytes");
	net_account_free(a);
}

static void test_malformed(void **state)
{
	(void)state;
	add_fault("{\"method\":\"GET\",\"action\":\"malformed\"}");
	net_account *a = open_account(EMU_KEY, emu_port, 10);
	og_error err = list_fails(a);
	assert_int_equal(err.kind, OG_ERR_PARSE);
	assert_string_equal(err.msg, "malformed response from 127.0.0.1 (not JSON)");
	net_account_free(a);
}

static void test_truncated(void **state)
{
	(void)state;
	add_fault("{\"method\":\"GET\",\"action\":\"truncate\"}");
	net_account *a = open_account(EMU_KEY, emu_port, 10);
	og_error err = list_fails(a);
	assert_int_equal(err.kind, OG_ERR_PARSE);
	assert_string_equal(err.msg, "truncated response from 127.0.0.1");
	net_account_free(a);
}

static void test_reset_get_retried(void **state)
{
	(void)state;
	add_fault("{\"method\":\"GET\",\"action\":\"reset\",\"times\":1}");
	net_account *a = open_account(EMU_KEY, emu_port, 10);
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
	add_fault("{\"method\":\"GET\",\"action\":\"status\",\"status\":502,\"times\":2,"
	          "\"body\":\"{\\\"message\\\":\\\"bad gateway\\\"}\"}");
	net_account *a = open_account(EMU_KEY, emu_port, 10);
	og_group_list l = { 0 };
	og_error err = { 0 };
	double t0 = now();
	if (net_list_groups(a, &l, &err) != 0)
		fail_msg("%s", err.msg);
	double took = now() - t0;
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
	add_fault("{\"method\":\"GET\",\"action\":\"status\",\"status\":503,"
	          "\"body\":\"{\\\"errors\\\":{\\\"sources\\\":{\\\"a.com\\\":{\\\"enabled\\\":[\\\"Nope.\\\"]}}}}\"}");
	net_account *a = open_account(EMU_KEY, emu_port, 10);
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
	net_account *a = open_account(EMU_KEY, port, 10);
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
	emu_ctl("POST", "/_emu/settings", "{\"latency_ms\":4000}");
	net_account *a = open_account(EMU_KEY, emu_port, 1);
	double t0 = now();
	og_error err = list_fails(a);
	assert_true(now() - t0 < 3);   /* a timeout is not retried */
	assert_int_equal(err.kind, OG_ERR_NET);
	assert_string_equal(err.msg, "timeout after 1 s talking to 127.0.0.1");
	net_account_free(a);
}

static void test_write_reset_is_unknown(void **state)
{
	(void)state;
	assert_int_equal(emu_ctl("PUT", "/_emu/gcore/groups/900",
	    "{\"id\":900,\"name\":\"w\",\"use_next\":false,\"sources\":["
	    "{\"source\":\"a.example.com\",\"enabled\":true,\"backup\":false},"
	    "{\"source\":\"b.example.com\",\"enabled\":true,\"backup\":false}]}") / 100, 2);
	net_account *a = open_account(EMU_KEY, emu_port, 10);
	og_group *g = NULL;
	og_error err = { 0 };
	if (net_get_group(a, "900", &g, &err) != 0)
		fail_msg("%s", err.msg);
	add_fault("{\"method\":\"PATCH\",\"action\":\"reset\"}");
	emu_ctl("DELETE", "/_emu/log", NULL);

	worker *w = worker_start(1, &err);
	assert_non_null(w);
	job_request *r = job_request_new(JOB_CHANGE, a, 1, g->id);
	og_source *s = &g->sources[1];
	og_change c = { .group_id = g->id, .source_key = s->key, .field = OG_FIELD_ENABLED,
	                .from = OG_YES, .to = OG_NO };
	assert_int_equal(og_change_copy(&r->change, &c), 0);
	assert_int_equal(og_source_copy(&r->seen, s), 0);
	assert_int_equal(worker_submit(w, r), 0);
	job_result *res = NULL;
	for (double t0 = now(); !res && now() - t0 < 15;) {
		struct pollfd p = { .fd = worker_wake_fd(w), .events = POLLIN };
		poll(&p, 1, 200);
		worker_drain_wake(w);
		res = worker_take_result(w);
	}
	assert_non_null(res);
	assert_int_equal(res->status, -1);
	assert_int_equal(res->err.kind, OG_ERR_NET);
	assert_non_null(strstr(res->err.msg, "may or may not have been applied"));
	assert_null(res->group);      /* the state is unknown: nothing to show */
	job_result_free(res);
	worker_stop(w);
	assert_int_equal(count_logged("PATCH"), 1);
	og_group_free(g);
	net_account_free(a);
}

static void test_not_found_and_by_name(void **state)
{
	(void)state;
	net_account *a = open_account(EMU_KEY, emu_port, 10);
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
	int failed = cmocka_run_group_tests_name("http+emulator", tests, emu_start, emu_stop);
	curl_global_cleanup();
	return failed ? 1 : 0;
}
