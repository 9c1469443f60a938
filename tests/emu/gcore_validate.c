/* Gcore's request validation for POST/PUT/PATCH of an origin group, with the
 * documented 400 bodies (gcore.md §3.5): only the syntactic rules, since DNS
 * checks cannot be reproduced offline. Builds the group to store as it goes. */
#include "gcore.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* origins_in_group_limit of GET /cdn/clients/me/limits; generous on purpose */
#define GCORE_ORIGINS_LIMIT 100

#define MSG_REQUIRED   "This field is required."
#define MSG_BLANK      "This field may not be blank."
#define MSG_BOOL       "Must be a valid boolean."
#define MSG_STRING     "Not a valid string."
#define MSG_MAX255     "Ensure this field has no more than 255 characters."
#define MSG_INVALID    "The origin source value is invalid. Please specify an IP address or valid domain name."
#define MSG_SCHEMA     "Source should be specified without schema"
#define MSG_PATH       "Source should be specified without path"
#define MSG_PORT       "The port value must be a number within the range 1 and 65535"
#define MSG_PRIVATE    "The domain name's IP belongs to a private network. Please use another domain name."
#define MSG_RESERVED   "The IP address cannot be used as an origin source. Please try another IP."
#define MSG_UNIQUE_SRC "The field origin source must be unique inside group of origins."
#define MSG_UNIQUE_S3  "The S3 bucket name must be unique inside group of origins."
#define MSG_ALL_BACKUP "You cannot specify all origin sources as reserve (backup). Add non-reserve origins."
#define MSG_NO_ACTIVE  "Origin Group must have at least one active origin sources."
#define MSG_SECRET     "Secret values must be provided."

static const char *const next_upstream_values[] = {
	"error", "timeout", "invalid_header", "http_403", "http_404", "http_429",
	"http_500", "http_502", "http_503", "http_504", NULL,
};

struct vctx {
	enum gc_op op;
	enum emu_s3_echo echo;
	enum emu_s3_omit omit;
	const cJSON *old_sources;   /* the stored group's sources; NULL on POST */
	cJSON *e;                   /* the "errors" object */
};

/* What the group-level rules need to know about one built source. */
struct src_info {
	const char *key;      /* error key: host string, bucket or s3_entry_<i> */
	char keybuf[40];
	bool s3;
	bool enabled, backup;
};

/* ---- error bodies ---- */

static const char *py_type(const cJSON *j)
{
	if (cJSON_IsArray(j)) return "list";
	if (cJSON_IsString(j)) return "str";
	if (cJSON_IsBool(j)) return "bool";
	if (cJSON_IsNumber(j)) return emu_json_is_int(j, NULL) ? "int" : "float";
	if (cJSON_IsNull(j)) return "NoneType";
	return "dict";
}

/* parent[key] as an object, created if absent; NULL if it is something else */
static cJSON *err_obj(cJSON *parent, const char *key)
{
	cJSON *o = cJSON_GetObjectItemCaseSensitive(parent, key);
	if (!o)
		o = cJSON_AddObjectToObject(parent, key);
	return cJSON_IsObject(o) ? o : NULL;
}

/* appends msg to the list parent[key] */
static void add_err(cJSON *parent, const char *key, const char *msg)
{
	if (!parent)
		return;
	cJSON *a = cJSON_GetObjectItemCaseSensitive(parent, key);
	if (!a)
		a = cJSON_AddArrayToObject(parent, key);
	if (cJSON_IsArray(a))
		cJSON_AddItemToArray(a, cJSON_CreateString(msg));
}

/* errors.sources[skey][field] = [msg] */
static void src_err(struct vctx *v, const char *skey, const char *field, const char *msg)
{
	cJSON *s = err_obj(v->e, "sources");
	add_err(s ? err_obj(s, skey) : NULL, field, msg);
}

