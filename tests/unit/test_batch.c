/* model/batch.c: the plan of a bulk action (already, skipped, refused by the
 * guard, waiting), the mapping of a job's result onto an outcome, the
 * counts, the question and progress texts, the undo of only what was
 * applied, and the command line's exit status. The origins are built by
 * hand here, as origins_build would (uses by account, group name, source). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "model/batch.h"

static const og_caps gcore_caps = {
	.provider_label = "Gcore", .has_enabled = true, .has_backup = true,
	.has_host_header = true, .has_next_upstream = true,
};
static const og_caps edgio_caps = {
	.provider_label = "Edgio", .has_primary = true, .has_order = true,
	.why_no_enabled = "Edgio has no enabled flag: remove the origin from the group instead",
	.why_no_backup = "Edgio has no backup flag; use the failover order",
};

/* A source "host:443" with the given flags. */
static void set_source(og_source *s, const char *host, og_tri enabled, og_tri backup)
{
	s->key = strdup(host);
	s->host = strdup(host);
	s->port = 443;
	s->enabled = enabled;
	s->backup = backup;
	s->primary = OG_ABSENT;
	s->order = -1;
	s->order_alt = -1;
}

static og_group *new_group(const char *id, const char *name, size_t n)
{
	og_group *g = calloc(1, sizeof *g);
	assert_non_null(g);
	g->id = strdup(id);
	g->name = strdup(name);
	g->use_next = g->in_use = OG_ABSENT;
	g->sources = calloc(n, sizeof *g->sources);
	assert_non_null(g->sources);
	g->n_sources = n;
	return g;
}

/* The fixture: origin "o.example:443" used by
 *   account 0 (Gcore): "api" (o active + other active), "static" (o is its
 *     only active source: the guard protects it), "web" (o already
 *     disabled, other active), "www" (o twice, two sources both active and
 *     nothing else: the second disable is refused by the guard);
 *   account 1 (Gcore): "shop" (o active + other active);
 *   account 2 (Edgio): "edge" (no enabled flag). */
typedef struct fixture {
	og_group *g[6];
	og_origin_use uses[7];
	og_origin origin;
	const og_caps *caps[3];
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	assert_non_null(f);
	f->g[0] = new_group("1", "api", 2);
	set_source(&f->g[0]->sources[0], "o.example", OG_YES, OG_NO);
	set_source(&f->g[0]->sources[1], "other.example", OG_YES, OG_NO);
	f->g[1] = new_group("2", "static", 2);
	set_source(&f->g[1]->sources[0], "o.example", OG_YES, OG_NO);
	set_source(&f->g[1]->sources[1], "spare.example", OG_YES, OG_YES);
	f->g[2] = new_group("3", "web", 2);
	set_source(&f->g[2]->sources[0], "o.example", OG_NO, OG_NO);
	set_source(&f->g[2]->sources[1], "other.example", OG_YES, OG_NO);
	f->g[3] = new_group("4", "www", 2);
	set_source(&f->g[3]->sources[0], "o.example", OG_YES, OG_NO);
	/* the same origin again under another key (e.g. another path) */
	set_source(&f->g[3]->sources[1], "o.example", OG_YES, OG_NO);
	free(f->g[3]->sources[1].key);
	f->g[3]->sources[1].key = strdup("o.example#2");
	f->g[4] = new_group("5", "shop", 2);
	set_source(&f->g[4]->sources[0], "o.example", OG_YES, OG_NO);
	set_source(&f->g[4]->sources[1], "other.example", OG_YES, OG_NO);
	f->g[5] = new_group("6", "edge", 1);
	set_source(&f->g[5]->sources[0], "o.example", OG_ABSENT, OG_ABSENT);

	const struct { size_t account, group, source; } u[] = {
		{ 0, 0, 0 }, { 0, 1, 0 }, { 0, 2, 0 }, { 0, 3, 0 }, { 0, 3, 1 },
		{ 1, 4, 0 }, { 2, 5, 0 },
	};
	for (size_t i = 0; i < 7; i++)
		f->uses[i] = (og_origin_use){ u[i].account, f->g[u[i].group], u[i].source };
	f->origin = (og_origin){ .name = (char *)"o.example:443", .uses = f->uses, .n_uses = 7,
	                         .n_groups = 6, .n_accounts = 3, .n_enabled = 6 };
	f->caps[0] = &gcore_caps;
	f->caps[1] = &gcore_caps;
	f->caps[2] = &edgio_caps;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	for (size_t i = 0; i < 6; i++)
		og_group_free(f->g[i]);
	free(f);
	return 0;
}

