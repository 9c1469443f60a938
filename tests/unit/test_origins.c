/* The sources pivot: the identity rule (case, ports, IPv6, buckets, FastEdge
 * left out), the counts of each origin, the order of its uses, sorting,
 * filtering, finding, the "same host on another port" hint, and a pivot of
 * 10,000 groups built in one pass. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "model/origins.h"
#include "model/store.h"

static char *xstrdup(const char *s)
{
	char *d = strdup(s);
	assert_non_null(d);
	return d;
}

/* A source spec: host, port, kind, enabled, backup. */
typedef struct spec {
	const char *host;
	int port;
	og_kind kind;
	og_tri enabled, backup;
} spec;

static og_group *make_group(const char *id, const char *name, const spec *specs, size_t n)
{
	og_group *g = calloc(1, sizeof *g);
	assert_non_null(g);
	g->id = xstrdup(id);
	g->name = xstrdup(name);
	g->sources = calloc(n ? n : 1, sizeof *g->sources);
	assert_non_null(g->sources);
	for (size_t i = 0; i < n; i++) {
		og_source *s = &g->sources[g->n_sources++];
		s->key = xstrdup(specs[i].host ? specs[i].host : "app-17");
		s->host = specs[i].host ? xstrdup(specs[i].host) : NULL;
		s->port = specs[i].port;
		s->kind = specs[i].kind;
		s->enabled = specs[i].enabled;
		s->backup = specs[i].backup;
		s->primary = OG_ABSENT;
		s->order = -1;
	}
	return g;
}

static void name_of(const spec *sp, char *out, size_t n)
{
	og_group *g = make_group("1", "g", sp, 1);
	origin_name_of(&g->sources[0], out, n);
	og_group_free(g);
}

static void test_identity(void **state)
{
	(void)state;
	char out[ORIGIN_NAME_MAX + 1];
	name_of(&(spec){ "API.Example.COM", 0, OG_KIND_HOST, OG_YES, OG_NO }, out, sizeof out);
	assert_string_equal(out, "api.example.com");
	name_of(&(spec){ "Api.example.com", 8443, OG_KIND_HOST, OG_YES, OG_NO }, out, sizeof out);
	assert_string_equal(out, "api.example.com:8443");
	name_of(&(spec){ "2001:DB8::1", 443, OG_KIND_HOST, OG_YES, OG_NO }, out, sizeof out);
	assert_string_equal(out, "[2001:db8::1]:443");
	name_of(&(spec){ "2001:db8::1", 0, OG_KIND_HOST, OG_YES, OG_NO }, out, sizeof out);
	assert_string_equal(out, "2001:db8::1");
	/* a scheme is no part of the host (Edgio keeps one) */
	name_of(&(spec){ "HTTPS://Shared.example.com", 443, OG_KIND_HOST, OG_ABSENT, OG_ABSENT }, out, sizeof out);
	assert_string_equal(out, "shared.example.com:443");
	name_of(&(spec){ "http://[2001:db8::2]", 80, OG_KIND_HOST, OG_ABSENT, OG_ABSENT }, out, sizeof out);
	assert_string_equal(out, "[2001:db8::2]:80");
	/* a bucket is its name; its port, if any, is no part of it */
	name_of(&(spec){ "Media-Bucket", 0, OG_KIND_S3, OG_YES, OG_NO }, out, sizeof out);
	assert_string_equal(out, "media-bucket");
	name_of(&(spec){ "yc-bucket", 443, OG_KIND_BUCKET, OG_YES, OG_NO }, out, sizeof out);
	assert_string_equal(out, "yc-bucket");
	/* a FastEdge app has no address: no origin */
	name_of(&(spec){ NULL, 0, OG_KIND_FASTEDGE, OG_ABSENT, OG_ABSENT }, out, sizeof out);
	assert_string_equal(out, "");
	/* a small buffer is cut, terminated */
	name_of(&(spec){ "api.example.com", 0, OG_KIND_HOST, OG_YES, OG_NO }, out, 4);
	assert_string_equal(out, "api");
}

