/* Edgio's forms (issue 4): the fields each form gets, every check before
 * sending (one field at a time), the mapping of Edgio's error bodies onto the
 * fields they name, the request bodies per target; then the saves and
 * deletes against a private origo-emu through the worker, as the UI sends
 * them: a new group created before its entry, a refused first entry, group
 * settings, an entry added, edited and deleted, the deletes refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "emu_unit.h"
#include "model/form.h"
#include "net/edgio/edgio.h"
#include "net/http.h"
#include "net/worker.h"
#include "net/forms.h"

#define CLIENT "origo-emu-client"
#define SECRET "origo-emu-secret"
#define API "/cdn/origins/v0.5/http-large"

/* ---- fixtures ------------------------------------------------------------ */

static const char *WEB_GROUP =
	"{\"id\":200001,\"name\":\"ed-web\",\"host_header\":\"www.ed-example.com\","
	"\"network_type_id\":2,\"shield_pops\":[\"AMB\"],\"strict_pci_certified\":true,"
	"\"tls_settings\":{\"sni_hostname\":\"sni.ed-example.com\",\"allow_self_signed\":true,"
	"\"public_keys_to_verify\":[\"ff8b4a82b08ea5f7be124e6b4363c00d7462655f\"]},\"extra\":\"kept\"}";
static const char *WEB_ROWS =
	"[{\"id\":7001,\"host\":\"http://web1.ed-example.com\",\"port\":80,\"is_primary\":true,"
	"\"protocol_type_id\":1,\"failover_order\":0},"
	"{\"id\":7002,\"host\":\"http://web2.ed-example.com\",\"port\":8080,\"is_primary\":false,"
	"\"protocol_type_id\":1,\"failover_order\":1},"
	"{\"id\":7004,\"host\":\"http://mc1.ed-example.com\",\"port\":80,\"is_primary\":false,"
	"\"protocol_type_id\":3,\"failover_order\":2},"
	"{\"id\":7005,\"host\":\"https://sec1.ed-example.com\",\"port\":443,\"is_primary\":true,"
	"\"protocol_type_id\":2,\"failover_order\":0},"
	"{\"id\":7004,\"host\":\"https://mc1.ed-example.com\",\"port\":443,\"is_primary\":false,"
	"\"protocol_type_id\":3,\"failover_order\":1}]";

static og_group *parse(const char *group, const char *rows)
{
	cJSON *g = cJSON_Parse(group), *r = cJSON_Parse(rows);
	assert_non_null(g);
	assert_non_null(r);
	og_group *out = NULL;
	og_error err = { 0 };
	if (edgio_parse_group(g, r, &out, &err) != 0)
		fail_msg("%s", err.msg);
	cJSON_Delete(g);
	cJSON_Delete(r);
	return out;
}

static og_group *web(void)
{
	return parse(WEB_GROUP, WEB_ROWS);
}

static const og_source *src(const og_group *g, const char *key)
{
	long i = og_group_find_source(g, key);
	assert_true(i >= 0);
	return &g->sources[i];
}

static void fill(form *f, form_target t, const og_group *g, const og_source *s)
{
	og_error err = { 0 };
	form_init(f, "t");
	if (edgio_form_fill(f, t, g, s, &err) != 0)
		fail_msg("%s", err.msg);
}

static form_field *field(form *f, const char *key)
{
	form_field *ff = form_find(f, key);
	if (!ff)
		fail_msg("no field %s", key);
	return ff;
}

static void set_text(form *f, const char *key, const char *text)
{
	form_field *ff = field(f, key);
	snprintf(ff->text, sizeof ff->text, "%s", text);
	ff->cur = strlen(ff->text);
}

static void set_choice(form *f, const char *key, size_t i)
{
	field(f, key)->choice = i;
}

static const char *error_of(form *f, const char *key)
{
	return field(f, key)->error;
}

static bool visible(form *f, const char *key)
{
	return form_field_visible(f, (size_t)(field(f, key) - f->fields));
}

/* The error of `key` contains `want` (NULL: no error anywhere). */
static void expect(form *f, const char *key, const char *want, const char *what)
{
	const char *e = error_of(f, key);
	if (!want) {
		if (form_has_errors(f))
			fail_msg("%s: unexpected error \"%s\" / \"%s\"", what, e, f->error);
		return;
	}
	if (!strstr(e, want))
		fail_msg("%s: the %s error is \"%s\", wanted \"%s\"", what, key, e, want);
}

enum { HTTP, HTTPS, MATCH };

/* ---- form_fill ----------------------------------------------------------- */

static void test_fill_new_group(void **state)
{
	(void)state;
	form f;
	fill(&f, FORM_GROUP_NEW, NULL, NULL);
	static const char *const keys[] = {
		EDGIO_F_NAME, EDGIO_F_HOST_HEADER, EDGIO_F_NETWORK, EDGIO_F_SNI, EDGIO_F_SELF_SIGNED,
		EDGIO_F_KEYS, EDGIO_F_HOST, EDGIO_F_PROTOCOL, EDGIO_F_PORT, EDGIO_F_PRIMARY,
	};
	assert_int_equal(f.n_fields, sizeof keys / sizeof keys[0]);
	for (size_t i = 0; i < f.n_fields; i++)
		assert_string_equal(f.fields[i].key, keys[i]);
	form_field *nt = field(&f, EDGIO_F_NETWORK);
	assert_int_equal(nt->kind, FORM_CHOICE);
	assert_int_equal(nt->n_items, 5);
	assert_int_equal(nt->choice, 0);                  /* default 1 */
	assert_string_equal(nt->items[4], "IPv6 only");
	form_field *p = field(&f, EDGIO_F_PROTOCOL);
	assert_int_equal(p->n_items, 3);
	assert_string_equal(p->items[0], "HTTP only");
	assert_string_equal(p->items[1], "HTTPS only");
	assert_string_equal(p->items[2], "Match Client");
	assert_string_equal(field(&f, EDGIO_F_HOST)->label, "First entry host");
	assert_false(field(&f, EDGIO_F_PRIMARY)->on);
	assert_false(f.touched);
	/* the port only for HTTP only / HTTPS only */
	assert_true(visible(&f, EDGIO_F_PORT));
	set_choice(&f, EDGIO_F_PROTOCOL, HTTPS);
	assert_true(visible(&f, EDGIO_F_PORT));
	set_choice(&f, EDGIO_F_PROTOCOL, MATCH);
	assert_false(visible(&f, EDGIO_F_PORT));
	for (size_t i = 0; i < f.n_fields; i++)
		assert_false(f.fields[i].masked);
}

static void test_fill_edit_group(void **state)
{
	(void)state;
	og_group *g = web();
	form f;
	fill(&f, FORM_GROUP_EDIT, g, NULL);
	assert_int_equal(f.n_fields, 6);
	assert_null(form_find(&f, EDGIO_F_HOST));
	assert_string_equal(field(&f, EDGIO_F_NAME)->text, "ed-web");
	assert_string_equal(field(&f, EDGIO_F_HOST_HEADER)->text, "www.ed-example.com");
	assert_int_equal(field(&f, EDGIO_F_NETWORK)->choice, 1);   /* id 2 */
	assert_string_equal(field(&f, EDGIO_F_SNI)->text, "sni.ed-example.com");
	assert_true(field(&f, EDGIO_F_SELF_SIGNED)->on);
	assert_string_equal(field(&f, EDGIO_F_KEYS)->text, "ff8b4a82b08ea5f7be124e6b4363c00d7462655f");
	og_group_free(g);

	/* a network type origo does not know stays what it is */
	g = parse("{\"id\":1,\"name\":\"x\",\"network_type_id\":9}", "[]");
	fill(&f, FORM_GROUP_EDIT, g, NULL);
	form_field *nt = field(&f, EDGIO_F_NETWORK);
	assert_int_equal(nt->n_items, 6);
	assert_int_equal(nt->choice, 5);
	assert_string_equal(nt->items[5], "as on the server");
	og_error err = { 0 };
	char *body = edgio_build_group_body(&f, og_group_raw(g), false, &err);
	assert_non_null(body);
	cJSON *b = cJSON_Parse(body);
	assert_int_equal(cJSON_GetObjectItem(b, "network_type_id")->valueint, 9);
	cJSON_Delete(b);
	free(body);
	og_group_free(g);

	/* a group without its object cannot be edited */
	og_group bare = { .id = "1", .name = "x" };
	form_init(&f, "t");
	assert_int_equal(edgio_form_fill(&f, FORM_GROUP_EDIT, &bare, NULL, &err), -1);
	assert_int_equal(err.kind, OG_ERR_REFUSED);
}

