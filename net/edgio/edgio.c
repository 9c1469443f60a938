/* The Edgio Origins API v0.5 adapter (see edgio.h and ../shared/api/edgio.md). */
#include "net/edgio/edgio.h"
#include "net/json.h"
#include "net/provider.h"
#include "net/token.h"
#include "model/rules.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <curl/curl.h>

const og_caps edgio_caps = {
	.provider_label = "Edgio",
	.has_enabled = false,
	.has_backup = false,
	.has_primary = true,
	.has_order = true,
	.has_host_header = false,     /* the host header is the group's: a setting */
	.has_next_upstream = false,
	.async_operations = false,
	.s3_sources = false,
	.why_no_enabled = "Edgio origin entries have no enabled flag",
	.why_no_backup = "Edgio origin entries have no backup flag: P makes one primary, "
	                 "J/K move it in the failover order",
	.why_no_primary = NULL,
	.why_no_order = NULL,
};

/* ---- JSON -> model ------------------------------------------------------ */

static const char *strip_scheme(const char *h)
{
	if (strncasecmp(h, "https://", 8) == 0)
		return h + 8;
	if (strncasecmp(h, "http://", 7) == 0)
		return h + 7;
	return h;
}

/* Which protocol a listed row stands for: its protocol_type_id when that is
 * HTTP Only or HTTPS Only, else the scheme of its host, else its port. */
static const char *row_proto(const cJSON *row)
{
	int pt = json_int(row, "protocol_type_id", 0);
	if (pt == 1)
		return "http";
	if (pt == 2)
		return "https";
	const char *h = json_str(row, "host");
	if (h && strncasecmp(h, "https://", 8) == 0)
		return "https";
	if (h && strncasecmp(h, "http://", 7) == 0)
		return "http";
	int port = json_int(row, "port", 0);
	if (port == 443)
		return "https";
	if (port == 80)
		return "http";
	return NULL;
}

const cJSON *edgio_row(const og_source *s, const char *protocol)
{
	const cJSON *raw = og_source_raw(s);
	if (!raw || !rules_serves(s, protocol))
		return NULL;
	if (cJSON_IsArray(raw))
		return cJSON_GetArrayItem(raw, strcmp(protocol, "https") == 0 ? 1 : 0);
	return raw;
}

typedef struct entry_rows {
	char *key;
	const cJSON *row[2];
	int n;
} entry_rows;

static int entry_source(const entry_rows *e, og_source *out)
{
	memset(out, 0, sizeof *out);
	out->enabled = out->backup = OG_ABSENT;
	out->order = out->order_alt = -1;
	out->kind = OG_KIND_HOST;
	const cJSON *a = e->row[0], *b = e->row[1];
	bool match = e->n == 2 || json_int(a, "protocol_type_id", 0) == 3;
	if (e->n == 2) {
		const char *pa = row_proto(a), *pb = row_proto(b);
		if ((pa && strcmp(pa, "https") == 0) || (pb && strcmp(pb, "http") == 0)) {
			const cJSON *t = a;
			a = b;
			b = t;
		}
	}
	const char *host = json_str(a, "host");
	const char *proto = row_proto(a);
	if (!(out->key = strdup(e->key)))
		return -1;
	/* both rows of a Match Client entry name one host; the scheme is the
	 * row's protocol, shown in its own column */
	if (!(out->host = strdup(host ? (match ? strip_scheme(host) : host) : "")))
		return -1;
	out->port = json_int(a, "port", 0);
	if (out->port < 0)
		out->port = 0;
	if (!(out->protocol = strdup(match ? "match" : (proto ? proto : "http"))))
		return -1;
	bool primary = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(a, "is_primary")) ||
	               (b && cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(b, "is_primary")));
	out->primary = primary ? OG_YES : OG_NO;
	out->order = json_int(a, "failover_order", -1);
	if (e->n == 2)
		out->order_alt = json_int(b, "failover_order", -1);
	if (e->n == 2) {
		cJSON *arr = cJSON_CreateArray();
		cJSON *ra = cJSON_Duplicate(a, 1), *rb = cJSON_Duplicate(b, 1);
		if (!arr || !ra || !rb) {
			cJSON_Delete(arr);
			cJSON_Delete(ra);
			cJSON_Delete(rb);
			return -1;
		}
		cJSON_AddItemToArray(arr, ra);
		cJSON_AddItemToArray(arr, rb);
		if (og_source_set_raw(out, arr) < 0)
			return -1;
	} else if (og_source_set_raw(out, cJSON_Duplicate(a, 1)) < 0) {
		return -1;
	}
	return 0;
}

static const char *network_type_name(int id)
{
	switch (id) {
	case 1: return "Default (IPv4 only)";
	case 2: return "IPv6 preferred over IPv4";
	case 3: return "IPv4 preferred over IPv6";
	case 4: return "IPv4 only";
	case 5: return "IPv6 only";
	}
	return NULL;
}

