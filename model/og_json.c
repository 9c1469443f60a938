/* The --json text of groups, written directly (see og_json.h). The order
 * and presence of every member follow og_group_to_json() in og.c. */
#include "model/og_json.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* t's room made cap bytes (more than its text and NUL). */
static int resize(og_text *t, size_t cap)
{
	if (t->fixed)
		return -1;
	char *b = realloc(t->buf, cap);
	if (!b)
		return -1;
	if (!t->buf)
		b[0] = '\0';
	t->buf = b;
	t->cap = cap;
	return 0;
}

/* Room at t's end for `more` bytes and the NUL, grown geometrically (twice
 * as much, from 4 KiB): a text is moved a few times in all, not once per
 * group. 0, or -1 on out of memory (t as it was). */
static int grow_slow(og_text *t, size_t more)
{
	if (more > SIZE_MAX - 1 - t->len)
		return -1;
	size_t need = t->len + more + 1;
	size_t cap = t->cap ? t->cap : 4096;
	while (cap < need) {
		if (cap > SIZE_MAX / 2)
			return -1;
		cap *= 2;
	}
	return resize(t, cap);
}

/* Room for `more` bytes and the NUL (written as cap - len > more, which
 * cannot overflow: a zeroed text has cap == len == 0). */
static inline int grow(og_text *t, size_t more)
{
	return more < t->cap - t->len ? 0 : grow_slow(t, more);
}

/* og_text_add, inlined here. */
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

int og_text_reserve(og_text *t, size_t more)
{
	if (more < t->cap - t->len)
		return 0;
	if (more > SIZE_MAX - 1 - t->len)
		return -1;
	return resize(t, t->len + more + 1);
}

void og_text_free(og_text *t)
{
	free(t->buf);
	*t = (og_text){ 0 };
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

/* ---- writing ------------------------------------------------------------
 * A group is written through a pointer `o` into room reserved beforehand
 * (at()): one check of the room per source, or per string of a list,
 * instead of one per member, and no NUL after every piece. */

/* The most a string of n bytes takes written: 6 bytes for one (\u00xx)
 * and the quotes; SIZE_MAX / 2 (more than can ever be had) when that
 * overflows, so that a few of them still add up without wrapping. */
static inline size_t string_room(size_t n)
{
	return n > (SIZE_MAX / 2 - 2) / 6 ? SIZE_MAX / 2 : 6 * n + 2;
}

/* Where to write at t's end, with room for `more` bytes and the NUL;
 * NULL on out of memory. */
static inline char *at(og_text *t, size_t more)
{
	return grow(t, more) < 0 ? NULL : t->buf + t->len;
}

/* Ends what was written up to o: t's length and its NUL. */
static inline void done(og_text *t, char *o)
{
	t->len = (size_t)(o - t->buf);
	*o = '\0';
}

/* A literal's bytes at o; o after them. */
#define PUT(o, lit) (memcpy(o, lit, sizeof lit - 1), (o) + sizeof lit - 1)
/* A member holding true or false, after a comma (never first here). */
#define PUT_BOOL(o, name, v) \
	((v) == OG_YES ? PUT(o, ",\"" name "\":true") : PUT(o, ",\"" name "\":false"))
/* The longest int put_int writes (for the room to reserve). */
#define INT_MIN_TEXT "-2147483648"

/* The escape cJSON prints for byte c (one that needs one) at o; o after it. */
static char *escape(char *o, unsigned char c)
{
	*o++ = '\\';
	switch (c) {
	case '"': *o++ = '"'; return o;
	case '\\': *o++ = '\\'; return o;
	case '\b': *o++ = 'b'; return o;
	case '\f': *o++ = 'f'; return o;
	case '\n': *o++ = 'n'; return o;
	case '\r': *o++ = 'r'; return o;
	case '\t': *o++ = 't'; return o;
	}
	static const char hex[] = "0123456789abcdef";
	memcpy(o, "u00", 3);
	o[3] = hex[c >> 4];
	o[4] = hex[c & 15];
	return o + 5;
}

static inline bool plain(unsigned char c)
{
	return c >= 0x20 && c != '"' && c != '\\';
}

/* The word-at-a-time paths read the lowest byte of a word as the first:
 * SSE2's 16 bytes a step where it is (x86-64), else (OG_JSON_NO_SIMD, which
 * tests set to cover it) 8 bytes in a word (SWAR); on a big-endian machine
 * (or with OG_JSON_BYTEWISE, which tests set too) every byte is looked at
 * alone. */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ && \
	!defined(OG_JSON_BYTEWISE)
#define WORDWISE 1
#else
#define WORDWISE 0
#endif
#if WORDWISE && defined(__SSE2__) && !defined(OG_JSON_NO_SIMD)
#include <emmintrin.h>
#define SSE2WISE 1
#else
#define SSE2WISE 0
#endif

#if WORDWISE && !SSE2WISE
/* The bytes of the word w that are not plain (a byte below 0x20, a quote
 * or a backslash), each as its top bit (SWAR). The lowest flagged byte is
 * always a true one (borrows only run upwards), which is all put_string
 * reads of it. */
#define ONES 0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL
static inline uint64_t below(uint64_t w, uint8_t n) { return (w - ONES * n) & ~w & HIGHS; }
static inline uint64_t unplain8(uint64_t w)
{
	return below(w, 0x20) | below(w ^ (ONES * '"'), 1) | below(w ^ (ONES * '\\'), 1);
}
#endif

/* The bytes of s from byte i on at o (where byte i of s goes; the bytes
 * before it are written already), escaped where they must be: the way
 * every byte is written where no word is, and the way on from the first
 * byte a word found to escape (rare: the fast paths stop there). */
static char *put_bytes(char *o, const unsigned char *p, size_t i, size_t n)
{
	for (; i < n; i++) {
		if (plain(p[i]))
			*o++ = (char)p[i];
		else
			o = escape(o, p[i]);
	}
	return o;
}

static inline char *close_string(char *o)
{
	*o++ = '"';
	return o;
}

#if SSE2WISE
/* The bytes of v that are not plain, as the bits of a mask (byte k bit k):
 * below 0x20 (as unsigned: min(v, 0x1f) == v), a quote or a backslash. */
static inline unsigned unplain16(__m128i v)
{
	__m128i low = _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x1f)), v);
	__m128i q = _mm_cmpeq_epi8(v, _mm_set1_epi8('"'));
	__m128i b = _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'));
	return (unsigned)_mm_movemask_epi8(_mm_or_si128(low, _mm_or_si128(q, b)));
}
#endif

