/* Edgio's forms (issue 4): a customer origin group's settings, its origin
 * entries, and deleting either (../shared/api/edgio.md §2-§3).
 *
 * A group is created first, without entries, and its first entry is added
 * after (§2.1: groups and entries are separate resources). Entries are
 * written through the same GET-then-PUT path as the P key (net/edgio/edgio.c), so
 * the fields the form does not show (name, storage type, ...) go back as the
 * server has them. The form's field keys are the API's JSON pointers, so a
 * Hyperion error detail {"source": "/host", ...} lands on the Host field. */
#include "net/edgio/edgio.h"
#include "net/form_table.h"
#include "net/hostport.h"
#include "net/json.h"
#include "model/rules.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Hostname resolution methods 1..5 (§2.3); an id origo does not know
 * shows as "as on the server" and the group keeps it. */
static const char *const network_items[] = {
	"Default (IPv4 only)", "IPv6 preferred over IPv4", "IPv4 preferred over IPv6",
	"IPv4 only", "IPv6 only",
};
#define N_NETWORK 5

/* protocol_type_id 1, 2, 3 (§3.3) */
static const char *const protocol_items[] = { "HTTP only", "HTTPS only", "Match Client" };
enum { P_HTTP, P_HTTPS, P_MATCH };

/* ---- the fields, as data -------------------------------------------------
 * Each key is the API's JSON pointer without its leading '/', so an error's
 * "source" names its field (edgio_form_map_error). */

/* Which forms show a field: a group's (its names, its network, its TLS
 * settings), an entry's, written in that order; an entry's body writes
 * W_HOST_PORT before W_PROTO_PRIMARY (the members' documented order,
 * while the form shows the protocol before the port it picks). */
enum { P_NAMES = 1u, P_NETWORK = 2u, P_TLS = 4u, W_HOST_PORT = 8u, W_PROTO_PRIMARY = 16u };
#define P_GROUP (P_NAMES | P_NETWORK | P_TLS)
#define P_ENTRY (W_HOST_PORT | W_PROTO_PRIMARY)

/* "Require if protocol_type_id = 1 | 2" (§3.3): a port is always sent
 * then, empty meaning the protocol's own */
static const long default_ports[] = { 80, 443, 0 };

/* The fields' own checks (form_check, below). */
static const char *name_problem(const char *text, const form_check_ctx *c);
static const char *header_problem(const char *text, const form_check_ctx *c);
static const char *sni_problem(const char *text, const form_check_ctx *c);
static const char *keys_problem(const char *text, const form_check_ctx *c);
static const char *host_problem(const char *text, const form_check_ctx *c);
static const char *port_problem(const char *text, const form_check_ctx *c);

static const form_spec edgio_table[] = {
	{ .key = EDGIO_F_NAME, .label = "Name", .kind = FORM_TEXT, .path = "name", .part = P_NAMES,
	  .send = FORM_SEND_VALUE, .required = "a name is required", .validate = name_problem },
	{ .key = EDGIO_F_HOST_HEADER, .label = "Host header", .kind = FORM_TEXT,
	  .path = "host_header", .hint = "empty: none", .part = P_NAMES, .send = FORM_SEND_VALUE,
	  .validate = header_problem },
	/* the items: one more when the server has an id origo does not know */
	{ .key = EDGIO_F_NETWORK, .label = "Network type", .kind = FORM_CHOICE,
	  .path = "network_type_id", .part = P_NETWORK, .items = network_items, .n_items = N_NETWORK,
	  .other_item = "as on the server", .send = FORM_SEND_NUMBER, .number_base = 1 },
	{ .key = EDGIO_F_SNI, .label = "TLS SNI hostname", .kind = FORM_TEXT,
	  .path = "tls_settings/sni_hostname", .hint = "empty: no SNI", .part = P_TLS,
	  .send = FORM_SEND_OR_NULL, .validate = sni_problem },
	{ .key = EDGIO_F_SELF_SIGNED, .label = "Allow self-signed", .kind = FORM_CHECKBOX,
	  .path = "tls_settings/allow_self_signed", .part = P_TLS, .send = FORM_SEND_VALUE },
	{ .key = EDGIO_F_KEYS, .label = "TLS public keys", .kind = FORM_TEXT,
	  .path = "tls_settings/public_keys_to_verify",
	  .hint = "SHA-1 digests, comma-separated; empty: any", .part = P_TLS,
	  .send = FORM_SEND_LIST_LOWER, .validate = keys_problem },
	/* an entry's; a new group's form holds its first one */
	{ .key = EDGIO_F_HOST, .label = "Host", .alt_label = "First entry host", .kind = FORM_TEXT,
	  .path = "host", .hint = "hostname or IP; IPv6 in [brackets]", .part = W_HOST_PORT,
	  .send = FORM_SEND_VALUE, .required = "a host is required: a hostname or an IP address",
	  .validate = host_problem },
	{ .key = EDGIO_F_PROTOCOL, .label = "Protocol", .kind = FORM_CHOICE,
	  .path = "protocol_type_id", .part = W_PROTO_PRIMARY, .items = protocol_items, .n_items = 3,
	  .send = FORM_SEND_NUMBER, .number_base = 1 },
	{ .key = EDGIO_F_PORT, .label = "Port", .kind = FORM_TEXT, .path = "port",
	  .hint = "empty: 80 for HTTP, 443 for HTTPS", .part = W_HOST_PORT,
	  .show_if = EDGIO_F_PROTOCOL, .show_mask = (1u << P_HTTP) | (1u << P_HTTPS),
	  .send = FORM_SEND_NUMBER, .num_min = 1, .num_max = 65535,
	  .num_dflt_by = EDGIO_F_PROTOCOL, .num_dflts = default_ports, .validate = port_problem },
	{ .key = EDGIO_F_PRIMARY, .label = "Primary", .kind = FORM_CHECKBOX, .path = "is_primary",
	  .part = W_PROTO_PRIMARY, .send = FORM_SEND_VALUE },
};
#define N_TABLE (sizeof edgio_table / sizeof edgio_table[0])

