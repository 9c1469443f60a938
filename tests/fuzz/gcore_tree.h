/* The reference the Gcore mapping (net/gcore/gcore_scan.c) is held to:
 * the cJSON tree mapping origo had before that one, kept here verbatim for
 * the tests and fuzzers only (test_gcore_lean, fuzz_json_scan): a page
 * parsed by cJSON and read by it must give what gcore_scan_page gives,
 * message for message and raw_json byte for byte. Static functions: each
 * harness includes it once. */
#ifndef TESTS_FUZZ_GCORE_TREE_H
#define TESTS_FUZZ_GCORE_TREE_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>
#include "model/og.h"
#include "model/og_json.h"
#include "net/gcore/gcore.h"
#include "net/gcore/gcore_scan.h"
#include "net/hostport.h"
#include "net/json.h"
#include "net/call.h"
#include "net/text_over.h"

static og_tri tree_tri_of(const cJSON *j, og_tri missing)
{
	if (cJSON_IsTrue(j))
		return OG_YES;
	if (cJSON_IsFalse(j))
		return OG_NO;
	return missing;
}

/* Fills out's fields from j; its raw is left NULL for the caller. */
static int tree_source_fields(const cJSON *j, size_t i, og_source *out, og_error *err)
{
	memset(out, 0, sizeof *out);
	out->primary = OG_ABSENT;
	out->order = -1;
	if (!cJSON_IsObject(j)) {
		og_error_set(err, OG_ERR_PARSE, "unexpected source #%zu in a group (not an object)", i + 1);
		return -1;
	}
	const char *type = json_str(j, "origin_type");
	const cJSON *config = cJSON_GetObjectItemCaseSensitive(j, "config");
	const char *source = json_str(j, "source");
	char buf[300];

	if (type && strcmp(type, "s3") == 0) {
		/* Identity and display are the bucket; the keys stay in raw only. */
		const char *bucket = json_str(config, "s3_bucket_name");
		if (!bucket || !bucket[0]) {
			og_error_set(err, OG_ERR_PARSE, "S3 source #%zu has no bucket name", i + 1);
			return -1;
		}
		out->kind = OG_KIND_S3;
		out->key = strdup(bucket);
		out->host = strdup(bucket);
	} else if (type && strcmp(type, "fastedge") == 0) {
		const cJSON *app = cJSON_GetObjectItemCaseSensitive(config, "app_id");
		if (cJSON_IsString(app) && app->valuestring[0])
			snprintf(buf, sizeof buf, "fastedge:%s", app->valuestring);
		else if (cJSON_IsNumber(app))
			snprintf(buf, sizeof buf, "fastedge:%.0f", app->valuedouble);
		else {
			og_error_set(err, OG_ERR_PARSE, "FastEdge source #%zu has no app_id", i + 1);
			return -1;
		}
		out->kind = OG_KIND_FASTEDGE;
		out->key = strdup(buf);
		out->host = strdup(buf + strlen("fastedge:"));
	} else {
		/* host sources have no origin_type in responses; "host" or an
		 * unknown future type with a `source` string is shown as a host */
		if (!source || !source[0]) {
			og_error_set(err, OG_ERR_PARSE, "source #%zu has no \"source\" host", i + 1);
			return -1;
		}
		out->kind = OG_KIND_HOST;
		out->key = strdup(source);
		if (out->key && net_split_host_port(source, &out->host, &out->port) < 0)
			goto oom;
	}
	if (!out->key || !out->host)
		goto oom;
	out->enabled = tree_tri_of(cJSON_GetObjectItemCaseSensitive(j, "enabled"), OG_YES);
	out->backup = tree_tri_of(cJSON_GetObjectItemCaseSensitive(j, "backup"), OG_NO);
	const char *hh = json_str(j, "host_header_override");
	if (hh && !(out->host_header = strdup(hh)))
		goto oom;
	return 0;
oom:
	og_source_clear(out);
	og_error_set(err, OG_ERR_INTERNAL, "out of memory");
	return -1;
}

