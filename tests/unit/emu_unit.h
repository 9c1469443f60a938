/* A private origo-emu for one unit-test binary (test_worker, test_http,
 * test_yandex, test_edgio): start it on a free port in a temporary folder of
 * its own, talk to its control API, read its log and fixtures. Header-only
 * (static functions) because every unit test is one .c file linked with
 * model/ and net/ only. Include after cmocka.h. */
#ifndef TESTS_EMU_UNIT_H
#define TESTS_EMU_UNIT_H

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <curl/curl.h>
#include <cjson/cJSON.h>

#include "net/worker.h"
#include "net/sync.h"

/* The emulator's default Gcore API key (tests/README.md). */
#define EMU_KEY "4242_emulatorkey"

/* On every helper: each including test calls only some of them, and
 * -Wunused-function (with -Werror) would fail its build over the others. */
#define EMU_MAYBE_UNUSED __attribute__((unused))

static pid_t emu_pid = -1;
static int emu_port;
static char emu_dir[64];
static char emu_url[64];

EMU_MAYBE_UNUSED static double emu_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ORIGO_EMU_BIN, else the plain or ASan build's emulator. */
EMU_MAYBE_UNUSED static const char *emu_bin(char *buf, size_t n)
{
	const char *e = getenv("ORIGO_EMU_BIN");
	if (e && *e && access(e, X_OK) == 0)
		return e;
	const char *root = getenv("ORIGO_SRCDIR");
	const char *variants[] = { "normal", "asan" };
	for (size_t i = 0; i < 2; i++) {
		snprintf(buf, n, "%s/build/%s/origo-emu", root && *root ? root : ".", variants[i]);
		if (access(buf, X_OK) == 0)
			return buf;
	}
	return e && *e ? e : buf;
}

/* Starts the emulator with `generate` generated Gcore groups (0: its own
 * default state). Returns 0, or -1 with the reason on stderr. */
EMU_MAYBE_UNUSED static int emu_start_generated(const char *tag, int generate)
{
	char binbuf[1024];
	const char *bin = emu_bin(binbuf, sizeof binbuf);
	if (access(bin, X_OK) != 0) {
		fprintf(stderr, "%s: no emulator at %s (set ORIGO_EMU_BIN)\n", tag, bin);
		return -1;
	}
	snprintf(emu_dir, sizeof emu_dir, "/tmp/origo-%s-XXXXXX", tag);
	if (!mkdtemp(emu_dir))
		return -1;
	char port_file[128], gen[16];
	snprintf(port_file, sizeof port_file, "%s/port", emu_dir);
	snprintf(gen, sizeof gen, "%d", generate);
	const char *argv[] = { bin, "--port", "0", "--port-file", port_file, "--quiet",
	                       generate > 0 ? "--generate" : NULL, gen, NULL };
	emu_pid = fork();
	if (emu_pid < 0)
		return -1;
	if (emu_pid == 0) {
		int devnull = open("/dev/null", O_WRONLY);
		if (devnull >= 0) {
			dup2(devnull, 1);
			close(devnull);
		}
		execv(bin, (char *const *)argv);
		_exit(127);
	}
	for (double t0 = emu_now(); emu_now() - t0 < 10;) {
		FILE *f = fopen(port_file, "r");
		if (f) {
			int p = 0;
			int got = fscanf(f, "%d", &p);
			fclose(f);
			if (got == 1 && p > 0) {
				emu_port = p;
				snprintf(emu_url, sizeof emu_url, "http://127.0.0.1:%d", p);
				return 0;
			}
		}
		int status;
		if (waitpid(emu_pid, &status, WNOHANG) == emu_pid) {
			emu_pid = -1;
			fprintf(stderr, "%s: the emulator exited at start\n", tag);
			return -1;
		}
		usleep(20000);
	}
	fprintf(stderr, "%s: the emulator wrote no port file\n", tag);
	return -1;
}

EMU_MAYBE_UNUSED static int emu_start(const char *tag)
{
	return emu_start_generated(tag, 0);
}

EMU_MAYBE_UNUSED static int emu_stop(void **state)
{
	(void)state;
	if (emu_pid > 0) {
		kill(emu_pid, SIGTERM);   /* the emulator this binary started */
		waitpid(emu_pid, NULL, 0);
		emu_pid = -1;
	}
	if (emu_dir[0]) {
		char p[128];
		snprintf(p, sizeof p, "%s/port", emu_dir);
		unlink(p);
		rmdir(emu_dir);
		emu_dir[0] = '\0';
	}
	return 0;
}

typedef struct emu_buf { char *p; size_t n; } emu_buf;

