/* `origo list` and `origo show`: a table for people, --json for scripts. */
#include "tui/cli.h"

#include <stdlib.h>
#include <string.h>

#include "tui/draw.h"
#include "tui/format.h"
#include "model/og_json.h"
#include "net/sync.h"

#define NAME_MAX_COLS 48

static int print_json(cJSON *j, FILE *out)
{
	if (!j)
		return -1;
	char *text = cJSON_PrintUnformatted(j);
	cJSON_Delete(j);
	if (!text)
		return -1;
	int rc = (fputs(text, out) < 0 || fputc('\n', out) == EOF) ? -1 : 0;
	cJSON_free(text);
	return rc;
}

/* Prints rows of cells as aligned columns (the last one unpadded). */
static void print_table(FILE *out, const fmt_col *cols, int n, fmt_row *rows, size_t nrows)
{
	int widths[FMT_MAX_COLS];
	for (int c = 0; c < n; c++) {
		widths[c] = draw_width(cols[c].title);
		for (size_t r = 0; r < nrows; r++) {
			int w = draw_width(rows[r].cell[c].text);
			if (w > widths[c])
				widths[c] = w;
		}
		if (cols[c].flex && widths[c] > NAME_MAX_COLS)
			widths[c] = NAME_MAX_COLS;
	}
	char piece[FMT_CELL_MAX * 2];
	for (size_t r = 0; r <= nrows; r++) {
		for (int c = 0; c < n; c++) {
			const char *text = r == 0 ? cols[c].title : rows[r - 1].cell[c].text;
			if (c == n - 1)
				draw_fit(text, widths[c], piece, sizeof piece);
			else
				draw_pad(text, widths[c], piece, sizeof piece);
			fprintf(out, "%s%s", c ? "  " : "", piece);
		}
		fputc('\n', out);
	}
}

int cli_print_list(const og_group_list *l, bool json, FILE *out)
{
	if (json) {
		og_text t = { 0 };
		int rc = og_text_add(&t, "[", 1);
		for (size_t i = 0; rc == 0 && i < l->n; i++)
			if ((i && og_text_add(&t, ",", 1) < 0) || og_group_json_add(&t, l->items[i]) < 0)
				rc = -1;
		if (rc == 0 && (og_text_add(&t, "]\n", 2) < 0 || fwrite(t.buf, 1, t.len, out) != t.len))
			rc = -1;
		og_text_free(&t);
		return rc;
	}
	fmt_col cols[FMT_MAX_COLS];
	int n = fmt_groups_columns(cols);
	fmt_row *rows = calloc(l->n ? l->n : 1, sizeof *rows);
	if (!rows)
		return -1;
	for (size_t i = 0; i < l->n; i++)
		fmt_group_row(l->items[i], &rows[i]);
	print_table(out, cols, n, rows, l->n);
	free(rows);
	return ferror(out) ? -1 : 0;
}

int cli_print_group(const og_group *g, const og_caps *caps, bool json, FILE *out)
{
	if (json)
		return print_json(og_group_to_json(g), out);
	char buf[1024];
	fprintf(out, "ID        %s\n", g->id ? g->id : "");
	fprintf(out, "Name      %s\n", g->name ? g->name : "");
	fmt_use_next(g, buf, sizeof buf);
	fprintf(out, "Use next  %s\n", buf);
	fmt_in_use(g, buf, sizeof buf);
	fprintf(out, "In use    %s\n\n", buf);
	fmt_col cols[FMT_MAX_COLS];
	int n = fmt_sources_columns(caps, cols);
	n--;   /* no PROBE column on the command line: probes are interactive */
	fmt_row *rows = calloc(g->n_sources ? g->n_sources : 1, sizeof *rows);
	if (!rows)
		return -1;
	for (size_t i = 0; i < g->n_sources; i++)
		fmt_source_row(&g->sources[i], caps, 0, &rows[i]);
	print_table(out, cols, n, rows, g->n_sources);
	free(rows);
	return ferror(out) ? -1 : 0;
}

/* The JSON text of list --json, made group by group as pages arrive
 * (model/og_json.h: no cJSON tree; pages side by side on helper threads,
 * one piece of text each): the text of a group is a fraction of its parsed
 * form, so holding text instead of groups keeps a 10,000-group account
 * within a few MiB. Nothing is printed until the whole list has arrived,
 * so a failure never leaves half an array; then the pieces go out one
 * after the other. */
static int cli_list_json(net_account *na, FILE *out, og_error *err)
{
	og_pieces ps = { 0 };
	int rc = net_list_groups_text(na, og_group_json_add, ",", &ps, err);
	if (rc == 0 && (fputc('[', out) == EOF || og_pieces_write(&ps, out) < 0 ||
	                fputs("]\n", out) == EOF || fflush(out) == EOF)) {
		og_error_set(err, OG_ERR_INTERNAL, "cannot write the output");
		rc = -1;
	}
	og_pieces_free(&ps);
	return rc;
}

int cli_list(net_account *na, bool json, FILE *out, og_error *err)
{
	if (json)
		return cli_list_json(na, out, err);
	og_group_list l = { 0 };
	if (net_list_groups(na, &l, err) < 0)
		return -1;
	int rc = cli_print_list(&l, json, out);
	og_group_list_free(&l);
	if (rc < 0 || fflush(out) == EOF) {
		og_error_set(err, OG_ERR_INTERNAL, "cannot write the output");
		return -1;
	}
	return 0;
}

int cli_show(net_account *na, const char *group, bool json, FILE *out, og_error *err)
{
	og_group *g = NULL;
	if (net_get_group(na, group, &g, err) < 0)
		return -1;
	int rc = cli_print_group(g, net_account_caps(na), json, out);
	og_group_free(g);
	if (rc < 0 || fflush(out) == EOF) {
		og_error_set(err, OG_ERR_INTERNAL, "cannot write the output");
		return -1;
	}
	return 0;
}
