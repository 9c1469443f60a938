/* Gcore's JSON -> model mapping (gcore_scan.h), read from the text.
 *
 * The rules, as the API documents them (../shared/api/gcore.md §2): a group
 * needs an id (a whole number 0..2^53, or a non-empty string); its name,
 * use_next, has_related_resources and proxy_next_upstream (its strings) are
 * read when of their type; each source is a host ("source", host[:port]),
 * an S3 bucket (origin_type "s3", config.s3_bucket_name) or a FastEdge app
 * (origin_type "fastedge", config.app_id, a string or a number). They are
 * read the way cJSON reads them (the model was a cJSON tree's before):
 * of a key given twice the first counts, whatever its type; a field of the
 * wrong type is absent; a key is compared once decoded; a string ends at a
 * NUL. A page that is not JSON wins over any other fault in it, as cJSON
 * refused it before anything was looked at. */
#include "net/gcore/gcore_scan.h"
#include "model/og_grow.h"
#include "model/og_json.h"
#include "net/hostport.h"
#include "net/json_scan.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A field of an object: whether its key was seen (the first one counts),
 * its value's type and, for strings and numbers, its text. */
typedef struct field {
	bool seen;
	js_type type;
	js_span v;
} field;

/* Inlined where the compiler would not by its own measure: the loops over
 * the members of 10,000 groups, where a call a member costs more than
 * reading a value or telling a key. */
#ifdef __GNUC__
#define HOT static inline __attribute__((always_inline))
#else
#define HOT static inline
#endif

/* Reads the value at the cursor into f when f has not been seen yet
 * (containers are only noted: the caller reads them), else skips it. The
 * cursor is a member's value (js_member passed the whitespace before it),
 * as for every value read here but a group's. */
HOT bool take(jscan *s, field *f)
{
	js_type t = js_peek_here(s);
	if (f->seen)
		return js_skip_here(s, t);
	f->seen = true;
	f->type = t;
	if (t == JS_STRING)
		return js_string_here(s, &f->v);
	if (t == JS_NUMBER)
		return js_number(s, &f->v);
	return js_skip_here(s, t);
}

/* The same for a field read only for its type (a flag: true, false or
 * anything else): the value is passed over, its type noted. */
HOT bool take_flag(jscan *s, field *f)
{
	js_type t = js_peek_here(s);
	if (!f->seen) {
		f->seen = true;
		f->type = t;
	}
	return js_skip_here(s, t);
}

static og_tri tri_of(const field *f, og_tri missing)
{
	if (f->seen && f->type == JS_TRUE)
		return OG_YES;
	if (f->seen && f->type == JS_FALSE)
		return OG_NO;
	return missing;
}

/* The keys each object level reads, in the order of their enums: a key is
 * one of them once decoded (js_equals), or none. */
enum { K_NONE = -1 };
enum { GK_ID, GK_NAME, GK_USE_NEXT, GK_RELATED, GK_NEXT_UPSTREAM, GK_SOURCES };
static const char *const group_keys[] = {
	"id", "name", "use_next", "has_related_resources", "proxy_next_upstream", "sources",
};
enum { SK_TYPE, SK_SOURCE, SK_ENABLED, SK_BACKUP, SK_HOST_HEADER, SK_CONFIG };
static const char *const source_keys[] = {
	"origin_type", "source", "enabled", "backup", "host_header_override", "config",
};
enum { CK_BUCKET, CK_APP };
static const char *const config_keys[] = { "s3_bucket_name", "app_id" };
enum { EK_RESULTS, EK_COUNT };
static const char *const envelope_keys[] = { "results", "count" };

#define COUNT(a) ((int)(sizeof a / sizeof *a))

/* A key with an escape or a raw control byte: decoded, then compared with
 * each name (rare: the API never writes one). */
static int key_decoded(const js_span *k, const char *const names[], int n)
{
	for (int i = 0; i < n; i++)
		if (js_equals(k, names[i]))
			return i;
	return K_NONE;
}

/* Whether the plain key k (of lit's length, told already) is `lit`. */
#define IS(k, lit) js_same_bytes((k)->p, lit, sizeof lit - 1)

/* The key's index among the level's names, or K_NONE. A plain key (the
 * text is its decoded bytes) is told by its length and, where two names
 * share one, its first byte: each member costs one compare, not one per
 * name (this runs for every member of 10,000 groups). */
static int group_key(const js_span *k)
{
	if (k->escaped || k->controls)
		return key_decoded(k, group_keys, COUNT(group_keys));
	switch (k->n) {
	case 2: return IS(k, "id") ? GK_ID : K_NONE;
	case 4: return IS(k, "name") ? GK_NAME : K_NONE;
	case 7: return IS(k, "sources") ? GK_SOURCES : K_NONE;
	case 8: return IS(k, "use_next") ? GK_USE_NEXT : K_NONE;
	case 19: return IS(k, "proxy_next_upstream") ? GK_NEXT_UPSTREAM : K_NONE;
	case 21: return IS(k, "has_related_resources") ? GK_RELATED : K_NONE;
	default: return K_NONE;
	}
}

