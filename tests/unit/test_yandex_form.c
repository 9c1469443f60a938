/* The Yandex Cloud CDN forms (net/yandex/yandex_form.c): the fields of each form,
 * every documented check with its reason on the field, the request of each
 * target, the mapping of google.rpc.Status bodies and failed Operations onto
 * the fields they name; then against origo-emu: create, edit, add, edit and
 * delete an origin, a failed operation on its field, the deletes refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "emu_unit.h"
#include "net/yandex/yandex.h"
#include "net/provider.h"

#define FOLDER "b1gemu0000000000000f"
#define OAUTH "y0_emulator-oauth-token"
#define GID_WEB "9007199254740993"
#define GID_OTHER "9007199254741009"

/* ---- pure helpers ------------------------------------------------------- */

static og_group *parse_group(const char *text)
{
	cJSON *j = yandex_parse_json(text, strlen(text));
	assert_non_null(j);
	og_group *g = NULL;
	og_error err = { 0 };
	if (yandex_parse_group(j, &g, &err) != 0)
		fail_msg("%s", err.msg);
	cJSON_Delete(j);
	return g;
}

/* web: a (common, enabled), b (no meta, enabled), c (backup, enabled),
 * d (balancer, disabled); provider gcore */
static const char *WEB_JSON =
	"{\"id\":\"9007199254740993\",\"folderId\":\"" FOLDER "\",\"name\":\"web\",\"useNext\":true,"
	"\"providerType\":\"gcore\",\"origins\":["
	"{\"id\":\"9007199254740994\",\"source\":\"a.example.com\",\"enabled\":true,"
	" \"meta\":{\"common\":{\"name\":\"a.example.com\"}}},"
	"{\"id\":\"9007199254740995\",\"source\":\"b.example.com:8080\",\"enabled\":true},"
	"{\"id\":\"9007199254740996\",\"source\":\"c.example.com\",\"enabled\":true,\"backup\":true,"
	" \"meta\":{\"website\":{\"name\":\"c-site\"}}},"
	"{\"id\":\"9007199254740997\",\"source\":\"10.0.0.1\",\"meta\":{\"balancer\":{\"id\":\"ds7alb\"}}}]}";

static const og_source *src_of(const og_group *g, const char *key)
{
	long i = og_group_find_source(g, key);
	assert_true(i >= 0);
	return &g->sources[i];
}

static void fill(form *f, form_target t, const og_group *g, const og_source *s)
{
	form_init(f, "title");
	og_error err = { 0 };
	if (yandex_form_fill(f, t, g, s, &err) != 0)
		fail_msg("%s", err.msg);
}

static void set_text(form *f, const char *key, const char *text)
{
	form_field *ff = form_find(f, key);
	assert_non_null(ff);
	assert_int_equal(ff->kind, FORM_TEXT);
	snprintf(ff->text, sizeof ff->text, "%s", text);
	ff->cur = strlen(ff->text);
}

static void set_on(form *f, const char *key, bool on)
{
	form_field *ff = form_find(f, key);
	assert_non_null(ff);
	assert_int_equal(ff->kind, FORM_CHECKBOX);
	ff->on = on;
}

static void set_choice(form *f, const char *key, const char *item)
{
	form_field *ff = form_find(f, key);
	assert_non_null(ff);
	for (size_t i = 0; i < ff->n_items; i++)
		if (strcmp(ff->items[i], item) == 0) {
			ff->choice = i;
			return;
		}
	fail_msg("no item %s in %s", item, key);
}

static const char *error_of(form *f, const char *key)
{
	form_field *ff = form_find(f, key);
	assert_non_null(ff);
	return ff->error;
}

static bool visible(form *f, const char *key)
{
	for (size_t i = 0; i < f->n_fields; i++)
		if (strcmp(f->fields[i].key, key) == 0)
			return form_field_visible(f, i);
	fail_msg("no field %s", key);
	return false;
}

/* ---- filling ------------------------------------------------------------ */

static void test_fill_group_new_defaults(void **state)
{
	(void)state;
	form f;
	fill(&f, FORM_GROUP_NEW, NULL, NULL);
	const char *keys[] = { "name", "useNext", "providerType", "source", "meta", "metaName",
	                       "metaBalancerId", "enabled", "backup" };
	assert_int_equal(f.n_fields, 9);
	for (size_t i = 0; i < 9; i++)
		assert_string_equal(f.fields[i].key, keys[i]);
	assert_true(form_on(&f, "useNext"));            /* documented default: true */
	assert_string_equal(form_choice(&f, "providerType"), "ourcdn");
	assert_int_equal(form_find(&f, "providerType")->n_items, 2);
	assert_string_equal(form_find(&f, "providerType")->items[1], "gcore");
	assert_string_equal(form_choice(&f, "meta"), "common");
	assert_int_equal(form_find(&f, "meta")->n_items, 4);
	assert_true(form_on(&f, "enabled"));
	assert_false(form_on(&f, "backup"));
	/* the name (common, bucket, website) or the balancer's id */
	assert_true(visible(&f, "metaName"));
	assert_false(visible(&f, "metaBalancerId"));
	set_choice(&f, "meta", "balancer");
	assert_false(visible(&f, "metaName"));
	assert_true(visible(&f, "metaBalancerId"));
	set_choice(&f, "meta", "website");
	assert_true(visible(&f, "metaName"));
}

static void test_fill_edit_forms(void **state)
{
	(void)state;
	og_group *g = parse_group(WEB_JSON);
	form f;
	fill(&f, FORM_GROUP_EDIT, g, NULL);
	assert_int_equal(f.n_fields, 2);                /* groupName and useNext */
	char buf[64];
	assert_string_equal(form_text(&f, "name", buf, sizeof buf), "web");
	assert_true(form_on(&f, "useNext"));
	assert_null(form_find(&f, "providerType"));     /* immutable after create */

	fill(&f, FORM_SOURCE_EDIT, g, src_of(g, "9007199254740996"));
	assert_string_equal(f.title, "edit origin c.example.com");
	assert_string_equal(form_text(&f, "source", buf, sizeof buf), "c.example.com");
	assert_string_equal(form_choice(&f, "meta"), "website");
	assert_string_equal(form_text(&f, "metaName", buf, sizeof buf), "c-site");
	assert_true(form_on(&f, "enabled"));
	assert_true(form_on(&f, "backup"));

	fill(&f, FORM_SOURCE_EDIT, g, src_of(g, "9007199254740997"));
	assert_string_equal(form_choice(&f, "meta"), "balancer");
	assert_string_equal(form_text(&f, "metaBalancerId", buf, sizeof buf), "ds7alb");
	assert_string_equal(form_text(&f, "metaName", buf, sizeof buf), "");
	assert_false(form_on(&f, "enabled"));

	fill(&f, FORM_SOURCE_EDIT, g, src_of(g, "9007199254740995"));   /* no meta: common */
	assert_string_equal(form_choice(&f, "meta"), "common");
	assert_string_equal(form_text(&f, "source", buf, sizeof buf), "b.example.com:8080");

	fill(&f, FORM_SOURCE_NEW, g, NULL);
	assert_string_equal(f.title, "new origin in web");
	assert_true(form_on(&f, "enabled"));            /* CreateOriginRequest defaults */
	assert_false(form_on(&f, "backup"));
	assert_null(form_find(&f, "name"));

	og_error err = { 0 };
	form_init(&f, "x");
	assert_int_equal(yandex_form_fill(&f, FORM_SOURCE_EDIT, g, NULL, &err), -1);
	og_group_free(g);
}

