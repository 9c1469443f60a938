/* Common setup of the end-to-end tests (see fixture.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "tests/e2e/fixture.h"
#include "tests/e2e/seed.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void path_from_env(char *dst, size_t cap, const char *var, const char *def)
{
	const char *v = getenv(var);
	if (!v || !*v)
		v = def;
	char real[PATH_MAX];
	if (realpath(v, real))
		v = real;
	snprintf(dst, cap, "%s", v);
}

fx *fx_new(void)
{
	fx *f = calloc(1, sizeof *f);
	if (!f)
		return NULL;
	const char *tmp = getenv("TMPDIR");
	snprintf(f->dir, sizeof f->dir, "%s/origo-e2e-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(f->dir)) {
		perror("e2e: mkdtemp");
		free(f);
		return NULL;
	}
	snprintf(f->config_path, sizeof f->config_path, "%s/origo/config", f->dir);
	path_from_env(f->origo_bin, sizeof f->origo_bin, "ORIGO_BIN", "build/normal/origo");
	path_from_env(f->emu_bin, sizeof f->emu_bin, "ORIGO_EMU_BIN", "build/normal/origo-emu");
	path_from_env(f->srcdir, sizeof f->srcdir, "ORIGO_SRCDIR", ".");
	/* origo finds themes/ through ORIGO_DATADIR; term_spawn passes ours on */
	const char *dd = getenv("ORIGO_DATADIR");
	if (!dd || !*dd)
		setenv("ORIGO_DATADIR", f->srcdir, 1);
	/* the test process itself must not be killed by a closed pipe */
	signal(SIGPIPE, SIG_IGN);
	return f;
}

static int rm_entry(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb; (void)flag; (void)ftw;
	return remove(p);
}

