/* One HTTP request over libcurl (see http.h for the contract). */
#include "net/http.h"
#include "model/og_clock.h"

#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <curl/curl.h>
#include <cjson/cJSON.h>

#ifndef ORIGO_VERSION
#define ORIGO_VERSION "dev"
#endif

#define DEFAULT_MAX_RESPONSE (64u * 1024u * 1024u)
#define MAX_RETRIES 3
#define RETRY_AFTER_CAP_MS 10000
#define BACKOFF_CAP_MS 4000

/* ---- process-wide init ------------------------------------------------- */

static pthread_once_t g_once = PTHREAD_ONCE_INIT;
static CURLcode g_init_rc = CURLE_OK;

static void global_init_once(void)
{
	g_init_rc = curl_global_init(CURL_GLOBAL_DEFAULT);
}

int http_global_init(og_error *err)
{
	pthread_once(&g_once, global_init_once);
	if (g_init_rc != CURLE_OK) {
		og_error_set(err, OG_ERR_INTERNAL, "cannot initialise libcurl: %s",
		             curl_easy_strerror(g_init_rc));
		return -1;
	}
	return 0;
}

size_t http_max_response_bytes(void)
{
	const char *v = getenv("ORIGO_MAX_RESPONSE_BYTES");
	if (v && *v) {
		char *end;
		errno = 0;
		unsigned long long n = strtoull(v, &end, 10);
		if (errno == 0 && *end == '\0' && n > 0)
			return (size_t)n;
	}
	return DEFAULT_MAX_RESPONSE;
}

void http_client_init(http_client *c, const atomic_bool *stop)
{
	memset(c, 0, sizeof *c);
	c->stop = stop;
}

void http_client_cleanup(http_client *c)
{
	if (!c)
		return;
	if (c->curl)
		curl_easy_cleanup(c->curl);
	if (c->multi)
		curl_multi_cleanup(c->multi);
	c->curl = c->multi = NULL;
}

void http_response_clear(http_response *r)
{
	if (!r)
		return;
	free(r->body);
	r->body = NULL;
	r->len = 0;
	r->status = 0;
}

static bool stopped(const http_client *c)
{
	return c->stop && atomic_load(c->stop);
}

/* ---- URL pieces for messages -------------------------------------------- */

static void url_part(const char *url, CURLUPart part, unsigned flags, char *out, size_t outsz)
{
	out[0] = '\0';
	CURLU *u = curl_url();
	if (!u)
		return;
	char *v = NULL;
	if (curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(u, part, &v, flags) == CURLUE_OK && v) {
		snprintf(out, outsz, "%s", v);
	}
	curl_free(v);
	curl_url_cleanup(u);
}

void http_url_host(const char *url, char *out, size_t outsz)
{
	url_part(url, CURLUPART_HOST, 0, out, outsz);
}

/* ---- the body, with its cap --------------------------------------------- */

typedef struct body_buf {
	char *data;
	size_t len, cap, max;
	bool oversize;
	CURL *curl;      /* the transfer, for the length it announces */
} body_buf;

/* The body's first room: the Content-Length the server announced (and the
 * NUL), so that a page of 450 KB is not copied again and again (realloc)
 * while it arrives; 16 KiB when none is given. Only a start: a body that
 * comes out longer (Content-Length counts the bytes on the wire, before
 * curl decodes a compressed body) grows from there, one that ends shorter
 * keeps the room, and an announcement beyond the cap is not believed (the
 * transfer fails on the cap anyway). */
static size_t first_room(const body_buf *b)
{
	curl_off_t announced = -1;
	if (b->curl && curl_easy_getinfo(b->curl, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T,
	                                 &announced) == CURLE_OK &&
	    announced > 0 && (unsigned long long)announced <= (unsigned long long)b->max)
		return (size_t)announced + 1;
	return 16384;
}

static size_t on_body(char *ptr, size_t size, size_t nmemb, void *user)
{
	body_buf *b = user;
	size_t n = size * nmemb;
	if (n > b->max - b->len) {
		b->oversize = true;
		return 0; /* aborts the transfer with CURLE_WRITE_ERROR */
	}
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : first_room(b);
		while (cap < b->len + n + 1)
			cap *= 2;
		char *d = realloc(b->data, cap);
		if (!d)
			return 0;
		b->data = d;
		b->cap = cap;
	}
	memcpy(b->data + b->len, ptr, n);
	b->len += n;
	b->data[b->len] = '\0';
	return n;
}

#define HEAD_KEEP 8192

