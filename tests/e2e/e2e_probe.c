/* End to end: `p` probes every source of a group against listeners this test
 * starts on loopback: a tiny HTTP server answering 200 (it records the Host
 * header it got), a closed port (refused), a socket that listens but never
 * accepts (timeout), and `openssl s_server` with a self-signed certificate
 * made for the test. The PROBE column, the detail block, and that a toggle
 * made while a slow probe runs is confirmed before the probe ends. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/e2e/fixture.h"
#include "tests/e2e/seed.h"

/* ---- loopback listeners -------------------------------------------------- */

static int listen_loopback(int *port)
{
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof sa;
	if (bind(fd, (struct sockaddr *)&sa, sizeof sa) < 0 || listen(fd, 16) < 0 ||
	    getsockname(fd, (struct sockaddr *)&sa, &len) < 0) {
		close(fd);
		return -1;
	}
	*port = ntohs(sa.sin_port);
	return fd;
}

typedef struct http200 {
	int fd, port;
	pthread_t th;
	atomic_bool stop;
	pthread_mutex_t mu;
	char host[256];     /* the Host header of the last request */
	int requests;
} http200;

static void *http200_main(void *arg)
{
	http200 *s = arg;
	while (!atomic_load(&s->stop)) {
		struct pollfd p = { s->fd, POLLIN, 0 };
		if (poll(&p, 1, 50) <= 0)
			continue;
		int c = accept(s->fd, NULL, NULL);
		if (c < 0)
			continue;
		char req[4096];
		size_t got = 0;
		while (got + 1 < sizeof req) {
			struct pollfd q = { c, POLLIN, 0 };
			if (poll(&q, 1, 2000) <= 0)
				break;
			ssize_t r = read(c, req + got, sizeof req - 1 - got);
			if (r <= 0)
				break;
			got += (size_t)r;
			req[got] = '\0';
			if (strstr(req, "\r\n\r\n") || req[0] == 0x16)
				break;   /* a whole request, or a TLS hello */
		}
		if (got > 0 && req[0] == 0x16) {
			/* what a plain HTTP server answers a TLS hello with */
			static const char bad[] = "HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n";
			ssize_t w = write(c, bad, sizeof bad - 1);
			(void)w;
			close(c);
			continue;
		}
		req[got] = '\0';
		pthread_mutex_lock(&s->mu);
		const char *h = strcasestr(req, "\r\nHost: ");
		if (h) {
			s->requests++;
			h += 8;
			size_t n = strcspn(h, "\r\n");
			if (n >= sizeof s->host)
				n = sizeof s->host - 1;
			memcpy(s->host, h, n);
			s->host[n] = '\0';
		}
		pthread_mutex_unlock(&s->mu);
		static const char resp[] = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
		ssize_t w = write(c, resp, sizeof resp - 1);
		(void)w;   /* the probe may have gone: nothing to do */
		close(c);
	}
	return NULL;
}

static int http200_start(http200 *s)
{
	memset(s, 0, sizeof *s);
	pthread_mutex_init(&s->mu, NULL);
	if ((s->fd = listen_loopback(&s->port)) < 0)
		return -1;
	return pthread_create(&s->th, NULL, http200_main, s) == 0 ? 0 : -1;
}

static void http200_stop(http200 *s)
{
	atomic_store(&s->stop, true);
	pthread_join(s->th, NULL);
	close(s->fd);
	pthread_mutex_destroy(&s->mu);
}

/* A port nothing listens on: bound, read, closed. */
static int closed_port(void)
{
	int port = 0, fd = listen_loopback(&port);
	if (fd < 0)
		return -1;
	close(fd);
	return port;
}

/* openssl s_server with a self-signed certificate made now in dir. */
typedef struct tls_server {
	pid_t pid;
	int port;
	int out;       /* its stdout, kept open so its writes never SIGPIPE it */
} tls_server;