/* ---- small helpers ------------------------------------------------------- */

/* An integer id as a JSON number written with its digits (no double). */
static cJSON *id_json(const char *id)
{
	return json_digits(id, 19) ? cJSON_CreateRaw(id) : cJSON_CreateString(id);
}

static size_t scheme_len(const char *h)
{
	if (strncasecmp(h, "http://", 7) == 0)
		return 7;
	if (strncasecmp(h, "https://", 8) == 0)
		return 8;
	return 0;
}

static size_t choice_of(form *f, const char *key)
{
	form_field *ff = form_find(f, key);
	return ff && ff->kind == FORM_CHOICE ? ff->choice : 0;
}

static const char *proto_name(size_t p)
{
	return p == P_HTTPS ? "HTTPS" : "HTTP";
}

/* ---- form_fill ----------------------------------------------------------- */

/* The host as the form shows it: without the scheme the server adds for
 * the entry's own mode (an explicit other scheme stays). */
static const char *shown_host(const og_source *s, size_t proto)
{
	const char *h = s->host ? s->host : "";
	if ((proto == P_HTTP && strncasecmp(h, "http://", 7) == 0) ||
	    (proto == P_HTTPS && strncasecmp(h, "https://", 8) == 0))
		return h + scheme_len(h);
	return h;
}

static size_t source_proto(const og_source *s)
{
	if (s && s->protocol && strcmp(s->protocol, "match") == 0)
		return P_MATCH;
	if (s && s->protocol && strcmp(s->protocol, "https") == 0)
		return P_HTTPS;
	return P_HTTP;
}

static void add_entry_fields(form *f, const og_source *s, bool first)
{
	size_t proto = source_proto(s);
	char port[16] = "";
	int dflt = proto == P_HTTPS ? 443 : 80;
	/* the protocol's default shows as empty: switching the protocol then
	 * switches the port with it */
	if (s && proto != P_MATCH && s->port > 0 && s->port != dflt)
		snprintf(port, sizeof port, "%d", s->port);
	form_table_fill(f, edgio_table, N_TABLE, P_ENTRY, NULL,
	                FORM_FILL_SHOW_IF | (first ? FORM_FILL_ALT_LABELS : 0));
	form_table_set_text(f, EDGIO_F_HOST, s ? shown_host(s, proto) : "");
	form_field *ff = form_find(f, EDGIO_F_PROTOCOL);
	if (ff)
		ff->choice = proto;
	form_table_set_text(f, EDGIO_F_PORT, port);
	if ((ff = form_find(f, EDGIO_F_PRIMARY)))
		ff->on = s && s->primary == OG_YES;
}

int edgio_form_fill(form *f, form_target t, const og_group *g, const og_source *s, og_error *err)
{
	switch (t) {
	case FORM_GROUP_NEW:
		form_table_fill(f, edgio_table, N_TABLE, P_GROUP, NULL, 0);
		add_entry_fields(f, NULL, true);
		break;
	case FORM_GROUP_EDIT:
		if (!g || !cJSON_IsObject(og_group_raw(g))) {
			og_error_set(err, OG_ERR_REFUSED, "the group's settings were not read; press r, "
			             "then edit again");
			return -1;
		}
		form_table_fill(f, edgio_table, N_TABLE, P_GROUP, og_group_raw(g), 0);
		break;
	case FORM_SOURCE_NEW:
		add_entry_fields(f, NULL, false);
		break;
	case FORM_SOURCE_EDIT:
		if (!s) {
			og_error_set(err, OG_ERR_INTERNAL, "an entry form without its entry");
			return -1;
		}
		add_entry_fields(f, s, false);
		snprintf(f->title, sizeof f->title, "edit entry %.60s (%.40s)", s->host ? s->host : "",
		         s->key ? s->key : "");
		break;
	}
	f->touched = false;
	return 0;
}

