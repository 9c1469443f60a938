/* `origo list --json` as cli_print_list writes it: the array cJSON printed
 * of og_group_to_json() for each group, then a line break; for no group,
 * one group and many, with strings that need escapes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/gcore/gcore.h"
#include "tui/cli.h"

#define PAGE "[{\"id\":1,\"name\":\"a \\\"q\\\" \\\\ \\u0001 caf\\u00e9\",\"use_next\":true," \
	"\"proxy_next_upstream\":[\"error\",\"timeout\"],\"has_related_resources\":true," \
	"\"sources\":[{\"source\":\"h.example.com:8443\",\"enabled\":false,\"backup\":true," \
	"\"host_header_override\":\"x\\ty\"},{\"origin_type\":\"s3\",\"config\":" \
	"{\"s3_bucket_name\":\"b\\/k\",\"s3_access_key_id\":\"SECRET_VALUE\"}}]}," \
	"{\"id\":\"2\",\"name\":null,\"sources\":[]},{\"id\":3,\"sources\":[{\"source\":\"[2001:db8::1]:81\"}]}]"

static void test_list_output(void **state)
{
	(void)state;
	og_group_list l = { 0 };
	gcore_page page;
	og_error err = { 0 };
	assert_int_equal(gcore_parse_list(PAGE, strlen(PAGE), &l, &page, &err), 0);
	assert_int_equal(l.n, 3);
	size_t all = l.n;
	for (size_t n = 0; n <= all; n++) {
		l.n = n;
		cJSON *arr = cJSON_CreateArray();
		for (size_t i = 0; i < n; i++)
			cJSON_AddItemToArray(arr, og_group_to_json(l.items[i]));
		char *want = cJSON_PrintUnformatted(arr);
		cJSON_Delete(arr);
		char *got = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&got, &len);
		assert_non_null(f);
		assert_int_equal(cli_print_list(&l, true, f), 0);
		fclose(f);
		assert_int_equal(len, strlen(want) + 1);
		assert_memory_equal(got, want, strlen(want));
		assert_int_equal(got[len - 1], '\n');
		free(got);
		free(want);
	}
	l.n = all;
	og_group_list_free(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_list_output),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
