/* The Edgio endpoints (edgio.md §2, §5): groups and origin entries under
 * /cdn/origins/v0.5/{http-large,adn}, the failover order PATCH, the lookup
 * lists, and the OAuth client-credentials endpoint /connect/token. */
#include "edgio.h"
#include "oauth_tokens.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define BASE "/cdn/origins/v0.5"
#define TOKEN "/connect/token"

struct eg_settings eg_settings = {
	.token_ttl_s = 300,
	.match_rows_split = false,
	.error_legacy = false,
	.bad_client_status = 400,
	.failover_status = 204,
	.create_status = 200,
};

static bool edgio_owns(const char *path)
{
	size_t n = strlen(BASE);
	return (strncmp(path, BASE, n) == 0 && (path[n] == '\0' || path[n] == '/')) ||
	       strcmp(path, TOKEN) == 0;
}

/* ---- errors (edgio.md §6: Hyperion shape, or the legacy {"Message"}) ---- */

static void eg_error(struct emu_resp *resp, int status, const char *source, const char *msg)
{
	static const struct { int status; const char *code, *title; } kinds[] = {
		{ 400, "invalid_input", "Invalid Input" },
		{ 401, "unauthorized", "Unauthorized" },
		{ 403, "forbidden", "Forbidden" },
		{ 404, "not_found", "Not Found" },
		{ 405, "method_not_allowed", "Method Not Allowed" },
		{ 409, "invalid_operation", "Invalid Operation" },
		{ 500, "internal_error", "Internal Error" },
	};
	cJSON *e = cJSON_CreateObject();
	if (eg_settings.error_legacy) {
		cJSON_AddStringToObject(e, "Message", msg);
		emu_resp_json(resp, status, e);
		return;
	}
	size_t k = 0;
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (kinds[i].status == status)
			k = i;
	cJSON_AddStringToObject(e, "@type", "Error");
	cJSON_AddStringToObject(e, "code", kinds[k].code);
	cJSON_AddNumberToObject(e, "status_code", status);
	cJSON_AddStringToObject(e, "title", kinds[k].title);
	cJSON_AddStringToObject(e, "description", msg);
	cJSON *d = cJSON_AddArrayToObject(e, "details");
	if (source) {
		cJSON *x = cJSON_CreateObject();
		cJSON_AddStringToObject(x, "@type", "ErrorDetail");
		cJSON_AddStringToObject(x, "source", source);
		cJSON_AddStringToObject(x, "description", msg);
		cJSON_AddItemToArray(d, x);
	}
	emu_resp_json(resp, status, e);
}

static void oom(struct emu_resp *resp) { eg_error(resp, 500, NULL, "emulator out of memory"); }

/* ---- auth ---- */

enum auth { AUTH_OK, AUTH_MISSING, AUTH_BAD, AUTH_SCOPE };

static enum auth check_auth(const struct emu_req *r)
{
	const char *cred, *scope = NULL;
	size_t len;
	if (!emu_bearer_token(r->authorization, &cred, &len))
		return AUTH_MISSING;
	if (tokens_check(TOK_EDGIO, cred, len, &scope) != TOK_OK)
		return AUTH_BAD;
	/* the token must carry cdn.origins among its space-separated scopes */
	for (const char *p = scope; *p;) {
		size_t w = strcspn(p, " ");
		if (w == strlen(EG_SCOPE) && strncmp(p, EG_SCOPE, w) == 0)
			return AUTH_OK;
		p += w;
		while (*p == ' ')
			p++;
	}
	return AUTH_SCOPE;
}

/* ---- the form of /connect/token ---- */

static int hexval(int c)
{
	return isdigit(c) ? c - '0' : isxdigit(c) ? (tolower(c) - 'a' + 10) : -1;
}

/* The decoded value of form field k (caller frees), or NULL when absent. */
static char *form_get(const char *body, size_t len, const char *k)
{
	size_t kl = strlen(k);
	const char *p = body, *end = body + len;
	while (p < end) {
		const char *amp = memchr(p, '&', (size_t)(end - p));
		const char *stop = amp ? amp : end;
		const char *eq = memchr(p, '=', (size_t)(stop - p));
		const char *kend = eq ? eq : stop;
		if ((size_t)(kend - p) == kl && memcmp(p, k, kl) == 0) {
			const char *v = eq ? eq + 1 : stop;
			char *out = malloc((size_t)(stop - v) + 1), *o = out;
			if (!out)
				return NULL;
			for (; v < stop; v++) {
				if (*v == '+')
					*o++ = ' ';
				else if (*v == '%' && stop - v >= 3 && hexval(v[1]) >= 0 && hexval(v[2]) >= 0) {
					*o++ = (char)(hexval(v[1]) * 16 + hexval(v[2]));
					v += 2;
				} else
					*o++ = *v;
			}
			*o = '\0';
			return out;
		}
		p = amp ? amp + 1 : end;
	}
	return NULL;
}

char *edgio_log_body(const struct emu_req *r)
{
	if (strcmp(r->path, TOKEN) != 0 || !r->body_len)
		return NULL;
	/* the form as sent, every client_secret value replaced */
	struct emu_buf b = { 0 };
	const char *p = r->body, *end = r->body + r->body_len;
	int rc = 0;
	while (p < end && rc == 0) {
		const char *amp = memchr(p, '&', (size_t)(end - p));
		const char *stop = amp ? amp : end;
		const char *eq = memchr(p, '=', (size_t)(stop - p));
		size_t kl = (size_t)((eq ? eq : stop) - p);
		if (p != r->body)
			rc |= emu_buf_str(&b, "&");
		if (kl == 13 && memcmp(p, "client_secret", 13) == 0)
			rc |= emu_buf_str(&b, "client_secret=REDACTED");
		else
			rc |= emu_buf_add(&b, p, (size_t)(stop - p));
		p = amp ? amp + 1 : end;
	}
	if (rc) {
		free(b.p);
		return strdup("(not logged)");
	}
	return b.p ? b.p : strdup("");
}

