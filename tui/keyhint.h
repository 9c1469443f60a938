/* Why a key does nothing: its default action was rebound or unbound by the
 * config's `keys` section. */
#ifndef TUI_KEYHINT_H
#define TUI_KEYHINT_H

#include <stdbool.h>
#include "tui/app.h"

/* When `key` is a default key of an action that works on `screen` but the
 * config took it away, says so in the status bar ("Space does nothing: the
 * config binds toggle_enabled to x") and returns true; else false. */
bool keyhint_rebound(app *a, unsigned screen, int key);

#endif