typedef struct head_info {
	long retry_after;   /* seconds, -1: none */
	char head[HEAD_KEEP];   /* the response's header lines, for the log */
	size_t head_len;
} head_info;

static size_t on_header(char *ptr, size_t size, size_t nmemb, void *user)
{
	head_info *h = user;
	size_t n = size * nmemb;
	/* A new response (after a 1xx or a redirect) starts a new head. */
	if (n > 5 && strncmp(ptr, "HTTP/", 5) == 0)
		h->head_len = 0;
	size_t keep = n < HEAD_KEEP - 1 - h->head_len ? n : HEAD_KEEP - 1 - h->head_len;
	memcpy(h->head + h->head_len, ptr, keep);
	h->head_len += keep;
	h->head[h->head_len] = '\0';
	static const char name[] = "retry-after:";
	if (n > sizeof name - 1 && strncasecmp(ptr, name, sizeof name - 1) == 0) {
		char tmp[64];
		size_t vl = n - (sizeof name - 1);
		if (vl >= sizeof tmp)
			vl = sizeof tmp - 1;
		memcpy(tmp, ptr + sizeof name - 1, vl);
		tmp[vl] = '\0';
		char *p = tmp, *end;
		while (*p == ' ' || *p == '\t')
			p++;
		long v = strtol(p, &end, 10);
		/* An HTTP date is not worth parsing here: fall back to backoff. */
		if (end != p && v >= 0)
			h->retry_after = v;
	}
	return n;
}

static int on_progress(void *user, curl_off_t dt, curl_off_t dn, curl_off_t ut, curl_off_t un)
{
	(void)dt; (void)dn; (void)ut; (void)un;
	return stopped(user) ? 1 : 0;
}

/* Sleeps `ms`, waking early when the stop flag is set. false when stopped. */
static bool sleep_interruptible(const http_client *c, long ms)
{
	while (ms > 0) {
		if (stopped(c))
			return false;
		long step = ms < 20 ? ms : 20;
		struct timespec ts = { 0, step * 1000000L };
		nanosleep(&ts, NULL);
		ms -= step;
	}
	return !stopped(c);
}

/* ---- error bodies ------------------------------------------------------- */

typedef struct sbuf {
	char *p;
	size_t n, len;
} sbuf;

static void sb_add(sbuf *s, const char *t)
{
	size_t tl = strlen(t);
	if (s->len + 1 >= s->n)
		return;
	size_t room = s->n - 1 - s->len;
	if (tl > room)
		tl = room;
	memcpy(s->p + s->len, t, tl);
	s->len += tl;
	s->p[s->len] = '\0';
}

/* Flattens DRF-style errors: {"sources":{"a.com":{"enabled":["msg"]}}} becomes
 * "sources: a.com: enabled: msg"; siblings are joined with "; ". */
static void flatten(sbuf *s, const cJSON *j, int *items)
{
	if (cJSON_IsString(j)) {
		if (*items > 0)
			sb_add(s, " ");
		sb_add(s, j->valuestring);
		(*items)++;
	} else if (cJSON_IsArray(j)) {
		const cJSON *e;
		cJSON_ArrayForEach(e, j)
			flatten(s, e, items);
	} else if (cJSON_IsObject(j)) {
		const cJSON *e;
		bool first = true;
		cJSON_ArrayForEach(e, j) {
			if (!first)
				sb_add(s, "; ");
			first = false;
			sb_add(s, e->string ? e->string : "?");
			sb_add(s, ": ");
			int sub = 0;
			flatten(s, e, &sub);
		}
		(*items)++;
	} else if (cJSON_IsNumber(j) || cJSON_IsBool(j)) {
		char *t = cJSON_PrintUnformatted(j);
		if (t) {
			if (*items > 0)
				sb_add(s, " ");
			sb_add(s, t);
			(*items)++;
			free(t);
		}
	}
}

static bool dict_of_messages(const cJSON *j)
{
	if (!cJSON_IsObject(j) || !j->child)
		return false;
	const cJSON *e;
	cJSON_ArrayForEach(e, j)
		if (!cJSON_IsArray(e) && !cJSON_IsObject(e) && !cJSON_IsString(e))
			return false;
	return true;
}

