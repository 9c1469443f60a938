/* What to probe for an origin: each distinct probe (URL, SNI, Host header,
 * connect target) once, with every (account, group, source) that sends it;
 * sources that cannot be probed counted with the reason. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "model/origins.h"
#include "model/probe_targets.h"

static og_source src(const char *host, int port, const char *hh)
{
	og_source s;
	memset(&s, 0, sizeof s);
	s.kind = OG_KIND_HOST;
	s.key = (char *)host;
	s.host = (char *)host;
	s.port = port;
	s.host_header = (char *)hh;
	s.order = s.order_alt = -1;
	return s;
}

static og_group group(const char *id, og_source *s, size_t n)
{
	og_group g;
	memset(&g, 0, sizeof g);
	g.id = (char *)id;
	g.name = (char *)id;
	g.sources = s;
	g.n_sources = n;
	return g;
}

static void test_one_probe_per_distinct_setting(void **state)
{
	(void)state;
	og_source a[] = { src("o.example.com", 8443, NULL), src("o.example.com", 8443, NULL) };
	og_source b[] = { src("O.Example.com", 8443, NULL) };
	og_source c[] = { src("o.example.com", 8443, "www.example.com"), src("other.example.com", 0, NULL) };
	og_group ga = group("a", a, 2), gb = group("b", b, 1), gc = group("c", c, 2);
	og_probe_targets t = { 0 };
	assert_int_equal(probe_targets_add(&t, 0, &ga, 0), 0);
	assert_int_equal(probe_targets_add(&t, 0, &ga, 1), 0);   /* the same group twice: once */
	assert_int_equal(probe_targets_add(&t, 1, &gb, 0), 0);   /* another account, same probe */
	assert_int_equal(probe_targets_add(&t, 1, &gc, 0), 0);   /* another Host header */
	assert_int_equal(t.n, 2);
	assert_string_equal(t.items[0].origin, "o.example.com:8443");
	assert_int_equal(t.items[0].n_users, 2);
	assert_int_equal(t.items[0].users[0].account, 0);
	assert_ptr_equal(t.items[0].users[0].group, &ga);
	assert_int_equal(t.items[0].users[0].source, 0);
	assert_int_equal(t.items[0].users[1].account, 1);
	assert_ptr_equal(t.items[0].users[1].group, &gb);
	assert_ptr_equal(t.items[0].source, &a[0]);           /* the first user's source is probed */
	assert_string_equal(t.items[1].plan.host_header, "www.example.com");
	assert_string_equal(t.items[1].plan.sni, "www.example.com");
	assert_int_equal(t.items[1].account, 1);
	assert_int_equal(t.items[1].users[0].source, 0);
	assert_int_equal(t.n_unprobeable, 0);
	probe_targets_free(&t);
	assert_int_equal(t.n, 0);
}

static void test_unprobeable_sources_are_counted(void **state)
{
	(void)state;
	og_source s[] = { src("bad host", 0, NULL), src("ok.example.com", 80, NULL) };
	og_group g = group("g", s, 2);
	og_probe_targets t = { 0 };
	assert_int_equal(probe_targets_add(&t, 0, &g, 0), 0);
	assert_int_equal(t.n, 0);
	assert_int_equal(t.n_unprobeable, 1);
	assert_non_null(strstr(t.why, "no host name"));
	assert_int_equal(probe_targets_add(&t, 0, &g, 1), 0);
	assert_int_equal(t.n, 1);
	assert_false(t.items[0].plan.tls);
	assert_int_equal(probe_targets_add(&t, 0, &g, 5), -1);   /* no such source */
	probe_targets_free(&t);
}

static void test_targets_of_an_origin(void **state)
{
	(void)state;
	og_source a[] = { src("api.example.com", 8443, NULL) };
	og_source b[] = { src("api.example.com", 8443, "api.example.org"), src("x.example.com", 0, NULL) };
	og_group ga = group("a", a, 1), gb = group("b", b, 2);
	og_group *la[] = { &ga }, *lb[] = { &gb };
	og_group_list l1 = { .items = la, .n = 1 }, l2 = { .items = lb, .n = 1 };
	og_origins_account in[] = { { &l1 }, { &l2 } };
	og_origins o = { 0 };
	assert_int_equal(origins_build(&o, in, 2), 0);
	const og_origin *api = origins_find(&o, "api.example.com:8443");
	assert_non_null(api);
	og_probe_targets t = { 0 };
	assert_int_equal(probe_targets_of_origin(&t, api), 0);
	assert_int_equal(t.n, 2);   /* two Host headers */
	size_t users = t.items[0].n_users + t.items[1].n_users;
	assert_int_equal(users, 2);
	probe_targets_free(&t);
	origins_free(&o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_probe_per_distinct_setting),
		cmocka_unit_test(test_unprobeable_sources_are_counted),
		cmocka_unit_test(test_targets_of_an_origin),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