static char *tree_id_of(const cJSON *j)
{
	char buf[64];
	if (cJSON_IsNumber(j)) {
		double v = j->valuedouble;
		if (!(v >= 0 && v <= 9007199254740992.0) || floor(v) != v)
			return NULL;
		snprintf(buf, sizeof buf, "%.0f", v);
		return strdup(buf);
	}
	if (cJSON_IsString(j) && j->valuestring[0])
		return strdup(j->valuestring);
	return NULL;
}

/* Takes j (a group object from a tree the caller no longer needs) whether it
 * succeeds or not. Its sources go into the sources' raw text, so that 10,000
 * groups are held once, not twice, and as text, not as trees; with
 * keep_raw false (groups only shown) no text is kept at all. */
static int tree_adopt_group_opts(cJSON *j, bool keep_raw, og_group **out, og_error *err)
{
	*out = NULL;
	if (!cJSON_IsObject(j)) {
		cJSON_Delete(j);
		og_error_set(err, OG_ERR_PARSE, "unexpected origin group in the response (not an object)");
		return -1;
	}
	og_group *g = calloc(1, sizeof *g);
	if (!g)
		goto oom;
	g->id = tree_id_of(cJSON_GetObjectItemCaseSensitive(j, "id"));
	if (!g->id) {
		og_group_free(g);
		cJSON_Delete(j);
		og_error_set(err, OG_ERR_PARSE, "unexpected origin group in the response (no valid id)");
		return -1;
	}
	const char *name = json_str(j, "name");
	if (!(g->name = strdup(name ? name : "")))
		goto oom;
	/* Absent use_next reads as off: the API's default is undocumented, and
	 * off is what a group without next-upstream behaves like. */
	g->use_next = tree_tri_of(cJSON_GetObjectItemCaseSensitive(j, "use_next"), OG_NO);
	g->in_use = tree_tri_of(cJSON_GetObjectItemCaseSensitive(j, "has_related_resources"), OG_ABSENT);

	const cJSON *pnu = cJSON_GetObjectItemCaseSensitive(j, "proxy_next_upstream");
	int n = cJSON_IsArray(pnu) ? cJSON_GetArraySize(pnu) : 0;
	if (n > 0) {
		if (!(g->next_upstream = calloc((size_t)n, sizeof *g->next_upstream)))
			goto oom;
		const cJSON *e;
		cJSON_ArrayForEach(e, pnu) {
			if (!cJSON_IsString(e))
				continue;
			if (!(g->next_upstream[g->n_next_upstream] = strdup(e->valuestring)))
				goto oom;
			g->n_next_upstream++;
		}
	}

	cJSON *srcs = cJSON_GetObjectItemCaseSensitive(j, "sources");
	n = cJSON_IsArray(srcs) ? cJSON_GetArraySize(srcs) : 0;
	if (n > 0) {
		if (!(g->sources = calloc((size_t)n, sizeof *g->sources)))
			goto oom;
		size_t i = 0;
		for (cJSON *e = srcs->child; e; i++) {
			cJSON *next = e->next;
			og_error se;
			if (tree_source_fields(e, i, &g->sources[i], &se) < 0) {
				og_error_set(err, se.kind, "group %s: %s", g->id, se.msg);
				og_group_free(g);
				cJSON_Delete(j);
				return -1;
			}
			g->n_sources = i + 1;
			if (keep_raw && og_source_set_raw(&g->sources[i], cJSON_DetachItemViaPointer(srcs, e)) < 0)
				goto oom;
			e = next;
		}
	}
	if (!keep_raw) {
		cJSON_Delete(j);
		*out = g;
		return 0;
	}
	cJSON_DeleteItemFromObjectCaseSensitive(j, "sources");
	if (og_group_set_raw(g, j) < 0) {
		j = NULL;   /* taken */
		goto oom;
	}
	og_group_pack(g);   /* out of memory: it stays as it is, unpacked */
	*out = g;
	return 0;
oom:
	og_group_free(g);
	cJSON_Delete(j);
	og_error_set(err, OG_ERR_INTERNAL, "out of memory");
	return -1;
}

static int tree_adopt_group(cJSON *j, og_group **out, og_error *err)
{
	return tree_adopt_group_opts(j, true, out, err);
}