void http_describe_error_body(const char *body, size_t len, char *out, size_t outsz)
{
	if (!out || outsz == 0)
		return;
	out[0] = '\0';
	if (!body || len == 0)
		return;
	cJSON *j = cJSON_ParseWithLength(body, len);
	if (!j)
		return;
	sbuf s = { out, outsz, 0 };
	int items = 0;
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(j, "message");
	const cJSON *e = cJSON_GetObjectItemCaseSensitive(j, "errors");
	const cJSON *d = cJSON_GetObjectItemCaseSensitive(j, "detail");
	if (cJSON_IsString(m) && m->valuestring[0])
		sb_add(&s, m->valuestring);
	else if (e && !cJSON_IsNull(e))
		flatten(&s, e, &items);
	else if (cJSON_IsString(d) && d->valuestring[0])
		sb_add(&s, d->valuestring);
	else if (dict_of_messages(j))
		flatten(&s, j, &items);
	cJSON_Delete(j);
	/* One line, whatever the API put in its strings. */
	for (char *p = out; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' ';
}

/* The raw body as one printable line, cut at 160 bytes. */
static void sanitize_body(const char *body, size_t len, char *out, size_t outsz)
{
	size_t o = 0;
	bool space = false;
	for (size_t i = 0; i < len && o + 4 < outsz && o < 160; i++) {
		unsigned char ch = (unsigned char)body[i];
		if (ch < 0x20 || ch == 0x7f || isspace(ch)) {
			space = o > 0;
			continue;
		}
		if (space)
			out[o++] = ' ';
		space = false;
		out[o++] = (char)ch;
	}
	if (o < len && o >= 160 && o + 4 < outsz) {
		memcpy(out + o, "...", 3);
		o += 3;
	}
	out[o] = '\0';
}

static void status_error(const http_request *req, long status, const char *body, size_t len,
                         const char *host, og_error *err)
{
	char msg[400];
	msg[0] = '\0';
	if (req->describe)
		req->describe(body, len, msg, sizeof msg);
	if (!msg[0])
		http_describe_error_body(body, len, msg, sizeof msg);
	if (!msg[0])
		sanitize_body(body ? body : "", body ? len : 0, msg, sizeof msg);

	if (status == 401 || status == 403) {
		if (msg[0])
			og_error_set(err, OG_ERR_AUTH, "authentication failed for account \"%s\" (HTTP %ld: %s)",
			             req->account_name ? req->account_name : "?", status, msg);
		else
			og_error_set(err, OG_ERR_AUTH, "authentication failed for account \"%s\" (HTTP %ld)",
			             req->account_name ? req->account_name : "?", status);
	} else if (status == 404) {
		og_error_set(err, OG_ERR_NOTFOUND, "not found on %s (HTTP 404%s%s)", host,
		             msg[0] ? ": " : "", msg);
	} else if (msg[0]) {
		og_error_set(err, OG_ERR_API, "%s (HTTP %ld from %s)", msg, status, host);
	} else {
		og_error_set(err, OG_ERR_API, "HTTP %ld from %s", status, host);
	}
	err->http_status = (int)status;
}

/* ---- transport errors --------------------------------------------------- */

static bool is_write_method(const char *m)
{
	return strcmp(m, "GET") != 0 && strcmp(m, "HEAD") != 0;
}

/* Errors where the request may not have reached the server or the answer was
 * cut: worth another try for a read. */
static bool retryable_transport(CURLcode rc)
{
	switch (rc) {
	case CURLE_COULDNT_CONNECT:
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_GOT_NOTHING:
		return true;
	default:
		return false;
	}
}

static void transport_error(const http_request *req, CURLcode rc, long os_errno, const body_buf *b,
                            const char *errbuf, const char *host, int timeout, og_error *err)
{
	char port[16];
	url_part(req->url, CURLUPART_PORT, CURLU_DEFAULT_PORT, port, sizeof port);
	const char *detail = errbuf && errbuf[0] ? errbuf : curl_easy_strerror(rc);
	og_err_kind kind = OG_ERR_NET;
	char what[1024];   /* og_error_set cuts it to fit */

	/* An answer that began arriving means the server took the request:
	 * for a write the outcome is then unknown. */
	bool write = is_write_method(req->method);
	switch (rc) {
	case CURLE_WRITE_ERROR:
	case CURLE_FILESIZE_EXCEEDED:
		if (b->oversize || rc == CURLE_FILESIZE_EXCEEDED)
			og_error_set(err, OG_ERR_PARSE, "response from %s is larger than %zu bytes",
			             host, b->max);
		else
			og_error_set(err, OG_ERR_INTERNAL, "out of memory reading the response from %s",
			             host);
		err->maybe_applied = write;
		return;
	case CURLE_PARTIAL_FILE:
		og_error_set(err, OG_ERR_PARSE, "truncated response from %s", host);
		err->maybe_applied = write;
		return;
	case CURLE_OPERATION_TIMEDOUT:
		snprintf(what, sizeof what, "timed out after %d s talking to %s", timeout, host);
		break;
	case CURLE_COULDNT_CONNECT:
		if (os_errno == ECONNREFUSED || strstr(detail, "refused"))
			snprintf(what, sizeof what, "cannot connect to %s:%s (connection refused)", host, port);
		else
			snprintf(what, sizeof what, "cannot connect to %s:%s", host, port);
		break;
	case CURLE_COULDNT_RESOLVE_HOST:
		snprintf(what, sizeof what, "cannot resolve host %s", host);
		break;
	case CURLE_PEER_FAILED_VERIFICATION:
		snprintf(what, sizeof what, "TLS certificate of %s could not be verified (%s)", host, detail);
		break;
	case CURLE_SSL_CONNECT_ERROR:
		snprintf(what, sizeof what, "TLS handshake with %s failed (%s)", host, detail);
		break;
	case CURLE_SSL_CACERT_BADFILE:
		snprintf(what, sizeof what, "cannot load CA certificates to verify %s (%s)", host, detail);
		break;
	case CURLE_ABORTED_BY_CALLBACK:
		snprintf(what, sizeof what, "request to %s cancelled", host);
		break;
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
		snprintf(what, sizeof what, "connection to %s was reset", host);
		break;
	case CURLE_GOT_NOTHING:
		snprintf(what, sizeof what, "%s closed the connection without answering", host);
		break;
	default:
		snprintf(what, sizeof what, "network error talking to %s: %s", host, detail);
		break;
	}
	/* A write that may have reached the server must not be retried blindly;
	 * the user decides after looking at the fresh state. */
	if (write && rc != CURLE_COULDNT_RESOLVE_HOST &&
	    rc != CURLE_COULDNT_CONNECT && rc != CURLE_ABORTED_BY_CALLBACK)
		og_error_set(err, kind, "%s; the change may or may not have been applied; "
		             "press r to refresh", what);
	else if (write && rc == CURLE_ABORTED_BY_CALLBACK)
		og_error_set(err, kind, "%s; the change may or may not have been applied", what);
	else
		og_error_set(err, kind, "%s", what);
	err->maybe_applied = write && rc != CURLE_COULDNT_RESOLVE_HOST && rc != CURLE_COULDNT_CONNECT;
}

static long backoff_ms(int attempt)
{
	long ms = 500L << attempt;
	return ms > BACKOFF_CAP_MS ? BACKOFF_CAP_MS : ms;
}

/* ---- one attempt: its setup and what its outcome means ------------------
 * http_perform (one request, retried in place) and http_perform_many (many
 * GETs over a multi handle) share these, so a request is set up, judged and
 * retried the same way on both paths. */

static int request_timeout(const http_request *req)
{
	return req->timeout_seconds > 0 ? req->timeout_seconds : 20;
}

static void request_host(const http_request *req, char *out, size_t outsz)
{
	http_url_host(req->url, out, outsz);
	if (!out[0])
		snprintf(out, outsz, "%s", "?");
}

/* The request's header lines; NULL on out of memory. */
static struct curl_slist *request_headers(const http_request *req)
{
	struct curl_slist *hdrs = NULL, *tmp;
	char ctype[128];
	snprintf(ctype, sizeof ctype, "Content-Type: %s",
	         req->content_type ? req->content_type : "application/json");
	const char *lines[] = { "Accept: application/json", ctype, "Expect:", req->auth_header };
	for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
		if (!lines[i])
			continue;
		if (!(tmp = curl_slist_append(hdrs, lines[i]))) {
			curl_slist_free_all(hdrs);
			return NULL;
		}
		hdrs = tmp;
	}
	return hdrs;
}

