/* The store: the filter (narrowing, widening, case), pending changes with
 * revert, confirm and undo, and a view that stays valid across replaces. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "model/store.h"

static char *xstrdup(const char *s)
{
	char *d = strdup(s);
	assert_non_null(d);
	return d;
}

/* A group with id, name and up to 3 sources (NULL-terminated hosts), every
 * source enabled and not backup; raw carries the server's enabled value. */
static og_group *make_group(const char *id, const char *name, const char *h1,
                            const char *h2, const char *h3)
{
	const char *hosts[] = { h1, h2, h3 };
	og_group *g = calloc(1, sizeof *g);
	assert_non_null(g);
	g->id = xstrdup(id);
	g->name = xstrdup(name);
	g->use_next = OG_NO;
	g->in_use = OG_NO;
	g->sources = calloc(3, sizeof *g->sources);
	for (size_t i = 0; i < 3 && hosts[i]; i++) {
		og_source *s = &g->sources[g->n_sources++];
		s->key = xstrdup(hosts[i]);
		s->host = xstrdup(hosts[i]);
		s->enabled = OG_YES;
		s->backup = OG_NO;
		s->primary = OG_ABSENT;
		s->order = -1;
		og_source_set_raw(s, cJSON_Parse("{\"enabled\":true,\"backup\":false}"));
	}
	og_group_set_raw(g, cJSON_Parse("{\"name\":\"server\"}"));
	return g;
}

static og_group_list sample_list(void)
{
	og_group_list l = { 0 };
	assert_int_equal(og_group_list_push(&l, make_group("1", "Web-Prod", "origin1.example.com", "origin2.example.com", NULL)), 0);
	assert_int_equal(og_group_list_push(&l, make_group("22", "static", "S3Bucket.Storage.net", NULL, NULL)), 0);
	assert_int_equal(og_group_list_push(&l, make_group("123", "api", "api-a.internal", "api-b.internal", "api-c.internal")), 0);
	assert_int_equal(og_group_list_push(&l, make_group("7", "web-stage", "stage.example.org", NULL, NULL)), 0);
	return l;
}

static void load(og_store *s)
{
	store_init(s);
	og_group_list l = sample_list();
	store_replace_all(s, &l);
	assert_int_equal(l.n, 0);
	assert_null(l.items);
}

static const char *view_id(const og_store *s, size_t i)
{
	og_group *g = store_view_at(s, i);
	return g ? g->id : NULL;
}

static void test_filter(void **state)
{
	(void)state;
	og_store s;
	load(&s);
	assert_true(s.loaded);
	assert_int_equal(store_view_count(&s), 4);

	store_set_filter(&s, "WEB");            /* name, case-insensitive */
	assert_int_equal(store_view_count(&s), 2);
	assert_string_equal(view_id(&s, 0), "1");
	assert_string_equal(view_id(&s, 1), "7");

	store_set_filter(&s, "WEB-s");          /* narrowing */
	assert_int_equal(store_view_count(&s), 1);
	assert_string_equal(view_id(&s, 0), "7");
	assert_null(store_view_at(&s, 1));

	store_set_filter(&s, "w");              /* widening: a full scan again */
	assert_int_equal(store_view_count(&s), 2);

	store_set_filter(&s, "s3bucket");       /* source host, mixed case in data */
	assert_int_equal(store_view_count(&s), 1);
	assert_string_equal(view_id(&s, 0), "22");

	store_set_filter(&s, "12");             /* id */
	assert_int_equal(store_view_count(&s), 1);
	assert_string_equal(view_id(&s, 0), "123");
	assert_int_equal(store_view_index(&s, "123"), 0);
	assert_int_equal(store_view_index(&s, "1"), -1);

	store_set_filter(&s, "internal");
	assert_int_equal(store_view_count(&s), 1);
	store_set_filter(&s, "nothing-matches");
	assert_int_equal(store_view_count(&s), 0);
	assert_null(store_view_at(&s, 0));

	store_set_filter(&s, "");               /* empty: everything */
	assert_int_equal(store_view_count(&s), 4);
	store_set_filter(&s, NULL);
	assert_int_equal(store_view_count(&s), 4);
	assert_string_equal(view_id(&s, 3), "7");
	assert_int_equal(store_view_index(&s, "7"), 3);
	store_free(&s);
}