/* errors.sources[skey].config[field] = [msg] */
static void cfg_err(struct vctx *v, const char *skey, const char *field, const char *msg)
{
	cJSON *s = err_obj(v->e, "sources");
	cJSON *k = s ? err_obj(s, skey) : NULL;
	add_err(k ? err_obj(k, "config") : NULL, field, msg);
}

static bool has_errors(const struct vctx *v) { return v->e->child != NULL; }

/* ---- host sources ---- */

static int parse_ipv4(const char *s, unsigned char ip[4])
{
	int n = 0;
	const char *p = s;
	while (n < 4) {
		if (!isdigit((unsigned char)*p))
			return -1;
		int val = 0, digits = 0;
		while (isdigit((unsigned char)*p)) {
			val = val * 10 + (*p++ - '0');
			if (++digits > 3 || val > 255)
				return -1;
		}
		ip[n++] = (unsigned char)val;
		if (n < 4 && *p++ != '.')
			return -1;
	}
	return *p ? -1 : 0;
}

static bool valid_domain(const char *h)
{
	size_t len = strlen(h);
	if (len == 0 || len > 253)
		return false;
	const char *label = h;
	for (const char *p = h;; p++) {
		if (*p == '.' || *p == '\0') {
			size_t l = (size_t)(p - label);
			if (l == 0 || l > 63 || label[0] == '-' || p[-1] == '-')
				return false;
			if (*p == '\0')
				return true;
			label = p + 1;
		} else if (!isalnum((unsigned char)*p) && *p != '-' && *p != '_')
			return false;
	}
}

/* The message for a bad host source string, or NULL if it is acceptable. */
static const char *host_problem(const char *s)
{
	if (!*s)
		return MSG_BLANK;
	if (strlen(s) > 255)
		return MSG_MAX255;
	if (strstr(s, "://"))
		return MSG_SCHEMA;
	if (strchr(s, '/'))
		return MSG_PATH;
	char host[256];
	snprintf(host, sizeof(host), "%s", s);
	char *colon = strrchr(host, ':');
	if (colon) {
		*colon = '\0';
		const char *port = colon + 1;
		if (strchr(host, ':') || !*port || strspn(port, "0123456789") != strlen(port))
			return MSG_INVALID;
		if (strlen(port) > 5 || atol(port) < 1 || atol(port) > 65535)
			return MSG_PORT;
	}
	unsigned char ip[4];
	if (strspn(host, "0123456789.") == strlen(host)) {
		if (parse_ipv4(host, ip) != 0)
			return MSG_INVALID;
		if (ip[0] == 10 || (ip[0] == 172 && (ip[1] & 0xf0) == 16) ||
		    (ip[0] == 192 && ip[1] == 168))
			return MSG_PRIVATE;
		if (ip[0] == 100 && (ip[1] & 0xc0) == 64)
			return MSG_RESERVED;
		return NULL;
	}
	return valid_domain(host) ? NULL : MSG_INVALID;
}

/* enabled, backup, host_header_override: checked and copied with defaults */
static void common_fields(struct vctx *v, const cJSON *in, cJSON *out, struct src_info *si)
{
	const cJSON *en = cJSON_GetObjectItemCaseSensitive(in, "enabled");
	const cJSON *bk = cJSON_GetObjectItemCaseSensitive(in, "backup");
	const cJSON *hh = cJSON_GetObjectItemCaseSensitive(in, "host_header_override");
	if (en && !cJSON_IsBool(en))
		src_err(v, si->key, "enabled", MSG_BOOL);
	if (bk && !cJSON_IsBool(bk))
		src_err(v, si->key, "backup", MSG_BOOL);
	if (hh && !cJSON_IsNull(hh) && !cJSON_IsString(hh))
		src_err(v, si->key, "host_header_override", MSG_STRING);
	else if (cJSON_IsString(hh) && strlen(hh->valuestring) > 255)
		src_err(v, si->key, "host_header_override", MSG_MAX255);
	si->enabled = en ? cJSON_IsTrue(en) : true;
	si->backup = bk ? cJSON_IsTrue(bk) : false;
	cJSON_AddBoolToObject(out, "backup", si->backup);
	cJSON_AddBoolToObject(out, "enabled", si->enabled);
	if (cJSON_IsString(hh))
		cJSON_AddStringToObject(out, "host_header_override", hh->valuestring);
	else
		cJSON_AddNullToObject(out, "host_header_override");
}

