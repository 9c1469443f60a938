/* net/form_job.c: the fresh read and the conflict rule around an adapter's
 * form and delete hooks, driven with a fake provider (no HTTP): what reaches
 * form_save / delete, and what is refused before anything is sent. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/provider.h"
#include "net/forms.h"
#include "net/writes.h"

static og_group *server;          /* what the fake provider's get returns */
static int gets, saves, group_deletes, source_deletes;
static const og_group *saved_fresh;   /* the fresh group form_save was given */
static bool check_fails;          /* form_check marks "source" */
static int delete_status;         /* 0, or the HTTP status delete_group fails with */

static og_group *make(const char *name, bool use_next)
{
	og_group *g = calloc(1, sizeof *g);
	assert_non_null(g);
	g->id = strdup("42");
	g->name = strdup(name);
	g->use_next = use_next ? OG_YES : OG_NO;
	g->sources = calloc(2, sizeof *g->sources);
	const char *hosts[] = { "a.example.com", "b.example.com" };
	for (int i = 0; i < 2; i++) {
		og_source *s = &g->sources[g->n_sources++];
		s->key = strdup(hosts[i]);
		s->host = strdup(hosts[i]);
		s->enabled = OG_YES;
		s->backup = i ? OG_YES : OG_NO;
		s->primary = OG_ABSENT;
		s->order = -1;
		cJSON *raw = cJSON_CreateObject();
		cJSON_AddStringToObject(raw, "source", hosts[i]);
		og_source_set_raw(s, raw);
	}
	return g;
}

static int fake_get(net_call *c, const char *id, og_group **out, og_error *err)
{
	(void)c;
	gets++;
	if (!server || strcmp(id, server->id) != 0) {
		og_error_set(err, OG_ERR_NOTFOUND, "no group %s", id);
		return -1;
	}
	*out = og_group_clone(server);
	return *out ? 0 : -1;
}

static int fake_fill(form *f, form_target t, const og_group *g, const og_source *s, og_error *err)
{
	(void)t; (void)g; (void)s; (void)err;
	form_add_text(f, "source", "Source", s ? s->host : "", false);
	return 0;
}

static bool fake_check(form *f, form_target t, const og_group *g, const og_source *s)
{
	(void)t; (void)g; (void)s;
	if (check_fails)
		form_set_error(f, "source", "already in the group");
	return !check_fails;
}

static int fake_save(net_call *c, form *f, form_target t, const og_group *fresh,
                     const char *source_key, og_group **out, og_error *err)
{
	(void)c; (void)f; (void)t; (void)source_key; (void)err;
	saves++;
	saved_fresh = fresh;
	*out = make("after", false);
	return 0;
}

static int fake_delete_group(net_call *c, const og_group *fresh, og_error *err)
{
	(void)c; (void)fresh;
	group_deletes++;
	if (delete_status) {
		og_error_set(err, OG_ERR_API, "group \"web\" is in use; nothing was deleted");
		err->http_status = delete_status;
		return -1;
	}
	return 0;
}

static int fake_delete_source(net_call *c, const og_group *fresh, const char *key,
                              og_group **out, og_error *err)
{
	(void)c; (void)key; (void)err;
	source_deletes++;
	*out = og_group_clone(fresh);
	return 0;
}

static const og_caps fake_caps = { .provider_label = "Fake", .has_enabled = true };

static const net_provider fake = {
	.name = "fake", .caps = &fake_caps, .get = fake_get,
	.form_fill = fake_fill, .form_check = fake_check, .form_save = fake_save,
	.delete_group = fake_delete_group, .delete_source = fake_delete_source,
};

static const net_provider bare = { .name = "bare", .caps = &fake_caps, .get = fake_get };

static net_account acct = { .name = "t", .prov = &fake };
static net_call call = { .acct = &acct };

static int setup(void **state)
{
	(void)state;
	server = make("web", true);
	gets = saves = group_deletes = source_deletes = 0;
	saved_fresh = NULL;
	check_fails = false;
	delete_status = 0;
	acct.prov = &fake;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	og_group_free(server);
	server = NULL;
	return 0;
}

static void open_form(form *f, form_target t, const og_group *g, const og_source *s)
{
	og_error err;
	og_error_clear(&err);
	form_init(f, "t");
	assert_int_equal(net_form_fill(&acct, f, t, g, s, &err), 0);
}

