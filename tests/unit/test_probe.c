/* The pure parts of origin probes: where a probe goes (URL, SNI, Host,
 * connect target) per source kind, the PROBE column's text, the UI's book. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/og.h"
#include "model/probe.h"
#include "net/jobq.h"
#include "net/provider.h"
#include "net/worker.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

static og_source host_src(const char *host, int port, const char *hh)
{
	og_source s;
	memset(&s, 0, sizeof s);
	s.kind = OG_KIND_HOST;
	s.key = strdup(host);
	s.host = strdup(host);
	s.port = port;
	s.host_header = hh ? strdup(hh) : NULL;
	s.order = s.order_alt = -1;
	return s;
}

static void test_plan_host_default_https(void **state)
{
	(void)state;
	og_source s = host_src("origin.example.com", 0, NULL);
	og_probe_plan p;
	char why[200];
	assert_int_equal(og_probe_plan_for(&s, &p, why, sizeof why), 0);
	assert_string_equal(p.url, "https://origin.example.com/");
	assert_string_equal(p.sni, "origin.example.com");
	assert_string_equal(p.host_header, "origin.example.com");
	assert_string_equal(p.connect_host, "origin.example.com");
	assert_int_equal(p.connect_port, 443);
	assert_true(p.tls);
	assert_false(p.http_fallback);
	og_source_clear(&s);
}

static void test_plan_host_header_is_sni_and_host(void **state)
{
	(void)state;
	og_source s = host_src("10.0.0.5", 8443, "www.example.com");
	og_probe_plan p;
	char why[200];
	assert_int_equal(og_probe_plan_for(&s, &p, why, sizeof why), 0);
	assert_string_equal(p.url, "https://www.example.com/");
	assert_string_equal(p.sni, "www.example.com");
	assert_string_equal(p.host_header, "www.example.com");
	assert_string_equal(p.connect_host, "10.0.0.5");
	assert_int_equal(p.connect_port, 8443);
	assert_true(p.http_fallback);   /* a guessed scheme on a custom port */
	og_source_clear(&s);
}

static void test_plan_port_80_is_http(void **state)
{
	(void)state;
	og_source s = host_src("plain.example.com", 80, NULL);
	og_probe_plan p;
	char why[200];
	assert_int_equal(og_probe_plan_for(&s, &p, why, sizeof why), 0);
	assert_string_equal(p.url, "http://plain.example.com/");
	assert_string_equal(p.sni, "");
	assert_false(p.tls);
	og_source_clear(&s);
	s = host_src("h.example.com", 8080, NULL);
	s.protocol = strdup("http");
	assert_int_equal(og_probe_plan_for(&s, &p, why, sizeof why), 0);
	assert_string_equal(p.url, "http://h.example.com/");
	assert_int_equal(p.connect_port, 8080);
	og_source_clear(&s);
}

static void test_plan_ipv6_literal(void **state)
{
	(void)state;
	og_source s = host_src("2001:db8::1", 0, NULL);
	og_probe_plan p;
	char why[200];
	assert_int_equal(og_probe_plan_for(&s, &p, why, sizeof why), 0);
	assert_string_equal(p.url, "https://[2001:db8::1]/");
	assert_string_equal(p.connect_host, "2001:db8::1");
	og_source_clear(&s);
}

static og_source s3_src(const char *config_json, const char *hh)
{
	og_source s;
	memset(&s, 0, sizeof s);
	s.kind = OG_KIND_S3;
	s.key = strdup("bucket-key");
	s.host = strdup("shown-bucket");
	s.host_header = hh ? strdup(hh) : NULL;
	cJSON *raw = cJSON_CreateObject();
	cJSON_AddItemToObject(raw, "config", cJSON_Parse(config_json));
	og_source_set_raw(&s, raw);
	return s;
}

static void test_plan_s3_amazon_and_other(void **state)
{
	(void)state;
	og_probe_plan p;
	char why[200];
	og_source s = s3_src("{\"s3_type\":\"amazon\",\"s3_bucket_name\":\"media-bucket\","
	                     "\"s3_region\":\"eu-west-1\",\"s3_access_key_id\":\"AKIASECRETKEY\","
	                     "\"s3_secret_access_key\":\"very/secret\"}", "cdn.example.org");
	assert_int_equal(og_probe_plan_for(&s, &p, why, sizeof why), 0);
	assert_string_equal(p.url, "https://media-bucket.s3.eu-west-1.amazonaws.com/");
	assert_string_equal(p.sni, "media-bucket.s3.eu-west-1.amazonaws.com");
	assert_string_equal(p.host_header, "media-bucket.s3.eu-west-1.amazonaws.com");
	assert_int_equal(p.connect_port, 443);
	assert_null(strstr(p.url, "AKIA"));
	assert_null(strstr(p.url, "secret"));
	og_source_clear(&s);

	s = s3_src("{\"s3_type\":\"other\",\"s3_bucket_name\":\"my bucket\","
	           "\"s3_storage_hostname\":\"luxembourg-2.storage.gcore.dev\",\"s3_region\":\"s-ed1\"}", NULL);
	assert_int_equal(og_probe_plan_for(&s, &p, why, sizeof why), 0);
	assert_string_equal(p.url, "https://luxembourg-2.storage.gcore.dev/my%20bucket/");
	assert_string_equal(p.connect_host, "luxembourg-2.storage.gcore.dev");
	assert_string_equal(p.sni, "luxembourg-2.storage.gcore.dev");
	og_source_clear(&s);
}

