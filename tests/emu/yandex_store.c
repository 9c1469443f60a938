/* Yandex's stored origin groups: C structs (ids are int64 beyond 2^53, so never
 * cJSON numbers), their API and state JSON, the credentials the emulator
 * accepts, the state file section and the generator. */
#include "yandex.h"
#include "emu_array.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct {
	struct yc_group **v;   /* sorted by id */
	size_t n, cap;
	long long next_id;
	char *folder;
	char **oauth, **iam;
	size_t noauth, niam;
	bool static_expired;
} st;

/* ---- groups ---- */

void yc_origin_clear(struct yc_origin *o)
{
	free(o->source);
	free(o->meta_val);
	memset(o, 0, sizeof(*o));
}

void yc_group_free(struct yc_group *g)
{
	if (!g)
		return;
	for (size_t i = 0; i < g->no; i++)
		yc_origin_clear(&g->o[i]);
	for (size_t i = 0; i < g->nres; i++) {
		free(g->res[i].id);
		free(g->res[i].cname);
	}
	free(g->o);
	free(g->res);
	free(g->folder_id);
	free(g->name);
	free(g->provider_type);
	free(g);
}

static char *dup0(const char *s) { return s ? strdup(s) : NULL; }

int yc_origin_add(struct yc_group *g, const struct yc_origin *src)
{
	struct yc_origin *v = realloc(g->o, (g->no + 1) * sizeof(*v));
	if (!v)
		return -1;
	g->o = v;
	struct yc_origin *o = &g->o[g->no];
	*o = *src;
	o->source = dup0(src->source ? src->source : "");
	o->meta_val = dup0(src->meta_val);
	if (!o->source || (src->meta_val && !o->meta_val)) {
		yc_origin_clear(o);
		return -1;
	}
	g->no++;
	return 0;
}

static int res_add(struct yc_group *g, const char *id, const char *cname)
{
	struct yc_res *v = realloc(g->res, (g->nres + 1) * sizeof(*v));
	if (!v)
		return -1;
	g->res = v;
	v[g->nres].id = strdup(id);
	v[g->nres].cname = strdup(cname);
	if (!v[g->nres].id || !v[g->nres].cname) {
		free(v[g->nres].id);
		free(v[g->nres].cname);
		return -1;
	}
	g->nres++;
	return 0;
}

struct yc_group *yc_group_dup(const struct yc_group *g)
{
	struct yc_group *d = calloc(1, sizeof(*d));
	if (!d)
		return NULL;
	d->id = g->id;
	d->use_next = g->use_next;
	d->folder_id = dup0(g->folder_id);
	d->name = dup0(g->name);
	d->provider_type = dup0(g->provider_type);
	bool ok = (!g->folder_id || d->folder_id) && (!g->name || d->name) &&
		  (!g->provider_type || d->provider_type);
	for (size_t i = 0; ok && i < g->no; i++)
		ok = yc_origin_add(d, &g->o[i]) == 0;
	for (size_t i = 0; ok && i < g->nres; i++)
		ok = res_add(d, g->res[i].id, g->res[i].cname) == 0;
	if (!ok) {
		yc_group_free(d);
		return NULL;
	}
	return d;
}

static const char *const meta_names[] = { NULL, "common", "bucket", "website", "balancer" };

const char *yc_meta_name(enum yc_meta m) { return meta_names[m]; }

