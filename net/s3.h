/* S3 keys (net/s3_write.c). Public: tui/ may include it. */
#ifndef NET_S3_H
#define NET_S3_H

#include <stdbool.h>
#include <stddef.h>
#include "model/og.h"
#include "model/og_error.h"
#include "net/accounts.h"
#include "net/jobs.h"

/* Gcore wants both keys of every S3 source a write of a group's sources
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

#endif
