/* A bulk action of incident mode: the plan, the outcomes, the texts and the
 * undo of one flag of one origin set in every group that uses it. */
#include "model/batch.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/rules.h"

/* The value a flag has for the rules when the provider gives none (as in
 * rules.h): absent enabled counts as enabled, absent backup as not backup. */
static og_tri effective(og_field field, og_tri v)
{
	if (v != OG_ABSENT)
		return v;
	return field == OG_FIELD_ENABLED ? OG_YES : OG_NO;
}

static const og_caps *caps_of(const og_caps *const *caps, size_t account)
{
	return caps ? caps[account] : NULL;
}

static void item_clear(batch_item *it)
{
	free(it->group_name);
	og_change_clear(&it->change);
	free(it->reason);
	memset(it, 0, sizeof *it);
}

void batch_free(og_batch *b)
{
	if (!b)
		return;
	for (size_t i = 0; i < b->n; i++)
		item_clear(&b->items[i]);
	free(b->items);
	free(b->origin);
	memset(b, 0, sizeof *b);
}

static int set_reason(batch_item *it, const char *why)
{
	free(it->reason);
	it->reason = NULL;
	if (!why)
		return 0;
	it->reason = strdup(why);
	return it->reason ? 0 : -1;
}

/* A group using the origin twice (two of its sources) must be checked as the
 * batch leaves it: disabling both of its two active sources passes the guard
 * one source at a time but leaves none. The check runs on a shallow copy of
 * the group whose sources carry the flags of the items already planned in
 * it; the copy shares every string with the group and is never freed as a
 * group. */
typedef struct scratch {
	const og_group *of;        /* the group the copy is of, NULL: none */
	size_t account;
	og_group g;
	og_source *sources;        /* owned array of shallow copies */
} scratch;

static int scratch_for(scratch *s, size_t account, const og_group *g)
{
	if (s->of == g && s->account == account)
		return 0;
	free(s->sources);
	memset(s, 0, sizeof *s);
	s->sources = g->n_sources ? malloc(g->n_sources * sizeof *s->sources) : NULL;
	if (g->n_sources && !s->sources)
		return -1;
	if (g->n_sources)
		memcpy(s->sources, g->sources, g->n_sources * sizeof *s->sources);
	s->g = *g;
	s->g.sources = s->sources;
	s->of = g;
	s->account = account;
	return 0;
}

/* The plan's item for one use: skipped, already, refused or waiting. */
static int plan_item(batch_item *it, scratch *sc, const og_origin_use *u,
                     const og_caps *caps, og_field field, og_tri to)
{
	const og_group *g = u->group;
	const og_source *s = &g->sources[u->source];
	it->account = u->account;
	const char *gname = g->name && g->name[0] ? g->name : (g->id ? g->id : "");
	it->group_name = strdup(gname);
	it->change.group_id = strdup(g->id ? g->id : "");
	it->change.source_key = strdup(s->key ? s->key : "");
	if (!it->group_name || !it->change.group_id || !it->change.source_key)
		return -1;
	it->change.field = field;
	it->change.from = og_source_flag_get(s, field);
	it->change.to = to;
	it->change.order_from = it->change.order_to = -1;

	const char *why = og_caps_why_not(caps, field);
	if (why) {
		it->outcome = BATCH_SKIPPED;
		return set_reason(it, why);
	}
	if (effective(field, it->change.from) == to) {
		it->outcome = BATCH_ALREADY;
		return 0;
	}
	if (scratch_for(sc, u->account, g) < 0)
		return -1;
	og_error err = { 0 };
	if (rules_check_flag_change(&sc->g, caps, s->key, field, to, &err) < 0) {
		it->outcome = BATCH_REFUSED;
		return set_reason(it, err.msg);
	}
	/* later uses of this group see this one as done */
	og_tri *flag = og_source_flag(&sc->sources[u->source], field);
	if (flag)
		*flag = to;
	it->outcome = BATCH_WAITING;
	return 0;
}

