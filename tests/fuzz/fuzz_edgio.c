/* Edgio's answers. The input is a group object and the rows of its
 * /origins listing, separated by a line "@@" (what edgio_list and edgio_get
 * parse); the whole input is also read as a /connect/token answer, as a
 * single entry (GET /{p}/{id}) for the PUT that changes its primary flag,
 * and as an error body. The bodies origo would send must be JSON that says
 * what was asked: the primary flag as asked, a failover list numbered 0..n-1
 * with the moved entry first. */
#include "tests/fuzz/fuzz.h"

#include "model/rules.h"
#include "net/edgio/edgio.h"

/* JSON that a strict reader takes: an id written as digits has no
 * leading zero (cJSON reads "007", a server's JSON parser need not). */
static void check_ids_strict(const char *body)
{
	static const char *const keys[] = { "\"id\":0", "\"group_id\":0" };
	for (size_t k = 0; k < 2; k++)
		for (const char *p = strstr(body, keys[k]); p; p = strstr(p + 1, keys[k])) {
			char next = p[strlen(keys[k])];
			FUZZ_CHECK(!(next >= '0' && next <= '9'), "an id with a leading zero: %s", body);
		}
}

static void check_order_body(const og_group *g, const og_source *s, const char *proto)
{
	if (rules_order_in(s, proto) < 0)
		return;
	og_error err = { 0 };
	char *body = edgio_build_order_body_for(g, s->key, proto, 0, &err);
	if (!body) {
		FUZZ_CHECK(err.kind != OG_OK && err.msg[0], "no order body and no error");
		return;
	}
	check_ids_strict(body);
	cJSON *j = cJSON_Parse(body);
	FUZZ_CHECK(cJSON_IsArray(j), "the order body is not a JSON array: %s", body);
	int k = 0;
	const cJSON *e;
	cJSON_ArrayForEach(e, j) {
		const cJSON *o = cJSON_GetObjectItemCaseSensitive(e, "failover_order");
		FUZZ_CHECK(cJSON_IsNumber(o) && o->valuedouble == k, "row %d has order %g in %s", k,
		           cJSON_IsNumber(o) ? o->valuedouble : -1.0, body);
		FUZZ_CHECK(cJSON_IsString(cJSON_GetObjectItemCaseSensitive(e, "host")),
		           "row %d has no host in %s", k, body);
		k++;
	}
	FUZZ_CHECK(k > 0, "an empty order body for a listed entry");
	/* the entry moved to 0 is the first row (the first source with its key) */
	long first = og_group_find_source(g, s->key);
	if (&g->sources[first] == s) {
		const cJSON *id = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(j, 0), "id");
		char buf[64];
		const char *got = cJSON_IsString(id) ? id->valuestring : NULL;
		if (cJSON_IsNumber(id)) {
			snprintf(buf, sizeof buf, "%.0f", id->valuedouble);
			got = buf;
		}
		FUZZ_CHECK(got && (strcmp(got, s->key) == 0 || cJSON_IsNumber(id)),
		           "entry %s is not first in %s", s->key, body);
	}
	cJSON_Delete(j);
	free(body);
}