static void test_identity_cut_utf8(void **state)
{
	(void)state;
	/* ORIGIN_NAME_MAX - 1 ASCII bytes then a two-byte letter: the cut at
	 * ORIGIN_NAME_MAX must drop the letter whole */
	char host[ORIGIN_NAME_MAX + 8];
	memset(host, 'a', ORIGIN_NAME_MAX - 1);
	memcpy(host + ORIGIN_NAME_MAX - 1, "\xc3\xa9zz", 5);
	char out[ORIGIN_NAME_MAX + 50];
	name_of(&(spec){ host, 0, OG_KIND_HOST, OG_YES, OG_NO }, out, sizeof out);
	assert_int_equal(strlen(out), ORIGIN_NAME_MAX - 1);
	assert_int_equal(out[ORIGIN_NAME_MAX - 2], 'a');
}

/* Two accounts:
 *  a0: "www"  api.example.com (on), API.example.com:8443 (off), media (s3)
 *      "api"  api.example.com (backup), fastedge app
 *  a1: "edge" Api.Example.com (off, backup), [2001:db8::1]:443
 *      "zzz"  api.example.com twice (on, on)
 *  a2: not loaded */
typedef struct fixture {
	og_group_list l0, l1;
	og_origins o;
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	assert_non_null(f);
	spec www[] = {
		{ "api.example.com", 0, OG_KIND_HOST, OG_YES, OG_NO },
		{ "API.example.com", 8443, OG_KIND_HOST, OG_NO, OG_NO },
		{ "media", 0, OG_KIND_S3, OG_ABSENT, OG_ABSENT },
	};
	spec api[] = {
		{ "api.example.com", 0, OG_KIND_HOST, OG_YES, OG_YES },
		{ NULL, 0, OG_KIND_FASTEDGE, OG_ABSENT, OG_ABSENT },
	};
	spec edge[] = {
		{ "Api.Example.com", 0, OG_KIND_HOST, OG_NO, OG_YES },
		{ "2001:db8::1", 443, OG_KIND_HOST, OG_YES, OG_NO },
	};
	spec zzz[] = {
		{ "api.example.com", 0, OG_KIND_HOST, OG_YES, OG_NO },
		{ "api.example.com", 0, OG_KIND_HOST, OG_ABSENT, OG_NO },
	};
	assert_int_equal(og_group_list_push(&f->l0, make_group("1", "www", www, 3)), 0);
	assert_int_equal(og_group_list_push(&f->l0, make_group("2", "api", api, 2)), 0);
	assert_int_equal(og_group_list_push(&f->l1, make_group("9", "zzz", zzz, 2)), 0);
	assert_int_equal(og_group_list_push(&f->l1, make_group("8", "edge", edge, 2)), 0);
	og_origins_account acc[3] = { { &f->l0 }, { &f->l1 }, { NULL } };
	assert_int_equal(origins_build(&f->o, acc, 3), 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	origins_free(&f->o);
	og_group_list_free(&f->l0);
	og_group_list_free(&f->l1);
	free(f);
	return 0;
}

static const og_origin *at(const og_origins *o, size_t i)
{
	assert_true(i < o->n_view);
	return &o->items[o->view[i]];
}

static void test_counts_and_order(void **state)
{
	fixture *f = *state;
	/* api.example.com, api.example.com:8443, [2001:db8::1]:443, media;
	 * the FastEdge app is left out */
	assert_int_equal(f->o.n, 4);
	assert_int_equal(f->o.n_view, 4);
	assert_string_equal(at(&f->o, 0)->name, "[2001:db8::1]:443");
	assert_string_equal(at(&f->o, 1)->name, "api.example.com");
	assert_string_equal(at(&f->o, 2)->name, "api.example.com:8443");
	assert_string_equal(at(&f->o, 3)->name, "media");

	const og_origin *api = at(&f->o, 1);
	assert_int_equal(api->n_uses, 5);
	assert_int_equal(api->n_groups, 4);
	assert_int_equal(api->n_accounts, 2);
	/* enabled: www on, api on, zzz on, zzz absent (counts); edge off */
	assert_int_equal(api->n_enabled, 4);
	assert_int_equal(api->n_backup, 2);
	/* by account, then group name, then source index */
	assert_int_equal(api->uses[0].account, 0);
	assert_string_equal(api->uses[0].group->name, "api");
	assert_int_equal(api->uses[1].account, 0);
	assert_string_equal(api->uses[1].group->name, "www");
	assert_int_equal(api->uses[1].source, 0);
	assert_int_equal(api->uses[2].account, 1);
	assert_string_equal(api->uses[2].group->name, "edge");
	assert_string_equal(api->uses[3].group->name, "zzz");
	assert_int_equal(api->uses[3].source, 0);
	assert_string_equal(api->uses[4].group->name, "zzz");
	assert_int_equal(api->uses[4].source, 1);

	const og_origin *port = at(&f->o, 2);
	assert_int_equal(port->n_uses, 1);
	assert_int_equal(port->n_enabled, 0);
	assert_int_equal(port->n_backup, 0);
	const og_origin *media = at(&f->o, 3);
	assert_int_equal(media->n_groups, 1);
	assert_int_equal(media->n_enabled, 1);   /* absent counts as enabled */
	assert_int_equal(media->n_backup, 0);
}

static void test_sort_and_filter(void **state)
{
	fixture *f = *state;
	assert_int_equal(origins_set_view(&f->o, NULL, ORIGINS_BY_GROUPS), 0);
	assert_int_equal(f->o.n_view, 4);
	assert_string_equal(at(&f->o, 0)->name, "api.example.com");
	/* the ties (one group each) by name */
	assert_string_equal(at(&f->o, 1)->name, "[2001:db8::1]:443");
	assert_string_equal(at(&f->o, 2)->name, "api.example.com:8443");
	assert_string_equal(at(&f->o, 3)->name, "media");

	assert_int_equal(origins_set_view(&f->o, "EXAMPLE", ORIGINS_BY_NAME), 0);
	assert_int_equal(f->o.n_view, 2);
	assert_string_equal(at(&f->o, 0)->name, "api.example.com");
	assert_string_equal(at(&f->o, 1)->name, "api.example.com:8443");
	assert_int_equal(origins_set_view(&f->o, ":8443", ORIGINS_BY_GROUPS), 0);
	assert_int_equal(f->o.n_view, 1);
	assert_int_equal(origins_set_view(&f->o, "nothing-like-it", ORIGINS_BY_NAME), 0);
	assert_int_equal(f->o.n_view, 0);
	assert_int_equal(origins_set_view(&f->o, "", ORIGINS_BY_NAME), 0);
	assert_int_equal(f->o.n_view, 4);
}

static void test_find_and_near(void **state)
{
	fixture *f = *state;
	const og_origin *o = origins_find(&f->o, "API.EXAMPLE.com");
	assert_non_null(o);
	assert_string_equal(o->name, "api.example.com");
	o = origins_find(&f->o, "[2001:DB8::1]:443");
	assert_non_null(o);
	assert_int_equal(o->n_uses, 1);
	assert_null(origins_find(&f->o, "api.example.com:443"));
	assert_null(origins_find(&f->o, "example.com"));

	size_t near[4];
	/* the same host on other ports */
	size_t k = origins_near(&f->o, "Api.example.com:443", near, 4);
	assert_int_equal(k, 2);
	const char *a = f->o.items[near[0]].name, *b = f->o.items[near[1]].name;
	assert_true((strcmp(a, "api.example.com") == 0 && strcmp(b, "api.example.com:8443") == 0) ||
	            (strcmp(b, "api.example.com") == 0 && strcmp(a, "api.example.com:8443") == 0));
	k = origins_near(&f->o, "2001:db8::1", near, 4);
	assert_int_equal(k, 1);
	assert_string_equal(f->o.items[near[0]].name, "[2001:db8::1]:443");
	/* max is kept */
	assert_int_equal(origins_near(&f->o, "api.example.com:1", near, 1), 1);
	assert_int_equal(origins_near(&f->o, "other.example.com", near, 4), 0);
}

static void test_empty(void **state)
{
	(void)state;
	og_origins o;
	og_origins_account none[2] = { { NULL }, { NULL } };
	assert_int_equal(origins_build(&o, none, 2), 0);
	assert_int_equal(o.n, 0);
	assert_int_equal(o.n_view, 0);
	assert_null(origins_find(&o, "x"));
	origins_free(&o);
	assert_int_equal(origins_build(&o, NULL, 0), 0);
	assert_int_equal(o.n, 0);
	origins_free(&o);
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* 10,000 groups of 3 sources: a shared origin in every group, one per 10
 * groups, one of each group's own. The pivot must be right and take one
 * pass, not one a pair (well under a second even under ASan). */
static void test_ten_thousand(void **state)
{
	(void)state;
	og_group_list l = { 0 };
	char id[32], own[64], tenth[64];
	for (int i = 0; i < 10000; i++) {
		snprintf(id, sizeof id, "%d", i);
		snprintf(own, sizeof own, "own-%05d.example.net", i);
		snprintf(tenth, sizeof tenth, "pool-%d.example.net", i / 10);
		spec sp[] = {
			{ "shared.example.com", 0, OG_KIND_HOST, i % 2 ? OG_YES : OG_NO, OG_NO },
			{ tenth, 8080, OG_KIND_HOST, OG_YES, OG_YES },
			{ own, 0, OG_KIND_HOST, OG_YES, OG_NO },
		};
		assert_int_equal(og_group_list_push(&l, make_group(id, id, sp, 3)), 0);
	}
	og_origins_account acc[1] = { { &l } };
	og_origins o;
	double t0 = now_ms();
	assert_int_equal(origins_build(&o, acc, 1), 0);
	double ms = now_ms() - t0;
	assert_int_equal(o.n, 1 + 1000 + 10000);
	const og_origin *shared = origins_find(&o, "shared.example.com");
	assert_non_null(shared);
	assert_int_equal(shared->n_groups, 10000);
	assert_int_equal(shared->n_enabled, 5000);
	const og_origin *pool = origins_find(&o, "pool-7.example.net:8080");
	assert_non_null(pool);
	assert_int_equal(pool->n_groups, 10);
	assert_int_equal(pool->n_backup, 10);
	assert_int_equal(origins_set_view(&o, NULL, ORIGINS_BY_GROUPS), 0);
	assert_string_equal(o.items[o.view[0]].name, "shared.example.com");
	assert_int_equal(o.items[o.view[1]].n_groups, 10);
	print_message("pivot of 10,000 groups: %.1f ms\n", ms);
	assert_true(ms < 1000.0);
	origins_free(&o);
	og_group_list_free(&l);
}

/* The screens build the pivot again when a store's `changes` moved: every
 * change that frees a group or moves a flag must move it. */
static void test_store_changes_counter(void **state)
{
	(void)state;
	og_store st;
	store_init(&st);
	spec sp[] = { { "a.example.com", 0, OG_KIND_HOST, OG_YES, OG_NO },
	              { "b.example.com", 0, OG_KIND_HOST, OG_YES, OG_NO } };
	og_group_list l = { 0 };
	assert_int_equal(og_group_list_push(&l, make_group("1", "one", sp, 2)), 0);
	assert_int_equal(og_group_list_push(&l, make_group("2", "two", sp, 2)), 0);
	unsigned long c = st.changes;
	store_replace_all(&st, &l);
	assert_true(st.changes > c);
	c = st.changes;
	store_set_filter(&st, "one");     /* the view only: the groups stay */
	assert_int_equal(st.changes, c);
	og_change ch = { .group_id = "1", .source_key = "a.example.com", .field = OG_FIELD_ENABLED,
	                 .from = OG_YES, .to = OG_NO, .order_from = -1, .order_to = -1 };
	uint64_t id = store_begin_change(&st, &ch, false);
	assert_true(id > 0);
	assert_true(st.changes > c);
	c = st.changes;
	store_revert(&st, id);
	assert_true(st.changes > c);
	c = st.changes;
	id = store_begin_change(&st, &ch, false);
	c = st.changes;
	store_confirm(&st, id, make_group("1", "one", sp, 1));
	assert_true(st.changes > c);
	c = st.changes;
	store_replace_group(&st, make_group("3", "three", sp, 1));
	assert_true(st.changes > c);
	c = st.changes;
	store_remove_group(&st, "2");
	assert_true(st.changes > c);
	c = st.changes;
	store_remove_group(&st, "nosuch");   /* nothing changed */
	assert_int_equal(st.changes, c);
	store_free(&st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_identity),
		cmocka_unit_test(test_identity_cut_utf8),
		cmocka_unit_test_setup_teardown(test_counts_and_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sort_and_filter, setup, teardown),
		cmocka_unit_test_setup_teardown(test_find_and_near, setup, teardown),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_ten_thousand),
		cmocka_unit_test(test_store_changes_counter),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
