/* The synchronous operations of `origo list` and `origo show`: the same
 * adapter calls the worker makes, on the caller's thread. */
#include "net/sync.h"
#include "net/arena_huge.h"
#include "net/json.h"
#include "net/provider.h"

#include <ctype.h>
#include <stdint.h>
#include <string.h>

int net_list_groups(net_account *a, og_group_list *out, og_error *err)
{
	out->items = NULL;
	out->n = 0;
	net_call c = { .acct = a, .http = &a->sync_http };
	return a->prov->list(&c, out, err);
}

/* A list only shown, handed to c's sink or text as it comes: adapters
 * that do not page hand everything over at the end. */
static int list_shown(net_call *c, og_error *err)
{
	og_group_list rest = { 0 };
	int rc = c->acct->prov->list(c, &rest, err);
	if (rc == 0)
		rc = net_call_flush(c, &rest, err);
	og_group_list_free(&rest);
	return rc;
}

int net_list_groups_each(net_account *a, net_group_sink sink, void *ctx, og_error *err)
{
	/* the groups go to a sink that shows them: no write follows */
	net_call c = { .acct = a, .http = &a->sync_http, .sink = sink, .sink_ctx = ctx,
	               .shown_only = true };
	return list_shown(&c, err);
}

int net_list_groups_text(net_account *a, net_group_text text, const char *sep, og_pieces *out,
                         og_error *err)
{
	/* shown only, as for the sink of net_list_groups_each */
	net_call c = { .acct = a, .http = &a->sync_http, .text = text, .text_sep = sep,
	               .text_out = out, .shown_only = true };
	/* the pages arrive in this thread's memory and their text stays there
	 * until the whole list is in: megabytes, in huge pages if they can be had */
	arena_huge();
	return list_shown(&c, err);
}

/* Groups written before a page's text is sized from their average. */
#define TEXT_SAMPLE 16

int net_call_text(const net_call *c, og_group_list *l, og_text *t, og_error *err)
{
	size_t sep = strlen(c->text_sep);
	size_t start = t->len;
	int rc = 0;
	for (size_t i = 0; i < l->n; i++) {
		og_group *g = l->items[i];
		l->items[i] = NULL;
		/* Once a few groups are in, room for the rest at their average
		 * size, in one step: a page's text (400 KiB for 1,000 groups)
		 * is then not copied by realloc as it doubles from 4 KiB (a
		 * text with room enough keeps it); if the guess falls short the
		 * text doubles as before; if the room cannot be had, it grows
		 * as it goes (and fails there). */
		if (rc == 0 && i == TEXT_SAMPLE && l->n > 2 * TEXT_SAMPLE) {
			size_t avg = (t->len - start) / TEXT_SAMPLE + 1;
			size_t rest = l->n - TEXT_SAMPLE;
			if (avg <= SIZE_MAX / 2 / rest)
				(void)og_text_reserve(t, avg * rest);
		}
		/* a separator before every group: the first of the list skips it */
		if (rc == 0 && (og_text_add(t, c->text_sep, sep) < 0 || c->text(t, g) < 0))
			rc = -1;
		og_group_free(g);
	}
	l->n = 0;
	if (rc < 0)
		og_error_set(err, OG_ERR_INTERNAL, "out of memory");
	return rc;
}

int net_call_text_append(net_call *c, og_text *t, size_t n, og_error *err)
{
	if (n == 0)
		return 0;
	if (og_pieces_add(c->text_out, t, c->text_groups ? 0 : strlen(c->text_sep)) < 0) {
		og_error_set(err, OG_ERR_INTERNAL, "out of memory");
		return -1;
	}
	c->text_groups += n;
	return 0;
}

int net_call_flush(net_call *c, og_group_list *l, og_error *err)
{
	if (c->text) {
		og_text t = { 0 };
		size_t n = l->n;
		int rc = net_call_text(c, l, &t, err);
		if (rc == 0)
			rc = net_call_text_append(c, &t, n, err);
		og_text_free(&t);
		return rc;
	}
	if (!c->sink)
		return 0;
	int rc = 0;
	for (size_t i = 0; i < l->n; i++) {
		og_group *g = l->items[i];
		l->items[i] = NULL;
		if (rc == 0)
			rc = c->sink(c->sink_ctx, g, err);
		else
			og_group_free(g);
	}
	l->n = 0;
	return rc;
}

int net_get_group(net_account *a, const char *id_or_name, og_group **out, og_error *err)
{
	*out = NULL;
	if (!id_or_name)
		id_or_name = "";
	net_call c = { .acct = a, .http = &a->sync_http };
	if (json_digits(id_or_name, 19)) {
		if (a->prov->get(&c, id_or_name, out, err) == 0)
			return 0;
		if (err->kind != OG_ERR_NOTFOUND)
			return -1;
		/* a group may be named with digits only: look for the name too */
	}
	og_group_list l;
	if (a->prov->list(&c, &l, err) < 0)
		return -1;
	for (size_t i = 0; i < l.n; i++) {
		if (l.items[i]->name && strcmp(l.items[i]->name, id_or_name) == 0) {
			*out = l.items[i];
			l.items[i] = l.items[--l.n];
			og_group_list_free(&l);
			og_error_clear(err);
			return 0;
		}
	}
	og_group_list_free(&l);
	og_error_set(err, OG_ERR_NOTFOUND, "no group \"%s\" in account \"%s\"", id_or_name, a->name);
	return -1;
}