/* The n bytes of s as a JSON string at o, which has room for
 * string_room(n) bytes and the NUL; o after the closing quote. Plain
 * bytes go a word at a time, never read past s's n bytes: whole words,
 * then one more that ends at byte n (overlapping the one before, whose
 * bytes are the same); each word is stored before it is looked at, so a
 * string with nothing to escape (nearly every one) is one load, one check
 * and one store a word. From the first byte to escape on, bytewise.
 * Inlined where it is called (GCC would not, for its size): a call a
 * string cost ~10% of a page's writing, and each place has its own
 * lengths to branch on. */
#define INLINE static inline __attribute__((always_inline))
INLINE char *put_string(char *o, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	*o++ = '"';
#if SSE2WISE
	if (n >= 16) {
		/* whole words while more than one is left, then the last 16
		 * bytes: those of them before it are plain already, so the first
		 * flagged one is the first to escape */
		size_t i = 0;
		unsigned m;
		for (; n - i > 16; i += 16) {
			__m128i v = _mm_loadu_si128((const __m128i *)(p + i));
			_mm_storeu_si128((__m128i *)(o + i), v);
			if ((m = unplain16(v)) != 0)
				goto escaped;
		}
		i = n - 16;
		__m128i v = _mm_loadu_si128((const __m128i *)(p + i));
		_mm_storeu_si128((__m128i *)(o + i), v);
		if ((m = unplain16(v)) == 0)
			return close_string(o + n);
escaped:
		i += (size_t)__builtin_ctz(m);
		return close_string(put_bytes(o + i, p, i, n));
	}
	if (n >= 4) {
		/* the first and the last 8 (4) bytes, overlapping, as one word
		 * of 16 (8 and zeros, which the mask drops) */
		__m128i v;
		unsigned keep, m;
		size_t half;
		if (n >= 8) {
			uint64_t a, b;
			memcpy(&a, p, 8);
			memcpy(&b, p + n - 8, 8);
			memcpy(o, &a, 8);
			memcpy(o + n - 8, &b, 8);
			v = _mm_set_epi64x((long long)b, (long long)a);
			keep = 0xffff;
			half = 8;
		} else {
			uint32_t a, b;
			memcpy(&a, p, 4);
			memcpy(&b, p + n - 4, 4);
			memcpy(o, &a, 4);
			memcpy(o + n - 4, &b, 4);
			v = _mm_cvtsi32_si128((int)a);
			v = _mm_unpacklo_epi32(v, _mm_cvtsi32_si128((int)b));
			keep = 0xff;
			half = 4;
		}
		if ((m = unplain16(v) & keep) == 0)
			return close_string(o + n);
		/* bit k < half is byte k; from half on, byte n - 2 * half + k */
		size_t k = (size_t)__builtin_ctz(m);
		if (k >= half)
			k += n - 2 * half;
		return close_string(put_bytes(o + k, p, k, n));
	}
#elif WORDWISE
	if (n >= 8) {
		/* as SSE2's above, 8 bytes a word */
		size_t i = 0;
		uint64_t m;
		for (; n - i > 8; i += 8) {
			uint64_t w;
			memcpy(&w, p + i, 8);
			memcpy(o + i, &w, 8);
			if ((m = unplain8(w)) != 0)
				goto escaped;
		}
		i = n - 8;
		uint64_t w;
		memcpy(&w, p + i, 8);
		memcpy(o + i, &w, 8);
		if ((m = unplain8(w)) == 0)
			return close_string(o + n);
escaped:
		i += (size_t)__builtin_ctzll(m) >> 3;   /* byte k is bits 8k..8k+7 */
		return close_string(put_bytes(o + i, p, i, n));
	}
#endif
#if WORDWISE && !SSE2WISE
	if (n >= 4) {
		uint32_t a, b;
		memcpy(&a, p, 4);
		memcpy(&b, p + n - 4, 4);
		memcpy(o, &a, 4);
		memcpy(o + n - 4, &b, 4);
		uint64_t m = unplain8(a | (uint64_t)b << 32);
		if (m) {
			size_t bit = (size_t)__builtin_ctzll(m) >> 3;
			size_t k = bit < 4 ? bit : n - 8 + bit;
			return close_string(put_bytes(o + k, p, k, n));
		}
		return close_string(o + n);
	}
#endif
	return close_string(put_bytes(o, p, 0, n));
}

