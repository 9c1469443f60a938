/* libmicrohttpd glue: per-request state, body accumulation, dispatch, faults,
 * and the three ways of sending a body (whole, truncated, generated). */
#include "server.h"
#include "control.h"
#include "edgio.h"
#include "emu.h"
#include "faults.h"
#include "gcore.h"
#include "reqlog.h"
#include "state.h"
#include "yandex.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#define MAX_BODY (16u * 1024 * 1024)

/* Every provider the emulator serves, matched by path. */
static const struct emu_provider *const providers[] = {
	&gcore_provider, &yandex_provider, &edgio_provider, NULL
};

static struct MHD_Daemon *daemon_;
/* set once the daemon runs, read by its threads: atomic, since MHD hides the
 * synchronisation from TSan */
static _Atomic unsigned listen_port;
static bool quiet_;

/* One request in flight. MHD keeps it in *con_cls from the URI callback until
 * the request completes (per request, also on a kept-alive connection). */
struct pending {
	char *uri;            /* as sent, with the query */
	struct emu_buf body;
	bool started;
	bool too_big;
};

const char *emu_req_arg(const struct emu_req *r, const char *name)
{
	return MHD_lookup_connection_value((struct MHD_Connection *)r->conn,
					   MHD_GET_ARGUMENT_KIND, name);
}

static void *on_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
	struct pending *p = calloc(1, sizeof(*p));
	if (p)
		p->uri = strdup(uri ? uri : "");
	return p;
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	struct pending *p = *con_cls;
	if (p) {
		free(p->uri);
		free(p->body.p);
		free(p);
	}
	*con_cls = NULL;
}

/* ---- bodies that are cut short or generated ---- */

struct truncated { char *body; size_t cut; };

static ssize_t truncated_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct truncated *t = cls;
	if (pos >= t->cut)
		return MHD_CONTENT_READER_END_WITH_ERROR;  /* closes mid-body */
	size_t n = t->cut - (size_t)pos < max ? t->cut - (size_t)pos : max;
	memcpy(buf, t->body + pos, n);
	return (ssize_t)n;
}

static void truncated_free(void *cls)
{
	struct truncated *t = cls;
	free(t->body);
	free(t);
}

/* A bare JSON array of `total` bytes: "[" + fixed-size group objects separated
 * by commas + spaces + "]". Made on the fly: 80 MiB is never held in memory. */
struct oversize { uint64_t total, n; size_t elen; };

static size_t oversize_element(uint64_t i, char *buf, size_t size)
{
	return (size_t)snprintf(buf, size,
		"{\"id\":%012llu,\"name\":\"oversize-%012llu\",\"use_next\":false,"
		"\"sources\":[{\"source\":\"origin.example.com\",\"backup\":false,\"enabled\":true}]}",
		(unsigned long long)i + 1, (unsigned long long)i + 1);
}

static ssize_t oversize_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct oversize *o = cls;
	char el[256];
	uint64_t el_i = UINT64_MAX;
	size_t k = o->elen + 1;
	size_t n = 0;
	for (; n < max && pos < o->total; n++, pos++) {
		char ch = ' ';
		if (pos == 0)
			ch = '[';
		else if (pos == o->total - 1)
			ch = ']';
		else {
			uint64_t off = pos - 1, i = off / k, j = off % k;
			if (i < o->n) {
				if (j < o->elen) {
					if (i != el_i) {
						oversize_element(i, el, sizeof(el));
						el_i = i;
					}
					ch = el[j];
				} else if (i + 1 < o->n)
					ch = ',';
			}
		}
		buf[n] = ch;
	}
	return n ? (ssize_t)n : MHD_CONTENT_READER_END_OF_STREAM;
}

/* ---- sending ---- */