/* ---- checking ----------------------------------------------------------- */

/* The reason on `key` when the new group's origin source is `src`. */
static void source_case(const char *src, const char *want)
{
	form f;
	fill(&f, FORM_GROUP_NEW, NULL, NULL);
	set_text(&f, "name", "g");
	set_text(&f, "source", src);
	bool ok = yandex_form_check(&f, FORM_GROUP_NEW, NULL, NULL);
	if (!want) {
		if (!ok)
			fail_msg("source \"%s\" refused: %s", src, error_of(&f, "source"));
		return;
	}
	assert_false(ok);
	if (!strstr(error_of(&f, "source"), want))
		fail_msg("source \"%s\": want \"%s\" in \"%s\"", src, want, error_of(&f, "source"));
}

static void test_check_source_format(void **state)
{
	(void)state;
	source_case("www.example.com", NULL);
	source_case("51.250.10.216:80", NULL);
	source_case("test-cdn-1.storage.yandexcloud.net", NULL);
	source_case("[2001:db8::1]:8443", NULL);
	source_case("[2001:db8::1]", NULL);
	source_case("  padded.example.com  ", NULL);    /* trimmed */
	source_case("", "a source is required");
	source_case("https://www.example.com", "no scheme");
	source_case("www.example.com/path", "no path");
	source_case("www.example.com?x=1", "no path");
	source_case("www example.com", "no spaces");
	source_case("2001:db8::1", "in brackets");
	source_case("[2001:db8::1", "closing ]");
	source_case("[zz::1]", "not an IPv6");
	source_case("[::1]x", "only :port");
	source_case("www.example.com:0", "1..65535");
	source_case("www.example.com:65536", "1..65535");
	source_case("www.example.com:http", "1..65535");
	source_case(":8080", "a host is required");
	source_case("bad_char$.example.com", "only letters");
	source_case("-x.example.com", "not a valid domain");
	source_case("a..example.com", "not a valid domain");
	/* CreateOriginRequest: at most 50 characters */
	source_case("a123456789b123456789c123456789d123456789e123456.com", "at most 50 characters (this has 51)");
	source_case("a123456789b123456789c123456789d123456789e12345.com", NULL);
}

static void test_check_name_and_meta(void **state)
{
	(void)state;
	form f;
	fill(&f, FORM_GROUP_NEW, NULL, NULL);
	set_text(&f, "source", "www.example.com");
	set_text(&f, "name", "   ");
	assert_false(yandex_form_check(&f, FORM_GROUP_NEW, NULL, NULL));
	assert_string_equal(error_of(&f, "name"), "a name is required");
	assert_string_equal(error_of(&f, "source"), "");
	/* names with spaces and dots are fine (yandex.md §4.4) */
	set_text(&f, "name", "My Origin group for cdn.example");
	assert_true(yandex_form_check(&f, FORM_GROUP_NEW, NULL, NULL));

	set_choice(&f, "meta", "bucket");
	assert_false(yandex_form_check(&f, FORM_GROUP_NEW, NULL, NULL));
	assert_string_equal(error_of(&f, "metaName"), "the bucket's name is required for kind bucket "
	                    "(the source names none)");
	set_text(&f, "metaName", "my bucket");
	assert_false(yandex_form_check(&f, FORM_GROUP_NEW, NULL, NULL));
	assert_string_equal(error_of(&f, "metaName"), "no spaces");
	set_text(&f, "metaName", "my-bucket");
	assert_true(yandex_form_check(&f, FORM_GROUP_NEW, NULL, NULL));

	set_choice(&f, "meta", "balancer");            /* the name is hidden now, the id needed */
	assert_false(yandex_form_check(&f, FORM_GROUP_NEW, NULL, NULL));
	assert_string_equal(error_of(&f, "metaBalancerId"),
	                    "the load balancer's id is required for kind balancer");
	assert_string_equal(error_of(&f, "metaName"), "");
	set_text(&f, "metaBalancerId", "ds7alb");
	assert_true(yandex_form_check(&f, FORM_GROUP_NEW, NULL, NULL));

	/* common without a name is fine: the source names it */
	set_choice(&f, "meta", "common");
	set_text(&f, "metaName", "");
	assert_true(yandex_form_check(&f, FORM_GROUP_NEW, NULL, NULL));

	/* the edit form checks the name only */
	og_group *g = parse_group(WEB_JSON);
	fill(&f, FORM_GROUP_EDIT, g, NULL);
	set_text(&f, "name", "");
	assert_false(yandex_form_check(&f, FORM_GROUP_EDIT, g, NULL));
	assert_string_equal(error_of(&f, "name"), "a name is required");
	set_text(&f, "name", "web2");
	assert_true(yandex_form_check(&f, FORM_GROUP_EDIT, g, NULL));
	og_group_free(g);
}