static void oauth_error(struct emu_resp *resp, int status, const char *code)
{
	cJSON *e = cJSON_CreateObject();
	cJSON_AddStringToObject(e, "error", code);
	emu_resp_json(resp, status, e);
}

enum client_check { CLIENT_OK, CLIENT_BAD, CLIENT_MISSING };

static enum client_check check_client(const struct emu_req *r)
{
	char *id = form_get(r->body, r->body_len, "client_id");
	char *secret = form_get(r->body, r->body_len, "client_secret");
	enum client_check c = !id || !secret ? CLIENT_MISSING
		: strcmp(id, edgio_client_id()) == 0 && strcmp(secret, edgio_client_secret()) == 0
		? CLIENT_OK : CLIENT_BAD;
	free(id);
	free(secret);
	return c;
}

static bool edgio_auth_ok(const struct emu_req *r)
{
	if (strcmp(r->path, TOKEN) == 0)
		return check_client(r) == CLIENT_OK;
	return check_auth(r) == AUTH_OK;
}

static void token_endpoint(const struct emu_req *r, struct emu_resp *resp)
{
	if (strcmp(r->method, "POST") != 0) {
		oauth_error(resp, 405, "invalid_request");
		resp->allow = "POST";
		return;
	}
	const char *ct = r->content_type;
	if (!ct || strncasecmp(ct, "application/x-www-form-urlencoded", 33) != 0) {
		oauth_error(resp, 400, "invalid_request");
		return;
	}
	char *grant = form_get(r->body, r->body_len, "grant_type");
	char *scope = form_get(r->body, r->body_len, "scope");
	enum client_check c = check_client(r);
	if (!grant)
		oauth_error(resp, 400, "invalid_request");
	else if (c == CLIENT_MISSING || c == CLIENT_BAD)
		oauth_error(resp, (int)eg_settings.bad_client_status, "invalid_client");
	else if (strcmp(grant, "client_credentials") != 0)
		oauth_error(resp, 400, "unsupported_grant_type");
	else {
		/* every requested scope must be allowed; none requested: all allowed */
		const char *granted = scope && *scope ? scope : edgio_scopes();
		bool ok = true;
		for (const char *p = granted; *p && ok;) {
			size_t w = strcspn(p, " ");
			ok = w == 0 || edgio_scope_allowed(p, w);
			p += w;
			while (*p == ' ')
				p++;
		}
		char tok[TOK_MAX_LEN];
		struct timespec exp;
		if (!ok)
			oauth_error(resp, 400, "invalid_scope");
		else if (tokens_issue(TOK_EDGIO, eg_settings.token_ttl_s, granted, tok, &exp) != 0)
			oom(resp);
		else {
			cJSON *j = cJSON_CreateObject();
			cJSON_AddStringToObject(j, "access_token", tok);
			cJSON_AddNumberToObject(j, "expires_in", (double)eg_settings.token_ttl_s);
			cJSON_AddStringToObject(j, "token_type", "Bearer");
			cJSON_AddStringToObject(j, "scope", granted);
			emu_resp_json(resp, 200, j);
		}
	}
	free(grant);
	free(scope);
}

/* ---- rows ---- */

/* One origin entry as the API shows it: row p (0 HTTP, 1 HTTPS) of it;
 * with_order adds failover_order (group listing), else group_id. */
static cJSON *entry_row(const struct eg_group *g, const struct eg_entry *e, int p, bool with_order)
{
	char hb[300];
	cJSON *o = eg_entry_json_start(e);
	cJSON_AddStringToObject(o, "host", eg_row_host(e, p, hb, sizeof(hb)));
	cJSON_AddNumberToObject(o, "port", (double)eg_row_port(e, p));
	cJSON_AddBoolToObject(o, "is_primary", e->is_primary);
	cJSON_AddNumberToObject(o, "storage_type_id", e->storage_type);
	int proto = e->protocol == EG_MATCH && eg_settings.match_rows_split ? p + 1 : e->protocol;
	cJSON_AddNumberToObject(o, "protocol_type_id", proto);
	if (with_order) {
		for (size_t i = 0; i < g->nord[p]; i++)
			if (g->ord[p][i] == e->id)
				cJSON_AddNumberToObject(o, "failover_order", (double)i);
	} else
		cJSON_AddNumberToObject(o, "group_id", (double)g->id);
	return o;
}

/* A single entry (GET/POST/PUT answers): the HTTP row for Match Client, as
 * the SDK's examples show it (edgio.md §3.3). */
static cJSON *entry_one(const struct eg_group *g, const struct eg_entry *e)
{
	return entry_row(g, e, e->protocol == EG_HTTPS ? 1 : 0, false);
}

/* The rows of a group: HTTP in failover order, then HTTPS (a Match Client
 * entry appears in both, with the same id). */
static cJSON *group_rows(struct eg_group *g, bool with_order)
{
	cJSON *a = cJSON_CreateArray();
	for (int p = 0; p < 2; p++)
		for (size_t i = 0; i < g->nord[p]; i++) {
			struct eg_entry *e = eg_entry_in(g, g->ord[p][i]);
			if (e)
				cJSON_AddItemToArray(a, entry_row(g, e, p, with_order));
		}
	return a;
}

/* ---- request helpers ---- */

