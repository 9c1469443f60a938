/* Probe and watch on the sources screen (see origin_watch.h). A round of an
 * origin is one JOB_PROBE an account (its distinct probes, in order); the
 * round's copies of what it needs (group ids, source keys, labels) outlive
 * the groups, which a list or a change may free while the probes run. */
#include "tui/origin_watch.h"
#include "model/og_grow.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "model/probe.h"
#include "model/probe_strip.h"
#include "model/probe_targets.h"
#include "tui/draw.h"
#include "tui/loop.h"
#include "tui/pivot.h"
#include "tui/views/sources.h"

/* The probes of one account in a round, and where each result goes. */
typedef struct round_user {
	size_t account;
	char *group_id, *key;
} round_user;

typedef struct round_probe {
	size_t line;                /* index in the origin's lines */
	round_user *users;
	size_t n_users;
} round_probe;

typedef struct round {
	uint64_t tag;               /* the job's */
	char *name;                 /* the origin's */
	round_probe *p;
	size_t n;
	struct round *next;
} round;

/* One probe's latest outcome, for the detail block. */
typedef struct wline {
	char users[300];            /* "gcore/www, yandex/api +2" */
	og_probe_result res;
	bool have;
} wline;

typedef struct watched {
	char *name;
	bool watching;
	int pending;                /* jobs of the current round not back */
	long long next_at;          /* ms (loop_now_ms) of the next round */
	wline *lines;
	size_t n_lines;
} watched;

typedef struct origin_watch {
	pivot pv;                   /* its own: origins by name for each round */
	watched *items;
	size_t n, cap;
	round *rounds;              /* in flight */
	og_strip_book strips;
} origin_watch;

static void line_clear(wline *l)
{
	og_probe_result_clear(&l->res);
	l->have = false;
}

static void round_free(round *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n; i++) {
		for (size_t u = 0; u < r->p[i].n_users; u++) {
			free(r->p[i].users[u].group_id);
			free(r->p[i].users[u].key);
		}
		free(r->p[i].users);
	}
	free(r->p);
	free(r->name);
	free(r);
}

/* The watch's state lives in the app's slot for it (app_slot), private
 * to this file; freed with the app. */
static void state_free(void *state)
{
	origin_watch *w = state;
	if (!w)
		return;
	pivot_free(&w->pv);
	for (size_t i = 0; i < w->n; i++) {
		for (size_t k = 0; k < w->items[i].n_lines; k++)
			line_clear(&w->items[i].lines[k]);
		free(w->items[i].lines);
		free(w->items[i].name);
	}
	free(w->items);
	while (w->rounds) {
		round *r = w->rounds;
		w->rounds = r->next;
		round_free(r);
	}
	og_strip_book_free(&w->strips);
	free(w);
}
static const app_slot_key watch_key = { "probe watch", state_free, NULL };

static origin_watch *current(const app *a)
{
	return app_slot(a, &watch_key);
}

static long long watch_timer(app *a, long long now);

static origin_watch *state(app *a)
{
	origin_watch *w = current(a);
	if (w)
		return w;
	if (loop_timer_add(watch_timer) != 0 || !(w = calloc(1, sizeof *w)))
		return NULL;
	if (app_slot_set(a, &watch_key, w) < 0) {
		free(w);
		return NULL;
	}
	return w;
}

static watched *find(origin_watch *w, const char *name)
{
	for (size_t i = 0; w && i < w->n; i++)
		if (strcmp(w->items[i].name, name) == 0)
			return &w->items[i];
	return NULL;
}

static watched *find_or_add(origin_watch *w, const char *name)
{
	watched *x = find(w, name);
	if (x)
		return x;
	watched *items = og_grow(w->items, &w->cap, w->n, sizeof *items, 8);
	if (!items)
		return NULL;
	w->items = items;
	x = &w->items[w->n];
	memset(x, 0, sizeof *x);
	if (!(x->name = strdup(name)))
		return NULL;
	w->n++;
	return x;
}

static int interval_seconds(const app *a)
{
	int s = a->cfg && a->cfg->probe_interval >= 2 ? a->cfg->probe_interval : 10;
	return s;
}

