/* The Yandex endpoints (yandex.md §1): OriginGroupService under
 * /cdn/v1/originGroups, OriginService under /cdn/v1/origins, the Operation
 * service under /operations/, the IAM token exchange at /iam/v1/tokens.
 * Auth is "Bearer <IAM token>"; errors are google.rpc.Status bodies; every
 * mutation answers with an Operation (yandex_ops.c). */
#include "yandex.h"
#include "oauth_tokens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define GROUPS "/cdn/v1/originGroups"
#define ORIGINS "/cdn/v1/origins"
#define OPERATIONS "/operations/"
#define IAM "/iam/v1/tokens"

struct yc_settings yc_settings = {
	.token_ttl_s = 43200,        /* yandex.md §3: at most 12 hours */
	.operation_polls = 1,
	.page_size_max = 1000,
	.print_defaults = false,
	.meta_fill_common = false,
	.update_empty_keeps = true,
	.renew_origin_ids = false,
	.delete_in_use_ok = false,
	.sync_validation = false,
	.empty_as_any = true,
};

static bool under(const char *path, const char *prefix)
{
	size_t n = strlen(prefix);
	return strncmp(path, prefix, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

static bool yandex_owns(const char *path)
{
	return under(path, GROUPS) || under(path, ORIGINS) || under(path, IAM) ||
	       (strncmp(path, OPERATIONS, strlen(OPERATIONS)) == 0);
}

/* ---- errors ---- */

void yc_error(struct emu_resp *resp, int http, int code, const char *msg)
{
	static unsigned long long seq;
	char rid[48];
	unsigned long long r = tokens_random();
	snprintf(rid, sizeof(rid), "%08llx-%04llx-4%03llx-a%03llx-%012llx",
		 (r >> 32) & 0xffffffffull, (r >> 16) & 0xffffull, r & 0xfffull,
		 (r >> 44) & 0xfffull, ++seq);
	cJSON *e = cJSON_CreateObject();
	cJSON_AddNumberToObject(e, "code", code);
	cJSON_AddStringToObject(e, "message", msg);
	cJSON *d = cJSON_AddArrayToObject(e, "details");
	cJSON *ri = cJSON_CreateObject();
	cJSON_AddStringToObject(ri, "@type", "type.googleapis.com/google.rpc.RequestInfo");
	cJSON_AddStringToObject(ri, "requestId", rid);
	cJSON_AddItemToArray(d, ri);
	/* a field's validation error also names the field the way
	 * google.rpc.BadRequest does (yandex.md §5.1) */
	static const char pfx[] = "Request validation error: ";
	const char *colon = strncmp(msg, pfx, sizeof(pfx) - 1) == 0 ? strstr(msg + sizeof(pfx) - 1, ": ")
								      : NULL;
	if (colon) {
		const char *field = msg + sizeof(pfx) - 1;
		char name[96];
		snprintf(name, sizeof(name), "%.*s", (int)(colon - field) < 95 ? (int)(colon - field) : 95,
			 field);
		cJSON *br = cJSON_CreateObject();
		cJSON_AddStringToObject(br, "@type", "type.googleapis.com/google.rpc.BadRequest");
		cJSON *fv = cJSON_AddArrayToObject(br, "fieldViolations");
		cJSON *v = cJSON_CreateObject();
		cJSON_AddStringToObject(v, "field", name);
		cJSON_AddStringToObject(v, "description", colon + 2);
		cJSON_AddItemToArray(fv, v);
		cJSON_AddItemToArray(d, br);
	}
	emu_resp_json(resp, http, e);
}

static int http_of(int code)
{
	switch (code) {
	case 3: case 9: case 11: return 400;
	case 5: return 404;
	case 6: case 10: return 409;
	case 7: return 403;
	case 8: return 429;
	case 12: return 501;
	case 16: return 401;
	default: return 500;
	}
}

/* ---- auth ---- */

enum auth { AUTH_OK, AUTH_MISSING, AUTH_BAD };

static enum auth check_auth(const struct emu_req *r)
{
	const char *cred;
	size_t len;
	if (!emu_bearer_token(r->authorization, &cred, &len))
		return AUTH_MISSING;
	if (yandex_static_iam(cred, len) || tokens_check(TOK_YANDEX_IAM, cred, len, NULL) == TOK_OK)
		return AUTH_OK;
	return AUTH_BAD;
}

static const char *oauth_in_body(const struct emu_req *r, cJSON **owner)
{
	*owner = cJSON_ParseWithLength(r->body, r->body_len);
	const cJSON *t = cJSON_GetObjectItemCaseSensitive(*owner, "yandexPassportOauthToken");
	return cJSON_IsString(t) ? t->valuestring : NULL;
}

static bool yandex_auth_ok(const struct emu_req *r)
{
	if (strcmp(r->path, IAM) == 0) {
		cJSON *j;
		const char *t = oauth_in_body(r, &j);
		bool ok = t && yandex_oauth_known(t, strlen(t));
		cJSON_Delete(j);
		return ok;
	}
	return check_auth(r) == AUTH_OK;
}

static bool require_auth(const struct emu_req *r, struct emu_resp *resp)
{
	enum auth a = check_auth(r);
	if (a == AUTH_OK)
		return true;
	yc_error(resp, 401, 16, a == AUTH_MISSING
		 ? "Authentication required: send \"Authorization: Bearer <IAM token>\"."
		 : "Token is invalid or has expired.");
	resp->www_authenticate = "Bearer";
	return false;
}

char *yandex_log_body(const struct emu_req *r)
{
	if (strcmp(r->path, IAM) != 0 || !r->body_len)
		return NULL;
	cJSON *j = cJSON_ParseWithLength(r->body, r->body_len);
	if (!cJSON_IsObject(j)) {
		cJSON_Delete(j);
		return strdup("(not a JSON object; not logged, it may hold a token)");
	}
	static const char *const secret[] = { "yandexPassportOauthToken", "jwt" };
	for (size_t i = 0; i < 2; i++)
		if (cJSON_GetObjectItemCaseSensitive(j, secret[i]))
			cJSON_ReplaceItemInObjectCaseSensitive(j, secret[i], cJSON_CreateString("REDACTED"));
	char *s = cJSON_PrintUnformatted(j);
	cJSON_Delete(j);
	return s ? s : strdup("");
}

/* ---- request helpers ---- */

/* The body as a JSON object whose fields are all in `allowed` (proto3 JSON
 * parsing rejects unknown fields). Answers 400 and returns NULL otherwise. */
static cJSON *parse_body(const struct emu_req *r, struct emu_resp *resp,
			 const char *const *allowed)
{
	cJSON *j = cJSON_ParseWithLength(r->body, r->body_len);
	if (!cJSON_IsObject(j)) {
		cJSON_Delete(j);
		yc_error(resp, 400, 3, "Invalid JSON payload: the body must be a JSON object.");
		return NULL;
	}
	const cJSON *it;
	cJSON_ArrayForEach(it, j) {
		bool ok = false;
		for (size_t i = 0; allowed[i]; i++)
			ok |= strcmp(it->string, allowed[i]) == 0;
		if (!ok) {
			char msg[160];
			snprintf(msg, sizeof(msg), "Invalid JSON payload: unknown field \"%.60s\".", it->string);
			yc_error(resp, 400, 3, msg);
			cJSON_Delete(j);
			return NULL;
		}
	}
	return j;
}

/* folderId: required, <= 50 characters, and the emulated account's folder. */
static bool check_folder(const char *folder, struct emu_resp *resp)
{
	if (!folder || !*folder) {
		yc_error(resp, 400, 3, "Request validation error: folder_id: required");
		return false;
	}
	if (strlen(folder) > 50) {
		yc_error(resp, 400, 3, "Request validation error: folder_id: length must be <= 50");
		return false;
	}
	if (strcmp(folder, yandex_folder()) != 0) {
		char msg[128];
		snprintf(msg, sizeof(msg), "Permission denied to folder %.50s", folder);
		yc_error(resp, 403, 7, msg);
		return false;
	}
	return true;
}

static const char *body_folder(const cJSON *j)
{
	const cJSON *f = cJSON_GetObjectItemCaseSensitive(j, "folderId");
	return cJSON_IsString(f) ? f->valuestring : NULL;
}

/* A BoolValue/bool field: absent or null leaves *out; anything but a bool is 400. */
static bool opt_bool(const cJSON *j, const char *k, bool *out, bool *given, struct emu_resp *resp)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(j, k);
	if (given)
		*given = false;
	if (!v || cJSON_IsNull(v))
		return true;
	if (!cJSON_IsBool(v)) {
		char msg[128];
		snprintf(msg, sizeof(msg), "Invalid JSON payload: \"%s\" must be true or false.", k);
		yc_error(resp, 400, 3, msg);
		return false;
	}
	*out = cJSON_IsTrue(v);
	if (given)
		*given = true;
	return true;
}

static bool opt_string(const cJSON *j, const char *k, const char **out, struct emu_resp *resp)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(j, k);
	if (!v || cJSON_IsNull(v))
		return true;
	if (!cJSON_IsString(v)) {
		char msg[128];
		snprintf(msg, sizeof(msg), "Invalid JSON payload: \"%s\" must be a string.", k);
		yc_error(resp, 400, 3, msg);
		return false;
	}
	*out = v->valuestring;
	return true;
}