static cJSON *parse_json(const struct emu_req *r, struct emu_resp *resp)
{
	cJSON *j = cJSON_ParseWithLength(r->body, r->body_len);
	if (!j)
		eg_error(resp, 400, "/", "The request body is not valid JSON.");
	return j;
}

static bool text_id(const char *s, long *out)
{
	if (!s || !*s || strlen(s) > 10 || strspn(s, "0123456789") != strlen(s))
		return false;
	long long v = atoll(s);
	if (v <= 0 || v > 2147483647LL)
		return false;
	*out = (long)v;
	return true;
}

static bool int_field(const cJSON *j, const char *k, bool required, long *out, long min, long max,
		      struct emu_resp *resp)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(j, k);
	char src[64], msg[128];
	snprintf(src, sizeof(src), "/%s", k);
	if (!v || cJSON_IsNull(v)) {
		if (!required)
			return true;
		snprintf(msg, sizeof(msg), "The %s field is required.", k);
		eg_error(resp, 400, src, msg);
		return false;
	}
	long long n;
	if (!emu_json_is_int(v, &n) || n < min || n > max) {
		snprintf(msg, sizeof(msg), "The field %s must be an integer between %ld and %ld.", k, min, max);
		eg_error(resp, 400, src, msg);
		return false;
	}
	*out = (long)n;
	return true;
}

static void eg_send(struct emu_resp *resp, int status, cJSON *j)
{
	if (!j)
		oom(resp);
	else
		emu_resp_json(resp, status, j);
}

static void group_not_found(struct emu_resp *resp, const char *idtext)
{
	char msg[96];
	snprintf(msg, sizeof(msg), "Customer origin group %.12s was not found.", idtext);
	eg_error(resp, 404, NULL, msg);
}

/* ---- groups ---- */

/* Validates a group request body (edgio.md §3.1/§3.2) into a group object
 * (caller frees), or answers 400 and returns NULL. */
static cJSON *group_body(const cJSON *b, const char *platform, bool update, struct emu_resp *resp)
{
	if (!cJSON_IsObject(b)) {
		eg_error(resp, 400, "/", "The request body must be a JSON object.");
		return NULL;
	}
	const cJSON *name = cJSON_GetObjectItemCaseSensitive(b, "name");
	bool blank = true;
	for (const char *p = cJSON_IsString(name) ? name->valuestring : ""; *p; p++)
		blank &= isspace((unsigned char)*p) != 0;
	if (blank) {
		eg_error(resp, 400, "/name", "The name field is required.");
		return NULL;
	}
	const cJSON *hh = cJSON_GetObjectItemCaseSensitive(b, "host_header");
	if (hh && !cJSON_IsNull(hh) && !cJSON_IsString(hh)) {
		eg_error(resp, 400, "/host_header", "host_header must be a string.");
		return NULL;
	}
	long nt = 1;
	if (!int_field(b, "network_type_id", false, &nt, 1, 5, resp))
		return NULL;
	const cJSON *sp = cJSON_GetObjectItemCaseSensitive(b, "shield_pops"), *it;
	if (sp && !cJSON_IsNull(sp) && !cJSON_IsArray(sp)) {
		eg_error(resp, 400, "/shield_pops", "shield_pops must be an array of POP codes.");
		return NULL;
	}
	cJSON_ArrayForEach(it, sp)
		if (!cJSON_IsString(it) && !cJSON_IsNull(it)) {
			eg_error(resp, 400, "/shield_pops", "shield_pops must be an array of POP codes.");
			return NULL;
		}
	const cJSON *pci = cJSON_GetObjectItemCaseSensitive(b, "strict_pci_certified");
	if (pci && !cJSON_IsNull(pci) && !cJSON_IsBool(pci)) {
		eg_error(resp, 400, "/strict_pci_certified", "strict_pci_certified must be true or false.");
		return NULL;
	}
	const cJSON *tls = cJSON_GetObjectItemCaseSensitive(b, "tls_settings");
	if (tls && !cJSON_IsNull(tls) && !cJSON_IsObject(tls)) {
		eg_error(resp, 400, "/tls_settings", "tls_settings must be an object.");
		return NULL;
	}
	/* public_keys_to_verify: SHA-1 digests of the leaf's public key (§3.1) */
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(tls, "public_keys_to_verify"))
		if (!cJSON_IsString(it) || strlen(it->valuestring) != 40 ||
		    strspn(it->valuestring, "0123456789abcdefABCDEF") != 40) {
			eg_error(resp, 400, "/tls_settings/public_keys_to_verify",
				 "Each public key to verify must be a SHA-1 digest (40 hexadecimal digits).");
			return NULL;
		}
	const cJSON *sni = cJSON_GetObjectItemCaseSensitive(tls, "sni_hostname");
	if (sni && !cJSON_IsNull(sni) && !cJSON_IsString(sni)) {
		eg_error(resp, 400, "/tls_settings/sni_hostname", "sni_hostname must be a string or null.");
		return NULL;
	}
	bool adn = !strcmp(platform, "adn");
	const cJSON *vp = cJSON_GetObjectItemCaseSensitive(b, "validation_path");
	if (adn && update && !cJSON_IsString(vp)) {
		eg_error(resp, 400, "/validation_path", "The validation_path field is required.");
		return NULL;
	}
	const cJSON *gw = cJSON_GetObjectItemCaseSensitive(b, "gateway");
	if (adn && !cJSON_IsObject(gw)) {
		eg_error(resp, 400, "/gateway", "The gateway field is required.");
		return NULL;
	}
	/* PUT replaces the whole group (edgio.md §8.6): build it afresh */
	cJSON *g = cJSON_CreateObject();
	cJSON_AddStringToObject(g, "name", name->valuestring);
	cJSON_AddStringToObject(g, "host_header", cJSON_IsString(hh) ? hh->valuestring : "");
	if (adn)
		cJSON_AddStringToObject(g, "validation_path", cJSON_IsString(vp) ? vp->valuestring : "");
	cJSON_AddNumberToObject(g, "network_type_id", (double)nt);
	if (!adn) {
		cJSON *a = cJSON_AddArrayToObject(g, "shield_pops");
		cJSON_ArrayForEach(it, sp)
			if (cJSON_IsString(it))
				cJSON_AddItemToArray(a, cJSON_CreateString(it->valuestring));
		cJSON_AddBoolToObject(g, "strict_pci_certified", cJSON_IsTrue(pci));
	}
	cJSON *t = cJSON_AddObjectToObject(g, "tls_settings");
	if (cJSON_IsString(sni) && *sni->valuestring)
		cJSON_AddStringToObject(t, "sni_hostname", sni->valuestring);
	else
		cJSON_AddNullToObject(t, "sni_hostname");
	cJSON_AddBoolToObject(t, "allow_self_signed",
			      cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(tls, "allow_self_signed")));
	cJSON *keys = cJSON_AddArrayToObject(t, "public_keys_to_verify");
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(tls, "public_keys_to_verify"))
		if (cJSON_IsString(it))
			cJSON_AddItemToArray(keys, cJSON_CreateString(it->valuestring));
	if (adn) {
		cJSON *ng = cJSON_AddObjectToObject(g, "gateway");
		cJSON_AddBoolToObject(ng, "follow_redirect",
				      cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(gw, "follow_redirect")));
		cJSON_AddBoolToObject(ng, "gateway_reselection",
				      cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(gw, "gateway_reselection")));
	}
	eg_group_defaults(g, platform);
	return g;
}

