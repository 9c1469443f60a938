/* Starting origo-emu and talking to its control API (see emu_ctl.h). */
#include "tests/e2e/emu_ctl.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct emu {
	pid_t pid;
	int port;
	char url[64];
	char *workdir;
	CURL *curl;
};

typedef struct buf { char *p; size_t len; } buf;

static size_t on_body(char *data, size_t size, size_t nmemb, void *user)
{
	buf *b = user;
	size_t n = size * nmemb;
	char *p = realloc(b->p, b->len + n + 1);
	if (!p)
		return 0;
	memcpy(p + b->len, data, n);
	b->len += n;
	p[b->len] = '\0';
	b->p = p;
	return n;
}

static bool port_listens(int port)
{
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return false;
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	bool ok = connect(fd, (struct sockaddr *)&a, sizeof a) == 0;
	close(fd);
	return ok;
}

static void print_file(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return;
	char line[1024];
	while (fgets(line, sizeof line, f))
		fprintf(stderr, "  emu| %s", line);
	fclose(f);
}

emu *emu_start(const char *emu_bin, const char *workdir, char *const args[])
{
	static bool curl_ready;
	if (!curl_ready) {
		curl_global_init(CURL_GLOBAL_DEFAULT);
		curl_ready = true;
	}
	emu *e = calloc(1, sizeof *e);
	if (!e)
		return NULL;
	e->workdir = strdup(workdir);
	char portfile[4096], outfile[4096];
	snprintf(portfile, sizeof portfile, "%s/emu.port", workdir);
	snprintf(outfile, sizeof outfile, "%s/emu.out", workdir);
	unlink(portfile);

	char *argv[64];
	int n = 0;
	argv[n++] = (char *)emu_bin;
	argv[n++] = "--port";
	argv[n++] = "0";
	argv[n++] = "--port-file";
	argv[n++] = portfile;
	for (int i = 0; args && args[i] && n < 62; i++)
		argv[n++] = args[i];
	argv[n] = NULL;

	int out = open(outfile, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	pid_t pid = fork();
	if (pid < 0) {
		perror("e2e: fork");
		free(e->workdir);
		free(e);
		return NULL;
	}
	if (pid == 0) {
		if (out >= 0) {
			dup2(out, 1);
			dup2(out, 2);
		}
		/* never outlive the test, even when it crashes */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		int nul = open("/dev/null", O_RDONLY);
		if (nul >= 0)
			dup2(nul, 0);
		execv(emu_bin, argv);
		_exit(127);
	}
	if (out >= 0)
		close(out);
	e->pid = pid;

	/* A server takes a moment to start; the port file is its signal. */
	struct timespec tick = { 0, 10 * 1000 * 1000 };
	for (int i = 0; i < 3000; i++) {
		int st;
		if (waitpid(pid, &st, WNOHANG) == pid) {
			fprintf(stderr, "e2e: %s exited before listening (status 0x%x):\n", emu_bin, st);
			print_file(outfile);
			e->pid = 0;
			emu_stop(e);
			return NULL;
		}
		FILE *f = fopen(portfile, "r");
		int port = 0;
		if (f) {
			if (fscanf(f, "%d", &port) != 1)
				port = 0;
			fclose(f);
		}
		if (port > 0 && port < 65536 && port_listens(port)) {
			e->port = port;
			snprintf(e->url, sizeof e->url, "http://127.0.0.1:%d", port);
			e->curl = curl_easy_init();
			return e;
		}
		nanosleep(&tick, NULL);
	}
	fprintf(stderr, "e2e: %s did not write a listening port to %s in 30 s:\n", emu_bin, portfile);
	print_file(outfile);
	emu_stop(e);
	return NULL;
}

int emu_stop(emu *e)
{
	if (!e)
		return -1;
	int st = -1;
	if (e->pid > 0) {
		kill(e->pid, SIGTERM);
		struct timespec tick = { 0, 10 * 1000 * 1000 };
		int i;
		for (i = 0; i < 500; i++) {
			if (waitpid(e->pid, &st, WNOHANG) == e->pid)
				break;
			nanosleep(&tick, NULL);
		}
		if (i == 500) {
			kill(e->pid, SIGKILL);
			waitpid(e->pid, &st, 0);
		}
	}
	if (e->curl)
		curl_easy_cleanup(e->curl);
	free(e->workdir);
	free(e);
	return st;
}

const char *emu_url(const emu *e) { return e->url; }
int emu_port(const emu *e) { return e->port; }

long emu_request(emu *e, const char *method, const char *path,
                 const char *body, char **resp)
{
	if (resp)
		*resp = NULL;
	if (!e || !e->curl)
		return -1;
	char url[4096];
	snprintf(url, sizeof url, "%s%s", e->url, path);
	buf b = { 0 };
	CURL *c = e->curl;
	curl_easy_reset(c);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	struct curl_slist *h = NULL;
	if (body) {
		h = curl_slist_append(h, "Content-Type: application/json");
		curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
	} else if (strcmp(method, "GET") != 0) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, "");
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, 0L);
	}
	if (strcmp(method, "GET") == 0)
		curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
	CURLcode rc = curl_easy_perform(c);
	long status = -1;
	if (rc == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	else
		fprintf(stderr, "e2e: %s %s: %s\n", method, url, curl_easy_strerror(rc));
	curl_slist_free_all(h);
	if (resp)
		*resp = b.p;
	else
		free(b.p);
	return status;
}

