/* The sources screen of incident mode: every distinct origin of every
 * configured account (model/origins.h), loaded side by side. */
#ifndef TUI_VIEWS_SOURCES_H
#define TUI_VIEWS_SOURCES_H

#include <stdbool.h>
#include <stddef.h>
#include "model/origins.h"
#include "tui/format.h"
#include "tui/view.h"

struct app;

view *view_sources_new(size_t account);
bool view_is_sources(const view *v);
/* `S` and `:sources`: back to the sources screen when it is on the stack,
 * else a new one on top. */
void sources_show(struct app *a);
/* The origin under the cursor of sources view v (NULL: none, or v is not
 * one). */
const og_origin *view_sources_origin(struct app *a, view *v);
/* One origin's row: ORIGIN GROUPS ENABLED(enabled/uses) BACKUP ACCOUNTS
 * LAST PROBE. */
void sources_origin_row(struct app *a, const og_origin *o, fmt_row *row);

#endif