static void list_groups(const char *platform, struct emu_resp *resp)
{
	cJSON *a = cJSON_CreateArray();
	for (size_t i = 0; i < egs_count(); i++) {
		const struct eg_group *g = egs_at(i);
		if (!strcmp(g->platform, platform))
			cJSON_AddItemToArray(a, cJSON_Duplicate(g->json, 1));
	}
	eg_send(resp, 200, a);
}

static void write_group(const struct emu_req *r, struct emu_resp *resp, const char *platform,
			struct eg_group *old)
{
	cJSON *b = parse_json(r, resp);
	if (!b)
		return;
	cJSON *j = group_body(b, platform, old != NULL, resp);
	cJSON_Delete(b);
	if (!j)
		return;
	struct eg_group *g = calloc(1, sizeof(*g));
	if (!g || !(g->platform = strdup(platform))) {
		free(g);
		cJSON_Delete(j);
		oom(resp);
		return;
	}
	g->json = j;
	g->id = old ? old->id : egs_new_group_id();
	if (old) {   /* the entries stay: groups and entries are separate resources */
		g->e = old->e;
		g->ne = old->ne;
		old->e = NULL;
		old->ne = 0;
		for (int p = 0; p < 2; p++) {
			g->ord[p] = old->ord[p];
			g->nord[p] = old->nord[p];
			old->ord[p] = NULL;
			old->nord[p] = 0;
		}
	}
	long id = g->id;
	if (egs_put(g) != 0) {
		oom(resp);
		return;
	}
	eg_send(resp, old ? 200 : (int)eg_settings.create_status, cJSON_Duplicate(egs_find(id)->json, 1));
}

