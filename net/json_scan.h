/* A strict JSON scanner that reads a document in place, without building a
 * tree: for the long lists (10,000 groups), where a cJSON tree per page costs
 * more than the wire. The caller walks objects and arrays member by member,
 * takes the values it needs as spans of the text and skips the rest (still
 * checked).
 *
 * Two grammars. js_init: only RFC 8259 JSON (no control characters in
 * strings, lone surrogates, leading zeros, trailing commas, bytes after the
 * document, more than JS_MAX_DEPTH levels). js_init_cjson: exactly what
 * cJSON 1.7 (cJSON_ParseWithLength) accepts, read as it reads it, so that a
 * reader built on it can stand in for a cJSON tree: any byte up to 0x20 is
 * whitespace, a leading UTF-8 BOM is skipped, strings may hold raw control
 * bytes and end (as C strings) at a NUL or \u0000, a \u escape with a bad
 * hex digit is U+0000, numbers are what strtod makes of up to 63 bytes of
 * [0-9+-eE.], literals need no delimiter, nesting stops at cJSON's
 * CJSON_NESTING_LIMIT (1000) and bytes after the document are not looked
 * at. js_print writes a value as cJSON_PrintUnformatted prints it.
 * Internal to net/. */
#ifndef NET_JSON_SCAN_H
#define NET_JSON_SCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* SSE2 scans a string 16 bytes at a time; elsewhere (arm64, or built with
 * -DJS_NO_SIMD, as a test does to cover it) 8 at a time in a word. */
#if defined(__SSE2__) && !defined(JS_NO_SIMD)
#include <emmintrin.h>
#define JS_SSE2 1
#endif

#define JS_MAX_DEPTH 64

typedef enum js_type {
	JS_BAD, JS_OBJECT, JS_ARRAY, JS_STRING, JS_NUMBER, JS_TRUE, JS_FALSE, JS_NULL,
} js_type;

typedef struct jscan {
	const char *p, *end;
	int depth;
	int max_depth;  /* JS_MAX_DEPTH, or cJSON's CJSON_NESTING_LIMIT */
	bool cjson;     /* cJSON's grammar (js_init_cjson) */
} jscan;

/* A string's contents between its quotes (as in the text; `escaped` when a
 * backslash is in it), or a number's text. */
typedef struct js_span {
	const char *p;
	size_t n;
	bool escaped;
	bool controls;  /* cJSON's grammar: a raw byte below 0x20 is in it */
	bool cjson;     /* read with cJSON's grammar: decoded as cJSON does */
} js_span;

void js_init(jscan *s, const char *text, size_t len);
/* The same with cJSON's grammar (see above); a leading BOM is passed. */
void js_init_cjson(jscan *s, const char *text, size_t len);
/* The type of the value at the cursor (after whitespace) by its first byte;
 * JS_BAD at the end or at a byte no value starts with. */
static inline js_type js_peek(jscan *s);
/* Enter the object (array) at the cursor. false: not one, or too deep. */
static inline bool js_object(jscan *s);
static inline bool js_array(jscan *s);
/* The next member of the object entered: 1 with its key in *key and the
 * cursor at its value (the whitespace before it passed); 0 when the object
 * ended (its '}' read); -1 when malformed. *first is the caller's, true
 * before the first call. */
static inline int js_member(jscan *s, bool *first, js_span *key);
/* The same for an array's elements: 1 at an element (whitespace passed),
 * 0 at its end. */
static inline int js_element(jscan *s, bool *first);
/* js_member in two steps, for a reader that knows the keys it looks for:
 * js_member_begin answers 1 with the cursor at the next key's opening
 * quote (0 and -1 as js_member); then js_member_known tells whether the
 * key is the plain `text` (of n bytes: the key, its closing quote and a
 * ':' at once after it, e.g. "id\":"; n of 2 to 24, a constant; the key
 * holds no quote, backslash or byte below 0x20), without scanning it:
 * when it is, *key (key may be NULL: not wanted) and the cursor are as
 * js_member leaves them. js_member_end reads the key (any) as js_member
 * does. */
