/* Edgio's stored customer origin groups and their origin entries, the failover
 * lists (one per protocol; a Match Client entry is on both), the credentials,
 * the state file section and the generator. */
#include "edgio.h"
#include "emu_array.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static struct {
	struct eg_group **v;   /* sorted by id */
	size_t n, cap;
	long next_group, next_entry;
	char *client_id, *client_secret;
	char **scopes;
	size_t nscopes;
} st;

#define FIRST_GROUP 100001L
#define FIRST_ENTRY 5036001L

/* ---- groups and entries ---- */

static void entry_clear(struct eg_entry *e)
{
	free(e->name);
	free(e->host);
	memset(e, 0, sizeof(*e));
}

void eg_group_free(struct eg_group *g)
{
	if (!g)
		return;
	for (size_t i = 0; i < g->ne; i++)
		entry_clear(&g->e[i]);
	free(g->e);
	free(g->ord[0]);
	free(g->ord[1]);
	free(g->platform);
	cJSON_Delete(g->json);
	free(g);
}

bool eg_on_list(const struct eg_entry *e, int p)
{
	return e->protocol == EG_MATCH || e->protocol == p + 1;
}

struct eg_entry *eg_entry_in(struct eg_group *g, long id)
{
	for (size_t i = 0; i < g->ne; i++)
		if (g->e[i].id == id)
			return &g->e[i];
	return NULL;
}

int eg_list_remove(struct eg_group *g, long id)
{
	int n = 0;
	for (int p = 0; p < 2; p++)
		for (size_t i = 0; i < g->nord[p]; i++)
			if (g->ord[p][i] == id) {
				memmove(&g->ord[p][i], &g->ord[p][i + 1],
					(g->nord[p] - i - 1) * sizeof(long));
				g->nord[p]--;
				n++;
				break;
			}
	return n;
}

int eg_list_add(struct eg_group *g, int p, long id, bool front)
{
	long *v = realloc(g->ord[p], (g->nord[p] + 1) * sizeof(long));
	if (!v)
		return -1;
	g->ord[p] = v;
	if (front) {
		memmove(&v[1], &v[0], g->nord[p] * sizeof(long));
		v[0] = id;
	} else
		v[g->nord[p]] = id;
	g->nord[p]++;
	return 0;
}

static bool has_scheme(const char *h, size_t *len)
{
	if (strncasecmp(h, "http://", 7) == 0) {
		*len = 7;
		return true;
	}
	if (strncasecmp(h, "https://", 8) == 0) {
		*len = 8;
		return true;
	}
	*len = 0;
	return false;
}

char *eg_host_store(const char *host, int protocol, bool *scheme_given)
{
	size_t skip;
	*scheme_given = has_scheme(host, &skip);
	if (protocol == EG_MATCH)
		return strdup(host + skip);
	if (*scheme_given)
		return strdup(host);
	size_t n = strlen(host) + 9;
	char *s = malloc(n);
	if (s)
		snprintf(s, n, "%s://%s", protocol == EG_HTTPS ? "https" : "http", host);
	return s;
}

const char *eg_row_host(const struct eg_entry *e, int p, char *buf, size_t size)
{
	if (e->protocol != EG_MATCH)
		return e->host;
	snprintf(buf, size, "%s://%s", p ? "https" : "http", e->host);
	return buf;
}

long eg_row_port(const struct eg_entry *e, int p)
{
	if (e->protocol == EG_MATCH || e->port <= 0)
		return p ? 443 : 80;
	return e->port;
}

size_t egs_count(void) { return st.n; }
struct eg_group *egs_at(size_t i) { return i < st.n ? st.v[i] : NULL; }

static long long group_id(const void *elem) { return (*(struct eg_group *const *)elem)->id; }

static size_t lower_bound(long id)
{
	return emu_array_lower_bound(st.v, st.n, sizeof(*st.v), id, group_id);
}