static void test_fill_edit_entry(void **state)
{
	(void)state;
	og_group *g = web();
	form f;
	/* HTTP only, the default port: shown empty, the scheme of its mode off */
	fill(&f, FORM_SOURCE_EDIT, g, src(g, "7001"));
	assert_int_equal(f.n_fields, 4);
	assert_string_equal(field(&f, EDGIO_F_HOST)->label, "Host");
	assert_string_equal(field(&f, EDGIO_F_HOST)->text, "web1.ed-example.com");
	assert_int_equal(field(&f, EDGIO_F_PROTOCOL)->choice, HTTP);
	assert_string_equal(field(&f, EDGIO_F_PORT)->text, "");
	assert_true(field(&f, EDGIO_F_PRIMARY)->on);
	assert_non_null(strstr(f.title, "7001"));
	assert_non_null(strstr(f.title, "web1.ed-example.com"));
	/* another port is shown */
	fill(&f, FORM_SOURCE_EDIT, g, src(g, "7002"));
	assert_string_equal(field(&f, EDGIO_F_PORT)->text, "8080");
	assert_false(field(&f, EDGIO_F_PRIMARY)->on);
	/* Match Client: no scheme, no port */
	fill(&f, FORM_SOURCE_EDIT, g, src(g, "7004"));
	assert_string_equal(field(&f, EDGIO_F_HOST)->text, "mc1.ed-example.com");
	assert_int_equal(field(&f, EDGIO_F_PROTOCOL)->choice, MATCH);
	assert_false(visible(&f, EDGIO_F_PORT));
	/* HTTPS only */
	fill(&f, FORM_SOURCE_EDIT, g, src(g, "7005"));
	assert_string_equal(field(&f, EDGIO_F_HOST)->text, "sec1.ed-example.com");
	assert_int_equal(field(&f, EDGIO_F_PROTOCOL)->choice, HTTPS);
	assert_string_equal(field(&f, EDGIO_F_PORT)->text, "");
	/* a new entry */
	fill(&f, FORM_SOURCE_NEW, g, NULL);
	assert_int_equal(f.n_fields, 4);
	assert_string_equal(field(&f, EDGIO_F_HOST)->text, "");
	og_group_free(g);
}

/* ---- form_check: the group's fields --------------------------------------- */

static void check_group_field(const char *key, const char *value, const char *want)
{
	form f;
	fill(&f, FORM_GROUP_NEW, NULL, NULL);
	set_text(&f, EDGIO_F_NAME, "g");
	set_text(&f, EDGIO_F_HOST, "o.example.com");
	set_text(&f, key, value);
	bool ok = edgio_form_check(&f, FORM_GROUP_NEW, NULL, NULL);
	char what[200];
	snprintf(what, sizeof what, "%s = \"%s\"", key, value);
	expect(&f, key, want, what);
	assert_true(ok == (want == NULL));
}

static void test_check_group_fields(void **state)
{
	(void)state;
	check_group_field(EDGIO_F_NAME, "", "a name is required");
	check_group_field(EDGIO_F_NAME, "   ", "a name is required");
	check_group_field(EDGIO_F_NAME, "a\001b", "control characters");
	check_group_field(EDGIO_F_NAME, "Shop – main (EU)", NULL);
	check_group_field(EDGIO_F_HOST_HEADER, "", NULL);
	check_group_field(EDGIO_F_HOST_HEADER, "www.example.com", NULL);
	check_group_field(EDGIO_F_HOST_HEADER, "www.example.com:8080", NULL);
	check_group_field(EDGIO_F_HOST_HEADER, "[2001:db8::1]:8080", NULL);
	check_group_field(EDGIO_F_HOST_HEADER, "https://www.example.com", "without http");
	check_group_field(EDGIO_F_HOST_HEADER, "www.example.com/x", "no path");
	check_group_field(EDGIO_F_HOST_HEADER, "www example.com", "no spaces");
	check_group_field(EDGIO_F_HOST_HEADER, "2001:db8::1", "brackets");
	check_group_field(EDGIO_F_HOST_HEADER, "www.example.com:99999", "brackets; a port is 1-65535");
	check_group_field(EDGIO_F_SNI, "origin.example.com", NULL);
	check_group_field(EDGIO_F_SNI, "origin.example.com:443", "no scheme, port or path");
	check_group_field(EDGIO_F_SNI, "bad..example.com", "empty label");
	check_group_field(EDGIO_F_KEYS, "ff8b4a82b08ea5f7be124e6b4363c00d7462655f, "
	                  "C571398B01FCE46A8A177ABDD6174DFEE6137358", NULL);
	check_group_field(EDGIO_F_KEYS, "ff8b4a82b08ea5f7be124e6b4363c00d7462655f c571398b01fce46a8a177abdd6174dfee6137358", NULL);
	check_group_field(EDGIO_F_KEYS, "ff8b4a82", "40 hexadecimal digits (\"ff8b4a82\" is not)");
	check_group_field(EDGIO_F_KEYS, "zz8b4a82b08ea5f7be124e6b4363c00d7462655f", "SHA-1");
}

/* ---- form_check: an entry's fields ---------------------------------------- */

static void check_entry_field(int proto, const char *host, const char *port, const char *key,
                              const char *want)
{
	form f;
	fill(&f, FORM_SOURCE_NEW, NULL, NULL);
	set_choice(&f, EDGIO_F_PROTOCOL, (size_t)proto);
	set_text(&f, EDGIO_F_HOST, host);
	set_text(&f, EDGIO_F_PORT, port);
	bool ok = edgio_form_check(&f, FORM_SOURCE_NEW, NULL, NULL);
	char what[600];
	snprintf(what, sizeof what, "protocol %d host \"%s\" port \"%s\"", proto, host, port);
	expect(&f, key, want, what);
	assert_true(ok == (want == NULL));
}

static void test_check_entry_host(void **state)
{
	(void)state;
	char label64[80], long_host[300];
	memset(label64, 'a', 64);
	strcpy(label64 + 64, ".example.com");
	memset(long_host, 0, sizeof long_host);
	for (int i = 0; i < 50; i++)
		strcat(long_host, "abcd.");
	strcat(long_host, "com");                         /* 253 + 0 ... */
	strcat(long_host, "x");                           /* 254 characters */
	const char *H = EDGIO_F_HOST;
	check_entry_field(HTTP, "", "", H, "a host is required");
	check_entry_field(HTTP, "origin.example.com", "", H, NULL);
	check_entry_field(HTTP, "https://origin.example.com", "", H, NULL);  /* §3.3: may */
	check_entry_field(MATCH, "http://origin.example.com", "", H, "without http:// or https://");
	check_entry_field(MATCH, "10.10.10.255", "", H, NULL);
	check_entry_field(HTTP, "ftp://origin.example.com", "", H, "only http:// or https://");
	check_entry_field(HTTP, "origin.example.com/static", "", H, "no path");
	check_entry_field(HTTP, "origin .example.com", "", H, "no spaces");
	check_entry_field(HTTP, "2001:db8::1", "", H, "must be in brackets: [2001:db8::1]");
	check_entry_field(HTTPS, "[2001:db8::1]", "", H, NULL);
	check_entry_field(MATCH, "[1:2:3:4:5:6:7:8]", "", H, NULL);
	check_entry_field(HTTP, "[2001:zz::1]", "", H, "not a valid IPv6 address");
	check_entry_field(HTTP, "[2001:db8::1", "", H, "not a valid IPv6 address");
	check_entry_field(HTTP, "[2001:db8::1]:8080", "", H, "Port field");
	check_entry_field(HTTP, "origin.example.com:8080", "", H, "Port field");
	check_entry_field(HTTP, "or!gin.example.com", "", H, "only letters, digits");
	check_entry_field(HTTP, "-origin.example.com", "", H, "may not start or end with '-'");
	check_entry_field(HTTP, "10.0.0.300", "", H, "not a valid IPv4 address");
	check_entry_field(HTTP, label64, "", H, "more than 63 characters");
	check_entry_field(HTTP, long_host, "", H, "at most 253 characters");
}

