/* Origin probes over libcurl (see probe.h). Each source gets its own easy
 * handle on a private multi handle: fresh DNS and connections (a probe must
 * measure, not reuse), no proxy, HEAD with the verification of a real client.
 * The URL carries the name the CDN would use (SNI and Host); CONNECT_TO points
 * the transfer at the origin's real host:port. */
#include "net/probe.h"
#include "model/og_clock.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

typedef struct probe_item {
	CURL *easy;
	og_probe_plan plan;
	struct curl_slist *connect_to;
	char status_line[256];
	char errbuf[CURL_ERROR_SIZE];
	bool done;
	CURLcode rc;
	/* A failed verification ends OpenSSL's handshake before curl reads the
	 * certificate, so curl reports none (checked with curl 7.88/OpenSSL 3).
	 * A second, connect-only look with verification off fetches it; it sends
	 * no request and its outcome changes nothing but the cert fields. */
	CURL *cert_easy;
	bool cert_done;
} probe_item;

/* Keeps the last status line ("HTTP/1.1 200 OK"): after a 100 Continue the
 * final one wins. */
static size_t on_header(char *data, size_t size, size_t nitems, void *user)
{
	probe_item *it = user;
	size_t len = size * nitems;
	if (len >= 5 && memcmp(data, "HTTP/", 5) == 0) {
		size_t n = len;
		while (n > 0 && (data[n - 1] == '\r' || data[n - 1] == '\n'))
			n--;
		if (n >= sizeof it->status_line)
			n = sizeof it->status_line - 1;
		memcpy(it->status_line, data, n);
		it->status_line[n] = '\0';
	}
	return len;
}

static bool numeric_host(const char *h)
{
	unsigned char buf[sizeof(struct in6_addr)];
	return inet_pton(AF_INET, h, buf) == 1 || inet_pton(AF_INET6, h, buf) == 1;
}

static char *dup_or_null(const char *s)
{
	return s && s[0] ? strdup(s) : NULL;
}

/* The addresses the host resolves to, ", "-separated; caller frees. Only
 * called once curl's own lookup succeeded, so the answer is fresh. */
static char *resolve_all(const char *host)
{
	struct addrinfo hints = { 0 }, *res = NULL;
	hints.ai_socktype = SOCK_STREAM;
	if (numeric_host(host))
		hints.ai_flags = AI_NUMERICHOST;
	if (getaddrinfo(host, NULL, &hints, &res) != 0)
		return NULL;
	char out[1024] = "";
	size_t used = 0;
	for (struct addrinfo *ai = res; ai && used + 50 < sizeof out; ai = ai->ai_next) {
		char a[INET6_ADDRSTRLEN] = "";
		const void *src = ai->ai_family == AF_INET
		                  ? (const void *)&((struct sockaddr_in *)ai->ai_addr)->sin_addr
		                  : (const void *)&((struct sockaddr_in6 *)ai->ai_addr)->sin6_addr;
		if (!inet_ntop(ai->ai_family, src, a, sizeof a))
			continue;
		if (strstr(out, a))    /* one line per address, not per socket type */
			continue;
		used += (size_t)snprintf(out + used, sizeof out - used, "%s%s", used ? ", " : "", a);
	}
	freeaddrinfo(res);
	return strdup(out);
}

/* The certificate problem OpenSSL reported, in a user's words. */
static const char *tls_reason(long verify, const char *errbuf)
{
	switch (verify) {
	case 9: return "certificate not yet valid";
	case 10: return "certificate expired";
	case 18: case 19: return "self-signed certificate";
	case 20: case 21: return "untrusted certificate";
	case 62: return "certificate name mismatch";
	default: break;
	}
	if (strstr(errbuf, "self-signed") || strstr(errbuf, "self signed"))
		return "self-signed certificate";
	if (strstr(errbuf, "expired"))
		return "certificate expired";
	if (strstr(errbuf, "does not match") || strstr(errbuf, "subject name"))
		return "certificate name mismatch";
	return "certificate not trusted";
}

static const char *connect_reason(long oserr)
{
	switch (oserr) {
	case ECONNREFUSED: return "refused";
	case ENETUNREACH: return "network unreachable";
	case EHOSTUNREACH: return "host unreachable";
	case ECONNRESET: return "reset";
	default: return "failed";
	}
}

static double ms_of(CURL *e, CURLINFO what)
{
	curl_off_t us = 0;
	if (curl_easy_getinfo(e, what, &us) != CURLE_OK || us <= 0)
		return -1;
	return (double)us / 1000.0;
}