static int source_key(const js_span *k)
{
	if (k->escaped || k->controls)
		return key_decoded(k, source_keys, COUNT(source_keys));
	switch (k->n) {
	case 6:
		switch (k->p[0]) {
		case 's': return IS(k, "source") ? SK_SOURCE : K_NONE;
		case 'b': return IS(k, "backup") ? SK_BACKUP : K_NONE;
		case 'c': return IS(k, "config") ? SK_CONFIG : K_NONE;
		default: return K_NONE;
		}
	case 7: return IS(k, "enabled") ? SK_ENABLED : K_NONE;
	case 11: return IS(k, "origin_type") ? SK_TYPE : K_NONE;
	case 20: return IS(k, "host_header_override") ? SK_HOST_HEADER : K_NONE;
	default: return K_NONE;
	}
}

static int config_key(const js_span *k)
{
	if (k->escaped || k->controls)
		return key_decoded(k, config_keys, COUNT(config_keys));
	switch (k->n) {
	case 6: return IS(k, "app_id") ? CK_APP : K_NONE;
	case 14: return IS(k, "s3_bucket_name") ? CK_BUCKET : K_NONE;
	default: return K_NONE;
	}
}

/* A member's key told by its first bytes when it is one of a level's
 * names as the API writes them (plain, its ':' at once after it): no scan
 * of it, no second look at it. The cursor is at the key's opening quote
 * (js_member_begin). K_UNREAD: not told so (js_member_end reads it). */
enum { K_UNREAD = -2 };
#define KNOWN(s, lit, k, index) \
	(js_member_known(s, lit "\":", sizeof lit + 1, k) ? (index) : K_UNREAD)

/* The byte after the opening quote at the cursor, or 0 (none). */
HOT char key_start(const jscan *s)
{
	return s->end - s->p >= 2 ? s->p[1] : 0;
}

HOT int group_known(jscan *s, js_span *k)
{
	switch (key_start(s)) {
	case 'i': return KNOWN(s, "id", k, GK_ID);
	case 'n': return KNOWN(s, "name", k, GK_NAME);
	case 's': return KNOWN(s, "sources", k, GK_SOURCES);
	case 'u': return KNOWN(s, "use_next", k, GK_USE_NEXT);
	case 'p': {
		int r = KNOWN(s, "proxy_next_upstream", k, GK_NEXT_UPSTREAM);
		return r != K_UNREAD ? r : KNOWN(s, "path", k, K_NONE);
	}
	case 'h': return KNOWN(s, "has_related_resources", k, GK_RELATED);
	/* members the API writes in every group that are not read: told too,
	 * as none of the names (a scan of their key cost more than a compare) */
	case 'a': return KNOWN(s, "auth_type", k, K_NONE);
	default: return K_UNREAD;
	}
}

HOT int source_known(jscan *s, js_span *k)
{
	switch (key_start(s)) {
	case 'o': return KNOWN(s, "origin_type", NULL, SK_TYPE);
	case 's': return KNOWN(s, "source", NULL, SK_SOURCE);
	case 'e': return KNOWN(s, "enabled", NULL, SK_ENABLED);
	case 'b': return KNOWN(s, "backup", NULL, SK_BACKUP);
	case 'h': return KNOWN(s, "host_header_override", NULL, SK_HOST_HEADER);
	case 'c': return KNOWN(s, "config", NULL, SK_CONFIG);
	default: return K_UNREAD;
	}
}

HOT int config_known(jscan *s, js_span *k)
{
	switch (key_start(s)) {
	case 's': return KNOWN(s, "s3_bucket_name", NULL, CK_BUCKET);
	case 'a': return KNOWN(s, "app_id", NULL, CK_APP);
	default: return K_UNREAD;
	}
}

/* The next member of an object (js_member) whose key is told by known()
 * or else by key_of(): 1 with the key's index (or K_NONE) in *key and the
 * cursor at its value, 0 at the object's end, -1 when malformed. *k is the
 * key's span only for a group's members (the others' are not kept). */
HOT int next_member(jscan *s, bool *first, js_span *k, int *key,
                    int (*known)(jscan *, js_span *), int (*key_of)(const js_span *))
{
	int r = js_member_begin(s, first);
	if (r != 1 || (*key = known(s, k)) != K_UNREAD)
		return r;
	if (js_member_end(s, k) != 1)
		return -1;
	*key = key_of(k);
	return 1;
}

static int envelope_key(const js_span *k)
{
	if (k->escaped || k->controls)
		return key_decoded(k, envelope_keys, COUNT(envelope_keys));
	switch (k->n) {
	case 5: return IS(k, "count") ? EK_COUNT : K_NONE;
	case 7: return IS(k, "results") ? EK_RESULTS : K_NONE;
	default: return K_NONE;
	}
}

