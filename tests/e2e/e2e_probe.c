/* End to end: `p` probes every source of a group against origo-listeners
 * (tests/listeners/) on loopback: its HTTP server answering 200 (its log
 * records the Host header it got), a closed port (refused), a socket that
 * listens but never accepts (timeout), and `openssl s_server` with a
 * self-signed certificate made at its start. The PROBE column, the detail
 * block, and that a toggle made while a slow probe runs is confirmed before
 * the probe ends. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/e2e/fixture.h"
#include "tests/e2e/listeners_ctl.h"
#include "tests/e2e/seed.h"

/* ---- the lab: origo-listeners' ok, refused, silent and tls --------------- */

typedef struct lab {
	lis_set lis;
	char ok_src[64], refused_src[64], slow_src[64], tls_src[64];
} lab;

static lab *running_lab;   /* stopped by the teardown when a test failed */

static void lab_start(fx *f, lab *l)
{
	memset(l, 0, sizeof *l);
	running_lab = l;
	assert_int_equal(lis_start(&l->lis, NULL), 0);
	snprintf(l->ok_src, sizeof l->ok_src, "127.0.0.1:%d", l->lis.ok);
	snprintf(l->refused_src, sizeof l->refused_src, "127.0.0.1:%d", l->lis.refused);
	/* listens, never accepts: the probe times out */
	snprintf(l->slow_src, sizeof l->slow_src, "127.0.0.1:%d", l->lis.silent);
	snprintf(l->tls_src, sizeof l->tls_src, "127.0.0.1:%d", l->lis.tls);
	char group[4096];
	snprintf(group, sizeof group,
	         "{\"id\":201,\"name\":\"probe-lab\",\"use_next\":true,"
	         "\"proxy_next_upstream\":[\"error\"],\"auth_type\":\"none\",\"path\":\"\","
	         "\"has_related_resources\":false,\"sources\":["
	         "{\"source\":\"%s\",\"enabled\":true,\"backup\":false,\"host_header_override\":\"www.probe.test\"},"
	         "{\"source\":\"%s\",\"enabled\":true,\"backup\":false,\"host_header_override\":null},"
	         "{\"source\":\"%s\",\"enabled\":true,\"backup\":false,\"host_header_override\":null},"
	         "{\"source\":\"%s\",\"enabled\":true,\"backup\":false,\"host_header_override\":null}]}",
	         l->ok_src, l->refused_src, l->slow_src, l->tls_src);
	assert_int_equal(emu_put_group(f->emu, "201", group), 0);
}

static void lab_stop(lab *l)
{
	running_lab = NULL;
	lis_stop(&l->lis);
}

/* The requests the ok listener answered since the last call; the Host
 * header of the last into host. */
static int ok_requests(lab *l, char *host, size_t n)
{
	char *log = lis_take_log(&l->lis);
	int count = 0;
	host[0] = '\0';
	for (const char *s = log; s && *s;) {
		size_t len = strcspn(s, "\n");
		if (strncmp(s, "ok ", 3) == 0) {
			count++;
			snprintf(host, n, "%.*s", (int)(len - 3), s + 3);
		}
		s += len + (s[len] ? 1 : 0);
	}
	free(log);
	return count;
}

/* The row showing `src` contains `want`. */
static void assert_row_has(term *t, const char *src, const char *want)
{
	const char *row = fx_row_of(t, src);
	if (!row || !strstr(row, want)) {
		term_dump(t, stderr);
		fail_msg("the row of %s lacks \"%s\": %s", src, want, row ? row : "(none)");
	}
}

static term *open_lab(fx *f, lab *l, int timeout)
{
	char global[64];
	snprintf(global, sizeof global, "timeout_seconds = %d;", timeout);
	assert_int_equal(fx_write_config(f, global, NULL), 0);
	term *t = fx_open_size(f, NULL, NULL, 30, 130);
	fx_open_group(t, "probe-lab", l->ok_src);
	return t;
}

