/* The rules checked before sending: the provider must have the flag, and a
 * group must keep at least one enabled non-backup source. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "model/og.h"
#include "model/caps.h"
#include "model/rules.h"

static const og_caps gcore_caps = {
	.provider_label = "Gcore", .has_enabled = true, .has_backup = true,
	.has_host_header = true, .has_next_upstream = true,
	.why_no_primary = "Gcore has no primary source; use backup (b) instead",
	.why_no_order = "Gcore has no failover order",
};

/* A group "web" whose sources have the given enabled/backup flags. */
static og_group *make_group(size_t n, const og_tri *enabled, const og_tri *backup)
{
	og_group *g = calloc(1, sizeof *g);
	assert_non_null(g);
	g->id = strdup("12");
	g->name = strdup("web");
	g->use_next = g->in_use = OG_ABSENT;
	g->sources = calloc(n, sizeof *g->sources);
	g->n_sources = n;
	for (size_t i = 0; i < n; i++) {
		char key[16];
		key[0] = (char)('a' + i);
		strcpy(key + 1, ".com");
		g->sources[i].key = strdup(key);
		g->sources[i].host = strdup(key);
		g->sources[i].enabled = enabled[i];
		g->sources[i].backup = backup[i];
		g->sources[i].primary = OG_ABSENT;
		g->sources[i].order = -1;
	}
	return g;
}

static void test_disable_last_active_refused(void **state)
{
	(void)state;
	og_tri en[] = { OG_YES, OG_NO, OG_YES };
	og_tri bk[] = { OG_NO, OG_NO, OG_YES };
	og_group *g = make_group(3, en, bk);
	og_error e = { 0 };
	assert_int_equal(rules_check_flag_change(g, &gcore_caps, "a.com", OG_FIELD_ENABLED, OG_NO, &e), -1);
	assert_int_equal(e.kind, OG_ERR_REFUSED);
	assert_string_equal(e.msg, "refused: \"a.com\" is the last enabled non-backup source of "
	                    "group \"web\"; a group must keep one");
	/* making it a backup leaves none active either */
	og_error_clear(&e);
	assert_int_equal(rules_check_flag_change(g, &gcore_caps, "a.com", OG_FIELD_BACKUP, OG_YES, &e), -1);
	assert_int_equal(e.kind, OG_ERR_REFUSED);
	assert_non_null(strstr(e.msg, "last enabled non-backup source"));
	og_group_free(g);
}

static void test_allowed_when_another_remains(void **state)
{
	(void)state;
	og_tri en[] = { OG_YES, OG_YES, OG_YES };
	og_tri bk[] = { OG_NO, OG_NO, OG_YES };
	og_group *g = make_group(3, en, bk);
	og_error e = { 0 };
	assert_int_equal(rules_check_flag_change(g, &gcore_caps, "a.com", OG_FIELD_ENABLED, OG_NO, &e), 0);
	assert_int_equal(rules_check_flag_change(g, &gcore_caps, "b.com", OG_FIELD_BACKUP, OG_YES, &e), 0);
	/* changes that do not remove an active source are always fine */
	assert_int_equal(rules_check_flag_change(g, &gcore_caps, "c.com", OG_FIELD_ENABLED, OG_NO, &e), 0);
	assert_int_equal(rules_check_flag_change(g, &gcore_caps, "c.com", OG_FIELD_BACKUP, OG_NO, &e), 0);
	assert_int_equal(e.kind, OG_OK);
	og_group_free(g);
}

static void test_absent_flags(void **state)
{
	(void)state;
	/* b.com has no enabled flag (counts as enabled) and no backup flag
	 * (counts as not backup): it keeps the group serving. */
	og_tri en[] = { OG_YES, OG_ABSENT };
	og_tri bk[] = { OG_NO, OG_ABSENT };
	og_group *g = make_group(2, en, bk);
	og_error e = { 0 };
	assert_int_equal(rules_check_flag_change(g, &gcore_caps, "a.com", OG_FIELD_ENABLED, OG_NO, &e), 0);
	/* with a.com disabled, b.com (absent flags) is the last active one */
	g->sources[0].enabled = OG_NO;
	assert_int_equal(rules_check_flag_change(g, &gcore_caps, "b.com", OG_FIELD_BACKUP, OG_YES, &e), -1);
	assert_int_equal(e.kind, OG_ERR_REFUSED);
	assert_non_null(strstr(e.msg, "\"b.com\""));
	og_group_free(g);
}

static void test_repairing_a_dead_group_allowed(void **state)
{
	(void)state;
	/* No active source at all (as it came from the server): enabling one
	 * that is still a backup does not make it worse, so it is allowed. */
	og_tri en[] = { OG_NO };
	og_tri bk[] = { OG_YES };
	og_group *g = make_group(1, en, bk);
	og_error e = { 0 };
	assert_int_equal(rules_check_flag_change(g, &gcore_caps, "a.com", OG_FIELD_ENABLED, OG_YES, &e), 0);
	og_group_free(g);
}

