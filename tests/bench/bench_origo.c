/* make bench: origo's speed and memory, each figure as a ratio against a
 * baseline measured in the same run on the same emulator data, because the
 * shared machines are too noisy for absolute targets.
 *
 *   list --json        origo list --json   vs  curl | jq -c . and vs curl
 *                      alone (the wire), both curls fetching the very
 *                      pages origo fetches (printed at the top)
 *   peak RSS           origo list --json   vs  jq -c . on the same JSON
 *   interactive RSS    the UI's peak RSS (VmHWM) once the list of 10,000
 *                      groups is idle on the screen vs jq's peak on the
 *                      same JSON
 *   first screen       spawn to the first idle screen (10,000 groups)
 *   filter keystroke   one key of `/` filtering to the idle screen after it
 *   cursor step        bytes written to the terminal for one `j`: the
 *                      cursor bar leaves one row and covers the next, so at
 *                      most two rows of the 80 columns plus 40 B of moves
 *                      and attributes
 *   slow link          bytes of a filter keystroke, a refresh that changed
 *                      nothing (0 B when back before the spinner's 400 ms),
 *                      and a toggle (e2e_slowlink has the strict budgets)
 *   sources screen     `S` with 10,000 groups loaded: the key sent to the
 *                      idle report after the sources screen is drawn (the
 *                      pivot of every origin built on the UI thread), vs a
 *                      filter keystroke of the groups screen (its view of the
 *                      same 10,000 groups built again) in the same session
 *   Edgio, 500 groups  origo -a edgio list --json (the groups, then every
 *                      group's origins fetched concurrently) vs one curl
 *                      fetching the same URLs one after another, at 50 ms
 *                      emulator latency
 *   bulk, 50 groups    origo disable ORIGIN --yes over 50 Gcore groups (a
 *                      fresh read and a write each) vs the same with
 *                      ORIGO_BULK_CONCURRENCY=1 (one group after another),
 *                      at 50 ms emulator latency
 *
 * Usage: bench_origo BUILD_DIR   (run from the repo root) */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "tests/e2e/emu_ctl.h"
#include "tests/e2e/term.h"

#define GROUPS "10000"
#define API_KEY "4242_emulatorkey"
#define RUNS 5
/* list --json and its two baselines: ~25 ms a run where the VM's noise
 * moves one run by +-20%, so more runs than RUNS (the median of 5 moved
 * by +-15% from one bench to the next), interleaved, after one of each
 * not counted (the files and the emulator's pages warm) */
#define LIST_RUNS 15
#define PAGE_LIMIT 1000      /* net/gcore/gcore.c's GCORE_PAGE_LIMIT */
#define PARALLEL_PAGES 4     /* and its GCORE_PARALLEL */

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, n, sizeof *v, cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Runs argv with stdout to `out` (NULL: /dev/null); wall ms and peak RSS KiB. */
static int run_measured(char *const argv[], const char *out, double *ms, long *rss_kib)
{
	double t0 = now_ms();
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		int fd = open(out ? out : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (fd >= 0) {
			dup2(fd, 1);
			close(fd);
		}
		execvp(argv[0], argv);
		_exit(127);
	}
	int status;
	struct rusage ru;
	if (wait4(pid, &status, 0, &ru) < 0)
		return -1;
	*ms = now_ms() - t0;
	if (rss_kib)
		*rss_kib = ru.ru_maxrss;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

static const char *verdict(int ok) { return ok ? "ok" : "MISSED"; }

/* A "VmHWM:"-style line of /proc/PID/status, in KiB; -1 when unreadable. */
static long proc_status_kib(pid_t pid, const char *field)
{
	char path[64], line[256];
	snprintf(path, sizeof path, "/proc/%ld/status", (long)pid);
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	long v = -1;
	size_t n = strlen(field);
	while (fgets(line, sizeof line, f))
		if (strncmp(line, field, n) == 0 && line[n] == ':') {
			v = strtol(line + n + 1, NULL, 10);
			break;
		}
	fclose(f);
	return v;
}

/* ---- Edgio: 500 groups at 50 ms latency, concurrent vs sequential ---- */

#define EDGIO_GROUPS "500"
#define EDGIO_LATENCY_MS 50
#define EDGIO_CLIENT_ID "origo-emu-client"
#define EDGIO_CLIENT_SECRET "origo-emu-secret"   /* the emulator's default */
#define EDGIO_RUNS 3

static char *read_text(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return NULL;
	char *buf = NULL;
	size_t len = 0, cap = 0;
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if (len + n + 1 > cap) {
			cap = (len + n + 1) * 2;
			char *p = realloc(buf, cap);
			if (!p) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = p;
		}
		memcpy(buf + len, chunk, n);
		len += n;
	}
	fclose(f);
	if (!buf)
		buf = calloc(1, 1);
	else
		buf[len] = '\0';
	return buf;
}