static int meta_parse(const cJSON *j, enum yc_meta *m, char **val, char *err, size_t errlen)
{
	*m = YC_META_NONE;
	*val = NULL;
	if (!j || cJSON_IsNull(j))
		return 0;
	if (!cJSON_IsObject(j)) {
		snprintf(err, errlen, "meta: must be an object");
		return -1;
	}
	const cJSON *it;
	cJSON_ArrayForEach(it, j) {
		int k = 0;
		for (int i = 1; i <= YC_META_BALANCER; i++)
			if (strcmp(it->string, meta_names[i]) == 0)
				k = i;
		if (!k) {
			snprintf(err, errlen, "meta: unknown field \"%.40s\"", it->string);
			return -1;
		}
		if (*m != YC_META_NONE) {
			snprintf(err, errlen, "meta: only one of common, bucket, website, balancer may be set");
			free(*val);
			*val = NULL;
			return -1;
		}
		const char *key = k == YC_META_BALANCER ? "id" : "name";
		if (!cJSON_IsObject(it)) {
			snprintf(err, errlen, "meta.%s: must be an object", it->string);
			return -1;
		}
		const cJSON *inner;
		cJSON_ArrayForEach(inner, it) {
			if (strcmp(inner->string, key) != 0) {
				snprintf(err, errlen, "meta.%s: unknown field \"%.40s\"", it->string,
					 inner->string);
				return -1;
			}
		}
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(it, key);
		if (v && !cJSON_IsString(v)) {
			snprintf(err, errlen, "meta.%s.%s: must be a string", it->string, key);
			return -1;
		}
		*m = (enum yc_meta)k;
		*val = strdup(v ? v->valuestring : "");
		if (!*val) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
	}
	return 0;
}

int yc_meta_parse(const cJSON *j, enum yc_meta *m, char **val, char *err, size_t errlen)
{
	if (meta_parse(j, m, val, err, errlen) == 0)
		return 0;
	free(*val);   /* nothing half-parsed reaches the caller */
	*val = NULL;
	*m = YC_META_NONE;
	return -1;
}

bool yc_text_id(const char *s, long long *out)
{
	if (!s || !*s || strlen(s) > 19 || strspn(s, "0123456789") != strlen(s))
		return false;
	char *end;
	unsigned long long v = strtoull(s, &end, 10);
	if (*end || v == 0 || v > (unsigned long long)INT64_MAX)
		return false;
	*out = (long long)v;
	return true;
}

bool yc_json_id(const cJSON *j, long long *out)
{
	if (cJSON_IsString(j))
		return yc_text_id(j->valuestring, out);
	long long v;
	if (emu_json_is_int(j, &v) && v > 0) {
		*out = v;
		return true;
	}
	return false;
}

/* ---- JSON out ---- */

static void add_id(cJSON *o, const char *k, long long id)
{
	char buf[24];
	snprintf(buf, sizeof(buf), "%lld", id);
	cJSON_AddStringToObject(o, k, buf);
}

static void add_str(cJSON *o, const char *k, const char *v, bool full)
{
	if (full || (v && *v))
		cJSON_AddStringToObject(o, k, v ? v : "");
}

static void add_bool(cJSON *o, const char *k, bool v, bool full)
{
	if (full || v)   /* proto3 JSON leaves false out */
		cJSON_AddBoolToObject(o, k, v);
}

cJSON *yc_origin_json(const struct yc_group *g, const struct yc_origin *o, bool full)
{
	bool all = full || yc_settings.print_defaults;
	cJSON *j = cJSON_CreateObject();
	add_id(j, "id", o->id);
	add_id(j, "originGroupId", g->id);
	add_str(j, "source", o->source, all);
	add_bool(j, "enabled", o->enabled, all);
	add_bool(j, "backup", o->backup, all);
	enum yc_meta m = o->meta;
	const char *val = o->meta_val;
	if (m == YC_META_NONE && !full && yc_settings.meta_fill_common) {
		m = YC_META_COMMON;
		val = o->source;
	}
	if (m != YC_META_NONE) {
		cJSON *meta = cJSON_AddObjectToObject(j, "meta");
		cJSON *v = cJSON_AddObjectToObject(meta, meta_names[m]);
		add_str(v, m == YC_META_BALANCER ? "id" : "name", val, all);
	}
	add_str(j, "providerType", g->provider_type, all);
	return j;
}

cJSON *yc_group_json(const struct yc_group *g, bool full)
{
	bool all = full || yc_settings.print_defaults;
	cJSON *j = cJSON_CreateObject();
	add_id(j, "id", g->id);
	add_str(j, "folderId", g->folder_id, all);
	add_str(j, "name", g->name, all);
	add_bool(j, "useNext", g->use_next, all);
	if (all || g->no) {
		cJSON *a = cJSON_AddArrayToObject(j, "origins");
		for (size_t i = 0; i < g->no; i++)
			cJSON_AddItemToArray(a, yc_origin_json(g, &g->o[i], full));
	}
	add_str(j, "providerType", g->provider_type, all);
	if (all || g->nres) {
		cJSON *a = cJSON_AddArrayToObject(j, "resourcesMetadata");
		for (size_t i = 0; i < g->nres; i++) {
			cJSON *r = cJSON_CreateObject();
			add_str(r, "id", g->res[i].id, all);
			add_str(r, "cname", g->res[i].cname, all);
			cJSON_AddItemToArray(a, r);
		}
	}
	return j;
}

