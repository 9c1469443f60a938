/* Editing a group's sources from the group screen: toggling a flag, making
 * a source primary, moving it in its failover order, undoing the last
 * change. Each is an optimistic change in the store and a JOB_CHANGE whose
 * result confirms or reverts it. */
#ifndef TUI_SOURCE_EDIT_H
#define TUI_SOURCE_EDIT_H

#include "tui/app.h"

/* Space / b on the group view v. */
void source_edit_toggle(app *a, view *v, og_field f);
/* P: the source under the cursor becomes primary (the provider demotes the
 * previous primary of its protocols). */
void source_edit_make_primary(app *a, view *v);
/* J (+1) / K (-1): moves the source under the cursor in its failover order;
 * a Match Client source in its HTTP order, or in its HTTPS order when
 * `https` (Tab on the group screen). */
void source_edit_move(app *a, view *v, int delta, bool https);
void source_edit_undo(app *a, view *v);
/* The JOB_CHANGE handler (its ctx is unused): confirms or reverts. */
void source_edit_done(app *a, job_result *r, void *ctx);

#endif