static void test_check_group_rules(void **state)
{
	(void)state;
	form f;
	/* a new group's one origin: enabled, not a backup */
	fill(&f, FORM_GROUP_NEW, NULL, NULL);
	set_text(&f, "name", "g");
	set_text(&f, "source", "www.example.com");
	set_on(&f, "enabled", false);
	assert_false(yandex_form_check(&f, FORM_GROUP_NEW, NULL, NULL));
	assert_non_null(strstr(error_of(&f, "enabled"), "must be enabled"));
	set_on(&f, "enabled", true);
	set_on(&f, "backup", true);
	assert_false(yandex_form_check(&f, FORM_GROUP_NEW, NULL, NULL));
	assert_string_equal(error_of(&f, "backup"), "the group's only origin cannot be a backup");

	og_group *g = parse_group(WEB_JSON);
	/* sources unique in the group (case does not matter in a host) */
	fill(&f, FORM_SOURCE_NEW, g, NULL);
	set_text(&f, "source", "A.example.com");
	assert_false(yandex_form_check(&f, FORM_SOURCE_NEW, g, NULL));
	assert_string_equal(error_of(&f, "source"), "group \"web\" already has origin A.example.com");
	set_text(&f, "source", "b.example.com:8080");
	assert_false(yandex_form_check(&f, FORM_SOURCE_NEW, g, NULL));
	set_text(&f, "source", "b.example.com");            /* another port: another origin */
	assert_true(yandex_form_check(&f, FORM_SOURCE_NEW, g, NULL));
	/* a disabled backup may be added: a and b stay active */
	set_on(&f, "enabled", false);
	set_on(&f, "backup", true);
	assert_true(yandex_form_check(&f, FORM_SOURCE_NEW, g, NULL));

	/* editing an origin keeps its own source */
	fill(&f, FORM_SOURCE_EDIT, g, src_of(g, "9007199254740994"));
	assert_true(yandex_form_check(&f, FORM_SOURCE_EDIT, g, src_of(g, "9007199254740994")));
	/* ... but may not take another's */
	set_text(&f, "source", "c.example.com");
	assert_false(yandex_form_check(&f, FORM_SOURCE_EDIT, g, src_of(g, "9007199254740994")));
	/* more than 50 characters: only a create is limited */
	set_text(&f, "source", "a123456789b123456789c123456789d123456789e123456.com");
	assert_true(yandex_form_check(&f, FORM_SOURCE_EDIT, g, src_of(g, "9007199254740994")));
	og_group_free(g);

	/* one active origin: editing it into a backup or disabling it is refused */
	g = parse_group("{\"id\":\"5\",\"name\":\"solo\",\"origins\":["
	                "{\"id\":\"6\",\"source\":\"a.example.com\",\"enabled\":true},"
	                "{\"id\":\"7\",\"source\":\"b.example.com\",\"enabled\":true,\"backup\":true}]}");
	fill(&f, FORM_SOURCE_EDIT, g, src_of(g, "6"));
	set_on(&f, "backup", true);
	assert_false(yandex_form_check(&f, FORM_SOURCE_EDIT, g, src_of(g, "6")));
	assert_string_equal(error_of(&f, "backup"),
	                    "the group would have no enabled origin that is not a backup");
	set_on(&f, "backup", false);
	set_on(&f, "enabled", false);
	assert_false(yandex_form_check(&f, FORM_SOURCE_EDIT, g, src_of(g, "6")));
	assert_string_equal(error_of(&f, "enabled"),
	                    "the group would have no enabled origin that is not a backup");
	/* the backup may change freely */
	fill(&f, FORM_SOURCE_EDIT, g, src_of(g, "7"));
	set_on(&f, "enabled", false);
	assert_true(yandex_form_check(&f, FORM_SOURCE_EDIT, g, src_of(g, "7")));
	og_group_free(g);
}

/* ---- bodies ------------------------------------------------------------- */

static char *body_of(form *f, form_target t, const og_group *g, const char *key,
                     const char *want_method, const char *want_path)
{
	const char *method = NULL;
	char *path = NULL;
	og_error err = { 0 };
	char *b = yandex_form_body(f, t, g, key, FOLDER, &method, &path, &err);
	if (!b)
		fail_msg("%s", err.msg);
	assert_string_equal(method, want_method);
	assert_string_equal(path, want_path);
	free(path);
	return b;
}

static void test_bodies(void **state)
{
	(void)state;
	form f;
	fill(&f, FORM_GROUP_NEW, NULL, NULL);
	set_text(&f, "name", "new-web");
	set_on(&f, "useNext", false);
	set_choice(&f, "providerType", "gcore");
	set_text(&f, "source", " www.example.com ");
	char *b = body_of(&f, FORM_GROUP_NEW, NULL, NULL, "POST", "/cdn/v1/originGroups");
	/* useNext false is sent: omitted it would be true */
	assert_string_equal(b, "{\"folderId\":\"" FOLDER "\",\"name\":\"new-web\",\"useNext\":false,"
	                    "\"origins\":[{\"source\":\"www.example.com\",\"enabled\":true,\"backup\":false,"
	                    "\"meta\":{\"common\":{\"name\":\"www.example.com\"}}}],\"providerType\":\"gcore\"}");
	free(b);
	set_choice(&f, "meta", "balancer");
	set_text(&f, "metaBalancerId", "ds7alb");
	set_text(&f, "metaName", "hidden-and-ignored");
	b = body_of(&f, FORM_GROUP_NEW, NULL, NULL, "POST", "/cdn/v1/originGroups");
	assert_non_null(strstr(b, "\"meta\":{\"balancer\":{\"id\":\"ds7alb\"}}"));
	assert_null(strstr(b, "hidden-and-ignored"));
	free(b);

	og_group *g = parse_group(WEB_JSON);
	/* the settings: every origin sent back as it is, meta included */
	fill(&f, FORM_GROUP_EDIT, g, NULL);
	set_text(&f, "name", "web-renamed");
	set_on(&f, "useNext", false);
	b = body_of(&f, FORM_GROUP_EDIT, g, NULL, "PATCH", "/cdn/v1/originGroups");
	assert_string_equal(b, "{\"folderId\":\"" FOLDER "\",\"originGroupId\":\"" GID_WEB "\","
	                    "\"groupName\":\"web-renamed\",\"useNext\":false,\"origins\":["
	                    "{\"source\":\"a.example.com\",\"enabled\":true,\"backup\":false,"
	                    "\"meta\":{\"common\":{\"name\":\"a.example.com\"}}},"
	                    "{\"source\":\"b.example.com:8080\",\"enabled\":true,\"backup\":false},"
	                    "{\"source\":\"c.example.com\",\"enabled\":true,\"backup\":true,"
	                    "\"meta\":{\"website\":{\"name\":\"c-site\"}}},"
	                    "{\"source\":\"10.0.0.1\",\"enabled\":false,\"backup\":false,"
	                    "\"meta\":{\"balancer\":{\"id\":\"ds7alb\"}}}]}");
	free(b);

	/* a new origin: in the group, with the group's provider */
	fill(&f, FORM_SOURCE_NEW, g, NULL);
	set_text(&f, "source", "bucket1.storage.yandexcloud.net");
	set_choice(&f, "meta", "bucket");
	set_text(&f, "metaName", "bucket1");
	set_on(&f, "backup", true);
	b = body_of(&f, FORM_SOURCE_NEW, g, NULL, "POST", "/cdn/v1/origins");
	assert_string_equal(b, "{\"folderId\":\"" FOLDER "\",\"originGroupId\":\"" GID_WEB "\","
	                    "\"source\":\"bucket1.storage.yandexcloud.net\",\"enabled\":true,"
	                    "\"backup\":true,\"meta\":{\"bucket\":{\"name\":\"bucket1\"}},"
	                    "\"providerType\":\"gcore\"}");
	free(b);

	/* an edit replaces the origin's fields; one without meta keeps none */
	fill(&f, FORM_SOURCE_EDIT, g, src_of(g, "9007199254740995"));
	set_on(&f, "backup", true);
	b = body_of(&f, FORM_SOURCE_EDIT, g, "9007199254740995", "PATCH",
	            "/cdn/v1/origins/9007199254740995");
	assert_string_equal(b, "{\"folderId\":\"" FOLDER "\",\"source\":\"b.example.com:8080\","
	                    "\"enabled\":true,\"backup\":true}");
	free(b);
	fill(&f, FORM_SOURCE_EDIT, g, src_of(g, "9007199254740994"));
	set_text(&f, "source", "a2.example.com");
	set_text(&f, "metaName", "");
	b = body_of(&f, FORM_SOURCE_EDIT, g, "9007199254740994", "PATCH",
	            "/cdn/v1/origins/9007199254740994");
	assert_string_equal(b, "{\"folderId\":\"" FOLDER "\",\"source\":\"a2.example.com\","
	                    "\"enabled\":true,\"backup\":false,\"meta\":{\"common\":{\"name\":"
	                    "\"a2.example.com\"}}}");
	free(b);
	/* the source moves, the meta field untouched: common follows */
	fill(&f, FORM_SOURCE_EDIT, g, src_of(g, "9007199254740994"));
	set_text(&f, "source", "a3.example.com:8443");
	b = body_of(&f, FORM_SOURCE_EDIT, g, "9007199254740994", "PATCH",
	            "/cdn/v1/origins/9007199254740994");
	assert_non_null(strstr(b, "\"meta\":{\"common\":{\"name\":\"a3.example.com\"}}"));
	assert_null(strstr(b, "\"a.example.com\""));
	free(b);
	/* an origin gone from the fresh group */
	const char *method;
	char *path;
	og_error err = { 0 };
	assert_null(yandex_form_body(&f, FORM_SOURCE_EDIT, g, "1", FOLDER, &method, &path, &err));
	assert_int_equal(err.kind, OG_ERR_CONFLICT);
	og_group_free(g);
}

