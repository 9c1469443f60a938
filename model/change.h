/* One user change to one flag of one source, as carried from the UI to the
 * worker and recorded in the store for revert and undo. */
#ifndef OG_CHANGE_H
#define OG_CHANGE_H

#include "model/og.h"

typedef struct og_change {
	char *group_id;
	char *source_key;
	og_field field;
	og_tri from;        /* the value the user saw */
	og_tri to;          /* the value the user asked for */
	/* OG_FIELD_ORDER only (from/to above are then OG_ABSENT): the failover
	 * order the row showed and the 0-based position it should take in its
	 * protocol's list (J: order_from + 1, K: order_from - 1). */
	int order_from, order_to;
	/* OG_FIELD_ORDER of a "match" source: which row moves, "http" (its
	 * order) or "https" (its order_alt); NULL: "http". Ignored otherwise. */
	char *protocol;
} og_change;

int og_change_copy(og_change *dst, const og_change *src); /* deep; 0 or -1 */
void og_change_clear(og_change *c);

#endif