static int ctl(emu *e, const char *method, const char *path, const char *body)
{
	char *resp = NULL;
	long st = emu_request(e, method, path, body, &resp);
	if (st < 200 || st > 299) {
		fprintf(stderr, "e2e: emulator control %s %s -> %ld %s\n", method, path, st,
		        resp ? resp : "");
		free(resp);
		return -1;
	}
	free(resp);
	return 0;
}

static cJSON *ctl_json(emu *e, const char *path)
{
	char *resp = NULL;
	long st = emu_request(e, "GET", path, NULL, &resp);
	cJSON *j = (st >= 200 && st <= 299 && resp) ? cJSON_Parse(resp) : NULL;
	if (!j)
		fprintf(stderr, "e2e: emulator control GET %s -> %ld (not JSON)\n", path, st);
	free(resp);
	return j;
}

int emu_clear_log(emu *e) { return ctl(e, "DELETE", "/_emu/log", NULL); }
int emu_add_fault(emu *e, const char *j) { return ctl(e, "POST", "/_emu/faults", j); }
int emu_clear_faults(emu *e) { return ctl(e, "DELETE", "/_emu/faults", NULL); }
int emu_put_state(emu *e, const char *j) { return ctl(e, "PUT", "/_emu/state", j); }
int emu_settings(emu *e, const char *j) { return ctl(e, "POST", "/_emu/settings", j); }
cJSON *emu_get_log(emu *e) { return ctl_json(e, "/_emu/log"); }
cJSON *emu_get_state(emu *e) { return ctl_json(e, "/_emu/state"); }

int emu_put_group(emu *e, const char *id, const char *j)
{
	char path[256];
	snprintf(path, sizeof path, "/_emu/gcore/groups/%s", id);
	return ctl(e, "PUT", path, j);
}

int emu_delete_group(emu *e, const char *id)
{
	char path[256];
	snprintf(path, sizeof path, "/_emu/gcore/groups/%s", id);
	return ctl(e, "DELETE", path, NULL);
}

static bool id_matches(const cJSON *g, const char *id)
{
	const cJSON *gid = cJSON_GetObjectItemCaseSensitive(g, "id");
	char num[64];
	if (cJSON_IsNumber(gid)) {
		snprintf(num, sizeof num, "%.0f", gid->valuedouble);
		return strcmp(num, id) == 0;
	}
	return cJSON_IsString(gid) && strcmp(gid->valuestring, id) == 0;
}

