/* The Gcore endpoints: GET/POST /cdn/origin_groups and
 * GET/PUT/PATCH/DELETE /cdn/origin_groups/{id}, with Gcore's auth, both list
 * shapes, filters, masking of S3 credentials and the documented error bodies. */
#include "gcore.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define COLLECTION "/cdn/origin_groups"

static bool gcore_owns(const char *path)
{
	size_t n = strlen(COLLECTION);
	return strncmp(path, COLLECTION, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

/* ---- auth (gcore.md §2): "APIKey <key>", scheme word in any case ---- */

enum auth_result { AUTH_OK, AUTH_MISSING, AUTH_BAD_TOKEN, AUTH_WRONG_SCHEME, AUTH_NO_TOKEN };

static enum auth_result check_auth(const struct emu_req *r)
{
	const char *scheme, *cred;
	size_t n;
	if (!emu_auth_split(r->authorization, &scheme, &n, &cred) || n == 0)
		return AUTH_MISSING;
	if (n == 6 && strncasecmp(scheme, "bearer", 6) == 0)
		return AUTH_WRONG_SCHEME;
	if (n != 6 || strncasecmp(scheme, "apikey", 6) != 0)
		return AUTH_MISSING;   /* DRF: an unknown scheme is no credentials */
	if (!*cred)
		return AUTH_NO_TOKEN;
	/* trailing blanks are not part of the key */
	size_t len = strlen(cred);
	while (len && (cred[len - 1] == ' ' || cred[len - 1] == '\t'))
		len--;
	const char *key = gcore_key();
	return strlen(key) == len && strncmp(cred, key, len) == 0 ? AUTH_OK : AUTH_BAD_TOKEN;
}

static bool gcore_auth_ok(const struct emu_req *r)
{
	return check_auth(r) == AUTH_OK;
}

/* Answers 401 and returns false unless the request is authenticated. */
static bool require_auth(const struct emu_req *r, struct emu_resp *resp)
{
	static const char *const msg[] = {
		[AUTH_MISSING] = "Authentication credentials were not provided.",
		[AUTH_BAD_TOKEN] = "Token is invalid or expired",
		[AUTH_WRONG_SCHEME] = "Given token not valid for any token type",
		[AUTH_NO_TOKEN] = "Invalid token header. No credentials provided.",
	};
	enum auth_result a = check_auth(r);
	if (a == AUTH_OK)
		return true;
	emu_resp_detail(resp, 401, msg[a]);
	resp->www_authenticate = "APIKey realm=\"api\"";
	return false;
}

/* ---- helpers ---- */

static void errors1(struct emu_resp *resp, const char *field, const char *msg)
{
	cJSON *root = cJSON_CreateObject();
	cJSON *e = cJSON_AddObjectToObject(root, "errors");
	cJSON_AddItemToObject(e, field, emu_json_str_array1(msg));
	emu_resp_json(resp, 400, root);
}

/* The body as a JSON value; answers 415/400 and returns NULL when it is not. */
static cJSON *parse_body(const struct emu_req *r, struct emu_resp *resp)
{
	const char *ct = r->content_type;
	if (!ct || strncasecmp(ct, "application/json", 16) != 0 ||
	    (ct[16] && ct[16] != ';' && ct[16] != ' ')) {
		char msg[200];
		snprintf(msg, sizeof(msg), "Unsupported media type \"%.100s\" in request.", ct ? ct : "");
		emu_resp_detail(resp, 415, msg);
		return NULL;
	}
	cJSON *j = cJSON_ParseWithLength(r->body, r->body_len);
	if (!j)
		errors1(resp, "non_field_errors", "Invalid JSON");
	return j;
}

static void send_group(struct emu_resp *resp, int status, struct gc_group *g)
{
	size_t len;
	const char *text = gcs_masked(g, &len);
	char *copy = text ? malloc(len + 1) : NULL;
	if (copy)
		memcpy(copy, text, len + 1);
	emu_resp_take(resp, status, copy, len);
}

static void not_allowed(const struct emu_req *r, struct emu_resp *resp, const char *allow)
{
	char msg[96];
	snprintf(msg, sizeof(msg), "Method \"%.20s\" not allowed.", r->method);
	emu_resp_detail(resp, 405, msg);
	resp->allow = allow;
}

/* ---- list ---- */

/* A non-negative integer query parameter; -1 when absent, -2 when malformed,
 * -3 when negative. */
static long long int_arg(const struct emu_req *r, const char *name)
{
	const char *s = emu_req_arg(r, name);
	if (!s)
		return -1;
	if (*s == '-' && s[1] && strspn(s + 1, "0123456789") == strlen(s + 1))
		return -3;
	if (!*s || strlen(s) > 12 || strspn(s, "0123456789") != strlen(s))
		return -2;
	return atoll(s);
}

static bool matches(const cJSON *g, const char *name, const char *src, int related)
{
	if (name) {
		const cJSON *n = cJSON_GetObjectItemCaseSensitive(g, "name");
		if (!cJSON_IsString(n) || strcmp(n->valuestring, name) != 0)
			return false;
	}
	if (related >= 0 &&
	    cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(g, "has_related_resources")) != related)
		return false;
	if (src) {
		const cJSON *s;
		cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(g, "sources")) {
			const cJSON *h = cJSON_GetObjectItemCaseSensitive(s, "source");
			const cJSON *b = cJSON_GetObjectItemCaseSensitive(
				cJSON_GetObjectItemCaseSensitive(s, "config"), "s3_bucket_name");
			if ((cJSON_IsString(h) && strstr(h->valuestring, src)) ||
			    (cJSON_IsString(b) && strstr(b->valuestring, src)))
				return true;
		}
		return false;
	}
	return true;
}

