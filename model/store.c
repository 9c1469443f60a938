/* The store: one account's groups, the filtered view, pending changes and
 * the last confirmed change. Only the UI thread touches it.
 *
 * Invariants kept by every function here:
 * - groups holds the server's data with every pending `to` applied on top
 *   (only the og_tri fields; `raw` stays the server's verbatim JSON);
 * - view holds indices < groups.n, in list order, of the groups matching
 *   filter; it is recomputed after anything that changes groups. */
#include "model/store.h"
#include "model/rules.h"

#include <stdlib.h>
#include <string.h>

void store_init(og_store *s)
{
	memset(s, 0, sizeof *s);
	s->next_change_id = 1;
}

static void pending_free_all(og_store *s)
{
	for (size_t i = 0; i < s->n_pending; i++)
		og_change_clear(&s->pending[i].change);
	free(s->pending);
	s->pending = NULL;
	s->n_pending = 0;
}

void store_free(og_store *s)
{
	if (!s)
		return;
	og_group_list_free(&s->groups);
	free(s->view);
	free(s->filter);
	pending_free_all(s);
	og_change_clear(&s->undo);
	memset(s, 0, sizeof *s);
	s->next_change_id = 1;
}

/* ---- search text -------------------------------------------------------- */

/* ASCII-only lowercase: locale-independent, and UTF-8 bytes pass unchanged. */
static char lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

static size_t hay_part(char *out, const char *s)
{
	size_t n = 0;
	if (!s)
		return 0;
	for (; s[n]; n++)
		if (out)
			out[n] = lower(s[n]);
	if (out)
		out[n] = '\n';
	return n + 1;
}

/* Two passes over the same parts: measure, then fill. */
static size_t hay_fill(const og_group *g, char *out)
{
	size_t n = 0;
	n += hay_part(out ? out + n : NULL, g->id);
	n += hay_part(out ? out + n : NULL, g->name);
	for (size_t i = 0; i < g->n_sources; i++) {
		const og_source *src = &g->sources[i];
		n += hay_part(out ? out + n : NULL, src->key);
		if (src->host && (!src->key || strcmp(src->host, src->key) != 0))
			n += hay_part(out ? out + n : NULL, src->host);
	}
	return n;
}

/* caller frees; NULL on out of memory (the group then never matches a
 * non-empty filter, which is the safe failure). */
static char *hay_build(const og_group *g)
{
	size_t n = hay_fill(g, NULL);
	char *h = malloc(n + 1);
	if (!h)
		return NULL;
	hay_fill(g, h);
	h[n] = '\0';
	return h;
}


/* ---- the view ----------------------------------------------------------- */

/* caller frees; NULL for "everything" (NULL or empty filter) or no memory. */
static char *lower_dup(const char *t)
{
	if (!t || !t[0])
		return NULL;
	char *l = strdup(t);
	if (!l)
		return NULL;
	for (char *p = l; *p; p++)
		*p = lower(*p);
	return l;
}

/* Whether the lowercase needle (nl bytes) is in part, ASCII case ignored. */
static bool part_has(const char *part, const char *needle, size_t nl)
{
	if (!part)
		return false;
	char c0 = needle[0], u0 = c0 >= 'a' && c0 <= 'z' ? (char)(c0 - 'a' + 'A') : c0;
	for (; *part; part++) {
		if (*part != c0 && *part != u0)
			continue;
		size_t k = 1;
		while (k < nl && part[k] && lower(part[k]) == needle[k])
			k++;
		if (k == nl)
			return true;
	}
	return false;
}

/* The filter's match: the needle in the group's id, name, source keys or
 * hosts, lowercased. Searched in place, part by part, rather than in a
 * lowercase copy kept per group (a megabyte for 10,000 groups); a needle
 * with a newline, which could span two parts of that joined text, is looked
 * for in it, built for the occasion. */
static bool matches(const og_store *s, size_t i, const char *needle)
{
	if (!needle)
		return true;
	const og_group *g = s->groups.items[i];
	if (strchr(needle, '\n')) {
		char *hay = hay_build(g);
		bool m = hay && strstr(hay, needle) != NULL;
		free(hay);
		return m;
	}
	size_t nl = strlen(needle);
	if (part_has(g->id, needle, nl) || part_has(g->name, needle, nl))
		return true;
	for (size_t k = 0; k < g->n_sources; k++) {
		const og_source *src = &g->sources[k];
		if (part_has(src->key, needle, nl))
			return true;
		if (src->host && src->host != src->key && (!src->key || strcmp(src->host, src->key) != 0) &&
		    part_has(src->host, needle, nl))
			return true;
	}
	return false;
}

