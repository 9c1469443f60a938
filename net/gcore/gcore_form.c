/* The Gcore forms (issue 4): which fields each form has, the documented
 * checks (../shared/api/gcore.md §3.2, §3.5), the request bodies, the mapping
 * of Gcore's 400 bodies back onto the fields, and the deletes.
 *
 * S3 credentials: GET answers every S3 key as "SECRET_VALUE", and the
 * official spec (S3Config) requires both keys in every S3 source a PUT or
 * PATCH sends. So every S3 source goes back with its bucket's keys from the
 * account's key ring (gcore_source_for_write), or, for the source a form
 * edits, with the keys typed in the form; a write lacking keys is refused
 * before it is sent. The mask is never sent. */
#include "net/gcore/gcore.h"
#include "net/gcore/gcore_scan.h"
#include "net/hostport.h"
#include "net/form_table.h"
#include "net/json.h"
#include "net/provider.h"
#include "net/reqlog.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const kind_items[] = { "host", "s3" };
static const char *const s3_type_items[] = { "amazon", "other" };
#define SHOW_HOST 1u   /* bit of kind_items[0] */
#define SHOW_S3   2u   /* bit of kind_items[1] */

#define HINT_KEEP_KEY "empty: keep the stored key"
#define HINT_NEW_KEY  "required; typed hidden, never shown"

/* ---- host sources -------------------------------------------------------- */

/* A host source (gcore.md §3.5): no scheme, no path, a port 1..65535, at
 * most 255 characters. */
#define HOST_RULES { \
	.max_chars = 255, .length_first = true, .path_chars = "/", .control_is_space = true, \
}

/* Gcore's words for each problem (net/hostport.h). */
static const char *const host_words[HOSTPORT_N_PROBLEMS] = {
	[HOSTPORT_EMPTY] = "a host is required: a domain name or an IPv4 address, optionally :port",
	[HOSTPORT_SCHEME] = "without a scheme: the host alone, no http:// or https://",
	[HOSTPORT_PATH] = "without a path: the host alone, nothing from the first /",
	[HOSTPORT_SPACE] = "no spaces: a domain name or an IPv4 address, optionally :port",
	[HOSTPORT_V6_UNCLOSED] = "an IPv6 address needs its closing ]",
	[HOSTPORT_AFTER_V6] = "after ] only :port may follow",
	[HOSTPORT_BARE_V6] = "one :port at most (an IPv6 address goes in brackets)",
	[HOSTPORT_NO_HOST] = "a host is required before :port",
	[HOSTPORT_PORT] = "the port must be a number from 1 to 65535",
};

/* The source field's validator: the table has said "required" and "at
 * most 255" already. */
/* (the rules written in place: clang, which builds the fuzzers, takes no
 * const object as a static initializer) */
static const form_hostport host_check = { .rules = HOST_RULES, .words = host_words };

/* ---- the group's and the source's fields, as data ------------------------ */

/* proxy_next_upstream's cases (gcore.md §3.1), in the API's order. */
static const char *const next_upstream_cases[] = {
	"error", "timeout", "invalid_header", "http_403", "http_404",
	"http_429", "http_500", "http_502", "http_503", "http_504",
};
/* the documented default cases (gcore.md §3.1) */
static const char *const default_cases[] = { "error", "timeout" };

/* A group's settings. use_next's own default is undocumented, so it starts
 * off and is always sent. */
static const form_spec group_table[] = {
	{ .key = "name", .label = "Name", .kind = FORM_TEXT, .path = "name",
	  .send = FORM_SEND_VALUE, .required = "a name is required", .max_chars = 255,
	  .max_counts = true, .part = 1 },
	{ .key = "use_next", .label = "Use next", .kind = FORM_CHECKBOX, .path = "use_next",
	  .send = FORM_SEND_VALUE, .part = 1 },
	{ .key = "proxy_next_upstream", .label = "Next upstream cases", .kind = FORM_CHECKLIST,
	  .path = "proxy_next_upstream", .items = next_upstream_cases, .n_items = 10,
	  .ticked = default_cases, .n_ticked = 2, .send = FORM_SEND_VALUE, .part = 1,
	  .required = "tick at least one case while Use next is on", .required_if = "use_next",
	  .required_mask = 2u },
};
#define N_GROUP_TABLE (sizeof group_table / sizeof group_table[0])

/* Which forms show a field: the kind choice (new sources only), a host
 * source's, an S3 source's, every source's. */
enum { P_KIND = 1u, P_HOST = 2u, P_S3 = 4u, P_COMMON = 8u };