static bool body_id(const cJSON *j, const char *k, long long *out, struct emu_resp *resp)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(j, k);
	if (!yc_json_id(v, out)) {
		char msg[128];
		snprintf(msg, sizeof(msg), "Request validation error: %s: value must be > 0", k);
		yc_error(resp, 400, 3, msg);
		return false;
	}
	return true;
}

static bool path_id(const char *text, long long *out, const char *what, struct emu_resp *resp)
{
	if (!yc_text_id(text, out)) {
		char msg[128];
		snprintf(msg, sizeof(msg), "Request validation error: %s: invalid value \"%.30s\"", what, text);
		yc_error(resp, 400, 3, msg);
		return false;
	}
	return true;
}

static void send_json(struct emu_resp *resp, cJSON *j)
{
	if (!j)
		yc_error(resp, 500, 13, "emulator out of memory");
	else
		emu_resp_json(resp, 200, j);
}

static void group_not_found(struct emu_resp *resp, long long id)
{
	char msg[96];
	snprintf(msg, sizeof(msg), "Origin group %lld not found", id);
	yc_error(resp, 404, 5, msg);
}

/* ---- OriginParams and the checks an operation makes ---- */

static const char *const origin_param_keys[] = { "source", "enabled", "backup", "meta", NULL };

/* Adds the OriginParams array to g (new ids unless `old` has the source).
 * false with a 400 answered. */
