/* A strict JSON scanner that reads a document in place, without building a
 * tree: for the long lists (10,000 groups), where a cJSON tree per page costs
 * more than the wire. The caller walks objects and arrays member by member,
 * takes the values it needs as spans of the text and skips the rest (still
 * checked).
 *
 * It accepts only RFC 8259 JSON (no control characters in strings, lone
 * surrogates, leading zeros, trailing commas, bytes after the document, more
 * than JS_MAX_DEPTH levels): everything it accepts, cJSON accepts and reads
 * the same, so a caller can fall back to cJSON for anything refused and get
 * cJSON's answer (and its error). Internal to net/. */
#ifndef NET_JSON_SCAN_H
#define NET_JSON_SCAN_H

#include <stdbool.h>
#include <stddef.h>

#define JS_MAX_DEPTH 64

typedef enum js_type {
	JS_BAD, JS_OBJECT, JS_ARRAY, JS_STRING, JS_NUMBER, JS_TRUE, JS_FALSE, JS_NULL,
} js_type;

typedef struct jscan {
	const char *p, *end;
	int depth;
} jscan;

/* A string's contents between its quotes (as in the text; `escaped` when a
 * backslash is in it), or a number's text. */
typedef struct js_span {
	const char *p;
	size_t n;
	bool escaped;
} js_span;

void js_init(jscan *s, const char *text, size_t len);
/* The type of the value at the cursor (after whitespace) by its first byte;
 * JS_BAD at the end or at a byte no value starts with. */
js_type js_peek(jscan *s);
/* Enter the object (array) at the cursor. false: not one, or too deep. */
bool js_object(jscan *s);
bool js_array(jscan *s);
/* The next member of the object entered: 1 with its key in *key and the
 * cursor at its value; 0 when the object ended (its '}' read); -1 when
 * malformed. *first is the caller's, true before the first call. */
int js_member(jscan *s, bool *first, js_span *key);
/* The same for an array's elements: 1 at an element, 0 at its end. */
int js_element(jscan *s, bool *first);
/* The string (number) at the cursor, checked, the cursor past it. */
bool js_string(jscan *s, js_span *out);
bool js_number(jscan *s, js_span *out);
/* Any value, checked and passed over; *type (may be NULL) says which. */
bool js_skip(jscan *s, js_type *type);
/* Whether only whitespace is left. */
bool js_at_end(jscan *s);

/* The bytes a string span stands for (escapes decoded to UTF-8, as cJSON
 * decodes them) into out, which holds sp->n + 1 bytes (decoding never
 * grows); NUL-terminated. Its length, or -1 when it holds a \u0000 (a C
 * string cannot). sp must come from js_string or js_member. */
long js_decode(const js_span *sp, char *out);
/* The same into a new string (caller frees); NULL on \u0000 or out of memory. */
char *js_strdup(const js_span *sp);
/* Whether the string span decodes to exactly `lit`. */
bool js_equals(const js_span *sp, const char *lit);

#endif
