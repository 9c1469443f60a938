/* The Yandex Cloud CDN adapter (see yandex.h and ../shared/api/yandex.md). */
#include "net/yandex/yandex.h"
#include "model/og_clock.h"
#include "net/json.h"
#include "net/provider.h"
#include "net/hostport.h"
#include "net/token.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <curl/curl.h>

#define YC_PAGE_SIZE 1000          /* the documented maximum */
#define YC_MAX_PAGES 10000
#define YC_POLL_FIRST_MS 100
#define YC_POLL_MAX_MS 2000
/* An IAM token from token_cmd has no stated expiry: renew it hourly, as the
 * IAM documentation recommends, and at once when it is refused. */
#define YC_CMD_TOKEN_TTL 3600.0

const og_caps yandex_caps = {
	.provider_label = "Yandex Cloud CDN",
	.has_enabled = true,
	.has_backup = true,
	.has_primary = false,
	.has_order = false,
	.has_host_header = false,
	.has_next_upstream = false,   /* useNext, but no list of cases */
	.async_operations = true,
	.s3_sources = false,
	.why_no_enabled = NULL,
	.why_no_backup = NULL,
	.why_no_primary = "Yandex Cloud CDN origins have no primary flag: use b to make the others backup",
	.why_no_order = "Yandex Cloud CDN origins have no failover order",
};

/* ---- JSON text with int64 numbers --------------------------------------- */

/* More digits than this may not survive a double (2^53 has 16). */
#define SAFE_DIGITS 15

cJSON *yandex_parse_json(const char *text, size_t len)
{
	if (!text)
		return NULL;
	/* Each quoted number has at least 16 digits and gains 2 quotes. */
	size_t cap = len + 2 * (len / (SAFE_DIGITS + 1)) + 3;
	char *o = malloc(cap);
	if (!o)
		return NULL;
	size_t n = 0;
	bool in_str = false;
	for (size_t i = 0; i < len;) {
		char ch = text[i];
		if (in_str) {
			o[n++] = ch;
			i++;
			if (ch == '\\' && i < len)
				o[n++] = text[i++];
			else if (ch == '"')
				in_str = false;
			continue;
		}
		if (ch == '"') {
			in_str = true;
			o[n++] = text[i++];
			continue;
		}
		if (ch == '-' || isdigit((unsigned char)ch)) {
			/* the whole number token: -? digits (. digits)? ([eE] [+-]? digits)?
			 * Only an integer is quoted; the digits of a fraction or an
			 * exponent are part of their number, never one of their own. */
			size_t s = i;
			if (text[i] == '-')
				i++;
			size_t d0 = i;
			while (i < len && isdigit((unsigned char)text[i]))
				i++;
			size_t digits = i - d0;
			bool integer = true;
			if (i < len && text[i] == '.') {
				integer = false;
				for (i++; i < len && isdigit((unsigned char)text[i]); i++)
					;
			}
			if (i < len && (text[i] == 'e' || text[i] == 'E')) {
				integer = false;
				i++;
				if (i < len && (text[i] == '+' || text[i] == '-'))
					i++;
				while (i < len && isdigit((unsigned char)text[i]))
					i++;
			}
			bool quote = integer && digits > SAFE_DIGITS;
			if (quote)
				o[n++] = '"';
			memcpy(o + n, text + s, i - s);
			n += i - s;
			if (quote)
				o[n++] = '"';
			continue;
		}
		o[n++] = text[i++];
	}
	cJSON *j = cJSON_ParseWithLength(o, n);
	free(o);
	return j;
}

/* ---- JSON -> model ------------------------------------------------------ */

/* proto3 JSON leaves false out: absent is false, not unknown. */
static og_tri bool_of(const cJSON *o, const char *name)
{
	return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, name)) ? OG_YES : OG_NO;
}