static int group_settings(og_group *g, const cJSON *j)
{
	char buf[512];
	const cJSON *hh = cJSON_GetObjectItemCaseSensitive(j, "host_header");
	if (hh && og_group_add_setting(g, "Host header", cJSON_IsString(hh) && hh->valuestring[0]
	                               ? hh->valuestring : "(none)") < 0)
		return -1;
	const cJSON *nt = cJSON_GetObjectItemCaseSensitive(j, "network_type_id");
	if (cJSON_IsNumber(nt)) {
		const char *n = network_type_name(nt->valueint);
		if (n)
			snprintf(buf, sizeof buf, "%s", n);
		else
			snprintf(buf, sizeof buf, "%d", nt->valueint);
		if (og_group_add_setting(g, "Network type", buf) < 0)
			return -1;
	}
	const char *vp = json_str(j, "validation_path");
	if (vp && og_group_add_setting(g, "Validation path", vp[0] ? vp : "(none)") < 0)
		return -1;
	const cJSON *tls = cJSON_GetObjectItemCaseSensitive(j, "tls_settings");
	if (cJSON_IsObject(tls)) {
		const char *sni = json_str(tls, "sni_hostname");
		if (og_group_add_setting(g, "TLS SNI hostname", sni && sni[0] ? sni : "(none)") < 0)
			return -1;
		const cJSON *ss = cJSON_GetObjectItemCaseSensitive(tls, "allow_self_signed");
		if (og_group_add_setting(g, "TLS self-signed certificates",
		                         cJSON_IsTrue(ss) ? "allowed" : "refused") < 0)
			return -1;
		json_join_strings(cJSON_GetObjectItemCaseSensitive(tls, "public_keys_to_verify"), buf, sizeof buf);
		if (og_group_add_setting(g, "TLS public keys to verify", buf[0] ? buf : "(any)") < 0)
			return -1;
	}
	const cJSON *sp = cJSON_GetObjectItemCaseSensitive(j, "shield_pops");
	if (cJSON_IsArray(sp)) {
		json_join_strings(sp, buf, sizeof buf);
		if (og_group_add_setting(g, "Origin Shield POPs", buf[0] ? buf : "(none)") < 0)
			return -1;
	}
	const cJSON *pci = cJSON_GetObjectItemCaseSensitive(j, "strict_pci_certified");
	if (cJSON_IsBool(pci) &&
	    og_group_add_setting(g, "Strict PCI certified", cJSON_IsTrue(pci) ? "yes" : "no") < 0)
		return -1;
	const cJSON *gw = cJSON_GetObjectItemCaseSensitive(j, "gateway");
	if (cJSON_IsObject(gw)) {
		const cJSON *fr = cJSON_GetObjectItemCaseSensitive(gw, "follow_redirect");
		if (cJSON_IsBool(fr) && og_group_add_setting(g, "Gateway follows redirects",
		                                             cJSON_IsTrue(fr) ? "yes" : "no") < 0)
			return -1;
	}
	return 0;
}

int edgio_parse_group(const cJSON *group, const cJSON *rows, og_group **out, og_error *err)
{
	*out = NULL;
	if (!cJSON_IsObject(group)) {
		og_error_set(err, OG_ERR_PARSE, "customer origin group is not an object");
		return -1;
	}
	if (rows && !cJSON_IsArray(rows)) {
		og_error_set(err, OG_ERR_PARSE, "origin entries are not an array");
		return -1;
	}
	og_group *g = calloc(1, sizeof *g);
	entry_rows *es = NULL;
	size_t ne = 0;
	if (!g)
		goto oom;
	g->use_next = OG_ABSENT;
	g->in_use = OG_ABSENT;
	if (!(g->id = json_id(cJSON_GetObjectItemCaseSensitive(group, "id"), 19))) {
		og_group_free(g);
		og_error_set(err, OG_ERR_PARSE, "customer origin group without a valid id");
		return -1;
	}
	const char *name = json_str(group, "name");
	if (!(g->name = strdup(name ? name : "")) || group_settings(g, group) < 0)
		goto oom;
	int nrows = rows ? cJSON_GetArraySize(rows) : 0;
	if (nrows > 0 && !(es = calloc((size_t)nrows, sizeof *es)))
		goto oom;
	size_t i = 0;
	const cJSON *r;
	cJSON_ArrayForEach(r, rows) {
		char *key = cJSON_IsObject(r) ? json_id(cJSON_GetObjectItemCaseSensitive(r, "id"), 19) : NULL;
		if (!key) {
			og_error_set(err, OG_ERR_PARSE, "group %s: origin entry #%zu has no valid id", g->id,
			             i + 1);
			goto fail;
		}
		i++;
		size_t k = 0;
		while (k < ne && strcmp(es[k].key, key) != 0)
			k++;
		if (k < ne) {
			free(key);
			/* the HTTPS twin of a Match Client entry; a third is ignored */
			if (es[k].n < 2)
				es[k].row[es[k].n++] = r;
			continue;
		}
		es[ne].key = key;
		es[ne].row[0] = r;
		es[ne].n = 1;
		ne++;
	}
	if (ne > 0 && !(g->sources = calloc(ne, sizeof *g->sources)))
		goto oom;
	for (size_t k = 0; k < ne; k++) {
		if (entry_source(&es[k], &g->sources[k]) < 0) {
			og_source_clear(&g->sources[k]);
			goto oom;
		}
		g->n_sources = k + 1;
	}
	if (og_group_set_raw(g, cJSON_Duplicate(group, 1)) < 0)
		goto oom;
	for (size_t k = 0; k < ne; k++)
		free(es[k].key);
	free(es);
	*out = g;
	return 0;
oom:
	og_error_set(err, OG_ERR_INTERNAL, "out of memory");
fail:
	for (size_t k = 0; k < ne; k++)
		free(es[k].key);
	free(es);
	og_group_free(g);
	return -1;
}