static inline int js_member_begin(jscan *s, bool *first);
static inline bool js_member_known(jscan *s, const char *text, size_t n, js_span *key);
static inline int js_member_end(jscan *s, js_span *key);
/* Whether the n bytes at a and b are the same, n a constant of 2 to 24
 * (a key's length, told already): a few loads, where memcmp of 6, 7, 11
 * or 20 bytes would be a call. */
static inline bool js_same_bytes(const char *a, const char *b, size_t n);
/* js_peek, js_string and js_skip where the cursor is known to be past
 * whitespace already: right after js_member or js_element returned 1 (a
 * page of Gcore groups is ~45,000 tokens: passing no whitespace again at
 * each costs more than some tokens do). js_string_here wants the cursor at
 * a string (js_peek_here said JS_STRING); js_skip_here passes the value
 * whose type js_peek_here told at the cursor. Each answers as the call
 * without _here would there. */
static inline js_type js_peek_here(const jscan *s);
/* js_object and js_array where the cursor is past whitespace already. */
static inline bool js_object_here(jscan *s);
static inline bool js_array_here(jscan *s);
static inline bool js_string_here(jscan *s, js_span *out);
static inline bool js_skip_here(jscan *s, js_type t);
/* The string (number) at the cursor, checked, the cursor past it. */
static inline bool js_string(jscan *s, js_span *out);
bool js_number(jscan *s, js_span *out);
/* Any value, checked and passed over; *type (may be NULL) says which. */
static inline bool js_skip(jscan *s, js_type *type);
/* Whether only whitespace is left. */
static inline bool js_at_end(jscan *s);
/* The elements of the array at the cursor counted into *n, the cursor past
 * it: js_array, js_element and js_skip of each, in one call. false (*n
 * then the elements passed) when it is not an array or is malformed. */
bool js_count_elements(jscan *s, size_t *n);

/* The bytes a string span stands for (escapes decoded to UTF-8, as cJSON
 * decodes them) into out, which holds sp->n + 1 bytes (decoding never
 * grows); NUL-terminated. Its length, or -1 when it holds a \u0000 (a C
 * string cannot). A span of cJSON's grammar is cut at its first NUL
 * instead, as cJSON's C string is (never -1). sp must come from js_string
 * or js_member. */
long js_decode(const js_span *sp, char *out);
/* The same into a new string (caller frees); NULL on \u0000 or out of memory. */
char *js_strdup(const js_span *sp);
/* A number span's value as cJSON reads it (strtod in the current locale). */
double js_number_value(const js_span *sp);

struct og_text;
/* The value at the cursor (cJSON's grammar) appended to t as
 * cJSON_PrintUnformatted prints cJSON's tree of it: strings decoded and
 * escaped again (og_json_add_string), numbers printed from their double,
 * every member kept (a key given twice too), no whitespace. false when the
 * value is malformed or out of memory (*oom says which; t may hold part). */
bool js_print(jscan *s, struct og_text *t, bool *oom);
/* A double as cJSON_PrintUnformatted prints it. -1 on out of memory. */
int js_print_number(struct og_text *t, double d);
/* Whether the string span decodes to exactly `lit`. */
bool js_equals(const js_span *sp, const char *lit);

/* The hot paths, inline: a page of 1,000 Gcore groups is ~45,000 tokens, most of
 * them a few bytes long, so a call and the checks around it per token cost
 * more than reading the token. What is rare (escapes, control bytes, the
 * end of the text, cJSON's number oddities) is in json_scan.c. Names
 * ending in '_' are not for callers. */

/* Inlined even where the compiler would not by its own measure (a loop
 * that reads strings at several places). */
#ifdef __GNUC__
#define JS_HOT_ static inline __attribute__((always_inline))
#else
#define JS_HOT_ static inline
#endif

/* A value's type by its first byte (JS_BAD: none starts with it). */
extern const unsigned char js_type_of_[256];

