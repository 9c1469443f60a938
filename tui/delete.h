/* `d` then `y`: deleting the group or the source a view acts on. */
#ifndef TUI_DELETE_H
#define TUI_DELETE_H

#include "tui/app.h"

/* Asks on the prompt line whether to delete, of what v shows (ops->group),
 * the source under the cursor (source) or else the group. The screen
 * chooses (its ops->act). */
void delete_start(app *a, view *v, bool source);

#endif