/* Each meta kind follows the source it describes when its field is left
 * as the form showed it: common the host, bucket and website the bucket of
 * a <bucket>.storage / .website.yandexcloud.net source, balancer never (its
 * id is no part of the source); a typed value wins. */
static void test_meta_follows_source(void **state)
{
	(void)state;
	static const char group[] =
		"{\"id\":\"" GID_WEB "\",\"folderId\":\"" FOLDER "\",\"name\":\"m\",\"useNext\":true,"
		"\"origins\":["
		"{\"id\":\"11\",\"source\":\"old.example.com:8080\",\"enabled\":true,\"backup\":false,"
		" \"meta\":{\"common\":{\"name\":\"old.example.com\"}}},"
		"{\"id\":\"12\",\"source\":\"oldb.storage.yandexcloud.net\",\"enabled\":true,\"backup\":true,"
		" \"meta\":{\"bucket\":{\"name\":\"oldb\"}}},"
		"{\"id\":\"13\",\"source\":\"olds.website.yandexcloud.net\",\"enabled\":true,\"backup\":true,"
		" \"meta\":{\"website\":{\"name\":\"olds\"}}},"
		"{\"id\":\"14\",\"source\":\"10.0.0.1\",\"enabled\":true,\"backup\":true,"
		" \"meta\":{\"balancer\":{\"id\":\"alb1\"}}}]}";
	og_group *g = parse_group(group);
	struct { const char *id, *new_source, *want_meta, *gone; } cases[] = {
		{ "11", "new.example.com:8443", "\"meta\":{\"common\":{\"name\":\"new.example.com\"}}",
		  "old.example.com" },
		{ "12", "newb.storage.yandexcloud.net", "\"meta\":{\"bucket\":{\"name\":\"newb\"}}",
		  "\"oldb\"" },
		{ "13", "news.website.yandexcloud.net", "\"meta\":{\"website\":{\"name\":\"news\"}}",
		  "\"olds\"" },
		{ "14", "10.0.0.2", "\"meta\":{\"balancer\":{\"id\":\"alb1\"}}", "10.0.0.1" },
	};
	char path[64], buf[64];
	form f;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		fill(&f, FORM_SOURCE_EDIT, g, src_of(g, cases[i].id));
		/* in step: shown empty ("follows the source"); the balancer's id as stored */
		if (i < 3)
			assert_string_equal(form_text(&f, "metaName", buf, sizeof buf), "");
		else
			assert_string_equal(form_text(&f, "metaBalancerId", buf, sizeof buf), "alb1");
		set_text(&f, "source", cases[i].new_source);
		assert_true(yandex_form_check(&f, FORM_SOURCE_EDIT, g, src_of(g, cases[i].id)));
		snprintf(path, sizeof path, "/cdn/v1/origins/%s", cases[i].id);
		char *b = body_of(&f, FORM_SOURCE_EDIT, g, cases[i].id, "PATCH", path);
		if (!strstr(b, cases[i].want_meta) || strstr(b, cases[i].gone))
			fail_msg("origin %s: %s", cases[i].id, b);
		free(b);
	}
	/* an IPv6 source with a port: common names the address alone, without
	 * its brackets or port (split as every host[:port] is, net/hostport.h) */
	fill(&f, FORM_SOURCE_EDIT, g, src_of(g, "11"));
	set_text(&f, "source", "[2001:db8::5]:8443");
	assert_true(yandex_form_check(&f, FORM_SOURCE_EDIT, g, src_of(g, "11")));
	char *v6 = body_of(&f, FORM_SOURCE_EDIT, g, "11", "PATCH", "/cdn/v1/origins/11");
	if (!strstr(v6, "\"meta\":{\"common\":{\"name\":\"2001:db8::5\"}}"))
		fail_msg("origin 11 on IPv6: %s", v6);
	free(v6);
	/* a typed name wins over the source */
	fill(&f, FORM_SOURCE_EDIT, g, src_of(g, "12"));
	set_text(&f, "source", "newb.storage.yandexcloud.net");
	set_text(&f, "metaName", "typed-bucket");
	char *b = body_of(&f, FORM_SOURCE_EDIT, g, "12", "PATCH", "/cdn/v1/origins/12");
	assert_non_null(strstr(b, "\"meta\":{\"bucket\":{\"name\":\"typed-bucket\"}}"));
	free(b);
	/* a bucket kind on a source that names no bucket needs the name typed */
	fill(&f, FORM_SOURCE_EDIT, g, src_of(g, "12"));
	set_text(&f, "source", "cdn.example.com");
	assert_false(yandex_form_check(&f, FORM_SOURCE_EDIT, g, src_of(g, "12")));
	assert_string_equal(error_of(&f, "metaName"), "the bucket's name is required for kind bucket "
	                    "(the source names none)");
	og_group_free(g);
}

/* ---- errors onto fields ------------------------------------------------- */