/* DRF's next/previous link: the request URL with limit/offset replaced, the
 * parameters sorted by name. offset < 0 drops it. Appends JSON (a string). */
static int page_link(struct emu_buf *b, const struct emu_req *r, long long limit, long long offset)
{
	char *q = strdup(r->query);
	if (!q)
		return -1;
	const char *parts[64];
	size_t n = 0;
	char *save = NULL;
	for (char *p = strtok_r(q, "&", &save); p && n < 60; p = strtok_r(NULL, "&", &save)) {
		if (strncmp(p, "limit=", 6) == 0 || strcmp(p, "limit") == 0 ||
		    strncmp(p, "offset=", 7) == 0 || strcmp(p, "offset") == 0)
			continue;
		parts[n++] = p;
	}
	char lim[40], off[40];
	snprintf(lim, sizeof(lim), "limit=%lld", limit);
	parts[n++] = lim;
	if (offset >= 0) {
		snprintf(off, sizeof(off), "offset=%lld", offset);
		parts[n++] = off;
	}
	for (size_t i = 1; i < n; i++)   /* insertion sort: a handful of parameters */
		for (size_t j = i; j > 0 && strcmp(parts[j - 1], parts[j]) > 0; j--) {
			const char *t = parts[j];
			parts[j] = parts[j - 1];
			parts[j - 1] = t;
		}
	struct emu_buf url = { 0 };
	char hostbuf[64];
	const char *host = r->host;
	if (!host || !*host) {
		snprintf(hostbuf, sizeof(hostbuf), "127.0.0.1:%u", r->port);
		host = hostbuf;
	}
	int rc = emu_buf_printf(&url, "http://%s%s?", host, r->path);
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = emu_buf_printf(&url, "%s%s", i ? "&" : "", parts[i]);
	free(q);
	if (rc == 0) {
		cJSON *s = cJSON_CreateString(url.p);
		char *txt = cJSON_PrintUnformatted(s);
		cJSON_Delete(s);
		rc = txt ? emu_buf_str(b, txt) : -1;
		free(txt);
	}
	free(url.p);
	return rc;
}

static void list_groups(const struct emu_req *r, struct emu_resp *resp)
{
	long long limit = int_arg(r, "limit"), offset = int_arg(r, "offset");
	if (limit == -2 || limit == -3 || (limit >= 0 && (limit < 1 || limit > 1000))) {
		errors1(resp, "limit", limit == -2 ? "A valid integer is required."
			: limit < 1 ? "Ensure this value is greater than or equal to 1."
			: "Ensure this value is less than or equal to 1000.");
		return;
	}
	if (offset == -2 || offset == -3) {
		errors1(resp, "offset", offset == -2 ? "A valid integer is required."
			: "Ensure this value is greater than or equal to 0.");
		return;
	}
	if (offset < 0)
		offset = 0;
	/* a server whose pages are smaller than the limit asked for */
	if (limit > emu_settings.gcore_page_max)
		limit = emu_settings.gcore_page_max;
	const char *name = emu_req_arg(r, "name");
	const char *src = emu_req_arg(r, "sources");
	const char *rel = emu_req_arg(r, "has_related_resources");
	int related = -1;
	if (name && !*name) name = NULL;       /* django-filter ignores empty values */
	if (src && !*src) src = NULL;
	if (rel && *rel) {
		if (!strcasecmp(rel, "true") || !strcmp(rel, "1"))
			related = 1;
		else if (!strcasecmp(rel, "false") || !strcmp(rel, "0"))
			related = 0;
		else {
			errors1(resp, "has_related_resources", "Select a valid choice: true or false.");
			return;
		}
	}

	size_t total = gcs_count();
	size_t *hit = malloc((total ? total : 1) * sizeof(*hit));
	if (!hit) {
		emu_resp_take(resp, 500, NULL, 0);
		return;
	}
	size_t count = 0;
	bool filtered = name || src || related >= 0;
	for (size_t i = 0; i < total; i++)
		if (!filtered || matches(gcs_at(i)->json, name, src, related))
			hit[count++] = i;

	size_t from = 0, to = count;
	struct emu_buf b = { 0 };
	int rc = 0;
	if (limit >= 0) {   /* the envelope appears only when limit is sent (gcore.md §1.2) */
		from = (size_t)offset < count ? (size_t)offset : count;
		to = from + (size_t)limit < count ? from + (size_t)limit : count;
		rc |= emu_buf_printf(&b, "{\"count\":%zu,\"next\":", count);
		if ((size_t)offset + (size_t)limit < count)
			rc |= page_link(&b, r, limit, offset + limit);
		else
			rc |= emu_buf_str(&b, "null");
		rc |= emu_buf_str(&b, ",\"previous\":");
		if (offset <= 0)
			rc |= emu_buf_str(&b, "null");
		else
			rc |= page_link(&b, r, limit, offset - limit > 0 ? offset - limit : -1);
		rc |= emu_buf_str(&b, ",\"results\":");
	}
	rc |= emu_buf_str(&b, "[");
	for (size_t i = from; i < to && rc == 0; i++) {
		size_t len;
		const char *t = gcs_masked(gcs_at(hit[i]), &len);
		if (!t || (i > from && emu_buf_str(&b, ",") != 0) || emu_buf_add(&b, t, len) != 0)
			rc = -1;
	}
	rc |= emu_buf_str(&b, limit >= 0 ? "]}" : "]");
	free(hit);
	if (rc != 0) {
		free(b.p);
		emu_resp_take(resp, 500, NULL, 0);
		return;
	}
	emu_resp_take(resp, 200, b.p, b.len);
}