static bool add_origin_params(struct yc_group *g, const cJSON *arr, const struct yc_group *old,
			      struct emu_resp *resp)
{
	if (!cJSON_IsArray(arr)) {
		yc_error(resp, 400, 3, "Invalid JSON payload: \"origins\" must be an array.");
		return false;
	}
	const cJSON *it;
	bool *used = old ? calloc(old->no + 1, sizeof(bool)) : NULL;
	bool ok = !old || used;
	cJSON_ArrayForEach(it, arr) {
		if (!ok)
			break;
		struct yc_origin o = { 0 };
		const char *src = "";
		char msg[200];
		const cJSON *k;
		if (!cJSON_IsObject(it)) {
			yc_error(resp, 400, 3, "Invalid JSON payload: each origin must be an object.");
			ok = false;
			break;
		}
		cJSON_ArrayForEach(k, it) {
			bool known = false;
			for (size_t i = 0; origin_param_keys[i]; i++)
				known |= strcmp(k->string, origin_param_keys[i]) == 0;
			if (!known) {
				snprintf(msg, sizeof(msg), "Invalid JSON payload: unknown field \"origins.%.60s\".", k->string);
				yc_error(resp, 400, 3, msg);
				ok = false;
				break;
			}
		}
		if (!ok)
			break;
		/* plain bools in OriginParams: an absent one is false */
		ok = opt_string(it, "source", &src, resp) && opt_bool(it, "enabled", &o.enabled, NULL, resp) &&
		     opt_bool(it, "backup", &o.backup, NULL, resp);
		if (ok && yc_meta_parse(cJSON_GetObjectItemCaseSensitive(it, "meta"), &o.meta, &o.meta_val,
					msg, sizeof(msg)) != 0) {
			char m2[240];
			snprintf(m2, sizeof(m2), "Invalid JSON payload: origins.%s", msg);
			yc_error(resp, 400, 3, m2);
			ok = false;
		}
		if (ok) {
			for (size_t i = 0; old && !yc_settings.renew_origin_ids && i < old->no && !o.id; i++)
				if (!used[i] && strcmp(old->o[i].source, src) == 0) {
					used[i] = true;
					o.id = old->o[i].id;
				}
			if (!o.id)
				o.id = ycs_new_id();
			o.source = (char *)src;
			ok = yc_origin_add(g, &o) == 0;
			o.source = NULL;
			if (!ok)
				yc_error(resp, 500, 13, "emulator out of memory");
		}
		yc_origin_clear(&o);
	}
	free(used);
	return ok;
}

/* The host of a source: without a port or an IPv6 literal's brackets. */
static bool does_not_resolve(const char *source)
{
	char host[256];
	snprintf(host, sizeof(host), "%s", source);
	char *colon = strrchr(host, ':');
	if (colon && !strchr(host, ']') && strchr(host, ':') == colon)
		*colon = '\0';
	size_t n = strlen(host);
	while (n && host[n - 1] == '.')
		host[--n] = '\0';
	return n >= 8 && strcasecmp(host + n - 8, ".invalid") == 0;
}

/* What the CDN finds wrong with a group once it works on the operation. Fills
 * code/msg and returns true, or false when the group is fine. */