/* ---- form_check ---------------------------------------------------------- */

static bool has_space_or_control(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s <= ' ' || *s == 0x7f)
			return true;
	return false;
}

/* An entry's host (§3.3), after its scheme: no port (the Port field has
 * it), an IPv6 address in brackets, else a host name or IPv4 address. */
static const hostport_rules entry_rules = {
	.path_chars = "/?#@", .control_is_space = true, .v6_exact = true, .no_port = true,
	.rfc1123 = true,
};

/* The Host header sent to the origin: a host, maybe with a port. */
static const hostport_rules header_rules = {
	.path_chars = "/?#@", .control_is_space = true, .v6_exact = true, .rfc1123 = true,
};

#define V6_WORDS "not a valid IPv6 address in brackets, e.g. [2001:db8::1]"
#define PORT_FIELD_WORDS "the port goes in the Port field, not after the host"

/* Edgio's words for each problem of an entry's host (net/hostport.h);
 * HOSTPORT_BARE_V6 and HOSTPORT_NAME quote more, below. */
static const char *const entry_words[HOSTPORT_N_PROBLEMS] = {
	[HOSTPORT_EMPTY] = "a host is required after the scheme",
	[HOSTPORT_SCHEME] = "a host only: no path, query or user",
	[HOSTPORT_PATH] = "a host only: no path, query or user",
	[HOSTPORT_SPACE] = "no spaces in a host",
	[HOSTPORT_V6_UNCLOSED] = V6_WORDS,
	[HOSTPORT_V6_CHARS] = V6_WORDS,
	[HOSTPORT_HAS_PORT] = PORT_FIELD_WORDS,
	[HOSTPORT_NO_HOST] = PORT_FIELD_WORDS,
};

#define HEADER_V6_WORDS "not a valid [IPv6 address] (with an optional :port)"
#define HEADER_PORT_WORDS "an IPv6 address must be in brackets; a port is 1-65535"

static const char *const header_words[HOSTPORT_N_PROBLEMS] = {
	[HOSTPORT_SCHEME] = "a host name only, without http:// or https://",
	[HOSTPORT_PATH] = "a host name only, no path",
	[HOSTPORT_SPACE] = "no spaces",
	[HOSTPORT_V6_UNCLOSED] = HEADER_V6_WORDS,
	[HOSTPORT_V6_CHARS] = HEADER_V6_WORDS,
	[HOSTPORT_AFTER_V6] = HEADER_V6_WORDS,
	[HOSTPORT_BARE_V6] = HEADER_PORT_WORDS,
	[HOSTPORT_PORT] = HEADER_PORT_WORDS,
};

/* An entry's host (§3.3); the Match Client protocol takes no scheme. */
static const char *host_problem(const char *host, const form_check_ctx *c)
{
	if (has_space_or_control(host))
		return "no spaces in a host";
	size_t sl = scheme_len(host);
	if (sl && choice_of(c->f, EDGIO_F_PROTOCOL) == P_MATCH)
		return "a Match Client entry takes a hostname or IP address without http:// or https://";
	if (!sl && strstr(host, "://"))
		return "only http:// or https:// may come before the host";
	const char *b = host + sl;
	hostport_problem p = hostport_check(b, &entry_rules);
	if (p == HOSTPORT_BARE_V6)
		snprintf(c->why, c->n, "an IPv6 address must be in brackets: [%.150s]", b);
	else if (p == HOSTPORT_NAME)
		snprintf(c->why, c->n, "not a host name: %s", hostport_name_problem(b, strlen(b)));
	else
		return p == HOSTPORT_OK ? NULL : entry_words[p];
	return c->why;
}

static const char *port_problem(const char *port, const form_check_ctx *c)
{
	(void)c;
	return hostport_port_ok(port) ? NULL : "a port is a number from 1 to 65535";
}

/* The port of source o on protocol p ("http"/"https"). */
static int port_on(const og_source *o, const char *p)
{
	if (o->protocol && strcmp(o->protocol, "match") == 0)
		return strcmp(p, "https") == 0 ? 443 : 80;
	return o->port > 0 ? o->port : strcmp(p, "https") == 0 ? 443 : 80;
}

