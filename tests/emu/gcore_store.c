/* Gcore's stored origin groups: load/save, the generator, masking of S3
 * credentials, and the cached masked text that makes big lists cheap. */
#include "gcore.h"
#include "emu_array.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct {
	struct gc_group *v;   /* sorted by id */
	size_t n, cap;
	char *key;
} store;

static void group_clear(struct gc_group *g)
{
	cJSON_Delete(g->json);
	free(g->masked);
	memset(g, 0, sizeof(*g));
}

static void store_clear(void)
{
	for (size_t i = 0; i < store.n; i++)
		group_clear(&store.v[i]);
	free(store.v);
	store.v = NULL;
	store.n = store.cap = 0;
}

void gcore_set_key(const char *key)
{
	char *k = strdup(key ? key : GCORE_DEFAULT_KEY);
	if (!k)
		return;
	free(store.key);
	store.key = k;
}

void gcore_free(void)
{
	store_clear();
	free(store.key);
	store.key = NULL;
}

const char *gcore_key(void)
{
	return store.key ? store.key : GCORE_DEFAULT_KEY;
}

size_t gcs_count(void) { return store.n; }
struct gc_group *gcs_at(size_t i) { return i < store.n ? &store.v[i] : NULL; }

static long long group_id(const void *elem) { return ((const struct gc_group *)elem)->id; }

/* index of the first group with id >= id */
static size_t lower_bound(long long id)
{
	return emu_array_lower_bound(store.v, store.n, sizeof(*store.v), id, group_id);
}

struct gc_group *gcs_find(long long id)
{
	size_t i = lower_bound(id);
	return i < store.n && store.v[i].id == id ? &store.v[i] : NULL;
}

long long gcs_next_id(void)
{
	return store.n ? store.v[store.n - 1].id + 1 : 1;
}

static void set_id(cJSON *json, long long id)
{
	cJSON *n = cJSON_CreateNumber((double)id);
	if (cJSON_GetObjectItemCaseSensitive(json, "id")) {
		cJSON_ReplaceItemInObjectCaseSensitive(json, "id", n);
		return;
	}
	/* id first, as Gcore prints it; cJSON's insert works on objects too */
	n->string = strdup("id");
	if (!n->string) {
		cJSON_Delete(n);
		return;
	}
	cJSON_InsertItemInArray(json, 0, n);
}

int gcs_put(long long id, cJSON *json)
{
	set_id(json, id);
	size_t i = lower_bound(id);
	if (i < store.n && store.v[i].id == id) {
		group_clear(&store.v[i]);
		store.v[i].id = id;
		store.v[i].json = json;
		return 0;
	}
	struct gc_group g;
	memset(&g, 0, sizeof(g));
	g.id = id;
	g.json = json;
	struct gc_group *v = emu_array_insert(store.v, &store.n, &store.cap, sizeof(*v), 64, i, &g);
	if (!v) {
		cJSON_Delete(json);
		return -1;
	}
	store.v = v;
	return 0;
}

int gcs_remove(long long id)
{
	size_t i = lower_bound(id);
	if (i >= store.n || store.v[i].id != id)
		return -1;
	group_clear(&store.v[i]);
	emu_array_remove(store.v, &store.n, sizeof(*store.v), i);
	return 0;
}

static void mask_config(cJSON *cfg)
{
	static const char *const keys[] = { "s3_access_key_id", "s3_secret_access_key", NULL };
	if (!cJSON_IsObject(cfg))
		return;
	for (size_t i = 0; keys[i]; i++)
		if (cJSON_GetObjectItemCaseSensitive(cfg, keys[i]))
			cJSON_ReplaceItemInObjectCaseSensitive(cfg, keys[i],
				cJSON_CreateString(GCORE_SECRET_MASK));
}

cJSON *gcs_mask_copy(const cJSON *group)
{
	cJSON *g = cJSON_Duplicate(group, 1);
	if (!g)
		return NULL;
	cJSON *s;
	cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(g, "sources"))
		mask_config(cJSON_GetObjectItemCaseSensitive(s, "config"));
	/* the legacy awsSignatureV4 group keeps its credentials in "auth" */
	mask_config(cJSON_GetObjectItemCaseSensitive(g, "auth"));
	return g;
}

const char *gcs_masked(struct gc_group *g, size_t *len)
{
	if (!g->masked) {
		cJSON *m = gcs_mask_copy(g->json);
		g->masked = m ? cJSON_PrintUnformatted(m) : NULL;
		cJSON_Delete(m);
		g->masked_len = g->masked ? strlen(g->masked) : 0;
	}
	*len = g->masked_len;
	return g->masked;
}