static int parse_origin(const cJSON *j, size_t i, og_source *out, og_error *err)
{
	memset(out, 0, sizeof *out);
	out->primary = OG_ABSENT;
	out->order = -1;
	out->order_alt = -1;
	if (!cJSON_IsObject(j)) {
		og_error_set(err, OG_ERR_PARSE, "origin #%zu is not an object", i + 1);
		return -1;
	}
	out->key = json_id(cJSON_GetObjectItemCaseSensitive(j, "id"), 19);
	if (!out->key) {
		og_error_set(err, OG_ERR_PARSE, "origin #%zu has no valid id", i + 1);
		return -1;
	}
	const char *src = json_str(j, "source");
	out->kind = OG_KIND_HOST;
	const cJSON *meta = cJSON_GetObjectItemCaseSensitive(j, "meta");
	const char *meta_name = NULL;
	if (cJSON_IsObject(meta)) {
		/* "common" is a host to the model (and to list --json), but the
		 * screen shows Yandex's own name for it. */
		static const struct { const char *key; og_kind kind; } kinds[] = {
			{ "common", OG_KIND_HOST }, { "bucket", OG_KIND_BUCKET },
			{ "website", OG_KIND_WEBSITE }, { "balancer", OG_KIND_BALANCER },
		};
		for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
			const cJSON *m = cJSON_GetObjectItemCaseSensitive(meta, kinds[k].key);
			if (m) {
				out->kind = kinds[k].kind;
				out->kind_label = kinds[k].key;
				meta_name = json_str(m, kinds[k].kind == OG_KIND_BALANCER ? "id" : "name");
				break;
			}
		}
	}
	if (src && src[0]) {
		if (net_split_host_port(src, &out->host, &out->port) < 0)
			goto oom;
	} else {
		/* a balancer may come without a source: show what names it */
		out->host = strdup(meta_name ? meta_name : out->key);
	}
	if (!out->host)
		goto oom;
	out->enabled = bool_of(j, "enabled");
	out->backup = bool_of(j, "backup");
	if (og_source_set_raw(out, cJSON_Duplicate(j, 1)) < 0)
		goto oom;
	return 0;
oom:
	og_source_clear(out);
	og_error_set(err, OG_ERR_INTERNAL, "out of memory");
	return -1;
}

int yandex_parse_group(const cJSON *j, og_group **out, og_error *err)
{
	*out = NULL;
	if (!cJSON_IsObject(j)) {
		og_error_set(err, OG_ERR_PARSE, "origin group is not an object");
		return -1;
	}
	og_group *g = calloc(1, sizeof *g);
	if (!g)
		goto oom;
	g->id = json_id(cJSON_GetObjectItemCaseSensitive(j, "id"), 19);
	if (!g->id) {
		og_group_free(g);
		og_error_set(err, OG_ERR_PARSE, "origin group without a valid id");
		return -1;
	}
	const char *name = json_str(j, "name");
	if (!(g->name = strdup(name ? name : "")))
		goto oom;
	g->use_next = bool_of(j, "useNext");

	/* CDN resources using the group: shown as "in use by" their CNAMEs. */
	const cJSON *rm = cJSON_GetObjectItemCaseSensitive(j, "resourcesMetadata");
	int nr = cJSON_IsArray(rm) ? cJSON_GetArraySize(rm) : 0;
	g->in_use = nr > 0 ? OG_YES : OG_NO;
	if (nr > 0) {
		if (!(g->in_use_by = calloc((size_t)nr, sizeof *g->in_use_by)))
			goto oom;
		const cJSON *e;
		cJSON_ArrayForEach(e, rm) {
			const char *cname = json_str(e, "cname"), *rid = json_str(e, "id");
			const char *show = cname && cname[0] ? cname : rid;
			if (!show)
				continue;
			if (!(g->in_use_by[g->n_in_use_by] = strdup(show)))
				goto oom;
			g->n_in_use_by++;
		}
	}
	const char *ptype = json_str(j, "providerType");
	if (ptype && og_group_add_setting(g, "Provider type", ptype) < 0)
		goto oom;

	const cJSON *origins = cJSON_GetObjectItemCaseSensitive(j, "origins");
	int n = cJSON_IsArray(origins) ? cJSON_GetArraySize(origins) : 0;
	if (n > 0) {
		if (!(g->sources = calloc((size_t)n, sizeof *g->sources)))
			goto oom;
		size_t i = 0;
		const cJSON *e;
		cJSON_ArrayForEach(e, origins) {
			og_error se;
			if (parse_origin(e, i, &g->sources[i], &se) < 0) {
				og_error_set(err, se.kind, "group %s: %s", g->id, se.msg);
				og_group_free(g);
				return -1;
			}
			g->n_sources = ++i;
		}
	}
	cJSON *graw = cJSON_Duplicate(j, 1);
	if (!graw)
		goto oom;
	cJSON_DeleteItemFromObjectCaseSensitive(graw, "origins");
	if (og_group_set_raw(g, graw) < 0)
		goto oom;
	*out = g;
	return 0;
oom:
	og_group_free(g);
	og_error_set(err, OG_ERR_INTERNAL, "out of memory");
	return -1;
}

