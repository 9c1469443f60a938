/* The groups screen: the account's origin groups, filterable. */
#ifndef TUI_VIEWS_GROUPS_H
#define TUI_VIEWS_GROUPS_H

#include <stddef.h>
#include "tui/view.h"

view *view_groups_new(size_t account);

#endif
