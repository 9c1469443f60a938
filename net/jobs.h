/* Jobs: what the UI asks the worker to do (job_request) and what comes
 * back (job_result). Public: tui/ may include it. */
#ifndef NET_JOBS_H
#define NET_JOBS_H

#include <stdbool.h>
#include <stdint.h>
#include "model/og.h"
#include "model/change.h"
#include "model/form.h"
#include "model/og_error.h"
#include "net/accounts.h"
#include "net/exchange.h"

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
	/* JOB_CHANGE (and the other writes): reads go out, the write does not;
	 * the result carries it in dry_request (net/call.h) */
	bool dry_run;
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
	/* A dry run: the write the job would have sent, redacted (method, URL,
	 * headers, body); status is then -1 with OG_ERR_REFUSED "dry run".
	 * NULL: none was reached (a conflict, a rule, a failed read). owned */
	net_exchange *dry_request;
	struct job_result *next;   /* the worker's results queue */
} job_result;

/* caller frees with job_request_free() unless worker_submit() took it */
job_request *job_request_new(job_kind kind, net_account *a, uint64_t tag, const char *group_id);
void job_request_free(job_request *r);
void job_result_free(job_result *r);
/* JOB_PROBE: copies the n sources (deep) into r. 0 or -1 (out of memory). */
int job_request_set_probe(job_request *r, const og_source *srcs, size_t n);

#endif