static const form_spec source_table[] = {
	{ .key = "kind", .label = "Kind", .kind = FORM_CHOICE, .part = P_KIND,
	  .items = kind_items, .n_items = 2 },
	{ .key = "source", .label = "Source", .kind = FORM_TEXT, .path = "source",
	  .hint = "host or IPv4, optional :port", .part = P_HOST, .show_if = "kind",
	  .show_mask = SHOW_HOST, .send = FORM_SEND_VALUE,
	  .required = "a host is required: a domain name or an IPv4 address, optionally :port",
	  .max_chars = 255, .max_counts = true, .validate = form_table_hostport,
	  .arg = &host_check },
	{ .key = "s3_type", .label = "S3 type", .kind = FORM_CHOICE, .path = "config/s3_type",
	  .part = P_S3, .show_if = "kind", .show_mask = SHOW_S3, .items = s3_type_items,
	  .n_items = 2, .send = FORM_SEND_VALUE },
	{ .key = "s3_bucket_name", .label = "Bucket", .kind = FORM_TEXT,
	  .path = "config/s3_bucket_name", .part = P_S3, .show_if = "kind", .show_mask = SHOW_S3,
	  .send = FORM_SEND_VALUE, .required = "a bucket name is required", .max_chars = 256,
	  .max_counts = true },
	{ .key = "s3_region", .label = "Region", .kind = FORM_TEXT, .path = "config/s3_region",
	  .hint = "required for amazon", .part = P_S3, .show_if = "kind", .show_mask = SHOW_S3,
	  .send = FORM_SEND_OR_ABSENT, .max_chars = 255, .required_if = "s3_type",
	  .required_mask = 1u, .required = "a region is required for S3 type amazon (e.g. eu-west-1)" },
	{ .key = "s3_storage_hostname", .label = "Storage hostname", .kind = FORM_TEXT,
	  .path = "config/s3_storage_hostname", .hint = "required for other", .part = P_S3,
	  .show_if = "kind", .show_mask = SHOW_S3, .send = FORM_SEND_OR_ABSENT, .max_chars = 255,
	  .required_if = "s3_type", .required_mask = 2u,
	  .required = "a storage hostname is required for S3 type other" },
	/* The stored keys are never shown (GET masks them anyway): an edit
	 * starts empty and sends keys only when both are typed (the adapter
	 * sends them, and says which hint applies). */
	{ .key = "s3_access_key_id", .label = "Access key", .kind = FORM_TEXT, .part = P_S3,
	  .show_if = "kind", .show_mask = SHOW_S3, .masked = true },
	{ .key = "s3_secret_access_key", .label = "Secret key", .kind = FORM_TEXT, .part = P_S3,
	  .show_if = "kind", .show_mask = SHOW_S3, .masked = true },
	{ .key = "host_header_override", .label = "Host header", .kind = FORM_TEXT,
	  .path = "host_header_override", .part = P_COMMON, .send = FORM_SEND_OR_NULL,
	  .max_chars = 255, .max_counts = true },
	{ .key = "enabled", .label = "Enabled", .kind = FORM_CHECKBOX, .path = "enabled",
	  .part = P_COMMON, .on = true, .send = FORM_SEND_VALUE },
	{ .key = "backup", .label = "Backup", .kind = FORM_CHECKBOX, .path = "backup",
	  .part = P_COMMON, .send = FORM_SEND_VALUE },
};
#define N_SOURCE_TABLE (sizeof source_table / sizeof source_table[0])

/* ---- small helpers ------------------------------------------------------- */

static const char *gname(const og_group *g)
{
	return g && g->name && g->name[0] ? g->name : (g && g->id ? g->id : "");
}

/* Gcore's refusals: every message of a field is shown, one after another. */
static const form_error_policy gcore_errors = { .add_up = true, .line_once = false };

/* The raw (untrimmed) text of a field; "" when there is none. */
static const char *raw_text(form *f, const char *key)
{
	form_field *ff = form_find(f, key);
	return ff && ff->kind == FORM_TEXT ? ff->text : "";
}

/* Whether this form edits an S3 source: the kind chosen, or on an edit
 * form (no kind field) the source's own kind. */
static bool form_is_s3(form *f, const og_source *s)
{
	const char *k = form_choice(f, "kind");
	if (k)
		return strcmp(k, "s3") == 0;
	return s ? s->kind == OG_KIND_S3 : form_find(f, "s3_bucket_name") != NULL;
}

/* The identity of the source this form sends: host string or bucket. */
static const char *form_source_key(form *f, const og_source *s, char *buf, size_t n)
{
	return form_text(f, form_is_s3(f, s) ? "s3_bucket_name" : "source", buf, n);
}

/* ---- form_fill ----------------------------------------------------------- */

static bool legacy_group(const og_group *g)
{
	const char *at = g && og_group_raw(g) ? json_str(og_group_raw(g), "auth_type") : NULL;
	return at && strcmp(at, "awsSignatureV4") == 0;
}

/* The source fields: for a new source (s NULL) host or S3 by the kind
 * choice; else only those of s's own kind, filled from s. */