static bool group_problem(const struct yc_group *g, int *code, char *msg, size_t size,
			  bool *always_async)
{
	*always_async = false;
	for (size_t i = 0; i < g->no; i++) {
		if (!*g->o[i].source) {
			*code = 3;
			snprintf(msg, size, "Request validation error: origins[%zu].source: required", i);
			return true;
		}
		if (does_not_resolve(g->o[i].source)) {
			/* yandex.md §2.3 [I374]: a failed operation, not an HTTP error */
			*code = 3;
			*always_async = true;
			snprintf(msg, size, "error: general api error: {\"origins\":{\"%.120s\":{\"source\":"
				 "[\"The domain name cannot be resolved. Please specify a valid domain name.\"]}}}",
				 g->o[i].source);
			return true;
		}
	}
	for (size_t i = 0; i < g->no; i++)
		if (g->o[i].enabled)
			return false;
	*code = 3;
	snprintf(msg, size, "Origin group must contain at least one enabled origin");
	return true;
}

/* Answers with an operation that ends in error, or with a synchronous error
 * when the yandex_validation_errors setting says so. Takes `group`. */
static void fail(struct emu_resp *resp, enum yc_rpc rpc, long long gid, long long oid,
		 struct yc_group *group, int code, const char *msg, bool always_async)
{
	yc_group_free(group);
	if (yc_settings.sync_validation && !always_async) {
		yc_error(resp, http_of(code), code, msg);
		return;
	}
	send_json(resp, ycop_start(rpc, gid, oid, NULL, code, msg));
}

/* Runs the checks on the group a mutation would store, then answers with the
 * operation. Takes g. */
static void start_write(struct emu_resp *resp, enum yc_rpc rpc, long long oid, struct yc_group *g)
{
	int code;
	char msg[400];
	bool async_only;
	if (group_problem(g, &code, msg, sizeof(msg), &async_only)) {
		/* a create that fails never had an id: the metadata says 0 [I374] */
		long long gid = rpc == YC_RPC_GROUP_CREATE ? 0 : g->id;
		fail(resp, rpc, gid, rpc == YC_RPC_ORIGIN_CREATE ? 0 : oid, g, code, msg, async_only);
		return;
	}
	send_json(resp, ycop_start(rpc, g->id, oid, g, 0, NULL));
}

/* ---- OriginGroupService ---- */

static void list_groups(const struct emu_req *r, struct emu_resp *resp)
{
	if (!check_folder(emu_req_arg(r, "folderId"), resp))
		return;
	const char *ps = emu_req_arg(r, "pageSize"), *pt = emu_req_arg(r, "pageToken");
	long long size = 0, after = 0;
	if (ps && *ps) {
		char *end;
		size = strtoll(ps, &end, 10);
		if (*end || size < 0 || size > 1000) {
			yc_error(resp, 400, 3, "Request validation error: page_size: value must be <= 1000");
			return;
		}
	}
	if (pt && *pt) {
		char *end;
		unsigned long long v = strtoull(pt, &end, 16);
		if (strlen(pt) > 100 || strlen(pt) != 16 || *end || v > (unsigned long long)INT64_MAX) {
			yc_error(resp, 400, 3, "Invalid page token");
			return;
		}
		after = (long long)v;
	}
	if (size == 0)
		size = 100;   /* yandex.md §1.1: the default page */
	if (size > yc_settings.page_size_max)
		size = yc_settings.page_size_max;
	cJSON *j = cJSON_CreateObject();
	cJSON *a = cJSON_CreateArray();
	long long n = 0, last = 0;
	bool more = false;
	const char *folder = yandex_folder();
	for (size_t i = 0; i < ycs_count(); i++) {
		const struct yc_group *g = ycs_at(i);
		if (g->id <= after || strcmp(g->folder_id, folder) != 0)
			continue;
		if (n == size) {
			more = true;
			break;
		}
		cJSON_AddItemToArray(a, yc_group_json(g, false));
		last = g->id;
		n++;
	}
	if (n || yc_settings.print_defaults)
		cJSON_AddItemToObject(j, "originGroups", a);
	else
		cJSON_Delete(a);
	if (more) {
		char tok[24];
		snprintf(tok, sizeof(tok), "%016llx", (unsigned long long)last);
		cJSON_AddStringToObject(j, "nextPageToken", tok);
	} else if (yc_settings.print_defaults)
		cJSON_AddStringToObject(j, "nextPageToken", "");
	send_json(resp, j);
}