/* n bytes written already (a string's text) again at o, which has room
 * for them; o after them. With SSE2, 16 bytes a step and the last 16 (one
 * that overlaps the step before) ending at byte n: no call of memcpy for
 * the length it is only told at run time. */
static inline char *copy_text(char *o, const char *p, size_t n)
{
#if SSE2WISE
	if (n >= 16) {
		size_t i = 0;
		for (; n - i > 16; i += 16)
			_mm_storeu_si128((__m128i *)(o + i), _mm_loadu_si128((const __m128i *)(p + i)));
		_mm_storeu_si128((__m128i *)(o + n - 16),
		                 _mm_loadu_si128((const __m128i *)(p + n - 16)));
		return o + n;
	}
#endif
	memcpy(o, p, n);
	return o + n;
}

int og_json_add_string(og_text *t, const char *s)
{
	size_t n = strlen(s);
	char *o = at(t, string_room(n));
	if (!o)
		return -1;
	done(t, put_string(o, s, n));
	return 0;
}

/* v in decimal at o (room for INT_MIN_TEXT); o after it. As cJSON prints a
 * whole number (its "%d"), without printf's cost: its digits counted
 * first, then written from the last one back in place. */
static char *put_int(char *o, int v)
{
	unsigned u = v < 0 ? 0u - (unsigned)v : (unsigned)v;
	if (v < 0)
		*o++ = '-';
	size_t n = u < 10 ? 1 : u < 100 ? 2 : u < 1000 ? 3 : u < 10000 ? 4 : u < 100000 ? 5
	         : u < 1000000 ? 6 : u < 10000000 ? 7 : u < 100000000 ? 8
	         : u < 1000000000 ? 9 : 10;
	char *end = o + n;
	do {
		*--end = (char)('0' + u % 10);
		u /= 10;
	} while (end > o);
	return o + n;
}

/* The strings of a list (NULL written ""), comma-separated: each
 * reserved as it comes, with room for `tail` bytes after the last.
 * Inlined (as put_string) in each of its two places. */
INLINE int put_strings(og_text *t, char *const *a, size_t n, size_t tail)
{
	for (size_t i = 0; i < n; i++) {
		const char *s = a[i] ? a[i] : "";
		size_t len = strlen(s);
		char *o = at(t, 1 + string_room(len) + tail);
		if (!o)
			return -1;
		if (i)
			*o++ = ',';
		done(t, put_string(o, s, len));
	}
	return 0;
}