static void test_plan_disable(void **state)
{
	fixture *f = *state;
	og_batch b;
	assert_int_equal(batch_plan(&b, &f->origin, f->caps, OG_FIELD_ENABLED, OG_NO), 0);
	assert_string_equal(b.origin, "o.example:443");
	assert_int_equal(b.field, OG_FIELD_ENABLED);
	assert_int_equal(b.to, OG_NO);
	assert_false(b.is_undo);
	assert_int_equal(b.n, 7);

	/* api: waiting, with the change a single toggle would carry */
	assert_int_equal(b.items[0].outcome, BATCH_WAITING);
	assert_int_equal(b.items[0].account, 0);
	assert_string_equal(b.items[0].group_name, "api");
	assert_string_equal(b.items[0].change.group_id, "1");
	assert_string_equal(b.items[0].change.source_key, "o.example");
	assert_int_equal(b.items[0].change.field, OG_FIELD_ENABLED);
	assert_int_equal(b.items[0].change.from, OG_YES);
	assert_int_equal(b.items[0].change.to, OG_NO);
	assert_null(b.items[0].reason);
	assert_int_equal(b.items[0].tag, 0);

	/* static: its last active source: the guard's own words */
	assert_int_equal(b.items[1].outcome, BATCH_REFUSED);
	assert_string_equal(b.items[1].reason,
	                    "refused: \"o.example\" is the last enabled non-backup source of "
	                    "group \"static\"; a group must keep one");
	/* web: already disabled, nothing to send */
	assert_int_equal(b.items[2].outcome, BATCH_ALREADY);
	assert_null(b.items[2].reason);
	/* www: the first of its two uses may go, the second would leave none */
	assert_int_equal(b.items[3].outcome, BATCH_WAITING);
	assert_int_equal(b.items[4].outcome, BATCH_REFUSED);
	assert_string_equal(b.items[4].change.source_key, "o.example#2");
	assert_non_null(strstr(b.items[4].reason, "last enabled non-backup source of group \"www\""));
	/* shop on the second account */
	assert_int_equal(b.items[5].outcome, BATCH_WAITING);
	assert_int_equal(b.items[5].account, 1);
	/* edge: Edgio has no enabled flag: skipped with the caps' reason */
	assert_int_equal(b.items[6].outcome, BATCH_SKIPPED);
	assert_string_equal(b.items[6].reason,
	                    "Edgio has no enabled flag: remove the origin from the group instead");

	/* the plan did not touch the groups */
	assert_int_equal(f->g[3]->sources[0].enabled, OG_YES);
	assert_int_equal(f->g[3]->sources[1].enabled, OG_YES);
	batch_free(&b);
	assert_null(b.items);
	assert_null(b.origin);
	assert_int_equal(b.n, 0);
}

static void test_plan_enable_and_backup(void **state)
{
	fixture *f = *state;
	og_batch b;
	/* enabling: only web's disabled use is to be written */
	assert_int_equal(batch_plan(&b, &f->origin, f->caps, OG_FIELD_ENABLED, OG_YES), 0);
	size_t waiting = 0;
	for (size_t i = 0; i < b.n; i++)
		if (b.items[i].outcome == BATCH_WAITING)
			waiting++;
	assert_int_equal(waiting, 1);
	assert_int_equal(b.items[2].outcome, BATCH_WAITING);
	assert_int_equal(b.items[2].change.from, OG_NO);
	assert_int_equal(b.items[0].outcome, BATCH_ALREADY);
	assert_int_equal(b.items[6].outcome, BATCH_SKIPPED);
	batch_free(&b);

	/* clearing backup: an absent backup flag reads as not backup, but Edgio
	 * has no such flag at all: skipped before "already" */
	assert_int_equal(batch_plan(&b, &f->origin, f->caps, OG_FIELD_BACKUP, OG_NO), 0);
	assert_int_equal(b.items[0].outcome, BATCH_ALREADY);
	assert_int_equal(b.items[6].outcome, BATCH_SKIPPED);
	assert_string_equal(b.items[6].reason, "Edgio has no backup flag; use the failover order");
	batch_free(&b);

	/* making it a backup takes the active source out: static is protected */
	assert_int_equal(batch_plan(&b, &f->origin, f->caps, OG_FIELD_BACKUP, OG_YES), 0);
	assert_int_equal(b.items[0].outcome, BATCH_WAITING);
	assert_int_equal(b.items[0].change.field, OG_FIELD_BACKUP);
	assert_int_equal(b.items[0].change.from, OG_NO);
	assert_int_equal(b.items[1].outcome, BATCH_REFUSED);
	/* web's use is disabled already: backup or not, nothing active changes */
	assert_int_equal(b.items[2].outcome, BATCH_WAITING);
	batch_free(&b);

	/* no caps known (NULL): everything allowed by the caps */
	assert_int_equal(batch_plan(&b, &f->origin, NULL, OG_FIELD_ENABLED, OG_YES), 0);
	assert_int_equal(b.items[6].outcome, BATCH_ALREADY); /* absent enabled counts as enabled */
	batch_free(&b);
}