/* Where one attempt's answer goes. */
typedef struct attempt_io {
	body_buf b;
	head_info hi;
	char errbuf[CURL_ERROR_SIZE];
} attempt_io;

/* Empties io for a new attempt (the body buffer must be free already). */
static void attempt_io_reset(attempt_io *io)
{
	io->b = (body_buf){ .max = http_max_response_bytes() };
	io->hi.retry_after = -1;
	io->hi.head_len = 0;
	io->hi.head[0] = '\0';
	io->errbuf[0] = '\0';
}

/* The one curl easy setup: every option of an attempt of `req` on h. */
static void easy_setup(http_client *c, CURL *h, const http_request *req,
                       struct curl_slist *hdrs, attempt_io *io)
{
	int timeout = request_timeout(req);
	/* reset keeps the connection cache, so keep-alive survives */
	curl_easy_reset(h);
	curl_easy_setopt(h, CURLOPT_URL, req->url);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "origo/" ORIGO_VERSION);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, (long)timeout);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, (long)(timeout < 10 ? timeout : 10));
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, io->errbuf);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
	io->b.curl = h;
	curl_easy_setopt(h, CURLOPT_WRITEDATA, &io->b);
	curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(h, CURLOPT_HEADERDATA, &io->hi);
	curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, on_progress);
	curl_easy_setopt(h, CURLOPT_XFERINFODATA, c);
	curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)io->b.max);
	curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
	/* curl's own tool reads 100 KiB at a time (libcurl's default is 16):
	 * a list page of 450 KB in 5 reads, not 29 (one system call each,
	 * ~290 of them for 10,000 groups); the room is only touched as far as
	 * an answer fills it */
	curl_easy_setopt(h, CURLOPT_BUFFERSIZE, 102400L);
	if (strcmp(req->method, "GET") != 0)
		curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, req->method);
	/* libcurl silently resends a request that got no answer on a reused
	 * connection; a write must never be sent twice, so it gets a
	 * connection of its own (a handshake per keystroke). */
	if (is_write_method(req->method))
		curl_easy_setopt(h, CURLOPT_FRESH_CONNECT, 1L);
	if (req->body) {
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, req->body);
		curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)req->body_len);
	}
}

