/* Text in terminal cells: widths with wcwidth, truncation at cell boundaries,
 * never a control character on the screen. */
#ifndef TUI_DRAW_H
#define TUI_DRAW_H

#include <stdbool.h>
#include <stddef.h>
#include <ncurses.h>

/* ASCII only for the ellipsis and the like (--ascii or a non-UTF-8 locale). */
extern bool draw_ascii;

/* The columns `s` takes on the screen (bytes that do not decode count 1). */
int draw_width(const char *s);
/* Copies into out the longest prefix of s that fits in `cells` columns,
 * ending in an ellipsis when s was cut. Control characters and bytes that do
 * not decode become '?'. Returns the columns used. */
int draw_fit(const char *s, int cells, char *out, size_t n);
/* Same, padded with spaces to exactly `cells` columns (left aligned). */
int draw_pad(const char *s, int cells, char *out, size_t n);

/* Draws s at (y, x) in exactly `cells` columns with attribute attr, clipped
 * to the screen. */
void draw_text(int y, int x, int cells, const char *s, attr_t attr);

/* Draws s wrapped at spaces over at most max_rows rows of `cells` columns
 * from (y, x); the last row ends in an ellipsis when s does not fit. With
 * draw false it only counts. Returns the rows s takes (0 for ""). */
int draw_wrapped(int y, int x, int cells, int max_rows, const char *s, attr_t attr, bool draw);

#endif
