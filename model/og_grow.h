/* Room for one more element in a growing array: the one way origo's
 * arrays grow (twice as many each time, so that n pushes move the array
 * a few times in all, not n times). */
#ifndef MODEL_OG_GROW_H
#define MODEL_OG_GROW_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

/* items (*cap elements of `size` bytes, n of them in use) with room for
 * one more: items itself when it has it, else moved to twice as many
 * (`first` when it had none) and *cap set. NULL when memory ran out (items
 * and *cap as they were, still the caller's). */
static inline void *og_grow(void *items, size_t *cap, size_t n, size_t size, size_t first)
{
	if (n < *cap)
		return items;
	size_t c = *cap ? *cap * 2 : first;
	if (c > SIZE_MAX / size)
		return NULL;
	void *m = realloc(items, c * size);
	if (m)
		*cap = c;
	return m;
}

#endif