/* How many groups a list --json printed (a bare array or {"groups": [...]}). */
static int json_groups(const char *path)
{
	char *text = read_text(path);
	cJSON *j = text ? cJSON_Parse(text) : NULL;
	free(text);
	const cJSON *arr = cJSON_IsArray(j) ? j : cJSON_GetObjectItemCaseSensitive(j, "groups");
	int n = cJSON_IsArray(arr) ? cJSON_GetArraySize(arr) : -1;
	cJSON_Delete(j);
	return n;
}

/* The second section: its own emulator (--generate makes the Edgio groups),
 * its own config. Returns 0, or 1 when something could not run. */
static int bench_edgio(const char *dir, const char *origo, const char *emu_bin)
{
	char sub[128], cfg[256], out[256], tokfile[256], curlcfg[256], groups_json[256];
	snprintf(sub, sizeof sub, "%s/edgio", dir);
	mkdir(sub, 0700);
	snprintf(cfg, sizeof cfg, "%s/config", sub);
	snprintf(out, sizeof out, "%s/list.json", sub);
	snprintf(tokfile, sizeof tokfile, "%s/token.json", sub);
	snprintf(curlcfg, sizeof curlcfg, "%s/urls.curl", sub);
	snprintf(groups_json, sizeof groups_json, "%s/groups.json", sub);

	char *emu_args[] = { "--generate", EDGIO_GROUPS, NULL };
	emu *e = emu_start(emu_bin, sub, emu_args);
	if (!e)
		return 1;
	char set[64];
	snprintf(set, sizeof set, "{\"latency_ms\":%d}", EDGIO_LATENCY_MS);
	if (emu_settings(e, set) != 0) {
		emu_stop(e);
		return 1;
	}
	FILE *f = fopen(cfg, "w");
	if (!f) {
		emu_stop(e);
		return 1;
	}
	fchmod(fileno(f), 0600);
	fprintf(f, "accounts = ( { name = \"edgio\"; provider = \"edgio\"; api_url = \"%s\";"
	           " token_url = \"%s/connect/token\"; platform = \"http-large\";"
	           " client_id = \"" EDGIO_CLIENT_ID "\"; client_secret_env = \"BENCH_EDGIO_SECRET\"; } );\n",
	        emu_url(e), emu_url(e));
	fclose(f);
	setenv("BENCH_EDGIO_SECRET", EDGIO_CLIENT_SECRET, 1);

	/* origo: token, groups, then every group's origins at once */
	char *origo_list[] = { (char *)origo, "-c", cfg, "-a", "edgio", "list", "--json", NULL };
	double t_origo[EDGIO_RUNS];
	for (int i = 0; i < EDGIO_RUNS; i++) {
		if (run_measured(origo_list, out, &t_origo[i], NULL) != 0) {
			fprintf(stderr, "bench: origo -a edgio list --json failed\n");
			emu_stop(e);
			return 1;
		}
	}
	int listed = json_groups(out);

	/* curl: one token first (not timed), the groups list for the ids */
	char url_token[300], url_groups[300];
	snprintf(url_token, sizeof url_token, "%s/connect/token", emu_url(e));
	snprintf(url_groups, sizeof url_groups, "%s/cdn/origins/v0.5/http-large/groups", emu_url(e));
	char *curl_token[] = { "curl", "-s", "-o", tokfile, "-d", "grant_type=client_credentials",
	                       "-d", "client_id=" EDGIO_CLIENT_ID, "-d", "client_secret=" EDGIO_CLIENT_SECRET,
	                       "-d", "scope=cdn.origins", url_token, NULL };
	double ignored;
	char *text = NULL;
	cJSON *tok = NULL;
	if (run_measured(curl_token, NULL, &ignored, NULL) != 0 || !(text = read_text(tokfile)) ||
	    !(tok = cJSON_Parse(text)) ||
	    !cJSON_IsString(cJSON_GetObjectItemCaseSensitive(tok, "access_token"))) {
		fprintf(stderr, "bench: curl could not get an Edgio token (is curl installed?)\n");
		free(text);
		cJSON_Delete(tok);
		emu_stop(e);
		return 1;
	}
	free(text);
	char auth[512];
	snprintf(auth, sizeof auth, "Authorization: Bearer %s",
	         cJSON_GetObjectItemCaseSensitive(tok, "access_token")->valuestring);
	cJSON_Delete(tok);
	char *curl_groups[] = { "curl", "-s", "-o", groups_json, "-H", auth, url_groups, NULL };
	cJSON *groups = NULL;
	if (run_measured(curl_groups, NULL, &ignored, NULL) != 0 || !(text = read_text(groups_json)) ||
	    !(groups = cJSON_Parse(text)) || !cJSON_IsArray(groups)) {
		fprintf(stderr, "bench: curl could not list the Edgio groups\n");
		free(text);
		cJSON_Delete(groups);
		emu_stop(e);
		return 1;
	}
	free(text);
	/* the same URLs origo fetches, one curl fetching them one after another
	 * over one reused connection: the groups, then each group's origins */
	f = fopen(curlcfg, "w");
	if (!f) {
		cJSON_Delete(groups);
		emu_stop(e);
		return 1;
	}
	fchmod(fileno(f), 0600);
	fprintf(f, "silent\nheader = \"%s\"\n", auth);
	fprintf(f, "url = \"%s\"\noutput = \"/dev/null\"\n", url_groups);
	int urls = 1;
	const cJSON *g;
	cJSON_ArrayForEach(g, groups) {
		const cJSON *id = cJSON_GetObjectItemCaseSensitive(g, "id");
		if (!cJSON_IsNumber(id))
			continue;
		fprintf(f, "url = \"%s/%.0f/origins\"\noutput = \"/dev/null\"\n", url_groups, id->valuedouble);
		urls++;
	}
	fclose(f);
	cJSON_Delete(groups);
	char *curl_loop[] = { "curl", "-K", curlcfg, NULL };
	double t_curl;
	if (run_measured(curl_loop, NULL, &t_curl, NULL) != 0) {
		fprintf(stderr, "bench: the sequential curl over the Edgio URLs failed\n");
		emu_stop(e);
		return 1;
	}
	emu_stop(e);

	double mo = median(t_origo, EDGIO_RUNS);
	double ratio = mo > 0 ? t_curl / mo : 0;
	printf("\nEdgio: %s groups, %d ms emulator latency; origo median of %d runs, curl once\n\n",
	       EDGIO_GROUPS, EDGIO_LATENCY_MS, EDGIO_RUNS);
	printf("| measure | origo | baseline | speed-up | target |\n");
	printf("| --- | --- | --- | --- | --- |\n");
	printf("| -a edgio list --json (%d groups listed) | %.0f ms | sequential curl, %d URLs: %.0f ms "
	       "| %.1fx | >= 8x %s |\n",
	       listed, mo, urls, t_curl, ratio, verdict(ratio >= 8.0 && listed == atoi(EDGIO_GROUPS)));
	if (listed != atoi(EDGIO_GROUPS))
		fprintf(stderr, "bench: origo listed %d Edgio groups, want %s\n", listed, EDGIO_GROUPS);
	return 0;
}