static void test_filter_does_not_span_fields(void **state)
{
	(void)state;
	og_store s;
	load(&s);
	/* id "1" followed by name "web-prod": "1web" must not match */
	store_set_filter(&s, "1web");
	assert_int_equal(store_view_count(&s), 0);
	store_free(&s);
}

static og_change change(const char *gid, const char *key, og_field f, og_tri from, og_tri to)
{
	og_change c = { .group_id = (char *)gid, .source_key = (char *)key, .field = f,
	                .from = from, .to = to };
	return c;
}

static og_source *src(og_store *s, const char *gid, const char *key)
{
	og_group *g = store_find(s, gid);
	assert_non_null(g);
	long k = og_group_find_source(g, key);
	assert_true(k >= 0);
	return &g->sources[k];
}

static void test_begin_revert(void **state)
{
	(void)state;
	og_store s;
	load(&s);
	og_change c = change("1", "origin1.example.com", OG_FIELD_ENABLED, OG_YES, OG_NO);
	uint64_t id = store_begin_change(&s, &c, false);
	assert_true(id > 0);
	assert_int_equal(src(&s, "1", "origin1.example.com")->enabled, OG_NO);
	/* raw is the server's and never touched */
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(og_source_raw(src(&s, "1", "origin1.example.com")), "enabled")));
	assert_true(store_is_pending(&s, "1", "origin1.example.com", OG_FIELD_ENABLED));
	assert_false(store_is_pending(&s, "1", "origin1.example.com", OG_FIELD_BACKUP));
	assert_int_equal(store_pending_count(&s), 1);
	const og_pending *p = store_pending_find(&s, id);
	assert_non_null(p);
	assert_int_equal(p->change.from, OG_YES);
	assert_int_equal(p->change.to, OG_NO);
	assert_string_equal(p->change.group_id, "1");

	/* a second pending change on the same flag is refused, nothing changes */
	og_change again = change("1", "origin1.example.com", OG_FIELD_ENABLED, OG_NO, OG_YES);
	assert_int_equal(store_begin_change(&s, &again, false), 0);
	assert_int_equal(src(&s, "1", "origin1.example.com")->enabled, OG_NO);
	assert_int_equal(store_pending_count(&s), 1);
	/* another flag of the same source is fine */
	og_change bk = change("1", "origin1.example.com", OG_FIELD_BACKUP, OG_NO, OG_YES);
	uint64_t id2 = store_begin_change(&s, &bk, false);
	assert_true(id2 > 0 && id2 != id);

	/* unknown group or source */
	og_change bad = change("999", "x", OG_FIELD_ENABLED, OG_YES, OG_NO);
	assert_int_equal(store_begin_change(&s, &bad, false), 0);
	bad = change("1", "nope.example.com", OG_FIELD_ENABLED, OG_YES, OG_NO);
	assert_int_equal(store_begin_change(&s, &bad, false), 0);

	store_revert(&s, id);
	assert_int_equal(src(&s, "1", "origin1.example.com")->enabled, OG_YES);
	assert_int_equal(src(&s, "1", "origin1.example.com")->backup, OG_YES); /* id2 still pending */
	assert_null(store_pending_find(&s, id));
	assert_false(store_is_pending(&s, "1", "origin1.example.com", OG_FIELD_ENABLED));
	store_revert(&s, id2);
	assert_int_equal(src(&s, "1", "origin1.example.com")->backup, OG_NO);
	assert_int_equal(store_pending_count(&s), 0);
	assert_false(s.has_undo);
	og_change u;
	assert_false(store_undo_change(&s, &u));
	store_revert(&s, 12345);   /* unknown id: nothing */
	store_free(&s);
}