int yandex_parse_page(const cJSON *j, og_group_list *out, char **next_token, og_error *err)
{
	*next_token = NULL;
	if (!cJSON_IsObject(j)) {
		og_error_set(err, OG_ERR_PARSE, "list of origin groups is not an object");
		return -1;
	}
	const cJSON *groups = cJSON_GetObjectItemCaseSensitive(j, "originGroups");
	if (groups && !cJSON_IsArray(groups)) {
		og_error_set(err, OG_ERR_PARSE, "originGroups is not an array");
		return -1;
	}
	const cJSON *e;
	cJSON_ArrayForEach(e, groups) {
		og_group *g;
		if (yandex_parse_group(e, &g, err) < 0)
			return -1;
		if (og_group_list_push(out, g) < 0) {
			og_error_set(err, OG_ERR_INTERNAL, "out of memory");
			return -1;
		}
	}
	const char *next = json_str(j, "nextPageToken");
	if (next && next[0] && !(*next_token = strdup(next))) {
		og_error_set(err, OG_ERR_INTERNAL, "out of memory");
		return -1;
	}
	return 0;
}

/* ---- model -> JSON ------------------------------------------------------ */

static const char *yandex_flag_key(og_field f)
{
	switch (f) {
	case OG_FIELD_ENABLED: return "enabled";
	case OG_FIELD_BACKUP: return "backup";
	case OG_FIELD_PRIMARY: return NULL;
	case OG_FIELD_ORDER: return NULL;
	}
	return NULL;
}

/* The origin as OriginParams / UpdateOriginRequest want it: source, both
 * booleans always (plain bools: an omitted one would be false), meta as it
 * came. `set` (NULL: none) gets value `to`. */
static cJSON *origin_params(const og_source *s, const char *set, bool to)
{
	const cJSON *raw = og_source_raw(s);
	cJSON *o = cJSON_CreateObject();
	if (!o)
		return NULL;
	const char *src = json_str(raw, "source");
	bool en = s->enabled == OG_YES, bk = s->backup == OG_YES;
	if (set && strcmp(set, "enabled") == 0)
		en = to;
	if (set && strcmp(set, "backup") == 0)
		bk = to;
	const cJSON *meta = cJSON_GetObjectItemCaseSensitive(raw, "meta");
	if (!cJSON_AddStringToObject(o, "source", src ? src : "") ||
	    !cJSON_AddBoolToObject(o, "enabled", en) || !cJSON_AddBoolToObject(o, "backup", bk))
		goto oom;
	if (cJSON_IsObject(meta)) {
		cJSON *m = cJSON_Duplicate(meta, 1);
		if (!m)
			goto oom;
		cJSON_AddItemToObject(o, "meta", m);
	}
	return o;
oom:
	cJSON_Delete(o);
	return NULL;
}

static const char *folder_of(const og_group *g, const char *folder_id)
{
	const char *f = json_str(og_group_raw(g), "folderId");
	return f && f[0] ? f : (folder_id ? folder_id : "");
}

static long change_target(const og_group *fresh, const og_change *c, og_error *err)
{
	const char *key = yandex_flag_key(c->field);
	if (!key || (c->to != OG_YES && c->to != OG_NO)) {
		/* net_change_flag refused a flag Yandex lacks already */
		const char *why = og_caps_why_not(&yandex_caps, c->field);
		og_error_set(err, OG_ERR_REFUSED, "%s", why ? why : "a flag is set to yes or no only");
		return -1;
	}
	long idx = og_group_find_source(fresh, c->source_key);
	if (idx < 0) {
		og_error_set(err, OG_ERR_CONFLICT, "origin %s is no longer in group \"%s\" on the server; "
		             "nothing was sent", c->source_key ? c->source_key : "",
		             fresh->name ? fresh->name : "");
		return -1;
	}
	if (!og_source_raw(&fresh->sources[idx])) {
		og_error_set(err, OG_ERR_INTERNAL, "origin %s has no server copy to send back",
		             c->source_key);
		return -1;
	}
	return idx;
}

char *yandex_build_origin_update(const og_group *fresh, const og_change *c, const char *folder_id,
                                 og_error *err)
{
	long idx = change_target(fresh, c, err);
	if (idx < 0)
		return NULL;
	cJSON *p = origin_params(&fresh->sources[idx], yandex_flag_key(c->field), c->to == OG_YES);
	cJSON *body = cJSON_CreateObject();
	if (!p || !body || !cJSON_AddStringToObject(body, "folderId", folder_of(fresh, folder_id))) {
		cJSON_Delete(p);
		cJSON_Delete(body);
		og_error_set(err, OG_ERR_INTERNAL, "out of memory");
		return NULL;
	}
	/* folderId first, then the origin's fields in their documented order */
	for (cJSON *e = p->child; e;) {
		cJSON *next = e->next;
		cJSON_AddItemToObject(body, e->string, cJSON_Duplicate(e, 1));
		e = next;
	}
	cJSON_Delete(p);
	return json_print_take(body, err);
}

/* The UpdateOriginGroupRequest body: folderId, originGroupId, groupName and
 * useNext as given, and every origin of `fresh` as it is (the list replaces
 * the stored one: PUT semantics, yandex.md §4.4), origin `idx` (-1: none)
 * with flag `set` set to `to`. */
