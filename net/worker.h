/* The worker: the only door from the UI to the network.
 *
 * The UI submits jobs (net/jobs.h: copies of what they need) and later takes
 * results (new heap objects it adopts). A small pool of threads runs the
 * jobs; jobs on the same group of the same account run in the order they
 * were submitted. After posting a result the worker writes a byte to a pipe
 * whose read end the UI polls (the self-pipe trick). Nothing else crosses
 * the thread boundary. Public: tui/ may include it.
 *
 * The other public headers of net/, each for one job: net/accounts.h
 * (open an account), net/jobs.h (requests and results), net/forms.h,
 * net/s3.h (S3 keys), net/sync.h (the synchronous reads of the command
 * line), net/exchange.h (the requests log), net/ui_signals.h. */
#ifndef NET_WORKER_H
#define NET_WORKER_H

#include <stdbool.h>
#include "model/og_error.h"
#include "net/jobs.h"
#include "net/exchange.h"

typedef struct worker worker;

/* Starts `threads` threads (>= 1) with the UI's signals (net/ui_signals.h)
 * blocked so that they reach the UI thread. caller frees with worker_stop(). */
worker *worker_start(int threads, og_error *err);
/* Takes `r` (even on failure). 0 or -1. */
int worker_submit(worker *w, job_request *r);
/* The read end of the wake-up pipe: readable when results wait. */
int worker_wake_fd(const worker *w);
/* Empties the wake-up pipe; call before taking results. */
void worker_drain_wake(worker *w);
/* Next result, or NULL. caller frees with job_result_free(). */
job_result *worker_take_result(worker *w);
/* Drops queued jobs, aborts running transfers, joins the threads, frees. */
void worker_stop(worker *w);
/* TEST ONLY (tests/unit): while set, the worker's allocation of a job's
 * result fails as if memory had run out, so a test can see the job still
 * report. origo never calls it. */
void worker_test_fail_result_alloc(bool fail);

/* Next exchange made by the worker's threads, oldest first, or NULL. The
 * worker keeps at most the last 500 not yet taken. caller frees with
 * net_exchange_free(). */
net_exchange *worker_take_exchange(worker *w);

#endif
