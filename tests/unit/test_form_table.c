/* net/form_table.c: the one engine behind every provider's form table:
 * filling from the server's JSON, the table's checks, the request body and
 * the key an API error path names. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/form_table.h"

static const char *const modes[] = { "plain", "fancy" };

static const char *no_x(const char *text, const form_check_ctx *c)
{
	(void)c;
	return strchr(text, 'x') ? "no x, please" : NULL;
}

enum { A = 1u, B = 2u };
static const form_spec table[] = {
	{ .key = "mode", .label = "Mode", .kind = FORM_CHOICE, .path = "cfg/mode", .part = A,
	  .items = modes, .n_items = 2, .send = FORM_SEND_VALUE },
	{ .key = "host", .label = "Host", .kind = FORM_TEXT, .path = "host", .hint = "a host",
	  .part = A, .send = FORM_SEND_VALUE, .required = "a host is required", .max_chars = 5,
	  .max_counts = true, .validate = no_x },
	{ .key = "fancy", .label = "Fancy", .kind = FORM_TEXT, .path = "cfg/fancy", .part = A,
	  .show_if = "mode", .show_mask = 2u, .send = FORM_SEND_OR_ABSENT, .max_chars = 3 },
	{ .key = "header", .label = "Header", .kind = FORM_TEXT, .path = "header", .part = A,
	  .send = FORM_SEND_OR_NULL },
	{ .key = "secret", .label = "Secret", .kind = FORM_TEXT, .path = "secret", .part = A,
	  .masked = true },
	{ .key = "on", .label = "On", .alt_label = "Origin on", .kind = FORM_CHECKBOX, .path = "on",
	  .part = A, .on = true, .send = FORM_SEND_VALUE },
	{ .key = "other", .label = "Other", .kind = FORM_TEXT, .path = "other", .part = B,
	  .send = FORM_SEND_VALUE },
};
#define N (sizeof table / sizeof table[0])

static void test_fill(void **state)
{
	(void)state;
	cJSON *j = cJSON_Parse("{\"host\":\"h.example\",\"cfg\":{\"mode\":\"fancy\",\"fancy\":\"ab\"},"
	                       "\"secret\":\"SECRET_VALUE\",\"on\":false,\"other\":\"o\"}");
	form f;
	form_init(&f, "t");
	assert_true(form_table_fill(&f, table, N, A, j, FORM_FILL_SHOW_IF));
	assert_int_equal(f.n_fields, 6);   /* part B left out */
	assert_null(form_find(&f, "other"));
	assert_string_equal(form_find(&f, "host")->text, "h.example");
	assert_string_equal(form_find(&f, "host")->hint, "a host");
	assert_string_equal(form_choice(&f, "mode"), "fancy");
	assert_string_equal(form_find(&f, "fancy")->text, "ab");
	assert_true(form_shown(&f, "fancy"));
	assert_string_equal(form_find(&f, "secret")->text, "");   /* never from the server */
	assert_true(form_find(&f, "secret")->masked);
	assert_false(form_on(&f, "on"));

	/* defaults; unconditional: every field shown */
	form_init(&f, "t");
	assert_true(form_table_fill(&f, table, N, A | B, NULL, 0));
	assert_int_equal(f.n_fields, 7);
	assert_string_equal(form_choice(&f, "mode"), "plain");
	assert_true(form_on(&f, "on"));
	assert_true(form_shown(&f, "fancy"));
	form_init(&f, "t");
	assert_true(form_table_fill(&f, table, N, A, NULL, FORM_FILL_SHOW_IF));
	assert_false(form_shown(&f, "fancy"));
	cJSON_Delete(j);
}

/* The fill flags: other labels, and proto3's "absent is false". */
static void test_fill_flags(void **state)
{
	(void)state;
	cJSON *j = cJSON_Parse("{\"host\":\"h\"}");
	form f;
	form_init(&f, "t");
	form_table_fill(&f, table, N, A, j, 0);
	assert_true(form_on(&f, "on"));            /* absent: the field's default */
	assert_string_equal(form_find(&f, "on")->label, "On");
	assert_string_equal(form_find(&f, "host")->label, "Host");
	form_init(&f, "t");
	form_table_fill(&f, table, N, A, j, FORM_FILL_PROTO3 | FORM_FILL_ALT_LABELS);
	assert_false(form_on(&f, "on"));           /* absent: false */
	assert_string_equal(form_find(&f, "on")->label, "Origin on");
	assert_string_equal(form_find(&f, "host")->label, "Host");   /* no alt label */
	form_init(&f, "t");
	form_table_fill(&f, table, N, A, NULL, FORM_FILL_PROTO3);
	assert_true(form_on(&f, "on"));            /* a new one: the default */
	form_table_set_text(&f, "host", "typed");
	assert_string_equal(form_find(&f, "host")->text, "typed");
	assert_int_equal(form_find(&f, "host")->cur, 5);
	form_table_set_text(&f, "on", "x");         /* not a text: nothing */
	assert_true(form_on(&f, "on"));
	cJSON_Delete(j);
}

