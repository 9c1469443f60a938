/* End to end: every broken config file of tests/configs/bad/ makes the real
 * origo (`origo --config FILE list`) exit 2 before any request, with a first
 * line on stderr that names the file and says what its first line promises:
 * "# expect: TEXT" (with "line N:" in TEXT when the error is on a line).
 * Each file is copied to a private folder with mode 0600 first, so that the
 * check of who may write a config file, and a checkout's 0664, play no part.
 * Plus a folder named as the config file. One test per file. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests/e2e/fixture.h"

#define BAD_DIR "tests/configs/bad"

static fx *F;

/* The whole file; *n its size. caller frees. */
static char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *buf = NULL;
	size_t cap = 0, len = 0, r;
	do {
		if (len + 4096 + 1 > cap) {
			char *b = realloc(buf, cap = len + 8192);
			if (!b) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = b;
		}
		r = fread(buf + len, 1, 4096, f);
		len += r;
	} while (r > 0);
	fclose(f);
	buf[len] = '\0';
	*n = len;
	return buf;
}

/* Runs origo on `path`; checks exit 2 and the first line of stderr. */
static void expect_refused(const char *path, const char *expect)
{
	char *args[] = { "--config", (char *)path, "list", NULL };
	char *out = NULL, *err = NULL;
	/* fx_run's environment is its own: no YC_FOLDER_ID or ORIGO_CONFIG
	 * from the caller's. Should a file be accepted after all, its Gcore
	 * account asks a closed loopback port, never the real API. */
	char *env[] = { "GCORE_BASE_URL=http://127.0.0.1:9", NULL };
	int rc = fx_run(F, args, env, &out, &err);
	const char *e = err ? err : "";
	size_t first = strcspn(e, "\n");
	char line[2048];
	snprintf(line, sizeof line, "%.*s", (int)first, e);
	if (rc != 2 || !strstr(line, path) || !strstr(line, expect) || (out && out[0])) {
		fprintf(stderr, "config %s\n  exit status: %d (want 2)\n  stdout: %s\n  stderr: %s\n"
		        "  want a first line naming the file and holding: %s\n", path, rc,
		        out ? out : "", e, expect);
		free(out);
		free(err);
		fail();
	}
	free(out);
	free(err);
}

static void test_bad_file(void **state)
{
	const char *name = *state;
	char src[5000], dst[600];
	snprintf(src, sizeof src, "%s/" BAD_DIR "/%s", F->srcdir, name);
	snprintf(dst, sizeof dst, "%s/%s", F->dir, name);
	size_t n = 0;
	char *text = slurp(src, &n);
	assert_non_null(text);
	const char *tag = "# expect: ";
	if (strncmp(text, tag, strlen(tag)) != 0)
		fail_msg("%s: the first line is not \"# expect: ...\"", name);
	char expect[1024];
	snprintf(expect, sizeof expect, "%.*s", (int)strcspn(text + strlen(tag), "\n"),
	         text + strlen(tag));
	assert_true(expect[0] != '\0');

	int fd = open(dst, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(fchmod(fd, 0600), 0);
	assert_int_equal(write(fd, text, n), (ssize_t)n);
	close(fd);
	free(text);
	expect_refused(dst, expect);
	unlink(dst);
}

/* A folder where the file should be. */
static void test_directory(void **state)
{
	(void)state;
	char dir[600];
	snprintf(dir, sizeof dir, "%s/config.d", F->dir);
	assert_true(mkdir(dir, 0700) == 0 || errno == EEXIST);
	expect_refused(dir, "cannot read: Is a directory");
	rmdir(dir);
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(void)
{
	F = fx_new();
	if (!F)
		return 1;
	char path[5000];
	snprintf(path, sizeof path, "%s/" BAD_DIR, F->srcdir);
	DIR *d = opendir(path);
	if (!d) {
		fprintf(stderr, "e2e_config_bad: %s: %s\n", path, strerror(errno));
		fx_free(F);
		return 1;
	}
	char **names = NULL;
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		size_t l = strlen(e->d_name);
		if (l < 6 || strcmp(e->d_name + l - 5, ".conf") != 0)
			continue;
		char **b = realloc(names, (n + 1) * sizeof *names);
		if (!b || !(b[n] = strdup(e->d_name)))
			return 1;
		names = b;
		n++;
	}
	closedir(d);
	qsort(names, n, sizeof *names, cmp);
	/* the brief's floor: at least 30 broken files */
	if (n < 30) {
		fprintf(stderr, "e2e_config_bad: only %zu files in %s\n", n, path);
		return 1;
	}
	struct CMUnitTest *tests = calloc(n + 1, sizeof *tests);
	if (!tests)
		return 1;
	for (size_t i = 0; i < n; i++)
		tests[i] = (struct CMUnitTest){ names[i], test_bad_file, NULL, NULL, names[i] };
	tests[n] = (struct CMUnitTest){ "a folder as the config", test_directory, NULL, NULL, NULL };
	int rc = _cmocka_run_group_tests("bad configs", tests, n + 1, NULL, NULL);
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(tests);
	fx_free(F);
	return rc;
}