/* ---- model -> JSON ------------------------------------------------------ */

static const char *edgio_flag_key(og_field f)
{
	switch (f) {
	case OG_FIELD_ENABLED: return NULL;
	case OG_FIELD_BACKUP: return NULL;
	case OG_FIELD_PRIMARY: return "is_primary";
	case OG_FIELD_ORDER: return "failover_order";
	}
	return NULL;
}

typedef struct order_row {
	size_t src;
	int order;
} order_row;

static int cmp_rows(const void *x, const void *y)
{
	const order_row *a = x, *b = y;
	if (a->order != b->order)
		return a->order < b->order ? -1 : 1;
	return a->src < b->src ? -1 : a->src > b->src;
}

char *edgio_build_order_body_for(const og_group *g, const char *key, const char *protocol,
                                 int to, og_error *err)
{
	long idx = og_group_find_source(g, key);
	if (idx < 0 || !protocol) {
		og_error_set(err, OG_ERR_CONFLICT, "entry %s is no longer in group \"%s\"",
		             key ? key : "", g->name ? g->name : "");
		return NULL;
	}
	order_row *rows = calloc(g->n_sources + 1, sizeof *rows);
	if (!rows) {
		og_error_set(err, OG_ERR_INTERNAL, "out of memory");
		return NULL;
	}
	size_t n = 0;
	for (size_t i = 0; i < g->n_sources; i++) {
		int o = rules_order_in(&g->sources[i], protocol);
		if (o >= 0)
			rows[n++] = (order_row){ i, o };
	}
	qsort(rows, n, sizeof *rows, cmp_rows);
	size_t at = n;
	for (size_t k = 0; k < n; k++)
		if (rows[k].src == (size_t)idx)
			at = k;
	if (at == n || to < 0 || (size_t)to >= n) {
		free(rows);
		og_error_set(err, OG_ERR_REFUSED, "no position %d in the %s failover order", to, protocol);
		return NULL;
	}
	order_row moving = rows[at];
	memmove(&rows[at], &rows[at + 1], (n - at - 1) * sizeof *rows);
	memmove(&rows[to + 1], &rows[to], (n - 1 - (size_t)to) * sizeof *rows);
	rows[to] = moving;

	cJSON *arr = cJSON_CreateArray();
	if (!arr)
		goto oom;
	for (size_t k = 0; k < n; k++) {
		const og_source *s = &g->sources[rows[k].src];
		const cJSON *row = edgio_row(s, protocol);
		const char *host = json_str(row, "host");
		if (!host) {
			cJSON_Delete(arr);
			free(rows);
			og_error_set(err, OG_ERR_INTERNAL, "entry %s has no listed host to send back", s->key);
			return NULL;
		}
		cJSON *o = cJSON_CreateObject();
		if (!o)
			goto oom;
		cJSON_AddItemToArray(arr, o);
		/* the id as its digits, not through a double */
		cJSON *id = json_digits(s->key, 19) ? cJSON_CreateRaw(s->key) : cJSON_CreateString(s->key);
		if (!id)
			goto oom;
		cJSON_AddItemToObject(o, "id", id);
		if (!cJSON_AddStringToObject(o, "host", host) ||
		    !cJSON_AddNumberToObject(o, "failover_order", (double)k))
			goto oom;
	}
	free(rows);
	return json_print_take(arr, err);
oom:
	cJSON_Delete(arr);
	free(rows);
	og_error_set(err, OG_ERR_INTERNAL, "out of memory");
	return NULL;
}

/* The protocol whose list a change moves in. */
static const char *move_protocol(const og_source *s, const og_change *c)
{
	const char *proto = rules_move_list(s, c->protocol);
	return proto ? proto : "http";
}

char *edgio_build_order_body(const og_group *fresh, const og_change *c, og_error *err)
{
	long idx = og_group_find_source(fresh, c->source_key);
	if (idx < 0) {
		og_error_set(err, OG_ERR_CONFLICT, "entry %s is no longer in group \"%s\" on the server; "
		             "nothing was sent", c->source_key ? c->source_key : "",
		             fresh->name ? fresh->name : "");
		return NULL;
	}
	const char *proto = move_protocol(&fresh->sources[idx], c);
	if (rules_check_move(fresh, c->source_key, proto, c->order_to, err) < 0)
		return NULL;
	return edgio_build_order_body_for(fresh, c->source_key, proto, c->order_to, err);
}

/* The PUT body of edgio_build_entry_update as JSON. caller frees with
 * cJSON_Delete(). */