struct eg_group *egs_find(long id)
{
	size_t i = lower_bound(id);
	return i < st.n && st.v[i]->id == id ? st.v[i] : NULL;
}

struct eg_group *egs_find_entry(long entry_id, struct eg_entry **e)
{
	for (size_t i = 0; i < st.n; i++)
		if ((*e = eg_entry_in(st.v[i], entry_id)))
			return st.v[i];
	return NULL;
}

long egs_new_group_id(void)
{
	if (st.next_group < FIRST_GROUP)
		st.next_group = FIRST_GROUP;
	return st.next_group++;
}

long egs_new_entry_id(void)
{
	if (st.next_entry < FIRST_ENTRY)
		st.next_entry = FIRST_ENTRY;
	return st.next_entry++;
}

static void see_ids(const struct eg_group *g)
{
	if (g->id >= st.next_group)
		st.next_group = g->id + 1;
	for (size_t i = 0; i < g->ne; i++)
		if (g->e[i].id >= st.next_entry)
			st.next_entry = g->e[i].id + 1;
}

int egs_put(struct eg_group *g)
{
	see_ids(g);
	cJSON *idj = cJSON_CreateNumber((double)g->id);
	if (cJSON_GetObjectItemCaseSensitive(g->json, "id"))
		cJSON_ReplaceItemInObjectCaseSensitive(g->json, "id", idj);
	else if (idj) {   /* id first, as the API prints it */
		idj->string = strdup("id");
		if (idj->string)
			cJSON_InsertItemInArray(g->json, 0, idj);
		else
			cJSON_Delete(idj);
	}
	size_t i = lower_bound(g->id);
	if (i < st.n && st.v[i]->id == g->id) {
		eg_group_free(st.v[i]);
		st.v[i] = g;
		return 0;
	}
	struct eg_group **v = emu_array_insert(st.v, &st.n, &st.cap, sizeof(*v), 64, i, &g);
	if (!v) {
		eg_group_free(g);
		return -1;
	}
	st.v = v;
	return 0;
}

int egs_remove(long id)
{
	size_t i = lower_bound(id);
	if (i >= st.n || st.v[i]->id != id)
		return -1;
	eg_group_free(st.v[i]);
	emu_array_remove(st.v, &st.n, sizeof(*st.v), i);
	return 0;
}

static void groups_clear(void)
{
	for (size_t i = 0; i < st.n; i++)
		eg_group_free(st.v[i]);
	free(st.v);
	st.v = NULL;
	st.n = st.cap = 0;
	st.next_group = FIRST_GROUP;
	st.next_entry = FIRST_ENTRY;
}

/* ---- group objects ---- */

static void default_item(cJSON *j, const char *k, cJSON *v)
{
	if (!cJSON_GetObjectItemCaseSensitive(j, k))
		cJSON_AddItemToObject(j, k, v);
	else
		cJSON_Delete(v);
}

