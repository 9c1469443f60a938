/* make soak (issue 11, section 7; not part of make check): 1,000 toggles
 * through the real origo on a pty, across the three providers, with 5% of
 * the writes hit by an injected fault: a 500, a reset, or an answer later
 * than the timeout whose write still lands. It checks, after every toggle
 * and at the end, that the rows origo shows equal what the emulator holds
 * (so no toggle origo called confirmed was undone by a late write), that no
 * write ever met a change origo did not know of, and that origo's RSS grows
 * less than 1 MiB once its requests log is full.
 *
 * Usage: soak_origo [TOGGLES]   (run from the repo root; ORIGO_BIN and
 * ORIGO_EMU_BIN as for the e2e tests). Prints the figures kept in
 * tests/README.md. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tests/e2e/fixture.h"
#include "tests/e2e/seed.h"

#define GRACE_MS 2000
#define LATE_MS 1800           /* > the 1 s timeout: lands after origo gave up */
#define FAULT_PERCENT 5
#define LOG_FULL_AFTER 300     /* toggles: > 500 exchanges, the log's cap */
#define BLOCK 50               /* toggles of one provider in a row */

typedef struct target {
	const char *row;           /* text of its row on screen */
	const char *id_value;      /* the source in the state */
	const char *flag;          /* field in the state */
	const char *key;
	const char *column;
} target;

typedef struct prov {
	const char *account, *section, *group, *group_id, *id_field, *write_prefix;
	target t[2];
} prov;

static const prov PROVS[3] = {
	{ "gcore", "gcore", "web-main", "101", "source", "/cdn/origin_groups/101",
	  { { "origin2.example.com", "origin2.example.com:8080", "enabled", TK_SPACE, "ENABLED" },
	    { "backup.example.net", "backup.example.net", "backup", "b", "BACKUP" } } },
	{ "yandex", "yandex", "yc-web", "9007199254740993", "source", "/cdn/v1/origins/",
	  { { "web2.yc-example.ru", "web2.yc-example.ru", "enabled", TK_SPACE, "ENABLED" },
	    { "dr.yc-example.net", "dr.yc-example.net", "enabled", TK_SPACE, "ENABLED" } } },
	{ "edgio", "edgio", "ed-rr", "200002", "name", "/cdn/origins/v0.5/http-large/71",
	  { { "rr1.ed-example.com", "rr1", "is_primary", "P", "PRIMARY" },
	    { "rr2.ed-example.com", "rr2", "is_primary", "P", "PRIMARY" } } },
};

typedef struct tally {
	int toggles, confirmed, unknown, refused, conflicts, waits, mismatches, other;
	int unguarded;             /* writes sent while a group was unsettled */
	int faults[3];             /* 500, reset, late */
} tally;

static int n_toggles = 1000;

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

static long rss_kib(pid_t pid)
{
	char path[64], line[256];
	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	FILE *fp = fopen(path, "r");
	long kib = -1;
	while (fp && fgets(line, sizeof line, fp))
		if (strncmp(line, "VmRSS:", 6) == 0)
			kib = strtol(line + 6, NULL, 10);
	if (fp)
		fclose(fp);
	return kib;
}

static bool id_is(const cJSON *v, const char *want)
{
	char buf[64];
	if (cJSON_IsString(v))
		return strcmp(v->valuestring, want) == 0;
	if (cJSON_IsNumber(v)) {
		snprintf(buf, sizeof buf, "%.0f", v->valuedouble);
		return strcmp(buf, want) == 0;
	}
	return false;
}

/* The flag of target tg in the emulator's state. */
static bool server_flag(fx *f, const prov *p, const target *tg)
{
	cJSON *st = emu_get_state(f->emu);
	assert_non_null(st);
	const cJSON *g, *s, *hit = NULL;
	cJSON_ArrayForEach(g, cJSON_GetObjectItemCaseSensitive(
	                          cJSON_GetObjectItemCaseSensitive(st, p->section), "groups")) {
		if (!id_is(cJSON_GetObjectItemCaseSensitive(g, "id"), p->group_id))
			continue;
		const cJSON *list = cJSON_GetObjectItemCaseSensitive(g, "sources");
		if (!list)
			list = cJSON_GetObjectItemCaseSensitive(g, "origins");
		cJSON_ArrayForEach(s, list) {
			const cJSON *v = cJSON_GetObjectItemCaseSensitive(s, p->id_field);
			if (cJSON_IsString(v) && strcmp(v->valuestring, tg->id_value) == 0)
				hit = s;
		}
	}
	assert_non_null(hit);
	bool on = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(hit, tg->flag));
	cJSON_Delete(st);
	return on;
}

