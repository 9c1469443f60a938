/* Origin probes on the group screen: `p` submits one JOB_PROBE for every
 * source of the group; the results land in the account's probe book (per
 * group and source key) and show in the PROBE column and in a detail block
 * under the table for the source under the cursor. */
#ifndef TUI_PROBE_UI_H
#define TUI_PROBE_UI_H

#include <stdbool.h>
#include "model/og.h"
#include "model/probe.h"
#include "tui/app.h"
#include "tui/format.h"

/* Rows the detail block takes below the table. */
#define PROBE_DETAIL_ROWS 6

/* p on the group view. */
void probe_group(app *a, view *v);
/* The JOB_PROBE handler: the result (not freed here) into its account's
 * book; ctx unused (the book is the account's, not a view's). */
void probe_done(app *a, job_result *r, void *ctx);
/* The probe of a source of the view's group, or NULL. */
const og_probe_result *probe_of(app *a, view *v, const og_source *src);
/* Whether any source of the view's group has a probe (running or done). */
bool probe_any(app *a, view *v, const og_group *g);
/* Puts the probe's short text into the row's last (PROBE) cell. */
void probe_cell(app *a, view *v, const og_source *src, fmt_row *row);
/* Widens the last (PROBE) column to fit the longest probe text of the group,
 * taking the room from the flexible columns (never below their minimum). */
void probe_widen(app *a, view *v, const og_group *g, const fmt_col *cols, int n, int *widths);
/* The detail block of the source under the cursor: rows y .. y+height-1. */
void probe_draw_detail(app *a, view *v, const og_group *g, int y, int height, int width);

#endif