static void test_missing_caps_flag(void **state)
{
	(void)state;
	og_tri en[] = { OG_YES, OG_YES };
	og_tri bk[] = { OG_NO, OG_NO };
	og_group *g = make_group(2, en, bk);
	og_error e = { 0 };
	assert_int_equal(rules_check_flag_change(g, &gcore_caps, "a.com", OG_FIELD_PRIMARY, OG_YES, &e), -1);
	assert_int_equal(e.kind, OG_ERR_REFUSED);
	assert_string_equal(e.msg, "Gcore has no primary source; use backup (b) instead");

	og_caps bare = { .provider_label = "X" };  /* no flags, no reasons */
	assert_int_equal(rules_check_flag_change(g, &bare, "a.com", OG_FIELD_ENABLED, OG_NO, &e), -1);
	assert_int_equal(e.kind, OG_ERR_REFUSED);
	assert_string_equal(e.msg, "this provider has no enabled flag");
	og_group_free(g);
}

static void test_unknown_source(void **state)
{
	(void)state;
	og_tri en[] = { OG_YES, OG_YES };
	og_tri bk[] = { OG_NO, OG_NO };
	og_group *g = make_group(2, en, bk);
	og_error e = { 0 };
	assert_int_equal(rules_check_flag_change(g, &gcore_caps, "gone.com", OG_FIELD_ENABLED, OG_NO, &e), -1);
	assert_int_equal(e.kind, OG_ERR_CONFLICT);
	assert_string_equal(e.msg, "source \"gone.com\" is no longer in group \"web\"");
	og_group_free(g);
}

/* The one capability lookup: NULL for a flag the provider has, its own
 * reason for one it lacks, a generic sentence when it gives none, and
 * everything allowed before the caps are known. */
static void test_caps_why_not(void **state)
{
	(void)state;
	assert_null(og_caps_why_not(&gcore_caps, OG_FIELD_ENABLED));
	assert_null(og_caps_why_not(&gcore_caps, OG_FIELD_BACKUP));
	assert_string_equal(og_caps_why_not(&gcore_caps, OG_FIELD_PRIMARY),
	                    "Gcore has no primary source; use backup (b) instead");
	assert_string_equal(og_caps_why_not(&gcore_caps, OG_FIELD_ORDER), "Gcore has no failover order");
	og_caps bare = { .provider_label = "X", .why_no_backup = "" };
	assert_string_equal(og_caps_why_not(&bare, OG_FIELD_ENABLED), "this provider has no enabled flag");
	assert_string_equal(og_caps_why_not(&bare, OG_FIELD_BACKUP), "this provider has no backup flag");
	assert_string_equal(og_caps_why_not(&bare, OG_FIELD_PRIMARY), "this provider has no primary flag");
	assert_string_equal(og_caps_why_not(&bare, OG_FIELD_ORDER), "this provider has no failover order");
	og_caps all = { .has_enabled = true, .has_backup = true, .has_primary = true, .has_order = true };
	assert_null(og_caps_why_not(&all, OG_FIELD_PRIMARY));
	assert_null(og_caps_why_not(&all, OG_FIELD_ORDER));
	assert_null(og_caps_why_not(NULL, OG_FIELD_ORDER));
}

/* The one failover-list choice: a Match Client source's row is the one
 * asked for (HTTP unless "https"), any other source's is its own. */
static void test_move_list(void **state)
{
	(void)state;
	og_source match = { .key = "m", .protocol = "match", .order = 1, .order_alt = 2 };
	assert_string_equal(rules_move_list(&match, "https"), "https");
	assert_string_equal(rules_move_list(&match, "http"), "http");
	assert_string_equal(rules_move_list(&match, NULL), "http");
	assert_string_equal(rules_move_list(&match, "ftp"), "http");
	og_source https = { .key = "s", .protocol = "https", .order = 0 };
	assert_string_equal(rules_move_list(&https, "http"), "https");
	assert_string_equal(rules_move_list(&https, NULL), "https");
	og_source none = { .key = "n", .order = 0 };
	assert_null(rules_move_list(&none, "https"));
	/* the list chosen is the one whose order rules_order_in reads */
	assert_int_equal(rules_order_in(&match, rules_move_list(&match, "https")), 2);
	assert_int_equal(rules_order_in(&match, rules_move_list(&match, NULL)), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_disable_last_active_refused),
		cmocka_unit_test(test_allowed_when_another_remains),
		cmocka_unit_test(test_absent_flags),
		cmocka_unit_test(test_repairing_a_dead_group_allowed),
		cmocka_unit_test(test_missing_caps_flag),
		cmocka_unit_test(test_unknown_source),
		cmocka_unit_test(test_caps_why_not),
		cmocka_unit_test(test_move_list),
	};
	return cmocka_run_group_tests_name("rules", tests, NULL, NULL);
}