/* origo's row of tg against the emulator; counts a mismatch. */
static void compare_one(fx *f, term *t, const prov *p, const target *tg, tally *ty,
                        const char *when)
{
	{
		char cell[64];
		fx_cell_under(t, tg->row, tg->column, cell, sizeof cell);
		bool on = server_flag(f, p, tg);
		if (strcmp(cell, on ? "yes" : "no") != 0) {
			ty->mismatches++;
			fprintf(stderr, "soak: %s %s: origo shows %s \"%s\", the emulator holds %s (%s)\n",
			        p->account, tg->row, tg->column, cell, on ? "yes" : "no", when);
		}
	}
}

static void compare(fx *f, term *t, const prov *p, tally *ty, const char *when)
{
	compare_one(f, t, p, &p->t[0], ty, when);
	compare_one(f, t, p, &p->t[1], ty, when);
}

/* After a write of unknown outcome to target `k`: the other target's
 * toggle at once must wait (origo refuses to write the group); then, once
 * the late write has landed, the other row must still be what the server
 * holds (a confirmed toggle was not undone); then r, as the status says. */
static void after_unknown(fx *f, term *t, const prov *p, const target *tg, tally *ty)
{
	const target *other = tg == &p->t[0] ? &p->t[1] : &p->t[0];
	fx_select(t, other->row);
	term_key(t, other->key);
	TERM_IDLE_MS(t, 20000);
	const char *st = fx_status(t);
	if (strstr(st, "waiting to settle"))
		ty->waits++;
	else if (strstr(st, "(confirmed")) {
		ty->unguarded++;
		fprintf(stderr, "soak: %s: a write went out while the group was unsettled: %s\n",
		        p->account, st);
	}
	sleep_ms(GRACE_MS + 300);
	/* (making one Edgio entry primary demotes the other: that row is part
	 * of the unknown write itself) */
	if (strcmp(tg->key, "P") != 0)
		compare_one(f, t, p, other, ty, "after a late write landed");
	term_key(t, "r");
	TERM_IDLE_MS(t, 20000);
}

static const char *const FAULTS[3] = {
	"\"action\":\"status\",\"status\":500",
	"\"action\":\"reset\"",
	"\"action\":\"latency\",\"latency_ms\":1800",
};

static void soak_provider(fx *f, term *t, const prov *p, int n, tally *ty, unsigned *rng,
                          long *rss_mid, int *done)
{
	fx_open_group(t, p->group, p->t[0].row);
	for (int i = 0; i < n; i++) {
		const target *tg = &p->t[i % 2];
		if (strcmp(tg->key, "P") == 0) {
			/* make primary the one that is not (a write of unknown outcome
			 * may have left either) */
			char cell[64];
			fx_cell_under(t, tg->row, tg->column, cell, sizeof cell);
			if (strcmp(cell, "yes") == 0)
				tg = &p->t[(i + 1) % 2];
		}
		*rng = *rng * 1103515245u + 12345u;
		int fault = (int)((*rng >> 16) % 100) < FAULT_PERCENT ? (int)((*rng >> 8) % 3) : -1;
		if (fault >= 0) {
			char j[512];
			snprintf(j, sizeof j, "{\"method\":\"WRITE\",\"path_prefix\":\"%s\",\"times\":1,%s}",
			         p->write_prefix, FAULTS[fault]);
			assert_int_equal(emu_add_fault(f->emu, j), 0);
			ty->faults[fault]++;
		}
		fx_select(t, tg->row);
		term_key(t, tg->key);
		TERM_IDLE_MS(t, 20000);
		ty->toggles++;
		const char *st = fx_status(t);
		if (strstr(st, "(confirmed")) {
			ty->confirmed++;
		} else if (strstr(st, "may or may not have been applied")) {
			ty->unknown++;
			after_unknown(f, t, p, tg, ty);
		} else if (strstr(st, "already primary")) {
			ty->refused++;      /* an unknown write made it primary after all */
		} else if (strstr(st, "changed on the server")) {
			ty->conflicts++;
			fprintf(stderr, "soak: %s toggle %d met a change origo did not know of: %s\n",
			        p->account, i, st);
			term_key(t, "r");
			TERM_IDLE_MS(t, 20000);
		} else if (strstr(st, "Fault injected")) {
			ty->refused++;
		} else {
			ty->other++;
			fprintf(stderr, "soak: %s toggle %d: %s\n", p->account, i, st);
		}
		emu_clear_faults(f->emu);   /* one not used (nothing sent) goes */
		compare(f, t, p, ty, "after a toggle");
		if (++*done == LOG_FULL_AFTER)
			*rss_mid = rss_kib(term_pid(t));
		if (ty->mismatches > 20)
			fail_msg("soak: too many mismatches, stopping");
	}
	term_key(t, TK_ESC);
	TERM_IDLE(t);
}