int batch_plan(og_batch *b, const og_origin *origin, const og_caps *const *caps,
               og_field field, og_tri to)
{
	memset(b, 0, sizeof *b);
	b->field = field;
	b->to = to;
	b->origin = strdup(origin->name ? origin->name : "");
	if (!b->origin)
		return -1;
	if (origin->n_uses) {
		b->items = calloc(origin->n_uses, sizeof *b->items);
		if (!b->items) {
			batch_free(b);
			return -1;
		}
	}
	scratch sc = { 0 };
	int rc = 0;
	for (size_t i = 0; i < origin->n_uses && rc == 0; i++) {
		const og_origin_use *u = &origin->uses[i];
		b->n = i + 1;
		rc = plan_item(&b->items[i], &sc, u, caps_of(caps, u->account), field, to);
	}
	free(sc.sources);
	if (rc < 0) {
		batch_free(b);
		b->field = field;
		b->to = to;
	}
	return rc;
}

batch_item *batch_find_tag(og_batch *b, uint64_t tag)
{
	if (!b || tag == 0)
		return NULL;
	for (size_t i = 0; i < b->n; i++)
		if (b->items[i].tag == tag)
			return &b->items[i];
	return NULL;
}

/* Whether g, as the server holds it, shows the item's change. */
static bool shows_change(const og_group *g, const og_change *c)
{
	long i = og_group_find_source(g, c->source_key ? c->source_key : "");
	return i >= 0 && effective(c->field, og_source_flag_get(&g->sources[i], c->field)) ==
	                 effective(c->field, c->to);
}

/* The reason of a write whose answer was lost but whose group, read
 * again, does not show the change: the cause (without the worker's advice
 * that the change may or may not have been applied: the read settled
 * that) and what the read showed. */
static int set_not_applied(batch_item *it, const char *msg)
{
	static const char advice[] = "; the change may or may not have been applied";
	const char *cut = strstr(msg, advice);
	int len = cut ? (int)(cut - msg) : (int)strlen(msg);
	char why[sizeof ((og_error *)0)->msg + 80];
	snprintf(why, sizeof why, "%.*s; read again, the server does not show the change: not applied",
	         len, msg);
	return set_reason(it, why);
}

void batch_record_after(batch_item *it, int status, const og_error *err, const og_group *after)
{
	if (!it)
		return;
	if (status == 0) {
		it->outcome = BATCH_APPLIED;
		/* a note on a success: the answer was lost, the server showed it */
		set_reason(it, err && err->msg[0] ? err->msg : NULL);
		return;
	}
	if (!err)
		it->outcome = BATCH_FAILED;
	else if (err->kind == OG_ERR_CONFLICT)
		it->outcome = BATCH_CONFLICT;
	else if (err->kind == OG_ERR_REFUSED)
		it->outcome = BATCH_REFUSED;
	else if (err->maybe_applied && after && !shows_change(after, &it->change)) {
		/* the answer was lost, but the group was read again: not applied */
		it->outcome = BATCH_FAILED;
		(void)set_not_applied(it, err->msg);
		return;
	} else if (err->maybe_applied)
		it->outcome = BATCH_UNKNOWN;
	else
		it->outcome = BATCH_FAILED;
	const char *why = err && err->msg[0] ? err->msg : batch_outcome_word(it->outcome);
	/* out of memory leaves no reason; the outcome still says what happened */
	(void)set_reason(it, why);
}

void batch_record(batch_item *it, int status, const og_error *err)
{
	batch_record_after(it, status, err, NULL);
}

/* Whether an item is (or was) to be written: not skipped, not already so,
 * not refused by the plan (a refusal of the fresh read has a tag). */
static bool to_write(const batch_item *it)
{
	switch (it->outcome) {
	case BATCH_SKIPPED:
	case BATCH_ALREADY:
		return false;
	case BATCH_REFUSED:
		return it->tag != 0;
	default:
		return true;
	}
}