static void test_map_status_bodies(void **state)
{
	(void)state;
	form f;
	fill(&f, FORM_GROUP_NEW, NULL, NULL);
	set_text(&f, "source", "www.example.com");
	/* google.rpc.BadRequest field violations, snake_case and indexed */
	yandex_form_map_error(&f, "{\"code\":3,\"message\":\"Request validation error\",\"details\":["
	                      "{\"@type\":\"type.googleapis.com/google.rpc.RequestInfo\",\"requestId\":\"r\"},"
	                      "{\"@type\":\"type.googleapis.com/google.rpc.BadRequest\",\"fieldViolations\":["
	                      "{\"field\":\"origins[0].source\",\"description\":\"too long\"},"
	                      "{\"field\":\"use_next\",\"description\":\"odd\"},"
	                      "{\"field\":\"provider_type\",\"description\":\"must be ourcdn or gcore\"},"
	                      "{\"field\":\"folder_id\",\"description\":\"required\"}]}]}", NULL);
	assert_string_equal(error_of(&f, "source"), "too long");
	assert_string_equal(error_of(&f, "useNext"), "odd");
	assert_string_equal(error_of(&f, "providerType"), "must be ourcdn or gcore");
	assert_string_equal(f.error, "folder_id: required");   /* no such field in the form */

	/* the message alone, as the gateway's validator words it */
	form_clear_errors(&f);
	yandex_form_map_error(&f, "{\"code\":3,\"message\":\"Request validation error: source: "
	                      "length must be <= 50\"}", NULL);
	assert_string_equal(error_of(&f, "source"), "length must be <= 50");
	assert_string_equal(f.error, "");
	form_clear_errors(&f);
	yandex_form_map_error(&f, "{\"code\":3,\"message\":\"Name: required\"}", NULL);
	assert_string_equal(error_of(&f, "name"), "required");
	/* a message naming no field */
	form_clear_errors(&f);
	yandex_form_map_error(&f, "{\"code\":7,\"message\":\"Permission denied to folder x\"}", NULL);
	assert_string_equal(f.error, "Permission denied to folder x");
	assert_false(form_find(&f, "source")->error[0]);
	/* meta: the shown field of the kind, else the kind */
	form_clear_errors(&f);
	set_choice(&f, "meta", "balancer");
	yandex_form_map_error(&f, "{\"code\":3,\"message\":\"x\",\"details\":[{\"@type\":"
	                      "\"type.googleapis.com/google.rpc.BadRequest\",\"fieldViolations\":["
	                      "{\"field\":\"origins[0].meta.balancer.id\",\"description\":\"unknown balancer\"},"
	                      "{\"field\":\"origins[0].meta.bucket.name\",\"description\":\"hidden\"}]}]}",
	                      NULL);
	assert_string_equal(error_of(&f, "metaBalancerId"), "unknown balancer");
	assert_string_equal(error_of(&f, "metaName"), "");     /* hidden: on the form's line */
	assert_string_equal(f.error, "origins[0].meta.bucket.name: hidden");
	/* not JSON: nothing mapped (the caller shows err) */
	form_clear_errors(&f);
	yandex_form_map_error(&f, "<html>bad gateway</html>", NULL);
	assert_false(form_has_errors(&f));

	/* in the group settings form the origins are not fields: the form's line */
	og_group *g = parse_group(WEB_JSON);
	fill(&f, FORM_GROUP_EDIT, g, NULL);
	yandex_form_map_error(&f, "{\"code\":3,\"message\":\"Request validation error: "
	                      "origins[2].source: required\"}", NULL);
	assert_non_null(strstr(f.error, "origins[2].source: required"));
	form_clear_errors(&f);
	yandex_form_map_error(&f, "{\"code\":3,\"message\":\"Request validation error: "
	                      "group_name: required\"}", NULL);
	assert_string_equal(error_of(&f, "name"), "required");
	og_group_free(g);
}

#define DNS_MSG "The domain name cannot be resolved. Please specify a valid domain name."

static void test_map_operation_errors(void **state)
{
	(void)state;
	form f;
	/* [I374]: the failed operation names the origin by its source */
	fill(&f, FORM_GROUP_NEW, NULL, NULL);
	set_text(&f, "source", "inn.wrong-domain.ru");
	yandex_form_map_error(&f, NULL, "error: general api error: {\"origins\":{\"inn.wrong-domain.ru\":"
	                      "{\"source\":[\"" DNS_MSG "\"]}}}");
	assert_string_equal(error_of(&f, "source"), DNS_MSG);
	assert_string_equal(f.error, "");

	/* the same for an origin's own fields, and for the origin being edited */
	og_group *g = parse_group(WEB_JSON);
	fill(&f, FORM_SOURCE_EDIT, g, src_of(g, "9007199254740994"));
	yandex_form_map_error(&f, NULL, "error: general api error: {\"origins\":{\"a.example.com\":"
	                      "{\"enabled\":[\"cannot enable\"],\"backup\":\"no backups here\"}}}");
	assert_string_equal(error_of(&f, "enabled"), "cannot enable");
	assert_string_equal(error_of(&f, "backup"), "no backups here");
	assert_string_equal(f.error, "");

	/* another origin of the group named: the form's line says which */
	form_clear_errors(&f);
	yandex_form_map_error(&f, NULL, "error: general api error: {\"origins\":{\"c.example.com\":"
	                      "{\"source\":[\"" DNS_MSG "\"]}}}");
	assert_string_equal(error_of(&f, "source"), "");
	assert_string_equal(f.error, "origin c.example.com: source: " DNS_MSG);

	/* a group field in the dict; in the settings form */
	fill(&f, FORM_GROUP_EDIT, g, NULL);
	yandex_form_map_error(&f, NULL, "error: general api error: {\"name\":[\"too long\"],"
	                      "\"origins\":{\"b.example.com:8080\":{\"source\":[\"" DNS_MSG "\"]}}}");
	assert_string_equal(error_of(&f, "name"), "too long");
	assert_string_equal(f.error, "origin b.example.com:8080: source: " DNS_MSG);

	/* a plain operation error */
	form_clear_errors(&f);
	yandex_form_map_error(&f, NULL, "Origin group must contain at least one enabled origin");
	assert_string_equal(f.error, "Origin group must contain at least one enabled origin");
	og_group_free(g);
}

/* ---- against origo-emu -------------------------------------------------- */

static const char *STATE =
	"{\"yandex\":{\"folder_id\":\"" FOLDER "\",\"oauth_tokens\":[\"" OAUTH "\"],\"groups\":["
	"{\"id\":\"9007199254740993\",\"name\":\"web\",\"useNext\":true,\"providerType\":\"ourcdn\","
	" \"origins\":["
	"  {\"id\":\"9007199254740994\",\"source\":\"a.example.com\",\"enabled\":true,"
	"   \"meta\":{\"common\":{\"name\":\"a.example.com\"}}},"
	"  {\"id\":\"9007199254740995\",\"source\":\"b.example.com\",\"enabled\":true,"
	"   \"meta\":{\"bucket\":{\"name\":\"b\"}}},"
	"  {\"id\":\"9007199254740996\",\"source\":\"c.example.com\",\"enabled\":true,\"backup\":true}],"
	" \"resourcesMetadata\":[{\"id\":\"bc8r1\",\"cname\":\"cdn.example.ru\"},"
	"  {\"id\":\"bc8r2\",\"cname\":\"img.example.ru\"}]},"
	"{\"id\":\"9007199254741009\",\"name\":\"other\",\"useNext\":false,\"providerType\":\"gcore\","
	" \"origins\":[{\"id\":\"9007199254741010\",\"source\":\"d.example.com\",\"enabled\":true},"
	"  {\"id\":\"9007199254741011\",\"source\":\"e.example.com\",\"enabled\":true,\"backup\":true}]}"
	"]}}";