static void set_text(form *f, const char *key, const char *text)
{
	snprintf(form_find(f, key)->text, FORM_TEXT_MAX, "%s", text);
}

static void test_check(void **state)
{
	(void)state;
	form f;
	form_init(&f, "t");
	form_table_fill(&f, table, N, A, NULL, FORM_FILL_SHOW_IF);
	set_text(&f, "fancy", "toolong");   /* hidden: not checked */
	form_table_check(&f, table, N);
	assert_string_equal(form_find(&f, "host")->error, "a host is required");
	assert_string_equal(form_find(&f, "fancy")->error, "");
	form_clear_errors(&f);
	set_text(&f, "host", "abcdef");
	form_find(&f, "mode")->choice = 1;
	form_table_check(&f, table, N);
	assert_string_equal(form_find(&f, "host")->error, "at most 5 characters (this has 6)");
	assert_string_equal(form_find(&f, "fancy")->error, "at most 3 characters");
	form_clear_errors(&f);
	set_text(&f, "host", " ax ");
	set_text(&f, "fancy", " ab ");   /* trimmed: what is sent */
	form_table_check(&f, table, N);
	assert_string_equal(form_find(&f, "host")->error, "no x, please");
	assert_string_equal(form_find(&f, "fancy")->error, "");
}

static void test_write(void **state)
{
	(void)state;
	form f;
	form_init(&f, "t");
	form_table_fill(&f, table, N, A, NULL, FORM_FILL_SHOW_IF);
	set_text(&f, "host", " new.example ");
	set_text(&f, "secret", "typed");
	form_find(&f, "on")->on = false;
	/* members in place keep their place, new ones go last; what the form
	 * does not send stays as it was */
	cJSON *o = cJSON_Parse("{\"header\":\"old\",\"keep\":1,\"host\":\"old\",\"cfg\":7,"
	                       "\"secret\":\"SECRET_VALUE\",\"other\":\"o\"}");
	assert_true(form_table_write(&f, table, N, A | B, o, 0));
	char *text = cJSON_PrintUnformatted(o);
	assert_string_equal(text, "{\"header\":null,\"keep\":1,\"host\":\"new.example\","
	                          "\"secret\":\"SECRET_VALUE\",\"other\":\"o\","
	                          "\"cfg\":{\"mode\":\"plain\"},\"on\":false}");
	free(text);
	form_find(&f, "mode")->choice = 1;
	set_text(&f, "fancy", "ab");
	set_text(&f, "header", "h");
	assert_true(form_table_write(&f, table, N, A, o, 0));
	text = cJSON_PrintUnformatted(o);
	assert_string_equal(text, "{\"header\":\"h\",\"keep\":1,\"host\":\"new.example\","
	                          "\"secret\":\"SECRET_VALUE\",\"other\":\"o\","
	                          "\"cfg\":{\"mode\":\"fancy\",\"fancy\":\"ab\"},\"on\":false}");
	free(text);
	/* moved last: the order of a body rebuilt member by member */
	cJSON *m = cJSON_Parse("{\"host\":\"old\",\"keep\":1,\"cfg\":{\"fancy\":\"x\",\"k\":2}}");
	assert_true(form_table_write(&f, table, N, A, m, FORM_WRITE_MOVE_LAST));
	text = cJSON_PrintUnformatted(m);
	assert_string_equal(text, "{\"keep\":1,\"cfg\":{\"k\":2,\"mode\":\"fancy\",\"fancy\":\"ab\"},"
	                          "\"host\":\"new.example\",\"header\":\"h\",\"on\":false}");
	free(text);
	cJSON_Delete(m);
	set_text(&f, "fancy", "");
	assert_true(form_table_write(&f, table, N, A, o, 0));
	assert_null(cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(o, "cfg"),
	                                             "fancy"));
	cJSON_Delete(o);
}

