/* net/hostport.c: the one judge of a typed host[:port], with each
 * provider's limits, and the splitting of a stored one. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "net/hostport.h"

static const hostport_rules loose = {
	.max_chars = 10, .length_first = true, .path_chars = "/", .control_is_space = true,
};
static const hostport_rules strict = { .max_chars = 10, .path_chars = "/?#", .strict = true };

static void test_shapes(void **state)
{
	(void)state;
	assert_int_equal(hostport_check("a.b:80", &loose), HOSTPORT_OK);
	assert_int_equal(hostport_check("[::1]:8080", &loose), HOSTPORT_OK);
	assert_int_equal(hostport_check("", &loose), HOSTPORT_EMPTY);
	assert_int_equal(hostport_check("http://a", &loose), HOSTPORT_SCHEME);
	assert_int_equal(hostport_check("a/b", &loose), HOSTPORT_PATH);
	assert_int_equal(hostport_check("a?b", &loose), HOSTPORT_OK);
	assert_int_equal(hostport_check("a?b", &strict), HOSTPORT_PATH);
	assert_int_equal(hostport_check("a b", &loose), HOSTPORT_SPACE);
	assert_int_equal(hostport_check("a\001b", &loose), HOSTPORT_SPACE);
	assert_int_equal(hostport_check("a\001b", &strict), HOSTPORT_HOST_CHARS);
	assert_int_equal(hostport_check("[::1", &loose), HOSTPORT_V6_UNCLOSED);
	assert_int_equal(hostport_check("[]", &loose), HOSTPORT_V6_UNCLOSED);
	assert_int_equal(hostport_check("[zz]", &loose), HOSTPORT_OK);
	assert_int_equal(hostport_check("[zz]", &strict), HOSTPORT_V6_CHARS);
	assert_int_equal(hostport_check("[::1]x", &loose), HOSTPORT_AFTER_V6);
	assert_int_equal(hostport_check("::1", &loose), HOSTPORT_BARE_V6);
	assert_int_equal(hostport_check(":80", &loose), HOSTPORT_NO_HOST);
	assert_int_equal(hostport_check("-a.b", &strict), HOSTPORT_DOMAIN);
	assert_int_equal(hostport_check("a..b", &strict), HOSTPORT_DOMAIN);
	assert_int_equal(hostport_check("a:0", &loose), HOSTPORT_PORT);
	assert_int_equal(hostport_check("a:65536", &loose), HOSTPORT_PORT);
	assert_int_equal(hostport_check("a:65535", &loose), HOSTPORT_OK);
	assert_int_equal(hostport_check("a:080800", &loose), HOSTPORT_PORT);
	assert_int_equal(hostport_check("a:", &loose), HOSTPORT_PORT);
}

/* The length is a limit of the caller, judged first or last. */
static void test_length_limit(void **state)
{
	(void)state;
	assert_int_equal(hostport_check("abcdefghij", &loose), HOSTPORT_OK);
	assert_int_equal(hostport_check("abcdefghijk", &loose), HOSTPORT_TOO_LONG);
	/* characters, not bytes */
	assert_int_equal(hostport_check("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", &loose),
	                 HOSTPORT_OK);
	assert_int_equal(hostport_check("http://abcdefgh", &loose), HOSTPORT_TOO_LONG);
	assert_int_equal(hostport_check("http://abcdefgh", &strict), HOSTPORT_SCHEME);
	assert_int_equal(hostport_check("abcdefgh:999", &strict), HOSTPORT_TOO_LONG);
	hostport_rules none = strict;
	none.max_chars = 0;
	assert_int_equal(hostport_check("abcdefgh.example.com:999", &none), HOSTPORT_OK);
}

/* Edgio's modes: an exact IPv6 address, no port after the host, an
 * RFC 1123 name judged after the port. */
