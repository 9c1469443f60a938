/* The S3 keys prompt: a write that would send an S3 source whose bucket has
 * no keys (Gcore wants both keys in every S3 source of a write, and never
 * shows them) is held while the bottom line asks for the access key id and
 * the secret, masked. With both, they are kept for the run (net/, in memory
 * only) and the same job is sent; Esc refuses it before anything is sent,
 * as if the worker had, so every screen puts itself back the usual way. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/s3_prompt.h"
#include "tui/draw.h"
#include "tui/prompt.h"
#include "net/s3.h"

#define KEY_ESCAPE 27
#define S3_ASK_MAX 256

typedef struct s3_ask {
	job_request *held;          /* the write waiting for the keys */
	char bucket[S3_ASK_MAX + 8];
	int stage;                  /* 0: the access key id, 1: the secret */
	char access[S3_ASK_MAX], secret[S3_ASK_MAX];
	char why[200];              /* why the last keys were refused */
} s3_ask;

static void wipe(s3_ask *q)
{
	explicit_bzero(q->access, sizeof q->access);
	explicit_bzero(q->secret, sizeof q->secret);
}

static void s3_ask_free(s3_ask *q)
{
	if (!q)
		return;
	wipe(q);
	job_request_free(q->held);
	free(q);
}

/* The group a held job would send, as the UI has it. */
static const og_group *shown_group(app *a, const job_request *r)
{
	for (size_t i = 0; i < a->n_accounts; i++)
		if (a->accounts[i].net == r->account)
			return store_find(&a->accounts[i].store, r->group_id);
	return NULL;
}

/* A write still held when the app goes: its typed keys wiped (its slot's
 * free hook). */
static void s3_state_free(void *state)
{
	s3_ask_free(state);
}
static void s3_prompt_cancel(app *a);
/* The one write held for keys, NULL none. Quitting refuses it first: the
 * question is gone. */
static const app_slot_key s3_key = { "S3 keys question", s3_state_free, s3_prompt_cancel };

static s3_ask *asked(const app *a)
{
	return app_slot(a, &s3_key);
}

static void s3_prompt_key(app *a, int key);
static void s3_prompt_line(app *a, char *line, size_t n);

/* Holds r (taken) while the keys of `bucket` are asked for. */
static int hold(app *a, job_request *r, const char *bucket)
{
	s3_ask *q = asked(a);
	if (!q && (q = calloc(1, sizeof *q)) && app_slot_set(a, &s3_key, q) < 0) {
		free(q);
		q = NULL;
	}
	if (!q) {
		job_request_free(r);
		app_status(a, true, "out of memory");
		return -1;
	}
	wipe(q);
	q->held = r;
	q->stage = 0;
	snprintf(q->bucket, sizeof q->bucket, "%s", bucket);
	static const app_prompt_ops keys_prompt = { s3_prompt_key, s3_prompt_line, NULL, true };
	prompt_own(a, &keys_prompt);
	return 0;
}

/* Asks for the keys of the next bucket r lacks, or sends r. Takes r. */
static int ask_or_send(app *a, job_request *r)
{
	char bucket[S3_ASK_MAX + 8];
	if (!net_job_missing_s3_keys(r, shown_group(a, r), bucket, sizeof bucket))
		return app_send(a, r);
	return hold(a, r, bucket);
}

bool s3_prompt_may_ask(app *a, const job_result *r)
{
	return r->status != 0 && r->s3_bucket && r->s3_bucket[0] && !asked(a) &&
	       a->prompt.kind == PROMPT_NONE && !a->quit &&
	       app_account_of(a, r->account) == app_cur(a);
}

/* Holds r for the keys of `how` (a bucket), or with none, asks for those
 * it lacks or sends it (app_sender). */
static int send_or_hold(app *a, job_request *r, const void *how)
{
	return how ? hold(a, r, how) : ask_or_send(a, r);
}

static int submit(app *a, job_request *r, app_done_fn *done, void *ctx, const view *owner,
                  const char *bucket)
{
	if (!r)
		return -1;
	if (asked(a)) {
		/* one question at a time: the keys being typed are for another */
		job_request_free(r);
		app_status(a, true, "type the S3 keys asked for first (Esc refuses that write)");
		return -1;
	}
	/* the route first: a refusal at the prompt goes back the same way */
	return app_submit_via(a, r, done, ctx, owner, send_or_hold, bucket);
}

int app_submit_write(app *a, job_request *r, app_done_fn *done, void *ctx, const view *owner)
{
	return submit(a, r, done, ctx, owner, NULL);
}

