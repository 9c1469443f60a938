/* Copying to the user's local clipboard through the terminal: OSC 52
 * (ESC ] 52 ; c ; <base64> BEL), which xterm, kitty, iTerm2, WezTerm, foot
 * and tmux understand, and which travels over SSH where no X11 or Wayland
 * clipboard is reachable. */
#ifndef TUI_OSC52_H
#define TUI_OSC52_H

#include <stdbool.h>
#include <stddef.h>

/* Standard base64 (RFC 4648, with '=' padding) of len bytes of in into out
 * (NUL terminated). Returns the length written, or 0 when out (n bytes) is
 * too small (out is then ""). */
size_t osc52_base64(const unsigned char *in, size_t len, char *out, size_t n);

/* The whole sequence that puts `text` into the clipboard selection "c";
 * inside tmux (`tmux` true) wrapped in a DCS passthrough
 * (ESC P tmux; ... ESC \) with every ESC of the inner sequence doubled, as
 * tmux asks. Returns its length, or 0 when out (n bytes) is too small. */
size_t osc52_encode(const char *text, bool tmux, char *out, size_t n);

/* Whether we run inside tmux: $TMUX set and not empty. */
bool osc52_in_tmux(void);

/* The sequence waits here until the next frame writes it through ncurses'
 * output (osc52_flush, from the UI thread only), so it never lands in the
 * middle of a screen update. 0, or -1 when text is too long to copy. */
int osc52_queue(const char *text);
/* Writes the queued sequence, if any, with putp() (curses running). */
void osc52_flush(void);

#endif