static char *group_update_body(const og_group *fresh, const char *folder_id, const char *name,
                               bool use_next, long idx, const char *set, bool to, og_error *err)
{
	cJSON *body = cJSON_CreateObject(), *arr = NULL;
	if (!body || !cJSON_AddStringToObject(body, "folderId", folder_of(fresh, folder_id)) ||
	    !cJSON_AddStringToObject(body, "originGroupId", fresh->id) ||
	    /* the server refuses an update without it ("Name: required") */
	    !cJSON_AddStringToObject(body, "groupName", name ? name : "") ||
	    !cJSON_AddBoolToObject(body, "useNext", use_next) ||
	    !(arr = cJSON_AddArrayToObject(body, "origins")))
		goto oom;
	for (size_t i = 0; i < fresh->n_sources; i++) {
		if (!og_source_raw(&fresh->sources[i])) {
			cJSON_Delete(body);
			og_error_set(err, OG_ERR_INTERNAL, "origin %s has no server copy to send back",
			             fresh->sources[i].key ? fresh->sources[i].key : "");
			return NULL;
		}
		cJSON *o = origin_params(&fresh->sources[i], (long)i == idx ? set : NULL, to);
		if (!o)
			goto oom;
		cJSON_AddItemToArray(arr, o);
	}
	return json_print_take(body, err);
oom:
	cJSON_Delete(body);
	og_error_set(err, OG_ERR_INTERNAL, "out of memory");
	return NULL;
}

char *yandex_build_group_update(const og_group *fresh, const og_change *c, const char *folder_id,
                                og_error *err)
{
	long idx = change_target(fresh, c, err);
	if (idx < 0)
		return NULL;
	return group_update_body(fresh, folder_id, fresh->name, fresh->use_next == OG_YES, idx,
	                         yandex_flag_key(c->field), c->to == OG_YES, err);
}

char *yandex_build_group_settings(const og_group *fresh, const char *name, bool use_next,
                                  const char *folder_id, og_error *err)
{
	return group_update_body(fresh, folder_id, name, use_next, -1, NULL, false, err);
}

/* ---- operations, tokens, errors ----------------------------------------- */

static void one_line(char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			*s = ' ';
}

int yandex_parse_operation(const cJSON *j, yandex_op *op, og_error *err)
{
	memset(op, 0, sizeof *op);
	const char *id = json_str(j, "id");
	if (!cJSON_IsObject(j) || !id || !id[0]) {
		og_error_set(err, OG_ERR_PARSE, "the answer is not an operation (no id)");
		return -1;
	}
	snprintf(op->id, sizeof op->id, "%s", id);
	op->done = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(j, "done"));
	/* the ids the operation is about: in its metadata from the start, and
	 * in a done response (a failed create has none, or "0") */
	const cJSON *md = cJSON_GetObjectItemCaseSensitive(j, "metadata");
	const cJSON *rs = cJSON_GetObjectItemCaseSensitive(j, "response");
	char *gid = json_id(cJSON_GetObjectItemCaseSensitive(md, "originGroupId"), 19);
	char *oid = json_id(cJSON_GetObjectItemCaseSensitive(md, "originId"), 19);
	if (!gid || strcmp(gid, "0") == 0) {
		free(gid);
		gid = json_id(cJSON_GetObjectItemCaseSensitive(rs, "originGroupId"), 19);
		if (!gid && !oid)
			gid = json_id(cJSON_GetObjectItemCaseSensitive(rs, "id"), 19);
	}
	if (gid && strcmp(gid, "0") != 0)
		snprintf(op->group_id, sizeof op->group_id, "%s", gid);
	if (oid && strcmp(oid, "0") != 0)
		snprintf(op->origin_id, sizeof op->origin_id, "%s", oid);
	free(gid);
	free(oid);
	const cJSON *e = cJSON_GetObjectItemCaseSensitive(j, "error");
	if (cJSON_IsObject(e)) {
		op->has_error = true;
		const cJSON *code = cJSON_GetObjectItemCaseSensitive(e, "code");
		op->code = cJSON_IsNumber(code) ? code->valueint : 0;
		const char *m = json_str(e, "message");
		snprintf(op->message, sizeof op->message, "%s", m && m[0] ? m : "no message");
		one_line(op->message);
	}
	return 0;
}

bool yandex_is_iam_token(const char *t)
{
	if (!t || strncmp(t, "t1.", 3) != 0)
		return false;
	int dots = 0;
	for (; *t; t++)
		dots += *t == '.';
	return dots == 2;
}