static void add_source_fields(form *f, const og_source *s)
{
	unsigned parts = !s ? P_KIND | P_HOST | P_S3 | P_COMMON
	                    : (s->kind == OG_KIND_S3 ? P_S3 : P_HOST) | P_COMMON;
	form_table_fill(f, source_table, N_SOURCE_TABLE, parts, s ? og_source_raw(s) : NULL,
	                s ? 0 : FORM_FILL_SHOW_IF);
	form_set_hint(form_find(f, "s3_access_key_id"), s ? HINT_KEEP_KEY : HINT_NEW_KEY);
	form_set_hint(form_find(f, "s3_secret_access_key"), s ? HINT_KEEP_KEY : HINT_NEW_KEY);
}

int gcore_form_fill(form *f, form_target t, const og_group *g, const og_source *s,
                    og_error *err)
{
	switch (t) {
	case FORM_GROUP_NEW:
		form_table_fill(f, group_table, N_GROUP_TABLE, 1, NULL, 0);
		add_source_fields(f, NULL);
		break;
	case FORM_GROUP_EDIT:
		if (!og_group_raw(g)) {
			og_error_set(err, OG_ERR_INTERNAL, "group \"%s\" has no server copy", gname(g));
			return -1;
		}
		form_table_fill(f, group_table, N_GROUP_TABLE, 1, og_group_raw(g), 0);
		break;
	case FORM_SOURCE_NEW:
		if (legacy_group(g)) {
			og_error_set(err, OG_ERR_REFUSED, "group \"%s\" is a legacy S3 group (auth_type "
			             "awsSignatureV4) without sources; origo cannot add sources to it",
			             gname(g));
			return -1;
		}
		add_source_fields(f, NULL);
		break;
	case FORM_SOURCE_EDIT:
		if (s->kind != OG_KIND_HOST && s->kind != OG_KIND_S3) {
			og_error_set(err, OG_ERR_REFUSED, "source \"%s\" is a %s source: origo edits host "
			             "and S3 sources only (use the Gcore portal for it)", s->key,
			             og_kind_name(s->kind));
			return -1;
		}
		if (s->kind == OG_KIND_S3 && !og_source_raw(s)) {
			og_error_set(err, OG_ERR_INTERNAL, "source \"%s\" has no server copy", s->key);
			return -1;
		}
		add_source_fields(f, s);
		if (s->kind == OG_KIND_S3)
			/* the key fields' hints say that empty keys stay as stored:
			 * the title bar is too narrow for it at 80 columns */
			snprintf(f->title, sizeof f->title, "edit S3 source %s", s->key);
		break;
	}
	f->touched = false;
	return 0;
}

/* ---- form_check ---------------------------------------------------------- */

/* Whether g has another source (not `except`) with this identity: host
 * strings compare without case (they are host names), buckets exactly. */
static const og_source *duplicate_of(const og_group *g, const char *except, bool s3,
                                     const char *key)
{
	for (size_t i = 0; g && i < g->n_sources; i++) {
		const og_source *o = &g->sources[i];
		if (except && o->key && strcmp(o->key, except) == 0)
			continue;
		if (!o->key || (o->kind == OG_KIND_S3) != s3)
			continue;
		if (s3 ? strcmp(o->key, key) == 0 : strcasecmp(o->key, key) == 0)
			return o;
	}
	return NULL;
}

/* One key field: required (need) or empty, else the spec's rule on it
 * (net/s3keys.c, the one place of the rule). The message never quotes the
 * value: it is a secret. */
static void check_key(form *f, const char *key, const char *(*problem)(const char *),
                      bool required, const char *required_msg)
{
	const char *v = raw_text(f, key);
	const char *why;
	if (!*v) {
		if (required)
			form_field_error(f, key, "%s", required_msg);
		return;
	}
	if ((why = problem(v)))
		form_field_error(f, key, "%s", why);
}

static void check_s3(form *f, form_target t, const og_group *g, const og_source *s)
{
	char bucket[FORM_TEXT_MAX];
	form_text(f, "s3_bucket_name", bucket, sizeof bucket);
	/* required and lengths: the table's; a bucket already said wrong keeps
	 * that reason (form_field_error) */
	if (bucket[0] && duplicate_of(g, t == FORM_SOURCE_EDIT && s ? s->key : NULL, true, bucket))
		form_field_error(f, "s3_bucket_name", "group \"%s\" already has bucket \"%s\": a bucket "
		                 "is unique in a group", gname(g), bucket);
	/* the region or storage hostname its S3 type needs: the table's */

	/* A new S3 source (or an edit moving to another bucket, which the API
	 * cannot match to stored keys) needs both keys; an edit sends both or
	 * neither (neither: the stored keys stay). */
	bool moved = t == FORM_SOURCE_EDIT && s && s->key && strcmp(s->key, bucket) != 0;
	bool need = t != FORM_SOURCE_EDIT || moved;
	const char *req = moved ? "required: bucket changed, so type this bucket's keys"
	                        : "required for a new S3 source";
	const char *ak = raw_text(f, "s3_access_key_id"), *sk = raw_text(f, "s3_secret_access_key");
	if (!need && (!*ak) != (!*sk)) {
		need = true;
		req = "type both keys, or leave both empty to keep the stored ones";
	}
	check_key(f, "s3_access_key_id", s3_access_key_problem, need, req);
	check_key(f, "s3_secret_access_key", s3_secret_key_problem, need, req);
}