static cJSON *entry_update_json(const cJSON *entry, const char *group_id, bool primary,
                                bool match_client, og_error *err)
{
	if (cJSON_IsArray(entry))
		entry = cJSON_GetArrayItem(entry, 0);
	if (!cJSON_IsObject(entry)) {
		og_error_set(err, OG_ERR_PARSE, "the origin entry is not an object");
		return NULL;
	}
	cJSON *o = cJSON_Duplicate(entry, 1);
	if (!o)
		goto oom;
	cJSON_DeleteItemFromObjectCaseSensitive(o, "id");
	cJSON_DeleteItemFromObjectCaseSensitive(o, "failover_order");
	if (!json_set(o, "is_primary", cJSON_CreateBool(primary)))
		goto oom;
	if (!cJSON_GetObjectItemCaseSensitive(o, "group_id") && group_id) {
		cJSON *gid = json_digits(group_id, 19) ? cJSON_CreateRaw(group_id) : cJSON_CreateString(group_id);
		if (!gid)
			goto oom;
		cJSON_AddItemToObject(o, "group_id", gid);
	}
	/* Match Client hosts are "{Hostname or IP}" only; a listed row may
	 * carry a scheme */
	if (match_client && json_int(o, "protocol_type_id", 0) != 3) {
		if (!json_set(o, "protocol_type_id", cJSON_CreateNumber(3)))
			goto oom;
	}
	cJSON *host = cJSON_GetObjectItemCaseSensitive(o, "host");
	if (json_int(o, "protocol_type_id", 0) == 3 && cJSON_IsString(host) &&
	    strip_scheme(host->valuestring) != host->valuestring) {
		if (!json_set(o, "host", cJSON_CreateString(strip_scheme(host->valuestring))))
			goto oom;
	}
	return o;
oom:
	cJSON_Delete(o);
	og_error_set(err, OG_ERR_INTERNAL, "out of memory");
	return NULL;
}

char *edgio_build_entry_update(const cJSON *entry, const char *group_id, bool primary,
                               bool match_client, og_error *err)
{
	cJSON *o = entry_update_json(entry, group_id, primary, match_client, err);
	return o ? json_print_take(o, err) : NULL;
}

int edgio_entry_set(cJSON *body, const cJSON *set, og_error *err)
{
	const cJSON *it;
	cJSON_ArrayForEach(it, set) {
		if (!it->string)
			continue;
		cJSON_DeleteItemFromObjectCaseSensitive(body, it->string);
		if (cJSON_IsNull(it))
			continue;   /* null: leave the field out */
		cJSON *d = cJSON_Duplicate(it, 1);
		if (!d) {
			og_error_set(err, OG_ERR_INTERNAL, "out of memory");
			return -1;
		}
		cJSON_AddItemToObject(body, it->string, d);
	}
	return 0;
}

char *edgio_token_form(const char *client_id, const char *client_secret, const char *scope)
{
	char *id = curl_easy_escape(NULL, client_id ? client_id : "", 0);
	char *sec = curl_easy_escape(NULL, client_secret ? client_secret : "", 0);
	char *sc = curl_easy_escape(NULL, scope ? scope : "", 0);
	char *tbody = NULL;
	if (id && sec && sc &&
	    asprintf(&tbody, "grant_type=client_credentials&scope=%s&client_id=%s&client_secret=%s",
	             sc, id, sec) < 0)
		tbody = NULL;
	if (sec)
		memset(sec, 0, strlen(sec));
	curl_free(id);
	curl_free(sec);
	curl_free(sc);
	return tbody;
}