int app_resubmit_write(app *a, job_request *r, app_done_fn *done, void *ctx, const view *owner,
                       const char *bucket)
{
	return submit(a, r, done, ctx, owner, bucket);
}

/* Esc: the held write is refused before sending, through the same path as
 * the worker's refusal (reverted row, kept form, "not deleted"). */
static void refuse(app *a)
{
	s3_ask *q = asked(a);
	app_slot_set(a, &s3_key, NULL);
	a->prompt.kind = PROMPT_NONE;
	job_request *r = q->held;
	q->held = NULL;
	job_result *res = calloc(1, sizeof *res);
	if (res) {
		res->kind = r->kind;
		res->account = r->account;
		res->tag = r->tag;
		res->status = -1;
		char why[sizeof res->err.msg];
		net_s3_keys_howto(r->account, q->bucket, why, sizeof why);
		og_error_set(&res->err, OG_ERR_REFUSED, "%s", why);
		res->group_id = r->group_id ? strdup(r->group_id) : NULL;
		res->source_key = r->source_key ? strdup(r->source_key) : NULL;
		/* no s3_bucket: that marks the worker's refusal, which asks
		 * (s3_prompt_may_ask); this one was asked already */
		res->form = r->form;    /* the form goes back, as the worker's would */
		r->form = NULL;
		a->in_flight++;         /* app_apply_result counts it out */
		app_apply_result(a, res);
		job_result_free(res);
	} else {
		app_status(a, true, "out of memory");
	}
	job_request_free(r);
	s3_ask_free(q);
}

static void s3_prompt_cancel(app *a)
{
	if (asked(a))
		refuse(a);
}

static void edit(char *t, size_t cap, int key)
{
	size_t n = strlen(t);
	if (key == KEY_BACKSPACE || key == 127 || key == 8) {
		if (n)
			t[n - 1] = '\0';
	} else if (key == 21) {          /* C-u clears */
		explicit_bzero(t, cap);
	} else if (key > 32 && key < 127 && n + 1 < cap) {
		t[n] = (char)key;        /* keys are ASCII: letters, digits, + / : - _ */
		t[n + 1] = '\0';
	}
}

/* A key while the S3 keys are asked for. */
static void s3_prompt_key(app *a, int key)
{
	s3_ask *q = asked(a);
	a->dirty = true;
	if (!q) {
		a->prompt.kind = PROMPT_NONE;
		return;
	}
	if (key == KEY_ESCAPE) {
		refuse(a);
		return;
	}
	bool enter = key == '\n' || key == '\r' || key == KEY_ENTER;
	char *t = q->stage == 0 ? q->access : q->secret;
	if (!enter) {
		edit(t, S3_ASK_MAX, key);
		return;
	}
	if (!t[0])
		return;
	if (q->stage == 0) {
		q->stage = 1;
		return;
	}
	og_error err;
	og_error_clear(&err);
	int rc = net_s3_keys_set(q->held->account, q->bucket, q->access, q->secret, &err);
	wipe(q);
	q->stage = 0;
	if (rc < 0) {
		/* the rule (never the value); both asked again */
		snprintf(q->why, sizeof q->why, "%.190s", err.msg);
		return;
	}
	q->why[0] = '\0';
	job_request *r = q->held;
	q->held = NULL;
	char bucket[sizeof q->bucket];
	snprintf(bucket, sizeof bucket, "%s", q->bucket);
	app_slot_set(a, &s3_key, NULL);
	a->prompt.kind = PROMPT_NONE;
	s3_ask_free(q);
	/* another bucket of the group may still lack keys: asked in turn */
	if (ask_or_send(a, r) == 0 && !asked(a))
		app_status(a, false, "keys of S3 bucket \"%s\" kept for this run; sending", bucket);
}

/* The prompt line's text (never a typed character). */
static void s3_prompt_line(app *a, char *line, size_t n)
{
	s3_ask *q = asked(a);
	if (!q) {
		line[0] = '\0';
		return;
	}
	/* never the characters, only that something was typed; the question
	 * first, so that a narrow screen cuts the explanation, not it */
	const char *t = q->stage == 0 ? q->access : q->secret;
	const char *why = q->why;
	const char *rule = strstr(why, "\": ");   /* past 'bucket "B": ' */
	if (rule)
		why = rule + 3;
	char tail[400];
	if (why[0])
		snprintf(tail, sizeof tail, "%s", why);
	else
		snprintf(tail, sizeof tail, "S3 bucket \"%s\" needs keys (Esc: not sent)", q->bucket);
	snprintf(line, n, "%s: %s | %s", q->stage == 0 ? "access key id" : "secret key",
	         t[0] ? "********" : "", tail);
}