static void test_record_maps_results(void **state)
{
	fixture *f = *state;
	og_batch b;
	assert_int_equal(batch_plan(&b, &f->origin, f->caps, OG_FIELD_ENABLED, OG_NO), 0);
	b.items[0].tag = 11;
	b.items[0].outcome = BATCH_RUNNING;
	b.items[3].tag = 12;
	b.items[3].outcome = BATCH_RUNNING;
	b.items[5].tag = 13;
	b.items[5].outcome = BATCH_RUNNING;
	assert_ptr_equal(batch_find_tag(&b, 12), &b.items[3]);
	assert_null(batch_find_tag(&b, 99));
	assert_null(batch_find_tag(&b, 0)); /* 0: not submitted, never a match */
	assert_false(batch_done(&b));

	batch_record(batch_find_tag(&b, 11), 0, NULL);
	assert_int_equal(b.items[0].outcome, BATCH_APPLIED);
	assert_null(b.items[0].reason);

	og_error e = { 0 };
	og_error_set(&e, OG_ERR_CONFLICT, "changed on the server since origo read it");
	batch_record(&b.items[3], -1, &e);
	assert_int_equal(b.items[3].outcome, BATCH_CONFLICT);
	assert_string_equal(b.items[3].reason, "changed on the server since origo read it");
	assert_false(batch_done(&b));

	og_error_set(&e, OG_ERR_REFUSED, "read-only: writes are off");
	batch_record(&b.items[3], -1, &e);
	assert_int_equal(b.items[3].outcome, BATCH_REFUSED);
	assert_string_equal(b.items[3].reason, "read-only: writes are off");

	og_error_set(&e, OG_ERR_NET, "timeout");
	e.maybe_applied = true;
	batch_record(&b.items[5], -1, &e);
	assert_int_equal(b.items[5].outcome, BATCH_UNKNOWN);
	assert_string_equal(batch_outcome_word(b.items[5].outcome), "may have been applied");

	og_error_clear(&e);
	og_error_set(&e, OG_ERR_API, "HTTP 500 from the API");
	batch_record(&b.items[5], -1, &e);
	assert_int_equal(b.items[5].outcome, BATCH_FAILED);
	assert_string_equal(b.items[5].reason, "HTTP 500 from the API");
	/* no error at all still fails, with a word as its reason */
	batch_record(&b.items[5], -1, NULL);
	assert_int_equal(b.items[5].outcome, BATCH_FAILED);
	assert_string_equal(b.items[5].reason, "failed");
	assert_true(batch_done(&b));
	batch_free(&b);
}

/* A write whose answer was lost: the group as read again decides. Not
 * showing the change, it was not applied (the cause kept, the worker's
 * advice replaced by what the read showed); not read again, the outcome
 * stays unknown; a success keeps the note of how it was settled. */
static void test_record_after_lost_answer(void **state)
{
	fixture *f = *state;
	og_batch b;
	assert_int_equal(batch_plan(&b, &f->origin, f->caps, OG_FIELD_ENABLED, OG_NO), 0);
	og_error e = { 0 };
	og_error_set(&e, OG_ERR_NET, "127.0.0.1 closed the connection without answering; the change "
	             "may or may not have been applied; press r to refresh");
	e.maybe_applied = true;
	batch_record_after(&b.items[0], -1, &e, NULL);
	assert_int_equal(b.items[0].outcome, BATCH_UNKNOWN);
	assert_non_null(strstr(b.items[0].reason, "may or may not have been applied"));
	/* g[0], api, still has o.example enabled on the server */
	batch_record_after(&b.items[0], -1, &e, f->g[0]);
	assert_int_equal(b.items[0].outcome, BATCH_FAILED);
	assert_string_equal(b.items[0].reason, "127.0.0.1 closed the connection without answering; "
	                    "read again, the server does not show the change: not applied");
	/* a group that shows it disabled proves nothing against the answer */
	batch_record_after(&b.items[2], -1, &e, f->g[2]);
	assert_int_equal(b.items[2].outcome, BATCH_UNKNOWN);
	/* an error that is no lost answer is not reread into anything else */
	og_error_clear(&e);
	og_error_set(&e, OG_ERR_API, "HTTP 500 from the API");
	batch_record_after(&b.items[0], -1, &e, f->g[0]);
	assert_int_equal(b.items[0].outcome, BATCH_FAILED);
	assert_string_equal(b.items[0].reason, "HTTP 500 from the API");
	/* a success settled by a read: applied, with the note */
	og_error_clear(&e);
	snprintf(e.msg, sizeof e.msg, "HTTP 502 from 127.0.0.1, but the server shows the change");
	batch_record_after(&b.items[0], 0, &e, NULL);
	assert_int_equal(b.items[0].outcome, BATCH_APPLIED);
	assert_string_equal(b.items[0].reason, "HTTP 502 from 127.0.0.1, but the server shows the change");
	batch_free(&b);
}

