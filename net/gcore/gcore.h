/* The Gcore CDN adapter: JSON <-> model, request bodies, and its provider
 * table. The pure functions here need no network, for the unit tests. */
#ifndef NET_GCORE_H
#define NET_GCORE_H

#include <stdbool.h>
#include <stddef.h>
#include <cjson/cJSON.h>
#include "model/og.h"
#include "model/caps.h"
#include "model/change.h"
#include "model/form.h"
#include "model/og_error.h"
#include "net/s3keys.h"

struct net_call;   /* net/call.h */

extern const og_caps gcore_caps;

/* One group object (read by gcore_scan_group from its printed text: the
 * tests', and any caller's that holds a tree). caller frees *out with
 * og_group_free(). Each source's raw is its object verbatim; the group's
 * raw is the group object verbatim without "sources" (held once, in the
 * sources' raw, in order). */
int gcore_parse_group(const cJSON *j, og_group **out, og_error *err);

/* What one list page said about paging. */
typedef struct gcore_page {
	bool envelope;      /* {count,next,previous,results}; false: a bare array */
	double count;       /* the envelope's count */
	size_t n_results;   /* groups on this page */
} gcore_page;

/* Appends the groups of one list page (either shape) to `out`, with their
 * raw objects (gcore_scan_page; its messages, and "malformed list of
 * origin groups (not JSON)" for a text cJSON refuses). */
int gcore_parse_list(const char *text, size_t len, og_group_list *out, gcore_page *page,
                     og_error *err);

/* The PATCH body that sets one flag of one source: {"name", "sources"} with
 * every source of `fresh` as gcore_source_for_write() makes it, in order,
 * and only c->field of the source keyed c->source_key set to c->to.
 * caller frees with free(). NULL with err; `missing` as there. */
char *gcore_build_change_body(const og_group *fresh, const og_change *c, s3_keyring *keys,
                              char *missing, og_error *err);

/* The API's message from an error body (see http_describe_error_body). */
void gcore_describe_error(const char *body, size_t len, char *out, size_t outsz);

/* ---- writes shared by the toggles and the forms (net/gcore/gcore.c) ---- */

/* A source's raw object as every write sends it back: a copy, except that
 * an S3 source carries its bucket's keys from `keys` in place of the mask
 * GET shows ("SECRET_VALUE"): the official spec (S3Config) requires both in
 * every S3 source of a PUT or PATCH. Without keys for the bucket: NULL with
 * err OG_ERR_REFUSED saying how to supply them, and the bucket in
 * `missing` (S3_BUCKET_MAX bytes; may be NULL). Out of memory: NULL with
 * OG_ERR_INTERNAL. caller frees with cJSON_Delete(). */
cJSON *gcore_source_for_write(const cJSON *raw, s3_keyring *keys, char *missing, og_error *err);
/* Puts both keys into an S3 source object's config (replacing any).
 * false when it has no config object or memory ran out. */
bool gcore_s3_put_keys(cJSON *src, const char *access, const char *secret);
/* PATCHes group `id` with `body` (taken). *out: the group after the write
 * (caller frees with og_group_free(); NULL when neither the answer nor a
 * read-back could be parsed, the write having happened). */
int gcore_patch_group(struct net_call *c, const char *id, char *body, og_group **out,
                      og_error *err);

/* ---- the forms (net/gcore/gcore_form.c) ---- */

/* The provider hooks of net/provider.h (see there). */
int gcore_form_fill(form *f, form_target t, const og_group *g, const og_source *s,
                    og_error *err);
bool gcore_form_check(form *f, form_target t, const og_group *g, const og_source *s);
int gcore_form_save(struct net_call *c, form *f, form_target t, const og_group *fresh,
                    const char *source_key, og_group **out, og_error *err);
int gcore_delete_group(struct net_call *c, const og_group *fresh, og_error *err);
int gcore_delete_source(struct net_call *c, const og_group *fresh, const char *source_key,
                        og_group **out, og_error *err);

/* The request body form_save sends for target t (POST for FORM_GROUP_NEW,
 * PATCH otherwise), built from the form and `fresh` (NULL for
 * FORM_GROUP_NEW); source_key: the source a FORM_SOURCE_EDIT edits.
 * Every other source goes back as gcore_source_for_write() makes it.
 * caller frees with free(); NULL with err (OG_ERR_CONFLICT when the source
 * is gone from fresh). */
char *gcore_form_body(form *f, form_target t, const og_group *fresh, const char *source_key,
                      s3_keyring *keys, char *missing, og_error *err);
/* The PATCH body that removes source `key` from `fresh`, or NULL with err:
 * OG_ERR_REFUSED (nothing to send) when it is the last source or the group
 * would keep no enabled source that is not backup; OG_ERR_CONFLICT when it
 * is gone. caller frees with free(). */
char *gcore_delete_source_body(const og_group *fresh, const char *key, s3_keyring *keys,
                               char *missing, og_error *err);
/* Puts the messages of a Gcore 400 body on the fields they name: "name",
 * "use_next", "proxy_next_upstream", and per source
 * {"sources":{"<key>":{"<field>":[..]}}} on this form's source field when
 * <key> is this_key (the host string or bucket this form sent) or
 * "s3_entry_<this_index>" / "<this_index>"; anything else goes on f->error,
 * naming the source. Fields already set are kept; messages add up. */
void gcore_map_error_body(form *f, const char *body, size_t len, const char *this_key,
                          long this_index);
/* The one-line reason a DELETE's 400 body gives for a group in use
 * ({"name":["There are resources using this group"]}, no "errors"
 * wrapper), into out; false when the body is not that. */
bool gcore_in_use_reason(const char *body, size_t len, char *out, size_t outsz);

/* The adapter, registered in net/account.c's providers table. */
extern const struct net_provider gcore_provider;

/* ---- what the requests log knows of it (net/gcore/gcore_reqlog.c) ---- */
struct og_account;
struct net_curl_auth;
/* The net_provider curl_auth hook (net/provider.h). */
void gcore_curl_auth(const struct og_account *acct, struct net_curl_auth *out);
/* Its secret_fields (net/provider.h). */
extern const char *const gcore_secret_fields[];

#endif
