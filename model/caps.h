/* What a provider can do. Views and rules ask this table; nothing outside
 * net/ tests a provider's name. Filled in by the provider adapter in net/. */
#ifndef OG_CAPS_H
#define OG_CAPS_H

#include <stdbool.h>
#include "model/og.h"

typedef struct og_caps {
	const char *provider_label;   /* shown in the title bar: "Gcore" */
	bool has_enabled;             /* sources have an enabled flag */
	bool has_backup;              /* sources have a backup flag */
	bool has_primary;             /* sources can be made primary */
	bool has_order;               /* sources have a failover order */
	bool has_host_header;         /* per-source host header override */
	bool has_next_upstream;       /* group has use_next + cases */
	bool async_operations;        /* writes return an operation to wait on */
	bool s3_sources;              /* sources may carry S3 credentials */
	/* Why a key does nothing on this provider, shown when pressed. */
	const char *why_no_enabled;
	const char *why_no_backup;
	const char *why_no_primary;
	const char *why_no_order;
} og_caps;

/* The one capability lookup (model/caps.c): NULL when the provider has
 * `field`, else why not: the caps' reason, or "this provider has no F flag"
 * when it gives none. caps NULL (not known yet) allows everything. The
 * keys, the help screen, the rules and net/change.c all ask this. */
const char *og_caps_why_not(const og_caps *caps, og_field field);

#endif
