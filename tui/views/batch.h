/* The summary of a bulk change (tui/bulk.c): every group with its outcome
 * and why. */
#ifndef TUI_VIEWS_BATCH_H
#define TUI_VIEWS_BATCH_H

#include <stdbool.h>
#include <stddef.h>
#include "tui/view.h"

view *view_batch_new(size_t account);
bool view_is_batch(const view *v);

#endif
