/* One HTTP request over libcurl: timeouts, retries of reads, a size cap, the
 * mapping of transport failures and error statuses to og_error, and a
 * redacted record of every exchange for a later requests log.
 *
 * An http_client wraps one CURL easy handle and is used by one thread at a
 * time; keeping it across requests keeps keep-alive connections alive. */
#ifndef NET_HTTP_H
#define NET_HTTP_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include "model/og_error.h"

/* What a requests log may show of one exchange. Secrets are already "***". */
typedef struct http_record {
	const char *method;
	const char *url;
	const char *const *headers;   /* request headers, redacted */
	size_t n_headers;
	long status;                  /* 0: no HTTP response */
	double seconds;               /* wall time of this attempt */
	size_t response_bytes;
	int attempt;                  /* 0 first, 1.. retries */
	const char *error;            /* NULL, or the og_error message */
	/* Added for the requests log (net/reqlog.c). These are RAW, not
	 * redacted: a hook must pass them through reqlog's redaction before
	 * they go anywhere. Any may be NULL. */
	const char *account;          /* the request's account_name */
	const char *content_type;     /* of the request body */
	const char *request_body;
	size_t request_body_len;
	const char *response_head;    /* status line and headers, capped */
	const char *response_body;    /* as received (may be partial) */
	size_t response_body_len;
} http_record;

/* Called after every attempt, on the thread that made the request. */
typedef void (*http_log_fn)(const http_record *rec, void *user);

/* Turns an error body into one readable line (the API's own message).
 * Writes "" when it finds nothing better than the raw body. */
typedef void (*http_describe_fn)(const char *body, size_t len, char *out, size_t outsz);

typedef struct http_client {
	void *curl;                   /* CURL *, created lazily */
	void *multi;                  /* CURLM * driving it: holds the connection
	                                 cache and lets a stop be noticed in 50 ms */
	const atomic_bool *stop;      /* non-NULL: abort transfers and sleeps when set */
	http_log_fn log;              /* optional */
	void *log_user;
} http_client;

typedef struct http_request {
	const char *method;           /* "GET", "PATCH", ... */
	const char *url;              /* absolute */
	const char *auth_header;      /* "Authorization: ..." or NULL; never shown */
	const char *body;             /* NULL: none */
	size_t body_len;
	int timeout_seconds;          /* 0 = 20 */
	const char *account_name;     /* for the authentication message */
	http_describe_fn describe;    /* NULL: the generic one */
	const char *content_type;     /* NULL: application/json */
	/* Optional: when the request fails with an HTTP status, *error_body gets
	 * that response's body (NUL-terminated; the previous value is freed;
	 * caller frees with free()). Forms map a 400's fields from it. */
	char **error_body;
} http_request;

typedef struct http_response {
	long status;
	char *body;                   /* NUL-terminated; caller frees with http_response_clear() */
	size_t len;
} http_response;

/* Once per process, before any thread uses curl. Safe to call repeatedly. */
int http_global_init(og_error *err);

void http_client_init(http_client *c, const atomic_bool *stop);
void http_client_cleanup(http_client *c);

/* Performs `req`. 0 with a 2xx response in *resp; -1 with err set otherwise
 * (err->http_status set when a status arrived). GETs are retried on
 * connection errors, 429 and 5xx; other methods never. */
int http_perform(http_client *c, const http_request *req, http_response *resp, og_error *err);
void http_response_clear(http_response *r);

/* Performs n GET requests concurrently over c's multi handle (its connection
 * cache, so connections are reused across calls), at most `parallel` (1..64)
 * transfers and connections at a time. Each request is retried as
 * http_perform would; the stop flag aborts them all. resps[i] / errs[i] get
 * each one's outcome as http_perform's (clear every resps[i] with
 * http_response_clear()). Returns how many failed (0: all succeeded), or -1
 * when none could be started (errs[0..n) then all say why). */
int http_perform_many(http_client *c, const http_request *reqs, size_t n, int parallel,
                      http_response *resps, og_error *errs);

/* Whether an error status says nothing of what became of a write: a
 * gateway's 502, 503 or 504 (the server behind it may have applied it).
 * http_perform marks such a write's error maybe_applied; net/settle.c asks
 * the same. */
bool http_status_proves_nothing(long status);

/* http_perform_many, calling done(ctx, i) on the calling thread as soon as
 * request i has its final outcome in resps[i] / errs[i] (in the order they
 * finish), while the others go on: once the slots that ended are refilled
 * and the new requests sent, so the server works while done() does. done
 * may take resps[i]. When it returns
 * false, what has not finished is cancelled ("request cancelled"). A request
 * that never started (cancelled, out of memory) gets no call. */
typedef bool (*http_done_fn)(void *ctx, size_t i);
int http_perform_many_each(http_client *c, const http_request *reqs, size_t n, int parallel,
                           http_response *resps, og_error *errs, http_done_fn done, void *ctx);

/* The response size cap: ORIGO_MAX_RESPONSE_BYTES, else 64 MiB. */
size_t http_max_response_bytes(void);

/* The generic error-body description: `message`, else `errors` flattened,
 * else `detail`, else a top-level field->messages dict, else "". */
void http_describe_error_body(const char *body, size_t len, char *out, size_t outsz);

/* The host of an absolute URL into out ("" when it cannot be parsed). */
void http_url_host(const char *url, char *out, size_t outsz);

#endif
