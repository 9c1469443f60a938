/* Origin probes on the group screen (see probe_ui.h). The worker's results
 * are adopted into the account's probe book on the UI thread; nothing here is
 * shared with the worker. */
#include "tui/probe_ui.h"

#include <stdio.h>
#include <string.h>

#include "tui/draw.h"

/* Probes are capped at 5 s whatever the configured timeout (net/probe.h). */
#define PROBE_CAP_SECONDS 5

static og_group *group_of(app *a, view *v)
{
	return store_find(&a->accounts[v->account].store, v->group_id);
}

static int probe_bound(const app *a)
{
	int t = a->net_opt.timeout_seconds > 0 ? a->net_opt.timeout_seconds : 20;
	return t < PROBE_CAP_SECONDS ? t : PROBE_CAP_SECONDS;
}

void probe_group(app *a, view *v)
{
	app_account *acc = &a->accounts[v->account];
	og_group *g = group_of(a, v);
	if (!g) {
		app_status(a, true, "group %s is not loaded: nothing to probe (r refreshes)", v->group_id);
		return;
	}
	if (g->n_sources == 0) {
		app_status(a, false, "this group has no sources to probe");
		return;
	}
	for (size_t i = 0; i < g->n_sources; i++) {
		const og_probe_result *r = og_probe_book_find(&acc->probes, g->id, g->sources[i].key);
		if (r && r->running) {
			app_status(a, false, "a probe of this group is still running");
			return;
		}
	}
	if (app_open_account(a, v->account) < 0) {
		app_status(a, true, "%s", acc->load_err);
		return;
	}
	job_request *r = job_request_new(JOB_PROBE, acc->net, a->next_tag++, g->id);
	if (!r || job_request_set_probe(r, g->sources, g->n_sources) < 0) {
		job_request_free(r);
		app_status(a, true, "out of memory");
		return;
	}
	size_t n = g->n_sources;
	if (app_submit(a, r, probe_done, NULL, NULL) < 0)
		return;
	for (size_t i = 0; i < n; i++)
		if (g->sources[i].key)
			og_probe_book_start(&acc->probes, g->id, g->sources[i].key, probe_bound(a));
	app_status(a, false, "probing %zu source%s (at most %d s)...", n, n == 1 ? "" : "s",
	           probe_bound(a));
}

void probe_done(app *a, job_result *r, void *ctx)
{
	(void)ctx;
	app_account *acc = app_account_of(a, r->account);
	if (!r->group_id)
		return;
	size_t answered = 0;
	for (size_t i = 0; i < r->n_probes; i++) {
		if (r->probes[i].key)
			og_probe_book_put(&acc->probes, r->group_id, &r->probes[i]);
		if (r->probes[i].ok)
			answered++;
	}
	/* A result without probes (out of memory): no row stays "probing". */
	for (size_t i = 0; i < acc->probes.n; i++) {
		og_probe_entry *e = &acc->probes.items[i];
		if (e->res.running && e->group_id && strcmp(e->group_id, r->group_id) == 0) {
			e->res.running = false;
			e->res.phase = OG_PROBE_SETUP;
		}
	}
	if ((size_t)(acc - a->accounts) != a->cur)
		return;
	if (r->status < 0)
		app_status(a, true, "probe: %s", r->err.msg);
	else
		app_status(a, answered < r->n_probes, "probe done: %zu of %zu source%s answered",
		           answered, r->n_probes, r->n_probes == 1 ? "" : "s");
}

const og_probe_result *probe_of(app *a, view *v, const og_source *src)
{
	if (!src || !src->key)
		return NULL;
	og_group *g = group_of(a, v);
	return og_probe_book_find(&a->accounts[v->account].probes, g ? g->id : v->group_id, src->key);
}

bool probe_any(app *a, view *v, const og_group *g)
{
	for (size_t i = 0; g && i < g->n_sources; i++)
		if (probe_of(a, v, &g->sources[i]))
			return true;
	return false;
}

void probe_cell(app *a, view *v, const og_source *src, fmt_row *row)
{
	if (row->n <= 0)
		return;
	const og_probe_result *r = probe_of(a, v, src);
	if (!r)
		return;
	fmt_cell *c = &row->cell[row->n - 1];
	og_probe_short(r, c->text, sizeof c->text);
	c->role = r->running ? ROLE_DIM : r->ok && r->status < 400 ? ROLE_ENABLED : ROLE_ERROR;
}