static cJSON *build_host(struct vctx *v, const cJSON *in, struct src_info *si)
{
	static const char *const known[] = { "source", "backup", "enabled",
		"host_header_override", "origin_type", NULL };
	const cJSON *src = cJSON_GetObjectItemCaseSensitive(in, "source");
	if (!src || cJSON_IsNull(src)) {
		add_err(v->e, "source", MSG_REQUIRED);
		return NULL;
	}
	if (!cJSON_IsString(src)) {
		add_err(v->e, "source", MSG_STRING);
		return NULL;
	}
	si->key = src->valuestring;
	const char *why = host_problem(src->valuestring);
	if (why)
		src_err(v, si->key, "source", why);
	cJSON *out = cJSON_CreateObject();
	cJSON_AddStringToObject(out, "source", src->valuestring);
	common_fields(v, in, out, si);
	emu_json_copy_unknown(out, in, known);
	return out;
}

/* ---- S3 and FastEdge sources ---- */

static const cJSON *old_s3(const struct vctx *v, const char *bucket)
{
	const cJSON *s;
	cJSON_ArrayForEach(s, v->old_sources) {
		const cJSON *c = cJSON_GetObjectItemCaseSensitive(s, "config");
		const cJSON *b = cJSON_GetObjectItemCaseSensitive(c, "s3_bucket_name");
		if (cJSON_IsString(b) && strcmp(b->valuestring, bucket) == 0)
			return c;
	}
	return NULL;
}

static bool chars_ok(const char *s, const char *extra, size_t min, size_t max)
{
	size_t n = strlen(s);
	if (n < min || n > max)
		return false;
	for (const char *p = s; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr(extra, *p))
			return false;
	return true;
}

static const char *nonempty_str(const cJSON *c, const char *k)
{
	const cJSON *j = cJSON_GetObjectItemCaseSensitive(c, k);
	return cJSON_IsString(j) && j->valuestring[0] ? j->valuestring : NULL;
}

/* Replaces an echoed SECRET_VALUE per the s3_secret_echo setting.
 * Returns false when the secret must be rejected. */
static bool resolve_secret(struct vctx *v, cJSON *cfg, const cJSON *old, const char *field)
{
	const cJSON *val = cJSON_GetObjectItemCaseSensitive(cfg, field);
	if (!cJSON_IsString(val) || strcmp(val->valuestring, GCORE_SECRET_MASK) != 0)
		return true;
	if (v->echo == EMU_S3_LITERAL)
		return true;
	if (v->echo == EMU_S3_REJECT)
		return false;
	const char *kept = nonempty_str(old, field);
	if (!kept)
		return false;
	cJSON_ReplaceItemInObjectCaseSensitive(cfg, field, cJSON_CreateString(kept));
	return true;
}

/* An S3 source sent without origin_type was matched to the stored one by
 * its bucket (gcore.md §3.3); keys it leaves out are the stored ones
 * (s3_omitted_keys "keep"), or the request is refused ("reject").
 * Returns false when it must be refused. */
static bool fill_omitted_keys(struct vctx *v, cJSON *cfg, const cJSON *old)
{
	static const char *const keys[] = { "s3_access_key_id", "s3_secret_access_key" };
	for (size_t i = 0; i < 2; i++) {
		const cJSON *val = cJSON_GetObjectItemCaseSensitive(cfg, keys[i]);
		if (val && !cJSON_IsNull(val))
			continue;
		const char *kept = nonempty_str(old, keys[i]);
		if (v->omit == EMU_S3_OMIT_REJECT || !kept)
			return false;
		cJSON_DeleteItemFromObjectCaseSensitive(cfg, keys[i]);
		cJSON_AddStringToObject(cfg, keys[i], kept);
	}
	return true;
}

