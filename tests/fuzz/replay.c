/* The replay of a harness's committed corpus for make check, built with gcc
 * under ASan+UBSan (no libFuzzer needed): feeds every file of
 * $ORIGO_SRCDIR/tests/fuzz/corpus/<harness>/ (this binary's name without
 * "fuzz_": fuzz_gcore replays corpus/gcore/) to LLVMFuzzerTestOneInput, or the files named on
 * the command line. A broken invariant aborts (one failure); the lines it
 * prints are cmocka's, so that tests/run-suites.sh counts each file. */
#include <dirent.h>
#include <errno.h>
#include <libgen.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/fuzz/fuzz.h"

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		printf("[  ERROR   ] %s: %s\n", path, strerror(errno));
		return -1;
	}
	size_t cap = 4096, n = 0;
	uint8_t *buf = malloc(cap);
	size_t r;
	while (buf && (r = fread(buf + n, 1, cap - n, f)) > 0) {
		n += r;
		if (n == cap) {
			uint8_t *b = realloc(buf, cap *= 2);
			if (!b)
				free(buf);
			buf = b;
		}
	}
	fclose(f);
	if (!buf) {
		printf("[  ERROR   ] %s: out of memory\n", path);
		return -1;
	}
	printf("[ RUN      ] %s\n", path);
	fflush(stdout);
	/* libFuzzer hands over a copy of exactly n bytes: so does this, so
	 * that ASan sees a read past the end */
	uint8_t *exact = malloc(n ? n : 1);
	if (!exact) {
		free(buf);
		return -1;
	}
	memcpy(exact, buf, n);
	free(buf);
	LLVMFuzzerTestOneInput(exact, n);
	free(exact);
	printf("[       OK ] %s\n", path);
	return 0;
}

int main(int argc, char **argv)
{
	int passed = 0, failed = 0;
	if (argc > 1) {
		for (int i = 1; i < argc; i++)
			run_file(argv[i]) == 0 ? passed++ : failed++;
	} else {
		const char *src = getenv("ORIGO_SRCDIR");
		char self[256], dir[1024];
		snprintf(self, sizeof self, "%s", argv[0]);
		const char *name = basename(self);
		if (strncmp(name, "fuzz_", 5) == 0)
			name += 5;
		snprintf(dir, sizeof dir, "%s/tests/fuzz/corpus/%s", src && src[0] ? src : ".", name);
		DIR *d = opendir(dir);
		if (!d) {
			printf("[  ERROR   ] %s: %s\n", dir, strerror(errno));
			printf("[  FAILED  ] 1 test(s), listed below:\n");
			return 1;
		}
		char **names = NULL;
		size_t nn = 0;
		struct dirent *e;
		while ((e = readdir(d))) {
			if (e->d_name[0] == '.')
				continue;
			char **b = realloc(names, (nn + 1) * sizeof *names);
			if (!b)
				abort();
			names = b;
			if (!(names[nn] = malloc(strlen(dir) + strlen(e->d_name) + 2)))
				abort();
			sprintf(names[nn++], "%s/%s", dir, e->d_name);
		}
		closedir(d);
		qsort(names, nn, sizeof *names, cmp);
		for (size_t i = 0; i < nn; i++) {
			run_file(names[i]) == 0 ? passed++ : failed++;
			free(names[i]);
		}
		free(names);
		if (nn == 0)
			failed++;   /* a harness without a corpus tests nothing */
	}
	printf("[==========] %d test(s) run.\n", passed + failed);
	printf("[  PASSED  ] %d test(s).\n", passed);
	if (failed) {
		printf("[  FAILED  ] %d test(s), listed below:\n", failed);
		return 1;
	}
	return 0;
}
