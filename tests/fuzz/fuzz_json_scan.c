/* The in-place JSON scanner (net/json_scan.h) and Gcore's mapping on it
 * (net/gcore/gcore_scan.h), on any bytes: what the strict grammar takes
 * cJSON takes too and a string decodes to cJSON's bytes; cJSON's grammar
 * takes exactly what cJSON takes and js_print prints it as cJSON does (and
 * js_skip and js_count_elements take it and end where js_print does); and
 * a page is read exactly as the tree path read it (tests/fuzz/gcore_tree.h:
 * the same groups, raw_json and paging, or the same message). */
#include "tests/fuzz/fuzz.h"

#include "model/og_json.h"
#include "net/gcore/gcore.h"
#include "net/gcore/gcore_scan.h"
#include "net/json_scan.h"
#include "tests/fuzz/json_walk.h"
#include "tests/fuzz/gcore_tree.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;

	/* the scanner alone */
	jscan s;
	js_init(&s, text, size);
	js_type t;
	if (js_skip(&s, &t) && js_at_end(&s)) {
		cJSON *j = cJSON_ParseWithLength(text, size);
		FUZZ_CHECK(j != NULL, "the scanner took a document cJSON refuses");
		if (t == JS_STRING) {
			js_span v;
			js_init(&s, text, size);
			FUZZ_CHECK(js_string(&s, &v), "a string scanned once is not scanned twice");
			char *d = js_strdup(&v);
			/* NULL: it holds a \u0000, where cJSON's C string stops */
			if (d)
				FUZZ_CHECK(cJSON_IsString(j) && strcmp(d, j->valuestring) == 0,
				           "decoded \"%s\", cJSON read \"%s\"", d,
				           cJSON_IsString(j) ? j->valuestring : "(not a string)");
			free(d);
		}
		cJSON_Delete(j);
	}
	FUZZ_CHECK(s.depth <= JS_MAX_DEPTH, "depth %d beyond the bound", s.depth);
	{
		/* the strict js_skip against the walk: the same verdict, cursor and
		 * depth, taken or not */
		jscan w;
		js_init(&s, text, size);
		js_init(&w, text, size);
		bool skipped = js_skip(&s, NULL), walked = json_walk(&w);
		FUZZ_CHECK(skipped == walked, "js_skip %s what the walk %s", skipped ? "took" : "refused",
		           walked ? "took" : "refused");
		FUZZ_CHECK(s.p == w.p && s.depth == w.depth, "js_skip ends at %td (depth %d), the walk "
		           "at %td (depth %d)", s.p - text, s.depth, w.p - text, w.depth);
	}

	/* cJSON's grammar: taken exactly when cJSON takes it, printed as
	 * cJSON prints it */
	{
		cJSON *j = cJSON_ParseWithLength(text, size);
		char *want = j ? cJSON_PrintUnformatted(j) : NULL;
		FUZZ_CHECK(!j || want, "out of memory");
		js_init_cjson(&s, text, size);
		og_text got = { 0 };
		bool oom;
		bool took = js_print(&s, &got, &oom);
		FUZZ_CHECK(!oom, "out of memory");
		FUZZ_CHECK(took == (j != NULL), "cJSON %s, the scanner %s", j ? "took it" : "refused it",
		           took ? "took it" : "refused it");
		if (took)
			FUZZ_CHECK(strcmp(want, got.buf) == 0, "cJSON prints %s, the scanner %s", want, got.buf);
		FUZZ_CHECK(s.depth <= CJSON_NESTING_LIMIT, "depth %d beyond cJSON's", s.depth);

		/* js_skip's one loop agrees with js_print's walk by js_member and
		 * js_element: what it takes and where it ends; and an array's
		 * elements counted are cJSON's */
		jscan k;
		js_init_cjson(&k, text, size);
		js_type kt;
		bool skipped = js_skip(&k, &kt);
		FUZZ_CHECK(skipped == took, "js_skip %s what js_print %s", skipped ? "took" : "refused",
		           took ? "took" : "refused");
		FUZZ_CHECK(!took || k.p == s.p, "js_skip ends at %td, js_print at %td", k.p - text,
		           s.p - text);
		FUZZ_CHECK(!took || k.depth == 0, "depth %d after a whole value", k.depth);
		if (kt == JS_ARRAY) {
			size_t n;
			js_init_cjson(&k, text, size);
			bool counted = js_count_elements(&k, &n);
			FUZZ_CHECK(counted == took, "js_count_elements %s what cJSON %s",
			           counted ? "took" : "refused", took ? "took" : "refused");
			FUZZ_CHECK(!counted || n == (size_t)cJSON_GetArraySize(j),
			           "counted %zu elements, cJSON %d", n, cJSON_GetArraySize(j));
		}
		og_text_free(&got);
		cJSON_free(want);
		cJSON_Delete(j);
	}

	/* a Gcore page: the one mapping reads it as the tree path did */
	char *why = gcore_tree_diff(text, size);
	FUZZ_CHECK(why == NULL, "%s", why);
	return 0;
}
