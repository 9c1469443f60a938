/* The provider adapter interface (the vtable only), internal to net/.
 *
 * Each provider (net/gcore/, net/yandex/, net/edgio/) fills one
 * net_provider: its capability table, how it turns an account's credentials
 * into an Authorization header, list / get / write of one flag, its forms
 * and deletes. The shared code (account.c, sync.c, change.c, form_job.c,
 * worker.c) only calls through this table, so nothing outside an adapter
 * tests a provider's name. The registry is the providers table of
 * net/account.c; the request API adapters call is net/call.h. */
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
#include "net/call.h"

/* How the requests log's curl line (net/reqlog.c) authenticates as an
 * account of a provider, without a secret in it. */
typedef struct net_curl_auth {
	char header[160];           /* the Authorization value, naming variables
	                               ("APIKey $GCORE_API_KEY") */
	const char *secret_var;     /* the variable a masked value (***) of a
	                               header or of the body stands for */
	const char *hint;           /* what to set before running it */
	/* Optional: puts in the body the variable of each masked secret it can
	 * name (reqlog_var_marker()), e.g. one a key; true when it put any,
	 * and then `marked_hint` is the hint. */
	bool (*mark_body)(cJSON *body, const og_account *acct);
	const char *marked_hint;
} net_curl_auth;

/* The adapter of provider `name` in the registry (net/account.c); NULL or
 * "" gives the first, as an account that names none; NULL when unknown. */
const net_provider *net_provider_named(const char *name);
/* The i-th adapter of the registry; NULL past the last. */
const net_provider *net_provider_at(size_t i);

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
	/* The requests log's curl line for account `acct` (NULL: one without
	 * settings): fills out, whose defaults leave the header masked. */
	void (*curl_auth)(const og_account *acct, net_curl_auth *out);
	/* The members of its JSON bodies and forms whose values are secrets,
	 * beyond the usual names (net/reqlog.c): NULL-terminated; NULL: none.
	 * The requests log masks them in every exchange. */
	const char *const *secret_fields;

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

#endif