static void test_key_of_path(void **state)
{
	(void)state;
	assert_string_equal(form_table_key(table, N, "cfg/fancy"), "fancy");
	assert_string_equal(form_table_key(table, N, "host"), "host");
	assert_null(form_table_key(table, N, "cfg"));
	assert_null(form_table_key(table, N, NULL));
}

/* ---- the vocabulary added for issue 9 ------------------------------------ */

static const char *const kinds2[] = { "a", "b" };
static const char *const cases[] = { "x", "y", "z" };
static const char *const dflt_cases[] = { "y" };
static const long ports[] = { 80, 443 };

/* A validator that reads another field of the form (its context). */
static const char *not_like_kind(const char *text, const form_check_ctx *c)
{
	const char *k = form_choice(c->f, "kind");
	return k && strcmp(text, k) == 0 ? "not the kind's own name" : NULL;
}

/* "name" follows "src": the part before its first dot. */
static bool first_label(form *f, char *out, size_t n)
{
	char src[FORM_TEXT_MAX];
	form_text(f, "src", src, sizeof src);
	size_t len = strcspn(src, ".");
	snprintf(out, n, "%.*s", (int)len, src);
	return len > 0 && src[len] == '.';
}

enum { W1 = 1u, W2 = 2u };
static const form_spec vocab[] = {
	{ .key = "use", .label = "Use", .kind = FORM_CHECKBOX, .path = "use", .part = W1,
	  .send = FORM_SEND_VALUE },
	{ .key = "cases", .label = "Cases", .kind = FORM_CHECKLIST, .path = "cases", .part = W1,
	  .items = cases, .n_items = 3, .ticked = dflt_cases, .n_ticked = 1, .send = FORM_SEND_VALUE,
	  .required = "tick one while Use is on", .required_if = "use", .required_mask = 2u },
	{ .key = "src", .label = "Source", .kind = FORM_TEXT, .path = "src", .part = W1,
	  .send = FORM_SEND_VALUE, .validate = not_like_kind },
	{ .key = "kind", .label = "Kind", .kind = FORM_CHOICE, .path = "meta", .part = W2,
	  .items = kinds2, .n_items = 2, .oneof = true, .send = FORM_SEND_VALUE },
	{ .key = "name", .label = "Name", .kind = FORM_TEXT, .path = "meta/{kind}/name", .part = W2,
	  .show_if = "kind", .show_mask = 1u, .send = FORM_SEND_VALUE, .derive = first_label,
	  .required = "a name is required for kind {kind}", .required_if = "kind",
	  .required_mask = 1u },
	{ .key = "id", .label = "Id", .kind = FORM_TEXT, .path = "meta/{kind}/id", .part = W2,
	  .show_if = "kind", .show_mask = 2u, .send = FORM_SEND_VALUE },
	{ .key = "proto", .label = "Proto", .kind = FORM_CHOICE, .path = "proto", .part = W1,
	  .items = kinds2, .n_items = 2, .send = FORM_SEND_NUMBER, .number_base = 1 },
	{ .key = "port", .label = "Port", .kind = FORM_TEXT, .path = "port", .part = W1,
	  .send = FORM_SEND_NUMBER, .num_min = 1, .num_max = 65535, .num_dflt_by = "proto",
	  .num_dflts = ports, .show_if = "proto", .show_mask = 1u },
};
#define NV (sizeof vocab / sizeof vocab[0])

static char *print(const cJSON *o)
{
	char *t = cJSON_PrintUnformatted(o);
	assert_non_null(t);
	return t;
}

/* Requiredness that follows another field (a checkbox, a choice), with the
 * choice's item in its message; a checklist filled from the server's array
 * or its defaults, and sent as an array. */