static void test_check_entry_port(void **state)
{
	(void)state;
	const char *P = EDGIO_F_PORT;
	check_entry_field(HTTP, "o.example.com", "", P, NULL);
	check_entry_field(HTTP, "o.example.com", "1", P, NULL);
	check_entry_field(HTTPS, "o.example.com", "65535", P, NULL);
	check_entry_field(HTTP, "o.example.com", " 8080 ", P, NULL);
	check_entry_field(HTTP, "o.example.com", "0", P, "a port is a number from 1 to 65535");
	check_entry_field(HTTPS, "o.example.com", "65536", P, "from 1 to 65535");
	check_entry_field(HTTP, "o.example.com", "http", P, "from 1 to 65535");
	check_entry_field(HTTP, "o.example.com", "-80", P, "from 1 to 65535");
	/* hidden for Match Client: not checked */
	check_entry_field(MATCH, "o.example.com", "0", P, NULL);
}

/* ---- form_check: against the group ---------------------------------------- */

static void check_in_web(form_target t, const char *key, int proto, const char *host,
                         const char *port, bool primary, const char *field_key, const char *want)
{
	og_group *g = web();
	const og_source *s = key ? src(g, key) : NULL;
	form f;
	fill(&f, t, g, s);
	set_choice(&f, EDGIO_F_PROTOCOL, (size_t)proto);
	set_text(&f, EDGIO_F_HOST, host);
	set_text(&f, EDGIO_F_PORT, port);
	field(&f, EDGIO_F_PRIMARY)->on = primary;
	bool ok = edgio_form_check(&f, t, g, s);
	char what[300];
	snprintf(what, sizeof what, "%s protocol %d %s:%s primary %d", key ? key : "new", proto,
	         host, port, primary);
	expect(&f, field_key, want, what);
	assert_true(ok == (want == NULL));
	og_group_free(g);
}

static void test_check_unique_per_protocol(void **state)
{
	(void)state;
	const char *H = EDGIO_F_HOST;
	check_in_web(FORM_SOURCE_NEW, NULL, HTTP, "web1.ed-example.com", "", false, H,
	             "web1.ed-example.com:80 is already an HTTP entry of this group (entry 7001)");
	check_in_web(FORM_SOURCE_NEW, NULL, HTTP, "WEB1.ed-example.com", "80", false, H,
	             "already an HTTP entry");
	check_in_web(FORM_SOURCE_NEW, NULL, HTTP, "http://web1.ed-example.com", "", false, H,
	             "already an HTTP entry");
	/* the same host on the other protocol, or on another port, is another origin */
	check_in_web(FORM_SOURCE_NEW, NULL, HTTPS, "web1.ed-example.com", "", false, H, NULL);
	check_in_web(FORM_SOURCE_NEW, NULL, HTTP, "web1.ed-example.com", "81", false, H, NULL);
	check_in_web(FORM_SOURCE_NEW, NULL, HTTP, "web2.ed-example.com", "", false, H, NULL);
	check_in_web(FORM_SOURCE_NEW, NULL, HTTP, "web2.ed-example.com", "8080", false, H,
	             "entry 7002");
	/* Match Client is on both lists */
	check_in_web(FORM_SOURCE_NEW, NULL, MATCH, "web1.ed-example.com", "", false, H,
	             "already an HTTP entry");
	check_in_web(FORM_SOURCE_NEW, NULL, MATCH, "sec1.ed-example.com", "", false, H,
	             "sec1.ed-example.com:443 is already an HTTPS entry");
	check_in_web(FORM_SOURCE_NEW, NULL, HTTPS, "mc1.ed-example.com", "", false, H, "entry 7004");
	/* an entry is not its own duplicate */
	check_in_web(FORM_SOURCE_EDIT, "7001", HTTP, "web1.ed-example.com", "", true, H, NULL);
	check_in_web(FORM_SOURCE_EDIT, "7004", MATCH, "mc1.ed-example.com", "", false, H, NULL);
	/* but an edit onto another's host is */
	check_in_web(FORM_SOURCE_EDIT, "7002", HTTP, "web1.ed-example.com", "", false, H, "entry 7001");
}

static void test_check_one_primary_per_protocol(void **state)
{
	(void)state;
	const char *P = EDGIO_F_PRIMARY;
	check_in_web(FORM_SOURCE_NEW, NULL, HTTP, "new.example.com", "", true, P,
	             "web1.ed-example.com (entry 7001) is already the HTTP primary");
	check_in_web(FORM_SOURCE_NEW, NULL, HTTPS, "new.example.com", "", true, P,
	             "(entry 7005) is already the HTTPS primary");
	check_in_web(FORM_SOURCE_NEW, NULL, MATCH, "new.example.com", "", true, P, "already the");
	check_in_web(FORM_SOURCE_EDIT, "7004", MATCH, "mc1.ed-example.com", "", true, P, "one primary "
	             "per protocol");
	check_in_web(FORM_SOURCE_EDIT, "7001", HTTP, "web1.ed-example.com", "", true, P, NULL);
	check_in_web(FORM_SOURCE_NEW, NULL, HTTP, "new.example.com", "", false, P, NULL);
	/* the primary of HTTPS moving to HTTP only meets the HTTP primary */
	check_in_web(FORM_SOURCE_EDIT, "7005", HTTP, "sec1.ed-example.com", "", true, P, "entry 7001");
	/* a round-robin protocol takes a primary */
	og_group *rr = parse("{\"id\":2,\"name\":\"rr\"}",
	                     "[{\"id\":1,\"host\":\"https://a.example.com\",\"port\":443,"
	                     "\"protocol_type_id\":2,\"is_primary\":false,\"failover_order\":0}]");
	form f;
	fill(&f, FORM_SOURCE_NEW, rr, NULL);
	set_text(&f, EDGIO_F_HOST, "b.example.com");
	set_choice(&f, EDGIO_F_PROTOCOL, MATCH);
	field(&f, EDGIO_F_PRIMARY)->on = true;
	assert_true(edgio_form_check(&f, FORM_SOURCE_NEW, rr, NULL));
	og_group_free(rr);
	/* a new group's first entry has nothing to meet */
	fill(&f, FORM_GROUP_NEW, NULL, NULL);
	set_text(&f, EDGIO_F_NAME, "g");
	set_text(&f, EDGIO_F_HOST, "web1.ed-example.com");
	field(&f, EDGIO_F_PRIMARY)->on = true;
	assert_true(edgio_form_check(&f, FORM_GROUP_NEW, NULL, NULL));
	/* and the checks clear what an earlier run said */
	set_text(&f, EDGIO_F_NAME, "");
	assert_false(edgio_form_check(&f, FORM_GROUP_NEW, NULL, NULL));
	set_text(&f, EDGIO_F_NAME, "g");
	assert_true(edgio_form_check(&f, FORM_GROUP_NEW, NULL, NULL));
	assert_false(form_has_errors(&f));
}

/* ---- error bodies ---------------------------------------------------------- */

static const char *hyperion(const char *source, const char *msg, char *buf, size_t n)
{
	snprintf(buf, n, "{\"@type\":\"Error\",\"code\":\"invalid_input\",\"status_code\":400,"
	         "\"title\":\"Invalid Input\",\"description\":\"%s\",\"details\":[{\"@type\":"
	         "\"ErrorDetail\",\"source\":\"%s\",\"description\":\"%s\"}]}", msg, source, msg);
	return buf;
}

