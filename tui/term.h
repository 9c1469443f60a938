/* The terminal: ncurses set up on the tty, and put back on every way out
 * (normal exit, the stop signals of net/ui_signals.h, fatal signals). */
#ifndef TUI_TERM_H
#define TUI_TERM_H

#include <signal.h>
#include <stdbool.h>
#include "model/og_error.h"

/* Set by a stop signal (net/ui_signals.h: SIGINT, SIGTERM, SIGHUP, SIGQUIT):
 * the loop then quits cleanly. */
extern volatile sig_atomic_t term_stop_signal;

/* Installs the signal handlers. Call before term_init and worker_start. */
void term_install_signals(void);
/* Opens the terminal (stdin/stdout when they are a tty, else /dev/tty). Sets
 * *in_fd to the fd to poll for keys. 0, or -1 with err (OG_ERR_USAGE). */
int term_init(int *in_fd, og_error *err);
/* Puts the terminal back; safe to call twice. */
void term_restore(void);

#endif