void eg_group_defaults(cJSON *j, const char *platform)
{
	default_item(j, "name", cJSON_CreateString(""));
	default_item(j, "host_header", cJSON_CreateString(""));
	if (!strcmp(platform, "adn"))
		default_item(j, "validation_path", cJSON_CreateString(""));
	default_item(j, "network_type_id", cJSON_CreateNumber(1));
	if (!strcmp(platform, "http-large")) {
		default_item(j, "shield_pops", cJSON_CreateArray());
		default_item(j, "strict_pci_certified", cJSON_CreateFalse());
	}
	cJSON *tls = cJSON_GetObjectItemCaseSensitive(j, "tls_settings");
	if (!cJSON_IsObject(tls)) {
		tls = cJSON_CreateObject();
		if (cJSON_GetObjectItemCaseSensitive(j, "tls_settings"))
			cJSON_ReplaceItemInObjectCaseSensitive(j, "tls_settings", tls);
		else
			cJSON_AddItemToObject(j, "tls_settings", tls);
	}
	default_item(tls, "sni_hostname", cJSON_CreateNull());
	default_item(tls, "allow_self_signed", cJSON_CreateFalse());
	default_item(tls, "public_keys_to_verify", cJSON_CreateArray());
	if (!strcmp(platform, "adn")) {
		cJSON *gw = cJSON_GetObjectItemCaseSensitive(j, "gateway");
		if (!cJSON_IsObject(gw)) {
			gw = cJSON_CreateObject();
			cJSON_DeleteItemFromObjectCaseSensitive(j, "gateway");
			cJSON_AddItemToObject(j, "gateway", gw);
		}
		default_item(gw, "selection_last_requested", cJSON_CreateNull());
		default_item(gw, "follow_redirect", cJSON_CreateFalse());
		default_item(gw, "pop_last_update", cJSON_CreateNull());
		default_item(gw, "selection_error", cJSON_CreateNull());
		default_item(gw, "selected", cJSON_CreateTrue());
		default_item(gw, "gateway_reselection", cJSON_CreateFalse());
		default_item(gw, "pops", cJSON_CreateArray());
	}
}

/* ---- the state form ---- */

static bool json_long(const cJSON *j, long *out)
{
	long long v;
	if (!emu_json_is_int(j, &v) || v < 0 || v > 2147483647LL)
		return false;
	*out = (long)v;
	return true;
}

/* Sorts list p by the orders given in the state (missing ones last, in array
 * order), then puts the primary first: position 0 is reserved for it. */
static void sort_list(struct eg_group *g, int p, const long *given)
{
	size_t n = g->nord[p];
	for (size_t i = 1; i < n; i++)
		for (size_t k = i; k > 0; k--) {
			long a = given[g->ord[p][k - 1]], b = given[g->ord[p][k]];
			if (a <= b)
				break;
			long t = g->ord[p][k];
			g->ord[p][k] = g->ord[p][k - 1];
			g->ord[p][k - 1] = t;
		}
}

