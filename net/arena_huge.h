/* Huge pages for the main heap (see arena_huge.c).
 * Internal to net/. */
#ifndef NET_ARENA_HUGE_H
#define NET_ARENA_HUGE_H

#include <stdbool.h>

/* Asks the kernel for transparent huge pages for the main heap ("[heap]",
 * where glibc's malloc gives the main thread its blocks) when it has room
 * for them (the top pad of tui/main.c makes that room); does nothing where
 * that cannot be done. For a command about to keep megabytes there.
 * Whether the advice was taken (false: nothing changed). */
bool arena_huge(void);

#endif