bool http_status_proves_nothing(long status)
{
	return status == 502 || status == 503 || status == 504;
}

/* The one error classification: what attempt number `attempt` of req,
 * ended by curl with rc on h, means. true on a 2xx (*status set). Else err
 * says why (with maybe_applied for a write whose outcome is unknown),
 * *retry whether it is worth another try (reads only: connection errors,
 * 429 and 5xx) and *wait_ms after how long. */
static bool attempt_outcome(CURL *h, const http_request *req, CURLcode rc, const attempt_io *io,
                            int attempt, long *status, og_error *err, bool *retry, long *wait_ms)
{
	char host[256];
	request_host(req, host, sizeof host);
	bool read = !is_write_method(req->method);
	long os_errno = 0;
	*status = 0;
	*retry = false;
	*wait_ms = backoff_ms(attempt);
	if (rc == CURLE_OK)
		curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, status);
	else
		curl_easy_getinfo(h, CURLINFO_OS_ERRNO, &os_errno);
	if (rc == CURLE_OK && *status >= 200 && *status <= 299)
		return true;
	if (rc != CURLE_OK) {
		transport_error(req, rc, os_errno, &io->b, io->errbuf, host, request_timeout(req), err);
		*retry = read && retryable_transport(rc);
		return false;
	}
	status_error(req, *status, io->b.data, io->b.len, host, err);
	/* A gateway's error says nothing of what the server behind it did
	 * with a write. */
	err->maybe_applied = !read && http_status_proves_nothing(*status);
	/* what to do about a rate limit that is not retried here */
	if (*status == 429 && io->hi.retry_after >= 0) {
		char m[sizeof err->msg];
		snprintf(m, sizeof m, "%s", err->msg);
		og_error_set(err, err->kind, "%.440s; retry after %ld s", m, io->hi.retry_after);
		err->http_status = (int)*status;
	}
	*retry = read && (*status == 429 || *status >= 500);
	if (io->hi.retry_after >= 0)
		*wait_ms = io->hi.retry_after > RETRY_AFTER_CAP_MS / 1000 ? RETRY_AFTER_CAP_MS
		                                                          : io->hi.retry_after * 1000;
	return false;
}

/* ---- the request -------------------------------------------------------- */

static void emit_record(http_client *c, const http_request *req, struct curl_slist *hdrs,
                        long status, double secs, const body_buf *b, const head_info *hi,
                        int attempt, const char *error)
{
	size_t bytes = b->len;
	if (!c->log)
		return;
	const char *lines[16];
	size_t n = 0;
	for (struct curl_slist *h = hdrs; h && n < 16; h = h->next) {
		if (strncasecmp(h->data, "Authorization:", 14) == 0)
			lines[n++] = "Authorization: ***";
		else
			lines[n++] = h->data;
	}
	http_record rec = {
		.method = req->method, .url = req->url, .headers = lines, .n_headers = n,
		.status = status, .seconds = secs, .response_bytes = bytes,
		.attempt = attempt, .error = error,
		.account = req->account_name,
		.content_type = req->body ? (req->content_type ? req->content_type : "application/json") : NULL,
		.request_body = req->body, .request_body_len = req->body ? req->body_len : 0,
		.response_head = hi->head_len ? hi->head : NULL,
		.response_body = b->data, .response_body_len = b->len,
	};
	c->log(&rec, c->log_user);
}