static void test_plan_refuses_what_cannot_be_probed(void **state)
{
	(void)state;
	og_probe_plan p;
	char why[200] = "";
	og_source s;
	memset(&s, 0, sizeof s);
	s.kind = OG_KIND_FASTEDGE;
	assert_int_equal(og_probe_plan_for(&s, &p, why, sizeof why), -1);
	assert_non_null(strstr(why, "FastEdge"));
	og_source h = host_src("bad host/with?junk", 0, NULL);
	assert_int_equal(og_probe_plan_for(&h, &p, why, sizeof why), -1);
	og_source_clear(&h);
	h = host_src("ok.example.com", 0, "evil@host");
	assert_int_equal(og_probe_plan_for(&h, &p, why, sizeof why), -1);
	assert_non_null(strstr(why, "host header"));
	og_source_clear(&h);
}

/* Edgio keeps the scheme in an entry's host: it is the protocol, not part
 * of the name. */
static void test_plan_host_with_scheme(void **state)
{
	(void)state;
	og_probe_plan p;
	char why[200] = "";
	og_source s = host_src("http://web1.example.com", 8080, NULL);
	assert_int_equal(og_probe_plan_for(&s, &p, why, sizeof why), 0);
	assert_false(p.tls);
	assert_string_equal(p.connect_host, "web1.example.com");
	assert_int_equal(p.connect_port, 8080);
	assert_string_equal(p.url, "http://web1.example.com/");
	og_source_clear(&s);
	s = host_src("https://secure.example.com", 8443, NULL);
	assert_int_equal(og_probe_plan_for(&s, &p, why, sizeof why), 0);
	assert_true(p.tls);
	assert_false(p.http_fallback);   /* the scheme says https: no guess */
	assert_string_equal(p.sni, "secure.example.com");
	assert_string_equal(p.url, "https://secure.example.com/");
	og_source_clear(&s);
}

static void test_short_texts(void **state)
{
	(void)state;
	og_probe_result r;
	memset(&r, 0, sizeof r);
	char buf[64];
	r.running = true;
	og_probe_short(&r, buf, sizeof buf);
	assert_string_equal(buf, "probing...");
	r.running = false;
	r.ok = true;
	r.status = 200;
	r.total_ms = 33.6;
	og_probe_short(&r, buf, sizeof buf);
	assert_string_equal(buf, "200 34ms");
	r.ok = false;
	r.phase = OG_PROBE_CONNECT;
	r.failure = "refused";
	r.total_ms = 2.2;
	og_probe_short(&r, buf, sizeof buf);
	assert_string_equal(buf, "connect refused 2ms");
	r.phase = OG_PROBE_TLS;
	r.failure = "certificate expired";
	og_probe_short(&r, buf, sizeof buf);
	assert_string_equal(buf, "TLS certificate expired");
	r.phase = OG_PROBE_DNS;
	r.failure = "no such host";
	og_probe_short(&r, buf, sizeof buf);
	assert_string_equal(buf, "DNS no such host");
	r.timed_out = true;
	r.timeout_seconds = 5;
	og_probe_short(&r, buf, sizeof buf);
	assert_string_equal(buf, "timeout after 5s");
}

static void test_book_keeps_one_result_per_source(void **state)
{
	(void)state;
	og_probe_book b = { 0 };
	assert_int_equal(og_probe_book_start(&b, "42", "a.example", 5), 0);
	assert_int_equal(og_probe_book_start(&b, "42", "b.example", 5), 0);
	assert_int_equal(og_probe_book_start(&b, "43", "a.example", 5), 0);
	assert_int_equal(b.n, 3);
	const og_probe_result *r = og_probe_book_find(&b, "42", "a.example");
	assert_non_null(r);
	assert_true(r->running);
	og_probe_result done;
	memset(&done, 0, sizeof done);
	done.key = "a.example";
	done.ok = true;
	done.status = 204;
	done.status_line = "HTTP/1.1 204 No Content";
	assert_int_equal(og_probe_book_put(&b, "42", &done), 0);
	assert_int_equal(b.n, 3);
	r = og_probe_book_find(&b, "42", "a.example");
	assert_false(r->running);
	assert_int_equal(r->status, 204);
	assert_string_equal(r->status_line, "HTTP/1.1 204 No Content");
	assert_true(r->status_line != done.status_line);   /* a copy */
	assert_true(og_probe_book_find(&b, "43", "a.example")->running);
	assert_null(og_probe_book_find(&b, "44", "a.example"));
	og_probe_book_free(&b);
	assert_int_equal(b.n, 0);
}

