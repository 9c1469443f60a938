/* The copy action (`y`). */
#ifndef TUI_COPY_H
#define TUI_COPY_H

#include "tui/app.h"

/* Queues an OSC 52 copy of the id / host under the cursor of v and says so
 * in the status bar ("copied id ..."); the next frame writes it. */
void copy_under_cursor(app *a, view *v);

#endif
