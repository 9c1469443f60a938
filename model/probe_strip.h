/* The watch strip: per origin, the last OG_STRIP_LEN probe results (up or
 * down, latency, when), drawn as one cell a result, and whether the newest
 * result changed the origin's state (up -> down, down -> up) so the status
 * bar can say so. Pure: the caller passes the time and the glyph set. */
#ifndef MODEL_PROBE_STRIP_H
#define MODEL_PROBE_STRIP_H

#include <stdbool.h>
#include <stddef.h>

#define OG_STRIP_LEN 20

/* One result in the ring. */
typedef struct og_strip_sample {
	bool up;
	long latency_ms;         /* of an up result; 0 when down */
	long long at;            /* seconds since the epoch, as the caller counts */
} og_strip_sample;

/* One origin's ring, oldest first when read with og_strip_get(). */
typedef struct og_strip {
	char *name;              /* the origin's identity (model/origins.h) */
	og_strip_sample ring[OG_STRIP_LEN];
	size_t head;             /* next slot to write */
	size_t n;                /* results held, at most OG_STRIP_LEN */
} og_strip;

/* The strips of a screen or a command. A zeroed book is empty and valid. */
typedef struct og_strip_book {
	og_strip *items;
	size_t n, cap;
} og_strip_book;

/* What the newest result did to the origin's state. */
typedef enum og_strip_change {
	OG_STRIP_SAME,           /* as before */
	OG_STRIP_FIRST,          /* the origin's first result: nothing to compare */
	OG_STRIP_WENT_DOWN,
	OG_STRIP_CAME_UP,
	OG_STRIP_ERROR,          /* out of memory: nothing was recorded */
} og_strip_change;

/* Records a result for origin name (a copy of the name is kept), dropping
 * the oldest once OG_STRIP_LEN are held. */
og_strip_change og_strip_add(og_strip_book *b, const char *name, bool up, long latency_ms,
                             long long at);
const og_strip *og_strip_find(const og_strip_book *b, const char *name);
/* The i-th result, 0 the oldest; NULL past the end. */
const og_strip_sample *og_strip_get(const og_strip *s, size_t i);
/* The newest result, or NULL. */
const og_strip_sample *og_strip_last(const og_strip *s);
void og_strip_book_free(og_strip_book *b);   /* frees the items, not b */

/* Glyph sets for og_strip_text. Unicode: an up result is a bar whose height
 * grows with its latency (under 10 ms the lowest, 3 s and more the highest),
 * a down result "✗". ASCII, for terminals without UTF-8: "." under 100 ms,
 * "o" under 1 s, "O" slower, "x" down. Every glyph is one cell wide. */
typedef enum og_strip_glyphs { OG_STRIP_ASCII, OG_STRIP_UNICODE } og_strip_glyphs;

/* The strip's text, oldest result first, one cell a result, NUL-terminated
 * (truncated at whole glyphs to fit n bytes). Returns the cells written. */
size_t og_strip_text(const og_strip *s, og_strip_glyphs g, char *buf, size_t n);
/* One result's glyph. */
const char *og_strip_glyph(const og_strip_sample *x, og_strip_glyphs g);
/* "went down", "came back up", "" for the others. */
const char *og_strip_change_text(og_strip_change c);

#endif