static void create_group(const struct emu_req *r, struct emu_resp *resp)
{
	static const char *const keys[] = { "folderId", "name", "useNext", "origins", "providerType", NULL };
	cJSON *b = parse_body(r, resp, keys);
	if (!b)
		return;
	const char *name = "", *ptype = "";
	bool use_next = true;   /* BoolValue: omitted means true [P1], [I363] */
	struct yc_group *g = NULL;
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(b, "origins");
	if (!check_folder(body_folder(b), resp) || !opt_string(b, "name", &name, resp) ||
	    !opt_string(b, "providerType", &ptype, resp) || !opt_bool(b, "useNext", &use_next, NULL, resp))
		goto out;
	if (!*ptype)
		ptype = "ourcdn";
	if (strcmp(ptype, "ourcdn") != 0 && strcmp(ptype, "gcore") != 0) {
		yc_error(resp, 400, 3, "Request validation error: provider_type: must be \"ourcdn\" or \"gcore\"");
		goto out;
	}
	g = calloc(1, sizeof(*g));
	if (!g || !(g->folder_id = strdup(yandex_folder())) || !(g->name = strdup(name)) ||
	    !(g->provider_type = strdup(ptype))) {
		yc_error(resp, 500, 13, "emulator out of memory");
		goto out;
	}
	g->use_next = use_next;
	g->id = ycs_new_id();
	if (arr && !cJSON_IsNull(arr) && !add_origin_params(g, arr, NULL, resp))
		goto out;
	start_write(resp, YC_RPC_GROUP_CREATE, 0, g);
	g = NULL;
out:
	yc_group_free(g);
	cJSON_Delete(b);
}

static void update_group(const struct emu_req *r, struct emu_resp *resp)
{
	static const char *const keys[] = { "folderId", "originGroupId", "groupName", "useNext",
					    "origins", NULL };
	cJSON *b = parse_body(r, resp, keys);
	if (!b)
		return;
	long long id;
	struct yc_group *g = NULL, *old;
	const char *name = NULL;
	bool use_next = false, un_given;
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(b, "origins");
	if (!check_folder(body_folder(b), resp) || !body_id(b, "originGroupId", &id, resp) ||
	    !opt_string(b, "groupName", &name, resp) || !opt_bool(b, "useNext", &use_next, &un_given, resp))
		goto out;
	if (!(old = ycs_find(id)) || strcmp(old->folder_id, yandex_folder()) != 0) {
		group_not_found(resp, id);
		goto out;
	}
	if (!name) {
		/* the real message [TF-c1] */
		yc_error(resp, 400, 3, "Name: required");
		goto out;
	}
	if (!(g = yc_group_dup(old))) {
		yc_error(resp, 500, 13, "emulator out of memory");
		goto out;
	}
	char *nn = strdup(name);
	if (!nn) {
		yc_error(resp, 500, 13, "emulator out of memory");
		goto out;
	}
	free(g->name);
	g->name = nn;
	if (un_given)
		g->use_next = use_next;
	bool have = cJSON_IsArray(arr) && cJSON_GetArraySize(arr) > 0;
	if (arr && !cJSON_IsNull(arr) && !cJSON_IsArray(arr)) {
		yc_error(resp, 400, 3, "Invalid JSON payload: \"origins\" must be an array.");
		goto out;
	}
	if (have || !yc_settings.update_empty_keeps) {
		/* PUT semantics for origins: the list replaces the old one */
		for (size_t i = 0; i < g->no; i++)
			yc_origin_clear(&g->o[i]);
		g->no = 0;
		if (have && !add_origin_params(g, arr, old, resp))
			goto out;
	}
	start_write(resp, YC_RPC_GROUP_UPDATE, 0, g);
	g = NULL;
out:
	yc_group_free(g);
	cJSON_Delete(b);
}

static void one_group(const struct emu_req *r, struct emu_resp *resp, const char *idtext)
{
	long long id;
	bool get = !strcmp(r->method, "GET"), del = !strcmp(r->method, "DELETE");
	if (!get && !del) {
		yc_error(resp, 501, 12, "Method not implemented for this path");
		return;
	}
	if (!path_id(idtext, &id, "origin_group_id", resp) ||
	    !check_folder(emu_req_arg(r, "folderId"), resp))
		return;
	struct yc_group *g = ycs_find(id);
	if (!g || strcmp(g->folder_id, yandex_folder()) != 0) {
		group_not_found(resp, id);
		return;
	}
	if (get) {
		send_json(resp, yc_group_json(g, false));
		return;
	}
	if (g->nres && !yc_settings.delete_in_use_ok) {
		char msg[160];
		snprintf(msg, sizeof(msg), "Origin group %lld is used by %zu CDN resource(s) and cannot be deleted",
			 id, g->nres);
		fail(resp, YC_RPC_GROUP_DELETE, id, 0, NULL, 9, msg, false);
		return;
	}
	send_json(resp, ycop_start(YC_RPC_GROUP_DELETE, id, 0, NULL, 0, NULL));
}

