/* The strict in-place JSON scanner (see net/json_scan.h). */
#include "net/json_scan.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static inline void skip_ws(jscan *s)
{
	while (s->p < s->end && (*s->p == ' ' || *s->p == '\n' || *s->p == '\r' || *s->p == '\t'))
		s->p++;
}

void js_init(jscan *s, const char *text, size_t len)
{
	s->p = text;
	s->end = text + len;
	s->depth = 0;
}

js_type js_peek(jscan *s)
{
	skip_ws(s);
	if (s->p >= s->end)
		return JS_BAD;
	switch (*s->p) {
	case '{': return JS_OBJECT;
	case '[': return JS_ARRAY;
	case '"': return JS_STRING;
	case 't': return JS_TRUE;
	case 'f': return JS_FALSE;
	case 'n': return JS_NULL;
	case '-': case '0': case '1': case '2': case '3': case '4':
	case '5': case '6': case '7': case '8': case '9': return JS_NUMBER;
	default: return JS_BAD;
	}
}

static bool enter(jscan *s, char open)
{
	skip_ws(s);
	if (s->p >= s->end || *s->p != open || s->depth >= JS_MAX_DEPTH)
		return false;
	s->p++;
	s->depth++;
	return true;
}

bool js_object(jscan *s) { return enter(s, '{'); }
bool js_array(jscan *s) { return enter(s, '['); }

/* Before the next item of a container: 1 at it, 0 past the closing byte. */
static int next_item(jscan *s, bool *first, char close)
{
	skip_ws(s);
	if (s->p >= s->end)
		return -1;
	if (*s->p == close) {
		s->p++;
		s->depth--;
		return 0;
	}
	if (!*first) {
		if (*s->p != ',')
			return -1;
		s->p++;
		skip_ws(s);
		if (s->p >= s->end || *s->p == close)
			return -1;   /* a trailing comma */
	}
	*first = false;
	return 1;
}

int js_member(jscan *s, bool *first, js_span *key)
{
	int r = next_item(s, first, '}');
	if (r != 1)
		return r;
	if (!js_string(s, key))
		return -1;
	skip_ws(s);
	if (s->p >= s->end || *s->p != ':')
		return -1;
	s->p++;
	return 1;
}

int js_element(jscan *s, bool *first)
{
	return next_item(s, first, ']');
}

static int hex4(const char *p)
{
	int v = 0;
	for (int i = 0; i < 4; i++) {
		char c = p[i];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v |= c - 'A' + 10;
		else
			return -1;
	}
	return v;
}

/* Bytes a string's scan must stop at: the quote, the backslash, controls. */
static inline bool stop(unsigned char c)
{
	return c < 0x20 || c == '"' || c == '\\';
}

/* Whether any of the 8 bytes of w is one to stop at (SWAR: a byte below
 * n, or equal to b, sets its top bit; no false negatives). */
#define ONES 0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL
static inline uint64_t below(uint64_t w, uint8_t n) { return (w - ONES * n) & ~w & HIGHS; }
static inline uint64_t equal(uint64_t w, uint8_t b) { return below(w ^ (ONES * b), 1); }
static inline uint64_t stop8(const unsigned char *p)
{
	uint64_t w;
	memcpy(&w, p, 8);
	return below(w, 0x20) | equal(w, '"') | equal(w, '\\');
}

/* Past the bytes at p (before end) that are not ones to stop at. The
 * lowest byte flagged in a word is a true one (only a byte above a true
 * one may be flagged falsely), so it is where the run ends. */
static inline const unsigned char *run_of_plain(const unsigned char *p, const unsigned char *end)
{
	while (end - p >= 8) {
		uint64_t m = stop8(p);
		if (m) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
			/* byte k of the word is bits 8k..8k+7 */
			return p + (__builtin_ctzll(m) >> 3);
#else
			break;   /* the bytes one by one below */
#endif
		}
		p += 8;
	}
	while (p < end && !stop(*p))
		p++;
	return p;
}

bool js_string(jscan *s, js_span *out)
{
	skip_ws(s);
	if (s->p >= s->end || *s->p != '"')
		return false;
	const unsigned char *p = (const unsigned char *)s->p + 1;
	const unsigned char *end = (const unsigned char *)s->end;
	out->p = (const char *)p;
	out->escaped = false;
	for (;;) {
		p = run_of_plain(p, end);
		if (p >= end || *p < 0x20)
			return false;
		if (*p == '"')
			break;
		/* a backslash */
		out->escaped = true;
		if (end - p < 2)
			return false;
		switch (p[1]) {
		case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
			p += 2;
			continue;
		case 'u':
			break;
		default:
			return false;
		}
		if (end - p < 6)
			return false;
		int c = hex4((const char *)p + 2);
		if (c < 0 || (c >= 0xDC00 && c <= 0xDFFF))
			return false;   /* not hex, or a lone low surrogate */
		p += 6;
		if (c >= 0xD800 && c <= 0xDBFF) {
			/* a high surrogate: its low one must follow */
			if (end - p < 6 || p[0] != '\\' || p[1] != 'u')
				return false;
			int lo = hex4((const char *)p + 2);
			if (lo < 0xDC00 || lo > 0xDFFF)
				return false;
			p += 6;
		}
	}
	out->n = (size_t)((const char *)p - out->p);
	s->p = (const char *)p + 1;
	return true;
}