static void test_counts_question_progress(void **state)
{
	fixture *f = *state;
	og_batch b;
	assert_int_equal(batch_plan(&b, &f->origin, f->caps, OG_FIELD_ENABLED, OG_NO), 0);
	batch_counts c;
	batch_count(&b, &c);
	assert_int_equal(c.by[BATCH_WAITING], 3);
	assert_int_equal(c.by[BATCH_REFUSED], 2);
	assert_int_equal(c.by[BATCH_ALREADY], 1);
	assert_int_equal(c.by[BATCH_SKIPPED], 1);
	assert_int_equal(c.groups, 6);
	assert_int_equal(c.accounts, 3);
	/* api, www (one of its two uses) and shop, on two accounts */
	assert_int_equal(c.groups_to_write, 3);
	assert_int_equal(c.accounts_to_write, 2);

	char text[256];
	batch_question(&b, text, sizeof text);
	assert_string_equal(text, "Disable o.example:443 in 3 groups on 2 accounts "
	                          "(1 already, 1 skipped, 2 refused)? (y/n)");
	batch_progress(&b, text, sizeof text);
	assert_string_equal(text, "disabled in 0/3 groups");

	b.items[0].tag = 1;
	b.items[0].outcome = BATCH_RUNNING;
	b.items[3].tag = 2;
	b.items[3].outcome = BATCH_RUNNING;
	b.items[5].tag = 3;
	b.items[5].outcome = BATCH_RUNNING;
	batch_record(&b.items[0], 0, NULL);
	batch_progress(&b, text, sizeof text);
	assert_string_equal(text, "disabled in 1/3 groups");
	og_error e = { 0 };
	og_error_set(&e, OG_ERR_REFUSED, "refused on the fresh copy");
	batch_record(&b.items[3], -1, &e);
	og_error_set(&e, OG_ERR_API, "HTTP 500");
	batch_record(&b.items[5], -1, &e);
	batch_count(&b, &c);
	/* a refusal of a submitted item keeps its group in the total */
	assert_int_equal(c.groups_to_write, 3);
	batch_progress(&b, text, sizeof text);
	assert_string_equal(text, "disabled in 1/3 groups; 1 failed, 1 refused");

	/* a short buffer is cut, never overrun */
	char small[10];
	batch_question(&b, small, sizeof small);
	assert_int_equal(strlen(small), sizeof small - 1);
	batch_free(&b);

	/* one group on one account, and the other verbs */
	og_origin one = f->origin;
	one.uses = &f->uses[5];
	one.n_uses = 1;
	assert_int_equal(batch_plan(&b, &one, f->caps, OG_FIELD_BACKUP, OG_YES), 0);
	batch_question(&b, text, sizeof text);
	assert_string_equal(text, "Make backup o.example:443 in 1 group on 1 account? (y/n)");
	batch_progress(&b, text, sizeof text);
	assert_string_equal(text, "made backup in 0/1 group");
	batch_free(&b);
	assert_int_equal(batch_plan(&b, &one, f->caps, OG_FIELD_ENABLED, OG_YES), 0);
	batch_question(&b, text, sizeof text);
	assert_string_equal(text, "Nothing to change for o.example:443 (1 already)");
	batch_free(&b);
}