/* `S` to the idle report, RUNS times (Esc between, so each builds the
 * pivot from scratch); the median and the worst into *med and *max. 0, or
 * -1 when the screen never came. */
static int bench_sources(term *t, double *med, double *max)
{
	double ms[RUNS];
	*max = 0;
	for (int i = 0; i < RUNS; i++) {
		double k0 = now_ms();
		term_key(t, "S");
		if (term_wait_idle(t, 60000) != 0 || !term_contains(t, "ORIGIN"))
			return -1;
		struct timespec at = term_idle_time(t);
		ms[i] = at.tv_sec * 1e3 + at.tv_nsec / 1e6 - k0;
		if (ms[i] > *max)
			*max = ms[i];
		term_key(t, "<Esc>");
		term_wait_idle(t, 10000);
	}
	*med = median(ms, RUNS);
	return 0;
}

/* ---- bulk: one origin disabled in 50 Gcore groups at 50 ms latency ---- */

#define BULK_GROUPS 50
#define BULK_LATENCY_MS 50
#define BULK_RUNS 3

/* BULK_GROUPS groups, each with the shared origin and one of its own. */
static char *bulk_state(void)
{
	cJSON *st = cJSON_CreateObject(), *gc = cJSON_AddObjectToObject(st, "gcore");
	cJSON_AddStringToObject(gc, "api_key", API_KEY);
	cJSON *groups = cJSON_AddArrayToObject(gc, "groups");
	for (int i = 1; i <= BULK_GROUPS; i++) {
		char g[400];
		snprintf(g, sizeof g, "{\"id\":%d,\"name\":\"bulk-%02d\",\"use_next\":false,"
		         "\"proxy_next_upstream\":[\"error\"],\"auth_type\":\"none\",\"path\":\"\","
		         "\"has_related_resources\":false,\"sources\":["
		         "{\"source\":\"shared.example.com:80\",\"enabled\":true,\"backup\":false},"
		         "{\"source\":\"own%02d.example.com\",\"enabled\":true,\"backup\":false}]}",
		         1000 + i, i, i);
		cJSON_AddItemToArray(groups, cJSON_Parse(g));
	}
	char *text = cJSON_PrintUnformatted(st);
	cJSON_Delete(st);
	return text;
}