EMU_MAYBE_UNUSED static size_t emu_on_data(char *ptr, size_t size, size_t nmemb, void *user)
{
	emu_buf *b = user;
	size_t n = size * nmemb;
	char *q = realloc(b->p, b->n + n + 1);
	if (!q)
		return 0;
	memcpy(q + b->n, ptr, n);
	b->p = q;
	b->n += n;
	b->p[b->n] = '\0';
	return n;
}

/* A request to the control API; returns the status, *out the parsed body. */
EMU_MAYBE_UNUSED static long emu_ctl(const char *method, const char *path, const char *body, cJSON **out)
{
	CURL *h = curl_easy_init();
	assert_non_null(h);
	char url[512];
	snprintf(url, sizeof url, "http://127.0.0.1:%d%s", emu_port, path);
	emu_buf b = { 0 };
	struct curl_slist *hd = curl_slist_append(NULL, "Content-Type: application/json");
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hd);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, emu_on_data);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, &b);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, 30L);
	if (body)
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
	long status = 0;
	CURLcode rc = curl_easy_perform(h);
	if (rc == CURLE_OK)
		curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
	curl_slist_free_all(hd);
	curl_easy_cleanup(h);
	if (out)
		*out = b.p ? cJSON_Parse(b.p) : NULL;
	free(b.p);
	if (rc != CURLE_OK)
		fail_msg("emulator control %s %s: %s", method, path, curl_easy_strerror(rc));
	return status;
}

EMU_MAYBE_UNUSED static void emu_ok(const char *method, const char *path, const char *body)
{
	cJSON *j = NULL;
	long st = emu_ctl(method, path, body, &j);
	if (st < 200 || st > 299) {
		char *t = j ? cJSON_PrintUnformatted(j) : NULL;
		fail_msg("%s %s answered %ld %s", method, path, st, t ? t : "");
	}
	cJSON_Delete(j);
}

/* Back to a known emulator: no faults, no latency, `state` (if not NULL) in
 * place, an empty log. Returns -1 (reason on stderr) if the state was refused. */
EMU_MAYBE_UNUSED static int emu_reset(const char *state)
{
	emu_ctl("DELETE", "/_emu/faults", NULL, NULL);
	emu_ctl("POST", "/_emu/settings", "{\"latency_ms\":0,\"s3_omitted_keys\":\"reject\",\"s3_secret_echo\":\"reject\"}", NULL);
	if (state) {
		long st = emu_ctl("PUT", "/_emu/state", state, NULL);
		if (st < 200 || st > 299) {
			fprintf(stderr, "PUT /_emu/state answered %ld\n", st);
			return -1;
		}
	}
	emu_ctl("DELETE", "/_emu/log", NULL, NULL);
	return 0;
}

/* A cmocka setup's whole job for the provider suites: starts the emulator
 * once (tagged), then no faults, `settings` and `state` applied (the test
 * fails if either is refused), an empty log. 0, or -1 if it cannot start. */
EMU_MAYBE_UNUSED static int emu_setup(const char *tag, const char *settings, const char *state)
{
	if (emu_pid <= 0 && emu_start(tag) != 0)
		return -1;
	emu_ctl("DELETE", "/_emu/faults", NULL, NULL);
	emu_ok("POST", "/_emu/settings", settings);
	emu_ok("PUT", "/_emu/state", state);
	emu_ctl("DELETE", "/_emu/log", NULL, NULL);
	return 0;
}

EMU_MAYBE_UNUSED static void emu_add_fault(const char *json)
{
	long st = emu_ctl("POST", "/_emu/faults", json, NULL);
	if (st < 200 || st > 299)
		fail_msg("fault %s refused: HTTP %ld", json, st);
}

/* The request log. caller frees with cJSON_Delete(). */
EMU_MAYBE_UNUSED static cJSON *emu_log(void)
{
	cJSON *j = NULL;
	assert_int_equal(emu_ctl("GET", "/_emu/log", NULL, &j), 200);
	assert_true(cJSON_IsArray(j));
	return j;
}

EMU_MAYBE_UNUSED static const char *log_str(const cJSON *e, const char *k)
{
	const cJSON *v = cJSON_GetObjectItem(e, k);
	return cJSON_IsString(v) ? v->valuestring : "";
}

/* Entries with this method whose path starts with `prefix` (NULL: any). */
EMU_MAYBE_UNUSED static int count_log(const cJSON *log, const char *method, const char *prefix)
{
	int n = 0;
	const cJSON *e;
	cJSON_ArrayForEach(e, log) {
		if (strcmp(log_str(e, "method"), method) == 0 &&
		    (!prefix || strncmp(log_str(e, "path"), prefix, strlen(prefix)) == 0))
			n++;
	}
	return n;
}