/* The member ,"kind":"name" of each kind as written, made the first time
 * a source of that kind is written on a thread (a list's pages are made
 * text on two at once; a table of its own each, so nothing is shared):
 * every source after it copies it whole, a fixed KIND_COPY bytes of which
 * n are the member, instead of measuring and writing the name again. A
 * kind past those of og.h (there is none) is written each time. */
#define KIND_COPY 32
#define KINDS ((size_t)OG_KIND_FASTEDGE + 1)
typedef struct kind_member {
	size_t n;               /* 0: not made yet; SIZE_MAX: longer than KIND_COPY */
	char text[KIND_COPY];
} kind_member;
static _Thread_local kind_member kind_members[KINDS];

/* m (k's) made: its n the member's length, or SIZE_MAX when not kept. */
static void kind_member_make(kind_member *m, og_kind k)
{
	const char *name = og_kind_name(k);
	size_t n = strlen(name);
	m->n = SIZE_MAX;
	if (n <= 8) {
		char text[sizeof ",\"kind\":" + 6 * 8 + 2] = { 0 };
		size_t len = (size_t)(put_string(PUT(text, ",\"kind\":"), name, n) - text);
		if (len <= KIND_COPY) {
			memcpy(m->text, text, KIND_COPY);
			m->n = len;
		}
	}
}

/* k's member as written (table: the thread's kind_members, found once a
 * group), or NULL when it is not kept: once made, one test (n - 1 below
 * KIND_COPY: neither 0 nor SIZE_MAX). */
static inline const kind_member *kind_member_of(kind_member *table, og_kind k)
{
	if ((size_t)k >= KINDS)
		return NULL;
	kind_member *m = &table[k];
	if (__builtin_expect(m->n - 1 < KIND_COPY, 1))
		return m;
	if (!m->n)
		kind_member_make(m, k);
	return m->n == SIZE_MAX ? NULL : m;
}

/* Lengths no more than this (all its bits set) need no check of their
 * own: 6 times the sum of five of them, and a few hundred, do not wrap. */
#define SHORT_MAX (SIZE_MAX >> 6)

/* A source's object, after a comma unless it is the first. Its strings
 * measured once, and all of it written in one reserved room. */
static int source_add(og_text *t, const og_source *s, bool first, kind_member *kinds)
{
	const char *key = s->key ? s->key : "";
	const kind_member *km = kind_member_of(kinds, s->kind);
	const char *kind = km ? NULL : og_kind_name(s->kind);
	size_t key_n = strlen(key), kind_n = km ? 0 : strlen(kind);
	/* a host equal to the key is most often the key itself (og_group_pack) */
	size_t host_n = s->host == s->key ? key_n : s->host ? strlen(s->host) : 0;
	size_t proto_n = s->protocol ? strlen(s->protocol) : 0;
	size_t hh_n = s->host_header ? strlen(s->host_header) : 0;
	/* every member's bytes at their longest (a sizeof counts one more);
	 * the kind's KIND_COPY when it is copied */
	const size_t fixed = sizeof ",{\"key\":" + sizeof ",\"kind\":" + KIND_COPY +
	                     sizeof ",\"host\":" + sizeof ",\"port\":" INT_MIN_TEXT +
	                     sizeof ",\"enabled\":false" + sizeof ",\"backup\":false" +
	                     sizeof ",\"primary\":false" + sizeof ",\"order\":" INT_MIN_TEXT +
	                     sizeof ",\"order_alt\":" INT_MIN_TEXT + sizeof ",\"protocol\":" +
	                     sizeof ",\"host_header\":" + sizeof "}";
	/* the same as the string_room()s' sum, without a check each */
	size_t more = (key_n | kind_n | host_n | proto_n | hh_n) <= SHORT_MAX
	                      ? fixed + 6 * (key_n + kind_n + host_n + proto_n + hh_n) + 5 * 2
	                      : fixed + string_room(key_n) + string_room(kind_n) +
	                                string_room(host_n) + string_room(proto_n) +
	                                string_room(hh_n);
	char *o = at(t, more);
	if (!o)
		return -1;
	if (!first)
		*o++ = ',';
	o = PUT(o, "{\"key\":");
	char *key_at = o;
	o = put_string(o, key, key_n);
	size_t key_out = (size_t)(o - key_at);
	if (km) {
		memcpy(o, km->text, KIND_COPY);   /* reserved above */
		o += km->n;
	} else {
		o = put_string(PUT(o, ",\"kind\":"), kind, kind_n);
	}
	if (s->host == s->key && s->host) {
		/* the key's text again (the room has it: host_n is key_n) */
		o = PUT(o, ",\"host\":");
		o = copy_text(o, key_at, key_out);
	} else if (s->host) {
		o = PUT(o, ",\"host\":");
		o = put_string(o, s->host, host_n);
	}
	if (s->port > 0)
		o = put_int(PUT(o, ",\"port\":"), s->port);
	if (s->enabled != OG_ABSENT)
		o = PUT_BOOL(o, "enabled", s->enabled);
	if (s->backup != OG_ABSENT)
		o = PUT_BOOL(o, "backup", s->backup);
	if (s->primary != OG_ABSENT)
		o = PUT_BOOL(o, "primary", s->primary);
	if (s->order >= 0) {
		o = put_int(PUT(o, ",\"order\":"), s->order);
		if (s->order_alt >= 0)
			o = put_int(PUT(o, ",\"order_alt\":"), s->order_alt);
	}
	if (s->protocol) {
		o = PUT(o, ",\"protocol\":");
		o = put_string(o, s->protocol, proto_n);
	}
	if (s->host_header) {
		o = PUT(o, ",\"host_header\":");
		o = put_string(o, s->host_header, hh_n);
	}
	*o++ = '}';
	done(t, o);
	return 0;
}

