/* The worker's job queue: first in, first out, except that a job is held
 * back while an earlier job on the same group of the same account is queued
 * or running, so that writes to one group happen in the order the user made
 * them, and while `per_account` jobs of its account are running, so that a
 * bulk action of 50 groups does not put 50 requests at once on one
 * provider's API (its rate limits are per account) nor take every thread
 * from the other accounts. Jobs without a group (lists) do not wait for a
 * group nor hold one back, but count against their account's bound; probes
 * never touch the provider and neither wait nor count.
 * Not locked: the worker holds its mutex around every call. */
#ifndef NET_JOBQ_H
#define NET_JOBQ_H

#include <stdbool.h>
#include <stddef.h>
#include "net/jobs.h"

typedef struct jobq_node {
	job_request *req;
	struct jobq_node *next;
} jobq_node;

typedef struct jobq {
	jobq_node *head, *tail;
	size_t n_queued;
	const job_request **running;   /* jobs taken and not yet done */
	size_t n_running, cap_running;
	size_t per_account;            /* most running jobs of one account; 0: no bound */
} jobq;

/* An empty queue without a bound (set per_account after). */
void jobq_init(jobq *q);
/* Takes r. 0, or -1 on out of memory (r is then the caller's). */
int jobq_push(jobq *q, job_request *r);
/* The first job that may start now, marked running; NULL when none may.
 * The caller owns it and calls jobq_done() when it has finished. */
job_request *jobq_take(jobq *q);
/* `r` (as returned by jobq_take) has finished; jobs behind it may start. */
void jobq_done(jobq *q, const job_request *r);
/* Frees every queued job (not the running ones) and the queue's memory. */
void jobq_clear(jobq *q);

#endif