/* PATCH /{p}/groups/{id}/origins: [{id, host, failover_order}] (edgio.md §4) */
static void patch_failover(const struct emu_req *r, struct emu_resp *resp, struct eg_group *g)
{
	cJSON *b = parse_json(r, resp);
	if (!b)
		return;
	size_t n = (size_t)cJSON_GetArraySize(b);
	long *key[2] = { calloc(g->nord[0] + 1, sizeof(long)), calloc(g->nord[1] + 1, sizeof(long)) };
	bool *set[2] = { calloc(g->nord[0] + 1, sizeof(bool)), calloc(g->nord[1] + 1, sizeof(bool)) };
	const cJSON *it;
	size_t idx = 0;
	char msg[300], src[64];
	if (!key[0] || !key[1] || !set[0] || !set[1]) {
		oom(resp);
		goto out;
	}
	if (!cJSON_IsArray(b) || n == 0) {
		eg_error(resp, 400, "/", "The body must be a non-empty array of {id, host, failover_order}.");
		goto out;
	}
	cJSON_ArrayForEach(it, b) {
		long id, order;
		const cJSON *h = cJSON_GetObjectItemCaseSensitive(it, "host");
		snprintf(src, sizeof(src), "/%zu", idx);
		if (!cJSON_IsObject(it) || !int_field(it, "id", true, &id, 1, 2147483647L, resp) ||
		    !int_field(it, "failover_order", true, &order, 0, 1000000, resp)) {
			if (!cJSON_IsObject(it))
				eg_error(resp, 400, src, "Each element must be an object {id, host, failover_order}.");
			goto out;
		}
		if (!cJSON_IsString(h)) {
			eg_error(resp, 400, src, "The host field is required.");
			goto out;
		}
		struct eg_entry *e = eg_entry_in(g, id);
		if (!e) {
			snprintf(msg, sizeof(msg), "Origin entry %ld does not belong to customer origin group %ld.",
				 id, g->id);
			eg_error(resp, 400, src, msg);
			goto out;
		}
		/* the host picks the row: it must match one exactly (edgio.md §4.2) */
		int row = -1;
		char hb[300];
		for (int p = 0; p < 2 && row < 0; p++)
			if (eg_on_list(e, p) && strcmp(eg_row_host(e, p, hb, sizeof(hb)), h->valuestring) == 0)
				row = p;
		if (row < 0) {
			snprintf(msg, sizeof(msg), "host \"%.120s\" does not exactly match the host of origin entry %ld.",
				 h->valuestring, id);
			eg_error(resp, 400, src, msg);
			goto out;
		}
		for (size_t i = 0; i < g->nord[row]; i++)
			if (g->ord[row][i] == id) {
				if (set[row][i]) {
					snprintf(msg, sizeof(msg), "Origin entry %ld (%s) is listed twice.", id,
						 row ? "HTTPS" : "HTTP");
					eg_error(resp, 400, src, msg);
					goto out;
				}
				set[row][i] = true;
				key[row][i] = order;
			}
		if ((order == 0) != e->is_primary && (e->is_primary || g->nord[row] == 0 ||
						      eg_entry_in(g, g->ord[row][0])->is_primary)) {
			snprintf(msg, sizeof(msg), "Position 0 is reserved for the primary origin entry (%s).",
				 row ? "HTTPS" : "HTTP");
			eg_error(resp, 400, src, msg);
			goto out;
		}
		idx++;
	}
	/* rows not sent keep their place; a stable sort by (order, old place) */
	for (int p = 0; p < 2; p++) {
		size_t m = g->nord[p];
		for (size_t i = 0; i < m; i++)
			if (!set[p][i])
				key[p][i] = (long)i;
		for (size_t i = 1; i < m; i++)
			for (size_t k = i; k > 0 && key[p][k - 1] > key[p][k]; k--) {
				long t = key[p][k];
				key[p][k] = key[p][k - 1];
				key[p][k - 1] = t;
				t = g->ord[p][k];
				g->ord[p][k] = g->ord[p][k - 1];
				g->ord[p][k - 1] = t;
			}
		for (size_t i = 0; i < m; i++) {   /* the primary stays at 0 */
			if (eg_entry_in(g, g->ord[p][i])->is_primary && i) {
				long t = g->ord[p][i];
				memmove(&g->ord[p][1], &g->ord[p][0], i * sizeof(long));
				g->ord[p][0] = t;
			}
		}
	}
	if (eg_settings.failover_status == 200)
		eg_send(resp, 200, group_rows(g, true));
	else
		emu_resp_empty(resp, 204);
out:
	for (int p = 0; p < 2; p++) {
		free(key[p]);
		free(set[p]);
	}
	cJSON_Delete(b);
}

static void groups_path(const struct emu_req *r, struct emu_resp *resp, const char *platform,
			const char *rest)
{
	const char *m = r->method;
	if (!*rest) {
		if (!strcmp(m, "GET"))
			list_groups(platform, resp);
		else if (!strcmp(m, "POST"))
			write_group(r, resp, platform, NULL);
		else
			eg_error(resp, 405, NULL, "The method is not allowed for this resource.");
		return;
	}
	if (*rest != '/') {
		eg_error(resp, 404, NULL, "The resource was not found.");
		return;
	}
	char idtext[16];
	size_t n = strcspn(rest + 1, "/");
	snprintf(idtext, sizeof(idtext), "%.*s", (int)(n < 15 ? n : 15), rest + 1);
	const char *sub = rest + 1 + n;
	long id;
	struct eg_group *g = NULL;
	if (!text_id(idtext, &id) || !(g = egs_find(id)) || strcmp(g->platform, platform) != 0) {
		group_not_found(resp, idtext);
		return;
	}
	if (!*sub) {
		if (!strcmp(m, "GET"))
			eg_send(resp, 200, cJSON_Duplicate(g->json, 1));
		else if (!strcmp(m, "PUT"))
			write_group(r, resp, platform, g);
		else if (!strcmp(m, "DELETE")) {
			egs_remove(id);   /* its entries go with it (edgio.md §8.5) */
			emu_resp_empty(resp, 204);
		} else
			eg_error(resp, 405, NULL, "The method is not allowed for this resource.");
	} else if (!strcmp(sub, "/origins")) {
		if (!strcmp(m, "GET"))
			eg_send(resp, 200, group_rows(g, true));
		else if (!strcmp(m, "PATCH"))
			patch_failover(r, resp, g);
		else
			eg_error(resp, 405, NULL, "The method is not allowed for this resource.");
	} else if (!strcmp(sub, "/status") && !strcmp(m, "GET")) {
		cJSON *j = cJSON_CreateObject();
		cJSON_AddStringToObject(j, "state", "COMPLETE");
		cJSON_AddNumberToObject(j, "percent_propagated", 100.0);
		cJSON_AddArrayToObject(j, "pops");
		eg_send(resp, 200, j);
	} else
		eg_error(resp, 404, NULL, "The resource was not found.");
}

/* ---- origin entries ---- */

static bool points_to_cdn(const char *host)
{
	static const char *const ours[] = { ".edgecastcdn.net", ".systemcdn.net", ".edgio.net",
					    ".vdms.io", NULL };
	size_t n = strlen(host);
	for (size_t i = 0; ours[i]; i++) {
		size_t k = strlen(ours[i]);
		if (n >= k && strcasecmp(host + n - k, ours[i]) == 0)
			return true;
	}
	return false;
}

/* Validates an entry request (edgio.md §3.3) into *e, for group g (self: the
 * entry being replaced, else NULL). false with a 400 answered. */
