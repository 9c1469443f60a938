/* The requests log on the UI thread: the last XLOG_MAX exchanges the worker
 * sent as messages (worker_take_exchange), oldest first, and writing one as a
 * curl command line. Owned by app.xlog; touched by the UI thread only. */
#ifndef TUI_XLOG_H
#define TUI_XLOG_H

#include <stddef.h>
#include <stdint.h>
#include "model/og_error.h"
#include "net/worker.h"

#define XLOG_MAX 500

struct app;

/* Adopts x (frees it when it leaves the ring); keeps the log views' cursors
 * on their rows, or on the newest row when they were there. */
void xlog_add(struct app *a, net_exchange *x);
size_t xlog_count(const struct app *a);
/* i-th exchange, 0 the oldest; NULL out of range. */
const net_exchange *xlog_at(const struct app *a, size_t i);
/* The exchange with this seq, NULL when it has left the ring. */
const net_exchange *xlog_find(const struct app *a, uint64_t seq);
/* Frees the ring (app_free). */
void xlog_free(struct app *a);

/* Writes x as a curl command line to a new file (mode 0600) in
 * $XDG_STATE_HOME/origo (else ~/.local/state/origo) and says where in the
 * status bar. 0 or -1 (status set). */
int xlog_write_curl(struct app *a, const net_exchange *x);

#endif