static int cmp_group(const void *a, const void *b)
{
	const batch_item *x = *(const batch_item *const *)a, *y = *(const batch_item *const *)b;
	if (x->account != y->account)
		return x->account < y->account ? -1 : 1;
	return strcmp(x->change.group_id, y->change.group_id);
}

/* Distinct groups and accounts among the items `keep` accepts. */
static void count_distinct(const og_batch *b, bool (*keep)(const batch_item *),
                           size_t *groups, size_t *accounts)
{
	*groups = *accounts = 0;
	const batch_item **v = b->n ? malloc(b->n * sizeof *v) : NULL;
	size_t n = 0;
	if (b->n && !v) {
		/* out of memory: an upper bound rather than nothing */
		for (size_t i = 0; i < b->n; i++)
			if (!keep || keep(&b->items[i]))
				n++;
		*groups = *accounts = n;
		return;
	}
	for (size_t i = 0; i < b->n; i++)
		if (!keep || keep(&b->items[i]))
			v[n++] = &b->items[i];
	qsort(v, n, sizeof *v, cmp_group);
	for (size_t i = 0; i < n; i++) {
		if (i == 0 || cmp_group(&v[i - 1], &v[i]) != 0)
			(*groups)++;
		if (i == 0 || v[i - 1]->account != v[i]->account)
			(*accounts)++;
	}
	free(v);
}

void batch_count(const og_batch *b, batch_counts *c)
{
	memset(c, 0, sizeof *c);
	for (size_t i = 0; i < b->n; i++)
		c->by[b->items[i].outcome]++;
	count_distinct(b, to_write, &c->groups_to_write, &c->accounts_to_write);
	count_distinct(b, NULL, &c->groups, &c->accounts);
}

bool batch_done(const og_batch *b)
{
	for (size_t i = 0; i < b->n; i++) {
		const batch_item *it = &b->items[i];
		if (it->outcome == BATCH_RUNNING || (it->tag && it->outcome == BATCH_WAITING))
			return false;
	}
	return true;
}

const char *batch_outcome_word(batch_outcome o)
{
	switch (o) {
	case BATCH_WAITING: return "waiting";
	case BATCH_RUNNING: return "running";
	case BATCH_APPLIED: return "applied";
	case BATCH_ALREADY: return "already";
	case BATCH_SKIPPED: return "skipped";
	case BATCH_REFUSED: return "refused";
	case BATCH_CONFLICT: return "conflict";
	case BATCH_FAILED: return "failed";
	case BATCH_UNKNOWN: return "may have been applied";
	}
	return "?";
}

/* The action as a verb: "Disable" / "disabled", ... */
static const char *verb(const og_batch *b, bool past)
{
	if (b->field == OG_FIELD_BACKUP)
		return b->to == OG_YES ? (past ? "made backup" : "Make backup")
		                       : (past ? "backup cleared" : "Clear backup");
	return b->to == OG_NO ? (past ? "disabled" : "Disable")
	                      : (past ? "enabled" : "Enable");
}