struct eg_group *eg_group_from_state(const cJSON *j, long id_override, char *err, size_t errlen)
{
	if (!cJSON_IsObject(j)) {
		snprintf(err, errlen, "an Edgio group must be a JSON object");
		return NULL;
	}
	struct eg_group *g = calloc(1, sizeof(*g));
	long *given = NULL;
	if (!g)
		goto oom;
	if (id_override > 0)
		g->id = id_override;
	else if (!json_long(cJSON_GetObjectItemCaseSensitive(j, "id"), &g->id) || g->id == 0) {
		snprintf(err, errlen, "an Edgio group needs an integer \"id\" > 0");
		goto fail;
	}
	const cJSON *pf = cJSON_GetObjectItemCaseSensitive(j, "platform");
	const char *platform = cJSON_IsString(pf) ? pf->valuestring : "http-large";
	if (strcmp(platform, "http-large") != 0 && strcmp(platform, "adn") != 0) {
		snprintf(err, errlen, "group %ld: \"platform\" must be \"http-large\" or \"adn\"", g->id);
		goto fail;
	}
	if (!(g->platform = strdup(platform)) || !(g->json = cJSON_Duplicate(j, 1)))
		goto oom;
	cJSON_DeleteItemFromObjectCaseSensitive(g->json, "platform");
	cJSON_DeleteItemFromObjectCaseSensitive(g->json, "origins");
	eg_group_defaults(g->json, platform);
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(j, "origins"), *it;
	if (arr && !cJSON_IsArray(arr)) {
		snprintf(err, errlen, "group %ld: \"origins\" must be an array", g->id);
		goto fail;
	}
	size_t n = (size_t)cJSON_GetArraySize(arr);
	g->e = calloc(n + 1, sizeof(*g->e));
	if (!g->e)
		goto oom;
	/* failover orders as given, indexed by position in g->e, per list */
	given = malloc((2 * n + 2) * sizeof(long));
	if (!given)
		goto oom;
	cJSON_ArrayForEach(it, arr) {
		struct eg_entry *e = &g->e[g->ne];
		const cJSON *h = cJSON_GetObjectItemCaseSensitive(it, "host");
		const cJSON *nm = cJSON_GetObjectItemCaseSensitive(it, "name");
		const cJSON *pt = cJSON_GetObjectItemCaseSensitive(it, "protocol_type_id");
		const cJSON *port = cJSON_GetObjectItemCaseSensitive(it, "port");
		const cJSON *prim = cJSON_GetObjectItemCaseSensitive(it, "is_primary");
		long proto = EG_HTTP, o1 = 1000000 + (long)g->ne, o2 = o1;
		if (!cJSON_IsObject(it) || !json_long(cJSON_GetObjectItemCaseSensitive(it, "id"), &e->id) ||
		    !e->id || !cJSON_IsString(h) || !*h->valuestring ||
		    (pt && !cJSON_IsNull(pt) && !(json_long(pt, &proto) && proto >= 1 && proto <= 3)) ||
		    (port && !cJSON_IsNull(port) && !(json_long(port, &e->port) && e->port <= 65535)) ||
		    (nm && !cJSON_IsNull(nm) && !cJSON_IsString(nm)) || (prim && !cJSON_IsBool(prim))) {
			snprintf(err, errlen, "group %ld: origins[%zu] needs an integer \"id\" > 0 and a \"host\"; "
				 "protocol_type_id is 1..3, port 0..65535", g->id, g->ne);
			goto fail;
		}
		if (eg_entry_in(g, e->id)) {
			snprintf(err, errlen, "group %ld: origin entry id %ld appears twice", g->id, e->id);
			goto fail;
		}
		e->protocol = (int)proto;
		e->is_primary = cJSON_IsTrue(prim);
		e->storage_type = 1;
		if (e->protocol == EG_MATCH)
			e->port = 0;
		else if (e->port == 0)
			e->port = e->protocol == EG_HTTPS ? 443 : 80;
		json_long(cJSON_GetObjectItemCaseSensitive(it, "failover_order"), &o1);
		o2 = o1;
		json_long(cJSON_GetObjectItemCaseSensitive(it, "failover_order_https"), &o2);
		if (!(e->host = eg_host_store(h->valuestring, e->protocol, &e->scheme_given)) ||
		    (cJSON_IsString(nm) && !(e->name = strdup(nm->valuestring)))) {
			g->ne++;
			goto oom;
		}
		given[2 * g->ne] = o1;
		given[2 * g->ne + 1] = e->protocol == EG_HTTPS ? o1 : o2;
		g->ne++;
		for (int p = 0; p < 2; p++)
			if (eg_on_list(e, p) && eg_list_add(g, p, e->id, false) != 0)
				goto oom;
	}
	for (int p = 0; p < 2; p++) {
		/* the sort wants orders by entry id: map through a small table */
		long *by = malloc((g->nord[p] + 1) * sizeof(long));
		if (!by)
			goto oom;
		for (size_t i = 0; i < g->nord[p]; i++) {
			for (size_t k = 0; k < g->ne; k++)
				if (g->e[k].id == g->ord[p][i])
					by[i] = given[2 * k + p];
		}
		/* sort indexes, not ids: replace ids by positions, sort, map back */
		long *ids = g->ord[p];
		long *pos = malloc((g->nord[p] + 1) * sizeof(long));
		if (!pos) {
			free(by);
			goto oom;
		}
		for (size_t i = 0; i < g->nord[p]; i++)
			pos[i] = (long)i;
		g->ord[p] = pos;
		sort_list(g, p, by);
		for (size_t i = 0; i < g->nord[p]; i++)
			pos[i] = ids[pos[i]];
		free(ids);
		free(by);
		size_t primaries = 0;
		for (size_t i = 0; i < g->nord[p]; i++) {
			struct eg_entry *e = eg_entry_in(g, g->ord[p][i]);
			if (e->is_primary) {
				primaries++;
				memmove(&g->ord[p][1], &g->ord[p][0], i * sizeof(long));
				g->ord[p][0] = e->id;
			}
		}
		if (primaries > 1) {
			snprintf(err, errlen, "group %ld: more than one primary origin entry for %s",
				 g->id, p ? "HTTPS" : "HTTP");
			goto fail;
		}
	}
	free(given);
	return g;
oom:
	snprintf(err, errlen, "out of memory");
fail:
	free(given);
	eg_group_free(g);
	return NULL;
}