/* The group needs a source that is enabled and not backup, and not every
 * source may be backup (gcore.md §3.5), counting the form's source. */
static void check_flags(form *f, form_target t, const og_group *g, const og_source *s)
{
	bool en = form_on(f, "enabled"), bk = form_on(f, "backup");
	bool all_backup = bk, active = en && !bk;
	for (size_t i = 0; t != FORM_GROUP_NEW && g && i < g->n_sources; i++) {
		const og_source *o = &g->sources[i];
		if (t == FORM_SOURCE_EDIT && s && o->key && s->key && strcmp(o->key, s->key) == 0)
			continue;
		all_backup = all_backup && o->backup == OG_YES;
		active = active || (o->enabled != OG_NO && o->backup != OG_YES);
	}
	if (all_backup)
		form_field_error(f, "backup", "every source of the group would be backup: "
		            "at least one must not be");
	else if (!active)
		form_field_error(f, "enabled", "the group needs an enabled source that is not backup");
}

bool gcore_form_check(form *f, form_target t, const og_group *g, const og_source *s)
{
	if (t == FORM_GROUP_NEW || t == FORM_GROUP_EDIT) {
		form_clear_errors(f);
		form_table_check(f, group_table, N_GROUP_TABLE);
	}
	if (t == FORM_GROUP_EDIT)
		return !form_has_errors(f);

	form_table_check(f, source_table, N_SOURCE_TABLE);
	if (form_is_s3(f, s)) {
		check_s3(f, t, g, s);
	} else if (form_shown(f, "source")) {
		char host[FORM_TEXT_MAX];
		form_text(f, "source", host, sizeof host);
		const og_source *dup = duplicate_of(g, t == FORM_SOURCE_EDIT && s ? s->key : NULL, false,
		                                    host);
		if (dup)   /* a source already said wrong keeps that reason */
			form_field_error(f, "source", "group \"%s\" already has source \"%s\": sources "
			                 "are unique in a group", gname(g), dup->key);
	}
	check_flags(f, t, g, s);
	return !form_has_errors(f);
}

/* ---- request bodies ------------------------------------------------------ */

static bool set_item(cJSON *o, const char *key, cJSON *v)
{
	if (!v)
		return false;
	if (cJSON_GetObjectItemCaseSensitive(o, key))
		return cJSON_ReplaceItemInObjectCaseSensitive(o, key, v);
	return cJSON_AddItemToObject(o, key, v);
}

/* The source object this form describes. base: the source's raw as just
 * read (FORM_SOURCE_EDIT; its other members, e.g. "tag", are kept), NULL
 * for a new one. caller frees with cJSON_Delete(); NULL on out of memory. */