/* ---- JSON in (state file, control API) ---- */

static int opt_string(const cJSON *o, const char *k, const char *def, char **out,
		      const char *where, char *err, size_t errlen)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
	*out = NULL;
	if (v && !cJSON_IsNull(v) && !cJSON_IsString(v)) {
		snprintf(err, errlen, "%s.%s must be a string", where, k);
		return -1;
	}
	const char *s = cJSON_IsString(v) ? v->valuestring : def;
	if (s && !(*out = strdup(s))) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	return 0;
}

static int opt_bool(const cJSON *o, const char *k, bool *out, const char *where,
		    char *err, size_t errlen)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
	if (v && !cJSON_IsNull(v) && !cJSON_IsBool(v)) {
		snprintf(err, errlen, "%s.%s must be true or false", where, k);
		return -1;
	}
	*out = cJSON_IsTrue(v);
	return 0;
}

struct yc_group *yc_group_from_state(const cJSON *j, long long id_override,
				     char *err, size_t errlen)
{
	if (!cJSON_IsObject(j)) {
		snprintf(err, errlen, "a Yandex group must be a JSON object");
		return NULL;
	}
	struct yc_group *g = calloc(1, sizeof(*g));
	if (!g) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	if (id_override > 0)
		g->id = id_override;
	else if (!yc_json_id(cJSON_GetObjectItemCaseSensitive(j, "id"), &g->id)) {
		snprintf(err, errlen, "a Yandex group needs an \"id\": a decimal string > 0");
		goto fail;
	}
	char where[64];
	snprintf(where, sizeof(where), "group %lld", g->id);
	if (opt_string(j, "folderId", NULL, &g->folder_id, where, err, errlen) ||
	    opt_string(j, "name", "", &g->name, where, err, errlen) ||
	    opt_string(j, "providerType", "ourcdn", &g->provider_type, where, err, errlen) ||
	    opt_bool(j, "useNext", &g->use_next, where, err, errlen))
		goto fail;
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(j, "origins"), *it;
	if (arr && !cJSON_IsNull(arr) && !cJSON_IsArray(arr)) {
		snprintf(err, errlen, "%s: origins must be an array", where);
		goto fail;
	}
	cJSON_ArrayForEach(it, arr) {
		struct yc_origin o = { 0 };
		const cJSON *idj = cJSON_GetObjectItemCaseSensitive(it, "id");
		if (!cJSON_IsObject(it) || (idj && !cJSON_IsNull(idj) && !yc_json_id(idj, &o.id))) {
			snprintf(err, errlen, "%s: each origin must be an object; an \"id\" a decimal string > 0", where);
			goto fail;
		}
		char msg[160];
		int rc = opt_string(it, "source", "", &o.source, where, err, errlen) ||
			 opt_bool(it, "enabled", &o.enabled, where, err, errlen) ||
			 opt_bool(it, "backup", &o.backup, where, err, errlen);
		if (!rc && yc_meta_parse(cJSON_GetObjectItemCaseSensitive(it, "meta"), &o.meta,
					 &o.meta_val, msg, sizeof(msg)) != 0) {
			snprintf(err, errlen, "%s: origin %s", where, msg);
			rc = -1;
		}
		if (rc || yc_origin_add(g, &o) != 0) {
			if (!rc)
				snprintf(err, errlen, "out of memory");
			yc_origin_clear(&o);
			goto fail;
		}
		yc_origin_clear(&o);
	}
	arr = cJSON_GetObjectItemCaseSensitive(j, "resourcesMetadata");
	if (arr && !cJSON_IsNull(arr) && !cJSON_IsArray(arr)) {
		snprintf(err, errlen, "%s: resourcesMetadata must be an array", where);
		goto fail;
	}
	cJSON_ArrayForEach(it, arr) {
		const cJSON *id = cJSON_GetObjectItemCaseSensitive(it, "id");
		const cJSON *cn = cJSON_GetObjectItemCaseSensitive(it, "cname");
		if (!cJSON_IsString(id) || (cn && !cJSON_IsString(cn))) {
			snprintf(err, errlen, "%s: resourcesMetadata items are {\"id\": string, \"cname\": string}", where);
			goto fail;
		}
		if (res_add(g, id->valuestring, cn ? cn->valuestring : "") != 0) {
			snprintf(err, errlen, "out of memory");
			goto fail;
		}
	}
	return g;
fail:
	yc_group_free(g);
	return NULL;
}

