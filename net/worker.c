/* The worker pool: threads that run jobs from the queue and post results,
 * waking the UI through a self-pipe. See worker.h for the contract. */
#include "net/worker.h"
#include "net/jobq.h"
#include "net/provider.h"
#include "net/reqlog.h"
#include "net/probe.h"
#include "net/ui_signals.h"
#include "net/writes.h"

#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct exchange_node {
	net_exchange *x;
	struct exchange_node *next;
} exchange_node;

struct worker {
	pthread_mutex_t mu;
	pthread_cond_t cv;          /* a job may have become runnable, or stop */
	jobq q;
	bool stopping;
	job_result *res_head, *res_tail;   /* linked by job_result.next */
	exchange_node *x_head, *x_tail;   /* the requests log, for the UI */
	size_t x_count;
	atomic_bool abort;          /* read by curl's progress callback and sleeps */
	int wake[2];                /* [0] read end for the UI, [1] write end */
	pthread_t *threads;
	int n_threads;
};

/* ---- requests and results ----------------------------------------------- */

job_request *job_request_new(job_kind kind, net_account *a, uint64_t tag, const char *group_id)
{
	job_request *r = calloc(1, sizeof *r);
	if (!r)
		return NULL;
	r->kind = kind;
	r->account = a;
	r->tag = tag;
	r->seen.order = -1;
	r->seen.order_alt = -1;
	r->seen.primary = OG_ABSENT;
	if (!(r->spare = calloc(1, sizeof *r->spare)) ||
	    (group_id && !(r->group_id = strdup(group_id)))) {
		free(r->spare);
		free(r);
		return NULL;
	}
	return r;
}

void job_request_free(job_request *r)
{
	if (!r)
		return;
	free(r->group_id);
	og_change_clear(&r->change);
	og_source_clear(&r->seen);
	for (size_t i = 0; i < r->n_probe_sources; i++)
		og_source_clear(&r->probe_sources[i]);
	free(r->probe_sources);
	og_group_free(r->edit_seen);
	form_wipe(r->form);
	free(r->form);
	free(r->source_key);
	job_result_free(r->spare);
	free(r);
}

int job_request_set_probe(job_request *r, const og_source *srcs, size_t n)
{
	if (!r || r->probe_sources || (n && !srcs))
		return -1;
	if (n == 0)
		return 0;
	r->probe_sources = calloc(n, sizeof *r->probe_sources);
	if (!r->probe_sources)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (og_source_copy(&r->probe_sources[i], &srcs[i]) < 0) {
			r->n_probe_sources = i + 1;   /* a failed copy is left clear */
			return -1;
		}
	}
	r->n_probe_sources = n;
	return 0;
}

void job_result_free(job_result *r)
{
	if (!r)
		return;
	og_group_list_free(&r->groups);
	og_group_free(r->group);
	free(r->group_id);
	for (size_t i = 0; i < r->n_probes; i++)
		og_probe_result_clear(&r->probes[i]);
	free(r->probes);
	form_wipe(r->form);
	free(r->form);
	free(r->source_key);
	free(r->s3_bucket);
	free(r);
}

/* ---- running one job ---------------------------------------------------- */

/* Probes every source of the request; never touches the provider's API. */
static int run_probe(job_request *req, job_result *res, http_client *http)
{
	size_t n = req->n_probe_sources;
	if (n == 0)
		return 0;
	res->probes = calloc(n, sizeof *res->probes);
	if (!res->probes) {
		og_error_set(&res->err, OG_ERR_INTERNAL, "out of memory");
		return -1;
	}
	res->n_probes = n;
	if (probe_run(req->probe_sources, n, req->account->timeout_seconds, http->stop,
	              res->probes) < 0) {
		og_error_set(&res->err, OG_ERR_INTERNAL, "some probes could not run (out of memory)");
		return -1;
	}
	return 0;
}

static atomic_bool fail_result_alloc;

void worker_test_fail_result_alloc(bool fail)
{
	atomic_store(&fail_result_alloc, fail);
}

/* Never NULL: without memory for a result, the request's spare carries
 * "out of memory" and the job does not run (nothing is sent). The ids go
 * over from the request in post_result, without allocating. */
