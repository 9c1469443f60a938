/* The Yandex Cloud CDN forms (issue 4; ../shared/api/yandex.md): which
 * fields a group or an origin has, the documented checks, the request of
 * each form, the mapping of the API's refusals back onto the fields, and the
 * deletes. Every write is an Operation waited on (yandex_wait_operation),
 * then the group is read back: the Operation's response is not the group
 * for origin writes, and a read shows what the server really kept. */
#include "net/yandex/yandex.h"
#include "net/hostport.h"
#include "net/form_table.h"
#include "net/json.h"
#include "net/provider.h"
#include "net/http.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <curl/curl.h>

/* The form's keys: the API's JSON names where there is one. */
#define K_NAME "name"
#define K_USE_NEXT "useNext"
#define K_PTYPE "providerType"
#define K_SOURCE "source"
#define K_META "meta"
#define K_META_NAME "metaName"        /* OriginNamedMeta.name (common, bucket, website) */
#define K_META_ID "metaBalancerId"    /* OriginBalancerMeta.id (balancer) */
#define K_ENABLED "enabled"
#define K_BACKUP "backup"

/* CreateOriginGroupRequest.provider_type: "ourcdn" (the default) or "gcore". */
static const char *const provider_types[] = { "ourcdn", "gcore" };
/* The OriginMeta oneof, in the proto's order. */
static const char *const meta_kinds[] = { "common", "bucket", "website", "balancer" };
enum { META_COMMON, META_BUCKET, META_WEBSITE, META_BALANCER, N_META };
#define NAMED_MASK ((1u << META_COMMON) | (1u << META_BUCKET) | (1u << META_WEBSITE))
#define BALANCER_MASK (1u << META_BALANCER)
/* CreateOriginRequest.source: (length) = "<=50" */
#define SOURCE_MAX 50

static const char *group_label(const og_group *g)
{
	return g && g->name && g->name[0] ? g->name : (g && g->id ? g->id : "");
}

/* The origin's source as the API has it (host[:port]). */
static const char *source_of(const og_source *s)
{
	const char *src = json_str(og_source_raw(s), "source");
	return src ? src : (s->host ? s->host : "");
}

/* ---- meta follows the source ---------------------------------------------
 * OriginMeta describes the origin's source, and a request where the two
 * disagree (source on a new host, meta.common.name still the old one) says
 * two different things. The API does not say how they relate; origo
 * assumes (yandex.md §4.3, the observed bucket origin):
 *   common           name = the source's host (without the port);
 *   bucket, website  name = the bucket, the first label of a source
 *                    <bucket>.storage.yandexcloud.net /
 *                    <bucket>.website.yandexcloud.net; another source
 *                    names no bucket, so the name is the one typed;
 *   balancer         id = the load balancer's own id, which no source
 *                    names: always the one typed.
 * An empty meta field on a form means "follows the source", and an edit
 * form shows it empty wherever the stored meta was in step. */

/* The meta value kind `kind` takes from a source's host (without its
 * port); false when it names none. */
static bool meta_of_host(size_t kind, const char *host, char *out, size_t n)
{
	if (!host[0] || kind == META_BALANCER)
		return false;
	if (kind == META_COMMON) {
		snprintf(out, n, "%s", host);
		return true;
	}
	static const char *const suffix[] = { ".storage.yandexcloud.net", ".website.yandexcloud.net" };
	size_t hl = strlen(host);
	for (size_t i = 0; i < 2; i++) {
		size_t sl = strlen(suffix[i]);
		const char *dot = strchr(host, '.');
		if (hl > sl && strcasecmp(host + hl - sl, suffix[i]) == 0 && dot == host + hl - sl) {
			snprintf(out, n, "%.*s", (int)(hl - sl), host);
			return true;
		}
	}
	return false;
}

/* The meta value kind `kind` takes from `source`, into out; false when this
 * source names none (balancer, or a bucket kind on a host of its own). */
static bool meta_from_source(size_t kind, const char *source, char *out, size_t n)
{
	/* the host without :port or an IPv6 address's brackets, split as
	 * everywhere else (net/hostport.h) */
	char *host = NULL;
	int port;
	out[0] = '\0';
	if (net_split_host_port(source ? source : "", &host, &port) < 0)
		return false;
	bool found = meta_of_host(kind, host, out, n);
	free(host);
	return found;
}