/* A source's origin_type, compared as cJSON's C string of it: "s3",
 * "fastedge", or anything else (a host source when it has a "source"). */
typedef enum src_kind { SRC_OTHER, SRC_S3, SRC_FASTEDGE } src_kind;

/* What one source object says, as spans of the page. */
typedef struct src_fields {
	bool object;         /* false: the element is not an object */
	src_kind kind;       /* of its origin_type */
	bool host_apart;     /* its "source" string may hold a port (a colon,
	                        a '[' first, an escape): its host may not be
	                        all of it */
	field type, source, enabled, backup, hh, bucket, app;
	size_t raw_off, raw_len;   /* its raw text in the scratch's sraw */
} src_fields;

/* The spans of one group, gathered before anything is allocated; kept
 * from group to group of a page so that their arrays are allocated once. */
typedef struct scratch {
	field id, name, use_next, related;
	src_fields *src;
	size_t n_src, cap_src;
	js_span *nu;         /* proxy_next_upstream's strings */
	size_t n_nu, cap_nu;
	bool keep_raw;
	bool oom;            /* memory ran out while reading (not a syntax fault) */
	og_text graw;        /* the group's raw text (without "sources") */
	og_text sraw;        /* its sources' raw texts, one after the other */
	char *blk;           /* groups handed on one at a time (gcore_scan_page_each)
	                        are built here, one after the other */
	size_t blk_cap;
} scratch;

static void scratch_free(scratch *sc)
{
	free(sc->src);
	free(sc->nu);
	og_text_free(&sc->graw);
	og_text_free(&sc->sraw);
	free(sc->blk);
}

/* The scanner as it was at `start`, before the value it has just read:
 * only the position differs (the value's containers are closed again).
 * Only keep_raw needs it: the reading itself keeps just the position. */
static jscan value_at(const jscan *s, const char *start)
{
	jscan at = *s;
	at.p = start;
	return at;
}

/* The value at `at` (read already, the cursor past it) printed to t as
 * cJSON prints it. false only on out of memory (sc->oom): the value was
 * read once, so it is well formed. */
static bool print_again(scratch *sc, const jscan *at, og_text *t)
{
	jscan again = *at;
	bool oom = false;
	if (!js_print(&again, t, &oom)) {
		sc->oom = true;
		return false;
	}
	return true;
}

/* The config object of a source: its first bucket and app id. */
static bool read_config(jscan *s, field *bucket, field *app)
{
	js_type t = js_peek_here(s);
	if (t != JS_OBJECT)
		return js_skip_here(s, t);   /* not an object: nothing is found in it */
	if (!js_object_here(s))
		return false;
	bool first = true;
	js_span k;
	int r, which;
	while ((r = next_member(s, &first, &k, &which, config_known, config_key)) == 1) {
		bool ok = which == CK_BUCKET ? take(s, bucket) :
		          which == CK_APP ? take(s, app) : js_skip_here(s, js_peek_here(s));
		if (!ok)
			return false;
	}
	return r == 0;
}

/* The kind an origin_type field names (compared once decoded). */
static src_kind source_kind(const field *type)
{
	if (!type->seen || type->type != JS_STRING)
		return SRC_OTHER;
	const js_span *v = &type->v;
	if (v->escaped || v->controls)
		return js_equals(v, "s3") ? SRC_S3 : js_equals(v, "fastedge") ? SRC_FASTEDGE : SRC_OTHER;
	if (v->n == 2 && IS(v, "s3"))
		return SRC_S3;
	if (v->n == 8 && IS(v, "fastedge"))
		return SRC_FASTEDGE;
	return SRC_OTHER;
}

/* Whether the string span v (in a text ending at end) holds a ':'. A
 * source's host is ~25 bytes: with SSE2 it is one or two loads of 16
 * within the text (the span's own bytes, or the text after a short one),
 * where memchr would be a call for each of 10,000 groups' sources. */
HOT bool has_colon(const js_span *v, const char *end)
{
#ifdef JS_SSE2
	const __m128i colon = _mm_set1_epi8(':');
	if (v->n <= 16 && end - v->p >= 16) {
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)v->p);
		unsigned bits = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, colon));
		return (bits & ((1u << v->n) - 1)) != 0;
	}
	if (v->n > 16 && v->n <= 32) {
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)v->p);
		__m128i y = _mm_loadu_si128((const __m128i *)(const void *)(v->p + v->n - 16));
		__m128i m = _mm_or_si128(_mm_cmpeq_epi8(x, colon), _mm_cmpeq_epi8(y, colon));
		return _mm_movemask_epi8(m) != 0;
	}
#else
	(void)end;