static long position(const struct eg_group *g, int p, long id)
{
	for (size_t i = 0; i < g->nord[p]; i++)
		if (g->ord[p][i] == id)
			return (long)i;
	return -1;
}

cJSON *eg_entry_json_start(const struct eg_entry *e)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "id", (double)e->id);
	if (e->name)
		cJSON_AddStringToObject(o, "name", e->name);
	else
		cJSON_AddNullToObject(o, "name");
	return o;
}

cJSON *eg_group_state_json(const struct eg_group *g)
{
	cJSON *j = cJSON_Duplicate(g->json, 1);
	cJSON_AddStringToObject(j, "platform", g->platform);
	cJSON *a = cJSON_AddArrayToObject(j, "origins");
	for (size_t i = 0; i < g->ne; i++) {
		const struct eg_entry *e = &g->e[i];
		cJSON *o = eg_entry_json_start(e);
		cJSON_AddStringToObject(o, "host", e->host);
		if (e->protocol != EG_MATCH)
			cJSON_AddNumberToObject(o, "port", (double)e->port);
		cJSON_AddBoolToObject(o, "is_primary", e->is_primary);
		cJSON_AddNumberToObject(o, "protocol_type_id", e->protocol);
		cJSON_AddNumberToObject(o, "storage_type_id", e->storage_type);
		cJSON_AddNumberToObject(o, "failover_order",
			(double)position(g, e->protocol == EG_HTTPS ? 1 : 0, e->id));
		if (e->protocol == EG_MATCH)
			cJSON_AddNumberToObject(o, "failover_order_https", (double)position(g, 1, e->id));
		cJSON_AddItemToArray(a, o);
	}
	return j;
}

/* ---- credentials ---- */

const char *edgio_client_id(void) { return st.client_id ? st.client_id : EG_DEFAULT_CLIENT_ID; }
const char *edgio_client_secret(void)
{
	return st.client_secret ? st.client_secret : EG_DEFAULT_CLIENT_SECRET;
}

bool edgio_scope_allowed(const char *scope, size_t len)
{
	if (!st.scopes)
		return strlen(EG_SCOPE) == len && strncmp(scope, EG_SCOPE, len) == 0;
	return emu_strs_has(st.scopes, st.nscopes, scope, len);
}

const char *edgio_scopes(void)
{
	static char buf[1024];
	if (!st.scopes)
		return EG_SCOPE;
	buf[0] = '\0';
	for (size_t i = 0; i < st.nscopes; i++) {
		size_t n = strlen(buf);
		snprintf(buf + n, sizeof(buf) - n, "%s%s", i ? " " : "", st.scopes[i]);
	}
	return buf;
}

/* ---- the state section ---- */

struct eg_state {
	char *client_id, *client_secret;
	bool has_scopes;
	char **scopes;
	size_t nscopes;
	struct eg_group **g;
	size_t ng;
};

void edgio_state_discard(struct eg_state *s)
{
	if (!s)
		return;
	free(s->client_id);
	free(s->client_secret);
	emu_strs_free(s->scopes, s->nscopes);
	for (size_t i = 0; i < s->ng; i++)
		eg_group_free(s->g[i]);
	free(s->g);
	free(s);
}