static int gcore_tree_page(cJSON *j, og_group_list *out, gcore_page *page, og_error *err)
{
	memset(page, 0, sizeof *page);
	cJSON *items = j;
	if (cJSON_IsObject(j)) {
		cJSON *results = cJSON_GetObjectItemCaseSensitive(j, "results");
		const cJSON *count = cJSON_GetObjectItemCaseSensitive(j, "count");
		if (!cJSON_IsArray(results)) {
			og_error_set(err, OG_ERR_PARSE,
			             "unexpected list of origin groups (neither an array nor an envelope with results)");
			return -1;
		}
		page->envelope = true;
		page->count = cJSON_IsNumber(count) ? count->valuedouble : -1;
		items = results;
	} else if (!cJSON_IsArray(j)) {
		og_error_set(err, OG_ERR_PARSE, "unexpected list of origin groups (not an array)");
		return -1;
	}
	for (cJSON *e = items->child; e;) {
		cJSON *next = e->next;
		og_group *g;
		if (tree_adopt_group(cJSON_DetachItemViaPointer(items, e), &g, err) < 0)
			return -1;
		e = next;
		if (og_group_list_push(out, g) < 0) {
			og_error_set(err, OG_ERR_INTERNAL, "out of memory");
			return -1;
		}
		page->n_results++;
	}
	return 0;
}

/* One group object (a copy of j is taken apart). */
static inline int gcore_tree_group(const cJSON *j, og_group **out, og_error *err)
{
	*out = NULL;
	cJSON *copy = cJSON_Duplicate(j, 1);
	if (!copy && j) {
		og_error_set(err, OG_ERR_INTERNAL, "out of memory");
		return -1;
	}
	return tree_adopt_group(copy, out, err);
}

/* A page's text as the tree path read it: gcore_parse_list's answer. */
static inline int gcore_tree_list(const char *text, size_t len, og_group_list *out,
                                  gcore_page *page, og_error *err)
{
	cJSON *j = text ? cJSON_ParseWithLength(text, len) : NULL;
	if (!j) {
		memset(page, 0, sizeof *page);
		og_error_set(err, OG_ERR_PARSE, "malformed list of origin groups (not JSON)");
		return -1;
	}
	int rc = gcore_tree_page(j, out, page, err);
	cJSON_Delete(j);
	return rc;
}

/* A reading described on one line: its outcome and message, or its
 * paging, and each group's --json text with (raws) its raw_json and its
 * sources'. NULL on out of memory. */
static inline char *gcore_tree_describe(int rc, const og_error *err, const og_group_list *l,
                                        const gcore_page *p, bool raws)
{
	og_text t = { 0 };
	char head[600];
	if (rc != 0)
		snprintf(head, sizeof head, "rc=%d kind=%d \"%s\" n=%zu:", rc, (int)err->kind, err->msg,
		         l->n);
	else
		snprintf(head, sizeof head, "envelope=%d count=%.17g n=%zu/%zu:", p->envelope, p->count,
		         p->n_results, l->n);
	if (og_text_add(&t, head, strlen(head)) < 0)
		goto oom;
	for (size_t i = 0; i < l->n; i++) {
		const og_group *g = l->items[i];
		if (og_group_json_add(&t, g) < 0)
			goto oom;
		if (!raws)
			continue;
		if (og_text_add(&t, " raw=", 5) < 0 ||
		    og_text_add(&t, g->raw_json ? g->raw_json : "-", strlen(g->raw_json ? g->raw_json : "-")) < 0)
			goto oom;
		for (size_t k = 0; k < g->n_sources; k++) {
			const char *r = g->sources[k].raw_json;
			if (og_text_add(&t, " src=", 5) < 0 || og_text_add(&t, r ? r : "-", strlen(r ? r : "-")) < 0)
				goto oom;
		}
	}
	return t.buf;
oom:
	og_text_free(&t);
	return NULL;
}

static int gcore_each_text(void *o, const og_group *g, size_t consumed, og_error *err)
{
	return text_over_group(o, g, consumed, err);
}

/* The page read group by group and made text over a copy of itself
 * (gcore_scan_page_each, net/text_over.h, as list --json reads a page)
 * described as gcore_tree_describe describes a reading shown only: on
 * success the same line (no separator between the groups); on failure
 * only its outcome and message (the groups before a failing one are
 * dropped). NULL on out of memory. */
