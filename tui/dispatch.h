/* Keys to actions through the key map, and the one place that refuses
 * writes in read-only mode. */
#ifndef TUI_DISPATCH_H
#define TUI_DISPATCH_H

#include "tui/app.h"

void dispatch_key(app *a, int key);
void dispatch_action(app *a, action_id act, int key);
/* q on the groups screen, :q, Q, a first Ctrl-C: asks first when writes are
 * pending or a view holds unsaved typing. */
void app_request_quit(app *a);

#endif