static int reset_emu(void **state)
{
	(void)state;
	return emu_setup("test-yandex-form", "{\"latency_ms\":0,\"operation_polls\":1,"
	                 "\"yandex_validation_errors\":\"operation\",\"yandex_delete_in_use\":\"reject\"}", STATE);
}

static net_account *open_yc(void)
{
	og_account acct = { .name = "yc", .provider = "yandex", .api_url = emu_url, .read_only = -1,
	                    OG_SETTINGS({ .name = "operation_url", .value = emu_url }, { .name = "iam_url", .value = emu_url }, { .name = "folder_id", .value = FOLDER }, { .name = "token", .value = OAUTH }) };
	net_options opt = { .timeout_seconds = 10 };
	og_error err = { 0 };
	net_account *a = net_account_open(&acct, &opt, &err);
	if (!a)
		fail_msg("%s", err.msg);
	return a;
}

typedef struct yfx {
	net_account *a;
	worker *w;
} yfx;

static yfx open_fx(void)
{
	yfx x = { .a = open_yc() };
	og_error err = { 0 };
	x.w = worker_start(1, &err);
	assert_non_null(x.w);
	return x;
}

static void close_fx(yfx *x)
{
	worker_stop(x->w);
	net_account_free(x->a);
}

/* Sends the form as the UI does; the result (caller frees). */
static job_result *save(yfx *x, const form *f, form_target t, const og_group *seen,
                        const char *key)
{
	job_request *r = job_request_new(JOB_SAVE_FORM, x->a, 1, seen ? seen->id : NULL);
	assert_non_null(r);
	r->form = malloc(sizeof *r->form);
	assert_non_null(r->form);
	memcpy(r->form, f, sizeof *f);
	r->target = t;
	if (key)
		assert_non_null(r->source_key = strdup(key));
	if (seen)
		assert_non_null(r->edit_seen = og_group_clone(seen));
	assert_int_equal(worker_submit(x->w, r), 0);
	return wait_result(x->w, 30);
}

static job_result *delete_job(yfx *x, const og_group *seen, const char *key)
{
	job_request *r = job_request_new(JOB_DELETE, x->a, 2, seen->id);
	assert_non_null(r);
	if (key)
		assert_non_null(r->source_key = strdup(key));
	assert_non_null(r->edit_seen = og_group_clone(seen));
	assert_int_equal(worker_submit(x->w, r), 0);
	return wait_result(x->w, 30);
}

/* The group `id` in the emulator's state (caller frees), or NULL. */
static cJSON *state_group(const char *id)
{
	cJSON *st = NULL;
	assert_int_equal(emu_ctl("GET", "/_emu/state", NULL, &st), 200);
	cJSON *out = NULL;
	const cJSON *g;
	cJSON_ArrayForEach(g, cJSON_GetObjectItem(cJSON_GetObjectItem(st, "yandex"), "groups")) {
		const cJSON *gid = cJSON_GetObjectItem(g, "id");
		if (cJSON_IsString(gid) && strcmp(gid->valuestring, id) == 0)
			out = cJSON_Duplicate(g, 1);
	}
	cJSON_Delete(st);
	return out;
}

static int state_group_count(void)
{
	cJSON *st = NULL;
	assert_int_equal(emu_ctl("GET", "/_emu/state", NULL, &st), 200);
	int n = cJSON_GetArraySize(cJSON_GetObjectItem(cJSON_GetObjectItem(st, "yandex"), "groups"));
	cJSON_Delete(st);
	return n;
}

static int writes(const cJSON *log)
{
	return count_log(log, "POST", "/cdn/") + count_log(log, "PATCH", NULL) +
	       count_log(log, "DELETE", NULL);
}

static void test_emu_create_group(void **state)
{
	(void)state;
	emu_ok("POST", "/_emu/settings", "{\"operation_polls\":3}");
	yfx x = open_fx();
	form f;
	fill(&f, FORM_GROUP_NEW, NULL, NULL);
	set_text(&f, "name", "new-web");
	set_on(&f, "useNext", false);
	set_text(&f, "source", "n.example.com:8080");
	job_result *r = save(&x, &f, FORM_GROUP_NEW, NULL, NULL);
	if (r->status != 0)
		fail_msg("%s", r->err.msg);
	assert_non_null(r->group);
	assert_string_equal(r->group->name, "new-web");
	assert_int_equal(r->group->use_next, OG_NO);
	assert_int_equal(r->group->n_sources, 1);
	assert_string_equal(r->group->sources[0].host, "n.example.com");
	assert_int_equal(r->group->sources[0].port, 8080);
	char id[32];
	snprintf(id, sizeof id, "%s", r->group->id);
	assert_false(form_has_errors(r->form));
	job_result_free(r);

	cJSON *log = emu_log();
	const cJSON *post = find_log(log, "POST", "/cdn/v1/originGroups", 0);
	assert_non_null(post);
	assert_string_equal(log_str(post, "body"),
	                    "{\"folderId\":\"" FOLDER "\",\"name\":\"new-web\",\"useNext\":false,"
	                    "\"origins\":[{\"source\":\"n.example.com:8080\",\"enabled\":true,"
	                    "\"backup\":false,\"meta\":{\"common\":{\"name\":\"n.example.com\"}}}],"
	                    "\"providerType\":\"ourcdn\"}");
	assert_int_equal(count_log(log, "GET", "/operations/"), 3);   /* waited until done */
	char path[64];
	snprintf(path, sizeof path, "/cdn/v1/originGroups/%s", id);
	assert_int_equal(count_log_exact(log, "GET", path), 1);        /* read back */
	assert_int_equal(writes(log), 1);
	cJSON_Delete(log);
	cJSON *g = state_group(id);
	assert_non_null(g);
	assert_string_equal(cJSON_GetObjectItem(g, "name")->valuestring, "new-web");
	assert_string_equal(cJSON_GetObjectItem(g, "providerType")->valuestring, "ourcdn");
	cJSON_Delete(g);
	close_fx(&x);
}

static void test_emu_create_fails_on_origin(void **state)
{
	(void)state;
	yfx x = open_fx();
	form f;
	fill(&f, FORM_GROUP_NEW, NULL, NULL);
	set_text(&f, "name", "broken");
	set_text(&f, "source", "nowhere.example.invalid");
	job_result *r = save(&x, &f, FORM_GROUP_NEW, NULL, NULL);
	assert_int_equal(r->status, -1);
	assert_int_equal(r->err.kind, OG_ERR_API);
	assert_null(r->group);
	/* the operation's error on the origin it names, the input kept */
	assert_string_equal(error_of(r->form, "source"), DNS_MSG);
	assert_string_equal(r->form->error, "");
	char buf[64];
	assert_string_equal(form_text(r->form, "name", buf, sizeof buf), "broken");
	/* the reason first, then which operation */
	assert_true(strncmp(r->err.msg, "origins: nowhere.example.invalid: source: " DNS_MSG " (operation bc8",
	                    strlen("origins: nowhere.example.invalid: source: " DNS_MSG " (operation bc8")) == 0);
	assert_non_null(strstr(r->err.msg, " failed, code 3)"));
	assert_null(strstr(r->err.msg, "{"));           /* one readable line */
	job_result_free(r);
	assert_int_equal(state_group_count(), 2);       /* nothing created */
	close_fx(&x);
}

