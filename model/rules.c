/* Rules checked before a flag change is sent: the provider must have the flag,
 * and a group must keep at least one enabled non-backup source. */
#include "model/rules.h"

#include <stddef.h>
#include <string.h>

/* Enabled unless explicitly disabled; not backup unless explicitly backup. */
static bool active(og_tri enabled, og_tri backup)
{
	return enabled != OG_NO && backup != OG_YES;
}

int rules_check_flag_change(const og_group *g, const og_caps *caps,
                            const char *key, og_field field, og_tri to,
                            og_error *err)
{
	const char *gname = g && g->name && g->name[0] ? g->name : (g && g->id ? g->id : "?");
	const char *why = og_caps_why_not(caps, field);
	if (why) {
		og_error_set(err, OG_ERR_REFUSED, "%s", why);
		return -1;
	}
	long idx = g ? og_group_find_source(g, key) : -1;
	if (idx < 0) {
		og_error_set(err, OG_ERR_CONFLICT, "source \"%s\" is no longer in group \"%s\"",
		             key ? key : "", gname);
		return -1;
	}
	if (field == OG_FIELD_PRIMARY || field == OG_FIELD_ORDER)
		return 0; /* neither changes which sources serve traffic here */

	const og_source *s = &g->sources[idx];
	og_tri enabled = s->enabled, backup = s->backup;
	if (field == OG_FIELD_ENABLED)
		enabled = to;
	else
		backup = to;
	/* Only a change that takes an active source out can leave none; one that
	 * keeps a source inactive must stay allowed, or a group that already has
	 * no active source could never be repaired one flag at a time. */
	if (active(enabled, backup) || !active(s->enabled, s->backup))
		return 0;
	for (size_t i = 0; i < g->n_sources; i++)
		if ((long)i != idx && active(g->sources[i].enabled, g->sources[i].backup))
			return 0;

	og_error_set(err, OG_ERR_REFUSED,
	             "refused: \"%s\" is the last enabled non-backup source of group \"%s\"; "
	             "a group must keep one",
	             s->host && s->host[0] ? s->host : s->key, gname);
	return -1;
}

/* ---- primaries and failover order (providers with has_primary) ---------- */

bool rules_serves(const og_source *s, const char *protocol)
{
	if (!s || !s->protocol || !protocol)
		return false;
	if (strcmp(s->protocol, "match") == 0)
		return strcmp(protocol, "http") == 0 || strcmp(protocol, "https") == 0;
	return strcmp(s->protocol, protocol) == 0;
}

const char *rules_move_list(const og_source *s, const char *asked)
{
	if (s->protocol && strcmp(s->protocol, "match") == 0)
		return asked && strcmp(asked, "https") == 0 ? "https" : "http";
	return s->protocol;
}

int *rules_order_cell(og_source *s, const char *protocol)
{
	if (!rules_serves(s, protocol))
		return NULL;
	if (strcmp(s->protocol, "match") == 0 && strcmp(protocol, "https") == 0)
		return s->order >= 0 ? &s->order_alt : NULL;
	return &s->order;
}

int rules_order_in(const og_source *s, const char *protocol)
{
	/* the cell is only read here */
	const int *cell = rules_order_cell((og_source *)s, protocol);
	return cell ? *cell : -1;
}

size_t rules_primary_demotions(const og_group *g, const char *key, size_t *out, size_t max)
{
	long idx = g ? og_group_find_source(g, key) : -1;
	if (idx < 0)
		return 0;
	const og_source *t = &g->sources[idx];
	static const char *const protos[] = { "http", "https" };
	size_t n = 0;
	for (size_t i = 0; i < g->n_sources; i++) {
		const og_source *s = &g->sources[i];
		if ((long)i == idx || s->primary != OG_YES)
			continue;
		bool shares = false;
		for (size_t p = 0; p < 2; p++)
			shares |= rules_serves(t, protos[p]) && rules_serves(s, protos[p]);
		/* A source with no known protocol is only compared with the same. */
		if (!t->protocol && !s->protocol)
			shares = true;
		if (!shares)
			continue;
		if (n < max && out)
			out[n] = i;
		n++;
	}
	return n;
}

int rules_check_move(const og_group *g, const char *key, const char *protocol, int to,
                     og_error *err)
{
	const char *gname = g && g->name && g->name[0] ? g->name : (g && g->id ? g->id : "?");
	long idx = g ? og_group_find_source(g, key) : -1;
	if (idx < 0) {
		og_error_set(err, OG_ERR_CONFLICT, "source \"%s\" is no longer in group \"%s\"",
		             key ? key : "", gname);
		return -1;
	}
	const og_source *s = &g->sources[idx];
	const char *host = s->host && s->host[0] ? s->host : s->key;
	if (!protocol)
		protocol = rules_move_list(s, NULL);
	if (!protocol)
		protocol = "http";
	int from = rules_order_in(s, protocol);
	if (from < 0) {
		og_error_set(err, OG_ERR_REFUSED, "\"%s\" has no %s failover order to move", host,
		             protocol);
		return -1;
	}
	size_t rows = 0;
	bool has_primary = false;
	for (size_t i = 0; i < g->n_sources; i++) {
		if (rules_order_in(&g->sources[i], protocol) < 0)
			continue;
		rows++;
		if ((long)i != idx && g->sources[i].primary == OG_YES)
			has_primary = true;
	}
	if (to < 0 || (size_t)to >= rows) {
		og_error_set(err, OG_ERR_REFUSED, "\"%s\" is already %s in the %s failover order",
		             host, to < 0 ? "first" : "last", protocol);
		return -1;
	}
	if (s->primary == OG_YES && to != 0) {
		og_error_set(err, OG_ERR_REFUSED, "refused: \"%s\" is the %s primary and keeps position 0; "
		             "make another source primary with P first", host, protocol);
		return -1;
	}
	if (has_primary && to == 0) {
		og_error_set(err, OG_ERR_REFUSED, "refused: position 0 of the %s failover order belongs "
		             "to the primary; press P to make \"%s\" primary", protocol, host);
		return -1;
	}
	return 0;
}
