/* Rules checked before a flag change is sent: the provider must have the flag,
 * and a group must keep at least one enabled non-backup source. */
#include "model/rules.h"

#include <stddef.h>

/* Whether the provider has `field`; *why is its reason when it does not. */
static bool caps_has(const og_caps *caps, og_field field, const char **why)
{
	bool has = true;
	*why = NULL;
	switch (field) {
	case OG_FIELD_ENABLED:
		has = caps->has_enabled;
		*why = caps->why_no_enabled;
		break;
	case OG_FIELD_BACKUP:
		has = caps->has_backup;
		*why = caps->why_no_backup;
		break;
	case OG_FIELD_PRIMARY:
		has = caps->has_primary;
		*why = caps->why_no_primary;
		break;
	}
	return has;
}

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
	if (caps) {
		const char *why;
		if (!caps_has(caps, field, &why)) {
			if (!why || !why[0])
				og_error_set(err, OG_ERR_REFUSED, "this provider has no %s flag",
				             og_field_name(field));
			else
				og_error_set(err, OG_ERR_REFUSED, "%s", why);
			return -1;
		}
	}
	long idx = g ? og_group_find_source(g, key) : -1;
	if (idx < 0) {
		og_error_set(err, OG_ERR_CONFLICT, "source \"%s\" is no longer in group \"%s\"",
		             key ? key : "", gname);
		return -1;
	}
	if (field == OG_FIELD_PRIMARY)
		return 0; /* primary does not change which sources serve traffic here */

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