static void test_map_errors(void **state)
{
	(void)state;
	char b[1024];
	form f;
	/* an entry's fields */
	fill(&f, FORM_SOURCE_NEW, NULL, NULL);
	assert_int_equal(edgio_form_map_error(&f, hyperion("/host", "The host may not point to our "
	                 "network: traffic would loop.", b, sizeof b), true), 1);
	assert_string_equal(error_of(&f, EDGIO_F_HOST), "The host may not point to our network: "
	                    "traffic would loop.");
	assert_string_equal(f.error, "");
	fill(&f, FORM_SOURCE_NEW, NULL, NULL);
	assert_int_equal(edgio_form_map_error(&f, hyperion("/is_primary", "Origin entry 7 is already "
	                 "the primary for HTTP.", b, sizeof b), true), 1);
	assert_non_null(strstr(error_of(&f, EDGIO_F_PRIMARY), "already the primary"));
	fill(&f, FORM_SOURCE_NEW, NULL, NULL);
	assert_int_equal(edgio_form_map_error(&f, hyperion("/port", "The field port must be an "
	                 "integer between 1 and 65535.", b, sizeof b), true), 1);
	assert_non_null(strstr(error_of(&f, EDGIO_F_PORT), "between 1 and 65535"));
	fill(&f, FORM_SOURCE_NEW, NULL, NULL);
	assert_int_equal(edgio_form_map_error(&f, hyperion("/protocol_type_id", "bad protocol", b,
	                 sizeof b), true), 1);
	assert_string_equal(error_of(&f, EDGIO_F_PROTOCOL), "bad protocol");
	/* a hidden field's message goes on the form's line */
	set_choice(&f, EDGIO_F_PROTOCOL, MATCH);
	form_clear_errors(&f);
	assert_int_equal(edgio_form_map_error(&f, hyperion("/port", "no port for Match Client", b,
	                 sizeof b), true), 0);
	assert_string_equal(error_of(&f, EDGIO_F_PORT), "");
	assert_string_equal(f.error, "no port for Match Client");
	/* a field the form does not have */
	fill(&f, FORM_SOURCE_NEW, NULL, NULL);
	assert_int_equal(edgio_form_map_error(&f, hyperion("/group_id", "Customer origin group 9 "
	                 "was not found.", b, sizeof b), true), 0);
	assert_string_equal(f.error, "Customer origin group 9 was not found.");

	/* a new group: the group's request maps to the group's fields only */
	fill(&f, FORM_GROUP_NEW, NULL, NULL);
	assert_int_equal(edgio_form_map_error(&f, hyperion("/name", "The name field is required.",
	                 b, sizeof b), false), 1);
	assert_string_equal(error_of(&f, EDGIO_F_NAME), "The name field is required.");
	fill(&f, FORM_GROUP_NEW, NULL, NULL);
	assert_int_equal(edgio_form_map_error(&f, hyperion("/name", "bad entry name", b, sizeof b),
	                 true), 0);                        /* an entry's name: no such field */
	assert_string_equal(error_of(&f, EDGIO_F_NAME), "");
	assert_string_equal(f.error, "bad entry name");
	fill(&f, FORM_GROUP_NEW, NULL, NULL);
	assert_int_equal(edgio_form_map_error(&f, hyperion("/host", "loop", b, sizeof b), false), 0);
	assert_string_equal(error_of(&f, EDGIO_F_HOST), "");
	/* nested pointers land on the nearest field */
	og_group *g = parse("{\"id\":1,\"name\":\"x\"}", "[]");
	fill(&f, FORM_GROUP_EDIT, g, NULL);
	og_group_free(g);
	assert_int_equal(edgio_form_map_error(&f, hyperion("/tls_settings/public_keys_to_verify/1",
	                 "Each public key to verify must be a SHA-1 digest.", b, sizeof b), false), 1);
	assert_non_null(strstr(error_of(&f, EDGIO_F_KEYS), "SHA-1"));
	form_clear_errors(&f);
	assert_int_equal(edgio_form_map_error(&f, hyperion("/tls_settings/sni_hostname", "bad sni", b,
	                 sizeof b), false), 1);
	assert_string_equal(error_of(&f, EDGIO_F_SNI), "bad sni");
	form_clear_errors(&f);
	assert_int_equal(edgio_form_map_error(&f, hyperion("/tls_settings", "tls_settings must be an "
	                 "object.", b, sizeof b), false), 0);
	assert_string_equal(f.error, "tls_settings must be an object.");
	form_clear_errors(&f);
	assert_int_equal(edgio_form_map_error(&f, hyperion("/network_type_id", "The field "
	                 "network_type_id must be an integer between 1 and 5.", b, sizeof b), false), 1);
	assert_non_null(strstr(error_of(&f, EDGIO_F_NETWORK), "between 1 and 5"));
	form_clear_errors(&f);
	assert_int_equal(edgio_form_map_error(&f, hyperion("/host_header", "bad header", b, sizeof b),
	                 false), 1);
	assert_string_equal(error_of(&f, EDGIO_F_HOST_HEADER), "bad header");
	/* several details: each on its field */
	form_clear_errors(&f);
	assert_int_equal(edgio_form_map_error(&f, "{\"@type\":\"Error\",\"code\":\"invalid_input\","
	                 "\"description\":\"2 errors\",\"details\":[{\"source\":\"/name\","
	                 "\"description\":\"name taken\"},{\"source\":\"/host_header\","
	                 "\"description\":\"header bad\"},{\"source\":\"/\",\"description\":"
	                 "\"and this\"}]}", false), 2);
	assert_string_equal(error_of(&f, EDGIO_F_NAME), "name taken");
	assert_string_equal(error_of(&f, EDGIO_F_HOST_HEADER), "header bad");
	assert_string_equal(f.error, "and this");
	/* Hyperion without details, legacy, RFC 7807: the form's line */
	form_clear_errors(&f);
	assert_int_equal(edgio_form_map_error(&f, "{\"@type\":\"Error\",\"code\":\"invalid_operation\","
	                 "\"title\":\"Invalid Operation\",\"description\":\"The group is being "
	                 "deployed.\",\"details\":[]}", false), 0);
	assert_string_equal(f.error, "The group is being deployed.");
	form_clear_errors(&f);
	assert_int_equal(edgio_form_map_error(&f, "{\"Message\":\"HttpHostnames: This list should "
	                 "have at least a host name.\"}", false), 0);
	assert_string_equal(f.error, "HttpHostnames: This list should have at least a host name.");
	form_clear_errors(&f);
	assert_int_equal(edgio_form_map_error(&f, "{\"title\":\"Bad\",\"detail\":\"seven\"}", false), 0);
	assert_string_equal(f.error, "seven");
	/* not JSON: nothing (the caller shows the status line) */
	form_clear_errors(&f);
	assert_int_equal(edgio_form_map_error(&f, "<html>502</html>", false), 0);
	assert_false(form_has_errors(&f));
	assert_int_equal(edgio_form_map_error(&f, NULL, false), 0);
	assert_false(form_has_errors(&f));
}

/* ---- request bodies -------------------------------------------------------- */

static char *group_body(form *f, const cJSON *raw, bool adn)
{
	og_error err = { 0 };
	char *b = edgio_build_group_body(f, raw, adn, &err);
	if (!b)
		fail_msg("%s", err.msg);
	return b;
}

static char *entry_body(form *f, const char *gid)
{
	cJSON *j = edgio_form_entry_json(f, gid);
	assert_non_null(j);
	char *t = cJSON_PrintUnformatted(j);
	cJSON_Delete(j);
	return t;
}

