/* The sources pivot kept in step with the stores (tui/pivot.h). */
#include "tui/pivot.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/probe.h"
#include "tui/views/group.h"

void pivot_stale(pivot *p)
{
	p->built = false;
}

void pivot_free(pivot *p)
{
	origins_free(&p->o);
	free(p->seen);
	free(p->loaded);
	p->seen = NULL;
	p->loaded = NULL;
	p->n = 0;
	p->built = false;
}

static bool changed(app *a, const pivot *p)
{
	if (!p->built || p->n != a->n_accounts)
		return true;
	for (size_t i = 0; i < a->n_accounts; i++)
		if (p->seen[i] != a->accounts[i].store.changes ||
		    p->loaded[i] != a->accounts[i].store.loaded)
			return true;
	return false;
}

bool pivot_sync(app *a, pivot *p)
{
	if (!changed(a, p))
		return false;
	size_t n = a->n_accounts;
	if (p->n != n) {
		free(p->seen);
		free(p->loaded);
		p->seen = calloc(n ? n : 1, sizeof *p->seen);
		p->loaded = calloc(n ? n : 1, sizeof *p->loaded);
		p->n = p->seen && p->loaded ? n : 0;
		if (!p->n && n) {
			origins_free(&p->o);
			p->built = false;
			app_status(a, true, "out of memory");
			return true;
		}
	}
	og_origins_account *acc = calloc(n ? n : 1, sizeof *acc);
	origins_free(&p->o);
	p->built = false;
	if (!acc) {
		app_status(a, true, "out of memory");
		return true;
	}
	for (size_t i = 0; i < n; i++) {
		acc[i].groups = a->accounts[i].store.loaded ? &a->accounts[i].store.groups : NULL;
		p->seen[i] = a->accounts[i].store.changes;
		p->loaded[i] = a->accounts[i].store.loaded;
	}
	int rc = origins_build(&p->o, acc, n);
	free(acc);
	/* origins_build leaves every origin by name: sorted again only when
	 * the screen asks for more */
	bool again = p->filter[0] || p->sort != ORIGINS_BY_NAME;
	if (rc != 0 || (again && origins_set_view(&p->o, p->filter, p->sort) != 0)) {
		origins_free(&p->o);
		app_status(a, true, "out of memory");
		return true;
	}
	p->built = true;
	pivot_view_changed(p);
	return true;
}

void pivot_view_changed(pivot *p)
{
	p->name_width = -1;
}

const og_origin *pivot_find(app *a, pivot *p, const char *name)
{
	pivot_sync(a, p);
	return name ? origins_find(&p->o, name) : NULL;
}

void pivot_caps(app *a, const og_caps **out)
{
	for (size_t i = 0; i < a->n_accounts; i++)
		out[i] = a->accounts[i].net ? net_account_caps(a->accounts[i].net) : NULL;
}

bool pivot_open_group(app *a, size_t account, const char *group_id, const char *source_key)
{
	const og_group *g = account < a->n_accounts && group_id ?
	                    store_find(&a->accounts[account].store, group_id) : NULL;
	if (!g) {
		app_status(a, true, "group %s is no longer in the list (r reads it again)",
		           group_id ? group_id : "");
		return false;
	}
	view *v = view_group_new(account, group_id);
	if (!v) {
		app_status(a, true, "out of memory");
		return false;
	}
	long at = og_group_find_source(g, source_key ? source_key : "");
	v->cursor = at >= 0 ? (size_t)at : 0;   /* on the origin's own row */
	app_push(a, v);
	return true;
}

const char *pivot_account_name(app *a, size_t account)
{
	const char *n = account < a->n_accounts ? a->accounts[account].cfg->name : NULL;
	return n ? n : "";
}

void pivot_last_probe(app *a, const og_origin *o, char *buf, size_t n)
{
	if (n)
		buf[0] = '\0';
	for (size_t i = 0; i < o->n_uses; i++) {
		const og_origin_use *u = &o->uses[i];
		const og_source *s = &u->group->sources[u->source];
		const og_probe_result *r = og_probe_book_find(&a->accounts[u->account].probes,
		                                              u->group->id, s->key);
		if (r) {
			og_probe_short(r, buf, n);
			return;
		}
	}
}
