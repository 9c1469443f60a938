/* A Gcore list page read from its text for list --json (gcore_scan.h).
 *
 * The rules are those of the tree path in gcore.c (adopt_group_opts and
 * source_fields, without the raw objects), read the way cJSON reads them:
 * of a key given twice the first counts, whatever its type; a field of the
 * wrong type is absent. Whatever the tree path would refuse, and whatever
 * it might read differently (a \u0000 cutting a string short, an escaped
 * key, a number it would round), sends the page back to it: its message is
 * then the one the user always got. */
#include "net/gcore/gcore_scan.h"
#include "net/hostport.h"
#include "net/json_scan.h"

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

/* Reads the value at the cursor into f when f has not been seen yet
 * (containers are only noted: the caller reads them), else skips it. */
static bool take(jscan *s, field *f)
{
	if (f->seen)
		return js_skip(s, NULL);
	f->seen = true;
	f->type = js_peek(s);
	if (f->type == JS_STRING)
		return js_string(s, &f->v);
	if (f->type == JS_NUMBER)
		return js_number(s, &f->v);
	return js_skip(s, NULL);
}

static og_tri tri_of(const field *f, og_tri missing)
{
	if (f->seen && f->type == JS_TRUE)
		return OG_YES;
	if (f->seen && f->type == JS_FALSE)
		return OG_NO;
	return missing;
}

/* A number written as plain digits that a double holds exactly: the text
 * cJSON's "%.0f" makes of it is the text itself. */
static bool plain_integer(const js_span *v)
{
	if (v->n == 0 || v->n > 15)
		return false;
	for (size_t i = 0; i < v->n; i++)
		if (v->p[i] < '0' || v->p[i] > '9')
			return false;
	return true;
}

/* Is the key k (a member's key span) `name`? Escaped keys never reach here. */
static bool key_is(const js_span *k, const char *name, size_t n)
{
	return k->n == n && memcmp(k->p, name, n) == 0;
}
#define KEY(k, lit) key_is(k, lit, sizeof lit - 1)

/* What one source object says, as spans of the page. */
typedef struct src_fields {
	field type, source, enabled, backup, hh, bucket, app;
} src_fields;

/* The spans of one group, gathered before anything is allocated; kept
 * from group to group of a page so that their arrays are allocated once. */
typedef struct scratch {
	field id, name, use_next, related;
	src_fields *src;
	size_t n_src, cap_src;
	js_span *nu;         /* proxy_next_upstream's strings */
	size_t n_nu, cap_nu;
} scratch;

static bool reserve(void **a, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return true;
	size_t c = *cap ? *cap * 2 : 16;
	void *m = realloc(*a, c * size);
	if (!m)
		return false;
	*a = m;
	*cap = c;
	return true;
}

/* The config object of a source: its first bucket and app id. */
static bool read_config(jscan *s, field *bucket, field *app)
{
	if (js_peek(s) != JS_OBJECT)
		return js_skip(s, NULL);   /* not an object: nothing is found in it */
	if (!js_object(s))
		return false;
	bool first = true;
	js_span k;
	int r;
	while ((r = js_member(s, &first, &k)) == 1) {
		if (k.escaped)
			return false;
		bool ok = KEY(&k, "s3_bucket_name") ? take(s, bucket) :
		          KEY(&k, "app_id") ? take(s, app) : js_skip(s, NULL);
		if (!ok)
			return false;
	}
	return r == 0;
}

/* One source object at the cursor into *f. */
static bool read_source(jscan *s, src_fields *f)
{
	/* a field is read only once seen: clearing the flags is enough (this
	 * runs for every source of 10,000 groups) */
	f->type.seen = f->source.seen = f->enabled.seen = f->backup.seen = false;
	f->hh.seen = f->bucket.seen = f->app.seen = false;
	if (!js_object(s))
		return false;   /* not an object: the tree path's error */
	bool first = true, config = false;
	js_span k;
	int r;
	while ((r = js_member(s, &first, &k)) == 1) {
		if (k.escaped)
			return false;
		bool ok;
		if (KEY(&k, "origin_type"))
			ok = take(s, &f->type);
		else if (KEY(&k, "source"))
			ok = take(s, &f->source);
		else if (KEY(&k, "enabled"))
			ok = take(s, &f->enabled);
		else if (KEY(&k, "backup"))
			ok = take(s, &f->backup);
		else if (KEY(&k, "host_header_override"))
			ok = take(s, &f->hh);
		else if (KEY(&k, "config") && !config) {
			config = true;
			ok = read_config(s, &f->bucket, &f->app);
		} else
			ok = js_skip(s, NULL);
		if (!ok)
			return false;
	}
	return r == 0;
}

static bool read_sources(jscan *s, scratch *sc)
{
	if (js_peek(s) != JS_ARRAY)
		return js_skip(s, NULL);   /* not an array: no sources */
	if (!js_array(s))
		return false;
	bool first = true;
	int r;
	while ((r = js_element(s, &first)) == 1) {
		if (!reserve((void **)&sc->src, &sc->cap_src, sc->n_src, sizeof *sc->src) ||
		    !read_source(s, &sc->src[sc->n_src]))
			return false;
		sc->n_src++;
	}
	return r == 0;
}