/* Recomputes the view over every group. */
static void view_rebuild(og_store *s)
{
	free(s->view);
	s->view = NULL;
	s->n_view = 0;
	if (s->groups.n == 0)
		return;
	s->view = malloc(s->groups.n * sizeof *s->view);
	if (!s->view)
		return;
	char *needle = lower_dup(s->filter);
	if (s->filter && s->filter[0] && !needle)
		return; /* out of memory: show nothing rather than a wrong list */
	for (size_t i = 0; i < s->groups.n; i++)
		if (matches(s, i, needle))
			s->view[s->n_view++] = i;
	free(needle);
}

void store_set_filter(og_store *s, const char *text)
{
	char *old = lower_dup(s->filter);
	char *needle = lower_dup(text);
	char *copy = text && text[0] ? strdup(text) : NULL;
	if ((text && text[0] && (!needle || !copy)) || (s->filter && s->filter[0] && !old)) {
		/* Out of memory: keep the previous filter and view. */
		free(old);
		free(needle);
		free(copy);
		return;
	}
	free(s->filter);
	s->filter = copy;

	/* Every group matching a text that contains the old filter also matches
	 * the old one, so typing one more character only narrows the current
	 * view: filter it in place instead of scanning every group. */
	if (needle && old && strstr(needle, old) && s->view) {
		size_t n = 0;
		for (size_t k = 0; k < s->n_view; k++)
			if (matches(s, s->view[k], needle))
				s->view[n++] = s->view[k];
		s->n_view = n;
	} else {
		view_rebuild(s);
	}
	free(old);
	free(needle);
}

size_t store_view_count(const og_store *s)
{
	return s->n_view;
}

og_group *store_view_at(const og_store *s, size_t i)
{
	if (i >= s->n_view || s->view[i] >= s->groups.n)
		return NULL;
	return s->groups.items[s->view[i]];
}

long store_view_index(const og_store *s, const char *group_id)
{
	if (!group_id)
		return -1;
	for (size_t k = 0; k < s->n_view; k++) {
		const og_group *g = s->groups.items[s->view[k]];
		if (g->id && strcmp(g->id, group_id) == 0)
			return (long)k;
	}
	return -1;
}

static long group_index(const og_store *s, const char *group_id)
{
	if (!group_id)
		return -1;
	for (size_t i = 0; i < s->groups.n; i++) {
		const og_group *g = s->groups.items[i];
		if (g->id && strcmp(g->id, group_id) == 0)
			return (long)i;
	}
	return -1;
}

og_group *store_find(const og_store *s, const char *group_id)
{
	long i = group_index(s, group_id);
	return i < 0 ? NULL : s->groups.items[i];
}

/* ---- pending changes ---------------------------------------------------- */

/* The flag a change points at in the current groups, or NULL when the group
 * or the source is gone. */
static og_tri *change_target(const og_store *s, const og_change *c)
{
	og_group *g = store_find(s, c->group_id);
	if (!g)
		return NULL;
	long k = og_group_find_source(g, c->source_key);
	if (k < 0)
		return NULL;
	return og_source_flag(&g->sources[k], c->field);
}

/* ---- moves in the failover order (OG_FIELD_ORDER) ------------------------
 * A move swaps two rows of one protocol's list: the moved source takes
 * order_to and the source that held order_to takes order_from. Nothing but
 * the change is recorded: the peer is found again from the orders, so a
 * group replaced by a refresh gets the same swap applied on top. */

/* The protocol whose list a move changes: the change's for a "match"
 * source ("http" when NULL), else the source's own (NULL: none given). */
static const char *move_proto(const og_source *src, const og_change *c)
{
	return rules_move_list(src, c->protocol);
}

/* The order cell of `src` in `proto` (NULL: a source that names no
 * protocol, whose only order it is). */
static int *order_slot(og_source *src, const char *proto)
{
	return proto ? rules_order_cell(src, proto) : &src->order;
}

static bool serves_proto(const og_source *src, const char *proto)
{
	return proto ? rules_serves(src, proto) : !src->protocol;
}

/* The index of the source other than `skip` whose order in proto is `at`. */
static long order_holder(og_group *g, const char *proto, long skip, int at)
{
	for (size_t i = 0; i < g->n_sources; i++) {
		if ((long)i == skip || !serves_proto(&g->sources[i], proto))
			continue;
		int *o = order_slot(&g->sources[i], proto);
		if (o && *o == at)
			return (long)i;
	}
	return -1;
}

/* Swaps the row at `from` (source k) with the one at `to`, when source k is
 * at `from`; false when it is not (already moved, or changed meanwhile). */