#endif
	return memchr(v->p, ':', v->n) != NULL;
}

/* One source (array element) at the cursor into *f. */
static bool read_source(jscan *s, src_fields *f)
{
	/* a field is read only once seen: clearing the flags is enough (this
	 * runs for every source of 10,000 groups) */
	f->type.seen = f->source.seen = f->enabled.seen = f->backup.seen = false;
	f->hh.seen = f->bucket.seen = f->app.seen = false;
	f->kind = SRC_OTHER;
	f->host_apart = false;
	js_type t = js_peek_here(s);   /* an element's */
	f->object = t == JS_OBJECT && js_object_here(s);
	if (!f->object)   /* not one: refused when the group is built (or too deep) */
		return t != JS_OBJECT && js_skip_here(s, t);
	bool first = true, config = false;
	js_span k;
	int r, which;
	while ((r = next_member(s, &first, &k, &which, source_known, source_key)) == 1) {
		bool ok;
		switch (which) {
		case SK_TYPE: ok = take(s, &f->type); break;
		case SK_SOURCE: ok = take(s, &f->source); break;
		case SK_ENABLED: ok = take_flag(s, &f->enabled); break;
		case SK_BACKUP: ok = take_flag(s, &f->backup); break;
		case SK_HOST_HEADER: ok = take(s, &f->hh); break;
		case SK_CONFIG:
			if (!config) {
				config = true;
				ok = read_config(s, &f->bucket, &f->app);
				break;
			}
			ok = js_skip_here(s, js_peek_here(s));   /* a second config is passed over */
			break;
		default: ok = js_skip_here(s, js_peek_here(s)); break;
		}
		if (!ok)
			return false;
	}
	if (r != 0)
		return false;
	f->kind = source_kind(&f->type);
	const js_span *v = &f->source.v;
	f->host_apart = f->source.seen && f->source.type == JS_STRING &&
	                ((v->n && v->p[0] == '[') || v->escaped || has_colon(v, s->end));
	return true;
}

static bool read_sources(jscan *s, scratch *sc)
{
	js_type t = js_peek_here(s);
	if (t != JS_ARRAY)
		return js_skip_here(s, t);   /* not an array: no sources */
	if (!js_array_here(s))
		return false;
	bool first = true;
	int r;
	while ((r = js_element(s, &first)) == 1) {
		src_fields *grown = og_grow(sc->src, &sc->cap_src, sc->n_src, sizeof *grown, 16);
		if (!grown) {
			sc->oom = true;
			return false;
		}
		sc->src = grown;
		src_fields *f = &sc->src[sc->n_src];
		const char *start = s->p;
		if (!read_source(s, f))
			return false;
		if (sc->keep_raw) {
			jscan at = value_at(s, start);
			f->raw_off = sc->sraw.len;
			if (!print_again(sc, &at, &sc->sraw))
				return false;
			f->raw_len = sc->sraw.len - f->raw_off;
		}
		sc->n_src++;
	}
	return r == 0;
}

/* proxy_next_upstream: its strings (other elements are passed over). */
static bool read_next_upstream(jscan *s, scratch *sc)
{
	js_type t = js_peek_here(s);
	if (t != JS_ARRAY)
		return js_skip_here(s, t);
	if (!js_array_here(s))
		return false;
	bool first = true;
	int r;
	while ((r = js_element(s, &first)) == 1) {
		t = js_peek_here(s);
		if (t != JS_STRING) {
			if (!js_skip_here(s, t))
				return false;
			continue;
		}
		js_span *grown = og_grow(sc->nu, &sc->cap_nu, sc->n_nu, sizeof *grown, 16);
		if (!grown) {
			sc->oom = true;
			return false;
		}
		sc->nu = grown;
		if (!js_string_here(s, &sc->nu[sc->n_nu]))
			return false;
		sc->n_nu++;
	}
	return r == 0;
}

/* One group object at the cursor (past whitespace: read_group peeked it)
 * into sc's spans (and, with keep_raw, its texts). false: malformed, or
 * sc->oom. */
