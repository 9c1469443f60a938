/* net/json.c: members of the wrong type read as absent; ids exact or refused. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "net/json.h"

static void test_members(void **state)
{
	(void)state;
	cJSON *o = cJSON_Parse("{\"s\":\"x\",\"n\":7,\"b\":true,\"big\":1e12,\"neg\":-3}");
	assert_non_null(o);
	assert_string_equal(json_str(o, "s"), "x");
	assert_null(json_str(o, "n"));
	assert_null(json_str(o, "missing"));
	assert_null(json_str(NULL, "s"));
	assert_int_equal(json_int(o, "n", -1), 7);
	assert_int_equal(json_int(o, "neg", 0), -3);
	assert_int_equal(json_int(o, "s", -1), -1);
	assert_int_equal(json_int(o, "big", -1), -1);   /* out of range: absent */
	cJSON_Delete(o);
}

static void test_digits_and_ids(void **state)
{
	(void)state;
	assert_true(json_digits("0123", 4));
	assert_false(json_digits("01234", 4));
	assert_false(json_digits("", 4));
	assert_false(json_digits(NULL, 4));
	assert_false(json_digits("12a", 4));
	cJSON *o = cJSON_Parse("{\"a\":42,\"b\":\"4274215888800000101\",\"c\":1.5,\"d\":-1,"
	                       "\"e\":\"12x\",\"f\":1e300,\"g\":true}");
	char *id = json_id(cJSON_GetObjectItem(o, "a"), 19);
	assert_string_equal(id, "42");
	free(id);
	id = json_id(cJSON_GetObjectItem(o, "b"), 19);   /* beyond 2^53: kept as text */
	assert_string_equal(id, "4274215888800000101");
	free(id);
	assert_null(json_id(cJSON_GetObjectItem(o, "b"), 18));
	assert_null(json_id(cJSON_GetObjectItem(o, "c"), 19));
	assert_null(json_id(cJSON_GetObjectItem(o, "d"), 19));
	assert_null(json_id(cJSON_GetObjectItem(o, "e"), 19));
	assert_null(json_id(cJSON_GetObjectItem(o, "f"), 19));
	assert_null(json_id(cJSON_GetObjectItem(o, "g"), 19));
	cJSON_Delete(o);
}

static void test_join(void **state)
{
	(void)state;
	cJSON *a = cJSON_Parse("[\"aa\", 3, \"bb\", \"cc\"]");
	char out[16];
	json_join_strings(a, out, sizeof out);
	assert_string_equal(out, "aa, bb, cc");
	char small[8];
	json_join_strings(a, small, sizeof small);
	assert_string_equal(small, "aa, bb");             /* no half item */
	json_join_strings(NULL, out, sizeof out);
	assert_string_equal(out, "");
	cJSON_Delete(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_members),
		cmocka_unit_test(test_digits_and_ids),
		cmocka_unit_test(test_join),
	};
	return cmocka_run_group_tests_name("json", tests, NULL, NULL);
}