int yandex_parse_time(const char *s, time_t *out)
{
	struct tm tm;
	memset(&tm, 0, sizeof tm);
	if (!s)
		return -1;
	const char *p = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm);
	if (!p)
		return -1;
	if (*p == '.')
		for (p++; isdigit((unsigned char)*p); p++)
			;
	long off = 0;
	if (*p == 'Z' || *p == 'z') {
		p++;
	} else if ((*p == '+' || *p == '-') && isdigit((unsigned char)p[1]) &&
	           isdigit((unsigned char)p[2]) && p[3] == ':' && isdigit((unsigned char)p[4]) &&
	           isdigit((unsigned char)p[5])) {
		off = ((p[1] - '0') * 10 + (p[2] - '0')) * 3600L + ((p[4] - '0') * 10 + (p[5] - '0')) * 60L;
		if (*p == '-')
			off = -off;
		p += 6;
	} else {
		return -1;
	}
	if (*p)
		return -1;
	*out = timegm(&tm) - off;
	return 0;
}

void yandex_describe_error(const char *body, size_t len, char *out, size_t outsz)
{
	/* google.rpc.Status: {"code","message","details"} */
	http_describe_error_body(body, len, out, outsz);
}

/* ---- the account -------------------------------------------------------- */

typedef struct yc_priv {
	char *folder_id;
	char *operation_url, *iam_url;      /* without a trailing slash */
	char *token;                        /* inline or from the variable; a secret */
	char *token_cmd;
	token_cache cache;
} yc_priv;

static char *dup_url(const char *u, const char *def)
{
	char *d = strdup(u && u[0] ? u : def);
	if (d) {
		size_t n = strlen(d);
		while (n > 0 && d[n - 1] == '/')
			d[--n] = '\0';
	}
	return d;
}

static void yandex_close(net_account *a)
{
	yc_priv *p = a->priv;
	if (!p)
		return;
	token_cache_destroy(&p->cache);
	net_auth_free(p->token);
	free(p->folder_id);
	free(p->operation_url);
	free(p->iam_url);
	free(p->token_cmd);
	free(p);
	a->priv = NULL;
}

static int yandex_open(net_account *a, const og_account *acct, og_error *err)
{
	yc_priv *p = calloc(1, sizeof *p);
	if (!p) {
		og_error_set(err, OG_ERR_INTERNAL, "out of memory");
		return -1;
	}
	token_cache_init(&p->cache);
	a->priv = p;
	const char *folder = og_account_setting_or(acct, "folder_id", getenv("YC_FOLDER_ID"));
	if (!folder || !folder[0]) {
		og_error_set(err, OG_ERR_CONFIG, "account \"%s\": no folder_id; set folder_id or YC_FOLDER_ID",
		             a->name);
		return -1;
	}
	p->folder_id = strdup(folder);
	p->operation_url = dup_url(og_account_setting(acct, "operation_url"), YANDEX_DEFAULT_OPERATION_URL);
	p->iam_url = dup_url(og_account_setting(acct, "iam_url"), YANDEX_DEFAULT_IAM_URL);
	if (!p->folder_id || !p->operation_url || !p->iam_url)
		goto oom;
	/* token, else token_cmd (run when a token is needed), else token_env */
	const char *var = og_account_setting_or(acct, "token_env", "YC_TOKEN");
	const char *token = og_account_setting_or(acct, "token", NULL);
	const char *token_cmd = og_account_setting_or(acct, "token_cmd", NULL);
	if (token) {
		if (!(p->token = strdup(token)))
			goto oom;
	} else if (token_cmd) {
		if (!(p->token_cmd = strdup(token_cmd)))
			goto oom;
	} else {
		const char *v = getenv(var);
		if (!v || !v[0]) {
			og_error_set(err, OG_ERR_CONFIG, "account \"%s\": no token; set %s (an IAM or OAuth "
			             "token) or token_cmd", a->name, var);
			return -1;
		}
		if (!(p->token = strdup(v)))
			goto oom;
	}
	return 0;
oom:
	og_error_set(err, OG_ERR_INTERNAL, "out of memory");
	return -1;
}