void fx_free(fx *f)
{
	if (!f)
		return;
	if (f->t)
		fx_close_term(f);
	if (f->emu)
		emu_stop(f->emu);
	if (f->dir[0])
		nftw(f->dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(f->seed);
	free(f);
}

static int write_file(const char *path, const char *text, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	if (fd < 0) {
		fprintf(stderr, "e2e: cannot write %s: %s\n", path, strerror(errno));
		return -1;
	}
	fchmod(fd, mode);
	size_t n = strlen(text);
	ssize_t w = write(fd, text, n);
	close(fd);
	return w == (ssize_t)n ? 0 : -1;
}

int fx_start_emu(fx *f, const char *seed_state, char *const extra_args[])
{
	char statefile[512];
	char *args[32];
	int n = 0;
	if (seed_state) {
		snprintf(statefile, sizeof statefile, "%s/state.json", f->dir);
		if (write_file(statefile, seed_state, 0600) != 0)
			return -1;
		free(f->seed);
		f->seed = strdup(seed_state);
		args[n++] = "--state";
		args[n++] = statefile;
	}
	for (int i = 0; extra_args && extra_args[i] && n < 30; i++)
		args[n++] = extra_args[i];
	args[n] = NULL;
	f->emu = emu_start(f->emu_bin, f->dir, args);
	return f->emu ? 0 : -1;
}

int fx_reset(fx *f)
{
	if (!f->emu)
		return -1;
	int rc = 0;
	if (f->seed)
		rc |= emu_put_state(f->emu, f->seed);
	rc |= emu_clear_faults(f->emu);
	/* the S3 settings of Gcore's spec: keys in every S3 source of a write */
	rc |= emu_settings(f->emu, "{\"latency_ms\":0,\"s3_secret_echo\":\"reject\",\"s3_omitted_keys\":\"reject\"}");
	rc |= emu_clear_log(f->emu);
	return rc ? -1 : 0;
}

int fx_write_config_text(fx *f, const char *text)
{
	char d[512];
	snprintf(d, sizeof d, "%s/origo", f->dir);
	mkdir(d, 0700);
	return write_file(f->config_path, text, 0600);
}

int fx_write_config_url(fx *f, const char *api_url, const char *global_extra,
                        const char *account_extra)
{
	char text[4096];
	snprintf(text, sizeof text,
	         "# written by the e2e fixture\n"
	         "%s\n"
	         "accounts = (\n"
	         "  { name = \"gcore\"; provider = \"gcore\";\n"
	         "    api_url = \"%s\";\n"
	         "    api_key_env = \"GCORE_API_KEY\";\n"
	         "    %s }\n"
	         ");\n"
	         FX_S3_CREDENTIALS,
	         global_extra ? global_extra : "",
	         api_url ? api_url : (f->emu ? emu_url(f->emu) : "http://127.0.0.1:9"),
	         account_extra ? account_extra : "");
	return fx_write_config_text(f, text);
}

int fx_write_config(fx *f, const char *global_extra, const char *account_extra)
{
	return fx_write_config_url(f, NULL, global_extra, account_extra);
}

/* argv = origo_bin + args; env = GCORE_API_KEY + env. Pointers into args/env. */
static void build_argv_env(fx *f, char *const args[], char *const env[],
                           char **argv, size_t argv_cap, char **envv, size_t env_cap)
{
	size_t n = 0;
	argv[n++] = f->origo_bin;
	for (size_t i = 0; args && args[i] && n + 1 < argv_cap; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	n = 0;
	envv[n++] = "GCORE_API_KEY=" FX_API_KEY;
	envv[n++] = "FX_S3_ACCESS=" SEED_S3_ACCESS_KEY;
	envv[n++] = "FX_S3_SECRET=" SEED_S3_SECRET_KEY;
	for (size_t i = 0; env && env[i] && n + 1 < env_cap; i++)
		envv[n++] = env[i];
	envv[n] = NULL;
}

term *fx_spawn(fx *f, char *const args[], char *const env[], int rows, int cols)
{
	if (f->t)
		fx_close_term(f);
	char *argv[64], *envv[64];
	build_argv_env(f, args, env, argv, 64, envv, 64);
	f->t = term_spawn(argv, f->dir, envv, rows, cols);
	return f->t;
}

term *fx_open(fx *f, char *const args[], char *const env[])
{
	term *t = fx_spawn(f, args, env, 24, 80);
	if (!t)
		fail_msg("cannot start %s", f->origo_bin);
	if (term_wait_idle(t, TERM_TIMEOUT_MS) != 0)
		fail_msg("origo never became idle after start");
	return t;
}

int fx_close_term(fx *f)
{
	term *t = f->t;
	if (!t)
		return 0;
	f->t = NULL;
	int rc = 0, status = 0;
	bool exited = false, quit_by_us = false;
	if (term_alive(t) && term_connected(t)) {
		quit_by_us = true;
		/* q goes back from inner screens and quits from the groups screen */
		for (int i = 0; i < 4 && !exited; i++) {
			/* Esc must be taken alone (ESCDELAY), not as Alt-q: wait
			 * for it to be acknowledged before sending q */
			term_key(t, TK_ESC);
			if (term_wait_idle(t, 3000) != 0)
				fprintf(stderr, "e2e: (closing origo)\n");
			/* a form left with typing asks first: discard */
			term_key(t, term_contains(t, "discard your changes?") ? "y" : "q");
			exited = term_wait_exit(t, 1500, &status) == 0;
		}
	} else {
		exited = term_wait_exit(t, 0, &status) == 0;
	}
	if (exited && WIFSIGNALED(status)) {
		fprintf(stderr, "e2e: origo died of signal %d\n", WTERMSIG(status));
		term_dump(t, stderr);
		rc = -1;
	}
	/* quitting from the groups screen is a success: exit status 0 */
	if (exited && quit_by_us && WIFEXITED(status) && WEXITSTATUS(status) != 0) {
		fprintf(stderr, "e2e: origo exited with status %d after q\n", WEXITSTATUS(status));
		term_dump(t, stderr);
		rc = -1;
	}
	if (quit_by_us && !exited) {
		fprintf(stderr, "e2e: origo did not quit on q (killed)\n");
		term_dump(t, stderr);
		rc = -1;
	}
	/* sanitizer reports: term_free prints them; find them first */
	char pat[512];
	snprintf(pat, sizeof pat, "%s/sanitizer.%d", f->dir, (int)term_pid(t));
	FILE *rep = fopen(pat, "r");
	if (rep) {
		char line[1024];
		while (fgets(line, sizeof line, rep))
			if (strstr(line, "ERROR:") || strstr(line, "runtime error") ||
			    strstr(line, "WARNING: ThreadSanitizer")) {
				fprintf(stderr, "e2e: origo left a sanitizer report\n");
				rc = -1;
				break;
			}
		fclose(rep);
	}
	term_free(t);
	return rc;
}

static long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static void env_set(char **envp, size_t *n, const char *entry)
{
	size_t namelen = strcspn(entry, "=");
	for (size_t i = 0; i < *n; i++) {
		if (strncmp(envp[i], entry, namelen) == 0 && envp[i][namelen] == '=') {
			free(envp[i]);
			envp[i] = envp[--*n];
			break;
		}
	}
	if (entry[namelen] == '=')
		envp[(*n)++] = strdup(entry);
}

static void append(char **buf, size_t *len, const char *data, size_t n)
{
	char *p = realloc(*buf, *len + n + 1);
	if (!p)
		return;
	memcpy(p + *len, data, n);
	*len += n;
	p[*len] = '\0';
	*buf = p;
}

int fx_run(fx *f, char *const args[], char *const env[], char **out, char **err)
{
	/* room for a command line of many options (e2e_probe_origin's 70 -a) */
	char *argv[256], *extra[64];
	build_argv_env(f, args, env, argv, 256, extra, 64);

	char *envp[128];
	size_t n = 0;
	static const char *const pass[] = {
		"PATH", "ORIGO_DATADIR", "ASAN_OPTIONS", "UBSAN_OPTIONS",
		"LSAN_OPTIONS", "TSAN_OPTIONS", NULL,
	};
	char tmp[4200];
	for (size_t i = 0; pass[i]; i++) {
		const char *v = getenv(pass[i]);
		if (v) {
			snprintf(tmp, sizeof tmp, "%s=%s", pass[i], v);
			env_set(envp, &n, tmp);
		}
	}
	env_set(envp, &n, "LANG=C.UTF-8");
	env_set(envp, &n, "LC_ALL=C.UTF-8");
	env_set(envp, &n, "TZ=UTC");
	env_set(envp, &n, "TERM=dumb");
	snprintf(tmp, sizeof tmp, "HOME=%s", f->dir);
	env_set(envp, &n, tmp);
	snprintf(tmp, sizeof tmp, "XDG_CONFIG_HOME=%s", f->dir);
	env_set(envp, &n, tmp);
	for (size_t i = 0; extra[i] && n < 120; i++)
		env_set(envp, &n, extra[i]);
	envp[n] = NULL;

	int po[2], pe[2];
	if (pipe2(po, O_CLOEXEC) != 0 || pipe2(pe, O_CLOEXEC) != 0) {
		for (size_t i = 0; i < n; i++)
			free(envp[i]);
		return -1;
	}
	pid_t pid = fork();
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);   /* never outlive the test */
		int nul = open("/dev/null", O_RDONLY);
		if (nul >= 0)
			dup2(nul, 0);
		dup2(po[1], 1);
		dup2(pe[1], 2);
		signal(SIGPIPE, SIG_DFL);
		execve(argv[0], argv, envp);
		_exit(127);
	}
	for (size_t i = 0; i < n; i++)
		free(envp[i]);
	close(po[1]);
	close(pe[1]);
	if (pid < 0) {
		close(po[0]);
		close(pe[0]);
		return -1;
	}
	char *ob = NULL, *eb = NULL;
	size_t ol = 0, el = 0;
	append(&ob, &ol, "", 0);
	append(&eb, &el, "", 0);
	int fds[2] = { po[0], pe[0] };
	long end = now_ms() + 60000;
	while ((fds[0] >= 0 || fds[1] >= 0) && now_ms() < end) {
		struct pollfd p[2];
		int k = 0, map[2];
		for (int i = 0; i < 2; i++)
			if (fds[i] >= 0) {
				p[k] = (struct pollfd){ .fd = fds[i], .events = POLLIN };
				map[k++] = i;
			}
		if (poll(p, (nfds_t)k, 200) <= 0)
			continue;
		for (int j = 0; j < k; j++) {
			if (!(p[j].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			char buf[65536];
			ssize_t m = read(fds[map[j]], buf, sizeof buf);
			if (m > 0) {
				if (map[j] == 0)
					append(&ob, &ol, buf, (size_t)m);
				else
					append(&eb, &el, buf, (size_t)m);
			} else if (m == 0 || errno != EINTR) {
				close(fds[map[j]]);
				fds[map[j]] = -1;
			}
		}
	}
	int status = 0, rc;
	bool timed_out = fds[0] >= 0 || fds[1] >= 0;
	if (timed_out) {
		fprintf(stderr, "e2e: %s took longer than 60 s; killed\n", argv[0]);
		kill(pid, SIGKILL);
	}
	for (int i = 0; i < 2; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	waitpid(pid, &status, 0);
	if (timed_out)
		rc = -1;
	else if (WIFEXITED(status))
		rc = WEXITSTATUS(status);
	else
		rc = 128 + WTERMSIG(status);
	if (out)
		*out = ob;
	else
		free(ob);
	if (err)
		*err = eb;
	else
		free(eb);
	return rc;
}

int fx_group_setup_state(void **state, const char *seed_state)
{
	fx *f = fx_new();
	if (!f)
		return -1;
	if (fx_start_emu(f, seed_state, NULL) != 0) {
		fx_free(f);
		return -1;
	}
	*state = f;
	return 0;
}

int fx_group_teardown(void **state)
{
	fx_free(*state);
	*state = NULL;
	return 0;
}

int fx_test_setup(void **state)
{
	fx *f = *state;
	if (!f || fx_reset(f) != 0)
		return -1;
	return fx_write_config(f, NULL, NULL);
}

int fx_test_teardown(void **state)
{
	fx *f = *state;
	return f ? fx_close_term(f) : 0;
}

bool fx_has(const char *hay, const char *needle)
{
	return hay && strstr(hay, needle) != NULL;
}

int fx_select(term *t, const char *text)
{
	term_key(t, "g");
	TERM_IDLE(t);
	for (int i = 0; i < 40; i++) {
		int r = term_find_row(t, text);
		if (r >= 0 && term_row_highlighted(t, r))
			return r;
		term_key(t, "j");
		TERM_IDLE(t);
	}
	term_dump(t, stderr);
	fail_msg("could not select the row showing \"%s\"", text);
	return -1;
}

void fx_open_group(term *t, const char *name, const char *expect)
{
	fx_select(t, name);
	term_key(t, TK_ENTER);
	TERM_IDLE(t);
	if (!term_contains(t, expect)) {
		term_dump(t, stderr);
		fail_msg("group %s opened without \"%s\" on screen", name, expect);
	}
}

const char *fx_row_of(term *t, const char *text)
{
	static char buf[8192];
	int r = term_find_row(t, text);
	if (r < 0) {
		term_dump(t, stderr);
		fail_msg("no row shows \"%s\"", text);
	}
	snprintf(buf, sizeof buf, "%s", term_row(t, r));
	return buf;
}

const char *fx_status(term *t)
{
	/* An error too long for one row takes the last two (tui/status.c); the
	 * screen cannot say which layout it is, so both rows are read: a check
	 * for a word in the status also sees the row above it. */
	static char both[2048];
	int rows = term_rows(t);
	if (rows < 2)
		return term_row(t, rows - 1);
	snprintf(both, sizeof both, "%s", term_row(t, rows - 2));
	size_t n = strlen(both);
	snprintf(both + n, sizeof both - n, "%s%s", n ? " " : "", term_row(t, rows - 1));
	return both;
}

/* ---- issue 3: Yandex Cloud CDN and Edgio accounts (see fixture.h) ---- */

int fx_write_config_multi(fx *f, const char *default_account, const char *global_extra,
                          const char *yandex_extra, const char *edgio_extra)
{
	const char *url = f->emu ? emu_url(f->emu) : "http://127.0.0.1:9";
	char def[256] = "";
	if (default_account)
		snprintf(def, sizeof def, "default_account = \"%s\";", default_account);
	char text[8192];
	snprintf(text, sizeof text,
	         "# written by the e2e fixture: one account of each provider\n"
	         "%s\n%s\n"
	         "accounts = (\n"
	         "  { name = \"gcore\"; provider = \"gcore\";\n"
	         "    api_url = \"%s\";\n"
	         "    api_key_env = \"GCORE_API_KEY\"; },\n"
	         "  { name = \"yandex\"; provider = \"yandex\";\n"
	         "    api_url = \"%s\"; iam_url = \"%s\"; operation_url = \"%s\";\n"
	         "    folder_id = \"" SEED_YC_FOLDER "\";\n"
	         "    token = \"" SEED_YC_OAUTH "\";\n"
	         "    %s },\n"
	         "  { name = \"edgio\"; provider = \"edgio\";\n"
	         "    api_url = \"%s\"; token_url = \"%s/connect/token\";\n"
	         "    platform = \"http-large\";\n"
	         "    client_id = \"" SEED_ED_CLIENT_ID "\";\n"
	         "    client_secret = \"" SEED_ED_CLIENT_SECRET "\";\n"
	         "    %s }\n"
	         ");\n"
	         FX_S3_CREDENTIALS,
	         def, global_extra ? global_extra : "", url, url, url, url,
	         yandex_extra ? yandex_extra : "", url, url, edgio_extra ? edgio_extra : "");
	return fx_write_config_text(f, text);
}

int fx_reset_all(fx *f)
{
	if (fx_reset(f) != 0)
		return -1;
	return emu_settings(f->emu,
	                    "{\"yandex_token_ttl_seconds\":43200,\"operation_polls\":1,"
	                    "\"yandex_page_size_max\":1000,\"yandex_print_defaults\":false,"
	                    "\"yandex_validation_errors\":\"operation\",\"yandex_meta_autofill\":\"none\","
	                    "\"yandex_update_empty_origins\":\"keep\","
	                    "\"yandex_update_origin_ids\":\"keep_by_source\","
	                    "\"yandex_delete_in_use\":\"reject\",\"yandex_delete_response\":\"empty_any\","
	                    "\"edgio_bad_client_status\":400,\"edgio_create_status\":200,"
	                    "\"edgio_token_ttl_seconds\":300,\"edgio_match_rows\":\"match\","
	                    "\"edgio_error_style\":\"hyperion\",\"edgio_failover_status\":204}");
}

static int setup_multi_with(void **state, const char *def)
{
	fx *f = *state;
	if (!f || fx_reset_all(f) != 0)
		return -1;
	return fx_write_config_multi(f, def, NULL, NULL, NULL);
}

int fx_test_setup_yandex(void **state) { return setup_multi_with(state, "yandex"); }
int fx_test_setup_edgio(void **state) { return setup_multi_with(state, "edgio"); }
int fx_test_setup_multi(void **state) { return setup_multi_with(state, NULL); }

bool fx_log_contains(fx *f, const char *needle)
{
	cJSON *log = emu_get_log(f->emu);
	char *text = log ? cJSON_PrintUnformatted(log) : NULL;
	bool found = text && strstr(text, needle) != NULL;
	free(text);
	cJSON_Delete(log);
	return found;
}

static bool entry_matches(const cJSON *e, const char *method, const char *prefix)
{
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(e, "method");
	const cJSON *p = cJSON_GetObjectItemCaseSensitive(e, "path");
	if (method && !(cJSON_IsString(m) && strcmp(m->valuestring, method) == 0))
		return false;
	return cJSON_IsString(p) && strncmp(p->valuestring, prefix, strlen(prefix)) == 0;
}

int fx_log_count_prefix(fx *f, const char *method, const char *prefix)
{
	cJSON *log = emu_get_log(f->emu);
	int n = 0;
	const cJSON *e;
	cJSON_ArrayForEach(e, log)
		if (entry_matches(e, method, prefix))
			n++;
	cJSON_Delete(log);
	return n;
}

cJSON *fx_log_nth_prefix(fx *f, const char *method, const char *prefix, int n)
{
	cJSON *log = emu_get_log(f->emu);
	cJSON *out = NULL;
	const cJSON *e;
	cJSON_ArrayForEach(e, log)
		if (entry_matches(e, method, prefix) && n-- == 0) {
			out = cJSON_Duplicate(e, true);
			break;
		}
	cJSON_Delete(log);
	return out;
}

char *fx_log_lines(fx *f)
{
	cJSON *log = emu_get_log(f->emu);
	char *buf = NULL;
	size_t len = 0;
	append(&buf, &len, "", 0);
	const cJSON *e;
	cJSON_ArrayForEach(e, log) {
		const cJSON *m = cJSON_GetObjectItemCaseSensitive(e, "method");
		const cJSON *p = cJSON_GetObjectItemCaseSensitive(e, "path");
		const cJSON *q = cJSON_GetObjectItemCaseSensitive(e, "query");
		const cJSON *st = cJSON_GetObjectItemCaseSensitive(e, "status");
		char line[2048];
		int n = snprintf(line, sizeof line, "%s %s%s%s %d\n",
		                 cJSON_IsString(m) ? m->valuestring : "?",
		                 cJSON_IsString(p) ? p->valuestring : "?",
		                 cJSON_IsString(q) && q->valuestring[0] ? "?" : "",
		                 cJSON_IsString(q) ? q->valuestring : "",
		                 cJSON_IsNumber(st) ? st->valueint : -1);
		if (n > 0)
			append(&buf, &len, line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
	}
	cJSON_Delete(log);
	return buf;
}

term *fx_open_size(fx *f, char *const args[], char *const env[], int rows, int cols)
{
	term *t = fx_spawn(f, args, env, rows, cols);
	if (!t)
		fail_msg("cannot start %s", f->origo_bin);
	if (term_wait_idle(t, TERM_TIMEOUT_MS) != 0)
		fail_msg("origo never became idle after start");
	return t;
}

void fx_cell_under(term *t, const char *row_text, const char *title, char *out, size_t n)
{
	int hr, hc;
	if (!term_find(t, title, &hr, &hc)) {
		term_dump(t, stderr);
		fail_msg("no column \"%s\" on screen", title);
	}
	int r = term_find_row(t, row_text);
	if (r < 0) {
		term_dump(t, stderr);
		fail_msg("no row shows \"%s\"", row_text);
	}
	/* cells, not bytes: read the row cell by cell from the header's column */
	size_t used = 0;
	out[0] = '\0';
	for (int c = hc; c < term_cols(t) && used + 5 < n; c++) {
		VTermScreenCell cell;
		if (term_cell(t, r, c, &cell) != 0 || cell.chars[0] == 0 || cell.chars[0] == ' ')
			break;
		uint32_t ch = cell.chars[0];
		if (ch < 0x80) {
			out[used++] = (char)ch;
		} else if (ch < 0x800) {
			out[used++] = (char)(0xC0 | (ch >> 6));
			out[used++] = (char)(0x80 | (ch & 0x3F));
		} else {
			out[used++] = (char)(0xE0 | (ch >> 12));
			out[used++] = (char)(0x80 | ((ch >> 6) & 0x3F));
			out[used++] = (char)(0x80 | (ch & 0x3F));
		}
		if (cell.width > 1)
			c += cell.width - 1;
	}
	out[used] = '\0';
}

int fx_expire_tokens(fx *f, const char *provider)
{
	char body[128];
	snprintf(body, sizeof body, "{\"provider\":\"%s\"}", provider);
	return emu_request(f->emu, "POST", "/_emu/expire_tokens", body, NULL) == 200 ? 0 : -1;
}

void fx_print_log(fx *f)
{
	char *lines = fx_log_lines(f);
	fprintf(stderr, "emulator log:\n%s", lines ? lines : "(none)\n");
	free(lines);
}

/* ---- helpers the provider tests share (Yandex, Edgio, accounts) ---------- */

int fx_group_setup_multi(void **state)
{
	char *seed = seed_multi_state();
	if (!seed)
		return -1;
	int rc = fx_group_setup_state(state, seed);
	free(seed);
	return rc;
}

term *fx_open_wide(fx *f)
{
	return fx_open_size(f, NULL, NULL, 30, 160);
}

void fx_assert_cell(fx *f, term *t, const char *row, const char *col, const char *want)
{
	char v[128];
	fx_cell_under(t, row, col, v, sizeof v);
	if (strcmp(v, want) != 0) {
		term_dump(t, stderr);
		fx_print_log(f);
		fail_msg("%s of \"%s\": \"%s\", want \"%s\"", col, row, v, want);
	}
}

bool fx_row_pending(term *t, void *text)
{
	int r = term_find_row(t, text);
	return r >= 0 && strchr(term_row(t, r), '*') != NULL;
}
