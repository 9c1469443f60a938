/* The worker: the only door from the UI to the network.
 *
 * The UI submits jobs (copies of what they need) and later takes results (new
 * heap objects it adopts). A small pool of threads runs the jobs; jobs on the
 * same group of the same account run in the order they were submitted. After
 * posting a result the worker writes a byte to a pipe whose read end the UI
 * polls (the self-pipe trick). Nothing else crosses the thread boundary.
 *
 * This header also opens accounts (credentials + provider adapter) and offers
 * the same operations synchronously for the command-line modes (list, show). */
#ifndef NET_WORKER_H
#define NET_WORKER_H

#include <stdbool.h>
#include <stdint.h>
#include "model/og.h"
#include "model/caps.h"
#include "model/change.h"
#include "model/form.h"
#include "model/config.h"
#include "model/og_error.h"

typedef struct net_account net_account;
typedef struct worker worker;

typedef struct net_options {
	int timeout_seconds;        /* per request; 0 = 20 */
} net_options;

/* Resolves the account's credentials (inline value or environment variable,
 * never printed) and picks its provider adapter. No network I/O. A missing
 * key is OG_ERR_CONFIG naming the variable to set. caller frees with
 * net_account_free() once no job uses it. */
net_account *net_account_open(const og_account *acct, const net_options *opt, og_error *err);
void net_account_free(net_account *a);
const og_caps *net_account_caps(const net_account *a);
const char *net_account_name(const net_account *a);
/* The host of the account's API URL, for messages and the title bar. */
const char *net_account_host(const net_account *a);

/* Synchronous, for `origo list` and `origo show` (no worker, no threads).
 * net_list_groups fills `out` (caller frees with og_group_list_free()).
 * net_get_group finds GROUP by id or exact name; *out is freed by the caller
 * with og_group_free(); a group that does not exist is OG_ERR_NOTFOUND. */
int net_list_groups(net_account *a, og_group_list *out, og_error *err);
/* Takes one group (frees it with og_group_free()); 0 to go on, -1 to stop. */
typedef int (*net_group_sink)(void *ctx, og_group *g, og_error *err);
/* net_list_groups for long lists: each group goes to `sink` as soon as its
 * page arrives, so memory holds one page, not the account. */
int net_list_groups_each(net_account *a, net_group_sink sink, void *ctx, og_error *err);
int net_get_group(net_account *a, const char *id_or_name, og_group **out, og_error *err);

typedef enum job_kind {
	JOB_LIST,    /* every group of the account               -> result.groups */
	JOB_GET,     /* one group by id                          -> result.group */
	JOB_CHANGE,  /* fresh GET, conflict check, rules, write  -> result.group */
	JOB_PROBE,   /* probes of request.probe_sources          -> result.probes;
	                never waits behind (nor holds back) the group's other jobs */
	JOB_SAVE_FORM,  /* a form (request.form, .target): fresh GET, conflict
	                   rule, the adapter's checks, then create / update
	                   -> result.group; result.form carries field errors back */
	JOB_DELETE,     /* the group (source_key NULL) or one source: fresh GET,
	                   conflict rule, delete -> result.deleted / result.group */
} job_kind;

typedef struct job_request {
	job_kind kind;
	net_account *account;   /* borrowed: must outlive the job */
	uint64_t tag;           /* the UI's own tag, echoed in the result */
	char *group_id;         /* JOB_GET, JOB_CHANGE; owned */
	og_change change;       /* JOB_CHANGE; owned */
	og_source seen;         /* JOB_CHANGE: the source as shown before the
	                           change (raw included); owned */
	og_source *probe_sources;   /* JOB_PROBE: copies (raw included); owned,
	                               set with job_request_set_probe() */
	size_t n_probe_sources;
	/* JOB_SAVE_FORM / JOB_DELETE: the group as the form or the question
	 * showed it (conflict check); NULL for FORM_GROUP_NEW, whose group_id
	 * is NULL too. owned */
	og_group *edit_seen;
	form *form;             /* JOB_SAVE_FORM: a copy of the form; owned */
	form_target target;     /* JOB_SAVE_FORM */
	char *source_key;       /* FORM_SOURCE_EDIT, JOB_DELETE of a source; owned */
	/* The worker's: a result made with the request, so that a job whose
	 * result cannot be allocated still reports (out of memory) and its
	 * change never stays pending. owned */
	struct job_result *spare;
} job_request;

typedef struct job_result {
	job_kind kind;
	net_account *account;   /* the job's account, to route the result */
	uint64_t tag;
	int status;             /* 0 ok; -1 failed, err says why */
	og_error err;           /* OG_ERR_CONFLICT: changed on the server meanwhile,
	                           nothing sent; OG_ERR_REFUSED: a rule refused the
	                           change on the fresh copy, nothing sent */
	og_group_list groups;   /* JOB_LIST */
	og_group *group;        /* JOB_GET / JOB_CHANGE: the server's state after the
	                           job (also on conflict, when it could be read); may be NULL */
	char *group_id;         /* the request's */
	struct og_probe_result *probes;   /* JOB_PROBE: one a probe source, in
	                                     order; owned (model/probe.h) */
	size_t n_probes;
	form *form;             /* JOB_SAVE_FORM: the form as sent, with the
	                           provider's field errors on a refusal; owned */
	bool deleted;           /* JOB_DELETE of a group: it is gone */
	char *source_key;       /* the request's */
	char *s3_bucket;        /* a write refused before sending because this S3
	                           bucket has no keys (err says how to supply
	                           them); NULL otherwise. owned */
	struct job_result *next;   /* the worker's results queue */
} job_result;

