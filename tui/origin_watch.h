/* Probe and watch on the sources screen (incident mode): `p` probes the
 * origin under the cursor once from every group's settings (SNI, Host
 * header; each distinct probe once, model/probe_targets.h); `w` watches it:
 * a round every probe_interval seconds while the sources screen is open.
 * Each origin keeps its last 20 results as a strip (model/probe_strip.h),
 * a change of state (down, back up) goes to the status bar, and the results
 * land in the accounts' probe books, so the LAST PROBE column and the group
 * screen show them too. A detail block under the list shows the origin
 * under the cursor: its strip, each probe's outcome and the certificate
 * (subject, issuer, days to expiry; the warning colour, the theme's
 * "pending", under 14 days, the error colour once expired). */
#ifndef TUI_ORIGIN_WATCH_H
#define TUI_ORIGIN_WATCH_H

#include <stdbool.h>
#include "model/origins.h"
#include "tui/app.h"

/* Days to expiry under which a certificate is shown in the warning colour. */
#define ORIGIN_WATCH_CERT_WARN_DAYS 14

/* p: one round now for origin o (NULL: says there is none). */
void origin_watch_probe(app *a, const og_origin *o);
/* w: starts (a round at once) or stops watching origin o. */
void origin_watch_toggle(app *a, const og_origin *o);
/* Every watch stops (results in flight still land); the watch's timer
 * does it itself once no sources screen is on the stack. */
void origin_watch_stop_all(app *a);
/* Whether origin `name` is watched. */
bool origin_watch_on(app *a, const char *name);
/* Rows the detail block of origin o wants (0: nothing probed yet), at most
 * a quarter of `height`. */
int origin_watch_rows(app *a, const og_origin *o, int height);
/* Draws the detail block of origin o on rows y .. y+rows-1. */
void origin_watch_draw(app *a, const og_origin *o, int y, int rows, int width);

#endif