static void test_undo_only_applied(void **state)
{
	fixture *f = *state;
	og_batch b, u;
	assert_int_equal(batch_plan(&b, &f->origin, f->caps, OG_FIELD_ENABLED, OG_NO), 0);
	/* nothing applied yet: an empty undo */
	assert_int_equal(batch_undo(&u, &b), 0);
	assert_int_equal(u.n, 0);
	assert_true(u.is_undo);
	batch_free(&u);

	b.items[0].tag = 1;
	batch_record(&b.items[0], 0, NULL);
	b.items[3].tag = 2;
	og_error e = { 0 };
	og_error_set(&e, OG_ERR_CONFLICT, "changed");
	batch_record(&b.items[3], -1, &e);
	b.items[5].tag = 3;
	batch_record(&b.items[5], 0, NULL);

	assert_int_equal(batch_undo(&u, &b), 0);
	assert_true(u.is_undo);
	assert_int_equal(u.field, OG_FIELD_ENABLED);
	assert_int_equal(u.to, OG_YES);
	assert_string_equal(u.origin, "o.example:443");
	assert_int_equal(u.n, 2);
	assert_string_equal(u.items[0].group_name, "api");
	assert_string_equal(u.items[0].change.group_id, "1");
	assert_int_equal(u.items[0].change.from, OG_NO);
	assert_int_equal(u.items[0].change.to, OG_YES);
	assert_int_equal(u.items[0].outcome, BATCH_WAITING);
	assert_int_equal(u.items[0].tag, 0);
	assert_null(u.items[0].reason);
	assert_string_equal(u.items[1].group_name, "shop");
	assert_int_equal(u.items[1].account, 1);
	char text[128];
	batch_question(&u, text, sizeof text);
	assert_string_equal(text, "Enable o.example:443 in 2 groups on 2 accounts? (y/n)");
	batch_free(&u);
	batch_free(&b);
}

static void test_undo_of_absent_flag(void **state)
{
	(void)state;
	/* a provider with the flag that left it out: absent read as enabled, the
	 * undo sets it back to enabled, never to "absent" */
	og_group *g = new_group("9", "lone", 2);
	set_source(&g->sources[0], "a.example", OG_ABSENT, OG_ABSENT);
	set_source(&g->sources[1], "b.example", OG_YES, OG_NO);
	og_origin_use use = { 0, g, 0 };
	og_origin o = { .name = (char *)"a.example:443", .uses = &use, .n_uses = 1,
	                .n_groups = 1, .n_accounts = 1 };
	const og_caps *caps[] = { &gcore_caps };
	og_batch b, u;
	assert_int_equal(batch_plan(&b, &o, caps, OG_FIELD_ENABLED, OG_NO), 0);
	assert_int_equal(b.items[0].outcome, BATCH_WAITING);
	assert_int_equal(b.items[0].change.from, OG_ABSENT);
	b.items[0].tag = 5;
	batch_record(&b.items[0], 0, NULL);
	assert_int_equal(batch_undo(&u, &b), 0);
	assert_int_equal(u.n, 1);
	assert_int_equal(u.items[0].change.to, OG_YES);
	assert_int_equal(u.items[0].change.from, OG_NO);
	batch_free(&u);
	batch_free(&b);
	og_group_free(g);
}

static void test_exit_status(void **state)
{
	fixture *f = *state;
	og_batch b;
	/* a batch with a skipped and refused use: not everything as asked */
	assert_int_equal(batch_plan(&b, &f->origin, f->caps, OG_FIELD_ENABLED, OG_NO), 0);
	for (size_t i = 0; i < b.n; i++)
		if (b.items[i].outcome == BATCH_WAITING)
			batch_record(&b.items[i], 0, NULL);
	assert_int_equal(batch_exit_status(&b), 1);
	batch_free(&b);

	/* only the Gcore groups that can be disabled: applied and already: 0 */
	og_origin part = f->origin;
	og_origin_use uses[] = { f->uses[0], f->uses[2], f->uses[5] };
	part.uses = uses;
	part.n_uses = 3;
	assert_int_equal(batch_plan(&b, &part, f->caps, OG_FIELD_ENABLED, OG_NO), 0);
	assert_int_equal(b.items[1].outcome, BATCH_ALREADY);
	batch_record(&b.items[0], 0, NULL);
	batch_record(&b.items[2], 0, NULL);
	assert_int_equal(batch_exit_status(&b), 0);
	/* one lost answer makes it 1 */
	og_error e = { 0 };
	og_error_set(&e, OG_ERR_NET, "connection reset");
	e.maybe_applied = true;
	batch_record(&b.items[2], -1, &e);
	assert_int_equal(batch_exit_status(&b), 1);
	batch_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_plan_disable, setup, teardown),
		cmocka_unit_test_setup_teardown(test_plan_enable_and_backup, setup, teardown),
		cmocka_unit_test_setup_teardown(test_record_maps_results, setup, teardown),
		cmocka_unit_test_setup_teardown(test_record_after_lost_answer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_counts_question_progress, setup, teardown),
		cmocka_unit_test_setup_teardown(test_undo_only_applied, setup, teardown),
		cmocka_unit_test(test_undo_of_absent_flag),
		cmocka_unit_test_setup_teardown(test_exit_status, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
