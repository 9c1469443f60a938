/* The sources pivot as the screens of incident mode hold it: built from the
 * stores of every account, and built again whenever one of them changed
 * (og_store.changes), so that the pivot never points at a group a list, a
 * confirmed change or a delete has freed. Each screen keeps its own. */
#ifndef TUI_PIVOT_H
#define TUI_PIVOT_H

#include <stdbool.h>
#include <stddef.h>
#include "model/caps.h"
#include "model/origins.h"
#include "tui/app.h"

typedef struct pivot {
	og_origins o;
	unsigned long *seen;        /* each account's store.changes when built */
	bool *loaded;               /* and whether it was loaded then */
	size_t n;
	bool built;
	char filter[256];
	origins_sort sort;
	/* the widest origin name in the view as the screen draws it, capped
	 * by the screen; -1: to measure (the pivot or its filter changed).
	 * Kept because measuring 10,000 names on every redraw costs more
	 * than building the pivot. */
	int name_width;
} pivot;

/* Builds the pivot again when a store changed since (or never built).
 * Keeps the filter and sort. true when it was built again. */
bool pivot_sync(app *a, pivot *p);
/* The view's set of origins changed (a new filter): its widest name is
 * measured again. */
void pivot_view_changed(pivot *p);
/* Forces the next pivot_sync to build. */
void pivot_stale(pivot *p);
void pivot_free(pivot *p);
/* The origin named `name` in the pivot (synced first), or NULL. */
const og_origin *pivot_find(app *a, pivot *p, const char *name);
/* The capability table of each account (NULL: not open), for batch_plan;
 * out has room for a->n_accounts. */
void pivot_caps(app *a, const og_caps **out);
/* Opens group `group_id` of the account on its own screen, the cursor on
 * the source `source_key` (the uses screen's Enter, the summary's): false,
 * said in the status bar, when the group is no longer in origo's copy. */
bool pivot_open_group(app *a, size_t account, const char *group_id, const char *source_key);
/* The account's name for the screen. */
const char *pivot_account_name(app *a, size_t account);
/* The last probe of any use of the origin (the account's probe book), as the
 * PROBE column's text into buf; "" when none was probed. */
void pivot_last_probe(app *a, const og_origin *o, char *buf, size_t n);

#endif
