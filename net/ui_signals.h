/* The signals the UI thread takes, in one list for every part that deals
 * with them: tui/term.c handles them, tui/loop.c lets them through only in
 * its wait, every other thread (net/worker.c) blocks them so that they reach
 * the UI thread, and a child (net/token.c's token_cmd) gets them back at
 * their defaults. */
#ifndef NET_UI_SIGNALS_H
#define NET_UI_SIGNALS_H

#include <signal.h>
#include <stddef.h>

/* Signals that end origo the way q does: the terminal restored, exit
 * status 128 + the signal. Ctrl-C (SIGINT), kill (SIGTERM), a dropped
 * link (SIGHUP), Ctrl-\ (SIGQUIT). */
extern const int ui_stop_signals[];
extern const size_t ui_n_stop_signals;

/* set = the stop signals and SIGWINCH (a resize): what only the UI thread
 * takes. */
void ui_signals_fill(sigset_t *set);

#endif