static void test_required_if_and_checklist(void **state)
{
	(void)state;
	form f;
	form_init(&f, "t");
	assert_true(form_table_fill(&f, vocab, NV, W1 | W2, NULL, FORM_FILL_SHOW_IF));
	form_field *cl = form_find(&f, "cases");
	assert_int_equal(form_checked_count(cl), 1);      /* the defaults */
	assert_true(cl->checked[1]);
	cl->checked[1] = false;
	form_table_check(&f, vocab, NV);
	assert_string_equal(cl->error, "");               /* Use off: none needed */
	assert_string_equal(form_find(&f, "name")->error, "a name is required for kind a");
	form_clear_errors(&f);
	form_find(&f, "use")->on = true;
	form_table_check(&f, vocab, NV);
	assert_string_equal(cl->error, "tick one while Use is on");
	form_clear_errors(&f);
	form_find(&f, "kind")->choice = 1;                /* name hidden, id optional */
	cl->checked[2] = true;
	form_table_check(&f, vocab, NV);
	assert_false(form_has_errors(&f));
	cJSON *o = cJSON_CreateObject();
	assert_true(form_table_write(&f, vocab, NV, W1, o, 0));
	char *t = print(o);
	assert_string_equal(t, "{\"use\":true,\"cases\":[\"z\"],\"src\":\"\",\"proto\":1,\"port\":80}");
	free(t);
	cJSON_Delete(o);

	/* from the server: its cases only, the defaults not added */
	cJSON *j = cJSON_Parse("{\"cases\":[\"x\",\"nope\",\"z\"]}");
	form_init(&f, "t");
	form_table_fill(&f, vocab, NV, W1, j, 0);
	cl = form_find(&f, "cases");
	assert_int_equal(form_checked_count(cl), 2);
	assert_true(cl->checked[0] && cl->checked[2]);
	cJSON_Delete(j);
}

/* A validator sees the whole form. */
static void test_validator_context(void **state)
{
	(void)state;
	form f;
	form_init(&f, "t");
	form_table_fill(&f, vocab, NV, W1 | W2, NULL, FORM_FILL_SHOW_IF);
	form_table_set_text(&f, "src", "b");
	form_table_check(&f, vocab, NV);
	assert_string_equal(form_find(&f, "src")->error, "");
	form_find(&f, "kind")->choice = 1;
	form_table_check(&f, vocab, NV);
	assert_string_equal(form_find(&f, "src")->error, "not the kind's own name");
}

/* Numbers: a choice as its index + base, a text as its integer or the
 * default its choice picks (shown empty when it is that default); a hidden
 * field left out or sent as null. */
static void test_numbers_and_hidden(void **state)
{
	(void)state;
	cJSON *j = cJSON_Parse("{\"proto\":2,\"port\":443}");
	form f;
	form_init(&f, "t");
	form_table_fill(&f, vocab, NV, W1, j, FORM_FILL_SHOW_IF);
	assert_string_equal(form_choice(&f, "proto"), "b");
	assert_string_equal(form_find(&f, "port")->text, "");   /* b's default */
	cJSON_Delete(j);
	j = cJSON_Parse("{\"proto\":1,\"port\":8080}");
	form_init(&f, "t");
	form_table_fill(&f, vocab, NV, W1, j, FORM_FILL_SHOW_IF);
	assert_string_equal(form_choice(&f, "proto"), "a");
	assert_string_equal(form_find(&f, "port")->text, "8080");
	cJSON_Delete(j);
	j = cJSON_Parse("{\"proto\":9}");                         /* unknown: the first */
	form_init(&f, "t");
	form_table_fill(&f, vocab, NV, W1, j, FORM_FILL_SHOW_IF);
	assert_string_equal(form_choice(&f, "proto"), "a");
	cJSON_Delete(j);

	form_table_set_text(&f, "port", "70000");                /* out of range: default */
	cJSON *o = cJSON_CreateObject();
	assert_true(form_table_write(&f, vocab, NV, W1, o, 0));
	assert_int_equal(cJSON_GetObjectItemCaseSensitive(o, "port")->valueint, 80);
	form_table_set_text(&f, "port", "8443");
	assert_true(form_table_write(&f, vocab, NV, W1, o, 0));
	assert_int_equal(cJSON_GetObjectItemCaseSensitive(o, "port")->valueint, 8443);
	cJSON_Delete(o);

	/* proto b hides the port: left out, or null (a PUT dropping it) */
	form_find(&f, "proto")->choice = 1;
	o = cJSON_CreateObject();
	assert_true(form_table_write(&f, vocab, NV, W1, o, FORM_WRITE_SHOWN));
	assert_null(cJSON_GetObjectItemCaseSensitive(o, "port"));
	assert_int_equal(cJSON_GetObjectItemCaseSensitive(o, "proto")->valueint, 2);
	assert_true(form_table_write(&f, vocab, NV, W1, o, FORM_WRITE_HIDDEN_NULL));
	assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(o, "port")));
	cJSON_Delete(o);
	/* an item beyond the table's (the adapter's own): not written */
	form_field *pf = form_find(&f, "proto");
	pf->items[2] = "as on the server";
	pf->n_items = 3;
	pf->choice = 2;
	o = cJSON_CreateObject();
	assert_true(form_table_write(&f, vocab, NV, W1, o, 0));
	assert_null(cJSON_GetObjectItemCaseSensitive(o, "proto"));
	cJSON_Delete(o);
}