int edgio_state_parse(const cJSON *sec, struct eg_state **out, char *err, size_t errlen)
{
	struct eg_state *s = calloc(1, sizeof(*s));
	*out = NULL;
	if (!s) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (sec && !cJSON_IsObject(sec)) {
		snprintf(err, errlen, "\"edgio\" must be an object");
		goto fail;
	}
	const cJSON *ci = cJSON_GetObjectItemCaseSensitive(sec, "client_id");
	const cJSON *cs = cJSON_GetObjectItemCaseSensitive(sec, "client_secret");
	const cJSON *sc = cJSON_GetObjectItemCaseSensitive(sec, "scopes");
	const cJSON *gs = cJSON_GetObjectItemCaseSensitive(sec, "groups"), *it;
	if ((ci && !cJSON_IsNull(ci) && !(cJSON_IsString(ci) && *ci->valuestring)) ||
	    (cs && !cJSON_IsNull(cs) && !(cJSON_IsString(cs) && *cs->valuestring))) {
		snprintf(err, errlen, "edgio.client_id and edgio.client_secret must be non-empty strings");
		goto fail;
	}
	if ((sc && !cJSON_IsNull(sc) && !cJSON_IsArray(sc)) || (gs && !cJSON_IsNull(gs) && !cJSON_IsArray(gs))) {
		snprintf(err, errlen, "edgio.scopes and edgio.groups must be arrays");
		goto fail;
	}
	if ((cJSON_IsString(ci) && !(s->client_id = strdup(ci->valuestring))) ||
	    (cJSON_IsString(cs) && !(s->client_secret = strdup(cs->valuestring))))
		goto oom;
	if ((s->has_scopes = cJSON_IsArray(sc))) {
		s->scopes = calloc((size_t)cJSON_GetArraySize(sc) + 1, sizeof(char *));
		if (!s->scopes)
			goto oom;
		cJSON_ArrayForEach(it, sc) {
			if (!cJSON_IsString(it) || !*it->valuestring || strchr(it->valuestring, ' ')) {
				snprintf(err, errlen, "edgio.scopes must hold scope names such as \"cdn.origins\"");
				goto fail;
			}
			if (!(s->scopes[s->nscopes++] = strdup(it->valuestring)))
				goto oom;
		}
	}
	s->g = calloc((size_t)cJSON_GetArraySize(gs) + 1, sizeof(*s->g));
	if (!s->g)
		goto oom;
	int idx = 0;
	cJSON_ArrayForEach(it, gs) {
		char msg[200];
		struct eg_group *g = eg_group_from_state(it, 0, msg, sizeof(msg));
		if (!g) {
			snprintf(err, errlen, "edgio.groups[%d]: %s", idx, msg);
			goto fail;
		}
		s->g[s->ng++] = g;
		for (size_t i = 0; i + 1 < s->ng; i++) {
			if (s->g[i]->id == g->id) {
				snprintf(err, errlen, "edgio.groups: id %ld appears twice", g->id);
				goto fail;
			}
			for (size_t k = 0; k < g->ne; k++)
				if (eg_entry_in(s->g[i], g->e[k].id)) {
					snprintf(err, errlen, "edgio.groups: origin entry id %ld appears twice",
						 g->e[k].id);
					goto fail;
				}
		}
		idx++;
	}
	*out = s;
	return 0;
oom:
	snprintf(err, errlen, "out of memory");
fail:
	edgio_state_discard(s);
	return -1;
}

void edgio_state_commit(struct eg_state *s)
{
	emu_str_move(&st.client_id, &s->client_id);
	emu_str_move(&st.client_secret, &s->client_secret);
	if (s->has_scopes)
		emu_strs_move(&st.scopes, &st.nscopes, &s->scopes, &s->nscopes);
	groups_clear();
	for (size_t i = 0; i < s->ng; i++) {
		egs_put(s->g[i]);
		s->g[i] = NULL;
	}
	s->ng = 0;
	edgio_state_discard(s);
}

