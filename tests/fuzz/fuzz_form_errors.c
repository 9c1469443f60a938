/* The mapping of a refusal's body onto a form's fields, for each provider
 * and each kind of form: Gcore's DRF 400 bodies (gcore_map_error_body),
 * Yandex's google.rpc.Status bodies and failed Operations' messages
 * (yandex_form_map_error), Edgio's Hyperion and legacy bodies
 * (edgio_form_map_error). The input is the body. The mapping may only add
 * messages: what the user typed, the fields, the focus stay as they were,
 * and every message is a terminated line. */
#include "tests/fuzz/fuzz.h"

#include "net/edgio/edgio.h"
#include "net/gcore/gcore.h"
#include "net/yandex/yandex.h"

static const char GCORE_GROUP[] =
	"{\"id\":1,\"name\":\"YourOriginGroup\",\"sources\":["
	"{\"source\":\"yourwebsite.com\",\"backup\":false,\"enabled\":true,\"tag\":\"default\"},"
	"{\"source\":\"1.2.3.4:5500\",\"backup\":true,\"enabled\":true},"
	"{\"origin_type\":\"s3\",\"config\":{\"s3_type\":\"amazon\",\"s3_bucket_name\":\"my-bucket\","
	"\"s3_region\":\"eu-west-1\",\"s3_access_key_id\":\"SECRET_VALUE\","
	"\"s3_secret_access_key\":\"SECRET_VALUE\",\"s3_auth_type\":\"awsSignatureV4\"},"
	"\"backup\":true,\"enabled\":true}],"
	"\"use_next\":true,\"proxy_next_upstream\":[\"error\",\"timeout\"]}";

static const char YANDEX_GROUP[] =
	"{\"id\":\"9007199254740993\",\"folderId\":\"b1gfuzz\",\"name\":\"yc\",\"useNext\":true,"
	"\"origins\":[{\"id\":\"9007199254740994\",\"originGroupId\":\"9007199254740993\","
	"\"source\":\"a.example.com\",\"enabled\":true,\"meta\":{\"common\":{\"name\":\"a.example.com\"}}},"
	"{\"id\":\"9007199254740995\",\"originGroupId\":\"9007199254740993\",\"source\":\"b.example.com\","
	"\"enabled\":true,\"backup\":true,\"meta\":{\"bucket\":{\"name\":\"b\"}}}]}";

static const char EDGIO_GROUP[] =
	"{\"id\":100001,\"name\":\"web\",\"host_header\":\"\",\"network_type_id\":1,\"shield_pops\":[],"
	"\"strict_pci_certified\":false,\"tls_settings\":{\"sni_hostname\":null,"
	"\"allow_self_signed\":false,\"public_keys_to_verify\":[]}}";
static const char EDGIO_ROWS[] =
	"[{\"id\":5036001,\"host\":\"https://a.example.com\",\"port\":443,\"is_primary\":true,"
	"\"storage_type_id\":1,\"protocol_type_id\":2,\"failover_order\":0},"
	"{\"id\":5036002,\"host\":\"http://b.example.com\",\"port\":80,\"is_primary\":false,"
	"\"storage_type_id\":1,\"protocol_type_id\":3,\"failover_order\":0},"
	"{\"id\":5036002,\"host\":\"https://b.example.com\",\"port\":443,\"is_primary\":false,"
	"\"storage_type_id\":1,\"protocol_type_id\":3,\"failover_order\":1}]";

static og_group *gcore_g, *yandex_g, *edgio_g;

static og_group *parse_once(int provider)
{
	og_error err = { 0 };
	og_group *g = NULL;
	int rc = -1;
	if (provider == 0) {
		cJSON *j = cJSON_Parse(GCORE_GROUP);
		rc = gcore_parse_group(j, &g, &err);
		cJSON_Delete(j);
	} else if (provider == 1) {
		cJSON *j = yandex_parse_json(YANDEX_GROUP, strlen(YANDEX_GROUP));
		rc = yandex_parse_group(j, &g, &err);
		cJSON_Delete(j);
	} else {
		cJSON *j = cJSON_Parse(EDGIO_GROUP), *r = cJSON_Parse(EDGIO_ROWS);
		rc = edgio_parse_group(j, r, &g, &err);
		cJSON_Delete(j);
		cJSON_Delete(r);
	}
	FUZZ_CHECK(rc == 0, "the harness's own group does not parse: %s", err.msg);
	return g;
}

