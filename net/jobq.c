/* The worker's job queue (see jobq.h). Sizes are small (a user's keystrokes),
 * so the scans are linear and simple. */
#include "net/jobq.h"

#include <stdlib.h>
#include <string.h>

void jobq_init(jobq *q)
{
	memset(q, 0, sizeof *q);
}

static bool same_group(const job_request *a, const job_request *b)
{
	/* Probes never touch the provider: they neither wait nor hold back. */
	if (a->kind == JOB_PROBE || b->kind == JOB_PROBE)
		return false;
	return a->group_id && b->group_id && a->account == b->account &&
	       strcmp(a->group_id, b->group_id) == 0;
}

int jobq_push(jobq *q, job_request *r)
{
	if (q->n_running + q->n_queued + 1 > q->cap_running) {
		/* room for every job to be running at once: jobq_take never fails */
		size_t cap = q->cap_running ? q->cap_running * 2 : 8;
		const job_request **run = realloc(q->running, cap * sizeof *run);
		if (!run)
			return -1;
		q->running = run;
		q->cap_running = cap;
	}
	jobq_node *n = malloc(sizeof *n);
	if (!n)
		return -1;
	n->req = r;
	n->next = NULL;
	if (q->tail)
		q->tail->next = n;
	else
		q->head = n;
	q->tail = n;
	q->n_queued++;
	return 0;
}

/* Whether r's account already runs its bound of jobs. */
static bool account_full(const jobq *q, const job_request *r)
{
	if (!q->per_account || r->kind == JOB_PROBE)
		return false;
	size_t n = 0;
	for (size_t i = 0; i < q->n_running; i++)
		if (q->running[i]->account == r->account && q->running[i]->kind != JOB_PROBE)
			n++;
	return n >= q->per_account;
}

static bool blocked(const jobq *q, const jobq_node *node)
{
	const job_request *r = node->req;
	if (account_full(q, r))
		return true;
	if (!r->group_id)
		return false;
	for (size_t i = 0; i < q->n_running; i++)
		if (same_group(q->running[i], r))
			return true;
	for (const jobq_node *e = q->head; e != node; e = e->next)
		if (same_group(e->req, r))
			return true;
	return false;
}

job_request *jobq_take(jobq *q)
{
	jobq_node *prev = NULL;
	for (jobq_node *n = q->head; n; prev = n, n = n->next) {
		if (blocked(q, n))
			continue;
		if (prev)
			prev->next = n->next;
		else
			q->head = n->next;
		if (q->tail == n)
			q->tail = prev;
		q->n_queued--;
		job_request *r = n->req;
		free(n);
		q->running[q->n_running++] = r;
		return r;
	}
	return NULL;
}

void jobq_done(jobq *q, const job_request *r)
{
	for (size_t i = 0; i < q->n_running; i++) {
		if (q->running[i] == r) {
			/* keep the order: earlier running jobs are checked first */
			memmove(&q->running[i], &q->running[i + 1],
			        (q->n_running - i - 1) * sizeof *q->running);
			q->n_running--;
			return;
		}
	}
}

void jobq_clear(jobq *q)
{
	jobq_node *n = q->head;
	while (n) {
		jobq_node *next = n->next;
		job_request_free(n->req);
		free(n);
		n = next;
	}
	free(q->running);
	memset(q, 0, sizeof *q);
}