static int tls_start(tls_server *s, const char *dir)
{
	char cmd[2048];
	snprintf(cmd, sizeof cmd,
	         "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes "
	         "-keyout '%s/key.pem' -out '%s/cert.pem' -days 2 -subj /CN=localhost "
	         ">/dev/null 2>&1", dir, dir);
	if (system(cmd) != 0) {
		fprintf(stderr, "e2e_probe: `openssl req` failed: is openssl installed?\n");
		return -1;
	}
	char key[600], cert[600];
	snprintf(key, sizeof key, "%s/key.pem", dir);
	snprintf(cert, sizeof cert, "%s/cert.pem", dir);
	int out[2];
	if (pipe(out) < 0)
		return -1;
	s->pid = fork();
	if (s->pid < 0)
		return -1;
	if (s->pid == 0) {
		dup2(out[1], 1);
		close(out[0]);
		close(out[1]);
		int devnull = open("/dev/null", O_RDONLY);
		if (devnull >= 0) {
			dup2(devnull, 0);
			dup2(devnull, 2);   /* its notes on each rejected handshake */
		}
		execlp("openssl", "openssl", "s_server", "-accept", "127.0.0.1:0", "-cert", cert,
		       "-key", key, "-www", (char *)NULL);
		_exit(127);
	}
	close(out[1]);
	/* It prints "ACCEPT 127.0.0.1:PORT" once it listens. */
	char buf[4096];
	size_t got = 0;
	s->port = -1;
	while (got + 1 < sizeof buf) {
		struct pollfd p = { out[0], POLLIN, 0 };
		if (poll(&p, 1, 10000) <= 0)
			break;
		ssize_t r = read(out[0], buf + got, sizeof buf - 1 - got);
		if (r <= 0)
			break;
		got += (size_t)r;
		buf[got] = '\0';
		const char *a = strstr(buf, "ACCEPT 127.0.0.1:");
		if (a && strchr(a, '\n')) {
			s->port = atoi(a + 17);
			break;
		}
	}
	s->out = out[0];
	return s->port > 0 ? 0 : -1;
}

static void tls_stop(tls_server *s)
{
	if (s->pid > 0) {
		kill(s->pid, SIGTERM);
		waitpid(s->pid, NULL, 0);
		s->pid = 0;
	}
	if (s->out > 0)
		close(s->out);
	s->out = -1;
}

/* ---- the lab ------------------------------------------------------------- */

typedef struct lab {
	http200 ok;
	int refused_port;
	int slow_fd, slow_port;
	tls_server tls;
	char ok_src[64], refused_src[64], slow_src[64], tls_src[64];
} lab;

static lab *running_lab;   /* stopped by the teardown when a test failed */

static void lab_start(fx *f, lab *l)
{
	memset(l, 0, sizeof *l);
	assert_int_equal(http200_start(&l->ok), 0);
	l->refused_port = closed_port();
	assert_true(l->refused_port > 0);
	l->slow_fd = listen_loopback(&l->slow_port);
	assert_true(l->slow_fd >= 0);
	assert_int_equal(tls_start(&l->tls, f->dir), 0);
	snprintf(l->ok_src, sizeof l->ok_src, "127.0.0.1:%d", l->ok.port);
	snprintf(l->refused_src, sizeof l->refused_src, "127.0.0.1:%d", l->refused_port);
	snprintf(l->slow_src, sizeof l->slow_src, "127.0.0.1:%d", l->slow_port);
	snprintf(l->tls_src, sizeof l->tls_src, "127.0.0.1:%d", l->tls.port);
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
	running_lab = l;
	assert_int_equal(emu_put_group(f->emu, "201", group), 0);
}

static void lab_stop(lab *l)
{
	running_lab = NULL;
	http200_stop(&l->ok);
	close(l->slow_fd);
	tls_stop(&l->tls);
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
	pthread_mutex_lock(&l.ok.mu);
	int requests = l.ok.requests;
	char host[256];
	snprintf(host, sizeof host, "%s", l.ok.host);
	pthread_mutex_unlock(&l.ok.mu);
	assert_int_equal(requests, 1);
	assert_string_equal(host, "www.probe.test");

	/* The detail of the source under the cursor (the first). */
	char line[200];
	snprintf(line, sizeof line, "http://www.probe.test/ -> %s  SNI -  Host www.probe.test", l.ok_src);
	TERM_ASSERT_CONTAINS(t, line);
	TERM_ASSERT_CONTAINS(t, "Phases: DNS ");
	TERM_ASSERT_CONTAINS(t, "  connect ");
	TERM_ASSERT_CONTAINS(t, "  total ");
	snprintf(line, sizeof line, "Address: 127.0.0.1 port %d (resolved: 127.0.0.1)", l.ok.port);
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
	snprintf(line, sizeof line, "Address: 127.0.0.1 port %d", l.refused_port);
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
	pthread_mutex_lock(&l.ok.mu);
	int requests = l.ok.requests;
	pthread_mutex_unlock(&l.ok.mu);
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