/* The leaf certificate's subject, issuer and days to expiry, from curl's
 * certificate info of handle e (CURLOPT_CERTINFO). */
static void fill_cert(CURL *e, og_probe_result *r)
{
	struct curl_certinfo *ci = NULL;
	if (curl_easy_getinfo(e, CURLINFO_CERTINFO, &ci) != CURLE_OK || !ci || ci->num_of_certs < 1)
		return;
	const char *expire = NULL;
	for (struct curl_slist *l = ci->certinfo[0]; l; l = l->next) {
		if (strncmp(l->data, "Subject:", 8) == 0 && !r->cert_subject)
			r->cert_subject = strdup(l->data + 8);
		else if (strncmp(l->data, "Issuer:", 7) == 0 && !r->cert_issuer)
			r->cert_issuer = strdup(l->data + 7);
		else if (strncmp(l->data, "Expire date:", 12) == 0 && !expire)
			expire = l->data + 12;
	}
	int days = 0;
	r->has_cert = r->cert_subject && expire &&
	              og_cert_days_until(expire, (long long)time(NULL), &days) == 0;
	r->cert_days = r->has_cert ? days : 0;
}

/* Turns one finished transfer into its result. */
static int fill_result(probe_item *it, int bound, og_probe_result *r)
{
	CURL *e = it->easy;
	r->timeout_seconds = bound;
	r->dns_ms = ms_of(e, CURLINFO_NAMELOOKUP_TIME_T);
	r->connect_ms = ms_of(e, CURLINFO_CONNECT_TIME_T);
	r->tls_ms = it->plan.tls ? ms_of(e, CURLINFO_APPCONNECT_TIME_T) : -1;
	r->first_byte_ms = ms_of(e, CURLINFO_STARTTRANSFER_TIME_T);
	r->total_ms = ms_of(e, CURLINFO_TOTAL_TIME_T);
	bool numeric = numeric_host(it->plan.connect_host);
	bool resolved = numeric || r->dns_ms >= 0;
	bool connected = r->connect_ms >= 0;
	bool tls_done = !it->plan.tls || r->tls_ms >= 0;

	const char *failure = NULL;
	long status = 0;
	curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
	switch (it->rc) {
	case CURLE_OK:
		r->ok = true;
		r->phase = OG_PROBE_HTTP;
		r->status = status;
		break;
	case CURLE_COULDNT_RESOLVE_HOST:
		r->phase = OG_PROBE_DNS;
		failure = "no such host";
		resolved = false;
		break;
	case CURLE_OPERATION_TIMEDOUT:
		r->timed_out = true;
		r->phase = !resolved ? OG_PROBE_DNS : !connected ? OG_PROBE_CONNECT
		           : !tls_done ? OG_PROBE_TLS : OG_PROBE_HTTP;
		failure = "timeout";
		break;
	case CURLE_COULDNT_CONNECT: {
		long oserr = 0;
		curl_easy_getinfo(e, CURLINFO_OS_ERRNO, &oserr);
		r->phase = OG_PROBE_CONNECT;
		failure = connect_reason(oserr);
		break;
	}
	case CURLE_PEER_FAILED_VERIFICATION: {
		long verify = 0;
		curl_easy_getinfo(e, CURLINFO_SSL_VERIFYRESULT, &verify);
		r->phase = OG_PROBE_TLS;
		failure = tls_reason(verify, it->errbuf);
		break;
	}
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
		r->phase = OG_PROBE_TLS;
		failure = "handshake failed";
		break;
	case CURLE_ABORTED_BY_CALLBACK:
		r->phase = !connected ? OG_PROBE_CONNECT : OG_PROBE_HTTP;
		failure = "stopped";
		break;
	default:
		r->phase = !resolved ? OG_PROBE_DNS : !connected ? OG_PROBE_CONNECT
		           : !tls_done ? OG_PROBE_TLS : OG_PROBE_HTTP;
		failure = curl_easy_strerror(it->rc);
		break;
	}
	if (status > 0)
		r->status = status;
	char *ip = NULL;
	long port = 0;
	curl_easy_getinfo(e, CURLINFO_PRIMARY_IP, &ip);
	curl_easy_getinfo(e, CURLINFO_PRIMARY_PORT, &port);
	r->used_port = (int)port;
	if ((!ip || !ip[0]) && numeric) {
		/* curl names no address when every connect failed; with a literal
		 * there was only the one to try */
		ip = it->plan.connect_host;
		r->used_port = it->plan.connect_port;
	}

	int rc = 0;
	if ((failure && !(r->failure = strdup(failure))) ||
	    (it->rc != CURLE_OK && !(r->error = strdup(it->errbuf[0] ? it->errbuf : curl_easy_strerror(it->rc)))))
		rc = -1;
	r->status_line = dup_or_null(it->status_line);
	r->used_address = dup_or_null(ip);
	r->url = dup_or_null(it->plan.url);
	r->sni = dup_or_null(it->plan.sni);
	r->host_header = dup_or_null(it->plan.host_header);
	char ct[400];
	snprintf(ct, sizeof ct, strchr(it->plan.connect_host, ':') ? "[%s]:%d" : "%s:%d",
	         it->plan.connect_host, it->plan.connect_port);
	r->connect_to = strdup(ct);
	/* not on a stop: a lookup could hold up the worker's shutdown */
	if (resolved && it->rc != CURLE_ABORTED_BY_CALLBACK)
		r->addresses = resolve_all(it->plan.connect_host);
	if (it->cert_done)
		fill_cert(it->cert_easy, r);
	else if (it->plan.tls && it->rc == CURLE_OK)
		fill_cert(e, r);
	return rc;
}