static void users_text(app *a, const og_probe_target *t, char *buf, size_t n)
{
	size_t used = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < t->n_users && used + 1 < n; i++) {
		if (i == 3) {
			snprintf(buf + used, n - used, " +%zu", t->n_users - 3);
			return;
		}
		const og_group *g = t->users[i].group;
		int w = snprintf(buf + used, n - used, "%s%s/%s", i ? ", " : "",
		                 pivot_account_name(a, t->users[i].account), g->name ? g->name : g->id);
		if (w < 0)
			return;
		used += (size_t)w < n - used ? (size_t)w : n - used - 1;
	}
}

static void probe_done_watch(app *a, job_result *res, void *ctx);

/* Starts a round of origin x: one job an account. -1 and a status when it
 * could not. */
static int start_round(app *a, origin_watch *w, watched *x)
{
	const og_origin *o = pivot_find(a, &w->pv, x->name);
	if (!o) {
		x->watching = false;
		app_status(a, true, "%s is no longer used by any loaded group: nothing to probe", x->name);
		return -1;
	}
	og_probe_targets t = { 0 };
	if (probe_targets_of_origin(&t, o) < 0) {
		probe_targets_free(&t);
		app_status(a, true, "out of memory");
		return -1;
	}
	if (t.n == 0) {
		app_status(a, true, "%s cannot be probed: %s", x->name, t.why[0] ? t.why : "no source");
		probe_targets_free(&t);
		x->watching = false;
		return -1;
	}
	/* the lines of the new round: the last outcomes stay until replaced */
	for (size_t k = 0; k < x->n_lines; k++)
		line_clear(&x->lines[k]);
	free(x->lines);
	x->n_lines = 0;
	if (!(x->lines = calloc(t.n, sizeof *x->lines))) {
		probe_targets_free(&t);
		return -1;
	}
	x->n_lines = t.n;
	for (size_t i = 0; i < t.n; i++)
		users_text(a, &t.items[i], x->lines[i].users, sizeof x->lines[i].users);

	int started = 0;
	for (size_t acc = 0; acc < a->n_accounts; acc++) {
		size_t n = 0;
		for (size_t i = 0; i < t.n; i++)
			n += t.items[i].account == acc;
		if (n == 0)
			continue;
		if (app_open_account(a, acc) < 0)
			continue;
		round *r = calloc(1, sizeof *r);
		og_source *srcs = calloc(n, sizeof *srcs);
		if (r) {
			r->name = strdup(x->name);
			r->p = calloc(n, sizeof *r->p);
		}
		bool ok = r && srcs && r->name && r->p;
		for (size_t i = 0, k = 0; ok && i < t.n; i++) {
			const og_probe_target *tg = &t.items[i];
			if (tg->account != acc)
				continue;
			srcs[k] = *tg->source;   /* shallow: set_probe copies */
			round_probe *rp = &r->p[k++];
			r->n = k;
			rp->line = i;
			if (!(rp->users = calloc(tg->n_users, sizeof *rp->users))) {
				ok = false;
				break;
			}
			for (size_t u = 0; u < tg->n_users; u++) {
				const og_probe_user *pu = &tg->users[u];
				const og_source *s = &pu->group->sources[pu->source];
				rp->users[u].account = pu->account;
				rp->users[u].group_id = strdup(pu->group->id ? pu->group->id : "");
				rp->users[u].key = strdup(s->key ? s->key : "");
				rp->n_users = u + 1;
				if (!rp->users[u].group_id || !rp->users[u].key)
					ok = false;
			}
		}
		job_request *q = ok ? job_request_new(JOB_PROBE, a->accounts[acc].net, a->next_tag++, NULL) : NULL;
		if (!q || job_request_set_probe(q, srcs, n) < 0) {
			job_request_free(q);
			free(srcs);
			round_free(r);
			app_status(a, true, "out of memory");
			continue;
		}
		free(srcs);
		r->tag = q->tag;
		if (app_submit(a, q, probe_done_watch, NULL, NULL) < 0) {
			round_free(r);
			continue;
		}
		r->next = w->rounds;
		w->rounds = r;
		/* the uses show "probing..." in LAST PROBE and on their group screens */
		for (size_t k = 0; k < r->n; k++)
			for (size_t u = 0; u < r->p[k].n_users; u++)
				og_probe_book_start(&a->accounts[r->p[k].users[u].account].probes,
				                    r->p[k].users[u].group_id, r->p[k].users[u].key, 5);
		x->pending++;
		started++;
	}
	probe_targets_free(&t);
	a->dirty = true;
	return started > 0 ? 0 : -1;
}

