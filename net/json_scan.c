/* The strict in-place JSON scanner (see net/json_scan.h). */
#include "net/json_scan.h"
#include "model/og_json.h"

#include <cjson/cJSON.h>
#include <float.h>
#include <locale.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define JS_CJSON_DEPTH CJSON_NESTING_LIMIT   /* 1000 in cJSON 1.7 */

/* js_peek's answer by a value's first byte (0 is JS_BAD) */
#define T_NUM JS_NUMBER
const unsigned char js_type_of_[256] = {
	['{'] = JS_OBJECT, ['['] = JS_ARRAY, ['"'] = JS_STRING,
	['t'] = JS_TRUE, ['f'] = JS_FALSE, ['n'] = JS_NULL,
	['-'] = T_NUM, ['0'] = T_NUM, ['1'] = T_NUM, ['2'] = T_NUM, ['3'] = T_NUM,
	['4'] = T_NUM, ['5'] = T_NUM, ['6'] = T_NUM, ['7'] = T_NUM, ['8'] = T_NUM, ['9'] = T_NUM,
};
#undef T_NUM

void js_init(jscan *s, const char *text, size_t len)
{
	s->p = text;
	s->end = text + len;
	s->depth = 0;
	s->max_depth = JS_MAX_DEPTH;
	s->cjson = false;
}

