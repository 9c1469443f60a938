/* The worker's job queue: first in, first out, except that a job is held
 * back while an earlier job on the same group of the same account is queued
 * or running, so that writes to one group happen in the order the user made
 * them. Jobs without a group (lists) neither wait nor hold anything back.
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
} jobq;

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
