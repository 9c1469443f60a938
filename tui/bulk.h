/* The bulk actions of incident mode on the screen: Space (enabled) and b
 * (backup) set one flag of one origin in every group that uses it, u undoes
 * the last such batch. The plan, outcomes and texts are model/batch.h; here
 * the question, one optimistic store change and one JOB_CHANGE an item
 * (the same fresh read, conflict check and rules as a single toggle, so the
 * group screens show the same pending marks), the progress in the status
 * line and the summary screen (tui/views/batch.c) at the end.
 *
 * Read-only: the dispatcher refuses the keys on a read-only account (the
 * one central place, dispatch.c); items of another account that is
 * read-only are refused by the same rule (action_refusal) and sent nothing. */
#ifndef TUI_BULK_H
#define TUI_BULK_H

#include <stdbool.h>
#include "model/batch.h"
#include "model/origins.h"
#include "tui/app.h"

/* Plans setting `field` of origin o everywhere: enabled goes off while any
 * use is enabled, else on; backup goes on while any use is not backup,
 * else off. Asks "Disable X in N groups on M accounts? (y/n)" on the bottom
 * line, or says there is nothing to change. */
void bulk_ask(app *a, const og_origin *o, og_field field);
/* `u`: asks to undo the last batch (only what it applied). */
void bulk_undo(app *a);
/* The bulk keys of the screens that show an origin (sources, uses): Space
 * and b ask about origin o (NULL: `none` is said), u undoes; false for any
 * other action. */
bool bulk_act(app *a, const og_origin *o, action_id act, const char *none);
/* The answer to the question (its prompt_own() key hook): y sends, anything else
 * cancels. */
void bulk_answer(app *a, int key);
/* The last batch (running or done), or NULL: the summary screen's data. */
const og_batch *bulk_last(app *a);
/* Whether the last batch still has items on their way. */
bool bulk_running(app *a);
/* The JOB_CHANGE handler of a batch's items (ctx unused). */
void bulk_done(app *a, job_result *r, void *ctx);

#endif
