/* What to probe for an origin or a group (see probe_targets.h). */
#include "model/probe_targets.h"
#include "model/og_grow.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Host names compare case-insensitively (DNS, SNI and Host do), so
 * "O.example.com" in one group and "o.example.com" in another are one probe. */
static bool same_plan(const og_probe_plan *a, const og_probe_plan *b)
{
	return strcasecmp(a->url, b->url) == 0 && strcasecmp(a->connect_host, b->connect_host) == 0 &&
	       a->connect_port == b->connect_port && strcasecmp(a->sni, b->sni) == 0 &&
	       strcasecmp(a->host_header, b->host_header) == 0 && a->tls == b->tls &&
	       a->http_fallback == b->http_fallback;
}

static int add_user(og_probe_target *x, size_t account, const og_group *g, size_t source)
{
	for (size_t i = 0; i < x->n_users; i++)
		if (x->users[i].account == account && x->users[i].group == g)
			return 0;   /* one group using the origin twice sends it once */
	og_probe_user *u = realloc(x->users, (x->n_users + 1) * sizeof *u);
	if (!u)
		return -1;
	x->users = u;
	x->users[x->n_users++] = (og_probe_user){ account, g, source };
	return 0;
}

int probe_targets_add(og_probe_targets *t, size_t account, const og_group *g, size_t source)
{
	if (!t || !g || source >= g->n_sources)
		return -1;
	const og_source *s = &g->sources[source];
	og_probe_plan plan;
	char why[sizeof t->why];
	if (og_probe_plan_for(s, &plan, why, sizeof why) < 0) {
		t->n_unprobeable++;
		snprintf(t->why, sizeof t->why, "%s", why);
		return 0;
	}
	char name[ORIGIN_NAME_MAX];
	origin_name_of(s, name, sizeof name);
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->items[i].origin, name) == 0 && same_plan(&t->items[i].plan, &plan))
			return add_user(&t->items[i], account, g, source);
	og_probe_target *items = og_grow(t->items, &t->cap, t->n, sizeof *items, 8);
	if (!items)
		return -1;
	t->items = items;
	og_probe_target *x = &t->items[t->n];
	memset(x, 0, sizeof *x);
	snprintf(x->origin, sizeof x->origin, "%s", name);
	x->plan = plan;
	x->account = account;
	x->source = s;
	if (add_user(x, account, g, source) < 0)
		return -1;
	t->n++;
	return 0;
}

int probe_targets_of_origin(og_probe_targets *t, const og_origin *o)
{
	if (!o)
		return -1;
	for (size_t i = 0; i < o->n_uses; i++)
		if (probe_targets_add(t, o->uses[i].account, o->uses[i].group, o->uses[i].source) < 0)
			return -1;
	return 0;
}

void probe_targets_free(og_probe_targets *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->n; i++)
		free(t->items[i].users);
	free(t->items);
	memset(t, 0, sizeof *t);
}