static const char *plural(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

/* Appends "N word" to a list being written into out at *len. */
static void append_count(char *out, size_t n, size_t *len, bool *first, size_t count,
                         const char *word)
{
	if (!count || *len >= n)
		return;
	int w = snprintf(out + *len, n - *len, "%s%zu %s", *first ? "" : ", ", count, word);
	if (w > 0)
		*len += (size_t)w < n - *len ? (size_t)w : n - *len - 1;
	*first = false;
}

/* "1 already, 1 skipped, 1 refused" (only the non-zero ones) into out. */
static void not_written(const batch_counts *c, char *out, size_t n)
{
	size_t len = 0;
	bool first = true;
	out[0] = '\0';
	append_count(out, n, &len, &first, c->by[BATCH_ALREADY], "already");
	append_count(out, n, &len, &first, c->by[BATCH_SKIPPED], "skipped");
	append_count(out, n, &len, &first, c->by[BATCH_REFUSED], "refused");
}

void batch_question(const og_batch *b, char *out, size_t n)
{
	if (!out || !n)
		return;
	batch_counts c;
	batch_count(b, &c);
	char rest[128];
	not_written(&c, rest, sizeof rest);
	if (c.groups_to_write == 0) {
		snprintf(out, n, "Nothing to change for %s%s%s%s", b->origin ? b->origin : "",
		         rest[0] ? " (" : "", rest, rest[0] ? ")" : "");
		return;
	}
	snprintf(out, n, "%s %s in %zu %s on %zu %s%s%s%s? (y/n)", verb(b, false),
	         b->origin ? b->origin : "", c.groups_to_write,
	         plural(c.groups_to_write, "group", "groups"), c.accounts_to_write,
	         plural(c.accounts_to_write, "account", "accounts"),
	         rest[0] ? " (" : "", rest, rest[0] ? ")" : "");
}

static bool is_applied(const batch_item *it)
{
	return it->outcome == BATCH_APPLIED;
}

void batch_progress(const og_batch *b, char *out, size_t n)
{
	if (!out || !n)
		return;
	batch_counts c;
	batch_count(b, &c);
	size_t applied, accounts;
	count_distinct(b, is_applied, &applied, &accounts);
	int w = snprintf(out, n, "%s in %zu/%zu %s", verb(b, true), applied, c.groups_to_write,
	                 plural(c.groups_to_write, "group", "groups"));
	if (w < 0 || (size_t)w >= n)
		return;
	size_t len = (size_t)w;
	bool first = true;
	char tail[128];
	size_t tl = 0;
	tail[0] = '\0';
	append_count(tail, sizeof tail, &tl, &first, c.by[BATCH_CONFLICT], "conflict");
	append_count(tail, sizeof tail, &tl, &first, c.by[BATCH_FAILED], "failed");
	append_count(tail, sizeof tail, &tl, &first, c.by[BATCH_UNKNOWN], "may have been applied");
	size_t fresh_refused = 0;
	for (size_t i = 0; i < b->n; i++)
		if (b->items[i].outcome == BATCH_REFUSED && b->items[i].tag)
			fresh_refused++;
	append_count(tail, sizeof tail, &tl, &first, fresh_refused, "refused");
	if (tail[0])
		snprintf(out + len, n - len, "; %s", tail);
}

static og_tri opposite(og_tri v)
{
	return v == OG_YES ? OG_NO : OG_YES;
}

int batch_undo(og_batch *undo, const og_batch *done)
{
	memset(undo, 0, sizeof *undo);
	undo->field = done->field;
	undo->to = opposite(done->to);
	undo->is_undo = true;
	undo->origin = strdup(done->origin ? done->origin : "");
	if (!undo->origin)
		return -1;
	size_t n = 0;
	for (size_t i = 0; i < done->n; i++)
		if (done->items[i].outcome == BATCH_APPLIED)
			n++;
	if (!n)
		return 0;
	undo->items = calloc(n, sizeof *undo->items);
	if (!undo->items)
		goto oom;
	for (size_t i = 0; i < done->n; i++) {
		const batch_item *d = &done->items[i];
		if (d->outcome != BATCH_APPLIED)
			continue;
		batch_item *it = &undo->items[undo->n++];
		it->account = d->account;
		it->outcome = BATCH_WAITING;
		it->group_name = strdup(d->group_name ? d->group_name : "");
		if (!it->group_name || og_change_copy(&it->change, &d->change) < 0)
			goto oom;
		it->change.from = d->change.to;
		it->change.to = effective(d->change.field, d->change.from);
	}
	return 0;
oom:
	batch_free(undo);
	return -1;
}

int batch_exit_status(const og_batch *b)
{
	for (size_t i = 0; i < b->n; i++)
		if (b->items[i].outcome != BATCH_APPLIED && b->items[i].outcome != BATCH_ALREADY)
			return 1;
	return 0;
}