/* curl_easy_perform, but on the client's multi handle so that the stop flag
 * is looked at every 50 ms even while no byte moves. */
static CURLcode run_transfer(http_client *c)
{
	CURLM *m = c->multi;
	CURL *h = c->curl;
	if (curl_multi_add_handle(m, h) != CURLM_OK)
		return CURLE_FAILED_INIT;
	CURLcode rc = CURLE_OK;
	bool done = false;
	while (!done) {
		int running = 0;
		if (curl_multi_perform(m, &running) != CURLM_OK) {
			rc = CURLE_FAILED_INIT;
			break;
		}
		int left;
		CURLMsg *msg;
		while ((msg = curl_multi_info_read(m, &left))) {
			if (msg->msg == CURLMSG_DONE && msg->easy_handle == h) {
				rc = msg->data.result;
				done = true;
			}
		}
		if (done)
			break;
		if (stopped(c)) {
			rc = CURLE_ABORTED_BY_CALLBACK;
			break;
		}
		if (curl_multi_poll(m, NULL, 0, 50, NULL) != CURLM_OK) {
			rc = CURLE_FAILED_INIT;
			break;
		}
	}
	curl_multi_remove_handle(m, h);
	return rc;
}

int http_perform(http_client *c, const http_request *req, http_response *resp, og_error *err)
{
	memset(resp, 0, sizeof *resp);
	if (http_global_init(err) < 0)
		return -1;
	if (!c->multi)
		c->multi = curl_multi_init();
	if (!c->curl)
		c->curl = curl_easy_init();
	if (!c->curl || !c->multi) {
		og_error_set(err, OG_ERR_INTERNAL, "cannot create a curl handle");
		return -1;
	}
	CURL *h = c->curl;
	struct curl_slist *hdrs = request_headers(req);
	if (!hdrs)
		goto oom;

	for (int attempt = 0;; attempt++) {
		attempt_io io;
		attempt_io_reset(&io);
		easy_setup(c, h, req, hdrs, &io);

		double t0 = og_clock_seconds();
		CURLcode rc = stopped(c) ? CURLE_ABORTED_BY_CALLBACK : run_transfer(c);
		double secs = og_clock_seconds() - t0;
		long status;
		bool retry;
		long wait_ms;
		bool ok = attempt_outcome(h, req, rc, &io, attempt, &status, err, &retry, &wait_ms);
		emit_record(c, req, hdrs, status, secs, &io.b, &io.hi, attempt, ok ? NULL : err->msg);
		/* errbuf lives on this stack frame only */
		curl_easy_setopt(h, CURLOPT_ERRORBUFFER, NULL);

		if (ok) {
			if (!io.b.data) {
				io.b.data = calloc(1, 1);
				if (!io.b.data)
					goto oom;
			}
			resp->status = status;
			resp->body = io.b.data;
			resp->len = io.b.len;
			curl_slist_free_all(hdrs);
			og_error_clear(err);
			return 0;
		}
		bool last = !retry || attempt >= MAX_RETRIES;
		if (last && status && req->error_body) {
			free(*req->error_body);
			*req->error_body = io.b.data;
			io.b.data = NULL;
		}
		free(io.b.data);
		if (last || !sleep_interruptible(c, wait_ms)) {
			resp->status = status;
			curl_slist_free_all(hdrs);
			return -1;
		}
	}

oom:
	curl_slist_free_all(hdrs);
	og_error_set(err, OG_ERR_INTERNAL, "out of memory");
	return -1;
}

/* ---- many GETs at once -------------------------------------------------- */

typedef struct many_item {
	const http_request *req;
	int slot;                    /* index of the easy handle while running */
	int state;                   /* 0 waiting, 1 running, 2 finished */
	int attempt;
	double not_before;           /* a retry waits until then (monotonic s) */
	double t0;
	attempt_io io;
	struct curl_slist *hdrs;
} many_item;

