/* net/arena_huge.c: the main thread's heap advised for transparent huge
 * pages where glibc's malloc and a kernel with them are there (the mapping
 * of the blocks taken after it, a list page's body, then carries the "hg"
 * flag in /proc/self/smaps), and nothing done under a sanitizer's malloc
 * or a kernel without them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "net/arena_huge.h"

/* Whether arena_huge() can work in this build on this kernel, judged
 * apart from it: glibc's own malloc, and THP not "never". UNKNOWN where
 * the kernel's setting cannot be read (a chroot without /sys): then only
 * the advice's own word and the heap's flags are held to each other. */
typedef enum { NO, YES, UNKNOWN } verdict;

static verdict expected(void)
{
#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
	return NO;
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__) || !defined(__GLIBC__) || \
    !defined(__linux__)
	return NO;
#else
	FILE *f = fopen("/sys/kernel/mm/transparent_hugepage/enabled", "r");
	char line[128] = "";
	if (!f)
		return UNKNOWN;
	if (!fgets(line, sizeof line, f))
		line[0] = '\0';
	fclose(f);
	return line[0] && !strstr(line, "[never]") ? YES : NO;
#endif
}

/* The VmFlags line of the smaps entry holding address a ("" if none). */
static void vmflags_of(uintptr_t a, char *out, size_t outsz)
{
	out[0] = '\0';
	FILE *f = fopen("/proc/self/smaps", "re");
	assert_non_null(f);
	char line[512];
	bool in = false;
	while (fgets(line, sizeof line, f)) {
		unsigned long lo, hi;
		if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2) {
			in = lo <= a && a < hi;
			continue;
		}
		if (in && strncmp(line, "VmFlags:", 8) == 0) {
			snprintf(out, outsz, "%s", line + 8);
			break;
		}
	}
	fclose(f);
}

/* The main thread's blocks come from the heap ("[heap]"), which the top
 * pad has given room: the ones taken after the advice, in advised memory. */
static void test_the_main_heap(void **state)
{
	(void)state;
	/* blocks of 100 KB until the heap had to grow (by the top pad) */
	char *blocks[8];
	for (int i = 0; i < 8; i++) {
		blocks[i] = malloc(100000);
		assert_non_null(blocks[i]);
		blocks[i][0] = 1;
	}
	bool advised = arena_huge();
	/* a list page's body (450 KB for 1,000 Gcore groups) */
	char *page = malloc(450000);
	assert_non_null(page);
	page[0] = 1;
	char flags[512];
	vmflags_of((uintptr_t)page, flags, sizeof flags);
	free(page);
	for (int i = 0; i < 8; i++)
		free(blocks[i]);
	verdict want = expected();
	if (want != UNKNOWN)
		assert_int_equal(advised, want == YES);
	/* advised or not, the heap's flags say the same */
	if (advised)
		assert_non_null(strstr(flags, " hg"));
	else
		assert_null(strstr(flags, " hg"));
}

int main(void)
{
	/* origo's malloc has a top pad of 16 MiB (tui/main.c): room for huge
	 * pages in each arena */
#ifdef __GLIBC__
	mallopt(M_TOP_PAD, 16 << 20);
#endif
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_the_main_heap),
	};
	return cmocka_run_group_tests_name("arena_huge", tests, NULL, NULL);
}
