/* End to end: what bad input gets. A wrong key, a rate limit, a broken
 * connection or body, an emulator that is gone, a broken config, a missing
 * key: each gets a message a person can act on, and origo keeps running and
 * taking keys (except for the config error, which exits 2). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/e2e/fixture.h"
#include "tests/e2e/seed.h"

#define LIST "/cdn/origin_groups"

/* Whether the screen shows any of the NULL-terminated texts. */
static bool shows_any(term *t, const char *const *texts)
{
	for (size_t i = 0; texts[i]; i++)
		if (term_contains(t, texts[i]))
			return true;
	return false;
}

/* origo is still running and takes keys: j is acknowledged by an idle report. */
static void assert_alive_and_taking_keys(term *t)
{
	assert_true(term_alive(t));
	unsigned long before = term_keys_sent(t);
	term_key(t, "j");
	TERM_IDLE(t);
	assert_true(term_idle_keys(t) >= (long)before + 1);
	assert_true(term_alive(t));
}

static void test_wrong_key_says_authentication_failed(void **state)
{
	fx *f = *state;
	char *env[] = { "GCORE_API_KEY=9999_notthekey", NULL };
	term *t = fx_open(f, NULL, env);
	TERM_ASSERT_CONTAINS(t, "authentication failed");
	TERM_ASSERT_CONTAINS(t, "gcore");
	TERM_ASSERT_LACKS(t, "9999_notthekey");
	TERM_ASSERT_LACKS(t, "web-main");
	/* the key went as APIKey and was refused */
	cJSON *log = emu_get_log(f->emu);
	const cJSON *it;
	int n = 0;
	cJSON_ArrayForEach(it, log) {
		n++;
		assert_false(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(it, "auth_ok")));
		assert_int_equal(cJSON_GetObjectItemCaseSensitive(it, "status")->valueint, 401);
	}
	cJSON_Delete(log);
	assert_true(n >= 1);
	assert_alive_and_taking_keys(t);
}

static void test_429_is_retried(void **state)
{
	fx *f = *state;
	assert_int_equal(emu_add_fault(f->emu, "{\"method\":\"GET\",\"path_prefix\":\"" LIST "\","
	                 "\"times\":1,\"action\":\"status\",\"status\":429,"
	                 "\"body\":\"{\\\"message\\\":\\\"Too many requests\\\"}\",\"retry_after\":\"1\"}"), 0);
	term *t = fx_open(f, NULL, NULL);
	TERM_ASSERT_CONTAINS(t, "web-main");
	TERM_ASSERT_CONTAINS(t, "images-cdn");
	cJSON *log = emu_get_log(f->emu);
	int n429 = 0, n200 = 0;
	const cJSON *it;
	cJSON_ArrayForEach(it, log) {
		const cJSON *p = cJSON_GetObjectItemCaseSensitive(it, "path");
		int st = cJSON_GetObjectItemCaseSensitive(it, "status")->valueint;
		if (!cJSON_IsString(p) || strcmp(p->valuestring, LIST) != 0)
			continue;
		if (st == 429)
			n429++;
		else if (st == 200)
			n200++;
	}
	cJSON_Delete(log);
	assert_int_equal(n429, 1);
	assert_true(n200 >= 1);
}

/* A fault on every list request: a message, origo alive, then r recovers. */
static void list_fault_then_recover(fx *f, const char *action, const char *const *words)
{
	char fault[512];
	snprintf(fault, sizeof fault, "{\"method\":\"GET\",\"path_prefix\":\"" LIST "\","
	         "\"action\":\"%s\"}", action);
	assert_int_equal(emu_add_fault(f->emu, fault), 0);
	term *t = fx_spawn(f, NULL, NULL, 24, 80);
	assert_non_null(t);
	TERM_IDLE_MS(t, 30000);   /* retries with backoff may take a while */
	if (!shows_any(t, words)) {
		term_dump(t, stderr);
		fail_msg("no clear message for a %s list response (want e.g. \"%s\")", action, words[0]);
	}
	TERM_ASSERT_LACKS(t, "web-main");
	assert_alive_and_taking_keys(t);
	assert_int_equal(emu_clear_faults(f->emu), 0);
	term_key(t, "r");
	TERM_IDLE_MS(t, 30000);
	TERM_ASSERT_CONTAINS(t, "web-main");
	TERM_ASSERT_CONTAINS(t, "static-assets");
}

