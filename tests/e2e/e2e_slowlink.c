/* End to end: what origo costs over a slow link. The harness counts every
 * byte origo writes to the terminal; these budgets fail on a full-screen
 * repaint (an 80x24 screen costs well over 1000 bytes) where only a few
 * cells changed:
 *   cursor step           <= 2 x 80 + 40 B (the two rows involved: the
 *                                   cursor bar leaves one and covers the
 *                                   other; on the group screen + 48 B for
 *                                   the flag colours; < 64 B with a theme's
 *                                   cursor = "mark")
 *   toggle                < 400 B  (the flag cell, the pending mark, the
 *                                   status line)
 *   refresh, no change    0 B      (nothing on screen changed, so nothing is
 *                                   sent: no timestamp, no spinner residue)
 *   filter keystroke      < 300 B  (the prompt and the rows that changed,
 *                                   the cursor bar's among them)
 * Each figure is printed, so a regression shows by how much. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cjson/cJSON.h>

#include "tests/e2e/fixture.h"
#include "tests/e2e/seed.h"

#define BUDGET_STEP (2 * 80 + 40 + 1)   /* budgets are "less than" */
/* On the group screen the row the bar leaves also gets the colours of its
 * flag cells back (green yes, magenta backup, dim -): about 12 B a cell. */
#define BUDGET_STEP_GROUP (BUDGET_STEP + 4 * 12)
#define BUDGET_STEP_MARK 64
#define BUDGET_TOGGLE 400
#define BUDGET_REFRESH_SAME 0
#define BUDGET_FILTER_KEY 300

/* The bytes from sending `key` to the idle report that covers it (and the
 * drain after it). */
static size_t cost_of(term *t, const char *key)
{
	TERM_IDLE(t);
	term_reset_bytes(t);
	term_key(t, key);
	TERM_IDLE(t);
	return term_bytes(t);
}

static void within(term *t, const char *what, size_t got, size_t budget)
{
	fprintf(stderr, "slowlink: %-22s %5zu B (budget %s%zu B)\n", what, got,
	        budget ? "< " : "", budget);
	bool ok = budget ? got < budget : got == 0;
	if (!ok) {
		term_dump_raw(t, stderr);
		term_dump(t, stderr);
		fail_msg("%s cost %zu bytes, over the budget of %zu", what, got, budget);
	}
}

static void test_cursor_step(void **state)
{
	fx *f = *state;
	term *t = fx_open(f, NULL, NULL);
	/* The first key also lets the load's message ("5 groups") give way to
	 * the screen's keys: a one-off, not part of a step. */
	cost_of(t, "j");
	within(t, "cursor step (groups)", cost_of(t, "j"), BUDGET_STEP);
	within(t, "cursor step back", cost_of(t, "k"), BUDGET_STEP);
	fx_open_group(t, "web-main", "origin1.example.com");
	cost_of(t, "j");
	within(t, "cursor step (group)", cost_of(t, "j"), BUDGET_STEP_GROUP);
	within(t, "cursor step back (group)", cost_of(t, "k"), BUDGET_STEP_GROUP);
}

/* A theme's cursor = "mark" keeps a step to the gutters of the two rows. */
static void test_cursor_step_mark(void **state)
{
	fx *f = *state;
	char path[600];
	snprintf(path, sizeof path, "mkdir -p '%s/origo/themes'", f->dir);
	assert_int_equal(system(path), 0);
	snprintf(path, sizeof path, "%s/origo/themes/marked.theme", f->dir);
	FILE *tf = fopen(path, "w");
	assert_non_null(tf);
	fputs("cursor = \"mark\";\n", tf);
	fclose(tf);
	char *args[] = { "-t", "marked", NULL };
	term *t = fx_open(f, args, NULL);
	cost_of(t, "j");
	within(t, "mark step (groups)", cost_of(t, "j"), BUDGET_STEP_MARK);
	fx_open_group(t, "web-main", "origin1.example.com");
	cost_of(t, "j");
	within(t, "mark step (group)", cost_of(t, "k"), BUDGET_STEP_MARK);
}