/* Past the whitespace at p: any byte up to 0x20 in cJSON's grammar (its
 * buffer_skip_whitespace), the four of RFC 8259 else. */
JS_HOT_ const char *js_ws_at_(const char *p, const char *end, bool cjson)
{
	/* most values follow their delimiter at once: one compare says so */
	while (p < end && (unsigned char)*p <= 0x20) {
		if (!cjson && *p != ' ' && *p != '\n' && *p != '\r' && *p != '\t')
			break;
		p++;
	}
	return p;
}

/* Past the whitespace at the cursor. */
JS_HOT_ void js_ws_(jscan *s)
{
	s->p = js_ws_at_(s->p, s->end, s->cjson);
}

/* The type of the value at p, past whitespace already. */
JS_HOT_ js_type js_type_at_(const char *p, const char *end)
{
	return p < end ? (js_type)js_type_of_[(unsigned char)*p] : JS_BAD;
}

JS_HOT_ js_type js_peek(jscan *s)
{
	js_ws_(s);
	return js_type_at_(s->p, s->end);
}

JS_HOT_ js_type js_peek_here(const jscan *s)
{
	return js_type_at_(s->p, s->end);
}

/* Into the container opening with `open` at the cursor (no whitespace
 * before it). */
JS_HOT_ bool js_enter_here_(jscan *s, char open)
{
	if (s->p >= s->end || *s->p != open || s->depth >= s->max_depth)
		return false;
	s->p++;
	s->depth++;
	return true;
}

JS_HOT_ bool js_enter_(jscan *s, char open)
{
	js_ws_(s);
	return js_enter_here_(s, open);
}

static inline bool js_object(jscan *s) { return js_enter_(s, '{'); }
static inline bool js_array(jscan *s) { return js_enter_(s, '['); }
JS_HOT_ bool js_object_here(jscan *s) { return js_enter_here_(s, '{'); }
JS_HOT_ bool js_array_here(jscan *s) { return js_enter_here_(s, '['); }

/* Before the next item of a container: 1 at it, 0 past the closing byte.
 * The cursor is held in p, stored once (a span the caller fills may be
 * the cursor's memory to the compiler, which would load it again). */
JS_HOT_ int js_next_(jscan *s, bool *first, char close)
{
	const char *p = js_ws_at_(s->p, s->end, s->cjson);
	int r = -1;
	if (p >= s->end)
		goto out;
	if (*p == close) {
		p++;
		s->depth--;
		r = 0;
		goto out;
	}
	if (!*first) {
		if (*p != ',')
			goto out;
		p = js_ws_at_(p + 1, s->end, s->cjson);
		if (p >= s->end || *p == close)
			goto out;   /* a trailing comma */
	}
	*first = false;
	r = 1;
out:
	s->p = p;
	return r;
}

/* The bytes a string's scan stops at: the quote, the backslash, controls. */
JS_HOT_ bool js_stop_(unsigned char c)
{
	return c < 0x20 || c == '"' || c == '\\';
}

/* Past the bytes from p (before end) that are not ones to stop at, 8 at a
 * time in a word (SWAR: a byte below n, or equal to b, sets its top bit;
 * no false negatives, and only a byte above a true one may be flagged
 * falsely, so the lowest flagged byte is where the run ends). */