static void check_cred(struct vctx *v, const char *skey, const cJSON *cfg, const char *field,
		       const char *extra, size_t min, const char *msg)
{
	const cJSON *j = cJSON_GetObjectItemCaseSensitive(cfg, field);
	if (!j || cJSON_IsNull(j))
		cfg_err(v, skey, field, MSG_REQUIRED);
	else if (!cJSON_IsString(j))
		cfg_err(v, skey, field, MSG_STRING);
	else if (strcmp(j->valuestring, GCORE_SECRET_MASK) != 0 &&  /* literal mode */
		 !chars_ok(j->valuestring, extra, min, 255))
		cfg_err(v, skey, field, msg);
}

static cJSON *build_s3(struct vctx *v, const cJSON *in, int idx, bool typed, struct src_info *si)
{
	static const char *const known[] = { "origin_type", "config", "backup", "enabled",
		"host_header_override", "source", NULL };
	const cJSON *cfg = cJSON_GetObjectItemCaseSensitive(in, "config");
	const char *bucket = nonempty_str(cfg, "s3_bucket_name");
	si->s3 = true;
	if (bucket && strlen(bucket) <= 256)
		si->key = bucket;
	else {
		snprintf(si->keybuf, sizeof(si->keybuf), "s3_entry_%d", idx);
		si->key = si->keybuf;
	}
	if (!cJSON_IsObject(cfg)) {
		src_err(v, si->key, "config", MSG_REQUIRED);
		return NULL;
	}
	if (cJSON_GetObjectItemCaseSensitive(in, "source"))
		src_err(v, si->key, "source", "`source` cannot be specified for s3 origins");
	const cJSON *old = bucket ? old_s3(v, bucket) : NULL;
	if (!typed && v->op != GC_POST && !old) {
		char msg[400];
		snprintf(msg, sizeof(msg), "No existing S3 source with bucket \"%s\". "
			 "Provide origin_type explicitly for new S3 sources.", bucket ? bucket : "");
		src_err(v, si->key, "origin_type", msg);
		return NULL;
	}
	cJSON *c = cJSON_Duplicate(cfg, 1);
	/* "reject" (the spec's rule): the keys' own checks below say
	 * "This field is required." on each key left out */
	if (!typed && old && v->omit == EMU_S3_OMIT_KEEP && !fill_omitted_keys(v, c, old)) {
		src_err(v, si->key, "config", MSG_REQUIRED);
		cJSON_Delete(c);
		return NULL;
	}
	if (!resolve_secret(v, c, old, "s3_access_key_id") ||
	    !resolve_secret(v, c, old, "s3_secret_access_key")) {
		src_err(v, si->key, "config", MSG_SECRET);
		cJSON_Delete(c);
		return NULL;
	}
	const cJSON *type = cJSON_GetObjectItemCaseSensitive(c, "s3_type");
	bool amazon = false, other = false;
	if (!type || cJSON_IsNull(type))
		cfg_err(v, si->key, "s3_type", MSG_REQUIRED);
	else if (cJSON_IsString(type) && strcmp(type->valuestring, "amazon") == 0)
		amazon = true;
	else if (cJSON_IsString(type) && strcmp(type->valuestring, "other") == 0)
		other = true;
	else
		cfg_err(v, si->key, "s3_type", "\"s3_type\" is not a valid choice: amazon or other.");
	if (!bucket)
		cfg_err(v, si->key, "s3_bucket_name", MSG_REQUIRED);
	else if (strlen(bucket) > 256)
		cfg_err(v, si->key, "s3_bucket_name", "Ensure this field has no more than 256 characters.");
	check_cred(v, si->key, c, "s3_access_key_id", ":-_", 4,
		   "Latin letters, numbers, colon, dash, and underscore. From 4 to 255 characters.");
	check_cred(v, si->key, c, "s3_secret_access_key", "+/-:_", 16,
		   "Latin letters, numbers, pluses, slashes, dashes, colons and underscores. From 16 to 255 characters.");
	if (amazon && !nonempty_str(c, "s3_region"))
		cfg_err(v, si->key, "s3_region", MSG_REQUIRED);
	if (other && !nonempty_str(c, "s3_storage_hostname"))
		cfg_err(v, si->key, "s3_storage_hostname", MSG_REQUIRED);
	const cJSON *at = cJSON_GetObjectItemCaseSensitive(c, "s3_auth_type");
	if (!at || cJSON_IsNull(at)) {
		cJSON_DeleteItemFromObjectCaseSensitive(c, "s3_auth_type");
		cJSON_AddStringToObject(c, "s3_auth_type", "awsSignatureV4");
	} else if (!cJSON_IsString(at) || strcmp(at->valuestring, "awsSignatureV4") != 0)
		cfg_err(v, si->key, "s3_auth_type", "\"s3_auth_type\" is not a valid choice: awsSignatureV4.");

	cJSON *out = cJSON_CreateObject();
	cJSON_AddStringToObject(out, "origin_type", "s3");
	cJSON_AddItemToObject(out, "config", c);
	common_fields(v, in, out, si);
	emu_json_copy_unknown(out, in, known);
	return out;
}