static bool is_digit(const char *p, const char *end)
{
	return p < end && *p >= '0' && *p <= '9';
}

/* Where a value's text may end: not in the middle of a word. */
static bool delimited(const char *p, const char *end)
{
	return p >= end || *p == ',' || *p == '}' || *p == ']' || *p == ' ' || *p == '\n' ||
	       *p == '\r' || *p == '\t';
}

bool js_number(jscan *s, js_span *out)
{
	skip_ws(s);
	const char *p = s->p, *end = s->end;
	out->p = p;
	out->escaped = false;
	if (p < end && *p == '-')
		p++;
	if (!is_digit(p, end))
		return false;
	if (*p == '0')
		p++;
	else
		while (is_digit(p, end))
			p++;
	if (p < end && *p == '.') {
		p++;
		if (!is_digit(p, end))
			return false;
		while (is_digit(p, end))
			p++;
	}
	if (p < end && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < end && (*p == '+' || *p == '-'))
			p++;
		if (!is_digit(p, end))
			return false;
		while (is_digit(p, end))
			p++;
	}
	if (!delimited(p, end))
		return false;
	out->n = (size_t)(p - out->p);
	s->p = p;
	return true;
}

static bool literal(jscan *s, const char *word, size_t n)
{
	if ((size_t)(s->end - s->p) < n || memcmp(s->p, word, n) != 0 ||
	    !delimited(s->p + n, s->end))
		return false;
	s->p += n;
	return true;
}

bool js_skip(jscan *s, js_type *type)
{
	js_type t = js_peek(s);
	if (type)
		*type = t;
	js_span sp;
	bool first = true;
	int r;
	switch (t) {
	case JS_OBJECT:
		if (!js_object(s))
			return false;
		while ((r = js_member(s, &first, &sp)) == 1)
			if (!js_skip(s, NULL))
				return false;
		return r == 0;
	case JS_ARRAY:
		if (!js_array(s))
			return false;
		while ((r = js_element(s, &first)) == 1)
			if (!js_skip(s, NULL))
				return false;
		return r == 0;
	case JS_STRING: return js_string(s, &sp);
	case JS_NUMBER: return js_number(s, &sp);
	case JS_TRUE: return literal(s, "true", 4);
	case JS_FALSE: return literal(s, "false", 5);
	case JS_NULL: return literal(s, "null", 4);
	case JS_BAD: break;
	}
	return false;
}

bool js_at_end(jscan *s)
{
	skip_ws(s);
	return s->p >= s->end;
}

/* One code point as UTF-8 (as cJSON writes it); its length. */
static size_t utf8(uint32_t c, char *out)
{
	if (c < 0x80) {
		out[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		out[0] = (char)(0xC0 | (c >> 6));
		out[1] = (char)(0x80 | (c & 0x3F));
		return 2;
	}
	if (c < 0x10000) {
		out[0] = (char)(0xE0 | (c >> 12));
		out[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		out[2] = (char)(0x80 | (c & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (c >> 18));
	out[1] = (char)(0x80 | ((c >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((c >> 6) & 0x3F));
	out[3] = (char)(0x80 | (c & 0x3F));
	return 4;
}

long js_decode(const js_span *sp, char *out)
{
	if (!sp->escaped) {
		memcpy(out, sp->p, sp->n);
		out[sp->n] = '\0';
		return (long)sp->n;
	}
	const char *p = sp->p, *end = sp->p + sp->n;
	char *o = out;
	while (p < end) {
		const char *bs = memchr(p, '\\', (size_t)(end - p));
		size_t run = (size_t)((bs ? bs : end) - p);
		memcpy(o, p, run);
		o += run;
		p += run;
		if (!bs)
			break;
		/* js_string checked every escape: each is whole and valid */
		char c = p[1];
		p += 2;
		switch (c) {
		case 'b': *o++ = '\b'; break;
		case 'f': *o++ = '\f'; break;
		case 'n': *o++ = '\n'; break;
		case 'r': *o++ = '\r'; break;
		case 't': *o++ = '\t'; break;
		case 'u': {
			uint32_t cp = (uint32_t)hex4(p);
			p += 4;
			if (cp >= 0xD800 && cp <= 0xDBFF) {
				uint32_t lo = (uint32_t)hex4(p + 2);
				p += 6;
				cp = 0x10000 + (((cp & 0x3FF) << 10) | (lo & 0x3FF));
			}
			if (cp == 0)
				return -1;
			/* at most 4 bytes out for at least 6 in */
			o += utf8(cp, o);
			break;
		}
		default: *o++ = c; break;   /* " \ / */
		}
	}
	*o = '\0';
	return (long)(o - out);
}

char *js_strdup(const js_span *sp)
{
	char *d = malloc(sp->n + 1);
	if (d && js_decode(sp, d) < 0) {
		free(d);
		return NULL;
	}
	return d;
}

bool js_equals(const js_span *sp, const char *lit)
{
	size_t n = strlen(lit);
	if (!sp->escaped)
		return sp->n == n && memcmp(sp->p, lit, n) == 0;
	if (sp->n > 256)
		return false;   /* every literal compared is short; its escapes at most 6x */
	char buf[257];
	long k = js_decode(sp, buf);
	return k == (long)n && memcmp(buf, lit, n) == 0;
}
