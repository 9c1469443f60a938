/* The provider-neutral model: names, copies, lookups and counts. */
#include "model/og.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *og_kind_name(og_kind k)
{
	switch (k) {
	case OG_KIND_HOST: return "host";
	case OG_KIND_S3: return "s3";
	case OG_KIND_BUCKET: return "bucket";
	case OG_KIND_WEBSITE: return "website";
	case OG_KIND_BALANCER: return "balancer";
	case OG_KIND_FASTEDGE: return "fastedge";
	}
	return "host";
}

const char *og_source_kind_label(const og_source *s)
{
	return s->kind_label ? s->kind_label : og_kind_name(s->kind);
}

void og_source_address(const og_source *s, char *out, size_t n)
{
	if (!n)
		return;
	const char *host = s->host ? s->host : (s->key ? s->key : "");
	if (s->port <= 0) {
		snprintf(out, n, "%s", host);
		return;
	}
	/* an IPv6 address before a port is written in brackets (RFC 3986), as
	 * net/hostport.c reads it; a host that has them or a scheme keeps its
	 * own form */
	bool bracket = strchr(host, ':') && !strchr(host, '[') && !strstr(host, "://");
	snprintf(out, n, bracket ? "[%s]:%d" : "%s:%d", host, s->port);
}

const char *og_field_name(og_field f)
{
	switch (f) {
	case OG_FIELD_ENABLED: return "enabled";
	case OG_FIELD_BACKUP: return "backup";
	case OG_FIELD_PRIMARY: return "primary";
	case OG_FIELD_ORDER: return "order";
	}
	return "enabled";
}

og_tri *og_source_flag(og_source *s, og_field f)
{
	switch (f) {
	case OG_FIELD_ENABLED: return &s->enabled;
	case OG_FIELD_BACKUP: return &s->backup;
	case OG_FIELD_PRIMARY: return &s->primary;
	case OG_FIELD_ORDER: return NULL;   /* a move, not a flag */
	}
	return NULL;
}

og_tri og_source_flag_get(const og_source *s, og_field f)
{
	switch (f) {
	case OG_FIELD_ENABLED: return s->enabled;
	case OG_FIELD_BACKUP: return s->backup;
	case OG_FIELD_PRIMARY: return s->primary;
	case OG_FIELD_ORDER: return OG_ABSENT;
	}
	return OG_ABSENT;
}

void og_source_clear(og_source *s)
{
	if (!s)
		return;
	if (!s->packed) {
		free(s->key);
		free(s->host);
		free(s->protocol);
		free(s->host_header);
		free(s->raw_json);
	}
	s->packed = false;
	cJSON_Delete(s->raw_tree);
	s->key = s->host = s->protocol = s->host_header = NULL;
	s->raw_json = NULL;
	s->raw_tree = NULL;
}

/* The parse of *text into *tree, once. The cache is not part of the value
 * of the source: filling it through a const pointer changes nothing a
 * reader sees (the source is never a const object itself). */
static const cJSON *raw_parsed(char *const *text, cJSON *const *tree)
{
	if (*tree || !*text)
		return *tree;
	cJSON **t = (cJSON **)tree;
	*t = cJSON_Parse(*text);
	return *t;
}

const cJSON *og_source_raw(const og_source *s)
{
	return s ? raw_parsed(&s->raw_json, &s->raw_tree) : NULL;
}

const cJSON *og_group_raw(const og_group *g)
{
	return g ? raw_parsed(&g->raw_json, &g->raw_tree) : NULL;
}

/* Takes tree. */
static int raw_set(char **text, cJSON **cache, cJSON *tree)
{
	free(*text);
	cJSON_Delete(*cache);
	*text = NULL;
	*cache = NULL;
	if (!tree)
		return 0;
	*text = cJSON_PrintUnformatted(tree);
	cJSON_Delete(tree);
	return *text ? 0 : -1;
}

int og_source_set_raw(og_source *s, cJSON *tree)
{
	if (s->packed) {
		cJSON_Delete(tree);
		return -1;
	}
	return raw_set(&s->raw_json, &s->raw_tree, tree);
}

int og_group_set_raw(og_group *g, cJSON *tree)
{
	if (g->pack) {
		cJSON_Delete(tree);
		return -1;
	}
	return raw_set(&g->raw_json, &g->raw_tree, tree);
}

cJSON *og_source_raw_dup(const og_source *s)
{
	return s && s->raw_json ? cJSON_Parse(s->raw_json) : NULL;
}