static cJSON *build_fastedge(struct vctx *v, const cJSON *in, int idx, struct src_info *si)
{
	static const char *const known[] = { "origin_type", "config", "backup", "enabled",
		"host_header_override", NULL };
	snprintf(si->keybuf, sizeof(si->keybuf), "fastedge_entry_%d", idx);
	si->key = si->keybuf;
	const cJSON *cfg = cJSON_GetObjectItemCaseSensitive(in, "config");
	if (!cJSON_IsObject(cfg)) {
		src_err(v, si->key, "config", MSG_REQUIRED);
		return NULL;
	}
	if (!nonempty_str(cfg, "app_id"))
		cfg_err(v, si->key, "app_id", MSG_REQUIRED);
	cJSON *out = cJSON_CreateObject();
	cJSON_AddStringToObject(out, "origin_type", "fastedge");
	cJSON_AddItemToObject(out, "config", cJSON_Duplicate(cfg, 1));
	common_fields(v, in, out, si);
	emu_json_copy_unknown(out, in, known);
	return out;
}

static cJSON *build_source(struct vctx *v, const cJSON *in, int idx, struct src_info *si)
{
	snprintf(si->keybuf, sizeof(si->keybuf), "%d", idx);
	si->key = si->keybuf;
	if (!cJSON_IsObject(in)) {
		char msg[96];
		snprintf(msg, sizeof(msg), "Invalid data. Expected a dictionary, but got %s.", py_type(in));
		src_err(v, si->key, "non_field_errors", msg);
		return NULL;
	}
	const cJSON *ot = cJSON_GetObjectItemCaseSensitive(in, "origin_type");
	if (ot && !cJSON_IsNull(ot)) {
		if (cJSON_IsString(ot) && strcmp(ot->valuestring, "s3") == 0)
			return build_s3(v, in, idx, true, si);
		if (cJSON_IsString(ot) && strcmp(ot->valuestring, "fastedge") == 0)
			return build_fastedge(v, in, idx, si);
		if (cJSON_IsString(ot) && strcmp(ot->valuestring, "host") == 0)
			return build_host(v, in, si);
		src_err(v, si->key, "origin_type", "\"origin_type\" is not a valid choice: host, s3 or fastedge.");
		return NULL;
	}
	/* no origin_type: a config without a source string is an S3 source */
	if (!cJSON_GetObjectItemCaseSensitive(in, "source") &&
	    cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(in, "config")))
		return build_s3(v, in, idx, false, si);
	return build_host(v, in, si);
}