/* ---- the store ---- */

size_t ycs_count(void) { return st.n; }
struct yc_group *ycs_at(size_t i) { return i < st.n ? st.v[i] : NULL; }

static long long group_id(const void *elem) { return (*(struct yc_group *const *)elem)->id; }

static size_t lower_bound(long long id)
{
	return emu_array_lower_bound(st.v, st.n, sizeof(*st.v), id, group_id);
}

struct yc_group *ycs_find(long long id)
{
	size_t i = lower_bound(id);
	return i < st.n && st.v[i]->id == id ? st.v[i] : NULL;
}

struct yc_group *ycs_find_origin(long long origin_id, struct yc_origin **o)
{
	for (size_t i = 0; i < st.n; i++)
		for (size_t k = 0; k < st.v[i]->no; k++)
			if (st.v[i]->o[k].id == origin_id) {
				*o = &st.v[i]->o[k];
				return st.v[i];
			}
	return NULL;
}

static void see_id(long long id)
{
	if (id >= st.next_id && id < INT64_MAX)
		st.next_id = id + 1;
}

long long ycs_new_id(void)
{
	if (st.next_id < YC_FIRST_ID)
		st.next_id = YC_FIRST_ID;
	return st.next_id++;
}

int ycs_put(struct yc_group *g)
{
	see_id(g->id);
	for (size_t i = 0; i < g->no; i++)
		see_id(g->o[i].id);
	for (size_t i = 0; i < g->no; i++)
		if (g->o[i].id <= 0)
			g->o[i].id = ycs_new_id();
	if (!g->folder_id && !(g->folder_id = strdup(yandex_folder()))) {
		yc_group_free(g);
		return -1;
	}
	size_t i = lower_bound(g->id);
	if (i < st.n && st.v[i]->id == g->id) {
		yc_group_free(st.v[i]);
		st.v[i] = g;
		return 0;
	}
	struct yc_group **v = emu_array_insert(st.v, &st.n, &st.cap, sizeof(*v), 32, i, &g);
	if (!v) {
		yc_group_free(g);
		return -1;
	}
	st.v = v;
	return 0;
}

int ycs_remove(long long id)
{
	size_t i = lower_bound(id);
	if (i >= st.n || st.v[i]->id != id)
		return -1;
	yc_group_free(st.v[i]);
	emu_array_remove(st.v, &st.n, sizeof(*st.v), i);
	return 0;
}

static void groups_clear(void)
{
	for (size_t i = 0; i < st.n; i++)
		yc_group_free(st.v[i]);
	free(st.v);
	st.v = NULL;
	st.n = st.cap = 0;
	st.next_id = YC_FIRST_ID;
}

/* ---- credentials ---- */

const char *yandex_folder(void) { return st.folder ? st.folder : YC_DEFAULT_FOLDER; }

bool yandex_oauth_known(const char *tok, size_t len)
{
	if (!st.oauth)   /* never configured: the default */
		return strlen(YC_DEFAULT_OAUTH) == len && memcmp(YC_DEFAULT_OAUTH, tok, len) == 0;
	return emu_strs_has(st.oauth, st.noauth, tok, len);
}

bool yandex_static_iam(const char *tok, size_t len)
{
	return !st.static_expired && emu_strs_has(st.iam, st.niam, tok, len);
}

void yandex_expire_static(void) { st.static_expired = true; }

/* ---- the state section ---- */

struct yc_state {
	char *folder;          /* NULL: keep */
	bool has_oauth, has_iam;
	char **oauth, **iam;
	size_t noauth, niam;
	struct yc_group **g;
	size_t ng;
};