static bool read_group_spans(jscan *s, scratch *sc)
{
	sc->id.seen = sc->name.seen = sc->use_next.seen = sc->related.seen = false;
	sc->n_src = sc->n_nu = 0;
	sc->graw.len = sc->sraw.len = 0;
	if (!js_object_here(s))
		return false;
	if (sc->keep_raw && og_text_add(&sc->graw, "{", 1) < 0) {
		sc->oom = true;
		return false;
	}
	bool seen_nu = false, seen_sources = false, first = true;
	js_span k;
	int r, which;
	while ((r = next_member(s, &first, &k, &which, group_known, group_key)) == 1) {
		const char *start = s->p;
		bool ok, in_raw = true;
		switch (which) {
		case GK_ID: ok = take(s, &sc->id); break;
		case GK_NAME: ok = take(s, &sc->name); break;
		case GK_USE_NEXT: ok = take_flag(s, &sc->use_next); break;
		case GK_RELATED: ok = take_flag(s, &sc->related); break;
		case GK_NEXT_UPSTREAM:
			if (!seen_nu) {
				seen_nu = true;
				ok = read_next_upstream(s, sc);
				break;
			}
			ok = js_skip_here(s, js_peek_here(s));
			break;
		case GK_SOURCES:
			if (!seen_sources) {
				/* held once, in the sources' texts */
				seen_sources = true;
				in_raw = false;
				ok = read_sources(s, sc);
				break;
			}
			ok = js_skip_here(s, js_peek_here(s));
			break;
		default: ok = js_skip_here(s, js_peek_here(s)); break;
		}
		if (!ok)
			return false;
		if (sc->keep_raw && in_raw) {
			/* the member again, as cJSON prints it */
			jscan at = value_at(s, start), key = value_at(s, k.p - 1);
			og_text *t = &sc->graw;
			if ((t->buf[t->len - 1] != '{' && og_text_add(t, ",", 1) < 0) ||
			    !print_again(sc, &key, t) || og_text_add(t, ":", 1) < 0 ||
			    !print_again(sc, &at, t)) {
				sc->oom = true;
				return false;
			}
		}
	}
	if (r != 0)
		return false;
	if (sc->keep_raw && og_text_add(&sc->graw, "}", 1) < 0) {
		sc->oom = true;
		return false;
	}
	return true;
}

#define FASTEDGE_KEY_MAX 300   /* "fastedge:" and the app id, cut there */
#define ID_MAX 64              /* a whole number up to 2^53, printed */

/* n bytes from s to d (apart), then a NUL. Most strings of a group are
 * under 32 bytes (ids, names, hosts): two loads that overlap where n is
 * not their size, each within the n bytes, instead of a call to memcpy
 * (~6 strings a group, 10,000 groups a list). */
HOT void copy_z(char *d, const char *s, size_t n)
{
	if (n >= 8 && n <= 16) {
		uint64_t a, b;
		memcpy(&a, s, 8);
		memcpy(&b, s + n - 8, 8);
		memcpy(d, &a, 8);
		memcpy(d + n - 8, &b, 8);
	} else if (n > 16 && n <= 32) {
		uint64_t a[2], b[2];
		memcpy(a, s, 16);
		memcpy(b, s + n - 16, 16);
		memcpy(d, a, 16);
		memcpy(d + n - 16, b, 16);
	} else if (n >= 4 && n < 8) {
		uint32_t a, b;
		memcpy(&a, s, 4);
		memcpy(&b, s + n - 4, 4);
		memcpy(d, &a, 4);
		memcpy(d + n - 4, &b, 4);
	} else if (n < 4) {
		for (size_t i = 0; i < n; i++)
			d[i] = s[i];
	} else {
		memcpy(d, s, n);
	}
	d[n] = '\0';
}

/* The string of v decoded at *at, which moves on; its length in *n. A
 * plain span (most) is its bytes: copied without a call to the decoder. */
HOT char *put_n(char **at, const js_span *v, size_t *n)
{
	char *d = *at;
	if (!v->escaped && !v->controls) {
		copy_z(d, v->p, v->n);
		*n = v->n;
	} else {
		*n = (size_t)js_decode(v, d);   /* never -1: spans of cJSON's grammar */
	}
	*at += *n + 1;
	return d;
}

HOT char *put(char **at, const js_span *v)
{
	size_t n;
	return put_n(at, v, &n);
}

HOT char *put_text(char **at, const char *s, size_t n)
{
	char *d = *at;
	copy_z(d, s, n);
	*at += n + 1;
	return d;
}

static bool is_string(const field *f)
{
	return f->seen && f->type == JS_STRING;
}

static bool is_number(const field *f)
{
	return f->seen && f->type == JS_NUMBER;
}

/* A number written as plain digits (no leading zero) that a double holds
 * exactly: "%.0f" of cJSON's double of it is the text itself, so the
 * usual id needs neither strtod nor printf (10,000 of them a list). */
static bool plain_whole(const js_span *v)
{
	if (v->n == 0 || v->n > 15 || (v->p[0] == '0' && v->n > 1))
		return false;
	for (size_t i = 0; i < v->n; i++)
		if (v->p[i] < '0' || v->p[i] > '9')
			return false;
	return true;
}

/* The bytes a source's strings take in the block, at most (decoding never
 * grows a string), and no more for the usual ones: the block is what the
 * UI keeps of 10,000 groups. */