/* Builds the sources array; NULL when any error was recorded. */
static cJSON *build_sources(struct vctx *v, const cJSON *arr)
{
	if (!cJSON_IsArray(arr)) {
		char msg[96];
		snprintf(msg, sizeof(msg), "Expected a list of items but got type \"%s\".", py_type(arr));
		add_err(v->e, "sources", msg);
		return NULL;
	}
	int n = cJSON_GetArraySize(arr);
	if (n == 0) {
		add_err(v->e, "source", "Origin Group has to have at least one origin source.");
		return NULL;
	}
	if (n > GCORE_ORIGINS_LIMIT) {  /* the tariff's limit; also bounds the O(n^2) checks */
		char msg[160];
		if (v->op == GC_POST)
			snprintf(msg, sizeof(msg), "Impossible to add origin group with more than %d "
				 "origins on your tariff plan.", GCORE_ORIGINS_LIMIT);
		else
			snprintf(msg, sizeof(msg), "Impossible to edit origin group with more than %d "
				 "origins and add more origins on your tariff plan.", GCORE_ORIGINS_LIMIT);
		add_err(v->e, "sources", msg);
		return NULL;
	}
	struct src_info *si = calloc((size_t)n, sizeof(*si));
	cJSON *out = cJSON_CreateArray();
	if (!si || !out) {
		free(si);
		cJSON_Delete(out);
		add_err(v->e, "non_field_errors", "emulator out of memory");
		return NULL;
	}
	bool bad = false;
	for (int i = 0; i < n; i++) {
		cJSON *s = build_source(v, cJSON_GetArrayItem(arr, i), i, &si[i]);
		if (s)
			cJSON_AddItemToArray(out, s);
		else
			bad = true;
	}
	if (!bad && !has_errors(v)) {
		for (int i = 0; i < n; i++)
			for (int j = 0; j < i; j++)
				if (si[i].s3 == si[j].s3 && strcasecmp(si[i].key, si[j].key) == 0) {
					if (si[i].s3)
						src_err(v, si[i].key, "config", MSG_UNIQUE_S3);
					else
						src_err(v, si[i].key, "source", MSG_UNIQUE_SRC);
					break;
				}
	}
	if (!bad && !has_errors(v)) {
		/* Gcore keys both rules by the first source (gcore.md §3.5). An enabled
		 * backup with every primary disabled is refused too, matching origo's
		 * guard: the API's choice there is undocumented. */
		bool all_backup = true, any_enabled = false, active_primary = false;
		for (int i = 0; i < n; i++) {
			all_backup = all_backup && si[i].backup;
			any_enabled = any_enabled || si[i].enabled;
			active_primary = active_primary || (si[i].enabled && !si[i].backup);
		}
		if (all_backup)
			src_err(v, si[0].key, "backup", MSG_ALL_BACKUP);
		else if (!any_enabled || !active_primary)
			src_err(v, si[0].key, "enabled", MSG_NO_ACTIVE);
	}
	free(si);
	if (bad || has_errors(v)) {
		cJSON_Delete(out);
		return NULL;
	}
	return out;
}

/* ---- the group ---- */

static void set_field(cJSON *obj, const char *key, cJSON *item)
{
	if (!item)
		return;
	if (cJSON_GetObjectItemCaseSensitive(obj, key))
		cJSON_ReplaceItemInObjectCaseSensitive(obj, key, item);
	else
		cJSON_AddItemToObject(obj, key, item);
}