JS_HOT_ const unsigned char *js_plain_swar_(const unsigned char *p,
                                           const unsigned char *end)
{
#define JS_ONES_ 0x0101010101010101ULL
#define JS_HIGHS_ 0x8080808080808080ULL
#define JS_BELOW_(w, n) (((w) - JS_ONES_ * (n)) & ~(w) & JS_HIGHS_)
	while (end - p >= 8) {
		uint64_t w;
		memcpy(&w, p, 8);
		uint64_t m = JS_BELOW_(w, 0x20) | JS_BELOW_(w ^ (JS_ONES_ * '"'), 1) |
		             JS_BELOW_(w ^ (JS_ONES_ * '\\'), 1);
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
#undef JS_ONES_
#undef JS_HIGHS_
#undef JS_BELOW_
	while (p < end && !js_stop_(*p))
		p++;
	return p;
}

#ifdef JS_SSE2
/* The same 16 bytes at a time; the last 15 of the text by the word scan
 * (a load never passes end). */
JS_HOT_ const unsigned char *js_plain_sse2_(const unsigned char *p,
                                           const unsigned char *end)
{
	const __m128i quote = _mm_set1_epi8('"'), bslash = _mm_set1_epi8('\\');
	const __m128i c1f = _mm_set1_epi8(0x1F), zero = _mm_setzero_si128();
	while (end - p >= 16) {
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
		/* x <= 0x1F (unsigned) exactly when x - 0x1F saturates to 0 */
		__m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, quote),
		                                      _mm_cmpeq_epi8(x, bslash)),
		                         _mm_cmpeq_epi8(_mm_subs_epu8(x, c1f), zero));
		unsigned bits = (unsigned)_mm_movemask_epi8(m);
		if (bits)
			return p + __builtin_ctz(bits);
		p += 16;
	}
	return js_plain_swar_(p, end);
}
#define js_plain_ js_plain_sse2_
#else
#define js_plain_ js_plain_swar_
#endif

/* The rest of the string whose span out is, from q (a byte to stop at, or
 * the end): escapes, controls and the end of the text (json_scan.c). */
bool js_string_rest_(jscan *s, js_span *out, const char *q);

/* The span of a string refused before its first byte: whole all the same
 * (a compiler may look at it). */
JS_HOT_ void js_no_string_(const jscan *s, js_span *out, const char *p)
{
	out->p = p;
	out->n = 0;
	out->escaped = false;
	out->controls = false;
	out->cjson = s->cjson;
}

/* The string whose opening quote is at p (before end), into out; the
 * cursor past it, or at p when refused. */
JS_HOT_ bool js_string_at_(jscan *s, js_span *out, const char *p)
{
	const char *end = s->end;
	/* the common string: plain bytes up to its quote */
	const char *q = (const char *)js_plain_((const unsigned char *)p + 1,
	                                        (const unsigned char *)end);
	js_span sp = { .p = p + 1, .n = (size_t)(q - (p + 1)), .cjson = s->cjson };
	if (q < end && *q == '"') {
		*out = sp;
		s->p = q + 1;
		return true;
	}
	sp.n = 0;
	*out = sp;
	s->p = p;
	return js_string_rest_(s, out, q);
}

JS_HOT_ bool js_string(jscan *s, js_span *out)
{
	const char *p = js_ws_at_(s->p, s->end, s->cjson);
	s->p = p;
	if (p >= s->end || *p != '"') {
		js_no_string_(s, out, p);
		return false;
	}
	return js_string_at_(s, out, p);
}

JS_HOT_ bool js_string_here(jscan *s, js_span *out)
{
	return js_string_at_(s, out, s->p);
}

JS_HOT_ int js_member_begin(jscan *s, bool *first)
{
	const char *p = s->p;
	/* the common one first: a ',' at once after the member before and the
	 * key's quote at once after it, told in one compare */
	if (!*first && s->end - p >= 2) {
		uint16_t two;
		memcpy(&two, p, 2);
		if (two == (uint16_t)(',' | '"' << 8)) {
			s->p = p + 1;
			return 1;
		}
	}
	int r = js_next_(s, first, '}');
	/* js_next_ left the cursor before end, at no whitespace */
	if (r == 1 && *s->p != '"')
		return -1;
	return r;
}

/* Loads that overlap where n is not a multiple of their size, folded by
 * the compiler (~25,000 compares a page of Gcore groups). */
