/* The watch strip (see probe_strip.h). */
#include "model/probe_strip.h"
#include "model/og_grow.h"

#include <stdlib.h>
#include <string.h>

static og_strip *find(const og_strip_book *b, const char *name)
{
	if (!b || !name)
		return NULL;
	for (size_t i = 0; i < b->n; i++)
		if (strcmp(b->items[i].name, name) == 0)
			return &b->items[i];
	return NULL;
}

const og_strip *og_strip_find(const og_strip_book *b, const char *name)
{
	return find(b, name);
}

const og_strip_sample *og_strip_get(const og_strip *s, size_t i)
{
	if (!s || i >= s->n)
		return NULL;
	/* the oldest sits at head once the ring is full, at 0 before */
	size_t first = s->n == OG_STRIP_LEN ? s->head : 0;
	return &s->ring[(first + i) % OG_STRIP_LEN];
}

const og_strip_sample *og_strip_last(const og_strip *s)
{
	return s && s->n ? og_strip_get(s, s->n - 1) : NULL;
}

og_strip_change og_strip_add(og_strip_book *b, const char *name, bool up, long latency_ms,
                             long long at)
{
	if (!b || !name)
		return OG_STRIP_ERROR;
	og_strip *s = find(b, name);
	if (!s) {
		og_strip *items = og_grow(b->items, &b->cap, b->n, sizeof *items, 8);
		if (!items)
			return OG_STRIP_ERROR;
		b->items = items;
		s = &b->items[b->n];
		memset(s, 0, sizeof *s);
		if (!(s->name = strdup(name)))
			return OG_STRIP_ERROR;
		b->n++;
	}
	const og_strip_sample *prev = og_strip_last(s);
	og_strip_change c = !prev ? OG_STRIP_FIRST
	                    : prev->up == up ? OG_STRIP_SAME
	                    : up ? OG_STRIP_CAME_UP : OG_STRIP_WENT_DOWN;
	s->ring[s->head] = (og_strip_sample){ .up = up, .latency_ms = up && latency_ms > 0 ? latency_ms : 0,
	                                      .at = at };
	s->head = (s->head + 1) % OG_STRIP_LEN;
	if (s->n < OG_STRIP_LEN)
		s->n++;
	return c;
}

void og_strip_book_free(og_strip_book *b)
{
	if (!b)
		return;
	for (size_t i = 0; i < b->n; i++)
		free(b->items[i].name);
	free(b->items);
	memset(b, 0, sizeof *b);
}

const char *og_strip_glyph(const og_strip_sample *x, og_strip_glyphs g)
{
	/* upper bounds (ms) of the unicode bars, lowest first; past the last: full */
	static const long bounds[] = { 10, 30, 100, 300, 1000, 3000, 10000 };
	static const char *const bars[] = { "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█" };
	if (!x)
		return " ";
	if (g == OG_STRIP_ASCII) {
		if (!x->up)
			return "x";
		return x->latency_ms < 100 ? "." : x->latency_ms < 1000 ? "o" : "O";
	}
	if (!x->up)
		return "✗";
	size_t i = 0;
	while (i < sizeof bounds / sizeof bounds[0] && x->latency_ms >= bounds[i])
		i++;
	return bars[i];
}

size_t og_strip_text(const og_strip *s, og_strip_glyphs g, char *buf, size_t n)
{
	if (!buf || !n)
		return 0;
	size_t used = 0, cells = 0;
	buf[0] = '\0';
	for (size_t i = 0; s && i < s->n; i++) {
		const char *gl = og_strip_glyph(og_strip_get(s, i), g);
		size_t len = strlen(gl);
		if (used + len + 1 > n)
			break;
		memcpy(buf + used, gl, len);
		used += len;
		cells++;
	}
	buf[used] = '\0';
	return cells;
}

const char *og_strip_change_text(og_strip_change c)
{
	switch (c) {
	case OG_STRIP_WENT_DOWN: return "went down";
	case OG_STRIP_CAME_UP: return "came back up";
	default: return "";
	}
}