/* proxy_next_upstream: its strings (other elements are passed over). */
static bool read_next_upstream(jscan *s, scratch *sc)
{
	if (js_peek(s) != JS_ARRAY)
		return js_skip(s, NULL);
	if (!js_array(s))
		return false;
	bool first = true;
	int r;
	while ((r = js_element(s, &first)) == 1) {
		if (js_peek(s) != JS_STRING) {
			if (!js_skip(s, NULL))
				return false;
			continue;
		}
		if (!reserve((void **)&sc->nu, &sc->cap_nu, sc->n_nu, sizeof *sc->nu) ||
		    !js_string(s, &sc->nu[sc->n_nu]))
			return false;
		sc->n_nu++;
	}
	return r == 0;
}

/* One group object at the cursor into sc's spans. */
static bool read_group_spans(jscan *s, scratch *sc)
{
	sc->id.seen = sc->name.seen = sc->use_next.seen = sc->related.seen = false;
	sc->n_src = sc->n_nu = 0;
	if (!js_object(s))
		return false;
	bool seen_nu = false, seen_sources = false, first = true;
	js_span k;
	int r;
	while ((r = js_member(s, &first, &k)) == 1) {
		if (k.escaped)
			return false;
		bool ok;
		if (KEY(&k, "id"))
			ok = take(s, &sc->id);
		else if (KEY(&k, "name"))
			ok = take(s, &sc->name);
		else if (KEY(&k, "use_next"))
			ok = take(s, &sc->use_next);
		else if (KEY(&k, "has_related_resources"))
			ok = take(s, &sc->related);
		else if (KEY(&k, "proxy_next_upstream") && !seen_nu) {
			seen_nu = true;
			ok = read_next_upstream(s, sc);
		} else if (KEY(&k, "sources") && !seen_sources) {
			seen_sources = true;
			ok = read_sources(s, sc);
		} else
			ok = js_skip(s, NULL);
		if (!ok)
			return false;
	}
	return r == 0;
}

#define FASTEDGE_KEY_MAX 300   /* the tree path's snprintf buffer */

/* The string of f (a JS_STRING) decoded at *at, which moves on; NULL on a
 * \u0000. */
static char *put(char **at, const js_span *v)
{
	long n = js_decode(v, *at);
	if (n < 0)
		return NULL;
	char *d = *at;
	*at += n + 1;
	return d;
}

static bool is_string(const field *f)
{
	return f->seen && f->type == JS_STRING;
}

/* One source into d, its strings at *at. The rules of source_fields. */
static bool build_source(const src_fields *f, og_source *d, char **at)
{
	memset(d, 0, sizeof *d);
	d->packed = true;
	d->primary = OG_ABSENT;
	d->order = -1;
	d->enabled = tri_of(&f->enabled, OG_YES);
	d->backup = tri_of(&f->backup, OG_NO);
	char *type = is_string(&f->type) ? put(at, &f->type.v) : NULL;
	if (is_string(&f->type) && !type)
		return false;
	if (type && strcmp(type, "s3") == 0) {
		/* identity and display are the bucket */
		if (!is_string(&f->bucket) || !(d->key = put(at, &f->bucket.v)) || !d->key[0])
			return false;
		d->kind = OG_KIND_S3;
		d->host = d->key;
	} else if (type && strcmp(type, "fastedge") == 0) {
		char buf[FASTEDGE_KEY_MAX];   /* cut where the tree path's buffer cuts */
		if (is_string(&f->app)) {
			char *app = put(at, &f->app.v);
			if (!app || !app[0])
				return false;
			snprintf(buf, sizeof buf, "fastedge:%s", app);
		} else if (f->app.seen && f->app.type == JS_NUMBER && plain_integer(&f->app.v)) {
			snprintf(buf, sizeof buf, "fastedge:%.*s", (int)f->app.v.n, f->app.v.p);
		} else {
			return false;
		}
		size_t n = strlen(buf) + 1;
		d->key = memcpy(*at, buf, n);
		*at += n;
		d->kind = OG_KIND_FASTEDGE;
		d->host = d->key + strlen("fastedge:");
	} else {
		if (!is_string(&f->source) || !(d->key = put(at, &f->source.v)) || !d->key[0])
			return false;
		d->kind = OG_KIND_HOST;
		if (d->key[0] != '[' && !strchr(d->key, ':')) {
			d->host = d->key;   /* no port in it: net_split_host_port's host is all of it */
		} else {
			char *host;
			if (net_split_host_port(d->key, &host, &d->port) < 0)
				return false;
			size_t n = strlen(host) + 1;
			d->host = memcpy(*at, host, n);
			*at += n;
			free(host);
		}
	}
	if (is_string(&f->hh) && !(d->host_header = put(at, &f->hh.v)))
		return false;
	return true;
}

/* The group of sc in one allocation (og_group_pack's layout); NULL: the
 * page goes the tree way. The rules of adopt_group_opts. */
