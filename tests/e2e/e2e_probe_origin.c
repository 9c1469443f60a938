/* End to end: probes of an origin, on the command line and on the sources
 * screen. `origo probe` against the loopback listeners of
 * tests/listeners (healthy, refusing, slow, self-signed TLS, flapping) and
 * the demo's state (tests/emu/data/demo.json, its fixed listener ports
 * replaced by the real ones), on three accounts (Gcore, Yandex, Edgio).
 * An origin is probed once per distinct setting (Host header) across the
 * accounts' groups, a group's every source, the certificate of a
 * self-signed origin in --json, exit status 0 / 1 / 2, a clear message for
 * an origin no group uses, and --watch printing the flapping origin's
 * changes until SIGINT. On the sources screen: w watches the flapping
 * origin (its strip shows both states, the status bar each change), p
 * probes the self-signed one (its certificate under the list, the LAST
 * PROBE column). Probes never write to the API. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tests/e2e/fixture.h"
#include "tests/e2e/listeners_ctl.h"
#include "tests/e2e/seed.h"

/* ---- the listeners --------------------------------------------------------- */

static lis_set lis = { .pid = -1 };

/* The listeners' request log ("NAME HOST" lines), emptied. */
static char *take_listener_log(void)
{
	return lis_take_log(&lis);
}

#define count_lines_starting lis_count_lines

/* ---- the demo's state on the listeners' ports ------------------------------ */

static char *replace_all(char *text, const char *from, const char *to)
{
	size_t fl = strlen(from), tl = strlen(to), n = 0;
	for (const char *p = text; (p = strstr(p, from)); p += fl)
		n++;
	char *out = malloc(strlen(text) + n * (tl + 1) + 1);
	if (!out)
		return NULL;
	char *o = out;
	for (const char *p = text;;) {
		const char *hit = strstr(p, from);
		if (!hit) {
			strcpy(o, p);
			break;
		}
		memcpy(o, p, (size_t)(hit - p));
		o += hit - p;
		memcpy(o, to, tl);
		o += tl;
		p = hit + fl;
	}
	free(text);
	return out;
}

static char *demo_state(void)
{
	const char *src = getenv("ORIGO_SRCDIR");
	char path[4200];
	snprintf(path, sizeof path, "%s/tests/emu/data/demo.json", src && src[0] ? src : ".");
	FILE *f = fopen(path, "r");
	if (!f)
		return NULL;
	char *text = calloc(1, 1 << 20);
	size_t n = text ? fread(text, 1, (1 << 20) - 1, f) : 0;
	fclose(f);
	if (!text || n == 0) {
		free(text);
		return NULL;
	}
	const int fixed[] = { 47801, 47802, 47803, 47804, 47805 };
	const int real[] = { lis.ok, lis.refused, lis.slow, lis.tls, lis.flap };
	for (size_t i = 0; i < 5 && text; i++) {
		char a[64], b[64];
		snprintf(a, sizeof a, "localhost:%d", fixed[i]);
		snprintf(b, sizeof b, "localhost:%d", real[i]);
		text = replace_all(text, a, b);
		snprintf(a, sizeof a, "\"port\": %d", fixed[i]);
		snprintf(b, sizeof b, "\"port\": %d", real[i]);
		text = text ? replace_all(text, a, b) : NULL;
	}
	/* the fixture's Edgio client has its own secret */
	cJSON *j = text ? cJSON_Parse(text) : NULL;
	free(text);
	cJSON *ed = cJSON_GetObjectItemCaseSensitive(j, "edgio");
	if (!ed) {
		cJSON_Delete(j);
		return NULL;
	}
	cJSON_ReplaceItemInObjectCaseSensitive(ed, "client_secret", cJSON_CreateString(SEED_ED_CLIENT_SECRET));
	char *out = cJSON_PrintUnformatted(j);
	cJSON_Delete(j);
	return out;
}

/* ---- running origo ---------------------------------------------------------- */

/* Requests to the API other than reads and the two token exchanges
 * (Yandex's IAM token, Edgio's OAuth token): a probe must send none. */