JS_HOT_ bool js_same_bytes(const char *a, const char *b, size_t n)
{
	if (n < 4)
		return memcmp(a, b, n) == 0;
	if (n <= 8) {
		uint32_t a0, b0, a1, b1;
		memcpy(&a0, a, 4);
		memcpy(&b0, b, 4);
		memcpy(&a1, a + n - 4, 4);
		memcpy(&b1, b + n - 4, 4);
		return ((a0 ^ b0) | (a1 ^ b1)) == 0;
	}
	uint64_t diff = 0, x, y;
	for (size_t i = 0; i + 8 < n; i += 8) {
		memcpy(&x, a + i, 8);
		memcpy(&y, b + i, 8);
		diff |= x ^ y;
	}
	memcpy(&x, a + n - 8, 8);
	memcpy(&y, b + n - 8, 8);
	return (diff | (x ^ y)) == 0;
}

JS_HOT_ bool js_member_known(jscan *s, const char *text, size_t n, js_span *key)
{
	/* text holds no byte a string's scan stops at but its quote: the scan
	 * would stop at that quote, and the ':' is where js_member looks */
	const char *p = s->p + 1, *end = s->end;
	if (end - p < (ptrdiff_t)n || !js_same_bytes(p, text, n))
		return false;
	if (key)
		*key = (js_span){ .p = p, .n = n - 2, .cjson = s->cjson };
	s->p = js_ws_at_(p + n, end, s->cjson);
	return true;
}

JS_HOT_ int js_member_end(jscan *s, js_span *key)
{
	const char *p = s->p, *end = s->end;
	if (!js_string_at_(s, key, p))
		return -1;
	p = s->p;
	if (p >= end || *p != ':') {   /* most keys have their ':' at once */
		p = js_ws_at_(p, end, s->cjson);
		if (p >= end || *p != ':') {
			s->p = p;
			return -1;
		}
	}
	s->p = js_ws_at_(p + 1, end, s->cjson);
	return 1;
}

JS_HOT_ int js_member(jscan *s, bool *first, js_span *key)
{
	int r = js_member_begin(s, first);
	if (r != 1) {
		if (r < 0)
			js_no_string_(s, key, s->p);
		return r;
	}
	return js_member_end(s, key);
}

JS_HOT_ int js_element(jscan *s, bool *first)
{
	const char *p = s->p;
	/* the common one first: a ',' at once after the element before, and
	 * no whitespace after it (what js_next_ would take as well) */
	if (!*first && s->end - p >= 2 && p[0] == ',' && (unsigned char)p[1] > 0x20 &&
	    p[1] != ']') {
		s->p = p + 1;
		return 1;
	}
	return js_next_(s, first, ']');
}

static inline bool js_at_end(jscan *s)
{
	js_ws_(s);
	return s->p >= s->end;
}

/* js_skip of a value of type t (peeked already) that the inline part does
 * not pass itself: containers, numbers, the strict grammar's literals. */
bool js_skip_rest_(jscan *s, js_type t);

/* The values passed over most (a flag, a null, a short string: most
 * members of a Gcore source) in line; the rest in json_scan.c. cJSON's
 * grammar compares a literal's word only (literal_at). */
JS_HOT_ bool js_skip_here(jscan *s, js_type t)
{
	if (t == JS_STRING) {
		js_span sp;
		return js_string_at_(s, &sp, s->p);
	}
	if (s->cjson && t >= JS_TRUE) {
		/* each word a constant: compared in a load or two, not a call */
		const char *p = s->p;
		size_t left = (size_t)(s->end - p);
		/* a load of 4 bytes compared with the word's (memcmp of the
		 * three words, one of them chosen at run time, was a call) */
		uint32_t w = 0, want;
		if (left >= 4)
			memcpy(&w, p, 4);
		memcpy(&want, t == JS_TRUE ? "true" : t == JS_FALSE ? "fals" : "null", 4);
		bool ok = left >= 4 && w == want &&
		          (t != JS_FALSE || (left >= 5 && p[4] == 'e'));
		if (ok)
			s->p = p + (t == JS_FALSE ? 5 : 4);
		return ok;
	}
	return js_skip_rest_(s, t);
}

JS_HOT_ bool js_skip(jscan *s, js_type *type)
{
	js_type t = js_peek(s);
	if (type)
		*type = t;
	return js_skip_here(s, t);
}

#endif