static og_group *build_group(const scratch *sc)
{
	const field *id = &sc->id;
	bool id_num = id->seen && id->type == JS_NUMBER && plain_integer(&id->v);
	if (!id_num && !(is_string(id) && id->v.n > 0))
		return NULL;   /* no valid id, or one cJSON would read otherwise */
	size_t arrays = sc->n_src * sizeof(og_source) + sc->n_nu * sizeof(char *);
	/* decoding never grows a string; a host is at most its source */
	size_t strings = id->v.n + 1 + (is_string(&sc->name) ? sc->name.v.n : 0) + 1;
	for (size_t i = 0; i < sc->n_nu; i++)
		strings += sc->nu[i].n + 1;
	for (size_t i = 0; i < sc->n_src; i++) {
		const src_fields *f = &sc->src[i];
		strings += (is_string(&f->type) ? f->type.v.n + 1 : 0) +
		           (is_string(&f->bucket) ? f->bucket.v.n + 1 : 0) +
		           (is_string(&f->app) ? f->app.v.n + 1 : 0) +
		           (is_string(&f->type) ? FASTEDGE_KEY_MAX : 0) +   /* may be "fastedge" */
		           (is_string(&f->source) ? 2 * (f->source.v.n + 1) : 0) +
		           (is_string(&f->hh) ? f->hh.v.n + 1 : 0);
	}
	og_group *g = calloc(1, sizeof *g);
	char *block = malloc(arrays + strings);
	if (!g || !block) {
		free(g);
		free(block);
		return NULL;
	}
	g->pack = block;
	char *at = block + arrays;
	g->id = put(&at, &id->v);   /* digits: nothing to decode */
	g->name = is_string(&sc->name) ? put(&at, &sc->name.v) : memcpy(at++, "", 1);
	if (!g->id || !g->id[0] || !g->name)
		goto back;
	g->use_next = tri_of(&sc->use_next, OG_NO);
	g->in_use = tri_of(&sc->related, OG_ABSENT);
	if (sc->n_nu) {
		g->next_upstream = (char **)(void *)(block + sc->n_src * sizeof(og_source));
		for (size_t i = 0; i < sc->n_nu; i++) {
			if (!(g->next_upstream[i] = put(&at, &sc->nu[i])))
				goto back;
			g->n_next_upstream++;
		}
	}
	if (sc->n_src) {
		g->sources = (og_source *)(void *)block;
		for (size_t i = 0; i < sc->n_src; i++) {
			if (!build_source(&sc->src[i], &g->sources[i], &at))
				goto back;
			g->n_sources++;
		}
	}
	return g;
back:
	og_group_free(g);
	return NULL;
}

/* The results array at the cursor, each group appended to out. */
static bool read_results(jscan *s, scratch *sc, og_group_list *out, gcore_page *page)
{
	if (!js_array(s))
		return false;
	bool first = true;
	int r;
	while ((r = js_element(s, &first)) == 1) {
		og_group *g = read_group_spans(s, sc) ? build_group(sc) : NULL;
		if (!g || og_group_list_push(out, g) < 0)
			return false;
		page->n_results++;
	}
	return r == 0;
}

/* The envelope {count, next, previous, results} at the cursor. */
static bool read_envelope(jscan *s, scratch *sc, og_group_list *out, gcore_page *page)
{
	if (!js_object(s))
		return false;
	page->envelope = true;
	page->count = -1;
	bool first = true, seen_results = false, seen_count = false;
	js_span k;
	int r;
	while ((r = js_member(s, &first, &k)) == 1) {
		if (k.escaped)
			return false;
		bool ok;
		if (KEY(&k, "results") && !seen_results) {
			seen_results = true;
			ok = read_results(s, sc, out, page);   /* not an array: the tree's error */
		} else if (KEY(&k, "count") && !seen_count) {
			seen_count = true;
			js_span v;
			if (js_peek(s) == JS_NUMBER) {
				ok = js_number(s, &v) && plain_integer(&v);   /* else as cJSON rounds it */
				double c = 0;
				for (size_t i = 0; ok && i < v.n; i++)
					c = c * 10 + (v.p[i] - '0');   /* exact: at most 15 digits */
				page->count = c;
			} else
				ok = js_skip(s, NULL);
		} else
			ok = js_skip(s, NULL);
		if (!ok)
			return false;
	}
	return r == 0 && seen_results;
}

int gcore_scan_page(const char *text, size_t len, og_group_list *out, gcore_page *page)
{
	size_t n0 = out->n;
	gcore_page p = { 0 };
	jscan s;
	js_init(&s, text, len);
	bool ok;
	js_type t = js_peek(&s);
	scratch sc = { 0 };
	if (t == JS_ARRAY)
		ok = read_results(&s, &sc, out, &p);
	else if (t == JS_OBJECT)
		ok = read_envelope(&s, &sc, out, &p);
	else
		ok = false;
	free(sc.src);
	free(sc.nu);
	if (ok && js_at_end(&s)) {
		*page = p;
		return 0;
	}
	while (out->n > n0)
		og_group_free(out->items[--out->n]);
	return 1;
}