static void test_emu_sync_error_on_field(void **state)
{
	(void)state;
	yfx x = open_fx();
	og_group *g = emu_read_group(x.a, GID_OTHER);
	/* the gateway refuses at once with a field violation */
	emu_add_fault("{\"method\":\"POST\",\"path_prefix\":\"/cdn/v1/origins\",\"times\":1,\"action\":\"status\","
	              "\"status\":400,\"body\":\"{\\\"code\\\":3,\\\"message\\\":\\\"Request validation "
	              "error\\\",\\\"details\\\":[{\\\"@type\\\":\\\"type.googleapis.com/google.rpc.BadRequest\\\","
	              "\\\"fieldViolations\\\":[{\\\"field\\\":\\\"source\\\",\\\"description\\\":"
	              "\\\"not allowed here\\\"}]}]}\"}");
	form f;
	fill(&f, FORM_SOURCE_NEW, g, NULL);
	set_text(&f, "source", "f.example.com");
	job_result *r = save(&x, &f, FORM_SOURCE_NEW, g, NULL);
	assert_int_equal(r->status, -1);
	assert_int_equal(r->err.http_status, 400);
	assert_string_equal(error_of(r->form, "source"), "not allowed here");
	job_result_free(r);
	cJSON *log = emu_log();
	assert_int_equal(count_log(log, "GET", "/operations/"), 0);   /* no operation to wait on */
	cJSON_Delete(log);
	og_group_free(g);
	close_fx(&x);
}

/* The hook on its own (no check before it): the emulator's synchronous
 * validation error, with its BadRequest detail, lands on the field. */
static void test_emu_gateway_validation_detail(void **state)
{
	(void)state;
	net_account *a = open_yc();
	og_group *g = emu_read_group(a, GID_OTHER);
	net_call c = { .acct = a, .http = &a->sync_http };
	form f;
	fill(&f, FORM_SOURCE_NEW, g, NULL);
	set_text(&f, "source", "a123456789b123456789c123456789d123456789e123456.com");
	emu_ctl("DELETE", "/_emu/log", NULL, NULL);
	og_group *out = NULL;
	og_error err = { 0 };
	assert_int_equal(yandex_provider.form_save(&c, &f, FORM_SOURCE_NEW, g, NULL, &out, &err), -1);
	assert_null(out);
	assert_int_equal(err.http_status, 400);
	assert_string_equal(error_of(&f, "source"), "length must be <= 50");
	assert_string_equal(f.error, "");
	cJSON *log = emu_log();
	const cJSON *e = find_log(log, "POST", "/cdn/v1/origins", 0);
	assert_non_null(e);
	assert_int_equal(cJSON_GetObjectItem(e, "status")->valueint, 400);
	cJSON_Delete(log);
	og_group_free(g);
	net_account_free(a);
}

static void test_emu_edit_group_keeps_origins(void **state)
{
	(void)state;
	yfx x = open_fx();
	og_group *g = emu_read_group(x.a, GID_WEB);
	form f;
	fill(&f, FORM_GROUP_EDIT, g, NULL);
	set_text(&f, "name", "web-renamed");
	set_on(&f, "useNext", false);
	emu_ctl("DELETE", "/_emu/log", NULL, NULL);
	job_result *r = save(&x, &f, FORM_GROUP_EDIT, g, NULL);
	if (r->status != 0)
		fail_msg("%s", r->err.msg);
	assert_string_equal(r->group->name, "web-renamed");
	assert_int_equal(r->group->use_next, OG_NO);
	assert_int_equal(r->group->n_sources, 3);
	/* same origins, same ids, metas kept */
	assert_string_equal(r->group->sources[1].key, "9007199254740995");
	assert_int_equal(r->group->sources[1].kind, OG_KIND_BUCKET);
	assert_int_equal(r->group->sources[2].backup, OG_YES);
	job_result_free(r);
	cJSON *log = emu_log();
	assert_int_equal(count_log(log, "PATCH", "/cdn/v1/originGroups"), 1);
	assert_int_equal(writes(log), 1);
	const cJSON *p = find_log(log, "PATCH", "/cdn/v1/originGroups", 0);
	cJSON *body = cJSON_Parse(log_str(p, "body"));
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(body, "origins")), 3);
	assert_string_equal(cJSON_GetObjectItem(body, "groupName")->valuestring, "web-renamed");
	cJSON_Delete(body);
	cJSON_Delete(log);
	cJSON *sg = state_group(GID_WEB);
	assert_string_equal(cJSON_GetObjectItem(sg, "name")->valuestring, "web-renamed");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(sg, "origins")), 3);
	/* still in use: the update does not touch resourcesMetadata */
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(sg, "resourcesMetadata")), 2);
	cJSON_Delete(sg);
	og_group_free(g);
	close_fx(&x);
}