static cJSON *form_source_json(form *f, const og_source *s, const cJSON *base,
                               const char *ak, const char *sk)
{
	bool s3 = form_is_s3(f, s);
	cJSON *o = base ? cJSON_Duplicate(base, 1) : cJSON_CreateObject();
	if (!o)
		return NULL;
	if (!s3) {
		cJSON_DeleteItemFromObjectCaseSensitive(o, "config");
		cJSON_DeleteItemFromObjectCaseSensitive(o, "origin_type");
	} else {
		cJSON_DeleteItemFromObjectCaseSensitive(o, "source");
		if (!cJSON_GetObjectItemCaseSensitive(o, "origin_type")) {
			/* an explicit S3 source, origin_type first as in the docs */
			cJSON *t = cJSON_CreateString("s3");
			bool placed = false;
			if (t && o->child && (t->string = strdup("origin_type")))
				placed = cJSON_InsertItemInArray(o, 0, t);
			else if (t && !o->child)
				placed = cJSON_AddItemToObject(o, "origin_type", t);
			if (!placed) {
				cJSON_Delete(t);
				cJSON_Delete(o);
				return NULL;
			}
		}
	}
	/* the fields of the table: source or S3 config, header, flags */
	bool ok = form_table_write(f, source_table, N_SOURCE_TABLE, (s3 ? P_S3 : P_HOST) | P_COMMON,
	                           o, 0);
	if (ok && s3) {
		/* the mask of base is never sent back: the keys given are */
		cJSON *cfg = cJSON_GetObjectItemCaseSensitive(o, "config");
		cJSON_DeleteItemFromObjectCaseSensitive(cfg, "s3_access_key_id");
		cJSON_DeleteItemFromObjectCaseSensitive(cfg, "s3_secret_access_key");
		if (ak && sk && *ak && *sk)
			ok = set_item(cfg, "s3_access_key_id", cJSON_CreateString(ak)) &&
			     set_item(cfg, "s3_secret_access_key", cJSON_CreateString(sk));
	}
	if (!ok) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

char *gcore_form_body(form *f, form_target t, const og_group *fresh, const char *source_key,
                      s3_keyring *keys, char *missing, og_error *err)
{
	const char *ak = raw_text(f, "s3_access_key_id"), *sk = raw_text(f, "s3_secret_access_key");
	cJSON *b = cJSON_CreateObject();
	cJSON *arr = NULL;
	bool ok = b != NULL;
	if (t == FORM_GROUP_EDIT) {
		if (!ok || !form_table_write(f, group_table, N_GROUP_TABLE, 1, b, 0))
			goto oom;
		return json_print_take(b, err);
	}
	if (t == FORM_GROUP_NEW) {
		ok = ok && form_table_write(f, group_table, N_GROUP_TABLE, 1, b, 0) &&
		     (arr = cJSON_AddArrayToObject(b, "sources"));
		cJSON *src = ok ? form_source_json(f, NULL, NULL, ak, sk) : NULL;
		ok = ok && src && cJSON_AddItemToArray(arr, src);
		if (!ok)
			goto oom;
		return json_print_take(b, err);
	}
	long idx = -1;
	if (t == FORM_SOURCE_EDIT) {
		idx = fresh ? og_group_find_source(fresh, source_key ? source_key : "") : -1;
		if (idx < 0) {
			cJSON_Delete(b);
			og_error_set(err, OG_ERR_CONFLICT, "source \"%s\" is no longer in group \"%s\" on "
			             "the server; nothing was sent", source_key ? source_key : "",
			             gname(fresh));
			return NULL;
		}
	}
	/* "name" too, as the toggles send it: the SPEC marks it required */
	ok = ok && fresh && cJSON_AddStringToObject(b, "name", fresh->name ? fresh->name : "") &&
	     (arr = cJSON_AddArrayToObject(b, "sources"));
	for (size_t i = 0; ok && i < fresh->n_sources; i++) {
		const og_source *s = &fresh->sources[i];
		if (!og_source_raw(s)) {
			cJSON_Delete(b);
			og_error_set(err, OG_ERR_INTERNAL, "source \"%s\" has no server copy to send back",
			             s->key ? s->key : "");
			return NULL;
		}
		cJSON *o;
		if ((long)i != idx) {
			if (!(o = gcore_source_for_write(og_source_raw(s), keys, missing, err))) {
				cJSON_Delete(b);
				return NULL;
			}
		} else if (form_is_s3(f, s) && !(*ak && *sk)) {
			/* keys not typed: the stored bucket's keys from the ring */
			char rak[S3_KEY_MAX], rsk[S3_KEY_MAX];
			if (!s3_keyring_get(keys, s->key, rak, rsk)) {
				char why[sizeof err->msg];
				s3_keyring_howto(keys, s->key, why, sizeof why);
				og_error_set(err, OG_ERR_REFUSED, "%s", why);
				if (missing)
					snprintf(missing, S3_BUCKET_MAX, "%s", s->key);
				cJSON_Delete(b);
				return NULL;
			}
			o = form_source_json(f, s, og_source_raw(s), rak, rsk);
			explicit_bzero(rak, sizeof rak);
			explicit_bzero(rsk, sizeof rsk);
		} else {
			o = form_source_json(f, s, og_source_raw(s), ak, sk);
		}
		ok = o && cJSON_AddItemToArray(arr, o);
	}
	if (ok && t == FORM_SOURCE_NEW) {
		cJSON *o = form_source_json(f, NULL, NULL, ak, sk);
		ok = o && cJSON_AddItemToArray(arr, o);
	}
	if (!ok)
		goto oom;
	return json_print_take(b, err);
oom:
	cJSON_Delete(b);
	og_error_set(err, OG_ERR_INTERNAL, "out of memory");
	return NULL;
}

char *gcore_delete_source_body(const og_group *fresh, const char *key, s3_keyring *keys,
                               char *missing, og_error *err)
{
	long idx = og_group_find_source(fresh, key ? key : "");
	if (idx < 0) {
		og_error_set(err, OG_ERR_CONFLICT, "source \"%s\" is no longer in group \"%s\" on the "
		             "server; nothing was sent", key ? key : "", gname(fresh));
		return NULL;
	}
	if (fresh->n_sources == 1) {
		og_error_set(err, OG_ERR_REFUSED, "\"%s\" is the only source of group \"%s\", and a "
		             "group needs one: add another source first, or delete the group",
		             key, gname(fresh));
		return NULL;
	}
	bool active = false;
	for (size_t i = 0; i < fresh->n_sources; i++) {
		const og_source *o = &fresh->sources[i];
		if ((long)i != idx)
			active = active || (o->enabled != OG_NO && o->backup != OG_YES);
	}
	if (!active) {
		og_error_set(err, OG_ERR_REFUSED, "deleting \"%s\" would leave group \"%s\" without an "
		             "enabled source that is not backup: enable another one (or make it not "
		             "backup) first", key, gname(fresh));
		return NULL;
	}
	cJSON *b = cJSON_CreateObject();
	cJSON *arr = NULL;
	bool ok = b && cJSON_AddStringToObject(b, "name", fresh->name ? fresh->name : "") &&
	          (arr = cJSON_AddArrayToObject(b, "sources"));
	for (size_t i = 0; ok && i < fresh->n_sources; i++) {
		if ((long)i == idx)
			continue;
		og_error why;
		og_error_clear(&why);
		cJSON *o = og_source_raw(&fresh->sources[i])
		           ? gcore_source_for_write(og_source_raw(&fresh->sources[i]), keys, missing, &why) : NULL;
		if (!o && why.kind == OG_ERR_REFUSED) {
			cJSON_Delete(b);
			*err = why;
			return NULL;
		}
		ok = o && cJSON_AddItemToArray(arr, o);
	}
	if (!ok) {
		cJSON_Delete(b);
		og_error_set(err, OG_ERR_INTERNAL, "out of memory");
		return NULL;
	}
	return json_print_take(b, err);
}

/* ---- Gcore's 400 bodies onto the fields ---------------------------------- */

/* The messages of a DRF value (a string, a list of strings, or an object of
 * them), joined with spaces, into out. */
static void messages_of(const cJSON *v, char *out, size_t n)
{
	if (cJSON_IsString(v)) {
		form_append_cut(out, n, " ", v->valuestring);
		return;
	}
	const cJSON *e;
	cJSON_ArrayForEach(e, v) {
		if (cJSON_IsObject(v) && e->string) {
			form_append_cut(out, n, " ", e->string);
			form_append_cut(out, n, "", ":");
		}
		messages_of(e, out, n);
	}
	/* one line, whatever the API put in its strings */
	for (char *p = out; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' ';
}

/* Puts msg on field key when the form shows it, else on the error line as
 * "label: msg". */
static void put(form *f, const char *key, const char *label, const char *msg)
{
	form_place_error(f, key, label, msg, &gcore_errors);
}

/* The field a member of errors.sources.<this source> names: the table's
 * field at that JSON path (under `parent` when not NULL), else the member's
 * own name (Gcore's form keys are its API's names). */
static const char *field_at(const char *parent, const char *name)
{
	char path[160];
	snprintf(path, sizeof path, "%s%s%s", parent ? parent : "", parent ? "/" : "", name);
	const char *k = form_table_key(source_table, N_SOURCE_TABLE, path);
	return k ? k : name;
}

/* Whether an errors.sources key names this form's source. */
static bool is_this_source(const char *k, const char *this_key, long this_index)
{
	if (this_key && *this_key && strcmp(k, this_key) == 0)
		return true;
	if (this_index < 0)
		return false;
	char buf[48];
	snprintf(buf, sizeof buf, "%ld", this_index);
	if (strcmp(k, buf) == 0)
		return true;
	snprintf(buf, sizeof buf, "s3_entry_%ld", this_index);
	return strcmp(k, buf) == 0;
}

/* errors.sources.<this source>: each property onto the field editing it. */
static void map_this_source(form *f, const char *skey, const cJSON *props)
{
	char label[320], msg[512];
	snprintf(label, sizeof label, "source \"%s\"", skey);
	if (!cJSON_IsObject(props)) {
		msg[0] = '\0';
		messages_of(props, msg, sizeof msg);
		put(f, form_find(f, "s3_bucket_name") && form_shown(f, "s3_bucket_name") ? "s3_bucket_name"
		    : "source", label, msg);
		return;
	}
	const cJSON *p;
	cJSON_ArrayForEach(p, props) {
		const char *k = p->string ? p->string : "";
		if (strcmp(k, "config") == 0 && cJSON_IsObject(p)) {
			/* {"config":{"s3_region":[..]}}: the S3 field of that name */
			const cJSON *c;
			cJSON_ArrayForEach(c, p) {
				msg[0] = '\0';
				messages_of(c, msg, sizeof msg);
				char l2[400];
				snprintf(l2, sizeof l2, "%s: %s", label, c->string ? c->string : "config");
				put(f, field_at("config", c->string ? c->string : ""), l2, msg);
			}
			continue;
		}
		msg[0] = '\0';
		messages_of(p, msg, sizeof msg);
		const char *field = field_at(NULL, k);
		if (strcmp(k, "config") == 0)
			/* a message on the whole config: the bucket's uniqueness, or
			 * (keys not typed) the keys the API wants after all */
			field = raw_text(f, "s3_access_key_id")[0] ? "s3_bucket_name" : "s3_access_key_id";
		char l2[400];
		snprintf(l2, sizeof l2, "%s: %s", label, k);
		put(f, field, l2, msg);
	}
}

static void map_sources(form *f, const cJSON *v, const char *this_key, long this_index)
{
	char msg[512];
	if (!cJSON_IsObject(v)) {
		/* {"sources":["Impossible to add ... origins"]}: about them all */
		msg[0] = '\0';
		messages_of(v, msg, sizeof msg);
		form_error_line_add(f, msg, false);
		return;
	}
	const cJSON *e;
	cJSON_ArrayForEach(e, v) {
		const char *k = e->string ? e->string : "";
		if (is_this_source(k, this_key, this_index)) {
			map_this_source(f, k, e);
			continue;
		}
		/* another source of the group: named on the form's error line */
		msg[0] = '\0';
		messages_of(e, msg, sizeof msg);
		char line[600];
		snprintf(line, sizeof line, "source \"%s\": %s", k, msg);
		form_error_line_add(f, line, false);
	}
}

void gcore_map_error_body(form *f, const char *body, size_t len, const char *this_key,
                          long this_index)
{
	cJSON *j = body && len ? cJSON_ParseWithLength(body, len) : NULL;
	if (!cJSON_IsObject(j)) {
		cJSON_Delete(j);
		return;   /* not Gcore's shape: the caller's err says it */
	}
	const cJSON *errors = cJSON_GetObjectItemCaseSensitive(j, "errors");
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(j, "message");
	const cJSON *d = cJSON_GetObjectItemCaseSensitive(j, "detail");
	char msg[512];
	if (!cJSON_IsObject(errors)) {
		if (cJSON_IsString(m) || cJSON_IsString(d) || errors) {
			msg[0] = '\0';
			messages_of(cJSON_IsString(m) ? m : cJSON_IsString(d) ? d : errors, msg, sizeof msg);
			form_error_line_add(f, msg, false);
			cJSON_Delete(j);
			return;
		}
		errors = j;   /* DRF without the wrapper, as DELETE's 400 */
	}
	const cJSON *e;
	cJSON_ArrayForEach(e, errors) {
		const char *k = e->string ? e->string : "";
		if (strcmp(k, "sources") == 0) {
			map_sources(f, e, this_key, this_index);
			continue;
		}
		msg[0] = '\0';
		messages_of(e, msg, sizeof msg);
		const char *gk = form_table_key(group_table, N_GROUP_TABLE, k);
		if (gk)
			put(f, gk, k, msg);
		else if (strcmp(k, "source") == 0)
			/* "This field is required." / "at least one origin source" */
			put(f, form_is_s3(f, NULL) ? "s3_bucket_name" : "source", k, msg);
		else {
			char line[600];
			snprintf(line, sizeof line, "%s: %s", k, msg);
			form_error_line_add(f, line, false);
		}
	}
	cJSON_Delete(j);
}

bool gcore_in_use_reason(const char *body, size_t len, char *out, size_t outsz)
{
	out[0] = '\0';
	cJSON *j = body && len ? cJSON_ParseWithLength(body, len) : NULL;
	const cJSON *name = cJSON_GetObjectItemCaseSensitive(j, "name");
	if (!name)   /* the same with the usual wrapper, should the API add it */
		name = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(j, "errors"),
		                                        "name");
	if (cJSON_IsArray(name) || cJSON_IsString(name))
		messages_of(name, out, outsz);
	cJSON_Delete(j);
	return out[0] != '\0';
}

/* ---- sending --------------------------------------------------------------- */

/* Replaces every occurrence of the typed keys in s by ***: an API that
 * quotes a value back must not put a secret on the screen. */
static void scrub(char *s, size_t size, const char *secret)
{
	size_t n = strlen(secret);
	if (n < 4)
		return;
	for (char *p = strstr(s, secret); p; p = strstr(p, secret)) {
		size_t tail = strlen(p + n);
		if ((size_t)(p - s) + 3 + tail + 1 > size)
			tail = size - (size_t)(p - s) - 4;
		memmove(p + 3, p + n, tail);
		p[3 + tail] = '\0';
		memcpy(p, "***", 3);
		p += 3;
	}
}

static void scrub_all(form *f, og_error *err, const char *secret)
{
	scrub(f->error, sizeof f->error, secret);
	scrub(err->msg, sizeof err->msg, secret);
	for (size_t i = 0; i < f->n_fields; i++)
		scrub(f->fields[i].error, sizeof f->fields[i].error, secret);
}

static int post_group(net_call *c, char *body, og_group **out, og_error *err)
{
	http_response r;
	int rc = net_request(c, "POST", "/cdn/origin_groups", body, &r, err);
	net_auth_free(body);   /* S3 keys in it: wiped, then freed */
	if (rc < 0)
		return -1;
	og_error tmp;
	/* created either way: an answer origo cannot read leaves *out NULL
	 * and the next refresh shows the group */
	if (gcore_scan_group(r.body, r.len, out, &tmp) != GCORE_SCAN_OK)
		*out = NULL;
	http_response_clear(&r);
	return 0;
}

int gcore_form_save(net_call *c, form *f, form_target t, const og_group *fresh,
                    const char *source_key, og_group **out, og_error *err)
{
	*out = NULL;
	if (t != FORM_GROUP_NEW && !fresh) {
		og_error_set(err, OG_ERR_INTERNAL, "a form without its group");
		return -1;
	}
	char *body = gcore_form_body(f, t, fresh, source_key, c->acct->s3keys, c->s3_missing, err);
	if (!body)
		return -1;
	/* typed keys: redacted by value too, wherever they could show up */
	const char *ak = raw_text(f, "s3_access_key_id"), *sk = raw_text(f, "s3_secret_access_key");
	reqlog_add_secret(ak);
	reqlog_add_secret(sk);

	/* which source of the request is this form's, for the 400's keys */
	const og_source *edited = NULL;
	long this_index = -1;
	if (t == FORM_GROUP_NEW)
		this_index = 0;
	else if (t == FORM_SOURCE_NEW)
		this_index = (long)fresh->n_sources;
	else if (t == FORM_SOURCE_EDIT) {
		this_index = og_group_find_source(fresh, source_key);
		edited = this_index >= 0 ? &fresh->sources[this_index] : NULL;
	}
	char this_key[FORM_TEXT_MAX] = "";
	if (t != FORM_GROUP_EDIT)
		form_source_key(f, edited, this_key, sizeof this_key);

	char *eb = NULL;
	char **prev = c->error_body;
	c->error_body = &eb;
	int rc = t == FORM_GROUP_NEW ? post_group(c, body, out, err)
	                             : gcore_patch_group(c, fresh->id, body, out, err);
	c->error_body = prev;
	if (rc < 0 && eb && err->http_status >= 400 && err->http_status < 500) {
		int status = err->http_status;
		gcore_map_error_body(f, eb, strlen(eb), this_key, this_index);
		err->http_status = status;
	}
	free(eb);
	/* typed keys the server took are this bucket's keys from now on: the
	 * next write of the group sends them */
	if (rc == 0 && *ak && *sk && form_is_s3(f, edited) && this_key[0]) {
		og_error ignore;
		s3_keyring_put(c->acct->s3keys, this_key, ak, sk, NULL, NULL, &ignore);
	}
	scrub_all(f, err, ak);
	scrub_all(f, err, sk);
	/* this copy of the form has done its job: the typed keys go now (the
	 * UI keeps its own copy for another try) */
	for (size_t i = 0; i < f->n_fields; i++)
		if (f->fields[i].masked) {
			explicit_bzero(f->fields[i].text, sizeof f->fields[i].text);
			f->fields[i].cur = 0;
		}
	return rc;
}

int gcore_delete_group(net_call *c, const og_group *fresh, og_error *err)
{
	char path[64];
	snprintf(path, sizeof path, "/cdn/origin_groups/%s", fresh->id);
	char *eb = NULL;
	char **prev = c->error_body;
	c->error_body = &eb;
	http_response r;
	int rc = net_request(c, "DELETE", path, NULL, &r, err);
	c->error_body = prev;
	if (rc == 0) {
		http_response_clear(&r);
		free(eb);
		return 0;
	}
	if (err->kind == OG_ERR_NOTFOUND) {
		/* deleted meanwhile: what the user wanted is so */
		free(eb);
		og_error_clear(err);
		return 0;
	}
	char why[400];
	if (err->http_status == 400 && eb && gcore_in_use_reason(eb, strlen(eb), why, sizeof why)) {
		og_error_set(err, OG_ERR_API, "group \"%s\" is in use (%s); nothing was deleted",
		             gname(fresh), why);
		err->http_status = 400;
	}
	free(eb);
	return -1;
}

int gcore_delete_source(net_call *c, const og_group *fresh, const char *source_key,
                        og_group **out, og_error *err)
{
	*out = NULL;
	char *body = gcore_delete_source_body(fresh, source_key, c->acct->s3keys, c->s3_missing, err);
	if (!body)
		return -1;
	return gcore_patch_group(c, fresh->id, body, out, err);
}