static job_result *run_job(job_request *req, http_client *http)
{
	job_result *res = atomic_load(&fail_result_alloc) ? NULL : calloc(1, sizeof *res);
	bool spare = !res;
	if (spare) {
		res = req->spare;
		req->spare = NULL;
	}
	res->kind = req->kind;
	res->account = req->account;
	res->tag = req->tag;
	if (spare) {
		res->status = -1;
		og_error_set(&res->err, OG_ERR_INTERNAL, "out of memory: the request was not sent");
		return res;
	}
	net_call call = { .acct = req->account, .http = http };
	const net_provider *p = req->account->prov;
	int rc = -1;
	switch (req->kind) {
	case JOB_LIST:
		rc = p->list(&call, &res->groups, &res->err);
		break;
	case JOB_GET:
		rc = p->get(&call, req->group_id, &res->group, &res->err);
		break;
	case JOB_CHANGE: {
		og_change ch = req->change;
		if (!ch.group_id)
			ch.group_id = req->group_id;
		rc = net_change_flag(&call, &ch, &req->seen, &res->group, &res->err);
		break;
	}
	case JOB_PROBE:
		rc = run_probe(req, res, http);
		break;
	case JOB_SAVE_FORM:
		/* the form goes back with the result: it carries the field errors */
		res->form = req->form;
		req->form = NULL;
		if (!res->form) {
			og_error_set(&res->err, OG_ERR_INTERNAL, "a save job without its form");
			break;
		}
		rc = net_save_form(&call, res->form, req->target, req->group_id, req->source_key,
		                   req->edit_seen, &res->group, &res->err);
		break;
	case JOB_DELETE:
		rc = net_delete(&call, req->group_id, req->source_key, req->edit_seen,
		                &res->group, &res->deleted, &res->err);
		break;
	}
	res->status = rc < 0 ? -1 : 0;
	/* A success may carry a note (kind OG_OK), e.g. a change the server
	 * shows after an answer that proved nothing. */
	if (rc == 0 && res->err.kind != OG_OK)
		og_error_clear(&res->err);
	else if (call.s3_missing[0])
		res->s3_bucket = strdup(call.s3_missing);   /* NULL: the message says it all */
	return res;
}

/* Queues res and releases req's group in one breath: the next job of that
 * group cannot post before this result. Allocates nothing, so no result is
 * ever lost. req's ids move to res once req is out of the running set
 * (the queue compares them until then). Called with w->mu held. */
static void post_result(worker *w, job_request *req, job_result *res)
{
	res->next = NULL;
	if (w->res_tail)
		w->res_tail->next = res;
	else
		w->res_head = res;
	w->res_tail = res;
	jobq_done(&w->q, req);
	res->group_id = req->group_id;
	req->group_id = NULL;
	res->source_key = req->source_key;
	req->source_key = NULL;
}

/* The http hook of the worker's threads: every attempt becomes a redacted
 * exchange, written to the --log file and queued for the UI (a message, like
 * a result; the oldest is dropped when the UI does not keep up). */
static void on_exchange(const http_record *rec, void *user)
{
	worker *w = user;
	net_exchange *x = reqlog_build(rec);
	if (!x)
		return;
	reqlog_write_log(x);
	exchange_node *n = malloc(sizeof *n);
	if (!n) {
		net_exchange_free(x);
		return;
	}
	n->x = x;
	n->next = NULL;
	exchange_node *drop = NULL;
	pthread_mutex_lock(&w->mu);
	if (w->x_tail)
		w->x_tail->next = n;
	else
		w->x_head = n;
	w->x_tail = n;
	if (++w->x_count > REQLOG_QUEUE_MAX) {
		drop = w->x_head;
		w->x_head = drop->next;
		w->x_count--;
	}
	pthread_mutex_unlock(&w->mu);
	if (drop) {
		net_exchange_free(drop->x);
		free(drop);
	}
	if (write(w->wake[1], "x", 1) < 0 && errno != EAGAIN)
		return;
}

net_exchange *worker_take_exchange(worker *w)
{
	if (!w)
		return NULL;
	pthread_mutex_lock(&w->mu);
	exchange_node *n = w->x_head;
	if (n) {
		w->x_head = n->next;
		if (!w->x_head)
			w->x_tail = NULL;
		w->x_count--;
	}
	pthread_mutex_unlock(&w->mu);
	if (!n)
		return NULL;
	net_exchange *x = n->x;
	free(n);
	return x;
}

static void *thread_main(void *arg)
{
	worker *w = arg;
	http_client http;
	http_client_init(&http, &w->abort);
	http.log = on_exchange;
	http.log_user = w;
	pthread_mutex_lock(&w->mu);
	for (;;) {
		job_request *req = NULL;
		while (!w->stopping && !(req = jobq_take(&w->q)))
			pthread_cond_wait(&w->cv, &w->mu);
		if (w->stopping && !req)
			break;
		if (w->stopping) {
			/* taken in the same breath as stop: drop it like a queued one */
			jobq_done(&w->q, req);
			job_request_free(req);
			break;
		}
		pthread_mutex_unlock(&w->mu);

		job_result *res = run_job(req, &http);

		pthread_mutex_lock(&w->mu);
		post_result(w, req, res);
		job_request_free(req);
		pthread_cond_broadcast(&w->cv);
		/* A full pipe already says "results wait"; nothing is lost on EAGAIN. */
		if (write(w->wake[1], "r", 1) < 0 && errno != EAGAIN)
			continue;
	}
	pthread_mutex_unlock(&w->mu);
	http_client_cleanup(&http);
	return NULL;
}

/* ---- the pool ----------------------------------------------------------- */

/* WORKER_PER_ACCOUNT, or ORIGO_BULK_CONCURRENCY when it is a number 1..64
 * (anything else is ignored: a bound is never turned off by a typo). */
static size_t per_account_bound(void)
{
	const char *v = getenv("ORIGO_BULK_CONCURRENCY");
	if (v && *v) {
		char *end;
		errno = 0;
		long n = strtol(v, &end, 10);
		if (errno == 0 && *end == '\0' && n >= 1 && n <= 64)
			return (size_t)n;
	}
	return WORKER_PER_ACCOUNT;
}