static void test_bodies(void **state)
{
	(void)state;
	form f;
	fill(&f, FORM_GROUP_NEW, NULL, NULL);
	set_text(&f, EDGIO_F_NAME, "  shop  ");
	set_choice(&f, EDGIO_F_NETWORK, 2);
	set_text(&f, EDGIO_F_HOST, "o.example.com");
	char *b = group_body(&f, NULL, false);
	assert_string_equal(b, "{\"name\":\"shop\",\"host_header\":\"\",\"network_type_id\":3,"
	                    "\"tls_settings\":{\"sni_hostname\":null,\"allow_self_signed\":false,"
	                    "\"public_keys_to_verify\":[]}}");
	free(b);
	/* ADN create: the required gateway, no validation path */
	b = group_body(&f, NULL, true);
	assert_non_null(strstr(b, "\"gateway\":{\"follow_redirect\":false}"));
	assert_null(strstr(b, "validation_path"));
	free(b);

	/* an edit sends back what the form does not edit, without the id */
	og_group *g = web();
	fill(&f, FORM_GROUP_EDIT, g, NULL);
	set_text(&f, EDGIO_F_NAME, "ed-web2");
	set_text(&f, EDGIO_F_HOST_HEADER, "");
	set_choice(&f, EDGIO_F_NETWORK, 4);
	set_text(&f, EDGIO_F_SNI, "");
	field(&f, EDGIO_F_SELF_SIGNED)->on = false;
	set_text(&f, EDGIO_F_KEYS, "FF8B4A82B08EA5F7BE124E6B4363C00D7462655F,"
	         "c571398b01fce46a8a177abdd6174dfee6137358");
	b = group_body(&f, og_group_raw(g), false);
	assert_string_equal(b, "{\"shield_pops\":[\"AMB\"],\"strict_pci_certified\":true,"
	                    "\"tls_settings\":{\"sni_hostname\":null,"
	                    "\"allow_self_signed\":false,\"public_keys_to_verify\":["
	                    "\"ff8b4a82b08ea5f7be124e6b4363c00d7462655f\","
	                    "\"c571398b01fce46a8a177abdd6174dfee6137358\"]},"
	                    "\"extra\":\"kept\",\"name\":\"ed-web2\",\"host_header\":\"\","
	                    "\"network_type_id\":5}");
	free(b);
	og_group_free(g);

	/* ADN update: validation_path and the two gateway flags, the gateway's
	 * read-only members left out */
	g = parse("{\"id\":3,\"name\":\"adn\",\"validation_path\":\"/health\",\"gateway\":"
	          "{\"follow_redirect\":true,\"gateway_reselection\":false,\"pops\":[],"
	          "\"selected\":true}}", "[]");
	fill(&f, FORM_GROUP_EDIT, g, NULL);
	b = group_body(&f, og_group_raw(g), true);
	cJSON *j = cJSON_Parse(b);
	assert_string_equal(cJSON_GetObjectItem(j, "validation_path")->valuestring, "/health");
	char *gw = cJSON_PrintUnformatted(cJSON_GetObjectItem(j, "gateway"));
	assert_string_equal(gw, "{\"follow_redirect\":true,\"gateway_reselection\":false}");
	free(gw);
	cJSON_Delete(j);
	free(b);
	og_group_free(g);

	/* entries: POST bodies */
	fill(&f, FORM_SOURCE_NEW, NULL, NULL);
	set_text(&f, EDGIO_F_HOST, " o.example.com ");
	set_choice(&f, EDGIO_F_PROTOCOL, HTTPS);
	b = entry_body(&f, "200001");
	assert_string_equal(b, "{\"group_id\":200001,\"host\":\"o.example.com\",\"port\":443,"
	                    "\"protocol_type_id\":2,\"is_primary\":false,\"storage_type_id\":1}");
	free(b);
	set_choice(&f, EDGIO_F_PROTOCOL, HTTP);
	set_text(&f, EDGIO_F_PORT, "8080");
	field(&f, EDGIO_F_PRIMARY)->on = true;
	b = entry_body(&f, "200001");
	assert_string_equal(b, "{\"group_id\":200001,\"host\":\"o.example.com\",\"port\":8080,"
	                    "\"protocol_type_id\":1,\"is_primary\":true,\"storage_type_id\":1}");
	free(b);
	set_choice(&f, EDGIO_F_PROTOCOL, MATCH);
	b = entry_body(&f, "200001");
	assert_string_equal(b, "{\"group_id\":200001,\"host\":\"o.example.com\","
	                    "\"protocol_type_id\":3,\"is_primary\":true,\"storage_type_id\":1}");
	free(b);
	/* the fields a PUT sets: a Match Client entry drops its port */
	b = entry_body(&f, NULL);
	assert_string_equal(b, "{\"host\":\"o.example.com\",\"port\":null,\"protocol_type_id\":3,"
	                    "\"is_primary\":true}");
	free(b);

	/* ... over the entry as the server has it */
	cJSON *entry = cJSON_Parse("{\"name\":\"c\",\"host\":\"http://c.example.com\",\"port\":80,"
	                           "\"is_primary\":false,\"storage_type_id\":1,"
	                           "\"protocol_type_id\":1,\"group_id\":100001}");
	cJSON *set = edgio_form_entry_json(&f, NULL);
	og_error err = { 0 };
	assert_int_equal(edgio_entry_set(entry, set, &err), 0);
	b = cJSON_PrintUnformatted(entry);
	assert_string_equal(b, "{\"name\":\"c\",\"storage_type_id\":1,\"group_id\":100001,"
	                    "\"host\":\"o.example.com\",\"protocol_type_id\":3,\"is_primary\":true}");
	free(b);
	cJSON_Delete(set);
	cJSON_Delete(entry);
}

/* ---- against origo-emu ------------------------------------------------------ */

static const char *STATE =
	"{\"edgio\":{\"client_id\":\"" CLIENT "\",\"client_secret\":\"" SECRET "\","
	"\"scopes\":[\"cdn.origins\"],\"groups\":["
	"{\"id\":100001,\"name\":\"shop\",\"platform\":\"http-large\",\"host_header\":\"shop.example.com\","
	" \"network_type_id\":1,\"shield_pops\":[\"AMB\"],\"origins\":["
	"  {\"id\":5036101,\"name\":\"a\",\"host\":\"a.example.com\",\"is_primary\":true,"
	"   \"protocol_type_id\":1,\"failover_order\":0},"
	"  {\"id\":5036102,\"name\":\"b\",\"host\":\"b.example.com\",\"is_primary\":false,"
	"   \"protocol_type_id\":3,\"failover_order\":1,\"failover_order_https\":0},"
	"  {\"id\":5036103,\"name\":\"c\",\"host\":\"c.example.com\",\"is_primary\":false,"
	"   \"protocol_type_id\":1,\"failover_order\":2},"
	"  {\"id\":5036104,\"name\":\"d\",\"host\":\"d.example.com\",\"is_primary\":false,"
	"   \"protocol_type_id\":2,\"failover_order\":1}]},"
	"{\"id\":100002,\"name\":\"solo\",\"platform\":\"http-large\",\"origins\":["
	"  {\"id\":5036201,\"host\":\"solo.example.com\",\"protocol_type_id\":2}]},"
	"{\"id\":100003,\"name\":\"adn one\",\"platform\":\"adn\",\"gateway\":{\"follow_redirect\":false},"
	" \"validation_path\":\"/ping\",\"origins\":[]}"
	"]}}";

static int reset_emu(void **state)
{
	(void)state;
	return emu_setup("test-edgio-form", "{\"latency_ms\":0,\"edgio_error_style\":\"hyperion\"}", STATE);
}

static net_account *open_edgio(const char *platform)
{
	char token_url[128];
	snprintf(token_url, sizeof token_url, "%s/connect/token", emu_url);
	og_account acct = { .name = "edgio", .provider = "edgio", .api_url = emu_url, .read_only = -1,
	                    OG_SETTINGS({ .name = "token_url", .value = token_url }, { .name = "platform", .value = (char *)platform }, { .name = "client_id", .value = CLIENT }, { .name = "client_secret", .value = SECRET }, { .name = "scope", .value = "cdn.origins" }) };
	net_options opt = { .timeout_seconds = 10 };
	og_error err = { 0 };
	net_account *a = net_account_open(&acct, &opt, &err);
	if (!a)
		fail_msg("%s", err.msg);
	return a;
}

/* A save as the UI sends it. caller frees the result with job_result_free(). */
static job_result *save(net_account *a, worker *w, form *f, form_target t, const og_group *g,
                        const char *key)
{
	static uint64_t tag = 1;
	job_request *r = job_request_new(JOB_SAVE_FORM, a, tag++, g ? g->id : NULL);
	assert_non_null(r);
	r->form = malloc(sizeof *r->form);
	assert_non_null(r->form);
	*r->form = *f;
	r->target = t;
	if (g)
		assert_non_null(r->edit_seen = og_group_clone(g));
	if (key)
		assert_non_null(r->source_key = strdup(key));
	assert_int_equal(worker_submit(w, r), 0);
	return wait_result(w, 30);
}