cJSON *emu_get_group(emu *e, const char *id)
{
	cJSON *st = emu_get_state(e);
	const cJSON *gc = cJSON_GetObjectItemCaseSensitive(st, "gcore");
	const cJSON *groups = cJSON_GetObjectItemCaseSensitive(gc, "groups");
	const cJSON *g;
	cJSON *copy = NULL;
	cJSON_ArrayForEach(g, groups) {
		if (id_matches(g, id)) {
			copy = cJSON_Duplicate(g, 1);
			break;
		}
	}
	cJSON_Delete(st);
	return copy;
}

static bool entry_matches(const cJSON *it, const char *method, const char *path)
{
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(it, "method");
	const cJSON *p = cJSON_GetObjectItemCaseSensitive(it, "path");
	if (method && !(cJSON_IsString(m) && strcmp(m->valuestring, method) == 0))
		return false;
	if (path && !(cJSON_IsString(p) && strcmp(p->valuestring, path) == 0))
		return false;
	return true;
}

int emu_log_count(emu *e, const char *method, const char *path)
{
	cJSON *log = emu_get_log(e);
	if (!log)
		return -1;
	int n = 0;
	const cJSON *it;
	cJSON_ArrayForEach(it, log)
		if (entry_matches(it, method, path))
			n++;
	cJSON_Delete(log);
	return n;
}

int emu_log_index(emu *e, const char *method, const char *path, cJSON **entry)
{
	if (entry)
		*entry = NULL;
	cJSON *log = emu_get_log(e);
	if (!log)
		return -1;
	int i = 0, at = -1;
	const cJSON *it;
	cJSON_ArrayForEach(it, log) {
		if (entry_matches(it, method, path)) {
			at = i;
			if (entry)
				*entry = cJSON_Duplicate(it, true);
			break;
		}
		i++;
	}
	cJSON_Delete(log);
	return at;
}

int emu_log_count_writes(emu *e)
{
	cJSON *log = emu_get_log(e);
	if (!log)
		return -1;
	int n = 0;
	const cJSON *it;
	cJSON_ArrayForEach(it, log) {
		const cJSON *m = cJSON_GetObjectItemCaseSensitive(it, "method");
		if (cJSON_IsString(m) && strcmp(m->valuestring, "GET") != 0 &&
		    strcmp(m->valuestring, "HEAD") != 0)
			n++;
	}
	cJSON_Delete(log);
	return n;
}

cJSON *emu_log_nth_body(emu *e, const char *method, const char *path, int nth)
{
	cJSON *log = emu_get_log(e);
	if (!log)
		return NULL;
	cJSON *res = NULL;
	const cJSON *it;
	int k = 0;
	cJSON_ArrayForEach(it, log) {
		if (!entry_matches(it, method, path))
			continue;
		if (k++ < nth)
			continue;
		const cJSON *b = cJSON_GetObjectItemCaseSensitive(it, "body");
		if (cJSON_IsString(b))
			res = cJSON_Parse(b->valuestring);
		break;
	}
	cJSON_Delete(log);
	return res;
}

cJSON *emu_log_first_body(emu *e, const char *method, const char *path)
{
	return emu_log_nth_body(e, method, path, 0);
}

void emu_print_log(emu *e)
{
	cJSON *log = emu_get_log(e);
	fprintf(stderr, "---- emulator request log ----\n");
	const cJSON *it;
	cJSON_ArrayForEach(it, log) {
		const cJSON *m = cJSON_GetObjectItemCaseSensitive(it, "method");
		const cJSON *p = cJSON_GetObjectItemCaseSensitive(it, "path");
		const cJSON *q = cJSON_GetObjectItemCaseSensitive(it, "query");
		const cJSON *s = cJSON_GetObjectItemCaseSensitive(it, "status");
		fprintf(stderr, "  %s %s%s%s -> %d\n",
		        cJSON_IsString(m) ? m->valuestring : "?",
		        cJSON_IsString(p) ? p->valuestring : "?",
		        cJSON_IsString(q) && q->valuestring[0] ? "?" : "",
		        cJSON_IsString(q) ? q->valuestring : "",
		        cJSON_IsNumber(s) ? s->valueint : -1);
	}
	fprintf(stderr, "---- end of log ----\n");
	cJSON_Delete(log);
}
