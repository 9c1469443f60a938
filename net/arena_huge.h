/* Huge pages for the calling thread's malloc arena (see arena_huge.c).
 * Internal to net/. */
#ifndef NET_ARENA_HUGE_H
#define NET_ARENA_HUGE_H

#include <stdbool.h>

/* Asks the kernel for transparent huge pages for the memory glibc's malloc
 * gives this thread (a new thread's arena of its own, or the main thread's
 * heap) when it has room for huge pages (the top pad of tui/main.c makes
 * that room); does nothing where that cannot be done. For a thread about
 * to write megabytes. Whether the advice was taken (false: nothing
 * changed). */
bool arena_huge(void);

#endif