/* ---- one group ---- */

static void write_group(const struct emu_req *r, struct emu_resp *resp, enum gc_op op,
			struct gc_group *g)
{
	cJSON *body = parse_body(r, resp);
	if (!body)
		return;
	long long id = g ? g->id : gcs_next_id();
	cJSON *errors = NULL;
	cJSON *built = gcv_build(op, body, g ? g->json : NULL, id, emu_settings.s3_echo,
				  emu_settings.s3_omit, &errors);
	cJSON_Delete(body);
	if (!built) {
		emu_resp_json(resp, 400, errors);
		return;
	}
	if (gcs_put(id, built) != 0) {
		emu_resp_take(resp, 500, NULL, 0);
		return;
	}
	send_group(resp, op == GC_POST ? 201 : 200, gcs_find(id));
}

static void one_group(const struct emu_req *r, struct emu_resp *resp, const char *idtext)
{
	/* Django's <int:pk> route: anything else is not this URL at all */
	if (!*idtext || strlen(idtext) > 15 || strspn(idtext, "0123456789") != strlen(idtext)) {
		emu_resp_detail(resp, 404, "Not found.");
		return;
	}
	const char *m = r->method;
	bool known = !strcmp(m, "GET") || !strcmp(m, "PUT") || !strcmp(m, "PATCH") || !strcmp(m, "DELETE");
	if (!require_auth(r, resp))
		return;
	if (!known) {
		not_allowed(r, resp, "GET, PUT, PATCH, DELETE");
		return;
	}
	struct gc_group *g = gcs_find(atoll(idtext));
	if (!g) {
		emu_resp_detail(resp, 404, "Not found.");
		return;
	}
	if (!strcmp(m, "GET"))
		send_group(resp, 200, g);
	else if (!strcmp(m, "PUT"))
		write_group(r, resp, GC_PUT, g);
	else if (!strcmp(m, "PATCH"))
		write_group(r, resp, GC_PATCH, g);
	else if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(g->json, "has_related_resources"))) {
		/* no "errors" wrapper here, as documented */
		cJSON *o = cJSON_CreateObject();
		cJSON_AddItemToObject(o, "name", emu_json_str_array1("There are resources using this group"));
		emu_resp_json(resp, 400, o);
	} else {
		gcs_remove(g->id);
		emu_resp_empty(resp, 204);
	}
}

static void gcore_handle(const struct emu_req *r, struct emu_resp *resp)
{
	const char *rest = r->path + strlen(COLLECTION);
	if (*rest == '/') {
		one_group(r, resp, rest + 1);
		return;
	}
	if (!require_auth(r, resp))
		return;
	if (!strcmp(r->method, "GET"))
		list_groups(r, resp);
	else if (!strcmp(r->method, "POST"))
		write_group(r, resp, GC_POST, NULL);
	else
		not_allowed(r, resp, "GET, POST");
}

const struct emu_provider gcore_provider = {
	.name = "gcore",
	.owns = gcore_owns,
	.auth_ok = gcore_auth_ok,
	.handle = gcore_handle,
};