static void test_confirm_and_undo(void **state)
{
	(void)state;
	og_store s;
	load(&s);
	og_change c = change("22", "S3Bucket.Storage.net", OG_FIELD_BACKUP, OG_NO, OG_YES);
	uint64_t id = store_begin_change(&s, &c, false);
	assert_true(id > 0);

	/* the worker's fresh GET after the PATCH */
	og_group *fresh = make_group("22", "static-renamed", "S3Bucket.Storage.net", NULL, NULL);
	fresh->sources[0].backup = OG_YES;
	store_confirm(&s, id, fresh);
	assert_int_equal(store_pending_count(&s), 0);
	assert_ptr_equal(store_find(&s, "22"), fresh);
	assert_string_equal(store_find(&s, "22")->name, "static-renamed");
	assert_int_equal(src(&s, "22", "S3Bucket.Storage.net")->backup, OG_YES);
	assert_true(s.has_undo);

	og_change u;
	assert_true(store_undo_change(&s, &u));
	assert_string_equal(u.group_id, "22");
	assert_string_equal(u.source_key, "S3Bucket.Storage.net");
	assert_int_equal(u.field, OG_FIELD_BACKUP);
	assert_int_equal(u.from, OG_YES);
	assert_int_equal(u.to, OG_NO);

	uint64_t uid = store_begin_change(&s, &u, true);
	assert_true(uid > 0);
	assert_true(store_pending_find(&s, uid)->is_undo);
	assert_int_equal(src(&s, "22", "S3Bucket.Storage.net")->backup, OG_NO);
	og_change_clear(&u);
	store_confirm(&s, uid, NULL);   /* no fresh copy: the shown value stays */
	assert_int_equal(src(&s, "22", "S3Bucket.Storage.net")->backup, OG_NO);
	/* a confirmed undo leaves nothing to undo */
	assert_false(s.has_undo);
	assert_false(store_undo_change(&s, &u));
	store_free(&s);
}

static void test_confirm_keeps_other_pending(void **state)
{
	(void)state;
	og_store s;
	load(&s);
	og_change a = change("123", "api-a.internal", OG_FIELD_ENABLED, OG_YES, OG_NO);
	og_change b = change("123", "api-b.internal", OG_FIELD_BACKUP, OG_NO, OG_YES);
	uint64_t ia = store_begin_change(&s, &a, false);
	uint64_t ib = store_begin_change(&s, &b, false);
	assert_true(ia && ib);
	og_group *fresh = make_group("123", "api", "api-a.internal", "api-b.internal", "api-c.internal");
	fresh->sources[0].enabled = OG_NO;
	store_confirm(&s, ia, fresh);
	/* b is still pending: the fresh server copy shows it as the user set it */
	assert_int_equal(src(&s, "123", "api-b.internal")->backup, OG_YES);
	assert_int_equal(src(&s, "123", "api-a.internal")->enabled, OG_NO);
	assert_true(store_is_pending(&s, "123", "api-b.internal", OG_FIELD_BACKUP));
	store_revert(&s, ib);
	assert_int_equal(src(&s, "123", "api-b.internal")->backup, OG_NO);
	store_free(&s);
}

static void test_pending_survives_replace_all(void **state)
{
	(void)state;
	og_store s;
	load(&s);
	store_set_filter(&s, "web");
	og_change c = change("7", "stage.example.org", OG_FIELD_ENABLED, OG_YES, OG_NO);
	uint64_t id = store_begin_change(&s, &c, false);
	assert_true(id > 0);

	/* a refresh arrives before the write finished: the row keeps the user's
	 * value, raw stays the server's */
	og_group_list l = sample_list();
	store_replace_all(&s, &l);
	og_source *so = src(&s, "7", "stage.example.org");
	assert_int_equal(so->enabled, OG_NO);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(og_source_raw(so), "enabled")));
	assert_int_equal(store_view_count(&s), 2);   /* filter still applied */
	assert_string_equal(view_id(&s, 1), "7");

	store_revert(&s, id);
	assert_int_equal(src(&s, "7", "stage.example.org")->enabled, OG_YES);

	/* pending on a group that vanished: kept, and revert is harmless */
	id = store_begin_change(&s, &c, false);
	assert_true(id > 0);
	og_group_list small = { 0 };
	assert_int_equal(og_group_list_push(&small, make_group("1", "web-prod", "o.example.com", NULL, NULL)), 0);
	store_replace_all(&s, &small);
	assert_null(store_find(&s, "7"));
	assert_int_equal(store_pending_count(&s), 1);
	store_revert(&s, id);
	assert_int_equal(store_pending_count(&s), 0);
	store_free(&s);
}