static void switch_account(term *t, const prov *p)
{
	term_key(t, ":");
	term_keys(t, "account ");
	term_keys(t, p->account);
	term_key(t, TK_ENTER);
	TERM_IDLE_MS(t, 20000);
	TERM_TEXT(t, p->group);
}

static void test_soak(void **state)
{
	fx *f = *state;
	assert_int_equal(fx_reset_all(f), 0);
	/* Yandex operations done in the first answer: a late write's operation
	 * completes like a real one, with nobody polling it */
	assert_int_equal(emu_settings(f->emu, "{\"operation_polls\":0}"), 0);
	assert_int_equal(fx_write_config_multi(f, "gcore", "timeout_seconds = 1;", NULL, NULL), 0);
	/* SOAK_SETTLE_SECONDS=0 turns origo's guard off: the soak must fail */
	char settle[64];
	const char *sv = getenv("SOAK_SETTLE_SECONDS");
	snprintf(settle, sizeof settle, "ORIGO_SETTLE_SECONDS=%s", sv && *sv ? sv : "2");
	char *env[] = { settle, NULL };
	term *t = fx_open_size(f, NULL, env, 30, 160);
	tally ty = { 0 };
	unsigned rng = 20261206u;
	long rss_mid = -1;
	int done = 0;
	double t0 = now_s();
	/* blocks of BLOCK toggles, the providers in turn: every account is open
	 * well before the requests log is full and RSS is first measured */
	for (int b = 0, left = n_toggles; left > 0; b++) {
		const prov *p = &PROVS[b % 3];
		if (b > 0)
			switch_account(t, p);
		int n = left < BLOCK ? left : BLOCK;
		soak_provider(f, t, p, n, &ty, &rng, &rss_mid, &done);
		left -= n;
	}
	long rss_end = rss_kib(term_pid(t));
	/* every late write has landed: origo's rows are the server's */
	sleep_ms(GRACE_MS + 500);
	for (int k = 0; k < 3; k++) {
		switch_account(t, &PROVS[k]);
		fx_open_group(t, PROVS[k].group, PROVS[k].t[0].row);
		term_key(t, "r");
		TERM_IDLE_MS(t, 20000);
		compare(f, t, &PROVS[k], &ty, "at the end");
		term_key(t, TK_ESC);
		TERM_IDLE(t);
	}
	double secs = now_s() - t0;
	assert_true(rss_end > 0);
	if (rss_mid < 0)
		rss_mid = rss_end;   /* fewer toggles than fill the log: no figure */
	printf("soak: %d toggles in %.0f s: %d confirmed, %d unknown then settled, %d refused "
	       "(500, or already primary), %d refused while unsettled, %d conflicts, %d other\n",
	       ty.toggles, secs,
	       ty.confirmed, ty.unknown, ty.refused, ty.waits, ty.conflicts, ty.other);
	printf("soak: faults injected: %d (500: %d, reset: %d, late: %d)\n",
	       ty.faults[0] + ty.faults[1] + ty.faults[2], ty.faults[0], ty.faults[1], ty.faults[2]);
	printf("soak: RSS %ld KiB after %d toggles (requests log full), %ld KiB at the end: "
	       "%+ld KiB\n", rss_mid, LOG_FULL_AFTER, rss_end, rss_end - rss_mid);
	printf("soak: rows that differed from the emulator: %d; writes sent to an unsettled "
	       "group: %d\n", ty.mismatches, ty.unguarded);
	assert_int_equal(ty.mismatches, 0);
	assert_int_equal(ty.unguarded, 0);
	assert_int_equal(ty.conflicts, 0);
	assert_int_equal(ty.other, 0);
	if (rss_end - rss_mid >= 1024)
		fail_msg("soak: RSS grew %ld KiB once the requests log was full", rss_end - rss_mid);
}

int main(int argc, char **argv)
{
	if (argc > 1)
		n_toggles = atoi(argv[1]);
	if (n_toggles < 3)
		n_toggles = 3;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_soak, fx_test_teardown),
	};
	return cmocka_run_group_tests_name("soak", tests, fx_group_setup_multi, fx_group_teardown);
}