/* ---- OriginService ---- */

static void list_origins(const struct emu_req *r, struct emu_resp *resp)
{
	long long gid;
	const char *gtext = emu_req_arg(r, "originGroupId");
	if (!check_folder(emu_req_arg(r, "folderId"), resp) ||
	    !path_id(gtext ? gtext : "", &gid, "origin_group_id", resp))
		return;
	struct yc_group *g = ycs_find(gid);
	if (!g || strcmp(g->folder_id, yandex_folder()) != 0) {
		group_not_found(resp, gid);
		return;
	}
	cJSON *j = cJSON_CreateObject();
	if (g->no || yc_settings.print_defaults) {
		cJSON *a = cJSON_AddArrayToObject(j, "origins");
		for (size_t i = 0; i < g->no; i++)
			cJSON_AddItemToArray(a, yc_origin_json(g, &g->o[i], false));
	}
	send_json(resp, j);
}

static void create_origin(const struct emu_req *r, struct emu_resp *resp)
{
	static const char *const keys[] = { "folderId", "originGroupId", "source", "enabled", "backup",
					    "meta", "providerType", NULL };
	cJSON *b = parse_body(r, resp, keys);
	if (!b)
		return;
	long long gid;
	const char *src = NULL, *ptype = NULL;
	struct yc_origin o = { 0 };
	struct yc_group *g = NULL, *old;
	char msg[200];
	o.enabled = true;   /* BoolValue defaults of CreateOriginRequest */
	if (!check_folder(body_folder(b), resp) || !body_id(b, "originGroupId", &gid, resp) ||
	    !opt_string(b, "source", &src, resp) || !opt_string(b, "providerType", &ptype, resp) ||
	    !opt_bool(b, "enabled", &o.enabled, NULL, resp) || !opt_bool(b, "backup", &o.backup, NULL, resp))
		goto out;
	if (!src || !*src || strlen(src) > 50) {
		yc_error(resp, 400, 3, !src || !*src ? "Request validation error: source: required"
			 : "Request validation error: source: length must be <= 50");
		goto out;
	}
	if (yc_meta_parse(cJSON_GetObjectItemCaseSensitive(b, "meta"), &o.meta, &o.meta_val, msg,
			  sizeof(msg)) != 0) {
		char m2[240];
		snprintf(m2, sizeof(m2), "Invalid JSON payload: %s", msg);
		yc_error(resp, 400, 3, m2);
		goto out;
	}
	if (!(old = ycs_find(gid)) || strcmp(old->folder_id, yandex_folder()) != 0) {
		group_not_found(resp, gid);
		goto out;
	}
	if (ptype && *ptype && strcmp(ptype, old->provider_type) != 0) {
		yc_error(resp, 400, 3, "provider_type of the origin must match its origin group's");
		goto out;
	}
	o.id = ycs_new_id();
	o.source = (char *)src;
	if (!(g = yc_group_dup(old)) || yc_origin_add(g, &o) != 0) {
		yc_error(resp, 500, 13, "emulator out of memory");
		goto out;
	}
	start_write(resp, YC_RPC_ORIGIN_CREATE, o.id, g);
	g = NULL;
out:
	o.source = NULL;
	yc_origin_clear(&o);
	yc_group_free(g);
	cJSON_Delete(b);
}

