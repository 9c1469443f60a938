/* The probe_interval setting (the sources screen's watch): default 10,
 * at least 2, errors with the line number. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "model/config.h"
#include "net/accounts.h"

#define ACCT "accounts = ( { name = \"a\"; provider = \"gcore\"; } );\n"

static void test_default_is_ten(void **state)
{
	(void)state;
	og_config c;
	og_error e = { 0 };
	assert_int_equal(config_load_string(&c, ACCT, "t", false, net_providers(), &e), 0);
	assert_int_equal(c.probe_interval, 10);
	config_free(&c);
}

static void test_set(void **state)
{
	(void)state;
	og_config c;
	og_error e = { 0 };
	assert_int_equal(config_load_string(&c, ACCT "probe_interval = 2;\n", "t", false, net_providers(), &e), 0);
	assert_int_equal(c.probe_interval, 2);
	config_free(&c);
}

static void expect_error(const char *text, const char *msg)
{
	og_config c;
	og_error e = { 0 };
	assert_int_equal(config_load_string(&c, text, "cfg", false, net_providers(), &e), -1);
	assert_int_equal(e.kind, OG_ERR_CONFIG);
	assert_string_equal(e.msg, msg);
	assert_int_equal(og_error_exit_status(&e), 2);
}

static void test_errors_name_the_line(void **state)
{
	(void)state;
	expect_error(ACCT "\nprobe_interval = 1;",
	             "config cfg line 3: probe_interval must be between 2 and 86400 seconds, not 1");
	expect_error(ACCT "probe_interval = -5;",
	             "config cfg line 2: probe_interval must be between 2 and 86400 seconds, not -5");
	expect_error(ACCT "probe_interval = \"10\";",
	             "config cfg line 2: probe_interval must be an integer");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_is_ten),
		cmocka_unit_test(test_set),
		cmocka_unit_test(test_errors_name_the_line),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
