/* The requests log on the UI thread: the last XLOG_MAX exchanges the worker
 * sent as messages (worker_take_exchange), oldest first, and writing one as a
 * curl command line. Its state is its own (an app_slot); touched by the UI thread only. Its
 * screens: tui/views/log.c and tui/views/exchange.c. */
#ifndef TUI_XLOG_H
#define TUI_XLOG_H

#include <stddef.h>
#include <stdint.h>
#include "model/og_error.h"
#include "net/worker.h"

#define XLOG_MAX 500

struct app;

/* Adopts x (frees it when it leaves the ring); the views keep their place
 * around it (ops->keep_place / find_place: the log's cursor stays on its
 * row, or on the newest row when it was there). */
void xlog_add(struct app *a, net_exchange *x);
size_t xlog_count(const struct app *a);
/* i-th exchange, 0 the oldest; NULL out of range. */
const net_exchange *xlog_at(const struct app *a, size_t i);
/* The exchange with this seq, NULL when it has left the ring. */
const net_exchange *xlog_find(const struct app *a, uint64_t seq);

/* Writes x as a curl command line to a new file (mode 0600) in
 * $XDG_STATE_HOME/origo (else ~/.local/state/origo) and says where in the
 * status bar. 0 or -1 (status set). */
int xlog_write_curl(struct app *a, const net_exchange *x);

/* How an exchange reads on both screens: the path and query of its URL
 * ("/cdn/origin_groups/101"), its local time, its status ("err": none). */
const char *xlog_url_path(const char *url);
void xlog_clock_text(double when, char *buf, size_t n);
void xlog_status_text(const net_exchange *x, char *buf, size_t n);

#endif