static job_result *delete(net_account *a, worker *w, const og_group *g, const char *key)
{
	job_request *r = job_request_new(JOB_DELETE, a, 99, g->id);
	assert_non_null(r->edit_seen = og_group_clone(g));
	if (key)
		assert_non_null(r->source_key = strdup(key));
	assert_int_equal(worker_submit(w, r), 0);
	return wait_result(w, 30);
}

/* The emulator's entry `id` (state form) as a copy, or NULL. */
static cJSON *state_entry(long id, long *group)
{
	cJSON *st = NULL, *out = NULL;
	assert_int_equal(emu_ctl("GET", "/_emu/state", NULL, &st), 200);
	const cJSON *g, *o;
	cJSON_ArrayForEach(g, cJSON_GetObjectItem(cJSON_GetObjectItem(st, "edgio"), "groups"))
		cJSON_ArrayForEach(o, cJSON_GetObjectItem(g, "origins"))
			if (cJSON_GetObjectItem(o, "id")->valuedouble == (double)id) {
				out = cJSON_Duplicate(o, 1);
				if (group)
					*group = (long)cJSON_GetObjectItem(g, "id")->valuedouble;
			}
	cJSON_Delete(st);
	return out;
}

static cJSON *state_group(const char *id)
{
	cJSON *st = NULL, *out = NULL;
	assert_int_equal(emu_ctl("GET", "/_emu/state", NULL, &st), 200);
	const cJSON *g;
	cJSON_ArrayForEach(g, cJSON_GetObjectItem(cJSON_GetObjectItem(st, "edgio"), "groups"))
		if (cJSON_GetObjectItem(g, "id")->valuedouble == atof(id))
			out = cJSON_Duplicate(g, 1);
	cJSON_Delete(st);
	return out;
}

/* Index in the log of the n-th entry with method and exact path, or -1. */
static int log_at(const cJSON *log, const char *method, const char *path, int nth)
{
	int i = 0;
	const cJSON *e;
	cJSON_ArrayForEach(e, log) {
		if (strcmp(log_str(e, "method"), method) == 0 && strcmp(log_str(e, "path"), path) == 0 &&
		    nth-- == 0)
			return i;
		i++;
	}
	return -1;
}

static void test_emu_new_group_then_its_entry(void **state)
{
	(void)state;
	net_account *a = open_edgio("http-large");
	og_error err = { 0 };
	worker *w = worker_start(1, &err);
	form f;
	fill(&f, FORM_GROUP_NEW, NULL, NULL);
	set_text(&f, EDGIO_F_NAME, "fresh");
	set_text(&f, EDGIO_F_HOST_HEADER, "www.fresh.example");
	set_choice(&f, EDGIO_F_NETWORK, 3);
	set_text(&f, EDGIO_F_SNI, "tls.fresh.example");
	set_text(&f, EDGIO_F_HOST, "origin.fresh.example");
	set_choice(&f, EDGIO_F_PROTOCOL, HTTPS);
	field(&f, EDGIO_F_PRIMARY)->on = true;
	assert_true(net_form_check(a, &f, FORM_GROUP_NEW, NULL, NULL));
	job_result *r = save(a, w, &f, FORM_GROUP_NEW, NULL, NULL);
	if (r->status != 0)
		fail_msg("%s", r->err.msg);
	assert_non_null(r->group);
	assert_string_equal(r->group->name, "fresh");
	assert_int_equal(r->group->n_sources, 1);
	const og_source *s = &r->group->sources[0];
	assert_string_equal(s->protocol, "https");
	assert_int_equal(s->port, 443);
	assert_int_equal(s->primary, OG_YES);
	char gid[32];
	snprintf(gid, sizeof gid, "%s", r->group->id);
	job_result_free(r);

	/* the group first, without entries; then its entry, naming it */
	cJSON *log = emu_log();
	int pg = log_at(log, "POST", API "/groups", 0);
	int pe = log_at(log, "POST", API, 0);
	assert_true(pg >= 0 && pe > pg);
	assert_int_equal(count_log_exact(log, "POST", API "/groups"), 1);
	assert_int_equal(count_log_exact(log, "POST", API), 1);
	assert_int_equal(count_log(log, "PUT", NULL), 0);
	cJSON *gb = cJSON_Parse(log_str(cJSON_GetArrayItem(log, pg), "body"));
	assert_null(cJSON_GetObjectItem(gb, "origins"));
	assert_string_equal(cJSON_GetObjectItem(gb, "name")->valuestring, "fresh");
	assert_int_equal(cJSON_GetObjectItem(gb, "network_type_id")->valueint, 4);
	cJSON_Delete(gb);
	cJSON *eb = cJSON_Parse(log_str(cJSON_GetArrayItem(log, pe), "body"));
	assert_int_equal((long)cJSON_GetObjectItem(eb, "group_id")->valuedouble, atol(gid));
	assert_string_equal(cJSON_GetObjectItem(eb, "host")->valuestring, "origin.fresh.example");
	cJSON_Delete(eb);
	cJSON_Delete(log);
	/* and the server has it */
	cJSON *sg = state_group(gid);
	assert_non_null(sg);
	assert_string_equal(cJSON_GetObjectItem(sg, "host_header")->valuestring, "www.fresh.example");
	assert_string_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(sg, "tls_settings"),
	                    "sni_hostname")->valuestring, "tls.fresh.example");
	cJSON *o = cJSON_GetArrayItem(cJSON_GetObjectItem(sg, "origins"), 0);
	assert_string_equal(cJSON_GetObjectItem(o, "host")->valuestring, "https://origin.fresh.example");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(o, "is_primary")));
	cJSON_Delete(sg);
	worker_stop(w);
	net_account_free(a);
}

static void test_emu_new_group_entry_refused(void **state)
{
	(void)state;
	net_account *a = open_edgio("http-large");
	og_error err = { 0 };
	worker *w = worker_start(1, &err);
	form f;
	fill(&f, FORM_GROUP_NEW, NULL, NULL);
	set_text(&f, EDGIO_F_NAME, "loopy");
	set_text(&f, EDGIO_F_HOST, "origin.edgecastcdn.net");   /* §3.3: would loop */
	job_result *r = save(a, w, &f, FORM_GROUP_NEW, NULL, NULL);
	assert_int_equal(r->status, -1);
	assert_int_equal(r->err.http_status, 400);
	assert_non_null(strstr(r->err.msg, "group \"loopy\" was created (id "));
	assert_non_null(strstr(r->err.msg, "without its entry origin.edgecastcdn.net"));
	assert_non_null(strstr(r->err.msg, "traffic would loop"));
	/* the server's reason on the host field, the whole story on the form's line */
	assert_non_null(r->form);
	assert_non_null(strstr(error_of(r->form, EDGIO_F_HOST), "may not point to our network"));
	assert_non_null(strstr(r->form->error, "was created (id "));
	assert_non_null(strstr(r->form->error, "Esc, then add the entry with n on the group's screen"));
	assert_string_equal(error_of(r->form, EDGIO_F_NAME), "");
	/* what was typed is still there */
	assert_string_equal(field(r->form, EDGIO_F_HOST)->text, "origin.edgecastcdn.net");
	/* the group as it is: there, without entries */
	assert_non_null(r->group);
	assert_string_equal(r->group->name, "loopy");
	assert_int_equal(r->group->n_sources, 0);
	cJSON *sg = state_group(r->group->id);
	assert_non_null(sg);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(sg, "origins")), 0);
	cJSON_Delete(sg);
	job_result_free(r);

	/* the group itself refused: nothing created, the reason on its field */
	emu_ctl("DELETE", "/_emu/log", NULL, NULL);
	emu_add_fault("{\"method\":\"POST\",\"path_prefix\":\"" API "/groups\",\"times\":1,"
	              "\"action\":\"status\",\"status\":400,\"body\":\"{\\\"@type\\\":\\\"Error\\\",\\\"code\\\":"
	              "\\\"invalid_input\\\",\\\"status_code\\\":400,\\\"title\\\":\\\"Invalid Input\\\","
	              "\\\"description\\\":\\\"The name is taken.\\\",\\\"details\\\":[{\\\"source\\\":"
	              "\\\"/name\\\",\\\"description\\\":\\\"The name is taken.\\\"}]}\"}");
	set_text(&f, EDGIO_F_HOST, "ok.example.com");
	r = save(a, w, &f, FORM_GROUP_NEW, NULL, NULL);
	assert_int_equal(r->status, -1);
	assert_null(r->group);
	assert_string_equal(error_of(r->form, EDGIO_F_NAME), "The name is taken.");
	assert_non_null(strstr(r->err.msg, "The name is taken."));
	job_result_free(r);
	cJSON *log = emu_log();
	assert_int_equal(count_log_exact(log, "POST", API), 0);   /* no entry sent */
	cJSON_Delete(log);
	worker_stop(w);
	net_account_free(a);
}