static bool order_swap(og_group *g, long k, const char *proto, int from, int to)
{
	int *mine = order_slot(&g->sources[k], proto);
	if (!mine || *mine != from)
		return false;
	long peer = order_holder(g, proto, k, to);
	if (peer >= 0) {
		int *theirs = order_slot(&g->sources[peer], proto);
		if (theirs)
			*theirs = from;
	}
	*mine = to;
	return true;
}

/* Applies (forward) or reverts a move; false when the rows are not where
 * it expects them. */
static bool move_apply(const og_store *s, const og_change *c, bool forward)
{
	og_group *g = store_find(s, c->group_id);
	long k = g ? og_group_find_source(g, c->source_key) : -1;
	if (k < 0)
		return false;
	const char *proto = move_proto(&g->sources[k], c);
	return forward ? order_swap(g, k, proto, c->order_from, c->order_to)
	               : order_swap(g, k, proto, c->order_to, c->order_from);
}

/* Whether a pending move shows on source `key` (the moved one or its peer). */
static bool move_touches(const og_store *s, const og_change *c, const char *key)
{
	if (strcmp(c->source_key, key) == 0)
		return true;
	og_group *g = store_find(s, c->group_id);
	long k = g ? og_group_find_source(g, c->source_key) : -1;
	if (k < 0)
		return false;
	const char *proto = move_proto(&g->sources[k], c);
	int *mine = order_slot(&g->sources[k], proto);
	if (!mine || *mine != c->order_to)
		return false;
	long peer = order_holder(g, proto, k, c->order_from);
	return peer >= 0 && g->sources[peer].key && strcmp(g->sources[peer].key, key) == 0;
}

/* Puts every pending `to` on top of group g (NULL: every group). */
static void pending_apply(og_store *s, const og_group *only)
{
	for (size_t i = 0; i < s->n_pending; i++) {
		const og_change *c = &s->pending[i].change;
		if (only && (!only->id || !c->group_id || strcmp(only->id, c->group_id) != 0))
			continue;
		if (c->field == OG_FIELD_ORDER) {
			move_apply(s, c, true);
			continue;
		}
		og_tri *t = change_target(s, c);
		if (t)
			*t = c->to;
	}
}

static long pending_index(const og_store *s, uint64_t id)
{
	for (size_t i = 0; i < s->n_pending; i++)
		if (s->pending[i].id == id)
			return (long)i;
	return -1;
}

static void pending_remove(og_store *s, size_t i)
{
	og_change_clear(&s->pending[i].change);
	memmove(&s->pending[i], &s->pending[i + 1],
	        (s->n_pending - i - 1) * sizeof *s->pending);
	s->n_pending--;
}

const og_pending *store_pending_find(const og_store *s, uint64_t id)
{
	long i = pending_index(s, id);
	return i < 0 ? NULL : &s->pending[i];
}

bool store_is_pending(const og_store *s, const char *group_id,
                      const char *source_key, og_field f)
{
	if (!group_id || !source_key)
		return false;
	for (size_t i = 0; i < s->n_pending; i++) {
		const og_change *c = &s->pending[i].change;
		if (c->field != f || !c->group_id || !c->source_key ||
		    strcmp(c->group_id, group_id) != 0)
			continue;
		if (f == OG_FIELD_ORDER ? move_touches(s, c, source_key)
		                        : strcmp(c->source_key, source_key) == 0)
			return true;
	}
	return false;
}

/* Whether group_id has a move pending: one move at a time per group, as
 * each is computed from the orders the previous one left. */
static bool move_pending_in(const og_store *s, const char *group_id)
{
	for (size_t i = 0; i < s->n_pending; i++) {
		const og_change *c = &s->pending[i].change;
		if (c->field == OG_FIELD_ORDER && c->group_id && strcmp(c->group_id, group_id) == 0)
			return true;
	}
	return false;
}

/* A copy of c appended to the pending changes under a new id (0 means
 * "refused", so ids start at 1, in a store never initialised too); NULL
 * when memory ran out (nothing changed then). */
static og_pending *push_pending(og_store *s, const og_change *c, bool is_undo)
{
	og_pending *p = realloc(s->pending, (s->n_pending + 1) * sizeof *p);
	if (!p)
		return NULL;
	s->pending = p;
	og_pending *e = &s->pending[s->n_pending];
	if (og_change_copy(&e->change, c) < 0)
		return NULL;
	if (s->next_change_id == 0)
		s->next_change_id = 1;
	e->id = s->next_change_id++;
	e->is_undo = is_undo;
	s->n_pending++;
	s->changes++;
	return e;
}

