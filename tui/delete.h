/* `d` then `y`: deleting the group or the source a view acts on. */
#ifndef TUI_DELETE_H
#define TUI_DELETE_H

#include "tui/app.h"

/* Asks on the prompt line whether to delete the group under the cursor
 * (groups screen) or the source under it (group screen). */
void delete_start(app *a, view *v);
/* The key answering that question: y sends the delete. */
void delete_answer(app *a, int key);
void delete_ask_free(struct delete_ask *d);

#endif