/* Entries with this method and exactly this path (NULL: any). */
EMU_MAYBE_UNUSED static int count_log_exact(const cJSON *log, const char *method, const char *path)
{
	int n = 0;
	const cJSON *e;
	cJSON_ArrayForEach(e, log) {
		if (strcmp(log_str(e, "method"), method) == 0 &&
		    (!path || strcmp(log_str(e, "path"), path) == 0))
			n++;
	}
	return n;
}

/* The n-th (0-based) entry with this method and path prefix, or NULL. */
EMU_MAYBE_UNUSED static const cJSON *find_log(const cJSON *log, const char *method, const char *prefix, int nth)
{
	const cJSON *e;
	cJSON_ArrayForEach(e, log) {
		if (strcmp(log_str(e, "method"), method) == 0 &&
		    strncmp(log_str(e, "path"), prefix, strlen(prefix)) == 0 && nth-- == 0)
			return e;
	}
	return NULL;
}

EMU_MAYBE_UNUSED static int count_status(const cJSON *log, long status)
{
	int n = 0;
	const cJSON *e;
	cJSON_ArrayForEach(e, log) {
		const cJSON *s = cJSON_GetObjectItem(e, "status");
		if (cJSON_IsNumber(s) && s->valueint == status)
			n++;
	}
	return n;
}

/* A fixture file's text. caller frees. */
EMU_MAYBE_UNUSED static char *fixture(const char *rel)
{
	const char *root = getenv("ORIGO_SRCDIR");
	char path[1024];
	snprintf(path, sizeof path, "%s/tests/fixtures/%s", root && *root ? root : ".", rel);
	FILE *f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open fixture %s", path);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *t = malloc((size_t)n + 1);
	assert_non_null(t);
	assert_int_equal(fread(t, 1, (size_t)n, f), (size_t)n);
	t[n] = '\0';
	fclose(f);
	return t;
}

/* Waits on the wake pipe for one result. caller frees with job_result_free(). */
EMU_MAYBE_UNUSED static job_result *wait_result(worker *w, double timeout)
{
	double t0 = emu_now();
	for (;;) {
		job_result *r = worker_take_result(w);
		if (r)
			return r;
		double left = timeout - (emu_now() - t0);
		if (left <= 0)
			fail_msg("no result within %.1f s", timeout);
		struct pollfd p = { .fd = worker_wake_fd(w), .events = POLLIN };
		if (poll(&p, 1, (int)(left * 1000) + 1) > 0)
			worker_drain_wake(w);
	}
}

/* A Gcore account on 127.0.0.1:port (the emulator's, or one nobody serves).
 * caller frees with net_account_free(). */
EMU_MAYBE_UNUSED static net_account *emu_open_gcore(const char *key, int port, int timeout)
{
	char url[64];
	snprintf(url, sizeof url, "http://127.0.0.1:%d", port);
	og_account acct = { .name = "emu", .provider = "gcore", .api_url = url, .read_only = -1,
	                    OG_SETTINGS({ .name = "api_key", .value = (char *)key }) };
	net_options opt = { .timeout_seconds = timeout };
	og_error err = { 0 };
	net_account *a = net_account_open(&acct, &opt, &err);
	if (!a)
		fail_msg("%s", err.msg);
	return a;
}

/* A group as a read shows it. caller frees with og_group_free(). */
EMU_MAYBE_UNUSED static og_group *emu_read_group(net_account *a, const char *id)
{
	og_group *g = NULL;
	og_error err = { 0 };
	if (net_get_group(a, id, &g, &err) != 0)
		fail_msg("%s", err.msg);
	return g;
}

/* A CHANGE job on a source as the UI would build it: seen is the source as
 * the last read showed it. caller frees with job_request_free() (or submits). */
EMU_MAYBE_UNUSED static job_request *emu_change_job(net_account *a, uint64_t tag, const og_group *g,
                                                    const char *key, og_field f, og_tri to)
{
	long idx = og_group_find_source(g, key);
	assert_true(idx >= 0);
	job_request *r = job_request_new(JOB_CHANGE, a, tag, g->id);
	assert_non_null(r);
	og_change c = { .group_id = g->id, .source_key = (char *)key, .field = f,
	                .from = og_source_flag_get(&g->sources[idx], f), .to = to };
	assert_int_equal(og_change_copy(&r->change, &c), 0);
	assert_int_equal(og_source_copy(&r->seen, &g->sources[idx]), 0);
	return r;
}

#endif