static size_t source_room(const src_fields *f, bool keep_raw)
{
	size_t n = (is_string(&f->hh) ? f->hh.v.n + 1 : 0) + (keep_raw ? f->raw_len + 1 : 0);
	if (f->kind == SRC_S3)
		return n + (is_string(&f->bucket) ? f->bucket.v.n + 1 : 0);
	if (f->kind == SRC_FASTEDGE)
		return n + (is_string(&f->app) ? f->app.v.n + 1 : 0) + FASTEDGE_KEY_MAX;
	if (!is_string(&f->source))
		return n;
	n += f->source.v.n + 1;
	if (f->host_apart)
		n += f->source.v.n + 1;   /* the host apart from its port */
	return n;
}

/* One source (the i-th) into d (cleared), its strings at *at. false with
 * err. */
static bool build_source(const scratch *sc, size_t i, og_source *d, char **at, og_error *err)
{
	const src_fields *f = &sc->src[i];
	/* the rest of *d is cleared already (build_group) */
	d->packed = true;
	d->primary = OG_ABSENT;
	d->order = -1;
	if (!f->object) {
		og_error_set(err, OG_ERR_PARSE, "unexpected source #%zu in a group (not an object)", i + 1);
		return false;
	}
	if (f->kind == SRC_S3) {
		/* identity and display are the bucket; the keys stay in raw only */
		if (!is_string(&f->bucket) || !(d->key = put(at, &f->bucket.v))[0]) {
			og_error_set(err, OG_ERR_PARSE, "S3 source #%zu has no bucket name", i + 1);
			return false;
		}
		d->kind = OG_KIND_S3;
		d->host = d->key;
	} else if (f->kind == SRC_FASTEDGE) {
		char buf[FASTEDGE_KEY_MAX];
		const char *app = is_string(&f->app) ? put(at, &f->app.v) : NULL;
		if (app && app[0]) {
			snprintf(buf, sizeof buf, "fastedge:%s", app);
		} else if (is_number(&f->app) && plain_whole(&f->app.v)) {
			snprintf(buf, sizeof buf, "fastedge:%.*s", (int)f->app.v.n, f->app.v.p);
		} else if (is_number(&f->app)) {
			snprintf(buf, sizeof buf, "fastedge:%.0f", js_number_value(&f->app.v));
		} else {
			og_error_set(err, OG_ERR_PARSE, "FastEdge source #%zu has no app_id", i + 1);
			return false;
		}
		d->key = put_text(at, buf, strlen(buf));
		d->kind = OG_KIND_FASTEDGE;
		d->host = d->key + strlen("fastedge:");
	} else {
		/* host sources have no origin_type in responses; "host" or an
		 * unknown future type with a `source` string is shown as a host */
		size_t n = 0;
		if (!is_string(&f->source) || !(d->key = put_n(at, &f->source.v, &n))[0]) {
			og_error_set(err, OG_ERR_PARSE, "source #%zu has no \"source\" host", i + 1);
			return false;
		}
		d->kind = OG_KIND_HOST;
		if (!f->host_apart) {
			d->host = d->key;   /* no port in it: net_split_host_port's host is all of it */
		} else if (d->key[0] != '[') {
			/* the host all of the key is the key itself */
			size_t h = net_host_port_length(d->key, n, &d->port);
			d->host = h == n ? d->key : put_text(at, d->key, h);
		} else {
			char *host;
			if (net_split_host_port(d->key, &host, &d->port) < 0) {
				og_error_set(err, OG_ERR_INTERNAL, "out of memory");
				return false;
			}
			d->host = put_text(at, host, strlen(host));
			free(host);
		}
	}
	d->enabled = tri_of(&f->enabled, OG_YES);
	d->backup = tri_of(&f->backup, OG_NO);
	if (is_string(&f->hh))
		d->host_header = put(at, &f->hh.v);
	if (sc->keep_raw)
		d->raw_json = put_text(at, sc->sraw.buf + f->raw_off, f->raw_len);
	return true;
}

/* The group of sc in one allocation: the og_group itself first (its pack
 * is itself: og_group_free frees it once), then og_group_pack's layout. NULL
 * with err: the messages a user of origo always got. With `reuse`, the
 * block is sc's own, the one of the group before (a group handed on and
 * done with before the next is read): nothing of it is the caller's. */
