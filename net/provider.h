/* The provider adapter interface, internal to net/.
 *
 * Each provider (Gcore now; Yandex and Edgio later) fills one net_provider:
 * its capability table, how it turns an account's credentials into an
 * Authorization header, and list / get / write of one flag. The shared code
 * (account.c, sync.c, change.c, worker.c) only calls through this table, so
 * nothing outside an adapter tests a provider's name. */
#ifndef NET_PROVIDER_H
#define NET_PROVIDER_H

#include <cjson/cJSON.h>
#include "model/og.h"
#include "model/form.h"
#include "model/caps.h"
#include "model/change.h"
#include "model/config.h"
#include "model/og_error.h"
#include "net/http.h"
#include "net/settle.h"
#include "net/worker.h"
#include "net/s3keys.h"

typedef struct net_provider net_provider;

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
} net_call;

/* Hands the groups gathered in *l so far to c->sink and empties *l; does
 * nothing without a sink. Adapters that page call it after each page.
 * 0, or -1 with err when the sink refused. */
int net_call_flush(net_call *c, og_group_list *l, og_error *err);

struct net_provider {
	const char *name;                 /* the config's `provider` value */
	const char *default_url;
	const og_caps *caps;
	/* Resolves credentials into a->auth_header (heap). OG_ERR_CONFIG naming
	 * what to set when they are missing. No network I/O. */
	int (*open)(net_account *a, const og_account *acct, og_error *err);
	/* Every group. */
	int (*list)(net_call *c, og_group_list *out, og_error *err);
	/* One group by id; OG_ERR_NOTFOUND when there is none.
	 * caller frees *out with og_group_free(). */
	int (*get)(net_call *c, const char *id, og_group **out, og_error *err);
	/* Sends `fresh` back with flag ch->field of source ch->source_key set to
	 * ch->to and everything else as it came. *out: the group after the
	 * write (caller frees with og_group_free()). */
	int (*write_flag)(net_call *c, const og_group *fresh, const og_change *ch,
	                  og_group **out, og_error *err);
	/* The key of a flag in a source's raw object; NULL: not kept there. */
	const char *(*flag_key)(og_field f);
	/* The API's own message from an error body (NULL: the generic one). */
	http_describe_fn describe_error;

	/* ---- optional (NULL: not used), added for Yandex and Edgio ---- */
	/* Releases a->priv. */
	void (*close)(net_account *a);
	/* The "Authorization: ..." header for the next request, from a token
	 * cache shared by the account's threads; *header is the caller's to
	 * free with net_auth_free(). `refused` is the header a request was just
	 * answered 401 with (NULL otherwise): the token is then fetched again,
	 * unless another thread has already replaced it. When this hook is NULL
	 * the fixed a->auth_header is used. */
	int (*auth)(net_call *c, const char *refused, char **header, og_error *err);
	/* Whether a source's raw objects are the same apart from the flags and
	 * the order (conflict check); NULL: the default of net/change.c. Sets
	 * *oom on out of memory. */
	bool (*raw_same)(const cJSON *fresh, const cJSON *seen, bool *oom);

	/* ---- forms (issue 4); NULL: the provider has no such form ----
	 * The adapter owns its forms: which fields, the documented checks, the
	 * request bodies and the mapping of its error bodies onto fields. The
	 * shared code (net/form_job.c) only does the fresh read and the conflict
	 * rule around them, and the UI only draws what the adapter filled. */
	/* Fills f (form_init'ed by the caller with a title; the adapter may set
	 * a better one) with the fields of target t, from g (the group shown;
	 * NULL for FORM_GROUP_NEW) and s (the source, FORM_SOURCE_EDIT only).
	 * No I/O. -1 with err (OG_ERR_REFUSED and why) when the provider has no
	 * such form or cannot edit this group / source. */
	int (*form_fill)(form *f, form_target t, const og_group *g, const og_source *s,
	                 og_error *err);
	/* Checks every shown field with the documented rules, before anything
	 * is sent; puts the reason on each wrong field (form_set_error). g and
	 * s as for form_fill (on the worker: the fresh group; uniqueness is
	 * checked against it). true when it may be sent. */
	bool (*form_check)(form *f, form_target t, const og_group *g, const og_source *s);
	/* Sends the form. fresh: the group as just read (NULL for
	 * FORM_GROUP_NEW); source_key: the source being edited
	 * (FORM_SOURCE_EDIT; NULL otherwise). Waits on the provider's
	 * operations. *out: the group after the write (caller frees with
	 * og_group_free()). When the provider refuses, the messages of its body
	 * go on the fields they name (form_set_error; the rest on f->error) and
	 * err says it in one line. */
	int (*form_save)(net_call *c, form *f, form_target t, const og_group *fresh,
	                 const char *source_key, og_group **out, og_error *err);
	/* Deletes group `fresh`. When it is in use, err says what uses it
	 * (Gcore's 400, Yandex's resourcesMetadata) and nothing is deleted. */
	int (*delete_group)(net_call *c, const og_group *fresh, og_error *err);
	/* Deletes source `source_key` of group `fresh`. *out: the group after
	 * (caller frees with og_group_free()). A source the provider cannot
	 * delete on its own is OG_ERR_REFUSED with why and what to do. */
	int (*delete_source)(net_call *c, const og_group *fresh, const char *source_key,
	                     og_group **out, og_error *err);
};

extern const net_provider gcore_provider;
extern const net_provider yandex_provider;
extern const net_provider edgio_provider;

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

/* base_url + path (path starts with '/'). 0 with a 2xx body in resp
 * (caller clears it with http_response_clear()), or -1 with err. */
int net_request(net_call *c, const char *method, const char *path,
                const char *body, http_response *resp, og_error *err);
/* The same, parsing the body as JSON. caller frees *out with cJSON_Delete(). */
int net_request_json(net_call *c, const char *method, const char *path,
                     const char *body, cJSON **out, og_error *err);

/* The shared write path: fresh read, conflict check, rules, write.
 * *out: the server's group after the job (also on conflict), or NULL. */
int net_change_flag(net_call *c, const og_change *ch, const og_source *seen,
                    og_group **out, og_error *err);

/* The form jobs (net/form_job.c): fresh read, conflict rule, the adapter's
 * check, then its form_save. group_id: NULL for FORM_GROUP_NEW; seen: the
 * group as the form opened on it (NULL for FORM_GROUP_NEW). On a refusal f
 * carries the field errors back. *out as net_change_flag. */
int net_save_form(net_call *c, form *f, form_target t, const char *group_id,
                  const char *source_key, const og_group *seen, og_group **out, og_error *err);
/* Deletes the group (source_key NULL) or one source, after a fresh read:
 * a source changed since `seen` is a conflict (nothing sent). *gone: the
 * group no longer exists (deleted now, or already). *out: the group after
 * a source delete, or on conflict. */
int net_delete(net_call *c, const char *group_id, const char *source_key, const og_group *seen,
               og_group **out, bool *gone, og_error *err);

#endif