static void test_exact_modes(void **state)
{
	(void)state;
	const hostport_rules entry = {
		.path_chars = "/?#@", .control_is_space = true, .v6_exact = true, .no_port = true,
		.rfc1123 = true,
	};
	const hostport_rules header = {
		.path_chars = "/?#@", .control_is_space = true, .v6_exact = true, .rfc1123 = true,
	};
	assert_int_equal(hostport_check("[2001:db8::1]", &entry), HOSTPORT_OK);
	assert_int_equal(hostport_check("[2001:db8::g]", &entry), HOSTPORT_V6_CHARS);
	assert_int_equal(hostport_check("[2001:db8::1]:80", &entry), HOSTPORT_HAS_PORT);
	assert_int_equal(hostport_check("a.example:80", &entry), HOSTPORT_HAS_PORT);
	assert_int_equal(hostport_check("u@a.example", &entry), HOSTPORT_PATH);
	assert_int_equal(hostport_check("a-.example", &entry), HOSTPORT_NAME);
	assert_int_equal(hostport_check("[2001:db8::1]:80", &header), HOSTPORT_OK);
	assert_int_equal(hostport_check("a.example:80", &header), HOSTPORT_OK);
	/* the port is judged before the name */
	assert_int_equal(hostport_check("a!:99999", &header), HOSTPORT_PORT);
	assert_int_equal(hostport_check("a!:80", &header), HOSTPORT_NAME);

	assert_null(hostport_name_problem("a.example.com", 13));
	assert_null(hostport_name_problem("192.0.2.1", 9));
	assert_string_equal(hostport_name_problem("192.0.2.300", 11), "not a valid IPv4 address");
	assert_string_equal(hostport_name_problem("a..b", 4),
	                    "an empty label (two dots, or a dot at the start)");
	assert_string_equal(hostport_name_problem("", 0), "not a valid IPv4 address");
	assert_string_equal(hostport_name_problem("-a", 2), "a label may not start or end with '-'");
	/* only the n bytes count */
	assert_null(hostport_name_problem("a.example:80", 9));
	assert_true(hostport_port_ok("65535"));
	assert_false(hostport_port_ok("65536"));
	assert_false(hostport_port_ok(""));
}

static void test_split(void **state)
{
	(void)state;
	char *h;
	int port;
	assert_int_equal(net_split_host_port("[2001:db8::1]:443", &h, &port), 0);
	assert_string_equal(h, "2001:db8::1");
	assert_int_equal(port, 443);
	free(h);
	assert_int_equal(net_split_host_port("a.example:99999", &h, &port), 0);
	assert_string_equal(h, "a.example:99999");
	assert_int_equal(port, 0);
	free(h);
}

/* Every shape a stored host[:port] may take, split as origo always split
 * it (strtol's reading of the port: all digits, 1..65535, else the whole
 * string is the host); the length-only split, for hosts not in brackets,
 * gives the same host and port, and reads only the n bytes given. */
static void test_split_shapes(void **state)
{
	(void)state;
	static const struct { const char *in, *host; int port; } cases[] = {
		{ "h:00080", "h", 80 }, { "h:99999999999999999999", "h:99999999999999999999", 0 },
		{ "h:", "h:", 0 }, { "h:+80", "h:+80", 0 }, { "h: 80", "h: 80", 0 },
		{ "h:80 ", "h:80 ", 0 }, { "h:8a", "h:8a", 0 }, { "h:65535", "h", 65535 },
		{ "h:1", "h", 1 }, { "h:65536", "h:65536", 0 }, { "h:655350", "h:655350", 0 },
		{ "h:0000065535", "h", 65535 }, { ":80", "", 80 }, { "h:-1", "h:-1", 0 },
		{ "a:b:80", "a:b:80", 0 }, { "::", "::", 0 }, { "h:0", "h:0", 0 }, { "h", "h", 0 },
		{ "", "", 0 }, { "[::1]:80", "::1", 80 }, { "[::1]", "::1", 0 }, { "[::1", "[::1", 0 },
		{ "[::1]x", "::1", 0 }, { "[::1]:", "[::1]:", 0 }, { "[::1]:0x", "[::1]:0x", 0 },
		{ "[::1]:00443", "::1", 443 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char *h;
		int port = -1;
		assert_int_equal(net_split_host_port(cases[i].in, &h, &port), 0);
		if (strcmp(h, cases[i].host) != 0 || port != cases[i].port)
			fail_msg("%s: host \"%s\" port %d, not \"%s\" %d", cases[i].in, h, port,
			         cases[i].host, cases[i].port);
		free(h);
		if (cases[i].in[0] == '[')
			continue;
		port = -1;
		size_t n = net_host_port_length(cases[i].in, strlen(cases[i].in), &port);
		assert_int_equal(port, cases[i].port);
		assert_int_equal(n, strlen(cases[i].host));
		assert_memory_equal(cases[i].in, cases[i].host, n);
	}
	int port;
	assert_int_equal(net_host_port_length("h:80:x", 4, &port), 1);   /* only "h:80" */
	assert_int_equal(port, 80);
	assert_int_equal(net_host_port_length("h:8x", 3, &port), 1);
	assert_int_equal(port, 8);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shapes),
		cmocka_unit_test(test_length_limit),
		cmocka_unit_test(test_exact_modes),
		cmocka_unit_test(test_split),
		cmocka_unit_test(test_split_shapes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