void edgio_describe_error(const char *body, size_t len, char *out, size_t outsz)
{
	if (!out || outsz == 0)
		return;
	out[0] = '\0';
	cJSON *j = body && len ? cJSON_ParseWithLength(body, len) : NULL;
	if (cJSON_IsObject(j)) {
		/* Hyperion {title, description, details[]}, RFC 7807 {title,
		 * detail}, legacy {Message}, OAuth {error, error_description} */
		const char *title = json_str(j, "title"), *desc = json_str(j, "description");
		const char *detail = json_str(j, "detail"), *msg = json_str(j, "message");
		const char *Msg = json_str(j, "Message"), *oerr = json_str(j, "error");
		const char *odesc = json_str(j, "error_description");
		const char *dd = NULL;
		const cJSON *details = cJSON_GetObjectItemCaseSensitive(j, "details");
		if (cJSON_IsArray(details))
			dd = json_str(cJSON_GetArrayItem(details, 0), "description");
		const char *main = desc ? desc : detail ? detail : msg ? msg : Msg ? Msg : odesc;
		if (title && main)
			snprintf(out, outsz, "%s: %s", title, main);
		else if (main || title)
			snprintf(out, outsz, "%s", main ? main : title);
		else if (oerr)
			snprintf(out, outsz, "%s", oerr);
		if (dd && out[0] && strlen(out) + 3 < outsz) {
			size_t o = strlen(out);
			snprintf(out + o, outsz - o, " (%s)", dd);
		}
	}
	cJSON_Delete(j);
	if (!out[0])
		http_describe_error_body(body, len, out, outsz);
	for (char *p = out; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' ';
}

/* ---- the account -------------------------------------------------------- */

typedef struct ed_priv {
	char *prefix;                   /* base_url + /cdn/origins/v0.5/{platform} */
	char *token_url, *client_id, *client_secret, *scope;
	token_cache cache;
} ed_priv;

const char *edgio_prefix(const net_call *c)
{
	const ed_priv *p = c->acct->priv;
	return p ? p->prefix : "";
}

bool edgio_is_adn(const net_call *c)
{
	const char *pr = edgio_prefix(c);
	size_t n = strlen(pr);
	return n >= 4 && strcmp(pr + n - 4, "/adn") == 0;
}

static void edgio_close(net_account *a)
{
	ed_priv *p = a->priv;
	if (!p)
		return;
	token_cache_destroy(&p->cache);
	net_auth_free(p->client_secret);
	free(p->prefix);
	free(p->token_url);
	free(p->client_id);
	free(p->scope);
	free(p);
	a->priv = NULL;
}

static int edgio_open(net_account *a, const og_account *acct, og_error *err)
{
	ed_priv *p = calloc(1, sizeof *p);
	if (!p) {
		og_error_set(err, OG_ERR_INTERNAL, "out of memory");
		return -1;
	}
	token_cache_init(&p->cache);
	a->priv = p;
	const char *platform = og_account_setting_or(acct, "platform", "");
	if (strcmp(platform, "http-large") != 0 && strcmp(platform, "adn") != 0) {
		og_error_set(err, OG_ERR_CONFIG, "account \"%s\": platform must be \"http-large\" or \"adn\"",
		             a->name);
		return -1;
	}
	const char *client_id = og_account_setting_or(acct, "client_id", NULL);
	if (!client_id) {
		og_error_set(err, OG_ERR_CONFIG, "account \"%s\": no client_id", a->name);
		return -1;
	}
	const char *var = og_account_setting_or(acct, "client_secret_env", "IDS_CLIENT_SECRET");
	const char *secret = og_account_setting_or(acct, "client_secret", getenv(var));
	if (!secret || !secret[0]) {
		og_error_set(err, OG_ERR_CONFIG, "account \"%s\": no client secret; set %s or "
		             "client_secret", a->name, var);
		return -1;
	}
	/* api_url may be the host (documented) or already the API's base */
	size_t bl = strlen(a->base_url), pl = strlen(EDGIO_API_PATH);
	bool has_path = bl >= pl && strcmp(a->base_url + bl - pl, EDGIO_API_PATH) == 0;
	if (asprintf(&p->prefix, "%s%s/%s", a->base_url, has_path ? "" : EDGIO_API_PATH,
	             platform) < 0)
		p->prefix = NULL;
	p->token_url = strdup(og_account_setting_or(acct, "token_url", EDGIO_DEFAULT_TOKEN_URL));
	p->client_id = strdup(client_id);
	p->client_secret = strdup(secret);
	p->scope = strdup(og_account_setting_or(acct, "scope", EDGIO_DEFAULT_SCOPE));
	if (!p->prefix || !p->token_url || !p->client_id || !p->client_secret || !p->scope) {
		og_error_set(err, OG_ERR_INTERNAL, "out of memory");
		return -1;
	}
	return 0;
}

static int edgio_fetch_token(void *ctx, net_call *c, char **token, double *ttl, og_error *err)
{
	ed_priv *p = ctx;
	char *tbody = edgio_token_form(p->client_id, p->client_secret, p->scope);
	if (!tbody) {
		og_error_set(err, OG_ERR_INTERNAL, "out of memory");
		return -1;
	}
	http_request req = {
		.method = "POST", .url = p->token_url, .body = tbody, .body_len = strlen(tbody),
		.timeout_seconds = c->acct->timeout_seconds, .account_name = c->acct->name,
		.describe = edgio_describe_error,
		.content_type = "application/x-www-form-urlencoded",
	};
	http_response r;
	int rc = http_perform(c->http, &req, &r, err);
	net_auth_free(tbody);
	char host[256];
	http_url_host(p->token_url, host, sizeof host);
	if (rc < 0) {
		if (err->http_status == 400 || err->http_status == 401 || err->http_status == 403) {
			char m[sizeof err->msg];
			snprintf(m, sizeof m, "%s", err->msg);
			int st = err->http_status;
			og_error_set(err, OG_ERR_AUTH, "account \"%s\": %s refused the client credentials "
			             "(%s)", c->acct->name, host, m);
			err->http_status = st;
		}
		return -1;
	}
	rc = edgio_parse_token(r.body, r.len, host, token, ttl, err);
	if (r.body)
		memset(r.body, 0, r.len);
	http_response_clear(&r);
	return rc;
}

int edgio_parse_token(const char *body, size_t len, const char *host, char **token, double *ttl,
                      og_error *err)
{
	*token = NULL;
	cJSON *j = body ? cJSON_ParseWithLength(body, len) : NULL;
	const cJSON *at = cJSON_GetObjectItemCaseSensitive(j, "access_token");
	if (!cJSON_IsString(at) || !at->valuestring[0]) {
		cJSON_Delete(j);
		og_error_set(err, OG_ERR_PARSE, "malformed answer from %s (no access_token)", host);
		return -1;
	}
	*token = strdup(at->valuestring);
	memset(at->valuestring, 0, strlen(at->valuestring));
	const cJSON *ex = cJSON_GetObjectItemCaseSensitive(j, "expires_in");
	/* documented default lifetime: 300 s */
	*ttl = cJSON_IsNumber(ex) && ex->valuedouble >= 0 ? ex->valuedouble : 300;
	cJSON_Delete(j);
	if (!*token) {
		og_error_set(err, OG_ERR_INTERNAL, "out of memory");
		return -1;
	}
	return 0;
}

static int edgio_auth(net_call *c, const char *refused, char **header, og_error *err)
{
	ed_priv *p = c->acct->priv;
	return token_cache_header(&p->cache, edgio_fetch_token, p, c, refused, header, err);
}

unsigned long edgio_token_fetches(net_account *a)
{
	ed_priv *p = a ? a->priv : NULL;
	if (!p)
		return 0;
	pthread_mutex_lock(&p->cache.mu);
	unsigned long n = p->cache.fetches;
	pthread_mutex_unlock(&p->cache.mu);
	return n;
}

/* ---- requests ----------------------------------------------------------- */

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

/* GETs of urls[0..n) at once. A 401 on any of them fetches a new token once
 * and sends those again once. */
static int fetch_many(net_call *c, char *const *urls, size_t n, http_response *resps,
                      og_error *errs, og_error *err)
{
	http_request *reqs = calloc(n ? n : 1, sizeof *reqs);
	size_t *again = calloc(n ? n : 1, sizeof *again);
	char *hdr = NULL;
	if (!reqs || !again) {
		free(reqs);
		free(again);
		og_error_set(err, OG_ERR_INTERNAL, "out of memory");
		return -1;
	}
	if (edgio_auth(c, NULL, &hdr, err) < 0) {
		free(reqs);
		free(again);
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		reqs[i] = (http_request){
			.method = "GET", .url = urls[i], .auth_header = hdr,
			.timeout_seconds = c->acct->timeout_seconds, .account_name = c->acct->name,
			.describe = edgio_describe_error,
		};
	int failed = http_perform_many(c->http, reqs, n, EDGIO_PARALLEL, resps, errs);
	size_t na = 0;
	for (size_t i = 0; failed > 0 && i < n; i++)
		if (errs[i].http_status == 401)
			again[na++] = i;
	if (na > 0) {
		char *fresh = NULL;
		if (edgio_auth(c, hdr, &fresh, err) < 0) {
			net_auth_free(hdr);
			free(reqs);
			free(again);
			return -1;
		}
		http_request *r2 = calloc(na, sizeof *r2);
		http_response *p2 = calloc(na, sizeof *p2);
		og_error *e2 = calloc(na, sizeof *e2);
		if (r2 && p2 && e2) {
			for (size_t k = 0; k < na; k++) {
				r2[k] = reqs[again[k]];
				r2[k].auth_header = fresh;
			}
			http_perform_many(c->http, r2, na, EDGIO_PARALLEL, p2, e2);
			for (size_t k = 0; k < na; k++) {
				http_response_clear(&resps[again[k]]);
				resps[again[k]] = p2[k];
				errs[again[k]] = e2[k];
			}
		} else {
			og_error_set(err, OG_ERR_INTERNAL, "out of memory");
		}
		free(r2);
		free(p2);
		free(e2);
		net_auth_free(fresh);
	}
	net_auth_free(hdr);
	free(reqs);
	free(again);
	return 0;
}

static int parse_array(const http_response *r, cJSON **out, const char *host, og_error *err)
{
	*out = r->body ? cJSON_ParseWithLength(r->body, r->len) : NULL;
	if (!*out) {
		og_error_set(err, OG_ERR_PARSE, "malformed response from %s (not JSON)", host);
		return -1;
	}
	return 0;
}

static void prefix_group(og_error *err, const char *gid)
{
	char m[sizeof err->msg];
	snprintf(m, sizeof m, "%s", err->msg);
	int st = err->http_status;
	og_error_set(err, err->kind, "group %s: %s", gid, m);
	err->http_status = st;
}

/* Groups of the platform, then all their entries at once. */
static int edgio_list(net_call *c, og_group_list *out, og_error *err)
{
	ed_priv *p = c->acct->priv;
	og_group_list l = { 0 };
	char *url = url_of(err, "%s/groups", p->prefix);
	if (!url)
		return -1;
	cJSON *groups;
	int rc = net_request_url_json(c, "GET", url, NULL, &groups, err);
	free(url);
	if (rc < 0)
		return -1;
	if (!cJSON_IsArray(groups)) {
		cJSON_Delete(groups);
		og_error_set(err, OG_ERR_PARSE, "malformed response from %s: the groups are not an array",
		             c->acct->host);
		return -1;
	}
	size_t n = (size_t)cJSON_GetArraySize(groups);
	char **urls = calloc(n ? n : 1, sizeof *urls);
	char **ids = calloc(n ? n : 1, sizeof *ids);
	http_response *resps = calloc(n ? n : 1, sizeof *resps);
	og_error *errs = calloc(n ? n : 1, sizeof *errs);
	const cJSON **gs = calloc(n ? n : 1, sizeof *gs);
	rc = -1;
	if (!urls || !ids || !resps || !errs || !gs) {
		og_error_set(err, OG_ERR_INTERNAL, "out of memory");
		goto done;
	}
	size_t i = 0;
	const cJSON *g;
	cJSON_ArrayForEach(g, groups) {
		gs[i] = g;
		ids[i] = json_id(cJSON_GetObjectItemCaseSensitive(g, "id"), 19);
		if (!ids[i]) {
			og_error_set(err, OG_ERR_PARSE, "malformed response from %s: group #%zu has no valid "
			             "id", c->acct->host, i + 1);
			goto done;
		}
		if (!(urls[i] = url_of(err, "%s/groups/%s/origins", p->prefix, ids[i])))
			goto done;
		i++;
	}
	if (fetch_many(c, urls, n, resps, errs, err) < 0)
		goto done;
	for (i = 0; i < n; i++) {
		if (errs[i].kind != OG_OK) {
			/* deleted between the two reads: not there any more */
			if (errs[i].kind == OG_ERR_NOTFOUND)
				continue;
			*err = errs[i];
			prefix_group(err, ids[i]);
			goto done;
		}
		cJSON *rows;
		og_group *og;
		if (parse_array(&resps[i], &rows, c->acct->host, err) < 0) {
			prefix_group(err, ids[i]);
			goto done;
		}
		int prc = edgio_parse_group(gs[i], rows, &og, err);
		cJSON_Delete(rows);
		if (prc < 0)
			goto done;
		if (og_group_list_push(&l, og) < 0) {
			og_error_set(err, OG_ERR_INTERNAL, "out of memory");
			goto done;
		}
	}
	rc = 0;
	*out = l;
	l = (og_group_list){ 0 };
done:
	for (i = 0; i < n; i++) {
		if (urls)
			free(urls[i]);
		if (ids)
			free(ids[i]);
		if (resps)
			http_response_clear(&resps[i]);
	}
	free(urls);
	free(ids);
	free(resps);
	free(errs);
	free(gs);
	cJSON_Delete(groups);
	og_group_list_free(&l);
	return rc;
}

int edgio_get(net_call *c, const char *id, og_group **out, og_error *err)
{
	ed_priv *p = c->acct->priv;
	*out = NULL;
	if (!json_digits(id, 19)) {
		og_error_set(err, OG_ERR_NOTFOUND, "no group with id \"%s\" in account \"%s\"",
		             id ? id : "", c->acct->name);
		return -1;
	}
	char *urls[2] = { url_of(err, "%s/groups/%s", p->prefix, id),
	                  url_of(err, "%s/groups/%s/origins", p->prefix, id) };
	http_response resps[2];
	og_error errs[2];
	memset(resps, 0, sizeof resps);
	int rc = -1;
	if (!urls[0] || !urls[1] || fetch_many(c, urls, 2, resps, errs, err) < 0)
		goto done;
	for (int i = 0; i < 2; i++) {
		if (errs[i].kind != OG_OK) {
			*err = errs[i];
			if (err->kind == OG_ERR_NOTFOUND) {
				og_error_set(err, OG_ERR_NOTFOUND, "no group with id %s in account \"%s\"", id,
				             c->acct->name);
				err->http_status = 404;
			}
			goto done;
		}
	}
	cJSON *group = NULL, *rows = NULL;
	if (parse_array(&resps[0], &group, c->acct->host, err) == 0 &&
	    parse_array(&resps[1], &rows, c->acct->host, err) == 0)
		rc = edgio_parse_group(group, rows, out, err);
	cJSON_Delete(group);
	cJSON_Delete(rows);
done:
	free(urls[0]);
	free(urls[1]);
	http_response_clear(&resps[0]);
	http_response_clear(&resps[1]);
	return rc;
}

int edgio_put_entry(net_call *c, const og_group *g, const char *key, bool primary,
                    const cJSON *set, og_error *err)
{
	ed_priv *p = c->acct->priv;
	char *url = url_of(err, "%s/%s", p->prefix, key);
	if (!url)
		return -1;
	/* the GET's own failure is no form error: keep its body out */
	char **eb = c->error_body;
	c->error_body = NULL;
	cJSON *entry;
	int grc = net_request_url_json(c, "GET", url, NULL, &entry, err);
	c->error_body = eb;
	if (grc < 0) {
		if (err->kind == OG_ERR_NOTFOUND)
			og_error_set(err, OG_ERR_CONFLICT, "origin entry %s is no longer on the server", key);
		free(url);
		return -1;
	}
	long idx = og_group_find_source(g, key);
	bool match = idx >= 0 && g->sources[idx].protocol &&
	             strcmp(g->sources[idx].protocol, "match") == 0;
	cJSON *o = entry_update_json(entry, g->id, primary, match, err);
	cJSON_Delete(entry);
	char *body = o && edgio_entry_set(o, set, err) == 0 ? cJSON_PrintUnformatted(o) : NULL;
	if (o && !body && err->kind == OG_OK)
		og_error_set(err, OG_ERR_INTERNAL, "out of memory");
	cJSON_Delete(o);
	if (!body) {
		free(url);
		return -1;
	}
	http_response r;
	int rc = net_request_url(c, "PUT", url, body, &r, err);
	free(url);
	free(body);
	if (rc == 0)
		http_response_clear(&r);
	return rc;
}

/* PUT /{p}/{id} of the entry as the server has it, with is_primary set. */
static int put_entry(net_call *c, const og_group *g, const char *key, bool primary, og_error *err)
{
	return edgio_put_entry(c, g, key, primary, NULL, err);
}

static int patch_order(net_call *c, const og_group *g, const char *body, og_error *err)
{
	ed_priv *p = c->acct->priv;
	char *url = url_of(err, "%s/groups/%s/origins", p->prefix, g->id);
	if (!url)
		return -1;
	http_response r;
	int rc = net_request_url(c, "PATCH", url, body, &r, err);
	free(url);
	if (rc == 0)
		http_response_clear(&r);
	return rc;
}

int edgio_put_first(net_call *c, const char *group_id, const char *key, og_error *err)
{
	og_group *now = NULL;
	if (edgio_get(c, group_id, &now, err) < 0)
		return -1;
	static const char *const protos[] = { "http", "https" };
	long idx = og_group_find_source(now, key);
	for (size_t k = 0; idx >= 0 && k < 2; k++) {
		int at = rules_order_in(&now->sources[idx], protos[k]);
		if (at <= 0)
			continue;   /* already first, or not on this protocol */
		char *body = edgio_build_order_body_for(now, key, protos[k], 0, err);
		if (!body || patch_order(c, now, body, err) < 0) {
			free(body);
			og_group_free(now);
			return -1;
		}
		free(body);
	}
	og_group_free(now);
	return 0;
}

/* Makes `key` primary: first the primaries it would share a protocol with
 * stop being primary (one primary per protocol), then it becomes primary,
 * then each of its protocols' failover order gets it at position 0. */
static int make_primary(net_call *c, const og_group *fresh, const og_change *ch, og_error *err)
{
	size_t *dem = calloc(fresh->n_sources + 1, sizeof *dem);
	if (!dem) {
		og_error_set(err, OG_ERR_INTERNAL, "out of memory");
		return -1;
	}
	size_t n = rules_primary_demotions(fresh, ch->source_key, dem, fresh->n_sources);
	for (size_t k = 0; k < n; k++) {
		if (put_entry(c, fresh, fresh->sources[dem[k]].key, false, err) < 0) {
			free(dem);
			return -1;
		}
	}
	free(dem);
	if (put_entry(c, fresh, ch->source_key, true, err) < 0)
		return -1;
	return edgio_put_first(c, fresh->id, ch->source_key, err);
}

static int edgio_write_flag(net_call *c, const og_group *fresh, const og_change *ch,
                            og_group **out, og_error *err)
{
	*out = NULL;
	int rc;
	if (ch->field == OG_FIELD_ORDER) {
		char *body = edgio_build_order_body(fresh, ch, err);
		if (!body)
			return -1;
		rc = patch_order(c, fresh, body, err);
		free(body);
	} else if (ch->field == OG_FIELD_PRIMARY && ch->to == OG_YES) {
		rc = make_primary(c, fresh, ch, err);
	} else if (ch->field == OG_FIELD_PRIMARY && ch->to == OG_NO) {
		/* no primary left on its protocols: round-robin there */
		rc = put_entry(c, fresh, ch->source_key, false, err);
	} else {
		/* net_change_flag refused a flag Edgio lacks already */
		const char *why = og_caps_why_not(&edgio_caps, ch->field);
		og_error_set(err, OG_ERR_REFUSED, "%s", why ? why : "a flag is set to yes or no only");
		return -1;
	}
	/* Every write ends with the group as the server now has it: after a
	 * failure half-way (a demotion done, the promotion refused) too. */
	og_error tmp = { 0 };
	if (edgio_get(c, fresh->id, out, &tmp) < 0)
		*out = NULL;
	return rc;
}

/* Rows compared without is_primary and failover_order (compared through the
 * model): a Match Client source's raw is an array of two rows. */
static cJSON *strip_rows(const cJSON *raw)
{
	cJSON *d = cJSON_Duplicate(raw, 1);
	if (!d)
		return NULL;
	cJSON *rows[2] = { d, NULL };
	if (cJSON_IsArray(d)) {
		rows[0] = cJSON_GetArrayItem(d, 0);
		rows[1] = cJSON_GetArrayItem(d, 1);
	}
	for (int i = 0; i < 2; i++) {
		if (!cJSON_IsObject(rows[i]))
			continue;
		cJSON_DeleteItemFromObjectCaseSensitive(rows[i], "is_primary");
		cJSON_DeleteItemFromObjectCaseSensitive(rows[i], "failover_order");
	}
	return d;
}

static bool edgio_raw_same(const cJSON *fresh, const cJSON *seen, bool *oom)
{
	cJSON *a = strip_rows(fresh), *b = strip_rows(seen);
	if (!a || !b) {
		cJSON_Delete(a);
		cJSON_Delete(b);
		*oom = true;
		return false;
	}
	bool same = cJSON_Compare(a, b, 1);
	cJSON_Delete(a);
	cJSON_Delete(b);
	return same;
}

const net_provider edgio_provider = {
	.name = "edgio",
	.default_url = EDGIO_DEFAULT_API_URL,
	.caps = &edgio_caps,
	.open = edgio_open,
	.list = edgio_list,
	.get = edgio_get,
	.write_flag = edgio_write_flag,
	.flag_key = edgio_flag_key,
	.describe_error = edgio_describe_error,
	.close = edgio_close,
	.auth = edgio_auth,
	.raw_same = edgio_raw_same,
	.form_fill = edgio_form_fill,
	.form_check = edgio_form_check,
	.form_save = edgio_form_save,
	.delete_group = edgio_delete_group,
	.delete_source = edgio_delete_source,
	.curl_auth = edgio_curl_auth,
};