static bool entry_body(const cJSON *b, const char *platform, struct eg_entry *e, long *group_id,
		       const struct eg_entry *self, struct emu_resp *resp)
{
	memset(e, 0, sizeof(*e));
	if (!cJSON_IsObject(b)) {
		eg_error(resp, 400, "/", "The request body must be a JSON object.");
		return false;
	}
	long proto = EG_HTTP, storage = 1, port = 0;
	const cJSON *h = cJSON_GetObjectItemCaseSensitive(b, "host");
	const cJSON *prim = cJSON_GetObjectItemCaseSensitive(b, "is_primary");
	const cJSON *nm = cJSON_GetObjectItemCaseSensitive(b, "name");
	if (!int_field(b, "group_id", true, group_id, 1, 2147483647L, resp))
		return false;
	if (!cJSON_IsString(h) || !*h->valuestring) {
		eg_error(resp, 400, "/host", "The host field is required.");
		return false;
	}
	if (!cJSON_IsBool(prim)) {
		eg_error(resp, 400, "/is_primary", "The is_primary field is required.");
		return false;
	}
	if (nm && !cJSON_IsNull(nm) && !cJSON_IsString(nm)) {
		eg_error(resp, 400, "/name", "name must be a string.");
		return false;
	}
	if (!int_field(b, "protocol_type_id", false, &proto, 1, 3, resp) ||
	    !int_field(b, "storage_type_id", false, &storage, 1, 1, resp) ||
	    !int_field(b, "port", false, &port, 1, 65535, resp))
		return false;
	struct eg_group *g = egs_find(*group_id);
	if (!g || strcmp(g->platform, platform) != 0) {
		char msg[96];
		snprintf(msg, sizeof(msg), "Customer origin group %ld was not found.", *group_id);
		eg_error(resp, 400, "/group_id", msg);
		return false;
	}
	const char *host = h->valuestring;
	bool scheme = !strncasecmp(host, "http://", 7) || !strncasecmp(host, "https://", 8);
	const char *bare = host + (scheme ? (host[4] == ':' ? 7 : 8) : 0);
	if (proto == EG_MATCH && scheme) {
		eg_error(resp, 400, "/host", "Match Client origin entries take a hostname or IP address without a protocol.");
		return false;
	}
	if (strchr(bare, ':') != strrchr(bare, ':') && bare[0] != '[') {
		eg_error(resp, 400, "/host", "IPv6 addresses must be enclosed in brackets, e.g. [1:2:3:4:5:6:7:8].");
		return false;
	}
	char hostonly[256];
	snprintf(hostonly, sizeof(hostonly), "%.*s", (int)strcspn(bare, ":/"), bare);
	if (points_to_cdn(hostonly)) {
		eg_error(resp, 400, "/host", "The host may not point to our network: traffic would loop.");
		return false;
	}
	/* one protocol prefix per mode within a group (edgio.md §3.3) */
	for (size_t i = 0; scheme && i < g->ne; i++) {
		const struct eg_entry *o = &g->e[i];
		if (o == self || o->protocol != proto || !o->scheme_given)
			continue;
		size_t ol = strcspn(o->host, ":");
		if (ol != (size_t)(bare - host - 3) || strncasecmp(o->host, host, ol) != 0) {
			eg_error(resp, 400, "/host", "All origin entries of a mode in a customer origin group must use the same protocol.");
			return false;
		}
	}
	/* one primary per protocol; Match Client counts as both (edgio.md §3.3) */
	if (cJSON_IsTrue(prim)) {
		for (size_t i = 0; i < g->ne; i++) {
			const struct eg_entry *o = &g->e[i];
			if (o == self || !o->is_primary || o->id == (self ? self->id : 0))
				continue;
			if (o->protocol == proto || o->protocol == EG_MATCH || proto == EG_MATCH) {
				char msg[200];
				snprintf(msg, sizeof(msg), "Origin entry %ld is already the primary for %s: "
					 "only one primary origin entry is allowed per protocol.", o->id,
					 o->protocol == EG_MATCH ? (proto == EG_HTTPS ? "HTTPS" : "HTTP")
					 : o->protocol == EG_HTTPS ? "HTTPS" : "HTTP");
				eg_error(resp, 400, "/is_primary", msg);
				return false;
			}
		}
	}
	e->protocol = (int)proto;
	e->storage_type = (int)storage;
	e->is_primary = cJSON_IsTrue(prim);
	e->port = proto == EG_MATCH ? 0 : port ? port : proto == EG_HTTPS ? 443 : 80;
	e->host = eg_host_store(host, (int)proto, &e->scheme_given);
	e->name = cJSON_IsString(nm) ? strdup(nm->valuestring) : NULL;
	if (!e->host || (cJSON_IsString(nm) && !e->name)) {
		free(e->host);
		free(e->name);
		oom(resp);
		return false;
	}
	return true;
}

/* Puts e (already in g->e) on its lists: a primary first, others last, an
 * entry already on a list keeps its place unless it became primary. */
static int place(struct eg_group *g, const struct eg_entry *e, bool was_on[2], bool was_primary)
{
	for (int p = 0; p < 2; p++) {
		bool on = eg_on_list(e, p);
		if (!on && was_on[p]) {
			for (size_t i = 0; i < g->nord[p]; i++)
				if (g->ord[p][i] == e->id) {
					memmove(&g->ord[p][i], &g->ord[p][i + 1], (g->nord[p] - i - 1) * sizeof(long));
					g->nord[p]--;
					break;
				}
		} else if (on && !was_on[p]) {
			if (eg_list_add(g, p, e->id, e->is_primary) != 0)
				return -1;
		} else if (on && e->is_primary && !was_primary) {
			for (size_t i = 0; i < g->nord[p]; i++)
				if (g->ord[p][i] == e->id) {
					memmove(&g->ord[p][1], &g->ord[p][0], i * sizeof(long));
					g->ord[p][0] = e->id;
					break;
				}
		}
	}
	return 0;
}