/* What the probe and the look at its certificate share: the origin's
 * address whatever the URL names, a connection of their own (never a
 * proxy, never reused: a probe measures this origin, now), the
 * certificate's details kept, and the time left. */
static void same_connection_rules(CURL *e, probe_item *it, long ms)
{
	curl_easy_setopt(e, CURLOPT_URL, it->plan.url);
	curl_easy_setopt(e, CURLOPT_CONNECT_TO, it->connect_to);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_PROXY, "");
	curl_easy_setopt(e, CURLOPT_FRESH_CONNECT, 1L);
	curl_easy_setopt(e, CURLOPT_FORBID_REUSE, 1L);
	curl_easy_setopt(e, CURLOPT_CERTINFO, 1L);
	curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, ms);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, ms);
	curl_easy_setopt(e, CURLOPT_PRIVATE, it);
}

static int setup(probe_item *it, int bound)
{
	CURL *e = it->easy = curl_easy_init();
	if (!e)
		return -1;
	char ct[400];
	/* "::HOST:PORT": whatever the URL names, connect to the origin. */
	snprintf(ct, sizeof ct, strchr(it->plan.connect_host, ':') ? "::[%s]:%d" : "::%s:%d",
	         it->plan.connect_host, it->plan.connect_port);
	if (!(it->connect_to = curl_slist_append(NULL, ct)))
		return -1;
	same_connection_rules(e, it, (long)bound * 1000L);
	curl_easy_setopt(e, CURLOPT_NOBODY, 1L);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
	curl_easy_setopt(e, CURLOPT_USERAGENT, "origo-probe");
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, it);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, it->errbuf);
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
	return 0;
}

/* The origin answered the TLS hello in plain HTTP on a port whose scheme was
 * a guess: probe it again over http://, within what is left of the bound.
 * true when the transfer was restarted. */
static bool retry_as_http(CURLM *m, probe_item *it, long long deadline)
{
	if (it->rc != CURLE_SSL_CONNECT_ERROR || !it->plan.http_fallback ||
	    !strstr(it->errbuf, "wrong version number"))
		return false;
	long left = (long)(deadline - og_clock_ms());
	if (left < 50)
		return false;
	char url[sizeof it->plan.url];
	snprintf(url, sizeof url, "http%s", it->plan.url + 5);   /* "https..." */
	snprintf(it->plan.url, sizeof it->plan.url, "%s", url);
	it->plan.tls = false;
	it->plan.http_fallback = false;
	it->plan.sni[0] = '\0';
	it->errbuf[0] = '\0';
	it->status_line[0] = '\0';
	curl_multi_remove_handle(m, it->easy);
	curl_easy_setopt(it->easy, CURLOPT_URL, it->plan.url);
	curl_easy_setopt(it->easy, CURLOPT_TIMEOUT_MS, left);
	curl_easy_setopt(it->easy, CURLOPT_CONNECTTIMEOUT_MS, left);
	return curl_multi_add_handle(m, it->easy) == CURLM_OK;
}

/* After a failed verification: starts the connect-only look at the
 * certificate (see probe_item), within what is left of the bound. true when
 * it runs. */