static int api_writes(fx *f)
{
	cJSON *log = emu_get_log(f->emu);
	if (!log)
		return -1;
	int n = 0;
	const cJSON *it;
	cJSON_ArrayForEach(it, log) {
		const char *m = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, "method"));
		const char *p = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, "path"));
		if (!m || !p || strcmp(m, "GET") == 0)
			continue;
		if (strcmp(m, "POST") == 0 && (strcmp(p, "/iam/v1/tokens") == 0 || strcmp(p, "/connect/token") == 0))
			continue;
		fprintf(stderr, "e2e_probe_origin: a write: %s %s\n", m, p);
		n++;
	}
	cJSON_Delete(log);
	return n;
}

static int run(fx *f, char *const args[], char **out, char **err)
{
	char *o = NULL, *e = NULL;
	int rc = fx_run(f, args, NULL, &o, &e);
	static const char *const secrets[] = { FX_API_KEY, SEED_ED_CLIENT_SECRET, SEED_YC_OAUTH, NULL };
	for (size_t i = 0; secrets[i]; i++)
		if (fx_has(o, secrets[i]) || fx_has(e, secrets[i]))
			fail_msg("a secret appeared in the output: %s / %s", o, e);
	*out = o;
	*err = e;
	return rc;
}

static void assert_rc(int rc, int want, const char *out, const char *err)
{
	if (rc != want) {
		fprintf(stderr, "stdout: %s\nstderr: %s\n", out ? out : "", err ? err : "");
		fail_msg("exit status %d, want %d", rc, want);
	}
}

static void assert_has(const char *text, const char *want)
{
	if (!fx_has(text, want))
		fail_msg("missing \"%s\" in:\n%s", want, text ? text : "(null)");
}

static void test_origin_across_accounts(void **state)
{
	fx *f = *state;
	free(take_listener_log());
	char origin[64];
	snprintf(origin, sizeof origin, "localhost:%d", lis.ok);
	char *out, *err;
	int rc = run(f, (char *[]){ "probe", origin, NULL }, &out, &err);
	assert_rc(rc, 0, out, err);
	/* four distinct settings: no Host header (Gcore and Yandex try https
	 * first on a port of their own, Edgio's HTTP entry does not), api's,
	 * www's */
	assert_int_equal(count_lines_starting(out, "UP    "), 4);
	assert_int_equal(count_lines_starting(out, "DOWN"), 0);
	char line[200];
	snprintf(line, sizeof line, "UP    %s  200 ", origin);
	assert_has(out, line);
	assert_has(out, "Host www.shop-example.com  [gcore/shop-web-eu]");
	assert_has(out, "Host api.shop-example.com  [gcore/shop-api-eu]");
	/* the groups with the same settings share one probe, across accounts */
	assert_has(out, "gcore/probe-lab, gcore/shop-img-eu, yandex/shop-api-yc, yandex/shop-web-yc");
	assert_has(out, "[edgio/shop-api-edgio, edgio/shop-web-edgio]");
	free(out);
	free(err);

	/* each distinct probe reached the origin once, with its Host header */
	char *log = take_listener_log();
	assert_int_equal(count_lines_starting(log, "ok "), 4);
	assert_has(log, "ok www.shop-example.com\n");
	assert_has(log, "ok api.shop-example.com\n");
	assert_has(log, "ok localhost\n");
	free(log);
	assert_int_equal(api_writes(f), 0);
}

static void test_group_with_a_refusing_source(void **state)
{
	fx *f = *state;
	char *out, *err;
	int rc = run(f, (char *[]){ "-a", "gcore", "probe", "probe-lab", NULL }, &out, &err);
	assert_rc(rc, 1, out, err);
	char line[200];
	snprintf(line, sizeof line, "DOWN  localhost:%d  connect refused ", lis.refused);
	assert_has(out, line);
	snprintf(line, sizeof line, "UP    localhost:%d  200 ", lis.ok);
	assert_has(out, line);
	snprintf(line, sizeof line, "UP    localhost:%d  200 ", lis.slow);
	assert_has(out, line);
	snprintf(line, sizeof line, "DOWN  localhost:%d  TLS self-signed certificate", lis.tls);
	assert_has(out, line);
	assert_has(out, "cert CN = localhost, issuer CN = localhost, ");
	/* one line a source */
	assert_int_equal(count_lines_starting(out, "UP") + count_lines_starting(out, "DOWN"), 5);
	free(out);
	free(err);

	/* a refusing origin alone: exit 1 */
	char origin[64];
	snprintf(origin, sizeof origin, "localhost:%d", lis.refused);
	rc = run(f, (char *[]){ "probe", origin, NULL }, &out, &err);
	assert_rc(rc, 1, out, err);
	assert_has(out, "[gcore/probe-lab, yandex/shop-api-yc]");
	free(out);
	free(err);
}