cJSON *og_group_raw_dup(const og_group *g)
{
	return g && g->raw_json ? cJSON_Parse(g->raw_json) : NULL;
}

/* strdup that keeps NULL as NULL and counts a failure in *fail. */
static char *dup_opt(const char *s, int *fail)
{
	if (!s)
		return NULL;
	char *d = strdup(s);
	if (!d)
		*fail = 1;
	return d;
}

int og_source_copy(og_source *dst, const og_source *src)
{
	int fail = 0;
	og_source s = *src;
	s.key = dup_opt(src->key, &fail);
	s.host = dup_opt(src->host, &fail);
	s.protocol = dup_opt(src->protocol, &fail);
	s.host_header = dup_opt(src->host_header, &fail);
	s.raw_json = dup_opt(src->raw_json, &fail);
	s.packed = false;
	s.raw_tree = NULL;   /* src's parse stays src's: a copy parses its own */
	if (fail) {
		og_source_clear(&s);
		memset(dst, 0, sizeof *dst);
		return -1;
	}
	*dst = s;
	return 0;
}

static void str_array_free(char **a, size_t n)
{
	if (!a)
		return;
	for (size_t i = 0; i < n; i++)
		free(a[i]);
	free(a);
}

/* Deep copy of a string array; NULL with n == 0 stays NULL. */
static char **str_array_dup(char *const *a, size_t n, int *fail)
{
	if (!a || n == 0)
		return NULL;
	char **d = calloc(n, sizeof *d);
	if (!d) {
		*fail = 1;
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		d[i] = dup_opt(a[i], fail);
		if (*fail) {
			str_array_free(d, i);
			return NULL;
		}
	}
	return d;
}

static void settings_free(og_setting *a, size_t n)
{
	for (size_t i = 0; a && i < n; i++) {
		free(a[i].label);
		free(a[i].value);
	}
	free(a);
}

int og_group_add_setting(og_group *g, const char *label, const char *value)
{
	og_setting *a = realloc(g->settings, (g->n_settings + 1) * sizeof *a);
	if (!a)
		return -1;
	g->settings = a;
	char *l = strdup(label ? label : ""), *v = strdup(value ? value : "");
	if (!l || !v) {
		free(l);
		free(v);
		return -1;
	}
	a[g->n_settings].label = l;
	a[g->n_settings].value = v;
	g->n_settings++;
	return 0;
}

void og_group_free(og_group *g)
{
	if (!g)
		return;
	settings_free(g->settings, g->n_settings);
	for (size_t i = 0; i < g->n_sources; i++) {
		og_source *s = &g->sources[i];
		/* a packed source's strings go with the pack: only a parse of its
		 * raw_json is its own (10,000 sources a list, mostly never parsed) */
		if (!s->packed)
			og_source_clear(s);
		else if (s->raw_tree)
			cJSON_Delete(s->raw_tree);
	}
	if (!g->pack) {
		free(g->id);
		free(g->name);
		str_array_free(g->next_upstream, g->n_next_upstream);
		str_array_free(g->in_use_by, g->n_in_use_by);
		free(g->sources);
		free(g->raw_json);
	}
	cJSON_Delete(g->raw_tree);
	/* a group may live in its own pack (gcore_scan builds it so: one
	 * allocation a group); it is then freed once */
	if (g->pack != (void *)g)
		free(g->pack);
	free(g);
}

/* ---- packing ------------------------------------------------------------ */

static size_t str_size(const char *s)
{
	return s ? strlen(s) + 1 : 0;
}

/* Copies s to *at (NULL stays NULL) and moves *at on. */
static char *pack_str(char **at, const char *s)
{
	if (!s)
		return NULL;
	size_t n = strlen(s) + 1;
	char *d = memcpy(*at, s, n);
	*at += n;
	return d;
}