static void test_connection_reset(void **state)
{
	static const char *const w[] = { "reset", "closed the connection", "127.0.0.1", NULL };
	list_fault_then_recover(*state, "reset", w);
}

static void test_malformed_body(void **state)
{
	static const char *const w[] = { "malformed", "not JSON", NULL };
	list_fault_then_recover(*state, "malformed", w);
}

static void test_truncated_body(void **state)
{
	static const char *const w[] = { "truncated", "malformed", NULL };
	list_fault_then_recover(*state, "truncate", w);
}

/* A loopback port where nothing listens. */
static int dead_port(void)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = { .sin_family = AF_INET };
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	socklen_t len = sizeof a;
	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof a) != 0 ||
	    getsockname(fd, (struct sockaddr *)&a, &len) != 0)
		return -1;
	int port = ntohs(a.sin_port);
	close(fd);   /* bound but never listened: connections are refused */
	return port;
}

static void test_emulator_gone_names_the_host(void **state)
{
	fx *f = *state;
	int port = dead_port();
	assert_true(port > 0);
	char url[64];
	snprintf(url, sizeof url, "http://127.0.0.1:%d", port);
	assert_int_equal(fx_write_config_url(f, url, NULL, NULL), 0);
	term *t = fx_spawn(f, NULL, NULL, 24, 80);
	assert_non_null(t);
	TERM_IDLE_MS(t, 30000);
	TERM_ASSERT_CONTAINS(t, "127.0.0.1");
	assert_alive_and_taking_keys(t);
}

static void test_config_error_exits_2_naming_file_and_line(void **state)
{
	fx *f = *state;
	char text[1024];
	snprintf(text, sizeof text,
	         "theme = \"default\";\n"
	         "accounts = (\n"
	         "  { name = \"gcore\"; provider = \"gcore\"; api_url = \"%s\";\n"
	         "    api_key_env \"GCORE_API_KEY\"; }\n"   /* no '=': line 4 */
	         ");\n", emu_url(f->emu));
	assert_int_equal(fx_write_config_text(f, text), 0);
	term *t = fx_spawn(f, NULL, NULL, 24, 120);
	assert_non_null(t);
	int status;
	if (term_wait_exit(t, TERM_TIMEOUT_MS, &status) != 0) {
		term_dump(t, stderr);
		fail_msg("origo did not exit on a broken config");
	}
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 2);
	if (!term_contains(t, "config") || !(term_contains(t, "line 4") || term_contains(t, ":4"))) {
		term_dump(t, stderr);
		fail_msg("the message should name the file and the line");
	}
	/* and an unknown key, in a file of its own, also by line */
	snprintf(text, sizeof text,
	         "theme = \"default\";\n"
	         "colour_mode = 7;\n"
	         "accounts = ( { name = \"gcore\"; provider = \"gcore\"; api_url = \"%s\";\n"
	         "    api_key_env = \"GCORE_API_KEY\"; } );\n", emu_url(f->emu));
	assert_int_equal(fx_write_config_text(f, text), 0);
	char *err = NULL;
	char *args[] = { "list", NULL };
	int rc = fx_run(f, args, NULL, NULL, &err);
	assert_int_equal(rc, 2);
	if (!fx_has(err, f->config_path) || !(fx_has(err, "line 2") || fx_has(err, ":2"))) {
		fprintf(stderr, "stderr: %s\n", err ? err : "(none)");
		free(err);
		fail_msg("an unknown key should be named with the file and the line");
	}
	free(err);
}

static void test_missing_key_names_the_variable(void **state)
{
	fx *f = *state;
	char *env[] = { "GCORE_API_KEY", NULL };   /* unset */
	term *t = fx_spawn(f, NULL, env, 24, 100);
	assert_non_null(t);
	/* either a message in the UI, or an exit with it on stderr */
	TERM_TEXT(t, "GCORE_API_KEY");
	/* origo exits (status 2) right after the message: let it, so that the
	 * teardown does not race that exit with its q (it read the exit as a
	 * failed quit) */
	int status;
	if (term_wait_exit(t, 5000, &status) == 0)
		assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 2);
	assert_int_equal(emu_log_count(f->emu, NULL, NULL), 0);
	/* the plain command line says it on stderr */
	char *err = NULL;
	char *args[] = { "list", "--json", NULL };
	int rc = fx_run(f, args, env, NULL, &err);
	assert_true(rc == 1 || rc == 2);
	if (!fx_has(err, "GCORE_API_KEY")) {
		fprintf(stderr, "stderr: %s\n", err ? err : "(none)");
		free(err);
		fail_msg("stderr should name the variable to set");
	}
	free(err);
}