static void test_json_has_the_certificate(void **state)
{
	fx *f = *state;
	char origin[64];
	snprintf(origin, sizeof origin, "localhost:%d", lis.tls);
	char *out, *err;
	int rc = run(f, (char *[]){ "probe", origin, "--json", NULL }, &out, &err);
	assert_rc(rc, 1, out, err);
	/* one object a line: shop-img-eu and probe-lab send the same probe */
	assert_int_equal(count_lines_starting(out, "{"), 1);
	cJSON *j = cJSON_Parse(out);
	assert_non_null(j);
	assert_string_equal(cJSON_GetObjectItem(j, "origin")->valuestring, origin);
	assert_true(cJSON_IsFalse(cJSON_GetObjectItem(j, "up")));
	assert_string_equal(cJSON_GetObjectItem(j, "phase")->valuestring, "TLS");
	assert_string_equal(cJSON_GetObjectItem(j, "failure")->valuestring, "self-signed certificate");
	assert_string_equal(cJSON_GetObjectItem(j, "sni")->valuestring, "localhost");
	cJSON *cert = cJSON_GetObjectItem(j, "cert");
	assert_true(cJSON_IsObject(cert));
	assert_string_equal(cJSON_GetObjectItem(cert, "subject")->valuestring, "CN = localhost");
	assert_string_equal(cJSON_GetObjectItem(cert, "issuer")->valuestring, "CN = localhost");
	/* made at the listeners' start for 10 days: 9 whole days and some hours left */
	int days = cJSON_GetObjectItem(cert, "days")->valueint;
	assert_true(days == 9 || days == 10);
	cJSON *groups = cJSON_GetObjectItem(j, "groups");
	assert_int_equal(cJSON_GetArraySize(groups), 2);
	assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(groups, 0), "account")->valuestring, "gcore");
	assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(groups, 0), "group")->valuestring, "probe-lab");
	cJSON_Delete(j);
	free(out);
	free(err);

	/* a healthy HTTP origin has no certificate */
	snprintf(origin, sizeof origin, "localhost:%d", lis.slow);
	rc = run(f, (char *[]){ "-a", "gcore", "probe", origin, "--json", NULL }, &out, &err);
	assert_rc(rc, 0, out, err);
	j = cJSON_Parse(out);
	assert_non_null(j);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(j, "up")));
	assert_int_equal(cJSON_GetObjectItem(j, "status")->valueint, 200);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(j, "cert")));
	/* the slow listener answers after 700 ms */
	assert_true(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "ms"), "total")->valuedouble >= 650);
	cJSON_Delete(j);
	free(out);
	free(err);
}