int og_group_pack(og_group *g)
{
	if (!g || g->pack)
		return 0;
	size_t arrays = g->n_sources * sizeof(og_source) +
	                (g->n_next_upstream + g->n_in_use_by) * sizeof(char *);
	size_t strings = str_size(g->id) + str_size(g->name) + str_size(g->raw_json);
	for (size_t i = 0; i < g->n_next_upstream; i++)
		strings += str_size(g->next_upstream[i]);
	for (size_t i = 0; i < g->n_in_use_by; i++)
		strings += str_size(g->in_use_by[i]);
	for (size_t i = 0; i < g->n_sources; i++) {
		const og_source *s = &g->sources[i];
		strings += str_size(s->key) + str_size(s->protocol) + str_size(s->host_header) +
		           str_size(s->raw_json);
		if (s->host && (!s->key || strcmp(s->host, s->key) != 0))
			strings += str_size(s->host);
	}
	char *block = malloc(arrays + strings ? arrays + strings : 1);
	if (!block)
		return -1;
	/* arrays first: og_source and pointers keep their alignment */
	og_source *src = g->n_sources ? (og_source *)(void *)block : NULL;
	char **nu = g->n_next_upstream ? (char **)(void *)(block + g->n_sources * sizeof(og_source)) : NULL;
	char **iub = g->n_in_use_by ? (char **)(void *)(block + g->n_sources * sizeof(og_source) +
	                                                g->n_next_upstream * sizeof(char *)) : NULL;
	char *at = block + arrays;
	for (size_t i = 0; i < g->n_next_upstream; i++)
		nu[i] = pack_str(&at, g->next_upstream[i]);
	for (size_t i = 0; i < g->n_in_use_by; i++)
		iub[i] = pack_str(&at, g->in_use_by[i]);
	for (size_t i = 0; i < g->n_sources; i++) {
		const og_source *s = &g->sources[i];
		og_source *d = &src[i];
		*d = *s;
		d->packed = true;
		d->key = pack_str(&at, s->key);
		d->host = s->host && s->key && strcmp(s->host, s->key) == 0 ? d->key : pack_str(&at, s->host);
		d->protocol = pack_str(&at, s->protocol);
		d->host_header = pack_str(&at, s->host_header);
		d->raw_json = pack_str(&at, s->raw_json);
	}
	char *id = pack_str(&at, g->id), *name = pack_str(&at, g->name);
	char *raw = pack_str(&at, g->raw_json);
	/* the old pieces go; their parsed trees move with the sources */
	for (size_t i = 0; i < g->n_sources; i++) {
		og_source *s = &g->sources[i];
		s->raw_tree = NULL;
		og_source_clear(s);
	}
	free(g->sources);
	str_array_free(g->next_upstream, g->n_next_upstream);
	str_array_free(g->in_use_by, g->n_in_use_by);
	free(g->id);
	free(g->name);
	free(g->raw_json);
	g->sources = src;
	g->next_upstream = nu;
	g->in_use_by = iub;
	g->id = id;
	g->name = name;
	g->raw_json = raw;
	g->pack = block;
	return 0;
}

og_group *og_group_clone(const og_group *g)
{
	if (!g)
		return NULL;
	og_group *c = calloc(1, sizeof *c);
	if (!c)
		return NULL;
	int fail = 0;
	c->use_next = g->use_next;
	c->in_use = g->in_use;
	c->id = dup_opt(g->id, &fail);
	c->name = dup_opt(g->name, &fail);
	c->raw_json = dup_opt(g->raw_json, &fail);
	c->next_upstream = str_array_dup(g->next_upstream, g->n_next_upstream, &fail);
	if (c->next_upstream)
		c->n_next_upstream = g->n_next_upstream;
	c->in_use_by = str_array_dup(g->in_use_by, g->n_in_use_by, &fail);
	if (c->in_use_by)
		c->n_in_use_by = g->n_in_use_by;
	for (size_t i = 0; !fail && i < g->n_settings; i++)
		if (og_group_add_setting(c, g->settings[i].label, g->settings[i].value) < 0)
			fail = 1;
	if (!fail && g->n_sources > 0) {
		c->sources = calloc(g->n_sources, sizeof *c->sources);
		if (!c->sources)
			fail = 1;
		for (size_t i = 0; !fail && i < g->n_sources; i++) {
			if (og_source_copy(&c->sources[i], &g->sources[i]) < 0)
				fail = 1;
			else
				c->n_sources = i + 1;
		}
	}
	if (fail) {
		og_group_free(c);
		return NULL;
	}
	return c;
}

long og_group_find_source(const og_group *g, const char *key)
{
	if (!g || !key)
		return -1;
	for (size_t i = 0; i < g->n_sources; i++)
		if (g->sources[i].key && strcmp(g->sources[i].key, key) == 0)
			return (long)i;
	return -1;
}

size_t og_group_count_enabled(const og_group *g)
{
	size_t n = 0;
	for (size_t i = 0; g && i < g->n_sources; i++)
		if (g->sources[i].enabled != OG_NO)
			n++;
	return n;
}

size_t og_group_count_backup(const og_group *g)
{
	size_t n = 0;
	for (size_t i = 0; g && i < g->n_sources; i++)
		if (g->sources[i].backup == OG_YES)
			n++;
	return n;
}