static void check_entry_put(const cJSON *entry, bool primary, bool match)
{
	const cJSON *obj = cJSON_IsArray(entry) ? cJSON_GetArrayItem(entry, 0) : entry;
	if (fuzz_key_ambiguous(obj, "is_primary") || fuzz_key_ambiguous(obj, "protocol_type_id") ||
	    fuzz_key_ambiguous(obj, "id") || fuzz_key_ambiguous(obj, "failover_order") ||
	    fuzz_key_ambiguous(obj, "host") || fuzz_key_ambiguous(obj, "group_id"))
		return;   /* duplicate members: which one a server keeps is its own affair */
	og_error err = { 0 };
	char *body = edgio_build_entry_update(entry, "100001", primary, match, &err);
	if (!body) {
		FUZZ_CHECK(!cJSON_IsObject(obj) && err.kind != OG_OK, "no PUT body for an object");
		return;
	}
	check_ids_strict(body);
	cJSON *j = cJSON_Parse(body);
	FUZZ_CHECK(cJSON_IsObject(j), "the PUT body is not a JSON object: %s", body);
	const cJSON *p = cJSON_GetObjectItemCaseSensitive(j, "is_primary");
	FUZZ_CHECK(cJSON_IsBool(p) && cJSON_IsTrue(p) == primary, "is_primary not %d in %s", primary,
	           body);
	FUZZ_CHECK(!cJSON_GetObjectItemCaseSensitive(j, "id") &&
	           !cJSON_GetObjectItemCaseSensitive(j, "failover_order"),
	           "the PUT body keeps id or failover_order: %s", body);
	FUZZ_CHECK(cJSON_GetObjectItemCaseSensitive(j, "group_id"), "no group_id in %s", body);
	if (match) {
		const cJSON *pt = cJSON_GetObjectItemCaseSensitive(j, "protocol_type_id");
		FUZZ_CHECK(cJSON_IsNumber(pt) && pt->valuedouble == 3, "Match Client not kept: %s", body);
		const cJSON *h = cJSON_GetObjectItemCaseSensitive(j, "host");
		FUZZ_CHECK(!cJSON_IsString(h) || !strstr(h->valuestring, "://") ||
		           (strncasecmp(h->valuestring, "http://", 7) != 0 &&
		            strncasecmp(h->valuestring, "https://", 8) != 0),
		           "a Match Client host with a scheme: %s", body);
	}
	cJSON_Delete(j);
	free(body);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	char line[300];
	edgio_describe_error(text, size, line, sizeof line);
	fuzz_check_terminated(line, sizeof line, "the error description");

	char *token = NULL;
	double ttl = -1;
	og_error err = { 0 };
	if (edgio_parse_token(text, size, "id.example", &token, &ttl, &err) == 0) {
		FUZZ_CHECK(token && token[0], "an empty access token");
		FUZZ_CHECK(ttl >= 0, "a negative lifetime %g", ttl);
		FUZZ_CHECK(memmem(text, size, token, strlen(token)) || memchr(text, '\\', size),
		           "the token is not the answer's access_token");
	} else {
		FUZZ_CHECK(!token, "a failed token parse returns a token");
		fuzz_check_line(err.msg, sizeof err.msg, "the token error");
		FUZZ_CHECK(strstr(err.msg, "id.example"), "the token error names no host");
	}
	free(token);

	cJSON *whole = cJSON_ParseWithLength(text, size);
	if (whole) {
		check_entry_put(whole, true, false);
		check_entry_put(whole, false, true);
		cJSON_Delete(whole);
	}

	fuzz_part parts[2];
	if (fuzz_split(data, size, "\n@@\n", parts, 2) != 2)
		return 0;
	cJSON *group = cJSON_ParseWithLength(parts[0].p, parts[0].n);
	cJSON *rows = cJSON_ParseWithLength(parts[1].p, parts[1].n);
	og_group *g = NULL;
	if (edgio_parse_group(group, rows, &g, &err) == 0) {
		fuzz_check_group(g);
		FUZZ_CHECK(strspn(g->id, "0123456789") == strlen(g->id), "group id \"%s\"", g->id);
		for (size_t i = 0; i < g->n_sources; i++) {
			const og_source *s = &g->sources[i];
			FUZZ_CHECK(s->protocol && (strcmp(s->protocol, "http") == 0 ||
			           strcmp(s->protocol, "https") == 0 || strcmp(s->protocol, "match") == 0),
			           "entry %s: protocol %s", s->key, s->protocol ? s->protocol : "NULL");
			FUZZ_CHECK(strcmp(s->protocol, "match") != 0 || !cJSON_IsArray(og_source_raw(s)) ||
			           cJSON_GetArraySize(og_source_raw(s)) == 2, "a Match Client entry without 2 rows");
			if (i < 8) {
				check_order_body(g, s, "http");
				check_order_body(g, s, "https");
			}
		}
	} else {
		FUZZ_CHECK(err.kind != OG_OK, "a failed group parse says nothing");
		fuzz_check_line(err.msg, sizeof err.msg, "the group error");
	}
	og_group_free(g);
	cJSON_Delete(group);
	cJSON_Delete(rows);
	return 0;
}
