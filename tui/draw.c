/* Cell-width-aware text for the screen. */
#include "tui/draw.h"

#include <stdio.h>
#include <string.h>
#include <wchar.h>

bool draw_ascii = false;

/* Decodes one character; *w is its width (1 for what cannot be shown, which
 * is then drawn as '?'). Returns the bytes used (>= 1). */
static size_t next_char(const char *s, size_t left, int *w, bool *bad)
{
	mbstate_t st;
	memset(&st, 0, sizeof st);
	wchar_t wc;
	size_t n = mbrtowc(&wc, s, left, &st);
	*bad = false;
	if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
		*w = 1;
		*bad = true;
		return 1;
	}
	int cw = wcwidth(wc);
	if (cw < 0 || wc < 32) {   /* control characters and the unprintable */
		*w = 1;
		*bad = true;
		return n;
	}
	*w = cw;
	return n;
}

int draw_width(const char *s)
{
	int total = 0;
	size_t left = s ? strlen(s) : 0;
	while (left > 0) {
		/* printable ASCII is one cell: no decoding (the sources screen
		 * measures thousands of host names) */
		if ((unsigned char)*s >= 0x20 && (unsigned char)*s < 0x7f) {
			total++;
			s++;
			left--;
			continue;
		}
		int w;
		bool bad;
		size_t n = next_char(s, left, &w, &bad);
		total += w;
		s += n;
		left -= n;
	}
	return total;
}

int draw_fit(const char *s, int cells, char *out, size_t n)
{
	if (n == 0)
		return 0;
	out[0] = '\0';
	if (!s || cells <= 0)
		return 0;
	const char *ell = draw_ascii ? "~" : "\xe2\x80\xa6";   /* U+2026 */
	size_t ell_len = strlen(ell);
	bool fits = draw_width(s) <= cells;
	int room = fits ? cells : cells - 1;    /* keep a cell for the ellipsis */
	size_t used = 0, left = strlen(s);
	int col = 0;
	while (left > 0) {
		int w;
		bool bad;
		size_t k = next_char(s, left, &w, &bad);
		if (col + w > room)
			break;
		if (bad) {
			if (used + 1 >= n)
				break;
			out[used++] = '?';
		} else {
			if (used + k >= n)
				break;
			memcpy(out + used, s, k);
			used += k;
		}
		col += w;
		s += k;
		left -= k;
	}
	if (!fits && cells >= 1 && used + ell_len < n) {
		memcpy(out + used, ell, ell_len);
		used += ell_len;
		col++;
	}
	out[used] = '\0';
	return col;
}

int draw_pad(const char *s, int cells, char *out, size_t n)
{
	int col = draw_fit(s, cells, out, n);
	size_t used = strlen(out);
	while (col < cells && used + 1 < n) {
		out[used++] = ' ';
		col++;
	}
	out[used] = '\0';
	return col;
}

void draw_text(int y, int x, int cells, const char *s, attr_t attr)
{
	if (y < 0 || y >= LINES || x < 0 || x >= COLS)
		return;
	if (x + cells > COLS)
		cells = COLS - x;
	if (cells <= 0)
		return;
	char buf[2048];
	draw_pad(s ? s : "", cells, buf, sizeof buf);
	attr_t old_a;
	short old_p;
	attr_get(&old_a, &old_p, NULL);
	attrset(attr);
	mvaddstr(y, x, buf);
	attrset(old_a);
	(void)old_p;
}

/* Bytes of the first row of s at `cells` columns: all of it when it fits,
 * else up to its last space that fits, else as many characters as fit
 * (at least one, so that wrapping always moves on). */
static size_t wrap_line(const char *s, int cells)
{
	size_t left = strlen(s), at = 0, last_space = 0;
	int col = 0;
	while (at < left) {
		int w;
		bool bad;
		size_t k = next_char(s + at, left - at, &w, &bad);
		if (col + w > cells)
			return last_space ? last_space : (at ? at : k);
		if (s[at] == ' ')
			last_space = at;
		col += w;
		at += k;
	}
	return left;
}

int draw_wrapped(int y, int x, int cells, int max_rows, const char *s, attr_t attr, bool draw)
{
	int rows = 0;
	if (!s || cells <= 0)
		return 0;
	while (*s && rows < max_rows) {
		char line[2048];
		if (rows == max_rows - 1) {          /* the last row takes the rest */
			snprintf(line, sizeof line, "%s", s);
			s += strlen(s);
		} else {
			size_t n = wrap_line(s, cells);
			snprintf(line, sizeof line, "%.*s", (int)n, s);
			s += n;
			while (*s == ' ')
				s++;
		}
		if (draw)
			draw_text(y + rows, x, cells, line, attr);
		rows++;
	}
	return rows;
}