static size_t meta_kind_index(const char *kind)
{
	for (size_t k = 0; kind && k < N_META; k++)
		if (strcmp(kind, meta_kinds[k]) == 0)
			return k;
	return META_COMMON;
}

/* ---- the fields, as data ----------------------------------------------- */

/* The meta name that follows the form's source and kind (the table's
 * derive): false when the source names none. */
static bool meta_follows(form *f, char *out, size_t n)
{
	char src[FORM_TEXT_MAX];
	return meta_from_source(meta_kind_index(form_choice(f, K_META)),
	                        form_text(f, K_SOURCE, src, sizeof src), out, n);
}

/* Yandex's words for each problem of a source (net/hostport.h). */
static const char *const source_words[HOSTPORT_N_PROBLEMS] = {
	[HOSTPORT_EMPTY] = "a source is required: a domain name or an IP address",
	[HOSTPORT_SCHEME] = "no scheme: only the host and an optional :port, e.g. www.example.com",
	[HOSTPORT_PATH] = "no path: only the host and an optional :port",
	[HOSTPORT_SPACE] = "no spaces in a source",
	[HOSTPORT_V6_UNCLOSED] = "an IPv6 address in brackets needs its closing ]",
	[HOSTPORT_V6_CHARS] = "not an IPv6 address inside the brackets",
	[HOSTPORT_AFTER_V6] = "after the ] only :port may follow",
	[HOSTPORT_BARE_V6] = "an IPv6 address goes in brackets, e.g. [2001:db8::1]:8080",
	[HOSTPORT_NO_HOST] = "a host is required before the :port",
	[HOSTPORT_HOST_CHARS] = "only letters, digits, '-' and '.' in a host (an IDN in its xn-- form)",
	[HOSTPORT_DOMAIN] = "not a valid domain name",
	[HOSTPORT_PORT] = "the port must be a number 1..65535",
};

/* "IP address or Domain name of your origin and the port (if custom)"
 * (origin.proto): a host, an IPv4 or a bracketed IPv6 address, then an
 * optional :port; CreateOriginRequest's source is at most 50 characters
 * (an update's has no limit). */
static const form_hostport source_check = {
	.rules = { .path_chars = "/?#", .strict = true }, .words = source_words,
	.create_max = SOURCE_MAX,
};

static const char *one_line(const char *text, const form_check_ctx *c)
{
	(void)c;
	return strpbrk(text, "\t\r\n") ? "one line of text" : NULL;
}

static const char *no_spaces(const char *text, const form_check_ctx *c)
{
	(void)c;
	for (; *text; text++)
		if (isspace((unsigned char)*text))
			return "no spaces";
	return NULL;
}

/* Which forms show a field: a group's settings, the provider type (a new
 * group only), an origin's; an origin's body writes its meta last. */
enum { P_GROUP = 1u, P_PTYPE = 2u, W_ORIGIN = 4u, W_META = 8u };
#define P_ORIGIN (W_ORIGIN | W_META)

