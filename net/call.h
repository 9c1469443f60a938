/* One call to a provider's API, internal to net/: the account as the
 * adapters and the shared code see it, the call in progress on a thread,
 * and the requests an adapter makes (base URL, Authorization, a new token
 * after a 401, JSON). */
#ifndef NET_CALL_H
#define NET_CALL_H

#include <cjson/cJSON.h>
#include "model/og.h"
#include "model/og_error.h"
#include "net/accounts.h"
#include "net/sync.h"
#include "net/http.h"
#include "net/settle.h"
#include "net/s3keys.h"
#include "net/exchange.h"

typedef struct net_provider net_provider;   /* net/provider.h */

struct net_account {
	char *name;
	char *base_url;        /* without a trailing slash */
	char *host;            /* of base_url, for messages */
	char *auth_header;     /* "Authorization: ..."; a secret, never shown */
	int timeout_seconds;
	const net_provider *prov;
	http_client sync_http; /* for the synchronous calls, on the caller's thread */
	void *priv;            /* the provider's own state (token cache, URLs);
	                          set by open(), released by close() */
	s3_keyring *s3keys;    /* providers with S3 keys (caps.s3_sources); else NULL */
	net_settle settle;     /* groups whose last write has an unknown outcome */
};

/* One call in progress: the account and the curl handle of this thread. */
typedef struct net_call {
	net_account *acct;
	http_client *http;
	/* Optional: takes each group of a list as soon as its page is parsed
	 * (see net_call_flush), so a long list never sits in memory whole. */
	net_group_sink sink;
	void *sink_ctx;
	/* Optional, instead of a sink (net_list_groups_text): each page's
	 * groups are made text and join *text_out as one piece, text_sep
	 * between two groups; the groups so far in text_groups. An adapter may
	 * make a page's text on another thread (net_call_text, or over the
	 * page's own JSON as its groups are read: net/text_over.h) and add it
	 * in order (net_call_text_append). */
	net_group_text text;
	const char *text_sep;
	og_pieces *text_out;
	size_t text_groups;
	/* Set when the groups are only shown, never written back (list
	 * --json): an adapter may then skip keeping the provider's objects. */
	bool shown_only;
	/* Optional: the body of a request of this call that failed with an
	 * HTTP status lands in *error_body (see http_request.error_body), so a
	 * form can put a 400's messages on the fields they name. */
	char **error_body;
	/* Set by an adapter that refused a write before sending because an S3
	 * source's bucket has no keys (s3keys.h): that bucket; "" otherwise. */
	char s3_missing[S3_BUCKET_MAX];
	/* Dry run (`origo disable --dry-run`): reads go out, a write does not.
	 * net_request_url, the one door of every API request, keeps the first
	 * write it was asked for in dry_request (redacted as the requests log
	 * redacts: method, URL, headers, body) and fails it with
	 * OG_ERR_REFUSED "dry run: ... not sent", so the adapter stops there.
	 * dry_request is the caller's to free (net_exchange_free). */
	bool dry_run;
	net_exchange *dry_request;
} net_call;

/* Hands the groups gathered in *l so far to c->sink (or, with c->text, as
 * text to c->text_out) and empties *l; does nothing without either. Adapters that page call it after each page.
 * 0, or -1 with err when the sink refused. */
int net_call_flush(net_call *c, og_group_list *l, og_error *err);
/* For c->text: the groups of *l made text into *t (empty at first), each
 * after c->text_sep, each freed; l is emptied. Reads nothing of c but
 * text and text_sep, so pages may be made text side by side. 0, or -1 with
 * err (out of memory). */
int net_call_text(const net_call *c, og_group_list *l, og_text *t, og_error *err);
/* Adds a page's text (of n groups, from net_call_text; taken) to
 * c->text_out after the groups before it (the list's first separator
 * skipped). 0, or -1 with err (out of memory; t as it was). */
int net_call_text_append(net_call *c, og_text *t, size_t n, og_error *err);

/* Wipes and frees a header or token (NULL ok): secrets do not linger. */
void net_auth_free(char *secret);
/* The same as net_request with an absolute URL (another host of the same
 * provider, e.g. Yandex's operation service). With an auth hook, a 401 is
 * answered by fetching a new token once and sending the request again. */
int net_request_url(net_call *c, const char *method, const char *url,
                    const char *body, http_response *resp, og_error *err);
/* net_request_url, parsing the body as JSON (an empty body is an error).
 * caller frees *out with cJSON_Delete(). */
int net_request_url_json(net_call *c, const char *method, const char *url,
                         const char *body, cJSON **out, og_error *err);
/* A JSON reader of a body of len bytes (NULL: not JSON), for a provider
 * whose numbers plain cJSON cannot hold (Yandex's int64 ids). */
typedef cJSON *net_json_parser(const char *text, size_t len);
/* net_request_url_json with the body read by `parse`. */
int net_request_url_parsed(net_call *c, const char *method, const char *url, const char *body,
                           net_json_parser *parse, cJSON **out, og_error *err);

/* base_url + path (path starts with '/'). 0 with a 2xx body in resp
 * (caller clears it with http_response_clear()), or -1 with err. */
int net_request(net_call *c, const char *method, const char *path,
                const char *body, http_response *resp, og_error *err);
/* The same, parsing the body as JSON. caller frees *out with cJSON_Delete(). */
int net_request_json(net_call *c, const char *method, const char *path,
                     const char *body, cJSON **out, og_error *err);

#endif