/* A round of origin x is complete: one result for the strip, a change of
 * state to the status bar. */
static void round_complete(app *a, origin_watch *w, watched *x)
{
	bool up = x->n_lines > 0;
	long latency = 0;
	const og_probe_result *down = NULL;
	for (size_t i = 0; i < x->n_lines; i++) {
		const og_probe_result *r = &x->lines[i].res;
		if (!x->lines[i].have || !og_probe_is_up(r)) {
			up = false;
			if (!down)
				down = r;
		} else if (r->total_ms > latency) {
			latency = (long)(r->total_ms + 0.5);
		}
	}
	og_strip_change c = og_strip_add(&w->strips, x->name, up, latency, (long long)time(NULL));
	char why[160] = "";
	if (down)
		og_probe_short(down, why, sizeof why);
	if (c == OG_STRIP_WENT_DOWN)
		app_status(a, true, "%s went down: %s", x->name, why);
	else if (c == OG_STRIP_CAME_UP)
		app_status(a, false, "%s came back up: %ld ms", x->name, latency);
	else if (!x->watching)
		app_status(a, !up, "probe of %s: %s", x->name, up ? "up" : why);
	a->dirty = true;
}

static void probe_done_watch(app *a, job_result *res, void *ctx)
{
	(void)ctx;
	origin_watch *w = current(a);
	if (!w)
		return;
	round **pp = &w->rounds;
	while (*pp && (*pp)->tag != res->tag)
		pp = &(*pp)->next;
	round *r = *pp;
	if (!r)
		return;
	*pp = r->next;
	watched *x = find(w, r->name);
	for (size_t k = 0; k < r->n; k++) {
		const og_probe_result *pr = k < res->n_probes ? &res->probes[k] : NULL;
		og_probe_result failed;
		if (!pr) {
			/* no result (out of memory): the uses must not stay "probing" */
			memset(&failed, 0, sizeof failed);
			failed.phase = OG_PROBE_SETUP;
			failed.failure = res->err.msg[0] ? res->err.msg : "no result";
			pr = &failed;
		}
		for (size_t u = 0; u < r->p[k].n_users; u++) {
			og_probe_result mine = *pr;   /* shallow: book_put copies */
			mine.key = r->p[k].users[u].key;
			og_probe_book_put(&a->accounts[r->p[k].users[u].account].probes,
			                  r->p[k].users[u].group_id, &mine);
		}
		if (x && r->p[k].line < x->n_lines) {
			wline *l = &x->lines[r->p[k].line];
			line_clear(l);
			l->have = og_probe_result_copy(&l->res, pr) == 0;
		}
	}
	if (x && x->pending > 0 && --x->pending == 0)
		round_complete(a, w, x);
	round_free(r);
	a->dirty = true;
}

/* The loop's timer: a round for each watched origin whose time has come
 * and whose last round is back. */
static long long watch_timer(app *a, long long now)
{
	origin_watch *w = current(a);
	long long next = -1;
	bool open = false;
	for (int i = 0; i < a->depth && !open; i++)
		open = view_is_sources(a->stack[i]);
	if (!open) {
		origin_watch_stop_all(a);   /* watching lasts while the screen is open */
		return -1;
	}
	for (size_t i = 0; w && i < w->n; i++) {
		watched *x = &w->items[i];
		if (!x->watching)
			continue;
		if (x->pending == 0 && now >= x->next_at) {
			x->next_at = now + (long long)interval_seconds(a) * 1000;
			if (start_round(a, w, x) < 0 && !x->watching)
				continue;
		}
		if (x->pending == 0 && (next < 0 || x->next_at < next))
			next = x->next_at;
	}
	return next;
}

/* The entry of origin o (made if new) with the watch's state in *w, or
 * NULL when there is no origin or no memory (said in the status bar). */
static watched *entry_for(app *a, const og_origin *o, origin_watch **w)
{
	if (!o) {
		app_status(a, true, "no origin under the cursor");
		return NULL;
	}
	*w = state(a);
	watched *x = *w ? find_or_add(*w, o->name) : NULL;
	if (!x)
		app_status(a, true, "out of memory");
	return x;
}

void origin_watch_probe(app *a, const og_origin *o)
{
	origin_watch *w = NULL;
	watched *x = entry_for(a, o, &w);
	if (!x)
		return;
	if (x->pending > 0) {
		app_status(a, false, "a probe of %s is still running", o->name);
		return;
	}
	if (start_round(a, w, x) == 0)
		app_status(a, false, "probing %s from %zu group%s...", o->name, o->n_groups,
		           o->n_groups == 1 ? "" : "s");
}

