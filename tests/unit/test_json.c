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

/* json_set replaces a member whatever its case: cJSON's lookup ignores case
 * but its replace does not, so a "Enabled" once kept the old value. */
static void test_set_any_case(void **state)
{
	(void)state;
	cJSON *o = cJSON_Parse("{\"a\":1,\"Enabled\":true,\"b\":2,\"ENABLED\":true}");
	assert_true(json_set(o, "enabled", cJSON_CreateFalse()));
	char *t = cJSON_PrintUnformatted(o);
	assert_string_equal(t, "{\"a\":1,\"enabled\":false,\"b\":2}");
	free(t);
	/* same case: replaced, one member */
	assert_true(json_set(o, "a", cJSON_CreateNumber(5)));
	t = cJSON_PrintUnformatted(o);
	assert_string_equal(t, "{\"a\":5,\"enabled\":false,\"b\":2}");
	free(t);
	/* absent: added */
	assert_true(json_set(o, "new", cJSON_CreateString("x")));
	assert_string_equal(json_str(o, "new"), "x");
	/* out of memory (v NULL) and a non-object: false, nothing leaks (ASan) */
	assert_false(json_set(o, "a", NULL));
	assert_int_equal(json_int(o, "a", 0), 5);
	cJSON *arr = cJSON_CreateArray();
	assert_false(json_set(arr, "a", cJSON_CreateTrue()));
	assert_int_equal(cJSON_GetArraySize(arr), 0);
	cJSON_Delete(arr);
	cJSON_Delete(o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_members),
		cmocka_unit_test(test_digits_and_ids),
		cmocka_unit_test(test_join),
		cmocka_unit_test(test_set_any_case),
	};
	return cmocka_run_group_tests_name("json", tests, NULL, NULL);
}
