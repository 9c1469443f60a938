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

#endif
