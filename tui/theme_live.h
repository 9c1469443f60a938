/* `:theme NAME`: switching themes while origo runs. */
#ifndef TUI_THEME_LIVE_H
#define TUI_THEME_LIVE_H

#include "tui/app.h"

/* Loads theme `name` (as -t does) and, when it loads, re-initialises the
 * colour pairs and attributes and asks for a full repaint; otherwise the
 * status bar says why and the current theme stays. 0 or -1. */
int theme_live_switch(app *a, const char *name);

#endif