static void test_probe_shows_each_outcome(void **state)
{
	fx *f = *state;
	static lab l;   /* outlives a failed test: the teardown stops it */
	lab_start(f, &l);
	term *t = open_lab(f, &l, 2);
	TERM_ASSERT_CONTAINS(t, "PROBE");
	term_key(t, "p");
	TERM_IDLE(t);   /* idle = nothing in flight: every probe has ended */

	assert_row_has(t, l.ok_src, "200 ");
	assert_row_has(t, l.refused_src, "connect refused ");
	assert_row_has(t, l.slow_src, "timeout after 2s");
	assert_row_has(t, l.tls_src, "TLS self-signed certificate");
	TERM_ASSERT_CONTAINS(t, "probe done: 1 of 4 sources answered");

	/* The HTTP request carried the host header override. */
	char host[256];
	int requests = ok_requests(&l, host, sizeof host);
	assert_int_equal(requests, 1);
	assert_string_equal(host, "www.probe.test");

	/* The detail of the source under the cursor (the first). */
	char line[200];
	snprintf(line, sizeof line, "http://www.probe.test/ -> %s  SNI -  Host www.probe.test", l.ok_src);
	TERM_ASSERT_CONTAINS(t, line);
	TERM_ASSERT_CONTAINS(t, "Phases: DNS ");
	TERM_ASSERT_CONTAINS(t, "  connect ");
	TERM_ASSERT_CONTAINS(t, "  total ");
	snprintf(line, sizeof line, "Address: 127.0.0.1 port %d (resolved: 127.0.0.1)", l.lis.ok);
	TERM_ASSERT_CONTAINS(t, line);
	TERM_ASSERT_CONTAINS(t, "Response: HTTP/1.1 200 OK");

	/* The TLS source's detail: the handshake, and curl's own reason. */
	fx_select(t, l.tls_src);
	snprintf(line, sizeof line, "https://127.0.0.1/ -> %s  SNI 127.0.0.1", l.tls_src);
	TERM_ASSERT_CONTAINS(t, line);
	TERM_ASSERT_CONTAINS(t, "Probe of 127.0.0.1: TLS self-signed certificate");
	TERM_ASSERT_CONTAINS(t, "TLS: ");
	TERM_ASSERT_CONTAINS(t, "self-signed certificate");
	TERM_ASSERT_LACKS(t, "Response: HTTP");

	/* The refused one: connect reached, no response. */
	fx_select(t, l.refused_src);
	TERM_ASSERT_CONTAINS(t, "connect: ");
	snprintf(line, sizeof line, "Address: 127.0.0.1 port %d", l.lis.refused);
	TERM_ASSERT_CONTAINS(t, line);

	/* Probes never reach the API. */
	assert_int_equal(emu_log_count_writes(f->emu), 0);
	lab_stop(&l);
}

typedef struct race {
	const char *refused, *slow;
} race;

/* The toggled row is confirmed (no pending mark) while the slow probe still
 * runs. */
static bool toggled_while_probing(term *t, void *arg)
{
	race *r = arg;
	int rr = term_find_row(t, r->refused), sr = term_find_row(t, r->slow);
	if (rr < 0 || sr < 0)
		return false;
	char row[512];
	snprintf(row, sizeof row, "%s", term_row(t, rr));
	return strstr(row, " no ") && !strchr(row, '*') && strstr(term_row(t, sr), "probing...");
}

static void test_toggle_does_not_wait_for_a_probe(void **state)
{
	fx *f = *state;
	static lab l;   /* outlives a failed test: the teardown stops it */
	lab_start(f, &l);
	term *t = open_lab(f, &l, 4);
	fx_select(t, l.refused_src);
	term_key(t, "p");
	term_key(t, TK_SPACE);
	if (term_wait_for(t, toggled_while_probing, &(race){ l.refused_src, l.slow_src }, 3500,
	                  "the toggle confirmed while the slow probe runs") != 0)
		fail_msg("the toggle waited for the probe (or never completed)");
	TERM_IDLE(t);
	assert_row_has(t, l.slow_src, "timeout after 4s");
	assert_row_has(t, l.refused_src, "connect refused ");
	cJSON *g = emu_get_group(f->emu, "201");
	assert_non_null(g);
	cJSON *s1 = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(g, "sources"), 1);
	assert_true(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(s1, "enabled")));
	cJSON_Delete(g);
	lab_stop(&l);
}

/* A second p while a probe of the group runs starts nothing new. */
static void test_second_p_while_running_is_refused(void **state)
{
	fx *f = *state;
	static lab l;   /* outlives a failed test: the teardown stops it */
	lab_start(f, &l);
	term *t = open_lab(f, &l, 2);
	term_key(t, "p");
	TERM_TEXT(t, "probing...");
	term_key(t, "p");
	TERM_TEXT(t, "a probe of this group is still running");
	TERM_IDLE(t);
	assert_row_has(t, l.slow_src, "timeout after 2s");
	char host[256];
	int requests = ok_requests(&l, host, sizeof host);
	assert_int_equal(requests, 1);
	lab_stop(&l);
}

static int setup_probe(void **state)
{
	return fx_group_setup_state(state, SEED_STATE);
}

static int teardown_probe(void **state)
{
	int rc = fx_test_teardown(state);   /* origo first: it may still probe */
	if (running_lab)
		lab_stop(running_lab);
	return rc;
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_test_setup, teardown_probe)

int main(void)
{
	signal(SIGPIPE, SIG_IGN);
	const struct CMUnitTest tests[] = {
		T(test_probe_shows_each_outcome),
		T(test_toggle_does_not_wait_for_a_probe),
		T(test_second_p_while_running_is_refused),
	};
	return cmocka_run_group_tests_name("e2e_probe", tests, setup_probe, fx_group_teardown);
}