static bool same_host(const char *a, const char *b)
{
	a += scheme_len(a);
	b += scheme_len(b);
	return strcasecmp(a, b) == 0;
}

/* Against the group: the host and port unique on each protocol the entry
 * serves, and at most one primary per protocol (§3.3; Match Client counts
 * as both). */
static void check_entry_in_group(form *f, const og_group *g, const og_source *self, size_t proto,
                                 const char *bare, int port)
{
	static const char *const protos[] = { "http", "https" };
	char msg[200];
	bool primary = form_on(f, EDGIO_F_PRIMARY);
	bool dup_said = false, primary_said = false;
	for (size_t p = 0; p < 2; p++) {
		if (proto != P_MATCH && proto != p)
			continue;
		int my_port = proto == P_MATCH ? (p ? 443 : 80) : port;
		for (size_t i = 0; i < g->n_sources; i++) {
			const og_source *o = &g->sources[i];
			if ((self && self->key && o->key && strcmp(o->key, self->key) == 0) ||
			    !rules_serves(o, protos[p]))
				continue;
			if (!dup_said && bare[0] && port >= 0 && same_host(o->host ? o->host : "", bare) &&
			    port_on(o, protos[p]) == my_port) {
				snprintf(msg, sizeof msg, "%.100s:%d is already an %s entry of this group "
				         "(entry %.30s)", bare, my_port, proto_name(p), o->key ? o->key : "");
				form_set_error(f, EDGIO_F_HOST, msg);
				dup_said = true;
			}
			if (primary && !primary_said && o->primary == OG_YES) {
				snprintf(msg, sizeof msg, "%.100s (entry %.30s) is already the %s primary: one "
				         "primary per protocol; untick, or use P on the group screen",
				         o->host ? o->host : "", o->key ? o->key : "", proto_name(p));
				form_set_error(f, EDGIO_F_PRIMARY, msg);
				primary_said = true;
			}
		}
	}
}

/* The entry against its group, once its own fields passed the table's
 * checks (a wrong host or port is not compared). */
static void check_entry(form *f, const og_group *g, const og_source *self)
{
	size_t proto = choice_of(f, EDGIO_F_PROTOCOL);
	char host[FORM_TEXT_MAX], port[32];
	form_field *hf = form_find(f, EDGIO_F_HOST), *pf = form_find(f, EDGIO_F_PORT);
	bool host_ok = hf && !hf->error[0];
	form_text(f, EDGIO_F_HOST, host, sizeof host);
	int p = proto == P_MATCH || !form_shown(f, EDGIO_F_PORT) ? 0
	        : pf && pf->error[0] ? -1
	        : !form_text(f, EDGIO_F_PORT, port, sizeof port)[0] ? (proto == P_HTTPS ? 443 : 80)
	        : (int)strtol(port, NULL, 10);
	check_entry_in_group(f, g, self, proto, host_ok ? host + scheme_len(host) : "",
	                     host_ok ? p : -1);
}

/* Splits the public keys (commas and/or spaces) into out[] (lower case);
 * returns how many, or -1 with the reason in why when one is not a SHA-1
 * digest. */
static int split_keys(const char *keys, char out[][41], size_t max, char *why, size_t n)
{
	char text[FORM_TEXT_MAX];
	snprintf(text, sizeof text, "%s", keys);
	int k = 0;
	for (char *save = NULL, *w = strtok_r(text, ", \t", &save); w;
	     w = strtok_r(NULL, ", \t", &save)) {
		if (strlen(w) != 40 || strspn(w, "0123456789abcdefABCDEF") != 40) {
			snprintf(why, n, "each key is the SHA-1 digest of a public key: 40 hexadecimal "
			         "digits (\"%.50s\" is not)", w);
			return -1;
		}
		if ((size_t)k >= max) {
			snprintf(why, n, "too many keys");
			return -1;
		}
		for (size_t i = 0; i < 40; i++)
			out[k][i] = (char)tolower((unsigned char)w[i]);
		out[k][40] = '\0';
		k++;
	}
	return k;
}

#define MAX_KEYS 20

static const char *keys_problem(const char *text, const form_check_ctx *c)
{
	char keys[MAX_KEYS][41];
	return split_keys(text, keys, MAX_KEYS, c->why, c->n) < 0 ? c->why : NULL;
}

static const char *name_problem(const char *text, const form_check_ctx *c)
{
	(void)c;
	for (const char *p = text; *p; p++)
		if ((unsigned char)*p < ' ' || *p == 0x7f)
			return "no control characters in a name";
	return NULL;
}

