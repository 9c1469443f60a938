/* Shell-prompt editing of one line (see lineedit.h). */
#include "tui/lineedit.h"

#include <stdlib.h>
#include <string.h>

static bool continuation(char c)
{
	return ((unsigned char)c & 0xC0) == 0x80;
}

/* Byte offsets of the character before / after `at`. */
static size_t prev_char(const lineedit *e, size_t at)
{
	while (at > 0 && continuation(e->text[--at]))
		;
	return at;
}

static size_t next_char(const lineedit *e, size_t at)
{
	if (at >= e->len)
		return e->len;
	at++;
	while (at < e->len && continuation(e->text[at]))
		at++;
	return at;
}

/* Removes bytes [from, to) and puts the cursor at `from`. */
static bool cut(lineedit *e, size_t from, size_t to)
{
	if (from >= to)
		return false;
	memmove(e->text + from, e->text + to, e->len - to + 1);
	e->len -= to - from;
	e->cur = from;
	return true;
}

void le_set(lineedit *e, const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n >= LE_MAX) {
		n = LE_MAX - 1;
		while (n > 0 && continuation(s[n]))   /* never half a character */
			n--;
	}
	if (n)
		memcpy(e->text, s, n);
	e->text[n] = '\0';
	e->len = e->cur = n;
}

bool le_insert(lineedit *e, const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || e->len + n >= LE_MAX)
		return false;
	memmove(e->text + e->cur + n, e->text + e->cur, e->len - e->cur + 1);
	memcpy(e->text + e->cur, s, n);
	e->len += n;
	e->cur += n;
	return true;
}

bool le_left(lineedit *e)
{
	size_t was = e->cur;
	e->cur = prev_char(e, e->cur);
	return e->cur != was;
}

bool le_right(lineedit *e)
{
	size_t was = e->cur;
	e->cur = next_char(e, e->cur);
	return e->cur != was;
}

bool le_home(lineedit *e)
{
	size_t was = e->cur;
	e->cur = 0;
	return was != 0;
}

bool le_end(lineedit *e)
{
	size_t was = e->cur;
	e->cur = e->len;
	return was != e->len;
}

bool le_backspace(lineedit *e)
{
	return cut(e, prev_char(e, e->cur), e->cur);
}

bool le_delete(lineedit *e)
{
	size_t at = e->cur;
	bool changed = cut(e, at, next_char(e, at));
	e->cur = at;
	return changed;
}

bool le_kill_word(lineedit *e)
{
	size_t at = e->cur;
	while (at > 0 && e->text[at - 1] == ' ')
		at--;
	while (at > 0 && e->text[at - 1] != ' ')
		at--;
	return cut(e, at, e->cur);
}

bool le_kill_to_start(lineedit *e)
{
	return cut(e, 0, e->cur);
}

/* ---- history ----------------------------------------------------------- */

void le_history_add(le_history *h, const char *line)
{
	h->pos = h->n;
	if (!line || !line[0] || (h->n && strcmp(h->items[h->n - 1], line) == 0))
		return;
	char *copy = strdup(line);
	if (!copy)
		return;
	if (h->n == LE_HISTORY_MAX) {
		free(h->items[0]);
		memmove(h->items, h->items + 1, (LE_HISTORY_MAX - 1) * sizeof h->items[0]);
		h->n--;
	}
	h->items[h->n++] = copy;
	h->pos = h->n;
}

void le_history_rewind(le_history *h)
{
	h->pos = h->n;
	h->draft[0] = '\0';
}

bool le_history_prev(le_history *h, lineedit *e)
{
	if (h->pos == 0 || h->n == 0)
		return false;
	if (h->pos >= h->n) {
		h->pos = h->n;
		memcpy(h->draft, e->text, e->len + 1);
	}
	le_set(e, h->items[--h->pos]);
	return true;
}

bool le_history_next(le_history *h, lineedit *e)
{
	if (h->pos >= h->n)
		return false;
	h->pos++;
	le_set(e, h->pos < h->n ? h->items[h->pos] : h->draft);
	return true;
}

void le_history_free(le_history *h)
{
	for (size_t i = 0; i < h->n; i++)
		free(h->items[i]);
	memset(h, 0, sizeof *h);
}

/* ---- completion -------------------------------------------------------- */

/* Replaces bytes [from, cur) with `with` (when it fits). */
static void replace_word(lineedit *e, size_t from, const char *with)
{
	size_t old = e->cur - from, n = strlen(with);
	if (e->len - old + n >= LE_MAX)
		return;
	memmove(e->text + from + n, e->text + e->cur, e->len - e->cur + 1);
	memcpy(e->text + from, with, n);
	e->len = e->len - old + n;
	e->cur = from + n;
}

size_t le_complete(lineedit *e, size_t from, const char *const *cands, size_t n,
                   const char *suffix, size_t *matches, size_t max)
{
	if (from > e->cur)
		return 0;
	const char *word = e->text + from;
	size_t wlen = e->cur - from, found = 0, common = 0;
	const char *first = NULL;
	for (size_t i = 0; i < n; i++) {
		if (!cands[i] || strncmp(cands[i], word, wlen) != 0)
			continue;
		if (matches && found < max)
			matches[found] = i;
		if (!first) {
			first = cands[i];
			common = strlen(first);
		} else {
			size_t k = 0;
			while (k < common && cands[i][k] == first[k])
				k++;
			common = k;
		}
		found++;
	}
	if (found == 0)
		return 0;
	/* A common prefix may end inside a character: back to its start. */
	while (common > wlen && continuation(first[common]))
		common--;
	char with[LE_MAX];
	if (common >= sizeof with)
		return found;
	memcpy(with, first, common);
	with[common] = '\0';
	if (common > wlen)
		replace_word(e, from, with);
	if (found == 1 && suffix && suffix[0] && strncmp(e->text + e->cur, suffix, strlen(suffix)) != 0)
		le_insert(e, suffix);
	return found;
}