static void test_emu_add_edit_delete_origin(void **state)
{
	(void)state;
	yfx x = open_fx();
	og_group *g = emu_read_group(x.a, GID_OTHER);
	form f;
	/* add a backup bucket origin */
	fill(&f, FORM_SOURCE_NEW, g, NULL);
	set_text(&f, "source", "f.storage.yandexcloud.net");
	set_choice(&f, "meta", "bucket");
	set_text(&f, "metaName", "f");
	set_on(&f, "backup", true);
	job_result *r = save(&x, &f, FORM_SOURCE_NEW, g, NULL);
	if (r->status != 0)
		fail_msg("%s", r->err.msg);
	assert_int_equal(r->group->n_sources, 3);
	const og_source *n = &r->group->sources[2];
	assert_string_equal(n->host, "f.storage.yandexcloud.net");
	assert_int_equal(n->kind, OG_KIND_BUCKET);
	assert_int_equal(n->backup, OG_YES);
	char key[32];
	snprintf(key, sizeof key, "%s", n->key);
	og_group_free(g);
	g = og_group_clone(r->group);
	job_result_free(r);
	cJSON *log = emu_log();
	const cJSON *post = find_log(log, "POST", "/cdn/v1/origins", 0);
	assert_non_null(strstr(log_str(post, "body"), "\"providerType\":\"gcore\""));
	cJSON_Delete(log);

	/* edit it: another source, a website */
	emu_ctl("DELETE", "/_emu/log", NULL, NULL);
	fill(&f, FORM_SOURCE_EDIT, g, src_of(g, key));
	set_text(&f, "source", "f.website.yandexcloud.net");
	set_choice(&f, "meta", "website");
	r = save(&x, &f, FORM_SOURCE_EDIT, g, key);
	if (r->status != 0)
		fail_msg("%s", r->err.msg);
	const og_source *e = src_of(r->group, key);
	assert_string_equal(e->host, "f.website.yandexcloud.net");
	assert_int_equal(e->kind, OG_KIND_WEBSITE);
	og_group_free(g);
	g = og_group_clone(r->group);
	job_result_free(r);
	log = emu_log();
	char path[64];
	snprintf(path, sizeof path, "/cdn/v1/origins/%s", key);
	assert_int_equal(count_log_exact(log, "PATCH", path), 1);
	assert_int_equal(writes(log), 1);
	cJSON_Delete(log);

	/* a non-backup origin: refused, nothing sent, what to do said */
	emu_ctl("DELETE", "/_emu/log", NULL, NULL);
	r = delete_job(&x, g, "9007199254741010");
	assert_int_equal(r->status, -1);
	assert_int_equal(r->err.kind, OG_ERR_REFUSED);
	assert_non_null(strstr(r->err.msg, "only backup origins"));
	assert_non_null(strstr(r->err.msg, "press b to make d.example.com a backup first"));
	job_result_free(r);
	log = emu_log();
	assert_int_equal(writes(log), 0);
	cJSON_Delete(log);

	/* the backup one goes, through the Origin service */
	r = delete_job(&x, g, key);
	if (r->status != 0)
		fail_msg("%s", r->err.msg);
	assert_non_null(r->group);
	assert_int_equal(r->group->n_sources, 2);
	assert_true(og_group_find_source(r->group, key) < 0);
	job_result_free(r);
	log = emu_log();
	assert_int_equal(count_log_exact(log, "DELETE", path), 1);
	assert_true(count_log(log, "GET", "/operations/") >= 1);
	cJSON_Delete(log);
	cJSON *sg = state_group(GID_OTHER);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(sg, "origins")), 2);
	cJSON_Delete(sg);
	og_group_free(g);
	close_fx(&x);
}

static void test_emu_failed_origin_edit(void **state)
{
	(void)state;
	emu_ok("POST", "/_emu/settings", "{\"operation_polls\":2}");
	yfx x = open_fx();
	og_group *g = emu_read_group(x.a, GID_OTHER);
	form f;
	fill(&f, FORM_SOURCE_EDIT, g, src_of(g, "9007199254741011"));
	set_text(&f, "source", "gone.example.invalid");
	job_result *r = save(&x, &f, FORM_SOURCE_EDIT, g, "9007199254741011");
	assert_int_equal(r->status, -1);
	assert_string_equal(error_of(r->form, "source"), DNS_MSG);
	/* the group as the server kept it */
	assert_non_null(r->group);
	assert_string_equal(src_of(r->group, "9007199254741011")->host, "e.example.com");
	job_result_free(r);
	og_group_free(g);
	close_fx(&x);
}

static void test_emu_delete_groups(void **state)
{
	(void)state;
	yfx x = open_fx();
	og_group *web = emu_read_group(x.a, GID_WEB);
	emu_ctl("DELETE", "/_emu/log", NULL, NULL);
	/* in use: says by what, sends nothing */
	job_result *r = delete_job(&x, web, NULL);
	assert_int_equal(r->status, -1);
	assert_int_equal(r->err.kind, OG_ERR_REFUSED);
	assert_false(r->deleted);
	assert_string_equal(r->err.msg, "group \"web\" is in use by 2 CDN resources: cdn.example.ru, "
	                    "img.example.ru; nothing was deleted");
	job_result_free(r);
	cJSON *log = emu_log();
	assert_int_equal(writes(log), 0);
	cJSON_Delete(log);

	/* the server refuses what it knows to be in use (code 9) */
	og_group *other = emu_read_group(x.a, GID_OTHER);
	emu_add_fault("{\"method\":\"DELETE\",\"path_prefix\":\"/cdn/v1/originGroups/\",\"times\":1,\"action\":\"status\","
	              "\"status\":400,\"body\":\"{\\\"code\\\":9,\\\"message\\\":\\\"Origin group is used "
	              "by 1 CDN resource(s)\\\"}\"}");
	r = delete_job(&x, other, NULL);
	assert_int_equal(r->status, -1);
	assert_false(r->deleted);
	assert_non_null(strstr(r->err.msg, "group \"other\" was not deleted: Origin group is used by "
	                       "1 CDN resource(s)"));
	job_result_free(r);

	/* not in use: deleted, waited on */
	emu_ctl("DELETE", "/_emu/log", NULL, NULL);
	r = delete_job(&x, other, NULL);
	if (r->status != 0)
		fail_msg("%s", r->err.msg);
	assert_true(r->deleted);
	job_result_free(r);
	log = emu_log();
	assert_int_equal(count_log_exact(log, "DELETE", "/cdn/v1/originGroups/" GID_OTHER), 1);
	assert_int_equal(count_log(log, "GET", "/operations/"), 1);
	const cJSON *d = find_log(log, "DELETE", "/cdn/v1/originGroups/", 0);
	assert_string_equal(log_str(d, "query"), "folderId=" FOLDER);
	cJSON_Delete(log);
	assert_null(state_group(GID_OTHER));
	og_group_free(other);
	og_group_free(web);
	close_fx(&x);
}

int main(void)
{
	const struct CMUnitTest pure[] = {
		cmocka_unit_test(test_fill_group_new_defaults),
		cmocka_unit_test(test_fill_edit_forms),
		cmocka_unit_test(test_check_source_format),
		cmocka_unit_test(test_check_name_and_meta),
		cmocka_unit_test(test_check_group_rules),
		cmocka_unit_test(test_bodies),
		cmocka_unit_test(test_meta_follows_source),
		cmocka_unit_test(test_map_status_bodies),
		cmocka_unit_test(test_map_operation_errors),
	};
	const struct CMUnitTest emu[] = {
		cmocka_unit_test_setup(test_emu_create_group, reset_emu),
		cmocka_unit_test_setup(test_emu_create_fails_on_origin, reset_emu),
		cmocka_unit_test_setup(test_emu_sync_error_on_field, reset_emu),
		cmocka_unit_test_setup(test_emu_gateway_validation_detail, reset_emu),
		cmocka_unit_test_setup(test_emu_edit_group_keeps_origins, reset_emu),
		cmocka_unit_test_setup(test_emu_add_edit_delete_origin, reset_emu),
		cmocka_unit_test_setup(test_emu_failed_origin_edit, reset_emu),
		cmocka_unit_test_setup(test_emu_delete_groups, reset_emu),
	};
	curl_global_init(CURL_GLOBAL_DEFAULT);
	int rc = cmocka_run_group_tests_name("yandex_form", pure, NULL, NULL);
	rc |= cmocka_run_group_tests_name("yandex_form_emu", emu, reset_emu, emu_stop);
	curl_global_cleanup();
	return rc;
}