void origin_watch_toggle(app *a, const og_origin *o)
{
	origin_watch *w = NULL;
	watched *x = entry_for(a, o, &w);
	if (!x)
		return;
	x->watching = !x->watching;
	if (!x->watching) {
		app_status(a, false, "stopped watching %s", o->name);
		return;
	}
	x->next_at = 0;   /* the timer starts a round at once */
	app_status(a, false, "watching %s every %d s (w stops)", o->name, interval_seconds(a));
	a->dirty = true;
}

void origin_watch_stop_all(app *a)
{
	origin_watch *w = current(a);
	for (size_t i = 0; w && i < w->n; i++)
		w->items[i].watching = false;
}

bool origin_watch_on(app *a, const char *name)
{
	watched *x = name ? find(current(a), name) : NULL;
	return x && x->watching;
}

/* The certificate of the origin's probes: the first one that has one. */
static const og_probe_result *cert_of(const watched *x)
{
	for (size_t i = 0; i < x->n_lines; i++)
		if (x->lines[i].have && x->lines[i].res.has_cert)
			return &x->lines[i].res;
	return NULL;
}

#define MAX_PROBE_LINES 3

int origin_watch_rows(app *a, const og_origin *o, int height)
{
	watched *x = o ? find(current(a), o->name) : NULL;
	if (!x)
		return 0;
	size_t probes = x->n_lines < MAX_PROBE_LINES ? x->n_lines : MAX_PROBE_LINES;
	int want = 1 + (int)probes + (cert_of(x) ? 1 : 0);
	int cap = height / 4;
	return want < cap ? want : cap;
}

void origin_watch_draw(app *a, const og_origin *o, int y, int rows, int width)
{
	watched *x = o && rows > 0 ? find(current(a), o->name) : NULL;
	if (!x)
		return;
	int bottom = y + rows;
	char line[2048], strip[OG_STRIP_LEN * 4 + 1];
	const og_strip *st = og_strip_find(&current(a)->strips, x->name);
	og_strip_text(st, draw_ascii ? OG_STRIP_ASCII : OG_STRIP_UNICODE, strip, sizeof strip);
	const og_strip_sample *last = og_strip_last(st);
	snprintf(line, sizeof line, "%s  %s  %s%s", x->name,
	         x->pending > 0 && !last ? "probing..." : !last ? "" : last->up ? "UP" : "DOWN", strip,
	         x->watching ? "  (watching: w stops)" : "");
	draw_text(y++, 1, width - 1, line,
	          a->attr[!last ? ROLE_HEADER : last->up ? ROLE_ENABLED : ROLE_ERROR]);
	for (size_t i = 0; i < x->n_lines && i < MAX_PROBE_LINES && y < bottom; i++) {
		const wline *l = &x->lines[i];
		char s[160] = "probing...";
		if (l->have)
			og_probe_short(&l->res, s, sizeof s);
		snprintf(line, sizeof line, "  %-4s %s  %s -> %s  %s", !l->have ? "" : og_probe_is_up(&l->res) ? "UP" : "DOWN",
		         s, l->have && l->res.url ? l->res.url : "", l->have && l->res.connect_to ? l->res.connect_to : "",
		         l->users);
		draw_text(y++, 1, width - 1, line,
		          a->attr[!l->have ? ROLE_DIM : og_probe_is_up(&l->res) ? ROLE_NORMAL : ROLE_ERROR]);
	}
	const og_probe_result *c = cert_of(x);
	if (c && y < bottom) {
		if (c->cert_days < 0)
			snprintf(line, sizeof line, "  Certificate: %s  issuer %s  expired %d days ago", c->cert_subject,
			         c->cert_issuer ? c->cert_issuer : "?", -c->cert_days);
		else
			snprintf(line, sizeof line, "  Certificate: %s  issuer %s  expires in %d days", c->cert_subject,
			         c->cert_issuer ? c->cert_issuer : "?", c->cert_days);
		draw_text(y, 1, width - 1, line,
		          a->attr[c->cert_days < 0 ? ROLE_ERROR
		                  : c->cert_days < ORIGIN_WATCH_CERT_WARN_DAYS ? ROLE_PENDING : ROLE_NORMAL]);
	}
}