static void test_emu_edit_group(void **state)
{
	(void)state;
	net_account *a = open_edgio("http-large");
	og_error err = { 0 };
	worker *w = worker_start(1, &err);
	og_group *g = emu_read_group(a, "100001");
	form f;
	form_init(&f, "t");
	assert_int_equal(net_form_fill(a, &f, FORM_GROUP_EDIT, g, NULL, &err), 0);
	set_text(&f, EDGIO_F_NAME, "shop-eu");
	set_choice(&f, EDGIO_F_NETWORK, 1);
	field(&f, EDGIO_F_SELF_SIGNED)->on = true;
	set_text(&f, EDGIO_F_KEYS, "ff8b4a82b08ea5f7be124e6b4363c00d7462655f");
	job_result *r = save(a, w, &f, FORM_GROUP_EDIT, g, NULL);
	if (r->status != 0)
		fail_msg("%s", r->err.msg);
	assert_string_equal(r->group->name, "shop-eu");
	assert_int_equal(r->group->n_sources, 4);        /* the entries stay */
	job_result_free(r);
	cJSON *log = emu_log();
	int get = log_at(log, "GET", API "/groups/100001", 0);
	int put = log_at(log, "PUT", API "/groups/100001", 0);
	assert_true(get >= 0 && put > get);               /* a fresh read first */
	assert_int_equal(count_log(log, "PUT", NULL), 1);
	assert_int_equal(count_log(log, "POST", API), 0);
	cJSON *b = cJSON_Parse(log_str(cJSON_GetArrayItem(log, put), "body"));
	assert_null(cJSON_GetObjectItem(b, "id"));
	assert_string_equal(cJSON_GetArrayItem(cJSON_GetObjectItem(b, "shield_pops"), 0)->valuestring,
	                    "AMB");
	cJSON_Delete(b);
	cJSON_Delete(log);
	cJSON *sg = state_group("100001");
	assert_string_equal(cJSON_GetObjectItem(sg, "name")->valuestring, "shop-eu");
	assert_int_equal(cJSON_GetObjectItem(sg, "network_type_id")->valueint, 2);
	assert_string_equal(cJSON_GetObjectItem(sg, "host_header")->valuestring, "shop.example.com");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(cJSON_GetObjectItem(sg, "tls_settings"),
	                                             "allow_self_signed")));
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(sg, "shield_pops")), 1);
	cJSON_Delete(sg);

	/* the server's 400 on a group field lands on it */
	og_group_free(g);
	g = emu_read_group(a, "100001");
	form_init(&f, "t");
	assert_int_equal(net_form_fill(a, &f, FORM_GROUP_EDIT, g, NULL, &err), 0);
	emu_add_fault("{\"method\":\"PUT\",\"path_prefix\":\"" API "/groups/100001\",\"times\":1,"
	              "\"action\":\"status\",\"status\":400,\"body\":\"{\\\"@type\\\":\\\"Error\\\",\\\"code\\\":"
	              "\\\"invalid_input\\\",\\\"status_code\\\":400,\\\"title\\\":\\\"Invalid Input\\\","
	              "\\\"description\\\":\\\"Unknown host header.\\\",\\\"details\\\":[{\\\"source\\\":"
	              "\\\"/host_header\\\",\\\"description\\\":\\\"Unknown host header.\\\"}]}\"}");
	set_text(&f, EDGIO_F_HOST_HEADER, "other.example.com");
	r = save(a, w, &f, FORM_GROUP_EDIT, g, NULL);
	assert_int_equal(r->status, -1);
	assert_int_equal(r->err.http_status, 400);
	assert_string_equal(error_of(r->form, EDGIO_F_HOST_HEADER), "Unknown host header.");
	assert_string_equal(field(r->form, EDGIO_F_HOST_HEADER)->text, "other.example.com");
	job_result_free(r);

	/* ADN: validation_path and the gateway go back */
	net_account *na = open_edgio("adn");
	og_group *ag = emu_read_group(na, "100003");
	form_init(&f, "t");
	assert_int_equal(net_form_fill(na, &f, FORM_GROUP_EDIT, ag, NULL, &err), 0);
	set_text(&f, EDGIO_F_NAME, "adn two");
	r = save(na, w, &f, FORM_GROUP_EDIT, ag, NULL);
	if (r->status != 0)
		fail_msg("%s", r->err.msg);
	assert_string_equal(r->group->name, "adn two");
	job_result_free(r);
	sg = state_group("100003");
	assert_string_equal(cJSON_GetObjectItem(sg, "validation_path")->valuestring, "/ping");
	cJSON_Delete(sg);
	og_group_free(ag);
	net_account_free(na);
	worker_stop(w);
	og_group_free(g);
	net_account_free(a);
}