static void test_view_never_dangles(void **state)
{
	(void)state;
	og_store s;
	load(&s);
	store_set_filter(&s, "e");          /* matches all four */
	assert_int_equal(store_view_count(&s), 4);
	og_group_list l = { 0 };
	assert_int_equal(og_group_list_push(&l, make_group("5", "edge", "e.example.com", NULL, NULL)), 0);
	store_replace_all(&s, &l);
	assert_int_equal(store_view_count(&s), 1);
	assert_string_equal(view_id(&s, 0), "5");
	assert_null(store_view_at(&s, 1));
	assert_null(store_view_at(&s, 3));

	/* narrowing right after a replace still only sees live groups */
	store_set_filter(&s, "ed");
	assert_int_equal(store_view_count(&s), 1);

	/* replace_group adds a new one and keeps the filter */
	store_replace_group(&s, make_group("6", "edgy", "x.example.com", NULL, NULL));
	store_replace_group(&s, make_group("8", "other", "x.example.com", NULL, NULL));
	assert_int_equal(store_view_count(&s), 2);
	assert_string_equal(view_id(&s, 1), "6");
	/* replacing a group so that it no longer matches drops it from the view */
	store_replace_group(&s, make_group("5", "gone", "z.example.com", NULL, NULL));
	assert_int_equal(store_view_count(&s), 1);
	assert_string_equal(view_id(&s, 0), "6");
	store_set_filter(&s, "");
	assert_int_equal(store_view_count(&s), 3);

	/* emptied */
	og_group_list none = { 0 };
	store_replace_all(&s, &none);
	assert_int_equal(store_view_count(&s), 0);
	assert_null(store_view_at(&s, 0));
	store_set_filter(&s, "x");
	assert_int_equal(store_view_count(&s), 0);
	store_free(&s);
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void test_filter_fast_on_10000_groups(void **state)
{
	(void)state;
	og_store s;
	store_init(&s);
	og_group_list l = { 0 };
	for (int i = 0; i < 10000; i++) {
		char id[16], name[32], h1[48], h2[48];
		snprintf(id, sizeof id, "%d", 100000 + i);
		snprintf(name, sizeof name, "Group-%05d", i);
		snprintf(h1, sizeof h1, "origin-%d.Example.com", i);
		snprintf(h2, sizeof h2, "backup-%d.example.net:8080", i);
		assert_int_equal(og_group_list_push(&l, make_group(id, name, h1, h2, NULL)), 0);
	}
	store_replace_all(&s, &l);
	assert_int_equal(store_view_count(&s), 10000);

	const char *typed = "origin-1234";
	char buf[32];
	double worst = 0;
	for (size_t n = 1; n <= strlen(typed); n++) {
		memcpy(buf, typed, n);
		buf[n] = '\0';
		double t0 = now_ms();
		store_set_filter(&s, buf);
		double dt = now_ms() - t0;
		if (dt > worst)
			worst = dt;
	}
	assert_int_equal(store_view_count(&s), 1);
	assert_string_equal(store_view_at(&s, 0)->name, "Group-01234");
	/* a full scan (widening) */
	double t0 = now_ms();
	store_set_filter(&s, "EXAMPLE.NET");
	double full = now_ms() - t0;
	assert_int_equal(store_view_count(&s), 10000);
	print_message("filter on 10000 groups: worst keystroke %.3f ms, full scan %.3f ms\n", worst, full);
	/* well under a frame even under sanitizers */
	assert_true(worst < 16.0);
	assert_true(full < 16.0);
	store_free(&s);
}

/* An Edgio-like group: "a" HTTP order 0, "m" Match Client (HTTP 1, HTTPS 0),
 * "b" HTTP order 2, "s" HTTPS order 1. */
static og_group *edgio_group(void)
{
	og_group *g = make_group("500", "edge", "a", "m", "b");
	og_source *more = realloc(g->sources, 4 * sizeof *more);
	assert_non_null(more);
	g->sources = more;
	memset(&g->sources[3], 0, sizeof g->sources[3]);
	g->sources[3].key = xstrdup("s");
	g->sources[3].host = xstrdup("s");
	g->n_sources = 4;
	const char *proto[] = { "http", "match", "http", "https" };
	int order[] = { 0, 1, 2, 1 };
	for (size_t i = 0; i < 4; i++) {
		og_source *x = &g->sources[i];
		x->enabled = x->backup = OG_ABSENT;
		x->primary = OG_NO;
		x->protocol = xstrdup(proto[i]);
		x->order = order[i];
		x->order_alt = -1;
	}
	g->sources[1].order_alt = 0;
	return g;
}

static og_change move(const char *key, int from, int to, const char *proto)
{
	og_change c = change("500", key, OG_FIELD_ORDER, OG_ABSENT, OG_ABSENT);
	c.order_from = from;
	c.order_to = to;
	c.protocol = (char *)proto;
	return c;
}

static void load_edgio(og_store *s)
{
	store_init(s);
	og_group_list l = { 0 };
	assert_int_equal(og_group_list_push(&l, edgio_group()), 0);
	store_replace_all(s, &l);
}

static void test_move_apply_revert(void **state)
{
	(void)state;
	og_store s;
	load_edgio(&s);
	og_change c = move("b", 2, 1, NULL);          /* K on "b": swaps with "m" in HTTP */
	uint64_t id = store_begin_change(&s, &c, false);
	assert_true(id > 0);
	assert_int_equal(src(&s, "500", "b")->order, 1);
	assert_int_equal(src(&s, "500", "m")->order, 2);
	assert_int_equal(src(&s, "500", "m")->order_alt, 0);   /* HTTPS untouched */
	assert_int_equal(src(&s, "500", "a")->order, 0);
	assert_true(store_is_pending(&s, "500", "b", OG_FIELD_ORDER));
	assert_true(store_is_pending(&s, "500", "m", OG_FIELD_ORDER));
	assert_false(store_is_pending(&s, "500", "a", OG_FIELD_ORDER));
	assert_false(store_is_pending(&s, "500", "b", OG_FIELD_PRIMARY));
	/* one move at a time in a group */
	og_change c2 = move("a", 0, 1, NULL);
	assert_int_equal(store_begin_change(&s, &c2, false), 0);
	assert_int_equal(src(&s, "500", "a")->order, 0);

	/* a refresh brings the server's (unmoved) group: the move stays shown */
	og_group_list l = { 0 };
	assert_int_equal(og_group_list_push(&l, edgio_group()), 0);
	store_replace_all(&s, &l);
	assert_int_equal(src(&s, "500", "b")->order, 1);
	assert_int_equal(src(&s, "500", "m")->order, 2);

	store_revert(&s, id);
	assert_int_equal(src(&s, "500", "b")->order, 2);
	assert_int_equal(src(&s, "500", "m")->order, 1);
	assert_false(store_is_pending(&s, "500", "m", OG_FIELD_ORDER));
	assert_int_equal(store_pending_count(&s), 0);

	/* a stale order_from is refused and changes nothing */
	og_change stale = move("b", 1, 0, NULL);
	assert_int_equal(store_begin_change(&s, &stale, false), 0);
	assert_int_equal(src(&s, "500", "b")->order, 2);
	store_free(&s);
}

static void test_move_match_https_and_confirm(void **state)
{
	(void)state;
	og_store s;
	load_edgio(&s);
	og_change c = move("m", 0, 1, "https");       /* J on the HTTPS row of "m" */
	uint64_t id = store_begin_change(&s, &c, false);
	assert_true(id > 0);
	assert_int_equal(src(&s, "500", "m")->order_alt, 1);
	assert_int_equal(src(&s, "500", "m")->order, 1);        /* HTTP untouched */
	assert_int_equal(src(&s, "500", "s")->order, 0);
	assert_int_equal(src(&s, "500", "b")->order, 2);
	assert_true(store_is_pending(&s, "500", "s", OG_FIELD_ORDER));
	assert_false(store_is_pending(&s, "500", "b", OG_FIELD_ORDER));

	/* the server's answer replaces the group as it says */
	og_group *fresh = edgio_group();
	fresh->sources[1].order_alt = 1;
	fresh->sources[3].order = 0;
	store_confirm(&s, id, fresh);
	assert_int_equal(store_pending_count(&s), 0);
	assert_int_equal(src(&s, "500", "m")->order_alt, 1);
	assert_int_equal(src(&s, "500", "s")->order, 0);
	assert_false(store_is_pending(&s, "500", "s", OG_FIELD_ORDER));

	/* undo moves it back: orders swapped */
	og_change u;
	memset(&u, 0, sizeof u);
	assert_true(store_undo_change(&s, &u));
	assert_int_equal(u.field, OG_FIELD_ORDER);
	assert_int_equal(u.order_from, 1);
	assert_int_equal(u.order_to, 0);
	assert_string_equal(u.protocol, "https");
	og_change_clear(&u);
	store_free(&s);
}

/* A deleted group leaves the store, the view and the filter's index, with
 * its pending changes and its undo; other groups keep theirs. */
static void test_remove_group(void **state)
{
	(void)state;
	og_store s;
	load(&s);
	store_set_filter(&s, "web");
	assert_int_equal(store_view_count(&s), 2);   /* 1 Web-Prod, 7 web-stage */
	og_change c = change("1", "origin1.example.com", OG_FIELD_ENABLED, OG_YES, OG_NO);
	uint64_t id = store_begin_change(&s, &c, false);
	og_change c2 = change("7", "stage.example.org", OG_FIELD_BACKUP, OG_NO, OG_YES);
	uint64_t id2 = store_begin_change(&s, &c2, false);
	assert_true(id > 0 && id2 > 0);
	assert_true(store_group_has_pending(&s, "1"));
	assert_false(store_group_has_pending(&s, "22"));
	store_confirm(&s, id2, NULL);                 /* undo now refers to group 7 */
	assert_true(s.has_undo);

	store_remove_group(&s, "1");
	assert_null(store_find(&s, "1"));
	assert_false(store_group_has_pending(&s, "1"));
	assert_int_equal(store_pending_count(&s), 0);
	assert_int_equal(store_view_count(&s), 1);
	assert_string_equal(view_id(&s, 0), "7");
	assert_true(s.has_undo);                      /* group 7's undo is kept */
	/* the filter index still lines up with the groups */
	store_set_filter(&s, "api-c");
	assert_int_equal(store_view_count(&s), 1);
	assert_string_equal(view_id(&s, 0), "123");
	store_set_filter(&s, "");
	assert_int_equal(store_view_count(&s), 3);

	store_remove_group(&s, "7");
	assert_false(s.has_undo);                     /* its undo went with it */
	store_remove_group(&s, "nope");               /* unknown: nothing */
	assert_int_equal(store_view_count(&s), 2);
	store_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_filter),
		cmocka_unit_test(test_filter_does_not_span_fields),
		cmocka_unit_test(test_begin_revert),
		cmocka_unit_test(test_confirm_and_undo),
		cmocka_unit_test(test_confirm_keeps_other_pending),
		cmocka_unit_test(test_pending_survives_replace_all),
		cmocka_unit_test(test_view_never_dangles),
		cmocka_unit_test(test_filter_fast_on_10000_groups),
		cmocka_unit_test(test_move_apply_revert),
		cmocka_unit_test(test_move_match_https_and_confirm),
		cmocka_unit_test(test_remove_group),
	};
	return cmocka_run_group_tests_name("store", tests, NULL, NULL);
}
