/* The worker: the only door from the UI to the network.
 *
 * The UI submits jobs (net/jobs.h: copies of what they need) and later takes
 * results (new heap objects it adopts). A small pool of threads runs the
 * jobs; jobs on the same group of the same account run in the order they
 * were submitted. After posting a result the worker writes a byte to a pipe
 * whose read end the UI polls (the self-pipe trick). Jobs of one account
 * run at most WORKER_PER_ACCOUNT at once. Nothing else crosses
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

/* The threads origo starts: enough for one account's bound of jobs plus
 * room for the other accounts and the probes. */
#define WORKER_THREADS 8
/* At most this many jobs of one account run at once (a bulk action of 50
 * groups, the loads of the sources screen): the environment variable
 * ORIGO_BULK_CONCURRENCY (1..64) changes it, 1 being one group after
 * another (make bench's baseline). Probes do not count. */
#define WORKER_PER_ACCOUNT 6

/* Starts `threads` threads (>= 1) with the UI's signals (net/ui_signals.h)
 * blocked so that they reach the UI thread, with the per-account bound of
 * WORKER_PER_ACCOUNT or ORIGO_BULK_CONCURRENCY. caller frees with
 * worker_stop(). */
worker *worker_start(int threads, og_error *err);
/* Sets the per-account bound (>= 1) for the jobs taken from now on. */
void worker_set_per_account(worker *w, int n);
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