/* caller frees with job_request_free() unless worker_submit() took it */
job_request *job_request_new(job_kind kind, net_account *a, uint64_t tag, const char *group_id);
void job_request_free(job_request *r);
void job_result_free(job_result *r);
/* JOB_PROBE: copies the n sources (deep) into r. 0 or -1 (out of memory). */
int job_request_set_probe(job_request *r, const og_source *srcs, size_t n);

/* Forms (issue 4), on the UI thread, no I/O: the account's adapter fills f
 * with the fields of target t (g: the group shown, NULL for a new group; s:
 * the source for FORM_SOURCE_EDIT) and checks it before a save. fill: 0, or
 * -1 with err saying why this form does not exist here. */
int net_form_fill(net_account *a, form *f, form_target t, const og_group *g,
                  const og_source *s, og_error *err);
bool net_form_check(net_account *a, form *f, form_target t, const og_group *g,
                    const og_source *s);
/* Whether the account's adapter can delete groups / sources at all. */
bool net_can_delete(net_account *a, bool source);

/* ---- S3 keys (net/s3_write.c) --------------------------------------------
 * Gcore wants both keys of every S3 source a write of a group's sources
 * sends, and never shows them. The account keeps them per bucket, in
 * memory only: from the config's s3_credentials, from the UI's prompt, or
 * from a source form's typed keys once saved. */
/* Whether job r (not yet submitted) would send an S3 source whose bucket
 * has no keys: the first such bucket goes into `bucket` (n bytes) and true.
 * shown: the group as the UI shows it, for JOB_CHANGE (forms and deletes
 * use r->edit_seen). Writes that send no sources (group settings, a group's
 * delete, a new group) and sources whose keys the form carries need none. */
bool net_job_missing_s3_keys(const job_request *r, const og_group *shown, char *bucket, size_t n);
/* Keeps the keys of `bucket` for this run (copied, registered for
 * redaction, wiped at exit). 0, or -1 with err (a key breaking the API's
 * rules: which rule, never the value). */
int net_s3_keys_set(net_account *a, const char *bucket, const char *access, const char *secret,
                    og_error *err);
/* The message of a write refused for want of `bucket`'s keys: nothing was
 * sent, and how to supply them. */
void net_s3_keys_howto(net_account *a, const char *bucket, char *out, size_t n);

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

/* ---- the requests log (issue 5) -----------------------------------------
 * Every HTTP attempt a worker thread makes (all accounts, token exchanges,
 * operation polls, retries) becomes one net_exchange, redacted on that
 * thread: every secret is "***" and bodies are capped. The exchanges reach
 * the UI only as messages, through worker_take_exchange() after the wake
 * pipe, like results. */
typedef struct net_exchange {
	uint64_t seq;               /* 1, 2, ... in the order they were made */
	double when;                /* wall clock at the start, s since the epoch */
	char *account;              /* "" when unknown */
	char *method;
	char *url;                  /* query secrets redacted */
	long status;                /* 0: no HTTP response */
	double seconds;
	int attempt;                /* 0 first, 1.. retries */
	char *error;                /* NULL, or why it failed */
	char *req_headers;          /* "Name: value\n" lines, redacted */
	char *req_body;             /* NULL: none; redacted, JSON pretty-printed, capped */
	char *resp_headers;         /* status line + header lines, redacted ("" none) */
	char *resp_body;            /* NULL: none; redacted, pretty-printed, capped */
	size_t resp_bytes;          /* the whole response body's size */
	char *content_type;         /* of the request body, NULL: none */
	bool req_truncated;         /* req_body was cut at the cap */
	bool resp_truncated;        /* resp_body was cut at the cap */
} net_exchange;

/* --log: from now on every exchange (also of the synchronous calls) is
 * appended to fd as text, redacted, one block per exchange written at once
 * so that threads never interleave. -1 stops. The fd stays the caller's. */
void net_log_set_fd(int fd);
/* Next exchange made by the worker's threads, oldest first, or NULL. The
 * worker keeps at most the last 500 not yet taken. caller frees with
 * net_exchange_free(). */
net_exchange *worker_take_exchange(worker *w);
void net_exchange_free(net_exchange *x);
/* The exchange as a shell command line for curl that refers to secrets
 * through environment variables (`acct` says which; NULL: placeholders),
 * never their values. *note (may be NULL) gets a static hint about the
 * variables to set. caller frees with free(); NULL on out of memory. */
char *net_exchange_curl(const net_exchange *x, const og_account *acct, const char **note);
/* Forgets the secrets registered for redaction (at exit). */
void net_log_shutdown(void);

#endif
