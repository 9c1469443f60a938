/* The reference walk of a JSON value for the scanner's tests and fuzzer:
 * js_peek, js_object, js_member, js_element, js_string and js_number, a
 * call per token and recursion, which js_skip's one loop must agree with
 * (the verdict, where the cursor ends, the depth). false when malformed.
 * Header only: included by tests/unit/test_json_scan.c and
 * tests/fuzz/fuzz_json_scan.c. */
#ifndef TESTS_FUZZ_JSON_WALK_H
#define TESTS_FUZZ_JSON_WALK_H

#include <stdbool.h>
#include "net/json_scan.h"

static bool json_walk(jscan *s)
{
	js_span v;
	bool first = true;
	int r;
	switch (js_peek(s)) {
	case JS_OBJECT:
		if (!js_object(s))
			return false;
		while ((r = js_member(s, &first, &v)) == 1)
			if (!json_walk(s))
				return false;
		return r == 0;
	case JS_ARRAY:
		if (!js_array(s))
			return false;
		while ((r = js_element(s, &first)) == 1)
			if (!json_walk(s))
				return false;
		return r == 0;
	case JS_STRING:
		return js_string(s, &v);
	case JS_NUMBER:
		return js_number(s, &v);
	default:
		return js_skip(s, NULL);   /* a literal, or none */
	}
}

#endif