void yandex_state_discard(struct yc_state *s)
{
	if (!s)
		return;
	free(s->folder);
	emu_strs_free(s->oauth, s->noauth);
	emu_strs_free(s->iam, s->niam);
	for (size_t i = 0; i < s->ng; i++)
		yc_group_free(s->g[i]);
	free(s->g);
	free(s);
}

static int str_list(const cJSON *a, const char *name, char ***out, size_t *n,
		    char *err, size_t errlen)
{
	const cJSON *it;
	size_t k = (size_t)cJSON_GetArraySize(a);
	*out = calloc(k + 1, sizeof(char *));
	*n = 0;
	if (!*out) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	cJSON_ArrayForEach(it, a) {
		if (!cJSON_IsString(it) || !*it->valuestring) {
			snprintf(err, errlen, "yandex.%s must be an array of non-empty strings", name);
			return -1;
		}
		if (!((*out)[(*n)++] = strdup(it->valuestring))) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
	}
	return 0;
}

int yandex_state_parse(const cJSON *sec, struct yc_state **out, char *err, size_t errlen)
{
	struct yc_state *s = calloc(1, sizeof(*s));
	*out = NULL;
	if (!s) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (sec && !cJSON_IsObject(sec)) {
		snprintf(err, errlen, "\"yandex\" must be an object");
		goto fail;
	}
	const cJSON *f = cJSON_GetObjectItemCaseSensitive(sec, "folder_id");
	const cJSON *oa = cJSON_GetObjectItemCaseSensitive(sec, "oauth_tokens");
	const cJSON *ia = cJSON_GetObjectItemCaseSensitive(sec, "iam_tokens");
	const cJSON *gs = cJSON_GetObjectItemCaseSensitive(sec, "groups");
	if (f && !cJSON_IsNull(f) && !(cJSON_IsString(f) && *f->valuestring &&
				       strlen(f->valuestring) <= 50)) {
		snprintf(err, errlen, "yandex.folder_id must be a string of 1..50 characters");
		goto fail;
	}
	if ((oa && !cJSON_IsNull(oa) && !cJSON_IsArray(oa)) ||
	    (ia && !cJSON_IsNull(ia) && !cJSON_IsArray(ia))) {
		snprintf(err, errlen, "yandex.oauth_tokens and yandex.iam_tokens must be arrays of strings");
		goto fail;
	}
	if (gs && !cJSON_IsNull(gs) && !cJSON_IsArray(gs)) {
		snprintf(err, errlen, "yandex.groups must be an array");
		goto fail;
	}
	if (cJSON_IsString(f) && !(s->folder = strdup(f->valuestring))) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	if ((s->has_oauth = cJSON_IsArray(oa)) && str_list(oa, "oauth_tokens", &s->oauth, &s->noauth, err, errlen))
		goto fail;
	if ((s->has_iam = cJSON_IsArray(ia)) && str_list(ia, "iam_tokens", &s->iam, &s->niam, err, errlen))
		goto fail;
	size_t k = (size_t)cJSON_GetArraySize(gs);
	s->g = calloc(k + 1, sizeof(*s->g));
	if (!s->g) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	const cJSON *it;
	int idx = 0;
	cJSON_ArrayForEach(it, gs) {
		char msg[200];
		struct yc_group *g = yc_group_from_state(it, 0, msg, sizeof(msg));
		if (!g) {
			snprintf(err, errlen, "yandex.groups[%d]: %s", idx, msg);
			goto fail;
		}
		for (size_t i = 0; i < s->ng; i++)
			if (s->g[i]->id == g->id) {
				snprintf(err, errlen, "yandex.groups: id %lld appears twice", g->id);
				yc_group_free(g);
				goto fail;
			}
		s->g[s->ng++] = g;
		idx++;
	}
	*out = s;
	return 0;
fail:
	yandex_state_discard(s);
	return -1;
}

