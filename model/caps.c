/* The capability lookup: which flag a provider has, and why not. */
#include "model/caps.h"

#include <stddef.h>

const char *og_caps_why_not(const og_caps *caps, og_field field)
{
	if (!caps)
		return NULL;
	bool has = true;
	const char *why = NULL, *generic = NULL;
	switch (field) {
	case OG_FIELD_ENABLED:
		has = caps->has_enabled;
		why = caps->why_no_enabled;
		generic = "this provider has no enabled flag";
		break;
	case OG_FIELD_BACKUP:
		has = caps->has_backup;
		why = caps->why_no_backup;
		generic = "this provider has no backup flag";
		break;
	case OG_FIELD_PRIMARY:
		has = caps->has_primary;
		why = caps->why_no_primary;
		generic = "this provider has no primary flag";
		break;
	case OG_FIELD_ORDER:
		has = caps->has_order;
		why = caps->why_no_order;
		generic = "this provider has no failover order";
		break;
	}
	if (has)
		return NULL;
	return why && why[0] ? why : generic;
}
