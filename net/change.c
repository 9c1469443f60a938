/* The write path shared by every provider ("Writes that lose nothing" in
 * DESIGN.md): read the group fresh, make sure the source the user acted on is
 * still what they saw, check the rules on the fresh copy, then write. */
#include "net/provider.h"
#include "model/og_clock.h"
#include "model/rules.h"
#include "net/writes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const og_field all_fields[] = { OG_FIELD_ENABLED, OG_FIELD_BACKUP, OG_FIELD_PRIMARY };
#define N_FIELDS (sizeof all_fields / sizeof all_fields[0])

/* The raw objects compared strictly, except for the flags: those are
 * compared through the model below, because the UI's copy of a source shows
 * its pending changes in the flags while raw is still the server's. */
static bool raw_same(const net_provider *p, const cJSON *fresh, const cJSON *seen, bool *oom)
{
	cJSON *a = cJSON_Duplicate(fresh, 1), *b = cJSON_Duplicate(seen, 1);
	if (!a || !b) {
		cJSON_Delete(a);
		cJSON_Delete(b);
		*oom = true;
		return false;
	}
	for (size_t i = 0; i < N_FIELDS; i++) {
		const char *k = p->flag_key ? p->flag_key(all_fields[i]) : NULL;
		if (k) {
			cJSON_DeleteItemFromObjectCaseSensitive(a, k);
			cJSON_DeleteItemFromObjectCaseSensitive(b, k);
		}
	}
	bool same = cJSON_Compare(a, b, 1);
	cJSON_Delete(a);
	cJSON_Delete(b);
	return same;
}

static const char *move_proto(const og_source *s, const og_change *ch);

static bool source_changed(const net_provider *p, const og_source *fresh, const og_source *seen,
                           const og_change *ch, bool *oom)
{
	if (ch->field == OG_FIELD_ORDER) {
		/* the row that moves must still be where the user saw it */
		if (rules_order_in(fresh, move_proto(fresh, ch)) != ch->order_from)
			return true;
	} else if (og_source_flag_get(fresh, ch->field) != ch->from) {
		return true;
	}
	for (size_t i = 0; i < N_FIELDS; i++) {
		og_field f = all_fields[i];
		if (f != ch->field && og_source_flag_get(fresh, f) != og_source_flag_get(seen, f))
			return true;
	}
	/* Without the UI's copy of raw only the flags can be compared. */
	const cJSON *fr = og_source_raw(fresh), *sr = og_source_raw(seen);
	if (sr && fr)
		return p->raw_same ? !p->raw_same(fr, sr, oom) : !raw_same(p, fr, sr, oom);
	return false;
}

/* The list a move changes, as source_changed() names it. */
static const char *move_proto(const og_source *s, const og_change *ch)
{
	const char *proto = rules_move_list(s, ch->protocol);
	return proto ? proto : "http";
}

/* Whether g shows the change: the flag at its new value, or the source at
 * its new place. */
static bool shows_change(const og_group *g, const og_change *ch)
{
	if (!g)
		return false;
	long i = og_group_find_source(g, ch->source_key ? ch->source_key : "");
	if (i < 0)
		return false;
	const og_source *s = &g->sources[i];
	if (ch->field == OG_FIELD_ORDER)
		return rules_order_in(s, move_proto(s, ch)) == ch->order_to;
	return og_source_flag_get(s, ch->field) == ch->to;
}

/* The cause of an unknown outcome without the advice http.c may have
 * appended, so that the advice is said once. */
static void cause_of(const char *msg, char *out, size_t n)
{
	snprintf(out, n, "%s", msg);
	char *cut = strstr(out, "; the change may or may not have been applied");
	if (cut)
		*cut = '\0';
}

/* The write's answer proved nothing (settle.h), or it said yes while the
 * group it returned does not show the change: the group is read again and
 * decides. Showing the change, it is a success, with a note saying how it
 * went; otherwise the outcome stays unknown, the user is told so, and the
 * group takes no write until a later fresh read has settled it. */