/* A probe of a group neither waits behind its writes nor holds them back. */
static void test_jobq_probe_has_no_group_order(void **state)
{
	(void)state;
	net_account *acct = (net_account *)(uintptr_t)0x1000;   /* only compared */
	jobq q;
	jobq_init(&q);
	job_request *change = job_request_new(JOB_CHANGE, acct, 1, "7");
	job_request *probe = job_request_new(JOB_PROBE, acct, 2, "7");
	job_request *change2 = job_request_new(JOB_CHANGE, acct, 3, "7");
	assert_int_equal(jobq_push(&q, probe), 0);
	assert_int_equal(jobq_push(&q, change), 0);
	assert_int_equal(jobq_push(&q, change2), 0);
	assert_ptr_equal(jobq_take(&q), probe);
	assert_ptr_equal(jobq_take(&q), change);    /* not behind the running probe */
	assert_null(jobq_take(&q));                 /* writes keep their order */
	jobq_done(&q, change);
	assert_ptr_equal(jobq_take(&q), change2);
	jobq_done(&q, probe);
	jobq_done(&q, change2);
	job_request_free(probe);
	job_request_free(change);
	job_request_free(change2);
	jobq_clear(&q);
}

/* Through the worker: a closed loopback port is "connect refused"; the
 * result carries copies the UI adopts. */
static void test_worker_runs_a_probe(void **state)
{
	(void)state;
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof sa;
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof sa), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
	close(fd);   /* nothing listens there now */
	char host[64];
	snprintf(host, sizeof host, "127.0.0.1");
	og_source srcs[2];
	srcs[0] = host_src(host, ntohs(sa.sin_port), NULL);
	memset(&srcs[1], 0, sizeof srcs[1]);
	srcs[1].kind = OG_KIND_FASTEDGE;
	srcs[1].key = strdup("fe-1");

	net_account acct;
	memset(&acct, 0, sizeof acct);
	acct.timeout_seconds = 2;
	og_error err = { 0 };
	worker *w = worker_start(2, &err);
	assert_non_null(w);
	job_request *r = job_request_new(JOB_PROBE, &acct, 9, "7");
	assert_int_equal(job_request_set_probe(r, srcs, 2), 0);
	assert_int_equal(worker_submit(w, r), 0);
	job_result *res = NULL;
	for (int i = 0; i < 100 && !res; i++) {
		struct pollfd p = { worker_wake_fd(w), POLLIN, 0 };
		poll(&p, 1, 100);
		worker_drain_wake(w);
		res = worker_take_result(w);
	}
	assert_non_null(res);
	assert_int_equal(res->kind, JOB_PROBE);
	assert_int_equal(res->status, 0);
	assert_string_equal(res->group_id, "7");
	assert_int_equal(res->n_probes, 2);
	char buf[64];
	og_probe_short(&res->probes[0], buf, sizeof buf);
	assert_non_null(strstr(buf, "connect refused "));
	assert_string_equal(res->probes[0].key, "127.0.0.1");
	assert_string_equal(res->probes[0].used_address, "127.0.0.1");
	assert_int_equal(res->probes[1].phase, OG_PROBE_SETUP);
	assert_non_null(strstr(res->probes[1].failure, "FastEdge"));
	job_result_free(res);
	worker_stop(w);
	og_source_clear(&srcs[0]);
	og_source_clear(&srcs[1]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plan_host_default_https),
		cmocka_unit_test(test_plan_host_header_is_sni_and_host),
		cmocka_unit_test(test_plan_port_80_is_http),
		cmocka_unit_test(test_plan_ipv6_literal),
		cmocka_unit_test(test_plan_s3_amazon_and_other),
		cmocka_unit_test(test_plan_refuses_what_cannot_be_probed),
		cmocka_unit_test(test_plan_host_with_scheme),
		cmocka_unit_test(test_short_texts),
		cmocka_unit_test(test_book_keeps_one_result_per_source),
		cmocka_unit_test(test_jobq_probe_has_no_group_order),
		cmocka_unit_test(test_worker_runs_a_probe),
	};
	return cmocka_run_group_tests_name("test_probe", tests, NULL, NULL);
}