static void test_toggle(void **state)
{
	fx *f = *state;
	term *t = fx_open(f, NULL, NULL);
	fx_open_group(t, "web-main", "origin2.example.com");
	fx_select(t, "origin2.example.com");
	size_t n = cost_of(t, TK_SPACE);
	assert_int_equal(emu_log_count_writes(f->emu), 1);
	char cell[32];
	fx_cell_under(t, "origin2.example.com", "ENABLED", cell, sizeof cell);
	assert_string_equal(cell, "yes");
	within(t, "toggle", n, BUDGET_TOGGLE);
}

/* origo shows its spinner only after a job has been in flight this long
 * (BUSY_DELAY_MS in tui/loop.c). */
#define BUSY_DELAY_MS 400

static double ms_between(struct timespec a, struct timespec b)
{
	return (double)(b.tv_sec - a.tv_sec) * 1e3 + (double)(b.tv_nsec - a.tv_nsec) / 1e6;
}

/* `r` where nothing changed: zero bytes, unless the machine was so slow that
 * the refresh outlived the spinner's delay; then the spinner must have been
 * wiped to exactly the status line there was before. */
static void refresh_costs_nothing(term *t, const char *what)
{
	TERM_IDLE(t);
	char before[256];
	snprintf(before, sizeof before, "%s", term_row(t, term_rows(t) - 1));
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	term_reset_bytes(t);
	term_key(t, "r");
	TERM_IDLE(t);
	size_t n = term_bytes(t);
	double took = ms_between(t0, term_idle_time(t));
	assert_string_equal(term_row(t, term_rows(t) - 1), before);
	if (took >= BUSY_DELAY_MS) {
		fprintf(stderr, "slowlink: %s took %.0f ms (>= %d): spinner allowed, %zu B\n",
		        what, took, BUSY_DELAY_MS, n);
		return;
	}
	within(t, what, n, BUDGET_REFRESH_SAME);
}

static void test_refresh_that_changed_nothing(void **state)
{
	fx *f = *state;
	term *t = fx_open(f, NULL, NULL);
	int before = fx_log_count_prefix(f, "GET", "/cdn/origin_groups");
	refresh_costs_nothing(t, "refresh, no change");
	refresh_costs_nothing(t, "refresh again");
	/* it did refresh: two more list requests reached the API */
	assert_int_equal(fx_log_count_prefix(f, "GET", "/cdn/origin_groups"), before + 2);
	/* the same on the group screen */
	fx_open_group(t, "web-main", "origin1.example.com");
	/* the first `r` here says "group 101 refreshed" (a real change of the
	 * status line); the next one must cost nothing */
	cost_of(t, "r");
	refresh_costs_nothing(t, "refresh group, same");
}

/* A refresh that did change something (a group renamed behind origo's
 * back) repaints that row, not the screen. */
static void test_refresh_that_changed_one_row(void **state)
{
	fx *f = *state;
	term *t = fx_open(f, NULL, NULL);
	cJSON *g = emu_get_group(f->emu, "103");
	assert_non_null(g);
	cJSON_ReplaceItemInObject(g, "name", cJSON_CreateString("api-renamed"));
	char *json = cJSON_PrintUnformatted(g);
	assert_int_equal(emu_put_group(f->emu, "103", json), 0);
	free(json);
	cJSON_Delete(g);
	size_t n = cost_of(t, "r");
	TERM_ASSERT_CONTAINS(t, "api-renamed");
	within(t, "refresh, one row", n, BUDGET_TOGGLE);
}

static void test_filter_keystroke(void **state)
{
	fx *f = *state;
	term *t = fx_open(f, NULL, NULL);
	cost_of(t, "/");
	size_t n = cost_of(t, "m");
	/* "m" keeps web-main, media-s3, images-cdn */
	TERM_ASSERT_CONTAINS(t, "media-s3");
	within(t, "filter keystroke", n, BUDGET_FILTER_KEY);
	n = cost_of(t, "e");
	within(t, "filter keystroke 2", n, BUDGET_FILTER_KEY);
	term_key(t, TK_ESC);
	TERM_IDLE(t);
}

static int setup_slowlink(void **state)
{
	return fx_group_setup_state(state, SEED_STATE);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_test_setup, fx_test_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_cursor_step),
		T(test_cursor_step_mark),
		T(test_toggle),
		T(test_refresh_that_changed_nothing),
		T(test_filter_keystroke),
		T(test_refresh_that_changed_one_row),
	};
	return cmocka_run_group_tests_name("e2e_slowlink", tests, setup_slowlink, fx_group_teardown);
}