static int settle_unknown(net_call *c, og_group *fresh, const og_change *ch, og_group *after,
                          bool answered_yes, og_group **out, og_error *err)
{
	const net_provider *p = c->acct->prov;
	char cause[sizeof err->msg];
	if (answered_yes)
		snprintf(cause, sizeof cause, "%s answered the write, but the group does not show the "
		         "change", c->acct->host);
	else
		cause_of(err->msg, cause, sizeof cause);
	og_err_kind kind = answered_yes ? OG_ERR_API : err->kind;
	if (!shows_change(after, ch)) {
		og_group_free(after);
		after = NULL;
		og_error tmp = { 0 };
		if (p->get(c, fresh->id, &after, &tmp) < 0)
			after = NULL;
	}
	const char *gname = fresh->name && fresh->name[0] ? fresh->name : fresh->id;
	if (shows_change(after, ch)) {
		og_group_free(fresh);
		*out = after;
		og_error_clear(err);
		/* kind OG_OK: a note on a success, not an error */
		snprintf(err->msg, sizeof err->msg, "%.400s, but the server shows the change", cause);
		return 0;
	}
	settle_mark(&c->acct->settle, fresh->id, gname, settle_grace(c->acct->timeout_seconds));
	og_error_set(err, kind == OG_OK ? OG_ERR_API : kind, "%s; the change may or may not have "
	             "been applied; press r to refresh", cause);
	err->maybe_applied = true;
	og_group_free(fresh);
	/* the group as read after the write (NULL: it could not be read) */
	*out = after;
	return -1;
}

int net_change_flag(net_call *c, const og_change *ch, const og_source *seen,
                    og_group **out, og_error *err)
{
	const net_provider *p = c->acct->prov;
	*out = NULL;
	og_group *fresh = NULL;
	const char *key = ch->source_key ? ch->source_key : "";
	/* A flag the provider lacks is refused before any request. */
	const char *why = og_caps_why_not(p->caps, ch->field);
	if (why) {
		og_error_set(err, OG_ERR_REFUSED, "%s", why);
		return -1;
	}
	/* After a write of unknown outcome, none until it has settled. */
	if (settle_check(&c->acct->settle, ch->group_id, err) < 0)
		return -1;
	double read_at = og_clock_seconds();
	if (p->get(c, ch->group_id, &fresh, err) == 0) {
		settle_read(&c->acct->settle, ch->group_id, read_at);
	} else {
		if (err->kind == OG_ERR_NOTFOUND)
			og_error_set(err, OG_ERR_CONFLICT, "group %s is no longer on the server; nothing was sent",
			             ch->group_id ? ch->group_id : "");
		return -1;
	}
	const char *gname = fresh->name && fresh->name[0] ? fresh->name : fresh->id;
	long idx = og_group_find_source(fresh, key);
	if (idx < 0) {
		og_error_set(err, OG_ERR_CONFLICT, "source \"%s\" is no longer in group \"%s\" on the "
		             "server; nothing was sent", key, gname);
		*out = fresh;
		return -1;
	}
	bool oom = false;
	bool changed = source_changed(p, &fresh->sources[idx], seen, ch, &oom);
	if (oom) {
		og_error_set(err, OG_ERR_INTERNAL, "out of memory");
		og_group_free(fresh);
		return -1;
	}
	if (changed) {
		og_error_set(err, OG_ERR_CONFLICT, "source \"%s\" of group \"%s\" was changed on the "
		             "server since it was shown; nothing was sent — press r to see it", key, gname);
		*out = fresh;
		return -1;
	}
	if (rules_check_flag_change(fresh, p->caps, key, ch->field, ch->to, err) < 0) {
		*out = fresh;
		return -1;
	}
	og_group *after = NULL;
	int wrc = p->write_flag(c, fresh, ch, &after, err);
	/* A success is claimed only when the server shows the change. */
	if (wrc == 0 && !shows_change(after, ch) && !(ch->field == OG_FIELD_ORDER && !after))
		return settle_unknown(c, fresh, ch, after, true, out, err);
	if (wrc < 0 && settle_outcome_unknown(err))
		return settle_unknown(c, fresh, ch, after, false, out, err);
	if (wrc < 0) {
		/* An adapter that could read the group after a failure (Yandex's
		 * failed operation) gives that state. */
		if (after) {
			og_group_free(fresh);
			*out = after;
			return -1;
		}
		/* An error status means the server refused it: the fresh copy is
		 * still its state. Without one the outcome is unknown. */
		if (err->http_status >= 400)
			*out = fresh;
		else
			og_group_free(fresh);
		return -1;
	}
	og_group_free(fresh);
	*out = after;
	return 0;
}