static inline char *gcore_each_describe(const char *text, size_t len)
{
	char *copy = malloc(len + 1);
	if (!copy)
		return NULL;
	memcpy(copy, text, len);
	copy[len] = '\0';
	net_call c = { .text = og_group_json_add, .text_sep = "" };
	text_over o;
	text_over_start(&o, &c, copy, len + 1);
	gcore_page p = { 0 };
	og_error err = { 0 };
	og_text t = { 0 };
	size_t n = 0;
	int rc = gcore_scan_page_each(copy, len, gcore_each_text, &o, &p, &err);
	if (rc == GCORE_SCAN_NOT_JSON)
		og_error_set(&err, OG_ERR_PARSE, "malformed list of origin groups (not JSON)");
	if (rc == 0 && text_over_end(&o, &t, &n, &err) < 0)
		rc = -1;
	text_over_free(&o);
	if (rc != 0 || !t.buf)
		free(copy);   /* else the text has it */
	char head[600];
	if (rc != 0)
		snprintf(head, sizeof head, "rc=-1 kind=%d \"%s\"", (int)err.kind, err.msg);
	else
		snprintf(head, sizeof head, "envelope=%d count=%.17g n=%zu/%zu:", p.envelope, p.count,
		         p.n_results, n);
	size_t hn = strlen(head), tn = rc == 0 ? t.len : 0;
	char *line = malloc(hn + tn + 1);
	if (line) {
		memcpy(line, head, hn);
		if (tn)
			memcpy(line + hn, t.buf, tn);
		line[hn + tn] = '\0';
	}
	og_text_free(&t);
	return line;
}

/* Whether the one mapping reads text as the tree did: gcore_parse_list
 * (raws kept) and gcore_scan_page without raws (groups only shown) against
 * gcore_tree_list. NULL when they agree, else what differs (caller frees). */
static inline char *gcore_tree_diff(const char *text, size_t len)
{
	og_group_list lt = { 0 }, lr = { 0 }, ls = { 0 };
	gcore_page pt = { 0 }, pr = { 0 }, ps = { 0 };
	og_error et = { 0 }, er = { 0 }, es = { 0 };
	int rt = gcore_tree_list(text, len, &lt, &pt, &et);
	int rr = gcore_parse_list(text, len, &lr, &pr, &er);
	int rs = gcore_scan_page(text, len, false, &ls, &ps, &es);
	if (rs == GCORE_SCAN_NOT_JSON)
		og_error_set(&es, OG_ERR_PARSE, "malformed list of origin groups (not JSON)");
	char *a = gcore_tree_describe(rt, &et, &lt, &pt, true);
	char *b = gcore_tree_describe(rr, &er, &lr, &pr, true);
	char *c = gcore_tree_describe(rt, &et, &lt, &pt, false);
	char *d = gcore_tree_describe(rs < 0 ? -1 : 0, &es, &ls, &ps, false);
	/* group by group, text over the page: the list's line, or its outcome */
	char *e = gcore_each_describe(text, len);
	char fail[600];   /* the groups before a failure are not kept */
	snprintf(fail, sizeof fail, "rc=-1 kind=%d \"%s\"", (int)es.kind, es.msg);
	const char *f = rs < 0 ? fail : d;
	char *why = NULL;
	if (!a || !b || !c || !d || !e) {
		why = strdup("out of memory");
	} else if (strcmp(a, b) != 0) {
		size_t n = strlen(a) + strlen(b) + 40;
		if ((why = malloc(n)))
			snprintf(why, n, "\ntree: %s\nscan:  %s", a, b);
	} else if (strcmp(c, d) != 0) {
		size_t n = strlen(c) + strlen(d) + 40;
		if ((why = malloc(n)))
			snprintf(why, n, "\ntree:       %s\nshown only: %s", c, d);
	} else if (strcmp(f, e) != 0) {
		size_t n = strlen(f) + strlen(e) + 40;
		if ((why = malloc(n)))
			snprintf(why, n, "\nshown only:   %s\ntext over it: %s", f, e);
	}
	free(e);
	free(a);
	free(b);
	free(c);
	free(d);
	og_group_list_free(&lt);
	og_group_list_free(&lr);
	og_group_list_free(&ls);
	return why;
}

#endif
