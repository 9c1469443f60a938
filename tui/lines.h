/* Line drawing in three flavours: ASCII ('-'), the terminal's alternate
 * character set (ACS, for terminals without UTF-8), or UTF-8 box drawing
 * characters. --ascii forces ASCII; otherwise the locale decides (UTF-8
 * when nl_langinfo(CODESET) says so, else ACS). */
#ifndef TUI_LINES_H
#define TUI_LINES_H

#include <stdbool.h>
#include <ncurses.h>

typedef enum lines_mode { LINES_ASCII, LINES_ACS, LINES_UTF8 } lines_mode;

extern lines_mode lines_current;

/* The mode for a codeset name (NULL: unknown) and the --ascii flag. */
lines_mode lines_pick(bool ascii_flag, const char *codeset);
/* The horizontal line character of a mode as UTF-8 text ("-", "q" for ACS,
 * "\u2500"): for tests and for drawing. */
const char *lines_hchar(lines_mode m);
/* Draws a horizontal line of n cells at (y, x) with attribute attr, clipped
 * to the screen. */
void lines_hline(int y, int x, int n, attr_t attr);

#endif