/* `origo disable` (the worker's default bound of 6 jobs an account) against
 * the same binary with ORIGO_BULK_CONCURRENCY=1: the same list, fresh
 * reads and writes, one group after another. Each run starts from the
 * seeded state and must leave the origin disabled in every group. */
static int bench_bulk(const char *dir, const char *origo, const char *emu_bin)
{
	char sub[128], cfg[256];
	snprintf(sub, sizeof sub, "%s/bulk", dir);
	mkdir(sub, 0700);
	snprintf(cfg, sizeof cfg, "%s/config", sub);
	char *state = bulk_state();
	emu *e = state ? emu_start(emu_bin, sub, NULL) : NULL;
	if (!e) {
		free(state);
		return 1;
	}
	FILE *f = fopen(cfg, "w");
	if (!f) {
		free(state);
		emu_stop(e);
		return 1;
	}
	fchmod(fileno(f), 0600);
	fprintf(f, "accounts = ( { name = \"bulk\"; provider = \"gcore\"; api_url = \"%s\";"
	           " api_key_env = \"GCORE_API_KEY\"; } );\n", emu_url(e));
	fclose(f);
	char set[64];
	snprintf(set, sizeof set, "{\"latency_ms\":%d}", BULK_LATENCY_MS);
	char *argv[] = { (char *)origo, "-c", cfg, "disable", "shared.example.com:80", "--yes", NULL };
	double t[2][BULK_RUNS];
	for (int run = 0; run < BULK_RUNS; run++) {
		for (int seq = 0; seq < 2; seq++) {
			if (emu_put_state(e, state) != 0 || emu_settings(e, set) != 0 || emu_clear_log(e) != 0) {
				fprintf(stderr, "bench: the emulator refused the bulk state\n");
				free(state);
				emu_stop(e);
				return 1;
			}
			if (seq)
				setenv("ORIGO_BULK_CONCURRENCY", "1", 1);
			int rc = run_measured(argv, NULL, &t[seq][run], NULL);
			unsetenv("ORIGO_BULK_CONCURRENCY");
			int writes = emu_log_count_writes(e);
			if (rc != 0 || writes != BULK_GROUPS) {
				fprintf(stderr, "bench: origo disable%s exited %d after %d writes, want 0 "
				        "after %d\n", seq ? " (one at a time)" : "", rc, writes, BULK_GROUPS);
				free(state);
				emu_stop(e);
				return 1;
			}
		}
	}
	free(state);
	emu_stop(e);
	double mc = median(t[0], BULK_RUNS), ms = median(t[1], BULK_RUNS);
	double ratio = ms > 0 ? mc / ms : 0;
	printf("\nBulk: one origin disabled in %d Gcore groups (a fresh read and a write each), "
	       "%d ms emulator latency; medians of %d runs\n\n", BULK_GROUPS, BULK_LATENCY_MS, BULK_RUNS);
	printf("| measure | origo | baseline | ratio | target |\n");
	printf("| --- | --- | --- | --- | --- |\n");
	printf("| disable ORIGIN --yes, %d groups | %.0f ms | the same, ORIGO_BULK_CONCURRENCY=1 "
	       "(one group after another): %.0f ms | %.2f | <= 0.25 %s |\n",
	       BULK_GROUPS, mc, ms, ratio, verdict(ratio > 0 && ratio <= 0.25));
	return 0;
}

