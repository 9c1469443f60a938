/* The strict in-place JSON scanner (net/json_scan.h) and the Gcore list page
 * read with it (net/gcore/gcore_scan.h), on any bytes: what the scanner
 * takes as a document cJSON takes too, a string decodes to cJSON's bytes,
 * and a page the Gcore reader takes is read exactly as the tree path reads
 * it (the groups' --json text and the paging); a page it does not take is
 * left as it was. */
#include "tests/fuzz/fuzz.h"

#include "model/og_json.h"
#include "net/gcore/gcore.h"
#include "net/gcore/gcore_scan.h"
#include "net/json_scan.h"

/* The groups' --json text and the paging; caller frees. */
static char *describe(const og_group_list *l, const gcore_page *p)
{
	og_text t = { 0 };
	char head[96];
	snprintf(head, sizeof head, "envelope=%d count=%.17g n=%zu:", p->envelope, p->count,
	         p->n_results);
	FUZZ_CHECK(og_text_add(&t, head, strlen(head)) == 0, "out of memory");
	for (size_t i = 0; i < l->n; i++)
		FUZZ_CHECK(og_group_json_add(&t, l->items[i]) == 0, "out of memory");
	return t.buf;
}

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

	/* a Gcore page: the scanner's reading is the tree's */
	og_group_list fast = { 0 };
	gcore_page fp = { 0 };
	if (gcore_scan_page(text, size, &fast, &fp) == 0) {
		FUZZ_CHECK(fp.n_results == fast.n, "page says %zu groups, list has %zu",
		           fp.n_results, fast.n);
		for (size_t k = 0; k < fast.n; k++)
			fuzz_check_group(fast.items[k]);
		og_group_list slow = { 0 };
		gcore_page sp;
		og_error err = { 0 };
		FUZZ_CHECK(gcore_parse_list(text, size, &slow, &sp, &err) == 0,
		           "the scanner read a page the tree path refuses: %s", err.msg);
		char *a = describe(&fast, &fp), *b = describe(&slow, &sp);
		FUZZ_CHECK(strcmp(a, b) == 0, "scanner: %s\ntree: %s", a, b);
		free(a);
		free(b);
		og_group_list_free(&slow);
	} else {
		FUZZ_CHECK(fast.n == 0 && fp.n_results == 0 && !fp.envelope,
		           "a page left to the tree path was changed");
	}
	og_group_list_free(&fast);
	return 0;
}