static cJSON *check_name(struct vctx *v, const cJSON *n, long long id)
{
	if (!n || cJSON_IsNull(n)) {
		if (v->op != GC_PATCH || n)
			add_err(v->e, "name", n ? "This field may not be null." : MSG_REQUIRED);
		return NULL;
	}
	if (!cJSON_IsString(n)) {
		add_err(v->e, "name", MSG_STRING);
		return NULL;
	}
	if (!n->valuestring[0]) {
		add_err(v->e, "name", MSG_BLANK);
		return NULL;
	}
	if (strlen(n->valuestring) > 255) {
		add_err(v->e, "name", MSG_MAX255);
		return NULL;
	}
	for (size_t i = 0; i < gcs_count(); i++) {
		struct gc_group *g = gcs_at(i);
		const cJSON *gn = cJSON_GetObjectItemCaseSensitive(g->json, "name");
		if (g->id != id && cJSON_IsString(gn) && strcmp(gn->valuestring, n->valuestring) == 0) {
			add_err(v->e, "name", "Origin Group name should be unique.");
			return NULL;
		}
	}
	return cJSON_CreateString(n->valuestring);
}

static cJSON *default_next_upstream(void)
{
	cJSON *a = cJSON_CreateArray();
	cJSON_AddItemToArray(a, cJSON_CreateString("error"));
	cJSON_AddItemToArray(a, cJSON_CreateString("timeout"));
	return a;
}

/* NULL: keep (PATCH) or an error was recorded */
static cJSON *check_next_upstream(struct vctx *v, const cJSON *p)
{
	if (!p || cJSON_IsNull(p))  /* TF1 sends null when unset: default/unchanged */
		return v->op == GC_PATCH ? NULL : default_next_upstream();
	if (!cJSON_IsArray(p)) {
		char msg[96];
		snprintf(msg, sizeof(msg), "Expected a list of items but got type \"%s\".", py_type(p));
		add_err(v->e, "proxy_next_upstream", msg);
		return NULL;
	}
	const cJSON *it;
	cJSON_ArrayForEach(it, p) {
		bool ok = false;
		for (size_t i = 0; cJSON_IsString(it) && next_upstream_values[i]; i++)
			ok = ok || strcmp(it->valuestring, next_upstream_values[i]) == 0;
		if (!ok) {
			char msg[160];
			snprintf(msg, sizeof(msg), "\"%.60s\" is not a valid choice.",
				 cJSON_IsString(it) ? it->valuestring : py_type(it));
			add_err(v->e, "proxy_next_upstream", msg);
			return NULL;
		}
	}
	return cJSON_Duplicate(p, 1);
}

static cJSON *check_bool(struct vctx *v, const cJSON *b, const char *key, bool required, bool dflt)
{
	if (!b) {
		if (required)
			add_err(v->e, key, MSG_REQUIRED);
		return v->op == GC_POST ? cJSON_CreateBool(dflt) : NULL;
	}
	if (!cJSON_IsBool(b)) {
		add_err(v->e, key, cJSON_IsNull(b) ? "This field may not be null." : MSG_BOOL);
		return NULL;
	}
	return cJSON_CreateBool(cJSON_IsTrue(b));
}