/* One transfer of `it` ended with rc: its result, or a retry later. */
static void many_finish(http_client *c, many_item *it, CURL *h, CURLcode rc,
                        http_response *resp, og_error *err)
{
	const http_request *req = it->req;
	long status;
	bool retry;
	long wait_ms;
	bool ok = attempt_outcome(h, req, rc, &it->io, it->attempt, &status, err, &retry, &wait_ms);
	emit_record(c, req, it->hdrs, status, og_clock_seconds() - it->t0, &it->io.b, &it->io.hi,
	            it->attempt, ok ? NULL : err->msg);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, NULL);
	curl_slist_free_all(it->hdrs);
	it->hdrs = NULL;
	body_buf *b = &it->io.b;
	if (ok) {
		if (!b->data && !(b->data = calloc(1, 1))) {
			og_error_set(err, OG_ERR_INTERNAL, "out of memory");
			it->state = 2;
			return;
		}
		resp->status = status;
		resp->body = b->data;
		resp->len = b->len;
		b->data = NULL;
		og_error_clear(err);
		it->state = 2;
		return;
	}
	resp->status = status;
	if (retry && it->attempt < MAX_RETRIES && !stopped(c)) {
		free(b->data);
		b->data = NULL;
		it->attempt++;
		it->not_before = og_clock_seconds() + (double)wait_ms / 1000.0;
		it->state = 0;
		return;
	}
	if (status && req->error_body) {
		free(*req->error_body);
		*req->error_body = b->data;
		b->data = NULL;
	}
	free(b->data);
	b->data = NULL;
	it->state = 2;
}

int http_perform_many(http_client *c, const http_request *reqs, size_t n, int parallel,
                      http_response *resps, og_error *errs)
{
	return http_perform_many_each(c, reqs, n, parallel, resps, errs, NULL, NULL);
}

/* done() for each request of ready[0..*n) in the order they ended; false
 * when one said the caller needs no more (the others are still called). */
static bool run_ready(http_done_fn done, void *ctx, size_t *ready, size_t *n)
{
	bool more = true;
	for (size_t k = 0; k < *n; k++)
		if (done && !done(ctx, ready[k]))
			more = false;
	*n = 0;
	return more;
}

