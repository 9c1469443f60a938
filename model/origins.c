/* The sources pivot (model/origins.h): one pass over every source of every
 * loaded group, an open-addressing hash of identities so that 10,000 groups
 * cost one lookup a source, then each origin's uses sorted once. */
#include "model/origins.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ASCII only: a locale's tolower() could rewrite bytes of a UTF-8 name. */
static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Copies src lower-cased into out (n bytes), cut at ORIGIN_NAME_MAX bytes
 * and never inside a UTF-8 sequence. */
static void copy_identity(const char *src, char *out, size_t n)
{
	if (!n)
		return;
	size_t max = n - 1 < ORIGIN_NAME_MAX ? n - 1 : ORIGIN_NAME_MAX;
	size_t len = strlen(src);
	if (len > max) {
		len = max;
		/* step back over continuation bytes to the start of the
		 * sequence that would be cut, and drop it whole */
		while (len > 0 && ((unsigned char)src[len] & 0xC0) == 0x80)
			len--;
	}
	for (size_t i = 0; i < len; i++)
		out[i] = lower(src[i]);
	out[len] = '\0';
}

void origin_name_of(const og_source *s, char *out, size_t n)
{
	if (!n)
		return;
	out[0] = '\0';
	if (!s || s->kind == OG_KIND_FASTEDGE)
		return;
	if (s->kind == OG_KIND_S3 || s->kind == OG_KIND_BUCKET) {
		const char *bucket = s->host && *s->host ? s->host : s->key;
		copy_identity(bucket ? bucket : "", out, n);
		return;
	}
	if ((!s->host || !*s->host) && (!s->key || !*s->key))
		return;
	/* A scheme is how to reach the host, not which host (Edgio keeps
	 * "https://" in its hosts): left out, so the same server is one origin
	 * across providers. A shallow copy only to point at the bare host. */
	og_source bare = *s;
	const char *h = s->host && *s->host ? s->host : s->key;
	if (strncasecmp(h, "https://", 8) == 0)
		h += 8;
	else if (strncasecmp(h, "http://", 7) == 0)
		h += 7;
	bare.host = (char *)h;
	char addr[ORIGIN_NAME_MAX + 64];
	og_source_address(&bare, addr, sizeof addr);
	copy_identity(addr, out, n);
}

/* ---- the hash of identities ---- */