cJSON *gcv_build(enum gc_op op, const cJSON *body, const cJSON *existing,
		 long long id, enum emu_s3_echo echo, enum emu_s3_omit omit, cJSON **errors)
{
	static const char *const known[] = { "id", "name", "sources", "use_next",
		"proxy_next_upstream", "auth_type", "auth", "path", "has_related_resources", NULL };
	cJSON *root = cJSON_CreateObject();
	struct vctx v = { op, echo, omit, NULL, cJSON_AddObjectToObject(root, "errors") };
	*errors = NULL;
	if (existing)
		v.old_sources = cJSON_GetObjectItemCaseSensitive(existing, "sources");
	if (!cJSON_IsObject(body)) {
		char msg[96];
		snprintf(msg, sizeof(msg), "Invalid data. Expected a dictionary, but got %s.", py_type(body));
		add_err(v.e, "non_field_errors", msg);
		*errors = root;
		return NULL;
	}

	cJSON *name = check_name(&v, cJSON_GetObjectItemCaseSensitive(body, "name"), id);
	const cJSON *src_in = cJSON_GetObjectItemCaseSensitive(body, "sources");
	cJSON *sources = NULL;
	if (src_in && !cJSON_IsNull(src_in))
		sources = build_sources(&v, src_in);
	else if (op != GC_PATCH || src_in)
		add_err(v.e, "source", MSG_REQUIRED);
	cJSON *use_next = check_bool(&v, cJSON_GetObjectItemCaseSensitive(body, "use_next"),
				     "use_next", op == GC_PUT, false);
	cJSON *pnu = check_next_upstream(&v, cJSON_GetObjectItemCaseSensitive(body, "proxy_next_upstream"));

	const cJSON *at = cJSON_GetObjectItemCaseSensitive(body, "auth_type");
	cJSON *auth_type = NULL;
	if (at && !cJSON_IsNull(at)) {
		if (cJSON_IsString(at) && strcmp(at->valuestring, "none") == 0)
			auth_type = cJSON_CreateString("none");
		else if (cJSON_IsString(at) && strcmp(at->valuestring, "awsSignatureV4") == 0)
			add_err(v.e, "auth_type", "The emulator does not support legacy awsSignatureV4 "
				"groups; use S3 sources.");
		else
			add_err(v.e, "auth_type", "Invalid value, should be in: ['none', 'awsSignatureV4']");
	} else if (op != GC_PATCH)
		auth_type = cJSON_CreateString("none");
	const cJSON *auth = cJSON_GetObjectItemCaseSensitive(body, "auth");
	bool legacy = cJSON_IsString(at) && strcmp(at->valuestring, "awsSignatureV4") == 0;
	if (auth && !cJSON_IsNull(auth) && !legacy)
		add_err(v.e, "auth", "Origin Group hasn`t to auth with auth type: `none`.");
	const cJSON *path = cJSON_GetObjectItemCaseSensitive(body, "path");
	if (path && !cJSON_IsNull(path) && !cJSON_IsString(path))
		add_err(v.e, "path", MSG_STRING);

	if (has_errors(&v)) {
		cJSON_Delete(name);
		cJSON_Delete(sources);
		cJSON_Delete(use_next);
		cJSON_Delete(pnu);
		cJSON_Delete(auth_type);
		*errors = root;
		return NULL;
	}
	cJSON_Delete(root);

	cJSON *g;
	if (op == GC_PATCH) {
		g = cJSON_Duplicate(existing, 1);
	} else {
		g = cJSON_CreateObject();
		cJSON_AddNumberToObject(g, "id", (double)id);
		cJSON_AddNullToObject(g, "name");
		cJSON_AddNullToObject(g, "sources");
		cJSON_AddNullToObject(g, "use_next");
		cJSON_AddNullToObject(g, "proxy_next_upstream");
		cJSON_AddNullToObject(g, "auth_type");
		cJSON_AddStringToObject(g, "path", "");
		const cJSON *hr = existing ? cJSON_GetObjectItemCaseSensitive(existing, "has_related_resources") : NULL;
		cJSON_AddBoolToObject(g, "has_related_resources", cJSON_IsTrue(hr));
	}
	set_field(g, "name", name);
	set_field(g, "sources", sources);
	set_field(g, "use_next", use_next);
	set_field(g, "proxy_next_upstream", pnu);
	set_field(g, "auth_type", auth_type);
	if (cJSON_IsString(path))
		set_field(g, "path", cJSON_CreateString(path->valuestring));
	/* fields the emulator does not model are kept, so a client's round trip shows */
	const cJSON *it;
	cJSON_ArrayForEach(it, body) {
		bool skip = false;
		for (size_t i = 0; known[i]; i++)
			skip = skip || strcmp(it->string, known[i]) == 0;
		if (!skip)
			set_field(g, it->string, cJSON_Duplicate(it, 1));
	}
	return g;
}