static const form_spec yandex_table[] = {
	/* no length or pattern in the proto; an update needs groupName */
	{ .key = K_NAME, .label = "Name", .kind = FORM_TEXT, .path = "name", .part = P_GROUP,
	  .send = FORM_SEND_VALUE, .required = "a name is required", .validate = one_line },
	/* CreateOriginGroupRequest.use_next: "default value is true" */
	{ .key = K_USE_NEXT, .label = "Use next", .kind = FORM_CHECKBOX, .path = "useNext",
	  .part = P_GROUP, .on = true, .send = FORM_SEND_VALUE },
	{ .key = K_PTYPE, .label = "Provider type", .kind = FORM_CHOICE, .path = "providerType",
	  .hint = "cannot be changed later", .part = P_PTYPE, .items = provider_types, .n_items = 2,
	  .send = FORM_SEND_VALUE },
	/* the origin's; in a new group's form the labels say so */
	{ .key = K_SOURCE, .label = "Source", .alt_label = "Origin source", .kind = FORM_TEXT,
	  .path = "source", .hint = "domain or IP, :port if custom", .part = W_ORIGIN,
	  .send = FORM_SEND_VALUE, .required = "a source is required: a domain name or an IP address",
	  .validate = form_table_hostport, .arg = &source_check },
	/* OriginMeta: a oneof, {"<kind>":{"name"|"id":..}}; the name follows
	 * the source when left empty (see "meta follows the source") */
	{ .key = K_META, .label = "Kind", .alt_label = "Origin kind", .kind = FORM_CHOICE,
	  .path = "meta", .part = W_META, .items = meta_kinds, .n_items = N_META, .oneof = true,
	  .send = FORM_SEND_VALUE },
	{ .key = K_META_NAME, .label = "Meta name", .kind = FORM_TEXT, .path = "meta/{" K_META "}/name",
	  .hint = "empty: follows the source (host, or <bucket>.storage...)", .part = W_META,
	  .show_if = K_META, .show_mask = NAMED_MASK, .send = FORM_SEND_VALUE, .derive = meta_follows,
	  .required = "the bucket's name is required for kind {" K_META "} (the source names none)",
	  .required_if = K_META, .required_mask = NAMED_MASK, .validate = no_spaces },
	{ .key = K_META_ID, .label = "Balancer ID", .kind = FORM_TEXT, .path = "meta/{" K_META "}/id",
	  .hint = "the L7 load balancer's id", .part = W_META, .show_if = K_META,
	  .show_mask = BALANCER_MASK, .send = FORM_SEND_VALUE,
	  .required = "the load balancer's id is required for kind balancer",
	  .required_if = K_META, .required_mask = BALANCER_MASK, .validate = no_spaces },
	/* CreateOriginRequest: enabled defaults to true, backup to false */
	{ .key = K_ENABLED, .label = "Enabled", .alt_label = "Origin enabled", .kind = FORM_CHECKBOX,
	  .path = "enabled", .part = W_ORIGIN, .on = true, .send = FORM_SEND_VALUE },
	{ .key = K_BACKUP, .label = "Backup", .alt_label = "Origin backup", .kind = FORM_CHECKBOX,
	  .path = "backup", .part = W_ORIGIN, .send = FORM_SEND_VALUE },
};
#define N_TABLE (sizeof yandex_table / sizeof yandex_table[0])

/* ---- filling ------------------------------------------------------------ */

/* The fields of one origin, from its raw object (NULL: a new one). in_group:
 * part of the new group form, where the labels say that they are the
 * origin's. */
static void add_origin_fields(form *f, bool in_group, const og_source *s)
{
	form_table_fill(f, yandex_table, N_TABLE, P_ORIGIN, s ? og_source_raw(s) : NULL,
	                FORM_FILL_SHOW_IF | FORM_FILL_PROTO3 | (in_group ? FORM_FILL_ALT_LABELS : 0));
	if (!s)
		return;
	form_table_set_text(f, K_SOURCE, source_of(s));
	/* common names the host, always: it follows, whatever was stored */
	const char *kind = form_choice(f, K_META);
	if (kind && strcmp(kind, "common") == 0)
		form_table_set_text(f, K_META_NAME, "");
}

int yandex_form_fill(form *f, form_target t, const og_group *g, const og_source *s,
                     og_error *err)
{
	switch (t) {
	case FORM_GROUP_NEW:
		form_table_fill(f, yandex_table, N_TABLE, P_GROUP | P_PTYPE, NULL, 0);
		add_origin_fields(f, true, NULL);
		return 0;
	case FORM_GROUP_EDIT:
		if (!g || !og_group_raw(g))
			break;
		form_table_fill(f, yandex_table, N_TABLE, P_GROUP, og_group_raw(g), FORM_FILL_PROTO3);
		return 0;
	case FORM_SOURCE_NEW:
		if (!g)
			break;
		snprintf(f->title, sizeof f->title, "new origin in %s", group_label(g));
		add_origin_fields(f, false, NULL);
		return 0;
	case FORM_SOURCE_EDIT: {
		if (!g || !s)
			break;
		if (!og_source_raw(s)) {
			og_error_set(err, OG_ERR_REFUSED, "origin %s has no server copy to edit; press r",
			             s->key ? s->key : "");
			return -1;
		}
		snprintf(f->title, sizeof f->title, "edit origin %s", source_of(s));
		add_origin_fields(f, false, s);
		return 0;
	}
	}
	og_error_set(err, OG_ERR_INTERNAL, "a Yandex form without its group or origin");
	return -1;
}