void probe_widen(app *a, view *v, const og_group *g, const fmt_col *cols, int n, int *widths)
{
	if (n <= 0)
		return;
	int want = 0;
	for (size_t i = 0; g && i < g->n_sources; i++) {
		const og_probe_result *r = probe_of(a, v, &g->sources[i]);
		if (!r)
			continue;
		char buf[FMT_CELL_MAX];
		og_probe_short(r, buf, sizeof buf);
		int w = draw_width(buf);
		if (w > want)
			want = w;
	}
	int need = want - widths[n - 1];
	/* from the last flexible column first (the host header), then the host */
	for (int i = n - 2; i >= 0 && need > 0; i--) {
		if (!cols[i].flex)
			continue;
		int spare = widths[i] - cols[i].width;
		if (i == 0 && spare > 0)
			spare = widths[i] - (cols[i].width > 16 ? cols[i].width : 16);
		if (spare <= 0)
			continue;
		int take = spare < need ? spare : need;
		widths[i] -= take;
		widths[n - 1] += take;
		need -= take;
	}
}

static void ms_part(char *buf, size_t n, size_t *used, const char *label, double ms)
{
	if (*used >= n)
		return;
	int w = ms >= 0 ? snprintf(buf + *used, n - *used, "%s%s %.0fms", *used ? "  " : "", label, ms)
	                : snprintf(buf + *used, n - *used, "%s%s -", *used ? "  " : "", label);
	if (w > 0)
		*used += (size_t)w;
}

void probe_draw_detail(app *a, view *v, const og_group *g, int y, int height, int width)
{
	if (height <= 0 || !g || v->cursor >= g->n_sources)
		return;
	const og_source *src = &g->sources[v->cursor];
	const og_probe_result *r = probe_of(a, v, src);
	char line[2048];
	int bottom = y + height;
	attr_t normal = a->attr[ROLE_NORMAL];
	const char *host = src->host ? src->host : (src->key ? src->key : "");
	if (!r) {
		snprintf(line, sizeof line, "Probe of %s: none yet (p probes the group)", host);
		draw_text(y, 1, width - 1, line, a->attr[ROLE_DIM]);
		return;
	}
	char s[FMT_CELL_MAX];
	og_probe_short(r, s, sizeof s);
	snprintf(line, sizeof line, "Probe of %s: %s", host, s);
	draw_text(y++, 1, width - 1, line, a->attr[ROLE_HEADER]);
	if (r->running || y >= bottom)
		return;
	if (r->url) {
		snprintf(line, sizeof line, "  %s -> %s  SNI %s  Host %s", r->url,
		         r->connect_to ? r->connect_to : "?", r->sni ? r->sni : "-",
		         r->host_header ? r->host_header : "-");
		draw_text(y++, 1, width - 1, line, normal);
	}
	if (y < bottom && r->phase != OG_PROBE_SETUP) {
		size_t used = 0;
		char ph[512] = "";
		ms_part(ph, sizeof ph, &used, "DNS", r->dns_ms);
		ms_part(ph, sizeof ph, &used, "connect", r->connect_ms);
		if (r->sni)
			ms_part(ph, sizeof ph, &used, "TLS", r->tls_ms);
		ms_part(ph, sizeof ph, &used, "first byte", r->first_byte_ms);
		ms_part(ph, sizeof ph, &used, "total", r->total_ms);
		snprintf(line, sizeof line, "  Phases: %s", ph);
		draw_text(y++, 1, width - 1, line, normal);
	}
	if (y < bottom && r->phase != OG_PROBE_SETUP) {
		if (r->used_address && r->used_port > 0)
			snprintf(line, sizeof line, "  Address: %s port %d (resolved: %s)", r->used_address,
			         r->used_port, r->addresses ? r->addresses : "-");
		else
			snprintf(line, sizeof line, "  Address: - (resolved: %s)",
			         r->addresses ? r->addresses : "-");
		draw_text(y++, 1, width - 1, line, normal);
	}
	if (y < bottom) {
		if (r->status_line)
			snprintf(line, sizeof line, "  Response: %s", r->status_line);
		else
			snprintf(line, sizeof line, "  %s: %s", og_probe_phase_name(r->phase),
			         r->error ? r->error : (r->failure ? r->failure : "no response"));
		draw_text(y++, 1, width - 1, line, r->ok ? normal : a->attr[ROLE_ERROR]);
	}
}