/* A dropped SSH link: the terminal goes away. origo must end, not spin. */
static void test_terminal_hangup_ends_origo(void **state)
{
	fx *f = *state;
	term *t = fx_open(f, NULL, NULL);
	TERM_ASSERT_CONTAINS(t, "web-main");
	term_hangup(t);
	int status;
	if (term_wait_exit(t, 5000, &status) != 0)
		fail_msg("origo still runs 5 s after its terminal went away");
	/* SIGHUP's default action, or an orderly exit: either is fine */
	assert_true(WIFSIGNALED(status) ? WTERMSIG(status) == SIGHUP : 1);
}

/* A stop signal puts the terminal back as q does: the alternate screen left
 * (rmcup) and the cursor shown again (cnorm), then exit 128 + the signal.
 * Ctrl-\\ (SIGQUIT) once left the terminal raw, on the alternate screen,
 * with no cursor. */
static void stop_signal_restores_terminal(fx *f, int sig, const char *key)
{
	term *t = fx_open(f, NULL, NULL);
	TERM_ASSERT_CONTAINS(t, "web-main");
	term_reset_bytes(t);
	if (key)
		term_key(t, key);            /* through the pty: the tty sends the signal */
	else
		kill(term_pid(t), sig);
	int status;
	if (term_wait_exit(t, 10000, &status) != 0)
		fail_msg("origo still runs 10 s after signal %d", sig);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 128 + sig) {
		term_dump_raw(t, stderr);
		fail_msg("signal %d: expected exit status %d, got %s %d", sig, 128 + sig,
		         WIFEXITED(status) ? "exit" : "signal",
		         WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
	}
	if (!term_raw_contains(t, "\x1b[?1049l") || !term_raw_contains(t, "\x1b[?25h")) {
		term_dump_raw(t, stderr);
		fail_msg("signal %d: the alternate screen was not left or the cursor not shown", sig);
	}
}

static void test_ctrl_backslash_restores_terminal(void **state)
{
	stop_signal_restores_terminal(*state, SIGQUIT, "\x1c");
}

static void test_sigquit_and_sigterm_restore_terminal(void **state)
{
	stop_signal_restores_terminal(*state, SIGQUIT, NULL);
	stop_signal_restores_terminal(*state, SIGTERM, NULL);
}

/* A terminal that cannot move the cursor gets no garbled screen: origo
 * refuses at once with a message naming TERM, exit status 2, before curses
 * writes anything. Without TERM at all, the same. */
static void test_dumb_terminal_refused(void **state)
{
	fx *f = *state;
	const char *terms[] = { "TERM=dumb", "TERM" };
	for (size_t i = 0; i < 2; i++) {
		char *env[] = { (char *)terms[i], NULL };
		term *t = fx_spawn(f, NULL, env, 24, 80);
		assert_non_null(t);
		int status;
		if (term_wait_exit(t, 10000, &status) != 0)
			fail_msg("%s: origo should refuse the terminal and exit", terms[i]);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 2);
		TERM_ASSERT_CONTAINS(t, "TERM");
		if (i == 0)
			TERM_ASSERT_CONTAINS(t, "cannot move the cursor");
		/* no curses output: no escape sequence at all */
		if (term_raw_contains(t, "\x1b")) {
			term_dump_raw(t, stderr);
			fail_msg("%s: escape sequences written before the refusal", terms[i]);
		}
		assert_int_equal(emu_log_count(f->emu, NULL, NULL), 0);
	}
}

static int setup_errors(void **state)
{
	return fx_group_setup_state(state, SEED_STATE);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_test_setup, fx_test_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_wrong_key_says_authentication_failed),
		T(test_ctrl_backslash_restores_terminal),
		T(test_dumb_terminal_refused),
		T(test_sigquit_and_sigterm_restore_terminal),
		T(test_429_is_retried),
		T(test_connection_reset),
		T(test_malformed_body),
		T(test_truncated_body),
		T(test_emulator_gone_names_the_host),
		T(test_config_error_exits_2_naming_file_and_line),
		T(test_missing_key_names_the_variable),
		T(test_terminal_hangup_ends_origo),
	};
	return cmocka_run_group_tests_name("e2e_errors", tests, setup_errors, fx_group_teardown);
}
