/* A page fault costs ~2-3 us on a VM; a command that keeps megabytes
 * (list --json: 10,000 groups arrive as 4.5 MB of pages, each then made
 * text over its own JSON, kept until the whole list is in) faults once per
 * 4 KiB page, ~1,100 times. With transparent huge pages it faults once per
 * 2 MiB. glibc asks for them only when told so at start
 * (GLIBC_TUNABLES=glibc.malloc.hugetlb=1, too late for a program to set);
 * so the main thread advises the heap its blocks come from MADV_HUGEPAGE,
 * from a block it takes to the program break (the heap's end, whose room
 * tui/main.c's top pad makes 16 MiB at once): what lies above that block
 * is where the next blocks come from. Found so, not by reading
 * /proc/self/maps (~900,000 instructions, 1% of the whole command). Advice
 * only: on a kernel without huge pages, or when the block is not in the
 * heap, nothing changes. */
#include "net/arena_huge.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

/* Only glibc's malloc is known to work so; a sanitizer brings its own. */
#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define ARENA_NOT_GLIBC 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__) || !defined(__GLIBC__)
#define ARENA_NOT_GLIBC 1
#endif

#if defined(__linux__) && !defined(ARENA_NOT_GLIBC)
#include <sys/mman.h>
#include <unistd.h>
#endif

/* a huge page with 4 KiB pages (x86-64, arm64's usual) */
#define HUGE_PAGE ((uintptr_t)2 << 20)

bool arena_huge(void)
{
	bool advised = false;
#if defined(__linux__) && !defined(ARENA_NOT_GLIBC) && defined(MADV_HUGEPAGE)
	char *block = malloc(64);
	if (!block)
		return false;
	/* the page of the block, up to the break: in the heap when below it
	 * (mappings of their own lie far above it), with room for a huge page */
	uintptr_t lo = (uintptr_t)block & ~(uintptr_t)4095;
	void *brk_now = sbrk(0);
	uintptr_t hi = brk_now == (void *)-1 ? 0 : (uintptr_t)brk_now;
	if (lo < hi && hi - lo >= 2 * HUGE_PAGE && madvise((void *)lo, hi - lo, MADV_HUGEPAGE) == 0)
		advised = true;
	free(block);
#endif
	return advised;
}
