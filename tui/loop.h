/* The UI loop (DESIGN.md "The UI loop"): wait in ppoll on the keyboard and
 * the worker's wake-up pipe, drain every key, drain every result, draw once. */
#ifndef TUI_LOOP_H
#define TUI_LOOP_H

#include <signal.h>
#include "tui/app.h"

/* Blocks the UI's signals (net/ui_signals.h) in the calling thread and
 * keeps the mask to unblock them during the wait. Call before worker_start. */
void loop_block_signals(void);
/* Runs until the user quits or a stop signal arrives. */
void loop_run(app *a, int in_fd);

#endif