int gcore_state_load(const cJSON *section, char *err, size_t errlen)
{
	const cJSON *groups = section ? cJSON_GetObjectItemCaseSensitive(section, "groups") : NULL;
	const cJSON *key = section ? cJSON_GetObjectItemCaseSensitive(section, "api_key") : NULL;
	if (groups && !cJSON_IsNull(groups) && !cJSON_IsArray(groups)) {
		snprintf(err, errlen, "gcore.groups must be an array");
		return -1;
	}
	if (key && !cJSON_IsNull(key) && !cJSON_IsString(key)) {
		snprintf(err, errlen, "gcore.api_key must be a string");
		return -1;
	}
	/* validate everything before touching the store */
	int i = 0;
	const cJSON *g;
	cJSON_ArrayForEach(g, groups) {
		long long id;
		if (!cJSON_IsObject(g) || !emu_json_is_int(cJSON_GetObjectItemCaseSensitive(g, "id"), &id)) {
			snprintf(err, errlen, "gcore.groups[%d] must be an object with an integer \"id\"", i);
			return -1;
		}
		i++;
	}
	store_clear();
	cJSON_ArrayForEach(g, groups) {
		long long id;
		emu_json_is_int(cJSON_GetObjectItemCaseSensitive(g, "id"), &id);
		if (gcs_find(id)) {
			snprintf(err, errlen, "gcore.groups: id %lld appears twice", id);
			store_clear();
			return -1;
		}
		if (gcs_put(id, cJSON_Duplicate(g, 1)) != 0) {
			snprintf(err, errlen, "out of memory");
			store_clear();
			return -1;
		}
	}
	if (cJSON_IsString(key))
		gcore_set_key(key->valuestring);
	return 0;
}

cJSON *gcore_state_to_json(void)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "api_key", gcore_key());
	cJSON *arr = cJSON_AddArrayToObject(o, "groups");
	for (size_t i = 0; i < store.n; i++)
		cJSON_AddItemToArray(arr, cJSON_Duplicate(store.v[i].json, 1));
	return o;
}

/* ---- the generator: deterministic, every group valid ---- */

static cJSON *gen_host(long i, int j, int nsrc)
{
	char buf[128];
	cJSON *s = cJSON_CreateObject();
	if (j > 0 && (i + j) % 5 == 0)
		snprintf(buf, sizeof(buf), "origin-%ld-%c.example.com:%d", i, 'a' + j, 8080 + j);
	else
		snprintf(buf, sizeof(buf), "origin-%ld-%c.example.com", i, 'a' + j);
	cJSON_AddStringToObject(s, "source", buf);
	/* the first source is always enabled and primary, so the group is valid */
	bool backup = j > 0 && j == nsrc - 1 && i % 2 == 0;
	bool enabled = j == 0 || (i + j) % 3 != 0;
	cJSON_AddBoolToObject(s, "backup", backup);
	cJSON_AddBoolToObject(s, "enabled", enabled);
	if (j == 0 && i % 5 == 0) {
		snprintf(buf, sizeof(buf), "www.group-%05ld.example.com", i);
		cJSON_AddStringToObject(s, "host_header_override", buf);
	} else
		cJSON_AddNullToObject(s, "host_header_override");
	return s;
}

static cJSON *gen_s3(long i)
{
	char buf[128];
	cJSON *s = cJSON_CreateObject();
	cJSON_AddStringToObject(s, "origin_type", "s3");
	cJSON *c = cJSON_AddObjectToObject(s, "config");
	cJSON_AddStringToObject(c, "s3_type", "amazon");
	snprintf(buf, sizeof(buf), "bucket-%05ld", i);
	cJSON_AddStringToObject(c, "s3_bucket_name", buf);
	cJSON_AddStringToObject(c, "s3_region", "eu-west-1");
	snprintf(buf, sizeof(buf), "AKIAEMU%013ld", i);
	cJSON_AddStringToObject(c, "s3_access_key_id", buf);
	snprintf(buf, sizeof(buf), "emuSecret/%05ld+abcdefghijklmnopqrstuvwx", i);
	cJSON_AddStringToObject(c, "s3_secret_access_key", buf);
	cJSON_AddStringToObject(c, "s3_auth_type", "awsSignatureV4");
	cJSON_AddBoolToObject(s, "backup", true);
	cJSON_AddBoolToObject(s, "enabled", true);
	cJSON_AddNullToObject(s, "host_header_override");
	return s;
}

int gcore_generate(long n)
{
	store_clear();
	for (long i = 1; i <= n; i++) {
		char name[32];
		cJSON *g = cJSON_CreateObject();
		cJSON_AddNumberToObject(g, "id", (double)i);
		snprintf(name, sizeof(name), "group-%05ld", i);
		cJSON_AddStringToObject(g, "name", name);
		cJSON *src = cJSON_AddArrayToObject(g, "sources");
		int nsrc = 1 + (int)(i % 4);
		for (int j = 0; j < nsrc; j++)
			cJSON_AddItemToArray(src, gen_host(i, j, nsrc));
		if (i % 7 == 0)
			cJSON_AddItemToArray(src, gen_s3(i));
		cJSON_AddBoolToObject(g, "use_next", i % 2 == 1);
		cJSON *pnu = cJSON_AddArrayToObject(g, "proxy_next_upstream");
		cJSON_AddItemToArray(pnu, cJSON_CreateString("error"));
		cJSON_AddItemToArray(pnu, cJSON_CreateString("timeout"));
		cJSON_AddStringToObject(g, "auth_type", "none");
		cJSON_AddStringToObject(g, "path", "");
		cJSON_AddBoolToObject(g, "has_related_resources", i % 3 == 0);
		if (gcs_put(i, g) != 0)
			return -1;
	}
	return 0;
}
