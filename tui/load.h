/* Reading an account's data: the list of its groups, or one group, into its
 * store. */
#ifndef TUI_LOAD_H
#define TUI_LOAD_H

#include <stddef.h>
#include "tui/app.h"

/* JOB_LIST for account idx. */
void load_list(app *a, size_t idx);
/* JOB_GET of one group. */
void load_group(app *a, size_t idx, const char *group_id);
/* Their handlers (ctx unused). */
void load_list_done(app *a, job_result *r, void *ctx);
void load_group_done(app *a, job_result *r, void *ctx);

#endif
