/* The --json text of groups, written directly (see og_json.h). The order
 * and presence of every member follow og_group_to_json() in og.c. */
#include "model/og_json.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int grow_slow(og_text *t, size_t more)
{
	size_t cap = t->cap ? t->cap : 4096;
	while (cap < t->len + more + 1) {
		if (cap > SIZE_MAX / 2)
			return -1;
		cap *= 2;
	}
	char *b = realloc(t->buf, cap);
	if (!b)
		return -1;
	t->buf = b;
	t->cap = cap;
	return 0;
}

/* Room for `more` bytes and the NUL. */
static inline int grow(og_text *t, size_t more)
{
	return t->len + more + 1 <= t->cap ? 0 : grow_slow(t, more);
}

/* og_text_add, inlined here: most pieces of a group are a few bytes. */
static inline int text_add(og_text *t, const char *s, size_t n)
{
	if (grow(t, n) < 0)
		return -1;
	memcpy(t->buf + t->len, s, n);
	t->len += n;
	t->buf[t->len] = '\0';
	return 0;
}

int og_text_add(og_text *t, const char *s, size_t n)
{
	return text_add(t, s, n);
}

void og_text_free(og_text *t)
{
	free(t->buf);
	t->buf = NULL;
	t->len = t->cap = 0;
}

int og_pieces_add(og_pieces *ps, og_text *t, size_t skip)
{
	if (ps->n == ps->cap) {
		size_t cap = ps->cap ? ps->cap * 2 : 16;
		og_text *p = realloc(ps->piece, cap * sizeof *p);
		if (!p)
			return -1;
		ps->piece = p;
		size_t *k = realloc(ps->skip, cap * sizeof *k);
		if (!k)
			return -1;
		ps->skip = k;
		ps->cap = cap;
	}
	ps->piece[ps->n] = *t;
	ps->skip[ps->n++] = skip < t->len ? skip : t->len;
	*t = (og_text){ 0 };
	return 0;
}

int og_pieces_write(const og_pieces *ps, FILE *out)
{
	for (size_t i = 0; i < ps->n; i++) {
		size_t n = ps->piece[i].len - ps->skip[i];
		if (n && fwrite(ps->piece[i].buf + ps->skip[i], 1, n, out) != n)
			return -1;
	}
	return 0;
}

void og_pieces_free(og_pieces *ps)
{
	for (size_t i = 0; i < ps->n; i++)
		og_text_free(&ps->piece[i]);
	free(ps->piece);
	free(ps->skip);
	*ps = (og_pieces){ 0 };
}

#define ADD(t, lit) text_add(t, lit, sizeof lit - 1)

/* The escape cJSON prints for byte c (one that needs one); its length. */
static size_t escape(unsigned char c, char *o)
{
	o[0] = '\\';
	switch (c) {
	case '"': o[1] = '"'; return 2;
	case '\\': o[1] = '\\'; return 2;
	case '\b': o[1] = 'b'; return 2;
	case '\f': o[1] = 'f'; return 2;
	case '\n': o[1] = 'n'; return 2;
	case '\r': o[1] = 'r'; return 2;
	case '\t': o[1] = 't'; return 2;
	}
	static const char hex[] = "0123456789abcdef";
	memcpy(o + 1, "u00", 3);
	o[4] = hex[c >> 4];
	o[5] = hex[c & 15];
	return 6;
}

static inline bool plain(unsigned char c)
{
	return c >= 0x20 && c != '"' && c != '\\';
}

/* Whether the 8 bytes at p are all plain (SWAR: a byte below 0x20, or equal
 * to a quote or a backslash, sets its top bit; no false negatives). */
#define ONES 0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL
static inline uint64_t below(uint64_t w, uint8_t n) { return (w - ONES * n) & ~w & HIGHS; }
static inline uint64_t unplain8(const unsigned char *p)
{
	uint64_t w;
	memcpy(&w, p, 8);
	return below(w, 0x20) | below(w ^ (ONES * '"'), 1) | below(w ^ (ONES * '\\'), 1);
}

/* The length of the run of plain bytes at p (n bytes). The lowest byte
 * flagged in a word is a true one, so it is where the run ends. */
static inline size_t plain_run(const unsigned char *p, size_t n)
{
	size_t i = 0;
	while (n - i >= 8) {
		uint64_t m = unplain8(p + i);
		if (m) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
			return i + (__builtin_ctzll(m) >> 3);   /* byte k is bits 8k..8k+7 */
#else
			break;
#endif
		}
		i += 8;
	}
	while (i < n && plain(p[i]))
		i++;
	return i;
}

