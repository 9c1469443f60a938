/* OSC 52 clipboard sequences: base64, the tmux passthrough, and a one-slot
 * queue the frame loop empties through ncurses' own output. */
#include "tui/osc52.h"

#include <ncurses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <term.h>

/* What a clipboard copy may hold: ids and host names are short; the limit
 * keeps the sequence well under what terminals accept (xterm: 100000). */
#define OSC52_MAX_TEXT 4096
#define OSC52_MAX_SEQ (OSC52_MAX_TEXT / 3 * 4 + 64)

static char pending[OSC52_MAX_SEQ];

size_t osc52_base64(const unsigned char *in, size_t len, char *out, size_t n)
{
	static const char abc[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t need = (len + 2) / 3 * 4;
	if (!out || n == 0)
		return 0;
	if (need + 1 > n) {
		out[0] = '\0';
		return 0;
	}
	size_t o = 0;
	for (size_t i = 0; i < len; i += 3) {
		unsigned v = (unsigned)in[i] << 16;
		if (i + 1 < len)
			v |= (unsigned)in[i + 1] << 8;
		if (i + 2 < len)
			v |= in[i + 2];
		out[o++] = abc[(v >> 18) & 63];
		out[o++] = abc[(v >> 12) & 63];
		out[o++] = i + 1 < len ? abc[(v >> 6) & 63] : '=';
		out[o++] = i + 2 < len ? abc[v & 63] : '=';
	}
	out[o] = '\0';
	return o;
}

size_t osc52_encode(const char *text, bool tmux, char *out, size_t n)
{
	if (!out || n == 0)
		return 0;
	out[0] = '\0';
	if (!text)
		return 0;
	size_t len = strlen(text);
	size_t b64n = (len + 2) / 3 * 4 + 1;
	char *b64 = malloc(b64n);
	if (!b64)
		return 0;
	osc52_base64((const unsigned char *)text, len, b64, b64n);
	/* tmux: DCS "tmux;" + the sequence with ESC doubled + ST. The inner
	 * sequence has one ESC (its start); BEL ends it. */
	const char *pre = tmux ? "\033Ptmux;\033\033]52;c;" : "\033]52;c;";
	const char *post = tmux ? "\a\033\\" : "\a";
	size_t total = strlen(pre) + strlen(b64) + strlen(post);
	size_t rc = 0;
	if (total + 1 <= n) {
		memcpy(out, pre, strlen(pre));
		memcpy(out + strlen(pre), b64, strlen(b64));
		memcpy(out + strlen(pre) + strlen(b64), post, strlen(post) + 1);
		rc = total;
	}
	free(b64);
	return rc;
}

bool osc52_in_tmux(void)
{
	const char *t = getenv("TMUX");
	return t && t[0];
}

int osc52_queue(const char *text)
{
	if (!text || strlen(text) > OSC52_MAX_TEXT)
		return -1;
	return osc52_encode(text, osc52_in_tmux(), pending, sizeof pending) > 0 ? 0 : -1;
}

void osc52_flush(void)
{
	if (!pending[0])
		return;
	/* putp writes with putc to the stream curses was started on (the
	 * terminal, not necessarily stdout) and doupdate() never flushes that
	 * stream: fflush every output stream. The base64 alphabet holds no
	 * "$<", so tputs finds no padding to interpret. */
	putp(pending);
	fflush(NULL);
	pending[0] = '\0';
}
