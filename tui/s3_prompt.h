/* S3 keys: a write that would send an S3 source whose bucket has no keys is
 * held, and the bottom line asks for them (masked). */
#ifndef TUI_S3_PROMPT_H
#define TUI_S3_PROMPT_H

#include <stddef.h>
#include "tui/app.h"

/* Submits write job r (taken) like app_submit, but holds it while its S3
 * keys are asked for; with them it is sent, Esc refuses it before sending
 * (done then gets the refusal). 0: sent or held; -1: not (status set). */
int app_submit_write(app *a, job_request *r, app_done_fn *done, void *ctx, const view *owner);
/* Whether the worker's refusal r (a write it did not send: its fresh read
 * found S3 bucket r->s3_bucket without keys, one the UI had not shown) may
 * ask for those keys now: nothing else is asked, r is the shown account's.
 * Then the handler re-submits its write with app_resubmit_write(); else
 * the refusal's message stays, as it does after Esc. */
bool s3_prompt_may_ask(app *a, const job_result *r);
/* app_submit_write, asking first for the keys of `bucket` (the one a
 * refusal named), then for any other bucket of the shown group lacking
 * them; with them, r is sent. Esc refuses it as app_submit_write's does. */
int app_resubmit_write(app *a, job_request *r, app_done_fn *done, void *ctx, const view *owner,
                       const char *bucket);

#endif
