/* The shared write paths the worker runs, internal to net/: each starts
 * with a fresh read and the conflict rule, then calls the adapter. */
#ifndef NET_WRITES_H
#define NET_WRITES_H

#include <stdbool.h>
#include "model/og.h"
#include "model/form.h"
#include "model/change.h"
#include "model/og_error.h"
#include "net/call.h"

/* The shared write path: fresh read, conflict check, rules, write.
 * *out: the server's group after the job (also on conflict), or NULL. */
int net_change_flag(net_call *c, const og_change *ch, const og_source *seen,
                    og_group **out, og_error *err);

/* The form jobs (net/form_job.c): fresh read, conflict rule, the adapter's
 * check, then its form_save. group_id: NULL for FORM_GROUP_NEW; seen: the
 * group as the form opened on it (NULL for FORM_GROUP_NEW). On a refusal f
 * carries the field errors back. *out as net_change_flag. */
int net_save_form(net_call *c, form *f, form_target t, const char *group_id,
                  const char *source_key, const og_group *seen, og_group **out, og_error *err);
/* Deletes the group (source_key NULL) or one source, after a fresh read:
 * a source changed since `seen` is a conflict (nothing sent). *gone: the
 * group no longer exists (deleted now, or already). *out: the group after
 * a source delete, or on conflict. */
int net_delete(net_call *c, const char *group_id, const char *source_key, const og_group *seen,
               og_group **out, bool *gone, og_error *err);

#endif