/* ---- checking ----------------------------------------------------------- */

/* The origin fields of the form; the group's rule (at least one enabled
 * origin that is not a backup) against `others` of g (all but `self`). */
static void check_origin(form *f, form_target t, const og_group *g, const og_source *self)
{
	char src[FORM_TEXT_MAX], why[200];
	form_text(f, K_SOURCE, src, sizeof src);
	/* sources unique in a group (this reason replaces the table's) */
	for (size_t i = 0; g && src[0] && i < g->n_sources; i++) {
		const og_source *o = &g->sources[i];
		if (self && o->key && self->key && strcmp(o->key, self->key) == 0)
			continue;
		if (strcasecmp(source_of(o), src) == 0) {
			snprintf(why, sizeof why, "group \"%.60s\" already has origin %.100s", group_label(g), src);
			form_set_error(f, K_SOURCE, why);
			break;
		}
	}
	/* "An origins group must contain at least one enabled origin" (origin.proto);
	 * like the toggles, one that is not a backup either */
	bool en = form_on(f, K_ENABLED), bk = form_on(f, K_BACKUP);
	if (en && !bk)
		return;
	size_t active = 0;
	for (size_t i = 0; g && i < g->n_sources; i++) {
		const og_source *o = &g->sources[i];
		if (self && o->key && self->key && strcmp(o->key, self->key) == 0)
			continue;
		active += o->enabled != OG_NO && o->backup != OG_YES;
	}
	if (active)
		return;
	if (!en)
		form_set_error(f, K_ENABLED, t == FORM_GROUP_NEW
		               ? "the group's origin must be enabled: a group needs an enabled origin"
		               : "the group would have no enabled origin that is not a backup");
	else
		form_set_error(f, K_BACKUP, t == FORM_GROUP_NEW
		               ? "the group's only origin cannot be a backup"
		               : "the group would have no enabled origin that is not a backup");
}

bool yandex_form_check(form *f, form_target t, const og_group *g, const og_source *s)
{
	form_clear_errors(f);
	form_table_check_as(f, yandex_table, N_TABLE, t != FORM_SOURCE_EDIT);
	if (t != FORM_GROUP_EDIT)
		check_origin(f, t, t == FORM_GROUP_NEW ? NULL : g, t == FORM_SOURCE_EDIT ? s : NULL);
	return !form_has_errors(f);
}

/* ---- the requests ------------------------------------------------------- */

/* The origin's fields onto o: source, enabled, backup (always: plain bools
 * in OriginParams and UpdateOriginRequest), then meta, except that a
 * common origin that had no meta before keeps none, as it was. false: out
 * of memory. */
static bool add_origin(form *f, cJSON *o, const og_source *old)
{
	char name[FORM_TEXT_MAX];
	if (!form_table_write(f, yandex_table, N_TABLE, W_ORIGIN, o, 0) ||
	    !form_table_write(f, yandex_table, N_TABLE, W_META, o, FORM_WRITE_SHOWN))
		return false;
	const char *kind = form_choice(f, K_META);
	if (kind && strcmp(kind, "common") == 0 && !form_text(f, K_META_NAME, name, sizeof name)[0] &&
	    old && !cJSON_GetObjectItemCaseSensitive(og_source_raw(old), "meta"))
		cJSON_DeleteItemFromObjectCaseSensitive(o, "meta");
	return true;
}

static char *dup_or_oom(const char *s, og_error *err)
{
	char *d = strdup(s);
	if (!d)
		og_error_set(err, OG_ERR_INTERNAL, "out of memory");
	return d;
}