void js_init_cjson(jscan *s, const char *text, size_t len)
{
	js_init(s, text, len);
	s->cjson = true;
	s->max_depth = JS_CJSON_DEPTH;
	/* cJSON's skip_utf8_bom looks only when 5 bytes are there */
	if (len >= 5 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		s->p += 3;
}

static size_t utf8(uint32_t c, char *out);

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

/* cJSON's parse_hex4: a bad digit makes the whole escape 0. */
static unsigned hex4_cjson(const char *p)
{
	int v = hex4(p);
	return v < 0 ? 0 : (unsigned)v;
}

/* A string of cJSON's grammar between p and end (its closing quote), with
 * a backslash in it, decoded as cJSON's parse_string does: into out when
 * out is not NULL (at most end - p bytes, no NUL added). The bytes written,
 * or -1 when cJSON refuses the string. */
static long decode_cjson(const char *p, const char *end, char *out)
{
	size_t o = 0;
	while (p < end) {
		if (*p != '\\') {
			const char *bs = memchr(p, '\\', (size_t)(end - p));
			size_t run = (size_t)((bs ? bs : end) - p);
			if (out)
				memcpy(out + o, p, run);
			o += run;
			p += run;
			continue;
		}
		/* a backslash's next byte: the closing quote when it is the last
		 * (cJSON reads it there too) */
		char c = p + 1 < end ? p[1] : '"';
		char one;
		switch (c) {
		case 'b': one = '\b'; break;
		case 'f': one = '\f'; break;
		case 'n': one = '\n'; break;
		case 'r': one = '\r'; break;
		case 't': one = '\t'; break;
		case '"': case '\\': case '/': one = c; break;
		case 'u': {
			if (end - p < 6)
				return -1;
			uint32_t cp = hex4_cjson(p + 2);
			if (cp >= 0xDC00 && cp <= 0xDFFF)
				return -1;
			size_t len = 6;
			if (cp >= 0xD800 && cp <= 0xDBFF) {
				const char *q = p + 6;
				if (end - q < 6 || q[0] != '\\' || q[1] != 'u')
					return -1;
				uint32_t lo = hex4_cjson(q + 2);
				if (lo < 0xDC00 || lo > 0xDFFF)
					return -1;
				cp = 0x10000 + (((cp & 0x3FF) << 10) | (lo & 0x3FF));
				len = 12;
			}
			char u[4];
			size_t k = utf8(cp, u);
			if (out)
				memcpy(out + o, u, k);
			o += k;
			p += len;
			continue;
		}
		default:
			return -1;
		}
		if (out)
			out[o] = one;
		o++;
		p += 2;
	}
	return (long)o;
}

/* cJSON's parse_string: the string ends at the first quote not after a
 * backslash (a backslash passes the byte after it, whatever it is); its
 * escapes are then checked by decoding. From p, a byte to stop at (or the
 * end). */
static bool string_cjson(jscan *s, js_span *out, const unsigned char *p)
{
	const unsigned char *end = (const unsigned char *)s->end;
	for (;;) {
		if (p >= end)
			return false;
		if (*p == '"')
			break;
		if (*p < 0x20) {
			out->controls = true;
			p++;
		} else {
			out->escaped = true;
			if (end - p < 2)
				return false;
			p += 2;
		}
		p = js_plain_(p, end);
	}
	out->n = (size_t)((const char *)p - out->p);
	if (out->escaped && decode_cjson(out->p, (const char *)p, NULL) < 0)
		return false;
	s->p = (const char *)p + 1;
	return true;
}

/* js_string past its first run of plain bytes: q is where it stopped. */
bool js_string_rest_(jscan *s, js_span *out, const char *q)
{
	const unsigned char *p = (const unsigned char *)q;
	const unsigned char *end = (const unsigned char *)s->end;
	if (s->cjson)
		return string_cjson(s, out, p);
	for (;;) {
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
			p = js_plain_(p, end);
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
		p = js_plain_(p, end);
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

/* The bytes cJSON's parse_number copies for strtod. */
static bool number_byte(char c)
{
	return (c >= '0' && c <= '9') || c == '+' || c == '-' || c == 'e' || c == 'E' || c == '.';
}

/* The bytes of [0-9+-eE.] from p, copied for strtod (the locale's
 * decimal point for '.'), as cJSON does: into buf (of 64 bytes) when they
 * fit, else into a new string (*heap, caller frees); NULL: out of memory. */
static char *number_text(const char *p, const char *end, char buf[64], char **heap)
{
	size_t n = 0;
	while (p + n < end && number_byte(p[n]))
		n++;
	char *d = buf;
	*heap = NULL;
	if (n >= 64 && !(d = *heap = malloc(n + 1)))
		return NULL;
	char dp = localeconv()->decimal_point[0];
	for (size_t i = 0; i < n; i++)
		d[i] = p[i] == '.' ? dp : p[i];
	d[n] = '\0';
	return d;
}

/* cJSON's parse_number: strtod over number_text; the number is the bytes
 * strtod took. A strict JSON number followed by a byte strtod cannot take
 * is exactly those (no strtod needed to find its end). */
static bool number_cjson(jscan *s, js_span *out, const char *strict_end)
{
	const char *p = s->p;
	if (strict_end && (strict_end >= s->end || !number_byte(*strict_end))) {
		out->n = (size_t)(strict_end - p);
		s->p = strict_end;
		return true;
	}
	char buf[64], *heap;
	char *text = number_text(p, s->end, buf, &heap);
	if (!text)
		return false;   /* out of memory: cJSON refuses too */
	char *after;
	(void)strtod(text, &after);
	out->n = (size_t)(after - text);
	free(heap);
	if (out->n == 0)
		return false;
	s->p = p + out->n;
	return true;
}

double js_number_value(const js_span *sp)
{
	char buf[64], *heap;
	char *text = number_text(sp->p, sp->p + sp->n, buf, &heap);
	double d = text ? strtod(text, NULL) : 0;
	free(heap);
	return d;
}

/* The end of the strict JSON number at p, or NULL. */
static const char *strict_number(const char *p, const char *end)
{
	if (p < end && *p == '-')
		p++;
	if (!is_digit(p, end))
		return NULL;
	if (*p == '0')
		p++;
	else
		while (is_digit(p, end))
			p++;
	if (p < end && *p == '.') {
		p++;
		if (!is_digit(p, end))
			return NULL;
		while (is_digit(p, end))
			p++;
	}
	if (p < end && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < end && (*p == '+' || *p == '-'))
			p++;
		if (!is_digit(p, end))
			return NULL;
		while (is_digit(p, end))
			p++;
	}
	return p;
}

bool js_number(jscan *s, js_span *out)
{
	js_ws_(s);
	const char *p = s->p, *end = s->end;
	out->p = p;
	out->escaped = false;
	out->controls = false;
	out->cjson = s->cjson;
	/* the common number, an id: digits not led by a 0, then a byte no
	 * number goes on with; where strict_number and number_cjson would end
	 * it, without a call a digit */
	if (p < end && *p >= '1' && *p <= '9') {
		const char *q = p + 1;
		while (q < end && *q >= '0' && *q <= '9')
			q++;
		if (q >= end || !number_byte(*q)) {
			if (!s->cjson && !delimited(q, end))
				return false;
			out->n = (size_t)(q - p);
			s->p = q;
			return true;
		}
	}
	if (s->cjson) {
		if (p >= end || !(*p == '-' || (*p >= '0' && *p <= '9')))
			return false;
		return number_cjson(s, out, strict_number(p, end));
	}
	p = strict_number(p, end);
	if (!p)
		return false;
	if (!delimited(p, end))
		return false;
	out->n = (size_t)(p - out->p);
	s->p = p;
	return true;
}

/* How many levels one js_skip may enter: every level it enters is below
 * s->max_depth, and it stops there (a cursor whose depth went negative,
 * which callers never make, stops here too). */
#define JS_LEVELS 1024
_Static_assert(JS_CJSON_DEPTH <= JS_LEVELS && JS_MAX_DEPTH <= JS_LEVELS,
               "js_skip's stack holds every level the grammars allow");

/* Past the literal `word` at p, or NULL: cJSON's parse_value compares the
 * word only, the strict grammar wants a delimiter after it. */
JS_HOT_ const char *literal_at(const char *p, const char *end, bool cjson, const char *word,
                               size_t n)
{
	if ((size_t)(end - p) < n || memcmp(p, word, n) != 0 ||
	    (!cjson && !delimited(p + n, end)))
		return NULL;
	return p + n;
}

static bool literal(jscan *s, const char *word, size_t n)
{
	const char *q = literal_at(s->p, s->end, s->cjson, word, n);
	if (!q)
		return false;
	s->p = q;
	return true;
}

/* The scalar at the cursor (of type t), checked and passed over. */
static bool skip_scalar(jscan *s, js_type t)
{
	js_span sp;
	switch (t) {
	case JS_STRING: return js_string(s, &sp);
	case JS_NUMBER: return js_number(s, &sp);
	case JS_TRUE: return literal(s, "true", 4);
	case JS_FALSE: return literal(s, "false", 5);
	case JS_NULL: return literal(s, "null", 4);
	default: return false;
	}
}

/* Past the string at p (its quote), or NULL: js_string without a span to
 * fill when it is plain, js_string's rest when not. */
JS_HOT_ const char *string_at(jscan *s, const char *p, const char *end)
{
	const char *q = (const char *)js_plain_((const unsigned char *)p + 1,
	                                        (const unsigned char *)end);
	if (q < end && *q == '"')
		return q + 1;
	js_span sp = { .p = p + 1, .cjson = s->cjson };
	return js_string_rest_(s, &sp, q) ? s->p : NULL;
}

/* One loop over the tokens of a container, what js_object, js_member,
 * js_element and js_skip would do for each, with a stack of the closing
 * bytes of the levels entered instead of recursion: the same grammar, the
 * same cursor and depth after it, without a call per token. The cursor is
 * held in p (s->p is set where it is needed: at the end, and around
 * js_number). Inlined once for each grammar (cjson a constant). */
JS_HOT_ bool skip_container(jscan *s, const bool cjson)
{
	char close[JS_LEVELS];   /* the closing byte of each level entered */
	int lv = 0;              /* levels entered and not yet closed */
	const char *p = s->p, *end = s->end, *q;
	js_span sp;
	bool ok = false;

open:   /* at '{' or '[' */
	if (s->depth >= s->max_depth || lv >= JS_LEVELS)
		goto out;
	close[lv++] = *p == '{' ? '}' : ']';
	s->depth++;
	p = js_ws_at_(p + 1, end, cjson);
	if (p >= end)
		goto out;
	if (*p == close[lv - 1]) {
		p++;
		goto closed;
	}
	if (close[lv - 1] == ']')
		goto value;
key:
	if (p >= end || *p != '"' || !(q = string_at(s, p, end)))
		goto out;
	p = js_ws_at_(q, end, cjson);
	if (p >= end || *p != ':')
		goto out;
	p = js_ws_at_(p + 1, end, cjson);
value:  /* after whitespace */
	if (p >= end)
		goto out;
	switch ((js_type)js_type_of_[(unsigned char)*p]) {
	case JS_OBJECT:
	case JS_ARRAY:
		goto open;
	case JS_STRING:
		q = string_at(s, p, end);
		break;
	case JS_TRUE:
		q = literal_at(p, end, cjson, "true", 4);
		break;
	case JS_FALSE:
		q = literal_at(p, end, cjson, "false", 5);
		break;
	case JS_NULL:
		q = literal_at(p, end, cjson, "null", 4);
		break;
	case JS_NUMBER:
		s->p = p;
		q = js_number(s, &sp) ? s->p : NULL;
		break;
	case JS_BAD:
	default:
		goto out;
	}
	if (!q)
		goto out;   /* the cursor stays at the value, as js_skip's was */
next:   /* after a value (q past it), in level lv */
	p = js_ws_at_(q, end, cjson);
	if (p >= end)
		goto out;
	if (*p == ',') {
		p = js_ws_at_(p + 1, end, cjson);
		/* a trailing comma is refused by what follows: '}' is no key,
		 * ']' no value */
		if (close[lv - 1] == '}')
			goto key;
		goto value;
	}
	if (*p != close[lv - 1])
		goto out;
	p++;
closed: /* past the closing byte of level lv */
	s->depth--;
	q = p;
	if (--lv > 0)
		goto next;
	ok = true;
out:
	s->p = p;
	return ok;
}

bool js_skip_rest_(jscan *s, js_type t)
{
	if (t == JS_OBJECT || t == JS_ARRAY)
		return s->cjson ? skip_container(s, true) : skip_container(s, false);
	return skip_scalar(s, t);
}

bool js_count_elements(jscan *s, size_t *n)
{
	*n = 0;
	if (!js_array(s))
		return false;
	bool first = true;
	int r;
	while ((r = js_element(s, &first)) == 1) {
		if (!js_skip(s, NULL))
			return false;
		++*n;
	}
	return r == 0;
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
	if (sp->cjson && (sp->escaped || sp->controls)) {
		long n = sp->escaped ? decode_cjson(sp->p, sp->p + sp->n, out) : (long)sp->n;
		if (!sp->escaped)
			memcpy(out, sp->p, sp->n);
		out[n] = '\0';
		return (long)strlen(out);   /* cJSON's C string ends at a NUL */
	}
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
	if (!sp->escaped && !sp->controls)
		return sp->n == n && memcmp(sp->p, lit, n) == 0;
	char buf[257];
	char *d = sp->n < sizeof buf ? buf : malloc(sp->n + 1);
	if (!d)
		return false;
	long k = js_decode(sp, d);
	bool eq = k == (long)n && memcmp(d, lit, n) == 0;
	if (d != buf)
		free(d);
	return eq;
}

/* cJSON 1.7's compare_double: equal within the larger's DBL_EPSILON. */
static bool close_enough(double a, double b)
{
	double m = fabs(a) > fabs(b) ? fabs(a) : fabs(b);
	return fabs(a - b) <= m * DBL_EPSILON;
}

int js_print_number(og_text *t, double d)
{
	/* cJSON 1.7's print_number */
	char buf[32];
	int n;
	if (isnan(d) || isinf(d)) {
		n = snprintf(buf, sizeof buf, "null");
	} else {
		double test = 0;
		n = snprintf(buf, sizeof buf, "%1.15g", d);
		if (sscanf(buf, "%lg", &test) != 1 || !close_enough(test, d))
			n = snprintf(buf, sizeof buf, "%1.17g", d);
	}
	char dp = localeconv()->decimal_point[0];
	for (int i = 0; i < n; i++)
		if (buf[i] == dp)
			buf[i] = '.';
	return og_text_add(t, buf, (size_t)n);
}

/* A string span printed as cJSON prints its C string. */
static int print_string(og_text *t, const js_span *v)
{
	if (!v->escaped && !v->controls) {
		/* nothing to escape: " \ and the controls are all flagged */
		if (og_text_add(t, "\"", 1) < 0 || og_text_add(t, v->p, v->n) < 0)
			return -1;
		return og_text_add(t, "\"", 1);
	}
	char buf[256];
	char *d = v->n < sizeof buf ? buf : malloc(v->n + 1);
	if (!d)
		return -1;
	js_decode(v, d);
	int rc = og_json_add_string(t, d);
	if (d != buf)
		free(d);
	return rc;
}

static bool print_value(jscan *s, og_text *t, bool *oom)
{
	js_span v;
	bool first = true;
	int r;
#define ADD(p, n) do { if (og_text_add(t, p, n) < 0) { *oom = true; return false; } } while (0)
	switch (js_peek(s)) {
	case JS_OBJECT:
		if (!js_object(s))
			return false;
		ADD("{", 1);
		while ((r = js_member(s, &first, &v)) == 1) {
			if (t->buf[t->len - 1] != '{')
				ADD(",", 1);
			if (print_string(t, &v) < 0) {
				*oom = true;
				return false;
			}
			ADD(":", 1);
			if (!print_value(s, t, oom))
				return false;
		}
		if (r != 0)
			return false;
		ADD("}", 1);
		return true;
	case JS_ARRAY:
		if (!js_array(s))
			return false;
		ADD("[", 1);
		while ((r = js_element(s, &first)) == 1) {
			if (t->buf[t->len - 1] != '[')
				ADD(",", 1);
			if (!print_value(s, t, oom))
				return false;
		}
		if (r != 0)
			return false;
		ADD("]", 1);
		return true;
	case JS_STRING:
		if (!js_string(s, &v))
			return false;
		if (print_string(t, &v) < 0) {
			*oom = true;
			return false;
		}
		return true;
	case JS_NUMBER:
		if (!js_number(s, &v))
			return false;
		if (js_print_number(t, js_number_value(&v)) < 0) {
			*oom = true;
			return false;
		}
		return true;
	case JS_TRUE:
		if (!js_skip(s, NULL))
			return false;
		ADD("true", 4);
		return true;
	case JS_FALSE:
		if (!js_skip(s, NULL))
			return false;
		ADD("false", 5);
		return true;
	case JS_NULL:
		if (!js_skip(s, NULL))
			return false;
		ADD("null", 4);
		return true;
	case JS_BAD:
		break;
	}
#undef ADD
	return false;
}

bool js_print(jscan *s, og_text *t, bool *oom)
{
	*oom = false;
	return print_value(s, t, oom);
}