static uint64_t begin_move(og_store *s, const og_change *c, bool is_undo)
{
	og_group *g = store_find(s, c->group_id);
	long k = g ? og_group_find_source(g, c->source_key) : -1;
	if (k < 0 || move_pending_in(s, c->group_id) || c->order_from == c->order_to ||
	    c->order_from < 0 || c->order_to < 0)
		return 0;
	int *mine = order_slot(&g->sources[k], move_proto(&g->sources[k], c));
	if (!mine || *mine != c->order_from)
		return 0;
	og_pending *e = push_pending(s, c, is_undo);
	if (!e)
		return 0;
	move_apply(s, &e->change, true);
	return e->id;
}

size_t store_pending_count(const og_store *s)
{
	return s->n_pending;
}

uint64_t store_begin_change(og_store *s, const og_change *c, bool is_undo)
{
	if (!c || !c->group_id || !c->source_key)
		return 0;
	if (c->field == OG_FIELD_ORDER)
		return begin_move(s, c, is_undo);
	og_tri *t = change_target(s, c);
	if (!t || store_is_pending(s, c->group_id, c->source_key, c->field))
		return 0;
	og_pending *e = push_pending(s, c, is_undo);
	if (!e)
		return 0;
	/* `from` is what the row showed, so a revert restores exactly that. */
	e->change.from = *t;
	*t = c->to;
	return e->id;
}

void store_confirm(og_store *s, uint64_t id, og_group *fresh)
{
	s->changes++;
	long i = pending_index(s, id);
	if (i >= 0) {
		og_pending *p = &s->pending[i];
		og_change_clear(&s->undo);
		s->has_undo = false;
		/* Undoing an undo is not offered: a confirmed undo leaves nothing
		 * to undo, so `u` never flips a flag back and forth. */
		if (!p->is_undo) {
			s->undo = p->change; /* moves the strings */
			memset(&p->change, 0, sizeof p->change);
			s->has_undo = true;
		}
		pending_remove(s, (size_t)i);
	}
	if (fresh)
		store_replace_group(s, fresh);
}

void store_revert(og_store *s, uint64_t id)
{
	long i = pending_index(s, id);
	if (i < 0)
		return;
	s->changes++;
	if (s->pending[i].change.field == OG_FIELD_ORDER) {
		move_apply(s, &s->pending[i].change, false);
	} else {
		og_tri *t = change_target(s, &s->pending[i].change);
		if (t)
			*t = s->pending[i].change.from;
	}
	pending_remove(s, (size_t)i);
}

bool store_undo_change(const og_store *s, og_change *out)
{
	if (!s->has_undo)
		return false;
	if (og_change_copy(out, &s->undo) < 0)
		return false;
	out->from = s->undo.to;
	out->to = s->undo.from;
	out->order_from = s->undo.order_to;
	out->order_to = s->undo.order_from;
	return true;
}

/* ---- replacing data ----------------------------------------------------- */

void store_replace_all(og_store *s, og_group_list *l)
{
	if (!l)
		return;
	og_group_list_free(&s->groups);
	s->groups = *l;
	l->items = NULL;
	l->n = 0;
	l->cap = 0;
	s->loaded = true;
	s->changes++;
	pending_apply(s, NULL);
	view_rebuild(s);
}

void store_replace_group(og_store *s, og_group *g)
{
	if (!g)
		return;
	s->changes++;
	long i = group_index(s, g->id);
	if (i >= 0) {
		og_group_free(s->groups.items[i]);
		s->groups.items[i] = g;
	} else {
		if (og_group_list_push(&s->groups, g) < 0)
			return;   /* push freed g: the store is as it was */
	}
	pending_apply(s, g);
	view_rebuild(s);
}

bool store_group_has_pending(const og_store *s, const char *group_id)
{
	for (size_t i = 0; group_id && i < s->n_pending; i++)
		if (s->pending[i].change.group_id && strcmp(s->pending[i].change.group_id, group_id) == 0)
			return true;
	return false;
}

void store_remove_group(og_store *s, const char *group_id)
{
	long i = group_index(s, group_id);
	if (i < 0)
		return;
	s->changes++;
	/* its pending changes can never be confirmed now */
	for (size_t k = s->n_pending; k-- > 0;)
		if (s->pending[k].change.group_id && strcmp(s->pending[k].change.group_id, group_id) == 0)
			pending_remove(s, k);
	if (s->has_undo && s->undo.group_id && strcmp(s->undo.group_id, group_id) == 0) {
		og_change_clear(&s->undo);
		s->has_undo = false;
	}
	og_group_free(s->groups.items[i]);
	memmove(&s->groups.items[i], &s->groups.items[i + 1],
	        (s->groups.n - (size_t)i - 1) * sizeof *s->groups.items);
	s->groups.n--;
	view_rebuild(s);
}
