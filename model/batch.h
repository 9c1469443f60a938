/* A bulk action of incident mode: one flag of one origin set in every group
 * that uses it (Space: enabled, b: backup on the sources screen; `origo
 * disable|enable|backup` on the command line). Pure: the plan (one
 * og_change a use), each item's outcome as the worker's results arrive, the
 * progress line, the summary and the undo batch. The front ends (the
 * sources screen, the command line) submit one JOB_CHANGE an item, which
 * does the same fresh read, conflict check and rules as a single toggle, and
 * report each result here with batch_record.
 *
 * A group that uses the origin twice has two items (one a source); counts
 * of "groups" count each (account, group) once. */
#ifndef MODEL_BATCH_H
#define MODEL_BATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "model/og.h"
#include "model/caps.h"
#include "model/change.h"
#include "model/og_error.h"
#include "model/origins.h"

typedef enum batch_outcome {
	BATCH_WAITING,     /* planned, not submitted yet */
	BATCH_RUNNING,     /* submitted, no result yet */
	BATCH_APPLIED,     /* the provider confirmed the change */
	BATCH_ALREADY,     /* origo's copy already had the value: nothing sent */
	BATCH_SKIPPED,     /* the provider has no such flag (reason: the caps'
	                      why, e.g. Edgio has no enabled flag): nothing sent */
	BATCH_REFUSED,     /* a rule refused it (the last-active guard, read-only),
	                      on origo's copy or on the fresh one: nothing sent */
	BATCH_CONFLICT,    /* changed on the server since origo read it: nothing sent */
	BATCH_FAILED,      /* sent and refused, or could not be sent (reason) */
	BATCH_UNKNOWN,     /* sent, the answer was lost and the re-read could not
	                      settle it: "may have been applied" */
} batch_outcome;

typedef struct batch_item {
	size_t account;            /* index as given to origins_build */
	char *group_name;          /* owned, for the summary */
	og_change change;          /* group_id, source_key, field, from (as origo
	                              showed it), to; owned */
	batch_outcome outcome;
	char *reason;              /* owned; NULL for ALREADY, and for APPLIED
	                              but for a note (batch_record_after) */
	uint64_t tag;              /* the front end's job tag; 0: not submitted */
} batch_item;

typedef struct og_batch {
	char *origin;              /* the origin's identity; owned */
	og_field field;            /* OG_FIELD_ENABLED or OG_FIELD_BACKUP */
	og_tri to;                 /* the value asked for */
	bool is_undo;              /* made by batch_undo */
	batch_item *items;         /* in the origin's use order; owned */
	size_t n;
} og_batch;

/* The plan for setting `field` to `to` on every use of `origin`. caps[i] is
 * account i's capability table (NULL: allows all; caps NULL: all allow all).
 * A use whose flag already is `to` (an absent flag read as rules.h reads
 * it) is BATCH_ALREADY; a provider without the flag makes it
 * BATCH_SKIPPED; a change the last-active guard refuses on origo's copy
 * (rules_check_flag_change, on the group as the batch's earlier items in it
 * leave it: disabling both active sources of one group refuses the second)
 * BATCH_REFUSED with the rule's message; every other item is
 * BATCH_WAITING. `field` must be OG_FIELD_ENABLED or OG_FIELD_BACKUP. 0, or -1 on out of memory (*b then empty). */
int batch_plan(og_batch *b, const og_origin *origin, const og_caps *const *caps,
               og_field field, og_tri to);
void batch_free(og_batch *b);          /* frees members, not b; leaves it empty */

/* The item submitted with `tag`, or NULL. */
batch_item *batch_find_tag(og_batch *b, uint64_t tag);
/* The outcome of a submitted item from its job's result: status 0 is
 * BATCH_APPLIED; else err decides: OG_ERR_CONFLICT, OG_ERR_REFUSED,
 * maybe_applied -> BATCH_UNKNOWN, anything else BATCH_FAILED; err->msg
 * becomes the reason. The one place that maps a result onto an outcome. */
void batch_record(batch_item *it, int status, const og_error *err);
/* The same with the group as the job left it (NULL: none): a write whose
 * answer was lost (maybe_applied) and whose group was read again without
 * showing the change is BATCH_FAILED, "...: not applied" (the read settled
 * it; only a group that could not be read again stays BATCH_UNKNOWN). A
 * success keeps err->msg as a note (the answer was lost, the server shows
 * the change). */
void batch_record_after(batch_item *it, int status, const og_error *err, const og_group *after);

/* Counts of items by outcome, and of distinct groups and accounts among
 * items that are not BATCH_SKIPPED/BATCH_ALREADY nor refused by the plan
 * (what will be written; a refusal on the fresh copy, an item with a tag,
 * still counts: it was submitted, so the total does not shrink mid-run). */
typedef struct batch_counts {
	size_t by[BATCH_UNKNOWN + 1];
	size_t groups_to_write, accounts_to_write;
	size_t groups, accounts;   /* every item's, distinct */
} batch_counts;
void batch_count(const og_batch *b, batch_counts *c);

/* Whether every submitted item has its outcome. */
bool batch_done(const og_batch *b);

/* Texts, into out (n bytes):
 * the question before sending: "Disable api.example.com:443 in 6 groups on
 *   2 accounts (1 skipped, 1 refused)? (y/n)" (the parenthesis only when
 *   some are already so, skipped or refused; "Enable", "Make backup",
 *   "Clear backup" for the other actions); when nothing is to be written,
 *   "Nothing to change for api.example.com:443 (2 already)" (no question:
 *   check batch_counts.groups_to_write first);
 * the progress line: "disabled in 4/6 groups" (the verb from field/to:
 *   "disabled", "enabled", "made backup", "backup cleared"; groups with an
 *   applied item over groups to write), plus "; 1 conflict, 1 failed" when
 *   some are (conflict, failed, may have been applied, refused);
 * an outcome's word for the summary: "applied", "already", "skipped",
 *   "refused", "conflict", "failed", "may have been applied", "waiting",
 *   "running". */
void batch_question(const og_batch *b, char *out, size_t n);
void batch_progress(const og_batch *b, char *out, size_t n);
const char *batch_outcome_word(batch_outcome o);

/* The batch that undoes `done`: one item for each BATCH_APPLIED item of
 * done, with from and to swapped (only what was applied is undone; an
 * absent `from` becomes the value it stood for, as in rules.h). 0 (an
 * empty batch when nothing was applied), or -1 on out of memory. */
int batch_undo(og_batch *undo, const og_batch *done);

/* The command line's exit status for a finished batch: 0 when every item
 * is APPLIED or ALREADY, else 1 (a group skipped, refused, in conflict,
 * failed or unknown has not been set as asked). */
int batch_exit_status(const og_batch *b);

#endif
