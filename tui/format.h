/* The text of the rows of the groups and group screens, as pure functions so
 * that tests can check them without a terminal. A flag the provider lacks is
 * "-"; a flag with a pending change shows its new value followed by "*". */
#ifndef TUI_FORMAT_H
#define TUI_FORMAT_H

#include <stdbool.h>
#include <stddef.h>
#include "model/caps.h"
#include "model/og.h"
#include "tui/theme.h"

#define FMT_MAX_COLS 10
#define FMT_CELL_MAX 256

typedef struct fmt_col {
	const char *title;
	int width;          /* fixed width, or the minimum of a flexible column */
	bool flex;          /* shares the room left */
} fmt_col;

typedef struct fmt_cell {
	char text[FMT_CELL_MAX];
	theme_role role;    /* ROLE_NORMAL: the row's own */
} fmt_cell;

typedef struct fmt_row {
	fmt_cell cell[FMT_MAX_COLS];
	int n;
} fmt_row;

/* Pending flags of a source, as bits of og_field. */
#define FMT_PENDING(field) (1u << (field))

const char *fmt_tri(og_tri t);   /* "yes", "no", "-" */

/* ID NAME SOURCES BACKUPS USE-NEXT IN-USE */
int fmt_groups_columns(fmt_col *cols);
void fmt_group_row(const og_group *g, fmt_row *row);

/* HOST/BUCKET KIND [PROTO] [ENABLED] [BACKUP] [PRIMARY] [ORDER] [HOST HEADER]
 * PROBE: each flag column only when the provider has that flag (caps NULL:
 * enabled, backup and host header), protocol with the order. A Match Client
 * source's order reads
 * "HTTP/HTTPS" ("1/0"); a pending move marks the order with "*". */
int fmt_sources_columns(const og_caps *caps, fmt_col *cols);
void fmt_source_row(const og_source *s, const og_caps *caps, unsigned pending, fmt_row *row);

/* Widths for `n` columns in `width` cells (one space between columns). */
void fmt_layout(const fmt_col *cols, int n, int width, int *widths);
/* The row (or, with row NULL, the titles) as one line of text padded to the
 * widths. Returns buf. */
const char *fmt_row_text(const fmt_col *cols, const fmt_row *row, const int *widths, int n,
                         char *buf, size_t len);

/* "yes (error, timeout)" style text of the group's settings; in use reads
 * "yes, in use by: a.example, b.example" when the provider names them. */
void fmt_use_next(const og_group *g, char *buf, size_t n);
void fmt_in_use(const og_group *g, char *buf, size_t n);

#endif