int http_perform_many_each(http_client *c, const http_request *reqs, size_t n, int parallel,
                           http_response *resps, og_error *errs, http_done_fn done, void *ctx)
{
	for (size_t i = 0; i < n; i++) {
		memset(&resps[i], 0, sizeof resps[i]);
		og_error_clear(&errs[i]);
	}
	if (n == 0)
		return 0;
	if (parallel < 1)
		parallel = 1;
	if (parallel > 64)
		parallel = 64;
	og_error e0 = { 0 };
	many_item *items = NULL;
	CURL **pool = NULL;
	bool *busy = NULL;
	size_t *ready = NULL, n_ready = 0;   /* ended, their done() not yet called */
	if (http_global_init(&e0) < 0)
		goto fail_all;
	if (!c->multi)
		c->multi = curl_multi_init();
	items = calloc(n, sizeof *items);
	pool = calloc((size_t)parallel, sizeof *pool);
	busy = calloc((size_t)parallel, sizeof *busy);
	ready = calloc(n, sizeof *ready);
	if (!c->multi || !items || !pool || !busy || !ready) {
		og_error_set(&e0, OG_ERR_INTERNAL, "out of memory");
		goto fail_all;
	}
	CURLM *m = c->multi;
	/* The cap is on connections too: 500 groups must not open 500 sockets. */
	curl_multi_setopt(m, CURLMOPT_MAX_HOST_CONNECTIONS, (long)parallel);
	curl_multi_setopt(m, CURLMOPT_MAX_TOTAL_CONNECTIONS, (long)parallel);
	for (size_t i = 0; i < n; i++) {
		items[i].req = &reqs[i];
		items[i].slot = -1;
	}

	size_t finished = 0, running = 0;
	while (finished < n) {
		double t = og_clock_seconds();
		bool stop = stopped(c);
		double next_wait = 0.05;
		for (size_t i = 0; i < n && (stop || running < (size_t)parallel); i++) {
			many_item *it = &items[i];
			if (it->state != 0)
				continue;
			if (stop) {
				og_error_set(&errs[i], OG_ERR_NET, "request to %s cancelled", "the API");
				it->state = 2;
				finished++;
				continue;
			}
			if (it->not_before > t) {
				if (it->not_before - t < next_wait)
					next_wait = it->not_before - t;
				continue;
			}
			int slot = -1;
			for (int k = 0; k < parallel; k++)
				if (!busy[k]) {
					slot = k;
					break;
				}
			if (slot < 0)
				break;
			if (!pool[slot] && !(pool[slot] = curl_easy_init())) {
				og_error_set(&errs[i], OG_ERR_INTERNAL, "cannot create a curl handle");
				it->state = 2;
				finished++;
				continue;
			}
			attempt_io_reset(&it->io);
			if (!(it->hdrs = request_headers(it->req))) {
				og_error_set(&errs[i], OG_ERR_INTERNAL, "out of memory");
				it->state = 2;
				finished++;
				continue;
			}
			easy_setup(c, pool[slot], it->req, it->hdrs, &it->io);
			curl_easy_setopt(pool[slot], CURLOPT_PRIVATE, (char *)it);
			if (curl_multi_add_handle(m, pool[slot]) != CURLM_OK) {
				curl_slist_free_all(it->hdrs);
				it->hdrs = NULL;
				og_error_set(&errs[i], OG_ERR_INTERNAL, "cannot start a transfer");
				it->state = 2;
				finished++;
				continue;
			}
			busy[slot] = true;
			it->slot = slot;
			it->state = 1;
			it->t0 = t;
			running++;
		}
		if (finished >= n)
			break;
		int still = 0;
		if (curl_multi_perform(m, &still) != CURLM_OK)
			stop = true;
		/* The transfers that ended on the last pass are handed over only
		 * now: their slots were refilled above and the new requests are on
		 * the wire, so the server works while done() does (a page parsed). */
		if (!run_ready(done, ctx, ready, &n_ready))
			stop = true;
		int left;
		CURLMsg *msg;
		bool freed = false;
		while ((msg = curl_multi_info_read(m, &left))) {
			if (msg->msg != CURLMSG_DONE)
				continue;
			CURL *h = msg->easy_handle;
			CURLcode rc = msg->data.result;
			char *priv = NULL;
			curl_easy_getinfo(h, CURLINFO_PRIVATE, &priv);
			many_item *it = (many_item *)(void *)priv;
			curl_multi_remove_handle(m, h);
			if (!it)
				continue;
			size_t i = (size_t)(it - items);
			busy[it->slot] = false;
			it->slot = -1;
			running--;
			freed = true;
			many_finish(c, it, h, rc, &resps[i], &errs[i]);
			if (it->state == 2) {
				finished++;
				ready[n_ready++] = i;
			}
		}
		if (finished >= n)
			break;
		if (stopped(c) || stop) {
			/* abort what runs; what waits is cancelled on the next pass */
			for (size_t i = 0; i < n; i++) {
				many_item *it = &items[i];
				if (it->state != 1)
					continue;
				curl_multi_remove_handle(m, pool[it->slot]);
				busy[it->slot] = false;
				curl_easy_setopt(pool[it->slot], CURLOPT_ERRORBUFFER, NULL);
				curl_slist_free_all(it->hdrs);
				it->hdrs = NULL;
				free(it->io.b.data);
				it->io.b.data = NULL;
				og_error_set(&errs[i], OG_ERR_NET, "request cancelled");
				it->state = 2;
				running--;
				finished++;
			}
			for (size_t i = 0; i < n; i++)
				if (items[i].state == 0) {
					og_error_set(&errs[i], OG_ERR_NET, "request cancelled");
					items[i].state = 2;
					finished++;
				}
			break;
		}
		/* a freed slot is filled at once, not after the next wait */
		if (freed)
			continue;
		int ms = (int)(next_wait * 1000);
		if (ms < 1)
			ms = 1;
		if (curl_multi_poll(m, NULL, 0, ms, NULL) != CURLM_OK)
			break;
	}
	run_ready(done, ctx, ready, &n_ready);   /* the last ones, or those before a stop */
	int failed = 0;
	for (size_t i = 0; i < n; i++) {
		if (items[i].state == 1) {
			curl_multi_remove_handle(m, pool[items[i].slot]);
			curl_easy_setopt(pool[items[i].slot], CURLOPT_ERRORBUFFER, NULL);
		}
		if (items[i].state != 2 && !errs[i].msg[0])
			og_error_set(&errs[i], OG_ERR_INTERNAL, "the transfer did not finish");
		if (items[i].state != 2 || errs[i].kind != OG_OK)
			failed++;
		free(items[i].io.b.data);
		curl_slist_free_all(items[i].hdrs);
	}
	for (int k = 0; k < parallel; k++)
		if (pool[k])
			curl_easy_cleanup(pool[k]);
	free(pool);
	free(busy);
	free(items);
	free(ready);
	return failed;

fail_all:
	for (size_t i = 0; i < n; i++)
		errs[i] = e0;
	free(items);
	free(pool);
	free(busy);
	free(ready);
	return -1;
}
