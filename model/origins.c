/* The sources pivot (model/origins.h): one pass over every source of every
 * loaded group, an open-addressing hash of identities so that 10,000 groups
 * cost one lookup a source, then each origin's uses sorted once. */
#include "model/origins.h"

#include <stdbool.h>
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
	const char *h = s->host && *s->host ? s->host : s->key;
	if (strncasecmp(h, "https://", 8) == 0)
		h += 8;
	else if (strncasecmp(h, "http://", 7) == 0)
		h += 7;
	if (s->port <= 0) {
		copy_identity(h, out, n);
		return;
	}
	/* og_source_address()'s form, written here without printf: the pivot
	 * forms one a source, 30,000 for 10,000 groups */
	char addr[ORIGIN_NAME_MAX + 64];
	size_t len = strlen(h), at = 0;
	if (len > ORIGIN_NAME_MAX)
		len = ORIGIN_NAME_MAX;   /* cut below anyway */
	bool bracket = memchr(h, ':', len) && !memchr(h, '[', len) && !strstr(h, "://");
	if (bracket)
		addr[at++] = '[';
	memcpy(addr + at, h, len);
	at += len;
	if (bracket)
		addr[at++] = ']';
	addr[at++] = ':';
	char digits[24];
	int nd = 0;
	for (unsigned long p = (unsigned long)s->port; p && nd < 20; p /= 10)
		digits[nd++] = (char)('0' + p % 10);
	while (nd > 0)
		addr[at++] = digits[--nd];
	addr[at] = '\0';
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
	uint64_t *hashes;       /* each item's hash, so a probe compares the
	                           text only when the hashes agree */
	size_t cap;             /* a power of two, at least twice the sources:
	                           never grown */
} name_table;

static int table_init(name_table *t, size_t sources)
{
	size_t cap = 1024;
	while (cap < sources * 2)
		cap *= 2;
	t->slots = calloc(cap, sizeof *t->slots);
	t->hashes = malloc((sources ? sources : 1) * sizeof *t->hashes);
	t->cap = cap;
	return t->slots && t->hashes ? 0 : -1;
}

static void table_free(name_table *t)
{
	free(t->slots);
	free(t->hashes);
}

/* The slot of `name` (hash h): holding its origin, or the empty one to put
 * it in. */
static size_t *table_slot(const name_table *t, const og_origin *items, const char *name, uint64_t h)
{
	size_t at = (size_t)h & (t->cap - 1);
	while (t->slots[at]) {
		size_t i = t->slots[at] - 1;
		if (t->hashes[i] == h && strcmp(items[i].name, name) == 0)
			break;
		at = (at + 1) & (t->cap - 1);
	}
	return &t->slots[at];
}

/* ---- building ---- */

/* The identities' text: blocks that never move, so a name's pointer stays
 * good while more are added; freed whole with the pivot. */
#define ARENA_BLOCK 65536
typedef struct arena_block {
	struct arena_block *next;
	size_t used, cap;
	char data[];
} arena_block;

static char *arena_dup(og_origins *o, const char *s)
{
	size_t len = strlen(s) + 1;
	arena_block *b = o->arena_;
	if (!b || b->cap - b->used < len) {
		size_t cap = len > ARENA_BLOCK ? len : ARENA_BLOCK;
		arena_block *nb = malloc(sizeof *nb + cap);
		if (!nb)
			return NULL;
		nb->next = b;
		nb->used = 0;
		nb->cap = cap;
		o->arena_ = b = nb;
	}
	char *d = b->data + b->used;
	memcpy(d, s, len);
	b->used += len;
	return d;
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

/* Sorts the uses (most origins have one: nothing to sort) and counts
 * groups, accounts and flags. */
static void finish_origin(og_origin *o)
{
	if (o->n_uses > 1)
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
	for (arena_block *b = o->arena_, *next; b; b = next) {
		next = b->next;
		free(b);
	}
	free(o->uses_);
	free(o->items);
	free(o->view);
	memset(o, 0, sizeof *o);
}

/* Every use with its origin's index, in the order met: the first pass. */
typedef struct met {
	og_origin_use *uses;
	size_t *origin;
	size_t n, cap;
} met;

static int met_push(met *m, og_origin_use u, size_t origin)
{
	if (m->n == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 1024;
		og_origin_use *nu = realloc(m->uses, cap * sizeof *nu);
		if (!nu)
			return -1;
		m->uses = nu;
		size_t *no = realloc(m->origin, cap * sizeof *no);
		if (!no)
			return -1;
		m->origin = no;
		m->cap = cap;
	}
	m->uses[m->n] = u;
	m->origin[m->n++] = origin;
	return 0;
}

int origins_build(og_origins *o, const og_origins_account *accounts, size_t n)
{
	memset(o, 0, sizeof *o);
	name_table t = { 0 };
	met m = { 0 };
	char name[ORIGIN_NAME_MAX + 1];

	/* every array sized once, for the case of one origin a source */
	size_t sources = 0;
	for (size_t a = 0; a < n; a++)
		for (size_t gi = 0; accounts[a].groups && gi < accounts[a].groups->n; gi++)
			if (accounts[a].groups->items[gi])
				sources += accounts[a].groups->items[gi]->n_sources;
	if (table_init(&t, sources) != 0)
		goto fail;
	o->items = malloc((sources ? sources : 1) * sizeof *o->items);
	m.uses = malloc((sources ? sources : 1) * sizeof *m.uses);
	m.origin = malloc((sources ? sources : 1) * sizeof *m.origin);
	if (!o->items || !m.uses || !m.origin)
		goto fail;
	m.cap = sources;
	/* one pass: each use's origin found (or added) by its identity's hash */
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
				uint64_t h = hash_name(name);
				size_t *slot = table_slot(&t, o->items, name, h);
				if (!*slot) {
					og_origin *it = &o->items[o->n];
					memset(it, 0, sizeof *it);
					it->name = arena_dup(o, name);
					if (!it->name)
						goto fail;
					t.hashes[o->n] = h;
					*slot = ++o->n;
				}
				size_t idx = *slot - 1;
				o->items[idx].n_uses++;
				og_origin_use u = { .account = a, .group = g, .source = si };
				if (met_push(&m, u, idx) != 0)
					goto fail;
			}
		}
	}
	/* then every origin's uses side by side in one array (a counting
	 * sort: each origin's slice starts where the previous one ends) */
	if (m.n) {
		o->uses_ = malloc(m.n * sizeof *o->uses_);
		if (!o->uses_)
			goto fail;
	}
	size_t at = 0;
	for (size_t i = 0; i < o->n; i++) {
		o->items[i].uses = o->uses_ + at;
		at += o->items[i].n_uses;
		o->items[i].n_uses = 0;
	}
	for (size_t k = 0; k < m.n; k++) {
		og_origin *it = &o->items[m.origin[k]];
		it->uses[it->n_uses++] = m.uses[k];
	}
	for (size_t i = 0; i < o->n; i++)
		finish_origin(&o->items[i]);
	table_free(&t);
	free(m.uses);
	free(m.origin);
	if (origins_set_view(o, NULL, ORIGINS_BY_NAME) != 0) {
		origins_free(o);
		return -1;
	}
	return 0;
fail:
	table_free(&t);
	free(m.uses);
	free(m.origin);
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