void worker_set_per_account(worker *w, int n)
{
	if (!w || n < 1)
		return;
	pthread_mutex_lock(&w->mu);
	w->q.per_account = (size_t)n;
	pthread_cond_broadcast(&w->cv);   /* a larger bound may free held jobs */
	pthread_mutex_unlock(&w->mu);
}

static void free_results(worker *w)
{
	job_result *n = w->res_head;
	while (n) {
		job_result *next = n->next;
		job_result_free(n);
		n = next;
	}
	w->res_head = w->res_tail = NULL;
	exchange_node *x = w->x_head;
	while (x) {
		exchange_node *next = x->next;
		net_exchange_free(x->x);
		free(x);
		x = next;
	}
	w->x_head = w->x_tail = NULL;
	w->x_count = 0;
}

worker *worker_start(int threads, og_error *err)
{
	if (threads < 1)
		threads = 1;
	if (http_global_init(err) < 0)
		return NULL;
	/* A list of 10,000 groups is allocated by a worker thread and kept by
	 * the UI: with glibc's arena per thread it would sit in an arena of its
	 * own, beside the one the UI fills. One arena for both, and the large
	 * passing buffers (page bodies) always mapped and unmapped on their own
	 * instead of leaving holes between the groups kept. */
	mallopt(M_ARENA_MAX, 1);
	mallopt(M_MMAP_THRESHOLD, 128 * 1024);
	worker *w = calloc(1, sizeof *w);
	if (!w || !(w->threads = calloc((size_t)threads, sizeof *w->threads))) {
		free(w);
		og_error_set(err, OG_ERR_INTERNAL, "out of memory");
		return NULL;
	}
	if (pipe2(w->wake, O_CLOEXEC | O_NONBLOCK) < 0) {
		og_error_set(err, OG_ERR_INTERNAL, "cannot create the worker's wake-up pipe: %s",
		             strerror(errno));
		free(w->threads);
		free(w);
		return NULL;
	}
	pthread_mutex_init(&w->mu, NULL);
	pthread_cond_init(&w->cv, NULL);
	atomic_init(&w->abort, false);
	jobq_init(&w->q);
	w->q.per_account = per_account_bound();

	/* Threads inherit the mask: block the UI's signals so that they are
	 * delivered to the UI thread, then restore the caller's mask. */
	sigset_t block, old;
	ui_signals_fill(&block);
	pthread_sigmask(SIG_BLOCK, &block, &old);
	for (int i = 0; i < threads; i++) {
		int rc = pthread_create(&w->threads[i], NULL, thread_main, w);
		if (rc != 0) {
			pthread_sigmask(SIG_SETMASK, &old, NULL);
			og_error_set(err, OG_ERR_INTERNAL, "cannot start a worker thread: %s", strerror(rc));
			worker_stop(w);
			return NULL;
		}
		w->n_threads = i + 1;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return w;
}

int worker_submit(worker *w, job_request *r)
{
	if (!r)
		return -1;
	bool bad = !w || !r->account ||
	           ((r->kind == JOB_GET || r->kind == JOB_CHANGE ||
	             r->kind == JOB_DELETE) && !r->group_id) ||
	           (r->kind == JOB_SAVE_FORM && (!r->form || (r->target != FORM_GROUP_NEW && !r->group_id)));
	if (bad) {
		job_request_free(r);
		return -1;
	}
	pthread_mutex_lock(&w->mu);
	int rc = w->stopping ? -1 : jobq_push(&w->q, r);
	if (rc == 0)
		pthread_cond_broadcast(&w->cv);
	pthread_mutex_unlock(&w->mu);
	if (rc < 0)
		job_request_free(r);
	return rc;
}

int worker_wake_fd(const worker *w)
{
	return w ? w->wake[0] : -1;
}

void worker_drain_wake(worker *w)
{
	if (!w)
		return;
	char buf[256];
	while (read(w->wake[0], buf, sizeof buf) > 0)
		;
}

job_result *worker_take_result(worker *w)
{
	if (!w)
		return NULL;
	pthread_mutex_lock(&w->mu);
	job_result *res = w->res_head;
	if (res) {
		w->res_head = res->next;
		if (!w->res_head)
			w->res_tail = NULL;
		res->next = NULL;
	}
	pthread_mutex_unlock(&w->mu);
	return res;
}

void worker_stop(worker *w)
{
	if (!w)
		return;
	pthread_mutex_lock(&w->mu);
	w->stopping = true;
	pthread_cond_broadcast(&w->cv);
	pthread_mutex_unlock(&w->mu);
	atomic_store(&w->abort, true);
	for (int i = 0; i < w->n_threads; i++)
		pthread_join(w->threads[i], NULL);
	jobq_clear(&w->q);      /* the jobs still queued */
	free_results(w);
	close(w->wake[0]);
	close(w->wake[1]);
	pthread_cond_destroy(&w->cv);
	pthread_mutex_destroy(&w->mu);
	free(w->threads);
	free(w);
}
