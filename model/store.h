/* The store: one account's groups as the UI shows them, the filter, the
 * pending (optimistic) changes with what they replaced, and the last
 * confirmed change for undo. Only the UI thread touches it. */
#ifndef OG_STORE_H
#define OG_STORE_H

#include <stdbool.h>
#include <stdint.h>
#include "model/og.h"
#include "model/change.h"

typedef struct og_pending {
	uint64_t id;            /* the change's id, also the job's tag */
	og_change change;       /* from = value before, to = value shown */
	bool is_undo;
} og_pending;

typedef struct og_store {
	og_group_list groups;   /* server data with pending changes applied */
	size_t *view;           /* indices into groups that match the filter */
	size_t n_view;
	char *filter;           /* NULL or "" = everything */
	og_pending *pending;    size_t n_pending;
	og_change undo;         /* the last confirmed change */
	bool has_undo;
	bool loaded;            /* a list has arrived at least once */
	uint64_t next_change_id;
	/* Counts every change to the groups or their flags (a list, one group,
	 * a pending change begun, confirmed or reverted, a delete): what
	 * borrows the groups (the sources pivot, model/origins.h) builds again
	 * when it moved. */
	unsigned long changes;
} og_store;

void store_init(og_store *s);
void store_free(og_store *s);

/* Replaces every group with `l`'s (taken; l is left empty). Pending changes
 * are applied again on top, so their rows stay as the user set them. */
void store_replace_all(og_store *s, og_group_list *l);
/* Replaces (or adds) one group (taken), pending changes applied on top. */
void store_replace_group(og_store *s, og_group *g);
og_group *store_find(const og_store *s, const char *group_id);
/* Drops a group that is gone from the provider (deleted), with its pending
 * changes and its undo. Nothing when there is no such group. */
void store_remove_group(og_store *s, const char *group_id);
/* Whether any change to the group is still waiting for the provider. */
bool store_group_has_pending(const og_store *s, const char *group_id);

/* Case-insensitive substring over name, id and every source host/key. */
void store_set_filter(og_store *s, const char *text);
size_t store_view_count(const og_store *s);
og_group *store_view_at(const og_store *s, size_t i);
/* Position of group_id in the view, or -1. */
long store_view_index(const og_store *s, const char *group_id);

/* Applies c->to at once and records it as pending. Returns the change id (>0),
 * or 0 when the group or source is unknown or that flag already has a pending
 * change (then nothing is changed).
 * OG_FIELD_ORDER (a move, J/K): the source takes c->order_to in its
 * protocol's list (c->protocol for a "match" source, NULL: "http") and the
 * source that held order_to takes order_from; store_is_pending() is then
 * true for both; store_revert() swaps them back. Refused (0) when the source
 * is not at order_from or the group already has a move pending. */
uint64_t store_begin_change(og_store *s, const og_change *c, bool is_undo);
/* The provider confirmed: drop the pending entry, remember it for undo, and
 * take `fresh` (may be NULL) as the group's new server state. */
void store_confirm(og_store *s, uint64_t id, og_group *fresh);
/* The write failed or was refused: put back the value it replaced. */
void store_revert(og_store *s, uint64_t id);
const og_pending *store_pending_find(const og_store *s, uint64_t id);
bool store_is_pending(const og_store *s, const char *group_id,
                      const char *source_key, og_field f);
size_t store_pending_count(const og_store *s);
/* The change that would undo the last confirmed one (from/to and
 * order_from/order_to swapped);
 * false when there is none. `out` is a deep copy the caller clears. */
bool store_undo_change(const og_store *s, og_change *out);

#endif