/* A oneof choice and fields under its item ("{kind}" in their paths); a
 * text that follows another field when empty. */
static void test_oneof_and_derive(void **state)
{
	(void)state;
	cJSON *j = cJSON_Parse("{\"src\":\"bk.example\",\"meta\":{\"a\":{\"name\":\"bk\"}}}");
	form f;
	form_init(&f, "t");
	form_table_fill(&f, vocab, NV, W1 | W2, j, FORM_FILL_SHOW_IF);
	assert_string_equal(form_choice(&f, "kind"), "a");
	assert_string_equal(form_find(&f, "name")->text, "");   /* in step: follows */
	cJSON_Delete(j);
	j = cJSON_Parse("{\"src\":\"bk.example\",\"meta\":{\"a\":{\"name\":\"other\"}}}");
	form_init(&f, "t");
	form_table_fill(&f, vocab, NV, W1 | W2, j, FORM_FILL_SHOW_IF);
	assert_string_equal(form_find(&f, "name")->text, "other");
	cJSON_Delete(j);
	j = cJSON_Parse("{\"meta\":{\"b\":{\"id\":\"i7\"}}}");
	form_init(&f, "t");
	form_table_fill(&f, vocab, NV, W1 | W2, j, FORM_FILL_SHOW_IF);
	assert_string_equal(form_choice(&f, "kind"), "b");
	assert_string_equal(form_find(&f, "id")->text, "i7");
	assert_string_equal(form_find(&f, "name")->text, "");
	cJSON_Delete(j);

	/* the name follows the source: not required while it derives one */
	form_find(&f, "kind")->choice = 0;
	form_table_set_text(&f, "src", "nb.example");
	form_table_check(&f, vocab, NV);
	assert_string_equal(form_find(&f, "name")->error, "");
	cJSON *o = cJSON_Parse("{\"meta\":{\"b\":{\"id\":\"i7\"}}}");
	assert_true(form_table_write(&f, vocab, NV, W2, o, FORM_WRITE_SHOWN));
	char *t = print(o);
	assert_string_equal(t, "{\"meta\":{\"a\":{\"name\":\"nb\"}}}");   /* b's member gone */
	free(t);
	cJSON_Delete(o);
	form_table_set_text(&f, "name", "typed");                /* typed wins */
	o = cJSON_CreateObject();
	assert_true(form_table_write(&f, vocab, NV, W2, o, FORM_WRITE_SHOWN));
	t = print(o);
	assert_string_equal(t, "{\"meta\":{\"a\":{\"name\":\"typed\"}}}");
	free(t);
	cJSON_Delete(o);
}

static const char *const words[HOSTPORT_N_PROBLEMS] = {
	[HOSTPORT_SCHEME] = "no scheme", [HOSTPORT_PORT] = "bad port",
};
static const form_hostport hp = { .rules = { .path_chars = "/" }, .words = words,
                                  .create_max = 6 };
static const form_spec hp_table[] = {
	{ .key = "h", .label = "H", .kind = FORM_TEXT, .path = "h", .part = 1,
	  .validate = form_table_hostport, .arg = &hp },
};

/* The host[:port] validator: the provider's words, a create's own limit. */
static void test_hostport_validator(void **state)
{
	(void)state;
	form f;
	form_init(&f, "t");
	form_table_fill(&f, hp_table, 1, 1, NULL, 0);
	form_table_set_text(&f, "h", "http://x");
	form_table_check(&f, hp_table, 1);
	assert_string_equal(form_find(&f, "h")->error, "no scheme");
	form_clear_errors(&f);
	form_table_set_text(&f, "h", "abc:0");
	form_table_check_as(&f, hp_table, 1, false);
	assert_string_equal(form_find(&f, "h")->error, "bad port");
	form_clear_errors(&f);
	form_table_set_text(&f, "h", "abcdefgh");
	form_table_check_as(&f, hp_table, 1, false);             /* an edit: no limit */
	assert_string_equal(form_find(&f, "h")->error, "");
	form_table_check_as(&f, hp_table, 1, true);
	assert_string_equal(form_find(&f, "h")->error, "at most 6 characters (this has 8)");
}

/* A "{key}" member of a path matches the items that show the field; the
 * loose match takes another API's spelling. */