char *yandex_form_body(form *f, form_target t, const og_group *fresh, const char *source_key,
                       const char *folder_id, const char **method, char **path, og_error *err)
{
	*path = NULL;
	*method = NULL;
	char name[FORM_TEXT_MAX];
	form_text(f, K_NAME, name, sizeof name);
	if (t != FORM_GROUP_NEW && !fresh) {
		og_error_set(err, OG_ERR_INTERNAL, "a Yandex form without its group");
		return NULL;
	}
	if (t == FORM_GROUP_EDIT) {
		*method = "PATCH";
		if (!(*path = dup_or_oom("/cdn/v1/originGroups", err)))
			return NULL;
		char *b = yandex_build_group_settings(fresh, name, form_on(f, K_USE_NEXT), folder_id, err);
		if (!b) {
			free(*path);
			*path = NULL;
		}
		return b;
	}
	const og_source *old = NULL;
	if (t == FORM_SOURCE_EDIT) {
		long idx = og_group_find_source(fresh, source_key ? source_key : "");
		if (idx < 0) {
			og_error_set(err, OG_ERR_CONFLICT, "origin %s is no longer in group \"%s\" on the "
			             "server; nothing was sent", source_key ? source_key : "",
			             group_label(fresh));
			return NULL;
		}
		old = &fresh->sources[idx];
	}
	cJSON *body = cJSON_CreateObject();
	char *p = NULL;
	bool ok = body && cJSON_AddStringToObject(body, "folderId", folder_id ? folder_id : "");
	const char *gtype = fresh ? json_str(og_group_raw(fresh), "providerType") : NULL;
	switch (t) {
	case FORM_GROUP_NEW: {
		cJSON *arr = NULL, *o = cJSON_CreateObject();
		ok = ok && o && form_table_write(f, yandex_table, N_TABLE, P_GROUP, body, 0) &&
		     (arr = cJSON_AddArrayToObject(body, "origins")) && add_origin(f, o, NULL);
		if (ok) {
			cJSON_AddItemToArray(arr, o);
			o = NULL;
		}
		cJSON_Delete(o);
		ok = ok && form_table_write(f, yandex_table, N_TABLE, P_PTYPE, body, 0);
		*method = "POST";
		p = ok ? strdup("/cdn/v1/originGroups") : NULL;
		break;
	}
	case FORM_SOURCE_NEW:
		ok = ok && cJSON_AddStringToObject(body, "originGroupId", fresh->id) && add_origin(f, body, NULL);
		/* the origin's provider is its group's (the default would be ourcdn) */
		if (ok && gtype && gtype[0])
			ok = cJSON_AddStringToObject(body, "providerType", gtype) != NULL;
		*method = "POST";
		p = ok ? strdup("/cdn/v1/origins") : NULL;
		break;
	case FORM_SOURCE_EDIT: {
		ok = ok && add_origin(f, body, old);
		char *id = ok ? curl_easy_escape(NULL, source_key, 0) : NULL;
		*method = "PATCH";
		if (id && asprintf(&p, "/cdn/v1/origins/%s", id) < 0)
			p = NULL;
		curl_free(id);
		break;
	}
	case FORM_GROUP_EDIT:
		break;
	}
	if (!ok || !p) {
		cJSON_Delete(body);
		body = NULL;
	}
	char *text = json_print_take(body, err);
	if (!text) {
		free(p);
		*method = NULL;
		return NULL;
	}
	*path = p;
	return text;
}

/* ---- errors onto fields ------------------------------------------------- */

/* Yandex's refusals: a field keeps its first reason; the form's line says
 * each message once. */
static const form_error_policy yandex_errors = { .add_up = false, .line_once = true };

/* The form field a field path of the API names ("origins[0].source",
 * "group_name", "meta.bucket.name", "Name", ...), or NULL. */
static const char *field_of_path(const char *path)
{
	/* the origin's own fields: an origins[N]. or origin. prefix is dropped */
	const char *s = path;
	if (strncasecmp(s, "origins", 7) == 0 || strncasecmp(s, "origin", 6) == 0) {
		const char *dot = strchr(s, '.');
		if (dot)
			s = dot + 1;
	}
	/* the table's paths ("meta.bucket.name": the meta name), or the API's
	 * other name for the group's */
	const char *k = form_table_key_loose(yandex_table, N_TABLE, s);
	if (k)
		return k;
	if (form_table_key_loose(&(form_spec){ .key = K_NAME, .path = "group_name" }, 1, s))
		return K_NAME;
	return strncasecmp(s, "meta.", 5) == 0 ? K_META : NULL;
}