static uint64_t hash_name(const char *s)
{
	uint64_t h = 1469598103934665603ULL;       /* FNV-1a */
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

typedef struct name_table {
	size_t *slots;          /* index into items + 1; 0: empty */
	size_t cap;             /* a power of two */
} name_table;

static int table_grow(name_table *t, const og_origin *items, size_t n_items)
{
	size_t cap = t->cap ? t->cap * 2 : 1024;
	size_t *slots = calloc(cap, sizeof *slots);
	if (!slots)
		return -1;
	for (size_t i = 0; i < n_items; i++) {
		size_t at = (size_t)hash_name(items[i].name) & (cap - 1);
		while (slots[at])
			at = (at + 1) & (cap - 1);
		slots[at] = i + 1;
	}
	free(t->slots);
	t->slots = slots;
	t->cap = cap;
	return 0;
}

/* The slot of `name`: holding its origin, or the empty one to put it in. */
static size_t *table_slot(const name_table *t, const og_origin *items, const char *name)
{
	size_t at = (size_t)hash_name(name) & (t->cap - 1);
	while (t->slots[at] && strcmp(items[t->slots[at] - 1].name, name) != 0)
		at = (at + 1) & (t->cap - 1);
	return &t->slots[at];
}

/* ---- building ---- */

static int push_use(og_origin *o, size_t *cap, og_origin_use u)
{
	if (o->n_uses == *cap) {
		size_t nc = *cap ? *cap * 2 : 2;
		og_origin_use *nu = realloc(o->uses, nc * sizeof *nu);
		if (!nu)
			return -1;
		o->uses = nu;
		*cap = nc;
	}
	o->uses[o->n_uses++] = u;
	return 0;
}

static int cmp_use(const void *a, const void *b)
{
	const og_origin_use *x = a, *y = b;
	if (x->account != y->account)
		return x->account < y->account ? -1 : 1;
	if (x->group != y->group) {
		const char *xn = x->group->name ? x->group->name : "";
		const char *yn = y->group->name ? y->group->name : "";
		int c = strcmp(xn, yn);
		if (c)
			return c;
		/* two groups of one name: keep each one's uses together */
		return (uintptr_t)x->group < (uintptr_t)y->group ? -1 : 1;
	}
	if (x->source != y->source)
		return x->source < y->source ? -1 : 1;
	return 0;
}

/* Sorts the uses and counts groups, accounts and flags. */
static void finish_origin(og_origin *o)
{
	qsort(o->uses, o->n_uses, sizeof *o->uses, cmp_use);
	o->n_groups = o->n_accounts = o->n_enabled = o->n_backup = 0;
	for (size_t i = 0; i < o->n_uses; i++) {
		const og_origin_use *u = &o->uses[i];
		if (i == 0 || u->account != o->uses[i - 1].account)
			o->n_accounts++;
		if (i == 0 || u->group != o->uses[i - 1].group || u->account != o->uses[i - 1].account)
			o->n_groups++;
		const og_source *s = &u->group->sources[u->source];
		if (s->enabled != OG_NO)
			o->n_enabled++;
		if (s->backup == OG_YES)
			o->n_backup++;
	}
}

void origins_free(og_origins *o)
{
	if (!o)
		return;
	for (size_t i = 0; i < o->n; i++) {
		free(o->items[i].name);
		free(o->items[i].uses);
	}
	free(o->items);
	free(o->view);
	memset(o, 0, sizeof *o);
}

int origins_build(og_origins *o, const og_origins_account *accounts, size_t n)
{
	memset(o, 0, sizeof *o);
	name_table t = { 0 };
	size_t items_cap = 0;
	size_t *use_caps = NULL;   /* each origin's room for uses */
	char name[ORIGIN_NAME_MAX + 1];

	if (table_grow(&t, NULL, 0) != 0)
		goto fail;
	for (size_t a = 0; a < n; a++) {
		const og_group_list *l = accounts[a].groups;
		if (!l)
			continue;
		for (size_t gi = 0; gi < l->n; gi++) {
			const og_group *g = l->items[gi];
			if (!g)
				continue;
			for (size_t si = 0; si < g->n_sources; si++) {
				origin_name_of(&g->sources[si], name, sizeof name);
				if (!name[0])
					continue;   /* no address: a FastEdge app */
				size_t *slot = table_slot(&t, o->items, name);
				if (!*slot) {
					if (o->n == items_cap) {
						size_t nc = items_cap ? items_cap * 2 : 256;
						og_origin *ni = realloc(o->items, nc * sizeof *ni);
						if (!ni)
							goto fail;
						o->items = ni;
						size_t *nu = realloc(use_caps, nc * sizeof *nu);
						if (!nu)
							goto fail;
						use_caps = nu;
						items_cap = nc;
					}
					og_origin *it = &o->items[o->n];
					memset(it, 0, sizeof *it);
					it->name = strdup(name);
					if (!it->name)
						goto fail;
					use_caps[o->n] = 0;
					*slot = ++o->n;
					/* keep the table at most half full */
					if (o->n * 2 > t.cap && table_grow(&t, o->items, o->n) != 0)
						goto fail;
					slot = table_slot(&t, o->items, name);
				}
				size_t idx = *slot - 1;
				og_origin_use u = { .account = a, .group = g, .source = si };
				if (push_use(&o->items[idx], &use_caps[idx], u) != 0)
					goto fail;
			}
		}
	}
	for (size_t i = 0; i < o->n; i++)
		finish_origin(&o->items[i]);
	free(t.slots);
	free(use_caps);
	if (origins_set_view(o, NULL, ORIGINS_BY_NAME) != 0) {
		origins_free(o);
		return -1;
	}
	return 0;
fail:
	free(t.slots);
	free(use_caps);
	origins_free(o);
	return -1;
}

/* ---- the view ---- */

static int cmp_by_name(const void *a, const void *b)
{
	const og_origin *x = *(const og_origin *const *)a, *y = *(const og_origin *const *)b;
	return strcmp(x->name, y->name);
}

static int cmp_by_groups(const void *a, const void *b)
{
	const og_origin *x = *(const og_origin *const *)a, *y = *(const og_origin *const *)b;
	if (x->n_groups != y->n_groups)
		return x->n_groups > y->n_groups ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* Whether haystack (an identity: lower case) contains needle (lower-cased
 * here). */
static bool contains_ci(const char *haystack, const char *needle)
{
	size_t nl = strlen(needle);
	for (const char *h = haystack; *h; h++) {
		size_t i = 0;
		while (i < nl && h[i] && lower(h[i]) == lower(needle[i]))
			i++;
		if (i == nl)
			return true;
	}
	return nl == 0;
}

int origins_set_view(og_origins *o, const char *filter, origins_sort sort)
{
	const og_origin **pick = malloc((o->n ? o->n : 1) * sizeof *pick);
	size_t *view = malloc((o->n ? o->n : 1) * sizeof *view);
	if (!pick || !view) {
		free(pick);
		free(view);
		return -1;
	}
	size_t k = 0;
	for (size_t i = 0; i < o->n; i++)
		if (!filter || !*filter || contains_ci(o->items[i].name, filter))
			pick[k++] = &o->items[i];
	qsort(pick, k, sizeof *pick, sort == ORIGINS_BY_GROUPS ? cmp_by_groups : cmp_by_name);
	for (size_t i = 0; i < k; i++)
		view[i] = (size_t)(pick[i] - o->items);
	free(pick);
	free(o->view);
	o->view = view;
	o->n_view = k;
	return 0;
}

/* ---- lookups ---- */

const og_origin *origins_find(const og_origins *o, const char *name)
{
	if (!name)
		return NULL;
	char want[ORIGIN_NAME_MAX + 1];
	copy_identity(name, want, sizeof want);
	for (size_t i = 0; i < o->n; i++)
		if (strcmp(o->items[i].name, want) == 0)
			return &o->items[i];
	return NULL;
}

/* The host part of an identity: "[v6]:port" -> "v6", "host:port" -> host,
 * a bare IPv6 address (several colons) or a bucket whole. Into out. */
static void host_of(const char *name, char *out, size_t n)
{
	const char *end = NULL;
	const char *start = name;
	if (name[0] == '[') {
		const char *close = strchr(name, ']');
		if (close) {
			start = name + 1;
			end = close;
		}
	} else {
		const char *colon = strchr(name, ':');
		if (colon && !strchr(colon + 1, ':'))
			end = colon;
	}
	size_t len = end ? (size_t)(end - start) : strlen(start);
	if (len >= n)
		len = n - 1;
	for (size_t i = 0; i < len; i++)
		out[i] = lower(start[i]);
	out[len] = '\0';
}

size_t origins_near(const og_origins *o, const char *name, size_t *out, size_t max)
{
	if (!name)
		return 0;
	char want[ORIGIN_NAME_MAX + 1], want_host[ORIGIN_NAME_MAX + 1];
	copy_identity(name, want, sizeof want);
	host_of(want, want_host, sizeof want_host);
	if (!want_host[0])
		return 0;
	size_t k = 0;
	char host[ORIGIN_NAME_MAX + 1];
	for (size_t i = 0; i < o->n && k < max; i++) {
		if (strcmp(o->items[i].name, want) == 0)
			continue;
		host_of(o->items[i].name, host, sizeof host);
		if (strcmp(host, want_host) == 0)
			out[k++] = i;
	}
	return k;
}