/* POST {iam_url}/iam/v1/tokens {"yandexPassportOauthToken": oauth}. */
static int exchange_oauth(yc_priv *p, net_call *c, const char *oauth, char **token, double *ttl,
                          og_error *err)
{
	cJSON *b = cJSON_CreateObject();
	char *body = NULL;
	if (!b || !cJSON_AddStringToObject(b, "yandexPassportOauthToken", oauth) ||
	    !(body = cJSON_PrintUnformatted(b))) {
		cJSON_Delete(b);
		og_error_set(err, OG_ERR_INTERNAL, "out of memory");
		return -1;
	}
	/* the tree held the OAuth token too */
	cJSON *s = cJSON_GetObjectItemCaseSensitive(b, "yandexPassportOauthToken");
	if (s && s->valuestring)
		memset(s->valuestring, 0, strlen(s->valuestring));
	cJSON_Delete(b);
	size_t n = strlen(p->iam_url) + sizeof "/iam/v1/tokens";
	char *url = malloc(n);
	if (!url) {
		net_auth_free(body);
		og_error_set(err, OG_ERR_INTERNAL, "out of memory");
		return -1;
	}
	snprintf(url, n, "%s/iam/v1/tokens", p->iam_url);
	http_request req = {
		.method = "POST", .url = url, .body = body, .body_len = strlen(body),
		.timeout_seconds = c->acct->timeout_seconds, .account_name = c->acct->name,
		.describe = yandex_describe_error,
	};
	http_response r;
	int rc = http_perform(c->http, &req, &r, err);
	net_auth_free(body);
	char host[256];
	http_url_host(url, host, sizeof host);
	free(url);
	if (rc < 0) {
		if (err->kind == OG_ERR_AUTH || err->http_status == 400) {
			char m[sizeof err->msg];
			snprintf(m, sizeof m, "%s", err->msg);
			int st = err->http_status;
			og_error_set(err, OG_ERR_AUTH, "account \"%s\": %s did not exchange the OAuth token "
			             "for an IAM token (%s)", c->acct->name, host, m);
			err->http_status = st;
		}
		return -1;
	}
	rc = yandex_parse_iam_answer(r.body, r.len, host, token, ttl, err);
	if (r.body)
		memset(r.body, 0, r.len);
	http_response_clear(&r);
	return rc;
}

int yandex_parse_iam_answer(const char *body, size_t len, const char *host, char **token,
                            double *ttl, og_error *err)
{
	*token = NULL;
	cJSON *j = body ? cJSON_ParseWithLength(body, len) : NULL;
	const char *iam = json_str(j, "iamToken"), *exp = json_str(j, "expiresAt");
	if (!iam || !iam[0]) {
		cJSON_Delete(j);
		og_error_set(err, OG_ERR_PARSE, "malformed answer from %s (no iamToken)", host);
		return -1;
	}
	*token = strdup(iam);
	memset(cJSON_GetObjectItemCaseSensitive(j, "iamToken")->valuestring, 0, strlen(iam));
	time_t t;
	*ttl = -1;
	if (exp && yandex_parse_time(exp, &t) == 0) {
		/* Whole seconds on both sides would be up to a second off, enough
		 * to keep using a short-lived token past its end: count the
		 * fraction of expiresAt and of the clock too. */
		const char *dot = strchr(exp, '.');
		double frac = dot ? strtod(dot, NULL) : 0;
		struct timespec now;
		clock_gettime(CLOCK_REALTIME, &now);
		*ttl = ((double)t + frac) - ((double)now.tv_sec + (double)now.tv_nsec / 1e9);
	}
	if (*ttl < 0 && exp)
		*ttl = 0;   /* already past: use it once, renew on the next request */
	cJSON_Delete(j);
	if (!*token) {
		og_error_set(err, OG_ERR_INTERNAL, "out of memory");
		return -1;
	}
	return 0;
}

static int yandex_fetch_token(void *ctx, net_call *c, char **token, double *ttl, og_error *err)
{
	yc_priv *p = ctx;
	char *raw = NULL;
	bool from_cmd = !p->token;
	if (from_cmd) {
		if (token_run_command(p->token_cmd, c->acct->timeout_seconds * 2,
		                      c->http ? c->http->stop : NULL, c->acct->name, &raw, err) < 0)
			return -1;
	} else if (!(raw = strdup(p->token))) {
		og_error_set(err, OG_ERR_INTERNAL, "out of memory");
		return -1;
	}
	if (yandex_is_iam_token(raw)) {
		*token = raw;
		*ttl = from_cmd ? YC_CMD_TOKEN_TTL : -1;
		return 0;
	}
	int rc = exchange_oauth(p, c, raw, token, ttl, err);
	net_auth_free(raw);
	return rc;
}

static int yandex_auth(net_call *c, const char *refused, char **header, og_error *err)
{
	yc_priv *p = c->acct->priv;
	return token_cache_header(&p->cache, yandex_fetch_token, p, c, refused, header, err);
}

unsigned long yandex_token_fetches(net_account *a)
{
	yc_priv *p = a ? a->priv : NULL;
	if (!p)
		return 0;
	pthread_mutex_lock(&p->cache.mu);
	unsigned long n = p->cache.fetches;
	pthread_mutex_unlock(&p->cache.mu);
	return n;
}

/* ---- requests ----------------------------------------------------------- */

const char *yandex_folder_of(const net_call *c)
{
	const yc_priv *p = c && c->acct ? c->acct->priv : NULL;
	return p && p->folder_id ? p->folder_id : "";
}