void og_group_list_free(og_group_list *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++)
		og_group_free(l->items[i]);
	free(l->items);
	l->items = NULL;
	l->n = 0;
	l->cap = 0;
}

int og_group_list_push(og_group_list *l, og_group *g)
{
	if (l->n + 1 > l->cap) {
		size_t cap = l->n < 8 ? 16 : l->n * 2;
		og_group **items = realloc(l->items, cap * sizeof *items);
		if (!items) {
			og_group_free(g);
			return -1;
		}
		l->items = items;
		l->cap = cap;
	}
	l->items[l->n++] = g;
	return 0;
}

/* ---- JSON of SPEC.md ---------------------------------------------------- */

static int add_tri(cJSON *o, const char *name, og_tri t)
{
	if (t == OG_ABSENT)
		return 0;
	return cJSON_AddBoolToObject(o, name, t == OG_YES) ? 0 : -1;
}

static int add_str_opt(cJSON *o, const char *name, const char *s)
{
	if (!s)
		return 0;
	return cJSON_AddStringToObject(o, name, s) ? 0 : -1;
}

static int add_str_array(cJSON *o, const char *name, char *const *a, size_t n)
{
	cJSON *arr = cJSON_AddArrayToObject(o, name);
	if (!arr)
		return -1;
	for (size_t i = 0; i < n; i++) {
		cJSON *s = cJSON_CreateString(a[i] ? a[i] : "");
		if (!s)
			return -1;
		cJSON_AddItemToArray(arr, s);
	}
	return 0;
}

static cJSON *source_to_json(const og_source *s)
{
	cJSON *o = cJSON_CreateObject();
	if (!o)
		return NULL;
	int rc = 0;
	rc |= add_str_opt(o, "key", s->key ? s->key : "");
	rc |= add_str_opt(o, "kind", og_kind_name(s->kind));
	rc |= add_str_opt(o, "host", s->host);
	if (s->port > 0 && !cJSON_AddNumberToObject(o, "port", s->port))
		rc = -1;
	rc |= add_tri(o, "enabled", s->enabled);
	rc |= add_tri(o, "backup", s->backup);
	rc |= add_tri(o, "primary", s->primary);
	if (s->order >= 0 && !cJSON_AddNumberToObject(o, "order", s->order))
		rc = -1;
	/* only beside an order: sources zeroed by memset have order -1 */
	if (s->order >= 0 && s->order_alt >= 0 && !cJSON_AddNumberToObject(o, "order_alt", s->order_alt))
		rc = -1;
	rc |= add_str_opt(o, "protocol", s->protocol);
	rc |= add_str_opt(o, "host_header", s->host_header);
	if (rc) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

cJSON *og_group_to_json(const og_group *g)
{
	if (!g)
		return NULL;
	cJSON *o = cJSON_CreateObject();
	if (!o)
		return NULL;
	int rc = 0;
	rc |= add_str_opt(o, "id", g->id ? g->id : "");
	rc |= add_str_opt(o, "name", g->name ? g->name : "");
	rc |= add_tri(o, "use_next", g->use_next);
	/* next_upstream belongs with use_next: shown when the provider has it. */
	if (g->use_next != OG_ABSENT || g->n_next_upstream > 0)
		rc |= add_str_array(o, "next_upstream", g->next_upstream, g->n_next_upstream);
	rc |= add_tri(o, "in_use", g->in_use);
	if (g->n_in_use_by > 0)
		rc |= add_str_array(o, "in_use_by", g->in_use_by, g->n_in_use_by);
	if (!rc && g->n_settings > 0) {
		cJSON *set = cJSON_AddArrayToObject(o, "settings");
		if (!set)
			rc = -1;
		for (size_t i = 0; !rc && i < g->n_settings; i++) {
			cJSON *e = cJSON_CreateObject();
			if (!e)
				rc = -1;
			else
				cJSON_AddItemToArray(set, e);
			rc |= add_str_opt(e, "label", g->settings[i].label ? g->settings[i].label : "");
			rc |= add_str_opt(e, "value", g->settings[i].value ? g->settings[i].value : "");
		}
	}
	cJSON *arr = rc ? NULL : cJSON_AddArrayToObject(o, "sources");
	if (!arr)
		rc = -1;
	for (size_t i = 0; !rc && i < g->n_sources; i++) {
		cJSON *s = source_to_json(&g->sources[i]);
		if (!s)
			rc = -1;
		else
			cJSON_AddItemToArray(arr, s);
	}
	if (rc) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}