void yandex_state_commit(struct yc_state *s)
{
	emu_str_move(&st.folder, &s->folder);
	if (s->has_oauth)
		emu_strs_move(&st.oauth, &st.noauth, &s->oauth, &s->noauth);
	if (s->has_iam) {
		emu_strs_move(&st.iam, &st.niam, &s->iam, &s->niam);
		st.static_expired = false;
	}
	groups_clear();
	/* every id first, so an origin without one gets an id no one else has */
	for (size_t i = 0; i < s->ng; i++) {
		see_id(s->g[i]->id);
		for (size_t k = 0; k < s->g[i]->no; k++)
			see_id(s->g[i]->o[k].id);
	}
	for (size_t i = 0; i < s->ng; i++) {
		ycs_put(s->g[i]);   /* on out of memory the group is dropped */
		s->g[i] = NULL;
	}
	s->ng = 0;
	yandex_state_discard(s);
}

cJSON *yandex_state_to_json(void)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "folder_id", yandex_folder());
	emu_strs_to_json(o, "oauth_tokens", st.oauth, st.noauth, YC_DEFAULT_OAUTH);
	emu_strs_to_json(o, "iam_tokens", st.iam, st.niam, NULL);
	cJSON *a = cJSON_AddArrayToObject(o, "groups");
	for (size_t i = 0; i < st.n; i++)
		cJSON_AddItemToArray(a, yc_group_json(st.v[i], true));
	return o;
}

void yandex_free(void)
{
	groups_clear();
	free(st.folder);
	st.folder = NULL;
	emu_strs_free(st.oauth, st.noauth);
	emu_strs_free(st.iam, st.niam);
	st.oauth = st.iam = NULL;
	st.noauth = st.niam = 0;
}

/* ---- the generator: deterministic, min(n, 12) groups, every meta kind ---- */

int yandex_generate(long n)
{
	groups_clear();
	long count = n < 12 ? n : 12;
	for (long i = 1; i <= count; i++) {
		struct yc_group *g = calloc(1, sizeof(*g));
		char buf[256];
		if (!g)
			return -1;
		g->id = YC_FIRST_ID + (i - 1) * 16;
		snprintf(buf, sizeof(buf), "yc-group-%02ld", i);
		g->name = strdup(buf);
		g->folder_id = strdup(yandex_folder());
		g->provider_type = strdup(i % 5 == 0 ? "gcore" : "ourcdn");
		g->use_next = i % 2 == 1;
		int nsrc = 1 + (int)(i % 3);
		bool ok = g->name && g->folder_id && g->provider_type;
		for (int k = 0; ok && k < nsrc; k++) {
			struct yc_origin o = { 0 };
			char name[64];
			o.id = g->id + 1 + k;
			o.enabled = k == 0 || (i + k) % 4 != 0;
			o.backup = k > 0 && k == nsrc - 1;
			o.source = buf;
			o.meta_val = name;
			switch ((i + k) % 4) {
			case 1:
				snprintf(name, sizeof(name), "yc-bucket-%02ld-%d", i, k);
				snprintf(buf, sizeof(buf), "%s.storage.yandexcloud.net", name);
				o.meta = YC_META_BUCKET;
				break;
			case 2:
				snprintf(name, sizeof(name), "yc-site-%02ld-%d", i, k);
				snprintf(buf, sizeof(buf), "%s.website.yandexcloud.net", name);
				o.meta = YC_META_WEBSITE;
				break;
			case 3:
				snprintf(buf, sizeof(buf), "10.128.%ld.%d:8080", i, 10 + k);
				snprintf(name, sizeof(name), "ds7emubalancer%05ld", i);
				o.meta = YC_META_BALANCER;
				break;
			default:
				snprintf(buf, sizeof(buf), "origin-yc-%02ld-%c.example.com", i, 'a' + k);
				snprintf(name, sizeof(name), "%.60s", buf);
				o.meta = YC_META_COMMON;
			}
			ok = yc_origin_add(g, &o) == 0;   /* copies the strings */
		}
		if (ok && i % 3 == 0) {
			char id[32], cname[64];
			snprintf(id, sizeof(id), "bc8emures%011ld", i);
			snprintf(cname, sizeof(cname), "cdn-%02ld.example.com", i);
			ok = res_add(g, id, cname) == 0;
		}
		if (!ok || ycs_put(g) != 0) {
			if (!ok)
				yc_group_free(g);
			return -1;
		}
	}
	return 0;
}