static void add_entry(const struct emu_req *r, struct emu_resp *resp, const char *platform)
{
	cJSON *b = parse_json(r, resp);
	if (!b)
		return;
	struct eg_entry e;
	long gid;
	bool ok = entry_body(b, platform, &e, &gid, NULL, resp);
	cJSON_Delete(b);
	if (!ok)
		return;
	struct eg_group *g = egs_find(gid);
	struct eg_entry *v = realloc(g->e, (g->ne + 1) * sizeof(*v));
	if (!v) {
		free(e.host);
		free(e.name);
		oom(resp);
		return;
	}
	g->e = v;
	e.id = egs_new_entry_id();
	g->e[g->ne++] = e;
	bool was[2] = { false, false };
	if (place(g, &e, was, false) != 0) {
		oom(resp);
		return;
	}
	eg_send(resp, (int)eg_settings.create_status, entry_one(g, &g->e[g->ne - 1]));
}

static void one_entry(const struct emu_req *r, struct emu_resp *resp, const char *platform,
		      const char *idtext)
{
	long id;
	struct eg_entry *e = NULL;
	struct eg_group *g = NULL;
	if (!text_id(idtext, &id) || !(g = egs_find_entry(id, &e)) || strcmp(g->platform, platform) != 0) {
		char msg[96];
		snprintf(msg, sizeof(msg), "Origin entry %.12s was not found.", idtext);
		eg_error(resp, 404, NULL, msg);
		return;
	}
	const char *m = r->method;
	if (!strcmp(m, "GET")) {
		eg_send(resp, 200, entry_one(g, e));
	} else if (!strcmp(m, "DELETE")) {
		eg_list_remove(g, id);
		size_t at = (size_t)(e - g->e);
		free(e->host);
		free(e->name);
		memmove(&g->e[at], &g->e[at + 1], (g->ne - at - 1) * sizeof(*g->e));
		g->ne--;
		emu_resp_empty(resp, 204);
	} else if (!strcmp(m, "PUT")) {
		cJSON *b = parse_json(r, resp);
		if (!b)
			return;
		struct eg_entry n;
		long gid;
		bool ok = entry_body(b, platform, &n, &gid, e, resp);
		cJSON_Delete(b);
		if (!ok)
			return;
		if (gid != g->id) {
			free(n.host);
			free(n.name);
			eg_error(resp, 400, "/group_id", "An origin entry cannot move to another customer origin group.");
			return;
		}
		bool was[2] = { eg_on_list(e, 0), eg_on_list(e, 1) };
		bool was_primary = e->is_primary;
		free(e->host);
		free(e->name);
		n.id = id;
		*e = n;
		if (place(g, e, was, was_primary) != 0) {
			oom(resp);
			return;
		}
		eg_send(resp, 200, entry_one(g, e));
	} else
		eg_error(resp, 405, NULL, "The method is not allowed for this resource.");
}

static void all_entries(const char *platform, struct emu_resp *resp)
{
	cJSON *a = cJSON_CreateArray();
	for (size_t i = 0; i < egs_count(); i++) {
		struct eg_group *g = egs_at(i);
		if (strcmp(g->platform, platform) != 0)
			continue;
		cJSON *rows = group_rows(g, false), *it;
		while ((it = rows->child)) {
			cJSON_DetachItemViaPointer(rows, it);
			cJSON_AddItemToArray(a, it);
		}
		cJSON_Delete(rows);
	}
	eg_send(resp, 200, a);
}

/* ---- lookups ---- */

static void lookup(const char *what, struct emu_resp *resp)
{
	static const char *const protocols =
		"[{\"id\":1,\"name\":\"HTTP Only\"},{\"id\":2,\"name\":\"HTTPS Only\"},"
		"{\"id\":3,\"name\":\"Match Client\"}]";
	/* names and values are not documented (edgio.md §2.3): the meanings */
	static const char *const networks =
		"[{\"id\":1,\"name\":\"Default\",\"value\":\"default\"},"
		"{\"id\":2,\"name\":\"IPv6 Preferred over IPv4\",\"value\":\"ipv6_preferred\"},"
		"{\"id\":3,\"name\":\"IPv4 Preferred over IPv6\",\"value\":\"ipv4_preferred\"},"
		"{\"id\":4,\"name\":\"IPv4 Only\",\"value\":\"ipv4_only\"},"
		"{\"id\":5,\"name\":\"IPv6 Only\",\"value\":\"ipv6_only\"}]";
	emu_resp_text(resp, 200, "application/json; charset=utf-8",
		      !strcmp(what, "protocol-types") ? protocols : networks);
}

