/* Horizontal lines in ASCII, ACS or UTF-8. */
#include "tui/lines.h"

#include <string.h>

lines_mode lines_current = LINES_ASCII;

lines_mode lines_pick(bool ascii_flag, const char *codeset)
{
	if (ascii_flag)
		return LINES_ASCII;
	if (codeset && (strcmp(codeset, "UTF-8") == 0 || strcmp(codeset, "utf8") == 0))
		return LINES_UTF8;
	return LINES_ACS;
}

const char *lines_hchar(lines_mode m)
{
	switch (m) {
	case LINES_UTF8: return "\u2500";
	case LINES_ACS: return "q";    /* ACS_HLINE's character in the DEC set */
	default: return "-";
	}
}

void lines_hline(int y, int x, int n, attr_t attr)
{
	int rows, cols;
	getmaxyx(stdscr, rows, cols);
	if (y < 0 || y >= rows || x < 0 || x >= cols || n <= 0)
		return;
	if (n > cols - x)
		n = cols - x;
	switch (lines_current) {
	case LINES_UTF8: {
		cchar_t c;
		wchar_t w[2] = { L'\u2500', L'\0' };
		setcchar(&c, w, attr, (short)PAIR_NUMBER(attr), NULL);
		mvhline_set(y, x, &c, n);
		break;
	}
	case LINES_ACS:
		mvhline(y, x, ACS_HLINE | attr, n);
		break;
	default:
		mvhline(y, x, '-' | attr, n);
		break;
	}
}
