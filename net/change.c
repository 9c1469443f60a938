/* The write path shared by every provider ("Writes that lose nothing" in
 * DESIGN.md): read the group fresh, make sure the source the user acted on is
 * still what they saw, check the rules on the fresh copy, then write. */
#include "net/provider.h"
#include "model/rules.h"

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

static bool source_changed(const net_provider *p, const og_source *fresh, const og_source *seen,
                           const og_change *ch, bool *oom)
{
	if (ch->field == OG_FIELD_ORDER) {
		/* the row that moves must still be where the user saw it */
		const char *proto = ch->protocol;
		if (!proto || !fresh->protocol || strcmp(fresh->protocol, "match") != 0)
			proto = fresh->protocol && strcmp(fresh->protocol, "match") != 0 ? fresh->protocol
			                                                                 : "http";
		if (rules_order_in(fresh, proto) != ch->order_from)
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
	if (seen->raw && fresh->raw)
		return p->raw_same ? !p->raw_same(fresh->raw, seen->raw, oom)
		                   : !raw_same(p, fresh->raw, seen->raw, oom);
	return false;
}

int net_change_flag(net_call *c, const og_change *ch, const og_source *seen,
                    og_group **out, og_error *err)
{
	const net_provider *p = c->acct->prov;
	*out = NULL;
	og_group *fresh = NULL;
	const char *key = ch->source_key ? ch->source_key : "";
	/* A flag the provider lacks is refused before any request. */
	const char *why = NULL;
	bool has = true;
	switch (ch->field) {
	case OG_FIELD_ENABLED: has = p->caps->has_enabled; why = p->caps->why_no_enabled; break;
	case OG_FIELD_BACKUP: has = p->caps->has_backup; why = p->caps->why_no_backup; break;
	case OG_FIELD_PRIMARY: has = p->caps->has_primary; why = p->caps->why_no_primary; break;
	case OG_FIELD_ORDER: has = p->caps->has_order; why = p->caps->why_no_order; break;
	}
	if (!has) {
		if (why)
			og_error_set(err, OG_ERR_REFUSED, "%s", why);
		else
			og_error_set(err, OG_ERR_REFUSED, "%s has no %s flag", p->caps->provider_label,
			             og_field_name(ch->field));
		return -1;
	}
	if (p->get(c, ch->group_id, &fresh, err) < 0) {
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
	if (p->write_flag(c, fresh, ch, &after, err) < 0) {
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