static void test_key_of_wildcard_path(void **state)
{
	(void)state;
	assert_string_equal(form_table_key(vocab, NV, "meta/a/name"), "name");
	assert_null(form_table_key(vocab, NV, "meta/b/name"));   /* name is a's only */
	assert_string_equal(form_table_key(vocab, NV, "meta/b/id"), "id");
	assert_null(form_table_key(vocab, NV, "meta/c/id"));
	assert_null(form_table_key(vocab, NV, "META.a.name"));
	assert_string_equal(form_table_key_loose(vocab, NV, "META.a.na_me"), "name");
	assert_string_equal(form_table_key_loose(vocab, NV, "Meta"), "kind");
	assert_null(form_table_key_loose(vocab, NV, "meta.a.name.x"));
	assert_string_equal(form_table_key_loose(table, N, "CFG.Mode"), "mode");
}

static const char *const nets[] = { "one", "two" };
static const form_spec net_table[] = {
	{ .key = "net", .label = "Net", .kind = FORM_CHOICE, .path = "net", .part = 1,
	  .items = nets, .n_items = 2, .other_item = "as on the server", .send = FORM_SEND_NUMBER,
	  .number_base = 1 },
};

/* A number beyond the items: shown as other_item, and not written back. */
static void test_other_item(void **state)
{
	(void)state;
	cJSON *j = cJSON_Parse("{\"net\":7}");
	form f;
	form_init(&f, "t");
	form_table_fill(&f, net_table, 1, 1, j, 0);
	assert_string_equal(form_choice(&f, "net"), "as on the server");
	assert_true(form_table_write(&f, net_table, 1, 1, j, 0));
	assert_int_equal(cJSON_GetObjectItemCaseSensitive(j, "net")->valueint, 7);
	form_find(&f, "net")->choice = 1;
	assert_true(form_table_write(&f, net_table, 1, 1, j, 0));
	assert_int_equal(cJSON_GetObjectItemCaseSensitive(j, "net")->valueint, 2);
	cJSON_Delete(j);
	j = cJSON_Parse("{\"net\":2}");
	form_init(&f, "t");
	form_table_fill(&f, net_table, 1, 1, j, 0);
	assert_int_equal(form_find(&f, "net")->n_items, 2);
	assert_string_equal(form_choice(&f, "net"), "two");
	cJSON_Delete(j);
}

static const form_spec list_table[] = {
	{ .key = "keys", .label = "Keys", .kind = FORM_TEXT, .path = "tls/keys", .part = 1,
	  .send = FORM_SEND_LIST_LOWER },
	{ .key = "names", .label = "Names", .kind = FORM_TEXT, .path = "names", .part = 1,
	  .send = FORM_SEND_LIST },
};

/* A list typed as text: filled joined with ", " (strings only), written
 * back split on commas and spaces, lower case when asked. */
static void test_list(void **state)
{
	(void)state;
	cJSON *j = cJSON_Parse("{\"tls\":{\"keys\":[\"ab\",7,\"cd\"]},\"names\":\"x\"}");
	form f;
	form_init(&f, "t");
	form_table_fill(&f, list_table, 2, 1, j, 0);
	assert_string_equal(form_find(&f, "keys")->text, "ab, cd");
	assert_string_equal(form_find(&f, "names")->text, "");   /* not an array */
	form_table_set_text(&f, "keys", " EF,Gh  ij ");
	form_table_set_text(&f, "names", "A, B");
	assert_true(form_table_write(&f, list_table, 2, 1, j, 0));
	char *t = print(j);
	assert_string_equal(t, "{\"tls\":{\"keys\":[\"ef\",\"gh\",\"ij\"]},\"names\":[\"A\",\"B\"]}");
	free(t);
	form_table_set_text(&f, "keys", "");
	assert_true(form_table_write(&f, list_table, 2, 1, j, 0));
	t = print(j);
	assert_string_equal(t, "{\"tls\":{\"keys\":[]},\"names\":[\"A\",\"B\"]}");
	free(t);
	cJSON_Delete(j);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fill),
		cmocka_unit_test(test_fill_flags),
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_write),
		cmocka_unit_test(test_key_of_path),
		cmocka_unit_test(test_required_if_and_checklist),
		cmocka_unit_test(test_validator_context),
		cmocka_unit_test(test_numbers_and_hidden),
		cmocka_unit_test(test_oneof_and_derive),
		cmocka_unit_test(test_hostport_validator),
		cmocka_unit_test(test_key_of_wildcard_path),
		cmocka_unit_test(test_other_item),
		cmocka_unit_test(test_list),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