static void test_group_edit_conflict_sends_nothing(void **state)
{
	(void)state;
	og_group *seen = og_group_clone(server);
	free(server->name);
	server->name = strdup("renamed-meanwhile");
	form f;
	open_form(&f, FORM_GROUP_EDIT, seen, NULL);
	og_group *out = NULL;
	og_error err;
	og_error_clear(&err);
	assert_int_equal(net_save_form(&call, &f, FORM_GROUP_EDIT, "42", NULL, seen, &out, &err), -1);
	assert_int_equal(err.kind, OG_ERR_CONFLICT);
	assert_int_equal(saves, 0);
	assert_non_null(strstr(f.error, "changed on the server"));
	assert_non_null(out);                       /* the server's state, to show */
	assert_string_equal(out->name, "renamed-meanwhile");
	og_group_free(out);
	og_group_free(seen);
}

static void test_group_edit_sends_on_fresh(void **state)
{
	(void)state;
	og_group *seen = og_group_clone(server);
	/* a source flag changed meanwhile is no conflict for the settings */
	server->sources[1].enabled = OG_NO;
	form f;
	open_form(&f, FORM_GROUP_EDIT, seen, NULL);
	og_group *out = NULL;
	og_error err;
	og_error_clear(&err);
	assert_int_equal(net_save_form(&call, &f, FORM_GROUP_EDIT, "42", NULL, seen, &out, &err), 0);
	assert_int_equal(gets, 1);
	assert_int_equal(saves, 1);
	assert_non_null(out);
	assert_string_equal(out->name, "after");
	og_group_free(out);
	og_group_free(seen);
}

static void test_source_edit_conflicts(void **state)
{
	(void)state;
	og_group *seen = og_group_clone(server);
	form f;
	open_form(&f, FORM_SOURCE_EDIT, seen, &seen->sources[1]);
	og_group *out = NULL;
	og_error err;
	og_error_clear(&err);
	/* the source's backup flag changed on the server */
	server->sources[1].backup = OG_NO;
	assert_int_equal(net_save_form(&call, &f, FORM_SOURCE_EDIT, "42", "b.example.com", seen,
	                               &out, &err), -1);
	assert_int_equal(err.kind, OG_ERR_CONFLICT);
	assert_non_null(strstr(err.msg, "b.example.com"));
	og_group_free(out);
	out = NULL;
	/* its provider object changed (a field origo does not show) */
	server->sources[1].backup = OG_YES;
	cJSON *raw = og_source_raw_dup(&server->sources[1]);
	cJSON_AddStringToObject(raw, "tag", "x");
	og_source_set_raw(&server->sources[1], raw);
	assert_int_equal(net_save_form(&call, &f, FORM_SOURCE_EDIT, "42", "b.example.com", seen,
	                               &out, &err), -1);
	assert_int_equal(err.kind, OG_ERR_CONFLICT);
	og_group_free(out);
	out = NULL;
	/* gone */
	assert_int_equal(net_save_form(&call, &f, FORM_SOURCE_EDIT, "42", "c.example.com", seen,
	                               &out, &err), -1);
	assert_int_equal(err.kind, OG_ERR_CONFLICT);
	assert_non_null(strstr(err.msg, "no longer"));
	og_group_free(out);
	out = NULL;
	assert_int_equal(saves, 0);
	/* the other source changing is no conflict: the write is built on fresh */
	raw = og_source_raw_dup(&server->sources[1]);
	cJSON_DeleteItemFromObject(raw, "tag");
	og_source_set_raw(&server->sources[1], raw);
	server->sources[0].enabled = OG_NO;
	assert_int_equal(net_save_form(&call, &f, FORM_SOURCE_EDIT, "42", "b.example.com", seen,
	                               &out, &err), 0);
	assert_int_equal(saves, 1);
	og_group_free(out);
	og_group_free(seen);
}

static void test_check_on_fresh_refuses(void **state)
{
	(void)state;
	og_group *seen = og_group_clone(server);
	form f;
	open_form(&f, FORM_SOURCE_NEW, seen, NULL);
	check_fails = true;
	og_group *out = NULL;
	og_error err;
	og_error_clear(&err);
	assert_int_equal(net_save_form(&call, &f, FORM_SOURCE_NEW, "42", NULL, seen, &out, &err), -1);
	assert_int_equal(err.kind, OG_ERR_REFUSED);
	assert_string_equal(form_find(&f, "source")->error, "already in the group");
	assert_int_equal(saves, 0);
	assert_null(out);
	og_group_free(seen);
}