/* Puts desc on the field `path` names when the form shows it; else on the
 * form's line with the path. */
static void place(form *f, const char *path, const char *desc)
{
	form_place_error(f, field_of_path(path), path, desc, &yandex_errors);
}

/* The messages under one key of the CDN's error dict: a string or a list. */
static void place_messages(form *f, const char *origin, const char *field, const cJSON *v)
{
	char form_src[FORM_TEXT_MAX];
	form_text(f, K_SOURCE, form_src, sizeof form_src);
	bool ours = !origin || (form_find(f, K_SOURCE) && strcasecmp(form_src, origin) == 0);
	const cJSON *e;
	const cJSON *one = cJSON_IsString(v) ? v : NULL;
	for (e = one ? one : (cJSON_IsArray(v) ? v->child : NULL); e; e = one ? NULL : e->next) {
		if (!cJSON_IsString(e))
			continue;
		if (ours) {
			place(f, field, e->valuestring);
		} else {
			char m[sizeof f->error];
			snprintf(m, sizeof m, "origin %s: %s: %s", origin, field, e->valuestring);
			form_error_line_add(f, m, true);
		}
	}
}

/* The CDN's own dict after "general api error: " [I374]:
 * {"origins":{"<source>":{"<field>":["..."]}}, "<field>":["..."]}. */
static bool map_api_dict(form *f, const cJSON *d)
{
	if (!cJSON_IsObject(d))
		return false;
	const cJSON *k;
	cJSON_ArrayForEach(k, d) {
		if (strcmp(k->string, "origins") == 0 && cJSON_IsObject(k)) {
			const cJSON *o, *fld;
			cJSON_ArrayForEach(o, k) {
				if (!cJSON_IsObject(o)) {
					place_messages(f, o->string, "source", o);
					continue;
				}
				cJSON_ArrayForEach(fld, o)
					place_messages(f, o->string, fld->string, fld);
			}
		} else {
			place_messages(f, NULL, k->string, k);
		}
	}
	return true;
}

static void map_message(form *f, const char *msg)
{
	if (!msg || !*msg)
		return;
	const char *g = strstr(msg, "general api error:");
	if (g) {
		const char *brace = strchr(g, '{');
		cJSON *d = brace ? cJSON_ParseWithOpts(brace, NULL, false) : NULL;
		bool done = map_api_dict(f, d);
		cJSON_Delete(d);
		if (done)
			return;
	}
	/* "Request validation error: origins[0].source: required", "Name: required" */
	const char *rest = msg;
	static const char prefix[] = "Request validation error: ";
	if (strncmp(rest, prefix, sizeof prefix - 1) == 0)
		rest += sizeof prefix - 1;
	const char *colon = strstr(rest, ": ");
	if (colon && colon > rest && (size_t)(colon - rest) < 100) {
		char path[100];
		snprintf(path, sizeof path, "%.*s", (int)(colon - rest), rest);
		if (!strpbrk(path, " \t") && field_of_path(path)) {
			place(f, path, colon + 2);
			return;
		}
	}
	form_error_line_add(f, msg, true);
}

void yandex_form_map_error(form *f, const char *status_body, const char *op_message)
{
	if (status_body) {
		cJSON *j = cJSON_Parse(status_body);
		bool placed = false;
		/* google.rpc.BadRequest details: {"fieldViolations":[{"field","description"}]} */
		const cJSON *d;
		cJSON_ArrayForEach(d, cJSON_GetObjectItemCaseSensitive(j, "details")) {
			const char *type = json_str(d, "@type");
			const char *tail = type ? strrchr(type, '/') : NULL;
			if (!tail || strcmp(tail + 1, "google.rpc.BadRequest") != 0)
				continue;
			const cJSON *v;
			cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(d, "fieldViolations")) {
				const char *field = json_str(v, "field"), *desc = json_str(v, "description");
				if (field && desc) {
					place(f, field, desc);
					placed = true;
				}
			}
		}
		const char *m = json_str(j, "message");
		if (!placed && m)
			map_message(f, m);
		cJSON_Delete(j);
	}
	map_message(f, op_message);
}