/* A request whose answer is parsed with int64s kept exact. */
int yandex_request(net_call *c, const char *method, const char *url, const char *body,
                   cJSON **out, og_error *err)
{
	return net_request_url_parsed(c, method, url, body, yandex_parse_json, out, err);
}

/* base + fmt..., or NULL (err set). caller frees. */
static char *url_of(og_error *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static char *url_of(og_error *err, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *u = NULL;
	if (vasprintf(&u, fmt, ap) < 0)
		u = NULL;
	va_end(ap);
	if (!u)
		og_error_set(err, OG_ERR_INTERNAL, "out of memory");
	return u;
}

static char *escape(const char *s)
{
	return curl_easy_escape(NULL, s ? s : "", 0);
}

static void prefix_error(og_error *err, const char *host)
{
	if (err->kind != OG_ERR_PARSE)
		return;
	char m[sizeof err->msg];
	snprintf(m, sizeof m, "%s", err->msg);
	og_error_set(err, OG_ERR_PARSE, "malformed response from %s: %s", host, m);
}

static int yandex_list(net_call *c, og_group_list *out, og_error *err)
{
	yc_priv *p = c->acct->priv;
	og_group_list l = { 0 };
	char *token = NULL, *folder = escape(p->folder_id);
	if (!folder) {
		og_error_set(err, OG_ERR_INTERNAL, "out of memory");
		return -1;
	}
	for (int pages = 0;; pages++) {
		if (pages >= YC_MAX_PAGES) {
			og_error_set(err, OG_ERR_PARSE, "%s kept sending pages of origin groups; stopped "
			             "after %d", c->acct->host, YC_MAX_PAGES);
			goto fail;
		}
		char *tok = token ? escape(token) : NULL;
		char *url = url_of(err, "%s/cdn/v1/originGroups?folderId=%s&pageSize=%d%s%s",
		                   c->acct->base_url, folder, YC_PAGE_SIZE, tok ? "&pageToken=" : "",
		                   tok ? tok : "");
		curl_free(tok);
		if (!url)
			goto fail;
		cJSON *j;
		int rc = yandex_request(c, "GET", url, NULL, &j, err);
		free(url);
		if (rc < 0)
			goto fail;
		char *next = NULL;
		rc = yandex_parse_page(j, &l, &next, err);
		cJSON_Delete(j);
		if (rc < 0) {
			prefix_error(err, c->acct->host);
			goto fail;
		}
		if (net_call_flush(c, &l, err) < 0)
			goto fail;
		/* the same token twice would loop for ever */
		bool same = next && token && strcmp(next, token) == 0;
		free(token);
		token = next;
		if (same) {
			og_error_set(err, OG_ERR_PARSE, "%s sent the same nextPageToken twice", c->acct->host);
			goto fail;
		}
		if (!token)
			break;
	}
	curl_free(folder);
	*out = l;
	return 0;
fail:
	free(token);
	curl_free(folder);
	og_group_list_free(&l);
	return -1;
}

static int yandex_get(net_call *c, const char *id, og_group **out, og_error *err)
{
	yc_priv *p = c->acct->priv;
	*out = NULL;
	if (!json_digits(id, 19)) {
		og_error_set(err, OG_ERR_NOTFOUND, "no group with id \"%s\" in account \"%s\"",
		             id ? id : "", c->acct->name);
		return -1;
	}
	char *folder = escape(p->folder_id);
	char *url = folder ? url_of(err, "%s/cdn/v1/originGroups/%s?folderId=%s", c->acct->base_url,
	                            id, folder) : NULL;
	curl_free(folder);
	if (!url) {
		og_error_set(err, OG_ERR_INTERNAL, "out of memory");
		return -1;
	}
	cJSON *j;
	int rc = yandex_request(c, "GET", url, NULL, &j, err);
	free(url);
	if (rc < 0) {
		if (err->kind == OG_ERR_NOTFOUND) {
			og_error_set(err, OG_ERR_NOTFOUND, "no group with id %s in account \"%s\"", id,
			             c->acct->name);
			err->http_status = 404;
		}
		return -1;
	}
	rc = yandex_parse_group(j, out, err);
	cJSON_Delete(j);
	if (rc < 0)
		prefix_error(err, c->acct->host);
	return rc;
}

/* Sleeps ms, or less when the worker is stopping. false when stopping. */
static bool nap(net_call *c, long ms)
{
	const atomic_bool *stop = c->http ? c->http->stop : NULL;
	while (ms > 0) {
		if (stop && atomic_load(stop))
			return false;
		long step = ms < 20 ? ms : 20;
		struct timespec ts = { 0, step * 1000000L };
		nanosleep(&ts, NULL);
		ms -= step;
	}
	return !(stop && atomic_load(stop));
}

/* Waits for the Operation `j` (taken) to be done, polling the operation
 * service with a growing interval, within a bound. 0: done without error. */
int yandex_wait_operation(net_call *c, cJSON *j, yandex_op *last, og_error *err)
{
	yc_priv *p = c->acct->priv;
	yandex_op spare;
	yandex_op *opp = last ? last : &spare;
	memset(opp, 0, sizeof *opp);
	/* An operation may take a while to be done, longer than one request:
	 * three request timeouts, at least half a minute. */
	int bound = c->acct->timeout_seconds * 3 < 30 ? 30 : c->acct->timeout_seconds * 3;
	double deadline = og_clock_seconds() + bound;
	long wait_ms = YC_POLL_FIRST_MS;
	for (;;) {
		yandex_op op;
		int rc = yandex_parse_operation(j, &op, err);
		cJSON_Delete(j);
		if (rc < 0) {
			prefix_error(err, c->acct->host);
			return -1;
		}
		/* keep the ids a first answer had when a later one lacks them */
		if (!op.group_id[0])
			snprintf(op.group_id, sizeof op.group_id, "%s", opp->group_id);
		if (!op.origin_id[0])
			snprintf(op.origin_id, sizeof op.origin_id, "%s", opp->origin_id);
		*opp = op;
		if (op.done && op.has_error) {
			og_error_set(err, OG_ERR_API, "operation %s failed: %s (code %d)", op.id, op.message,
			             op.code);
			return -1;
		}
		if (op.done)
			return 0;
		if (og_clock_seconds() + (double)wait_ms / 1000 > deadline) {
			if (op.has_error)
				og_error_set(err, OG_ERR_API, "operation %s is failing: %s (code %d)", op.id,
				             op.message, op.code);
			else
				og_error_set(err, OG_ERR_NET, "operation %s is not done after %d s; the change "
				             "may yet be applied; press r to refresh", op.id, bound);
			return -1;
		}
		if (!nap(c, wait_ms)) {
			og_error_set(err, OG_ERR_NET, "stopped waiting for operation %s; the change may "
			             "yet be applied", op.id);
			return -1;
		}
		wait_ms = wait_ms * 8 / 5 > YC_POLL_MAX_MS ? YC_POLL_MAX_MS : wait_ms * 8 / 5;
		char *id = escape(op.id);
		char *url = id ? url_of(err, "%s/operations/%s", p->operation_url, id) : NULL;
		curl_free(id);
		if (!url) {
			og_error_set(err, OG_ERR_INTERNAL, "out of memory");
			return -1;
		}
		rc = yandex_request(c, "GET", url, NULL, &j, err);
		free(url);
		if (rc < 0)
			return -1;
	}
}

/* A toggle writes through the Origin service (PATCH /cdn/v1/origins/{id}),
 * not the group's Update: it is the smaller write (one origin instead of the
 * whole list), it cannot replace origins someone else changed meanwhile
 * (group Update has PUT semantics on `origins`), it needs no groupName, and
 * the origin keeps its id, which is the source's identity here.
 * UpdateOriginRequest's enabled/backup are plain bools: both are sent. */
static int yandex_write_flag(net_call *c, const og_group *fresh, const og_change *ch,
                             og_group **out, og_error *err)
{
	yc_priv *p = c->acct->priv;
	*out = NULL;
	char *body = yandex_build_origin_update(fresh, ch, p->folder_id, err);
	if (!body)
		return -1;
	char *url = url_of(err, "%s/cdn/v1/origins/%s", c->acct->base_url, ch->source_key);
	if (!url) {
		free(body);
		return -1;
	}
	cJSON *j;
	int rc = yandex_request(c, "PATCH", url, body, &j, err);
	free(url);
	free(body);
	if (rc < 0)
		return -1;
	rc = yandex_wait_operation(c, j, NULL, err);
	/* Either way, the group as it is now: after a failed operation it
	 * shows the user what the server kept. */
	og_error tmp = { 0 };
	if (yandex_get(c, fresh->id, out, &tmp) < 0)
		*out = NULL;
	return rc;
}

const net_provider yandex_provider = {
	.name = "yandex",
	.default_url = YANDEX_DEFAULT_API_URL,
	.caps = &yandex_caps,
	.open = yandex_open,
	.list = yandex_list,
	.get = yandex_get,
	.write_flag = yandex_write_flag,
	.flag_key = yandex_flag_key,
	.describe_error = yandex_describe_error,
	.close = yandex_close,
	.auth = yandex_auth,
	.form_fill = yandex_form_fill,
	.form_check = yandex_form_check,
	.form_save = yandex_form_save,
	.delete_group = yandex_delete_group,
	.delete_source = yandex_delete_source,
	.curl_auth = yandex_curl_auth,
	.secret_fields = yandex_secret_fields,
};