typedef int (*fill_fn)(form *, form_target, const og_group *, const og_source *, og_error *);

/* f filled for target t of provider p's group, on its source `src`. */
static bool fill(form *f, int p, form_target t, size_t src)
{
	static const fill_fn fills[] = { gcore_form_fill, yandex_form_fill, edgio_form_fill };
	const og_group *g = p == 0 ? gcore_g : p == 1 ? yandex_g : edgio_g;
	const og_source *s = t == FORM_SOURCE_EDIT && src < g->n_sources ? &g->sources[src] : NULL;
	if (t == FORM_SOURCE_EDIT && !s)
		return false;
	og_error err = { 0 };
	form_init(f, "fuzz");
	return fills[p](f, t, t == FORM_GROUP_NEW ? NULL : g, s, &err) == 0;
}

/* after holds before's fields and typing; only messages were added. */
static void check_only_messages(const form *before, const form *after)
{
	FUZZ_CHECK(after->n_fields == before->n_fields && after->focus == before->focus,
	           "the mapping changed the form's fields or focus");
	fuzz_check_terminated(after->error, sizeof after->error, "the form's error");
	FUZZ_CHECK(!before->error[0] || strstr(after->error, before->error),
	           "the form's error was replaced, not added to");
	for (size_t i = 0; i < after->n_fields; i++) {
		const form_field *a = &after->fields[i], *b = &before->fields[i];
		FUZZ_CHECK(strcmp(a->key, b->key) == 0 && strcmp(a->text, b->text) == 0 &&
		           a->on == b->on && a->choice == b->choice && a->cur == b->cur,
		           "field %s changed", b->key);
		fuzz_check_terminated(a->error, sizeof a->error, "a field's error");
		FUZZ_CHECK(!b->error[0] || strcmp(a->error, b->error) == 0 || strstr(a->error, b->error),
		           "field %s lost its message", b->key);
	}
}

static int fields_with_errors(const form *f)
{
	int n = 0;
	for (size_t i = 0; i < f->n_fields; i++)
		n += f->fields[i].error[0] != '\0';
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!gcore_g) {
		gcore_g = parse_once(0);
		yandex_g = parse_once(1);
		edgio_g = parse_once(2);
	}
	static form before, f;
	char *text = fuzz_strndup(data, size);
	static const form_target targets[] = { FORM_GROUP_NEW, FORM_GROUP_EDIT, FORM_SOURCE_NEW,
	                                        FORM_SOURCE_EDIT };
	for (int p = 0; p < 3; p++)
		for (size_t t = 0; t < 4; t++)
			for (size_t src = 0; src < (targets[t] == FORM_SOURCE_EDIT ? 3u : 1u); src++) {
				if (!fill(&before, p, targets[t], src))
					continue;
				/* a message already there must survive the mapping */
				form_set_error(&before, before.fields[0].key, "typed wrong");
				f = before;
				if (p == 0) {
					const char *key = targets[t] == FORM_SOURCE_EDIT ?
					                  gcore_g->sources[src].key : "new.example.com";
					gcore_map_error_body(&f, text, size, key, (long)src);
					check_only_messages(&before, &f);
				} else if (p == 1) {
					yandex_form_map_error(&f, text, NULL);
					check_only_messages(&before, &f);
					f = before;
					yandex_form_map_error(&f, NULL, text);
					check_only_messages(&before, &f);
				} else {
					bool entry = targets[t] >= FORM_SOURCE_NEW;
					int n = edgio_form_map_error(&f, text, entry);
					check_only_messages(&before, &f);
					FUZZ_CHECK(n >= 0 && (n == 0 || fields_with_errors(&f) > 0),
					           "%d messages on fields, none shown", n);
				}
			}
	free(text);
	return 0;
}
