/* Gcore's answers: a list page (either shape) and the groups in it, the
 * description of an error body, and a DELETE's "in use" body. Each group
 * parsed must hold the model's invariants (fuzz.h), and the PATCH body that
 * toggles a flag of any of its sources must send every source back with
 * exactly that flag set. */
#include "tests/fuzz/fuzz.h"

#include "net/gcore/gcore.h"
#include "net/s3keys.h"

/* Keys that meet the spec's rules, given to every bucket a group names. */
#define FUZZ_AK "FUZZACCESSKEY01"
#define FUZZ_SK "fuzz-secret-key-0123456789"

/* Whether g has a source of origin_type "s3" naming a bucket. */
static bool has_s3(const og_group *g)
{
	for (size_t k = 0; k < g->n_sources; k++) {
		const cJSON *raw = og_source_raw(&g->sources[k]);
		const char *type = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(raw, "origin_type"));
		const cJSON *cfg = cJSON_GetObjectItemCaseSensitive(raw, "config");
		if (type && strcmp(type, "s3") == 0 &&
		    cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(cfg, "s3_bucket_name")))
			return true;
	}
	return false;
}

/* A key ring with FUZZ_AK / FUZZ_SK for every bucket g names. */
static s3_keyring *ring_for(const og_group *g)
{
	s3_keyring *ring = s3_keyring_new("fuzz");
	FUZZ_CHECK(ring != NULL, "out of memory");
	for (size_t k = 0; k < g->n_sources; k++) {
		const cJSON *cfg = cJSON_GetObjectItemCaseSensitive(og_source_raw(&g->sources[k]), "config");
		const char *b = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(cfg, "s3_bucket_name"));
		og_error e = { 0 };
		if (b && strlen(b) < S3_BUCKET_MAX)
			FUZZ_CHECK(s3_keyring_put(ring, b, FUZZ_AK, FUZZ_SK, NULL, NULL, &e) == 0,
			           "keys refused: %s", e.msg);
		else if (b)   /* longer than any bucket: refused, and said why */
			FUZZ_CHECK(s3_keyring_put(ring, b, FUZZ_AK, FUZZ_SK, NULL, NULL, &e) < 0 &&
			           e.kind == OG_ERR_USAGE && strstr(e.msg, "longer than"),
			           "a long bucket name: %s", e.msg);
	}
	return ring;
}

/* The PATCH body for c parses back, with every source and c's flag set. */
static void check_change(const og_group *g, size_t i, og_field field)
{
	const og_source *s = &g->sources[i];
	const char *key = field == OG_FIELD_ENABLED ? "enabled" : "backup";
	/* the first source with the key is the one changed */
	long want = og_group_find_source(g, s->key);
	if (fuzz_key_ambiguous(og_source_raw(&g->sources[want]), key))
		return;
	og_tri now = og_source_flag_get(s, field);
	og_change c = { .group_id = g->id, .source_key = s->key, .field = field,
	                .from = now, .to = now == OG_YES ? OG_NO : OG_YES };
	og_error err = { 0 };
	/* without keys, a group with an S3 source is refused before sending */
	char missing[S3_BUCKET_MAX] = "";
	char *body = gcore_build_change_body(g, &c, NULL, missing, &err);
	FUZZ_CHECK(!body || !has_s3(g), "a body was built for an S3 group without keys: %s",
	           body ? body : "");
	free(body);
	og_error_clear(&err);
	s3_keyring *ring = ring_for(g);
	body = gcore_build_change_body(g, &c, ring, missing, &err);
	s3_keyring_free(ring);
	if (!body) {
		/* the only refusal here: a source without its server copy */
		FUZZ_CHECK(err.kind != OG_OK && err.msg[0], "no body and no error");
		return;
	}
	cJSON *j = cJSON_Parse(body);
	FUZZ_CHECK(j != NULL, "the change body is not JSON: %s", body);
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(j, "sources");
	FUZZ_CHECK(cJSON_GetArraySize(arr) == (int)g->n_sources, "the body has %d sources, "
	           "the group %zu", cJSON_GetArraySize(arr), g->n_sources);
	const cJSON *o = cJSON_GetArrayItem(arr, (int)want);
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	FUZZ_CHECK(cJSON_IsBool(v) && cJSON_IsTrue(v) == (c.to == OG_YES),
	           "source \"%s\": %s is not set to %s in %s", s->key, key,
	           c.to == OG_YES ? "true" : "false", body);
	/* an S3 source goes back with its bucket's keys (the spec's S3Config
	 * wants both in every write), never the mask */
	for (size_t k = 0; k < g->n_sources; k++) {
		const cJSON *raw = og_source_raw(&g->sources[k]);
		const char *type = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(raw, "origin_type"));
		const cJSON *cfg = cJSON_GetObjectItemCaseSensitive(raw, "config");
		if (!type || strcmp(type, "s3") != 0 || fuzz_key_ambiguous(raw, "origin_type") ||
		    fuzz_key_ambiguous(cfg, "s3_access_key_id") ||
		    fuzz_key_ambiguous(cfg, "s3_secret_access_key"))
			continue;
		const cJSON *sent = cJSON_GetArrayItem(arr, (int)k);
		const cJSON *scfg = cJSON_GetObjectItemCaseSensitive(sent, "config");
		const char *bucket = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(cfg, "s3_bucket_name"));
		if (!bucket)
			continue;
		const char *ak = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(scfg, "s3_access_key_id"));
		const char *sk = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(scfg, "s3_secret_access_key"));
		FUZZ_CHECK(ak && sk && strcmp(ak, FUZZ_AK) == 0 && strcmp(sk, FUZZ_SK) == 0,
		           "S3 source #%zu goes back without its bucket's keys: %s", k + 1, body);
	}
	cJSON_Delete(j);
	free(body);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	char line[300];
	memset(line, 'x', sizeof line);
	gcore_describe_error(text, size, line, sizeof line);
	fuzz_check_terminated(line, sizeof line, "the error description");

	char why[200];
	memset(why, 'x', sizeof why);
	bool in_use = gcore_in_use_reason(text, size, why, sizeof why);
	fuzz_check_terminated(why, sizeof why, "the in-use reason");
	FUZZ_CHECK(in_use == (why[0] != '\0'), "in use, but no reason (or the reverse)");

	og_group_list l = { 0 };
	gcore_page page;
	og_error err = { 0 };
	if (gcore_parse_list(text, size, &l, &page, &err) == 0) {
		FUZZ_CHECK(page.n_results == l.n, "page says %zu groups, list has %zu",
		           page.n_results, l.n);
		for (size_t k = 0; k < l.n; k++) {
			const og_group *g = l.items[k];
			fuzz_check_group(g);
			for (size_t i = 0; i < g->n_sources && i < 8; i++) {
				check_change(g, i, OG_FIELD_ENABLED);
				check_change(g, i, OG_FIELD_BACKUP);
			}
		}
	} else {
		FUZZ_CHECK(err.kind != OG_OK && err.msg[0], "a failed parse says nothing");
		fuzz_check_line(err.msg, sizeof err.msg, "the parse error");
	}
	og_group_list_free(&l);
	return 0;
}