static bool look_at_cert(CURLM *m, probe_item *it, long long deadline)
{
	if (it->rc != CURLE_PEER_FAILED_VERIFICATION || !it->plan.tls || it->cert_easy)
		return false;
	long left = (long)(deadline - og_clock_ms());
	if (left < 50)
		return false;
	CURL *e = it->cert_easy = curl_easy_init();
	if (!e)
		return false;
	same_connection_rules(e, it, left);
	curl_easy_setopt(e, CURLOPT_CONNECT_ONLY, 1L);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 0L);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 0L);
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "https");
	if (curl_multi_add_handle(m, e) != CURLM_OK) {
		curl_easy_cleanup(e);
		it->cert_easy = NULL;
		return false;
	}
	return true;
}

int probe_run(const og_source *srcs, size_t n, int timeout_seconds, const atomic_bool *stop,
              og_probe_result *out)
{
	int bound = timeout_seconds > 0 ? timeout_seconds : 20;
	if (bound > PROBE_MAX_SECONDS)
		bound = PROBE_MAX_SECONDS;
	for (size_t i = 0; i < n; i++) {
		memset(&out[i], 0, sizeof out[i]);
		out[i].dns_ms = out[i].connect_ms = out[i].tls_ms = -1;
		out[i].first_byte_ms = out[i].total_ms = -1;
		out[i].timeout_seconds = bound;
		out[i].key = srcs[i].key ? strdup(srcs[i].key) : NULL;
	}
	if (n == 0)
		return 0;
	probe_item *items = calloc(n, sizeof *items);
	CURLM *m = curl_multi_init();
	int rc = 0;
	if (!items || !m) {
		free(items);
		if (m)
			curl_multi_cleanup(m);
		return -1;
	}
	size_t active = 0;
	long long deadline = og_clock_ms() + (long long)bound * 1000;
	for (size_t i = 0; i < n; i++) {
		probe_item *it = &items[i];
		char why[200];
		if (og_probe_plan_for(&srcs[i], &it->plan, why, sizeof why) < 0) {
			out[i].phase = OG_PROBE_SETUP;
			out[i].failure = strdup(why);
			it->done = true;
			continue;
		}
		if (setup(it, bound) < 0 || curl_multi_add_handle(m, it->easy) != CURLM_OK) {
			curl_easy_cleanup(it->easy);
			curl_slist_free_all(it->connect_to);
			it->easy = NULL;
			out[i].phase = OG_PROBE_SETUP;
			out[i].failure = strdup("could not start (out of memory?)");
			it->done = true;
			rc = -1;
			continue;
		}
		active++;
	}
	while (active > 0) {
		if (stop && atomic_load(stop))
			break;
		int running = 0;
		if (curl_multi_perform(m, &running) != CURLM_OK)
			break;
		CURLMsg *msg;
		int left;
		while ((msg = curl_multi_info_read(m, &left))) {
			if (msg->msg != CURLMSG_DONE)
				continue;
			probe_item *it = NULL;
			curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&it);
			if (it && it->cert_easy == msg->easy_handle) {
				/* the look at the certificate ended; the probe's outcome stands */
				it->cert_done = msg->data.result == CURLE_OK;
				it->done = true;
				active--;
			} else if (it && !it->done) {
				it->rc = msg->data.result;
				if (retry_as_http(m, it, deadline) || look_at_cert(m, it, deadline))
					break;   /* the handle list changed: read messages afresh */
				it->done = true;
				active--;
			}
		}
		if (active == 0)
			break;
		/* 50 ms at most, so a stop is noticed quickly */
		if (curl_multi_poll(m, NULL, 0, 50, NULL) != CURLM_OK)
			break;
	}
	for (size_t i = 0; i < n; i++) {
		probe_item *it = &items[i];
		if (!it->easy)
			continue;
		if (!it->done && !it->cert_easy)
			it->rc = CURLE_ABORTED_BY_CALLBACK;
		if (fill_result(it, bound, &out[i]) < 0)
			rc = -1;
		if (it->cert_easy) {
			curl_multi_remove_handle(m, it->cert_easy);
			curl_easy_cleanup(it->cert_easy);
		}
		curl_multi_remove_handle(m, it->easy);
		curl_easy_cleanup(it->easy);
		curl_slist_free_all(it->connect_to);
	}
	curl_multi_cleanup(m);
	free(items);
	return rc;
}