/* The members are those of og_group_to_json(), in its order; id and name
 * always come first, so every later member follows a comma. */
int og_group_json_add(og_text *t, const og_group *g)
{
	const char *id = g->id ? g->id : "", *name = g->name ? g->name : "";
	size_t id_n = strlen(id), name_n = strlen(name);
	/* Room from any list's end to the sources' opening, for every list
	 * reserves it after its last string (a sizeof counts one more). */
	const size_t after = sizeof "]" + sizeof ",\"in_use\":false" + sizeof ",\"in_use_by\":[" +
	                     sizeof ",\"settings\":[" + sizeof ",\"sources\":[";
	char *o = at(t, sizeof "{\"id\":" + sizeof ",\"name\":" + sizeof ",\"use_next\":false" +
	                sizeof ",\"next_upstream\":[" + string_room(id_n) + string_room(name_n) +
	                after);
	if (!o)
		return -1;
	o = PUT(o, "{\"id\":");
	o = put_string(o, id, id_n);
	o = PUT(o, ",\"name\":");
	o = put_string(o, name, name_n);
	if (g->use_next != OG_ABSENT)
		o = PUT_BOOL(o, "use_next", g->use_next);
	if (g->use_next != OG_ABSENT || g->n_next_upstream > 0) {
		o = PUT(o, ",\"next_upstream\":[");
		done(t, o);
		if (put_strings(t, g->next_upstream, g->n_next_upstream, after) < 0)
			return -1;
		o = t->buf + t->len;
		*o++ = ']';
	}
	if (g->in_use != OG_ABSENT)
		o = PUT_BOOL(o, "in_use", g->in_use);
	if (g->n_in_use_by > 0) {
		o = PUT(o, ",\"in_use_by\":[");
		done(t, o);
		if (put_strings(t, g->in_use_by, g->n_in_use_by, after) < 0)
			return -1;
		o = t->buf + t->len;
		*o++ = ']';
	}
	if (g->n_settings > 0) {
		o = PUT(o, ",\"settings\":[");
		for (size_t i = 0; i < g->n_settings; i++) {
			const og_setting *e = &g->settings[i];
			const char *label = e->label ? e->label : "", *value = e->value ? e->value : "";
			size_t label_n = strlen(label), value_n = strlen(value);
			done(t, o);
			if (!(o = at(t, sizeof ",{\"label\":" + sizeof ",\"value\":" + sizeof "}" +
			                string_room(label_n) + string_room(value_n) + after)))
				return -1;
			if (i)
				*o++ = ',';
			o = PUT(o, "{\"label\":");
			o = put_string(o, label, label_n);
			o = PUT(o, ",\"value\":");
			o = put_string(o, value, value_n);
			*o++ = '}';
		}
		*o++ = ']';
	}
	o = PUT(o, ",\"sources\":[");
	done(t, o);
	kind_member *kinds = kind_members;
	for (size_t i = 0; i < g->n_sources; i++)
		if (source_add(t, &g->sources[i], i == 0, kinds) < 0)
			return -1;
	if (!(o = at(t, 2)))
		return -1;
	done(t, PUT(o, "]}"));
	return 0;
}
