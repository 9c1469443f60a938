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
/* A key while the S3 keys are asked for. */
void s3_prompt_key(app *a, int key);
/* The prompt line's text (never a typed character). */
void s3_prompt_line(app *a, char *line, size_t n);
/* Refuses a held write as Esc does (before quitting); nothing held: no-op. */
void s3_prompt_cancel(app *a);
void s3_ask_free(s3_ask *q);

#endif