static void one_origin(const struct emu_req *r, struct emu_resp *resp, const char *idtext)
{
	long long id;
	bool get = !strcmp(r->method, "GET"), del = !strcmp(r->method, "DELETE"),
	     patch = !strcmp(r->method, "PATCH");
	if (!get && !del && !patch) {
		yc_error(resp, 501, 12, "Method not implemented for this path");
		return;
	}
	if (!path_id(idtext, &id, "origin_id", resp))
		return;
	cJSON *b = NULL;
	struct yc_group *g = NULL;
	static const char *const keys[] = { "folderId", "originId", "source", "enabled", "backup",
					    "meta", NULL };
	if (patch && !(b = parse_body(r, resp, keys)))
		return;
	if (!check_folder(patch ? body_folder(b) : emu_req_arg(r, "folderId"), resp))
		goto out;
	struct yc_origin *o = NULL;
	struct yc_group *old = ycs_find_origin(id, &o);
	if (!old || strcmp(old->folder_id, yandex_folder()) != 0) {
		char msg[96];
		snprintf(msg, sizeof(msg), "Origin %lld not found", id);
		yc_error(resp, 404, 5, msg);
		goto out;
	}
	if (get) {
		send_json(resp, yc_origin_json(old, o, false));
		goto out;
	}
	size_t at = (size_t)(o - old->o);
	if (del && !o->backup) {
		/* yandex.md §1.2 [D-EDIT]: "You can only delete backup origins" */
		fail(resp, YC_RPC_ORIGIN_DELETE, old->id, id, NULL, 9,
		     "Only backup origins can be deleted", false);
		goto out;
	}
	if (!(g = yc_group_dup(old))) {
		yc_error(resp, 500, 13, "emulator out of memory");
		goto out;
	}
	if (del) {
		yc_origin_clear(&g->o[at]);
		memmove(&g->o[at], &g->o[at + 1], (g->no - at - 1) * sizeof(*g->o));
		g->no--;
		start_write(resp, YC_RPC_ORIGIN_DELETE, id, g);
		g = NULL;
		goto out;
	}
	/* UpdateOriginRequest: plain fields, so the body replaces them all */
	struct yc_origin n = { 0 };
	const char *src = "";
	char msg[200];
	if (!opt_string(b, "source", &src, resp) || !opt_bool(b, "enabled", &n.enabled, NULL, resp) ||
	    !opt_bool(b, "backup", &n.backup, NULL, resp))
		goto out;
	if (yc_meta_parse(cJSON_GetObjectItemCaseSensitive(b, "meta"), &n.meta, &n.meta_val, msg,
			  sizeof(msg)) != 0) {
		char m2[240];
		snprintf(m2, sizeof(m2), "Invalid JSON payload: %s", msg);
		yc_error(resp, 400, 3, m2);
		goto out;
	}
	char *s = strdup(src);
	if (!s) {
		free(n.meta_val);
		yc_error(resp, 500, 13, "emulator out of memory");
		goto out;
	}
	n.id = id;
	n.source = s;
	yc_origin_clear(&g->o[at]);
	g->o[at] = n;
	start_write(resp, YC_RPC_ORIGIN_UPDATE, id, g);
	g = NULL;
out:
	yc_group_free(g);
	cJSON_Delete(b);
}

/* ---- IAM and operations ---- */

static void iam_exchange(const struct emu_req *r, struct emu_resp *resp)
{
	if (strcmp(r->method, "POST") != 0) {
		yc_error(resp, 501, 12, "Method not implemented for this path");
		return;
	}
	static const char *const keys[] = { "yandexPassportOauthToken", "jwt", NULL };
	cJSON *b = parse_body(r, resp, keys);
	if (!b)
		return;
	const cJSON *o = cJSON_GetObjectItemCaseSensitive(b, "yandexPassportOauthToken");
	const cJSON *jw = cJSON_GetObjectItemCaseSensitive(b, "jwt");
	if (!!o == !!jw || (o && !cJSON_IsString(o)) || (jw && !cJSON_IsString(jw)))
		yc_error(resp, 400, 3, "Request validation error: exactly one of "
			 "yandex_passport_oauth_token or jwt is required");
	else if (jw)
		yc_error(resp, 401, 16, "The JWT is invalid (service-account keys are not emulated)");
	else if (strlen(o->valuestring) > 4000)
		yc_error(resp, 400, 3, "Request validation error: yandex_passport_oauth_token: length must be <= 4000");
	else if (!yandex_oauth_known(o->valuestring, strlen(o->valuestring)))
		yc_error(resp, 401, 16, "The OAuth token is invalid or has expired.");
	else {
		char tok[TOK_MAX_LEN], t[48];
		struct timespec exp;
		if (tokens_issue(TOK_YANDEX_IAM, yc_settings.token_ttl_s, NULL, tok, &exp) != 0) {
			yc_error(resp, 500, 13, "emulator out of memory");
		} else {
			cJSON *j = cJSON_CreateObject();
			cJSON_AddStringToObject(j, "iamToken", tok);
			cJSON_AddStringToObject(j, "expiresAt", tokens_rfc3339(exp, t, sizeof(t)));
			send_json(resp, j);
		}
	}
	cJSON_Delete(b);
}

static void get_operation(const struct emu_req *r, struct emu_resp *resp, const char *id)
{
	if (strcmp(r->method, "GET") != 0) {
		yc_error(resp, 501, 12, "Method not implemented for this path");
		return;
	}
	cJSON *op = ycop_poll(id);
	if (!op) {
		char msg[96];
		snprintf(msg, sizeof(msg), "Operation %.40s not found", id);
		yc_error(resp, 404, 5, msg);
		return;
	}
	send_json(resp, op);
}