static enum MHD_Result send_resp(struct MHD_Connection *c, struct emu_resp *resp)
{
	struct MHD_Response *m = NULL;
	if (resp->kind == EMU_BODY_TRUNCATE) {
		struct truncated *t = malloc(sizeof(*t));
		if (t && resp->len < 2) {   /* nothing to cut: cut a stand-in */
			free(resp->body);
			resp->body = strdup("{\"detail\":\"this body was cut short by the emulator\"}");
			resp->len = resp->body ? strlen(resp->body) : 0;
		}
		if (t && resp->body) {
			t->body = resp->body;
			t->cut = resp->len / 2;
			m = MHD_create_response_from_callback(resp->len, 4096, truncated_read, t,
							      truncated_free);
			resp->body = NULL;
			if (!m)
				truncated_free(t);
		} else
			free(t);
		resp->content_type = "application/json";
	} else if (resp->kind == EMU_BODY_OVERSIZE) {
		struct oversize *o = malloc(sizeof(*o));
		if (o) {
			char el[256];
			o->total = resp->oversize_bytes < 2 ? 2 : resp->oversize_bytes;
			o->elen = oversize_element(0, el, sizeof(el));
			o->n = (o->total - 2) / (o->elen + 1);
			m = MHD_create_response_from_callback(o->total, 64 * 1024, oversize_read, o, free);
			if (!m)
				free(o);
		}
		resp->content_type = "application/json";
	} else if (resp->body) {
		m = MHD_create_response_from_buffer(resp->len, resp->body, MHD_RESPMEM_MUST_FREE);
		if (m)
			resp->body = NULL;
	} else {
		m = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
	}
	if (!m) {
		emu_resp_clear(resp);
		return MHD_NO;
	}
	if (resp->content_type)
		MHD_add_response_header(m, MHD_HTTP_HEADER_CONTENT_TYPE, resp->content_type);
	if (resp->retry_after)
		MHD_add_response_header(m, MHD_HTTP_HEADER_RETRY_AFTER, resp->retry_after);
	if (resp->www_authenticate)
		MHD_add_response_header(m, MHD_HTTP_HEADER_WWW_AUTHENTICATE, resp->www_authenticate);
	if (resp->allow)
		MHD_add_response_header(m, MHD_HTTP_HEADER_ALLOW, resp->allow);
	enum MHD_Result ret = MHD_queue_response(c, (unsigned)resp->status, m);
	MHD_destroy_response(m);
	emu_resp_clear(resp);
	return ret;
}

/* ---- one API request ---- */

static const struct emu_provider *find_provider(const char *path)
{
	for (size_t i = 0; providers[i]; i++)
		if (providers[i]->owns(path))
			return providers[i];
	return NULL;
}

static void fault_response(const struct fault *f, struct emu_resp *resp)
{
	switch (f->action) {
	case FAULT_STATUS:
		emu_resp_text(resp, f->status, "application/json",
			      f->body ? f->body : "{\"message\":\"Fault injected by origo-emu.\"}");
		if (f->retry_after)
			resp->retry_after = strdup(f->retry_after);
		break;
	case FAULT_MALFORMED:
		emu_resp_text(resp, 200, "application/json", f->body ? f->body :
			      "{\"count\": 1, \"results\": [{\"id\": 1, \"name\": \"malformed\", "
			      "\"sources\": [{\"source\": \"a.example.com\",, }]");
		break;
	case FAULT_OVERSIZE:
		resp->status = 200;
		resp->kind = EMU_BODY_OVERSIZE;
		resp->oversize_bytes = f->bytes;
		break;
	default:
		break;
	}
}