int main(int argc, char **argv)
{
	const char *build = argc > 1 ? argv[1] : "build/normal";
	char dir[] = "/tmp/origo-bench.XXXXXX";
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	char origo[512], emu_bin[512], cfgdir[64], cfg[128], json[128];
	snprintf(origo, sizeof origo, "%s/origo", build);
	snprintf(emu_bin, sizeof emu_bin, "%s/origo-emu", build);
	snprintf(cfgdir, sizeof cfgdir, "%s/origo", dir);
	snprintf(cfg, sizeof cfg, "%s/config", cfgdir);
	snprintf(json, sizeof json, "%s/list.json", dir);
	mkdir(cfgdir, 0700);

	char *emu_args[] = { "--generate", GROUPS, NULL };
	emu *e = emu_start(emu_bin, dir, emu_args);
	if (!e)
		return 1;
	FILE *f = fopen(cfg, "w");
	if (!f)
		return 1;
	fchmod(fileno(f), 0600);
	fprintf(f, "accounts = ( { name = \"bench\"; provider = \"gcore\"; api_url = \"%s\";"
	           " api_key_env = \"GCORE_API_KEY\"; } );\n", emu_url(e));
	fclose(f);
	setenv("GCORE_API_KEY", API_KEY, 1);
	setenv("HOME", dir, 1);
	setenv("XDG_CONFIG_HOME", dir, 1);

	printf("origo bench: %s groups in the emulator, median of %d runs (list --json: %d)\n\n",
	       GROUPS, RUNS, LIST_RUNS);
	printf("list --json: each side fetches the same %d pages of /cdn/origin_groups?limit=%d&offset=N\n"
	       "  origo       origo list --json > /dev/null: the first page, then the other %d, %d at a time;\n"
	       "              each page read and made provider-neutral JSON as it arrives, on two helper\n"
	       "              threads side by side (the first while the others travel), written once the\n"
	       "              last is in\n"
	       "  curl | jq   one curl, the pages one after another on one connection, piped to\n"
	       "              jq -c . > /dev/null\n"
	       "  curl alone  one curl, the pages %d at a time (--parallel), bodies to /dev/null\n\n",
	       (atoi(GROUPS) + PAGE_LIMIT - 1) / PAGE_LIMIT, PAGE_LIMIT,
	       (atoi(GROUPS) + PAGE_LIMIT - 1) / PAGE_LIMIT - 1, PARALLEL_PAGES, PARALLEL_PAGES);

	/* list --json against curl | jq and curl alone, fetching the very pages
	 * origo fetches: Gcore's list is paged, 1,000 groups a page (origo asks
	 * for the first, learns the count, then the other nine 4 at a time). */
	char url[300], pipeline[1024], pages_seq[300], pages_par[300];
	snprintf(url, sizeof url, "%s/cdn/origin_groups", emu_url(e));
	snprintf(pages_seq, sizeof pages_seq, "%s/pages-seq.curl", dir);
	snprintf(pages_par, sizeof pages_par, "%s/pages-par.curl", dir);
	const int n_pages = (atoi(GROUPS) + PAGE_LIMIT - 1) / PAGE_LIMIT;
	FILE *fs = fopen(pages_seq, "w"), *fp = fopen(pages_par, "w");
	if (!fs || !fp)
		return 1;
	fprintf(fs, "silent\nheader = \"Authorization: APIKey %s\"\n", API_KEY);
	fprintf(fp, "silent\nno-progress-meter\nparallel\nparallel-max = %d\nheader = \"Authorization: APIKey %s\"\n",
	        PARALLEL_PAGES, API_KEY);
	for (int i = 0; i < n_pages; i++) {
		fprintf(fs, "url = \"%s?limit=%d&offset=%d\"\n", url, PAGE_LIMIT, i * PAGE_LIMIT);
		fprintf(fp, "url = \"%s?limit=%d&offset=%d\"\noutput = \"/dev/null\"\n", url, PAGE_LIMIT,
		        i * PAGE_LIMIT);
	}
	fclose(fs);
	fclose(fp);
	snprintf(pipeline, sizeof pipeline, "curl -K '%s' | jq -c . >/dev/null", pages_seq);
	char *origo_list[] = { origo, "-c", cfg, "list", "--json", NULL };
	char *sh_pipe[] = { "/bin/sh", "-c", pipeline, NULL };
	char *curl_alone[] = { "curl", "-K", pages_par, NULL };
	double t_origo[LIST_RUNS + 1], t_pipe[LIST_RUNS + 1], t_curl[LIST_RUNS + 1];
	long rss_origo = 0, rss_jq = 0;
	/* run 0 is the warm-up, left out of the medians */
	for (int i = 0; i <= LIST_RUNS; i++) {
		long rss;
		if (run_measured(origo_list, NULL, &t_origo[i], &rss) != 0) {
			fprintf(stderr, "bench: origo list --json failed\n");
			return 1;
		}
		if (rss > rss_origo)
			rss_origo = rss;
		if (run_measured(sh_pipe, NULL, &t_pipe[i], NULL) != 0) {
			fprintf(stderr, "bench: curl | jq failed (are curl and jq installed?)\n");
			return 1;
		}
		if (run_measured(curl_alone, NULL, &t_curl[i], NULL) != 0) {
			fprintf(stderr, "bench: curl failed (is curl installed?)\n");
			return 1;
		}
	}
	/* jq's peak RSS on the same JSON, read from a file so only jq is counted. */
	char *curl_save[] = { "curl", "-s", "-o", json, "-H", "Authorization: APIKey " API_KEY, url, NULL };
	double ignored;
	run_measured(curl_save, NULL, &ignored, NULL);
	char *jq_argv[] = { "jq", "-c", ".", json, NULL };
	for (int i = 0; i < RUNS; i++) {
		long rss;
		run_measured(jq_argv, NULL, &ignored, &rss);
		if (rss > rss_jq)
			rss_jq = rss;
	}
	double mo = median(t_origo + 1, LIST_RUNS), mp = median(t_pipe + 1, LIST_RUNS),
	       mc = median(t_curl + 1, LIST_RUNS);

	/* The interactive UI: first idle screen, filter keystrokes, cursor steps. */
	char *ui_argv[] = { origo, "-c", cfg, NULL };
	char *ui_env[] = { "GCORE_API_KEY=" API_KEY, NULL };
	double t_first[3];
	long ui_hwm = -1, ui_rss = -1;
	double key_ms_max = 0, key_ms_sum = 0;
	int keys = 0;
	double step_bytes = 0;
	/* slow link: bytes of a filter keystroke, a refresh that changed
	 * nothing (and how long it took: the spinner shows after 400 ms), a
	 * toggle (-1: refused or not measured) */
	double filter_bytes = 0, refresh_ms = 0;
	size_t refresh_bytes = 0;
	long toggle_bytes = -1;
	double sources_ms = -1, sources_max = -1;
	for (int run = 0; run < 3; run++) {
		double t0 = now_ms();
		term *t = term_spawn(ui_argv, dir, ui_env, 24, 80);
		if (!t || term_wait_idle(t, 60000) != 0) {
			fprintf(stderr, "bench: origo did not reach an idle screen\n");
			return 1;
		}
		t_first[run] = now_ms() - t0;
		if (run == 0) {
			/* the list is loaded and drawn: the UI's peak and present RSS */
			ui_hwm = proc_status_kib(term_pid(t), "VmHWM");
			ui_rss = proc_status_kib(term_pid(t), "VmRSS");
			const int steps = 20;
			/* The first key also lets the load's message ("10000 groups")
			 * give way to the screen's keys: a one-off, not a step. */
			term_key(t, "j");
			term_wait_idle(t, 10000);
			term_reset_bytes(t);
			for (int i = 0; i < steps; i++) {
				term_key(t, "j");
				term_wait_idle(t, 10000);
			}
			step_bytes = (double)term_bytes(t) / steps;
			term_key(t, "/");
			term_wait_idle(t, 10000);
			const char *typed = "group-0999";
			term_reset_bytes(t);
			for (const char *c = typed; *c; c++) {
				char k[2] = { *c, 0 };
				double k0 = now_ms();
				term_key(t, k);
				term_wait_idle(t, 10000);
				struct timespec at = term_idle_time(t);
				double d = at.tv_sec * 1e3 + at.tv_nsec / 1e6 - k0;
				key_ms_sum += d;
				if (d > key_ms_max)
					key_ms_max = d;
				keys++;
			}
			filter_bytes = (double)term_bytes(t) / (double)strlen(typed);
			term_key(t, "<Enter>");
			term_wait_idle(t, 10000);
			term_key(t, "r");   /* settles the status line */
			term_wait_idle(t, 60000);
			term_reset_bytes(t);
			double r0 = now_ms();
			term_key(t, "r");
			term_wait_idle(t, 60000);
			struct timespec rt = term_idle_time(t);
			refresh_ms = rt.tv_sec * 1e3 + rt.tv_nsec / 1e6 - r0;
			refresh_bytes = term_bytes(t);
			/* a toggle: backup on the first source of the group found */
			term_key(t, "<Enter>");
			term_wait_idle(t, 60000);
			int writes = emu_log_count_writes(e);
			term_reset_bytes(t);
			term_key(t, "b");
			term_wait_idle(t, 60000);
			if (emu_log_count_writes(e) > writes)
				toggle_bytes = (long)term_bytes(t);
			if (bench_sources(t, &sources_ms, &sources_max) != 0)
				fprintf(stderr, "bench: the sources screen did not come\n");
		}
		term_free(t);
	}
	double first = median(t_first, 3);

	printf("| measure | origo | baseline | ratio | target |\n");
	printf("| --- | --- | --- | --- | --- |\n");
	printf("| list --json, %s groups | %.0f ms | curl \\| jq: %.0f ms | %.2f | <= 0.70 %s |\n",
	       GROUPS, mo, mp, mo / mp, verdict(mo <= 0.7 * mp));
	printf("| list --json, %s groups | %.0f ms | curl alone: %.0f ms | %.2f | <= 1.50 %s |\n",
	       GROUPS, mo, mc, mo / mc, verdict(mo <= 1.5 * mc));
	printf("| peak RSS of list --json | %.1f MiB | jq: %.1f MiB | %.2f | < 1.00 %s |\n",
	       rss_origo / 1024.0, rss_jq / 1024.0, (double)rss_origo / rss_jq,
	       verdict(rss_origo < rss_jq));
	printf("| interactive RSS, %s groups idle (VmHWM; VmRSS %.1f MiB) | %.1f MiB | jq: %.1f MiB | %.2f | <= 0.70 %s |\n",
	       GROUPS, ui_rss / 1024.0, ui_hwm / 1024.0, rss_jq / 1024.0, (double)ui_hwm / rss_jq,
	       verdict(ui_hwm > 0 && ui_hwm <= 0.7 * rss_jq));
	printf("| first idle screen | %.0f ms | curl \\| jq: %.0f ms | %.2f | |\n",
	       first, mp, first / mp);
	printf("| filter keystroke (key sent to idle report, via pty) | mean %.2f ms, max %.2f ms | one frame: 16 ms | %.2f | well under 1 %s |\n",
	       key_ms_sum / keys, key_ms_max, key_ms_max / 16.0, verdict(key_ms_max < 16.0));
	const double step_limit = 2 * 80 + 40;   /* two rows of the 80 columns + 40 */
	printf("| bytes per cursor step | %.1f B | two rows + 40: %.0f B | %.2f | <= 1.00 %s |\n",
	       step_bytes, step_limit, step_bytes / step_limit, verdict(step_bytes <= step_limit));
	/* Here a keystroke may change every row of the list (10,000 groups);
	 * the < 200 B budget of e2e_slowlink is for a few rows changing. */
	printf("| bytes per filter keystroke (%s) | %.1f B | 80x24 screen: 1920 cells | %.3f | under a full screen %s |\n",
	       "group-0999", filter_bytes, filter_bytes / 1920.0, verdict(filter_bytes < 1920 / 2));
	printf("| bytes for a refresh that changed nothing | %zu B in %.0f ms | 0 B | | 0 B when back within 400 ms %s |\n",
	       refresh_bytes, refresh_ms, verdict(refresh_bytes == 0 || refresh_ms >= 400));
	if (toggle_bytes >= 0)
		printf("| bytes for a toggle | %ld B | 80x24 screen: 1920 cells | %.3f | < 400 B %s |\n",
		       toggle_bytes, toggle_bytes / 1920.0, verdict(toggle_bytes < 400));
	else
		printf("| bytes for a toggle | not measured (the toggle was refused) | | | |\n");

	if (sources_ms >= 0) {
		double base = key_ms_sum / keys;
		printf("| sources screen, %s groups (S to idle report, via pty) | median %.1f ms, max %.1f ms | groups filter keystroke: %.2f ms | %.1f | < 50 ms %s |\n",
		       GROUPS, sources_ms, sources_max, base, sources_ms / base, verdict(sources_max < 50.0));
	} else {
		printf("| sources screen | not measured (the screen never came) | | | < 50 ms MISSED |\n");
	}

	emu_stop(e);
	int rc = bench_edgio(dir, origo, emu_bin);
	rc |= bench_bulk(dir, origo, emu_bin);
	char rm[400];
	snprintf(rm, sizeof rm, "rm -rf '%s'", dir);
	if (system(rm) != 0)
		fprintf(stderr, "bench: could not remove %s\n", dir);
	return rc;
}
