/* The group screen: one group's settings and sources, where the sources are
 * edited (tui/source_edit.c) and probed (tui/probe_ui.c). */
#ifndef TUI_VIEWS_GROUP_H
#define TUI_VIEWS_GROUP_H

#include <stdbool.h>
#include <stddef.h>
#include "tui/view.h"

view *view_group_new(size_t account, const char *group_id);
/* Whether J/K move a Match Client source in its HTTPS order (Tab), else in
 * its HTTP order; false for any other view. */
bool view_group_order_https(const view *v);

#endif