static void test_new_group_reads_nothing(void **state)
{
	(void)state;
	form f;
	open_form(&f, FORM_GROUP_NEW, NULL, NULL);
	og_group *out = NULL;
	og_error err;
	og_error_clear(&err);
	assert_int_equal(net_save_form(&call, &f, FORM_GROUP_NEW, NULL, NULL, NULL, &out, &err), 0);
	assert_int_equal(gets, 0);
	assert_int_equal(saves, 1);
	assert_null(saved_fresh);
	og_group_free(out);
}

static void test_group_gone_is_conflict(void **state)
{
	(void)state;
	og_group *seen = og_group_clone(server);
	og_group_free(server);
	server = NULL;
	form f;
	open_form(&f, FORM_GROUP_EDIT, seen, NULL);
	og_group *out = NULL;
	og_error err;
	og_error_clear(&err);
	assert_int_equal(net_save_form(&call, &f, FORM_GROUP_EDIT, "42", NULL, seen, &out, &err), -1);
	assert_int_equal(err.kind, OG_ERR_CONFLICT);
	assert_non_null(strstr(f.error, "no longer on the server"));
	assert_int_equal(saves, 0);
	og_group_free(seen);
}

static void test_delete_group(void **state)
{
	(void)state;
	og_group *seen = og_group_clone(server);
	og_group *out = NULL;
	bool gone = false;
	og_error err;
	og_error_clear(&err);
	/* in use: refused by the provider, the group stays */
	delete_status = 400;
	assert_int_equal(net_delete(&call, "42", NULL, seen, &out, &gone, &err), -1);
	assert_false(gone);
	assert_non_null(strstr(err.msg, "in use"));
	assert_non_null(out);
	og_group_free(out);
	out = NULL;
	delete_status = 0;
	assert_int_equal(net_delete(&call, "42", NULL, seen, &out, &gone, &err), 0);
	assert_true(gone);
	assert_int_equal(group_deletes, 2);
	/* already gone: nothing sent, and the list must drop it */
	og_group_free(server);
	server = NULL;
	gone = false;
	assert_int_equal(net_delete(&call, "42", NULL, seen, &out, &gone, &err), 0);
	assert_true(gone);
	assert_int_equal(group_deletes, 2);
	og_group_free(seen);
}

static void test_delete_source(void **state)
{
	(void)state;
	og_group *seen = og_group_clone(server);
	og_group *out = NULL;
	bool gone = false;
	og_error err;
	og_error_clear(&err);
	server->sources[1].enabled = OG_NO;   /* changed since shown */
	assert_int_equal(net_delete(&call, "42", "b.example.com", seen, &out, &gone, &err), -1);
	assert_int_equal(err.kind, OG_ERR_CONFLICT);
	assert_int_equal(source_deletes, 0);
	og_group_free(out);
	out = NULL;
	server->sources[1].enabled = OG_YES;
	assert_int_equal(net_delete(&call, "42", "b.example.com", seen, &out, &gone, &err), 0);
	assert_false(gone);
	assert_int_equal(source_deletes, 1);
	assert_non_null(out);
	og_group_free(out);
	og_group_free(seen);
}

static void test_provider_without_forms(void **state)
{
	(void)state;
	acct.prov = &bare;
	form f;
	form_init(&f, "t");
	og_error err;
	og_error_clear(&err);
	assert_int_equal(net_form_fill(&acct, &f, FORM_GROUP_NEW, NULL, NULL, &err), -1);
	assert_int_equal(err.kind, OG_ERR_REFUSED);
	assert_non_null(strstr(err.msg, "Fake"));
	assert_false(net_can_delete(&acct, false));
	og_group *out = NULL;
	bool gone = false;
	assert_int_equal(net_delete(&call, "42", NULL, NULL, &out, &gone, &err), -1);
	assert_int_equal(err.kind, OG_ERR_REFUSED);
	assert_int_equal(gets, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_group_edit_conflict_sends_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_group_edit_sends_on_fresh, setup, teardown),
		cmocka_unit_test_setup_teardown(test_source_edit_conflicts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_check_on_fresh_refuses, setup, teardown),
		cmocka_unit_test_setup_teardown(test_new_group_reads_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_group_gone_is_conflict, setup, teardown),
		cmocka_unit_test_setup_teardown(test_delete_group, setup, teardown),
		cmocka_unit_test_setup_teardown(test_delete_source, setup, teardown),
		cmocka_unit_test_setup_teardown(test_provider_without_forms, setup, teardown),
	};
	return cmocka_run_group_tests_name("form_job", tests, NULL, NULL);
}