cJSON *edgio_state_to_json(void)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "client_id", edgio_client_id());
	cJSON_AddStringToObject(o, "client_secret", edgio_client_secret());
	emu_strs_to_json(o, "scopes", st.scopes, st.nscopes, EG_SCOPE);
	cJSON *a = cJSON_AddArrayToObject(o, "groups");
	for (size_t i = 0; i < st.n; i++)
		cJSON_AddItemToArray(a, eg_group_state_json(st.v[i]));
	return o;
}

void edgio_free(void)
{
	groups_clear();
	free(st.client_id);
	free(st.client_secret);
	emu_strs_free(st.scopes, st.nscopes);
	memset(&st, 0, sizeof(st));
}

/* ---- the generator: n http-large groups, 2-4 entries each ---- */

int edgio_generate(long n)
{
	groups_clear();
	for (long i = 1; i <= n; i++) {
		char buf[128];
		cJSON *j = cJSON_CreateObject();
		snprintf(buf, sizeof(buf), "edgio-group-%05ld", i);
		cJSON_AddStringToObject(j, "name", buf);
		snprintf(buf, sizeof(buf), "www.edgio-%05ld.example.com", i);
		cJSON_AddStringToObject(j, "host_header", i % 3 ? buf : "");
		cJSON_AddNumberToObject(j, "network_type_id", 1 + (double)(i % 5));
		cJSON *sp = cJSON_AddArrayToObject(j, "shield_pops");
		if (i % 4 == 0) {
			cJSON_AddItemToArray(sp, cJSON_CreateString("AMB"));
			cJSON_AddItemToArray(sp, cJSON_CreateString("BLR"));
		}
		cJSON_AddBoolToObject(j, "strict_pci_certified", i % 8 == 0);
		cJSON *tls = cJSON_AddObjectToObject(j, "tls_settings");
		snprintf(buf, sizeof(buf), "origin-%05ld.example.com", i);
		if (i % 2)
			cJSON_AddStringToObject(tls, "sni_hostname", buf);
		else
			cJSON_AddNullToObject(tls, "sni_hostname");
		cJSON_AddBoolToObject(tls, "allow_self_signed", i % 6 == 0);
		cJSON_AddArrayToObject(tls, "public_keys_to_verify");
		cJSON_AddStringToObject(j, "platform", "http-large");
		cJSON *orig = cJSON_AddArrayToObject(j, "origins");
		int ne = 2 + (int)(i % 3);
		for (int k = 0; k < ne; k++) {
			/* entry 0 may be primary; the others rotate HTTP, HTTPS, Match Client */
			int proto = k == 0 ? (i % 3 == 0 ? EG_MATCH : EG_HTTP) : 1 + (int)((i + k) % 3);
			cJSON *e = cJSON_CreateObject();
			cJSON_AddNumberToObject(e, "id", (double)(FIRST_ENTRY + 10 * i + k));
			snprintf(buf, sizeof(buf), "edgio-%05ld-%c", i, 'a' + k);
			cJSON_AddStringToObject(e, "name", buf);
			snprintf(buf, sizeof(buf), "origin-%05ld-%c.example.com", i, 'a' + k);
			cJSON_AddStringToObject(e, "host", buf);
			if (proto != EG_MATCH)
				cJSON_AddNumberToObject(e, "port", proto == EG_HTTPS ? 443 : (k == 2 ? 8080 : 80));
			cJSON_AddBoolToObject(e, "is_primary", k == 0 && i % 2 == 0);
			cJSON_AddNumberToObject(e, "protocol_type_id", proto);
			cJSON_AddNumberToObject(e, "storage_type_id", 1);
			cJSON_AddItemToArray(orig, e);
		}
		char err[200];
		struct eg_group *g = eg_group_from_state(j, FIRST_GROUP - 1 + i, err, sizeof(err));
		cJSON_Delete(j);
		if (!g || egs_put(g) != 0)
			return -1;
	}
	return 0;
}
