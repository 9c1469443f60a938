/* The UI loop (DESIGN.md "The UI loop"): wait in ppoll on the keyboard and
 * the worker's wake-up pipe, drain every key, drain every result, draw once. */
#ifndef TUI_LOOP_H
#define TUI_LOOP_H

#include <signal.h>
#include "tui/app.h"

/* Blocks the UI's signals (net/ui_signals.h) in the calling thread and
 * keeps the mask to unblock them during the wait. Call before worker_start. */
void loop_block_signals(void);
/* A module's timer: does what is due at `now` (milliseconds, monotonic)
 * and returns when it wants to run next, or -1 for "not until something
 * else happens". Called once a pass of the loop, after keys and results. */
typedef long long loop_timer_fn(app *a, long long now);
/* Registers fn (once; at most 4 timers). 0 or -1 when full. */
int loop_timer_add(loop_timer_fn *fn);
/* Now as the loop's timers count it (CLOCK_MONOTONIC, milliseconds). */
long long loop_now_ms(void);
/* Runs until the user quits or a stop signal arrives. */
void loop_run(app *a, int in_fd);

#endif