static void test_unknown_origin_and_usage(void **state)
{
	fx *f = *state;
	char *out, *err;
	int rc = run(f, (char *[]){ "probe", "nowhere.example", NULL }, &out, &err);
	assert_rc(rc, 1, out, err);
	assert_has(err, "origo: nowhere.example is used by no group and names no group");
	assert_string_equal(out, "");
	free(out);
	free(err);
	/* the same host on other ports is named */
	rc = run(f, (char *[]){ "-a", "gcore", "probe", "LOCALHOST", NULL }, &out, &err);
	assert_rc(rc, 1, out, err);
	assert_has(err, "LOCALHOST is used by no group and names no group; did you mean localhost:");
	free(out);
	free(err);

	struct { char *args[8]; const char *msg; } bad[] = {
		{ { "probe", NULL }, "probe needs an ORIGIN" },
		{ { "probe", "a", "b", NULL }, "probe takes one ORIGIN or GROUP, got also \"b\"" },
		{ { "probe", "a", "--watch", "1", NULL }, "--watch wants whole seconds from 2 to 86400, not \"1\"" },
		{ { "probe", "a", "--watch", "x", NULL }, "--watch wants whole seconds" },
		{ { "probe", "a", "--bogus", NULL }, "unknown option --bogus" },
		{ { "-a", "nosuch", "probe", "a", NULL }, "nosuch" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		rc = run(f, bad[i].args, &out, &err);
		assert_rc(rc, 2, out, err);
		assert_has(err, bad[i].msg);
		free(out);
		free(err);
	}
	assert_int_equal(api_writes(f), 0);
}

static bool has_both_changes(term *t, void *arg)
{
	(void)arg;
	return term_contains(t, "went down: DOWN") && term_contains(t, "came back up: UP");
}

static void test_watch_prints_changes_until_sigint(void **state)
{
	fx *f = *state;
	char origin[64];
	snprintf(origin, sizeof origin, "localhost:%d", lis.flap);
	term *t = fx_spawn(f, (char *[]){ "-a", "gcore", "probe", origin, "--watch", "2", NULL }, NULL,
	                   24, 200);
	assert_non_null(t);
	/* the first round prints the state; later rounds only its changes
	 * (the listener flips every 3 s, the watch looks every 2 s) */
	TERM_TEXT(t, origin);
	if (term_wait_for(t, has_both_changes, NULL, 25000, "both changes of state") != 0) {
		term_dump(t, stderr);
		fail_msg("the watch did not print both changes of the flapping origin");
	}
	char line[200];
	snprintf(line, sizeof line, "went down: DOWN  %s  503 ", origin);
	TERM_ASSERT_CONTAINS(t, line);
	snprintf(line, sizeof line, "came back up: UP    %s  200 ", origin);
	TERM_ASSERT_CONTAINS(t, line);
	kill(term_pid(t), SIGINT);
	int status = 0;
	assert_int_equal(term_wait_exit(t, 5000, &status), 0);
	/* a clean exit, not death by the signal: 0 or 1 as the last round was */
	assert_true(WIFEXITED(status));
	assert_true(WEXITSTATUS(status) == 0 || WEXITSTATUS(status) == 1);
}

/* ---- the sources screen ------------------------------------------------------ */

/* The foreground colour index of a cell (-1: default, -2: not indexed). */
static int fg_index(term *t, int row, int col)
{
	VTermScreenCell cell;
	if (term_cell(t, row, col, &cell) != 0)
		return -3;
	if (VTERM_COLOR_IS_DEFAULT_FG(&cell.fg))
		return -1;
	return VTERM_COLOR_IS_INDEXED(&cell.fg) ? cell.fg.indexed.idx : -2;
}

static term *open_sources(fx *f)
{
	assert_int_equal(fx_write_config_multi(f, NULL, "probe_interval = 2;", NULL, NULL), 0);
	term *t = fx_open_size(f, NULL, NULL, 40, 200);
	term_key(t, "S");
	TERM_TEXT(t, "sources: ");
	TERM_IDLE(t);   /* every account loaded */
	return t;
}

typedef struct seen_changes {
	char down[128], up[128];
	bool saw_down, saw_up;
} seen_changes;

/* Both changes have shown in the status bar (each stays until the next). */
static bool status_saw_both(term *t, void *arg)
{
	seen_changes *s = arg;
	const char *st = fx_status(t);
	s->saw_down |= strstr(st, s->down) != NULL;
	s->saw_up |= strstr(st, s->up) != NULL;
	return s->saw_down && s->saw_up;
}

static void test_watch_on_the_sources_screen(void **state)
{
	fx *f = *state;
	term *t = open_sources(f);
	char origin[64];
	snprintf(origin, sizeof origin, "localhost:%d", lis.flap);
	fx_select(t, origin);
	term_key(t, "w");
	char msg[128];
	snprintf(msg, sizeof msg, "watching %s every 2 s (w stops)", origin);
	TERM_TEXT(t, msg);
	seen_changes s = { .saw_down = false };
	snprintf(s.down, sizeof s.down, "%s went down: 503 ", origin);
	snprintf(s.up, sizeof s.up, "%s came back up: ", origin);
	if (term_wait_for(t, status_saw_both, &s, 30000, "both changes in the status bar") != 0)
		fail_msg("the watch did not report both changes (down %d, up %d)", s.saw_down, s.saw_up);
	/* the detail block: the strip holds both states, one cell a result */
	char head[128];
	snprintf(head, sizeof head, "%s  ", origin);
	int r = -1;
	for (int i = term_rows(t) - 1; i >= 0 && r < 0; i--)
		if (strstr(term_row(t, i), "(watching: w stops)"))
			r = i;
	assert_true(r >= 0);
	const char *row = term_row(t, r);
	assert_non_null(strstr(row, head));
	assert_non_null(strstr(row, "✗"));
	assert_true(strstr(row, "▁") || strstr(row, "▂"));
	/* the probe's own line: the groups that send it */
	TERM_ASSERT_CONTAINS(t, "gcore/probe-lab, yandex/shop-web-yc");
	TERM_ASSERT_CONTAINS(t, "edgio/shop-web-edgio");
	term_key(t, "w");
	snprintf(msg, sizeof msg, "stopped watching %s", origin);
	TERM_TEXT(t, msg);
	assert_int_equal(api_writes(f), 0);
}

static void test_probe_shows_the_certificate(void **state)
{
	fx *f = *state;
	term *t = open_sources(f);
	char origin[64];
	snprintf(origin, sizeof origin, "localhost:%d", lis.tls);
	fx_select(t, origin);
	term_key(t, "p");
	TERM_TEXT(t, "Certificate: CN = localhost  issuer CN = localhost  expires in ");
	TERM_IDLE(t);
	char msg[160];
	snprintf(msg, sizeof msg, "probe of %s: TLS self-signed certificate", origin);
	TERM_ASSERT_CONTAINS(t, msg);
	/* 9 days: under 14, in the warning colour (the default theme's
	 * "pending": yellow), not the error colour of the failed probe's line */
	int row = -1, col = -1;
	assert_true(term_find(t, "Certificate: CN = localhost", &row, &col));
	assert_true(strstr(term_row(t, row), "expires in 9 days") || strstr(term_row(t, row), "expires in 10 days"));
	assert_int_equal(fg_index(t, row, col), 3);
	int drow = -1, dcol = -1;
	assert_true(term_find(t, "  DOWN TLS self-signed certificate", &drow, &dcol));
	assert_int_equal(fg_index(t, drow, dcol + 2), 1);
	/* the LAST PROBE column of the origin's row: on a wide terminal it
	 * has the room the origin and the accounts leave, the whole result */
	char lead[80];
	snprintf(lead, sizeof lead, "  %s ", origin);
	const char *r = fx_row_of(t, origin);
	if (strncmp(r, lead, strlen(lead)) != 0 || !strstr(r, " TLS self-signed certificate"))
		fail_msg("the origin first and LAST PROBE in full on 200 columns: %s", r);
	int at = (int)(strstr(r, "TLS self-") - r);
	int head = term_find_row(t, "LAST PROBE");
	assert_true(head >= 0);
	const char *hr = term_row(t, head);
	assert_int_equal((int)(strstr(hr, "LAST PROBE") - hr), at);
	/* narrow: the origin still first and whole, the result cut at the
	 * edge with an ellipsis; wide again: whole again */
	static const int narrow[] = { 80, 60 };
	for (size_t i = 0; i < sizeof narrow / sizeof narrow[0]; i++) {
		assert_int_equal(term_resize(t, 40, narrow[i]), 0);
		TERM_IDLE(t);
		r = fx_row_of(t, origin);
		if (strncmp(r, lead, strlen(lead)) != 0 || !strstr(r, "TLS self-\u2026") ||
		    strstr(r, "certificate"))
			fail_msg("on %d columns, the origin first and the result cut: %s", narrow[i], r);
		TERM_ASSERT_CONTAINS(t, "LAST PROBE");
	}
	assert_int_equal(term_resize(t, 40, 200), 0);
	TERM_IDLE(t);
	assert_non_null(strstr(fx_row_of(t, origin), "TLS self-signed certificate"));
	assert_int_equal(api_writes(f), 0);
}

/* More accounts than any fixed table would hold: 70 Gcore accounts (all on
 * the emulator): every one is read and named among the groups of the
 * probe, with no -a and with 70 of them; none is dropped in silence. */
#define MANY 70
static void test_many_accounts(void **state)
{
	fx *f = *state;
	size_t cap = MANY * 160 + 64;
	char *text = malloc(cap);
	assert_non_null(text);
	size_t len = (size_t)snprintf(text, cap, "accounts = (\n");
	for (int i = 1; i <= MANY; i++)
		len += (size_t)snprintf(text + len, cap - len, "  { name = \"g%d\"; provider = \"gcore\"; api_url = "
		                        "\"%s\"; api_key_env = \"GCORE_API_KEY\"; }%s\n", i, emu_url(f->emu),
		                        i < MANY ? "," : "");
	snprintf(text + len, cap - len, ");\n");
	assert_int_equal(fx_write_config_text(f, text), 0);
	free(text);
	char origin[64];
	snprintf(origin, sizeof origin, "localhost:%d", lis.slow);

	/* one account: how many of its groups use the origin */
	char *out, *err;
	int rc = run(f, (char *[]){ "-a", "g1", "probe", origin, "--json", NULL }, &out, &err);
	assert_rc(rc, 0, out, err);
	cJSON *j = cJSON_Parse(out);
	assert_non_null(j);
	int per_account = cJSON_GetArraySize(cJSON_GetObjectItem(j, "groups"));
	assert_true(per_account >= 1);
	cJSON_Delete(j);
	free(out);
	free(err);

	/* every account, and each of them named with -a */
	char *many[2 * MANY + 8];
	char names[MANY][16];   /* "g" and any int */
	for (int pass = 0; pass < 2; pass++) {
		size_t n = 0;
		for (int i = 1; pass == 1 && i <= MANY; i++) {
			snprintf(names[i - 1], sizeof names[i - 1], "g%d", i);
			many[n++] = "-a";
			many[n++] = names[i - 1];
		}
		many[n++] = "probe";
		many[n++] = origin;
		many[n++] = "--json";
		many[n] = NULL;
		rc = run(f, many, &out, &err);
		assert_rc(rc, 0, out, err);
		j = cJSON_Parse(out);
		assert_non_null(j);
		const cJSON *groups = cJSON_GetObjectItem(j, "groups");
		assert_int_equal(cJSON_GetArraySize(groups), MANY * per_account);
		const cJSON *last = cJSON_GetArrayItem(groups, MANY * per_account - 1);
		assert_string_equal(cJSON_GetObjectItem(last, "account")->valuestring, "g70");
		cJSON_Delete(j);
		free(out);
		free(err);
	}
	assert_int_equal(api_writes(f), 0);
}

/* ---- fixtures ---------------------------------------------------------------- */

static int setup_group(void **state)
{
	static const char *const args[] = { "--flap-seconds", "3", "--slow-ms", "700", NULL };
	if (lis_start(&lis, args) != 0)
		return -1;
	char *seed = demo_state();
	if (!seed) {
		fprintf(stderr, "e2e_probe_origin: cannot read tests/emu/data/demo.json\n");
		lis_stop(&lis);
		return -1;
	}
	int rc = fx_group_setup_state(state, seed);
	free(seed);
	return rc;
}

static int teardown_group(void **state)
{
	int rc = fx_group_teardown(state);
	lis_stop(&lis);
	return rc;
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_test_setup_multi, fx_test_teardown)

int main(void)
{
	signal(SIGPIPE, SIG_IGN);
	const struct CMUnitTest tests[] = {
		T(test_origin_across_accounts),
		T(test_group_with_a_refusing_source),
		T(test_json_has_the_certificate),
		T(test_unknown_origin_and_usage),
		T(test_watch_prints_changes_until_sigint),
		T(test_watch_on_the_sources_screen),
		T(test_probe_shows_the_certificate),
		T(test_many_accounts),
	};
	return cmocka_run_group_tests_name("e2e_probe_origin", tests, setup_group, teardown_group);
}