/* ---- sending ------------------------------------------------------------ */

static char *url_of(net_call *c, const char *path, og_error *err)
{
	char *u = NULL;
	if (asprintf(&u, "%s%s", c->acct->base_url, path) < 0) {
		og_error_set(err, OG_ERR_INTERNAL, "out of memory");
		return NULL;
	}
	return u;
}

/* A one-line err for a failed Operation: the CDN's dict flattened. */
static void op_failed(og_error *err, const yandex_op *op)
{
	char desc[400];
	desc[0] = '\0';
	const char *g = strstr(op->message, "general api error:");
	const char *brace = g ? strchr(g, '{') : NULL;
	if (brace)
		http_describe_error_body(brace, strlen(brace), desc, sizeof desc);
	/* the reason first: it is what a narrow status line keeps */
	og_error_set(err, OG_ERR_API, "%s (operation %s failed, code %d)",
	             desc[0] ? desc : op->message, op->id, op->code);
}

/* Sends one mutation, waits on its Operation. On a refusal the body or the
 * operation's error is mapped onto f (when f is not NULL). *op: the last
 * state of the operation (its ids). */
static int mutate(net_call *c, form *f, const char *method, const char *path, const char *body,
                  yandex_op *op, og_error *err)
{
	memset(op, 0, sizeof *op);
	char *url = url_of(c, path, err);
	if (!url)
		return -1;
	char *eb = NULL;
	char **saved = c->error_body;
	c->error_body = &eb;
	cJSON *j = NULL;
	int rc = yandex_request(c, method, url, body, &j, err);
	c->error_body = saved;
	free(url);
	if (rc < 0) {
		if (f && eb && err->http_status >= 400)
			yandex_form_map_error(f, eb, NULL);
		free(eb);
		return -1;
	}
	free(eb);
	rc = yandex_wait_operation(c, j, op, err);
	if (rc < 0 && op->has_error) {
		if (op->done)
			op_failed(err, op);
		if (f)
			yandex_form_map_error(f, NULL, op->message);
	}
	return rc;
}

/* Reads group id back into *out. A write that went through but cannot be
 * read back is said as such. */
static int read_back(net_call *c, const char *id, int rc, og_group **out, og_error *err)
{
	og_error tmp = { 0 };
	if (!id || !id[0]) {
		if (rc == 0)
			og_error_set(err, OG_ERR_PARSE, "the operation did not say which group it wrote; "
			             "press r to refresh");
		return -1;
	}
	if (yandex_provider.get(c, id, out, &tmp) == 0)
		return rc;
	*out = NULL;
	if (rc == 0) {
		og_error_set(err, tmp.kind, "saved, but reading group %s back failed: %s; press r", id,
		             tmp.msg);
		err->http_status = tmp.http_status;
	}
	return -1;
}

int yandex_form_save(net_call *c, form *f, form_target t, const og_group *fresh,
                     const char *source_key, og_group **out, og_error *err)
{
	*out = NULL;
	const char *method;
	char *path = NULL;
	char *body = yandex_form_body(f, t, fresh, source_key, yandex_folder_of(c), &method, &path, err);
	if (!body)
		return -1;
	yandex_op op;
	int rc = mutate(c, f, method, path, body, &op, err);
	free(path);
	free(body);
	if (rc < 0 && t == FORM_GROUP_NEW)
		return -1;   /* nothing was created (a failed create has no group) */
	if (rc < 0 && !op.id[0])
		return -1;   /* refused at once: nothing changed */
	/* a failed operation on an existing group: show what the server kept */
	return read_back(c, t == FORM_GROUP_NEW ? op.group_id : fresh->id, rc, out, err);
}

/* ---- deleting ----------------------------------------------------------- */

/* "/cdn/v1/<collection>/<id>?folderId=<folder>", both escaped. caller frees
 * with free(); NULL (err set) on out of memory. */
