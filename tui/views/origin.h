/* The uses screen of one origin: every (account, group, source) that uses
 * it, its flags, pending marks and the last-active guard's word. */
#ifndef TUI_VIEWS_ORIGIN_H
#define TUI_VIEWS_ORIGIN_H

#include <stdbool.h>
#include <stddef.h>
#include "model/origins.h"
#include "tui/format.h"
#include "tui/view.h"

struct app;

/* The uses of origin `name` (its identity); account: the current one. */
view *view_origin_new(size_t account, const char *name);
bool view_is_origin(const view *v);
/* One use's row: ACCOUNT GROUP KIND ENABLED BACKUP GUARD. */
void origin_use_row(struct app *a, const og_origin_use *u, fmt_row *row);
/* What the last-active guard says about disabling the use: "may be
 * disabled", "disabled", the guard's refusal, or "skipped: <why>" where the
 * provider has no enabled flag. */
void origin_guard_text(struct app *a, const og_origin_use *u, char *buf, size_t n);

#endif