static void yandex_handle(const struct emu_req *r, struct emu_resp *resp)
{
	const char *p = r->path, *m = r->method;
	if (!strcmp(p, IAM)) {
		iam_exchange(r, resp);
		return;
	}
	if (!require_auth(r, resp))
		return;
	if (!strncmp(p, OPERATIONS, strlen(OPERATIONS)))
		get_operation(r, resp, p + strlen(OPERATIONS));
	else if (!strcmp(p, GROUPS)) {
		if (!strcmp(m, "GET"))
			list_groups(r, resp);
		else if (!strcmp(m, "POST"))
			create_group(r, resp);
		else if (!strcmp(m, "PATCH"))
			update_group(r, resp);
		else
			yc_error(resp, 501, 12, "Method not implemented for this path");
	} else if (!strncmp(p, GROUPS "/", strlen(GROUPS) + 1))
		one_group(r, resp, p + strlen(GROUPS) + 1);
	else if (!strcmp(p, ORIGINS)) {
		if (!strcmp(m, "GET"))
			list_origins(r, resp);
		else if (!strcmp(m, "POST"))
			create_origin(r, resp);
		else
			yc_error(resp, 501, 12, "Method not implemented for this path");
	} else if (!strncmp(p, ORIGINS "/", strlen(ORIGINS) + 1))
		one_origin(r, resp, p + strlen(ORIGINS) + 1);
	else
		yc_error(resp, 404, 5, "Not found");
}

const struct emu_provider yandex_provider = {
	.name = "yandex",
	.owns = yandex_owns,
	.auth_ok = yandex_auth_ok,
	.handle = yandex_handle,
	.log_body = yandex_log_body,
};

/* ---- settings ---- */

struct choice { const char *key, *off, *on; bool *field; };

static struct choice choices[] = {
	{ "yandex_print_defaults", NULL, NULL, &yc_settings.print_defaults },
	{ "yandex_meta_autofill", "none", "common", &yc_settings.meta_fill_common },
	{ "yandex_update_empty_origins", "clear", "keep", &yc_settings.update_empty_keeps },
	{ "yandex_update_origin_ids", "keep_by_source", "renew", &yc_settings.renew_origin_ids },
	{ "yandex_delete_in_use", "reject", "allow", &yc_settings.delete_in_use_ok },
	{ "yandex_validation_errors", "operation", "sync", &yc_settings.sync_validation },
	{ "yandex_delete_response", "omit", "empty_any", &yc_settings.empty_as_any },
};

struct number { const char *key; long min, max; long *field; };

static struct number numbers[] = {
	{ "yandex_token_ttl_seconds", 1, 604800, &yc_settings.token_ttl_s },
	{ "operation_polls", 0, 1000, &yc_settings.operation_polls },
	{ "yandex_page_size_max", 1, 1000, &yc_settings.page_size_max },
};

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

int yandex_settings_apply(const cJSON *j, bool apply, char *err, size_t errlen)
{
	for (int pass = 0; pass < (apply ? 2 : 1); pass++) {   /* check everything, then apply */
		for (size_t i = 0; i < N_OF(numbers); i++) {
			const cJSON *v = cJSON_GetObjectItemCaseSensitive(j, numbers[i].key);
			long long n;
			if (!v)
				continue;
			if (!emu_json_is_int(v, &n) || n < numbers[i].min || n > numbers[i].max) {
				snprintf(err, errlen, "\"%s\" must be an integer %ld..%ld", numbers[i].key,
					 numbers[i].min, numbers[i].max);
				return -1;
			}
			if (pass)
				*numbers[i].field = (long)n;
		}
		for (size_t i = 0; i < N_OF(choices); i++) {
			const struct choice *c = &choices[i];
			const cJSON *v = cJSON_GetObjectItemCaseSensitive(j, c->key);
			if (!v)
				continue;
			bool on;
			if (!c->off && cJSON_IsBool(v))
				on = cJSON_IsTrue(v);
			else if (c->off && cJSON_IsString(v) && (!strcmp(v->valuestring, c->off) ||
								!strcmp(v->valuestring, c->on)))
				on = !strcmp(v->valuestring, c->on);
			else {
				if (c->off)
					snprintf(err, errlen, "\"%s\" must be \"%s\" or \"%s\"", c->key, c->off, c->on);
				else
					snprintf(err, errlen, "\"%s\" must be true or false", c->key);
				return -1;
			}
			if (pass)
				*c->field = on;
		}
	}
	return 0;
}

void yandex_settings_to_json(cJSON *o)
{
	for (size_t i = 0; i < N_OF(numbers); i++)
		cJSON_AddNumberToObject(o, numbers[i].key, (double)*numbers[i].field);
	for (size_t i = 0; i < N_OF(choices); i++) {
		const struct choice *c = &choices[i];
		if (c->off)
			cJSON_AddStringToObject(o, c->key, *c->field ? c->on : c->off);
		else
			cJSON_AddBoolToObject(o, c->key, *c->field);
	}
}
