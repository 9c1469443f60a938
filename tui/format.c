/* Row text for the groups and group screens. */
#include "tui/format.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "tui/draw.h"

const char *fmt_tri(og_tri t)
{
	return t == OG_ABSENT ? "-" : (t == OG_YES ? "yes" : "no");
}

static void cell(fmt_row *row, theme_role role, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void cell(fmt_row *row, theme_role role, const char *fmt, ...)
{
	if (row->n >= FMT_MAX_COLS)
		return;
	fmt_cell *c = &row->cell[row->n++];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(c->text, sizeof c->text, fmt, ap);
	va_end(ap);
	c->role = role;
}

int fmt_groups_columns(fmt_col *cols)
{
	static const fmt_col def[] = {
		{ "ID", 8, false }, { "NAME", 8, true }, { "SOURCES", 7, false },
		{ "BACKUPS", 7, false }, { "USE-NEXT", 8, false }, { "IN-USE", 6, false },
	};
	memcpy(cols, def, sizeof def);
	return (int)(sizeof def / sizeof def[0]);
}

void fmt_group_row(const og_group *g, fmt_row *row)
{
	row->n = 0;
	cell(row, ROLE_NORMAL, "%s", g->id ? g->id : "");
	cell(row, ROLE_NORMAL, "%s", g->name ? g->name : "");
	cell(row, ROLE_NORMAL, "%zu/%zu", og_group_count_enabled(g), g->n_sources);
	cell(row, ROLE_NORMAL, "%zu", og_group_count_backup(g));
	cell(row, ROLE_NORMAL, "%s", fmt_tri(g->use_next));
	cell(row, ROLE_NORMAL, "%s", fmt_tri(g->in_use));
}

int fmt_sources_columns(const og_caps *caps, fmt_col *cols)
{
	int n = 0;
	cols[n++] = (fmt_col){ "HOST/BUCKET", 10, true };
	cols[n++] = (fmt_col){ "KIND", 8, false };
	/* Each protocol has its own failover order: show which one a row is in. */
	if (caps && caps->has_order)
		cols[n++] = (fmt_col){ "PROTO", 5, false };
	/* A flag no source of this provider can have is no column at all (Edgio
	 * shows primary and order instead of enabled and backup). */
	if (!caps || caps->has_enabled)
		cols[n++] = (fmt_col){ "ENABLED", 7, false };
	if (!caps || caps->has_backup)
		cols[n++] = (fmt_col){ "BACKUP", 6, false };
	if (caps && caps->has_primary)
		cols[n++] = (fmt_col){ "PRIMARY", 7, false };
	if (caps && caps->has_order)
		cols[n++] = (fmt_col){ "ORDER", 5, false };
	if (!caps || caps->has_host_header)
		cols[n++] = (fmt_col){ "HOST HEADER", 6, true };
	cols[n++] = (fmt_col){ "PROBE", 6, false };
	return n;
}

/* The role of a flag's cell: pending wins, then what the value means. */
static void flag_cell(fmt_row *row, og_tri v, bool pending, theme_role yes, theme_role no)
{
	if (pending)
		cell(row, ROLE_PENDING, "%s*", fmt_tri(v));
	else
		cell(row, v == OG_YES ? yes : (v == OG_NO ? no : ROLE_DIM), "%s", fmt_tri(v));
}

void fmt_source_row(const og_source *s, const og_caps *caps, unsigned pending, fmt_row *row)
{
	row->n = 0;
	char addr[600];
	og_source_address(s, addr, sizeof addr);
	cell(row, ROLE_NORMAL, "%s", addr);
	cell(row, ROLE_NORMAL, "%s", og_source_kind_label(s));
	if (caps && caps->has_order) {
		if (s->protocol && s->protocol[0])
			cell(row, ROLE_NORMAL, "%s", s->protocol);
		else
			cell(row, ROLE_DIM, "-");
	}
	if (!caps || caps->has_enabled)
		flag_cell(row, s->enabled, pending & FMT_PENDING(OG_FIELD_ENABLED), ROLE_ENABLED,
		          ROLE_DISABLED);
	if (!caps || caps->has_backup)
		flag_cell(row, s->backup, pending & FMT_PENDING(OG_FIELD_BACKUP), ROLE_BACKUP, ROLE_NORMAL);
	if (caps && caps->has_primary)
		flag_cell(row, s->primary, pending & FMT_PENDING(OG_FIELD_PRIMARY), ROLE_ENABLED, ROLE_NORMAL);
	if (caps && caps->has_order) {
		bool moving = pending & FMT_PENDING(OG_FIELD_ORDER);
		theme_role role = moving ? ROLE_PENDING : ROLE_NORMAL;
		const char *mark = moving ? "*" : "";
		/* A Match Client entry is in both lists: HTTP order / HTTPS order. */
		bool match = s->protocol && strcmp(s->protocol, "match") == 0;
		if (s->order >= 0 && match && s->order_alt >= 0)
			cell(row, role, "%d/%d%s", s->order, s->order_alt, mark);
		else if (s->order >= 0)
			cell(row, role, "%d%s", s->order, mark);
		else
			cell(row, moving ? ROLE_PENDING : ROLE_DIM, "-%s", mark);
	}
	if (caps && !caps->has_host_header)
		;   /* no column */
	else if (s->host_header && s->host_header[0])
		cell(row, ROLE_NORMAL, "%s", s->host_header);
	else
		cell(row, ROLE_DIM, "-");
	cell(row, ROLE_NORMAL, "%s", "");   /* probes come with a later issue */
}

void fmt_layout(const fmt_col *cols, int n, int width, int *widths)
{
	int fixed = n > 0 ? n - 1 : 0, nflex = 0;
	for (int i = 0; i < n; i++) {
		widths[i] = cols[i].width;
		fixed += cols[i].width;
		if (cols[i].flex)
			nflex++;
	}
	int extra = width - fixed;
	if (extra <= 0 || nflex == 0)
		return;           /* too narrow: the right edge is cut when drawn */
	/* The first flexible column (the name or the host) gets the bigger share. */
	int k = 0;
	for (int i = 0; i < n; i++) {
		if (!cols[i].flex)
			continue;
		int share = nflex == 1 ? extra : (k == 0 ? extra * 2 / 3 : extra - extra * 2 / 3);
		if (nflex > 2)
			share = extra / nflex;
		widths[i] += share;
		k++;
	}
}

const char *fmt_row_text(const fmt_col *cols, const fmt_row *row, const int *widths, int n,
                         char *buf, size_t len)
{
	size_t used = 0;
	buf[0] = '\0';
	for (int i = 0; i < n; i++) {
		char piece[FMT_CELL_MAX * 2];
		const char *text = row ? (i < row->n ? row->cell[i].text : "") : cols[i].title;
		draw_pad(text, widths[i], piece, sizeof piece);
		int w = snprintf(buf + used, len - used, "%s%s", i ? " " : "", piece);
		if (w < 0 || (size_t)w >= len - used)
			break;
		used += (size_t)w;
	}
	return buf;
}

static void join(char *const *items, size_t count, char *buf, size_t n, size_t *used)
{
	for (size_t i = 0; i < count && *used < n; i++) {
		int w = snprintf(buf + *used, n - *used, "%s%s", i ? ", " : "", items[i] ? items[i] : "");
		if (w < 0)
			return;
		*used += (size_t)w;
	}
}

void fmt_use_next(const og_group *g, char *buf, size_t n)
{
	size_t used = 0;
	int w = snprintf(buf, n, "%s", fmt_tri(g->use_next));
	used = w > 0 ? (size_t)w : 0;
	if (g->n_next_upstream > 0 && used + 3 < n) {
		used += (size_t)snprintf(buf + used, n - used, " (");
		join(g->next_upstream, g->n_next_upstream, buf, n, &used);
		if (used < n)
			snprintf(buf + used, n - used, ")");
	}
}

void fmt_in_use(const og_group *g, char *buf, size_t n)
{
	size_t used = 0;
	int w = snprintf(buf, n, "%s", fmt_tri(g->in_use));
	used = w > 0 ? (size_t)w : 0;
	if (g->n_in_use_by > 0 && used + 14 < n) {
		used += (size_t)snprintf(buf + used, n - used, ", in use by: ");
		join(g->in_use_by, g->n_in_use_by, buf, n, &used);
	}
}