static void edgio_handle(const struct emu_req *r, struct emu_resp *resp)
{
	if (!strcmp(r->path, TOKEN)) {
		token_endpoint(r, resp);
		return;
	}
	enum auth a = check_auth(r);
	if (a != AUTH_OK) {
		if (a == AUTH_SCOPE)
			eg_error(resp, 403, NULL, "The access token does not carry the cdn.origins scope.");
		else {
			eg_error(resp, 401, NULL, a == AUTH_MISSING
				 ? "Authorization is required: send a Bearer access token."
				 : "The access token is invalid or has expired.");
			resp->www_authenticate = "Bearer";
		}
		return;
	}
	const char *rest = r->path + strlen(BASE);
	if (*rest == '/')
		rest++;
	if (!strcmp(rest, "protocol-types") || !strcmp(rest, "network-types")) {
		if (strcmp(r->method, "GET") != 0)
			eg_error(resp, 405, NULL, "The method is not allowed for this resource.");
		else
			lookup(rest, resp);
		return;
	}
	const char *platform = NULL;
	size_t pl = strcspn(rest, "/");
	if (pl == 10 && !strncmp(rest, "http-large", 10))
		platform = "http-large";
	else if (pl == 3 && !strncmp(rest, "adn", 3))
		platform = "adn";
	if (!platform) {
		eg_error(resp, 404, NULL, "The resource was not found.");
		return;
	}
	const char *sub = rest + pl;   /* "", "/groups...", "/{id}", ... */
	const char *m = r->method;
	if (!*sub || !strcmp(sub, "/")) {
		if (!strcmp(m, "GET"))
			all_entries(platform, resp);   /* paging parameters are tolerated, ignored */
		else if (!strcmp(m, "POST"))
			add_entry(r, resp, platform);
		else
			eg_error(resp, 405, NULL, "The method is not allowed for this resource.");
	} else if (!strncmp(sub, "/groups", 7) && (sub[7] == '\0' || sub[7] == '/'))
		groups_path(r, resp, platform, sub + 7);
	else if (!strcmp(sub, "/edge-functions") && !strcmp(m, "GET"))
		eg_send(resp, 200, cJSON_CreateArray());
	else if ((!strcmp(sub, "/shield-pops") || !strcmp(sub, "/origin-shield-pops")) &&
		 !strcmp(platform, "http-large") && !strcmp(m, "GET"))
		emu_resp_text(resp, 200, "application/json; charset=utf-8",
			"[{\"region_id\":1,\"region_name\":\"Europe\",\"bypass_code\":\"BYEU\","
			"\"bypass_name\":\"Bypass Europe\",\"pops\":[{\"id\":1,\"code\":\"AMB\","
			"\"city\":\"Amsterdam\",\"is_pci_certified\":true}]},{\"region_id\":2,"
			"\"region_name\":\"Asia\",\"bypass_code\":\"BYAP\",\"bypass_name\":\"Bypass Asia\","
			"\"pops\":[{\"id\":2,\"code\":\"BLR\",\"city\":\"Bangalore\",\"is_pci_certified\":false}]}]");
	else
		one_entry(r, resp, platform, sub + 1);
}

const struct emu_provider edgio_provider = {
	.name = "edgio",
	.owns = edgio_owns,
	.auth_ok = edgio_auth_ok,
	.handle = edgio_handle,
	.log_body = edgio_log_body,
};

/* ---- settings ---- */

int edgio_settings_apply(const cJSON *j, bool apply, char *err, size_t errlen)
{
	static const struct { const char *key; long a, b; long *field; } pairs[] = {
		{ "edgio_bad_client_status", 400, 401, &eg_settings.bad_client_status },
		{ "edgio_failover_status", 204, 200, &eg_settings.failover_status },
		{ "edgio_create_status", 200, 201, &eg_settings.create_status },
	};
	static const struct { const char *key, *off, *on; bool *field; } choices[] = {
		{ "edgio_match_rows", "match", "split", &eg_settings.match_rows_split },
		{ "edgio_error_style", "hyperion", "legacy", &eg_settings.error_legacy },
	};
	for (int pass = 0; pass < (apply ? 2 : 1); pass++) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(j, "edgio_token_ttl_seconds");
		long long n;
		if (v && !(emu_json_is_int(v, &n) && n >= 1 && n <= 604800)) {
			snprintf(err, errlen, "\"edgio_token_ttl_seconds\" must be an integer 1..604800");
			return -1;
		}
		if (v && pass)
			eg_settings.token_ttl_s = (long)n;
		for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
			v = cJSON_GetObjectItemCaseSensitive(j, pairs[i].key);
			if (!v)
				continue;
			if (!emu_json_is_int(v, &n) || (n != pairs[i].a && n != pairs[i].b)) {
				snprintf(err, errlen, "\"%s\" must be %ld or %ld", pairs[i].key, pairs[i].a, pairs[i].b);
				return -1;
			}
			if (pass)
				*pairs[i].field = (long)n;
		}
		for (size_t i = 0; i < sizeof(choices) / sizeof(choices[0]); i++) {
			v = cJSON_GetObjectItemCaseSensitive(j, choices[i].key);
			if (!v)
				continue;
			if (!cJSON_IsString(v) || (strcmp(v->valuestring, choices[i].off) &&
						   strcmp(v->valuestring, choices[i].on))) {
				snprintf(err, errlen, "\"%s\" must be \"%s\" or \"%s\"", choices[i].key,
					 choices[i].off, choices[i].on);
				return -1;
			}
			if (pass)
				*choices[i].field = !strcmp(v->valuestring, choices[i].on);
		}
	}
	return 0;
}

void edgio_settings_to_json(cJSON *o)
{
	cJSON_AddNumberToObject(o, "edgio_token_ttl_seconds", (double)eg_settings.token_ttl_s);
	cJSON_AddStringToObject(o, "edgio_match_rows", eg_settings.match_rows_split ? "split" : "match");
	cJSON_AddStringToObject(o, "edgio_error_style", eg_settings.error_legacy ? "legacy" : "hyperion");
	cJSON_AddNumberToObject(o, "edgio_bad_client_status", (double)eg_settings.bad_client_status);
	cJSON_AddNumberToObject(o, "edgio_failover_status", (double)eg_settings.failover_status);
	cJSON_AddNumberToObject(o, "edgio_create_status", (double)eg_settings.create_status);
}