/* The Host header sent to the origin: a host, maybe with a port. */
static const char *header_problem(const char *text, const form_check_ctx *c)
{
	hostport_problem p = has_space_or_control(text) ? HOSTPORT_SPACE
	                     : hostport_check(text, &header_rules);
	if (p == HOSTPORT_PORT && text[0] == '[')
		p = HOSTPORT_V6_CHARS;   /* "[v6]:" and a wrong port: one message */
	if (p == HOSTPORT_NAME || p == HOSTPORT_NO_HOST)
		snprintf(c->why, c->n, "not a host name: %s",
		         hostport_name_problem(text, strcspn(text, ":")));
	else if (p != HOSTPORT_OK)
		snprintf(c->why, c->n, "not a host name: %s", header_words[p]);
	return p == HOSTPORT_OK ? NULL : c->why;
}

static const char *sni_problem(const char *text, const form_check_ctx *c)
{
	const char *why = has_space_or_control(text) ? "no spaces"
	                  : strchr(text, ':') || strchr(text, '/')
	                  ? "a host name only, no scheme, port or path"
	                  : hostport_name_problem(text, strlen(text));
	if (why)
		snprintf(c->why, c->n, "not a host name: %s", why);
	return why ? c->why : NULL;
}

bool edgio_form_check(form *f, form_target t, const og_group *g, const og_source *s)
{
	form_clear_errors(f);
	form_table_check(f, edgio_table, N_TABLE);
	if (g && (t == FORM_SOURCE_NEW || t == FORM_SOURCE_EDIT))
		check_entry(f, g, t == FORM_SOURCE_EDIT ? s : NULL);
	return !form_has_errors(f);
}

/* ---- request bodies ------------------------------------------------------ */

static int set_item(cJSON *o, const char *k, cJSON *v)
{
	if (!v)
		return -1;
	cJSON_DeleteItemFromObjectCaseSensitive(o, k);
	cJSON_AddItemToObject(o, k, v);
	return 0;
}

char *edgio_build_group_body(form *f, const cJSON *raw, bool adn, og_error *err)
{
	char keys[MAX_KEYS][41], text[FORM_TEXT_MAX], why[200];
	if (split_keys(form_text(f, EDGIO_F_KEYS, text, sizeof text), keys, MAX_KEYS, why,
	               sizeof why) < 0) {
		og_error_set(err, OG_ERR_REFUSED, "the TLS public keys are not SHA-1 digests");
		return NULL;
	}
	/* PUT replaces the group (§8.6): what the form does not edit goes back
	 * as read */
	cJSON *o = cJSON_IsObject(raw) ? cJSON_Duplicate(raw, 1) : cJSON_CreateObject();
	if (!o)
		goto oom;
	cJSON_DeleteItemFromObjectCaseSensitive(o, "id");
	/* each member written goes last, as this body always had them */
	if (!form_table_write(f, edgio_table, N_TABLE, P_GROUP, o, FORM_WRITE_MOVE_LAST))
		goto oom;
	if (adn) {
		/* §3.2: create takes gateway {follow_redirect}; update also
		 * gateway_reselection and needs validation_path */
		const cJSON *gw = cJSON_GetObjectItemCaseSensitive(raw, "gateway");
		cJSON *ng = cJSON_CreateObject();
		if (set_item(o, "gateway", ng) < 0 ||
		    !cJSON_AddBoolToObject(ng, "follow_redirect",
		                           cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(gw, "follow_redirect"))))
			goto oom;
		if (raw) {
			const char *vp = json_str(raw, "validation_path");
			if (!cJSON_AddBoolToObject(ng, "gateway_reselection",
			                           cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(gw, "gateway_reselection"))) ||
			    set_item(o, "validation_path", cJSON_CreateString(vp ? vp : "")) < 0)
				goto oom;
		}
	}
	return json_print_take(o, err);
oom:
	cJSON_Delete(o);
	og_error_set(err, OG_ERR_INTERNAL, "out of memory");
	return NULL;
}