static char *item_path(net_call *c, const char *collection, const char *id, og_error *err)
{
	char *folder = curl_easy_escape(NULL, yandex_folder_of(c), 0);
	char *eid = curl_easy_escape(NULL, id ? id : "", 0);
	char *path = NULL;
	if (!folder || !eid || asprintf(&path, "/cdn/v1/%s/%s?folderId=%s", collection, eid, folder) < 0)
		path = NULL;
	curl_free(folder);
	curl_free(eid);
	if (!path)
		og_error_set(err, OG_ERR_INTERNAL, "out of memory");
	return path;
}

int yandex_delete_group(net_call *c, const og_group *fresh, og_error *err)
{
	/* resourcesMetadata: the CDN resources using the group. Deleting it from
	 * under them is not documented (yandex.md §8): refuse, naming them. */
	if (fresh->n_in_use_by > 0 || fresh->in_use == OG_YES) {
		char names[300];
		size_t n = 0;
		names[0] = '\0';
		for (size_t i = 0; i < fresh->n_in_use_by && n + 4 < sizeof names; i++) {
			int w = snprintf(names + n, sizeof names - n, "%s%s", i ? ", " : "",
			                 fresh->in_use_by[i]);
			if (w < 0 || (size_t)w >= sizeof names - n) {
				snprintf(names + n, sizeof names - n, "%s", i ? ", ..." : "...");
				break;
			}
			n += (size_t)w;
		}
		size_t k = fresh->n_in_use_by;
		if (k)
			og_error_set(err, OG_ERR_REFUSED, "group \"%s\" is in use by %zu CDN resource%s: %s; "
			             "nothing was deleted", group_label(fresh), k, k == 1 ? "" : "s", names);
		else
			og_error_set(err, OG_ERR_REFUSED, "group \"%s\" is in use by CDN resources; nothing "
			             "was deleted", group_label(fresh));
		return -1;
	}
	char *path = item_path(c, "originGroups", fresh->id, err);
	if (!path)
		return -1;
	yandex_op op;
	int rc = mutate(c, NULL, "DELETE", path, NULL, &op, err);
	free(path);
	if (rc < 0 && (op.code == 9 || err->http_status == 400)) {
		/* FAILED_PRECONDITION: the server keeps it (in use, for one) */
		char m[sizeof err->msg];
		snprintf(m, sizeof m, "%s", op.has_error ? op.message : err->msg);
		int st = err->http_status;
		og_error_set(err, OG_ERR_REFUSED, "group \"%s\" was not deleted: %s", group_label(fresh), m);
		err->http_status = st;
	}
	return rc;
}

int yandex_delete_source(net_call *c, const og_group *fresh, const char *source_key,
                         og_group **out, og_error *err)
{
	*out = NULL;
	long idx = og_group_find_source(fresh, source_key ? source_key : "");
	if (idx < 0) {
		og_error_set(err, OG_ERR_CONFLICT, "origin %s is no longer in group \"%s\" on the server; "
		             "nothing was sent", source_key ? source_key : "", group_label(fresh));
		return -1;
	}
	const og_source *s = &fresh->sources[idx];
	if (s->backup != OG_YES) {
		/* "You can only delete backup origins" (yandex.md §1.2 [D-EDIT]) */
		og_error_set(err, OG_ERR_REFUSED, "only backup origins can be deleted on their own: press "
		             "b to make %s a backup first, then d", source_of(s));
		return -1;
	}
	size_t enabled = 0;
	for (size_t i = 0; i < fresh->n_sources; i++)
		enabled += (long)i != idx && fresh->sources[i].enabled != OG_NO;
	if (fresh->n_sources == 1 || enabled == 0) {
		og_error_set(err, OG_ERR_REFUSED, "origin %s is the last %sorigin of group \"%s\"; a group "
		             "must keep at least one enabled origin", source_of(s),
		             fresh->n_sources == 1 ? "" : "enabled ", group_label(fresh));
		return -1;
	}
	char *path = item_path(c, "origins", source_key, err);
	if (!path)
		return -1;
	yandex_op op;
	int rc = mutate(c, NULL, "DELETE", path, NULL, &op, err);
	free(path);
	if (rc < 0 && !op.id[0])
		return -1;
	return read_back(c, fresh->id, rc, out, err);
}