static void test_emu_entry_add_edit_delete(void **state)
{
	(void)state;
	net_account *a = open_edgio("http-large");
	og_error err = { 0 };
	worker *w = worker_start(1, &err);
	og_group *g = emu_read_group(a, "100001");
	/* add: a new HTTPS primary goes first in the HTTPS order */
	form f;
	form_init(&f, "t");
	assert_int_equal(net_form_fill(a, &f, FORM_SOURCE_NEW, g, NULL, &err), 0);
	set_text(&f, EDGIO_F_HOST, "e.example.com");
	set_choice(&f, EDGIO_F_PROTOCOL, HTTPS);
	set_text(&f, EDGIO_F_PORT, "8443");
	field(&f, EDGIO_F_PRIMARY)->on = true;
	assert_true(net_form_check(a, &f, FORM_SOURCE_NEW, g, NULL));
	job_result *r = save(a, w, &f, FORM_SOURCE_NEW, g, NULL);
	if (r->status != 0)
		fail_msg("%s", r->err.msg);
	assert_int_equal(r->group->n_sources, 5);
	const og_source *e = NULL;
	for (size_t i = 0; i < r->group->n_sources; i++)
		if (strstr(r->group->sources[i].host, "e.example.com"))
			e = &r->group->sources[i];
	assert_non_null(e);
	assert_string_equal(e->protocol, "https");
	assert_int_equal(e->port, 8443);
	assert_int_equal(e->primary, OG_YES);
	assert_int_equal(e->order, 0);
	job_result_free(r);
	cJSON *log = emu_log();
	assert_int_equal(count_log_exact(log, "POST", API), 1);
	assert_string_equal(log_str(find_log(log, "POST", API, 0), "body"),
	                    "{\"group_id\":100001,\"host\":\"e.example.com\",\"port\":8443,"
	                    "\"protocol_type_id\":2,\"is_primary\":true,\"storage_type_id\":1}");
	cJSON_Delete(log);

	/* edit: c becomes a Match Client entry; its name goes back untouched */
	og_group_free(g);
	g = emu_read_group(a, "100001");
	emu_ctl("DELETE", "/_emu/log", NULL, NULL);
	form_init(&f, "t");
	assert_int_equal(net_form_fill(a, &f, FORM_SOURCE_EDIT, g, src(g, "5036103"), &err), 0);
	assert_string_equal(field(&f, EDGIO_F_HOST)->text, "c.example.com");
	set_text(&f, EDGIO_F_HOST, "c2.example.com");
	set_choice(&f, EDGIO_F_PROTOCOL, MATCH);
	r = save(a, w, &f, FORM_SOURCE_EDIT, g, "5036103");
	if (r->status != 0)
		fail_msg("%s", r->err.msg);
	const og_source *c = src(r->group, "5036103");
	assert_string_equal(c->protocol, "match");
	assert_string_equal(c->host, "c2.example.com");
	job_result_free(r);
	log = emu_log();
	assert_string_equal(log_str(find_log(log, "PUT", API "/5036103", 0), "body"),
	                    "{\"name\":\"c\",\"storage_type_id\":1,\"group_id\":100001,"
	                    "\"host\":\"c2.example.com\",\"protocol_type_id\":3,\"is_primary\":false}");
	assert_true(log_at(log, "GET", API "/5036103", 0) < log_at(log, "PUT", API "/5036103", 0));
	cJSON_Delete(log);
	cJSON *se = state_entry(5036103, NULL);
	assert_int_equal(cJSON_GetObjectItem(se, "protocol_type_id")->valueint, 3);
	cJSON_Delete(se);

	/* and back: the Match Client entry b becomes HTTP only on 8080 */
	og_group_free(g);
	g = emu_read_group(a, "100001");
	emu_ctl("DELETE", "/_emu/log", NULL, NULL);
	form_init(&f, "t");
	assert_int_equal(net_form_fill(a, &f, FORM_SOURCE_EDIT, g, src(g, "5036102"), &err), 0);
	set_choice(&f, EDGIO_F_PROTOCOL, HTTP);
	set_text(&f, EDGIO_F_PORT, "8080");
	r = save(a, w, &f, FORM_SOURCE_EDIT, g, "5036102");
	if (r->status != 0)
		fail_msg("%s", r->err.msg);
	assert_string_equal(src(r->group, "5036102")->protocol, "http");
	assert_int_equal(src(r->group, "5036102")->port, 8080);
	job_result_free(r);
	log = emu_log();
	assert_string_equal(log_str(find_log(log, "PUT", API "/5036102", 0), "body"),
	                    "{\"name\":\"b\",\"storage_type_id\":1,\"group_id\":100001,"
	                    "\"host\":\"b.example.com\",\"port\":8080,\"protocol_type_id\":1,"
	                    "\"is_primary\":false}");
	cJSON_Delete(log);

	/* edit refused by the server: on the host field, typed text kept */
	og_group_free(g);
	g = emu_read_group(a, "100001");
	form_init(&f, "t");
	assert_int_equal(net_form_fill(a, &f, FORM_SOURCE_EDIT, g, src(g, "5036104"), &err), 0);
	set_text(&f, EDGIO_F_HOST, "d.systemcdn.net");
	r = save(a, w, &f, FORM_SOURCE_EDIT, g, "5036104");
	assert_int_equal(r->status, -1);
	assert_non_null(strstr(error_of(r->form, EDGIO_F_HOST), "may not point to our network"));
	assert_string_equal(field(r->form, EDGIO_F_HOST)->text, "d.systemcdn.net");
	job_result_free(r);
	se = state_entry(5036104, NULL);
	assert_string_equal(cJSON_GetObjectItem(se, "host")->valuestring, "https://d.example.com");
	cJSON_Delete(se);

	/* delete: one DELETE, the group read back without it */
	emu_ctl("DELETE", "/_emu/log", NULL, NULL);
	r = delete(a, w, g, "5036104");
	if (r->status != 0)
		fail_msg("%s", r->err.msg);
	assert_non_null(r->group);
	assert_int_equal(og_group_find_source(r->group, "5036104"), -1);
	job_result_free(r);
	log = emu_log();
	assert_int_equal(count_log_exact(log, "DELETE", API "/5036104"), 1);
	assert_int_equal(count_log(log, "DELETE", NULL), 1);
	cJSON_Delete(log);
	assert_null(state_entry(5036104, NULL));
	worker_stop(w);
	og_group_free(g);
	net_account_free(a);
}

static void test_emu_deletes_refused(void **state)
{
	(void)state;
	net_account *a = open_edgio("http-large");
	og_error err = { 0 };
	worker *w = worker_start(1, &err);
	/* the only entry of a group: refused before anything is sent */
	og_group *solo = emu_read_group(a, "100002");
	emu_ctl("DELETE", "/_emu/log", NULL, NULL);
	job_result *r = delete(a, w, solo, "5036201");
	assert_int_equal(r->status, -1);
	assert_int_equal(r->err.kind, OG_ERR_REFUSED);
	assert_non_null(strstr(r->err.msg, "is the only entry of group \"solo\""));
	assert_non_null(strstr(r->err.msg, "delete the whole group"));
	job_result_free(r);
	cJSON *log = emu_log();
	assert_int_equal(count_log(log, "DELETE", NULL), 0);
	cJSON_Delete(log);
	cJSON *kept = state_entry(5036201, NULL);
	assert_non_null(kept);
	cJSON_Delete(kept);

	/* the server refuses a group delete: its words, nothing deleted */
	emu_add_fault("{\"method\":\"DELETE\",\"path_prefix\":\"" API "/groups/100002\",\"times\":1,"
	              "\"action\":\"status\",\"status\":409,\"body\":\"{\\\"@type\\\":\\\"Error\\\",\\\"code\\\":"
	              "\\\"invalid_operation\\\",\\\"status_code\\\":409,\\\"title\\\":\\\"Invalid "
	              "Operation\\\",\\\"description\\\":\\\"The customer origin group is used by "
	              "edge CNAME cdn.example.com.\\\",\\\"details\\\":[]}\"}");
	r = delete(a, w, solo, NULL);
	assert_int_equal(r->status, -1);
	assert_false(r->deleted);
	assert_int_equal(r->err.http_status, 409);
	assert_non_null(strstr(r->err.msg, "group \"solo\" cannot be deleted ("));
	assert_non_null(strstr(r->err.msg, "used by edge CNAME cdn.example.com"));
	assert_non_null(strstr(r->err.msg, "nothing was deleted"));
	job_result_free(r);
	cJSON *sg = state_group("100002");
	assert_non_null(sg);
	cJSON_Delete(sg);

	/* then it goes, with its entry */
	emu_ctl("DELETE", "/_emu/log", NULL, NULL);
	r = delete(a, w, solo, NULL);
	if (r->status != 0)
		fail_msg("%s", r->err.msg);
	assert_true(r->deleted);
	job_result_free(r);
	log = emu_log();
	assert_int_equal(count_log_exact(log, "DELETE", API "/groups/100002"), 1);
	assert_int_equal(count_log(log, "DELETE", NULL), 1);
	cJSON_Delete(log);
	assert_null(state_group("100002"));
	assert_null(state_entry(5036201, NULL));
	worker_stop(w);
	og_group_free(solo);
	net_account_free(a);
}

int main(void)
{
	const struct CMUnitTest pure[] = {
		cmocka_unit_test(test_fill_new_group),
		cmocka_unit_test(test_fill_edit_group),
		cmocka_unit_test(test_fill_edit_entry),
		cmocka_unit_test(test_check_group_fields),
		cmocka_unit_test(test_check_entry_host),
		cmocka_unit_test(test_check_entry_port),
		cmocka_unit_test(test_check_unique_per_protocol),
		cmocka_unit_test(test_check_one_primary_per_protocol),
		cmocka_unit_test(test_map_errors),
		cmocka_unit_test(test_bodies),
	};
	const struct CMUnitTest emu[] = {
		cmocka_unit_test_setup(test_emu_new_group_then_its_entry, reset_emu),
		cmocka_unit_test_setup(test_emu_new_group_entry_refused, reset_emu),
		cmocka_unit_test_setup(test_emu_edit_group, reset_emu),
		cmocka_unit_test_setup(test_emu_entry_add_edit_delete, reset_emu),
		cmocka_unit_test_setup(test_emu_deletes_refused, reset_emu),
	};
	og_error err = { 0 };
	if (http_global_init(&err) < 0)
		return 1;
	int failed = cmocka_run_group_tests_name("edgio forms", pure, NULL, NULL);
	failed += cmocka_run_group_tests_name("edgio forms end to end", emu, NULL, emu_stop);
	return failed ? 1 : 0;
}
