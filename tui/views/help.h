/* The help screen: the keys that work on the screen it was opened from,
 * generated from the action table after rebinding. */
#ifndef TUI_VIEWS_HELP_H
#define TUI_VIEWS_HELP_H

#include <stdbool.h>
#include <stddef.h>
#include "tui/actions.h"
#include "tui/view.h"

struct keymap;
struct og_caps;

/* The help of the screen `origin` (an SCR_ bit). */
view *view_help_new(size_t account, unsigned origin);

/* The help rows: the actions that work on `screen`, bound to a key, that the
 * provider supports (caps; NULL: all), and match `filter` (case-insensitive,
 * over keys, name and description). Returns how many were written to out
 * (at most max). */
size_t help_collect(const struct keymap *km, const struct og_caps *caps, unsigned screen,
                    const char *filter, action_id *out, size_t max);
/* Whether the provider has what the action changes (caps NULL: yes); the
 * help screen and the status bar's hints both go by it. */
bool help_caps_allow(const struct og_caps *caps, action_id act);

#endif