static og_group *build_group(scratch *sc, bool reuse, og_error *err)
{
	const field *id = &sc->id;
	char idbuf[ID_MAX];
	const char *idtext = NULL;
	size_t idlen = 0;
	bool plain_id = is_number(id) && plain_whole(&id->v);
	if (plain_id) {
		idtext = id->v.p;   /* the text is the number: copied as it is */
		idlen = id->v.n;
	} else if (is_number(id)) {
		double v = js_number_value(&id->v);
		if (v >= 0 && v <= 9007199254740992.0 && floor(v) == v) {
			idlen = (size_t)snprintf(idbuf, sizeof idbuf, "%.0f", v);
			idtext = idbuf;
		}
	}
	size_t arrays = sizeof(og_group) + sc->n_src * sizeof(og_source) +
	                sc->n_nu * sizeof(char *);
	/* decoding never grows a string; a host is at most its source */
	size_t strings = (is_number(id) ? (plain_id ? id->v.n + 1 : ID_MAX) : 0) +
	                 (is_string(id) ? id->v.n + 1 : 0) +
	                 (is_string(&sc->name) ? sc->name.v.n : 0) + 1 +
	                 (sc->keep_raw ? sc->graw.len + 1 : 0);
	for (size_t i = 0; i < sc->n_nu; i++)
		strings += sc->nu[i].n + 1;
	for (size_t i = 0; i < sc->n_src; i++)
		strings += source_room(&sc->src[i], sc->keep_raw);
	char *block;
	if (!reuse) {
		block = malloc(arrays + strings);
	} else if (arrays + strings <= sc->blk_cap) {
		block = sc->blk;
	} else {
		/* twice the room: a page's groups are alike, so it grows once or
		 * twice a page, not a little at every larger group */
		size_t cap = 2 * (arrays + strings);
		free(sc->blk);
		sc->blk = block = malloc(cap);
		sc->blk_cap = block ? cap : 0;
	}
	if (!block) {
		og_error_set(err, OG_ERR_INTERNAL, "out of memory");
		return NULL;
	}
	/* the group, its sources and its lists cleared with one call: a
	 * struct literal each is cleared with `rep stos`, slow to start for
	 * ~100 bytes (it showed in the profile of a page) */
	memset(block, 0, arrays);
	og_group *g = (og_group *)(void *)block;
	g->pack = block;
	char *at = block + arrays;
	if (idtext)
		g->id = put_text(&at, idtext, idlen);
	else if (is_string(id))
		g->id = put(&at, &id->v);
	if (!g->id || !g->id[0]) {
		og_error_set(err, OG_ERR_PARSE, "unexpected origin group in the response (no valid id)");
		goto back;
	}
	g->name = is_string(&sc->name) ? put(&at, &sc->name.v) : put_text(&at, "", 0);
	/* Absent use_next reads as off: the API's default is undocumented, and
	 * off is what a group without next-upstream behaves like. */
	g->use_next = tri_of(&sc->use_next, OG_NO);
	g->in_use = tri_of(&sc->related, OG_ABSENT);
	if (sc->n_nu) {
		g->next_upstream = (char **)(void *)(block + sizeof(og_group) +
		                                     sc->n_src * sizeof(og_source));
		for (size_t i = 0; i < sc->n_nu; i++)
			g->next_upstream[g->n_next_upstream++] = put(&at, &sc->nu[i]);
	}
	if (sc->n_src) {
		g->sources = (og_source *)(void *)(block + sizeof(og_group));
		for (size_t i = 0; i < sc->n_src; i++) {
			og_error se;
			if (!build_source(sc, i, &g->sources[i], &at, &se)) {
				og_error_set(err, se.kind, "group %s: %s", g->id, se.msg);
				goto back;
			}
			g->n_sources++;
		}
	}
	if (sc->keep_raw)
		g->raw_json = put_text(&at, sc->graw.buf, sc->graw.len);
	return g;
back:
	if (!reuse)   /* sc's block holds nothing to free */
		og_group_free(g);
	return NULL;
}

/* One reading: a page or a group. `failed`: a fault other than the
 * syntax's is in err already; the rest is only checked to be JSON (cJSON
 * refused a text that is not before looking at anything in it). */
typedef struct reading {
	scratch sc;
	og_group_list *out;      /* NULL: each group is handed to each() */
	gcore_each_fn each;
	void *each_ctx;
	const char *text;        /* the page (for each()'s bytes consumed) */
	gcore_page *page;
	og_error *err;
	bool failed;
	bool count_only;     /* gcore_scan_glance: groups counted, not read */
} reading;

static void fail(reading *rd, og_err_kind kind, const char *msg)
{
	if (!rd->failed)
		og_error_set(rd->err, kind, "%s", msg);
	rd->failed = true;
}

/* One group (array element or document) at the cursor; its group in *g
 * (NULL when none: rd failed, or only counted). false: malformed, or
 * memory ran out mid-group (rd->sc.oom). */
static bool read_group(jscan *s, reading *rd, og_group **g)
{
	*g = NULL;
	if (rd->failed || rd->count_only)
		return js_skip(s, NULL);
	if (js_peek(s) != JS_OBJECT) {
		if (!js_skip(s, NULL))
			return false;
		fail(rd, OG_ERR_PARSE, "unexpected origin group in the response (not an object)");
		return true;
	}
	if (!read_group_spans(s, &rd->sc))
		return false;
	og_error e;
	if (!(*g = build_group(&rd->sc, rd->each != NULL, &e)))
		fail(rd, e.kind, e.msg);
	return true;
}