cJSON *edgio_form_entry_json(form *f, const char *group_id)
{
	cJSON *o = cJSON_CreateObject();
	if (!o)
		return NULL;
	bool ok = true;
	if (group_id)
		ok = set_item(o, "group_id", id_json(group_id)) == 0;
	/* a Match Client entry has no port: a POST leaves it out, a PUT drops
	 * the old one */
	unsigned hidden = group_id ? FORM_WRITE_SHOWN : FORM_WRITE_HIDDEN_NULL;
	ok = ok && form_table_write(f, edgio_table, N_TABLE, W_HOST_PORT, o, hidden) &&
	     form_table_write(f, edgio_table, N_TABLE, W_PROTO_PRIMARY, o, 0);
	if (group_id)
		ok = ok && cJSON_AddNumberToObject(o, "storage_type_id", 1);
	if (!ok) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

/* ---- error bodies -------------------------------------------------------- */

/* Whether k is a field of the table's part `part`. */
static bool in_part(unsigned part, const char *k)
{
	for (size_t i = 0; i < N_TABLE; i++)
		if (edgio_table[i].part & part && strcmp(edgio_table[i].key, k) == 0)
			return true;
	return false;
}

/* The shown field a JSON pointer names (or its nearest parent does:
 * "/tls_settings/public_keys_to_verify/0" -> the keys field), or NULL. */
static const char *field_of(form *f, const char *pointer, bool entry, char *key, size_t keysz)
{
	if (!pointer || pointer[0] != '/' || strlen(pointer + 1) >= keysz)
		return NULL;
	snprintf(key, keysz, "%s", pointer + 1);
	for (;;) {
		if (in_part(entry ? P_ENTRY : P_GROUP, key) && form_shown(f, key))
			return key;
		char *slash = strrchr(key, '/');
		if (!slash)
			return NULL;
		*slash = '\0';
	}
}

/* Edgio's refusals: a field keeps its first reason; the form's line says
 * each message once. */
static const form_error_policy edgio_errors = { .add_up = false, .line_once = true };

int edgio_form_map_error(form *f, const char *body, bool entry)
{
	cJSON *j = body ? cJSON_Parse(body) : NULL;
	if (!cJSON_IsObject(j)) {
		cJSON_Delete(j);
		return 0;
	}
	int on_fields = 0, left = 0;
	const cJSON *d;
	cJSON_ArrayForEach(d, cJSON_GetObjectItemCaseSensitive(j, "details")) {
		const char *msg = json_str(d, "description");
		if (!msg || !*msg)
			continue;
		char key[64];
		const char *k = field_of(f, json_str(d, "source"), entry, key, sizeof key);
		if (form_place_error(f, k, NULL, msg, &edgio_errors))
			on_fields++;
		else
			left++;
	}
	if (!on_fields && !left) {
		/* Hyperion without details, RFC 7807, or the legacy {"Message"} */
		const char *m = json_str(j, "description");
		if (!m)
			m = json_str(j, "detail");
		if (!m)
			m = json_str(j, "Message");
		if (!m)
			m = json_str(j, "message");
		form_error_line_add(f, m, true);
	}
	cJSON_Delete(j);
	return on_fields;
}

/* ---- sending ------------------------------------------------------------- */

/* The statuses whose body says what is wrong with the request. */
static bool refusal(int status)
{
	return status == 400 || status == 409 || status == 422;
}

/* One write; on a refusal the body's messages go on the form's `entry` or
 * group fields. *json (may be NULL) gets the parsed answer, NULL when it
 * is empty (204). */
static int send_write(net_call *c, form *f, bool entry, const char *method, const char *url,
                      const char *body, cJSON **json, og_error *err)
{
	char *eb = NULL;
	char **saved = c->error_body;
	c->error_body = &eb;
	http_response r;
	int rc = net_request_url(c, method, url, body, &r, err);
	c->error_body = saved;
	if (json)
		*json = NULL;
	if (rc < 0) {
		if (f && eb && refusal(err->http_status))
			edgio_form_map_error(f, eb, entry);
		free(eb);
		return -1;
	}
	free(eb);
	if (json && r.body && r.len)
		*json = cJSON_ParseWithLength(r.body, r.len);
	http_response_clear(&r);
	return 0;
}

static char *url_for(og_error *err, const char *a, const char *b, const char *c)
{
	char *u = NULL;
	if (asprintf(&u, "%s%s%s", a, b ? b : "", c ? c : "") < 0) {
		og_error_set(err, OG_ERR_INTERNAL, "out of memory");
		return NULL;
	}
	return u;
}

/* Prefixes err's message with `what` (keeping its kind and status). */
static void err_prefix(og_error *err, const char *what)
{
	char m[sizeof err->msg];
	snprintf(m, sizeof m, "%s", err->msg);
	int st = err->http_status;
	og_error_set(err, err->kind, "%s%s", what, m);
	err->http_status = st;
}

/* The group as the server has it after a write that went through. */
static int read_back(net_call *c, const char *id, og_group **out, og_error *err)
{
	if (edgio_get(c, id, out, err) == 0)
		return 0;
	err_prefix(err, "saved, but reading the group back failed (press r): ");
	return -1;
}

static const char *form_host(form *f, char *buf, size_t n)
{
	return form_text(f, EDGIO_F_HOST, buf, n);
}

/* POST /{p} of the form's entry into group gid. *id: the new entry's id
 * (caller frees; NULL when the answer had none). */
static int post_entry(net_call *c, form *f, const char *gid, char **id, og_error *err)
{
	*id = NULL;
	char *body = json_print_take(edgio_form_entry_json(f, gid), err);
	char *url = body ? url_for(err, edgio_prefix(c), NULL, NULL) : NULL;
	if (!body || !url) {
		free(body);
		if (err->kind == OG_OK)
			og_error_set(err, OG_ERR_INTERNAL, "out of memory");
		return -1;
	}
	cJSON *ans = NULL;
	int rc = send_write(c, f, true, "POST", url, body, &ans, err);
	free(url);
	free(body);
	if (rc == 0)
		*id = json_id(cJSON_GetObjectItemCaseSensitive(ans, "id"), 19);
	cJSON_Delete(ans);
	return rc;
}

/* A new primary holds position 0 of its lists (§4.1): put it there when
 * the server did not. */
static int first_if_primary(net_call *c, form *f, const char *gid, const char *id, og_error *err)
{
	if (!form_on(f, EDGIO_F_PRIMARY) || !id)
		return 0;
	if (edgio_put_first(c, gid, id, err) == 0)
		return 0;
	err_prefix(err, "the entry was saved as primary, but not moved to the top of its failover "
	           "order: ");
	return -1;
}

static int save_new_group(net_call *c, form *f, og_group **out, og_error *err)
{
	char name[FORM_TEXT_MAX], host[FORM_TEXT_MAX];
	form_text(f, EDGIO_F_NAME, name, sizeof name);
	form_host(f, host, sizeof host);
	char *body = edgio_build_group_body(f, NULL, edgio_is_adn(c), err);
	char *url = body ? url_for(err, edgio_prefix(c), "/groups", NULL) : NULL;
	cJSON *created = NULL;
	int rc = url ? send_write(c, f, false, "POST", url, body, &created, err) : -1;
	free(url);
	free(body);
	if (rc < 0)
		return -1;
	char *gid = json_id(cJSON_GetObjectItemCaseSensitive(created, "id"), 19);
	cJSON_Delete(created);
	if (!gid) {
		og_error_set(err, OG_ERR_PARSE, "group \"%.200s\" was created, but the answer did not "
		             "say its id, so its entry was not added: press r to see it", name);
		return -1;
	}
	/* then its entry (§2.1: groups are created without entries) */
	char *eid = NULL;
	if (post_entry(c, f, gid, &eid, err) < 0) {
		/* the server's reason is on the entry's fields (or f->error); the
		 * story goes first: saving again would create a second group */
		char story[300], m[sizeof err->msg];
		snprintf(story, sizeof story, "group \"%.100s\" was created (id %s) without its entry: "
		         "Esc, then add the entry with n on the group's screen", name, gid);
		snprintf(m, sizeof m, "%s", err->msg);
		int st = err->http_status;
		og_error_set(err, err->kind, "group \"%.100s\" was created (id %s) without its entry "
		             "%.100s: %s", name, gid, host, m);
		err->http_status = st;
		char rest[sizeof f->error];
		snprintf(rest, sizeof rest, "%s", f->error);
		snprintf(f->error, sizeof f->error, "%.299s%s%.200s", story, rest[0] ? "; " : "", rest);
		og_error tmp = { 0 };
		if (edgio_get(c, gid, out, &tmp) < 0)
			*out = NULL;
		free(gid);
		return -1;
	}
	rc = first_if_primary(c, f, gid, eid, err);
	free(eid);
	og_error rb = { 0 };
	if (read_back(c, gid, out, rc < 0 ? &rb : err) < 0 && rc == 0)
		rc = -1;
	free(gid);
	return rc;
}

static int save_group(net_call *c, form *f, const og_group *fresh, og_group **out, og_error *err)
{
	char *body = edgio_build_group_body(f, og_group_raw(fresh), edgio_is_adn(c), err);
	char *url = body ? url_for(err, edgio_prefix(c), "/groups/", fresh->id) : NULL;
	int rc = url ? send_write(c, f, false, "PUT", url, body, NULL, err) : -1;
	free(url);
	free(body);
	if (rc < 0)
		return -1;
	return read_back(c, fresh->id, out, err);
}

static int save_new_entry(net_call *c, form *f, const og_group *fresh, og_group **out,
                          og_error *err)
{
	char *eid = NULL;
	if (post_entry(c, f, fresh->id, &eid, err) < 0)
		return -1;
	int rc = first_if_primary(c, f, fresh->id, eid, err);
	free(eid);
	og_error rb = { 0 };
	if (read_back(c, fresh->id, out, rc < 0 ? &rb : err) < 0 && rc == 0)
		rc = -1;
	return rc;
}

static int save_entry(net_call *c, form *f, const og_group *fresh, const char *key,
                      og_group **out, og_error *err)
{
	cJSON *set = edgio_form_entry_json(f, NULL);
	if (!set) {
		og_error_set(err, OG_ERR_INTERNAL, "out of memory");
		return -1;
	}
	char *eb = NULL;
	char **saved = c->error_body;
	c->error_body = &eb;
	int rc = edgio_put_entry(c, fresh, key, form_on(f, EDGIO_F_PRIMARY), set, err);
	c->error_body = saved;
	cJSON_Delete(set);
	if (rc < 0) {
		if (eb && refusal(err->http_status))
			edgio_form_map_error(f, eb, true);
		free(eb);
		return -1;
	}
	free(eb);
	rc = first_if_primary(c, f, fresh->id, key, err);
	og_error rb = { 0 };
	if (read_back(c, fresh->id, out, rc < 0 ? &rb : err) < 0 && rc == 0)
		rc = -1;
	return rc;
}

int edgio_form_save(net_call *c, form *f, form_target t, const og_group *fresh,
                    const char *source_key, og_group **out, og_error *err)
{
	*out = NULL;
	if (t != FORM_GROUP_NEW && !fresh) {
		og_error_set(err, OG_ERR_INTERNAL, "a form without its group");
		return -1;
	}
	switch (t) {
	case FORM_GROUP_NEW: return save_new_group(c, f, out, err);
	case FORM_GROUP_EDIT: return save_group(c, f, fresh, out, err);
	case FORM_SOURCE_NEW: return save_new_entry(c, f, fresh, out, err);
	case FORM_SOURCE_EDIT:
		if (!source_key) {
			og_error_set(err, OG_ERR_INTERNAL, "an entry form without its entry");
			return -1;
		}
		return save_entry(c, f, fresh, source_key, out, err);
	}
	og_error_set(err, OG_ERR_INTERNAL, "no such form");
	return -1;
}

/* ---- deleting ------------------------------------------------------------ */

int edgio_delete_group(net_call *c, const og_group *fresh, og_error *err)
{
	char *url = url_for(err, edgio_prefix(c), "/groups/", fresh->id);
	if (!url)
		return -1;
	int rc = send_write(c, NULL, false, "DELETE", url, NULL, NULL, err);
	free(url);
	if (rc == 0)
		return 0;
	if (err->kind == OG_ERR_NOTFOUND) {   /* gone meanwhile: what was wanted */
		og_error_clear(err);
		return 0;
	}
	if (refusal(err->http_status)) {
		char m[sizeof err->msg];
		snprintf(m, sizeof m, "%s", err->msg);   /* the API's own words */
		int st = err->http_status;
		og_error_set(err, OG_ERR_REFUSED, "group \"%.150s\" cannot be deleted (%s); nothing "
		             "was deleted", fresh->name ? fresh->name : fresh->id, m);
		err->http_status = st;
	}
	return -1;
}

int edgio_delete_source(net_call *c, const og_group *fresh, const char *source_key,
                        og_group **out, og_error *err)
{
	*out = NULL;
	long idx = og_group_find_source(fresh, source_key);
	if (idx < 0) {
		og_error_set(err, OG_ERR_CONFLICT, "entry %s is no longer in group \"%s\"; nothing was "
		             "sent", source_key, fresh->name ? fresh->name : fresh->id);
		return -1;
	}
	const og_source *s = &fresh->sources[idx];
	if (fresh->n_sources == 1) {
		og_error_set(err, OG_ERR_REFUSED, "%.150s is the only entry of group \"%.100s\": "
		             "without entries the group has no origin to send requests to; add "
		             "another entry first, or delete the whole group", s->host ? s->host : "",
		             fresh->name ? fresh->name : fresh->id);
		return -1;
	}
	char *url = url_for(err, edgio_prefix(c), "/", source_key);
	if (!url)
		return -1;
	int rc = send_write(c, NULL, true, "DELETE", url, NULL, NULL, err);
	free(url);
	if (rc < 0 && err->kind == OG_ERR_NOTFOUND) {
		og_error_clear(err);   /* gone meanwhile */
		rc = 0;
	}
	if (rc < 0) {
		if (refusal(err->http_status)) {
			char m[sizeof err->msg];
			snprintf(m, sizeof m, "%s", err->msg);   /* the API's own words */
			int st = err->http_status;
			og_error_set(err, OG_ERR_REFUSED, "entry %.150s cannot be deleted (%s); nothing "
			             "was deleted", s->host ? s->host : source_key, m);
			err->http_status = st;
		}
		return -1;
	}
	return read_back(c, fresh->id, out, err);
}