int og_json_add_string(og_text *t, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);
	/* at most 6 bytes out for one in, and the quotes */
	if (n > (SIZE_MAX - 3) / 6 || grow(t, n * 6 + 2) < 0)
		return -1;
	char *o = t->buf + t->len;
	*o++ = '"';
	for (size_t i = 0; i < n;) {
		size_t run = i + plain_run(p + i, n - i);
		memcpy(o, p + i, run - i);
		o += run - i;
		if (run == n)
			break;
		o += escape(p[run], o);
		i = run + 1;
	}
	*o++ = '"';
	*o = '\0';
	t->len = (size_t)(o - t->buf);
	return 0;
}

/* A member's key, written as it is (the names here need no escape), after
 * a comma unless it is the first member. Inlined, so that the length of a
 * literal name is known when compiling. */
static inline int key(og_text *t, bool *first, const char *name)
{
	size_t n = strlen(name);
	if (grow(t, n + 4) < 0)
		return -1;
	char *o = t->buf + t->len;
	if (!*first)
		*o++ = ',';
	*first = false;
	*o++ = '"';
	memcpy(o, name, n);
	o += n;
	*o++ = '"';
	*o++ = ':';
	*o = '\0';
	t->len = (size_t)(o - t->buf);
	return 0;
}

static inline int add_str(og_text *t, bool *first, const char *name, const char *s)
{
	if (!s)
		return 0;
	return key(t, first, name) < 0 || og_json_add_string(t, s) < 0 ? -1 : 0;
}

static inline int add_tri(og_text *t, bool *first, const char *name, og_tri v)
{
	if (v == OG_ABSENT)
		return 0;
	if (key(t, first, name) < 0)
		return -1;
	return v == OG_YES ? ADD(t, "true") : ADD(t, "false");
}

static int add_int(og_text *t, bool *first, const char *name, int v)
{
	char buf[16];
	int n = snprintf(buf, sizeof buf, "%d", v);
	return key(t, first, name) < 0 || og_text_add(t, buf, (size_t)n) < 0 ? -1 : 0;
}

static int add_str_array(og_text *t, bool *first, const char *name, char *const *a, size_t n)
{
	if (key(t, first, name) < 0 || ADD(t, "[") < 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		if ((i && ADD(t, ",") < 0) || og_json_add_string(t, a[i] ? a[i] : "") < 0)
			return -1;
	return ADD(t, "]");
}

static int source_add(og_text *t, const og_source *s)
{
	bool first = true;
	int rc = ADD(t, "{");
	rc |= add_str(t, &first, "key", s->key ? s->key : "");
	rc |= add_str(t, &first, "kind", og_kind_name(s->kind));
	rc |= add_str(t, &first, "host", s->host);
	if (s->port > 0)
		rc |= add_int(t, &first, "port", s->port);
	rc |= add_tri(t, &first, "enabled", s->enabled);
	rc |= add_tri(t, &first, "backup", s->backup);
	rc |= add_tri(t, &first, "primary", s->primary);
	if (s->order >= 0)
		rc |= add_int(t, &first, "order", s->order);
	if (s->order >= 0 && s->order_alt >= 0)
		rc |= add_int(t, &first, "order_alt", s->order_alt);
	rc |= add_str(t, &first, "protocol", s->protocol);
	rc |= add_str(t, &first, "host_header", s->host_header);
	rc |= ADD(t, "}");
	return rc ? -1 : 0;
}

int og_group_json_add(og_text *t, const og_group *g)
{
	bool first = true;
	int rc = ADD(t, "{");
	rc |= add_str(t, &first, "id", g->id ? g->id : "");
	rc |= add_str(t, &first, "name", g->name ? g->name : "");
	rc |= add_tri(t, &first, "use_next", g->use_next);
	if (g->use_next != OG_ABSENT || g->n_next_upstream > 0)
		rc |= add_str_array(t, &first, "next_upstream", g->next_upstream, g->n_next_upstream);
	rc |= add_tri(t, &first, "in_use", g->in_use);
	if (g->n_in_use_by > 0)
		rc |= add_str_array(t, &first, "in_use_by", g->in_use_by, g->n_in_use_by);
	if (g->n_settings > 0) {
		rc |= key(t, &first, "settings");
		rc |= ADD(t, "[");
		for (size_t i = 0; i < g->n_settings; i++) {
			bool f = true;
			const og_setting *e = &g->settings[i];
			rc |= i ? ADD(t, ",{") : ADD(t, "{");
			rc |= add_str(t, &f, "label", e->label ? e->label : "");
			rc |= add_str(t, &f, "value", e->value ? e->value : "");
			rc |= ADD(t, "}");
		}
		rc |= ADD(t, "]");
	}
	rc |= key(t, &first, "sources");
	rc |= ADD(t, "[");
	for (size_t i = 0; i < g->n_sources; i++) {
		if (i)
			rc |= ADD(t, ",");
		rc |= source_add(t, &g->sources[i]);
	}
	rc |= ADD(t, "]}");
	return rc ? -1 : 0;
}
