/* Growable arrays, and arrays kept sorted by a numeric id, as the emulator's
 * stores hold them: one place for the doubling, the binary search and the
 * shifting that the Gcore, Yandex and Edgio stores, the faults and the tokens
 * all need. Elements are `size` bytes; the caller keeps base, n and cap. */
#ifndef EMU_ARRAY_H
#define EMU_ARRAY_H

#include <stddef.h>

/* Room for one more element: base itself while n < *cap, else base realloc'd
 * to twice *cap (first_cap the first time) with *cap updated. NULL on out of
 * memory, base then unchanged and still owned by the caller. */
void *emu_array_grow(void *base, size_t n, size_t *cap, size_t size, size_t first_cap);

/* The index of the first of n elements, sorted by id_of, whose id is >= id
 * (n when none). id_of gets a pointer to an element. */
size_t emu_array_lower_bound(const void *base, size_t n, size_t size, long long id,
                             long long (*id_of)(const void *elem));

/* Inserts a copy of the element at `elem` at index `at` (0..*n), growing
 * the array as emu_array_grow does; *n is one more. Returns the (possibly
 * moved) array, or NULL on out of memory (array and *n unchanged). */
void *emu_array_insert(void *base, size_t *n, size_t *cap, size_t size, size_t first_cap,
                       size_t at, const void *elem);
/* Removes the element at index `at` (< *n), shifting the rest down; *n is one
 * less. The element itself is the caller's to free first. */
void emu_array_remove(void *base, size_t *n, size_t size, size_t at);

#endif