/* The results array at the cursor, each group appended to out. */
static bool read_results(jscan *s, reading *rd)
{
	if (!js_array(s))
		return false;
	bool first = true;
	int r;
	while ((r = js_element(s, &first)) == 1) {
		og_group *g;
		if (!read_group(s, rd, &g))
			return false;
		og_error e;
		if (g && rd->each) {
			/* the group is done with once each() returns: its block
			 * holds the next */
			if (rd->each(rd->each_ctx, g, (size_t)(s->p - rd->text), &e) < 0)
				fail(rd, e.kind, e.msg);
			else
				rd->page->n_results++;
		} else if (g && og_group_list_push(rd->out, g) < 0) {
			fail(rd, OG_ERR_INTERNAL, "out of memory");
		} else if (g || rd->count_only) {
			rd->page->n_results++;
		}
	}
	return r == 0;
}

/* The envelope {count, next, previous, results} at the cursor. */
static bool read_envelope(jscan *s, reading *rd)
{
	if (!js_object(s))
		return false;
	rd->page->envelope = true;
	rd->page->count = -1;
	bool first = true, seen_results = false, seen_count = false, results = false;
	js_span k;
	int r;
	while ((r = js_member(s, &first, &k)) == 1) {
		bool ok;
		int key = envelope_key(&k);
		if (key == EK_RESULTS && !seen_results) {
			seen_results = true;
			results = js_peek(s) == JS_ARRAY;
			ok = results ? read_results(s, rd) : js_skip(s, NULL);
		} else if (key == EK_COUNT && !seen_count) {
			seen_count = true;
			js_span v;
			if (js_peek(s) == JS_NUMBER) {
				ok = js_number(s, &v);
				if (ok)
					rd->page->count = js_number_value(&v);
			} else
				ok = js_skip(s, NULL);
		} else
			ok = js_skip(s, NULL);
		if (!ok)
			return false;
	}
	if (r != 0)
		return false;
	if (!results)
		fail(rd, OG_ERR_PARSE, "unexpected list of origin groups (neither an array nor an "
		     "envelope with results)");
	return true;
}

/* The end of a reading: its outcome, the groups of a failed one gone. */
static int finish(reading *rd, bool ok, size_t n0)
{
	bool oom = rd->sc.oom;
	scratch_free(&rd->sc);
	if (ok && !rd->failed)
		return GCORE_SCAN_OK;
	if (oom) {
		rd->failed = false;
		fail(rd, OG_ERR_INTERNAL, "out of memory");
	}
	if (!ok || oom)
		while (rd->out && rd->out->n > n0)
			og_group_free(rd->out->items[--rd->out->n]);
	return ok || oom ? GCORE_SCAN_ERROR : GCORE_SCAN_NOT_JSON;
}

static int scan_page(const char *text, size_t len, reading *rd)
{
	size_t n0 = rd->out ? rd->out->n : 0;
	rd->text = text;
	memset(rd->page, 0, sizeof *rd->page);
	if (!text)
		return GCORE_SCAN_NOT_JSON;
	jscan s;
	js_init_cjson(&s, text, len);
	bool ok;
	js_type t = js_peek(&s);
	if (t == JS_ARRAY) {
		ok = read_results(&s, rd);
	} else if (t == JS_OBJECT) {
		ok = read_envelope(&s, rd);
	} else {
		ok = js_skip(&s, NULL);
		fail(rd, OG_ERR_PARSE, "unexpected list of origin groups (not an array)");
	}
	/* bytes after the document: cJSON_ParseWithLength does not look */
	return finish(rd, ok, n0);
}

int gcore_scan_page(const char *text, size_t len, bool keep_raw, og_group_list *out,
                    gcore_page *page, og_error *err)
{
	reading rd = { .sc = { .keep_raw = keep_raw }, .out = out, .page = page, .err = err };
	return scan_page(text, len, &rd);
}

int gcore_scan_page_each(const char *text, size_t len, gcore_each_fn each, void *ctx,
                         gcore_page *page, og_error *err)
{
	reading rd = { .each = each, .each_ctx = ctx, .page = page, .err = err };
	return scan_page(text, len, &rd);
}

bool gcore_scan_glance(const char *text, size_t len, gcore_page *page)
{
	og_group_list none = { 0 };
	og_error err;
	reading rd = { .out = &none, .page = page, .err = &err, .count_only = true };
	return scan_page(text, len, &rd) == GCORE_SCAN_OK;
}

int gcore_scan_group(const char *text, size_t len, og_group **out, og_error *err)
{
	reading rd = { .sc = { .keep_raw = true }, .err = err };
	*out = NULL;
	if (!text)
		return GCORE_SCAN_NOT_JSON;
	jscan s;
	js_init_cjson(&s, text, len);
	bool ok = read_group(&s, &rd, out);
	int rc = finish(&rd, ok, 0);
	if (rc != GCORE_SCAN_OK) {
		og_group_free(*out);
		*out = NULL;
	}
	return rc;
}
