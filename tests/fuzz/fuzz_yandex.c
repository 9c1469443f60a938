/* Yandex Cloud CDN's answers: an /iam/v1/tokens answer, the JSON reader
 * that keeps int64 numbers exact (it must read what cJSON reads, numbers of more than 15 digits
 * becoming strings of the same digits), a list page, a group with its
 * origins, an Operation, an error body. The update bodies of a toggle must
 * carry the flag asked for, and every origin. */
#include "tests/fuzz/fuzz.h"

#include <ctype.h>
#include <math.h>

#include "net/yandex/yandex.h"

static bool digit_string(const char *s)
{
	if (*s == '-')
		s++;
	size_t n = strspn(s, "0123456789");
	return n > 15 && s[n] == '\0';
}

/* a (cJSON's reading) and b (yandex_parse_json's) hold the same values. */
static void same_tree(const cJSON *a, const cJSON *b, const char *text)
{
	if (cJSON_IsNumber(a) && cJSON_IsString(b)) {
		FUZZ_CHECK(digit_string(b->valuestring), "number %.17g became \"%s\"", a->valuedouble,
		           b->valuestring);
		double d = strtod(b->valuestring, NULL);
		FUZZ_CHECK(d == a->valuedouble || (isnan(d) && isnan(a->valuedouble)),
		           "\"%s\" is not %.17g", b->valuestring, a->valuedouble);
		return;
	}
	FUZZ_CHECK((a->type & 0xff) == (b->type & 0xff), "types differ (%d, %d) in %.200s",
	           a->type & 0xff, b->type & 0xff, text);
	if (cJSON_IsString(a))
		FUZZ_CHECK(strcmp(a->valuestring, b->valuestring) == 0, "strings differ");
	if (cJSON_IsNumber(a))
		FUZZ_CHECK(a->valuedouble == b->valuedouble || (isnan(a->valuedouble) &&
		           isnan(b->valuedouble)), "numbers differ: %.17g %.17g", a->valuedouble,
		           b->valuedouble);
	const cJSON *x = a->child, *y = b->child;
	for (; x && y; x = x->next, y = y->next) {
		FUZZ_CHECK((!x->string && !y->string) || (x->string && y->string &&
		           strcmp(x->string, y->string) == 0), "member names differ");
		same_tree(x, y, text);
	}
	FUZZ_CHECK(!x && !y, "sizes differ in %.200s", text);
}

static const char *flag_name(og_field f)
{
	return f == OG_FIELD_ENABLED ? "enabled" : "backup";
}

static void check_toggle(const og_group *g, size_t i, og_field field)
{
	const og_source *s = &g->sources[i];
	og_tri now = og_source_flag_get(s, field);
	og_change c = { .group_id = g->id, .source_key = s->key, .field = field,
	                .from = now, .to = now == OG_YES ? OG_NO : OG_YES };
	long want = og_group_find_source(g, s->key);
	og_error err = { 0 };
	char *body = yandex_build_origin_update(g, &c, "b1gfuzz", &err);
	FUZZ_CHECK(body != NULL, "no origin update for \"%s\": %s", s->key, err.msg);
	cJSON *j = cJSON_Parse(body);
	FUZZ_CHECK(j != NULL, "the origin update is not JSON: %s", body);
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(j, flag_name(field));
	FUZZ_CHECK(cJSON_IsBool(v) && cJSON_IsTrue(v) == (c.to == OG_YES), "%s not set in %s",
	           flag_name(field), body);
	const char *src = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(og_source_raw(&g->sources[want]),
	                                                                        "source"));
	const char *sent = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(j, "source"));
	FUZZ_CHECK(sent && strcmp(sent, src ? src : "") == 0, "the source is not sent back as read");
	cJSON_Delete(j);
	free(body);

	body = yandex_build_group_update(g, &c, "b1gfuzz", &err);
	FUZZ_CHECK(body != NULL, "no group update for \"%s\": %s", s->key, err.msg);
	j = cJSON_Parse(body);
	FUZZ_CHECK(j != NULL, "the group update is not JSON: %s", body);
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(j, "origins");
	FUZZ_CHECK(cJSON_GetArraySize(arr) == (int)g->n_sources, "origins left out of %s", body);
	v = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(arr, (int)want), flag_name(field));
	FUZZ_CHECK(cJSON_IsBool(v) && cJSON_IsTrue(v) == (c.to == OG_YES), "%s not set in %s",
	           flag_name(field), body);
	cJSON_Delete(j);
	free(body);
}

