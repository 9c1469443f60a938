/* Growable and id-sorted arrays for the emulator's stores (emu_array.h). */
#include "emu_array.h"

#include <stdlib.h>
#include <string.h>

void *emu_array_grow(void *base, size_t n, size_t *cap, size_t size, size_t first_cap)
{
	if (n < *cap)
		return base;
	size_t c = *cap ? *cap * 2 : first_cap;
	void *p = realloc(base, c * size);
	if (p)
		*cap = c;
	return p;
}

size_t emu_array_lower_bound(const void *base, size_t n, size_t size, long long id,
                             long long (*id_of)(const void *elem))
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (id_of((const char *)base + mid * size) < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

void *emu_array_insert(void *base, size_t *n, size_t *cap, size_t size, size_t first_cap,
                       size_t at, const void *elem)
{
	char *b = emu_array_grow(base, *n, cap, size, first_cap);
	if (!b)
		return NULL;
	memmove(b + (at + 1) * size, b + at * size, (*n - at) * size);
	memcpy(b + at * size, elem, size);
	(*n)++;
	return b;
}

void emu_array_remove(void *base, size_t *n, size_t size, size_t at)
{
	char *b = base;
	memmove(b + at * size, b + (at + 1) * size, (*n - at - 1) * size);
	(*n)--;
}
