/* The main keys of a screen, shown in the status bar when it has nothing to
 * say (`? help  / filter  Enter open  n new  q quit`), as htop's and mc's
 * bottom lines do. The keys come from the key map, so a rebound action shows
 * its new key and an unbound one is left out; so are actions the provider
 * does not have and, on a read-only account, the writes. A form has none
 * here: it shows its own keys on a line of its own. `hints = false;` in the
 * config hides them (tui/status.c). */
#ifndef TUI_HINTS_H
#define TUI_HINTS_H

#include <stdbool.h>
#include <stddef.h>

#include "model/caps.h"
#include "tui/keymap.h"

#define HINTS_MAX 12

typedef struct hint_item {
	char key[32];           /* "?", "Space", "J/K" */
	const char *label;      /* "help", "enable" */
} hint_item;

/* The hints of `screen` (one SCR_ bit) that fit in `width` columns, drawn
 * as "KEY label" joined by two spaces; when they do not all fit, the least
 * important go first and the rest keep their order. caps NULL: every
 * provider action. Returns how many were written to out (at most max). */
size_t hints_for(const keymap *km, const og_caps *caps, unsigned screen, bool read_only,
                 int width, hint_item *out, size_t max);
/* The same as one line of text ("" none). Returns buf. */
const char *hints_text(const keymap *km, const og_caps *caps, unsigned screen, bool read_only,
                       int width, char *buf, size_t n);

#endif