static enum MHD_Result serve_api(struct MHD_Connection *c, struct pending *p,
				 const struct emu_req *r)
{
	const struct emu_provider *prov = find_provider(r->path);
	char wordbuf[16];
	const char *word = emu_auth_log_word(r->authorization, wordbuf, sizeof(wordbuf));
	struct fault f;
	struct emu_resp resp = { 0 };

	emu_lock();
	bool faulty = faults_take(r->method, r->path, r->query, &f);
	long latency = emu_settings.latency_ms;
	bool auth_ok = prov ? prov->auth_ok(r) : false;
	emu_unlock();

	if (faulty && f.action == FAULT_LATENCY)
		latency += f.latency_ms;
	emu_sleep_ms(latency);   /* outside the lock: other clients go on */

	bool reset = faulty && f.action == FAULT_RESET;
	if (faulty && f.apply && prov && !p->too_big) {
		/* served first (a write lands), then the fault answers instead */
		emu_lock();
		prov->handle(r, &resp);
		emu_unlock();
		emu_resp_clear(&resp);
		memset(&resp, 0, sizeof resp);
	}
	if (reset)
		;
	else if (p->too_big)
		emu_resp_detail(&resp, 413, "Request body is too large.");
	else if (faulty && (f.action == FAULT_STATUS || f.action == FAULT_MALFORMED ||
			    f.action == FAULT_OVERSIZE))
		fault_response(&f, &resp);
	else {
		emu_lock();
		if (prov)
			prov->handle(r, &resp);
		else
			emu_resp_detail(&resp, 404, "Not found.");
		emu_unlock();
		if (faulty && f.action == FAULT_TRUNCATE) {
			resp.status = 200;
			resp.kind = EMU_BODY_TRUNCATE;
		}
	}
	if (faulty)
		fault_release(&f);

	/* secrets in a body (a token exchange's form or JSON) are not logged */
	struct emu_req logged = *r;
	char *log_body = prov && prov->log_body ? prov->log_body(r) : NULL;
	if (log_body) {
		logged.body = log_body;
		logged.body_len = strlen(log_body);
	}
	emu_lock();
	reqlog_add(&logged, word, auth_ok, reset ? 0 : resp.status);
	emu_unlock();
	free(log_body);
	if (!quiet_)
		fprintf(stderr, "origo-emu: %s %s%s%s -> %d\n", r->method, r->path,
			*r->query ? "?" : "", r->query, reset ? 0 : resp.status);
	if (reset) {
		emu_resp_clear(&resp);
		return MHD_NO;   /* MHD closes the connection without an answer */
	}
	return send_resp(c, &resp);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
				  const char *method, const char *version,
				  const char *upload_data, size_t *upload_data_size,
				  void **con_cls)
{
	struct pending *p = *con_cls;
	if (!p)
		return MHD_NO;    /* out of memory in on_uri */
	if (!p->started) {    /* headers only; the body (if any) comes next */
		p->started = true;
		return MHD_YES;
	}
	if (*upload_data_size) {
		if (p->body.len + *upload_data_size > MAX_BODY ||
		    emu_buf_add(&p->body, upload_data, *upload_data_size) != 0)
			p->too_big = true;
		*upload_data_size = 0;
		return MHD_YES;
	}

	const char *q = strchr(p->uri, '?');
	struct emu_req r = {
		.method = method,
		.path = url,
		.query = q ? q + 1 : "",
		.body = p->body.p ? p->body.p : "",
		.body_len = p->body.len,
		.host = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST),
		.authorization = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
							     MHD_HTTP_HEADER_AUTHORIZATION),
		.content_type = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
							    MHD_HTTP_HEADER_CONTENT_TYPE),
		.port = atomic_load(&listen_port),
		.conn = c,
	};
	if (strcmp(url, "/_emu") == 0 || strncmp(url, "/_emu/", 6) == 0) {
		struct emu_resp resp = { 0 };
		emu_lock();
		control_handle(&r, &resp);
		emu_unlock();
		return send_resp(c, &resp);
	}
	return serve_api(c, p, &r);
}

int server_start(unsigned port, bool quiet)
{
	quiet_ = quiet;
	struct sockaddr_in addr;
	memset(&addr, 0, sizeof(addr));
	addr.sin_family = AF_INET;
	addr.sin_port = htons((uint16_t)port);
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION |
			 MHD_USE_POLL | (quiet ? 0 : MHD_USE_ERROR_LOG);
	daemon_ = MHD_start_daemon(flags, (uint16_t)port, NULL, NULL, on_request, NULL,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
		MHD_OPTION_URI_LOG_CALLBACK, on_uri, NULL,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
		MHD_OPTION_CONNECTION_LIMIT, (unsigned)4000,
		MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned)1024,
		MHD_OPTION_THREAD_STACK_SIZE, (size_t)(1024 * 1024),
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)300,
		MHD_OPTION_END);
	if (!daemon_) {
		fprintf(stderr, "origo-emu: cannot listen on 127.0.0.1:%u\n", port);
		return -1;
	}
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(daemon_, MHD_DAEMON_INFO_BIND_PORT);
	unsigned bound = info && info->port ? info->port : port;
	atomic_store(&listen_port, bound);
	return (int)bound;
}

void server_stop(void)
{
	if (daemon_)
		MHD_stop_daemon(daemon_);
	daemon_ = NULL;
}