static void check_group(const og_group *g)
{
	fuzz_check_group(g);
	FUZZ_CHECK(strspn(g->id, "0123456789") == strlen(g->id), "group id \"%s\" is not digits",
	           g->id);
	for (size_t i = 0; i < g->n_sources && i < 8; i++) {
		check_toggle(g, i, OG_FIELD_ENABLED);
		check_toggle(g, i, OG_FIELD_BACKUP);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	char line[300];
	yandex_describe_error(text, size, line, sizeof line);
	fuzz_check_terminated(line, sizeof line, "the error description");

	char *token = NULL;
	double ttl = -2;
	og_error terr = { 0 };
	if (yandex_parse_iam_answer(text, size, "iam.example", &token, &ttl, &terr) == 0) {
		FUZZ_CHECK(token && token[0], "an empty IAM token");
		FUZZ_CHECK(ttl >= 0 || ttl == -1, "lifetime %g", ttl);
		FUZZ_CHECK(memmem(text, size, token, strlen(token)) || memchr(text, '\\', size),
		           "the token is not the answer's iamToken");
	} else {
		FUZZ_CHECK(!token, "a failed IAM answer returns a token");
		fuzz_check_line(terr.msg, sizeof terr.msg, "the IAM answer's error");
		FUZZ_CHECK(strstr(terr.msg, "iam.example"), "the IAM error names no host");
	}
	free(token);

	cJSON *y = yandex_parse_json(text, size);
	cJSON *plain = cJSON_ParseWithLength(text, size);
	if (plain) {
		FUZZ_CHECK(y != NULL, "cJSON reads it, yandex_parse_json does not: %.300s",
		           cJSON_PrintUnformatted(plain));
		same_tree(plain, y, text);
	}
	cJSON_Delete(plain);
	if (!y)
		return 0;

	og_error err = { 0 };
	og_group_list l = { 0 };
	char *next = NULL;
	if (yandex_parse_page(y, &l, &next, &err) == 0) {
		FUZZ_CHECK(!next || next[0], "an empty page token is kept");
		for (size_t k = 0; k < l.n; k++)
			check_group(l.items[k]);
	} else {
		FUZZ_CHECK(err.kind != OG_OK, "a failed page parse says nothing");
		fuzz_check_line(err.msg, sizeof err.msg, "the page error");
	}
	free(next);
	og_group_list_free(&l);

	og_group *g = NULL;
	if (yandex_parse_group(y, &g, &err) == 0)
		check_group(g);
	else
		fuzz_check_line(err.msg, sizeof err.msg, "the group error");
	og_group_free(g);

	yandex_op op;
	if (yandex_parse_operation(y, &op, &err) == 0) {
		FUZZ_CHECK(op.id[0], "an operation without an id");
		fuzz_check_line(op.message, sizeof op.message, "the operation's message");
		FUZZ_CHECK(strspn(op.group_id, "0123456789") == strlen(op.group_id) &&
		           strspn(op.origin_id, "0123456789") == strlen(op.origin_id),
		           "ids not digits: \"%s\" \"%s\"", op.group_id, op.origin_id);
		FUZZ_CHECK(!op.has_error || op.message[0], "a failed operation without a message");
	}
	cJSON_Delete(y);
	return 0;
}
